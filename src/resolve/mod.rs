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
mod near;
mod reasons;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use geo::{Distance, Haversine};

use crate::gazetteer::{Gazetteer, Level, Place, PlaceId};
use crate::matcher::{Designator, Mention, Method};

pub use reasons::{Features, Reason, ReasonList, Reasons};

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
        .map(|m| Side::of(text, m, &mut contexts))
        .collect();
    // A village matched only through a romanization (Hwajon-ri read as a
    // South Korean Hwacheon) is no evidence of where the document is.
    let weak = |m: &Mention| {
        m.method == Method::Romanized
            && matches!(m.designator, Some(Designator::Village | Designator::Town))
    };
    let focus = Focus::of(gazetteer, mentions.iter().filter(|m| !weak(m)));
    // Mentions whose scores cannot differ are scored once: a long document
    // repeats its places.
    let groups = ScoreGroups::of(&mentions, &parents, &sides);
    // First pass without co-location; the second adds distances to the
    // places chosen in the first (the rest of a score does not change).
    // Every group's candidates go into one buffer.
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
                &focus,
                options,
                sides[i],
                &mut scored_all,
            );
            scored_of.push(start..scored_all.len());
            best(&scored_all[start..])
        })
        .collect();
    // Each (name, place) pair once: a long document repeats its places, and
    // the nearest anchor is the same over a set as over the list.
    let mut anchors: Vec<(&str, PlaceId)> = groups
        .of
        .iter()
        .enumerate()
        .filter_map(|(i, &g)| chosen[g].map(|id| (i, id)))
        .filter(|(_, id)| matches!(gazetteer.place(*id).level(), Level::City | Level::County))
        .filter(|(i, _)| !weak(&mentions[*i]))
        .map(|(i, id)| (mentions[i].key.as_str(), id))
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    let anchors = near::Anchors::new(gazetteer, anchors.into_iter());

    // Each group's probabilities, computed once for the totals and the
    // ranking.
    let ranked_of: Vec<Vec<(PlaceId, f64)>> = groups
        .first
        .iter()
        .zip(&scored_of)
        .map(|(&i, range)| {
            let scored = &mut scored_all[range.clone()];
            add_nearest(gazetteer, &mentions[i], &anchors, scored);
            probabilities(scored)
        })
        .collect();

    // One sense per discourse: mentions of the same name without a local
    // signal take the place with the highest total score over the document.
    let mut totals: HashMap<&str, HashMap<PlaceId, f64>> = HashMap::default();
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
    let consensus: Vec<Option<(PlaceId, f64)>> = mentions
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
        .collect();
    drop(totals);

    let mut out = Vec::with_capacity(mentions.len());
    // The mentions move into their resolutions.
    for ((m, &g), consensus) in mentions.into_iter().zip(&groups.of).zip(consensus) {
        let scored = &scored_all[scored_of[g].clone()];
        let mut ranked = ranked_of[g].clone();
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
    // Loose matches (romanizations of Hangul words, spelling variants, and
    // villages known only through their county) need support: the domain's
    // country, or a country where the document's reliable mentions resolved,
    // never each other.
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
    for r in &mut out {
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
    locate_by_focus(gazetteer, &mut out, options.focus_country.as_deref());
    // A place the gazetteer does not know under a known parent ("Hwajon
    // Village, Pochon County" where the only Hwajon is in South Korea): locate
    // it by its parent, at the parent's precision.
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
    out
}

/// The mentions of a document grouped by what their scores depend on: the
/// name, its candidates, its designator and the cues of its sentence. A
/// mention with an explicit parent is a group of its own.
struct ScoreGroups {
    /// Per mention: its group.
    of: Vec<usize>,
    /// Per group: its first mention.
    first: Vec<usize>,
}

/// What a mention without a parent is scored from.
#[derive(PartialEq, Eq, Hash)]
struct ScoreKey<'m> {
    key: &'m str,
    candidates: &'m [PlaceId],
    designator: Option<Designator>,
    side: [bool; 4],
}

