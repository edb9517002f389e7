//! When an event happened: date expressions in English and Korean text,
//! resolved against the document's date.
//!
//! [`find`] lists the date phrases of a text ("on Tuesday (March 3)",
//! "in early November", "last month", "지난 20일", "올해 3월",
//! "2017~2019년") as unresolved [`Expr`]essions; [`resolve`] turns one into
//! a calendar span with a [`Precision`], using the document date for the
//! relative ones (the calendar arithmetic is jiff's); [`event_date`] picks
//! the phrase that dates an event: the first one in its evidence sentence,
//! else the last one before it in its paragraph, else in the paragraph
//! before. Without a phrase the event gets the document's date (precision
//! `document`); a relative phrase without a document date stays `unknown`:
//! never a guess.
//!
//! Every function here is pure: text and dates in, dates out.

mod document;
mod find;
mod words;

use std::ops::Range;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

pub use document::Dates;
pub use find::find;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// One day.
    Day,
    /// A week, or the early, middle or late part of a month (up to 11 days).
    Week,
    /// A calendar month.
    Month,
    /// A season (three months).
    Season,
    /// A year, or a range of years.
    Year,
    /// No date in the text: the document's date (the event happened then or
    /// shortly before).
    Document,
    /// Neither the text nor the document gives a date.
    Unknown,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 7] = [
        Precision::Day,
        Precision::Week,
        Precision::Month,
        Precision::Season,
        Precision::Year,
        Precision::Document,
        Precision::Unknown,
    ];

    /// The name used in the layers (`day`, `week`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Document => "document",
            Precision::Unknown => "unknown",
        }
    }

    /// The precision named `name`, if any.
    pub fn parse(name: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// Whether the event lies before or after the document date: a month or
/// weekday without a year is the nearest one on that side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tense {
    /// Reported as having happened (the nearest occurrence not after the
    /// document date).
    #[default]
    Past,
    /// Reported as planned (the nearest occurrence not before it).
    Future,
}

/// A year as written: absolute, relative to the document's year, or to be
/// inferred from the tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    /// "2024".
    Absolute(i16),
    /// "this year" (0), "last year" (-1), "올해", "작년", "내년" (+1).
    Relative(i32),
    /// Not written: the nearest one in the direction of the tense.
    Infer,
}

/// A month as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthSpec {
    /// A named month (1..12), in the year of the [`YearSpec`].
    Absolute(i8),
    /// "this month" (0), "last month" (-1), "지난달", "이달".
    Relative(i32),
    /// Not written ("지난 20일"): the nearest month in the direction of the
    /// tense in which that day falls.
    Infer,
}

/// A part of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole month.
    Whole,
    /// Days 1-10 ("early", "초순", "초").
    Early,
    /// Days 11-20 ("mid", "중순").
    Mid,
    /// Day 21 to the end ("late", "end of", "하순", "말").
    Late,
}

/// A calendar unit of a relative phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Day,
    /// Monday-to-Sunday weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// One of the four meteorological seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
    /// December to February (of the next year).
    Winter,
}

impl Season {
    fn first_month(self) -> i8 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Autumn => 9,
            Season::Winter => 12,
        }
    }

    fn from_number(n: i64) -> Option<Season> {
        Some(match n {
            1 => Season::Spring,
            2 => Season::Summer,
            3 => Season::Autumn,
            4 => Season::Winter,
            _ => return None,
        })
    }
}

/// A date expression as written, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expr {
    /// A day: "March 3, 2024", "3월 5일", "지난달 5일", "지난 20일".
    Date {
        /// The year.
        year: YearSpec,
        /// The month.
        month: MonthSpec,
        /// Day of the month.
        day: i8,
    },
    /// A month or part of one: "March 2024", "early November", "이달 초".
    Month {
        /// The year.
        year: YearSpec,
        /// The month.
        month: MonthSpec,
        /// Which part.
        part: Part,
    },
    /// A weekday: "on Tuesday", "지난 화요일".
    Weekday {
        /// The day.
        weekday: Weekday,
        /// "last Tuesday" in a report written on a Tuesday: a week earlier.
        last: bool,
        /// "지난주 화요일": in the calendar week this many weeks before the
        /// document's (0: the nearest such weekday).
        weeks_back: i32,
    },
    /// The calendar unit `back` units before the document's ("yesterday",
    /// "last week", "this month", "two years ago", "지난주", "작년");
    /// negative for "next".
    Offset {
        /// The unit.
        unit: Unit,
        /// How many units back.
        back: i32,
    },
    /// The `unit` up to the document date ("the past week").
    Rolling {
        /// The unit.
        unit: Unit,
    },
    /// A season: "last winter", "spring 2023", "지난해 가을".
    Season {
        /// The season.
        season: Season,
        /// Its year (the year it starts in).
        year: YearSpec,
        /// "last summer": the latest one that has ended.
        last: bool,
    },
    /// Whole years: "in 2019", "2017-2019", "2017~2019년", "작년" is an
    /// [`Expr::Offset`].
    Years {
        /// First year.
        from: i16,
        /// Last year (inclusive).
        to: i16,
    },
}

