//! Which side of the border a name means, from the words around it.
//!
//! Tumen is a Chinese city and a river on the North Korean border; Dandong
//! and Sinuiju face each other. The sentence around a mention says which is
//! meant: Chinese police, a Chinese province or "repatriated from" point to
//! the Chinese town; a bare river name means the river only when the
//! sentence speaks of crossing it, its banks or wading. The cues are in
//! `border_cues.txt`.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

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

/// The distinct cues (lower case) with their classes, and one automaton
/// over them: a mention's sentence is read once, not once per cue.
struct Cues {
    automaton: AhoCorasick,
    /// Per pattern of the automaton: the cue and the classes it belongs to.
    patterns: Vec<(String, Vec<&'static str>)>,
    /// The length of the longest cue in bytes.
    longest: usize,
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
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(c, _)| c))
            .expect("border cues make a valid automaton");
        let longest = patterns.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
        Cues {
            automaton,
            patterns,
            longest,
        }
    })
}

/// The byte range of the sentence around `span`: from the last sentence
/// end (`.`, `!`, `?`, a line break) before it to the next one after it.
fn sentence(text: &str, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | '。');
    let start = text[..span.start].rfind(is_end).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[span.end..]
        .find(is_end)
        .map_or(text.len(), |i| span.end + i);
    start..end
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

/// The border contexts of one document's mentions. Most sentences hold no
/// cue at all: each sentence is lowered and searched once, and a mention in
/// such a sentence gets the empty context without building its own text
/// (what [`context`] reads is the sentence without the mention, so it can
/// only hold a cue that the sentence holds, or one that the joint of the two
/// sides makes).
pub struct Contexts<'t> {
    text: &'t str,
    /// The last sentence looked at and whether it holds a cue.
    last: Option<(std::ops::Range<usize>, bool)>,
}

impl<'t> Contexts<'t> {
    /// Contexts of mentions in `text`.
    pub fn new(text: &'t str) -> Contexts<'t> {
        Contexts { text, last: None }
    }

    /// The border context of the mention at `span`, as [`context`] gives it.
    pub fn of(&mut self, span: &std::ops::Range<usize>) -> BorderContext {
        let text = self.text;
        let s = sentence(text, span);
        let holds_cue = match &self.last {
            Some((last, holds)) if *last == s => *holds,
            _ => {
                let holds = cues()
                    .automaton
                    .is_match(text[s.clone()].to_lowercase().as_str());
                self.last = Some((s.clone(), holds));
                holds
            }
        };
        if holds_cue || joint_holds_cue(text, &s, span) {
            return context(text, span);
        }
        BorderContext::default()
    }
}

/// Whether the joint of the two sides of a mention, as [`context`] joins
/// them, holds a cue: the last characters before the mention, a space and
/// the first after it, as many on each side as the longest cue has bytes
/// (a character lowers to at least one byte).
fn joint_holds_cue(
    text: &str,
    sentence: &std::ops::Range<usize>,
    span: &std::ops::Range<usize>,
) -> bool {
    let longest = cues().longest;
    let before = &text[sentence.start..span.start];
    let after = &text[span.end..sentence.end];
    let from = before
        .char_indices()
        .rev()
        .nth(longest.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let to = after
        .char_indices()
        .nth(longest)
        .map_or(after.len(), |(i, _)| i);
    let joint = format!(
        "{} {}",
        before[from..].to_lowercase(),
        after[..to].to_lowercase()
    );
    cues().automaton.is_match(joint.as_str())
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
        let p = m.pattern().as_usize();
        if found[p] || m.start() < taken_to[p] {
            continue;
        }
        taken_to[p] = m.end();
        let (cue, classes) = &cues.patterns[p];
        if !counts_at(&hay, cue, m.start()) {
            continue;
        }
        found[p] = true;
        for class in classes {
            match *class {
                "chinese" => ctx.chinese = true,
                "china" => ctx.china = true,
                "river" => ctx.river = true,
                _ => {}
            }
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
                match class {
                    "chinese" => ctx.chinese = true,
                    "china" => ctx.china = true,
                    "river" => ctx.river = true,
                    _ => {}
                }
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
    fn contexts_give_what_context_gives() {
        let texts = [
            "Traders in Tumen were held by Chinese police near the river bank. Rice is dear.",
            "Chinese Tumen police. 중국투먼공안에 붙잡혔다. He was sent back Hyesan from China!",
            "No cue here at all. Musan and Hoeryong trade. 무산에서 장사한다.",
            "ΣΑΣ Tumen ΣΑΣ crossed. The İstanbul river\nbank crossing.",
        ];
        for text in texts {
            let mut contexts = Contexts::new(text);
            for (i, _) in text.char_indices() {
                for len in [1, 2, 5, 9] {
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
    }
}
