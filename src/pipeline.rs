//! The whole chain for one run: read documents, find and resolve their
//! place mentions, classify events, write the layers.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::classify::{self, Layer, PlaceLevel, PlaceRef};
use crate::gazetteer::Gazetteer;
use crate::gazetteer::Level;
use crate::incident::HeldLayer;
use crate::layer::events::{self, DocumentInfo, EventPlace};
use crate::layer::output::LayerSet;
use crate::layer::schema::LayerName;
use crate::layer::set::LayerSet as FileSet;
use crate::layer::{EncodedFeature, EncodedFeatures, Format, places};
use crate::matcher::Matcher;
use crate::read::{Document, Input};
use crate::resolve::{self, Resolution, ResolveOptions};
use crate::{Error, Result};

mod run;
mod stream;

use run::{Writer, run_parallel, run_sequential};

/// Finds and resolves place mentions with one gazetteer.
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    /// Built on first use: `gazetteer lookup` answers most names from the
    /// gazetteer's index and never needs the automaton (about 100 ms).
    matcher: OnceLock<Matcher>,
    options: ResolveOptions,
}

impl<'g> Geoparser<'g> {
    /// A geoparser over `gazetteer`. The name automaton is built when first
    /// needed, or by [`Geoparser::prepare`].
    pub fn new(gazetteer: &'g Gazetteer, options: ResolveOptions) -> Geoparser<'g> {
        Geoparser {
            gazetteer,
            matcher: OnceLock::new(),
            options,
        }
    }

    /// Builds what mapping documents needs, the tables on separate threads
    /// (the name automaton, the gazetteer's phonetic index, the classifier's
    /// lexicons), so that start-up takes about the time of the longest one
    /// rather than their sum. `with_events`: the classifier's tables too.
    pub fn prepare(&self, with_events: bool) -> &Self {
        std::thread::scope(|scope| {
            scope.spawn(|| self.gazetteer.prepare());
            if with_events {
                scope.spawn(warm_up_events);
            }
            self.matcher();
        });
        self
    }

    /// The name automaton and its lookups, built on first use.
    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| Matcher::new(self.gazetteer))
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// The places `name` refers to, best first, as
    /// [`Gazetteer::lookup`] gives them; when it finds none, `name` is read
    /// as a mention in text is, so that a designator is understood
    /// ("Hoeryong County", "Musan-gun", "회령시"): the places of the mention
    /// that covers the whole name, of a level the designator fits.
    pub fn lookup(&self, name: &str, country: Option<&str>) -> Vec<&'g crate::gazetteer::Place> {
        let found = self.gazetteer.lookup(name, country);
        if !found.is_empty() {
            return found;
        }
        let name = name.trim();
        let mentions = self.matcher().find(self.gazetteer, name);
        let Some(mention) = mentions
            .iter()
            .find(|m| m.span.start == 0 && m.span.end == name.len())
        else {
            return Vec::new();
        };
        let mut places: Vec<_> = mention
            .candidates
            .iter()
            .map(|&id| self.gazetteer.place(id))
            .filter(|p| country.is_none_or(|c| p.country.eq_ignore_ascii_case(c)))
            .filter(|p| mention.designator.is_none_or(|d| d.fits(p.level())))
            .collect();
        // The gazetteer's order for the bare name: primary names, then
        // importance and population.
        let order = self.gazetteer.lookup(&mention.key, country);
        places.sort_by_key(|p| {
            order
                .iter()
                .position(|o| o.id == p.id)
                .unwrap_or(usize::MAX)
        });
        places
    }

    /// Every place mention of `text`, resolved.
    pub fn places(&self, text: &str) -> Vec<Resolution> {
        let mentions = self.matcher().find(self.gazetteer, text);
        resolve::resolve(self.gazetteer, text, mentions, &self.options)
    }
}

/// Builds the classifier's and the date finder's tables (cue automaton,
/// linking words, date forms), which are built on first use, by running
/// them on a sentence that needs them all.
fn warm_up_events() {
    const TEXT: &str = "On 3 May 2020 two smugglers were arrested near the border.";
    let _ = classify::classify(TEXT, &[]);
    let _ = crate::when::event_date(TEXT, 0..TEXT.len(), None, crate::when::Tense::Past);
}

