//! The index from the lookup key of every name ([`lookup_key`]) to the
//! places that have such a name.

use rustc_hash::FxHashMap as HashMap;

use super::{Place, PlaceId};
use crate::normalize::{lookup_key, lookup_key_into};

/// Places by the lookup keys of their names.
///
/// A worldwide gazetteer has millions of names: rather than a list per key
/// (a header and an allocation each, and a cache miss per name while
/// building), every key's places are one range of a single flat list,
/// filled in two passes.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyIndex {
    /// Key number by key.
    keys: HashMap<Box<str>, u32>,
    /// Where key `k`'s places start in `ids` (`starts[k + 1]` is the end).
    starts: Vec<u32>,
    /// The places of each key in turn, in table order, each once.
    ids: Vec<PlaceId>,
}

impl KeyIndex {
    /// The index of the names of `places`.
    pub(super) fn new(places: &[Place]) -> KeyIndex {
        let mut keys: HashMap<Box<str>, u32> = HashMap::default();
        // (key, place) of every name, in table order; a place is listed
        // once per key (its primary, ASCII and alternate names often share
        // one), so the last place seen per key is kept.
        let mut pairs: Vec<(u32, PlaceId)> = Vec::new();
        let mut last_place: Vec<PlaceId> = Vec::new();
        let mut key = String::new();
        for (i, place) in places.iter().enumerate() {
            let id = PlaceId(i as u32);
            for name in &place.names {
                lookup_key_into(&name.text, &mut key);
                if key.is_empty() {
                    continue;
                }
                let k = match keys.get(key.as_str()) {
                    Some(&k) => k,
                    None => {
                        let k = keys.len() as u32;
                        keys.insert(key.as_str().into(), k);
                        last_place.push(PlaceId(u32::MAX));
                        k
                    }
                };
                if last_place[k as usize] != id {
                    last_place[k as usize] = id;
                    pairs.push((k, id));
                }
            }
        }
        drop(last_place);
        // Counting sort by key; stable, so each key's places stay in table
        // order.
        let mut starts = vec![0u32; keys.len() + 1];
        for &(k, _) in &pairs {
            starts[k as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut ids = vec![PlaceId(0); pairs.len()];
        for (k, id) in pairs {
            let at = &mut next[k as usize];
            ids[*at as usize] = id;
            *at += 1;
        }
        keys.shrink_to_fit();
        KeyIndex { keys, starts, ids }
    }

    /// The places with a name whose lookup key equals that of `name`.
    pub(super) fn get(&self, name: &str) -> &[PlaceId] {
        match self.keys.get(lookup_key(name).as_str()) {
            Some(&k) => {
                &self.ids[self.starts[k as usize] as usize..self.starts[k as usize + 1] as usize]
            }
            None => &[],
        }
    }
}
