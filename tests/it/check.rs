//! End-to-end tests of `qaledger check`: the binary, run on small repositories.
//!
//! - One test per diagnostic code, each on the smallest repository that produces it
//!   (`tests/fixtures/<code>/`), asserting the code, file, line, column and exit status. The
//!   positions were worked out by hand from the fixture files; each file's first comment says
//!   where its problem is.
//! - `examples/broken` reports every code, and `examples/northshire` is clean.
//! - Exit statuses, `--strict`, `check PATHS…`, and every output format (with snapshots of the
//!   human and JSON reports in `tests/it/snapshots/`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use qaledger::diagnostic::code::Code;
use serde_json::Value;
use tempfile::TempDir;

use crate::common::{AS_OF, Run, copy_tree, manifest_dir, qaledger, qaledger_on};

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

fn example(name: &str) -> PathBuf {
    manifest_dir().join("examples").join(name)
}

/// Readers of `check --format json` reports.
impl Run {
    fn diagnostics(&self) -> Vec<Value> {
        self.json()["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("no diagnostics array in:\n{}", self.stdout))
    }

    /// The set of codes reported.
    fn codes(&self) -> BTreeSet<String> {
        self.diagnostics()
            .iter()
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// `qaledger --root ROOT check --format json [ARGS…]`.
fn check_json(root: &Path, args: &[&str]) -> Run {
    Run::of(
        qaledger_on(root)
            .args(["check", "--format", "json"])
            .args(args),
    )
}

/// Where a diagnostic should be; `column: None` when only the line is meaningful.
struct At {
    file: &'static str,
    line: u64,
    column: Option<u64>,
}

fn at(file: &'static str, line: u64, column: u64) -> At {
    At {
        file,
        line,
        column: Some(column),
    }
}

/// Runs `check` on `root` and asserts that it reports `code` at every place in `places`, that it
/// reports nothing else (the fixtures are minimal), that each diagnostic has the code's severity,
/// and that the exit status is `status`. Returns the diagnostics for further checks.
fn expect_only(root: &Path, code: Code, places: &[At], status: i32) -> Vec<Value> {
    let run = check_json(root, &[]);
    let diagnostics = run.diagnostics();
    let context = || {
        format!(
            "{}:\n{}\nstderr: {}",
            root.display(),
            serde_json::to_string_pretty(&diagnostics).unwrap_or_default(),
            run.stderr
        )
    };
    assert_eq!(run.status, status, "exit status for {}", context());
    assert_eq!(
        diagnostics.len(),
        places.len(),
        "expected {} `{code}` diagnostic(s) in {}",
        places.len(),
        context()
    );
    for d in &diagnostics {
        assert_eq!(d["code"], code.as_str(), "unexpected code in {}", context());
        assert_eq!(
            d["severity"],
            code.severity().as_str(),
            "severity in {}",
            context()
        );
        assert!(
            d["message"].as_str().is_some_and(|m| !m.is_empty()),
            "empty message in {}",
            context()
        );
    }
    for place in places {
        let found = diagnostics.iter().any(|d| {
            d["file"] == place.file
                && d["line"] == place.line
                && place.column.is_none_or(|c| d["column"] == c)
        });
        assert!(
            found,
            "no `{code}` at {}:{}:{:?} in {}",
            place.file,
            place.line,
            place.column,
            context()
        );
    }
    // The JSON envelope and its tally agree with the diagnostics.
    let json = run.json();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["as_of"], AS_OF);
    let (errors, warnings) = diagnostics.iter().fold((0, 0), |(e, w), d| {
        if d["severity"] == "error" {
            (e + 1, w)
        } else {
            (e, w + 1)
        }
    });
    assert_eq!(json["summary"]["errors"], errors);
    assert_eq!(json["summary"]["warnings"], warnings);
    diagnostics
}

/// `tests/fixtures/<code>/` must report only `code`, at `places`.
fn expect_fixture(code: Code, places: &[At], status: i32) -> Vec<Value> {
    expect_only(&fixture(code.as_str()), code, places, status)
}

/// A temporary copy of a repository, for tests that add files to it.
fn temp_copy(root: &Path) -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    copy_tree(root, dir.path());
    dir
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
    fs::write(path, bytes).expect("write file");
}

/// Makes `link` a symbolic link to `target`; false where the platform does not allow it.
fn symlink(target: &str, link: &Path) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(target, link).is_ok()
    }
    #[cfg(windows)]
    {
        std::os::windows::fs::symlink_file(target, link).is_ok()
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (target, link);
        false
    }
}

/// More than 1 MiB: a comment and one long `notes` value.
fn too_large_record(code_comment: &str) -> Vec<u8> {
    let mut bytes = format!("# {code_comment}\nnotes: ").into_bytes();
    bytes.resize(bytes.len() + 1024 * 1024 + 1, b'x');
    bytes.push(b'\n');
    bytes
}

