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
