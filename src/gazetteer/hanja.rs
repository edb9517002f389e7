//! Sino-Korean readings of Chinese place names.
//!
//! Korean writes Chinese towns two ways: a transcription of the Mandarin
//! sound (옌지, 투먼, [`crate::normalize::pinyin`]) and the Korean reading of
//! the Han characters (연길 延吉, 도문 圖們, 용정 龍井). The readings come from
//! the Unicode Han Database field `kHangul` (the modern Korean readings of a
//! character), kept in `gazetteer/sources/unihan/` with its licence; a
//! simplified character without a reading of its own is read through its
//! `kTraditionalVariant`. Nothing here is a list of towns: the readings are
//! applied to the Han names the gazetteer's sources already give.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The Unihan extract: kHangul lines and the kTraditionalVariant lines of
/// simplified characters.
const UNIHAN: &str =
    include_str!("../../gazetteer/sources/unihan/Unihan_kHangul_kTraditionalVariant.txt");

/// Han designators at the end of a Chinese place name, longest first, with
/// whether the unit is a town or village (镇, 乡, 村): the reading of such a
/// name is kept whole (삼합진), since the matcher has no Korean designator
/// for it and a bare two-syllable stem of a small town reads like a common
/// word.
const HAN_DESIGNATORS: [(&str, bool); 20] = [
    ("朝鲜族自治州", false),
    ("朝鮮族自治州", false),
    ("朝鲜族自治县", false),
    ("朝鮮族自治縣", false),
    ("特别行政区", false),
    ("特別行政區", false),
    ("自治州", false),
    ("自治县", false),
    ("自治縣", false),
    ("街道", true),
    ("市", false),
    ("县", false),
    ("縣", false),
    ("区", false),
    ("區", false),
    ("省", false),
    ("镇", true),
    ("鎮", true),
    ("乡", true),
    ("鄉", true),
];

/// Korean readings and traditional forms of Han characters.
#[derive(Debug, Default)]
pub struct HanjaTable {
    /// The first (primary) kHangul reading of each character.
    readings: HashMap<char, char>,
    /// Simplified character → its traditional form.
    traditional: HashMap<char, char>,
    /// A character without a reading → a variant that has one (鎮 → 鎭).
    variant: HashMap<char, char>,
}

/// The table parsed from the embedded Unihan extract.
pub fn table() -> &'static HanjaTable {
    static TABLE: OnceLock<HanjaTable> = OnceLock::new();
    TABLE.get_or_init(|| HanjaTable::parse(UNIHAN))
}

/// Whether `c` is a CJK unified ideograph (basic block or extension A).
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn code_point(field: &str) -> Option<char> {
    let hex = field.strip_prefix("U+")?;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

impl HanjaTable {
    /// Parses UAX #38 lines (`U+5EF6<TAB>kHangul<TAB>연:0E`); other fields
    /// and comments are skipped.
    pub fn parse(text: &str) -> HanjaTable {
        let mut table = HanjaTable::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(cp), Some(field), Some(value)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Some(c) = code_point(cp) else { continue };
            match field {
                "kHangul" => {
                    // "룡:0E 용:0": the first reading, without its sources.
                    if let Some(reading) = value.split([':', ' ']).next().and_then(|r| {
                        let mut chars = r.chars();
                        chars.next().filter(|_| chars.next().is_none())
                    }) {
                        table.readings.insert(c, reading);
                    }
                }
                "kTraditionalVariant" => {
                    // 宁 lists itself and 寧: the other form is the traditional.
                    if let Some(t) = value.split(' ').filter_map(code_point).find(|&t| t != c) {
                        table.traditional.insert(c, t);
                    }
                }
                "kZVariant" | "kSemanticVariant" => {
                    if let Some(t) = value.split(' ').find_map(code_point) {
                        table.variant.entry(c).or_insert(t);
                    }
                }
                _ => {}
            }
        }
        table
    }

    /// The Korean reading of one character: that of its traditional form
    /// when it has one (a simplified 宁 stands for 寧, read 녕, though 宁 has
    /// a reading of its own), else its own, else a variant's (鎮 → 鎭).
    fn reading_of(&self, c: char) -> Option<char> {
        let direct = |c: char| {
            self.readings
                .get(&c)
                .or_else(|| self.variant.get(&c).and_then(|v| self.readings.get(v)))
                .copied()
        };
        self.traditional
            .get(&c)
            .and_then(|&t| direct(t))
            .or_else(|| direct(c))
    }

    /// The Korean reading of a Han name, syllable by syllable as the
    /// dictionary gives it (the North Korean spelling: 룡정 for 龍井); `None`
    /// when a character is not Han or has no reading.
    pub fn reading(&self, name: &str) -> Option<String> {
        name.chars()
            .map(|c| if is_han(c) { self.reading_of(c) } else { None })
            .collect()
    }

    /// The name in traditional characters, when that differs (开山屯 →
    /// 開山屯): Korean text glosses Chinese names in traditional script.
    pub fn traditional(&self, name: &str) -> Option<String> {
        let out: String = name
            .chars()
            .map(|c| self.traditional.get(&c).copied().unwrap_or(c))
            .collect();
        (out != name).then_some(out)
    }
}

