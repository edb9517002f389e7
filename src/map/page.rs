//! The HTML of the map page: Leaflet, the base map, the layers and the
//! page script, all inlined into one file.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::MapOptions;
use super::basemap::basemap;
use super::layers::{LayerKind, MapLayers, drawn_position};
use super::stream::{RawFeature, for_each_feature};
use crate::gazetteer::Gazetteer;
use crate::{Error, Result};

const LEAFLET_JS: &str = include_str!("assets/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("assets/leaflet/leaflet.css");
const PAGE_JS: &str = include_str!("assets/map.js");
const PAGE_CSS: &str = include_str!("assets/map.css");

/// Feature positions keep 6 decimals (about 0.1 m): enough to keep distinct
/// points apart, short enough for 10,000 features.
const DECIMALS: i32 = 6;

/// Past this many features on one page the writer warns. Canvas markers
/// stay responsive to about 100,000 in Chromium and Firefox (the 10,000
/// feature page of the browser test loads in well under a second); beyond
/// that a browser takes tens of seconds and gigabytes, and a page over
/// about 500 MB cannot load at all (V8's longest string).
pub const LARGE_PAGE_FEATURES: usize = 100_000;

/// What [`write_page`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapSummary {
    /// Features read from the layers.
    pub features: usize,
    /// Features put on the page (all of them unless sampled).
    pub written: usize,
    /// Of those, features with a drawable Point.
    pub drawn: usize,
    /// One feature in `stride` was kept (1: all of them).
    pub stride: usize,
    /// Size of the page in bytes.
    pub bytes: u64,
}

impl MapSummary {
    /// A one-line warning when the page holds more features than a browser
    /// handles well ([`LARGE_PAGE_FEATURES`]), suggesting what to do instead.
    pub fn warning(&self) -> Option<String> {
        (self.written > LARGE_PAGE_FEATURES).then(|| {
            format!(
                "the map page holds {} features ({:.0} MB); browsers become slow past {} \
                 and cannot open a page over about 500 MB: write a sampled page \
                 (`eventmap map DIR --sample {}`), or load the layers in QGIS or as vector \
                 tiles (tippecanoe) under `--tiles`",
                self.written,
                self.bytes as f64 / 1e6,
                LARGE_PAGE_FEATURES,
                LARGE_PAGE_FEATURES
            )
        })
    }
}

/// One feature as it goes on the page.
struct PageFeature {
    position: Option<[f64; 2]>,
    properties: Map<String, Value>,
}

/// Where the page's features come from: calls the sink with each feature
/// of a layer, in order.
type Source<'a> =
    dyn FnMut(LayerKind, &mut dyn FnMut(PageFeature) -> Result<()>) -> Result<()> + 'a;

/// Writes the page for the layers in `dir` (each a FeatureCollection, or
/// where that is absent its `.geojsons` text sequence; a layer with neither
/// is empty) to `out`, streaming: features are read one at a time and
/// written through a fixed buffer, so memory does not grow with the layers.
/// `out_name` names the destination in errors.
///
/// With [`MapOptions::sample`] set, the layers are read twice: once to count
/// the features, then to keep one in every `ceil(count / sample)`.
///
/// # Errors
///
/// [`Error::Io`] when `dir` is not a directory or a file cannot be read or
/// written, [`Error::Parse`] (file and line) when a layer is not GeoJSON.
pub fn write_page(
    dir: &Path,
    out: &mut dyn Write,
    out_name: &Path,
    options: &MapOptions,
) -> Result<MapSummary> {
    if !dir.is_dir() {
        let source = std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a directory of map layers",
        );
        return Err(Error::io(dir, source));
    }
    let mut source = |kind: LayerKind, sink: &mut dyn FnMut(PageFeature) -> Result<()>| {
        let path = dir.join(kind.file_name());
        let mut each = |raw: RawFeature| {
            sink(PageFeature {
                position: raw.geometry.as_ref().and_then(|g| g.point()),
                properties: raw.properties.unwrap_or_default().0,
            })
        };
        if !for_each_feature(&path, false, &mut each)? {
            for_each_feature(&path.with_extension("geojsons"), true, &mut each)?;
        }
        Ok(())
    };
    write_from(&mut source, out, out_name, options)
}

