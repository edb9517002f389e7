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
//! - Korean text: a particle may follow the name without a space (회령에서,
//!   혜산시의); anything else attached to it makes it another word (중국산);
//! - organisation names that contain a place ("Korea Herald", "Hyesan
//!   People's Committee") are dropped.
//!
//! A second pass reads Hangul words that end in a designator (보천군,
//! 화전리) and looks up the romanizations of their stem, for the many North
//! Korean places whose Hangul name no source gives.
//!
//! Every span is a byte range into the original UTF-8 text.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::gazetteer::{Gazetteer, Level, NameKind, PlaceId};
use crate::normalize::{FoldedText, fold, is_hangul_syllable, lookup_key, romanize};

mod covered;
use covered::Covered;

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
    /// A village or neighbourhood the gazetteer does not know, written
    /// after the county or city it belongs to (양강도 보천군 화전리); it is
    /// located at that county or city.
    Parent,
}

impl Method {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Folded => "folded",
            Method::Romanized => "romanized",
            Method::Hangul => "hangul",
            Method::Parent => "parent",
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
    /// Town or village: -ŭp, -ri, -dong, Village, 읍, 리, 동, 면.
    Village,
    /// Island, -do (for islands), 섬.
    Island,
    /// River, -gang, 강.
    River,
    /// Mount, Mountain, -san, 산.
    Mountain,
    /// Region, Special Administrative Region, Autonomous Prefecture.
    Region,
    /// A facility named after the place: a bridge (대교, 다리), a customs
    /// house, a camp. The mention is located at the place it is named after.
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
const FOLLOWING: [(&str, Designator); 30] = [
    (" special administrative region", Designator::Region),
    (" autonomous prefecture", Designator::Region),
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
    (" up", Designator::Village),
    (" eup", Designator::Village),
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
const HANGUL_DESIGNATORS: [(&str, Designator); 18] = [
    ("특별행정구", Designator::Region),
    ("조선족 자치주", Designator::Region),
    ("자치주", Designator::Region),
    ("성", Designator::Province),
    ("특별시", Designator::City),
    ("직할시", Designator::City),
    ("광역시", Designator::City),
    ("시", Designator::City),
    ("군", Designator::County),
    ("구", Designator::District),
    ("도", Designator::Province),
    ("읍", Designator::Village),
    ("면", Designator::Village),
    ("리", Designator::Village),
    ("동", Designator::Village),
    ("강", Designator::River),
    ("산맥", Designator::Mountain),
    ("산", Designator::Mountain),
];

/// One-syllable prefixes that Korean compounds put before a place name:
/// 신 new, 구 old, 남 south, 북 north, 동 east, 서 west.
const HANGUL_PREFIXES: [char; 6] = ['신', '구', '남', '북', '동', '서'];

/// Facility nouns that follow a place name in a Korean compound: bridge,
/// railway bridge, customs house, camp, power station, dam.
const HANGUL_FACILITIES: [&str; 8] = [
    "대교",
    "다리",
    "철교",
    "세관",
    "수용소",
    "관리소",
    "발전소",
    "댐",
];

/// Korean particles and postpositions that may follow a place name without
/// a space. Longest first.
const PARTICLES: [&str; 45] = [
    "에서부터",
    "에서까지",
    "으로부터",
    "에서는",
    "에서도",
    "에서의",
    "으로는",
    "으로도",
    "에게서",
    "까지는",
    "에서",
    "에게",
    "으로",
    "부터",
    "까지",
    "에는",
    "에도",
    "에의",
    "과의",
    "와의",
    "이나",
    "이며",
    "이고",
    "이다",
    "처럼",
    "보다",
    "라는",
    "이라는",
    "지역",
    "일대",
    "인근",
    "측",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
];

/// Capitalised words after a place name that make it part of an
/// organisation's or publication's name ("Korea Herald", "Hyesan People's
/// Committee", "Free North Korea Radio").
const ORGANISATION_HEADS: [&str; 60] = [
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

/// Korean nouns that, after a country name and a space, make it an
/// attribute ("북한 주민" North Korean residents, "북한 당국" the North
/// Korean authorities) rather than a mention of the place.
const KOREAN_ATTRIBUTE_NOUNS: [&str; 15] = [
    "내부소식",
    "주민",
    "주민들",
    "당국",
    "당국은",
    "당국이",
    "당국의",
    "내부소식통",
    "소식통",
    "소식통은",
    "군인",
    "군인들",
    "사람",
    "사람들",
    "노동자",
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
}

/// Finds place mentions; built once per gazetteer.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    candidates: HashMap<String, Vec<PlaceId>>,
    exact_names: HashSet<String>,
}

impl Matcher {
    /// Builds the matcher for every name of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Matcher {
        let common: HashSet<&str> = COMMON_WORDS
            .lines()
            .chain(COMMON_WORDS_KO.lines())
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut candidates: HashMap<String, Vec<PlaceId>> = HashMap::new();
        let mut exact_names = HashSet::new();
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
                if !alias && common.contains(folded.as_str()) {
                    continue;
                }
                let key = lookup_key(&name.text);
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
                        });
                    }
                }
                let lowercase_ok = is_country || folded.contains(' ');
                let romanized = name.kind == NameKind::Romanized;
                match index.get(&folded) {
                    Some(&p) => {
                        let pattern = &mut patterns[p];
                        pattern.lowercase_ok |= lowercase_ok;
                        pattern.romanized_only &= romanized;
                    }
                    None => {
                        index.insert(folded.clone(), patterns.len());
                        texts.push(folded);
                        patterns.push(Pattern {
                            key,
                            hangul,
                            lowercase_ok,
                            romanized_only: romanized,
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
                mention.method = if pattern.hangul {
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
        mentions
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
            if !(hit.hangul
                && word_start
                && HANGUL_PREFIXES.contains(&before)
                && f[start..end].chars().count() >= 2)
            {
                return None;
            }
            mention_start = at;
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
                    && is_particle_or_empty(tail)
                    && fits_any(kind)
                {
                    designator = Some(kind);
                    mention_end = end + d.len();
                    break;
                }
            }
            if designator.is_none() {
                // A facility named after the place: 압록강다리, 신압록강대교.
                for facility in HANGUL_FACILITIES {
                    if let Some(tail) = rest.strip_prefix(facility)
                        && is_particle_or_empty(tail)
                    {
                        designator = Some(Designator::Facility);
                        mention_end = end + facility.len();
                        break;
                    }
                }
            }
            if designator.is_none() && !is_particle_or_empty(rest) {
                return None;
            }
            if rest.is_empty()
                && let Some(after) = f[word_end..].strip_prefix(' ')
            {
                // A designator written as a word of its own: "지린 성", "룽징 시".
                let next_end = hangul_word_end(after, 0);
                for (d, kind) in HANGUL_DESIGNATORS {
                    if let Some(tail) = after[..next_end].strip_prefix(d)
                        && is_particle_or_empty(tail)
                        && d.chars().count() == 1
                        && fits_any(kind)
                    {
                        designator = Some(kind);
                        mention_end = word_end + 1 + d.len();
                        break;
                    }
                }
            }
            if self.is_korean_attribute(gazetteer, hit.candidates, &f[word_end..]) {
                return None;
            }
        } else {
            if f[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            let name_span = folded.original_span(start..end);
            let original = &text[name_span.clone()];
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
            if designator.is_none() && continues_as_longer_name(&text[name_span.end..]) {
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

    /// Whether a Korean country name is used as an attribute: followed by a
    /// space and a people or authority noun (북한 주민, 북한 당국).
    fn is_korean_attribute(
        &self,
        gazetteer: &Gazetteer,
        candidates: &[PlaceId],
        rest: &str,
    ) -> bool {
        let Some(rest) = rest.strip_prefix(' ') else {
            return false;
        };
        let word: String = rest
            .chars()
            .take_while(|c| is_hangul_syllable(*c))
            .collect();
        let attribute = KOREAN_ATTRIBUTE_NOUNS
            .iter()
            .any(|noun| word.strip_prefix(noun).is_some_and(is_particle_or_empty));
        attribute
            && candidates
                .iter()
                .any(|&id| gazetteer.place(id).level() == Level::Country)
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
        let covered = Covered::new(mentions.iter().map(|m| &m.span));
        let mut pos = 0;
        while pos < f.len() {
            let Some(offset) = f[pos..].find(is_hangul_syllable) else {
                break;
            };
            let start = pos + offset;
            let end = f[start..]
                .char_indices()
                .find(|(_, c)| !is_hangul_syllable(*c))
                .map_or(f.len(), |(i, _)| start + i);
            pos = end;
            let word = &f[start..end];
            let original = folded.original_span(start..end);
            if covered.overlaps(&original) {
                continue;
            }
            if let Some(mention) = self.romanized_word(gazetteer, word) {
                let span = folded.original_span(start..start + mention.0);
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
const HANGUL_VILLAGE_DESIGNATORS: [&str; 4] = ["리", "동", "읍", "면"];

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
                        method: Method::Parent,
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
}

/// The shortest window of words the spelling-variant fallback looks up.
const PHONETIC_MIN_LETTERS: usize = 4;

/// Latin designators of units below a county, as written after a name.
const LATIN_VILLAGE_DESIGNATORS: [&str; 10] = [
    " Village", " village", "-ri", " ri", "-dong", " dong", " Dong", "-ni", "-up", "-ŭp",
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
            method: Method::Parent,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
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
    rest.is_empty() || PARTICLES.contains(&rest)
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
                "양강도 보천군 화전리에 사는",
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
