//! The deadline engine: the schemas' deadline rules applied to the loaded records at as-of.
//!
//! Pure computation over a `Repository`: no printing, no clock ("today" is a parameter). Rules
//! are data (`DeadlineSpec`); this module implements the mechanisms only — conditions, due-date
//! alternatives, intervals from config or the record, and "the latest related item" cadences.
//! Time travel is not decided here: it reads the records as `Repository::rewind` left them.

use std::borrow::Cow;
use std::collections::HashMap;

use compact_str::CompactString;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::compute::names;
use crate::config::Config;
use crate::record::{Fields, Leaf, Record};
use crate::repository::Repository;
use crate::repository::as_of;
use crate::repository::left_out::LeftOut;
use crate::schema::extension::{Condition, DeadlineSpec, DueField, LatestSpec, OneOrMany};
use crate::schema::{CaseRefs, Kind, KindId};
use crate::time::calendar::Calendar;
use crate::time::duration::Duration;

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

impl State {
    /// Its name as every output spells it (the JSON's kebab-case: `met-on-time`).
    pub fn name(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::DueSoon => "due-soon",
            State::NotYetDue => "not-yet-due",
            State::MetOnTime => "met-on-time",
            State::MetLate => "met-late",
            State::Ended => "ended",
        }
    }
}

/// One deadline of one record, as it stands at as-of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Its record: the position in the `Repository.records` it was computed from. Views find
    /// the record through it, never by id (two files may hold the same id, SPEC §7) nor by
    /// path; it is not part of any output.
    #[serde(skip)]
    pub record: usize,
    pub kind: CompactString,
    pub id: CompactString,
    pub deadline: CompactString,
    pub due: Date,
    /// When it was met (on or before as-of).
    pub done: Option<Date>,
    pub state: State,
    /// Positive: days overdue; zero or negative: days left.
    pub days: i64,
    pub owner: Option<CompactString>,
    /// The owner's name from the roster, when they are on it (`names::staff_name`).
    pub owner_name: Option<CompactString>,
    pub team: Option<CompactString>,
    /// The record's title fields joined, each enum value as its schema's title
    /// ("Experiences and outcomes audit — Safeguarding").
    pub title: String,
    pub path: String,
    /// Problems the record has (0: none); its deadlines are shown, marked (SPEC §7).
    pub problems: u32,
    /// For an ended record's deadline: the latest date it records (of the facts, on or before
    /// as-of), the nearest a record comes to the day it was cancelled. None otherwise.
    #[serde(skip)]
    pub closed: Option<Date>,
}

impl Deadline {
    /// The owner as people read them: their name from the roster, else their id.
    pub fn owner_shown(&self) -> Option<&str> {
        self.owner_name.as_deref().or(self.owner.as_deref())
    }
}

/// Every deadline the views can show, and what they cannot, named (SPEC §7).
#[derive(Debug, Clone, Default)]
pub struct Computed {
    /// Sorted by due date, id, then deadline name.
    pub deadlines: Vec<Deadline>,
    /// Unusable files, deadlines reading a field in trouble, due dates that cannot be
    /// computed; sorted by path, then deadline.
    pub left_out: Vec<LeftOut>,
}

/// What the engine needs besides the records.
pub struct DateBasis<'a> {
    pub calendar: &'a Calendar,
    pub as_of: Date,
    /// Items due within this window after as-of are "due soon".
    pub due_soon: Duration,
}

/// What a view can pick deadlines by before they are built: a view that shows a few of them
/// (`overdue` lists some thousands of a council's 300,000) builds and holds only those.
#[derive(Debug, Clone, Copy)]
pub struct Facets<'a> {
    pub kind: &'a str,
    pub state: State,
    pub owner: Option<&'a str>,
    pub team: Option<&'a str>,
}

/// Which deadlines to build: every one, or those a view's test accepts. What is left out is
/// named whatever the choice (a view decides what of it to show).
#[derive(Clone, Copy)]
pub enum Pick<'a> {
    All,
    Where(&'a (dyn Fn(&Facets<'_>) -> bool + Sync)),
}

impl Pick<'_> {
    fn takes(self, facets: &Facets<'_>) -> bool {
        match self {
            Pick::All => true,
            Pick::Where(test) => test(facets),
        }
    }
}

/// Every deadline at `as_of` by the repository's own calendar (`[calendar]` in its config).
pub fn at(repo: &Repository, as_of: Date, due_soon: Duration) -> Computed {
    picked_at(repo, as_of, due_soon, Pick::All)
}

