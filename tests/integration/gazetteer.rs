//! The embedded gazetteer on the real bundled data: counts in plausible
//! ranges, ids and points, the lookups of the foundation issue (table-driven),
//! the `gazetteer` commands' exit codes and one-line errors, `--gazetteer DIR`,
//! and the regeneration check (committed tables == `eventmap gazetteer build`).

use std::collections::{BTreeMap, HashSet};

use eventmap::gazetteer::{Gazetteer, Level};
use serde::Deserialize;

use crate::harness::{repo_path, run, temp_dir};

/// One row of `eventmap gazetteer lookup --json`, as the tests read it.
#[derive(Debug, Deserialize)]
struct Candidate {
    id: String,
    country: String,
    admin1_code: String,
    feature_code: String,
    lat: f64,
    lon: f64,
}

fn lookup(name: &str, extra: &[&str]) -> Vec<Candidate> {
    let mut args = vec!["gazetteer", "lookup", name, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args).success();
    serde_json::from_slice(&out.stdout).expect("lookup --json is a JSON array")
}

#[test]
fn counts_per_country_and_source_are_plausible() {
    let g = Gazetteer::embedded();
    let mut by_country: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_source: BTreeMap<&str, usize> = BTreeMap::new();
    for p in g.places() {
        *by_country.entry(&p.country).or_default() += 1;
        for s in p.source.split('+') {
            *by_source.entry(s).or_default() += 1;
        }
    }
    // (country or source, at least, at most): real GeoNames cities500 and
    // admin tables for KP, KR and the CN border region give numbers in these
    // ranges; a loader that drops or duplicates rows falls outside them.
    let countries = [("KP", 300, 2_000), ("KR", 500, 5_000), ("CN", 600, 5_000)];
    for (country, lo, hi) in countries {
        let n = by_country.get(country).copied().unwrap_or(0);
        assert!((lo..=hi).contains(&n), "{country}: {n} places");
    }
    let sources = [
        ("geonames", 1_000, 10_000),
        ("naturalearth", 200, 2_000),
        ("kostat", 200, 400),
        ("open-admin-data", 100, 400),
    ];
    for (source, lo, hi) in sources {
        let n = by_source.get(source).copied().unwrap_or(0);
        assert!((lo..=hi).contains(&n), "source {source}: {n} places");
    }
    for country in ["KP", "KR", "CN", "RU", "JP", "US", "MN"] {
        assert!(
            g.places()
                .iter()
                .any(|p| p.country == country && p.level() == Level::Country),
            "country {country} missing"
        );
    }
}

#[test]
fn north_korean_provinces() {
    let g = Gazetteer::embedded();
    let provinces: HashSet<&str> = g
        .places()
        .iter()
        .filter(|p| p.country == "KP" && p.level() == Level::Province)
        .map(|p| p.admin1.as_str())
        .collect();
    assert!(
        (11..=13).contains(&provinces.len()),
        "KP provinces: {provinces:?}"
    );
    for code in ["KP.13", "KP.17", "KP.01", "KP.11", "KP.12"] {
        assert!(provinces.contains(code), "{code} missing: {provinces:?}");
        assert!(g.admin1(code).is_some(), "admin1({code})");
    }
}

#[test]
fn every_place_has_a_unique_id_a_point_in_range_and_names() {
    let g = Gazetteer::embedded();
    let mut ids = HashSet::new();
    for p in g.places() {
        assert!(ids.insert(p.id.as_str()), "duplicate id {}", p.id);
        let (source, rest) = p.id.split_once(':').expect("id names its source");
        assert!(!source.is_empty() && !rest.is_empty(), "id {}", p.id);
        let (lon, lat) = (p.point.x(), p.point.y());
        assert!(
            (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon),
            "{}: {lat} {lon}",
            p.id
        );
        assert!(!p.names.is_empty() && p.names[0].text == p.name, "{}", p.id);
        assert!((0.0..=1.0).contains(&p.confidence), "{}", p.id);
        assert_eq!(g.by_id(&p.id).map(|i| &g.place(i).id), Some(&p.id));
    }
    // The places this project is about lie in the Korean peninsula and the
    // Chinese border provinces.
    for p in g.places().iter().filter(|p| p.country == "KP") {
        let (lon, lat) = (p.point.x(), p.point.y());
        assert!(
            (37.0..=43.5).contains(&lat) && (124.0..=131.0).contains(&lon),
            "{} ({}) outside North Korea: {lat} {lon}",
            p.id,
            p.name
        );
    }
}

