//! The run's incidents, and where each feature finds its own.
//!
//! Grouping closes incidents in the order of their ids, but features are
//! written in input order, and an incident may have hundreds of features.
//! So an incident is stored once (in memory, or in a temporary file when
//! grouping spills) and each feature's [`Slot`] carries only where it is:
//! the sort that puts the features back in input order moves 17 bytes a
//! feature, not a copy of its incident with every source. Reading them
//! back in input order goes through a small cache, as a feature's
//! neighbours in the input often share its incident.

use std::fs::File;
use std::io::{self, BufWriter, Write};
#[cfg(not(unix))]
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::EventProperties;
use super::spill::{Decoder, Record, Sorted, put};
use crate::{Error, Result};

/// One incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// `{category}@{place_id}/{event_date}` of the representative (with
    /// `-2`, `-3` ... when two incidents would share one).
    pub id: String,
    /// Ids of the documents reporting it, in input order (the first
    /// [`MAX_SOURCES`](super::MAX_SOURCES)).
    pub sources: Vec<String>,
    /// Number of documents reporting it.
    pub source_count: usize,
}

impl Incident {
    /// Appends the JSON members `incident_id`, `sources`, `source_count`,
    /// each preceded by a comma: they complete what
    /// [`EventProperties::write_feature_head`] wrote.
    pub fn write_json_members(&self, out: &mut Vec<u8>) {
        use crate::layer::json;
        out.extend_from_slice(b",\"incident_id\":");
        json::string(out, &self.id);
        out.extend_from_slice(b",\"sources\":");
        json::strings(out, &self.sources);
        out.extend_from_slice(b",\"source_count\":");
        json::unsigned(out, self.source_count as u64);
    }

    /// Sets the `incident_id`, `sources` and `source_count` of `p`.
    pub fn apply(&self, p: &mut EventProperties<'_>) {
        p.incident_id.clone_from(&self.id);
        p.sources.clone_from(&self.sources);
        p.source_count = self.source_count;
    }

    fn encode(&self, out: &mut Vec<u8>) {
        put::bytes(out, self.id.as_bytes());
        put::u64(out, self.source_count as u64);
        put::u64(out, self.sources.len() as u64);
        for s in &self.sources {
            put::bytes(out, s.as_bytes());
        }
    }

    fn decode(input: &mut Decoder<'_>) -> io::Result<Incident> {
        let id = input.string()?;
        let source_count = usize::try_from(input.u64()?).map_err(io::Error::other)?;
        let sources = (0..input.u64()?)
            .map(|_| input.string())
            .collect::<io::Result<_>>()?;
        Ok(Incident {
            id,
            sources,
            source_count,
        })
    }
}

/// A feature's incident.
#[derive(Debug, Clone)]
pub struct Member {
    /// The feature's number, in input order.
    pub index: u64,
    /// Whether the feature speaks for its incident: the finest date, then
    /// the finest place, then the first in input order.
    pub representative: bool,
    /// The incident (shared with the other features read near it).
    pub incident: Arc<Incident>,
}

/// A feature's place in the sort back to input order: its number and
/// where its incident is in the [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slot {
    pub(super) index: u64,
    pub(super) representative: bool,
    /// The incident's number (in memory) or offset (in the file).
    pub(super) at: u64,
}

impl PartialOrd for Slot {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Slot {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl Record for Slot {
    fn encode(&self, out: &mut Vec<u8>) {
        put::u64(out, self.index);
        out.push(u8::from(self.representative));
        put::u64(out, self.at);
    }

    fn decode(input: &mut Decoder<'_>) -> io::Result<Option<Slot>> {
        if input.at_end()? {
            return Ok(None);
        }
        Ok(Some(Slot {
            index: input.u64()?,
            representative: input.u8()? != 0,
            at: input.u64()?,
        }))
    }

    fn memory(&self) -> usize {
        std::mem::size_of::<Slot>()
    }
}

/// Stores incidents as grouping closes them.
pub(super) enum TableWriter {
    Memory(Vec<Arc<Incident>>),
    File {
        dir: PathBuf,
        out: BufWriter<File>,
        written: u64,
        encoded: Vec<u8>,
    },
}

impl TableWriter {
    /// A table in a temporary file in `dir`, or with `None` in memory.
    pub(super) fn new(dir: Option<&Path>) -> Result<TableWriter> {
        let Some(dir) = dir else {
            return Ok(TableWriter::Memory(Vec::new()));
        };
        let file = tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
        Ok(TableWriter::File {
            dir: dir.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, file),
            written: 0,
            encoded: Vec::new(),
        })
    }

    /// Stores `incident`; returns where it is, for [`Table::get`].
    pub(super) fn push(&mut self, incident: Incident) -> Result<u64> {
        match self {
            TableWriter::Memory(incidents) => {
                incidents.push(Arc::new(incident));
                Ok(incidents.len() as u64 - 1)
            }
            TableWriter::File {
                dir,
                out,
                written,
                encoded,
            } => {
                // Length first, so that one read finds the whole record.
                encoded.clear();
                put::u64(encoded, 0);
                incident.encode(encoded);
                let len = encoded.len() as u64 - 8;
                encoded[..8].copy_from_slice(&len.to_le_bytes());
                out.write_all(encoded).map_err(|e| Error::io(&*dir, e))?;
                let at = *written;
                *written += encoded.len() as u64;
                Ok(at)
            }
        }
    }