/// The deadlines at `as_of` that `pick` takes, and everything left out, as `at` gives them.
pub fn picked_at(repo: &Repository, as_of: Date, due_soon: Duration, pick: Pick<'_>) -> Computed {
    let calendar = Calendar::new(&repo.config);
    let basis = DateBasis {
        calendar: &calendar,
        as_of,
        due_soon,
    };
    compute(repo, &basis, pick)
}

/// Every deadline of every record whose fields for it are usable and that `pick` takes, sorted
/// by due date, id, then deadline name; and the rest, named. A record with problems elsewhere
/// still yields it.
pub fn compute(repo: &Repository, basis: &DateBasis<'_>, pick: Pick<'_>) -> Computed {
    let related = Related::new(repo);
    let reads: Vec<Vec<Vec<&str>>> = repo
        .schemas
        .kinds()
        .iter()
        .map(|kind| kind.spec.deadlines.iter().map(|d| reads(kind, d)).collect())
        .collect();
    let soon_until = basis
        .calendar
        .add(basis.as_of, basis.due_soon)
        .unwrap_or(basis.as_of);
    let run = Run {
        repo,
        related: &related,
        basis,
        soon_until,
        pick,
    };
    // Records are independent once `related` is built: work on every core.
    let (mut out, mut left_out): (Vec<Deadline>, Vec<LeftOut>) = repo
        .records
        .par_iter()
        .enumerate()
        .flat_map_iter(|(at, record)| {
            let kind = repo.schemas.get(record.kind);
            of_record(&run, kind, (at, record), &reads[record.kind])
        })
        .partition_map(|one| match one {
            Ok(d) => rayon::iter::Either::Left(d),
            Err(l) => rayon::iter::Either::Right(l),
        });
    // Two files holding one id (a `duplicate-id` error) sort by path, as the records do.
    out.par_sort_by(|a, b| {
        (a.due, &a.id, &a.deadline, a.record).cmp(&(b.due, &b.id, &b.deadline, b.record))
    });
    left_out.extend(repo.unusable.iter().cloned());
    left_out.extend(related.left_out);
    left_out.sort();
    left_out.dedup();
    Computed {
        deadlines: out,
        left_out,
    }
}

