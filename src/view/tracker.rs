//! The Learning From tracker (SPEC §8 `tracker`): one row per action (a record with problems
//! too, marked, unless its completion deadline cannot be computed), with its days
//! overdue from the deadline engine, filtered by period and by field, and totals by status,
//! source, level and theme.
//!
//! Pure computation over a `Repository`: no printing, no clock; renderers format the result.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::compute::deadline::{self, Computed, Deadline, State};
use crate::compute::names;
use crate::history::slippage::RowHistory;
use crate::record::Record;
use crate::repository::Repository;
use crate::schema::Kind;
use crate::time::duration::Duration;
use crate::time::period::Period;
use crate::view::header::{Header, Window};

/// The kind the tracker lists, and the deadline whose lateness it shows.
pub const KIND: &str = "action";
const COMPLETION: &str = "completion";

/// The action fields the tracker reads: each is declared in `schema::contract::NEEDS`, which
/// loading checks against the action schema and keeps on every record.
const TITLE: &str = "title";
const SOURCE_TYPE: &str = "source.type";
const SOURCE_REFS: &str = "source.refs.*";
const LEVEL: &str = "level";
const AGREED_FORUM: &str = "agreed.forum";
const AGREED_DATE: &str = "agreed.date";
const DUE: &str = "due";
const COMPLETED: &str = "completed";
const IMPACT_RATING: &str = "impact.rating";
/// Used when the schema names no owner, team, themes or status field of its own.
const OWNER: &str = "owner";
const TEAM: &str = "team";
const THEMES: &str = "themes";
const STATUS: &str = "status";

/// The `tracker` filters; all must hold for an action to be listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    pub status: Option<String>,
    pub owner: Option<String>,
    pub theme: Option<String>,
    pub source: Option<String>,
}

/// The tracker as it stands at as-of: what the renderers show, and the JSON contract
/// (`as_of`, `period`, `filters`, then what was left out and the marking, `rows`, `totals`).
#[derive(Debug, Clone)]
pub struct Tracker {
    /// As-of; the resolved `--period`, or `Window::All` (every action); every record, or
    /// deadline of one, left out (an action whose completion deadline is among them has no
    /// row); the marking.
    pub header: Header,
    pub filters: Filters,
    /// Sorted by due date, then id.
    pub rows: Vec<Row>,
    pub totals: Totals,
    /// Whether the rows carry their git history (`--history`): the renderers add its columns.
    pub with_history: bool,
}

impl Serialize for Tracker {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        self.header.write_when(&mut map)?;
        map.serialize_entry("filters", &self.filters)?;
        self.header.write_left_out(&mut map)?;
        map.serialize_entry("rows", &self.rows)?;
        map.serialize_entry("totals", &self.totals)?;
        map.end()
    }
}

/// One action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub source_type: Option<String>,
    pub source_refs: Vec<String>,
    pub level: Option<String>,
    pub owner: Option<String>,
    /// The owner's name from the roster (`names::staff_name`), for people; `owner` stays the id.
    pub owner_name: Option<String>,
    pub team: Option<String>,
    pub agreed_forum: Option<String>,
    pub agreed_date: Option<Date>,
    pub due: Option<Date>,
    pub status: Option<String>,
    pub completed: Option<Date>,
    /// Days past the due date at as-of while the action is overdue; none otherwise.
    pub days_overdue: Option<i64>,
    pub impact_rating: Option<String>,
    pub themes: Vec<String>,
    /// The record's path relative to the root.
    pub path: String,
    /// Problems the record has (0: none): the row is shown, marked.
    pub problems: u32,
    /// With `--history`: first agreed due date, its moves and the last change; none without.
    pub history: Option<RowHistory>,
    /// The enum values above as the schema titles them, for people (`x-qaledger-titles`;
    /// a value without a title as written); the fields above keep the values.
    pub titles: RowTitles,
}

impl Row {
    /// The owner as people read them: their name from the roster, else their id.
    pub fn owner_shown(&self) -> Option<&str> {
        self.owner_name.as_deref().or(self.owner.as_deref())
    }
}

/// A row's enum values as words: "LeDeR review" for `leder`, "In progress" for `in-progress`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RowTitles {
    pub source_type: Option<String>,
    pub level: Option<String>,
    pub agreed_forum: Option<String>,
    pub status: Option<String>,
    pub impact_rating: Option<String>,
}

/// Counts over the listed rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub actions: usize,
    pub overdue: usize,
    pub by_status: BTreeMap<String, usize>,
    pub by_source: BTreeMap<String, usize>,
    pub by_level: BTreeMap<String, usize>,
    /// An action with several themes counts once under each.
    pub by_theme: BTreeMap<String, usize>,
    /// Actions with no theme.
    pub without_theme: usize,
}

