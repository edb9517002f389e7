//! One incident across reports: groups event features of the same category
//! at the same or a nearby place with overlapping dates, the way ACLED
//! codes one event with all its sources.
//!
//! The rule, for two features `a` and `b`:
//!
//! - same `category`;
//! - same place (`place_id`), or, when both are placed at a town or county
//!   (`geo_precision` 1 or 2), the same county (`admin1` and `admin2`) or
//!   points at most [`NEARBY_KM`] apart; a feature placed at a province,
//!   a country or the whole document merges only with the same place, and
//!   one without a place with nothing;
//! - dates that overlap, give or take [`SLACK_DAYS`]: a `document` date
//!   stands for the [`DOCUMENT_WINDOW_DAYS`] up to the report; dates
//!   spanning more than [`MAX_SPAN_DAYS`] (seasons, years) and `unknown`
//!   ones merge with nothing: too coarse to say it is the same incident.
//!
//! A feature joins the first open group (in date order) whose every member
//! it matches by place and whose common date span it overlaps, so a chain
//! of near neighbours never drags two distant incidents into one. The
//! group's representative (finest date, then finest place, then first in
//! input order) gives the incident its date, place and id.
//!
//! [`Incidents`] keeps a small key per feature (interned strings, no
//! evidence text), so a run holds its features' keys, not the features.

mod held;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use geo::{Distance, Haversine, Point};
use jiff::civil::Date;

use crate::layer::events::EventProperties;
use crate::when::Precision;

pub use held::{GroupedLayer, HeldEvent, HeldLayer};

/// Places at most this far apart are "nearby": about the diameter of a
/// typical North Korean county (around 600 km², so some 14 km in radius),
/// that is a town and its county seat or the next town up the valley.
pub const NEARBY_KM: f64 = 25.0;
/// Reports of one incident may disagree by a day (a night-time event, time
/// zones).
pub const SLACK_DAYS: i32 = 1;
/// A report without a date phrase is taken to be about the two weeks
/// before it (reports from inside North Korea reach outlets days late).
pub const DOCUMENT_WINDOW_DAYS: i32 = 14;
/// Dates spanning more days than this do not merge.
pub const MAX_SPAN_DAYS: i32 = 31;
/// `sources` lists at most this many documents (`source_count` counts them
/// all): every report of an incident carries the list, and a corpus that
/// repeats one story thousands of times must not grow quadratically.
pub const MAX_SOURCES: usize = 50;

/// Less than the earth's radius in km (the mean radius is 6371): a lower
/// bound for distances along the surface.
const EARTH_RADIUS_BELOW_KM: f64 = 6300.0;

/// Incidents with at most this many reports tell their documents apart
/// without a hash set.
const FEW_MEMBERS: usize = 16;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn day_number(date: &str) -> Option<i32> {
    if let Some(days) = plain_day_number(date) {
        return Some(days);
    }
    let d: Date = date.get(..10)?.parse().ok()?;
    Date::constant(1970, 1, 1)
        .until(d)
        .ok()
        .map(|s| s.get_days())
}

/// [`day_number`] of a date written as the layers write one (ten
/// characters, a valid day of the years 0 to 9999), without the parser:
/// the civil-to-days arithmetic of the proleptic Gregorian calendar
/// (H. Hinnant, "chrono-compatible low-level date algorithms"). `None`
/// for anything else.
fn plain_day_number(date: &str) -> Option<i32> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0i32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
        })
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// Strings stored once, named by number.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn get(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
}

/// What the rule needs to know about one feature.
#[derive(Debug, Clone)]
struct Key {
    category: &'static str,
    place: Option<u32>,
    county: Option<u32>,
    point: Option<Point<f64>>,
    /// Placed at a town or county (`geo_precision` 1 or 2).
    fine: bool,
    geo_precision: u8,
    precision: Precision,
    /// First day of the date, for the id.
    date: Option<u32>,
    /// The span the date stands for, when fine enough to merge.
    span: Option<(i32, i32)>,
    doc: u32,
}

