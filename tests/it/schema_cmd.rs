//! End-to-end tests of `qaledger schema list | show | export`.
//!
//! - `list` and `show` over the built-in kinds and a repository's own schema, with figures
//!   counted by hand from `schemas/*.schema.yaml`, and a snapshot of the table a quality officer
//!   reads.
//! - `export` writes plain JSON Schema files, and an independent validator (boon, which shares
//!   no code with the `jsonschema` crate `check` uses) agrees with `check` on which records are
//!   schema-valid, over the examples and every fixture repository. Records are read into JSON
//!   with qaledger's own loader (`qaledger::load::parse_bytes`), so the test compares the
//!   validators, not two YAML readers; files that do not parse are left out.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Run, manifest_dir, qaledger_on};

/// The codes of JSON Schema validation (src/diagnostic/code.rs). Other codes (yaml-*, id-*,
/// references, dates, vocabulary, personal data) are qaledger's own checks, not the schema's.
const SCHEMA_CODES: &[&str] = &[
    "schema-unknown-field",
    "schema-required",
    "schema-type",
    "schema-enum",
    "schema-pattern",
    "schema-format",
    "schema-constraint",
];

fn northshire() -> PathBuf {
    manifest_dir().join("examples/northshire")
}

fn run(root: &Path, args: &[&str]) -> Run {
    Run::of(qaledger_on(root).args(args))
}

// ------------------------------------------------------------------------------------------
// schema list
// ------------------------------------------------------------------------------------------

#[test]
fn list_names_every_built_in_kind_with_its_folder_prefix_and_field_count() {
    let listed = run(&northshire(), &["schema", "list", "--format", "json"]).ok_json();
    assert_eq!(listed["schema_version"], 1);
    let kinds: Vec<(String, String, Value, String, u64)> = listed["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap().to_owned(),
                k["folder"].as_str().unwrap().to_owned(),
                k["id_prefix"].clone(),
                k["source"].as_str().unwrap().to_owned(),
                k["fields"].as_u64().unwrap(),
            )
        })
        .collect();
    // Field counts: the top-level `properties` of each file in schemas/, counted by hand.
    let expected = [
        ("action", "actions", Value::from("ACT"), 19),
        ("audit", "audits", Value::from("AUD"), 21),
        ("complaint", "complaints", Value::from("CMP"), 22),
        ("review", "reviews", Value::from("REV"), 15),
        ("staff", "staff", Value::Null, 12),
        ("supervision", "supervision", Value::from("SUP"), 12),
    ];
    assert_eq!(kinds.len(), expected.len());
    for (got, (kind, folder, prefix, fields)) in kinds.iter().zip(expected) {
        assert_eq!(
            (
                got.0.as_str(),
                got.1.as_str(),
                &got.2,
                got.3.as_str(),
                got.4
            ),
            (kind, folder, &prefix, "built-in", fields)
        );
    }
}

#[test]
fn list_table_shows_a_repository_s_own_kind_and_its_file() {
    let root = manifest_dir().join("tests/fixtures/new-kind-deadline");
    let listed = run(&root, &["schema", "list"]);
    assert_eq!(listed.status, 0, "{}", listed.stderr);
    let own: Vec<&str> = listed
        .stdout
        .lines()
        .filter(|l| l.contains("schemas/"))
        .collect();
    assert_eq!(own.len(), 1, "{}", listed.stdout);
    assert!(own[0].contains(".schema.yaml"), "{}", own[0]);
    assert!(listed.stdout.contains("built-in"));
}

// ------------------------------------------------------------------------------------------
// schema show
// ------------------------------------------------------------------------------------------

