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

/// A new repository whose roster holds Jo Smith twice (jsmith, jsmith2) and Tom Reid.
fn with_roster() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = init();
    let staff = [
        ("jsmith", "Jo Smith", "jo.smith@example.org"),
        ("jsmith2", "Jo Smith", "joanne.smith@example.org"),
        ("treid", "Tom Reid", "tom.reid@example.org"),
    ];
    for (id, name, email) in staff {
        fs::write(
            root.join(format!("records/staff/{id}.yaml")),
            format!("id: {id}\nname: {name}\nemail: {email}\nrole: social-worker\nstarted: 2020-01-06\nsupervision_last_before_records: 2025-09-01\n"),
        )
        .unwrap();
    }
    (dir, root)
}

/// Complaint rules over a small CSV: the mapping features one by one.
const RULES: &str = r#"
kind = "complaint"
key = "Ref"
source = "log"
separator = ";"

[fields]
received = "Received"
type = { value = "complaint" }
handler = { column = "Handler", staff = true }
status = { column = "Stage", default = "open", map = { "Live" = "open", "Answered" = "responded", "Done" = "closed" } }
responded = "Responded"
outcome = { column = "Outcome", map = { "Partly upheld" = "partly-upheld" } }
themes = "Themes"
"ombudsman.referred" = "Ombudsman"
summary = "Summary"
"#;

const HEADER: &str = "Ref,Received,Handler,Stage,Responded,Outcome,Themes,Ombudsman,Summary\n";

/// Writes the rules (with `extra` lines added at the top) and a CSV of `rows` under `dir`.
fn sheet(dir: &Path, extra: &str, rows: &str) -> (PathBuf, PathBuf) {
    let rules = dir.join("log.rules.toml");
    fs::write(&rules, format!("{extra}\n{RULES}")).unwrap();
    let csv = dir.join("log.csv");
    fs::write(&csv, format!("{HEADER}{rows}")).unwrap();
    (csv, rules)
}

