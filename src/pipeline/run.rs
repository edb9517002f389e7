//! How `extract` runs: on the calling thread for one thread, or as a
//! pipeline of a reader, mapping threads and an in-order writer.

use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, mpsc};

use super::{Geoparser, Mapped, ThreadCaches, map_into};
use crate::incident::HeldLayer;
use crate::layer::output::LayerSet;
use crate::layer::schema::LayerName;
use crate::read::{self, Document, Input};
use crate::{Error, Result};

/// Documents a mapping thread of `extract` takes at a time, at most: small
/// batches keep every thread busy to the end of the input and little memory
/// in flight.
const PIPELINE_DOCUMENTS: usize = 64;
/// Bytes of text a mapping thread of `extract` takes at a time, at most.
const PIPELINE_BYTES: usize = 256 << 10;
/// Batches read but not yet written, at most, per mapping thread: bounds
/// the memory held when one batch is slow to map.
const BATCHES_IN_FLIGHT: usize = 4;

/// Where `extract` writes mapped features: the layer files, and the event
/// features held for the whole run (their incidents span documents).
pub(super) struct Writer<'a> {
    pub(super) layers: &'a mut LayerSet,
    pub(super) held: Option<(HeldLayer, HeldLayer)>,
    pub(super) places: usize,
    pub(super) resolved: usize,
}

impl Writer<'_> {
    /// Writes (or holds) the features of `mapped`, leaving it empty.
    fn write(&mut self, mapped: &mut Mapped) -> Result<()> {
        self.layers.push_all(LayerName::Places, &mapped.places)?;
        self.places += mapped.places.len();
        self.resolved += mapped.resolved;
        if let Some((incidents, infrastructure)) = &mut self.held {
            for event in mapped.incidents.drain(..) {
                incidents.push(event)?;
            }
            for event in mapped.infrastructure.drain(..) {
                infrastructure.push(event)?;
            }
        }
        mapped.clear();
        Ok(())
    }
}

/// Reads, maps and writes on the calling thread, one document at a time.
pub(super) fn run_sequential(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    writer: &mut Writer<'_>,
    on_error: &mut dyn FnMut(Error),
) -> Result<read::ReadSummary> {
    let with_events = writer.held.is_some();
    let mut caches = ThreadCaches::default();
    let mut mapped = Mapped::default();
    read::read_inputs(
        inputs,
        &mut |doc: Document| {
            map_into(geoparser, &doc, with_events, &mut caches, &mut mapped);
            writer.write(&mut mapped)
        },
        on_error,
    )
}

/// A pipeline: this thread reads documents and hands them out in batches,
/// `threads` mapping threads map and serialize them, a writer thread puts
/// the batches back in input order and writes them. Reading and writing
/// overlap with mapping; the output is the same bytes as one thread's.
pub(super) fn run_parallel(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    writer: &mut Writer<'_>,
    threads: usize,
    on_error: &mut dyn FnMut(Error),
) -> Result<read::ReadSummary> {
    let with_events = writer.held.is_some();
    let in_flight = BATCHES_IN_FLIGHT * threads;
    let (batch_tx, batch_rx) = mpsc::sync_channel::<(usize, Vec<Document>)>(in_flight);
    let batch_rx = Mutex::new(batch_rx);
    let (mapped_tx, mapped_rx) =
        mpsc::sync_channel::<(usize, std::thread::Result<Mapped>)>(in_flight);
    // One token per batch in flight: the reader takes one before handing a
    // batch out, the writer gives it back once the batch is written.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_tx.send(()).expect("the receiver is alive");
    }
    // Written batches' buffers, for the mapping threads to fill again.
    let spare: Mutex<Vec<Mapped>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let batch_rx = &batch_rx;
            let spare = &spare;
            let mapped_tx = mapped_tx.clone();
            scope.spawn(move || {
                let mut caches = ThreadCaches::default();
                loop {
                    // The guard is dropped before mapping starts.
                    let next = batch_rx.lock().map_or(Err(mpsc::RecvError), |rx| rx.recv());
                    let Ok((seq, docs)) = next else { break };
                    let mut mapped = spare
                        .lock()
                        .ok()
                        .and_then(|mut s| s.pop())
                        .unwrap_or_default();
                    // A panic is handed to the writer, which raises it again:
                    // the writer must not wait for a batch that never comes.
                    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        for doc in &docs {
                            map_into(geoparser, doc, with_events, &mut caches, &mut mapped);
                        }
                        mapped
                    }));
                    if mapped_tx.send((seq, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(mapped_tx);
        let spare = &spare;
        let writing = scope.spawn(move || -> Result<()> {
            let mut pending = std::collections::BTreeMap::new();
            let mut next = 0;
            for (seq, mapped) in mapped_rx {
                pending.insert(seq, mapped);
                while let Some(mapped) = pending.remove(&next) {
                    let mut mapped =
                        mapped.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    writer.write(&mut mapped)?;
                    if let Ok(mut spare) = spare.lock() {
                        spare.push(mapped);
                    }
                    next += 1;
                    // The reader may be gone (it stops on a read error).
                    let _ = token_tx.send(());
                }
            }
            Ok(())
        });
        let stopped = || {
            Error::io(
                "<layers>",
                std::io::Error::other("the layer writer stopped"),
            )
        };
        let mut batch: Vec<Document> = Vec::new();
        let mut batch_bytes = 0;
        let mut seq = 0;
        let mut hand_out = |batch: &mut Vec<Document>| -> Result<()> {
            token_rx.recv().map_err(|_| stopped())?;
            batch_tx
                .send((seq, std::mem::take(batch)))
                .map_err(|_| stopped())?;
            seq += 1;
            Ok(())
        };
        let read = read::read_inputs(
            inputs,
            &mut |doc: Document| {
                batch_bytes += doc.text.len();
                batch.push(doc);
                if batch.len() >= PIPELINE_DOCUMENTS || batch_bytes >= PIPELINE_BYTES {
                    batch_bytes = 0;
                    hand_out(&mut batch)?;
                }
                Ok(())
            },
            on_error,
        );
        let read = read.and_then(|summary| {
            if !batch.is_empty() {
                hand_out(&mut batch)?;
            }
            Ok(summary)
        });
        // No more batches: the mapping threads finish, then the writer.
        drop(batch_tx);
        let written = writing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A write error explains a reader that found the writer gone.
        written?;
        read
    })
}
