//! Reading the tables of a gazetteer directory (`places.tsv`,
//! `names.tsv`) into places: line by line, without a copy of the whole
//! file, and the names table (the larger by far) in two halves at once.

use std::io::{BufRead, Read, Seek};
use std::path::Path;

use super::tables::{NAMES_HEADER, PLACES_HEADER};
use super::*;

/// The smallest names table read in two halves at once: below this, a
/// second thread costs more than it saves.
const PARALLEL_MIN_BYTES: u64 = 4 << 20;

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

/// What is called with the number (from 1) and text of each line.
type LineFn<'f> = dyn FnMut(usize, &str) -> Result<()> + 'f;

/// True for the lines that hold no row: comments and blank lines.
fn skip(line: &str) -> bool {
    line.starts_with('#') || line.trim().is_empty()
}

impl Table<'_> {
    /// Calls `f` with the number (from 1) and text of every line that is
    /// neither a comment nor blank, without its line ending; returns how
    /// many lines it read.
    fn for_each_line(&self, f: &mut LineFn) -> Result<usize> {
        match self.text {
            Some(text) => {
                let mut count = 0;
                for (n, line) in text.lines().enumerate() {
                    count = n + 1;
                    if !skip(line) {
                        f(count, line)?;
                    }
                }
                Ok(count)
            }
            None => read_lines(self.path, 0, u64::MAX, f),
        }
    }
}

/// How much of a table is read, checked as UTF-8 and split into lines at
/// a time: one check and no copy per chunk rather than per line.
const CHUNK_BYTES: usize = 1 << 20;

/// Calls `f` with every row line of the `len` bytes of the file `path`
/// from byte `start` (which begins a line), numbered from 1 there; returns
/// how many lines (rows or not) it read.
fn read_lines(path: &Path, start: u64, len: u64, f: &mut LineFn) -> Result<usize> {
    read_lines_by(path, start, len, CHUNK_BYTES, f)
}

