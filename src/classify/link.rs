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
//!    Hoeryong, North Hamgyong Province and Pochon", "신의주와 의주군",
//!    "between X and Y"): one event each;
//! 2. else the places named earlier that a noun phrase near the cue refers
//!    back to ("in the two towns", "the county", "두 지역에서"; words in
//!    `link.tsv`);
//! 3. else a country of the sentence where the action is in it or that acts
//!    ("floods in Japan", "China has detained", "중국에서"), not a
//!    destination ("a team sent to China") or part of a title;
//! 4. the last resolved candidate of the preceding sentences of its
//!    paragraph, with the places coordinated with it;
//!
//! and, when neither exists (see `classify_with`), to an event of the same
//! category placed elsewhere in the document, to the location of the last
//! news source quoted before the cue (what a source reports is about its
//! region), to the document's main place (its most mentioned resolved place
//! below country level), or to a country named in the sentence.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::{PlaceLevel, PlaceLink, PlaceRef};

/// How many words may separate a cue from the place it is linked to in
/// its sentence; farther places are more often incidental.
pub(crate) const NEAR_WORDS: usize = 12;

/// The word lists of the linking rules, one per role of
/// `lexicon/link.tsv` (where each group says where it comes from).
#[derive(Debug, Default)]
struct LinkWords {
    source_before: Vec<&'static str>,
    source_after: Vec<&'static str>,
    authority_before: Vec<&'static str>,
    locative_before: Vec<&'static str>,
    partitive: Vec<&'static str>,
    origin_before: Vec<&'static str>,
    motion_verb: Vec<&'static str>,
    motion_stem_ko: Vec<&'static str>,
    origin_after_ko: Vec<&'static str>,
    origin_from_ko: Vec<&'static str>,
    coordinator: Vec<&'static str>,
    locus_after_ko: Vec<&'static str>,
    clause_opener: Vec<&'static str>,
    list_marker: Vec<&'static str>,
    back_plural_det: Vec<(&'static str, usize)>,
    back_plural_noun: Vec<&'static str>,
    back_singular_det: Vec<&'static str>,
    back_singular_noun: Vec<(&'static str, Option<PlaceLevel>)>,
    stretch_from: Vec<&'static str>,
    stretch_to: Vec<&'static str>,
    stretch_to_end_ko: Vec<&'static str>,
    designator: Vec<&'static str>,
}

const LINK_WORDS: &str = include_str!("lexicon/link.tsv");

impl LinkWords {
    /// Parses `link.tsv`; the file is embedded, so an unknown role is a
    /// build defect, caught by the unit tests.
    fn parse(data: &'static str) -> Result<LinkWords, String> {
        let mut words = LinkWords::default();
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((role, phrase)) = line.split_once('\t') else {
                return Err(format!("link.tsv line {}: no tab", n + 1));
            };
            let bad = |what: &str| format!("link.tsv line {}: {what}", n + 1);
            // The back-reference roles carry a value in a third column.
            match role {
                "back_plural_det" => {
                    let (det, count) = phrase.split_once('\t').ok_or_else(|| bad("no count"))?;
                    let count = count.parse().map_err(|_| bad("count is not a number"))?;
                    words.back_plural_det.push((det, count));
                    continue;
                }
                "back_singular_noun" => {
                    let (noun, level) = phrase.split_once('\t').ok_or_else(|| bad("no level"))?;
                    let level = match level {
                        "city" => Some(PlaceLevel::City),
                        "county" => Some(PlaceLevel::County),
                        "province" => Some(PlaceLevel::Province),
                        "any" => None,
                        _ => return Err(bad("unknown level")),
                    };
                    words.back_singular_noun.push((noun, level));
                    continue;
                }
                _ => {}
            }
            let list = match role {
                "source_before" => &mut words.source_before,
                "source_after" => &mut words.source_after,
                "authority_before" => &mut words.authority_before,
                "locative_before" => &mut words.locative_before,
                "partitive" => &mut words.partitive,
                "origin_before" => &mut words.origin_before,
                "motion_verb" => &mut words.motion_verb,
                "motion_stem_ko" => &mut words.motion_stem_ko,
                "origin_after_ko" => &mut words.origin_after_ko,
                "origin_from_ko" => &mut words.origin_from_ko,
                "coordinator" => &mut words.coordinator,
                "locus_after_ko" => &mut words.locus_after_ko,
                "clause_opener" => &mut words.clause_opener,
                "list_marker" => &mut words.list_marker,
                "back_plural_noun" => &mut words.back_plural_noun,
                "back_singular_det" => &mut words.back_singular_det,
                "stretch_from" => &mut words.stretch_from,
                "stretch_to" => &mut words.stretch_to,
                "stretch_to_end_ko" => &mut words.stretch_to_end_ko,
                "designator" => &mut words.designator,
                other => return Err(format!("link.tsv line {}: unknown role {other}", n + 1)),
            };
            list.push(phrase);
        }
        Ok(words)
    }
}

/// The embedded linking words.
fn words() -> &'static LinkWords {
    static WORDS: OnceLock<LinkWords> = OnceLock::new();
    WORDS.get_or_init(|| LinkWords::parse(LINK_WORDS).unwrap_or_else(|e| panic!("{e}")))
}

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
        if let Some(referred) = self.back_reference(s, cue) {
            return Some((referred, PlaceLink::Reference));
        }
        if let Some(listed) = self.listed_after(s, cue) {
            return Some((listed, PlaceLink::Sentence));
        }
        if let Some(c) = self.country_near(s, cue) {
            // "between North Korea and China", "in China and Russia".
            let countries = self.coordinated(s, c, |p| self.is_event_country(p));
            // "the China-North Korea border" names a border, not two loci.
            let compound = countries.windows(2).any(|w| {
                let gap = self.text[self.places[w[0]].end..self.places[w[1]].start].trim();
                matches!(gap, "-" | "–" | "~")
            });
            return Some((
                if compound { vec![c] } else { countries },
                PlaceLink::Sentence,
            ));
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

    /// The location of the last news source quoted before `at` (or the main
    /// place of the document when it lies inside that province), the main
    /// place of the document, or the countries of sentence `s`.
    pub(crate) fn fallback(&self, s: usize, at: usize) -> (Vec<usize>, PlaceLink) {
        if let Some(&src) = self
            .sources
            .iter()
            .rev()
            .find(|&&p| self.places[p].start < at)
        {
            // "A source in North Hamgyong Province" reporting on a document
            // about Hoeryong, a town of that province: the town is the most
            // specific place the events are tied to.
            let source = &self.places[src];
            let within = self.main.filter(|&m| {
                let main = &self.places[m];
                source.level == PlaceLevel::Province
                    && rank(main.level) < rank(source.level)
                    && !source.region.is_empty()
                    && main.region == source.region
            });
            return (vec![within.unwrap_or(src)], PlaceLink::Document);
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

    /// The country named nearest to the cue in sentence `s`, when it is
    /// where the sentence puts the event ("in Japan", "China has detained")
    /// rather than an origin, a destination or a news source.
    fn country_near(&self, s: usize, cue: &Range<usize>) -> Option<usize> {
        self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| {
                let p = &self.places[i];
                self.is_event_country(i)
                    && self.sents[s].contains(&p.start)
                    && is_country_locus(self.text, p)
                    && self.distance(cue, i).0 <= NEAR_WORDS
            })
            .min_by_key(|&i| self.distance(cue, i))
    }

    /// Place `i` is a resolved country that may be an event's place: not a
    /// news source's location, an authority, an origin or a destination.
    fn is_event_country(&self, i: usize) -> bool {
        let p = &self.places[i];
        p.level == PlaceLevel::Country
            && p.resolved
            && !is_source_location(self.text, p)
            && !is_authority(self.text, p)
            && !is_origin_or_destination(self.text, p)
    }

    /// The places sentence `s` enumerates ("the affected counties include
    /// A, B and C", "5개 지역은 A, B, C로"): its longest run of two or more
    /// coordinated candidates, when a list marker of `link.tsv` introduces it.
    pub(crate) fn enumeration(&self, s: usize) -> Option<Vec<usize>> {
        let sentence = &self.text[self.sents[s].clone()];
        let lower = sentence.to_lowercase();
        if !words().list_marker.iter().any(|w| lower.contains(w)) {
            return None;
        }
        let cands = &self.candidates[s];
        cands
            .iter()
            .map(|&c| self.group(s, c, cands))
            .max_by_key(Vec::len)
            .filter(|run| run.len() >= 2)
    }

    /// The first ends of the stretches of sentence `s` whose second end is
    /// one of `ends`: "from A to B", "A에서 B까지", "A에서 B에 이르는".
    /// A structure or a patrolled line along a stretch stands at both ends,
    /// though "from A" alone reads as an origin.
    pub(crate) fn stretch_starts(&self, s: usize, ends: &[usize]) -> Vec<usize> {
        let w = words();
        let all = &self.in_sentence[s];
        let mut starts = Vec::new();
        for pair in all.windows(2) {
            let (a, b) = (&self.places[pair[0]], &self.places[pair[1]]);
            if !ends.contains(&pair[1]) || a.end > b.start || !a.resolved {
                continue;
            }
            let gap = self.text[a.end..b.start].trim();
            if !w.stretch_to.contains(&gap) {
                continue;
            }
            let korean = gap.chars().any(super::is_hangul);
            let opened = if korean {
                let after = &self.text[b.end..];
                w.stretch_to_end_ko.iter().any(|end| after.starts_with(end))
            } else {
                let before = lower_before(self.text, a.start);
                w.stretch_from.iter().any(|from| {
                    before
                        .strip_suffix(from)
                        .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
                })
            };
            if opened && !starts.contains(&pair[0]) {
                starts.push(pair[0]);
            }
        }
        starts
    }

    /// The places named before sentence `s` that a back-reference near the
    /// cue refers to ("in the two towns", "these areas", "the county", "두
    /// 지역에서", "해당 지역"): the nearest earlier run of that many
    /// coordinated places, the last place of that level, or the last place
    /// with those coordinated with it.
    fn back_reference(&self, s: usize, cue: &Range<usize>) -> Option<Vec<usize>> {
        let (_, target) = back_references(self.text, &self.sents[s])
            .into_iter()
            // "a source in the province" locates the source, not the event.
            .filter(|(span, _)| {
                let phrase = PlaceRef {
                    start: span.start,
                    end: span.end,
                    resolved: false,
                    level: PlaceLevel::Point,
                    key: String::new(),
                    region: String::new(),
                };
                !is_source_location(self.text, &phrase)
                    && !is_authority(self.text, &phrase)
                    && !is_origin_or_destination(self.text, &phrase)
            })
            .map(|(span, target)| (word_gap(self.text, cue, &span), target))
            .filter(|&(gap, _)| gap <= NEAR_WORDS)
            .min_by_key(|&(gap, _)| gap)?;
        (0..s).rev().find_map(|prev| self.referent(prev, target))
    }

    /// What `target` refers to among the places of sentence `s`, if any.
    fn referent(&self, s: usize, target: BackRef) -> Option<Vec<usize>> {
        let cands = &self.candidates[s];
        match target {
            BackRef::Group(n) => cands.iter().rev().find_map(|&c| {
                let run = self.group(s, c, cands);
                (run.len() >= 2 && (n == 0 || run.len() == n)).then_some(run)
            }),
            // A named level may be coarser than the sentence's finest
            // places ("Chasong in Chagang Province ... the province").
            BackRef::Place(Some((level, noun))) => self.in_sentence[s]
                .iter()
                .rev()
                .copied()
                .find(|&p| {
                    let place = &self.places[p];
                    let called = self.text[place.start..place.end]
                        .to_lowercase()
                        .ends_with(noun);
                    (place.level == level || called)
                        && place.resolved
                        && !is_source_location(self.text, place)
                        && !is_authority(self.text, place)
                        && !is_origin_or_destination(self.text, place)
                })
                .map(|p| vec![p]),
            // "The area" is a settlement or a division, not a river.
            BackRef::Place(None) => cands
                .iter()
                .rev()
                .find(|&&c| self.places[c].resolved && self.places[c].level != PlaceLevel::Point)
                .map(|&c| self.group(s, c, cands)),
        }
    }

    /// The destination of a movement nearest to the cue in sentence `s`
    /// ("controls on entering Hyesan", "회령으로 넘어가는 교량"): where a
    /// control or a structure on the way is, though not where the people
    /// moving are from.
    pub(crate) fn destination_near(&self, s: usize, cue: &Range<usize>) -> Option<usize> {
        self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| {
                let p = &self.places[i];
                p.level != PlaceLevel::Country
                    && p.resolved
                    && self.sents[s].contains(&p.start)
                    && is_destination(self.text, p)
                    && !is_origin(self.text, p)
                    && !is_source_location(self.text, p)
                    && !is_authority(self.text, p)
                    && self.distance(cue, i).0 <= NEAR_WORDS
            })
            .min_by_key(|&i| self.distance(cue, i))
    }

    /// The places a list marker after the cue introduces in its sentence,
    /// however far ("detained in several places, including A, B and C"):
    /// the first of them with those coordinated with it.
    fn listed_after(&self, s: usize, cue: &Range<usize>) -> Option<Vec<usize>> {
        let end = self.sents[s].end;
        if cue.end >= end {
            return None;
        }
        let rest = self.text[cue.end..end].to_ascii_lowercase();
        let marker = words()
            .list_marker
            .iter()
            .filter_map(|w| {
                rest.match_indices(w).map(|(i, _)| i).find(|&i| {
                    let before = rest[..i].chars().next_back();
                    let after = rest[i + w.len()..].chars().next();
                    let glued_before = before.is_some_and(char::is_alphanumeric);
                    let glued_after = w.is_ascii() && after.is_some_and(char::is_alphanumeric);
                    !(glued_before || glued_after)
                })
            })
            .min()?;
        let cands = &self.candidates[s];
        let first = cands
            .iter()
            .copied()
            .find(|&p| self.places[p].start >= cue.end + marker && self.places[p].resolved)?;
        Some(self.group(s, first, cands))
    }

    /// Whether sentences `a` and `b` are in one paragraph.
    pub(crate) fn same_paragraph(&self, a: usize, b: usize) -> bool {
        self.paragraph[a] == self.paragraph[b]
    }

    /// Word gaps between a cue and place `p` (0 when they touch or overlap),
    /// then (Korean cues) whether the place comes after the cue, then the
    /// byte gap, to break ties.
    fn distance(&self, cue: &Range<usize>, p: usize) -> (usize, usize, usize) {
        let place = &self.places[p];
        let gap = gap_text(self.text, cue, &(place.start..place.end));
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
        self.coordinated(s, near, |p| cands.contains(&p))
    }

    /// `near` and the places of sentence `s` coordinated with it that pass
    /// `keep`.
    fn coordinated(&self, s: usize, near: usize, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let all = &self.in_sentence[s];
        let Some(at) = all.iter().position(|&i| i == near) else {
            return vec![near];
        };
        let joined = |a: usize, b: usize| {
            let (a, b) = (&self.places[a], &self.places[b]);
            a.end <= b.start
                && words()
                    .coordinator
                    .contains(&self.text[a.end..b.start].trim())
        };
        let mut lo = at;
        while lo > 0 && joined(all[lo - 1], all[lo]) {
            lo -= 1;
        }
        let mut hi = at;
        while hi + 1 < all.len() && joined(all[hi], all[hi + 1]) {
            hi += 1;
        }
        // "between Kimhyongjik and Hyesan", "신의주와 의주 사이" name both
        // ends of a stretch: the event is at each of them.
        all[lo..=hi]
            .iter()
            .copied()
            .filter(|&p| p == near || keep(p))
            .collect()
    }
}

