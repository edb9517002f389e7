//! The index from the lookup key of every name ([`lookup_key`]) to the
//! places that have such a name.

use rustc_hash::FxHashMap as HashMap;

use super::{Place, PlaceId};
use crate::normalize::{lookup_key, lookup_key_into};

/// The fewest places whose keys are computed on two threads: below this,
/// a second thread costs more than it saves (the embedded gazetteer's
/// first lookup stays on one).
const PARALLEL_MIN_PLACES: usize = 50_000;

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
    /// The index of the names of `places`. A large gazetteer's keys are
    /// computed (folding millions of names) in two halves at once.
    pub(super) fn new(places: &[Place]) -> KeyIndex {
        KeyIndex::with_parallel_min(places, PARALLEL_MIN_PLACES)
    }

    /// [`KeyIndex::new`], on two threads from `parallel_min` places on.
    fn with_parallel_min(places: &[Place], parallel_min: usize) -> KeyIndex {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let (keys, pairs) = if places.len() < parallel_min || threads < 2 {
            collect(places, 0)
        } else {
            let mid = places.len() / 2;
            let ((mut keys, mut pairs), (second_keys, second)) = std::thread::scope(|scope| {
                let second = scope.spawn(|| collect(&places[mid..], mid));
                let first = collect(&places[..mid], 0);
                let second = second
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (first, second)
            });
            // The second half's key numbers, renumbered as the first
            // half's where the key is the same. Its places all come after
            // the first half's: appending keeps each key's places in order.
            let mut renumber = vec![0u32; second_keys.len()];
            for (key, k) in second_keys {
                let next = keys.len() as u32;
                renumber[k as usize] = *keys.entry(key).or_insert(next);
            }
            pairs.extend(second.into_iter().map(|(k, id)| (renumber[k as usize], id)));
            (keys, pairs)
        };
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
        let mut keys = keys;
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

/// Keys by number, and the (key number, place) pairs of [`collect`].
type Collected = (HashMap<Box<str>, u32>, Vec<(u32, PlaceId)>);

/// The keys of the names of `places` (the places from number `first` on):
/// a number for each distinct key, and the (key number, place) of every
/// name in table order, each pair once.
fn collect(places: &[Place], first: usize) -> Collected {
    let mut keys: HashMap<Box<str>, u32> = HashMap::default();
    let mut pairs: Vec<(u32, PlaceId)> = Vec::new();
    // A place is listed once per key (its primary, ASCII and alternate
    // names often share one): the last place seen per key is kept.
    let mut last_place: Vec<PlaceId> = Vec::new();
    let mut key = String::new();
    for (i, place) in places.iter().enumerate() {
        let id = PlaceId((first + i) as u32);
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
    (keys, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_index_as_one_does() {
        let places = crate::gazetteer::Gazetteer::embedded().places();
        let one = KeyIndex::with_parallel_min(places, usize::MAX);
        let two = KeyIndex::with_parallel_min(places, 0);
        assert_eq!(one.keys.len(), two.keys.len());
        assert_eq!(one.ids.len(), two.ids.len());
        let ids = |index: &KeyIndex, key: &str| {
            let k = index.keys[key] as usize;
            index.ids[index.starts[k] as usize..index.starts[k + 1] as usize].to_vec()
        };
        for key in one.keys.keys() {
            let found = ids(&one, key);
            assert!(!found.is_empty() && found.is_sorted(), "{key}");
            assert_eq!(found, ids(&two, key), "{key}");
        }
        assert_eq!(one.get("Hoeryŏng"), two.get("hoeryong"));
        assert_eq!(one.get("no such place"), &[] as &[PlaceId]);
    }
}
