//! The `eventmap` command line: parses arguments, builds the library's
//! configuration and calls the library. Process matters only: exit codes,
//! the one-line error, a broken pipe.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use eventmap::gazetteer::{self, Gazetteer};
use eventmap::update;

/// Mapping allocates and frees many small buffers on several threads;
/// mimalloc serves them from thread-local pages with fewer instructions than
/// the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Maps news reports about North Korea: place mentions, incidents and border
/// infrastructure as GeoJSON layers.
#[derive(Debug, Parser)]
#[command(name = "eventmap", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Find place mentions in articles and write the map layers.
    Extract(ExtractArgs),
    /// Print, for each sentence with an event cue, the places found, the cues
    /// and why each was kept (status, places, link) or dropped.
    Explain(ExplainArgs),
    /// Write a self-contained Leaflet map (map.html) of the layers in DIR.
    Map(MapArgs),
    /// Query and maintain the gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Debug, Args)]
struct GazetteerChoice {
    /// Use the gazetteer in this directory (places.tsv, names.tsv) instead of
    /// the updated or embedded one.
    #[arg(long, value_name = "DIR", global = true)]
    gazetteer: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum GazetteerCommand {
    /// Print the places a name refers to, best first.
    Lookup(LookupArgs),
    /// Counts of places and names by source, country and feature class.
    Stats(StatsArgs),
    /// Refresh the gazetteer from GeoNames dumps (over HTTP, or local files
    /// with --from), verified and switched in atomically.
    Update(UpdateArgs),
    /// Rebuild the bundled gazetteer tables from the embedded source files
    /// into DIR (places.tsv, names.tsv). Used to regenerate `gazetteer/`.
    Build(BuildArgs),
}

// The arguments of `extract`.
#[derive(Debug, Args)]
struct ExtractArgs {
    /// Files (.txt, .md, .jsonl, .json), folders (read recursively), or
    /// `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Output directory for the layers, or `-` for standard output
    /// (the places layer unless --layers says otherwise). Outputs of an
    /// earlier run in DIR that this run does not rewrite (layers of
    /// another format, map.html) are removed.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Layer format [default: geojson; geojsonseq for several layers on
    /// standard output].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// With `-o -`: the layers to write, `all` or a comma-separated list
    /// (places,incidents,infrastructure). Several layers go out as one
    /// GeoJSON text sequence whose features carry a `layer` property;
    /// documents are processed as they arrive.
    #[arg(long, value_name = "LAYERS")]
    layers: Option<String>,
    /// Also write DIR/map.html, a self-contained Leaflet map of the layers
    /// (GeoJSON formats only).
    #[arg(long)]
    html: bool,
    /// Threads that map documents (default: one per core). The output is
    /// the same whatever the number.
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    threads: usize,
    /// One feature per incident: reports of the same category at the same
    /// or a nearby place with overlapping dates are merged, with their
    /// document ids in `sources`.
    #[arg(long)]
    merge: bool,
    #[command(flatten)]
    choice: GazetteerChoice,
}

// The arguments of `explain`.
#[derive(Debug, Args)]
struct ExplainArgs {
    /// Files (.txt, .md, .jsonl, .json), folders, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    #[command(flatten)]
    choice: GazetteerChoice,
}

// The arguments of `map`.
#[derive(Debug, Args)]
struct MapArgs {
    /// Directory holding places, incidents and infrastructure layers.
    dir: PathBuf,
    /// Output file (default DIR/map.html).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add a tile layer from this URL template (for users who are online),
    /// e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
    #[arg(long, value_name = "URL")]
    tiles: Option<String>,
    /// Put at most about N features on the page (one in every
    /// ceil(total / N) of each layer), for layers too large for a browser.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    sample: Option<u64>,
}

// The arguments of `gazetteer lookup`.
#[derive(Debug, Args)]
struct LookupArgs {
    /// The name, in any spelling or script (Hoeryŏng, Hoeryeong, 회령).
    name: String,
    /// Only places in this country (ISO alpha-2, e.g. KP).
    #[arg(long)]
    country: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// At most this many candidates.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[command(flatten)]
    choice: GazetteerChoice,
}

// The arguments of `gazetteer stats`.
#[derive(Debug, Args)]
struct StatsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    choice: GazetteerChoice,
}

