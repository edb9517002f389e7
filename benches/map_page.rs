//! Peak memory of the map page writer (`eventmap map`) for 10 MB and 500 MB
//! of layers: it streams the features, so its peak RSS should not grow with
//! the layers' size (target: under 200 MB for both).
//!
//! Run with:
//!
//!     cargo bench --bench map_page
//!
//! (`EVENTMAP_BIN` runs another binary; `EVENTMAP_MAP_BENCH_MB=10,100` other
//! sizes.) The layers are synthetic, written to a temp dir: incidents with an
//! evidence sentence of about 180 characters and places, shaped like the
//! layers `extract` writes, in a FeatureCollection per layer. Peak memory is
//! the child's VmHWM, read from /proc/<pid>/status while it runs (Linux;
//! "n/a" elsewhere). Nothing here asserts: this prints a table.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Writes `places.geojson` and `incidents.geojson` of about `target` bytes
/// together; returns (bytes, features).
fn write_layers(dir: &Path, target: u64) -> (u64, u64) {
    let categories = [
        "death",
        "arrest",
        "smuggling",
        "defection",
        "execution",
        "crackdown",
    ];
    let mut bytes = 0u64;
    let mut features = 0u64;
    for (layer, share) in [("incidents", 0.7), ("places", 0.3)] {
        let file = std::fs::File::create(dir.join(format!("{layer}.geojson"))).expect("layer");
        let mut out = BufWriter::new(file);
        let head = b"{\"type\":\"FeatureCollection\",\"features\":[\n";
        out.write_all(head).unwrap();
        let mut written = head.len() as u64;
        let mut i = 0u64;
        while written < (target as f64 * share) as u64 {
            let lon = 124.5 + (i % 5500) as f64 / 1000.0;
            let lat = 38.0 + (i % 4500) as f64 / 1000.0;
            let properties = if layer == "incidents" {
                serde_json::json!({
                    "id": format!("doc-{i}#arrest@geonames:2043837"),
                    "doc": format!("doc-{i}"), "category": categories[i as usize % categories.len()],
                    "layer": "incident", "status": "reported",
                    "event_date": format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                    "country": "North Korea", "admin1": "Ryanggang", "location": "Hyesan",
                    "latitude": lat, "longitude": lon, "geo_precision": 1, "fatalities": null,
                    "source": format!("https://news.example.org/{i}"),
                    "place_id": "geonames:2043837", "mention_start": 10, "mention_end": 16,
                    "evidence": format!("Bench sentence {i}: people living near the river said that guards had questioned several traders again this week about goods brought across."),
                    "cues": ["questioned"], "score": 0.8, "border_distance_km": 1.2,
                })
            } else {
                serde_json::json!({
                    "doc": format!("doc-{i}"), "start": 10, "end": 16, "mention": "Hyesan",
                    "name": "Hyesan", "place_id": "geonames:2043837", "feature_code": "PPLA",
                    "country": "KP", "admin1_code": "KP.13", "admin1": "Ryanggang",
                    "population": 192680, "precision": "city", "score": 0.9, "method": "exact",
                    "reasons": ["exact", "focus-country:KP"],
                })
            };
            let feature = serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            });
            let sep: &[u8] = if i == 0 { b"" } else { b",\n" };
            out.write_all(sep).unwrap();
            let text = feature.to_string();
            out.write_all(text.as_bytes()).unwrap();
            written += (sep.len() + text.len()) as u64;
            i += 1;
        }
        out.write_all(b"\n]}\n").unwrap();
        out.flush().unwrap();
        bytes += written + 4;
        features += i;
    }
    (bytes, features)
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
            assert!(status.success(), "eventmap map failed: {status}");
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (start.elapsed(), peak)
}

fn main() {
    let binary = std::env::var_os("EVENTMAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_eventmap")));
    let sizes: Vec<u64> = std::env::var("EVENTMAP_MAP_BENCH_MB")
        .unwrap_or_else(|_| "10,500".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    println!("| layers | features | page | time | peak RSS (VmHWM) |");
    println!("|---|---|---|---|---|");
    for mb in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let (bytes, features) = write_layers(dir.path(), mb * 1_000_000);
        let page = dir.path().join("map.html");
        let (time, peak) = run_measured(
            Command::new(&binary)
                .arg("map")
                .arg(dir.path())
                .arg("-o")
                .arg(&page),
        );
        let page_mb = std::fs::metadata(&page).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let peak = peak.map_or("n/a".to_owned(), |kb| {
            format!("{:.1} MB", kb as f64 / 1024.0)
        });
        println!(
            "| {:.0} MB | {features} | {page_mb:.0} MB | {:.1} s | {peak} |",
            bytes as f64 / 1e6,
            time.as_secs_f64()
        );
    }
}