/// A complaint whose `summary` on line 7 holds a pound sign in Windows-1252 (the byte 0xA3) at
/// column 18.
fn not_utf8_record(id: &str) -> Vec<u8> {
    let mut bytes = format!(
        "# file-not-utf8: the pound sign on line 7 was saved as Windows-1252, not UTF-8.\n\
         id: {id}\n\
         type: complaint\n\
         status: open\n\
         received: 2025-03-03\n\
         handler: jsmith\n\
         summary: Charged "
    )
    .into_bytes();
    bytes.push(0xA3);
    bytes.extend_from_slice(b"40 for a visit that did not happen.\n");
    bytes
}

const VALID_ACTION: &str = "\
id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-09-30
status: agreed
";

// ------------------------------------------------------------------------------------------
// One test per diagnostic code
// ------------------------------------------------------------------------------------------

#[test]
fn every_code_has_a_fixture() {
    for code in Code::ALL {
        let dir = fixture(code.as_str());
        assert!(
            dir.join("qaledger.toml").is_file(),
            "{} has no fixture repository",
            dir.display()
        );
    }
}

/// Removing a file's permissions makes it unreadable, except to root: when the tests run as
/// root, the binary is run as `nobody` (uid 65534) instead. Skipped where neither works.
#[cfg(unix)]
#[test]
fn file_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let dir = temp_copy(&fixture("file-unreadable"));
    let file = dir.path().join("records/actions/ACT-2025-0001.yaml");
    write(&file, VALID_ACTION);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).expect("chmod 000");

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_qaledger"));
    cmd.current_dir(manifest_dir())
        .args(["--as-of", AS_OF, "--root"])
        .arg(dir.path())
        .args(["check", "--format", "json"]);
    if fs::read(&file).is_ok() {
        // Running as root: let everyone but the file be readable, and drop privileges.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        cmd.uid(65534).gid(65534);
    }
    let output = match cmd.output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("file_unreadable skipped: cannot run qaledger as another user ({e})");
            return;
        }
    };
    let run = Run::from_output(output);
    if run.status == 2 && run.stdout.is_empty() {
        eprintln!(
            "file_unreadable skipped: qaledger could not run as another user: {}",
            run.stderr
        );
        return;
    }
    let diagnostics = run.diagnostics();
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(diagnostics.len(), 1, "{}", run.stdout);
    let d = &diagnostics[0];
    assert_eq!(d["code"], "file-unreadable");
    assert_eq!(d["file"], "records/actions/ACT-2025-0001.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn file_too_large() {
    let dir = temp_copy(&fixture("file-too-large"));
    write(
        &dir.path().join("records/actions/ACT-2025-0001.yaml"),
        too_large_record("file-too-large: more than 1 MiB"),
    );
    expect_only(
        dir.path(),
        Code::FileTooLarge,
        &[at("records/actions/ACT-2025-0001.yaml", 1, 1)],
        1,
    );
}

#[test]
fn file_not_utf8() {
    let dir = temp_copy(&fixture("file-not-utf8"));
    write(
        &dir.path().join("records/complaints/CMP-2025-0001.yaml"),
        not_utf8_record("CMP-2025-0001"),
    );
    expect_only(
        dir.path(),
        Code::FileNotUtf8,
        &[at("records/complaints/CMP-2025-0001.yaml", 7, 18)],
        1,
    );
}

#[test]
fn file_empty() {
    expect_fixture(
        Code::FileEmpty,
        &[at("records/actions/ACT-2025-0001.yaml", 1, 1)],
        1,
    );
}

#[test]
fn yaml_syntax() {
    // The tab is the first character of line 8; the parser reports where it gave up (column 2
    // at the time of writing), so only the line is asserted.
    let found = expect_fixture(
        Code::YamlSyntax,
        &[At {
            file: "records/actions/ACT-2025-0001.yaml",
            line: 8,
            column: None,
        }],
        1,
    );
    assert!(found[0]["column"].as_u64().is_some_and(|c| c <= 2));
    assert!(found[0]["hint"].as_str().is_some_and(|h| h.contains("tab")));
}

#[test]
fn yaml_duplicate_key() {
    let found = expect_fixture(
        Code::YamlDuplicateKey,
        &[at("records/actions/ACT-2025-0001.yaml", 11, 1)],
        1,
    );
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("line 10"))
    );
}

#[test]
fn yaml_multiple_documents() {
    expect_fixture(
        Code::YamlMultipleDocuments,
        &[at("records/actions/ACT-2025-0001.yaml", 11, 1)],
        1,
    );
}

