//! Throughput, peak memory and start-up time of the release `eventmap`
//! binary, side by side with two Python place taggers.
//!
//! Run with:
//!
//!     cargo bench --bench throughput                # eventmap only
//!     cargo bench --bench throughput -- --peers     # + geotext and flashgeotext
//!
//! (`cargo bench` builds the optimized binary first; `EVENTMAP_BIN` runs
//! another one; `EVENTMAP_BASELINE_BIN` adds a second table for an older
//! binary, measured run for run alternately with the first, so that a
//! before/after comparison holds on a machine whose load changes.) `--peers` runs `tools/bench_peers.py`, which installs
//! geotext and flashgeotext from PyPI into a venv under `target/bench-venv`
//! (once) and times them on the same corpus in the same run; the table then
//! gives eventmap's speed as a multiple of theirs.
//!
//! The corpus is generated (see `benches/corpus/`): news-like JSON Lines
//! from hand-written templates and place names, short, medium and long
//! documents. Two corpora are measured: English only, and mixed (one
//! document in four Korean). Settings: `EVENTMAP_BENCH_MB` (size of each
//! corpus, default 20), `EVENTMAP_BENCH_RUNS` (best of, default 3),
//! `EVENTMAP_BENCH_MIX` (`en`, `mixed` or `en,mixed`, the default),
//! `--keep DIR` keeps the corpora in DIR.
//!
//! Rows: places only is `extract -o -` (match, resolve, write the places
//! layer to standard output, here /dev/null); all layers adds the
//! classifier and the event layers (written to files). Times are wall
//! times of the whole process, start-up included. Peak memory is the
//! child's VmHWM, read from /proc/<pid>/status while it runs (Linux; "n/a"
//! elsewhere). Start-up is the median wall time of 20 runs of `eventmap
//! gazetteer lookup Hoeryong` (target: under 20 ms). Nothing here asserts
//! on times: this prints tables.

mod corpus;

use std::io::{BufRead, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall time, CPU time (user + system, every thread) and peak resident set
/// of one run.
#[derive(Debug, Clone, Copy)]
struct Measure {
    wall: Duration,
    cpu: Option<Duration>,
    peak_kb: Option<u64>,
}

/// Runs a command to completion; CPU time and peak memory come from the
/// kernel's accounting of the child (`wait4`), so they hold on a busy
/// machine where wall time does not.
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by wait4, which Child does not know
fn run_measured(cmd: &mut Command) -> Measure {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn eventmap");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert!(pid > 0, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "eventmap failed: {status}"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measure {
        wall,
        cpu: Some(tv(usage.ru_utime) + tv(usage.ru_stime)),
        // Linux and the BSDs give kilobytes (macOS bytes: close enough to flag a regression).
        peak_kb: Some(usage.ru_maxrss as u64),
    }
}

/// Runs a command to completion (wall time only).
#[cfg(not(unix))]
fn run_measured(cmd: &mut Command) -> Measure {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn eventmap");
    assert!(status.success(), "eventmap failed: {status}");
    Measure {
        wall: start.elapsed(),
        cpu: None,
        peak_kb: None,
    }
}

/// Best wall time, best CPU time and highest peak memory of `runs` runs.
fn best_of(runs: usize, mut make: impl FnMut() -> Command) -> Measure {
    let measures: Vec<Measure> = (0..runs).map(|_| run_measured(&mut make())).collect();
    best(&measures)
}

/// The best of several measures: least wall and CPU time, highest peak
/// memory.
fn best(measures: &[Measure]) -> Measure {
    let mut best = Measure {
        wall: Duration::MAX,
        cpu: None,
        peak_kb: None,
    };
    for m in measures {
        best.wall = best.wall.min(m.wall);
        best.cpu = match (best.cpu, m.cpu) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        best.peak_kb = best.peak_kb.max(m.peak_kb);
    }
    best
}

