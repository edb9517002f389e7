//! Points for administrative units that no source gives one for.
//!
//! GeoNames lists every second-level unit in `admin2Codes.txt` (Chinese
//! prefectures such as Yanbian Korean Autonomous Prefecture, some North
//! Korean counties) but the populated-place dumps carry no point for the
//! unit itself. Such a unit gets the population-weighted centre of the
//! populated places whose admin2 code is the unit's (each place weighs at
//! least 1, so a unit of villages without census figures still gets their
//! plain centre). Its `source` is `derived` and its confidence low.

use std::collections::HashSet;

use geo::Point;

use super::geonames::AdminCode;
use super::{Level, Place, SharedStr};
use crate::word_list::WordList;

/// How far a derived point can be trusted: the centre of a unit's member
/// places can sit well off its geometric centre.
pub const DERIVED_POINT_CONFIDENCE: f64 = 0.5;

/// The `source` of a derived unit.
pub const DERIVED_SOURCE: &str = "derived";

/// Pinyin designators at the end of Chinese admin2 names in GeoNames
/// ("Yanbian Chaoxianzu Zizhizhou"), longest first; the bare name is added
/// as a name of the unit. A prefecture-level city ("Dandong Shi") keeps
/// only its full name: the bare name is its central city's.
static PINYIN_DESIGNATORS: WordList = WordList::new(include_str!("pinyin_designators.txt"));

/// The derived units: one [`Place`] per admin2 code of `countries` that
/// `places` has no unit for and that has member places. The place's names
/// are the GeoNames name, its ASCII form and the name without a pinyin
/// designator.
pub fn admin2_units(places: &[Place], admin2: &[AdminCode], countries: &[&str]) -> Vec<Place> {
    let have: HashSet<&str> = places
        .iter()
        .filter(|p| p.level() == Level::County && !p.admin2.is_empty())
        .map(|p| p.admin2.as_str())
        .collect();
    let mut out = Vec::new();
    for unit in admin2 {
        if !countries.contains(&unit.country()) || have.contains(unit.code.as_str()) {
            continue;
        }
        let members: Vec<&Place> = places
            .iter()
            .filter(|p| p.admin2 == unit.code && p.level() == Level::City)
            .collect();
        let Some(point) = weighted_centre(&members) else {
            continue;
        };
        let mut place = Place {
            id: format!("geonames:{}", unit.geonameid).into(),
            name: unit.name.as_str().into(),
            ascii_name: unit.ascii_name.as_str().into(),
            feature_class: "A".into(),
            feature_code: "ADM2".into(),
            country: unit.country().into(),
            admin1: unit.admin1().into(),
            admin2: unit.code.as_str().into(),
            // The members' sum would undercount (cities500 only); unknown.
            population: 0,
            point,
            source: DERIVED_SOURCE.into(),
            confidence: DERIVED_POINT_CONFIDENCE,
            names: Vec::new(),
        };
        let mut add = |text: &str, kind| {
            if !text.is_empty() && !place.names.iter().any(|n| n.text == text) {
                place.names.push(super::Name {
                    text: text.into(),
                    lang: SharedStr::default(),
                    kind,
                });
            }
        };
        add(&unit.name, super::NameKind::Primary);
        add(&unit.ascii_name, super::NameKind::Ascii);
        if let Some(bare) = PINYIN_DESIGNATORS
            .iter()
            .find_map(|d| unit.ascii_name.strip_suffix(d))
        {
            add(bare, super::NameKind::Alternate);
        }
        out.push(place);
    }
    out
}

/// The population-weighted centre of `members` (each weighs at least 1),
/// `None` when there are none.
pub fn weighted_centre(members: &[&Place]) -> Option<Point<f64>> {
    if members.is_empty() {
        return None;
    }
    let (mut x, mut y, mut total) = (0.0, 0.0, 0.0);
    for p in members {
        let w = p.population.max(1) as f64;
        x += p.point.x() * w;
        y += p.point.y() * w;
        total += w;
    }
    Some(Point::new(x / total, y / total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn town(admin2: &str, lon: f64, lat: f64, population: u64) -> Place {
        Place {
            id: format!("t:{lon}").into(),
            name: "t".into(),
            ascii_name: "t".into(),
            feature_class: "P".into(),
            feature_code: "PPL".into(),
            country: "CN".into(),
            admin1: "CN.05".into(),
            admin2: admin2.into(),
            population,
            point: Point::new(lon, lat),
            source: "geonames".into(),
            confidence: 1.0,
            names: Vec::new(),
        }
    }

    #[test]
    fn centre_is_weighted_by_population() {
        let places = [town("CN.05.1", 0.0, 0.0, 3), town("CN.05.1", 4.0, 4.0, 1)];
        let admin2 = [AdminCode::parse_line("CN.05.1\tX Zizhizhou\tX Zizhizhou\t7").unwrap()];
        let units = admin2_units(&places, &admin2, &["CN"]);
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].point, Point::new(1.0, 1.0));
        assert_eq!(units[0].id, "geonames:7");
        assert_eq!(units[0].source, DERIVED_SOURCE);
        assert!(units[0].names.iter().any(|n| n.text == "X"));
        // A unit without members gets no point; a unit with one is skipped.
        let admin2 = [AdminCode::parse_line("CN.05.2\tY Shi\tY Shi\t8").unwrap()];
        assert!(admin2_units(&places, &admin2, &["CN"]).is_empty());
    }
}
