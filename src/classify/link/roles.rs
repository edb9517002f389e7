//! The role a place mention plays in its sentence, read from the words
//! around it: a news source's location, a dateline, an authority, an origin
//! or destination, a locative, the locus of a country.

use std::collections::HashMap;

use super::words::words;
use super::{PlaceLevel, PlaceRef};

/// How far back the phrase checks before a place look: the longest phrase
/// they test ("sources based in", "reporting back to") fits many times.
pub(super) const LOOK_BACK: usize = 96;

/// The first char boundary at or after `at - max` bytes.
pub(super) fn window_start(text: &str, at: usize, max: usize) -> usize {
    let mut from = at.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// The text just before `at` (at most [`LOOK_BACK`] bytes), trimmed at its
/// end and lower-cased: what the phrase checks before a place read. Bounded
/// so that checking every place of a long document stays linear.
pub(super) fn lower_before(text: &str, at: usize) -> String {
    text[window_start(text, at, LOOK_BACK)..at]
        .trim_end()
        .to_ascii_lowercase()
}

/// What the role checks read of a place: the text, the place, and the
/// lowered text before it ([`lower_before`]), made once for all the checks
/// of that place.
pub(crate) struct Around<'t> {
    text: &'t str,
    place: &'t PlaceRef,
    before: String,
}

impl<'t> Around<'t> {
    /// The surroundings of `place` in `text`.
    pub(crate) fn new(text: &'t str, place: &'t PlaceRef) -> Around<'t> {
        Around {
            text,
            place,
            before: lower_before(text, place.start),
        }
    }

    /// The lowered text before the place ([`lower_before`]).
    pub(crate) fn before(&self) -> &str {
        &self.before
    }
}

/// A span the classifier can use: in the text, on character boundaries.
/// Other mentions are ignored rather than trusted.
pub(super) fn valid(text: &str, p: &PlaceRef) -> bool {
    p.start < p.end
        && p.end <= text.len()
        && text.is_char_boundary(p.start)
        && text.is_char_boundary(p.end)
}

/// The place locates a news source, not an event ("a source in X told").
pub(crate) fn is_source_location(around: &Around<'_>) -> bool {
    let (text, place, before) = (around.text, around.place, around.before.as_str());
    let after = &text[place.end..];
    words()
        .source_before
        .iter()
        .any(|w| strip_end(before, w).is_some())
        || words().source_after.iter().any(|w| begins_with(after, w))
        || korean_source_parent(after)
}

/// A Korean province or county right before the place of a news source
/// ("자강도 만포시의 한 소식통", "함경북도 무산 소식통"): it only locates the
/// source further.
pub(super) fn korean_source_parent(after: &str) -> bool {
    let Some(next) = after.strip_prefix(' ') else {
        return false;
    };
    let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
    word.char_indices().skip(2).any(|(i, _)| {
        word[..i].chars().all(crate::classify::is_hangul)
            && words()
                .source_after
                .iter()
                .any(|w| begins_with(&next[i..], w))
    }) || (word.chars().count() >= 2
        && word.chars().all(crate::classify::is_hangul)
        && words()
            .source_after
            .iter()
            .any(|w| begins_with(&next[word.len()..], w)))
}

/// The place only receives reports or issues orders ("reports back to
/// Pyongyang"), or speaks ("Seoul said", "Pyongyang has denied"): it stands
/// for the government.
pub(crate) fn is_authority(around: &Around<'_>) -> bool {
    let (text, place, before) = (around.text, around.place, around.before.as_str());
    words()
        .authority_before
        .iter()
        .any(|w| ends_with_word(before, w))
        || is_speaker(text, place)
}

/// How many auxiliaries and adverbs of `speaker_skip` may stand between a
/// speaker and its verb ("has also denied").
const SPEAKER_SKIP: usize = 2;

/// The place is the subject of a verb of saying right after it ("Seoul
/// said", "China has also denied"): `speaker_verb` of `link.tsv`, past at most
/// [`SPEAKER_SKIP`] words of `speaker_skip`.
fn is_speaker(text: &str, place: &PlaceRef) -> bool {
    let Some(after) = text[place.end..].strip_prefix(' ') else {
        return false;
    };
    let w = words();
    for (skipped, word) in after.split(' ').take(SPEAKER_SKIP + 1).enumerate() {
        let word = word.trim_end_matches([',', '.', ';', ':']);
        if w.speaker_verb.contains(&word) {
            return true;
        }
        if skipped == SPEAKER_SKIP || !w.speaker_skip.contains(&word) {
            return false;
        }
    }
    false
}

