//! The calendar feed (`overdue --format ics`): which events a subscribed calendar gets, where
//! they sit and in which revision. A feed that only drops an item once it is done leaves it in
//! every subscriber's calendar for ever, so an item that is done, or whose record was cancelled
//! or withdrawn, is sent once more as cancelled for `CANCELLED_FOR_DAYS`; an overdue item sits
//! on as-of, where a person looks, not on its past due date. Pure computation over the deadline
//! engine's items (no clock); `render::ics` writes the events.

use jiff::civil::Date;

use crate::compute::deadline::{Deadline, State};
use crate::config::Config;
use crate::repository::Repository;
use crate::time::calendar::Calendar;
use crate::time::duration::Duration;

/// How long, in days after an item was done (or its record cancelled), the feed still sends
/// it as cancelled: long enough for a calendar that refreshes weekly, or was off over a
/// holiday, to see it.
pub const CANCELLED_FOR_DAYS: i64 = 30;

/// One calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub item: &'a Deadline,
    /// RFC 5545 `UID`: the kind, id and deadline name, so a newer feed updates the event. A
    /// deadline of a second (third …) file holding the same id (a `duplicate-id` error) adds
    /// `#2` (`#3` …), by path order, so that a calendar does not merge the two records' events.
    pub uid: String,
    /// Sent as `STATUS:CANCELLED`: done, or its record cancelled or withdrawn.
    pub cancelled: bool,
    /// The all-day event's date: as-of for an overdue item, else its due date.
    pub on: Date,
    /// RFC 5545 `SEQUENCE`: grows with as-of (an overdue event moves every day) and, on the
    /// same as-of, is one higher for a cancelled event than for the open one it replaces.
    pub sequence: i64,
}

/// The latest due date a listing at `as_of` shows: the `within` window's end, or the day
/// before as-of (overdue items only) without one.
pub fn reach(config: &Config, as_of: Date, within: Option<Duration>) -> Date {
    match within {
        Some(window) => Calendar::new(config).add(as_of, window).unwrap_or(as_of),
        None => as_of.yesterday().unwrap_or(as_of),
    }
}

/// Which copy of its id a deadline's record is: 1 for the first (or only) file holding the id,
/// by path, 2 for the second, and so on (`Event::uid`).
pub fn copy_of(repo: &Repository) -> impl Fn(&Deadline) -> usize + '_ {
    |d| {
        let holders = repo.index.get(&d.id);
        holders.iter().position(|&i| i == d.record).unwrap_or(0) + 1
    }
}

fn uid(item: &Deadline, copy: usize) -> String {
    let base = format!("{}-{}-{}", item.kind, item.id, item.deadline);
    match copy {
        0 | 1 => format!("{base}@qaledger"),
        n => format!("{base}#{n}@qaledger"),
    }
}

