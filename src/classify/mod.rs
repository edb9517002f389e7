//! Classify: turns a document's text and its place mentions into events.
//!
//! The stage splits the text into sentences ([`sentences`]), finds incident
//! and infrastructure cues from the bundled English and Korean lexicon
//! ([`lexicon`]), drops cues that are denied ("no one was arrested") or that
//! name the aim of a measure rather than a fact ("to prevent defections"),
//! marks plans ("will install") as [`Status::Planned`], turns a killing in
//! the same sentence as a disaster, flood or accident into a death ("floods
//! swept the town, killing 12"), and links each event to the places it is
//! about (rules in the `link` submodule). Mentions of one category merge
//! when their places share a gazetteer key or a name without designator
//! ("Hoeryong City" and "Hoeryong": a county-level city and its seat).
//!
//! Every span is a byte range into the original UTF-8 text of the document.

mod categories;
mod details;
pub mod lexicon;
mod link;
mod merge;
mod sentence;
#[cfg(test)]
mod tests;

use std::ops::Range;
use std::str::FromStr;

pub use lexicon::Lexicon;
pub use sentence::{paragraphs, sentences};

/// One place mention of the document, as the classifier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceRef {
    /// Byte offset where the mention starts in the text.
    pub start: usize,
    /// Byte offset where the mention ends (exclusive).
    pub end: usize,
    /// Whether the mention was resolved to a point.
    pub resolved: bool,
    /// The administrative level of the place.
    pub level: PlaceLevel,
    /// Identity of the place (a gazetteer id): the same place has the same key.
    pub key: String,
    /// The first-level division the place lies in (its GeoNames admin1
    /// code, `KP.09`; a province's own code), empty when unknown.
    pub region: String,
}

/// The level of a place, coarse to fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceLevel {
    /// A country.
    Country,
    /// A province (first-level division).
    Province,
    /// A county (second-level division).
    County,
    /// A city, town, village or neighbourhood.
    City,
    /// Any other located feature: river, mountain, island, facility.
    Point,
}

impl PlaceLevel {
    /// How coarse the level is when picking the most specific places of a
    /// sentence: 0 for counties, cities and points, 1 for provinces, 2 for
    /// countries.
    fn tier(self) -> u8 {
        match self {
            PlaceLevel::Country => 2,
            PlaceLevel::Province => 1,
            PlaceLevel::County | PlaceLevel::City | PlaceLevel::Point => 0,
        }
    }
}

macro_rules! categories {
    ($($variant:ident => $name:literal, $layer:ident;)*) => {
        /// An event category; [`Category::as_str`] gives the name used in the
        /// GeoJSON layers and by the evaluation scorer.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Category {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Category {
            /// Every category, incidents first, in a fixed order.
            pub const ALL: &[Category] = &[$(Category::$variant),*];

            /// The category name, such as `electrified_fence`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Category::$variant => $name,)*
                }
            }

            /// The map layer the category belongs to.
            pub fn layer(self) -> Layer {
                match self {
                    $(Category::$variant => Layer::$layer,)*
                }
            }
        }
    };
}

categories! {
    Death => "death", Incident;
    Killing => "killing", Incident;
    Arrest => "arrest", Incident;
    Execution => "execution", Incident;
    Punishment => "punishment", Incident;
    Defection => "defection", Incident;
    Smuggling => "smuggling", Incident;
    Crackdown => "crackdown", Incident;
    Inspection => "inspection", Incident;
    Disaster => "disaster", Incident;
    Flood => "flood", Incident;
    Accident => "accident", Incident;
    Protest => "protest", Incident;
    OtherIncident => "other_incident", Incident;
    Fence => "fence", Infrastructure;
    ElectrifiedFence => "electrified_fence", Infrastructure;
    Wall => "wall", Infrastructure;
    SurveillanceCamera => "surveillance_camera", Infrastructure;
    GuardPost => "guard_post", Infrastructure;
    Sensor => "sensor", Infrastructure;
    BarbedWire => "barbed_wire", Infrastructure;
    Checkpoint => "checkpoint", Infrastructure;
    Bridge => "bridge", Infrastructure;
    OtherInfrastructure => "other_infrastructure", Infrastructure;
}

impl FromStr for Category {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Category> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| crate::Error::Usage(format!("unknown event category {s:?}")))
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two event layers of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Things that happened: deaths, arrests, smuggling, floods...
    Incident,
    /// Border infrastructure: fences, cameras, guard posts...
    Infrastructure,
}

impl Layer {
    /// The name used in output: `incident` or `infrastructure`.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Incident => "incident",
            Layer::Infrastructure => "infrastructure",
        }
    }
}

/// Whether an event is reported as having happened or only as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Reported as fact (happened, exists or is under way).
    Reported,
    /// Announced or planned ("will install", "is set to build", "예정").
    Planned,
}

impl Status {
    /// `"reported"` or `"planned"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Planned => "planned",
        }
    }
}

