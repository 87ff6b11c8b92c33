//! End-to-end tests of `qaledger remind --out-dir DIR` on `tests/fixtures/links/` at
//! 2025-06-30: which files it writes, `index.json`, addresses from the staff records, the
//! `_unassigned` digest, the `--within` window, stale digests, and a snapshot of one digest in
//! each format. Expected values were worked out from the fixture files by hand:
//!
//! | owner   | overdue                                   | due soon (14 days: to 2025-07-14)      |
//! |---------|-------------------------------------------|----------------------------------------|
//! | bkhan   | ACT-2025-0003 completion (06-01, 29 days), ACT-2025-0001 completion (06-20, 10 days) | — |
//! | cdavies | AUD-2025-0001 moderation (06-03, 27 days) | —                                      |
//! | jsmith  | CMP-2025-0002 response (06-02, 28 days)   | bkhan supervision (07-01), ACT-2025-0002 (07-10) |
//! | none    | —                                         | REV-2025-0001 completion (07-07)       |
//!
//! ACT-2025-0003 (bkhan's, due 06-01) fails its schema (no `level`), a field no deadline reads:
//! it is listed, marked as a record with 1 problem (degrade, don't drop: SPEC §7).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{Run, manifest_dir, qaledger_on};

/// `qaledger remind --out-dir DIR ARGS…` on the fixture.
fn remind(dir: &Path, global: &[&str], args: &[&str]) -> Run {
    Run::of(
        qaledger_on(&manifest_dir().join("tests/fixtures/links"))
            .args(global)
            .arg("remind")
            .arg("--out-dir")
            .arg(dir)
            .args(args),
    )
}

fn files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn read_json(path: PathBuf) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn writes_one_digest_per_owner_and_an_index() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("reminders");
    let run = remind(&dir, &[], &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        files(&dir),
        set(&[
            "_unassigned.md",
            "bkhan.md",
            "cdavies.md",
            "index.json",
            "jsmith.md"
        ])
    );
    assert_eq!(
        read_json(dir.join("index.json")),
        json!({
            "schema_version": 1,
            "as_of": "2025-06-30",
            "within": "14 days",
            "excluded": 0,
            "owners": [
                {"owner": "bkhan", "name": "Bilal Khan", "email": "b.khan@example.org",
                 "overdue": 2, "due_soon": 0, "left_out": 0, "file": "bkhan.md"},
                {"owner": "cdavies", "name": "Carys Davies", "email": null,
                 "overdue": 1, "due_soon": 0, "left_out": 0, "file": "cdavies.md"},
                {"owner": "jsmith", "name": "Jane Smith", "email": "jane.smith@example.org",
                 "overdue": 1, "due_soon": 2, "left_out": 0, "file": "jsmith.md"},
                {"owner": null, "name": null, "email": null,
                 "overdue": 0, "due_soon": 1, "left_out": 0, "file": "_unassigned.md"},
            ]
        })
    );
    assert_eq!(
        run.stderr,
        format!("wrote 4 digests to {}\n", dir.display())
    );
    // ACT-2025-0003 is in Bilal's digest, first (due 06-01), with a line saying so.
    let bkhan = fs::read_to_string(dir.join("bkhan.md")).unwrap();
    assert!(
        bkhan.contains(
            "- action **ACT-2025-0003**: completion due 2025-06-01 (29 days overdue) — Check the \
             person's views at moderation\n  - `records/actions/2025/ACT-2025-0003.yaml`\n  - \
             this record has 1 YAML or schema problem — run `qaledger check records/actions/2025/ACT-2025-0003.yaml`\n"
        ),
        "{bkhan}"
    );
}

#[test]
fn quiet_drops_the_tally() {
    // (That it keeps the warning about records left out: tests/it/degrade.rs.)
    let temp = tempfile::tempdir().unwrap();
    let run = remind(temp.path(), &["-q"], &[]);
    assert_eq!(run.status, 0);
    assert_eq!(run.stderr, "");
}