// The arguments of `gazetteer update`.
#[derive(Debug, Args)]
struct UpdateArgs {
    /// Countries whose dumps to use (ISO alpha-2, comma separated).
    #[arg(long, value_delimiter = ',', default_value = "KP,KR,CN")]
    countries: Vec<String>,
    /// Base URL of the GeoNames export.
    #[arg(long, value_name = "URL", conflicts_with = "from")]
    source: Option<String>,
    /// Already downloaded dumps: a folder or files ({CC}.zip, {CC}.txt,
    /// admin1CodesASCII.txt, admin2Codes.txt). Repeatable.
    #[arg(long, value_name = "PATH")]
    from: Vec<PathBuf>,
    /// Target gazetteer directory (default: the user data directory,
    /// e.g. ~/.local/share/eventmap/gazetteer).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Accept a much smaller gazetteer, and rebuild even when the dumps
    /// are unchanged.
    #[arg(long)]
    force: bool,
    /// The part of China to keep: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "BBOX", default_value = "121,39,131.5,44")]
    cn_bbox: String,
    /// Give up (leaving the gazetteer as it was) when the whole update
    /// takes longer than this many seconds. Each download also has its
    /// own limit of 10 minutes.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<std::time::Duration>,
}

// The arguments of `gazetteer build`.
#[derive(Debug, Args)]
struct BuildArgs {
    /// Target directory.
    dir: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    /// RFC 7946 FeatureCollections (.geojson).
    Geojson,
    /// RFC 8142 GeoJSON text sequences (.geojsons).
    Geojsonseq,
    /// One OGC GeoPackage, DIR/eventmap.gpkg, with fixed field types and
    /// QGIS styles.
    Gpkg,
    /// One KML 2.2 document, DIR/eventmap.kml, for Google Earth.
    Kml,
}

/// Exit codes.
#[derive(Debug, Clone, Copy)]
enum Exit {
    Success = 0,
    /// Nothing found (unknown name) or some inputs failed.
    Incomplete = 1,
    /// The command could not run (bad arguments, unreadable gazetteer, I/O).
    Error = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    remove_temp_files_on_signals();
    match run(cli) {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("eventmap: {err:#}");
            ExitCode::from(Exit::Error as u8)
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP: removes the run's temporary files and lock
/// (see `eventmap::interrupt`), then exits with 128 + the signal number, as
/// a shell reports a process killed by it.
fn remove_temp_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        // Without the handler, temp files of an interrupted run are removed
        // by the next run in that folder.
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            eventmap::interrupt::remove_registered();
            std::process::exit(128 + signal);
        }
    });
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                e.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            .or_else(|| match e.downcast_ref::<eventmap::Error>() {
                Some(eventmap::Error::Io { cause, .. }) => Some(cause.kind()),
                _ => None,
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Explain(args) => explain(args),
        Command::Map(args) => map(args),
        Command::Gazetteer(GazetteerCommand::Lookup(args)) => lookup(args),
        Command::Gazetteer(GazetteerCommand::Stats(args)) => stats(args),
        Command::Gazetteer(GazetteerCommand::Update(args)) => update_gazetteer(args),
        Command::Gazetteer(GazetteerCommand::Build(args)) => build(args),
    }
}

/// Runs `extract`: maps the inputs and writes the layers (and the map page).
fn extract(args: ExtractArgs) -> Result<Exit> {
    let options = extract_options(&args)?;
    let gazetteer = load_gazetteer(&args.choice)?;
    let geoparser = eventmap::pipeline::Geoparser::new(&gazetteer, Default::default());
    let inputs: Vec<_> = args
        .inputs
        .iter()
        .map(|i| eventmap::read::Input::parse(i))
        .collect();
    let html = args.html;
    // The map page is part of the folder's set: it is written from
    // the staged layers and replaced together with them.
    let mut add_map = |set: &mut eventmap::layer::set::LayerSet| {
        if html {
            let map = set.path(eventmap::layer::output::MAP_FILE);
            let staged = set.staging_dir().to_path_buf();
            let page =
                eventmap::map::write_map(&staged, &map, &eventmap::map::MapOptions::default())?;
            warn_large_page(&page);
        }
        Ok(())
    };
    let summary = eventmap::pipeline::extract_with(
        &geoparser,
        &inputs,
        &options,
        &mut |err| eprintln!("eventmap: {err}"),
        &mut add_map,
    )?;
    report_extract(&summary, is_stdout(&args.output));
    Ok(if summary.errors > 0 {
        Exit::Incomplete
    } else {
        Exit::Success
    })
}

