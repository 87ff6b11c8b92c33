//! End-to-end tests of `qaledger summary` on `tests/fixtures/summary` at as-of 2025-06-30.
//!
//! Every expected figure is worked out by hand below from the fixture's dates, with the default
//! timescales (acknowledgement 3 working days, complaint response 20 working days, service
//! enquiry 10, impact review 3 months, supervision 6 weeks, asye 2 weeks) and England and Wales
//! bank holidays (2024-12-25/26, 2025-01-01, 2025-04-18 Good Friday, 2025-04-21 Easter Monday).
//!
//! # The fixture's dates, worked out
//!
//! Complaints (working days counted from the day after `received`):
//! - CMP-2024-0001 complaint, received Thu 2024-12-19. Acknowledgement due: Fri 20 (1), Mon 23
//!   (2), Tue 24 (3) → 2024-12-24; acknowledged 2024-12-20 → on time. Response due: Dec 20, 23,
//!   24 (3), 27 (4; 25/26 are bank holidays), 30, 31 (6), Jan 2, 3 (8; Jan 1 a bank holiday),
//!   Jan 6–10 (13), 13–17 (18), 20 (19), 21 (20) → 2025-01-21; responded 2025-01-20 → on time.
//!   Outcome not-upheld. QS3.
//! - CMP-2025-0001 complaint, received Fri 2025-01-03. Acknowledgement due Mon 6, Tue 7, Wed 8 →
//!   2025-01-08; acknowledged 01-07 → on time. Response due: Jan 6–10 (5), 13–17 (10), 20–24
//!   (15), 27–31 (20) → 2025-01-31; responded 01-30 → on time. Upheld. QS1, QS7.
//! - CMP-2025-0002 complaint, received Sat 2025-01-04. Acknowledgement due Wed 2025-01-08 (as
//!   from the Friday); acknowledged 01-09 → late. Response due 2025-01-31 (the same 20 working
//!   days as from Fri 01-03); responded 2025-02-03 → late. Partly upheld. QS7.
//! - CMP-2025-0003 complaint, received Mon 2025-03-24, open. Acknowledgement due Tue 25, Wed 26,
//!   Thu 27 → 2025-03-27; acknowledged 03-26 → on time. Response due: Mar 25–28 (4), Mar 31–Apr
//!   4 (9), Apr 7–11 (14), Apr 14–17 (18; Fri 18 and Mon 21 are Easter), Tue 22 (19), Wed 23 (20)
//!   → 2025-04-23; not responded at as-of → overdue, so late. No outcome, no QS.
//! - CMP-2025-0004 service enquiry, received Mon 2025-02-10. No acknowledgement deadline (only
//!   complaints have one). Response due: Feb 11–14 (4), 17–21 (9), Mon 24 (10) → 2025-02-24;
//!   responded 02-21 → on time. Resolved informally. QS4.
//! - CMP-2025-0005 complaint, received 2025-02-03, withdrawn: no deadlines (withdrawn ones are
//!   left out of the rates) and no evidence; still received, outcome withdrawn.
//! - CMP-2025-0006 compliment, received 2025-03-10: no deadlines, no outcome. QS9.
//! - CMP-2025-0007 complaint, received Fri 2025-06-27. Acknowledgement due Mon 30, Tue Jul 1, Wed
//!   Jul 2 → 2025-07-02; acknowledged 06-30 → on time. Response due: Jun 30–Jul 4 (5), 7–11
//!   (10), 14–18 (15), 21–25 (20) → 2025-07-25: after as-of and not responded → not yet due.
//!   QS1.
//! - CMP-2025-0008 received 2025-07-10, after as-of: not counted anywhere.
//! - CMP-2025-0009 fails its schema: left out of everything (`excluded` 1).
//!
//! Audits (grade at as-of: the agreed grade once moderated on or before as-of, else the
//! auditor's):
//! - AUD-2025-0003 dip-sample, completed 2024-11-05, inadequate, no moderation. QS1, QS8.
//! - AUD-2025-0001 persons-journey, completed 2025-01-15, good, moderation required, moderated
//!   2025-02-01 to requires-improvement → requires-improvement; moderated. QS1.
//! - AUD-2025-0002 dip-sample, completed 2025-02-20, outstanding, moderation required, not
//!   moderated. QS7.
//! - AUD-2025-0004 thematic, planned for 2025-09-30: not completed; main date after as-of.
//! - AUD-2025-0005 cancelled: left out of everything.
//! - AUD-2025-0006 multi-agency, completed 2025-05-14, good, moderation required, moderated
//!   2025-07-05 (after as-of) to outstanding → at as-of: good, not moderated. QS6.
//!
//! Staff and supervision (the same in every period: it is as at as-of):
//! - jsmith: last held session 2025-06-02 + 6 weeks → due 2025-07-14 → in date.
//! - akhan: last held session 2025-04-01 (the 05-13 one was cancelled) + 6 weeks → due
//!   2025-05-13; 18 days to May 31 + 30 of June → 48 days overdue.
//! - bnew (asye): no session, started 2025-06-20 + 2 weeks → due 2025-07-04 → in date.
//! - cold: left 2025-03-31 → not current.
//! - dlate: leaves 2025-08-31 (after as-of) → current; session 2025-05-01 with next_due
//!   2025-06-15 → 15 days overdue.
//! - enone: no session and no start date → no due date; current, but left out of the rate.
//! - ffuture: starts 2025-08-01 → not current yet.
//!
//! So 5 current staff (jsmith, akhan, bnew, dlate, enone), 4 with a due date, 2 in date → 2 of 4
//! (50.0%); not in date: akhan (2025-05-13, 48), dlate (2025-06-15, 15); no due date: enone.
//!
//! Actions (impact review due: `impact.review_due`, else completed + 3 months):
//! - ACT-2024-0001 agreed 2024-10-01, due 2024-12-31, completed 2024-12-20 (on time); impact
//!   review due 2025-03-20, measured 2025-03-01 → measured. QS9.
//! - ACT-2025-0001 agreed 2025-01-20, due 2025-03-31, completed 2025-03-15 (on time); impact
//!   review due 2025-06-15, measured 2025-06-20 → measured (late, but measured). QS9.
//! - ACT-2025-0002 agreed 2025-02-10, due 2025-02-28, completed 2025-03-10 (late); impact review
//!   due 2025-03-10 + 3 months = 2025-06-10, not measured → overdue. QS9, QS7.
//! - ACT-2025-0003 agreed 2025-04-15, in progress. No QS.
//! - ACT-2025-0004 agreed 2025-03-05, cancelled: opened, but no completion and no evidence.
//! - ACT-2025-0005 agreed 2025-05-01, due 2025-05-30, completed 2025-05-20 (on time); impact
//!   review due 2025-07-20: not measured, after as-of → not yet due. QS6.
//! - ACT-2025-0006 proposed, no agreed date, due 2025-08-31 (its main date, after as-of).
//!
//! Reviews ("open at the period's end": commissioned by then and not completed by then; a
//! period ending after as-of is seen at as-of):
//! - REV-2024-0001 sar, commissioned 2024-06-01, completed 2025-02-15. QS7.
//! - REV-2024-0002 cqc, cancelled: left out.
//! - REV-2025-0001 leder, commissioned 2025-01-10, open. QS1.
//! - REV-2025-0002 imr, commissioned 2025-02-01, completed 2025-05-01. No QS.
//!
//! Supervision sessions as evidence: SUP-2025-0001 (2025-06-02, QS8), SUP-2025-0002
//! (2025-04-01, no QS), SUP-2025-0003 (cancelled: left out), SUP-2025-0004 (2025-05-01, no QS).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::common::{Run, qaledger};

