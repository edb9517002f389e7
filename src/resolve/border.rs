//! Which side of the border a name means, from the words around it.
//!
//! Tumen is a Chinese city and a river on the North Korean border; Dandong
//! and Sinuiju face each other. The sentence around a mention says which is
//! meant: Chinese police, a Chinese province or "repatriated from" point to
//! the Chinese town; a bare river name means the river only when the
//! sentence speaks of crossing it, its banks or wading. The cues are in
//! `border_cues.txt`.

use std::sync::OnceLock;

use daachorse::DoubleArrayAhoCorasick;

const CUES: &str = include_str!("border_cues.txt");

/// What the sentence around a mention says about the border.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BorderContext {
    /// A Chinese-side cue (Chinese police, a Chinese province).
    pub chinese: bool,
    /// China is named in the sentence.
    pub china: bool,
    /// A river cue (crossed, banks, waded).
    pub river: bool,
}

impl BorderContext {
    /// Records a cue of class `class` (`chinese`, `china` or `river`, the
    /// classes of the cue list); other classes change nothing.
    fn mark(&mut self, class: &str) {
        match class {
            "chinese" => self.chinese = true,
            "china" => self.china = true,
            "river" => self.river = true,
            _ => {}
        }
    }
}

/// The distinct cues (lower case) with their classes, and one automaton
/// over them: a mention's sentence is read once, not once per cue.
struct Cues {
    /// A double array: a few KB that stay in the first-level cache, where
    /// a DFA's transition table would not.
    automaton: DoubleArrayAhoCorasick<u32>,
    /// Per pattern of the automaton: the cue and the classes it belongs to.
    patterns: Vec<(String, Vec<&'static str>)>,
    /// Each cue with a space, split at each of its spaces: the parts a
    /// mention's two sides must end and start with for the joint to make
    /// the cue.
    spaced: Vec<(String, String)>,
    /// Which bytes end the first part and start the second part of a
    /// spaced cue (every byte when a part is empty): most mentions' joints
    /// are ruled out by two table lookups, not a comparison per cue.
    joint_ends: [bool; 256],
    joint_starts: [bool; 256],
}

fn cues() -> &'static Cues {
    static CUES_INDEX: OnceLock<Cues> = OnceLock::new();
    CUES_INDEX.get_or_init(|| {
        let mut patterns: Vec<(String, Vec<&'static str>)> = Vec::new();
        for (class, cue) in CUES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
        {
            let cue = cue.to_lowercase();
            match patterns.iter_mut().find(|(c, _)| *c == cue) {
                Some((_, classes)) => classes.push(class),
                None => patterns.push((cue, vec![class])),
            }
        }
        let automaton = DoubleArrayAhoCorasick::new(patterns.iter().map(|(c, _)| c))
            .expect("border cues make a valid automaton");
        let spaced = patterns
            .iter()
            .flat_map(|(c, _)| {
                c.match_indices(' ')
                    .map(|(i, _)| (c[..i].to_string(), c[i + 1..].to_string()))
            })
            .collect::<Vec<(String, String)>>();
        let mut joint_ends = [false; 256];
        let mut joint_starts = [false; 256];
        for (x, y) in &spaced {
            match x.as_bytes().last() {
                Some(&b) => joint_ends[usize::from(b)] = true,
                None => joint_ends = [true; 256],
            }
            match y.as_bytes().first() {
                Some(&b) => joint_starts[usize::from(b)] = true,
                None => joint_starts = [true; 256],
            }
        }
        Cues {
            automaton,
            patterns,
            spaced,
            joint_ends,
            joint_starts,
        }
    })
}

impl Cues {
    /// Whether a spaced cue can join across a mention between bytes
    /// `before` and `after` of `lower`: a necessary condition on the two
    /// bytes at the joint (an empty part of a cue fits any byte).
    fn may_join(&self, lower: &[u8], before: usize, after: usize) -> bool {
        let end_fits = match before.checked_sub(1).map(|i| lower[i]) {
            Some(b) => self.joint_ends[usize::from(b)],
            None => self.joint_ends.iter().all(|&t| t),
        };
        let start_fits = match lower.get(after) {
            Some(&b) => self.joint_starts[usize::from(b)],
            None => self.joint_starts.iter().all(|&t| t),
        };
        end_fits && start_fits
    }
}

/// Whether `c` ends a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\n' | '。')
}