#[test]
fn country_codes_are_iso_alpha2() {
    // The places layer documents `country` as ISO 3166-1 alpha-2; Natural
    // Earth writes "-99" for territories without a code.
    let bad: Vec<String> = Gazetteer::embedded()
        .places()
        .iter()
        .filter(|p| {
            !(p.country.is_empty()
                || (p.country.len() == 2 && p.country.bytes().all(|b| b.is_ascii_uppercase())))
        })
        .map(|p| format!("{} {} {:?}", p.id, p.name, p.country))
        .collect();
    assert!(bad.is_empty(), "non-ISO country codes: {bad:?}");
}

/// (name, expected first id, or expected first country and admin1 when the
/// id is not the point of the case).
const LOOKUPS: &[(&str, Expect)] = &[
    ("Hoeryong", Expect::Id("geonames:2044091")),
    ("Hoeryŏng", Expect::Id("geonames:2044091")),
    ("HOERYONG", Expect::Id("geonames:2044091")),
    ("Hoeryeong", Expect::Id("geonames:2044091")),
    ("회령", Expect::Id("geonames:2044091")),
    ("Pochon", Expect::In("KP", "KP.13", Some("ADM2"))),
    ("North Hamgyong", Expect::In("KP", "KP.17", Some("ADM1"))),
    ("Ryanggang", Expect::In("KP", "KP.13", Some("ADM1"))),
    ("Yanggang", Expect::In("KP", "KP.13", Some("ADM1"))),
    ("DPRK", Expect::Country("KP")),
    ("북한", Expect::Country("KP")),
    ("Pocheon", Expect::In("KR", "KR.13", None)),
];

