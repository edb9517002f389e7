//! Span selection once every finder has run: glosses merged into their
//! name, bare Sino-Korean readings kept only with support, overlaps removed.

use super::*;

/// A gloss in parentheses right after a Latin mention ("Ji'an (集安)",
/// "Manp'o (만포시 / 滿浦市)") is part of that mention: English text glosses a
/// name, it does not mention the place twice. (Korean text names the place
/// again in the gloss, 카이산툰(開山屯): those stay two mentions.)
pub(super) fn merge_glosses(text: &str, mentions: &mut Vec<Mention>) {
    // Mentions inside a gloss are marked dead rather than removed one gloss
    // at a time, which would shift the rest of a long document's mentions
    // for every gloss.
    let n = mentions.len();
    let mut dead = vec![false; n];
    let next_alive = |dead: &[bool], from: usize| (from..n).find(|&j| !dead[j]);
    let mut i = 0;
    while i < n {
        let Some(j) = next_alive(&dead, i + 1) else {
            break;
        };
        let (first, second) = (&mentions[i], &mentions[j]);
        if first.span.end <= second.span.start
            && let Some(end) = gloss_end(text, first, second)
        {
            // Drop every mention inside the parentheses: sorted by start,
            // they follow `i` (after any that start where it does).
            let start = first.span.start;
            for k in j..n {
                let s = mentions[k].span.start;
                if s >= end {
                    break;
                }
                if s > start {
                    dead[k] = true;
                }
            }
            mentions[i].span.end = end;
        }
        match next_alive(&dead, i + 1) {
            Some(next) => i = next,
            None => break,
        }
    }
    let mut k = dead.into_iter();
    mentions.retain(|_| !k.next().unwrap_or(false));
}

/// The end of the parenthesised gloss after `first` when `second` is the
/// glossed name inside it (a Latin mention, then " (" and Hangul or Han
/// text up to the closing parenthesis).
fn gloss_end(text: &str, first: &Mention, second: &Mention) -> Option<usize> {
    let latin = text[first.span.clone()]
        .chars()
        .all(|c| !is_hangul_syllable(c) && !crate::gazetteer::hanja::is_han(c));
    let gap = &text[first.span.end..second.span.start];
    if !latin || !(gap == " (" || gap == "(") {
        return None;
    }
    // Up to the closing parenthesis, only spaces, slashes, Hangul and Han:
    // the scan stops at the first other character.
    let (at, c) = text[second.span.end..].char_indices().find(|&(_, ch)| {
        !(ch == ' ' || ch == '/' || is_hangul_syllable(ch) || crate::gazetteer::hanja::is_han(ch))
    })?;
    (c == ')').then_some(second.span.end + at + 1)
}

/// A bare Sino-Korean reading (단동, 집안) is often also a Korean word (통화
/// is a phone call, 집안 a family): it stays a mention only when the text
/// supports it: a designator (집안시), a gloss beside it (투먼(도문)), or
/// another mention of the same place in the document by a designator or
/// another name.
pub(super) fn keep_supported_readings(text: &str, mentions: &mut Vec<Mention>) {
    let supported_keys: HashSet<CompactString> = mentions
        .iter()
        .filter(|m| m.method == Method::SinoKorean && m.designator.is_some())
        .map(|m| m.key.clone())
        .collect();
    let other_places: HashSet<PlaceId> = mentions
        .iter()
        .filter(|m| m.method != Method::SinoKorean)
        .flat_map(|m| m.candidates.iter().copied())
        .collect();
    mentions.retain(|m| {
        let glossed = text[..m.span.start].ends_with('(')
            || text[m.span.end..].starts_with('(')
            || text[m.span.end..].starts_with(')');
        m.method != Method::SinoKorean
            || m.designator.is_some()
            || glossed
            || supported_keys.contains(&m.key)
            || m.candidates.iter().any(|c| other_places.contains(c))
    });
}

/// Keeps mentions from overlapping: of two that do, the earlier (then the
/// longer) stays. `mentions` must be sorted by start.
pub(super) fn remove_overlaps(mentions: &mut Vec<Mention>) {
    let mut end = 0;
    mentions.retain(|m| {
        let keep = m.span.start >= end;
        if keep {
            end = m.span.end;
        }
        keep
    });
}