/// [`read_lines`], reading `chunk` bytes at a time (more for a longer line).
fn read_lines_by(path: &Path, start: u64, len: u64, chunk: usize, f: &mut LineFn) -> Result<usize> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    if start > 0 {
        file.seek(std::io::SeekFrom::Start(start))
            .map_err(|e| Error::io(path, e))?;
    }
    let mut reader = file.take(len);
    let mut buf = vec![0u8; chunk];
    // Bytes of `buf` read and not yet split into lines.
    let mut filled = 0;
    let mut line_no = 0;
    loop {
        if filled == buf.len() {
            // A line longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        }
        let read = match reader.read(&mut buf[filled..]) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        filled += read;
        // Whole lines only, but for the last line of the file.
        let end = if read == 0 {
            filled
        } else {
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(at) => at + 1,
                None => continue,
            }
        };
        let text = std::str::from_utf8(&buf[..end]).map_err(|e| {
            let bad = e.valid_up_to();
            let line_start = memchr::memrchr(b'\n', &buf[..bad]).map_or(0, |at| at + 1);
            Error::Parse {
                path: path.to_path_buf(),
                line: line_no + 1 + memchr::memchr_iter(b'\n', &buf[..bad]).count(),
                message: format!("invalid UTF-8 at byte {}", bad - line_start),
            }
        })?;
        let mut pos = 0;
        while pos < end {
            // The line endings `str::lines` strips, as for the embedded text.
            let (line_end, next) = match memchr::memchr(b'\n', &text.as_bytes()[pos..]) {
                Some(at) if at > 0 && text.as_bytes()[pos + at - 1] == b'\r' => {
                    (pos + at - 1, pos + at + 1)
                }
                Some(at) => (pos + at, pos + at + 1),
                None => (end, end),
            };
            line_no += 1;
            let line = &text[pos..line_end];
            if !skip(line) {
                f(line_no, line)?;
            }
            pos = next;
        }
        if read == 0 {
            return Ok(line_no);
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
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
pub(super) type Parsed = (Vec<Place>, HashMap<CompactString, PlaceId>);

/// Parses the two tables of a gazetteer.
pub(super) fn parse_tables(places_table: Table, names_table: Table) -> Result<Parsed> {
    parse_tables_split(places_table, names_table, PARALLEL_MIN_BYTES)
}

/// [`parse_tables`], reading a names file of `parallel_min` bytes or more
/// in two halves at once.
fn parse_tables_split(
    places_table: Table,
    names_table: Table,
    parallel_min: u64,
) -> Result<Parsed> {
    let parsed = parse_places(&places_table)?;
    let groups = parse_names(&names_table, &parsed, parallel_min)?;
    let (mut places, by_id) = parsed;
    for (place, names) in groups {
        let list = &mut places[place.0 as usize].names;
        if list.is_empty() {
            *list = names;
        } else {
            // The place's names were not all consecutive.
            list.reserve_exact(names.len());
            list.extend(names);
        }
    }
    Ok((places, by_id))
}

/// Parses `places.tsv`.
fn parse_places(places_table: &Table) -> Result<Parsed> {
    let mut places = Vec::new();
    let mut by_id: HashMap<CompactString, PlaceId> = HashMap::default();
    // Every place shares one copy of each code.
    let mut codes = Interner::default();
    let mut header_seen = false;
    places_table.for_each_line(&mut |line_no, line| {
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
        match by_id.entry(cols[0].into()) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(parse_error(format!("duplicate id {}", cols[0])));
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(PlaceId(places.len() as u32));
            }
        }
        places.push(Place {
            id: cols[0].into(),
            name: cols[1].into(),
            ascii_name: cols[2].into(),
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
    Ok((places, by_id))
}

/// A place's names: a run of consecutive lines of `names.tsv` (the writer
/// groups a place's names), moved into the place in one exact allocation,
/// where pushing one by one would leave up to half of each list unused.
type Group = (PlaceId, Vec<Name>);

/// Parses `names.tsv` into groups, in table order. A large file is read
/// in two halves at once, each on its own thread.
fn parse_names(table: &Table, known: &Parsed, parallel_min: u64) -> Result<Vec<Group>> {
    let path = table.path;
    let size = match table.text {
        Some(_) => 0,
        None => std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len(),
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if size < parallel_min || threads < 2 {
        let part = parse_names_part(path, true, known, |f| table.for_each_line(f))?;
        return finish_names(path, part);
    }
    let cut = line_start_after(path, size / 2)?;
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            parse_names_part(path, false, known, |f| read_lines(path, cut, size - cut, f))
        });
        let first = parse_names_part(path, true, known, |f| read_lines(path, 0, cut, f));
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    });
    let mut first = first?;
    if !first.header_seen {
        // No row in the first half (a file of comments?): read it whole,
        // so that the header is looked for where it is.
        let part = parse_names_part(path, true, known, |f| table.for_each_line(f))?;
        return finish_names(path, part);
    }
    // The second half numbers its lines from 1: errors name the line in
    // the file.
    let second = second.map_err(|e| match e {
        Error::Parse {
            path,
            line,
            message,
        } => Error::Parse {
            path,
            line: line + first.lines,
            message,
        },
        e => e,
    })?;
    first.groups.extend(second.groups);
    finish_names(path, first)
}

/// The groups of a names table read whole or in parts, or the error of a
/// table without a header.
fn finish_names(path: &Path, part: NamesPart) -> Result<Vec<Group>> {
    if !part.header_seen {
        return Err(Error::Gazetteer {
            path: path.to_path_buf(),
            message: "no header line: not a gazetteer table".to_string(),
        });
    }
    Ok(part.groups)
}

/// The start of the first line of `path` after byte `at` (the file's
/// length when none starts after it).
fn line_start_after(path: &Path, at: u64) -> Result<u64> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    file.seek(std::io::SeekFrom::Start(at))
        .map_err(|e| Error::io(path, e))?;
    let mut rest = Vec::new();
    let read = std::io::BufReader::new(file)
        .read_until(b'\n', &mut rest)
        .map_err(|e| Error::io(path, e))?;
    Ok(at + read as u64)
}

/// The names of one part of `names.tsv`.
struct NamesPart {
    /// The part's groups, in table order.
    groups: Vec<Group>,
    /// Whether the header line was seen (or, for a part after the first,
    /// not expected).
    header_seen: bool,
    /// How many lines the part has: the line number its successor's lines
    /// start after.
    lines: usize,
}

