//! Working days and date arithmetic: the calendar that turns a start date and a configured
//! duration into a due date (SPEC §5), for the compute stage.
//!
//! England-and-Wales bank holidays are computed by rule plus the known one-off changes; nothing
//! is read from a file or the network, and nothing here reads the clock: every date is a parameter.

use std::borrow::Cow;
use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday, date};
use jiff::{Span, ToSpan};

use crate::config::{Config, Holidays};
use crate::time::duration::{Duration, Unit};

/// Usual bank holidays cancelled by proclamation (each moved to a date in `PROCLAIMED`).
const CANCELLED: [Date; 5] = [
    date(1995, 5, 1),  // early May → 8 May, VE Day's 50th anniversary
    date(2002, 5, 27), // spring → 4 June, Golden Jubilee
    date(2012, 5, 28), // spring → 4 June, Diamond Jubilee
    date(2020, 5, 4),  // early May → 8 May, VE Day's 75th anniversary
    date(2022, 5, 30), // spring → 2 June, Platinum Jubilee
];

/// One-off bank holidays: the moved days above and the extra ones.
const PROCLAIMED: [Date; 12] = [
    date(1995, 5, 8),
    date(1999, 12, 31), // millennium
    date(2002, 6, 3),
    date(2002, 6, 4),
    date(2011, 4, 29), // royal wedding
    date(2012, 6, 4),
    date(2012, 6, 5),
    date(2020, 5, 8),
    date(2022, 6, 2),
    date(2022, 6, 3),
    date(2022, 9, 19), // state funeral
    date(2023, 5, 8),  // coronation
];

/// The most calendar days a working-day walk takes before it gives up: twenty years. The
/// longest walk a valid configuration asks for (2,600 working days, with at most 60 closures
/// a year) takes under fourteen; a calendar built with more closures than that ends here
/// instead of walking to the end of time.
const LONGEST_WALK: i32 = 20 * 366;

/// Years whose bank holidays a `Calendar` computes once, up front; others are computed on use.
const CACHED_FIRST: i16 = 1990;
const CACHED_LAST: i16 = 2100;

/// England and Wales bank holidays of `year`, sorted: the statutory rules, substitute days for
/// those falling at a weekend, and the one-off changes (all between 1995 and 2023). Years jiff
/// cannot represent have none.
pub fn bank_holidays(year: i16) -> Vec<Date> {
    let mut days = Vec::with_capacity(10);

    // New Year's Day, or the Monday after when it falls at a weekend.
    if let Ok(new_year) = Date::new(year, 1, 1) {
        days.extend(match new_year.weekday() {
            Weekday::Saturday => new_year.checked_add(2.days()).ok(),
            Weekday::Sunday => new_year.tomorrow().ok(),
            _ => Some(new_year),
        });
    }

    if let Some(easter) = easter_sunday(year) {
        days.extend(easter.checked_sub(2.days()).ok()); // Good Friday
        days.extend(easter.tomorrow().ok()); // Easter Monday
    }

    let monday = |month: i8, nth: i8| {
        Date::new(year, month, 1)
            .and_then(|first| first.nth_weekday_of_month(nth, Weekday::Monday))
            .ok()
    };
    days.extend(monday(5, 1)); // early May: first Monday of May
    days.extend(monday(5, -1)); // spring: last Monday of May
    days.extend(monday(8, -1)); // summer: last Monday of August

    // Christmas Day and Boxing Day. Each one at a weekend is replaced by the next weekday after
    // Boxing Day not already taken: Saturday 25th gives Monday 27th and Tuesday 28th; Sunday 25th
    // gives Tuesday 27th beside Monday 26th; Friday 25th gives Monday 28th for Boxing Day.
    let christmas: Vec<Date> = [25, 26]
        .into_iter()
        .filter_map(|day| Date::new(year, 12, day).ok())
        .collect();
    let at_weekend = christmas.iter().filter(|d| is_weekend(**d)).count();
    days.extend(christmas.into_iter().filter(|d| !is_weekend(*d)));
    days.extend(
        (27..=31)
            .filter_map(|day| Date::new(year, 12, day).ok())
            .filter(|d| !is_weekend(*d))
            .take(at_weekend),
    );

    days.retain(|d| !CANCELLED.contains(d));
    days.extend(PROCLAIMED.iter().filter(|d| d.year() == year));
    days.retain(|d| !is_weekend(*d));
    days.sort_unstable();
    days.dedup();
    days
}

