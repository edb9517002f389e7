//! Writes map layers: GeoJSON FeatureCollections (RFC 7946) or GeoJSON text
//! sequences (RFC 8142).
//!
//! Coordinates are `[longitude, latitude]` in WGS84, rounded to 6 decimals;
//! no `crs` member. A FeatureCollection carries a `bbox` of its point
//! features; a layer with no point (empty, or only unresolved mentions) has
//! no `bbox`, as RFC 7946 makes it optional. Every property has the type
//! [`schema`] gives it in every feature (or is `null`); other formats
//! ([`gpkg`], [`kml`]) and the QGIS styles ([`style`]) follow the same
//! schema.
//!
//! Files are written to a temporary file in the target directory and renamed
//! into place by [`LayerWriter::finish`]: a crash or error never leaves a
//! half-written layer, and an existing layer is replaced only when the new
//! one is complete.
//!
//! The files of one run (every layer, the map page, any other format) are
//! replaced together through a [`set::LayerSet`]: each writer asks the set
//! for a path in its staging folder (`set.path("places.kml")`), writes its
//! file there, and [`set::LayerSet::commit`] renames the whole set into the
//! output folder; see [`set`] for the steps and the lock that keeps two runs
//! apart. Temporary names start with [`set::TEMP_PREFIX`].

pub mod events;
pub mod gpkg;
pub mod json;
pub mod kml;
pub mod output;
pub mod places;
pub mod schema;
pub mod set;
pub mod style;
pub mod writeback;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{Error, Result};

/// The output format of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One RFC 7946 FeatureCollection per file, with a `bbox`.
    #[default]
    GeoJson,
    /// RFC 8142 GeoJSON text sequence: each Feature on its own line,
    /// preceded by an ASCII record separator (0x1E).
    GeoJsonSeq,
    /// One OGC GeoPackage holding the three layers ([`gpkg`]).
    Gpkg,
    /// One KML 2.2 document holding the three layers ([`kml`]).
    Kml,
}

impl Format {
    /// The file extension of the format (`geojson`, `geojsons`, `gpkg`,
    /// `kml`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::GeoJsonSeq => "geojsons",
            Format::Gpkg => "gpkg",
            Format::Kml => "kml",
        }
    }
}

