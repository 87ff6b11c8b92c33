//! `log` and `diff` over throwaway git repositories: edits, a rename, a deletion, a due date moved twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::common::git::{self, Repo};

/// The author of every commit.
const ANN: &str = "Ann Auditor";

/// The date of commit `n`: 2025-04-0n, 10:00 BST.
fn day(n: u32) -> String {
    format!("2025-04-0{n}T10:00:00+01:00")
}

fn action(due: &str, status: &str, owner: &str, completed: Option<&str>) -> String {
    let completed = completed.map_or(String::new(), |c| format!("completed: {c}\n"));
    format!(
        "id: ACT-2025-0001\n\
         title: Record the person's views in every assessment\n\
         learning: Audits found the person's own views missing from too many assessments this year.\n\
         action: Add a prompt for the person's views to the assessment template and brief the teams.\n\
         level: collective\n\
         source:\n  type: other\n\
         agreed:\n  forum: practice-governance-board\n  date: 2025-01-15\n\
         themes:\n  - voice\n  - assessment\n\
         owner: {owner}\n\
         due: {due}\n\
         status: {status}\n{completed}"
    )
}

const SECOND: &str = "id: ACT-2025-0002\ntitle: Duplicate of the first\nlearning: Same.\naction: Same.\nlevel: collective\nsource:\n  type: other\nowner: jsmith\ndue: 2025-06-30\nstatus: agreed\n";

/// c1 adds two actions; c2 moves ACT-0001's due date; c3 renames it into 2025/; c4 completes
/// it, moves its due date again and hands it to another owner; c5 deletes ACT-0002. The
/// repository and its commit hashes, oldest first.
fn build() -> (Repo, Vec<String>) {
    build_in("")
}

/// `build` with the records root at `sub` below the top of the git work tree (`""`: at it).
fn build_in(sub: &str) -> (Repo, Vec<String>) {
    let repo = Repo::init("").with_root(sub);
    repo.write("qaledger.toml", "[organisation]\nname = \"Test Council\"\n");
    fs::create_dir_all(repo.path("records/actions/2025")).unwrap();
    let first = "records/actions/ACT-2025-0001.yaml";
    repo.write(first, &action("2025-03-31", "in-progress", "jsmith", None));
    repo.write("records/actions/ACT-2025-0002.yaml", SECOND);
    let mut commits = Vec::new();
    let mut commit = |message: &str, n: u32| commits.push(repo.commit_by(message, ANN, &day(n)));
    commit("Agree two actions", 1);
    repo.write(first, &action("2025-05-30", "in-progress", "jsmith", None));
    commit("Give the template work more time", 2);
    repo.git(&["mv", first, "records/actions/2025/ACT-2025-0001.yaml"]);
    commit("File actions by year", 3);
    repo.write(
        "records/actions/2025/ACT-2025-0001.yaml",
        &action("2025-05-20", "completed", "akhan", Some("2025-05-15")),
    );
    commit("Complete the template action\n\nBoard agreed on 15 May.", 4);
    repo.remove("records/actions/ACT-2025-0002.yaml");
    commit("Remove the duplicate action", 5);
    (repo, commits)
}

fn run_json(root: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["--as-of", "2025-06-30"])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn log_follows_a_record_across_its_rename_field_by_field() {
    if !git::available() {
        return;
    }
    let (repo, commits) = build();
    assert_eq!(
        run_json(&repo.root, &["log", "ACT-2025-0001"]),
        expected_log(&commits)
    );
}

