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

/// One table of a gazetteer: its path (named in errors) and, for the
/// embedded tables, its text. A table on disk is read line by line: the
/// names table of a worldwide gazetteer is over 100 MB, which need not be
/// in memory at once next to the places parsed from it.
pub(super) struct Table<'a> {
    /// The file (`places.tsv`, `names.tsv`).
    pub path: &'a Path,
    /// The table's text, or `None` to read `path`.
    pub text: Option<&'a str>,
}

impl Table<'_> {
    /// Calls `f` with the number (from 1) and text of every line that is
    /// neither a comment nor blank, without its line ending.
    fn for_each_line(&self, mut f: impl FnMut(usize, &str) -> Result<()>) -> Result<()> {
        let skip = |line: &str| line.starts_with('#') || line.trim().is_empty();
        if let Some(text) = self.text {
            for (n, line) in text.lines().enumerate() {
                if !skip(line) {
                    f(n + 1, line)?;
                }
            }
            return Ok(());
        }
        use std::io::BufRead;
        let file = std::fs::File::open(self.path).map_err(|e| Error::io(self.path, e))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
        let mut buf = Vec::new();
        let mut line_no = 0;
        loop {
            buf.clear();
            let read = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(self.path, e))?;
            if read == 0 {
                return Ok(());
            }
            line_no += 1;
            // The line endings `str::lines` strips, as for the embedded text.
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            let line = std::str::from_utf8(&buf).map_err(|e| Error::Parse {
                path: self.path.to_path_buf(),
                line: line_no,
                message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            })?;
            if !skip(line) {
                f(line_no, line)?;
            }
        }
    }
}

/// The `N` tab-separated fields of `line`, or how many it has when that is
/// not `N` (without collecting them: the tables have millions of lines).
fn fields<const N: usize>(line: &str) -> std::result::Result<[&str; N], usize> {
    let mut out = [""; N];
    let mut count = 0;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\t', line.as_bytes()).chain(std::iter::once(line.len()));
    for end in ends {
        if count < N {
            out[count] = &line[start..end];
        }
        count += 1;
        start = end + 1;
    }
    if count == N { Ok(out) } else { Err(count) }
}

/// The places of a gazetteer's two tables, with its index by id.
pub(super) type Parsed = (Vec<Place>, HashMap<String, PlaceId>);

/// Parses the two tables of a gazetteer.
pub(super) fn parse_tables(places_table: Table, names_table: Table) -> Result<Parsed> {
    let mut places = Vec::new();
    let mut by_id: HashMap<String, PlaceId> = HashMap::default();
    // Every place and name shares one copy of each code and language.
    let mut codes = Interner::default();
    let mut header_seen = false;
    places_table.for_each_line(|line_no, line| {
        let parse_error = |message: String| Error::Parse {
            path: places_table.path.to_path_buf(),
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
            return Ok(());
        }
        let cols = fields::<13>(line).map_err(|found| {
            parse_error(format!("expected 13 tab-separated columns, found {found}"))
        })?;
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
        match by_id.entry(cols[0].to_string()) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(parse_error(format!("duplicate id {}", cols[0])));
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(PlaceId(places.len() as u32));
            }
        }
        places.push(Place {
            id: cols[0].to_string(),
            name: cols[1].to_string(),
            ascii_name: cols[2].to_string(),
            feature_class: codes.get(cols[3]),
            feature_code: codes.get(cols[4]),
            country: codes.get(cols[5]),
            admin1: codes.get(cols[6]),
            admin2: codes.get(cols[7]),
            population,
            point: Point::new(lon, lat),
            source: codes.get(cols[11]),
            confidence,
            names: Vec::new(),
        });
        Ok(())
    })?;
    if !header_seen {
        return Err(Error::Gazetteer {
            path: places_table.path.to_path_buf(),
            message: "no header line: not a gazetteer table".to_string(),
        });
    }
    places.shrink_to_fit();
    // A place's names are consecutive lines (the writer groups them): they
    // are collected here and moved into the place in one exact allocation,
    // where pushing one by one would leave up to half of each list unused.
    let mut pending: Vec<Name> = Vec::new();
    let mut pending_id = String::new();
    let mut pending_place = 0;
    let flush = |places: &mut [Place], place: usize, pending: &mut Vec<Name>| {
        if !pending.is_empty() {
            let names = &mut places[place].names;
            names.reserve_exact(pending.len());
            names.append(pending);
        }
    };
    let mut header_seen = false;
    names_table.for_each_line(|line_no, line| {
        let parse_error = |message: String| Error::Parse {
            path: names_table.path.to_path_buf(),
            line: line_no,
            message,
        };
        if !header_seen {
            if line != NAMES_HEADER {
                return Err(parse_error(format!("expected the header {NAMES_HEADER:?}")));
            }
            header_seen = true;
            return Ok(());
        }
        let cols = fields::<4>(line).map_err(|found| {
            parse_error(format!("expected 4 tab-separated columns, found {found}"))
        })?;
        if cols[0] != pending_id || pending.is_empty() {
            let &place = by_id
                .get(cols[0])
                .ok_or_else(|| parse_error(format!("id {} is not in places.tsv", cols[0])))?;
            flush(&mut places, pending_place, &mut pending);
            pending_place = place.0 as usize;
            pending_id.clear();
            pending_id.push_str(cols[0]);
        }
        let kind = NameKind::parse(cols[3])
            .ok_or_else(|| parse_error(format!("unknown name kind {:?}", cols[3])))?;
        pending.push(Name {
            text: cols[1].to_string(),
            lang: codes.get(cols[2]),
            kind,
        });
        Ok(())
    })?;
    flush(&mut places, pending_place, &mut pending);
    if !header_seen {
        return Err(Error::Gazetteer {
            path: names_table.path.to_path_buf(),
            message: "no header line: not a gazetteer table".to_string(),
        });
    }
    Ok((places, by_id))
}
