//! Finds place mentions in a document.
//!
//! One leftmost-longest pass of an Aho-Corasick automaton over the folded
//! text ([`crate::normalize::FoldedText`]) finds every gazetteer name, so
//! "North Hamgyong Province" is one mention, not "Hamgyong". Each hit is then
//! checked and extended:
//!
//! - word boundaries (Latin names), capitalisation (a single-word name must
//!   start with a capital unless it names a country), a list of common English
//!   words that are also village names;
//! - designators before or after the name belong to the mention and tell its
//!   level: "Musan County", "Hyesan-si", "Mount Paektu", "Yalu River",
//!   "회령시", "보천군";
//! - Korean text: a run of particles may follow the name without a space
//!   (회령에서, 무산서, 중국지역에: `korean.rs`); anything else attached to it
//!   makes it another word (중국산), unless another name follows
//!   (무산군회령시); a country before a people noun and any place before an
//!   organisation noun is an attribute (북한 주민, 회령시 보위부);
//! - organisation names that contain a place ("Korea Herald", "Hyesan
//!   People's Committee", "the Dandong border guard") are dropped; a
//!   facility named after a place ("Hoeryong Stadium", 압록강다리) is one
//!   mention;
//! - a bare Sino-Korean reading (집안) or a name that is also a common word
//!   (안주) needs support in the text;
//! - places the gazetteer lacks are found by their designator (`unlisted.rs`).
//!
//! A second pass reads Hangul words that end in a designator (보천군,
//! 화전리) and looks up the romanizations of their stem, for the many North
//! Korean places whose Hangul name no source gives.
//!
//! Every span is a byte range into the original UTF-8 text.
//!
//! Layout: `build.rs` makes the automaton and the lookups; `designators.rs`
//! lists the designators; `context.rs` holds the checks of a hit
//! (`Matcher::accept`); `romanized.rs` the romanized and phonetic
//! fallbacks; `address.rs` the places known through their county;
//! `unlisted.rs` the places found by their designator alone; `spans.rs`
//! the final selection of spans; `covered.rs` the overlap index the
//! fallbacks use to stay linear in the document's length.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::Arc;

mod address;
mod build;
mod context;
mod covered;
mod designators;
mod korean;
mod romanized;
mod spans;
mod unlisted;

use address::{find_address_children, find_latin_address_children};
use covered::Covered;
use designators::{
    FOLLOWING, HANGUL_DESIGNATORS, HANGUL_PREFIXES, PRECEDING, RUN_TOGETHER_DESIGNATORS,
    glossed_designator, strip_designator_prefix, strip_designator_suffix,
};
use spans::{keep_supported_readings, merge_glosses, remove_overlaps};

use crate::double_array::DoubleArray;
use crate::gazetteer::{CompactString, Gazetteer, Level, NameKind, PlaceId, SharedStr};
use crate::normalize::{FoldedText, fold, is_hangul_syllable, lookup_key, romanize};

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The text spells a gazetteer name exactly.
    Exact,
    /// The text matches a name after folding case, diacritics, apostrophes
    /// and hyphens.
    Folded,
    /// The text matches a romanization generated from a Hangul name, or a
    /// Hangul word whose stem romanizes to a gazetteer name.
    Romanized,
    /// The text is a Hangul name of the gazetteer.
    Hangul,
    /// The Sino-Korean reading of a Chinese place's Han name (연길 for
    /// 延吉); needs the document's support like a romanization.
    SinoKorean,
    /// A place the gazetteer does not know, recognised by its designator
    /// (a village 화전리, a neighbourhood Nammun-dong, a workers' district,
    /// an islet, a stream): located at the county or city the text puts it
    /// in, or nowhere.
    Unlisted,
}

impl Method {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Folded => "folded",
            Method::Romanized => "romanized",
            Method::Hangul => "hangul",
            Method::SinoKorean => "sino-korean",
            Method::Unlisted => "unlisted",
        }
    }
}

