//! `qaledger import`: spreadsheets and rules files into records. The acceptance test of issue
//! 15 (init, import the three examples, check clean, overdue lists what the sheets say is late,
//! importing again changes nothing, an NHS number refused at its cell), then one test per
//! mapping feature and per refusal, and workbooks written by rust_xlsxwriter and LibreOffice.

use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

use crate::common::{Run, manifest_dir, qaledger_at};

/// The examples' as-of date: the day the sheets were exported.
const AS_OF: &str = "2025-09-30";

fn examples() -> PathBuf {
    manifest_dir().join("examples/import")
}

/// A new repository made by `qaledger init`, in a temporary folder.
fn init() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = Run::of(
        qaledger_at(AS_OF)
            .current_dir(dir.path())
            .args(["init", "demo"]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let root = dir.path().join("demo");
    (dir, root)
}

fn import(root: &Path, file: &Path, rules: &Path, extra: &[&str]) -> Run {
    Run::of(
        qaledger_at(AS_OF)
            .arg("--root")
            .arg(root)
            .arg("import")
            .arg(file)
            .arg("--rules")
            .arg(rules)
            .args(extra),
    )
}

fn example(root: &Path, name: &str, file: &str, extra: &[&str]) -> Run {
    import(
        root,
        &examples().join(file),
        &examples().join(format!("{name}.rules.toml")),
        extra,
    )
}

/// Every file under `records/`, with its text, sorted.
fn records(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![root.join("records")];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                if rel.ends_with(".gitkeep") {
                    continue;
                }
                out.push((rel, fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The example Learning From tracker, as a council's workbook holds it: a merged title row, a
/// row of merged group headings, the titles in row 3, UK dates typed as text, date cells, an
/// Excel serial number, free-text statuses, owners by full name, and a totals row.
pub fn tracker_workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Tracker").unwrap();
    let centred = Format::new().set_bold().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .merge_range(
            0,
            0,
            0,
            10,
            "Northshire ASC: Learning From tracker 2025/26",
            &centred,
        )
        .unwrap();
    sheet.merge_range(1, 1, 1, 3, "Learning", &centred).unwrap();
    sheet.merge_range(1, 6, 1, 7, "Dates", &centred).unwrap();
    let titles = [
        "Ref",
        "Title",
        "What we learned",
        "Action",
        "Source",
        "Owner",
        "Date agreed",
        "Due date",
        "Status",
        "Completed",
        "Themes",
    ];
    for (c, t) in titles.iter().enumerate() {
        sheet
            .write_string(2, u16::try_from(c).unwrap(), *t)
            .unwrap();
    }
    let text_rows: [[&str; 6]; 4] = [
        [
            "LF-001",
            "Recording consent",
            "Consent was not recorded in 4 of 20 audited cases",
            "Practice briefing on recording consent",
            "Audit",
            "Tom Reid",
        ],
        [
            "LF-002",
            "Carers' assessments after discharge",
            "Carers were not offered an assessment after hospital discharge",
            "Add the carer's assessment offer to the discharge checklist",
            "Complaint",
            "Aisha Khan",
        ],
        [
            "LF-003",
            "Financial assessment letters",
            "Letters did not explain how charges were worked out",
            "Rewrite the financial assessment letter with people who use services",
            "complaint",
            "jo.smith@northshire.example",
        ],
        [
            "LF-004",
            "Transitions planning",
            "Planning for young people moving to adult services started late",
            "Start transition planning at 16 with children's services",
            "Practice observation",
            "PRIYA SHAH",
        ],
    ];
    for (r, row) in text_rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap() + 3;
        for (c, value) in row.iter().enumerate() {
            sheet
                .write_string(r, u16::try_from(c).unwrap(), *value)
                .unwrap();
        }
    }
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();
    // LF-001: agreed as UK text, due and completed as date cells, complete.
    sheet.write_string(3, 6, "12/03/2025").unwrap();
    sheet
        .write_datetime_with_format(3, 7, day(2025, 6, 30), &date)
        .unwrap();
    sheet.write_string(3, 8, "Complete").unwrap();
    sheet
        .write_datetime_with_format(3, 9, day(2025, 7, 10), &date)
        .unwrap();
    sheet.write_string(3, 10, "consent; recording").unwrap();
    // LF-002: overdue, in the tracker's words.
    sheet
        .write_datetime_with_format(4, 6, day(2025, 5, 7), &date)
        .unwrap();
    sheet.write_string(4, 7, "31/07/2025").unwrap();
    sheet.write_string(4, 8, "Overdue").unwrap();
    sheet.write_string(4, 10, "carers").unwrap();
    // LF-003: written date, on track.
    sheet.write_string(5, 6, "2 Apr 2025").unwrap();
    sheet.write_string(5, 7, "30/11/2025").unwrap();
    sheet.write_string(5, 8, "On track ").unwrap();
    sheet.write_string(5, 10, "care-charges").unwrap();
    // LF-004: ISO text agreed, due as a bare serial number (45900 = 2025-08-31), late.
    sheet.write_string(6, 6, "2025-04-15").unwrap();
    sheet.write_number(6, 7, 45900).unwrap();
    sheet.write_string(6, 8, "LATE").unwrap();
    sheet.write_string(6, 10, "transitions").unwrap();
    // The totals row.
    sheet.write_string(7, 0, "Total").unwrap();
    sheet.write_string(7, 1, "4 actions, 2 overdue").unwrap();
    book.save(path).unwrap();
}

/// The committed example workbook holds what the generator writes (cell by cell: a workbook's
/// bytes carry the time it was made). `QALEDGER_WRITE_EXAMPLES=1` writes it again.
#[test]
fn the_example_workbook_is_the_generators() {
    let committed = examples().join("tracker.xlsx");
    if std::env::var_os("QALEDGER_WRITE_EXAMPLES").is_some() {
        tracker_workbook(&committed);
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("tracker.xlsx");
    tracker_workbook(&fresh);
    let read = |p: &Path| {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(p).unwrap();
        let range = book.worksheet_range("Tracker").unwrap();
        (
            range.start(),
            range.rows().map(|r| format!("{r:?}")).collect::<Vec<_>>(),
        )
    };
    assert_eq!(read(&committed), read(&fresh));
}

/// Issue 15's "done means", as a new user would try it.
#[test]
fn a_new_repository_takes_the_three_examples_and_passes_check() {
    let (_dir, root) = init();
    for (name, file) in [
        ("staff", "staff.csv"),
        ("complaints", "complaints.csv"),
        ("tracker", "tracker.xlsx"),
    ] {
        let dry = example(&root, name, file, &[]);
        assert_eq!(
            dry.status, 0,
            "{name} dry run:\n{}{}",
            dry.stdout, dry.stderr
        );
        assert!(
            dry.stderr.contains("dry run: nothing was written"),
            "{}",
            dry.stderr
        );
        let written = example(&root, name, file, &["--write"]);
        assert_eq!(
            written.status, 0,
            "{name}:\n{}{}",
            written.stdout, written.stderr
        );
    }
    let files = records(&root);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "records/actions/2025/ACT-2025-0001.yaml",
            "records/actions/2025/ACT-2025-0002.yaml",
            "records/actions/2025/ACT-2025-0003.yaml",
            "records/actions/2025/ACT-2025-0004.yaml",
            "records/complaints/2025/CMP-2025-0001.yaml",
            "records/complaints/2025/CMP-2025-0002.yaml",
            "records/complaints/2025/CMP-2025-0003.yaml",
            "records/complaints/2025/CMP-2025-0004.yaml",
            "records/staff/aisha.khan.yaml",
            "records/staff/jo.smith.yaml",
            "records/staff/priya.shah.yaml",
            "records/staff/sam.patel.yaml",
            "records/staff/tom.reid.yaml",
        ]
    );
    let check = Run::of(qaledger_at(AS_OF).arg("--root").arg(&root).arg("check"));
    assert_eq!(check.status, 0, "{}{}", check.stdout, check.stderr);
    assert!(!check.stdout.contains("warning"), "{}", check.stdout);

    // What the sheets say is late on 30 September 2025: the tracker's "Overdue" and "LATE"
    // rows (due 31 July and 31 August), C-1042 (received Monday 18 August: 20 working days,
    // leaving out the 25 August bank holiday, end on 16 September) and Aisha Khan, last supervised on 11 June (6 weeks: 23 July).
    // Tom Reid's 2021 AMHP approval (5 years) and everyone supervised since August are not.
    let overdue = Run::of(
        qaledger_at(AS_OF)
            .arg("--root")
            .arg(&root)
            .args(["overdue", "--format", "json"]),
    );
    let json = overdue.json();
    let mut late: Vec<String> = json["items"]
        .as_array()
        .or_else(|| json.as_array())
        .unwrap_or_else(|| panic!("{json}"))
        .iter()
        .map(|i| {
            format!(
                "{} {} {}",
                i["id"].as_str().unwrap_or("?"),
                i["deadline"].as_str().unwrap_or("?"),
                i["due"].as_str().unwrap_or("?")
            )
        })
        .collect();
    late.sort();
    assert_eq!(
        late,
        [
            "ACT-2025-0002 completion 2025-07-31",
            "ACT-2025-0004 completion 2025-08-31",
            "CMP-2025-0002 response 2025-09-16",
            "aisha.khan supervision 2025-07-23",
        ]
    );

    // Importing again changes nothing.
    for (name, file) in [
        ("staff", "staff.csv"),
        ("complaints", "complaints.csv"),
        ("tracker", "tracker.xlsx"),
    ] {
        let again = example(&root, name, file, &["--write"]);
        assert_eq!(again.status, 0, "{}", again.stderr);
        assert!(again.stdout.is_empty(), "{name}: {}", again.stdout);
        assert!(
            again.stderr.contains("0 to create, 0 to update")
                || again.stderr.contains("0 created, 0 updated"),
            "{}",
            again.stderr
        );
    }
    assert_eq!(records(&root), files);

    // A row with an NHS number in its notes is refused at its cell, and nothing of it written.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("complaints.csv");
    fs::write(
        &csv,
        "Case No.,Date Received,Category,Investigating Officer,Current Stage,Acknowledged,Date Responded,Learning form completed,Outcome,Themes,Summary\n\
         C-1050,23/09/2025,Complaint,Tom Reid,Open,,,,,,Mr X (NHS number 943 476 5919) waited for a reablement visit\n",
    )
    .unwrap();
    let refused = import(
        &root,
        &csv,
        &examples().join("complaints.rules.toml"),
        &["--write"],
    );
    assert_eq!(refused.status, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stdout.starts_with("complaints.csv!K2: summary: "),
        "{}",
        refused.stdout
    );
    assert!(
        !refused.stdout.contains("943 476 5919"),
        "{}",
        refused.stdout
    );
    assert_eq!(records(&root), files);
}
