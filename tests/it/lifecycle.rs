//! The lifecycle commands (`done`, `set`, `note`, `reassign`, `move`) on copies of
//! examples/northshire: each edit changes only its lines (the expected texts are the originals
//! with the changed lines written out by hand), passes `check`, shows in `diff` and
//! `tracker --history`, and every refusal writes nothing. Also: staff onboarding
//! (`supervision_last_before_records`) and the round trip over every example file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use qaledger::author::draft::yaml_string;
use qaledger::author::edit::{self, Change};
use qaledger::load::yaml;
use serde_json::Value;

use crate::common::git::{self, Repo};
use crate::common::{Run, copy_tree, manifest_dir, qaledger_at, qaledger_on};

const ACT_12: &str = "records/actions/2025/ACT-2025-0012.yaml";
const ACT_9: &str = "records/actions/2025/ACT-2025-0009.yaml";

/// A copy of examples/northshire in a temporary folder.
fn northshire() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("northshire");
    copy_tree(&manifest_dir().join("examples/northshire"), &root);
    (dir, root)
}

fn run(root: &Path, args: &[&str]) -> Run {
    let mut cmd = qaledger_on(root);
    git::fixed_env(&mut cmd);
    Run::of(cmd.args(args))
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap()
}

/// Replaces each `from` (which must be there once) by `to`.
fn edited(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_owned();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "`{from}` in\n{text}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The "done means": done, move and note (committed) on a git copy of the example.
#[test]
fn done_move_and_note_change_only_their_lines_pass_check_and_show_in_the_history() {
    if !git::available() {
        return;
    }
    let repo = Repo::init("northshire");
    copy_tree(&manifest_dir().join("examples/northshire"), &repo.root);
    repo.commit("The example");
    let root = &repo.root;
    let (act_12, act_9) = (read(root, ACT_12), read(root, ACT_9));

    let done = run(root, &["done", "ACT-2025-0012"]);
    assert_eq!(done.status, 0, "{}", done.stderr);
    // Its one open deadline is completion (the impact review opens only once completed).
    assert_eq!(
        done.stdout,
        "ACT-2025-0012: status in-progress → completed; completed (none) → 2025-06-30\n"
    );
    let moved = run(
        root,
        &[
            "move",
            "ACT-2025-0009",
            "--due",
            "2025-10-31",
            "--reason",
            "waiting for training dates",
        ],
    );
    assert_eq!(moved.status, 0, "{}", moved.stderr);
    assert_eq!(
        moved.stdout,
        "ACT-2025-0009: due 2025-08-31 → 2025-10-31; due_changes + {date: 2025-06-30, from: 2025-08-31, to: 2025-10-31, reason: waiting for training dates}\n"
    );
    let noted = run(
        root,
        &["note", "ACT-2025-0009", "Dates agreed with L&D", "--commit"],
    );
    assert_eq!(noted.status, 0, "{}", noted.stderr);
    assert_eq!(
        noted.stdout,
        "ACT-2025-0009: updates + {date: 2025-06-30, note: Dates agreed with L&D}\n"
    );

    // Only the changed lines differ: the status replaced, `completed` after it (schema order).
    assert_eq!(
        read(root, ACT_12),
        edited(
            &act_12,
            &[(
                "status: in-progress\n",
                "status: completed\ncompleted: 2025-06-30\n"
            )]
        )
    );
    // The due date keeps its quotes; the note goes after the last update, at its indentation
    // and with its date quoted as the other updates' dates are;
    // the move is kept in `due_changes`, new at the end (after every key before it in schema
    // order).
    assert_eq!(
        read(root, ACT_9),
        edited(
            &act_9,
            &[
                ("due: \"2025-08-31\"\n", "due: \"2025-10-31\"\n"),
                (
                    "    note: Guidance published on the practice hub.\n",
                    "    note: Guidance published on the practice hub.\n  - date: \"2025-06-30\"\n    note: Dates agreed with L&D\ndue_changes:\n  - date: 2025-06-30\n    from: 2025-08-31\n    to: 2025-10-31\n    reason: waiting for training dates\n"
                ),
            ]
        )
    );

    // The commit holds that one file, with the message printed.
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        format!("{}\n\n{ACT_9}", noted.stdout.trim_end())
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), format!("M {ACT_12}"));

    let check = run(root, &["check"]);
    assert_eq!(check.status, 0, "{}{}", check.stdout, check.stderr);

    let diff = run(root, &["diff", "HEAD~1"]);
    assert_eq!(diff.status, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.contains(
            "  * due moved 61 days later: 2025-08-31 → 2025-10-31 (reason: waiting for training dates)\n"
        ),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("  * status: in-progress → completed\n"),
        "{}",
        diff.stdout
    );

    let tracker = run(root, &["tracker", "--history", "--format", "json"]);
    let rows = tracker.ok_json()["rows"].as_array().unwrap().clone();
    let row = rows.iter().find(|r| r["id"] == "ACT-2025-0009").unwrap();
    // One committed move, 08-31 → 10-31: 30 days of September + 31 of October = 61.
    assert_eq!(row["history"]["due_changes"], 1);
    assert_eq!(row["history"]["due_moved_days"], 61);
    assert_eq!(
        row["history"]["last_move_reason"],
        "waiting for training dates"
    );
}

