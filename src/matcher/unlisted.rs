//! Places the gazetteer lacks, recognised by their designator.
//!
//! No source lists every North Korean village (-ri, 리), neighbourhood
//! (-dong, 동), workers' district (노동자구), islet (-do, Island, 섬), stream
//! (-chon, 천) or hill (-san, 산). A word that ends in such a designator is a place when the text
//! treats it as one:
//!
//! - it follows its county or city in Korean address order (보천군 화전리)
//!   or comes before it in English ("Hwajon-ri, Pochon County"): see
//!   `find_address_children` in the parent module; it is located there;
//! - it is coordinated with a place (김형직 읍과 죽전리, 상단리와 하단리) or
//!   stands in a list of such words (금생리, 망양동, 유선지구 등); it takes
//!   the county of the place it is listed with, when that one has one;
//! - it repeats a word accepted so far in the document;
//! - in English, a capitalised name with a hyphenated designator or
//!   "Island" (Wihwa-do, Hwanggumpyong Island) is a place on its own.
//!
//! Korean words that end like a designator but are common nouns (관리,
//! 활동) are kept out by the stop list `unlisted_stop_ko.txt`.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::designators::strip_designator_suffix;
use super::{Designator, Mention, Method, hangul_word_end, heads_before_particle};
use crate::gazetteer::PlaceId;
use crate::normalize::{FoldedText, is_hangul_syllable, lookup_key};
use crate::word_list::WordList;

const STOP: &str = include_str!("unlisted_stop_ko.txt");

/// Hangul designators of places below a county, longest first.
pub const HANGUL_UNLISTED_DESIGNATORS: [(&str, Designator); 10] = [
    ("노동자구", Designator::District),
    ("지구", Designator::District),
    ("구역", Designator::District),
    ("리", Designator::Village),
    ("동", Designator::Village),
    ("읍", Designator::Town),
    ("면", Designator::Village),
    ("섬", Designator::Island),
    ("천", Designator::River),
    ("산", Designator::Mountain),
];

/// Latin designators that make a capitalised name a place on their own.
const LATIN_UNLISTED_DESIGNATORS: [(&str, Designator); 13] = [
    (" Island", Designator::Island),
    (" island", Designator::Island),
    (" Islet", Designator::Island),
    ("-do", Designator::Island),
    ("-ri", Designator::Village),
    ("-ni", Designator::Village),
    ("-dong", Designator::Village),
    ("-gu", Designator::District),
    (" Workers' District", Designator::District),
    ("-chon", Designator::River),
    (" Stream", Designator::River),
    ("-san", Designator::Mountain),
    (" Hill", Designator::Mountain),
];

/// What joins two items of a Korean or English list.
static COORDINATION: WordList = WordList::new(include_str!("coordination.txt"));

fn stop_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        STOP.lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A word that may be an unlisted place: its span in the original text,
/// the name with its designator, and the designator.
#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    name: String,
    designator: Designator,
}

/// Hangul words ending in a designator (before particles), not covered by
/// `covered`, with a stem of two syllables or more.
fn hangul_candidates(folded: &FoldedText, covered: &[Range<usize>]) -> Vec<Candidate> {
    let f = folded.text.as_str();
    let mut out = Vec::new();
    if f.is_ascii() {
        // No Hangul word: a fast test instead of decoding every character.
        return out;
    }
    let mut pos = 0;
    while let Some(offset) = f[pos..].find(is_hangul_syllable) {
        let start = pos + offset;
        let end = hangul_word_end(f, start);
        pos = end;
        let word = &f[start..end];
        let span = folded.original_span(start..end);
        if overlaps(covered, &span) {
            continue;
        }
        'heads: for head in heads_before_particle(word) {
            for (d, designator) in HANGUL_UNLISTED_DESIGNATORS {
                let Some(stem) = strip_designator_suffix(head, d) else {
                    continue;
                };
                if stem.chars().count() < 2 || is_stop(head) {
                    continue;
                }
                out.push(Candidate {
                    span: folded.original_span(start..start + head.len()),
                    name: head.to_string(),
                    designator,
                });
                break 'heads;
            }
        }
    }
    out
}

/// Whether a Hangul head is a common noun: it is on the stop list, or ends
/// in 동 or 면 and in a two-syllable noun of it (밀수활동 ends in 활동; a
/// village such as 다지리 may end like a noun in 리).
fn is_stop(head: &str) -> bool {
    let stop = stop_words();
    let chars: Vec<(usize, char)> = head.char_indices().collect();
    stop.contains(head)
        || ((head.ends_with('동') || head.ends_with('면'))
            && chars
                .len()
                .checked_sub(2)
                .is_some_and(|i| stop.contains(&head[chars[i].0..])))
}

/// One searcher per Latin designator. Each designator is rare in a text
/// and starts with a space or a hyphen, so a vectorised substring search
/// per designator reads a document faster than one automaton that steps
/// through every byte.
fn latin_designators() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    FINDERS.get_or_init(|| {
        LATIN_UNLISTED_DESIGNATORS
            .iter()
            .map(|(d, _)| memchr::memmem::Finder::new(d.as_bytes()))
            .collect()
    })
}

