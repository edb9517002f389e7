//! JSON objects to [`Document`]s: the fields, their types, and what is wrong
//! when they are not as documented in [`super`].

use serde_json::{Map, Value};

use super::Document;
use crate::error::escape_for_message;

/// How many characters of an offending value a message echoes.
const ECHO_CHARS: usize = 60;

/// Parses one JSON Lines line into a document, or says what is wrong with it.
pub(super) fn document_from_line(line: &str) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| json_error_message(&e, false))?;
    document_from_value(value)
}

/// Turns a parsed JSON value into a document, or says what is wrong with it.
pub(super) fn document_from_value(value: Value) -> Result<Document, String> {
    let mut object = match value {
        Value::Object(object) => object,
        Value::Array(_) => {
            return Err(
                "expected a JSON object, found an array (write one object per line: JSON Lines)"
                    .to_string(),
            );
        }
        other => return Err(format!("expected a JSON object, found {}", kind(&other))),
    };
    let id = match object.remove("id") {
        None | Some(Value::Null) => return Err("missing required field \"id\"".to_string()),
        Some(Value::String(id)) if id.trim().is_empty() => {
            return Err("field \"id\" is empty".to_string());
        }
        Some(Value::String(id)) => id,
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(other) => {
            return Err(format!(
                "field \"id\" must be a string or an integer, found {}",
                kind(&other)
            ));
        }
    };
    let text = match object.remove("text") {
        None | Some(Value::Null) => return Err("missing required field \"text\"".to_string()),
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(format!(
                "field \"text\" must be a string, found {}",
                kind(&other)
            ));
        }
    };
    let date = optional_string(&mut object, "date")?;
    if let Some(date) = &date
        && !is_iso_date(date)
    {
        return Err(format!(
            "field \"date\" is not an ISO 8601 date (YYYY-MM-DD, optionally followed by a time): \"{}\"",
            escape_for_message(date, ECHO_CHARS)
        ));
    }
    let title = optional_string(&mut object, "title")?;
    let source = match optional_string(&mut object, "source")? {
        Some(source) => Some(source),
        None => optional_string(&mut object, "url")?,
    };
    Ok(Document {
        id,
        text,
        date,
        title,
        source,
    })
}

/// An optional string field: absent, `null` and blank strings are `None`.
fn optional_string(object: &mut Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match object.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "field \"{field}\" must be a string, found {}",
            kind(&other)
        )),
    }
}

/// A loose ISO 8601 check: a valid-looking `YYYY-MM-DD` calendar date,
/// optionally followed by `T` or a space and anything (a time, an offset).
/// The date is carried as written; nothing downstream parses the time.
pub(super) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(_year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}

