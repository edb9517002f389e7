//! Hangul romanization and a loose key for romanized Korean names.
//!
//! News spells one Korean place several ways: Revised Romanization
//! (`Hoeryeong`, South Korea since 2000), McCune–Reischauer (`Hoeryŏng`,
//! usually printed without the breve), the DPRK's own system (`Phyongsong`,
//! `Jagang`), and with or without the South Korean initial-sound law
//! (`Ryanggang` / `Yanggang`). The gazetteer calls [`romanized_variants`] to
//! give a Hangul name the spellings it lacks; the matcher romanizes Hangul
//! text and falls back to [`phonetic_key`] to meet spellings that no system
//! generates exactly.
//!
//! # How Hangul is romanized
//!
//! Syllables are decomposed arithmetically (U+AC00 + (initial × 21 + medial)
//! × 28 + final). Every boundary between two syllables of a word (a run of
//! Hangul syllables) goes through one set of sound-change rules, shared by
//! all systems, that yields the coda of the first syllable (one of the seven
//! representative finals, or none) and the onset of the second:
//!
//! * linking: a final before an `ㅇ`-initial syllable moves over (`신의주`
//!   → si-nui-ju; a complex final moves its second consonant, `ㅎ` drops,
//!   `ㅇ` stays a coda: `평양` → pyeong-yang); `ㄷ`/`ㅌ` before `이`
//!   palatalize to `ㅈ`/`ㅊ`;
//! * `ㅎ` final (also `ㄶ`, `ㅀ`) aspirates a following `ㄱ ㄷ ㅈ`;
//! * nasalization: `k t p` codas become `ng n m` before `ㄴ ㅁ` (`백마`
//!   baengma);
//! * `ㄹ` after `ㅁ ㅇ` is `ㄴ` (`종로` jongno); after `k t p` it is `ㄴ`
//!   and the coda nasalizes too (`압록` amnok, `독립` dongnip);
//! * `ㄴ`+`ㄹ` and `ㄹ`+`ㄴ` are `ll` (`신라` silla, `별내` byeollae).
//!
//! Not implemented, because they depend on word structure rather than on
//! spelling: `ㄴ` insertion (`학여울` hangnyeoul), the `nn` reading of `ㄴ`+`ㄹ`
//! in suffixes (`생산량`), and the aspiration of `ㄱ ㄷ ㅂ`+`ㅎ`, which
//! Revised Romanization does not write in nouns anyway (`묵호` mukho).
//!
//! The systems then differ only in how they spell onsets, vowels and codas:
//!
//! * Revised Romanization writes `ㄱ ㄷ ㅂ ㅈ` as `g d b j` everywhere and
//!   codas as `k t p`, and does not mark tensing (`함경북도` hamgyeongbukdo).
//! * McCune–Reischauer writes `ㄱ ㄷ ㅂ ㅈ` voiced (`g d b j`) after a vowel
//!   or `n m ng l` inside a word and voiceless (`k t p ch`) at the start of
//!   a word and after `k t p`; after `l`, `ㄷ ㅈ` stay `t ch` (Sino-Korean
//!   tensing: `길주` Kilchu). Aspirates take an apostrophe (`p'`, `ch'`),
//!   `ㅓ ㅡ` are `ŏ ŭ`, `ㄴ`+`ㄱ` is `n'g` (`만경대` Man'gyŏngdae), `ㅔ` after
//!   `a`/`o` is `ë`, and `ㅅ` before `ㅟ` is `sh`.
//! * The DPRK's official system (1992, as KCNA prints it) is MR with `ph th kh`
//!   for the aspirates, `ch` for `ㅊ`, `j` for `ㅈ` in every position (`자강`
//!   Jagang, `길주` Kilju) and no apostrophes.
//!
//! Hangul is romanized as written: a DPRK spelling such as `량강도` gives
//! `ryanggangdo`. [`romanized_variants`] adds the South Korean spelling under
//! the initial-sound law (`ㄹ` → `ㄴ`, and `ㄹ`/`ㄴ` before `i`/`y` → silent).
//! The reverse is not generated: a word-initial `양` may be an original `양`.

mod key;
mod tables;
#[cfg(test)]
mod tests;

use self::tables::*;
use super::{fold, is_hangul_syllable};

pub use self::key::{
    loose_key, loose_key_in_place, phonetic_key, phonetic_key_cuts, phonetic_key_into,
};

fn nasal(coda: Coda) -> Coda {
    match coda {
        Coda::K => Coda::Ng,
        Coda::T => Coda::N,
        Coda::P => Coda::M,
        other => other,
    }
}

