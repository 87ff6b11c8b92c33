//! Shell completions, the man page and `--help`, all generated from the same command
//! definitions (`qaledger::cli::Cli`): every command appears in each, and every command's help
//! opens with an example. None of them needs a records repository.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use clap::CommandFactory;
use qaledger::cli::Cli;

use crate::common::Run;

/// The binary, run from an empty folder: these commands must not look for qaledger.toml.
fn qaledger(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qaledger").unwrap();
    cmd.current_dir(dir).args(["--color", "never"]);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let run = Run::of(cmd);
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

/// Every subcommand's name, as `["check", "schema", "schema show", …]`.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in command.get_subcommands() {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_owned());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

fn top_level_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect()
}

#[test]
fn the_command_list_is_what_the_spec_names() {
    let names = top_level_names();
    for expected in [
        "check",
        "overdue",
        "tracker",
        "schema",
        "completions",
        "man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let paths = command_paths();
    for nested in ["list", "show", "export"] {
        assert!(paths.contains(&vec!["schema".to_owned(), nested.to_owned()]));
    }
}

#[test]
fn bash_completion_names_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let script = stdout(qaledger(dir.path()).args(["completions", "bash"]));
    assert!(script.contains("complete -F _qaledger"), "{script}");
    for path in command_paths() {
        let name = path.last().unwrap();
        // bash completion lists each command's subcommands as words: `… check diff …`.
        assert!(
            script.split_whitespace().any(|w| w == name),
            "`{}` is missing from the bash completion",
            path.join(" ")
        );
    }
}

#[test]
fn every_shell_gets_a_script() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef qaledger"),
        ("fish", "complete -c qaledger"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[qaledger]"),
    ] {
        let script = stdout(qaledger(dir.path()).args(["completions", shell]));
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        assert!(script.contains("overdue"), "{shell}");
    }
    let bad = qaledger(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_page_names_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let page = stdout(qaledger(dir.path()).arg("man"));
    assert!(page.contains(".TH qaledger 1"), "{page}");
    for name in top_level_names() {
        assert!(
            page.contains(&format!("qaledger\\-{name}(1)")),
            "`{name}` is missing from the man page"
        );
    }
}

#[test]
fn man_out_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let listed = stdout(qaledger(dir.path()).args(["man", "--out-dir", out.to_str().unwrap()]));
    let mut expected = vec![out.join("qaledger.1")];
    for path in command_paths() {
        expected.push(out.join(format!("qaledger-{}.1", path.join("-"))));
    }
    let mut got: Vec<_> = listed.lines().map(std::path::PathBuf::from).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    let show = std::fs::read_to_string(out.join("qaledger-schema-show.1")).unwrap();
    assert!(show.contains(".TH qaledger-schema-show 1"), "{show}");
    assert!(show.contains("KIND"));
}

#[test]
fn every_help_opens_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = vec![Vec::new()];
    paths.extend(command_paths());
    for path in paths {
        let help = stdout(qaledger(dir.path()).args(&path).arg("--help"));
        assert!(
            help.starts_with("Example: qaledger "),
            "`qaledger {} --help` opens with:\n{}",
            path.join(" "),
            help.lines().next().unwrap_or_default()
        );
        assert!(help.contains("Usage: qaledger"), "{help}");
    }
}

// ------------------------------------------------------------------------------------------
// Completions that know the repository (clap_complete's dynamic engine: `COMPLETE=fish`)
// ------------------------------------------------------------------------------------------

/// What the shell would offer for the last of `words` (fish's protocol: one `value\thelp` a
/// line), run from `dir`; the run must succeed silently whatever the repository.
fn complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let mut cmd = Command::cargo_bin("qaledger").unwrap();
    cmd.current_dir(dir)
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("qaledger")
        .args(words);
    let run = Run::of(&mut cmd);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "a completion never prints an error");
    run.stdout.lines().map(str::to_owned).collect()
}

