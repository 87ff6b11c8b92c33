//! `# qaledger: allow CODE because: REASON` (issue 14): a finding accepted on purpose, as
//! ruff's `noqa`. A trailing comment accepts its own line, a comment alone on its line the line
//! below; the reason is mandatory; accepted findings are listed in JSON with their reason,
//! counted in the tally, and fail nothing; an allow with nothing to accept is a warning.

use std::fs;

use serde_json::Value;

use crate::common::{Run, copy_tree, manifest_dir, qaledger_on};

/// A compliment with `tail` after its `handler` line (line 6), checked with `args`.
fn check(tail: &str, args: &[&str]) -> Run {
    check_record(
        &format!(
            "id: CMP-2025-0001\n\
             type: compliment\n\
             status: closed\n\
             received: 2025-03-01\n\
             handler: jsmith\n\
             {tail}"
        ),
        args,
    )
}

/// `record` as the one record of a copy of the `unused-allow` fixture, checked with `args`.
fn check_record(record: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/unused-allow"),
        dir.path(),
    );
    fs::write(
        dir.path().join("records/complaints/CMP-2025-0001.yaml"),
        record,
    )
    .unwrap();
    Run::of(qaledger_on(dir.path()).arg("check").args(args))
}

fn codes(json: &Value, list: &str) -> Vec<(String, u64)> {
    json[list]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or_default().to_owned(),
                        d["line"].as_u64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

const HELPLINE: &str = "summary: The card thanked the team and gave the helpline, 0300 123 4567.";

#[test]
fn a_trailing_allow_accepts_its_line_and_says_why_in_json() {
    let tail = format!(
        "{HELPLINE} # qaledger: allow personal-data because: the council's public helpline\n"
    );
    let human = check(&tail, &[]);
    assert_eq!(human.status, 0, "{}", human.stdout);
    // Shown to people only as the tally.
    assert_eq!(human.stdout, "");
    assert_eq!(
        human.stderr,
        "checked 1 record in 1 file: 0 errors, 0 warnings, 1 accepted\n"
    );
    let json = check(&tail, &["--format", "json"]).json();
    assert_eq!(codes(&json, "diagnostics"), []);
    assert_eq!(codes(&json, "accepted"), [("personal-data".to_owned(), 6)]);
    assert_eq!(
        json["accepted"][0]["reason"],
        "the council's public helpline"
    );
    assert_eq!(json["summary"]["accepted"], 1);
    assert_eq!(json["summary"]["errors"], 0);
}

#[test]
fn an_allow_on_its_own_line_accepts_the_line_below_only() {
    let tail = format!(
        "# qaledger: allow personal-data because: the council's public helpline\n{HELPLINE}\n\
         notes: Call back on 0300 123 4567.\n"
    );
    let json = check(&tail, &["--format", "json"]).json();
    assert_eq!(codes(&json, "accepted"), [("personal-data".to_owned(), 7)]);
    // Line 8 is not the line below the comment: still an error.
    assert_eq!(
        codes(&json, "diagnostics"),
        [("personal-data".to_owned(), 8)]
    );
}

#[test]
fn one_comment_accepts_several_codes_and_strict_does_not_undo_it() {
    // `received` (line 4) in the future of as-of, with a number on line 6: one comment, two codes.
    let record = "id: CMP-2025-0001\ntype: compliment\nstatus: closed\n\
                  received: 2025-12-01 # qaledger: allow future-date, personal-data because: logged ahead on purpose\n\
                  handler: jsmith\nsummary: Thanks, call 0300 123 4567.\n";
    let json = check_record(record, &["--format", "json", "--strict"]).json();
    assert_eq!(codes(&json, "accepted"), [("future-date".to_owned(), 4)]);
    // personal-data is on line 6, not 4: the finding stands and the code is unused.
    assert_eq!(
        codes(&json, "diagnostics"),
        [
            ("unused-allow".to_owned(), 4),
            ("personal-data".to_owned(), 6)
        ]
    );
}

#[test]
fn an_allow_without_a_reason_accepts_nothing_and_is_an_error() {
    let tail = format!("{HELPLINE} # qaledger: allow personal-data\n");
    let run = check(&tail, &["--format", "json"]);
    assert_eq!(run.status, 1);
    let json = run.json();
    assert_eq!(
        codes(&json, "diagnostics"),
        // By column: the number (59) before the comment (74).
        [
            ("personal-data".to_owned(), 6),
            ("invalid-allow".to_owned(), 6)
        ]
    );
    assert_eq!(
        json["diagnostics"][1]["message"],
        "an allow comment needs its reason"
    );
}

#[test]
fn an_unknown_or_unacceptable_code_is_an_error_with_a_suggestion() {
    let unknown = check(
        &format!("{HELPLINE} # qaledger: allow personal-date because: helpline\n"),
        &[],
    );
    assert!(
        unknown.stdout.contains(
            "error[invalid-allow]: `personal-date` is not a qaledger code — did you mean `personal-data`?\n"
        ),
        "{}",
        unknown.stdout
    );
    let schema = check(
        "summary: Thanks. # qaledger: allow schema-type because: it is fine\n",
        &[],
    );
    assert!(
        schema.stdout.contains(
            "error[invalid-allow]: `schema-type` cannot be accepted with a comment: fix what it finds"
        ) && schema
            .stdout
            .contains("= help: only `personal-data` and `future-date` can be accepted"),
        "{}",
        schema.stdout
    );
}

#[test]
fn comment_like_text_inside_a_value_is_not_an_allow() {
    let tail = "summary: \"Call 0300 123 4567 # qaledger: allow personal-data because: no\"\n";
    let json = check(tail, &["--format", "json"]).json();
    assert_eq!(
        codes(&json, "diagnostics"),
        [("personal-data".to_owned(), 6)]
    );
    assert_eq!(codes(&json, "accepted"), []);
}

#[test]
fn accepted_findings_are_no_annotation_in_ci_formats() {
    let tail = format!("{HELPLINE} # qaledger: allow personal-data because: public helpline\n");
    for format in ["github", "junit", "gitlab"] {
        let run = check(&tail, &["--format", format]);
        assert_eq!(run.status, 0, "{format}: {}", run.stdout);
        assert!(
            !run.stdout.contains("personal-data"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn github_annotates_the_personal_data_itself() {
    // `0300 123 4567` is columns 59 to 71 of line 6 (58 characters before it).
    let run = check(&format!("{HELPLINE}\n"), &["--format", "github"]);
    assert!(
        run.stdout
            .contains(",line=6,col=59,endColumn=71,title=personal-data::"),
        "{}",
        run.stdout
    );
}
