//! Time expressions in a sentence, normalised to TimeML TIMEX3 types and
//! values against the publication date.
//!
//! Covers what news uses most: weekdays ("Monday", "last Friday", "Monday
//! morning"); yesterday, today, tonight, tomorrow, now; offsets ("two days
//! ahead", "three years ago"); calendar units ("last week", "this year",
//! "earlier this month"); months and dates with parts ("mid-December",
//! "December 5, 2012", "early 2011"); years, quarters and decades ("1998",
//! "the third quarter", "the 1990s"); durations ("five years", "the past
//! 24 hours"); sets ("every week", "annually"); and the past/present/future
//! references TimeML writes as PAST_REF, PRESENT_REF, FUTURE_REF.
//!
//! Each expression carries its TIMEX3 type and value and, when it names a
//! calendar span, the dates it covers, which event dating uses.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dragoman_core::{DateValue, Precision, Span};
use dragoman_nlp::Token;
use std::ops::Range;

/// How an expression relates to the event in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It dates the clause's event ("met on Monday").
    Anchor,
    /// It dates something else relative to it ("two days ahead of talks"),
    /// or is not a date at all (durations, sets).
    Offset,
}

/// TimeML TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexKind::Date => "DATE",
            TimexKind::Time => "TIME",
            TimexKind::Duration => "DURATION",
            TimexKind::Set => "SET",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TimeExpr {
    pub tokens: Range<usize>,
    pub span: Span,
    pub kind: TimexKind,
    /// The TIMEX3 value: "2013-11-18", "2013-W46", "P5Y", "PRESENT_REF"…
    pub timex: String,
    /// The calendar days it covers, for dates.
    pub date: Option<DateValue>,
    pub relation: Relation,
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];
const MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

pub(crate) fn number_word(w: &str) -> Option<i64> {
    const WORDS: [&str; 21] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return Some(i as i64);
    }
    match w {
        "a" | "an" => Some(1),
        "thirty" => Some(30),
        "forty" => Some(40),
        "fifty" => Some(50),
        "hundred" => Some(100),
        "few" | "several" | "some" => Some(3),
        _ => w.replace(',', "").parse().ok().filter(|n| (0..10000).contains(n)),
    }
}

/// A weekday's or a month's name, or a month's usual abbreviation ("Monday",
/// "Aug.", "Sept"), which follow a verb as its time ("captured Monday").
pub(crate) fn is_calendar_word(w: &str) -> bool {
    let w = w.to_lowercase();
    let w = w.trim_end_matches('.');
    WEEKDAYS.iter().any(|(d, _)| *d == w) || MONTHS.contains(&w) || (w.len() == 3 && MONTHS.iter().any(|m| m.starts_with(w))) || w == "sept"
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if w == "may" {
        return Some(5);
    }
    MONTHS.iter().position(|m| *m == w || (w.len() >= 3 && m.starts_with(w) && w != "mar" && w != "jun" && w != "jul" || w == "sept" && *m == "september")).map(|i| i as u32 + 1)
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
    Some((start, next - Duration::days(1)))
}

fn year_range(y: i32) -> Option<DateValue> {
    Some(DateValue { start: NaiveDate::from_ymd_opt(y, 1, 1)?, end: NaiveDate::from_ymd_opt(y, 12, 31)?, precision: Precision::Year })
}

/// Which year a month mentioned without one means. "last March" is the
/// latest March before this month, "next March" the first after it, "this
/// March" this year's. A bare month is this year's unless it lies well
/// after publication (then last year's, as news reports the past) or, in a
/// sentence about the future, well before it (then next year's). The
/// margins come from TimeBank and AQUAINT, where bare months two ahead
/// are still this year's 12 times to 1, five or more ahead last year's
/// 28 to 3, and eight or more behind next year's 12 to 7.
fn month_year(m: u32, published: NaiveDate, deixis: &str, future: bool) -> i32 {
    let y = published.year();
    let diff = m as i32 - published.month() as i32;
    match deixis {
        "last" => y - (diff >= 0) as i32,
        "next" => y + (diff <= 0) as i32,
        "this" => y,
        _ if diff > 2 && !future => y - 1,
        _ if diff < -7 || (diff < -5 && future) => y + 1,
        _ => y,
    }
}

fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

