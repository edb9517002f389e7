//! Linking events to the places they are about.
//!
//! The candidate places of a sentence are its place mentions minus the
//! location of a news source ("a source in Ryanggang Province told...",
//! "양강도의 한 소식통은"), datelines ("SEOUL -"), places that only receive
//! reports or issue orders ("reports back to Pyongyang": metonymy for the
//! government; they never become the main place either), countries, the explicit
//! parent of a resolved place ("Hoeryong, North Hamgyong Province", "양강도
//! 보천군": the province only locates the town; an unresolved town gives
//! way to its parent instead), and every place coarser than the most
//! specific ones (a province beside a town). A river, mountain or other
//! point feature is a candidate only when no town or county is named beside
//! it: its single reference point may lie far from the event.
//!
//! An event cue then links, in order, to
//! 1. the candidate nearest to the cue in its sentence, at most
//!    [`NEAR_WORDS`] words away, preferring one right after "in"/"at" (the
//!    place the action is in: "police in Changbai, across the river from
//!    Hyesan, arrested"), with the places coordinated with it ("in
//!    Hoeryong, North Hamgyong Province and Pochon", "신의주와 의주군"): one
//!    event each, except for a stretch "between X and Y" / "X와 Y 사이",
//!    which is one place, its first end;
//! 2. the last resolved candidate of the preceding sentences of its
//!    paragraph, with the places coordinated with it;
//!
//! and, when neither exists (see `classify_with`), to an event of the same
//! category placed elsewhere in the document, to the location of the last
//! news source quoted before the cue (what a source reports is about its
//! region), to the document's main place (its most mentioned resolved place
//! below country level), or to a country named in the sentence.

use std::collections::HashMap;
use std::ops::Range;

use super::{PlaceLevel, PlaceLink, PlaceRef};

/// How many words may separate a cue from the place it is linked to in
/// its sentence; farther places are more often incidental.
pub(crate) const NEAR_WORDS: usize = 12;

/// Words before a place that make it the location of a news source.
const SOURCE_BEFORE: &[&str] = &[
    "source in",
    "sources in",
    "source from",
    "sources from",
    "source based in",
    "sources based in",
    "source living in",
    "source inside",
    "informant in",
];

/// Words after a place that make it the location of a news source.
const SOURCE_AFTER: &[&str] = &[
    "-based source",
    " source",
    " 소식통",
    "의 한 소식통",
    "의 소식통",
];

/// Words before a place that make it the recipient or issuer of reports and
/// orders ("reports back to Pyongyang", "orders from Pyongyang"): metonymy
/// for the government, not where anything happened.
const AUTHORITY_BEFORE: &[&str] = &[
    "report to",
    "reports to",
    "reported to",
    "reporting to",
    "report back to",
    "reports back to",
    "reported back to",
    "reporting back to",
    "order from",
    "orders from",
    "instruction from",
    "instructions from",
    "directive from",
    "directives from",
    "approval from",
    "answer to",
    "answers to",
    "accountable to",
];

/// Words right before a place that put the action in it ("police in
/// Changbai", "at the Sinuiju checkpoint"): preferred over a place that is
/// only a landmark or origin ("across the river from Hyesan").
const LOCATIVE_BEFORE: &[&str] = &["in", "at", "inside", "near", "outside", "around"];

/// Words before a place that make it the origin of the people involved or
/// a point of view, not where the event happened ("a teacher from
/// Pyongyang", "a tower across from Changbai").
const ORIGIN_BEFORE: &[&str] = &["from", "across from", "opposite", "native of"];

/// Verbs of movement: "fled to X", "sent back to X" make X a destination.
const MOTION_VERBS: &[&str] = &[
    "fled",
    "flee",
    "fleeing",
    "defected",
    "defect",
    "defecting",
    "escaped",
    "escape",
    "crossed",
    "cross",
    "crossing",
    "went",
    "go",
    "going",
    "moved",
    "taken",
    "sent",
    "returned",
    "repatriated",
    "headed",
    "heading",
    "travelled",
    "traveled",
    "came",
    "brought",
    "transferred",
    "deported",
    "smuggled",
    "back",
    "way",
    "bound",
];

