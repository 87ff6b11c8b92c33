//! The Safeguarding Adults Board's annual report inputs (`qaledger report sar`, Care Act 2014
//! Schedule 2 paragraph 4(1)(d) to (g)), as plain data: the SARs concluded in the period, those
//! ongoing at its end, earlier ones whose findings were still being implemented, each with its
//! findings and the actions arising, and the findings decided not to be implemented, with why.
//!
//! Pure computation over a `Repository`, reusing the tracker's rows for the actions; it never
//! prints, never reads the clock and knows nothing of HTML (`render::sar` lays it out).

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{self, Computed};
use crate::compute::names;
use crate::record::Record;
use crate::repository::Repository;
use crate::schema::Kind;
use crate::time::duration::Duration;
use crate::time::period::Period;
use crate::view::header::{Header, Window};
use crate::view::tracker::{self, Filters, Row};

/// The reviews reported on: review records whose type is `sar`.
const REVIEW_KIND: &str = "review";
const SAR_TYPE: &str = "sar";

/// The review and action fields read here: the review's are declared in
/// `schema::contract::NEEDS` (`contract::SAR`), which loading checks against the schemas and
/// keeps on every record; the two `not_implemented` ones are `contract::SAR_OPTIONAL`, kept by
/// the built-in action schema's `keep:` and absent under an older council schema.
const TYPE: &str = "type";
const COMMISSIONED: &str = "commissioned";
const COMPLETED: &str = "completed";
const FINDINGS: &str = "findings";
const REASON: &str = "not_implemented.reason";
const DECIDED: &str = "not_implemented.decided";

/// The report for one period at one as-of.
#[derive(Debug, Clone, Serialize)]
pub struct SarReport {
    /// The council's name (`[organisation] name`).
    pub organisation: String,
    /// As-of, the period, what was left out, and the protective marking.
    #[serde(flatten)]
    pub header: Header,
    pub totals: Totals,
    /// Concluded in the period, then ongoing at its end, then concluded earlier; each group by
    /// commissioned date, then id.
    pub reviews: Vec<Sar>,
    /// Every action of these reviews decided not to be implemented during the period, with its
    /// reason (paragraph 4(1)(g)); by decision date, then id.
    pub not_implemented: Vec<NotImplemented>,
}

/// The counts the report shows, counted here so the page only shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// SARs concluded (completed) in the period: paragraph 4(1)(d).
    pub concluded: usize,
    /// SARs ongoing at the end of the period (or at as-of, when earlier): 4(1)(e).
    pub ongoing: usize,
    /// SARs concluded before the period with an action active during it: 4(1)(f).
    pub concluded_earlier: usize,
    /// Actions arising from the reviews listed.
    pub actions: usize,
    /// Of those, completed by as-of.
    pub actions_completed: usize,
    /// Of those, overdue at as-of.
    pub actions_overdue: usize,
    /// Decided not to be implemented during the period (`not_implemented`'s length).
    pub not_implemented: usize,
}

/// Where a review stands against the period, as paragraph 4(1) groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Completed in the period, whenever it began.
    Concluded,
    /// Commissioned by the end of the period and not completed by then.
    Ongoing,
    /// Completed before the period; its findings were still being implemented during it.
    ConcludedEarlier,
}

/// One Safeguarding Adults Review.
#[derive(Debug, Clone, Serialize)]
pub struct Sar {
    pub id: String,
    /// The record's short title (its type, and its case reference only when included).
    pub title: String,
    pub standing: Standing,
    pub commissioned: Option<Date>,
    pub completed: Option<Date>,
    pub lead: Option<String>,
    /// The lead's name from the roster, for people; `lead` stays the id.
    pub lead_name: Option<String>,
    pub findings: Vec<String>,
    /// The actions arising: named in the review's `actions` or naming it in `source.refs`,
    /// as the tracker shows them (by due date, then id), with their reasons where not
    /// implemented.
    pub actions: Vec<SarAction>,
    /// The record's path relative to the root.
    pub path: String,
    /// Problems the record has (0: none).
    pub problems: u32,
}

/// An action arising from a review: its tracker row, and why it is not implemented.
#[derive(Debug, Clone, Serialize)]
pub struct SarAction {
    #[serde(flatten)]
    pub row: Row,
    pub not_implemented_reason: Option<String>,
    pub not_implemented_decided: Option<Date>,
}

