use std::fs;
use std::path::Path;

use tempfile::TempDir;

use super::*;

/// What one read produced, with the temp dir removed from ids and messages.
#[derive(Debug)]
struct Outcome {
    documents: Vec<Document>,
    errors: Vec<String>,
    summary: ReadSummary,
}

fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

fn read_in(dir: &Path, inputs: &[&str]) -> Outcome {
    let inputs: Vec<Input> = inputs
        .iter()
        .map(|name| Input::Path(dir.join(name)))
        .collect();
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    let summary = read_inputs(
        &inputs,
        &mut |doc| {
            documents.push(doc);
            Ok(())
        },
        &mut |err| errors.push(err.to_string()),
    )
    .unwrap();
    let strip = |s: &str| s.replace(&format!("{}/", dir.display()), "");
    for doc in &mut documents {
        doc.id = strip(&doc.id);
    }
    let errors = errors.iter().map(|e| strip(e)).collect();
    Outcome {
        documents,
        errors,
        summary,
    }
}

/// Reads a stream as standard input would be read, with a small size cap.
fn read_stream(bytes: &[u8], max_bytes: usize) -> Outcome {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    let mut on_document = |doc| {
        documents.push(doc);
        Ok(())
    };
    let mut on_error = |err: Error| errors.push(err.to_string());
    let mut reader = Reader::new(&mut on_document, &mut on_error, max_bytes);
    let mut input = bytes;
    reader
        .read_stream(Path::new("-"), Format::Sniff, &mut input)
        .unwrap();
    let summary = reader.summary;
    Outcome {
        documents,
        errors,
        summary,
    }
}

fn assert_errors(name: &str, got: &[String], want: &[&str]) {
    assert_eq!(got.len(), want.len(), "{name}: errors {got:#?}");
    for (got, want) in got.iter().zip(want) {
        assert!(got.contains(want), "{name}: error {got:?} lacks {want:?}");
    }
}

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    inputs: &'static [&'static str],
    /// Expected documents as (id, text).
    documents: &'static [(&'static str, &'static str)],
    /// Each expected error, in order, as a substring of its message.
    errors: &'static [&'static str],
    files_read: usize,
}