/// Korean words after a place in -(으)로 that make it a destination
/// ("중국으로 탈북", "북한으로 끌려갔다").
const KOREAN_MOTION_STEMS: &[&str] = &[
    "탈북",
    "도주",
    "탈출",
    "넘어",
    "건너",
    "송환",
    "북송",
    "끌려",
    "압송",
    "향하",
    "향했",
    "이송",
    "보내",
    "보냈",
    "망명",
    "도망",
    "달아나",
    "달아났",
    "들어가",
    "들어갔",
    "팔려",
];

/// Korean words right after a place that make it the origin or home of the
/// people involved ("무산 출신", "혜산시에 사는 주민", "온성군에 거주하면서"):
/// a home village is not where the event happened.
const KOREAN_ORIGIN_AFTER: &[&str] = &[
    "출신",
    "에서 온",
    "에서 넘어온",
    "에 사는",
    "에서 사는",
    "에 살고",
    "에서 살고",
    "에 살던",
    "에서 살던",
    "에 거주",
    "에서 거주",
];

/// Words between two places that coordinate them ("X and Y", "X, Y").
const COORDINATORS: &[&str] = &[
    "", ",", "and", ", and", "or", ", or", "/", "&", "·", "와", "과", "및", "，", "、",
];

/// Precomputed place candidates of every sentence of a document.
pub(crate) struct Linker<'a> {
    text: &'a str,
    places: &'a [PlaceRef],
    sents: &'a [Range<usize>],
    /// Candidate places of each sentence, in text order.
    candidates: Vec<Vec<usize>>,
    /// Every valid place mention of each sentence, in text order.
    in_sentence: Vec<Vec<usize>>,
    /// Paragraph index of each sentence.
    paragraph: Vec<usize>,
    /// Source locations below country level, in text order.
    sources: Vec<usize>,
    main: Option<usize>,
}

