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

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{EncodedFeatures, Feature, json, round6};
use crate::gazetteer::{Gazetteer, Level, PlaceId};
use crate::layer::events::DocumentInfo;
use crate::matcher::Method;
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

/// How many of a mention's candidates its feature lists.
const MAX_CANDIDATES: usize = 5;

/// The gazetteer ids of a mention's best candidates (at most five),
/// written as a JSON array straight from the ranking.
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
                .take(MAX_CANDIDATES)
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
        in_gazetteer: r.mention.method != Method::Unlisted,
        reasons: r.reasons.serializable(gazetteer),
        candidates: Candidates {
            gazetteer,
            ranked: &r.ranked,
        },
    };
    Feature::new(place.map(|p| p.point), properties)
}

/// Writes places-layer features straight into a batch's buffer, the same
/// bytes as serializing [`place_feature`] with `serde_json` in about half
/// the time: the layer is some 700 bytes per mention, most of them the same
/// for every mention of a place or of a document.
///
/// So the members that depend only on the place (geometry, name, ids,
/// admin names, population, precision) are serialized once per place and
/// copied after; the document's members once per document; only the
/// mention's own members are written per feature. One per mapping thread:
/// its cache grows by a few hundred bytes per distinct place written.
#[derive(Debug, Default)]
pub struct PlaceFeatureWriter {
    /// [`Gazetteer::identity`] of the gazetteer whose places are cached.
    gazetteer: Option<u64>,
    /// Serialized parts of the places written so far, one after another.
    parts: Vec<u8>,
    /// Where each cached place's parts are in `parts`.
    places: FxHashMap<PlaceId, PlaceParts>,
    /// The current document's members, `"doc":...,"source":...,`.
    document: Vec<u8>,
}

/// A place's serialized parts: its geometry, and its members from `name`
/// to `precision` (with a trailing comma), in [`PlaceFeatureWriter::parts`].
#[derive(Debug, Clone)]
struct PlaceParts {
    geometry: Range<usize>,
    members: Range<usize>,
    /// The rounded point, for the layer's `bbox`.
    point: [f64; 2],
}

/// The place members of an unresolved mention.
const NO_PLACE_MEMBERS: &[u8] = b"\"name\":null,\"place_id\":null,\"feature_code\":null,\"country\":null,\"admin1_code\":null,\"admin1\":null,\"admin2\":null,\"population\":null,\"precision\":null,";

impl PlaceFeatureWriter {
    /// Appends the features of `resolutions`, the mentions of document
    /// `doc` in order, to `out`.
    pub fn write_document(
        &mut self,
        gazetteer: &Gazetteer,
        doc: DocumentInfo<'_>,
        resolutions: &[Resolution],
        out: &mut EncodedFeatures,
    ) {
        if self.gazetteer != Some(gazetteer.identity()) {
            self.parts.clear();
            self.places.clear();
            self.gazetteer = Some(gazetteer.identity());
        }
        self.document.clear();
        write_document_members(&mut self.document, doc);
        for r in resolutions {
            let parts = r.place.map(|id| self.place_parts(gazetteer, id));
            out.push_with(|json| {
                json.extend_from_slice(b"{\"type\":\"Feature\",\"geometry\":");
                match &parts {
                    Some(parts) => json.extend_from_slice(&self.parts[parts.geometry.clone()]),
                    None => json.extend_from_slice(b"null"),
                }
                json.extend_from_slice(b",\"properties\":{");
                json.extend_from_slice(&self.document);
                json.extend_from_slice(b"\"start\":");
                json::unsigned(json, r.mention.span.start as u64);
                json.extend_from_slice(b",\"end\":");
                json::unsigned(json, r.mention.span.end as u64);
                json.extend_from_slice(b",\"mention\":");
                json::string(json, &doc.text[r.mention.span.clone()]);
                json.push(b',');
                match &parts {
                    Some(parts) => json.extend_from_slice(&self.parts[parts.members.clone()]),
                    None => json.extend_from_slice(NO_PLACE_MEMBERS),
                }
                json.extend_from_slice(b"\"score\":");
                match parts {
                    Some(_) => json::float(json, r.score),
                    None => json.extend_from_slice(b"null"),
                }
                json.extend_from_slice(b",\"method\":");
                json::string(json, r.mention.method.as_str());
                json.extend_from_slice(b",\"in_gazetteer\":");
                let in_gazetteer = r.mention.method != Method::Unlisted;
                json.extend_from_slice(if in_gazetteer { b"true" } else { b"false" });
                json.extend_from_slice(b",\"reasons\":[");
                for (i, reason) in r.reasons.texts(gazetteer).enumerate() {
                    if i > 0 {
                        json.push(b',');
                    }
                    reason.write_json(json);
                }
                json.extend_from_slice(b"],\"candidates\":[");
                for (i, (id, _)) in r.ranked.iter().take(MAX_CANDIDATES).enumerate() {
                    if i > 0 {
                        json.push(b',');
                    }
                    json::string(json, &gazetteer.place(*id).id);
                }
                json.extend_from_slice(b"]}}");
                parts.map(|p| p.point)
            });
        }
    }