fn text_of(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn each_mapping_feature_makes_its_field() {
    let (dir, root) = with_roster();
    let (csv, rules) = sheet(
        dir.path(),
        "date_format = \"dd/mm/yyyy\"",
        "A1,03/02/2025,Tom Reid,answered,4 Mar 2025,Partly upheld,carers; housing ;,2025-05-01,Late reply\n\
         A2,2025-09-01,tom.reid@example.org,,,,,,Missed visit\n\
         A3,02/09/2025,treid,Live,,,,,Equipment\n",
    );
    let run = import(&root, &csv, &rules, &["--write"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        text_of(&root, "records/complaints/2025/CMP-2025-0001.yaml"),
        "# yaml-language-server: $schema=../../../schemas/complaint.schema.yaml\n\
         # imported from log: A1\n\
         id: CMP-2025-0001\ntype: complaint\nstatus: responded\nreceived: 2025-02-03\nhandler: treid\n\
         summary: Late reply\nthemes:\n  - carers\n  - housing\nresponded: 2025-03-04\noutcome: partly-upheld\n\
         ombudsman:\n  referred: 2025-05-01\n"
    );
    // An empty cell takes the default; an email and an id name the same person.
    let second = text_of(&root, "records/complaints/2025/CMP-2025-0002.yaml");
    assert!(
        second.contains("\nstatus: open\n") && second.contains("\nhandler: treid\n"),
        "{second}"
    );
    let third = text_of(&root, "records/complaints/2025/CMP-2025-0003.yaml");
    assert!(
        third.contains("\nstatus: open\n") && third.contains("\nhandler: treid\n"),
        "{third}"
    );
}

#[test]
fn each_refusal_names_its_cell_and_writes_nothing_of_the_row() {
    let (dir, root) = with_roster();
    let (csv, rules) = sheet(
        dir.path(),
        "",
        "B1,04/03/2025,Tom Reid,Open,,,,,Ambiguous date\n\
         B2,25/03/2025,Jo Smith,Open,,,,,Two Jo Smiths\n\
         B3,25/03/2025,Tom Reed,Open,,,,,Misspelt handler\n\
         B4,25/03/2025,Tom Reid,Answred,,,,,Misspelt stage\n\
         B5,25/03/2025,Tom Reid,Open,,Partly,,,Outcome in no map\n\
         ,25/03/2025,Tom Reid,Open,,,,,No key\n\
         B7,25/03/2025,Tom Reid,Answered,,,,,Responded without a date\n\
         B8,25/03/2025,Tom Reid,Open,,,,,Call 07700 900123 about it\n\
         B9,25/03/2025,Tom Reid,Open,,,,,The one good row\n\
         B9,25/03/2025,Tom Reid,Open,,,,,The same key again\n",
    );
    let run = import(&root, &csv, &rules, &["--write"]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("log.csv!"))
        .collect();
    let expected_starts = [
        "log.csv!B2: received: `04/03/2025` is ambiguous: 2025-03-04 (day first) or 2025-04-03 (month first)",
        "log.csv!C3: handler: `Jo Smith` could be any of Jo Smith (jsmith), Jo Smith (jsmith2): write their email address or staff id",
        "log.csv!C4: handler: `Tom Reed` is no one on the roster — did you mean `Tom Reid (treid)`?",
        "log.csv!D5: status: `Answred` matches nothing in the rules' map — did you mean `Answered`?",
        "log.csv!F6: outcome: `Partly` matches nothing in the rules' map",
        "log.csv!A7: no source key in this cell",
        "log.csv!E8: responded: ",
        "log.csv!I9: summary: ",
        "log.csv!10:10 (B9): created CMP-2025-0001",
        "log.csv!A11: the key `B9` is also on row 10",
    ];
    assert_eq!(lines.len(), expected_starts.len(), "{}", run.stdout);
    for (line, start) in lines.iter().zip(expected_starts) {
        assert!(
            line.starts_with(start),
            "{line}\n  does not start with\n{start}"
        );
    }
    assert!(!run.stdout.contains("07700 900123"), "{}", run.stdout);
    let written: Vec<String> = records(&root)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.contains("complaints"))
        .collect();
    assert_eq!(written, ["records/complaints/2025/CMP-2025-0001.yaml"]);
}

#[test]
fn importing_again_updates_what_changed_and_nothing_else() {
    let (dir, root) = with_roster();
    let rows = "C1,01/09/2025,Tom Reid,Live,,,,,First\nC2,02/09/2025,Tom Reid,Live,,,,,Second\n";
    let (csv, rules) = sheet(dir.path(), "date_format = \"dd/mm/yyyy\"", rows);
    assert_eq!(import(&root, &csv, &rules, &["--write"]).status, 0);
    let before = records(&root);
    let first = root.join("records/complaints/2025/CMP-2025-0001.yaml");
    let modified = fs::metadata(&first).unwrap().modified().unwrap();

    fs::write(
        &csv,
        format!("{HEADER}C1,01/09/2025,Tom Reid,Live,,,,,First\nC2,02/09/2025,Tom Reid,Answered,15/09/2025,,,,Second\nC3,03/09/2025,Tom Reid,Live,,,,,Third\n"),
    )
    .unwrap();
    let dry = import(&root, &csv, &rules, &[]);
    assert_eq!(dry.status, 0, "{}", dry.stderr);
    assert_eq!(
        dry.stdout,
        "log.csv!3:3 (C2): would update CMP-2025-0002: responded (none) → 2025-09-15; status open → responded\n\
         log.csv!4:4 (C3): would create CMP-2025-0003 records/complaints/2025/CMP-2025-0003.yaml\n"
    );
    assert!(
        dry.stderr
            .starts_with("log.csv: 3 rows → 1 to create, 1 to update, 1 unchanged, 0 refused\n"),
        "{}",
        dry.stderr
    );
    assert_eq!(records(&root), before, "a dry run writes nothing");
    let json = import(&root, &csv, &rules, &["--format", "json"]).ok_json();
    assert_eq!(json["written"], false);
    let actions: Vec<&str> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["unchanged", "update", "create"]);
    assert_eq!(
        json["rows"][1]["changes"],
        serde_json::json!([
            {"field": "responded", "before": null, "after": "2025-09-15"},
            {"field": "status", "before": "open", "after": "responded"}
        ])
    );

    assert_eq!(import(&root, &csv, &rules, &["--write"]).status, 0);
    assert_eq!(
        fs::metadata(&first).unwrap().modified().unwrap(),
        modified,
        "an unchanged record is not rewritten"
    );
    let second = text_of(&root, "records/complaints/2025/CMP-2025-0002.yaml");
    assert!(
        second.contains("\nstatus: responded\n") && second.contains("\nresponded: 2025-09-15\n"),
        "{second}"
    );
    let again = import(&root, &csv, &rules, &["--write"]);
    assert_eq!(again.stdout, "");
    assert!(
        again.stderr.contains("0 created, 0 updated, 3 unchanged"),
        "{}",
        again.stderr
    );
}

