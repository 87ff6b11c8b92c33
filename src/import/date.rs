//! A date as a sheet holds it → a calendar date: a cell formatted as a date, an Excel serial
//! number, ISO `2025-03-04`, `4/3/2025` (day first or month first, as the rules say) and
//! `4 Mar 2025` (read as `time::handwritten` reads a hand-written date in a record). A date that
//! could be read two ways is an error naming both, never a guess.

use jiff::civil::Date;
use serde::Deserialize;

use super::sheet::Cell;
use crate::time::handwritten::{self, Reading};

/// How the sheet writes numeric dates with slashes (`date_format` in the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SlashOrder {
    #[serde(rename = "dd/mm/yyyy")]
    DayFirst,
    #[serde(rename = "mm/dd/yyyy")]
    MonthFirst,
}

/// The cell's date, or why it is not one.
pub fn read(cell: &Cell, order: Option<SlashOrder>) -> Result<Date, String> {
    match cell {
        Cell::Date(date) => Ok(*date),
        Cell::Number(n) => serial(*n),
        Cell::Text(text) => text_date(text.trim(), order),
        Cell::Bool(_) | Cell::Empty => Err(format!("`{}` is not a date", cell.text())),
    }
}

/// An Excel serial number (days since 1899-12-30, the 1900 system; a time of day is ignored).
fn serial(n: f64) -> Result<Date, String> {
    // 61 is 1900-03-01: before it Excel counts a 29 February 1900 that never was.
    if !(61.0..2_958_466.0).contains(&n) {
        return Err(format!(
            "{n} is not a date Excel numbers (from 61, 1900-03-01)"
        ));
    }
    #[allow(clippy::cast_possible_truncation)]
    let days = n.floor() as i64;
    Date::new(1899, 12, 30)
        .ok()
        .and_then(|epoch| epoch.checked_add(jiff::Span::new().days(days)).ok())
        .ok_or_else(|| format!("{n} is not a date"))
}

fn text_date(text: &str, order: Option<SlashOrder>) -> Result<Date, String> {
    // ISO, possibly with a time of day after it (as some exports write).
    if let Some(date) = text.get(..10).and_then(crate::record::parse_date) {
        let rest = &text[10..];
        if rest.is_empty() || rest.starts_with([' ', 'T']) {
            return Ok(date);
        }
    }
    if handwritten::year_is_short(text) {
        return Err(format!(
            "`{text}` is ambiguous: the year has 2 digits; write it in full"
        ));
    }
    match handwritten::read(text) {
        Reading::One(date) => Ok(date),
        Reading::Either {
            day_first,
            month_first,
        } => match order {
            Some(SlashOrder::DayFirst) => Ok(day_first),
            Some(SlashOrder::MonthFirst) => Ok(month_first),
            None => Err(format!(
                "`{text}` is ambiguous: {day_first} (day first) or {month_first} (month first); say which with date_format in the rules"
            )),
        },
        Reading::Iso | Reading::Unknown => Err(format!(
            "`{text}` is not a date qaledger reads (2025-03-04, 04/03/2025, 4 Mar 2025)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap_or_else(|e| panic!("{e}"))
    }

    fn text(s: &str, order: Option<SlashOrder>) -> Result<Date, String> {
        read(&Cell::Text(s.to_owned()), order)
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        // 45658 is 2025-01-01 in Excel's 1900 system; 61 is 1900-03-01.
        assert_eq!(read(&Cell::Number(45658.0), None), Ok(date(2025, 1, 1)));
        assert_eq!(read(&Cell::Number(45658.75), None), Ok(date(2025, 1, 1)));
        assert_eq!(read(&Cell::Number(61.0), None), Ok(date(1900, 3, 1)));
        assert!(read(&Cell::Number(12.0), None).is_err());
    }

    #[test]
    fn uk_us_iso_and_written_dates() {
        let uk = Some(SlashOrder::DayFirst);
        assert_eq!(text("04/03/2025", uk), Ok(date(2025, 3, 4)));
        assert_eq!(
            text("4/3/2025", Some(SlashOrder::MonthFirst)),
            Ok(date(2025, 4, 3))
        );
        assert_eq!(text("2025-03-04", uk), Ok(date(2025, 3, 4)));
        assert_eq!(text("2025-03-04 00:00:00", None), Ok(date(2025, 3, 4)));
        assert_eq!(text("4 Mar 2025", None), Ok(date(2025, 3, 4)));
        assert_eq!(text("4th March 2025", None), Ok(date(2025, 3, 4)));
        assert_eq!(text("14-Sep-2024", None), Ok(date(2024, 9, 14)));
        assert_eq!(text("31/04/2025", uk).map_err(|_| ()), Err(()));
    }

    #[test]
    fn a_date_read_two_ways_is_an_error_never_a_guess() {
        assert_eq!(text("25/12/2025", None), Ok(date(2025, 12, 25)));
        assert_eq!(text("12/25/2025", None), Ok(date(2025, 12, 25)));
        assert_eq!(text("05/05/2025", None), Ok(date(2025, 5, 5)));
        let both = text("04/03/2025", None).unwrap_err();
        assert!(
            both.contains("2025-03-04 (day first) or 2025-04-03 (month first)"),
            "{both}"
        );
        let short = text("04/03/25", Some(SlashOrder::DayFirst)).unwrap_err();
        assert!(short.contains("ambiguous"), "{short}");
        assert!(text("soon", None).is_err());
    }

    proptest::proptest! {
        #[test]
        fn no_text_or_number_panics(text in "\\PC{0,24}", n in proptest::num::f64::ANY) {
            let _ = read(&Cell::Text(text.clone()), None);
            let _ = read(&Cell::Text(text), Some(SlashOrder::DayFirst));
            let _ = read(&Cell::Number(n), None);
        }
    }
}