impl<'a> Linker<'a> {
    pub(crate) fn new(
        text: &'a str,
        sents: &'a [Range<usize>],
        places: &'a [PlaceRef],
    ) -> Linker<'a> {
        let paras = super::paragraphs(text);
        // Sentences and paragraphs are both in text order: one walk pairs them.
        let mut para = 0;
        let paragraph = sents
            .iter()
            .map(|s| {
                while para + 1 < paras.len() && paras[para].end <= s.start {
                    para += 1;
                }
                if paras.get(para).is_some_and(|p| p.contains(&s.start)) {
                    para
                } else {
                    0
                }
            })
            .collect();
        let in_sentence = places_by_sentence(text, sents, places);
        let candidates = sents
            .iter()
            .zip(&in_sentence)
            .map(|(s, inside)| sentence_places(text, s, places, inside))
            .collect();
        let mut sources: Vec<usize> = (0..places.len())
            .filter(|&i| valid(text, &places[i]))
            .filter(|&i| {
                places[i].level != PlaceLevel::Country && is_source_location(text, &places[i])
            })
            .collect();
        sources.sort_by_key(|&i| places[i].start);
        Linker {
            text,
            places,
            sents,
            candidates,
            in_sentence,
            paragraph,
            sources,
            main: main_place(text, places),
        }
    }

    /// The document text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Places of the cue's own sentence or of the preceding sentences of its
    /// paragraph (rules 1 and 2), or `None`.
    pub(crate) fn local(&self, s: usize, cue: &Range<usize>) -> Option<(Vec<usize>, PlaceLink)> {
        let own = &self.candidates[s];
        let close: Vec<usize> = own
            .iter()
            .copied()
            .filter(|&p| self.distance(cue, p).0 <= NEAR_WORDS)
            .collect();
        // A place the action is in ("police in Changbai") beats a nearer
        // landmark ("across the river from Hyesan").
        let locative = close
            .iter()
            .copied()
            .filter(|&p| is_locative(self.text, &self.places[p]))
            .min_by_key(|&p| self.distance(cue, p));
        if let Some(near) =
            locative.or_else(|| close.iter().copied().min_by_key(|&p| self.distance(cue, p)))
        {
            return Some((self.group(s, near, own), PlaceLink::Sentence));
        }
        for prev in (0..s)
            .rev()
            .take_while(|&p| self.paragraph[p] == self.paragraph[s])
        {
            let cands = &self.candidates[prev];
            if let Some(&last) = cands.iter().rev().find(|&&p| self.places[p].resolved) {
                return Some((self.group(prev, last, cands), PlaceLink::Paragraph));
            }
        }
        None
    }

    /// The location of the last news source quoted before `at`, the main
    /// place of the document, or the countries of sentence `s`.
    pub(crate) fn fallback(&self, s: usize, at: usize) -> (Vec<usize>, PlaceLink) {
        if let Some(&src) = self
            .sources
            .iter()
            .rev()
            .find(|&&p| self.places[p].start < at)
        {
            return (vec![src], PlaceLink::Document);
        }
        if let Some(m) = self.main {
            return (vec![m], PlaceLink::Document);
        }
        let countries = self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| {
                self.places[i].level == PlaceLevel::Country
                    && self.sents[s].contains(&self.places[i].start)
                    && !is_source_location(self.text, &self.places[i])
                    && !is_origin_or_destination(self.text, &self.places[i])
            })
            .collect();
        (countries, PlaceLink::Sentence)
    }

    /// Word gaps between a cue and place `p` (0 when they touch or overlap),
    /// then (Korean cues) whether the place comes after the cue, then the
    /// byte gap, to break ties.
    fn distance(&self, cue: &Range<usize>, p: usize) -> (usize, usize, usize) {
        let place = &self.places[p];
        let gap = if place.end <= cue.start {
            &self.text[place.end..cue.start]
        } else if place.start >= cue.end {
            &self.text[cue.end..place.start]
        } else {
            ""
        };
        // Korean is head-final: on a tie, the place before the cue is in its
        // clause, one after it most often in the next ("무산에서 두 명이
        // 체포됐고 회령에서는 ...").
        let after = usize::from(
            place.start >= cue.end && self.text[cue.clone()].chars().any(super::is_hangul),
        );
        (gap.split_whitespace().count(), after, gap.len())
    }

    /// `near` and the candidates of sentence `s` coordinated with it.
    fn group(&self, s: usize, near: usize, cands: &[usize]) -> Vec<usize> {
        let sentence = &self.sents[s];
        let all = &self.in_sentence[s];
        let Some(at) = all.iter().position(|&i| i == near) else {
            return vec![near];
        };
        let joined = |a: usize, b: usize| {
            let (a, b) = (&self.places[a], &self.places[b]);
            a.end <= b.start && COORDINATORS.contains(&self.text[a.end..b.start].trim())
        };
        let mut lo = at;
        while lo > 0 && joined(all[lo - 1], all[lo]) {
            lo -= 1;
        }
        let mut hi = at;
        while hi + 1 < all.len() && joined(all[hi], all[hi + 1]) {
            hi += 1;
        }
        // "between Kimhyongjik and Hyesan", "신의주와 의주 사이": a stretch
        // with one location, put at its first end.
        let head = self.text[sentence.start..self.places[all[lo]].start].to_ascii_lowercase();
        let tail = &self.text[self.places[all[hi]].end..sentence.end];
        if hi > lo
            && (head.trim_end().ends_with("between") || tail.trim_start().starts_with("사이"))
        {
            return if cands.contains(&all[lo]) {
                vec![all[lo]]
            } else {
                vec![near]
            };
        }
        all[lo..=hi]
            .iter()
            .copied()
            .filter(|p| cands.contains(p))
            .collect()
    }
}

/// How coarse a level is, for the parent rule: a parent is strictly coarser.
fn rank(level: PlaceLevel) -> u8 {
    match level {
        PlaceLevel::Country => 3,
        PlaceLevel::Province => 2,
        PlaceLevel::County => 1,
        PlaceLevel::City | PlaceLevel::Point => 0,
    }
}

