//! What a document says around each mention: its explicit parent ("X, Y
//! Province", "양강도 보천군"), the document's focus (the provinces and
//! countries its mentions name), and the border cues of its sentence.

use super::*;

/// What a mention's explicit parent says about where it is: the
/// provinces, counties and countries the parent mention can be.
#[derive(Debug, Clone, Default)]
pub(super) struct Parent {
    /// Index of the parent mention.
    pub(super) index: usize,
    /// The parent's candidates that can contain the child, all of one
    /// administrative rank (the finest the candidates offer).
    pub(super) units: Vec<PlaceId>,
}

impl Parent {
    /// The parent candidate that `place` lies in, if any: a county within
    /// [`COUNTY_RADIUS_M`], a province by admin1 code, a country by code.
    pub(super) fn unit_containing(&self, gazetteer: &Gazetteer, place: &Place) -> Option<PlaceId> {
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
    pub(super) fn is_country(&self, gazetteer: &Gazetteer) -> bool {
        self.units
            .iter()
            .all(|&u| gazetteer.place(u).level() == Level::Country)
    }
}

/// The administrative rank of a level: countries 0, provinces 1, counties
/// 2, everything smaller 3.
pub(super) fn rank(level: Level) -> u8 {
    match level {
        Level::Country => 0,
        Level::Province => 1,
        Level::County => 2,
        _ => 3,
    }
}

/// How far from a county's point a place in that county can be (the
/// largest North Korean counties are about 60 km across).
pub(super) const COUNTY_RADIUS_M: f64 = 40_000.0;

/// How far from a second-level unit's point a place in it can be: a
/// Chinese prefecture (Yanbian is some 200 km across) is far larger than a
/// Korean county.
pub(super) fn unit_radius(unit: &Place) -> f64 {
    if unit.country == "CN" {
        PREFECTURE_RADIUS_M
    } else {
        COUNTY_RADIUS_M
    }
}

/// How far from a Chinese prefecture's point a place in it can be.
pub(super) const PREFECTURE_RADIUS_M: f64 = 150_000.0;

/// Finds explicit parents: "X, Y Province", "X in Y", "X, Y County", "Y's
/// X", and Korean address order "Y X" (양강도 보천군 화전리). A parent is a
/// mention of a larger unit: a country, province or county.
pub(super) fn find_parents(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
) -> Vec<Option<Parent>> {
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
pub(super) struct Focus<'g> {
    pub(super) admin1: HashMap<&'g str, f64>,
    pub(super) countries: HashMap<&'g str, f64>,
    pub(super) total: f64,
}

impl<'g> Focus<'g> {
    pub(super) fn of<'m>(
        gazetteer: &'g Gazetteer,
        mentions: impl Iterator<Item = &'m Mention>,
    ) -> Focus<'g> {
        // Sized for the provinces and countries of a typical document: it
        // then grows rarely (the maps are only read by key).
        let mut focus = Focus {
            admin1: HashMap::with_capacity_and_hasher(16, Default::default()),
            countries: HashMap::with_capacity_and_hasher(16, Default::default()),
            total: 0.0,
        };
        for m in mentions.filter(|m| !m.candidates.is_empty()) {
            let share = 1.0 / m.candidates.len() as f64;
            focus.total += 1.0;
            for &id in m.candidates.iter() {
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

/// The border context of a mention and whether its text names a river.
#[derive(Debug, Clone, Copy)]
pub(super) struct Side {
    pub(super) context: border::BorderContext,
    /// The mention itself says river (Tumen River, 두만강, 图们江).
    pub(super) says_river: bool,
}

impl Side {
    pub(super) fn of(
        gazetteer: &Gazetteer,
        text: &str,
        m: &Mention,
        contexts: &mut border::Contexts<'_>,
    ) -> Side {
        let surface = &text[m.span.clone()];
        Side {
            context: if context_can_count(gazetteer, m) {
                contexts.of(&m.span)
            } else {
                border::BorderContext::default()
            },
            says_river: contains_ascii_lowercase(surface, b"river")
                || surface.ends_with('강')
                || surface.ends_with('江'),
        }
    }
}

/// Whether the border context of `m` can change its resolution: it ranks
/// two or more candidates (and decides whether the document's consensus
/// on the name applies), or it is the reason a Chinese candidate scored.
/// A lone candidate elsewhere is chosen with probability 1 whatever the
/// sentence says, so its sentence need not be read: most mentions' are
/// not, and reading one is a good part of resolving a mention.
fn context_can_count(gazetteer: &Gazetteer, m: &Mention) -> bool {
    m.candidates.len() > 1
        || m.candidates
            .iter()
            .any(|&id| gazetteer.place(id).country == "CN")
}

/// Whether `text.to_lowercase()` contains `word` (ASCII, lower case),
/// without lowering the text: no other character lowers to an ASCII letter
/// of such a word.
pub(super) fn contains_ascii_lowercase(text: &str, word: &[u8]) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}