/// What `log ACT-2025-0001` prints over `build`'s history, as JSON.
fn expected_log(c: &[String]) -> Value {
    let old = "records/actions/ACT-2025-0001.yaml";
    let new = "records/actions/2025/ACT-2025-0001.yaml";
    // Newest first; c5 does not touch ACT-2025-0001, so it is not listed.
    // c4: due 2025-05-30 → 2025-05-20 is 10 days earlier; completed newly set with no
    // impact.measured, and the action schema's impact-review deadline applies when
    // `completed` is set and is done by `impact.measured`.
    // c2: 2025-03-31 → 2025-05-30 is 30 (to 30 April) + 30 = 60 days later.
    json!({
        "schema_version": 1,
        "id": "ACT-2025-0001",
        "path": new,
        "commits": [
            {
                "commit": c[3], "author": "Ann Auditor", "date": "2025-04-04T10:00:00+01:00",
                "subject": "Complete the template action", "path": new, "renamed_from": null,
                "readings": [
                    {"reading": "status-changed", "field": "status", "before": "in-progress", "after": "completed"},
                    {"reading": "due-moved", "field": "due", "before": "2025-05-30", "after": "2025-05-20", "days": -10},
                    {"reading": "owner-changed", "field": "owner", "before": "jsmith", "after": "akhan"},
                    {"reading": "closed-without-follow-up", "done": "completed", "deadline": "impact-review", "missing": "impact.measured"}
                ],
                "changes": [
                    {"field": "completed", "before": null, "after": "2025-05-15"},
                    {"field": "due", "before": "2025-05-30", "after": "2025-05-20"},
                    {"field": "owner", "before": "jsmith", "after": "akhan"},
                    {"field": "status", "before": "in-progress", "after": "completed"}
                ]
            },
            {
                "commit": c[2], "author": "Ann Auditor", "date": "2025-04-03T10:00:00+01:00",
                "subject": "File actions by year", "path": new, "renamed_from": old,
                "readings": [], "changes": []
            },
            {
                "commit": c[1], "author": "Ann Auditor", "date": "2025-04-02T10:00:00+01:00",
                "subject": "Give the template work more time", "path": old, "renamed_from": null,
                "readings": [
                    {"reading": "due-moved", "field": "due", "before": "2025-03-31", "after": "2025-05-30", "days": 60}
                ],
                "changes": [{"field": "due", "before": "2025-03-31", "after": "2025-05-30"}]
            },
            {
                "commit": c[0], "author": "Ann Auditor", "date": "2025-04-01T10:00:00+01:00",
                "subject": "Agree two actions", "path": old, "renamed_from": null,
                "readings": [{"reading": "added"}], "changes": []
            }
        ]
    })
}

/// The record's file is missing at some revisions of its history: deleted, then added again.
#[test]
fn log_reads_a_record_deleted_and_added_again() {
    if !git::available() {
        return;
    }
    let (repo, hashes) = build();
    let path = "records/actions/2025/ACT-2025-0001.yaml";
    repo.remove(path);
    let c6 = repo.commit_by("Remove the action by mistake", ANN, &day(6));
    repo.write(path, &action("2025-06-30", "in-progress", "jsmith", None));
    let c7 = repo.commit_by("Restore the action", ANN, &day(7));
    let log = run_json(&repo.root, &["log", "ACT-2025-0001"]);
    let commits = log["commits"].as_array().unwrap();
    // Newest first: added again (nothing to compare with), removed, then the four commits
    // before, the one that completed it still compared with its earlier version.
    let summary: Vec<(&str, &str, Value)> = commits
        .iter()
        .map(|c| {
            (
                c["commit"].as_str().unwrap(),
                c["path"].as_str().unwrap(),
                c["readings"].clone(),
            )
        })
        .collect();
    assert_eq!(summary.len(), 6, "{log}");
    assert_eq!(
        summary[0],
        (c7.as_str(), path, json!([{"reading": "added"}]))
    );
    assert_eq!(
        summary[1],
        (c6.as_str(), path, json!([{"reading": "removed"}]))
    );
    assert_eq!(summary[2].0, hashes[3]);
    assert_eq!(
        summary[2].2[0],
        json!({"reading": "status-changed", "field": "status", "before": "in-progress", "after": "completed"})
    );
    assert_eq!(commits[0]["changes"], json!([]));
    assert_eq!(summary[5].2, json!([{"reading": "added"}]));
}

#[test]
fn diff_between_two_commits_reads_the_net_change_for_governance() {
    if !git::available() {
        return;
    }
    let (repo, commits) = build();
    let c = &commits;
    assert_eq!(
        run_json(&repo.root, &["diff", &c[0], "HEAD"]),
        expected_diff(c)
    );
}

