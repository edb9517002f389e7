//! `eventmap gazetteer update`: refreshes the gazetteer from the GeoNames
//! dumps, verified, and switches to it atomically.
//!
//! An update:
//! 1. fetches `{CC}.zip` for each country, `admin1CodesASCII.txt` and
//!    `admin2Codes.txt` over HTTP ([`http`], conditional on the validators
//!    in the current [`Manifest`]) or takes them from local files
//!    ([`Source::Local`]);
//! 2. verifies them ([`dump`]): zip structure and CRC-32, every row (19
//!    columns, id, coordinates in range, known feature class); China is cut
//!    to [`UpdateOptions::cn_bbox`];
//! 3. builds a gazetteer from the rows with the same builder as the embedded
//!    one, and refuses it if it has fewer than half the GeoNames rows of the
//!    one it replaces (unless [`UpdateOptions::force`]);
//! 4. writes it with its [`Manifest`] into a staging directory next to the
//!    target, fsyncs, reloads it as a check, and switches ([`switch`]),
//!    keeping the previous gazetteer as `{target}.previous`.
//!
//! Any failure before the switch leaves the current gazetteer untouched.

pub mod dump;
pub mod http;
pub mod manifest;
pub mod progress;
pub mod switch;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use sha2::{Digest, Sha256};

pub use dump::{BBox, Limits};
pub use http::HttpConfig;
pub use manifest::{InputRecord, Manifest, read_manifest};
pub use progress::Progress;
#[doc(hidden)]
pub use switch::FailPoint;

use crate::{Error, Result};
use gazetteer_api::{AdminCode, Gazetteer, GeonamesInput, GeonamesRow, build_with_geonames};

/// The parts of the gazetteer module this one uses.
mod gazetteer_api {
    pub(crate) use crate::gazetteer::Gazetteer;
    pub(crate) use crate::gazetteer::build::{GeonamesInput, build_with_geonames};
    pub(crate) use crate::gazetteer::geonames::{AdminCode, GeonamesRow};
}

/// The GeoNames dump folder.
pub const DEFAULT_SOURCE: &str = "https://download.geonames.org/export/dump/";

/// The countries fetched by default: North Korea, South Korea, China.
pub const DEFAULT_COUNTRIES: [&str; 3] = ["KP", "KR", "CN"];

const ADMIN1_FILE: &str = "admin1CodesASCII.txt";
const ADMIN2_FILE: &str = "admin2Codes.txt";

/// Where the dump files come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A base URL; file names are appended (`{base}/KP.zip`).
    Http(String),
    /// Files already downloaded, for machines without internet: folders
    /// (searched for the file names) and files (matched by file name).
    /// A country may be given as `KP.zip` or as the unzipped `KP.txt`.
    Local(Vec<PathBuf>),
}

/// What to update and how. [`Default`] is the `gazetteer update` default.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// ISO 3166-1 alpha-2 country codes; case-insensitive. Default KP, KR, CN.
    pub countries: Vec<String>,
    /// Where the dumps come from. Default [`DEFAULT_SOURCE`] over HTTP.
    pub source: Source,
    /// The gazetteer directory to replace. Default [`default_gazetteer_dir`].
    pub dir: Option<PathBuf>,
    /// Accept a gazetteer with fewer than half the rows of the current one,
    /// and rebuild even when the inputs did not change. Default false.
    pub force: bool,
    /// Keep only Chinese rows inside this box (`None`: all of China).
    /// Default [`BBox::CN_BORDER`].
    pub cn_bbox: Option<BBox>,
    /// Timeouts, retries, size limit.
    pub http: HttpConfig,
    /// Caps on the uncompressed size and line length of every dump file.
    pub limits: Limits,
    /// Time allowed for the whole update (`--timeout`); `None`: no limit
    /// beyond each download's own.
    pub timeout: Option<Duration>,
    /// Test hook: stop the update at this point. Not for users.
    #[doc(hidden)]
    pub fail_point: Option<FailPoint>,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        UpdateOptions {
            countries: DEFAULT_COUNTRIES.iter().map(|c| c.to_string()).collect(),
            source: Source::Http(DEFAULT_SOURCE.into()),
            dir: None,
            force: false,
            cn_bbox: Some(BBox::CN_BORDER),
            http: HttpConfig::default(),
            limits: Limits::default(),
            timeout: None,
            fail_point: None,
        }
    }
}

