//! The derived tables: what qaledger computes rather than what a record says. `deadlines` is the
//! deadline engine's output (as `overdue` and the summary read it), `actions_sources` the links
//! between actions and the records they came from, `supervision_compliance` each staff member's
//! standing at as-of (as the summary counts it, through `summary::staff_supervision`).

use std::collections::BTreeMap;

use super::{Column, Stamp, Table, Text, Values, derived_column, rows_of};
use crate::compute::deadline::{Computed, State};
use crate::history::slippage::RowHistory;
use crate::record::Record;
use crate::repository::Repository;
use crate::view::summary::staff_supervision;

/// The action kind, whose links `actions_sources` lists.
const ACTION: &str = "action";

fn text_column(name: &str, description: &str, values: Vec<Option<String>>) -> Column {
    derived_column(name, description, Values::Text(values))
}

/// One row per deadline at as-of (ended records' deadlines left out, as every view does), in the
/// engine's order: due date, id, deadline.
pub(super) fn deadlines(stamp: &Stamp<'_>, computed: &Computed, text: Text) -> Table {
    let shown: Vec<_> = computed
        .deadlines
        .iter()
        .filter(|d| d.state != State::Ended)
        .collect();
    let mut columns = stamp.columns(shown.len());
    let owned = |f: &dyn Fn(&crate::compute::deadline::Deadline) -> Option<String>| {
        shown.iter().map(|d| f(d)).collect::<Vec<_>>()
    };
    columns.extend([
        text_column("kind", "The record's kind.", owned(&|d| Some(d.kind.to_string()))),
        text_column("id", "The record's id.", owned(&|d| Some(d.id.to_string()))),
        text_column(
            "deadline",
            "The deadline's name in its kind's schema (`response`, `supervision`, `impact-review`).",
            owned(&|d| Some(d.deadline.to_string())),
        ),
        derived_column(
            "due",
            "The date it falls due.",
            Values::Date(shown.iter().map(|d| Some(d.due)).collect()),
        ),
        derived_column(
            "done",
            "The date it was met, when met on or before as-of.",
            Values::Date(shown.iter().map(|d| d.done).collect()),
        ),
        text_column(
            "state",
            "At as-of: overdue, due-soon (within `[timescales] due_soon`), not-yet-due, met-on-time or met-late.",
            owned(&|d| Some(d.state.name().to_owned())),
        ),
        derived_column(
            "days",
            "Positive: days overdue at as-of; zero or negative: days left (calendar days).",
            Values::Int(shown.iter().map(|d| Some(d.days)).collect()),
        ),
        text_column("owner", "The owner's staff id.", owned(&|d| d.owner.as_deref().map(str::to_owned))),
        text_column("team", "The record's team.", owned(&|d| d.team.as_deref().map(str::to_owned))),
        derived_column(
            "problems",
            "How many problems the record's schema finds (0: none); its deadline is still computed from the fields that are usable.",
            Values::Int(shown.iter().map(|d| Some(i64::from(d.problems))).collect()),
        ),
    ]);
    if text == Text::Included {
        columns.push(text_column(
            "title",
            "The record's title (its schema's title fields), as the views show it.",
            owned(&|d| Some(d.title.clone())),
        ));
    }
    Table {
        name: "deadlines".to_owned(),
        description: "One row per deadline of every record, as the deadline engine computes it at as-of (what `overdue` lists and the summary's timeliness rates count).".to_owned(),
        rows: rows_of(&columns),
        columns,
    }
}

/// How an action and a source record name each other.
#[derive(Default)]
struct Link {
    source_kind: Option<String>,
    by_action: bool,
    by_source: bool,
}

