//! `show ID`: one record for a person, as a document (its text, then tables of deadlines,
//! links and what a member of staff owns) any writer writes, or as JSON (the `Shown` model in
//! a versioned envelope).
//!
//! Lays out what `show::compute` assembled; decides nothing.

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{Deadline, State};
use crate::time::duration::Duration;
use crate::view::links::Link;
use crate::view::show::Shown;

use super::document::{Block, Document, Table, Text, Tone};

/// The JSON contract of `show --format json`: the model, with the envelope's fields first.
#[derive(Serialize)]
struct ShowJson<'a> {
    schema_version: u32,
    as_of: String,
    /// The window that makes a deadline "due soon" (config `timescales.due_soon`).
    due_soon: String,
    #[serde(flatten)]
    shown: &'a Shown,
}

pub fn json(shown: &Shown, as_of: Date, due_soon: Duration) -> crate::error::Result<String> {
    let report = ShowJson {
        schema_version: super::json::SCHEMA_VERSION,
        as_of: as_of.to_string(),
        due_soon: due_soon.to_string(),
        shown,
    };
    super::json::pretty(&report)
}

/// The record as a document: its title and path, its text, then tables of its deadlines, its
/// links and what a member of staff owns. Record text is the records' own, so every writer
/// escapes it (a terminal through `visible`).
pub fn document(shown: &Shown, as_of: Date, due_soon: Duration) -> Document {
    let mut title = Text::record(&shown.kind)
        .and(" ")
        .then(Text::record(&shown.id));
    if shown.title != shown.id {
        title = title.and(": ").then(Text::record(&shown.title));
    }
    let mut doc = Document::default();
    doc.group(vec![
        Block::Title(title),
        Block::Paragraph(Text::record(&shown.path)),
    ]);
    doc.group(vec![Block::Preformatted(shown.text.clone())]);

    let mut deadlines = vec![Block::Paragraph(
        Text::strong(format!("Deadlines at {as_of}"))
            .and(format!(" (due soon: within {due_soon})")),
    )];
    if shown.problems > 0 {
        let note = crate::repository::left_out::problems_note(shown.problems, &shown.path);
        deadlines.push(Block::Paragraph(
            Text::ours(format!("{} ", super::left_out::MARKER)).then(Text::record(note)),
        ));
    }
    for l in &shown.left_out {
        let deadline = l.deadline.as_deref().unwrap_or("every deadline");
        deadlines.push(Block::Paragraph(
            Text::record(deadline)
                .and(": not computed: ")
                .then(Text::record(&l.reason)),
        ));
    }
    if shown.deadlines.is_empty() {
        if shown.left_out.is_empty() {
            deadlines.push(none());
        }
    } else {
        deadlines.push(table(
            &["deadline", "due", "state", "when"],
            shown.deadlines.iter().map(deadline_row),
        ));
    }
    doc.group(deadlines);

    for (title, links) in [
        ("Links to", &shown.links.outgoing),
        ("Linked from", &shown.links.incoming),
    ] {
        let heading = Block::Heading(Text::ours(format!("{title} ({})", links.len())), Tone::Bold);
        doc.group(vec![
            heading,
            if links.is_empty() {
                none()
            } else {
                table(&["field", "record", "title"], links.iter().map(link_row))
            },
        ]);
    }

    if let Some(owns) = &shown.owns {
        doc.group(vec![
            Block::Paragraph(
                Text::strong(format!("Owns ({})", owns.len()))
                    .and(": deadlines not yet met, overdue first"),
            ),
            if owns.is_empty() {
                none()
            } else {
                table(
                    &["due", "when", "record", "deadline", "title"],
                    owns.iter().map(|d| {
                        vec![
                            d.due.to_string(),
                            super::overdue::days_text(d.days),
                            format!("{} {}", d.kind, d.id),
                            d.deadline.to_string(),
                            d.title.clone(),
                        ]
                    }),
                )
            },
        ]);
    }
    doc
}

fn none() -> Block {
    Block::Paragraph(Text::ours("None."))
}

/// A table of record text under our column names.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Block {
    Block::Table(Table {
        rows: rows
            .map(|row| row.into_iter().map(Text::record).collect())
            .collect(),
        ..Table::new(header)
    })
}

fn deadline_row(d: &Deadline) -> Vec<String> {
    vec![
        d.deadline.to_string(),
        d.due.to_string(),
        state_text(d.state).to_owned(),
        match (d.state, d.done) {
            // No longer chased: days overdue would say it still is.
            (State::Ended, _) => String::new(),
            (_, Some(done)) => format!("done {done}"),
            (_, None) => super::overdue::days_text(d.days),
        },
    ]
}

fn link_row(link: &Link) -> Vec<String> {
    match (&link.kind, &link.title) {
        (Some(kind), title) => vec![
            link.field.clone(),
            format!("{kind} {}", link.id),
            title.clone().unwrap_or_default(),
        ],
        (None, _) => vec![
            link.field.clone(),
            link.id.clone(),
            "(no record has this id)".to_owned(),
        ],
    }
}

fn state_text(state: State) -> &'static str {
    match state {
        State::Overdue => "overdue",
        State::DueSoon => "due soon",
        State::NotYetDue => "not yet due",
        State::MetOnTime => "met on time",
        State::MetLate => "met late",
        State::Ended => "no longer applies (record cancelled or withdrawn)",
    }
}