impl Expr {
    /// True when the expression needs the document date.
    pub fn is_relative(self) -> bool {
        match self {
            Expr::Date { year, month, .. } | Expr::Month { year, month, .. } => !matches!(
                (year, month),
                (YearSpec::Absolute(_), MonthSpec::Absolute(_))
            ),
            Expr::Season { year, .. } => !matches!(year, YearSpec::Absolute(_)),
            Expr::Years { .. } => false,
            Expr::Weekday { .. } | Expr::Offset { .. } | Expr::Rolling { .. } => true,
        }
    }
}

/// A date phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Byte range of the phrase.
    pub range: Range<usize>,
    /// What it says.
    pub expr: Expr,
    /// The phrase dates the report rather than the event ("a source told
    /// Daily NK on Monday", "소식통은 5일 데일리NK에").
    pub reporting: bool,
}

/// A resolved date span, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// How precisely it is known.
    pub precision: Precision,
}

impl DateSpan {
    fn new(start: Date, end: Date, precision: Precision) -> DateSpan {
        DateSpan {
            start,
            end,
            precision,
        }
    }
}

/// The first day of `year`-`month`, with months past 12 or below 1 carried
/// into the year.
fn month_start(year: i32, month: i32) -> Option<Date> {
    let index = year * 12 + (month - 1);
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    Date::new(i16::try_from(y).ok()?, m as i8, 1).ok()
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(days.days()).ok()
}

/// The year of a [`YearSpec`] for a month (and day) that must fall on the
/// tense's side of the document date.
fn infer_year(year: YearSpec, doc: Option<Date>, month: i8, day: i8, tense: Tense) -> Option<i32> {
    match year {
        YearSpec::Absolute(y) => Some(i32::from(y)),
        YearSpec::Relative(r) => Some(i32::from(doc?.year()) + r),
        YearSpec::Infer => {
            let doc = doc?;
            let y = i32::from(doc.year());
            let key = (month, day);
            let now = (doc.month(), doc.day());
            Some(match tense {
                Tense::Past if key > now => y - 1,
                Tense::Future if key < now => y + 1,
                _ => y,
            })
        }
    }
}

/// The first day of the month a [`MonthSpec`] names, `day` (or 1) falling
/// on the tense's side of the document date.
fn month_of(
    year: YearSpec,
    month: MonthSpec,
    day: Option<i8>,
    doc: Option<Date>,
    tense: Tense,
) -> Option<Date> {
    match month {
        MonthSpec::Absolute(m) => {
            // A whole month is "past" when it has begun.
            let y = infer_year(year, doc, m, day.unwrap_or(1), tense)?;
            month_start(y, i32::from(m))
        }
        MonthSpec::Relative(r) => {
            let doc = doc?;
            month_start(i32::from(doc.year()), i32::from(doc.month()) + r)
        }
        MonthSpec::Infer => {
            let doc = doc?;
            let shift = match (tense, day) {
                (Tense::Past, Some(d)) if d > doc.day() => -1,
                (Tense::Future, Some(d)) if d < doc.day() => 1,
                _ => 0,
            };
            month_start(i32::from(doc.year()), i32::from(doc.month()) + shift)
        }
    }
}