/// The place is where the people involved come from or go to ("a man from
/// Musan", "fled to Yanji", "across from Changbai", "중국으로 탈북",
/// "무산 출신"), not where the event happened.
pub(crate) fn is_origin_or_destination(around: &Around<'_>) -> bool {
    is_origin(around) || is_destination(around)
}

/// The place is where the people involved come from ("a man from Musan",
/// "across from Changbai", "무산 출신", "중국에서 송환된").
pub(super) fn is_origin(around: &Around<'_>) -> bool {
    let (text, place, before) = (around.text, around.place, around.before.as_str());
    if words()
        .origin_before
        .iter()
        .any(|w| ends_with_word(before, w))
    {
        return true;
    }
    // "from the North's X", "from China's X": a possessive between the
    // preposition and the place.
    if let Some(owner) = before
        .strip_suffix("'s")
        .or_else(|| before.strip_suffix("’s"))
    {
        let head = owner.trim_end_matches(|c: char| c.is_alphanumeric() || c == '-');
        let head = head.trim_end();
        let head = head.strip_suffix(" the").unwrap_or(head).trim_end();
        if words()
            .origin_before
            .iter()
            .any(|w| ends_with_word(head, w))
        {
            return true;
        }
    }
    let after = &text[place.end..];
    words().origin_after.iter().any(|w| begins_with(after, w))
        || korean_home(text, place, before)
        || korean_handed_over_from(after)
}

/// The place is where the people involved go to ("fled to Yanji", "중국으로
/// 탈북"): the end of a movement.
pub(super) fn is_destination(around: &Around<'_>) -> bool {
    let (text, place, before) = (around.text, around.place, around.before.as_str());
    // "headed toward the Tumen": the article stands between.
    let before = before
        .strip_suffix("the")
        .filter(|rest| rest.ends_with(' '))
        .map_or(before, str::trim_end);
    if let Some(rest) = words()
        .destination_before
        .iter()
        .find_map(|w| strip_end(before, w))
        && !rest.ends_with(|c: char| c.is_alphanumeric())
    {
        let last: Vec<&str> = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(4)
            .collect();
        if last.iter().any(|w| words().motion_verb.contains(w)) {
            return true;
        }
    }
    let after = &text[place.end..];
    let Some(rest) = after
        .strip_prefix("으로")
        .or_else(|| after.strip_prefix("로"))
    else {
        return false;
    };
    let rest = rest.trim_start();
    words().motion_stem_ko.iter().any(|w| begins_with(rest, w))
}

/// A Korean home or origin: the place, or the finer place named right after
/// it ("함경북도 무산군에 사는"), followed by a word of `origin_after_ko` of `link.tsv`;
/// or the hometown in the parenthesis after a person's age ("김모(35·회령)",
/// "(13·함남 단천)"). `before` is [`lower_before`] of the place.
pub(super) fn korean_home(text: &str, place: &PlaceRef, before: &str) -> bool {
    let after = &text[place.end..];
    if words()
        .origin_after_ko
        .iter()
        .any(|w| begins_with(after, w))
    {
        return true;
    }
    if let Some(next) = after.strip_prefix(' ') {
        let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
        // A finer place is a Hangul word: other words need no search.
        let hangul = word.chars().next().is_some_and(crate::classify::is_hangul);
        let finer = hangul
            && words().origin_after_ko.iter().any(|w| {
                word.find(&w[..w.find(' ').unwrap_or(w.len())])
                    .is_some_and(|i| {
                        i > 0
                            && begins_with(&next[i..], w)
                            && word[..i].chars().all(crate::classify::is_hangul)
                            && word[..i].ends_with(['군', '시', '리', '동', '구', '읍', '면'])
                    })
            });
        if finer {
            return true;
        }
    }
    before.rsplit_once('(').is_some_and(|(_, inside)| {
        !inside.contains(')')
            && inside.split_once('·').is_some_and(|(age, _)| {
                let age = age.trim_end_matches('세');
                !age.is_empty() && age.chars().all(|c| c.is_ascii_digit())
            })
    })
}

