//! Diagnostics for people, rustc-style: `file:line:col`, the source line, a caret, the hint.
//!
//! Emits ANSI styles always; the caller's stream (anstream) strips them when colour is off.
//! Messages, paths and source lines are shown through `visible`, so a record cannot act on
//! the terminal.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Tally};

use super::visible;

/// Each diagnostic's snippet is the source line it carries (none: its path alone).
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
        let line_text = d
            .source_line
            .text()
            .map(|raw| shown_line(raw, d.column, d.end_column));
        let group = match &line_text {
            Some((text, span)) => {
                let snippet = Snippet::source(text.as_str())
                    .line_start(d.line as usize)
                    .path(file.as_ref())
                    .annotation(AnnotationKind::Primary.span(span.clone()));
                title.element(snippet)
            }
            // No line to show (a folder, a file that could not be read): the path alone, not
            // an empty snippet's blank gutter lines.
            None => title.element(Origin::path(file.as_ref())),
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
fn shown_line(raw: &str, column: u32, end: Option<u32>) -> (String, std::ops::Range<usize>) {
    let span = match end {
        Some(end) => columns_span(raw, column, end),
        None => token_span(raw, column),
    };
    let before = visible::block(&raw[..span.start]);
    let word = visible::block(&raw[span.clone()]);
    let after = visible::block(&raw[span.end..]);
    let start = before.len();
    let end = start + word.len();
    (format!("{before}{word}{after}"), start..end)
}

/// The byte range of 1-based character columns `column..end` of a line (never empty).
fn columns_span(line: &str, column: u32, end: u32) -> std::ops::Range<usize> {
    let byte = |col: u32| {
        line.char_indices()
            .nth(col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte(column);
    let first = line[start..].chars().next().map_or(0, char::len_utf8);
    start..byte(end).max(start + first)
}

/// The byte range of the key or value starting at a 1-based character column (a comment's
/// `#` alone): a key up to its `:`, a quoted value to its closing quote, a plain value to the end of the line (before a
/// comment) or, inside a flow collection, to the next `,`, `]` or `}` — so `mental capacity`
/// and `J Smith` are underlined whole, not only their first word.
fn token_span(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        // A whole-file problem is reported at 1:1, often a comment: point at it, no more.
        Some('#') => 1,
        Some(quote @ ('"' | '\'')) => quoted_len(rest, quote),
        Some(_) => plain_len(rest, in_flow(&line[..start])),
        None => 0,
    };
    start..start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// Whether a position follows an unclosed `[` or `{` on its line (quotes are not tracked: the
/// line is only for showing, and a wrong guess underlines a little less or more).
fn in_flow(before: &str) -> bool {
    let depth = before.chars().fold(0i32, |depth, c| match c {
        '[' | '{' => depth + 1,
        ']' | '}' => depth - 1,
        _ => depth,
    });
    depth > 0
}

/// A quoted scalar's length, its quotes included (to the end of the line when unclosed): `\"`
/// escapes a double quote, `''` a single one.
fn quoted_len(rest: &str, quote: char) -> usize {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            c if c == quote => return i + c.len_utf8(),
            _ => {}
        }
    }
    rest.trim_end().len()
}

/// A plain scalar's length: up to a key's `: ` (or `:` at the end), a ` #` comment, the end of
/// the line, or in a flow collection the next `,`, `]` or `}`; trailing blanks left out.
fn plain_len(rest: &str, flow: bool) -> usize {
    let mut end = rest.len();
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        let next = rest[i + c.len_utf8()..].chars().next();
        let key_end = c == ':' && next.is_none_or(char::is_whitespace);
        let comment = c == '#' && previous.is_whitespace() && i > 0;
        if key_end || comment || (flow && matches!(c, ',' | ']' | '}')) {
            end = i;
            break;
        }
        previous = c;
    }
    rest[..end].trim_end().len()
}

/// The one-line tally for stderr.
pub fn tally(tally: &Tally) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "checked {} in {}: {}, {}",
        plural(tally.records, "record", "records"),
        plural(tally.files, "file", "files"),
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
    );
    if tally.accepted > 0 {
        line.push_str(&format!(", {} accepted", tally.accepted));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceLine;

    #[test]
    fn an_end_column_narrows_the_underline_to_the_match() {
        // Columns 10..13 of the line are `Café` (characters, not bytes).
        let (text, span) = shown_line("notes: a Café b", 10, Some(14));
        assert_eq!(&text[span], "Café");
        // An end before the start still underlines one character.
        let (text, span) = shown_line("notes: a Café b", 10, Some(3));
        assert_eq!(&text[span], "C");
    }

    #[test]
    fn a_source_line_is_shown_without_its_control_characters_and_the_caret_still_fits() {
        let (text, span) = shown_line("title: \u{1b}[31mred\u{9b}", 8, None);
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

    #[test]
    fn the_caret_covers_a_whole_value() {
        let span = |line: &str, column| line[token_span(line, column)].to_owned();
        assert_eq!(
            span("themes: [mental capacity, risk]", 10),
            "mental capacity"
        );
        assert_eq!(span("themes: [mental capacity, risk]", 27), "risk");
        assert_eq!(span("handler: J Smith  # the manager", 10), "J Smith");
        assert_eq!(span("summary: \"A: b, c\" # x", 10), "\"A: b, c\"");
        assert_eq!(span("summary: 'it''s' # x", 10), "'it''s'");
        assert_eq!(
            span("summary: \"say \\\"hi\\\"\" # x", 10),
            "\"say \\\"hi\\\"\""
        );
        assert_eq!(span("interval: 40 years", 11), "40 years");
        assert_eq!(span("url: http://x.org/a#b", 6), "http://x.org/a#b");
        assert_eq!(span("key: value", 11), "");
        assert_eq!(span("a: é", 4), "é");
        assert_eq!(span("# file-empty: only a comment", 1), "#");
    }
}
