//! The per-file result cache (issue 19): every command prints the same bytes with and without
//! it, on the examples and on a generated repository, across edits, renames, deletions,
//! touches, schema and configuration edits; a damaged, foreign or unwritable cache never
//! changes an answer or stops a run.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::common::{Run, copy_tree, manifest_dir, qaledger_at};

/// The commands compared, each printing to stdout only.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "github"],
    &["check", "--format", "junit"],
    &["check", "--format", "gitlab"],
    &["check", "--strict"],
    &["overdue"],
    &["overdue", "--format", "json", "--within", "30 days"],
    &["tracker", "--format", "json"],
    &["tracker", "--format", "csv"],
    &["summary"],
    &["summary", "--format", "json"],
];

/// The dates every command is run at: the examples' today, one before most records (future
/// dates everywhere) and one long after (every deadline past).
const DATES: &[&str] = &["2025-06-30", "2024-01-15", "2031-01-01"];

fn run(root: &Path, as_of: &str, args: &[&str], cache: bool) -> Run {
    let mut cmd = qaledger_at(as_of);
    cmd.arg("--root").arg(root).env_remove("QALEDGER_NO_CACHE");
    if !cache {
        cmd.arg("--no-cache");
    }
    Run::of(cmd.args(args))
}

/// Every command at every date, with the cache (twice: the first run may write it, the second
/// reads what the first wrote) and without, must print the same bytes.
fn assert_same_both_ways(root: &Path, step: &str, dates: &[&str]) {
    for as_of in dates {
        for args in COMMANDS {
            let without = run(root, as_of, args, false);
            for pass in ["first", "second"] {
                let with = run(root, as_of, args, true);
                let what = format!(
                    "{step}: `{}` at {as_of}, {pass} run with the cache",
                    args.join(" ")
                );
                assert_eq!(with.status, without.status, "{what}: exit status");
                assert_eq!(with.stdout, without.stdout, "{what}: stdout");
                assert_eq!(with.stderr, without.stderr, "{what}: stderr");
            }
        }
    }
}

/// Sets every file's modification time an hour back, so the cache may keep it (a file changed
/// within the last two seconds is re-read: the racy-git rule).
fn age(root: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for entry in walkdir(root) {
        if let Ok(file) = fs::OpenOptions::new().write(true).open(&entry) {
            file.set_modified(old).unwrap();
        }
    }
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    out
}

/// `cache stats`' "from the cache on the next check: N of M".
fn hits(root: &Path) -> (usize, usize) {
    let stats = run(root, "2025-06-30", &["cache", "stats"], true);
    assert_eq!(stats.status, 0, "{}", stats.stderr);
    let line = stats
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("from the cache on the next check: "))
        .unwrap_or_else(|| panic!("no hits line in {}", stats.stdout));
    let (hits, files) = line.split_once(" of ").unwrap();
    (hits.parse().unwrap(), files.parse().unwrap())
}

fn cache_file(root: &Path) -> PathBuf {
    root.join(".qaledger-cache/results.bin")
}

fn journal_file(root: &Path) -> PathBuf {
    root.join(".qaledger-cache/journal.bin")
}

fn copy_of(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&manifest_dir().join("examples").join(example), dir.path());
    age(dir.path());
    dir
}

