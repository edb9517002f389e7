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
//! [`Incidents`] keeps a small key per feature (no evidence text), and
//! grouping sorts keys, groups and features' incident numbers with an
//! external merge sort (`spill.rs`): past [`SORT_MEMORY`] bytes a sort goes
//! on in temporary files, and the incidents themselves are written to one
//! more (`table.rs`), so the memory of a run does not grow with its number
//! of features. Only the groups whose dates can still overlap the next
//! feature are held while the sorted keys are swept.

mod held;
mod spill;
mod table;

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use geo::{Distance, Haversine, Point};
use jiff::civil::Date;

use crate::Result;
use crate::classify::Category;
use crate::layer::events::EventProperties;
use crate::when::Precision;
use spill::{Decoder, Record, Sorter, put};

pub use held::{GroupedLayer, HeldEvent, HeldLayer};
pub use table::{Grouping, Incident, Member};
use table::{Slot, TableWriter};

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

/// Bytes of records each sort of one layer's grouping holds in memory
/// before it writes them to disk as a run ([`spill::Sorter`]): what bounds
/// the memory of grouping, whatever the number of features. Three sorts a
/// layer and two layers grouped at once make six; against 8 MB, 4 MB took
/// 8-12 MB off peak RSS for 1-2% more CPU (100 MB of English, two threads).
pub const SORT_MEMORY: usize = 4 << 20;

/// Strings stored once, named by number: place ids, counties and dates,
/// whose number the gazetteer and the calendar bound (document ids, one
/// per report, are not interned).
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

    fn name(&self, id: Option<u32>) -> Option<&str> {
        id.map(|id| self.names[id as usize].as_str())
    }
}

/// Where a feature is, as far as "same place" goes.
#[derive(Debug, Clone, Copy)]
struct Whereabouts {
    place: Option<u32>,
    county: Option<u32>,
    point: Option<Point<f64>>,
    /// Placed at a town or county (`geo_precision` 1 or 2).
    fine: bool,
}

impl Whereabouts {
    /// True when the two are the same or a nearby place.
    fn same_place(&self, other: &Whereabouts) -> bool {
        let (a, b) = (self, other);
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
}

/// What the rule needs to know about one feature, sorted by category,
/// then the first day of its date span, then input order: the order in
/// which [`Incidents::group`] meets the features.
#[derive(Debug, Clone)]
struct Key {
    /// The category, by the rank of its name ([`category_names`]): names
    /// in order without comparing strings.
    category: u8,
    /// The span the date stands for, when fine enough to merge.
    span: Option<(i32, i32)>,
    /// The feature's number, in input order.
    index: u64,
    at: Whereabouts,
    geo_precision: u8,
    precision: Precision,
    /// First day of the date, for the id.
    date: Option<u32>,
    doc: String,
}

impl Key {
    fn order(&self) -> (u8, Option<i32>, u64) {
        (self.category, self.span.map(|s| s.0), self.index)
    }

    fn category_name(&self) -> &'static str {
        category_names()[usize::from(self.category)]
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.order() == other.order()
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

/// The names of the categories, in order.
fn category_names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names
    })
}

/// The rank of category `name` among [`category_names`].
fn category_rank(name: &str) -> u8 {
    let rank = category_names()
        .binary_search(&name)
        .expect("an event's category is a Category");
    u8::try_from(rank).expect("fewer than 256 categories")
}

/// Which optional fields a [`Key`] record holds.
const HAS_SPAN: u8 = 1;
const HAS_PLACE: u8 = 2;
const HAS_COUNTY: u8 = 4;
const HAS_POINT: u8 = 8;
const HAS_DATE: u8 = 16;
const FINE: u8 = 32;