#[test]
fn set_and_reassign_write_checked_values_and_keep_comments_and_crlf() {
    let (_dir, root) = northshire();
    // A comment beside the changed value, and CRLF line endings throughout.
    let original = read(&root, ACT_12)
        .replace(
            "status: in-progress\n",
            "status: in-progress   # chased twice\n",
        )
        .replace('\n', "\r\n");
    fs::write(root.join(ACT_12), &original).unwrap();

    let set = run(
        &root,
        &["set", "ACT-2025-0012", "level=collective", "due=2025-07-31"],
    );
    assert_eq!(set.status, 0, "{}", set.stderr);
    assert_eq!(
        set.stdout,
        "ACT-2025-0012: level individual → collective; due 2025-07-07 → 2025-07-31\n"
    );
    let reassign = run(&root, &["reassign", "ACT-2025-0012", "mmurphy"]);
    assert_eq!(reassign.stdout, "ACT-2025-0012: owner oiqbal → mmurphy\n");
    let done = run(
        &root,
        &["done", "ACT-2025-0012", "completion", "--on", "2025-06-27"],
    );
    assert_eq!(done.status, 0, "{}", done.stderr);
    assert_eq!(
        read(&root, ACT_12),
        edited(
            &original,
            &[
                ("level: individual\r\n", "level: collective\r\n"),
                ("owner: oiqbal\r\n", "owner: mmurphy\r\n"),
                ("due: \"2025-07-07\"\r\n", "due: \"2025-07-31\"\r\n"),
                (
                    "status: in-progress   # chased twice\r\n",
                    "status: completed   # chased twice\r\ncompleted: 2025-06-27\r\n"
                ),
            ]
        )
    );
    // The same value again changes nothing.
    let again = run(&root, &["set", "ACT-2025-0012", "level=collective"]);
    assert_eq!(
        (again.status, again.stderr.as_str()),
        (0, "ACT-2025-0012: nothing to change\n")
    );
    assert_eq!(run(&root, &["check"]).status, 0);
}