/// What `diff C1 HEAD` prints over `build`'s history, as JSON.
fn expected_diff(c: &[String]) -> Value {
    // c1 → c5 net: renamed, due 2025-03-31 → 2025-05-20 (30 + 20 = 50 days later), completed,
    // new owner; ACT-2025-0002 removed. Sorted by path: "2025/…" sorts before "ACT-…".
    // Deadlines at as-of 2025-06-30: at c1 the completion deadline (due 2025-03-31, not done)
    // was overdue; at c5 it is met on 2025-05-15, 5 days before its due 2025-05-20: newly met,
    // days −5. The impact review it opens is due 2025-05-15 + 3 months = 2025-08-15, not yet
    // due. The removed ACT-2025-0002 has no deadline at c5, so nothing to report.
    json!({
        "schema_version": 1,
        "as_of": "2025-06-30",
        "base": c[0],
        "head": c[4],
        "records": [
            {
                "id": "ACT-2025-0001", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0001.yaml",
                "renamed_from": "records/actions/ACT-2025-0001.yaml",
                "readings": [
                    {"reading": "status-changed", "field": "status", "before": "in-progress", "after": "completed"},
                    {"reading": "due-moved", "field": "due", "before": "2025-03-31", "after": "2025-05-20", "days": 50},
                    {"reading": "owner-changed", "field": "owner", "before": "jsmith", "after": "akhan"},
                    {"reading": "closed-without-follow-up", "done": "completed", "deadline": "impact-review", "missing": "impact.measured"}
                ],
                "deadlines": [
                    {"deadline": "completion", "change": "newly-met", "due": "2025-05-20", "days": -5}
                ],
                "changes": [
                    {"field": "completed", "before": null, "after": "2025-05-15"},
                    {"field": "due", "before": "2025-03-31", "after": "2025-05-20"},
                    {"field": "owner", "before": "jsmith", "after": "akhan"},
                    {"field": "status", "before": "in-progress", "after": "completed"}
                ]
            },
            {
                "id": "ACT-2025-0002", "kind": "action",
                "path": "records/actions/ACT-2025-0002.yaml", "renamed_from": null,
                "readings": [{"reading": "removed"}], "deadlines": [], "changes": []
            }
        ]
    })
}

#[test]
fn diff_defaults_to_main_against_the_working_tree() {
    if !git::available() {
        return;
    }
    let (repo, commits) = build();
    let root = &repo.root;
    repo.branch("review");
    // Uncommitted: the due date moves from 2025-05-20 to 2025-05-21 (1 day later), and a new
    // untracked record appears.
    let moved = root.join("records/actions/2025/ACT-2025-0001.yaml");
    std::fs::write(
        &moved,
        action("2025-05-21", "completed", "akhan", Some("2025-05-15")),
    )
    .unwrap();
    std::fs::write(
        root.join("records/actions/2025/ACT-2025-0003.yaml"),
        SECOND.replace("0002", "0003"),
    )
    .unwrap();
    // Deadlines at 2025-06-30: ACT-2025-0001's completion was met before and after; the new
    // ACT-2025-0003 is due on as-of itself, which is not yet overdue.
    let expected = json!({
        "schema_version": 1,
        "as_of": "2025-06-30",
        "base": commits[4],
        "head": null,
        "records": [
            {
                "id": "ACT-2025-0001", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0001.yaml", "renamed_from": null,
                "readings": [
                    {"reading": "due-moved", "field": "due", "before": "2025-05-20", "after": "2025-05-21", "days": 1}
                ],
                "deadlines": [],
                "changes": [{"field": "due", "before": "2025-05-20", "after": "2025-05-21"}]
            },
            {
                "id": "ACT-2025-0003", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0003.yaml", "renamed_from": null,
                "readings": [{"reading": "added"}], "deadlines": [], "changes": []
            }
        ]
    });
    assert_eq!(run_json(root, &["diff"]), expected);
}