fn rows(kind: &str) -> BTreeMap<String, Value> {
    let shown = run(&northshire(), &["schema", "show", kind, "--format", "json"]).ok_json();
    assert_eq!(shown["kind"]["kind"], kind);
    shown["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["field"].as_str().unwrap().to_owned(), r.clone()))
        .collect()
}

#[test]
fn show_reads_nested_fields_types_and_allowed_values_from_the_schema() {
    let action = rows("action");
    let source_type = &action["source.type"];
    assert_eq!(source_type["required"], true);
    assert_eq!(source_type["type"], "text");
    assert_eq!(source_type["allowed_from"], "schema");
    assert_eq!(source_type["allowed"].as_array().unwrap().len(), 17); // SPEC §3, counted
    assert_eq!(action["agreed.forum"]["required_within"], "agreed");
    assert_eq!(action["due"]["type"], "date");
    assert_eq!(action["due"]["required"], true);
    assert_eq!(action["completed"]["required"], false);
    assert_eq!(action["updates"]["type"], "list of groups");
    assert_eq!(action["updates[].note"]["type"], "text");
    assert_eq!(action["updates[].note"]["required"], true);
    assert_eq!(action["status"]["allowed"][0], "proposed");
    // 19 top-level fields, plus source.{type,refs}, agreed.{forum,date},
    // not_implemented.{reason,decided}, impact.{review_due,measured,rating,evidence},
    // updates[].{date,note}, due_changes[].{date,from,to,reason}.
    assert_eq!(action.len(), 19 + 2 + 2 + 2 + 4 + 2 + 4);

    let audit = rows("audit");
    assert_eq!(audit["moderation.required"]["type"], "yes/no");
    assert_eq!(
        audit["moderation.required"]["required_within"],
        "moderation"
    );
    // The team vocabulary is the repository's (examples/northshire/qaledger.toml has 6 teams).
    assert_eq!(audit["team"]["allowed_from"], "qaledger.toml");
    assert_eq!(audit["team"]["allowed"].as_array().unwrap().len(), 6);
    assert_eq!(audit["team"]["allowed"][0], "north-locality");

    let staff = rows("staff");
    assert_eq!(
        staff["approvals[].type"]["allowed"],
        serde_json::json!(["amhp", "bia"])
    );
}

#[test]
fn show_table_is_what_a_quality_officer_reads() {
    let shown = run(&northshire(), &["schema", "show", "complaint"]);
    assert_eq!(shown.status, 0, "{}", shown.stderr);
    insta::assert_snapshot!("show_complaint_table", shown.stdout);
}

#[test]
fn show_markdown_has_one_row_per_field() {
    let shown = run(
        &northshire(),
        &["schema", "show", "supervision", "--format", "markdown"],
    );
    assert_eq!(shown.status, 0, "{}", shown.stderr);
    assert!(
        shown
            .stdout
            .starts_with("# supervision: records/supervision/")
    );
    let field_rows = shown
        .stdout
        .lines()
        .filter(|l| l.starts_with("| `"))
        .count();
    // supervision has 12 top-level fields and no groups.
    assert_eq!(field_rows, 12, "{}", shown.stdout);
    assert!(
        shown
            .stdout
            .contains("| `safeguarding_discussed` | no | yes/no |")
    );
}

#[test]
fn show_unknown_kind_is_a_usage_error_with_a_suggestion() {
    let shown = run(&northshire(), &["schema", "show", "complaints_"]);
    assert_eq!(shown.status, 2);
    assert!(shown.stdout.is_empty());
    assert_eq!(
        shown.stderr,
        "error: `complaints_` is not a kind of record — did you mean `complaint`?\n  the kinds are: \
         action, audit, complaint, review, staff, supervision\n"
    );
    // A kind's folder name is accepted as well.
    let by_folder = run(
        &northshire(),
        &["schema", "show", "actions", "--format", "json"],
    );
    assert_eq!(by_folder.ok_json()["kind"]["kind"], "action");
}

// ------------------------------------------------------------------------------------------
// schema export
// ------------------------------------------------------------------------------------------

fn export(root: &Path, out: &Path) -> Run {
    let exported = run(root, &["schema", "export", "--out", out.to_str().unwrap()]);
    assert_eq!(exported.status, 0, "{}", exported.stderr);
    exported
}

#[test]
fn export_writes_one_plain_json_schema_per_kind_and_lists_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new folder/schemas");
    let exported = export(&northshire(), &out);
    let kinds = [
        "action",
        "audit",
        "complaint",
        "review",
        "staff",
        "supervision",
    ];
    let listed: Vec<PathBuf> = exported.stdout.lines().map(PathBuf::from).collect();
    let expected: Vec<PathBuf> = kinds
        .iter()
        .map(|k| out.join(format!("{k}.schema.json")))
        .collect();
    assert_eq!(listed, expected);
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        kinds.len(),
        "no temporary files left: {names:?}"
    );
    for path in &expected {
        let text = fs::read_to_string(path).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(
            schema["$id"]
                .as_str()
                .unwrap()
                .starts_with("urn:qaledger:schema:")
        );
        assert!(schema.get("x-qaledger").is_none(), "{}", path.display());
        assert!(!text.contains("x-qaledger"));
        assert!(schema["$defs"]["date"].is_object());
    }
    // A second export replaces the files.
    fs::write(&expected[0], "stale").unwrap();
    export(&northshire(), &out);
    assert!(fs::read_to_string(&expected[0]).unwrap().starts_with('{'));
}

