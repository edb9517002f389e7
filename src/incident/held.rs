//! Event features held until a run's incidents are known: serialized by the
//! mapping threads, kept in an unnamed temporary file (removed by the OS
//! whatever happens), with only their grouping keys in memory; written to
//! the layer with their incident once every document has been read.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{Incidents, Report};
use crate::layer::EncodedFeature;
use crate::layer::events::EventProperties;
use crate::{Error, Result};

/// An event feature serialized without its incident members.
#[derive(Debug, Clone)]
pub struct HeldEvent {
    point: Option<[f64; 2]>,
    json: Vec<u8>,
    report: Report,
}

impl HeldEvent {
    /// Serializes the feature of `properties` at `point`.
    pub fn new(point: Option<geo::Point<f64>>, properties: EventProperties<'_>) -> HeldEvent {
        // The fixed part of a feature is some 900 bytes; the evidence and
        // the notes, written out, are most of the rest.
        let estimate = 1024 + properties.evidence.len() + properties.notes.len();
        let mut json = Vec::with_capacity(estimate);
        properties.write_feature_head(point, &mut json);
        let report = Report::of(&properties);
        HeldEvent {
            point: point.map(|p| [crate::layer::round6(p.x()), crate::layer::round6(p.y())]),
            json,
            report,
        }
    }
}

/// The event features of one layer, in input order.
pub struct HeldLayer {
    dir: PathBuf,
    out: BufWriter<File>,
    incidents: Incidents,
}

impl HeldLayer {
    /// An empty layer whose features are kept in a temporary file in `dir`.
    pub fn new(dir: &Path) -> Result<HeldLayer> {
        let file = tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
        Ok(HeldLayer {
            dir: dir.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
            incidents: Incidents::spilling_to(dir),
        })
    }

    /// Number of features held.
    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    /// True when no feature is held.
    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    /// Holds the next feature.
    pub fn push(&mut self, event: HeldEvent) -> Result<()> {
        self.incidents.add(&event.report)?;
        let [x, y] = event.point.unwrap_or([f64::NAN, f64::NAN]);
        let len = u64::try_from(event.json.len()).expect("a feature fits in u64");
        let io = |e| Error::io(&self.dir, e);
        self.out.write_all(&x.to_le_bytes()).map_err(io)?;
        self.out.write_all(&y.to_le_bytes()).map_err(io)?;
        self.out.write_all(&len.to_le_bytes()).map_err(io)?;
        self.out.write_all(&event.json).map_err(io)
    }

    /// Groups the features into incidents and writes them to `layer`: every
    /// feature with its incident, or with `merge` one per incident (its
    /// representative). Returns the number written.
    pub fn write_to(
        self,
        sink: &mut dyn FnMut(&EncodedFeature) -> Result<()>,
        merge: bool,
    ) -> Result<usize> {
        self.grouped()?.write_to(sink, merge)
    }

    /// Groups the features into incidents, to be written next. Two layers
    /// can be grouped at once, on two threads.
    pub fn grouped(self) -> Result<GroupedLayer> {
        Ok(GroupedLayer {
            grouping: self.incidents.group()?,
            dir: self.dir,
            out: self.out,
        })
    }
}

/// A [`HeldLayer`] whose incidents are known.
pub struct GroupedLayer {
    dir: PathBuf,
    out: BufWriter<File>,
    grouping: super::Grouping,
}

impl GroupedLayer {
    /// Writes the features to `layer`: every feature with its incident, or
    /// with `merge` one per incident (its representative). Returns the
    /// number written.
    pub fn write_to(
        self,
        sink: &mut dyn FnMut(&EncodedFeature) -> Result<()>,
        merge: bool,
    ) -> Result<usize> {
        let mut grouping = self.grouping;
        let dir = self.dir;
        let io = |e| Error::io(&dir, e);
        let mut file = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        file.rewind().map_err(io)?;
        let mut input = BufReader::with_capacity(1 << 16, file);
        let mut written = 0;
        let mut word = [0u8; 8];
        // One buffer for every feature.
        let mut json = Vec::new();
        for i in 0..grouping.len() {
            let member = match grouping.next() {
                Some(member) => member?,
                None => return Err(io(std::io::Error::other("an incident missing"))),
            };
            debug_assert_eq!(member.index, i as u64);
            input.read_exact(&mut word).map_err(io)?;
            let x = f64::from_le_bytes(word);
            input.read_exact(&mut word).map_err(io)?;
            let y = f64::from_le_bytes(word);
            input.read_exact(&mut word).map_err(io)?;
            let len = usize::try_from(u64::from_le_bytes(word)).expect("a held feature fits");
            json.clear();
            json.resize(len, 0);
            input.read_exact(&mut json).map_err(io)?;
            if merge && !member.representative {
                continue;
            }
            member.incident.write_json_members(&mut json);
            json.extend_from_slice(b"}}");
            let point = (!x.is_nan()).then_some([x, y]);
            let feature = EncodedFeature::from_json(std::mem::take(&mut json), point);
            sink(&feature)?;
            json = feature.into_json();
            written += 1;
        }
        Ok(written)
    }
}
