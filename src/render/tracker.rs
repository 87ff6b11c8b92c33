//! The Learning From tracker: table, JSON, CSV and Markdown over the same `Tracker` value
//! (the spreadsheet is `render::xlsx`). Formatting only: rows, totals and days overdue come
//! computed from `crate::view::tracker`.

use std::collections::BTreeMap;

use crate::view::tracker::{Row, Totals, Tracker};

use super::markdown;

/// The JSON contract of `tracker --format json`: the serialised model under a version.
pub fn json(tracker: &Tracker) -> crate::error::Result<String> {
    super::json::versioned(tracker)
}

/// The CSV and spreadsheet columns.
pub const HEADER: [&str; 16] = [
    "id",
    "title",
    "source_type",
    "source_refs",
    "level",
    "owner",
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
    rows.extend(tracker.excluded_records.iter().map(|l| {
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

/// "audit AUD-2025-0001, AUD-2025-0002".
fn source(row: &Row) -> String {
    let kind = text(row.source_type.as_ref());
    if row.source_refs.is_empty() {
        kind
    } else {
        format!("{kind} {}", row.source_refs.join(", "))
    }
}

/// "practice-governance-board 2025-02-20".
fn agreed(row: &Row) -> String {
    let parts: Vec<String> = [
        text(row.agreed_forum.as_ref()),
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

/// A row as the table and Markdown show it, in their column order (history last, if asked);
/// `free` is applied to the cells that hold record text (Markdown escapes them), `id` to the id.
fn shown(
    tracker: &Tracker,
    r: &Row,
    free: fn(&str) -> String,
    id: fn(&str) -> String,
) -> Vec<String> {
    let mut cells = vec![
        text(r.due.as_ref()),
        super::left_out::marked(r.problems, id(&r.id)),
        free(&r.title),
        free(&source(r)),
        free(&text(r.level.as_ref())),
        free(&text(r.owner.as_ref())),
        free(&text(r.team.as_ref())),
        free(&agreed(r)),
        free(&text(r.status.as_ref())),
        text(r.completed.as_ref()),
        overdue(r),
        free(&text(r.impact_rating.as_ref())),
    ];
    if tracker.with_history {
        cells.extend(history_short(r).iter().map(|c| free(c)));
    }
    cells
}

/// The lines every human-readable form opens with: as-of, the resolved period, the filters
/// (`free` applied to the values given), and how many records were left out.
fn preamble(tracker: &Tracker, free: fn(&str) -> String) -> Vec<String> {
    let t = &tracker.totals;
    let mut lines = vec![
        format!(
            "{} {}, {} overdue, at {}",
            t.actions,
            if t.actions == 1 { "action" } else { "actions" },
            t.overdue,
            tracker.as_of
        ),
        match &tracker.period {
            Some(p) => format!("Period: {p}"),
            None => "Period: all actions (no --period)".to_owned(),
        },
    ];
    let f = &tracker.filters;
    let filters: Vec<String> = [
        ("status", &f.status),
        ("owner", &f.owner),
        ("theme", &f.theme),
        ("source", &f.source),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name} {}", free(v))))
    .collect();
    if !filters.is_empty() {
        lines.push(format!("Filters: {}", filters.join(", ")));
    }
    let left_out = super::left_out::block(&tracker.excluded_records);
    lines.extend(left_out.iter().map(|l| free(l.trim_start())));
    lines
}

/// "! ID: this record has N YAML or schema problems — run …", one per row of a record with problems.
fn footnotes(tracker: &Tracker) -> Vec<String> {
    super::left_out::footnotes(problem_rows(tracker))
}

/// Each row's record, for the footnotes on records with problems.
fn problem_rows(tracker: &Tracker) -> impl Iterator<Item = (&str, &str, u32)> {
    tracker
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.path.as_str(), r.problems))
}

/// The totals groups, with their headings, in display order.
pub(super) fn groups(totals: &Totals) -> [(&'static str, &BTreeMap<String, usize>); 4] {
    [
        ("status", &totals.by_status),
        ("source", &totals.by_source),
        ("level", &totals.by_level),
        ("theme", &totals.by_theme),
    ]
}

/// Record text at a terminal (`visible::inline`), as the table's `free`.
fn shown_inline(text: &str) -> String {
    super::visible::inline(text).into_owned()
}

/// For a person at a terminal: a heading, the table, then the totals one line per group.
pub fn table(tracker: &Tracker) -> String {
    let bold = anstyle::Style::new().bold();
    let mut lines = preamble(tracker, shown_inline);
    let first = lines.remove(0);
    let mut out = format!("{bold}Learning From tracker: {first}{bold:#}\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    if tracker.rows.is_empty() {
        out.push_str("\nNo actions match.\n");
        return out;
    }
    let rows: Vec<Vec<String>> = tracker
        .rows
        .iter()
        .map(|r| shown(tracker, r, shown_inline, shown_inline))
        .collect();
    out.push('\n');
    let mut header = vec![
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
    if tracker.with_history {
        header.extend(HISTORY_HEADINGS);
    }
    out.push_str(&super::table::render(&header, &rows));
    out.push_str("\n\n");
    let notes = footnotes(tracker);
    if !notes.is_empty() {
        out.push_str(&format!("{}\n\n", notes.join("\n")));
    }
    out.push_str(&format!("{bold}Totals{bold:#}\n"));
    for (name, counts) in groups(&tracker.totals) {
        let mut list: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{} {n}", shown_inline(k)))
            .collect();
        if name == "theme" && tracker.totals.without_theme > 0 {
            list.push(format!("no theme {}", tracker.totals.without_theme));
        }
        out.push_str(&format!("  by {name:<7} {}\n", list.join(", ")));
    }
    out
}

/// For a board paper, a pull-request comment or a step summary; the marking on its first and
/// last lines.
pub fn markdown(tracker: &Tracker) -> String {
    super::marking::markdown(tracker.marking.as_deref(), markdown_body(tracker))
}

fn markdown_body(tracker: &Tracker) -> String {
    let mut lines = preamble(tracker, markdown::text);
    let first = lines.remove(0);
    let mut out = format!("# Learning From tracker\n\n{first}\n");
    for line in lines {
        out.push_str(&format!("\n{line}\n"));
    }
    out.push('\n');
    if tracker.rows.is_empty() {
        out.push_str("No actions match.\n");
        return out;
    }
    out.push_str(
        "| Due | Id | Title | Source | Level | Owner | Team | Agreed | Status | Completed | Overdue | Impact |",
    );
    if tracker.with_history {
        out.push_str(" First due | Due moves | Days moved | Net days | Last changed | By |");
    }
    out.push_str("\n|---|---|---|---|---|---|---|---|---|---|---|---|");
    if tracker.with_history {
        out.push_str("---|---:|---:|---:|---|---|");
    }
    out.push('\n');
    for r in &tracker.rows {
        let cells = shown(tracker, r, markdown::text, markdown::code);
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    let notes = super::left_out::markdown_footnotes(problem_rows(tracker));
    if !notes.is_empty() {
        out.push('\n');
        out.push_str(&notes);
    }
    out.push_str("\n## Totals\n");
    for (name, counts) in groups(&tracker.totals) {
        let mut heading = name.to_owned();
        heading[..1].make_ascii_uppercase();
        out.push_str(&format!("\n| {heading} | Actions |\n|---|---:|\n"));
        for (key, n) in counts {
            out.push_str(&format!("| {} | {n} |\n", markdown::text(key)));
        }
        if name == "theme" && tracker.totals.without_theme > 0 {
            out.push_str(&format!(
                "| (no theme) | {} |\n",
                tracker.totals.without_theme
            ));
        }
    }
    out
}
