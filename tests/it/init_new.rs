//! End-to-end tests of `qaledger init [DIR]` and `qaledger new KIND [--set FIELD=VALUE …]`:
//! a fresh repository checks clean; a new record of every kind is flagged on exactly its empty
//! required fields until the test fills them, and then checks clean; init refuses to overwrite
//! and writes nothing; eight `new action` at once take eight ids; `--set` paths, quoting and
//! errors; the modeline and the editor settings point at files that exist.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{AS_OF, Run, qaledger};

/// The records folders of the built-in kinds.
const FOLDERS: [&str; 6] = [
    "actions",
    "audits",
    "complaints",
    "reviews",
    "staff",
    "supervision",
];

/// `qaledger --as-of 2025-06-30 --color never ARGS…` run in `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Run {
    Run::of(qaledger().current_dir(cwd).args(args))
}

/// A fresh repository made by `init` in a temporary folder.
fn initialised() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let run = run_in(temp.path(), &["init", "repo"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let root = temp.path().join("repo");
    (temp, root)
}

/// Every file under `dir` (hidden ones too) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Replaces whole lines of a file: each `(old, new)` must match exactly one line.
fn fill(path: &Path, replacements: &[(&str, &str)]) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (old, new) in replacements {
        let found: Vec<usize> = (0..lines.len()).filter(|i| lines[*i] == *old).collect();
        assert_eq!(found.len(), 1, "`{old}` in {}:\n{text}", path.display());
        lines[found[0]] = (*new).to_owned();
    }
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// (file, field) of each error `check --format json` reports.
fn errors(root: &Path) -> BTreeSet<(String, String)> {
    let run = run_in(root, &["check", "--format", "json"]);
    let report = run.json();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["field"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

#[test]
fn init_writes_a_repository_that_checks_clean() {
    let temp = tempfile::tempdir().unwrap();
    let run = run_in(temp.path(), &["init", "repo"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("init_stdout", run.stdout);
    assert_eq!(
        run.stderr,
        "created 17 files in repo\nnext: set your teams in qaledger.toml, then write a first record: cd repo && qaledger new action\n"
    );
    let root = temp.path().join("repo");
    let listed: BTreeSet<String> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("repo/").to_owned())
        .collect();
    let written: BTreeSet<String> = tree(&root).into_keys().collect();
    assert_eq!(listed, written);
    for folder in FOLDERS {
        assert!(root.join("records").join(folder).is_dir(), "{folder}");
    }
    let workflow = fs::read_to_string(root.join(".github/workflows/qaledger.yml")).unwrap();
    assert!(workflow.contains("qaledger check --format github"));

    let check = run_in(&root, &["check"]);
    assert_eq!(check.status, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(check.stdout, "");
}

#[test]
fn init_into_the_current_folder_by_default() {
    let temp = tempfile::tempdir().unwrap();
    let run = run_in(temp.path(), &["-q", "init"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .starts_with("qaledger.toml\nschemas/audit.schema.yaml\n")
    );
    assert!(temp.path().join("qaledger.toml").is_file());
}

#[test]
fn init_refuses_when_any_target_exists_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::write(root.join("qaledger.toml"), "# ours\n").unwrap();
    fs::create_dir_all(root.join(".vscode")).unwrap();
    fs::write(root.join(".vscode/settings.json"), "{}\n").unwrap();
    fs::write(root.join("notes.txt"), "unrelated\n").unwrap();
    // A file where init needs a folder clashes too.
    fs::create_dir_all(root.join(".github")).unwrap();
    fs::write(root.join(".github/workflows"), "not a folder\n").unwrap();
    let before = tree(root);

    let run = run_in(root, &["init"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: . already has 3 of the files init writes, so nothing was written:\n  qaledger.toml\n  .vscode/settings.json\n  .github/workflows\nMove them away, or run init in an empty folder.\n"
    );
    assert_eq!(tree(root), before);
    assert!(!root.join("schemas").exists());
    assert!(!root.join("records").exists());
}

#[test]
fn new_records_of_every_kind_are_flagged_until_filled_then_check_clean() {
    let (_temp, root) = initialised();
    let mut paths = BTreeMap::new();
    for args in [
        &["new", "action"][..],
        &["new", "audit"],
        &["new", "complaint"],
        &["new", "review"],
        &["new", "supervision"],
        &["new", "staff", "--set", "id=jsmith"],
        &[
            "new",
            "staff",
            "--set",
            "id=a.khan",
            "--set",
            "role=service-manager",
            "--set",
            "name=A Khan",
            "--set",
            "email=a.khan@example.org",
        ],
    ] {
        let run = run_in(&root, args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        let path = run.stdout.trim_end().to_owned();
        assert!(root.join(&path).is_file(), "{path}");
        paths.insert(args[1..].join(" "), path);
    }
    assert_eq!(paths["action"], "records/actions/2025/ACT-2025-0001.yaml");
    assert_eq!(paths["audit"], "records/audits/2025/AUD-2025-0001.yaml");
    assert_eq!(
        paths["complaint"],
        "records/complaints/2025/CMP-2025-0001.yaml"
    );
    assert_eq!(paths["review"], "records/reviews/2025/REV-2025-0001.yaml");
    assert_eq!(
        paths["supervision"],
        "records/supervision/2025/SUP-2025-0001.yaml"
    );
    assert_eq!(paths["staff --set id=jsmith"], "records/staff/jsmith.yaml");

    // Before filling: an error on each empty required field, and nothing else (the main
    // dates are set: action agreed.date, audit scheduled, complaint received, review
    // commissioned, supervision date).
    let expected: BTreeSet<(String, String)> = [
        (
            "actions/2025/ACT-2025-0001",
            "title learning action source.type level owner agreed.forum due status",
        ),
        ("audits/2025/AUD-2025-0001", "type status auditor"),
        (
            "complaints/2025/CMP-2025-0001",
            "type status handler summary",
        ),
        ("reviews/2025/REV-2025-0001", "type status"),
        (
            "supervision/2025/SUP-2025-0001",
            "supervisee supervisor type status",
        ),
        // `name` and `email` are written for every new staff member (x-qaledger `draft`).
        ("staff/jsmith", "name email role"),
    ]
    .iter()
    .flat_map(|(file, fields)| {
        fields
            .split(' ')
            .map(move |f| (format!("records/{file}.yaml"), f.to_owned()))
    })
    .collect();
    assert_eq!(errors(&root), expected);
    assert_eq!(run_in(&root, &["check"]).status, 1);

    let at = |name: &str| root.join(&paths[name]);
    fill(
        &at("action"),
        &[
            ("title:", "title: Record consent decisions"),
            ("learning:", "learning: Consent was not always recorded."),
            ("action:", "action: Add consent to the audit tool."),
            ("  type:", "  type: audit"),
            ("level:", "level: collective"),
            ("owner:", "owner: jsmith"),
            ("  forum:", "  forum: practice-governance-board"),
            ("due:", "due: 2025-09-30"),
            ("status:", "status: agreed"),
        ],
    );
    fill(
        &at("audit"),
        &[
            ("type:", "type: thematic"),
            ("status:", "status: planned"),
            ("auditor:", "auditor: a.khan"),
        ],
    );
    fill(
        &at("complaint"),
        &[
            ("type:", "type: complaint"),
            ("status:", "status: open"),
            ("handler:", "handler: a.khan"),
            ("summary:", "summary: Delay in a care act assessment."),
        ],
    );
    fill(
        &at("review"),
        &[("type:", "type: sar"), ("status:", "status: open")],
    );
    fill(
        &at("supervision"),
        &[
            ("supervisee:", "supervisee: jsmith"),
            ("supervisor:", "supervisor: a.khan"),
            ("type:", "type: line-management"),
            ("status:", "status: held"),
        ],
    );
    fill(
        &at("staff --set id=jsmith"),
        &[
            ("name:", "name: J Smith"),
            ("email:", "email: j.smith@example.org"),
            ("role:", "role: social-worker"),
        ],
    );

    let check = run_in(&root, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stdout);
    assert_eq!(check.stdout, "");
    assert!(check.stderr.contains("7 records"), "{}", check.stderr);
}

#[test]
fn concurrent_new_never_shares_an_id() {
    let (_temp, root) = initialised();
    // Numbers continue from the highest of the year anywhere under the kind's folder.
    fs::create_dir_all(root.join("records/actions/archive")).unwrap();
    fs::write(
        root.join("records/actions/archive/ACT-2025-0041.yaml"),
        "# kept\n",
    )
    .unwrap();
    fs::write(
        root.join("records/actions/archive/ACT-2024-0100.yaml"),
        "# other year\n",
    )
    .unwrap();

    let binary = assert_cmd::cargo::cargo_bin("qaledger");
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(&binary)
                .current_dir(&root)
                .args(["--as-of", AS_OF, "-q", "new", "action"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut printed = BTreeSet::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        printed.insert(
            String::from_utf8(output.stdout)
                .unwrap()
                .trim_end()
                .to_owned(),
        );
    }
    let expected: BTreeSet<String> = (42..50)
        .map(|n| format!("records/actions/2025/ACT-2025-{n:04}.yaml"))
        .collect();
    assert_eq!(printed, expected);
    for path in &expected {
        let text = fs::read_to_string(root.join(path)).unwrap();
        let id = Path::new(path).file_stem().unwrap().to_string_lossy();
        assert!(text.contains(&format!("\nid: {id}\n")), "{path}:\n{text}");
    }
    let files = tree(&root.join("records/actions/2025"));
    assert_eq!(files.len(), 8, "{:?}", files.keys());
    assert_eq!(
        fs::read_to_string(root.join("records/actions/archive/ACT-2025-0041.yaml")).unwrap(),
        "# kept\n"
    );
}

#[test]
fn set_fills_nested_fields_and_quotes_awkward_text() {
    let (_temp, root) = initialised();
    let run = run_in(
        &root,
        &[
            "new",
            "action",
            "--set",
            "source.type=audit",
            "--set",
            "source.refs=AUD-2025-0001, AUD-2025-0002",
            "--set",
            "title=Plan: review # 2, \"soon\"",
            "--set",
            "owner=jsmith",
            "--set",
            "themes=carers,housing",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = fs::read_to_string(root.join("records/actions/2025/ACT-2025-0001.yaml")).unwrap();
    insta::assert_snapshot!("new_action_with_set", text);
    let record = qaledger::load::yaml::parse(&text).unwrap().to_json();
    assert_eq!(record["title"], "Plan: review # 2, \"soon\"");
    assert_eq!(record["source"]["type"], "audit");
    assert_eq!(
        record["source"]["refs"],
        serde_json::json!(["AUD-2025-0001", "AUD-2025-0002"])
    );
    assert_eq!(record["themes"], serde_json::json!(["carers", "housing"]));
    assert_eq!(record["owner"], "jsmith");
    assert_eq!(record["agreed"]["date"], AS_OF);
}

#[test]
fn new_refuses_unknown_fields_kinds_and_values() {
    let (_temp, root) = initialised();
    let cases = [
        (
            &["new", "action", "--set", "titel=x"][..],
            "error: `titel` is not a field of an action — did you mean `title`?\n  the fields here are: id, title, learning, action, source, level, owner, team, themes, quality_statements, agreed, due, status, completed, not_implemented, impact, updates, notes, due_changes\n",
        ),
        (
            &["new", "action", "--set", "source.tpye=audit"],
            "error: `source.tpye` is not a field of `source` — did you mean `source.type`?\n  the fields here are: type, refs\n",
        ),
        (
            &["new", "actoin"],
            "error: `actoin` is not a kind of record — did you mean `action`?\n  the kinds are: action, audit, complaint, review, staff, supervision\n",
        ),
        (
            &["new", "audits"],
            "error: `audits` is not a kind of record — did you mean `audit`?\n  the kinds are: action, audit, complaint, review, staff, supervision\n",
        ),
        (
            &["new", "staff"],
            "error: a staff record is named by its id: give one with --set id=… (e.g. --set id=jsmith)\n",
        ),
        (
            &["new", "staff", "--set", "id=J Smith"],
            "error: `J Smith` is not a staff id: it must match ^[a-z][a-z0-9._-]*$ (e.g. jsmith, a.khan)\n",
        ),
        (
            &["new", "action", "--set", "id=ACT-2025-0009"],
            "error: qaledger numbers new action records itself: leave out --set id\n",
        ),
        (
            &["new", "action", "--set", "level=sytemic"],
            "error: `sytemic` is not an allowed value of `level` — did you mean `systemic`?\n  allowed values: individual, collective, systemic\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = run_in(&root, args);
        assert_eq!((run.status, run.stderr.as_str()), (2, stderr), "{args:?}");
    }
    assert!(
        tree(&root.join("records"))
            .keys()
            .all(|k| k.ends_with(".gitkeep"))
    );
}

#[test]
fn a_staff_record_is_named_by_its_id_and_never_replaced() {
    let (_temp, root) = initialised();
    let run = run_in(&root, &["new", "staff", "--set", "id=jsmith"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "records/staff/jsmith.yaml\n");
    let path = root.join("records/staff/jsmith.yaml");
    fs::write(&path, "id: jsmith\nrole: amhp\n").unwrap();
    let again = run_in(&root, &["new", "staff", "--set", "id=jsmith"]);
    assert_eq!(again.status, 2);
    assert_eq!(
        again.stderr,
        "error: records/staff/jsmith.yaml already exists: there is a staff record with the id `jsmith`\n"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "id: jsmith\nrole: amhp\n"
    );
}

#[test]
fn the_modeline_points_at_the_schema_from_the_record_folder() {
    let (_temp, root) = initialised();
    for (args, path, link) in [
        (
            &["new", "complaint"][..],
            "records/complaints/2025/CMP-2025-0001.yaml",
            "../../../schemas/complaint.schema.yaml",
        ),
        (
            &["new", "staff", "--set", "id=jsmith"],
            "records/staff/jsmith.yaml",
            "../../schemas/staff.schema.yaml",
        ),
    ] {
        assert_eq!(run_in(&root, args).status, 0);
        let text = fs::read_to_string(root.join(path)).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(first, format!("# yaml-language-server: $schema={link}"));
        let target = root.join(path).parent().unwrap().join(link);
        let schema = qaledger::load::yaml::parse(&fs::read_to_string(target).unwrap()).unwrap();
        let schema = schema.to_json();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

#[test]
fn new_from_a_subfolder_prints_the_path_from_there() {
    let (_temp, root) = initialised();
    let run = run_in(&root.join("records"), &["new", "review"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.replace('\\', "/"),
        "reviews/2025/REV-2025-0001.yaml\n"
    );
}

#[test]
fn new_without_editor_schemas_says_how_to_write_them() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("qaledger.toml"), "").unwrap();
    let run = run_in(temp.path(), &["new", "review"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "created REV-2025-0001: fill in its empty fields, then run `qaledger check`\nnote: editors look for its schema at schemas/json/review.schema.json, which does not exist: run `qaledger schema export --out schemas/json` to write it\n"
    );
}

#[test]
fn vscode_settings_map_each_records_folder_to_its_schema() {
    let (_temp, root) = initialised();
    let text = fs::read_to_string(root.join(".vscode/settings.json")).unwrap();
    let settings: Value = serde_json::from_str(&text).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    let mut folders = BTreeSet::new();
    for (schema, globs) in schemas {
        let file = root.join(schema.trim_start_matches("./"));
        let parsed = qaledger::load::yaml::parse(&fs::read_to_string(&file).unwrap()).unwrap();
        let folder_of_schema = parsed.to_json()["x-qaledger"]["folder"].clone();
        let globs: Vec<&str> = globs
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        let folder = globs[0]
            .strip_prefix("records/")
            .and_then(|g| g.strip_suffix("/**/*.yaml"))
            .unwrap();
        assert_eq!(
            globs,
            [
                format!("records/{folder}/**/*.yaml"),
                format!("records/{folder}/**/*.yml")
            ]
        );
        assert_eq!(folder_of_schema, folder, "{schema}");
        folders.insert(folder.to_owned());
    }
    let expected: BTreeSet<String> = FOLDERS.map(str::to_owned).into();
    assert_eq!(folders, expected);
}
