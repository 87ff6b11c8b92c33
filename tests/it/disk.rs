//! What qaledger reads from and writes to disk (issue 12): nothing under `records/` that looks
//! like a record goes unread without an error naming it, no ignore file hides a record, no
//! symbolic link is followed anywhere under the root, settings files are read with the same
//! caps as records, and writes go through unpredictable temporary files.
//!
//! Each test builds its repository in a temporary folder: FIFOs, links and permissions cannot
//! be committed to git.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use crate::common::{Run, copy_tree, manifest_dir, qaledger_on};

/// Long enough for any of these runs; a run that blocks on a pipe is killed and fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A temporary copy of `tests/fixtures/<name>`.
fn fixture_copy(name: &str) -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    copy_tree(
        &manifest_dir().join("tests/fixtures").join(name),
        dir.path(),
    );
    dir
}

/// A repository with one valid action and its owner, and nothing else.
fn clean_repository() -> TempDir {
    clean_fixture("records-missing")
}

/// The same, from `tests/fixtures/<name>` (the fixture of the code a test makes).
fn clean_fixture(name: &str) -> TempDir {
    let dir = fixture_copy(name);
    write(&dir.path().join("records/staff/jsmith.yaml"), STAFF);
    write(
        &dir.path().join("records/actions/2025/ACT-2025-0001.yaml"),
        ACTION,
    );
    dir
}

const STAFF: &str = "id: jsmith\nrole: service-manager\n";

/// Overdue at 2025-06-30 (due 2025-03-31).
const ACTION: &str = "\
id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-03-31
status: agreed
";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    fs::write(path, bytes).expect("write file");
}

fn check(root: &Path) -> Run {
    Run::of(
        qaledger_on(root)
            .args(["check", "--format", "json"])
            .timeout(TIMEOUT),
    )
}

/// `(code, severity, file)` of every diagnostic.
fn found(run: &Run) -> Vec<(String, String, String)> {
    let json = run.json();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    json["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics in:\n{}", run.stdout))
        .iter()
        .map(|d| (text(&d["code"]), text(&d["severity"]), text(&d["file"])))
        .collect()
}

fn one(code: &str, severity: &str, file: &str) -> Vec<(String, String, String)> {
    vec![(code.to_owned(), severity.to_owned(), file.to_owned())]
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symbolic link");
}

// ------------------------------------------------------------------------------------------
// Nothing under records/ goes unread without an error naming it
// ------------------------------------------------------------------------------------------

#[test]
fn the_clean_repository_is_clean() {
    let dir = clean_repository();
    let run = check(dir.path());
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(found(&run), []);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_record_is_an_error() {
    let dir = clean_fixture("file-not-regular");
    let fifo = dir.path().join("records/actions/2025/ACT-2025-0002.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let run = check(dir.path());
    assert_eq!(
        found(&run),
        one(
            "file-not-regular",
            "error",
            "records/actions/2025/ACT-2025-0002.yaml"
        )
    );
    assert_eq!(run.status, 1);
    // The pipe counts as a file that was not read, like one that fails its schema.
    assert_eq!(run.json()["summary"]["files"], 3);
}

/// Root lists any folder: as root, qaledger is run as `nobody` over a copy every other user
/// may read. Skipped (saying why) only when that is impossible.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let dir = clean_fixture("folder-unreadable");
    let folder = dir.path().join("records/actions/2025");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qaledger"));
    cmd.current_dir(manifest_dir())
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["--as-of", crate::common::AS_OF, "--root"])
        .arg(dir.path())
        .args(["check", "--format", "json"]);
    let as_root = fs::read_dir(&folder).is_ok();
    if as_root {
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        cmd.uid(65534).gid(65534);
    }
    let output = cmd.output();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod back");
    let Ok(output) = output else {
        eprintln!(
            "an_unreadable_folder_is_an_error skipped: running as root and cannot run as nobody"
        );
        return;
    };
    let run = Run::from_output(output);
    if as_root && run.status == 2 && run.stdout.is_empty() {
        eprintln!(
            "an_unreadable_folder_is_an_error skipped: running as root, and nobody cannot run qaledger: {}",
            run.stderr
        );
        return;
    }
    assert_eq!(
        found(&run),
        one("folder-unreadable", "error", "records/actions/2025")
    );
    assert_eq!(run.status, 1);
}

