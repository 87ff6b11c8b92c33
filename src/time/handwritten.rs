//! Dates as people write them by hand (`30/09/2025`, `30.9.25`, `30 Sep 2025`), read only to
//! suggest the `YYYY-MM-DD` a record needs. Nothing here accepts such a date: a record's dates
//! are always ISO, and this module only says what a value that is not could have meant — both
//! readings when day and month could be either way round, rather than a guess.

use jiff::civil::Date;

/// What a value written as a date could mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Written `YYYY-MM-DD` already (whether or not such a day exists).
    Iso,
    /// One date it can mean.
    One(Date),
    /// Day first (the UK reading) or month first: both exist and differ.
    Either { day_first: Date, month_first: Date },
    /// No date it could mean.
    Unknown,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads `text` as a hand-written date: three numbers split by `/`, `-`, `.` or spaces (day
/// first, or month first when no day is over 12 the other way; a two-digit year is 20YY), or a
/// day, a month's name or its first three letters, and a year in either order ("30 Sep 2025",
/// "September 30, 2025"); `YYYY/MM/DD` is read year first.
pub fn read(text: &str) -> Reading {
    // Shape first, spaces and all: `"2025-09-30 "` is not written `YYYY-MM-DD`.
    if is_iso_shaped(text) {
        return Reading::Iso;
    }
    let Some([a, b, c]) = parts(text) else {
        return Reading::Unknown;
    };
    let numbers = (number(a), number(b), number(c));
    match numbers {
        (Some(_), Some(_), Some(_)) if a.len() == 4 => one(date(numbers.0, numbers.1, numbers.2)),
        (Some(d), Some(m), Some(_)) => {
            let year = year(c);
            match (date(year, Some(m), Some(d)), date(year, Some(d), Some(m))) {
                (Some(day_first), Some(month_first)) if day_first != month_first => {
                    Reading::Either {
                        day_first,
                        month_first,
                    }
                }
                (Some(only), _) | (None, Some(only)) => Reading::One(only),
                (None, None) => Reading::Unknown,
            }
        }
        (Some(_), None, Some(_)) => one(date(year(c), month(b), number(a))),
        (None, Some(_), Some(_)) => one(date(year(c), month(a), number(b))),
        _ => Reading::Unknown,
    }
}

/// Whether `text`, read as a hand-written date, gives its year in two digits (`30/09/25`): a
/// reading that takes it as 20YY is a guess an importer must not make.
pub fn year_is_short(text: &str) -> bool {
    parts(text).is_some_and(|[_, _, year]| year.len() == 2)
}

/// The three parts of a hand-written date, split at `/`, `-`, `.`, spaces and commas, a day's
/// ordinal suffix dropped (`4th` → `4`).
fn parts(text: &str) -> Option<[&str; 3]> {
    let parts: Vec<&str> = text
        .trim()
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let digits = p.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &p[digits.len()..];
            let ordinal = ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str());
            if ordinal && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                digits
            } else {
                p
            }
        })
        .collect();
    <[&str; 3]>::try_from(parts).ok()
}

fn one(date: Option<Date>) -> Reading {
    date.map_or(Reading::Unknown, Reading::One)
}

/// `YYYY-MM-DD` by shape: four digits, two, two.
fn is_iso_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn number(part: &str) -> Option<i16> {
    (part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// A four-digit year as written; a two-digit one in this century.
fn year(part: &str) -> Option<i16> {
    match part.len() {
        2 => number(part).map(|y| 2000 + y),
        4 => number(part),
        _ => None,
    }
}

fn month(part: &str) -> Option<i16> {
    let lower = part.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lower))
        .and_then(|i| i16::try_from(i + 1).ok())
}

fn date(year: Option<i16>, month: Option<i16>, day: Option<i16>) -> Option<Date> {
    let (year, month, day) = (year?, month?, day?);
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap_or_default()
    }

    #[test]
    fn uk_shapes_read_day_first() {
        for text in [
            "30/09/2025",
            "30/9/2025",
            "30-09-2025",
            "30.09.2025",
            "30 Sep 2025",
            "30 September 2025",
            "30 sept 2025",
            "September 30, 2025",
            "30/09/25",
            "2025/09/30",
            "30th September 2025",
            "Sept 30th, 2025",
        ] {
            assert_eq!(read(text), Reading::One(d(2025, 9, 30)), "{text}");
        }
    }

    #[test]
    fn day_and_month_either_way_round_give_both() {
        assert_eq!(
            read("01/02/2025"),
            Reading::Either {
                day_first: d(2025, 2, 1),
                month_first: d(2025, 1, 2)
            }
        );
        // The same both ways round: one date.
        assert_eq!(read("03/03/2025"), Reading::One(d(2025, 3, 3)));
        // Only month first exists (an American date).
        assert_eq!(read("09/30/2025"), Reading::One(d(2025, 9, 30)));
    }

    #[test]
    fn a_two_digit_year_is_told_apart() {
        assert!(year_is_short("30/09/25"));
        assert!(year_is_short("30 Sep 25"));
        assert!(!year_is_short("30/09/2025"));
        assert!(!year_is_short("soon"));
    }

    #[test]
    fn iso_and_nonsense() {
        assert_eq!(read("2025-02-30"), Reading::Iso);
        assert_eq!(read("2025-09-30"), Reading::Iso);
        assert_eq!(read(" 2025-09-30 "), Reading::One(d(2025, 9, 30)));
        for text in [
            "soon",
            "31/31/2025",
            "30 Foo 2025",
            "",
            "1/2",
            "30/09/12345",
        ] {
            assert_eq!(read(text), Reading::Unknown, "{text}");
        }
    }
}
