//! The deadline engine: the schemas' deadline rules applied to the loaded records at as-of.
//!
//! Pure computation over a `Repository`: no printing, no clock ("today" is a parameter). Rules
//! are data (`DeadlineSpec`); this module implements the mechanisms only — conditions, due-date
//! alternatives, intervals from config or the record, and "the latest related item" cadences.
//! Time travel is not decided here: it reads the records as `Repository::rewind` left them.

use std::borrow::Cow;
use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::as_of;
use crate::calendar::Calendar;
use crate::config::Config;
use crate::duration::Duration;
use crate::record::{Fields, Leaf, Record};
use crate::repository::Repository;
use crate::schema::extension::{DeadlineSpec, DueSpec, IntervalSource, LatestSpec};
use crate::schema::{CaseRefs, Kind, KindId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Overdue,
    DueSoon,
    NotYetDue,
    MetOnTime,
    MetLate,
    /// The record is cancelled or withdrawn: the deadline no longer applies. Only the calendar
    /// feed reads these (to withdraw events it sent); every other view leaves them out.
    Ended,
}

/// One deadline of one record, as it stands at as-of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: String,
    pub id: String,
    pub deadline: String,
    pub due: Date,
    /// When it was met (on or before as-of).
    pub done: Option<Date>,
    pub state: State,
    /// Positive: days overdue; zero or negative: days left.
    pub days: i64,
    pub owner: Option<String>,
    pub team: Option<String>,
    pub title: String,
    pub path: String,
    /// For an ended record's deadline: the latest date it records (of the facts, on or before
    /// as-of), the nearest a record comes to the day it was cancelled. None otherwise.
    #[serde(skip)]
    pub closed: Option<Date>,
}

/// What the engine needs besides the records.
pub struct Clock<'a> {
    pub calendar: &'a Calendar,
    pub as_of: Date,
    /// Items due within this window after as-of are "due soon".
    pub due_soon: Duration,
}

/// Every deadline at `as_of` by the repository's own calendar (`[calendar]` in its config).
pub fn at(repo: &Repository, as_of: Date, due_soon: Duration) -> Vec<Deadline> {
    let calendar = Calendar::new(&repo.config);
    let clock = Clock {
        calendar: &calendar,
        as_of,
        due_soon,
    };
    compute(repo, &clock)
}

/// Every deadline of every valid record, sorted by due date, id, then deadline name.
pub fn compute(repo: &Repository, clock: &Clock<'_>) -> Vec<Deadline> {
    let related = Related::new(repo);
    let soon_until = clock
        .calendar
        .add(clock.as_of, clock.due_soon)
        .unwrap_or(clock.as_of);
    // Records are independent once `related` is built: work on every core.
    let mut out: Vec<Deadline> = repo
        .records
        .par_iter()
        .filter(|r| r.valid)
        .flat_map_iter(|record| {
            let kind = repo.schemas.get(record.kind);
            of_record(repo, kind, record, &related, clock, soon_until)
        })
        .collect();
    out.par_sort_by(|a, b| (a.due, &a.id, &a.deadline).cmp(&(b.due, &b.id, &b.deadline)));
    out
}

