//! The names a place gets besides those of its sources: bare forms without
//! a designator (`Hyesan-si` → `Hyesan`), romanizations of Hangul names,
//! Sino-Korean readings and Hangul spellings of Chinese names, and the
//! language of a name from its script.

use std::collections::HashSet;

use super::super::designators::strip_designator;
use super::super::{Level, Name, NameKind, Place, SharedStr};
use crate::normalize::{fold, is_hangul_syllable, lookup_key};

/// The language of a name, from its script: Hangul is Korean, Han
/// characters Chinese; Latin names are left unmarked (GeoNames alternates
/// carry no language in these files).
pub(super) fn script_lang(name: &str) -> &'static str {
    if name.chars().any(is_hangul_syllable) {
        "ko"
    } else if name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        "zh"
    } else {
        ""
    }
}

/// Adds the romanizations of a place's Hangul names (Revised Romanization,
/// McCune-Reischauer, initial-sound variants) that it lacks, and the South
/// Korean Hangul spelling of North Korean initial ㄹ/ㄴ names (량강도 → 양강도).
pub fn add_generated_names(place: &mut Place) {
    let hangul: Vec<String> = place
        .names
        .iter()
        .filter(|n| n.lang == "ko" && n.text.chars().all(is_hangul_syllable))
        .map(|n| n.text.to_string())
        .collect();
    let mut known: HashSet<String> = place.names.iter().map(|n| lookup_key(&n.text)).collect();
    for name in hangul {
        let stem = strip_designator(&name).unwrap_or_else(|| name.clone());
        for variant in crate::normalize::romanize::romanized_variants(&stem) {
            if known.insert(lookup_key(&variant)) {
                place.names.push(Name {
                    text: variant.into(),
                    lang: SharedStr::default(),
                    kind: NameKind::Romanized,
                });
            }
        }
    }
    add_chinese_hangul(place);
    add_chinese_readings(place);
}

/// Adds the Sino-Korean readings of a Chinese place's Han names (延吉 →
/// 연길, 龍井 → 룡정 and 용정) and their traditional-script forms (开山屯 →
/// 開山屯), from Unihan ([`super::hanja`]). Seats, populous towns and
/// administrative units get the reading of the bare stem (the matcher
/// reads 시, 성, 현 itself); a small town only the reading of its whole
/// name with its 진 or 향 (삼합진), since a bare two-syllable stem reads
/// like a common word.
pub(super) fn add_chinese_readings(place: &mut Place) {
    if place.country != "CN" {
        return;
    }
    let table = super::super::hanja::table();
    let major = place.feature_code.starts_with("PPLA")
        || place.feature_code == "PPLC"
        || matches!(place.level(), Level::Province | Level::County)
        || place.population >= CHINESE_HANGUL_MIN_POPULATION;
    let han: Vec<String> = place
        .names
        .iter()
        .filter(|n| n.text.chars().all(super::super::hanja::is_han) && !n.text.is_empty())
        .map(|n| n.text.to_string())
        .collect();
    let mut known: HashSet<String> = place.names.iter().map(|n| n.text.to_string()).collect();
    let mut add = |text: String, lang: &str, kind: NameKind, known: &mut HashSet<String>| {
        if known.insert(text.clone()) {
            place.names.push(Name {
                text: text.into(),
                lang: lang.into(),
                kind,
            });
        }
    };
    for name in han {
        if let Some(traditional) = table.traditional(&name) {
            add(traditional, "zh", NameKind::Traditional, &mut known);
        }
        let (stem, designator, town) = super::super::hanja::split_designator(&name);
        let reading_of = if major && !town {
            stem.to_string()
        } else if town {
            name.clone()
        } else {
            continue;
        };
        if designator.is_empty() && !major {
            continue;
        }
        let Some(reading) = table.reading(&reading_of) else {
            continue;
        };
        if reading.chars().count() < 2 {
            continue;
        }
        let southern = super::super::hanja::initial_sound_law(&reading);
        add(reading, "ko", NameKind::SinoKorean, &mut known);
        add(southern, "ko", NameKind::SinoKorean, &mut known);
    }
}

/// Chinese towns at least this populous, or county seats and above, get a
/// Hangul spelling of their pinyin name: the places Korean reporting
/// names, without filling the index with village names that read like
/// Korean words.
pub(super) const CHINESE_HANGUL_MIN_POPULATION: u64 = 50_000;

/// Adds the Hangul spelling of a Chinese town's pinyin name (Tumen → 투먼)
/// when the sources give none.
pub(super) fn add_chinese_hangul(place: &mut Place) {
    let seat = place.feature_code.starts_with("PPLA") || place.feature_code == "PPLC";
    let derived_unit = place.source == super::super::derived::DERIVED_SOURCE;
    if place.country != "CN"
        || !(place.feature_class == "P" || derived_unit)
        || !(seat || derived_unit || place.population >= CHINESE_HANGUL_MIN_POPULATION)
    {
        return;
    }
    // A derived prefecture is spelled from its bare name (Yanbian).
    let bare = place
        .names
        .iter()
        .find(|n| derived_unit && n.kind == NameKind::Alternate)
        .map(|n| n.text.clone());
    let Some(hangul) = bare
        .as_deref()
        .and_then(crate::normalize::pinyin::hangul)
        .or_else(|| crate::normalize::pinyin::hangul(&place.ascii_name))
        .or_else(|| crate::normalize::pinyin::hangul(&place.name))
    else {
        return;
    };
    if hangul.chars().count() < 2 || place.names.iter().any(|n| n.text == hangul) {
        return;
    }
    place.names.push(Name {
        text: hangul.into(),
        lang: "ko".into(),
        kind: NameKind::Transliterated,
    });
}

/// An ASCII form of a name: folded, diacritics and apostrophes removed,
/// capitalisation of the original kept where it was ASCII.
pub(super) fn fold_ascii(name: &str) -> String {
    let folded = fold(name);
    if folded.is_ascii() {
        // Re-capitalise word starts the way the original has them.
        let mut out = String::with_capacity(folded.len());
        let mut capital_next = true;
        for c in folded.chars() {
            out.push(if capital_next {
                c.to_ascii_uppercase()
            } else {
                c
            });
            capital_next = c == ' ';
        }
        out
    } else {
        String::new()
    }
}
