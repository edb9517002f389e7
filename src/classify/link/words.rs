//! The word lists of the linking rules, read from `lexicon/link.tsv`.

use std::sync::OnceLock;

use super::PlaceLevel;
use crate::double_array::DoubleArray;

/// The word lists of the linking rules, one per role of
/// `lexicon/link.tsv` (where each group says where it comes from).
#[derive(Debug, Default)]
pub(super) struct LinkWords {
    pub(super) source_before: Vec<&'static str>,
    pub(super) source_after: Vec<&'static str>,
    pub(super) authority_before: Vec<&'static str>,
    pub(super) speaker_verb: Vec<&'static str>,
    pub(super) speaker_skip: Vec<&'static str>,
    pub(super) locative_before: Vec<&'static str>,
    pub(super) partitive: Vec<&'static str>,
    pub(super) origin_before: Vec<&'static str>,
    pub(super) motion_verb: Vec<&'static str>,
    pub(super) destination_before: Vec<&'static str>,
    pub(super) then_after_destination: Vec<&'static str>,
    pub(super) motion_stem_ko: Vec<&'static str>,
    pub(super) origin_after: Vec<&'static str>,
    pub(super) origin_after_ko: Vec<&'static str>,
    pub(super) origin_from_ko: Vec<&'static str>,
    pub(super) coordinator: Vec<&'static str>,
    pub(super) locus_after_ko: Vec<&'static str>,
    pub(super) clause_opener: Vec<&'static str>,
    pub(super) list_marker: Vec<&'static str>,
    pub(super) back_plural_det: Vec<(&'static str, usize)>,
    pub(super) back_plural_noun: Vec<&'static str>,
    pub(super) back_singular_det: Vec<&'static str>,
    pub(super) back_singular_noun: Vec<(&'static str, Option<PlaceLevel>)>,
    pub(super) stretch_from: Vec<&'static str>,
    pub(super) stretch_to: Vec<&'static str>,
    pub(super) stretch_to_end_ko: Vec<&'static str>,
    pub(super) designator: Vec<&'static str>,
    /// Every noun of `back_plural_noun` and `back_singular_noun`, for one
    /// search of a sentence (see [`BackNouns`]).
    pub(super) back_nouns: BackNouns,
    /// One automaton over `list_marker`: whether a sentence holds one is a
    /// single pass, not a substring search per marker.
    pub(super) list_marker_search: Option<aho_corasick::AhoCorasick>,
}

impl LinkWords {
    /// Whether `text` contains a word of `list_marker` anywhere (as a
    /// substring).
    pub(super) fn has_list_marker(&self, text: &str) -> bool {
        self.list_marker_search
            .as_ref()
            .is_some_and(|search| search.is_match(text))
    }
}

/// The back-reference nouns, searched for in one pass: pattern `i` of the
/// automaton is the `i`th distinct noun; `lists[i]` says where it stands
/// in the two noun lists (plural first, then singular, in list order).
#[derive(Debug, Default)]
pub(super) struct BackNouns {
    pub(super) automaton: Option<DoubleArray>,
    pub(super) lists: Vec<Vec<BackNoun>>,
}

/// Where a back-reference noun stands in the lists of `link.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum BackNoun {
    /// Entry `i` of `back_plural_noun`.
    Plural(usize),
    /// Entry `i` of `back_singular_noun`.
    Singular(usize),
}

impl BackNouns {
    fn new(plural: &[&'static str], singular: &[(&'static str, Option<PlaceLevel>)]) -> BackNouns {
        let mut nouns: Vec<&str> = Vec::new();
        let mut lists: Vec<Vec<BackNoun>> = Vec::new();
        let entries = plural
            .iter()
            .enumerate()
            .map(|(i, &n)| (n, BackNoun::Plural(i)));
        let entries = entries.chain(
            singular
                .iter()
                .enumerate()
                .map(|(i, &(n, _))| (n, BackNoun::Singular(i))),
        );
        for (noun, at) in entries {
            match nouns.iter().position(|&n| n == noun) {
                Some(i) => lists[i].push(at),
                None => {
                    nouns.push(noun);
                    lists.push(vec![at]);
                }
            }
        }
        // The prefilter pays here: the nouns' first two bytes are rare
        // enough in a sentence that it skips most of it.
        let automaton = daachorse::DoubleArrayAhoCorasick::new(&nouns)
            .ok()
            .map(DoubleArray);
        BackNouns { automaton, lists }
    }
}

