//! The folders of `src/` are the pipeline's stages (ARCHITECTURE.md's map): a stage uses the
//! foundations and the stages before it, never a later one. This reads every `crate::NAME` path
//! in `src/` and holds each folder to its row of `ALLOWED`, so an import against the flow
//! (compute naming render, render naming cli, load naming check…) fails here, and so does a
//! folder or top-level module the table does not place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Below every stage: the settings, the errors, the record type, the schemas, time and
/// diagnostics. They use one another (the record type and the schemas name each other) and
/// `load`, whose capped read, YAML positions and git process they are read with; never a stage.
const FOUNDATIONS: &[&str] = &["config", "error", "record", "schema", "time", "diagnostic"];

/// The pipeline, in the data's order. Each stage may use only the foundations and the stages
/// listed before it (`table_runs_with_the_flow` holds `ALLOWED` to that).
const STAGES: &[&str] = &[
    "load",
    "import",
    "check",
    "repository",
    "compute",
    "history",
    "view",
    "render",
    "author",
    "cli",
];

/// What each folder (or top-level module) may name through `crate::`. A new dependency is a
/// decision: add it here, and only if it runs with the flow.
#[rustfmt::skip]
const ALLOWED: &[(&str, &[&str])] = &[
    ("config",     &["error", "load", "time"]),
    ("error",      &["load", "time"]),
    ("record",     &["load", "schema"]),
    ("diagnostic", &["load"]),
    ("schema",     &["config", "diagnostic", "error", "load", "record", "time"]),
    ("time",       &["config", "record"]),
    ("load",       &["config", "diagnostic", "error", "record", "schema"]),
    ("import",     &["config", "diagnostic", "error", "load", "record", "schema", "time"]),
    ("check",      &["config", "diagnostic", "load", "record", "schema", "time"]),
    ("repository", &["check", "config", "diagnostic", "error", "load", "record", "schema"]),
    ("compute",    &["config", "diagnostic", "error", "record", "repository", "schema", "time"]),
    ("history",    &["compute", "config", "error", "load", "record", "repository", "schema", "time"]),
    ("view",       &["compute", "config", "history", "load", "record", "repository", "schema", "time"]),
    ("render",     &["compute", "diagnostic", "error", "history", "import", "load", "repository", "schema", "time", "view"]),
    ("author",     &["check", "config", "diagnostic", "error", "import", "load", "record", "render", "schema"]),
    ("cli",        &["author", "check", "compute", "config", "diagnostic", "error", "history", "import", "load", "record", "render", "repository", "schema", "time", "view"]),
];

/// The top-level modules a `crate::` path in `text` names, outside comments.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            // `$crate::` and `qaledger_crate::` are not this crate's paths.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// Each use of `crate::NAME` in `text` (a file of `folder`) that its row of `ALLOWED` does not
/// permit, as "folder uses NAME".
fn violations(folder: &str, text: &str) -> Vec<String> {
    let allowed = ALLOWED
        .iter()
        .find(|(name, _)| *name == folder)
        .map(|(_, allowed)| *allowed);
    let Some(allowed) = allowed else {
        return vec![format!("{folder} is not placed in ALLOWED")];
    };
    named_modules(text)
        .into_iter()
        .filter(|name| name != folder && !allowed.contains(&name.as_str()))
        .map(|name| format!("{folder} uses {name}"))
        .collect()
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_folder_uses_only_what_comes_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let folder = first.to_str().unwrap().trim_end_matches(".rs");
        // lib.rs declares the modules; main.rs is the binary, which may use only `cli` (and
        // `render::visible` for the one error it prints itself).
        if folder == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        if folder == "main" {
            let names = named_modules(&text.replace("qaledger::", "crate::"));
            let expected: BTreeSet<String> = ["cli", "render"].map(String::from).into();
            assert!(names.is_subset(&expected), "main.rs uses {names:?}");
            continue;
        }
        for problem in violations(folder, &text) {
            problems.push(format!("{}: {problem}", relative.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "imports against the pipeline:\n{}",
        problems.join("\n")
    );
}

#[test]
fn table_runs_with_the_flow() {
    let mut placed: Vec<&str> = FOUNDATIONS.to_vec();
    placed.extend_from_slice(STAGES);
    let rows: Vec<&str> = ALLOWED.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        rows.iter().copied().collect::<BTreeSet<_>>(),
        placed.iter().copied().collect::<BTreeSet<_>>(),
        "ALLOWED has one row per foundation and per stage"
    );
    for (name, allowed) in ALLOWED {
        let below: Vec<&str> = match STAGES.iter().position(|stage| stage == name) {
            Some(at) => FOUNDATIONS.iter().chain(&STAGES[..at]).copied().collect(),
            // Foundations: one another, and load, whose reading they are read with.
            None => FOUNDATIONS.iter().copied().chain(["load"]).collect(),
        };
        for used in *allowed {
            assert!(
                below.contains(used),
                "{name} may not use {used}: it comes later"
            );
        }
    }
}

#[test]
fn every_module_in_src_is_placed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let module = name.trim_end_matches(".rs");
        if module == "lib" || module == "main" {
            continue;
        }
        assert!(
            ALLOWED.iter().any(|(row, _)| *row == module),
            "src/{name} is in no row of ALLOWED: place it in the pipeline"
        );
    }
}

#[test]
fn an_import_against_the_flow_is_caught() {
    let compute = "use crate::record::Record;\nuse crate::render::json;\n";
    assert_eq!(violations("compute", compute), ["compute uses render"]);
    let load = "let x = crate::check::run(); // crate::cli in a comment is not an import\n";
    assert_eq!(violations("load", load), ["load uses check"]);
    assert_eq!(
        violations("render", "use crate::cli::Session;"),
        ["render uses cli"]
    );
    assert!(violations("view", "use crate::compute::deadline;").is_empty());
    assert!(violations("view", "macro_rules! m { () => { $crate::cli } }").is_empty());
    assert_eq!(
        violations("nowhere", ""),
        ["nowhere is not placed in ALLOWED"]
    );
}

/// The names ARCHITECTURE.md's map gives at the start of its lines (`load/`, `config.rs`…):
/// the folders and top-level files of `src/` as the map lists them.
fn map_entries(architecture: &str) -> BTreeSet<String> {
    let block = architecture.split("```").nth(1).unwrap_or("");
    let mut entries = BTreeSet::new();
    for line in block.lines() {
        let line = line.strip_prefix("  ").unwrap_or(line);
        if !line.starts_with(|c: char| c.is_ascii_lowercase()) {
            continue;
        }
        let lead = line.split("  ").next().unwrap_or("");
        for word in lead.split(", ") {
            let stem = word.trim_end_matches('/').trim_end_matches(".rs");
            let named = word.ends_with('/') || word.ends_with(".rs");
            if named && stem.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                entries.insert(word.to_string());
            }
        }
    }
    entries
}

#[test]
fn architecture_map_lists_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut in_src = BTreeSet::new();
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name == "lib.rs" || name == "main.rs" {
            continue;
        }
        in_src.insert(if entry.path().is_dir() {
            format!("{name}/")
        } else {
            name
        });
    }
    assert_eq!(
        map_entries(&architecture),
        in_src,
        "ARCHITECTURE.md's map and `ls src`"
    );
}
