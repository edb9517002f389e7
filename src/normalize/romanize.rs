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

use super::{fold, is_hangul_syllable};

/// A coda after the sound changes: one of the seven representative finals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coda {
    None,
    K,
    N,
    T,
    L,
    M,
    P,
    Ng,
}

// Initial consonant indices (Unicode order).
const I_G: u8 = 0;
const I_N: u8 = 2;
const I_D: u8 = 3;
const I_R: u8 = 5;
const I_M: u8 = 6;
const I_B: u8 = 7;
const I_S: u8 = 9;
const I_SS: u8 = 10;
const I_NONE: u8 = 11;
const I_J: u8 = 12;
const I_CH: u8 = 14;
const I_K: u8 = 15;
const I_T: u8 = 16;

// Medial vowel indices used by the rules.
const V_A: u8 = 0;
const V_E: u8 = 5;
const V_O: u8 = 8;
const V_WI: u8 = 16;
const V_I: u8 = 20;

/// True for the medials that start with `i` or `y` (`ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ`),
/// before which the initial-sound law silences `ㄹ` and `ㄴ`.
fn is_iotized(medial: u8) -> bool {
    matches!(medial, 2 | 3 | 6 | 7 | 12 | 17 | 20)
}

/// For every final (index 0..28): the coda it leaves behind and the onset it
/// becomes when the next syllable starts with `ㅇ`.
const LINK: [(Coda, u8); 28] = [
    (Coda::None, I_NONE), // none
    (Coda::None, 0),      // ㄱ
    (Coda::None, 1),      // ㄲ
    (Coda::K, I_S),       // ㄳ
    (Coda::None, I_N),    // ㄴ
    (Coda::N, I_J),       // ㄵ
    (Coda::None, I_N),    // ㄶ (ㅎ silent)
    (Coda::None, I_D),    // ㄷ
    (Coda::None, I_R),    // ㄹ
    (Coda::L, I_G),       // ㄺ
    (Coda::L, I_M),       // ㄻ
    (Coda::L, I_B),       // ㄼ
    (Coda::L, I_S),       // ㄽ
    (Coda::L, I_T),       // ㄾ
    (Coda::L, 17),        // ㄿ
    (Coda::None, I_R),    // ㅀ (ㅎ silent)
    (Coda::None, I_M),    // ㅁ
    (Coda::None, I_B),    // ㅂ
    (Coda::P, I_S),       // ㅄ
    (Coda::None, I_S),    // ㅅ
    (Coda::None, I_SS),   // ㅆ
    (Coda::Ng, I_NONE),   // ㅇ stays a coda
    (Coda::None, I_J),    // ㅈ
    (Coda::None, I_CH),   // ㅊ
    (Coda::None, I_K),    // ㅋ
    (Coda::None, I_T),    // ㅌ
    (Coda::None, 17),     // ㅍ
    (Coda::None, I_NONE), // ㅎ silent
];

/// For every final: the representative coda before a consonant or at the
/// end of a word.
const NEUTRAL: [Coda; 28] = [
    Coda::None,
    Coda::K,
    Coda::K,
    Coda::K,
    Coda::N,
    Coda::N,
    Coda::N,
    Coda::T,
    Coda::L,
    Coda::K,
    Coda::M,
    Coda::L,
    Coda::L,
    Coda::L,
    Coda::P,
    Coda::L,
    Coda::M,
    Coda::P,
    Coda::P,
    Coda::T,
    Coda::T,
    Coda::Ng,
    Coda::T,
    Coda::T,
    Coda::K,
    Coda::T,
    Coda::P,
    Coda::T,
];

const F_NH: u8 = 6;
const F_LH: u8 = 15;
const F_H: u8 = 27;

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

const RR_ONSET: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
/// MR onsets in their voiceless form; `voiced` handles `g d b j`.
const MR_ONSET: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'",
    "p'", "h",
];
const MR_ONSET_PLAIN: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t",
    "p", "h",
];
const DPRK_ONSET: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
    "ph", "h",
];

const RR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MR_VOWEL: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
    "wi", "yu", "ŭ", "ŭi", "i",
];
const MR_VOWEL_PLAIN: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];

fn coda_str(coda: Coda) -> &'static str {
    match coda {
        Coda::None => "",
        Coda::K => "k",
        Coda::N => "n",
        Coda::T => "t",
        Coda::L => "l",
        Coda::M => "m",
        Coda::P => "p",
        Coda::Ng => "ng",
    }
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