/// A Han name split into stem and designator (集安市 → 集安, 市); the
/// designator is empty when the name has none, and whether it is a town
/// or village designator.
pub fn split_designator(name: &str) -> (&str, &str, bool) {
    for (d, town) in HAN_DESIGNATORS {
        if let Some(stem) = name.strip_suffix(d)
            && stem.chars().count() >= 2
        {
            return (stem, d, town);
        }
    }
    (name, "", false)
}

/// The South Korean spelling of a word under the initial-sound law (두음
/// 법칙): a first syllable in ㄹ becomes ㄴ, and ㄹ or ㄴ before ㅣ or a
/// y-vowel becomes silent (룡정 → 용정, 료녕 → 요녕, 락원 → 낙원).
pub fn initial_sound_law(word: &str) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(word.len());
    out.push(apply_initial_law(first));
    out.extend(chars);
    out
}

fn apply_initial_law(c: char) -> char {
    if !crate::normalize::is_hangul_syllable(c) {
        return c;
    }
    let s = c as u32 - 0xAC00;
    let (initial, medial, fin) = (s / (21 * 28), (s / 28) % 21, s % 28);
    // Initial indices: ㄴ 2, ㄹ 5, ㅇ 11. Medials ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ.
    let iotized = matches!(medial, 2 | 3 | 6 | 7 | 12 | 17 | 20);
    let new_initial = match (initial, iotized) {
        (2 | 5, true) => 11,
        (5, false) => 2,
        _ => initial,
    };
    char::from_u32(0xAC00 + (new_initial * 21 + medial) * 28 + fin).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_of_border_towns() {
        let t = table();
        // Traditional and simplified characters read alike.
        assert_eq!(t.reading("延吉").as_deref(), Some("연길"));
        assert_eq!(t.reading("图们").as_deref(), Some("도문"));
        assert_eq!(t.reading("圖們").as_deref(), Some("도문"));
        assert_eq!(t.reading("丹东").as_deref(), Some("단동"));
        assert_eq!(t.reading("龙井").as_deref(), Some("룡정"));
        assert_eq!(t.reading("辽宁").as_deref(), Some("료녕"));
        assert_eq!(t.reading("三合镇").as_deref(), Some("삼합진"));
        assert_eq!(t.reading("Yanji"), None);
    }

    #[test]
    fn initial_sound_law_gives_the_southern_spelling() {
        assert_eq!(initial_sound_law("룡정"), "용정");
        assert_eq!(initial_sound_law("료녕"), "요녕");
        assert_eq!(initial_sound_law("락원"), "낙원");
        assert_eq!(initial_sound_law("녕변"), "영변");
        assert_eq!(initial_sound_law("연길"), "연길");
    }

    #[test]
    fn designators_and_traditional_forms() {
        assert_eq!(split_designator("集安市"), ("集安", "市", false));
        assert_eq!(split_designator("三合镇"), ("三合", "镇", true));
        assert_eq!(split_designator("长白"), ("长白", "", false));
        assert_eq!(table().traditional("开山屯").as_deref(), Some("開山屯"));
        assert_eq!(table().traditional("開山屯"), None);
    }
}
