//! The date phrases of one document, for the events found in it.
//!
//! A document's events ask for the phrases of their sentence, of the
//! paragraph before it and of the paragraph before that: searching each
//! range would search most paragraphs once per event. [`Dates`] finds
//! where a date may start in one pass over the text (see
//! [`find::match_spans`]), searches each paragraph asked about once, from
//! its first such place, and answers the ranges inside it from that list
//! (see [`Paragraph::span_of`]). A range it cannot answer so is searched
//! alone.

use std::ops::Range;

use jiff::civil::Date;

use super::find;
use super::{EventDate, Phrase, Precision, Tense, resolve};

/// Bytes of text before an evidence sentence searched for its date: the
/// paragraph and the one before it, at most this far back.
const LOOK_BACK: usize = 4000;

/// Ranges searched alone that [`Dates`] remembers: an event asks for the
/// ranges of the events just before it (same sentence, same paragraph).
const REMEMBERED: usize = 16;

/// What the pass over the whole text found.
#[derive(Debug)]
struct Index {
    /// Where the matches of any form start ([`find::match_spans`]).
    spans: Vec<Range<usize>>,
    /// The byte offsets of the line breaks (paragraph ends).
    breaks: Vec<usize>,
}

impl Index {
    fn new(text: &str) -> Index {
        Index {
            spans: find::match_spans(text),
            breaks: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
        }
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

    /// The end of the line holding byte `at`: after its line break, or the
    /// end of the text.
    fn line_end(&self, at: usize, len: usize) -> usize {
        let before = self.breaks.partition_point(|&b| b < at);
        self.breaks.get(before).map_or(len, |&b| b + 1)
    }

    /// Whether a match of some form may start in `range`.
    fn may_start_in(&self, range: &Range<usize>) -> bool {
        let i = self.spans.partition_point(|s| s.end <= range.start);
        self.spans.get(i).is_some_and(|s| s.start < range.end)
    }
}

/// The phrases of one paragraph (a line, with its line break), searched
/// once.
#[derive(Debug)]
struct Paragraph {
    range: Range<usize>,
    /// Its phrases ([`find::find_in`] of the paragraph, `reporting`
    /// unset), in text order.
    phrases: Vec<Phrase>,
    /// Where each match of each form starts (accepted or not), in order,
    /// and the furthest end of the matches up to there: which matches
    /// cross a given byte.
    starts: Vec<usize>,
    reach: Vec<usize>,
    /// False when a phrase is empty once trimmed: [`Paragraph::span_of`]
    /// then cannot tell from a phrase where its match lay.
    usable: bool,
}

impl Paragraph {
    fn new(text: &str, range: Range<usize>, spans: &[Range<usize>]) -> Paragraph {
        let raw = find::raw_matches(text, range.clone(), Some(spans));
        let mut bounds: Vec<(usize, usize)> =
            raw.iter().map(|m| (m.range.start, m.range.end)).collect();
        bounds.sort_unstable();
        let starts = bounds.iter().map(|b| b.0).collect();
        let reach = bounds
            .iter()
            .scan(0, |furthest, b| {
                *furthest = b.1.max(*furthest);
                Some(*furthest)
            })
            .collect();
        let chosen = find::choose(
            text,
            raw.into_iter().filter_map(|m| Some((m.range, m.expr?))),
        );
        let usable = chosen.iter().all(|(range, _)| !range.is_empty());
        let phrases = chosen
            .into_iter()
            .map(|(range, expr)| Phrase {
                range,
                expr,
                reporting: false,
            })
            .collect();
        Paragraph {
            range,
            phrases,
            starts,
            reach,
            usable,
        }
    }

    /// Whether a match of some form starts before byte `at` and ends after
    /// it.
    fn crossed(&self, at: usize) -> bool {
        let before = self.starts.partition_point(|&s| s < at);
        before > 0 && self.reach[before - 1] > at
    }

