//! End-to-end tests of `qaledger check --changed-since REF` on throwaway git repositories.
//!
//! Each test commits a small valid records repository on `main` (three actions; the audit
//! AUD-2025-0001 names ACT-2025-0001 and ACT-2025-0002), branches, changes records, and asserts
//! exactly which (file, code, line) the JSON report holds and the exit status. Every test is
//! skipped, with a note, when `git` is not on PATH.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::git::{self, Repo};
use crate::common::{AS_OF, Run, qaledger};

fn action(id: &str, status: &str) -> String {
    format!(
        "id: {id}\ntitle: Action {id}\nlearning: Something was learnt.\naction: Do something about it.\nsource: {{type: other}}\nlevel: collective\nowner: jsmith\ndue: 2025-09-30\nstatus: {status}\n"
    )
}

/// Line 5 is `actions: [ACT-2025-0001, ACT-2025-0002]`: the second id starts at column 26.
const AUDIT: &str = "id: AUD-2025-0001\ntype: persons-journey\nstatus: planned\nauditor: jsmith\nactions: [ACT-2025-0001, ACT-2025-0002]\n";

/// A records repository committed on `main`, in a temporary folder.
fn base() -> Repo {
    let repo = Repo::init("origin");
    repo.write("qaledger.toml", "[organisation]\nname = \"Test Council\"\n");
    for id in ["ACT-2025-0001", "ACT-2025-0002", "ACT-2025-0003"] {
        repo.write(
            &format!("records/actions/{id}.yaml"),
            &action(id, "in-progress"),
        );
    }
    repo.write("records/audits/AUD-2025-0001.yaml", AUDIT);
    repo.commit("base");
    repo
}

/// `qaledger check --changed-since REV --format json`, run in `root` (no `--root`).
fn check(root: &Path, rev: &str) -> Run {
    check_with(root, rev, |_| {})
}

fn check_with(root: &Path, rev: &str, tweak: impl FnOnce(&mut Command)) -> Run {
    let mut cmd = qaledger();
    cmd.current_dir(root)
        .args(["check", "--format", "json"])
        .args(["--changed-since", rev]);
    tweak(&mut cmd);
    Run::of(&mut cmd)
}