/// The fields of its own record a deadline reads: whether the record is in being and in force
/// (the fact that brings it into being, `as_of.exists_from`, and its status), its condition,
/// due-date alternatives (a list's items for `latest.list`), intervals and done field. A
/// problem in one of these makes the deadline uncomputable; one anywhere else leaves it be.
fn reads<'a>(kind: &'a Kind, spec: &'a DeadlineSpec) -> Vec<&'a str> {
    let mut out: Vec<&str> = kind
        .spec
        .as_of
        .exists_from
        .iter()
        .map(String::as_str)
        .collect();
    out.extend(kind.spec.status.as_ref().map(|s| s.field.as_str()));
    out.extend(spec.when.keys().map(String::as_str));
    out.extend(spec.done.as_deref());
    // A list's items are the record's own fields: read the whole list.
    out.extend(spec.latest.as_ref().and_then(|l| l.list.as_deref()));
    for due in &spec.due {
        out.extend(due.when.keys().map(String::as_str));
        for field in [&due.field, &due.from].into_iter().flatten() {
            if !field.on_latest {
                out.push(&field.path);
            }
        }
        for source in due.after.as_ref().map_or(&[][..], OneOrMany::as_slice) {
            out.extend(source.field.as_deref());
            out.extend(
                source
                    .key
                    .iter()
                    .flat_map(OneOrMany::as_slice)
                    .map(String::as_str),
            );
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// What every record's deadlines are computed with, in one run of `compute`.
struct Run<'a> {
    repo: &'a Repository,
    related: &'a Related<'a>,
    basis: &'a DateBasis<'a>,
    /// The last day of the "due soon" window.
    soon_until: Date,
    pick: Pick<'a>,
}

/// One record's deadlines at the as-of of the run's basis; `Err` for each one that applies (or
/// may) but cannot be computed.
fn of_record(
    run: &Run<'_>,
    kind: &Kind,
    (at, record): (usize, &Record),
    reads: &[Vec<&str>],
) -> Vec<Result<Deadline, LeftOut>> {
    let Run {
        repo,
        related,
        basis,
        soon_until,
        pick,
    } = *run;
    let mut out = Vec::new();
    // Made once for the record's deadlines, and only when one is taken.
    let mut record_title: Option<String> = None;
    // Cancelled/withdrawn records have no deadlines: theirs are `Ended`. The records are as
    // they stood at as-of (`Repository::rewind`): a fact dated later is already unset, and a
    // record that did not exist yet is not here. A status with a problem ends nothing.
    let ends = kind.spec.status.as_ref().is_some_and(|status| {
        record
            .sound_text(&status.field)
            .is_some_and(|s| status.ended.iter().any(|e| e == s))
    });
    let closed = if ends {
        as_of::last_fact(&kind.spec, record)
    } else {
        None
    };
    let fields = &record.fields;
    let left_out = |spec: &DeadlineSpec, reason: String| {
        LeftOut::of_record(&kind.spec, record, Some(spec.name.clone()), reason)
    };
    for (spec, reads) in kind.spec.deadlines.iter().zip(reads) {
        // An entry of the condition read from a sound field that does not hold: the deadline
        // does not apply, whatever else is wrong with the record.
        if !fields.satisfies(&sound_part(record, &spec.when)) {
            continue;
        }
        if let Some(broken) = record.broken_read(reads) {
            // A deadline that no longer applies is not missed: nothing to name.
            if ends {
                continue;
            }
            let field = crate::record::display_path(broken);
            let reason = if field.is_empty() {
                "the record's problems concern every field".to_owned()
            } else {
                format!("`{field}` has a problem")
            };
            out.push(Err(left_out(spec, reason)));
            continue;
        }
        let latest = spec
            .latest
            .as_ref()
            .and_then(|l| related.latest(record, l, basis.as_of));
        let due = match due_date(spec, fields, latest.as_deref(), &repo.config, basis) {
            Ok(Some(due)) => due,
            Ok(None) => continue,
            Err(_) if ends => continue,
            Err(reason) => {
                out.push(Err(left_out(spec, reason)));
                continue;
            }
        };
        let done = spec
            .done
            .as_ref()
            .and_then(|field| record.fields.date(field))
            .filter(|d| *d <= basis.as_of);
        let state = match done {
            _ if ends => State::Ended,
            Some(d) if d <= due => State::MetOnTime,
            Some(_) => State::MetLate,
            None if due < basis.as_of => State::Overdue,
            None if due <= soon_until => State::DueSoon,
            None => State::NotYetDue,
        };
        let owner = text_of(record, kind.spec.owner.as_deref());
        let team = text_of(record, kind.spec.team.as_deref());
        let facets = Facets {
            kind: &kind.spec.kind,
            state,
            owner,
            team,
        };
        if !pick.takes(&facets) {
            continue;
        }
        let title = record_title
            .get_or_insert_with(|| title(kind, record, repo.case_refs))
            .clone();
        out.push(Ok(Deadline {
            record: at,
            kind: kind.spec.kind.as_str().into(),
            id: record.id.as_str().into(),
            deadline: spec.name.as_str().into(),
            due,
            done,
            state,
            days: (basis.as_of - due).get_days().into(),
            owner: owner.map(CompactString::from),
            owner_name: names::staff_name_of(repo, owner).map(CompactString::from),
            team: team.map(CompactString::from),
            title,
            path: record.path.clone(),
            problems: record.problems,
            closed,
        }));
    }
    out
}

/// The entries of a condition whose fields no problem of the record concerns (all of them,
/// borrowed, for a record without problems).
fn sound_part<'c>(record: &Record, condition: &'c Condition) -> Cow<'c, Condition> {
    if record.broken.is_empty() {
        return Cow::Borrowed(condition);
    }
    let sound = condition
        .iter()
        .filter(|(field, _)| record.broken_read(&[field.as_str()]).is_none())
        .map(|(field, matcher)| (field.clone(), matcher.clone()))
        .collect();
    Cow::Owned(sound)
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

/// The text of the field the kind names for a role (owner, team), when it has one and no
/// problem of the record concerns it (a misspelt owner gets no digest of its own).
fn text_of<'r>(record: &'r Record, field: Option<&str>) -> Option<&'r str> {
    field.and_then(|f| record.sound_text(f))
}

/// The first of the kind's main-date fields that is set.
pub fn main_date(kind: &Kind, record: &Record) -> Option<Date> {
    kind.spec
        .main_date
        .iter()
        .find_map(|f| record.fields.date(f))
}

/// The short title of SPEC §10: the kind's title fields joined, else the id; one longer than 80
/// characters is cut to its first 79 and ends with `…`, so no reader takes it for the whole.
/// Case-reference fields are left out unless `case_refs` includes them (a review's title is
/// then its type alone).
pub fn title(kind: &Kind, record: &Record, case_refs: CaseRefs) -> String {
    let parts: Vec<String> = kind
        .spec
        .title
        .iter()
        .filter_map(|f| {
            let leaf = kind.shown(&record.fields, f, case_refs).next()?;
            let text = leaf.to_text()?;
            Some(names::value_title(kind, &leaf.path, &text))
        })
        .filter(|t| !t.is_empty())
        .collect();
    let text = if parts.is_empty() {
        record.id.clone()
    } else {
        parts.join(" — ")
    };
    match text.char_indices().nth(80) {
        Some(_) => {
            let cut = text.char_indices().nth(79).map_or(text.len(), |(i, _)| i);
            format!("{}…", text[..cut].trim_end())
        }
        None => text,
    }
}

