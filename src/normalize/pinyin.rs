//! Hangul spelling of Chinese place names from their Hanyu Pinyin, by the
//! South Korean standard for writing Chinese in Hangul (외래어 표기법,
//! 중국어 표기: Tumen → 투먼, Longjing → 룽징, Yanbian → 옌볜).
//!
//! Korean-language reporting on the China–North Korea border writes the
//! Chinese towns this way; GeoNames lists Hangul names only for the largest
//! cities. The table below is the standard's: each pinyin initial has a
//! Hangul initial, each final a vowel and final consonant (some finals add a
//! second syllable: ai → 아이), with two of the standard's rules: `i` after
//! zh, ch, sh, r, z, c, s is 으, and ㅈ, ㅉ, ㅊ take plain vowels (jiang →
//! 장, not 쟝).

/// Hangul initial consonant indices (ㄱ = 0 ... ㅎ = 18) of the pinyin
/// initials, longest spelling first.
const INITIALS: [(&str, u32); 21] = [
    ("zh", 12),
    ("ch", 14),
    ("sh", 9),
    ("b", 7),
    ("p", 17),
    ("m", 6),
    ("f", 17),
    ("d", 3),
    ("t", 16),
    ("n", 2),
    ("l", 5),
    ("g", 0),
    ("k", 15),
    ("h", 18),
    ("j", 12),
    ("q", 14),
    ("x", 9),
    ("r", 5),
    ("z", 13),
    ("c", 14),
    ("s", 10),
];

/// Hangul for a final: vowel index (ㅏ = 0 ... ㅣ = 20), final consonant
/// index (none = 0, ㄴ = 4, ㄹ = 8, ㅇ = 21) and a second syllable if any.
#[derive(Debug, Clone, Copy)]
struct Final {
    vowel: u32,
    coda: u32,
    more: &'static str,
}

const fn fin(vowel: u32, coda: u32, more: &'static str) -> Final {
    Final { vowel, coda, more }
}

/// Finals after a consonant, as spelled in pinyin, longest first where one
/// is a prefix of another.
const FINALS: [(&str, Final); 33] = [
    ("iang", fin(2, 21, "")),
    ("iong", fin(17, 21, "")),
    ("uang", fin(9, 21, "")),
    ("ang", fin(0, 21, "")),
    ("eng", fin(4, 21, "")),
    ("ing", fin(20, 21, "")),
    ("ong", fin(13, 21, "")),
    ("iao", fin(2, 0, "오")),
    ("ian", fin(7, 4, "")),
    ("uai", fin(9, 0, "이")),
    ("uan", fin(9, 4, "")),
    ("ai", fin(0, 0, "이")),
    ("an", fin(0, 4, "")),
    ("ao", fin(0, 0, "오")),
    ("ei", fin(5, 0, "이")),
    ("en", fin(4, 4, "")),
    ("er", fin(4, 8, "")),
    ("ou", fin(4, 0, "우")),
    ("ia", fin(2, 0, "")),
    ("ie", fin(7, 0, "")),
    ("in", fin(20, 4, "")),
    ("iu", fin(17, 0, "")),
    ("ua", fin(9, 0, "")),
    ("ue", fin(15, 0, "")),
    ("ui", fin(13, 0, "이")),
    ("un", fin(13, 4, "")),
    ("uo", fin(14, 0, "")),
    ("a", fin(0, 0, "")),
    ("e", fin(4, 0, "")),
    ("i", fin(20, 0, "")),
    ("o", fin(8, 0, "")),
    ("u", fin(13, 0, "")),
    ("v", fin(16, 0, "")),
];

/// Syllables without a consonant initial (y-, w- and bare vowels), as
/// spelled in pinyin, longest first.
const STANDALONE: [(&str, Final); 33] = [
    ("yuan", fin(16, 0, "안")),
    ("yang", fin(2, 21, "")),
    ("ying", fin(20, 21, "")),
    ("yong", fin(17, 21, "")),
    ("wang", fin(9, 21, "")),
    ("weng", fin(14, 21, "")),
    ("yao", fin(2, 0, "오")),
    ("yan", fin(7, 4, "")),
    ("yin", fin(20, 4, "")),
    ("you", fin(17, 0, "")),
    ("yue", fin(15, 0, "")),
    ("yun", fin(16, 4, "")),
    ("wai", fin(9, 0, "이")),
    ("wan", fin(9, 4, "")),
    ("wei", fin(15, 0, "이")),
    ("wen", fin(14, 4, "")),
    ("ang", fin(0, 21, "")),
    ("eng", fin(4, 21, "")),
    ("ya", fin(2, 0, "")),
    ("ye", fin(7, 0, "")),
    ("yi", fin(20, 0, "")),
    ("yu", fin(16, 0, "")),
    ("wa", fin(9, 0, "")),
    ("wo", fin(14, 0, "")),
    ("wu", fin(13, 0, "")),
    ("ai", fin(0, 0, "이")),
    ("an", fin(0, 4, "")),
    ("ao", fin(0, 0, "오")),
    ("ei", fin(5, 0, "이")),
    ("en", fin(4, 4, "")),
    ("er", fin(4, 8, "")),
    ("ou", fin(4, 0, "우")),
    ("a", fin(0, 0, "")),
];