pub(super) const LINK_WORDS: &str = include_str!("../lexicon/link.tsv");

impl LinkWords {
    /// Parses `link.tsv`; the file is embedded, so an unknown role is a
    /// build defect, caught by the unit tests.
    pub(super) fn parse(data: &'static str) -> Result<LinkWords, String> {
        let mut words = LinkWords::default();
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((role, phrase)) = line.split_once('\t') else {
                return Err(format!("link.tsv line {}: no tab", n + 1));
            };
            let bad = |what: &str| format!("link.tsv line {}: {what}", n + 1);
            // The back-reference roles carry a value in a third column.
            match role {
                "back_plural_det" => {
                    let (det, count) = phrase.split_once('\t').ok_or_else(|| bad("no count"))?;
                    let count = count.parse().map_err(|_| bad("count is not a number"))?;
                    words.back_plural_det.push((det, count));
                    continue;
                }
                "back_singular_noun" => {
                    let (noun, level) = phrase.split_once('\t').ok_or_else(|| bad("no level"))?;
                    let level = match level {
                        "city" => Some(PlaceLevel::City),
                        "county" => Some(PlaceLevel::County),
                        "province" => Some(PlaceLevel::Province),
                        "point" => Some(PlaceLevel::Point),
                        "any" => None,
                        _ => return Err(bad("unknown level")),
                    };
                    words.back_singular_noun.push((noun, level));
                    continue;
                }
                _ => {}
            }
            let list = match role {
                "source_before" => &mut words.source_before,
                "source_after" => &mut words.source_after,
                "authority_before" => &mut words.authority_before,
                "speaker_verb" => &mut words.speaker_verb,
                "speaker_skip" => &mut words.speaker_skip,
                "locative_before" => &mut words.locative_before,
                "partitive" => &mut words.partitive,
                "origin_before" => &mut words.origin_before,
                "motion_verb" => &mut words.motion_verb,
                "destination_before" => &mut words.destination_before,
                "then_after_destination" => &mut words.then_after_destination,
                "motion_stem_ko" => &mut words.motion_stem_ko,
                "origin_after" => &mut words.origin_after,
                "origin_after_ko" => &mut words.origin_after_ko,
                "origin_from_ko" => &mut words.origin_from_ko,
                "coordinator" => &mut words.coordinator,
                "locus_after_ko" => &mut words.locus_after_ko,
                "clause_opener" => &mut words.clause_opener,
                "list_marker" => &mut words.list_marker,
                "back_plural_noun" => &mut words.back_plural_noun,
                "back_singular_det" => &mut words.back_singular_det,
                "stretch_from" => &mut words.stretch_from,
                "stretch_to" => &mut words.stretch_to,
                "stretch_to_end_ko" => &mut words.stretch_to_end_ko,
                "designator" => &mut words.designator,
                other => return Err(format!("link.tsv line {}: unknown role {other}", n + 1)),
            };
            list.push(phrase);
        }
        words.back_nouns = BackNouns::new(&words.back_plural_noun, &words.back_singular_noun);
        // No marker: no automaton, and nothing matches (`None` is also the
        // default of the struct).
        words.list_marker_search = if words.list_marker.is_empty() {
            None
        } else {
            Some(
                aho_corasick::AhoCorasick::new(&words.list_marker)
                    .map_err(|e| format!("link.tsv list_marker: {e}"))?,
            )
        };
        Ok(words)
    }
}

/// The embedded linking words.
pub(super) fn words() -> &'static LinkWords {
    static WORDS: OnceLock<LinkWords> = OnceLock::new();
    WORDS.get_or_init(|| LinkWords::parse(LINK_WORDS).unwrap_or_else(|e| panic!("{e}")))
}

/// The designators of `link.tsv` ("city", "-gun", "시"), which two
/// mentions of one locality may differ by.
pub(crate) fn designators() -> &'static [&'static str] {
    &words().designator
}