#[test]
fn records_as_a_file_is_an_error() {
    let root = manifest_dir().join("tests/fixtures/records-not-a-folder");
    let run = check(&root);
    assert_eq!(found(&run), one("records-not-a-folder", "error", "records"));
    assert_eq!(run.status, 1);
}

#[test]
fn no_records_folder_is_a_warning() {
    let root = manifest_dir().join("tests/fixtures/records-missing");
    let run = check(&root);
    assert_eq!(found(&run), one("records-missing", "warning", "records"));
    assert_eq!(run.status, 0);
}

/// 18 folders of 250 bytes: the record's path is over 4,500 bytes, beyond Linux's and macOS's
/// `PATH_MAX`. No single path may name them, so the chain is built from the bottom up at a
/// short path (wrap it in a new folder, rename that back) and moved into place last.
#[cfg(unix)]
#[test]
fn a_record_below_a_path_too_long_is_an_error() {
    let dir = clean_fixture("path-too-long");
    let name = "d".repeat(250);
    let chain = dir.path().join("chain");
    let wrapper = dir.path().join("wrapper");
    write(&chain.join("ACT-2025-0002.yaml"), "id: x\n");
    for _ in 0..17 {
        fs::create_dir(&wrapper).expect("wrapper folder");
        fs::rename(&chain, wrapper.join(&name)).expect("wrap");
        fs::rename(&wrapper, &chain).expect("unwrap");
    }
    fs::rename(&chain, dir.path().join("records/actions").join(&name)).expect("move in");
    let run = check(dir.path());
    let found = found(&run);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, severity, file) = &found[0];
    assert_eq!(
        (code.as_str(), severity.as_str()),
        ("path-too-long", "error")
    );
    // A folder deep in the chain: the one that could not be listed (past 1,024 bytes on macOS,
    // 4,096 on Linux).
    let prefix = format!("records/actions/{name}/{name}/");
    assert!(file.starts_with(&prefix) && file.len() > 1000, "{file}");
    assert_eq!(run.status, 1);
}

/// 2,000 nested folders (a path of 4,000 bytes, under Linux's `PATH_MAX`) with a record at
/// the bottom: the walk that lists folders on every core must not take a stack frame per level
/// (it overflowed the stack and aborted); the record is found and checked, and the run with
/// the cache says what the run without it says.
#[test]
fn thousands_of_nested_folders_are_walked_without_overflowing() {
    let dir = clean_repository();
    let mut deep = dir.path().join("records/actions");
    for _ in 0..2000 {
        deep.push("a");
    }
    let record = ACTION
        .replace("0001", "0002")
        .replace("owner: jsmith", "owner: nobody");
    write(&deep.join("ACT-2025-0002.yaml"), record);
    let with_cache = check(dir.path());
    let found = found(&with_cache);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("unknown-staff", "error")
    );
    assert!(
        found[0].2.ends_with("/a/a/ACT-2025-0002.yaml"),
        "{}",
        found[0].2
    );
    assert_eq!(with_cache.status, 1);
    let without = Run::of(
        qaledger_on(dir.path())
            .args(["--no-cache", "check", "--format", "json"])
            .timeout(TIMEOUT),
    );
    assert_eq!(without.stdout, with_cache.stdout);
}

/// A committed ignore file, and a `.gitignore` outside git, hide nothing: every record is
/// checked (the broken one is found) whatever they say.
#[test]
fn ignore_files_hide_no_record() {
    let dir = clean_repository();
    write(&dir.path().join("records/.ignore"), "*.yaml\n");
    write(&dir.path().join("records/.gitignore"), "actions/\n");
    write(&dir.path().join(".gitignore"), "records/\n");
    write(&dir.path().join(".ignore"), "*.yaml\n");
    write(
        &dir.path().join("records/actions/2025/ACT-2025-0002.yaml"),
        ACTION
            .replace("0001", "0002")
            .replace("owner: jsmith", "owner: nobody"),
    );
    let run = check(dir.path());
    assert_eq!(
        found(&run),
        one(
            "unknown-staff",
            "error",
            "records/actions/2025/ACT-2025-0002.yaml"
        )
    );
    assert_eq!(run.json()["summary"]["files"], 3);
    assert_eq!(run.status, 1);
}

// ------------------------------------------------------------------------------------------
// No symbolic link is followed anywhere under the root
// ------------------------------------------------------------------------------------------

