//! The GeoNames dump formats: the 19-column `geoname` table (country dumps,
//! `cities500.txt`) and the admin code lists (`admin1CodesASCII.txt`,
//! `admin2Codes.txt`). See <https://download.geonames.org/export/dump/readme.txt>.

/// One row of a GeoNames `geoname` table (tab-separated, 19 columns).
#[derive(Debug, Clone, PartialEq)]
pub struct GeonamesRow {
    /// Integer id of the record in the GeoNames database.
    pub geonameid: u64,
    /// Name of the place (UTF-8).
    pub name: String,
    /// Name in plain ASCII characters.
    pub ascii_name: String,
    /// Alternate names, comma separated in the dump.
    pub alternate_names: Vec<String>,
    /// Latitude in decimal degrees (WGS84).
    pub latitude: f64,
    /// Longitude in decimal degrees (WGS84).
    pub longitude: f64,
    /// Feature class (`A` country/region, `H` water, `L` area, `P` populated
    /// place, `R` road, `S` spot, `T` terrain, `U` undersea, `V` forest).
    pub feature_class: String,
    /// Feature code (`PPL`, `PPLA2`, `ADM2`, `STM`, ...).
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: String,
    /// Alternate country codes, comma separated.
    pub cc2: String,
    /// First-level administrative division code (without the country prefix).
    pub admin1_code: String,
    /// Second-level administrative division code (without prefixes).
    pub admin2_code: String,
    /// Third-level administrative division code.
    pub admin3_code: String,
    /// Fourth-level administrative division code.
    pub admin4_code: String,
    /// Population (0 when unknown).
    pub population: u64,
    /// Elevation in metres, when given.
    pub elevation: Option<i32>,
    /// Digital elevation model value in metres, when given.
    pub dem: Option<i32>,
    /// IANA time zone id.
    pub timezone: String,
    /// Date of last modification, `yyyy-MM-dd`.
    pub modification_date: String,
}

/// The feature classes GeoNames defines.
pub const FEATURE_CLASSES: [&str; 9] = ["A", "H", "L", "P", "R", "S", "T", "U", "V"];

impl GeonamesRow {
    /// Parses one line of a `geoname` table. The error says which column is
    /// wrong and how.
    ///
    /// ```
    /// use eventmap::gazetteer::geonames::GeonamesRow;
    /// let line = "2044091\tHoeryŏng\tHoeryong\tHoeryeong,회령\t42.44113\t129.74601\tP\tPPLA2\tKP\t\t17\t\t\t\t43831\t\t237\tAsia/Pyongyang\t2020-06-11";
    /// let row = GeonamesRow::parse_line(line).unwrap();
    /// assert_eq!(row.geonameid, 2044091);
    /// assert_eq!(row.alternate_names, ["Hoeryeong", "회령"]);
    /// ```
    pub fn parse_line(line: &str) -> Result<GeonamesRow, String> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 19 {
            return Err(format!(
                "expected 19 tab-separated columns, found {}",
                cols.len()
            ));
        }
        let geonameid = cols[0]
            .parse::<u64>()
            .ok()
            .filter(|&id| id > 0)
            .ok_or_else(|| format!("geonameid {:?} is not a positive integer", cols[0]))?;
        let latitude = parse_coordinate(cols[4], 90.0, "latitude")?;
        let longitude = parse_coordinate(cols[5], 180.0, "longitude")?;
        if !FEATURE_CLASSES.contains(&cols[6]) {
            return Err(format!("unknown feature class {:?}", cols[6]));
        }
        let population = if cols[14].is_empty() {
            0
        } else {
            cols[14]
                .parse::<u64>()
                .map_err(|_| format!("population {:?} is not an integer", cols[14]))?
        };
        let optional_int = |s: &str, what: &str| -> Result<Option<i32>, String> {
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse::<i32>()
                    .map(Some)
                    .map_err(|_| format!("{what} {s:?} is not an integer"))
            }
        };
        Ok(GeonamesRow {
            geonameid,
            name: cols[1].to_string(),
            ascii_name: cols[2].to_string(),
            alternate_names: split_names(cols[3], ','),
            latitude,
            longitude,
            feature_class: cols[6].to_string(),
            feature_code: cols[7].to_string(),
            country_code: cols[8].to_string(),
            cc2: cols[9].to_string(),
            admin1_code: cols[10].to_string(),
            admin2_code: cols[11].to_string(),
            admin3_code: cols[12].to_string(),
            admin4_code: cols[13].to_string(),
            population,
            elevation: optional_int(cols[15], "elevation")?,
            dem: optional_int(cols[16], "dem")?,
            timezone: cols[17].to_string(),
            modification_date: cols[18].to_string(),
        })
    }
}

