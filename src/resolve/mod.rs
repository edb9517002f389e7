//! Resolves each mention to one place of the gazetteer, or abstains.
//!
//! Every candidate of a mention gets a score from features that can be
//! explained, and each feature that counts is recorded as a reason:
//!
//! | feature | reason | effect |
//! |---|---|---|
//! | designator fits the level ("Musan County" → a county) | `designator:county` | strong + (or − when it does not fit) |
//! | explicit parent: "X, Y Province", "X in Y", "Y's X", "양강도 보천군" | `parent:KP.13` | strong + for places in Y, − otherwise |
//! | document focus: share of the document's mentions in the candidate's province and country | `focus-admin1:KP.17`, `focus-country:KP` | + in proportion |
//! | co-location with the document's other resolved places (Haversine) | `near:Hoeryŏng (12 km)` | + when within 100 km |
//! | domain prior: eventmap maps North Korea news | `prior:KP` | small + for KP |
//! | kind of place: countries, provinces, seats and populous towns before villages | `level:city` | + by prominence |
//! | population | `population:43831` | + by log population |
//!
//! Mentions of the same name in one document refer to the same place
//! unless a mention has its own designator or parent ("one sense per
//! discourse"). A mention whose best candidate is too weak is kept
//! unresolved, with its candidates listed.

mod border;
mod context;
mod near;
mod reasons;
mod score;
#[cfg(test)]
mod tests;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use geo::{Distance, Haversine};

use crate::gazetteer::{Gazetteer, Level, Place, PlaceId};
use crate::matcher::{Designator, Mention, Method};

pub use reasons::{Features, Reason, ReasonList, Reasons};

use self::context::{Focus, Parent, Side, find_parents};
use self::score::{ScoreGroups, add_nearest, best, probabilities, score_candidates};

/// Options of the resolver.
#[derive(Debug, Clone)]
pub struct ResolveOptions {
    /// The country the news is about, given a small prior (default `KP`).
    pub focus_country: Option<String>,
    /// Below this probability the resolver abstains (default 0.2).
    pub min_probability: f64,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            focus_country: Some("KP".to_string()),
            min_probability: 0.2,
        }
    }
}

/// A mention with the place it was resolved to.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The mention.
    pub mention: Mention,
    /// The chosen place, or `None` when the resolver abstained.
    pub place: Option<PlaceId>,
    /// Probability of the chosen place among the candidates, 0..1.
    pub score: f64,
    /// The features that counted for the chosen place (or, when abstaining,
    /// why), written out as text by [`Reasons::texts`].
    pub reasons: Reasons,
    /// Every candidate with its probability, best first.
    pub ranked: Vec<(PlaceId, f64)>,
}

/// A candidate's score and the features that made it.
#[derive(Debug, Clone, Copy)]
struct Scored {
    score: f64,
    features: Features,
}

/// Resolves the mentions of one document (`text` is its original text,
/// `mentions` in text order).
///
/// The steps: read what the document says around each mention (parents,
/// border cues, focus), score each group of alike mentions without and then
/// with co-location, let mentions without a local signal follow what the
/// document's mentions of their name agree on, choose or abstain, then
/// drop loose matches nothing supports and locate unknown places by the
/// document's focus or their parent.
pub fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: Vec<Mention>,
    options: &ResolveOptions,
) -> Vec<Resolution> {
    let parents = find_parents(gazetteer, text, &mentions);
    let mut contexts = border::Contexts::new(text);
    let sides: Vec<Side> = mentions
        .iter()
        .map(|m| Side::of(gazetteer, text, m, &mut contexts))
        .collect();
    let focus = Focus::of(gazetteer, mentions.iter().filter(|m| !is_weak(m)));
    // Mentions whose scores cannot differ are scored once: a long document
    // repeats its places.
    let groups = ScoreGroups::of(&mentions, &parents, &sides);
    let mut scores = score_groups(
        gazetteer, &mentions, &parents, &sides, &focus, options, &groups,
    );
    let ranked_of = rank_with_colocation(gazetteer, &mentions, &groups, &mut scores);
    let consensus = consensus_of(&mentions, &parents, &sides, &groups, &ranked_of);
    let mut out = choose(mentions, &groups, &scores, ranked_of, consensus, options);
    drop_unsupported_loose_matches(gazetteer, &mut out, options);
    locate_by_focus(gazetteer, &mut out, options.focus_country.as_deref());
    locate_by_parents(gazetteer, &mut out, &parents);
    out
}

/// A village matched only through a romanization (Hwajon-ri read as a
/// South Korean Hwacheon) is no evidence of where the document is.
fn is_weak(m: &Mention) -> bool {
    m.method == Method::Romanized
        && matches!(m.designator, Some(Designator::Village | Designator::Town))
}

/// The candidates of every score group with their scores, in one buffer,
/// and each group's range in it and its best candidate.
struct GroupScores {
    all: Vec<(PlaceId, Scored)>,
    /// Per group: its candidates in `all`.
    of: Vec<std::ops::Range<usize>>,
    /// Per group: its best candidate before co-location.
    chosen: Vec<Option<PlaceId>>,
}

