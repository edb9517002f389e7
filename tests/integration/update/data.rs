//! Test data: real GeoNames rows from the bundled gazetteer's sources, and
//! the dump files a GeoNames folder serves.

use super::*;

/// The bundled gazetteer's GeoNames sources (real rows, CC BY 4.0).
macro_rules! bundled {
    ($file:literal) => {
        include_str!(concat!("../../../gazetteer/sources/geonames/", $file))
    };
}

/// Real GeoNames rows of a country, from the bundled gazetteer's sources:
/// the first 40 (KP), 30 (KR), or for China 25 inside the default border box
/// and 5 outside it.
pub(super) fn real_rows(country: &str) -> Vec<String> {
    let lines = |text: &'static str| text.lines().filter(|l| !l.is_empty()).map(String::from);
    match country {
        "KP" => lines(bundled!("cities500_KP.txt")).take(40).collect(),
        "KR" => lines(bundled!("cities500_KR.txt")).take(30).collect(),
        "CN" => {
            let inside = |row: &String| {
                let cols: Vec<&str> = row.split('\t').collect();
                let (lat, lon): (f64, f64) = (cols[4].parse().unwrap(), cols[5].parse().unwrap());
                update::BBox::CN_BORDER.contains(lon, lat)
            };
            let all: Vec<String> = lines(bundled!("cities500_CN_border_bbox.txt")).collect();
            let mut rows: Vec<String> =
                all.iter().filter(|r| inside(r)).take(25).cloned().collect();
            rows.extend(all.iter().filter(|r| !inside(r)).take(5).cloned());
            rows
        }
        other => panic!("no rows for {other}"),
    }
}

pub(super) const ADMIN1: &str = bundled!("admin1CodesASCII_KP_KR_CN.txt");
pub(super) const ADMIN2: &str = bundled!("admin2Codes_KP_KR_CN-Jilin-Liaoning.txt");

/// A real row given a new id and name, so that finding it proves the new
/// gazetteer is in use.
pub(super) fn renamed(row: &str, id: u64, name: &str) -> String {
    let mut cols: Vec<String> = row.split('\t').map(String::from).collect();
    cols[0] = id.to_string();
    cols[1] = name.into();
    cols[2] = name.into();
    cols.join("\t")
}

pub(super) fn zip_of(entry: &str, text: &str) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file(entry, options).unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    writer.start_file("readme.txt", options).unwrap();
    writer.write_all(b"test dump").unwrap();
    writer.finish().unwrap().into_inner()
}

/// The dump files of a GeoNames folder: `{CC}.zip` for KP, KR, CN and the
/// admin code tables, each a route answering with the file.
pub(super) fn dump(extra_kp_rows: &[String]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for cc in ["KP", "KR", "CN"] {
        let mut rows = real_rows(cc);
        if cc == "KP" {
            rows.extend(extra_kp_rows.iter().cloned());
        }
        let text = rows.join("\n") + "\n";
        files.insert(format!("{cc}.zip"), zip_of(&format!("{cc}.txt"), &text));
    }
    files.insert("admin1CodesASCII.txt".into(), ADMIN1.as_bytes().to_vec());
    files.insert("admin2Codes.txt".into(), ADMIN2.as_bytes().to_vec());
    files
}
