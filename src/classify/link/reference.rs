//! Noun phrases that refer back to places named earlier ("the two towns",
//! "해당 지역"), and the word gaps the linking rules measure.

use std::ops::Range;

use super::PlaceLevel;
use super::roles::ends_with_word;
use super::words::{BackNoun, words};

/// The text between two spans, empty when they touch or overlap.
pub(super) fn gap_text<'t>(text: &'t str, a: &Range<usize>, b: &Range<usize>) -> &'t str {
    if b.end <= a.start {
        &text[b.end..a.start]
    } else if b.start >= a.end {
        &text[a.end..b.start]
    } else {
        ""
    }
}

/// Words between two spans.
pub(super) fn word_gap(text: &str, a: &Range<usize>, b: &Range<usize>) -> usize {
    gap_text(text, a, b).split_whitespace().count()
}

/// What a back-reference refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BackRef {
    /// The last run of that many coordinated places (0: two or more).
    Group(usize),
    /// The last place of that level or called by that noun ("Changbai
    /// Korean Autonomous County ... the county"), or (`None`) the last place
    /// named, with those coordinated with it.
    Place(Option<(PlaceLevel, &'static str)>),
}

/// The back-references of a sentence ("the two towns", "해당 지역"), with
/// their spans: a determiner of `link.tsv`, one space and a noun of the
/// same number.
pub(super) fn back_references(text: &str, sentence: &Range<usize>) -> Vec<(Range<usize>, BackRef)> {
    // ASCII lower-casing keeps byte offsets.
    let lower = text[sentence.clone()].to_ascii_lowercase();
    let w = words();
    let Some(automaton) = &w.back_nouns.automaton else {
        return Vec::new();
    };
    // Every occurrence of every noun, in one pass; then in the order of the
    // lists (each noun's occurrences in text order), which decides between
    // references that tie later.
    let mut found: Vec<(BackNoun, usize, usize)> = Vec::new();
    for m in automaton.0.find_overlapping_iter(&lower) {
        for &at in &w.back_nouns.lists[m.value() as usize] {
            found.push((at, m.start(), m.end()));
        }
    }
    found.sort_unstable();
    let mut out = Vec::new();
    // One noun's occurrences do not overlap (a search for that noun alone
    // resumes after each).
    let mut previous: Option<(BackNoun, usize)> = None;
    for (noun, at, end) in found {
        if previous.is_some_and(|(n, e)| n == noun && at < e) {
            continue;
        }
        previous = Some((noun, end));
        // "towns" but not "townships"; a Korean noun takes its particle.
        let next = lower[end..].chars().next();
        if lower[at..end].is_ascii() && next.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let Some(head) = lower[..at].strip_suffix(' ') else {
            continue;
        };
        let found = match noun {
            BackNoun::Plural(_) => w
                .back_plural_det
                .iter()
                .filter(|(det, _)| ends_with_word(head, det))
                .max_by_key(|(det, _)| det.len())
                .map(|&(det, n)| (det, BackRef::Group(n))),
            BackNoun::Singular(i) => {
                let (noun, level) = w.back_singular_noun[i];
                w.back_singular_det
                    .iter()
                    .filter(|det| ends_with_word(head, det))
                    .max_by_key(|det| det.len())
                    .map(|&det| (det, BackRef::Place(level.map(|l| (l, noun)))))
            }
        };
        if let Some((det, target)) = found {
            let start = sentence.start + at - det.len() - 1;
            out.push((start..sentence.start + end, target));
        }
    }
    out
}