/// Whether an output path is `-`, standard output.
fn is_stdout(output: &std::path::Path) -> bool {
    output == std::path::Path::new("-")
}

/// The validated configuration of an `extract` run: the layers, the format
/// (GeoJSON text sequences when several layers go to standard output) and
/// the flags that do not go together refused.
fn extract_options(args: &ExtractArgs) -> Result<eventmap::pipeline::ExtractOptions> {
    let layers = args
        .layers
        .as_deref()
        .map(eventmap::pipeline::StreamLayers::parse)
        .transpose()?;
    let several = layers.is_some_and(|l| l.len() > 1);
    let to_stdout = is_stdout(&args.output);
    if args.html && to_stdout {
        anyhow::bail!("--html needs an output directory, not -o -");
    }
    if args.html && matches!(args.format, Some(FormatArg::Gpkg | FormatArg::Kml)) {
        anyhow::bail!(
            "--html draws GeoJSON layers: use it with --format geojson or geojsonseq \
             (write the GeoPackage or KML to another folder)"
        );
    }
    Ok(eventmap::pipeline::ExtractOptions {
        out: args.output.clone(),
        format: match args.format {
            Some(FormatArg::Geojson) => eventmap::layer::Format::GeoJson,
            Some(FormatArg::Geojsonseq) => eventmap::layer::Format::GeoJsonSeq,
            Some(FormatArg::Gpkg) => eventmap::layer::Format::Gpkg,
            Some(FormatArg::Kml) => eventmap::layer::Format::Kml,
            None if several && to_stdout => eventmap::layer::Format::GeoJsonSeq,
            None => eventmap::layer::Format::GeoJson,
        },
        layers,
        threads: args.threads,
        merge: args.merge,
    })
}

/// Tells the user what an `extract` run did: notes, the outputs of an
/// earlier run it removed, the summary line, features left out of KML.
fn report_extract(summary: &eventmap::pipeline::ExtractSummary, to_stdout: bool) {
    for note in &summary.notes {
        eprintln!("eventmap: note: {note}");
    }
    // The folder holds this run's outputs only: layers or a map page
    // of an earlier run would show other data (and the map would
    // read them). The commit removed them under the folder's lock.
    for stale in &summary.removed {
        eprintln!(
            "eventmap: removed {} (an earlier run's; this run did not write it)",
            stale.display()
        );
    }
    eprintln!("eventmap: {}", summary_line(summary, to_stdout));
    let left_out: usize = summary.left_out.iter().sum();
    if left_out > 0 {
        eprintln!(
            "eventmap: {left_out} features without a point are not in the KML \
             (KML places every feature on the globe)"
        );
    }
}

/// Runs `explain`: prints the classifier's decisions per sentence.
fn explain(args: ExplainArgs) -> Result<Exit> {
    let ExplainArgs { inputs, choice } = args;
    let gazetteer = load_gazetteer(&choice)?;
    let geoparser = eventmap::pipeline::Geoparser::new(&gazetteer, Default::default());
    let inputs: Vec<_> = inputs
        .iter()
        .map(|i| eventmap::read::Input::parse(i))
        .collect();
    let mut stdout = std::io::stdout().lock();
    let summary = eventmap::read::read_inputs(
        &inputs,
        &mut |doc| {
            use std::io::Write;
            let report = eventmap::explain::explain_text(&geoparser, &doc.id, &doc.text);
            stdout
                .write_all(report.as_bytes())
                .map_err(|e| eventmap::Error::io(std::path::Path::new("-"), e))
        },
        &mut |err| eprintln!("eventmap: {err}"),
    )?;
    Ok(if summary.errors > 0 {
        Exit::Incomplete
    } else {
        Exit::Success
    })
}