/// The Hangul initial index of ㅇ (no sound).
const SILENT: u32 = 11;

fn syllable(initial: u32, vowel: u32, coda: u32) -> char {
    char::from_u32(0xAC00 + (initial * 21 + vowel) * 28 + coda).expect("valid Hangul syllable")
}

/// The Hangul of one pinyin syllable starting at the front of `s`, with its
/// length; every possible parse, longest first.
fn syllables_at(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (spelling, f) in STANDALONE {
        if s.starts_with(spelling) {
            let mut h = String::new();
            h.push(syllable(SILENT, f.vowel, f.coda));
            h.push_str(f.more);
            out.push((spelling.len(), h));
        }
    }
    for (initial, hangul_initial) in INITIALS {
        let Some(rest) = s.strip_prefix(initial) else {
            continue;
        };
        for (spelling, f) in FINALS {
            if !rest.starts_with(spelling) {
                continue;
            }
            let mut f = f;
            let palatal = matches!(initial, "j" | "q" | "x");
            match spelling {
                // After j, q, x the letter u is ü.
                "u" if palatal => f = fin(16, 0, ""),
                "ue" if palatal => f = fin(15, 0, ""),
                "uan" if palatal => f = fin(16, 0, "안"),
                "un" if palatal => f = fin(16, 4, ""),
                "i" if matches!(initial, "zh" | "ch" | "sh" | "r" | "z" | "c" | "s") => {
                    f = fin(18, 0, "")
                }
                _ => {}
            }
            if palatal
                && matches!(
                    spelling,
                    "a" | "o"
                        | "e"
                        | "ai"
                        | "ei"
                        | "ao"
                        | "ou"
                        | "an"
                        | "en"
                        | "ang"
                        | "eng"
                        | "ong"
                )
                || !palatal
                    && spelling.starts_with('i')
                    && matches!(initial, "zh" | "ch" | "sh" | "r" | "z" | "c" | "s")
                    && spelling != "i"
            {
                continue;
            }
            // ㅈ, ㅉ, ㅊ take plain vowels: jiang → 장, jiu → 주.
            let vowel = if matches!(hangul_initial, 12..=14) {
                match f.vowel {
                    2 => 0,
                    3 => 1,
                    6 => 4,
                    7 => 5,
                    12 => 8,
                    17 => 13,
                    v => v,
                }
            } else {
                f.vowel
            };
            let mut h = String::new();
            h.push(syllable(hangul_initial, vowel, f.coda));
            h.push_str(f.more);
            out.push((initial.len() + spelling.len(), h));
        }
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.0));
    out
}

/// Parses `s` into pinyin syllables, preferring longer syllables first.
fn parse(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some(String::new());
    }
    syllables_at(s)
        .into_iter()
        .find_map(|(len, hangul)| parse(&s[len..]).map(|rest| hangul + &rest))
}

/// The Hangul spelling of a Chinese place name written in pinyin (ASCII;
/// apostrophes, hyphens and spaces separate syllables or words), or `None`
/// when the name is not pinyin.
///
/// ```
/// use eventmap::normalize::pinyin::hangul;
/// assert_eq!(hangul("Tumen").as_deref(), Some("투먼"));
/// assert_eq!(hangul("Longjing").as_deref(), Some("룽징"));
/// assert_eq!(hangul("Ji’an").as_deref(), Some("지안"));
/// assert_eq!(hangul("Pyongyang"), None);
/// ```
pub fn hangul(name: &str) -> Option<String> {
    let mut out = String::new();
    for part in name.split(|c: char| c == ' ' || c == '-' || super::is_apostrophe(c)) {
        if part.is_empty() {
            continue;
        }
        if !part.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        out.push_str(&parse(&part.to_ascii_lowercase())?);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_towns() {
        // Spellings of the Korean standard, as Korean reporting writes them.
        let cases = [
            ("Tumen", "투먼"),
            ("Longjing", "룽징"),
            ("Helong", "허룽"),
            ("Linjiang", "린장"),
            ("Yanbian", "옌볜"),
            ("Changbai", "창바이"),
            ("Dandong", "단둥"),
            ("Hunchun", "훈춘"),
            ("Ji'an", "지안"),
            ("Yanji", "옌지"),
            ("Shenyang", "선양"),
            ("Beijing", "베이징"),
            ("Xuzhou", "쉬저우"),
            ("Guangzhou", "광저우"),
            ("Yuanjiang", "위안장"),
            ("Shijiazhuang", "스자좡"),
            ("Kuandian", "콴뎬"),
        ];
        for (pinyin, want) in cases {
            assert_eq!(hangul(pinyin).as_deref(), Some(want), "{pinyin}");
        }
    }

    #[test]
    fn not_pinyin() {
        for name in ["Pyongyang", "Hoeryŏng", "Vladivostok", "Sinŭiju", ""] {
            assert_eq!(hangul(name), None, "{name}");
        }
    }
}
