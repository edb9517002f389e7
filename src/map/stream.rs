//! Reading layer files one feature at a time, so the map page's memory does
//! not grow with the layers' size.
//!
//! A FeatureCollection is walked with a serde visitor over a buffered
//! reader: the `features` array is never collected, each element is handed to
//! a callback and dropped. A GeoJSON text sequence (RFC 8142) is read record
//! by record. Either way the largest thing held is one feature.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::layers::LayerKind;
use crate::{Error, Result};

/// Read buffer of a layer file: large enough that parsing, not system calls,
/// sets the pace; fixed, whatever the file's size.
const READ_BUFFER: usize = 256 * 1024;

/// One feature as the page needs it: the geometry (only a Point is drawn)
/// and the properties. Members a page never shows (`bbox`, `id`, foreign
/// members) are skipped while parsing.
#[derive(Debug, Deserialize)]
pub(crate) struct RawFeature {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    pub(crate) geometry: Option<RawGeometry>,
    #[serde(default)]
    pub(crate) properties: Option<PageProperties>,
}

/// The properties of a feature the page can use (those of
/// [`LayerKind::page_properties`] of any layer, and `place_id` for the
/// Korean name); the others are skipped unparsed, which makes reading
/// large layers about twice as fast.
#[derive(Debug, Default)]
pub(crate) struct PageProperties(pub(crate) Map<String, Value>);

impl<'de> Deserialize<'de> for PageProperties {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(PropertiesVisitor)
    }
}

struct PropertiesVisitor;

impl<'de> Visitor<'de> for PropertiesVisitor {
    type Value = PageProperties;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of feature properties")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut kept = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let used = key == "place_id"
                || LayerKind::ALL
                    .iter()
                    .any(|kind| kind.page_properties().contains(&key.as_str()));
            if used {
                let value = map.next_value::<Value>()?;
                kept.insert(key, value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(PageProperties(kept))
    }
}

/// A GeoJSON geometry, kept loosely: the page draws Points and counts the
/// rest as "without coordinates".
#[derive(Debug, Deserialize)]
pub(crate) struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: Value,
}

impl RawGeometry {
    /// The `[longitude, latitude]` of a Point with a valid WGS 84 position.
    pub(crate) fn point(&self) -> Option<[f64; 2]> {
        if self.kind != "Point" {
            return None;
        }
        let c = self.coordinates.as_array()?;
        let (lon, lat) = (c.first()?.as_f64()?, c.get(1)?.as_f64()?);
        let valid = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
        valid.then_some([lon, lat])
    }
}

/// Calls `sink` with every feature of the layer file at `path`: a
/// FeatureCollection, or with `sequence` true an RFC 8142 text sequence.
/// Returns `Ok(false)` when the file does not exist.
///
/// # Errors
///
/// [`Error::Io`] when the file cannot be read, [`Error::Parse`] (file and
/// line) when it is not a FeatureCollection / sequence of Features, and
/// whatever `sink` returns.
pub(crate) fn for_each_feature(
    path: &Path,
    sequence: bool,
    sink: &mut dyn FnMut(RawFeature) -> Result<()>,
) -> Result<bool> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    let reader = BufReader::with_capacity(READ_BUFFER, file);
    if sequence {
        read_sequence(path, reader, sink)?;
    } else {
        read_collection(path, reader, sink)?;
    }
    Ok(true)
}

fn read_collection(
    path: &Path,
    reader: impl Read,
    sink: &mut dyn FnMut(RawFeature) -> Result<()>,
) -> Result<()> {
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = CollectionSeed {
        sink,
        failed: &mut failed,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    // An error of the sink (the page could not be written) is reported as
    // itself, not as a parse error at the position the reader had reached.
    if let Some(err) = failed {
        return Err(err);
    }
    parsed.map_err(|e| {
        if e.is_io() {
            let message = e.to_string();
            Error::io(path, std::io::Error::other(message))
        } else {
            Error::Parse {
                path: path.to_path_buf(),
                line: e.line(),
                message: format!("not a GeoJSON FeatureCollection: {e}"),
            }
        }
    })
}

/// An RFC 8142 sequence: each record is an ASCII record separator (0x1E)
/// followed by one Feature.
fn read_sequence(
    path: &Path,
    mut reader: impl BufRead,
    sink: &mut dyn FnMut(RawFeature) -> Result<()>,
) -> Result<()> {
    let mut record = Vec::new();
    let mut line = 1;
    let mut first = true;
    loop {
        record.clear();
        let n = reader
            .read_until(0x1e, &mut record)
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(());
        }
        let body = record.strip_suffix(&[0x1e]).unwrap_or(&record);
        let blank = body.iter().all(u8::is_ascii_whitespace);
        if first && !blank {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: "a GeoJSON text sequence starts with a record separator (0x1E)".into(),
            });
        }
        if !first && !blank {
            let bad = |line: usize, message: String| Error::Parse {
                path: path.to_path_buf(),
                line,
                message: format!("not a GeoJSON Feature: {message}"),
            };
            let feature = serde_json::from_slice::<RawFeature>(body)
                .map_err(|e| bad(line + e.line().saturating_sub(1), e.to_string()))?;
            check_feature(&feature).map_err(|m| bad(line, m))?;
            sink(feature)?;
        }
        line += body.iter().filter(|&&b| b == b'\n').count();
        first = false;
    }
}