/// The designators of `link.tsv` ("city", "-gun", "시"), which two
/// mentions of one locality may differ by.
pub(crate) fn designators() -> &'static [&'static str] {
    &words().designator
}

/// The text between two spans, empty when they touch or overlap.
fn gap_text<'t>(text: &'t str, a: &Range<usize>, b: &Range<usize>) -> &'t str {
    if b.end <= a.start {
        &text[b.end..a.start]
    } else if b.start >= a.end {
        &text[a.end..b.start]
    } else {
        ""
    }
}

/// Words between two spans.
fn word_gap(text: &str, a: &Range<usize>, b: &Range<usize>) -> usize {
    gap_text(text, a, b).split_whitespace().count()
}

/// What a back-reference refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BackRef {
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
fn back_references(text: &str, sentence: &Range<usize>) -> Vec<(Range<usize>, BackRef)> {
    // ASCII lower-casing keeps byte offsets.
    let lower = text[sentence.clone()].to_ascii_lowercase();
    let w = words();
    let mut out = Vec::new();
    let mut find = |noun: &str, det_of: &dyn Fn(&str) -> Option<(&str, BackRef)>| {
        for (at, _) in lower.match_indices(noun) {
            let end = at + noun.len();
            // "towns" but not "townships"; a Korean noun takes its particle.
            let next = lower[end..].chars().next();
            if noun.is_ascii() && next.is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let Some(head) = lower[..at].strip_suffix(' ') else {
                continue;
            };
            if let Some((det, target)) = det_of(head) {
                let start = sentence.start + at - det.len() - 1;
                out.push((start..sentence.start + end, target));
            }
        }
    };
    // A determiner ends `head` and starts a word.
    let ends_with_word = |head: &str, det: &str| {
        head.strip_suffix(det).is_some_and(|before| {
            before
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    };
    for noun in &w.back_plural_noun {
        find(noun, &|head| {
            w.back_plural_det
                .iter()
                .filter(|(det, _)| ends_with_word(head, det))
                .max_by_key(|(det, _)| det.len())
                .map(|&(det, n)| (det, BackRef::Group(n)))
        });
    }
    for &(noun, level) in &w.back_singular_noun {
        find(noun, &|head| {
            w.back_singular_det
                .iter()
                .filter(|det| ends_with_word(head, det))
                .max_by_key(|det| det.len())
                .map(|&det| (det, BackRef::Place(level.map(|l| (l, noun)))))
        });
    }
    out
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
            // Korean writes an address without commas ("양강도 혜산시"): a
            // comma between Hangul names is a list ("혜산시, 김형직군").
            let hangul = |r: &PlaceRef| text[r.start..r.end].chars().any(super::is_hangul);
            let address_gap = match gap.trim() {
                "" => true,
                "," => !(hangul(c) && hangul(p)),
                _ => false,
            };
            c.level != PlaceLevel::Point && rank(p.level) > rank(c.level) && address_gap
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
    words().source_before.iter().any(|w| before.ends_with(w))
        || words().source_after.iter().any(|w| after.starts_with(w))
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
            && words()
                .source_after
                .iter()
                .any(|w| next[i..].starts_with(w))
    }) || (word.chars().count() >= 2
        && word.chars().all(super::is_hangul)
        && words()
            .source_after
            .iter()
            .any(|w| next[word.len()..].starts_with(w)))
}

