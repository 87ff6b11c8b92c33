//! `tracker --history` over a throwaway git repository: due dates moved twice, a rename, a status edit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::common::git::{self, Repo};

fn action(id: &str, due: &str, status: &str) -> String {
    format!(
        "id: {id}\n\
         title: Record the person's views in every assessment\n\
         learning: Audits found the person's own views missing from too many assessments this year.\n\
         action: Add a prompt for the person's views to the assessment template and brief the teams.\n\
         level: collective\n\
         source:\n  type: other\n\
         agreed:\n  forum: practice-governance-board\n  date: 2025-01-15\n\
         owner: jsmith\n\
         due: {due}\n\
         status: {status}\n"
    )
}

const ANN: &str = "Ann Auditor";
const BOB: &str = "Bob Board";

fn day(n: u32) -> String {
    format!("2025-04-0{n}T10:00:00+01:00")
}

/// c1 (Ann, 04-01) adds ACT-0001 due 2025-03-31, ACT-0002 due 2025-06-30 and ACT-0003 due
/// 2025-07-31; c2 (Ann, 04-02) moves ACT-0001 to 2025-05-01; c3 (Bob, 04-03) renames it
/// into 2025/; c4 (Ann, 04-04) moves it back to 2025-04-21; c5 (Bob, 04-05) sets ACT-0002
/// in progress. Then ACT-0003's due date is moved to 2025-08-10 in the working tree, not
/// committed.
pub fn build() -> Repo {
    let repo = Repo::init("");
    repo.write("qaledger.toml", "[organisation]\nname = \"Test Council\"\n");
    let first = "records/actions/ACT-2025-0001.yaml";
    let second = "records/actions/ACT-2025-0002.yaml";
    let third = "records/actions/ACT-2025-0003.yaml";
    let write = |path: &str, id: &str, due: &str, status: &str| {
        repo.write(path, &action(id, due, status));
    };
    let commit = |message: &str, author: &str, n: u32| {
        repo.commit_by(message, author, &day(n));
    };
    write(first, "ACT-2025-0001", "2025-03-31", "in-progress");
    write(second, "ACT-2025-0002", "2025-06-30", "agreed");
    write(third, "ACT-2025-0003", "2025-07-31", "agreed");
    commit("Agree three actions", ANN, 1);
    write(first, "ACT-2025-0001", "2025-05-01", "in-progress");
    commit("More time for the template", ANN, 2);
    fs::create_dir_all(repo.path("records/actions/2025")).unwrap();
    let moved = "records/actions/2025/ACT-2025-0001.yaml";
    repo.git(&["mv", first, moved]);
    commit("File by year", BOB, 3);
    write(moved, "ACT-2025-0001", "2025-04-21", "in-progress");
    commit("Bring the template forward", ANN, 4);
    write(second, "ACT-2025-0002", "2025-06-30", "in-progress");
    commit("Start the second action", BOB, 5);
    write(third, "ACT-2025-0003", "2025-08-10", "agreed");
    repo
}

fn qaledger(root: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["--as-of", "2025-06-30", "--color", "never"])
        .arg("tracker")
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap()
}

#[test]
fn history_counts_moves_across_a_rename_and_names_the_last_change() {
    if !git::available() {
        return;
    }
    let repo = build();
    let root = &repo.root;
    let out = qaledger(root, &["--history", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let history: Vec<(Value, Value)> = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].clone(), r["history"].clone()))
        .collect();
    // Rows by due: 0001 (04-21), 0002 (06-30), 0003 (08-10 in the working tree).
    // 0001: 03-31 → 05-01 is +31 days (30 of April + 1), 05-01 → 04-21 is −10: two moves,
    // 21 days in sum and net; four commits (add, move, rename, move), last by Ann on 04-04.
    // 0002: its status changed, never its due: 0 moves; last by Bob on 04-05, two commits.
    // 0003: one commit; the uncommitted 07-31 → 08-10 is no committed move, but the net
    // from the first agreed date to the current one is +10.
    assert_eq!(
        history,
        vec![
            (
                json!("ACT-2025-0001"),
                json!({
                    "first_due": "2025-03-31",
                    "due_changes": 2,
                    "due_moved_days": 21,
                    "due_net_days": 21,
                    "last_changed": "2025-04-04T10:00:00+01:00",
                    "last_changed_by": ANN,
                    "commits": 4,
                    "last_move_reason": null
                })
            ),
            (
                json!("ACT-2025-0002"),
                json!({
                    "first_due": "2025-06-30",
                    "due_changes": 0,
                    "due_moved_days": 0,
                    "due_net_days": 0,
                    "last_changed": "2025-04-05T10:00:00+01:00",
                    "last_changed_by": BOB,
                    "commits": 2,
                    "last_move_reason": null
                })
            ),
            (
                json!("ACT-2025-0003"),
                json!({
                    "first_due": "2025-07-31",
                    "due_changes": 0,
                    "due_moved_days": 0,
                    "due_net_days": 10,
                    "last_changed": "2025-04-01T10:00:00+01:00",
                    "last_changed_by": ANN,
                    "commits": 1,
                    "last_move_reason": null
                })
            ),
        ]
    );
}

#[test]
fn without_the_flag_history_is_null_and_csv_has_no_history_columns() {
    if !git::available() {
        return;
    }
    let repo = build();
    let root = &repo.root;
    let out = qaledger(root, &["--format", "json"]);
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(value["rows"][0]["history"].is_null());
    let plain = qaledger(root, &["--format", "csv", "--no-bom"]);
    let header = String::from_utf8(plain.stdout).unwrap();
    assert!(!header.lines().next().unwrap().contains("first_due"));
    let with = qaledger(root, &["--history", "--format", "csv", "--no-bom"]);
    let text = String::from_utf8(with.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(
        ",first_due,due_changes,due_moved_days,due_net_days,last_changed,last_changed_by,last_move_reason,left_out"
    ));
    // ACT-0001's row ends with the hand-worked figures of the test above (and an empty
    // `left_out`: it was used).
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",2025-03-31,2,21,21,2025-04-04T10:00:00+01:00,Ann Auditor,,")
    );
}

#[test]
fn history_outside_git_is_a_usage_error_and_plain_tracker_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test Council\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions");
    std::fs::create_dir_all(&actions).unwrap();
    std::fs::write(
        actions.join("ACT-2025-0001.yaml"),
        action("ACT-2025-0001", "2025-03-31", "agreed"),
    )
    .unwrap();
    // A ceiling stops git from finding a repository above the temporary folder.
    let run = |args: &[&str]| {
        Command::cargo_bin("qaledger")
            .unwrap()
            .arg("--root")
            .arg(root)
            .args(["--as-of", "2025-06-30", "tracker"])
            .args(args)
            .env("GIT_CEILING_DIRECTORIES", root.parent().unwrap())
            .env_remove("GIT_DIR")
            .output()
            .unwrap()
    };
    let out = run(&["--history"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not in a git repository") || stderr.contains("git is not installed"),
        "{stderr}"
    );
    assert_eq!(run(&[]).status.code(), Some(0));
}
