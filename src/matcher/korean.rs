//! Korean word structure around a place name: the particles that may
//! follow it, the nouns that turn it into an attribute (북한 주민, 중국 공안)
//! and the facility nouns that make it part of a facility's name.
//!
//! The word lists are data files beside this module, each saying where its
//! entries come from.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use crate::normalize::is_hangul_syllable;

const PARTICLES: &str = include_str!("particles_ko.txt");
const ATTRIBUTES: &str = include_str!("attributes_ko.txt");
const FACILITIES: &str = include_str!("facilities.txt");

/// The most particles accepted in a row after a name (지역 + 에서 + 는).
const MAX_PARTICLES: usize = 3;

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn particles() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| data_lines(PARTICLES).collect())
}

/// Whether `rest` (the Hangul after a name in the same word) is empty or a
/// run of at most three particles: 에서, 서, 지역에, 부근에서는.
pub fn is_particle_tail(rest: &str) -> bool {
    fn split(rest: &str, depth: usize) -> bool {
        if rest.is_empty() {
            return true;
        }
        if depth == MAX_PARTICLES {
            return false;
        }
        // A particle is at most four syllables: only the first cuts count,
        // which keeps a long run of Hangul linear.
        rest.char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain([rest.len()])
            .take(MAX_PARTICLE_SYLLABLES)
            .any(|cut| particles().contains(&rest[..cut]) && split(&rest[cut..], depth + 1))
    }
    rest.len() <= MAX_PARTICLES * MAX_PARTICLE_SYLLABLES * 4 && split(rest, 0)
}

/// The longest particle, in syllables.
const MAX_PARTICLE_SYLLABLES: usize = 4;

/// What a noun after a place name makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attribute {
    /// People or things of a country (북한 주민, 중국 배).
    Person,
    /// An organisation of the place (회령시 보위부).
    Organisation,
    /// A station: of a country it is an attribute, of a province, county
    /// or city it is still where the station is (회령시 보안서).
    Office,
}

fn attributes() -> &'static Vec<(&'static str, Attribute)> {
    static LIST: OnceLock<Vec<(&'static str, Attribute)>> = OnceLock::new();
    LIST.get_or_init(|| {
        data_lines(ATTRIBUTES)
            .filter_map(|l| {
                let (noun, class) = l.split_once('\t')?;
                let class = match class {
                    "person" => Attribute::Person,
                    "organisation" => Attribute::Organisation,
                    "office" => Attribute::Office,
                    _ => return None,
                };
                Some((noun, class))
            })
            .collect()
    })
}

/// Every noun of `attributes_ko.txt`.
pub fn attribute_nouns() -> impl Iterator<Item = &'static str> {
    attributes().iter().map(|(noun, _)| *noun)
}

/// Whether the word after a place name (`after` starts right after the
/// name's own word) makes the name an attribute: a space and a noun of
/// `attributes_ko.txt` (people nouns only after a country).
pub fn is_attribute(after: &str, is_country: bool) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word_end = rest
        .char_indices()
        .find(|(_, c)| !is_hangul_syllable(*c))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_end];
    attributes().iter().any(|&(noun, class)| {
        (is_country || class == Attribute::Organisation)
            && word.strip_prefix(noun).is_some_and(|tail| {
                noun.chars().count() >= 2 || tail.is_empty() || is_particle_tail(tail)
            })
    })
}

/// A facility noun of `facilities.txt` in one language.
fn facilities(lang: &str) -> Vec<&'static str> {
    data_lines(FACILITIES)
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, l)| *l == lang)
        .map(|(noun, _)| noun)
        .collect()
}

/// Korean facility nouns, longest first.
pub fn korean_facilities() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut v = facilities("ko");
        v.sort_by_key(|n| std::cmp::Reverse(n.len()));
        v
    })
}

/// English facility head words (capitalised in a facility's name).
pub fn english_facilities() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| facilities("en"))
}

/// The length of a Korean facility noun (and particles) at the start of
/// `rest`, attached to the name (압록강다리) or after one space (회령
/// 정치범수용소); returns the byte length of the facility name's tail
/// (without particles).
pub fn facility_tail(rest: &str) -> Option<usize> {
    let (gap, word) = match rest.strip_prefix(' ') {
        Some(r) => (1, r),
        None => (0, rest),
    };
    let word_end = word
        .char_indices()
        .find(|(_, c)| !is_hangul_syllable(*c))
        .map_or(word.len(), |(i, _)| i);
    let word = &word[..word_end];
    korean_facilities().iter().find_map(|noun| {
        // The facility noun may follow other words of the facility's name
        // (압록강철교, 회령 정치범수용소): the noun ends the word.
        let pos = first_occurrence(word, noun)?;
        let tail = &word[pos + noun.len()..];
        (is_particle_tail(tail) && ((gap == 0 && pos == 0) || (gap == 1 && pos <= 9)))
            .then_some(gap + pos + noun.len())
    })
}

/// `word.find(noun)` for the short word after a name: a substring
/// searcher costs more to set up than a look at each character's start,
/// where the last byte of the noun's first character is compared first
/// (the byte that tells Hangul syllables apart).
fn first_occurrence(word: &str, noun: &str) -> Option<usize> {
    let (w, n) = (word.as_bytes(), noun.as_bytes());
    let Some(first) = noun.chars().next().map(char::len_utf8) else {
        return Some(0);
    };
    word.char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i + n.len() <= w.len())
        .find(|&i| w[i + first - 1] == n[first - 1] && w[i..].starts_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particle_runs() {
        for ok in [
            "",
            "에서",
            "서",
            "선",
            "으로의",
            "지역에",
            "부근에서는",
            "쪽으로",
            "까지",
            "이랑",
        ] {
            assert!(is_particle_tail(ok), "{ok}");
        }
        for no in ["산", "사람", "에서에서에서에서", "물이"] {
            assert!(!is_particle_tail(no), "{no}");
        }
    }

    #[test]
    fn attributes_by_class() {
        assert!(is_attribute(" 주민들이", true));
        assert!(!is_attribute(" 주민들이", false));
        assert!(is_attribute(" 보위부에", false));
        assert!(!is_attribute(" 보안서는", false));
        assert!(is_attribute(" 국경경비대원은", true));
        assert!(is_attribute(" 군(軍)", true));
        assert!(!is_attribute(" 군사", false));
        assert!(!is_attribute("에서 주민", true));
    }

    #[test]
    fn facilities_attached_or_spaced() {
        assert_eq!(facility_tail("다리를"), Some("다리".len()));
        assert_eq!(
            facility_tail(" 정치범수용소"),
            Some(1 + "정치범수용소".len())
        );
        assert_eq!(facility_tail("에서"), None);
    }

    #[test]
    fn first_occurrence_is_find() {
        for word in [
            "",
            "다리",
            "압록강다리를",
            "철교다리",
            "다리다리",
            "ab다리",
            "교",
        ] {
            for noun in ["다리", "교", "철교", "리를", "x", ""] {
                assert_eq!(
                    first_occurrence(word, noun),
                    word.find(noun),
                    "{word} {noun}"
                );
            }
        }
    }
}
