//! The layers in every format, from two very different inputs (the sample
//! article, undated and without fatalities, and `tests/data/formats`, dated
//! reports with fatalities and markup): GeoJSON properties follow the
//! schema table, the GeoPackage has the same columns and types whatever the
//! data (checked with SQLite, GDAL and QGIS), the styles are those of the
//! map page, and the KML has the expected folders, placemarks and dates.
//!
//! The KML is checked by parsing it: no Debian package ships the OGC KML 2.2
//! XML schema for `xmllint --schema`, and tests never reach the network.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use eventmap::layer::schema::{FieldType, LayerName};

use crate::harness::{repo_path, run, temp_dir};

const SAMPLE: &str = "tests/data/samples/dailynk-border-barriers.txt";
const DATED: &str = "tests/data/formats/dated.jsonl";

/// Runs `eventmap extract INPUT -o OUT --format FORMAT` and checks it worked.
fn extract(input: &str, out: &Path, format: &str) {
    run([
        "extract".as_ref(),
        repo_path(input).as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ])
    .success();
}

/// The features of a GeoJSON layer as JSON values.
fn features(path: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("layer")).expect("JSON");
    json["features"].as_array().expect("features").clone()
}

/// Each input's GeoJSON layers, written once into `dir`.
fn geojson_runs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    [SAMPLE, DATED]
        .into_iter()
        .map(|input| {
            let out = dir.join(format!("geojson-{}", input.len()));
            extract(input, &out, "geojson");
            (input, out)
        })
        .collect()
}

#[test]
fn geojson_properties_have_their_schema_types() {
    let dir = temp_dir();
    for (input, out) in geojson_runs(dir.path()) {
        let mut seen = 0;
        for layer in LayerName::ALL {
            for feature in features(&out.join(format!("{}.geojson", layer.as_str()))) {
                let properties = feature["properties"].as_object().expect("properties");
                let problems = eventmap::layer::schema::mismatches(layer, properties);
                assert!(problems.is_empty(), "{input} {layer:?}: {problems:#?}");
                seen += 1;
            }
        }
        assert!(seen > 10, "{input}: only {seen} features");
    }
}

#[test]
fn geojson_layers_have_qgis_styles_beside_them() {
    let dir = temp_dir();
    for format in ["geojson", "geojsonseq"] {
        let out = dir.path().join(format);
        extract(SAMPLE, &out, format);
        for layer in LayerName::ALL {
            let qml = std::fs::read_to_string(out.join(format!("{}.qml", layer.as_str())))
                .expect("qml sidecar");
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let doc = roxmltree::Document::parse_with_options(&qml, options).expect("QML is XML");
            let renderer = doc
                .descendants()
                .find(|n| n.has_tag_name("renderer-v2"))
                .expect("renderer");
            assert_eq!(renderer.attribute("type"), Some("categorizedSymbol"));
            assert_eq!(renderer.attribute("attr"), Some(layer.style_field()));
        }
    }
}

/// Writes the GeoPackage of `input` into `dir`.
fn gpkg_of(input: &str, dir: &Path) -> PathBuf {
    let out = dir.join(format!("gpkg-{}", input.len()));
    extract(input, &out, "gpkg");
    let entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(entries, ["eventmap.gpkg"], "only the GeoPackage is written");
    out.join("eventmap.gpkg")
}

