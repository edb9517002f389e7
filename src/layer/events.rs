//! The incidents and infrastructure layers: one Feature per (document,
//! category, place).
//!
//! Properties (the ACLED-compatible ones keep ACLED's names and meaning
//! where ACLED has them):
//!
//! | property | type | meaning |
//! |---|---|---|
//! | `id` | string | stable id: `{doc}#{category}@{place_id}` (`@none` without a place) |
//! | `doc` | string | document id |
//! | `category` | string | one of the categories of [`crate::classify::Category`] (`death`, `arrest`, `electrified_fence`, ...) |
//! | `layer` | string | `incident` or `infrastructure` |
//! | `status` | string | `reported` or `planned` |
//! | `event_date` | string or null | ISO 8601 date (`YYYY-MM-DD`): the first day of the date the text gives for the event (see [`crate::when`]), else the document's date; null when neither is known |
//! | `event_date_end` | string or null | last day of that date, inclusive (the end of a week, month, season or range; equal to `event_date` for a day) |
//! | `date_precision` | string | `day`, `week` (a week or the early/mid/late part of a month), `month`, `season`, `year`, `document` (no date in the text: the document's date), `unknown` |
//! | `date_text` | string or null | the phrase that dates the event, as written ("last Tuesday", "지난 20일"); null for `document` |
//! | `event_type`, `sub_event_type` | string | ACLED event type and sub-event type: arrests are Strategic developments / Arrests, killings and executions Violence against civilians / Attack, protests Protests / Peaceful protest; everything ACLED has no type for is Strategic developments / Other |
//! | `country` | string or null | country name of the place (ACLED style: "North Korea") |
//! | `iso` | string or null | ISO 3166-1 alpha-2 code of the country |
//! | `admin1`, `admin2` | string or null | province and county names |
//! | `location` | string or null | name of the place |
//! | `latitude`, `longitude` | number or null | the point, decimal degrees (also the geometry) |
//! | `geo_precision` | integer or null | ACLED geo-precision: 1 the town itself, 2 a county or a place near it, 3 a province, country or a place chosen for the whole document; null without a place |
//! | `fatalities` | integer or null | deaths stated in the text; null when not stated |
//! | `source` | string | the document's `source`/`url`, else its id |
//! | `title` | string or null | the document's `title`, when its input gives one |
//! | `notes` | string | one line: category, status, place, cues |
//! | `place_id` | string or null | gazetteer id of the place |
//! | `mention_start`, `mention_end` | integer or null | byte offsets of the place mention |
//! | `link` | string | how the place was chosen: `sentence`, `paragraph`, `document`, `none` |
//! | `evidence` | string | the sentence the event was found in |
//! | `evidence_start`, `evidence_end` | integer | byte offsets of that sentence |
//! | `cues` | array of strings | the cue words, as written |
//! | `actors` | array of strings | actor words in the sentence (soldiers, border guards, 보위부) |
//! | `score` | number | confidence 0..1 |
//! | `border_distance_km` | number or null | distance in km from the point to the China–North Korea or Russia–North Korea border line (Natural Earth 10m); null without a point |
//! | `incident_id` | string | the incident the feature belongs to (see [`crate::incident`]): `{category}@{place_id}/{event_date}`, shared by the reports of one incident |
//! | `sources` | array of strings | ids of the documents that report the incident, in input order (at most [`crate::incident::MAX_SOURCES`]) |
//! | `source_count` | integer | number of documents that report the incident |

use std::sync::OnceLock;

use geo::{LineString, Point};
use serde::Serialize;

use super::Feature;
use crate::classify::{Category, Event};
use crate::gazetteer::{Gazetteer, Level, Place};
use crate::when;

