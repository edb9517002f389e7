//! Time per MB of one document as it grows: the single-document curve.
//!
//! Run with:
//!
//!     cargo bench --bench document_size
//!
//! (`EVENTMAP_BIN` runs another binary; `EVENTMAP_DOC_MB` replaces the
//! sizes, comma separated, default 0.1,0.25,0.5,1,2,4,8,16.)
//!
//! Two kinds of document, each one plain-text file mapped with
//! `extract --threads 1`:
//! - *news*: the reference sample (tests/data/samples) repeated, paragraphs
//!   and all, to the size: dense in places and events like a long report;
//! - *names*: every other word a place name of the bundled gazetteer
//!   (gazetteer/sources/geonames/cities500_KP.txt), in sentences and
//!   paragraphs: the worst case for per-mention work.
//!
//! The target is a flat curve: the time per MB of the largest document
//! within 1.5x of the smallest's (a cost linear in the document's size).
//! Time per MB is CPU time (user + system, from the kernel's accounting of
//! the child, so that a busy machine does not skew it; wall time and peak
//! memory are printed beside it), net of start-up (loading the gazetteer
//! and building the automaton, measured on a one-line document and printed
//! first), which would otherwise dominate the small sizes.
//! The last line compares with many small documents of the same total size
//! (the sample split into JSON Lines records). Nothing here asserts: this
//! prints a table.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The reference sample repeated to `bytes`.
fn news(bytes: usize) -> String {
    let sample = std::fs::read_to_string(repo("tests/data/samples/dailynk-border-barriers.txt"))
        .expect("sample");
    let mut text = String::with_capacity(bytes + sample.len());
    while text.len() < bytes {
        text.push_str(&sample);
        text.push_str("\n\n");
    }
    text
}

/// Sentences in which every other word is a place name.
fn names(bytes: usize) -> String {
    let table = std::fs::read_to_string(repo("gazetteer/sources/geonames/cities500_KP.txt"))
        .expect("cities500_KP.txt");
    let names: Vec<&str> = table
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .filter(|n| !n.is_empty())
        .collect();
    let fillers = ["and", "near", "from", "to", "beside", "past", "or", "with"];
    let mut text = String::with_capacity(bytes + 256);
    let mut i = 0usize;
    while text.len() < bytes {
        text.push_str("Traders went");
        for w in 0..6 {
            text.push(' ');
            text.push_str(fillers[(i + w) % fillers.len()]);
            text.push(' ');
            text.push_str(names[(i * 7 + w * 13) % names.len()]);
        }
        text.push_str(". ");
        i += 1;
        if i % 5 == 0 {
            text.push_str("\n\n");
        }
    }
    text
}

/// The sample's paragraphs as JSON Lines records, to `bytes`.
fn many_small(bytes: usize) -> String {
    let sample = std::fs::read_to_string(repo("tests/data/samples/dailynk-border-barriers.txt"))
        .expect("sample");
    let paragraphs: Vec<&str> = sample
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.len() > 100)
        .collect();
    let mut out = String::new();
    let mut n = 0;
    while out.len() < bytes {
        let text = paragraphs[n % paragraphs.len()];
        out.push_str(&serde_json::json!({"id": format!("d{n}"), "text": text}).to_string());
        out.push('\n');
        n += 1;
    }
    out
}

/// Wall time, CPU time (user + system) and peak resident set of one run.
#[derive(Debug, Clone, Copy)]
struct Measure {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// Runs `eventmap extract` on one file with one thread. CPU time and peak
/// memory come from the kernel's accounting of the child (`wait4`): they
/// hold on a busy machine, where wall time also counts the waits for a core.
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by wait4, which Child does not know
fn time_extract(binary: &Path, input: &Path, out: &Path) -> Measure {
    let start = Instant::now();
    let child = extract_command(binary, input, out)
        .spawn()
        .expect("run eventmap");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert!(pid > 0, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "eventmap failed on {}",
        input.display()
    );
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Measure {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        // Linux gives kilobytes.
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}

/// Runs `eventmap extract` on one file with one thread (wall time only:
/// CPU time is reported as the wall time).
#[cfg(not(unix))]
fn time_extract(binary: &Path, input: &Path, out: &Path) -> Measure {
    let start = Instant::now();
    let status = extract_command(binary, input, out)
        .status()
        .expect("run eventmap");
    assert!(status.success(), "eventmap failed on {}", input.display());
    let wall = start.elapsed().as_secs_f64();
    Measure {
        wall,
        cpu: wall,
        peak_mb: f64::NAN,
    }
}

fn extract_command(binary: &Path, input: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(binary);
    cmd.arg("extract")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(["--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn main() {
    let binary = std::env::var_os("EVENTMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_eventmap")));
    let sizes: Vec<f64> = std::env::var("EVENTMAP_DOC_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let tiny = dir.path().join("tiny.txt");
    std::fs::write(&tiny, "Smugglers crossed the river near Hyesan.\n").expect("write");
    let mut startups: Vec<Measure> = (0..5).map(|_| time_extract(&binary, &tiny, &out)).collect();
    startups.sort_by(|a, b| a.cpu.total_cmp(&b.cpu));
    let startup = startups[2];
    println!("eventmap single-document curve ({})", binary.display());
    println!(
        "start-up (one-line document, median of 5): {:.2} s CPU, {:.2} s wall",
        startup.cpu, startup.wall
    );
    println!(
        "| document | size | CPU time | wall time | peak RSS | CPU time per MB, net of start-up | vs smallest |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (kind, make) in [("news", news as fn(usize) -> String), ("names", names)] {
        let mut first: Option<f64> = None;
        for &mb in &sizes {
            let bytes = (mb * 1e6) as usize;
            let text = make(bytes);
            let path = dir.path().join(format!("{kind}.txt"));
            std::fs::File::create(&path)
                .and_then(|mut f| f.write_all(text.as_bytes()))
                .expect("write document");
            let m = time_extract(&binary, &path, &out);
            let per_mb = (m.cpu - startup.cpu).max(0.0) / (text.len() as f64 / 1e6);
            let base = *first.get_or_insert(per_mb);
            println!(
                "| {kind} | {:.2} MB | {:.2} s | {:.2} s | {:.0} MB | {per_mb:.3} s | {:.2}x |",
                text.len() as f64 / 1e6,
                m.cpu,
                m.wall,
                m.peak_mb,
                per_mb / base
            );
        }
    }
    let total = (sizes.iter().cloned().fold(0.0, f64::max).min(4.0) * 1e6) as usize;
    let corpus = many_small(total);
    let path = dir.path().join("many.jsonl");
    std::fs::write(&path, &corpus).expect("write corpus");
    let m = time_extract(&binary, &path, &out);
    println!(
        "| many small (sample paragraphs, JSON Lines) | {:.2} MB | {:.2} s | {:.2} s | {:.0} MB | {:.3} s | |",
        corpus.len() as f64 / 1e6,
        m.cpu,
        m.wall,
        m.peak_mb,
        (m.cpu - startup.cpu).max(0.0) / (corpus.len() as f64 / 1e6)
    );
}
