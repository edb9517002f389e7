//! The on-disk tables of a gazetteer directory (`places.tsv`, `names.tsv`):
//! parsing, the formatting of their fields, and atomic writes.

use std::path::Path;

use super::*;

/// Header of `places.tsv`.
pub const PLACES_HEADER: &str = "id\tname\tascii_name\tfeature_class\tfeature_code\tcountry\tadmin1\tadmin2\tpopulation\tlat\tlon\tsource\tconfidence";
/// Header of `names.tsv`.
pub const NAMES_HEADER: &str = "id\tname\tlang\tkind";

pub(super) fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Formats a coordinate with at most 6 decimals (about 0.1 m), trimming
/// trailing zeros, so tables and layers are stable.
pub fn format_coordinate(value: f64) -> String {
    let mut s = format!("{:.6}", value);
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_string() } else { s }
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// synced and renamed into place, so `path` is never half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Parses the two tables of a gazetteer directory.
pub(super) fn parse_tables(
    places_text: &str,
    names_text: &str,
    places_path: &Path,
    names_path: &Path,
) -> Result<Vec<Place>> {
    let mut places = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut header_seen = false;
    for (n, line) in places_text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parse_error = |message: String| Error::Parse {
            path: places_path.to_path_buf(),
            line: line_no,
            message,
        };
        if !header_seen {
            if line != PLACES_HEADER {
                return Err(parse_error(format!(
                    "expected the header {PLACES_HEADER:?}"
                )));
            }
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 13 {
            return Err(parse_error(format!(
                "expected 13 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let number = |i: usize, what: &str, limit: f64| -> Result<f64> {
            cols[i]
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= limit)
                .ok_or_else(|| {
                    parse_error(format!(
                        "{what} {:?} is not a number in -{limit}..{limit}",
                        cols[i]
                    ))
                })
        };
        let lat = number(9, "lat", 90.0)?;
        let lon = number(10, "lon", 180.0)?;
        let confidence = number(12, "confidence", 1.0)?;
        let population = cols[8]
            .parse::<u64>()
            .map_err(|_| parse_error(format!("population {:?} is not an integer", cols[8])))?;
        if cols[0].is_empty() || !cols[0].contains(':') {
            return Err(parse_error(format!(
                "id {:?} is not of the form source:key",
                cols[0]
            )));
        }
        if index.insert(cols[0], places.len()).is_some() {
            return Err(parse_error(format!("duplicate id {}", cols[0])));
        }
        places.push(Place {
            id: cols[0].to_string(),
            name: cols[1].to_string(),
            ascii_name: cols[2].to_string(),
            feature_class: cols[3].to_string(),
            feature_code: cols[4].to_string(),
            country: cols[5].to_string(),
            admin1: cols[6].to_string(),
            admin2: cols[7].to_string(),
            population,
            point: Point::new(lon, lat),
            source: cols[11].to_string(),
            confidence,
            names: Vec::new(),
        });
    }
    if !header_seen {
        return Err(Error::Gazetteer {
            path: places_path.to_path_buf(),
            message: "no header line: not a gazetteer table".to_string(),
        });
    }
    let mut header_seen = false;
    for (n, line) in names_text.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parse_error = |message: String| Error::Parse {
            path: names_path.to_path_buf(),
            line: line_no,
            message,
        };
        if !header_seen {
            if line != NAMES_HEADER {
                return Err(parse_error(format!("expected the header {NAMES_HEADER:?}")));
            }
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(parse_error(format!(
                "expected 4 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let &place = index
            .get(cols[0])
            .ok_or_else(|| parse_error(format!("id {} is not in places.tsv", cols[0])))?;
        let kind = NameKind::parse(cols[3])
            .ok_or_else(|| parse_error(format!("unknown name kind {:?}", cols[3])))?;
        places[place].names.push(Name {
            text: cols[1].to_string(),
            lang: cols[2].to_string(),
            kind,
        });
    }
    if !header_seen {
        return Err(Error::Gazetteer {
            path: names_path.to_path_buf(),
            message: "no header line: not a gazetteer table".to_string(),
        });
    }
    Ok(places)
}
