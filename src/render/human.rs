//! Diagnostics for people, rustc-style: `file:line:col`, the source line, a caret, the hint.
//!
//! Emits ANSI styles always; the caller's stream (anstream) strips them when colour is off.
//! Messages, paths and source lines are shown through `visible`, so a record cannot act on
//! the terminal.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Tally};

use super::visible;

/// Each diagnostic's snippet is the source line it carries (none: an empty snippet).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = visible::inline(&d.message);
        let file = visible::inline(&d.file);
        let hint = d.hint.as_deref().map(visible::inline);
        let title = level.primary_title(message.as_ref()).id(d.code.as_str());
        let line_text = d.source_line.text().map(|raw| shown_line(raw, d.column));
        let group = match &line_text {
            Some((text, span)) => {
                let snippet = Snippet::source(text.as_str())
                    .line_start(d.line as usize)
                    .path(file.as_ref())
                    .annotation(AnnotationKind::Primary.span(span.clone()));
                title.element(snippet)
            }
            None => title.element(
                Snippet::<annotate_snippets::Annotation<'_>>::source("")
                    .line_start(d.line as usize)
                    .path(file.as_ref()),
            ),
        };
        let group = match &hint {
            Some(hint) => group.element(Level::HELP.message(hint.as_ref())),
            None => group,
        };
        let report: [Group<'_>; 1] = [group];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// A source line as shown (control characters visible, tabs left to the snippet renderer), and
/// the byte range in it of the word at a 1-based character column of the line as written.
/// Each stand-in is one character for one, so the column still points at the same word.
fn shown_line(raw: &str, column: u32) -> (String, std::ops::Range<usize>) {
    let span = token_span(raw, column);
    let before = visible::block(&raw[..span.start]);
    let word = visible::block(&raw[span.clone()]);
    let after = visible::block(&raw[span.end..]);
    let start = before.len();
    let end = start + word.len();
    (format!("{before}{word}{after}"), start..end)
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
    use crate::diagnostic::SourceLine;

    #[test]
    fn a_source_line_is_shown_without_its_control_characters_and_the_caret_still_fits() {
        let (text, span) = shown_line("title: \u{1b}[31mred\u{9b}", 8);
        assert_eq!(text, "title: \u{241b}[31mred\u{fffd}");
        assert_eq!(&text[span], "\u{241b}[31mred\u{fffd}");
        let mut d = Diagnostic::new(
            crate::diagnostic::code::Code::SchemaEnum,
            "records/a\u{1b}]0;x\u{7}.yaml",
            crate::load::yaml::Pos { line: 1, col: 8 },
            "`\u{1b}[31m` is not\none of them",
        )
        .hint("use \u{9b}31m");
        d.source_line = SourceLine::Text("title: \u{1b}[31mred\u{9b}\r".into());
        let out = render(&[d]);
        // The renderer's own styles are the only escape sequences.
        assert!(!out.contains(['\u{9b}', '\u{7}', '\r']), "{out:?}");
        assert!(
            !out.contains("\u{1b}]") && !out.contains("\u{1b}[31m`"),
            "{out:?}"
        );
        let out = anstream::adapter::strip_str(&out).to_string();
        assert!(
            !out.contains(|c: char| c != '\n' && visible::stand_in(c).is_some()),
            "{out:?}"
        );
        assert!(
            out.contains("\u{241b}[31m` is not\u{240a}one of them"),
            "{out}"
        );
    }

    #[test]
    fn the_caret_covers_the_key() {
        let line = "  reponded: 2025-03-01";
        assert_eq!(&line[token_span(line, 3)], "reponded");
        assert_eq!(&line[token_span(line, 13)], "2025-03-01");
    }
}
