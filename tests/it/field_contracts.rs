//! The fields the views read are a contract with the schemas (issue 13 item 4): a repository
//! schema that lacks one is a configuration error naming file, field and reader, and a field
//! the views read is kept whether or not the schema's `keep:` list names it.

use std::path::Path;

use tempfile::TempDir;

use crate::common::{Run, copy_tree, manifest_dir, qaledger_on};

const ACTION: &str = include_str!("../../schemas/action.schema.yaml");

/// A copy of the `deadlines` fixture with `schemas/action.schema.yaml` set to `schema`.
fn with_action_schema(schema: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("tests/fixtures/deadlines"), dir.path());
    let path = dir.path().join("schemas/action.schema.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, schema).unwrap();
    dir
}

fn tracker_json(root: &Path) -> Run {
    Run::of(qaledger_on(root).args(["tracker", "--format", "json"]))
}

/// The action schema without its `level` property (nor `level` in `required` and `keep:`).
fn without_level() -> String {
    let old = "  level:\n    enum: [individual, collective, systemic]\n    x-qaledger-titles:\n      \
               individual: \"Individual\"\n      collective: \"Collective\"\n      systemic: \"Systemic\"\n";
    assert!(ACTION.contains(old), "the action schema changed");
    let cut = ACTION.replacen(old, "", 1).replacen(
        "    description: \"Whether the learning is for an individual, for the team (collective) or for the system.\"\n",
        "",
        1,
    );
    cut.replacen("source, level, owner", "source, owner", 1)
        .replacen("keep: [title, level, source", "keep: [title, source", 1)
}

#[test]
fn a_schema_without_a_field_the_tracker_reads_is_refused() {
    let schema = without_level();
    assert!(!schema.contains("level"), "{schema}");
    let dir = with_action_schema(&schema);
    for command in [["check"].as_slice(), &["tracker"], &["summary"]] {
        let run = Run::of(qaledger_on(dir.path()).args(command));
        assert_eq!(run.status, 2, "{command:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{command:?}");
        assert_eq!(
            run.stderr,
            "error: schemas/action.schema.yaml: the tracker needs the field `level`, which is not in the schema's properties\n",
            "{command:?}"
        );
    }
}

#[test]
fn a_field_the_tracker_reads_is_kept_without_a_keep_entry() {
    let old = "keep: [title, level, source";
    assert!(ACTION.contains(old), "the action schema changed");
    let dir = with_action_schema(&ACTION.replacen(old, "keep: [title, source", 1));
    let json = tracker_json(dir.path()).ok_json();
    let levels: Vec<&str> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["level"].as_str())
        .collect();
    assert!(!levels.is_empty(), "{json}");
}

/// Both forms of a date order go through one mechanism; each keeps its wording. A session
/// dated after its supervisee left (`supervisee->left`, read through the staff record) is
/// reported on the session's `date` line, naming the staff record whose date it read.
#[test]
fn a_date_order_through_a_reference_reports_the_whole_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/date-order"),
        dir.path(),
    );
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "records/staff/jsmith.yaml",
        "id: jsmith\nrole: social-worker\nstarted: 2020-01-06\nleft: 2025-03-31\n",
    );
    write(
        "records/staff/aadams.yaml",
        "id: aadams\nrole: social-worker\nstarted: 2020-01-06\n",
    );
    write(
        "records/supervision/SUP-2025-0001.yaml",
        "id: SUP-2025-0001\nsupervisee: jsmith\nsupervisor: aadams\ndate: 2025-04-15\ntype: line-management\nstatus: held\n",
    );
    let run = Run::of(qaledger_on(dir.path()).args(["check", "--format", "json"]));
    let json = run.json();
    let remote: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["code"] == "date-order" && d["file"] == "records/supervision/SUP-2025-0001.yaml"
        })
        .collect();
    assert_eq!(
        remote,
        [&serde_json::json!({
            "code": "date-order",
            "severity": "error",
            "message": "`date` (2025-04-15) is after jsmith's `left` (2025-03-31), which cannot be",
            "file": "records/supervision/SUP-2025-0001.yaml",
            "line": 4,
            "column": 7,
            "record_id": "SUP-2025-0001",
            "field": "date",
            "hint": "one of the two dates is wrong: check both"
        })]
    );
}

/// A title for a value the enum does not have (a misspelt key) is refused at load, naming the
/// schema and where, so a title never silently goes unused (docs/schema-extension.md).
#[test]
fn a_title_for_a_value_the_enum_lacks_is_refused() {
    let old = "      individual: \"Individual\"\n";
    assert!(ACTION.contains(old), "the action schema changed");
    let dir = with_action_schema(&ACTION.replacen(old, "      individul: \"Individual\"\n", 1));
    let run = Run::of(qaledger_on(dir.path()).args(["tracker"]));
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: schemas/action.schema.yaml: `properties.level.x-qaledger-titles` gives a title to `individul`, which is not one of its `enum` values\n"
    );
}

/// A council that copied the action and complaint schemas before issue 17 (no `procedure`,
/// `stage_2` or `due_changes` on complaints, no `not_implemented` on actions:
/// `tests/fixtures/older-schemas`, the built-in files as they were at 8b238be) keeps working:
/// nothing the new reports read is demanded of its schemas, so no command stops at loading
/// (exit 2); the records written for the newer fields are schema errors of their own files.
#[test]
fn schemas_from_before_the_statutory_reports_still_load() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("examples/northshire"), dir.path());
    copy_tree(
        &manifest_dir().join("tests/fixtures/older-schemas"),
        dir.path(),
    );
    let at = |args: &[&str]| Run::of(qaledger_on(dir.path()).args(args));
    let check = at(&["check"]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert!(
        !check.stdout.contains("needs the field"),
        "{}",
        check.stdout
    );
    // ACT-2024-0024's `not_implemented` is unknown to the older action schema.
    assert!(
        check.stdout.contains("ACT-2024-0024.yaml") && check.stdout.contains("not_implemented"),
        "{}",
        check.stdout
    );
    for report in [
        ["report", "sar", "--period", "FY2024-25", "--format", "json"].as_slice(),
        &[
            "report",
            "annual-complaints",
            "--period",
            "FY2024-25",
            "--format",
            "json",
        ],
        &[
            "report",
            "complaints-return",
            "--period",
            "FY2024-25",
            "--format",
            "csv",
        ],
        &["tracker", "--format", "json"],
        &["summary", "--format", "json"],
    ] {
        let run = at(report);
        assert_eq!(run.status, 0, "{report:?}: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "{report:?}");
    }
}
