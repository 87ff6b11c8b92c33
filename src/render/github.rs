//! GitHub Actions: workflow commands that annotate the pull request, a readable line for
//! each, and a Markdown summary for `$GITHUB_STEP_SUMMARY`.
//!
//! The runner reads every line of a step's output for commands, so record text and file
//! names are escaped on every line written here, not only inside the annotations (escapeData
//! and escapeProperty of actions/toolkit), and the readable line is made inert as any human
//! line is (`visible`): no line starts a command from data. Qaledger does not wrap its output
//! in `::stop-commands::`: its token would have to be unpredictable, and the same input would
//! no longer give the same bytes.

use crate::diagnostic::{Diagnostic, Severity, Tally};

use super::{markdown, visible};

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // A part of a line (personal data in a sentence) is annotated as that part; GitHub's
        // `endColumn` is the last column (it defaults to `col`), ours the one past it.
        let end = d
            .end_column
            .map(|end| format!(",endColumn={}", end.saturating_sub(1)))
            .unwrap_or_default();
        out.push_str(&format!(
            "::{command} file={},line={},col={}{end},title={}::{}\n",
            property(&d.file),
            d.line,
            d.column,
            property(d.code.as_str()),
            data(&message_with_hint(d)),
        ));
        out.push_str(&log_line(&format!(
            "{}:{}:{}: {command}[{}] {}",
            d.file, d.line, d.column, d.code, d.message
        )));
        out.push('\n');
    }
    out
}

/// A line of the workflow log that is not a command: shown as any human line is, with the
/// characters the runner unescapes in commands escaped too, so it reads the same wherever it
/// is copied.
pub fn log_line(text: &str) -> String {
    data(&visible::inline(text))
}

/// The annotation's text: the message, then the hint on a line of its own (the annotation
/// shows it so), each shown as any human line is.
fn message_with_hint(d: &Diagnostic) -> String {
    let message = visible::inline(&d.message);
    match &d.hint {
        Some(hint) => format!("{message}\nhelp: {}", visible::inline(hint)),
        None => message.into_owned(),
    }
}

/// The Markdown step summary.
pub fn summary(diagnostics: &[Diagnostic], tally: &Tally) -> String {
    let mut out = String::from("## qaledger check\n\n");
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let accepted = if tally.accepted > 0 {
        format!(", {} accepted", tally.accepted)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{} in {}: **{}**, {}{accepted}.\n\n",
        plural(tally.records, "record", "records"),
        plural(tally.files, "file", "files"),
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
    ));
    if diagnostics.is_empty() {
        out.push_str("No problems found.\n");
        return out;
    }
    out.push_str("| | File | Line | Code | Problem |\n|---|---|---|---|---|\n");
    for d in diagnostics {
        let icon = match d.severity {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
        };
        out.push_str(&format!(
            "| {icon} | {} | {} | `{}` | {} |\n",
            markdown::code(&d.file),
            d.line,
            d.code,
            markdown::text(&d.message)
        ));
    }
    out
}

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_summary_shows_paths_and_messages_as_written() {
        let d = Diagnostic::new(
            crate::diagnostic::code::Code::UnknownStaff,
            "records/a|b.yaml",
            crate::load::yaml::Pos { line: 3, col: 5 },
            "`j_smith` is not in the staff roster | *sic*",
        );
        let tally = Tally {
            files: 1,
            records: 1,
            errors: 1,
            warnings: 0,
            accepted: 0,
        };
        let out = summary(&[d], &tally);
        assert!(
            out.contains(
                "| ❌ | `records/a`\\|`b.yaml` | 3 | `unknown-staff` | \\`j\\_smith\\` is not in the staff roster \\| \\*sic\\* |\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