/// One row per action and record it came from, named by either side (the action's reference
/// fields, or the source's fields referring to actions), by action id then source id.
pub(super) fn actions_sources(repo: &Repository, stamp: &Stamp<'_>) -> Table {
    let mut links: BTreeMap<(String, String), Link> = BTreeMap::new();
    let kind_name = |record: &Record| repo.schemas.get(record.kind).spec.kind.clone();
    let kind_of_id = |id: &str| {
        // The kind of the record that holds the id, when exactly one does.
        match repo.index.get(id) {
            [only] => repo.records.get(*only).map(kind_name),
            _ => None,
        }
    };
    for record in &repo.records {
        let spec = &repo.schemas.get(record.kind).spec;
        let is_action = spec.kind == ACTION;
        for reference in &spec.references {
            let names_actions = reference.kinds.iter().any(|k| k == ACTION);
            for leaf in record.fields.values(&reference.field) {
                let Some(other) = leaf.as_str() else {
                    continue;
                };
                if is_action {
                    let Some(source_kind) = kind_of_id(other).filter(|k| k != ACTION) else {
                        continue;
                    };
                    // Staff and other roster kinds are owners, not sources.
                    if repo
                        .schemas
                        .by_name(&source_kind)
                        .is_some_and(|k| repo.schemas.get(k).spec.roster)
                    {
                        continue;
                    }
                    let link = links
                        .entry((record.id.clone(), other.to_owned()))
                        .or_default();
                    link.source_kind = Some(source_kind);
                    link.by_action = true;
                } else if names_actions {
                    let link = links
                        .entry((other.to_owned(), record.id.clone()))
                        .or_default();
                    link.source_kind = Some(spec.kind.clone());
                    link.by_source = true;
                }
            }
        }
    }
    let rows = links.len();
    let mut columns = stamp.columns(rows);
    let keys =
        |f: fn(&(String, String)) -> &String| links.keys().map(|k| Some(f(k).clone())).collect();
    columns.extend([
        text_column("action_id", "The action's id.", keys(|k| &k.0)),
        text_column(
            "source_id",
            "The id of the record the learning came from.",
            keys(|k| &k.1),
        ),
        text_column(
            "source_kind",
            "The source record's kind.",
            links.values().map(|l| l.source_kind.clone()).collect(),
        ),
        derived_column(
            "named_by_action",
            "The action names the source (its `source.refs`).",
            Values::Bool(links.values().map(|l| Some(l.by_action)).collect()),
        ),
        derived_column(
            "named_by_source",
            "The source names the action (its `actions` or `learning_form.actions`).",
            Values::Bool(links.values().map(|l| Some(l.by_source)).collect()),
        ),
    ]);
    Table {
        name: "actions_sources".to_owned(),
        description: "One row per action and a record it came from (an audit, complaint or review), named by either side.".to_owned(),
        rows: rows_of(&columns),
        columns,
    }
}

/// The action records, in record order.
pub(super) fn actions(repo: &Repository) -> impl Iterator<Item = &Record> {
    let kind = repo.schemas.by_name(ACTION);
    repo.records.iter().filter(move |r| Some(r.kind) == kind)
}