#[test]
fn geopackage_tables_follow_the_schema_whatever_the_data() {
    let dir = temp_dir();
    for (input, geojson) in geojson_runs(dir.path()) {
        let gpkg = gpkg_of(input, dir.path());
        let db = rusqlite::Connection::open(&gpkg).unwrap();
        let app: i64 = db
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, 0x4750_4B47, "GPKG application id");
        for layer in LayerName::ALL {
            let table = layer.as_str();
            let mut columns = db.prepare(&format!("PRAGMA table_info({table})")).unwrap();
            let got: Vec<(String, String)> = columns
                .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let mut want = vec![
                ("fid".to_string(), "INTEGER".to_string()),
                ("geom".to_string(), "POINT".to_string()),
            ];
            want.extend(
                layer
                    .fields()
                    .iter()
                    .map(|f| (f.name.to_string(), f.kind.sql_type().to_string())),
            );
            assert_eq!(got, want, "{input} {table}");
            let count = |sql: &str| -> usize {
                db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
            };
            let layer_features = features(&geojson.join(format!("{table}.geojson")));
            let placed = layer_features
                .iter()
                .filter(|f| !f["geometry"].is_null())
                .count();
            assert_eq!(
                count(&format!("SELECT count(*) FROM {table}")),
                layer_features.len(),
                "{input} {table}: the GeoJSON's features"
            );
            assert_eq!(
                count(&format!("SELECT count(*) FROM rtree_{table}_geom")),
                placed,
                "{input} {table}: spatial index"
            );
            let (default, qml): (bool, String) = db
                .query_row(
                    "SELECT useAsDefault, styleQML FROM layer_styles WHERE f_table_name = ?1",
                    [table],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert!(default, "{table}");
            assert!(qml.contains(&format!("attr=\"{}\"", layer.style_field())));
        }
    }
}

/// What `ogrinfo -ro -so FILE LAYER` says: feature count and field types.
fn ogr_layer(path: &Path, layer: &str) -> (usize, BTreeMap<String, String>) {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so"])
        .arg(path)
        .arg(layer)
        .output()
        .expect("run ogrinfo");
    assert!(
        out.status.success(),
        "ogrinfo {} {layer}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut count = 0;
    let mut fields = BTreeMap::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("Feature Count: ") {
            count = n.trim().parse().unwrap();
        } else if let Some((name, kind)) = line.split_once(": ")
            && !name.contains(' ')
            && name != "Extent"
            && kind.ends_with(')')
        {
            let kind = kind.split(' ').next().unwrap_or_default();
            fields.insert(name.to_string(), kind.to_string());
        }
    }
    (count, fields)
}

/// Whether GDAL's ogrinfo can run; panics when CI requires it and it is
/// missing.
fn have_ogrinfo() -> bool {
    if Command::new("ogrinfo").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("EVENTMAP_REQUIRE_OGRINFO").is_none(),
        "ogrinfo is required but not installed"
    );
    eprintln!("ogrinfo not installed: skipped");
    false
}