/// A Korean place people were handed over or sent back from: "X에서" then,
/// at most two words on, a stem of `origin_from_ko` of `link.tsv`, past a
/// destination in -(으)로 and the adverbs 강제/다시 ("러시아에서 북측으로 강제
/// 송환된", "중국에서 강제북송된"). `after` is the text right after the place.
pub(super) fn korean_handed_over_from(after: &str) -> bool {
    let Some(mut rest) = after.strip_prefix("에서") else {
        return false;
    };
    for _ in 0..3 {
        rest = rest.trim_start_matches(' ');
        let bare = rest.strip_prefix("강제").unwrap_or(rest);
        if words().origin_from_ko.iter().any(|w| begins_with(bare, w)) {
            return true;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if !(word.ends_with('로') || matches!(word, "강제" | "다시" | "또다시")) {
            return false;
        }
        rest = &rest[end..];
    }
    false
}

/// The place follows a locative word ("in Changbai", "at Sinuiju", "floods
/// hit X"), possibly through partitive words ("in the Sinuiju checkpoint",
/// "in parts of eastern X").
pub(super) fn is_locative(around: &Around<'_>) -> bool {
    let w = words();
    around
        .before
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|t| !t.is_empty())
        .rev()
        .take(6)
        .find(|t| !w.partitive.contains(t))
        .is_some_and(|t| w.locative_before.contains(&t))
}

/// A country is where a sentence puts its event only when the action is in
/// it ("in Japan", "중국에서", "북한 내") or it is the acting subject that
/// opens a clause ("China has detained", "북한은 ... 설치했다"); elsewhere it
/// is a destination, a point of view or part of a title.
pub(super) fn is_country_locus(around: &Around<'_>) -> bool {
    let (text, place) = (around.text, around.place);
    if is_locative(around) {
        return true;
    }
    let after = &text[place.end..];
    if words().locus_after_ko.iter().any(|w| begins_with(after, w)) {
        return true;
    }
    let before = around.before.trim_end();
    let opens_clause = before.is_empty()
        || before.ends_with(['.', ',', ';', ':', '"', '“', '\n'])
        || words()
            .clause_opener
            .iter()
            .any(|w| ends_with_word(before, w));
    let verb_follows = after
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_lowercase);
    opens_clause && verb_follows
}

/// A dateline: an all-capitals name opening a paragraph ("SEOUL/BEIJING -",
/// "YEONCHEON, South Korea, March 14 (Yonhap) --").
pub(super) fn is_dateline(around: &Around<'_>) -> bool {
    let (text, place, before) = (around.text, around.place, around.before.as_str());
    let name = &text[place.start..place.end];
    // Korean agency credit: "(서울=연합뉴스)", "[베이징=뉴스1]".
    if text[place.end..].starts_with('=') && before.ends_with(['(', '[']) {
        return true;
    }
    // A dateline opens its line within a few words: look back a bounded way.
    let from = window_start(text, place.start, 64);
    let line_start = match text[from..place.start].rfind('\n') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let head = &text[line_start..place.start];
    name.chars().filter(char::is_ascii_uppercase).count() >= 3
        && !name.chars().any(char::is_lowercase)
        && head
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '/' | ' ' | ','))
}

/// The most mentioned resolved place below country level, first on a tie,
/// among those `reports_events` (not a source location, an authority or a
/// dateline: the caller's cached [`is_source_location`], [`is_authority`]
/// and [`is_dateline`]).
pub(super) fn main_place(
    text: &str,
    places: &[PlaceRef],
    reports_events: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        if valid(text, p) && p.resolved && p.level != PlaceLevel::Country && reports_events(i) {
            counts.entry(p.key.as_str()).or_insert((0, i)).0 += 1;
        }
    }
    counts
        .into_values()
        .max_by_key(|&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|(_, first)| first)
}

// The role checks compare every place's surroundings with every word of
// their lists, and most words differ from the text in their first (or
// last) byte: comparing that byte before the rest saves a call to memcmp
// per word.

/// Whether `text` starts with `word` (as `str::starts_with`).
fn begins_with(text: &str, word: &str) -> bool {
    match word.as_bytes().first() {
        Some(first) => text.as_bytes().first() == Some(first) && text.starts_with(word),
        None => true,
    }
}

/// Whether `text` ends with `word` and the word starts a word of the text
/// (no letter or digit right before it).
pub(super) fn ends_with_word(text: &str, word: &str) -> bool {
    strip_end(text, word).is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
}

/// `text` without `word` at its end (as `str::strip_suffix`).
fn strip_end<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    match word.as_bytes().last() {
        Some(last) if text.as_bytes().last() != Some(last) => None,
        _ => text.strip_suffix(word),
    }
}

#[cfg(test)]
mod affix_tests {
    use super::{begins_with, strip_end};

    #[test]
    fn as_the_str_methods() {
        let texts = ["", "a", "from", "fled from", "에서 송환", "from "];
        let words = ["", "m", "from", "fled from", "에서", " "];
        for text in texts {
            for word in words {
                assert_eq!(begins_with(text, word), text.starts_with(word));
                assert_eq!(strip_end(text, word), text.strip_suffix(word));
            }
        }
    }
}