/// The sound changes at the boundary between a syllable with final `fin` and
/// the next syllable (`initial`, `medial`): the coda of the first and the
/// onset of the second.
fn boundary(fin: u8, initial: u8, medial: u8) -> (Coda, u8) {
    if initial == I_NONE {
        let (coda, mut onset) = LINK[fin as usize];
        if medial == V_I {
            // Palatalization: 굳이 guji, 같이 gachi.
            onset = match onset {
                I_D => I_J,
                I_T => I_CH,
                other => other,
            };
        }
        return (coda, onset);
    }
    let mut coda = NEUTRAL[fin as usize];
    let mut onset = initial;
    if matches!(fin, F_NH | F_LH | F_H) {
        let rest = match fin {
            F_NH => Coda::N,
            F_LH => Coda::L,
            _ => Coda::None,
        };
        match initial {
            I_G => return (rest, I_K),
            I_D => return (rest, I_T),
            I_J => return (rest, I_CH),
            I_S => return (rest, I_S),
            _ => {}
        }
    }
    match onset {
        I_R => match coda {
            Coda::L | Coda::N => coda = Coda::L,
            Coda::M | Coda::Ng => onset = I_N,
            Coda::K | Coda::T | Coda::P => {
                coda = nasal(coda);
                onset = I_N;
            }
            Coda::None => {}
        },
        I_N | I_M => {
            if coda == Coda::L && onset == I_N {
                onset = I_R;
            } else {
                coda = nasal(coda);
            }
        }
        _ => {}
    }
    (coda, onset)
}

/// The initial, medial and final indices of a precomposed Hangul syllable.
fn decompose(c: char) -> Option<(u8, u8, u8)> {
    if !is_hangul_syllable(c) {
        return None;
    }
    let s = c as u32 - 0xAC00;
    Some(((s / (21 * 28)) as u8, ((s / 28) % 21) as u8, (s % 28) as u8))
}

/// Which romanization system to write, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum System {
    Revised,
    McCuneReischauer,
    Dprk,
}

#[derive(Debug, Clone, Copy)]
struct Style {
    system: System,
    /// Breves, apostrophes and `ë` (MR and DPRK); without them the output is
    /// already folded like [`fold`].
    marks: bool,
    /// Apply the South Korean initial-sound law to the first syllable of
    /// every word.
    south_initial: bool,
}

/// Writes an onset. `prev` is the coda of the previous syllable of the same
/// word, `None` at the start of a word.
fn push_onset(onset: u8, medial: u8, prev: Option<Coda>, style: Style, out: &mut String) {
    if onset == I_R {
        out.push(if prev == Some(Coda::L) { 'l' } else { 'r' });
        return;
    }
    if style.system == System::Revised {
        out.push_str(RR_ONSET[onset as usize]);
        return;
    }
    // MR and DPRK voice lenis stops between voiced sounds.
    let voiced = match prev {
        None | Some(Coda::K | Coda::T | Coda::P) => false,
        Some(Coda::L) => style.system == System::Dprk || !matches!(onset, I_D | I_J),
        Some(_) => true,
    };
    if voiced {
        let v = match onset {
            I_G => Some("g"),
            I_D => Some("d"),
            I_B => Some("b"),
            I_J => Some("j"),
            _ => None,
        };
        if let Some(v) = v {
            if onset == I_G && prev == Some(Coda::N) && style.marks {
                // n'g is ㄴ+ㄱ, ng is ㅇ.
                out.push('\'');
            }
            out.push_str(v);
            return;
        }
    }
    match style.system {
        System::Dprk => out.push_str(DPRK_ONSET[onset as usize]),
        _ if style.marks => {
            if onset == I_S && medial == V_WI {
                out.push_str("sh");
            } else {
                out.push_str(MR_ONSET[onset as usize]);
            }
        }
        _ => out.push_str(MR_ONSET_PLAIN[onset as usize]),
    }
}