const CASES: &[Case] = &[
    Case {
        name: "plain text",
        files: &[("a.txt", b"Guards were seen near the bridge.\n")],
        inputs: &["a.txt"],
        documents: &[("a.txt", "Guards were seen near the bridge.\n")],
        errors: &[],
        files_read: 1,
    },
    Case {
        name: "byte order mark dropped",
        files: &[("b.md", b"\xEF\xBB\xBF# Notes\nA fence was built.")],
        inputs: &["b.md"],
        documents: &[("b.md", "# Notes\nA fence was built.")],
        errors: &[],
        files_read: 1,
    },
    Case {
        name: "unknown extension given explicitly is sniffed",
        files: &[("notes.log", b"  plain words"), ("data.dump", b"\n {\"id\":\"x\",\"text\":\"y\"}\n")],
        inputs: &["notes.log", "data.dump"],
        documents: &[("notes.log", "  plain words"), ("x", "y")],
        errors: &[],
        files_read: 2,
    },
    Case {
        name: "JSON Lines: good lines come through around bad ones",
        files: &[(
            "c.jsonl",
            b"{\"id\":\"one\",\"text\":\"first\"}\n\
              not json\n\
              \n\
              [1,2]\n\
              {\"id\":\"two\"}\n\
              {\"id\":\"three\",\"text\":3}\n\
              {\"id\":4,\"text\":\"fourth\"}\r\n",
        )],
        inputs: &["c.jsonl"],
        documents: &[("one", "first"), ("4", "fourth")],
        errors: &[
            "c.jsonl:2: invalid JSON",
            "c.jsonl:4: expected a JSON object, found an array",
            "c.jsonl:5: missing required field \"text\"",
            "c.jsonl:6: field \"text\" must be a string, found a number",
        ],
        files_read: 1,
    },
    Case {
        name: "JSON Lines with a byte order mark",
        files: &[("bom.jsonl", b"\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"t\"}\n")],
        inputs: &["bom.jsonl"],
        documents: &[("b", "t")],
        errors: &[],
        files_read: 1,
    },
    Case {
        name: "invalid UTF-8 in plain text: line and byte offset",
        files: &[("bad.txt", b"line one\nline \xFFtwo\n")],
        inputs: &["bad.txt"],
        documents: &[],
        errors: &["bad.txt: invalid UTF-8 at line 2, byte offset 14"],
        files_read: 1,
    },
    Case {
        name: "invalid UTF-8 in a JSON line skips that line only",
        files: &[(
            "u.jsonl",
            b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"\xC3(\"}\n{\"id\":\"c\",\"text\":\"ok\"}\n",
        )],
        inputs: &["u.jsonl"],
        documents: &[("a", "ok"), ("c", "ok")],
        errors: &["u.jsonl: invalid UTF-8 at line 2, byte offset 41"],
        files_read: 1,
    },
    Case {
        name: "binary files",
        files: &[
            ("nul.txt", b"text\0more"),
            ("ctl.txt", b"\x01\x02\x03\x04abc"),
            ("nul.jsonl", b"{\"id\":\"a\",\"text\":\"t\"}\n\0\0\0\0\n{\"id\":\"b\",\"text\":\"t\"}\n"),
            ("wide.txt", b"\xFF\xFEa\0b\0"),
        ],
        inputs: &["nul.txt", "ctl.txt", "nul.jsonl", "wide.txt"],
        documents: &[("a", "t")],
        errors: &[
            "nul.txt: binary data: NUL byte at byte offset 4",
            "ctl.txt: binary data: 4 of 7 bytes",
            "nul.jsonl: line 2: binary data: NUL byte at byte offset 22",
            "wide.txt: UTF-16 (little-endian) text is not supported",
        ],
        files_read: 4,
    },
    Case {
        name: "empty files",
        files: &[
            ("e.txt", b""),
            ("w.txt", b" \n\t\n"),
            ("e.jsonl", b""),
            ("w.jsonl", b"\n\n"),
            ("bom.txt", b"\xEF\xBB\xBF"),
        ],
        inputs: &["e.txt", "w.txt", "e.jsonl", "w.jsonl", "bom.txt"],
        documents: &[],
        errors: &[
            "e.txt: empty file",
            "w.txt: no text",
            "e.jsonl: empty file",
            "w.jsonl: no JSON objects",
            "bom.txt: no text",
        ],
        files_read: 5,
    },
    Case {
        name: "folder: recursive, sorted, hidden skipped, other extensions reported",
        files: &[
            ("dir/b.txt", b"bee"),
            ("dir/a/z.md", b"zed"),
            ("dir/a/y.JSONL", b"{\"id\":\"y1\",\"text\":\"why\"}\n"),
            ("dir/a.txt", b"ay"),
            ("dir/c.csv", b"x,y"),
            ("dir/.hidden.txt", b"secret"),
            ("dir/.git/x.txt", b"object"),
            ("dir/noext", b"nothing"),
            ("dir/c/bad.txt", b""),
            ("dir/d.json", b"{\"id\":\"d\",\"text\":\"dee\"}"),
        ],
        inputs: &["dir"],
        documents: &[
            ("y1", "why"),
            ("dir/a/z.md", "zed"),
            ("dir/a.txt", "ay"),
            ("dir/b.txt", "bee"),
            ("d", "dee"),
        ],
        errors: &[
            "dir/c/bad.txt: empty file",
            "dir/c.csv: skipped: not a .txt, .md, .jsonl or .json file",
            "dir/noext: skipped: not a .txt, .md, .jsonl or .json file",
        ],
        files_read: 6,
    },
    Case {
        name: ".json: one pretty-printed object",
        files: &[(
            "one.json",
            b"\n{\n  \"id\": \"p\",\n  \"text\": \"pretty\",\n  \"date\": \"2021-02-03T04:05:06Z\",\n  \"url\": \"https://example.org/p\"\n}\n",
        )],
        inputs: &["one.json"],
        documents: &[("p", "pretty")],
        errors: &[],
        files_read: 1,
    },
    Case {
        name: ".json: errors in one object",
        files: &[
            ("broken.json", b"{\n  \"id\": \"p\",\n  \"text\": \"x\",,\n}\n"),
            ("notext.json", b"\n\n{\n  \"id\": \"q\"\n}\n"),
            ("array.json", b"[\n {\"id\":\"a\",\"text\":\"t\"}\n]\n"),
        ],
        inputs: &["broken.json", "notext.json", "array.json"],
        documents: &[],
        errors: &[
            "broken.json:3: invalid JSON: key must be a string (line 3 column 15)",
            "notext.json:3: missing required field \"text\"",
            "array.json:1: expected a JSON object, found an array",
        ],
        files_read: 3,
    },
    Case {
        name: ".json: JSON Lines, first line bad",
        files: &[("lines.json", b"{\"id\":1,\"text\":}\n{\"id\":2,\"text\":\"two\"}\n")],
        inputs: &["lines.json"],
        documents: &[("2", "two")],
        errors: &["lines.json:1: invalid JSON"],
        files_read: 1,
    },
    Case {
        name: "duplicate ids within a file and across files",
        files: &[
            ("d1.jsonl", b"{\"id\":\"a\",\"text\":\"1\"}\n{\"id\":\"b\",\"text\":\"2\"}\n{\"id\":\"a\",\"text\":\"3\"}\n"),
            ("d2.jsonl", b"{\"id\":\"b\",\"text\":\"4\"}\n"),
            ("same.txt", b"once"),
        ],
        inputs: &["d1.jsonl", "d2.jsonl", "same.txt", "same.txt"],
        documents: &[("a", "1"), ("b", "2"), ("same.txt", "once")],
        errors: &[
            "d1.jsonl:3: duplicate id \"a\" (first seen in ",
            "d2.jsonl:1: duplicate id \"b\" (first seen in ",
            "same.txt: duplicate id",
        ],
        files_read: 4,
    },
    Case {
        name: "missing path is reported and counted",
        files: &[("here.txt", b"present")],
        inputs: &["gone.txt", "here.txt"],
        documents: &[("here.txt", "present")],
        errors: &["gone.txt: "],
        files_read: 1,
    },
];

