//! The date phrases of one document, for the events found in it.
//!
//! A document's events ask for the phrases of their sentence, of the
//! paragraph before it and of the paragraph before that. Most of that text
//! holds no date: one pass over the document lists where the words a date
//! needs are (see [`Triggers`]), and a range without one is answered
//! without a search. The ranges searched are remembered, and so is which
//! phrases date the report (most phrases are never asked about).

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;

use super::find;
use super::words::Words;
use super::{EventDate, Phrase, Precision, Tense, resolve};

/// Bytes of text before an evidence sentence searched for its date: the
/// paragraph and the one before it, at most this far back.
const LOOK_BACK: usize = 4000;

/// Ranges whose phrases [`Dates`] remembers: an event asks for the ranges
/// of the events just before it (same sentence, same paragraph).
const REMEMBERED: usize = 16;

/// The words of which every English date phrase holds one: the `month`
/// and `weekday` names of `words.tsv` as written (the forms match them so),
/// its `season` and `trigger` words in any case; the other phrases hold a
/// digit or a non-ASCII (Korean) character. With each word, whether it
/// counts only as written.
fn trigger_words() -> &'static (AhoCorasick, Vec<(&'static str, bool)>) {
    static WORDS: OnceLock<(AhoCorasick, Vec<(&'static str, bool)>)> = OnceLock::new();
    WORDS.get_or_init(|| {
        let words = Words::get();
        let mut list: Vec<(&'static str, bool)> = Vec::new();
        for (kind, as_written) in [
            ("month", true),
            ("weekday", true),
            ("season", false),
            ("trigger", false),
        ] {
            for (w, _) in words.list(kind) {
                list.push((w.as_str(), as_written));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(list.iter().map(|(w, _)| w))
            .expect("trigger words build");
        (automaton, list)
    })
}

/// Where in a document the date phrases may be: every match of every date
/// form holds a digit, a non-ASCII character or a trigger word (see
/// [`trigger_words`]), so a range holding none of them has no phrase.
#[derive(Debug)]
struct Triggers {
    /// Runs of digits and non-ASCII bytes, in order.
    runs: Vec<Range<usize>>,
    /// Every occurrence of a trigger word (overlapping ones too), by start.
    words: Vec<Range<usize>>,
    /// The least end of the occurrences from each one on.
    least_end: Vec<usize>,
    /// The byte offsets of the line breaks (paragraph ends).
    breaks: Vec<usize>,
}

impl Triggers {
    fn new(text: &str) -> Triggers {
        let bytes = text.as_bytes();
        let mut runs: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        while let Some(start) = bytes[at..]
            .iter()
            .position(|b| b.is_ascii_digit() || !b.is_ascii())
        {
            let start = at + start;
            let len = bytes[start..]
                .iter()
                .position(|b| !(b.is_ascii_digit() || !b.is_ascii()))
                .unwrap_or(bytes.len() - start);
            runs.push(start..start + len);
            at = start + len;
        }
        let (automaton, list) = trigger_words();
        let mut words: Vec<Range<usize>> = automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                let (word, as_written) = list[m.pattern().as_usize()];
                !as_written || word == &text[m.range()]
            })
            .map(|m| m.range())
            .collect();
        words.sort_unstable_by_key(|r| (r.start, r.end));
        let mut least_end = vec![0; words.len()];
        let mut least = usize::MAX;
        for (i, w) in words.iter().enumerate().rev() {
            least = least.min(w.end);
            least_end[i] = least;
        }
        Triggers {
            runs,
            words,
            least_end,
            breaks: memchr::memchr_iter(b'\n', bytes).collect(),
        }
    }

    /// Whether `range` holds a digit, a non-ASCII byte or a whole trigger
    /// word.
    fn any_in(&self, range: &Range<usize>) -> bool {
        let run = self.runs.partition_point(|r| r.end <= range.start);
        if self.runs.get(run).is_some_and(|r| r.start < range.end) {
            return true;
        }
        let word = self.words.partition_point(|w| w.start < range.start);
        self.least_end
            .get(word)
            .is_some_and(|&end| end <= range.end)
    }

    /// The start of the line (paragraph) holding byte `at`.
    fn line_start(&self, at: usize) -> usize {
        let before = self.breaks.partition_point(|&b| b < at);
        if before == 0 {
            0
        } else {
            self.breaks[before - 1] + 1
        }
    }
}

/// The date phrases of one document, searched once: a document's events
/// share sentences and paragraphs, and [`super::event_date`] would
/// otherwise search the same text once per event.
#[derive(Debug)]
pub struct Dates<'a> {
    text: &'a str,
    /// Where dates may be (found on the first question).
    triggers: Option<Triggers>,
    /// The phrases of each range searched so far, most recent last, with
    /// `reporting` not yet worked out; a document's events come in text
    /// order, so a short list suffices.
    found: Vec<(Range<usize>, Vec<Phrase>)>,
    /// Whether the phrases asked about date the report.
    reporting: Vec<(Range<usize>, bool)>,
}

impl<'a> Dates<'a> {
    /// Nothing searched yet in `text`.
    pub fn new(text: &'a str) -> Dates<'a> {
        Dates {
            text,
            triggers: None,
            found: Vec::new(),
            reporting: Vec::new(),
        }
    }

    /// The text whose dates these are.
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn triggers(&mut self) -> &Triggers {
        let text = self.text;
        self.triggers.get_or_insert_with(|| Triggers::new(text))
    }

    /// The phrases of `range` as [`find::find_in`] finds them, but with
    /// `reporting` unset: searched once, and not at all where no date can
    /// be.
    fn candidates(&mut self, range: Range<usize>) -> &[Phrase] {
        let text = self.text;
        let aligned = range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if aligned && !self.triggers().any_in(&range) {
            return &[];
        }
        let at = match self.found.iter().position(|(r, _)| *r == range) {
            Some(at) => at,
            None => {
                if self.found.len() == REMEMBERED {
                    self.found.remove(0);
                }
                let phrases = find::find_unmarked(text, range.clone());
                self.found.push((range, phrases));
                self.found.len() - 1
            }
        };
        &self.found[at].1
    }

    /// Whether the phrase at `range` dates the report, worked out once.
    fn is_reporting(&mut self, range: &Range<usize>) -> bool {
        if let Some(&(_, known)) = self.reporting.iter().find(|(r, _)| r == range) {
            return known;
        }
        let known = find::is_reporting(self.text, range);
        self.reporting.push((range.clone(), known));
        known
    }

    /// The phrases of `range`: what [`find::find_in`] gives for it.
    #[cfg(test)]
    pub(super) fn phrases(&mut self, range: Range<usize>) -> Vec<Phrase> {
        let mut phrases = self.candidates(range).to_vec();
        for p in &mut phrases {
            p.reporting = self.is_reporting(&p.range);
        }
        phrases
    }

    /// The first phrase of `range` that dates an event rather than the
    /// report, or with `last` the last one.
    fn event_phrase(&mut self, range: Range<usize>, last: bool) -> Option<Phrase> {
        // Only the phrases up to the one chosen need their reporting
        // worked out.
        let count = self.candidates(range.clone()).len();
        for k in 0..count {
            let i = if last { count - 1 - k } else { k };
            let p = self.candidates(range.clone())[i].clone();
            if !self.is_reporting(&p.range) {
                return Some(p);
            }
        }
        None
    }

    /// [`super::event_date`] of the sentence `sentence` of this text.
    pub fn event_date(
        &mut self,
        sentence: Range<usize>,
        doc: Option<Date>,
        tense: Tense,
    ) -> EventDate<'a> {
        let text = self.text;
        let triggers = self.triggers();
        let para_start = triggers.line_start(sentence.start);
        let prev_start = if para_start > 0 {
            triggers.line_start(para_start - 1)
        } else {
            0
        };
        let mut window_start = prev_start.max(sentence.start.saturating_sub(LOOK_BACK));
        while !text.is_char_boundary(window_start) {
            window_start += 1;
        }
        // The sentence first, then the paragraph before it, then the
        // paragraph before that: each looked at only when the nearer text
        // has no date.
        let chosen = self
            .event_phrase(sentence.clone(), false)
            .or_else(|| self.event_phrase(para_start.max(window_start)..sentence.start, true))
            .or_else(|| self.event_phrase(window_start..para_start.max(window_start), true));
        match chosen {
            Some(p) => {
                let phrase = Some(&text[p.range.clone()]);
                match resolve(p.expr, doc, tense) {
                    Some(span) => EventDate {
                        start: Some(span.start),
                        end: Some(span.end),
                        precision: span.precision,
                        text: phrase,
                    },
                    None => EventDate {
                        start: None,
                        end: None,
                        precision: Precision::Unknown,
                        text: phrase,
                    },
                }
            }
            None => EventDate {
                start: doc,
                end: doc,
                precision: if doc.is_some() {
                    Precision::Document
                } else {
                    Precision::Unknown
                },
                text: None,
            },
        }
    }
}
