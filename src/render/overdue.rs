//! The overdue list: table, JSON, CSV and Markdown over the same `Deadline` values.

use serde::Serialize;

use crate::deadline::{Deadline, State};

use super::markdown;

/// The JSON contract of `overdue --format json` (SPEC §8), versioned like `check`'s.
#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    as_of: String,
    /// Records left out because they fail their schema.
    excluded: usize,
    /// The protective marking (`[organisation] marking`), when one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    marking: Option<&'a str>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    kind: &'a str,
    id: &'a str,
    deadline: &'a str,
    due: String,
    state: State,
    days: i64,
    owner: Option<&'a str>,
    team: Option<&'a str>,
    title: &'a str,
    path: &'a str,
}

pub fn json(
    items: &[Deadline],
    as_of: jiff::civil::Date,
    excluded: usize,
    marking: Option<&str>,
) -> String {
    let report = Report {
        schema_version: super::json::SCHEMA_VERSION,
        as_of: as_of.to_string(),
        excluded,
        marking,
        items: items
            .iter()
            .map(|d| Item {
                kind: &d.kind,
                id: &d.id,
                deadline: &d.deadline,
                due: d.due.to_string(),
                state: d.state,
                days: d.days,
                owner: d.owner.as_deref(),
                team: d.team.as_deref(),
                title: &d.title,
                path: &d.path,
            })
            .collect(),
    };
    super::json::pretty(&report)
}

const HEADER: [&str; 9] = [
    "due", "days", "kind", "id", "deadline", "owner", "team", "title", "path",
];

fn row(d: &Deadline) -> Vec<String> {
    vec![
        d.due.to_string(),
        d.days.to_string(),
        d.kind.clone(),
        d.id.clone(),
        d.deadline.clone(),
        d.owner.clone().unwrap_or_default(),
        d.team.clone().unwrap_or_default(),
        d.title.clone(),
        d.path.clone(),
    ]
}

pub fn csv(items: &[Deadline], bom: bool) -> String {
    let rows: Vec<Vec<String>> = items.iter().map(row).collect();
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

fn sections(items: &[Deadline]) -> [(&'static str, Vec<&Deadline>); 2] {
    [
        (
            "Overdue",
            items.iter().filter(|d| d.state == State::Overdue).collect(),
        ),
        (
            "Due soon",
            items.iter().filter(|d| d.state == State::DueSoon).collect(),
        ),
    ]
}

/// SPEC §7: the output's header says how many invalid records were left out.
fn excluded_line(excluded: usize) -> String {
    super::left_out::sentence(excluded)
        .map(|sentence| format!("{sentence}\n\n"))
        .unwrap_or_default()
}

/// For a person at a terminal: overdue first, then due soon, each a table.
pub fn table(items: &[Deadline], as_of: jiff::civil::Date, excluded: usize) -> String {
    let mut out = excluded_line(excluded);
    for (heading, group) in sections(items) {
        if group.is_empty() {
            continue;
        }
        let style = if heading == "Overdue" {
            anstyle::AnsiColor::Red.on_default().bold()
        } else {
            anstyle::AnsiColor::Yellow.on_default().bold()
        };
        out.push_str(&format!(
            "{style}{heading} ({}) at {as_of}{style:#}\n",
            group.len()
        ));
        let rows: Vec<Vec<String>> = group
            .iter()
            .map(|d| {
                vec![
                    d.due.to_string(),
                    days_text(d.days),
                    d.owner.clone().unwrap_or_else(|| "—".to_owned()),
                    d.team.clone().unwrap_or_default(),
                    format!("{} {}", d.kind, d.id),
                    d.deadline.clone(),
                    d.title.clone(),
                ]
            })
            .collect();
        out.push_str(&super::table::render(
            &[
                "due", "when", "owner", "team", "record", "deadline", "title",
            ],
            &rows,
        ));
        out.push_str("\n\n");
    }
    if items.is_empty() {
        out.push_str(&format!("Nothing overdue at {as_of}.\n"));
    }
    out
}

/// For a pull-request comment or a step summary; the marking on its first and last lines.
pub fn markdown(
    items: &[Deadline],
    as_of: jiff::civil::Date,
    excluded: usize,
    marking: Option<&str>,
) -> String {
    let mut out = format!(
        "# Overdue and due soon at {as_of}\n\n{}",
        excluded_line(excluded)
    );
    for (heading, group) in sections(items) {
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("## {heading} ({})\n\n", group.len()));
        out.push_str("| Due | When | Owner | Team | Record | Deadline | Title |\n|---|---|---|---|---|---|---|\n");
        for d in group {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                d.due,
                days_text(d.days),
                markdown::text(d.owner.as_deref().unwrap_or("—")),
                markdown::text(d.team.as_deref().unwrap_or("")),
                markdown::code(&d.id),
                markdown::text(&d.deadline),
                markdown::text(&d.title)
            ));
        }
        out.push('\n');
    }
    if items.is_empty() {
        out.push_str("Nothing overdue.\n");
    }
    super::marking::markdown(marking, out)
}