impl Record for Key {
    fn encode(&self, out: &mut Vec<u8>) {
        let precision = Precision::ALL
            .iter()
            .position(|p| *p == self.precision)
            .expect("a precision");
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        out.extend_from_slice(&[
            self.category,
            precision as u8,
            self.geo_precision,
            flag(self.span.is_some(), HAS_SPAN)
                | flag(self.at.place.is_some(), HAS_PLACE)
                | flag(self.at.county.is_some(), HAS_COUNTY)
                | flag(self.at.point.is_some(), HAS_POINT)
                | flag(self.date.is_some(), HAS_DATE)
                | flag(self.at.fine, FINE),
        ]);
        put::u64(out, self.index);
        if let Some((s, e)) = self.span {
            put::i32(out, s);
            put::i32(out, e);
        }
        for id in [self.at.place, self.at.county, self.date]
            .into_iter()
            .flatten()
        {
            put::u32(out, id);
        }
        if let Some(p) = self.at.point {
            put::f64(out, p.x());
            put::f64(out, p.y());
        }
        put::bytes(out, self.doc.as_bytes());
    }

    fn decode(input: &mut Decoder<'_>) -> std::io::Result<Option<Key>> {
        if input.at_end()? {
            return Ok(None);
        }
        let [category, precision, geo_precision, flags] = input.bytes()?;
        let bad = || std::io::Error::other("a damaged incident key");
        let has = |bit: u8| flags & bit != 0;
        let index = input.u64()?;
        let span = if has(HAS_SPAN) {
            Some((input.i32()?, input.i32()?))
        } else {
            None
        };
        let mut id = |bit: u8| -> std::io::Result<Option<u32>> {
            if has(bit) {
                input.u32().map(Some)
            } else {
                Ok(None)
            }
        };
        let (place, county, date) = (id(HAS_PLACE)?, id(HAS_COUNTY)?, id(HAS_DATE)?);
        let point = if has(HAS_POINT) {
            Some(Point::new(input.f64()?, input.f64()?))
        } else {
            None
        };
        Ok(Some(Key {
            category: (usize::from(category) < category_names().len())
                .then_some(category)
                .ok_or_else(bad)?,
            span,
            index,
            at: Whereabouts {
                place,
                county,
                point,
                fine: has(FINE),
            },
            geo_precision,
            precision: *Precision::ALL.get(precision as usize).ok_or_else(bad)?,
            date,
            doc: input.string()?,
        }))
    }

    fn memory(&self) -> usize {
        std::mem::size_of::<Key>() + self.doc.len()
    }
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

/// The features of a run, as far as grouping goes: their keys, sorted as
/// they come, in memory or (past [`SORT_MEMORY`]) in runs on disk.
pub struct Incidents {
    strings: Interner,
    keys: Sorter<Key>,
    /// Where the sorts write their runs; `None`: in memory.
    dir: Option<PathBuf>,
    /// The memory of each sort ([`SORT_MEMORY`]; less in tests).
    sort_memory: usize,
    count: usize,
}

impl Default for Incidents {
    fn default() -> Incidents {
        Incidents::new()
    }
}

impl Incidents {
    /// No features yet; everything is kept in memory.
    pub fn new() -> Incidents {
        Incidents::with_dir(None)
    }

    /// No features yet; the sorts write runs to temporary files in `dir`
    /// (removed by the OS whatever happens) once they hold more than
    /// [`SORT_MEMORY`] bytes.
    pub fn spilling_to(dir: &Path) -> Incidents {
        Incidents::with_dir(Some(dir))
    }

    fn with_dir(dir: Option<&Path>) -> Incidents {
        Incidents {
            strings: Interner::default(),
            keys: Sorter::new(dir, SORT_MEMORY),
            dir: dir.map(Path::to_path_buf),
            sort_memory: SORT_MEMORY,
            count: 0,
        }
    }