/// The candidate places of one sentence (see the module rules), in text order.
/// The valid place mentions of each sentence, in text order: one sort and
/// a binary search per mention, so dense documents stay linear-ish.
fn places_by_sentence(text: &str, sents: &[Range<usize>], places: &[PlaceRef]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..places.len())
        .filter(|&i| valid(text, &places[i]))
        .collect();
    order.sort_by_key(|&i| places[i].start);
    let mut out = vec![Vec::new(); sents.len()];
    for i in order {
        let at = places[i].start;
        let s = sents.partition_point(|r| r.start <= at);
        if s > 0 && sents[s - 1].contains(&at) {
            out[s - 1].push(i);
        }
    }
    out
}

fn sentence_places(
    text: &str,
    sentence: &Range<usize>,
    places: &[PlaceRef],
    in_sentence: &[usize],
) -> Vec<usize> {
    let mut inside: Vec<usize> = in_sentence
        .iter()
        .copied()
        .filter(|&i| places[i].end <= sentence.end)
        .filter(|&i| places[i].level != PlaceLevel::Country)
        .filter(|&i| !is_source_location(text, &places[i]) && !is_dateline(text, &places[i]))
        .filter(|&i| !is_authority(text, &places[i]))
        .filter(|&i| !is_origin_or_destination(text, &places[i]))
        .collect();
    inside.sort_by_key(|&i| places[i].start);
    let parent_of = |child: usize| -> Option<usize> {
        inside.iter().copied().find(|&j| {
            let (c, p) = (&places[child], &places[j]);
            let gap = if c.end <= p.start {
                &text[c.end..p.start]
            } else if p.end <= c.start {
                &text[p.end..c.start]
            } else {
                return false;
            };
            // A river or mountain beside a county ("중강군 압록강 연안") is
            // no child of it: both stay, and the county wins below.
            c.level != PlaceLevel::Point
                && rank(p.level) > rank(c.level)
                && matches!(gap.trim(), "" | ",")
        })
    };
    let mut dropped = Vec::new();
    for &i in &inside {
        if let Some(parent) = parent_of(i) {
            // The more precise of the two that has a point stands for both.
            dropped.push(if places[i].resolved || !places[parent].resolved {
                parent
            } else {
                i
            });
        }
    }
    let kept: Vec<usize> = inside
        .into_iter()
        .filter(|i| !dropped.contains(i))
        .collect();
    let Some(finest) = kept.iter().map(|&i| places[i].level.tier()).min() else {
        return Vec::new();
    };
    // A river or mountain only locates an event when no town or county is
    // named beside it: its reference point may be far from the event.
    let settled = kept
        .iter()
        .any(|&i| places[i].level.tier() == finest && places[i].level != PlaceLevel::Point);
    kept.into_iter()
        .filter(|&i| places[i].level.tier() == finest)
        .filter(|&i| !settled || places[i].level != PlaceLevel::Point)
        .collect()
}

/// How far back the phrase checks before a place look: the longest phrase
/// they test ("sources based in", "reporting back to") fits many times.
const LOOK_BACK: usize = 96;

/// The first char boundary at or after `at - max` bytes.
fn window_start(text: &str, at: usize, max: usize) -> usize {
    let mut from = at.saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// The text just before `at` (at most [`LOOK_BACK`] bytes), trimmed at its
/// end and lower-cased: what the phrase checks before a place read. Bounded
/// so that checking every place of a long document stays linear.
fn lower_before(text: &str, at: usize) -> String {
    text[window_start(text, at, LOOK_BACK)..at]
        .trim_end()
        .to_ascii_lowercase()
}

/// A span the classifier can use: in the text, on character boundaries.
/// Other mentions are ignored rather than trusted.
fn valid(text: &str, p: &PlaceRef) -> bool {
    p.start < p.end
        && p.end <= text.len()
        && text.is_char_boundary(p.start)
        && text.is_char_boundary(p.end)
}

/// The place locates a news source, not an event ("a source in X told").
pub(crate) fn is_source_location(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    let after = &text[place.end..];
    SOURCE_BEFORE.iter().any(|w| before.ends_with(w))
        || SOURCE_AFTER.iter().any(|w| after.starts_with(w))
        || korean_source_parent(after)
}

/// A Korean province or county right before the place of a news source
/// ("자강도 만포시의 한 소식통", "함경북도 무산 소식통"): it only locates the
/// source further.
fn korean_source_parent(after: &str) -> bool {
    let Some(next) = after.strip_prefix(' ') else {
        return false;
    };
    let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
    word.char_indices().skip(2).any(|(i, _)| {
        word[..i].chars().all(super::is_hangul)
            && SOURCE_AFTER.iter().any(|w| next[i..].starts_with(w))
    }) || (word.chars().count() >= 2
        && word.chars().all(super::is_hangul)
        && SOURCE_AFTER
            .iter()
            .any(|w| next[word.len()..].starts_with(w)))
}

/// The place only receives reports or issues orders ("reports back to
/// Pyongyang"): it stands for the government.
pub(crate) fn is_authority(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    AUTHORITY_BEFORE.iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    })
}