#[test]
fn export_includes_a_repository_s_own_kind() {
    let dir = tempfile::tempdir().unwrap();
    let root = manifest_dir().join("tests/fixtures/new-kind-deadline");
    let exported = export(&root, dir.path());
    assert_eq!(exported.stdout.lines().count(), 7, "{}", exported.stdout);
}

// ------------------------------------------------------------------------------------------
// The independent validator
// ------------------------------------------------------------------------------------------

/// Every records repository the tests have: the examples and each fixture.
fn repositories() -> Vec<PathBuf> {
    let mut roots = vec![northshire(), manifest_dir().join("examples/broken")];
    let mut fixtures: Vec<PathBuf> = fs::read_dir(manifest_dir().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("qaledger.toml").is_file())
        .collect();
    fixtures.sort();
    roots.extend(fixtures);
    roots
}

/// Record files as `check` finds them: `.yaml`/`.yml` (any case) under records/, hidden entries
/// and symbolic links skipped. Paths are relative to the root, with `/`.
fn record_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.map(Result::unwrap) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            let path = format!("{rel}/{name}");
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                walk(&entry.path(), &path, out);
            } else if [".yaml", ".yml"]
                .iter()
                .any(|ext| name.to_lowercase().ends_with(ext))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("records"), "records", &mut out);
    out.sort();
    out
}

/// Files for which `check` reports a JSON Schema code.
fn schema_invalid_by_check(root: &Path) -> BTreeSet<String> {
    let checked = run(root, &["check", "--format", "json"]);
    assert!(
        [0, 1].contains(&checked.status),
        "{}: {}",
        root.display(),
        checked.stderr
    );
    let report = checked.json();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| SCHEMA_CODES.contains(&d["code"].as_str().unwrap()))
        .map(|d| d["file"].as_str().unwrap().to_owned())
        .collect()
}

