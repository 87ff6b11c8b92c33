//! Time travel (SPEC §10): `--as-of` reproduces every view as it stood on that date.
//!
//! The fixture `tests/fixtures/time-travel` is read at 2025-03-15, before most of its facts
//! (each file's first comment says how it reads then). Worked out by hand:
//! - AUD-2025-0001 (scheduled 20 March, completed 25 March) is in progress, due in 5 days;
//! - ACT-2025-0001 (agreed 1 March, completed 25 March, due 28 March) is in progress, due in
//!   13 days, with no impact rating yet (measured 1 June);
//! - ACT-2025-0002 (agreed 20 March) and CMP-2025-0002 (received 18 March) do not exist yet;
//! - ACT-2025-0003 (never agreed, due 30 April) is there, not due within 14 days;
//! - CMP-2025-0003 (received 3 February) is withdrawn: no deadlines in any listing;
//! - CMP-2025-0001 (received 3 March, acknowledged 4 March, responded 20 March, upheld) is open
//!   with no outcome; acknowledgement due 6 March (3 working days) was met, response due
//!   31 March (20 working days: 4–7, 10–14, 17–21, 24–28, 31 March) is 16 days away.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::PathBuf;

use crate::common::{Run, manifest_dir, qaledger_at};
use serde_json::Value;

const BEFORE: &str = "2025-03-15";

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/time-travel")
}

/// `qaledger --as-of AS_OF ARGS…` on the fixture.
fn run_at(as_of: &str, args: &[&str]) -> Run {
    Run::of(qaledger_at(as_of).arg("--root").arg(fixture()).args(args))
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {items}"))
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn an_audit_completed_after_as_of_is_due_soon_not_done_in_overdue_json() {
    let run = run_at(
        BEFORE,
        &["overdue", "--within", "14 days", "--format", "json"],
    );
    let json = run.ok_json();
    let items = json["items"].as_array().cloned().unwrap_or_default();
    let rows: Vec<(String, String, String, String, i64)> = items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_owned(),
                i["deadline"].as_str().unwrap_or_default().to_owned(),
                i["due"].as_str().unwrap_or_default().to_owned(),
                i["state"].as_str().unwrap_or_default().to_owned(),
                i["days"].as_i64().unwrap_or(i64::MIN),
            )
        })
        .collect();
    let row = |id: &str, due: &str, days| {
        (
            id.to_owned(),
            "completion".to_owned(),
            due.to_owned(),
            "due-soon".to_owned(),
            days,
        )
    };
    // ACT-2025-0002 (due 10 March, agreed 20 March) would be overdue if it existed yet.
    assert_eq!(
        rows,
        vec![
            row("AUD-2025-0001", "2025-03-20", -5),
            row("ACT-2025-0001", "2025-03-28", -13),
        ]
    );
}

#[test]
fn the_same_items_in_every_overdue_format() {
    for format in ["table", "csv", "markdown", "ics"] {
        let run = run_at(
            BEFORE,
            &["overdue", "--within", "14 days", "--format", format],
        );
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        for present in ["AUD-2025-0001", "ACT-2025-0001"] {
            assert!(
                run.stdout.contains(present),
                "{format}: {present} missing from\n{}",
                run.stdout
            );
        }
        // (The calendar feed also withdraws the complaints' met and withdrawn items, which
        // tests/it/ics_feed.rs checks; no other format shows them.)
        let mut absent = vec!["ACT-2025-0002", "ACT-2025-0003", "CMP-2025-0002"];
        if format != "ics" {
            absent.extend(["CMP-2025-0001", "CMP-2025-0003"]);
        }
        for absent in absent {
            assert!(
                !run.stdout.contains(absent),
                "{format}: {absent} listed in\n{}",
                run.stdout
            );
        }
    }
    // Nothing is overdue at 15 March: the only candidate was not agreed yet.
    let run = run_at(
        BEFORE,
        &["overdue", "--fail-on-overdue", "--format", "json"],
    );
    assert_eq!(ids(&run.ok_json()["items"]), Vec::<String>::new());
}

#[test]
fn after_its_facts_the_same_records_read_as_done() {
    // At 2025-03-25 the audit and the action are completed that day: nothing due soon from
    // them; ACT-2025-0002 exists (agreed 20 March) and is 15 days overdue (due 10 March);
    // CMP-2025-0002 (received 18 March) is acknowledged late: due 21 March, overdue.
    let json = run_at("2025-03-25", &["overdue", "--format", "json"]).ok_json();
    let got: Vec<(String, String, i64)> = json["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_owned(),
                i["deadline"].as_str().unwrap_or_default().to_owned(),
                i["days"].as_i64().unwrap_or(i64::MIN),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("ACT-2025-0002".to_owned(), "completion".to_owned(), 15),
            ("CMP-2025-0002".to_owned(), "acknowledgement".to_owned(), 4),
        ]
    );
}

#[test]
fn tracker_with_a_past_period_does_not_list_actions_agreed_later() {
    let json = run_at(
        BEFORE,
        &["tracker", "--period", "2025-03", "--format", "json"],
    )
    .ok_json();
    // ACT-2025-0002 was agreed on 20 March, inside the period but after as-of; ACT-2025-0003
    // (no agreed date) is due after the period.
    assert_eq!(ids(&json["rows"]), vec!["ACT-2025-0001"]);
    assert_eq!(json["totals"]["actions"], 1);
}

