//! Writes the three layers as one KML 2.2 document (`eventmap.kml`) for
//! Google Earth and other KML readers.
//!
//! The document has a folder per layer (Places, Incidents, Infrastructure)
//! and in it a folder per category (per precision for places), in the map
//! page's legend order. Each placemark has the map page's colour for its
//! category (a shared `Style`), a balloon with the popup's content (HTML
//! built from escaped values, itself escaped as KML text), a `TimeStamp`
//! when it has a date (`event_date`, or the document's `date` for places)
//! and every property of the layer's schema that is not null as
//! `ExtendedData` (lists as JSON text). Features without a point (a mention
//! the resolver abstained on, an event without a place) cannot be placed
//! on a globe and are left out; [`KmlWriter::finish`] counts them.
//!
//! Folders are written whole, but features come in document order, so each
//! folder's placemarks are spooled to an anonymous temporary file of its own
//! as they come, and the files are copied into the document in folder order
//! at the end: memory holds one write buffer per folder (a few dozen, one
//! per category), whatever the number of placemarks.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::EncodedFeature;
use super::output::properties_of;
use super::schema::{FieldType, LayerName};
use super::style::{self, xml_escape};
use crate::{Error, Result};

/// The icon of every placemark: a white dot that the style's colour tints.
const ICON: &str = "http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png";

/// What [`KmlWriter::finish`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KmlCounts {
    /// Placemarks per layer, in [`LayerName::ALL`] order.
    pub placemarks: [usize; 3],
    /// Features left out per layer because they have no point.
    pub unplaced: [usize; 3],
}

/// The write buffer of a folder's spool: small, as a document has a few
/// dozen folders open at once.
const SPOOL_BUFFER: usize = 1 << 14;

/// Collects placemarks and writes the document.
pub struct KmlWriter {
    path: PathBuf,
    /// Where the spools are created: the document's directory, so that a
    /// large document's placemarks go to the disk it is written to.
    dir: PathBuf,
    /// (layer, legend position, category) -> a temporary file with the
    /// folder's placemarks, in input order.
    folders: BTreeMap<(LayerName, usize, String), BufWriter<File>>,
    /// One placemark's text, reused.
    buffer: String,
    counts: KmlCounts,
}

impl KmlWriter {
    /// A writer for the document that will be `path`.
    pub fn create(path: &Path) -> Result<KmlWriter> {
        let dir = super::parent_dir(path);
        if !dir.is_dir() {
            let e = std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory");
            return Err(Error::io(dir, e));
        }
        Ok(KmlWriter {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            folders: BTreeMap::new(),
            buffer: String::new(),
            counts: KmlCounts::default(),
        })
    }

    /// Adds a feature of `layer`.
    pub fn push(&mut self, layer: LayerName, feature: &EncodedFeature) -> Result<()> {
        let i = layer as usize;
        let Some([x, y]) = feature.point else {
            self.counts.unplaced[i] += 1;
            return Ok(());
        };
        let properties = properties_of(feature)
            .map_err(|e| Error::io(&self.path, std::io::Error::other(format!("feature: {e}"))))?;
        let value = properties
            .get(layer.style_field())
            .and_then(Value::as_str)
            .unwrap_or("other")
            .to_string();
        let order = style::legend(layer)
            .iter()
            .position(|s| s.value == value)
            .unwrap_or(usize::MAX);
        self.buffer.clear();
        placemark(&mut self.buffer, layer, &value, &properties, [x, y]);
        let folder = match self.folders.entry((layer, order, value)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let spool =
                    tempfile::tempfile_in(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
                entry.insert(BufWriter::with_capacity(SPOOL_BUFFER, spool))
            }
        };
        folder
            .write_all(self.buffer.as_bytes())
            .map_err(|e| Error::io(&self.path, e))?;
        self.counts.placemarks[i] += 1;
        Ok(())
    }

    /// Writes the document (through a temporary file renamed into place).
    pub fn finish(self) -> Result<KmlCounts> {
        let mut head = String::with_capacity(1 << 14);
        head.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        head.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
        head.push_str("<name>eventmap</name>\n<open>1</open>\n");
        for layer in LayerName::ALL {
            for s in style::legend(layer) {
                style_element(&mut head, &style_id(layer, &s.value), s.rgb, s.radius);
            }
            style_element(&mut head, &style_id(layer, "other"), [136, 136, 136], 4.0);
        }
        write_atomically(&self.path, |out| {
            out.write_all(head.as_bytes())?;
            let mut folders = self.folders;
            for layer in LayerName::ALL {
                writeln!(out, "<Folder>\n<name>{}</name>", layer.title())?;
                let of_layer = folders.iter_mut().filter(|((l, _, _), _)| *l == layer);
                for ((_, _, value), spool) in of_layer {
                    writeln!(out, "<Folder>\n<name>{}</name>", xml_escape(value))?;
                    spool.flush()?;
                    let spool = spool.get_mut();
                    spool.seek(SeekFrom::Start(0))?;
                    std::io::copy(spool, out)?;
                    out.write_all(b"</Folder>\n")?;
                }
                out.write_all(b"</Folder>\n")?;
            }
            out.write_all(b"</Document>\n</kml>\n")
        })?;
        Ok(self.counts)
    }
}