/// `qaledger --root ROOT summary ARGS…`, at 2025-06-30.
fn exec(root: &str, args: &[&str]) -> Run {
    Run::of(qaledger().args(["--root", root, "summary"]).args(args))
}

const FIXTURE: &str = "tests/fixtures/summary";

/// `summary --format json` on the fixture for a period.
fn summary(period: &str) -> Value {
    exec(FIXTURE, &["--period", period, "--format", "json"]).ok_json()
}

fn rate(count: u64, of: u64, percent: Option<f64>) -> Value {
    json!({"count": count, "of": of, "percent": percent})
}

fn due_rate(count: u64, of: u64, percent: Option<f64>, not_yet_due: u64) -> Value {
    json!({"count": count, "of": of, "percent": percent, "not_yet_due": not_yet_due})
}

/// Outcome counts in the schema's order.
fn outcomes(upheld: u64, partly: u64, not: u64, informal: u64, withdrawn: u64) -> Value {
    json!({"upheld": upheld, "partly-upheld": partly, "not-upheld": not,
           "resolved-informally": informal, "withdrawn": withdrawn})
}

/// QS1 … QS9.
fn statements(counts: [u64; 9]) -> Value {
    let map: serde_json::Map<String, Value> = counts
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("QS{}", i + 1), json!(n)))
        .collect();
    Value::Object(map)
}

