//! Calendar values with a precision: what an event date or a time expression
//! resolves to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How finely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
    /// Somewhere between `start` and `end`, with no finer calendar unit.
    Range,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Range => "range",
        }
    }
}

/// An inclusive calendar interval and how precise it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
}

impl DateValue {
    pub fn day(d: NaiveDate) -> Self {
        DateValue { start: d, end: d, precision: Precision::Day }
    }
    pub fn range(start: NaiveDate, end: NaiveDate) -> Self {
        let (start, end) = if start <= end { (start, end) } else { (end, start) };
        DateValue { start, end, precision: Precision::Range }
    }
    /// The TimeML-style value: `2013-11-18`, `2013-12`, `2011`, or
    /// `start/end` for a range.
    pub fn timex_value(&self) -> String {
        match self.precision {
            Precision::Day => self.start.format("%Y-%m-%d").to_string(),
            Precision::Month => self.start.format("%Y-%m").to_string(),
            Precision::Year => self.start.format("%Y").to_string(),
            Precision::Week => self.start.format("%G-W%V").to_string(),
            Precision::Range => format!("{}/{}", self.start, self.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_values() {
        let d = NaiveDate::from_ymd_opt(2013, 11, 18).unwrap();
        assert_eq!(DateValue::day(d).timex_value(), "2013-11-18");
        let m = DateValue { start: d, end: d, precision: Precision::Month };
        assert_eq!(m.timex_value(), "2013-11");
        let r = DateValue::range(d, NaiveDate::from_ymd_opt(2011, 1, 1).unwrap());
        assert_eq!(r.start.to_string(), "2011-01-01");
        assert_eq!(r.timex_value(), "2011-01-01/2013-11-18");
    }
}
