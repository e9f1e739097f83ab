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
        "few" | "several" => Some(3),
        _ => w.replace(',', "").parse().ok().filter(|n| (0..10000).contains(n)),
    }
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

/// Which year a month mentioned without one most likely means: the one
/// closest to publication.
fn nearest_year(m: u32, published: NaiveDate) -> i32 {
    let y = published.year();
    let diff = m as i32 - published.month() as i32;
    if diff > 6 {
        y - 1
    } else if diff < -6 {
        y + 1
    } else {
        y
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
const FUTURE_MARKERS: &[&str] = &["will", "'ll", "would", "shall", "next", "coming", "upcoming", "scheduled", "expected", "plans", "planned", "due", "tomorrow", "later"];

/// Words after a number that make it a quantity, not a year.
const NOT_A_YEAR_AFTER: &[&str] = &["people", "troops", "soldiers", "men", "women", "feet", "meters", "metres", "tons", "tonnes", "dollars", "miles", "km", "%", "percent", "points", "votes", "deaths", "dead", "members", "workers", "cases", "barrels"];

/// Finds time expressions among `tokens[range]`; `words` are the tokens
/// lower-cased, `text` the document text (for case).
pub fn find_times(text: &str, tokens: &[Token], words: &[String], range: Range<usize>, published: NaiveDate) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let word = |k: usize| -> &str { if k < range.end && k >= range.start { words[k].as_str() } else { "" } };
    let before = |k: usize| -> &str { if k > range.start { word(k - 1) } else { "" } };
    // A future marker speaks for a date after it in its own clause: close
    // by, and with no past-tense verb in between ("which will …, said Wednesday"
    // reports the past).
    let future = |k: usize| {
        (range.start..k).rev().take(8).take_while(|&j| !past_verb(&words[j]) && words[j] != ",").any(|j| FUTURE_MARKERS.contains(&words[j].as_str()))
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
                "last" => published - Duration::days(if back == 0 { 7 } else { back }),
                // News reports the past: the most recent such day, today
                // included, unless the sentence speaks of the future.
                _ if future(i) => published + Duration::days(ahead),
                _ => published - Duration::days(back),
            };
            let start = if matches!(b, "next" | "last" | "this") { i - 1 } else { i };
            // "Monday morning": the day is what dates the event.
            let end = if matches!(word(i + 1), "morning" | "afternoon" | "evening" | "night") { i + 2 } else { i + 1 };
            found = Some((start, end, day(d), Relation::Anchor));
        } else if let Some(offset) = match w {
            "yesterday" => Some(-1),
            "today" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        } {
            found = Some((i, i + 1, day(published + Duration::days(offset)), Relation::Anchor));
        } else if w == "tonight" {
            found = Some((i, i + 1, day(published), Relation::Anchor));
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
            if let Some(u) = unit_of(word(i + 1)) {
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
                        _ => return None,
                    })
                };
                let b = before(i);
                if let Some(v) = sign.and_then(|s| step(s * n)) {
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
                let y = year.unwrap_or_else(|| {
                    let y = nearest_year(m, published);
                    // A month well after publication is last year's unless
                    // the sentence speaks of the future.
                    if y == published.year() && m > published.month() + 2 && !future(start_tok) { y - 1 } else { y }
                });
                let value = match dom {
                    Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(day),
                    None => month_range(y, m).map(|(s, e)| dated(DateValue { start: s, end: e, precision: Precision::Month })),
                };
                if let Some(v) = value {
                    found = Some((start_tok, end_tok + 1, v, Relation::Anchor));
                }
            }
        } else if matches!(w, "first" | "second" | "third" | "fourth") && word(i + 1) == "quarter" {
            let q = match w { "first" => 1, "second" => 2, "third" => 3, _ => 4 };
            let cur = published.month0() / 3 + 1;
            let y = if q > cur { published.year() - 1 } else { published.year() };
            let start = if before(i) == "the" { i - 1 } else { i };
            found = Some((start, i + 2, (TimexKind::Date, format!("{y}-Q{q}"), None), Relation::Anchor));
        } else if matches!(w, "this" | "that") && matches!(word(i + 1), "morning" | "afternoon" | "evening") {
            let p = match word(i + 1) { "morning" => "MO", "afternoon" => "AF", _ => "EV" };
            found = Some((i, i + 2, (TimexKind::Time, format!("{}T{p}", published.format("%Y-%m-%d")), Some(DateValue::day(published))), Relation::Anchor));
        }
        match found {
            Some((start, end, (kind, timex, date), relation)) => {
                let end = end.min(range.end).max(start + 1);
                out.push(TimeExpr { tokens: start..end, span: Span::new(tokens[start].span.start, tokens[end - 1].span.end), kind, timex, date, relation });
                i = end;
            }
            None => i += 1,
        }
    }
    out
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
        assert_eq!(times("Monday morning", "2013-11-18")[0].1, "2013-11-18");
        assert_eq!(times("The talks will resume on Friday", "2013-11-18")[0].1, "2013-11-22");
        assert_eq!(times("Prices fell in November", "1999-05-06")[0].1, "1998-11");
        assert_eq!(times("a five-hour meeting", "1999-05-06")[0].1, "PT5H");
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
