//! Context decisions on a name found in the text: word boundaries,
//! capitalisation, designators and particles, organisation and file names,
//! attributes, and common words that need an address.

use super::*;
use crate::word_list::WordList;

/// The word lists of this module (`context_words.txt`).
const WORDS: &str = include_str!("context_words.txt");

/// Acronyms after a place name that do not make it an organisation's name.
static ACRONYM_PLACES: WordList = WordList::section(WORDS, "acronym_places");

impl Matcher {
    /// A name that is also a common word (안주 "snacks", 선봉 "vanguard")
    /// is a place with a designator (안주시) or right after a province or
    /// county in address order (평안남도 안주); otherwise it is the word.
    pub(super) fn keep_common_words_in_context(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        mentions: &mut Vec<Mention>,
    ) {
        if self.common_keys.is_empty() {
            return;
        }
        let mut keep = vec![true; mentions.len()];
        for (i, m) in mentions.iter().enumerate() {
            if !self.common_keys.contains(m.key.as_str()) || m.designator.is_some() {
                continue;
            }
            let address = i > 0 && {
                let prev = &mentions[i - 1];
                text[prev.span.end..m.span.start] == *" "
                    && prev.candidates.iter().any(|&id| {
                        matches!(gazetteer.place(id).level(), Level::Province | Level::County)
                    })
            };
            keep[i] = address;
        }
        let mut k = keep.into_iter();
        mentions.retain(|_| k.next().unwrap_or(true));
    }