/// Replaces `from` by `to` in a file, keeping its modification time: only its size, change
/// time or inode can tell the cache it changed.
fn edit_keeping_mtime(path: &Path, from: &str, to: &str) {
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

#[test]
fn the_examples_print_the_same_with_and_without_the_cache() {
    for example in ["northshire", "broken"] {
        let dir = copy_of(example);
        assert_same_both_ways(dir.path(), example, DATES);
        let (hits, files) = hits(dir.path());
        assert!(files > 0);
        assert_eq!(
            hits, files,
            "{example}: every file is served from the cache"
        );
    }
}

#[test]
fn a_generated_repository_prints_the_same_across_every_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let generated = std::process::Command::new("python3")
        .arg(manifest_dir().join("scripts/generate-records.py"))
        .arg("--out")
        .arg(&root)
        .args(["--records", "120", "--seed", "7", "--invalid-percent", "5"])
        .output()
        .expect("python3 runs scripts/generate-records.py");
    assert!(generated.status.success(), "{generated:?}");
    let root = root.as_path();
    age(root);
    assert_same_both_ways(root, "generated", &DATES[..1]);
    let (hits, files) = hits(root);
    assert_eq!(hits, files);

    // An edit of the same length, its modification time put back: the change time tells.
    let actions = root.join("records/actions");
    let mut action_files: Vec<PathBuf> = walkdir(&actions);
    action_files.sort();
    let edited = &action_files[0];
    let text = fs::read_to_string(edited).unwrap();
    let id_line = text
        .lines()
        .find(|l| l.starts_with("id: "))
        .unwrap()
        .to_owned();
    let last = id_line.chars().last().unwrap();
    let other = if last == '9' { '8' } else { '9' };
    let new_id_line = format!("{}{other}", &id_line[..id_line.len() - 1]);
    edit_keeping_mtime(edited, &id_line, &new_id_line);
    assert_same_both_ways(root, "an edit of the same length", &DATES[..1]);
    let found = run(root, "2025-06-30", &["check", "--format", "json"], true).stdout;
    assert!(found.contains("id-file-name-mismatch"), "the edit is seen");

    // An edit that changes the size (a title that is too long is still valid).
    edit_keeping_mtime(&action_files[1], "title: ", "title: Revised - ");
    assert_same_both_ways(root, "an edit", &DATES[..1]);

    // A rename into a wrong file name, and a deletion.
    let renamed = action_files[2].with_file_name("ACT-2099-9999.yaml");
    fs::rename(&action_files[2], &renamed).unwrap();
    fs::remove_file(&action_files[3]).unwrap();
    assert_same_both_ways(root, "a rename and a deletion", &DATES[..1]);

    // A touch without change: re-read once (racy), then served again.
    let touched = &action_files[4];
    fs::OpenOptions::new()
        .write(true)
        .open(touched)
        .unwrap()
        .set_modified(SystemTime::now())
        .unwrap();
    assert_same_both_ways(root, "a touch", &DATES[..1]);

    // A schema edit: every title over 10 characters is now a schema problem.
    fs::create_dir_all(root.join("schemas")).unwrap();
    let schema = fs::read_to_string(manifest_dir().join("schemas/action.schema.yaml")).unwrap();
    let schema = schema.replacen(
        "  title:\n    type: string\n    minLength: 1\n",
        "  title:\n    type: string\n    minLength: 1\n    maxLength: 10\n",
        1,
    );
    assert!(schema.contains("maxLength: 10"));
    fs::write(root.join("schemas/action.schema.yaml"), schema).unwrap();
    assert_same_both_ways(root, "a schema edit", &DATES[..1]);
    let errors = run(root, "2025-06-30", &["check", "--format", "json"], true).json();
    assert!(
        errors.to_string().contains("schema-"),
        "the schema edit is seen through the cache"
    );

    // A configuration edit: a team renamed, so records naming the old id are now wrong.
    let config = root.join("qaledger.toml");
    let text = fs::read_to_string(&config).unwrap();
    let team = text
        .lines()
        .find_map(|l| l.strip_prefix("id = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap()
        .to_owned();
    fs::write(
        &config,
        text.replacen(
            &format!("id = \"{team}\""),
            &format!("id = \"{team}-renamed\""),
            1,
        ),
    )
    .unwrap();
    assert_same_both_ways(root, "a configuration edit", &DATES[..1]);
}

/// The ways a cache file can be found damaged or foreign, made from a whole one.
fn damaged_copies(whole: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut foreign = whole.to_vec();
    // The bytes after the magic and format say whose cache it is (version, build, settings).
    foreign[20] ^= 0xff;
    let mut flipped = whole.to_vec();
    flipped[whole.len() / 2] ^= 0x01;
    vec![
        ("empty", Vec::new()),
        ("truncated", whole[..whole.len() / 3].to_vec()),
        ("one byte short", whole[..whole.len() - 1].to_vec()),
        (
            "garbage",
            (0..whole.len()).map(|i| (i * 31 % 251) as u8).collect(),
        ),
        ("another identity", foreign),
        ("one bit flipped", flipped),
    ]
}

#[test]
fn a_damaged_or_foreign_cache_changes_no_answer_and_is_rebuilt() {
    let dir = copy_of("broken");
    let root = dir.path();
    let args = ["check", "--format", "json"];
    let expected = run(root, "2025-06-30", &args, false);
    assert_eq!(run(root, "2025-06-30", &args, true).stdout, expected.stdout);
    let whole = fs::read(cache_file(root)).unwrap();
    assert!(whole.len() > 100);
    let (_, files) = hits(root);
    let same = |what: &str| {
        for pass in ["first", "second"] {
            let with = run(root, "2025-06-30", &args, true);
            assert_eq!(with.status, expected.status, "{what}, {pass} run");
            assert_eq!(with.stdout, expected.stdout, "{what}, {pass} run");
            assert_eq!(with.stderr, expected.stderr, "{what}, {pass} run");
        }
    };
    for (what, bytes) in damaged_copies(&whole) {
        fs::write(cache_file(root), &bytes).unwrap();
        same(what);
        // Rebuilt: the same entries (written in the order the files were checked, so
        // compared by size and by what they serve).
        assert_eq!(
            fs::metadata(cache_file(root)).unwrap().len(),
            whole.len() as u64,
            "{what}: rebuilt"
        );
        assert_eq!(hits(root), (files, files), "{what}: rebuilt");
    }
    // Deleted: rebuilt the same.
    fs::remove_dir_all(root.join(".qaledger-cache")).unwrap();
    same("deleted");
    assert_eq!(fs::read(cache_file(root)).unwrap().len(), whole.len());

    // A journal (one file changed since the base was written), damaged the same ways, or
    // left beside a base it does not continue.
    let record = walkdir(&root.join("records"))
        .into_iter()
        .find(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("title: ")))
        .unwrap();
    edit_keeping_mtime(&record, "title: ", "title: Revised - ");
    let expected = run(root, "2025-06-30", &args, false);
    same("an edit");
    let journal = fs::read(journal_file(root)).unwrap();
    assert!(journal.len() < whole.len() / 4, "a journal, not a new base");
    assert_eq!(hits(root), (files, files));
    for (what, bytes) in damaged_copies(&journal) {
        fs::write(journal_file(root), &bytes).unwrap();
        let with = run(root, "2025-06-30", &args, true);
        assert_eq!(with.stdout, expected.stdout, "journal {what}");
        assert_eq!(with.status, expected.status, "journal {what}");
        assert_eq!(hits(root), (files, files), "journal {what}: rewritten");
    }
    // A new base (the old one removed) makes the journal left over another base's.
    fs::remove_file(cache_file(root)).unwrap();
    assert_eq!(run(root, "2025-06-30", &args, true).stdout, expected.stdout);
    assert!(!journal_file(root).exists(), "a new base ends its journal");
    fs::write(journal_file(root), &journal).unwrap();
    assert_eq!(run(root, "2025-06-30", &args, true).stdout, expected.stdout);
    assert_eq!(
        hits(root),
        (files, files),
        "a journal of another base is ignored"
    );
}

#[test]
fn the_cache_folder_ignores_itself_and_clean_removes_it() {
    let dir = copy_of("northshire");
    let root = dir.path();
    assert_eq!(run(root, "2025-06-30", &["check"], true).status, 0);
    assert_eq!(
        fs::read_to_string(root.join(".qaledger-cache/.gitignore")).unwrap(),
        "# qaledger's result cache: never committed (`qaledger cache clean` removes it).\n*\n"
    );
    let clean = run(root, "2025-06-30", &["cache", "clean"], true);
    assert_eq!(clean.status, 0, "{}", clean.stderr);
    assert!(!root.join(".qaledger-cache").exists());
    let again = run(root, "2025-06-30", &["cache", "clean"], true);
    assert_eq!(again.stdout, "no cache to remove\n");
}

#[test]
fn no_cache_and_its_variable_neither_read_nor_write_it() {
    let dir = copy_of("northshire");
    let root = dir.path();
    assert_eq!(run(root, "2025-06-30", &["check"], false).status, 0);
    let mut cmd = qaledger_at("2025-06-30");
    cmd.arg("--root").arg(root).env("QALEDGER_NO_CACHE", "1");
    assert_eq!(Run::of(cmd.arg("overdue")).status, 0);
    assert!(!root.join(".qaledger-cache").exists());
    // `QALEDGER_NO_CACHE=0` is no request.
    let mut cmd = qaledger_at("2025-06-30");
    cmd.arg("--root").arg(root).env("QALEDGER_NO_CACHE", "0");
    assert_eq!(Run::of(cmd.arg("check")).status, 0);
    assert!(cache_file(root).exists());
}

#[test]
fn a_ci_run_leaves_the_cache_off_unless_asked() {
    let dir = copy_of("northshire");
    let root = dir.path();
    let mut cmd = qaledger_at("2025-06-30");
    cmd.arg("--root")
        .arg(root)
        .env_remove("QALEDGER_NO_CACHE")
        .env("CI", "true");
    assert_eq!(Run::of(cmd.arg("check")).status, 0);
    assert!(
        !root.join(".qaledger-cache").exists(),
        "a fresh CI run wrote a cache"
    );
    // `CI=false` is not CI.
    let mut cmd = qaledger_at("2025-06-30");
    cmd.arg("--root")
        .arg(root)
        .env_remove("QALEDGER_NO_CACHE")
        .env("CI", "false");
    assert_eq!(Run::of(cmd.arg("check")).status, 0);
    assert!(cache_file(root).exists());
    fs::remove_dir_all(root.join(".qaledger-cache")).unwrap();
    // A CI that keeps the folder between runs asks for it.
    let mut cmd = qaledger_at("2025-06-30");
    cmd.arg("--root")
        .arg(root)
        .env("QALEDGER_NO_CACHE", "0")
        .env("CI", "true");
    assert_eq!(Run::of(cmd.arg("check")).status, 0);
    assert!(cache_file(root).exists());
}

/// A checkout the cache cannot be written in (here, a file where the folder would be; a link
/// is not followed either) runs as before, with nothing written.
#[test]
fn a_cache_that_cannot_be_written_is_no_error() {
    let dir = copy_of("broken");
    let root = dir.path();
    let expected = run(root, "2025-06-30", &["check"], false);
    fs::write(root.join(".qaledger-cache"), "not a folder").unwrap();
    let with = run(root, "2025-06-30", &["check"], true);
    assert_eq!(
        (with.status, &with.stdout, &with.stderr),
        (expected.status, &expected.stdout, &expected.stderr)
    );
    assert_eq!(
        fs::read_to_string(root.join(".qaledger-cache")).unwrap(),
        "not a folder"
    );
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        fs::remove_file(root.join(".qaledger-cache")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join(".qaledger-cache")).unwrap();
        let with = run(root, "2025-06-30", &["check"], true);
        assert_eq!(with.stdout, expected.stdout);
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
