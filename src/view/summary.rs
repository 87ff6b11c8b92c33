//! The period summary (`qaledger summary`, SPEC §8 and §10): counts and rates across kinds for
//! one period, as they stand at as-of, for a governance board.
//!
//! Pure computation over a `Repository` and the deadline engine's results, into plain data that
//! `render::summary` shows; it never prints and never reads the clock. The records are as they
//! stood at as-of (`Repository::rewind`), so a fact after it is not there to count; only records
//! that pass their schema are counted.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::{Serialize, Serializer, ser::SerializeMap};

use crate::compute::deadline::{self, Computed, Deadline, State, ended};
use crate::record::Record;
use crate::record::Scalar;
use crate::repository::Repository;
use crate::schema::Kind;
use crate::time::duration::Duration;
use crate::time::period::Period;
use crate::view::header::{Header, Window};

/// The CQC local-authority assessment quality statements (SPEC §3), in order, with their names.
pub const QUALITY_STATEMENTS: [(&str, &str); 9] = [
    ("QS1", "Assessing needs"),
    ("QS2", "Supporting people to live healthier lives"),
    ("QS3", "Equity in experience and outcomes"),
    ("QS4", "Care provision, integration and continuity"),
    ("QS5", "Partnerships and communities"),
    ("QS6", "Safe systems, pathways and transitions"),
    ("QS7", "Safeguarding"),
    ("QS8", "Governance, management and sustainability"),
    ("QS9", "Learning, improvement and innovation"),
];

/// Everything `summary` reports, for one period at one as-of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// As-of, the period, what was left out, the marking (absent from the JSON when none).
    #[serde(flatten)]
    pub header: Header,
    /// Complaints, service enquiries and compliments, each counted separately (by `type`, in the
    /// schema's order).
    pub complaints: Ordered<ContactFigures>,
    pub audits: AuditFigures,
    pub supervision: SupervisionFigures,
    pub actions: ActionFigures,
    pub reviews: ReviewFigures,
    pub evidence: Evidence,
    /// The words people read for the values the figures are counted by, as the schemas title
    /// them (`x-qaledger-titles`): by the figures' path (`audits.by_type`), value → title.
    /// Values without a title are absent (shown as written); the figures keep the values.
    pub titles: BTreeMap<String, BTreeMap<String, String>>,
}

/// The figures counted by an enum value: their path in the summary, and the kind and field
/// whose values they are.
const TITLED: [(&str, &str, &str); 5] = [
    ("complaints", "complaint", "type"),
    ("complaints.outcomes", "complaint", "outcome"),
    ("audits.by_type", "audit", "type"),
    ("audits.grades", "audit", "grade"),
    ("reviews.by_type", "review", "type"),
];

impl Summary {
    /// The title of `value` counted in the figures at `path`, else the value as written.
    pub fn title<'s>(&'s self, path: &str, value: &'s str) -> &'s str {
        self.titles
            .get(path)
            .and_then(|titles| titles.get(value))
            .map_or(value, String::as_str)
    }
}

/// The titles of every value of the `TITLED` fields the repository's schemas give one.
fn titles(repo: &Repository) -> BTreeMap<String, BTreeMap<String, String>> {
    titled(repo, &TITLED)
}

/// The titles of every value of each (figures' path, kind, field) of `table` that the
/// repository's schemas give one (`x-qaledger-titles`), by path then value.
pub(crate) fn titled(
    repo: &Repository,
    table: &[(&str, &str, &str)],
) -> BTreeMap<String, BTreeMap<String, String>> {
    table
        .iter()
        .filter_map(|(path, kind, field)| {
            let kind = repo.schemas.get(repo.schemas.by_name(kind)?);
            let titles: BTreeMap<String, String> = kind
                .allowed_values(field)?
                .into_iter()
                .filter_map(|v| Some((v.clone(), kind.value_title(field, &v)?.to_owned())))
                .collect();
            (!titles.is_empty()).then(|| ((*path).to_owned(), titles))
        })
        .collect()
}