fn northshire() -> std::path::PathBuf {
    crate::common::manifest_dir().join("examples/northshire")
}

#[test]
fn record_ids_complete_from_the_root_given_with_their_kind() {
    // From an empty folder: `--root` names the repository.
    let dir = tempfile::tempdir().unwrap();
    let root = northshire();
    let root = root.to_str().unwrap();
    let ids = complete(dir.path(), &["--root", root, "show", "AUD-2025-000"]);
    assert!(ids.contains(&"AUD-2025-0001\taudit".to_owned()), "{ids:?}");
    assert!(ids.iter().all(|c| c.starts_with("AUD-2025-000")), "{ids:?}");
    // And found upwards from the current folder, without `--root`.
    let from_inside = complete(&northshire().join("records"), &["log", "AUD-2025-000"]);
    assert_eq!(from_inside, ids);
}

#[test]
fn staff_teams_kinds_and_themes_complete_from_the_settings_and_roster() {
    let root = northshire();
    let owners = complete(&root, &["overdue", "--owner", "a"]);
    assert!(owners.contains(&"a.hughes\tstaff".to_owned()), "{owners:?}");
    assert!(!owners.iter().any(|c| c.starts_with("ACT-")), "{owners:?}");
    let teams = complete(&root, &["overdue", "--team", "north"]);
    assert_eq!(teams, ["north-locality\tNorth Locality Team"]);
    let kinds = complete(&root, &["new", "su"]);
    assert_eq!(kinds, ["supervision\tsupervision"]);
    let kinds = complete(&root, &["schema", "show", "a"]);
    assert_eq!(kinds, ["action\tactions", "audit\taudits"]);
}

#[test]
fn codes_complete_anywhere_with_their_summary() {
    let dir = tempfile::tempdir().unwrap();
    let codes = complete(dir.path(), &["explain", "unused-"]);
    assert_eq!(
        codes,
        ["unused-allow\ta `# qaledger: allow` comment accepts nothing"]
    );
}

#[test]
fn a_broken_or_missing_repository_completes_no_value_and_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("qaledger.toml"), "not = [toml").unwrap();
    let root = dir.path().to_str().unwrap();
    assert_eq!(
        complete(dir.path(), &["--root", root, "show", "A"]),
        Vec::<String>::new()
    );
    assert_eq!(
        complete(dir.path(), &["overdue", "--team", "n"]),
        Vec::<String>::new()
    );
    let missing = dir.path().join("nowhere");
    let missing = missing.to_str().unwrap();
    assert_eq!(
        complete(dir.path(), &["--root", missing, "log", "A"]),
        Vec::<String>::new()
    );
}

#[test]
fn the_shell_registration_is_printed_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let mut cmd = Command::cargo_bin("qaledger").unwrap();
        cmd.current_dir(dir.path()).env("COMPLETE", shell);
        let script = stdout(&mut cmd);
        assert!(script.contains("qaledger"), "{shell}: {script}");
    }
}

#[test]
fn lifecycle_commands_complete_ids_deadline_names_and_staff() {
    let root = northshire();
    let ids = complete(&root, &["done", "ACT-2025-001"]);
    assert!(ids.contains(&"ACT-2025-0012\taction".to_owned()), "{ids:?}");
    // A deadline name is offered with every kind that has one of that name.
    let deadlines = complete(&root, &["done", "ACT-2025-0012", "comp"]);
    assert_eq!(deadlines, ["completion\taction, audit, review"]);
    let deadlines = complete(&root, &["done", "CMP-2025-0004", "ombud"]);
    assert_eq!(deadlines, ["ombudsman-remedy\tcomplaint"]);
    let owners = complete(&root, &["reassign", "ACT-2025-0012", "a.h"]);
    assert_eq!(owners, ["a.hughes\tstaff"]);
    let ids = complete(&root, &["move", "ACT-2025-000"]);
    assert!(ids.contains(&"ACT-2025-0009\taction".to_owned()), "{ids:?}");
}
