//! Sentence and paragraph splitting for English and Korean news text.
//!
//! A sentence ends at `.`, `!`, `?` or `。` (with any closing quotes and
//! brackets after it) followed by white space, and at every line break that
//! is not a hard wrap. A period does not end a sentence after a known
//! abbreviation ("Aug.", "Gen.", "U.S.") or a single capital initial
//! ("N. Korea"), nor when the next word starts in lower case. A Korean
//! sentence may end at a period with no space after it ("했다.그는"), since
//! Korean text is often typed that way.

use crate::normalize::is_hangul_syllable;
use crate::word_list::WordList;
use std::ops::Range;

/// Abbreviations, lower case without the period, that do not end a sentence
/// (`abbreviations.txt`).
static ABBREVIATIONS: WordList = WordList::new(include_str!("abbreviations.txt"));

/// Byte spans of the sentences of `text`, in order, trimmed of white space.
///
/// Paragraph and line breaks always end a sentence, except a single line
/// break inside a hard-wrapped sentence (the next line starts in lower case
/// and the line before does not end in punctuation).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        split_paragraph(text, para, &mut out);
    }
    out
}

/// Byte spans of the paragraphs of `text`: runs of lines separated by line
/// breaks that are not hard wraps (see [`sentences`]), trimmed, never empty.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        if is_hard_wrap(text, i) {
            continue;
        }
        push_trimmed(text, start..i, &mut out);
        start = i + 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// A line break at byte `i` continues the sentence of the line before it.
fn is_hard_wrap(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches([' ', '\t', '\r']);
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if last == '\n' || matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | ')' | ']') {
        return false;
    }
    let after = text[i + 1..].trim_start_matches([' ', '\t', '\r']);
    after.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

fn split_paragraph(text: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let p = &text[para.clone()];
    let mut start = 0;
    let mut marks = Marks::new(p);
    while let Some((i, c)) = marks.next_from() {
        // Keep closing quotes and brackets (and repeated marks) with the sentence.
        let mut end = i + c.len_utf8();
        for d in p[end..].chars() {
            if matches!(d, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        marks.skip_to(end);
        if ends_sentence(p, start, i, c, end) {
            push_trimmed(text, para.start + start..para.start + end, out);
            start = end;
        }
    }
    push_trimmed(text, para.start + start..para.end, out);
}

/// The sentence marks of a paragraph (`.`, `!`, `?`, `。`) in order, found
/// with a byte search rather than by decoding every character.
struct Marks<'p> {
    p: &'p str,
    at: usize,
    /// Where the next `。` is at or after `at`, when the paragraph has one.
    ideographic: Option<usize>,
}

impl<'p> Marks<'p> {
    fn new(p: &'p str) -> Marks<'p> {
        Marks {
            p,
            at: 0,
            ideographic: memchr::memmem::find(p.as_bytes(), "。".as_bytes()),
        }
    }

    /// The next mark at or after the current position, which moves past it.
    fn next_from(&mut self) -> Option<(usize, char)> {
        let bytes = &self.p.as_bytes()[self.at..];
        let ascii = memchr::memchr3(b'.', b'!', b'?', bytes).map(|i| self.at + i);
        if let Some(i) = self.ideographic
            && i < self.at
        {
            self.ideographic = memchr::memmem::find(bytes, "。".as_bytes()).map(|j| self.at + j);
        }
        let (i, c) = match (ascii, self.ideographic) {
            (Some(a), Some(b)) if b < a => (b, '。'),
            (Some(a), _) => (a, char::from(self.p.as_bytes()[a])),
            (None, Some(b)) => (b, '。'),
            (None, None) => return None,
        };
        self.at = i + c.len_utf8();
        Some((i, c))
    }

    /// Goes on from byte `end` (the marks before it belong to a mark seen).
    fn skip_to(&mut self, end: usize) {
        self.at = self.at.max(end);
    }
}

/// Whether the mark `c` at byte `i` of paragraph `p` (its sentence running
/// from `start`, the mark and closing quotes ending at `end`) ends a sentence.
fn ends_sentence(p: &str, start: usize, i: usize, c: char, end: usize) -> bool {
    let prev = p[..i].chars().next_back();
    let next = p[end..].chars().next();
    let Some(next) = next else { return true };
    if !next.is_whitespace() {
        // "했다.그는": Korean sentences are often run together.
        return c == '.'
            && prev.is_some_and(is_hangul_syllable)
            && is_hangul_syllable(next)
            && end == i + c.len_utf8();
    }
    if c != '.' {
        return true;
    }
    // "Aug. 25", "N. Korea", "3 p.m. near": abbreviations and initials, or
    // a lower-case word after the period.
    let following = p[end..].trim_start().chars().next();
    !(is_abbreviation(word_before(p, start, i)) || following.is_some_and(char::is_lowercase))
}

/// The word (letters and inner periods) right before byte `i`.
fn word_before(p: &str, start: usize, i: usize) -> &str {
    let head = &p[start..i];
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(j, c)| j + c.len_utf8());
    &head[from..]
}

fn is_abbreviation(word: &str) -> bool {
    let mut letters = word.chars();
    // A single capital initial: "N. Korea", "Kim J. Un".
    if let (Some(c), None) = (letters.next(), letters.next())
        && c.is_uppercase()
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_sentences() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "two plain",
                "A fence was built. It failed.",
                &["A fence was built.", "It failed."],
            ),
            (
                "month abbreviation",
                "The Aug. 4 command met. It ended.",
                &["The Aug. 4 command met.", "It ended."],
            ),
            (
                "title and initials",
                "Gen. Kim visited N. Korea with U.S. envoys. Then he left.",
                &[
                    "Gen. Kim visited N. Korea with U.S. envoys.",
                    "Then he left.",
                ],
            ),
            (
                "closing quote stays",
                "\u{201c}They fled.\u{201d} The guard said so.",
                &["\u{201c}They fled.\u{201d}", "The guard said so."],
            ),
            (
                "question and exclamation",
                "Why? Because! Yes",
                &["Why?", "Because!", "Yes"],
            ),
            (
                "line break ends",
                "Headline here\nBody text.",
                &["Headline here", "Body text."],
            ),
            (
                "hard wrap continues",
                "a soldier crossed the\nline today.",
                &["a soldier crossed the\nline today."],
            ),
            (
                "time of day",
                "At 3 p.m. near the river. Done.",
                &["At 3 p.m. near the river.", "Done."],
            ),
            (
                "korean",
                "주민이 체포됐다. 그는 사망했다.다음 날 발견됐다",
                &["주민이 체포됐다.", "그는 사망했다.", "다음 날 발견됐다"],
            ),
            (
                "decimal",
                "It rose 3.5 meters. Then fell.",
                &["It rose 3.5 meters.", "Then fell."],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(texts(text), *want, "{name}");
        }
    }

    #[test]
    fn splits_paragraphs() {
        let text = "First para. Still first.\n\nSecond para.\nThird para\ncontinued.";
        let got: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "First para. Still first.",
                "Second para.",
                "Third para\ncontinued."
            ]
        );
    }
}
