//! The places chosen in the first pass, indexed for "the nearest other
//! place": an R-tree over unit vectors, so a document with n mentions costs
//! O(n log n) instead of comparing every mention with every other.
//!
//! Each distinct place is stored once with the lookup keys of the mentions
//! that chose it. Points are unit vectors on the sphere: the straight-line
//! (chord) distance between two of them grows with the great-circle
//! distance, so the R-tree's nearest neighbour is the nearest on the
//! sphere, and the sine and cosine of each anchor are computed once.

use std::collections::HashMap;

use geo::{Distance, Haversine};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::gazetteer::{Gazetteer, Place, PlaceId};

/// A chosen place with the distinct keys of the mentions that chose it.
type Entry = GeomWithData<[f64; 3], usize>;

/// The anchors of a document (places chosen in the first pass).
pub(super) struct Anchors {
    tree: RTree<Entry>,
    /// Per anchor: its place and the keys that chose it.
    places: Vec<(PlaceId, Vec<String>)>,
}

impl Anchors {
    /// Indexes `anchors` (place chosen, key of the mention that chose it).
    pub(super) fn new<'k>(
        gazetteer: &Gazetteer,
        anchors: impl Iterator<Item = (PlaceId, &'k str)>,
    ) -> Anchors {
        let mut index: HashMap<PlaceId, usize> = HashMap::new();
        let mut places: Vec<(PlaceId, Vec<String>)> = Vec::new();
        for (id, key) in anchors {
            let slot = *index.entry(id).or_insert_with(|| {
                places.push((id, Vec::new()));
                places.len() - 1
            });
            let keys = &mut places[slot].1;
            if !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
        }
        let entries = places
            .iter()
            .enumerate()
            .map(|(i, (id, _))| GeomWithData::new(unit_vector(gazetteer.place(*id)), i))
            .collect();
        Anchors {
            tree: RTree::bulk_load(entries),
            places,
        }
    }

    /// The anchor nearest to `place`, in km, that is another place and was
    /// chosen by a mention of another name than `key` (other mentions of
    /// the same name are no evidence of where it is).
    pub(super) fn nearest(
        &self,
        gazetteer: &Gazetteer,
        place: &Place,
        key: &str,
    ) -> Option<(PlaceId, f64)> {
        self.tree
            .nearest_neighbor_iter(&unit_vector(place))
            .map(|e| &self.places[e.data])
            .find(|(id, keys)| gazetteer.place(*id).id != place.id && keys.iter().any(|k| k != key))
            .map(|(id, _)| {
                let km = Haversine.distance(place.point, gazetteer.place(*id).point) / 1000.0;
                (*id, km)
            })
    }
}

/// The point of `place` on the unit sphere.
fn unit_vector(place: &Place) -> [f64; 3] {
    let (lat, lon) = (place.point.y().to_radians(), place.point.x().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}