/// Each refusal: exit 2, a message saying what is wrong, and the file untouched.
#[test]
fn bad_input_is_refused_with_exit_2_and_nothing_written() {
    let (_dir, root) = northshire();
    let before = read(&root, ACT_12);
    let complaint = "records/complaints/2025/CMP-2025-0008.yaml";
    let complaint_before = read(&root, complaint);
    let cases: &[(&[&str], &str)] = &[
        (
            &["done", "ACT-2025-0O12"],
            "error: no record has the id `ACT-2025-0O12` — did you mean `ACT-2025-0012`?\n",
        ),
        (
            &["set", "ACT-2025-0012", "levle=systemic"],
            "error: `levle` is not a field of an action — did you mean `level`?\n  the fields here are: id, title, learning, action, source, level, owner, team, themes, quality_statements, agreed, due, status, completed, not_implemented, impact, updates, notes, due_changes\n",
        ),
        (
            &["set", "ACT-2025-0012", "level=sytemic"],
            "error: `sytemic` is not an allowed value of `level` — did you mean `systemic`?\n  allowed values: individual, collective, systemic\n",
        ),
        (
            &["done", "ACT-2025-0012", "complete"],
            "error: `complete` is not a deadline action records can mark done — did you mean `completion`?\n  their deadlines: completion, impact-review\n",
        ),
        (
            &["note", "CMP-2025-0008", "called back"],
            "error: complaint records keep no notes (their schema's x-qaledger.lifecycle has no `notes`)\n",
        ),
        (
            &["done", "mmurphy"],
            "error: mmurphy has no open deadline to mark done\n",
        ),
        (
            &["done", "ACT-2023-0007"],
            "error: ACT-2023-0007 is cancelled: it has no deadlines to mark done (set its status first to reopen it)\n",
        ),
    ];
    for (args, stderr) in cases {
        let out = run(&root, args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert_eq!(&out.stderr, stderr, "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
    }

    // A value the schema refuses (not a real date), and an owner not on the roster: the
    // diagnostics `check` would give, then the refusal.
    for (args, code) in [
        (
            &["set", "ACT-2025-0012", "due=2025-02-30"][..],
            "schema-format",
        ),
        (
            &["reassign", "ACT-2025-0012", "nobody"][..],
            "unknown-staff",
        ),
    ] {
        let out = run(&root, args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(&format!("error[{code}]: ")) && out.stderr.contains(ACT_12),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.ends_with(&format!(
                "error: ACT-2025-0012 was not changed: the change would give {ACT_12} the errors above\n"
            )),
            "{args:?}: {}",
            out.stderr
        );
    }
    assert_eq!(read(&root, ACT_12), before);
    assert_eq!(read(&root, complaint), complaint_before);

    // `--commit` outside a git repository: refused before anything is written.
    let out = run(&root, &["done", "ACT-2025-0012", "--commit"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("is not in a git repository"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
    assert_eq!(read(&root, ACT_12), before);

    // Errors a record already has do not stop an edit, and are shown after it; an edit that
    // would add an error is refused, showing only that one.
    let broken = before.replace("level: individual", "levle: individual");
    fs::write(root.join(ACT_12), &broken).unwrap();
    let out = run(&root, &["set", "ACT-2025-0012", "status=bogus"]);
    assert_eq!(out.status, 2, "{}", out.stdout);
    assert!(out.stderr.contains("`status`"), "{}", out.stderr);
    assert!(!out.stderr.contains("levle"), "{}", out.stderr);
    assert_eq!(read(&root, ACT_12), broken);
    let out = run(&root, &["note", "ACT-2025-0012", "Chased the owner."]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("levle"), "{}", out.stderr);
    assert!(
        out.stderr.ends_with(&format!(
            "note: {ACT_12} still has the errors above (it had before this change)\n"
        )),
        "{}",
        out.stderr
    );
    assert!(read(&root, ACT_12).contains("Chased the owner."));
}

/// `new` leaves the fields a person must fill in empty; `set` fills them in, though the record
/// has errors (the empty fields) until it does — the way to write a record without editing YAML.
#[test]
fn set_fills_in_the_fields_new_left_empty() {
    let (_dir, root) = northshire();
    let out = run(
        &root,
        &[
            "new",
            "complaint",
            "--set",
            "handler=hahmed",
            "--set",
            "team=south-locality",
            "--set",
            "summary=Letters were late.",
        ],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    // examples/northshire's 2025 complaints run to CMP-2025-0015.
    let (id, rel) = (
        "CMP-2025-0016",
        "records/complaints/2025/CMP-2025-0016.yaml",
    );
    assert_eq!(out.stdout.trim_end(), root.join(rel).display().to_string());
    let file = root.join(rel).display().to_string();
    let check = run(&root, &["check", &file]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert!(check.stdout.contains("`type` is empty"), "{}", check.stdout);

    let out = run(&root, &["set", id, "type=complaint", "status=open"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{id}: type (none) → complaint; status (none) → open\n")
    );
    assert!(read(&root, rel).contains("\ntype: complaint\n"));
    let check = run(&root, &["check", &file]);
    assert_eq!(
        (check.status, check.stdout.as_str()),
        (0, ""),
        "{}",
        check.stderr
    );
}

/// A complaint received with both deadlines open: `done` asks which.
#[test]
fn done_with_several_open_deadlines_asks_which() {
    let (_dir, root) = northshire();
    let rel = "records/complaints/2025/CMP-2025-0099.yaml";
    fs::write(
        root.join(rel),
        "id: CMP-2025-0099\ntype: complaint\nstatus: open\nreceived: 2025-06-20\nteam: hospital-discharge\nhandler: mmurphy\nsummary: Delay in an assessment.\n",
    )
    .unwrap();
    let out = run(&root, &["done", "CMP-2025-0099"]);
    assert_eq!(
        (out.status, out.stderr.as_str()),
        (
            2,
            "error: CMP-2025-0099 has 2 open deadlines: say which is done (acknowledgement, response)\n"
        )
    );
    let out = run(
        &root,
        &["done", "CMP-2025-0099", "response", "--on", "2025-06-25"],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "CMP-2025-0099: status open → responded; responded (none) → 2025-06-25\n"
    );
}

/// A member added to the roster today, who started in 2021 and was last supervised on
/// 2 June 2025 before records began: due 2 June + 6 weeks (the default interval) = 14 July,
/// not 13 May 2021 (started + 6 weeks), which would be 1,509 days overdue at 30 June 2025.
#[test]
fn a_new_member_supervised_before_records_began_is_not_years_overdue() {
    let (_dir, root) = northshire();
    let new = run(
        &root,
        &[
            "new",
            "staff",
            "--set",
            "id=jnew",
            "--set",
            "name=J New",
            "--set",
            "email=j.new@northshire.example",
            "--set",
            "role=social-worker",
            "--set",
            "started=2021-04-01",
        ],
    );
    assert_eq!(new.status, 0, "{}", new.stderr);
    let text = read(&root, "records/staff/jnew.yaml");
    assert!(
        text.contains("\nname: J New\n") && text.contains("\nemail: j.new@northshire.example\n")
    );

    let supervision = |root: &Path| -> Value {
        let out = run(
            root,
            &["overdue", "--within", "30 days", "--format", "json"],
        );
        let json = out.ok_json();
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "jnew")
            .cloned()
            .unwrap_or(Value::Null)
    };
    let before = supervision(&root);
    assert_eq!(before["due"], "2021-05-13");
    assert_eq!(before["days"], 1509);

    let set = run(
        &root,
        &["set", "jnew", "supervision_last_before_records=2025-06-02"],
    );
    assert_eq!(set.status, 0, "{}", set.stderr);
    let after = supervision(&root);
    assert_eq!(after["due"], "2025-07-14");
    assert_eq!(after["state"], "due-soon");
}

/// Setting any field to the value it holds leaves every example file byte for byte as it
/// was: every scalar of every record file of every example, through `author::edit`, and a
/// field of each kind through the command.
#[test]
fn setting_a_field_to_its_current_value_leaves_the_bytes_identical() {
    let mut files = Vec::new();
    for example in ["examples/northshire/records", "examples/broken/records"] {
        collect(&manifest_dir().join(example), &mut files);
    }
    assert!(files.len() > 240, "{}", files.len());
    let no_order = |_: &str| Vec::new();
    let mut leaves = 0;
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let Ok(tree) = yaml::parse(&text) else {
            continue;
        };
        for leaf in qaledger::record::leaves(&tree) {
            let yaml = match &leaf.value {
                qaledger::record::Scalar::Str(s) => yaml_string(s, false),
                qaledger::record::Scalar::Null => continue,
                _ => leaf.to_text().unwrap(),
            };
            let change = Change::Set {
                path: leaf.path.to_string(),
                yaml,
            };
            match edit::apply_all(&text, &[change], &no_order) {
                Ok(after) => assert_eq!(after, text, "{} {}", file.display(), leaf.path),
                // A style it does not edit is refused, never rewritten.
                Err(edit::EditError::Style(_) | edit::EditError::Unreadable) => {}
                Err(e) => panic!("{} {}: {e}", file.display(), leaf.path),
            }
            leaves += 1;
        }
    }
    assert!(leaves > 3000, "{leaves}");

    let (_dir, root) = northshire();
    for (id, field, rel) in [
        ("ACT-2025-0009", "status=agreed", ACT_9),
        ("ACT-2025-0009", "due=2025-08-31", ACT_9),
        (
            "CMP-2025-0008",
            "status=open",
            "records/complaints/2025/CMP-2025-0008.yaml",
        ),
        (
            "mmurphy",
            "role=quality-assurance-manager",
            "records/staff/mmurphy.yaml",
        ),
    ] {
        let before = fs::read(root.join(rel)).unwrap();
        let out = run(&root, &["set", id, field]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert_eq!(fs::read(root.join(rel)).unwrap(), before, "{id} {field}");
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
}

/// A copy of `tests/fixtures/procedures`, and a runner on it at `as_of` (fixed git identity).
fn procedures_at(as_of: &'static str) -> (tempfile::TempDir, PathBuf, impl Fn(&[&str]) -> Run) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("procedures");
    copy_tree(&manifest_dir().join("tests/fixtures/procedures"), &root);
    let at = root.clone();
    let on = move |args: &[&str]| {
        let mut cmd = qaledger_at(as_of);
        cmd.arg("--root").arg(&at);
        git::fixed_env(&mut cmd);
        Run::of(cmd.args(args))
    };
    (dir, root, on)
}

/// The due date `overdue --within 60 days` gives `id`'s deadline `name` (exactly one item).
fn due_within_60_days(on: &impl Fn(&[&str]) -> Run, id: &str, name: &str) -> Value {
    let overdue = on(&["overdue", "--within", "60 days", "--format", "json"]);
    let items = overdue.json()["items"].as_array().unwrap().clone();
    let found: Vec<&Value> = items
        .iter()
        .filter(|i| i["id"] == id && i["deadline"] == name)
        .collect();
    assert_eq!(found.len(), 1, "{id} {name}: {found:?}");
    found[0]["due"].clone()
}

/// A complaint's extension (docs/statutory.md): `move` keeps when the complainant was told;
/// past the procedure's longest extension it is refused unless `--beyond-maximum` says why, and
/// the response deadline then follows the new date.
#[test]
fn a_complaint_extension_beyond_the_maximum_needs_its_reason() {
    let (_dir, root, on) = procedures_at("2026-06-29");
    let rel = "records/complaints/2026/CMP-2026-0004.yaml";
    let before = read(&root, rel);
    // corporate-lgsco: first due 2026-06-16 (its due_changes' first `from`); the Code's 10
    // working days of extension end on 2026-06-30 (June 17–19, 22–26, 29, 30). 07-31 is past.
    let args = [
        "move",
        "CMP-2026-0004",
        "--due",
        "2026-07-31",
        "--reason",
        "Awaiting the provider's records.",
        "--told",
        "2026-06-29",
    ];
    let refused = on(&args);
    assert_eq!(refused.status, 2, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("extension-beyond-maximum"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&root, rel), before);

    let mut with_reason = args.to_vec();
    with_reason.extend(["--beyond-maximum", "The provider closed for three weeks."]);
    let moved = on(&with_reason);
    assert_eq!(moved.status, 0, "{}", moved.stderr);
    let expected = edited(
        &before,
        &[
            ("response_due: 2026-06-30", "response_due: 2026-07-31"),
            (
                "    complainant_told: 2026-06-10\n",
                "    complainant_told: 2026-06-10\n  - date: 2026-06-29\n    from: 2026-06-30\n    to: 2026-07-31\n    reason: Awaiting the provider's records.\n    complainant_told: 2026-06-29\n    beyond_maximum_reason: The provider closed for three weeks.\n",
            ),
        ],
    );
    assert_eq!(read(&root, rel), expected);
    assert_eq!(
        due_within_60_days(&on, "CMP-2026-0004", "response"),
        "2026-07-31"
    );
}

/// Once a complaint is escalated, `move` puts back the stage-2 response date and keeps the move
/// with stage 2 (`x-qaledger.lifecycle.stage_moves`), the stage-1 fields untouched; the
/// stage-2 response deadline follows it, and the stage-2 maximum (20 working days) applies.
#[test]
fn moving_an_escalated_complaint_moves_its_stage_2_response() {
    let (_dir, root, on) = procedures_at("2026-07-01");
    let rel = "records/complaints/2026/CMP-2026-0003.yaml";
    let reason = "Waiting for the DVLA's records.";
    // No stage-2 date agreed: the date moved is the one the Code gives, 20 working days from
    // the stage-2 acknowledgement of 2026-06-24 (June 25, 26, 29, 30, July 1–3, 6–10, 13–17,
    // 20–22): 2026-07-22.
    let before = read(&root, rel);
    // From the first date 2026-07-22, 20 working days end on 2026-08-19 (July 23, 24, 27–31,
    // August 3–7, 10–14, 17–19): 2026-09-30 is beyond it, refused without a reason.
    let beyond = on(&[
        "move",
        "CMP-2026-0003",
        "--due",
        "2026-09-30",
        "--reason",
        reason,
    ]);
    assert_eq!(beyond.status, 2, "{}", beyond.stdout);
    assert!(
        beyond.stderr.contains("extension-beyond-maximum"),
        "{}",
        beyond.stderr
    );
    assert_eq!(read(&root, rel), before);

    let args = [
        "move",
        "CMP-2026-0003",
        "--due",
        "2026-08-05",
        "--reason",
        reason,
        "--told",
        "2026-07-01",
    ];
    let moved = on(&args);
    assert_eq!(moved.status, 0, "{}", moved.stderr);
    let expected = edited(
        &before,
        &[(
            "  acknowledged: 2026-06-24\n",
            "  acknowledged: 2026-06-24\n  response_due: 2026-08-05\n  due_changes:\n    - date: 2026-07-01\n      from: 2026-07-22\n      to: 2026-08-05\n      reason: Waiting for the DVLA's records.\n      complainant_told: 2026-07-01\n",
        )],
    );
    assert_eq!(read(&root, rel), expected);
    assert_eq!(
        due_within_60_days(&on, "CMP-2026-0003", "stage-2-response"),
        "2026-08-05"
    );
}