/// Every (code, line, column) a repository reports.
fn reported(root: &Path) -> BTreeSet<(String, u64, u64)> {
    check_json(root, &[])
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn owned(set: &[(&str, u64, u64)]) -> BTreeSet<(String, u64, u64)> {
    set.iter()
        .map(|(c, l, n)| ((*c).to_owned(), *l, *n))
        .collect()
}

#[test]
fn yaml_too_deep() {
    // The file is a list, nested 70 deep: past 64 levels is left out, and the rest is still
    // checked (a record is a block of fields, not a list).
    assert_eq!(
        reported(&fixture("yaml-too-deep")),
        owned(&[("yaml-too-deep", 2, 65), ("schema-type", 2, 1)])
    );
}

#[test]
fn yaml_alias_expansion() {
    // Only copies count. Each `aN` list holds 10^(N+1) + … + 1 values: lines a1–a3 copy
    // 110 + 1,110 + 11,110 = 12,330; each alias on line 6 copies 11,111, so the 8th (column
    // 45) passes 100,000. The aliases from there on are left out, and the rest of the file is
    // still checked: none of a0–a9 is an action's field, and every field an action needs is
    // missing.
    let mut expected = vec![("yaml-alias-expansion", 6, 45)];
    expected.extend((2..=11).map(|line| ("schema-unknown-field", line, 1)));
    expected.push(("schema-required", 2, 1));
    let found = check_json(&fixture("yaml-alias-expansion"), &[]);
    assert_eq!(found.status, 1);
    assert_eq!(reported(&fixture("yaml-alias-expansion")), owned(&expected));
    let required = found
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "schema-required")
        .count();
    assert_eq!(
        required, 9,
        "id, title, learning, action, source, level, owner, due, status"
    );
}

#[test]
fn symlink_skipped() {
    let dir = temp_copy(&fixture("symlink-skipped"));
    if !symlink("jsmith.yaml", &dir.path().join("records/staff/lead.yaml")) {
        eprintln!("symlink_skipped skipped: cannot create symbolic links here");
        return;
    }
    // An error: what the link names was not checked.
    expect_only(
        dir.path(),
        Code::SymlinkSkipped,
        &[at("records/staff/lead.yaml", 1, 1)],
        1,
    );
}

#[test]
fn hidden_skipped() {
    expect_fixture(
        Code::HiddenSkipped,
        &[
            at("records/actions/.old", 1, 1),
            at("records/actions/2025/.ACT-2025-0001.yaml", 1, 1),
        ],
        1,
    );
}

#[test]
fn unknown_kind_folder() {
    expect_fixture(
        Code::UnknownKindFolder,
        &[at("records/action/ACT-2025-0001.yaml", 1, 1)],
        1,
    );
}

#[test]
fn schema_unknown_field() {
    let found = expect_fixture(
        Code::SchemaUnknownField,
        &[at("records/complaints/CMP-2025-0001.yaml", 8, 1)],
        1,
    );
    assert_eq!(found[0]["field"], "reponded");
    assert_eq!(found[0]["record_id"], "CMP-2025-0001");
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `responded`"))
    );
}

#[test]
fn schema_required() {
    // Reported at the mapping that lacks the field: the record starts on line 2.
    let found = expect_fixture(
        Code::SchemaRequired,
        &[at("records/actions/ACT-2025-0001.yaml", 2, 1)],
        1,
    );
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`owner`"))
    );
}

#[test]
fn schema_type() {
    let found = expect_fixture(
        Code::SchemaType,
        &[at("records/actions/ACT-2025-0001.yaml", 11, 9)],
        1,
    );
    assert_eq!(found[0]["field"], "themes");
}

#[test]
fn schema_enum() {
    let found = expect_fixture(
        Code::SchemaEnum,
        &[at("records/actions/ACT-2025-0001.yaml", 10, 9)],
        1,
    );
    assert_eq!(found[0]["field"], "status");
    assert!(
        found[0]["hint"]
            .as_str()
            .is_some_and(|h| h.contains("completed"))
    );
}

#[test]
fn schema_pattern() {
    let found = expect_fixture(
        Code::SchemaPattern,
        &[at("records/actions/ACT-2025-0001.yaml", 8, 8)],
        1,
    );
    assert_eq!(found[0]["field"], "owner");
}

#[test]
fn schema_format() {
    let found = expect_fixture(
        Code::SchemaFormat,
        &[at("records/actions/ACT-2025-0001.yaml", 9, 6)],
        1,
    );
    assert_eq!(found[0]["field"], "due");
}

#[test]
fn schema_constraint() {
    let found = expect_fixture(
        Code::SchemaConstraint,
        &[at("records/actions/ACT-2025-0001.yaml", 3, 8)],
        1,
    );
    assert_eq!(found[0]["field"], "title");
}

#[test]
fn duplicate_id() {
    // Both copies are reported, each at its id's value.
    expect_fixture(
        Code::DuplicateId,
        &[
            at("records/actions/2024/ACT-2025-0001.yaml", 2, 5),
            at("records/actions/2025/ACT-2025-0001.yaml", 2, 5),
        ],
        1,
    );
}

#[test]
fn id_file_name_mismatch() {
    expect_fixture(
        Code::IdFileNameMismatch,
        &[at("records/audits/AUD-2025-0004.yaml", 2, 5)],
        1,
    );
}