/// Capitalised Latin names with an unlisted designator, not covered.
fn latin_candidates(text: &str, covered: &[Range<usize>]) -> Vec<Candidate> {
    // Every occurrence of every designator (no designator can overlap
    // itself, so this is what a search per designator finds), in the order
    // such searches one after another would list them once sorted by start.
    let mut found: Vec<(usize, usize, Range<usize>)> = Vec::new();
    let occurrences = latin_designators()
        .iter()
        .enumerate()
        .flat_map(|(pattern, finder)| {
            finder
                .find_iter(text.as_bytes())
                .map(move |at| (pattern, at, at + finder.needle().len()))
        });
    for (pattern, at, end) in occurrences {
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        // The name: letters, apostrophes and inner hyphens before the
        // designator ("Ryuch'o-do", "Tongryuch'o-do").
        let start = text[..at]
            .rfind(|c: char| !(c.is_alphanumeric() || crate::normalize::is_apostrophe(c)))
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let name = &text[start..at];
        // The capital first: most words before a hyphen or a space fail there.
        if !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // "a South Korean island": a demonym, not a name.
        let demonym = ["ean", "ese", "ian", "ish"]
            .iter()
            .any(|e| name.ends_with(e));
        if demonym
            || name.chars().count() < 2
            || !name
                .chars()
                .all(|c| c.is_alphabetic() || crate::normalize::is_apostrophe(c))
        {
            continue;
        }
        let span = start..end;
        if overlaps(covered, &span) {
            continue;
        }
        found.push((span.start, pattern, span));
    }
    found.sort_by_key(|(start, pattern, span)| (*start, *pattern, span.end));
    let mut out: Vec<Candidate> = found
        .into_iter()
        .map(|(_, pattern, span)| Candidate {
            name: text[span.clone()].to_string(),
            span,
            designator: LATIN_UNLISTED_DESIGNATORS[pattern].1,
        })
        .collect();
    out.dedup_by(|a, b| a.span.start < b.span.end && b.span.start < a.span.end);
    out
}

/// Whether `span` overlaps one of `covered` (sorted, not overlapping).
fn overlaps(covered: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = covered.partition_point(|c| c.end <= span.start);
    covered.get(i).is_some_and(|c| c.start < span.end)
}

/// Whether the text between two spans is a coordination ("A, B", "A와 B").
fn coordinated(text: &str, first: &Range<usize>, second: &Range<usize>) -> bool {
    if first.end > second.start {
        return false;
    }
    let gap = &text[first.end..second.start];
    COORDINATION.contains(&gap)
}

/// Adds the unlisted places of `text` to `mentions` (sorted, then kept
/// sorted).
pub fn find_unlisted(text: &str, folded: &FoldedText, mentions: &mut Vec<Mention>) {
    let covered: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
    let mut added: Vec<Mention> = Vec::new();
    // English: a capitalised name with a hyphenated designator or "Island"
    // stands on its own.
    for c in latin_candidates(text, &covered) {
        added.push(Mention {
            key: lookup_key(&c.name).into(),
            span: c.span,
            candidates: Arc::default(),
            designator: Some(c.designator),
            method: Method::Unlisted,
        });
    }
    // Korean: by coordination, lists and repetition.
    let candidates = hangul_candidates(folded, &covered);
    let mut accepted = vec![false; candidates.len()];
    let mut units: Vec<Arc<[PlaceId]>> = vec![Arc::default(); candidates.len()];
    let earlier_unlisted: rustc_hash::FxHashMap<&str, &Mention> = mentions
        .iter()
        .filter(|m| m.method == Method::Unlisted)
        .map(|m| (&text[m.span.clone()], m))
        .collect();
    let unlisted_before: HashSet<String> = earlier_unlisted.keys().map(|k| k.to_string()).collect();
    let mut accepted_names: HashSet<String> = HashSet::default();
    for _ in 0..3 {
        for i in 0..candidates.len() {
            if accepted[i] {
                continue;
            }
            let c = &candidates[i];
            // Next to a known place in a list (the mention just before or
            // just after; `mentions` is sorted).
            let after = mentions.partition_point(|m| m.span.start < c.span.end);
            let before = mentions.partition_point(|m| m.span.end <= c.span.start);
            let by_place = [before.checked_sub(1), Some(after)]
                .into_iter()
                .flatten()
                .filter_map(|k| mentions.get(k))
                .find(|m| {
                    coordinated(text, &m.span, &c.span) || coordinated(text, &c.span, &m.span)
                });
            // Next to another candidate (a list of designated words).
            let by_candidate = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter(|&j| j < candidates.len())
                .find(|&j| {
                    coordinated(text, &candidates[j].span, &c.span)
                        || coordinated(text, &c.span, &candidates[j].span)
                });
            let repeated = unlisted_before.contains(&c.name) || accepted_names.contains(&c.name);
            if by_place.is_some() || by_candidate.is_some() || repeated {
                accepted_names.insert(c.name.clone());
            }
            if let Some(m) = by_place {
                accepted[i] = true;
                units[i] = if m.method == Method::Unlisted {
                    Arc::clone(&m.candidates)
                } else {
                    Arc::default()
                };
            } else if let Some(j) = by_candidate {
                accepted[i] = true;
                units[i] = units[j].clone();
            } else if repeated {
                accepted[i] = true;
            }
        }
    }
    // A repeated name takes the units its earlier mention had.
    for (i, c) in candidates.iter().enumerate() {
        if !accepted[i] {
            continue;
        }
        let mut located = units[i].clone();
        if located.is_empty()
            && let Some(m) = earlier_unlisted.get(c.name.as_str())
        {
            located = m.candidates.clone();
        }
        added.push(Mention {
            key: c.name.as_str().into(),
            span: c.span.clone(),
            candidates: located,
            designator: Some(c.designator),
            method: Method::Unlisted,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}
