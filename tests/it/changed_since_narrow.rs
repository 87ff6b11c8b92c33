//! `check --changed-since` parses only the records a change touches
//! (src/repository/changed.rs). These tests make changes whose findings depend on unchanged records — a duplicate id in a misnamed file,
//! a reference of the wrong kind, the staff roster, a supervisee's leaving date, a deleted action
//! — and assert the exact diagnostics (checked by hand) and that they are what a plain `check`
//! of the whole repository says about the changed files. Then, over a copy of
//! examples/northshire, that the whole report equals the one of a full load for several changes.
//!
//! The configurations set `[vocabulary] themes`: without it every record is loaded (similar
//! themes compare them all), which is what tests/it/changed_since.rs exercises. Every test is
//! skipped, with a note, when `git` is not on PATH.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use serde_json::Value;

use crate::common::git::{self, Repo};
use crate::common::{Run, copy_tree, manifest_dir, qaledger};

const CONFIG: &str =
    "[organisation]\nname = \"Test Council\"\n\n[vocabulary]\nthemes = [\"safeguarding\"]\n";

/// `files` (path, text) and the configuration committed on `main`, in a temporary folder,
/// with branch `feature` checked out from there.
fn repo_of(files: &[(&str, &str)]) -> Repo {
    let repo = Repo::init("qa");
    repo.write("qaledger.toml", CONFIG);
    for (path, text) in files {
        repo.write(path, text);
    }
    start(repo)
}

/// Commits what the folder holds on `main` and checks out `feature`.
fn start(repo: Repo) -> Repo {
    repo.commit("base");
    repo.branch("feature");
    repo
}

/// `qaledger check --format json ARGS…` in the repository: the report and the exit status.
fn check(repo: &Repo, args: &[&str]) -> (Value, i32) {
    let run = Run::of(
        qaledger()
            .current_dir(&repo.root)
            .args(["check", "--format", "json"])
            .args(args),
    );
    (run.json(), run.status)
}