/// A designator next to a name ("Province", "County", "-si", "군", "River").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Designator {
    /// Province, -do (for provinces), 도.
    Province,
    /// County, -gun, 군.
    County,
    /// City, -si, 시.
    City,
    /// District, -gu, -guyŏk, 구.
    District,
    /// Town or village: -ri, -dong, Village, 리, 동, 면.
    Village,
    /// A county seat town: -ŭp, 읍 (김형직 읍 is the seat of Kimhyongjik
    /// County).
    Town,
    /// Lake or reservoir: Lake, Reservoir, 호.
    Lake,
    /// Island, -do (for islands), 섬.
    Island,
    /// River, -gang, 강.
    River,
    /// Mount, Mountain, -san, 산.
    Mountain,
    /// Region, Special Administrative Region, Autonomous Prefecture.
    Region,
    /// A facility named after the place: a bridge (대교, 다리), a stadium,
    /// a camp (`facilities.txt`). The mention is located at the place it is
    /// named after.
    Facility,
}

impl Designator {
    /// Whether a place of `level` can carry this designator.
    pub fn fits(self, level: Level) -> bool {
        match self {
            Designator::Province => level == Level::Province,
            Designator::County => level == Level::County,
            Designator::City => matches!(level, Level::City | Level::County | Level::Province),
            Designator::District => matches!(level, Level::County | Level::City),
            Designator::Village => matches!(level, Level::City | Level::Other),
            Designator::Town => matches!(level, Level::City | Level::Other | Level::County),
            Designator::Lake => level == Level::Lake,
            Designator::Island => matches!(level, Level::Other | Level::City | Level::County),
            Designator::River => level == Level::River,
            Designator::Mountain => level == Level::Mountain,
            Designator::Region | Designator::Facility => true,
        }
    }

    /// The name used in output (`designator:county` among a place's
    /// reasons).
    pub fn as_str(self) -> &'static str {
        match self {
            Designator::Province => "province",
            Designator::County => "county",
            Designator::City => "city",
            Designator::District => "district",
            Designator::Village => "village",
            Designator::Town => "town",
            Designator::Lake => "lake",
            Designator::Island => "island",
            Designator::River => "river",
            Designator::Mountain => "mountain",
            Designator::Region => "region",
            Designator::Facility => "facility",
        }
    }
}

/// A place mention found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range of the whole mention (name and designators) in the
    /// original text.
    pub span: Range<usize>,
    /// The lookup key of the matched name. Inline up to 24 bytes, so that
    /// most keys cost no allocation.
    pub key: CompactString,
    /// The places the name can refer to (at least one). Shared with the
    /// matcher's table of names: a mention of a known name copies a
    /// pointer, not the list.
    pub candidates: Arc<[PlaceId]>,
    /// The designator, when the text has one.
    pub designator: Option<Designator>,
    /// How the name was matched.
    pub method: Method,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone)]
struct Pattern {
    key: CompactString,
    hangul: bool,
    /// A country name or a multiword name: unambiguous enough in lower case.
    lowercase_ok: bool,
    /// Romanized (generated) names only.
    romanized_only: bool,
    /// Sino-Korean readings of Han names only.
    reading_only: bool,
    /// The places of `key` (never empty), kept here so that a hit needs no
    /// lookup.
    candidates: Arc<[PlaceId]>,
}

/// Finds place mentions; built once per gazetteer.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The leftmost-longest automaton over every pattern's folded name;
    /// its value for a name is the name's index in `patterns`.
    automaton: DoubleArray,
    patterns: Vec<Pattern>,
    candidates: HashMap<String, Arc<[PlaceId]>>,
    exact_names: HashSet<String>,
    /// Keys of North Korean units whose name is also a common word: a
    /// mention needs a designator or an address before it.
    common_keys: HashSet<String>,
}

