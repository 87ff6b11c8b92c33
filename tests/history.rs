//! `log` and `diff` over throwaway git repositories: edits, a rename, a deletion, a due date moved twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::{Value, json};

fn git_available() -> bool {
    Process::new("git").arg("--version").output().is_ok()
}

fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Ann Auditor",
            "-c",
            "user.email=ann@example.org",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
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
         agreed:\n  forum: Practice quality board\n  date: 2025-01-15\n\
         themes:\n  - voice\n  - assessment\n\
         owner: {owner}\n\
         due: {due}\n\
         status: {status}\n{completed}"
    )
}

const SECOND: &str = "id: ACT-2025-0002\ntitle: Duplicate of the first\nlearning: Same.\naction: Same.\nlevel: collective\nsource:\n  type: other\nowner: jsmith\ndue: 2025-06-30\nstatus: agreed\n";

struct Repo {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    /// Commit hashes, oldest first.
    commits: Vec<String>,
}

/// c1 adds two actions; c2 moves ACT-0001's due date; c3 renames it into 2025/; c4 completes
/// it, moves its due date again and hands it to another owner; c5 deletes ACT-0002.
fn build() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let d = |n: u32| format!("2025-04-0{n}T10:00:00+01:00");
    git(&root, &["init", "-q", "-b", "main"], &d(1));
    std::fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test Council\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions");
    std::fs::create_dir_all(actions.join("2025")).unwrap();
    let first = actions.join("ACT-2025-0001.yaml");
    std::fs::write(&first, action("2025-03-31", "in-progress", "jsmith", None)).unwrap();
    std::fs::write(actions.join("ACT-2025-0002.yaml"), SECOND).unwrap();
    let mut commits = Vec::new();
    let mut commit = |message: &str, n: u32| {
        git(&root, &["add", "-A"], &d(n));
        git(&root, &["commit", "-q", "-m", message], &d(n));
        commits.push(git(&root, &["rev-parse", "HEAD"], &d(n)));
    };
    commit("Agree two actions", 1);
    std::fs::write(&first, action("2025-05-30", "in-progress", "jsmith", None)).unwrap();
    commit("Give the template work more time", 2);
    git(
        &root,
        &[
            "mv",
            "records/actions/ACT-2025-0001.yaml",
            "records/actions/2025/ACT-2025-0001.yaml",
        ],
        &d(3),
    );
    commit("File actions by year", 3);
    let moved = actions.join("2025/ACT-2025-0001.yaml");
    std::fs::write(
        &moved,
        action("2025-05-20", "completed", "akhan", Some("2025-05-15")),
    )
    .unwrap();
    commit("Complete the template action\n\nBoard agreed on 15 May.", 4);
    std::fs::remove_file(actions.join("ACT-2025-0002.yaml")).unwrap();
    commit("Remove the duplicate action", 5);
    Repo {
        _dir: dir,
        root,
        commits,
    }
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
    if !git_available() {
        eprintln!("git is not installed: skipping");
        return;
    }
    let repo = build();
    let c = &repo.commits;
    let old = "records/actions/ACT-2025-0001.yaml";
    let new = "records/actions/2025/ACT-2025-0001.yaml";
    // Newest first; c5 does not touch ACT-2025-0001, so it is not listed.
    // c4: due 2025-05-30 → 2025-05-20 is 10 days earlier; completed newly set with no
    // impact.measured, and the action schema's impact-review deadline applies when
    // `completed` is set and is done by `impact.measured`.
    // c2: 2025-03-31 → 2025-05-30 is 30 (to 30 April) + 30 = 60 days later.
    let expected = json!({
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
    });
    assert_eq!(run_json(&repo.root, &["log", "ACT-2025-0001"]), expected);
}

#[test]
fn diff_between_two_commits_reads_the_net_change_for_governance() {
    if !git_available() {
        eprintln!("git is not installed: skipping");
        return;
    }
    let repo = build();
    let c = &repo.commits;
    // c1 → c5 net: renamed, due 2025-03-31 → 2025-05-20 (30 + 20 = 50 days later), completed,
    // new owner; ACT-2025-0002 removed. Sorted by path: "2025/…" sorts before "ACT-…".
    let expected = json!({
        "schema_version": 1,
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
                "readings": [{"reading": "removed"}], "changes": []
            }
        ]
    });
    assert_eq!(run_json(&repo.root, &["diff", &c[0], "HEAD"]), expected);
}

#[test]
fn diff_defaults_to_main_against_the_working_tree() {
    if !git_available() {
        eprintln!("git is not installed: skipping");
        return;
    }
    let repo = build();
    let root = &repo.root;
    git(
        root,
        &["checkout", "-q", "-b", "review"],
        "2025-04-06T10:00:00+01:00",
    );
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
    let expected = json!({
        "schema_version": 1,
        "base": repo.commits[4],
        "head": null,
        "records": [
            {
                "id": "ACT-2025-0001", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0001.yaml", "renamed_from": null,
                "readings": [
                    {"reading": "due-moved", "field": "due", "before": "2025-05-20", "after": "2025-05-21", "days": 1}
                ],
                "changes": [{"field": "due", "before": "2025-05-20", "after": "2025-05-21"}]
            },
            {
                "id": "ACT-2025-0003", "kind": "action",
                "path": "records/actions/2025/ACT-2025-0003.yaml", "renamed_from": null,
                "readings": [{"reading": "added"}], "changes": []
            }
        ]
    });
    assert_eq!(run_json(root, &["diff"]), expected);
}

#[test]
fn an_option_like_base_is_refused() {
    if !git_available() {
        eprintln!("git is not installed: skipping");
        return;
    }
    let repo = build();
    Command::cargo_bin("qaledger")
        .unwrap()
        .arg("--root")
        .arg(&repo.root)
        .args(["diff", "--output=/tmp/x"])
        .assert()
        .failure();
}
