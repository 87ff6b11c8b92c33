//! Reporting periods (`--period`): calendar years, quarters and months, date ranges, periods
//! relative to as-of, and UK financial years (April–March) and their quarters (SPEC §8).
//!
//! Parsing only; as-of is a parameter, never the clock.

use std::fmt;

use jiff::civil::{Date, date};
use serde::Serialize;

/// An inclusive range of dates, with the text it was given as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    pub label: String,
}

impl Period {
    /// Whether the label names the period by itself (`FY2024-25`, `2025-Q1`, `2025-03`):
    /// not a relative one (`this-financial-year`, read against as-of) nor a range of dates.
    pub fn is_named(&self) -> bool {
        !RELATIVE.contains(&self.label.as_str()) && !self.label.contains("..")
    }

    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} to {})", self.label, self.start, self.end)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a period: use 2025, 2025-Q1, 2025-03, 2025-03-01..2025-06-30, FY2025-26, FY2025-26-Q1, this-month, last-month, this-quarter, last-quarter, this-financial-year or last-financial-year"
)]
pub struct PeriodError(pub String);

/// The periods read against as-of.
const RELATIVE: [&str; 6] = [
    "this-month",
    "last-month",
    "this-quarter",
    "last-quarter",
    "this-financial-year",
    "last-financial-year",
];

/// Parses a period; relative ones are taken relative to `as_of`.
pub fn parse(text: &str, as_of: Date) -> Result<Period, PeriodError> {
    let error = || PeriodError(text.to_owned());
    let t = text.trim();
    let (start, end) = match t {
        "this-month" => month(as_of.year(), as_of.month()),
        "last-month" => {
            let previous = as_of.first_of_month().yesterday().map_err(|_| error())?;
            month(previous.year(), previous.month())
        }
        "this-quarter" => quarter(as_of.year(), quarter_of(as_of)),
        "last-quarter" => match quarter_of(as_of) {
            1 => quarter(as_of.year() - 1, 4),
            q => quarter(as_of.year(), q - 1),
        },
        "this-financial-year" => financial_year(financial_year_of(as_of)),
        "last-financial-year" => financial_year(financial_year_of(as_of) - 1),
        _ => absolute(t).ok_or_else(error)?,
    }
    .ok_or_else(error)?;
    if end < start {
        return Err(error());
    }
    Ok(Period {
        start,
        end,
        label: t.to_owned(),
    })
}

fn absolute(t: &str) -> Option<Option<(Date, Date)>> {
    if let Some((a, b)) = t.split_once("..") {
        let start = crate::record::parse_date(a.trim())?;
        let end = crate::record::parse_date(b.trim())?;
        return Some(Some((start, end)));
    }
    if let Some(fy) = t.strip_prefix("FY") {
        let (years, q) = match fy.split_once("-Q") {
            Some((years, q)) => (
                years,
                Some(q.parse::<i8>().ok().filter(|q| (1..=4).contains(q))?),
            ),
            None => (fy, None),
        };
        let (first, second) = years.split_once('-')?;
        let first: i16 = digits(first, 4)?;
        let second: i16 = digits(second, 2)?;
        if (first + 1) % 100 != second {
            return None;
        }
        return Some(match q {
            // Q1 is April–June, Q4 January–March of the following year.
            Some(q) if q < 4 => quarter(first, q + 1),
            Some(_) => quarter(first + 1, 1),
            None => financial_year(first),
        });
    }
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        [y] => {
            let y = digits(y, 4)?;
            Some(Some((date(y, 1, 1), date(y, 12, 31))))
        }
        [y, q] if q.starts_with('Q') => {
            let q: i8 = q[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
            Some(quarter(digits(y, 4)?, q))
        }
        [y, m] => {
            let m: i8 = digits(m, 2)?;
            Some(month(digits(y, 4)?, m))
        }
        _ => None,
    }
}

fn digits<T: std::str::FromStr>(text: &str, len: usize) -> Option<T> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn month(year: i16, month: i8) -> Option<(Date, Date)> {
    let start = Date::new(year, month, 1).ok()?;
    Some((start, start.last_of_month()))
}

fn quarter_of(day: Date) -> i8 {
    (day.month() - 1) / 3 + 1
}

fn quarter(year: i16, q: i8) -> Option<(Date, Date)> {
    let start = Date::new(year, (q - 1) * 3 + 1, 1).ok()?;
    let end = Date::new(year, q * 3, 1).ok()?.last_of_month();
    Some((start, end))
}

/// The financial year starting in April of `year`.
fn financial_year(year: i16) -> Option<(Date, Date)> {
    Some((
        Date::new(year, 4, 1).ok()?,
        Date::new(year + 1, 3, 31).ok()?,
    ))
}