/// A loose key for romanized Korean names under which the MR, RR, DPRK and
/// older spellings of one name meet. The input is folded Latin text (see
/// [`fold`]); spaces are removed, and the rules below run across them as if
/// the name were written in one word, so `Hoe-ryong`, `Sangdong-ri` and
/// `Sangdong-ni` meet their one-word spellings. Meant as a low-scoring fallback after
/// exact and folded matches: it merges some distinct names.
///
/// Rules, in order:
///
/// 1. At the start of the key, the initial-sound law: `r`/`l` before
///    `i`/`y` is dropped, before another vowel it becomes `n`; `n` before
///    `i`/`y` is dropped (`ryanggang` = `yanggang`, `rason` = `nason`,
///    `nyongbyon` = `yongbyon`).
/// 2. Vowels: `eo` → `o`, `eu` → `u` (RR against folded MR). `o` and `u`
///    stay apart: merging them would join `Onsong` and `Unsong`, and the
///    `u` spelling of `ㅓ` (`Chungjin`) belongs to pre-war and personal-name
///    usage. `ae`, `e`, `oe` stay apart.
/// 3. Consonants by place, ignoring voicing, aspiration and tensing:
///    `g k kk kh` → `k`; `d t tt th` → `t`; `b p pp ph` → `p`;
///    `j jj ch tch` → `c`; `s ss sh` → `s`; `r l` → `l`; `ng` is one unit
///    (`G`) so that it never meets `n`+`k`.
/// 4. Consonant assimilation as Korean pronounces it, so that spellings
///    written with and without it meet: `k t p` before `n m` become
///    `G n m`; `l` after `m G` becomes `n`, after `k t p` it becomes `n` and
///    the stop nasalizes; `nl` and `ln` become `l` (`Amrokkang` =
///    `Amnokkang`).
/// 5. A consonant repeated is written once (`kk`, `nn`, `ll`).
///
/// Non-ASCII characters pass through. Onsets other than `r l n` are never
/// dropped or merged with one another, so `Onsong` and `Kosong` stay apart.
///
/// ```
/// use eventmap::normalize::romanize::phonetic_key;
/// assert_eq!(phonetic_key("hoeryong"), phonetic_key("hoeryeong"));
/// assert_eq!(phonetic_key("jagang"), phonetic_key("chagang"));
/// assert_ne!(phonetic_key("hyesan"), phonetic_key("musan"));
/// ```
pub fn phonetic_key(folded_latin: &str) -> String {
    let mut key = Vec::with_capacity(folded_latin.len());
    phonetic_key_into(folded_latin, &mut key);
    // Only ASCII tokens and whole UTF-8 sequences were pushed.
    String::from_utf8(key).unwrap_or_default()
}

/// [`phonetic_key`] written into `key` (cleared first), for callers that
/// look up many words and reuse one buffer. The bytes are UTF-8.
pub fn phonetic_key_into(folded_latin: &str, key: &mut Vec<u8>) {
    phonetic_key_cuts(folded_latin, &[], key, &mut []);
}

