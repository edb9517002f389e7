//! Finds date phrases: one regular expression per form of phrase, every
//! match kept, then the longest ones that do not overlap.

use std::ops::Range;
use std::sync::OnceLock;

use jiff::civil::Weekday;
use regex::{Captures, Regex, RegexSet};

use super::words::Words;
use super::{Expr, MonthSpec, Part, Phrase, Season, Unit, YearSpec};
use crate::word_list::WordList;

/// One form of date phrase: its pattern and how a match becomes an [`Expr`]
/// (`None` rejects the match).
struct Rule {
    re: Regex,
    make: fn(&Captures<'_>, &Words) -> Option<Expr>,
}

/// Leading words kept out of a phrase's text ("in March" is "March"), when
/// a space follows them (`prepositions.txt`).
static PREPOSITIONS: WordList = WordList::new(include_str!("prepositions.txt"));

/// Every date phrase of `text`, in text order; where phrases overlap the
/// longest is kept.
pub fn find(text: &str) -> Vec<Phrase> {
    find_in(text, 0..text.len())
}

/// The date phrases of `text[range]` (the text around it decides word
/// boundaries and reporting dates), in text order, longest kept where they
/// overlap.
pub fn find_in(text: &str, range: Range<usize>) -> Vec<Phrase> {
    let mut phrases = find_unmarked(text, range);
    for p in &mut phrases {
        p.reporting = is_reporting(text, &p.range);
    }
    phrases
}

/// [`find_in`] without working out which phrases date the report
/// (`reporting` is false): the caller asks [`is_reporting`] of those it
/// looks at.
pub(super) fn find_unmarked(text: &str, range: Range<usize>) -> Vec<Phrase> {
    let found = raw_matches(text, range, None)
        .into_iter()
        .filter_map(|m| Some((m.range, m.expr?)));
    choose(text, found)
        .into_iter()
        .map(|(range, expr)| Phrase {
            reporting: false,
            range,
            expr,
        })
        .collect()
}

/// A match of one form, as the form's search found it: before the phrase
/// is trimmed and the longest of overlapping ones chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawMatch {
    /// Where the form matched.
    pub(super) range: Range<usize>,
    /// What it says; `None` when the form rejects the match (it still
    /// takes its text from that form's later matches).
    pub(super) expr: Option<Expr>,
}

/// Every match of every form in `text[..range.end]` from `range.start`:
/// form by form (in rule order), each form's in text order, as its
/// search steps from one match to the text after it.
///
/// With `spans`, the [`match_spans`] of the whole text, the searches skip
/// the text between them: a match of any form starts inside one. That
/// holds for the text up to `range.end` too unless the range ends inside
/// a word (see [`match_spans`]); the caller makes sure it does not.
pub(super) fn raw_matches(
    text: &str,
    range: Range<usize>,
    spans: Option<&[Range<usize>]>,
) -> Vec<RawMatch> {
    let words = Words::get();
    let mut found = Vec::new();
    let (set, rules) = rules();
    let haystack = &text[..range.end];
    // Where the next match may start, from `at` on.
    let next = |at: usize| -> Option<usize> {
        let Some(spans) = spans else {
            return (at <= haystack.len()).then_some(at);
        };
        let i = spans.partition_point(|s| s.end <= at);
        spans
            .get(i)
            .map(|s| s.start.max(at))
            .filter(|&q| q < range.end)
    };
    let first = match spans {
        None => range.start,
        Some(_) => match next(range.start) {
            Some(first) => first,
            None => return found,
        },
    };
    // One pass tells which forms occur at all; most sentences have none.
    let mut hits = [false; MAX_RULES];
    let hits = &mut hits[..set.len()];
    if !set.matches_read_at(hits, haystack, first) {
        return found;
    }
    for (rule, _) in rules.iter().zip(hits.iter()).filter(|(_, hit)| **hit) {
        let mut at = first;
        while let Some(caps) = next(at).and_then(|at| rule.re.captures_at(haystack, at)) {
            let m = caps.get(0).expect("group 0");
            at = if m.end() > m.start() {
                m.end()
            } else {
                // An empty match: step over one character.
                haystack[m.end()..]
                    .chars()
                    .next()
                    .map_or(haystack.len() + 1, |c| m.end() + c.len_utf8())
            };
            let expr = if digit_bounded(text, m.start(), m.end()) {
                (rule.make)(&caps, words)
            } else {
                None
            };
            found.push(RawMatch {
                range: m.range(),
                expr,
            });
            if at > haystack.len() {
                break;
            }
        }
    }
    found
}