/// What an update did.
#[derive(Debug, Clone)]
pub struct UpdateReport {
    /// The gazetteer directory.
    pub dir: PathBuf,
    /// False when the inputs were unchanged and nothing was replaced.
    pub updated: bool,
    /// The backup of the replaced gazetteer, if there was one.
    pub backup: Option<PathBuf>,
    /// The manifest of the gazetteer now in `dir`.
    pub manifest: Manifest,
    /// True if an earlier interrupted switch was completed first.
    pub recovered: bool,
}

/// The directory `gazetteer update` writes to by default:
/// `{data dir}/eventmap/gazetteer`, where the data dir is `$XDG_DATA_HOME`
/// (or `~/.local/share`) on Linux, `~/Library/Application Support` on macOS
/// and `%APPDATA%` on Windows. `None` if the platform has none.
pub fn default_gazetteer_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("eventmap").join("gazetteer"))
}

/// The complete gazetteer installed at `dir` by an update, if any: `dir`
/// itself when it has a manifest, or its backup when an update was stopped
/// between moving `dir` aside and putting the new one in place.
pub fn installed_gazetteer(dir: &Path) -> Option<PathBuf> {
    if dir.join(manifest::MANIFEST_FILE).is_file() {
        return Some(dir.to_path_buf());
    }
    let backup = switch::backup_path(dir);
    (!dir.exists() && backup.join(manifest::MANIFEST_FILE).is_file()).then_some(backup)
}

/// Which gazetteer `extract` and `lookup` use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazetteerChoice {
    /// The directory given with `--gazetteer`.
    Explicit(PathBuf),
    /// The updated gazetteer in the user data directory.
    Updated(PathBuf),
    /// The gazetteer compiled into the binary.
    Embedded,
}

impl GazetteerChoice {
    /// The directory to load, or `None` for the embedded gazetteer.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            GazetteerChoice::Explicit(d) | GazetteerChoice::Updated(d) => Some(d),
            GazetteerChoice::Embedded => None,
        }
    }
}

/// `--gazetteer DIR` if given, else the updated gazetteer in the user data
/// directory if one is installed, else the embedded one.
pub fn choose_gazetteer(explicit: Option<&Path>) -> GazetteerChoice {
    choose_gazetteer_in(explicit, default_gazetteer_dir().as_deref())
}

fn choose_gazetteer_in(explicit: Option<&Path>, updated: Option<&Path>) -> GazetteerChoice {
    if let Some(dir) = explicit {
        return GazetteerChoice::Explicit(dir.to_path_buf());
    }
    match updated.and_then(installed_gazetteer) {
        Some(dir) => GazetteerChoice::Updated(dir),
        None => GazetteerChoice::Embedded,
    }
}

/// One file of the dump folder.
#[derive(Debug, Clone, PartialEq)]
enum InputKind {
    Country(String),
    Admin1,
    Admin2,
}

#[derive(Debug, Clone)]
struct InputSpec {
    /// File name in the dump folder.
    name: String,
    kind: InputKind,
}

/// An input's bytes and where they came from.
struct Obtained {
    spec: InputSpec,
    source: String,
    bytes: Vec<u8>,
    validators: http::Validators,
    /// A local unzipped `{CC}.txt` given for `{CC}.zip`.
    plain_text: bool,
}

