//! `log` and `diff` output: a record's history and the governance diff, as text for people,
//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`, and versioned JSON. Pure
//! functions of the `history` model; they decide nothing.

use std::fmt::Write as _;

use crate::history::{DeadlineChange, Diff, FieldChange, Log, Reading, Shift, Version};

use super::json::versioned;
use super::markdown;
use super::visible;

pub fn log_json(log: &Log) -> crate::error::Result<String> {
    versioned(log)
}

pub fn diff_json(diff: &Diff) -> crate::error::Result<String> {
    versioned(diff)
}

fn value(v: Option<&String>) -> &str {
    v.map_or("(none)", String::as_str)
}

/// One reading as a sentence (`due moved 60 days later: 2025-03-31 → 2025-05-30`).
pub fn reading(r: &Reading) -> String {
    match r {
        Reading::Added => "new record".to_owned(),
        Reading::Removed => "record removed".to_owned(),
        Reading::Unreadable {
            version: Version::Before,
        } => "the earlier version is not readable YAML: fields not compared".to_owned(),
        Reading::Unreadable {
            version: Version::After,
        } => "the later version is not readable YAML: fields not compared".to_owned(),
        Reading::StatusChanged {
            field,
            before,
            after,
        } => format!(
            "{field}: {} → {}",
            value(before.as_ref()),
            value(after.as_ref())
        ),
        Reading::DueMoved {
            field,
            before,
            after,
            days,
            reason,
        } => {
            let n = days.unsigned_abs();
            let unit = if n == 1 { "day" } else { "days" };
            let way = if *days > 0 { "later" } else { "earlier" };
            let why = reason
                .as_ref()
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default();
            format!("{field} moved {n} {unit} {way}: {before} → {after}{why}")
        }
        Reading::OwnerChanged {
            field,
            before,
            after,
        } => format!(
            "owner changed ({field}): {} → {}",
            value(before.as_ref()),
            value(after.as_ref())
        ),
        Reading::ClosedWithoutFollowUp {
            done,
            deadline,
            missing,
        } => format!("{done} set without {missing}: the {deadline} deadline is still open"),
    }
}

