//! End-to-end tests of `qaledger retention` and the `past-retention` warning on
//! `tests/fixtures/retention`, whose `[retention]` sets complaints to 3 years and staff to 2.
//!
//! # The fixture, worked out (a record is past from the day after its period ends)
//!
//! - CMP-2020-0001, closed, responded 2021-03-01: + 3 years = 2024-03-01. At 2025-06-30:
//!   2024-03-01 → 2025-03-01 is 365 days, then March 31 + April 30 + May 31 + June 29 = 121:
//!   486 days past.
//! - r.old (staff), left 2022-01-31: + 2 years = 2024-01-31. 2024-01-31 → 2025-01-31 is 366
//!   days (29 February 2024), then Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 150: 516.
//! - CMP-2022-0001, closed, responded 2022-07-01: ends 2025-07-01: not past at 2025-06-30
//!   nor on 2025-07-01; past by 1 day on 2025-07-02.
//! - CMP-2020-0002 is open: its period has not started. ACT-2019-0001: no `[retention]
//!   action`, and the action schema has no default: never listed.
//!
//! The schema's default (complaints, 6 years) is the `past-retention` fixture's.

use serde_json::Value;

use crate::common::{Run, ids_with, manifest_dir, on_fixture_at, qaledger_at};

fn run(as_of: &str, args: &[&str]) -> Run {
    on_fixture_at("retention", as_of, args)
}

fn listed(as_of: &str) -> Vec<(String, i64)> {
    let json: Value = run(as_of, &["retention", "--format", "json"]).ok_json();
    ids_with(&json, "items", "days_past")
}

fn owned(items: &[(&str, i64)]) -> Vec<(String, i64)> {
    items.iter().map(|(id, d)| ((*id).to_owned(), *d)).collect()
}

#[test]
fn lists_the_records_past_the_councils_periods_by_end_date() {
    assert_eq!(
        listed("2025-06-30"),
        owned(&[("r.old", 516), ("CMP-2020-0001", 486)])
    );
    // The day the period ends it is not yet past; the day after, it is.
    assert_eq!(listed("2025-07-01").len(), 2);
    assert_eq!(
        listed("2025-07-02"),
        owned(&[("r.old", 518), ("CMP-2020-0001", 488), ("CMP-2022-0001", 1)])
    );
}

#[test]
fn the_json_names_where_the_period_runs_from() {
    let json: Value = run("2025-06-30", &["retention", "--format", "json"]).ok_json();
    let complaint = &json["items"][1];
    assert_eq!(complaint["kind"], "complaint");
    assert_eq!(complaint["runs_from_field"], "responded");
    assert_eq!(complaint["runs_from"], "2021-03-01");
    assert_eq!(complaint["period"], "3 years");
    assert_eq!(complaint["ended"], "2024-03-01");
    assert_eq!(complaint["path"], "records/complaints/CMP-2020-0001.yaml");
}

/// `check` warns on the same records at the same as-of, at the date the period runs from
/// (`responded` on line 9, `left` on line 6), and
/// a warning does not fail the run.
#[test]
fn check_warns_on_the_same_records_as_of_its_date() {
    let run = run("2025-06-30", &["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "past-retention")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("records/complaints/CMP-2020-0001.yaml".to_owned(), 9),
            ("records/staff/r.old.yaml".to_owned(), 6),
        ]
    );
}

#[test]
fn snapshot_table() {
    let run = run("2025-06-30", &["retention"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("table", run.stdout);
}

#[test]
fn snapshot_csv() {
    let run = run("2025-06-30", &["retention", "--format", "csv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("csv", run.stdout);
}

/// A `[retention]` key no schema reads would keep nothing: the configuration is refused.
#[test]
fn an_unknown_retention_key_is_a_configuration_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::copy_tree(&manifest_dir().join("tests/fixtures/retention"), dir.path());
    let toml = dir.path().join("qaledger.toml");
    let text = std::fs::read_to_string(&toml).expect("config");
    std::fs::write(&toml, text.replace("complaint = ", "complaints = ")).expect("write");
    let mut cmd = qaledger_at("2025-06-30");
    let run = Run::of(cmd.arg("--root").arg(dir.path()).arg("retention"));
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("[retention] has an unknown key `complaints`"),
        "{}",
        run.stderr
    );
}