/// Properties of an event-layer Feature; see the module docs. The strings
/// borrow the document, the event and the gazetteer (`'a`): a feature is
/// serialized right away, so only what it computes is allocated.
#[derive(Debug, Clone, Serialize)]
pub struct EventProperties<'a> {
    /// Stable id.
    pub id: String,
    /// Document id.
    pub doc: &'a str,
    /// Event category.
    pub category: &'static str,
    /// `incident` or `infrastructure`.
    pub layer: &'static str,
    /// `reported` or `planned`.
    pub status: &'static str,
    /// ISO 8601 first day of the event's date.
    pub event_date: Option<String>,
    /// ISO 8601 last day of the event's date.
    pub event_date_end: Option<String>,
    /// Precision of the date (`day` ... `unknown`).
    pub date_precision: &'static str,
    /// The phrase that dates the event.
    pub date_text: Option<&'a str>,
    /// ACLED event type.
    pub event_type: &'static str,
    /// ACLED sub-event type.
    pub sub_event_type: &'static str,
    /// Country name.
    pub country: Option<&'a str>,
    /// ISO alpha-2 country code.
    pub iso: Option<&'a str>,
    /// Province name.
    pub admin1: Option<&'a str>,
    /// County name.
    pub admin2: Option<&'a str>,
    /// Place name.
    pub location: Option<&'a str>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// ACLED geo-precision 1..3.
    pub geo_precision: Option<u8>,
    /// Stated fatalities.
    pub fatalities: Option<u32>,
    /// Source of the document.
    pub source: &'a str,
    /// Title of the document.
    pub title: Option<&'a str>,
    /// One-line summary.
    pub notes: String,
    /// Gazetteer id.
    pub place_id: Option<&'a str>,
    /// Mention start offset.
    pub mention_start: Option<usize>,
    /// Mention end offset.
    pub mention_end: Option<usize>,
    /// How the place was linked.
    pub link: &'static str,
    /// Evidence sentence.
    pub evidence: &'a str,
    /// Evidence start offset.
    pub evidence_start: usize,
    /// Evidence end offset.
    pub evidence_end: usize,
    /// Cue words.
    pub cues: &'a [String],
    /// Actor words.
    pub actors: &'a [String],
    /// Confidence.
    pub score: f64,
    /// Distance to the North Korean land border, km.
    pub border_distance_km: Option<f64>,
    /// The incident the feature belongs to.
    pub incident_id: String,
    /// Documents reporting the incident.
    pub sources: Vec<String>,
    /// Number of those documents.
    pub source_count: usize,
}

