//! `report annual-complaints` and `report complaints-return` (issue 17 sections 2 and 4) on
//! `tests/fixtures/annual-complaints/`, FY2025-26 at as-of 2026-04-10 (a Friday), every figure
//! worked out by hand below; and the HTML page's figures against the JSON's, on the fixture and
//! on examples/northshire.
//!
//! The fixture, by hand (working days skip weekends and the bank holidays 25 Aug, 25–26 Dec
//! 2025, 1 Jan, 3 and 6 Apr 2026):
//!
//! | complaint | procedure | acknowledgement due → done | response due → done | outcome |
//! |---|---|---|---|---|
//! | CMP-2025-0001 | statutory, standard | Mon 2 Jun + 3 wd = 5 Jun → 4 Jun within | + 30 wd = 14 Jul → 10 Jul within | upheld |
//! | CMP-2025-0002 | statutory, complex | 9 Jun + 3 wd = 12 Jun → 16 Jun late | + 60 wd = 2 Sep → 10 Sep late | partly upheld |
//! | CMP-2025-0003 | statutory, no band | 1 Sep + 3 wd = 4 Sep → 3 Sep within | + 6 months = 1 Mar → 20 Feb within | not upheld |
//! | CMP-2025-0004 | statutory, standard, extended once (told) | Wed 1 Oct + 3 wd = 6 Oct → 2 Oct within | 12 Nov moved to 12 Dec → 10 Dec within | upheld |
//! | CMP-2025-0006 | statutory, withdrawn | no clock (withdrawn) | no clock | none (withdrawn) |
//! | CMP-2026-0003 | statutory, standard | Mon 2 Mar + 3 wd = 5 Mar → 3 Mar within | + 30 wd = 15 Apr: not yet due at 10 Apr | none yet |
//! | CMP-2025-0007 | corporate | 2 Jun + 5 wd = 9 Jun → 6 Jun within | ack + 10 wd = 20 Jun → 18 Jun within | not upheld; stage 2 (Wed 25 Jun + 5 wd = 2 Jul → 3 Jul late; ack + 20 wd = 31 Jul → 30 Jul within) partly upheld |
//! | CMP-2025-0008 | corporate, extended twice (second not told) | 1 Sep + 5 wd = 8 Sep → 5 Sep within | 19 Sep → 26 Sep → 3 Oct; done 6 Oct late | upheld |
//! | CMP-2025-0009 | corporate, extended beyond the maximum (reason, told) | 3 Nov + 5 wd = 10 Nov → 10 Nov within | 24 Nov moved to 19 Dec → 18 Dec within | not upheld |
//! | CMP-2025-0014 | corporate | Mon 7 Jul + 5 wd = 14 Jul → 9 Jul within | ack 9 Jul + 10 wd = 23 Jul → 22 Jul within | not upheld; stage 2 extended once, told (below); upheld at stage 2 |
//! | CMP-2025-0015 | corporate | Mon 6 Oct + 5 wd = 13 Oct → 7 Oct within | ack 7 Oct + 10 wd = 21 Oct → 20 Oct within | not upheld; stage 2 extended twice, the second beyond the maximum (below); not upheld at stage 2 |
//! | CMP-2026-0001 | corporate | 5 Jan + 5 wd = 12 Jan → 14 Jan late | ack 14 Jan + 10 wd = 28 Jan → 27 Jan within | resolved informally |
//! | CMP-2026-0002 | corporate | Mon 30 Mar + 5 wd (Good Friday, Easter Monday skipped) = 8 Apr: overdue at 10 Apr, late | no clock (not acknowledged) | none yet |
//! | CMP-2025-0010 | none ([timescales] 3 and 20 wd) | 1 Dec + 3 wd = 4 Dec → 2 Dec within | + 20 wd = 31 Dec → 9 Jan late | upheld |
//!
//! Stage 2 extended (`stage_2.due_changes`, as `qaledger move` writes them on an escalated
//! complaint; the Code's stage-2 extension_max is 20 working days from the first date):
//!
//! | complaint | stage 2 acknowledgement due → done | stage 2 response due | extensions | latest date → done |
//! |---|---|---|---|---|
//! | CMP-2025-0014 | requested Mon 28 Jul + 5 wd = 4 Aug → 31 Jul within | ack 31 Jul + 20 wd (25 Aug skipped) = Fri 29 Aug | 29 Aug → 12 Sep, told 20 Aug; within the maximum (29 Aug + 20 wd = 26 Sep) | 12 Sep → 11 Sep within |
//! | CMP-2025-0015 | requested Mon 27 Oct + 5 wd = 3 Nov → 30 Oct within | ack 30 Oct + 20 wd = Thu 27 Nov | 27 Nov → 11 Dec, told 20 Nov; 11 Dec → 16 Jan, not told, beyond the maximum (27 Nov + 20 wd, 25–26 Dec skipped = 29 Dec) with a reason | 16 Jan → 20 Jan late |
//!
//! Not received in FY2025-26: CMP-2025-0011 (received 20 Mar 2025; referred to the Ombudsman
//! 1 May 2025, decided no fault 15 Jul 2025; answered 15 Apr 2025, not upheld, within its six
//! months), a service enquiry and a compliment (not complaints).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Run, manifest_dir, qaledger_at};