    /// Number of features added.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no feature was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Adds the next feature (features are numbered in the order added).
    pub fn add(&mut self, p: &Report) -> Result<()> {
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
            category: category_rank(p.category),
            span,
            index: self.count as u64,
            at: Whereabouts {
                place: p.place_id.as_deref().map(|s| self.strings.get(s)),
                county: county.map(|c| self.strings.get(&c)),
                point: p.longitude.zip(p.latitude).map(|(x, y)| Point::new(x, y)),
                fine: p.geo_precision.is_some_and(|g| g <= 2),
            },
            geo_precision: p.geo_precision.unwrap_or(u8::MAX),
            precision,
            date: p.event_date.as_deref().map(|d| self.strings.get(d)),
            doc: p.doc.clone(),
        };
        self.keys.push(key)?;
        self.count += 1;
        Ok(())
    }

    /// Groups the features into incidents: the incident of every feature,
    /// in input order.
    ///
    /// Three sorts: the keys by category and date, for the sweep that opens
    /// and closes groups (only the groups whose dates can still overlap are
    /// held); the closed groups by their id, then first feature, to number
    /// the incidents that would share an id; each feature's incident by
    /// the feature's number.
    pub fn group(self) -> Result<Grouping> {
        let dir = self.dir.as_deref();
        let mut groups: Sorter<Group> = Sorter::new(dir, self.sort_memory);
        let mut sweep = Sweep::default();
        for key in self.keys.finish()? {
            let key = key?;
            sweep.add(key, &self.strings, &mut groups)?;
        }
        sweep.close_all(&self.strings, &mut groups)?;
        let mut slots: Sorter<Slot> = Sorter::new(dir, self.sort_memory);
        let mut table = TableWriter::new(dir)?;
        let mut previous: Option<(String, u32)> = None;
        for group in groups.finish()? {
            let group = group?;
            // Incidents that would share an id are told apart by a
            // number, in the order of their first feature.
            let count = match &mut previous {
                Some((base, count)) if *base == group.base => {
                    *count += 1;
                    *count
                }
                _ => {
                    previous = Some((group.base.clone(), 1));
                    1
                }
            };
            let at = table.push(Incident {
                id: if count == 1 {
                    group.base
                } else {
                    format!("{}-{count}", group.base)
                },
                sources: group.sources,
                source_count: group.source_count as usize,
            })?;
            for index in group.members {
                slots.push(Slot {
                    index,
                    representative: index == group.representative,
                    at,
                })?;
            }
        }
        Ok(Grouping::new(
            slots.finish()?,
            table.finish(self.sort_memory)?,
            self.count,
        ))
    }
}

/// The groups still open during the sweep, and the category they are of.
#[derive(Default)]
struct Sweep {
    category: Option<u8>,
    open: Vec<Open>,
}

/// A group whose dates can still overlap the features to come.
struct Open {
    members: Vec<Key>,
    /// One member's whereabouts per distinct place: a new report must be
    /// near all of them.
    places: Vec<Whereabouts>,
    span: (i32, i32),
}

impl Sweep {
    /// Places `key`, the next feature in sort order, in a group.
    fn add(&mut self, key: Key, strings: &Interner, groups: &mut Sorter<Group>) -> Result<()> {
        if self.category != Some(key.category) {
            self.close_all(strings, groups)?;
            self.category = Some(key.category);
        }
        let Some(span) = key.span else {
            return groups.push(Group::of(vec![key], strings));
        };
        let mut closed = Vec::new();
        self.open.retain_mut(|g| {
            let done = g.span.1 + SLACK_DAYS < span.0;
            if done {
                closed.push(std::mem::take(&mut g.members));
            }
            !done
        });
        for members in closed {
            groups.push(Group::of(members, strings))?;
        }
        let joined = self.open.iter_mut().find(|g| {
            span.0 <= g.span.1 + SLACK_DAYS
                && g.span.0 <= span.1 + SLACK_DAYS
                && g.places.iter().all(|p| p.same_place(&key.at))
        });
        match joined {
            Some(g) => {
                if g.places.iter().all(|p| p.place != key.at.place) {
                    g.places.push(key.at);
                }
                // The common span narrows to what every report allows
                // (an overlap by slack only keeps the nearer edges).
                let (s, e) = (g.span.0.max(span.0), g.span.1.min(span.1));
                g.span = (s.min(e), s.max(e));
                g.members.push(key);
            }
            None => self.open.push(Open {
                places: vec![key.at],
                members: vec![key],
                span,
            }),
        }
        Ok(())
    }

