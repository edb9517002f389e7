//! Natural Earth features: countries (with their outlines), world capitals
//! and megacities, rivers, lakes, peaks and regions, and the points that
//! stand for them (the middle of a river, the main land mass of a country).

use super::*;

impl Builder {
    pub(super) fn add_countries(
        &mut self,
        aliases: &[Alias],
    ) -> Result<Vec<(String, Geometry<f64>)>> {
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
                id: format!("ne-country:{code}").into(),
                ascii_name: fold_ascii(&name).into(),
                name: name.as_str().into(),
                feature_class: "A".into(),
                feature_code: "PCLI".into(),
                country: code.as_str().into(),
                admin1: SharedStr::default(),
                admin2: SharedStr::default(),
                population: props
                    .get("POP_EST")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(0.0) as u64,
                point,
                source: "naturalearth".into(),
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

    /// World capitals and megacities from Natural Earth, for places the
    /// GeoNames slice lacks (Beijing, Tokyo, Moscow, Washington).
    pub(super) fn add_natural_earth_places(&mut self) -> Result<()> {
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
                id: id.into(),
                ascii_name: text("nameascii").into(),
                name: name.as_str().into(),
                feature_class: "P".into(),
                feature_code: if capital { "PPLC" } else { "PPLA" }.into(),
                country: text("iso_a2").into(),
                admin1: SharedStr::default(),
                admin2: SharedStr::default(),
                population: props
                    .get("pop_max")
                    .and_then(Value::as_f64)
                    .unwrap_or(0.0)
                    .max(0.0) as u64,
                point: Point::new(lon, lat),
                source: "naturalearth".into(),
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
    pub(super) fn add_physical(&mut self, countries: &[(String, Geometry<f64>)]) -> Result<()> {
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
}

/// The parts of one Natural Earth river (a river number), gathered from
/// its features.
pub(super) struct River {
    pub(super) name: String,
    pub(super) alt: Option<String>,
    pub(super) lines: Vec<geo::LineString<f64>>,
}

pub(super) fn physical_place(
    id: String,
    name: &str,
    class: &str,
    code: &str,
    country: String,
    point: Point<f64>,
) -> Place {
    Place {
        id: id.into(),
        name: name.into(),
        ascii_name: fold_ascii(name).into(),
        feature_class: class.into(),
        feature_code: code.into(),
        country: country.into(),
        admin1: SharedStr::default(),
        admin2: SharedStr::default(),
        population: 0,
        point,
        source: "naturalearth".into(),
        confidence: 1.0,
        names: Vec::new(),
    }
}

/// An interior point of the largest polygon of a (multi)polygon: the main
/// land mass of a country, not an island.
pub(super) fn largest_polygon_interior(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    match largest_polygon(geometry) {
        Some(polygon) => polygon.interior_point(),
        None => geometry.interior_point(),
    }
}

/// The largest polygon of a polygon or multipolygon, `None` for other
/// geometries.
pub(super) fn largest_polygon(geometry: &Geometry<f64>) -> Option<&geo::Polygon<f64>> {
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
pub(super) fn river_centre(lines: &[geo::LineString<f64>]) -> Option<Point<f64>> {
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
pub(super) fn largest_polygon_centre(geometry: &Geometry<f64>) -> Option<Point<f64>> {
    use geo::{Centroid, Contains};
    match largest_polygon(geometry) {
        Some(polygon) => polygon
            .centroid()
            .filter(|c| polygon.contains(c))
            .or_else(|| polygon.interior_point()),
        None => geometry.interior_point(),
    }
}
