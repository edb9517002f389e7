//! The places chosen in the resolver's first pass, indexed for "the nearest
//! other chosen place": an R-tree over unit vectors, so a document with n
//! mentions costs O(n log n) instead of comparing every candidate with
//! every chosen place (quadratic in a long document with many places).
//!
//! Each distinct place is stored once with the lookup keys of the mentions
//! that chose it. Points are unit vectors on the sphere: the straight-line
//! (chord) distance between two of them grows with the great-circle
//! distance, so the R-tree hands out places nearest first; the distance
//! reported is the Haversine distance, as a scan would compute it.

use rustc_hash::FxHashMap as HashMap;

use std::cell::Cell;
use std::f64::consts::FRAC_PI_2;

use geo::Haversine;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::gazetteer::{Gazetteer, Place, PlaceId};

/// A point of the tree and the index of its anchor.
type Entry = GeomWithData<[f64; 3], usize>;

/// How much a chord-derived distance may differ from the Haversine one
/// through rounding, in km (a millimetre: far above the error of either).
const SLACK_KM: f64 = 1e-6;

/// The anchors of a document: places chosen in the first pass.
pub(super) struct Anchors<'k> {
    /// `None` for a few anchors (most documents): comparing with each costs
    /// less than building the tree and walking it, for the same answer.
    tree: Option<RTree<Entry>>,
    /// Without the tree: each anchor's point (as in `places`).
    points: Vec<[f64; 3]>,
    /// Per anchor: its place and the keys of the mentions that chose it.
    places: Vec<Anchor<'k>>,
    /// The last radius [`Anchors::nearest`] was asked for and its squared
    /// chord: a document asks for one radius, and the sine of the chord is
    /// then computed once, not per candidate.
    chord_of_radius: Cell<(f64, f64)>,
}

/// A place chosen in the first pass.
struct Anchor<'k> {
    id: PlaceId,
    /// The cosine of its latitude, a factor of every Haversine distance to
    /// it.
    cos_lat: f64,
    /// The key of the first mention that chose it, and those of the others
    /// (most places are chosen by mentions of one name: no list).
    key: &'k str,
    more_keys: Vec<&'k str>,
}

impl Anchor<'_> {
    /// Whether only mentions of `key` chose it.
    fn only_by(&self, key: &str) -> bool {
        self.key == key && self.more_keys.iter().all(|k| *k == key)
    }
}

impl<'k> Anchors<'k> {
    /// Indexes `anchors` (key of a mention, place it chose).
    pub(super) fn new(
        gazetteer: &Gazetteer,
        anchors: impl Iterator<Item = (&'k str, PlaceId)>,
    ) -> Anchors<'k> {
        let mut index: HashMap<PlaceId, usize> =
            HashMap::with_capacity_and_hasher(anchors.size_hint().0, Default::default());
        let mut places: Vec<Anchor<'k>> = Vec::with_capacity(anchors.size_hint().0);
        for (key, id) in anchors {
            let slot = *index.entry(id).or_insert_with(|| {
                places.push(Anchor {
                    id,
                    cos_lat: gazetteer.place(id).point.y().to_radians().cos(),
                    key,
                    more_keys: Vec::new(),
                });
                places.len() - 1
            });
            let anchor = &mut places[slot];
            if anchor.key != key && !anchor.more_keys.contains(&key) {
                anchor.more_keys.push(key);
            }
        }
        let points: Vec<[f64; 3]> = places
            .iter()
            .map(|a| unit_vector(gazetteer.place(a.id)))
            .collect();
        let chord_of_radius = Cell::new((f64::NAN, f64::NAN));
        if places.len() < TREE_MIN_ANCHORS {
            return Anchors {
                tree: None,
                points,
                places,
                chord_of_radius,
            };
        }
        let entries = points
            .into_iter()
            .enumerate()
            .map(|(i, point)| GeomWithData::new(point, i))
            .collect();
        Anchors {
            tree: Some(RTree::bulk_load(entries)),
            points: Vec::new(),
            places,
            chord_of_radius,
        }
    }