/// The supervision figures are as at as-of, the same for every period (worked out above).
fn expected_supervision() -> Value {
    json!({
        "current_staff": 5,
        "in_date": rate(2, 4, Some(50.0)),
        "not_in_date": [
            {"id": "akhan", "name": "Aisha Khan", "team": "north", "due": "2025-05-13", "days_overdue": 48},
            {"id": "dlate", "name": "Dev Late", "team": "north", "due": "2025-06-15", "days_overdue": 15}
        ],
        "no_due_date": ["enone"]
    })
}

#[test]
fn financial_year_2024_25() {
    let s = summary("FY2024-25");
    // FY2024-25 is 2024-04-01 to 2025-03-31.
    assert_eq!(
        s["period"],
        json!({"start": "2024-04-01", "end": "2025-03-31", "label": "FY2024-25"})
    );
    assert_eq!(s["as_of"], "2025-06-30");
    assert_eq!(s["excluded"], 1, "CMP-2025-0009 fails its schema");

    // Complaints received: CMP-2024-0001, CMP-2025-0001, -0002, -0003, -0005 (withdrawn) → 5.
    // Acknowledgements due in the year: 2024-0001 (12-24 on time), 0001 (01-08 on time), 0002
    // (01-08 late), 0003 (03-27 on time) → 3 of 4 = 75.0%.
    // Responses due in the year: 2024-0001 (01-21 on time), 0001 (01-31 on time), 0002 (01-31
    // late); 0003's is due 04-23, after the year → 2 of 3 = 66.7%.
    // Outcomes of the 5: upheld 0001, partly 0002, not-upheld 2024-0001, withdrawn 0005; none
    // for 0003.
    let c = &s["complaints"]["complaint"];
    assert_eq!(c["received"], 5);
    assert_eq!(
        c["acknowledged_within_timescale"],
        due_rate(3, 4, Some(75.0), 0)
    );
    assert_eq!(
        c["responded_within_timescale"],
        due_rate(2, 3, Some(66.7), 0)
    );
    assert_eq!(c["outcomes"], outcomes(1, 1, 1, 0, 1));
    assert_eq!(c["no_outcome"], 1);
    // Service enquiry CMP-2025-0004: responded 02-21, due 02-24 → 1 of 1; no acknowledgement
    // deadline → "—" (null).
    let e = &s["complaints"]["service-enquiry"];
    assert_eq!(e["received"], 1);
    assert_eq!(e["acknowledged_within_timescale"], due_rate(0, 0, None, 0));
    assert_eq!(
        e["responded_within_timescale"],
        due_rate(1, 1, Some(100.0), 0)
    );
    assert_eq!(e["outcomes"], outcomes(0, 0, 0, 1, 0));
    // Compliment CMP-2025-0006: received, nothing to time, no outcome.
    let p = &s["complaints"]["compliment"];
    assert_eq!(p["received"], 1);
    assert_eq!(p["responded_within_timescale"], due_rate(0, 0, None, 0));
    assert_eq!(p["no_outcome"], 1);

    // Audits completed: AUD-2025-0003 (2024-11-05), -0001 (01-15), -0002 (02-20) → 3: one
    // persons-journey, two dip samples. Grades: -0003 inadequate, -0001 requires-improvement
    // (agreed at moderation), -0002 outstanding. Needing moderation: -0001 (moderated), -0002
    // (not) → 1 of 2.
    let a = &s["audits"];
    assert_eq!(a["completed"], 3);
    assert_eq!(a["by_type"]["persons-journey"], 1);
    assert_eq!(a["by_type"]["dip-sample"], 2);
    assert_eq!(a["by_type"]["thematic"], 0);
    assert_eq!(
        a["grades"],
        json!({"outstanding": 1, "good": 0, "requires-improvement": 1, "inadequate": 1})
    );
    assert_eq!(a["ungraded"], 0);
    assert_eq!(a["moderation_done"], rate(1, 2, Some(50.0)));

    assert_eq!(s["supervision"], expected_supervision());

    // Actions opened (agreed in the year): 2024-0001 (2024-10-01), 0001 (01-20), 0002 (02-10),
    // 0004 (03-05, since cancelled) → 4. Completed: 2024-0001 (on time), 0001 (on time), 0002
    // (late) → 2 of 3. Impact reviews due in the year: only 2024-0001's (03-20, measured).
    let x = &s["actions"];
    assert_eq!(x["opened"], 4);
    assert_eq!(x["completed"], 3);
    assert_eq!(x["completed_on_time"], rate(2, 3, Some(66.7)));
    assert_eq!(x["impact_measured"], due_rate(1, 1, Some(100.0), 0));

    // Reviews open on 2025-03-31: REV-2025-0001 (leder, open) and REV-2025-0002 (imr, completed
    // only on 05-01) → 2. Completed in the year: REV-2024-0001 (sar, 02-15) → 1.
    let r = &s["reviews"];
    assert_eq!(r["open_at_end"], 2);
    assert_eq!(r["completed"], 1);
    assert_eq!(
        r["by_type"]["leder"],
        json!({"open_at_end": 1, "completed": 0})
    );
    assert_eq!(
        r["by_type"]["imr"],
        json!({"open_at_end": 1, "completed": 0})
    );
    assert_eq!(
        r["by_type"]["sar"],
        json!({"open_at_end": 0, "completed": 1})
    );
    assert_eq!(
        r["by_type"]["cqc"],
        json!({"open_at_end": 0, "completed": 0})
    );

    // Evidence dated in the year: complaints 2024-0001, 0001, 0002, 0003, 0004, 0006 (6; 0005
    // withdrawn); audits 0003, 0001, 0002 (3); actions 2024-0001, 0001, 0002 (3); reviews
    // 2024-0001, 2025-0001, 2025-0002 (3) → 15; no QS: CMP-2025-0003, REV-2025-0002 → 2.
    // QS1: CMP-0001, AUD-0001, AUD-0003, REV-2025-0001 → 4; QS3: CMP-2024-0001 → 1; QS4:
    // CMP-0004 → 1; QS7: CMP-0001, CMP-0002, AUD-0002, ACT-0002, REV-2024-0001 → 5; QS8:
    // AUD-0003 → 1; QS9: CMP-0006, ACT-2024-0001, ACT-0001, ACT-0002 → 4; QS2, QS5, QS6 → 0.
    // CMP-2025-0009 (received 02-14) fails its schema in `type` only: it is evidence too,
    // untagged (degrade, don't drop) → 16 and 3.
    let v = &s["evidence"];
    assert_eq!(v["records"], 16);
    assert_eq!(v["untagged"], 3);
    assert_eq!(v["by_statement"], statements([4, 0, 1, 1, 0, 0, 5, 1, 4]));
}