const AS_OF: &str = "2026-04-10";

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/annual-complaints")
}

fn run(root: &Path, as_of: &str, args: &[&str]) -> Run {
    Run::of(qaledger_at(as_of).arg("--root").arg(root).args(args))
}

fn annual_json() -> Value {
    run(
        &fixture(),
        AS_OF,
        &[
            "report",
            "annual-complaints",
            "--period",
            "FY2025-26",
            "--format",
            "json",
        ],
    )
    .ok_json()
}

/// The ids at `path` (a count's `ids`), checked against its `count`.
fn ids(json: &Value, path: &str) -> Vec<String> {
    let at = crate::report::at(json, path);
    let ids: Vec<String> = at["ids"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no ids in {at}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(at["count"].as_u64(), Some(ids.len() as u64), "{path}");
    ids
}

#[track_caller]
fn assert_ids(json: &Value, path: &str, want: &[&str]) {
    assert_eq!(ids(json, path), want, "{path}");
}

#[test]
fn regulation_18_figures_are_those_worked_out_by_hand() {
    let j = annual_json();
    // Received in FY2025-26: the fourteen complaints of the table (not CMP-2025-0011,
    // received in March 2025, nor the service enquiry and the compliment).
    assert_ids(
        &j,
        "received",
        &[
            "CMP-2025-0001",
            "CMP-2025-0002",
            "CMP-2025-0003",
            "CMP-2025-0004",
            "CMP-2025-0006",
            "CMP-2025-0007",
            "CMP-2025-0008",
            "CMP-2025-0009",
            "CMP-2025-0010",
            "CMP-2025-0014",
            "CMP-2025-0015",
            "CMP-2026-0001",
            "CMP-2026-0002",
            "CMP-2026-0003",
        ],
    );
    // Well-founded, by the last outcome: upheld 0001, 0004, 0008, 0010; partly upheld 0002;
    // 0007, not upheld at stage 1 but partly upheld at stage 2; and 0014, upheld at stage 2
    // (0015 was not upheld at either stage).
    assert_ids(
        &j,
        "well_founded",
        &[
            "CMP-2025-0001",
            "CMP-2025-0002",
            "CMP-2025-0004",
            "CMP-2025-0007",
            "CMP-2025-0008",
            "CMP-2025-0010",
            "CMP-2025-0014",
        ],
    );
    // Referred in the year: 0002 (6 Oct), 2026-0001 (2 Mar) and 0011 (1 May 2025), received
    // the year before.
    assert_ids(
        &j,
        "referred_to_ombudsman",
        &["CMP-2025-0002", "CMP-2025-0011", "CMP-2026-0001"],
    );
    // Subject matter: communication 0001, 0002, 0007, 0008, 0014, 2026-0001, 2026-0003 (7),
    // timeliness 0004, 0008, 0015 (3), then the twos by name, then the ones; 2026-0002 has no
    // theme.
    let subjects: Vec<(String, u64)> = j["subjects"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["count"].as_u64().unwrap()))
        .collect();
    let want = [
        ("communication", 7),
        ("timeliness", 3),
        ("safeguarding", 2),
        ("carers", 1),
        ("equality", 1),
        ("housing", 1),
    ];
    assert_eq!(
        subjects,
        want.map(|(k, n)| (k.to_owned(), n)).to_vec(),
        "{}",
        j["subjects"]
    );
    assert_ids(&j, "no_theme", &["CMP-2026-0002"]);
    // Stage-1 outcomes: upheld 4, partly 1, not upheld 5 (0003, 0007, 0009, 0014, 0015),
    // resolved informally 1; 0006 withdrawn before an outcome; 2026-0002 and 2026-0003 not decided.
    assert_ids(
        &j,
        "outcomes.upheld",
        &[
            "CMP-2025-0001",
            "CMP-2025-0004",
            "CMP-2025-0008",
            "CMP-2025-0010",
        ],
    );
    assert_ids(&j, "outcomes.partly-upheld", &["CMP-2025-0002"]);
    assert_ids(
        &j,
        "outcomes.not-upheld",
        &[
            "CMP-2025-0003",
            "CMP-2025-0007",
            "CMP-2025-0009",
            "CMP-2025-0014",
            "CMP-2025-0015",
        ],
    );
    assert_ids(&j, "outcomes.resolved-informally", &["CMP-2026-0001"]);
    assert_ids(&j, "withdrawn", &["CMP-2025-0006"]);
    assert_ids(&j, "no_outcome", &["CMP-2026-0002", "CMP-2026-0003"]);
}

