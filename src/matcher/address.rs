//! Places below a county known only through their address: a village
//! word after its county in Korean order (보천군 화전리) or before it in
//! English ("Hwajon Village, Pochon County").

use super::*;
use crate::word_list::WordList;

/// The designator lists of this module (`address_words.txt`).
const WORDS: &str = include_str!("address_words.txt");

/// Hangul designators of units below a county: villages (리), town
/// neighbourhoods (동), towns (읍) and townships (면).
static HANGUL_VILLAGE_DESIGNATORS: WordList = WordList::section(WORDS, "hangul");

/// Korean addresses run from the larger unit to the smaller, separated by
/// spaces (양강도 보천군 화전리). A Hangul word ending in a village
/// designator right after a county or city mention is a place of that
/// county, even when the gazetteer does not know it: it becomes a mention
/// whose candidates are the county's. `mentions` must be sorted.
pub(super) fn find_address_children(
    gazetteer: &Gazetteer,
    folded: &FoldedText,
    mentions: &mut Vec<Mention>,
) {
    let f = folded.text.as_str();
    let mut added = Vec::new();
    let covered = Covered::new(mentions.iter().map(|m| &m.span));
    for m in mentions.iter() {
        if !has_county_or_city(gazetteer, m) {
            continue;
        }
        // The folded position right after the mention.
        let end = folded.folded_offset(m.span.end);
        let Some(after) = f[end..].strip_prefix(' ') else {
            continue;
        };
        let word_end = hangul_word_end(after, 0);
        let word = &after[..word_end];
        for head in heads_before_particle(word) {
            if HANGUL_VILLAGE_DESIGNATORS.iter().any(|d| head.ends_with(d)) {
                let start = end + 1;
                let span = folded.original_span(start..start + head.len());
                if !covered.overlaps(&span) {
                    added.push(Mention {
                        span,
                        key: head.into(),
                        candidates: county_or_city_candidates(gazetteer, m),
                        designator: Some(Designator::Village),
                        method: Method::Unlisted,
                    });
                }
                break;
            }
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// Latin designators of units below a county, as written after a name.
static LATIN_VILLAGE_DESIGNATORS: WordList = WordList::section(WORDS, "latin");

/// English addresses run from the smaller unit to the larger: "Hwajon
/// Village, Pochon County", "Nammun-dong of Hoeryong City". A capitalised
/// name with a village designator right before ", " and a county or city
/// mention is a place of that county or city even when the gazetteer does
/// not know it: it becomes a mention whose candidates are the county's or
/// city's. `mentions` must be sorted.
pub(super) fn find_latin_address_children(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &mut Vec<Mention>,
) {
    let mut added = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if !has_county_or_city(gazetteer, m) {
            continue;
        }
        let Some(before) = [", ", " of ", " in ", ", in "]
            .iter()
            .find_map(|gap| text[..m.span.start].strip_suffix(gap))
        else {
            continue;
        };
        let Some(designator) = LATIN_VILLAGE_DESIGNATORS
            .iter()
            .find(|d| before.ends_with(*d))
        else {
            continue;
        };
        let name_end = before.len() - designator.len();
        let name_start = text[..name_end]
            .rfind(|c: char| !(c.is_alphanumeric() || crate::normalize::is_apostrophe(c)))
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let name = &text[name_start..name_end];
        if name.chars().count() < 2 || !name.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let span = name_start..before.len();
        let previous_end = if i == 0 { 0 } else { mentions[i - 1].span.end };
        if span.start < previous_end {
            continue;
        }
        added.push(Mention {
            span,
            key: lookup_key(&text[name_start..before.len()]).into(),
            candidates: county_or_city_candidates(gazetteer, m),
            designator: Some(Designator::Village),
            method: Method::Unlisted,
        });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

fn is_county_or_city(gazetteer: &Gazetteer, id: PlaceId) -> bool {
    matches!(gazetteer.place(id).level(), Level::County | Level::City)
}

/// Whether a candidate of `m` is a county or a city: tested before the
/// text around it, so that a mention that cannot be an address's unit
/// builds no list.
fn has_county_or_city(gazetteer: &Gazetteer, m: &Mention) -> bool {
    m.candidates
        .iter()
        .any(|&id| is_county_or_city(gazetteer, id))
}

/// The candidates of `m` that are counties or cities: the units a village
/// written beside it can belong to.
fn county_or_city_candidates(gazetteer: &Gazetteer, m: &Mention) -> Arc<[PlaceId]> {
    if m.candidates
        .iter()
        .all(|&id| is_county_or_city(gazetteer, id))
    {
        return Arc::clone(&m.candidates);
    }
    m.candidates
        .iter()
        .copied()
        .filter(|&id| is_county_or_city(gazetteer, id))
        .collect()
}
