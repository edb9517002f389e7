//! `extract` to standard output: documents are mapped as they arrive and
//! each batch is flushed as soon as it is written, so that eventmap works as
//! a filter under `RDD.pipe`, Hadoop streaming or a shell pipeline.
//!
//! A reading thread passes documents over a bounded channel; the mapping
//! side takes whatever has arrived (at least one document, at most one
//! batch), so a slow producer gets each document back at once and a fast
//! one gets full parallel batches.

use std::path::Path;
use std::sync::mpsc;

use super::{
    BATCH_BYTES, BATCH_DOCUMENTS, BatchMapper, DocumentLayers, ExtractOptions, ExtractSummary,
    Geoparser, StreamLayers,
};
use crate::layer::{Format, LayerWriter};
use crate::read::{self, Document, Input, ReadSummary};
use crate::{Error, Result};

/// What the reading thread sends.
enum Message {
    Document(Document),
    Error(Error),
    /// Reading ended (with the counts, or the error that stopped it).
    Done(Result<ReadSummary>),
}

/// Writes the layers chosen by `options.layers` (places by default) to
/// standard output; see [`StreamLayers`] for the layout.
pub(super) fn extract_stream(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    options: &ExtractOptions,
    on_error: &mut dyn FnMut(Error),
) -> Result<ExtractSummary> {
    let layers = options.layers.unwrap_or(StreamLayers::PLACES);
    if layers.is_empty() {
        return Err(Error::Usage("--layers names no layer".to_string()));
    }
    let tagged = layers.len() > 1;
    if tagged && options.format != Format::GeoJsonSeq {
        return Err(Error::Usage(
            "several layers on standard output are written as one GeoJSON text sequence: use --format geojsonseq"
                .to_string(),
        ));
    }
    let mut out = LayerWriter::create(Path::new("-"), options.format)?;
    let mut mapper = BatchMapper::new(options.threads);
    let with_events = layers.incidents || layers.infrastructure;
    geoparser.prepare(with_events);

    // The reader is not joined: after a write error (a closed pipe) it may
    // be blocked on standard input, and the run ends without it.
    let (sender, receiver) = mpsc::sync_channel::<Message>(BATCH_DOCUMENTS);
    let owned_inputs = inputs.to_vec();
    std::thread::spawn(move || {
        let errors = sender.clone();
        let documents = sender.clone();
        let result = read::read_inputs(
            &owned_inputs,
            &mut |doc| {
                documents
                    .send(Message::Document(doc))
                    .map_err(|_| Error::Usage("the output side stopped".to_string()))
            },
            &mut |err| {
                let _ = errors.send(Message::Error(err));
            },
        );
        let _ = sender.send(Message::Done(result));
    });

    let mut summary = ExtractSummary {
        events: with_events,
        ..ExtractSummary::default()
    };
    let mut batch: Vec<Document> = Vec::new();
    let read_summary = loop {
        let mut done = None;
        let mut bytes = 0;
        // Wait for one message, then take what else has already arrived.
        let mut closed = false;
        let mut next = match receiver.recv() {
            Ok(message) => Some(message),
            Err(_) => {
                closed = true;
                None
            }
        };
        while let Some(message) = next {
            match message {
                Message::Document(doc) => {
                    bytes += doc.text.len();
                    batch.push(doc);
                }
                Message::Error(err) => on_error(err),
                Message::Done(result) => {
                    done = Some(result);
                    break;
                }
            }
            if batch.len() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES {
                break;
            }
            next = receiver.try_recv().ok();
        }
        if !batch.is_empty() {
            let mapped = mapper.map(geoparser, &batch, with_events);
            write_batch(
                &mut out,
                mapped,
                layers,
                tagged,
                options.merge,
                &mut summary,
            )?;
            out.flush()?;
            batch.clear();
        }
        match done {
            Some(result) => break result?,
            // The channel closed without a Done: the reader panicked.
            None if closed => {
                return Err(Error::Usage(
                    "reading the input stopped unexpectedly".into(),
                ));
            }
            None => {}
        }
    };
    out.finish()?;
    summary.layers.push("-".into());
    summary.files = read_summary.files;
    summary.documents = read_summary.documents;
    summary.errors = read_summary.errors;
    Ok(summary)
}

/// Appends one batch's features of the chosen layers, counting them: the
/// places, then the events, grouped into the batch's incidents.
fn write_batch(
    out: &mut LayerWriter,
    mapped: Vec<DocumentLayers>,
    layers: StreamLayers,
    tagged: bool,
    merge: bool,
    summary: &mut ExtractSummary,
) -> Result<()> {
    let held_dir = std::env::temp_dir();
    let mut incidents = crate::incident::HeldLayer::new(&held_dir)?;
    let mut infrastructure = crate::incident::HeldLayer::new(&held_dir)?;
    for document in mapped {
        if layers.places {
            summary.places += document.places.len();
            summary.resolved += document.resolved;
            for feature in &document.places {
                if tagged {
                    // Event features carry their `layer` already.
                    out.push_encoded(&feature.tagged("place"))?;
                } else {
                    out.push_encoded(feature)?;
                }
            }
        }
        if layers.incidents {
            for event in document.incidents {
                incidents.push(event)?;
            }
        }
        if layers.infrastructure {
            for event in document.infrastructure {
                infrastructure.push(event)?;
            }
        }
    }
    summary.incidents += incidents.write_to(&mut |f| out.push_encoded(f), merge)?;
    summary.infrastructure += infrastructure.write_to(&mut |f| out.push_encoded(f), merge)?;
    Ok(())
}
