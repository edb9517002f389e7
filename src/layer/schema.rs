//! The fixed schema of each layer: every property's name and type, in
//! output order. This one table drives the GeoJSON type check, the
//! GeoPackage columns, the KML balloons and the QGIS styles, so a property
//! is added to every format by adding one line here (and the field to the
//! properties struct that serializes it: a test checks the two agree).
//!
//! | type | GeoJSON | GeoPackage (what GDAL/QGIS show) |
//! |---|---|---|
//! | `text` | string or null | `TEXT` (String) |
//! | `integer` | integer or null | `INTEGER` (Integer64) |
//! | `real` | number or null | `REAL` (Real) |
//! | `date` | `"YYYY-MM-DD"` string or null | `DATE` (Date) |
//! | `list` | array of strings (never null) | `TEXT` holding a JSON array (String) |

use serde_json::Value;

/// The type of a layer property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A string, or null.
    Text,
    /// A whole number, or null.
    Integer,
    /// A number, or null.
    Real,
    /// An ISO 8601 calendar date `YYYY-MM-DD`, or null.
    Date,
    /// An array of strings; `[]` when there is none.
    List,
    /// `true` or `false`.
    Bool,
}

impl FieldType {
    /// The name used in the documentation (`text`, `integer`...).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Real => "real",
            FieldType::Date => "date",
            FieldType::List => "list",
            FieldType::Bool => "boolean",
        }
    }

    /// The GeoPackage column type.
    pub fn sql_type(self) -> &'static str {
        match self {
            FieldType::Text | FieldType::List => "TEXT",
            FieldType::Integer => "INTEGER",
            FieldType::Real => "REAL",
            FieldType::Date => "DATE",
            FieldType::Bool => "BOOLEAN",
        }
    }

    /// Whether `value` is of this type (null counts for every type but
    /// `list`).
    pub fn accepts(self, value: &Value) -> bool {
        match (self, value) {
            (FieldType::List, Value::Array(items)) => items.iter().all(Value::is_string),
            (FieldType::List, _) => false,
            (_, Value::Null) => true,
            (FieldType::Text, Value::String(_)) => true,
            (FieldType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (FieldType::Real, Value::Number(_)) => true,
            (FieldType::Bool, Value::Bool(_)) => true,
            (FieldType::Date, Value::String(s)) => {
                crate::layer::events::iso_date(s).is_some_and(|d| d.len() == s.len())
            }
            _ => false,
        }
    }
}

/// One property of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The property (and column) name.
    pub name: &'static str,
    /// Its type.
    pub kind: FieldType,
}

const fn f(name: &'static str, kind: FieldType) -> Field {
    Field { name, kind }
}

use FieldType::{Bool, Date, Integer, List, Real, Text};

/// The places layer, in output order (see [`crate::layer::places`]).
pub const PLACES: &[Field] = &[
    f("doc", Text),
    f("date", Date),
    f("title", Text),
    f("source", Text),
    f("start", Integer),
    f("end", Integer),
    f("mention", Text),
    f("name", Text),
    f("place_id", Text),
    f("feature_code", Text),
    f("country", Text),
    f("admin1_code", Text),
    f("admin1", Text),
    f("admin2", Text),
    f("population", Integer),
    f("precision", Text),
    f("score", Real),
    f("method", Text),
    f("in_gazetteer", Bool),
    f("reasons", List),
    f("candidates", List),
];

