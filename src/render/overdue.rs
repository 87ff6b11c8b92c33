//! The overdue list over the same `Deadline` values: JSON (the serialised list), CSV (one
//! table, with what was left out as rows) and a document every other format writes.

use crate::compute::deadline::{Deadline, State};
use crate::repository::left_out::LeftOut;
use crate::view::overdue::OverdueList;

use super::document::{self, Block, Document, Register, Table, Text, Tone, Width};

/// The JSON contract of `overdue --format json` (SPEC §8): the serialised list, versioned.
pub fn json(list: &OverdueList) -> crate::error::Result<String> {
    super::json::versioned(list)
}

const HEADER: [&str; 12] = [
    "due",
    "days",
    "kind",
    "id",
    "deadline",
    "owner",
    "owner_name",
    "team",
    "title",
    "path",
    "problems",
    "left_out",
];

fn row(d: &Deadline) -> Vec<String> {
    vec![
        d.due.to_string(),
        d.days.to_string(),
        d.kind.to_string(),
        d.id.to_string(),
        d.deadline.to_string(),
        d.owner.as_deref().unwrap_or_default().to_owned(),
        d.owner_name.as_deref().unwrap_or_default().to_owned(),
        d.team.as_deref().unwrap_or_default().to_owned(),
        d.title.clone(),
        d.path.clone(),
        d.problems.to_string(),
        String::new(),
    ]
}

/// A record or deadline left out: a row with no due date and why in `left_out`, so a
/// spreadsheet shows it too.
fn left_out_row(l: &LeftOut) -> Vec<String> {
    vec![
        String::new(),
        String::new(),
        String::new(),
        l.id.clone().unwrap_or_default(),
        l.deadline.clone().unwrap_or_default(),
        l.owner.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        l.path.clone(),
        String::new(),
        l.reason.clone(),
    ]
}

pub fn csv(list: &OverdueList, bom: bool) -> crate::error::Result<String> {
    let rows: Vec<Vec<String>> = list
        .items
        .iter()
        .map(row)
        .chain(list.header.left_out.iter().map(left_out_row))
        .collect();
    super::csv::render(&HEADER, &rows, bom)
}

/// "12 days overdue", "due today", "3 days left".
pub fn days_text(days: i64) -> String {
    match days {
        0 => "due today".to_owned(),
        1 => "1 day overdue".to_owned(),
        -1 => "1 day left".to_owned(),
        d if d > 0 => format!("{d} days overdue"),
        d => format!("{} days left", -d),
    }
}

fn sections(items: &[Deadline]) -> [(&'static str, Tone, Vec<&Deadline>); 2] {
    [
        (
            "Overdue",
            Tone::Alert,
            items.iter().filter(|d| d.state == State::Overdue).collect(),
        ),
        (
            "Due soon",
            Tone::Caution,
            items.iter().filter(|d| d.state == State::DueSoon).collect(),
        ),
    ]
}

/// The list as a document: what was left out (SPEC §7: by path), overdue first, then due
/// soon, each a table, then the footnotes on records with problems.
pub fn document(list: &OverdueList, register: Register) -> Document {
    let (items, as_of, excluded) = (&list.items, list.header.as_of, &list.header.left_out);
    let terminal = register == Register::Terminal;
    let mut doc = Document {
        marking: list.header.marking.clone(),
        // A blank line has always followed the tables.
        trailing_blank: !items.is_empty(),
        ..Document::default()
    };
    if !terminal {
        doc.group(vec![Block::Title(Text::ours(format!(
            "Overdue and due soon at {as_of}"
        )))]);
    }
    let entries = || {
        excluded
            .iter()
            .map(|l| Text::record(l.describe()))
            .collect()
    };
    if let Some(sentence) = super::left_out::sentence(excluded) {
        if terminal {
            doc.group(vec![Block::Warning {
                headline: Text::ours(sentence),
                items: entries(),
                tone: Tone::Plain,
            }]);
        } else {
            doc.group(vec![Block::Paragraph(Text::ours(sentence))]);
            doc.group(vec![Block::List(entries())]);
        }
    }
    for (heading, tone, group) in sections(items) {
        if group.is_empty() {
            continue;
        }
        let heading = if terminal {
            format!("{heading} ({}) at {as_of}", group.len())
        } else {
            format!("{heading} ({})", group.len())
        };
        let header = if terminal {
            [
                "due", "when", "owner", "team", "record", "deadline", "title",
            ]
        } else {
            [
                "Due", "When", "Owner", "Team", "Record", "Deadline", "Title",
            ]
        };
        let rows = group
            .iter()
            .map(|d| {
                let record = if terminal {
                    Text::record(format!("{} {}", d.kind, d.id))
                } else {
                    Text::code(d.id.as_str())
                };
                vec![
                    Text::ours(d.due.to_string()),
                    Text::ours(days_text(d.days)),
                    Text::record(d.owner_shown().unwrap_or("—")),
                    Text::record(d.team.as_deref().unwrap_or("")),
                    document::marked(d.problems, record),
                    Text::record(d.deadline.as_str()),
                    Text::record(&d.title),
                ]
            })
            .collect();
        let table = Block::Table(Table {
            rows,
            // At a narrow terminal: team, then deadline, then owner make way.
            width: Width::Flexible(vec![3, 5, 2]),
            ..Table::new(&header)
        });
        let heading = Block::Heading(Text::ours(heading), tone);
        if terminal {
            doc.group(vec![heading, table]);
        } else {
            doc.group(vec![heading]);
            doc.group(vec![table]);
        }
    }
    let notes = document::footnotes(
        items
            .iter()
            .map(|d| (d.id.as_str(), d.path.as_str(), d.problems)),
    );
    if !notes.is_empty() {
        doc.group(vec![Block::List(notes)]);
    }
    if items.is_empty() {
        doc.group(vec![Block::Paragraph(Text::ours(if terminal {
            format!("Nothing overdue at {as_of}.")
        } else {
            "Nothing overdue.".to_owned()
        }))]);
    }
    doc
}
