//! Test harness: the built binary, temporary directories, and GeoJSON types
//! decoded independently of the library's serializer (RFC 7946 / RFC 8142).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

/// The `eventmap` binary built by cargo for this test run.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_eventmap")
}

/// A path in the repository (fixtures under tests/data, the gazetteer tables).
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A fresh temporary directory, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("eventmap-test-")
        .tempdir()
        .expect("temp dir")
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_str(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }

    /// Panics unless the run exited with status 0.
    #[track_caller]
    pub fn success(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "expected success, stderr: {}",
            self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: o.stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `eventmap ARGS` with no stdin.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(binary())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run eventmap")
        .into()
}

/// Runs `eventmap ARGS` with `input` on stdin.
pub fn run_with_stdin<I, S>(args: I, input: &[u8]) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn eventmap");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait eventmap");
    writer.join().expect("stdin writer");
    out.into()
}

/// An RFC 7946 FeatureCollection.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureCollection<P> {
    #[serde(rename = "type")]
    pub kind: String,
    /// RFC 7946 section 5: optional.
    #[allow(dead_code)]
    pub bbox: Option<Vec<f64>>,
    pub features: Vec<Feature<P>>,
}

/// An RFC 7946 Feature with typed properties.
#[derive(Debug, Deserialize)]
pub struct Feature<P> {
    #[serde(rename = "type")]
    pub kind: String,
    pub geometry: Option<Geometry>,
    pub properties: P,
}

/// The only geometry eventmap writes: a Point, [longitude, latitude].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Geometry {
    #[serde(rename = "type")]
    pub kind: String,
    pub coordinates: Vec<f64>,
}

impl<P> Feature<P> {
    /// (latitude, longitude) of the Point geometry.
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        self.geometry.as_ref().map(|g| {
            assert_eq!(g.kind, "Point");
            assert_eq!(g.coordinates.len(), 2, "[lon, lat]");
            (g.coordinates[1], g.coordinates[0])
        })
    }
}

/// Properties of a places-layer Feature, as the issue specifies them: every
/// property present, each always of the same JSON type.
// Every field is decoded, read or not: decoding checks the layer's schema.
#[allow(dead_code)]
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceProps {
    pub doc: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub start: usize,
    pub end: usize,
    pub mention: String,
    pub name: Option<String>,
    pub place_id: Option<String>,
    pub feature_code: Option<String>,
    pub country: Option<String>,
    pub admin1_code: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub population: Option<u64>,
    pub precision: Option<String>,
    pub score: Option<f64>,
    pub method: String,
    pub in_gazetteer: bool,
    pub reasons: Vec<String>,
    pub candidates: Vec<String>,
}

/// The properties of an event-layer Feature the tests read.
#[derive(Debug, Clone, Deserialize)]
pub struct EventProps {
    pub doc: String,
    pub category: String,
}

/// Decodes a FeatureCollection file, checking its RFC 7946 shape.
pub fn read_collection<P: for<'de> Deserialize<'de>>(path: &Path) -> Vec<Feature<P>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode_collection(&bytes)
}

/// Decodes FeatureCollection bytes, checking its RFC 7946 shape.
pub fn decode_collection<P: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Vec<Feature<P>> {
    let fc: FeatureCollection<P> = serde_json::from_slice(bytes).expect("a FeatureCollection");
    assert_eq!(fc.kind, "FeatureCollection");
    for f in &fc.features {
        assert_eq!(f.kind, "Feature");
        if let Some((lat, lon)) = f.lat_lon() {
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        }
    }
    fc.features
}

/// Decodes RFC 8142 GeoJSON text sequences: every record is RS, JSON, LF.
pub fn decode_sequence<P: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Vec<Feature<P>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let mut features = Vec::new();
    for record in text.split_inclusive('\n') {
        let body = record
            .strip_prefix('\u{1e}')
            .unwrap_or_else(|| panic!("record without RS prefix: {record:?}"));
        let body = body.strip_suffix('\n').expect("record ends with LF");
        let f: Feature<P> = serde_json::from_str(body).expect("a Feature per record");
        assert_eq!(f.kind, "Feature");
        features.push(f);
    }
    features
}

/// Great-circle distance in kilometres, for test assertions only (the
/// scorer's tolerances are tens of kilometres).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

#[derive(Debug, Clone, Copy, Default)]
/// Precision, recall and F1 from counts of true positives, predictions and gold items.
pub struct Prf {
    /// True positives.
    pub tp: usize,
    /// Predictions.
    pub pred: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// tp / pred (0 with no prediction).
    pub fn precision(self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }
    /// tp / gold (0 with no gold).
    pub fn recall(self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.3}  R {:.3}  F1 {:.3}  (tp {}, pred {}, gold {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.pred,
            self.gold
        )
    }
}