/// Folder → kind, from `schema list`.
fn folders(root: &Path) -> BTreeMap<String, String> {
    run(root, &["schema", "list", "--format", "json"]).ok_json()["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["folder"].as_str().unwrap().to_owned(),
                k["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The exported schemas and folder → kind map a repository uses. Repositories without their
/// own `schemas/` share the built-in export (made once, from examples/northshire).
struct Exported {
    dir: tempfile::TempDir,
    folders: BTreeMap<String, String>,
}

impl Exported {
    fn of(root: &Path) -> Exported {
        let dir = tempfile::tempdir().unwrap();
        export(root, dir.path());
        Exported {
            dir,
            folders: folders(root),
        }
    }
}

/// One repository's verdicts: (file, boon says valid, check says schema-valid).
fn verdicts(root: &Path, exported: &Exported) -> Vec<(String, bool, bool)> {
    let invalid = schema_invalid_by_check(root);
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    // `check` asserts `format: date`; by default draft 2020-12 only annotates it.
    compiler.enable_format_assertions();
    let mut compiled = BTreeMap::new();
    let mut out = Vec::new();
    for rel in record_files(root) {
        let Some(kind) = rel.split('/').nth(1).and_then(|f| exported.folders.get(f)) else {
            continue; // outside every kind folder: no schema applies
        };
        let bytes = fs::read(root.join(&rel)).unwrap();
        let Ok(tree) = qaledger::load::parse_bytes(&bytes, &rel) else {
            continue; // does not parse: nothing for a schema to judge
        };
        let index = *compiled.entry(kind.clone()).or_insert_with(|| {
            let path = exported.dir.path().join(format!("{kind}.schema.json"));
            compiler
                .compile(path.to_str().unwrap(), &mut schemas)
                .unwrap_or_else(|e| panic!("boon cannot compile {}: {e:#}", path.display()))
        });
        let by_boon = schemas.validate(&tree.to_json(), index).is_ok();
        out.push((rel.clone(), by_boon, !invalid.contains(&rel)));
    }
    out
}

#[test]
fn an_independent_validator_agrees_with_check_on_every_record() {
    let mut disagreements = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    let built_in = Exported::of(&northshire());
    for root in repositories() {
        let own = root.join("schemas").is_dir().then(|| Exported::of(&root));
        for (rel, by_boon, by_check) in verdicts(&root, own.as_ref().unwrap_or(&built_in)) {
            if by_boon != by_check {
                disagreements.push(format!(
                    "{}/{rel}: boon says {}, check says {}",
                    root.display(),
                    if by_boon { "valid" } else { "invalid" },
                    if by_check { "valid" } else { "invalid" },
                ));
            }
            if by_check { valid += 1 } else { invalid += 1 }
        }
    }
    eprintln!("boon and check agree on {valid} valid and {invalid} invalid records");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Both verdicts were exercised: northshire alone has over 100 valid records, and each of
    // the seven schema-* fixtures has an invalid one.
    assert!(valid > 100, "{valid} valid records");
    assert!(invalid >= 7, "{invalid} invalid records");
}

#[test]
fn the_comparison_can_fail() {
    // A record boon must reject: an action with a misspelt field and an impossible date.
    let dir = tempfile::tempdir().unwrap();
    export(&northshire(), dir.path());
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let path = dir.path().join("action.schema.json");
    let index = compiler
        .compile(path.to_str().unwrap(), &mut schemas)
        .unwrap();
    let text = "id: ACT-2025-0001\ntitle: t\nlearning: l\naction: a\nsource: {type: audit}\n\
                level: systemic\nowner: jsmith\ndue: 2025-06-30\nstatus: agreed\n";
    let good = qaledger::load::parse_bytes(text.as_bytes(), "a.yaml").unwrap();
    assert!(schemas.validate(&good.to_json(), index).is_ok());
    for bad in [
        text.replace("due: 2025-06-30", "due: 2025-02-30"),
        text.replace("status:", "staus:"),
    ] {
        let tree = qaledger::load::parse_bytes(bad.as_bytes(), "a.yaml").unwrap();
        assert!(schemas.validate(&tree.to_json(), index).is_err(), "{bad}");
    }
}

/// check-jsonschema, when installed, reads the exported schemas as they are: every record of
/// northshire passes, and each schema-* fixture's record fails.
#[test]
fn check_jsonschema_accepts_the_exported_schemas_when_installed() {
    let Ok(found) = std::process::Command::new("check-jsonschema")
        .arg("--version")
        .output()
    else {
        eprintln!("note: check-jsonschema is not on PATH; skipped");
        return;
    };
    assert!(found.status.success());
    let dir = tempfile::tempdir().unwrap();
    export(&northshire(), dir.path());
    let all = record_files(&northshire());
    for (folder, kind) in folders(&northshire()) {
        let files: Vec<&String> = all
            .iter()
            .filter(|f| f.starts_with(&format!("records/{folder}/")))
            .collect();
        let output = std::process::Command::new("check-jsonschema")
            .current_dir(northshire())
            .arg("--schemafile")
            .arg(dir.path().join(format!("{kind}.schema.json")))
            .args(&files)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "check-jsonschema rejected a {kind} record:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    for code in SCHEMA_CODES {
        let root = manifest_dir().join("tests/fixtures").join(code);
        let out = tempfile::tempdir().unwrap();
        export(&root, out.path());
        let folders = folders(&root);
        let invalid = schema_invalid_by_check(&root);
        assert!(!invalid.is_empty(), "{code}");
        for rel in invalid {
            let kind = &folders[rel.split('/').nth(1).unwrap()];
            let output = std::process::Command::new("check-jsonschema")
                .current_dir(&root)
                .arg("--schemafile")
                .arg(out.path().join(format!("{kind}.schema.json")))
                .arg(&rel)
                .output()
                .unwrap();
            assert!(
                !output.status.success(),
                "check-jsonschema accepted {code}/{rel}"
            );
        }
    }
}