/// serde_json's message without its " at line L column C" suffix, with the
/// column (which is what locates the problem within one JSON Lines line) or
/// the whole position (`with_line`, for a multi-line document).
pub(super) fn json_error_message(e: &serde_json::Error, with_line: bool) -> String {
    let mut message = e.to_string();
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    if with_line {
        format!(
            "invalid JSON: {message} (line {} column {})",
            e.line(),
            e.column()
        )
    } else {
        format!("invalid JSON: {message} (column {})", e.column())
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a non-integer number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        let cases = [
            ("2024-03-05", true),
            ("2024-03-05T12:00:00Z", true),
            ("2024-03-05 12:00", true),
            ("2024-12-31T23:59:59+09:00", true),
            ("2024-13-05", false),
            ("2024-00-05", false),
            ("2024-03-32", false),
            ("2024-3-5", false),
            ("05/03/2024", false),
            ("2024-03-05x", false),
            ("March 5, 2024", false),
            ("", false),
        ];
        for (date, want) in cases {
            assert_eq!(is_iso_date(date), want, "{date:?}");
        }
    }

    #[test]
    fn lines_to_documents() {
        /// The fields of a good line (its text is always "t").
        struct Fields {
            id: &'static str,
            date: Option<&'static str>,
            title: Option<&'static str>,
            source: Option<&'static str>,
        }
        const fn ok(
            id: &'static str,
            date: Option<&'static str>,
            title: Option<&'static str>,
            source: Option<&'static str>,
        ) -> Result<Fields, &'static str> {
            Ok(Fields {
                id,
                date,
                title,
                source,
            })
        }
        struct Case {
            line: &'static str,
            want: Result<Fields, &'static str>,
        }
        let cases = [
            Case {
                line: r#"{"id":"a","text":"t"}"#,
                want: ok("a", None, None, None),
            },
            Case {
                line: r#"{"id":42,"text":"t"}"#,
                want: ok("42", None, None, None),
            },
            Case {
                line: r#"{"id":-7,"text":"t"}"#,
                want: ok("-7", None, None, None),
            },
            Case {
                line: r#"{"id":"b","text":"t","date":"2023-07-01","title":"T","source":"S","url":"U"}"#,
                want: ok("b", Some("2023-07-01"), Some("T"), Some("S")),
            },
            Case {
                line: r#"{"id":"c","text":"t","url":"https://example.org/x"}"#,
                want: ok("c", None, None, Some("https://example.org/x")),
            },
            Case {
                line: r#"{"id":"d","text":"t","date":null,"title":"  ","extra":[1]}"#,
                want: ok("d", None, None, None),
            },
            Case {
                line: r#"{"id":"a","text":"t""#,
                want: Err("invalid JSON: EOF while parsing an object (column 20)"),
            },
            Case {
                line: "not json",
                want: Err("invalid JSON: expected ident (column 2)"),
            },
            Case {
                line: r#"["a","t"]"#,
                want: Err("expected a JSON object, found an array"),
            },
            Case {
                line: "17",
                want: Err("expected a JSON object, found a number"),
            },
            Case {
                line: r#"{"id":"a"}"#,
                want: Err("missing required field \"text\""),
            },
            Case {
                line: r#"{"id":"a","text":5}"#,
                want: Err("field \"text\" must be a string, found a number"),
            },
            Case {
                line: r#"{"id":"a","text":null}"#,
                want: Err("missing required field \"text\""),
            },
            Case {
                line: r#"{"text":"t"}"#,
                want: Err("missing required field \"id\""),
            },
            Case {
                line: r#"{"id":1.5,"text":"t"}"#,
                want: Err(
                    "field \"id\" must be a string or an integer, found a non-integer number",
                ),
            },
            Case {
                line: r#"{"id":" ","text":"t"}"#,
                want: Err("field \"id\" is empty"),
            },
            Case {
                line: r#"{"id":"a","text":"t","date":"yesterday\u202e"}"#,
                want: Err(
                    "not an ISO 8601 date (YYYY-MM-DD, optionally followed by a time): \"yesterday\\u{202e}\"",
                ),
            },
            Case {
                line: r#"{"id":"a","text":"t","title":3}"#,
                want: Err("field \"title\" must be a string, found a number"),
            },
        ];
        for case in cases {
            let got = document_from_line(case.line);
            match (got, case.want) {
                (Ok(doc), Ok(want)) => {
                    assert_eq!(doc.id, want.id, "{}", case.line);
                    assert_eq!(doc.text, "t", "{}", case.line);
                    assert_eq!(doc.date.as_deref(), want.date, "{}", case.line);
                    assert_eq!(doc.title.as_deref(), want.title, "{}", case.line);
                    assert_eq!(doc.source.as_deref(), want.source, "{}", case.line);
                }
                (Err(message), Err(want)) => {
                    assert!(message.contains(want), "{}: {message}", case.line)
                }
                (got, Ok(want)) => panic!("{}: got {got:?}, want id {}", case.line, want.id),
                (got, Err(want)) => panic!("{}: got {got:?}, want error {want:?}", case.line),
            }
        }
    }
}
