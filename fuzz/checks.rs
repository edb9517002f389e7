//! The properties the fuzz targets check, shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/*.rs`, nightly, libFuzzer) and the stable-toolchain
//! driver (`tests/fuzz/main.rs`, random mutations for a bounded time).
//!
//! Each check takes arbitrary bytes, runs one stage on them and panics when
//! a property fails: no stage may panic, every span and offset must lie on
//! character boundaries inside its text, and every error is one line.

use std::io::Write;
use std::sync::OnceLock;

use eventmap::gazetteer::Gazetteer;
use eventmap::normalize::{FoldedText, fold};
use eventmap::pipeline::Geoparser;
use eventmap::read::{Input, read_inputs};
use eventmap::update::{Limits, dump};

/// The first byte picks the file name the reader sees, the rest is the file.
pub fn readers(data: &[u8]) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = ["doc.txt", "doc.jsonl", "doc.json", "doc.md", "doc"][pick as usize % 5];
    let dir = tempfile::Builder::new()
        .prefix("eventmap-fuzz-")
        .tempdir()
        .expect("temp dir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(body))
        .expect("write input");
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    let summary = read_inputs(
        &[Input::Path(path)],
        &mut |doc| {
            documents.push(doc);
            Ok(())
        },
        &mut |e| errors.push(e.to_string()),
    )
    .expect("reading only fails through on_document");
    assert_eq!(summary.documents, documents.len());
    assert_eq!(summary.errors, errors.len());
    for e in &errors {
        assert!(!e.contains('\n'), "multi-line error: {e:?}");
    }
    for doc in &documents {
        assert!(!doc.id.trim().is_empty(), "blank id");
    }
}

/// Folding and its offset map.
pub fn normalizer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let folded = FoldedText::new(&text);
    assert_eq!(folded.text, fold(&text), "fold and FoldedText disagree");
    let f = &folded.text;
    let mut last_start = 0;
    for (i, c) in f.char_indices() {
        let span = folded.original_span(i..i + c.len_utf8());
        assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= last_start, "offsets go back at {i}");
        last_start = span.start;
    }
    for (k, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let at = folded.folded_offset(k);
        assert!(at <= f.len(), "folded_offset({k}) = {at} past {}", f.len());
    }
}

fn geoparser() -> &'static Geoparser<'static> {
    static GEOPARSER: OnceLock<Geoparser<'static>> = OnceLock::new();
    GEOPARSER.get_or_init(|| Geoparser::new(Gazetteer::embedded(), Default::default()))
}

/// Matching, resolving and classifying one document.
pub fn matcher(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let geoparser = geoparser();
    let resolutions = geoparser.places(&text);
    let mut last = 0;
    for r in &resolutions {
        let span = &r.mention.span;
        assert!(span.start < span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= last, "mentions out of order");
        last = span.start;
    }
    let refs = eventmap::pipeline::place_refs(geoparser.gazetteer(), &resolutions);
    for event in eventmap::classify::classify(&text, &refs) {
        if let Some(p) = event.place {
            assert!(p < refs.len(), "event place {p} of {}", refs.len());
        }
        let e = &event.evidence;
        assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
    }
}

/// The GeoNames dump parser: a country table, the same bytes as a zip, and
/// an admin code table, under small caps.
pub fn dump_parser(data: &[u8]) {
    let limits = Limits {
        entry_bytes: 1 << 20,
        line_bytes: 16 << 10,
    };
    let one_line = |r: Result<(), eventmap::Error>| {
        if let Err(e) = r {
            let e = e.to_string();
            assert!(!e.contains('\n'), "multi-line error: {e:?}");
        }
    };
    one_line(dump::read_country_text(data, "KP.txt", limits, &|_| true).map(|_| ()));
    one_line(dump::read_country_zip(data, "KP", "KP.zip", limits, &|_| true).map(|_| ()));
    for levels in [1, 2] {
        one_line(dump::read_admin_codes(data, "admin.txt", levels, limits, &|_| true).map(|_| ()));
    }
}
