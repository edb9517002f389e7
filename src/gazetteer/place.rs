//! A place of the gazetteer and its names: the row types of the on-disk
//! tables (see the parent module for the format).

use geo::Point;

use super::SharedStr;
pub use compact_str::CompactString;

/// The administrative or physical level of a place, derived from its
/// feature class and code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// An independent country (`PCLI` and friends).
    Country,
    /// A first-level division (`ADM1`): province, special city.
    Province,
    /// A second-level division (`ADM2`): county (gun), city (si), district.
    County,
    /// A populated place (feature class `P`).
    City,
    /// A river or stream.
    River,
    /// A mountain, peak or range.
    Mountain,
    /// A lake or reservoir.
    Lake,
    /// Anything else: islands, regions, peninsulas, spots.
    Other,
}

impl Level {
    /// The level of a GeoNames feature class and code.
    pub fn of(feature_class: &str, feature_code: &str) -> Level {
        match (feature_class, feature_code) {
            (_, c) if c.starts_with("PCL") => Level::Country,
            (_, "ADM1") => Level::Province,
            (_, "ADM2" | "ADM3") => Level::County,
            ("P", _) => Level::City,
            (_, "STM" | "STMS" | "STMX") => Level::River,
            (_, "MT" | "MTS" | "PK" | "PKS" | "VLC") => Level::Mountain,
            (_, "LK" | "LKS" | "RSV") => Level::Lake,
            _ => Level::Other,
        }
    }

    /// The name used in output (`country`, `province`, `county`, `city`,
    /// `river`, `mountain`, `lake`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::County => "county",
            Level::City => "city",
            Level::River => "river",
            Level::Mountain => "mountain",
            Level::Lake => "lake",
            Level::Other => "other",
        }
    }
}

/// What kind of name a [`Name`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameKind {
    /// The source's primary name.
    Primary,
    /// The source's ASCII name.
    Ascii,
    /// An alternate name from the source.
    Alternate,
    /// A documented English or common form from `gazetteer/aliases.tsv`.
    Alias,
    /// A romanization generated from the place's Hangul name.
    Romanized,
    /// A Hangul spelling generated from a Chinese place's pinyin name
    /// ([`crate::normalize::pinyin`]).
    Transliterated,
    /// The Sino-Korean reading of a Chinese place's Han name (延吉 → 연길),
    /// from Unihan kHangul ([`super::hanja`]).
    SinoKorean,
    /// A Chinese place's Han name in traditional characters (开山屯 → 開山屯).
    Traditional,
}

impl NameKind {
    /// The `kind` column value.
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Primary => "primary",
            NameKind::Ascii => "ascii",
            NameKind::Alternate => "alternate",
            NameKind::Alias => "alias",
            NameKind::Romanized => "romanized",
            NameKind::Transliterated => "transliterated",
            NameKind::SinoKorean => "sino-korean",
            NameKind::Traditional => "traditional",
        }
    }

    pub(super) fn parse(text: &str) -> Option<NameKind> {
        Some(match text {
            "primary" => NameKind::Primary,
            "ascii" => NameKind::Ascii,
            "alternate" => NameKind::Alternate,
            "alias" => NameKind::Alias,
            "romanized" => NameKind::Romanized,
            "transliterated" => NameKind::Transliterated,
            "sino-korean" => NameKind::SinoKorean,
            "traditional" => NameKind::Traditional,
            _ => return None,
        })
    }
}

/// One name of a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The name as written in its source (a string that holds a short
    /// name without a heap allocation; it reads like a `&str`).
    pub text: CompactString,
    /// Language code (`ko`, `zh`, `en`) or empty when unknown.
    pub lang: SharedStr,
    /// Where the name comes from.
    pub kind: NameKind,
}

/// A place of the gazetteer. See the module docs for the meaning of each
/// field (they are the columns of `places.tsv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable id naming the source (`geonames:2044091`).
    pub id: CompactString,
    /// Primary name.
    pub name: CompactString,
    /// Name in plain ASCII.
    pub ascii_name: CompactString,
    /// GeoNames feature class.
    pub feature_class: SharedStr,
    /// GeoNames feature code.
    pub feature_code: SharedStr,
    /// ISO 3166-1 alpha-2 country code.
    pub country: SharedStr,
    /// GeoNames admin1 code (`KP.17`) or empty.
    pub admin1: SharedStr,
    /// GeoNames admin2 code or empty.
    pub admin2: SharedStr,
    /// Population, 0 when unknown.
    pub population: u64,
    /// The point, x = longitude, y = latitude.
    pub point: Point<f64>,
    /// The data source of the row.
    pub source: SharedStr,
    /// Trust in the point, 0..1.
    pub confidence: f64,
    /// All names of the place, primary first.
    pub names: Vec<Name>,
}

impl Place {
    /// The level of the place, from its feature class and code.
    pub fn level(&self) -> Level {
        Level::of(&self.feature_class, &self.feature_code)
    }
}

/// Index of a place in its [`super::Gazetteer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// A rank of how prominent a kind of place is, lower first: countries,
/// provinces, capitals and administrative seats, counties, other populated
/// places, physical features.
pub fn importance_rank(place: &Place) -> u8 {
    match place.feature_code.as_str() {
        c if c.starts_with("PCL") => 0,
        "ADM1" => 1,
        "PPLC" => 2,
        "PPLA" => 3,
        "PPLA2" => 4,
        "ADM2" => 5,
        "STM" | "MT" | "LK" | "RSV" => 6,
        _ if place.feature_class == "P" => 7,
        _ => 8,
    }
}
