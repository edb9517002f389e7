//! The files one extraction writes into its output directory, in any
//! [`Format`]:
//!
//! | format | files |
//! |---|---|
//! | `geojson` | `places.geojson`, `incidents.geojson`, `infrastructure.geojson`, and a QGIS style beside each (`places.qml`, ...) that QGIS applies when it opens the layer |
//! | `geojsonseq` | the same with extension `.geojsons`, and the same `.qml` styles |
//! | `gpkg` | `eventmap.gpkg` (see [`super::gpkg`]) |
//! | `kml` | `eventmap.kml` (see [`super::kml`]) |
//!
//! To standard output (`-o -`) only the places layer is written, as GeoJSON.
//!
//! [`stale_outputs`] lists the files of earlier runs that a run did not
//! rewrite, so that a folder never mixes layers (or a map page) of
//! different runs.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::gpkg::GpkgWriter;
use super::kml::KmlWriter;
use super::schema::LayerName;
use super::{EncodedFeature, EncodedFeatures, Format, LayerWriter, style};
use crate::{Error, Result};

/// The properties of an encoded feature, parsed back.
pub fn properties_of(feature: &EncodedFeature) -> serde_json::Result<Map<String, Value>> {
    #[derive(serde::Deserialize)]
    struct Properties {
        properties: Map<String, Value>,
    }
    serde_json::from_slice::<Properties>(&feature.json).map(|p| p.properties)
}

/// File name of the GeoPackage in the output directory.
pub const GPKG_FILE: &str = "eventmap.gpkg";
/// File name of the KML document in the output directory.
pub const KML_FILE: &str = "eventmap.kml";
/// File name of the map page in the output directory.
pub const MAP_FILE: &str = "map.html";

/// Every file name an extraction (or `--html`) may write into its output
/// directory.
pub fn output_names() -> Vec<String> {
    let mut names = Vec::new();
    for layer in LayerName::ALL {
        for ext in ["geojson", "geojsons", "qml"] {
            names.push(format!("{}.{ext}", layer.as_str()));
        }
    }
    names.extend([GPKG_FILE, KML_FILE, MAP_FILE].map(String::from));
    names
}

/// The files in `dir` that eventmap writes but that are not in `written`:
/// outputs of an earlier run that no longer match the folder's layers.
pub fn stale_outputs(dir: &Path, written: &[PathBuf]) -> Vec<PathBuf> {
    output_names()
        .into_iter()
        .map(|name| dir.join(name))
        .filter(|path| path.is_file() && !written.contains(path))
        .collect()
}

enum Writers {
    GeoJson(Vec<(LayerName, LayerWriter, PathBuf)>),
    Gpkg(Box<GpkgWriter>),
    Kml(KmlWriter),
}

/// What [`LayerSet::finish`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Features not written, per layer in [`LayerName::ALL`] order (KML
    /// leaves out features without a point).
    pub left_out: [usize; 3],
}

/// The layers of one extraction, written as features come.
pub struct LayerSet {
    out: PathBuf,
    writers: Writers,
}

impl LayerSet {
    /// Starts the layers in directory `out` (which must exist), or on
    /// standard output when `out` is `-` (the places layer only, GeoJSON
    /// formats only).
    pub fn create(out: &Path, format: Format) -> Result<LayerSet> {
        let to_stdout = out == Path::new("-");
        let writers = match format {
            Format::GeoJson | Format::GeoJsonSeq => {
                let mut writers = Vec::new();
                for layer in LayerName::ALL {
                    if to_stdout && layer != LayerName::Places {
                        continue;
                    }
                    let path = if to_stdout {
                        PathBuf::from("-")
                    } else {
                        out.join(format!("{}.{}", layer.as_str(), format.extension()))
                    };
                    writers.push((layer, LayerWriter::create(&path, format)?, path));
                }
                Writers::GeoJson(writers)
            }
            Format::Gpkg | Format::Kml if to_stdout => {
                return Err(Error::Usage(format!(
                    "--format {} writes a file: give an output directory, not -o -",
                    format.extension()
                )));
            }
            Format::Gpkg => Writers::Gpkg(Box::new(GpkgWriter::create(&out.join(GPKG_FILE))?)),
            Format::Kml => Writers::Kml(KmlWriter::create(&out.join(KML_FILE))?),
        };
        Ok(LayerSet {
            out: out.to_path_buf(),
            writers,
        })
    }

