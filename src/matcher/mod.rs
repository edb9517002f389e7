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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

mod covered;
mod korean;
mod unlisted;

use covered::Covered;

use crate::gazetteer::{Gazetteer, Level, NameKind, PlaceId};
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
}

/// A place mention found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range of the whole mention (name and designators) in the
    /// original text.
    pub span: Range<usize>,
    /// The lookup key of the matched name.
    pub key: String,
    /// The places the name can refer to (at least one).
    pub candidates: Vec<PlaceId>,
    /// The designator, when the text has one.
    pub designator: Option<Designator>,
    /// How the name was matched.
    pub method: Method,
}

/// Folded designators that follow a Latin name, longest first, with the
/// level they tell.
const FOLLOWING: [(&str, Designator); 34] = [
    (" special administrative region", Designator::Region),
    (" korean autonomous prefecture", Designator::Region),
    (" korean autonomous county", Designator::Region),
    (" autonomous prefecture", Designator::Region),
    (" reservoir", Designator::Lake),
    (" lake", Designator::Lake),
    (" special city", Designator::City),
    (" province", Designator::Province),
    (" county", Designator::County),
    (" city", Designator::City),
    (" district", Designator::District),
    (" village", Designator::Village),
    (" island", Designator::Island),
    (" river", Designator::River),
    (" mountains", Designator::Mountain),
    (" mountain", Designator::Mountain),
    (" region", Designator::Region),
    (" guyok", Designator::District),
    (" kuyok", Designator::District),
    (" gun", Designator::County),
    (" kun", Designator::County),
    (" si", Designator::City),
    (" shi", Designator::City),
    (" up", Designator::Town),
    (" eup", Designator::Town),
    (" ri", Designator::Village),
    (" ni", Designator::Village),
    (" dong", Designator::Village),
    (" do", Designator::Province),
    (" gu", Designator::District),
    (" gang", Designator::River),
    (" kang", Designator::River),
    (" san", Designator::Mountain),
    (" shan", Designator::Mountain),
];

/// Folded designators that come before a name.
const PRECEDING: [(&str, Designator); 4] = [
    ("mount ", Designator::Mountain),
    ("mt ", Designator::Mountain),
    ("mt. ", Designator::Mountain),
    ("river ", Designator::River),
];

/// Hangul designators attached to a name, with the level they tell.
const HANGUL_DESIGNATORS: [(&str, Designator); 25] = [
    ("특별행정구", Designator::Region),
    ("조선족 자치주", Designator::Region),
    ("조선족자치주", Designator::Region),
    ("조선족자치현", Designator::Region),
    ("자치주", Designator::Region),
    ("노동자구", Designator::District),
    ("구역", Designator::District),
    ("지구", Designator::District),
    ("성", Designator::Province),
    ("특별시", Designator::City),
    ("직할시", Designator::City),
    ("광역시", Designator::City),
    ("시", Designator::City),
    ("군", Designator::County),
    ("현", Designator::District),
    ("구", Designator::District),
    ("도", Designator::Province),
    ("읍", Designator::Town),
    ("면", Designator::Village),
    ("리", Designator::Village),
    ("동", Designator::Village),
    ("강", Designator::River),
    ("호", Designator::Lake),
    ("산맥", Designator::Mountain),
    ("산", Designator::Mountain),
];

/// Designator syllables after which another name may follow without a
/// space (무산군회령시, wiki-style lists).
const RUN_TOGETHER_DESIGNATORS: [char; 7] = ['군', '시', '도', '구', '리', '동', '읍'];

/// One-syllable prefixes that Korean compounds put before a place name:
/// 신 new, 구 old, 남 south, 북 north, 동 east, 서 west.
const HANGUL_PREFIXES: [char; 6] = ['신', '구', '남', '북', '동', '서'];

/// Capitalised words after a place name that make it part of an
/// organisation's or publication's name ("Korea Herald", "Hyesan People's
/// Committee", "Free North Korea Radio").
const ORGANISATION_HEADS: [&str; 61] = [
    "red",
    "electronics",
    "motor",
    "motors",
    "industries",
    "industrial",
    "heavy",
    "chemical",
    "chemicals",
    "telecom",
    "securities",
    "shipping",
    "construction",
    "engineering",
    "center",
    "centre",
    "academy",
    "society",
    "forum",
    "club",
    "league",
    "fund",
    "holdings",
    "corp",
    "inc",
    "co",
    "people",
    "herald",
    "times",
    "post",
    "daily",
    "news",
    "radio",
    "television",
    "tv",
    "broadcasting",
    "ministry",
    "committee",
    "peoples",
    "party",
    "army",
    "university",
    "institute",
    "bank",
    "airlines",
    "air",
    "association",
    "corporation",
    "company",
    "group",
    "agency",
    "council",
    "foundation",
    "hospital",
    "hotel",
    "school",
    "federation",
    "union",
    "office",
    "embassy",
    "consulate",
];

/// Lower-case words after a place name that make it part of the name of a
/// public body ("the Helong city government", "the Dandong border guard").
const LOWER_CASE_HEADS: [&str; 4] = [
    "government",
    "border guard",
    "border guards",
    "public security",
];

/// Words that name an organisation with "of" and a place after them
/// ("Workers' Party of Korea", "Bank of Korea", "University of Seoul").
const ORGANISATION_OF_HEADS: [&str; 6] = [
    "bank",
    "university",
    "party",
    "republic",
    "federation",
    "chamber",
];

