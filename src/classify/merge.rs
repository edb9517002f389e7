//! Cue mentions into events: one per category and place, with the
//! evidence of every mention that supports it.

use std::ops::Range;

use super::{
    Category, CueDecision, Event, Mention, Outcome, PlaceLevel, PlaceLink, PlaceRef, Status,
    details, link,
};

/// The name of a place mention without its designator, lower case:
/// "Hoeryong City", "Hoeryong" and "회령시" name the same locality (a
/// county-level city and its seat), so their events are one story.
pub(super) fn base_name(text: &str, p: &PlaceRef) -> String {
    let Some(name) = text.get(p.start..p.end) else {
        return p.key.clone();
    };
    let name = name.to_lowercase();
    let stem = link::designators()
        .iter()
        .find_map(|d| name.strip_suffix(d).filter(|s| !s.trim().is_empty()))
        .unwrap_or(&name);
    stem.trim().to_string()
}

pub(super) fn merge(
    sents: &[Range<usize>],
    places: &[PlaceRef],
    linker: &link::Linker,
    mentions: Vec<Mention>,
    links: Vec<Option<(Vec<usize>, PlaceLink)>>,
    decisions: &mut [CueDecision],
) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let index: std::collections::HashMap<(usize, Category), usize> = decisions
        .iter()
        .enumerate()
        .map(|(i, d)| ((d.span.start, d.category), i))
        .collect();
    let mut record = |m: &Mention, ps: &[usize], link: PlaceLink| {
        if let Some(&i) = index.get(&(m.span.start, m.category))
            && let Outcome::Kept {
                places, link: l, ..
            } = &mut decisions[i].outcome
        {
            *places = ps.to_vec();
            *l = link;
        }
    };
    let text = linker.text();
    // Each place's base name once: every new event is compared with every
    // event kept so far.
    let bases: Vec<std::cell::OnceCell<String>> =
        places.iter().map(|_| std::cell::OnceCell::new()).collect();
    let base = |i: usize| {
        bases[i]
            .get_or_init(|| base_name(text, &places[i]))
            .as_str()
    };
    // Two mentions are the same place when they share a gazetteer key or a
    // name: "Musan County" then "Musan" (even unresolved) is one locality.
    let same_place = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => places[a].key == places[b].key || base(a) == base(b),
        _ => false,
    };
    let add = |m: &Mention, place: Option<usize>, link: PlaceLink, events: &mut Vec<Event>| {
        let same = |e: &&mut Event| e.category == m.category && same_place(e.place, place);
        match events.iter_mut().find(same) {
            Some(e) => absorb(e, m),
            None => events.push(Event {
                category: m.category,
                status: m.status,
                place,
                link,
                evidence: sents[m.sentence].clone(),
                cues: vec![m.cue.clone()],
                fatalities: m.fatalities,
                actors: m.actors.clone(),
                score: 0.0,
            }),
        }
    };
    // Mentions linked to places of their sentence or paragraph first.
    for (m, l) in mentions.iter().zip(&links) {
        if let Some((ps, link)) = l {
            for &p in ps {
                add(m, Some(p), *link, &mut events);
            }
        }
    }
    // A sentence without cues that enumerates places right after an event
    // sentence says where those events are ("Floods hit the north. The
    // affected counties include A, B and C.").
    // Mentions are in text order, so each sentence's run is one slice;
    // only the sentence after a run can be such a list.
    debug_assert!(mentions.windows(2).all(|w| w[0].sentence <= w[1].sentence));
    let mut superseded: Vec<(Category, usize)> = Vec::new();
    let mut first = 0;
    while first < mentions.len() {
        let s = mentions[first].sentence;
        let run = mentions[first..].partition_point(|m| m.sentence == s);
        let prev = &mentions[first..first + run];
        first += run;
        let next_has_cues = mentions.get(first).is_some_and(|m| m.sentence == s + 1);
        if s + 1 >= sents.len() || next_has_cues {
            continue;
        }
        if let Some(listed) = linker.enumeration(s + 1) {
            for (m, link) in prev.iter().zip(&links[first - run..first]) {
                // "Controls were tightened in Ryanggang Province. The
                // counties concerned are A, B and C": the towns of the
                // province are where it happened, the province only
                // gathered them (in one paragraph: a list further on may
                // be another story).
                if let Some((ps, _)) = link {
                    for &p in ps {
                        let province = &places[p];
                        let inside = linker.same_paragraph(s, s + 1)
                            && province.level == PlaceLevel::Province
                            && !province.region.is_empty()
                            && listed.iter().all(|&l| places[l].region == province.region);
                        if inside {
                            superseded.push((m.category, p));
                        }
                    }
                }
                for &p in &listed {
                    add(m, Some(p), PlaceLink::Paragraph, &mut events);
                }
            }
        }
    }
    events.retain(|e| {
        !e.place
            .is_some_and(|p| superseded.contains(&(e.category, p)))
    });
    // The rest: a category already placed elsewhere in the document is the
    // same story told again ("the soldiers who were killed"), so the mention
    // joins that event; otherwise the source's location, the document's main
    // place, a country of the sentence, or no place.
    for (m, _) in mentions.iter().zip(&links).filter(|(_, l)| l.is_none()) {
        if let Some(e) = events
            .iter_mut()
            .find(|e| e.category == m.category && e.place.is_some())
        {
            record(m, &[e.place.unwrap_or_default()], e.link);
            absorb(e, m);
            continue;
        }
        match linker.fallback(m.sentence, m.span.start) {
            (ps, link) if !ps.is_empty() => {
                record(m, &ps, link);
                for p in ps {
                    add(m, Some(p), link, &mut events);
                }
            }
            _ => add(m, None, PlaceLink::None, &mut events),
        }
    }
    // A category with a place needs no placeless event.
    let placed: Vec<Category> = events
        .iter()
        .filter(|e| e.place.is_some())
        .map(|e| e.category)
        .collect();
    events.retain(|e| e.place.is_some() || !placed.contains(&e.category));
    for e in &mut events {
        e.score = details::score(e);
    }
    events.sort_by_key(|e| (e.evidence.start, e.category, e.place));
    events
}

/// Merges a repeated mention into an existing event.
pub(super) fn absorb(e: &mut Event, m: &Mention) {
    if !e.cues.contains(&m.cue) {
        e.cues.push(m.cue.clone());
    }
    for a in &m.actors {
        if !e.actors.iter().any(|b| b.eq_ignore_ascii_case(a)) {
            e.actors.push(a.clone());
        }
    }
    e.fatalities = e.fatalities.max(m.fatalities);
    if m.status == Status::Reported {
        e.status = Status::Reported;
    }
}