    /// Whether `layer` is written (standard output carries places only).
    pub fn has(&self, layer: LayerName) -> bool {
        match &self.writers {
            Writers::GeoJson(writers) => writers.iter().any(|(l, _, _)| *l == layer),
            Writers::Gpkg(_) | Writers::Kml(_) => true,
        }
    }

    /// Appends a feature to `layer` (ignored when the layer is not written).
    pub fn push(&mut self, layer: LayerName, feature: &EncodedFeature) -> Result<()> {
        match &mut self.writers {
            Writers::GeoJson(writers) => match writers.iter_mut().find(|(l, _, _)| *l == layer) {
                Some((_, writer, _)) => writer.push_encoded(feature),
                None => Ok(()),
            },
            Writers::Gpkg(writer) => writer.push(layer, feature),
            Writers::Kml(writer) => writer.push(layer, feature),
        }
    }

    /// The writers of layers `a` and `b` apart, when each layer has a file
    /// of its own (the GeoJSON formats, in a directory), so that two
    /// threads can write them at once; `None` when they share one file
    /// (GeoPackage, KML) or one of them is not written.
    pub fn writers_of(
        &mut self,
        a: LayerName,
        b: LayerName,
    ) -> Option<(&mut LayerWriter, &mut LayerWriter)> {
        let Writers::GeoJson(writers) = &mut self.writers else {
            return None;
        };
        let (mut first, mut second) = (None, None);
        for (layer, writer, _) in writers.iter_mut() {
            if *layer == a {
                first = Some(writer);
            } else if *layer == b {
                second = Some(writer);
            }
        }
        Some((first?, second?))
    }

    /// Appends features serialized beforehand to `layer`, in order.
    pub fn push_all(&mut self, layer: LayerName, features: &EncodedFeatures) -> Result<()> {
        match &mut self.writers {
            Writers::GeoJson(writers) => match writers.iter_mut().find(|(l, _, _)| *l == layer) {
                Some((_, writer, _)) => {
                    for (json, point) in features.iter() {
                        writer.push_json(json, point)?;
                    }
                    Ok(())
                }
                None => Ok(()),
            },
            // GeoPackage and KML parse the properties back: one copy more
            // per feature is no cost there.
            Writers::Gpkg(_) | Writers::Kml(_) => {
                for (json, point) in features.iter() {
                    self.push(layer, &EncodedFeature::from_json(json.to_vec(), point))?;
                }
                Ok(())
            }
        }
    }

    /// Completes every layer and moves it into place; for GeoJSON layers in
    /// a directory, writes their `.qml` styles too.
    pub fn finish(self) -> Result<Written> {
        let mut written = Written::default();
        match self.writers {
            Writers::GeoJson(writers) => {
                for (layer, writer, path) in writers {
                    writer.finish()?;
                    if path == Path::new("-") {
                        continue;
                    }
                    written.files.push(path);
                    let qml = self.out.join(format!("{}.qml", layer.as_str()));
                    let text = style::qml(layer);
                    super::kml::write_atomically(&qml, |out| out.write_all(text.as_bytes()))?;
                    written.files.push(qml);
                }
            }
            Writers::Gpkg(writer) => {
                writer.finish()?;
                written.files.push(self.out.join(GPKG_FILE));
            }
            Writers::Kml(writer) => {
                let counts = writer.finish()?;
                written.left_out = counts.unplaced;
                written.files.push(self.out.join(KML_FILE));
            }
        }
        Ok(written)
    }
}