/// The byte range of the sentence around `span`: from the last sentence
/// end (`.`, `!`, `?`, a line break) before it to the next one after it.
///
/// The ends are searched byte by byte, not character by character: this
/// runs for every mention, and `。` is the only one that is not ASCII.
fn sentence(text: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    // The byte after the last end before the span: one past an ASCII end or
    // past the last byte of `。`.
    let start = bytes[..span.start]
        .iter()
        .enumerate()
        .rposition(|(i, &b)| {
            is_ascii_sentence_end(b) || (b == IDEOGRAPHIC_FULL_STOP[2] && ends_full_stop(bytes, i))
        })
        .map_or(0, |i| i + 1);
    let end = bytes[span.end..]
        .iter()
        .enumerate()
        .position(|(i, &b)| {
            is_ascii_sentence_end(b)
                || (b == IDEOGRAPHIC_FULL_STOP[0]
                    && bytes[span.end + i..].starts_with(&IDEOGRAPHIC_FULL_STOP))
        })
        .map_or(text.len(), |i| span.end + i);
    start..end
}

/// `。` in UTF-8.
const IDEOGRAPHIC_FULL_STOP: [u8; 3] = [0xE3, 0x80, 0x82];

/// The ASCII bytes of [`is_sentence_end`].
fn is_ascii_sentence_end(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\n')
}

/// Whether byte `i` of `bytes` is the last byte of a `。`.
fn ends_full_stop(bytes: &[u8], i: usize) -> bool {
    i >= 2 && bytes[i - 2..=i] == IDEOGRAPHIC_FULL_STOP
}

/// Whether the occurrence of `cue` at byte `i` of `hay` counts: anywhere
/// for a Hangul cue (they attach particles), as a whole word for a Latin
/// one.
fn counts_at(hay: &str, cue: &str, i: usize) -> bool {
    if !cue.is_ascii() {
        return true;
    }
    let before = hay[..i].chars().next_back();
    let after = hay[i + cue.len()..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The border contexts of one document's mentions, with each sentence
/// lowered and searched once, not once per mention: what [`context`]
/// reads for a mention is its sentence without the mention (the text
/// before it, a space, the text after it), so its cue occurrences are
/// those of the sentence that lie wholly before or wholly after the
/// mention, plus any a cue with a space makes across the joint. A
/// mention whose joint makes one, or whose sentence lowers to another
/// length, is read as [`context`] reads it.
pub struct Contexts<'t> {
    text: &'t str,
    /// The sentence last read, its lowered text (when it lowers to the
    /// same byte offsets) and its cue occurrences in text order.
    sentence: Option<std::ops::Range<usize>>,
    /// Whether that sentence holds no sentence end (one can be inside the
    /// mention it was found for: "St. Petersburg").
    whole: bool,
    lower: Option<String>,
    found: Vec<Occurrence>,
    /// Per pattern: where its occurrences are taken up to, before and
    /// after the mention (as `str::match_indices` takes them).
    taken: Vec<[usize; 2]>,
}

/// A cue occurrence in a lowered sentence.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    pattern: usize,
    start: usize,
    end: usize,
}

