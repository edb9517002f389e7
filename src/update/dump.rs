//! Reading and verifying GeoNames dump files: a country zip (`KP.zip`
//! holding `KP.txt`, the 19-column `geoname` table), `admin1CodesASCII.txt`
//! and `admin2Codes.txt`.
//!
//! Every row is checked before any is used: the column count, the id, the
//! coordinate ranges and the feature class. One bad row rejects the whole
//! file, since a dump that is wrong in one place cannot be trusted in others.

use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::PathBuf;

use super::gazetteer_api::{AdminCode, GeonamesRow};
use crate::error::escape_for_message;
use crate::{Error, Result};

/// A rectangle in degrees, `min_lon,min_lat,max_lon,max_lat` (the GeoJSON
/// `bbox` order), edges included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Western edge, degrees east.
    pub min_lon: f64,
    /// Southern edge, degrees north.
    pub min_lat: f64,
    /// Eastern edge, degrees east.
    pub max_lon: f64,
    /// Northern edge, degrees north.
    pub max_lat: f64,
}

impl BBox {
    /// The default clip for China: the provinces along the Korean border
    /// (Jilin, Liaoning) and the Yalu/Tumen river corridor.
    pub const CN_BORDER: BBox = BBox {
        min_lon: 121.0,
        min_lat: 39.0,
        max_lon: 131.5,
        max_lat: 44.0,
    };

    /// Whether the point lies inside or on the edge.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }

    /// As `[min_lon, min_lat, max_lon, max_lat]`.
    pub fn to_array(self) -> [f64; 4] {
        [self.min_lon, self.min_lat, self.max_lon, self.max_lat]
    }
}

impl std::str::FromStr for BBox {
    type Err = Error;

    /// Parses `min_lon,min_lat,max_lon,max_lat`.
    fn from_str(text: &str) -> Result<BBox> {
        let bad = |why: &str| {
            Error::Usage(format!(
                "invalid bbox {:?}: {why} (expected min_lon,min_lat,max_lon,max_lat)",
                escape_for_message(text, 80)
            ))
        };
        let values = text
            .split(',')
            .map(|v| v.trim().parse::<f64>())
            .collect::<std::result::Result<Vec<f64>, _>>()
            .map_err(|_| bad("not four numbers"))?;
        let [min_lon, min_lat, max_lon, max_lat] = values[..] else {
            return Err(bad("not four numbers"));
        };
        let bbox = BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        };
        let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
        let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
        if !(lon_ok(min_lon) && lon_ok(max_lon) && lat_ok(min_lat) && lat_ok(max_lat)) {
            return Err(bad("out of range"));
        }
        if min_lon > max_lon || min_lat > max_lat {
            return Err(bad("minimum above maximum"));
        }
        Ok(bbox)
    }
}

/// Caps on what one dump file may hold once uncompressed, so that a zip
/// bomb or a file without line breaks is refused early with bounded memory.
///
/// GeoNames' largest file used here, `CN.txt`, is roughly 100 MB
/// uncompressed (the 2020s dumps; `KP.txt` and `KR.txt` are a few MB each,
/// `admin2Codes.txt` about 2.5 MB) and its longest rows carry a few KB of
/// alternate names (the column holds at most 10,000 characters).
/// [`Default`] leaves a margin of five times or more over both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest uncompressed size of one file or zip entry, in bytes.
    /// Default 512 MiB.
    pub entry_bytes: u64,
    /// Longest line, in bytes. Default 64 KiB.
    pub line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entry_bytes: 512 << 20,
            line_bytes: 64 << 10,
        }
    }
}

/// The rows of one country dump.
#[derive(Debug)]
pub struct CountryRows {
    /// Rows that passed the `keep` filter.
    pub rows: Vec<GeonamesRow>,
    /// All data rows read and verified.
    pub rows_read: usize,
}

/// Parses and verifies one line of the `geoname` table: 19 columns, a
/// positive id, latitude and longitude in range, a known feature class
/// (the checks of [`GeonamesRow::parse_line`]).
pub fn parse_geoname(line: &str) -> std::result::Result<GeonamesRow, String> {
    GeonamesRow::parse_line(line)
}

