//! `show ID`: one record for a person (its text, then tables of deadlines, links and what a
//! member of staff owns) or as JSON (the `Shown` model in a versioned envelope).
//!
//! Lays out what `show::compute` assembled; decides nothing.

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{Deadline, State};
use crate::time::duration::Duration;
use crate::view::links::Link;
use crate::view::show::Shown;

use super::visible;

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

/// For a person at a terminal. Record text is shown through `visible` (tables do it
/// themselves), so it cannot act on the terminal.
pub fn human(shown: &Shown, as_of: Date, due_soon: Duration) -> String {
    let heading = anstyle::Style::new().bold();
    let (kind, id) = (visible::inline(&shown.kind), visible::inline(&shown.id));
    let path = visible::inline(&shown.path);
    let mut out = if shown.title == shown.id {
        format!("{heading}{kind} {id}{heading:#}\n")
    } else {
        let title = visible::inline(&shown.title);
        format!("{heading}{kind} {id}: {title}{heading:#}\n")
    };
    out.push_str(&path);
    out.push_str("\n\n");
    let text = visible::block(&shown.text);
    out.push_str(&text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');

    out.push_str(&format!(
        "{heading}Deadlines at {as_of}{heading:#} (due soon: within {due_soon})\n"
    ));
    if shown.problems > 0 {
        let note = crate::repository::left_out::problems_note(shown.problems, &shown.path);
        out.push_str(&format!(
            "{} {}\n",
            super::left_out::MARKER,
            super::visible::inline(&note)
        ));
    }
    for l in &shown.left_out {
        let deadline = l.deadline.as_deref().unwrap_or("every deadline");
        out.push_str(&format!(
            "{}: not computed: {}\n",
            super::visible::inline(deadline),
            super::visible::inline(&l.reason)
        ));
    }
    if shown.deadlines.is_empty() {
        if shown.left_out.is_empty() {
            out.push_str("None.\n");
        }
    } else {
        let rows: Vec<Vec<String>> = shown.deadlines.iter().map(deadline_row).collect();
        out.push_str(&super::table::render(
            &["deadline", "due", "state", "when"],
            &rows,
        ));
        out.push('\n');
    }

    for (title, links) in [
        ("Links to", &shown.links.outgoing),
        ("Linked from", &shown.links.incoming),
    ] {
        out.push('\n');
        out.push_str(&format!("{heading}{title} ({}){heading:#}\n", links.len()));
        if links.is_empty() {
            out.push_str("None.\n");
        } else {
            let rows: Vec<Vec<String>> = links.iter().map(link_row).collect();
            out.push_str(&super::table::render(&["field", "record", "title"], &rows));
            out.push('\n');
        }
    }

    if let Some(owns) = &shown.owns {
        out.push('\n');
        out.push_str(&format!(
            "{heading}Owns ({}){heading:#}: deadlines not yet met, overdue first\n",
            owns.len()
        ));
        if owns.is_empty() {
            out.push_str("None.\n");
        } else {
            let rows: Vec<Vec<String>> = owns
                .iter()
                .map(|d| {
                    vec![
                        d.due.to_string(),
                        super::overdue::days_text(d.days),
                        format!("{} {}", d.kind, d.id),
                        d.deadline.clone(),
                        d.title.clone(),
                    ]
                })
                .collect();
            out.push_str(&super::table::render(
                &["due", "when", "record", "deadline", "title"],
                &rows,
            ));
            out.push('\n');
        }
    }
    out
}

fn deadline_row(d: &Deadline) -> Vec<String> {
    vec![
        d.deadline.clone(),
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
