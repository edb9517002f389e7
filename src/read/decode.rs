//! Bytes to text: the byte order mark, UTF-8 validation, binary detection
//! and size caps, shared by the plain-text and JSON readers.

use std::io::{self, BufRead, Read};

/// The UTF-8 byte order mark, dropped at the start of an input.
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many leading bytes the control-character ratio is measured on: enough
/// to see a binary header, small enough to be cheap on every line.
const SNIFF_BYTES: usize = 8192;

/// Above this share of control characters (in per cent) data is taken as
/// binary. Text has tabs and line breaks, which do not count.
const MAX_CONTROL_PERCENT: usize = 10;

/// Returns `bytes` without a leading UTF-8 byte order mark, and how many
/// bytes were dropped (0 or 3).
pub(super) fn strip_bom(bytes: &[u8]) -> (&[u8], u64) {
    match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len() as u64),
        None => (bytes, 0),
    }
}

/// Names the encoding when `bytes` starts with a UTF-16 byte order mark:
/// UTF-16 is common from Windows tools and deserves a better message than
/// "binary data".
pub(super) fn utf16_message(bytes: &[u8]) -> Option<String> {
    let order = if bytes.starts_with(b"\xFF\xFE") {
        "little-endian"
    } else if bytes.starts_with(b"\xFE\xFF") {
        "big-endian"
    } else {
        return None;
    };
    Some(format!(
        "UTF-16 ({order}) text is not supported: convert it to UTF-8"
    ))
}

/// Says why `bytes` look like binary data rather than text, or `None`.
///
/// Binary means a NUL byte anywhere, or more than 10 % control characters
/// (other than tab, line feed, form feed and carriage return) in the first
/// 8 KiB. `base_offset` is the file offset of `bytes[0]`, for the message.
pub(super) fn binary_message(bytes: &[u8], base_offset: u64) -> Option<String> {
    if let Some(i) = memchr::memchr(0, bytes) {
        return Some(format!(
            "binary data: NUL byte at byte offset {}",
            base_offset + i as u64
        ));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    // Sums of 0/1 in byte lanes, a chunk of at most 255 bytes at a time
    // (no lane can overflow), rather than a filtered count: the compiler
    // turns each chunk's sum into a few vector instructions, where a sum
    // in usize lanes cost about ten instructions a byte.
    let controls: usize = sample
        .chunks(255)
        .map(|chunk| {
            let in_chunk: u8 = chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_binary_control(b)));
            usize::from(in_chunk)
        })
        .sum();
    if !sample.is_empty() && controls * 100 > sample.len() * MAX_CONTROL_PERCENT {
        return Some(format!(
            "binary data: {controls} of {} bytes from byte offset {base_offset} are control characters",
            sample.len()
        ));
    }
    None
}

fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F
}

/// Decodes `bytes` as UTF-8. On failure the message gives the line (counting
/// from `first_line`) and the file byte offset (`bytes[0]` is at
/// `base_offset`) of the first invalid byte.
pub(super) fn decode_utf8(
    bytes: Vec<u8>,
    base_offset: u64,
    first_line: usize,
) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = first_line + bytes[..valid].iter().filter(|&&b| b == b'\n').count();
        format!(
            "invalid UTF-8 at line {line}, byte offset {}",
            base_offset + valid as u64
        )
    })
}

/// Reads all of `reader` if it holds at most `max_bytes` bytes; `None` if it
/// holds more (reading stops one byte past the cap).
pub(super) fn read_capped(
    reader: &mut dyn BufRead,
    max_bytes: usize,
) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    (&mut *reader)
        .take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max_bytes).then_some(bytes))
}

/// What [`read_line_capped`] found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// The end of the input: nothing was read.
    End,
    /// A line, with its `\n` if it had one, is in the buffer.
    Read,
    /// The line was longer than the cap; it was skipped up to and including
    /// its `\n`, and the buffer holds only its start.
    TooLong,
}

/// Reads one line into `buf` (cleared first), holding at most `max_bytes`
/// bytes of it in memory, so a multi-gigabyte file without line breaks
/// cannot exhaust memory. Returns what was found and how many bytes of the
/// input it consumed.
pub(super) fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max_bytes: usize,
) -> io::Result<(Line, u64)> {
    buf.clear();
    let n = (&mut *reader)
        .take(max_bytes as u64 + 1)
        .read_until(b'\n', buf)?;
    if n == 0 {
        return Ok((Line::End, 0));
    }
    let content = buf.strip_suffix(b"\n").unwrap_or(buf);
    if content.len() <= max_bytes {
        return Ok((Line::Read, n as u64));
    }
    let mut consumed = n as u64;
    if buf.last() != Some(&b'\n') {
        loop {
            let available = reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    reader.consume(i + 1);
                    consumed += i as u64 + 1;
                    break;
                }
                None => {
                    let len = available.len();
                    reader.consume(len);
                    consumed += len as u64;
                }
            }
        }
    }
    Ok((Line::TooLong, consumed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        let cases: [(&str, &[u8], Option<&str>); 5] = [
            ("text", b"Soldiers crossed.\r\n\tNext line\x0c", None),
            ("nul", b"abc\0def", Some("NUL byte at byte offset 13")),
            ("controls", b"\x01\x02\x03abcdefg", Some("3 of 10 bytes")),
            ("few controls", b"\x1babcdefghijklmnopqrstuvwxyz", None),
            ("empty", b"", None),
        ];
        for (name, bytes, want) in cases {
            let got = binary_message(bytes, 10);
            match want {
                None => assert_eq!(got, None, "{name}"),
                Some(want) => assert!(
                    got.as_deref().unwrap_or("").contains(want),
                    "{name}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn utf8_errors_give_line_and_offset() {
        // (bytes, offset of bytes[0], line of bytes[0], text or error)
        let cases: [(&[u8], u64, usize, &str); 3] = [
            (b"ok \xC3\xA9", 0, 1, "ok é"),
            (
                b"one\ntwo\xFF",
                3,
                1,
                "invalid UTF-8 at line 2, byte offset 10",
            ),
            (b"\xC3", 0, 7, "invalid UTF-8 at line 7, byte offset 0"),
        ];
        for (bytes, base, line, want) in cases {
            let got = decode_utf8(bytes.to_vec(), base, line).unwrap_or_else(|e| e);
            assert_eq!(got, want, "{bytes:?}");
        }
    }

    #[test]
    fn capped_lines() {
        let mut input: &[u8] = b"short\nfar too long a line\nok\nnoeol-too-long";
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            let (line, n) = read_line_capped(&mut input, &mut buf, 6).unwrap();
            if line == Line::End {
                break;
            }
            got.push((line, n, String::from_utf8(buf.clone()).unwrap()));
        }
        let want = [
            (Line::Read, 6, "short\n"),
            (Line::TooLong, 20, "far too"),
            (Line::Read, 3, "ok\n"),
            (Line::TooLong, 14, "noeol-t"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((line, n, text), (want_line, want_n, want_text)) in got.iter().zip(want) {
            assert_eq!((line, *n, text.as_str()), (&want_line, want_n, want_text));
        }
    }
}
