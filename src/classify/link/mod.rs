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

use std::cell::OnceCell;
use std::ops::Range;

use super::{PlaceLevel, PlaceLink, PlaceRef};

/// How many words may separate a cue from the place it is linked to in
/// its sentence; farther places are more often incidental.
pub(crate) const NEAR_WORDS: usize = 12;

/// At most this many words before the place of a sentence's opening
/// locative phrase ("Late last month in Hyesan, ...").
const FRAME_WORDS: usize = 5;

mod reference;
mod roles;
#[cfg(test)]
mod tests;
mod words;

use reference::{BackRef, back_references, gap_text, word_gap};
use roles::{
    Around, is_authority, is_country_locus, is_dateline, is_destination, is_locative, is_origin,
    is_origin_or_destination, is_source_location, main_place, valid,
};
pub(crate) use words::designators;
use words::words;

/// The place candidates of a document's sentences, computed on first use:
/// most sentences hold no cue, and a document without cues needs none.
pub(crate) struct Linker<'a> {
    text: &'a str,
    places: &'a [PlaceRef],
    sents: &'a [Range<usize>],
    /// Candidate places of each sentence, in text order.
    candidates: Vec<OnceCell<Vec<usize>>>,
    /// Every valid place mention of each sentence, in text order.
    in_sentence: Vec<Vec<usize>>,
    /// Paragraph index of each sentence.
    paragraph: Vec<usize>,
    /// Source locations below country level, in text order.
    sources: OnceCell<Vec<usize>>,
    main: OnceCell<Option<usize>>,
    /// The back-references of each sentence that may locate an event (not
    /// a source's, an authority's, an origin or a destination).
    back_references: Vec<OnceCell<Vec<BackReference>>>,
    /// The roles of each place (indexed by [`Role`]), each read from the
    /// words around it when first asked: the linking rules ask again and
    /// again.
    roles: Vec<[OnceCell<bool>; Role::COUNT]>,
    /// What those checks read around each place, made once per place.
    around: Vec<OnceCell<Around<'a>>>,
    /// Whether each sentence holds a word of `list_marker` anywhere: most
    /// hold none, and their cues need no search for one.
    list_markers: Vec<OnceCell<bool>>,
}

/// A back-reference phrase and what it refers to.
type BackReference = (Range<usize>, BackRef);

/// A role the words around a place may give it (see `roles.rs`).
#[derive(Debug, Clone, Copy)]
enum Role {
    /// It locates a news source ([`is_source_location`]).
    Source,
    /// It is in a dateline ([`is_dateline`]).
    Dateline,
    /// It stands for a government ([`is_authority`]).
    Authority,
    /// People come from it ([`is_origin`]).
    Origin,
    /// People go to it ([`is_destination`]).
    Destination,
    /// It follows a locative preposition ([`is_locative`]).
    Locative,
}

impl Role {
    const COUNT: usize = 6;

    /// The check of `roles.rs` that reads this role.
    fn check(self) -> fn(&Around<'_>) -> bool {
        match self {
            Role::Source => is_source_location,
            Role::Dateline => is_dateline,
            Role::Authority => is_authority,
            Role::Origin => is_origin,
            Role::Destination => is_destination,
            Role::Locative => is_locative,
        }
    }
}

