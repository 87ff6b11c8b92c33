//! The terminal writer: any `Document` as text for a person at a terminal. Groups are
//! separated by a blank line; headings and warnings take their tone's style; tables are
//! `render::table`'s. Every line and cell of record text passes `visible::inline`.

use super::document::{Block, Document, Fit, Item, Kind, Table, Text, Tone, Width};
use super::visible;

/// The document as terminal text, unwrapped (styles as ANSI sequences; the session strips
/// them when its stream is not a terminal). The tables of today's views carry no marking;
/// `marking::text` frames plain text that does.
pub fn write(doc: &Document) -> String {
    write_at(doc, None)
}

/// The same, fitted to `width` columns when there is one (a terminal, not `--wide`): a table
/// leaves out its optional columns, in order, until it would fit, then wraps its cells within
/// their columns; a title or heading longer than the width is cut and ends with `…`.
pub fn write_at(doc: &Document, width: Option<u16>) -> String {
    let groups: Vec<String> = doc
        .groups
        .iter()
        .map(|group| group.iter().map(|b| block(b, width)).collect())
        .collect();
    let mut out = groups.join("\n");
    if doc.trailing_blank {
        out.push('\n');
    }
    out
}

fn block(block: &Block, width: Option<u16>) -> String {
    match block {
        Block::Title(text) => styled(Tone::Bold, &cut(&line(text), width)),
        Block::Heading(text, tone) => styled(*tone, &cut(&line(text), width)),
        Block::Paragraph(text) => wrap(&line(text), width),
        Block::Preformatted(text) => {
            let shown = visible::block(text);
            match width {
                None => {
                    let mut out = shown.into_owned();
                    if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out
                }
                Some(_) => shown.lines().map(|l| wrap(l, width)).collect(),
            }
        }
        Block::List(items) => items.iter().map(|i| wrap(&line(i), width)).collect(),
        Block::Items(items) => Item::write_all(
            items,
            |t| format!("{}\n", line(t)),
            |d| format!("  {}\n", line(d)),
        ),
        Block::Note(text) => format!("Note: {}\n", line(text)),
        Block::Warning {
            headline,
            items,
            tone,
        } => {
            let mut out = styled(*tone, &line(headline));
            for item in items {
                out.push_str(&format!("  {}\n", line(item)));
            }
            out
        }
        Block::Table(table) => table_at(table, width),
        Block::Figures(pairs) => pairs
            .iter()
            .map(|(label, value)| format!("{}: {}\n", line(label), line(value)))
            .collect(),
    }
}

/// A table, fitted to `width` when there is one and the table has no fixed fit of its own.
fn table_at(table: &Table, width: Option<u16>) -> String {
    let header: Vec<String> = table.header.iter().map(raw).collect();
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(raw).collect())
        .collect();
    let (Some(width), Width::Flexible(optional)) = (width, &table.width) else {
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let fixed = match &table.width {
            Width::Fixed(fit) => Some(fit),
            Width::Flexible(_) => None,
        };
        return format!("{}\n", super::table::fitted(&header, &rows, fixed));
    };
    let mut keep: Vec<usize> = (0..header.len()).collect();
    for drop in optional {
        if natural_width(&header, &rows, &keep) <= usize::from(width) {
            break;
        }
        keep.retain(|i| i != drop);
    }
    let pick = |cells: &[String]| -> Vec<String> {
        keep.iter()
            .map(|&i| cells.get(i).cloned().unwrap_or_default())
            .collect()
    };
    let header = pick(&header);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| pick(r)).collect();
    let fit = Fit {
        width,
        columns: Vec::new(),
    };
    format!("{}\n", super::table::fitted(&header, &rows, Some(&fit)))
}

/// The width of the table with the columns `keep`, none wrapped: each column its widest cell
/// and a space either side, and a rule between and around them.
fn natural_width(header: &[String], rows: &[Vec<String>], keep: &[usize]) -> usize {
    let column = |i: usize| {
        std::iter::once(header.get(i))
            .chain(rows.iter().map(|r| r.get(i)))
            .flatten()
            .map(|cell| visible::inline(cell).chars().count())
            .max()
            .unwrap_or(0)
    };
    keep.iter().map(|&i| column(i) + 3).sum::<usize>() + 1
}

/// `text` and a line break; at a width, broken between words onto lines of at most `width`
/// characters (a word longer than that stands alone), each after the first indented as the
/// first is.
fn wrap(text: &str, width: Option<u16>) -> String {
    let Some(width) = width.map(usize::from) else {
        return format!("{text}\n");
    };
    let indent = &text[..text.len() - text.trim_start().len()];
    let mut out = String::new();
    let mut rest = text.to_owned();
    while rest.chars().count() > width {
        let limit = rest
            .char_indices()
            .nth(width)
            .map_or(rest.len(), |(i, _)| i);
        // The last space that ends a line short enough, else the first after a long word.
        let at = rest[..limit]
            .rfind(' ')
            .filter(|&i| !rest[..i].trim().is_empty())
            .or_else(|| rest[limit..].find(' ').map(|i| i + limit));
        let Some(at) = at else { break };
        out.push_str(rest[..at].trim_end());
        out.push('\n');
        rest = format!("{indent}{}", rest[at..].trim_start());
    }
    out.push_str(&rest);
    out.push('\n');
    out
}

/// `text` cut to `width` characters, ending with `…` when cut.
fn cut(text: &str, width: Option<u16>) -> String {
    match width {
        Some(width) if text.chars().count() > usize::from(width) => {
            let keep = usize::from(width).saturating_sub(1);
            let mut out: String = text.chars().take(keep).collect();
            out.push('…');
            out
        }
        _ => text.to_owned(),
    }
}

/// `text` in `tone`, then a line break.
fn styled(tone: Tone, text: &str) -> String {
    let style = match tone {
        Tone::Plain => return format!("{text}\n"),
        Tone::Bold => anstyle::Style::new().bold(),
        Tone::Alert => anstyle::AnsiColor::Red.on_default().bold(),
        Tone::Caution => anstyle::AnsiColor::Yellow.on_default().bold(),
    };
    format!("{style}{text}{style:#}\n")
}

/// The text as it reads at a terminal, code in backticks; not yet made visible (a table
/// cell is made visible whole, by `render::table`).
fn raw(text: &Text) -> String {
    text.0
        .iter()
        .map(|s| match s.kind {
            Kind::Code => format!("`{}`", s.text),
            Kind::Ours | Kind::Record | Kind::Strong => s.text.clone(),
        })
        .collect()
}

/// One line of text, made safe to show: each piece through `visible::inline`, emphasis bold.
fn line(text: &Text) -> String {
    let bold = anstyle::Style::new().bold();
    let shown: String = text
        .0
        .iter()
        .map(|s| match s.kind {
            Kind::Strong => format!("{bold}{}{bold:#}", visible::inline(&s.text)),
            _ => visible::inline(&raw(&Text(vec![s.clone()]))).into_owned(),
        })
        .collect();
    visible::no_workflow_command(&shown).into_owned()
}
