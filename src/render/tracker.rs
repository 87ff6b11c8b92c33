//! The Learning From tracker over the same `Tracker` value: JSON (the serialised model), CSV
//! (one table), and a document every other format writes (the spreadsheet is `render::xlsx`). Formatting only: rows, totals and days overdue come
//! computed from `crate::view::tracker`.

use std::collections::BTreeMap;

use crate::view::tracker::{Row, Totals, Tracker};

use super::document::{self, Align, Block, Document, Register, Table, Text, Tone, Width};

/// The JSON contract of `tracker --format json`: the serialised model under a version.
pub fn json(tracker: &Tracker) -> crate::error::Result<String> {
    super::json::versioned(tracker)
}

/// The CSV and spreadsheet columns.
pub const HEADER: [&str; 17] = [
    "id",
    "title",
    "source_type",
    "source_refs",
    "level",
    "owner",
    "owner_name",
    "team",
    "agreed_forum",
    "agreed_date",
    "due",
    "status",
    "completed",
    "days_overdue",
    "impact_rating",
    "themes",
    "problems",
];

/// The columns `--history` adds, after the others.
pub const HISTORY_HEADER: [&str; 7] = [
    "first_due",
    "due_changes",
    "due_moved_days",
    "due_net_days",
    "last_changed",
    "last_changed_by",
    "last_move_reason",
];

/// A row's history cells, in `HISTORY_HEADER` order (empty without history).
pub fn history_cells(row: &Row) -> Vec<String> {
    let Some(h) = &row.history else {
        return vec![String::new(); HISTORY_HEADER.len()];
    };
    vec![
        text(h.first_due.as_ref()),
        h.due_changes.to_string(),
        h.due_moved_days.to_string(),
        text(h.due_net_days.as_ref()),
        text(h.last_changed.as_ref()),
        text(h.last_changed_by.as_ref()),
        text(h.last_move_reason.as_ref()),
    ]
}

/// The history columns of the table and Markdown: the last change's date without its time.
fn history_short(row: &Row) -> Vec<String> {
    let mut cells = history_cells(row);
    if let Some(date) = cells.get_mut(4) {
        date.truncate(10);
    }
    cells
}

const HISTORY_HEADINGS: [&str; 7] = [
    "first due",
    "due moves",
    "days moved",
    "net days",
    "last changed",
    "by",
    "why moved",
];