impl<'t> Contexts<'t> {
    /// Contexts of mentions in `text`.
    pub fn new(text: &'t str) -> Contexts<'t> {
        Contexts {
            text,
            sentence: None,
            whole: false,
            lower: None,
            found: Vec::new(),
            taken: vec![[0, 0]; cues().patterns.len()],
        }
    }

    /// The border context of the mention at `span`, as [`context`] gives it.
    pub fn of(&mut self, span: &std::ops::Range<usize>) -> BorderContext {
        let text = self.text;
        // A mention inside the last sentence, when that holds no sentence
        // end, has that sentence (the next mention usually does).
        let s = match &self.sentence {
            Some(last) if self.whole && last.start <= span.start && span.end <= last.end => {
                last.clone()
            }
            _ => sentence(text, span),
        };
        if self.sentence.as_ref() != Some(&s) {
            self.read(&s);
        }
        let Some(lower) = &self.lower else {
            return context(text, span);
        };
        // Offsets in the sentence (the same in its lowered text).
        let (before, after) = (span.start - s.start, span.end - s.start);
        let cues = cues();
        if cues.may_join(lower.as_bytes(), before, after)
            && cues.spaced.iter().any(|(x, y)| {
                lower[..before].ends_with(x.as_str()) && lower[after..].starts_with(y.as_str())
            })
        {
            return context(text, span);
        }
        // Only the patterns found in the sentence are read.
        for o in &self.found {
            self.taken[o.pattern] = [0, after];
        }
        let mut ctx = BorderContext::default();
        for o in &self.found {
            // The side of the mention the occurrence is on; in the joined
            // text a space stands between the two sides.
            let side = if o.end <= before {
                0
            } else if o.start >= after {
                1
            } else {
                continue;
            };
            let taken = &mut self.taken[o.pattern][side];
            if o.start < *taken {
                continue;
            }
            *taken = o.end;
            let (cue, classes) = &cues.patterns[o.pattern];
            if cue.is_ascii() {
                let prev = if side == 1 && o.start == after {
                    None
                } else {
                    lower[..o.start].chars().next_back()
                };
                let next = if side == 0 && o.end == before {
                    None
                } else {
                    lower[o.end..].chars().next()
                };
                if prev.is_some_and(char::is_alphanumeric)
                    || next.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
            }
            for class in classes {
                ctx.mark(class);
            }
        }
        ctx
    }

    /// Lowers the sentence `s` and finds its cue occurrences.
    fn read(&mut self, s: &std::ops::Range<usize>) {
        self.sentence = Some(s.clone());
        self.found.clear();
        let sentence = &self.text[s.clone()];
        // The previous sentence's buffer is reused: a document is read
        // sentence by sentence.
        let mut lower = self.lower.take().unwrap_or_default();
        lower.clear();
        if sentence.is_ascii() {
            self.whole = !sentence
                .bytes()
                .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n'));
            lower.push_str(sentence);
            lower.make_ascii_lowercase();
        } else {
            self.whole = !sentence.contains(is_sentence_end);
            lower.reserve(sentence.len());
            for c in sentence.chars() {
                let at = lower.len();
                lower.extend(c.to_lowercase());
                if lower.len() - at != c.len_utf8() {
                    // `self.lower` stays `None`.
                    return;
                }
            }
        }
        // Each cue's occurrences come in text order (by end, and a cue's
        // ends rise with its starts); the order between cues does not
        // matter to `of`.
        self.found.extend(
            cues()
                .automaton
                .find_overlapping_iter(&lower)
                .map(|m| Occurrence {
                    pattern: m.value() as usize,
                    start: m.start(),
                    end: m.end(),
                }),
        );
        self.lower = Some(lower);
    }
}

/// The border context of the mention at `span` in `text`.
pub fn context(text: &str, span: &std::ops::Range<usize>) -> BorderContext {
    let s = sentence(text, span);
    let hay = format!(
        "{} {}",
        text[s.start..span.start].to_lowercase(),
        text[span.end..s.end].to_lowercase()
    );
    let mut ctx = BorderContext::default();
    let cues = cues();
    // Each cue's occurrences are taken from the left without overlapping
    // one another, as `str::match_indices` gives them.
    let mut taken_to = vec![0usize; cues.patterns.len()];
    let mut found = vec![false; cues.patterns.len()];
    for m in cues.automaton.find_overlapping_iter(&hay) {
        let (p, start, end) = (m.value() as usize, m.start(), m.end());
        if found[p] || start < taken_to[p] {
            continue;
        }
        taken_to[p] = end;
        let (cue, classes) = &cues.patterns[p];
        if !counts_at(&hay, cue, start) {
            continue;
        }
        found[p] = true;
        for class in classes {
            ctx.mark(class);
        }
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, word: &str) -> BorderContext {
        let i = text.find(word).unwrap();
        context(text, &(i..i + word.len()))
    }

    /// The context as a scan of every cue with `str::match_indices` finds it.
    fn scanned(text: &str, span: &std::ops::Range<usize>) -> BorderContext {
        let s = sentence(text, span);
        let hay = format!(
            "{} {}",
            text[s.start..span.start].to_lowercase(),
            text[span.end..s.end].to_lowercase()
        );
        let mut ctx = BorderContext::default();
        for line in CUES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (class, cue) = line.split_once('\t').unwrap();
            let cue = cue.to_lowercase();
            if hay
                .match_indices(&cue)
                .any(|(i, _)| counts_at(&hay, &cue, i))
            {
                ctx.mark(class);
            }
        }
        ctx
    }