#[test]
fn id_wrong_prefix() {
    expect_fixture(
        Code::IdWrongPrefix,
        &[at("records/actions/AUD-2025-0001.yaml", 2, 5)],
        1,
    );
}

#[test]
fn reference_missing() {
    let found = expect_fixture(
        Code::ReferenceMissing,
        &[at("records/audits/AUD-2025-0001.yaml", 6, 11)],
        1,
    );
    assert_eq!(found[0]["field"], "actions[0]");
}

#[test]
fn reference_wrong_kind() {
    let found = expect_fixture(
        Code::ReferenceWrongKind,
        &[at("records/actions/ACT-2025-0001.yaml", 8, 10)],
        1,
    );
    assert_eq!(found[0]["field"], "source.refs[0]");
}

#[test]
fn unknown_staff() {
    let found = expect_fixture(
        Code::UnknownStaff,
        &[at("records/actions/ACT-2025-0001.yaml", 8, 8)],
        1,
    );
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `jsmith`"))
    );
}

#[test]
fn staff_are_not_checked_while_the_roster_is_empty() {
    // The same owner typo with no records/staff/ at all: nothing to check it against.
    let dir = temp_copy(&fixture("unknown-staff"));
    fs::remove_dir_all(dir.path().join("records/staff")).expect("remove the roster");
    let run = check_json(dir.path(), &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
}

#[test]
fn unknown_team() {
    let found = expect_fixture(
        Code::UnknownTeam,
        &[at("records/actions/ACT-2025-0001.yaml", 9, 7)],
        1,
    );
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `north-locality`"))
    );
}

#[test]
fn teams_are_not_checked_when_none_are_configured() {
    let dir = temp_copy(&fixture("unknown-team"));
    write(
        &dir.path().join("qaledger.toml"),
        "[organisation]\nname = \"Fixture County Council\"\n",
    );
    let run = check_json(dir.path(), &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);
}

#[test]
fn unknown_theme() {
    expect_fixture(
        Code::UnknownTheme,
        &[at("records/actions/ACT-2025-0001.yaml", 9, 10)],
        1,
    );
}

#[test]
fn similar_theme() {
    // A warning only: exit 0. Only the odd one out is reported, not the two usual spellings.
    let found = expect_fixture(
        Code::SimilarTheme,
        &[at("records/actions/ACT-2025-0003.yaml", 9, 10)],
        0,
    );
    assert!(
        found[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`mental-capacity`"))
    );
}

#[test]
fn date_order() {
    expect_fixture(
        Code::DateOrder,
        &[at("records/complaints/CMP-2025-0001.yaml", 6, 15)],
        1,
    );
}

#[test]
fn status_inconsistent() {
    expect_fixture(
        Code::StatusInconsistent,
        &[at("records/actions/ACT-2025-0001.yaml", 10, 9)],
        1,
    );
}

#[test]
fn personal_data() {
    let found = expect_fixture(
        Code::PersonalData,
        &[at("records/complaints/CMP-2025-0001.yaml", 7, 29)],
        1,
    );
    // The match itself, not the whole value: `LS1 4AP` is columns 29 to 35 of
    // `summary: A person living at LS1 4AP said …`.
    assert_eq!(found[0]["end_column"], 36);
    // The postcode itself is masked, so that a CI log does not repeat it.
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("postcode"), "{message}");
    assert!(!message.contains("LS1 4AP"), "{message}");
}

#[test]
fn invalid_allow() {
    expect_fixture(
        Code::InvalidAllow,
        &[at("records/complaints/CMP-2025-0001.yaml", 7, 1)],
        1,
    );
}

#[test]
fn unused_allow() {
    // A warning only: exit 0.
    expect_fixture(
        Code::UnusedAllow,
        &[at("records/complaints/CMP-2025-0001.yaml", 7, 52)],
        0,
    );
}

#[test]
fn future_date() {
    // A warning only: exit 0.
    expect_fixture(
        Code::FutureDate,
        &[at("records/complaints/CMP-2025-0001.yaml", 5, 11)],
        0,
    );
}

#[test]
fn duration_out_of_range() {
    let found = expect_fixture(
        Code::DurationOutOfRange,
        &[at("records/staff/jsmith.yaml", 6, 23)],
        1,
    );
    assert_eq!(
        found[0]["message"],
        "`supervision_interval`: `40 years` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days"
    );
    assert_eq!(found[0]["field"], "supervision_interval");
}

// ------------------------------------------------------------------------------------------
// The example repositories
// ------------------------------------------------------------------------------------------

