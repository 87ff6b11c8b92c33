//! End-to-end tests of `qaledger tracker`, the Learning From tracker, on `tests/fixtures/tracker`.
//!
//! The fixture holds eight actions at as-of 2025-06-30 (each file's first comment says what it
//! is for). Worked out by hand from those files:
//!
//! | id   | agreed     | due        | status      | completed  | days overdue at 2025-06-30 |
//! |------|------------|------------|-------------|------------|----------------------------|
//! | 0001 | 2025-02-20 | 2025-05-31 | in-progress |            | 30 (June 30 − May 31)      |
//! | 0002 | 2025-02-12 | 2025-03-31 | completed   | 2025-04-30 | — (done, late)             |
//! | 0003 | 2025-01-30 | 2025-06-30 | completed   | 2025-05-01 | — (done)                   |
//! | 0004 | 2025-05-31 | 2025-07-31 | agreed      |            | — (not yet due)            |
//! | 0005 | 2025-06-01 | 2025-06-20 | in-progress |            | 10 (June 30 − June 20)     |
//! | 0006 |            | 2025-05-31 | proposed    |            | 30                         |
//! | 0007 |            | 2025-06-01 | proposed    |            | 29 (June 30 − June 1)      |
//! | 0008 | 2025-03-10 | 2025-04-30 | cancelled   |            | — (cancelled: no deadline) |
//!
//! Sorted by due date then id: 0002 (03-31), 0008 (04-30), 0001 and 0006 (05-31), 0007
//! (06-01), 0005 (06-20), 0003 (06-30), 0004 (07-31).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

use crate::common::{AS_OF, Run, copy_tree, manifest_dir, qaledger_on};

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/tracker")
}

/// [`qaledger_on`], but colouring whatever it prints.
fn qaledger_coloured(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qaledger").expect("the qaledger binary is built");
    cmd.current_dir(manifest_dir())
        .arg("--root")
        .arg(root)
        .args(["--as-of", AS_OF, "--color", "always"]);
    cmd
}

/// `qaledger tracker ARGS…` on the fixture.
fn tracker(args: &[&str]) -> Run {
    Run::of(qaledger_on(&fixture()).arg("tracker").args(args))
}

/// The listed ids, short: `ACT-2025-0001` → `0001`.
fn ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    tracker(&all).ok_json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["id"]
                .as_str()
                .unwrap()
                .trim_start_matches("ACT-2025-")
                .to_owned()
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Rows, order, days overdue
// ------------------------------------------------------------------------------------------

#[test]
fn every_action_sorted_by_due_date_then_id() {
    // See the table above: 0001 and 0006 share 2025-05-31, so id decides.
    assert_eq!(
        ids(&[]),
        [
            "0002", "0008", "0001", "0006", "0007", "0005", "0003", "0004"
        ]
    );
}

#[test]
fn days_overdue_come_from_the_completion_deadline() {
    let report = tracker(&["--format", "json"]).ok_json();
    let days: Vec<(String, Value)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap()[9..].to_owned(),
                r["days_overdue"].clone(),
            )
        })
        .collect();
    let expected: Vec<(String, Value)> = [
        ("0002", Value::Null), // completed (late): met, never overdue
        ("0008", Value::Null), // cancelled: no deadline
        ("0001", json!(30)),   // 2025-06-30 − 2025-05-31
        ("0006", json!(30)),   // proposed actions have a completion deadline too
        ("0007", json!(29)),   // 2025-06-30 − 2025-06-01
        ("0005", json!(10)),   // 2025-06-30 − 2025-06-20
        ("0003", Value::Null), // completed on time
        ("0004", Value::Null), // due 2025-07-31, after as-of
    ]
    .into_iter()
    .map(|(id, v)| (id.to_owned(), v))
    .collect();
    assert_eq!(days, expected);
}