/// One eventmap row of a table: MB/s of `mb` megabytes, the ratio to
/// geotext's CPU time, peak memory.
fn print_row(label: &str, m: &Measure, mb: f64, ratio: &dyn Fn(f64) -> String) {
    let cpu = m.cpu.map(|c| c.as_secs_f64());
    let rss = m
        .peak_kb
        .map_or("n/a".into(), |k| format!("{:.0} MB", k as f64 / 1024.0));
    println!(
        "| {label} | {:.1} | {} | {} | {rss} |",
        mb / m.wall.as_secs_f64(),
        cpu.map_or("n/a".into(), |c| format!("{:.1}", mb / c)),
        cpu.map_or(String::new(), ratio),
    );
}

/// The machine's load averages (1, 5, 15 minutes), from /proc/loadavg.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "n/a".into())
}

/// Features in a GeoJSON layer (one a line), read line by line: the bench
/// stays small, since a spawned child's peak RSS as the kernel reports it
/// starts from its parent's.
fn count_features(path: &Path) -> usize {
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    BufReader::new(file)
        .split(b'\n')
        .map_while(Result::ok)
        .filter(|l| l.windows(16).any(|w| w == br#""type":"Feature""#))
        .count()
}

/// One eventmap configuration of the table.
struct Config {
    label: &'static str,
    places_only: bool,
    threads: usize,
}

const CONFIGS: [Config; 4] = [
    Config {
        label: "eventmap, places only, 1 thread",
        places_only: true,
        threads: 1,
    },
    Config {
        label: "eventmap, places only, 2 threads",
        places_only: true,
        threads: 2,
    },
    Config {
        label: "eventmap, all layers, 1 thread",
        places_only: false,
        threads: 1,
    },
    Config {
        label: "eventmap, all layers, 2 threads",
        places_only: false,
        threads: 2,
    },
];

/// Wall and CPU seconds of one Python tagger.
struct Peer {
    name: String,
    wall: f64,
    cpu: f64,
}

/// Times of the Python taggers on a corpus, from `tools/bench_peers.py`.
fn peers(corpus: &Path, runs: usize) -> Vec<Peer> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("python3")
        .arg(root.join("tools/bench_peers.py"))
        .arg(corpus)
        .args(["--runs", &runs.to_string(), "--venv"])
        .arg(root.join("target/bench-venv"))
        .stderr(Stdio::inherit())
        .output();
    let output = match output {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            eprintln!("bench_peers.py failed ({}); no peer figures", o.status);
            return Vec::new();
        }
        Err(e) => {
            eprintln!("python3 not available ({e}); no peer figures");
            return Vec::new();
        }
    };
    // Lines: `name wall_seconds cpu_seconds`.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| {
            let mut cols = l.split_whitespace();
            Some(Peer {
                name: cols.next()?.to_string(),
                wall: cols.next()?.parse().ok()?,
                cpu: cols.next()?.parse().ok()?,
            })
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let with_peers = args.iter().any(|a| a == "--peers");
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    // Cargo builds the binary with the bench profile (optimized) and names it.
    let binary = std::env::var_os("EVENTMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_eventmap")));
    assert!(
        binary.exists(),
        "{} missing (set EVENTMAP_BIN)",
        binary.display()
    );
    let env_num = |name: &str, default: u64| -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mb = env_num("EVENTMAP_BENCH_MB", 20);
    let runs = env_num("EVENTMAP_BENCH_RUNS", 3).max(1) as usize;
    let mixes: Vec<corpus::Mix> = std::env::var("EVENTMAP_BENCH_MIX")
        .unwrap_or_else(|_| "en,mixed".into())
        .split(',')
        .map(|m| corpus::Mix::parse(m.trim()).expect("EVENTMAP_BENCH_MIX: en, mixed"))
        .collect();
    let baseline = std::env::var_os("EVENTMAP_BASELINE_BIN").map(PathBuf::from);
    if let Some(b) = &baseline {
        assert!(
            b.exists(),
            "{} missing (EVENTMAP_BASELINE_BIN)",
            b.display()
        );
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("corpus dir");

    println!("eventmap throughput ({})", binary.display());
    println!("best of {runs} runs; MB/s are megabytes of JSON Lines input per second of wall time");
    // Other jobs on the machine slow wall times (and CPU times less so):
    // the load tells how far the figures can be trusted.
    println!("load average at start: {}", load_average());
    for mix in mixes {
        let name = match mix {
            corpus::Mix::English => "en",
            corpus::Mix::Mixed => "mixed",
        };
        let path = dir.join(format!("corpus-{name}.jsonl"));
        let file = std::fs::File::create(&path).expect("corpus file");
        let (bytes, docs) = corpus::write(&mut BufWriter::new(file), mb * 1_000_000, mix, 13);
        let out = dir.join(format!("out-{name}"));

        let mut rows: Vec<(&str, Measure)> = Vec::new();
        let mut baseline_rows: Vec<(&str, Measure)> = Vec::new();
        for config in &CONFIGS {
            let command = |binary: &Path| {
                let mut cmd = Command::new(binary);
                cmd.arg("extract").arg(&path).arg("-o");
                if config.places_only {
                    cmd.arg("-");
                } else {
                    cmd.arg(&out);
                }
                cmd.args(["--threads", &config.threads.to_string()]);
                cmd
            };
            let (m, b) = match &baseline {
                Some(old) => {
                    let (mut m, mut b) = (Vec::new(), Vec::new());
                    for _ in 0..runs {
                        m.push(best_of(1, || command(&binary)));
                        b.push(best_of(1, || command(old)));
                    }
                    (best(&m), Some(best(&b)))
                }
                None => (best_of(runs, || command(&binary)), None),
            };
            if let Some(b) = b {
                baseline_rows.push((config.label, b));
            }
            rows.push((config.label, m));
        }
        let mentions = count_features(&out.join("places.geojson"));
        println!();
        println!(
            "corpus `{name}`: {:.1} MB, {docs} documents ({:.2} KB each), {:.1} place mentions a KB",
            bytes as f64 / 1e6,
            bytes as f64 / docs as f64 / 1e3,
            mentions as f64 / (bytes as f64 / 1e3)
        );
        let peer_times = if with_peers {
            peers(&path, runs)
        } else {
            Vec::new()
        };
        let geotext_cpu = peer_times
            .iter()
            .find(|p| p.name == "geotext")
            .map(|p| p.cpu);
        let mb = bytes as f64 / 1e6;
        let ratio = |cpu: f64| geotext_cpu.map_or(String::new(), |g| format!("{:.2}", g / cpu));
        println!();
        println!("| tool | MB/s (wall) | MB per CPU second | x geotext (CPU) | peak RSS |");
        println!("|---|---|---|---|---|");
        for (label, m) in &rows {
            print_row(label, m, mb, &ratio);
        }
        for p in &peer_times {
            println!(
                "| {} (Python) | {:.1} | {:.1} | {} | |",
                p.name,
                mb / p.wall,
                mb / p.cpu,
                ratio(p.cpu)
            );
        }
        if !baseline_rows.is_empty() {
            println!();
            println!(
                "baseline ({}), measured alternately with the rows above:",
                baseline
                    .as_ref()
                    .map_or(String::new(), |b| b.display().to_string())
            );
            println!();
            println!("| tool | MB/s (wall) | MB per CPU second | x geotext (CPU) | peak RSS |");
            println!("|---|---|---|---|---|");
            for (label, m) in &baseline_rows {
                print_row(label, m, mb, &ratio);
            }
        }
        let wall = |i: usize| rows[i].1.wall.as_secs_f64();
        println!();
        println!(
            "two threads / one thread (wall): places only {:.2}x, all layers {:.2}x",
            wall(0) / wall(1),
            wall(2) / wall(3)
        );
    }

    println!();
    println!("load average at end: {}", load_average());
    let mut startup: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(&binary)
                .args(["gazetteer", "lookup", "Hoeryong"])
                .stdout(Stdio::null())
                .status()
                .expect("lookup");
            assert!(status.success());
            t.elapsed()
        })
        .collect();
    startup.sort();
    let median = (startup[9] + startup[10]) / 2;
    println!();
    println!(
        "start-up (`gazetteer lookup Hoeryong`, median of 20): {:.1} ms (min {:.1}, max {:.1})",
        median.as_secs_f64() * 1e3,
        startup[0].as_secs_f64() * 1e3,
        startup[19].as_secs_f64() * 1e3
    );
}