impl EventProperties<'_> {
    /// Appends the JSON of the Feature of these properties at `point`,
    /// without its incident members (`incident_id`, `sources`,
    /// `source_count`: the last properties) and its two closing braces:
    /// the bytes `serde_json` writes for `Feature::new(point, self)` up to
    /// there. The features of a run are written before their incidents
    /// are known; [`crate::incident::Incident::write_json_members`] and `}}`
    /// complete them.
    pub fn write_feature_head(&self, point: Option<Point<f64>>, out: &mut Vec<u8>) {
        use super::json::{
            float, float_or_null, string, string_or_null, strings, unsigned, unsigned_or_null,
        };
        // Names from fixed sets in the code and ISO dates hold nothing to
        // escape: they are copied as they are.
        let plain = |out: &mut Vec<u8>, s: &str| {
            debug_assert!(!s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        };
        let plain_or_null = |out: &mut Vec<u8>, s: Option<&str>| match s {
            Some(s) => plain(out, s),
            None => out.extend_from_slice(b"null"),
        };
        let point = point.map(|p| [super::round6(p.x()), super::round6(p.y())]);
        out.extend_from_slice(b"{\"type\":\"Feature\",\"geometry\":");
        // The geometry's coordinates are usually the latitude and
        // longitude again: each number is formatted once.
        let mut written: [Option<(u64, std::ops::Range<usize>)>; 2] = [None, None];
        match point {
            Some(xy) => {
                out.extend_from_slice(b"{\"type\":\"Point\",\"coordinates\":[");
                for (k, value) in xy.into_iter().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    let start = out.len();
                    float(out, value);
                    written[k] = Some((value.to_bits(), start..out.len()));
                }
                out.extend_from_slice(b"]}");
            }
            None => out.extend_from_slice(b"null"),
        }
        let coordinate =
            |out: &mut Vec<u8>, value: Option<f64>, k: usize| match (value, &written[k]) {
                (Some(v), Some((bits, range))) if v.to_bits() == *bits => {
                    out.extend_from_within(range.clone());
                }
                _ => float_or_null(out, value),
            };
        out.extend_from_slice(b",\"properties\":{\"id\":");
        string(out, &self.id);
        out.extend_from_slice(b",\"doc\":");
        string(out, self.doc);
        out.extend_from_slice(b",\"category\":");
        plain(out, self.category);
        out.extend_from_slice(b",\"layer\":");
        plain(out, self.layer);
        out.extend_from_slice(b",\"status\":");
        plain(out, self.status);
        out.extend_from_slice(b",\"event_date\":");
        plain_or_null(out, self.event_date.as_deref());
        out.extend_from_slice(b",\"event_date_end\":");
        plain_or_null(out, self.event_date_end.as_deref());
        out.extend_from_slice(b",\"date_precision\":");
        plain(out, self.date_precision);
        out.extend_from_slice(b",\"date_text\":");
        string_or_null(out, self.date_text);
        out.extend_from_slice(b",\"event_type\":");
        plain(out, self.event_type);
        out.extend_from_slice(b",\"sub_event_type\":");
        plain(out, self.sub_event_type);
        out.extend_from_slice(b",\"country\":");
        string_or_null(out, self.country);
        out.extend_from_slice(b",\"iso\":");
        string_or_null(out, self.iso);
        out.extend_from_slice(b",\"admin1\":");
        string_or_null(out, self.admin1);
        out.extend_from_slice(b",\"admin2\":");
        string_or_null(out, self.admin2);
        out.extend_from_slice(b",\"location\":");
        string_or_null(out, self.location);
        out.extend_from_slice(b",\"latitude\":");
        coordinate(out, self.latitude, 1);
        out.extend_from_slice(b",\"longitude\":");
        coordinate(out, self.longitude, 0);
        out.extend_from_slice(b",\"geo_precision\":");
        unsigned_or_null(out, self.geo_precision.map(u64::from));
        out.extend_from_slice(b",\"fatalities\":");
        unsigned_or_null(out, self.fatalities.map(u64::from));
        out.extend_from_slice(b",\"source\":");
        string(out, self.source);
        out.extend_from_slice(b",\"title\":");
        string_or_null(out, self.title);
        out.extend_from_slice(b",\"notes\":");
        string(out, &self.notes);
        out.extend_from_slice(b",\"place_id\":");
        string_or_null(out, self.place_id);
        out.extend_from_slice(b",\"mention_start\":");
        unsigned_or_null(out, self.mention_start.map(|n| n as u64));
        out.extend_from_slice(b",\"mention_end\":");
        unsigned_or_null(out, self.mention_end.map(|n| n as u64));
        out.extend_from_slice(b",\"link\":");
        plain(out, self.link);
        out.extend_from_slice(b",\"evidence\":");
        string(out, self.evidence);
        out.extend_from_slice(b",\"evidence_start\":");
        unsigned(out, self.evidence_start as u64);
        out.extend_from_slice(b",\"evidence_end\":");
        unsigned(out, self.evidence_end as u64);
        out.extend_from_slice(b",\"cues\":");
        strings(out, self.cues);
        out.extend_from_slice(b",\"actors\":");
        strings(out, self.actors);
        out.extend_from_slice(b",\"score\":");
        float(out, self.score);
        out.extend_from_slice(b",\"border_distance_km\":");
        float_or_null(out, self.border_distance_km);
    }
}