/// The due date by the first alternative whose inputs are set; `Ok(None)` when none is (the
/// deadline does not apply: a staff member with no approvals), `Err` with the reason when the
/// arithmetic fails (beyond the dates jiff represents, no working day left): said, not dropped.
fn due_date(
    spec: &DeadlineSpec,
    fields: &Fields,
    latest: Option<&Fields>,
    config: &Config,
    basis: &DateBasis<'_>,
) -> Result<Option<Date>, String> {
    for due in &spec.due {
        if !fields.satisfies(&due.when) {
            continue;
        }
        if let Some(field) = &due.field {
            match date_at(field, fields, latest) {
                Some(date) => return Ok(Some(date)),
                None => continue,
            }
        }
        let Some(start) = due.from.as_ref().and_then(|f| date_at(f, fields, latest)) else {
            continue;
        };
        let Some(interval) = due.after.as_ref().and_then(|after| {
            after
                .as_slice()
                .iter()
                .find_map(|s| s.resolve(fields, config))
        }) else {
            continue;
        };
        return match basis.calendar.add(start, interval) {
            Some(date) => Ok(Some(date)),
            None => Err(format!(
                "its due date could not be computed: adding {interval} to {start} goes past the last date qaledger can hold, or finds no working day"
            )),
        };
    }
    Ok(None)
}

/// A date field of the record, or of the latest related item (`latest.FIELD`).
fn date_at(field: &DueField, fields: &Fields, latest: Option<&Fields>) -> Option<Date> {
    if field.on_latest {
        latest?.date(&field.path)
    } else {
        fields.date(&field.path)
    }
}

/// Related items for cadences: other records naming a subject, grouped once up front.
struct Related<'a> {
    /// (kind, subject field) → subject id → the related records' positions.
    by_subject: HashMap<(KindId, &'a str), HashMap<&'a str, Vec<usize>>>,
    records: &'a [Record],
    repo: &'a Repository,
    /// Related records not used because a field the cadence reads has a problem.
    left_out: Vec<LeftOut>,
}

impl<'a> Related<'a> {
    fn new(repo: &'a Repository) -> Related<'a> {
        let mut by_subject: HashMap<(KindId, &'a str), HashMap<&'a str, Vec<usize>>> =
            HashMap::new();
        // What a related record must have sound to count: the subject, the ordering date, the
        // condition and every `latest.FIELD` a rule reads. One without is named, not used.
        let mut reads: HashMap<(KindId, &'a str), Vec<&'a str>> = HashMap::new();
        for kind in repo.schemas.kinds() {
            for spec in &kind.spec.deadlines {
                let Some(latest) = &spec.latest else { continue };
                let (Some(other), Some(subject)) = (&latest.kind, &latest.subject) else {
                    continue;
                };
                let Some(other_id) = repo.schemas.by_name(other) else {
                    continue;
                };
                by_subject.entry((other_id, subject.as_str())).or_default();
                let entry = reads.entry((other_id, subject.as_str())).or_default();
                entry.extend([subject.as_str(), latest.date.as_str()]);
                entry.extend(latest.when.keys().map(String::as_str));
                for due in &spec.due {
                    let fields = [&due.field, &due.from].into_iter().flatten();
                    entry.extend(fields.filter(|f| f.on_latest).map(|f| f.path.as_str()));
                }
            }
        }
        let mut left_out = Vec::new();
        for (i, record) in repo.records.iter().enumerate() {
            for ((kind, subject), map) in by_subject.iter_mut() {
                if record.kind != *kind {
                    continue;
                }
                let needed = reads.get(&(*kind, *subject)).map_or(&[][..], Vec::as_slice);
                if let Some(broken) = record.broken_read(needed) {
                    let spec = &repo.schemas.get(record.kind).spec;
                    let reason = format!(
                        "`{}` has a problem, so the deadlines of the `{subject}` it names are computed without it",
                        crate::record::display_path(broken)
                    );
                    left_out.push(LeftOut::of_record(spec, record, None, reason));
                } else if let Some(target) = record.fields.text(subject) {
                    map.entry(target).or_default().push(i);
                }
            }
        }
        Related {
            by_subject,
            records: &repo.records,
            repo,
            left_out,
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
            path: inner.to_owned().into(),
            value: leaf.value.clone(),
            pos: leaf.pos,
        });
    }
    items.into_iter().map(|(_, f)| f).collect()
}