#[test]
fn calendar_quarter_2025_q1() {
    let s = summary("2025-Q1");
    assert_eq!(
        s["period"],
        json!({"start": "2025-01-01", "end": "2025-03-31", "label": "2025-Q1"})
    );
    // Received: CMP-2025-0001, -0002, -0003, -0005 → 4 (CMP-2024-0001 came in December).
    // Acknowledgements due in the quarter: 0001 on time, 0002 late, 0003 on time → 2 of 3
    // (2024-0001's was due 2024-12-24). Responses due: 2024-0001 (01-21, on time: counted here
    // though received in December), 0001 on time, 0002 late → 2 of 3.
    let c = &s["complaints"]["complaint"];
    assert_eq!(c["received"], 4);
    assert_eq!(
        c["acknowledged_within_timescale"],
        due_rate(2, 3, Some(66.7), 0)
    );
    assert_eq!(
        c["responded_within_timescale"],
        due_rate(2, 3, Some(66.7), 0)
    );
    assert_eq!(c["outcomes"], outcomes(1, 1, 0, 0, 1));
    assert_eq!(c["no_outcome"], 1);
    assert_eq!(s["complaints"]["service-enquiry"]["received"], 1);
    assert_eq!(s["complaints"]["compliment"]["received"], 1);

    // Audits completed: -0001 (requires-improvement after moderation), -0002 (outstanding) → 2;
    // moderation 1 of 2.
    let a = &s["audits"];
    assert_eq!(a["completed"], 2);
    assert_eq!(
        a["grades"],
        json!({"outstanding": 1, "good": 0, "requires-improvement": 1, "inadequate": 0})
    );
    assert_eq!(a["moderation_done"], rate(1, 2, Some(50.0)));

    assert_eq!(s["supervision"], expected_supervision());

    // Opened: 0001, 0002, 0004 → 3. Completed: 0001 (on time), 0002 (late) → 1 of 2. Impact
    // reviews due in the quarter: 2024-0001's (03-20, measured) → 1 of 1.
    let x = &s["actions"];
    assert_eq!(x["opened"], 3);
    assert_eq!(x["completed"], 2);
    assert_eq!(x["completed_on_time"], rate(1, 2, Some(50.0)));
    assert_eq!(x["impact_measured"], due_rate(1, 1, Some(100.0), 0));

    // Same end as FY2024-25: leder and imr open on 03-31; sar completed 02-15.
    assert_eq!(s["reviews"]["open_at_end"], 2);
    assert_eq!(s["reviews"]["completed"], 1);

    // Evidence: complaints 0001, 0002, 0003, 0004, 0006 (5); audits 0001, 0002 (2); actions
    // 0001, 0002 (2); reviews 2025-0001, 2025-0002 (2); CMP-2025-0009 (02-14, its `type`
    // fails its schema) → 12, of which 3 untagged (CMP-0003, REV-2025-0002, CMP-0009). QS1:
    // CMP-0001, AUD-0001, REV-2025-0001 → 3; QS4: CMP-0004 → 1; QS7: CMP-0001, CMP-0002,
    // AUD-0002, ACT-0002 → 4; QS9: CMP-0006, ACT-0001, ACT-0002 → 3.
    let v = &s["evidence"];
    assert_eq!(v["records"], 12);
    assert_eq!(v["untagged"], 3);
    assert_eq!(v["by_statement"], statements([3, 0, 0, 1, 0, 0, 4, 0, 3]));
}