/// The first pass: every group's candidates scored without co-location.
fn score_groups(
    gazetteer: &Gazetteer,
    mentions: &[Mention],
    parents: &[Option<Parent>],
    sides: &[Side],
    focus: &Focus<'_>,
    options: &ResolveOptions,
    groups: &ScoreGroups,
) -> GroupScores {
    let mut scored_all: Vec<(PlaceId, Scored)> = Vec::new();
    let mut scored_of: Vec<std::ops::Range<usize>> = Vec::with_capacity(groups.first.len());
    let chosen: Vec<Option<PlaceId>> = groups
        .first
        .iter()
        .map(|&i| {
            let start = scored_all.len();
            score_candidates(
                gazetteer,
                &mentions[i],
                parents[i].as_ref(),
                focus,
                options,
                sides[i],
                &mut scored_all,
            );
            scored_of.push(start..scored_all.len());
            best(&scored_all[start..])
        })
        .collect();
    GroupScores {
        all: scored_all,
        of: scored_of,
        chosen,
    }
}

/// The second pass: each group's candidates with the distances to the
/// places chosen in the first (the rest of a score does not change), as
/// probabilities, best first.
fn rank_with_colocation(
    gazetteer: &Gazetteer,
    mentions: &[Mention],
    groups: &ScoreGroups,
    scores: &mut GroupScores,
) -> Vec<Vec<(PlaceId, f64)>> {
    // Each (name, place) pair once: a long document repeats its places, and
    // the nearest anchor is the same over a set as over the list.
    let mut anchors: Vec<(&str, PlaceId)> = groups
        .of
        .iter()
        .enumerate()
        .filter_map(|(i, &g)| scores.chosen[g].map(|id| (i, id)))
        .filter(|(_, id)| matches!(gazetteer.place(*id).level(), Level::City | Level::County))
        .filter(|(i, _)| !is_weak(&mentions[*i]))
        .map(|(i, id)| (mentions[i].key.as_str(), id))
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    let anchors = near::Anchors::new(gazetteer, anchors.into_iter());

    // Each group's probabilities, computed once for the totals and the
    // ranking.
    groups
        .first
        .iter()
        .zip(&scores.of)
        .map(|(&i, range)| {
            let scored = &mut scores.all[range.clone()];
            add_nearest(gazetteer, &mentions[i], &anchors, scored);
            probabilities(scored)
        })
        .collect()
}

/// One sense per discourse: per mention without a local signal, the place
/// with the highest total probability over the document's mentions of the
/// same name, and its share of that total.
fn consensus_of(
    mentions: &[Mention],
    parents: &[Option<Parent>],
    sides: &[Side],
    groups: &ScoreGroups,
    ranked_of: &[Vec<(PlaceId, f64)>],
) -> Vec<Option<(PlaceId, f64)>> {
    // Sized for a name per group at once: growing it cost more than the
    // lookups (each name's own map is left as it was, as the order of its
    // sum depends on it).
    let mut totals: HashMap<&str, HashMap<PlaceId, f64>> =
        HashMap::with_capacity_and_hasher(ranked_of.len(), Default::default());
    for (m, &g) in mentions.iter().zip(&groups.of) {
        let entry = totals.entry(m.key.as_str()).or_default();
        for &(id, p) in &ranked_of[g] {
            *entry.entry(id).or_default() += p;
        }
    }

    // What the document's mentions of each name agree on, for the mentions
    // without a local signal: the place with the highest total and its
    // share of the total.
    let local_signal = |i: usize, m: &Mention| {
        m.designator.is_some()
            || parents[i].is_some()
            || sides[i].context.river
            || sides[i].context.chinese
    };
    mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if local_signal(i, m) {
                return None;
            }
            let total = totals.get(m.key.as_str())?;
            let (&doc_best, &best_total) = total
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))?;
            let sum: f64 = total.values().sum();
            Some((doc_best, best_total / sum))
        })
        .collect()
}