fn unit_of(w: &str) -> Option<&'static str> {
    Some(match w.trim_end_matches('s') {
        "day" => "D",
        "week" => "W",
        "month" => "M",
        "year" => "Y",
        "decade" => "DE",
        "century" | "centurie" => "CE",
        "hour" => "H",
        "minute" => "MIN",
        "quarter" => "Q",
        _ => return None,
    })
}

fn duration_value(n: i64, unit: &str) -> String {
    match unit {
        "H" => format!("PT{n}H"),
        "MIN" => format!("PT{n}M"),
        "DE" => format!("P{}Y", n * 10),
        "CE" => format!("P{}Y", n * 100),
        u => format!("P{n}{u}"),
    }
}

/// A duration of an unstated number of units ("a few days", "for weeks"):
/// TimeML writes the number as X.
fn vague_duration(unit: &str) -> String {
    match unit {
        "H" => "PTXH".into(),
        "MIN" => "PTXM".into(),
        "DE" => "PXDE".into(),
        "CE" => "PXCE".into(),
        u => format!("PX{u}"),
    }
}

fn day(d: NaiveDate) -> (TimexKind, String, Option<DateValue>) {
    (TimexKind::Date, d.format("%Y-%m-%d").to_string(), Some(DateValue::day(d)))
}

fn dated(v: DateValue) -> (TimexKind, String, Option<DateValue>) {
    (TimexKind::Date, v.timex_value(), Some(v))
}

/// A past-tense verb form, told by its shape: the commonest irregular ones
/// in news, and regular "-ed" forms.
fn past_verb(w: &str) -> bool {
    matches!(w, "said" | "was" | "were" | "had" | "did" | "told" | "met" | "made" | "took" | "gave" | "went" | "came" | "held" | "left" | "saw" | "began" | "won" | "lost" | "sent" | "spoke" | "wrote" | "fell" | "rose" | "got" | "paid" | "put" | "set" | "hit" | "led")
        || (w.len() > 4 && w.ends_with("ed") && !matches!(w, "expected" | "scheduled" | "planned" | "needed" | "proposed"))
}

/// Words that put a sentence's time expressions in the future.
const FUTURE_MARKERS: &[&str] = &["will", "'ll", "would", "shall", "should", "next", "coming", "upcoming", "scheduled", "expected", "plans", "planned", "due", "tomorrow", "later"];

/// Words after a number that make it a quantity, not a year.
const NOT_A_YEAR_AFTER: &[&str] = &["people", "troops", "soldiers", "men", "women", "feet", "meters", "metres", "tons", "tonnes", "dollars", "miles", "km", "%", "percent", "points", "votes", "deaths", "dead", "members", "workers", "cases", "barrels"];