#[test]
fn a_range_running_past_as_of_counts_what_is_not_yet_due_apart() {
    let s = summary("2025-03-01..2025-07-31");
    assert_eq!(
        s["period"],
        json!({"start": "2025-03-01", "end": "2025-07-31", "label": "2025-03-01..2025-07-31"})
    );
    // Received: CMP-2025-0003 (03-24), -0007 (06-27); -0008 (07-10) is after as-of → 2.
    // Acknowledgements due: 0003 (03-27, on time), 0007 (07-02, done 06-30) → 2 of 2.
    // Responses due: 0003 (04-23, overdue) → 0 of 1; 0007 (07-25) not yet due → 1 apart.
    let c = &s["complaints"]["complaint"];
    assert_eq!(c["received"], 2);
    assert_eq!(
        c["acknowledged_within_timescale"],
        due_rate(2, 2, Some(100.0), 0)
    );
    assert_eq!(
        c["responded_within_timescale"],
        due_rate(0, 1, Some(0.0), 1)
    );
    assert_eq!(c["outcomes"], outcomes(0, 0, 0, 0, 0));
    assert_eq!(c["no_outcome"], 2);
    // No service enquiry in the range: every rate over nothing is null, never NaN.
    let e = &s["complaints"]["service-enquiry"];
    assert_eq!(e["received"], 0);
    assert_eq!(e["responded_within_timescale"], due_rate(0, 0, None, 0));
    assert_eq!(
        s["complaints"]["compliment"]["received"], 1,
        "CMP-2025-0006"
    );

    // Audits completed: AUD-2025-0006 (05-14), moderated only after as-of → the auditor's good,
    // and 0 of 1 moderated.
    let a = &s["audits"];
    assert_eq!(a["completed"], 1);
    assert_eq!(a["by_type"]["multi-agency"], 1);
    assert_eq!(
        a["grades"],
        json!({"outstanding": 0, "good": 1, "requires-improvement": 0, "inadequate": 0})
    );
    assert_eq!(a["moderation_done"], rate(0, 1, Some(0.0)));

    assert_eq!(s["supervision"], expected_supervision());

    // Opened: 0004 (03-05), 0003 (04-15), 0005 (05-01) → 3. Completed: 0002 (03-10, late),
    // 0001 (03-15, on time), 0005 (05-20, on time) → 2 of 3. Impact reviews due in the range:
    // 2024-0001 (03-20, measured), 0002 (06-10, not measured), 0001 (06-15, measured 06-20) →
    // 2 of 3; 0005 (07-20) not yet due.
    let x = &s["actions"];
    assert_eq!(x["opened"], 3);
    assert_eq!(x["completed"], 3);
    assert_eq!(x["completed_on_time"], rate(2, 3, Some(66.7)));
    assert_eq!(x["impact_measured"], due_rate(2, 3, Some(66.7), 1));

    // The range ends after as-of, so "open at its end" is open at 2025-06-30: REV-2025-0001 only
    // (REV-2025-0002 completed 05-01, in the range).
    let r = &s["reviews"];
    assert_eq!(r["open_at_end"], 1);
    assert_eq!(r["completed"], 1);
    assert_eq!(
        r["by_type"]["leder"],
        json!({"open_at_end": 1, "completed": 0})
    );
    assert_eq!(
        r["by_type"]["imr"],
        json!({"open_at_end": 0, "completed": 1})
    );

    // Evidence dated 03-01..06-30: CMP-0003, CMP-0006, CMP-0007, AUD-0006, SUP-0001, SUP-0002,
    // SUP-0004, ACT-0003, ACT-0005 → 9; untagged CMP-0003, SUP-0002, SUP-0004, ACT-0003 → 4.
    // QS1: CMP-0007; QS6: AUD-0006, ACT-0005; QS8: SUP-0001; QS9: CMP-0006.
    let v = &s["evidence"];
    assert_eq!(v["records"], 9);
    assert_eq!(v["untagged"], 4);
    assert_eq!(v["by_statement"], statements([1, 0, 0, 0, 0, 2, 0, 1, 1]));
}

