//! What the commands tell a user and leave behind: a folder holds one
//! run's outputs (stale layers and map pages are removed with a note),
//! `-o -` says what it wrote, skipped inputs are reported and fail the run,
//! `eventmap map` refuses a folder without layers, lookups understand
//! designators and report an unknown country code.

use std::path::Path;

use crate::harness::{repo_path, run, temp_dir};

const SAMPLE: &str = "tests/data/samples/dailynk-border-barriers.txt";
const DATED: &str = "tests/data/formats/dated.jsonl";

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_replaces_every_output_of_the_run_before() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let extract = |input: &str, extra: &[&str]| {
        let mut args = vec![
            "extract".to_string(),
            repo_path(input).display().to_string(),
        ];
        args.extend(["-o".to_string(), out.display().to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        run(args).success()
    };
    extract(SAMPLE, &["--html"]);
    assert!(out.join("places.geojson").exists() && out.join("map.html").exists());

    // Another input as text sequences, with a map: the map shows the new
    // layers only, and the old FeatureCollections are gone.
    let r = extract(DATED, &["--format", "geojsonseq", "--html"]);
    assert_eq!(
        names(&out),
        [
            "incidents.geojsons",
            "incidents.qml",
            "infrastructure.geojsons",
            "infrastructure.qml",
            "map.html",
            "places.geojsons",
            "places.qml"
        ]
    );
    assert!(r.stderr.contains("removed"), "{}", r.stderr);
    assert!(r.stderr.contains("places.geojson "), "{}", r.stderr);
    let page = std::fs::read_to_string(out.join("map.html")).unwrap();
    assert!(page.contains("fmt-1"), "the map shows this run's layers");
    assert!(!page.contains("dailynk-border-barriers"), "and no others");

    // No --html: the old page would show the old layers, so it goes.
    let r = extract(SAMPLE, &["--format", "gpkg"]);
    assert_eq!(names(&out), ["eventmap.gpkg"]);
    assert!(r.stderr.contains("map.html"), "{}", r.stderr);
}

#[test]
fn standard_output_run_says_what_it_wrote() {
    let r = run([
        "extract",
        &repo_path(SAMPLE).display().to_string(),
        "-o",
        "-",
    ])
    .success();
    assert!(
        r.stdout_str()
            .starts_with("{\"type\":\"FeatureCollection\"")
    );
    assert!(
        r.stderr.contains("written to standard output"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("0 incidents"), "{}", r.stderr);
    assert!(r.stderr.contains("-o DIR"), "{}", r.stderr);
}

#[test]
fn map_of_a_folder_without_layers_fails() {
    let dir = temp_dir();
    let r = run(["map", &dir.path().display().to_string()]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("holds no layers"), "{}", r.stderr);
    assert!(names(dir.path()).is_empty(), "no page is written");
}

#[test]
fn kml_and_geopackage_need_a_folder_and_no_html() {
    let input = repo_path(SAMPLE).display().to_string();
    for format in ["gpkg", "kml"] {
        let r = run(["extract", &input, "-o", "-", "--format", format]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(r.stderr.contains("output directory"), "{}", r.stderr);
        let dir = temp_dir();
        let out = dir.path().display().to_string();
        let r = run(["extract", &input, "-o", &out, "--format", format, "--html"]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert!(r.stderr.contains("--html"), "{}", r.stderr);
    }
}

#[test]
fn skipped_inputs_are_reported_and_fail_the_run() {
    let dir = temp_dir();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("notes.csv"), "a,b\n").unwrap();
    std::fs::write(input.join("README"), "no extension\n").unwrap();
    std::fs::write(input.join(".hidden.txt"), "ignored\n").unwrap();
    let out = dir.path().join("out");
    let r = run([
        "extract",
        &input.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    for name in ["notes.csv", "README"] {
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is reported: {}", r.stderr));
        assert!(line.contains("skipped: not a .txt"), "{line}");
    }
    assert!(!r.stderr.contains(".hidden"), "{}", r.stderr);
    assert!(r.stderr.contains("0 documents"), "{}", r.stderr);
    assert!(r.stderr.contains("2 inputs skipped"), "{}", r.stderr);
}

#[test]
fn lookup_reads_designators_like_text_does() {
    for name in ["Hoeryong County", "Hoeryong City", "Musan-gun"] {
        let r = run(["gazetteer", "lookup", name, "--json"]).success();
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&r.stdout).unwrap();
        assert!(!rows.is_empty(), "{name}");
        assert!(
            rows.iter().all(|p| p["country"] == "KP"),
            "{name}: {rows:#?}"
        );
    }
    // A county designator keeps the county, not the town of the same name.
    let r = run(["gazetteer", "lookup", "Musan County", "--json"]).success();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&r.stdout).unwrap();
    assert!(
        rows.iter().all(|p| p["feature_code"] == "ADM2"),
        "{rows:#?}"
    );
}

#[test]
fn lookup_reports_an_unknown_country_code() {
    let r = run(["gazetteer", "lookup", "Pyongyang", "--country", "XX"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown country code \"XX\""),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("no place named"), "{}", r.stderr);
    let r = run(["gazetteer", "lookup", "Pyongyang", "--country", "kp"]).success();
    assert!(r.stdout_str().contains("KP"));
}

#[test]
fn a_run_whose_inputs_all_fail_keeps_the_earlier_outputs() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let sample = repo_path(SAMPLE).display().to_string();
    let out_arg = out.display().to_string();
    run(["extract", &sample, "-o", &out_arg, "--format", "gpkg"]).success();
    let before = std::fs::read(out.join("eventmap.gpkg")).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    for format in ["gpkg", "kml", "geojson"] {
        let r = run([
            "extract",
            &empty.display().to_string(),
            "-o",
            &out_arg,
            "--format",
            format,
        ]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(!r.stderr.contains("removed"), "{}", r.stderr);
        assert_eq!(names(&out), ["eventmap.gpkg"], "{format}");
        assert_eq!(std::fs::read(out.join("eventmap.gpkg")).unwrap(), before);
    }
}

#[test]
fn readme_states_the_prerequisites_and_the_install() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let manifest = std::fs::read_to_string(repo_path("Cargo.toml")).unwrap();
    let rust = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml has a rust-version")
        .trim_matches('"');
    assert!(
        readme.contains(&format!("Rust {rust} or later")),
        "README's prerequisites name Rust {rust}, the crate's rust-version"
    );
    assert!(readme.contains("cargo install --path ."));
}

#[test]
fn an_empty_layer_has_no_bbox_as_the_readme_says() {
    let dir = temp_dir();
    let input = dir.path().join("quiet.txt");
    std::fs::write(&input, "The weather in Hyesan was mild all week.\n").unwrap();
    let out = dir.path().join("out");
    run([
        "extract",
        &input.display().to_string(),
        "-o",
        &out.display().to_string(),
    ])
    .success();
    let layer = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap()
    };
    let incidents = layer("incidents.geojson");
    assert_eq!(incidents["features"].as_array().map(Vec::len), Some(0));
    assert!(incidents.get("bbox").is_none(), "{incidents}");
    assert!(layer("places.geojson").get("bbox").is_some());
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let readme = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(readme.contains("an empty layer, or one with only unresolved mentions, has none"));
}
