//! Publication times as news pages write them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?").expect("valid regex")
});
static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    let ord = r"(?:st|nd|rd|th)?";
    Regex::new(&format!(
        r"(?i)\b(?:(?P<d1>\d{{1,2}}){ord}\s+(?P<m1>{MONTHS})\.?,?\s+(?P<y1>\d{{4}})|(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}}){ord},?\s+(?P<y2>\d{{4}}))(?:\s*(?:-|–|—|,|at|\|)?\s*(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>GMT|UTC|Z|[+-]\d{{2}}:?\d{{2}}|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|MSK)?)?"
    ))
    .expect("valid regex")
});

fn month_number(s: &str) -> Option<u32> {
    let m = s.to_ascii_lowercase();
    let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    names.iter().position(|n| m.starts_with(n)).map(|i| i as u32 + 1)
}

fn offset_seconds(tz: &str) -> Option<i32> {
    let named = match tz.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" => Some(0),
        "EST" | "CDT" => Some(-5 * 3600),
        "EDT" => Some(-4 * 3600),
        "CST" | "MDT" => Some(-6 * 3600),
        "PST" => Some(-8 * 3600),
        "PDT" => Some(-7 * 3600),
        "CET" | "BST" => Some(3600),
        "CEST" => Some(2 * 3600),
        "MSK" => Some(3 * 3600),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let sign = if tz.starts_with('-') { -1 } else { 1 };
    let digits: String = tz.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

fn assemble(date: NaiveDate, time: Option<NaiveTime>, tz: Option<&str>) -> Option<DateTime<Utc>> {
    let naive = date.and_time(time.unwrap_or(NaiveTime::MIN));
    // A time without a zone is taken as UTC: news sites mostly print GMT/UTC,
    // and a day-level date must not shift across midnight.
    let off = tz.and_then(offset_seconds).unwrap_or(0);
    let fixed = FixedOffset::east_opt(off)?;
    Some(fixed.from_local_datetime(&naive).single()?.with_timezone(&Utc))
}

/// Finds and parses the first date-time in `s`: ISO 8601 / RFC 3339,
/// RFC 2822 (feeds), or written dates ("November 18th, 2013 - 12:43 GMT",
/// "18 Nov 2013", "Nov. 18, 2013 at 3:05 pm EST").
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Some(c) = ISO.captures(s) {
        let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(m)) => NaiveTime::from_hms_opt(
                h.as_str().parse().ok()?,
                m.as_str().parse().ok()?,
                c.get(6).map_or(Some(0), |x| x.as_str().parse().ok())?,
            ),
            _ => None,
        };
        return assemble(date, time, c.get(7).map(|m| m.as_str()));
    }
    let c = WRITTEN.captures(s)?;
    let (d, m, y) = match c.name("d1") {
        Some(d) => (d.as_str(), &c["m1"], &c["y1"]),
        None => (&c["d2"], &c["m2"], &c["y2"]),
    };
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, month_number(m)?, d.parse().ok()?)?;
    let time = match (c.name("h"), c.name("mi")) {
        (Some(h), Some(mi)) => {
            let mut hour: u32 = h.as_str().parse().ok()?;
            if let Some(ap) = c.name("ampm") {
                let pm = ap.as_str().to_ascii_lowercase().starts_with('p');
                if pm && hour < 12 {
                    hour += 12;
                } else if !pm && hour == 12 {
                    hour = 0;
                }
            }
            NaiveTime::from_hms_opt(hour, mi.as_str().parse().ok()?, 0)
        }
        _ => None,
    };
    assemble(date, time, c.name("tz").map(|m| m.as_str()))
}

static PUBLISHED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:first\s+)?(?:published|posted|updated|last\s+updated|date|dated)\s*(?:on|at)?\s*:?\s*(.{6,80})$").expect("valid regex")
});

/// A visible line that states when the story was published, such as
/// "Published November 18th, 2013 - 12:43 GMT".
pub(crate) fn published_line(line: &str) -> Option<DateTime<Utc>> {
    let c = PUBLISHED_LINE.captures(line)?;
    parse_datetime(&c[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_datetime(s).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn written_dates() {
        assert_eq!(iso("November 18th, 2013 - 12:43 GMT"), "2013-11-18T12:43:00+00:00");
        assert_eq!(iso("18 Nov 2013"), "2013-11-18T00:00:00+00:00");
        assert_eq!(iso("Nov. 18, 2013 at 3:05 pm EST"), "2013-11-18T20:05:00+00:00");
    }

    #[test]
    fn machine_dates() {
        assert_eq!(iso("2013-11-18T12:43:00+01:00"), "2013-11-18T11:43:00+00:00");
        assert_eq!(iso("Mon, 18 Nov 2013 12:43:00 GMT"), "2013-11-18T12:43:00+00:00");
        assert_eq!(iso("2013-11-18"), "2013-11-18T00:00:00+00:00");
        assert_eq!(iso("no date here"), "");
        assert_eq!(iso("2013-02-30"), "");
    }

    #[test]
    fn published_lines() {
        assert!(published_line("Published November 18th, 2013 - 12:43 GMT").is_some());
        assert!(published_line("Updated: 2013-11-18 10:00").is_some());
        assert!(published_line("Putin published a decree on November 18th, 2013").is_none());
    }
}