#[test]
fn reads_inputs() {
    for case in CASES {
        let tmp = TempDir::new().unwrap();
        write_files(tmp.path(), case.files);
        let got = read_in(tmp.path(), case.inputs);
        let documents: Vec<(&str, &str)> = got
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(documents, case.documents, "{}", case.name);
        assert_errors(case.name, &got.errors, case.errors);
        let want = ReadSummary {
            files: case.files_read,
            documents: case.documents.len(),
            errors: case.errors.len(),
        };
        assert_eq!(got.summary, want, "{}", case.name);
    }
}

#[test]
fn carries_optional_fields() {
    let tmp = TempDir::new().unwrap();
    let line = br#"{"id":"r1","text":"A camera was installed.","date":"2022-08-15","title":"Cameras","source":"Test Desk","url":"https://example.org/r1","lang":"en"}
{"id":"r2","text":"Nothing.","url":"https://example.org/r2","title":null}
"#;
    write_files(tmp.path(), &[("f.jsonl", line)]);
    let got = read_in(tmp.path(), &["f.jsonl"]);
    assert_errors("optional fields", &got.errors, &[]);
    let want = [
        Document {
            id: "r1".into(),
            text: "A camera was installed.".into(),
            date: Some("2022-08-15".into()),
            title: Some("Cameras".into()),
            source: Some("Test Desk".into()),
        },
        Document {
            id: "r2".into(),
            text: "Nothing.".into(),
            date: None,
            title: None,
            source: Some("https://example.org/r2".into()),
        },
    ];
    assert_eq!(got.documents, want);
}

