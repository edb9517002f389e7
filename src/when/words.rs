//! The calendar words of `words.tsv`, parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The word lists, by kind.
#[derive(Debug, Default)]
pub(super) struct Words {
    /// Word -> value, per kind (`month`, `weekday`, `season`, ...).
    kinds: HashMap<String, Vec<(String, i64)>>,
}

impl Words {
    /// The words of `words.tsv` (embedded at build time).
    pub(super) fn get() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(|| Words::parse(include_str!("words.tsv")))
    }

    fn parse(tsv: &str) -> Words {
        let mut words = Words::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(word)) = (cols.next(), cols.next()) else {
                continue;
            };
            let value = cols.next().and_then(|v| v.trim().parse().ok()).unwrap_or(0);
            words
                .kinds
                .entry(kind.to_string())
                .or_default()
                .push((word.to_string(), value));
        }
        words
    }

    /// The words of `kind`.
    pub(super) fn list(&self, kind: &str) -> &[(String, i64)] {
        self.kinds.get(kind).map_or(&[], Vec::as_slice)
    }

    /// A regex alternation of the words of `kind`, longest first.
    pub(super) fn alternation(&self, kind: &str) -> String {
        let mut words: Vec<&str> = self.list(kind).iter().map(|(w, _)| w.as_str()).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The value of `word` of `kind` (compared case-insensitively).
    pub(super) fn value(&self, kind: &str, word: &str) -> Option<i64> {
        self.list(kind)
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed() {
        let w = Words::get();
        assert_eq!(w.value("month", "Sept"), Some(9));
        assert_eq!(w.value("weekday", "sunday"), Some(7));
        assert_eq!(w.value("ko_season", "겨울"), Some(4));
        assert!(w.alternation("month").starts_with("September"));
        assert!(!w.list("reporting").is_empty());
    }
}