#[test]
fn the_default_period_is_the_financial_year_holding_as_of() {
    // As-of 2025-06-30 is in FY2025-26: 2025-04-01 to 2026-03-31.
    let run = exec(FIXTURE, &["--format", "json"]);
    assert_eq!(run.status, 0);
    let s = run.json();
    assert_eq!(
        s["period"],
        json!({"start": "2025-04-01", "end": "2026-03-31", "label": "this-financial-year"})
    );
    let table = stdout_of(&[]);
    assert!(
        table.starts_with(
            "Summary for this-financial-year (2025-04-01 to 2026-03-31), as of 2025-06-30\n"
        ),
        "{table}"
    );
}

fn stdout_of(args: &[&str]) -> String {
    let run = exec(FIXTURE, args);
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    run.stdout
}

#[test]
fn excluded_records_are_said_on_stderr_and_in_every_format() {
    // CMP-2025-0009's `type` fails its schema: its acknowledgement and response deadlines read
    // it (its learning form needs `responded`, which is unset, so it does not apply).
    let headline = "1 record was left out in whole or part — run `qaledger check PATH` to see why:";
    let path = "records/complaints/2025/CMP-2025-0009.yaml";
    for format in ["table", "json", "markdown"] {
        let run = exec(FIXTURE, &["--period", "2025", "--format", format]);
        assert_eq!(run.status, 0);
        assert_eq!(
            run.stderr,
            format!(
                "warning: {headline}\n  {path} (acknowledgement: `type` has a problem)\n  \
                 {path} (response: `type` has a problem)\n"
            ),
            "{format}"
        );
        let said = match format {
            "json" => {
                let json = run.json();
                json["excluded"] == 1
                    && json["excluded_records"][0]["path"] == path
                    && json["excluded_records"][1]["deadline"] == "response"
            }
            "table" => run.stdout.contains(&format!(
                "{headline}\n  {path} (acknowledgement: `type` has a problem)\n"
            )),
            _ => run.stdout.contains(&format!(
                "> **Warning:** {headline}\n> - {} (acknowledgement: \\`type\\` has a problem)\n",
                path
            )),
        };
        assert!(said, "{format}:\n{}", run.stdout);
    }
}