/// On top of `build`: c6 on main agrees ACT-2025-0004 (due 2025-07-31) and ACT-2025-0005 (due
/// 2025-06-20); c7 on branch `review` brings ACT-0004's due date forward to 2025-06-16 and
/// completes ACT-0005 on 2025-06-25.
fn build_deadline_branch() -> (Repo, String, String) {
    let (repo, _) = build();
    let write = |n: &str, due: &str, status: &str, completed: Option<&str>| {
        let text = action(due, status, "jsmith", completed).replace("ACT-2025-0001", n);
        repo.write(&format!("records/actions/2025/{n}.yaml"), &text);
    };
    write("ACT-2025-0004", "2025-07-31", "in-progress", None);
    write("ACT-2025-0005", "2025-06-20", "in-progress", None);
    let c6 = repo.commit_by("Agree two more actions", ANN, &day(6));
    repo.branch("review");
    write("ACT-2025-0004", "2025-06-16", "in-progress", None);
    write(
        "ACT-2025-0005",
        "2025-06-20",
        "completed",
        Some("2025-06-25"),
    );
    let c7 = repo.commit_by("Bring one forward, close the other", ANN, &day(7));
    (repo, c6, c7)
}

#[test]
fn diff_reads_deadlines_newly_overdue_and_newly_met_at_as_of() {
    if !git::available() {
        return;
    }
    let (repo, c6, c7) = build_deadline_branch();
    // At as-of 2025-06-30:
    // - ACT-2025-0004: due 2025-07-31 → 2025-06-16 is 31 (back to 30 June) + 14 = 45 days
    //   earlier. At main its completion deadline was not yet due; at `review` it is 14 days
    //   overdue (16 → 30 June): newly overdue.
    // - ACT-2025-0005: at main its completion (due 2025-06-20, not done) was overdue; at
    //   `review` it was met on 2025-06-25, 5 days late: newly met, days 5. Its impact review is
    //   due 2025-06-25 + 3 months = 2025-09-25, not yet due, so not reported.
    let expected = json!({
        "schema_version": 1,
        "as_of": "2025-06-30",
        "base": c6,
        "head": c7,
        "records": [
            {
                "id": "ACT-2025-0004", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0004.yaml", "renamed_from": null,
                "readings": [
                    {"reading": "due-moved", "field": "due", "before": "2025-07-31", "after": "2025-06-16", "days": -45}
                ],
                "deadlines": [
                    {"deadline": "completion", "change": "newly-overdue", "due": "2025-06-16", "days": 14}
                ],
                "changes": [{"field": "due", "before": "2025-07-31", "after": "2025-06-16"}]
            },
            {
                "id": "ACT-2025-0005", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0005.yaml", "renamed_from": null,
                "readings": [
                    {"reading": "status-changed", "field": "status", "before": "in-progress", "after": "completed"},
                    {"reading": "closed-without-follow-up", "done": "completed", "deadline": "impact-review", "missing": "impact.measured"}
                ],
                "deadlines": [
                    {"deadline": "completion", "change": "newly-met", "due": "2025-06-20", "days": 5}
                ],
                "changes": [
                    {"field": "completed", "before": null, "after": "2025-06-25"},
                    {"field": "status", "before": "in-progress", "after": "completed"}
                ]
            }
        ]
    });
    assert_eq!(run_json(&repo.root, &["diff", "main", "review"]), expected);

    // The same reading for people, and in Markdown for a pull request.
    let human = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args([
            "--as-of",
            "2025-06-30",
            "--color",
            "never",
            "diff",
            "main",
            "review",
        ])
        .output()
        .unwrap();
    let expected_human = format!(
        "Records changed from {c6} to {c7}: 2 (deadlines as at 2025-06-30)\n\
         \n\
         action ACT-2025-0004 (records/actions/2025/ACT-2025-0004.yaml)\n\
         \x20 * due moved 45 days earlier: 2025-07-31 → 2025-06-16\n\
         \x20 * completion newly overdue: 14 days overdue (due 2025-06-16)\n\
         \x20 due: 2025-07-31 → 2025-06-16\n\
         \n\
         action ACT-2025-0005 (records/actions/2025/ACT-2025-0005.yaml)\n\
         \x20 * status: in-progress → completed\n\
         \x20 * completed set without impact.measured: the impact-review deadline is still open\n\
         \x20 * completion newly met, 5 days late (due 2025-06-20)\n\
         \x20 completed: (none) → 2025-06-25\n\
         \x20 status: in-progress → completed\n"
    );
    assert_eq!(String::from_utf8(human.stdout).unwrap(), expected_human);

    let markdown = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args([
            "--as-of",
            "2025-06-30",
            "--color",
            "never",
            "diff",
            "main",
            "review",
        ])
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(
        markdown.contains("- **completion newly overdue: 14 days overdue (due 2025-06-16)**\n")
    );
    assert!(markdown.contains("- **completion newly met, 5 days late (due 2025-06-20)**\n"));
}