fn text<T: ToString>(value: Option<&T>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// A row as the CSV's cells, in `HEADER` order; lists are joined with "; ".
pub fn cells(row: &Row) -> Vec<String> {
    vec![
        row.id.clone(),
        row.title.clone(),
        text(row.source_type.as_ref()),
        row.source_refs.join("; "),
        text(row.level.as_ref()),
        text(row.owner.as_ref()),
        text(row.owner_name.as_ref()),
        text(row.team.as_ref()),
        text(row.agreed_forum.as_ref()),
        text(row.agreed_date.as_ref()),
        text(row.due.as_ref()),
        text(row.status.as_ref()),
        text(row.completed.as_ref()),
        text(row.days_overdue.as_ref()),
        text(row.impact_rating.as_ref()),
        row.themes.join("; "),
        row.problems.to_string(),
    ]
}

/// The tracker as CSV: a row per action, then a row per record (or deadline) left out, with its
/// path and why in the last column, `left_out` (SPEC §7: a spreadsheet names them too).
pub fn csv(tracker: &Tracker, bom: bool) -> crate::error::Result<String> {
    let mut header: Vec<&str> = HEADER.to_vec();
    let mut rows: Vec<Vec<String>> = if tracker.with_history {
        header.extend(HISTORY_HEADER);
        tracker
            .rows
            .iter()
            .map(|r| [cells(r), history_cells(r)].concat())
            .collect()
    } else {
        tracker.rows.iter().map(cells).collect()
    };
    header.push("left_out");
    let width = header.len();
    for row in &mut rows {
        row.push(String::new());
    }
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (id, owner, team) = (column("id"), column("owner"), column("team"));
    rows.extend(tracker.header.left_out.iter().map(|l| {
        let mut row = vec![String::new(); width];
        for (at, value) in [(id, &l.id), (owner, &l.owner), (team, &l.team)] {
            if let (Some(at), Some(value)) = (at, value) {
                row[at] = value.clone();
            }
        }
        row[width - 1] = l.describe();
        row
    }));
    super::csv::render(&header, &rows, bom)
}

/// "Audit AUD-2025-0001, AUD-2025-0002": the source's title, then its records.
fn source(row: &Row) -> String {
    let kind = text(row.titles.source_type.as_ref());
    if row.source_refs.is_empty() {
        kind
    } else {
        format!("{kind} {}", row.source_refs.join(", "))
    }
}

/// "Practice governance board 2025-02-20".
fn agreed(row: &Row) -> String {
    let parts: Vec<String> = [
        text(row.titles.agreed_forum.as_ref()),
        text(row.agreed_date.as_ref()),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    parts.join(" ")
}

fn overdue(row: &Row) -> String {
    match row.days_overdue {
        Some(1) => "1 day".to_owned(),
        Some(days) => format!("{days} days"),
        None => String::new(),
    }
}

/// A row as the document shows it, in its column order (history last, if asked): the id as
/// code in prose, record text as the records' own.
fn shown(tracker: &Tracker, r: &Row, register: Register) -> Vec<Text> {
    let id = match register {
        Register::Terminal => Text::record(&r.id),
        Register::Prose => Text::code(&r.id),
    };
    let mut cells = vec![
        Text::ours(text(r.due.as_ref())),
        document::marked(r.problems, id),
        Text::record(&r.title),
        Text::record(source(r)),
        Text::record(text(r.titles.level.as_ref())),
        Text::record(r.owner_shown().unwrap_or_default()),
        Text::record(text(r.team.as_ref())),
        Text::record(agreed(r)),
        Text::record(text(r.titles.status.as_ref())),
        Text::ours(text(r.completed.as_ref())),
        Text::ours(overdue(r)),
        Text::record(text(r.titles.impact_rating.as_ref())),
    ];
    if tracker.with_history {
        cells.extend(history_short(r).into_iter().map(Text::record));
    }
    cells
}

/// The lines every document opens with, after its title: the resolved period, the filters,
/// and what was left out.
fn preamble(tracker: &Tracker) -> Vec<Text> {
    let mut lines = vec![Text::ours(match tracker.header.period() {
        Some(p) => format!("Period: {p}"),
        None => "Period: all actions (no --period)".to_owned(),
    })];
    let f = &tracker.filters;
    let filters: Vec<Text> = [
        ("status", &f.status),
        ("owner", &f.owner),
        ("theme", &f.theme),
        ("source", &f.source),
    ]
    .into_iter()
    .filter_map(|(name, value)| {
        value
            .as_ref()
            .map(|v| Text::ours(format!("{name} ")).then(Text::record(v)))
    })
    .collect();
    if let Some((first, rest)) = filters.split_first() {
        let line = rest
            .iter()
            .fold(Text::ours("Filters: ").then(first.clone()), |line, f| {
                line.and(", ").then(f.clone())
            });
        lines.push(line);
    }
    let left_out = super::left_out::block(&tracker.header.left_out);
    lines.extend(left_out.iter().map(|l| Text::record(l.trim_start())));
    lines
}

/// The tracker as a document: the title and preamble, the table, the footnotes on records
/// with problems, then the totals by group.
pub fn document(tracker: &Tracker, register: Register) -> Document {
    let terminal = register == Register::Terminal;
    let t = &tracker.totals;
    let first = format!(
        "{} {}, {} overdue, at {}",
        t.actions,
        if t.actions == 1 { "action" } else { "actions" },
        t.overdue,
        tracker.header.as_of
    );
    let mut doc = Document {
        marking: tracker.header.marking.clone(),
        ..Document::default()
    };
    let preamble = preamble(tracker).into_iter().map(Block::Paragraph);
    if terminal {
        let mut head = vec![Block::Title(Text::ours(format!(
            "Learning From tracker: {first}"
        )))];
        head.extend(preamble);
        doc.group(head);
    } else {
        doc.group(vec![Block::Title(Text::ours("Learning From tracker"))]);
        doc.group(vec![Block::Paragraph(Text::ours(first))]);
        preamble.for_each(|p| doc.group(vec![p]));
    }
    if tracker.rows.is_empty() {
        doc.group(vec![Block::Paragraph(Text::ours("No actions match."))]);
        return doc;
    }
    let mut header = if terminal {
        HEADINGS.to_vec()
    } else {
        TITLES.to_vec()
    };
    let mut align = vec![Align::Left; header.len()];
    if tracker.with_history {
        header.extend(if terminal {
            HISTORY_HEADINGS
        } else {
            HISTORY_TITLES
        });
        align.extend([
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Left,
        ]);
    }
    doc.group(vec![Block::Table(Table {
        caption: Some("Learning From actions".to_owned()),
        // At a narrow terminal: agreed, level, impact, completed, source, team, then the
        // history columns (last changed first), then owner make way; due, id, title,
        // status and overdue stay.
        width: Width::Flexible([7, 4, 11, 9, 3, 6, 17, 16, 15, 14, 13, 12, 5].to_vec()),
        align,
        rows: tracker
            .rows
            .iter()
            .map(|r| shown(tracker, r, register))
            .collect(),
        ..Table::new(&header)
    })]);
    let notes = document::footnotes(
        tracker
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.path.as_str(), r.problems)),
    );
    if !notes.is_empty() {
        doc.group(vec![Block::List(notes)]);
    }
    let totals = Block::Heading(Text::ours("Totals"), Tone::Bold);
    if terminal {
        let mut blocks = vec![totals];
        for (name, counts) in groups(t) {
            let mut list: Vec<Text> = counts
                .iter()
                .map(|(k, n)| Text::record(k).and(format!(" {n}")))
                .collect();
            if name == "theme" && t.without_theme > 0 {
                list.push(Text::ours(format!("no theme {}", t.without_theme)));
            }
            let line = list
                .into_iter()
                .enumerate()
                .fold(Text::ours(format!("  by {name:<7} ")), |line, (i, item)| {
                    if i == 0 { line } else { line.and(", ") }.then(item)
                });
            blocks.push(Block::Paragraph(line));
        }
        doc.group(blocks);
    } else {
        doc.group(vec![totals]);
        for (name, counts) in groups(t) {
            let mut heading = name.to_owned();
            heading[..1].make_ascii_uppercase();
            let mut rows: Vec<Vec<Text>> = counts
                .iter()
                .map(|(key, n)| vec![Text::record(key), Text::ours(n.to_string())])
                .collect();
            if name == "theme" && t.without_theme > 0 {
                rows.push(vec![
                    Text::ours("(no theme)"),
                    Text::ours(t.without_theme.to_string()),
                ]);
            }
            doc.group(vec![Block::Table(Table {
                caption: Some(format!("Actions by {name}")),
                align: vec![Align::Left, Align::Right],
                rows,
                row_headers: true,
                ..Table::new(&[&heading, "Actions"])
            })]);
        }
    }
    doc
}

/// The table's columns at a terminal, and in prose.
const HEADINGS: [&str; 12] = [
    "due",
    "id",
    "title",
    "source",
    "level",
    "owner",
    "team",
    "agreed",
    "status",
    "completed",
    "overdue",
    "impact",
];
const TITLES: [&str; 12] = [
    "Due",
    "Id",
    "Title",
    "Source",
    "Level",
    "Owner",
    "Team",
    "Agreed",
    "Status",
    "Completed",
    "Overdue",
    "Impact",
];
const HISTORY_TITLES: [&str; 7] = [
    "First due",
    "Due moves",
    "Days moved",
    "Net days",
    "Last changed",
    "By",
    "Why moved",
];

/// The totals groups, with their headings, in display order.
pub(super) fn groups(totals: &Totals) -> [(&'static str, &BTreeMap<String, usize>); 4] {
    [
        ("status", &totals.by_status),
        ("source", &totals.by_source),
        ("level", &totals.by_level),
        ("theme", &totals.by_theme),
    ]
}