#[test]
fn the_unassigned_digest_holds_items_with_no_owner() {
    let temp = tempfile::tempdir().unwrap();
    remind(temp.path(), &[], &["--format", "json"]);
    let digest = read_json(temp.path().join("_unassigned.json"));
    assert_eq!(digest["owner"], Value::Null);
    assert_eq!(digest["overdue"], json!([]));
    let due_soon = digest["due_soon"].as_array().unwrap();
    assert_eq!(due_soon.len(), 1);
    assert_eq!(due_soon[0]["id"], "REV-2025-0001");
    assert_eq!(due_soon[0]["due"], "2025-07-07");
    assert_eq!(due_soon[0]["days"], -7);
}

#[test]
fn a_narrower_window_drops_items_due_later() {
    let temp = tempfile::tempdir().unwrap();
    // Window to 2025-07-03: only Bilal's supervision (07-01) is still due soon; the review
    // (07-07) and ACT-2025-0002 (07-10) are not, so no `_unassigned` digest.
    remind(temp.path(), &[], &["--within", "3 days"]);
    assert_eq!(
        files(temp.path()),
        set(&["bkhan.md", "cdavies.md", "index.json", "jsmith.md"])
    );
    let index = read_json(temp.path().join("index.json"));
    assert_eq!(index["within"], "3 days");
    let jsmith = &index["owners"][2];
    assert_eq!(
        (&jsmith["overdue"], &jsmith["due_soon"]),
        (&json!(1), &json!(1))
    );

    // A zero window: due soon only when due today, and nothing is; overdue items remain.
    let temp = tempfile::tempdir().unwrap();
    remind(temp.path(), &[], &["--within", "0 days"]);
    let index = read_json(temp.path().join("index.json"));
    let counts: Vec<(String, i64, i64)> = index["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["owner"].as_str().unwrap().to_owned(),
                o["overdue"].as_i64().unwrap(),
                o["due_soon"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            ("bkhan".to_owned(), 2, 0),
            ("cdavies".to_owned(), 1, 0),
            ("jsmith".to_owned(), 1, 0)
        ]
    );
}

#[test]
fn digests_a_previous_run_wrote_are_removed_and_other_files_kept() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    remind(dir, &[], &[]);
    fs::write(dir.join("README.txt"), "not ours").unwrap();
    // Second run: text format and a 3-day window. The four .md digests of the first run are
    // listed in its index, so they go; README.txt was never listed, so it stays.
    remind(dir, &[], &["--format", "text", "--within", "3 days"]);
    assert_eq!(
        files(dir),
        set(&[
            "README.txt",
            "bkhan.txt",
            "cdavies.txt",
            "index.json",
            "jsmith.txt"
        ])
    );
}

#[test]
fn a_bad_window_is_a_usage_error() {
    let temp = tempfile::tempdir().unwrap();
    let run = remind(temp.path(), &[], &["--within", "soon"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("`soon` is not a duration"),
        "{}",
        run.stderr
    );
    assert_eq!(files(temp.path()), BTreeSet::new());
}

#[test]
fn snapshot_markdown_digest() {
    let temp = tempfile::tempdir().unwrap();
    remind(temp.path(), &[], &[]);
    let text = fs::read_to_string(temp.path().join("jsmith.md")).unwrap();
    insta::assert_snapshot!("markdown_jsmith", text);
}

#[test]
fn snapshot_text_digest() {
    let temp = tempfile::tempdir().unwrap();
    remind(temp.path(), &[], &["--format", "text"]);
    let text = fs::read_to_string(temp.path().join("jsmith.txt")).unwrap();
    insta::assert_snapshot!("text_jsmith", text);
}

#[test]
fn snapshot_json_digest() {
    let temp = tempfile::tempdir().unwrap();
    remind(temp.path(), &[], &["--format", "json"]);
    let text = fs::read_to_string(temp.path().join("jsmith.json")).unwrap();
    insta::assert_snapshot!("json_jsmith", text);
}