/// One record's deadlines at the clock's as-of.
fn of_record(
    repo: &Repository,
    kind: &Kind,
    record: &Record,
    related: &Related<'_>,
    clock: &Clock<'_>,
    soon_until: Date,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    // Cancelled/withdrawn records have no deadlines: theirs are `Ended`. The records are as
    // they stood at as-of (`Repository::rewind`): a fact dated later is already unset, and a
    // record that did not exist yet is not here.
    let closed = ended(kind, record).then(|| as_of::last_fact(&kind.spec, record));
    let fields = &record.fields;
    for spec in &kind.spec.deadlines {
        if !fields.satisfies(&spec.when) {
            continue;
        }
        let latest = spec
            .latest
            .as_ref()
            .and_then(|l| related.latest(record, l, clock.as_of));
        let Some(due) = due_date(spec, fields, latest.as_deref(), &repo.config, clock) else {
            continue;
        };
        let done = spec
            .done
            .as_ref()
            .and_then(|field| record.fields.date(field))
            .filter(|d| *d <= clock.as_of);
        let state = match done {
            _ if closed.is_some() => State::Ended,
            Some(d) if d <= due => State::MetOnTime,
            Some(_) => State::MetLate,
            None if due < clock.as_of => State::Overdue,
            None if due <= soon_until => State::DueSoon,
            None => State::NotYetDue,
        };
        out.push(Deadline {
            kind: kind.spec.kind.clone(),
            id: record.id.clone(),
            deadline: spec.name.clone(),
            due,
            done,
            state,
            days: (clock.as_of - due).get_days().into(),
            owner: text_of(record, kind.spec.owner.as_deref()),
            team: text_of(record, kind.spec.team.as_deref()),
            title: title(kind, record, repo.case_refs),
            path: record.path.clone(),
            closed: closed.flatten(),
        });
    }
    out
}

/// Cancelled or withdrawn (the kind's ended statuses).
pub(crate) fn ended(kind: &Kind, record: &Record) -> bool {
    kind.spec.status.as_ref().is_some_and(|status| {
        record
            .fields
            .text(&status.field)
            .is_some_and(|s| status.ended.iter().any(|e| e == s))
    })
}

/// The text of the field the kind names for a role (owner, team), when it has one.
fn text_of(record: &Record, field: Option<&str>) -> Option<String> {
    field.and_then(|f| record.fields.text(f)).map(str::to_owned)
}

/// The first of the kind's main-date fields that is set.
pub fn main_date(kind: &Kind, record: &Record) -> Option<Date> {
    kind.spec
        .main_date
        .iter()
        .find_map(|f| record.fields.date(f))
}

/// The short title of SPEC §10: the kind's title fields joined, else the id, cut to its first
/// 80 characters (a script may match it against the start of the summary, so nothing is added).
/// Case-reference fields are left out unless `case_refs` includes them (a review's title is
/// then its type alone).
pub fn title(kind: &Kind, record: &Record, case_refs: CaseRefs) -> String {
    let parts: Vec<String> = kind
        .spec
        .title
        .iter()
        .filter_map(|f| {
            kind.shown(&record.fields, f, case_refs)
                .next()
                .and_then(Leaf::to_text)
        })
        .filter(|t| !t.is_empty())
        .collect();
    let text = if parts.is_empty() {
        record.id.clone()
    } else {
        parts.join(" — ")
    };
    match text.char_indices().nth(80) {
        Some((cut, _)) => text[..cut].trim_end().to_owned(),
        None => text,
    }
}

fn due_date(
    spec: &DeadlineSpec,
    fields: &Fields,
    latest: Option<&Fields>,
    config: &Config,
    clock: &Clock<'_>,
) -> Option<Date> {
    spec.due.iter().find_map(|due: &DueSpec| {
        if !fields.satisfies(&due.when) {
            return None;
        }
        if let Some(field) = &due.field {
            return date_at(field, fields, latest);
        }
        let start = date_at(due.from.as_deref()?, fields, latest)?;
        let interval = due
            .after
            .as_ref()?
            .as_slice()
            .iter()
            .find_map(|s| interval(s, fields, config))?;
        clock.calendar.add(start, interval)
    })
}

/// A date field of the record, or of the latest related item (`latest.FIELD`).
fn date_at(path: &str, fields: &Fields, latest: Option<&Fields>) -> Option<Date> {
    match path.strip_prefix("latest.") {
        Some(field) => latest?.date(field),
        None => fields.date(path),
    }
}

fn interval(source: &IntervalSource, fields: &Fields, config: &Config) -> Option<Duration> {
    if let Some(text) = &source.duration {
        return text.parse().ok();
    }
    if let Some(field) = &source.field {
        return fields.text(field)?.parse().ok();
    }
    let name = source.config.as_deref()?;
    match &source.key {
        Some(key) => config.duration(name, Some(fields.text(key)?)),
        None => config.duration(name, None),
    }
}