    /// The anchor nearest to `place` and its distance in km, when closer
    /// than `max_km`: another place (by gazetteer id) chosen by a mention
    /// of another name than `key` (other mentions of the same name are no
    /// evidence of where it is). Of anchors equally near, the one first in
    /// gazetteer order.
    pub(super) fn nearest(
        &self,
        gazetteer: &Gazetteer,
        place: &Place,
        key: &str,
        max_km: f64,
    ) -> Option<(PlaceId, f64)> {
        // No anchor, nothing near (and no point on the sphere to compute).
        if self.places.is_empty() {
            return None;
        }
        let Some(tree) = &self.tree else {
            return self.nearest_by_scan(gazetteer, place, key, max_km);
        };
        let radius_km = Haversine.radius() / 1000.0;
        let from = Origin::new(place);
        let mut best: Option<(PlaceId, f64)> = None;
        for (entry, d2) in tree.nearest_neighbor_iter_with_distance_2(&unit_vector(place)) {
            // The great-circle distance of this chord: entries come in
            // increasing order of it, so none after this one is nearer.
            let km = radius_km * 2.0 * (d2.sqrt() / 2.0).min(1.0).asin();
            let bound = best.map_or(max_km, |(_, b)| b);
            if km > bound + SLACK_KM {
                break;
            }
            consider(gazetteer, &from, key, &self.places[entry.data], &mut best);
        }
        best.filter(|&(_, km)| km < max_km)
    }

    /// [`Anchors::nearest`] by comparing with every anchor.
    fn nearest_by_scan(
        &self,
        gazetteer: &Gazetteer,
        place: &Place,
        key: &str,
        max_km: f64,
    ) -> Option<(PlaceId, f64)> {
        // Anchors whose chord is longer than that of `max_km` (and a
        // kilometre, far above any rounding) are farther away: they need no
        // Haversine distance, the costly part.
        // Once an anchor is found, those farther than it (by the same
        // margin) cannot replace it.
        let within = |km: f64| {
            let chord = 2.0 * ((km + 1.0) / RADIUS_KM / 2.0).min(FRAC_PI_2).sin();
            chord * chord
        };
        let mut bound = match self.chord_of_radius.get() {
            (radius, chord) if radius == max_km => chord,
            _ => {
                let chord = within(max_km);
                self.chord_of_radius.set((max_km, chord));
                chord
            }
        };
        let vector = unit_vector(place);
        let from = Origin::new(place);
        let mut best: Option<(PlaceId, f64)> = None;
        for (anchor, point) in self.places.iter().zip(&self.points) {
            let d2: f64 = vector
                .iter()
                .zip(point)
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            if d2 > bound {
                continue;
            }
            let was = best;
            consider(gazetteer, &from, key, anchor, &mut best);
            if let Some((_, km)) = best
                && best != was
                && km < max_km
            {
                bound = within(km);
            }
        }
        best.filter(|&(_, km)| km < max_km)
    }
}

/// The Earth's radius in km, as [`Haversine`] takes it.
const RADIUS_KM: f64 = Haversine.radius() / 1000.0;

/// Below this many anchors [`Anchors::nearest`] compares with each.
const TREE_MIN_ANCHORS: usize = 64;

/// The place distances are measured from, with the cosine of its latitude
/// computed once for all anchors.
struct Origin<'p> {
    place: &'p Place,
    cos_lat: f64,
}