    /// Checks a name found at `hit` in the folded text and extends it with
    /// its designators; `None` when it is not a place mention.
    pub(super) fn accept(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        folded: &FoldedText,
        hit: &Hit<'_>,
    ) -> Option<Mention> {
        let f = folded.text.as_str();
        let (start, end) = (hit.start, hit.end);
        let mut mention_start = start;
        if let Some(before) = f[..start].chars().next_back()
            && before.is_alphanumeric()
        {
            // Korean compounds put a one-syllable prefix before a name
            // (신압록강대교 "New Yalu River Bridge", 남신의주 "South Sinuiju").
            let at = start - before.len_utf8();
            let word_start = !f[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            // Names run together (무산군회령시): a designator syllable
            // closes the name before this one.
            let after_designator = hit.hangul
                && RUN_TOGETHER_DESIGNATORS.contains(&before)
                && f[..at].chars().next_back().is_some_and(is_hangul_syllable)
                && f[start..end].chars().count() >= 2;
            if after_designator {
                // The mention starts at the name itself.
            } else if !(hit.hangul
                && word_start
                && HANGUL_PREFIXES.contains(&before)
                && f[start..end].chars().count() >= 2)
            {
                return None;
            } else {
                mention_start = at;
            }
        }
        let mut mention_end = end;
        let mut designator = None;
        if hit.hangul {
            // The rest of the Hangul word: an optional designator, then an
            // optional particle, then nothing.
            let word_end = hangul_word_end(f, end);
            let rest = &f[end..word_end];
            let fits_any = |kind: Designator| {
                hit.candidates
                    .iter()
                    .any(|&id| kind.fits(gazetteer.place(id).level()))
            };
            for (d, kind) in HANGUL_DESIGNATORS {
                if let Some(tail) = strip_designator_prefix(rest, d)
                    && (is_particle_or_empty(tail) || self.starts_with_name(tail))
                    && fits_any(kind)
                {
                    designator = Some(kind);
                    mention_end = end + d.len();
                    break;
                }
            }
            let mut tail = if designator.is_some() {
                &rest[mention_end - end..]
            } else {
                rest
            };
            if designator.is_none()
                && let Some(len) = korean::facility_tail(&f[end..])
            {
                // A facility named after the place: 압록강다리, 회령 정치범수용소.
                designator = Some(Designator::Facility);
                mention_end = end + len;
                tail = "";
            }
            if !is_particle_or_empty(tail) && designator.is_some() && self.starts_with_name(tail) {
                // 무산군회령시: the next name follows the designator.
                tail = "";
            }
            // 압록강물 "the Yalu's water": the river all the same.
            let river_water = rest.strip_prefix('물').is_some_and(is_particle_or_empty)
                && hit
                    .candidates
                    .iter()
                    .any(|&id| gazetteer.place(id).level() == Level::River);
            if designator.is_none()
                && !is_particle_or_empty(rest)
                && !river_water
                && !self.starts_with_name(rest)
            {
                return None;
            }
            if designator.is_some() && !is_particle_or_empty(tail) {
                return None;
            }
            // A one-syllable name (북) with anything attached is another word
            // (북쪽 the north side, 북측 the northern side).
            let one_syllable = f[start..end].chars().count() == 1;
            let name_span = folded.original_span(start..end);
            let hyphenated = text[..name_span.start].ends_with(crate::normalize::is_hyphen)
                || text[name_span.end..].starts_with(crate::normalize::is_hyphen);
            if designator.is_none() && one_syllable && (!rest.is_empty() || hyphenated) {
                return None;
            }
            // Korean village, town and county designators (리, 동, 읍, 군)
            // never follow a Chinese name: 화전리 is not Huadian.
            if matches!(
                designator,
                Some(Designator::Village | Designator::Town | Designator::County)
            ) && hit
                .candidates
                .iter()
                .all(|&id| gazetteer.place(id).country == "CN")
                && !f[end..].starts_with('현')
            {
                return None;
            }
            if rest.is_empty()
                && designator.is_none()
                && let Some(after) = f[word_end..].strip_prefix(' ')
            {
                // A designator written as a word of its own: "지린 성", "룽징 시",
                // "김형직 읍".
                let next_end = hangul_word_end(after, 0);
                for (d, kind) in HANGUL_DESIGNATORS {
                    // One-syllable designators, and the autonomous-region
                    // ones that may be spaced: "연변 조선족 자치주".
                    let spaced_ok = d.chars().count() == 1 || kind == Designator::Region;
                    let word = if d.contains(' ') {
                        after
                    } else {
                        &after[..next_end]
                    };
                    if let Some(rest_of_word) = strip_designator_prefix(word, d)
                        && is_particle_or_empty(&rest_of_word[..hangul_word_end(rest_of_word, 0)])
                        && spaced_ok
                        && fits_any(kind)
                    {
                        designator = Some(kind);
                        mention_end = word_end + 1 + d.len();
                        break;
                    }
                }
            }
            if rest.is_empty()
                && designator.is_none()
                && let Some((len, kind)) = glossed_designator(&f[word_end..])
                && fits_any(kind)
            {
                // A gloss between the name and its designator is part of the
                // mention: 요녕(遼寧)성, 용정(龍井)시.
                designator = Some(kind);
                mention_end = word_end + len;
            }
            let attribute_position = tail.is_empty() || tail == "측";
            // "중국 단둥 공안", "중국과 북한 정부기관": the noun may follow
            // another place name.
            let chained = (attribute_position || tail == "과" || tail == "와")
                && f[word_end..].strip_prefix(' ').is_some_and(|next| {
                    let next_end = hangul_word_end(next, 0);
                    self.starts_with_name(&next[..next_end])
                        && korean::is_attribute(&next[next_end..], true)
                });
            let is_country = hit
                .candidates
                .iter()
                .any(|&id| gazetteer.place(id).level() == Level::Country);
            if designator != Some(Designator::Facility)
                && ((attribute_position && korean::is_attribute(&f[word_end..], is_country))
                    || (is_country && chained))
            {
                return None;
            }
        } else {
            if f[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            let name_span = folded.original_span(start..end);
            let original = &text[name_span.clone()];
            if in_file_name_or_url(text, name_span.clone()) {
                return None;
            }
            // "Sino-DPRK border": an adjective of the pair, not the country.
            if text[..name_span.start].ends_with("Sino-") {
                return None;
            }
            let lower_case = original.chars().next().is_some_and(char::is_lowercase);
            if lower_case && !hit.lowercase_ok {
                return None;
            }
            // Every designator of FOLLOWING starts with a space: most names
            // are followed by something else, and need no comparison. After
            // the space, only the designators that start with the next byte
            // are compared.
            let next = match f.as_bytes().get(end..end + 2) {
                Some([b' ', next]) => Some(*next),
                _ => None,
            };
            if let Some((d, kind)) = FOLLOWING.iter().find(|(d, _)| {
                next == Some(d.as_bytes()[1])
                    && f[end..].starts_with(d)
                    && !f[end + d.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric())
            }) {
                // "Yalu and Tumen rivers": plural designators stay out.
                designator = Some(*kind);
                mention_end = end + d.len();
            } else if let Some(at) = designator_beyond_alternative(f, start, end)
                && let Some((_, kind)) = FOLLOWING.iter().find(|(d, _)| {
                    f[at..].starts_with(d)
                        && !f[at + d.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_alphanumeric())
                })
            {
                // "Duman (or Tumen) River", "Yalu (Amnok) River": a name and
                // its alternative in parentheses share the designator after
                // them; each mention keeps its own span.
                designator = Some(*kind);
            }
            if designator != Some(Designator::Region)
                && let Some(len) =
                    english_facility_after(text, folded.original_span(start..mention_end).end)
            {
                // "Hoeryong Stadium", "Yalu River Bridge": one mention of the
                // facility, located at the place it is named after.
                designator = Some(Designator::Facility);
                mention_end =
                    folded.folded_offset(folded.original_span(start..mention_end).end + len);
            } else if designator.is_none() && continues_as_longer_name(&text[name_span.end..]) {
                return None;
            }
            if self.is_organisation(text, folded, start, mention_end) {
                return None;
            }
        }
        if designator.is_none() && mention_start == start {
            // Only the designators that end with the byte before the name
            // are compared.
            let last = f.as_bytes()[..start].last();
            for (d, kind) in PRECEDING {
                if d.as_bytes().last() == last && f[..start].ends_with(d) {
                    let at = start - d.len();
                    if !f[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric())
                    {
                        designator = Some(kind);
                        mention_start = at;
                    }
                    break;
                }
            }
        }
        Some(Mention {
            span: folded.original_span(mention_start..mention_end),
            key: hit.key.clone(),
            candidates: Arc::clone(hit.candidates),
            designator,
            method: Method::Folded,
        })
    }

    /// Whether the name at the end of the folded text is followed by an
    /// organisation head word ("Korea Herald", "Hyesan People's Committee").
    fn is_organisation(&self, text: &str, folded: &FoldedText, start: usize, end: usize) -> bool {
        let f = &folded.text;
        // "Workers' Party of Korea", "Bank of Korea": the name closes an
        // organisation's name.
        if let Some(before) = f[..start].strip_suffix(" of ") {
            let head = last_word(before);
            if ORGANISATION_HEADS.contains(&head) || ORGANISATION_OF_HEADS.contains(&head) {
                let at = start - " of ".len() - head.len();
                let original = &text[folded.original_span(at..at + head.len())];
                if original.chars().next().is_some_and(char::is_uppercase) {
                    return true;
                }
            }
        }
        let rest = &f[end..];
        let Some(rest) = rest.strip_prefix(' ') else {
            return false;
        };
        // Lower-case heads of public bodies ("the Helong city government",
        // "the Dandong border guard") and an acronym of one ("Musan County
        // MSS").
        if LOWER_CASE_HEADS.iter().any(|h| {
            rest.strip_prefix(h)
                .is_some_and(|t| !t.chars().next().is_some_and(char::is_alphanumeric))
        }) {
            let at = folded.original_span(end..end + 1).end;
            return text[at..].starts_with(|c: char| c.is_lowercase());
        }
        let original_after = &text[folded.original_span(end..end + 1).end..];
        let acronym = first_word(original_after);
        if (2..=5).contains(&acronym.len())
            && acronym.chars().all(|c| c.is_ascii_uppercase())
            && !ACRONYM_PLACES.contains(&acronym)
        {
            return true;
        }
        let word = first_word(rest);
        if word.is_empty() || !ORGANISATION_HEADS.contains(&word) {
            return false;
        }
        // The head word must be capitalised in the original ("Herald", not
        // "herald") and follow the name after plain spaces ("SEOUL/BEIJING -
        // Daily NK" is a dateline, not the Beijing Daily).
        let at = end + 1;
        let head = folded.original_span(at..at + word.len());
        let name_end = folded.original_span(end - 1..end).end;
        text[name_end..head.start].chars().all(|c| c == ' ')
            && text[head].chars().next().is_some_and(char::is_uppercase)
    }
}

/// Capitalised words after a place name that make it part of an
/// organisation's or publication's name ("Korea Herald", "Hyesan People's
/// Committee", "Free North Korea Radio").
static ORGANISATION_HEADS: WordList = WordList::section(WORDS, "organisation_heads");

/// Lower-case words after a place name that make it part of the name of a
/// public body ("the Helong city government", "the Dandong border guard").
static LOWER_CASE_HEADS: WordList = WordList::section(WORDS, "lower_case_heads");

/// Words that name an organisation with "of" and a place after them
/// ("Workers' Party of Korea", "Bank of Korea", "University of Seoul").
static ORGANISATION_OF_HEADS: WordList = WordList::section(WORDS, "organisation_of_heads");

/// The byte length of " Facility" right after `at` in the original text:
/// a space and a capitalised facility head word of `facilities.txt`.
fn english_facility_after(text: &str, at: usize) -> Option<usize> {
    let rest = text[at..].strip_prefix(' ')?;
    let word_end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    korean::english_facilities()
        .contains(&word)
        .then_some(1 + word_end)
}

/// File-name extensions: a name inside "Hambuk-Hoiryong.PNG" is part of a
/// file name, not a mention.
static FILE_EXTENSIONS: WordList = WordList::section(WORDS, "file_extensions");

/// Whether the Korean name at `span` stands alone as a verb form after a
/// noun with the particle that verb governs ("단속에 나선": that set out on
/// a crackdown, from 나서다, not Rason). The pairs are in
/// `verb_homographs_ko.txt`.
pub(super) fn reads_as_korean_verb(text: &str, span: &Range<usize>) -> bool {
    let surface = &text[span.clone()];
    let alone = text[..span.start]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
        && !text[span.end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    if !alone {
        return false;
    }
    let before = text[..span.start].trim_end();
    let previous = &before[before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })..];
    verb_homographs_ko()
        .iter()
        .any(|(name, particle)| *name == surface && previous.ends_with(particle))
}

/// The pairs of `verb_homographs_ko.txt`: a name and a particle after
/// which the name is a verb form.
fn verb_homographs_ko() -> &'static [(&'static str, &'static str)] {
    static LIST: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("verb_homographs_ko.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    })
}

/// The words that may open a parenthesised alternative name, folded,
/// longest first (`alternative_markers.txt`).
fn alternative_markers() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut words: Vec<&'static str> = include_str!("alternative_markers.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
    })
}

