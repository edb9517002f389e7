//! The HTML of the map page: Leaflet, the base map, the layers and the
//! page script, all inlined into one file.

use serde_json::{Map, Value, json};

use super::MapOptions;
use super::basemap::basemap;
use super::layers::{LayerKind, MapLayers, drawn_position};

const LEAFLET_JS: &str = include_str!("assets/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("assets/leaflet/leaflet.css");
const PAGE_JS: &str = include_str!("assets/map.js");
const PAGE_CSS: &str = include_str!("assets/map.css");

/// Feature positions keep 6 decimals (about 0.1 m): enough to keep distinct
/// points apart, short enough for 10,000 features.
const DECIMALS: i32 = 6;

/// Renders `layers` into a self-contained HTML page (Leaflet, base map and
/// data inlined; no network needed unless [`MapOptions::tiles`] is set).
///
/// The page exposes `window.eventmap` for tests and scripts: `ready`,
/// `markerCount[id]` (drawn features per layer), `unlocatedCount[id]`
/// (features without a drawable Point), `drawnCount(id)` (markers of the
/// layer currently on the map), `markerPoint(id, i)` (container pixel of
/// the i-th marker), `loadMs`, `map` and `layers[id]`, where `id` is
/// `places`, `incidents` or `infrastructure`.
pub fn render_map(layers: &MapLayers, options: &MapOptions) -> String {
    let data = json!({
        "title": options.title,
        "tiles": options.tiles,
        "basemap": basemap(),
        "layers": LayerKind::ALL.iter().map(|&kind| page_layer(layers, kind)).collect::<Vec<_>>(),
    });
    let img_src = if options.tiles.is_some() {
        "data: http: https:"
    } else {
        "data:"
    };
    let title = html_text(&options.title);
    let mut page = String::with_capacity(LEAFLET_JS.len() + 64 * 1024);
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Everything is inline: the policy makes any stray fetch a visible error
    // instead of a silent dependency on the network.
    page.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src {img_src}\">\n"
    ));
    page.push_str(&format!(
        "<meta name=\"generator\" content=\"eventmap {}\">\n<title>{title}</title>\n",
        env!("CARGO_PKG_VERSION")
    ));
    page.push_str("<style>\n");
    page.push_str(LEAFLET_CSS);
    page.push_str("\n</style>\n<style>\n");
    page.push_str(PAGE_CSS);
    page.push_str("\n</style>\n</head>\n<body>\n");
    page.push_str(&format!(
        "<div id=\"map\" role=\"application\" aria-label=\"{title}\"></div>\n"
    ));
    page.push_str("<script>\n");
    page.push_str(without_source_map(LEAFLET_JS));
    page.push_str("\n</script>\n<script id=\"eventmap-data\" type=\"application/json\">");
    page.push_str(&script_json(&data));
    page.push_str("</script>\n<script>\n");
    page.push_str(PAGE_JS);
    page.push_str("\n</script>\n</body>\n</html>\n");
    page
}

/// The page's view of one layer: `{id, label, features: [{c, p}]}` where `c`
/// is `[lon, lat]` or null (not drawn) and `p` the properties the page uses.
fn page_layer(layers: &MapLayers, kind: LayerKind) -> Value {
    let features: Vec<Value> = layers
        .get(kind)
        .features
        .iter()
        .map(|feature| {
            let position = drawn_position(feature.geometry.as_ref()).map(|[lon, lat]| {
                let scale = 10f64.powi(DECIMALS);
                json!([(lon * scale).round() / scale, (lat * scale).round() / scale])
            });
            let properties: Map<String, Value> = kind
                .page_properties()
                .iter()
                .filter_map(|&key| Some((key.to_owned(), feature.property(key)?.clone())))
                .collect();
            json!({ "c": position, "p": properties })
        })
        .collect();
    json!({ "id": kind.id(), "label": kind.label(), "features": features })
}

/// Serializes `value` for a `<script>` element: every `<`, `>` and `&` (so
/// no `</script>` or `<!--` can end or change the element) and the line
/// separators U+2028/U+2029 become `\uXXXX` escapes. JSON has these
/// characters only inside strings, where the escapes mean the same.
pub(crate) fn script_json(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
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
