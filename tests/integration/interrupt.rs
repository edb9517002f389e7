//! Interrupted, failing and concurrent runs into one output folder: the
//! layer set is replaced whole or not at all, temp files never outlive a
//! run (SIGINT, SIGTERM) or are removed by the next one (SIGKILL), and a
//! second run into a busy folder is refused naming the first.
//!
//! The runs read standard input, so a test decides exactly when the run it
//! interrupts is in the middle of its work: after the lock and the staging
//! folder exist and before the input ends.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{binary, repo_path, run, temp_dir};

const SAMPLE: &str = "tests/data/samples/dailynk-border-barriers.txt";

/// Every file of `dir` by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Names in `dir` that a run leaves only while it runs.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".eventmap"))
        .collect()
}

/// Writes the layers (and map) of the sample into `out`: the old set.
fn old_set(out: &Path) -> BTreeMap<String, Vec<u8>> {
    run([
        "extract".as_ref(),
        repo_path(SAMPLE).as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--html".as_ref(),
    ])
    .success();
    let set = files(out);
    for name in [
        "places.geojson",
        "incidents.geojson",
        "infrastructure.geojson",
        "map.html",
    ] {
        assert!(set.contains_key(name), "{name} not in {:?}", set.keys());
    }
    set
}

/// Starts `extract - -o out` with text on stdin (kept open), and waits for
/// the run to hold the folder.
fn start_blocked_run(out: &Path) -> Child {
    let mut child = Command::new(binary())
        .args(["extract", "-", "-o"])
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(repo_path(SAMPLE)).unwrap();
    child.stdin.as_mut().unwrap().write_all(&text).unwrap();
    let started = Instant::now();
    while !(out.join(".eventmap.lock").exists()
        && leftovers(out)
            .iter()
            .any(|n| n.starts_with(".eventmap-tmp-")))
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the run did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn signal(child: &Child, signal: i32) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sends a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

#[test]
fn sigint_and_sigterm_remove_the_temp_files_and_keep_the_old_set() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let dir = temp_dir();
        let out = dir.path().join("out");
        let before = old_set(&out);
        let child = start_blocked_run(&out);
        signal(&child, sig);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(128 + sig), "signal {sig}");
        assert_eq!(leftovers(&out), Vec::<String>::new(), "signal {sig}");
        assert!(files(&out) == before, "signal {sig}: the old set changed");
    }
}

#[test]
fn after_sigkill_the_next_run_cleans_up() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let before = old_set(&out);
    let mut child = start_blocked_run(&out);
    signal(&child, libc::SIGKILL);
    child.wait().unwrap();
    assert!(!leftovers(&out).is_empty());
    assert!(
        files(&out)
            .iter()
            .all(|(n, b)| n.starts_with(".eventmap") || before[n] == *b)
    );
    let again = run([
        "extract".as_ref(),
        repo_path(SAMPLE).as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--html".as_ref(),
    ])
    .success();
    assert!(
        again.stderr.contains("took over the lock"),
        "{}",
        again.stderr
    );
    assert!(
        again
            .stderr
            .contains("temporary file(s) of an interrupted run"),
        "{}",
        again.stderr
    );
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert!(files(&out) == before);
}

#[test]
fn a_second_run_into_a_busy_folder_is_refused() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let before = old_set(&out);
    let mut first = start_blocked_run(&out);
    let second = run([
        "extract".as_ref(),
        repo_path(SAMPLE).as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(second.code, Some(2), "{}", second.stderr);
    let holder = format!("process {}", first.id());
    assert!(second.stderr.contains(&holder), "{}", second.stderr);
    assert_eq!(second.stderr.trim().lines().count(), 1, "{}", second.stderr);
    // The first run is undisturbed and replaces the set when its input ends
    // (without --html: the old map goes, as a stale output).
    drop(first.stdin.take());
    assert!(first.wait().unwrap().success());
    assert_eq!(leftovers(&out), Vec::<String>::new());
    let after = files(&out);
    assert!(!after.contains_key("map.html"));
    assert!(after["places.geojson"] != before["places.geojson"]);
}

#[test]
fn a_run_that_cannot_finish_writing_keeps_the_old_set_whole() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let before = old_set(&out);
    // Many documents, so the places layer outgrows the file size limit.
    let text = std::fs::read_to_string(repo_path(SAMPLE)).unwrap();
    let mut jsonl = String::new();
    for i in 0..300 {
        let line = serde_json::json!({"id": format!("d{i}"), "text": text});
        jsonl.push_str(&format!("{line}\n"));
    }
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    // A file size limit stands in for a full disk: writes past 256 KiB fail
    // with EFBIG (SIGXFSZ ignored, as `trap '' XFSZ` makes it).
    let status = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 512; exec \"$0\" extract \"$1\" -o \"$2\" --html")
        .arg(binary())
        .arg(&input)
        .arg(&out)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert!(files(&out) == before, "the old set changed");
}