#[test]
fn deadline_readings_depend_on_as_of() {
    if !git::available() {
        return;
    }
    let (repo, _, _) = build_deadline_branch();
    // At 2025-06-10 neither due date (16 and 20 June) has passed, and the completion on
    // 25 June has not happened yet (a done date after as-of does not count): nothing changes
    // standing, though the field changes are the same.
    let out = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args([
            "--as-of",
            "2025-06-10",
            "diff",
            "main",
            "review",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff: Value = serde_json::from_slice(&out.stdout).unwrap();
    let records = diff["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    for record in records {
        assert_eq!(record["deadlines"], json!([]), "{record}");
    }
}

#[test]
fn an_option_like_base_is_refused() {
    if !git::available() {
        return;
    }
    let (repo, _) = build();
    Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args(["diff", "--output=/tmp/x"])
        .assert()
        .failure();
}

/// Issue 12: a records root below the top of the git work tree (as `examples/northshire` is
/// in qaledger's own repository) printed only `log`'s header. `log` and `diff` read the same
/// history wherever the root sits.
#[test]
fn log_and_diff_read_a_records_root_below_the_top_of_the_work_tree() {
    if !git::available() {
        return;
    }
    let (repo, commits) = build_in("council/quality");
    let c = &commits;
    assert_eq!(
        run_json(&repo.root, &["log", "ACT-2025-0001"]),
        expected_log(c)
    );
    assert_eq!(
        run_json(&repo.root, &["diff", &c[0], "HEAD"]),
        expected_diff(c)
    );
}

/// A record that was never committed has no history, and `log` says so (exit 0: the answer
/// is true, there is none yet).
#[test]
fn log_of_a_record_not_yet_committed_says_it_has_no_history() {
    if !git::available() {
        return;
    }
    let (repo, _) = build_in("council/quality");
    std::fs::write(
        repo.root.join("records/actions/2025/ACT-2025-0003.yaml"),
        SECOND.replace("0002", "0003"),
    )
    .unwrap();
    let out = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args(["--as-of", "2025-06-30", "log", "ACT-2025-0003"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ACT-2025-0003 (records/actions/2025/ACT-2025-0003.yaml)\n\n\
         no history: records/actions/2025/ACT-2025-0003.yaml has not been committed yet (git add it and commit)\n"
    );
}

/// Outside git there is no history to read: exit 2, saying why.
#[test]
fn log_outside_git_says_there_is_no_history() {
    if !git::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("council");
    std::fs::create_dir_all(root.join("records/actions")).unwrap();
    std::fs::write(root.join("qaledger.toml"), "").unwrap();
    std::fs::write(root.join("records/actions/ACT-2025-0002.yaml"), SECOND).unwrap();
    let out = Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&root)
        .args(["--as-of", "2025-06-30", "log", "ACT-2025-0002"])
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: ACT-2025-0002 has no history: {} is not in a git repository, and `log` reads the history git keeps (run `git init` and commit the records)\n",
            root.display()
        )
    );
}

/// The README's own example, run from qaledger's repository: the example council sits below
/// the top of its work tree.
#[test]
fn the_readme_log_example_lists_commits() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let in_git = Process::new("git")
        .arg("-C")
        .arg(manifest)
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!("not in a git work tree with commits: skipping");
        return;
    }
    let log = run_json(
        &manifest.join("examples/northshire"),
        &["log", "ACT-2025-0003"],
    );
    let commits = log["commits"].as_array().unwrap();
    assert!(!commits.is_empty(), "{log}");
    assert_eq!(
        commits.last().unwrap()["readings"],
        json!([{"reading": "added"}])
    );
}