/// Reads the `{country}.txt` entry of a country zip, verifying the archive
/// (structure and CRC-32) and every row; keeps the rows `keep` accepts.
/// `source_name` (URL or path) names the zip in errors.
pub fn read_country_zip(
    bytes: &[u8],
    country: &str,
    source_name: &str,
    limits: Limits,
    keep: &dyn Fn(&GeonamesRow) -> bool,
) -> Result<CountryRows> {
    let verify = |message: String| Error::Verify {
        source_name: source_name.to_string(),
        message,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| verify(format!("not a valid zip archive: {e}")))?;
    let entry_name = format!("{country}.txt");
    let entry = archive
        .by_name(&entry_name)
        .map_err(|e| verify(format!("cannot open {entry_name} in the archive: {e}")))?;
    // The declared size may lie; the reader below counts the real one.
    if entry.size() > limits.entry_bytes {
        return Err(verify(format!(
            "{entry_name} would inflate to {} bytes, over the limit of {} bytes",
            entry.size(),
            limits.entry_bytes
        )));
    }
    let label = format!("{source_name}!{entry_name}");
    read_country_text(entry, &label, limits, keep).map_err(|e| match e {
        // A read error inside the archive is a damaged zip (bad deflate
        // stream, CRC mismatch), not an I/O problem of a local file.
        Error::Io { cause, .. } => verify(format!("corrupt archive entry {entry_name}: {cause}")),
        other => other,
    })
}

/// Reads an uncompressed `geoname` table (`KP.txt`) from `reader`.
/// `label` names it in errors.
pub fn read_country_text(
    reader: impl Read,
    label: &str,
    limits: Limits,
    keep: &dyn Fn(&GeonamesRow) -> bool,
) -> Result<CountryRows> {
    let mut rows = Vec::new();
    let mut rows_read = 0;
    for_each_line(reader, label, limits, |line_no, line| {
        let row = parse_geoname(line).map_err(|message| Error::Parse {
            path: PathBuf::from(label),
            line: line_no,
            message,
        })?;
        rows_read += 1;
        if keep(&row) {
            rows.push(row);
        }
        Ok(())
    })?;
    if rows_read == 0 {
        return Err(Error::Verify {
            source_name: label.into(),
            message: "no rows".into(),
        });
    }
    Ok(CountryRows { rows, rows_read })
}

/// Reads an admin code table (`admin1CodesASCII.txt`, `admin2Codes.txt`):
/// all rows are verified; those `keep` accepts are returned with the count
/// of rows read.
pub fn read_admin_codes(
    bytes: &[u8],
    label: &str,
    levels: usize,
    limits: Limits,
    keep: &dyn Fn(&AdminCode) -> bool,
) -> Result<(Vec<AdminCode>, usize)> {
    let mut codes = Vec::new();
    let mut rows_read = 0;
    for_each_line(bytes, label, limits, |line_no, line| {
        let parse_error = |message: String| Error::Parse {
            path: PathBuf::from(label),
            line: line_no,
            message,
        };
        let code = AdminCode::parse_line(line).map_err(parse_error)?;
        // "KP.13" has one level below the country, "KP.13.2043834" two.
        let parts: Vec<&str> = code.code.split('.').collect();
        if parts.len() != levels + 1 || parts.iter().any(|p| p.is_empty()) {
            return Err(parse_error(format!(
                "code {:?} is not COUNTRY{}",
                escape_for_message(&code.code, 40),
                ".CODE".repeat(levels)
            )));
        }
        rows_read += 1;
        if keep(&code) {
            codes.push(code);
        }
        Ok(())
    })?;
    if rows_read == 0 {
        return Err(Error::Verify {
            source_name: label.into(),
            message: "no rows".into(),
        });
    }
    Ok((codes, rows_read))
}