/// [`phonetic_key_into`] of `folded_latin`, and in the same pass the keys of
/// its prefixes that end at the byte offsets `cuts` (ascending, each at a
/// space or at the end: a prefix is whole words). Tokens never span a
/// space, and later tokens change at most the last byte of the key so far,
/// so the key of the prefix ending at `cuts[k]` is `key[..len - 1]`
/// followed by `last`, where `(len, last) = prefixes[k]` (`len` 0: empty).
pub fn phonetic_key_cuts(
    folded_latin: &str,
    cuts: &[usize],
    key: &mut Vec<u8>,
    prefixes: &mut [(usize, u8)],
) {
    key.clear();
    let b = folded_latin.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut next_cut = 0;
    // The initial-sound law applies to the start of the key only: a space or
    // hyphen inside a name often splits syllables (`Hoe-ryong`, `Sangdong-ri`)
    // and must not silence the `r` after it.
    let mut key_start = true;
    let mut i = 0;
    while i < b.len() {
        while next_cut < cuts.len() && cuts[next_cut] <= i {
            prefixes[next_cut] = (key.len(), key.last().copied().unwrap_or(0));
            next_cut += 1;
        }
        let c = b[i];
        if c == b' ' {
            i += 1;
            continue;
        }
        if !c.is_ascii() {
            // Copy the whole UTF-8 sequence.
            let len = folded_latin[i..].chars().next().map_or(1, char::len_utf8);
            key.extend_from_slice(&b[i..i + len]);
            i += len;
            key_start = false;
            continue;
        }
        if key_start {
            key_start = false;
            let next = at(i + 1);
            let iotized = matches!(next, b'i' | b'y');
            let vowel = matches!(next, b'a' | b'e' | b'o' | b'u' | b'w');
            match c {
                b'r' | b'l' if iotized => {
                    i += 1;
                    continue;
                }
                b'r' | b'l' if vowel => {
                    key.push(b'n');
                    i += 1;
                    continue;
                }
                b'n' if iotized => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        let (token, len) = match (c, at(i + 1), at(i + 2)) {
            (b't', b'c', b'h') => (b'c', 3),
            (b'c', b'h', _) => (b'c', 2),
            (b'j', _, _) => (b'c', 1),
            (b'n', b'g', _) => (b'G', 2),
            (b'k' | b't' | b'p' | b's', b'h', _) => (class(c), 2),
            (b'e', b'o', _) => (b'o', 2),
            (b'e', b'u', _) => (b'u', 2),
            _ => (class(c), 1),
        };
        i += len;
        push_assimilated(key, token);
    }
    for prefix in &mut prefixes[next_cut..] {
        *prefix = (key.len(), key.last().copied().unwrap_or(0));
    }
}

/// The consonant class of one letter (see [`phonetic_key`]).
fn class(c: u8) -> u8 {
    match c {
        b'g' | b'k' => b'k',
        b'd' | b't' => b't',
        b'b' | b'p' => b'p',
        b'r' | b'l' => b'l',
        other => other,
    }
}

fn is_key_consonant(c: u8) -> bool {
    matches!(
        c,
        b'k' | b't' | b'p' | b'c' | b's' | b'h' | b'l' | b'm' | b'n' | b'G'
    )
}

/// Pushes a key token after applying assimilation with the previous one and
/// collapsing a repeated consonant.
fn push_assimilated(key: &mut Vec<u8>, mut token: u8) {
    if let Some(last) = key.last_mut() {
        let stop_nasal = match *last {
            b'k' => b'G',
            b't' => b'n',
            b'p' => b'm',
            _ => 0,
        };
        match token {
            b'l' => match *last {
                b'n' => *last = b'l',
                b'm' | b'G' => token = b'n',
                b'k' | b't' | b'p' => {
                    *last = stop_nasal;
                    token = b'n';
                }
                _ => {}
            },
            b'n' | b'm' => {
                if stop_nasal != 0 {
                    *last = stop_nasal;
                } else if *last == b'l' && token == b'n' {
                    token = b'l';
                }
            }
            _ => {}
        }
        if token == *last && is_key_consonant(token) {
            return;
        }
    }
    key.push(token);
}

/// A looser key over [`phonetic_key`] for the ad-hoc spellings of older
/// English-language reporting: ŏ written `u` before `ng` (Pyungyang,
/// Chungjin, Kyungsung, Huiryung for 령) and 회 written `hui` or `hoi`
/// (Huiryung, Hoiryong for 회령). Used only after the strict key found
/// nothing, since it merges some distinct syllables (중 and 종).
///
/// ```
/// use eventmap::normalize::romanize::{loose_key, phonetic_key};
/// let loose = |w: &str| loose_key(&phonetic_key(w));
/// assert_eq!(loose("huiryung"), loose("hoeryong"));
/// assert_eq!(loose("pyungyang"), loose("pyongyang"));
/// assert_ne!(loose("onsong"), loose("unsong"));
/// ```
pub fn loose_key(phonetic: &str) -> String {
    let mut key = phonetic.as_bytes().to_vec();
    loose_key_in_place(&mut key);
    // ASCII bytes replaced by ASCII bytes: still UTF-8.
    String::from_utf8(key).expect("ASCII replacements keep UTF-8")
}

/// [`loose_key`] in place: turns the phonetic key in `key` into its loose
/// key.
pub fn loose_key_in_place(key: &mut [u8]) {
    // Three replacements of two ASCII bytes by two, left to right like
    // `str::replace`, in place: the matcher asks for a loose key for every
    // word that might be a romanized name.
    for (from, to) in [(b"ui", b"oe"), (b"oi", b"oe"), (b"uG", b"oG")] {
        let mut i = 0;
        while i + 1 < key.len() {
            if key[i] == from[0] && key[i + 1] == from[1] {
                key[i..i + 2].copy_from_slice(to);
                i += 2;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_keys_of_one_pass_are_the_keys_of_the_prefixes() {
        for text in [
            "hoe ryong city",
            "kim jong suk",
            "a rim nam",
            "pyongyang",
            "sak chu",
            "tch ch ng",
            "ryong am po",
            "kap ri lo",
            "ot cho nu",
        ] {
            let cuts: Vec<usize> = text
                .match_indices(' ')
                .map(|(at, _)| at)
                .chain([text.len()])
                .collect();
            let mut key = Vec::new();
            let mut prefixes = vec![(0, 0); cuts.len()];
            phonetic_key_cuts(text, &cuts, &mut key, &mut prefixes);
            assert_eq!(key, phonetic_key(text).into_bytes(), "{text}");
            for (&cut, &(len, last)) in cuts.iter().zip(&prefixes) {
                let mut prefix = key[..len.saturating_sub(1)].to_vec();
                if len > 0 {
                    prefix.push(last);
                }
                assert_eq!(
                    prefix,
                    phonetic_key(&text[..cut]).into_bytes(),
                    "{text}: {cut}"
                );
            }
        }
    }

    #[test]
    fn loose_key_is_the_three_replacements_in_turn() {
        for key in [
            "", "u", "ui", "uii", "uui", "oii", "uoi", "uiG", "uuG", "ouiG", "uGuG", "sinuicu",
            "hoiGui", "uí", "ŭiu",
        ] {
            let want = key
                .replace("ui", "oe")
                .replace("oi", "oe")
                .replace("uG", "oG");
            assert_eq!(loose_key(key), want, "{key}");
        }
    }

    /// (Hangul, Revised Romanization, McCune–Reischauer) of real place names,
    /// as published (Wikipedia, the DPRK and ROK place-name lists).
    const PLACES: &[(&str, &str, &str)] = &[
        ("회령", "hoeryeong", "hoeryŏng"),
        ("혜산", "hyesan", "hyesan"),
        ("무산", "musan", "musan"),
        ("보천", "bocheon", "poch'ŏn"),
        ("삼수", "samsu", "samsu"),
        ("김정숙", "gimjeongsuk", "kimjŏngsuk"),
        ("신의주", "sinuiju", "sinŭiju"),
        ("의주", "uiju", "ŭiju"),
        ("용천", "yongcheon", "yongch'ŏn"),
        ("청진", "cheongjin", "ch'ŏngjin"),
        ("나선", "naseon", "nasŏn"),
        ("라선", "raseon", "rasŏn"),
        ("평양", "pyeongyang", "p'yŏngyang"),
        ("개성", "gaeseong", "kaesŏng"),
        ("함흥", "hamheung", "hamhŭng"),
        ("강계", "ganggye", "kanggye"),
        ("만포", "manpo", "manp'o"),
        ("중강", "junggang", "chunggang"),
        ("온성", "onseong", "onsŏng"),
        ("경원", "gyeongwon", "kyŏngwŏn"),
        ("경흥", "gyeongheung", "kyŏnghŭng"),
        ("부령", "buryeong", "puryŏng"),
        ("종성", "jongseong", "chongsŏng"),
        ("유선", "yuseon", "yusŏn"),
        ("남양", "namyang", "namyang"),
        ("두만강", "dumangang", "tuman'gang"),
        ("압록강", "amnokgang", "amnokkang"),
        ("신압록강", "sinamnokgang", "sinamnokkang"),
        ("백두산", "baekdusan", "paektusan"),
        ("양강도", "yanggangdo", "yanggangdo"),
        ("량강도", "ryanggangdo", "ryanggangdo"),
        ("함경북도", "hamgyeongbukdo", "hamgyŏngbukto"),
        ("평안북도", "pyeonganbukdo", "p'yŏnganbukto"),
        ("자강도", "jagangdo", "chagangdo"),
        ("포천", "pocheon", "p'och'ŏn"),
        ("연천", "yeoncheon", "yŏnch'ŏn"),
        ("파주", "paju", "p'aju"),
        ("철원", "cheorwon", "ch'ŏrwŏn"),
        ("김책", "gimchaek", "kimch'aek"),
        ("길주", "gilju", "kilchu"),
        ("단천", "dancheon", "tanch'ŏn"),
        ("해주", "haeju", "haeju"),
        ("원산", "wonsan", "wŏnsan"),
        ("남포", "nampo", "namp'o"),
        ("선봉", "seonbong", "sŏnbong"),
        ("대동강", "daedonggang", "taedonggang"),
        ("청천강", "cheongcheongang", "ch'ŏngch'ŏn'gang"),
        ("만경대", "mangyeongdae", "man'gyŏngdae"),
        ("평성", "pyeongseong", "p'yŏngsŏng"),
        ("녕변", "nyeongbyeon", "nyŏngbyŏn"),
        ("칠보산", "chilbosan", "ch'ilbosan"),
    ];

    #[test]
    fn place_names() {
        for &(hangul, rr, mr) in PLACES {
            assert_eq!(revised(hangul), rr, "RR of {hangul}");
            assert_eq!(mccune_reischauer(hangul), mr, "MR of {hangul}");
        }
    }

    #[test]
    fn sound_changes() {
        // (rule, Hangul, RR, MR)
        let cases = [
            ("ㄴ+ㄹ is ll", "신라", "silla", "silla"),
            ("ㄹ+ㄴ is ll", "별내", "byeollae", "pyŏllae"),
            ("ㄹ after ㅇ is n", "종로", "jongno", "chongno"),
            ("ㄹ after ㅁ is n", "침략", "chimnyak", "ch'imnyak"),
            ("ㄱ+ㄹ nasalizes both", "독립", "dongnip", "tongnip"),
            ("ㄱ+ㅁ is ngm", "백마", "baengma", "paengma"),
            ("ㅂ+ㄴ is mn", "십년", "simnyeon", "simnyŏn"),
            ("ㅂ+ㄹ+ㄹ", "왕십리", "wangsimni", "wangsimni"),
            ("final ㄱ links", "백운", "baegun", "paegun"),
            ("final ㄹ links as r", "설악", "seorak", "sŏrak"),
            ("ㅇ+ㅇ keeps ng", "영양", "yeongyang", "yŏngyang"),
            ("ㄱ+ㅎ written kh", "묵호", "mukho", "mukho"),
            ("ㅎ final aspirates", "좋고", "joko", "chok'o"),
            ("ㅎ final silent before vowel", "좋아", "joa", "choa"),
            ("palatalization", "같이", "gachi", "kach'i"),
            ("ㄷ+이 palatalizes", "굳이", "guji", "kuji"),
            ("complex final links", "닭이", "dalgi", "talgi"),
            ("complex final before consonant", "닭도", "dakdo", "takto"),
            ("MR sh before wi", "쉬", "swi", "shwi"),
            ("MR ë", "가에", "gae", "kaë"),
            (
                "non-Hangul passes through",
                "함경 북도 (North)",
                "hamgyeong bukdo (North)",
                "hamgyŏng pukto (North)",
            ),
            ("empty", "", "", ""),
        ];
        for (rule, hangul, rr, mr) in cases {
            assert_eq!(revised(hangul), rr, "RR: {rule}");
            assert_eq!(mccune_reischauer(hangul), mr, "MR: {rule}");
        }
    }

    #[test]
    fn dprk_official_spellings() {
        let cases = [
            ("평성", "phyŏngsŏng"),
            ("자강도", "jagangdo"),
            ("김책", "kimchaek"),
            ("청진", "chŏngjin"),
            ("만포", "manpho"),
            ("길주", "kilju"),
            ("보천", "pochŏn"),
            ("량강도", "ryanggangdo"),
            ("함흥", "hamhŭng"),
            ("김정숙", "kimjŏngsuk"),
        ];
        for (hangul, want) in cases {
            assert_eq!(dprk_official(hangul), want, "{hangul}");
        }
    }

    #[test]
    fn variants() {
        let cases: [(&str, &[&str]); 9] = [
            ("량강", &["ryanggang", "yanggang"]),
            ("로동", &["rodong", "nodong"]),
            (
                "녕변",
                &["nyeongbyeon", "nyongbyon", "yeongbyeon", "yongbyon"],
            ),
            ("라선", &["raseon", "rason", "naseon", "nason"]),
            ("평양", &["pyeongyang", "pyongyang", "phyongyang"]),
            ("회령", &["hoeryeong", "hoeryong"]),
            ("자강도", &["jagangdo", "chagangdo"]),
            ("리원", &["riwon", "iwon"]),
            ("함경 북도", &["hamgyeong bukdo", "hamgyong pukto"]),
        ];
        for (hangul, want) in cases {
            assert_eq!(romanized_variants(hangul), want, "{hangul}");
        }
    }

    #[test]
    fn variants_are_folded_and_share_a_key() {
        for &(hangul, _, _) in PLACES {
            let variants = romanized_variants(hangul);
            let key = phonetic_key(&variants[0]);
            for v in &variants {
                assert_eq!(&fold(v), v, "{hangul}: {v} is not folded");
                assert_eq!(phonetic_key(v), key, "{hangul}: {v}");
            }
        }
    }

    #[test]
    fn key_joins_spellings_of_one_place() {
        let groups: &[&[&str]] = &[
            &["Hoeryŏng", "Hoeryong", "Hoeryeong", "HOERYONG", "Hoe-ryong"],
            &["Sangdong-ri", "Sangdongri", "Sangdong-ni", "Sangdong ri"],
            &["Sinŭiju", "Sinuiju", "Shinuiju", "Sineuiju", "Sin-uiju"],
            &["Ch'ŏngjin", "Chongjin", "Cheongjin"],
            &["Poch'ŏn", "Pochon", "Pocheon", "Bochon", "Bocheon"],
            &["Kim Jong Suk", "Kimjongsuk", "Gimjeongsuk", "Kimchongsuk"],
            &["Ryanggang", "Yanggang", "Ryang-gang", "Lyanggang"],
            &["Phyongsong", "P'yŏngsŏng", "Pyongsong", "Pyeongseong"],
            &["Jagang", "Chagang"],
            &["Rason", "Nason", "Raseon", "Rasŏn"],
            &["Kaesong", "Kaesŏng", "Gaeseong"],
            &["Tanchon", "Tanch'ŏn", "Dancheon"],
            &["Nyongbyon", "Yongbyon", "Yeongbyeon", "Nyŏngbyŏn"],
            &["Amnok", "Amrok"],
            &["Amnokkang", "Amnokgang", "Amrokgang", "Amrok-kang"],
            &["Pyongyang", "Phyongyang", "P'yŏngyang", "Pyeongyang"],
            &["Rodong Sinmun", "Nodong Sinmun"],
            &["Hamgyŏng-bukto", "Hamgyeongbuk-do", "Hamgyong Pukto"],
            &["Paektusan", "Baekdusan", "Paekdusan"],
            &["Kilchu", "Kilju", "Gilju"],
            &["Manp'o", "Manpo", "Manpho"],
            &["Tuman'gang", "Tumangang", "Dumangang"],
            &["Ch'ŏrwŏn", "Chorwon", "Cheorwon"],
            &["Silla", "Sinla", "Shilla"],
            &["Kanggye", "Ganggye", "Kang-gye"],
            &["Kyŏngwŏn", "Kyongwon", "Gyeongwon", "Kyongweon"],
        ];
        for group in groups {
            let key = phonetic_key(&fold(group[0]));
            for name in group.iter() {
                assert_eq!(phonetic_key(&fold(name)), key, "{name} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn key_keeps_distinct_places_apart() {
        let pairs = [
            ("Hyesan", "Musan"),
            ("Sinpa", "Sinuiju"),
            ("Sinpo", "Sinpa"),
            ("Onsong", "Kosong"),
            ("Onsong", "Unsong"),
            ("Pochon", "Pyongchon"),
            ("Chongjin", "Chongju"),
            ("Hoeryong", "Hoeyang"),
            ("Kanggye", "Kangso"),
            ("Musan", "Masan"),
            ("Kyongwon", "Kyonghung"),
            ("Kyongsong", "Kyongwon"),
            ("Hamhung", "Hamju"),
            ("Kimchaek", "Kimjongsuk"),
            ("Haeju", "Hyesan"),
            ("Nampo", "Namyang"),
            ("Samsu", "Samjiyon"),
            ("Rajin", "Sonbong"),
            ("Unsan", "Onsan"),
            ("Kaesong", "Kosong"),
        ];
        for (a, b) in pairs {
            assert_ne!(phonetic_key(&fold(a)), phonetic_key(&fold(b)), "{a} vs {b}");
        }
    }

    #[test]
    fn key_details() {
        let cases = [
            ("spaces removed", "kim jong suk", "kimcoGsuk"),
            ("ng is one unit", "hangang", "haGaG"),
            ("nasalization", "amrokkang", "amnokaG"),
            ("initial r before y dropped", "ryongchon", "yoGcon"),
            ("initial r before a is n", "rajin", "nacin"),
            (
                "initial-sound law only at the start",
                "hoe ryong",
                "hoelyoG",
            ),
            ("non-ASCII passes through", "회령", "회령"),
            ("empty", "", ""),
        ];
        for (what, input, want) in cases {
            assert_eq!(phonetic_key(input), want, "{what}");
        }
    }
}
