//! The map page: renders the GeoJSON layers into one self-contained HTML
//! file (Leaflet 1.9.4, an offline Natural Earth base map and the data, all
//! inlined) that opens from disk with no network.
//!
//! The page shows three toggleable layers (places, infrastructure,
//! incidents) as canvas circle markers coloured by category, with a legend
//! whose checkboxes hide or show each category, a popup per feature
//! (category, place, date, fatalities, evidence sentence, source document)
//! and markers that share a point fanned out around it so every one stays
//! clickable. The base map has the borders, provinces and rivers (the Yalu
//! and Tumen marked) and labels for the main towns from the gazetteer; a
//! switch shows Korean names where the gazetteer has them. A date-range
//! filter and a table of the events on the map (a row opens its popup)
//! follow the events' dates. See `assets/README.md` for where the bundled
//! files come from.
//!
//! The page is written while the layer files are read (see [`write_page`]):
//! memory does not grow with the layers' size.

mod basemap;
mod layers;
mod page;
mod stream;

use std::path::Path;

pub use layers::{LayerKind, MapLayers};
pub use page::{LARGE_PAGE_FEATURES, MapSummary, render_map, write_page};

use crate::{Error, Result};

/// How the page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapOptions {
    /// A tile URL template (`https://tile.example.org/{z}/{x}/{y}.png`) for an
    /// online base layer under the data; `None` (the default) keeps the page
    /// fully offline. The page's content security policy allows images from
    /// the network only when this is set.
    pub tiles: Option<String>,
    /// The page title, shown in the browser tab and on the map. Default
    /// `"eventmap"`.
    pub title: String,
    /// At most this many features on the page (about: one feature in every
    /// `ceil(total / sample)` of each layer is kept), for layers too large
    /// for a browser. `None` (the default) keeps them all.
    pub sample: Option<usize>,
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            tiles: None,
            title: "eventmap".to_owned(),
            sample: None,
        }
    }
}

/// Writes the page for the layers in `dir` (see [`write_page`]) to `out`,
/// through a temporary file in the same directory renamed into place, so
/// `out` is never left half-written. Memory stays bounded whatever the
/// layers' size; the summary says how much was written and
/// [`MapSummary::warning`] whether the page is too large for a browser.
///
/// # Errors
///
/// The errors of [`write_page`], and [`Error::Io`] when `out` cannot be
/// written.
pub fn write_map(dir: &Path, out: &Path, options: &MapOptions) -> Result<MapSummary> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file = tempfile::Builder::new()
        .prefix(".map.")
        .suffix(".html.tmp")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    // A fixed buffer: the page is written as the layers are read.
    let mut writer = std::io::BufWriter::with_capacity(256 * 1024, file);
    let summary = write_page(dir, &mut writer, out, options)?;
    let file = writer
        .into_inner()
        .map_err(|e| Error::io(out, e.into_error()))?;
    readable_by_all(file.as_file()).map_err(|e| Error::io(out, e))?;
    file.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(summary)
}

/// Temporary files are created private (0600); a map page is meant to be
/// shared and served, like any file the user writes.
#[cfg(unix)]
fn readable_by_all(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_page_atomically() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("incidents.geojson"),
            r#"{"type":"FeatureCollection","features":[{"type":"Feature",
              "geometry":{"type":"Point","coordinates":[129.1,42.2]},
              "properties":{"category":"death","evidence":"A soldier was found dead."}}]}"#,
        )
        .unwrap();
        let out = dir.path().join("map.html");
        std::fs::write(&out, "old").unwrap();
        write_map(dir.path(), &out, &MapOptions::default()).unwrap();
        let page = std::fs::read_to_string(&out).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("A soldier was found dead."));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn a_bad_layer_leaves_the_old_page() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("places.geojson"), "{not json").unwrap();
        let out = dir.path().join("map.html");
        std::fs::write(&out, "old").unwrap();
        let err = write_map(dir.path(), &out, &MapOptions::default()).unwrap_err();
        assert!(err.to_string().contains("places.geojson"), "{err}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    }

    #[test]
    fn an_unwritable_target_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no-such-dir").join("map.html");
        let err = write_map(dir.path(), &out, &MapOptions::default()).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("no-such-dir"), "{err}");
    }
}
