//! The designators that may stand next to a name (County, -si, 군, Mount)
//! and the level each tells.

use super::*;

/// Folded designators that follow a Latin name, longest first, with the
/// level they tell. Each starts with a space (`Matcher::accept` looks for
/// them only after one).
pub(super) const FOLLOWING: [(&str, Designator); 34] = [
    (" special administrative region", Designator::Region),
    (" korean autonomous prefecture", Designator::Region),
    (" korean autonomous county", Designator::Region),
    (" autonomous prefecture", Designator::Region),
    (" reservoir", Designator::Lake),
    (" lake", Designator::Lake),
    (" special city", Designator::City),
    (" province", Designator::Province),
    (" county", Designator::County),
    (" city", Designator::City),
    (" district", Designator::District),
    (" village", Designator::Village),
    (" island", Designator::Island),
    (" river", Designator::River),
    (" mountains", Designator::Mountain),
    (" mountain", Designator::Mountain),
    (" region", Designator::Region),
    (" guyok", Designator::District),
    (" kuyok", Designator::District),
    (" gun", Designator::County),
    (" kun", Designator::County),
    (" si", Designator::City),
    (" shi", Designator::City),
    (" up", Designator::Town),
    (" eup", Designator::Town),
    (" ri", Designator::Village),
    (" ni", Designator::Village),
    (" dong", Designator::Village),
    (" do", Designator::Province),
    (" gu", Designator::District),
    (" gang", Designator::River),
    (" kang", Designator::River),
    (" san", Designator::Mountain),
    (" shan", Designator::Mountain),
];

/// Folded designators that come before a name.
// The space every designator of FOLLOWING starts with, and a word after
// it, checked when compiling.
const _: () = {
    let mut i = 0;
    while i < FOLLOWING.len() {
        assert!(FOLLOWING[i].0.len() >= 2 && FOLLOWING[i].0.as_bytes()[0] == b' ');
        i += 1;
    }
};

pub(super) const PRECEDING: [(&str, Designator); 4] = [
    ("mount ", Designator::Mountain),
    ("mt ", Designator::Mountain),
    ("mt. ", Designator::Mountain),
    ("river ", Designator::River),
];

/// Hangul designators attached to a name, with the level they tell.
pub(super) const HANGUL_DESIGNATORS: [(&str, Designator); 25] = [
    ("특별행정구", Designator::Region),
    ("조선족 자치주", Designator::Region),
    ("조선족자치주", Designator::Region),
    ("조선족자치현", Designator::Region),
    ("자치주", Designator::Region),
    ("노동자구", Designator::District),
    ("구역", Designator::District),
    ("지구", Designator::District),
    ("성", Designator::Province),
    ("특별시", Designator::City),
    ("직할시", Designator::City),
    ("광역시", Designator::City),
    ("시", Designator::City),
    ("군", Designator::County),
    ("현", Designator::District),
    ("구", Designator::District),
    ("도", Designator::Province),
    ("읍", Designator::Town),
    ("면", Designator::Village),
    ("리", Designator::Village),
    ("동", Designator::Village),
    ("강", Designator::River),
    ("호", Designator::Lake),
    ("산맥", Designator::Mountain),
    ("산", Designator::Mountain),
];

/// Designator syllables after which another name may follow without a
/// space (무산군회령시, wiki-style lists).
pub(super) const RUN_TOGETHER_DESIGNATORS: [char; 7] = ['군', '시', '도', '구', '리', '동', '읍'];

/// One-syllable prefixes that Korean compounds put before a place name:
/// 신 new, 구 old, 남 south, 북 north, 동 east, 서 west.
pub(super) const HANGUL_PREFIXES: [char; 6] = ['신', '구', '남', '북', '동', '서'];

/// `text.strip_prefix(d)` for a designator `d`. Every Hangul word is tried
/// against every designator; the last byte of `d`'s place in `text` is
/// compared first, as most tries fail there and a comparison of the whole
/// is a call to `memcmp`.
pub(super) fn strip_designator_prefix<'t>(text: &'t str, d: &str) -> Option<&'t str> {
    if let Some(&last) = d.as_bytes().last()
        && text.as_bytes().get(d.len() - 1) != Some(&last)
    {
        return None;
    }
    text.strip_prefix(d)
}

/// `text.strip_suffix(d)` for a designator `d`, with the last bytes
/// compared first (see [`strip_designator_prefix`]).
pub(super) fn strip_designator_suffix<'t>(text: &'t str, d: &str) -> Option<&'t str> {
    if !d.is_empty() && text.as_bytes().last() != d.as_bytes().last() {
        return None;
    }
    text.strip_suffix(d)
}

/// A parenthesised gloss and a one-syllable designator right after a name
/// ("(遼寧)성"): the byte length of both and the designator.
pub(super) fn glossed_designator(after: &str) -> Option<(usize, Designator)> {
    let inner = after.strip_prefix('(')?;
    // The gloss runs to the first character that is neither Han nor Hangul,
    // which must close it (a scan to the first ')' of a long text would be
    // quadratic over its names).
    let close = inner
        .find(|c: char| !(crate::gazetteer::hanja::is_han(c) || is_hangul_syllable(c)))
        .filter(|&c| inner[c..].starts_with(')'))?;
    if close == 0 {
        return None;
    }
    let rest = &inner[close + 1..];
    let word_end = hangul_word_end(rest, 0);
    HANGUL_DESIGNATORS.iter().find_map(|(d, kind)| {
        let tail = strip_designator_prefix(&rest[..word_end], d)?;
        (d.chars().count() == 1 && is_particle_or_empty(tail))
            .then_some((1 + close + 1 + d.len(), *kind))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripping_a_designator_is_what_str_does() {
        let texts = [
            "",
            "군",
            "무산군",
            "무산군에서",
            "시군",
            "구역",
            "지구역",
            "군사",
            "x",
            "도시",
        ];
        let designators = HANGUL_DESIGNATORS.iter().map(|(d, _)| *d).chain(["", "x"]);
        for d in designators {
            for text in texts {
                assert_eq!(
                    strip_designator_prefix(text, d),
                    text.strip_prefix(d),
                    "{text} {d}"
                );
                assert_eq!(
                    strip_designator_suffix(text, d),
                    text.strip_suffix(d),
                    "{text} {d}"
                );
            }
        }
    }
}