/// With `--history`: one row per action, its due date's history in git (what
/// `tracker --history` shows, `history::slippage`), so dashboards can chart slippage.
pub(super) fn due_history(
    repo: &Repository,
    stamp: &Stamp<'_>,
    history: &[RowHistory],
    text: Text,
) -> Table {
    let ids: Vec<Option<String>> = actions(repo).map(|r| Some(r.id.clone())).collect();
    let dues: Vec<Option<jiff::civil::Date>> =
        actions(repo).map(|r| r.fields.date("due")).collect();
    let int = |f: fn(&RowHistory) -> Option<i64>| Values::Int(history.iter().map(f).collect());
    let mut columns = stamp.columns(ids.len());
    columns.extend([
        text_column("id", "The action's id.", ids),
        derived_column("due", "Its due date at as-of.", Values::Date(dues)),
        derived_column(
            "first_due",
            "The due date of the first committed version that has one: the first agreed date.",
            Values::Date(history.iter().map(|h| h.first_due).collect()),
        ),
        derived_column(
            "due_changes",
            "How many times the committed due date changed.",
            int(|h| i64::try_from(h.due_changes).ok()),
        ),
        derived_column(
            "due_moved_days",
            "The sum of the committed moves, in days (later is positive).",
            int(|h| Some(h.due_moved_days)),
        ),
        derived_column(
            "due_net_days",
            "The current due date minus the first agreed one, in days.",
            int(|h| h.due_net_days),
        ),
        text_column(
            "last_changed",
            "Author date (ISO 8601) of the last commit that touched the file.",
            history.iter().map(|h| h.last_changed.clone()).collect(),
        ),
        derived_column(
            "commits",
            "How many commits touched the file, renames followed.",
            int(|h| i64::try_from(h.commits).ok()),
        ),
    ]);
    if text == Text::Included {
        columns.push(text_column(
            "last_changed_by",
            "The author of the last commit that touched the file.",
            history.iter().map(|h| h.last_changed_by.clone()).collect(),
        ));
        columns.push(text_column(
            "last_move_reason",
            "Why the due date last moved, as the record says (`qaledger move`).",
            history.iter().map(|h| h.last_move_reason.clone()).collect(),
        ));
    }
    Table {
        name: "action_due_history".to_owned(),
        description: "With `--history`: one row per action, how its due date moved in the git history (as `tracker --history`).".to_owned(),
        rows: rows_of(&columns),
        columns,
    }
}

/// One row per staff record: whether they are on the staff at as-of and their supervision
/// standing, so that `in_date` over the rows where it is set is the summary's rate.
pub(super) fn supervision_compliance(
    repo: &Repository,
    stamp: &Stamp<'_>,
    computed: &Computed,
) -> Table {
    let staff = staff_supervision(repo, &computed.deadlines, stamp.as_of);
    let mut columns = stamp.columns(staff.len());
    let field = |path: &str| -> Vec<Option<String>> {
        staff
            .iter()
            .map(|s| s.record.fields.text(path).map(str::to_owned))
            .collect()
    };
    columns.extend([
        text_column(
            "staff_id",
            "The staff member's id.",
            staff.iter().map(|s| Some(s.record.id.clone())).collect(),
        ),
        text_column("team", "Their team.", field("team")),
        text_column("role", "Their role.", field("role")),
        derived_column(
            "current",
            "On the staff at as-of: started by then and not left.",
            Values::Bool(staff.iter().map(|s| Some(s.current)).collect()),
        ),
        derived_column(
            "due",
            "Their next supervision's due date at as-of; empty when they have no held session and no start date.",
            Values::Date(staff.iter().map(|s| s.deadline.map(|d| d.due)).collect()),
        ),
        derived_column(
            "days_overdue",
            "Days their supervision is overdue at as-of (zero or negative: days left).",
            Values::Int(staff.iter().map(|s| s.deadline.map(|d| d.days)).collect()),
        ),
        derived_column(
            "in_date",
            "Current and their supervision not overdue at as-of; empty when not current or without a due date (left out of the rate, as in `summary`).",
            Values::Bool(
                staff
                    .iter()
                    .map(|s| {
                        let deadline = s.deadline.filter(|_| s.current)?;
                        Some(deadline.state != State::Overdue)
                    })
                    .collect(),
            ),
        ),
    ]);
    Table {
        name: "supervision_compliance".to_owned(),
        description: "One row per staff member: their supervision standing at as-of. The share of `in_date` true among the rows where it is set is `summary`'s supervision in date.".to_owned(),
        rows: rows_of(&columns),
        columns,
    }
}

#[cfg(test)]
mod tests {
    use crate::compute::deadline::State;

    #[test]
    fn a_state_is_named_as_the_json_spells_it() {
        for state in [
            State::Overdue,
            State::DueSoon,
            State::NotYetDue,
            State::MetOnTime,
            State::MetLate,
            State::Ended,
        ] {
            assert_eq!(
                serde_json::to_value(state).ok(),
                Some(serde_json::Value::String(state.name().to_owned()))
            );
        }
    }
}
