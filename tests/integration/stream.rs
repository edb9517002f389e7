//! `eventmap extract - -o - --layers ...`: every layer as one tagged GeoJSON
//! text sequence, documents written as they arrive, and the flag's errors.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{binary, run, run_with_stdin, temp_dir};

const RECORDS: &str = concat!(
    "{\"id\":\"s1\",\"text\":\"Border guards arrested two traders in Hyesan on Monday.\"}\n",
    "{\"id\":\"s2\",\"text\":\"A new electrified fence now runs along the river near Sinuiju.\"}\n",
    "{\"id\":\"s3\",\"text\":\"Nothing happened anywhere.\"}\n",
);

/// The JSON texts of an RFC 8142 sequence.
fn records(bytes: &[u8]) -> Vec<Value> {
    bytes
        .split(|&b| b == 0x1e)
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| serde_json::from_slice(chunk).expect("a JSON text"))
        .collect()
}

#[test]
fn all_layers_equal_the_layer_files() {
    let out = run_with_stdin(
        ["extract", "-", "-o", "-", "--layers", "all"],
        RECORDS.as_bytes(),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut stream = records(&out.stdout);

    let dir = temp_dir();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, RECORDS).unwrap();
    let outdir = dir.path().join("out");
    let done = run([
        "extract".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        outdir.as_os_str(),
        "--format".as_ref(),
        "geojsonseq".as_ref(),
    ]);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let layer = |name: &str| records(&std::fs::read(outdir.join(name)).unwrap());
    let (places, incidents, infrastructure) = (
        layer("places.geojsons"),
        layer("incidents.geojsons"),
        layer("infrastructure.geojsons"),
    );
    assert!(!places.is_empty() && !incidents.is_empty() && !infrastructure.is_empty());

    let mut by_layer = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for feature in &mut stream {
        let properties = feature["properties"].as_object_mut().unwrap();
        let tag = properties["layer"].as_str().unwrap().to_string();
        if tag == "place" {
            properties.remove("layer");
        }
        by_layer.entry(tag).or_default().push(feature.clone());
    }
    assert_eq!(
        by_layer.keys().collect::<Vec<_>>(),
        ["incident", "infrastructure", "place"]
    );
    assert_eq!(by_layer["place"], places);
    // The tag comes first among a place's properties.
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        text.matches("\"properties\":{\"layer\":\"place\",").count(),
        places.len()
    );
    // The tag comes first among a place's properties.
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        text.matches("\"properties\":{\"layer\":\"place\",").count(),
        places.len()
    );
    assert_eq!(by_layer["incident"], incidents);
    assert_eq!(by_layer["infrastructure"], infrastructure);
}

#[test]
fn documents_are_written_as_they_arrive() {
    let mut child = Command::new(binary())
        .args(["extract", "-", "-o", "-", "--layers", "all"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn eventmap");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // The first document's features come back while standard input is
    // still open.
    stdin
        .write_all(RECORDS.lines().next().unwrap().as_bytes())
        .unwrap();
    stdin.write_all(b"\n").unwrap();
    stdin.flush().unwrap();
    let first = received
        .recv_timeout(Duration::from_secs(60))
        .expect("a feature before the end of the input");
    assert!(first.contains("\"doc\":\"s1\""), "{first}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
    reader.join().unwrap();
}

#[test]
fn layer_choice_errors_are_one_line() {
    let cases: [&[&str]; 4] = [
        &["extract", "-", "-o", "-", "--layers", "roads"],
        &[
            "extract", "-", "-o", "-", "--layers", "all", "--format", "geojson",
        ],
        &["extract", "-", "-o", "-", "--layers", ""],
        &["extract", "-", "-o", "somewhere", "--layers", "places"],
    ];
    for args in cases {
        let out = run_with_stdin(args, RECORDS.as_bytes());
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with("eventmap: "), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    assert!(!std::path::Path::new("somewhere").exists());
}