/// What the rule reads of an event feature.
#[derive(Debug, Clone)]
pub struct Report {
    category: &'static str,
    place_id: Option<String>,
    admin1: Option<String>,
    admin2: Option<String>,
    longitude: Option<f64>,
    latitude: Option<f64>,
    geo_precision: Option<u8>,
    date_precision: &'static str,
    event_date: Option<String>,
    event_date_end: Option<String>,
    doc: String,
}

impl Report {
    /// The grouping fields of `p`.
    pub fn of(p: &EventProperties<'_>) -> Report {
        Report {
            category: p.category,
            place_id: p.place_id.map(str::to_string),
            admin1: p.admin1.map(str::to_string),
            admin2: p.admin2.map(str::to_string),
            longitude: p.longitude,
            latitude: p.latitude,
            geo_precision: p.geo_precision,
            date_precision: p.date_precision,
            event_date: p.event_date.clone(),
            event_date_end: p.event_date_end.clone(),
            doc: p.doc.to_string(),
        }
    }
}

/// The features of a run, as far as grouping goes.
#[derive(Debug, Default)]
pub struct Incidents {
    keys: Vec<Key>,
    strings: Interner,
}

impl Incidents {
    /// No features yet.
    pub fn new() -> Incidents {
        Incidents::default()
    }

    /// Number of features added.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no feature was added.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Adds the next feature (features are numbered in the order added).
    pub fn add(&mut self, p: &Report) {
        let precision = Precision::parse(p.date_precision).unwrap_or(Precision::Unknown);
        let start = p.event_date.as_deref().and_then(day_number);
        let end = p.event_date_end.as_deref().and_then(day_number).or(start);
        let span = match (precision, start, end) {
            (Precision::Unknown, _, _) => None,
            (Precision::Document, Some(s), Some(e)) => Some((s - DOCUMENT_WINDOW_DAYS, e)),
            (_, Some(s), Some(e)) => Some((s, e)),
            _ => None,
        }
        .filter(|(s, e)| e - s < MAX_SPAN_DAYS);
        let county = p.admin2.as_deref().map(|a2| {
            let a1 = p.admin1.as_deref().unwrap_or("");
            let mut county = String::with_capacity(a1.len() + 1 + a2.len());
            county.push_str(a1);
            county.push('/');
            county.push_str(a2);
            county
        });
        let key = Key {
            category: p.category,
            place: p.place_id.as_deref().map(|s| self.strings.get(s)),
            county: county.map(|c| self.strings.get(&c)),
            point: p.longitude.zip(p.latitude).map(|(x, y)| Point::new(x, y)),
            fine: p.geo_precision.is_some_and(|g| g <= 2),
            geo_precision: p.geo_precision.unwrap_or(u8::MAX),
            precision,
            date: p.event_date.as_deref().map(|d| self.strings.get(d)),
            span,
            doc: self.strings.get(&p.doc),
        };
        self.keys.push(key);
    }

