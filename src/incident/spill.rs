//! Sorting more records than memory should hold: an external merge sort.
//!
//! Grouping a run's event features into incidents sorts them three times
//! (by category and date, by incident, by input order). A run over an
//! archive has millions of features; holding them all would make memory
//! grow with the corpus. A [`Sorter`] keeps records in memory up to a
//! budget, then writes them out sorted as a run in a temporary file (removed
//! by the OS whatever happens); [`Sorter::finish`] merges the runs, reading
//! each one front to back. A sort that fits the budget never touches the
//! disk.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Runs merged at once, at most: each holds an open file and a read
/// buffer. More runs are first merged, this many at a time, into longer
/// ones.
const FAN_IN: usize = 64;

/// A record a [`Sorter`] can write out and read back.
pub trait Record: Ord + Sized {
    /// Appends the record's encoding to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// Reads the next record, or `None` at the end of the input.
    fn decode(input: &mut Decoder<'_>) -> io::Result<Option<Self>>;
    /// About how many bytes of memory the record takes, heap included.
    fn memory(&self) -> usize;
}

/// Sorts records, spilling sorted runs to temporary files in a folder
/// when they outgrow the memory budget.
pub struct Sorter<T: Record> {
    /// Where runs go; `None`: everything stays in memory.
    dir: Option<PathBuf>,
    budget: usize,
    buffer: Vec<T>,
    buffered: usize,
    runs: Vec<File>,
}

impl<T: Record> Sorter<T> {
    /// A sorter whose runs go to temporary files in `dir` once the records
    /// held take more than `budget` bytes; with `dir` `None` it holds every
    /// record.
    pub fn new(dir: Option<&Path>, budget: usize) -> Sorter<T> {
        Sorter {
            dir: dir.map(Path::to_path_buf),
            budget,
            buffer: Vec::new(),
            buffered: 0,
            runs: Vec::new(),
        }
    }

    /// Adds a record.
    pub fn push(&mut self, record: T) -> Result<()> {
        self.buffered += record.memory();
        self.buffer.push(record);
        if self.buffered > self.budget && self.dir.is_some() {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the records held as one sorted run.
    fn spill(&mut self) -> Result<()> {
        let dir = self.dir.as_deref().expect("spilling needs a folder");
        let io = |e| Error::io(dir, e);
        self.buffer.sort_unstable();
        let mut file = tempfile::tempfile_in(dir).map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 16, &mut file);
        let mut encoded = Vec::new();
        for record in self.buffer.drain(..) {
            encoded.clear();
            record.encode(&mut encoded);
            out.write_all(&encoded).map_err(io)?;
        }
        out.flush().map_err(io)?;
        drop(out);
        file.rewind().map_err(io)?;
        self.runs.push(file);
        self.buffered = 0;
        Ok(())
    }

    /// The records in order (equal records in no set order).
    pub fn finish(mut self) -> Result<Sorted<T>> {
        if self.runs.is_empty() {
            self.buffer.sort_unstable();
            return Ok(Sorted {
                memory: self.buffer.into_iter(),
                merge: None,
            });
        }
        if !self.buffer.is_empty() {
            self.spill()?;
        }
        let dir = self.dir.clone().expect("runs were spilled to a folder");
        let mut runs = std::mem::take(&mut self.runs);
        while runs.len() > FAN_IN {
            let rest = runs.split_off(FAN_IN);
            let mut merged = Merge::<T>::new(&dir, runs)?.into_run()?;
            merged.rewind().map_err(|e| Error::io(&dir, e))?;
            runs = std::iter::once(merged).chain(rest).collect();
        }
        Ok(Sorted {
            memory: Vec::new().into_iter(),
            merge: Some(Merge::new(&dir, runs)?),
        })
    }
}

/// The sorted records of a [`Sorter`].
pub struct Sorted<T: Record> {
    memory: std::vec::IntoIter<T>,
    merge: Option<Merge<T>>,
}

/// The k-way merge of spilled runs: the next record of each run, smallest
/// first.
struct Merge<T: Record> {
    dir: PathBuf,
    runs: Vec<BufReader<File>>,
    heads: BinaryHeap<Reverse<Head<T>>>,
}

/// The next record of run `run`.
struct Head<T> {
    record: T,
    run: usize,
}

impl<T: Ord> PartialEq for Head<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T: Ord> Eq for Head<T> {}

impl<T: Ord> PartialOrd for Head<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: Ord> Ord for Head<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Records are sorted unstably within a run: equal records come out
        // in no set order (every record the grouping sorts is distinct).
        (&self.record, self.run).cmp(&(&other.record, other.run))
    }
}

impl<T: Record> Merge<T> {
    /// The merge of `runs`, each read from its start.
    fn new(dir: &Path, runs: Vec<File>) -> Result<Merge<T>> {
        let mut merge = Merge {
            dir: dir.to_path_buf(),
            runs: runs
                .into_iter()
                .map(|f| BufReader::with_capacity(1 << 16, f))
                .collect(),
            heads: BinaryHeap::new(),
        };
        for run in 0..merge.runs.len() {
            merge.refill(run)?;
        }
        Ok(merge)
    }