/// Runs an update; see the module documentation for the steps.
///
/// The CLI calls it as
/// `run_update(&options, &progress::Stderr::default())` and prints
/// [`UpdateReport`] as a summary line.
pub fn run_update(opts: &UpdateOptions, progress: &dyn Progress) -> Result<UpdateReport> {
    let deadline = opts.timeout.map(|t| Instant::now() + t);
    let countries = normalize_countries(&opts.countries)?;
    let target = match &opts.dir {
        Some(dir) => dir.clone(),
        None => default_gazetteer_dir().ok_or_else(|| {
            Error::Usage("this platform has no user data directory; pass --dir".into())
        })?,
    };
    let target = absolute_target(&target)?;
    switch::check_target(&target)?;
    let recovered = switch::recover(&target)?;
    if recovered {
        progress.note(&format!(
            "restored {} after an interrupted update",
            target.display()
        ));
    }
    switch::remove_stale_staging(&target);
    let cn_bbox = if countries.iter().any(|c| c == "CN") {
        opts.cn_bbox
    } else {
        None
    };
    // The previous inputs only describe the new ones if the same selection
    // was asked for.
    let previous = read_manifest(&target).ok();
    let comparable = previous.as_ref().filter(|m| {
        !opts.force && m.countries == countries && m.cn_bbox == cn_bbox.map(BBox::to_array)
    });
    let specs = input_specs(&countries);

    let obtained = match &opts.source {
        Source::Http(base) => fetch_all(base, &specs, comparable, opts, deadline, progress)?,
        Source::Local(paths) => Some(read_local(paths, &specs, opts)?),
    };
    let unchanged = match (&obtained, comparable) {
        (None, Some(_)) => true,
        (Some(inputs), Some(m)) => inputs.iter().all(|i| {
            m.input(&i.spec.name)
                .is_some_and(|r| r.sha256 == sha256_hex(&i.bytes))
        }),
        _ => false,
    };
    if let (true, Some(manifest)) = (unchanged, comparable) {
        progress.note("the GeoNames dumps are unchanged; gazetteer not rebuilt");
        return Ok(UpdateReport {
            dir: target,
            updated: false,
            backup: None,
            manifest: manifest.clone(),
            recovered,
        });
    }
    let obtained = obtained.expect("all-304 only happens with a comparable manifest");

    check_deadline(deadline, opts)?;
    progress.note("verifying the dumps");
    let (input, records) = parse_inputs(&obtained, cn_bbox, opts.limits)?;
    drop(obtained);
    let geonames_rows = input.rows.len();
    check_size(&target, previous.as_ref(), geonames_rows, opts)?;

    progress.note(&format!(
        "building the gazetteer from {geonames_rows} GeoNames rows"
    ));
    check_deadline(deadline, opts)?;
    let gazetteer = build_with_geonames(input)?;
    let entries = gazetteer.len();
    let manifest = Manifest {
        format_version: manifest::FORMAT_VERSION,
        licence: manifest::LICENCE.into(),
        eventmap_version: env!("CARGO_PKG_VERSION").into(),
        fetched_at: manifest::rfc3339_utc(SystemTime::now()),
        countries,
        cn_bbox: cn_bbox.map(BBox::to_array),
        inputs: records,
        geonames_rows,
        gazetteer_entries: entries,
    };

    let staged = switch::create_staging(&target)?;
    // Removed on SIGINT/SIGTERM; after a SIGKILL, by the next update.
    let _cleanup = crate::interrupt::register(staged.path());
    gazetteer.write_dir(staged.path())?;
    drop(gazetteer);
    // The manifest goes last: a directory with one is complete.
    let manifest_path = staged.path().join(manifest::MANIFEST_FILE);
    std::fs::write(&manifest_path, manifest::to_json(&manifest))
        .map_err(|e| Error::io(&manifest_path, e))?;
    switch::sync_dir(staged.path())?;
    let reloaded = Gazetteer::load_dir(staged.path())?.len();
    if reloaded != entries {
        return Err(Error::Gazetteer {
            path: staged.path().into(),
            message: format!("wrote {entries} entries but read back {reloaded}"),
        });
    }
    check_deadline(deadline, opts)?;
    let backup = switch::switch(staged, &target, opts.fail_point)?;
    Ok(UpdateReport {
        dir: target,
        updated: true,
        backup,
        manifest,
        recovered,
    })
}