/// Clean but for the two complaints it keeps past their retention period on purpose (its
/// README): closed 2018-04-12 and 2019-03-01, 6 years ended before 2025-06-30.
#[test]
fn examples_northshire_is_clean() {
    let root = example("northshire");
    assert!(
        root.join("qaledger.toml").is_file(),
        "examples/northshire is missing"
    );
    let run = check_json(&root, &[]);
    let json = run.json();
    assert_eq!(
        run.status,
        0,
        "{}",
        serde_json::to_string_pretty(&json["diagnostics"]).unwrap_or_default()
    );
    assert_eq!(json["summary"]["errors"], 0, "{}", run.stdout);
    assert_eq!(json["summary"]["warnings"], 2, "{}", run.stdout);
    let found: Vec<(String, String)> = run
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let past = |file: &str| ("past-retention".to_owned(), file.to_owned());
    assert_eq!(
        found,
        [
            past("records/complaints/2018/CMP-2018-0001.yaml"),
            past("records/complaints/2019/CMP-2019-0001.yaml"),
        ],
        "{}",
        run.stdout
    );
    assert!(
        json["summary"]["records"].as_u64().is_some_and(|n| n > 0),
        "examples/northshire has no records"
    );
}

/// The codes that `examples/broken` demonstrates only in a temporary copy (see its README).
const GENERATED: &[Code] = &[Code::SymlinkSkipped, Code::FileNotUtf8, Code::FileTooLarge];

/// The codes that `examples/broken` cannot demonstrate at all (see its README).
const NOT_IN_BROKEN: &[Code] = &[
    Code::FileUnreadable,
    Code::SimilarTheme,
    // What the walk of records/ cannot read: made and tested by tests/it/disk.rs.
    Code::FileNotRegular,
    Code::FolderUnreadable,
    Code::PathTooLong,
    Code::RecordsNotAFolder,
    Code::RecordsMissing,
    // A hidden file cannot carry the first-line comment the example's test reads by its name.
    Code::HiddenSkipped,
];

fn names(codes: impl IntoIterator<Item = Code>) -> BTreeSet<String> {
    codes.into_iter().map(|c| c.as_str().to_owned()).collect()
}

