//! Building the matcher: one Aho-Corasick automaton over the folded
//! names of the gazetteer, the candidates of each lookup key, and the
//! name lookups the context checks use.

use daachorse::{DoubleArrayAhoCorasickBuilder, MatchKind};

use super::*;

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
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut candidates: HashMap<String, Vec<PlaceId>> = HashMap::default();
        let mut exact_names = HashSet::default();
        let mut common_keys = HashSet::default();
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
                exact_names.insert(name.text.to_string());
                if !hangul && !han && folded.contains(' ') {
                    // "Kimjongsuk" for "Kim Jong Suk".
                    let joined: String = folded.chars().filter(|c| *c != ' ').collect();
                    if !index.contains_key(&joined) && !common.contains(joined.as_str()) {
                        index.insert(joined.clone(), patterns.len());
                        texts.push(joined);
                        patterns.push(Pattern {
                            key: key.as_str().into(),
                            hangul: false,
                            lowercase_ok: false,
                            romanized_only: name.kind == NameKind::Romanized,
                            reading_only: false,
                            candidates: Arc::default(),
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
                            key: key.into(),
                            hangul,
                            lowercase_ok,
                            romanized_only: romanized,
                            reading_only: reading,
                            candidates: Arc::default(),
                        });
                    }
                }
            }
        }
        // One list per key, shared by its patterns and every mention of it.
        let candidates: HashMap<String, Arc<[PlaceId]>> = candidates
            .into_iter()
            .map(|(key, ids)| (key, ids.into()))
            .collect();
        for pattern in &mut patterns {
            pattern.candidates = Arc::clone(&candidates[pattern.key.as_str()]);
        }
        // No prefilter: names start with common letter pairs, so it skips
        // little of a text, and checking it cost more than it saved.
        let automaton = DoubleArray(
            DoubleArrayAhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .use_prefilter(false)
                .build(&texts)
                .expect("gazetteer names make a valid automaton"),
        );
        Matcher {
            automaton,
            patterns,
            candidates,
            exact_names,
            common_keys,
        }
    }

    /// Whether a Hangul text starts with a name of two syllables or more
    /// that the gazetteer knows (무산군회령시: 회령 after 무산군).
    pub(super) fn starts_with_name(&self, rest: &str) -> bool {
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
}

const COMMON_WORDS: &str = include_str!("common_words.txt");

const COMMON_WORDS_KO: &str = include_str!("common_words_ko.txt");
