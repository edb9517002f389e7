//! Writes map layers: GeoJSON FeatureCollections (RFC 7946) or GeoJSON text
//! sequences (RFC 8142).
//!
//! Coordinates are `[longitude, latitude]` in WGS84, rounded to 6 decimals;
//! no `crs` member. A FeatureCollection carries a `bbox` of its point
//! features. Every property keeps one JSON type across the features of a
//! layer (or is `null`), so QGIS and GDAL pick stable field types.
//!
//! Files are written to a temporary file in the target directory and renamed
//! into place by [`LayerWriter::finish`]: a crash or error never leaves a
//! half-written layer, and an existing layer is replaced only when the new
//! one is complete.

pub mod events;
pub mod places;

use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
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
}

impl Format {
    /// The file extension of the format (`geojson`, `geojsons`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::GeoJsonSeq => "geojsons",
        }
    }
}

/// Rounds a coordinate to 6 decimals (about 0.1 m).
pub fn round6(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
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
}

/// Where a layer goes.
enum Sink {
    /// A file: features are spooled to a temporary file next to it, then the
    /// layer is assembled in a second temporary file and renamed over `path`.
    File {
        path: PathBuf,
        spool: BufWriter<tempfile::NamedTempFile>,
    },
    /// Standard output, written as it comes.
    Stdout(BufWriter<std::io::Stdout>),
}

/// Streams the features of one layer to a file or standard output.
pub struct LayerWriter {
    format: Format,
    sink: Sink,
    bbox: Option<[f64; 4]>,
    count: usize,
}

impl LayerWriter {
    /// A writer for the layer at `path` (`-` for standard output).
    pub fn create(path: &Path, format: Format) -> Result<LayerWriter> {
        let sink = if path == Path::new("-") {
            let mut out = BufWriter::new(std::io::stdout());
            if format == Format::GeoJson {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
                    .map_err(|e| Error::io("<stdout>", e))?;
            }
            Sink::Stdout(out)
        } else {
            let dir = parent_dir(path);
            let spool = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
            Sink::File {
                path: path.to_path_buf(),
                spool: BufWriter::new(spool),
            }
        };
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
        if let Some([x, y]) = feature.point() {
            let b = self.bbox.get_or_insert([x, y, x, y]);
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x);
            b[3] = b[3].max(y);
        }
        let json = serde_json::to_vec(feature).expect("features serialize");
        let to_stdout = self.sink_is_stdout();
        let first = self.count == 0;
        let (out, name): (&mut dyn Write, String) = match &mut self.sink {
            Sink::File { spool, .. } => {
                let name = spool.get_ref().path().display().to_string();
                (spool, name)
            }
            Sink::Stdout(out) => (out, "<stdout>".to_string()),
        };
        let result = match (self.format, to_stdout) {
            (Format::GeoJsonSeq, _) => out
                .write_all(b"\x1e")
                .and_then(|_| out.write_all(&json))
                .and_then(|_| out.write_all(b"\n")),
            (Format::GeoJson, true) => {
                let sep: &[u8] = if first { b"\n" } else { b",\n" };
                out.write_all(sep).and_then(|_| out.write_all(&json))
            }
            (Format::GeoJson, false) => out.write_all(&json).and_then(|_| out.write_all(b"\n")),
        };
        result.map_err(|e| Error::io(name, e))?;
        self.count += 1;
        Ok(())
    }

    fn sink_is_stdout(&self) -> bool {
        matches!(self.sink, Sink::Stdout(_))
    }

    /// Completes the layer: writes the collection (with its `bbox`) and
    /// renames it into place. Returns the number of features.
    pub fn finish(self) -> Result<usize> {
        match self.sink {
            Sink::Stdout(mut out) => {
                if self.format == Format::GeoJson {
                    out.write_all(b"\n]}\n")
                        .map_err(|e| Error::io("<stdout>", e))?;
                }
                out.flush().map_err(|e| Error::io("<stdout>", e))?;
            }
            Sink::File { path, spool } => {
                let spool = spool
                    .into_inner()
                    .map_err(|e| Error::io(&path, e.into_error()))?;
                let dir = parent_dir(&path);
                let mut target =
                    tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
                {
                    let mut out = BufWriter::new(target.as_file_mut());
                    let io = |e| Error::io(&path, e);
                    let mut spooled = spool.reopen().map_err(io)?;
                    spooled.rewind().map_err(io)?;
                    match self.format {
                        Format::GeoJsonSeq => {
                            std::io::copy(&mut spooled, &mut out).map_err(io)?;
                        }
                        Format::GeoJson => {
                            out.write_all(b"{\"type\":\"FeatureCollection\"")
                                .map_err(io)?;
                            if let Some(b) = self.bbox {
                                let bbox = serde_json::to_string(&b).expect("numbers serialize");
                                write!(out, ",\"bbox\":{bbox}").map_err(io)?;
                            }
                            out.write_all(b",\"features\":[").map_err(io)?;
                            copy_lines_joined(&mut spooled, &mut out).map_err(io)?;
                            out.write_all(b"]}\n").map_err(io)?;
                        }
                    }
                    out.flush().map_err(io)?;
                }
                set_readable(target.as_file()).map_err(|e| Error::io(&path, e))?;
                target
                    .as_file()
                    .sync_all()
                    .map_err(|e| Error::io(&path, e))?;
                target
                    .persist(&path)
                    .map_err(|e| Error::io(&path, e.error))?;
            }
        }
        Ok(self.count)
    }
}

/// Copies newline-terminated records, joining them with ",\n".
fn copy_lines_joined(input: &mut File, out: &mut impl Write) -> std::io::Result<()> {
    let mut reader = std::io::BufReader::new(input);
    let mut buf = Vec::new();
    let mut first = true;
    loop {
        buf.clear();
        let n = std::io::BufRead::read_until(&mut reader, b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        out.write_all(if first { b"\n" } else { b",\n" })?;
        out.write_all(&buf)?;
        first = false;
    }
    let _ = reader.read(&mut [])?;
    Ok(())
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