fn days(n: u64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// One deadline whose standing changed (`completion newly met 5 days early (due 2025-05-20)`).
pub fn deadline_change(d: &DeadlineChange) -> String {
    let due = d.due;
    match d.change {
        Shift::NewlyOverdue => format!(
            "{} newly overdue: {} overdue (due {due})",
            d.deadline,
            days(d.days.unsigned_abs())
        ),
        Shift::NewlyMet => {
            let when = match d.days {
                0 => "on the due date".to_owned(),
                n if n < 0 => format!("{} early", days(n.unsigned_abs())),
                n => format!("{} late", days(n.unsigned_abs())),
            };
            format!("{} newly met, {when} (due {due})", d.deadline)
        }
    }
}

fn change(c: &FieldChange) -> String {
    format!(
        "{}: {} → {}",
        c.field,
        value(c.before.as_ref()),
        value(c.after.as_ref())
    )
}

/// Appends one line the renderer laid out; the record text and git metadata in it (commit
/// subjects, authors, values) are shown through `visible::inline`, so they cannot act on the
/// terminal or start a line of their own.
fn line(out: &mut String, text: &str) {
    out.push_str(&visible::inline(text));
    out.push('\n');
}

pub fn log_human(log: &Log) -> String {
    let mut out = String::new();
    line(&mut out, &format!("{} ({})", log.id, log.path));
    if log.commits.is_empty() {
        out.push('\n');
        line(
            &mut out,
            &format!(
                "no history: {} has not been committed yet (git add it and commit)",
                log.path
            ),
        );
    }
    for entry in &log.commits {
        let short = entry.commit.get(..10).unwrap_or(&entry.commit);
        out.push('\n');
        line(
            &mut out,
            &format!("commit {short}  {}  {}", entry.date, entry.author),
        );
        line(&mut out, &format!("    {}", entry.subject));
        if let Some(from) = &entry.renamed_from {
            line(&mut out, &format!("  renamed: {from} → {}", entry.path));
        }
        for r in &entry.readings {
            line(&mut out, &format!("  * {}", reading(r)));
        }
        for c in &entry.changes {
            line(&mut out, &format!("  {}", change(c)));
        }
    }
    out
}

fn heading(record: &crate::history::RecordDiff) -> String {
    let kind = record.kind.as_deref().unwrap_or("file");
    match &record.renamed_from {
        Some(from) => format!("{kind} {} ({from} → {})", record.id, record.path),
        None => format!("{kind} {} ({})", record.id, record.path),
    }
}

pub fn diff_human(diff: &Diff) -> String {
    let mut out = String::new();
    let head = diff.head.as_deref().unwrap_or("working tree");
    line(
        &mut out,
        &format!(
            "Records changed from {} to {head}: {} (deadlines as at {})",
            diff.base,
            diff.records.len(),
            diff.as_of
        ),
    );
    for record in &diff.records {
        out.push('\n');
        line(&mut out, &heading(record));
        for r in &record.readings {
            line(&mut out, &format!("  * {}", reading(r)));
        }
        for d in &record.deadlines {
            line(&mut out, &format!("  * {}", deadline_change(d)));
        }
        for c in &record.changes {
            line(&mut out, &format!("  {}", change(c)));
        }
    }
    out
}

pub fn diff_markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let head = diff.head.as_deref().unwrap_or("working tree");
    let short = diff.base.get(..10).unwrap_or(&diff.base);
    let _ = writeln!(out, "## qaledger: governance diff\n");
    let _ = writeln!(
        out,
        "{} record(s) changed from {} to {}; deadlines as at {}.\n",
        diff.records.len(),
        markdown::code(short),
        markdown::text(head),
        diff.as_of
    );
    for record in &diff.records {
        let _ = writeln!(out, "### {}\n", markdown::text(&heading(record)));
        for r in &record.readings {
            let _ = writeln!(out, "- **{}**", markdown::text(&reading(r)));
        }
        for d in &record.deadlines {
            let _ = writeln!(out, "- **{}**", markdown::text(&deadline_change(d)));
        }
        if !record.readings.is_empty() || !record.deadlines.is_empty() {
            out.push('\n');
        }
        if !record.changes.is_empty() {
            let _ = writeln!(out, "| field | before | after |\n|---|---|---|");
            for c in &record.changes {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    markdown::text(&c.field),
                    markdown::text(value(c.before.as_ref())),
                    markdown::text(value(c.after.as_ref()))
                );
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::RecordDiff;

    #[test]
    fn the_log_shows_commit_and_record_text_inert() {
        let log = Log {
            id: "::add-mask::ACT-2025-0001".to_owned(),
            path: "records/actions/a.yaml".to_owned(),
            commits: vec![crate::history::LogEntry {
                commit: "0123456789abcdef".to_owned(),
                author: "Eve \u{1b}]0;pwned\u{7}".to_owned(),
                date: "2025-06-01".to_owned(),
                subject: "Fix\n::error::injected \u{9b}2J".to_owned(),
                path: "records/actions/a.yaml".to_owned(),
                renamed_from: None,
                readings: Vec::new(),
                changes: vec![FieldChange {
                    field: "title".to_owned(),
                    before: Some("a\r##[add-mask]b".to_owned()),
                    after: None,
                }],
            }],
        };
        let out = log_human(&log);
        assert_eq!(
            out,
            "\u{2236}:add-mask::ACT-2025-0001 (records/actions/a.yaml)\n\n\
             commit 0123456789  2025-06-01  Eve \u{241b}]0;pwned\u{2407}\n    \
             Fix\u{240a}::error::injected \u{fffd}2J\n  \
             title: a\u{240d}##\u{ff3b}add-mask]b → (none)\n"
        );
    }

    #[test]
    fn the_markdown_diff_shows_record_text_as_written() {
        let diff = Diff {
            as_of: jiff::civil::date(2025, 6, 30),
            base: "v1`x".to_owned(),
            head: Some("my_branch".to_owned()),
            records: vec![RecordDiff {
                id: "ACT-2025-0001".to_owned(),
                kind: Some("action".to_owned()),
                path: "records/actions/a_b.yaml".to_owned(),
                renamed_from: None,
                readings: Vec::new(),
                deadlines: Vec::new(),
                changes: vec![FieldChange {
                    field: "title".to_owned(),
                    before: Some("a|b".to_owned()),
                    after: Some("**x** <i>\ny".to_owned()),
                }],
            }],
        };
        let out = diff_markdown(&diff);
        assert!(
            out.contains(
                "1 record(s) changed from ``v1`x`` to my\\_branch; deadlines as at 2025-06-30."
            ),
            "{out}"
        );
        assert!(
            out.contains("### action ACT-2025-0001 (records/actions/a\\_b.yaml)\n"),
            "{out}"
        );
        assert!(
            out.contains("| title | a\\|b | \\*\\*x\\*\\* \\<i\\> y |\n"),
            "{out}"
        );
    }
}
