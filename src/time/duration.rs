//! Durations as written in configuration and schemas: `3 working days`, `6 weeks`, `1 year`.
//!
//! Parsing, and the range a deadline's duration may have; the calendar arithmetic that applies
//! a duration to a date lives with the calendar. Case-insensitive, singular or plural, N ≥ 0
//! (SPEC §4, §10).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Days,
    WorkingDays,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
}

impl Duration {
    /// No time at all: a due-soon window that lists only what is overdue.
    pub const ZERO: Duration = Duration {
        count: 0,
        unit: Unit::Days,
    };

    /// The longest duration of each unit: ten years, or 2,600 working days (ten years of
    /// weekdays). The longest timescale a council keeps is an approval's five years; a
    /// value beyond these is a typo (`999999999 years`), and would put a due date past the
    /// end of the calendar instead of on it.
    pub fn longest(unit: Unit) -> u32 {
        match unit {
            Unit::Days => 3_653, // ten years with three leap days
            Unit::WorkingDays => 2_600,
            Unit::Weeks => 521,
            Unit::Months => 120,
            Unit::Years => 10,
        }
    }

    /// The duration itself when it is no longer than [`Duration::longest`] allows.
    pub fn within_range(self) -> Result<Duration, OutOfRange> {
        if self.count <= Duration::longest(self.unit) {
            Ok(self)
        } else {
            Err(OutOfRange(self))
        }
    }
}

/// A duration longer than any deadline may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days"
)]
pub struct OutOfRange(pub Duration);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a duration: write a whole number and a unit, such as `3 working days`, `6 weeks`, `3 months` or `1 year`"
)]
pub struct DurationError(pub String);

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Duration, DurationError> {
        let error = || DurationError(text.to_owned());
        let lower = text.trim().to_ascii_lowercase();
        let mut words = lower.split_whitespace();
        let count = words
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .ok_or_else(error)?;
        let rest: Vec<&str> = words.collect();
        let unit = match rest.as_slice() {
            ["day" | "days"] => Unit::Days,
            ["working", "day" | "days"] => Unit::WorkingDays,
            ["week" | "weeks"] => Unit::Weeks,
            ["month" | "months"] => Unit::Months,
            ["year" | "years"] => Unit::Years,
            _ => return Err(error()),
        };
        Ok(Duration { count, unit })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            Unit::Days => ("day", "days"),
            Unit::WorkingDays => ("working day", "working days"),
            Unit::Weeks => ("week", "weeks"),
            Unit::Months => ("month", "months"),
            Unit::Years => ("year", "years"),
        };
        write!(
            f,
            "{} {}",
            self.count,
            if self.count == 1 { one } else { many }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Result<Duration, DurationError> {
        text.parse()
    }

    #[test]
    fn every_form_parses() {
        assert_eq!(
            d("3 working days"),
            Ok(Duration {
                count: 3,
                unit: Unit::WorkingDays
            })
        );
        assert_eq!(
            d("1 Working Day"),
            Ok(Duration {
                count: 1,
                unit: Unit::WorkingDays
            })
        );
        assert_eq!(
            d("14 days"),
            Ok(Duration {
                count: 14,
                unit: Unit::Days
            })
        );
        assert_eq!(
            d(" 6  WEEKS "),
            Ok(Duration {
                count: 6,
                unit: Unit::Weeks
            })
        );
        assert_eq!(
            d("1 month"),
            Ok(Duration {
                count: 1,
                unit: Unit::Months
            })
        );
        assert_eq!(
            d("5 years"),
            Ok(Duration {
                count: 5,
                unit: Unit::Years
            })
        );
        assert_eq!(
            d("0 days"),
            Ok(Duration {
                count: 0,
                unit: Unit::Days
            })
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "three days",
            "-1 days",
            "3",
            "3 fortnights",
            "3 working",
            "1.5 weeks",
        ] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_range_ends_at_ten_years_or_2600_working_days() {
        for fits in [
            "10 years",
            "120 months",
            "521 weeks",
            "3653 days",
            "2600 working days",
            "0 days",
        ] {
            let duration = d(fits).unwrap();
            assert_eq!(duration.within_range(), Ok(duration), "{fits}");
        }
        for long in [
            "11 years",
            "121 months",
            "522 weeks",
            "3654 days",
            "2601 working days",
            "999999999 years",
        ] {
            let duration = d(long).unwrap();
            assert_eq!(duration.within_range(), Err(OutOfRange(duration)), "{long}");
        }
        assert_eq!(
            OutOfRange(d("999999999 years").unwrap()).to_string(),
            "`999999999 years` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days"
        );
    }

    #[test]
    fn displays_singular_and_plural() {
        assert_eq!(
            d("1 working days").map(|x| x.to_string()),
            Ok("1 working day".into())
        );
        assert_eq!(
            d("20 Working Day").map(|x| x.to_string()),
            Ok("20 working days".into())
        );
    }
}