/// The narrowed report of this branch since `main`, after asserting that its diagnostics
/// are, one for one, those a plain `check` gives in the changed files `changed`.
fn narrowed(repo: &Repo, changed: &[&str]) -> (Value, i32) {
    let (report, status) = check(repo, &["--changed-since", "main"]);
    let (plain, _) = check(repo, &[]);
    let in_changed: Vec<&Value> = diagnostics(&plain)
        .iter()
        .filter(|d| changed.contains(&d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        diagnostics(&report).iter().collect::<Vec<_>>(),
        in_changed,
        "narrowed report differs from the plain check's: {report:#}"
    );
    (report, status)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

/// Each diagnostic's (file, code, line, message).
fn found(report: &Value) -> Vec<(String, String, u64, String)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn finding(file: &str, code: &str, line: u64, message: &str) -> (String, String, u64, String) {
    (file.to_owned(), code.to_owned(), line, message.to_owned())
}

/// The one finding of the narrowed report of `changed` (exit status 1).
fn only_finding(repo: &Repo, changed: &[&str]) -> (String, String, u64, String) {
    let (report, status) = narrowed(repo, changed);
    let mut all = found(&report);
    assert_eq!((all.len(), status), (1, 1), "{report:#}");
    all.remove(0)
}

/// Commits ACT-2025-0001 with `source: SOURCE` (line 5) and returns the one finding.
fn cite(repo: &Repo, source: &str) -> (String, String, u64, String) {
    repo.edit(
        &act(1),
        "source: {type: other}",
        &format!("source: {source}"),
    );
    repo.commit("cite");
    only_finding(repo, &[&act(1)])
}

/// An action whose `id` is `id`, owned by `owner`; line 5 is `source`, line 7 `owner`.
fn action(id: &str, owner: &str) -> String {
    format!(
        "id: {id}\ntitle: Action {id}\nlearning: Something was learnt.\naction: Do something about it.\nsource: {{type: other}}\nlevel: collective\nowner: {owner}\ndue: 2025-09-30\nstatus: in-progress\n"
    )
}

fn staff(id: &str, left: Option<&str>) -> String {
    let left = left.map(|d| format!("left: {d}\n")).unwrap_or_default();
    format!("id: {id}\nrole: social-worker\nstarted: 2020-01-06\n{left}")
}

fn act(n: u32) -> String {
    format!("records/actions/ACT-2025-{n:04}.yaml")
}

#[test]
fn a_changed_record_duplicating_the_id_of_a_misnamed_unchanged_file_is_reported() {
    if !git::available() {
        return;
    }
    // ACT-2025-0050.yaml holds ACT-2025-0060 (on main already: a mismatch, not this branch's).
    let repo = repo_of(&[
        (&act(1), &action("ACT-2025-0001", "jsmith")),
        (&act(50), &action("ACT-2025-0060", "jsmith")),
    ]);
    repo.write(&act(60), &action("ACT-2025-0060", "jsmith"));
    repo.commit("add ACT-2025-0060");
    assert_eq!(
        only_finding(&repo, &[&act(60)]),
        finding(
            &act(60),
            "duplicate-id",
            1,
            "the id `ACT-2025-0060` is also used by records/actions/ACT-2025-0050.yaml"
        )
    );
    let (report, _) = check(&repo, &["--changed-since", "main"]);
    assert_eq!(
        (
            report["summary"]["files"].clone(),
            report["summary"]["records"].clone()
        ),
        (1.into(), 1.into())
    );
}

#[test]
fn a_reference_to_an_unchanged_record_of_the_wrong_kind_is_reported() {
    if !git::available() {
        return;
    }
    let repo = repo_of(&[
        (&act(1), &action("ACT-2025-0001", "jsmith")),
        (&act(2), &action("ACT-2025-0002", "jsmith")),
    ]);
    // `source.type: audit` wants an audit; ACT-2025-0002 is an action.
    assert_eq!(
        cite(&repo, "{type: audit, refs: [ACT-2025-0002]}"),
        finding(
            &act(1),
            "reference-wrong-kind",
            5,
            "`ACT-2025-0002` is an action, but `source.refs[0]` must name an audit"
        )
    );
}

#[test]
fn unknown_staff_is_reported_when_only_unchanged_files_fill_the_roster() {
    if !git::available() {
        return;
    }
    // The roster: a file that does not parse (no record), then aadams, then jsmith, whom no
    // changed record names: only the "did you mean" can bring jsmith's record in.
    let repo = repo_of(&[
        ("records/staff/aabroken.yaml", "id: [aabroken\n"),
        ("records/staff/aadams.yaml", &staff("aadams", None)),
        ("records/staff/jsmith.yaml", &staff("jsmith", None)),
        (&act(1), &action("ACT-2025-0001", "aadams")),
        (&act(2), &action("ACT-2025-0002", "aadams")),
    ]);
    // No staff id is one edit from `nobody`: only the roster's first record says it has one.
    repo.edit(&act(1), "owner: aadams", "owner: nobody");
    repo.commit("an unknown owner");
    let nobody = finding(
        &act(1),
        "unknown-staff",
        7,
        "`nobody` is not in the staff roster",
    );
    let (report, status) = narrowed(&repo, &[&act(1)]);
    assert_eq!((found(&report), status), (vec![nobody.clone()], 1));

    repo.edit(&act(2), "owner: aadams", "owner: jsmiht");
    repo.commit("a misspelt owner");
    let (report, _) = narrowed(&repo, &[&act(1), &act(2)]);
    assert_eq!(
        found(&report),
        [
            nobody,
            finding(
                &act(2),
                "unknown-staff",
                7,
                "`jsmiht` is not in the staff roster — did you mean `jsmith`?"
            ),
        ]
    );
}

#[test]
fn a_record_without_an_id_is_found_by_its_file_name() {
    if !git::available() {
        return;
    }
    // old/ACT-2025-0002.yaml has no `id` (a schema error on main): its id is its file name.
    let old = "records/actions/old/ACT-2025-0002.yaml";
    let without_id = action("ACT-2025-0002", "jsmith").replace("id: ACT-2025-0002\n", "");
    let repo = repo_of(&[
        (&act(1), &action("ACT-2025-0001", "jsmith")),
        (old, &without_id),
    ]);
    repo.write(&act(2), &action("ACT-2025-0002", "jsmith"));
    repo.commit("add ACT-2025-0002");
    assert_eq!(
        only_finding(&repo, &[&act(2)]),
        finding(
            &act(2),
            "duplicate-id",
            1,
            "the id `ACT-2025-0002` is also used by records/actions/old/ACT-2025-0002.yaml"
        )
    );
}

#[test]
fn a_missing_reference_whose_file_holds_no_record_still_gets_its_did_you_mean() {
    if !git::available() {
        return;
    }
    // ACT-2025-0500.yaml does not parse, so no record has that id; ACT-2025-0050 is one swap
    // away and nothing names it.
    let repo = repo_of(&[
        (&act(1), &action("ACT-2025-0001", "jsmith")),
        (&act(50), &action("ACT-2025-0050", "jsmith")),
        (&act(500), "id: [ACT-2025-0500\n"),
    ]);
    assert_eq!(
        cite(&repo, "{type: other, refs: [ACT-2025-0500]}"),
        finding(
            &act(1),
            "reference-missing",
            5,
            "`source.refs[0]` names `ACT-2025-0500`, but no record has that id — did you mean `ACT-2025-0050`?"
        )
    );
}

#[test]
fn unknown_staff_is_not_reported_when_the_roster_is_empty() {
    if !git::available() {
        return;
    }
    // A staff file that does not parse holds no record: the roster is still empty.
    for roster in [
        &[][..],
        &[("records/staff/aabroken.yaml", "id: [aabroken\n")][..],
    ] {
        let mut files = vec![(act(1), action("ACT-2025-0001", "jsmith"))];
        files.extend(roster.iter().map(|(p, t)| (p.to_string(), t.to_string())));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let repo = repo_of(&files);
        repo.edit(&act(1), "owner: jsmith", "owner: nobody");
        repo.commit("new owner");
        let (report, status) = narrowed(&repo, &[&act(1)]);
        assert_eq!((found(&report), status), (vec![], 0));
    }
}

#[test]
fn a_session_after_the_unchanged_supervisees_leaving_date_is_reported() {
    if !git::available() {
        return;
    }
    let repo = repo_of(&[
        ("records/staff/aadams.yaml", &staff("aadams", None)),
        (
            "records/staff/jsmith.yaml",
            &staff("jsmith", Some("2025-03-31")),
        ),
    ]);
    let path = "records/supervision/SUP-2025-0001.yaml";
    repo.write(
        path,
        "id: SUP-2025-0001\nsupervisee: jsmith\nsupervisor: aadams\ndate: 2025-04-15\ntype: line-management\nstatus: held\n",
    );
    repo.commit("a session");
    assert_eq!(
        only_finding(&repo, &[path]),
        finding(
            path,
            "date-order",
            4,
            "`date` (2025-04-15) is after jsmith's `left` (2025-03-31), which cannot be"
        )
    );
}

#[test]
fn a_deleted_action_named_by_an_unchanged_complaint_is_reported_there() {
    if !git::available() {
        return;
    }
    let complaint = "records/complaints/CMP-2025-0001.yaml";
    let repo = repo_of(&[
        (&act(1), &action("ACT-2025-0001", "jsmith")),
        (&act(2), &action("ACT-2025-0002", "jsmith")),
        (
            complaint,
            "id: CMP-2025-0001\ntype: complaint\nstatus: open\nreceived: 2025-06-02\nacknowledged: 2025-06-03\nhandler: jsmith\nsummary: About a delay.\nactions: [ACT-2025-0001, ACT-2025-0002]\n",
        ),
    ]);
    repo.git(&["rm", "-q", &act(2)]);
    repo.commit("drop ACT-2025-0002");
    let (report, status) = check(&repo, &["--changed-since", "main"]);
    assert_eq!(status, 1);
    // Line 8, `actions[1]` (column 26); the plain check says only that nothing has the id.
    assert_eq!(
        found(&report),
        [finding(
            complaint,
            "reference-missing",
            8,
            "`actions[1]` names `ACT-2025-0002`, but that record was deleted on this branch (records/actions/ACT-2025-0002.yaml)"
        )]
    );
    assert_eq!(diagnostics(&report)[0]["column"], 26);
    let (plain, _) = check(&repo, &[]);
    let at = |r: &Value| {
        let d = &diagnostics(r)[0];
        (
            d["file"].clone(),
            d["line"].clone(),
            d["column"].clone(),
            d["code"].clone(),
        )
    };
    assert_eq!(diagnostics(&plain).len(), 1);
    assert_eq!(at(&plain), at(&report));
    assert_eq!(
        (
            report["summary"]["files"].clone(),
            report["summary"]["records"].clone()
        ),
        (1.into(), 1.into())
    );
}

// ---------------------------------------------------------------------------------------------
// examples/northshire: the narrowed report equals a full load's.

/// Outside `records/`, its name holds a space: deleting it changes no finding, but an id with a
/// space cannot be searched for as bytes, so `check --changed-since` then loads every record
/// (src/repository/changed.rs), which is how the report looked before the load was narrowed.
const FORCES_FULL_LOAD: &str = "drafts/old draft.yaml";

fn northshire() -> Repo {
    let repo = Repo::init("northshire");
    copy_tree(&manifest_dir().join("examples/northshire"), &repo.root);
    repo.write(FORCES_FULL_LOAD, "a note, not a record\n");
    start(repo)
}

/// The narrowed report equals the full load's, with `args` after `--changed-since main`; returns it.
fn same_as_full_load(repo: &Repo, args: &[&str]) -> Value {
    let with = |extra: &[&str]| {
        let mut all = vec!["--changed-since", "main"];
        all.extend(extra);
        check(repo, &all)
    };
    let narrowed = with(args);
    repo.remove(FORCES_FULL_LOAD);
    let full = with(args);
    repo.git(&["checkout", "-q", "--", FORCES_FULL_LOAD]);
    assert_eq!(
        narrowed, full,
        "narrowed {:#}\nfull {:#}",
        narrowed.0, full.0
    );
    narrowed.0
}

#[test]
fn over_northshire_the_narrowed_report_is_the_full_loads() {
    if !git::available() {
        return;
    }
    let repo = northshire();
    let base = same_as_full_load(&repo, &[]);
    assert_eq!(found(&base), []);

    // Misspelt and unknown staff, a duplicate of an unchanged action's id, a reference to a
    // complaint where an audit is wanted.
    let a3 = "records/actions/2025/ACT-2025-0003.yaml";
    repo.edit(a3, "owner: mmurphy", "owner: mmurphey");
    repo.edit(
        a3,
        "refs: [CMP-2024-0010]",
        "refs: [CMP-2024-0010, ACT-2025-0004]",
    );
    repo.edit(
        "records/complaints/2025/CMP-2025-0001.yaml",
        "handler: awisniewski",
        "handler: nobody",
    );
    let copy = fs::read_to_string(repo.root.join(a3)).unwrap();
    repo.write("records/actions/2025/ACT-2025-0099.yaml", &copy);
    repo.commit("three records");
    let report = same_as_full_load(&repo, &[]);
    let at: Vec<(String, String, u64)> = found(&report)
        .into_iter()
        .map(|(file, code, line, _)| (file, code, line))
        .collect();
    let copy = "records/actions/2025/ACT-2025-0099.yaml";
    let cmp = "records/complaints/2025/CMP-2025-0001.yaml";
    let expected = [
        (a3, "duplicate-id", 1),
        (a3, "reference-wrong-kind", 7),
        (a3, "unknown-staff", 9),
        (copy, "duplicate-id", 1),
        (copy, "id-file-name-mismatch", 1),
        (copy, "reference-wrong-kind", 7),
        (copy, "unknown-staff", 9),
        (cmp, "unknown-staff", 6),
    ]
    .map(|(file, code, line)| (file.to_owned(), code.to_owned(), line));
    assert_eq!(at, expected, "{report:#}");
    assert!(found(&report)[2].3.ends_with("did you mean `mmurphy`?"));
    // Only some of the paths.
    same_as_full_load(&repo, &["records/complaints"]);

    // A session after its supervisee left (zmalik left on 2024-09-18), a deleted action that
    // a complaint names (with its copy, which has its id), and a staff member renamed to
    // another id.
    repo.edit(
        "records/supervision/2025/SUP-2025-0001.yaml",
        "supervisee: f.akhtar",
        "supervisee: zmalik",
    );
    repo.git(&["rm", "-q", a3, copy]);
    repo.git(&[
        "mv",
        "records/staff/fbell.yaml",
        "records/staff/f.bell.yaml",
    ]);
    repo.edit("records/staff/f.bell.yaml", "id: fbell", "id: f.bell");
    repo.commit("more");
    let report = same_as_full_load(&repo, &[]);
    let files: Vec<String> = found(&report).into_iter().map(|f| f.0).collect();
    assert!(
        files.contains(&"records/supervision/2025/SUP-2025-0001.yaml".to_owned()),
        "{report:#}"
    );
    assert!(
        files.contains(&"records/complaints/2024/CMP-2024-0010.yaml".to_owned()),
        "{report:#}"
    );

    // Uncommitted: a file that does not parse, and an untracked record naming a near miss.
    repo.write(
        "records/reviews/2025/REV-2025-0001.yaml",
        "id: [REV-2025-0001\n",
    );
    let mut audit =
        fs::read_to_string(repo.root.join("records/audits/2024/AUD-2024-0004.yaml")).unwrap();
    audit = audit.replace("AUD-2024-0004", "AUD-2025-0077");
    repo.write("records/audits/2025/AUD-2025-0077.yaml", &audit);
    same_as_full_load(&repo, &[]);
}
