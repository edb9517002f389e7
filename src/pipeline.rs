//! The whole chain for one run: read documents, find and resolve their
//! place mentions, classify events, write the layers.

use std::path::{Path, PathBuf};

use crate::gazetteer::Gazetteer;
use crate::layer::{Format, LayerWriter, places};
use crate::matcher::Matcher;
use crate::read::{self, Document, Input};
use crate::resolve::{self, Resolution, ResolveOptions};
use crate::{Error, Result};

/// Finds and resolves place mentions with one gazetteer.
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    matcher: Matcher,
    options: ResolveOptions,
}

impl<'g> Geoparser<'g> {
    /// A geoparser over `gazetteer` (builds the name automaton).
    pub fn new(gazetteer: &'g Gazetteer, options: ResolveOptions) -> Geoparser<'g> {
        Geoparser {
            gazetteer,
            matcher: Matcher::new(gazetteer),
            options,
        }
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// Every place mention of `text`, resolved.
    pub fn places(&self, text: &str) -> Vec<Resolution> {
        let mentions = self.matcher.find(self.gazetteer, text);
        resolve::resolve(self.gazetteer, text, mentions, &self.options)
    }
}

/// Where and how `extract` writes.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Output directory, or `-` for standard output (places layer only).
    pub out: PathBuf,
    /// Layer format.
    pub format: Format,
}

/// What an `extract` run did.
#[derive(Debug, Clone, Default)]
pub struct ExtractSummary {
    /// Input files read.
    pub files: usize,
    /// Documents processed.
    pub documents: usize,
    /// Inputs (files or lines) that could not be read.
    pub errors: usize,
    /// Place mentions written.
    pub places: usize,
    /// Place mentions resolved to a point.
    pub resolved: usize,
    /// Layer files written.
    pub layers: Vec<PathBuf>,
}

/// Runs the whole chain over `inputs`. Bad inputs are passed to `on_error`
/// and counted; the run goes on.
pub fn extract(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    options: &ExtractOptions,
    on_error: &mut dyn FnMut(Error),
) -> Result<ExtractSummary> {
    let to_stdout = options.out == Path::new("-");
    if !to_stdout {
        std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    }
    let layer_path = |name: &str| -> PathBuf {
        if to_stdout {
            PathBuf::from("-")
        } else {
            options
                .out
                .join(format!("{name}.{}", options.format.extension()))
        }
    };
    let places_path = layer_path("places");
    let mut places_layer = LayerWriter::create(&places_path, options.format)?;
    let mut summary = ExtractSummary::default();
    let gazetteer = geoparser.gazetteer();
    let read_summary = read::read_inputs(
        inputs,
        &mut |doc: Document| {
            let resolutions = geoparser.places(&doc.text);
            for r in &resolutions {
                places_layer.push(&places::place_feature(gazetteer, &doc.id, &doc.text, r))?;
                summary.places += 1;
                summary.resolved += usize::from(r.place.is_some());
            }
            Ok(())
        },
        on_error,
    )?;
    places_layer.finish()?;
    summary.layers.push(places_path);
    summary.files = read_summary.files;
    summary.documents = read_summary.documents;
    summary.errors = read_summary.errors;
    Ok(summary)
}
