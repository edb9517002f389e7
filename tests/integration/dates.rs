//! Event dates and incidents on the project's own date texts
//! (tests/data/dates, written for these tests): the share of events whose
//! date is exact at its stated precision, and `extract --merge`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::harness::{read_collection, repo_path, run, temp_dir};

/// The date and incident properties, decoded here independently of the
/// library's serializer.
#[derive(Debug, Deserialize)]
struct DateProps {
    doc: String,
    category: String,
    event_date: Option<String>,
    event_date_end: Option<String>,
    date_precision: String,
    date_text: Option<String>,
    incident_id: String,
    sources: Vec<String>,
    source_count: usize,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    events: Vec<GoldDate>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct GoldDate {
    category: String,
    event_date: String,
    event_date_end: String,
    date_precision: String,
}

/// Runs `extract` on `file` and returns the properties of the incidents
/// layer (and with `infrastructure`, of that layer too).
fn layers(file: &str, extra: &[&str], infrastructure: bool) -> Vec<DateProps> {
    let out = temp_dir();
    let mut args = vec![
        "extract".to_string(),
        repo_path(file).display().to_string(),
        "-o".to_string(),
        out.path().display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args).success();
    let mut names = vec!["incidents.geojson"];
    if infrastructure {
        names.push("infrastructure.geojson");
    }
    names
        .into_iter()
        .flat_map(|name| read_collection::<DateProps>(&out.path().join(name)))
        .map(|f| f.properties)
        .collect()
}

/// The incidents layer's properties.
fn incidents(file: &str, extra: &[&str]) -> Vec<DateProps> {
    layers(file, extra, false)
}

/// Gold events of `file` and how many have an event feature of their
/// document and category with exactly the gold date, end and precision.
fn exact_dates(file: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(repo_path(file)).expect("date texts");
    let gold: Vec<GoldDoc> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a gold line"))
        .collect();
    let found = layers(file, &[], true);
    let mut by_doc: HashMap<&str, Vec<&DateProps>> = HashMap::new();
    for p in &found {
        by_doc.entry(p.doc.as_str()).or_default().push(p);
    }
    let (mut exact, mut total) = (0, 0);
    for doc in &gold {
        for g in &doc.events {
            total += 1;
            let hit = by_doc.get(doc.id.as_str()).is_some_and(|ps| {
                ps.iter().any(|p| {
                    p.category == g.category
                        && p.event_date.as_deref() == Some(g.event_date.as_str())
                        && p.event_date_end.as_deref() == Some(g.event_date_end.as_str())
                        && p.date_precision == g.date_precision
                })
            });
            if hit {
                exact += 1;
            } else {
                let got: Vec<_> = by_doc
                    .get(doc.id.as_str())
                    .into_iter()
                    .flatten()
                    .map(|p| (&p.category, &p.event_date, &p.date_precision, &p.date_text))
                    .collect();
                eprintln!("{}: {:?}\n  want {g:?}\n  got {got:?}", doc.id, doc.text);
            }
        }
    }
    (exact, total)
}

#[test]
fn event_dates_are_exact_at_their_precision() {
    let mut exact = 0;
    let mut total = 0;
    for file in ["tests/data/dates/en.jsonl", "tests/data/dates/ko.jsonl"] {
        let (e, t) = exact_dates(file);
        eprintln!("{file}: {e}/{t} dates exact");
        exact += e;
        total += t;
    }
    assert!(total >= 60, "the date texts hold {total} events");
    let share = exact as f64 / total as f64;
    assert!(
        share >= 0.95,
        "{exact}/{total} = {share:.3} of event dates exact, want >= 0.95"
    );
}

#[test]
fn two_reports_of_one_incident_merge() {
    let merged = incidents("tests/data/dates/merge.jsonl", &["--merge"]);
    let arrests: Vec<&DateProps> = merged.iter().filter(|p| p.category == "arrest").collect();
    assert_eq!(arrests.len(), 3, "{arrests:#?}");
    let both = arrests
        .iter()
        .find(|p| p.sources.len() == 2)
        .expect("one incident with two sources");
    assert_eq!(both.sources, ["merge-outlet-a", "merge-outlet-b"]);
    assert_eq!(both.source_count, 2);
    // The best date: the day both reports name.
    assert_eq!(both.event_date.as_deref(), Some("2024-04-10"));
    assert_eq!(both.date_precision, "day");
    // A later arrest at the same place, and one on the same day elsewhere,
    // stay apart.
    for doc in ["merge-later", "merge-elsewhere"] {
        let p = arrests.iter().find(|p| p.doc == doc).expect(doc);
        assert_eq!(p.sources, [doc]);
    }
}

#[test]
fn without_merge_every_report_carries_its_incident() {
    let all = incidents("tests/data/dates/merge.jsonl", &[]);
    let id_of = |doc: &str| {
        all.iter()
            .find(|p| p.doc == doc && p.category == "arrest")
            .map(|p| p.incident_id.clone())
            .expect(doc)
    };
    assert_eq!(id_of("merge-outlet-a"), id_of("merge-outlet-b"));
    assert_ne!(id_of("merge-outlet-a"), id_of("merge-later"));
    assert_ne!(id_of("merge-outlet-a"), id_of("merge-elsewhere"));
    let b = all.iter().find(|p| p.doc == "merge-outlet-b").unwrap();
    assert_eq!(b.sources, ["merge-outlet-a", "merge-outlet-b"]);
}
