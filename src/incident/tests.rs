use super::*;

/// An arrest reported by `doc` at a place (id, county, lon, lat, geo
/// precision) on a date.
fn report(
    doc: &str,
    place: (&str, &str, f64, f64, u8),
    date: (&str, &str, &'static str),
) -> Report {
    Report {
        category: "arrest",
        place_id: Some(place.0.to_string()),
        admin1: Some("KP.17".to_string()),
        admin2: Some(place.1.to_string()),
        longitude: Some(place.2),
        latitude: Some(place.3),
        geo_precision: Some(place.4),
        date_precision: date.2,
        event_date: Some(date.0.to_string()),
        event_date_end: Some(date.1.to_string()),
        doc: doc.to_string(),
    }
}

/// The incident of each report, in input order.
fn members(reports: &[Report], incidents: Incidents) -> Vec<Member> {
    let mut incidents = incidents;
    for r in reports {
        incidents.add(r).unwrap();
    }
    let members: Vec<Member> = incidents.group().unwrap().map(Result::unwrap).collect();
    let numbers: Vec<u64> = members.iter().map(|m| m.index).collect();
    assert_eq!(numbers, (0..reports.len() as u64).collect::<Vec<_>>());
    members
}

/// The reports of each incident, incidents in the order of their first
/// report (ids are unique: they tell incidents apart).
fn group(reports: &[Report]) -> Vec<Vec<usize>> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, m) in members(reports, Incidents::new()).iter().enumerate() {
        match out.iter_mut().find(|(id, _)| *id == m.incident.id) {
            Some((_, reports)) => reports.push(i),
            None => out.push((m.incident.id.clone(), vec![i])),
        }
    }
    out.into_iter().map(|(_, reports)| reports).collect()
}

const TOWN: (&str, &str, f64, f64, u8) = ("t", "County A", 129.70, 42.40, 1);
/// About 11 km from TOWN, in another county.
const NEAR: (&str, &str, f64, f64, u8) = ("n", "County B", 129.70, 42.50, 1);
/// About 55 km from TOWN.
const FAR: (&str, &str, f64, f64, u8) = ("f", "County C", 129.70, 42.90, 1);
/// A village of TOWN's county, 30 km away.
const SAME_COUNTY: (&str, &str, f64, f64, u8) = ("v", "County A", 130.06, 42.40, 1);
/// The province TOWN lies in.
const PROVINCE: (&str, &str, f64, f64, u8) = ("p", "County A", 129.70, 42.41, 3);

const DAY: (&str, &str, &str) = ("2024-04-10", "2024-04-10", "day");

#[test]
fn same_place_or_county_or_nearby_merges() {
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, DAY)]);
    assert_eq!(g, [vec![0, 1]]);
    let g = group(&[report("a", TOWN, DAY), report("b", NEAR, DAY)]);
    assert_eq!(g, [vec![0, 1]]);
    let g = group(&[report("a", TOWN, DAY), report("b", SAME_COUNTY, DAY)]);
    assert_eq!(g, [vec![0, 1]]);
    // A third report must match every member: NEAR is in another county
    // and 32 km from SAME_COUNTY.
    let g = group(&[
        report("a", TOWN, DAY),
        report("b", NEAR, DAY),
        report("c", SAME_COUNTY, DAY),
    ]);
    assert_eq!(g, [vec![0, 1], vec![2]]);
}

#[test]
fn far_places_and_provinces_stay_apart() {
    let g = group(&[report("a", TOWN, DAY), report("b", FAR, DAY)]);
    assert_eq!(g.len(), 2);
    // A province-level report merges only with the same province.
    let g = group(&[report("a", TOWN, DAY), report("b", PROVINCE, DAY)]);
    assert_eq!(g.len(), 2);
    let g = group(&[report("a", PROVINCE, DAY), report("b", PROVINCE, DAY)]);
    assert_eq!(g.len(), 1);
}

#[test]
fn dates_must_overlap() {
    let week = ("2024-04-08", "2024-04-14", "week");
    let next_day = ("2024-04-11", "2024-04-11", "day");
    let later = ("2024-04-20", "2024-04-20", "day");
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, week)]);
    assert_eq!(g.len(), 1);
    // One day of slack.
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, next_day)]);
    assert_eq!(g.len(), 1);
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, later)]);
    assert_eq!(g.len(), 2);
    // A report without a date phrase covers the two weeks before it.
    let doc = ("2024-04-20", "2024-04-20", "document");
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, doc)]);
    assert_eq!(g.len(), 1);
}

#[test]
fn coarse_and_unknown_dates_never_merge() {
    let year = ("2024-01-01", "2024-12-31", "year");
    let g = group(&[report("a", TOWN, DAY), report("b", TOWN, year)]);
    assert_eq!(g.len(), 2);
    let mut unknown = report("b", TOWN, DAY);
    unknown.event_date = None;
    unknown.event_date_end = None;
    unknown.date_precision = "unknown";
    let g = group(&[report("a", TOWN, DAY), unknown.clone(), unknown]);
    assert_eq!(g.len(), 3);
}