/// Builds the tracker: the valid actions active during `period` (every action without one)
/// that pass `filters`.
pub fn compute(
    repo: &Repository,
    as_of: Date,
    period: Option<Period>,
    filters: Filters,
) -> Tracker {
    // Only the overdue state is read, which does not depend on the due-soon window.
    let computed = deadline::at(repo, as_of, Duration::ZERO);
    of_deadlines(repo, as_of, period, filters, &computed)
}

/// The tracker, given every deadline at `as_of` (under any due-soon window).
pub(crate) fn of_deadlines(
    repo: &Repository,
    as_of: Date,
    period: Option<Period>,
    filters: Filters,
    computed: &Computed,
) -> Tracker {
    // An action whose completion deadline cannot be computed is named, not listed.
    let left_out: HashSet<&str> = computed
        .left_out
        .iter()
        .filter(|l| l.deadline.as_deref().is_none_or(|d| d == COMPLETION))
        .map(|l| l.path.as_str())
        .collect();
    let mut rows = match repo.schemas.by_name(KIND) {
        Some(kind_id) => {
            let kind = repo.schemas.get(kind_id);
            let overdue = days_overdue(repo, &computed.deadlines);
            repo.records
                .par_iter()
                .zip(&overdue)
                .filter(|(r, _)| r.kind == kind_id && !left_out.contains(r.path.as_str()))
                .map(|(r, days)| row(repo, kind, r, *days))
                .filter(|r| period.as_ref().is_none_or(|p| active_during(r, p)))
                .filter(|r| passes(r, &filters))
                .collect()
        }
        None => Vec::new(),
    };
    rows.par_sort_by(|a, b| {
        // Due is required; a row without one (a replaced schema) sorts last.
        (a.due.is_none(), a.due, &a.id).cmp(&(b.due.is_none(), b.due, &b.id))
    });
    let totals = totals(&rows);
    Tracker {
        header: Header {
            as_of,
            period: period.map_or(Window::All, Window::Period),
            left_out: computed.left_out.clone(),
            marking: repo.config.marking.clone(),
        },
        filters,
        rows,
        totals,
        with_history: false,
    }
}

/// SPEC §10: agreed (or, with no agreed date, due) on or before the period's end, and not
/// completed before its start.
pub fn active_during(row: &Row, period: &Period) -> bool {
    let started = row.agreed_date.or(row.due).is_none_or(|d| d <= period.end);
    let finished_before = row.completed.is_some_and(|d| d < period.start);
    started && !finished_before
}

fn passes(row: &Row, filters: &Filters) -> bool {
    let same = |want: &Option<String>, have: &Option<String>| {
        want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
    };
    same(&filters.status, &row.status)
        && same(&filters.owner, &row.owner)
        && same(&filters.source, &row.source_type)
        && filters
            .theme
            .as_ref()
            .is_none_or(|t| row.themes.contains(t))
}

/// Days overdue of each record, by its position in `repo.records`: some for the actions whose
/// completion deadline is overdue at as-of. Found through the deadline's record, never its id:
/// two files holding one id each keep their own.
fn days_overdue(repo: &Repository, deadlines: &[Deadline]) -> Vec<Option<i64>> {
    let mut out = vec![None; repo.records.len()];
    let overdue = deadlines
        .iter()
        .filter(|d| d.kind == KIND && d.deadline == COMPLETION && d.state == State::Overdue);
    for d in overdue {
        if let Some(slot) = out.get_mut(d.record) {
            *slot = Some(d.days);
        }
    }
    out
}