/// Renders in-memory `layers` into a self-contained HTML page (Leaflet, base
/// map and data inlined; no network needed unless [`MapOptions::tiles`] is
/// set). [`write_page`] does the same from files without holding them.
///
/// The page exposes `window.eventmap` for tests and scripts: `ready`,
/// `markerCount[id]` (drawn features per layer), `unlocatedCount[id]`
/// (features without a drawable Point), `drawnCount(id)` (markers of the
/// layer currently on the map), `markerPoint(id, i)` (container pixel of
/// the i-th marker), `loadMs`, `map` and `layers[id]`, where `id` is
/// `places`, `incidents` or `infrastructure`; and for the controls
/// `setLanguage(lang)`, `setDates(from, to)`, `setCategory(key, shown)`,
/// `tableRows()` and `openRow(i)`.
pub fn render_map(layers: &MapLayers, options: &MapOptions) -> String {
    let mut source = |kind: LayerKind, sink: &mut dyn FnMut(PageFeature) -> Result<()>| {
        for feature in &layers.get(kind).features {
            sink(PageFeature {
                position: drawn_position(feature.geometry.as_ref()),
                properties: feature.properties.clone().unwrap_or_default(),
            })?;
        }
        Ok(())
    };
    let mut page = Vec::with_capacity(LEAFLET_JS.len() + 1024 * 1024);
    write_from(&mut source, &mut page, Path::new("<memory>"), options)
        .expect("writing to memory cannot fail and in-memory layers are parsed");
    String::from_utf8(page).expect("the page is UTF-8")
}

/// A writer that counts bytes and names its destination in errors.
struct Counted<'a> {
    out: &'a mut dyn Write,
    name: &'a Path,
    bytes: u64,
}

impl Counted<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.bytes += bytes.len() as u64;
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(self.name, e))
    }

    fn text(&mut self, text: &str) -> Result<()> {
        self.put(text.as_bytes())
    }

    /// `value` as JSON safe inside a `<script>` element: every `<`, `>` and
    /// `&` (so no `</script>` or `<!--` can end or change the element) and
    /// the line separators U+2028/U+2029 become `\uXXXX` escapes. JSON has
    /// these characters only inside strings, where the escapes mean the same.
    fn json(&mut self, value: &impl serde::Serialize, scratch: &mut Vec<u8>) -> Result<()> {
        scratch.clear();
        serde_json::to_writer(&mut *scratch, value).expect("JSON values serialize");
        let mut start = 0;
        for (i, &b) in scratch.iter().enumerate() {
            let escape: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
                0xA8 | 0xA9 if i >= 2 && scratch[i - 2] == 0xE2 && scratch[i - 1] == 0x80 => {
                    self.put(&scratch[start..i - 2])?;
                    self.text(if b == 0xA8 { "\\u2028" } else { "\\u2029" })?;
                    start = i + 1;
                    continue;
                }
                _ => continue,
            };
            self.put(&scratch[start..i])?;
            self.put(escape)?;
            start = i + 1;
        }
        let tail = scratch.len();
        self.put(&scratch[start..tail])
    }
}