/// Where and how `extract` writes.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Output directory, or `-` for standard output (places layer only).
    pub out: PathBuf,
    /// Layer format.
    pub format: Format,
    /// The layers written to standard output (default: places only). A
    /// directory always gets every layer.
    pub layers: Option<StreamLayers>,
    /// Threads that map documents (0: one per available core). The output
    /// does not depend on it.
    pub threads: usize,
    /// Write one feature per incident (see [`crate::incident`]) rather than
    /// one per report.
    pub merge: bool,
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
    /// Incident features written.
    pub incidents: usize,
    /// Infrastructure features written.
    pub infrastructure: usize,
    /// Files written (layers and their styles; none for standard output).
    pub layers: Vec<PathBuf>,
    /// What was found and done about earlier interrupted runs in the output
    /// folder (one line each).
    pub notes: Vec<String>,
    /// Outputs of an earlier run that this run did not write and removed
    /// (a folder never mixes the layers or map page of two runs).
    pub removed: Vec<PathBuf>,
    /// Features not written, per layer in [`LayerName::ALL`] order (KML
    /// cannot hold features without a point).
    pub left_out: [usize; 3],
    /// Whether the event layers were mapped (not for standard output).
    pub events: bool,
}

/// A choice of layers, for standard output.
///
/// One layer is written as it would be to a file, in the chosen format.
/// Several are written as one GeoJSON text sequence (RFC 8142) in which
/// every Feature carries a `layer` property: `place` (added first among a
/// place's properties), `incident` or `infrastructure` (the event layers'
/// own). Each batch of documents (what has arrived, at most
/// [`BATCH_DOCUMENTS`]) is written as its places, then its incidents, then
/// its infrastructure; incidents group the reports of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLayers {
    /// The places layer.
    pub places: bool,
    /// The incidents layer.
    pub incidents: bool,
    /// The infrastructure layer.
    pub infrastructure: bool,
}

impl StreamLayers {
    /// Every layer.
    pub const ALL: StreamLayers = StreamLayers {
        places: true,
        incidents: true,
        infrastructure: true,
    };
    /// The places layer only.
    pub const PLACES: StreamLayers = StreamLayers {
        places: true,
        incidents: false,
        infrastructure: false,
    };

    /// Parses `all` or a comma-separated list of layer names
    /// (`places,incidents`).
    pub fn parse(list: &str) -> Result<StreamLayers> {
        if list.trim() == "all" {
            return Ok(StreamLayers::ALL);
        }
        let mut set = StreamLayers {
            places: false,
            incidents: false,
            infrastructure: false,
        };
        for name in list.split(',').map(str::trim) {
            match name {
                "places" => set.places = true,
                "incidents" => set.incidents = true,
                "infrastructure" => set.infrastructure = true,
                other => {
                    return Err(Error::Usage(format!(
                        "unknown layer \"{}\" (expected all, or places, incidents, infrastructure separated by commas)",
                        crate::error::escape_for_message(other, 40)
                    )));
                }
            }
        }
        Ok(set)
    }

    /// Number of layers chosen.
    pub fn len(self) -> usize {
        usize::from(self.places) + usize::from(self.incidents) + usize::from(self.infrastructure)
    }

    /// True when no layer is chosen.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// Documents mapped together, at most (their layers are held in memory
/// until written).
pub const BATCH_DOCUMENTS: usize = 1024;
/// Bytes of text mapped together, at most.
pub const BATCH_BYTES: usize = 8 << 20;

/// The features of one document, serialized by the thread that mapped it.
#[derive(Debug, Clone)]
pub struct DocumentLayers {
    /// Places-layer features, in the order of the mentions.
    pub places: Vec<EncodedFeature>,
    /// How many of the place mentions were resolved to a point.
    pub resolved: usize,
    /// Incidents-layer features, held until their incidents are known.
    pub incidents: Vec<EventRow>,
    /// Infrastructure-layer features, held likewise.
    pub infrastructure: Vec<EventRow>,
}
/// Maps batches of documents in parallel, the way `extract` does, keeping
/// its per-thread caches from one batch to the next. Other front ends (the
/// Python package) use it so that their features are the CLI's, byte for
/// byte.
pub struct BatchMapper {
    caches: Vec<ThreadCaches>,
}

impl BatchMapper {
    /// A mapper with `threads` threads (0: one per available core).
    pub fn new(threads: usize) -> BatchMapper {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        BatchMapper {
            caches: (0..threads).map(|_| Default::default()).collect(),
        }
    }