    /// Closes every open group.
    fn close_all(&mut self, strings: &Interner, groups: &mut Sorter<Group>) -> Result<()> {
        for g in self.open.drain(..) {
            groups.push(Group::of(g.members, strings))?;
        }
        Ok(())
    }
}

/// A closed group: an incident before its id is final.
#[derive(Debug)]
struct Group {
    /// `{category}@{place_id}/{event_date}` of the representative.
    base: String,
    /// The members' numbers, in input order.
    members: Vec<u64>,
    representative: u64,
    sources: Vec<String>,
    source_count: u64,
}

impl Group {
    /// The group of `members` (not empty).
    fn of(mut members: Vec<Key>, strings: &Interner) -> Group {
        members.sort_unstable_by_key(|k| k.index);
        let rep = members
            .iter()
            .min_by_key(|k| (k.precision, k.geo_precision, k.index))
            .expect("groups are not empty");
        let mut base = String::with_capacity(64);
        for piece in [
            rep.category_name(),
            "@",
            strings.name(rep.at.place).unwrap_or("none"),
            "/",
            strings.name(rep.date).unwrap_or("undated"),
        ] {
            base.push_str(piece);
        }
        // Most incidents have a report or two: their documents are told
        // apart by a look through the few seen, the many with a set.
        let mut seen_few: Vec<&str> = Vec::new();
        let mut seen_many: HashSet<&str> = HashSet::default();
        let mut sources: Vec<String> = Vec::new();
        for m in &members {
            let doc = m.doc.as_str();
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
                sources.push(doc.to_string());
            }
        }
        let source_count = (seen_few.len() + seen_many.len()) as u64;
        Group {
            base,
            representative: rep.index,
            members: members.iter().map(|k| k.index).collect(),
            sources,
            source_count,
        }
    }

    fn order(&self) -> (&str, u64) {
        (&self.base, self.members[0])
    }
}

impl PartialEq for Group {
    fn eq(&self, other: &Self) -> bool {
        self.order() == other.order()
    }
}

impl Eq for Group {}

impl PartialOrd for Group {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Group {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

impl Record for Group {
    fn encode(&self, out: &mut Vec<u8>) {
        put::bytes(out, self.base.as_bytes());
        put::u64(out, self.representative);
        put::u64(out, self.source_count);
        put::u64(out, self.members.len() as u64);
        for &m in &self.members {
            put::u64(out, m);
        }
        put::u64(out, self.sources.len() as u64);
        for s in &self.sources {
            put::bytes(out, s.as_bytes());
        }
    }

    fn decode(input: &mut Decoder<'_>) -> std::io::Result<Option<Group>> {
        if input.at_end()? {
            return Ok(None);
        }
        let base = input.string()?;
        let representative = input.u64()?;
        let source_count = input.u64()?;
        let members = (0..input.u64()?)
            .map(|_| input.u64())
            .collect::<std::io::Result<_>>()?;
        let sources = (0..input.u64()?)
            .map(|_| input.string())
            .collect::<std::io::Result<_>>()?;
        Ok(Some(Group {
            base,
            members,
            representative,
            sources,
            source_count,
        }))
    }

    fn memory(&self) -> usize {
        std::mem::size_of::<Group>()
            + self.base.len()
            + 8 * self.members.len()
            + self
                .sources
                .iter()
                .map(|s| s.len() + std::mem::size_of::<String>())
                .sum::<usize>()
    }
}

/// Groups `features` and sets their `incident_id`, `sources` and
/// `source_count`.
pub fn assign(features: &mut [EventProperties<'_>]) -> Result<()> {
    let mut incidents = Incidents::new();
    for p in features.iter() {
        incidents.add(&Report::of(p))?;
    }
    for (p, member) in features.iter_mut().zip(incidents.group()?) {
        member?.incident.apply(p);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