/// Fails once the run's `--timeout` has passed (checked between steps; the
/// downloads check it themselves).
fn check_deadline(deadline: Option<Instant>, opts: &UpdateOptions) -> Result<()> {
    match (deadline, opts.timeout) {
        (Some(at), Some(timeout)) if Instant::now() >= at => Err(Error::Http {
            url: source_label(&opts.source),
            message: format!(
                "the update ran out of time (--timeout {} s); the gazetteer is unchanged",
                timeout.as_secs_f64()
            ),
        }),
        _ => Ok(()),
    }
}

/// `dir` as an absolute path with a file name: the staging directory and
/// the backup are its siblings, so it needs a parent (`--dir gaz` is
/// `./gaz`) and a name (`--dir ..` is refused).
fn absolute_target(dir: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(dir).map_err(|e| Error::io(dir, e))?;
    let named = absolute.file_name().is_some_and(|n| n != "." && n != "..");
    if !named || absolute.parent().is_none() {
        return Err(Error::Usage(format!(
            "--dir {}: name a directory to create or replace, such as ~/eventmap-gazetteer",
            dir.display()
        )));
    }
    Ok(absolute)
}

/// Upper-cases and checks country codes, dropping duplicates.
fn normalize_countries(countries: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in countries {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::Usage(format!(
                "invalid country code {:?}: expected two letters such as KP",
                crate::error::escape_for_message(&code, 20)
            )));
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    if out.is_empty() {
        return Err(Error::Usage("no country to update".into()));
    }
    Ok(out)
}

fn input_specs(countries: &[String]) -> Vec<InputSpec> {
    let mut specs: Vec<InputSpec> = countries
        .iter()
        .map(|c| InputSpec {
            name: format!("{c}.zip"),
            kind: InputKind::Country(c.clone()),
        })
        .collect();
    specs.push(InputSpec {
        name: ADMIN1_FILE.into(),
        kind: InputKind::Admin1,
    });
    specs.push(InputSpec {
        name: ADMIN2_FILE.into(),
        kind: InputKind::Admin2,
    });
    specs
}

/// Downloads every input. `None` when every server answered 304 Not
/// Modified. If only some did, those are downloaded again without
/// validators: the gazetteer is rebuilt from all inputs and the unchanged
/// ones are not kept locally.
fn fetch_all(
    base: &str,
    specs: &[InputSpec],
    previous: Option<&Manifest>,
    opts: &UpdateOptions,
    deadline: Option<Instant>,
    progress: &dyn Progress,
) -> Result<Option<Vec<Obtained>>> {
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::Usage(format!(
            "--source must be an http:// or https:// URL, not {:?}",
            crate::error::escape_for_message(base, 200)
        )));
    }
    if let Err(e) = reqwest::Url::parse(base) {
        return Err(Error::Usage(format!(
            "--source {:?} is not a valid URL: {e}",
            crate::error::escape_for_message(base, 200)
        )));
    }
    let fetcher = http::Fetcher::new(opts.http.clone())?.with_deadline(deadline);
    let mut results: Vec<(InputSpec, String, http::Fetched)> = Vec::new();
    for spec in specs {
        let url = format!("{}/{}", base.trim_end_matches('/'), spec.name);
        let validators = previous
            .and_then(|m| m.input(&spec.name))
            .filter(|r| r.source == url)
            .map(|r| http::Validators {
                etag: r.etag.clone(),
                last_modified: r.last_modified.clone(),
            });
        let fetched = fetcher.get(&url, validators.as_ref(), progress)?;
        results.push((spec.clone(), url, fetched));
    }
    if results
        .iter()
        .all(|(_, _, f)| matches!(f, http::Fetched::NotModified))
    {
        return Ok(None);
    }
    let mut obtained = Vec::new();
    for (spec, url, fetched) in results {
        let fetched = match fetched {
            http::Fetched::NotModified => fetcher.get(&url, None, progress)?,
            body => body,
        };
        let http::Fetched::Body { bytes, validators } = fetched else {
            unreachable!("a request without validators cannot get 304");
        };
        obtained.push(Obtained {
            spec,
            source: url,
            bytes,
            validators,
            plain_text: false,
        });
    }
    Ok(Some(obtained))
}