    #[test]
    fn one_pass_finds_what_a_scan_of_every_cue_finds() {
        let sentences = [
            "Traders in Tumen were held by Chinese police near the river bank.",
            "They crossed crossing the riverbanks; Yanbian, Jilin and chinese towns.",
            "투먼에서 중국공안에 붙잡혀 강제송환되었다. 강변을 건너 상류로 갔다.",
            "Repatriated from China, he waded across the frozen Tumen upstream.",
            "A crossroads, a bankrupt firm and Chinaware (no cue as a whole word).",
        ];
        for text in sentences {
            for (i, _) in text.char_indices() {
                for len in [1, 3, 6] {
                    let end = (i + len).min(text.len());
                    if !text.is_char_boundary(end) || end <= i {
                        continue;
                    }
                    let span = i..end;
                    assert_eq!(
                        context(text, &span),
                        scanned(text, &span),
                        "{text:?} {span:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn sentence_bounds_match_a_search_by_character() {
        let by_char = |text: &str, span: &std::ops::Range<usize>| {
            let start = text[..span.start].rfind(is_sentence_end).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            let end = text[span.end..]
                .find(is_sentence_end)
                .map_or(text.len(), |i| span.end + i);
            start..end
        };
        for text in [
            "One. Two! Three? Four\nFive",
            "회령에서 왔다。 무산으로 갔다。끝",
            "。Start and end。",
            "No end at all",
            "ΣΑΣ. İstanbul 。 x",
        ] {
            for (i, _) in text.char_indices() {
                for (j, _) in text[i..].char_indices() {
                    let span = i..i + j;
                    assert_eq!(
                        sentence(text, &span),
                        by_char(text, &span),
                        "{text:?} {span:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn contexts_give_what_context_gives() {
        let texts = [
            "Traders in Tumen were held by Chinese police near the river bank. Rice is dear.",
            "Chinese Tumen police. 중국투먼공안에 붙잡혔다. He was sent back Hyesan from China!",
            "No cue here at all. Musan and Hoeryong trade. 무산에서 장사한다.",
            "ΣΑΣ Tumen ΣΑΣ crossed. The İstanbul river\nbank crossing.",
            "Chinese police held traders in St. Petersburg near the river. China.",
        ];
        for text in texts {
            let mut contexts = Contexts::new(text);
            for (i, _) in text.char_indices() {
                for len in [1, 2, 5, 6, 9, 14] {
                    let end = (i + len).min(text.len());
                    if !text.is_char_boundary(end) || end <= i {
                        continue;
                    }
                    let span = i..end;
                    assert_eq!(
                        contexts.of(&span),
                        context(text, &span),
                        "{text:?} {span:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cues_in_the_sentence() {
        let t = "Traders in Tumen were held by Chinese police. They swam across the Tumen.";
        assert_eq!(
            at(t, "Tumen"),
            BorderContext {
                chinese: true,
                china: false,
                river: false
            }
        );
        assert!(at(t, "the Tumen").river);
        assert!(at("투먼에서 중국 공안에 붙잡혔다.", "투먼").chinese);
        assert!(!at("Traders in Tumen sold rice.", "Tumen").chinese);
        // The state of the water says river as crossing does.
        assert!(at("Trade picks up when the Tumen freezes.", "Tumen").river);
        assert!(at("두만강이 얼면 장사가 늘어난다.", "두만").river);
        assert!(!at("Traders in Tumen sold rice.", "Tumen").river);
    }
}