/// `records -> /` (and a link to a folder of valid records): nothing behind the link is read
/// or quoted, and `check` fails.
#[cfg(unix)]
#[test]
fn a_linked_records_folder_is_not_followed() {
    for target in ["/", "elsewhere"] {
        let dir = clean_repository();
        fs::rename(dir.path().join("records"), dir.path().join("elsewhere")).expect("rename");
        symlink(target, &dir.path().join("records"));
        let run = check(dir.path());
        assert_eq!(found(&run), one("symlink-skipped", "error", "records"));
        assert_eq!(run.status, 1);
        assert_eq!(run.json()["summary"]["records"], 0);
        // The human report quotes nothing behind the link either.
        let human = Run::of(qaledger_on(dir.path()).arg("check").timeout(TIMEOUT));
        assert!(!human.stdout.contains("jsmith"), "{}", human.stdout);
        // Nor do the views list anything from behind it.
        let overdue = Run::of(
            qaledger_on(dir.path())
                .args(["overdue", "--format", "json"])
                .timeout(TIMEOUT),
        );
        assert!(
            !overdue.stdout.contains("ACT-2025-0001"),
            "{}",
            overdue.stdout
        );
    }
}

/// A link under records/, to a record or to a folder of records, is an error: what it names
/// was not checked.
#[cfg(unix)]
#[test]
fn links_under_records_are_errors() {
    let dir = clean_repository();
    let outside = TempDir::new().expect("temporary folder");
    write(&outside.path().join("ACT-2025-0009.yaml"), ACTION);
    symlink(outside.path(), &dir.path().join("records/actions/old"));
    symlink(
        outside.path().join("ACT-2025-0009.yaml"),
        &dir.path().join("records/actions/2025/ACT-2025-0009.yaml"),
    );
    let run = check(dir.path());
    assert_eq!(
        found(&run),
        [
            (
                "symlink-skipped".to_owned(),
                "error".to_owned(),
                "records/actions/2025/ACT-2025-0009.yaml".to_owned()
            ),
            (
                "symlink-skipped".to_owned(),
                "error".to_owned(),
                "records/actions/old".to_owned()
            ),
        ]
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.json()["summary"]["records"], 2);
}