/// Strips an alternative-name marker ("or ", "formerly ") from the start of
/// `s`, if there is one.
fn strip_marker_prefix(s: &str) -> &str {
    alternative_markers()
        .iter()
        .find_map(|m| s.strip_prefix(m).and_then(|r| r.strip_prefix(' ')))
        .unwrap_or(s)
}

/// Whether `s` can be a short alternative name: one to three words of
/// letters (and the hyphens and dots folding keeps).
fn is_short_name(s: &str) -> bool {
    let words = s.split(' ').count();
    !s.is_empty()
        && s.len() <= 40
        && words <= 3
        && s.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '.')
}

/// Where a designator would start when the name at `start..end` of the
/// folded text `f` stands beside an alternative name in parentheses: after
/// "Duman (or Tumen)" for "Duman", after "Tumen)" for "Tumen". `None` when
/// the name has no such neighbour.
fn designator_beyond_alternative(f: &str, start: usize, end: usize) -> Option<usize> {
    let rest = &f[end..];
    if let Some(inner) = rest.strip_prefix(" (") {
        // The name before the parentheses.
        let close = inner.find(')')?;
        if !is_short_name(strip_marker_prefix(&inner[..close])) {
            return None;
        }
        return Some(end + " (".len() + close + 1);
    }
    if rest.starts_with(')') {
        // The name inside them: "(or Tumen)" after a word.
        let open = f[..start].rfind('(')?;
        let marker = &f[open + 1..start];
        if !(marker.is_empty() || strip_marker_prefix(marker).is_empty()) {
            return None;
        }
        let before = f[..open].strip_suffix(' ')?;
        if !before.chars().next_back().is_some_and(char::is_alphabetic) {
            return None;
        }
        return Some(end + 1);
    }
    None
}