#[test]
fn examples_broken_reports_every_committed_code() {
    let run = check_json(&example("broken"), &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let expected = names(
        Code::ALL
            .iter()
            .copied()
            .filter(|c| !GENERATED.contains(c) && !NOT_IN_BROKEN.contains(c)),
    );
    assert_eq!(run.codes(), expected);
}

#[test]
fn examples_broken_files_demonstrate_the_code_their_comment_names() {
    let root = example("broken");
    let run = check_json(&root, &[]);
    let diagnostics = run.diagnostics();
    let readme = fs::read_to_string(root.join("README.md")).expect("examples/broken/README.md");
    let mut files = Vec::new();
    collect_yaml(&root.join("records"), &mut files);
    assert!(files.len() > 30, "{files:?}");
    for path in files {
        let rel = path
            .strip_prefix(&root)
            .expect("inside the root")
            .to_string_lossy()
            .replace('\\', "/");
        assert!(
            readme.contains(&format!("`{rel}`")),
            "README.md does not list {rel}"
        );
        let text = fs::read_to_string(&path).expect("read record");
        let first = text.lines().next().unwrap_or_default();
        let reported: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d["file"] == rel.as_str())
            .filter_map(|d| d["code"].as_str())
            .collect();
        if first.starts_with("# Valid") {
            assert!(reported.is_empty(), "{rel} should be valid: {reported:?}");
            continue;
        }
        let named = first
            .strip_prefix("# ")
            .and_then(|rest| rest.split(':').next())
            .and_then(Code::from_name)
            .unwrap_or_else(|| panic!("{rel}: the first line does not name a code: {first}"));
        // A file whose problem leaves the rest of it readable is checked in full; a comment
        // line `# Also reported: CODE, CODE (why)` names what else it shows.
        let also = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .find_map(|l| l.strip_prefix("# Also reported: "))
            .map(|rest| rest.split(" (").next().unwrap_or_default())
            .into_iter()
            .flat_map(|codes| codes.split(", "))
            .map(|name| {
                Code::from_name(name)
                    .unwrap_or_else(|| panic!("{rel}: `{name}` is not a code"))
                    .as_str()
            });
        let expected: BTreeSet<&str> = std::iter::once(named.as_str()).chain(also).collect();
        assert_eq!(reported, expected, "{rel} should report only `{named}`");
        // The README table names each code with its file.
        assert!(
            readme
                .lines()
                .any(|l| l.contains(&format!("`{named}`")) && l.contains(&format!("`{rel}`"))),
            "README.md does not pair `{named}` with {rel}"
        );
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// A copy of examples/broken with the files that are not committed: together they report every
/// code but `file-unreadable` (tested above on Unix) and `similar-theme` (which needs no theme
/// vocabulary; tested on its own fixture).
#[test]
fn examples_broken_with_generated_files_reports_every_code() {
    let dir = temp_copy(&example("broken"));
    let records = dir.path().join("records");
    let linked = symlink("jsmith.yaml", &records.join("staff/lead.yaml"));
    write(
        &records.join("complaints/2025/CMP-2025-0008.yaml"),
        not_utf8_record("CMP-2025-0008"),
    );
    write(
        &records.join("reviews/2025/REV-2025-0002.yaml"),
        too_large_record("file-too-large: more than 1 MiB"),
    );
    let run = check_json(dir.path(), &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let expected = names(
        Code::ALL
            .iter()
            .copied()
            .filter(|c| !NOT_IN_BROKEN.contains(c))
            .filter(|c| linked || *c != Code::SymlinkSkipped),
    );
    assert_eq!(run.codes(), expected);
    let at = |file: &str| {
        run.diagnostics()
            .into_iter()
            .filter(|d| d["file"] == file)
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_owned(),
                    d["line"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at("records/complaints/2025/CMP-2025-0008.yaml"),
        [("file-not-utf8".to_owned(), Value::from(7))]
    );
    assert_eq!(
        at("records/reviews/2025/REV-2025-0002.yaml"),
        [("file-too-large".to_owned(), Value::from(1))]
    );
    if linked {
        assert_eq!(
            at("records/staff/lead.yaml"),
            [("symlink-skipped".to_owned(), Value::from(1))]
        );
    }
}

// ------------------------------------------------------------------------------------------
// Exit statuses and options
// ------------------------------------------------------------------------------------------

#[test]
fn root_without_config_is_a_usage_error() {
    let dir = TempDir::new().expect("temporary folder");
    let run = Run::of(qaledger_on(dir.path()).arg("check"));
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("qaledger.toml"), "{}", run.stderr);
    let name = dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?");
    assert!(run.stderr.contains(name), "{}", run.stderr);
}

#[test]
fn unknown_config_key_is_a_setup_error() {
    let dir = TempDir::new().expect("temporary folder");
    write(
        &dir.path().join("qaledger.toml"),
        "[organisation]\nname = \"Fixture County Council\"\ncolour = \"blue\"\n",
    );
    write(
        &dir.path().join("records/actions/ACT-2025-0001.yaml"),
        VALID_ACTION,
    );
    let run = Run::of(qaledger_on(dir.path()).arg("check"));
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("colour"), "{}", run.stderr);
    assert!(run.stderr.contains("qaledger.toml"), "{}", run.stderr);
}

#[test]
fn strict_turns_warnings_into_a_failure() {
    let root = fixture("future-date");
    let lenient = check_json(&root, &[]);
    assert_eq!(lenient.status, 0);
    assert_eq!(lenient.json()["summary"]["warnings"], 1);
    assert_eq!(lenient.json()["summary"]["errors"], 0);

    let strict = check_json(&root, &["--strict"]);
    assert_eq!(strict.status, 1, "{}", strict.stdout);
    assert_eq!(strict.json()["summary"]["errors"], 1);
    assert_eq!(strict.json()["summary"]["warnings"], 0);
    assert_eq!(strict.diagnostics()[0]["severity"], "error");
    assert_eq!(strict.diagnostics()[0]["code"], "future-date");
}

#[test]
fn a_clean_repository_prints_nothing_but_the_tally() {
    let dir = TempDir::new().expect("temporary folder");
    write(&dir.path().join("qaledger.toml"), "");
    write(
        &dir.path().join("records/actions/ACT-2025-0001.yaml"),
        VALID_ACTION,
    );
    let run = Run::of(qaledger_on(dir.path()).arg("check"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr.trim_end(),
        "checked 1 record in 1 file: 0 errors, 0 warnings"
    );
    let quiet = Run::of(qaledger_on(dir.path()).args(["-q", "check"]));
    assert_eq!(quiet.status, 0);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
}

#[test]
fn check_paths_reports_only_those_files() {
    let root = example("broken");
    // One file with two problems, in a repository with many.
    let file = root.join("records/complaints/2025/CMP-2025-0006.yaml");
    let run = check_json(&root, &[file.to_str().expect("UTF-8 path")]);
    assert_eq!(run.status, 1);
    let files: BTreeSet<String> = run
        .diagnostics()
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["records/complaints/2025/CMP-2025-0006.yaml".to_owned()])
    );
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stdout);
    assert_eq!(run.json()["summary"]["files"], 1);

    // A valid file: exit 0 even though the rest of the repository is broken.
    let valid = root.join("records/actions/2025/ACT-2025-0001.yaml");
    let run = check_json(&root, &[valid.to_str().expect("UTF-8 path")]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(run.diagnostics().is_empty(), "{}", run.stdout);

    // A folder: only the records under it.
    let staff = root.join("records/staff");
    let run = check_json(&root, &[staff.to_str().expect("UTF-8 path")]);
    assert_eq!(
        run.codes(),
        names([Code::SchemaPattern, Code::DurationOutOfRange]),
        "{}",
        run.stdout
    );

    // A cross-record problem is still found when only one of the files is named.
    let copy = root.join("records/actions/2024/ACT-2025-0003.yaml");
    let run = check_json(&root, &[copy.to_str().expect("UTF-8 path")]);
    let diagnostics = run.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{}", run.stdout);
    assert_eq!(diagnostics[0]["code"], "duplicate-id");
    assert_eq!(
        diagnostics[0]["file"],
        "records/actions/2024/ACT-2025-0003.yaml"
    );
}

#[test]
fn check_paths_relative_to_the_current_folder_without_root() {
    // From inside the repository, no --root: the root is found by walking up.
    let root = example("broken");
    let run = Run::of(
        qaledger()
            .current_dir(root.join("records/complaints"))
            .args(["check", "--format", "json", "2025/CMP-2025-0004.yaml"]),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.codes(), names([Code::UnknownTeam]));
}

#[test]
fn check_paths_that_do_not_exist_are_a_usage_error() {
    let root = example("broken");
    let missing = root.join("records/actions/2025/ACT-2025-9999.yaml");
    let run = check_json(&root, &[missing.to_str().expect("UTF-8 path")]);
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(run.stderr.contains("ACT-2025-9999"), "{}", run.stderr);
}

// ------------------------------------------------------------------------------------------
// Output formats
// ------------------------------------------------------------------------------------------

fn several_problems(format: &str) -> Run {
    Run::of(qaledger_on(&fixture("several-problems")).args(["check", "--format", format]))
}

#[test]
fn snapshot_human() {
    let run = several_problems("human");
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr.trim_end(),
        "checked 3 records in 3 files: 4 errors, 1 warning"
    );
    assert!(!run.stdout.contains('\u{1b}'), "colour with --color never");
    insta::assert_snapshot!("human", run.stdout);
}

