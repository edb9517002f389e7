//! Reading the three GeoJSON layers a map page shows.

use std::path::Path;

use geojson::{FeatureCollection, GeometryValue};

use crate::{Error, Result};

/// One of the three layers eventmap writes, in the order the page stacks
/// them (first drawn at the bottom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// `places.geojson`: every resolved place mention.
    Places,
    /// `infrastructure.geojson`: border infrastructure (fences, cameras...).
    Infrastructure,
    /// `incidents.geojson`: events (deaths, arrests, smuggling...).
    Incidents,
}

impl LayerKind {
    /// All layers, bottom to top.
    pub const ALL: [LayerKind; 3] = [
        LayerKind::Places,
        LayerKind::Infrastructure,
        LayerKind::Incidents,
    ];

    /// The identifier the page uses for the layer (`window.eventmap.layers[id]`).
    pub fn id(self) -> &'static str {
        match self {
            LayerKind::Places => "places",
            LayerKind::Infrastructure => "infrastructure",
            LayerKind::Incidents => "incidents",
        }
    }

    /// The file name of the layer in a layers directory (a FeatureCollection);
    /// the same name with extension `.geojsons` is its RFC 8142 text sequence.
    pub fn file_name(self) -> &'static str {
        match self {
            LayerKind::Places => "places.geojson",
            LayerKind::Infrastructure => "infrastructure.geojson",
            LayerKind::Incidents => "incidents.geojson",
        }
    }

    /// The name shown in the layer switcher and legend.
    pub fn label(self) -> &'static str {
        match self {
            LayerKind::Places => "Places",
            LayerKind::Infrastructure => "Infrastructure",
            LayerKind::Incidents => "Incidents",
        }
    }

    /// The feature properties the page needs for popups, legend and styling;
    /// the others (offsets, match reasons) are left out to keep the page small.
    pub(crate) fn page_properties(self) -> &'static [&'static str] {
        match self {
            LayerKind::Places => &[
                "doc",
                "mention",
                "name",
                "place_id",
                "feature_code",
                "country",
                "admin1",
                "admin2",
                "precision",
                "score",
                "method",
                "date",
            ],
            LayerKind::Incidents | LayerKind::Infrastructure => &[
                "id",
                "doc",
                "category",
                "status",
                "event_date",
                // From the event-date extraction, when the layers have them;
                // the page falls back to `event_date` alone.
                "event_date_end",
                "date_precision",
                "date_text",
                "incident_id",
                "sources",
                "title",
                "event_type",
                "sub_event_type",
                "country",
                "admin1",
                "admin2",
                "location",
                "geo_precision",
                "fatalities",
                "source",
                "notes",
                "evidence",
                "cues",
                "score",
                "border_distance_km",
            ],
        }
    }
}

/// The layers a map page shows, as GeoJSON feature collections (RFC 7946).
///
/// Features with a `Point` geometry are drawn; features with a null (or any
/// other) geometry are counted and listed in the legend but not drawn.
#[derive(Debug, Clone, Default)]
pub struct MapLayers {
    /// Resolved place mentions (`places.geojson`).
    pub places: FeatureCollection,
    /// Incidents (`incidents.geojson`).
    pub incidents: FeatureCollection,
    /// Border infrastructure (`infrastructure.geojson`).
    pub infrastructure: FeatureCollection,
}

impl MapLayers {
    /// Reads `places.geojson`, `incidents.geojson` and `infrastructure.geojson`
    /// from `dir`, or, where one is absent, the GeoJSON text sequence
    /// (RFC 8142) of the same name with extension `.geojsons`. A layer with
    /// neither file is empty, so a map can show whatever an extraction
    /// produced.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when `dir` or a layer file cannot be read,
    /// [`Error::Parse`] (with the file and line) when a file is not JSON or
    /// not a GeoJSON FeatureCollection.
    pub fn read(dir: &Path) -> Result<MapLayers> {
        if !dir.is_dir() {
            let source = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a directory of map layers",
            );
            return Err(Error::io(dir, source));
        }
        let mut layers = MapLayers::default();
        for kind in LayerKind::ALL {
            let path = dir.join(kind.file_name());
            let sequence = path.with_extension("geojsons");
            *layers.get_mut(kind) = match read_text(&path)? {
                Some(text) => parse_collection(&path, &text)?,
                None => match read_text(&sequence)? {
                    Some(text) => parse_sequence(&sequence, &text)?,
                    None => FeatureCollection::default(),
                },
            };
        }
        Ok(layers)
    }

    /// The feature collection of one layer.
    pub fn get(&self, kind: LayerKind) -> &FeatureCollection {
        match kind {
            LayerKind::Places => &self.places,
            LayerKind::Infrastructure => &self.infrastructure,
            LayerKind::Incidents => &self.incidents,
        }
    }

    fn get_mut(&mut self, kind: LayerKind) -> &mut FeatureCollection {
        match kind {
            LayerKind::Places => &mut self.places,
            LayerKind::Infrastructure => &mut self.infrastructure,
            LayerKind::Incidents => &mut self.incidents,
        }
    }
}

/// The file's text, or `None` when it does not exist.
fn read_text(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn parse_collection(path: &Path, text: &str) -> Result<FeatureCollection> {
    serde_json::from_str(text).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        message: format!("not a GeoJSON FeatureCollection: {e}"),
    })
}

