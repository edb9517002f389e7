//! Administrative units and populated places: provinces (GeoNames admin1
//! with Natural Earth outlines), GeoNames rows, North Korean counties,
//! South Korean si/gun/gu and the second-level units no source gives a point
//! for.

use super::*;

/// Confidence of the open-admin-data county points: centroids of unknown
/// provenance, a median 7 km from the seat town (gazetteer/SOURCE.md).
pub(super) const COUNTY_POINT_CONFIDENCE: f64 = 0.6;
/// Confidence of KOSTAT points: representative points of census polygons,
/// inside the unit but not at its seat.
pub(super) const KOSTAT_POINT_CONFIDENCE: f64 = 0.8;

impl Builder {
    pub(super) fn add_provinces(&mut self, admin1: &[AdminCode], aliases: &[Alias]) -> Result<()> {
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
                id: format!("geonames:{}", code.geonameid).into(),
                name: code.name.as_str().into(),
                ascii_name: code.ascii_name.as_str().into(),
                feature_class: "A".into(),
                feature_code: "ADM1".into(),
                country: code.country().into(),
                admin1: code.code.as_str().into(),
                admin2: SharedStr::default(),
                population: 0,
                point: *point,
                source: "geonames+naturalearth".into(),
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

    pub(super) fn add_geonames_rows(
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
                id: format!("geonames:{}", row.geonameid).into(),
                name: row.name.as_str().into(),
                ascii_name: if row.ascii_name.is_empty() {
                    fold_ascii(&row.name).into()
                } else {
                    row.ascii_name.as_str().into()
                },
                feature_class: row.feature_class.as_str().into(),
                feature_code: row.feature_code.as_str().into(),
                country: row.country_code.as_str().into(),
                admin1: if admin1_codes.contains(a1.as_str()) || !a1.is_empty() {
                    a1.into()
                } else {
                    SharedStr::default()
                },
                admin2: if admin2_codes.contains(a2.as_str()) {
                    a2.into()
                } else {
                    SharedStr::default()
                },
                population: row.population,
                point: Point::new(row.longitude, row.latitude),
                source: "geonames".into(),
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
    pub(super) fn add_kp_counties(&mut self, admin2: &[AdminCode]) -> Result<()> {
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
                }
                .into(),
                name: admin.map_or(name_en.to_string(), |a| a.name.clone()).into(),
                ascii_name: admin
                    .map_or(fold_ascii(name_en), |a| a.ascii_name.clone())
                    .into(),
                feature_class: "A".into(),
                feature_code: "ADM2".into(),
                country: "KP".into(),
                admin1: cols[c_admin1].into(),
                admin2: admin.map_or(SharedStr::default(), |a| a.code.as_str().into()),
                population: 0,
                point,
                source: if admin.is_some() {
                    "geonames+open-admin-data"
                } else {
                    "open-admin-data"
                }
                .into(),
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
    pub(super) fn add_kr_admin2(
        &mut self,
        admin1: &[AdminCode],
        admin2: &[AdminCode],
    ) -> Result<()> {
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
                id: format!("kostat:{}", cols[c_code]).into(),
                ascii_name: fold_ascii(&name).into(),
                name: name.as_str().into(),
                feature_class: "A".into(),
                feature_code: "ADM2".into(),
                country: "KR".into(),
                admin1: a1.into(),
                admin2: geonames.map_or(SharedStr::default(), |a| a.code.as_str().into()),
                population: 0,
                point,
                source: "kostat".into(),
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

    /// North Korean and Chinese second-level units that no source gives a
    /// point for, at the centre of their member places ([`super::derived`]).
    pub(super) fn add_derived_admin2(&mut self, admin2: &[AdminCode]) {
        for place in super::super::derived::admin2_units(&self.places, admin2, &["KP", "CN"]) {
            self.push(place);
        }
    }
}