#[test]
fn timeliness_by_procedure_and_stage_is_that_worked_out_by_hand() {
    let j = annual_json();
    let keys: Vec<&String> = j["procedures"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["corporate-lgsco", "statutory-asc", "no-procedure"]);

    // Corporate: acknowledged within 0007, 0008, 0009, 0014, 0015; late 2026-0001 and
    // 2026-0002 (overdue): 5 of 7, 71.4%.
    let c = "procedures.corporate-lgsco";
    assert_ids(
        &j,
        &format!("{c}.acknowledged.within"),
        &[
            "CMP-2025-0007",
            "CMP-2025-0008",
            "CMP-2025-0009",
            "CMP-2025-0014",
            "CMP-2025-0015",
        ],
    );
    assert_ids(
        &j,
        &format!("{c}.acknowledged.late"),
        &["CMP-2026-0001", "CMP-2026-0002"],
    );
    assert_eq!(
        j["procedures"]["corporate-lgsco"]["acknowledged"]["percent_within"],
        71.4
    );
    // Not extended at stage 1: 0007, 0014, 0015 and 2026-0001 within (0014 and 0015 were
    // extended at stage 2 only); 2026-0002 has no response clock.
    assert_ids(
        &j,
        &format!("{c}.responded.within"),
        &[
            "CMP-2025-0007",
            "CMP-2025-0014",
            "CMP-2025-0015",
            "CMP-2026-0001",
        ],
    );
    assert_ids(&j, &format!("{c}.responded.no_clock"), &["CMP-2026-0002"]);
    // Extended apart: 0009 by its extended date, 0008 after it; three extensions in all; the
    // complainant not told of 0008's second; 0009 beyond the Code's 10 working days.
    assert_ids(
        &j,
        &format!("{c}.extended.complaints"),
        &["CMP-2025-0008", "CMP-2025-0009"],
    );
    assert_eq!(
        j["procedures"]["corporate-lgsco"]["extended"]["extensions"],
        3
    );
    assert_ids(
        &j,
        &format!("{c}.extended.responded.within"),
        &["CMP-2025-0009"],
    );
    assert_ids(
        &j,
        &format!("{c}.extended.responded.late"),
        &["CMP-2025-0008"],
    );
    assert_ids(
        &j,
        &format!("{c}.extended.complainant_told"),
        &["CMP-2025-0009"],
    );
    assert_ids(
        &j,
        &format!("{c}.extended.complainant_not_told"),
        &["CMP-2025-0008"],
    );
    assert_ids(
        &j,
        &format!("{c}.extended.beyond_maximum"),
        &["CMP-2025-0009"],
    );
    // Stage 2: 0007, 0014 and 0015 escalated. Acknowledged: 0007 a day late, 0014 and 0015
    // in time (2 of 3, 66.7%).
    let s2 = format!("{c}.stage_2");
    assert_ids(
        &j,
        &format!("{s2}.requested"),
        &["CMP-2025-0007", "CMP-2025-0014", "CMP-2025-0015"],
    );
    assert_ids(
        &j,
        &format!("{s2}.acknowledged.within"),
        &["CMP-2025-0014", "CMP-2025-0015"],
    );
    assert_ids(&j, &format!("{s2}.acknowledged.late"), &["CMP-2025-0007"]);
    assert_eq!(
        crate::report::at(&j, &format!("{s2}.acknowledged.percent_within")),
        66.7
    );
    // Never extended at stage 2: only 0007, answered in time (1 of 1).
    assert_eq!(crate::report::at(&j, &format!("{s2}.responded.of")), 1);
    assert_ids(&j, &format!("{s2}.responded.within"), &["CMP-2025-0007"]);
    assert_ids(&j, &format!("{s2}.responded.late"), &[]);
    // Extended at stage 2, apart, against the latest stage-2 date: 0014 by 12 Sep (within),
    // 0015 after 16 Jan (late): 1 of 2, 50.0%. Three extensions (0014 one, 0015 two); every
    // one told for 0014, not 0015's second; 0015's second beyond the 20 working days.
    let e = format!("{s2}.extended");
    assert_ids(
        &j,
        &format!("{e}.complaints"),
        &["CMP-2025-0014", "CMP-2025-0015"],
    );
    assert_eq!(crate::report::at(&j, &format!("{e}.extensions")), 3);
    assert_eq!(crate::report::at(&j, &format!("{e}.responded.of")), 2);
    assert_ids(&j, &format!("{e}.responded.within"), &["CMP-2025-0014"]);
    assert_ids(&j, &format!("{e}.responded.late"), &["CMP-2025-0015"]);
    assert_ids(&j, &format!("{e}.responded.pending"), &[]);
    assert_eq!(
        crate::report::at(&j, &format!("{e}.responded.percent_within")),
        50.0
    );
    assert_ids(&j, &format!("{e}.complainant_told"), &["CMP-2025-0014"]);
    assert_ids(&j, &format!("{e}.complainant_not_told"), &["CMP-2025-0015"]);
    assert_ids(&j, &format!("{e}.beyond_maximum"), &["CMP-2025-0015"]);
    // Stage-2 outcomes: 0007 partly upheld, 0014 upheld, 0015 not upheld.
    assert_ids(&j, &format!("{s2}.outcomes.upheld"), &["CMP-2025-0014"]);
    assert_ids(
        &j,
        &format!("{s2}.outcomes.partly-upheld"),
        &["CMP-2025-0007"],
    );
    assert_ids(&j, &format!("{s2}.outcomes.not-upheld"), &["CMP-2025-0015"]);
    assert_ids(
        &j,
        &format!("{c}.well_founded"),
        &["CMP-2025-0007", "CMP-2025-0008", "CMP-2025-0014"],
    );

    // Statutory: acknowledged late only 0002; 0006 withdrawn has no clock.
    let s = "procedures.statutory-asc";
    assert_ids(
        &j,
        &format!("{s}.acknowledged.within"),
        &[
            "CMP-2025-0001",
            "CMP-2025-0003",
            "CMP-2025-0004",
            "CMP-2026-0003",
        ],
    );
    assert_ids(&j, &format!("{s}.acknowledged.late"), &["CMP-2025-0002"]);
    assert_ids(
        &j,
        &format!("{s}.acknowledged.no_clock"),
        &["CMP-2025-0006"],
    );
    // Not extended: 0001 and 0003 within, 0002 late, 2026-0003 not yet due (15 April).
    assert_ids(
        &j,
        &format!("{s}.responded.within"),
        &["CMP-2025-0001", "CMP-2025-0003"],
    );
    assert_ids(&j, &format!("{s}.responded.late"), &["CMP-2025-0002"]);
    assert_ids(&j, &format!("{s}.responded.pending"), &["CMP-2026-0003"]);
    assert_eq!(
        j["procedures"]["statutory-asc"]["responded"]["percent_within"],
        66.7
    );
    assert_ids(
        &j,
        &format!("{s}.extended.responded.within"),
        &["CMP-2025-0004"],
    );
    assert_ids(&j, &format!("{s}.stage_2.requested"), &[]);
    assert_ids(&j, &format!("{s}.stage_2.extended.complaints"), &[]);

    // No procedure: 0010, acknowledged in time, answered late.
    let n = "procedures.no-procedure";
    assert_ids(&j, &format!("{n}.acknowledged.within"), &["CMP-2025-0010"]);
    assert_ids(&j, &format!("{n}.responded.late"), &["CMP-2025-0010"]);

    // Only the corporate procedure is under the Code.
    assert_eq!(j["handling_code"], serde_json::json!(["corporate-lgsco"]));
}

