//! The terminal writer: any `Document` as text for a person at a terminal. Groups are
//! separated by a blank line; headings and warnings take their tone's style; tables are
//! `render::table`'s. Every line and cell of record text passes `visible::inline`.

use super::document::{Block, Document, Kind, Text, Tone};
use super::visible;

/// The document as terminal text (styles as ANSI sequences; the session strips them when its
/// stream is not a terminal). The tables of today's views carry no marking; `marking::text`
/// frames plain text that does.
pub fn write(doc: &Document) -> String {
    let groups: Vec<String> = doc
        .groups
        .iter()
        .map(|group| group.iter().map(block).collect())
        .collect();
    let mut out = groups.join("\n");
    if doc.trailing_blank {
        out.push('\n');
    }
    out
}

fn block(block: &Block) -> String {
    match block {
        Block::Title(text) => styled(Tone::Bold, &line(text)),
        Block::Heading(text, tone) => styled(*tone, &line(text)),
        Block::Paragraph(text) => format!("{}\n", line(text)),
        Block::Preformatted(text) => {
            let mut out = visible::block(text).into_owned();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out
        }
        Block::List(items) => items.iter().map(|i| format!("{}\n", line(i))).collect(),
        Block::Items(items) => items
            .iter()
            .map(|i| {
                let mut out = format!("{}\n", line(&i.text));
                for d in &i.details {
                    out.push_str(&format!("  {}\n", line(d)));
                }
                out
            })
            .collect(),
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
        Block::Table(table) => {
            let header: Vec<String> = table.header.iter().map(raw).collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let rows: Vec<Vec<String>> = table
                .rows
                .iter()
                .map(|row| row.iter().map(raw).collect())
                .collect();
            format!(
                "{}\n",
                super::table::fitted(&header, &rows, table.fit.as_ref())
            )
        }
        Block::Figures(pairs) => pairs
            .iter()
            .map(|(label, value)| format!("{}: {}\n", line(label), line(value)))
            .collect(),
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