/// The place only receives reports or issues orders ("reports back to
/// Pyongyang"): it stands for the government.
pub(crate) fn is_authority(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    words().authority_before.iter().any(|w| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    })
}

/// The place is where the people involved come from or go to ("a man from
/// Musan", "fled to Yanji", "across from Changbai", "중국으로 탈북",
/// "무산 출신"), not where the event happened.
pub(crate) fn is_origin_or_destination(text: &str, place: &PlaceRef) -> bool {
    is_origin(text, place) || is_destination(text, place)
}

/// The place is where the people involved come from ("a man from Musan",
/// "across from Changbai", "무산 출신", "중국에서 송환된").
fn is_origin(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    let ends_with_word = |w: &str| {
        before
            .strip_suffix(w)
            .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
    };
    if words().origin_before.iter().any(|w| ends_with_word(w)) {
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
        let head_ends_with = |w: &str| {
            head.strip_suffix(w)
                .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
        };
        if words().origin_before.iter().any(|w| head_ends_with(w)) {
            return true;
        }
    }
    let after = &text[place.end..];
    korean_home(text, place, &before) || korean_handed_over_from(after)
}

/// The place is where the people involved go to ("fled to Yanji", "중국으로
/// 탈북"): the end of a movement.
fn is_destination(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    if let Some(rest) = before
        .strip_suffix("to")
        .or_else(|| before.strip_suffix("for"))
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
    words().motion_stem_ko.iter().any(|w| rest.starts_with(w))
}