#[test]
fn standard_input_is_sniffed() {
    struct StdinCase {
        name: &'static str,
        input: &'static [u8],
        documents: &'static [(&'static str, &'static str)],
        errors: &'static [&'static str],
    }
    let cases = [
        StdinCase {
            name: "plain text",
            input: b"Rain fell on the border.",
            documents: &[("-", "Rain fell on the border.")],
            errors: &[],
        },
        StdinCase {
            name: "text starting with a bracket is text",
            input: b"[Update] Rain.",
            documents: &[("-", "[Update] Rain.")],
            errors: &[],
        },
        StdinCase {
            name: "JSON Lines after a BOM and blank space",
            input: b"\xEF\xBB\xBF \n{\"id\":\"s1\",\"text\":\"one\"}\n{\"id\":\"s2\",\"text\":\"two\"}\n",
            documents: &[("s1", "one"), ("s2", "two")],
            errors: &[],
        },
        StdinCase {
            name: "one pretty-printed object",
            input: b"{\n\"id\":\"s3\",\n\"text\":\"three\"\n}",
            documents: &[("s3", "three")],
            errors: &[],
        },
        StdinCase {
            name: "empty",
            input: b"",
            documents: &[],
            errors: &["-: empty file"],
        },
        StdinCase {
            name: "plain text over the cap",
            input: b"0123456789abcdefghijklmnopqrstuvwxyz",
            documents: &[],
            errors: &["-: plain text larger than 32 bytes"],
        },
        StdinCase {
            name: "JSON line over the cap, next line still read",
            input: b"{\"id\":\"long\",\"text\":\"abcdefghijklmnopqrstuvwxyz\"}\n{\"id\":\"s\",\"text\":\"t\"}\n",
            documents: &[("s", "t")],
            errors: &["-:1: line longer than 32 bytes"],
        },
        StdinCase {
            name: "JSON line over the cap after blank lines",
            input: b"\n\n{\"id\":\"long\",\"text\":\"abcdefghijklmnopqrstuvwxyz\"}\n\n{\"id\":\"s\",\"text\":\"t\"}\n{}\n",
            documents: &[("s", "t")],
            errors: &["-:3: line longer than 32 bytes", "-:6: missing required field \"id\""],
        },
    ];
    for case in cases {
        let got = read_stream(case.input, 32);
        let documents: Vec<(&str, &str)> = got
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(documents, case.documents, "{}", case.name);
        assert_errors(case.name, &got.errors, case.errors);
        assert_eq!(got.summary.files, 1, "{}", case.name);
    }
}

#[test]
fn document_callback_error_stops_reading() {
    let tmp = TempDir::new().unwrap();
    write_files(
        tmp.path(),
        &[
            (
                "a.jsonl",
                b"{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n",
            ),
            ("b.txt", b"b"),
        ],
    );
    let inputs = [
        Input::Path(tmp.path().join("a.jsonl")),
        Input::Path(tmp.path().join("b.txt")),
    ];
    let mut seen = Vec::new();
    let result = read_inputs(
        &inputs,
        &mut |doc| {
            seen.push(doc.id);
            Err(Error::Usage("stop".into()))
        },
        &mut |err| panic!("unexpected input error {err}"),
    );
    assert!(
        matches!(result, Err(Error::Usage(ref m)) if m == "stop"),
        "{result:?}"
    );
    assert_eq!(seen, ["1"]);
}

#[test]
fn parses_inputs() {
    let cases = [
        ("-", Input::Stdin),
        ("a.txt", Input::Path("a.txt".into())),
        ("./-", Input::Path("./-".into())),
    ];
    for (arg, want) in cases {
        assert_eq!(Input::parse(arg), want, "{arg}");
    }
}

#[test]
fn errors_are_typed() {
    let tmp = TempDir::new().unwrap();
    write_files(
        tmp.path(),
        &[("t.jsonl", b"{\"id\":\"a\"}\n"), ("b.txt", b"\0")],
    );
    let inputs = [
        Input::Path(tmp.path().join("t.jsonl")),
        Input::Path(tmp.path().join("b.txt")),
        Input::Path(tmp.path().join("none")),
    ];
    let mut errors = Vec::new();
    read_inputs(&inputs, &mut |_| Ok(()), &mut |e| errors.push(e)).unwrap();
    assert!(
        matches!(&errors[0], Error::Parse { line: 1, path, .. } if path.ends_with("t.jsonl")),
        "{errors:?}"
    );
    assert!(
        matches!(&errors[1], Error::InvalidInput { path, .. } if path.ends_with("b.txt")),
        "{errors:?}"
    );
    assert!(
        matches!(&errors[2], Error::Io { path, cause } if path.ends_with("none") && cause.kind() == io::ErrorKind::NotFound),
        "{errors:?}"
    );
}
