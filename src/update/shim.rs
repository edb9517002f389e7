//! TEMPORARY stand-in for the lead's `gazetteer` module (contract in the
//! update issue), so that `update` compiles before it lands. Deleted after
//! merging main.

#![allow(dead_code, missing_docs, clippy::len_without_is_empty)]

use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct GeonamesRow {
    pub geonameid: u64,
    pub name: String,
    pub ascii_name: String,
    pub alternate_names: Vec<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub feature_class: String,
    pub feature_code: String,
    pub country_code: String,
    pub cc2: String,
    pub admin1_code: String,
    pub admin2_code: String,
    pub admin3_code: String,
    pub admin4_code: String,
    pub population: u64,
    pub elevation: Option<i32>,
    pub dem: Option<i32>,
    pub timezone: String,
    pub modification_date: String,
}

impl GeonamesRow {
    pub fn parse_line(line: &str) -> Result<GeonamesRow, String> {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 19 {
            return Err(format!("expected 19 columns, found {}", c.len()));
        }
        let num = |i: usize, what: &str| -> Result<f64, String> {
            c[i].parse::<f64>()
                .map_err(|_| format!("bad {what} {:?}", c[i]))
        };
        let opt = |s: &str| -> Result<Option<i32>, String> {
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse().map(Some).map_err(|_| format!("bad number {s:?}"))
            }
        };
        Ok(GeonamesRow {
            geonameid: c[0]
                .parse()
                .map_err(|_| format!("bad geonameid {:?}", c[0]))?,
            name: c[1].into(),
            ascii_name: c[2].into(),
            alternate_names: c[3]
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            latitude: num(4, "latitude")?,
            longitude: num(5, "longitude")?,
            feature_class: c[6].into(),
            feature_code: c[7].into(),
            country_code: c[8].into(),
            cc2: c[9].into(),
            admin1_code: c[10].into(),
            admin2_code: c[11].into(),
            admin3_code: c[12].into(),
            admin4_code: c[13].into(),
            population: if c[14].is_empty() {
                0
            } else {
                c[14].parse().map_err(|_| "bad population".to_string())?
            },
            elevation: opt(c[15])?,
            dem: opt(c[16])?,
            timezone: c[17].into(),
            modification_date: c[18].into(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdminCode {
    pub code: String,
    pub name: String,
    pub ascii_name: String,
    pub geonameid: u64,
}

impl AdminCode {
    pub fn parse_line(line: &str) -> Result<AdminCode, String> {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 4 {
            return Err(format!("expected 4 columns, found {}", c.len()));
        }
        Ok(AdminCode {
            code: c[0].into(),
            name: c[1].into(),
            ascii_name: c[2].into(),
            geonameid: c[3].parse().map_err(|_| "bad geonameid".to_string())?,
        })
    }
}

pub struct GeonamesInput {
    pub rows: Vec<GeonamesRow>,
    pub admin1: Vec<AdminCode>,
    pub admin2: Vec<AdminCode>,
}

#[derive(Debug)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub country: String,
}

pub struct Gazetteer {
    places: Vec<Place>,
}

pub fn build_with_geonames(input: GeonamesInput) -> crate::Result<Gazetteer> {
    Ok(Gazetteer {
        places: input
            .rows
            .into_iter()
            .map(|r| Place {
                id: format!("geonames:{}", r.geonameid),
                name: r.name,
                country: r.country_code,
            })
            .collect(),
    })
}

impl Gazetteer {
    pub fn write_dir(&self, dir: &Path) -> crate::Result<()> {
        let mut s = String::new();
        for p in &self.places {
            s.push_str(&format!("{}\t{}\t{}\n", p.id, p.name, p.country));
        }
        let path = dir.join("places.tsv");
        std::fs::write(&path, s).map_err(|e| crate::Error::io(path, e))
    }
    pub fn load_dir(dir: &Path) -> crate::Result<Gazetteer> {
        let path = dir.join("places.tsv");
        let s = std::fs::read_to_string(&path).map_err(|e| crate::Error::io(&path, e))?;
        let places = s
            .lines()
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                Place {
                    id: c[0].into(),
                    name: c[1].into(),
                    country: c[2].into(),
                }
            })
            .collect();
        Ok(Gazetteer { places })
    }
    pub fn embedded() -> &'static Gazetteer {
        static E: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        E.get_or_init(|| Gazetteer { places: Vec::new() })
    }
    pub fn len(&self) -> usize {
        self.places.len()
    }
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.places.iter().filter(|p| p.name == name).collect()
    }
}