/// What the event layers need to know about the document.
#[derive(Debug, Clone, Copy)]
pub struct DocumentInfo<'a> {
    /// Document id.
    pub id: &'a str,
    /// Full text.
    pub text: &'a str,
    /// The document's date, if given.
    pub date: Option<&'a str>,
    /// The document's source or URL, if given.
    pub source: Option<&'a str>,
    /// The document's title, if given.
    pub title: Option<&'a str>,
}

/// The place an event is located at, with the mention that names it.
#[derive(Debug, Clone, Copy)]
pub struct EventPlace<'a> {
    /// The gazetteer place.
    pub place: &'a Place,
    /// Byte span of the mention.
    pub mention: (usize, usize),
}

/// ACLED event type and sub-event type of a category.
pub fn acled_type(category: Category) -> (&'static str, &'static str) {
    match category.as_str() {
        "arrest" => ("Strategic developments", "Arrests"),
        "killing" | "execution" => ("Violence against civilians", "Attack"),
        "protest" => ("Protests", "Peaceful protest"),
        _ => ("Strategic developments", "Other"),
    }
}

/// A `YYYY-MM-DD` date from an ISO 8601 date or date-time, if valid.
pub fn iso_date(date: &str) -> Option<&str> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let month: u32 = d[5..7].parse().ok()?;
    let day: u32 = d[8..10].parse().ok()?;
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(d)
}

/// The China–North Korea and Russia–North Korea border lines, parsed once.
fn border_lines() -> &'static [LineString<f64>] {
    static LINES: OnceLock<Vec<LineString<f64>>> = OnceLock::new();
    LINES.get_or_init(|| crate::gazetteer::lines::kp_border_lines().unwrap_or_default())
}

/// Remembers [`border_distance_km`] per point: the distance takes
/// thousands of great-circle computations, and news names the same places
/// again and again.
#[derive(Debug, Default)]
pub struct BorderDistances {
    known: rustc_hash::FxHashMap<(u64, u64), Option<f64>>,
}

impl BorderDistances {
    /// The distance from `point` to the border, computed once per point.
    pub fn get(&mut self, point: Point<f64>) -> Option<f64> {
        *self
            .known
            .entry((point.x().to_bits(), point.y().to_bits()))
            .or_insert_with(|| border_distance_km(point))
    }
}

/// Distance in km from `point` to the nearest North Korean land border with
/// China or Russia.
pub fn border_distance_km(point: Point<f64>) -> Option<f64> {
    crate::gazetteer::lines::distance_to_lines_km(point, border_lines())
}

/// The Feature of one event.
pub fn event_feature<'a>(
    gazetteer: &'a Gazetteer,
    doc: DocumentInfo<'a>,
    event: &'a Event,
    place: Option<EventPlace<'a>>,
    borders: &mut BorderDistances,
) -> Feature<EventProperties<'a>> {
    let mut dates = when::Dates::new(doc.text);
    let properties = event_properties(gazetteer, doc, event, place, borders, &mut dates);
    Feature::new(place.map(|e| e.place.point), properties)
}

/// The date of an event from its evidence sentence and the document date.
fn event_date<'a>(
    doc: DocumentInfo<'_>,
    event: &Event,
    dates: &mut when::Dates<'a>,
) -> when::EventDate<'a> {
    let tense = match event.status.as_str() {
        "planned" => when::Tense::Future,
        _ => when::Tense::Past,
    };
    let doc_date = doc.date.and_then(when::parse_document_date);
    debug_assert!(
        std::ptr::eq(dates.text(), doc.text),
        "dates of another text"
    );
    dates.event_date(event.evidence.clone(), doc_date, tense)
}

/// The pieces joined into one string, without the formatting machinery
/// (a feature builds a few of these).
fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

/// `date` as `YYYY-MM-DD`, as its `Display` writes it, digit by digit for
/// the years 0 to 9999 (every other year has a sign and six digits).
fn iso(date: jiff::civil::Date) -> String {
    let Ok(year) = u16::try_from(date.year()) else {
        return date.to_string();
    };
    if year > 9999 {
        return date.to_string();
    }
    let digit = |n: u16| b'0' + (n % 10) as u8;
    let (month, day) = (date.month() as u16, date.day() as u16);
    let bytes = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    String::from(std::str::from_utf8(&bytes).expect("ASCII digits"))
}