#[test]
fn tracker_without_a_period_lists_what_existed_with_its_status_then() {
    let json = run_at(BEFORE, &["tracker", "--format", "json"]).ok_json();
    assert_eq!(ids(&json["rows"]), vec!["ACT-2025-0001", "ACT-2025-0003"]);
    let first = &json["rows"][0];
    // Completed on 25 March: on 15 March it was in progress, not completed, not yet rated.
    assert_eq!(first["status"], "in-progress");
    assert_eq!(first["completed"], Value::Null);
    assert_eq!(first["impact_rating"], Value::Null);
    assert_eq!(json["totals"]["by_status"]["in-progress"], 1);
    assert_eq!(json["totals"]["by_status"].get("completed"), None);
    // Filtering on the status it has now finds nothing then.
    let json = run_at(
        BEFORE,
        &["tracker", "--status", "completed", "--format", "json"],
    )
    .ok_json();
    assert_eq!(ids(&json["rows"]), Vec::<String>::new());
}

#[test]
fn a_completed_status_reads_as_completed_from_its_date_on() {
    let json = run_at("2025-03-25", &["tracker", "--format", "json"]).ok_json();
    // By due date: ACT-2025-0002 (10 March, agreed on the 20th), then ACT-2025-0001.
    assert_eq!(
        ids(&json["rows"]),
        vec!["ACT-2025-0002", "ACT-2025-0001", "ACT-2025-0003"]
    );
    let first = &json["rows"][1];
    assert_eq!(first["status"], "completed");
    assert_eq!(first["completed"], "2025-03-25");
    // Measured on 1 June: still no rating on 25 March.
    assert_eq!(first["impact_rating"], Value::Null);
}

#[test]
fn summary_at_a_past_as_of_does_not_count_later_facts() {
    let json = run_at(
        BEFORE,
        &["summary", "--period", "2025-03", "--format", "json"],
    )
    .ok_json();
    let complaint = &json["complaints"]["complaint"];
    // CMP-2025-0001 only (CMP-2025-0002 was received on 18 March).
    assert_eq!(complaint["received"], 1);
    // Upheld in the response of 20 March: no outcome on 15 March.
    assert_eq!(complaint["outcomes"]["upheld"], 0);
    assert_eq!(complaint["no_outcome"], 1);
    // Acknowledged 4 March, due 6 March: met. The response (due 31 March) is not decided yet.
    assert_eq!(complaint["acknowledged_within_timescale"]["count"], 1);
    assert_eq!(complaint["acknowledged_within_timescale"]["of"], 1);
    assert_eq!(complaint["responded_within_timescale"]["not_yet_due"], 1);
    // The audit completes on 25 March and the action on 25 March: neither counts yet.
    assert_eq!(json["audits"]["completed"], 0);
    assert_eq!(json["actions"]["completed"], 0);
    // ACT-2025-0001 was agreed on 1 March; ACT-2025-0002 on the 20th.
    assert_eq!(json["actions"]["opened"], 1);
}

#[test]
fn the_board_pack_at_a_past_as_of_shows_only_what_existed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("board.html");
    let run = run_at(
        BEFORE,
        &[
            "report",
            "--period",
            "2025-03",
            "--out",
            out.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    // ACT-2025-0001 is an open action then (completed only on 25 March).
    assert!(html.contains("ACT-2025-0001"), "{html}");
    for absent in ["ACT-2025-0002", "CMP-2025-0002"] {
        assert!(!html.contains(absent), "{absent} in the board pack");
    }
}

#[test]
fn remind_at_a_past_as_of_chases_what_was_due_then() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let run = Run::of(
        qaledger_at(BEFORE)
            .arg("--root")
            .arg(fixture())
            .args([
                "remind",
                "--within",
                "14 days",
                "--format",
                "json",
                "--out-dir",
            ])
            .arg(dir.path()),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let digest = fs::read_to_string(dir.path().join("jsmith.json"))
        .unwrap_or_else(|e| panic!("no digest for jsmith: {e}"));
    assert!(digest.contains("AUD-2025-0001"), "{digest}");
    assert!(digest.contains("ACT-2025-0001"), "{digest}");
    assert!(!digest.contains("ACT-2025-0002"), "{digest}");
}

#[test]
fn show_of_a_record_that_did_not_exist_yet_says_so() {
    let run = run_at(BEFORE, &["show", "ACT-2025-0002"]);
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "`ACT-2025-0002` did not exist yet at 2025-03-15: \
             records/actions/2025/ACT-2025-0002.yaml records that it came into being later"
        ),
        "{}",
        run.stderr
    );
    // And a record that did exist shows its deadline as it stood: due soon, not met.
    let json = run_at(BEFORE, &["show", "AUD-2025-0001", "--format", "json"]).ok_json();
    let text = json.to_string();
    assert!(text.contains("\"due-soon\""), "{text}");
    assert!(!text.contains("met-"), "{text}");
}
