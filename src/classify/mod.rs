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
    specialise(&mut mentions);
    disaster_deaths(&mut mentions);
    killing_context(&mut mentions);
    let linker = link::Linker::new(text, &sents, places);
    let links: Vec<Option<(Vec<usize>, PlaceLink)>> = mentions
        .iter()
        .map(|m| {
            let mut link = linker.local(m.sentence, &m.span);
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
    out.events = merge(&sents, places, &linker, mentions, links, &mut out.decisions);
    out
}

/// The hits (in text order) that start in `sentence`.
fn in_sentence<'h>(hits: &'h [lexicon::Hit], sentence: &Range<usize>) -> &'h [lexicon::Hit] {
    let from = hits.partition_point(|h| h.span.start < sentence.start);
    let to = hits.partition_point(|h| h.span.start < sentence.end);
    &hits[from..to]
}

/// A cue that ends another cue of the document ("fences" after "electrified
/// fences", "철조망" after "전기철조망") refers back to it and takes its
/// category.
fn specialise(mentions: &mut [Mention]) {
    // The distinct cues of the document: few, however long it is.
    let mut specific: Vec<(String, Category)> = mentions
        .iter()
        .map(|m| (m.cue.to_lowercase(), m.category))
        .collect();
    specific.sort();
    specific.dedup();
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

/// "Heavy rain flooded the town, killing 12 people": a killing in the same
/// sentence as a disaster, flood or accident is a death, not a killing.
fn disaster_deaths(mentions: &mut Vec<Mention>) {
    let struck: std::collections::HashSet<usize> = mentions
        .iter()
        .filter(|m| {
            matches!(
                m.category,
                Category::Disaster | Category::Flood | Category::Accident
            )
        })
        .map(|m| m.sentence)
        .collect();
    for m in mentions.iter_mut() {
        if m.category == Category::Killing && struck.contains(&m.sentence) {
            m.category = Category::Death;
        }
    }
    // Houses that collapse in a flood or a storm are its damage, not a
    // separate accident: in its sentence the flood already says so; in the
    // next sentences ("Near Dandong 200 houses collapsed") the damage tells
    // where the flood struck.
    let natural: Vec<(usize, Category)> = mentions
        .iter()
        .filter(|m| matches!(m.category, Category::Disaster | Category::Flood))
        .map(|m| (m.sentence, m.category))
        .collect();
    mentions.retain(|m| {
        m.category != Category::Accident || !natural.iter().any(|&(s, _)| s == m.sentence)
    });
    for m in mentions.iter_mut() {
        if m.category != Category::Accident {
            continue;
        }
        if let Some(&(_, cause)) = natural
            .iter()
            .rev()
            .find(|&&(s, _)| s < m.sentence && m.sentence - s <= DAMAGE_SPAN)
        {
            m.category = cause;
        }
    }
}

/// How many sentences after a flood or a storm a collapse is still its
/// damage.
const DAMAGE_SPAN: usize = 2;

/// How many sentences before or after a killing a death still tells of
/// its victims ("Two dead as guards open fire", "Guards shot two men. Their
/// bodies were left on the bank.").
const VICTIMS_SPAN: usize = 1;

/// A killing decides what the deaths and shootings around it are: a death
/// told in its sentence or the one before or after ([`VICTIMS_SPAN`]) is that
/// killing, and a shooting in its sentence ("struck by gunfire, they were
/// killed") is how it was done, not another incident.
fn killing_context(mentions: &mut Vec<Mention>) {
    let killings: Vec<usize> = mentions
        .iter()
        .filter(|m| m.category == Category::Killing)
        .map(|m| m.sentence)
        .collect();
    if killings.is_empty() {
        return;
    }
    let near_killing = |s: usize| killings.iter().any(|&k| k.abs_diff(s) <= VICTIMS_SPAN);
    for m in mentions.iter_mut() {
        if m.category == Category::Death && near_killing(m.sentence) {
            m.category = Category::Killing;
        }
    }
    mentions.retain(|m| {
        !(m.category == Category::OtherIncident && m.violent && killings.contains(&m.sentence))
    });
}

/// The name of a place mention without its designator, lower case:
/// "Hoeryong City", "Hoeryong" and "회령시" name the same locality (a
/// county-level city and its seat), so their events are one story.
fn base_name(text: &str, p: &PlaceRef) -> String {
    let Some(name) = text.get(p.start..p.end) else {
        return p.key.clone();
    };
    let name = name.to_lowercase();
    let stem = link::designators()
        .iter()
        .find_map(|d| name.strip_suffix(d).filter(|s| !s.trim().is_empty()))
        .unwrap_or(&name);
    stem.trim().to_string()
}

fn merge(
    sents: &[Range<usize>],
    places: &[PlaceRef],
    linker: &link::Linker,
    mentions: Vec<Mention>,
    links: Vec<Option<(Vec<usize>, PlaceLink)>>,
    decisions: &mut [CueDecision],
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let index: std::collections::HashMap<(usize, Category), usize> = decisions
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.span.start, d.category), i))
        .collect();
    let mut record = |m: &Mention, ps: &[usize], link: PlaceLink| {
        if let Some(&i) = index.get(&(m.span.start, m.category))
            && let Outcome::Kept {
                places, link: l, ..
            } = &mut decisions[i].outcome
        {
            *places = ps.to_vec();
            *l = link;
        }
    };
    let text = linker.text();
    // Two mentions are the same place when they share a gazetteer key or a
    // name: "Musan County" then "Musan" (even unresolved) is one locality.
    let same_place = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            places[a].key == places[b].key
                || base_name(text, &places[a]) == base_name(text, &places[b])
        }
        _ => false,
    };
    let add = |m: &Mention, place: Option<usize>, link: PlaceLink, events: &mut Vec<Event>| {
        let same = |e: &&mut Event| e.category == m.category && same_place(e.place, place);
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
    // A sentence without cues that enumerates places right after an event
    // sentence says where those events are ("Floods hit the north. The
    // affected counties include A, B and C.").
    // Mentions are in text order, so each sentence's run is one slice;
    // only the sentence after a run can be such a list.
    debug_assert!(mentions.windows(2).all(|w| w[0].sentence <= w[1].sentence));
    let mut superseded: Vec<(Category, usize)> = Vec::new();
    let mut first = 0;
    while first < mentions.len() {
        let s = mentions[first].sentence;
        let run = mentions[first..].partition_point(|m| m.sentence == s);
        let prev = &mentions[first..first + run];
        first += run;
        let next_has_cues = mentions.get(first).is_some_and(|m| m.sentence == s + 1);
        if s + 1 >= sents.len() || next_has_cues {
            continue;
        }
        if let Some(listed) = linker.enumeration(s + 1) {
            for (m, link) in prev.iter().zip(&links[first - run..first]) {
                // "Controls were tightened in Ryanggang Province. The
                // counties concerned are A, B and C": the towns of the
                // province are where it happened, the province only
                // gathered them (in one paragraph: a list further on may
                // be another story).
                if let Some((ps, _)) = link {
                    for &p in ps {
                        let province = &places[p];
                        let inside = linker.same_paragraph(s, s + 1)
                            && province.level == PlaceLevel::Province
                            && !province.region.is_empty()
                            && listed.iter().all(|&l| places[l].region == province.region);
                        if inside {
                            superseded.push((m.category, p));
                        }
                    }
                }
                for &p in &listed {
                    add(m, Some(p), PlaceLink::Paragraph, &mut events);
                }
            }
        }
    }
    events.retain(|e| {
        !e.place
            .is_some_and(|p| superseded.contains(&(e.category, p)))
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
            record(m, &[e.place.unwrap_or_default()], e.link);
            absorb(e, m);
            continue;
        }
        match linker.fallback(m.sentence, m.span.start) {
            (ps, link) if !ps.is_empty() => {
                record(m, &ps, link);
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
pub(crate) use crate::normalize::is_hangul_syllable as is_hangul;

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    /// A place mention of `surface` (its `nth` occurrence, from 0) in `text`.
    fn place(text: &str, surface: &str, nth: usize, level: PlaceLevel, resolved: bool) -> PlaceRef {
        let start = text.match_indices(surface).nth(nth).expect(surface).0;
        PlaceRef {
            start,
            end: start + surface.len(),
            resolved,
            level,
            key: surface.to_lowercase(),
            region: String::new(),
        }
    }

    fn categories(text: &str) -> Vec<Category> {
        classify(text, &[])
            .into_iter()
            .map(|e| e.category)
            .collect()
    }

    #[test]
    fn finds_cues_and_inflections() {
        let cases: &[(&str, &str, &[Category])] = &[
            (
                "killed",
                "Two soldiers were killed near the river.",
                &[Death],
            ),
            ("detained", "Police detained a man yesterday.", &[Arrest]),
            ("executed", "He was executed last week.", &[Execution]),
            ("smugglers", "Smugglers crossed at night.", &[Smuggling]),
            ("defected", "She defected in March.", &[Defection]),
            (
                "cracked down",
                "Authorities cracked down on traders.",
                &[Crackdown],
            ),
            (
                "clamp down",
                "Police clamp down on phones every spring.",
                &[Crackdown],
            ),
            ("inspected", "Officials inspected the units.", &[Inspection]),
            ("flooding", "Flooding destroyed homes.", &[Flood]),
            (
                "electric fence beats fence",
                "They built an electric fence.",
                &[ElectrifiedFence],
            ),
            (
                "high-voltage wire",
                "A high-voltage wire runs along the bank.",
                &[ElectrifiedFence],
            ),
            ("walls", "Workers raised concrete walls.", &[Wall]),
            ("cctv", "CCTV was installed.", &[SurveillanceCamera]),
            ("sentry post", "A new sentry post went up.", &[GuardPost]),
            ("barbed wire", "Barbed wire covers the bank.", &[BarbedWire]),
            ("sensors", "Motion sensors were added.", &[Sensor]),
            ("checkpoint", "A checkpoint stops every car.", &[Checkpoint]),
            ("bridge", "The new bridge opened.", &[Bridge]),
            (
                "border barriers",
                "The border barriers are finished.",
                &[OtherInfrastructure],
            ),
            (
                "several in one sentence",
                "Guards with cameras arrested smugglers.",
                &[Arrest, Smuggling, SurveillanceCamera],
            ),
            ("killing time", "Guards were killing time.", &[]),
            ("wall of silence", "They met a wall of silence.", &[]),
            ("bridge the gap", "Talks could bridge the gap.", &[]),
            (
                "defector is a person",
                "A defector spoke to reporters.",
                &[],
            ),
            (
                "defector-activists",
                "Defector-activists spoke in Seoul.",
                &[],
            ),
            (
                "fences after electrified fences",
                "Electrified fences went up. The fences hum.",
                &[ElectrifiedFence],
            ),
            (
                "tag list",
                "border, china, defectors, defections, smuggling",
                &[],
            ),
            ("korean stem", "주민이 사망했다.", &[Death]),
            ("korean passive", "밀수꾼이 체포됐다.", &[Arrest, Smuggling]),
            (
                "korean longest",
                "국경에 전기철조망을 설치했다.",
                &[ElectrifiedFence, BarbedWire],
            ),
            (
                "korean inside eojeol",
                "감시초소들을 복구했다.",
                &[GuardPost],
            ),
            ("korean bridge", "새 대교가 개통됐다.", &[Bridge]),
            ("korean person noun", "탈북자가 증언했다.", &[]),
            ("korean flood", "홍수로 마을이 잠겼다.", &[Flood]),
            (
                "house searches",
                "Agents carried out house searches.",
                &[Inspection],
            ),
            ("raided", "Police raided the market.", &[Inspection]),
            (
                "searching for is no search",
                "Traders keep searching for buyers.",
                &[],
            ),
            (
                "crossed into china",
                "Most crossed from the county into China.",
                &[Defection],
            ),
            (
                "crossed the river into china",
                "She crossed the frozen river into China.",
                &[Defection],
            ),
            ("fled to", "Two families fled to China.", &[Defection]),
            (
                "escaped from north korea",
                "He escaped from North Korea in 2010.",
                &[Defection],
            ),
            (
                "crossing into north korea unlawfully is a crossing too",
                "An activist crossed into North Korea.",
                &[Defection],
            ),
            (
                "defectors who live there",
                "Defectors living in Seoul met reporters.",
                &[],
            ),
            (
                "flood kills: death",
                "Floods swept the valley, killing 12 people.",
                &[Death, Flood],
            ),
            (
                "accident kills: death",
                "A mine accident killed three workers.",
                &[Death, Accident],
            ),
            (
                "killing without disaster stays a killing",
                "Guards shot and killed a smuggler.",
                &[Killing, Smuggling],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(categories(text), *want, "{name}");
        }
    }

    #[test]
    fn drops_denied_and_aimed_at_events() {
        let cases: &[(&str, &str, &[Category])] = &[
            ("no one", "No one was arrested.", &[]),
            ("denied", "Officials denied that soldiers were killed.", &[]),
            ("did not", "The guards did not build a fence.", &[]),
            (
                "negation stays in its clause",
                "No warning came, and two men were arrested.",
                &[Arrest],
            ),
            (
                "purpose",
                "Fences were built to prevent defections.",
                &[Fence],
            ),
            (
                "purpose list",
                "Walls went up to stop defections, theft and smuggling.",
                &[Wall],
            ),
            ("korean no deaths", "사망자는 없었다.", &[]),
            ("korean not arrested", "그는 체포되지 않았다.", &[]),
            (
                "korean purpose",
                "탈북을 막기 위해 철조망을 설치했다.",
                &[BarbedWire],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(categories(text), *want, "{name}");
        }
    }

    #[test]
    fn marks_plans() {
        let cases: &[(&str, &str, Status)] = &[
            ("will", "The army will install cameras.", Status::Planned),
            (
                "plans to",
                "China plans to build a bridge.",
                Status::Planned,
            ),
            ("is set to", "A checkpoint is set to open.", Status::Planned),
            ("korean", "새 초소를 건설할 예정이다.", Status::Planned),
            ("done", "A bridge was built.", Status::Reported),
            ("korean done", "초소를 건설했다.", Status::Reported),
        ];
        for (name, text, want) in cases {
            let events = classify(text, &[]);
            assert_eq!(events.len(), 1, "{name}");
            assert_eq!(events[0].status, *want, "{name}");
        }
    }

    #[test]
    fn counts_fatalities() {
        let cases: &[(&str, &str, Option<u32>)] = &[
            ("number word", "Two soldiers died.", Some(2)),
            ("article", "A soldier died on duty.", Some(1)),
            (
                "adjectives between",
                "Three young North Korean guards were killed.",
                Some(3),
            ),
            (
                "numeral after cue",
                "The gunmen went on board, killing 46 sailors.",
                Some(46),
            ),
            ("unknown", "The soldiers died.", None),
            (
                "plural after article is no count",
                "A group of soldiers died.",
                None,
            ),
            ("korean numeral", "주민 1명이 사망했다.", Some(1)),
            ("korean number word", "군인 두 명이 숨졌다.", Some(2)),
            ("korean vague", "수십명이 사망했다.", None),
        ];
        for (name, text, want) in cases {
            let events = classify(text, &[]);
            assert_eq!(events.len(), 1, "{name}: {events:?}");
            assert_eq!(events[0].fatalities, *want, "{name}");
        }
    }

    #[test]
    fn names_actors() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "longest actor",
                "Border guards arrested a smuggler.",
                &["Border guards", "smuggler"],
            ),
            (
                "organisation",
                "The Ministry of State Security detained him.",
                &["Ministry of State Security"],
            ),
            ("korean", "보위부가 주민을 체포했다.", &["보위부", "주민"]),
            ("none", "A bridge opened.", &[]),
        ];
        for (name, text, want) in cases {
            let events = classify(text, &[]);
            let got: Vec<&str> = events[0].actors.iter().map(String::as_str).collect();
            assert_eq!(got, *want, "{name}");
        }
    }

    /// One linking case: text, places as (surface, nth, level, resolved),
    /// and the expected (category, place surface, link) of every event.
    type LinkCase = (
        &'static str,
        &'static str,
        &'static [(&'static str, usize, PlaceLevel, bool)],
        &'static [(Category, Option<&'static str>, PlaceLink)],
    );

    #[test]
    fn links_events_to_places() {
        use PlaceLevel::*;
        let cases: &[LinkCase] = &[
            (
                "several towns, explicit parents dropped",
                "Troops built border barriers in Hoeryong, North Hamgyong Province and Pochon, Yanggang Province.",
                &[
                    ("Hoeryong", 0, City, true),
                    ("North Hamgyong Province", 0, Province, true),
                    ("Pochon", 0, County, true),
                    ("Yanggang Province", 0, Province, true),
                ],
                &[
                    (OtherInfrastructure, Some("Hoeryong"), PlaceLink::Sentence),
                    (OtherInfrastructure, Some("Pochon"), PlaceLink::Sentence),
                ],
            ),
            (
                "nearest place, not an incidental one",
                "A new checkpoint opened in Manpo, a town Kim once visited with envoys from Beijing.",
                &[("Manpo", 0, City, true), ("Beijing", 0, City, true)],
                &[(Checkpoint, Some("Manpo"), PlaceLink::Sentence)],
            ),
            (
                "preceding sentence of the paragraph",
                "Guards caught a trader in Hyesan. He was executed a week later.",
                &[("Hyesan", 0, City, true)],
                &[
                    (Arrest, Some("Hyesan"), PlaceLink::Sentence),
                    (Execution, Some("Hyesan"), PlaceLink::Paragraph),
                ],
            ),
            (
                "unresolved town gives way to its parent",
                "A man from Hwajon, Pochon County was arrested.",
                &[
                    ("Hwajon", 0, City, false),
                    ("Pochon County", 0, County, true),
                ],
                &[(Arrest, Some("Pochon County"), PlaceLink::Sentence)],
            ),
            (
                "far place falls back to the paragraph",
                "He lived in Yanji. He was arrested while carrying a bag of letters that relatives had sent him over many months from the villages of the Tumen River.",
                &[("Yanji", 0, City, true), ("Tumen River", 0, Point, true)],
                &[(Arrest, Some("Yanji"), PlaceLink::Paragraph)],
            ),
            (
                "source location is not the event place",
                "A source in Ryanggang Province said guards in Hyesan were arrested.",
                &[
                    ("Ryanggang Province", 0, Province, true),
                    ("Hyesan", 0, City, true),
                ],
                &[(Arrest, Some("Hyesan"), PlaceLink::Sentence)],
            ),
            (
                "source location when nothing else",
                "A source in Ryanggang Province said smuggling continues.",
                &[("Ryanggang Province", 0, Province, true)],
                &[(Smuggling, Some("Ryanggang Province"), PlaceLink::Document)],
            ),
            (
                "document main place",
                "Musan is quiet.\n\nMusan markets reopened.\n\nA flood destroyed homes.",
                &[("Musan", 0, City, true), ("Musan", 1, City, true)],
                &[(Flood, Some("Musan"), PlaceLink::Document)],
            ),
            (
                "a dateline is no event place, nor the document's main place",
                "SEOUL - A bridge opened.",
                &[("SEOUL", 0, City, true)],
                &[(Bridge, None, PlaceLink::None)],
            ),
            (
                "repeat joins the placed event",
                "Two soldiers died in Hoeryong.\n\nTheir deaths were hidden.",
                &[("Hoeryong", 0, City, true)],
                &[(Death, Some("Hoeryong"), PlaceLink::Sentence)],
            ),
            (
                "each place a category is stated at is one record",
                "Smuggling rose in Ryanggang Province.\n\nSmuggling in Hyesan fell.",
                &[
                    ("Ryanggang Province", 0, Province, true),
                    ("Hyesan", 0, City, true),
                ],
                &[
                    (Smuggling, Some("Ryanggang Province"), PlaceLink::Sentence),
                    (Smuggling, Some("Hyesan"), PlaceLink::Sentence),
                ],
            ),
            (
                "country only when nothing else",
                "Smuggling across the China border rose.",
                &[("China", 0, Country, true)],
                &[(Smuggling, Some("China"), PlaceLink::Sentence)],
            ),
            (
                "town beats a river of its sentence",
                "A guard drowned in the Tumen River near Onsong.",
                &[("Tumen River", 0, Point, true), ("Onsong", 0, City, true)],
                &[(Death, Some("Onsong"), PlaceLink::Sentence)],
            ),
            (
                "county beats a river after it",
                "In Musan County, guards laid barbed wire along the Tumen River.",
                &[
                    ("Musan County", 0, County, true),
                    ("Tumen River", 0, Point, true),
                ],
                &[(BarbedWire, Some("Musan County"), PlaceLink::Sentence)],
            ),
            (
                "river when it is the only place",
                "Barbed wire lines the Yalu River.",
                &[("Yalu River", 0, Point, true)],
                &[(BarbedWire, Some("Yalu River"), PlaceLink::Sentence)],
            ),
            (
                "place the action is in beats a nearer landmark",
                "Police in Tumen, across the river from Namyang, arrested a trader.",
                &[("Tumen", 0, City, true), ("Namyang", 0, City, true)],
                &[(Arrest, Some("Tumen"), PlaceLink::Sentence)],
            ),
            (
                "nearest place without a preposition",
                "Musan and Hoeryong lie far apart; a trader was arrested near Hoeryong.",
                &[
                    ("Musan", 0, City, true),
                    ("Hoeryong", 0, City, true),
                    ("Hoeryong", 1, City, true),
                ],
                &[(Arrest, Some("Hoeryong"), PlaceLink::Sentence)],
            ),
            (
                "an enumeration right after an event sentence places it",
                "Floods swept the north last week. The affected towns include Musan and Onsong.",
                &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
                &[
                    (Flood, Some("Musan"), PlaceLink::Paragraph),
                    (Flood, Some("Onsong"), PlaceLink::Paragraph),
                ],
            ),
            (
                "a list without a marker places nothing",
                "Floods swept the north last week. Musan and Onsong are quiet now.",
                &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
                &[(Flood, Some("Musan"), PlaceLink::Document)],
            ),
            (
                "between two places: both ends",
                "Watchtowers stand every kilometre between Manpo and Chasong.",
                &[("Manpo", 0, City, true), ("Chasong", 0, City, true)],
                &[
                    (GuardPost, Some("Manpo"), PlaceLink::Sentence),
                    (GuardPost, Some("Chasong"), PlaceLink::Sentence),
                ],
            ),
            (
                "korean between",
                "혜산과 보천 사이에 초소가 생겼다.",
                &[("혜산", 0, City, true), ("보천", 0, City, true)],
                &[
                    (GuardPost, Some("혜산"), PlaceLink::Sentence),
                    (GuardPost, Some("보천"), PlaceLink::Sentence),
                ],
            ),
            (
                "a back-reference to a pair of towns places the event at both",
                "Markets reopened in Musan and Onsong on Monday.\n\nOfficials blamed arrests in the two towns for the delay.",
                &[("Musan", 0, City, true), ("Onsong", 0, City, true)],
                &[
                    (Arrest, Some("Musan"), PlaceLink::Reference),
                    (Arrest, Some("Onsong"), PlaceLink::Reference),
                ],
            ),
            (
                "a counted back-reference skips a group of another size",
                "Kimchaek and Musan and Onsong are quiet. Trade resumed in Hyesan.\n\nIn all three towns smugglers were caught.",
                &[
                    ("Kimchaek", 0, City, true),
                    ("Musan", 0, City, true),
                    ("Onsong", 0, City, true),
                    ("Hyesan", 0, City, true),
                ],
                &[
                    (Arrest, Some("Kimchaek"), PlaceLink::Reference),
                    (Arrest, Some("Musan"), PlaceLink::Reference),
                    (Arrest, Some("Onsong"), PlaceLink::Reference),
                    (Smuggling, Some("Kimchaek"), PlaceLink::Reference),
                    (Smuggling, Some("Musan"), PlaceLink::Reference),
                    (Smuggling, Some("Onsong"), PlaceLink::Reference),
                ],
            ),
            (
                "the county is the county named last, not a town",
                "Traders met in Sakju County. Later they moved to a market in Sinuiju.\n\nA checkpoint was set up in the county.",
                &[
                    ("Sakju County", 0, County, true),
                    ("Sinuiju", 0, City, true),
                ],
                &[(Checkpoint, Some("Sakju County"), PlaceLink::Reference)],
            ),
            (
                "a source in the province is no back-reference",
                "Traders met in Manpo, Chagang Province.\n\nA watchtower went up, a source in the province said.",
                &[
                    ("Manpo", 0, City, true),
                    ("Chagang Province", 0, Province, true),
                ],
                &[(GuardPost, Some("Manpo"), PlaceLink::Document)],
            ),
            (
                "coordinated countries",
                "Security has tightened over the years along the border between North Korea and China.",
                &[
                    ("North Korea", 0, Country, true),
                    ("China", 0, Country, true),
                ],
                &[
                    (Crackdown, Some("North Korea"), PlaceLink::Sentence),
                    (Crackdown, Some("China"), PlaceLink::Sentence),
                ],
            ),
            (
                "a border named by its two countries is one locus",
                "Traders smuggle goods across the China-North Korea border.",
                &[
                    ("China", 0, Country, true),
                    ("North Korea", 0, Country, true),
                ],
                &[(Smuggling, Some("China"), PlaceLink::Sentence)],
            ),
            (
                "a structure along a stretch stands at both ends",
                "A new fence runs from Hyesan to Musan.",
                &[("Hyesan", 0, City, true), ("Musan", 0, City, true)],
                &[
                    (Fence, Some("Hyesan"), PlaceLink::Sentence),
                    (Fence, Some("Musan"), PlaceLink::Sentence),
                ],
            ),
            (
                "a flight from one place to another is no stretch",
                "Two soldiers fled from Hyesan to Musan.",
                &[("Hyesan", 0, City, true), ("Musan", 0, City, true)],
                &[(Defection, Some("Hyesan"), PlaceLink::Document)],
            ),
            (
                "korean stretch",
                "혜산에서 무산에 이르는 구간에 철조망이 설치됐다.",
                &[("혜산", 0, City, true), ("무산", 0, City, true)],
                &[
                    (BarbedWire, Some("혜산"), PlaceLink::Sentence),
                    (BarbedWire, Some("무산"), PlaceLink::Sentence),
                ],
            ),
            (
                "a structure on the way to a place is at it",
                "주민들이 회령으로 넘어가는 교량을 새로 놓았다.",
                &[("회령", 0, City, true)],
                &[(Bridge, Some("회령"), PlaceLink::Sentence)],
            ),
            (
                "a bridge stands at both ends",
                "삼합진에서 회령으로 넘어가는 교량이 새로 놓였다.",
                &[("삼합진", 0, City, true), ("회령", 0, City, true)],
                &[
                    (Bridge, Some("삼합진"), PlaceLink::Sentence),
                    (Bridge, Some("회령"), PlaceLink::Sentence),
                ],
            ),
            (
                "a collapse right after a flood is its damage where it struck",
                "Heavy rain flooded Sinuiju on Monday. In Dandong hundreds of houses collapsed.",
                &[("Sinuiju", 0, City, true), ("Dandong", 0, City, true)],
                &[
                    (Flood, Some("Sinuiju"), PlaceLink::Sentence),
                    (Flood, Some("Dandong"), PlaceLink::Sentence),
                ],
            ),
            (
                "the officials a report is attributed to are not its place",
                "The man fled across the river at night, according to Seoul officials.",
                &[("Seoul", 0, City, true)],
                &[(Defection, None, PlaceLink::None)],
            ),
            (
                "a list after the cue gives its places however far",
                "Police detained 41 people in July and August in several districts far from the border, including Musan and Hoeryong.",
                &[("Musan", 0, City, true), ("Hoeryong", 0, City, true)],
                &[
                    (Arrest, Some("Musan"), PlaceLink::Sentence),
                    (Arrest, Some("Hoeryong"), PlaceLink::Sentence),
                ],
            ),
            (
                "korean back-reference",
                "무산과 회령에 봉쇄령이 내려졌다.\n\n두 지역에서 밀수꾼들이 체포됐다.",
                &[("무산", 0, City, true), ("회령", 0, City, true)],
                &[
                    (Crackdown, Some("무산"), PlaceLink::Sentence),
                    (Crackdown, Some("회령"), PlaceLink::Sentence),
                    (Arrest, Some("무산"), PlaceLink::Reference),
                    (Arrest, Some("회령"), PlaceLink::Reference),
                    (Smuggling, Some("무산"), PlaceLink::Reference),
                    (Smuggling, Some("회령"), PlaceLink::Reference),
                ],
            ),
            (
                "report target is not the main place",
                "Guards in Hyesan patrol. They report to Pyongyang.\n\nThe unit reports back to Pyongyang daily.\n\nSmuggling never stops.",
                &[
                    ("Hyesan", 0, City, true),
                    ("Pyongyang", 0, City, true),
                    ("Pyongyang", 1, City, true),
                ],
                &[(Smuggling, Some("Hyesan"), PlaceLink::Document)],
            ),
            (
                "orders from the capital are no event place",
                "Hyesan got orders from Pyongyang.\n\nCameras were installed on orders from Pyongyang.",
                &[
                    ("Hyesan", 0, City, true),
                    ("Pyongyang", 0, City, true),
                    ("Pyongyang", 1, City, true),
                ],
                &[(SurveillanceCamera, Some("Hyesan"), PlaceLink::Document)],
            ),
            (
                "county and its seat are one story",
                "Two men were executed in Onsong County.\n\nPeople in Onsong watched the execution.",
                &[
                    ("Onsong County", 0, County, true),
                    ("Onsong", 1, City, true),
                ],
                &[(Execution, Some("Onsong County"), PlaceLink::Sentence)],
            ),
            (
                "same name, unresolved, joins the resolved event",
                "Cameras went up in Musan County. Residents of Musan saw the cameras.",
                &[
                    ("Musan County", 0, County, true),
                    ("Musan", 1, Point, false),
                ],
                &[(
                    SurveillanceCamera,
                    Some("Musan County"),
                    PlaceLink::Sentence,
                )],
            ),
            (
                "generic statement",
                "Smuggling is common.",
                &[],
                &[(Smuggling, None, PlaceLink::None)],
            ),
            (
                "korean coordination",
                "군인들이 만포와 중강군 강변에 전기철조망을 세웠다.",
                &[("만포", 0, City, true), ("중강군", 0, County, true)],
                &[
                    (ElectrifiedFence, Some("만포"), PlaceLink::Sentence),
                    (ElectrifiedFence, Some("중강군"), PlaceLink::Sentence),
                    (BarbedWire, Some("만포"), PlaceLink::Sentence),
                    (BarbedWire, Some("중강군"), PlaceLink::Sentence),
                ],
            ),
            (
                "korean parent first",
                "양강도 보천군에서 주민이 체포됐다.",
                &[("양강도", 0, Province, true), ("보천군", 0, County, true)],
                &[(Arrest, Some("보천군"), PlaceLink::Sentence)],
            ),
        ];
        for (name, text, specs, want) in cases {
            let places: Vec<PlaceRef> = specs
                .iter()
                .map(|&(s, n, l, r)| place(text, s, n, l, r))
                .collect();
            let got: Vec<(Category, Option<&str>, PlaceLink)> = classify(text, &places)
                .into_iter()
                .map(|e| {
                    (
                        e.category,
                        e.place.map(|p| &text[places[p].start..places[p].end]),
                        e.link,
                    )
                })
                .collect();
            assert_eq!(got, *want, "{name}");
        }
    }

    #[test]
    fn a_source_province_gives_way_to_the_main_town_inside_it() {
        let text = "Musan has a new market. Trade in Musan grew.\n\nA source in North Hamgyong Province said: \"Two traders were arrested last week.\"";
        let mut places = vec![
            place(text, "Musan", 0, PlaceLevel::City, true),
            place(text, "Musan", 1, PlaceLevel::City, true),
            place(
                text,
                "North Hamgyong Province",
                0,
                PlaceLevel::Province,
                true,
            ),
        ];
        for p in &mut places {
            p.region = "KP.09".into();
        }
        let placed = |places: &[PlaceRef]| -> Vec<(Category, Option<String>)> {
            classify(text, places)
                .into_iter()
                .map(|e| {
                    let name = e
                        .place
                        .map(|p| text[places[p].start..places[p].end].to_string());
                    (e.category, name)
                })
                .collect()
        };
        assert_eq!(placed(&places), [(Arrest, Some("Musan".to_string()))]);
        // A town of another province: the source's province stays.
        places[0].region = "KP.13".into();
        places[1].region = "KP.13".into();
        assert_eq!(
            placed(&places),
            [(Arrest, Some("North Hamgyong Province".to_string()))]
        );
    }

    #[test]
    fn a_killing_decides_the_deaths_and_shootings_around_it() {
        for (text, want) in [
            (
                "Guards shot and killed two traders in the river. Their bodies lay there for days.",
                vec![Killing],
            ),
            (
                "Hit by gunfire from a patrol, the man was killed at once.",
                vec![Killing],
            ),
            (
                "Three dead as guards open fire\n\nGuards killed three traders on the bank.",
                vec![Killing],
            ),
            (
                "Guards killed a trader in March. Nobody objected. Much later, a farmer drowned.",
                vec![Killing, Death],
            ),
            (
                "Gunfire was heard near the market at night.",
                vec![OtherIncident],
            ),
        ] {
            assert_eq!(categories(text), want, "{text}");
        }
    }

    #[test]
    fn infrastructure_built_for_an_aim_stands() {
        assert_eq!(
            categories("To stop crossings, workers dug trenches along the bank."),
            [OtherInfrastructure]
        );
        assert!(categories("Patrols were doubled to stop smuggling.").contains(&Crackdown));
        assert!(!categories("Patrols were doubled to stop smuggling.").contains(&Smuggling));
    }

    #[test]
    fn listed_towns_of_a_province_replace_it() {
        let text = "Controls were tightened in Ryanggang Province last week. The counties concerned include Samsu and Pochon.";
        let mut places = vec![
            place(text, "Ryanggang Province", 0, PlaceLevel::Province, true),
            place(text, "Samsu", 0, PlaceLevel::County, true),
            place(text, "Pochon", 0, PlaceLevel::County, true),
        ];
        for p in &mut places {
            p.region = "KP.13".into();
        }
        let at: Vec<&str> = classify(text, &places)
            .iter()
            .filter_map(|e| e.place.map(|p| &text[places[p].start..places[p].end]))
            .collect();
        assert_eq!(at, ["Samsu", "Pochon"]);
    }

    #[test]
    fn merges_repeats_per_place() {
        let text = "Guards arrested a man in Hyesan. Later police detained another in Hyesan.";
        let places = [
            place(text, "Hyesan", 0, PlaceLevel::City, true),
            place(text, "Hyesan", 1, PlaceLevel::City, true),
        ];
        let events = classify(text, &places);
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!((e.category, e.place), (Arrest, Some(0)));
        assert_eq!(
            &text[e.evidence.clone()],
            "Guards arrested a man in Hyesan."
        );
        assert_eq!(e.cues, ["arrested", "detained"]);
        assert_eq!(e.actors, ["Guards", "police"]);
        assert!(e.score > 0.5 && e.score <= 1.0, "{}", e.score);
    }

    #[test]
    fn ignores_place_spans_outside_the_text() {
        let text = "Smuggling rose in Hyesan.";
        let bad = PlaceRef {
            start: 20,
            end: 99,
            resolved: true,
            level: PlaceLevel::City,
            key: "x".into(),
            region: String::new(),
        };
        let events = classify(text, &[bad]);
        assert_eq!(events.len(), 1);
        assert_eq!((events[0].place, events[0].link), (None, PlaceLink::None));
    }

    #[test]
    fn names_round_trip() {
        for &c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
        }
        assert_eq!(Category::ALL.len(), 24);
        assert_eq!(Fence.layer(), Layer::Infrastructure);
        assert_eq!(Protest.layer(), Layer::Incident);
        assert!("fences".parse::<Category>().is_err());
    }
}
