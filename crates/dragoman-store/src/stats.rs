//! Time series over happenings ([`EventGroup`]s): per dyad and period,
//! event counts and Goldstein sums; per period, counts by quad class.
//!
//! An event belongs to the period holding its first day. Weeks are ISO
//! weeks, labelled by their Monday. Counts are of happenings, with the
//! articles and mentions behind them alongside, so a story republished a
//! hundred times adds one event and a hundred articles. Undated events
//! (from stories with no publication date) belong to no period and are
//! left out; [`undated`] counts them so callers can say so.

use crate::EventGroup;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "day" | "daily" => Ok(Period::Day),
            "week" | "weekly" => Ok(Period::Week),
            "month" | "monthly" => Ok(Period::Month),
            other => Err(format!("unknown period {other:?} (expected day, week or month)")),
        }
    }
}

impl Period {
    /// The label of the period holding `d`: 2013-11-18, 2013-11-18 (the
    /// Monday of its week), 2013-11.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Period::Day => d.to_string(),
            Period::Week => (d - Duration::days(d.weekday().num_days_from_monday() as i64)).to_string(),
            Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
        }
    }
}

/// One dyad in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadRow {
    pub period: String,
    pub source: String,
    pub target: String,
    pub events: usize,
    pub articles: usize,
    pub mentions: usize,
    pub goldstein_sum: f64,
    /// Goldstein sum over the events that have a score, divided by their number.
    pub goldstein_mean: Option<f64>,
}

/// Counts per quad class (1 verbal cooperation … 4 material conflict) in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct QuadRow {
    pub period: String,
    pub counts: [usize; 4],
    pub goldstein_sum: f64,
}

/// How many happenings have no date and so sit in no period.
pub fn undated(groups: &[EventGroup]) -> usize {
    groups.iter().filter(|g| g.event.date.is_none()).count()
}

fn first_day(g: &EventGroup) -> Option<NaiveDate> {
    g.event.date.as_ref().map(|d| d.start)
}

/// Per (period, source, target), ordered by period then by event count.
pub fn dyads(groups: &[EventGroup], period: Period) -> Vec<DyadRow> {
    let mut acc: BTreeMap<(String, String, String), (usize, usize, usize, f64, usize)> = BTreeMap::new();
    for g in groups {
        let e = &g.event;
        let Some(day) = first_day(g) else { continue };
        let code = |a: &Option<dragoman_core::ActorRef>| a.as_ref().map_or("-".to_string(), |a| a.code.to_string());
        let key = (period.label(day), code(&e.source), code(&e.target));
        let a = acc.entry(key).or_default();
        a.0 += 1;
        a.1 += g.articles;
        a.2 += g.mentions;
        if let Some(s) = e.goldstein {
            a.3 += f64::from(s);
            a.4 += 1;
        }
    }
    let mut rows: Vec<DyadRow> = acc
        .into_iter()
        .map(|((period, source, target), (events, articles, mentions, sum, scored))| DyadRow {
            period,
            source,
            target,
            events,
            articles,
            mentions,
            goldstein_sum: sum,
            goldstein_mean: (scored > 0).then(|| sum / scored as f64),
        })
        .collect();
    rows.sort_by(|a, b| a.period.cmp(&b.period).then(b.events.cmp(&a.events)).then(a.source.cmp(&b.source)).then(a.target.cmp(&b.target)));
    rows
}

/// Per period, every period from the first to the last present (empty
/// periods included, so the series plots without gaps).
pub fn quads(groups: &[EventGroup], period: Period) -> Vec<QuadRow> {
    let mut acc: BTreeMap<String, QuadRow> = BTreeMap::new();
    let (Some(first), Some(last)) = (groups.iter().filter_map(first_day).min(), groups.iter().filter_map(first_day).max()) else {
        return Vec::new();
    };
    let mut d = first;
    while d <= last {
        let label = period.label(d);
        acc.entry(label.clone()).or_insert(QuadRow { period: label, counts: [0; 4], goldstein_sum: 0.0 });
        d += Duration::days(1);
    }
    for g in groups {
        let Some(day) = first_day(g) else { continue };
        let row = acc.get_mut(&period.label(day)).expect("every day in range has a row");
        if (1..=4).contains(&g.event.quad_class) {
            row.counts[usize::from(g.event.quad_class) - 1] += 1;
        }
        row.goldstein_sum += g.event.goldstein.map_or(0.0, f64::from);
    }
    acc.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_labels() {
        let d = NaiveDate::from_ymd_opt(2013, 11, 21).unwrap(); // a Thursday
        assert_eq!(Period::Day.label(d), "2013-11-21");
        assert_eq!(Period::Week.label(d), "2013-11-18");
        assert_eq!(Period::Month.label(d), "2013-11");
        let sunday = NaiveDate::from_ymd_opt(2013, 11, 24).unwrap();
        assert_eq!(Period::Week.label(sunday), "2013-11-18");
        assert!("fortnight".parse::<Period>().is_err());
    }
}