#[test]
fn snapshot_json() {
    let run = several_problems("json");
    assert_eq!(run.status, 1);
    let mut json = run.json();
    // The version changes with every release; the rest of the envelope is the contract.
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    json["version"] = Value::from("[version]");
    let text = serde_json::to_string_pretty(&json).expect("JSON");
    insta::assert_snapshot!("json", text);
}

#[test]
fn json_output_is_identical_across_runs() {
    let first = several_problems("json").stdout;
    let second = several_problems("json").stdout;
    assert_eq!(first, second);
}

#[test]
fn format_github() {
    // A copy outside any git work tree, so that paths are relative to the records root.
    let copy = temp_copy(&fixture("several-problems"));
    assert!(
        git_prefix(copy.path()).is_empty(),
        "the temporary folder is inside a git work tree"
    );
    let summary_file = copy.path().join("summary.md");
    let run = Run::of(
        qaledger()
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .arg("--root")
            .arg(copy.path())
            .args(["check", "--format", "github"]),
    );
    assert_eq!(run.status, 1);
    let commands: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 5, "{}", run.stdout);
    assert_eq!(
        commands
            .iter()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        4
    );
    assert_eq!(
        commands
            .iter()
            .filter(|l| l.starts_with("::warning file="))
            .count(),
        1
    );
    for line in &commands {
        assert!(!line.contains("file=./"), "{line}");
        assert!(!line.contains("file=/"), "{line}");
        assert!(line.contains(",line="), "{line}");
        assert!(line.contains(",col="), "{line}");
    }
    assert!(
        commands.iter().any(|l| l.starts_with(
            "::error file=records/actions/ACT-2025-0001.yaml,line=8,col=8,title=unknown-staff::"
        )),
        "{}",
        run.stdout
    );
    // A readable line follows each command.
    assert!(
        run.stdout
            .contains("records/actions/ACT-2025-0001.yaml:8:8: error[unknown-staff]"),
        "{}",
        run.stdout
    );
    let markdown = fs::read_to_string(&summary_file).expect("the step summary was written");
    assert!(markdown.contains("qaledger check"), "{markdown}");
    assert!(markdown.contains("unknown-staff"), "{markdown}");
}

/// The path from the enclosing git work tree's top to `root`, with a trailing `/`; empty when
/// `root` is the top or is not in a work tree.
/// Issue 12: a `$GITHUB_STEP_SUMMARY` that cannot be written (here a folder) cost the
/// annotations and exited 2. The findings are printed and decide the exit status (SPEC §7:
/// findings and an I/O error exit 1); the I/O error is said on stderr.
#[test]
fn an_unwritable_step_summary_keeps_the_annotations_and_exits_1() {
    let copy = temp_copy(&fixture("several-problems"));
    let folder = copy.path().join("summary-folder");
    fs::create_dir_all(&folder).expect("create folder");
    let run = Run::of(
        qaledger()
            .env("GITHUB_STEP_SUMMARY", &folder)
            .arg("--root")
            .arg(copy.path())
            .args(["check", "--format", "github"]),
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let commands = run.stdout.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(commands, 5, "{}", run.stdout);
    assert_eq!(
        run.stderr,
        format!(
            "checked 3 records in 3 files: 4 errors, 1 warning\nerror: {}: Is a directory (os error 21)\n",
            folder.display()
        )
    );
}

/// Without findings, the same I/O error is what the run has to say: exit 2.
#[test]
fn an_unwritable_step_summary_without_findings_exits_2() {
    let copy = temp_copy(&fixture("tracker"));
    let folder = copy.path().join("summary-folder");
    fs::create_dir_all(&folder).expect("create folder");
    let run = Run::of(
        qaledger()
            .env("GITHUB_STEP_SUMMARY", &folder)
            .arg("--root")
            .arg(copy.path())
            .args(["check", "--format", "github"]),
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "checked 14 records in 14 files: 0 errors, 0 warnings\nerror: {}: Is a directory (os error 21)\n",
            folder.display()
        )
    );
}

