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

use std::collections::HashMap;

use geo::{Distance, Haversine};

use crate::gazetteer::{Gazetteer, Level, Place, PlaceId};
use crate::matcher::Mention;

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
    /// why).
    pub reasons: Vec<String>,
    /// Every candidate with its probability, best first.
    pub ranked: Vec<(PlaceId, f64)>,
}

struct Scored {
    score: f64,
    reasons: Vec<String>,
}

/// Resolves the mentions of one document (`text` is its original text,
/// `mentions` in text order).
pub fn resolve(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: Vec<Mention>,
    options: &ResolveOptions,
) -> Vec<Resolution> {
    let parents = find_parents(gazetteer, text, &mentions);
    let focus = Focus::of(gazetteer, &mentions);

    // First pass without co-location; the second adds distances to the
    // places chosen in the first.
    let mut chosen: Vec<Option<PlaceId>> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let scored = score_candidates(gazetteer, m, parents[i].as_ref(), &focus, options, &[]);
        chosen.push(best(&scored).map(|(id, _)| id));
    }
    let anchors: Vec<(usize, PlaceId)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|id| (i, id)))
        .filter(|(_, id)| matches!(gazetteer.place(*id).level(), Level::City | Level::County))
        .collect();

    let mut scored_all: Vec<Vec<(PlaceId, Scored)>> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let others: Vec<PlaceId> = anchors
            .iter()
            .filter(|(j, _)| *j != i)
            .map(|(_, id)| *id)
            .collect();
        scored_all.push(score_candidates(
            gazetteer,
            m,
            parents[i].as_ref(),
            &focus,
            options,
            &others,
        ));
    }

    // One sense per discourse: mentions of the same name without a local
    // signal take the place with the highest total score over the document.
    let mut totals: HashMap<&str, HashMap<PlaceId, f64>> = HashMap::new();
    for (m, scored) in mentions.iter().zip(&scored_all) {
        let probs = probabilities(scored);
        let entry = totals.entry(m.key.as_str()).or_default();
        for (id, p) in probs {
            *entry.entry(id).or_default() += p;
        }
    }

    let mut out = Vec::with_capacity(mentions.len());
    for (i, (m, scored)) in mentions.iter().zip(scored_all).enumerate() {
        let mut ranked = probabilities(&scored);
        let local_signal = m.designator.is_some() || parents[i].is_some();
        if !local_signal
            && let Some(total) = totals.get(m.key.as_str())
            && let Some((&doc_best, _)) = total
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            && let Some(pos) = ranked.iter().position(|(id, _)| *id == doc_best)
        {
            let entry = ranked.remove(pos);
            ranked.insert(0, entry);
        }
        let (place, score, reasons) = match ranked.first() {
            Some(&(id, p)) if p >= options.min_probability || ranked.len() == 1 => {
                let reasons = scored
                    .iter()
                    .find(|(c, _)| *c == id)
                    .map(|(_, s)| s.reasons.clone())
                    .unwrap_or_default();
                (Some(id), p, reasons)
            }
            Some(&(_, p)) => (None, p, vec![format!("abstained: best candidate p={p:.2}")]),
            None => (None, 0.0, vec!["no candidate".to_string()]),
        };
        out.push(Resolution {
            mention: m.clone(),
            place,
            score: (score * 1000.0).round() / 1000.0,
            reasons,
            ranked,
        });
    }
    out
}

/// Admin1 codes and countries named by a mention's explicit parent.
#[derive(Debug, Clone, Default)]
struct Parent {
    admin1: Vec<String>,
    countries: Vec<String>,
}

/// Finds explicit parents: "X, Y Province", "X in Y", "X, Y" (Y a province
/// or country), "Y's X", and Korean "Y X" (province then county: 양강도 보천군).
fn find_parents(gazetteer: &Gazetteer, text: &str, mentions: &[Mention]) -> Vec<Option<Parent>> {
    let parent_of = |m: &Mention| -> Option<Parent> {
        let mut p = Parent::default();
        for &id in &m.candidates {
            let place = gazetteer.place(id);
            match place.level() {
                Level::Province => p.admin1.push(place.admin1.clone()),
                Level::Country => p.countries.push(place.country.clone()),
                _ => {}
            }
        }
        (!p.admin1.is_empty() || !p.countries.is_empty()).then_some(p)
    };
    let mut parents = vec![None; mentions.len()];
    for i in 0..mentions.len() {
        if let Some(next) = mentions.get(i + 1) {
            let gap = &text[mentions[i].span.end..next.span.start];
            if matches!(gap, ", " | " in " | ", in " | "," | " ")
                && let Some(p) = parent_of(next)
            {
                // "X in Y" and Korean "Y X" need Y to be above X, which the
                // candidates tell; a Latin space alone is no parent link.
                let hangul = text[mentions[i].span.clone()]
                    .chars()
                    .any(crate::normalize::is_hangul_syllable);
                if gap != " " || !hangul {
                    if gap != " " {
                        parents[i] = Some(p);
                    }
                    continue;
                }
            }
        }
        if i > 0 {
            let prev = &mentions[i - 1];
            let gap = &text[prev.span.end..mentions[i].span.start];
            let hangul = text[prev.span.clone()]
                .chars()
                .any(crate::normalize::is_hangul_syllable);
            if (gap == "’s " || gap == "'s " || (hangul && gap == " "))
                && let Some(p) = parent_of(prev)
            {
                parents[i] = Some(p);
            }
        }
    }
    parents
}