fn parse_coordinate(text: &str, limit: f64, what: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{what} {text:?} is not a number"))?;
    if !value.is_finite() || value.abs() > limit {
        return Err(format!("{what} {text} is out of range -{limit}..{limit}"));
    }
    Ok(value)
}

/// Splits a separated list of names, dropping empty ones.
pub(crate) fn split_names(text: &str, separator: char) -> Vec<String> {
    text.split(separator)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One line of `admin1CodesASCII.txt` or `admin2Codes.txt`:
/// `code<TAB>name<TAB>ascii name<TAB>geonameid`.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminCode {
    /// The full code: `KP.13` (admin1) or `KP.13.2043834` (admin2).
    pub code: String,
    /// Name of the division.
    pub name: String,
    /// Name in plain ASCII.
    pub ascii_name: String,
    /// GeoNames id of the division's own record.
    pub geonameid: u64,
}

impl AdminCode {
    /// Parses one line of an admin code list.
    ///
    /// ```
    /// use eventmap::gazetteer::geonames::AdminCode;
    /// let a = AdminCode::parse_line("KP.13\tYanggang-do\tYanggang-do\t2039332").unwrap();
    /// assert_eq!((a.code.as_str(), a.geonameid), ("KP.13", 2039332));
    /// ```
    pub fn parse_line(line: &str) -> Result<AdminCode, String> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(format!(
                "expected 4 tab-separated columns, found {}",
                cols.len()
            ));
        }
        let code = cols[0];
        let parts: Vec<&str> = code.split('.').collect();
        if parts.len() < 2 || parts[0].len() != 2 || parts.iter().any(|p| p.is_empty()) {
            return Err(format!(
                "admin code {code:?} is not of the form CC.X or CC.X.Y"
            ));
        }
        let geonameid = cols[3]
            .parse::<u64>()
            .map_err(|_| format!("geonameid {:?} is not an integer", cols[3]))?;
        Ok(AdminCode {
            code: code.to_string(),
            name: cols[1].to_string(),
            ascii_name: cols[2].to_string(),
            geonameid,
        })
    }

    /// The country part of the code (`KP`).
    pub fn country(&self) -> &str {
        &self.code[..2]
    }

    /// The admin1 code this code belongs to (`KP.13` for both `KP.13` and
    /// `KP.13.2043834`).
    pub fn admin1(&self) -> &str {
        match self.code.match_indices('.').nth(1) {
            Some((i, _)) => &self.code[..i],
            None => &self.code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOERYONG: &str = "2044091\tHoeryŏng\tHoeryong\tHoenyong,Hoeryeong,회령\t42.44113\t129.74601\tP\tPPLA2\tKP\t\t17\t\t\t\t43831\t\t237\tAsia/Pyongyang\t2020-06-11";

    #[test]
    fn parses_a_real_row() {
        let row = GeonamesRow::parse_line(HOERYONG).unwrap();
        assert_eq!(row.name, "Hoeryŏng");
        assert_eq!(row.feature_code, "PPLA2");
        assert_eq!(row.admin1_code, "17");
        assert_eq!(row.population, 43831);
        assert_eq!(row.dem, Some(237));
        assert_eq!(row.elevation, None);
        assert!((row.latitude - 42.44113).abs() < 1e-9);
    }

    #[test]
    fn rejects_bad_rows() {
        let cases = [
            (
                "too few columns",
                HOERYONG.replacen("\t", "", 1),
                "19 tab-separated",
            ),
            ("bad id", HOERYONG.replacen("2044091", "x", 1), "geonameid"),
            (
                "latitude out of range",
                HOERYONG.replacen("42.44113", "123", 1),
                "latitude 123",
            ),
            (
                "bad longitude",
                HOERYONG.replacen("129.74601", "east", 1),
                "longitude",
            ),
            (
                "unknown class",
                HOERYONG.replacen("\tP\t", "\tZ\t", 1),
                "feature class",
            ),
            (
                "bad population",
                HOERYONG.replacen("43831", "many", 1),
                "population",
            ),
        ];
        for (what, line, want) in cases {
            let err = GeonamesRow::parse_line(&line).unwrap_err();
            assert!(err.contains(want), "{what}: {err}");
        }
    }

    #[test]
    fn admin_codes() {
        let a = AdminCode::parse_line("KP.13.2043834\tHyesan-si\tHyesan-si\t2043834").unwrap();
        assert_eq!(a.country(), "KP");
        assert_eq!(a.admin1(), "KP.13");
        assert!(AdminCode::parse_line("KP13\tx\tx\t1").is_err());
        assert!(AdminCode::parse_line("KP.13\tx\tx").is_err());
    }
}