/// Writes a file at `path` with `write`, through a temporary file in its
/// directory renamed into place when complete.
pub(super) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> std::io::Result<()>,
) -> Result<()> {
    let dir = super::parent_dir(path);
    let mut file = tempfile::Builder::new()
        .prefix(".eventmap.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let io = |e| Error::io(path, e);
    {
        let mut out = BufWriter::with_capacity(1 << 16, file.as_file_mut());
        write(&mut out).map_err(io)?;
        out.flush().map_err(io)?;
    }
    super::set_readable(file.as_file()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn style_id(layer: LayerName, value: &str) -> String {
    format!("{}-{value}", layer.as_str())
}

fn style_element(doc: &mut String, id: &str, rgb: [u8; 3], radius: f64) {
    let _ = writeln!(
        doc,
        "<Style id=\"{}\"><IconStyle><color>{}</color><scale>{:.2}</scale><Icon><href>{ICON}</href></Icon></IconStyle><LabelStyle><scale>0</scale></LabelStyle></Style>",
        xml_escape(id),
        style::kml_color(rgb),
        radius / 6.0
    );
}

/// The text of a property, if it is set.
fn text<'a>(properties: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    properties
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// Escapes text for HTML.
fn html(text: &str) -> String {
    xml_escape(text)
}

/// The balloon's HTML: the map page's popup content.
fn balloon(layer: LayerName, p: &Map<String, Value>) -> String {
    let mut out = String::new();
    let mut row = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            let _ = write!(
                out,
                "<tr><th align=\"left\">{label}</th><td>{}</td></tr>",
                html(&v)
            );
        }
    };
    let place = |p: &Map<String, Value>, name: &str| {
        let parts: Vec<&str> = [name, "admin2", "admin1", "country"]
            .iter()
            .filter_map(|k| text(p, k))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    };
    match layer {
        LayerName::Places => {
            row("Mention", text(p, "mention").map(str::to_string));
            row("Place", place(p, "name"));
            row("Precision", text(p, "precision").map(str::to_string));
            row(
                "Score",
                p.get("score")
                    .filter(|v| !v.is_null())
                    .map(Value::to_string),
            );
            row("Date", text(p, "date").map(str::to_string));
            row("Title", text(p, "title").map(str::to_string));
            row("Source", text(p, "source").map(str::to_string));
            row("Document", text(p, "doc").map(str::to_string));
        }
        LayerName::Incidents | LayerName::Infrastructure => {
            let category = text(p, "category").unwrap_or("").replace('_', " ");
            let status = text(p, "status").unwrap_or("");
            row("Event", Some(format!("{category} ({status})")));
            row("Place", place(p, "location"));
            row("Date", text(p, "event_date").map(str::to_string));
            row(
                "Fatalities",
                p.get("fatalities")
                    .and_then(Value::as_u64)
                    .map(|n| n.to_string()),
            );
            row("Evidence", text(p, "evidence").map(str::to_string));
            row("Title", text(p, "title").map(str::to_string));
            row("Source", text(p, "source").map(str::to_string));
            row("Document", text(p, "doc").map(str::to_string));
        }
    }
    format!("<table>{out}</table>")
}

/// Appends one placemark to `out`.
fn placemark(
    out: &mut String,
    layer: LayerName,
    value: &str,
    p: &Map<String, Value>,
    at: [f64; 2],
) {
    let name = match layer {
        LayerName::Places => text(p, "name")
            .or(text(p, "mention"))
            .unwrap_or("place")
            .to_string(),
        _ => format!(
            "{} – {}",
            value.replace('_', " "),
            text(p, "location").unwrap_or("no place")
        ),
    };
    let _ = writeln!(out, "<Placemark>\n<name>{}</name>", xml_escape(&name));
    let _ = writeln!(
        out,
        "<description>{}</description>",
        xml_escape(&balloon(layer, p))
    );
    let date = layer
        .fields()
        .iter()
        .filter(|f| f.kind == FieldType::Date)
        .find_map(|f| text(p, f.name));
    if let Some(date) = date {
        let _ = writeln!(
            out,
            "<TimeStamp><when>{}</when></TimeStamp>",
            xml_escape(date)
        );
    }
    let style = if style::swatch(layer, value).is_some() {
        value
    } else {
        "other"
    };
    let _ = writeln!(
        out,
        "<styleUrl>#{}</styleUrl>",
        xml_escape(&style_id(layer, style))
    );
    out.push_str("<ExtendedData>\n");
    for field in layer.fields() {
        let v = match p.get(field.name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let _ = writeln!(
            out,
            "<Data name=\"{}\"><value>{}</value></Data>",
            field.name,
            xml_escape(&v)
        );
    }
    out.push_str("</ExtendedData>\n");
    let _ = writeln!(
        out,
        "<Point><coordinates>{},{}</coordinates></Point>\n</Placemark>",
        at[0], at[1]
    );
}