    /// Writes the merged records to a new run.
    fn into_run(mut self) -> Result<File> {
        let dir = self.dir.clone();
        let io = |e| Error::io(&dir, e);
        let mut file = tempfile::tempfile_in(&self.dir).map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 16, &mut file);
        let mut encoded = Vec::new();
        while let Some(Reverse(Head { record, run })) = self.heads.pop() {
            encoded.clear();
            record.encode(&mut encoded);
            out.write_all(&encoded).map_err(io)?;
            self.refill(run)?;
        }
        out.flush().map_err(io)?;
        drop(out);
        Ok(file)
    }

    fn refill(&mut self, run: usize) -> Result<()> {
        let mut decoder = Decoder(&mut self.runs[run]);
        match T::decode(&mut decoder) {
            Ok(Some(record)) => {
                self.heads.push(Reverse(Head { record, run }));
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(Error::io(&self.dir, e)),
        }
    }
}

impl<T: Record> Iterator for Sorted<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let Some(merge) = &mut self.merge else {
            return self.memory.next().map(Ok);
        };
        let Reverse(Head { record, run }) = merge.heads.pop()?;
        match merge.refill(run) {
            Ok(()) => Some(Ok(record)),
            Err(e) => Some(Err(e)),
        }
    }
}

/// Reads the fields of records written with [`put`].
pub struct Decoder<'a>(&'a mut dyn BufRead);

impl<'a> Decoder<'a> {
    /// A decoder of the records in `input`.
    pub fn new(input: &'a mut dyn BufRead) -> Decoder<'a> {
        Decoder(input)
    }

    /// True at the end of the input (no record follows).
    pub fn at_end(&mut self) -> io::Result<bool> {
        Ok(self.0.fill_buf()?.is_empty())
    }

    /// The next `N` bytes.
    pub fn bytes<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut bytes = [0; N];
        self.0.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// A byte.
    pub fn u8(&mut self) -> io::Result<u8> {
        Ok(self.bytes::<1>()?[0])
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes()?))
    }

    /// A little-endian `i32`.
    pub fn i32(&mut self) -> io::Result<i32> {
        Ok(i32::from_le_bytes(self.bytes()?))
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.bytes()?))
    }

    /// A little-endian `f64`.
    pub fn f64(&mut self) -> io::Result<f64> {
        Ok(f64::from_le_bytes(self.bytes()?))
    }

    /// A byte string with its length before it.
    pub fn byte_string(&mut self) -> io::Result<Vec<u8>> {
        let len = usize::try_from(self.u64()?).map_err(io::Error::other)?;
        let mut bytes = vec![0; len];
        self.0.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// A string with its length before it.
    pub fn string(&mut self) -> io::Result<String> {
        String::from_utf8(self.byte_string()?).map_err(io::Error::other)
    }
}

/// Writes the fields of a record for [`Decoder`].
pub mod put {
    /// A little-endian `u32`.
    pub fn u32(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian `i32`.
    pub fn i32(out: &mut Vec<u8>, v: i32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian `u64`.
    pub fn u64(out: &mut Vec<u8>, v: u64) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A little-endian `f64`.
    pub fn f64(out: &mut Vec<u8>, v: f64) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    /// A byte string with its length before it.
    pub fn bytes(out: &mut Vec<u8>, v: &[u8]) {
        u64(out, v.len() as u64);
        out.extend_from_slice(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct Pair(u32, String);

    impl Record for Pair {
        fn encode(&self, out: &mut Vec<u8>) {
            put::u32(out, self.0);
            put::bytes(out, self.1.as_bytes());
        }

        fn decode(input: &mut Decoder<'_>) -> io::Result<Option<Self>> {
            if input.at_end()? {
                return Ok(None);
            }
            Ok(Some(Pair(input.u32()?, input.string()?)))
        }

        fn memory(&self) -> usize {
            std::mem::size_of::<Self>() + self.1.len()
        }
    }

    fn records() -> Vec<Pair> {
        // A scrambled order with repeated keys.
        (0..5000u32)
            .map(|i| Pair((i * 7919) % 1013, format!("r{}", i % 17)))
            .collect()
    }

    fn sorted(dir: Option<&Path>, budget: usize) -> (Vec<Pair>, usize) {
        let mut sorter = Sorter::new(dir, budget);
        for r in records() {
            sorter.push(r).unwrap();
        }
        let runs = sorter.runs.len();
        let out = sorter.finish().unwrap().map(Result::unwrap).collect();
        (out, runs)
    }

    #[test]
    fn spilled_runs_merge_into_the_order_of_a_sort_in_memory() {
        let mut expected = records();
        expected.sort();
        let dir = tempfile::tempdir().unwrap();
        let (in_memory, runs) = sorted(None, 1000);
        assert_eq!(runs, 0);
        assert_eq!(in_memory, expected);
        let (spilled, runs) = sorted(Some(dir.path()), 4096);
        assert!(runs > 10, "{runs} runs");
        assert_eq!(spilled, expected);
        // More runs than are merged at once: merged in two rounds.
        let (spilled, runs) = sorted(Some(dir.path()), 256);
        assert!(runs > 2 * FAN_IN, "{runs} runs");
        assert_eq!(spilled, expected);
        let (one_run, runs) = sorted(Some(dir.path()), usize::MAX);
        assert_eq!(runs, 0);
        assert_eq!(one_run, expected);
    }

    #[test]
    fn no_records() {
        let dir = tempfile::tempdir().unwrap();
        let sorter: Sorter<Pair> = Sorter::new(Some(dir.path()), 0);
        assert_eq!(sorter.finish().unwrap().count(), 0);
    }
}