/// Finds and reads every input among local folders and files.
fn read_local(
    paths: &[PathBuf],
    specs: &[InputSpec],
    opts: &UpdateOptions,
) -> Result<Vec<Obtained>> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
                files.push(entry.map_err(|e| Error::io(path, e))?.path());
            }
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
    }
    let find = |name: &str| {
        files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
    };
    let mut obtained = Vec::new();
    for spec in specs {
        let (path, plain_text) = match &spec.kind {
            InputKind::Country(cc) => match find(&spec.name) {
                Some(p) => (p, false),
                None => (
                    find(&format!("{cc}.txt")).ok_or_else(|| missing(&spec.name, paths))?,
                    true,
                ),
            },
            _ => (
                find(&spec.name).ok_or_else(|| missing(&spec.name, paths))?,
                false,
            ),
        };
        // The same caps as a download (zip) or an inflated entry (text).
        let limit = if plain_text || !spec.name.ends_with(".zip") {
            opts.limits.entry_bytes
        } else {
            opts.http.max_bytes
        };
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        if size > limit {
            return Err(Error::Verify {
                source_name: path.display().to_string(),
                message: format!("{size} bytes, over the limit of {limit} bytes"),
            });
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        obtained.push(Obtained {
            spec: spec.clone(),
            source: path.display().to_string(),
            bytes,
            validators: http::Validators::default(),
            plain_text,
        });
    }
    Ok(obtained)
}

fn missing(name: &str, paths: &[PathBuf]) -> Error {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    Error::Usage(format!("{name} not found in --from {}", list.join(", ")))
}

/// Verifies every input and collects the rows to build from.
fn parse_inputs(
    obtained: &[Obtained],
    cn_bbox: Option<BBox>,
    limits: Limits,
) -> Result<(GeonamesInput, Vec<InputRecord>)> {
    let mut rows: Vec<GeonamesRow> = Vec::new();
    let mut records = Vec::new();
    let countries: HashSet<&str> = obtained
        .iter()
        .filter_map(|o| match &o.spec.kind {
            InputKind::Country(cc) => Some(cc.as_str()),
            _ => None,
        })
        .collect();
    let mut admin1 = Vec::new();
    let mut admin2 = Vec::new();
    // Admin codes of a clipped country are kept only if a kept row uses
    // them: the rest of China's prefectures are not wanted.
    let mut used_admin1: HashSet<String> = HashSet::new();
    let mut used_admin2: HashSet<String> = HashSet::new();
    let clipped = |cc: &str| if cc == "CN" { cn_bbox } else { None };
    let wanted = |code: &AdminCode, used: &HashSet<String>| {
        let cc = code.code.split('.').next().unwrap_or("");
        countries.contains(cc) && (clipped(cc).is_none() || used.contains(&code.code))
    };
    for input in obtained {
        let (read, kept) = match &input.spec.kind {
            InputKind::Country(cc) => {
                let clip = clipped(cc);
                let keep =
                    |r: &GeonamesRow| clip.is_none_or(|b| b.contains(r.longitude, r.latitude));
                let parsed = if input.plain_text {
                    dump::read_country_text(&input.bytes[..], &input.source, limits, &keep)?
                } else {
                    dump::read_country_zip(&input.bytes, cc, &input.source, limits, &keep)?
                };
                for row in &parsed.rows {
                    used_admin1.insert(format!("{}.{}", row.country_code, row.admin1_code));
                    used_admin2.insert(format!(
                        "{}.{}.{}",
                        row.country_code, row.admin1_code, row.admin2_code
                    ));
                }
                let kept = parsed.rows.len();
                rows.extend(parsed.rows);
                (parsed.rows_read, kept)
            }
            InputKind::Admin1 => {
                let (codes, read) =
                    dump::read_admin_codes(&input.bytes, &input.source, 1, limits, &|c| {
                        wanted(c, &used_admin1)
                    })?;
                let kept = codes.len();
                admin1 = codes;
                (read, kept)
            }
            InputKind::Admin2 => {
                let (codes, read) =
                    dump::read_admin_codes(&input.bytes, &input.source, 2, limits, &|c| {
                        wanted(c, &used_admin2)
                    })?;
                let kept = codes.len();
                admin2 = codes;
                (read, kept)
            }
        };
        records.push(InputRecord {
            name: input.spec.name.clone(),
            source: input.source.clone(),
            etag: input.validators.etag.clone(),
            last_modified: input.validators.last_modified.clone(),
            sha256: sha256_hex(&input.bytes),
            bytes: input.bytes.len() as u64,
            rows: read,
            rows_kept: kept,
        });
    }
    Ok((
        GeonamesInput {
            rows,
            admin1,
            admin2,
        },
        records,
    ))
}

