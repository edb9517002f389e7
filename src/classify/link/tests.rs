use super::words::{LINK_WORDS, LinkWords};
use super::*;

fn place(text: &str, name: &str, level: PlaceLevel) -> PlaceRef {
    let start = text.find(name).expect("name in text");
    PlaceRef {
        start,
        end: start + name.len(),
        level,
        resolved: true,
        key: name.to_string(),
        region: String::new(),
    }
}

#[test]
fn every_row_of_the_data_file_has_a_known_role() {
    let words = LinkWords::parse(LINK_WORDS).expect("link.tsv parses");
    assert!(words.coordinator.contains(&""), "places side by side");
    assert!(
        words.source_after.contains(&" source"),
        "leading space kept"
    );
    assert!(LinkWords::parse("nonsense\tx").is_err());
}

#[test]
fn locative_words_reach_through_partitive_words() {
    for (text, name, want) in [
        (
            "Floods were reported in parts of eastern Jilin.",
            "Jilin",
            true,
        ),
        ("Heavy rain hit Musan overnight.", "Musan", true),
        ("A tower stands across from Changbai.", "Changbai", false),
        ("Police in the Sinuiju checkpoint waited.", "Sinuiju", true),
        ("He hid near the mouth of the Yalu.", "Yalu", true),
        ("She sold rice from Hyesan.", "Hyesan", false),
    ] {
        let p = place(text, name, PlaceLevel::City);
        assert_eq!(is_locative(&Around::new(text, &p)), want, "{text}");
    }
}

#[test]
fn korean_points_of_view_and_handovers_are_not_the_place() {
    for (text, name, want) in [
        ("신의주 맞은편 단둥에서 체포됐다.", "신의주", true),
        ("신의주와 마주한 단둥에서 체포됐다.", "신의주", true),
        ("신의주 맞은편 단둥에서 체포됐다.", "단둥", false),
        ("단둥에서 신의주로 압송됐다.", "단둥", true),
        ("단둥에서 강제로 송환됐다.", "단둥", true),
        ("단둥에서 밀수꾼이 체포됐다.", "단둥", false),
    ] {
        let p = place(text, name, PlaceLevel::City);
        assert_eq!(
            is_origin_or_destination(&Around::new(text, &p)),
            want,
            "{text} / {name}"
        );
    }
}

#[test]
fn a_possessive_does_not_hide_an_origin() {
    for (text, want) in [
        ("Two men came from the North's Musan.", true),
        ("Rice arrived from China’s Tumen.", true),
        ("Guards in the North's Musan waited.", false),
    ] {
        let name = if text.contains("Tumen") {
            "Tumen"
        } else {
            "Musan"
        };
        let p = place(text, name, PlaceLevel::City);
        assert_eq!(
            is_origin_or_destination(&Around::new(text, &p)),
            want,
            "{text}"
        );
    }
}

#[test]
fn a_country_is_a_locus_only_where_the_action_is() {
    for (text, want) in [
        ("Japan has detained a fishing crew.", true),
        ("Executions continue in Japan, a report said.", true),
        ("Officials sent a team to Japan to arrest them.", false),
        ("Two guards fled to Japan.", false),
        ("일본에서 어부들이 체포됐다.", true),
        ("주민의 일본 월경을 막는다.", false),
        ("일본에서 중국으로 강제 송환된 어부들이 있다.", false),
        ("일본에서 강제북송된 여성이 증언했다.", false),
        ("일본에서 체포된 뒤 북송됐다.", true),
    ] {
        let name = if text.contains("일본") {
            "일본"
        } else {
            "Japan"
        };
        let p = place(text, name, PlaceLevel::Country);
        let locus = is_country_locus(&Around::new(text, &p))
            && !is_origin_or_destination(&Around::new(text, &p));
        assert_eq!(locus, want, "{text}");
    }
}

#[test]
fn a_place_that_speaks_stands_for_its_government() {
    for (text, name, want) in [
        ("Tokyo said the boat sank near the coast.", "Tokyo", true),
        ("Oslo has also denied the claim.", "Oslo", true),
        ("Norway flatly denies any shooting.", "Norway", true),
        ("Oslo police arrested two men.", "Oslo", false),
        ("Norway has detained a fishing crew.", "Norway", false),
        ("Norway has a long coast.", "Norway", false),
    ] {
        let p = place(text, name, PlaceLevel::City);
        assert_eq!(is_authority(&Around::new(text, &p)), want, "{text}");
    }
}

#[test]
fn a_place_reached_by_any_manner_of_motion_is_a_destination() {
    for (text, want) in [
        ("He tried to swim across to Bergen before dawn.", true),
        ("Three men waded over to Bergen at night.", true),
        ("They drove to Bergen with the goods.", true),
        ("Two guards had gone out toward the Bergen at night.", true),
        ("The men headed towards Bergen.", true),
        ("Police in Bergen arrested them.", false),
        ("A fence runs along the river near Bergen.", false),
    ] {
        let p = place(text, "Bergen", PlaceLevel::City);
        assert_eq!(
            is_origin_or_destination(&Around::new(text, &p)),
            want,
            "{text}"
        );
    }
}

#[test]
fn a_border_between_two_countries_is_in_the_first_and_its_coordinates() {
    // The second country shares the first one's role by coordination.
    let text = "Fences stand on the border between Norway and Sweden.";
    let p = place(text, "Norway", PlaceLevel::Country);
    assert!(is_country_locus(&Around::new(text, &p)));
}

#[test]
fn an_actors_base_is_its_origin() {
    for (text, want) in [
        ("A Bergen-based group said two men were shot.", true),
        ("A Bergen-born defector told the story.", true),
        ("Police in Bergen arrested two men.", false),
    ] {
        let p = place(text, "Bergen", PlaceLevel::City);
        assert_eq!(
            is_origin_or_destination(&Around::new(text, &p)),
            want,
            "{text}"
        );
    }
}