/// The place is where the people involved come from or go to ("a man from
/// Musan", "fled to Yanji", "across from Changbai", "중국으로 탈북",
/// "무산 출신"), not where the event happened.
pub(crate) fn is_origin_or_destination(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    let ends_with_word = |w: &str| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    };
    if ORIGIN_BEFORE.iter().any(|w| ends_with_word(w)) {
        return true;
    }
    if let Some(rest) = before
        .strip_suffix("to")
        .or_else(|| before.strip_suffix("for"))
        && !rest.ends_with(|c: char| c.is_alphanumeric())
    {
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(4)
            .collect();
        if words.iter().any(|w| MOTION_VERBS.contains(w)) {
            return true;
        }
    }
    let after = &text[place.end..];
    if korean_home(text, place, &before) {
        return true;
    }
    let Some(rest) = after
        .strip_prefix("으로")
        .or_else(|| after.strip_prefix("로"))
    else {
        return false;
    };
    let rest = rest.trim_start();
    KOREAN_MOTION_STEMS.iter().any(|w| rest.starts_with(w))
}

/// A Korean home or origin: the place, or the finer place named right after
/// it ("함경북도 무산군에 사는"), followed by a word of [`KOREAN_ORIGIN_AFTER`];
/// or the hometown in the parenthesis after a person's age ("김모(35·회령)",
/// "(13·함남 단천)"). `before` is [`lower_before`] of the place.
fn korean_home(text: &str, place: &PlaceRef, before: &str) -> bool {
    let after = &text[place.end..];
    if KOREAN_ORIGIN_AFTER.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    if let Some(next) = after.strip_prefix(' ') {
        let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
        let finer = KOREAN_ORIGIN_AFTER.iter().any(|w| {
            word.find(&w[..w.find(' ').unwrap_or(w.len())])
                .is_some_and(|i| {
                    i > 0
                        && next[i..].starts_with(w)
                        && word[..i].chars().all(super::is_hangul)
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

/// The place follows a locative preposition ("in Changbai", "at Sinuiju").
fn is_locative(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // "in the Sinuiju checkpoint" is still "in": allow one article between.
    let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
    LOCATIVE_BEFORE.contains(&last)
        || (matches!(words.first(), Some(&"the"))
            && words.get(1).is_some_and(|w| LOCATIVE_BEFORE.contains(w)))
}

/// A dateline: an all-capitals name opening a paragraph ("SEOUL/BEIJING -",
/// "YEONCHEON, South Korea, March 14 (Yonhap) --").
fn is_dateline(text: &str, place: &PlaceRef) -> bool {
    let name = &text[place.start..place.end];
    // Korean agency credit: "(서울=연합뉴스)", "[베이징=뉴스1]".
    if text[place.end..].starts_with('=') && lower_before(text, place.start).ends_with(['(', '[']) {
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

/// The most mentioned resolved place below country level, first on a tie.
fn main_place(text: &str, places: &[PlaceRef]) -> Option<usize> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        if valid(text, p)
            && p.resolved
            && p.level != PlaceLevel::Country
            && !is_source_location(text, p)
            && !is_authority(text, p)
        {
            counts.entry(p.key.as_str()).or_insert((0, i)).0 += 1;
        }
    }
    counts
        .into_values()
        .max_by_key(|&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|(_, first)| first)
}
