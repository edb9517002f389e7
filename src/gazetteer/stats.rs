//! Counts of a gazetteer's places and names (`eventmap gazetteer stats`).

use std::fmt;

use super::*;

/// Counts of a gazetteer's places and names, for `eventmap gazetteer stats`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stats {
    /// Where the gazetteer came from (`embedded` or a directory).
    pub origin: String,
    /// Fetch time from the directory's `MANIFEST.json`, for an updated
    /// gazetteer.
    pub manifest_date: Option<String>,
    /// Number of places.
    pub places: usize,
    /// Number of names.
    pub names: usize,
    /// Places by source.
    pub places_by_source: std::collections::BTreeMap<String, usize>,
    /// Names by source.
    pub names_by_source: std::collections::BTreeMap<String, usize>,
    /// Places by country.
    pub places_by_country: std::collections::BTreeMap<String, usize>,
    /// Names by country.
    pub names_by_country: std::collections::BTreeMap<String, usize>,
    /// Places by feature class.
    pub places_by_feature_class: std::collections::BTreeMap<String, usize>,
    /// Names by kind (primary, alternate, romanized, ...).
    pub names_by_kind: std::collections::BTreeMap<String, usize>,
}

impl Stats {
    /// Counts `gazetteer`.
    pub fn of(gazetteer: &Gazetteer) -> Stats {
        let mut stats = Stats {
            origin: gazetteer.origin().to_string(),
            manifest_date: None,
            places: gazetteer.len(),
            names: 0,
            places_by_source: Default::default(),
            names_by_source: Default::default(),
            places_by_country: Default::default(),
            names_by_country: Default::default(),
            places_by_feature_class: Default::default(),
            names_by_kind: Default::default(),
        };
        for p in gazetteer.places() {
            stats.names += p.names.len();
            *stats
                .places_by_source
                .entry(p.source.to_string())
                .or_default() += 1;
            *stats
                .names_by_source
                .entry(p.source.to_string())
                .or_default() += p.names.len();
            *stats
                .places_by_country
                .entry(p.country.to_string())
                .or_default() += 1;
            *stats
                .names_by_country
                .entry(p.country.to_string())
                .or_default() += p.names.len();
            *stats
                .places_by_feature_class
                .entry(p.feature_class.to_string())
                .or_default() += 1;
            for n in &p.names {
                *stats
                    .names_by_kind
                    .entry(n.kind.as_str().to_string())
                    .or_default() += 1;
            }
        }
        stats
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.manifest_date {
            Some(date) => writeln!(f, "gazetteer: {} (updated {date})", self.origin)?,
            None => writeln!(f, "gazetteer: {}", self.origin)?,
        }
        writeln!(f, "places: {}  names: {}", self.places, self.names)?;
        let table = |f: &mut fmt::Formatter<'_>,
                     title: &str,
                     places: &std::collections::BTreeMap<String, usize>,
                     names: Option<&std::collections::BTreeMap<String, usize>>|
         -> fmt::Result {
            writeln!(f, "{title}:")?;
            for (key, count) in places {
                let key = if key.is_empty() { "-" } else { key };
                match names {
                    Some(n) => writeln!(
                        f,
                        "  {key:<26} {count:>6} places {:>7} names",
                        n.get(key).copied().unwrap_or(0)
                    )?,
                    None => writeln!(f, "  {key:<26} {count:>6}")?,
                }
            }
            Ok(())
        };
        table(
            f,
            "by source",
            &self.places_by_source,
            Some(&self.names_by_source),
        )?;
        // Natural Earth adds every country and capital: list the countries
        // with a real share of the gazetteer, then the rest as one line.
        let (major, minor): (Vec<_>, Vec<_>) =
            self.places_by_country.iter().partition(|(_, n)| **n >= 10);
        let major: std::collections::BTreeMap<String, usize> =
            major.into_iter().map(|(k, v)| (k.clone(), *v)).collect();
        table(f, "by country", &major, Some(&self.names_by_country))?;
        if !minor.is_empty() {
            let places: usize = minor.iter().map(|(_, n)| **n).sum();
            let names: usize = minor
                .iter()
                .map(|(k, _)| self.names_by_country.get(*k).copied().unwrap_or(0))
                .sum();
            let label = format!("{} other countries", minor.len());
            writeln!(f, "  {label:<26} {places:>6} places {names:>7} names")?;
        }
        table(
            f,
            "places by feature class",
            &self.places_by_feature_class,
            None,
        )?;
        table(f, "names by kind", &self.names_by_kind, None)
    }
}