impl ScoreGroups {
    fn of(mentions: &[Mention], parents: &[Option<Parent>], sides: &[Side]) -> ScoreGroups {
        let mut seen: HashMap<ScoreKey<'_>, usize> = HashMap::default();
        let mut groups = ScoreGroups {
            of: Vec::with_capacity(mentions.len()),
            first: Vec::new(),
        };
        for (i, m) in mentions.iter().enumerate() {
            let next = groups.first.len();
            let g = if parents[i].is_some() {
                next
            } else {
                let side = sides[i];
                let key = ScoreKey {
                    key: &m.key,
                    candidates: &m.candidates,
                    designator: m.designator,
                    side: [
                        side.context.chinese,
                        side.context.china,
                        side.context.river,
                        side.says_river,
                    ],
                };
                *seen.entry(key).or_insert(next)
            };
            if g == next {
                groups.first.push(i);
            }
            groups.of.push(g);
        }
        groups
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

/// What a mention's explicit parent says about where it is: the
/// provinces, counties and countries the parent mention can be.
#[derive(Debug, Clone, Default)]
struct Parent {
    /// Index of the parent mention.
    index: usize,
    /// The parent's candidates that can contain the child, all of one
    /// administrative rank (the finest the candidates offer).
    units: Vec<PlaceId>,
}

impl Parent {
    /// The parent candidate that `place` lies in, if any: a county within
    /// [`COUNTY_RADIUS_M`], a province by admin1 code, a country by code.
    fn unit_containing(&self, gazetteer: &Gazetteer, place: &Place) -> Option<PlaceId> {
        self.units.iter().copied().find(|&unit| {
            let unit_place = gazetteer.place(unit);
            match unit_place.level() {
                // The admin2 code says it when both have one (Tumen lies in
                // Yanbian, 54 km from the prefecture's derived point).
                Level::County if !unit_place.admin2.is_empty() && !place.admin2.is_empty() => {
                    unit_place.admin2 == place.admin2
                        || Haversine.distance(unit_place.point, place.point)
                            < unit_radius(unit_place)
                }
                Level::County => {
                    Haversine.distance(unit_place.point, place.point) < unit_radius(unit_place)
                }
                Level::Province => unit_place.admin1 == place.admin1,
                _ => unit_place.country == place.country,
            }
        })
    }

    /// Whether the parent is a country (a weaker signal than a province or
    /// county).
    fn is_country(&self, gazetteer: &Gazetteer) -> bool {
        self.units
            .iter()
            .all(|&u| gazetteer.place(u).level() == Level::Country)
    }
}

/// The administrative rank of a level: countries 0, provinces 1, counties
/// 2, everything smaller 3.
fn rank(level: Level) -> u8 {
    match level {
        Level::Country => 0,
        Level::Province => 1,
        Level::County => 2,
        _ => 3,
    }
}

/// How far from a county's point a place in that county can be (the
/// largest North Korean counties are about 60 km across).
const COUNTY_RADIUS_M: f64 = 40_000.0;

/// How far from a second-level unit's point a place in it can be: a
/// Chinese prefecture (Yanbian is some 200 km across) is far larger than a
/// Korean county.
fn unit_radius(unit: &Place) -> f64 {
    if unit.country == "CN" {
        PREFECTURE_RADIUS_M
    } else {
        COUNTY_RADIUS_M
    }
}

/// How far from a Chinese prefecture's point a place in it can be.
const PREFECTURE_RADIUS_M: f64 = 150_000.0;

/// Finds explicit parents: "X, Y Province", "X in Y", "X, Y County", "Y's
/// X", and Korean address order "Y X" (양강도 보천군 화전리). A parent is a
/// mention of a larger unit: a country, province or county.
fn find_parents(gazetteer: &Gazetteer, text: &str, mentions: &[Mention]) -> Vec<Option<Parent>> {
    let parent_of = |index: usize, child: &Mention| -> Option<Parent> {
        let m = &mentions[index];
        // A designator says which of the child's candidates are meant
        // ("Musan County, Yonsa County" is a list of counties).
        let child_levels: Vec<Level> = child
            .candidates
            .iter()
            .map(|&id| gazetteer.place(id).level())
            .filter(|&l| child.designator.is_none_or(|d| d.fits(l)))
            .collect();
        // Only a smaller unit has a parent: "China, North Korea" is a list;
        // and a county parents only towns and villages, not another county.
        let can_parent = |level: Level| match level {
            Level::Country | Level::Province => child_levels.iter().any(|&l| rank(l) > rank(level)),
            // "Kimchaek City, Orang County" is a list of units, not an address.
            Level::County => {
                !matches!(
                    child.designator,
                    Some(Designator::City | Designator::County | Designator::District)
                ) && child_levels
                    .iter()
                    .any(|l| matches!(l, Level::City | Level::Other))
            }
            _ => false,
        };
        let units: Vec<PlaceId> = m
            .candidates
            .iter()
            .copied()
            .filter(|&id| can_parent(gazetteer.place(id).level()))
            .collect();
        // The finest rank among them decides (a "Pochon County" parent is a
        // county even if the name also fits a province elsewhere).
        let finest = units
            .iter()
            .map(|&u| rank(gazetteer.place(u).level()))
            .max()?;
        let units = units
            .into_iter()
            .filter(|&u| rank(gazetteer.place(u).level()) == finest)
            .collect();
        Some(Parent { index, units })
    };
    let is_hangul = |m: &Mention| {
        text[m.span.clone()]
            .chars()
            .any(crate::normalize::is_hangul_syllable)
    };
    let mut parents = vec![None; mentions.len()];
    for i in 0..mentions.len() {
        if i + 1 < mentions.len() {
            let gap = &text[mentions[i].span.end..mentions[i + 1].span.start];
            // English order, smaller unit first; Korean runs the other way.
            if matches!(gap, ", " | " in " | ", in " | ",")
                && !is_hangul(&mentions[i])
                && let Some(p) = parent_of(i + 1, &mentions[i])
            {
                parents[i] = Some(p);
                continue;
            }
        }
        if i > 0 {
            let prev = &mentions[i - 1];
            let gap = &text[prev.span.end..mentions[i].span.start];
            if (gap == "’s " || gap == "'s " || (is_hangul(prev) && gap == " "))
                && let Some(p) = parent_of(i - 1, &mentions[i])
            {
                parents[i] = Some(p);
            }
        }
    }
    parents
}

/// The document's geographic focus: how many mentions point into each
/// province and country (a mention with n candidates counts 1/n for each).
/// The codes are the gazetteer's own strings.
struct Focus<'g> {
    admin1: HashMap<&'g str, f64>,
    countries: HashMap<&'g str, f64>,
    total: f64,
}

impl<'g> Focus<'g> {
    fn of<'m>(gazetteer: &'g Gazetteer, mentions: impl Iterator<Item = &'m Mention>) -> Focus<'g> {
        let mut focus = Focus {
            admin1: HashMap::default(),
            countries: HashMap::default(),
            total: 0.0,
        };
        for m in mentions.filter(|m| !m.candidates.is_empty()) {
            let share = 1.0 / m.candidates.len() as f64;
            focus.total += 1.0;
            for &id in &m.candidates {
                let p = gazetteer.place(id);
                *focus.countries.entry(p.country.as_str()).or_default() += share;
                if !p.admin1.is_empty() {
                    *focus.admin1.entry(p.admin1.as_str()).or_default() += share;
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
        Level::Province => 0.7,
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

/// The border context of a mention and whether its text names a river.
#[derive(Debug, Clone, Copy)]
struct Side {
    context: border::BorderContext,
    /// The mention itself says river (Tumen River, 두만강, 图们江).
    says_river: bool,
}

impl Side {
    fn of(text: &str, m: &Mention, contexts: &mut border::Contexts<'_>) -> Side {
        let surface = &text[m.span.clone()];
        Side {
            context: contexts.of(&m.span),
            says_river: contains_ascii_lowercase(surface, b"river")
                || surface.ends_with('강')
                || surface.ends_with('江'),
        }
    }
}

/// Whether `text.to_lowercase()` contains `word` (ASCII, lower case),
/// without lowering the text: no other character lowers to an ASCII letter
/// of such a word.
fn contains_ascii_lowercase(text: &str, word: &[u8]) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// Scores every candidate of `mention` on all features but the nearest
/// chosen place ([`add_nearest`]), appending them to `out` in the
/// mention's candidate order.
fn score_candidates(
    gazetteer: &Gazetteer,
    mention: &Mention,
    parent: Option<&Parent>,
    focus: &Focus<'_>,
    options: &ResolveOptions,
    side: Side,
    out: &mut Vec<(PlaceId, Scored)>,
) {
    let has_non_river = mention
        .candidates
        .iter()
        .any(|&id| gazetteer.place(id).level() != Level::River);
    let parent_is_country = parent.map(|p| p.is_country(gazetteer));
    let own = 1.0 / mention.candidates.len() as f64;
    out.extend(mention.candidates.iter().map(|&id| {
        let place = gazetteer.place(id);
        let mut s = Scored {
            score: 0.0,
            features: Features::default(),
        };
        let level = place.level();
        if let Some(d) = mention.designator {
            if d.fits(level) {
                s.score += 2.0;
                s.features.designator(d);
            } else {
                s.score -= 2.0;
            }
        }
        if let Some(p) = parent {
            if let Some(unit) = p.unit_containing(gazetteer, place) {
                s.score += if parent_is_country == Some(true) {
                    1.5
                } else {
                    3.0
                };
                s.features.parent(unit);
            } else {
                s.score -= 1.0;
            }
        }
        if focus.total > 0.0 {
            // The share of the document's other mentions in the place's
            // province or country (this mention's own weight left out).
            let share = |weights: &HashMap<&str, f64>, key: &str| {
                (weights.get(key).copied().unwrap_or(0.0) - own).max(0.0) / focus.total
            };
            if !place.admin1.is_empty() {
                let share = share(&focus.admin1, place.admin1.as_str());
                if share > 0.0 {
                    s.score += 1.5 * share;
                    s.features.set(Features::FOCUS_ADMIN1);
                }
            }
            let share = share(&focus.countries, place.country.as_str());
            if share > 0.0 {
                s.score += 1.5 * share;
                s.features.set(Features::FOCUS_COUNTRY);
            }
        }
        // Chinese police, a Chinese province, "repatriated from": the
        // Chinese town of the name.
        if place.country == "CN" && (side.context.chinese || side.context.china) {
            s.score += if side.context.chinese { 1.5 } else { 0.5 };
            s.features.set(Features::CHINESE_SIDE);
        }
        // A bare river name means the river only in a river context.
        if level == Level::River
            && has_non_river
            && !side.says_river
            && mention.designator.is_none()
            && !side.context.river
        {
            s.score -= 1.5;
        }
        if options.focus_country.as_deref() == Some(place.country.as_str()) {
            s.score += 0.5;
            s.features.set(Features::PRIOR);
        }
        s.score += prominence(place);
        // The name as the source's own primary or ASCII name, not one of
        // its many alternates ("Kaesong" is Kaesŏng, not a village whose
        // alternates list it).
        if has_key(&place.name, &mention.key) || has_key(&place.ascii_name, &mention.key) {
            s.score += 0.5;
            s.features.set(Features::PRIMARY_NAME);
        }
        if place.population > 0 {
            s.score += 0.1 * (place.population as f64).log10();
            s.features.set(Features::POPULATION);
        }
        (id, s)
    }));
}

/// Adds to each scored candidate of `mention` the last feature: the nearest
/// place chosen for another name, within 100 km.
fn add_nearest(
    gazetteer: &Gazetteer,
    mention: &Mention,
    anchors: &near::Anchors<'_>,
    scored: &mut [(PlaceId, Scored)],
) {
    for (id, s) in scored {
        if let Some((near, km)) =
            anchors.nearest(gazetteer, gazetteer.place(*id), &mention.key, 100.0)
            && near != *id
        {
            s.score += if km < 30.0 { 1.0 } else { 0.5 };
            s.features.near(near, km);
        }
    }
}

/// Whether `lookup_key(name) == key`, without building the key for an
/// ASCII name (most are; this runs for every candidate of every mention).
fn has_key(name: &str, key: &str) -> bool {
    if !name.is_ascii() {
        return crate::normalize::lookup_key(name) == key;
    }
    // The ASCII path of `lookup_key`: drop white space, hyphens, apostrophes
    // and controls, lower-case the rest.
    let mut folded = name
        .bytes()
        .filter(|&b| {
            !(b.is_ascii_whitespace() || matches!(b, b'-' | b'\'' | b'`') || b.is_ascii_control())
        })
        .map(|b| b.to_ascii_lowercase());
    let mut expected = key.bytes();
    loop {
        match (folded.next(), expected.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The candidate [`probabilities`] ranks first, without ranking the
/// others (the same arithmetic, so the same choice).
fn best(scored: &[(PlaceId, Scored)]) -> Option<PlaceId> {
    let max = scored
        .iter()
        .map(|(_, s)| s.score)
        .fold(f64::NEG_INFINITY, f64::max);
    let exp = |s: &Scored| (2.0 * (s.score - max)).exp();
    let sum: f64 = scored.iter().map(|(_, s)| exp(s)).sum();
    scored
        .iter()
        .map(|(id, s)| (*id, exp(s) / sum))
        .min_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)))
        .map(|(id, _)| id)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;

    /// The resolved place of the mention `surface` in `text`: (country,
    /// admin1, feature code), or None when the resolver abstained.
    fn resolved(text: &str, surface: &str) -> Option<(String, String, String)> {
        let g = Gazetteer::embedded();
        let mentions = Matcher::new(g).find(g, text);
        let out = resolve(g, text, mentions, &ResolveOptions::default());
        let r = out
            .iter()
            .find(|r| &text[r.mention.span.clone()] == surface)
            .unwrap_or_else(|| panic!("no mention {surface:?} in {text:?}"));
        r.place.map(|id| {
            let p = g.place(id);
            (p.country.clone(), p.admin1.clone(), p.feature_code.clone())
        })
    }

    #[test]
    fn context_decides() {
        type Case<'a> = (&'a str, &'a str, &'a str, (&'a str, &'a str, &'a str));
        let cases: [Case; 9] = [
            (
                "primary name over an alternate",
                "artillery fired near Kaesong",
                "Kaesong",
                ("KP", "KP.19", "PPLA2"),
            ),
            (
                "parent province",
                "soldiers died in Pochon, Yanggang Province.",
                "Pochon",
                ("KP", "KP.13", "ADM2"),
            ),
            (
                "border story prior",
                "Smugglers in Pochon crossed the river.",
                "Pochon",
                ("KP", "KP.13", "ADM2"),
            ),
            (
                "South Korean parent",
                "a military drill in Pocheon, Gyeonggi Province",
                "Pocheon",
                ("KR", "KR.13", "ADM2"),
            ),
            (
                "bare town is the town",
                "Residents of Musan said",
                "Musan",
                ("KP", "KP.17", "PPL"),
            ),
            (
                "county designator",
                "officials of Musan County said",
                "Musan County",
                ("KP", "KP.17", "ADM2"),
            ),
            (
                "capital city, not province",
                "reports back to Pyongyang",
                "Pyongyang",
                ("KP", "KP.12", "PPLC"),
            ),
            (
                "Korean address order",
                "양강도 보천군 화전리",
                "보천군",
                ("KP", "KP.13", "ADM2"),
            ),
            (
                "province",
                "a source in Ryanggang Province",
                "Ryanggang Province",
                ("KP", "KP.13", "ADM1"),
            ),
        ];
        for (what, text, surface, (country, admin1, code)) in cases {
            let got = resolved(text, surface);
            assert_eq!(
                got,
                Some((country.to_string(), admin1.to_string(), code.to_string())),
                "{what}"
            );
        }
    }

    #[test]
    fn has_key_is_lookup_key_equality() {
        let g = Gazetteer::embedded();
        let keys = ["hoeryong", "kaesong", "musan", "sinuiju", "pyongyang", ""];
        for place in g.places().iter().step_by(7) {
            for name in [&place.name, &place.ascii_name] {
                let own = crate::normalize::lookup_key(name);
                assert!(has_key(name, &own), "{name:?}");
                for key in keys {
                    assert_eq!(has_key(name, key), own == key, "{name:?} {key:?}");
                }
                // A key one byte shorter or longer is another key.
                if let Some(short) = own.get(..own.len().saturating_sub(1)) {
                    assert_eq!(has_key(name, short), own == short, "{name:?}");
                }
                assert!(!has_key(name, &format!("{own}x")), "{name:?}");
            }
        }
    }

    #[test]
    fn located_by_parent_when_unknown_in_its_county() {
        // The only Hwajon in the gazetteer is in South Korea; the county says
        // where this one is.
        let got = resolved(
            "Hwajon Village, Pochon County, Ryanggang Province",
            "Hwajon Village",
        );
        assert_eq!(
            got.map(|(c, a, _)| (c, a)),
            Some(("KP".to_string(), "KP.13".to_string()))
        );
    }

    #[test]
    fn loose_match_without_support_abstains() {
        // 종성 romanizes like a South Korean county; a North Korean story
        // gives that no support.
        let text = "회령시는 함경북도에 있다. 광복 당시 종성군의 일부였다.";
        assert_eq!(resolved(text, "종성군"), None);
    }
}
