//! `eventmap extract` as a user runs it: a plain text file, a JSON Lines file,
//! a folder, stdin (`-`), `-o -`, `--format geojsonseq`; determinism; invalid
//! UTF-8, binary and empty inputs; exit codes and one-line errors.

use std::path::Path;

use crate::harness::{
    Feature, PlaceProps, decode_collection, decode_sequence, read_collection, run, run_with_stdin,
    temp_dir,
};

const TEXT: &str = "Authorities in Hoeryong, North Hamgyong Province, arrested two \
smugglers near the Tumen River, a source told Daily NK.\n";

fn extract(inputs: &[&Path], out: &Path, extra: &[&str]) -> crate::harness::Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["extract".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.push("-o".as_ref());
    args.push(out.as_os_str());
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    run(args)
}

/// Checks one Feature of the places layer against the document it came from.
fn check_mention(f: &Feature<PlaceProps>, text: &str) {
    let p = &f.properties;
    assert!(p.start < p.end && p.end <= text.len(), "{p:?}");
    assert_eq!(&text[p.start..p.end], p.mention, "byte offsets");
    assert!(p.score.is_none_or(|s| (0.0..=1.0).contains(&s)));
    assert_eq!(f.geometry.is_some(), p.place_id.is_some(), "{p:?}");
    // The score is the chosen place's probability: none without a place.
    assert_eq!(p.score.is_some(), p.place_id.is_some(), "{p:?}");
}

fn hoeryong(features: &[Feature<PlaceProps>]) -> &Feature<PlaceProps> {
    features
        .iter()
        .find(|f| f.properties.mention == "Hoeryong")
        .expect("Hoeryong found")
}

#[test]
fn plain_text_file() {
    let dir = temp_dir();
    let input = dir.path().join("report.txt");
    std::fs::write(&input, TEXT).unwrap();
    let out = dir.path().join("out");
    extract(&[&input], &out, &[]).success();
    let places: Vec<Feature<PlaceProps>> = read_collection(&out.join("places.geojson"));
    for f in &places {
        assert_eq!(
            f.properties.doc,
            input.display().to_string(),
            "doc id = the path as given"
        );
        check_mention(f, TEXT);
    }
    let mentions: Vec<&str> = places
        .iter()
        .map(|f| f.properties.mention.as_str())
        .collect();
    assert_eq!(
        mentions,
        ["Hoeryong", "North Hamgyong Province", "Tumen River"],
        "no mention in 'Daily NK'"
    );
    let h = hoeryong(&places);
    assert_eq!(h.properties.place_id.as_deref(), Some("geonames:2044091"));
    assert_eq!(h.properties.admin1_code.as_deref(), Some("KP.17"));
    assert_eq!(h.properties.country.as_deref(), Some("KP"));
}

#[test]
fn jsonl_file_and_multibyte_offsets() {
    let dir = temp_dir();
    let input = dir.path().join("docs.jsonl");
    let korean = "양강도 보천군에서 주민 세 명이 체포됐다.";
    let lines = [
        serde_json::json!({"id": "a", "text": TEXT, "date": "2024-05-01"}),
        serde_json::json!({"id": "b", "text": korean}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, body).unwrap();
    let out = dir.path().join("out");
    extract(&[&input], &out, &[]).success();
    let places: Vec<Feature<PlaceProps>> = read_collection(&out.join("places.geojson"));
    let docs: Vec<&str> = places.iter().map(|f| f.properties.doc.as_str()).collect();
    assert!(docs.contains(&"a") && docs.contains(&"b"), "{docs:?}");
    for f in &places {
        check_mention(
            f,
            if f.properties.doc == "a" {
                TEXT
            } else {
                korean
            },
        );
    }
    let b: Vec<&PlaceProps> = places
        .iter()
        .filter(|f| f.properties.doc == "b")
        .map(|f| &f.properties)
        .collect();
    assert_eq!(b.len(), 2, "{b:?}");
    assert_eq!(
        b[1].mention, "보천군",
        "the particle is not part of the mention"
    );
    assert_eq!(b[1].admin1_code.as_deref(), Some("KP.13"));
    // The document's date is carried into its features; b has none.
    assert!(
        places
            .iter()
            .all(|f| f.properties.date.as_deref()
                == (f.properties.doc == "a").then_some("2024-05-01"))
    );
}

#[test]
fn folder_is_read_recursively() {
    let dir = temp_dir();
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("one.txt"), TEXT).unwrap();
    std::fs::write(root.join("sub/two.md"), "Smugglers crossed near Hyesan.\n").unwrap();
    let out = dir.path().join("out");
    extract(&[&root], &out, &[]).success();
    let places: Vec<Feature<PlaceProps>> = read_collection(&out.join("places.geojson"));
    let mut docs: Vec<&str> = places.iter().map(|f| f.properties.doc.as_str()).collect();
    docs.dedup();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert!(places.iter().any(|f| f.properties.mention == "Hyesan"));
}

#[test]
fn stdin_and_stdout() {
    let out = run_with_stdin(["extract", "-", "-o", "-"], TEXT.as_bytes());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let places: Vec<Feature<PlaceProps>> = decode_collection(&out.stdout);
    assert_eq!(places.len(), 3);
    for f in &places {
        check_mention(f, TEXT);
    }
}