/// Related items for cadences: other records naming a subject, grouped once up front.
struct Related<'a> {
    /// (kind, subject field) → subject id → the related records' positions.
    by_subject: HashMap<(KindId, &'a str), HashMap<&'a str, Vec<usize>>>,
    records: &'a [Record],
    repo: &'a Repository,
}

impl<'a> Related<'a> {
    fn new(repo: &'a Repository) -> Related<'a> {
        let mut by_subject: HashMap<(KindId, &'a str), HashMap<&'a str, Vec<usize>>> =
            HashMap::new();
        for kind in repo.schemas.kinds() {
            for spec in kind.spec.deadlines.iter().filter_map(|d| d.latest.as_ref()) {
                let (Some(other), Some(subject)) = (&spec.kind, &spec.subject) else {
                    continue;
                };
                let Some(other_id) = repo.schemas.by_name(other) else {
                    continue;
                };
                by_subject.entry((other_id, subject.as_str())).or_default();
            }
        }
        for (i, record) in repo.records.iter().enumerate().filter(|(_, r)| r.valid) {
            for ((kind, subject), map) in by_subject.iter_mut() {
                if record.kind == *kind {
                    if let Some(target) = record.fields.text(subject) {
                        map.entry(target).or_default().push(i);
                    }
                }
            }
        }
        Related {
            by_subject,
            records: &repo.records,
            repo,
        }
    }

    /// The latest related item's fields, when there is one on or before as-of. Of two on the
    /// same date, the later id wins (SPEC §10); list items, the later in the list.
    fn latest(&self, record: &Record, spec: &LatestSpec, as_of: Date) -> Option<Cow<'a, Fields>> {
        // Related records are borrowed; only a list's items are built anew.
        let candidates: Vec<(&str, Cow<Fields>)> = match (&spec.kind, &spec.subject, &spec.list) {
            (Some(kind), Some(subject), _) => {
                let kind_id = self.repo.schemas.by_name(kind)?;
                let positions = self
                    .by_subject
                    .get(&(kind_id, subject.as_str()))?
                    .get(record.id.as_str())?;
                positions
                    .iter()
                    .map(|&i| {
                        let related = &self.records[i];
                        (related.id.as_str(), Cow::Borrowed(&related.fields))
                    })
                    .collect()
            }
            (_, _, Some(list)) => list_items(&record.fields, list)
                .into_iter()
                .map(|f| ("", Cow::Owned(f)))
                .collect(),
            _ => return None,
        };
        candidates
            .into_iter()
            .enumerate()
            .filter(|(_, (_, item))| item.satisfies(&spec.when))
            .filter_map(|(order, (id, item))| {
                let date = item.date(&spec.date).filter(|d| *d <= as_of)?;
                Some(((date, id, order), item))
            })
            .max_by(|(a, _), (b, _)| a.cmp(b))
            .map(|(_, item)| item)
    }
}

/// The items of a list field, each as its own fields (`approvals.1.type` → `type`).
fn list_items(fields: &Fields, list: &str) -> Vec<Fields> {
    let mut items: Vec<(String, Fields)> = Vec::new();
    let prefix = format!("{list}.");
    for leaf in &fields.0 {
        let Some(rest) = leaf.path.strip_prefix(&prefix) else {
            continue;
        };
        let (index, inner) = rest.split_once('.').unwrap_or((rest, ""));
        let item = match items.iter_mut().find(|(i, _)| i == index) {
            Some((_, item)) => item,
            None => {
                items.push((index.to_owned(), Fields::default()));
                match items.last_mut() {
                    Some((_, item)) => item,
                    None => continue,
                }
            }
        };
        item.0.push(Leaf {
            path: inner.to_owned(),
            value: leaf.value.clone(),
            pos: leaf.pos,
        });
    }
    items.into_iter().map(|(_, f)| f).collect()
}