/// The events of a feed at `as_of`: the `listed` items (what `overdue` lists), then, of the
/// `others`, those done or ended that the feed could have sent before (due on or before
/// `reach`) and done or ended no more than `CANCELLED_FOR_DAYS` ago. An ended record has no
/// date of cancellation: the latest date it records (or its due date, when later) stands for it.
/// `copy` says which copy of its id each item's record is (`copy_of`).
pub fn events<'a>(
    listed: &'a [Deadline],
    others: &'a [Deadline],
    as_of: Date,
    reach: Date,
    copy: impl Fn(&Deadline) -> usize,
) -> Vec<Event<'a>> {
    let base = 2 * i64::from((as_of - jiff::civil::date(2000, 1, 1)).get_days().max(0));
    let open = listed.iter().map(|item| Event {
        item,
        uid: uid(item, copy(item)),
        cancelled: false,
        on: if item.state == State::Overdue {
            as_of
        } else {
            item.due
        },
        sequence: base,
    });
    let withdrawn = others.iter().filter_map(|item| {
        let since = match item.state {
            State::MetOnTime | State::MetLate => item.done?,
            State::Ended => item.closed.map_or(item.due, |c| c.max(item.due)),
            State::Overdue | State::DueSoon | State::NotYetDue => return None,
        };
        let recent = i64::from((as_of - since).get_days()) <= CANCELLED_FOR_DAYS;
        (item.due <= reach && recent).then(|| Event {
            item,
            uid: uid(item, copy(item)),
            cancelled: true,
            on: item.due,
            sequence: base + 1,
        })
    });
    open.chain(withdrawn).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn item(id: &str, due: Date, state: State, done: Option<Date>) -> Deadline {
        Deadline {
            record: 0,
            kind: "action".into(),
            id: id.into(),
            deadline: "completion".into(),
            due,
            done,
            state,
            days: 0,
            owner: None,
            owner_name: None,
            team: None,
            title: String::new(),
            path: String::new(),
            problems: 0,
            closed: None,
        }
    }

    #[test]
    fn overdue_sits_on_as_of_and_due_soon_on_its_due_date() {
        let as_of = date(2025, 6, 30);
        let listed = [
            item("ACT-2025-0001", date(2025, 5, 21), State::Overdue, None),
            item("ACT-2025-0002", date(2025, 7, 4), State::DueSoon, None),
        ];
        let events = events(&listed, &[], as_of, date(2025, 6, 29), |_| 1);
        let on: Vec<Date> = events.iter().map(|e| e.on).collect();
        assert_eq!(on, vec![as_of, date(2025, 7, 4)]);
        // 2000-01-01 to 2025-06-30 is 9,312 days: 25 years with 7 leap days (9,132), then 180.
        assert!(
            events
                .iter()
                .all(|e| e.sequence == 2 * 9312 && !e.cancelled)
        );
    }

    #[test]
    fn done_items_are_cancelled_for_thirty_days() {
        let as_of = date(2025, 6, 30);
        let done = |id, on| item(id, date(2025, 6, 1), State::MetLate, Some(on));
        let others = [
            // 30 days after 2025-05-31 is as-of: still sent; 31 days: no longer.
            done("ACT-2025-0001", date(2025, 5, 31)),
            done("ACT-2025-0002", date(2025, 5, 30)),
            // Never listed: due after as-of and no window.
            item(
                "ACT-2025-0003",
                date(2025, 7, 1),
                State::MetOnTime,
                Some(as_of),
            ),
            // Open and not listed: not a cancellation.
            item("ACT-2025-0004", date(2025, 7, 1), State::NotYetDue, None),
        ];
        let events = events(&[], &others, as_of, date(2025, 6, 29), |_| 1);
        let ids: Vec<&str> = events.iter().map(|e| e.item.id.as_str()).collect();
        assert_eq!(ids, vec!["ACT-2025-0001"]);
        let event = &events[0];
        assert!(event.cancelled);
        assert_eq!(event.on, date(2025, 6, 1));
        assert_eq!(event.sequence, 2 * 9312 + 1);
    }

    #[test]
    fn ended_items_count_from_their_latest_date() {
        let as_of = date(2025, 6, 30);
        let mut recent = item("ACT-2025-0001", date(2025, 1, 10), State::Ended, None);
        recent.closed = Some(date(2025, 6, 20));
        let stale = item("ACT-2025-0002", date(2025, 1, 10), State::Ended, None);
        // Due within the window: it may be in a calendar, so it is withdrawn too.
        let soon = item("ACT-2025-0003", date(2025, 7, 10), State::Ended, None);
        let others = [recent, stale, soon];
        // `--within '14 days'`: listings reached 2025-07-14.
        let events = events(&[], &others, as_of, date(2025, 7, 14), |_| 1);
        let ids: Vec<&str> = events.iter().map(|e| e.item.id.as_str()).collect();
        assert_eq!(ids, vec!["ACT-2025-0001", "ACT-2025-0003"]);
    }
}