/// One expression for every form (their group names dropped): a match of
/// any form starts where this one's first match does.
fn any_form() -> &'static Regex {
    static ANY: OnceLock<Regex> = OnceLock::new();
    ANY.get_or_init(|| {
        let (_, rules) = rules();
        let names = Regex::new(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>").expect("a valid pattern");
        let union = rules
            .iter()
            .map(|r| format!("(?:{})", names.replace_all(r.re.as_str(), "(?:")))
            .collect::<Vec<_>>()
            .join("|");
        regex::RegexBuilder::new(&union)
            .size_limit(1 << 26)
            .build()
            .expect("date patterns compile")
    })
}

/// The matches of [`any_form`] in `text`, each searched for from the end
/// of the one before. Every match of every form in `text` starts inside
/// one of them: one that started between two would have been found from
/// the end of the first, and one before the first likewise. So does every
/// match of a search of `text[..end]` when `end` is not inside a word: it
/// is a match of the whole text, or one cut short at `end` of a match
/// that crosses it (only `\b` at `end` could hold in the shorter text
/// and fail in the whole, and only inside a word).
pub(super) fn match_spans(text: &str) -> Vec<Range<usize>> {
    any_form().find_iter(text).map(|m| m.range()).collect()
}

/// The phrases among the accepted matches `found` (match and what it
/// says, in [`raw_matches`] order), in text order: each trimmed of a
/// leading preposition and trailing punctuation, the longest kept where
/// they overlap.
pub(super) fn choose(
    text: &str,
    found: impl IntoIterator<Item = (Range<usize>, Expr)>,
) -> Vec<(Range<usize>, Expr)> {
    let mut found: Vec<_> = found.into_iter().collect();
    // The phrase proper: without a leading preposition or trailing
    // punctuation ("of February 18" is "February 18").
    for (range, _) in &mut found {
        if let Some(p) = PREPOSITIONS.iter().find(|p| {
            text[range.clone()]
                .strip_prefix(**p)
                .is_some_and(|rest| rest.starts_with(' '))
        }) {
            range.start += p.len() + 1;
        }
        while text[range.clone()].ends_with([' ', ',', '(']) {
            range.end -= 1;
        }
    }
    // Longest first, then leftmost; keep those that overlap nothing kept.
    found.sort_by_key(|(r, _)| (std::cmp::Reverse(r.len()), r.start));
    let mut kept: Vec<(Range<usize>, Expr)> = Vec::new();
    for (range, expr) in found {
        if kept
            .iter()
            .all(|(k, _)| range.end <= k.start || range.start >= k.end)
        {
            kept.push((range, expr));
        }
    }
    kept.sort_by_key(|(r, _)| r.start);
    kept
}

/// A match that starts or ends with a digit must not continue a longer
/// number ("12019" is no year).
fn digit_bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let continues_before = start > 0 && digit_at(start) && digit_at(start - 1);
    let continues_after = digit_at(end - 1) && digit_at(end);
    !continues_before && !continues_after
}