#[test]
fn a_row_carries_every_column() {
    let report = tracker(&["--format", "json"]).ok_json();
    // ACT-2025-0003 as written in its file.
    assert_eq!(
        report["rows"][6],
        json!({
            "id": "ACT-2025-0003",
            "title": "Multi-agency safeguarding | escalation route",
            "source_type": "sar",
            "source_refs": ["REV-2025-0001"],
            "level": "systemic",
            "owner": "bwilliams",
            "owner_name": "Bryn Williams",
            "team": "north",
            "agreed_forum": "quality-assurance-board",
            "agreed_date": "2025-01-30",
            "due": "2025-06-30",
            "status": "completed",
            "completed": "2025-05-01",
            "days_overdue": null,
            "impact_rating": "too-early",
            "themes": ["safeguarding", "communication"],
            "path": "records/actions/2025/ACT-2025-0003.yaml",
            "problems": 0,
            "history": null,
            "titles": {
                "source_type": "Safeguarding Adults Review (SAR)",
                "level": "Systemic",
                "agreed_forum": "Quality assurance board",
                "status": "Completed",
                "impact_rating": "Too early to tell"
            }
        })
    );
}

// ------------------------------------------------------------------------------------------
// Totals
// ------------------------------------------------------------------------------------------

#[test]
fn totals_over_every_action() {
    let report = tracker(&["--format", "json"]).ok_json();
    // Counted from the eight files:
    // status: in-progress 0001 0005; completed 0002 0003; agreed 0004; proposed 0006 0007;
    //   cancelled 0008.
    // source: audit 0001 0008; complaint 0002 0005; sar 0003; observation 0004;
    //   staff-forum 0006; training-feedback 0007.
    // level: individual 0001 0005 0008; collective 0002 0004 0006; systemic 0003 0007.
    // theme: record-keeping 0001 0008; communication 0002 0003 0005; safeguarding 0003 0007;
    //   carers 0004; none 0006.
    // overdue: 0001 0005 0006 0007.
    assert_eq!(
        report["totals"],
        json!({
            "actions": 8,
            "overdue": 4,
            "by_status": {"agreed": 1, "cancelled": 1, "completed": 2, "in-progress": 2, "proposed": 2},
            "by_source": {"audit": 2, "complaint": 2, "observation": 1, "sar": 1, "staff-forum": 1, "training-feedback": 1},
            "by_level": {"collective": 3, "individual": 3, "systemic": 2},
            "by_theme": {"carers": 1, "communication": 3, "record-keeping": 2, "safeguarding": 2},
            "without_theme": 1
        })
    );
}

#[test]
fn totals_follow_the_period_and_filters() {
    let report = tracker(&["--format", "json", "--period", "2025-05"]).ok_json();
    // In May 2025: 0001, 0003, 0004, 0006, 0008 (see period_membership_edges).
    // status: in-progress 0001; completed 0003; agreed 0004; proposed 0006; cancelled 0008.
    // source: audit 0001 0008; sar 0003; observation 0004; staff-forum 0006.
    // level: individual 0001 0008; systemic 0003; collective 0004 0006.
    // theme: record-keeping 0001 0008; safeguarding 0003; communication 0003; carers 0004;
    //   none 0006. Overdue: 0001 and 0006 (30 days each).
    assert_eq!(
        report["totals"],
        json!({
            "actions": 5,
            "overdue": 2,
            "by_status": {"agreed": 1, "cancelled": 1, "completed": 1, "in-progress": 1, "proposed": 1},
            "by_source": {"audit": 2, "observation": 1, "sar": 1, "staff-forum": 1},
            "by_level": {"collective": 2, "individual": 2, "systemic": 1},
            "by_theme": {"carers": 1, "communication": 1, "record-keeping": 2, "safeguarding": 1},
            "without_theme": 1
        })
    );
}

// ------------------------------------------------------------------------------------------
// --period (SPEC §10)
// ------------------------------------------------------------------------------------------

#[test]
fn period_membership_edges() {
    // May 2025 is 2025-05-01 to 2025-05-31.
    //  0001 agreed 02-20, open                 → in
    //  0002 completed 04-30, before the start  → out
    //  0003 completed 05-01, the first day     → in
    //  0004 agreed 05-31, the last day         → in
    //  0005 agreed 06-01, after the end        → out
    //  0006 no agreed date, due 05-31          → in (the due date decides)
    //  0007 no agreed date, due 06-01          → out
    //  0008 agreed 03-10, cancelled, never completed → in
    assert_eq!(
        ids(&["--period", "2025-05"]),
        ["0008", "0001", "0006", "0003", "0004"]
    );
}

