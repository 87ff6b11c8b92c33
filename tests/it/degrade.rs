//! Degrade, don't drop (SPEC §7), end to end on `tests/fixtures/degrade/` at 2025-06-30:
//!
//! - ACT-2025-0001 (jsmith, due 2025-06-16: 14 days overdue) misspells an optional field
//!   (`notse`), which no deadline reads: it is listed in every format, marked as a record
//!   with 1 problem;
//! - ACT-2025-0002 (jsmith) has `due: banana`: its completion deadline cannot be computed, so
//!   it is left out and named by path in every output's header, JSON `excluded_records`, the
//!   CSV, stderr and jsmith's digest;
//! - ACT-2025-0003 is not valid YAML (line 3): left out whole, named, in `_unassigned`.
//!
//! And a due date beyond the calendar's end is said, not dropped (a tempdir repository).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use serde_json::json;

use crate::common::{Run, manifest_dir, qaledger_at, qaledger_on};

const FIXTURE: &str = "tests/fixtures/degrade";
const ONE: &str = "records/actions/2025/ACT-2025-0001.yaml";
const BANANA: &str = "records/actions/2025/ACT-2025-0002.yaml";
const NOT_YAML: &str = "records/actions/2025/ACT-2025-0003.yaml";
const HEADLINE: &str =
    "2 records were left out in whole or part — run `qaledger check PATH` to see why:";
const BANANA_ENTRY: &str =
    "records/actions/2025/ACT-2025-0002.yaml (completion: `due` has a problem)";
const NOT_YAML_ENTRY: &str = "records/actions/2025/ACT-2025-0003.yaml (line 3: this is not \
                              valid YAML: illegal placement of ':' indicator)";
const NOTE: &str = "this record has 1 YAML or schema problem — run \
                    `qaledger check records/actions/2025/ACT-2025-0001.yaml`";

fn run(args: &[&str]) -> Run {
    Run::of(qaledger_on(&manifest_dir().join(FIXTURE)).args(args))
}

/// What every view prints on stderr: the headline and each entry, by path.
fn stderr_block() -> String {
    format!("warning: {HEADLINE}\n  {BANANA_ENTRY}\n  {NOT_YAML_ENTRY}\n")
}