impl Run {
    /// The (file, code, line) of each diagnostic, in report order; none when stdout is not a
    /// JSON report.
    fn reported(&self) -> Vec<(String, String, u64)> {
        serde_json::from_str::<Value>(&self.stdout)
            .ok()
            .map(|report| {
                report["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        (
                            d["file"].as_str().unwrap().to_owned(),
                            d["code"].as_str().unwrap().to_owned(),
                            d["line"].as_u64().unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn triple(file: &str, code: &str, line: u64) -> (String, String, u64) {
    (file.to_owned(), code.to_owned(), line)
}

#[test]
fn a_changed_file_is_reported_and_an_unchanged_files_error_is_not() {
    if !git::available() {
        return;
    }
    let repo = base();
    // A pre-existing error on main: `done` is not an action status (line 9).
    repo.write(
        "records/actions/ACT-2025-0003.yaml",
        &action("ACT-2025-0003", "done"),
    );
    repo.commit("an old mistake");
    repo.branch("feature");
    // Modified: ACT-2025-0001 gets a wrong status; added: ACT-2025-0004, also wrong. Both
    // `schema-enum` at line 9; ACT-2025-0003's error is not this branch's.
    repo.write(
        "records/actions/ACT-2025-0001.yaml",
        &action("ACT-2025-0001", "bogus"),
    );
    repo.write(
        "records/actions/ACT-2025-0004.yaml",
        &action("ACT-2025-0004", "finished"),
    );
    repo.commit("changes");
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [
            triple("records/actions/ACT-2025-0001.yaml", "schema-enum", 9),
            triple("records/actions/ACT-2025-0004.yaml", "schema-enum", 9),
        ]
    );
    // Two files, two records checked.
    let report = run.json();
    assert_eq!(report["summary"]["files"], 2);

    // An uncommitted, untracked record counts as added (the base is compared with the
    // working tree): ACT-2025-0005 with status `over` is reported too.
    repo.write(
        "records/actions/ACT-2025-0005.yaml",
        &action("ACT-2025-0005", "over"),
    );
    let run = check(&repo.root, "main");
    assert_eq!(run.reported().len(), 3);
    assert_eq!(
        run.reported()[2],
        triple("records/actions/ACT-2025-0005.yaml", "schema-enum", 9)
    );

    // Nothing changed since HEAD but the untracked file: only it is checked.
    repo.remove("records/actions/ACT-2025-0005.yaml");
    let run = check(&repo.root, "feature");
    assert_eq!((run.status, run.reported().len()), (0, 0), "{}", run.stderr);
}

#[test]
fn a_deleted_record_still_referenced_is_reported_at_the_unchanged_referencing_file() {
    if !git::available() {
        return;
    }
    let repo = base();
    repo.branch("feature");
    // ACT-2025-0002 is named by the audit (line 5, column 26); ACT-2025-0003 by nothing.
    repo.git(&["rm", "-q", "records/actions/ACT-2025-0002.yaml"]);
    repo.git(&["rm", "-q", "records/actions/ACT-2025-0003.yaml"]);
    repo.commit("remove two actions");
    let d = deleted_action_reported_at_the_audit(&repo, "records/actions/ACT-2025-0002.yaml");
    assert_eq!(d["column"], 26);
    assert_eq!(d["severity"], "error");
}

/// `check --changed-since main` fails with one error, at the audit's line 5, saying that the
/// action it names was deleted (from `path`); returns that diagnostic.
fn deleted_action_reported_at_the_audit(repo: &Repo, path: &str) -> Value {
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/audits/AUD-2025-0001.yaml",
            "reference-missing",
            5
        )]
    );
    let report = run.json();
    let d = report["diagnostics"][0].clone();
    assert_eq!(
        d["message"],
        format!(
            "`actions[1]` names `ACT-2025-0002`, but that record was deleted on this branch ({path})"
        )
    );
    d
}

#[test]
fn a_deleted_record_with_an_upper_case_extension_is_still_a_deleted_record() {
    if !git::available() {
        return;
    }
    let repo = base();
    // `.YAML` is a record file like `.yaml` (discover::is_yaml); its deletion must be seen too.
    repo.git(&[
        "mv",
        "records/actions/ACT-2025-0002.yaml",
        "records/actions/ACT-2025-0002.YAML",
    ]);
    repo.commit("upper-case extension");
    repo.branch("feature");
    repo.git(&["rm", "-q", "records/actions/ACT-2025-0002.YAML"]);
    repo.commit("remove the action");
    deleted_action_reported_at_the_audit(&repo, "records/actions/ACT-2025-0002.YAML");
}

#[test]
fn a_renamed_file_is_checked() {
    if !git::available() {
        return;
    }
    let repo = base();
    repo.branch("feature");
    // Renamed without changing its id: its file name no longer matches (id on line 1).
    repo.git(&[
        "mv",
        "records/actions/ACT-2025-0003.yaml",
        "records/actions/ACT-2025-0009.yaml",
    ]);
    repo.commit("rename");
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/actions/ACT-2025-0009.yaml",
            "id-file-name-mismatch",
            1
        )]
    );

    // Renamed with its id: ACT-2025-0002 becomes ACT-2025-0008, so the audit's reference
    // (5:26) now dangles, and the message says it was renamed.
    repo.git(&[
        "mv",
        "records/actions/ACT-2025-0009.yaml",
        "records/actions/ACT-2025-0003.yaml",
    ]);
    repo.git(&[
        "mv",
        "records/actions/ACT-2025-0002.yaml",
        "records/actions/ACT-2025-0008.yaml",
    ]);
    repo.write(
        "records/actions/ACT-2025-0008.yaml",
        &action("ACT-2025-0008", "in-progress"),
    );
    repo.commit("renumber");
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/audits/AUD-2025-0001.yaml",
            "reference-missing",
            5
        )]
    );
    assert!(
        run.stdout.contains("renamed on this branch, from records/actions/ACT-2025-0002.yaml to records/actions/ACT-2025-0008.yaml"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_branch_behind_main_is_judged_on_its_own_changes() {
    if !git::available() {
        return;
    }
    let repo = base();
    repo.write(
        "records/actions/ACT-2025-0003.yaml",
        &action("ACT-2025-0003", "done"),
    );
    repo.commit("an old mistake");
    repo.branch("feature");
    repo.write(
        "records/actions/ACT-2025-0001.yaml",
        &action("ACT-2025-0001", "bogus"),
    );
    repo.commit("feature work");
    // main moves on after the branch left it: the old mistake is fixed there. Compared with
    // main's tip, ACT-2025-0003 differs on the branch (and is wrong there); compared with the
    // merge-base, it did not change, so only ACT-2025-0001 is the branch's.
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "records/actions/ACT-2025-0003.yaml",
        &action("ACT-2025-0003", "completed"),
    );
    repo.commit("fix on main");
    repo.git(&["checkout", "-q", "feature"]);
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/actions/ACT-2025-0001.yaml",
            "schema-enum",
            9
        )]
    );
}