/// Runs `map`: writes the Leaflet page of a folder's layers.
fn map(args: MapArgs) -> Result<Exit> {
    let MapArgs {
        dir,
        output,
        tiles,
        sample,
    } = args;
    let in_dir = output.is_none() && dir.is_dir();
    let out = output.unwrap_or_else(|| dir.join("map.html"));
    let has_layers = eventmap::map::LayerKind::ALL.iter().any(|kind| {
        let path = dir.join(kind.file_name());
        path.is_file() || path.with_extension("geojsons").is_file()
    });
    if dir.is_dir() && !has_layers {
        anyhow::bail!(
            "{} holds no layers (places.geojson, incidents.geojson, infrastructure.geojson \
             or .geojsons): write them with `eventmap extract ... -o {}`",
            dir.display(),
            dir.display()
        );
    }
    let options = eventmap::map::MapOptions {
        tiles,
        sample: sample.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        ..eventmap::map::MapOptions::default()
    };
    let page = if in_dir {
        // The page joins the folder's set: the lock keeps an extract
        // run from replacing the layers while they are read.
        let mut set = eventmap::layer::set::LayerSet::begin(&dir)?;
        for note in set.notes() {
            eprintln!("eventmap: note: {note}");
        }
        let staged = set.path(eventmap::layer::output::MAP_FILE);
        let page = eventmap::map::write_map(&dir, &staged, &options)?;
        set.commit()?;
        page
    } else {
        eventmap::map::write_map(&dir, &out, &options)?
    };
    let sampled = if page.stride > 1 {
        format!(", one in {} of {} features", page.stride, page.features)
    } else {
        String::new()
    };
    eprintln!(
        "eventmap: wrote {} ({} features{sampled})",
        out.display(),
        page.written
    );
    warn_large_page(&page);
    Ok(Exit::Success)
}

/// Runs `gazetteer lookup`: prints the places a name refers to.
fn lookup(args: LookupArgs) -> Result<Exit> {
    let LookupArgs {
        name,
        country,
        json,
        limit,
        choice,
    } = args;
    let gazetteer = load_gazetteer(&choice)?;
    if let Some(code) = &country
        && !gazetteer
            .places()
            .iter()
            .any(|p| p.country.eq_ignore_ascii_case(code))
    {
        anyhow::bail!(
            "unknown country code {:?}: no place in the {} gazetteer has it \
             (--country takes an ISO 3166-1 alpha-2 code such as KP, KR or CN)",
            eventmap::error::escape_for_message(code, 20),
            gazetteer.origin()
        );
    }
    let geoparser = eventmap::pipeline::Geoparser::new(&gazetteer, Default::default());
    let places = geoparser.lookup(&name, country.as_deref());
    let places = &places[..places.len().min(limit)];
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<_> = places.iter().map(|p| place_json(&gazetteer, p)).collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for place in places {
            writeln!(out, "{}", place_line(&gazetteer, place))?;
        }
    }
    if places.is_empty() {
        eprintln!(
            "eventmap: no place named {:?} in the {} gazetteer",
            eventmap::error::escape_for_message(&name, 80),
            gazetteer.origin()
        );
        return Ok(Exit::Incomplete);
    }
    Ok(Exit::Success)
}

/// Runs `gazetteer stats`: prints the counts of places and names.
fn stats(args: StatsArgs) -> Result<Exit> {
    let StatsArgs { json, choice } = args;
    let gazetteer = load_gazetteer(&choice)?;
    let mut stats = gazetteer::Stats::of(&gazetteer);
    if let Some(dir) = update::choose_gazetteer(choice.gazetteer.as_deref()).dir() {
        stats.manifest_date = update::read_manifest(dir).ok().map(|m| m.fetched_at);
    }
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        write!(out, "{stats}")?;
    }
    Ok(Exit::Success)
}

/// Runs `gazetteer update`: refreshes the gazetteer from GeoNames dumps.
fn update_gazetteer(args: UpdateArgs) -> Result<Exit> {
    let UpdateArgs {
        countries,
        source,
        from,
        dir,
        force,
        cn_bbox,
        timeout,
    } = args;
    let mut options = update::UpdateOptions {
        countries,
        force,
        cn_bbox: Some(cn_bbox.parse().context("--cn-bbox")?),
        timeout,
        ..update::UpdateOptions::default()
    };
    options.dir = dir;
    if !from.is_empty() {
        options.source = update::Source::Local(from);
    } else if let Some(url) = source {
        options.source = update::Source::Http(url);
    }
    let report = update::run_update(&options, &update::progress::Stderr::default())?;
    if report.updated {
        let manifest = update::read_manifest(&report.dir)?;
        eprintln!(
            "eventmap: updated {}: {} GeoNames rows, {} places",
            report.dir.display(),
            manifest.geonames_rows,
            manifest.gazetteer_entries
        );
    } else {
        eprintln!("eventmap: {} is up to date", report.dir.display());
    }
    Ok(Exit::Success)
}