#[test]
fn ombudsman_and_learning_are_those_worked_out_by_hand() {
    let j = annual_json();
    // Decided in the year: 0011 (no fault, 15 Jul 2025) and 0002 (fault causing injustice,
    // 10 Feb 2026); 2026-0001 awaits a decision.
    assert_ids(&j, "ombudsman.decided", &["CMP-2025-0002", "CMP-2025-0011"]);
    assert_ids(
        &j,
        "ombudsman.decisions.fault-injustice",
        &["CMP-2025-0002"],
    );
    assert_ids(&j, "ombudsman.decisions.no-fault", &["CMP-2025-0011"]);
    // 0002's remedy was due 10 March and done on the 5th.
    assert_ids(&j, "ombudsman.remedies.within", &["CMP-2025-0002"]);
    let cases: Vec<&str> = j["ombudsman"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["CMP-2025-0011", "CMP-2025-0002", "CMP-2026-0001"]);
    assert_eq!(j["ombudsman"]["cases"][1]["remedy_clock"], "within");
    assert_eq!(j["ombudsman"]["cases"][1]["reference"], "25 001 234");

    // Actions from complaints: 0001 (from CMP-2025-0001, completed, improved), 0003 (from the
    // Ombudsman's finding on CMP-2025-0002, completed, impact not measured) and 0002 (from
    // CMP-2025-0007, in progress); 0004 came from an audit.
    let actions: Vec<(&str, &str)> = j["learning"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["complaints"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("ACT-2025-0001", "CMP-2025-0001"),
            ("ACT-2025-0003", "CMP-2025-0002"),
            ("ACT-2025-0002", "CMP-2025-0007"),
        ]
    );
    assert_ids(
        &j,
        "learning.by_status.completed",
        &["ACT-2025-0001", "ACT-2025-0003"],
    );
    assert_ids(&j, "learning.by_status.in-progress", &["ACT-2025-0002"]);
    assert_ids(&j, "learning.impact.improved", &["ACT-2025-0001"]);
    assert_ids(&j, "learning.impact_not_measured", &["ACT-2025-0003"]);
}