#[test]
fn the_resolved_period_is_in_every_report() {
    let report = tracker(&["--format", "json", "--period", "FY2025-26-Q1"]).ok_json();
    assert_eq!(
        report["period"],
        json!({"start": "2025-04-01", "end": "2025-06-30", "label": "FY2025-26-Q1"})
    );
    assert_eq!(
        tracker(&["--format", "json"]).ok_json()["period"],
        Value::Null
    );
    let table = tracker(&["--period", "last-month"]);
    // As-of 2025-06-30: last month is May.
    assert!(
        table
            .stdout
            .contains("Period: last-month (2025-05-01 to 2025-05-31)"),
        "{}",
        table.stdout
    );
    let markdown = tracker(&["--format", "markdown"]);
    assert!(
        markdown
            .stdout
            .contains("Period: all actions (no --period)")
    );
}

#[test]
fn a_period_before_everything_lists_nothing() {
    // Every action is agreed (or due) in 2025.
    assert!(ids(&["--period", "2024"]).is_empty());
    let table = tracker(&["--period", "2024"]);
    assert_eq!(table.status, 0);
    assert!(
        table.stdout.contains("No actions match."),
        "{}",
        table.stdout
    );
}

// ------------------------------------------------------------------------------------------
// Filters
// ------------------------------------------------------------------------------------------

#[test]
fn each_filter() {
    // status in-progress: 0001 (due 05-31), 0005 (06-20).
    assert_eq!(ids(&["--status", "in-progress"]), ["0001", "0005"]);
    // owner jsmith: 0008 (04-30), 0001 (05-31), 0007 (06-01), 0004 (07-31).
    assert_eq!(
        ids(&["--owner", "jsmith"]),
        ["0008", "0001", "0007", "0004"]
    );
    // theme communication: 0002 (03-31), 0005 (06-20), 0003 (06-30).
    assert_eq!(ids(&["--theme", "communication"]), ["0002", "0005", "0003"]);
    // source complaint: 0002, 0005.
    assert_eq!(ids(&["--source", "complaint"]), ["0002", "0005"]);
}

#[test]
fn filters_combine() {
    // jsmith's actions in May 2025: 0008, 0001, 0004 (0007 is due 06-01, out).
    assert_eq!(
        ids(&["--owner", "jsmith", "--period", "2025-05"]),
        ["0008", "0001", "0004"]
    );
    // Audit-sourced and cancelled: 0008 only.
    assert_eq!(
        ids(&["--source", "audit", "--status", "cancelled"]),
        ["0008"]
    );
    // Safeguarding and proposed: 0007.
    assert_eq!(
        ids(&["--theme", "safeguarding", "--status", "proposed"]),
        ["0007"]
    );
    let report = tracker(&["--format", "json", "--owner", "jsmith", "--theme", "carers"]).ok_json();
    assert_eq!(
        report["filters"],
        json!({"status": null, "owner": "jsmith", "theme": "carers", "source": null})
    );
}

#[test]
fn unknown_filter_values_are_usage_errors_listing_the_allowed_ones() {
    let status = tracker(&["--status", "done"]);
    assert_eq!(status.status, 2);
    assert_eq!(
        status.stderr,
        "error: `done` is not an action status; the statuses are: proposed, agreed, in-progress, completed, not-implemented, cancelled\n"
    );
    let source = tracker(&["--source", "complain"]);
    assert_eq!(source.status, 2);
    assert_eq!(
        source.stderr,
        "error: `complain` is not an action source type (did you mean `complaint`?); the source types are: audit, complaint, compliment, sar, imr, leder, malr, ombudsman, coroner, cqc, observation, reflective-presentation, people-participation, training-feedback, staff-forum, peer-review, other\n"
    );
    // The fixture has a theme vocabulary, so a theme outside it is a typo.
    let theme = tracker(&["--theme", "safeguard"]);
    assert_eq!(theme.status, 2);
    assert!(
        theme.stderr.contains("did you mean `safeguarding`?"),
        "{}",
        theme.stderr
    );
    // Issue 12: an owner no one is refused, as `overdue --owner` is (one check for both).
    let owner = tracker(&["--owner", "jsmiht"]);
    assert_eq!(owner.status, 2);
    assert_eq!(
        owner.stderr,
        "error: `jsmiht` is not a staff id in the roster or the owner of any record — did you mean `jsmith`?\n"
    );
    let period = tracker(&["--period", "2025-Q5"]);
    assert_eq!(period.status, 2);
    assert!(
        period
            .stderr
            .starts_with("error: `2025-Q5` is not a period")
    );
    for run in [status, source, theme, period] {
        assert_eq!(run.stdout, "");
    }
}