#[test]
fn a_period_that_is_not_one_is_a_usage_error() {
    let run = exec(FIXTURE, &["--period", "FY2025-27"]);
    assert_eq!(run.status, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .starts_with("error: `FY2025-27` is not a period: use 2025, 2025-Q1"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_is_the_same_bytes_every_run() {
    let first = exec(FIXTURE, &["--period", "FY2024-25", "--format", "json"]).stdout;
    let second = exec(FIXTURE, &["--period", "FY2024-25", "--format", "json"]).stdout;
    assert_eq!(first, second);
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!("table", stdout_of(&["--period", "FY2024-25"]));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(
        "json",
        stdout_of(&["--period", "2025-03-01..2025-07-31", "--format", "json"])
    );
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        "markdown",
        stdout_of(&["--period", "2025-Q1", "--format", "markdown"])
    );
}

#[test]
fn northshire_financial_year_2024_25() {
    let run = exec(
        "examples/northshire",
        &["--period", "FY2024-25", "--format", "json"],
    );
    assert_eq!(run.status, 0, "stderr: {}", run.stderr);
    assert!(run.stderr.is_empty(), "northshire is clean: {}", run.stderr);
    let s = run.json();
    let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "as_of",
            "period",
            "excluded",
            "excluded_records",
            "complaints",
            "audits",
            "supervision",
            "actions",
            "reviews",
            "evidence",
            "titles"
        ]
    );
    assert_eq!(s["schema_version"], 1);
    assert_eq!(s["excluded"], 0);
    assert_eq!(
        s["period"],
        json!({"start": "2024-04-01", "end": "2025-03-31", "label": "FY2024-25"})
    );
    // Every quality statement is listed, zeros included, in order.
    let statements: Vec<&str> = s["evidence"]["by_statement"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        statements,
        [
            "QS1", "QS2", "QS3", "QS4", "QS5", "QS6", "QS7", "QS8", "QS9"
        ]
    );
    // The three complaint types are counted apart, in the schema's order.
    let types: Vec<&str> = s["complaints"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(types, ["complaint", "service-enquiry", "compliment"]);
    for format in ["table", "markdown"] {
        let view = exec(
            "examples/northshire",
            &["--period", "FY2024-25", "--format", format],
        );
        assert_eq!(view.status, 0);
        assert!(
            view.stdout
                .contains("Summary for FY2024-25 (2024-04-01 to 2025-03-31), as of 2025-06-30"),
            "{format}"
        );
        assert!(!view.stdout.contains("NaN"), "{format}");
    }
}