/// True when the phrase dates the report: right after a verb of
/// attribution ("told Daily NK on Monday", at most four words between), or
/// in Korean right before the outlet ("5일 데일리NK에") or right after the
/// source ("소식통은 5일").
pub(super) fn is_reporting(text: &str, range: &Range<usize>) -> bool {
    let words = Words::get();
    let mut from = range.start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..range.start];
    let after = text[range.end..].trim_start();
    if words
        .list("ko_reporting_after")
        .iter()
        .any(|(w, _)| after.starts_with(w.as_str()))
    {
        return true;
    }
    let phrase = &text[range.clone()];
    if !phrase.starts_with("지난")
        && words
            .list("ko_reporting_before")
            .iter()
            .any(|(w, _)| before.trim_end().ends_with(w.as_str()))
    {
        return true;
    }
    // "said on Monday", "said Monday"; "told Daily NK on Monday" (a verb
    // that takes an addressee: value 1 in words.tsv, up to four words).
    // The words after each token up to the phrase, nearest first: at most
    // four of them count.
    let mut between: [&str; 5] = [""; 5];
    for (count, token) in before.split_whitespace().rev().enumerate() {
        let after = &between[..count];
        if count > 4 || after.iter().any(|t| *t == "that" || t.ends_with(',')) {
            break;
        }
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(addressee) = words.value("reporting", word) {
            let plain = after.iter().all(|t| matches!(*t, "on" | "late" | "early"));
            let to_someone = addressee == 1 && after.first().is_none_or(|t| *t == "on");
            return plain || to_someone;
        }
        between[count] = token;
    }
    false
}

fn num<T: std::str::FromStr>(caps: &Captures<'_>, name: &str) -> Option<T> {
    caps.name(name)?.as_str().parse().ok()
}

fn year(caps: &Captures<'_>, name: &str) -> YearSpec {
    num(caps, name).map_or(YearSpec::Infer, YearSpec::Absolute)
}

fn month(caps: &Captures<'_>, words: &Words) -> Option<i8> {
    let name = caps.name("mon")?.as_str();
    words
        .list("month")
        .iter()
        .find_map(|(w, v)| (w == name).then(|| i8::try_from(*v).ok()).flatten())
}

/// A date written with a month name: groups `mon`, `d` and optional `y`
/// ("March 3, 2024", "3 March").
fn named_month_date(caps: &Captures<'_>, words: &Words) -> Option<Expr> {
    Some(Expr::Date {
        year: year(caps, "y"),
        month: MonthSpec::Absolute(month(caps, words)?),
        day: valid_day(num(caps, "d")?)?,
    })
}

fn valid_day(day: i8) -> Option<i8> {
    (1..=31).contains(&day).then_some(day)
}

fn valid_month(m: i8) -> Option<i8> {
    (1..=12).contains(&m).then_some(m)
}

fn weekday(n: i64) -> Option<Weekday> {
    Weekday::from_monday_one_offset(i8::try_from(n).ok()?).ok()
}

fn has(caps: &Captures<'_>, name: &str) -> bool {
    caps.name(name).is_some()
}

fn lower(caps: &Captures<'_>, name: &str) -> String {
    caps.name(name)
        .map(|m| m.as_str().to_lowercase())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A part of a month from its English or Korean word.
fn part(word: &str) -> Part {
    let w = word.to_lowercase();
    if w.starts_with("early")
        || w.contains("beginning")
        || w.contains("start")
        || w.starts_with("초")
    {
        Part::Early
    } else if w.starts_with("mid") || w.contains("middle") || w.starts_with("중") {
        Part::Mid
    } else if w.starts_with("late") || w.contains("end") || w.starts_with("하") || w == "말" {
        Part::Late
    } else {
        Part::Whole
    }
}

/// A Korean relative year word: 올해 0, 작년 -1, 내년 +1.
fn ko_year(word: &str) -> Option<YearSpec> {
    Some(YearSpec::Relative(match word {
        "올해" | "금년" | "올" | "이번" => 0,
        "지난해" | "작년" | "지난 해" => -1,
        "재작년" => -2,
        "내년" => 1,
        _ => return None,
    }))
}

/// A Korean relative month word: 이달 0, 지난달 -1, 다음 달 +1.
fn ko_month(word: &str) -> Option<i32> {
    Some(match word.replace(' ', "").as_str() {
        "이달" | "이번달" | "금월" => 0,
        "지난달" | "전달" | "지난월" => -1,
        "다음달" | "내달" => 1,
        _ => return None,
    })
}

/// The rules, and a set of their patterns that finds which of them match.
/// At most this many forms of date phrase (a bound for a buffer on the
/// stack: [`rules`] checks it).
const MAX_RULES: usize = 64;

fn rules() -> &'static (RegexSet, Vec<Rule>) {
    static RULES: OnceLock<(RegexSet, Vec<Rule>)> = OnceLock::new();
    RULES.get_or_init(|| {
        let rules = rule_list();
        assert!(rules.len() <= MAX_RULES, "raise MAX_RULES");
        let set =
            RegexSet::new(rules.iter().map(|r| r.re.as_str())).expect("date patterns compile");
        (set, rules)
    })
}