/// A share: `count` of `of`, with the percentage to one decimal place (`None` when `of` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub count: usize,
    pub of: usize,
    pub percent: Option<f64>,
}

impl Rate {
    pub fn new(count: usize, of: usize) -> Rate {
        // Rounded half up in integers, so 2 of 3 is always 66.7 and never 66.66666666666667.
        let percent = (of > 0).then(|| {
            let tenths = (count * 2000 + of) / (2 * of);
            tenths as f64 / 10.0
        });
        Rate { count, of, percent }
    }
}

/// A rate over the deadlines that fall due in the period. Those not met and not yet overdue at
/// as-of (due today or later) are neither met nor missed yet: they are left out of the rate and
/// counted in `not_yet_due`, so that a period still running is not marked down for them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DueRate {
    #[serde(flatten)]
    pub rate: Rate,
    pub not_yet_due: usize,
}

/// Counts by a field's value, in the schema's order (its `enum`), zeros included; values the
/// schema does not list come after, sorted. Serialises as a JSON object in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// One type of complaint record: complaint, service enquiry or compliment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactFigures {
    /// Received in the period.
    pub received: usize,
    /// Over those whose acknowledgement deadline falls in the period (withdrawn ones have none).
    pub acknowledged_within_timescale: DueRate,
    /// Over those whose response deadline falls in the period (withdrawn ones have none):
    /// responded on or before the due date.
    pub responded_within_timescale: DueRate,
    /// Of those received in the period, by outcome.
    pub outcomes: Ordered<usize>,
    /// Of those received in the period, how many have no outcome recorded.
    pub no_outcome: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditFigures {
    /// Completed in the period (cancelled audits left out).
    pub completed: usize,
    pub by_type: Ordered<usize>,
    /// Of those completed in the period: the grade agreed at moderation when moderated by as-of,
    /// else the auditor's grade.
    pub grades: Ordered<usize>,
    /// Completed in the period without a grade.
    pub ungraded: usize,
    /// Of those completed in the period that need moderation, those moderated by as-of.
    pub moderation_done: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupervisionFigures {
    /// Current staff at as-of: no `left` date or one after as-of, and not starting after as-of.
    pub current_staff: usize,
    /// Of current staff with a supervision due date, those not overdue at as-of.
    pub in_date: Rate,
    /// Current staff whose supervision is overdue, by due date then id.
    pub not_in_date: Vec<StaffOverdue>,
    /// Current staff with no supervision due date (no held session and no `started` date), who
    /// are left out of the rate.
    pub no_due_date: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffOverdue {
    pub id: String,
    pub name: Option<String>,
    pub team: Option<String>,
    pub due: Date,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionFigures {
    /// Agreed (`agreed.date`) in the period.
    pub opened: usize,
    /// Completed in the period (cancelled actions left out).
    pub completed: usize,
    /// Of those completed in the period, completed on or before their due date.
    pub completed_on_time: Rate,
    /// Over the actions whose impact review fell due in the period: impact measured by as-of.
    pub impact_measured: DueRate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewFigures {
    /// Open at the end of the period (or at as-of, when the period ends later).
    pub open_at_end: usize,
    /// Completed in the period.
    pub completed: usize,
    pub by_type: Ordered<ReviewCounts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ReviewCounts {
    pub open_at_end: usize,
    pub completed: usize,
}

/// Evidence for the CQC self-assessment: records whose main date is in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Records (of any kind, cancelled and withdrawn ones left out) whose main date is in the
    /// period.
    pub records: usize,
    /// Of those, how many name no quality statement.
    pub untagged: usize,
    /// Records per quality statement, QS1 to QS9, zeros included so that gaps show.
    pub by_statement: Ordered<usize>,
}

// Deadline names of the built-in schemas that the summary's rates read.
const ACKNOWLEDGEMENT: &str = "acknowledgement";
const RESPONSE: &str = "response";
const IMPACT_REVIEW: &str = "impact-review";
const SUPERVISION: &str = "supervision";

/// One staff member's supervision standing at as-of: what the summary's rate and `export`'s
/// `supervision_compliance` table both count, so they agree.
pub(crate) struct StaffSupervision<'a> {
    pub record: &'a Record,
    /// On the staff at as-of: no `left` date (one after as-of is already unset by
    /// `Repository::rewind`), and not starting after as-of.
    pub current: bool,
    /// Their supervision deadline; none when they have no held session and no `started` date.
    pub deadline: Option<&'a Deadline>,
}

/// Every staff record's supervision standing, in record order.
pub(crate) fn staff_supervision<'a>(
    repo: &'a Repository,
    deadlines: &'a [Deadline],
    as_of: Date,
) -> Vec<StaffSupervision<'a>> {
    let Some(kind_id) = repo.schemas.by_name("staff") else {
        return Vec::new();
    };
    let kind = repo.schemas.get(kind_id);
    // Each member's supervision deadline, by the position of its record.
    let due: HashMap<usize, &Deadline> = deadlines
        .iter()
        .filter(|d| d.kind == kind.spec.kind && d.deadline == SUPERVISION)
        .map(|d| (d.record, d))
        .collect();
    repo.records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind_id)
        .map(|(at, record)| StaffSupervision {
            record,
            current: record.fields.date("left").is_none()
                && record.fields.date("started").is_none_or(|d| d <= as_of),
            deadline: due.get(&at).copied(),
        })
        .collect()
}

