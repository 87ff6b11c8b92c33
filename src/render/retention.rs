//! `qaledger retention` as a terminal table (the one document), CSV (one table) or JSON (the
//! serialised model). Presentation only: `compute::retention` decides what is past.

use crate::view::retention::Retention;

use super::document::{Align, Block, Document, Table, Text, Tone, marked};

/// The CSV and table columns.
const HEADER: [&str; 7] = [
    "id",
    "kind",
    "runs from",
    "period",
    "ended",
    "days past",
    "path",
];

pub fn json(view: &Retention) -> crate::error::Result<String> {
    super::json::versioned(view)
}

pub fn csv(view: &Retention, bom: bool) -> crate::error::Result<String> {
    let rows: Vec<Vec<String>> = view
        .items
        .iter()
        .map(|p| {
            vec![
                p.id.clone(),
                p.kind.clone(),
                format!("{} ({})", p.runs_from, p.runs_from_field),
                p.period.clone(),
                p.ended.to_string(),
                p.days_past.to_string(),
                p.path.clone(),
            ]
        })
        .collect();
    super::csv::render(&HEADER, &rows, bom)
}

/// The terminal document: a line saying what is listed, the table, what was left out.
pub fn document(view: &Retention) -> Document {
    let h = &view.header;
    let mut doc = Document {
        marking: h.marking.clone(),
        ..Document::default()
    };
    let headline = match view.items.len() {
        0 => format!("No record is past its retention period at {}.", h.as_of),
        1 => format!(
            "1 record is past its retention period at {}: delete it, and remove it from the git history (docs/retention.md).",
            h.as_of
        ),
        n => format!(
            "{n} records are past their retention period at {}: delete them, and remove them from the git history (docs/retention.md).",
            h.as_of
        ),
    };
    let tone = if view.items.is_empty() {
        Tone::Plain
    } else {
        Tone::Caution
    };
    let mut head = vec![Block::Heading(Text::ours(headline), tone)];
    head.extend(super::left_out::warning(&h.left_out));
    doc.group(head);
    if !view.items.is_empty() {
        let mut table = Table::new(&HEADER);
        table.align[5] = Align::Right;
        table.rows = view
            .items
            .iter()
            .map(|p| {
                vec![
                    marked(p.problems, Text::record(&p.id)),
                    Text::record(&p.kind),
                    Text::ours(format!("{} ({})", p.runs_from, p.runs_from_field)),
                    Text::ours(&p.period),
                    Text::ours(p.ended.to_string()),
                    Text::ours(p.days_past.to_string()),
                    Text::record(&p.path),
                ]
            })
            .collect();
        doc.group(vec![Block::Table(table)]);
    }
    doc
}