    /// The table to read from, with a cache of about `memory` bytes.
    pub(super) fn finish(self, memory: usize) -> Result<Table> {
        match self {
            TableWriter::Memory(incidents) => Ok(Table::Memory(incidents)),
            TableWriter::File { dir, out, .. } => {
                let file = out
                    .into_inner()
                    .map_err(|e| Error::io(&dir, e.into_error()))?;
                // An incident takes a few hundred bytes.
                let slots = (memory / 1024).clamp(4, 1 << 12);
                Ok(Table::File {
                    dir,
                    file,
                    cache: vec![None; slots],
                    buffer: Vec::new(),
                })
            }
        }
    }
}

/// Incidents by where [`TableWriter::push`] put them.
pub(super) enum Table {
    Memory(Vec<Arc<Incident>>),
    File {
        dir: PathBuf,
        file: File,
        /// Direct-mapped: an offset's slot is a hash of it.
        cache: Vec<Option<(u64, Arc<Incident>)>>,
        buffer: Vec<u8>,
    },
}

impl Table {
    /// The incident stored at `at`.
    fn get(&mut self, at: u64) -> Result<Arc<Incident>> {
        match self {
            Table::Memory(incidents) => {
                let i = usize::try_from(at).expect("an incident number fits");
                Ok(incidents[i].clone())
            }
            Table::File {
                dir,
                file,
                cache,
                buffer,
            } => {
                // Fibonacci hashing spreads the offsets, which grow in
                // steps of a record's length, over the slots.
                let slot = (at.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % cache.len();
                if let Some((cached, incident)) = &cache[slot]
                    && *cached == at
                {
                    return Ok(incident.clone());
                }
                let incident =
                    Arc::new(read_at(file, at, buffer).map_err(|e| Error::io(&*dir, e))?);
                cache[slot] = Some((at, incident.clone()));
                Ok(incident)
            }
        }
    }
}

/// Reads the incident whose record starts at `at`: one read of a few
/// hundred bytes finds most records whole (a second read gets the rest).
fn read_at(file: &mut File, at: u64, buffer: &mut Vec<u8>) -> io::Result<Incident> {
    const FIRST_READ: usize = 512;
    buffer.clear();
    buffer.resize(FIRST_READ, 0);
    let got = read_some_at(file, at, buffer)?;
    if got < 8 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let len = u64::from_le_bytes(buffer[..8].try_into().expect("8 bytes"));
    let end = usize::try_from(len)
        .ok()
        .and_then(|len| len.checked_add(8))
        .ok_or_else(|| io::Error::other("an incident record too long"))?;
    if end > got {
        buffer.resize(end, 0);
        let rest = &mut buffer[got..end];
        let mut done = 0;
        while done < rest.len() {
            match read_some_at(file, at + (got + done) as u64, &mut rest[done..])? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
    }
    let mut bytes: &[u8] = &buffer[8..end];
    Incident::decode(&mut Decoder::new(&mut bytes))
}

/// Reads up to `buffer.len()` bytes at `at`: one positioned read where the
/// OS has them (no seek, no shared cursor).
#[cfg(unix)]
fn read_some_at(file: &mut File, at: u64, buffer: &mut [u8]) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buffer, at) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(not(unix))]
fn read_some_at(file: &mut File, at: u64, buffer: &mut [u8]) -> io::Result<usize> {
    file.seek(SeekFrom::Start(at))?;
    let mut done = 0;
    while done < buffer.len() {
        match file.read(&mut buffer[done..])? {
            0 => break,
            n => done += n,
        }
    }
    Ok(done)
}

/// The incident of every feature of a run, in input order.
pub struct Grouping {
    slots: Sorted<Slot>,
    table: Table,
    len: usize,
}

impl Grouping {
    pub(super) fn new(slots: Sorted<Slot>, table: Table, len: usize) -> Grouping {
        Grouping { slots, table, len }
    }

    /// Number of features grouped.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there were no features.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Iterator for Grouping {
    type Item = Result<Member>;

    /// The incident of the next feature, in input order.
    fn next(&mut self) -> Option<Result<Member>> {
        let slot = match self.slots.next()? {
            Ok(slot) => slot,
            Err(e) => return Some(Err(e)),
        };
        Some(self.table.get(slot.at).map(|incident| Member {
            index: slot.index,
            representative: slot.representative,
            incident,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Incidents of every size: none to many sources, some records past
    /// the first read of [`read_at`].
    fn incidents() -> Vec<Incident> {
        (0..300)
            .map(|i| Incident {
                id: format!("arrest@place:{i}/2024-01-{:02}", 1 + i % 28),
                sources: (0..(i * 7) % 60)
                    .map(|s| format!("reports/{i}/{s}-{}", "x".repeat(s % 30)))
                    .collect(),
                source_count: (i * 7) % 60 + i % 3,
            })
            .collect()
    }

    #[test]
    fn a_table_on_disk_gives_back_what_one_in_memory_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut in_memory = TableWriter::new(None).unwrap();
        let mut on_disk = TableWriter::new(Some(dir.path())).unwrap();
        let mut places = Vec::new();
        for incident in incidents() {
            let a = in_memory.push(incident.clone()).unwrap();
            let b = on_disk.push(incident).unwrap();
            places.push((a, b));
        }
        assert!(incidents().iter().any(|i| i.sources.len() > 40));
        let mut in_memory = in_memory.finish(0).unwrap();
        // A cache of 4 slots: most reads miss, some hit.
        let mut on_disk = on_disk.finish(0).unwrap();
        // Scrambled order, each incident asked for several times.
        for k in 0..3 * places.len() {
            let (a, b) = places[(k * 7919) % places.len()];
            assert_eq!(in_memory.get(a).unwrap(), on_disk.get(b).unwrap());
        }
    }
}