/// Each mention's resolution: its best candidate (or the document's
/// consensus on its name), or none when the best is too weak.
fn choose(
    mentions: Vec<Mention>,
    groups: &ScoreGroups,
    scores: &GroupScores,
    mut ranked_of: Vec<Vec<(PlaceId, f64)>>,
    consensus: Vec<Option<(PlaceId, f64)>>,
    options: &ResolveOptions,
) -> Vec<Resolution> {
    let mut out = Vec::with_capacity(mentions.len());
    // The last mention of each group takes its ranking instead of a copy:
    // most groups have one mention.
    let mut last_of = vec![0; ranked_of.len()];
    for (i, &g) in groups.of.iter().enumerate() {
        last_of[g] = i;
    }
    // The mentions move into their resolutions.
    for (i, ((m, &g), consensus)) in mentions
        .into_iter()
        .zip(&groups.of)
        .zip(consensus)
        .enumerate()
    {
        let scored = &scores.all[scores.of[g].clone()];
        let mut ranked = if last_of[g] == i {
            std::mem::take(&mut ranked_of[g])
        } else {
            ranked_of[g].clone()
        };
        let mut by_consensus = false;
        if let Some((doc_best, share)) = consensus
            && let Some(pos) = ranked.iter().position(|(id, _)| *id == doc_best)
            && pos > 0
        {
            // The document's mentions of the name agree on another place: its
            // share of their total is the score.
            let (id, _) = ranked.remove(pos);
            ranked.insert(0, (id, share));
            by_consensus = true;
        }
        let (place, score, reasons) = match ranked.first() {
            Some(&(id, p)) if p >= options.min_probability || ranked.len() == 1 || by_consensus => {
                let features = scored
                    .iter()
                    .find(|(c, _)| *c == id)
                    .map(|(_, s)| s.features)
                    .unwrap_or_default();
                (
                    Some(id),
                    p,
                    Reasons::Chosen {
                        place: id,
                        features,
                    },
                )
            }
            Some(&(_, p)) => (None, p, Reasons::Abstained(p)),
            None => (None, 0.0, Reasons::NoCandidate),
        };
        out.push(Resolution {
            mention: m,
            place,
            score: (score * 1000.0).round() / 1000.0,
            reasons,
            ranked,
        });
    }
    out
}

/// Loose matches (romanizations of Hangul words, spelling variants, and
/// villages known only through their county) need support: the domain's
/// country, or a country where the document's reliable mentions resolved,
/// never each other.
fn drop_unsupported_loose_matches(
    gazetteer: &Gazetteer,
    out: &mut [Resolution],
    options: &ResolveOptions,
) {
    let loose = |m: &Mention| {
        matches!(
            m.method,
            Method::Romanized | Method::Unlisted | Method::SinoKorean
        )
    };
    let reliable_countries: HashSet<&str> = out
        .iter()
        .filter(|r| !loose(&r.mention))
        .filter_map(|r| r.place.map(|id| gazetteer.place(id).country.as_str()))
        .collect();
    for r in out.iter_mut() {
        let Some(id) = r.place else { continue };
        if !loose(&r.mention) {
            continue;
        }
        let country = &gazetteer.place(id).country;
        let mentioned = reliable_countries.contains(country.as_str());
        if options.focus_country.as_deref() != Some(country.as_str()) && !mentioned {
            r.place = None;
            r.reasons = Reasons::LooseMatch(id);
        }
    }
}

/// A place the gazetteer does not know under a known parent ("Hwajon
/// Village, Pochon County" where the only Hwajon is in South Korea) is
/// located by its parent, at the parent's precision.
fn locate_by_parents(gazetteer: &Gazetteer, out: &mut [Resolution], parents: &[Option<Parent>]) {
    for i in 0..out.len() {
        let Some(parent) = &parents[i] else { continue };
        let Some(parent_place) = out[parent.index].place else {
            continue;
        };
        let fits = out[i].place.is_some_and(|id| {
            parent
                .unit_containing(gazetteer, gazetteer.place(id))
                .is_some()
        });
        if !fits {
            let parent_score = out[parent.index].score;
            let r = &mut out[i];
            r.place = Some(parent_place);
            r.score = (parent_score * 500.0).round() / 1000.0;
            r.reasons = Reasons::LocatedByParent(parent_place);
            // None of its own candidates is in that unit: the gazetteer does
            // not know this place.
            if r.mention.designator.is_some_and(|d| {
                matches!(
                    d,
                    Designator::Village
                        | Designator::Town
                        | Designator::Island
                        | Designator::District
                )
            }) {
                r.mention.method = Method::Unlisted;
            }
        }
    }
}

/// An unlisted place that nothing in its sentence locates (금생리, 망양동
/// in a report about one county) is placed at the document's focus: the
/// county or city its reliable mentions name most often, when one leads
/// with at least two mentions. Its precision is that unit's.
fn locate_by_focus(gazetteer: &Gazetteer, out: &mut [Resolution], country: Option<&str>) {
    let mut counts: HashMap<PlaceId, usize> = HashMap::default();
    for r in out.iter() {
        let Some(id) = r.place else { continue };
        if matches!(r.mention.method, Method::Unlisted | Method::SinoKorean) {
            continue;
        }
        let place = gazetteer.place(id);
        if matches!(place.level(), Level::County | Level::City)
            && country == Some(place.country.as_str())
        {
            *counts.entry(id).or_default() += 1;
        }
    }
    let mut ranked: Vec<(PlaceId, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(focus, n)) = ranked.first() else {
        return;
    };
    if n < 2 || ranked.get(1).is_some_and(|&(_, m)| m == n) {
        return;
    }
    for r in out.iter_mut() {
        if r.mention.method == Method::Unlisted
            && r.place.is_none()
            && r.mention.candidates.is_empty()
        {
            r.place = Some(focus);
            r.score = 0.3;
            r.reasons = Reasons::LocatedByFocus(focus);
        }
    }
}