fn write_from(
    source: &mut Source<'_>,
    out: &mut dyn Write,
    out_name: &Path,
    options: &MapOptions,
) -> Result<MapSummary> {
    let mut summary = MapSummary {
        stride: 1,
        ..Default::default()
    };
    if let Some(limit) = options.sample {
        let mut total = 0usize;
        for kind in LayerKind::ALL {
            source(kind, &mut |_| {
                total += 1;
                Ok(())
            })?;
        }
        summary.stride = total.div_ceil(limit.max(1)).max(1);
    }
    let mut out = Counted {
        out,
        name: out_name,
        bytes: 0,
    };
    let img_src = if options.tiles.is_some() {
        "data: http: https:"
    } else {
        "data:"
    };
    let title = html_text(&options.title);
    out.text("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    out.text("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    // Everything is inline: the policy makes any stray fetch a visible error
    // instead of a silent dependency on the network.
    out.text(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src {img_src}\">\n"
    ))?;
    out.text(&format!(
        "<meta name=\"generator\" content=\"eventmap {}\">\n<title>{title}</title>\n",
        env!("CARGO_PKG_VERSION")
    ))?;
    out.text("<style>\n")?;
    out.text(LEAFLET_CSS)?;
    out.text("\n</style>\n<style>\n")?;
    out.text(PAGE_CSS)?;
    out.text("\n</style>\n</head>\n<body>\n")?;
    out.text(&format!(
        "<div id=\"map\" role=\"application\" aria-label=\"{title}\"></div>\n"
    ))?;
    out.text("<script>\n")?;
    out.text(without_source_map(LEAFLET_JS))?;
    out.text("\n</script>\n<script id=\"eventmap-data\" type=\"application/json\">")?;

    let mut scratch = Vec::with_capacity(64 * 1024);
    out.text("{\"title\":")?;
    out.json(&options.title, &mut scratch)?;
    out.text(",\"tiles\":")?;
    out.json(&options.tiles, &mut scratch)?;
    out.text(",\"basemap\":")?;
    out.json(basemap(), &mut scratch)?;
    out.text(",\"layers\":[")?;
    let gazetteer = Gazetteer::embedded();
    for (k, kind) in LayerKind::ALL.into_iter().enumerate() {
        if k > 0 {
            out.text(",")?;
        }
        out.text("{\"id\":")?;
        out.json(&kind.id(), &mut scratch)?;
        out.text(",\"label\":")?;
        out.json(&kind.label(), &mut scratch)?;
        out.text(",\"features\":[")?;
        let mut index = 0usize;
        let mut first = true;
        source(kind, &mut |feature| {
            summary.features += 1;
            let keep = index % summary.stride == 0;
            index += 1;
            if !keep {
                return Ok(());
            }
            summary.written += 1;
            summary.drawn += usize::from(feature.position.is_some());
            if !first {
                out.text(",")?;
            }
            first = false;
            out.json(&page_feature(kind, feature, gazetteer), &mut scratch)
        })?;
        out.text("]}")?;
    }
    out.text("],\"stride\":")?;
    out.json(&summary.stride, &mut scratch)?;
    out.text("}</script>\n<script>\n")?;
    out.text(PAGE_JS)?;
    out.text("\n</script>\n</body>\n</html>\n")?;
    out.out.flush().map_err(|e| Error::io(out_name, e))?;
    summary.bytes = out.bytes;
    Ok(summary)
}

/// The page's view of one feature: `{c, p}` where `c` is `[lon, lat]` or
/// null (not drawn) and `p` the properties the page uses, plus `ko`, the
/// Korean name of its place where the bundled gazetteer has one.
fn page_feature(kind: LayerKind, feature: PageFeature, gazetteer: &Gazetteer) -> Value {
    let position = feature.position.map(|[lon, lat]| {
        let scale = 10f64.powi(DECIMALS);
        json!([(lon * scale).round() / scale, (lat * scale).round() / scale])
    });
    let mut all = feature.properties;
    let korean = all
        .get("place_id")
        .and_then(Value::as_str)
        .and_then(|id| korean_name(gazetteer, id));
    let mut properties: Map<String, Value> = kind
        .page_properties()
        .iter()
        .filter_map(|&key| Some((key.to_owned(), all.remove(key)?)))
        .collect();
    if let Some(name) = korean {
        properties.insert("ko".to_owned(), Value::from(name));
    }
    json!({ "c": position, "p": properties })
}

/// The Korean name of place `id` in the gazetteer, if it has one: the Hangul
/// name that starts most of its other Hangul names, then the shortest (평양
/// rather than 평양직할시, 서울 rather than the historical 경성).
pub(crate) fn korean_name(gazetteer: &Gazetteer, id: &str) -> Option<String> {
    let place = gazetteer.place(gazetteer.by_id(id)?);
    let korean: Vec<&str> = place
        .names
        .iter()
        .filter(|n| n.lang == "ko" && n.text.chars().any(crate::normalize::is_hangul_syllable))
        .map(|n| n.text.as_str())
        .collect();
    let starts = |name: &str| korean.iter().filter(|k| k.starts_with(name)).count();
    korean
        .iter()
        .max_by_key(|k| (starts(k), std::cmp::Reverse(k.chars().count())))
        .map(|k| (*k).to_owned())
}