/// Whether the run of non-space characters around `span` is a file name
/// or a web address.
fn in_file_name_or_url(text: &str, span: Range<usize>) -> bool {
    // White space may be wider than one byte (a no-break space).
    let start = text[..span.start]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[span.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| span.end + i);
    // Compared without case, in place: this runs for every Latin name found.
    // The extensions and "www." are ASCII, and only ASCII capitals lower-case
    // to their letters.
    let token = text[start..end]
        .trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '.')
        .trim_end_matches('.')
        .as_bytes();
    FILE_EXTENSIONS.iter().any(|e| {
        token.len() >= e.len() && token[token.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
    }) || token.windows(3).any(|w| w == b"://")
        || token.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
}

/// The run of letters and digits at the start of `s`.
fn first_word(s: &str) -> &str {
    &s[..s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len())]
}

/// The run of letters and digits at the end of `s`.
fn last_word(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

/// English words that follow a place name after a hyphen to make a compound
/// modifier ("China-based", "U.S.-led", "North Korea-related").
static COMPOUND_HEADS: WordList = WordList::section(WORDS, "compound_heads");

/// Whether the text after a Latin name shows that the name is only the
/// start of a longer proper name: a hyphen and a lower-case word ("Jang
/// Song-taek"), or two capitalised words ("Han Hye Young", a person).
fn continues_as_longer_name(after: &str) -> bool {
    if let Some(rest) = after.strip_prefix('-') {
        let word = &rest[..rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())];
        let lower = word.chars().next().is_some_and(char::is_lowercase);
        // "North Korea-related", "U.S.-led" are compound modifiers of the
        // place; "Jang Song-taek" is a person.
        return lower && !COMPOUND_HEADS.contains(&word);
    }
    let mut words = after.split(' ');
    if words.next() != Some("") {
        return false;
    }
    // A Korean given name after a family name: "Ban Ki-moon", "Kim
    // Jong-un" (a designator after the hyphen is a place: "Sang-ri").
    if let Some(next) = after
        .strip_prefix(' ')
        .and_then(|a| a.split([' ', ',', '.']).next())
        && let Some((first, second)) = next.split_once('-')
        && first.chars().next().is_some_and(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase)
        && first.len() > 1
        && second.len() > 1
        && second.chars().all(char::is_lowercase)
        && ![
            "ri", "ni", "dong", "gun", "si", "do", "up", "gu", "guyok", "eup",
        ]
        .contains(&second)
    {
        return true;
    }
    let titlecase = |w: Option<&str>| {
        w.is_some_and(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase)
                && c.clone().next().is_some()
                && c.all(char::is_lowercase)
        })
    };
    titlecase(words.next()) && titlecase(words.next())
}

#[cfg(test)]
mod file_name_tests {
    use super::in_file_name_or_url;

    #[test]
    fn a_wide_space_before_a_name_is_no_panic() {
        let text = "x\u{a0}Hoeryong.png and\u{3000}Musan";
        let at = text.find("Hoeryong").unwrap();
        assert!(in_file_name_or_url(text, at..at + 8));
        let at = text.find("Musan").unwrap();
        assert!(!in_file_name_or_url(text, at..at + 5));
    }
}
