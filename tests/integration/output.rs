//! The example layers in `output/`: they must be exactly what the tool now
//! writes for the reference sample, they must open in GDAL (the library
//! QGIS reads GeoJSON with) with stable field types, and QGIS must load them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::harness::{binary, repo_path, temp_dir};

const LAYERS: [&str; 7] = [
    "places.geojson",
    "incidents.geojson",
    "infrastructure.geojson",
    "places.qml",
    "incidents.qml",
    "infrastructure.qml",
    "map.html",
];

/// Runs the README's command for `output/` into `out`, from the repository
/// root so that document ids are the same relative path.
fn write_sample_layers(out: &Path) {
    let status = Command::new(binary())
        .current_dir(repo_path(""))
        .args([
            "extract",
            "tests/data/samples/dailynk-border-barriers.txt",
            "-o",
        ])
        .arg(out)
        .arg("--html")
        .status()
        .expect("run eventmap");
    assert!(status.success());
}

#[test]
fn output_is_what_the_tool_writes_now() {
    let dir = temp_dir();
    write_sample_layers(dir.path());
    for layer in LAYERS {
        let committed = std::fs::read(repo_path("output").join(layer)).expect(layer);
        let now = std::fs::read(dir.path().join(layer)).expect(layer);
        assert!(
            committed == now,
            "output/{layer} differs from what eventmap writes now; regenerate it with \
             `cargo run --release -- extract tests/data/samples/dailynk-border-barriers.txt -o output --html`"
        );
    }
}

/// What `ogrinfo -ro -al -so` says about one layer.
#[derive(Debug, Default)]
struct OgrSummary {
    feature_count: usize,
    geometry: String,
    fields: BTreeMap<String, String>,
}

fn ogrinfo(path: &Path) -> Option<OgrSummary> {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(path)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "ogrinfo failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut summary = OgrSummary::default();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Feature Count: ") {
            summary.feature_count = n.trim().parse().expect("feature count");
        } else if let Some(g) = line.strip_prefix("Geometry: ") {
            summary.geometry = g.trim().to_string();
        } else if let Some((name, kind)) = line.split_once(": ")
            && !name.contains(' ')
            && kind.contains('(')
        {
            let kind = kind.split(' ').next().unwrap_or_default();
            summary.fields.insert(name.to_string(), kind.to_string());
        }
    }
    Some(summary)
}

fn feature_count(path: &Path) -> usize {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    json["features"].as_array().unwrap().len()
}

/// Opens every layer written from the sample with GDAL's `ogrinfo`. CI
/// installs gdal-bin and sets EVENTMAP_REQUIRE_OGRINFO=1, so there the test
/// cannot pass without running; elsewhere it is skipped when ogrinfo is
/// missing.
#[test]
fn ogr_opens_the_sample_layers_with_stable_field_types() {
    if Command::new("ogrinfo").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("EVENTMAP_REQUIRE_OGRINFO").is_none(),
            "ogrinfo is required but not installed"
        );
        eprintln!("ogrinfo not installed: skipped");
        return;
    }
    let dir = temp_dir();
    write_sample_layers(dir.path());
    let expected: [(&str, &[(&str, &str)]); 3] = [
        (
            "places.geojson",
            &[
                ("doc", "String"),
                ("start", "Integer"),
                ("end", "Integer"),
                ("mention", "String"),
                ("place_id", "String"),
                ("country", "String"),
                ("admin1_code", "String"),
                ("population", "Integer"),
                ("precision", "String"),
                ("score", "Real"),
                ("reasons", "StringList"),
            ],
        ),
        (
            "incidents.geojson",
            &[
                ("id", "String"),
                ("category", "String"),
                ("status", "String"),
                ("latitude", "Real"),
                ("longitude", "Real"),
                ("geo_precision", "Integer"),
                ("evidence", "String"),
                ("evidence_start", "Integer"),
                ("cues", "StringList"),
                ("score", "Real"),
                ("border_distance_km", "Real"),
            ],
        ),
        (
            "infrastructure.geojson",
            &[
                ("id", "String"),
                ("category", "String"),
                ("layer", "String"),
                ("latitude", "Real"),
                ("geo_precision", "Integer"),
                ("evidence", "String"),
                ("cues", "StringList"),
                ("border_distance_km", "Real"),
            ],
        ),
    ];
    for (layer, fields) in expected {
        let path = dir.path().join(layer);
        let summary = ogrinfo(&path).expect("ogrinfo runs");
        assert_eq!(summary.feature_count, feature_count(&path), "{layer}");
        assert!(summary.feature_count > 0, "{layer} is empty");
        assert_eq!(summary.geometry, "Point", "{layer}");
        for (name, kind) in fields {
            assert_eq!(
                summary.fields.get(*name).map(String::as_str),
                Some(*kind),
                "{layer}: field {name} in {:?}",
                summary.fields
            );
        }
    }
}

/// The QGIS command-line processing tool, if installed. Debian's
/// `qgis_process` wrapper passes an option its binary rejects
/// (`--noversioncheck` from /etc/default/qgis), so the binary is called
/// directly.
fn qgis_process() -> Option<&'static str> {
    ["/usr/bin/qgis_process.bin", "/usr/bin/qgis_process"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

/// Loads every layer written from the sample in QGIS (headless) and saves
/// it as a GeoPackage with `native:savefeatures`: QGIS must read every
/// feature. CI installs QGIS and sets EVENTMAP_REQUIRE_QGIS=1; elsewhere
/// the test is skipped when QGIS is missing.
#[test]
fn qgis_loads_the_sample_layers() {
    let Some(qgis) = qgis_process() else {
        assert!(
            std::env::var_os("EVENTMAP_REQUIRE_QGIS").is_none(),
            "qgis_process is required but not installed"
        );
        eprintln!("qgis_process not installed: skipped");
        return;
    };
    let dir = temp_dir();
    write_sample_layers(dir.path());
    for layer in [
        "places.geojson",
        "incidents.geojson",
        "infrastructure.geojson",
    ] {
        let input = dir.path().join(layer);
        let saved = dir.path().join(format!("{layer}.gpkg"));
        let out = Command::new(qgis)
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("XDG_RUNTIME_DIR", dir.path())
            .args(["run", "native:savefeatures"])
            .arg(format!("--INPUT={}", input.display()))
            .arg(format!("--OUTPUT={}", saved.display()))
            .output()
            .expect("run qgis_process");
        assert!(
            out.status.success() && saved.exists(),
            "QGIS could not load {layer}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(summary) = ogrinfo(&saved) {
            assert_eq!(
                summary.feature_count,
                feature_count(&input),
                "{layer} in QGIS"
            );
            assert_eq!(summary.geometry, "Point", "{layer} in QGIS");
        }
    }
}
