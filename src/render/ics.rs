//! The overdue list as an iCalendar feed (RFC 5545) for Outlook, Google Calendar and friends:
//! one all-day event per `feed::Event` — an overdue item on as-of, a due-soon one on its due
//! date, a done or cancelled one once more as `STATUS:CANCELLED` so subscribers drop it.
//!
//! Pure formatting: where events sit and their `SEQUENCE` come from `feed`, and the stamp from
//! as-of, never the clock, so the same list gives the same bytes. Lines end in CRLF and fold at
//! 75 octets between characters.

use jiff::civil::Date;

use crate::compute::deadline::State;
use crate::repository::left_out::{self, LeftOut};
use crate::view::feed::Event;

/// Identifies the program that made the file (RFC 5545 §3.7.3); no version, so that output does
/// not change with releases.
const PRODID: &str = "-//qaledger//overdue//EN";

/// The longest content line, in octets, before folding (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// A `VCALENDAR` (`METHOD:PUBLISH`, a feed to subscribe to) with one `VEVENT` per event. Each
/// event's `UID` (`feed::Event::uid`) is made of the kind, id and deadline name, so a newer
/// feed updates the events it sent (a moved due date moves the event; a cancelled one replaces the open one) instead of
/// adding copies. What was left out is named, by path, in the calendar's description (SPEC §7),
/// and an event of a record with problems says so in its own. The protective marking, when
/// set, starts the calendar's description and is the first and last line of each event's: an
/// imported event travels without its calendar.
pub fn render(
    events: &[Event<'_>],
    as_of: Date,
    excluded: &[LeftOut],
    marking: Option<&str>,
) -> String {
    let mut out = String::new();
    let stamp = format!("{}T000000Z", basic(as_of));
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, &format!("PRODID:{PRODID}"));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!(
            "X-WR-CALNAME:{}",
            text(&format!("qaledger: overdue at {as_of}"))
        ),
    );
    // Overdue events move to as-of every day: ask subscribers to refresh daily (RFC 7986, and
    // the older property Outlook reads).
    line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:P1D");
    line(&mut out, "X-PUBLISHED-TTL:P1D");
    let description: Vec<String> = marking
        .map(str::to_owned)
        .into_iter()
        .chain(super::left_out::block(excluded))
        .collect();
    if !description.is_empty() {
        line(
            &mut out,
            &format!("X-WR-CALDESC:{}", text(&description.join("\n"))),
        );
    }
    for e in events {
        event(&mut out, e, &stamp, marking);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, e: &Event<'_>, stamp: &str, marking: Option<&str>) {
    let d = e.item;
    let (heading, standing) = match (e.cancelled, d.state) {
        (true, State::Ended) => (
            "Cancelled".to_owned(),
            format!("record cancelled or withdrawn (was due {})", d.due),
        ),
        (true, _) => (
            "Done".to_owned(),
            match d.done {
                Some(done) => format!("done {done} (was due {})", d.due),
                None => format!("done (was due {})", d.due),
            },
        ),
        (false, state) => (
            if state == State::Overdue {
                "Overdue"
            } else {
                "Due soon"
            }
            .to_owned(),
            format!("{} (due {})", super::overdue::days_text(d.days), d.due),
        ),
    };
    let summary = format!("{heading}: {} {} — {}", d.id, d.deadline, d.title);
    let description = format!(
        "{} {} {}: {standing}\nOwner: {}\nTeam: {}\nRecord: {}",
        d.kind,
        d.id,
        d.deadline,
        match (&d.owner, &d.owner_name) {
            (Some(id), Some(name)) => format!("{name} ({id})"),
            (Some(id), None) => id.to_string(),
            (None, _) => "none".to_owned(),
        },
        d.team.as_deref().unwrap_or("none"),
        d.path,
    );
    let description = if d.problems > 0 {
        let note = left_out::problems_note(d.problems, &d.path);
        format!("{description}\nNote: {note}")
    } else {
        description
    };
    let description = match marking {
        Some(marking) => format!("{marking}\n{description}\n{marking}"),
        None => description,
    };
    // An all-day event ends (exclusively) the next day; jiff's last date has none, and an event
    // without DTEND lasts that one day anyway (RFC 5545 §3.6.1).
    let end = e.on.tomorrow().ok();
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", text(&e.uid)));
    line(out, &format!("DTSTAMP:{stamp}"));
    line(out, &format!("SEQUENCE:{}", e.sequence));
    line(out, &format!("DTSTART;VALUE=DATE:{}", basic(e.on)));
    if let Some(end) = end {
        line(out, &format!("DTEND;VALUE=DATE:{}", basic(end)));
    }
    let status = if e.cancelled {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    line(out, &format!("STATUS:{status}"));
    line(out, &format!("SUMMARY:{}", text(&summary)));
    line(out, &format!("DESCRIPTION:{}", text(&description)));
    line(out, &format!("CATEGORIES:{}", text(&d.kind)));
    // A reminder, not an appointment: it does not make anyone look busy.
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// `YYYYMMDD`, the iCalendar DATE form.
fn basic(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped; other
/// control characters, which TEXT does not allow, dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets: each
/// continuation starts with a space, and a cut never falls inside a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut rest = content;
    let mut limit = LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        // The leading space counts towards the next line's 75 octets.
        limit = LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::deadline::Deadline;
    use jiff::civil::date;

    fn item(title: &str) -> Deadline {
        Deadline {
            record: 0,
            kind: "action".into(),
            id: "ACT-2025-0003".into(),
            deadline: "completion".into(),
            due: date(2025, 5, 21),
            done: None,
            state: State::Overdue,
            days: 40,
            owner: Some("mmurphy".into()),
            owner_name: Some("Małgorzata Murphy".into()),
            team: None,
            title: title.to_owned(),
            path: "records/actions/2025/ACT-2025-0003.yaml".to_owned(),
            problems: 0,
            closed: None,
        }
    }

    fn open(item: &Deadline, on: Date) -> Event<'_> {
        Event {
            item,
            uid: "action-ACT-2025-0003-completion@qaledger".to_owned(),
            cancelled: false,
            on,
            sequence: 18624,
        }
    }

    #[test]
    fn text_escapes_what_rfc_5545_says() {
        assert_eq!(
            text("a\\b;c,d\ne\r\nf\rg\u{7}h"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ngh"
        );
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        line(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let mut out = String::new();
        // 75 + 74 + 1 octets: a full first line, a full continuation (space + 74), then one.
        line(&mut out, &"x".repeat(150));
        assert_eq!(
            out,
            format!("{}\r\n {}\r\n x\r\n", "x".repeat(75), "x".repeat(74))
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        // 74 ASCII octets, then "ł" (2 octets: would straddle octets 75 and 76), then "é".
        let content = format!("{}łé", "x".repeat(74));
        line(&mut out, &content);
        // The first line stops after 74 octets; "ł" and "é" move to the continuation.
        assert_eq!(out, format!("{}\r\n łé\r\n", "x".repeat(74)));
        for physical in out.split("\r\n") {
            assert!(physical.len() <= 75, "{physical:?}");
        }
    }

    #[test]
    fn an_event_per_item_with_a_stable_uid() {
        let overdue = item("Making safeguarding personal");
        let out = render(
            &[open(&overdue, date(2025, 6, 30))],
            date(2025, 6, 30),
            &[],
            None,
        );
        // Overdue since 2025-05-21: all-day on as-of (to, exclusive, the next day), stamped at
        // as-of, with the sequence `feed` gave it; the due date is in the description.
        for expected in [
            "UID:action-ACT-2025-0003-completion@qaledger\r\n",
            "DTSTAMP:20250630T000000Z\r\n",
            "SEQUENCE:18624\r\n",
            "DTSTART;VALUE=DATE:20250630\r\n",
            "DTEND;VALUE=DATE:20250701\r\n",
            "STATUS:CONFIRMED\r\n",
            "DESCRIPTION:action ACT-2025-0003 completion: 40 days overdue (due 2025-05-21)\\n",
            "SUMMARY:Overdue: ACT-2025-0003 completion — Making safeguarding personal\r\n",
        ] {
            let unfolded = out.replace("\r\n ", "");
            assert!(
                unfolded.contains(expected),
                "{expected:?} missing from\n{out}"
            );
        }
        assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(out.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        // No bare line feeds: every LF ends a CRLF.
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn an_empty_list_is_an_empty_calendar() {
        let out = render(&[], date(2025, 6, 30), &[], None);
        assert!(!out.contains("VEVENT"));
        assert!(!out.contains("X-WR-CALDESC"));
        assert!(out.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn records_left_out_are_named_in_the_header() {
        let left_out = LeftOut {
            path: "records/actions/ACT-2025-0009.yaml".to_owned(),
            kind: Some("action".to_owned()),
            id: Some("ACT-2025-0009".to_owned()),
            deadline: Some("completion".to_owned()),
            owner: None,
            team: None,
            reason: "`due` has a problem".to_owned(),
        };
        let out = render(&[], date(2025, 6, 30), &[left_out], None).replace("\r\n ", "");
        assert!(
            out.contains(
                "\r\nX-WR-CALDESC:1 record was left out in whole or part — run `qaledger \
                 check PATH` to see why:\\n  records/actions/ACT-2025-0009.yaml (completion: \
                 `due` has a problem)\r\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn an_item_of_a_record_with_problems_says_so() {
        let mut marked = item("Making safeguarding personal");
        marked.problems = 2;
        let out = render(
            &[open(&marked, date(2025, 6, 30))],
            date(2025, 6, 30),
            &[],
            None,
        )
        .replace("\r\n ", "");
        assert!(
            out.contains(
                "\\nNote: this record has 2 YAML or schema problems — run `qaledger check \
                 records/actions/2025/ACT-2025-0003.yaml`\r\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn the_marking_heads_the_calendar_and_frames_each_description() {
        let overdue = item("Making safeguarding personal");
        let left_out = LeftOut {
            path: "records/actions/ACT-2025-0009.yaml".to_owned(),
            kind: None,
            id: None,
            deadline: None,
            owner: None,
            team: None,
            reason: "line 1: this file is empty".to_owned(),
        };
        let out = render(
            &[open(&overdue, date(2025, 6, 30))],
            date(2025, 6, 30),
            &[left_out],
            Some("OFFICIAL-SENSITIVE"),
        )
        .replace("\r\n ", "");
        assert!(
            out.contains(
                "\r\nX-WR-CALDESC:OFFICIAL-SENSITIVE\\n1 record was left out in whole or part \
                 — run `qaledger check PATH` to see why:\\n  records/actions/ACT-2025-0009.yaml \
                 (line 1: this file is empty)\r\n"
            ),
            "{out}"
        );
        assert!(out.contains(
            "\r\nDESCRIPTION:OFFICIAL-SENSITIVE\\naction ACT-2025-0003 completion: 40 days overdue \
             (due 2025-05-21)\\nOwner: Małgorzata Murphy (mmurphy)\\nTeam: none\\nRecord: \
             records/actions/2025/ACT-2025-0003.yaml\\nOFFICIAL-SENSITIVE\r\n"
        ));
        let bare = render(&[], date(2025, 6, 30), &[], Some("OFFICIAL"));
        assert!(bare.contains("\r\nX-WR-CALDESC:OFFICIAL\r\n"));
    }

    #[test]
    fn a_cancelled_event_says_why_and_when() {
        let mut done = item("Making safeguarding personal");
        done.state = State::MetLate;
        done.done = Some(date(2025, 6, 20));
        let event = Event {
            item: &done,
            uid: "action-ACT-2025-0003-completion@qaledger".to_owned(),
            cancelled: true,
            on: done.due,
            sequence: 18625,
        };
        let out = render(&[event], date(2025, 6, 30), &[], None).replace("\r\n ", "");
        for expected in [
            "UID:action-ACT-2025-0003-completion@qaledger\r\n",
            "SEQUENCE:18625\r\n",
            "DTSTART;VALUE=DATE:20250521\r\n",
            "STATUS:CANCELLED\r\n",
            "SUMMARY:Done: ACT-2025-0003 completion — Making safeguarding personal\r\n",
            "DESCRIPTION:action ACT-2025-0003 completion: done 2025-06-20 (was due 2025-05-21)\\n",
        ] {
            assert!(out.contains(expected), "{expected:?} missing from\n{out}");
        }
    }
}