impl<'p> Origin<'p> {
    fn new(place: &'p Place) -> Origin<'p> {
        Origin {
            place,
            cos_lat: place.point.y().to_radians().cos(),
        }
    }

    /// The Haversine distance to `anchor` in km: [`Haversine::distance`]'s
    /// formula, term for term (the same bits), with the cosines of the
    /// latitudes computed once per place rather than per pair.
    fn km_to(&self, anchor: &Anchor<'_>, other: &Place) -> f64 {
        let (a, b) = (self.place.point, other.point);
        let delta_theta = (b.y() - a.y()).to_radians();
        let delta_lambda = (b.x() - a.x()).to_radians();
        let h = (delta_theta / 2.0).sin().powi(2)
            + self.cos_lat * anchor.cos_lat * (delta_lambda / 2.0).sin().powi(2);
        let c = 2.0 * h.sqrt().asin();
        Haversine.radius() * c / 1000.0
    }
}

/// Makes `anchor` the `best` for `from` when it is another place, chosen
/// by a mention of another name than `key`, and nearer (of equally near
/// ones, the first in gazetteer order).
fn consider(
    gazetteer: &Gazetteer,
    from: &Origin<'_>,
    key: &str,
    anchor: &Anchor<'_>,
    best: &mut Option<(PlaceId, f64)>,
) {
    let id = anchor.id;
    let other = gazetteer.place(id);
    if other.id == from.place.id || anchor.only_by(key) {
        return;
    }
    let km = from.km_to(anchor, other);
    let better = match *best {
        None => true,
        Some((b, bkm)) => km < bkm || (km == bkm && id < b),
    };
    if better {
        *best = Some((id, km));
    }
}

/// The point of `place` on the unit sphere.
fn unit_vector(place: &Place) -> [f64; 3] {
    let (lat, lon) = (place.point.y().to_radians(), place.point.x().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Distance;

    /// The nearest anchor by scanning every one, as the resolver once did.
    fn scan(
        gazetteer: &Gazetteer,
        anchors: &[(&str, PlaceId)],
        place: &Place,
        key: &str,
    ) -> Option<(PlaceId, f64)> {
        let mut others: Vec<PlaceId> = anchors
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(_, id)| *id)
            .collect();
        others.sort_unstable();
        others.dedup();
        others
            .iter()
            .map(|&o| {
                let km = Haversine.distance(place.point, gazetteer.place(o).point) / 1000.0;
                (o, km)
            })
            .filter(|(o, _)| gazetteer.place(*o).id != place.id)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .filter(|&(_, km)| km < 100.0)
    }

    #[test]
    fn the_index_finds_what_a_scan_finds() {
        let g = Gazetteer::embedded();
        let n = g.places().len();
        // Every 37th place as an anchor, under one of three keys.
        let keys = ["a", "b", "c"];
        let anchors: Vec<(&str, PlaceId)> = (0..n)
            .step_by(37)
            .map(|i| (keys[i % 3], PlaceId(i as u32)))
            .collect();
        let index = Anchors::new(g, anchors.iter().copied());
        let mut found = 0;
        for i in (0..n).step_by(11) {
            let place = g.place(PlaceId(i as u32));
            for key in ["a", "b", "z"] {
                let got = index.nearest(g, place, key, 100.0);
                assert_eq!(got, scan(g, &anchors, place, key), "place {i}, key {key}");
                found += usize::from(got.is_some());
            }
        }
        assert!(found > 100, "too few places near an anchor: {found}");
    }

    #[test]
    fn a_few_anchors_are_scanned_with_the_same_answer() {
        let g = Gazetteer::embedded();
        let n = g.places().len();
        let keys = ["a", "b", "c"];
        let mut found = 0;
        for few in [1, 3, TREE_MIN_ANCHORS - 1] {
            // Runs of neighbouring rows (places of one country and province
            // are near one another), and the places around them.
            for start in (0..n - few).step_by(n / 40) {
                let anchors: Vec<(&str, PlaceId)> = (start..start + few)
                    .map(|i| (keys[i % 3], PlaceId(i as u32)))
                    .collect();
                let index = Anchors::new(g, anchors.iter().copied());
                assert!(index.tree.is_none());
                for i in start.saturating_sub(60)..(start + 60).min(n) {
                    let place = g.place(PlaceId(i as u32));
                    for key in ["a", "b", "z"] {
                        let got = index.nearest(g, place, key, 100.0);
                        assert_eq!(
                            got,
                            scan(g, &anchors, place, key),
                            "{few} anchors from {start}, place {i}, key {key}"
                        );
                        found += usize::from(got.is_some());
                    }
                }
            }
        }
        assert!(found > 100, "too few places near an anchor: {found}");
    }
}
