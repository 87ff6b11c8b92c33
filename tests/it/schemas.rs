//! A repository's own `schemas/` replaces built-in kinds and adds new ones (SPEC §10).
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn check_json(root: &Path) -> (i32, serde_json::Value) {
    let output = Command::cargo_bin("qaledger")
        .unwrap()
        .args(["--root"])
        .arg(root)
        .args(["--as-of", "2025-06-30", "check", "--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap();
    (output.status.code().unwrap_or(-1), json)
}

const VISIT_SCHEMA: &str = r#"
$schema: "https://json-schema.org/draft/2020-12/schema"
type: object
additionalProperties: false
required: [id, visited, visitor]
properties:
  id: {type: string}
  visited: {type: string, format: date}
  visitor: {type: string}
x-qaledger:
  kind: visit
  folder: visits
  id_prefix: VIS
  main_date: [visited]
  owner: visitor
  happened: [visited]
  references:
    - {field: visitor, kinds: [staff]}
"#;

#[test]
fn a_schema_file_adds_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "qaledger.toml", "");
    write(root, "schemas/visit.schema.yaml", VISIT_SCHEMA);
    write(
        root,
        "records/staff/jsmith.yaml",
        "id: jsmith\nrole: social-worker\n",
    );
    write(
        root,
        "records/visits/2025/VIS-2025-0001.yaml",
        "id: VIS-2025-0001\nvisited: 2025-03-01\nvisitor: jsmith\n",
    );
    // Line 3: a misspelt field, which the new kind's schema rejects.
    write(
        root,
        "records/visits/2025/VIS-2025-0002.yaml",
        "id: VIS-2025-0002\nvisited: 2025-03-02\nvistor: jsmith\n",
    );
    let (status, json) = check_json(root);
    assert_eq!(status, 1);
    let found: Vec<(String, String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let file = "records/visits/2025/VIS-2025-0002.yaml".to_owned();
    assert!(
        found.contains(&("schema-unknown-field".into(), file.clone(), 3)),
        "{found:?}"
    );
    assert!(
        found.contains(&("schema-required".into(), file, 1)),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn a_schema_file_named_for_a_built_in_kind_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "qaledger.toml", "");
    // The built-in staff schema requires `role`; this council's version requires `grade` instead.
    let builtin = include_str!("../../schemas/staff.schema.yaml");
    let replaced = builtin
        .replacen("required: [id, role]", "required: [id, grade]", 1)
        .replacen("properties:\n", "properties:\n  grade: {type: string}\n", 1);
    assert_ne!(
        builtin, replaced,
        "the built-in staff schema changed shape; update this test"
    );
    write(root, "schemas/staff.schema.yaml", &replaced);
    write(
        root,
        "records/staff/jsmith.yaml",
        "id: jsmith\ngrade: band-7\n",
    );
    let (status, json) = check_json(root);
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    assert_eq!(status, 0);
}

#[test]
fn a_broken_schema_stops_the_tool_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "qaledger.toml", "");
    write(
        root,
        "schemas/visit.schema.yaml",
        &VISIT_SCHEMA.replace("folder: visits", "folders: visits"),
    );
    let output = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("schemas/visit.schema.yaml"), "{stderr}");
    assert!(stderr.contains("folders"), "{stderr}");
}

/// What the lifecycle commands write is checked when schemas load: a `done_status` the status
/// field does not allow, and a `lifecycle` field the schema lacks, stop the tool naming them.
#[test]
fn a_lifecycle_block_naming_what_the_schema_lacks_stops_the_tool() {
    let with_deadline = VISIT_SCHEMA
        .replace(
            "  visitor: {type: string}\n",
            "  visitor: {type: string}\n  status: {enum: [open, done]}\n  due: {type: string, format: date}\n  log: {type: array, items: {type: object, properties: {on: {type: string}, text: {type: string}}}}\n",
        )
        .replace(
            "  happened: [visited]\n",
            "  happened: [visited]\n  status: {field: status, open: [open]}\n  deadlines:\n    - {name: visit, due: [{field: due}], done: visited, done_status: finished}\n",
        );
    let cases = [
        (
            with_deadline.clone(),
            "deadlines (visit).done_status: `finished` must be a value of the kind's status field",
        ),
        (
            with_deadline.replace("done_status: finished", "done_status: done")
                + "  lifecycle:\n    notes: {list: log, date: on, text: note}\n",
            "x-qaledger.lifecycle.notes.text names `note`, which is not a field of the items of `log`",
        ),
    ];
    for (schema, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "qaledger.toml", "");
        write(root, "schemas/visit.schema.yaml", &schema);
        let output = Command::cargo_bin("qaledger")
            .unwrap()
            .arg("--root")
            .arg(root)
            .arg("check")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
    }
}