/// Parses the lines that `lines` feeds (with their numbers within the part;
/// it returns how many lines it read). The first part starts with the
/// header (`expect_header`).
fn parse_names_part(
    path: &Path,
    expect_header: bool,
    (places, by_id): &Parsed,
    lines: impl FnOnce(&mut LineFn) -> Result<usize>,
) -> Result<NamesPart> {
    let mut groups: Vec<Group> = Vec::new();
    let mut pending: Vec<Name> = Vec::new();
    let mut pending_id = String::new();
    let mut pending_place = PlaceId(0);
    let flush = |groups: &mut Vec<Group>, place: PlaceId, pending: &mut Vec<Name>| {
        if !pending.is_empty() {
            let mut names = Vec::with_capacity(pending.len());
            names.append(pending);
            groups.push((place, names));
        }
    };
    // Every name shares one copy of each language code.
    let mut langs = Interner::default();
    let mut header_seen = !expect_header;
    let count = lines(&mut |line_no, line| {
        let parse_error = |message: String| Error::Parse {
            path: path.to_path_buf(),
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
            // The writer lists names in the order of the places: the next
            // place is the one to try before the id index (a cache miss or
            // two per place on a large gazetteer).
            let next = PlaceId(if pending.is_empty() {
                0
            } else {
                pending_place.0 + 1
            });
            let place = match places.get(next.0 as usize) {
                Some(p) if p.id == cols[0] => next,
                _ => *by_id
                    .get(cols[0])
                    .ok_or_else(|| parse_error(format!("id {} is not in places.tsv", cols[0])))?,
            };
            flush(&mut groups, pending_place, &mut pending);
            pending_place = place;
            pending_id.clear();
            pending_id.push_str(cols[0]);
        }
        let kind = NameKind::parse(cols[3])
            .ok_or_else(|| parse_error(format!("unknown name kind {:?}", cols[3])))?;
        pending.push(Name {
            text: cols[1].into(),
            lang: langs.get(cols[2]),
            kind,
        });
        Ok(())
    })?;
    flush(&mut groups, pending_place, &mut pending);
    Ok(NamesPart {
        groups,
        header_seen,
        lines: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded tables, written to a directory.
    fn embedded_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("places.tsv"), EMBEDDED_PLACES).unwrap();
        std::fs::write(dir.path().join("names.tsv"), EMBEDDED_NAMES).unwrap();
        dir
    }

    fn parse_dir(dir: &Path, parallel_min: u64) -> Result<Parsed> {
        parse_tables_split(
            Table {
                path: &dir.join("places.tsv"),
                text: None,
            },
            Table {
                path: &dir.join("names.tsv"),
                text: None,
            },
            parallel_min,
        )
    }

    #[test]
    fn a_file_read_in_halves_gives_the_places_of_its_text() {
        let dir = embedded_dir();
        let (from_text, ids) = parse_tables(
            Table {
                path: Path::new("places.tsv"),
                text: Some(EMBEDDED_PLACES),
            },
            Table {
                path: Path::new("names.tsv"),
                text: Some(EMBEDDED_NAMES),
            },
        )
        .unwrap();
        for parallel_min in [0, u64::MAX] {
            let (from_file, file_ids) = parse_dir(dir.path(), parallel_min).unwrap();
            assert!(from_file == from_text, "parallel_min {parallel_min}");
            assert_eq!(file_ids, ids);
            // Each list of names was allocated once, at its size.
            assert!(
                from_file
                    .iter()
                    .all(|p| p.names.capacity() == p.names.len())
            );
        }
    }

    #[test]
    fn lines_read_in_small_chunks_are_the_lines_of_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.tsv");
        let long = "x".repeat(40);
        let text = format!("a\tb\r\n\n# note\n{long}\r\nc\u{d55c}d\n\r\nlast\r");
        std::fs::write(&path, &text).unwrap();
        let want: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !skip(l))
            .map(|(n, l)| (n + 1, l.to_string()))
            .collect();
        for chunk in [1, 3, 7, 64, CHUNK_BYTES] {
            let mut got = Vec::new();
            let count = read_lines_by(&path, 0, u64::MAX, chunk, &mut |n, l| {
                got.push((n, l.to_string()));
                Ok(())
            })
            .unwrap();
            assert_eq!(
                (count, &got),
                (text.lines().count(), &want),
                "chunk {chunk}"
            );
        }
        std::fs::write(&path, b"ok\nfine\nbad \xff here\n").unwrap();
        for chunk in [2, CHUNK_BYTES] {
            match read_lines_by(&path, 0, u64::MAX, chunk, &mut |_, _| Ok(())) {
                Err(Error::Parse { line, message, .. }) => {
                    assert_eq!((line, message.as_str()), (3, "invalid UTF-8 at byte 4"));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn an_error_in_the_second_half_names_its_line_in_the_file() {
        let dir = embedded_dir();
        let names = dir.path().join("names.tsv");
        let mut lines: Vec<&str> = EMBEDDED_NAMES.lines().collect();
        let bad = lines.len() - 3;
        lines[bad] = "geonames:1\tNowhere\t\tprimary";
        std::fs::write(&names, lines.join("\n")).unwrap();
        for parallel_min in [0, u64::MAX] {
            match parse_dir(dir.path(), parallel_min) {
                Err(Error::Parse { line, message, .. }) => {
                    assert_eq!(
                        (line, message.as_str()),
                        (bad + 1, "id geonames:1 is not in places.tsv")
                    );
                }
                other => panic!("{:?}", other.map(|(p, _)| p.len())),
            }
        }
    }
}
