//! The spans already taken by mentions, for overlap queries in O(log n):
//! the fallbacks ask for every word of a document whether a mention covers
//! it, which scanning the mention list made quadratic in the document size.

use std::collections::BTreeSet;
use std::ops::Range;

/// A set of byte ranges answering "does anything overlap this range?".
///
/// The ranges given at the start (all mentions found so far, many) are a
/// sorted array with the running maximum of their ends: a range overlaps
/// one of them when some range starting before its end ends after its
/// start, one binary search. The few inserted later go to an ordered set.
#[derive(Debug, Default)]
pub(super) struct Covered {
    /// Starts of the initial ranges, ascending.
    starts: Vec<usize>,
    /// `max_end[k]`: the largest end among the first `k + 1` initial ranges.
    max_end: Vec<usize>,
    /// (start, end) of every inserted range, ordered by start.
    inserted: BTreeSet<(usize, usize)>,
    /// The longest inserted range: an overlapping one starts at most this
    /// far before the query.
    longest: usize,
}

impl Covered {
    /// The set of `ranges`.
    pub(super) fn new<'r>(ranges: impl Iterator<Item = &'r Range<usize>>) -> Covered {
        let mut sorted: Vec<(usize, usize)> = ranges.map(|r| (r.start, r.end)).collect();
        sorted.sort_unstable();
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut running = 0;
        for &(_, end) in &sorted {
            running = running.max(end);
            max_end.push(running);
        }
        Covered {
            starts: sorted.into_iter().map(|(start, _)| start).collect(),
            max_end,
            inserted: BTreeSet::new(),
            longest: 0,
        }
    }

    /// Adds a range.
    pub(super) fn insert(&mut self, r: &Range<usize>) {
        self.longest = self.longest.max(r.end.saturating_sub(r.start));
        self.inserted.insert((r.start, r.end));
    }

    /// Whether some range `c` overlaps `r` (`c.start < r.end && r.start <
    /// c.end`, the test a scan of every range would make).
    pub(super) fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        if before_end > 0 && self.max_end[before_end - 1] > r.start {
            return true;
        }
        if self.inserted.is_empty() {
            return false;
        }
        let from = r.start.saturating_sub(self.longest);
        self.inserted
            .range((from, 0)..(r.end, 0))
            .any(|&(s, e)| s < r.end && r.start < e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_matches_a_scan() {
        let ranges = [30..31, 0..3, 7..8, 5..20, 40..40, 2..2];
        let inserted = [22..25, 41..43];
        let mut covered = Covered::new(ranges.iter());
        for r in &inserted {
            covered.insert(r);
        }
        for start in 0..45 {
            for end in start..45 {
                let q = start..end;
                let scan = ranges
                    .iter()
                    .chain(&inserted)
                    .any(|c| c.start < q.end && q.start < c.end);
                assert_eq!(covered.overlaps(&q), scan, "{q:?}");
            }
        }
    }
}
