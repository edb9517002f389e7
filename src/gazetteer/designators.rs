//! Designators after Korean place names ("Hyesan-si", "Musan County",
//! "보천군"), and the bare name without one. Used when the gazetteer is
//! built (a name also gets its bare form) and at lookup (a Hangul name no
//! source lists is tried by the romanizations of its stem). The lists are
//! in `designators.txt`.

use crate::normalize::is_hangul_syllable;
use crate::word_list::WordList;

const WORDS: &str = include_str!("designators.txt");

/// Romanized and English designators, lower case, each written after a
/// space in a name.
static LATIN_DESIGNATORS: WordList = WordList::section(WORDS, "latin");

/// Hangul designators, written right after the name.
static HANGUL_DESIGNATORS: WordList = WordList::section(WORDS, "hangul");

/// The name without a trailing designator, if it has one and something
/// remains.
pub fn strip_designator(name: &str) -> Option<String> {
    let spaced = name.replace(['-', '‐'], " ");
    let lower = spaced.to_lowercase();
    for d in LATIN_DESIGNATORS.iter() {
        // The designator with the space before it.
        let len = d.len() + 1;
        if lower.len() > len + 2
            && lower.ends_with(d)
            && lower.as_bytes()[lower.len() - len] == b' '
        {
            let cut = spaced.len() - len;
            if spaced.is_char_boundary(cut) {
                return Some(spaced[..cut].trim().to_string());
            }
        }
    }
    if name.chars().all(|c| is_hangul_syllable(c) || c == ' ') {
        for d in HANGUL_DESIGNATORS.iter() {
            if let Some(stem) = name.strip_suffix(d).map(str::trim_end)
                && stem.chars().count() >= 2
            {
                return Some(stem.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::strip_designator;

    #[test]
    fn designators_are_cut_from_the_end() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Hyesan-si", Some("Hyesan")),
            ("Musan County", Some("Musan")),
            ("Seoul Special City", Some("Seoul")),
            ("보천군", Some("보천")),
            ("양강도", Some("양강")),
            // Nothing would remain, or no designator.
            ("Si", None),
            ("Hoeryong", None),
            ("군", None),
        ];
        for &(name, want) in cases {
            assert_eq!(strip_designator(name).as_deref(), want, "{name}");
        }
    }
}
