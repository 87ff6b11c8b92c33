//! Hostile or unusual record files (issue 12): nothing they hold hides their other problems,
//! and nothing in their text reaches a CI log as a workflow command or a terminal as a
//! control sequence.
//!
//! - A YAML problem that leaves the rest of a file readable (a duplicate key, aliases past the
//!   cap) is reported beside every other problem of that file.
//! - Only aliases count towards the alias cap: a large plain file is judged by its size alone.
//! - `check --format github` escapes record text on every line it prints, and no line it
//!   prints starts a workflow command from data.
//! - Human output shows control characters from records visibly, never raw.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::{Run, qaledger_on};

/// A repository holding these record files (paths under `records/`).
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temporary folder");
    fs::write(
        dir.path().join("qaledger.toml"),
        "[organisation]\nname = \"Fixture County Council\"\n",
    )
    .expect("write qaledger.toml");
    for (rel, text) in files {
        let path = dir.path().join("records").join(rel);
        fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
        fs::write(path, text).expect("write record");
    }
    dir
}

/// Every (code, line, column) `check` reports, and its exit status.
fn check(root: &Path) -> (BTreeSet<(String, u64, u64)>, i32) {
    let run = Run::of(qaledger_on(root).args(["check", "--format", "json"]));
    let found = run.json()["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    (found, run.status)
}

fn set(items: &[(&str, u64, u64)]) -> BTreeSet<(String, u64, u64)> {
    items
        .iter()
        .map(|(c, l, n)| ((*c).to_owned(), *l, *n))
        .collect()
}

/// An action's fields, lines 1–8 (id on line 1); `status` and the rest follow.
const ACTION: &str = "id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-09-30
";

// ------------------------------------------------------------------------------------------
// A YAML problem does not hide the file's other problems
// ------------------------------------------------------------------------------------------

#[test]
fn a_duplicate_key_is_reported_with_every_other_problem_of_its_file() {
    // Line 9: `done` is not a status; line 10: `notse` is no field; line 11: `status` again.
    // The first `status` is the one checked (the second would pass). The file is named for
    // another id, which the per-file rules report: they ran too.
    let text = format!("{ACTION}status: done\nnotse: check with the team\nstatus: agreed\n");
    let dir = repo(&[("actions/ACT-2025-0009.yaml", &text)]);
    let (found, status) = check(dir.path());
    assert_eq!(
        found,
        set(&[
            ("id-file-name-mismatch", 1, 5),
            ("schema-enum", 9, 9),
            ("schema-unknown-field", 10, 1),
            ("yaml-duplicate-key", 11, 1),
        ])
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_with_a_yaml_problem_is_left_out_of_the_views_like_an_invalid_one() {
    // Valid but for the duplicate: which `due` is meant is not known, so `overdue` does not
    // guess; it counts the record as left out.
    let text = format!("{ACTION}status: agreed\ndue: 2025-01-31\n");
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let (found, _) = check(dir.path());
    assert_eq!(found, set(&[("yaml-duplicate-key", 10, 1)]));
    let run = Run::of(qaledger_on(dir.path()).args(["overdue", "--format", "json"]));
    let json = run.ok_json();
    assert_eq!(json["excluded"], 1, "{}", run.stdout);
}

// ------------------------------------------------------------------------------------------
// Only aliases count towards the alias cap
// ------------------------------------------------------------------------------------------

#[test]
fn a_file_of_many_plain_values_is_judged_by_its_problems_not_called_an_alias_bomb() {
    // 50,000 entries (100,000 scalars) in one unknown field, and a bad status: well under
    // the 1 MiB cap, and not a single alias.
    let mut text = format!("{ACTION}status: done\nextra:\n");
    for i in 0..50_000 {
        text.push_str(&format!("  k{i}: {i}\n"));
    }
    assert!(text.len() < 1024 * 1024);
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let (found, status) = check(dir.path());
    assert_eq!(
        found,
        set(&[("schema-enum", 9, 9), ("schema-unknown-field", 10, 1)])
    );
    assert_eq!(status, 1);
}

#[test]
fn a_record_using_a_few_aliases_is_fine() {
    let text = "id: ACT-2025-0001
title: &views Record the person's views in every assessment
learning: *views
action: Add a prompt for the person's views to the assessment template.
source: &other {type: other}
level: collective
owner: jsmith
due: 2025-09-30
status: agreed
";
    let dir = repo(&[("actions/ACT-2025-0001.yaml", text)]);
    assert_eq!(check(dir.path()), (BTreeSet::new(), 0));
}

#[test]
fn a_billion_laughs_is_still_refused_fast() {
    // Nine levels of ten: 10^10 values if expanded. Refused at the alias that passes 100,000
    // copies (line 6, the 8th alias: column 45, as in tests/fixtures/yaml-alias-expansion),
    // and the file's other problem (`done`, line 13) is still reported.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        let list = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{list}]\n"));
    }
    // The bomb's keys are no action's fields; put it under one key of a valid-looking action.
    let bomb: String = text.lines().map(|l| format!("  {l}\n")).collect();
    let text = format!("bomb:\n{bomb}{ACTION}status: done\n");
    let dir = repo(&[("actions/ACT-2025-0001.yaml", &text)]);
    let start = Instant::now();
    let (found, status) = check(dir.path());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        found,
        set(&[
            ("schema-unknown-field", 1, 1),
            ("yaml-alias-expansion", 6, 47),
            ("schema-enum", 20, 9),
        ])
    );
    assert_eq!(status, 1);
}

// ------------------------------------------------------------------------------------------
// Record text does not start workflow commands in `check --format github`
// ------------------------------------------------------------------------------------------

/// An action whose values and keys carry workflow commands: line 9, a bad status holding a
/// line break and `::add-mask::`; line 10, an unknown field named like a command; line 11,
/// a title with `%`, a carriage return and the legacy `##[` form.
const INJECTING: &str = "id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-09-30
status: \"agreed\\n::add-mask::secret\"
\"::error::injected\": 1
notes: \"50% \\r::warning::w ##[add-mask]m\"
";

/// True for the lines `check --format github` writes as commands itself.
fn is_own_annotation(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("::error file=")
        .or_else(|| line.strip_prefix("::warning file="))
    else {
        return false;
    };
    // file=…,line=N,col=N,title=CODE::message, with `:` and `,` escaped in the file.
    let Some((properties, _message)) = rest.split_once("::") else {
        return false;
    };
    let parts: Vec<&str> = properties.split(',').collect();
    parts.len() == 4
        && !parts[0].contains(':')
        && parts[1]
            .strip_prefix("line=")
            .is_some_and(|n| n.parse::<u32>().is_ok())
        && parts[2]
            .strip_prefix("col=")
            .is_some_and(|n| n.parse::<u32>().is_ok())
        && parts[3]
            .strip_prefix("title=")
            .is_some_and(|c| c.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
}

/// No line of either stream starts a workflow command from data: a line starting `::` (after
/// blanks, as the runner reads it) is one of the tool's annotations, and `##[` is nowhere.
fn assert_no_injected_command(run: &Run) -> usize {
    let mut annotations = 0;
    for line in run.stdout.lines().chain(run.stderr.lines()) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("::") {
            assert!(is_own_annotation(trimmed), "a command from data: {line:?}");
            annotations += 1;
        }
        assert!(
            !line.contains("##["),
            "a legacy command from data: {line:?}"
        );
        assert!(!line.contains('\r'), "a carriage return: {line:?}");
    }
    annotations
}

#[test]
fn record_text_and_file_names_cannot_inject_workflow_commands() {
    let mut files = vec![("actions/ACT-2025-0001.yaml", INJECTING)];
    // A file name holding a line break and a command (where the file system allows it).
    let odd_name = "actions/ACT-2025-0002\n::add-mask::name.yaml";
    if cfg!(unix) {
        files.push((odd_name, "id: ACT-2025-0002\n"));
    }
    let dir = repo(&files);
    let run = Run::of(qaledger_on(dir.path()).args(["check", "--format", "github"]));
    assert_eq!(run.status, 1, "{}", run.stderr);
    let json = Run::of(qaledger_on(dir.path()).args(["check", "--format", "json"]));
    let count = json.json()["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(count >= 3, "{}", json.stdout);
    // One annotation and one readable line per diagnostic, nothing else on stdout.
    assert_eq!(assert_no_injected_command(&run), count, "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 2 * count, "{}", run.stdout);

    // The data is there, escaped: the status's line break is shown, never a new line; `%`
    // is %25 on every line, in the annotation and the readable line alike.
    let enum_lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("schema-enum"))
        .collect();
    assert_eq!(enum_lines.len(), 2, "{}", run.stdout);
    for line in &enum_lines {
        assert!(line.contains("agreed\u{240a}::add-mask::secret"), "{line}");
    }
    assert!(
        run.stdout.lines().any(|l| l
            .starts_with("records/actions/ACT-2025-0001.yaml:10:1: error[schema-unknown-field]")),
        "{}",
        run.stdout
    );
    if cfg!(unix) {
        assert!(
            run.stdout.contains("title=id-file-name-mismatch")
                || run
                    .stdout
                    .contains("records/actions/ACT-2025-0002\u{240a}::add-mask::name.yaml"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn workflow_escaping_covers_percent_in_every_line() {
    // A value the schema quotes back: `50%` in an unknown field's value is not quoted, so use
    // a bad level.
    let text = ACTION.replace("level: collective", "level: \"50% of teams\"");
    let dir = repo(&[(
        "actions/ACT-2025-0001.yaml",
        &format!("{text}status: agreed\n"),
    )]);
    let run = Run::of(qaledger_on(dir.path()).args(["check", "--format", "github"]));
    assert_eq!(assert_no_injected_command(&run), 1, "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    for line in lines {
        assert!(line.contains("50%25 of teams"), "{line}");
        assert!(!line.contains("50% "), "{line}");
    }
}

// ------------------------------------------------------------------------------------------
// Record text does not reach the terminal as control sequences
// ------------------------------------------------------------------------------------------

/// A title with an SGR sequence (reverse video), an OSC that sets the window title, a C1 CSI
/// (U+009B, one character) and a right-to-left override; the action is overdue at as-of.
/// `CONTROLLING_INVALID` quotes such text back in a diagnostic.
const CONTROLLING: &str = "id: ACT-2025-0001
title: \"Views \\e[35;7mhidden\\x9b2J \\e]0;pwned\\a \\u202Eright\"
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-03-31
status: agreed
";

/// With colour on, the only escape sequences are the renderer's own styles (SGR, ending in
/// `m`, none of them the record's reverse video); with colour off there are none at all. No
/// C1 control, bell, carriage return or bidi override in either.
fn assert_inert(output: &str, what: &str) {
    let record_sgr = "\u{1b}[35;7m";
    assert!(
        !output.contains(record_sgr),
        "{what}: the record's SGR: {output:?}"
    );
    assert!(!output.contains("\u{1b}]"), "{what}: an OSC: {output:?}");
    for c in ['\u{9b}', '\u{7}', '\r', '\u{202e}'] {
        assert!(!output.contains(c), "{what}: {c:?} in {output:?}");
    }
    let mut rest = output;
    while let Some(i) = rest.find('\u{1b}') {
        rest = &rest[i + 1..];
        let sgr = rest.strip_prefix('[').and_then(|r| {
            let end = r.find(|c: char| !c.is_ascii_digit() && c != ';')?;
            (r.as_bytes()[end] == b'm').then_some(())
        });
        assert!(
            sgr.is_some(),
            "{what}: an escape that is not a style: {rest:?}"
        );
    }
}

const CONTROLLING_INVALID: &str = "id: ACT-2025-0002
title: Share the learning
learning: Audits found the person's own views missing from assessments.
action: Present the findings.
source: {type: other}
level: \"collective\\e[35;7m\\x9b\"
owner: jsmith
due: 2025-09-30
status: agreed
";

/// The binary at `AS_OF` on `root` with `--color COLOR` (the shared builder fixes `never`).
fn run_coloured(root: &Path, color: &str, args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("qaledger").expect("the binary");
    cmd.env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .args(["--as-of", crate::common::AS_OF, "--color", color, "--root"])
        .arg(root)
        .args(args);
    Run::of(&mut cmd)
}

#[test]
fn control_characters_in_records_are_shown_not_sent_to_the_terminal() {
    let dir = repo(&[
        ("actions/ACT-2025-0001.yaml", CONTROLLING),
        ("actions/ACT-2025-0002.yaml", CONTROLLING_INVALID),
    ]);
    for color in ["always", "never"] {
        for args in [
            &["check"][..],
            &["overdue"],
            &["tracker"],
            &["show", "ACT-2025-0001"],
        ] {
            let run = run_coloured(dir.path(), color, args);
            let what = format!("{args:?} --color {color}");
            assert!(run.status < 2, "{what}: {}", run.stderr);
            assert_inert(&run.stdout, &what);
            assert_inert(&run.stderr, &what);
            if color == "never" {
                assert!(!run.stdout.contains('\u{1b}'), "{what}: {:?}", run.stdout);
            }
        }
    }
    // The plain-text and Markdown digests, read at a terminal as often as mailed.
    for format in ["text", "markdown"] {
        let out = dir.path().join(format!("digests-{format}"));
        let run = Run::of(
            qaledger_on(dir.path())
                .args(["remind", "--format", format, "--out-dir"])
                .arg(&out),
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let mut digests = 0;
        for entry in fs::read_dir(&out).expect("the digests") {
            let text = fs::read_to_string(entry.expect("a digest").path()).expect("UTF-8");
            assert_inert(&text, format);
            assert!(!text.contains('\u{1b}'), "{format}: {text:?}");
            digests += 1;
        }
        assert!(digests >= 2, "a digest and index.json");
    }
    // The text is still there, visibly.
    let table = run_coloured(dir.path(), "never", &["overdue"]);
    assert!(
        table.stdout.contains(
            "Views \u{241b}[35;7mhidden\u{fffd}2J \u{241b}]0;pwned\u{2407} \u{fffd}right"
        ),
        "{}",
        table.stdout
    );
    let check = run_coloured(dir.path(), "never", &["check"]);
    assert!(
        check.stdout.contains("collective\u{241b}[35;7m\u{fffd}"),
        "{}",
        check.stdout
    );
    let show = run_coloured(dir.path(), "never", &["show", "ACT-2025-0001"]);
    assert!(show.stdout.contains("hidden\u{fffd}2J"), "{}", show.stdout);
}

#[test]
fn raw_control_bytes_in_a_file_are_not_echoed_by_its_source_line() {
    // A raw ESC, BEL and C1 CSI in the file itself (not YAML escapes): the message and the
    // source line under the diagnostic show them as stand-ins.
    let text = ACTION.replace(
        "level: collective",
        "level: \"wide\u{1b}[35;7m\u{7}\u{9b}2J\"",
    );
    let dir = repo(&[(
        "actions/ACT-2025-0001.yaml",
        &format!("{text}status: agreed\n"),
    )]);
    for color in ["always", "never"] {
        let run = run_coloured(dir.path(), color, &["check"]);
        assert_eq!(run.status, 1, "{}", run.stdout);
        assert_inert(&run.stdout, color);
    }
    let run = run_coloured(dir.path(), "never", &["check"]);
    assert!(
        run.stdout
            .contains("level: \"wide\u{241b}[35;7m\u{2407}\u{fffd}2J\""),
        "{}",
        run.stdout
    );
}