/// A finding decided not to be implemented during the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotImplemented {
    /// The review it came from.
    pub review: String,
    pub action: String,
    pub title: String,
    pub decided: Option<Date>,
    pub reason: Option<String>,
}

/// The report of `period` as it stands at `as_of`.
pub fn compute(repo: &Repository, period: &Period, as_of: Date) -> SarReport {
    // Only the overdue state is read, which does not depend on the due-soon window.
    let computed = deadline::at(repo, as_of, Duration::ZERO);
    let rows = action_rows(repo, as_of, &computed);
    let mut reviews: Vec<Sar> = match repo.schemas.by_name(REVIEW_KIND) {
        Some(kind_id) => {
            let kind = repo.schemas.get(kind_id);
            repo.records
                .iter()
                .filter(|r| r.kind == kind_id && r.fields.text(TYPE) == Some(SAR_TYPE))
                .filter(|r| !deadline::ended(kind, r)) // a cancelled review is not reported
                .filter_map(|r| sar(repo, kind, r, period, &rows))
                .collect()
        }
        None => Vec::new(),
    };
    reviews.sort_by(|a, b| {
        (a.standing, a.commissioned, &a.id).cmp(&(b.standing, b.commissioned, &b.id))
    });
    let mut not_implemented: Vec<NotImplemented> = reviews
        .iter()
        .flat_map(|s| s.actions.iter().map(move |a| (s, a)))
        .filter(|(_, a)| a.row.status.as_deref() == Some(NOT_IMPLEMENTED))
        .filter(|(_, a)| a.not_implemented_decided.is_none_or(|d| period.contains(d)))
        .map(|(s, a)| NotImplemented {
            review: s.id.clone(),
            action: a.row.id.clone(),
            title: a.row.title.clone(),
            decided: a.not_implemented_decided,
            reason: a.not_implemented_reason.clone(),
        })
        .collect();
    not_implemented.sort_by(|a, b| (a.decided, &a.action).cmp(&(b.decided, &b.action)));
    SarReport {
        organisation: repo.config.organisation.clone(),
        header: Header {
            as_of,
            period: Window::Period(period.clone()),
            left_out: computed.left_out.clone(),
            marking: repo.config.marking.clone(),
        },
        totals: totals(&reviews, not_implemented.len()),
        reviews,
        not_implemented,
    }
}

/// The status an action decided not to be implemented has (the action schema's).
const NOT_IMPLEMENTED: &str = "not-implemented";

/// Every action's tracker row, by the record's path (each path is one record).
fn action_rows(repo: &Repository, as_of: Date, computed: &Computed) -> BTreeMap<String, SarAction> {
    let action_kind = repo.schemas.by_name(tracker::KIND);
    let tracker = tracker::of_deadlines(repo, as_of, None, Filters::default(), computed);
    let records: BTreeMap<&str, &Record> = repo
        .records
        .iter()
        .filter(|r| Some(r.kind) == action_kind)
        .map(|r| (r.path.as_str(), r))
        .collect();
    tracker
        .rows
        .into_iter()
        .map(|row| {
            let record = records.get(row.path.as_str());
            let kind = action_kind.map(|k| repo.schemas.get(k));
            let reason = record.zip(kind).and_then(|(r, k)| {
                k.shown(&r.fields, REASON, repo.case_refs)
                    .next()
                    .and_then(|l| l.as_str())
                    .filter(|_| r.broken_read(&[REASON]).is_none())
                    .map(str::to_owned)
            });
            let decided = record
                .filter(|r| r.broken_read(&[DECIDED]).is_none())
                .and_then(|r| r.fields.date(DECIDED));
            (
                row.path.clone(),
                SarAction {
                    row,
                    not_implemented_reason: reason,
                    not_implemented_decided: decided,
                },
            )
        })
        .collect()
}

/// The action schema's statuses that end an action (`x-qaledger.status.ended`).
fn action_ended_statuses(repo: &Repository) -> Vec<String> {
    repo.schemas
        .by_name(tracker::KIND)
        .and_then(|k| repo.schemas.get(k).spec.status.as_ref())
        .map(|s| s.ended.clone())
        .unwrap_or_default()
}

