//! The whole output of `check` on every diagnostic code's fixture (`tests/fixtures/<code>/`),
//! human and JSON, as snapshots in `tests/it/snapshots/fixture__<code>__{human,json}.snap`: the
//! reviewed specification of each message, hint, position and source excerpt. tests/it/check.rs
//! asserts code, file, line and column by hand; here a changed word is a snapshot change to
//! review (`cargo insta review`). The root is given relative to the crate's folder, so the
//! paths in the output are the same on every machine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use qaledger::diagnostic::code::Code;
use serde_json::Value;

use crate::common::{AS_OF, Run, qaledger};

/// The codes whose fixture holds no file with the problem: each test makes it in a temporary
/// copy (permissions, a 1 MiB file, bytes that are not UTF-8, a link, a FIFO, a path too deep
/// to open; see tests/fixtures/README.md), so there is nothing static to snapshot.
const GENERATED: &[Code] = &[
    Code::FileUnreadable,
    Code::FileTooLarge,
    Code::FileNotUtf8,
    Code::SymlinkSkipped,
    Code::FileNotRegular,
    Code::FolderUnreadable,
    Code::PathTooLong,
];

/// `qaledger --root tests/fixtures/<code> --as-of 2025-06-30 --color never check ARGS…`, run
/// from the crate's folder.
fn check(code: Code, args: &[&str]) -> Run {
    let root = format!("tests/fixtures/{}", code.as_str());
    Run::of(qaledger().args(["--root", &root, "check"]).args(args))
}

/// One snapshot per code and format, named `fixture__<code>__<format>` (without the module's
/// name, so that it names the fixture alone).
fn snapshot(code: Code, format: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(format!("fixture__{}__{format}", code.as_str()), text);
    });
}

#[test]
fn every_static_fixtures_human_and_json_output_is_its_snapshot() {
    for &code in Code::ALL.iter().filter(|c| !GENERATED.contains(c)) {
        let human = check(code, &[]);
        assert!(
            human.stdout.contains(&format!("[{}]", code.as_str())),
            "{} does not report its code:\n{}",
            code.as_str(),
            human.stdout
        );
        // The human report whole: what a reader sees on the terminal, the tally on stderr and
        // the exit status included.
        let text = format!(
            "$ qaledger --root tests/fixtures/{code} --as-of {AS_OF} --color never check\n\
             exit status: {status}\n\
             --- stdout\n{stdout}--- stderr\n{stderr}",
            code = code.as_str(),
            status = human.status,
            stdout = human.stdout,
            stderr = human.stderr,
        );
        snapshot(code, "human", &text);

        let json = check(code, &["--format", "json"]);
        assert_eq!(json.status, human.status, "{}", code.as_str());
        assert_eq!(json.stderr, human.stderr, "{}", code.as_str());
        let mut report = json.json();
        // The version changes with every release; the rest of the envelope is the contract.
        assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
        report["version"] = Value::from("[version]");
        snapshot(
            code,
            "json",
            &serde_json::to_string_pretty(&report).unwrap(),
        );
    }
}

/// A generated fixture that began to produce its code on its own belongs in the snapshots:
/// this fails until it is taken off [`GENERATED`].
#[test]
fn the_generated_fixtures_do_not_produce_their_code_alone() {
    for &code in GENERATED {
        let run = check(code, &["--format", "json"]);
        let report = run.json();
        let codes: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(
            !codes.contains(&code.as_str()),
            "tests/fixtures/{} produces its code without help: take it off GENERATED",
            code.as_str()
        );
    }
}