/// The quarterly return counts what happened in each quarter, by hand from the table above:
/// Q1 received 0001, 0002, 0007; answered 0007 (not upheld, in time) and 0011 (not upheld, in
/// time); 0011 referred. Q2 received 0003, 0008, 0014; answered 0001 (upheld, in time), 0002
/// (partly, late) and 0014 (not upheld, in time); 0011 decided (no fault). Q3 received 0004,
/// 0006, 0009, 0010, 0015; answered 0015 (not upheld, in time), 0008 (upheld, late), 0009 (not
/// upheld, in time), 0004 (upheld, in time); 0002 referred. The return counts stage-1
/// responses, so 0014's and 0015's stage-2 answers are not in it. Q4
/// received 2026-0001, 2026-0002, 2026-0003; answered 0010 (upheld, late), 2026-0001 (resolved
/// informally, in time), 0003 (not upheld, in time); 2026-0001 referred; 0002 decided (fault).
#[test]
fn the_quarterly_return_is_that_worked_out_by_hand() {
    let csv = run(
        &fixture(),
        AS_OF,
        &["report", "complaints-return", "--period", "FY2025-26"],
    );
    assert_eq!(csv.status, 0, "{}", csv.stderr);
    assert_eq!(
        csv.stdout,
        "quarter,start,end,received,upheld,partly_upheld,not_upheld,responded_within_timescale,responded_late,ombudsman_referred,ombudsman_decided,ombudsman_fault_found\r\n\
         FY2025-26-Q1,2025-04-01,2025-06-30,3,0,0,2,2,0,1,0,0\r\n\
         FY2025-26-Q2,2025-07-01,2025-09-30,3,1,1,1,2,1,0,1,0\r\n\
         FY2025-26-Q3,2025-10-01,2025-12-31,5,2,0,2,3,1,1,0,0\r\n\
         FY2025-26-Q4,2026-01-01,2026-03-31,3,1,0,1,2,1,1,1,1\r\n\
         FY2025-26,2025-04-01,2026-03-31,14,4,1,6,9,3,3,2,1\r\n"
    );
    // A quarter gives its one row, with the ids behind each count.
    let q3 = run(
        &fixture(),
        AS_OF,
        &[
            "report",
            "complaints-return",
            "--period",
            "FY2025-26-Q3",
            "--format",
            "json",
        ],
    )
    .ok_json();
    let rows = q3["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["quarter"], "FY2025-26-Q3");
    assert_ids(
        &rows[0],
        "responded_within_timescale",
        &["CMP-2025-0004", "CMP-2025-0009", "CMP-2025-0015"],
    );
    assert_ids(&rows[0], "responded_late", &["CMP-2025-0008"]);
    assert_ids(&rows[0], "ombudsman_referred", &["CMP-2025-0002"]);
}

#[test]
fn snapshot_markdown_and_json() {
    let args = ["report", "annual-complaints", "--period", "FY2025-26"];
    let markdown = run(
        &fixture(),
        AS_OF,
        &[&args[..], &["--format", "markdown"]].concat(),
    );
    assert_eq!(markdown.status, 0, "{}", markdown.stderr);
    insta::assert_snapshot!("markdown", markdown.stdout);
    insta::assert_json_snapshot!("json", annual_json());
}

/// The HTML page's every `data-figure` is the number at that path of the JSON: how many, and
/// the page.
fn figures_match(root: &Path, as_of: &str, period: &str) -> (usize, String) {
    let args = ["report", "annual-complaints", "--period", period];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("annual.html");
    let written = run(
        root,
        as_of,
        &[&args[..], &["--out", out.to_str().unwrap()]].concat(),
    );
    assert_eq!(written.status, 0, "{}", written.stderr);
    assert!(written.stderr.contains("wrote"), "{}", written.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    let doc = crate::html_views::well_formed(&page);
    let json = run(root, as_of, &[&args[..], &["--format", "json"]].concat()).ok_json();
    let figures = crate::html_views::figures_are_the_jsons(&doc, &json);
    (figures, page)
}

#[test]
fn every_figure_on_the_page_is_the_jsons() {
    let (figures, page) = figures_match(&fixture(), AS_OF, "FY2025-26");
    assert!(figures > 80, "{figures}");
    // Stage 2's extended complaints are shown apart on the page, as stage 1's are.
    for stage in ["", ".stage_2"] {
        for figure in [
            "extended.responded.within.count",
            "extended.responded.late.count",
            "extended.complaints.count",
            "extended.extensions",
            "extended.complainant_told.count",
            "extended.complainant_not_told.count",
            "extended.beyond_maximum.count",
        ] {
            let path = format!("procedures.corporate-lgsco{stage}.{figure}");
            assert!(
                page.contains(&format!("data-figure=\"{path}\"")),
                "{path} is not on the page"
            );
        }
    }
}

#[test]
fn every_figure_on_the_northshire_page_is_the_jsons() {
    let northshire = manifest_dir().join("examples/northshire");
    let (figures, _) = figures_match(&northshire, "2025-06-30", "FY2024-25");
    assert!(figures > 40, "{figures}");
}

#[test]
fn help_opens_with_an_example_and_bad_periods_are_usage_errors() {
    for report in ["annual-complaints", "complaints-return"] {
        let help = run(&fixture(), AS_OF, &["report", report, "--help"]);
        assert!(
            help.stdout
                .starts_with(&format!("Example: qaledger report {report}")),
            "{}",
            help.stdout
        );
        let bad = run(&fixture(), AS_OF, &["report", report, "--period", "FY2025"]);
        assert_eq!(bad.status, 2, "{report}");
        assert!(
            bad.stderr.contains("`FY2025` is not a period"),
            "{}",
            bad.stderr
        );
    }
}

/// A complaint whose file has a problem still counts where its usable fields allow (degrade,
/// don't drop: SPEC §7), and the report names it with the command to see why.
#[test]
fn a_complaint_with_a_problem_is_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&fixture(), dir.path());
    let path = dir
        .path()
        .join("records/complaints/2025/CMP-2025-0001.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("outcome: upheld", "outcome: upheldd")).unwrap();
    let args = ["report", "annual-complaints", "--period", "FY2025-26"];
    let json = run(
        dir.path(),
        AS_OF,
        &[&args[..], &["--format", "json"]].concat(),
    )
    .ok_json();
    // Still received, no longer upheld (its outcome is unusable), and named.
    assert_eq!(json["received"]["count"], 14);
    assert!(!ids(&json, "outcomes.upheld").contains(&"CMP-2025-0001".to_owned()));
    assert_eq!(json["with_problems"][0]["id"], "CMP-2025-0001");
    assert_eq!(
        json["with_problems"][0]["path"],
        "records/complaints/2025/CMP-2025-0001.yaml"
    );
    let markdown = run(dir.path(), AS_OF, &args);
    assert!(
        markdown.stdout.contains(
            "! CMP-2025-0001: this record has 1 YAML or schema problem — run `qaledger check records/complaints/2025/CMP-2025-0001.yaml`"
        ),
        "{}",
        markdown.stdout
    );
}

/// With `--out` and no `--format`, each report writes the format the file's extension names
/// (`.json` is never HTML or CSV), the same text `--format` prints; an unknown extension
/// keeps the report's default.
#[test]
fn out_without_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 6] = [
        ("annual-complaints", "a.json", "json"),
        ("annual-complaints", "a.htm", "html"),
        ("annual-complaints", "a.txt", "markdown"),
        ("complaints-return", "r.json", "json"),
        ("complaints-return", "r.CSV", "csv"),
        ("complaints-return", "r.txt", "csv"),
    ];
    for (report, file, format) in cases {
        let out = dir.path().join(file);
        let out_arg = out.display().to_string();
        let period = ["--period", "FY2025-26"];
        let wrote = run(
            &fixture(),
            AS_OF,
            &[&["report", report][..], &period, &["--out", &out_arg]].concat(),
        );
        assert_eq!(wrote.status, 0, "{report} {file}: {}", wrote.stderr);
        let printed = run(
            &fixture(),
            AS_OF,
            &[&["report", report][..], &period, &["--format", format]].concat(),
        );
        assert_eq!(printed.status, 0, "{}", printed.stderr);
        assert_eq!(
            fs::read_to_string(&out).unwrap(),
            printed.stdout,
            "{report} {file}"
        );
    }
}