/// The summary of `period` as it stands at `as_of`.
pub fn compute(repo: &Repository, period: &Period, as_of: Date) -> Summary {
    let computed = deadline::at(repo, as_of, Duration::ZERO);
    of_deadlines(repo, period, as_of, &computed)
}

/// The summary, given every deadline at `as_of` (under any due-soon window: the summary never
/// tells due soon from not yet due).
pub(crate) fn of_deadlines(
    repo: &Repository,
    period: &Period,
    as_of: Date,
    computed: &Computed,
) -> Summary {
    let scope = SummaryInputs {
        repo,
        period,
        as_of,
        deadlines: &computed.deadlines,
    };
    Summary {
        header: Header {
            as_of,
            period: Window::Period(period.clone()),
            left_out: computed.left_out.clone(),
            marking: repo.config.marking.clone(),
        },
        complaints: scope.complaints(),
        audits: scope.audits(),
        supervision: scope.supervision(),
        actions: scope.actions(),
        reviews: scope.reviews(),
        evidence: scope.evidence(),
        titles: titles(repo),
    }
}

/// What every part of the summary reads.
struct SummaryInputs<'a> {
    repo: &'a Repository,
    period: &'a Period,
    as_of: Date,
    deadlines: &'a [Deadline],
}

impl<'a> SummaryInputs<'a> {
    /// The kind's schema and its records (those with problems too: their unusable values were
    /// dropped at load); none when the repository has no such kind.
    fn kind(&self, name: &str) -> Option<(&'a Kind, Vec<&'a Record>)> {
        let id = self.repo.schemas.by_name(name)?;
        let records = self.repo.records.iter().filter(|r| r.kind == id).collect();
        Some((self.repo.schemas.get(id), records))
    }