impl Matcher {
    /// Every place mention in `text`, in text order, non-overlapping.
    pub fn find(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Mention> {
        let folded = FoldedText::new(text);
        let mut mentions = Vec::new();
        for m in self.automaton.0.leftmost_find_iter(&folded.text) {
            let pattern = &self.patterns[m.value() as usize];
            let candidates = &pattern.candidates;
            let hit = Hit {
                start: m.start(),
                end: m.end(),
                hangul: pattern.hangul,
                lowercase_ok: pattern.lowercase_ok,
                key: &pattern.key,
                candidates,
            };
            if let Some(mut mention) = self.accept(gazetteer, text, &folded, &hit) {
                let name_span = folded.original_span(hit.start..hit.end);
                mention.method = if pattern.reading_only {
                    Method::SinoKorean
                } else if pattern.hangul {
                    Method::Hangul
                } else if pattern.romanized_only {
                    Method::Romanized
                } else if self.exact_names.contains(&text[name_span]) {
                    Method::Exact
                } else {
                    Method::Folded
                };
                mentions.push(mention);
            }
        }
        self.find_romanized_hangul(gazetteer, &folded, &mut mentions);
        self.find_phonetic(gazetteer, text, &folded, &mut mentions);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        find_address_children(gazetteer, &folded, &mut mentions);
        find_latin_address_children(gazetteer, text, &mut mentions);
        unlisted::find_unlisted(text, &folded, &mut mentions);
        merge_glosses(text, &mut mentions);
        remove_overlaps(&mut mentions);
        keep_supported_readings(text, &mut mentions);
        self.keep_common_words_in_context(gazetteer, text, &mut mentions);
        mentions
            .retain(|m| m.designator.is_some() || !context::reads_as_korean_verb(text, &m.span));
        mentions
    }
}

/// A name found in the folded text, before it is checked.
struct Hit<'a> {
    start: usize,
    end: usize,
    hangul: bool,
    lowercase_ok: bool,
    key: &'a CompactString,
    candidates: &'a Arc<[PlaceId]>,
}

/// The end of the run of Hangul syllables starting at `from`.
fn hangul_word_end(f: &str, from: usize) -> usize {
    f[from..]
        .char_indices()
        .find(|(_, c)| !is_hangul_syllable(*c))
        .map_or(f.len(), |(i, _)| from + i)
}

/// The prefixes of a Hangul word that a particle (or nothing) follows,
/// longest first, of at least three syllables: a two-syllable stem and a
/// designator (보천군 in 보천군의).
fn heads_before_particle(word: &str) -> impl Iterator<Item = &str> {
    // The end of the third character: the shortest head (none when the
    // word is shorter). Walked from the end, the cuts need no list.
    let shortest = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .nth(3)
        .unwrap_or(usize::MAX);
    std::iter::once(word.len())
        .chain(word.char_indices().rev().map(|(i, _)| i))
        .take_while(move |&cut| cut >= shortest)
        .filter(move |&cut| is_particle_or_empty(&word[cut..]))
        .map(move |cut| &word[..cut])
}

