use super::score::has_key;
use super::*;
use crate::matcher::Matcher;

/// The resolved place of the mention `surface` in `text`: (country,
/// admin1, feature code), or None when the resolver abstained.
fn resolved(text: &str, surface: &str) -> Option<(String, String, String)> {
    let g = Gazetteer::embedded();
    let mentions = Matcher::new(g).find(g, text);
    let out = resolve(g, text, mentions, &ResolveOptions::default());
    let r = out
        .iter()
        .find(|r| &text[r.mention.span.clone()] == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?} in {text:?}"));
    r.place.map(|id| {
        let p = g.place(id);
        (
            p.country.to_string(),
            p.admin1.to_string(),
            p.feature_code.to_string(),
        )
    })
}

#[test]
fn context_decides() {
    type Case<'a> = (&'a str, &'a str, &'a str, (&'a str, &'a str, &'a str));
    let cases: [Case; 9] = [
        (
            "primary name over an alternate",
            "artillery fired near Kaesong",
            "Kaesong",
            ("KP", "KP.19", "PPLA2"),
        ),
        (
            "parent province",
            "soldiers died in Pochon, Yanggang Province.",
            "Pochon",
            ("KP", "KP.13", "ADM2"),
        ),
        (
            "border story prior",
            "Smugglers in Pochon crossed the river.",
            "Pochon",
            ("KP", "KP.13", "ADM2"),
        ),
        (
            "South Korean parent",
            "a military drill in Pocheon, Gyeonggi Province",
            "Pocheon",
            ("KR", "KR.13", "ADM2"),
        ),
        (
            "bare town is the town",
            "Residents of Musan said",
            "Musan",
            ("KP", "KP.17", "PPL"),
        ),
        (
            "county designator",
            "officials of Musan County said",
            "Musan County",
            ("KP", "KP.17", "ADM2"),
        ),
        (
            "capital city, not province",
            "reports back to Pyongyang",
            "Pyongyang",
            ("KP", "KP.12", "PPLC"),
        ),
        (
            "Korean address order",
            "양강도 보천군 화전리",
            "보천군",
            ("KP", "KP.13", "ADM2"),
        ),
        (
            "province",
            "a source in Ryanggang Province",
            "Ryanggang Province",
            ("KP", "KP.13", "ADM1"),
        ),
    ];
    for (what, text, surface, (country, admin1, code)) in cases {
        let got = resolved(text, surface);
        assert_eq!(
            got,
            Some((country.to_string(), admin1.to_string(), code.to_string())),
            "{what}"
        );
    }
}

#[test]
fn has_key_is_lookup_key_equality() {
    let g = Gazetteer::embedded();
    let keys = ["hoeryong", "kaesong", "musan", "sinuiju", "pyongyang", ""];
    for place in g.places().iter().step_by(7) {
        for name in [&place.name, &place.ascii_name] {
            let own = crate::normalize::lookup_key(name);
            assert!(has_key(name, &own), "{name:?}");
            for key in keys {
                assert_eq!(has_key(name, key), own == key, "{name:?} {key:?}");
            }
            // A key one byte shorter or longer is another key.
            if let Some(short) = own.get(..own.len().saturating_sub(1)) {
                assert_eq!(has_key(name, short), own == short, "{name:?}");
            }
            assert!(!has_key(name, &format!("{own}x")), "{name:?}");
        }
    }
}

#[test]
fn located_by_parent_when_unknown_in_its_county() {
    // The only Hwajon in the gazetteer is in South Korea; the county says
    // where this one is.
    let got = resolved(
        "Hwajon Village, Pochon County, Ryanggang Province",
        "Hwajon Village",
    );
    assert_eq!(
        got.map(|(c, a, _)| (c, a)),
        Some(("KP".to_string(), "KP.13".to_string()))
    );
}

#[test]
fn loose_match_without_support_abstains() {
    // 종성 romanizes like a South Korean county; a North Korean story
    // gives that no support.
    let text = "회령시는 함경북도에 있다. 광복 당시 종성군의 일부였다.";
    assert_eq!(resolved(text, "종성군"), None);
}