/// How the place of an event was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceLink {
    /// A place named in the evidence sentence.
    Sentence,
    /// The places of the nearest preceding sentence of the same paragraph.
    Paragraph,
    /// Places named earlier that a noun phrase of the evidence sentence
    /// refers back to ("in the two towns", "the county").
    Reference,
    /// Chosen for the whole document: the location of the news source
    /// quoted before the cue, or the document's main place (its most
    /// mentioned resolved place).
    Document,
    /// No place: a generic statement.
    None,
}

impl PlaceLink {
    /// `"sentence"`, `"paragraph"`, `"reference"`, `"document"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLink::Sentence => "sentence",
            PlaceLink::Paragraph => "paragraph",
            PlaceLink::Reference => "reference",
            PlaceLink::Document => "document",
            PlaceLink::None => "none",
        }
    }
}

/// One event: a category at a place, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What happened or what was built.
    pub category: Category,
    /// Reported or planned.
    pub status: Status,
    /// Index into the [`PlaceRef`] slice given to [`classify`], or `None`.
    pub place: Option<usize>,
    /// How the place was chosen.
    pub link: PlaceLink,
    /// Byte span of the first evidence sentence.
    pub evidence: Range<usize>,
    /// The cue words found, as written in the text, deduplicated.
    pub cues: Vec<String>,
    /// Number of people killed or dead, when the text states it.
    pub fatalities: Option<u32>,
    /// Who acted ("soldiers", "border guards", "보위부"), as written.
    pub actors: Vec<String>,
    /// Confidence between 0 and 1.
    pub score: f64,
}

/// Classifies `text` with the bundled lexicon; see [`classify_with`].
pub fn classify(text: &str, places: &[PlaceRef]) -> Vec<Event> {
    classify_with(Lexicon::embedded(), text, places)
}

/// One cue occurrence that survived negation and purpose checks.
struct Mention {
    category: Category,
    span: Range<usize>,
    status: Status,
    sentence: usize,
    cue: String,
    fatalities: Option<u32>,
    actors: Vec<String>,
    /// The cue is itself a word of violence ("gunfire", "shooting").
    violent: bool,
}

/// What the classifier decided about one cue of the text, as `eventmap
/// explain` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct CueDecision {
    /// Byte span of the cue in the text.
    pub span: Range<usize>,
    /// The cue as written.
    pub cue: String,
    /// The category it signals (after the document-level refinements).
    pub category: Category,
    /// Index of its sentence in [`Classification::sentences`].
    pub sentence: usize,
    /// Kept (with its status and places) or dropped (with the reason).
    pub outcome: Outcome,
}

/// The fate of one cue.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The cue gives an event; `places` index the [`PlaceRef`] slice (empty:
    /// no place, geometry null), `link` says how they were chosen.
    Kept {
        /// Reported or planned.
        status: Status,
        /// The places of the event.
        places: Vec<usize>,
        /// How the places were chosen.
        link: PlaceLink,
    },
    /// The cue states no event.
    Dropped(details::Dropped),
}

/// The events of a text and the decision behind every cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The events, one per (category, place).
    pub events: Vec<Event>,
    /// Byte spans of the sentences.
    pub sentences: Vec<Range<usize>>,
    /// One decision per event cue, in text order.
    pub decisions: Vec<CueDecision>,
}

pub use details::Dropped;

/// Classifies `text` into events using `lexicon`.
///
/// The result holds one event per (category, place key), in order of first
/// evidence: repeats merge (first evidence, union of cues and actors,
/// largest fatality count, planned only when every mention is planned). A
/// category gets an event without a place only when none of its mentions
/// could be linked to a place.
pub fn classify_with(lexicon: &Lexicon, text: &str, places: &[PlaceRef]) -> Vec<Event> {
    explain_with(lexicon, text, places).events
}

/// Classifies `text` with the bundled lexicon and keeps the decision behind
/// every cue; see [`explain_with`].
pub fn explain(text: &str, places: &[PlaceRef]) -> Classification {
    explain_with(Lexicon::embedded(), text, places)
}