/// Resolves `expr` against the document date `doc`. `None` when it needs a
/// document date and there is none, or names no real day (February 30).
pub fn resolve(expr: Expr, doc: Option<Date>, tense: Tense) -> Option<DateSpan> {
    match expr {
        Expr::Date { year, month, day } => {
            let first = month_of(year, month, Some(day), doc, tense)?;
            let date = Date::new(first.year(), first.month(), day).ok()?;
            Some(DateSpan::new(date, date, Precision::Day))
        }
        Expr::Month { year, month, part } => {
            let first = month_of(year, month, None, doc, tense)?;
            let last = first.last_of_month();
            let day = |d: i8| Date::new(first.year(), first.month(), d).ok();
            Some(match part {
                Part::Whole => DateSpan::new(first, last, Precision::Month),
                Part::Early => DateSpan::new(first, day(10)?, Precision::Week),
                Part::Mid => DateSpan::new(day(11)?, day(20)?, Precision::Week),
                Part::Late => DateSpan::new(day(21)?, last, Precision::Week),
            })
        }
        Expr::Weekday {
            weekday,
            last,
            weeks_back,
        } => {
            let doc = doc?;
            let date = if weeks_back > 0 {
                let monday = i64::from(doc.weekday().to_monday_zero_offset());
                let offset = i64::from(weekday.to_monday_zero_offset());
                add_days(doc, -monday - 7 * i64::from(weeks_back) + offset)?
            } else {
                match tense {
                    Tense::Past => {
                        let mut back = i64::from(doc.weekday().since(weekday));
                        if back == 0 && last {
                            back = 7;
                        }
                        add_days(doc, -back)?
                    }
                    Tense::Future => add_days(doc, i64::from(doc.weekday().until(weekday)))?,
                }
            };
            Some(DateSpan::new(date, date, Precision::Day))
        }
        Expr::Offset { unit, back } => {
            let doc = doc?;
            let back = i64::from(back);
            Some(match unit {
                Unit::Day => {
                    let d = add_days(doc, -back)?;
                    DateSpan::new(d, d, Precision::Day)
                }
                Unit::Week => {
                    let monday = add_days(
                        doc,
                        -i64::from(doc.weekday().to_monday_zero_offset()) - 7 * back,
                    )?;
                    DateSpan::new(monday, add_days(monday, 6)?, Precision::Week)
                }
                Unit::Month => {
                    let first =
                        month_start(i32::from(doc.year()), i32::from(doc.month()) - back as i32)?;
                    DateSpan::new(first, first.last_of_month(), Precision::Month)
                }
                Unit::Year => {
                    let y = i32::from(doc.year()) - back as i32;
                    year_span(y, y)?
                }
            })
        }
        Expr::Rolling { unit } => {
            let doc = doc?;
            let (start, precision) = match unit {
                Unit::Day => (doc, Precision::Day),
                Unit::Week => (add_days(doc, -6)?, Precision::Week),
                Unit::Month => (doc.checked_sub(1.month()).ok()?, Precision::Month),
                Unit::Year => (doc.checked_sub(1.year()).ok()?, Precision::Year),
            };
            Some(DateSpan::new(start, doc, precision))
        }
        Expr::Season { season, year, last } => {
            let first_month = season.first_month();
            let start_year = match year {
                YearSpec::Absolute(y) => i32::from(y),
                YearSpec::Relative(r) => i32::from(doc?.year()) + r,
                YearSpec::Infer => {
                    let doc = doc?;
                    let y = i32::from(doc.year());
                    // The latest season S that has begun (or, for "last S",
                    // ended) by the document date.
                    let mut y = if (doc.month()) >= first_month {
                        y
                    } else {
                        y - 1
                    };
                    if tense == Tense::Future {
                        y += 1;
                    } else if last {
                        let end = month_start(y, i32::from(first_month) + 3)?;
                        if end > doc {
                            y -= 1;
                        }
                    }
                    y
                }
            };
            let start = month_start(start_year, i32::from(first_month))?;
            let end = month_start(start_year, i32::from(first_month) + 2)?.last_of_month();
            Some(DateSpan::new(start, end, Precision::Season))
        }
        Expr::Years { from, to } => year_span(i32::from(from), i32::from(to)),
    }
}

fn year_span(from: i32, to: i32) -> Option<DateSpan> {
    Some(DateSpan::new(
        month_start(from, 1)?,
        month_start(to, 12)?.last_of_month(),
        Precision::Year,
    ))
}

/// The date of an event; the phrase borrows the text (`'a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate<'a> {
    /// First day (null when unknown).
    pub start: Option<Date>,
    /// Last day, inclusive (null when unknown).
    pub end: Option<Date>,
    /// How precisely it is known.
    pub precision: Precision,
    /// The phrase that dates it, as written (null for `document` and when
    /// no phrase was found).
    pub text: Option<&'a str>,
}

/// A `YYYY-MM-DD` (or longer ISO 8601 date-time) document date.
pub fn parse_document_date(date: &str) -> Option<Date> {
    date.get(..10)?.parse().ok()
}

/// The date of the event found in the sentence `sentence` of `text`: the
/// first event phrase in the sentence, else the last one before it in the
/// same paragraph, else in the paragraph before; else the document date.
pub fn event_date(
    text: &str,
    sentence: Range<usize>,
    doc: Option<Date>,
    tense: Tense,
) -> EventDate<'_> {
    Dates::new(text).event_date(sentence, doc, tense)
}

#[cfg(test)]
mod tests;