fn financial_year_of(day: Date) -> i16 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// The quarters of the financial year (April–June is Q1) that `period` touches, each cut to
/// the period and labelled by its financial quarter (`FY2025-26-Q2`): a return's rows.
pub fn financial_quarters(period: &Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut day = period.start;
    while day <= period.end {
        let year = financial_year_of(day);
        // Q1 is April–June: months 4–6 → 1, …, January–March → 4.
        let q = (day.month() + 8) % 12 / 3 + 1;
        let Some((_, end)) = (if q < 4 {
            quarter(year, q + 1)
        } else {
            quarter(year + 1, 1)
        }) else {
            break;
        };
        out.push(Period {
            start: day,
            end: end.min(period.end),
            label: format!("FY{}-{:02}-Q{q}", year, (year + 1) % 100),
        });
        match end.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_financial_year_has_four_quarters_and_a_quarter_one() {
        let as_of = date(2025, 6, 30);
        let year = parse("FY2025-26", as_of).unwrap_or_else(|e| panic!("{e}"));
        let quarters: Vec<String> = financial_quarters(&year)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            quarters,
            [
                "FY2025-26-Q1 (2025-04-01 to 2025-06-30)",
                "FY2025-26-Q2 (2025-07-01 to 2025-09-30)",
                "FY2025-26-Q3 (2025-10-01 to 2025-12-31)",
                "FY2025-26-Q4 (2026-01-01 to 2026-03-31)",
            ]
        );
        let q2 = parse("FY2025-26-Q2", as_of).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(financial_quarters(&q2).len(), 1);
        // A range is cut at its ends: 15 March to 10 April is the end of Q4 and the start of Q1.
        let range = parse("2025-03-15..2025-04-10", as_of).unwrap_or_else(|e| panic!("{e}"));
        let cut: Vec<String> = financial_quarters(&range)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            cut,
            [
                "FY2024-25-Q4 (2025-03-15 to 2025-03-31)",
                "FY2025-26-Q1 (2025-04-01 to 2025-04-10)",
            ]
        );
    }

    fn range(text: &str) -> (String, String) {
        let p = parse(text, date(2025, 6, 30)).unwrap_or_else(|e| panic!("{e}"));
        (p.start.to_string(), p.end.to_string())
    }

    fn r(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
    }

    #[test]
    fn absolute_periods() {
        assert_eq!(range("2025"), r("2025-01-01", "2025-12-31"));
        assert_eq!(range("2025-Q1"), r("2025-01-01", "2025-03-31"));
        assert_eq!(range("2024-Q4"), r("2024-10-01", "2024-12-31"));
        assert_eq!(range("2024-02"), r("2024-02-01", "2024-02-29"));
        assert_eq!(
            range("2025-03-01..2025-06-30"),
            r("2025-03-01", "2025-06-30")
        );
    }

    #[test]
    fn uk_financial_years_run_april_to_march() {
        assert_eq!(range("FY2025-26"), r("2025-04-01", "2026-03-31"));
        assert_eq!(range("FY2025-26-Q1"), r("2025-04-01", "2025-06-30"));
        assert_eq!(range("FY2025-26-Q3"), r("2025-10-01", "2025-12-31"));
        assert_eq!(range("FY2025-26-Q4"), r("2026-01-01", "2026-03-31"));
        assert_eq!(range("FY1999-00"), r("1999-04-01", "2000-03-31"));
        assert!(parse("FY2025-27", date(2025, 6, 30)).is_err());
    }

    #[test]
    fn relative_periods_follow_as_of() {
        // As-of 2025-06-30: Q2 of 2025, and financial year 2025-26 (it began on 1 April).
        assert_eq!(range("this-month"), r("2025-06-01", "2025-06-30"));
        assert_eq!(range("last-month"), r("2025-05-01", "2025-05-31"));
        assert_eq!(range("this-quarter"), r("2025-04-01", "2025-06-30"));
        assert_eq!(range("last-quarter"), r("2025-01-01", "2025-03-31"));
        assert_eq!(range("this-financial-year"), r("2025-04-01", "2026-03-31"));
        assert_eq!(range("last-financial-year"), r("2024-04-01", "2025-03-31"));
        let january = parse("last-quarter", date(2025, 1, 15)).map(|p| (p.start, p.end));
        assert_eq!(january, Ok((date(2024, 10, 1), date(2024, 12, 31))));
        let march = parse("this-financial-year", date(2025, 3, 31)).map(|p| p.start);
        assert_eq!(march, Ok(date(2024, 4, 1)));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "2025-Q5",
            "2025-13",
            "25",
            "2025-06-30..2025-01-01",
            "next-year",
            "FY25-26",
        ] {
            assert!(parse(bad, date(2025, 6, 30)).is_err(), "{bad}");
        }
    }
}