/// Rounds a coordinate to 6 decimals (about 0.1 m).
pub fn round6(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// Appends a Feature's `geometry` as [`Feature`] serializes it: a Point
/// at `point` (longitude, latitude, rounded already), or `null`.
fn write_point_geometry(out: &mut Vec<u8>, point: Option<[f64; 2]>) {
    match point {
        Some([x, y]) => {
            out.extend_from_slice(b"{\"type\":\"Point\",\"coordinates\":[");
            json::float(out, x);
            out.push(b',');
            json::float(out, y);
            out.extend_from_slice(b"]}");
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A GeoJSON Feature with a Point geometry or none and typed properties.
#[derive(Debug, Clone, Serialize)]
pub struct Feature<P: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: Option<PointGeometry>,
    properties: P,
}

#[derive(Debug, Clone, Serialize)]
struct PointGeometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

impl<P: Serialize> Feature<P> {
    /// A feature at `point` (longitude, latitude), or with a null geometry.
    pub fn new(point: Option<geo::Point<f64>>, properties: P) -> Feature<P> {
        Feature {
            kind: "Feature",
            geometry: point.map(|p| PointGeometry {
                kind: "Point",
                coordinates: [round6(p.x()), round6(p.y())],
            }),
            properties,
        }
    }

    fn point(&self) -> Option<[f64; 2]> {
        self.geometry.as_ref().map(|g| g.coordinates)
    }

    /// The feature's properties.
    pub fn properties(&self) -> &P {
        &self.properties
    }
}

/// A Feature serialized to JSON, with its point for the layer's `bbox`.
#[derive(Debug, Clone)]
pub struct EncodedFeature {
    json: Vec<u8>,
    point: Option<[f64; 2]>,
}

impl EncodedFeature {
    /// Serializes `feature`.
    pub fn new<P: Serialize>(feature: &Feature<P>) -> EncodedFeature {
        EncodedFeature {
            json: serde_json::to_vec(feature).expect("features serialize"),
            point: feature.point(),
        }
    }

    /// The Feature's JSON text, as a layer file holds it.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    /// The same Feature with a `layer` property naming its layer first among
    /// its properties, for a stream that mixes layers.
    pub fn tagged(&self, layer: &str) -> EncodedFeature {
        // Type and geometry come before the properties and hold no strings,
        // so the first `"properties":{` is the member itself.
        const KEY: &[u8] = b"\"properties\":{";
        let at = self
            .json
            .windows(KEY.len())
            .position(|w| w == KEY)
            .expect("a feature has properties")
            + KEY.len();
        let mut json = Vec::with_capacity(self.json.len() + layer.len() + 12);
        json.extend_from_slice(&self.json[..at]);
        json.extend_from_slice(b"\"layer\":");
        json.extend_from_slice(&serde_json::to_vec(layer).expect("strings serialize"));
        if self.json[at] != b'}' {
            json.push(b',');
        }
        json.extend_from_slice(&self.json[at..]);
        EncodedFeature {
            json,
            point: self.point,
        }
    }

    /// A feature serialized elsewhere: its JSON and its point (longitude,
    /// latitude) for the layer's `bbox`.
    pub fn from_json(json: Vec<u8>, point: Option<[f64; 2]>) -> EncodedFeature {
        EncodedFeature { json, point }
    }

    /// The JSON buffer back, for the next feature (no allocation per
    /// feature where features are written one after another).
    pub fn into_json(self) -> Vec<u8> {
        self.json
    }
}

/// Features serialized one after another into one buffer: what a mapping
/// thread hands the writer for a batch of documents (no allocation per
/// feature, and the buffers are reused from one batch to the next).
#[derive(Debug, Clone, Default)]
pub struct EncodedFeatures {
    json: Vec<u8>,
    /// End offset in `json` and point of each feature.
    features: Vec<(usize, Option<[f64; 2]>)>,
}

impl EncodedFeatures {
    /// Serializes `feature` at the end of the buffer.
    pub fn push<P: Serialize>(&mut self, feature: &Feature<P>) {
        serde_json::to_writer(&mut self.json, feature).expect("features serialize");
        self.features.push((self.json.len(), feature.point()));
    }

    /// Appends a feature that `write` writes at the end of the buffer,
    /// returning its point (longitude, latitude) for the layer's `bbox`.
    pub fn push_with(&mut self, write: impl FnOnce(&mut Vec<u8>) -> Option<[f64; 2]>) {
        let point = write(&mut self.json);
        self.features.push((self.json.len(), point));
    }

    /// Number of features held.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// True when no feature is held.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Forgets the features, keeping the buffers for reuse.
    pub fn clear(&mut self) {
        self.json.clear();
        self.features.clear();
    }

    /// Each feature's JSON text and point (longitude, latitude), in order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], Option<[f64; 2]>)> {
        let mut start = 0;
        self.features.iter().map(move |&(end, point)| {
            let json = &self.json[start..end];
            start = end;
            (json, point)
        })
    }
}

/// Where a layer goes: a temporary file next to its final path, renamed
/// into place by [`LayerWriter::finish`], or standard output.
enum Sink {
    File {
        path: PathBuf,
        out: BufWriter<tempfile::NamedTempFile>,
        /// Flushes the file to disk as it grows, so that
        /// [`LayerWriter::finish`] has little left to wait for.
        writeback: writeback::Writeback,
    },
    Stdout(BufWriter<std::io::Stdout>),
}

impl Sink {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::File { out, .. } => out,
            Sink::Stdout(out) => out,
        }
    }

    /// Counts `bytes` written, for the file's background flushes.
    fn wrote(&mut self, bytes: usize) -> std::io::Result<()> {
        match self {
            Sink::File { writeback, .. } => writeback.wrote(bytes),
            Sink::Stdout(_) => Ok(()),
        }
    }

    fn name(&self) -> PathBuf {
        match self {
            Sink::File { path, .. } => path.clone(),
            Sink::Stdout(_) => PathBuf::from("<stdout>"),
        }
    }
}

/// Streams the features of one layer to a file or standard output, in one
/// pass: a FeatureCollection's `bbox` is written after its features (RFC
/// 7946 members may come in any order), so nothing is written twice.
pub struct LayerWriter {
    format: Format,
    sink: Sink,
    bbox: Option<[f64; 4]>,
    count: usize,
}

