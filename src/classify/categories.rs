//! How the categories of a document's cues bear on one another: a cue that
//! ends a longer one takes its category, deaths in a disaster or near a
//! killing belong to it, a collapse after a flood is its damage.

use super::{Category, Mention};

/// A cue that ends another cue of the document ("fences" after "electrified
/// fences", "철조망" after "전기철조망") refers back to it and takes its
/// category.
pub(super) fn specialise(mentions: &mut [Mention]) {
    // The distinct cues of the document: few, however long it is.
    let mut specific: Vec<(String, Category)> = mentions
        .iter()
        .map(|m| (m.cue.to_lowercase(), m.category))
        .collect();
    specific.sort();
    specific.dedup();
    for m in mentions.iter_mut() {
        let cue = m.cue.to_lowercase();
        if let Some((_, c)) = specific
            .iter()
            .find(|(long, c)| *c != m.category && long.len() > cue.len() && long.ends_with(&cue))
        {
            m.category = *c;
        }
    }
}

/// "Heavy rain flooded the town, killing 12 people": a killing in the same
/// sentence as a disaster, flood or accident is a death, not a killing.
pub(super) fn disaster_deaths(mentions: &mut Vec<Mention>) {
    let struck: std::collections::HashSet<usize> = mentions
        .iter()
        .filter(|m| {
            matches!(
                m.category,
                Category::Disaster | Category::Flood | Category::Accident
            )
        })
        .map(|m| m.sentence)
        .collect();
    for m in mentions.iter_mut() {
        if m.category == Category::Killing && struck.contains(&m.sentence) {
            m.category = Category::Death;
        }
    }
    // Houses that collapse in a flood or a storm are its damage, not a
    // separate accident: in its sentence the flood already says so; in the
    // next sentences ("Near Dandong 200 houses collapsed") the damage tells
    // where the flood struck.
    let natural: Vec<(usize, Category)> = mentions
        .iter()
        .filter(|m| matches!(m.category, Category::Disaster | Category::Flood))
        .map(|m| (m.sentence, m.category))
        .collect();
    mentions.retain(|m| {
        m.category != Category::Accident || !natural.iter().any(|&(s, _)| s == m.sentence)
    });
    for m in mentions.iter_mut() {
        if m.category != Category::Accident {
            continue;
        }
        if let Some(&(_, cause)) = natural
            .iter()
            .rev()
            .find(|&&(s, _)| s < m.sentence && m.sentence - s <= DAMAGE_SPAN)
        {
            m.category = cause;
        }
    }
}

/// How many sentences after a flood or a storm a collapse is still its
/// damage.
pub(super) const DAMAGE_SPAN: usize = 2;

/// How many sentences before or after a killing a death still tells of
/// its victims ("Two dead as guards open fire", "Guards shot two men. Their
/// bodies were left on the bank.").
pub(super) const VICTIMS_SPAN: usize = 1;

/// A killing decides what the deaths and shootings around it are: a death
/// told in its sentence or the one before or after ([`VICTIMS_SPAN`]) is that
/// killing, and a shooting in its sentence ("struck by gunfire, they were
/// killed") is how it was done, not another incident.
pub(super) fn killing_context(mentions: &mut Vec<Mention>) {
    let killings: Vec<usize> = mentions
        .iter()
        .filter(|m| m.category == Category::Killing)
        .map(|m| m.sentence)
        .collect();
    if killings.is_empty() {
        return;
    }
    let near_killing = |s: usize| killings.iter().any(|&k| k.abs_diff(s) <= VICTIMS_SPAN);
    for m in mentions.iter_mut() {
        if m.category == Category::Death && near_killing(m.sentence) {
            m.category = Category::Killing;
        }
    }
    mentions.retain(|m| {
        !(m.category == Category::OtherIncident && m.violent && killings.contains(&m.sentence))
    });
}