#[test]
fn ogr_reads_the_same_geopackage_field_types_from_different_inputs() {
    if !have_ogrinfo() {
        return;
    }
    let dir = temp_dir();
    let sample = gpkg_of(SAMPLE, dir.path());
    let dated = gpkg_of(DATED, dir.path());
    for layer in LayerName::ALL {
        let (n_sample, sample_fields) = ogr_layer(&sample, layer.as_str());
        let (n_dated, dated_fields) = ogr_layer(&dated, layer.as_str());
        assert!(
            n_sample > 0 && n_dated > 0,
            "{layer:?}: {n_sample} {n_dated}"
        );
        assert_eq!(sample_fields, dated_fields, "{layer:?}");
        for field in layer.fields() {
            let want = match field.kind {
                FieldType::Text | FieldType::List => "String",
                FieldType::Integer => "Integer64",
                FieldType::Real => "Real",
                FieldType::Date => "Date",
                FieldType::Bool => "Integer(Boolean)",
            };
            assert_eq!(
                sample_fields.get(field.name).map(String::as_str),
                Some(want),
                "{layer:?}.{} in {sample_fields:?}",
                field.name
            );
        }
    }
    // The styles, read back through GDAL.
    let out = Command::new("ogrinfo")
        .args(["-ro", "-q"])
        .arg(&dated)
        .args([
            "-sql",
            "SELECT f_table_name, useAsDefault FROM layer_styles ORDER BY f_table_name",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for layer in LayerName::ALL {
        assert!(
            text.contains(&format!("f_table_name (String) = {}", layer.as_str())),
            "{text}"
        );
    }
}

/// The KML document of `input`, parsed.
fn kml_of(input: &str, dir: &Path) -> (PathBuf, String) {
    let out = dir.join(format!("kml-{}", input.len()));
    extract(input, &out, "kml");
    let path = out.join("eventmap.kml");
    let text = std::fs::read_to_string(&path).expect("eventmap.kml");
    (path, text)
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(tag))
}

#[test]
fn kml_has_folders_styles_balloons_and_dates() {
    let dir = temp_dir();
    for (input, geojson) in geojson_runs(dir.path()) {
        let (_, text) = kml_of(input, dir.path());
        let doc = roxmltree::Document::parse(&text).expect("KML is XML");
        let root = doc.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.opengis.net/kml/2.2")
        );
        let document = child(root, "Document").expect("Document");
        let styles: Vec<&str> = document
            .children()
            .filter(|n| n.has_tag_name("Style"))
            .filter_map(|n| n.attribute("id"))
            .collect();
        let folders: Vec<_> = document
            .children()
            .filter(|n| n.has_tag_name("Folder"))
            .collect();
        let names: Vec<&str> = folders
            .iter()
            .filter_map(|f| child(*f, "name").and_then(|n| n.text()))
            .collect();
        assert_eq!(names, ["Places", "Incidents", "Infrastructure"], "{input}");
        for (layer, folder) in LayerName::ALL.into_iter().zip(&folders) {
            let layer_features = features(&geojson.join(format!("{}.geojson", layer.as_str())));
            let placed: Vec<_> = layer_features
                .iter()
                .filter(|f| !f["geometry"].is_null())
                .collect();
            let mut placemarks = 0;
            for category in folder.children().filter(|n| n.has_tag_name("Folder")) {
                let value = child(category, "name").and_then(|n| n.text()).unwrap();
                // A folder holds its category's placed features in the
                // layer's order (an event by its id, a mention by its span).
                let key = |id: Option<&str>, doc: &str, start: &str| match id {
                    Some(id) => id.to_string(),
                    None => format!("{doc}@{start}"),
                };
                let expected: Vec<String> = placed
                    .iter()
                    .map(|f| &f["properties"])
                    .filter(|p| p[layer.style_field()].as_str() == Some(value))
                    .map(|p| {
                        let start = p["start"].as_u64().map(|s| s.to_string());
                        key(
                            p["id"].as_str(),
                            p["doc"].as_str().unwrap(),
                            &start.unwrap_or_default(),
                        )
                    })
                    .collect();
                let mut found = Vec::new();
                for placemark in category.children().filter(|n| n.has_tag_name("Placemark")) {
                    placemarks += 1;
                    let style = child(placemark, "styleUrl").and_then(|n| n.text()).unwrap();
                    assert!(styles.contains(&&style[1..]), "{style} is defined");
                    let data: BTreeMap<&str, &str> = child(placemark, "ExtendedData")
                        .unwrap()
                        .children()
                        .filter(|n| n.has_tag_name("Data"))
                        .map(|d| {
                            let v = child(d, "value").and_then(|v| v.text()).unwrap_or("");
                            (d.attribute("name").unwrap(), v)
                        })
                        .collect();
                    assert_eq!(data.get(layer.style_field()), Some(&value), "{input}");
                    let start = data.get("start").copied().unwrap_or_default();
                    found.push(key(data.get("id").copied(), data["doc"], start));
                    let date = data.get("event_date").or(data.get("date"));
                    let stamp = child(placemark, "TimeStamp")
                        .and_then(|t| child(t, "when"))
                        .and_then(|w| w.text());
                    assert_eq!(stamp, date.copied(), "{input} TimeStamp");
                    let balloon = child(placemark, "description")
                        .and_then(|d| d.text())
                        .unwrap();
                    assert!(balloon.starts_with("<table>"), "{balloon}");
                    // The balloon is HTML whose text is escaped: markup in
                    // the evidence never becomes an element.
                    assert!(!balloon.contains("<b>"), "{balloon}");
                }
                assert_eq!(found, expected, "{input} {layer:?} {value}");
            }
            assert_eq!(placemarks, placed.len(), "{input} {layer:?}");
        }
        if input == DATED {
            assert!(
                text.contains("&amp;lt;b&amp;gt;bold"),
                "markup escaped twice"
            );
            assert!(text.contains("<TimeStamp><when>2023-04-11</when></TimeStamp>"));
        }
    }
}