/// Easter Sunday by the anonymous Gregorian algorithm (Meeus, *Astronomical Algorithms*), with
/// Euclidean division so that years before 1 stay in range.
fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let month = i8::try_from(n / 31).ok()?;
    let day = i8::try_from(n % 31 + 1).ok()?;
    Date::new(year, month, day).ok()
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Which days are working days, and durations applied to dates (SPEC §5).
#[derive(Debug, Clone)]
pub struct Calendar {
    holidays: Holidays,
    closures: BTreeSet<Date>,
    /// Bank holidays of `CACHED_FIRST..=CACHED_LAST`, one sorted list per year; empty when the
    /// calendar has no bank holidays.
    cached: Vec<Vec<Date>>,
}

impl Calendar {
    /// The calendar `[calendar]` in `qaledger.toml` describes.
    pub fn new(config: &Config) -> Calendar {
        Calendar::with_closures(config.holidays, config.extra_closures.clone())
    }

    /// England and Wales bank holidays and no extra closures.
    pub fn england_and_wales() -> Calendar {
        Calendar::with_closures(Holidays::EnglandAndWales, BTreeSet::new())
    }

    /// The given bank holidays plus council closure days.
    pub fn with_closures(holidays: Holidays, closures: BTreeSet<Date>) -> Calendar {
        let cached = match holidays {
            Holidays::EnglandAndWales => (CACHED_FIRST..=CACHED_LAST).map(bank_holidays).collect(),
            Holidays::None => Vec::new(),
        };
        Calendar {
            holidays,
            closures,
            cached,
        }
    }