/// Finds time expressions among `tokens[range]`; `words` are the tokens
/// lower-cased, `text` the document text (for case).
pub fn find_times(text: &str, tokens: &[Token], words: &[String], range: Range<usize>, published: NaiveDate) -> Vec<TimeExpr> {
    let mut out: Vec<TimeExpr> = Vec::new();
    let word = |k: usize| -> &str { if k < range.end && k >= range.start { words[k].as_str() } else { "" } };
    let before = |k: usize| -> &str { if k > range.start { word(k - 1) } else { "" } };
    // A future marker speaks for a date after it in its own clause: close
    // by, and with no past-tense verb in between ("which will …, said Wednesday"
    // reports the past).
    let capitalised = |k: usize| text[tokens[k].span.start..].starts_with(char::is_uppercase);
    let future = |k: usize| {
        // "as soon as Tuesday", "postponed until Tuesday" look ahead.
        if word(k.wrapping_sub(1)) == "until" || (matches!(word(k.wrapping_sub(2)), "soon" | "early") && word(k.wrapping_sub(1)) == "as" && word(k.wrapping_sub(3)) == "as") {
            return true;
        }
        // A capitalised word is a name ("the United States"), not a verb.
        (range.start..k).rev().take(8).take_while(|&j| (capitalised(j) || !past_verb(&words[j])) && words[j] != ",").any(|j| FUTURE_MARKERS.contains(&words[j].as_str()))
    };
    let mut i = range.start;
    while i < range.end {
        let w = word(i);
        // (first token, end token exclusive, kind, value, dates, relation)
        let mut found: Option<(usize, usize, (TimexKind, String, Option<DateValue>), Relation)> = None;
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
            let b = before(i);
            let pw = published.weekday().num_days_from_monday() as i64;
            let back = (pw - wd.num_days_from_monday() as i64).rem_euclid(7);
            let ahead = if back == 0 { 0 } else { 7 - back };
            let d = match b {
                "next" => published + Duration::days(if back == 0 { 7 } else { 7 - back }),
                "last" | "previous" => published - Duration::days(if back == 0 { 7 } else { back }),
                // News reports the past: the most recent such day, today
                // included, unless the sentence speaks of the future or the
                // day is tomorrow's (in TimeBank and AQUAINT a bare weekday
                // one day ahead is tomorrow 11 times to 2).
                _ if back == 6 || future(i) => published + Duration::days(ahead),
                _ => published - Duration::days(back),
            };
            let mut start = if matches!(b, "next" | "last" | "this" | "previous") { i - 1 } else { i };
            if b == "previous" && start > range.start && word(start - 1) == "the" {
                start -= 1;
            }
            found = Some((start, i + 1, day(d), Relation::Anchor));
        } else if let Some(offset) = match w {
            "yesterday" => Some(-1),
            "today" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        } {
            found = Some((i, i + 1, day(published + Duration::days(offset)), Relation::Anchor));
        } else if w == "tonight" || (w == "last" && word(i + 1) == "night") {
            let (d, len) = if w == "last" { (published - Duration::days(1), 2) } else { (published, 1) };
            found = Some((i, i + len, (TimexKind::Time, format!("{}TNI", d.format("%Y-%m-%d")), Some(DateValue::day(d))), Relation::Anchor));
        } else if let Some((h, m, len)) = clock_time(&words, i, range.end) {
            // "10:35 a.m.", "noon": the day is the publication's unless a
            // date follows (merged below), so it does not date the clause.
            let day = out.iter().rev().find_map(|t| t.date.filter(|d| d.precision == Precision::Day)).map_or(published, |d| d.start);
            let zone = if matches!(word(i + 1), "utc" | "gmt") { "Z" } else { "" };
            found = Some((i, i + len, (TimexKind::Time, format!("{}T{h:02}:{m:02}{zone}", day.format("%Y-%m-%d")), None), Relation::Offset));
        } else if w == "now" {
            found = Some((i, i + 1, (TimexKind::Date, "PRESENT_REF".into(), Some(DateValue::day(published))), Relation::Anchor));
        } else if w == "recently" {
            found = Some((i, i + 1, (TimexKind::Date, "PAST_REF".into(), None), Relation::Offset));
        } else if matches!(w, "past" | "future") && before(i) == "the" && !matches!(word(i + 1), "few" | "two" | "three" | "week" | "month" | "year" | "decade") && unit_of(word(i + 1)).is_none() && number_word(word(i + 1)).is_none() {
            let v = if w == "past" { "PAST_REF" } else { "FUTURE_REF" };
            found = Some((i - 1, i + 1, (TimexKind::Date, v.into(), None), Relation::Offset));
        } else if matches!(w, "daily" | "weekly" | "monthly" | "annually" | "yearly" | "quarterly") {
            let v = match w { "daily" => "P1D", "weekly" => "P1W", "monthly" => "P1M", "quarterly" => "P3M", _ => "P1Y" };
            found = Some((i, i + 1, (TimexKind::Set, v.into(), None), Relation::Offset));
        } else if matches!(w, "every" | "each") && unit_of(word(i + 1)).is_some() {
            let u = unit_of(word(i + 1)).unwrap_or("D");
            found = Some((i, i + 2, (TimexKind::Set, duration_value(1, u), None), Relation::Offset));
        } else if matches!(w, "last" | "this" | "next" | "past" | "coming") && matches!(word(i + 1), "week" | "month" | "year" | "quarter") && !(w == "past" && before(i) == "the") {
            let shift: i32 = match w { "last" | "past" => -1, "next" | "coming" => 1, _ => 0 };
            // "earlier this month" and "later this year" are the same span.
            let start = if matches!(before(i), "earlier" | "later") && w == "this" { i - 1 } else { i };
            let v = match word(i + 1) {
                "week" => {
                    let d = published + Duration::weeks(shift as i64);
                    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
                    Some(DateValue { start: monday, end: monday + Duration::days(6), precision: Precision::Week })
                }
                "month" => {
                    let d = add_months(published, shift);
                    month_range(d.year(), d.month()).map(|(s, e)| DateValue { start: s, end: e, precision: Precision::Month })
                }
                "quarter" => {
                    let q0 = (published.month0() / 3) as i32 + shift;
                    let (y, q) = (published.year() + q0.div_euclid(4), q0.rem_euclid(4) as u32);
                    // A quarter's TIMEX value is written specially below.
                    month_range(y, q * 3 + 1).zip(month_range(y, q * 3 + 3)).map(|((s, _), (_, e))| DateValue { start: s, end: e, precision: Precision::Range })
                }
                _ => year_range(published.year() + shift),
            };
            if let Some(v) = v {
                let timex = if word(i + 1) == "quarter" { format!("{}-Q{}", v.start.year(), v.start.month0() / 3 + 1) } else { v.timex_value() };
                found = Some((start, i + 2, (TimexKind::Date, timex, Some(v)), Relation::Anchor));
            }
        } else if let (Some(n), "-", Some(u)) = (number_word(w), word(i + 1), unit_of(word(i + 2))) {
            // "five-hour", "16-day": a duration used as a modifier.
            found = Some((i, i + 3, (TimexKind::Duration, duration_value(n, u), None), Relation::Offset));
        } else if let Some(n) = number_word(w).filter(|_| w.chars().next().is_some_and(|c| c.is_ascii_digit()) || !matches!(w, "a" | "an") || unit_of(word(i + 1)).is_some()) {
            // "1988 quarter" is a year's quarter, not 1,988 of them.
            let a_year = w.len() == 4 && (1900..2100).contains(&n) && !word(i + 1).ends_with('s');
            if let Some(u) = unit_of(word(i + 1)).filter(|_| !a_year) {
                let dir = word(i + 2);
                // "five years after the war" measures from the war, not from
                // publication: that is a duration.
                let relative_to_event = matches!(dir, "before" | "after") && i + 3 < range.end && !matches!(word(i + 3), "." | "," | ";");
                let sign = match dir {
                    _ if relative_to_event => None,
                    "ago" | "earlier" | "before" => Some(-1i64),
                    "ahead" | "later" | "after" | "hence" => Some(1),
                    _ => None,
                };
                let step = |k: i64| -> Option<DateValue> {
                    Some(match u {
                        "D" => DateValue::day(published + Duration::days(k)),
                        "W" => {
                            let d = published + Duration::weeks(k);
                            DateValue { start: d, end: d, precision: Precision::Week }
                        }
                        "M" => {
                            let d = add_months(published, k as i32);
                            let (s, e) = month_range(d.year(), d.month())?;
                            DateValue { start: s, end: e, precision: Precision::Month }
                        }
                        "Y" => year_range(published.year() + k as i32)?,
                        "DE" => year_range(published.year() + 10 * k as i32)?,
                        _ => return None,
                    })
                };
                let b = before(i);
                let vague = matches!(w, "few" | "several" | "some");
                if vague {
                    // "a few years ago", "the next few days", "several weeks".
                    let start = if matches!(b, "a" | "the" | "last" | "past" | "next" | "coming") { i - 1 } else { i };
                    let start = if start > range.start && start < i && word(start - 1) == "the" { start - 1 } else { start };
                    found = Some(match dir {
                        "ago" => (start, i + 3, (TimexKind::Date, "PAST_REF".into(), None), Relation::Offset),
                        "hence" => (start, i + 3, (TimexKind::Date, "FUTURE_REF".into(), None), Relation::Offset),
                        _ => (start, i + 2, (TimexKind::Duration, vague_duration(u), None), Relation::Offset),
                    });
                } else if let Some(v) = sign.and_then(|s| step(s * n)) {
                    // "two days ahead of talks" dates the talks, not this clause.
                    let relation = if matches!(word(i + 3), "of" | "the") { Relation::Offset } else { Relation::Anchor };
                    found = Some((i, i + 3, dated(v), relation));
                } else if b == "in" && !matches!(w, "a" | "an") && step(n).is_some() {
                    // "in two days"
                    found = step(n).map(|v| (i, i + 2, dated(v), Relation::Anchor));
                } else {
                    // A duration: "five years", "the past 24 hours", "a week".
                    let mut start = i;
                    if matches!(b, "last" | "past" | "next" | "first" | "coming") {
                        start = i - 1;
                        if start > range.start && word(start - 1) == "the" {
                            start -= 1;
                        }
                    }
                    let len = if word(i + 2) == "long" { 3 } else { 2 };
                    found = Some((start, i + len, (TimexKind::Duration, duration_value(n, u), None), Relation::Offset));
                }
            } else if w.len() == 4 && (1900..2100).contains(&n) && w.chars().all(|c| c.is_ascii_digit()) && !NOT_A_YEAR_AFTER.contains(&word(i + 1)) {
                // A year, with an optional part before it: "early 2011".
                let y = n as i32;
                let b = before(i);
                let (mut s, mut e) = (NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31));
                let mut start = i;
                match b {
                    "early" => {
                        e = NaiveDate::from_ymd_opt(y, 4, 30);
                        start = i - 1;
                    }
                    "mid" | "mid-" => {
                        s = NaiveDate::from_ymd_opt(y, 5, 1);
                        e = NaiveDate::from_ymd_opt(y, 8, 31);
                        start = i - 1;
                    }
                    "late" => {
                        s = NaiveDate::from_ymd_opt(y, 9, 1);
                        start = i - 1;
                    }
                    _ => {}
                }
                if let (Some(s), Some(e)) = (s, e) {
                    found = Some((start, i + 1, (TimexKind::Date, format!("{y}"), Some(DateValue { start: s, end: e, precision: Precision::Year })), Relation::Anchor));
                }
            }
        } else if w.len() == 5 && w.ends_with("0s") && w[..4].chars().all(|c| c.is_ascii_digit()) {
            // A decade: "the 1990s" → "199".
            let start = if before(i) == "the" { i - 1 } else { i };
            found = Some((start, i + 1, (TimexKind::Date, w[..3].to_string(), None), Relation::Anchor));
        } else if let Some(m) = month_of(w.trim_start_matches("mid-").trim_start_matches("early-").trim_start_matches("late-")).filter(|_| w.len() >= 3) {
            // "December", "mid-December", "December 5", "5 December 2013", "December 2013"
            let is_may_verb = w == "may" && !text[tokens[i].span.start..].starts_with('M');
            let capitalised = text[tokens[i].span.start..].chars().next().is_some_and(char::is_uppercase) || w.contains('-');
            if !is_may_verb && capitalised {
                let mut end_tok = i;
                let mut dom: Option<u32> = None;
                let mut year: Option<i32> = None;
                let next = word(i + 1);
                if let Ok(d) = next.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>() {
                    if (1..=31).contains(&d) && next.len() <= 4 {
                        dom = Some(d);
                        end_tok = i + 1;
                    } else if (1900..2100).contains(&d) {
                        year = Some(d as i32);
                        end_tok = i + 1;
                    }
                }
                if dom.is_some() {
                    let after = if word(end_tok + 1) == "," { end_tok + 2 } else { end_tok + 1 };
                    if let Ok(y) = word(after).parse::<i32>() {
                        if (1900..2100).contains(&y) {
                            year = Some(y);
                            end_tok = after;
                        }
                    }
                }
                let mut start_tok = i;
                if dom.is_none() && i > range.start {
                    if let Ok(d) = before(i).trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>() {
                        if (1..=31).contains(&d) {
                            dom = Some(d);
                            start_tok = i - 1;
                        }
                    }
                    if let Ok(y) = word(i + 1).parse::<i32>() {
                        if (1900..2100).contains(&y) {
                            year = Some(y);
                            end_tok = i + 1;
                        }
                    }
                }
                if dom.is_none() && matches!(before(start_tok), "early" | "late" | "mid") {
                    start_tok -= 1;
                }
                let deixis = before(start_tok);
                if year.is_none() && matches!(deixis, "last" | "this" | "next") {
                    start_tok -= 1;
                }
                if year.is_none() {
                    if let Some((y, used)) = of_year(&word, end_tok + 1, published) {
                        year = Some(y);
                        end_tok += used;
                    }
                }
                let y = year.unwrap_or_else(|| month_year(m, published, deixis, future(start_tok)));
                let value = match dom {
                    Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(day),
                    None => month_range(y, m).map(|(s, e)| dated(DateValue { start: s, end: e, precision: Precision::Month })),
                };
                if let Some(v) = value {
                    found = Some((start_tok, end_tok + 1, v, Relation::Anchor));
                }
            }
        } else if matches!(w, "first" | "second" | "third" | "fourth") && (word(i + 1) == "quarter" || (word(i + 1) == "-" && word(i + 2) == "quarter")) {
            // "the third quarter", "third-quarter profit": the latest such
            // quarter, this one included.
            let q = match w { "first" => 1, "second" => 2, "third" => 3, _ => 4 };
            let cur = published.month0() / 3 + 1;
            let y = if q > cur && !future(i) { published.year() - 1 } else { published.year() };
            let mut start = i;
            // "the year-ago third quarter", "the year-earlier quarter".
            let mut y = y;
            if i >= range.start + 3 && word(i - 3) == "year" && word(i - 2) == "-" && matches!(word(i - 1), "ago" | "earlier") {
                y -= 1;
                start = i - 3;
            }
            if before(start) == "the" {
                start -= 1;
            }
            let mut end = if word(i + 1) == "-" { i + 3 } else { i + 2 };
            // "the first quarter of last year", "the third quarter of 2009".
            if let Some((year, used)) = of_year(&word, end, published) {
                y = year;
                end += used;
            }
            found = Some((start, end, (TimexKind::Date, format!("{y}-Q{q}"), None), Relation::Anchor));
        } else if let Some((code, first_month)) = season(w) {
            // "this summer", "last fall", "next spring": a season is the
            // latest one begun by publication unless "next" says otherwise.
            let b = before(i);
            if matches!(b, "this" | "last" | "next" | "early" | "late" | "mid") {
                let pm = published.month();
                let begun = |y: i32| if first_month == 12 { if pm == 12 { y } else { y - 1 } } else if first_month <= pm { y } else { y - 1 };
                let y = match b {
                    "next" => begun(published.year()) + 1,
                    "this" if first_month != 12 => published.year(),
                    _ => begun(published.year()),
                };
                let start_day = NaiveDate::from_ymd_opt(y, first_month, 1);
                let dates = start_day.map(|s| DateValue { start: s, end: add_months(s, 3) - Duration::days(1), precision: Precision::Range });
                found = Some((i - 1, i + 1, (TimexKind::Date, format!("{y}-{code}"), dates), Relation::Anchor));
            }
        } else if let Some(v) = match w {
            "currently" => Some("PRESENT_REF"),
            "previously" | "formerly" => Some("PAST_REF"),
            "soon" if !matches!(before(i), "as" | "too") && word(i + 1) != "as" => Some("FUTURE_REF"),
            _ => None,
        } {
            found = Some((i, i + 1, (TimexKind::Date, v.into(), None), Relation::Offset));
        } else if matches!(w, "this" | "that") && matches!(word(i + 1), "morning" | "afternoon" | "evening") {
            let p = match word(i + 1) { "morning" => "MO", "afternoon" => "AF", _ => "EV" };
            found = Some((i, i + 2, (TimexKind::Time, format!("{}T{p}", published.format("%Y-%m-%d")), Some(DateValue::day(published))), Relation::Anchor));
        }
        match found {
            Some((start, mut end, (mut kind, mut timex, date), relation)) => {
                // "Monday morning", "yesterday afternoon": the day dates the
                // event; TimeML adds the part of the day to the value.
                if kind == TimexKind::Date && timex.len() == 10 {
                    if let Some(p) = part_of_day(word(end)) {
                        timex = format!("{timex}T{p}");
                        kind = TimexKind::Time;
                        end += 1;
                    }
                }
                let end = end.min(range.end).max(start + 1);
                let expr = TimeExpr { tokens: start..end, span: Span::new(tokens[start].span.start, tokens[end - 1].span.end), kind, timex, date, relation };
                match out.last_mut() {
                    // "10 p.m. Wednesday", "5 p.m. EST Nov. 9": the clock
                    // time on that day.
                    Some(clock) if clock.kind == TimexKind::Time && clock.date.is_none() && expr.date.is_some_and(|d| d.precision == Precision::Day) && expr.tokens.start <= clock.tokens.end + 2 && (clock.tokens.end..expr.tokens.start).all(|k| is_zone_or_link(&words[k])) => {
                        let clock_part = clock.timex.split_once('T').map(|(_, t)| t.to_string()).unwrap_or_default();
                        clock.timex = format!("{}T{clock_part}", &expr.timex[..10]);
                        clock.span.end = expr.span.end;
                        clock.tokens.end = expr.tokens.end;
                        clock.date = expr.date;
                        clock.relation = expr.relation;
                    }
                    // "Monday, Oct. 26": the date says which Monday.
                    Some(wd) if wd.tokens.len() == 1 && WEEKDAYS.iter().any(|(n, _)| *n == words[wd.tokens.start]) && expr.date.is_some_and(|d| d.precision == Precision::Day) && (wd.tokens.end..expr.tokens.start).all(|k| words[k] == ",") && expr.tokens.start <= wd.tokens.end + 1 && {
                        let first = words[expr.tokens.start].as_str();
                        month_of(first).is_some() || first.starts_with(|c: char| c.is_ascii_digit())
                    } => {
                        wd.timex = expr.timex;
                        wd.kind = expr.kind;
                        wd.date = expr.date;
                        wd.span.end = expr.span.end;
                        wd.tokens.end = expr.tokens.end;
                    }
                    _ => out.push(expr),
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// "of last year", "of this year", "of next year", "of 2009" at `k`: the
/// year and the number of tokens used.
fn of_year<'a>(word: &impl Fn(usize) -> &'a str, k: usize, published: NaiveDate) -> Option<(i32, usize)> {
    if word(k) != "of" {
        return None;
    }
    let y = published.year();
    match (word(k + 1), word(k + 2)) {
        ("last", "year") => Some((y - 1, 3)),
        ("this", "year") => Some((y, 3)),
        ("next", "year") => Some((y + 1, 3)),
        (n, _) if n.len() == 4 => n.parse::<i32>().ok().filter(|n| (1900..2100).contains(n)).map(|n| (n, 2)),
        _ => None,
    }
}

/// A season's TimeML code and the month it starts in (northern
/// hemisphere, as the press that TimeML was written for).
fn season(w: &str) -> Option<(&'static str, u32)> {
    Some(match w {
        "spring" => ("SP", 3),
        "summer" => ("SU", 6),
        "fall" | "autumn" => ("FA", 9),
        "winter" => ("WI", 12),
        _ => return None,
    })
}

/// TimeML's code for a part of the day.
fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

/// Words allowed between a clock time and the day it is on.
fn is_zone_or_link(w: &str) -> bool {
    matches!(w, "on" | "," | "est" | "edt" | "cst" | "cdt" | "pst" | "pdt" | "gmt" | "utc" | "bst" | "cet")
}

/// A clock time at `words[i]`: (hour, minute, tokens used). "10 p.m.",
/// "10:35 a.m.", "noon", "midnight".
fn clock_time(words: &[String], i: usize, end: usize) -> Option<(u32, u32, usize)> {
    match words[i].as_str() {
        "noon" | "midday" => return Some((12, 0, 1)),
        "midnight" => return Some((24, 0, 1)),
        _ => {}
    }
    let next = if i + 1 < end { words[i + 1].as_str() } else { "" };
    // "14:48 UTC": a 24-hour time names its zone.
    if matches!(next, "utc" | "gmt") {
        let (h, m) = words[i].split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        return (h <= 24 && m <= 59).then_some((h, m, 2));
    }
    let pm = match next.trim_end_matches('.') {
        "a.m" | "am" => false,
        "p.m" | "pm" => true,
        _ => return None,
    };
    let (h, m) = match words[i].split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (words[i].parse::<u32>().ok()?, 0),
        _ => return None,
    };
    if !(1..=12).contains(&h) || m > 59 {
        return None;
    }
    let h = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    Some((h, m, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dragoman_nlp::tokenize;

    fn times(text: &str, published: &str) -> Vec<(String, String)> {
        let toks = tokenize(text, 0, text.len());
        let words: Vec<String> = toks.iter().map(|t| t.text(text).to_lowercase()).collect();
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        find_times(text, &toks, &words, 0..toks.len(), p).into_iter().map(|t| (text[t.span.start..t.span.end].to_string(), t.timex)).collect()
    }

    #[test]
    fn seed_like_expressions() {
        let got = times("Putin telephoned Rouhani Monday two days ahead of talks", "2013-11-18");
        assert_eq!(got, [("Monday".into(), "2013-11-18".into()), ("two days ahead".into(), "2013-11-20".into())]);
        assert_eq!(times("would commence in mid-December", "2013-11-18"), [("mid-December".to_string(), "2013-12".to_string())]);
        assert_eq!(times("since the conflict began in early 2011", "2013-11-18"), [("early 2011".to_string(), "2011".to_string())]);
    }

    #[test]
    fn weekdays_and_deictics() {
        assert_eq!(times("They met on Friday", "2013-11-18")[0].1, "2013-11-15");
        assert_eq!(times("They meet next Friday", "2013-11-18")[0].1, "2013-11-22");
        assert_eq!(times("yesterday and tomorrow", "2013-11-18"), [("yesterday".into(), "2013-11-17".into()), ("tomorrow".into(), "2013-11-19".into())]);
        assert_eq!(times("three years ago", "2013-11-18")[0].1, "2010");
        assert_eq!(times("on December 5, 2012", "2013-11-18")[0].1, "2012-12-05");
        assert_eq!(times("last week", "2013-11-18")[0].1, "2013-W46");
        assert_eq!(times("Monday morning", "2013-11-18")[0].1, "2013-11-18TMO");
        assert_eq!(times("They met on Monday, Nov. 11", "2013-11-18"), [("Monday, Nov. 11".to_string(), "2013-11-11".to_string())]);
        assert_eq!(times("Talks open Tuesday", "2013-11-18")[0].1, "2013-11-19");
        assert_eq!(times("the previous Friday", "2013-11-18")[0].1, "2013-11-15");
        assert_eq!(times("The talks will resume on Friday", "2013-11-18")[0].1, "2013-11-22");
        assert_eq!(times("Prices fell in November", "1999-05-06")[0].1, "1998-11");
        assert_eq!(times("a five-hour meeting", "1999-05-06")[0].1, "PT5H");
        assert_eq!(times("The father would be traveling to the United States Thursday", "2000-04-05")[0].1, "2000-04-06");
        assert_eq!(times("as soon as Monday", "2000-04-05")[0].1, "2000-04-10");
    }

    #[test]
    fn months_seasons_and_clock_times() {
        // A bare month is this year's unless well after publication.
        assert_eq!(times("Sales rose in March", "1998-10-25")[0].1, "1998-03");
        assert_eq!(times("Sales rose in November", "1998-03-25")[0].1, "1997-11");
        assert_eq!(times("last December", "1989-10-30")[0].1, "1988-12");
        assert_eq!(times("next March", "1989-10-30")[0].1, "1990-03");
        assert_eq!(times("this summer", "1998-03-22")[0].1, "1998-SU");
        assert_eq!(times("last fall", "1998-02-22")[0].1, "1997-FA");
        assert_eq!(times("It blew up at 10:35 a.m.", "1998-08-07")[0].1, "1998-08-07T10:35");
        assert_eq!(times("until 5 p.m. EST Nov. 9", "1989-11-02"), [("5 p.m. EST Nov. 9".to_string(), "1989-11-09T17:00".to_string())]);
        assert_eq!(times("at noon Thursday", "1998-02-13")[0].1, "1998-02-12T12:00");
        assert_eq!(times("tonight", "1998-02-13")[0].1, "1998-02-13TNI");
        assert_eq!(times("the year-ago third quarter", "1989-11-02")[0].1, "1988-Q3");
        assert_eq!(times("third-quarter profit", "1989-11-02")[0].1, "1989-Q3");
        assert_eq!(times("In the first quarter of last year", "2009-05-07")[0].1, "2008-Q1");
        assert_eq!(times("after October of next year", "2009-05-15"), [("October of next year".to_string(), "2010-10".to_string())]);
        assert_eq!(times("at 12:00 UTC Monday", "2009-06-01")[0].1, "2009-06-01T12:00Z");
    }

    #[test]
    fn vague_quantities() {
        assert_eq!(times("a few years ago", "1998-02-12")[0].1, "PAST_REF");
        assert_eq!(times("for the next few days", "1998-02-12")[0].1, "PXD");
        assert_eq!(times("the 1988 quarter", "1989-11-02")[0].1, "1988");
        assert_eq!(times("a decade ago", "1999-03-12")[0].1, "1989");
    }

    #[test]
    fn durations_sets_and_references() {
        assert_eq!(times("a five year low", "1998-01-08"), [("five year".to_string(), "P5Y".to_string())]);
        assert_eq!(times("in the last twenty hours", "1998-01-08")[0].1, "PT20H");
        assert_eq!(times("prices rose weekly", "1998-01-08")[0].1, "P1W");
        assert_eq!(times("the third quarter", "1998-01-08"), [("the third quarter".to_string(), "1997-Q3".to_string())]);
        assert_eq!(times("profits in 1996 and the 1990s", "1998-01-08"), [("1996".to_string(), "1996".to_string()), ("the 1990s".to_string(), "199".to_string())]);
        assert_eq!(times("now", "1998-01-08")[0].1, "PRESENT_REF");
        assert!(times("1998 people died", "1998-01-08").is_empty());
        assert!(times("you may go", "1998-01-08").is_empty());
    }
}
