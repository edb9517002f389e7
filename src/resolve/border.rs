//! Which side of the border a name means, from the words around it.
//!
//! Tumen is a Chinese city and a river on the North Korean border; Dandong
//! and Sinuiju face each other. The sentence around a mention says which is
//! meant: Chinese police, a Chinese province or "repatriated from" point to
//! the Chinese town; a bare river name means the river only when the
//! sentence speaks of crossing it, its banks or wading. The cues are in
//! `border_cues.txt`.

use std::sync::OnceLock;

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

fn cues() -> &'static Vec<(&'static str, String)> {
    static LIST: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    LIST.get_or_init(|| {
        CUES.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(class, cue)| (class, cue.to_lowercase()))
            .collect()
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

/// Whether `word` occurs in `hay` as a whole word (for Latin cues) or
/// anywhere (Hangul cues, which attach particles).
fn contains_cue(hay: &str, cue: &str) -> bool {
    if !cue.is_ascii() {
        return hay.contains(cue);
    }
    hay.match_indices(cue).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + cue.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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
    for (class, cue) in cues() {
        if contains_cue(&hay, cue) {
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