#[test]
fn overdue_json_lists_the_marked_item_and_names_what_it_left_out() {
    let run = run(&["overdue", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["excluded"], 2);
    assert_eq!(
        json["excluded_records"],
        json!([
            {"path": BANANA, "kind": "action", "id": "ACT-2025-0002", "deadline": "completion",
             "owner": "jsmith", "team": "north", "reason": "`due` has a problem"},
            {"path": NOT_YAML, "kind": "action",
             "reason": "line 3: this is not valid YAML: illegal placement of ':' indicator"},
        ])
    );
    assert_eq!(
        json["items"],
        json!([{
            "kind": "action", "id": "ACT-2025-0001", "deadline": "completion",
            "due": "2025-06-16", "state": "overdue", "days": 14, "owner": "jsmith",
            "team": "north", "title": "Offer letters in the person's language",
            "path": ONE, "problems": 1
        }])
    );
    assert_eq!(run.stderr, stderr_block());
}

#[test]
fn overdue_table_marks_the_item_and_heads_with_what_it_left_out() {
    let run = run(&["overdue"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!(
            "{HEADLINE}\n  {BANANA_ENTRY}\n  {NOT_YAML_ENTRY}\n\nOverdue (1) at 2025-06-30\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("┆ ! action ACT-2025-0001 ┆"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with(&format!("\n\n! ACT-2025-0001: {NOTE}\n\n")),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, stderr_block());
}

#[test]
fn overdue_csv_has_the_problems_column_and_a_row_per_left_out() {
    let run = run(&["overdue", "--format", "csv", "--no-bom"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.replace("\r\n", "\n"),
        format!(
            "due,days,kind,id,deadline,owner,owner_name,team,title,path,problems,left_out\n\
             2025-06-16,14,action,ACT-2025-0001,completion,jsmith,,north,Offer letters in the person's language,{ONE},1,\n\
             ,,,ACT-2025-0002,completion,jsmith,,,,{BANANA},,`due` has a problem\n\
             ,,,,,,,,,{NOT_YAML},,line 3: this is not valid YAML: illegal placement of ':' indicator\n"
        )
    );
}

#[test]
fn overdue_markdown_marks_the_item_and_lists_what_it_left_out() {
    let run = run(&["overdue", "--format", "markdown"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let md = run.stdout;
    assert!(
        md.starts_with(&format!(
            "# Overdue and due soon at 2025-06-30\n\n{HEADLINE}\n\n\
             - records/actions/2025/ACT-2025-0002.yaml (completion: \\`due\\` has a problem)\n\
             - {NOT_YAML_ENTRY}\n\n"
        )),
        "{md}"
    );
    assert!(md.contains("| ! `ACT-2025-0001` | completion |"), "{md}");
    assert!(md.contains(&format!("- ! ACT-2025-0001: {NOTE}\n")), "{md}");
}

#[test]
fn overdue_ics_describes_the_problem_and_names_what_it_left_out() {
    let run = run(&["overdue", "--format", "ics"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ics = run.stdout.replace("\r\n ", "");
    assert!(
        ics.contains(&format!(
            "X-WR-CALDESC:{HEADLINE}\\n  {BANANA_ENTRY}\\n  {}\r\n",
            NOT_YAML_ENTRY
        )),
        "{ics}"
    );
    assert!(
        ics.contains("UID:action-ACT-2025-0001-completion@qaledger\r\n"),
        "{ics}"
    );
    assert!(ics.contains(&format!("\\nNote: {NOTE}\r\n")), "{ics}");
}

#[test]
fn fail_on_overdue_fails_on_what_it_left_out_too() {
    // The marked item is overdue: exit 1, and it is listed with its marker.
    let run = run(&["overdue", "--fail-on-overdue"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("! action ACT-2025-0001"),
        "{}",
        run.stdout
    );
    // Within team south nothing is overdue, but ACT-2025-0003's team cannot be read: it may
    // be south's, so it is named and the run fails.
    let run = self::run(&["overdue", "--fail-on-overdue", "--team", "south"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.contains(NOT_YAML), "{}", run.stdout);
    assert!(!run.stdout.contains(BANANA), "{}", run.stdout);
    assert!(
        run.stdout.contains("Nothing overdue at 2025-06-30."),
        "{}",
        run.stdout
    );
}

#[test]
fn remind_puts_the_marked_item_and_the_left_out_in_their_owners_digests() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let out = run(&["-q", "remind", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(out.stderr, stderr_block(), "-q keeps the warning");
    let jsmith = fs::read_to_string(dir.join("jsmith.md")).unwrap();
    assert!(
        jsmith.contains(
            "## Left out (1): fix these records\n\n\
             - records/actions/2025/ACT-2025-0002.yaml (completion: \\`due\\` has a problem)\n"
        ),
        "{jsmith}"
    );
    assert!(
        jsmith.contains(&format!(
            "- action **ACT-2025-0001**: completion due 2025-06-16 (14 days overdue) — Offer \
             letters in the person's language\n  - `{ONE}`\n  - {NOTE}\n"
        )),
        "{jsmith}"
    );
    // The unreadable file has no readable owner: the unassigned digest names it.
    let unassigned = fs::read_to_string(dir.join("_unassigned.md")).unwrap();
    assert!(
        unassigned.contains(&format!(
            "## Left out (1): fix these records\n\n- {NOT_YAML_ENTRY}\n"
        )),
        "{unassigned}"
    );
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    assert_eq!(index["excluded"], 2);
    let counts: Vec<_> = index["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["owner"].clone(),
                o["overdue"].clone(),
                o["left_out"].clone(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            (json!("jsmith"), json!(1), json!(1)),
            (json!(null), json!(0), json!(1))
        ]
    );
    // The JSON digest carries the same.
    let out = run(&[
        "-q",
        "remind",
        "--out-dir",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status, 0);
    let digest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("jsmith.json")).unwrap()).unwrap();
    assert_eq!(digest["overdue"][0]["problems"], 1);
    assert_eq!(digest["excluded_records"][0]["path"], BANANA);
}

#[test]
fn tracker_lists_the_marked_action_and_names_what_it_left_out() {
    let run = run(&["tracker"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("1 action, 1 overdue, at 2025-06-30"), "{out}");
    assert!(
        out.contains(&format!("{HEADLINE}\n{BANANA_ENTRY}\n{NOT_YAML_ENTRY}\n")),
        "{out}"
    );
    assert!(out.contains("┆ ! ACT-2025-0001 ┆"), "{out}");
    assert!(out.contains(&format!("! ACT-2025-0001: {NOTE}\n")), "{out}");
    assert_eq!(run.stderr, stderr_block());
    let json = self::run(&["tracker", "--format", "json"]).json();
    assert_eq!(json["excluded"], 2);
    assert_eq!(json["rows"][0]["id"], "ACT-2025-0001");
    assert_eq!(json["rows"][0]["problems"], 1);
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
    assert_eq!(json["excluded_records"][1]["path"], NOT_YAML);

    // The CSV names them too, as rows after the actions with the path and why in `left_out`.
    let csv = self::run(&["tracker", "--format", "csv", "--no-bom"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",problems,left_out"), "{csv}");
    assert!(
        lines[1].starts_with("ACT-2025-0001,") && lines[1].ends_with(",1,"),
        "{csv}"
    );
    assert_eq!(
        lines[2],
        format!("ACT-2025-0002,,,,,jsmith,,north,,,,,,,,,,{BANANA_ENTRY}")
    );
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(lines[3], format!(",,,,,,,,,,,,,,,,,{NOT_YAML_ENTRY}"));
}

#[test]
fn summary_and_show_use_the_record_with_problems() {
    let run = run(&["summary", "--period", "2025", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["excluded"], 2);
    assert_eq!(json["excluded_records"][0]["path"], BANANA);
    assert_eq!(run.stderr, stderr_block());

    let run = self::run(&["show", "ACT-2025-0001"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("! {NOTE}\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("│ completion ┆ 2025-06-16 ┆"),
        "{}",
        run.stdout
    );
    let run = self::run(&["show", "ACT-2025-0002"]);
    assert!(
        run.stdout
            .contains("completion: not computed: `due` has a problem\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_due_date_beyond_the_calendar_is_said_not_dropped() {
    // Received 9999-12-29 (a Wednesday), acknowledged within 3 working days: the 31st is the
    // second, and the third would be in the year 10000, which no date holds.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    let folder = root.join("records/complaints");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("CMP-9999-0001.yaml"),
        "id: CMP-9999-0001\ntype: complaint\nstatus: open\nreceived: 9999-12-29\n\
         handler: jsmith\nsummary: Late in the calendar.\n",
    )
    .unwrap();
    let out = Run::of(qaledger_at("9999-12-30").arg("--root").arg(root).args([
        "overdue",
        "--fail-on-overdue",
        "--format",
        "json",
    ]));
    assert_eq!(out.status, 1, "{}", out.stderr);
    let entries = out.json()["excluded_records"].clone();
    let acknowledgement = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["deadline"] == "acknowledgement")
        .cloned()
        .unwrap_or_else(|| panic!("{entries}"));
    assert_eq!(
        acknowledgement["path"],
        "records/complaints/CMP-9999-0001.yaml"
    );
    assert_eq!(acknowledgement["owner"], "jsmith");
    assert!(
        acknowledgement["reason"].as_str().unwrap().starts_with(
            "its due date could not be computed: adding 3 working days to 9999-12-29 "
        ),
        "{acknowledgement}"
    );
}

#[test]
fn a_related_record_with_a_broken_date_is_named_not_silently_skipped() {
    // jsmith's supervision cadence reads the latest held session's `date`. SUP-2025-0001 was
    // held 2025-05-12 (next due 6 weeks later, 2025-06-23: 7 days overdue at 2025-06-30);
    // SUP-2025-0002's date is no date, so it cannot count: it is named, and the deadline is
    // computed from the session before it.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    for (folder, name, text) in [
        (
            "staff",
            "jsmith.yaml",
            "id: jsmith\nname: Jo Smith\nrole: social-worker\nmanager: pgrant\nstarted: 2020-01-06\n",
        ),
        (
            "supervision",
            "SUP-2025-0001.yaml",
            "id: SUP-2025-0001\nsupervisee: jsmith\nsupervisor: pgrant\ndate: 2025-05-12\n\
             type: line-management\nstatus: held\n",
        ),
        (
            "supervision",
            "SUP-2025-0002.yaml",
            "id: SUP-2025-0002\nsupervisee: jsmith\nsupervisor: pgrant\ndate: 2025-06-1O\n\
             type: line-management\nstatus: held\n",
        ),
    ] {
        let dir = root.join("records").join(folder);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(name), text).unwrap();
    }
    let out = Run::of(qaledger_on(root).args(["overdue", "--format", "json"]));
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["items"][0]["id"], "jsmith");
    assert_eq!(json["items"][0]["due"], "2025-06-23");
    assert_eq!(
        json["excluded_records"],
        json!([{
            "path": "records/supervision/SUP-2025-0002.yaml",
            "kind": "supervision",
            "id": "SUP-2025-0002",
            "owner": "pgrant",
            "reason": "`date` has a problem, so the deadlines of the `supervisee` it names are \
                       computed without it"
        }])
    );
}

#[test]
fn the_board_pack_marks_the_action_and_names_what_it_left_out() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("pack.html");
    let run = run(&["report", "--period", "2025", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.ends_with(&stderr_block()), "{}", run.stderr);
    let page = fs::read_to_string(&out).unwrap();
    let note = "<span class=\"problems\">this record has 1 YAML or schema problem — run \
                <code>qaledger check records/actions/2025/ACT-2025-0001.yaml</code></span>";
    // In the overdue items of team north and in the open actions.
    assert_eq!(page.matches(note).count(), 2, "{page}");
    assert!(
        page.contains(
            "<li>records/actions/2025/ACT-2025-0002.yaml (completion: <code>due</code> has a problem)</li>"
        ),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<li>{}</li>",
            NOT_YAML_ENTRY.replace('\'', "&#39;")
        )),
        "{page}"
    );
}

#[test]
fn the_workbook_counts_problems_and_names_what_it_left_out() {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("tracker.xlsx");
    let run = run(&[
        "tracker",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let bytes = fs::read(&out).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Tracker").unwrap();
    // One row (ACT-2025-0001); its last column counts its 1 schema problem.
    assert_eq!(sheet.get_size(), (2, 17));
    assert_eq!(sheet.get((0, 16)).unwrap().to_string(), "Problems");
    assert_eq!(sheet.get((1, 0)).unwrap().to_string(), "ACT-2025-0001");
    assert_eq!(sheet.get((1, 16)).unwrap().to_string(), "1");
    let totals = book.worksheet_range("Totals").unwrap();
    let first_column: Vec<String> = totals
        .rows()
        .filter_map(|r| r.first().map(ToString::to_string))
        .collect();
    let at = first_column
        .iter()
        .position(|c| c == "Left out (see qaledger check)")
        .unwrap();
    assert_eq!(first_column[at + 1], BANANA_ENTRY);
    assert_eq!(first_column[at + 2], NOT_YAML_ENTRY);
}

#[cfg(unix)]
#[test]
fn a_path_the_walk_did_not_read_is_named_too() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions");
    fs::create_dir_all(&actions).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", actions.join("ACT-2025-0001.yaml")).unwrap();
    let out = Run::of(qaledger_on(root).args(["overdue", "--fail-on-overdue"]));
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "1 record was left out in whole or part — run `qaledger check PATH` to see why:\n  \
         records/actions/ACT-2025-0001.yaml (`records/actions/ACT-2025-0001.yaml` is a symbolic \
         link; it was not followed, so it was not checked)\n\nNothing overdue at 2025-06-30.\n"
    );
}

/// A record whose YAML has a duplicate key is a record with problems (its YAML problem and
/// any schema problem): the duplicated field counts as broken, since which of its two values
/// is meant is not known. A duplicate `due` leaves the completion deadline out, named; a
/// duplicate `learning` (no deadline reads it) leaves the item listed, marked.
#[test]
fn a_duplicate_key_breaks_its_field_only() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions");
    fs::create_dir_all(&actions).unwrap();
    let action = |id: &str, extra: &str| {
        format!(
            "id: {id}\ntitle: Offer letters\nlearning: Letters were unreadable.\n\
             action: Record the language.\nsource: {{type: complaint}}\nlevel: collective\n\
             owner: jsmith\nteam: north\nagreed: {{forum: other, date: 2025-04-01}}\n\
             due: 2025-06-16\nstatus: in-progress\n{extra}"
        )
    };
    fs::write(
        actions.join("ACT-2025-0001.yaml"),
        action("ACT-2025-0001", "due: 2025-07-16\n"),
    )
    .unwrap();
    fs::write(
        actions.join("ACT-2025-0002.yaml"),
        action("ACT-2025-0002", "learning: Said twice.\n"),
    )
    .unwrap();
    let out = Run::of(qaledger_on(root).args(["overdue", "--format", "json"]));
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(
        json["excluded_records"],
        json!([{"path": "records/actions/ACT-2025-0001.yaml", "kind": "action",
                "id": "ACT-2025-0001", "deadline": "completion", "owner": "jsmith",
                "team": "north", "reason": "`due` has a problem"}])
    );
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{json}");
    assert_eq!(items[0]["id"], "ACT-2025-0002");
    assert_eq!(
        items[0]["problems"], 1,
        "the duplicate key is its one problem"
    );
}

/// A record that did not exist yet at as-of (time travel, SPEC §10) is not "left out", even
/// when a field of it has a problem: it was not there. One in being with the same problem is.
#[test]
fn a_record_not_yet_in_being_is_not_named_as_left_out() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions");
    fs::create_dir_all(&actions).unwrap();
    let action = |id: &str, agreed: &str| {
        format!(
            "id: {id}\ntitle: Offer letters\nlearning: Letters were unreadable.\n\
             action: Record the language.\nsource: {{type: complaint}}\nlevel: collective\n\
             owner: jsmith\nteam: north\nagreed: {{forum: other, date: {agreed}}}\n\
             due: banana\nstatus: in-progress\n"
        )
    };
    fs::write(
        actions.join("ACT-2025-0001.yaml"),
        action("ACT-2025-0001", "2025-07-10"),
    )
    .unwrap();
    fs::write(
        actions.join("ACT-2025-0002.yaml"),
        action("ACT-2025-0002", "2025-06-01"),
    )
    .unwrap();
    let out = Run::of(qaledger_on(root).args(["overdue", "--format", "json"]));
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json = out.json();
    let paths: Vec<&str> = json["excluded_records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(paths, ["records/actions/ACT-2025-0002.yaml"], "{json}");
    assert_eq!(json["excluded"], 1);
}
