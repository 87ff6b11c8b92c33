//! `qaledger export`: the tables read back by an independent reader (DuckDB from PyPI, which
//! `.ci/run` installs into target/ci-tools; skipped with a message without it, failed under
//! `QALEDGER_REQUIRE_TOOLS=1`), compared with `overdue`, `tracker` and `summary` JSON and with
//! values worked out by hand from the example's records. The CSV, JSON Lines, README and usage
//! checks need no reader.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::common::{Run, copy_tree, manifest_dir, qaledger, qaledger_on, skipped};

/// The Python of `.ci/run`'s tool folder when it has DuckDB, or None after saying why.
pub fn duckdb() -> Option<PathBuf> {
    let python = manifest_dir().join("target/ci-tools/bin/python3");
    let ready = python.is_file()
        && Command::new(&python)
            .args(["-c", "import duckdb"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        skipped(&format!(
            "DuckDB is not installed in {}: the exported tables are not read back (.ci/run installs it)",
            python.display()
        ));
        return None;
    }
    Some(python)
}

/// The rows of `sql` run by DuckDB in `dir`, each a JSON array (dates as text).
pub fn query(python: &Path, dir: &Path, sql: &str) -> Vec<Value> {
    let script = "import duckdb, json, sys\nprint(json.dumps(duckdb.sql(sys.argv[1]).fetchall(), default=str))";
    let output = Command::new(python)
        .args(["-c", script, sql])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{sql}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    rows.as_array().unwrap().clone()
}

fn northshire() -> PathBuf {
    manifest_dir().join("examples/northshire")
}

/// Exports `root` into a new folder in the given format; returns the folder (kept with its
/// parent) and what the run printed.
fn export(root: &Path, format: &str, extra: &[&str]) -> (tempfile::TempDir, Run) {
    let out = tempfile::tempdir().unwrap();
    let run = Run::of(
        qaledger_on(root)
            .args(["export", "--format", format, "--out"])
            .arg(out.path())
            .args(extra),
    );
    assert_eq!(run.status, 0, "stderr:\n{}", run.stderr);
    (out, run)
}

/// One JSON Lines file's rows.
fn jsonl(dir: &Path, table: &str) -> Vec<Value> {
    fs::read_to_string(dir.join(format!("{table}.jsonl")))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn csv_header(dir: &Path, table: &str) -> Vec<String> {
    let text = fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap();
    let first = text.lines().next().unwrap_or_default();
    first.split(',').map(str::to_owned).collect()
}

#[test]
fn the_deadlines_states_match_overdue_within_the_due_soon_window() {
    let Some(python) = duckdb() else { return };
    let (out, run) = export(&northshire(), "parquet", &[]);
    assert!(
        run.stderr
            .contains("exported 17 tables (parquet) of E99000001 at 2025-06-30"),
        "{}",
        run.stderr
    );
    let counts = query(
        &python,
        out.path(),
        "select state, count(*) from 'deadlines.parquet' where state in ('overdue', 'due-soon') group by 1 order by 1",
    );
    // `overdue --within` the configuration's due_soon (14 days): the same items.
    let listed = qaledger_on(&northshire())
        .args(["overdue", "--within", "14 days", "--format", "json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let items = listed["items"].as_array().unwrap();
    let count = |state: &str| items.iter().filter(|i| i["state"] == state).count();
    assert_eq!(
        counts,
        [
            json!(["due-soon", count("due-soon")]),
            json!(["overdue", count("overdue")])
        ]
    );
    assert_eq!(counts, [json!(["due-soon", 12]), json!(["overdue", 31])]);
    // ACT-2025-0003, due 2025-05-21 and in progress: 10 days of May and 30 of June overdue.
    let act = query(
        &python,
        out.path(),
        "select organisation, as_of, kind, deadline, due, done, state, days, owner, team, problems from 'deadlines.parquet' where id = 'ACT-2025-0003'",
    );
    assert_eq!(
        act,
        [json!([
            "E99000001",
            "2025-06-30",
            "action",
            "completion",
            "2025-05-21",
            null,
            "overdue",
            40,
            "mmurphy",
            "mental-health",
            0
        ])]
    );
}

#[test]
fn every_table_reads_back_typed_with_the_rows_the_views_count() {
    let Some(python) = duckdb() else { return };
    let (out, _) = export(&northshire(), "parquet", &[]);
    let types = |table: &str| -> Vec<Value> {
        query(
            &python,
            out.path(),
            &format!(
                "select column_name, column_type from (describe select * from '{table}.parquet')"
            ),
        )
    };
    let action = types("action");
    for (column, kind) in [
        ("organisation", "VARCHAR"),
        ("as_of", "DATE"),
        ("errors", "VARCHAR[]"),
        ("agreed_date", "DATE"),
        ("themes", "VARCHAR[]"),
        ("status", "VARCHAR"),
    ] {
        assert!(
            action.contains(&json!([column, kind])),
            "{column} {kind}: {action:?}"
        );
    }
    // Free text and case references stay out by default.
    let names: Vec<&Value> = action.iter().map(|c| &c[0]).collect();
    for withheld in ["title", "learning", "action", "notes"] {
        assert!(!names.contains(&&json!(withheld)), "{withheld}");
    }
    assert!(types("audit").contains(&json!(["moderation_required", "BOOLEAN"])));
    assert!(types("deadlines").contains(&json!(["days", "BIGINT"])));
    assert!(types("action_updates").contains(&json!(["item", "BIGINT"])));

    // The action's fields as its file has them (records/actions/2025/ACT-2025-0003.yaml).
    let row = query(
        &python,
        out.path(),
        "select source_type, source_refs, level, owner, themes, quality_statements, agreed_forum, agreed_date, due, status, completed, errors from 'action.parquet' where id = 'ACT-2025-0003'",
    );
    assert_eq!(
        row,
        [json!([
            "complaint",
            ["CMP-2024-0010"],
            "systemic",
            "mmurphy",
            ["safeguarding", "communication"],
            ["QS7"],
            "asc-management-team",
            "2025-01-31",
            "2025-05-21",
            "in-progress",
            null,
            []
        ])]
    );
    // Named from both sides: the action's source.refs and the complaint's learning_form.actions.
    let link = query(
        &python,
        out.path(),
        "select source_kind, named_by_action, named_by_source from 'actions_sources.parquet' where action_id = 'ACT-2025-0003' and source_id = 'CMP-2024-0010'",
    );
    assert_eq!(link, [json!(["complaint", true, true])]);

    // Row counts: the tracker's actions, and each table's file against its README line.
    let tracker = qaledger_on(&northshire())
        .args(["tracker", "--format", "json"])
        .output()
        .unwrap();
    let tracker: Value = serde_json::from_slice(&tracker.stdout).unwrap();
    let actions = query(&python, out.path(), "select count(*) from 'action.parquet'");
    assert_eq!(actions, [json!([tracker["totals"]["actions"]])]);
    let readme = fs::read_to_string(out.path().join("README.md")).unwrap();
    let mut tables = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let (Some(name), Some(rows)) = (cells.first(), cells.get(1)) else {
            continue;
        };
        let Ok(rows) = rows.parse::<u64>() else {
            continue;
        };
        let name = name.trim_start_matches("| `").trim_end_matches('`');
        let counted = query(
            &python,
            out.path(),
            &format!("select count(*) from '{name}.parquet'"),
        );
        assert_eq!(counted, [json!([rows])], "{name}");
        tables += 1;
    }
    assert_eq!(tables, 17);
    // The dictionary describes every column of every other table.
    let described = query(
        &python,
        out.path(),
        "select count(*) from 'dictionary.parquet' where description = ''",
    );
    assert_eq!(described, [json!([0])]);
}

#[test]
fn supervision_compliance_gives_the_summarys_rate() {
    let Some(python) = duckdb() else { return };
    let (out, _) = export(&northshire(), "parquet", &[]);
    let rate = query(
        &python,
        out.path(),
        "select count(*) filter (where in_date), count(in_date), count(*) filter (where current) from 'supervision_compliance.parquet'",
    );
    let summary = qaledger_on(&northshire())
        .args(["summary", "--format", "json"])
        .output()
        .unwrap();
    let summary: Value = serde_json::from_slice(&summary.stdout).unwrap();
    let figures = &summary["supervision"];
    assert_eq!(
        rate,
        [json!([
            figures["in_date"]["count"],
            figures["in_date"]["of"],
            figures["current_staff"]
        ])]
    );
}

#[test]
fn csv_and_json_lines_hold_the_same_tables() {
    let (csv, _) = export(&northshire(), "csv", &[]);
    let (lines, _) = export(&northshire(), "jsonl", &[]);
    let header = csv_header(csv.path(), "action");
    assert_eq!(
        &header[..6],
        [
            "organisation",
            "as_of",
            "path",
            "errors",
            "id",
            "source_type"
        ]
    );
    let action = fs::read_to_string(csv.path().join("action.csv")).unwrap();
    assert!(
        action.contains(",ACT-2025-0003,complaint,CMP-2024-0010,systemic,mmurphy,mental-health,safeguarding; communication,QS7,asc-management-team,2025-01-31,2025-05-21,in-progress,"),
        "{action}"
    );
    let rows = jsonl(lines.path(), "action");
    assert_eq!(rows.len(), 61);
    let row = rows.iter().find(|r| r["id"] == "ACT-2025-0003").unwrap();
    assert_eq!(row["themes"], json!(["safeguarding", "communication"]));
    assert_eq!(row["completed"], Value::Null);
    assert_eq!(row["agreed_date"], "2025-01-31");
    let deadlines = jsonl(lines.path(), "deadlines");
    // 295 before issue 17's example records, and 20 theirs: the three complaints closed long
    // ago (CMP-2018-0001, CMP-2019-0001 and 0002) have acknowledgement, response and learning
    // form each (9); CMP-2025-0013 and 0014 the same (6); CMP-2025-0015 those and its two
    // stage-2 clocks (5); ACT-2024-0024, not implemented, has none.
    assert_eq!(deadlines.len(), 315);
    let dictionary = jsonl(lines.path(), "dictionary");
    assert!(dictionary.contains(&json!({
        "organisation": "E99000001", "as_of": "2025-06-30", "table": "action", "column": "agreed_date",
        "type": "date", "source": "action.agreed.date", "description": "Date of the meeting that agreed it."
    })));
}

#[test]
fn case_references_and_free_text_only_with_include_text() {
    let (plain, _) = export(&northshire(), "csv", &[]);
    let (full, _) = export(&northshire(), "csv", &["--include-text"]);
    let (plain_audit, full_audit) = (
        csv_header(plain.path(), "audit"),
        csv_header(full.path(), "audit"),
    );
    for column in ["case_ref", "strengths", "notes", "consultation_notes"] {
        assert!(!plain_audit.contains(&column.to_owned()), "{column}");
        assert!(full_audit.contains(&column.to_owned()), "{column}");
    }
    assert!(!csv_header(plain.path(), "staff").contains(&"email".to_owned()));
    assert!(csv_header(full.path(), "staff").contains(&"email".to_owned()));
    assert!(!csv_header(plain.path(), "deadlines").contains(&"title".to_owned()));
    assert!(csv_header(full.path(), "deadlines").contains(&"title".to_owned()));
    let readme = fs::read_to_string(plain.path().join("README.md")).unwrap();
    assert!(readme.contains("`audit.case_ref`"), "{readme}");
    assert!(
        !fs::read_to_string(full.path().join("README.md"))
            .unwrap()
            .contains("## Left out: case references")
    );
}

#[test]
fn the_same_repository_exports_the_same_bytes() {
    let (first, _) = export(&northshire(), "parquet", &[]);
    let (second, _) = export(&northshire(), "parquet", &[]);
    let mut names: Vec<_> = fs::read_dir(first.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 18);
    for name in names {
        assert_eq!(
            fs::read(first.path().join(&name)).unwrap(),
            fs::read(second.path().join(&name)).unwrap(),
            "{name:?}"
        );
    }
}

#[test]
fn records_failing_their_schema_are_exported_with_their_errors() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("tests/fixtures/degrade"), root.path());
    let config = root.path().join("qaledger.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("[organisation]\n", "[organisation]\ncode = \"E99000009\"\n"),
    )
    .unwrap();
    let (out, run) = export(root.path(), "jsonl", &[]);
    let rows = jsonl(out.path(), "action");
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    // A misspelt field is an error of the record; its other values are all there.
    assert_eq!(by_id("ACT-2025-0001")["errors"], json!(["notse"]));
    assert_eq!(by_id("ACT-2025-0001")["due"], "2025-06-16");
    // A `due` that is not a date: named in errors, left empty, its deadline left out.
    assert_eq!(by_id("ACT-2025-0002")["errors"], json!(["due"]));
    assert_eq!(by_id("ACT-2025-0002")["due"], Value::Null);
    assert_eq!(rows.len(), 2);
    let deadlines = jsonl(out.path(), "deadlines");
    assert_eq!(deadlines.len(), 1);
    assert_eq!(deadlines[0]["id"], "ACT-2025-0001");
    assert_eq!(deadlines[0]["problems"], 1);
    // The file that is not YAML, and the deadline that cannot be computed, are named.
    let readme = fs::read_to_string(out.path().join("README.md")).unwrap();
    assert!(
        readme.contains("records/actions/2025/ACT-2025-0003.yaml"),
        "{readme}"
    );
    assert!(readme.contains("ACT-2025-0002"), "{readme}");
    assert!(
        run.stderr
            .contains("records/actions/2025/ACT-2025-0003.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_an_organisation_code_export_says_where_to_set_one() {
    let root = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("tests/fixtures/degrade"), root.path());
    let out = root.path().join("out");
    let run = Run::of(qaledger_on(root.path()).args(["export", "--out"]).arg(&out));
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("qaledger.toml has no [organisation] code: set one"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let bad = Run::of(qaledger().args(["export", "--format", "xml", "--out", "x"]));
    assert_eq!(bad.status, 2);
}

/// examples/benchmarking/README.md's commands, run as written in a copy of the two councils'
/// repositories; every figure of `quarterly.sql` against that council's own `summary`.
#[test]
fn the_benchmarking_example_matches_each_councils_summary() {
    let Some(python) = duckdb() else { return };
    let top = tempfile::tempdir().unwrap();
    let here = top.path().join("benchmarking");
    copy_tree(&northshire(), &top.path().join("northshire"));
    copy_tree(&manifest_dir().join("examples/benchmarking"), &here);
    let _ = fs::remove_dir_all(here.join("exports"));
    let readme = fs::read_to_string(here.join("README.md")).unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("qaledger ") || l.starts_with("duckdb "))
        .collect();
    assert_eq!(commands.len(), 3, "{commands:?}");
    let mut roots = Vec::new();
    for command in &commands[..2] {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        // As written: the README's command names its own --as-of.
        let mut cmd = assert_cmd::Command::cargo_bin("qaledger").unwrap();
        let run = Run::of(cmd.current_dir(&here).env_remove("CI").args(&args));
        assert_eq!(run.status, 0, "{command}\n{}", run.stderr);
        let root = args.iter().skip_while(|a| **a != "--root").nth(1).unwrap();
        roots.push(here.join(root));
    }
    assert_eq!(commands[2], "duckdb < quarterly.sql");
    let sql = fs::read_to_string(here.join("quarterly.sql")).unwrap();
    let rows = query(&python, &here, &sql);
    // Two councils, each with the quarters from FY2023-24-Q1 to FY2025-26-Q1, and the three
    // quarters of the complaints closed long ago that show retention (received in March 2018,
    // January 2019 and August 2019: FY2017-18-Q4, FY2018-19-Q4 and FY2019-20-Q2).
    assert_eq!(rows.len(), 2 * (9 + 3));
    let codes = [("E99000001", &roots[0]), ("E99000002", &roots[1])];
    for row in &rows {
        let (council, quarter) = (row[0].as_str().unwrap(), row[1].as_str().unwrap());
        let root = codes.iter().find(|(c, _)| *c == council).unwrap().1;
        let summary = qaledger_on(root)
            .args(["summary", "--period", quarter, "--format", "json"])
            .output()
            .unwrap();
        let summary: Value = serde_json::from_slice(&summary.stdout).unwrap();
        let responded = &summary["complaints"]["complaint"]["responded_within_timescale"];
        let on_time = &summary["actions"]["completed_on_time"];
        let context = format!("{council} {quarter}: {row}");
        assert_eq!(
            [&row[2], &row[3], &row[4]],
            [&responded["count"], &responded["of"], &responded["percent"]],
            "{context}"
        );
        assert_eq!(
            [&row[5], &row[6], &row[7]],
            [&on_time["count"], &on_time["of"], &on_time["percent"]],
            "{context}"
        );
        if quarter == "FY2025-26-Q1" {
            let in_date = &summary["supervision"]["in_date"];
            assert_eq!(
                [&row[8], &row[9], &row[10]],
                [&in_date["count"], &in_date["of"], &in_date["percent"]],
                "{context}"
            );
        } else {
            assert_eq!([&row[8], &row[9], &row[10]], [&Value::Null; 3], "{context}");
        }
    }
    // Worked out by hand from Northshire's records: FY2024-25-Q3's complaint responses due
    // (2 of 3 on time) and actions completed (4 of 5 on or before their due date).
    assert!(rows.contains(&json!([
        "E99000001",
        "FY2024-25-Q3",
        2,
        3,
        66.7,
        4,
        5,
        80.0,
        null,
        null,
        null
    ])));
}

/// docs/export.md lists every table and column the built-in schemas export, with its type and
/// source, as the export's own README does.
#[test]
fn docs_export_lists_every_column() {
    let (out, _) = export(&northshire(), "jsonl", &[]);
    let docs = fs::read_to_string(manifest_dir().join("docs/export.md")).unwrap();
    let sections: Vec<&str> = docs.split("\n### `").collect();
    for row in jsonl(out.path(), "dictionary") {
        let (table, column) = (
            row["table"].as_str().unwrap(),
            row["column"].as_str().unwrap(),
        );
        let section = sections
            .iter()
            .find(|s| s.starts_with(&format!("{table}`")))
            .unwrap_or_else(|| panic!("docs/export.md has no section for `{table}`"));
        let line = format!(
            "| `{column}` | {} | {} |",
            row["type"].as_str().unwrap(),
            row["source"].as_str().unwrap()
        );
        assert!(
            section.contains(&line),
            "docs/export.md, `{table}`, lacks: {line}"
        );
    }
}

/// `--history`: each action's due-date moves from git, as `tracker --history` reads them
/// (tests/it/tracker_history.rs builds the repository and works the figures out by hand).
#[test]
fn history_adds_each_actions_due_date_moves() {
    if !crate::common::git::available() {
        return;
    }
    let repo = crate::tracker_history::build();
    let config = repo.root.join("qaledger.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("[organisation]\n", "[organisation]\ncode = \"E99000009\"\n"),
    )
    .unwrap();
    let (out, _) = export(&repo.root, "jsonl", &["--history"]);
    let rows = jsonl(out.path(), "action_due_history");
    let first = rows.iter().find(|r| r["id"] == "ACT-2025-0001").unwrap();
    assert_eq!(
        first,
        &json!({
            "organisation": "E99000009", "as_of": "2025-06-30", "id": "ACT-2025-0001",
            "due": "2025-04-21", "first_due": "2025-03-31", "due_changes": 2, "due_moved_days": 21,
            "due_net_days": 21, "last_changed": "2025-04-04T10:00:00+01:00", "commits": 4
        })
    );
    // The uncommitted move of ACT-2025-0003 (07-31 → 08-10) is no committed change, but the
    // net from the first agreed date is +10.
    let third = rows.iter().find(|r| r["id"] == "ACT-2025-0003").unwrap();
    assert_eq!(
        (&third["due_changes"], &third["due_net_days"]),
        (&json!(0), &json!(10))
    );
    assert_eq!(rows.len(), 3);
    // The author's name is a person's: only with --include-text.
    assert!(first.get("last_changed_by").is_none());
    let (full, _) = export(&repo.root, "jsonl", &["--history", "--include-text"]);
    let full = jsonl(full.path(), "action_due_history");
    let first = full.iter().find(|r| r["id"] == "ACT-2025-0001").unwrap();
    assert_eq!(first["last_changed_by"], "Ann Auditor");
    let (plain, _) = export(&repo.root, "jsonl", &[]);
    assert!(!plain.path().join("action_due_history.jsonl").exists());
}
