//! The calendar feed (`overdue --format ics`) over time, on `tests/fixtures/time-travel`: an
//! item done or whose record was withdrawn is sent once more as `STATUS:CANCELLED` with the
//! same UID and a higher SEQUENCE for 30 days, and an overdue item sits on as-of.
//!
//! SEQUENCE is twice the days from 2000-01-01 to as-of, plus one for a cancelled event. Days
//! to 2025-01-01: 25 years with 7 leap days = 9,132. So 2025-03-15 (73 days on) is 9,205 →
//! 18,410; 2025-03-25 is 9,215 → 18,430 (18,431 cancelled); 2025-03-26 → 18,432.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use crate::common::{Run, manifest_dir, qaledger_at};

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/time-travel")
}

/// The feed at `as_of`, checked for the shape RFC 5545 asks (CRLF, lines of at most 75
/// octets), unfolded.
fn feed(as_of: &str, args: &[&str]) -> String {
    let run = Run::of(
        qaledger_at(as_of)
            .arg("--root")
            .arg(fixture())
            .args(["overdue", "--format", "ics"])
            .args(args),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    text.replace("\r\n ", "")
}

/// The event with this UID, as its lines (without BEGIN and END); none when absent.
fn event(feed: &str, uid: &str) -> Option<Vec<String>> {
    let wanted = format!("UID:{uid}");
    feed.split("BEGIN:VEVENT\r\n").skip(1).find_map(|block| {
        let lines: Vec<String> = block
            .split("\r\n")
            .take_while(|l| *l != "END:VEVENT")
            .map(str::to_owned)
            .collect();
        lines.contains(&wanted).then_some(lines)
    })
}

fn property(lines: &[String], name: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .or_else(|| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&format!("{name};VALUE=DATE:")))
        })
        .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
        .to_owned()
}

const AUDIT: &str = "audit-AUD-2025-0001-completion@qaledger";

#[test]
fn a_done_item_is_sent_again_cancelled_with_the_same_uid_and_a_higher_sequence() {
    // 15 March, due-soon window of 14 days: the audit (due 20 March) is listed.
    let before = feed("2025-03-15", &["--within", "14 days"]);
    let open = event(&before, AUDIT).unwrap_or_else(|| panic!("no audit event in\n{before}"));
    assert_eq!(property(&open, "STATUS"), "CONFIRMED");
    assert_eq!(property(&open, "SEQUENCE"), "18410");
    assert_eq!(property(&open, "DTSTART"), "20250320");
    assert_eq!(
        property(&open, "SUMMARY"),
        "Due soon: AUD-2025-0001 completion — Thematic audit — Safeguarding"
    );
    // 25 March: completed that day (late). Same UID, cancelled, a higher sequence, on its due
    // date, where a calendar that never saw it overdue has it.
    let after = feed("2025-03-25", &[]);
    let done = event(&after, AUDIT).unwrap_or_else(|| panic!("no audit event in\n{after}"));
    assert_eq!(property(&done, "STATUS"), "CANCELLED");
    assert_eq!(property(&done, "SEQUENCE"), "18431");
    assert_eq!(property(&done, "DTSTART"), "20250320");
    assert_eq!(property(&done, "DTEND"), "20250321");
    assert_eq!(
        property(&done, "SUMMARY"),
        "Done: AUD-2025-0001 completion — Thematic audit — Safeguarding"
    );
    assert!(
        property(&done, "DESCRIPTION")
            .starts_with("audit AUD-2025-0001 completion: done 2025-03-25 (was due 2025-03-20)"),
        "{done:?}"
    );
}

#[test]
fn a_done_item_is_withdrawn_for_thirty_days_then_left_out() {
    // CMP-2025-0001's acknowledgement was met on 4 March (due 6 March). 4 March + 30 days is
    // 3 April: still sent then, not on 4 April.
    let uid = "complaint-CMP-2025-0001-acknowledgement@qaledger";
    let last = feed("2025-04-03", &[]);
    let lines = event(&last, uid).unwrap_or_else(|| panic!("no {uid} in\n{last}"));
    assert_eq!(property(&lines, "STATUS"), "CANCELLED");
    assert_eq!(event(&feed("2025-04-04", &[]), uid), None);
}

#[test]
fn a_withdrawn_records_items_are_cancelled_from_its_latest_date() {
    // CMP-2025-0003 is withdrawn; it records nothing after 3 February, so its due dates stand
    // for the day it ended: the acknowledgement (6 February) is 37 days before 15 March, too
    // long ago; the response (3 March) is 12 days before.
    let text = feed("2025-03-15", &[]);
    assert_eq!(
        event(&text, "complaint-CMP-2025-0003-acknowledgement@qaledger"),
        None
    );
    let response = event(&text, "complaint-CMP-2025-0003-response@qaledger")
        .unwrap_or_else(|| panic!("no response event in\n{text}"));
    assert_eq!(property(&response, "STATUS"), "CANCELLED");
    assert_eq!(property(&response, "SEQUENCE"), "18411");
    assert_eq!(property(&response, "DTSTART"), "20250303");
    assert!(
        property(&response, "SUMMARY")
            .starts_with("Cancelled: CMP-2025-0003 response — Asked for a different"),
        "{response:?}"
    );
}

#[test]
fn an_overdue_item_sits_on_as_of_and_moves_with_it() {
    // ACT-2025-0002 (due 10 March, agreed 20 March) is 15 days overdue on 25 March.
    let uid = "action-ACT-2025-0002-completion@qaledger";
    let on_25th = feed("2025-03-25", &[]);
    let lines = event(&on_25th, uid).unwrap_or_else(|| panic!("no {uid} in\n{on_25th}"));
    assert_eq!(property(&lines, "DTSTART"), "20250325");
    assert_eq!(property(&lines, "DTEND"), "20250326");
    assert_eq!(property(&lines, "SEQUENCE"), "18430");
    assert_eq!(property(&lines, "STATUS"), "CONFIRMED");
    assert!(
        property(&lines, "DESCRIPTION").contains("15 days overdue (due 2025-03-10)"),
        "{lines:?}"
    );
    // A day later it has moved to the new as-of, in a later revision.
    let on_26th = feed("2025-03-26", &[]);
    let lines = event(&on_26th, uid).unwrap_or_else(|| panic!("no {uid} in\n{on_26th}"));
    assert_eq!(property(&lines, "DTSTART"), "20250326");
    assert_eq!(property(&lines, "SEQUENCE"), "18432");
}

#[test]
fn the_feed_is_the_same_bytes_on_every_run() {
    let first = feed("2025-03-25", &["--within", "14 days"]);
    assert_eq!(first, feed("2025-03-25", &["--within", "14 days"]));
}
