//! Diagnostics for people, rustc-style: `file:line:col`, the source line, a caret, the hint.
//!
//! Emits ANSI styles always; the caller's stream (anstream) strips them when colour is off.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Tally};

/// `source(file, line)` gives the text of a line, when the file can be read.
pub fn render(diagnostics: &[Diagnostic], source: &dyn Fn(&str, u32) -> Option<String>) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
        let line_text = source(&d.file, d.line);
        let group = match &line_text {
            Some(text) => {
                let span = token_span(text, d.column);
                let snippet = Snippet::source(text.as_str())
                    .line_start(d.line as usize)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span));
                title.element(snippet)
            }
            None => title.element(
                Snippet::<annotate_snippets::Annotation<'_>>::source("")
                    .line_start(d.line as usize)
                    .path(d.file.as_str()),
            ),
        };
        let group = match &d.hint {
            Some(hint) => group.element(Level::HELP.message(hint.as_str())),
            None => group,
        };
        let report: [Group<'_>; 1] = [group];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// The byte range of the word starting at a 1-based character column.
fn token_span(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = rest
        .find(|c: char| c == ':' || c == ',' || c == ']' || c == '}' || c.is_whitespace())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| rest.trim_end().len().max(1).min(rest.len()));
    start..start + len
}

/// The one-line tally for stderr.
pub fn tally(tally: &Tally) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "checked {} in {}: {}, {}",
        plural(tally.records, "record", "records"),
        plural(tally.files, "file", "files"),
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_covers_the_key() {
        let line = "  reponded: 2025-03-01";
        assert_eq!(&line[token_span(line, 3)], "reponded");
        assert_eq!(&line[token_span(line, 13)], "2025-03-01");
    }
}
