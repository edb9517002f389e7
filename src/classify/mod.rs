//! Classify: turns a document's text and its place mentions into events.
//!
//! The stage splits the text into sentences ([`sentences`]), finds incident
//! and infrastructure cues from the bundled English and Korean lexicon
//! ([`lexicon`]), drops cues that are denied ("no one was arrested") or that
//! name the aim of a measure rather than a fact ("to prevent defections"),
//! marks plans ("will install") as [`Status::Planned`], and links each event
//! to the places it is about ([`link`]).
//!
//! Every span is a byte range into the original UTF-8 text of the document.

mod details;
pub mod lexicon;
mod link;
mod sentence;

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
    /// The document's main place (its most mentioned resolved place).
    Document,
    /// No place: a generic statement.
    None,
}

impl PlaceLink {
    /// `"sentence"`, `"paragraph"`, `"document"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLink::Sentence => "sentence",
            PlaceLink::Paragraph => "paragraph",
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
}

/// Classifies `text` into events using `lexicon`.
///
/// The result holds one event per (category, place key), in order of first
/// evidence: repeats merge (first evidence, union of cues and actors,
/// largest fatality count, planned only when every mention is planned). A
/// category gets an event without a place only when none of its mentions
/// could be linked to a place.
pub fn classify_with(lexicon: &Lexicon, text: &str, places: &[PlaceRef]) -> Vec<Event> {
    let sents = sentences(text);
    if sents.is_empty() {
        return Vec::new();
    }
    let modifiers = lexicon.modifier_hits(text);
    let people = lexicon.people_hits(text);
    let mut mentions = Vec::new();
    for hit in lexicon.cue_hits(text) {
        let lexicon::CueKind::Event(category) = lexicon.entries()[hit.entry].kind else {
            continue;
        };
        let Some(s) = sents.iter().position(|r| r.contains(&hit.span.start)) else {
            continue;
        };
        let sentence = sents[s].clone();
        let Some(status) = details::status(lexicon, text, &sentence, &hit.span, &modifiers) else {
            continue;
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
            cue: details::surface(text, &hit.span),
            fatalities: if counts {
                details::fatalities(lexicon, text, &sentence, &hit.span, &people)
            } else {
                None
            },
            actors: details::actors(lexicon, text, &sentence, &people),
        });
    }
    specialise(&mut mentions);
    let linker = link::Linker::new(text, &sents, places);
    let links: Vec<Option<(Vec<usize>, PlaceLink)>> = mentions
        .iter()
        .map(|m| linker.local(m.sentence, &m.span))
        .collect();
    merge(&sents, places, &linker, mentions, links)
}

/// A cue that ends another cue of the document ("fences" after "electrified
/// fences", "철조망" after "전기철조망") refers back to it and takes its
/// category.
fn specialise(mentions: &mut [Mention]) {
    let specific: Vec<(String, Category)> = mentions
        .iter()
        .map(|m| (m.cue.to_lowercase(), m.category))
        .collect();
    for m in mentions.iter_mut() {
        let cue = m.cue.to_lowercase();
        if let Some((_, c)) = specific
            .iter()
            .find(|(long, c)| *c != m.category && long.len() > cue.len() && long.ends_with(&cue))
        {
            m.category = *c;
        }
    }
}

fn merge(
    sents: &[Range<usize>],
    places: &[PlaceRef],
    linker: &link::Linker,
    mentions: Vec<Mention>,
    links: Vec<Option<(Vec<usize>, PlaceLink)>>,
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let add = |m: &Mention, place: Option<usize>, link: PlaceLink, events: &mut Vec<Event>| {
        let key = place.map(|p| places[p].key.as_str());
        let same = |e: &&mut Event| {
            e.category == m.category && e.place.map(|p| places[p].key.as_str()) == key
        };
        match events.iter_mut().find(same) {
            Some(e) => absorb(e, m),
            None => events.push(Event {
                category: m.category,
                status: m.status,
                place,
                link,
                evidence: sents[m.sentence].clone(),
                cues: vec![m.cue.clone()],
                fatalities: m.fatalities,
                actors: m.actors.clone(),
                score: 0.0,
            }),
        }
    };
    // Mentions linked to places of their sentence or paragraph first.
    for (m, l) in mentions.iter().zip(&links) {
        if let Some((ps, link)) = l {
            for &p in ps {
                add(m, Some(p), *link, &mut events);
            }
        }
    }
    // Prefer the most specific places of each category: a province or
    // country event is dropped when the same category sits at a town.
    let local: Vec<Category> = events
        .iter()
        .filter(|e| e.place.is_some_and(|p| places[p].level.tier() == 0))
        .map(|e| e.category)
        .collect();
    events.retain(|e| {
        !local.contains(&e.category) || e.place.is_some_and(|p| places[p].level.tier() == 0)
    });
    // The rest: a category already placed elsewhere in the document is the
    // same story told again ("the soldiers who were killed"), so the mention
    // joins that event; otherwise the source's location, the document's main
    // place, a country of the sentence, or no place.
    for (m, _) in mentions.iter().zip(&links).filter(|(_, l)| l.is_none()) {
        if let Some(e) = events
            .iter_mut()
            .find(|e| e.category == m.category && e.place.is_some())
        {
            absorb(e, m);
            continue;
        }
        match linker.fallback(m.sentence, m.span.start) {
            (ps, link) if !ps.is_empty() => {
                for p in ps {
                    add(m, Some(p), link, &mut events);
                }
            }
            _ => add(m, None, PlaceLink::None, &mut events),
        }
    }
    // A category with a place needs no placeless event.
    let placed: Vec<Category> = events
        .iter()
        .filter(|e| e.place.is_some())
        .map(|e| e.category)
        .collect();
    events.retain(|e| e.place.is_some() || !placed.contains(&e.category));
    for e in &mut events {
        e.score = details::score(e);
    }
    events.sort_by_key(|e| (e.evidence.start, e.category, e.place));
    events
}

/// Merges a repeated mention into an existing event.
fn absorb(e: &mut Event, m: &Mention) {
    if !e.cues.contains(&m.cue) {
        e.cues.push(m.cue.clone());
    }
    for a in &m.actors {
        if !e.actors.iter().any(|b| b.eq_ignore_ascii_case(a)) {
            e.actors.push(a.clone());
        }
    }
    e.fatalities = e.fatalities.max(m.fatalities);
    if m.status == Status::Reported {
        e.status = Status::Reported;
    }
}

/// Whether `c` is a Hangul syllable.
pub(crate) fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}