/// Classifies `text` with `lexicon`: the events of [`classify_with`] and,
/// for every cue, whether it was kept (status, places, link) or dropped and
/// why.
pub fn explain_with(lexicon: &Lexicon, text: &str, places: &[PlaceRef]) -> Classification {
    let sents = sentences(text);
    let mut out = Classification {
        events: Vec::new(),
        sentences: sents.clone(),
        decisions: Vec::new(),
    };
    if sents.is_empty() {
        return out;
    }
    let lexicon::Hits {
        cues,
        modifiers,
        people,
    } = lexicon.hits(text);
    let mut mentions = Vec::new();
    for hit in cues {
        let entry = &lexicon.entries()[hit.entry];
        let lexicon::CueKind::Event(first) = entry.kind else {
            continue;
        };
        // Sentences are in text order: a binary search, not a scan per cue.
        let s = sents.partition_point(|r| r.end <= hit.span.start);
        if !sents.get(s).is_some_and(|r| r.contains(&hit.span.start)) {
            continue;
        }
        let sentence = sents[s].clone();
        // The modifiers and people of this sentence only (the helpers
        // filter by sentence; a whole document's hits per cue is quadratic).
        let modifiers = in_sentence(&modifiers, &sentence);
        let people = in_sentence(&people, &sentence);
        let status = if details::is_tag_list(&text[sentence.clone()]) {
            Err(Dropped::TagList)
        } else {
            details::status(
                lexicon, text, &sentence, &hit.span, entry.verb, first, modifiers,
            )
        };
        let surface = details::surface(text, &hit.span);
        for category in std::iter::once(first).chain(entry.also) {
            // Plans and expectations of incidents ("executions are expected")
            // report nothing yet; planned infrastructure is mapped as planned.
            let status = status.and_then(|st| {
                if st == Status::Planned && category.layer() == Layer::Incident {
                    Err(Dropped::PlannedIncident)
                } else {
                    Ok(st)
                }
            });
            let cue = surface.clone();
            let status = match status {
                Ok(st) => st,
                Err(why) => {
                    out.decisions.push(CueDecision {
                        span: hit.span.clone(),
                        cue,
                        category,
                        sentence: s,
                        outcome: Outcome::Dropped(why),
                    });
                    continue;
                }
            };
            let category =
                if category == Category::Death && details::violent(lexicon, &sentence, modifiers) {
                    Category::Killing
                } else {
                    category
                };
            let counts = matches!(
                category,
                Category::Death | Category::Killing | Category::Execution
            );
            mentions.push(Mention {
                category,
                span: hit.span.clone(),
                status,
                sentence: s,
                cue,
                fatalities: if counts {
                    details::fatalities(lexicon, text, &sentence, &hit.span, people)
                } else {
                    None
                },
                actors: details::actors(lexicon, text, &sentence, people),
                violent: modifiers.iter().any(|m| {
                    m.span.start < hit.span.end
                        && hit.span.start < m.span.end
                        && lexicon.entries()[m.entry].kind == lexicon::CueKind::Violent
                }),
            });
        }
    }
    categories::specialise(&mut mentions);
    categories::disaster_deaths(&mut mentions);
    categories::killing_context(&mut mentions);
    let linker = link::Linker::new(text, &sents, places);
    let links: Vec<Option<(Vec<usize>, PlaceLink)>> = mentions
        .iter()
        .map(|m| {
            let mut link = linker.local(m.sentence, &m.span);
            // An act told as the sequel of a movement happens at its end
            // ("crossed into X and killed two men"); the movement itself
            // does not (a defection's destination is not its place).
            if m.category.layer() == Layer::Incident
                && m.category != Category::Defection
                && !matches!(link, Some((_, PlaceLink::Sentence | PlaceLink::Reference)))
                && let Some(to) = linker.destination_before(m.sentence, &m.span)
            {
                link = Some((vec![to], PlaceLink::Sentence));
            }
            // Structures and patrols run along a stretch ("a fence from A
            // to B"): both ends locate them.
            if matches!(m.category.layer(), Layer::Infrastructure)
                || m.category == Category::Crackdown
            {
                // A control or a structure on the way to a place is at it
                // ("the bridge into Sinuiju", "회령으로 넘어가는 교량").
                if !matches!(link, Some((_, PlaceLink::Sentence | PlaceLink::Reference)))
                    && let Some(to) = linker.destination_near(m.sentence, &m.span)
                {
                    link = Some((vec![to], PlaceLink::Sentence));
                }
                if let Some((ps, PlaceLink::Sentence)) = &mut link {
                    // A bridge stands at both of its ends ("the bridge from
                    // Sanhe to Hoeryong", "삼합진에서 회령으로 넘어가는 교량").
                    if m.category == Category::Bridge
                        && let Some(to) = linker.destination_near(m.sentence, &m.span)
                        && !ps.contains(&to)
                    {
                        ps.push(to);
                    }
                    for start in linker.stretch_starts(m.sentence, ps) {
                        if !ps.contains(&start) {
                            ps.insert(0, start);
                        }
                    }
                }
            }
            link
        })
        .collect();
    for (m, l) in mentions.iter().zip(&links) {
        let (places, link) = l.clone().unwrap_or((Vec::new(), PlaceLink::None));
        out.decisions.push(CueDecision {
            span: m.span.clone(),
            cue: m.cue.clone(),
            category: m.category,
            sentence: m.sentence,
            outcome: Outcome::Kept {
                status: m.status,
                places,
                link,
            },
        });
    }
    out.decisions.sort_by_key(|d| (d.span.start, d.category));
    out.events = merge::merge(&sents, places, &linker, mentions, links, &mut out.decisions);
    out
}

/// The hits (in text order) that start in `sentence`.
fn in_sentence<'h>(hits: &'h [lexicon::Hit], sentence: &Range<usize>) -> &'h [lexicon::Hit] {
    let from = hits.partition_point(|h| h.span.start < sentence.start);
    let to = hits.partition_point(|h| h.span.start < sentence.end);
    &hits[from..to]
}

/// Whether `c` is a Hangul syllable.
pub(crate) use crate::normalize::is_hangul_syllable as is_hangul;
