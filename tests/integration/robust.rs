//! Hostile text and folders: invisible characters inside names, symbolic
//! links that dangle, loop or lead to folders.

use crate::harness::{read_collection, run, temp_dir};

#[derive(Debug, serde::Deserialize)]
struct Props {
    mention: String,
    place_id: Option<String>,
}

#[test]
fn names_with_default_ignorable_characters_inside_are_found() {
    let dir = temp_dir();
    // Zero-width space, soft hyphen, zero-width joiner and a byte order mark
    // inside or before names; the span still covers the original bytes.
    let text = "\u{FEFF}Police in Hoe\u{200B}ryong arrested three people. \
                Traders in Hye\u{AD}san complained. Guards near Sin\u{200D}uiju waited.\n";
    let input = dir.path().join("doc.txt");
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    run([
        "extract".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .success();
    let places = read_collection::<Props>(&out.join("places.geojson"));
    let names: Vec<&str> = places
        .iter()
        .filter(|f| f.properties.place_id.is_some())
        .map(|f| f.properties.mention.as_str())
        .collect();
    for want in ["Hoe\u{200B}ryong", "Hye\u{AD}san", "Sin\u{200D}uiju"] {
        assert!(names.contains(&want), "{want:?} not in {names:?}");
    }
}

#[cfg(unix)]
#[test]
fn broken_and_looping_links_in_folders_are_reported() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), "Smugglers crossed near Hyesan.\n").unwrap();
    symlink(docs.join("missing.txt"), docs.join("dangling.txt")).unwrap();
    symlink(docs.join("loop2.txt"), docs.join("loop1.txt")).unwrap();
    symlink(docs.join("loop1.txt"), docs.join("loop2.txt")).unwrap();
    symlink(&docs, docs.join("self")).unwrap();
    let out = dir.path().join("out");
    let result = run([
        "extract".as_ref(),
        docs.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(result.code, Some(1), "{}", result.stderr);
    for name in ["dangling.txt", "loop1.txt", "loop2.txt", "self"] {
        assert!(
            result.stderr.lines().any(|l| l.contains(name)),
            "{name} not reported: {}",
            result.stderr
        );
    }
    assert!(
        result.stderr.contains("4 inputs skipped or unreadable"),
        "{}",
        result.stderr
    );
    // The readable document was still mapped.
    assert!(out.join("places.geojson").exists());
}
