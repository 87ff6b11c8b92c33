//! Hostile or unusual record files (issue 12): nothing they hold hides their other problems,
//! and nothing in their text reaches a CI log as a workflow command or a terminal as a
//! control sequence.
//!
//! - A YAML problem that leaves the rest of a file readable (a duplicate key, aliases past the
//!   cap) is reported beside every other problem of that file.
//! - Only aliases count towards the alias cap: a large plain file is judged by its size alone.
//! - `check --format github` escapes record text on every line it prints, and no line it
//!   prints starts a workflow command from data.
//! - Human output shows control characters from records visibly, never raw.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use tempfile::TempDir;

mod common;

use common::{Run, qaledger_on};

/// A repository holding these record files (paths under `records/`).
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    fs::write(
        dir.path().join("qaledger.toml"),
        "[organisation]\nname = \"Fixture County Council\"\n",
    )
    .expect("write qaledger.toml");
    for (rel, text) in files {
        let path = dir.path().join("records").join(rel);
        fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
        fs::write(path, text).expect("write record");
    }
    dir
}

/// Every (code, line, column) `check` reports, and its exit status.
fn check(root: &Path) -> (BTreeSet<(String, u64, u64)>, i32) {
    let run = Run::of(qaledger_on(root).args(["check", "--format", "json"]));
    let found = run.json()["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (found, run.status)
}

fn set(items: &[(&str, u64, u64)]) -> BTreeSet<(String, u64, u64)> {
    items
        .iter()
        .map(|(c, l, n)| ((*c).to_owned(), *l, *n))
        .collect()
}

/// An action's fields, lines 1–8 (id on line 1); `status` and the rest follow.
const ACTION: &str = "id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-09-30
";

// ------------------------------------------------------------------------------------------
// A YAML problem does not hide the file's other problems
// ------------------------------------------------------------------------------------------

#[test]
fn a_duplicate_key_is_reported_with_every_other_problem_of_its_file() {
    // Line 9: `done` is not a status; line 10: `notse` is no field; line 11: `status` again.
    // The first `status` is the one checked (the second would pass). The file is named for
    // another id, which the per-file rules report: they ran too.
    let text = format!("{ACTION}status: done\nnotse: check with the team\nstatus: agreed\n");
    let dir = repo(&[("actions/ACT-2025-0009.yaml", &text)]);
    let (found, status) = check(dir.path());
    assert_eq!(
        found,
        set(&[
            ("id-file-name-mismatch", 1, 5),
            ("schema-enum", 9, 9),
            ("schema-unknown-field", 10, 1),
            ("yaml-duplicate-key", 11, 1),
        ])
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_with_a_yaml_problem_is_left_out_of_the_views_like_an_invalid_one() {
    // Valid but for the duplicate: which `due` is meant is not known, so `overdue` does not
    // guess; it counts the record as left out.
    let text = format!("{ACTION}status: agreed\ndue: 2025-01-31\n");
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let (found, _) = check(dir.path());
    assert_eq!(found, set(&[("yaml-duplicate-key", 10, 1)]));
    let run = Run::of(qaledger_on(dir.path()).args(["overdue", "--format", "json"]));
    let json = run.ok_json();
    assert_eq!(json["excluded"], 1, "{}", run.stdout);
}

// ------------------------------------------------------------------------------------------
// Only aliases count towards the alias cap
// ------------------------------------------------------------------------------------------

#[test]
fn a_file_of_many_plain_values_is_judged_by_its_problems_not_called_an_alias_bomb() {
    // 50,000 entries (100,000 scalars) in one unknown field, and a bad status: well under
    // the 1 MiB cap, and not a single alias.
    let mut text = format!("{ACTION}status: done\nextra:\n");
    for i in 0..50_000 {
        text.push_str(&format!("  k{i}: {i}\n"));
    }
    assert!(text.len() < 1024 * 1024);
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let (found, status) = check(dir.path());
    assert_eq!(
        found,
        set(&[("schema-enum", 9, 9), ("schema-unknown-field", 10, 1)])
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_using_a_few_aliases_is_fine() {
    let text = "id: ACT-2025-0001
title: &views Record the person's views in every assessment
learning: *views
action: Add a prompt for the person's views to the assessment template.
source: &other {type: other}
level: collective
owner: jsmith
due: 2025-09-30
status: agreed
";
    let dir = repo(&[("actions/ACT-2025-0001.yaml", text)]);
    assert_eq!(check(dir.path()), (BTreeSet::new(), 0));
}

#[test]
fn a_billion_laughs_is_still_refused_fast() {
    // Nine levels of ten: 10^10 values if expanded. Refused at the alias that passes 100,000
    // copies (line 6, the 8th alias: column 45, as in tests/fixtures/yaml-alias-expansion),
    // and the file's other problem (`done`, line 13) is still reported.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let list = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    // The bomb's keys are no action's fields; put it under one key of a valid-looking action.
    let bomb: String = text.lines().map(|l| format!("  {l}\n")).collect();
    let text = format!("bomb:\n{bomb}{ACTION}status: done\n");
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let start = Instant::now();
    let (found, status) = check(dir.path());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        found,
        set(&[
            ("schema-unknown-field", 1, 1),
            ("yaml-alias-expansion", 6, 47),
            ("schema-enum", 20, 9),
        ])
    );
    assert_eq!(status, 1);
}