/// `qaledger.toml`, `schemas/` and each schema file: a link is refused by name (exit 2), never
/// followed.
#[cfg(unix)]
#[test]
fn linked_settings_are_refused() {
    let schema = "x-qaledger:\n  folder: notes\n  id_prefix: NOTE\ntype: object\n";
    // qaledger.toml
    let dir = clean_repository();
    fs::rename(
        dir.path().join("qaledger.toml"),
        dir.path().join("real.toml"),
    )
    .expect("rename");
    symlink("real.toml", &dir.path().join("qaledger.toml"));
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(run.stderr.contains("qaledger.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    // schemas/
    let dir = clean_repository();
    let outside = TempDir::new().expect("temporary folder");
    write(&outside.path().join("note.schema.yaml"), schema);
    symlink(outside.path(), &dir.path().join("schemas"));
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(run.stderr.contains("schemas"), "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    // one schema file
    let dir = clean_repository();
    fs::create_dir(dir.path().join("schemas")).expect("schemas folder");
    symlink(
        outside.path().join("note.schema.yaml"),
        &dir.path().join("schemas/note.schema.yaml"),
    );
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("schemas/note.schema.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
}

// ------------------------------------------------------------------------------------------
// Settings files are read like records: capped, regular files only
// ------------------------------------------------------------------------------------------

/// A schema that is a FIFO would block for ever, and one linking to /dev/zero would never
/// end: both are refused at once.
#[cfg(unix)]
#[test]
fn a_schema_that_is_a_pipe_or_device_is_refused() {
    let dir = clean_repository();
    fs::create_dir(dir.path().join("schemas")).expect("schemas folder");
    let fifo = dir.path().join("schemas/note.schema.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("schemas/note.schema.yaml") && run.stderr.contains("not a regular"),
        "{}",
        run.stderr
    );
    fs::remove_file(&fifo).expect("remove the pipe");
    symlink("/dev/zero", &fifo);
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("schemas/note.schema.yaml"),
        "{}",
        run.stderr
    );
}

/// Over 1 MiB: refused without being read whole (a sparse 64 MiB file here; at 2 GiB it took
/// GiBs of memory before).
#[test]
fn oversized_settings_are_refused() {
    let big = 64 * 1024 * 1024;
    let dir = clean_repository();
    let config = dir.path().join("qaledger.toml");
    fs::File::options()
        .append(true)
        .open(&config)
        .and_then(|f| f.set_len(big))
        .expect("grow qaledger.toml");
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("qaledger.toml") && run.stderr.contains("larger than 1 MiB"),
        "{}",
        run.stderr
    );

    let dir = clean_repository();
    let schema = dir.path().join("schemas/note.schema.yaml");
    write(&schema, "type: object\n");
    fs::File::options()
        .append(true)
        .open(&schema)
        .and_then(|f| f.set_len(big))
        .expect("grow the schema");
    let run = check(dir.path());
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("schemas/note.schema.yaml") && run.stderr.contains("larger than 1 MiB"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------------------------------------
// Writes: exclusive temporary files, and a killed run's leftovers cleaned by a later one
// ------------------------------------------------------------------------------------------

/// A `remind` killed mid-run leaves `.qaledger-*.tmp` files in `--out-dir`; the next run
/// removes those over an hour old (and nothing else), and leaves none of its own.
#[test]
fn remind_removes_stale_temporary_files_and_leaves_none() {
    let dir = clean_repository();
    let out = TempDir::new().expect("temporary folder");
    let aged = |name: &str, seconds: u64| {
        let path = out.path().join(name);
        fs::write(&path, b"half a digest").expect("write");
        let file = fs::File::options().write(true).open(&path).expect("open");
        let when = std::time::SystemTime::now() - Duration::from_secs(seconds);
        file.set_modified(when).expect("set modified");
        path
    };
    let stale = aged(".qaledger-k1lL3d.tmp", 2 * 3600);
    let running = aged(".qaledger-5t1ll.tmp", 10);
    let unrelated = aged(".jsmith.md.tmp", 2 * 3600);
    let run = Run::of(
        qaledger_on(dir.path())
            .arg("remind")
            .arg("--out-dir")
            .arg(out.path())
            .timeout(TIMEOUT),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(out.path().join("jsmith.md").is_file());
    assert!(!stale.exists(), "the stale leftover is still there");
    assert!(running.exists() && unrelated.exists());
    let temporary: Vec<String> = fs::read_dir(out.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".qaledger-") && n != ".qaledger-5t1ll.tmp")
        .collect();
    assert_eq!(temporary, Vec::<String>::new());
}

// ------------------------------------------------------------------------------------------
// Schemas cannot send writes outside records/, and name only fields they have
// ------------------------------------------------------------------------------------------

/// A kind added by the repository, with its `x-qaledger` block's `folder` and `id_prefix`.
fn visit_schema(folder: &str, id_prefix: &str) -> String {
    format!(
        "type: object\n\
         additionalProperties: false\n\
         required: [id]\n\
         properties:\n  id: {{type: string}}\n  visited: {{type: string, format: date}}\n\
         x-qaledger:\n  kind: visit\n  folder: \"{folder}\"\n  id_prefix: \"{id_prefix}\"\n  main_date: [visited]\n"
    )
}

/// `folder: ../../outside` and `id_prefix: ../../../x` stop the tool (exit 2, naming the schema
/// file and the key), and `new` writes nothing anywhere.
#[test]
fn a_schema_whose_names_are_paths_is_refused() {
    for (folder, prefix, key) in [
        ("../../outside", "VIS", "x-qaledger.folder"),
        ("visits/../..", "VIS", "x-qaledger.folder"),
        (".hidden", "VIS", "x-qaledger.folder"),
        ("visits", "../../../x", "x-qaledger.id_prefix"),
        ("visits", "V", "x-qaledger.id_prefix"),
    ] {
        let outer = TempDir::new().expect("temporary folder");
        let root = outer.path().join("a/b/repo");
        copy_tree(
            &manifest_dir().join("tests/fixtures/records-missing"),
            &root,
        );
        write(
            &root.join("schemas/visit.schema.yaml"),
            visit_schema(folder, prefix),
        );
        let run = check(&root);
        assert_eq!(run.status, 2, "{folder} {prefix}: {}", run.stdout);
        assert!(
            run.stderr.contains("schemas/visit.schema.yaml") && run.stderr.contains(key),
            "{folder} {prefix}: {}",
            run.stderr
        );
        let new = Run::of(qaledger_on(&root).args(["new", "visit"]).timeout(TIMEOUT));
        assert_eq!(new.status, 2, "{}", new.stderr);
        let mut written = Vec::new();
        let mut stack = vec![outer.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("list").flatten() {
                if entry.file_type().expect("type").is_dir() {
                    stack.push(entry.path());
                } else {
                    written.push(entry.path());
                }
            }
        }
        written.sort();
        assert_eq!(
            written,
            [
                root.join("README.md"),
                root.join("qaledger.toml"),
                root.join("schemas/visit.schema.yaml")
            ],
            "{folder} {prefix}"
        );
    }
}

/// Every field the block names must be in the schema: a misspelt one would make a rule or a
/// deadline silently never apply. The built-in action schema with one name misspelt at a time.
#[test]
fn a_schema_naming_a_field_it_lacks_is_refused() {
    let action = include_str!("../../schemas/action.schema.yaml");
    for (old, new, key, field) in [
        (
            "  owner: owner\n",
            "  owner: ownr\n",
            "x-qaledger.owner",
            "ownr",
        ),
        (
            "      done: impact.measured\n",
            "      done: impact.measurd\n",
            "x-qaledger.deadlines (impact-review).done",
            "impact.measurd",
        ),
        (
            "  happened: [agreed.date,",
            "  happened: [agreed.dat,",
            "x-qaledger.happened",
            "agreed.dat",
        ),
        (
            "\"updates.*.date\"]",
            "\"updates.*.when\"]",
            "x-qaledger.happened",
            "updates.*.when",
        ),
        // Time travel: a misspelt field would make every action always exist.
        (
            "    exists_from: agreed.date\n",
            "    exists_from: agreed.dated\n",
            "x-qaledger.as_of.exists_from",
            "agreed.dated",
        ),
        (
            "on: impact.measured}",
            "on: impact.measure}",
            "x-qaledger.as_of.recorded_with.on",
            "impact.measure",
        ),
        // A council's own case-reference field, misspelt, would let the real one travel.
        (
            "  as_of:\n",
            "  case_refs: [persn_ref]\n  as_of:\n",
            "x-qaledger.case_refs",
            "persn_ref",
        ),
    ] {
        assert!(action.contains(old), "the action schema changed: {old}");
        let dir = clean_repository();
        write(
            &dir.path().join("schemas/action.schema.yaml"),
            action.replacen(old, new, 1),
        );
        let run = check(dir.path());
        assert_eq!(run.status, 2, "{field}: {}", run.stdout);
        let expected = format!(
            "schemas/action.schema.yaml: {key} names `{field}`, which is not a field in the schema's properties"
        );
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
    // Unchanged, it is accepted.
    let dir = clean_repository();
    write(&dir.path().join("schemas/action.schema.yaml"), action);
    assert_eq!(check(dir.path()).status, 0);
}

/// A schema that refers to itself (`title: {$ref: "#"}`, a list whose items are that list)
/// is valid JSON Schema: `schema show` lists each field once instead of recursing for ever.
#[test]
fn schema_show_survives_a_recursive_ref() {
    let dir = clean_repository();
    write(
        &dir.path().join("schemas/visit.schema.yaml"),
        "type: object\n\
         additionalProperties: false\n\
         required: [id]\n\
         properties:\n  id: {type: string}\n  title: {$ref: \"#\"}\n  chain: {type: array, items: {$ref: \"#/properties/chain\"}}\n\
         x-qaledger:\n  kind: visit\n  folder: visits\n  id_prefix: VIS\n  title: [title]\n",
    );
    let run = Run::of(
        qaledger_on(dir.path())
            .args(["schema", "show", "visit", "--format", "json"])
            .timeout(TIMEOUT),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json();
    let fields: Vec<&str> = json["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("no fields in {json}"))
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["id", "title", "chain"]);
    assert_eq!(json["fields"][1]["type"], "group of fields");
    let chain = json["fields"][2]["type"].as_str().unwrap_or_default();
    assert!(chain.starts_with("list of list of"), "{chain}");
    // And the table, which a person reads.
    let table = Run::of(
        qaledger_on(dir.path())
            .args(["schema", "show", "visit"])
            .timeout(TIMEOUT),
    );
    assert_eq!(table.status, 0, "{}", table.stderr);
}