/// The document's geographic focus: how many mentions point into each
/// province and country (a mention with n candidates counts 1/n for each).
struct Focus {
    admin1: HashMap<String, f64>,
    countries: HashMap<String, f64>,
    total: f64,
}

impl Focus {
    fn of(gazetteer: &Gazetteer, mentions: &[Mention]) -> Focus {
        let mut focus = Focus {
            admin1: HashMap::new(),
            countries: HashMap::new(),
            total: 0.0,
        };
        for m in mentions {
            let share = 1.0 / m.candidates.len() as f64;
            focus.total += 1.0;
            for &id in &m.candidates {
                let p = gazetteer.place(id);
                *focus.countries.entry(p.country.clone()).or_default() += share;
                if !p.admin1.is_empty() {
                    *focus.admin1.entry(p.admin1.clone()).or_default() += share;
                }
            }
        }
        focus
    }
}

/// How prominent a kind of place is, 0..1, for a mention without other
/// evidence: a bare "Musan" is the town more often than the county.
fn prominence(place: &Place) -> f64 {
    match place.level() {
        Level::Country => 1.0,
        Level::Province => 0.9,
        Level::City => match place.feature_code.as_str() {
            "PPLC" | "PPLA" => 0.9,
            "PPLA2" => 0.8,
            _ if place.population > 0 => 0.6,
            _ => 0.3,
        },
        Level::River | Level::Mountain | Level::Lake => 0.6,
        Level::County => 0.5,
        Level::Other => 0.3,
    }
}

fn score_candidates(
    gazetteer: &Gazetteer,
    mention: &Mention,
    parent: Option<&Parent>,
    focus: &Focus,
    options: &ResolveOptions,
    others: &[PlaceId],
) -> Vec<(PlaceId, Scored)> {
    mention
        .candidates
        .iter()
        .map(|&id| {
            let place = gazetteer.place(id);
            let mut s = Scored {
                score: 0.0,
                reasons: Vec::new(),
            };
            let level = place.level();
            s.reasons.push(format!("level:{}", level.as_str()));
            if let Some(d) = mention.designator {
                if d.fits(level) {
                    s.score += 2.0;
                    s.reasons.push(format!("designator:{d:?}").to_lowercase());
                } else {
                    s.score -= 2.0;
                }
            }
            if let Some(p) = parent {
                if p.admin1.contains(&place.admin1) {
                    s.score += 3.0;
                    s.reasons.push(format!("parent:{}", place.admin1));
                } else if p.admin1.is_empty() && p.countries.contains(&place.country) {
                    s.score += 1.5;
                    s.reasons.push(format!("parent:{}", place.country));
                } else {
                    s.score -= 1.0;
                }
            }
            if focus.total > 0.0 {
                let own = 1.0 / mention.candidates.len() as f64;
                if !place.admin1.is_empty() {
                    let share = (focus.admin1.get(&place.admin1).copied().unwrap_or(0.0) - own)
                        .max(0.0)
                        / focus.total;
                    if share > 0.0 {
                        s.score += 1.5 * share;
                        s.reasons.push(format!("focus-admin1:{}", place.admin1));
                    }
                }
                let share = (focus.countries.get(&place.country).copied().unwrap_or(0.0) - own)
                    .max(0.0)
                    / focus.total;
                if share > 0.0 {
                    s.score += 1.5 * share;
                    s.reasons.push(format!("focus-country:{}", place.country));
                }
            }
            if options.focus_country.as_deref() == Some(place.country.as_str()) {
                s.score += 0.5;
                s.reasons.push(format!("prior:{}", place.country));
            }
            s.score += prominence(place);
            if place.population > 0 {
                s.score += 0.1 * (place.population as f64).log10();
                s.reasons.push(format!("population:{}", place.population));
            }
            if let Some((near, km)) = nearest(gazetteer, place, others) {
                if km < 100.0 && near != id {
                    s.score += if km < 30.0 { 1.0 } else { 0.5 };
                    s.reasons.push(format!(
                        "near:{} ({:.0} km)",
                        gazetteer.place(near).name,
                        km
                    ));
                }
            }
            (id, s)
        })
        .collect()
}

fn nearest(gazetteer: &Gazetteer, place: &Place, others: &[PlaceId]) -> Option<(PlaceId, f64)> {
    others
        .iter()
        .map(|&o| {
            (
                o,
                Haversine.distance(place.point, gazetteer.place(o).point) / 1000.0,
            )
        })
        .filter(|(o, _)| gazetteer.place(*o).id != place.id)
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

fn best(scored: &[(PlaceId, Scored)]) -> Option<(PlaceId, f64)> {
    probabilities(scored).into_iter().next()
}

/// Softmax of the scores, best first (ties broken by table order).
fn probabilities(scored: &[(PlaceId, Scored)]) -> Vec<(PlaceId, f64)> {
    let max = scored
        .iter()
        .map(|(_, s)| s.score)
        .fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<(PlaceId, f64)> = scored
        .iter()
        .map(|(id, s)| (*id, (2.0 * (s.score - max)).exp()))
        .collect();
    let sum: f64 = exp.iter().map(|(_, e)| e).sum();
    let mut probs: Vec<(PlaceId, f64)> = exp.into_iter().map(|(id, e)| (id, e / sum)).collect();
    probs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    probs
}
