//! Layer styles for GIS programs: the map page's legend (colour and marker
//! size per category or place precision) as a QGIS style (`.qml`), stored
//! beside GeoJSON layers and in a GeoPackage's `layer_styles` table, and as
//! KML colours.
//!
//! The colours are read from the map page's script (`src/map/assets/map.js`,
//! its `STYLES` and `PRECISION` tables) when eventmap is compiled, so the
//! page, QGIS and Google Earth show one legend.

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::schema::LayerName;

/// The map page's script, which holds the legend.
const MAP_SCRIPT: &str = include_str!("../map/assets/map.js");

/// How one category (or place precision) is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Swatch {
    /// The value of the layer's style field (`death`, `county`...).
    pub value: String,
    /// Fill colour, `[red, green, blue]`.
    pub rgb: [u8; 3],
    /// Marker radius in pixels.
    pub radius: f64,
}

impl Swatch {
    /// The label shown in a legend: the value with spaces (`guard post`).
    pub fn label(&self) -> String {
        self.value.replace('_', " ")
    }

    /// The colour as `#rrggbb`.
    pub fn hex(&self) -> String {
        let [r, g, b] = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// The legend of the map page's script: every `name: ['#rrggbb', radius]`
/// entry of its `var STYLES = {...}` and `var PRECISION = {...}` tables.
fn parse_table(script: &str, table: &str) -> Vec<Swatch> {
    let Some(start) = script.find(&format!("var {table} = {{")) else {
        return Vec::new();
    };
    let body = &script[start..];
    let body = &body[..body.find("};").unwrap_or(body.len())];
    let mut swatches = Vec::new();
    for entry in body.split("],") {
        let Some((name, rest)) = entry.split_once(": ['#") else {
            continue;
        };
        let name = name
            .rsplit(|c: char| c == '{' || c == ',' || c.is_whitespace())
            .next()
            .unwrap_or_default();
        let hex = rest.get(..6).unwrap_or_default();
        let radius = rest
            .split_once(',')
            .map(|(_, r)| r.trim().trim_end_matches(['}', ']', ' ', '\n']).trim())
            .and_then(|r| r.parse::<f64>().ok());
        let rgb = u32::from_str_radix(hex, 16).ok();
        if let (Some(rgb), Some(radius)) = (rgb, radius)
            && !name.is_empty()
        {
            swatches.push(Swatch {
                value: name.to_string(),
                rgb: [(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8],
                radius,
            });
        }
    }
    swatches
}

/// The legend of `layer`, in the map page's order: event categories of the
/// layer, or place precisions.
pub fn legend(layer: LayerName) -> &'static [Swatch] {
    static LEGENDS: OnceLock<[Vec<Swatch>; 3]> = OnceLock::new();
    let legends = LEGENDS.get_or_init(|| {
        let events = parse_table(MAP_SCRIPT, "STYLES");
        let of_layer = |wanted: crate::classify::Layer| {
            events
                .iter()
                .filter(|s| {
                    s.value
                        .parse::<crate::classify::Category>()
                        .is_ok_and(|c| c.layer() == wanted)
                })
                .cloned()
                .collect()
        };
        [
            parse_table(MAP_SCRIPT, "PRECISION"),
            of_layer(crate::classify::Layer::Incident),
            of_layer(crate::classify::Layer::Infrastructure),
        ]
    });
    &legends[layer as usize]
}

/// The swatch of `value` in `layer`'s legend, if it has one.
pub fn swatch(layer: LayerName, value: &str) -> Option<&'static Swatch> {
    legend(layer).iter().find(|s| s.value == value)
}

/// Escapes `&`, `<`, `>`, `"` and `'` for XML text and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A marker symbol of the QML renderer.
fn qml_symbol(out: &mut String, name: &str, rgb: [u8; 3], radius: f64) {
    let [r, g, b] = rgb;
    let option = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(
            out,
            "          <Option type=\"QString\" name=\"{key}\" value=\"{value}\"/>"
        );
    };
    let _ = writeln!(
        out,
        "      <symbol type=\"marker\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n        <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n          <Option type=\"Map\">"
    );
    option(out, "name", "circle");
    option(out, "color", &format!("{r},{g},{b},230"));
    option(out, "outline_color", "255,255,255,255");
    option(out, "outline_style", "solid");
    option(out, "outline_width", "1");
    option(out, "outline_width_unit", "Pixel");
    option(out, "size", &format!("{}", radius * 2.0));
    option(out, "size_unit", "Pixel");
    let _ = writeln!(
        out,
        "          </Option>\n        </layer>\n      </symbol>"
    );
}

/// The QGIS style (QML) of `layer`: a categorized renderer on the layer's
/// style field with the map page's colours and marker sizes; values not in
/// the legend are drawn grey.
pub fn qml(layer: LayerName) -> String {
    let legend = legend(layer);
    let mut out = String::new();
    out.push_str("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
    out.push_str("<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n");
    let _ = writeln!(
        out,
        "  <renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">",
        layer.style_field()
    );
    out.push_str("    <categories>\n");
    for (i, s) in legend.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <category value=\"{}\" symbol=\"{i}\" label=\"{}\" render=\"true\"/>",
            xml_escape(&s.value),
            xml_escape(&s.label())
        );
    }
    // The catch-all category (empty value) for anything else.
    let _ = writeln!(
        out,
        "      <category value=\"\" symbol=\"{}\" label=\"other\" render=\"true\"/>",
        legend.len()
    );
    out.push_str("    </categories>\n    <symbols>\n");
    for (i, s) in legend.iter().enumerate() {
        qml_symbol(&mut out, &i.to_string(), s.rgb, s.radius);
    }
    qml_symbol(&mut out, &legend.len().to_string(), [136, 136, 136], 4.0);
    out.push_str("    </symbols>\n    <source-symbol>\n");
    qml_symbol(&mut out, "0", [136, 136, 136], 4.0);
    out.push_str("    </source-symbol>\n  </renderer-v2>\n</qgis>\n");
    out
}

/// A KML colour (`aabbggrr`) of a swatch.
pub fn kml_color(rgb: [u8; 3]) -> String {
    let [r, g, b] = rgb;
    format!("ff{b:02x}{g:02x}{r:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Category;

    #[test]
    fn every_category_and_precision_has_the_page_colour() {
        for category in Category::ALL {
            let layer = match category.layer() {
                crate::classify::Layer::Incident => LayerName::Incidents,
                crate::classify::Layer::Infrastructure => LayerName::Infrastructure,
            };
            assert!(swatch(layer, category.as_str()).is_some(), "{category}");
        }
        for precision in ["country", "province", "county", "city", "point"] {
            assert!(
                swatch(LayerName::Places, precision).is_some(),
                "{precision}"
            );
        }
        let death = swatch(LayerName::Incidents, "death").unwrap();
        assert_eq!((death.hex().as_str(), death.radius), ("#d7191c", 9.0));
        assert_eq!(kml_color(death.rgb), "ff1c19d7");
    }

    #[test]
    fn qml_lists_every_legend_entry() {
        for layer in LayerName::ALL {
            let qml = qml(layer);
            assert!(qml.contains(&format!("attr=\"{}\"", layer.style_field())));
            for s in legend(layer) {
                assert!(qml.contains(&format!("value=\"{}\"", s.value)), "{layer:?}");
            }
            assert_eq!(
                qml.matches("<symbol ").count(),
                legend(layer).len() + 2,
                "{layer:?}"
            );
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            xml_escape("<b>\"A&B\"</b>\u{1}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;\u{FFFD}"
        );
    }
}
