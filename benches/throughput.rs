//! Throughput, peak memory and start-up time of the release `eventmap` binary.
//!
//! Run with:
//!
//!     cargo bench --bench throughput
//!
//! (`cargo bench` builds the optimized binary first; `EVENTMAP_BIN` runs another one.) Set `EVENTMAP_BENCH_MB`
//! to change the corpus size (default 100 MB).
//!
//! The corpus is JSON Lines built in a temp dir from real text repeated: the
//! reference sample (tests/data/samples/dailynk-border-barriers.txt, split in
//! paragraphs) and the annotated texts of tests/data/quality. Each record gets
//! its own id. The per-core figure runs `extract --threads 1`; the second
//! figure uses the default, one mapping thread per core.
//!
//! Peak memory is the child's VmHWM, read from /proc/<pid>/status while it
//! runs (Linux; "n/a" elsewhere). Start-up time is the median wall time of 20
//! runs of `eventmap gazetteer lookup Hoeryong` (target: under 20 ms).
//! Nothing here asserts on times: this prints a table.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The texts the corpus repeats.
fn source_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let sample = std::fs::read_to_string(repo("tests/data/samples/dailynk-border-barriers.txt"))
        .expect("tests/data/samples/dailynk-border-barriers.txt");
    texts.push(sample.clone());
    texts.extend(
        sample
            .split("\n\n")
            .map(str::trim)
            .filter(|p| p.len() > 200)
            .map(str::to_string),
    );
    for file in ["en.jsonl", "ko.jsonl"] {
        let body = std::fs::read_to_string(repo("tests/data/quality").join(file)).expect(file);
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            texts.push(v["text"].as_str().expect("text").to_string());
        }
    }
    texts
}

fn write_corpus(path: &Path, target_bytes: u64) -> u64 {
    let texts = source_texts();
    let mut out = BufWriter::new(std::fs::File::create(path).expect("corpus file"));
    let mut written = 0u64;
    let mut n = 0usize;
    while written < target_bytes {
        let text = &texts[n % texts.len()];
        let line = serde_json::json!({"id": format!("doc-{n}"), "text": text}).to_string();
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        written += line.len() as u64 + 1;
        n += 1;
    }
    out.flush().unwrap();
    written
}

/// Peak resident set (VmHWM, kB) of a running process, if readable.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs a command to completion, polling its peak memory.
fn run_measured(cmd: &mut Command) -> (Duration, Option<u64>) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn eventmap");
    let mut peak = None;
    loop {
        // Read before try_wait: after the reap, /proc/<pid> is gone.
        if let Some(kb) = vm_hwm_kb(child.id()) {
            peak = Some(peak.unwrap_or(0).max(kb));
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "eventmap failed: {status}");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (start.elapsed(), peak)
}

fn main() {
    // `cargo bench` passes --bench; other flags (filters) are ignored.
    // Cargo builds the binary with the bench profile (optimized) and names it.
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_eventmap"));
    let binary = std::env::var_os("EVENTMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or(binary);
    assert!(
        binary.exists(),
        "{} missing (set EVENTMAP_BIN)",
        binary.display()
    );
    let mb: u64 = std::env::var("EVENTMAP_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    let bytes = write_corpus(&corpus, mb * 1_000_000);

    let out = dir.path().join("out");
    // One mapping thread: the per-core figure.
    let (elapsed, peak_kb) = run_measured(
        Command::new(&binary)
            .arg("extract")
            .arg(&corpus)
            .arg("-o")
            .arg(&out)
            .args(["--threads", "1"]),
    );
    let mb_s = bytes as f64 / 1e6 / elapsed.as_secs_f64();
    // The default: one mapping thread per core.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (elapsed_all, peak_all_kb) = run_measured(
        Command::new(&binary)
            .arg("extract")
            .arg(&corpus)
            .arg("-o")
            .arg(&out),
    );
    let mb_s_all = bytes as f64 / 1e6 / elapsed_all.as_secs_f64();
    let out_bytes: u64 = std::fs::read_dir(&out)
        .map(|d| {
            d.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);

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

    println!("eventmap throughput ({})", binary.display());
    println!("| measure | value |");
    println!("|---|---|");
    println!("| corpus | {:.1} MB JSON Lines |", bytes as f64 / 1e6);
    println!(
        "| extract wall time, 1 thread | {:.2} s |",
        elapsed.as_secs_f64()
    );
    println!("| throughput per core (1 thread) | {mb_s:.1} MB/s |");
    println!(
        "| throughput, {cores} threads (default) | {mb_s_all:.1} MB/s ({:.2} s) |",
        elapsed_all.as_secs_f64()
    );
    for (label, peak) in [("1 thread", peak_kb), ("default threads", peak_all_kb)] {
        match peak {
            Some(kb) => println!(
                "| peak RSS (VmHWM), {label} | {:.1} MB |",
                kb as f64 / 1024.0
            ),
            None => println!("| peak RSS (VmHWM), {label} | n/a |"),
        }
    }
    println!("| layers written | {:.1} MB |", out_bytes as f64 / 1e6);
    println!(
        "| start-up (`gazetteer lookup Hoeryong`, median of 20) | {:.1} ms (min {:.1}, max {:.1}) |",
        median.as_secs_f64() * 1e3,
        startup[0].as_secs_f64() * 1e3,
        startup[19].as_secs_f64() * 1e3
    );
}