/// The incidents and infrastructure layers, in output order (see
/// [`crate::layer::events`]).
pub const EVENTS: &[Field] = &[
    f("id", Text),
    f("doc", Text),
    f("category", Text),
    f("layer", Text),
    f("status", Text),
    f("event_date", Date),
    f("event_date_end", Date),
    f("date_precision", Text),
    f("date_text", Text),
    f("event_type", Text),
    f("sub_event_type", Text),
    f("country", Text),
    f("iso", Text),
    f("admin1", Text),
    f("admin2", Text),
    f("location", Text),
    f("latitude", Real),
    f("longitude", Real),
    f("geo_precision", Integer),
    f("fatalities", Integer),
    f("source", Text),
    f("title", Text),
    f("notes", Text),
    f("place_id", Text),
    f("mention_start", Integer),
    f("mention_end", Integer),
    f("link", Text),
    f("evidence", Text),
    f("evidence_start", Integer),
    f("evidence_end", Integer),
    f("cues", List),
    f("actors", List),
    f("score", Real),
    f("border_distance_km", Real),
    f("incident_id", Text),
    f("sources", List),
    f("source_count", Integer),
];

/// One of the three layers an extraction writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayerName {
    /// Place mentions.
    Places,
    /// Incidents.
    Incidents,
    /// Border infrastructure.
    Infrastructure,
}

impl LayerName {
    /// The three layers, in the order they are written.
    pub const ALL: [LayerName; 3] = [
        LayerName::Places,
        LayerName::Incidents,
        LayerName::Infrastructure,
    ];

    /// The layer's name: `places`, `incidents`, `infrastructure` (file
    /// stem, GeoPackage table, KML folder).
    pub fn as_str(self) -> &'static str {
        match self {
            LayerName::Places => "places",
            LayerName::Incidents => "incidents",
            LayerName::Infrastructure => "infrastructure",
        }
    }

    /// The layer's title for people (`Places`, `Incidents`, ...).
    pub fn title(self) -> &'static str {
        match self {
            LayerName::Places => "Places",
            LayerName::Incidents => "Incidents",
            LayerName::Infrastructure => "Infrastructure",
        }
    }

    /// The layer's properties, in output order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            LayerName::Places => PLACES,
            LayerName::Incidents | LayerName::Infrastructure => EVENTS,
        }
    }

    /// The property the layer's features are styled (coloured) by: the
    /// event category, or how precisely a place was resolved.
    pub fn style_field(self) -> &'static str {
        match self {
            LayerName::Places => "precision",
            LayerName::Incidents | LayerName::Infrastructure => "category",
        }
    }
}

/// The properties of `properties` that do not follow `layer`'s schema:
/// a missing or unknown name, or a value of the wrong type. Empty when the
/// feature conforms.
pub fn mismatches(layer: LayerName, properties: &serde_json::Map<String, Value>) -> Vec<String> {
    let fields = layer.fields();
    let mut problems = Vec::new();
    for name in properties.keys() {
        if !fields.iter().any(|f| f.name == name) {
            problems.push(format!("{name}: not in the schema"));
        }
    }
    for field in fields {
        match properties.get(field.name) {
            None => problems.push(format!("{}: missing", field.name)),
            Some(value) if !field.kind.accepts(value) => problems.push(format!(
                "{}: {value} is not {}",
                field.name,
                field.kind.as_str()
            )),
            Some(_) => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_accept_their_values_only() {
        let cases = [
            (Text, json!("a"), true),
            (Text, json!(null), true),
            (Text, json!(1), false),
            (Integer, json!(3), true),
            (Integer, json!(3.5), false),
            (Real, json!(3), true),
            (Real, json!("3"), false),
            (Date, json!("2020-01-31"), true),
            (Date, json!("2020-01-31T00:00:00Z"), false),
            (Date, json!("January"), false),
            (List, json!(["a", "b"]), true),
            (List, json!([]), true),
            (List, json!(null), false),
            (List, json!([1]), false),
        ];
        for (kind, value, want) in cases {
            assert_eq!(kind.accepts(&value), want, "{kind:?} {value}");
        }
    }

    #[test]
    fn names_are_unique_and_sql_safe() {
        for layer in LayerName::ALL {
            let mut names: Vec<_> = layer.fields().iter().map(|f| f.name).collect();
            assert!(names.iter().all(|n| {
                n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            }));
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), layer.fields().len(), "{layer:?}");
            assert!(names.contains(&layer.style_field()));
        }
    }
}