fn check_feature(feature: &RawFeature) -> std::result::Result<(), String> {
    match feature.kind.as_deref() {
        Some("Feature") => Ok(()),
        Some(other) => Err(format!("type is {other:?}, not \"Feature\"")),
        None => Err("a feature has no \"type\"".into()),
    }
}

/// Walks the top-level object; the sink sees the features as they are read.
struct CollectionSeed<'a> {
    sink: &'a mut dyn FnMut(RawFeature) -> Result<()>,
    failed: &'a mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for CollectionSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CollectionSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut features = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => kind = Some(map.next_value()?),
                "features" if !features => {
                    map.next_value_seed(FeaturesSeed {
                        sink: &mut *self.sink,
                        failed: &mut *self.failed,
                    })?;
                    features = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match kind.as_deref() {
            Some("FeatureCollection") if features => Ok(()),
            Some("FeatureCollection") => Err(de::Error::missing_field("features")),
            Some(other) => Err(de::Error::custom(format_args!(
                "type is {other:?}, not \"FeatureCollection\""
            ))),
            None => Err(de::Error::missing_field("type")),
        }
    }
}

struct FeaturesSeed<'a> {
    sink: &'a mut dyn FnMut(RawFeature) -> Result<()>,
    failed: &'a mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of GeoJSON Features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(feature) = seq.next_element::<RawFeature>()? {
            check_feature(&feature).map_err(de::Error::custom)?;
            if let Err(err) = (self.sink)(feature) {
                *self.failed = Some(err);
                return Err(de::Error::custom("the map page could not be written"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(path: &Path, sequence: bool) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for_each_feature(path, sequence, &mut |f| {
            let p = f.properties.unwrap_or_default().0;
            out.push(
                p.get("category")
                    .and_then(Value::as_str)
                    .unwrap_or("-")
                    .to_owned(),
            );
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn streams_a_collection_whatever_the_member_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("incidents.geojson");
        // `features` before `type`, a bbox and foreign members to skip.
        std::fs::write(
            &path,
            r#"{"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[129,42]},
               "properties":{"category":"death"},"bbox":[1,2,3,4]},
               {"type":"Feature","geometry":null,"properties":{"category":"arrest"},"id":7}],
               "bbox":[0,0,1,1],"name":"x","type":"FeatureCollection"}"#,
        )
        .unwrap();
        assert_eq!(categories(&path, false).unwrap(), ["death", "arrest"]);
    }

    #[test]
    fn a_bad_feature_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("places.geojson");
        // (name, content, fragment of the message)
        let cases = [
            (
                "a geometry in the array",
                "{\"type\":\"FeatureCollection\",\"features\":[\n\n{\"type\":\"Point\"}]}",
                "places.geojson:3:",
            ),
            (
                "no features",
                "{\"type\":\"FeatureCollection\"}",
                "missing field `features`",
            ),
            (
                "trailing text",
                "{\"type\":\"FeatureCollection\",\"features\":[]} x",
                ":1:",
            ),
        ];
        for (name, content, fragment) in cases {
            std::fs::write(&path, content).unwrap();
            let err = categories(&path, false).unwrap_err();
            assert!(err.to_string().contains(fragment), "{name}: {err}");
        }
    }

    #[test]
    fn a_sink_error_is_returned_as_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("places.geojson");
        std::fs::write(
            &path,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}"#,
        )
        .unwrap();
        let err = for_each_feature(&path, false, &mut |_| {
            Err(Error::io("out.html", std::io::Error::other("disk full")))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "out.html: disk full");
    }

    #[test]
    fn a_missing_file_is_reported_as_absent() {
        let dir = tempfile::tempdir().unwrap();
        let found = for_each_feature(&dir.path().join("x.geojson"), false, &mut |_| Ok(()));
        assert!(!found.unwrap());
    }
}