    /// Not a Saturday or Sunday, not a bank holiday (when the calendar has them), not an extra
    /// closure.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.is_working_day_among(date, &self.holidays_of(date.year()))
    }

    /// `start` plus `duration`; `None` when the due date cannot be computed: the duration is
    /// longer than any deadline may be (`Duration::within_range`), the result is beyond the
    /// dates jiff represents, or the calendar has no working day for twenty years.
    ///
    /// Days and weeks are calendar days; months and years clamp to the month's last day. For
    /// working days, day 0 is `start` whatever it is, and the N-th working day after it is the
    /// result (0 working days is `start` itself).
    pub fn add(&self, start: Date, duration: Duration) -> Option<Date> {
        let duration = duration.within_range().ok()?;
        let count = i64::from(duration.count);
        let span = match duration.unit {
            Unit::WorkingDays => return self.add_working_days(start, duration.count),
            Unit::Days => Span::new().try_days(count),
            Unit::Weeks => Span::new().try_weeks(count),
            Unit::Months => Span::new().try_months(count),
            Unit::Years => Span::new().try_years(count),
        };
        start.checked_add(span.ok()?).ok()
    }

    fn add_working_days(&self, start: Date, count: u32) -> Option<Date> {
        // Each working day is a day of its own: a count beyond the days jiff has left cannot be
        // reached, so say so at once instead of walking to the end of time.
        if i64::from(count) > i64::from(start.until(Date::MAX).ok()?.get_days()) {
            return None;
        }
        let mut date = start;
        let mut left = count;
        let mut year = start.year();
        let mut holidays = self.holidays_of(year);
        let mut walked = 0;
        // Ends: each step moves one day forward, at most `LONGEST_WALK` of them, and
        // `tomorrow` fails at jiff's last date.
        while left > 0 {
            walked += 1;
            if walked > LONGEST_WALK {
                return None;
            }
            date = date.tomorrow().ok()?;
            if date.year() != year {
                year = date.year();
                holidays = self.holidays_of(year);
            }
            if self.is_working_day_among(date, &holidays) {
                left -= 1;
            }
        }
        Some(date)
    }

    fn is_working_day_among(&self, date: Date, holidays: &[Date]) -> bool {
        !is_weekend(date) && !holidays.contains(&date) && !self.closures.contains(&date)
    }

    /// The bank holidays of `year`: from the cache when it has the year, computed otherwise.
    fn holidays_of(&self, year: i16) -> Cow<'_, [Date]> {
        if self.holidays == Holidays::None {
            return Cow::Borrowed(&[]);
        }
        let index = usize::try_from(i32::from(year) - i32::from(CACHED_FIRST)).ok();
        match index.and_then(|i| self.cached.get(i)) {
            Some(days) => Cow::Borrowed(days.as_slice()),
            None => Cow::Owned(bank_holidays(year)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;

    const OFFICIAL: &str = include_str!("../../tests/data/bank-holidays-england-and-wales.csv");

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn dates(texts: &[&str]) -> Vec<Date> {
        texts.iter().map(|t| d(t)).collect()
    }

    fn duration(text: &str) -> Duration {
        text.parse().unwrap()
    }

    fn add(calendar: &Calendar, start: &str, by: &str) -> Option<Date> {
        calendar.add(d(start), duration(by))
    }

    #[test]
    fn computed_holidays_equal_the_official_list_2010_to_2030() {
        let mut official: BTreeMap<i16, Vec<Date>> = BTreeMap::new();
        for line in OFFICIAL.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let day = d(line.split(',').next().unwrap());
            official.entry(day.year()).or_default().push(day);
        }
        assert_eq!(
            official.keys().copied().collect::<Vec<_>>(),
            (2010..=2030).collect::<Vec<_>>()
        );
        for (year, days) in official {
            assert_eq!(bank_holidays(year), days, "{year}");
        }
    }

    #[test]
    fn easter_by_rule() {
        // Known extremes of the Gregorian computus, and 2025.
        assert_eq!(easter_sunday(1818), Some(d("1818-03-22")));
        assert_eq!(easter_sunday(1943), Some(d("1943-04-25")));
        assert_eq!(easter_sunday(2038), Some(d("2038-04-25")));
        assert_eq!(easter_sunday(2285), Some(d("2285-03-22")));
        assert_eq!(easter_sunday(2025), Some(d("2025-04-20")));
    }

    #[test]
    fn christmas_substitutes_for_every_weekday_of_the_25th() {
        let christmas = |year: i16| -> Vec<Date> {
            bank_holidays(year)
                .into_iter()
                .filter(|day| day.month() == 12)
                .collect()
        };
        // 25th on Monday (2023), Tuesday (2018), Wednesday (2024), Thursday (2025): no substitute.
        assert_eq!(christmas(2023), dates(&["2023-12-25", "2023-12-26"]));
        assert_eq!(christmas(2018), dates(&["2018-12-25", "2018-12-26"]));
        assert_eq!(christmas(2024), dates(&["2024-12-25", "2024-12-26"]));
        assert_eq!(christmas(2025), dates(&["2025-12-25", "2025-12-26"]));
        // Friday 25th: Boxing Day (Saturday) moves to Monday 28th.
        assert_eq!(christmas(2020), dates(&["2020-12-25", "2020-12-28"]));
        // Saturday 25th, Sunday 26th: Monday 27th and Tuesday 28th.
        assert_eq!(christmas(2021), dates(&["2021-12-27", "2021-12-28"]));
        // Sunday 25th: Boxing Day stays Monday 26th, Christmas moves to Tuesday 27th.
        assert_eq!(christmas(2022), dates(&["2022-12-26", "2022-12-27"]));
    }

    #[test]
    fn new_year_at_a_weekend_moves_to_monday() {
        // 2022-01-01 Saturday → Monday 3rd; 2023-01-01 Sunday → Monday 2nd.
        assert_eq!(bank_holidays(2022).first(), Some(&d("2022-01-03")));
        assert_eq!(bank_holidays(2023).first(), Some(&d("2023-01-02")));
    }

    #[test]
    fn one_offs_of_1995_and_1999() {
        // 1995: 1 Jan Sunday → 2 Jan; Easter 16 April; early May moved from 1 to 8 May (VE Day);
        // Christmas Monday, Boxing Day Tuesday.
        assert_eq!(
            bank_holidays(1995),
            dates(&[
                "1995-01-02",
                "1995-04-14",
                "1995-04-17",
                "1995-05-08",
                "1995-05-29",
                "1995-08-28",
                "1995-12-25",
                "1995-12-26",
            ])
        );
        // 1999: Easter 4 April; Christmas Saturday → 27th and 28th; millennium eve Friday 31st.
        assert_eq!(
            bank_holidays(1999),
            dates(&[
                "1999-01-01",
                "1999-04-02",
                "1999-04-05",
                "1999-05-03",
                "1999-05-31",
                "1999-08-30",
                "1999-12-27",
                "1999-12-28",
                "1999-12-31",
            ])
        );
    }

    #[test]
    fn one_offs_of_2002() {
        // The spring holiday moved from 27 May to 4 June, and 3 June added (Golden Jubilee).
        let days = bank_holidays(2002);
        assert!(!days.contains(&d("2002-05-27")));
        assert!(days.contains(&d("2002-06-03")));
        assert!(days.contains(&d("2002-06-04")));
    }

    #[test]
    fn any_year_jiff_knows_is_computed_without_panic() {
        // 2100: 1 Jan Friday; Easter 28 March; 25 December Saturday → 27th and 28th.
        assert_eq!(
            bank_holidays(2100),
            dates(&[
                "2100-01-01",
                "2100-03-26",
                "2100-03-29",
                "2100-05-03",
                "2100-05-31",
                "2100-08-30",
                "2100-12-27",
                "2100-12-28",
            ])
        );
        for year in (-9999..=9999).step_by(7).chain([-9999, 9999]) {
            let days = bank_holidays(year);
            let one_offs = (1995..=2023).contains(&year);
            assert!(days.len() == 8 || one_offs, "{year}: {days:?}");
            assert!(days.windows(2).all(|w| w[0] < w[1]), "{year}");
            assert!(
                days.iter().all(|d| d.year() == year && !is_weekend(*d)),
                "{year}"
            );
        }
        assert!(bank_holidays(i16::MIN).is_empty());
        assert!(bank_holidays(i16::MAX).is_empty());
        let calendar = Calendar::england_and_wales();
        // -9999-01-01 is New Year's Day. 9999-12-31 is a Friday: Christmas fell on Saturday, so
        // its substitutes were Monday 27th and Tuesday 28th.
        assert!(!calendar.is_working_day(Date::MIN));
        assert_eq!(Date::MAX.weekday(), Weekday::Friday);
        assert!(calendar.is_working_day(Date::MAX));
        assert_eq!(bank_holidays(9999).last(), Some(&d("9999-12-28")));
    }

    #[test]
    fn the_cache_agrees_with_the_rules_at_its_edges() {
        let calendar = Calendar::england_and_wales();
        for year in [1988, 1989, 1990, 1991, 2099, 2100, 2101, 2102] {
            let holidays = bank_holidays(year);
            let mut day = Date::new(year, 1, 1).unwrap();
            while day.year() == year {
                let expected = !is_weekend(day) && !holidays.contains(&day);
                assert_eq!(calendar.is_working_day(day), expected, "{day}");
                day = day.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn spec_examples() {
        let calendar = Calendar::england_and_wales();
        // Friday 3 January: Mon 6 (1), Tue 7 (2), Wed 8 (3).
        assert_eq!(
            add(&calendar, "2025-01-03", "3 working days"),
            Some(d("2025-01-08"))
        );
        // Saturday 4 January: the same three days.
        assert_eq!(
            add(&calendar, "2025-01-04", "3 working days"),
            Some(d("2025-01-08"))
        );
    }

    #[test]
    fn working_days_skip_christmas() {
        let calendar = Calendar::england_and_wales();
        // Monday 23 December 2024: Tue 24 (1), [25, 26 bank holidays], Fri 27 (2), [weekend],
        // Mon 30 (3).
        assert_eq!(
            add(&calendar, "2024-12-23", "2 working days"),
            Some(d("2024-12-27"))
        );
        assert_eq!(
            add(&calendar, "2024-12-23", "3 working days"),
            Some(d("2024-12-30"))
        );
    }

    #[test]
    fn working_days_skip_easter_and_early_may() {
        let calendar = Calendar::england_and_wales();
        // Monday 14 April 2025: 15, 16, 17 (3), [Good Friday 18, weekend, Easter Monday 21],
        // 22–25 (7), 28–30 (10), 1–2 May (12), [weekend, early May 5], 6–9 (16), 12–15 (20).
        assert_eq!(
            add(&calendar, "2025-04-14", "20 working days"),
            Some(d("2025-05-15"))
        );
    }

    #[test]
    fn working_days_skip_extra_closures() {
        let closed = BTreeSet::from([d("2025-12-29")]);
        let calendar = Calendar::with_closures(Holidays::EnglandAndWales, closed);
        assert!(!calendar.is_working_day(d("2025-12-29")));
        // Wednesday 24 December 2025: [25, 26 holidays, weekend, 29 closed], 30 (1), 31 (2),
        // [1 January], Friday 2 January 2026 (3).
        assert_eq!(
            add(&calendar, "2025-12-24", "3 working days"),
            Some(d("2026-01-02"))
        );
        // Without the closure: 29, 30, 31.
        assert_eq!(
            add(
                &Calendar::england_and_wales(),
                "2025-12-24",
                "3 working days"
            ),
            Some(d("2025-12-31"))
        );
    }

    #[test]
    fn the_calendar_follows_the_config() {
        let config = Config::parse(
            "[calendar]\nextra_closures = [\"2025-12-29\"]\n",
            PathBuf::from("qaledger.toml"),
        )
        .unwrap();
        let calendar = Calendar::new(&config);
        assert!(!calendar.is_working_day(d("2025-12-29")));
        assert!(!calendar.is_working_day(d("2025-12-25")));
        assert!(calendar.is_working_day(d("2025-12-30")));
    }

    #[test]
    fn without_bank_holidays_only_weekends_and_closures_are_skipped() {
        let calendar = Calendar::with_closures(Holidays::None, BTreeSet::new());
        assert!(calendar.is_working_day(d("2025-12-25")));
        assert!(!calendar.is_working_day(d("2025-12-27")));
        // Monday 23 December 2024: 24 (1), 25 (2), 26 (3).
        assert_eq!(
            add(&calendar, "2024-12-23", "3 working days"),
            Some(d("2024-12-26"))
        );
        let closed = Calendar::with_closures(Holidays::None, BTreeSet::from([d("2024-12-24")]));
        // [24 closed], 25 (1), 26 (2), 27 (3).
        assert_eq!(
            add(&closed, "2024-12-23", "3 working days"),
            Some(d("2024-12-27"))
        );
    }

    #[test]
    fn zero_working_days_is_the_start_whatever_it_is() {
        let calendar = Calendar::england_and_wales();
        assert_eq!(
            add(&calendar, "2025-01-04", "0 working days"),
            Some(d("2025-01-04"))
        );
        assert_eq!(
            add(&calendar, "2025-12-25", "0 working days"),
            Some(d("2025-12-25"))
        );
    }

    #[test]
    fn months_and_years_clamp_to_the_month_end() {
        let calendar = Calendar::england_and_wales();
        let cases = [
            ("2025-01-31", "1 month", "2025-02-28"),
            ("2024-01-31", "1 month", "2024-02-29"),
            ("2024-02-29", "1 year", "2025-02-28"),
            ("2024-02-29", "4 years", "2028-02-29"),
            ("2025-08-31", "3 months", "2025-11-30"),
            ("2025-03-15", "6 months", "2025-09-15"),
            ("2025-12-31", "2 months", "2026-02-28"),
        ];
        for (start, by, due) in cases {
            assert_eq!(add(&calendar, start, by), Some(d(due)), "{start} + {by}");
        }
    }

    #[test]
    fn days_and_weeks_are_calendar_days() {
        let calendar = Calendar::england_and_wales();
        // 30 June + 42 days: 31 to 31 July, 11 more to 11 August.
        assert_eq!(
            add(&calendar, "2025-06-30", "6 weeks"),
            Some(d("2025-08-11"))
        );
        // Calendar days count bank holidays and weekends.
        assert_eq!(
            add(&calendar, "2025-12-24", "14 days"),
            Some(d("2026-01-07"))
        );
        assert_eq!(
            add(&calendar, "2025-12-24", "0 days"),
            Some(d("2025-12-24"))
        );
    }

    #[test]
    fn beyond_jiffs_range_is_none() {
        let calendar = Calendar::england_and_wales();
        let huge = |unit| Duration {
            count: u32::MAX,
            unit,
        };
        for unit in [
            Unit::Days,
            Unit::Weeks,
            Unit::Months,
            Unit::Years,
            Unit::WorkingDays,
        ] {
            assert_eq!(calendar.add(d("2025-01-01"), huge(unit)), None, "{unit:?}");
        }
        assert_eq!(add(&calendar, "9999-12-31", "1 day"), None);
        assert_eq!(add(&calendar, "9999-12-31", "1 working day"), None);
        assert_eq!(add(&calendar, "9999-12-01", "1 month"), None);
    }

    #[test]
    fn a_walk_that_runs_out_of_dates_ends() {
        let calendar = Calendar::england_and_wales();
        // December 9999 runs from Wednesday 1st to Friday 31st: 23 weekdays, two of them bank
        // holidays (Christmas Saturday → Monday 27th, Boxing Day Sunday → Tuesday 28th), so 21
        // working days, and there is no 22nd.
        assert_eq!(
            add(&calendar, "9999-11-30", "21 working days"),
            Some(d("9999-12-31"))
        );
        assert_eq!(add(&calendar, "9999-11-30", "22 working days"), None);
        // 30 days left, 30 asked: the walk runs to the last date and stops there.
        assert_eq!(add(&calendar, "9999-12-01", "30 working days"), None);
    }

    #[test]
    fn long_walks_agree_day_by_day_across_the_cache_edge() {
        // 2,600 working days from 2095 run to about 2105, past the cached years.
        let closures = BTreeSet::from([d("2099-12-29"), d("2101-06-01")]);
        let calendar = Calendar::with_closures(Holidays::EnglandAndWales, closures);
        let mut expected = d("2095-01-01");
        let mut left = 2_600;
        while left > 0 {
            expected = expected.tomorrow().unwrap();
            if calendar.is_working_day(expected) {
                left -= 1;
            }
        }
        assert!(expected.year() > CACHED_LAST, "{expected}");
        assert_eq!(
            add(&calendar, "2095-01-01", "2600 working days"),
            Some(expected)
        );
    }

    #[test]
    fn a_duration_beyond_the_range_has_no_due_date() {
        // Each would be a date jiff can represent, but no deadline is that long.
        let calendar = Calendar::england_and_wales();
        assert_eq!(add(&calendar, "2025-01-01", "11 years"), None);
        assert_eq!(add(&calendar, "2025-01-01", "2601 working days"), None);
        assert_eq!(
            add(&calendar, "2025-01-01", "10 years"),
            Some(d("2035-01-01"))
        );
    }

    #[test]
    fn a_calendar_closed_every_day_ends_its_walk() {
        // Every day from 2025 to 2049 closed (a calendar the configuration refuses, built
        // here directly): no working day within twenty years, so no due date, at once.
        let mut closed = BTreeSet::new();
        let mut day = d("2025-01-01");
        while day.year() < 2050 {
            closed.insert(day);
            day = day.tomorrow().unwrap();
        }
        let calendar = Calendar::with_closures(Holidays::EnglandAndWales, closed);
        let started = std::time::Instant::now();
        assert_eq!(add(&calendar, "2025-01-01", "1 working day"), None);
        assert_eq!(add(&calendar, "2025-01-01", "2600 working days"), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Zero working days is the start, closed or not.
        assert_eq!(
            add(&calendar, "2049-12-31", "0 working days"),
            Some(d("2049-12-31"))
        );
    }
}