#[test]
fn no_chaining_through_a_middle_report() {
    // a and c are 55 km apart; b lies near both but a and c never merge.
    let middle = ("m", "County M", 129.70, 42.65, 1);
    let g = group(&[
        report("a", TOWN, DAY),
        report("b", middle, DAY),
        report("c", FAR, DAY),
    ]);
    assert!(g.len() >= 2, "{g:?}");
    assert!(!g.iter().any(|m| m.contains(&0) && m.contains(&2)));
}

#[test]
fn the_representative_has_the_finest_date() {
    let week = ("2024-04-08", "2024-04-14", "week");
    let reports = [report("a", TOWN, week), report("b", NEAR, DAY)];
    let g = members(&reports, Incidents::new());
    assert_eq!(g[0].incident, g[1].incident);
    assert_eq!(g[0].incident.id, "arrest@n/2024-04-10");
    assert_eq!(g[0].incident.sources, ["a", "b"]);
    assert!(g[1].representative && !g[0].representative);
    let mut json = Vec::new();
    g[0].incident.write_json_members(&mut json);
    assert_eq!(
        String::from_utf8(json).unwrap(),
        r#","incident_id":"arrest@n/2024-04-10","sources":["a","b"],"source_count":2"#
    );
}

#[test]
fn day_numbers_without_the_parser_are_the_parsers() {
    use jiff::ToSpan;
    let parsed = |s: &str| {
        let d: Date = s.parse().ok()?;
        Date::constant(1970, 1, 1)
            .until(d)
            .ok()
            .map(|s| s.get_days())
    };
    let mut d = Date::constant(0, 1, 1);
    while d.year() < 9999 {
        let s = d.to_string();
        assert_eq!(plain_day_number(&s), parsed(&s), "{s}");
        d = d.checked_add(3.days()).unwrap();
    }
    for s in [
        "2023-02-29",
        "2024-02-29",
        "2100-02-29",
        "2000-02-29",
        "2024-13-01",
        "2024-00-10",
        "2024-04-31",
        "2024-4-30x",
        "+02024-01-01",
    ] {
        assert!(
            plain_day_number(s).is_none() || plain_day_number(s) == parsed(s),
            "{s}"
        );
        assert_eq!(day_number(s), s.get(..10).and_then(parsed), "{s}");
    }
}

#[test]
fn places_just_inside_and_outside_the_distance_north_to_south() {
    // 0.2245 degrees of latitude are 24.96 km, 0.2255 are 25.07 km.
    let north = ("n1", "County N", 129.70, 42.40 + 0.2245, 1);
    let g = group(&[report("a", TOWN, DAY), report("b", north, DAY)]);
    assert_eq!(g, [vec![0, 1]]);
    let north = ("n2", "County N", 129.70, 42.40 + 0.2255, 1);
    let g = group(&[report("a", TOWN, DAY), report("b", north, DAY)]);
    assert_eq!(g.len(), 2);
}

/// Many reports of many incidents, in an order unlike the sort's: nearby
/// towns, dates spread over weeks, repeated stories, undated reports,
/// several categories.
fn many_reports() -> Vec<Report> {
    let mut reports = Vec::new();
    for i in 0..3000u32 {
        let town = i % 23;
        let day = 1 + (i * 7) % 28;
        let date = format!("2024-0{}-{day:02}", 1 + (i * 13) % 9);
        let precision = ["day", "week", "document", "unknown", "month"][(i % 5) as usize];
        let mut r = report(
            &format!("doc{}", i / 3),
            (
                "",
                "",
                129.0 + f64::from(town) * 0.05,
                42.0,
                1 + (i % 3) as u8,
            ),
            ("", "", "day"),
        );
        r.place_id = Some(format!("p{town}"));
        r.admin2 = Some(format!("County {}", town / 3));
        r.event_date = Some(date.clone());
        r.event_date_end = Some(date);
        r.date_precision = precision;
        r.category = ["arrest", "execution", "defection"][(i % 3) as usize];
        reports.push(r);
    }
    reports
}

#[test]
fn grouping_that_spills_to_disk_is_grouping_in_memory() {
    let reports = many_reports();
    let in_memory = members(&reports, Incidents::new());
    let dir = tempfile::tempdir().unwrap();
    let mut spilling = Incidents::spilling_to(dir.path());
    // Small sorts: every one of the three writes many runs.
    spilling.keys = Sorter::new(Some(dir.path()), 2000);
    spilling.sort_memory = 2000;
    let spilled = members(&reports, spilling);
    assert_eq!(spilled.len(), in_memory.len());
    for (a, b) in in_memory.iter().zip(&spilled) {
        assert_eq!((a.index, a.representative), (b.index, b.representative));
        assert_eq!(a.incident, b.incident);
    }
    // The corpus has incidents of several reports and ids told apart by
    // a number.
    assert!(in_memory.iter().any(|m| m.incident.source_count > 2));
    assert!(in_memory.iter().any(|m| m.incident.id.ends_with("-2")));
}