#[test]
fn gdal_reads_every_kml_placemark() {
    if !have_ogrinfo() {
        return;
    }
    let dir = temp_dir();
    let (path, text) = kml_of(DATED, dir.path());
    let placemarks = text.matches("<Placemark>").count();
    let out = Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    let read: usize = listing
        .lines()
        .filter_map(|l| l.strip_prefix("Feature Count: "))
        .map(|n| n.trim().parse::<usize>().unwrap())
        .sum();
    assert!(placemarks > 5, "{placemarks}");
    assert_eq!(read, placemarks, "{listing}");
    assert!(
        listing.contains("killing"),
        "a folder per category: {listing}"
    );
}

/// The Python of Debian's QGIS (python3-qgis), when installed.
fn qgis_python() -> Option<&'static str> {
    let found = Command::new("/usr/bin/python3")
        .args(["-c", "import qgis.core"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("/usr/bin/python3");
    }
    assert!(
        std::env::var_os("EVENTMAP_REQUIRE_QGIS").is_none(),
        "QGIS's Python (python3-qgis) is required but not installed"
    );
    eprintln!("python3-qgis not installed: skipped");
    None
}

#[test]
fn qgis_opens_the_layers_with_the_map_legend() {
    let Some(python) = qgis_python() else {
        return;
    };
    let dir = temp_dir();
    let gpkg = gpkg_of(DATED, dir.path());
    let geojson = dir.path().join("geojson");
    extract(DATED, &geojson, "geojson");
    let mut sources = Vec::new();
    for layer in LayerName::ALL {
        sources.push((
            layer,
            format!("{}|layername={}", gpkg.display(), layer.as_str()),
        ));
        let path = geojson.join(format!("{}.geojson", layer.as_str()));
        sources.push((layer, path.display().to_string()));
    }
    // Qt wants a private runtime directory.
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let out = Command::new(python)
        .arg(repo_path("tests/integration/qgis_styles.py"))
        .args(sources.iter().map(|(_, s)| s))
        .env("QT_QPA_PLATFORM", "offscreen")
        .env("XDG_RUNTIME_DIR", &runtime)
        .output()
        .expect("run QGIS's Python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), sources.len(), "{stdout}");
    for ((layer, source), line) in sources.iter().zip(lines) {
        // valid, renderer, attribute, categories, colour of the first one
        let cols: Vec<&str> = line.split('\t').collect();
        let legend = eventmap::layer::style::legend(*layer);
        let want = [
            "true".to_string(),
            "categorizedSymbol".to_string(),
            layer.style_field().to_string(),
            (legend.len() + 1).to_string(),
            legend[0].hex(),
        ];
        assert_eq!(cols, want, "{source}");
    }
}

#[test]
fn readme_documents_every_schema_property() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let section = readme
        .split("## Output schema")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has an Output schema section");
    // The first cell of every table row: the property names it documents.
    let documented: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .flat_map(|cell| cell.split(", "))
        .map(|name| name.trim().trim_matches('`'))
        .collect();
    for layer in LayerName::ALL {
        for field in layer.fields() {
            assert!(
                documented.contains(&field.name),
                "README's Output schema lacks `{}` ({layer:?})",
                field.name
            );
        }
    }
}