/// An RFC 8142 sequence: each record is an ASCII record separator (0x1E)
/// followed by one Feature.
fn parse_sequence(path: &Path, text: &str) -> Result<FeatureCollection> {
    let mut features = Vec::new();
    let mut line = 1;
    for (i, record) in text.split('\x1e').enumerate() {
        if i == 0 && !record.trim().is_empty() {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: "a GeoJSON text sequence starts with a record separator (0x1E)".into(),
            });
        }
        if !record.trim().is_empty() {
            let feature = serde_json::from_str(record).map_err(|e| Error::Parse {
                path: path.to_path_buf(),
                line: line + e.line() - 1,
                message: format!("not a GeoJSON Feature: {e}"),
            })?;
            features.push(feature);
        }
        line += record.matches('\n').count();
    }
    Ok(FeatureCollection {
        features,
        ..Default::default()
    })
}

/// The `[longitude, latitude]` a feature is drawn at: its Point geometry when
/// that holds a valid WGS 84 position, else `None`.
pub(crate) fn drawn_position(geometry: Option<&geojson::Geometry>) -> Option<[f64; 2]> {
    let GeometryValue::Point { coordinates } = &geometry?.value else {
        return None;
    };
    let (lon, lat) = (
        *coordinates.as_slice().first()?,
        *coordinates.as_slice().get(1)?,
    );
    let valid = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
    valid.then_some([lon, lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    const POINT: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[129.0,42.0]},"properties":{"category":"death"}},
        {"type":"Feature","geometry":null,"properties":{"category":"arrest"}}]}"#;

    #[test]
    fn reads_present_missing_and_bad_layers() {
        // (name, incidents.geojson content or None for absent, expected outcome)
        let cases: [(&str, Option<&str>, Result<usize, &str>); 5] = [
            ("missing file is an empty layer", None, Ok(0)),
            ("feature collection", Some(POINT), Ok(2)),
            (
                "empty collection",
                Some(r#"{"type":"FeatureCollection","features":[]}"#),
                Ok(0),
            ),
            (
                "invalid JSON names file and line",
                Some("{\"type\":\"FeatureCollection\",\n\"features\": [,]}"),
                Err("incidents.geojson:2:"),
            ),
            (
                "a bare geometry is not a layer",
                Some(r#"{"type":"Point","coordinates":[1,2]}"#),
                Err("incidents.geojson:1:"),
            ),
        ];
        for (name, content, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            if let Some(content) = content {
                std::fs::write(dir.path().join("incidents.geojson"), content).unwrap();
            }
            match (MapLayers::read(dir.path()), want) {
                (Ok(layers), Ok(n)) => {
                    assert_eq!(layers.incidents.features.len(), n, "{name}");
                    assert!(layers.places.features.is_empty(), "{name}");
                }
                (Err(err), Err(fragment)) => {
                    assert!(matches!(err, Error::Parse { .. }), "{name}: {err:?}");
                    assert!(err.to_string().contains(fragment), "{name}: {err}");
                }
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn reads_text_sequences() {
        let record = |category: &str| {
            format!(
                "\x1e{{\"type\":\"Feature\",\"geometry\":null,\"properties\":{{\"category\":\"{category}\"}}}}\n"
            )
        };
        // (name, infrastructure.geojsons content, expected categories or error fragment)
        type Case = (
            &'static str,
            String,
            Result<Vec<&'static str>, &'static str>,
        );
        let cases: [Case; 4] = [
            (
                "two records",
                record("fence") + &record("wall"),
                Ok(vec!["fence", "wall"]),
            ),
            ("empty sequence", String::new(), Ok(vec![])),
            (
                "bad second record names its line",
                record("fence") + "\x1e{\"type\":\"Feature\",\n",
                Err("infrastructure.geojsons:3:"),
            ),
            (
                "no leading separator",
                "{\"type\":\"Feature\"}\n".to_owned(),
                Err("infrastructure.geojsons:1:"),
            ),
        ];
        for (name, content, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("infrastructure.geojsons"), content).unwrap();
            match (MapLayers::read(dir.path()), want) {
                (Ok(layers), Ok(categories)) => {
                    let got: Vec<_> = layers
                        .infrastructure
                        .features
                        .iter()
                        .map(|f| f.property("category").unwrap().as_str().unwrap())
                        .collect();
                    assert_eq!(got, categories, "{name}");
                }
                (Err(err), Err(fragment)) => {
                    assert!(err.to_string().contains(fragment), "{name}: {err}");
                }
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
        // A FeatureCollection wins over a sequence of the same layer.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("infrastructure.geojsons"), record("wall")).unwrap();
        std::fs::write(
            dir.path().join("infrastructure.geojson"),
            r#"{"type":"FeatureCollection","features":[]}"#,
        )
        .unwrap();
        let layers = MapLayers::read(dir.path()).unwrap();
        assert!(layers.infrastructure.features.is_empty());
    }

    #[test]
    fn a_missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = MapLayers::read(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn drawn_position_accepts_only_valid_points() {
        type Case = (&'static str, Option<GeometryValue>, Option<[f64; 2]>);
        let cases: [Case; 5] = [
            (
                "point",
                Some(GeometryValue::new_point([129.5, 42.1])),
                Some([129.5, 42.1]),
            ),
            ("null geometry", None, None),
            (
                "latitude out of range",
                Some(GeometryValue::new_point([10.0, 95.0])),
                None,
            ),
            (
                "longitude out of range",
                Some(GeometryValue::new_point([190.0, 40.0])),
                None,
            ),
            (
                "line string",
                Some(GeometryValue::new_line_string([[1.0, 2.0], [3.0, 4.0]])),
                None,
            ),
        ];
        for (name, value, want) in cases {
            let geometry = value.map(geojson::Geometry::from);
            assert_eq!(drawn_position(geometry.as_ref()), want, "{name}");
        }
    }
}
