//! The places layer: one Feature per place mention.
//!
//! | property | type | meaning |
//! |---|---|---|
//! | `doc` | string | id of the document (`id` of the JSON Lines record, or the file path) |
//! | `date`, `title`, `source` | string or null | the document's date (ISO 8601 `YYYY-MM-DD`), title and source/URL, when its input gives them |
//! | `start`, `end` | integer | UTF-8 byte offsets of the mention in the document text (end exclusive) |
//! | `mention` | string | the text of the mention, designators included ("Pochon County") |
//! | `name` | string or null | primary name of the resolved place; null when unresolved |
//! | `place_id` | string or null | gazetteer id (`geonames:2044091`) |
//! | `feature_code` | string or null | GeoNames feature code (`PPLA2`, `ADM1`, `PCLI`, `STM`) |
//! | `country` | string or null | ISO 3166-1 alpha-2 code |
//! | `admin1_code` | string or null | GeoNames admin1 code (`KP.17`) |
//! | `admin1` | string or null | name of the province |
//! | `admin2` | string or null | name of the county or city district, when known |
//! | `population` | integer or null | population from the gazetteer (0 when unknown) |
//! | `precision` | string or null | `country`, `province`, `county`, `city` or `point` (rivers, mountains, other features) |
//! | `score` | number or null | probability of the chosen place among the candidates, 0..1; null when unresolved (the resolver abstained: `reasons` then says why, with the best candidate's probability) |
//! | `method` | string | how the name matched: `exact`, `folded`, `romanized`, `hangul`, `sino-korean` (the Korean reading of a Chinese name, 연길), `unlisted` (a place the gazetteer lacks, found by its designator) |
//! | `in_gazetteer` | boolean | false for an `unlisted` place: the point (if any) is that of the unit the text puts it in, at that unit's `precision` |
//! | `reasons` | array of strings | the resolution features that counted (`parent:KP.13`, `focus-country:KP`, `designator:county`, ...) |
//! | `candidates` | array of strings | gazetteer ids of the candidates, best first (at most 5) |
//!
//! The geometry is the place's Point, or null when the resolver abstained.

use serde::Serialize;

use super::Feature;
use crate::gazetteer::{Gazetteer, Level, PlaceId};
use crate::layer::events::DocumentInfo;
use crate::resolve::{ReasonList, Resolution};

/// Properties of a places-layer Feature; see the module docs. They borrow
/// from the document, the resolution and the gazetteer, so that a feature
/// is serialized without copying a string.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceProperties<'a> {
    /// Document id.
    pub doc: &'a str,
    /// The document's date (ISO 8601 `YYYY-MM-DD`), when its input gives one.
    pub date: Option<&'a str>,
    /// The document's title, when given.
    pub title: Option<&'a str>,
    /// The document's source or URL, when given.
    pub source: Option<&'a str>,
    /// Start byte offset.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// Mention text.
    pub mention: &'a str,
    /// Primary name of the place.
    pub name: Option<&'a str>,
    /// Gazetteer id.
    pub place_id: Option<&'a str>,
    /// GeoNames feature code.
    pub feature_code: Option<&'a str>,
    /// ISO alpha-2 country.
    pub country: Option<&'a str>,
    /// GeoNames admin1 code.
    pub admin1_code: Option<&'a str>,
    /// Province name.
    pub admin1: Option<&'a str>,
    /// County or district name.
    pub admin2: Option<&'a str>,
    /// Population.
    pub population: Option<u64>,
    /// Precision of the point.
    pub precision: Option<&'static str>,
    /// Probability of the place; `None` when unresolved.
    pub score: Option<f64>,
    /// Match method.
    pub method: &'static str,
    /// Whether the gazetteer knows the place itself (false for `unlisted`
    /// mentions, located at their county or city, or nowhere).
    pub in_gazetteer: bool,
    /// Resolution reasons, written as strings straight into the output.
    pub reasons: ReasonList<'a>,
    /// Candidate ids, best first.
    pub candidates: Candidates<'a>,
}

/// The gazetteer ids of a mention's best candidates (at most 5), written
/// as a JSON array straight from the ranking.
#[derive(Debug, Clone, Copy)]
pub struct Candidates<'a> {
    gazetteer: &'a Gazetteer,
    ranked: &'a [(PlaceId, f64)],
}

impl Serialize for Candidates<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.ranked
                .iter()
                .take(5)
                .map(|(id, _)| self.gazetteer.place(*id).id.as_str()),
        )
    }
}

/// The `precision` value of a level.
pub fn precision(level: Level) -> &'static str {
    match level {
        Level::Country => "country",
        Level::Province => "province",
        Level::County => "county",
        Level::City => "city",
        Level::River | Level::Mountain | Level::Lake | Level::Other => "point",
    }
}

/// The name of the admin2 unit a place is in (or is), when known.
pub fn admin2_name<'g>(gazetteer: &'g Gazetteer, code: &str) -> Option<&'g str> {
    if code.is_empty() {
        return None;
    }
    gazetteer.admin2(code).map(|p| p.name.as_str())
}

/// The places-layer Feature of one resolved mention of document `doc`.
pub fn place_feature<'a>(
    gazetteer: &'a Gazetteer,
    doc: DocumentInfo<'a>,
    r: &'a Resolution,
) -> Feature<PlaceProperties<'a>> {
    let text = doc.text;
    let place = r.place.map(|id| gazetteer.place(id));
    let nonempty = |s: &'a str| (!s.is_empty()).then_some(s);
    let properties = PlaceProperties {
        doc: doc.id,
        date: doc.date.and_then(super::events::iso_date),
        title: doc.title,
        source: doc.source,
        start: r.mention.span.start,
        end: r.mention.span.end,
        mention: &text[r.mention.span.clone()],
        name: place.map(|p| p.name.as_str()),
        place_id: place.map(|p| p.id.as_str()),
        feature_code: place.and_then(|p| nonempty(&p.feature_code)),
        country: place.and_then(|p| nonempty(&p.country)),
        admin1_code: place.and_then(|p| nonempty(&p.admin1)),
        admin1: place
            .and_then(|p| gazetteer.admin1(&p.admin1))
            .map(|a| a.name.as_str()),
        admin2: place.and_then(|p| admin2_name(gazetteer, &p.admin2)),
        population: place.map(|p| p.population),
        precision: place.map(|p| precision(p.level())),
        score: place.map(|_| r.score),
        method: r.mention.method.as_str(),
        in_gazetteer: r.mention.method != crate::matcher::Method::Unlisted,
        reasons: r.reasons.serializable(gazetteer),
        candidates: Candidates {
            gazetteer,
            ranked: &r.ranked,
        },
    };
    Feature::new(place.map(|p| p.point), properties)
}