/// Escapes text for HTML content and attribute values.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Harmless in HTML, but kept out so no raw separator is in the file.
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("&#x{:x};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Drops the trailing `//# sourceMappingURL=` comment: the map file is not
/// shipped, and a browser's developer tools would try to fetch it.
fn without_source_map(script: &str) -> &str {
    let trimmed = script.trim_end();
    match trimmed.rfind('\n') {
        Some(i) if trimmed[i + 1..].starts_with("//# sourceMappingURL=") => &trimmed[..i],
        _ => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geojson::{Feature, FeatureCollection, Geometry, GeometryValue};

    fn feature(position: Option<[f64; 2]>, properties: Value) -> Feature {
        Feature {
            geometry: position.map(|p| Geometry::from(GeometryValue::new_point(p))),
            properties: properties.as_object().cloned(),
            ..Default::default()
        }
    }

    fn collection(features: Vec<Feature>) -> FeatureCollection {
        FeatureCollection {
            features,
            ..Default::default()
        }
    }

    /// The JSON inside the data element, decoded.
    fn page_data(page: &str) -> Value {
        let start_tag = "<script id=\"eventmap-data\" type=\"application/json\">";
        let start = page.find(start_tag).expect("data element") + start_tag.len();
        let end = start
            + page[start..]
                .find("</script>")
                .expect("end of data element");
        serde_json::from_str(&page[start..end]).expect("data is JSON")
    }

    fn options(title: &str, tiles: Option<&str>) -> MapOptions {
        MapOptions {
            title: title.to_owned(),
            tiles: tiles.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn escapes_inlined_text() {
        // (name, hostile evidence text)
        let cases = [
            ("script end tag", "a </script><script>alert(1)</script> b"),
            ("upper-case end tag", "x </SCRIPT > y"),
            ("comment opener", "<!-- <script> -->"),
            ("line separators", "one\u{2028}two\u{2029}three"),
            ("ampersand and quotes", "Tom & \"Jerry\" 'x'"),
        ];
        for (name, evidence) in cases {
            let layers = MapLayers {
                incidents: collection(vec![feature(
                    Some([129.0, 42.0]),
                    json!({"category": "death", "evidence": evidence}),
                )]),
                ..Default::default()
            };
            let page = render_map(&layers, &options(evidence, None));
            let data = page_data(&page);
            assert_eq!(
                data["layers"][2]["features"][0]["p"]["evidence"], evidence,
                "{name}: evidence survives the round trip"
            );
            assert_eq!(data["title"], evidence, "{name}: title in data");
            // Only the page's own three script elements open or close.
            let lower = page.to_lowercase();
            assert_eq!(lower.matches("<script").count(), 3, "{name}");
            assert_eq!(lower.matches("</script").count(), 3, "{name}");
            assert!(
                !page.contains('\u{2028}') && !page.contains('\u{2029}'),
                "{name}"
            );
            assert!(!page.contains("<!--"), "{name}");
            let title = &page[page.find("<title>").unwrap() + 7..page.find("</title>").unwrap()];
            assert!(!title.contains(['<', '>', '"', '\'']), "{name}: {title}");
        }
    }

    #[test]
    fn inlines_each_layer_with_its_positions() {
        let layers = MapLayers {
            places: collection(vec![feature(
                Some([125.7543, 39.0339]),
                json!({"name": "Pyongyang", "mention": "Pyongyang", "reasons": ["long"], "start": 3}),
            )]),
            incidents: collection(vec![
                feature(
                    Some([128.1777771, 41.3955555]),
                    json!({"category": "arrest", "doc": "a.txt", "mention_start": 5}),
                ),
                feature(None, json!({"category": "smuggling"})),
            ]),
            infrastructure: collection(vec![feature(
                Some([129.0, 42.5]),
                json!({"category": "electrified_fence"}),
            )]),
        };
        let data = page_data(&render_map(&layers, &options("Map", None)));
        let ids: Vec<&str> = data["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["places", "infrastructure", "incidents"]);
        // (layer index, feature index, expected position, property kept, property dropped)
        let cases = [
            (0, 0, json!([125.7543, 39.0339]), "name", "reasons"),
            (2, 0, json!([128.177777, 41.395556]), "doc", "mention_start"),
            (2, 1, Value::Null, "category", "evidence"),
            (1, 0, json!([129.0, 42.5]), "category", "doc"),
        ];
        for (layer, index, position, kept, dropped) in cases {
            let f = &data["layers"][layer]["features"][index];
            assert_eq!(f["c"], position, "layer {layer} feature {index}");
            assert!(f["p"].get(kept).is_some(), "{kept} kept: {f}");
            assert!(f["p"].get(dropped).is_none(), "{dropped} dropped: {f}");
        }
    }

    #[test]
    fn empty_layers_still_make_a_page() {
        let page = render_map(&MapLayers::default(), &options("Empty", None));
        let data = page_data(&page);
        for layer in data["layers"].as_array().unwrap() {
            assert_eq!(layer["features"], json!([]), "{layer}");
        }
        assert!(
            data["basemap"]["countries"]["features"]
                .as_array()
                .unwrap()
                .len()
                > 3
        );
        assert_eq!(data["tiles"], Value::Null);
        assert!(page.contains("img-src data:\""), "offline policy");
        assert!(page.contains("t.version=\"1.9.4\""), "Leaflet inlined");
    }

    #[test]
    fn tiles_are_passed_to_the_page_and_allowed() {
        let url = "https://tile.example.org/{z}/{x}/{y}.png";
        let page = render_map(&MapLayers::default(), &options("T", Some(url)));
        assert_eq!(page_data(&page)["tiles"], url);
        assert!(page.contains("img-src data: http: https:"));
    }

    /// Writes layer files into a temp dir and the page for them; returns the page's data.
    fn streamed(files: &[(&str, String)], options: &MapOptions) -> (Value, MapSummary) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut page = Vec::new();
        let summary = write_page(dir.path(), &mut page, Path::new("map.html"), options).unwrap();
        assert_eq!(summary.bytes, page.len() as u64);
        (page_data(&String::from_utf8(page).unwrap()), summary)
    }

    fn feature_text(i: usize, place_id: &str) -> String {
        format!(
            r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[129.0,42.{i}]}},"properties":{{"category":"arrest","place_id":"{place_id}","event_date":"2024-01-0{}","mention_start":1}}}}"#,
            i % 9 + 1
        )
    }

    #[test]
    fn streams_collections_and_sequences_from_disk() {
        let features: Vec<String> = (0..5)
            .map(|i| feature_text(i, "geonames:2043837"))
            .collect();
        let collection = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",\n")
        );
        let sequence: String = features[..2].iter().map(|f| format!("\x1e{f}\n")).collect();
        let (data, summary) = streamed(
            &[
                ("incidents.geojson", collection),
                ("infrastructure.geojsons", sequence),
            ],
            &MapOptions::default(),
        );
        assert_eq!(
            (summary.features, summary.written, summary.drawn),
            (7, 7, 7)
        );
        assert_eq!(data["layers"][2]["features"].as_array().unwrap().len(), 5);
        assert_eq!(data["layers"][1]["features"].as_array().unwrap().len(), 2);
        let p = &data["layers"][2]["features"][0]["p"];
        assert_eq!(p["ko"], "혜산", "Korean name from the gazetteer: {p}");
        assert_eq!(p["event_date"], "2024-01-01");
        assert!(p.get("mention_start").is_none(), "{p}");
        assert_eq!(data["stride"], 1);
        assert!(summary.warning().is_none());
    }

    #[test]
    fn samples_every_layer_evenly() {
        let features: Vec<String> = (0..10).map(|i| feature_text(i, "x:1")).collect();
        let collection = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let options = MapOptions {
            sample: Some(4),
            ..Default::default()
        };
        let (data, summary) = streamed(&[("incidents.geojson", collection)], &options);
        // ceil(10 / 4) = 3: features 0, 3, 6 and 9.
        assert_eq!(
            (summary.features, summary.stride, summary.written),
            (10, 3, 4)
        );
        assert_eq!(data["stride"], 3);
        let kept = data["layers"][2]["features"].as_array().unwrap();
        assert_eq!(kept[1]["c"], json!([129.0, 42.3]));
        assert!(
            kept[0]["p"].get("ko").is_none(),
            "no Korean name for an unknown id"
        );
    }

    #[test]
    fn a_large_page_warns_with_what_to_do() {
        let summary = MapSummary {
            features: 250_000,
            written: 250_000,
            drawn: 250_000,
            stride: 1,
            bytes: 120_000_000,
        };
        let warning = summary.warning().unwrap();
        assert!(warning.contains("250000 features (120 MB)"), "{warning}");
        assert!(warning.contains("--sample"), "{warning}");
    }

    #[test]
    fn bundled_scripts_cannot_end_their_elements() {
        for (name, text, end) in [
            ("leaflet.js", LEAFLET_JS, "</script"),
            ("map.js", PAGE_JS, "</script"),
            ("leaflet.css", LEAFLET_CSS, "</style"),
            ("map.css", PAGE_CSS, "</style"),
        ] {
            assert!(!text.to_lowercase().contains(end), "{name}");
        }
        assert!(!without_source_map(LEAFLET_JS).contains("sourceMappingURL"));
        assert!(without_source_map(LEAFLET_JS).ends_with("window.L=t});"));
    }
}