    /// The record a deadline was computed from.
    fn record_of(&self, deadline: &Deadline) -> Option<&'a Record> {
        self.repo.records.get(deadline.record)
    }

    /// In the period, and not after as-of: a fact after as-of is already unset
    /// (`Repository::rewind`), and a plan's date (an action's `due` as its main date) after it
    /// is not evidence yet.
    fn counts(&self, day: Option<Date>) -> bool {
        day.is_some_and(|d| self.period.contains(d) && d <= self.as_of)
    }

    /// The kind's deadlines of this name that fall due in the period.
    fn due_in_period(&self, kind: &'a str, name: &'a str) -> impl Iterator<Item = &'a Deadline> {
        let period = self.period;
        self.deadlines
            .iter()
            .filter(move |d| d.kind == kind && d.deadline == name && period.contains(d.due))
    }

    fn complaints(&self) -> Ordered<ContactFigures> {
        let Some((kind, records)) = self.kind("complaint") else {
            return Ordered::default();
        };
        let types = values_in_order(
            kind,
            "type",
            records.iter().filter_map(|r| r.fields.text("type")),
        );
        let outcome_names = kind.allowed_values("outcome").unwrap_or_default();
        // A deadline's type is its own record's, found through it (never by id).
        let type_of = |d: &Deadline| self.record_of(d)?.fields.text("type");
        let mut out = Vec::new();
        for kind_type in types {
            let received: Vec<&Record> = records
                .iter()
                .copied()
                .filter(|r| r.fields.text("type") == Some(kind_type.as_str()))
                .filter(|r| self.counts(r.fields.date("received")))
                .collect();
            let outcomes = tally(
                &outcome_names,
                received.iter().filter_map(|r| r.fields.text("outcome")),
            );
            let timeliness = |name| {
                due_rate(
                    self.due_in_period("complaint", name)
                        .filter(|d| type_of(d) == Some(kind_type.as_str())),
                    Counting::OnTime,
                )
            };
            let figures = ContactFigures {
                received: received.len(),
                acknowledged_within_timescale: timeliness(ACKNOWLEDGEMENT),
                responded_within_timescale: timeliness(RESPONSE),
                no_outcome: received
                    .iter()
                    .filter(|r| r.fields.text("outcome").is_none())
                    .count(),
                outcomes,
            };
            out.push((kind_type, figures));
        }
        Ordered(out)
    }

    fn audits(&self) -> AuditFigures {
        let Some((kind, records)) = self.kind("audit") else {
            return AuditFigures {
                completed: 0,
                by_type: Ordered::default(),
                grades: Ordered::default(),
                ungraded: 0,
                moderation_done: Rate::new(0, 0),
            };
        };
        let completed: Vec<&Record> = records
            .into_iter()
            .filter(|r| !ended(kind, r))
            .filter(|r| self.counts(r.fields.date("completed")))
            .collect();
        let grades: Vec<Option<&str>> = completed.iter().map(|r| grade(r)).collect();
        let needing: Vec<&Record> = completed
            .iter()
            .copied()
            .filter(|r| {
                r.fields
                    .first("moderation.required")
                    .is_some_and(|leaf| leaf.value == Scalar::Bool(true))
            })
            .collect();
        AuditFigures {
            completed: completed.len(),
            by_type: tally(
                &kind.allowed_values("type").unwrap_or_default(),
                completed.iter().filter_map(|r| r.fields.text("type")),
            ),
            grades: tally(
                &kind.allowed_values("grade").unwrap_or_default(),
                grades.iter().flatten().copied(),
            ),
            ungraded: grades.iter().filter(|g| g.is_none()).count(),
            moderation_done: Rate::new(
                needing.iter().filter(|r| moderated(r)).count(),
                needing.len(),
            ),
        }
    }

    fn supervision(&self) -> SupervisionFigures {
        let mut figures = SupervisionFigures {
            current_staff: 0,
            in_date: Rate::new(0, 0),
            not_in_date: Vec::new(),
            no_due_date: Vec::new(),
        };
        let mut with_due_date = 0;
        for member in staff_supervision(self.repo, self.deadlines, self.as_of) {
            if !member.current {
                continue;
            }
            figures.current_staff += 1;
            let record = member.record;
            let Some(deadline) = member.deadline else {
                figures.no_due_date.push(record.id.clone());
                continue;
            };
            with_due_date += 1;
            if deadline.state == State::Overdue {
                figures.not_in_date.push(StaffOverdue {
                    id: record.id.clone(),
                    name: record.fields.text("name").map(str::to_owned),
                    team: record.fields.text("team").map(str::to_owned),
                    due: deadline.due,
                    days_overdue: deadline.days,
                });
            }
        }
        figures
            .not_in_date
            .sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
        figures.no_due_date.sort();
        figures.in_date = Rate::new(with_due_date - figures.not_in_date.len(), with_due_date);
        figures
    }

    fn actions(&self) -> ActionFigures {
        let impact_measured = due_rate(self.due_in_period("action", IMPACT_REVIEW), Counting::Done);
        let Some((kind, records)) = self.kind("action") else {
            return ActionFigures {
                opened: 0,
                completed: 0,
                completed_on_time: Rate::new(0, 0),
                impact_measured,
            };
        };
        let opened = records
            .iter()
            .filter(|r| self.counts(r.fields.date("agreed.date")))
            .count();
        let completed: Vec<&Record> = records
            .into_iter()
            .filter(|r| !ended(kind, r))
            .filter(|r| self.counts(r.fields.date("completed")))
            .collect();
        let on_time = completed
            .iter()
            .filter(
                |r| match (r.fields.date("completed"), r.fields.date("due")) {
                    (Some(done), Some(due)) => done <= due,
                    _ => false,
                },
            )
            .count();
        ActionFigures {
            opened,
            completed: completed.len(),
            completed_on_time: Rate::new(on_time, completed.len()),
            impact_measured,
        }
    }

    fn reviews(&self) -> ReviewFigures {
        let Some((kind, records)) = self.kind("review") else {
            return ReviewFigures {
                open_at_end: 0,
                completed: 0,
                by_type: Ordered::default(),
            };
        };
        // What happens after as-of is not known yet: a period that ends later is seen at as-of.
        let end = self.period.end.min(self.as_of);
        let live: Vec<&Record> = records.into_iter().filter(|r| !ended(kind, r)).collect();
        let types = values_in_order(
            kind,
            "type",
            live.iter().filter_map(|r| r.fields.text("type")),
        );
        let mut by_type: BTreeMap<&str, ReviewCounts> = BTreeMap::new();
        for record in &live {
            let Some(review_type) = record.fields.text("type") else {
                continue;
            };
            let completed = record.fields.date("completed");
            let counts = by_type.entry(review_type).or_default();
            let commissioned = record.fields.date("commissioned");
            if commissioned.is_some_and(|c| c <= end) && completed.is_none_or(|c| c > end) {
                counts.open_at_end += 1;
            }
            if self.counts(completed) {
                counts.completed += 1;
            }
        }
        let by_type: Vec<(String, ReviewCounts)> = types
            .into_iter()
            .map(|t| {
                let counts = by_type.get(t.as_str()).copied().unwrap_or_default();
                (t, counts)
            })
            .collect();
        ReviewFigures {
            open_at_end: by_type.iter().map(|(_, c)| c.open_at_end).sum(),
            completed: by_type.iter().map(|(_, c)| c.completed).sum(),
            by_type: Ordered(by_type),
        }
    }

    fn evidence(&self) -> Evidence {
        let statements: Vec<String> = QUALITY_STATEMENTS
            .iter()
            .map(|(id, _)| (*id).to_owned())
            .collect();
        let mut records = 0;
        let mut untagged = 0;
        let mut tagged = Vec::new();
        for record in &self.repo.records {
            let kind = self.repo.schemas.get(record.kind);
            if ended(kind, record) || !self.counts(deadline::main_date(kind, record)) {
                continue;
            }
            records += 1;
            let before = tagged.len();
            tagged.extend(
                record
                    .fields
                    .values("quality_statements.*")
                    .filter_map(|leaf| leaf.as_str()),
            );
            if tagged.len() == before {
                untagged += 1;
            }
        }
        Evidence {
            records,
            untagged,
            by_statement: tally(&statements, tagged.into_iter()),
        }
    }
}

