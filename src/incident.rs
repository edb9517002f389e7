//! One incident across reports: groups event features of the same category
//! at the same or a nearby place with overlapping dates, the way ACLED
//! codes one event with all its sources.
//!
//! The rule, for two features `a` and `b`:
//!
//! - same `category`;
//! - same place (`place_id`), or, when both are placed at a town or county
//!   (`geo_precision` 1 or 2), the same county (`admin1` and `admin2`) or
//!   points at most [`NEARBY_KM`] apart; a feature placed at a province,
//!   a country or the whole document merges only with the same place, and
//!   one without a place with nothing;
//! - dates that overlap, give or take [`SLACK_DAYS`]: a `document` date
//!   stands for the [`DOCUMENT_WINDOW_DAYS`] up to the report; dates
//!   spanning more than [`MAX_SPAN_DAYS`] (seasons, years) and `unknown`
//!   ones merge with nothing: too coarse to say it is the same incident.
//!
//! A feature joins the first group (in date order) whose every member it
//! matches by place and whose common date span it overlaps, so a chain of
//! near neighbours never drags two distant incidents into one.

use std::collections::HashMap;

use geo::{Distance, Haversine, Point};
use jiff::civil::Date;

use crate::layer::events::EventProperties;
use crate::when::Precision;

/// Places at most this far apart are "nearby": about the diameter of a
/// typical North Korean county (around 600 km², so some 14 km in radius),
/// that is a town and its county seat or the next town up the valley.
pub const NEARBY_KM: f64 = 25.0;
/// Reports of one incident may disagree by a day (a night-time event, time
/// zones).
pub const SLACK_DAYS: i32 = 1;
/// A report without a date phrase is taken to be about the two weeks
/// before it (reports from inside North Korea reach outlets days late).
pub const DOCUMENT_WINDOW_DAYS: i32 = 14;
/// Dates spanning more days than this do not merge.
pub const MAX_SPAN_DAYS: i32 = 31;

/// Days since 1970-01-01.
fn day_number(date: &str) -> Option<i32> {
    let d: Date = date.get(..10)?.parse().ok()?;
    Date::constant(1970, 1, 1)
        .until(d)
        .ok()
        .map(|s| s.get_days())
}

/// The span a feature's date stands for, when fine enough to merge.
fn merge_span(p: &EventProperties) -> Option<(i32, i32)> {
    let precision = Precision::parse(p.date_precision)?;
    let start = day_number(p.event_date.as_deref()?)?;
    let end = p
        .event_date_end
        .as_deref()
        .and_then(day_number)
        .unwrap_or(start);
    let span = match precision {
        Precision::Unknown => return None,
        Precision::Document => (start - DOCUMENT_WINDOW_DAYS, end),
        _ => (start, end),
    };
    (span.1 - span.0 < MAX_SPAN_DAYS).then_some(span)
}

/// True when `a` and `b` are at the same or a nearby place.
fn same_place(a: &EventProperties, b: &EventProperties) -> bool {
    let (Some(pa), Some(pb)) = (&a.place_id, &b.place_id) else {
        return false;
    };
    if pa == pb {
        return true;
    }
    let fine = |p: &EventProperties| p.geo_precision.is_some_and(|g| g <= 2);
    if !(fine(a) && fine(b)) {
        return false;
    }
    if a.admin2.is_some() && a.admin1 == b.admin1 && a.admin2 == b.admin2 {
        return true;
    }
    match (a.longitude, a.latitude, b.longitude, b.latitude) {
        (Some(ax), Some(ay), Some(bx), Some(by)) => {
            Haversine.distance(Point::new(ax, ay), Point::new(bx, by)) / 1000.0 <= NEARBY_KM
        }
        _ => false,
    }
}

/// Groups `features` into incidents: each group lists feature indices in
/// input order; groups are ordered by their first member.
pub fn group(features: &[EventProperties]) -> Vec<Vec<usize>> {
    let spans: Vec<Option<(i32, i32)>> = features.iter().map(merge_span).collect();
    let mut order: Vec<usize> = (0..features.len()).collect();
    order.sort_by_key(|&i| (features[i].category, spans[i].map(|s| s.0), i));
    struct Open {
        members: Vec<usize>,
        span: (i32, i32),
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // Open groups per category, those whose span can still overlap.
    let mut open: HashMap<&str, Vec<Open>> = HashMap::new();
    for i in order {
        let Some(span) = spans[i] else {
            groups.push(vec![i]);
            continue;
        };
        let candidates = open.entry(features[i].category).or_default();
        candidates.retain(|g| {
            let done = g.span.1 + SLACK_DAYS < span.0;
            if done {
                groups.push(g.members.clone());
            }
            !done
        });
        let joined = candidates.iter_mut().find(|g| {
            span.0 <= g.span.1 + SLACK_DAYS
                && g.span.0 <= span.1 + SLACK_DAYS
                && g.members
                    .iter()
                    .all(|&m| same_place(&features[m], &features[i]))
        });
        match joined {
            Some(g) => {
                g.members.push(i);
                // The common span narrows to what every report allows (a
                // slack-only overlap keeps the nearer edge).
                g.span = (g.span.0.max(span.0), g.span.1.min(span.1));
                if g.span.0 > g.span.1 {
                    g.span = (g.span.1, g.span.0);
                }
            }
            None => candidates.push(Open {
                members: vec![i],
                span,
            }),
        }
    }
    for (_, candidates) in open {
        groups.extend(candidates.into_iter().map(|g| g.members));
    }
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// The member that speaks for a group: the finest date, then the finest
/// place, then the first report.
fn representative(features: &[EventProperties], members: &[usize]) -> usize {
    *members
        .iter()
        .min_by_key(|&&i| {
            let p = &features[i];
            (
                Precision::parse(p.date_precision).unwrap_or(Precision::Unknown),
                p.geo_precision.unwrap_or(u8::MAX),
                i,
            )
        })
        .expect("groups are not empty")
}

/// Gives every feature its incident: `incident_id`, `sources` (the
/// documents of the incident, in input order) and `source_count`. Returns
/// the groups (see [`group`]).
pub fn assign(features: &mut [EventProperties]) -> Vec<Vec<usize>> {
    let groups = group(features);
    let mut used: HashMap<String, usize> = HashMap::new();
    for members in &groups {
        let rep = &features[representative(features, members)];
        let base = format!(
            "{}@{}/{}",
            rep.category,
            rep.place_id.as_deref().unwrap_or("none"),
            rep.event_date.as_deref().unwrap_or("undated")
        );
        let n = used.entry(base.clone()).or_default();
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        let mut sources: Vec<String> = Vec::new();
        for &m in members {
            if !sources.contains(&features[m].doc) {
                sources.push(features[m].doc.clone());
            }
        }
        for &m in members {
            let p = &mut features[m];
            p.incident_id.clone_from(&id);
            p.sources.clone_from(&sources);
            p.source_count = sources.len();
        }
    }
    groups
}

/// One feature per incident: the representative's (finest date, then
/// finest place), with the largest stated fatalities of its reports.
/// `features` must have been through [`assign`], which returned `groups`.
pub fn merged(features: &[EventProperties], groups: &[Vec<usize>]) -> Vec<usize> {
    groups
        .iter()
        .map(|members| representative(features, members))
        .collect()
}

/// The largest fatalities figure among `members`.
pub fn max_fatalities(features: &[EventProperties], members: &[usize]) -> Option<u32> {
    members.iter().filter_map(|&m| features[m].fatalities).max()
}
