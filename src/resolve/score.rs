//! Scoring: the groups of mentions whose scores cannot differ, each
//! candidate's score from its features, the co-location bonus, and the
//! probabilities the scores give.

use super::*;

/// The mentions of a document grouped by what their scores depend on: the
/// name, its candidates, its designator and the cues of its sentence. A
/// mention with an explicit parent is a group of its own.
pub(super) struct ScoreGroups {
    /// Per mention: its group.
    pub(super) of: Vec<usize>,
    /// Per group: its first mention.
    pub(super) first: Vec<usize>,
}

/// What a mention without a parent is scored from.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct ScoreKey<'m> {
    pub(super) key: &'m str,
    pub(super) candidates: &'m [PlaceId],
    pub(super) designator: Option<Designator>,
    pub(super) side: [bool; 4],
}

impl ScoreGroups {
    pub(super) fn of(
        mentions: &[Mention],
        parents: &[Option<Parent>],
        sides: &[Side],
    ) -> ScoreGroups {
        // Sized for the mentions at once: growing it costs more than the lookups.
        let mut seen: HashMap<ScoreKey<'_>, usize> =
            HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
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

/// How prominent a kind of place is, 0..1, for a mention without other
/// evidence: a bare "Musan" is the town more often than the county.
pub(super) fn prominence(place: &Place) -> f64 {
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

/// Scores every candidate of `mention` on all features but the nearest
/// chosen place ([`add_nearest`]), appending them to `out` in the
/// mention's candidate order.
pub(super) fn score_candidates(
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
        // The ASCII name first: it is folded byte by byte, the name often
        // needs the general (allocating) fold.
        if has_key(&place.ascii_name, &mention.key) || has_key(&place.name, &mention.key) {
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
pub(super) fn add_nearest(
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
pub(super) fn has_key(name: &str, key: &str) -> bool {
    if !name.is_ascii() {
        thread_local! {
            /// The key of a non-ASCII name, built in one buffer per thread
            /// rather than allocated per candidate.
            static NAME_KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        return NAME_KEY.with_borrow_mut(|own| {
            crate::normalize::lookup_key_into(name, own);
            own == key
        });
    }
    // Folding only drops bytes: a shorter name cannot give the key.
    if name.len() < key.len() {
        return false;
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
pub(super) fn best(scored: &[(PlaceId, Scored)]) -> Option<PlaceId> {
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
pub(super) fn probabilities(scored: &[(PlaceId, Scored)]) -> Vec<(PlaceId, f64)> {
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
