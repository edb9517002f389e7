//! The spans already taken by mentions, for overlap queries in O(log n):
//! the fallbacks ask for every word of a document whether a mention covers
//! it, which scanning the mention list made quadratic in the document size.

use std::collections::BTreeSet;
use std::ops::Range;

/// A set of byte ranges answering "does anything overlap this range?".
#[derive(Debug, Default)]
pub(super) struct Covered {
    /// (start, end) of every range, ordered by start.
    spans: BTreeSet<(usize, usize)>,
    /// The longest range: an overlapping range starts at most this far
    /// before the query.
    longest: usize,
}

impl Covered {
    /// The set of `ranges`.
    pub(super) fn new<'r>(ranges: impl Iterator<Item = &'r Range<usize>>) -> Covered {
        let mut covered = Covered::default();
        for r in ranges {
            covered.insert(r);
        }
        covered
    }

    /// Adds a range.
    pub(super) fn insert(&mut self, r: &Range<usize>) {
        self.longest = self.longest.max(r.end.saturating_sub(r.start));
        self.spans.insert((r.start, r.end));
    }

    /// Whether some range `c` overlaps `r` (`c.start < r.end && r.start <
    /// c.end`, the test a scan of every range would make).
    pub(super) fn overlaps(&self, r: &Range<usize>) -> bool {
        let from = r.start.saturating_sub(self.longest);
        self.spans
            .range((from, 0)..(r.end, 0))
            .any(|&(s, e)| s < r.end && r.start < e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_matches_a_scan() {
        let ranges = [0..3, 5..20, 7..8, 30..31, 40..40];
        let covered = Covered::new(ranges.iter());
        for start in 0..45 {
            for end in start..45 {
                let q = start..end;
                let scan = ranges.iter().any(|c| c.start < q.end && q.start < c.end);
                assert_eq!(covered.overlaps(&q), scan, "{q:?}");
            }
        }
    }
}