/// How far a place is from a cue, nearest first when compared: the words
/// between them (0 when they touch or overlap), then (Korean cues) whether
/// the place comes after the cue, then the bytes between, to break ties.
type Distance = (usize, usize, usize);

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
        Linker {
            text,
            places,
            sents,
            candidates: sents.iter().map(|_| OnceCell::new()).collect(),
            in_sentence,
            paragraph,
            sources: OnceCell::new(),
            main: OnceCell::new(),
            back_references: sents.iter().map(|_| OnceCell::new()).collect(),
            roles: places.iter().map(|_| Default::default()).collect(),
            around: places.iter().map(|_| OnceCell::new()).collect(),
            list_markers: sents.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// Whether place `i` plays `role`.
    fn has_role(&self, i: usize, role: Role) -> bool {
        *self.roles[i][role as usize].get_or_init(|| role.check()(self.around(i)))
    }

    /// What the role checks of place `i` read, made on first use.
    fn around(&self, i: usize) -> &Around<'a> {
        self.around[i].get_or_init(|| Around::new(self.text, &self.places[i]))
    }

    /// Place `i` is an origin or a destination.
    fn is_origin_or_destination(&self, i: usize) -> bool {
        self.has_role(i, Role::Origin) || self.has_role(i, Role::Destination)
    }

    /// The candidate places of sentence `s`, in text order.
    fn candidates(&self, s: usize) -> &[usize] {
        self.candidates[s].get_or_init(|| self.sentence_places(s))
    }

    /// Source locations below country level, in text order.
    fn sources(&self) -> &[usize] {
        self.sources.get_or_init(|| {
            let (text, places) = (self.text, self.places);
            let mut sources: Vec<usize> = (0..places.len())
                .filter(|&i| valid(text, &places[i]))
                .filter(|&i| {
                    places[i].level != PlaceLevel::Country && self.has_role(i, Role::Source)
                })
                .collect();
            sources.sort_by_key(|&i| places[i].start);
            sources
        })
    }

    /// The document's main place, if any.
    fn main(&self) -> Option<usize> {
        *self.main.get_or_init(|| {
            main_place(self.text, self.places, |i| {
                !self.has_role(i, Role::Source)
                    && !self.has_role(i, Role::Authority)
                    && !self.has_role(i, Role::Dateline)
            })
        })
    }

    /// The document text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// Places of the cue's own sentence or of the preceding sentences of its
    /// paragraph (rules 1 and 2), or `None`.
    pub(crate) fn local(&self, s: usize, cue: &Range<usize>) -> Option<(Vec<usize>, PlaceLink)> {
        let own = self.candidates(s);
        // Each candidate's distance once: the rules below compare them
        // several times.
        let close: Vec<(usize, Distance)> = own
            .iter()
            .map(|&p| (p, self.distance(cue, p)))
            .filter(|&(_, d)| d.0 <= NEAR_WORDS)
            .collect();
        let nearest = |places: &mut dyn Iterator<Item = &(usize, Distance)>| {
            places.min_by_key(|&&(_, d)| d).copied()
        };
        // A place the action is in ("police in Changbai") beats a nearer
        // landmark ("across the river from Hyesan").
        let locative = nearest(
            &mut close
                .iter()
                .filter(|&&(p, _)| self.has_role(p, Role::Locative)),
        );
        // A place that names the thing itself ("the Manpo bridge", "the
        // Sinuiju-Dandong bridge") beats any place of action around it.
        let modifier = close.iter().map(|&(p, _)| p).rev().find(|&p| {
            let place = &self.places[p];
            place.end <= cue.start
                && matches!(
                    self.text[place.end..cue.start].trim(),
                    "" | "'s" | "’s" | "-" | "–"
                )
        });
        let reference = self.back_reference(s, cue);
        if let Some(named) = modifier {
            return Some((self.group(s, named, own), PlaceLink::Sentence));
        }
        if let Some((near, near_distance)) = locative.or_else(|| nearest(&mut close.iter())) {
            // "swam across the river, then was caught in X": the phrase
            // right at the cue refers back to where it happened.
            if let Some((gap, referred)) = reference
                && gap < near_distance.0
            {
                return Some((referred, PlaceLink::Reference));
            }
            return Some((self.group(s, near, own), PlaceLink::Sentence));
        }
        if let Some((_, referred)) = reference {
            return Some((referred, PlaceLink::Reference));
        }
        if let Some(listed) = self.listed_after(s, cue) {
            return Some((listed, PlaceLink::Sentence));
        }
        if let Some(frame) = self.scene_frame(s) {
            return Some((frame, PlaceLink::Sentence));
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
            let cands = self.candidates(prev);
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
            .sources()
            .iter()
            .rev()
            .find(|&&p| self.places[p].start < at)
        {
            // "A source in North Hamgyong Province" reporting on a document
            // about Hoeryong, a town of that province: the town is the most
            // specific place the events are tied to.
            let source = &self.places[src];
            let within = self.main().filter(|&m| {
                let main = &self.places[m];
                source.level == PlaceLevel::Province
                    && rank(main.level) < rank(source.level)
                    && !source.region.is_empty()
                    && main.region == source.region
            });
            return (vec![within.unwrap_or(src)], PlaceLink::Document);
        }
        if let Some(m) = self.main() {
            return (vec![m], PlaceLink::Document);
        }
        let countries = self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| {
                self.places[i].level == PlaceLevel::Country
                    && self.sents[s].contains(&self.places[i].start)
                    && !self.has_role(i, Role::Source)
                    && !self.is_origin_or_destination(i)
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
                    && is_country_locus(self.around(i))
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
            && !self.has_role(i, Role::Source)
            && !self.has_role(i, Role::Authority)
            && !self.is_origin_or_destination(i)
    }

    /// The places sentence `s` enumerates ("the affected counties include
    /// A, B and C", "5개 지역은 A, B, C로"): its longest run of two or more
    /// coordinated candidates, when a list marker of `link.tsv` introduces it.
    pub(crate) fn enumeration(&self, s: usize) -> Option<Vec<usize>> {
        let sentence = &self.text[self.sents[s].clone()];
        let lower = sentence.to_lowercase();
        if !words().has_list_marker(&lower) {
            return None;
        }
        let cands = self.candidates(s);
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
                let before = self.around(pair[0]).before();
                w.stretch_from
                    .iter()
                    .any(|from| roles::ends_with_word(before, from))
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
    /// with those coordinated with it; with the word gap between the
    /// reference and the cue.
    fn back_reference(&self, s: usize, cue: &Range<usize>) -> Option<(usize, Vec<usize>)> {
        let (gap, target) = self
            .event_back_references(s)
            .iter()
            .map(|(span, target)| (word_gap(self.text, cue, span), *target))
            .filter(|&(gap, _)| gap <= NEAR_WORDS)
            .min_by_key(|&(gap, _)| gap)?;
        (0..s)
            .rev()
            .find_map(|prev| self.referent(prev, target))
            .map(|referred| (gap, referred))
    }

    /// The back-references of sentence `s` that may locate an event: "a
    /// source in the province" locates the source, not the event.
    fn event_back_references(&self, s: usize) -> &[BackReference] {
        self.back_references[s].get_or_init(|| {
            back_references(self.text, &self.sents[s])
                .into_iter()
                .filter(|(span, _)| {
                    let phrase = PlaceRef {
                        start: span.start,
                        end: span.end,
                        resolved: false,
                        level: PlaceLevel::Point,
                        key: String::new(),
                        region: String::new(),
                    };
                    let around = Around::new(self.text, &phrase);
                    !is_source_location(&around)
                        && !is_authority(&around)
                        && !is_origin_or_destination(&around)
                })
                .collect()
        })
    }

    /// What `target` refers to among the places of sentence `s`, if any.
    fn referent(&self, s: usize, target: BackRef) -> Option<Vec<usize>> {
        let cands = self.candidates(s);
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
                        && !self.has_role(p, Role::Source)
                        && !self.has_role(p, Role::Authority)
                        && !self.is_origin_or_destination(p)
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
                    && self.has_role(i, Role::Destination)
                    && !self.has_role(i, Role::Origin)
                    && !self.has_role(i, Role::Source)
                    && !self.has_role(i, Role::Authority)
                    && self.distance(cue, i).0 <= NEAR_WORDS
            })
            .min_by_key(|&i| self.distance(cue, i))
    }

    /// The places of a locative phrase that opens sentence `s` and is set off
    /// by a comma ("In Hyesan, ...", "Last week in Musan County, North
    /// Hamgyong Province, ..."): it sets the scene for the whole sentence,
    /// however far its cues are.
    fn scene_frame(&self, s: usize) -> Option<Vec<usize>> {
        let own = self.candidates(s);
        let first = own.iter().copied().min_by_key(|&p| self.places[p].start)?;
        let place = &self.places[first];
        let opening = &self.text[self.sents[s].start..place.start];
        let words_before = opening.split_whitespace().count();
        if words_before == 0
            || words_before > FRAME_WORDS
            || !self.has_role(first, Role::Locative)
            || opening.contains(['"', '“', '(', ';', ':'])
        {
            return None;
        }
        // Past the names joined to the first one (coordinated places and
        // the province after a town), a comma must close the phrase.
        let all = &self.in_sentence[s];
        let mut end = place.end;
        for &i in all.iter().filter(|&&i| self.places[i].start >= place.end) {
            let gap = self.text[end..self.places[i].start].trim();
            if gap == "," || words().coordinator.contains(&gap) {
                end = self.places[i].end;
            } else {
                break;
            }
        }
        self.text[end..]
            .starts_with(',')
            .then(|| self.group(s, first, own))
    }

    /// The end of a movement told before the cue in sentence `s` and joined
    /// to it by a word of `then_after_destination` ("crossed into X and
    /// killed two men", "fled to X, where she was caught"): the later
    /// action happens there. Only the first such joiner after the place
    /// counts, and the cue must follow it within a few words.
    pub(crate) fn destination_before(&self, s: usize, cue: &Range<usize>) -> Option<usize> {
        self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| {
                let p = &self.places[i];
                p.resolved
                    && p.end <= cue.start
                    && self.sents[s].contains(&p.start)
                    && self.has_role(i, Role::Destination)
                    && !self.has_role(i, Role::Source)
                    && !self.has_role(i, Role::Authority)
                    && self.distance(cue, i).0 <= NEAR_WORDS
                    && joined_as_sequel(&self.text[p.end..cue.start])
            })
            .max_by_key(|&i| self.places[i].start)
    }

    /// The places a list marker after the cue introduces in its sentence,
    /// however far ("detained in several places, including A, B and C"):
    /// the first of them with those coordinated with it.
    fn listed_after(&self, s: usize, cue: &Range<usize>) -> Option<Vec<usize>> {
        let end = self.sents[s].end;
        if cue.end >= end || !self.has_list_marker(s) {
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
        let cands = self.candidates(s);
        let first = cands
            .iter()
            .copied()
            .find(|&p| self.places[p].start >= cue.end + marker && self.places[p].resolved)?;
        Some(self.group(s, first, cands))
    }

    /// Whether sentence `s` holds a word of `list_marker` (ASCII
    /// lower-cased, as [`Linker::listed_after`] reads it), at a word
    /// boundary or not.
    fn has_list_marker(&self, s: usize) -> bool {
        *self.list_markers[s].get_or_init(|| {
            let lower = self.text[self.sents[s].clone()].to_ascii_lowercase();
            words().has_list_marker(&lower)
        })
    }

    /// Whether sentences `a` and `b` are in one paragraph.
    pub(crate) fn same_paragraph(&self, a: usize, b: usize) -> bool {
        self.paragraph[a] == self.paragraph[b]
    }

    /// How far place `p` is from a cue (see [`Distance`]).
    fn distance(&self, cue: &Range<usize>, p: usize) -> Distance {
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

impl Linker<'_> {
    /// The candidate places of sentence `s`: its finest places that may
    /// locate an event (see [`Linker::candidates`]).
    fn sentence_places(&self, s: usize) -> Vec<usize> {
        let (text, places, sentence) = (self.text, self.places, &self.sents[s]);
        let mut inside: Vec<usize> = self.in_sentence[s]
            .iter()
            .copied()
            .filter(|&i| places[i].end <= sentence.end)
            .filter(|&i| places[i].level != PlaceLevel::Country)
            .filter(|&i| !self.has_role(i, Role::Source) && !self.has_role(i, Role::Dateline))
            .filter(|&i| !self.has_role(i, Role::Authority))
            .filter(|&i| !self.is_origin_or_destination(i))
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
}

/// Whether `gap`, the text between a destination and a later cue, joins the
/// cue to the movement as its sequel: it holds a word of
/// `then_after_destination` and no second place of action or clause break.
fn joined_as_sequel(gap: &str) -> bool {
    if gap.contains(['.', ';', ':', '?', '!']) {
        return false;
    }
    let lower = gap.to_ascii_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words().then_after_destination.iter().any(|joiner| {
        let joiner: Vec<&str> = joiner.split(' ').collect();
        tokens.windows(joiner.len()).any(|w| w == joiner.as_slice())
    })
}
