//! The border and river lines that the writers and the resolver need at run
//! time (a place's distance to the border, where along a river something
//! is), parsed from the embedded Natural Earth files. Apart from the builder:
//! nothing here makes gazetteer rows.

use std::collections::HashMap;

use geo::{Distance, Geometry, Haversine, Point};
use serde_json::Value;

use super::sources::{NE_BOUNDARIES, NE_RIVERS, features, source_error};
use crate::Result;

/// The China–North Korea and Russia–North Korea land boundary lines from
/// Natural Earth 10m.
pub fn kp_border_lines() -> Result<Vec<geo::LineString<f64>>> {
    let (path, _) = NE_BOUNDARIES;
    let mut lines = Vec::new();
    for feature in features(NE_BOUNDARIES)? {
        let Some(props) = feature.properties.as_ref() else {
            continue;
        };
        let side = |k: &str| props.get(k).and_then(Value::as_str).unwrap_or_default();
        let sides = [side("adm0_left"), side("adm0_right")];
        if !(sides.contains(&"North Korea")
            && (sides.contains(&"China") || sides.contains(&"Russia")))
        {
            continue;
        }
        let geometry = feature
            .geometry
            .clone()
            .map(Geometry::<f64>::try_from)
            .transpose()
            .map_err(|e| source_error(path, e.to_string()))?;
        match geometry {
            Some(Geometry::LineString(l)) => lines.push(l),
            Some(Geometry::MultiLineString(m)) => lines.extend(m.0),
            _ => {}
        }
    }
    Ok(lines)
}

/// The lines of every Natural Earth river, by gazetteer id (`ne-river:680`),
/// parsed once: where along a river something is ("a bridge over the Yalu")
/// needs the line, not the river's reference point.
pub fn river_lines() -> &'static HashMap<String, Vec<geo::LineString<f64>>> {
    static LINES: std::sync::OnceLock<HashMap<String, Vec<geo::LineString<f64>>>> =
        std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        let mut lines: HashMap<String, Vec<geo::LineString<f64>>> = HashMap::new();
        for feature in features(NE_RIVERS).unwrap_or_default() {
            let Some(number) = feature
                .properties
                .as_ref()
                .and_then(|p| p.get("rivernum"))
                .and_then(Value::as_i64)
            else {
                continue;
            };
            let entry = lines.entry(format!("ne-river:{number}")).or_default();
            match feature
                .geometry
                .and_then(|g| Geometry::<f64>::try_from(g).ok())
            {
                Some(Geometry::LineString(l)) => entry.push(l),
                Some(Geometry::MultiLineString(m)) => entry.extend(m.0),
                _ => {}
            }
        }
        lines
    })
}

/// Distance in km (great circle) from `point` to the nearest of `lines`.
pub fn distance_to_lines_km(point: Point<f64>, lines: &[geo::LineString<f64>]) -> Option<f64> {
    use geo::{Closest, HaversineClosestPoint};
    lines
        .iter()
        .filter_map(|line| match line.haversine_closest_point(&point) {
            Closest::Intersection(p) | Closest::SinglePoint(p) => {
                Some(Haversine.distance(point, p) / 1000.0)
            }
            Closest::Indeterminate => None,
        })
        .min_by(f64::total_cmp)
}
