//! `eventmap explain`: why each marker is (or is not) on the map.
//!
//! For every sentence of a document that holds an event cue, the report
//! gives the place mentions found there, each cue with its category, and
//! what became of it: kept (reported or planned, at which places and by
//! which link) or dropped, with the reason (negated, a purpose, a threat or
//! condition, a planned incident, a tag list). The events of the document
//! follow, as they are written to the layers.
//!
//! ```
//! use eventmap::gazetteer::Gazetteer;
//! use eventmap::pipeline::Geoparser;
//!
//! let geoparser = Geoparser::new(Gazetteer::embedded(), Default::default());
//! let report = eventmap::explain::explain_text(
//!     &geoparser,
//!     "doc-1",
//!     "Guards arrested two traders in Hyesan. No one was arrested in Musan.",
//! );
//! assert!(report.contains("arrest") && report.contains("dropped: negated"));
//! ```

use std::fmt::Write;

use crate::classify::{self, Outcome};
use crate::pipeline::{Geoparser, place_refs};

/// The explanation of one document, as lines of text.
pub fn explain_text(geoparser: &Geoparser<'_>, id: &str, text: &str) -> String {
    let gazetteer = geoparser.gazetteer();
    let resolutions = geoparser.places(text);
    let refs = place_refs(gazetteer, &resolutions);
    let result = classify::explain(text, &refs);
    let place_name = |i: usize| -> String {
        let r = &resolutions[i];
        let surface = one_line(&text[r.mention.span.clone()]);
        match r.place.map(|id| gazetteer.place(id)) {
            Some(p) => format!("{surface} -> {} ({}, {})", p.name, p.id, p.country),
            None => format!("{surface} -> unresolved"),
        }
    };
    let mut out = String::new();
    let _ = writeln!(out, "== {id}");
    for (s, span) in result.sentences.iter().enumerate() {
        let decisions: Vec<_> = result
            .decisions
            .iter()
            .filter(|d| d.sentence == s)
            .collect();
        if decisions.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "sentence {} [{}..{}]: {}",
            s + 1,
            span.start,
            span.end,
            clip(&one_line(&text[span.clone()]), 160)
        );
        let here: Vec<String> = (0..refs.len())
            .filter(|&i| span.contains(&refs[i].start))
            .map(place_name)
            .collect();
        if !here.is_empty() {
            let _ = writeln!(out, "  places: {}", here.join("; "));
        }
        for d in decisions {
            let what = match &d.outcome {
                Outcome::Kept {
                    status,
                    places,
                    link,
                } => {
                    let at = if places.is_empty() {
                        "no place (geometry null)".to_string()
                    } else {
                        places
                            .iter()
                            .map(|&p| place_name(p))
                            .collect::<Vec<_>>()
                            .join("; ")
                    };
                    format!("kept, {}, link {}: {at}", status.as_str(), link.as_str())
                }
                Outcome::Dropped(why) => format!("dropped: {}", why.as_str()),
            };
            let _ = writeln!(out, "  cue {:?} {}: {what}", d.cue, d.category);
        }
    }
    let _ = writeln!(out, "events:");
    if result.events.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for e in &result.events {
        let at = e.place.map_or_else(|| "no place".to_string(), place_name);
        let _ = writeln!(
            out,
            "  {} {} at {at} (link {}, score {:.2})",
            e.category,
            e.status.as_str(),
            e.link.as_str(),
            e.score
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clip(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn says_why_cues_are_kept_or_dropped() {
        let geoparser = Geoparser::new(Gazetteer::embedded(), Default::default());
        let text = "Soldiers built a new guard post in Musan. \
                    Anyone caught crossing the river will be shot, officials warned. \
                    A wall is planned near Hyesan.";
        let report = explain_text(&geoparser, "t", text);
        assert!(
            report.contains("\"guard post\" guard_post: kept, reported, link sentence: Musan"),
            "{report}"
        );
        assert!(report.contains("dropped: threat or condition"), "{report}");
        assert!(report.contains("\"wall\" wall: kept, planned"), "{report}");
    }
}