/// One action's row, read through the kind's projection: a field the schema lists as a case
/// reference is blank unless `case_refs` includes it, and a field a problem of the record
/// concerns is blank too, not guessed.
fn row(repo: &Repository, kind: &Kind, record: &Record, days_overdue: Option<i64>) -> Row {
    let case_refs = repo.case_refs;
    let fields = &record.fields;
    let text = |path: &str| {
        if record.broken_read(&[path]).is_some() {
            return None;
        }
        kind.shown(fields, path, case_refs)
            .next()
            .and_then(|leaf| leaf.as_str())
            .map(str::to_owned)
    };
    let date = |path: &str| {
        record
            .broken_read(&[path])
            .is_none()
            .then(|| fields.date(path))
            .flatten()
    };
    let texts = |pattern: &str| -> Vec<String> {
        if record.broken_read(&[pattern]).is_some() {
            return Vec::new();
        }
        kind.shown(fields, pattern, case_refs)
            .filter_map(|leaf| leaf.as_str())
            .map(str::to_owned)
            .collect()
    };
    let spec = &kind.spec;
    let owner = spec.owner.as_deref().unwrap_or(OWNER);
    let team = spec.team.as_deref().unwrap_or(TEAM);
    // A list field's pattern also matches its items.
    let themes = spec.themes.as_deref().unwrap_or(THEMES);
    let status = spec.status.as_ref().map_or(STATUS, |s| s.field.as_str());
    let titled = |path: &str| {
        let value = text(path);
        let title = value.as_deref().map(|v| names::value_title(kind, path, v));
        (value, title)
    };
    let (source_type, source_title) = titled(SOURCE_TYPE);
    let (level, level_title) = titled(LEVEL);
    let (agreed_forum, forum_title) = titled(AGREED_FORUM);
    let (status, status_title) = titled(status);
    let (impact_rating, impact_title) = titled(IMPACT_RATING);
    let owner = text(owner);
    Row {
        id: record.id.clone(),
        title: text(TITLE).unwrap_or_else(|| record.id.clone()),
        source_type,
        source_refs: texts(SOURCE_REFS),
        level,
        owner_name: names::staff_name_of(repo, owner.as_deref()).map(str::to_owned),
        owner,
        team: text(team),
        agreed_forum,
        agreed_date: date(AGREED_DATE),
        due: date(DUE),
        status,
        completed: date(COMPLETED),
        days_overdue,
        impact_rating,
        themes: texts(themes),
        path: record.path.clone(),
        problems: record.problems,
        history: None,
        titles: RowTitles {
            source_type: source_title,
            level: level_title,
            agreed_forum: forum_title,
            status: status_title,
            impact_rating: impact_title,
        },
    }
}

fn totals(rows: &[Row]) -> Totals {
    let mut totals = Totals {
        actions: rows.len(),
        ..Totals::default()
    };
    fn count(map: &mut BTreeMap<String, usize>, key: Option<&String>) {
        if let Some(key) = key {
            *map.entry(key.clone()).or_default() += 1;
        }
    }
    for row in rows {
        count(&mut totals.by_status, row.status.as_ref());
        count(&mut totals.by_source, row.source_type.as_ref());
        count(&mut totals.by_level, row.level.as_ref());
        for theme in &row.themes {
            count(&mut totals.by_theme, Some(theme));
        }
        totals.without_theme += usize::from(row.themes.is_empty());
        totals.overdue += usize::from(row.days_overdue.is_some());
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Every field the tracker reads is in its declared contract, so a schema lacking one is
    /// refused when it loads instead of giving a blank column.
    #[test]
    fn every_field_read_is_declared() {
        let declared: Vec<&str> =
            crate::schema::contract::needed(crate::schema::contract::TRACKER, KIND).collect();
        let read = [
            TITLE,
            SOURCE_TYPE,
            SOURCE_REFS,
            LEVEL,
            AGREED_FORUM,
            AGREED_DATE,
            DUE,
            COMPLETED,
            IMPACT_RATING,
        ];
        assert_eq!(declared, read);
    }

    fn action(agreed: Option<Date>, due: Date, completed: Option<Date>) -> Row {
        Row {
            id: "ACT-2025-0001".to_owned(),
            title: "t".to_owned(),
            source_type: Some("audit".to_owned()),
            source_refs: vec![],
            level: Some("individual".to_owned()),
            owner: Some("jsmith".to_owned()),
            owner_name: None,
            team: None,
            agreed_forum: None,
            agreed_date: agreed,
            due: Some(due),
            status: Some("agreed".to_owned()),
            completed,
            days_overdue: None,
            impact_rating: None,
            themes: vec![],
            path: String::new(),
            problems: 0,
            history: None,
            titles: RowTitles::default(),
        }
    }

    #[test]
    fn active_during_follows_the_settled_rule() {
        // May 2025: 2025-05-01 to 2025-05-31.
        let may = Period {
            start: date(2025, 5, 1),
            end: date(2025, 5, 31),
            label: "2025-05".to_owned(),
        };
        let due = date(2025, 9, 1);
        // Agreed on the last day: in; the day after: out.
        assert!(active_during(
            &action(Some(date(2025, 5, 31)), due, None),
            &may
        ));
        assert!(!active_during(
            &action(Some(date(2025, 6, 1)), due, None),
            &may
        ));
        // Completed on the first day: in; the day before: out.
        let agreed = Some(date(2025, 1, 10));
        assert!(active_during(
            &action(agreed, due, Some(date(2025, 5, 1))),
            &may
        ));
        assert!(!active_during(
            &action(agreed, due, Some(date(2025, 4, 30))),
            &may
        ));
        // No agreed date: the due date decides.
        assert!(active_during(&action(None, date(2025, 5, 31), None), &may));
        assert!(!active_during(&action(None, date(2025, 6, 1), None), &may));
        // The agreed date wins over the due date when both are there.
        assert!(!active_during(
            &action(Some(date(2025, 6, 2)), date(2025, 5, 2), None),
            &may
        ));
    }
}