const COMMON_WORDS: &str = include_str!("common_words.txt");
const COMMON_WORDS_KO: &str = include_str!("common_words_ko.txt");

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone)]
struct Pattern {
    key: String,
    hangul: bool,
    /// A country name or a multiword name: unambiguous enough in lower case.
    lowercase_ok: bool,
    /// Romanized (generated) names only.
    romanized_only: bool,
    /// Sino-Korean readings of Han names only.
    reading_only: bool,
}

/// Finds place mentions; built once per gazetteer.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    candidates: HashMap<String, Vec<PlaceId>>,
    exact_names: HashSet<String>,
    /// Keys of North Korean units whose name is also a common word: a
    /// mention needs a designator or an address before it.
    common_keys: HashSet<String>,
}

impl Matcher {
    /// Builds the matcher for every name of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        // The nouns that make a place name an attribute (선원 sailors, 요원
        // agents) are never place names themselves.
        let common: HashSet<&str> = COMMON_WORDS
            .lines()
            .chain(COMMON_WORDS_KO.lines())
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .chain(korean::attribute_nouns())
            .collect();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut candidates: HashMap<String, Vec<PlaceId>> = HashMap::new();
        let mut exact_names = HashSet::new();
        let mut common_keys = HashSet::new();
        for (i, place) in gazetteer.places().iter().enumerate() {
            let id = PlaceId(i as u32);
            let is_country = place.level() == Level::Country;
            for name in &place.names {
                let folded = fold(&name.text);
                let hangul = folded.chars().any(is_hangul_syllable);
                let han = folded
                    .chars()
                    .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
                let chars = folded.chars().count();
                let alias = name.kind == NameKind::Alias;
                let long_enough = if hangul || han {
                    chars >= 2 || alias
                } else {
                    chars >= 3
                };
                if !long_enough || folded.chars().all(|c| c.is_ascii_digit() || c == ' ') {
                    continue;
                }
                let key = lookup_key(&name.text);
                if !alias && common.contains(folded.as_str()) {
                    // A common word that is also a North Korean county or
                    // city (안주, 선봉) is kept, and context decides.
                    let kp_unit = place.country == "KP"
                        && matches!(place.level(), Level::County | Level::City);
                    if !kp_unit {
                        continue;
                    }
                    common_keys.insert(key.clone());
                }
                let ids = candidates.entry(key.clone()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
                exact_names.insert(name.text.clone());
                if !hangul && !han && folded.contains(' ') {
                    // "Kimjongsuk" for "Kim Jong Suk".
                    let joined: String = folded.chars().filter(|c| *c != ' ').collect();
                    if !index.contains_key(&joined) && !common.contains(joined.as_str()) {
                        index.insert(joined.clone(), patterns.len());
                        texts.push(joined);
                        patterns.push(Pattern {
                            key: key.clone(),
                            hangul: false,
                            lowercase_ok: false,
                            romanized_only: name.kind == NameKind::Romanized,
                            reading_only: false,
                        });
                    }
                }
                let lowercase_ok = is_country || folded.contains(' ');
                let romanized = name.kind == NameKind::Romanized;
                let reading = name.kind == NameKind::SinoKorean;
                match index.get(&folded) {
                    Some(&p) => {
                        let pattern = &mut patterns[p];
                        pattern.lowercase_ok |= lowercase_ok;
                        pattern.romanized_only &= romanized;
                        pattern.reading_only &= reading;
                    }
                    None => {
                        index.insert(folded.clone(), patterns.len());
                        texts.push(folded);
                        patterns.push(Pattern {
                            key,
                            hangul,
                            lowercase_ok,
                            romanized_only: romanized,
                            reading_only: reading,
                        });
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .expect("gazetteer names make a valid automaton");
        Matcher {
            automaton,
            patterns,
            candidates,
            exact_names,
            common_keys,
        }
    }

    /// Every place mention in `text`, in text order, non-overlapping.
    pub fn find(&self, gazetteer: &Gazetteer, text: &str) -> Vec<Mention> {
        let folded = FoldedText::new(text);
        let mut mentions = Vec::new();
        for m in self.automaton.find_iter(&folded.text) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let Some(candidates) = self.candidates.get(&pattern.key) else {
                continue;
            };
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
    }

    /// A name that is also a common word (안주 "snacks", 선봉 "vanguard")
    /// is a place with a designator (안주시) or right after a province or
    /// county in address order (평안남도 안주); otherwise it is the word.
    fn keep_common_words_in_context(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        mentions: &mut Vec<Mention>,
    ) {
        if self.common_keys.is_empty() {
            return;
        }
        let mut keep = vec![true; mentions.len()];
        for (i, m) in mentions.iter().enumerate() {
            if !self.common_keys.contains(&m.key) || m.designator.is_some() {
                continue;
            }
            let address = i > 0 && {
                let prev = &mentions[i - 1];
                text[prev.span.end..m.span.start] == *" "
                    && prev.candidates.iter().any(|&id| {
                        matches!(gazetteer.place(id).level(), Level::Province | Level::County)
                    })
            };
            keep[i] = address;
        }
        let mut k = keep.into_iter();
        mentions.retain(|_| k.next().unwrap_or(true));
    }

    /// Checks a name found at `hit` in the folded text and extends it with
    /// its designators; `None` when it is not a place mention.
    fn accept(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        folded: &FoldedText,
        hit: &Hit<'_>,
    ) -> Option<Mention> {
        let f = folded.text.as_str();
        let (start, end) = (hit.start, hit.end);
        let mut mention_start = start;
        if let Some(before) = f[..start].chars().next_back()
            && before.is_alphanumeric()
        {
            // Korean compounds put a one-syllable prefix before a name
            // (신압록강대교 "New Yalu River Bridge", 남신의주 "South Sinuiju").
            let at = start - before.len_utf8();
            let word_start = !f[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            // Names run together (무산군회령시): a designator syllable
            // closes the name before this one.
            let after_designator = hit.hangul
                && RUN_TOGETHER_DESIGNATORS.contains(&before)
                && f[..at].chars().next_back().is_some_and(is_hangul_syllable)
                && f[start..end].chars().count() >= 2;
            if after_designator {
                // The mention starts at the name itself.
            } else if !(hit.hangul
                && word_start
                && HANGUL_PREFIXES.contains(&before)
                && f[start..end].chars().count() >= 2)
            {
                return None;
            } else {
                mention_start = at;
            }
        }
        let mut mention_end = end;
        let mut designator = None;
        if hit.hangul {
            // The rest of the Hangul word: an optional designator, then an
            // optional particle, then nothing.
            let word_end = hangul_word_end(f, end);
            let rest = &f[end..word_end];
            let fits_any = |kind: Designator| {
                hit.candidates
                    .iter()
                    .any(|&id| kind.fits(gazetteer.place(id).level()))
            };
            for (d, kind) in HANGUL_DESIGNATORS {
                if let Some(tail) = rest.strip_prefix(d)
                    && (is_particle_or_empty(tail) || self.starts_with_name(tail))
                    && fits_any(kind)
                {
                    designator = Some(kind);
                    mention_end = end + d.len();
                    break;
                }
            }
            let mut tail = if designator.is_some() {
                &rest[mention_end - end..]
            } else {
                rest
            };
            if designator.is_none()
                && let Some(len) = korean::facility_tail(&f[end..])
            {
                // A facility named after the place: 압록강다리, 회령 정치범수용소.
                designator = Some(Designator::Facility);
                mention_end = end + len;
                tail = "";
            }
            if !is_particle_or_empty(tail) && designator.is_some() && self.starts_with_name(tail) {
                // 무산군회령시: the next name follows the designator.
                tail = "";
            }
            // 압록강물 "the Yalu's water": the river all the same.
            let river_water = rest.strip_prefix('물').is_some_and(is_particle_or_empty)
                && hit
                    .candidates
                    .iter()
                    .any(|&id| gazetteer.place(id).level() == Level::River);
            if designator.is_none()
                && !is_particle_or_empty(rest)
                && !river_water
                && !self.starts_with_name(rest)
            {
                return None;
            }
            if designator.is_some() && !is_particle_or_empty(tail) {
                return None;
            }
            // A one-syllable name (북) with anything attached is another word
            // (북쪽 the north side, 북측 the northern side).
            let one_syllable = f[start..end].chars().count() == 1;
            let name_span = folded.original_span(start..end);
            let hyphenated = text[..name_span.start].ends_with(crate::normalize::is_hyphen)
                || text[name_span.end..].starts_with(crate::normalize::is_hyphen);
            if designator.is_none() && one_syllable && (!rest.is_empty() || hyphenated) {
                return None;
            }
            // Korean village, town and county designators (리, 동, 읍, 군)
            // never follow a Chinese name: 화전리 is not Huadian.
            if matches!(
                designator,
                Some(Designator::Village | Designator::Town | Designator::County)
            ) && hit
                .candidates
                .iter()
                .all(|&id| gazetteer.place(id).country == "CN")
                && !f[end..].starts_with('현')
            {
                return None;
            }
            if rest.is_empty()
                && designator.is_none()
                && let Some(after) = f[word_end..].strip_prefix(' ')
            {
                // A designator written as a word of its own: "지린 성", "룽징 시",
                // "김형직 읍".
                let next_end = hangul_word_end(after, 0);
                for (d, kind) in HANGUL_DESIGNATORS {
                    // One-syllable designators, and the autonomous-region
                    // ones that may be spaced: "연변 조선족 자치주".
                    let spaced_ok = d.chars().count() == 1 || kind == Designator::Region;
                    let word = if d.contains(' ') {
                        after
                    } else {
                        &after[..next_end]
                    };
                    if let Some(rest_of_word) = word.strip_prefix(d)
                        && is_particle_or_empty(&rest_of_word[..hangul_word_end(rest_of_word, 0)])
                        && spaced_ok
                        && fits_any(kind)
                    {
                        designator = Some(kind);
                        mention_end = word_end + 1 + d.len();
                        break;
                    }
                }
            }
            if rest.is_empty()
                && designator.is_none()
                && let Some((len, kind)) = glossed_designator(&f[word_end..])
                && fits_any(kind)
            {
                // A gloss between the name and its designator is part of the
                // mention: 요녕(遼寧)성, 용정(龍井)시.
                designator = Some(kind);
                mention_end = word_end + len;
            }
            let attribute_position = tail.is_empty() || tail == "측";
            // "중국 단둥 공안", "중국과 북한 정부기관": the noun may follow
            // another place name.
            let chained = (attribute_position || tail == "과" || tail == "와")
                && f[word_end..].strip_prefix(' ').is_some_and(|next| {
                    let next_end = hangul_word_end(next, 0);
                    self.starts_with_name(&next[..next_end])
                        && korean::is_attribute(&next[next_end..], true)
                });
            let is_country = hit
                .candidates
                .iter()
                .any(|&id| gazetteer.place(id).level() == Level::Country);
            if designator != Some(Designator::Facility)
                && ((attribute_position && korean::is_attribute(&f[word_end..], is_country))
                    || (is_country && chained))
            {
                return None;
            }
        } else {
            if f[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            let name_span = folded.original_span(start..end);
            let original = &text[name_span.clone()];
            if in_file_name_or_url(text, name_span.clone()) {
                return None;
            }
            // "Sino-DPRK border": an adjective of the pair, not the country.
            if text[..name_span.start].ends_with("Sino-") {
                return None;
            }
            let lower_case = original.chars().next().is_some_and(char::is_lowercase);
            if lower_case && !hit.lowercase_ok {
                return None;
            }
            if let Some((d, kind)) = FOLLOWING.iter().find(|(d, _)| {
                f[end..].starts_with(d)
                    && !f[end + d.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric())
            }) {
                // "Yalu and Tumen rivers": plural designators stay out.
                designator = Some(*kind);
                mention_end = end + d.len();
            }
            if designator != Some(Designator::Region)
                && let Some(len) =
                    english_facility_after(text, folded.original_span(start..mention_end).end)
            {
                // "Hoeryong Stadium", "Yalu River Bridge": one mention of the
                // facility, located at the place it is named after.
                designator = Some(Designator::Facility);
                mention_end =
                    folded.folded_offset(folded.original_span(start..mention_end).end + len);
            } else if designator.is_none() && continues_as_longer_name(&text[name_span.end..]) {
                return None;
            }
            if self.is_organisation(text, folded, start, mention_end) {
                return None;
            }
        }
        if designator.is_none() && mention_start == start {
            for (d, kind) in PRECEDING {
                if f[..start].ends_with(d) {
                    let at = start - d.len();
                    if !f[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric())
                    {
                        designator = Some(kind);
                        mention_start = at;
                    }
                    break;
                }
            }
        }
        Some(Mention {
            span: folded.original_span(mention_start..mention_end),
            key: hit.key.to_string(),
            candidates: hit.candidates.to_vec(),
            designator,
            method: Method::Folded,
        })
    }

    /// Whether a Hangul text starts with a name of two syllables or more
    /// that the gazetteer knows (무산군회령시: 회령 after 무산군).
    fn starts_with_name(&self, rest: &str) -> bool {
        let ends: Vec<usize> = rest
            .char_indices()
            .map(|(i, _)| i)
            .skip(2)
            .chain([rest.len()])
            .collect();
        ends.into_iter().take(5).any(|e| {
            rest.is_char_boundary(e) && self.candidates.contains_key(&lookup_key(&rest[..e]))
        })
    }

    /// Capitalised Latin words (one to three) not matched so far whose
    /// romanization key ([`romanize::phonetic_key`]) equals that of a North
    /// or South Korean name: "Yangkang" for Yanggang, "Ryongampo" for
    /// Yongamp'o, "Baekam" for Paegam.
    fn find_phonetic(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        folded: &FoldedText,
        mentions: &mut Vec<Mention>,
    ) {
        let f = folded.text.as_str();
        let words: Vec<(usize, usize)> = latin_words(f);
        let mut covered = Covered::new(mentions.iter().map(|m| &m.span));
        let mut i = 0;
        while i < words.len() {
            let mut found = None;
            for n in (1..=3).rev() {
                if i + n > words.len() {
                    continue;
                }
                let (start, end) = (words[i].0, words[i + n - 1].1);
                // Words of one name are joined by single spaces (folded hyphens).
                if (i..i + n - 1).any(|k| words[k].1 + 1 != words[k + 1].0) {
                    continue;
                }
                let span = folded.original_span(start..end);
                if covered.overlaps(&span) {
                    continue;
                }
                let surface = &text[span.clone()];
                if !surface.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                // A loose match must be a whole run of capitalised words:
                // "Jong" in "Kim Jong Un" is part of a name.
                if capitalised_word_before(text, span.start)
                    || capitalised_word_after(text, span.end)
                {
                    continue;
                }
                // The index holds names of five letters or more; a spelling
                // variant is at most a letter or so shorter (Phyong/Pyong).
                if end - start < PHONETIC_MIN_LETTERS {
                    continue;
                }
                let key = lookup_key(&f[start..end]);
                let Some(candidates) = gazetteer.phonetic_candidates(&f[start..end]) else {
                    continue;
                };
                let hit = Hit {
                    start,
                    end,
                    hangul: false,
                    lowercase_ok: false,
                    key: &key,
                    candidates,
                };
                if let Some(mut mention) = self.accept(gazetteer, text, folded, &hit) {
                    mention.method = Method::Romanized;
                    mention.key = lookup_key(&gazetteer.place(candidates[0]).name);
                    found = Some((n, mention));
                    break;
                }
            }
            match found {
                Some((n, mention)) => {
                    covered.insert(&mention.span);
                    mentions.push(mention);
                    i += n;
                }
                None => i += 1,
            }
        }
    }

    /// Whether the name at the end of the folded text is followed by an
    /// organisation head word ("Korea Herald", "Hyesan People's Committee").
    fn is_organisation(&self, text: &str, folded: &FoldedText, start: usize, end: usize) -> bool {
        let f = &folded.text;
        // "Workers' Party of Korea", "Bank of Korea": the name closes an
        // organisation's name.
        if let Some(before) = f[..start].strip_suffix(" of ") {
            let head: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if ORGANISATION_HEADS.contains(&head.as_str())
                || ORGANISATION_OF_HEADS.contains(&head.as_str())
            {
                let at = start - " of ".len() - head.len();
                let original = &text[folded.original_span(at..at + head.len())];
                if original.chars().next().is_some_and(char::is_uppercase) {
                    return true;
                }
            }
        }
        let rest = &f[end..];
        let Some(rest) = rest.strip_prefix(' ') else {
            return false;
        };
        // Lower-case heads of public bodies ("the Helong city government",
        // "the Dandong border guard") and an acronym of one ("Musan County
        // MSS").
        if LOWER_CASE_HEADS.iter().any(|h| {
            rest.strip_prefix(h)
                .is_some_and(|t| !t.chars().next().is_some_and(char::is_alphanumeric))
        }) {
            let at = folded.original_span(end..end + 1).end;
            return text[at..].starts_with(|c: char| c.is_lowercase());
        }
        let original_after = &text[folded.original_span(end..end + 1).end..];
        let acronym: String = original_after
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if (2..=5).contains(&acronym.len())
            && acronym.chars().all(|c| c.is_ascii_uppercase())
            && !["US", "UN", "EU"].contains(&acronym.as_str())
        {
            return true;
        }
        let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        if word.is_empty() || !ORGANISATION_HEADS.contains(&word.as_str()) {
            return false;
        }
        // The head word must be capitalised in the original ("Herald", not
        // "herald") and follow the name after plain spaces ("SEOUL/BEIJING -
        // Daily NK" is a dateline, not the Beijing Daily).
        let at = end + 1;
        let head = folded.original_span(at..at + word.len());
        let name_end = folded.original_span(end - 1..end).end;
        text[name_end..head.start].chars().all(|c| c == ' ')
            && text[head].chars().next().is_some_and(char::is_uppercase)
    }

    /// Hangul words ending in a designator whose stem is not a known Hangul
    /// name: look up the romanizations of the stem (보천군 → Pochon).
    fn find_romanized_hangul(
        &self,
        gazetteer: &Gazetteer,
        folded: &FoldedText,
        mentions: &mut Vec<Mention>,
    ) {
        let f = folded.text.as_str();
        // The automaton's mentions are sorted and do not overlap: a binary
        // search finds the first one that ends after a word's start.
        let covered: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
        // Folded end offset of each province mention, for address order.
        let province_ends: HashMap<usize, Vec<String>> = mentions
            .iter()
            .filter_map(|m| {
                let provinces: Vec<String> = m
                    .candidates
                    .iter()
                    .map(|&id| gazetteer.place(id))
                    .filter(|p| p.level() == Level::Province)
                    .map(|p| p.admin1.clone())
                    .collect();
                (!provinces.is_empty()).then(|| (folded.folded_offset(m.span.end), provinces))
            })
            .collect();
        let mut pos = 0;
        while pos < f.len() {
            let Some(offset) = f[pos..].find(is_hangul_syllable) else {
                break;
            };
            let start = pos + offset;
            let mut end = f[start..]
                .char_indices()
                .find(|(_, c)| !is_hangul_syllable(*c))
                .map_or(f.len(), |(i, _)| start + i);
            pos = end;
            let original = folded.original_span(start..end);
            // A name run together with a known one (무산군회령시): the part
            // before the known name is a word of its own.
            let from = covered.partition_point(|c| c.end <= original.start);
            if let Some(first) = covered[from..]
                .iter()
                .take_while(|c| c.start < original.end)
                .map(|c| c.start)
                .min()
            {
                if first <= original.start {
                    continue;
                }
                end = folded.folded_offset(first);
            }
            let word = &f[start..end];
            let mut found = self.romanized_word(gazetteer, word).map(|m| (m, 0));
            if found.is_none()
                && let Some(after) = f[end..].strip_prefix(' ')
            {
                // A designator written as a word of its own: 김형직 읍.
                let next = &after[..hangul_word_end(after, 0)];
                let spaced = HANGUL_DESIGNATORS.iter().any(|(d, _)| {
                    d.chars().count() == 1 && next.strip_prefix(d).is_some_and(is_particle_or_empty)
                });
                if spaced
                    && let Some(m) = self.romanized_word(gazetteer, &format!("{word}{next}"))
                    && m.0 > word.len()
                {
                    found = Some((m, 1));
                }
            }
            if found.is_none()
                && let Some(provinces) = start.checked_sub(1).and_then(|at| {
                    (f.as_bytes()[at] == b' ')
                        .then(|| province_ends.get(&at))
                        .flatten()
                })
                && let Some(m) = self.after_province(gazetteer, folded, provinces, start, word)
            {
                mentions.push(m);
                continue;
            }
            if let Some((mention, gap)) = found {
                if gap == 0 {
                    let tail = &word[mention.0..];
                    let is_country = mention
                        .2
                        .iter()
                        .any(|&id| gazetteer.place(id).level() == Level::Country);
                    if (tail.is_empty() || tail == "측")
                        && korean::is_attribute(&f[end..], is_country)
                    {
                        continue;
                    }
                }
                let span = folded.original_span(start..start + mention.0 + gap);
                mentions.push(Mention {
                    span,
                    key: mention.1,
                    candidates: mention.2,
                    designator: Some(mention.3),
                    method: Method::Romanized,
                });
            }
        }
    }

    /// A bare Hangul word right after a province in address order (함남
    /// 단천, 양강도 삼수에서): its romanizations are looked up among the
    /// cities and counties of that province.
    fn after_province(
        &self,
        gazetteer: &Gazetteer,
        folded: &FoldedText,
        provinces: &[String],
        start: usize,
        word: &str,
    ) -> Option<Mention> {
        let boundaries: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        for cut in (2..boundaries.len()).rev() {
            let head = &word[..boundaries[cut]];
            if !is_particle_or_empty(&word[boundaries[cut]..]) {
                continue;
            }
            for variant in romanize::romanized_variants(head) {
                let key = lookup_key(&variant);
                let Some(ids) = self.candidates.get(&key) else {
                    continue;
                };
                let fitting: Vec<PlaceId> = ids
                    .iter()
                    .copied()
                    .filter(|&id| {
                        let p = gazetteer.place(id);
                        matches!(p.level(), Level::City | Level::County)
                            && provinces.contains(&p.admin1)
                    })
                    .collect();
                if !fitting.is_empty() {
                    return Some(Mention {
                        span: folded.original_span(start..start + head.len()),
                        key,
                        candidates: fitting,
                        designator: None,
                        method: Method::Romanized,
                    });
                }
            }
        }
        None
    }

    /// Splits a Hangul word into stem + designator + particle and looks the
    /// stem's romanizations up. Returns the byte length of stem + designator,
    /// the key, the candidates of the designator's level and the designator.
    fn romanized_word(
        &self,
        gazetteer: &Gazetteer,
        word: &str,
    ) -> Option<(usize, String, Vec<PlaceId>, Designator)> {
        for head in heads_before_particle(word) {
            for (d, kind) in HANGUL_DESIGNATORS {
                let Some(stem) = head.strip_suffix(d) else {
                    continue;
                };
                if stem.chars().count() < 2 {
                    continue;
                }
                for variant in romanize::romanized_variants(stem) {
                    let key = lookup_key(&variant);
                    let Some(ids) = self.candidates.get(&key) else {
                        continue;
                    };
                    let fitting: Vec<PlaceId> = ids
                        .iter()
                        .copied()
                        .filter(|&id| kind.fits(gazetteer.place(id).level()))
                        .collect();
                    if !fitting.is_empty() {
                        return Some((head.len(), key, fitting, kind));
                    }
                }
            }
        }
        None
    }
}

/// Hangul designators of units below a county: villages (리), town
/// neighbourhoods (동), towns (읍) and townships (면).
const HANGUL_VILLAGE_DESIGNATORS: [&str; 8] =
    ["노동자구", "지구", "구역", "리", "동", "읍", "면", "섬"];

/// Korean addresses run from the larger unit to the smaller, separated by
/// spaces (양강도 보천군 화전리). A Hangul word ending in a village
/// designator right after a county or city mention is a place of that
/// county, even when the gazetteer does not know it: it becomes a mention
/// whose candidates are the county's. `mentions` must be sorted.
fn find_address_children(gazetteer: &Gazetteer, folded: &FoldedText, mentions: &mut Vec<Mention>) {
    let f = folded.text.as_str();
    let mut added = Vec::new();
    let covered = Covered::new(mentions.iter().map(|m| &m.span));
    for m in mentions.iter() {
        let units: Vec<PlaceId> = m
            .candidates
            .iter()
            .copied()
            .filter(|&id| matches!(gazetteer.place(id).level(), Level::County | Level::City))
            .collect();
        if units.is_empty() {
            continue;
        }
        // The folded position right after the mention.
        let end = folded.folded_offset(m.span.end);
        let Some(after) = f[end..].strip_prefix(' ') else {
            continue;
        };
        let word_end = hangul_word_end(after, 0);
        let word = &after[..word_end];
        for head in heads_before_particle(word) {
            if HANGUL_VILLAGE_DESIGNATORS.iter().any(|d| head.ends_with(d)) {
                let start = end + 1;
                let span = folded.original_span(start..start + head.len());
                if !covered.overlaps(&span) {
                    added.push(Mention {
                        span,
                        key: head.to_string(),
                        candidates: units.clone(),
                        designator: Some(Designator::Village),
                        method: Method::Unlisted,
                    });
                }
                break;
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// Whether the word right before byte `at` (across one space) starts with a
/// capital letter.
fn capitalised_word_before(text: &str, at: usize) -> bool {
    let Some(before) = text[..at].strip_suffix(' ') else {
        return false;
    };
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    before[word_start..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && word_start < before.len()
}

/// Whether the word right after byte `at` (across one space) starts with a
/// capital letter and is not a designator ("Province", "County").
fn capitalised_word_after(text: &str, at: usize) -> bool {
    let Some(after) = text[at..].strip_prefix(' ') else {
        return false;
    };
    let word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let folded = format!(" {}", word.to_lowercase());
    word.chars().next().is_some_and(char::is_uppercase)
        && !FOLLOWING.iter().any(|(d, _)| *d == folded)
        && !korean::english_facilities().contains(&word.as_str())
}

/// The shortest window of words the spelling-variant fallback looks up.
const PHONETIC_MIN_LETTERS: usize = 4;

/// Latin designators of units below a county, as written after a name.
const LATIN_VILLAGE_DESIGNATORS: [&str; 13] = [
    " Village", " village", "-ri", " ri", "-dong", " dong", " Dong", "-ni", "-up", "-ŭp",
    " Island", "-do", " Islet",
];

/// English addresses run from the smaller unit to the larger: "Hwajon
/// Village, Pochon County", "Nammun-dong of Hoeryong City". A capitalised
/// name with a village designator right before ", " and a county or city
/// mention is a place of that county or city even when the gazetteer does
/// not know it: it becomes a mention whose candidates are the county's or
/// city's. `mentions` must be sorted.
fn find_latin_address_children(gazetteer: &Gazetteer, text: &str, mentions: &mut Vec<Mention>) {
    let mut added = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let units: Vec<PlaceId> = m
            .candidates
            .iter()
            .copied()
            .filter(|&id| matches!(gazetteer.place(id).level(), Level::County | Level::City))
            .collect();
        if units.is_empty() {
            continue;
        }
        let Some(before) = [", ", " of ", " in ", ", in "]
            .iter()
            .find_map(|gap| text[..m.span.start].strip_suffix(gap))
        else {
            continue;
        };
        let Some(designator) = LATIN_VILLAGE_DESIGNATORS
            .iter()
            .find(|d| before.ends_with(*d))
        else {
            continue;
        };
        let name_end = before.len() - designator.len();
        let name_start = text[..name_end]
            .rfind(|c: char| !(c.is_alphanumeric() || crate::normalize::is_apostrophe(c)))
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let name = &text[name_start..name_end];
        if name.chars().count() < 2 || !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let span = name_start..before.len();
        let previous_end = if i == 0 { 0 } else { mentions[i - 1].span.end };
        if span.start < previous_end {
            continue;
        }
        added.push(Mention {
            span,
            key: lookup_key(&text[name_start..before.len()]),
            candidates: units,
            designator: Some(Designator::Village),
            method: Method::Unlisted,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// A gloss in parentheses right after a Latin mention ("Ji'an (集安)",
/// "Manp'o (만포시 / 滿浦市)") is part of that mention: English text glosses a
/// name, it does not mention the place twice. (Korean text names the place
/// again in the gloss, 카이산툰(開山屯): those stay two mentions.)
fn merge_glosses(text: &str, mentions: &mut Vec<Mention>) {
    // Mentions inside a gloss are marked dead rather than removed one gloss
    // at a time, which would shift the rest of a long document's mentions
    // for every gloss.
    let n = mentions.len();
    let mut dead = vec![false; n];
    let next_alive = |dead: &[bool], from: usize| (from..n).find(|&j| !dead[j]);
    let mut i = 0;
    while i < n {
        let Some(j) = next_alive(&dead, i + 1) else {
            break;
        };
        let (first, second) = (&mentions[i], &mentions[j]);
        if first.span.end <= second.span.start
            && let Some(end) = gloss_end(text, first, second)
        {
            // Drop every mention inside the parentheses: sorted by start,
            // they follow `i` (after any that start where it does).
            let start = first.span.start;
            for k in j..n {
                let s = mentions[k].span.start;
                if s >= end {
                    break;
                }
                if s > start {
                    dead[k] = true;
                }
            }
            mentions[i].span.end = end;
        }
        match next_alive(&dead, i + 1) {
            Some(next) => i = next,
            None => break,
        }
    }
    let mut k = dead.into_iter();
    mentions.retain(|_| !k.next().unwrap_or(false));
}

/// The end of the parenthesised gloss after `first` when `second` is the
/// glossed name inside it (a Latin mention, then " (" and Hangul or Han
/// text up to the closing parenthesis).
fn gloss_end(text: &str, first: &Mention, second: &Mention) -> Option<usize> {
    let latin = text[first.span.clone()]
        .chars()
        .all(|c| !is_hangul_syllable(c) && !crate::gazetteer::hanja::is_han(c));
    let gap = &text[first.span.end..second.span.start];
    if !latin || !(gap == " (" || gap == "(") {
        return None;
    }
    // Up to the closing parenthesis, only spaces, slashes, Hangul and Han:
    // the scan stops at the first other character.
    let (at, c) = text[second.span.end..].char_indices().find(|&(_, ch)| {
        !(ch == ' ' || ch == '/' || is_hangul_syllable(ch) || crate::gazetteer::hanja::is_han(ch))
    })?;
    (c == ')').then_some(second.span.end + at + 1)
}

/// A bare Sino-Korean reading (단동, 집안) is often also a Korean word (통화
/// is a phone call, 집안 a family): it stays a mention only when the text
/// supports it: a designator (집안시), a gloss beside it (투먼(도문)), or
/// another mention of the same place in the document by a designator or
/// another name.
fn keep_supported_readings(text: &str, mentions: &mut Vec<Mention>) {
    let supported_keys: HashSet<String> = mentions
        .iter()
        .filter(|m| m.method == Method::SinoKorean && m.designator.is_some())
        .map(|m| m.key.clone())
        .collect();
    let other_places: HashSet<PlaceId> = mentions
        .iter()
        .filter(|m| m.method != Method::SinoKorean)
        .flat_map(|m| m.candidates.iter().copied())
        .collect();
    mentions.retain(|m| {
        let glossed = text[..m.span.start].ends_with('(')
            || text[m.span.end..].starts_with('(')
            || text[m.span.end..].starts_with(')');
        m.method != Method::SinoKorean
            || m.designator.is_some()
            || glossed
            || supported_keys.contains(&m.key)
            || m.candidates.iter().any(|c| other_places.contains(c))
    });
}

/// Keeps mentions from overlapping: of two that do, the earlier (then the
/// longer) stays. `mentions` must be sorted by start.
fn remove_overlaps(mentions: &mut Vec<Mention>) {
    let mut end = 0;
    mentions.retain(|m| {
        let keep = m.span.start >= end;
        if keep {
            end = m.span.end;
        }
        keep
    });
}

/// A name found in the folded text, before it is checked.
struct Hit<'a> {
    start: usize,
    end: usize,
    hangul: bool,
    lowercase_ok: bool,
    key: &'a str,
    candidates: &'a [PlaceId],
}

/// The byte length of " Facility" right after `at` in the original text:
/// a space and a capitalised facility head word of `facilities.txt`.
fn english_facility_after(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix(' ')?;
    let word_end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    korean::english_facilities()
        .contains(&word)
        .then_some(1 + word_end)
}

/// File-name extensions: a name inside "Hambuk-Hoiryong.PNG" is part of a
/// file name, not a mention.
const FILE_EXTENSIONS: [&str; 8] = [
    ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".html", ".htm", ".svg",
];

/// Whether the run of non-space characters around `span` is a file name
/// or a web address.
fn in_file_name_or_url(text: &str, span: Range<usize>) -> bool {
    // White space may be wider than one byte (a no-break space).
    let start = text[..span.start]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[span.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| span.end + i);
    let token = text[start..end]
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '.')
        .to_lowercase();
    let token = token.trim_end_matches('.');
    FILE_EXTENSIONS.iter().any(|e| token.ends_with(e))
        || token.contains("://")
        || token.contains("www.")
}

/// A parenthesised gloss and a one-syllable designator right after a name
/// ("(遼寧)성"): the byte length of both and the designator.
fn glossed_designator(after: &str) -> Option<(usize, Designator)> {
    let inner = after.strip_prefix('(')?;
    // The gloss runs to the first character that is neither Han nor Hangul,
    // which must close it (a scan to the first ')' of a long text would be
    // quadratic over its names).
    let close = inner
        .find(|c: char| !(crate::gazetteer::hanja::is_han(c) || is_hangul_syllable(c)))
        .filter(|&c| inner[c..].starts_with(')'))?;
    if close == 0 {
        return None;
    }
    let rest = &inner[close + 1..];
    let word_end = hangul_word_end(rest, 0);
    HANGUL_DESIGNATORS.iter().find_map(|(d, kind)| {
        let tail = rest[..word_end].strip_prefix(d)?;
        (d.chars().count() == 1 && is_particle_or_empty(tail))
            .then_some((1 + close + 1 + d.len(), *kind))
    })
}

/// The end of the run of Hangul syllables starting at `from`.
fn hangul_word_end(f: &str, from: usize) -> usize {
    f[from..]
        .char_indices()
        .find(|(_, c)| !is_hangul_syllable(*c))
        .map_or(f.len(), |(i, _)| from + i)
}

/// Byte ranges of the runs of ASCII letters in the folded text.
fn latin_words(f: &str) -> Vec<(usize, usize)> {
    let bytes = f.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let next_is_letter = f[i..].chars().next().is_some_and(char::is_alphanumeric);
            if !next_is_letter {
                words.push((start, i));
            }
        }
        i += 1;
    }
    words
}

/// English words that follow a place name after a hyphen to make a compound
/// modifier ("China-based", "U.S.-led", "North Korea-related").
const COMPOUND_HEADS: [&str; 24] = [
    "based",
    "born",
    "bound",
    "backed",
    "bred",
    "centered",
    "centred",
    "controlled",
    "era",
    "flagged",
    "focused",
    "funded",
    "led",
    "linked",
    "made",
    "oriented",
    "owned",
    "registered",
    "related",
    "run",
    "specific",
    "style",
    "wide",
    "made",
];

/// Whether the text after a Latin name shows that the name is only the
/// start of a longer proper name: a hyphen and a lower-case word ("Jang
/// Song-taek"), or two capitalised words ("Han Hye Young", a person).
fn continues_as_longer_name(after: &str) -> bool {
    if let Some(rest) = after.strip_prefix('-') {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        let lower = word.chars().next().is_some_and(char::is_lowercase);
        // "North Korea-related", "U.S.-led" are compound modifiers of the
        // place; "Jang Song-taek" is a person.
        return lower && !COMPOUND_HEADS.contains(&word.as_str());
    }
    let mut words = after.split(' ');
    if words.next() != Some("") {
        return false;
    }
    // A Korean given name after a family name: "Ban Ki-moon", "Kim
    // Jong-un" (a designator after the hyphen is a place: "Sang-ri").
    if let Some(next) = after
        .strip_prefix(' ')
        .and_then(|a| a.split([' ', ',', '.']).next())
        && let Some((first, second)) = next.split_once('-')
        && first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase)
        && first.len() > 1
        && second.len() > 1
        && second.chars().all(char::is_lowercase)
        && ![
            "ri", "ni", "dong", "gun", "si", "do", "up", "gu", "guyok", "eup",
        ]
        .contains(&second)
    {
        return true;
    }
    let titlecase = |w: Option<&str>| {
        w.is_some_and(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase)
                && c.clone().next().is_some()
                && c.all(char::is_lowercase)
        })
    };
    titlecase(words.next()) && titlecase(words.next())
}

/// The prefixes of a Hangul word that a particle (or nothing) follows,
/// longest first, of at least three syllables: a two-syllable stem and a
/// designator (보천군 in 보천군의).
fn heads_before_particle(word: &str) -> Vec<&str> {
    let boundaries: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    (3..boundaries.len())
        .rev()
        .filter(|&cut| is_particle_or_empty(&word[boundaries[cut]..]))
        .map(|cut| &word[..boundaries[cut]])
        .collect()
}

fn is_particle_or_empty(rest: &str) -> bool {
    korean::is_particle_tail(rest)
}

#[cfg(test)]
mod file_name_tests {
    use super::in_file_name_or_url;

    #[test]
    fn a_wide_space_before_a_name_is_no_panic() {
        let text = "x\u{a0}Hoeryong.png and\u{3000}Musan";
        let at = text.find("Hoeryong").unwrap();
        assert!(in_file_name_or_url(text, at..at + 8));
        let at = text.find("Musan").unwrap();
        assert!(!in_file_name_or_url(text, at..at + 5));
    }
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
        let cases: [(&str, &str, &[&str]); 7] = [
            ("particle after the name", "회령에서 온 소식", &["회령"]),
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
}