// ------------------------------------------------------------------------------------------
// Formats
// ------------------------------------------------------------------------------------------

#[test]
fn table_snapshot() {
    let run = tracker(&[]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("table", run.stdout);
}

#[test]
fn json_snapshot() {
    let run = tracker(&["--format", "json", "--period", "2025-05"]);
    assert_eq!(run.status, 0);
    let report = run.ok_json();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["as_of"], AS_OF);
    assert_eq!(report["excluded"], 0);
    insta::assert_snapshot!("json", run.stdout);
}

#[test]
fn csv_snapshot() {
    let run = tracker(&["--format", "csv"]);
    assert_eq!(run.status, 0);
    // A byte-order mark for Excel unless --no-bom; the title "=Rota…" is guarded.
    assert!(run.stdout.starts_with('\u{feff}'));
    assert!(run.stdout.contains(",'=Rota for duty cover,"));
    insta::assert_snapshot!("csv", run.stdout);
    let bare = tracker(&["--format", "csv", "--no-bom"]);
    assert_eq!(bare.stdout, run.stdout.trim_start_matches('\u{feff}'));
}

#[test]
fn markdown_snapshot() {
    let run = tracker(&["--format", "markdown", "--period", "2025-05"]);
    assert_eq!(run.status, 0);
    // A pipe in a title is escaped so that it does not split the cell.
    assert!(
        run.stdout
            .contains("Multi-agency safeguarding \\| escalation route")
    );
    insta::assert_snapshot!("markdown", run.stdout);
}

#[test]
fn json_is_identical_across_runs() {
    assert_eq!(
        tracker(&["--format", "json"]).stdout,
        tracker(&["--format", "json"]).stdout
    );
}

// ------------------------------------------------------------------------------------------
// --out and xlsx
// ------------------------------------------------------------------------------------------

#[test]
fn out_writes_the_file_and_says_so_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracker with spaces.csv");
    let run = tracker(&["--format", "csv", "--out", path.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("wrote {}\n", path.display()));
    let written = fs::read_to_string(&path).unwrap();
    assert_eq!(written, tracker(&["--format", "csv"]).stdout);
    // -q: nothing on stderr either.
    let quiet = run_quiet(&["--format", "json", "--out", path.to_str().unwrap()]);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        tracker(&["--format", "json"]).stdout
    );
}

fn run_quiet(args: &[&str]) -> Run {
    Run::of(qaledger_on(&fixture()).args(["-q", "tracker"]).args(args))
}

#[test]
fn a_table_written_to_a_file_has_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracker.txt");
    let run =
        Run::of(qaledger_coloured(&fixture()).args(["tracker", "--out", path.to_str().unwrap()]));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let written = fs::read_to_string(&path).unwrap();
    assert!(!written.contains('\u{1b}'));
    assert_eq!(written, tracker(&[]).stdout);
}