fn is_particle_or_empty(rest: &str) -> bool {
    korean::is_particle_tail(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mentions of `text` as (surface, designator, first candidate's id).
    fn mentions(text: &str) -> Vec<(String, Option<Designator>, Method)> {
        let g = Gazetteer::embedded();
        let matcher = Matcher::new(g);
        matcher
            .find(g, text)
            .into_iter()
            .map(|m| (text[m.span].to_string(), m.designator, m.method))
            .collect()
    }

    fn surfaces(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|(s, _, _)| s).collect()
    }

    #[test]
    fn spans_designators_and_levels() {
        let cases: [(&str, &str, &[&str]); 14] = [
            (
                "unknown village before its county",
                "in Sangjang-ri, Musan County",
                &["Sangjang-ri", "Musan County"],
            ),
            (
                "unknown neighbourhood of a city",
                "in Nammun-dong of Hoeryong",
                &["Nammun-dong", "Hoeryong"],
            ),
            (
                "longest name wins",
                "in North Hamgyong Province today",
                &["North Hamgyong Province"],
            ),
            (
                "county designator",
                "Musan County officials",
                &["Musan County"],
            ),
            (
                "romanized suffix",
                "in Hyesan-si and Musan-gun",
                &["Hyesan-si", "Musan-gun"],
            ),
            (
                "province with -do",
                "Ryanggang-do residents",
                &["Ryanggang-do"],
            ),
            (
                "diacritics",
                "Hoeryŏng and Sinŭiju",
                &["Hoeryŏng", "Sinŭiju"],
            ),
            ("possessive", "North Korea's border", &["North Korea"]),
            (
                "plural designator stays out",
                "the Yalu and Tumen rivers",
                &["Yalu", "Tumen"],
            ),
            (
                "preceding designator",
                "near Mount Paektu",
                &["Mount Paektu"],
            ),
            (
                "spaceless multiword",
                "Kimjongsuk County",
                &["Kimjongsuk County"],
            ),
            (
                "compound modifier",
                "North Korea-related news",
                &["North Korea"],
            ),
            (
                "dateline in capitals",
                "SEOUL/BEIJING - A report",
                &["SEOUL", "BEIJING"],
            ),
            (
                "lower-case country",
                "tags: china, north korea",
                &["china", "north korea"],
            ),
        ];
        for (what, text, want) in cases {
            assert_eq!(surfaces(text), want, "{what}");
        }
    }

    #[test]
    fn non_places() {
        let cases: [(&str, &str); 12] = [
            ("demonym", "North Korean soldiers and Chinese traders"),
            ("common Korean word", "군사력 강화를 지시했다"),
            ("syllable of a person's name", "leader Kim Jong Un said"),
            ("company", "Samsung Electronics said"),
            ("organisation with of", "the Workers' Party of Korea met"),
            ("organisation", "the Korea Herald reported"),
            ("committee", "the Hyesan People's Committee met"),
            ("person", "Jang Song-taek was executed"),
            (
                "person with two given names",
                "said Han Hye Young of the group",
            ),
            ("lower-case village name", "a man said he would go"),
            ("Korean attribute", "북한 주민들이 말했다"),
            ("Korean compound noun", "중국산 담배"),
        ];
        for (what, text) in cases {
            assert_eq!(surfaces(text), Vec::<String>::new(), "{what}");
        }
    }

    #[test]
    fn korean_particles_designators_and_compounds() {
        let cases: [(&str, &str, &[&str]); 9] = [
            ("particle after the name", "회령에서 온 소식", &["회령"]),
            (
                "a verb form after its particle",
                "경찰이 수색에 나선 뒤",
                &[],
            ),
            ("the same name alone", "나선 경제특구의 공장", &["나선"]),
            ("designator and particle", "혜산시의 주민", &["혜산시"]),
            (
                "romanized stem of a county",
                "양강도 보천군 화전리의 한 주민",
                &["양강도", "보천군", "화전리"],
            ),
            ("province abbreviation", "함북 무산군", &["함북", "무산군"]),
            (
                "facility on a river",
                "신압록강대교 개통",
                &["신압록강대교"],
            ),
            ("spaced Chinese province", "지린 성 당국", &["지린 성"]),
            ("country in Korean", "중국으로 넘어간", &["중국"]),
        ];
        for (what, text, want) in cases {
            assert_eq!(surfaces(text), want, "{what}");
        }
    }

    #[test]
    fn methods() {
        let cases = [
            ("Huiryung", Method::Romanized),
            ("Hoeryong", Method::Exact),
            ("HOERYONG", Method::Folded),
            ("회령", Method::Hangul),
            ("Yangkang Province", Method::Romanized),
        ];
        for (text, want) in cases {
            let found = mentions(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].2, want, "{text}");
        }
    }

    #[test]
    fn an_alternative_name_in_parentheses_shares_the_designator() {
        for text in [
            "Two men waded the Tumen (Duman) River at dawn.",
            "Two men waded the Duman (or Tumen) River at dawn.",
            "Two men waded the Amnok (formerly Yalu) River at dawn.",
        ] {
            let found = mentions(text);
            assert!(!found.is_empty(), "{text}");
            for (surface, designator, _) in &found {
                assert_eq!(*designator, Some(Designator::River), "{text}: {surface}");
            }
        }
        // A parenthesis that is not followed by a designator changes nothing.
        let found = mentions("They met in Tumen (China) last week.");
        assert!(found.iter().all(|(_, d, _)| d.is_none()), "{found:?}");
    }
}
