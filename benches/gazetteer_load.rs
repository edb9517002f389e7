//! Benchmark: loading an updated gazetteer the size of all GeoNames
//! populated places worldwide (~200,000 rows) must take under 1 s and
//! 500 MB. Also times an update from local dump files.
//!
//! `cargo bench --bench gazetteer_load` synthesizes the large gazetteer by
//! repeating the bundled GeoNames rows under new ids, writes it to a temp
//! directory, then loads it in a fresh child process (so that the peak
//! memory measured is the load's alone) and checks both limits; it exits
//! non-zero when one is exceeded.
//!
//! Other modes (arguments after `--`):
//! - `load DIR`: load DIR, print the time and peak RSS (Linux).
//! - `update FROM DIR [COUNTRIES]`: run `gazetteer update --from FROM --dir DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use eventmap::gazetteer::Gazetteer;
use eventmap::gazetteer::build::{build_with_geonames, bundled_geonames};
use eventmap::update::{self, Source, UpdateOptions};

const TARGET_ROWS: usize = 200_000;
const MAX_LOAD_SECS: f64 = 1.0;
const MAX_LOAD_MB: f64 = 500.0;

fn main() -> ExitCode {
    // cargo bench passes `--bench`; skip flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("load") => load(Path::new(&args[1])).map(|_| true),
        Some("update") => update_from(&args[1..]).map(|_| true),
        Some("make") => make_large(Path::new(&args[1])).map(|_| true),
        _ => large(),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("gazetteer_load: {e}");
            ExitCode::FAILURE
        }
    }
}

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Loads `dir`, prints entries, seconds and peak RSS; returns both numbers.
fn load(dir: &Path) -> BenchResult<(f64, f64)> {
    let start = Instant::now();
    let gazetteer = Gazetteer::load_dir(dir)?;
    let secs = start.elapsed().as_secs_f64();
    let mb = peak_rss_mb().unwrap_or(f64::NAN);
    println!(
        "load {} entries in {secs:.3} s, peak RSS {mb:.1} MB",
        gazetteer.len()
    );
    Ok((secs, mb))
}

/// Peak resident set size of this process (VmHWM), Linux only.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Synthesizes the large gazetteer into `dir` (an existing directory).
fn make_large(dir: &Path) -> BenchResult<()> {
    let bundled = bundled_geonames()?;
    let mut input = bundled.clone();
    input.rows.clear();
    let mut copy = 0u64;
    while input.rows.len() < TARGET_ROWS {
        for row in &bundled.rows {
            let mut row = row.clone();
            // New ids well above GeoNames' range; same names, as worldwide
            // data repeats names too.
            row.geonameid = 100_000_000 + copy * 1_000_000 + row.geonameid % 1_000_000;
            input.rows.push(row);
        }
        copy += 1;
    }
    input.rows.truncate(TARGET_ROWS);
    let rows = input.rows.len();
    let start = Instant::now();
    let gazetteer = build_with_geonames(input)?;
    println!(
        "built {} entries from {rows} GeoNames rows in {:.2} s",
        gazetteer.len(),
        start.elapsed().as_secs_f64()
    );
    gazetteer.write_dir(dir)?;
    let size: u64 = ["places.tsv", "names.tsv"]
        .iter()
        .map(|f| std::fs::metadata(dir.join(f)).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!("tables: {:.1} MB", size as f64 / 1e6);
    Ok(())
}

fn large() -> BenchResult<bool> {
    let dir = tempfile::tempdir()?;
    make_large(dir.path())?;
    let output = std::process::Command::new(std::env::current_exe()?)
        .arg("load")
        .arg(dir.path())
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return Ok(false);
    }
    let numbers: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (secs, mb) = (numbers[1], numbers[2]);
    let ok = secs < MAX_LOAD_SECS && mb < MAX_LOAD_MB;
    println!(
        "{}: load {secs:.3} s (limit {MAX_LOAD_SECS} s), {mb:.1} MB (limit {MAX_LOAD_MB} MB)",
        if ok { "PASS" } else { "FAIL" }
    );
    Ok(ok)
}

fn update_from(args: &[String]) -> BenchResult<()> {
    let (from, dir) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let mut options = UpdateOptions {
        source: Source::Local(vec![from]),
        dir: Some(dir.clone()),
        force: true,
        ..UpdateOptions::default()
    };
    if let Some(countries) = args.get(2) {
        options.countries = countries.split(',').map(String::from).collect();
    }
    let start = Instant::now();
    let report = update::run_update(&options, &update::progress::Stderr::default())?;
    println!(
        "update in {:.2} s: {} GeoNames rows, {} entries",
        start.elapsed().as_secs_f64(),
        report.manifest.geonames_rows,
        report.manifest.gazetteer_entries
    );
    for input in &report.manifest.inputs {
        println!(
            "  {}: {} rows read, {} kept",
            input.name, input.rows, input.rows_kept
        );
    }
    load(&dir)?;
    Ok(())
}