/// Moderated by as-of (a later date is already unset: `Repository::rewind`).
fn moderated(audit: &Record) -> bool {
    audit.fields.date("moderation.moderated").is_some()
}

/// An audit's grade at as-of: the one agreed at moderation once moderated, else the auditor's.
fn grade(audit: &Record) -> Option<&str> {
    audit
        .fields
        .text("moderation.agreed_grade")
        .filter(|_| moderated(audit))
        .or_else(|| audit.fields.text("grade"))
}

/// Which met deadlines a `DueRate` counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Counting {
    /// Timeliness: met on or before the due date.
    OnTime,
    /// Whether it was done at all by as-of, late or not (an impact measured late was measured).
    Done,
}

/// Met deadlines count (as `counting` says); met late or overdue at as-of count against; not
/// met and not yet overdue is not decided yet.
fn due_rate<'d>(deadlines: impl Iterator<Item = &'d Deadline>, counting: Counting) -> DueRate {
    let (mut met, mut of, mut not_yet_due) = (0, 0, 0);
    for d in deadlines {
        match d.state {
            State::MetOnTime => {
                met += 1;
                of += 1;
            }
            State::MetLate if counting == Counting::Done => {
                met += 1;
                of += 1;
            }
            State::MetLate | State::Overdue => of += 1,
            State::DueSoon | State::NotYetDue => not_yet_due += 1,
            // A cancelled or withdrawn record's deadlines are in no rate.
            State::Ended => {}
        }
    }
    DueRate {
        rate: Rate::new(met, of),
        not_yet_due,
    }
}