/// Runs `gazetteer build`: writes the bundled gazetteer tables.
fn build(args: BuildArgs) -> Result<Exit> {
    let BuildArgs { dir } = args;
    let gazetteer = gazetteer::build::build_bundled().context("building the bundled gazetteer")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    gazetteer.write_dir(&dir)?;
    eprintln!(
        "eventmap: wrote {} places to {}",
        gazetteer.len(),
        dir.display()
    );
    Ok(Exit::Success)
}

/// A positive number of seconds (`--timeout 90`, `--timeout 0.5`).
fn parse_seconds(text: &str) -> std::result::Result<std::time::Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s < 1e9 => Ok(std::time::Duration::from_secs_f64(s)),
        _ => Err(format!(
            "expected a positive number of seconds, not {text:?}"
        )),
    }
}

/// The one-line summary of an extraction.
fn summary_line(summary: &eventmap::pipeline::ExtractSummary, to_stdout: bool) -> String {
    let mut line = format!(
        "{} documents, {} place mentions ({} resolved)",
        summary.documents, summary.places, summary.resolved
    );
    if to_stdout && !summary.events {
        line.push_str(" written to standard output (events are written only to a folder: -o DIR)");
    } else {
        line.push_str(&format!(
            ", {} incidents, {} infrastructure",
            summary.incidents, summary.infrastructure
        ));
    }
    if summary.errors > 0 {
        line.push_str(&format!(
            ", {} inputs skipped or unreadable (listed above)",
            summary.errors
        ));
    }
    line
}

/// The gazetteer to use: `--gazetteer DIR`, else the updated one in the
/// user data directory, else the embedded one.
fn load_gazetteer(choice: &GazetteerChoice) -> Result<std::borrow::Cow<'static, Gazetteer>> {
    match update::choose_gazetteer(choice.gazetteer.as_deref()).dir() {
        Some(dir) => Ok(std::borrow::Cow::Owned(Gazetteer::load_dir(dir)?)),
        None => Ok(std::borrow::Cow::Borrowed(Gazetteer::embedded())),
    }
}

fn admin1_name<'a>(gazetteer: &'a Gazetteer, place: &gazetteer::Place) -> &'a str {
    gazetteer
        .admin1(&place.admin1)
        .map_or("", |p| p.name.as_str())
}

fn place_line(gazetteer: &Gazetteer, p: &gazetteer::Place) -> String {
    format!(
        "{:<22} {:<24} {:<6} {:<3} {:<6} {:<18} {:<16} {:>9} {:>10} {:>11}  {}",
        p.id,
        p.name,
        p.feature_code,
        p.country,
        p.admin1,
        admin1_name(gazetteer, p),
        p.admin2,
        p.population,
        gazetteer::format_coordinate(p.point.y()),
        gazetteer::format_coordinate(p.point.x()),
        p.source
    )
}

fn place_json(gazetteer: &Gazetteer, p: &gazetteer::Place) -> serde_json::Value {
    serde_json::json!({
        "id": p.id,
        "name": p.name,
        "feature_class": p.feature_class,
        "feature_code": p.feature_code,
        "country": p.country,
        "admin1_code": p.admin1,
        "admin1": admin1_name(gazetteer, p),
        "admin2_code": p.admin2,
        "population": p.population,
        "lat": p.point.y(),
        "lon": p.point.x(),
        "source": p.source,
        "confidence": p.confidence,
        "names": p.names.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
    })
}

/// The map page writer never runs out of memory, but a browser does: say so
/// when the page holds more than it can show.
fn warn_large_page(page: &eventmap::map::MapSummary) {
    if let Some(warning) = page.warning() {
        eprintln!("eventmap: warning: {warning}");
    }
}