/// Refuses a new gazetteer with fewer than half the GeoNames rows of the
/// one it replaces: a dump that shrank that much is more likely broken than
/// right.
fn check_size(
    target: &Path,
    previous: Option<&Manifest>,
    new_rows: usize,
    opts: &UpdateOptions,
) -> Result<()> {
    let Some(previous) = previous else {
        return Ok(());
    };
    if opts.force || new_rows * 2 >= previous.geonames_rows {
        return Ok(());
    }
    Err(Error::Verify {
        source_name: source_label(&opts.source),
        message: format!(
            "the new gazetteer would have {new_rows} GeoNames rows, fewer than half of the {} in {}; \
             pass --force to accept it",
            previous.geonames_rows,
            target.display()
        ),
    })
}

fn source_label(source: &Source) -> String {
    match source {
        Source::Http(url) => url.clone(),
        Source::Local(paths) => paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_country_codes() {
        let cases: [(&[&str], Option<&[&str]>); 6] = [
            (&["kp", "KR", " cn "], Some(&["KP", "KR", "CN"])),
            (&["KP", "kp"], Some(&["KP"])),
            (&["KOR"], None),
            (&["K1"], None),
            (&["한국"], None),
            (&[], None),
        ];
        for (input, want) in cases {
            let input: Vec<String> = input.iter().map(|s| s.to_string()).collect();
            let got = normalize_countries(&input).ok();
            let want = want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    #[cfg(unix)]
    fn targets_are_absolute_and_named() {
        let cwd = std::env::current_dir().unwrap();
        let cases = [
            ("gaz", Some(cwd.join("gaz"))),
            ("data/gaz", Some(cwd.join("data/gaz"))),
            ("/tmp/gaz", Some(PathBuf::from("/tmp/gaz"))),
            ("/", None),
            ("..", None),
            ("gaz/..", None),
        ];
        for (dir, want) in cases {
            assert_eq!(absolute_target(Path::new(dir)).ok(), want, "{dir}");
        }
    }

    #[test]
    fn chooses_the_gazetteer() {
        let root = tempfile::tempdir().unwrap();
        let installed = root.path().join("installed");
        std::fs::create_dir(&installed).unwrap();
        std::fs::write(installed.join(manifest::MANIFEST_FILE), "{}").unwrap();
        let interrupted = root.path().join("interrupted");
        let backup = switch::backup_path(&interrupted);
        std::fs::create_dir(&backup).unwrap();
        std::fs::write(backup.join(manifest::MANIFEST_FILE), "{}").unwrap();
        let incomplete = root.path().join("incomplete");
        std::fs::create_dir(&incomplete).unwrap();
        let explicit = root.path().join("mine");
        let cases = [
            (
                Some(&explicit),
                Some(&installed),
                GazetteerChoice::Explicit(explicit.clone()),
            ),
            (
                None,
                Some(&installed),
                GazetteerChoice::Updated(installed.clone()),
            ),
            (
                None,
                Some(&interrupted),
                GazetteerChoice::Updated(backup.clone()),
            ),
            (None, Some(&incomplete), GazetteerChoice::Embedded),
            (None, None, GazetteerChoice::Embedded),
        ];
        for (explicit, updated, want) in cases {
            let got =
                choose_gazetteer_in(explicit.map(|p| p.as_path()), updated.map(|p| p.as_path()));
            assert_eq!(got, want, "{explicit:?} {updated:?}");
        }
    }
}