/// The review as the report shows it, when it belongs in the period's report.
fn sar(
    repo: &Repository,
    kind: &Kind,
    record: &Record,
    period: &Period,
    rows: &BTreeMap<String, SarAction>,
) -> Option<Sar> {
    let commissioned = record.fields.date(COMMISSIONED);
    let completed = record.fields.date(COMPLETED);
    let actions = arising(repo, record, rows);
    let standing = match completed {
        Some(day) if period.contains(day) => Standing::Concluded,
        Some(day) if day < period.start => {
            // An action cancelled (or decided against) is no implementing; a decision not to
            // implement taken in the period is reported (4(1)(g)).
            let closed = action_ended_statuses(repo);
            let implementing = actions.iter().any(|a| {
                let ended = a.row.status.as_ref().is_some_and(|s| closed.contains(s));
                (!ended && tracker::active_during(&a.row, period))
                    || a.not_implemented_decided
                        .is_some_and(|d| period.contains(d))
            });
            if !implementing {
                return None;
            }
            Standing::ConcludedEarlier
        }
        _ if commissioned.is_none_or(|c| c <= period.end) => Standing::Ongoing,
        _ => return None,
    };
    let lead = kind
        .spec
        .owner
        .as_deref()
        .and_then(|f| record.fields.text(f))
        .map(str::to_owned);
    Some(Sar {
        id: record.id.clone(),
        title: deadline::title(kind, record, repo.case_refs),
        standing,
        commissioned,
        completed,
        lead_name: names::staff_name_of(repo, lead.as_deref()).map(str::to_owned),
        lead,
        findings: kind
            .shown(&record.fields, FINDINGS, repo.case_refs)
            .filter_map(|l| l.as_str())
            .map(str::to_owned)
            .collect(),
        actions,
        path: record.path.clone(),
        problems: record.problems,
    })
}

/// The actions linked with the review either way (its `actions`, their `source.refs`), each
/// once, in the tracker's order.
fn arising(
    repo: &Repository,
    record: &Record,
    rows: &BTreeMap<String, SarAction>,
) -> Vec<SarAction> {
    let links = crate::view::links::compute(repo, record);
    let ids: HashSet<&str> = links
        .outgoing
        .iter()
        .chain(&links.incoming)
        .filter(|l| l.kind.as_deref() == Some(tracker::KIND))
        .map(|l| l.id.as_str())
        .collect();
    let mut out: Vec<SarAction> = ids
        .iter()
        .flat_map(|id| repo.index.get(id))
        .filter_map(|&i| rows.get(&repo.records[i].path))
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        (a.row.due.is_none(), a.row.due, &a.row.id, &a.row.path).cmp(&(
            b.row.due.is_none(),
            b.row.due,
            &b.row.id,
            &b.row.path,
        ))
    });
    out.dedup_by(|a, b| a.row.path == b.row.path);
    out
}

fn totals(reviews: &[Sar], not_implemented: usize) -> Totals {
    let mut totals = Totals {
        not_implemented,
        ..Totals::default()
    };
    for sar in reviews {
        match sar.standing {
            Standing::Concluded => totals.concluded += 1,
            Standing::Ongoing => totals.ongoing += 1,
            Standing::ConcludedEarlier => totals.concluded_earlier += 1,
        }
        totals.actions += sar.actions.len();
        totals.actions_completed += sar
            .actions
            .iter()
            .filter(|a| a.row.completed.is_some())
            .count();
        totals.actions_overdue += sar
            .actions
            .iter()
            .filter(|a| a.row.days_overdue.is_some())
            .count();
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field this module reads by name is in its declared contract, so a schema lacking
    /// one is refused when it loads, or is one issue 17's action schema alone has (kept by its
    /// `keep:`, so an older council schema still loads).
    #[test]
    fn every_field_read_is_declared() {
        use crate::schema::contract::{NEEDS, SAR, SAR_OPTIONAL};
        let declared: Vec<&str> = NEEDS
            .iter()
            .filter(|n| n.who == SAR)
            .map(|n| n.field)
            .chain(SAR_OPTIONAL.iter().copied())
            .collect();
        for field in [TYPE, COMMISSIONED, COMPLETED, FINDINGS, REASON, DECIDED] {
            assert!(declared.contains(&field), "{field} is not declared");
        }
    }

    #[test]
    fn standings_sort_concluded_then_ongoing_then_earlier() {
        let mut got = vec![
            Standing::ConcludedEarlier,
            Standing::Ongoing,
            Standing::Concluded,
        ];
        got.sort();
        assert_eq!(
            got,
            [
                Standing::Concluded,
                Standing::Ongoing,
                Standing::ConcludedEarlier
            ]
        );
    }
}