    /// True when features `a` and `b` are at the same or a nearby place.
    fn same_place(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.keys[a], &self.keys[b]);
        let (Some(pa), Some(pb)) = (a.place, b.place) else {
            return false;
        };
        if pa == pb {
            return true;
        }
        if !(a.fine && b.fine) {
            return false;
        }
        if a.county.is_some() && a.county == b.county {
            return true;
        }
        match (a.point, b.point) {
            (Some(pa), Some(pb)) => {
                // A great circle between two latitudes is at least the
                // earth's radius times their difference long: points that
                // far apart need no haversine (the bound takes a radius
                // below any the formula uses, and a margin for rounding).
                let apart_km = (pa.y() - pb.y()).abs().to_radians() * EARTH_RADIUS_BELOW_KM;
                if apart_km > NEARBY_KM * 1.001 {
                    return false;
                }
                Haversine.distance(pa, pb) / 1000.0 <= NEARBY_KM
            }
            _ => false,
        }
    }

    /// Groups the features into incidents.
    pub fn group(&self) -> Grouping {
        let keys = &self.keys;
        // Categories compared by their rank among the run's names: the
        // order of the names, without comparing strings in the sort.
        let mut names: Vec<&str> = keys.iter().map(|k| k.category).collect();
        names.sort_unstable();
        names.dedup();
        let rank = |name: &str| names.binary_search(&name).expect("a category of the run");
        let mut ranks: HashMap<&str, usize> = HashMap::default();
        let category_of: Vec<usize> = keys
            .iter()
            .map(|k| *ranks.entry(k.category).or_insert_with(|| rank(k.category)))
            .collect();
        let mut order: Vec<(usize, Option<i32>, usize)> = (0..keys.len())
            .map(|i| (category_of[i], keys[i].span.map(|s| s.0), i))
            .collect();
        // The index makes every key distinct: an unstable sort orders them
        // as a stable one would.
        order.sort_unstable();
        let order = order.into_iter().map(|(_, _, i)| i);
        struct Open {
            members: Vec<usize>,
            /// One member per distinct place: a new report must be near
            /// all of them.
            places: Vec<usize>,
            span: (i32, i32),
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        // Open groups per category: those whose span can still overlap.
        let mut open: Vec<Vec<Open>> = (0..names.len()).map(|_| Vec::new()).collect();
        for i in order {
            let Some(span) = keys[i].span else {
                groups.push(vec![i]);
                continue;
            };
            let candidates = &mut open[category_of[i]];
            candidates.retain_mut(|g| {
                let done = g.span.1 + SLACK_DAYS < span.0;
                if done {
                    groups.push(std::mem::take(&mut g.members));
                }
                !done
            });
            let joined = candidates.iter_mut().find(|g| {
                span.0 <= g.span.1 + SLACK_DAYS
                    && g.span.0 <= span.1 + SLACK_DAYS
                    && g.places.iter().all(|&m| self.same_place(m, i))
            });
            match joined {
                Some(g) => {
                    g.members.push(i);
                    if g.places.iter().all(|&m| keys[m].place != keys[i].place) {
                        g.places.push(i);
                    }
                    // The common span narrows to what every report allows
                    // (an overlap by slack only keeps the nearer edges).
                    let (s, e) = (g.span.0.max(span.0), g.span.1.min(span.1));
                    g.span = (s.min(e), s.max(e));
                }
                None => candidates.push(Open {
                    members: vec![i],
                    places: vec![i],
                    span,
                }),
            }
        }
        for candidates in open {
            groups.extend(candidates.into_iter().map(|g| g.members));
        }
        for g in &mut groups {
            g.sort_unstable();
        }
        groups.sort_unstable_by_key(|g| g[0]);
        let mut incident_of = vec![0u32; keys.len()];
        let mut incidents = Vec::with_capacity(groups.len());
        let mut used: HashMap<String, u32> = HashMap::default();
        for (n, members) in groups.iter().enumerate() {
            let rep = *members
                .iter()
                .min_by_key(|&&i| (keys[i].precision, keys[i].geo_precision, i))
                .expect("groups are not empty");
            let k = &keys[rep];
            let name = |s: Option<u32>| s.map(|s| self.strings.names[s as usize].as_str());
            let mut base = String::with_capacity(64);
            for piece in [
                k.category,
                "@",
                name(k.place).unwrap_or("none"),
                "/",
                name(k.date).unwrap_or("undated"),
            ] {
                base.push_str(piece);
            }
            let count = match used.get_mut(&base) {
                Some(count) => {
                    *count += 1;
                    *count
                }
                None => {
                    used.insert(base.clone(), 1);
                    1
                }
            };
            let id = if count == 1 {
                base
            } else {
                format!("{base}-{count}")
            };
            // Most incidents have a report or two: their documents are told
            // apart by a look through the few seen, the many with a set.
            let mut seen_few: Vec<u32> = Vec::new();
            let mut seen_many: HashSet<u32> = HashSet::default();
            let mut sources: Vec<String> = Vec::new();
            for &m in members {
                let doc = keys[m].doc;
                let new = if members.len() <= FEW_MEMBERS {
                    let new = !seen_few.contains(&doc);
                    if new {
                        seen_few.push(doc);
                    }
                    new
                } else {
                    seen_many.insert(doc)
                };
                if new && sources.len() < MAX_SOURCES {
                    sources.push(self.strings.names[doc as usize].clone());
                }
                incident_of[m] = n as u32;
            }
            incidents.push(Incident {
                id,
                sources,
                source_count: seen_few.len() + seen_many.len(),
                representative: rep,
            });
        }
        Grouping {
            incident_of,
            incidents,
        }
    }
}