fn romanize_into(hangul: &str, style: Style, out: &mut String) {
    let mut chars = hangul.chars().peekable();
    // Coda of the previous syllable of the current word; None at word start.
    let mut prev: Option<Coda> = None;
    let mut prev_medial = 0u8;
    let mut onset = I_NONE;
    while let Some(c) = chars.next() {
        let Some((initial, medial, fin)) = decompose(c) else {
            out.push(c);
            prev = None;
            continue;
        };
        if prev.is_none() {
            onset = initial;
            if style.south_initial {
                onset = match initial {
                    I_R if is_iotized(medial) => I_NONE,
                    I_R => I_N,
                    I_N if is_iotized(medial) => I_NONE,
                    other => other,
                };
            }
        }
        let (coda, next_onset) = match chars.peek().copied().and_then(decompose) {
            Some((ni, nm, _)) => boundary(fin, ni, nm),
            None => (NEUTRAL[fin as usize], I_NONE),
        };
        push_onset(onset, medial, prev, style, out);
        if style.system == System::Revised {
            out.push_str(RR_VOWEL[medial as usize]);
        } else if style.marks {
            if medial == V_E
                && onset == I_NONE
                && prev == Some(Coda::None)
                && matches!(prev_medial, V_A | V_O)
            {
                // MR ë: 가에 kaë, not the vowel ㅐ.
                out.push('ë');
            } else {
                out.push_str(MR_VOWEL[medial as usize]);
            }
        } else {
            out.push_str(MR_VOWEL_PLAIN[medial as usize]);
        }
        out.push_str(coda_str(coda));
        prev = Some(coda);
        prev_medial = medial;
        onset = next_onset;
    }
}

fn romanize(hangul: &str, style: Style) -> String {
    let mut out = String::with_capacity(hangul.len() * 2);
    romanize_into(hangul, style, &mut out);
    out
}

/// Revised Romanization (South Korea, 2000) of a Hangul string, lower case,
/// without hyphens, with the sound changes listed in the module docs.
/// Characters other than Hangul syllables pass through unchanged.
///
/// ```
/// use eventmap::normalize::romanize::revised;
/// assert_eq!(revised("신의주"), "sinuiju");
/// assert_eq!(revised("압록강"), "amnokgang");
/// assert_eq!(revised("함경북도"), "hamgyeongbukdo");
/// ```
pub fn revised(hangul: &str) -> String {
    romanize(
        hangul,
        Style {
            system: System::Revised,
            marks: true,
            south_initial: false,
        },
    )
}

/// McCune–Reischauer of a Hangul string, lower case, with breves and
/// apostrophes (fold it for matching). Characters other than Hangul
/// syllables pass through unchanged.
///
/// ```
/// use eventmap::normalize::romanize::mccune_reischauer;
/// assert_eq!(mccune_reischauer("평양"), "p'yŏngyang");
/// assert_eq!(mccune_reischauer("압록강"), "amnokkang");
/// assert_eq!(mccune_reischauer("함경"), "hamgyŏng");
/// ```
pub fn mccune_reischauer(hangul: &str) -> String {
    romanize(
        hangul,
        Style {
            system: System::McCuneReischauer,
            marks: true,
            south_initial: false,
        },
    )
}

/// The DPRK's official romanization (1992) of a Hangul string, lower case,
/// with breves: MR with `ph th kh ch` for the aspirates and `j` for every
/// `ㅈ`, the spellings KCNA prints (without breves) as `Phyongsong`,
/// `Jagang`, `Kimchaek`.
///
/// ```
/// use eventmap::normalize::romanize::dprk_official;
/// assert_eq!(dprk_official("평성"), "phyŏngsŏng");
/// assert_eq!(dprk_official("자강도"), "jagangdo");
/// ```
pub fn dprk_official(hangul: &str) -> String {
    romanize(
        hangul,
        Style {
            system: System::Dprk,
            marks: true,
            south_initial: false,
        },
    )
}

/// Every romanized spelling news uses for a Hangul name, folded like
/// [`fold`] (lower case, no diacritics or apostrophes), without duplicates,
/// in this order: Revised Romanization, McCune–Reischauer, DPRK official,
/// then the same three for the South Korean spelling under the initial-sound
/// law when it differs (`량강` → `ryanggang`, `yanggang`).
///
/// ```
/// use eventmap::normalize::romanize::romanized_variants;
/// assert_eq!(romanized_variants("로동"), ["rodong", "nodong"]);
/// assert_eq!(romanized_variants("평양"), ["pyeongyang", "pyongyang", "phyongyang"]);
/// ```
pub fn romanized_variants(hangul: &str) -> Vec<String> {
    let only_syllables = hangul.chars().all(is_hangul_syllable);
    let mut variants: Vec<String> = Vec::with_capacity(6);
    for south_initial in [false, true] {
        for system in [System::Revised, System::McCuneReischauer, System::Dprk] {
            let style = Style {
                system,
                marks: false,
                south_initial,
            };
            let mut spelling = romanize(hangul, style);
            if !only_syllables {
                spelling = fold(&spelling);
            }
            if !variants.contains(&spelling) {
                variants.push(spelling);
            }
        }
    }
    variants
}