#[test]
fn the_records_root_may_be_a_sub_folder_of_the_work_tree() {
    if !git::available() {
        return;
    }
    let repo = Repo::init("").with_root("qa");
    repo.write("qaledger.toml", "[organisation]\nname = \"T\"\n");
    let act = "records/actions/ACT-2025-0001.yaml";
    repo.write(act, &action("ACT-2025-0001", "in-progress"));
    repo.commit("base");
    repo.branch("feature");
    repo.write(act, &action("ACT-2025-0001", "bogus"));
    fs::write(repo.top.join("README.md"), "outside the records root\n").unwrap();
    repo.commit("edit");
    // Paths are relative to the records root `qa/`, not the work tree's top.
    let run = check(&repo.root, "main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/actions/ACT-2025-0001.yaml",
            "schema-enum",
            9
        )]
    );
}

#[test]
fn a_revision_that_looks_like_an_option_is_refused() {
    if !git::available() {
        return;
    }
    let repo = base();
    for rev in ["-x", "--output=/tmp/qaledger-should-not-exist"] {
        let run = check(&repo.root, rev);
        assert_eq!(run.status, 2);
        assert!(
            run.stderr
                .contains(&format!("`{rev}` looks like an option, not a revision")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_unknown_revision_exits_2_and_says_so() {
    if !git::available() {
        return;
    }
    let repo = base();
    let run = check(&repo.root, "no-such-branch");
    assert_eq!(run.status, 2);
    assert!(
        run.stderr
            .contains("`no-such-branch` is not a branch, tag or commit in this repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_outside_git_exits_2_and_plain_check_still_works() {
    if !git::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("records/actions")).unwrap();
    fs::write(root.join("qaledger.toml"), "[organisation]\nname = \"T\"\n").unwrap();
    fs::write(
        root.join("records/actions/ACT-2025-0001.yaml"),
        action("ACT-2025-0001", "in-progress"),
    )
    .unwrap();
    // GIT_CEILING_DIRECTORIES stops git looking above the temporary folder.
    let ceiling = |cmd: &mut Command| {
        cmd.env("GIT_CEILING_DIRECTORIES", root.parent().unwrap());
    };
    let run = check_with(root, "main", ceiling);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );

    // Without git at all (an empty PATH): the same option says git is missing, and a check
    // that does not compare revisions passes.
    let run = check_with(root, "main", |cmd| {
        cmd.env("PATH", "");
    });
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            "git is not installed or not on PATH: commands that compare revisions need it"
        ),
        "{}",
        run.stderr
    );
    let mut cmd = Command::cargo_bin("qaledger").unwrap();
    cmd.current_dir(root)
        .env("PATH", "")
        .args(["--as-of", AS_OF, "check"])
        .assert()
        .code(0);
}

#[test]
fn a_shallow_clone_without_the_base_says_what_to_fetch() {
    if !git::available() {
        return;
    }
    let repo = base();
    repo.branch("feature");
    repo.write(
        "records/actions/ACT-2025-0001.yaml",
        &action("ACT-2025-0001", "bogus"),
    );
    repo.commit("feature work");
    // As a CI checkout: only the feature branch's last commit.
    let clone = repo.temp().join("clone");
    let url = format!("file://{}", repo.root.display());
    git::run(
        repo.temp(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    let expected = "git fetch --deepen=50 origin +refs/heads/main:refs/remotes/origin/main";
    let run = check(&clone, "origin/main");
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(&format!(
            "`origin/main` is not in this shallow clone: fetch it with `{expected}`"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);

    // The command it names is enough: afterwards the check runs and finds the branch's error.
    let args: Vec<&str> = expected.split(' ').skip(1).collect();
    git::run(&clone, &args);
    let run = check(&clone, "origin/main");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/actions/ACT-2025-0001.yaml",
            "schema-enum",
            9
        )]
    );
}

/// Issue 12: the pre-commit hook let a deletion through, because pre-commit passes only files
/// that exist. The hook now runs `check --changed-since HEAD` over the staged state: a staged
/// `git rm` of a staff record others name fails it, at every record naming them, although no
/// file that exists changed.
#[test]
fn a_staged_deletion_of_a_named_staff_record_fails_changed_since_head() {
    if !git::available() {
        return;
    }
    let repo = base();
    // Two members of staff, so the roster stays non-empty once one is removed.
    repo.write(
        "records/staff/jsmith.yaml",
        "id: jsmith\nrole: social-worker\n",
    );
    repo.write(
        "records/staff/pbrown.yaml",
        "id: pbrown\nrole: social-worker\n",
    );
    repo.commit("the roster");
    assert_eq!(check(&repo.root, "HEAD").status, 0);
    repo.git(&["rm", "-q", "records/staff/jsmith.yaml"]);
    let run = check(&repo.root, "HEAD");
    assert_eq!(run.status, 1, "{}", run.stderr);
    // jsmith owns the three actions (`owner:` on line 7) and audits the audit (line 4).
    assert_eq!(
        run.reported(),
        [
            triple("records/actions/ACT-2025-0001.yaml", "unknown-staff", 7),
            triple("records/actions/ACT-2025-0002.yaml", "unknown-staff", 7),
            triple("records/actions/ACT-2025-0003.yaml", "unknown-staff", 7),
            triple("records/audits/AUD-2025-0001.yaml", "unknown-staff", 4),
        ]
    );
    let report = run.json();
    assert_eq!(
        report["diagnostics"][3]["message"],
        "`auditor` names `jsmith`, but that record was deleted on this branch (records/staff/jsmith.yaml)"
    );
    // Renamed to another id, the same four.
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&[
        "mv",
        "records/staff/jsmith.yaml",
        "records/staff/jsmith2.yaml",
    ]);
    repo.write(
        "records/staff/jsmith2.yaml",
        "id: jsmith2\nrole: social-worker\n",
    );
    repo.git(&["add", "-A"]);
    let run = check(&repo.root, "HEAD");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.reported().len(), 4, "{}", run.stdout);
    assert_eq!(
        run.json()["diagnostics"][0]["message"],
        "`owner` names `jsmith`, but that record was renamed on this branch, from records/staff/jsmith.yaml to records/staff/jsmith2.yaml, and no longer has that id"
    );
    // The whole roster removed: an empty roster is not checked (SPEC §7), so a full check
    // passes, but the change left four references dangling and fails all the same.
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["rm", "-q", "-r", "records/staff"]);
    let run = check(&repo.root, "HEAD");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [
            triple("records/actions/ACT-2025-0001.yaml", "unknown-staff", 7),
            triple("records/actions/ACT-2025-0002.yaml", "unknown-staff", 7),
            triple("records/actions/ACT-2025-0003.yaml", "unknown-staff", 7),
            triple("records/audits/AUD-2025-0001.yaml", "unknown-staff", 4),
        ]
    );
    assert_eq!(
        run.json()["diagnostics"][0]["message"],
        "`owner` names `jsmith`, but that record was deleted on this branch (records/staff/jsmith.yaml)"
    );
    let full = Run::of(
        qaledger()
            .current_dir(&repo.root)
            .args(["check", "--format", "json"]),
    );
    assert_eq!(
        (full.status, full.reported().len()),
        (0, 0),
        "{}",
        full.stdout
    );
}

/// Before the first commit there is no HEAD to compare with: every record is new, so the
/// hook's `--changed-since HEAD` checks them all instead of failing.
#[test]
fn changed_since_head_before_the_first_commit_checks_every_record() {
    if !git::available() {
        return;
    }
    let repo = Repo::init("");
    repo.write("qaledger.toml", "");
    repo.write(
        "records/actions/ACT-2025-0001.yaml",
        &action("ACT-2025-0001", "done"),
    );
    repo.git(&["add", "-A"]);
    let run = check(&repo.root, "HEAD");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.reported(),
        [triple(
            "records/actions/ACT-2025-0001.yaml",
            "schema-enum",
            9
        )]
    );
    assert_eq!(
        run.stderr,
        "HEAD has no commit yet: checking every record\nchecked 1 record in 1 file: 1 error, 0 warnings\n"
    );
}