    /// The parts of place `id`, serialized on its first use.
    fn place_parts(&mut self, gazetteer: &Gazetteer, id: PlaceId) -> PlaceParts {
        let parts = &mut self.parts;
        self.places
            .entry(id)
            .or_insert_with(|| write_place_parts(parts, gazetteer, id))
            .clone()
    }
}

/// Appends the members of document `doc`, each with a trailing comma.
fn write_document_members(out: &mut Vec<u8>, doc: DocumentInfo<'_>) {
    out.extend_from_slice(b"\"doc\":");
    json::string(out, doc.id);
    out.extend_from_slice(b",\"date\":");
    json::string_or_null(out, doc.date.and_then(super::events::iso_date));
    out.extend_from_slice(b",\"title\":");
    json::string_or_null(out, doc.title);
    out.extend_from_slice(b",\"source\":");
    json::string_or_null(out, doc.source);
    out.push(b',');
}

/// Appends the parts of place `id` to `out`; see [`PlaceParts`].
fn write_place_parts(out: &mut Vec<u8>, gazetteer: &Gazetteer, id: PlaceId) -> PlaceParts {
    let place = gazetteer.place(id);
    fn nonempty(s: &str) -> Option<&str> {
        (!s.is_empty()).then_some(s)
    }
    let point = [round6(place.point.x()), round6(place.point.y())];
    let start = out.len();
    super::write_point_geometry(out, Some(point));
    let geometry = start..out.len();
    let start = out.len();
    out.extend_from_slice(b"\"name\":");
    json::string(out, &place.name);
    out.extend_from_slice(b",\"place_id\":");
    json::string(out, &place.id);
    out.extend_from_slice(b",\"feature_code\":");
    json::string_or_null(out, nonempty(&place.feature_code));
    out.extend_from_slice(b",\"country\":");
    json::string_or_null(out, nonempty(&place.country));
    out.extend_from_slice(b",\"admin1_code\":");
    json::string_or_null(out, nonempty(&place.admin1));
    out.extend_from_slice(b",\"admin1\":");
    json::string_or_null(
        out,
        gazetteer.admin1(&place.admin1).map(|a| a.name.as_str()),
    );
    out.extend_from_slice(b",\"admin2\":");
    json::string_or_null(out, admin2_name(gazetteer, &place.admin2));
    out.extend_from_slice(b",\"population\":");
    json::unsigned(out, place.population);
    out.extend_from_slice(b",\"precision\":");
    json::string(out, precision(place.level()));
    out.push(b',');
    PlaceParts {
        geometry,
        members: start..out.len(),
        point,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Geoparser;

    /// The writer's bytes are `serde_json`'s for [`place_feature`]: for
    /// resolved, abstained and unlisted mentions, with documents that have
    /// and lack a date, title and source, and text that needs escaping.
    #[test]
    fn writes_what_serde_json_writes_for_place_feature() {
        let gazetteer = Gazetteer::embedded();
        let geoparser = Geoparser::new(gazetteer, Default::default());
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/samples/dailynk-border-barriers.txt"
        ))
        .unwrap()
            + "\n\"Hyesan\"\tand \\Musan\\ County, Sinuiju\u{1}; 회령시 and 혜산; Paegam-ri in \
               Pochon County; Springfield; Kangdong.\nNorth Korea fired artillery shells near \
               the South Korean Yeonpyeong Island. Hwanggumpyong Island lies near Sinuiju.";
        let resolutions = geoparser.places(&text);
        assert!(resolutions.iter().any(|r| r.place.is_none()));
        assert!(resolutions.iter().any(|r| r.place.is_some()));
        let docs = [
            DocumentInfo {
                id: "doc \"1\"",
                text: &text,
                date: Some("2024-03-05T10:00:00Z"),
                source: Some("https://example.org/a?b=1&c=\\"),
                title: Some("Title\nwith a line break"),
            },
            DocumentInfo {
                id: "doc-2",
                text: &text,
                date: Some("not a date"),
                source: None,
                title: None,
            },
        ];
        let mut writer = PlaceFeatureWriter::default();
        for doc in docs {
            let mut written = EncodedFeatures::default();
            writer.write_document(gazetteer, doc, &resolutions, &mut written);
            assert_eq!(written.len(), resolutions.len());
            for ((json, point), r) in written.iter().zip(&resolutions) {
                let feature = place_feature(gazetteer, doc, r);
                let expected = serde_json::to_string(&feature).unwrap();
                assert_eq!(std::str::from_utf8(json).unwrap(), expected);
                assert_eq!(point, feature.point());
            }
        }
    }
}