/// A Korean home or origin: the place, or the finer place named right after
/// it ("함경북도 무산군에 사는"), followed by a word of `origin_after_ko` of `link.tsv`;
/// or the hometown in the parenthesis after a person's age ("김모(35·회령)",
/// "(13·함남 단천)"). `before` is [`lower_before`] of the place.
fn korean_home(text: &str, place: &PlaceRef, before: &str) -> bool {
    let after = &text[place.end..];
    if words().origin_after_ko.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    if let Some(next) = after.strip_prefix(' ') {
        let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
        let finer = words().origin_after_ko.iter().any(|w| {
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

/// A Korean place people were handed over or sent back from: "X에서" then,
/// at most two words on, a stem of `origin_from_ko` of `link.tsv`, past a
/// destination in -(으)로 and the adverbs 강제/다시 ("러시아에서 북측으로 강제
/// 송환된", "중국에서 강제북송된"). `after` is the text right after the place.
fn korean_handed_over_from(after: &str) -> bool {
    let Some(mut rest) = after.strip_prefix("에서") else {
        return false;
    };
    for _ in 0..3 {
        rest = rest.trim_start_matches(' ');
        let bare = rest.strip_prefix("강제").unwrap_or(rest);
        if words().origin_from_ko.iter().any(|w| bare.starts_with(w)) {
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
fn is_locative(text: &str, place: &PlaceRef) -> bool {
    let before = lower_before(text, place.start);
    let w = words();
    before
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
fn is_country_locus(text: &str, place: &PlaceRef) -> bool {
    if is_locative(text, place) {
        return true;
    }
    let after = &text[place.end..];
    if words().locus_after_ko.iter().any(|w| after.starts_with(w)) {
        return true;
    }
    let before = lower_before(text, place.start);
    let before = before.trim_end();
    let opens_clause = before.is_empty()
        || before.ends_with(['.', ',', ';', ':', '"', '“', '\n'])
        || words().clause_opener.iter().any(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|rest| !rest.ends_with(|c: char| c.is_alphanumeric()))
        });
    let verb_follows = after
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_lowercase);
    opens_clause && verb_follows
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
            && !is_dateline(text, p)
        {
            counts.entry(p.key.as_str()).or_insert((0, i)).0 += 1;
        }
    }
    counts
        .into_values()
        .max_by_key(|&(n, first)| (n, std::cmp::Reverse(first)))
        .map(|(_, first)| first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, name: &str, level: PlaceLevel) -> PlaceRef {
        let start = text.find(name).expect("name in text");
        PlaceRef {
            start,
            end: start + name.len(),
            level,
            resolved: true,
            key: name.to_string(),
            region: String::new(),
        }
    }

    #[test]
    fn every_row_of_the_data_file_has_a_known_role() {
        let words = LinkWords::parse(LINK_WORDS).expect("link.tsv parses");
        assert!(words.coordinator.contains(&""), "places side by side");
        assert!(
            words.source_after.contains(&" source"),
            "leading space kept"
        );
        assert!(LinkWords::parse("nonsense\tx").is_err());
    }

    #[test]
    fn locative_words_reach_through_partitive_words() {
        for (text, name, want) in [
            (
                "Floods were reported in parts of eastern Jilin.",
                "Jilin",
                true,
            ),
            ("Heavy rain hit Musan overnight.", "Musan", true),
            ("A tower stands across from Changbai.", "Changbai", false),
            ("Police in the Sinuiju checkpoint waited.", "Sinuiju", true),
            ("He hid near the mouth of the Yalu.", "Yalu", true),
            ("She sold rice from Hyesan.", "Hyesan", false),
        ] {
            let p = place(text, name, PlaceLevel::City);
            assert_eq!(is_locative(text, &p), want, "{text}");
        }
    }

    #[test]
    fn korean_points_of_view_and_handovers_are_not_the_place() {
        for (text, name, want) in [
            ("신의주 맞은편 단둥에서 체포됐다.", "신의주", true),
            ("신의주와 마주한 단둥에서 체포됐다.", "신의주", true),
            ("신의주 맞은편 단둥에서 체포됐다.", "단둥", false),
            ("단둥에서 신의주로 압송됐다.", "단둥", true),
            ("단둥에서 강제로 송환됐다.", "단둥", true),
            ("단둥에서 밀수꾼이 체포됐다.", "단둥", false),
        ] {
            let p = place(text, name, PlaceLevel::City);
            assert_eq!(is_origin_or_destination(text, &p), want, "{text} / {name}");
        }
    }

    #[test]
    fn a_possessive_does_not_hide_an_origin() {
        for (text, want) in [
            ("Two men came from the North's Musan.", true),
            ("Rice arrived from China’s Tumen.", true),
            ("Guards in the North's Musan waited.", false),
        ] {
            let name = if text.contains("Tumen") {
                "Tumen"
            } else {
                "Musan"
            };
            let p = place(text, name, PlaceLevel::City);
            assert_eq!(is_origin_or_destination(text, &p), want, "{text}");
        }
    }

    #[test]
    fn a_country_is_a_locus_only_where_the_action_is() {
        for (text, want) in [
            ("Japan has detained a fishing crew.", true),
            ("Executions continue in Japan, a report said.", true),
            ("Officials sent a team to Japan to arrest them.", false),
            ("Two guards fled to Japan.", false),
            ("일본에서 어부들이 체포됐다.", true),
            ("주민의 일본 월경을 막는다.", false),
            ("일본에서 중국으로 강제 송환된 어부들이 있다.", false),
            ("일본에서 강제북송된 여성이 증언했다.", false),
            ("일본에서 체포된 뒤 북송됐다.", true),
        ] {
            let name = if text.contains("일본") {
                "일본"
            } else {
                "Japan"
            };
            let p = place(text, name, PlaceLevel::Country);
            let locus = is_country_locus(text, &p) && !is_origin_or_destination(text, &p);
            assert_eq!(locus, want, "{text}");
        }
    }
}
