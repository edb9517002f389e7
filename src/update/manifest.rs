//! `MANIFEST.json`: where an updated gazetteer came from.
//!
//! Written last into the staging directory, so a gazetteer directory with a
//! manifest is a complete one. The HTTP validators (`etag`,
//! `last_modified`) let the next update ask the server for the dump only if
//! it changed.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// File name of the manifest inside a gazetteer directory.
pub const MANIFEST_FILE: &str = "MANIFEST.json";

/// The licence of the GeoNames data, recorded in every manifest.
pub const LICENCE: &str = "GeoNames CC BY 4.0";

/// The current manifest format; bumped when a field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// The contents of `MANIFEST.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// Always [`LICENCE`]; attribution is required by CC BY 4.0.
    pub licence: String,
    /// The eventmap version that wrote it.
    pub eventmap_version: String,
    /// When the inputs were fetched, RFC 3339 in UTC (`2025-01-31T12:00:00Z`).
    pub fetched_at: String,
    /// ISO 3166-1 alpha-2 codes of the countries included, upper case.
    pub countries: Vec<String>,
    /// The clip box applied to China, if any.
    pub cn_bbox: Option<[f64; 4]>,
    /// One record per input file, in fetch order.
    pub inputs: Vec<InputRecord>,
    /// GeoNames rows kept (after clipping), the rows handed to the builder.
    pub geonames_rows: usize,
    /// Entries of the built gazetteer (GeoNames plus the bundled non-GeoNames parts).
    pub gazetteer_entries: usize,
}

/// One downloaded or supplied input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputRecord {
    /// The file name in the GeoNames dump folder (`KP.zip`, `admin1CodesASCII.txt`).
    pub name: String,
    /// The URL it was downloaded from, or the local path it was read from.
    pub source: String,
    /// The server's `ETag`, if any (kept for conditional requests).
    pub etag: Option<String>,
    /// The server's `Last-Modified`, if any (kept for conditional requests).
    pub last_modified: Option<String>,
    /// Lower-case hex SHA-256 of the file's bytes as received.
    pub sha256: String,
    /// Size in bytes as received.
    pub bytes: u64,
    /// Data rows read from it (all rows, before clipping).
    pub rows: usize,
    /// Rows kept (after clipping to the requested countries and box).
    pub rows_kept: usize,
}

impl Manifest {
    /// The record of the input named `name`, if present.
    pub fn input(&self, name: &str) -> Option<&InputRecord> {
        self.inputs.iter().find(|i| i.name == name)
    }
}

/// Reads `dir/MANIFEST.json`.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Parse {
        path,
        line: e.line(),
        message: e.to_string(),
    })
}

/// Serializes `manifest` as pretty JSON with a trailing newline.
pub(crate) fn to_json(manifest: &Manifest) -> String {
    let mut text = serde_json::to_string_pretty(manifest).expect("manifest serializes");
    text.push('\n');
    text
}

/// `time` as RFC 3339 in UTC, to the second.
pub(crate) fn rfc3339_utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), to avoid a date crate for one timestamp.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_utc_timestamps() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_210_096, "2024-02-29T12:34:56Z"),
            (4_102_444_799, "2099-12-31T23:59:59Z"),
        ];
        for (secs, want) in cases {
            let t = UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(rfc3339_utc(t), want, "{secs}");
        }
    }

    #[test]
    fn manifest_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            licence: LICENCE.into(),
            eventmap_version: "0.1.0".into(),
            fetched_at: "2024-02-29T12:34:56Z".into(),
            countries: vec!["KP".into()],
            cn_bbox: Some([121.0, 39.0, 131.5, 44.0]),
            inputs: vec![InputRecord {
                name: "KP.zip".into(),
                source: "http://127.0.0.1/KP.zip".into(),
                etag: Some("\"abc\"".into()),
                last_modified: None,
                sha256: "00".into(),
                bytes: 1,
                rows: 2,
                rows_kept: 2,
            }],
            geonames_rows: 2,
            gazetteer_entries: 5,
        };
        std::fs::write(dir.path().join(MANIFEST_FILE), to_json(&manifest)).unwrap();
        assert_eq!(read_manifest(dir.path()).unwrap(), manifest);
        assert_eq!(manifest.input("KP.zip").unwrap().rows, 2);
        assert!(manifest.input("KR.zip").is_none());
    }
}