    /// The features of each document of `batch`, in input order; the event
    /// layers stay empty unless `with_events`. Batches of at most
    /// [`BATCH_DOCUMENTS`] documents and [`BATCH_BYTES`] bytes are what
    /// `extract` maps at once; the features do not depend on the batch size.
    pub fn map(
        &mut self,
        geoparser: &Geoparser<'_>,
        batch: &[Document],
        with_events: bool,
    ) -> Vec<DocumentLayers> {
        map_batch(geoparser, batch, with_events, &mut self.caches)
    }
}

/// An event feature held until the run's incidents are known.
pub type EventRow = crate::incident::HeldEvent;

/// Maps a batch of documents, split in contiguous chunks over one thread
/// per border-distance cache; the result is in input order.
fn map_batch(
    geoparser: &Geoparser<'_>,
    batch: &[Document],
    with_events: bool,
    caches: &mut [ThreadCaches],
) -> Vec<DocumentLayers> {
    if batch.is_empty() {
        return Vec::new();
    }
    let map_chunk = |docs: &[Document], thread_caches: &mut ThreadCaches| {
        let mut mapped = Mapped::default();
        docs.iter()
            .map(|doc| {
                mapped.clear();
                map_into(geoparser, doc, with_events, thread_caches, &mut mapped);
                mapped.take_document_layers()
            })
            .collect::<Vec<_>>()
    };
    if caches.len() == 1 || batch.len() == 1 {
        return map_chunk(batch, &mut caches[0]);
    }
    let chunk = batch.len().div_ceil(caches.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .zip(caches.iter_mut())
            .map(|(docs, caches)| scope.spawn(move || map_chunk(docs, caches)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a mapping thread panicked"))
            .collect()
    })
}

/// The features of a run of documents, serialized by the thread that
/// mapped them, in input order.
#[derive(Debug, Default)]
struct Mapped {
    /// Places-layer features, one after another in one buffer.
    places: EncodedFeatures,
    /// How many of the place mentions were resolved to a point.
    resolved: usize,
    /// Incidents-layer features, held until their incidents are known.
    incidents: Vec<EventRow>,
    /// Infrastructure-layer features, held likewise.
    infrastructure: Vec<EventRow>,
}

impl Mapped {
    /// Forgets the features, keeping the buffers.
    fn clear(&mut self) {
        self.places.clear();
        self.resolved = 0;
        self.incidents.clear();
        self.infrastructure.clear();
    }

    /// The features as [`BatchMapper`] hands them out, one document's.
    fn take_document_layers(&mut self) -> DocumentLayers {
        DocumentLayers {
            places: self
                .places
                .iter()
                .map(|(json, point)| EncodedFeature::from_json(json.to_vec(), point))
                .collect(),
            resolved: self.resolved,
            incidents: std::mem::take(&mut self.incidents),
            infrastructure: std::mem::take(&mut self.infrastructure),
        }
    }
}

/// What a mapping thread keeps from one document to the next.
#[derive(Debug, Default)]
struct ThreadCaches {
    /// Border distances of the event points.
    borders: events::BorderDistances,
    /// The places layer's writer, with its places serialized so far.
    places: places::PlaceFeatureWriter,
}

/// Finds, resolves and classifies one document's places and events, and
/// serializes its features at the end of `out`.
fn map_into(
    geoparser: &Geoparser<'_>,
    doc: &Document,
    with_events: bool,
    caches: &mut ThreadCaches,
    out: &mut Mapped,
) {
    let gazetteer = geoparser.gazetteer();
    let resolutions = geoparser.places(&doc.text);
    let info = DocumentInfo {
        id: &doc.id,
        text: &doc.text,
        date: doc.date.as_deref(),
        source: doc.source.as_deref(),
        title: doc.title.as_deref(),
    };
    caches
        .places
        .write_document(gazetteer, info, &resolutions, &mut out.places);
    out.resolved += resolutions.iter().filter(|r| r.place.is_some()).count();
    if !with_events {
        return;
    }
    let refs = place_refs(gazetteer, &resolutions);
    let mut dates = crate::when::Dates::new(&doc.text);
    for event in classify::classify(&doc.text, &refs) {
        let place = event.place.and_then(|i| {
            let r = &resolutions[i];
            r.place.map(|id| EventPlace {
                place: gazetteer.place(id),
                mention: (r.mention.span.start, r.mention.span.end),
            })
        });
        let feature = EventRow::new(
            place.map(|e| e.place.point),
            events::event_properties(
                gazetteer,
                info,
                &event,
                place,
                &mut caches.borders,
                &mut dates,
            ),
        );
        match event.category.layer() {
            Layer::Incident => out.incidents.push(feature),
            Layer::Infrastructure => out.infrastructure.push(feature),
        }
    }
}

/// Runs the whole chain over `inputs`. Bad inputs are passed to `on_error`
/// and counted; the run goes on. When every input fails, no layer is
/// written and existing layers in the output directory stay as they were.
pub fn extract(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    options: &ExtractOptions,
    on_error: &mut dyn FnMut(Error),
) -> Result<ExtractSummary> {
    extract_with(geoparser, inputs, options, on_error, &mut |_| Ok(()))
}

/// [`extract`], with `more` called before the layers are committed: it
/// writes further files of the run into the [`FileSet`] (the map page,
/// another format), which are then replaced together with the layers. Not
/// called when writing to standard output or when every input failed.
pub fn extract_with(
    geoparser: &Geoparser<'_>,
    inputs: &[Input],
    options: &ExtractOptions,
    on_error: &mut dyn FnMut(Error),
    more: &mut dyn FnMut(&mut FileSet) -> Result<()>,
) -> Result<ExtractSummary> {
    let to_stdout = options.out == Path::new("-");
    match options.layers {
        Some(layers) if to_stdout && layers != StreamLayers::PLACES => {
            return stream::extract_stream(geoparser, inputs, options, on_error);
        }
        Some(layers) if !to_stdout && layers != StreamLayers::ALL => {
            return Err(Error::Usage(
                "--layers chooses layers for standard output (-o -); a directory gets every layer"
                    .to_string(),
            ));
        }
        _ => {}
    }
    // The files are written into the staging folder of the output
    // folder's set and committed together at the end (see `layer::set`).
    let set = if to_stdout {
        None
    } else {
        Some(FileSet::begin(&options.out)?)
    };
    let target = match &set {
        Some(set) => set.staging_dir().to_path_buf(),
        None => options.out.clone(),
    };
    let mut layers = LayerSet::create(&target, options.format)?;
    let with_events = layers.has(LayerName::Incidents);
    geoparser.prepare(with_events);
    let mut summary = ExtractSummary {
        events: with_events,
        notes: set.as_ref().map(|s| s.notes().to_vec()).unwrap_or_default(),
        ..ExtractSummary::default()
    };
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let mut writer = Writer {
        layers: &mut layers,
        // Event features wait in temporary files for the whole run: their
        // incidents span documents.
        held: match with_events {
            true => Some((HeldLayer::new(&options.out)?, HeldLayer::new(&options.out)?)),
            false => None,
        },
        places: 0,
        resolved: 0,
    };
    let read_summary = if threads == 1 {
        run_sequential(geoparser, inputs, &mut writer, on_error)?
    } else {
        run_parallel(geoparser, inputs, &mut writer, threads, on_error)?
    };
    summary.places = writer.places;
    summary.resolved = writer.resolved;
    let held = writer.held.take();
    summary.files = read_summary.files;
    summary.documents = read_summary.documents;
    summary.errors = read_summary.errors;
    if summary.documents == 0 && summary.errors > 0 && !to_stdout {
        // Every input failed: keep the layers of an earlier run rather than
        // replacing them with empty ones (the writers' temporary files are
        // removed when they are dropped).
        return Ok(summary);
    }
    if let Some((held_incidents, held_infrastructure)) = held {
        (summary.incidents, summary.infrastructure) = write_held(
            &mut layers,
            held_incidents,
            held_infrastructure,
            threads,
            options.merge,
        )?;
    }
    let written = layers.finish()?;
    summary.left_out = written.left_out;
    match set {
        Some(mut set) => {
            for file in &written.files {
                if let Some(name) = file.file_name().and_then(|n| n.to_str()) {
                    set.path(name);
                }
            }
            more(&mut set)?;
            // The set is the folder's whole output: earlier runs' files it
            // does not hold go with the commit, under the folder's lock.
            let committed = set.commit_as_whole_output()?;
            summary.layers = committed.written;
            summary.removed = committed.removed;
        }
        None => summary.layers = written.files,
    }
    Ok(summary)
}

/// Groups the held event features into incidents and writes the two event
/// layers; returns how many features each got. Once every document is
/// mapped this is most of what is left, so with threads to spare the two
/// layers are grouped at once, and written at once when each has a file of
/// its own.
fn write_held(
    layers: &mut LayerSet,
    incidents: HeldLayer,
    infrastructure: HeldLayer,
    threads: usize,
    merge: bool,
) -> Result<(usize, usize)> {
    if threads == 1 {
        let to_incidents =
            incidents.write_to(&mut |f| layers.push(LayerName::Incidents, f), merge)?;
        let to_infrastructure =
            infrastructure.write_to(&mut |f| layers.push(LayerName::Infrastructure, f), merge)?;
        return Ok((to_incidents, to_infrastructure));
    }
    if let Some((incidents_file, infrastructure_file)) =
        layers.writers_of(LayerName::Incidents, LayerName::Infrastructure)
    {
        return std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                infrastructure.write_to(&mut |f| infrastructure_file.push_encoded(f), merge)
            });
            let to_incidents = incidents.write_to(&mut |f| incidents_file.push_encoded(f), merge);
            let to_infrastructure: Result<usize> = join(other);
            Ok((to_incidents?, to_infrastructure?))
        });
    }
    // One file for every layer: grouped at once, written one after the other.
    let (incidents, infrastructure) = std::thread::scope(|scope| {
        let other = scope.spawn(|| infrastructure.grouped());
        let incidents = incidents.grouped();
        (incidents, join(other))
    });
    let (incidents, infrastructure) = (incidents?, infrastructure?);
    let to_incidents = incidents.write_to(&mut |f| layers.push(LayerName::Incidents, f), merge)?;
    let to_infrastructure =
        infrastructure.write_to(&mut |f| layers.push(LayerName::Infrastructure, f), merge)?;
    Ok((to_incidents, to_infrastructure))
}

/// What the thread of `handle` returned; its panic, raised again.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The classifier's view of the resolved mentions: span, level and the
/// identity of the place.
pub fn place_refs(gazetteer: &Gazetteer, resolutions: &[Resolution]) -> Vec<PlaceRef> {
    resolutions
        .iter()
        .map(|r| {
            let place = r.place.map(|id| gazetteer.place(id));
            PlaceRef {
                start: r.mention.span.start,
                end: r.mention.span.end,
                resolved: place.is_some(),
                level: match place.map(|p| p.level()) {
                    Some(Level::Country) => PlaceLevel::Country,
                    Some(Level::Province) => PlaceLevel::Province,
                    Some(Level::County) => PlaceLevel::County,
                    Some(Level::City) => PlaceLevel::City,
                    _ => PlaceLevel::Point,
                },
                key: place.map_or_else(
                    || format!("unresolved:{}", r.mention.key),
                    |p| p.id.to_string(),
                ),
                region: place.map(|p| p.admin1.to_string()).unwrap_or_default(),
            }
        })
        .collect()
}
