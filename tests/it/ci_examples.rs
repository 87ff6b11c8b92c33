//! The CI files in examples/ci and .pre-commit-hooks.yaml run only commands qaledger accepts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use qaledger::cli::Cli;
use serde_json::Value;

const GITHUB: &str = "examples/ci/github/qaledger.yml";
const GITLAB: &str = "examples/ci/gitlab/.gitlab-ci.yml";
const HOOKS: &str = ".pre-commit-hooks.yaml";

fn load(path: &str) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    qaledger::load::parse_bytes(&bytes, "x.yaml")
        .unwrap_or_else(|d| panic!("{path} is not YAML qaledger reads: {}", d.message))
        .to_json()
}

/// Every string under one of `keys`, at any depth (a list's strings count too).
fn scripts(value: &Value, keys: &[&str], out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if keys.contains(&key.as_str()) {
                    strings(child, out);
                } else {
                    scripts(child, keys, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| scripts(i, keys, out)),
        _ => {}
    }
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// The shell lines (continuations joined) that run qaledger itself. Shell comments, and with
/// them the optional and not-yet-available lines, start with `#` and are left out.
fn qaledger_lines(script: &str) -> Vec<String> {
    script
        .replace("\\\n", " ")
        .lines()
        .map(str::trim)
        .filter(|line| line.split_whitespace().next() == Some("qaledger"))
        .map(str::to_owned)
        .collect()
}

/// The command's words as the shell passes them: quotes removed, and nothing from the first
/// redirection, pipe, `||`, `&&` or `;` on (a file descriptor number before `>` goes too).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '>' | '<' | '|' | '&' | ';') => {
                if in_word && !word.is_empty() && word.chars().all(|d| d.is_ascii_digit()) {
                    word.clear();
                    in_word = false;
                }
                break;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    assert!(quote.is_none(), "unbalanced quote in `{line}`");
    if in_word {
        words.push(word);
    }
    words
}

fn assert_parses(path: &str, words: &[String]) {
    if let Err(e) = Cli::try_parse_from(words) {
        panic!(
            "{path}: `{}` is not a command qaledger accepts:\n{e}",
            words.join(" ")
        );
    }
}

/// The qaledger command lines in a file's `keys`, each checked by the parser.
fn check_commands(path: &str, keys: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    scripts(&load(path), keys, &mut found);
    let lines: Vec<String> = found.iter().flat_map(|s| qaledger_lines(s)).collect();
    for line in &lines {
        assert_parses(path, &words(line));
    }
    lines
}

#[test]
fn words_are_split_as_the_shell_would() {
    assert_eq!(
        words(
            r#"qaledger --color never overdue --within "14 days" --format markdown >> "$GITHUB_STEP_SUMMARY""#
        ),
        [
            "qaledger", "--color", "never", "overdue", "--within", "14 days", "--format",
            "markdown"
        ]
    );
    assert_eq!(
        words("qaledger check --format gitlab > gl-code-quality-report.json || status=$?"),
        ["qaledger", "check", "--format", "gitlab"]
    );
    assert_eq!(
        words("qaledger -q check --format junit 2>/dev/null"),
        ["qaledger", "-q", "check", "--format", "junit"]
    );
    assert_eq!(words("qaledger remind --within '5 working days'").len(), 4);
    assert!(Cli::try_parse_from(words("qaledger check --format yaml")).is_err());
}

#[test]
fn github_workflow_commands_parse() {
    let lines = check_commands(GITHUB, &["run"]);
    for expected in [
        "qaledger check --format github",
        r#"qaledger --color never overdue --within "14 days" --format markdown >> "$GITHUB_STEP_SUMMARY""#,
        "qaledger remind --out-dir reminders --format text",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "{GITHUB} no longer runs `{expected}`"
        );
    }
}

#[test]
fn github_workflow_steps_are_named_and_actions_pinned() {
    let workflow = load(GITHUB);
    let jobs = workflow["jobs"].as_object().expect("jobs");
    assert_eq!(jobs.len(), 2);
    for (job, body) in jobs {
        for step in body["steps"].as_array().expect("steps") {
            assert!(step["name"].is_string(), "a step of {job} has no name");
            if let Some(uses) = step["uses"].as_str() {
                assert!(
                    ["actions/checkout@v4", "actions/upload-artifact@v4"].contains(&uses),
                    "{job} uses {uses}"
                );
            }
        }
    }
    assert_eq!(
        jobs["check"]["steps"][0]["with"]["fetch-depth"],
        Value::from(0)
    );
    assert_eq!(workflow["on"]["schedule"][0]["cron"], "0 7 * * 1-5");
}

#[test]
fn gitlab_ci_commands_parse() {
    let lines = check_commands(GITLAB, &["script", "before_script"]);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("qaledger check --format gitlab > gl-code-quality-report.json"))
    );
    assert!(lines.iter().any(|l| l.contains("--format junit")));
    assert!(lines.iter().any(|l| l.starts_with("qaledger remind ")));

    let ci = load(GITLAB);
    let check = &ci["qaledger-check"];
    assert_eq!(check["artifacts"]["when"], "always");
    assert_eq!(
        check["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    let script = check["script"].as_array().expect("script");
    assert_eq!(
        script.last().and_then(Value::as_str),
        Some("exit ${status:-0}"),
        "the check job must end with the check's exit status"
    );
}

/// Issue 12: pre-commit passes only files that still exist, so a hook waiting for file names
/// never ran on a commit that deletes a record others name. The hooks take no file names, run
/// on every commit and check what changed since HEAD, deletions included. Issue 16: besides
/// qaledger on PATH and a build from source, a hook downloads the release of its `rev:`.
#[test]
fn pre_commit_hooks_check_every_change_since_head_deletions_included() {
    let hooks = load(HOOKS);
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "qaledger-check",
            "qaledger-check-build",
            "qaledger-check-download"
        ]
    );
    let languages: Vec<&str> = hooks
        .iter()
        .filter_map(|h| h["language"].as_str())
        .collect();
    assert_eq!(languages, ["system", "rust", "script"]);
    let runner = ["qaledger", "qaledger", "scripts/pre-commit-qaledger"];
    for (hook, runner) in hooks.iter().zip(runner) {
        let entry = hook["entry"].as_str().expect("entry");
        assert_eq!(entry, format!("{runner} check --changed-since HEAD"));
        assert_eq!(hook["pass_filenames"], Value::Bool(false));
        assert_eq!(hook["always_run"], Value::Bool(true));
        assert_eq!(hook["files"], Value::Null);
        // The download hook's script runs qaledger with the words that follow it.
        let line = entry.replacen(runner, "qaledger", 1);
        assert_parses(HOOKS, &words(&line));
    }
    assert!(std::path::Path::new("scripts/pre-commit-qaledger").is_file());
}