/// Calls `f` with the 1-based number and text of each non-empty line, as
/// the reader delivers them (one line in memory at a time), rejecting
/// invalid UTF-8 and anything over `limits`.
fn for_each_line(
    reader: impl Read,
    label: &str,
    limits: Limits,
    mut f: impl FnMut(usize, &str) -> Result<()>,
) -> Result<()> {
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut total: u64 = 0;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(limits.line_bytes as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(label, e))?;
        if n == 0 {
            return Ok(());
        }
        total += n as u64;
        if total > limits.entry_bytes {
            return Err(Error::Verify {
                source_name: label.into(),
                message: format!(
                    "uncompressed size over the limit of {} bytes",
                    limits.entry_bytes
                ),
            });
        }
        line_no += 1;
        let content = buf.strip_suffix(b"\n").unwrap_or(&buf).len();
        if content > limits.line_bytes {
            return Err(Error::Parse {
                path: PathBuf::from(label),
                line: line_no,
                message: format!("line longer than {} bytes", limits.line_bytes),
            });
        }
        let text = std::str::from_utf8(&buf).map_err(|e| Error::Parse {
            path: PathBuf::from(label),
            line: line_no,
            message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        })?;
        let text = text.trim_end_matches(['\n', '\r']);
        if text.is_empty() {
            continue;
        }
        f(line_no, text)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const ROW: &str = "1866453\tYŏngbyŏn\tYongbyon\tNeihen,Yongbyon\t39.81333\t125.80417\tP\tPPL\tKP\t\t11\t\t\t\t9584\t\t140\tAsia/Pyongyang\t2020-06-11";

    fn with_column(index: usize, value: &str) -> String {
        let mut cols: Vec<&str> = ROW.split('\t').collect();
        cols[index] = value;
        cols.join("\t")
    }

    #[test]
    fn verifies_geoname_rows() {
        let cases: Vec<(&str, String, Option<&str>)> = vec![
            ("valid row", ROW.into(), None),
            (
                "18 columns",
                ROW.rsplit_once('\t').unwrap().0.into(),
                Some("found 18"),
            ),
            ("20 columns", format!("{ROW}\textra"), Some("found 20")),
            (
                "latitude 123",
                with_column(4, "123"),
                Some("latitude 123 is out of range"),
            ),
            (
                "longitude -181",
                with_column(5, "-181"),
                Some("longitude -181 is out of range"),
            ),
            (
                "feature class X",
                with_column(6, "X"),
                Some("unknown feature class \"X\""),
            ),
            (
                "empty feature class",
                with_column(6, ""),
                Some("unknown feature class \"\""),
            ),
            ("id 0", with_column(0, "0"), Some("geonameid \"0\"")),
            ("id not a number", with_column(0, "12a"), Some("geonameid")),
            (
                "latitude not a number",
                with_column(4, "north"),
                Some("latitude"),
            ),
        ];
        for (name, line, want_error) in cases {
            match (parse_geoname(&line), want_error) {
                (Ok(row), None) => assert_eq!(row.geonameid, 1866453, "{name}"),
                (Err(e), Some(want)) => assert!(e.contains(want), "{name}: {e}"),
                (got, want) => panic!("{name}: got {got:?}, want error {want:?}"),
            }
        }
    }

    #[test]
    fn parses_bboxes() {
        let cases = [
            ("121,39,131.5,44", Some(BBox::CN_BORDER)),
            (" 121 , 39 , 131.5 , 44 ", Some(BBox::CN_BORDER)),
            ("121,39,131.5", None),
            ("121,39,131.5,44,1", None),
            ("a,39,131.5,44", None),
            ("131.5,39,121,44", None),
            ("121,-91,131.5,44", None),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<BBox>().ok(), want, "{text}");
        }
        assert!(BBox::CN_BORDER.contains(129.5, 42.9));
        assert!(BBox::CN_BORDER.contains(121.0, 44.0));
        assert!(!BBox::CN_BORDER.contains(116.4, 39.9));
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn zip_of_stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn find(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    }

    #[test]
    fn reads_country_zips() {
        let text = format!("{ROW}\n{}\n", with_column(0, "2"));
        let good = zip_of(&[("KP.txt", text.as_bytes()), ("readme.txt", b"readme")]);
        let all = read_country_zip(&good, "KP", "KP.zip", Limits::default(), &|_| true).unwrap();
        assert_eq!((all.rows.len(), all.rows_read), (2, 2));
        let some = read_country_zip(&good, "KP", "KP.zip", Limits::default(), &|r| {
            r.geonameid == 2
        })
        .unwrap();
        assert_eq!((some.rows.len(), some.rows_read), (1, 2));

        // Flip a byte in the middle of the compressed data: the deflate
        // stream or the CRC-32 check must catch it.
        let mut corrupt = good.clone();
        let mid = 30 + "KP.txt".len() + 10;
        corrupt[mid] ^= 0xFF;
        // A stored (uncompressed) entry with one digit changed still parses:
        // only the CRC-32 check can notice.
        let mut crc_mismatch = zip_of_stored(&[("KP.txt", text.as_bytes())]);
        let at = find(&crc_mismatch, b"39.81333");
        crc_mismatch[at] ^= 0x01;
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            (
                "not a zip",
                b"<html>".to_vec(),
                "KP",
                "not a valid zip archive",
            ),
            (
                "truncated zip",
                good[..good.len() / 2].to_vec(),
                "KP",
                "not a valid zip",
            ),
            ("wrong country", good.clone(), "KR", "cannot open KR.txt"),
            (
                "corrupt deflate data",
                corrupt,
                "KP",
                "KP.zip: corrupt archive entry KP.txt",
            ),
            (
                "CRC mismatch",
                crc_mismatch,
                "KP",
                "KP.zip: corrupt archive entry KP.txt",
            ),
            (
                "bad row",
                zip_of(&[("KP.txt", with_column(4, "123").as_bytes())]),
                "KP",
                "KP.zip!KP.txt:1: latitude 123 is out of range",
            ),
            ("empty", zip_of(&[("KP.txt", b"")]), "KP", "no rows"),
        ];
        for (name, bytes, country, want) in cases {
            let err = read_country_zip(&bytes, country, "KP.zip", Limits::default(), &|_| true)
                .err()
                .unwrap_or_else(|| panic!("{name}: accepted"));
            let text = err.to_string();
            assert!(text.contains(want), "{name}: {text}");
            assert!(!text.contains('\n'), "{name}: {text}");
        }
    }

    #[test]
    fn refuses_what_inflates_past_the_limits() {
        let limits = Limits {
            entry_bytes: 100_000,
            line_bytes: 1_000,
        };
        // An endless line: refused after the line cap, not after memory.
        let err = read_country_text(std::io::repeat(b'x'), "KP.txt", limits, &|_| true)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("KP.txt:1: line longer than 1000 bytes"),
            "{err}"
        );
        // Valid rows without end: refused at the size cap.
        let rows = format!("{ROW}\n").repeat(5_000);
        let err = read_country_text(rows.as_bytes(), "KP.txt", limits, &|_| true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("over the limit of 100000 bytes"), "{err}");
        // The same rows in a zip: the declared size is checked first.
        let bomb = zip_of(&[("KP.txt", rows.as_bytes())]);
        let err = read_country_zip(&bomb, "KP", "KP.zip", limits, &|_| true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("KP.txt would inflate to"), "{err}");
        // Within the limits it reads.
        let small = format!("{ROW}\n").repeat(10);
        let rows = read_country_text(small.as_bytes(), "KP.txt", limits, &|_| true).unwrap();
        assert_eq!(rows.rows_read, 10);
    }

    #[test]
    fn reads_admin_codes() {
        let text = "KP.13\tP'yŏngyang\tP'yongyang\t1871856\nCN.05\tJilin\tJilin\t2036500\n";
        let (codes, read) = read_admin_codes(text.as_bytes(), "a1", 1, Limits::default(), &|c| {
            c.code.starts_with("KP.")
        })
        .unwrap();
        assert_eq!(read, 2);
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].geonameid, 1871856);
        let cases = [
            ("KP.13.2043834\tX\tX\t1\n", 1, "is not COUNTRY.CODE"),
            ("KP.13\tX\tX\t1\n", 2, "is not COUNTRY.CODE.CODE"),
            ("KP.13\tX\tX\n", 1, "a1:1"),
            ("\n", 1, "no rows"),
        ];
        for (text, levels, want) in cases {
            let err = read_admin_codes(text.as_bytes(), "a1", levels, Limits::default(), &|_| true)
                .unwrap_err();
            assert!(err.to_string().contains(want), "{text:?}: {err}");
        }
    }
}