fn rule_list() -> Vec<Rule> {
    {
        let w = Words::get();
        let m = w.alternation("month");
        let wd = w.alternation("weekday");
        let s = w.alternation("season");
        let n = w.alternation("number");
        let kwd = w.alternation("ko_weekday");
        let ks = w.alternation("ko_season");
        let y = r"(?:19|20)\d{2}";
        let rule = |pattern: String, make: fn(&Captures<'_>, &Words) -> Option<Expr>| Rule {
            re: Regex::new(&pattern).expect("date patterns compile"),
            make,
        };

        vec![
            // 2024-03-05, 2024/3/5, 2024.3.5, 2024. 3. 5.
            rule(
                format!(r"(?-u:\b)(?P<y>{y})(?:[-/]|\.\s?)(?P<m>\d{{1,2}})(?:[-/]|\.\s?)(?P<d>\d{{1,2}})(?-u:\b)\.?"),
                |c, _| {
                    Some(Expr::Date {
                        year: year(c, "y"),
                        month: MonthSpec::Absolute(valid_month(num(c, "m")?)?),
                        day: valid_day(num(c, "d")?)?,
                    })
                },
            ),
            // (Tuesday, ) March 3(rd)(, 2024)
            rule(
                format!(
                    r"(?:(?-u:\b)(?:{wd}),?\s*\(?\s*)?(?-u:\b)(?P<mon>{m})(?-u:\b)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<y>{y})(?-u:\b))?\)?"
                ),
                named_month_date,
            ),
            // (Tuesday, ) 3(rd) (of) March(, 2024)
            rule(
                format!(
                    r"(?:(?-u:\b)(?:{wd}),?\s*\(?\s*)?(?-u:\b)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{m})(?-u:\b)\.?(?:,?\s+(?P<y>{y})(?-u:\b))?\)?"
                ),
                named_month_date,
            ),
            // early/mid/late March (2024), the end of March
            rule(
                format!(
                    r"(?-u:\b)(?P<part>(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of))[-\s]+(?P<mon>{m})(?-u:\b)(?:,?\s+(?P<y>{y})(?-u:\b))?"
                ),
                |c, w| {
                    Some(Expr::Month {
                        year: year(c, "y"),
                        month: MonthSpec::Absolute(month(c, w)?),
                        part: part(&lower(c, "part")),
                    })
                },
            ),
            // March 2024
            rule(format!(r"(?-u:\b)(?P<mon>{m})(?-u:\b)\.?,?\s+(?P<y>{y})(?-u:\b)"), |c, w| {
                Some(Expr::Month {
                    year: year(c, "y"),
                    month: MonthSpec::Absolute(month(c, w)?),
                    part: Part::Whole,
                })
            }),
            // in March, last March, this March
            rule(
                format!(
                    r"(?-u:\b)(?P<prep>(?i:in|during|since|until|through|throughout|last|this|next|of|by))\s+(?P<mon>{m})(?-u:\b)"
                ),
                |c, w| {
                    let m = month(c, w)?;
                    // "in May" yes; "may" the verb is lower case and
                    // never matches.
                    Some(Expr::Month {
                        year: YearSpec::Infer,
                        month: MonthSpec::Absolute(m),
                        part: Part::Whole,
                    })
                },
            ),
            // last week, this month, earlier this year, next month
            rule(
                r"(?-u:\b)(?P<rel>(?i:last|this|next|previous|earlier\s+this|later\s+this|early\s+this|late\s+last|early\s+last|late\s+this|the\s+previous))\s+(?P<unit>(?i:week|month|year))(?-u:\b)".to_string(),
                |c, _| {
                    let rel = lower(c, "rel");
                    let back = if rel.contains("last") || rel.contains("previous") {
                        1
                    } else if rel == "next" {
                        -1
                    } else {
                        0
                    };
                    Some(Expr::Offset {
                        unit: unit(&lower(c, "unit"))?,
                        back,
                    })
                },
            ),
            // the past week / month / year
            rule(
                r"(?-u:\b)(?i:the\s+past|the\s+last|past)\s+(?P<unit>(?i:week|month|year))(?-u:\b)".to_string(),
                |c, _| {
                    Some(Expr::Rolling {
                        unit: unit(&lower(c, "unit"))?,
                    })
                },
            ),
            // yesterday, last night, today
            rule(
                r"(?-u:\b)(?P<w>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today))(?-u:\b)".to_string(),
                |c, _| {
                    let w = lower(c, "w");
                    let back = if w.contains("before") {
                        2
                    } else if w.contains("yesterday") || w == "last night" {
                        1
                    } else {
                        0
                    };
                    Some(Expr::Offset {
                        unit: Unit::Day,
                        back,
                    })
                },
            ),
            // two weeks ago, 3 days ago
            rule(
                format!(
                    r"(?-u:\b)(?P<n>\d{{1,3}}|(?i:{n}))\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)(?-u:\b)"
                ),
                |c, w| {
                    let text = c.name("n")?.as_str();
                    let n = text.parse().ok().or_else(|| w.value("number", text))?;
                    if n == 0 {
                        return None;
                    }
                    Some(Expr::Offset {
                        unit: unit(&lower(c, "unit"))?,
                        back: i32::try_from(n).ok()?,
                    })
                },
            ),
            // (last) Tuesday (night)
            rule(
                format!(
                    r"(?-u:\b)(?:(?P<rel>(?i:last|this\s+past|this|past|next|on))\s+)?(?P<wd>{wd})(?-u:\b)"
                ),
                |c, w| {
                    let rel = lower(c, "rel");
                    if rel == "next" {
                        return None;
                    }
                    Some(Expr::Weekday {
                        weekday: weekday(w.value("weekday", c.name("wd")?.as_str())?)?,
                        last: rel == "last",
                        weeks_back: 0,
                    })
                },
            ),
            // last winter, in the spring, summer (of) 2023, early autumn
            rule(
                format!(
                    r"(?-u:\b)(?:(?P<prep>(?i:in|during|over|through|throughout|since|by|until))\s+(?:the\s+)?)?(?:(?P<rel>(?i:last|this|next|this\s+past|past))\s+)?(?:(?i:early|late|mid)[-\s]+)?(?P<s>(?i:{s}))(?:\s+(?:of\s+)?(?P<y>{y}))?(?-u:\b)"
                ),
                |c, w| {
                    if !(has(c, "prep") || has(c, "rel") || has(c, "y")) {
                        return None;
                    }
                    let rel = lower(c, "rel");
                    let season = Season::from_number(w.value("season", c.name("s")?.as_str())?)?;
                    let year = match (year(c, "y"), rel.as_str()) {
                        (YearSpec::Absolute(y), _) => YearSpec::Absolute(y),
                        _ => YearSpec::Infer,
                    };
                    if rel == "next" {
                        return None;
                    }
                    Some(Expr::Season {
                        season,
                        year,
                        last: rel.contains("last") || rel.contains("past"),
                    })
                },
            ),
            // 2017-2019, from 2017 to 2019, between 2017 and 2019
            rule(
                format!(
                    r"(?-u:\b)(?:(?i:from|between)\s+)?(?P<y1>{y})\s*(?:-|–|—|~|(?i:to|and|through|until))\s*(?P<y2>{y})(?-u:\b)"
                ),
                |c, _| years(num(c, "y1")?, num(c, "y2")?),
            ),
            // in 2019, early 2020, since 2018
            rule(
                format!(
                    r"(?-u:\b)(?:(?i:in|during|since|until|throughout|of|by|the\s+year|early|mid|late)[-\s]+)(?:(?i:early|mid|late)[-\s]+)?(?P<y>{y})(?-u:\b)"
                ),
                |c, _| {
                    let y = num(c, "y")?;
                    years(y, y)
                },
            ),
            // 2024년 3월 5일
            rule(
                format!(r"(?P<y>{y})\s*년\s*(?P<m>\d{{1,2}})\s*월\s*(?P<d>\d{{1,2}})\s*일"),
                |c, _| {
                    Some(Expr::Date {
                        year: year(c, "y"),
                        month: MonthSpec::Absolute(valid_month(num(c, "m")?)?),
                        day: valid_day(num(c, "d")?)?,
                    })
                },
            ),
            // (올해|지난해) 3월 5일
            rule(
                r"(?:(?P<yrel>재작년|지난해|지난 해|작년|올해|금년|내년|올)\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일".to_string(),
                |c, _| {
                    Some(Expr::Date {
                        year: match c.name("yrel") {
                            Some(r) => ko_year(r.as_str())?,
                            None => YearSpec::Infer,
                        },
                        month: MonthSpec::Absolute(valid_month(num(c, "m")?)?),
                        day: valid_day(num(c, "d")?)?,
                    })
                },
            ),
            // 2024년 3월 (초순), (올해) 3월 (말)
            rule(
                format!(
                    r"(?:(?P<y>{y})\s*년\s*|(?P<yrel>재작년|지난해|지난 해|작년|올해|금년|내년|올)\s*)?(?P<m>\d{{1,2}})\s*월(?:\s*(?P<part>초순|중순|하순|초|중|말))?(?P<after>간|경|께)?"
                ),
                |c, _| {
                    let year = match (c.name("yrel"), year(c, "y")) {
                        (Some(r), _) => ko_year(r.as_str())?,
                        (None, y) => y,
                    };
                    if c.name("after").is_some_and(|a| a.as_str() == "간") {
                        return None;
                    }
                    Some(Expr::Month {
                        year,
                        month: MonthSpec::Absolute(valid_month(num(c, "m")?)?),
                        part: c.name("part").map_or(Part::Whole, |p| part(p.as_str())),
                    })
                },
            ),
            // 지난달 5일, 이달 20일
            rule(
                r"(?P<mrel>지난달|지난 달|이달|이번 달|이번달|다음 달|다음달|내달|전달)\s*(?P<d>\d{1,2})\s*일".to_string(),
                |c, _| {
                    Some(Expr::Date {
                        year: YearSpec::Infer,
                        month: MonthSpec::Relative(ko_month(c.name("mrel")?.as_str())?),
                        day: valid_day(num(c, "d")?)?,
                    })
                },
            ),
            // 지난달, 이달 초, 지난달 하순
            rule(
                r"(?P<mrel>지난달|지난 달|이달|이번 달|이번달|다음 달|다음달|내달)(?:\s*(?P<part>초순|중순|하순|초|중|말))?".to_string(),
                |c, _| {
                    Some(Expr::Month {
                        year: YearSpec::Infer,
                        month: MonthSpec::Relative(ko_month(c.name("mrel")?.as_str())?),
                        part: c.name("part").map_or(Part::Whole, |p| part(p.as_str())),
                    })
                },
            ),
            // (지난) 20일; not a length of time (15일간, 3일 동안, 10일 만에)
            rule(
                r"(?:지난\s*)?(?P<d>\d{1,2})\s*일(?P<after>간|\s*동안|\s*만에|째|\s*이내|씩|\s*가량|\s*정도|\s*여|\s*전|\s*후|\s*뒤|\s*넘게)?".to_string(),
                |c, _| {
                    if has(c, "after") {
                        return None;
                    }
                    Some(Expr::Date {
                        year: YearSpec::Infer,
                        month: MonthSpec::Infer,
                        day: valid_day(num(c, "d")?)?,
                    })
                },
            ),
            // 지난주, 작년, 올해, 어제
            rule(
                r"(?P<w>지난주|지난 주|이번 주|이번주|금주|다음 주|재작년|지난해|지난 해|작년|올해|금년|그저께|엊그제|그제|어제|오늘)(?P<after>날)?".to_string(),
                |c, _| {
                    if has(c, "after") {
                        return None;
                    }
                    let (unit, back) = match c.name("w")?.as_str().replace(' ', "").as_str() {
                        "지난주" => (Unit::Week, 1),
                        "이번주" | "금주" => (Unit::Week, 0),
                        "다음주" => (Unit::Week, -1),
                        "재작년" => (Unit::Year, 2),
                        "지난해" | "작년" => (Unit::Year, 1),
                        "올해" | "금년" => (Unit::Year, 0),
                        "그저께" | "그제" | "엊그제" => (Unit::Day, 2),
                        "어제" => (Unit::Day, 1),
                        _ => (Unit::Day, 0),
                    };
                    Some(Expr::Offset { unit, back })
                },
            ),
            // 3일 전, 2주 전, 한 달 전
            rule(
                r"(?P<n>\d{1,3})\s*(?P<unit>일|주일|주|개월|달|년)\s*전".to_string(),
                |c, _| {
                    let n: i32 = num(c, "n")?;
                    let unit = match c.name("unit")?.as_str() {
                        "일" => Unit::Day,
                        "주" | "주일" => Unit::Week,
                        "개월" | "달" => Unit::Month,
                        _ => Unit::Year,
                    };
                    (n > 0).then_some(Expr::Offset { unit, back: n })
                },
            ),
            // 2017~2019년, 2017년부터 2019년까지
            rule(
                format!(
                    r"(?P<y1>{y})\s*년?\s*(?:~|～|-|–|부터|에서)\s*(?P<y2>{y})\s*년"
                ),
                |c, _| years(num(c, "y1")?, num(c, "y2")?),
            ),
            // 2019년 (초/말)
            rule(format!(r"(?P<y>{y})\s*년(?:\s*(?:초|중|말))?"), |c, _| {
                let y = num(c, "y")?;
                years(y, y)
            }),
            // 지난해 겨울, 올 봄, 2023년 여름, 겨울에
            rule(
                format!(
                    r"(?:(?:(?P<y>{y})\s*년|(?P<yrel>재작년|지난해|작년|올해|금년|올|지난|이번))\s*)?(?P<s>{ks})(?:철)?(?P<loc>에)?"
                ),
                |c, w| {
                    if !(has(c, "y") || has(c, "yrel") || has(c, "loc")) {
                        return None;
                    }
                    let season = Season::from_number(w.value("ko_season", c.name("s")?.as_str())?)?;
                    let (year, last) = match c.name("yrel").map(|m| m.as_str()) {
                        Some("지난") => (YearSpec::Infer, true),
                        Some("이번") | None => (year(c, "y"), false),
                        Some(r) => (ko_year(r)?, false),
                    };
                    Some(Expr::Season { season, year, last })
                },
            ),
            // (지난주) 화요일
            rule(
                format!(
                    r"(?:(?P<rel>지난주|지난 주|지난|이번 주|이번주)\s*)?(?P<wd>{kwd})요일"
                ),
                |c, w| {
                    let rel = c.name("rel").map(|m| m.as_str().replace(' ', ""));
                    Some(Expr::Weekday {
                        weekday: weekday(w.value("ko_weekday", c.name("wd")?.as_str())?)?,
                        last: rel.as_deref() == Some("지난"),
                        weeks_back: i32::from(rel.as_deref() == Some("지난주")),
                    })
                },
            ),
        ]
    }
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

fn years(from: i16, to: i16) -> Option<Expr> {
    (from <= to && to - from <= 50).then_some(Expr::Years { from, to })
}