#[derive(Debug)]
enum Expect {
    Id(&'static str),
    /// Country, admin1 code, feature code.
    In(&'static str, &'static str, Option<&'static str>),
    /// A country-level entry for this ISO code.
    Country(&'static str),
}

#[test]
fn lookup_table() {
    for (name, expect) in LOOKUPS {
        let got = lookup(name, &[]);
        let first = got
            .first()
            .unwrap_or_else(|| panic!("{name}: no candidate"));
        match expect {
            Expect::Id(id) => assert_eq!(&first.id, id, "{name}"),
            Expect::In(country, admin1, code) => {
                assert_eq!(
                    (&*first.country, &*first.admin1_code),
                    (*country, *admin1),
                    "{name}: {first:?}"
                );
                if let Some(code) = code {
                    assert_eq!(&first.feature_code, code, "{name}");
                }
            }
            Expect::Country(country) => {
                assert_eq!(&first.country, country, "{name}");
                assert!(first.feature_code.starts_with("PCL"), "{name}: {first:?}");
            }
        }
    }
}

#[test]
fn spellings_of_one_city_agree() {
    for group in [
        &["Sinuiju", "Sinŭiju", "Shinuiju", "신의주"][..],
        &["Hyesan", "혜산"],
        &["Chongjin", "Ch'ŏngjin", "Cheongjin"],
    ] {
        let firsts: Vec<(String, f64, f64)> = group
            .iter()
            .map(|n| {
                let c = lookup(n, &[]);
                let f = c.first().unwrap_or_else(|| panic!("{n}: none"));
                (f.id.clone(), f.lat, f.lon)
            })
            .collect();
        assert!(
            firsts.windows(2).all(|w| w[0].0 == w[1].0),
            "{group:?}: {firsts:?}"
        );
    }
}

#[test]
fn lookup_country_filter() {
    let kr = lookup("Pochon", &["--country", "KR"]);
    assert!(
        !kr.is_empty() && kr.iter().all(|c| c.country == "KR"),
        "{kr:?}"
    );
}

#[test]
fn unknown_name_exits_1_with_one_line() {
    let out = run(["gazetteer", "lookup", "Nowhereville"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("Nowhereville"), "{}", out.stderr);
}

#[test]
fn stats_runs() {
    let out = run(["gazetteer", "stats"]).success();
    assert!(
        out.stdout_str().contains("embedded"),
        "{}",
        out.stdout_str()
    );
    let json = run(["gazetteer", "stats", "--json"]).success();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("stats --json");
    let places = v["places"].as_u64().expect("places count");
    assert_eq!(places as usize, Gazetteer::embedded().len());
}

#[test]
fn committed_tables_equal_a_fresh_build() {
    // Regeneration check: gazetteer/places.tsv and names.tsv are exactly what
    // `eventmap gazetteer build` writes from the embedded source files now.
    let dir = temp_dir();
    run([
        "gazetteer".as_ref(),
        "build".as_ref(),
        dir.path().as_os_str(),
    ])
    .success();
    for table in ["places.tsv", "names.tsv"] {
        let built = std::fs::read(dir.path().join(table)).expect(table);
        let committed = std::fs::read(repo_path("gazetteer").join(table)).expect(table);
        assert!(
            built == committed,
            "gazetteer/{table} is stale: run `cargo run -- gazetteer build gazetteer`"
        );
    }
}

#[test]
fn external_directory_gives_the_same_lookups() {
    let dir = temp_dir();
    run([
        "gazetteer".as_ref(),
        "build".as_ref(),
        dir.path().as_os_str(),
    ])
    .success();
    let dir_arg = dir.path().to_str().expect("UTF-8 temp path");
    for (name, _) in LOOKUPS {
        let embedded: Vec<String> = lookup(name, &[]).into_iter().map(|c| c.id).collect();
        let external: Vec<String> = lookup(name, &["--gazetteer", dir_arg])
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(embedded, external, "{name}");
    }
    let stats = run(["gazetteer", "stats", "--gazetteer", dir_arg]).success();
    assert!(
        stats.stdout_str().contains(dir_arg),
        "stats names the directory in use"
    );
}

#[test]
fn malformed_row_is_a_one_line_error_with_path_and_line() {
    let dir = temp_dir();
    run([
        "gazetteer".as_ref(),
        "build".as_ref(),
        dir.path().as_os_str(),
    ])
    .success();
    let places = dir.path().join("places.tsv");
    let text = std::fs::read_to_string(&places).expect("places.tsv");
    // Line 5 (1-based): replace its latitude with a word.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cols: Vec<&str> = lines[4].split('\t').collect();
    cols[9] = "north";
    lines[4] = cols.join("\t");
    std::fs::write(&places, lines.join("\n") + "\n").expect("write");

    let dir_arg = dir.path().to_str().expect("UTF-8 temp path");
    let out = run(["gazetteer", "lookup", "Hoeryong", "--gazetteer", dir_arg]);
    assert_ne!(out.code, Some(0));
    assert_ne!(out.code, Some(1), "a broken gazetteer is not 'not found'");
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{}", out.stderr);
    let want = format!("{}:5", places.display());
    assert!(out.stderr.contains(&want), "{want} not in {}", out.stderr);

    // A row with too few columns.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[9] = "geonames:1\tBroken".to_string();
    std::fs::write(&places, lines.join("\n") + "\n").expect("write");
    let out = run(["gazetteer", "stats", "--gazetteer", dir_arg]);
    assert_ne!(out.code, Some(0));
    let want = format!("{}:10", places.display());
    assert!(out.stderr.contains(&want), "{want} not in {}", out.stderr);
}