/// Any output that fails beside findings follows the same rule: standard output on a full
/// disk (`/dev/full`) still exits 1 for the findings, the I/O error on stderr.
#[test]
fn a_full_standard_output_beside_findings_exits_1() {
    let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("no /dev/full here: skipping");
        return;
    };
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_qaledger"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["--as-of", "2025-06-30", "--color", "never", "--root"])
        .arg(fixture("several-problems"))
        .args(["check", "--format", "github"])
        .stdout(full)
        .output()
        .expect("qaledger runs");
    let run = Run::from_output(output);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "checked 3 records in 3 files: 4 errors, 1 warning\n\
         error: <stdout>: No space left on device (os error 28)\n"
    );
}

fn git_prefix(root: &Path) -> String {
    let root = root.canonicalize().expect("canonical path");
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|top| root.strip_prefix(top).ok())
        .map(|rel| {
            rel.components()
                .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn format_github_paths_are_relative_to_the_git_work_tree() {
    // GitHub annotates files by their path in the checkout, which may sit above the records root
    // (here: this crate's repository, when the tests run from a git checkout).
    let root = fixture("several-problems");
    let prefix = git_prefix(&root);
    let run = Run::of(qaledger_on(&root).args(["check", "--format", "github"]));
    assert_eq!(run.status, 1);
    let expected = format!(
        "::error file={prefix}records/actions/ACT-2025-0001.yaml,line=8,col=8,title=unknown-staff::"
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&expected)),
        "{expected} in {}",
        run.stdout
    );
    assert!(!run.stdout.contains("file=./"), "{}", run.stdout);
    assert!(!run.stdout.contains("file=/"), "{}", run.stdout);
}

#[test]
fn format_junit() {
    let run = several_problems("junit");
    assert_eq!(run.status, 1);
    let xml = run.stdout;
    assert!(xml.trim_start().starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<testsuites"), "{xml}");
    assert!(xml.contains("<testsuite"), "{xml}");
    assert!(xml.contains("<failure"), "{xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
    // One test case per checked file; the valid one passes.
    assert_eq!(xml.matches("<testcase").count(), 3, "{xml}");
    assert_eq!(xml.matches("<failure").count(), 2, "{xml}");
    for file in [
        "records/actions/ACT-2025-0001.yaml",
        "records/complaints/CMP-2025-0001.yaml",
        "records/staff/jsmith.yaml",
    ] {
        assert!(xml.contains(&format!("name=\"{file}\"")), "{file} in {xml}");
    }
    // Every element that opens is closed (a rough well-formedness check).
    for tag in ["testsuites", "testsuite"] {
        let opened =
            xml.matches(&format!("<{tag} ")).count() + xml.matches(&format!("<{tag}>")).count();
        assert_eq!(opened, 1, "{tag} in {xml}");
        assert_eq!(
            xml.matches(&format!("</{tag}>")).count(),
            1,
            "{tag} in {xml}"
        );
    }
}

#[test]
fn format_gitlab() {
    let run = several_problems("gitlab");
    assert_eq!(run.status, 1);
    let json = run.json();
    let issues = json.as_array().expect("a JSON array");
    assert_eq!(issues.len(), 5, "{}", run.stdout);
    let mut fingerprints = BTreeSet::new();
    for issue in issues {
        assert!(issue["description"].as_str().is_some_and(|s| !s.is_empty()));
        let check_name = issue["check_name"].as_str().expect("check_name");
        assert!(Code::from_name(check_name).is_some(), "{check_name}");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(!fingerprint.is_empty());
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "repeated {fingerprint}"
        );
        let severity = issue["severity"].as_str().expect("severity");
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{severity}"
        );
        // Like GitHub's, GitLab's paths run from the git work tree's top (SPEC §8).
        let path = issue["location"]["path"].as_str().expect("location.path");
        let prefix = git_prefix(&fixture("several-problems"));
        assert!(path.starts_with(&format!("{prefix}records/")), "{path}");
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|n| n >= 1),
            "{issue}"
        );
    }
    assert!(
        issues
            .iter()
            .any(|i| i["check_name"] == "future-date" && i["severity"] == "minor")
    );
    // Stable across runs.
    assert_eq!(several_problems("gitlab").stdout, run.stdout);
}