/// Counts of `values`, every name of `names` first (zeros included), then any other value,
/// sorted.
fn tally<'v>(names: &[String], values: impl Iterator<Item = &'v str>) -> Ordered<usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    Ordered(in_order(names, counts))
}

/// Every name of `names` with its count (zeros included), then any other counted name, sorted.
pub(crate) fn in_order<K: Borrow<str> + Ord>(
    names: &[String],
    mut counts: BTreeMap<K, usize>,
) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = names
        .iter()
        .map(|n| (n.clone(), counts.remove(n.as_str()).unwrap_or(0)))
        .collect();
    out.extend(counts.into_iter().map(|(k, v)| (k.borrow().to_owned(), v)));
    out
}

/// The schema's values for a field, then any other value the records hold, sorted.
fn values_in_order<'v>(
    kind: &Kind,
    path: &str,
    found: impl Iterator<Item = &'v str>,
) -> Vec<String> {
    let mut names = kind.allowed_values(path).unwrap_or_default();
    let mut extra: Vec<&str> = found.filter(|v| !names.iter().any(|n| n == v)).collect();
    extra.sort_unstable();
    extra.dedup();
    names.extend(extra.into_iter().map(str::to_owned));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field this module reads by name is in its declared contract
    /// (`schema::contract::NEEDS`), so a schema lacking one is refused when it loads.
    #[test]
    fn every_field_read_is_declared() {
        // Quality-statement tags are read from records of every kind that carries them:
        // optional, so no kind must have them.
        let source = include_str!("summary.rs");
        let undeclared = crate::schema::contract::undeclared(
            crate::schema::contract::SUMMARY,
            source,
            &["quality_statements.*"],
        );
        assert!(
            undeclared.is_empty(),
            "read but not declared: {undeclared:?}"
        );
    }

    #[test]
    fn rates_round_half_up_to_one_decimal_and_have_no_percent_over_nothing() {
        // 2/3 = 66.666… → 66.7; 1/8 = 12.5 exactly; 1/16 = 6.25 → 6.3 (half up); 0/0 → none.
        assert_eq!(Rate::new(2, 3).percent, Some(66.7));
        assert_eq!(Rate::new(1, 8).percent, Some(12.5));
        assert_eq!(Rate::new(1, 16).percent, Some(6.3));
        assert_eq!(Rate::new(3, 3).percent, Some(100.0));
        assert_eq!(Rate::new(0, 0).percent, None);
    }

    #[test]
    fn tally_keeps_the_vocabulary_order_with_zeros_then_the_rest_sorted() {
        let names = vec!["good".to_owned(), "bad".to_owned()];
        let counts = tally(&names, ["bad", "odd", "bad", "alien"].into_iter());
        let expected = vec![("good", 0), ("bad", 2), ("alien", 1), ("odd", 1)];
        let got: Vec<(&str, usize)> = counts.0.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn ordered_serialises_as_an_object_in_its_own_order() {
        let counts = Ordered(vec![("z".to_owned(), 1), ("a".to_owned(), 2)]);
        assert_eq!(
            serde_json::to_string(&counts).unwrap_or_default(),
            r#"{"z":1,"a":2}"#
        );
    }
}
