//! Tables that fit the terminal (issue 14): at a width (`QALEDGER_COLUMNS`, as a terminal's
//! would be), a table leaves out its low-value columns first and wraps the rest, paragraphs
//! wrap between words, and a title longer than the width is cut with `…`; `--wide` and piped
//! output are unwrapped, as they always were.

use std::path::PathBuf;

use crate::common::{Run, manifest_dir, qaledger_on};

fn northshire() -> PathBuf {
    manifest_dir().join("examples/northshire")
}

/// `args` on northshire at `columns` (none: piped, as every other test runs): stdout.
fn at(columns: Option<&str>, args: &[&str]) -> String {
    let mut cmd = qaledger_on(&northshire());
    if let Some(columns) = columns {
        cmd.env("QALEDGER_COLUMNS", columns);
    }
    let run = Run::of(cmd.args(args));
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The header row's cells of the first table.
fn header(text: &str) -> Vec<String> {
    let row = text.lines().find(|l| l.starts_with('│')).unwrap();
    row.trim_matches('│')
        .split('┆')
        .map(|c| c.trim().to_owned())
        .collect()
}

const VIEWS: [&[&str]; 4] = [
    &["overdue", "--within", "14 days"],
    &["tracker", "--period", "FY2024-25"],
    &["summary", "--period", "FY2024-25"],
    &["show", "ACT-2025-0001"],
];

#[test]
fn every_line_fits_80_and_120_columns() {
    for columns in [80, 120] {
        for args in VIEWS {
            let text = at(Some(&columns.to_string()), args);
            assert!(widest(&text) <= columns, "{args:?} at {columns}:\n{text}");
            // Unwrapped, the same views are wider than 80.
            if columns == 80 && args[0] != "show" {
                assert!(widest(&at(None, args)) > 80, "{args:?}");
            }
        }
    }
}

#[test]
fn low_value_columns_go_first_and_every_item_stays() {
    let args = ["overdue", "--within", "14 days"];
    let wide = at(None, &args);
    assert_eq!(
        header(&wide),
        [
            "due", "when", "owner", "team", "record", "deadline", "title"
        ]
    );
    let narrow = at(Some("80"), &args);
    let kept = header(&narrow);
    // Team goes first, then deadline, then owner; due, when, record and title stay.
    assert!(!kept.contains(&"team".to_owned()), "{kept:?}");
    for stays in ["due", "when", "record", "title"] {
        assert!(kept.contains(&stays.to_owned()), "{kept:?}");
    }
    let at_120 = header(&at(Some("120"), &args));
    assert!(at_120.len() >= kept.len(), "{at_120:?} {kept:?}");
    // Every item is still listed: its id is in the record column, unwrapped.
    let items = Run::of(
        qaledger_on(&northshire()).args(["overdue", "--within", "14 days", "--format", "json"]),
    )
    .ok_json();
    for item in items["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert!(narrow.contains(id), "{id} is not in\n{narrow}");
    }
    // The tracker at 80 keeps due, id, title, status and overdue, and leaves out agreed first.
    let tracker = header(&at(Some("80"), &["tracker", "--period", "FY2024-25"]));
    assert_eq!(tracker, ["due", "id", "title", "status", "overdue"]);
}

#[test]
fn wide_and_piped_output_are_unwrapped() {
    for args in VIEWS {
        let piped = at(None, args);
        let wide = at(Some("80"), &[&["--wide"][..], args].concat());
        assert_eq!(wide, piped, "{args:?}");
    }
}

#[test]
fn a_title_cut_at_the_width_ends_with_an_ellipsis() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let title = "Practitioner feedback on a very long learning point ".repeat(4);
    let yaml = crate::report::HOSTILE_ACTION.replace(
        "\"<script>alert('x')</script> & <img src=x onerror=alert(1)>\"",
        title.trim(),
    );
    crate::report::one_action(root, "Test", &yaml);
    let run = Run::of(
        qaledger_on(root)
            .env("QALEDGER_COLUMNS", "80")
            .args(["show", "ACT-2025-0001"]),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(first.chars().count(), 80, "{first}");
    assert!(
        first.starts_with("action ACT-2025-0001: Practitioner feedback"),
        "{first}"
    );
    assert!(first.ends_with('…'), "{first}");
    // Unwrapped, the record's short title: cut to 79 characters (a trailing space dropped)
    // and ended with `…` too (SPEC §10's 80).
    let whole = Run::of(qaledger_on(root).args(["show", "ACT-2025-0001"]));
    let line = whole.stdout.lines().next().unwrap();
    let short: String = title.chars().take(79).collect();
    assert_eq!(line, format!("action ACT-2025-0001: {}…", short.trim_end()));
}

/// What an 80-column terminal shows of `args` on northshire: run in a tmux pane 80 wide (a
/// real terminal: the width comes from the pane, not from `QALEDGER_COLUMNS`), captured.
fn in_tmux(tmux: &std::path::Path, args: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("socket");
    let bin = assert_cmd::cargo::cargo_bin("qaledger");
    let script = format!(
        "{} --root {} --as-of 2025-06-30 --color never {args}; printf '\\n__done__\\n'; sleep 60",
        bin.display(),
        northshire().display()
    );
    let tmux_run = |tmux_args: &[&str]| {
        std::process::Command::new(tmux)
            .arg("-S")
            .arg(&socket)
            .args(tmux_args)
            .env_remove("QALEDGER_COLUMNS")
            .env_remove("TMUX")
            .output()
            .unwrap()
    };
    let started = tmux_run(&["new-session", "-d", "-x", "80", "-y", "50", &script]);
    assert!(started.status.success(), "{started:?}");
    tmux_run(&["set-option", "-g", "history-limit", "5000"]);
    let mut screen = String::new();
    for _ in 0..100 {
        let capture = tmux_run(&["capture-pane", "-p", "-J", "-S", "-5000"]);
        screen = String::from_utf8_lossy(&capture.stdout).into_owned();
        if screen.contains("__done__") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    tmux_run(&["kill-server"]);
    assert!(
        screen.contains("__done__"),
        "the command did not finish:\n{screen}"
    );
    screen
}

#[test]
fn overdue_and_tracker_read_cleanly_in_an_80_column_tmux() {
    let Some(tmux) = crate::common::tool("tmux", "tables in an 80-column terminal") else {
        return;
    };
    for args in ["overdue", "tracker --period FY2024-25"] {
        let screen = in_tmux(&tmux, args);
        // `-J` joins lines the terminal wrapped: a line over 80 here is one that did not fit.
        for line in screen.lines() {
            assert!(
                line.chars().count() <= 80,
                "{args}: a line wider than the terminal:\n{line}\n\n{screen}"
            );
        }
        let rows: Vec<&str> = screen.lines().filter(|l| l.starts_with('│')).collect();
        assert!(rows.len() > 5, "{args}: no table on screen:\n{screen}");
        assert!(
            rows.iter().all(|row| row.trim_end().ends_with('│')),
            "{args}: a table row broke:\n{screen}"
        );
    }
}
