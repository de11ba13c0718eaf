//! Dates with precision (SPEC §3).
//!
//! Editors know some dates to the day and others only to the month or year.
//! A [`PartialDate`] keeps exactly what was written, shows it at that
//! precision ("2013", "July 2024", "31 July 2024") and sorts a less precise
//! date before the more precise dates of the same period.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    /// An RFC 3339 date-time.
    Time,
}

/// A date as precise as the editor wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Seconds since the epoch, for RFC 3339 date-times only.
    timestamp: Option<i64>,
    /// The text as written, kept for date-times so output round-trips.
    original: Option<String>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 date-time. The
    /// error says what is wrong in words an editor understands.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let looks_like_date_time = text.len() > 10
            && text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && text.as_bytes()[4] == b'-';
        if looks_like_date_time {
            return DateTime::parse_from_rfc3339(text)
                .map(|dt: DateTime<FixedOffset>| PartialDate {
                    year: dt.year(),
                    month: Some(dt.month()),
                    day: Some(dt.day()),
                    timestamp: Some(dt.timestamp()),
                    original: Some(text.to_string()),
                })
                .map_err(|err| {
                    format!("`{text}` is not a valid date-time ({err}); write YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time")
                });
        }
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = matches!(parts.as_slice(), [y] | [y, _] | [y, _, _] if y.len() == 4)
            && parts.iter().skip(1).all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!(
                "`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-07-31)"
            ));
        }
        let number = |s: &str| s.parse::<u32>().unwrap_or(0);
        let year = number(parts[0]) as i32;
        let month = parts.get(1).map(|m| number(m));
        let day = parts.get(2).map(|d| number(d));
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("`{text}` has month {m}; months run from 01 to 12"));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if NaiveDate::from_ymd_opt(year, m, d).is_none() {
                return Err(format!(
                    "`{text}` does not exist: {} {year} has no day {d}",
                    MONTHS[m as usize - 1]
                ));
            }
        }
        Ok(PartialDate {
            year,
            month,
            day,
            timestamp: None,
            original: None,
        })
    }

    pub fn precision(&self) -> Precision {
        match (self.timestamp, self.month, self.day) {
            (Some(_), _, _) => Precision::Time,
            (_, _, Some(_)) => Precision::Day,
            (_, Some(_), _) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Machine form for `<time datetime>` and JSON: as precise as written.
    pub fn iso(&self) -> String {
        if let Some(original) = &self.original {
            return original.clone();
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Reader form: "2013", "July 2024" or "31 July 2024".
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// An RFC 3339 timestamp for feeds, taking the start of the period.
    pub fn rfc3339(&self) -> String {
        if let Some(original) = &self.original {
            return original.clone();
        }
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    pub fn month_name(month: u32) -> &'static str {
        MONTHS[(month.clamp(1, 12) - 1) as usize]
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |d: &PartialDate| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0));
        key(self)
            .cmp(&key(other))
            .then_with(|| self.timestamp.cmp(&other.timestamp))
            .then_with(|| self.original.cmp(&other.original))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_and_shows_precision() {
        assert_eq!(PartialDate::parse("2013").unwrap().display(), "2013");
        assert_eq!(
            PartialDate::parse("2024-07").unwrap().display(),
            "July 2024"
        );
        assert_eq!(
            PartialDate::parse("2024-07-31").unwrap().display(),
            "31 July 2024"
        );
        let dt = PartialDate::parse("2024-07-31T18:30:00-04:00").unwrap();
        assert_eq!(dt.display(), "31 July 2024");
        assert_eq!(dt.iso(), "2024-07-31T18:30:00-04:00");
        assert_eq!(dt.precision(), Precision::Time);
    }

    #[test]
    fn less_precise_sorts_first() {
        let mut dates: Vec<PartialDate> = ["2024-07-31", "2024", "2024-07", "2013"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        dates.sort();
        let iso: Vec<String> = dates.iter().map(PartialDate::iso).collect();
        assert_eq!(iso, ["2013", "2024", "2024-07", "2024-07-31"]);
    }

    #[test]
    fn rejects_impossible_dates_with_reasons() {
        assert!(PartialDate::parse("2024-13-01")
            .unwrap_err()
            .contains("month 13"));
        assert!(PartialDate::parse("2023-02-30")
            .unwrap_err()
            .contains("no day 30"));
        assert!(PartialDate::parse("last tuesday").is_err());
        assert!(PartialDate::parse("24-07-31").is_err());
        assert!(PartialDate::parse("").is_err());
    }
}