/// The properties of one event (the Feature's point is the place's).
/// `incident_id` is the feature's own `id` and `sources` its document
/// until [`crate::incident::assign`] groups the features of a run.
/// `dates` holds the date phrases found so far in the document's text
/// (one [`when::Dates`] for all the events of a document).
pub fn event_properties<'a, 't: 'a>(
    gazetteer: &'a Gazetteer,
    doc: DocumentInfo<'a>,
    event: &'a Event,
    place: Option<EventPlace<'a>>,
    borders: &mut BorderDistances,
    dates: &mut when::Dates<'t>,
) -> EventProperties<'a> {
    let category = event.category.as_str();
    let p = place.map(|e| e.place);
    let (event_type, sub_event_type) = acled_type(event.category);
    let country = p.and_then(|p| {
        gazetteer
            .by_id(&concat(&["ne-country:", &p.country]))
            .map(|id| gazetteer.place(id).name.as_str())
    });
    let geo_precision = p.map(|p| {
        let base = match p.level() {
            Level::City | Level::River | Level::Mountain | Level::Lake | Level::Other => 1,
            Level::County => 2,
            Level::Province | Level::Country => 3,
        };
        if event.link.as_str() == "document" {
            (base + 1).min(3)
        } else {
            base
        }
    });
    let location = p.map(|p| p.name.as_str());
    let mut notes = concat(&[
        category,
        " (",
        event.status.as_str(),
        ") at ",
        location.unwrap_or("no place"),
        ": ",
    ]);
    for (i, cue) in event.cues.iter().enumerate() {
        if i > 0 {
            notes.push_str(", ");
        }
        notes.push_str(cue);
    }
    let date = event_date(doc, event, dates);
    let id = concat(&[
        doc.id,
        "#",
        category,
        "@",
        p.map_or("none", |p| p.id.as_str()),
    ]);
    EventProperties {
        incident_id: id.clone(),
        sources: vec![doc.id.to_string()],
        source_count: 1,
        event_date: date.start.map(iso),
        event_date_end: date.end.map(iso),
        date_precision: date.precision.as_str(),
        date_text: date.text,
        id,
        doc: doc.id,
        category,
        layer: event.category.layer().as_str(),
        status: event.status.as_str(),
        event_type,
        sub_event_type,
        country,
        iso: p.map(|p| p.country.as_str()).filter(|c| !c.is_empty()),
        admin1: p
            .and_then(|p| gazetteer.admin1(&p.admin1))
            .map(|a| a.name.as_str()),
        admin2: p.and_then(|p| super::places::admin2_name(gazetteer, &p.admin2)),
        location,
        latitude: p.map(|p| super::round6(p.point.y())),
        longitude: p.map(|p| super::round6(p.point.x())),
        geo_precision,
        fatalities: event.fatalities,
        source: doc.source.unwrap_or(doc.id),
        title: doc.title,
        notes,
        place_id: p.map(|p| p.id.as_str()),
        mention_start: place.map(|e| e.mention.0),
        mention_end: place.map(|e| e.mention.1),
        link: event.link.as_str(),
        evidence: &doc.text[event.evidence.clone()],
        evidence_start: event.evidence.start,
        evidence_end: event.evidence.end,
        cues: &event.cues,
        actors: &event.actors,
        score: (event.score * 1000.0).round() / 1000.0,
        border_distance_km: p
            .and_then(|p| borders.get(p.point))
            .map(|d| (d * 10.0).round() / 10.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let cases = [
            ("2019-06-24", Some("2019-06-24")),
            ("2019-06-24T10:00:00Z", Some("2019-06-24")),
            ("2019-13-01", None),
            ("June 2019", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(iso_date(input), want, "{input}");
        }
    }

    #[test]
    fn iso_dates_are_what_display_writes() {
        use jiff::ToSpan;
        // Every 37th day from before year 0 to the last year jiff knows.
        let mut d = jiff::civil::Date::constant(-3, 12, 25);
        loop {
            assert_eq!(iso(d), d.to_string());
            match d.checked_add(37.days()) {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        for d in [jiff::civil::Date::MIN, jiff::civil::Date::MAX] {
            assert_eq!(iso(d), d.to_string());
        }
    }

    /// [`EventProperties::write_feature_head`] writes what `serde_json`
    /// writes for the feature, up to its incident members.
    #[test]
    fn feature_head_is_what_serde_json_writes() {
        let cues = ["crackdown".to_string(), "\"leakage\"\n".to_string()];
        let actors = ["보위부".to_string()];
        let full = EventProperties {
            id: "doc\\1#arrest@geonames:1".to_string(),
            doc: "doc\\1",
            category: "arrest",
            layer: "incident",
            status: "reported",
            event_date: Some("2024-03-05".to_string()),
            event_date_end: Some("2024-03-11".to_string()),
            date_precision: "week",
            date_text: Some("last week\t"),
            event_type: "Strategic developments",
            sub_event_type: "Arrests",
            country: Some("North Korea"),
            iso: Some("KP"),
            admin1: Some("Yanggang-do"),
            admin2: Some("Kimjongsuk"),
            location: Some("Hyesan"),
            latitude: Some(41.40167),
            longitude: Some(128.17778),
            geo_precision: Some(2),
            fatalities: Some(3),
            source: "https://example.org/?a=\"b\"",
            title: Some("Title \u{1}"),
            notes: "arrest (reported) at Hyesan: crackdown".to_string(),
            place_id: Some("geonames:1"),
            mention_start: Some(17),
            mention_end: Some(23),
            link: "sentence",
            evidence: "He said: \"They were arrested.\"\r\n",
            evidence_start: 5,
            evidence_end: 40,
            cues: &cues,
            actors: &actors,
            score: 0.951,
            border_distance_km: Some(0.2),
            incident_id: "arrest@geonames:1/2024-03-05".to_string(),
            sources: vec!["doc\\1".to_string(), "doc2".to_string()],
            source_count: 2,
        };
        let empty = EventProperties {
            event_date: None,
            event_date_end: None,
            date_text: None,
            country: None,
            iso: None,
            admin1: None,
            admin2: None,
            location: None,
            latitude: None,
            longitude: None,
            geo_precision: None,
            fatalities: None,
            title: None,
            place_id: None,
            mention_start: None,
            mention_end: None,
            cues: &[],
            actors: &[],
            score: 1.0,
            border_distance_km: Some(f64::NAN),
            sources: Vec::new(),
            ..full.clone()
        };
        let point = Some(Point::new(128.177781234, 41.4016749));
        for (p, point) in [(&full, point), (&empty, None)] {
            let expected = serde_json::to_string(&Feature::new(point, p)).unwrap();
            let mut head = Vec::new();
            p.write_feature_head(point, &mut head);
            let tail = format!(
                ",\"incident_id\":{},\"sources\":{},\"source_count\":{}}}}}",
                serde_json::to_string(&p.incident_id).unwrap(),
                serde_json::to_string(&p.sources).unwrap(),
                p.source_count
            );
            assert_eq!(String::from_utf8(head).unwrap() + &tail, expected);
        }
    }

    #[test]
    fn border_distance_of_real_places() {
        let g = Gazetteer::embedded();
        let at = |id: &str| g.place(g.by_id(id).unwrap()).point;
        // Hoeryong lies on the Tumen, the border with China.
        assert!(border_distance_km(at("geonames:2044091")).unwrap() < 10.0);
        // Pyongyang is far inland.
        let pyongyang = g.lookup("Pyongyang", Some("KP"))[0].point;
        assert!(border_distance_km(pyongyang).unwrap() > 100.0);
    }
}