#[test]
fn xlsx_needs_out() {
    let run = tracker(&["--format", "xlsx"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: --format xlsx writes a workbook, not text: add --out FILE.xlsx\n"
    );
    assert_eq!(run.stdout, "");
}

fn workbook(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracker.xlsx");
    let mut all = vec!["--format", "xlsx", "--out", path.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = tracker(&all);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    fs::read(&path).unwrap()
}

/// A cell as text for comparison: strings as they are, numbers without ".0", dates as
/// `date:SERIAL`, blanks as "".
fn show(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::DateTime(d) => format!("date:{}", d.as_f64()),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn xlsx_is_a_real_workbook() {
    let bytes = workbook(&[]);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Tracker", "Totals"]);

    let sheet = book.worksheet_range("Tracker").unwrap();
    // A header row and one row per action.
    // 16 columns (the owner's id, then their name), then the record's schema problems.
    assert_eq!(sheet.get_size(), (1 + 8, 17));
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(show).collect();
    assert_eq!(
        header,
        [
            "Id",
            "Title",
            "Source",
            "Source refs",
            "Level",
            "Owner",
            "Owner name",
            "Team",
            "Agreed by",
            "Agreed on",
            "Due",
            "Status",
            "Completed",
            "Days overdue",
            "Impact",
            "Themes",
            "Problems"
        ]
    );
    assert_eq!(show(sheet.get((1, 16)).unwrap()), "0");
    // The first row is ACT-2025-0002, due 2025-03-31: Excel serial 45747 (2025-01-01 is
    // 45658; January and February add 59 days, and 30 more reach 31 March).
    let due = sheet.get((1, 10)).unwrap();
    assert!(due.is_datetime(), "{due:?}");
    assert_eq!(show(due), "date:45747");
    assert_eq!(show(sheet.get((1, 0)).unwrap()), "ACT-2025-0002");
    // The third row is ACT-2025-0001, 30 days overdue, a number.
    assert_eq!(show(sheet.get((3, 0)).unwrap()), "ACT-2025-0001");
    assert_eq!(sheet.get((3, 13)), Some(&Data::Float(30.0)));
    // Lists are joined.
    assert_eq!(
        show(sheet.get((7, 15)).unwrap()),
        "safeguarding; communication"
    );

    let totals = book.worksheet_range("Totals").unwrap();
    let lines: Vec<String> = totals
        .rows()
        .map(|r| {
            r.iter()
                .map(show)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" = ")
        })
        .collect();
    // The same counts as totals_over_every_action; as-of 2025-06-30 is serial 45838 (45658
    // + 180 days: 31 + 28 + 31 + 30 + 31 + 29).
    assert_eq!(
        lines,
        [
            "Learning From tracker",
            "As of = date:45838",
            "Period = all actions",
            "Actions = 8",
            "Overdue = 4",
            "Left out (see qaledger check) = 0",
            "",
            "Status = Actions",
            "agreed = 1",
            "cancelled = 1",
            "completed = 2",
            "in-progress = 2",
            "proposed = 2",
            "",
            "Source = Actions",
            "audit = 2",
            "complaint = 2",
            "observation = 1",
            "sar = 1",
            "staff-forum = 1",
            "training-feedback = 1",
            "",
            "Level = Actions",
            "collective = 3",
            "individual = 3",
            "systemic = 2",
            "",
            "Theme = Actions",
            "carers = 1",
            "communication = 3",
            "record-keeping = 2",
            "safeguarding = 2",
            "(no theme) = 1",
        ]
    );
}

/// The rows are an Excel Table named `Actions` on the Tracker sheet (what Power BI and Excel
/// list), and the sheet prints A4 landscape, one page wide, its header row on every page.
#[test]
fn xlsx_rows_are_a_named_table_and_print_landscape_one_page_wide() {
    let bytes = workbook(&[]);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    book.load_tables().unwrap();
    assert_eq!(book.table_names(), ["Actions"]);
    let table = book.table_by_name("Actions").unwrap();
    assert_eq!(table.sheet_name(), "Tracker");
    assert_eq!(table.columns().len(), 17);
    assert_eq!(table.columns()[0], "Id");
    assert_eq!(table.columns()[16], "Problems");
    // The 8 actions, the first ACT-2025-0002 (as in xlsx_is_a_real_workbook).
    assert_eq!(table.data().get_size(), (8, 17));
    assert_eq!(show(table.data().get((0, 0)).unwrap()), "ACT-2025-0002");

    let part = crate::common::workbook_part(&bytes, "xl/tables/table1.xml");
    assert!(part.contains(r#"ref="A1:Q9""#), "{part}");
    let sheet = crate::common::workbook_part(&bytes, "xl/worksheets/sheet1.xml");
    // A4 is paper size 9; fit to 1 page wide and any number tall.
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(
        sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        "{sheet}"
    );
    // No sheet autofilter beside the table's own (Excel refuses the two together).
    assert!(!sheet.contains("<autoFilter"), "{sheet}");
    let workbook_xml = crate::common::workbook_part(&bytes, "xl/workbook.xml");
    assert!(
        workbook_xml.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">Tracker!$1:$1</definedName>"#
        ),
        "{workbook_xml}"
    );
}

/// A tracker with no rows is still a table (Excel's tables hold at least one row, here blank).
#[test]
fn xlsx_of_no_actions_is_an_empty_table() {
    let bytes = workbook(&["--period", "2020"]);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    book.load_tables().unwrap();
    let table = book.table_by_name("Actions").unwrap();
    assert_eq!(table.columns()[0], "Id");
    assert!(
        table.data().rows().flatten().all(|c| *c == Data::Empty),
        "{:?}",
        table.data()
    );
}

#[test]
fn xlsx_shows_the_period_and_is_reproducible() {
    let bytes = workbook(&["--period", "2025-05"]);
    assert_eq!(bytes, workbook(&["--period", "2025-05"]));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let totals = book.worksheet_range("Totals").unwrap();
    // 2025-05-01 is 45658 + 120 (31 + 28 + 31 + 30); 2025-05-31 is 30 days later.
    let head: Vec<String> = totals
        .rows()
        .skip(2)
        .take(4)
        .map(|r| r.iter().map(show).collect::<Vec<_>>().join(" = "))
        .collect();
    assert_eq!(
        head,
        [
            "Period = 2025-05",
            "From = date:45778",
            "To = date:45808",
            "Actions = 5"
        ]
    );
    let sheet = book.worksheet_range("Tracker").unwrap();
    assert_eq!(sheet.get_size().0, 1 + 5);
}

// ------------------------------------------------------------------------------------------
// Invalid records, and the example repository
// ------------------------------------------------------------------------------------------

#[test]
fn invalid_actions_are_listed_marked_unless_their_due_date_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    // No title, learning or action: 3 schema problems, in fields no deadline reads. Due
    // 2025-01-01: 180 days overdue at 2025-06-30 (31 + 28 + 31 + 30 + 31 + 29).
    fs::write(
        dir.path().join("records/actions/2025/ACT-2025-0009.yaml"),
        "id: ACT-2025-0009\nsource: {type: other}\nlevel: individual\nowner: jsmith\ndue: 2025-01-01\nstatus: agreed\n",
    )
    .unwrap();
    // A due date that is no date: its completion deadline cannot be computed, so no row.
    fs::write(
        dir.path().join("records/actions/2025/ACT-2025-0010.yaml"),
        "id: ACT-2025-0010\ntitle: t\nlearning: l\naction: a\nsource: {type: other}\nlevel: individual\nowner: jsmith\ndue: soon\nstatus: agreed\n",
    )
    .unwrap();
    let json = Run::of(qaledger_on(dir.path()).args(["tracker", "--format", "json"]));
    assert_eq!(json.status, 0, "{}", json.stderr);
    let report = json.json();
    assert_eq!(report["excluded"], 1);
    assert_eq!(
        report["excluded_records"][0]["path"],
        "records/actions/2025/ACT-2025-0010.yaml"
    );
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let marked: Vec<_> = rows.iter().filter(|r| r["problems"] != 0).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(
        (
            &marked[0]["id"],
            &marked[0]["problems"],
            &marked[0]["days_overdue"]
        ),
        (&json!("ACT-2025-0009"), &json!(3), &json!(180))
    );
    assert_eq!(
        json.stderr,
        "warning: 1 record was left out in whole or part — run `qaledger check PATH` to see why:\n  \
         records/actions/2025/ACT-2025-0010.yaml (completion: `due` has a problem)\n"
    );
    let table = Run::of(qaledger_on(dir.path()).arg("tracker"));
    assert!(
        table.stdout.contains(
            "\n1 record was left out in whole or part — run `qaledger check PATH` to see why:\n\
             records/actions/2025/ACT-2025-0010.yaml (completion: `due` has a problem)\n"
        ),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("┆ ! ACT-2025-0009 ┆"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains(
            "\n! ACT-2025-0009: this record has 3 YAML or schema problems — run `qaledger check \
             records/actions/2025/ACT-2025-0009.yaml`\n"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn the_northshire_example_runs() {
    let root = manifest_dir().join("examples/northshire");
    let run = Run::of(qaledger_on(&root).args(["tracker", "--format", "json"]));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = run.json();
    let rows = report["rows"].as_array().unwrap();
    // The example is clean (tests/it/check.rs), and has 18 + 24 + 19 action files in
    // records/actions/{2023,2024,2025}.
    assert_eq!(report["excluded"], 0);
    assert_eq!(rows.len(), 61);
    assert_eq!(report["totals"]["actions"], rows.len());
}

// ------------------------------------------------------------------------------------------
// Two files holding one id (issue 13): each row keeps its own record's deadline
// ------------------------------------------------------------------------------------------

/// The `duplicate-id` fixture (two files holding ACT-2025-0001, both due 2025-09-30), with the
/// 2024 copy due 2025-05-01 instead. The views skip cross-record checks, so both reach them.
fn duplicate_ids() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/duplicate-id"),
        dir.path(),
    );
    let early = dir.path().join("records/actions/2024/ACT-2025-0001.yaml");
    let text = fs::read_to_string(&early).unwrap();
    assert!(text.contains("\ndue: 2025-09-30\n"));
    fs::write(
        &early,
        text.replace("\ndue: 2025-09-30\n", "\ndue: 2025-05-01\n"),
    )
    .unwrap();
    dir
}

#[test]
fn a_duplicated_id_keeps_each_files_own_days_overdue() {
    let dir = duplicate_ids();
    let report = Run::of(qaledger_on(dir.path()).args(["tracker", "--format", "json"])).ok_json();
    let rows: Vec<(&str, &str, &Value)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap(),
                r["due"].as_str().unwrap(),
                &r["days_overdue"],
            )
        })
        .collect();
    // Worked out by hand at 2025-06-30: May 1 to June 30 is 30 + 30 = 60 days overdue; the
    // copy due 2025-09-30 is not yet due, so it has none (it was given the other's 60).
    assert_eq!(
        rows,
        [
            (
                "records/actions/2024/ACT-2025-0001.yaml",
                "2025-05-01",
                &json!(60)
            ),
            (
                "records/actions/2025/ACT-2025-0001.yaml",
                "2025-09-30",
                &Value::Null
            ),
        ]
    );
    assert_eq!(report["totals"]["overdue"], 1);
}

#[test]
fn the_other_views_keep_each_files_own_deadline_under_a_duplicated_id() {
    let dir = duplicate_ids();
    let run = |args: &[&str]| Run::of(qaledger_on(dir.path()).args(args));
    // overdue: only the copy due 2025-05-01, 60 days overdue.
    let overdue = run(&["overdue", "--format", "json"]).ok_json();
    let items: Vec<(&str, i64)> = overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["path"].as_str().unwrap(), i["days"].as_i64().unwrap()))
        .collect();
    assert_eq!(items, [("records/actions/2024/ACT-2025-0001.yaml", 60)]);
    // The calendar feed: one event per file, the second file's UID marked `#2`, so that a
    // calendar does not merge them (the first keeps the UID it would have alone).
    let ics = run(&["overdue", "--within", "100 days", "--format", "ics"]);
    assert_eq!(ics.status, 0, "{}", ics.stderr);
    let uids: Vec<&str> = ics
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    assert_eq!(
        uids,
        [
            "action-ACT-2025-0001-completion@qaledger",
            "action-ACT-2025-0001-completion#2@qaledger"
        ]
    );
    // show ID: the first file by path (2024), with its own deadline only, and a warning
    // naming the other.
    let shown = run(&["show", "ACT-2025-0001", "--format", "json"]);
    let json = shown.ok_json();
    assert_eq!(json["path"], "records/actions/2024/ACT-2025-0001.yaml");
    let dues: Vec<&str> = json["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["deadline"] == "completion")
        .map(|d| d["due"].as_str().unwrap())
        .collect();
    assert_eq!(dues, ["2025-05-01"]);
    assert!(
        shown.stderr.contains(
            "warning: 2 records have the id `ACT-2025-0001`; this is \
             records/actions/2024/ACT-2025-0001.yaml, the others are \
             records/actions/2025/ACT-2025-0001.yaml (run `qaledger check`)"
        ),
        "{}",
        shown.stderr
    );
}
