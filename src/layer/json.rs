//! JSON values written straight into a byte buffer, byte for byte as
//! `serde_json` writes them, for the layers' hot paths: a places feature is
//! written per mention, and going through `serde::Serialize` costs a
//! dispatch per member and a formatter call per string fragment.
//!
//! Strings are written as `serde_json` writes them: UTF-8 as is, `"` and
//! `\` escaped with a backslash, control characters as `\b`, `\t`, `\n`,
//! `\f`, `\r` or `\u00XX` (lowercase hex). Numbers go through
//! `serde_json`'s own formatter, so that they cannot differ from what
//! `serde_json::to_writer` writes (a non-finite float is `null`, as there).

use serde_json::ser::{CompactFormatter, Formatter};

/// Whether `byte` cannot appear as is inside a JSON string.
const fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Whether any of the 8 bytes of `word` needs escaping. The usual
/// word-at-a-time tests: `(x - 0x01..) & !x & 0x80..` is non-zero exactly
/// when a byte of `x` is zero (applied to `word` XOR the byte sought), and
/// with `0x20..` subtracted, when a byte is below 0x20.
const fn any_needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * b'"' as u64);
    let backslash = word ^ (ONES * b'\\' as u64);
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGH != 0
}

/// The length of the run of bytes at the start of `bytes` that need no
/// escaping: 8 bytes a step while no byte of them needs it (most text).
fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        if any_needs_escape(word) {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| needs_escape(b))
        .unwrap_or(bytes.len() - at)
}

/// Appends `s` escaped, without quotes: runs of plain bytes are found a
/// word at a time and copied whole, so a string with nothing to escape is
/// one quick scan and one copy.
pub fn escaped(out: &mut Vec<u8>, s: &str) {
    let mut bytes = s.as_bytes();
    loop {
        let run = plain_run(bytes);
        out.extend_from_slice(&bytes[..run]);
        let Some(&byte) = bytes.get(run) else {
            return;
        };
        bytes = &bytes[run + 1..];
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
    }
}

/// Appends `s` as a JSON string.
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escaped(out, s);
    out.push(b'"');
}

/// Appends `s` as a JSON string, or `null`.
pub fn string_or_null(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends strings as a JSON array.
pub fn strings(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

/// Appends an unsigned integer.
pub fn unsigned(out: &mut Vec<u8>, value: u64) {
    CompactFormatter
        .write_u64(out, value)
        .expect("writing to a Vec cannot fail");
}

/// Appends an unsigned integer, or `null`.
pub fn unsigned_or_null(out: &mut Vec<u8>, value: Option<u64>) {
    match value {
        Some(value) => unsigned(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends a float as `serde_json` writes an `f64`: shortest round-trip
/// form (`1.0`, `0.651`, `128.17778`), `null` when not finite.
pub fn float(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        CompactFormatter
            .write_f64(out, value)
            .expect("writing to a Vec cannot fail");
    } else {
        out.extend_from_slice(b"null");
    }
}

/// Appends a float as [`float`] does, or `null`.
pub fn float_or_null(out: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => float(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(write: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        write(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for s in [
            "",
            "plain",
            "Hyesan 혜산시 惠山",
            "quote \" and backslash \\ and slash /",
            "\u{7f}\u{80}\u{2028}\u{feff}",
            every_ascii.as_str(),
            "\"\"\\\n",
        ] {
            assert_eq!(
                written(|out| string(out, s)),
                serde_json::to_string(s).unwrap()
            );
        }
        assert_eq!(written(|out| string_or_null(out, None)), "null");
        // Every byte that needs escaping, and some that do not, at every
        // place in and around a word, among plain and non-ASCII text.
        for special in [
            '"', '\\', '\n', '\u{0}', '\u{1f}', ' ', '!', '#', '[', ']', '\u{7f}', 'é',
        ] {
            for at in 0..20 {
                for base in ["abcdefghijklmnopqrstuvwxyz", "혜산시혜산시혜산시혜산시"] {
                    let mut s: String = base.chars().take(at).collect();
                    s.push(special);
                    s.extend(base.chars().skip(at));
                    assert_eq!(
                        written(|out| string(out, &s)),
                        serde_json::to_string(&s).unwrap()
                    );
                }
            }
        }
        let items = ["a\"b".to_string(), "혜산".to_string(), String::new()];
        for items in [&items[..], &items[..1], &[]] {
            assert_eq!(
                written(|out| strings(out, items)),
                serde_json::to_string(items).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for value in [
            0.0,
            -0.0,
            1.0,
            0.651,
            0.1 + 0.2,
            128.17778,
            -33.5,
            1e-7,
            1e21,
            123456789.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(
                written(|out| float(out, value)),
                serde_json::to_string(&value).unwrap()
            );
        }
        for value in [0, 7, 25_248_140, u64::MAX] {
            assert_eq!(
                written(|out| unsigned(out, value)),
                serde_json::to_string(&value).unwrap()
            );
        }
    }
}
