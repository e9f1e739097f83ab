//! Time expressions in a sentence, resolved against the publication date.
//!
//! Covers what news uses most: weekdays ("Monday", "last Friday"),
//! yesterday/today/tomorrow, offsets ("two days ahead", "three years ago",
//! "last week"), months with parts ("mid-December", "early 2011") and
//! explicit dates. A later issue grows this into full TIMEX3 normalisation.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dragoman_core::{DateValue, Precision, Span};
use dragoman_nlp::Token;
use std::ops::Range;

/// How an expression relates to the event in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It dates the clause's event ("met on Monday").
    Anchor,
    /// It dates something else relative to it ("two days ahead of talks").
    Offset,
}

#[derive(Debug, Clone)]
pub struct TimeExpr {
    pub tokens: Range<usize>,
    pub span: Span,
    pub value: DateValue,
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
    const WORDS: [&str; 13] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return Some(i as i64);
    }
    match w {
        "a" | "an" => Some(1),
        "a few" | "few" | "several" => Some(3),
        _ => w.parse().ok().filter(|n| (0..10000).contains(n)),
    }
}

fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    MONTHS.iter().position(|m| *m == w || (w.len() >= 3 && m.starts_with(w) && w != "may" && w != "mar")).map(|i| i as u32 + 1).or_else(|| (w == "may").then_some(5))
}