/// One incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// `{category}@{place_id}/{event_date}` of the representative (with
    /// `-2`, `-3` ... when two incidents would share one).
    pub id: String,
    /// Ids of the documents reporting it, in input order (the first
    /// [`MAX_SOURCES`]).
    pub sources: Vec<String>,
    /// Number of documents reporting it.
    pub source_count: usize,
    /// The feature that speaks for it.
    pub representative: usize,
}

/// The incidents of a run and which one each feature belongs to.
#[derive(Debug, Clone)]
pub struct Grouping {
    incident_of: Vec<u32>,
    /// The incidents, ordered by their first feature.
    pub incidents: Vec<Incident>,
}

impl Grouping {
    /// Number of features grouped.
    pub fn len(&self) -> usize {
        self.incident_of.len()
    }

    /// True when there were no features.
    pub fn is_empty(&self) -> bool {
        self.incident_of.is_empty()
    }

    /// The index in [`Grouping::incidents`] of feature `i`'s incident.
    pub fn incident_index(&self, i: usize) -> usize {
        self.incident_of[i] as usize
    }

    /// The incident of feature `i`.
    pub fn incident(&self, i: usize) -> &Incident {
        &self.incidents[self.incident_of[i] as usize]
    }

    /// True when feature `i` is its incident's representative.
    pub fn is_representative(&self, i: usize) -> bool {
        self.incident(i).representative == i
    }

    /// Sets feature `i`'s `incident_id`, `sources` and `source_count`.
    pub fn apply(&self, i: usize, p: &mut EventProperties<'_>) {
        let incident = self.incident(i);
        p.incident_id.clone_from(&incident.id);
        p.sources.clone_from(&incident.sources);
        p.source_count = incident.source_count;
    }

    /// The JSON members `incident_id`, `sources`, `source_count` of feature
    /// `i`, each preceded by a comma: they complete what
    /// [`EventProperties::write_feature_head`] wrote.
    pub fn json_members(&self, i: usize) -> Vec<u8> {
        use crate::layer::json;
        let incident = self.incident(i);
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(b",\"incident_id\":");
        json::string(&mut out, &incident.id);
        out.extend_from_slice(b",\"sources\":");
        json::strings(&mut out, &incident.sources);
        out.extend_from_slice(b",\"source_count\":");
        json::unsigned(&mut out, incident.source_count as u64);
        out
    }
}

/// Groups `features` and sets their `incident_id`, `sources` and
/// `source_count`; returns the grouping.
pub fn assign(features: &mut [EventProperties<'_>]) -> Grouping {
    let mut incidents = Incidents::new();
    for p in features.iter() {
        incidents.add(&Report::of(p));
    }
    let grouping = incidents.group();
    for (i, p) in features.iter_mut().enumerate() {
        grouping.apply(i, p);
    }
    grouping
}

#[cfg(test)]
mod tests;
