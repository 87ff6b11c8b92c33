//! End-to-end tests of `qaledger report sar` and of actions not implemented, on
//! `tests/fixtures/sar` over FY2025-26 (2025-04-01 to 2026-03-31) at as-of 2026-04-15.
//!
//! # The fixture, worked out (Care Act 2014 Sch. 2 para. 4(1)(d) to (g))
//!
//! Reviews of type `sar`:
//! - REV-2025-0001: completed 2025-12-10, inside the period → concluded. Actions: ACT-2025-0001
//!   and -0002 (its `actions`), and ACT-2025-0003 (names it in `source.refs`): 3.
//! - REV-2024-0001: open, commissioned 2024-06-01 → ongoing at the period's end. No actions.
//! - REV-2025-0004: completed 2026-04-05, after the period ends (before as-of) → ongoing at
//!   the period's end. No actions.
//! - REV-2023-0001: completed 2024-02-01, before the period; ACT-2024-0001 is in progress
//!   during it → concluded earlier, still being implemented. 1 action.
//! - REV-2022-0001: completed 2023-01-10; its one action completed 2023-06-01 → not reported.
//! - REV-2025-0003 cancelled, REV-2026-0001 commissioned 2026-04-10 (after the period),
//!   REV-2025-0002 an IMR → not reported.
//!
//! So concluded 1, ongoing 2, concluded earlier 1; actions 3 + 1 = 4, of which completed by
//! as-of 1 (ACT-2025-0001, 2026-02-01), overdue 1 (ACT-2024-0001, due 2025-06-30: July to March
//! is 31+31+30+31+30+31+31+28+31 = 274 days, + 15 of April = 289 days at 2026-04-15), and not
//! implemented in the period 1 (ACT-2025-0002, decided 2026-01-20, with its reason).
//!
//! ACT-2025-0002 is due 2025-12-31 but not implemented: closed, so not overdue at 2026-04-15.
//! At as-of 2026-01-10, before the decision, it reads as in progress: overdue by 10 days.

use serde_json::Value;

use crate::common::{Run, ids_with, on_fixture_at};

const AS_OF: &str = "2026-04-15";

fn run(as_of: &str, args: &[&str]) -> Run {
    on_fixture_at("sar", as_of, args)
}

fn report_json() -> Value {
    run(
        AS_OF,
        &["report", "sar", "--period", "FY2025-26", "--format", "json"],
    )
    .ok_json()
}

#[test]
fn totals_are_the_hand_worked_figures() {
    let json = report_json();
    let totals = &json["totals"];
    assert_eq!(totals["concluded"], 1);
    assert_eq!(totals["ongoing"], 2);
    assert_eq!(totals["concluded_earlier"], 1);
    assert_eq!(totals["actions"], 4);
    assert_eq!(totals["actions_completed"], 1);
    assert_eq!(totals["actions_overdue"], 1);
    assert_eq!(totals["not_implemented"], 1);
    assert_eq!(json["period"]["start"], "2025-04-01");
    assert_eq!(json["period"]["end"], "2026-03-31");
}

#[test]
fn reviews_are_grouped_as_paragraph_4_asks() {
    let json = report_json();
    let got: Vec<(String, String)> = json["reviews"]
        .as_array()
        .expect("reviews")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_owned(),
                r["standing"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let want = [
        ("REV-2025-0001", "concluded"),
        ("REV-2024-0001", "ongoing"),
        ("REV-2025-0004", "ongoing"),
        ("REV-2023-0001", "concluded-earlier"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(got, want);
    // The actions arising both ways, in due order; the reason beside the one not implemented.
    let concluded = &json["reviews"][0];
    let ids: Vec<&str> = concluded["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, ["ACT-2025-0002", "ACT-2025-0001", "ACT-2025-0003"]);
    assert_eq!(concluded["lead_name"], "Aisha Khan");
    assert_eq!(concluded["findings"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        concluded["actions"][0]["not_implemented_reason"],
        "The carers' service already offers one at first contact."
    );
    assert_eq!(json["reviews"][3]["actions"][0]["days_overdue"], 289);
    assert_eq!(
        json["not_implemented"],
        serde_json::json!([{
            "review": "REV-2025-0001",
            "action": "ACT-2025-0002",
            "title": "Carers' assessment at every SAR referral",
            "decided": "2026-01-20",
            "reason": "The carers' service already offers one at first contact."
        }])
    );
}

/// A not-implemented action is closed: it has no completion deadline, so it is never overdue;
/// before the decision's date the as-of rewind reads it as in progress.
#[test]
fn a_not_implemented_action_is_closed_not_overdue() {
    let overdue_ids = |as_of: &str| -> Vec<(String, i64)> {
        ids_with(
            &run(as_of, &["overdue", "--format", "json"]).json(),
            "items",
            "days",
        )
    };
    let now = overdue_ids(AS_OF);
    assert!(!now.iter().any(|(id, _)| id == "ACT-2025-0002"), "{now:?}");
    assert!(now.contains(&("ACT-2024-0001".to_owned(), 289)), "{now:?}");
    // 2025-12-31 to 2026-01-10: 10 days.
    let before = overdue_ids("2026-01-10");
    assert!(
        before.contains(&("ACT-2025-0002".to_owned(), 10)),
        "{before:?}"
    );
}

/// `check` refuses a not-implemented action without its reason (the fixture of the code), and
/// the SAR fixture, which gives every reason, is clean.
#[test]
fn the_sar_fixture_is_clean() {
    let run = run(AS_OF, &["check"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn writes_html_to_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sar.html");
    let out_arg = out.to_string_lossy().into_owned();
    let run = run(
        AS_OF,
        &["report", "sar", "--period", "FY2025-26", "--out", &out_arg],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("SAR report inputs for FY2025-26"),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("data-figure=\"totals.not_implemented\""));
    // Record text is escaped: the apostrophe of the reason.
    assert!(html.contains("The carers&#39; service already offers one at first contact."));
}

#[test]
fn snapshot_markdown() {
    let run = run(
        AS_OF,
        &[
            "report",
            "sar",
            "--period",
            "FY2025-26",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("markdown", run.stdout);
}

#[test]
fn snapshot_json() {
    let run = run(
        AS_OF,
        &["report", "sar", "--period", "FY2025-26", "--format", "json"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("json", run.stdout);
}

/// `--out s.json` with no `--format` writes JSON (it wrote the default HTML before), the
/// same text `--format json` prints; `.md` is Markdown.
#[test]
fn out_without_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (file, format) in [("s.json", "json"), ("s.md", "markdown"), ("s.html", "html")] {
        let out = dir.path().join(file);
        let out_arg = out.display().to_string();
        let args = ["report", "sar", "--period", "FY2025-26"];
        let wrote = run(AS_OF, &[&args[..], &["--out", &out_arg]].concat());
        assert_eq!(wrote.status, 0, "{file}: {}", wrote.stderr);
        let printed = run(AS_OF, &[&args[..], &["--format", format]].concat());
        assert_eq!(printed.status, 0, "{}", printed.stderr);
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(written, printed.stdout, "{file}");
    }
}