    /// Which of the paragraph's phrases are the phrases of `range` (inside
    /// the paragraph, not ending inside a word) as [`find::find_in`] finds
    /// them, or `None` when the paragraph's search cannot tell.
    ///
    /// Each form's search of the paragraph steps from match to match; a
    /// search of the range starts at the range's start, in the text up to
    /// the range's end. The two find the same matches inside the range
    /// unless a match of the paragraph's crosses one of the range's ends
    /// (the range's search may then find another one there); the range
    /// does not end inside a word, where `\b` could hold at the end of the
    /// range's text and fail in the paragraph's. Otherwise every match lies
    /// wholly inside or wholly outside the range, so choosing the longest
    /// of overlapping phrases decides the same for the range's: its
    /// phrases are a run of the paragraph's.
    fn span_of(&self, range: &Range<usize>) -> Option<Range<usize>> {
        if !self.usable || self.crossed(range.start) || self.crossed(range.end) {
            return None;
        }
        // Phrases do not overlap and are not empty: their ends rise with
        // their starts.
        let first = self
            .phrases
            .partition_point(|p| p.range.start < range.start);
        let end = self.phrases.partition_point(|p| p.range.end <= range.end);
        Some(first..end.max(first))
    }
}

/// Where the phrases of a range are.
enum Found {
    /// No phrase.
    None,
    /// A run of a paragraph's phrases.
    Paragraph(usize, Range<usize>),
    /// The range searched alone.
    Alone(usize),
}

/// The date phrases of one document, searched once: a document's events
/// share sentences and paragraphs, and [`super::event_date`] would
/// otherwise search the same text once per event.
#[derive(Debug)]
pub struct Dates<'a> {
    text: &'a str,
    /// What the pass over the text found (on the first question).
    index: Option<Index>,
    /// The paragraphs searched, in the order asked.
    paragraphs: Vec<Paragraph>,
    /// The phrases of ranges searched alone ([`find::find_unmarked`]),
    /// most recent last.
    alone: Vec<(Range<usize>, Vec<Phrase>)>,
    /// Whether the phrases asked about date the report.
    reporting: Vec<(Range<usize>, bool)>,
}

impl<'a> Dates<'a> {
    /// Nothing searched yet in `text`.
    pub fn new(text: &'a str) -> Dates<'a> {
        Dates {
            text,
            index: None,
            paragraphs: Vec::new(),
            alone: Vec::new(),
            reporting: Vec::new(),
        }
    }

    /// The text whose dates these are.
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn index(&mut self) -> &Index {
        let text = self.text;
        self.index.get_or_insert_with(|| Index::new(text))
    }

    /// Where the phrases of `range` are: what [`find::find_in`] gives for
    /// it, with `reporting` unset.
    fn find(&mut self, range: Range<usize>) -> Found {
        let text = self.text;
        let aligned = range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        let maybe_word = |c: Option<char>| {
            c.is_some_and(|c| !(c.is_whitespace() || (c.is_ascii_punctuation() && c != '_')))
        };
        let inside_word = aligned
            && maybe_word(text[..range.end].chars().next_back())
            && maybe_word(text[range.end..].chars().next());
        if !aligned || inside_word {
            return self.alone(range);
        }
        let index = self.index();
        if range.is_empty() || !index.may_start_in(&range) {
            return Found::None;
        }
        let line = index.line_start(range.start)..index.line_end(range.start, text.len());
        if range.end > line.end {
            return self.alone(range);
        }
        let at = match self.paragraphs.iter().position(|p| p.range == line) {
            Some(at) => at,
            None => {
                let index = self.index.as_ref().expect("indexed above");
                self.paragraphs
                    .push(Paragraph::new(text, line, &index.spans));
                self.paragraphs.len() - 1
            }
        };
        match self.paragraphs[at].span_of(&range) {
            Some(span) => Found::Paragraph(at, span),
            None => self.alone(range),
        }
    }

    /// The phrases of `range` searched alone, remembered.
    fn alone(&mut self, range: Range<usize>) -> Found {
        let at = match self.alone.iter().position(|(r, _)| *r == range) {
            Some(at) => at,
            None => {
                if self.alone.len() == REMEMBERED {
                    self.alone.remove(0);
                }
                let phrases = find::find_unmarked(self.text, range.clone());
                self.alone.push((range, phrases));
                self.alone.len() - 1
            }
        };
        Found::Alone(at)
    }

    /// The phrases `found` points at.
    fn phrases_of(&self, found: &Found) -> &[Phrase] {
        match found {
            Found::None => &[],
            Found::Paragraph(at, span) => &self.paragraphs[*at].phrases[span.clone()],
            Found::Alone(at) => &self.alone[*at].1,
        }
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
        let found = self.find(range);
        let mut phrases = self.phrases_of(&found).to_vec();
        for p in &mut phrases {
            p.reporting = self.is_reporting(&p.range);
        }
        phrases
    }

    /// The first phrase of `range` that dates an event rather than the
    /// report, or with `last` the last one.
    fn event_phrase(&mut self, range: Range<usize>, last: bool) -> Option<Phrase> {
        let found = self.find(range);
        // Only the phrases up to the one chosen need their reporting
        // worked out.
        let count = self.phrases_of(&found).len();
        for k in 0..count {
            let i = if last { count - 1 - k } else { k };
            let p = self.phrases_of(&found)[i].clone();
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
        let index = self.index();
        let para_start = index.line_start(sentence.start);
        let prev_start = if para_start > 0 {
            index.line_start(para_start - 1)
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
