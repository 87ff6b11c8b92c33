//! The overdue list: table, JSON, CSV and Markdown over the same `Deadline` values.

use serde::Serialize;

use crate::compute::deadline::{Deadline, State};
use crate::repository::left_out::{self, LeftOut};

use super::markdown;

/// The JSON contract of `overdue --format json` (SPEC §8), versioned like `check`'s.
#[derive(Serialize)]
struct OverdueJson<'a> {
    schema_version: u32,
    as_of: String,
    /// How many record files were left out in whole or part (kept a number for schema_version
    /// 1 scripts; `excluded_records` names them).
    excluded: usize,
    /// Each record, or deadline of one, left out: path, id, deadline, owner, reason.
    excluded_records: &'a [LeftOut],
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
    /// Problems the record has (0: none): run `qaledger check PATH`.
    problems: u32,
}

pub fn json(
    items: &[Deadline],
    as_of: jiff::civil::Date,
    excluded: &[LeftOut],
    marking: Option<&str>,
) -> crate::error::Result<String> {
    let report = OverdueJson {
        schema_version: super::json::SCHEMA_VERSION,
        as_of: as_of.to_string(),
        excluded: left_out::files(excluded),
        excluded_records: excluded,
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
                problems: d.problems,
            })
            .collect(),
    };
    super::json::pretty(&report)
}

const HEADER: [&str; 11] = [
    "due", "days", "kind", "id", "deadline", "owner", "team", "title", "path", "problems",
    "left_out",
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
        l.path.clone(),
        String::new(),
        l.reason.clone(),
    ]
}

pub fn csv(items: &[Deadline], excluded: &[LeftOut], bom: bool) -> crate::error::Result<String> {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(row)
        .chain(excluded.iter().map(left_out_row))
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

/// SPEC §7: the output's header names the records left out, by path.
fn excluded_lines(excluded: &[LeftOut]) -> String {
    let block = super::left_out::block(excluded);
    if block.is_empty() {
        return String::new();
    }
    format!("{}\n\n", block.join("\n"))
}

/// `! ACT-…` for an item of a record with problems (see the footnotes).
fn marked(d: &Deadline, text: String) -> String {
    super::left_out::marked(d.problems, text)
}

/// Each item's record, for the footnotes on records with problems.
fn problem_items(items: &[Deadline]) -> impl Iterator<Item = (&str, &str, u32)> {
    items
        .iter()
        .map(|d| (d.id.as_str(), d.path.as_str(), d.problems))
}

fn footnotes(items: &[Deadline]) -> Vec<String> {
    super::left_out::footnotes(problem_items(items))
}

/// For a person at a terminal: overdue first, then due soon, each a table.
pub fn table(items: &[Deadline], as_of: jiff::civil::Date, excluded: &[LeftOut]) -> String {
    let mut out = excluded_lines(excluded);
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
                    marked(d, format!("{} {}", d.kind, d.id)),
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
    let notes = footnotes(items);
    if !notes.is_empty() {
        out.push_str(&format!("{}\n\n", notes.join("\n")));
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
    excluded: &[LeftOut],
    marking: Option<&str>,
) -> String {
    let mut out = format!("# Overdue and due soon at {as_of}\n\n");
    if let Some(sentence) = super::left_out::sentence(excluded) {
        // Our own words, with their code span; each entry holds record text, escaped.
        out.push_str(&sentence);
        out.push_str("\n\n");
        for l in excluded {
            out.push_str(&format!("- {}\n", markdown::text(&l.describe())));
        }
        out.push('\n');
    }
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
                marked(d, markdown::code(&d.id)),
                markdown::text(&d.deadline),
                markdown::text(&d.title)
            ));
        }
        out.push('\n');
    }
    let notes = super::left_out::markdown_footnotes(problem_items(items));
    if !notes.is_empty() {
        out.push_str(&notes);
        out.push('\n');
    }
    if items.is_empty() {
        out.push_str("Nothing overdue.\n");
    }
    super::marking::markdown(marking, out)
}