#[test]
fn geojsonseq_records_are_rs_prefixed() {
    let dir = temp_dir();
    let input = dir.path().join("report.txt");
    std::fs::write(&input, TEXT).unwrap();
    let out = run([
        "extract".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
        "--format".as_ref(),
        "geojsonseq".as_ref(),
    ])
    .success();
    let seq: Vec<Feature<PlaceProps>> = decode_sequence(&out.stdout);
    let outdir = dir.path().join("out");
    extract(&[&input], &outdir, &[]).success();
    let fc: Vec<Feature<PlaceProps>> = read_collection(&outdir.join("places.geojson"));
    let ids = |v: &[Feature<PlaceProps>]| -> Vec<(usize, Option<String>)> {
        v.iter()
            .map(|f| (f.properties.start, f.properties.place_id.clone()))
            .collect()
    };
    assert_eq!(ids(&seq), ids(&fc), "same features in both formats");
}

#[test]
fn output_is_deterministic() {
    // Same bytes from two runs, and whatever the number of mapping threads.
    // The annotated texts repeated under new ids: enough documents for
    // several batches, so the writer has to put them back in order.
    let dir = temp_dir();
    let texts =
        std::fs::read_to_string(crate::harness::repo_path("tests/data/quality/en.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = texts
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let input = dir.path().join("many.jsonl");
    let lines: Vec<String> = (0..400)
        .map(|i| {
            let text = &records[i % records.len()]["text"];
            serde_json::json!({"id": format!("doc-{i}"), "text": text}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    extract(&[&input], &a, &["--threads", "1"]).success();
    extract(&[&input], &b, &["--threads", "3"]).success();
    let mut names: Vec<_> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let (x, y) = (
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap(),
        );
        assert!(x == y, "{name:?} differs between two runs");
    }
}

#[test]
fn invalid_utf8_fails_with_one_line_and_leaves_output_untouched() {
    let dir = temp_dir();
    let input = dir.path().join("latin1.txt");
    std::fs::write(&input, b"Hoeryong \xe9t\xe9 2024\n").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let previous = b"{\"type\":\"FeatureCollection\",\"features\":[]}\n";
    std::fs::write(out.join("places.geojson"), previous).unwrap();
    let r = extract(&[&input], &out, &[]);
    assert_ne!(r.code, Some(0), "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("latin1.txt"))
        .collect();
    assert_eq!(errors.len(), 1, "one line naming the file: {}", r.stderr);
    assert!(errors[0].contains("UTF-8"), "{}", errors[0]);
    assert_eq!(
        std::fs::read(out.join("places.geojson")).unwrap(),
        previous,
        "a failed run leaves the existing layer as it was"
    );
}

#[test]
fn bad_files_in_a_folder_are_skipped_and_counted() {
    let dir = temp_dir();
    let root = dir.path().join("in");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("good.txt"), TEXT).unwrap();
    std::fs::write(root.join("bad.txt"), b"Hyesan \xff\xfe\n").unwrap();
    let out = dir.path().join("out");
    let r = extract(&[&root], &out, &[]);
    assert_eq!(r.code, Some(1), "some inputs failed: {}", r.stderr);
    assert!(r.stderr.contains("bad.txt"), "{}", r.stderr);
    let places: Vec<Feature<PlaceProps>> = read_collection(&out.join("places.geojson"));
    assert!(
        places.iter().any(|f| f.properties.mention == "Hoeryong"),
        "the good file is processed"
    );
    assert!(places.iter().all(|f| !f.properties.doc.contains("bad.txt")));
}

#[test]
fn empty_file_is_an_error_and_writes_no_layer() {
    let dir = temp_dir();
    let input = dir.path().join("empty.txt");
    std::fs::write(&input, b"").unwrap();
    let out = dir.path().join("out");
    let r = extract(&[&input], &out, &[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("empty.txt"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].contains("empty"), "{}", r.stderr);
    assert!(!out.join("places.geojson").exists());
    // No temporary file is left behind either.
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn binary_file_is_rejected() {
    let dir = temp_dir();
    let input = dir.path().join("image.txt");
    // Valid UTF-8 but binary: NUL bytes, as in a mislabelled image or archive.
    let mut bytes = b"GIF89a\x01\x00".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 64));
    bytes.extend_from_slice(b"Hoeryong");
    std::fs::write(&input, &bytes).unwrap();
    let r = extract(&[&input], &dir.path().join("out"), &[]);
    assert_ne!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.contains("image.txt")),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_jsonl_line_names_file_and_line() {
    let dir = temp_dir();
    let input = dir.path().join("docs.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"text\":\"Hyesan\"}\n{\"id\":\"b\",\"text\":3}\n",
    )
    .unwrap();
    let r = extract(&[&input], &dir.path().join("out"), &[]);
    assert_ne!(r.code, Some(0), "{}", r.stderr);
    let want = format!("{}:2", input.display());
    assert!(r.stderr.contains(&want), "{want} not in {}", r.stderr);
}