fn month_range(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
    Some((start, next - Duration::days(1)))
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

/// Finds time expressions among `tokens[range]`; `words` are the tokens
/// lower-cased, `text` the document text (for case).
pub fn find_times(text: &str, tokens: &[Token], words: &[String], range: Range<usize>, published: NaiveDate) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut i = range.start;
    let word = |k: usize| -> &str { if k < range.end && k >= range.start { words[k].as_str() } else { "" } };
    while i < range.end {
        let w = word(i);
        let mut found: Option<(usize, DateValue, Relation)> = None;
        // weekday, with an optional "last"/"next"/"this" before it
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == w) {
            let before = if i > range.start { word(i - 1) } else { "" };
            let pw = published.weekday().num_days_from_monday() as i64;
            let back = (pw - wd.num_days_from_monday() as i64).rem_euclid(7);
            let date = match before {
                "next" => published + Duration::days(if back == 0 { 7 } else { 7 - back }),
                "last" => published - Duration::days(if back == 0 { 7 } else { back }),
                // News reports the past: the most recent such day, today included.
                _ => published - Duration::days(back),
            };
            let start = if matches!(before, "next" | "last" | "this") { i - 1 } else { i };
            out.push(TimeExpr { tokens: start..i + 1, span: Span::new(tokens[start].span.start, tokens[i].span.end), value: DateValue::day(date), relation: Relation::Anchor });
            i += 1;
            continue;
        } else if let Some(days) = match w {
            "yesterday" => Some(-1),
            "today" | "tonight" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        } {
            found = Some((1, DateValue::day(published + Duration::days(days)), Relation::Anchor));
        } else if let Some(n) = number_word(w) {
            // "two days ahead", "three years ago", "10 days later"
            let unit = word(i + 1).trim_end_matches('s');
            let dir = word(i + 2);
            let step = |n: i64| -> Option<(NaiveDate, Precision)> {
                Some(match unit {
                    "day" => (published + Duration::days(n), Precision::Day),
                    "week" => (published + Duration::weeks(n), Precision::Week),
                    "month" => (add_months(published, n as i32), Precision::Month),
                    "year" => (NaiveDate::from_ymd_opt(published.year() + n as i32, 1, 1)?, Precision::Year),
                    _ => return None,
                })
            };
            let sign = match dir {
                "ago" | "earlier" | "before" => Some(-1),
                "ahead" | "later" | "after" | "hence" => Some(1),
                _ => None,
            };
            if let Some((d, p)) = sign.and_then(|s| step(s * n)) {
                // "two days ahead of talks" dates the talks, not this clause.
                let relation = if matches!(word(i + 3), "of" | "the") || (matches!(dir, "before" | "after") && i + 3 < range.end) { Relation::Offset } else { Relation::Anchor };
                found = Some((3, DateValue { start: d, end: d, precision: p }, relation));
            } else if i > range.start && word(i - 1) == "in" && !matches!(w, "a" | "an") {
                // "in two days"
                if let Some((d, p)) = step(n) {
                    found = Some((2, DateValue { start: d, end: d, precision: p }, Relation::Anchor));
                }
            }
            // a year: "in 2011", "early 2011", "since 2011"
            if found.is_none() && w.len() == 4 && (1900..2100).contains(&n) {
                let prev = if i > range.start { word(i - 1) } else { "" };
                if matches!(prev, "in" | "since" | "early" | "late" | "mid" | "until" | "by" | "of" | "during" | "from") {
                    let y = n as i32;
                    let (mut s, mut e) = (NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31));
                    let mut start_tok = i;
                    match prev {
                        "early" => { e = NaiveDate::from_ymd_opt(y, 4, 30); start_tok = i - 1; }
                        "mid" => { s = NaiveDate::from_ymd_opt(y, 5, 1); e = NaiveDate::from_ymd_opt(y, 8, 31); start_tok = i - 1; }
                        "late" => { s = NaiveDate::from_ymd_opt(y, 9, 1); start_tok = i - 1; }
                        _ => {}
                    }
                    if let (Some(s), Some(e)) = (s, e) {
                        out.push(TimeExpr { tokens: start_tok..i + 1, span: Span::new(tokens[start_tok].span.start, tokens[i].span.end), value: DateValue { start: s, end: e, precision: Precision::Year }, relation: Relation::Anchor });
                    }
                    i += 1;
                    continue;
                }
            }
        } else if let Some(m) = month_of(w.trim_start_matches("mid-").trim_start_matches("early-").trim_start_matches("late-")).filter(|_| w.len() >= 3 && (w.chars().next().is_some_and(|c| c.is_alphabetic()))) {
            // "December", "mid-December", "December 5", "5 December 2013", "December 2013"
            let is_may_verb = w == "may" && !text[tokens[i].span.start..].starts_with('M');
            if !is_may_verb {
                let mut end_tok = i;
                let mut day: Option<u32> = None;
                let mut year: Option<i32> = None;
                let next = word(i + 1);
                if let Ok(d) = next.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>() {
                    if (1..=31).contains(&d) && next.len() <= 4 {
                        day = Some(d);
                        end_tok = i + 1;
                    } else if (1900..2100).contains(&d) {
                        year = Some(d as i32);
                        end_tok = i + 1;
                    }
                }
                if day.is_some() {
                    let after = if word(end_tok + 1) == "," { end_tok + 2 } else { end_tok + 1 };
                    if let Ok(y) = word(after).parse::<i32>() {
                        if (1900..2100).contains(&y) {
                            year = Some(y);
                            end_tok = after;
                        }
                    }
                }
                let mut start_tok = i;
                if day.is_none() && i > range.start {
                    if let Ok(d) = word(i - 1).trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>() {
                        if (1..=31).contains(&d) {
                            day = Some(d);
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
                let y = year.unwrap_or_else(|| nearest_year(m, published));
                let value = match day {
                    Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(DateValue::day),
                    None => month_range(y, m).map(|(s, e)| DateValue { start: s, end: e, precision: Precision::Month }),
                };
                if let Some(v) = value {
                    out.push(TimeExpr { tokens: start_tok..end_tok + 1, span: Span::new(tokens[start_tok].span.start, tokens[end_tok].span.end), value: v, relation: Relation::Anchor });
                    i = end_tok + 1;
                    continue;
                }
            }
        } else if matches!(w, "last" | "this" | "next" | "past") && matches!(word(i + 1), "week" | "month" | "year") {
            let unit = word(i + 1);
            let shift = match w { "last" | "past" => -1, "next" => 1, _ => 0 };
            let v = match unit {
                "week" => {
                    let d = published + Duration::weeks(shift);
                    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
                    DateValue { start: monday, end: monday + Duration::days(6), precision: Precision::Week }
                }
                "month" => {
                    let d = add_months(published, shift as i32);
                    month_range(d.year(), d.month()).map(|(s, e)| DateValue { start: s, end: e, precision: Precision::Month }).unwrap_or(DateValue::day(published))
                }
                _ => {
                    let y = published.year() + shift as i32;
                    DateValue { start: NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(published), end: NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(published), precision: Precision::Year }
                }
            };
            found = Some((2, v, Relation::Anchor));
        }
        if let Some((len, value, relation)) = found {
            let end = (i + len).min(range.end);
            out.push(TimeExpr { tokens: i..end, span: Span::new(tokens[i].span.start, tokens[end - 1].span.end), value, relation });
            i = end;
        } else {
            i += 1;
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
        find_times(text, &toks, &words, 0..toks.len(), p).into_iter().map(|t| (text[t.span.start..t.span.end].to_string(), t.value.timex_value())).collect()
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
    }
}