impl LayerWriter {
    /// A writer for the layer at `path` (`-` for standard output).
    pub fn create(path: &Path, format: Format) -> Result<LayerWriter> {
        if !matches!(format, Format::GeoJson | Format::GeoJsonSeq) {
            return Err(Error::Usage(format!(
                "a {} layer set is written by layer::output::LayerSet",
                format.extension()
            )));
        }
        let mut sink = if path == Path::new("-") {
            Sink::Stdout(BufWriter::new(std::io::stdout()))
        } else {
            let dir = parent_dir(path);
            let file = tempfile::Builder::new()
                .prefix(set::TEMP_PREFIX)
                .tempfile_in(dir)
                .map_err(|e| Error::io(dir, e))?;
            let writeback = writeback::Writeback::new(file.as_file());
            Sink::File {
                path: path.to_path_buf(),
                out: BufWriter::with_capacity(1 << 16, file),
                writeback,
            }
        };
        if format == Format::GeoJson {
            sink.writer()
                .write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
                .map_err(|e| Error::io(sink.name(), e))?;
        }
        Ok(LayerWriter {
            format,
            sink,
            bbox: None,
            count: 0,
        })
    }

    /// Number of features written so far.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no feature was written.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Appends a feature.
    pub fn push<P: Serialize>(&mut self, feature: &Feature<P>) -> Result<()> {
        self.push_encoded(&EncodedFeature::new(feature))
    }

    /// Appends a feature serialized beforehand (by a mapping thread).
    pub fn push_encoded(&mut self, feature: &EncodedFeature) -> Result<()> {
        self.push_json(&feature.json, feature.point)
    }

    /// Appends a feature given as its JSON text and its point (longitude,
    /// latitude) for the layer's `bbox`.
    pub fn push_json(&mut self, json: &[u8], point: Option<[f64; 2]>) -> Result<()> {
        if let Some([x, y]) = point {
            let b = self.bbox.get_or_insert([x, y, x, y]);
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x);
            b[3] = b[3].max(y);
        }
        let (prefix, suffix): (&[u8], &[u8]) = match self.format {
            Format::GeoJson if self.count == 0 => (b"\n", b""),
            Format::GeoJson => (b",\n", b""),
            // `create` accepts only the two GeoJSON formats.
            Format::GeoJsonSeq | Format::Gpkg | Format::Kml => (b"\x1e", b"\n"),
        };
        let out = self.sink.writer();
        let result = out
            .write_all(prefix)
            .and_then(|_| out.write_all(json))
            .and_then(|_| out.write_all(suffix))
            .and_then(|_| self.sink.wrote(prefix.len() + json.len() + suffix.len()));
        result.map_err(|e| Error::io(self.sink.name(), e))?;
        self.count += 1;
        Ok(())
    }

    /// Sends what was written so far on to the file or standard output (a
    /// stream's consumer sees each batch as soon as it is mapped).
    pub fn flush(&mut self) -> Result<()> {
        let name = self.sink.name();
        self.sink.writer().flush().map_err(|e| Error::io(name, e))
    }

    /// Completes the layer: closes the collection (with its `bbox`) and
    /// renames the file into place. Returns the number of features.
    pub fn finish(mut self) -> Result<usize> {
        let name = self.sink.name();
        let io = |e| Error::io(&name, e);
        if self.format == Format::GeoJson {
            let out = self.sink.writer();
            out.write_all(b"\n]").map_err(io)?;
            if let Some(b) = self.bbox {
                let bbox = serde_json::to_string(&b).expect("numbers serialize");
                write!(out, ",\"bbox\":{bbox}").map_err(io)?;
            }
            out.write_all(b"}\n").map_err(io)?;
        }
        match self.sink {
            Sink::Stdout(mut out) => out.flush().map_err(io)?,
            Sink::File {
                path,
                out,
                mut writeback,
            } => {
                let file = out
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                writeback.join().map_err(io)?;
                set_readable(file.as_file()).map_err(io)?;
                file.as_file().sync_all().map_err(io)?;
                file.persist(&path).map_err(|e| Error::io(&path, e.error))?;
            }
        }
        Ok(self.count)
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Gives a finished layer the usual permissions of a new file (0644 on
/// Unix): temporary files are created private.
fn set_readable(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}
