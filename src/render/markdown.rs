//! The Markdown writer: any `Document` as GitHub-flavoured Markdown, every block its own
//! paragraph, framed by the marking. Text from records and configuration is escaped here
//! (`text`, `code`); our own words and markup are written as they are. It decides nothing.

use super::document::{Align, Block, Document, Item, Kind, Table, Text};

/// The document as Markdown, the marking on its first and last lines.
pub fn write(doc: &Document) -> String {
    let blocks: Vec<String> = doc.blocks().map(block).collect();
    let mut out = blocks.join("\n");
    if doc.trailing_blank {
        out.push('\n');
    }
    super::marking::markdown(doc.marking.as_deref(), out)
}

fn block(block: &Block) -> String {
    match block {
        Block::Title(t) => format!("# {}\n", inline(t)),
        Block::Heading(t, _) => format!("## {}\n", inline(t)),
        Block::Paragraph(t) => format!("{}\n", inline(t)),
        Block::Preformatted(t) => fenced(t),
        Block::List(items) => items.iter().map(|i| format!("- {}\n", inline(i))).collect(),
        Block::Items(items) => Item::write_all(
            items,
            |t| format!("- {}\n", inline(t)),
            |d| format!("  - {}\n", inline(d)),
        ),
        Block::Note(t) => format!("> Note: {}\n", inline(t)),
        Block::Warning {
            headline, items, ..
        } => {
            let mut out = format!("> **Warning:** {}\n", inline(headline));
            for item in items {
                out.push_str(&format!("> - {}\n", inline(item)));
            }
            out
        }
        Block::Table(t) => table(t),
        Block::Figures(pairs) => pairs
            .iter()
            .map(|(label, value)| format!("- {}: {}\n", inline(label), inline(value)))
            .collect(),
    }
}

fn table(t: &Table) -> String {
    let row = |cells: &[Text]| {
        let cells: Vec<String> = cells.iter().map(inline).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = row(&t.header);
    out.push('|');
    for align in &t.align {
        out.push_str(match align {
            Align::Left => "---|",
            Align::Right => "---:|",
        });
    }
    out.push('\n');
    for cells in &t.rows {
        out.push_str(&row(cells));
    }
    out
}

/// The text with record text escaped and code as code spans.
fn inline(t: &Text) -> String {
    t.0.iter()
        .map(|s| match s.kind {
            Kind::Ours => s.text.clone(),
            Kind::Record => text(&s.text),
            Kind::Code => code(&s.text),
            Kind::Strong => format!("**{}**", text(&s.text)),
        })
        .collect()
}

/// `text` as a fenced code block, the fence longer than any run of backticks in it.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let body = super::visible::block(text);
    let newline = if body.ends_with('\n') { "" } else { "\n" };
    format!("{fence}text\n{body}{newline}{fence}\n")
}

/// The ASCII punctuation that can start or end Markdown markup, or split a table row.
const SPECIAL: [char; 10] = ['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|'];

/// `text` shown as written in a table cell, a list item or a heading: Markdown's special
/// characters are backslash-escaped (GFM lets any ASCII punctuation be escaped, so escaping is
/// never wrong), a line break, which would end the cell or the item, or a tab becomes a space,
/// and any other control character its visible stand-in (Markdown is often read at a terminal).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if super::visible::stand_in(c).is_some() => {
                out.push(super::visible::stand_in(c).unwrap_or(c));
            }
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as a code span, safe in a table cell, a list item and a heading. Backslash escapes do
/// not work inside a code span, so the fence is longer than any run of backticks in the text,
/// and a `|` is written outside the span, escaped (inside one it would split a table row).
/// A line break becomes a space, as in [`text`]; empty text is nothing.
pub fn code(text: &str) -> String {
    let one_line = text.replace(['\n', '\r', '\t'], " ");
    let one_line = super::visible::inline(&one_line);
    one_line
        .split('|')
        .map(span)
        .collect::<Vec<_>>()
        .join("\\|")
}

/// One code span holding `text`, which has no `|` and no line break.
fn span(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A span drops one space at each end when both ends are spaces, and a backtick next to
    // the fence would lengthen it: pad with a space, which the span then drops.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && text.trim() != "");
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_special_character_is_escaped() {
        for c in SPECIAL {
            assert_eq!(text(&format!("a{c}b")), format!("a\\{c}b"), "{c:?}");
        }
        assert_eq!(
            text(r"**not bold** [x](y) <b> #1 a|b `c` \"),
            r"\*\*not bold\*\* \[x\](y) \<b\> \#1 a\|b \`c\` \\"
        );
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(text("one\ntwo\r\nthree\rfour"), "one two  three four");
    }

    #[test]
    fn other_text_is_untouched() {
        let plain = "Reablement (East) — 3 of 4: 75.0%, ‘résumé’ ł é 日本 ok-id.yaml/2025!";
        assert_eq!(text(plain), plain);
        assert_eq!(text(""), "");
    }

    #[test]
    fn code_spans_hold_their_text_literally() {
        assert_eq!(code("ACT-2025-0001"), "`ACT-2025-0001`");
        assert_eq!(code("a*b_c\\d"), "`a*b_c\\d`");
        assert_eq!(code(""), "");
    }

    #[test]
    fn a_code_span_is_fenced_longer_than_its_backticks() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a``b`c"), "```a``b`c```");
        assert_eq!(code("`x`"), "`` `x` ``");
        // Both ends spaces: padded, so the span drops the padding, not the text's own spaces.
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code(" x"), "` x`");
    }

    #[test]
    fn a_pipe_or_line_break_never_splits_a_code_span_or_a_row() {
        assert_eq!(code("a|b"), "`a`\\|`b`");
        assert_eq!(code("|a||"), "\\|`a`\\|\\|");
        assert_eq!(code("a\nb\r\nc"), "`a b  c`");
    }
}