#[test]
fn ids_from_a_column_keep_the_prefix_and_never_overwrite_a_record_the_key_does_not_name() {
    let (dir, root) = with_roster();
    fs::create_dir_all(root.join("records/complaints/2025")).unwrap();
    let mine = "id: CMP-2025-0007\ntype: complaint\nstatus: open\nreceived: 2025-09-01\nhandler: treid\nsummary: Typed in by hand\n";
    fs::write(
        root.join("records/complaints/2025/CMP-2025-0007.yaml"),
        mine,
    )
    .unwrap();
    let (csv, rules) = sheet(
        dir.path(),
        "date_format = \"dd/mm/yyyy\"",
        "CMP-2025-0007,01/09/2025,Tom Reid,Live,,,,,From the sheet\nACT-2025-0001,01/09/2025,Tom Reid,Live,,,,,Wrong kind\nCMP-2025-0008,01/09/2025,Tom Reid,Live,,,,,New\n",
    );
    // Ids from the Ref column (a table after [fields] is still the file's own).
    let text = fs::read_to_string(&rules).unwrap();
    fs::write(&rules, format!("{text}\n[id]\ncolumn = \"Ref\"\n")).unwrap();
    let run = import(&root, &csv, &rules, &["--write"]);
    assert_eq!(run.status, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("log.csv!2:2: id: CMP-2025-0007 is already records/complaints/2025/CMP-2025-0007.yaml, which this sheet's row `CMP-2025-0007` did not make: qaledger will not overwrite it"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "log.csv!A3: id: `ACT-2025-0001` is not an id of complaint records (CMP-YYYY-NNNN)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("log.csv!4:4 (CMP-2025-0008): created CMP-2025-0008"),
        "{}",
        run.stdout
    );
    assert_eq!(
        text_of(&root, "records/complaints/2025/CMP-2025-0007.yaml"),
        mine
    );
}

#[test]
fn rules_that_do_not_fit_the_sheet_stop_before_any_row() {
    let (dir, root) = with_roster();
    let (csv, rules) = sheet(dir.path(), "", "D1,01/09/2025,Tom Reid,Live,,,,,x\n");
    fs::write(
        &rules,
        fs::read_to_string(&rules)
            .unwrap()
            .replace("\"Handler\"", "\"Handlr\""),
    )
    .unwrap();
    let run = import(&root, &csv, &rules, &[]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("no column is titled `Handlr` in row 1 of log.csv — did you mean `Handler`?"),
        "{}",
        run.stderr
    );
    fs::write(
        &rules,
        fs::read_to_string(&rules)
            .unwrap()
            .replace("\"Handlr\"", "\"Handler\"")
            .replace("summary =", "sumary ="),
    )
    .unwrap();
    let run = import(&root, &csv, &rules, &[]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("fields.sumary: not a field of complaint records — did you mean `summary`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn commit_makes_one_commit_of_the_imported_files() {
    if !crate::common::git::available() {
        return;
    }
    let (dir, root) = with_roster();
    crate::common::git::run(&root, &["init", "-q", "-b", "main"]);
    crate::common::git::run(&root, &["add", "-A"]);
    crate::common::git::run(&root, &["commit", "-qm", "start"]);
    fs::write(root.join("unrelated.txt"), "staged, not imported\n").unwrap();
    crate::common::git::run(&root, &["add", "unrelated.txt"]);
    let (csv, rules) = sheet(
        dir.path(),
        "date_format = \"dd/mm/yyyy\"",
        "E1,01/09/2025,Tom Reid,Live,,,,,x\nE2,01/09/2025,Tom Reid,Live,,,,,y\n",
    );
    let run = import(&root, &csv, &rules, &["--write", "--commit"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let files = crate::common::git::run(&root, &["show", "--name-only", "--format=%s", "HEAD"]);
    assert_eq!(
        files.trim(),
        "Import 2 complaint records from log.csv (log)\n\n\
         records/complaints/2025/CMP-2025-0001.yaml\nrecords/complaints/2025/CMP-2025-0002.yaml"
    );
}

#[test]
fn suggest_rules_reads_the_header_row_into_a_starting_rules_file() {
    let (_dir, root) = init();
    let run = Run::of(
        qaledger_at(AS_OF)
            .arg("--root")
            .arg(&root)
            .arg("import")
            .arg(examples().join("tracker.xlsx"))
            .arg("--suggest-rules"),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    for line in [
        "kind = \"action\"",
        "sheet = \"Tracker\"",
        "header_row = 3",
        "key = \"Ref\"",
        "title = \"Title\"",
        "owner = { column = \"Owner\", staff = true }",
        "learning = \"What we learned\"",
        "\"source.type\" = \"Source\"",
        "\"agreed.date\" = \"Date agreed\"",
        "due = \"Due date\"",
        "status = \"Status\"",
        "completed = \"Completed\"",
        "themes = \"Themes\"",
        "date_format = \"dd/mm/yyyy\"",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "no `{line}` in\n{}",
            run.stdout
        );
    }
}

/// The example rules files are valid against the published JSON Schema, which editors use.
#[test]
fn the_example_rules_files_follow_the_rules_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(manifest_dir().join("docs/import-rules.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in ["staff", "complaints", "tracker"] {
        let text = fs::read_to_string(examples().join(format!("{name}.rules.toml"))).unwrap();
        let value: serde_json::Value =
            serde_json::to_value(toml::from_str::<toml::Value>(&text).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let bad: serde_json::Value = serde_json::json!({"kind": "action", "key": "Ref", "fields": {"title": {"column": "T", "value": "x"}}, "header": 2});
    assert!(!validator.is_valid(&bad));
}

/// A workbook saved by a real spreadsheet program: LibreOffice converts a CSV to .xlsx (its
/// dates become date cells); skipped, saying so, where it is not installed.
#[test]
fn an_xlsx_written_by_libreoffice_imports() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let (dir, root) = with_roster();
    let (csv, rules) = sheet(
        dir.path(),
        "date_format = \"dd/mm/yyyy\"",
        "F1,2025-09-01,Tom Reid,Live,,,carers;housing,,From LibreOffice\n",
    );
    let out = dir.path().join("out");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let converted = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out)
        .arg(&csv)
        .output()
        .unwrap();
    let xlsx = out.join("log.xlsx");
    if !xlsx.is_file() {
        println!(
            "skipped: LibreOffice did not convert ({})",
            String::from_utf8_lossy(&converted.stderr)
        );
        return;
    }
    let run = import(&root, &xlsx, &rules, &["--write"]);
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    let text = text_of(&root, "records/complaints/2025/CMP-2025-0001.yaml");
    assert!(
        text.contains("# imported from log: F1\n") && text.contains("\nreceived: 2025-09-01\n"),
        "{text}"
    );
    assert!(
        text.contains("themes:\n  - carers\n  - housing\n"),
        "{text}"
    );
}
