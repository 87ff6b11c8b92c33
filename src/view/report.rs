//! The board pack (`qaledger report`, SPEC §8): everything a governance board reads for one
//! period, as plain data — the period summary, what is overdue or due soon by team, the open
//! actions of the Learning From tracker, and the figures behind the charts.
//!
//! Pure computation over a `Repository`, reusing `summary`, `deadline` and `tracker`; it never
//! prints, never reads the clock and knows nothing of HTML (`render::report` draws it).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{self, Deadline, State};
use crate::compute::names;
use crate::repository::Repository;
use crate::time::period::Period;
use crate::view::header::Header;
use crate::view::summary::{self, Summary, in_order};
use crate::view::tracker::{self, Filters, Row};

/// The complaint records charted by month, and the deadline whose timeliness is shown.
const COMPLAINT_KIND: &str = "complaint";
const COMPLAINT_TYPE: &str = "complaint";
const RESPONSE: &str = "response";

/// Everything the board pack shows, for one period at one as-of.
#[derive(Debug, Clone, Serialize)]
pub struct BoardPack {
    /// The council's name (`[organisation] name`).
    pub organisation: String,
    /// As-of, the period, what was left out, and the protective marking (at the top and
    /// bottom of the pack and of each printed page): the summary's.
    #[serde(flatten)]
    pub header: Header,
    /// The due-soon window (config `due_soon`, SPEC §10), as written: "14 days".
    pub due_soon: String,
    /// Team id → name, from config, for showing names where records hold ids.
    pub team_names: BTreeMap<String, String>,
    pub summary: Summary,
    /// Overdue and due-soon items at as-of, one group per team: the configured teams in their
    /// order (empty ones included, so a clean team shows), then other team ids sorted, then the
    /// items without a team.
    pub teams: Vec<TeamDeadlines>,
    /// The tracker's actions active during the period whose status is still open, by due date.
    pub open_actions: Vec<Row>,
    /// The counts over `teams` and `open_actions` that the pack shows as totals.
    pub totals: Totals,
    pub charts: Vec<BarChart>,
}

/// The pack's totals, counted here so that the page only shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Items overdue at as-of, every team's together.
    pub overdue: usize,
    /// Items due soon at as-of, every team's together.
    pub due_soon: usize,
    /// The open actions that are overdue.
    pub open_actions_overdue: usize,
}

/// One team's overdue and due-soon items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamDeadlines {
    /// The team id; none for the items of records that name no team.
    pub team: Option<String>,
    /// The team's name from config, else its id, else "No team".
    pub name: String,
    pub overdue: usize,
    pub due_soon: usize,
    /// Overdue items first, then due soon, each by due date then id.
    pub items: Vec<Deadline>,
}

/// A bar chart's figures: one value per category for each series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarChart {
    /// A stable, kebab-case name (`complaints-by-month`), for anchors and tests.
    pub id: String,
    pub title: String,
    /// One sentence saying what is counted, for the caption and screen readers.
    pub description: String,
    /// What the categories are ("Month", "Team").
    pub category: String,
    pub categories: Vec<String>,
    /// What people read for each category, in the same order: a value as its schema titles
    /// it ("In progress", "Safeguarding Adults Review (SAR)"); months and teams as they are.
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    /// One value per category, in the categories' order.
    pub values: Vec<usize>,
}

/// The board pack of `period` as it stands at `as_of`.
pub fn compute(repo: &Repository, period: &Period, as_of: Date) -> BoardPack {
    let due_soon = repo.config.due_soon();
    // Computed once: the summary and the tracker read these too.
    let computed = deadline::at(repo, as_of, due_soon);
    let deadlines = &computed.deadlines;
    let summary = summary::of_deadlines(repo, period, as_of, &computed);
    let teams = by_team(repo, deadlines);
    let tracker = tracker::of_deadlines(
        repo,
        as_of,
        Some(period.clone()),
        Filters::default(),
        &computed,
    );
    let open = open_statuses(repo);
    let open_actions: Vec<Row> = tracker
        .rows
        .iter()
        .filter(|r| r.status.as_ref().is_some_and(|s| open.contains(s)))
        .cloned()
        .collect();
    let charts = vec![
        complaints_by_month(repo, period, as_of, deadlines),
        counts_chart(
            "actions-by-status",
            "Actions by status",
            "Actions active during the period, by their status at as-of.",
            ("Status", "Actions"),
            in_order(&action_values(repo, "status"), tracker.totals.by_status),
            |s| action_title(repo, "status", s),
        ),
        counts_chart(
            "actions-by-source",
            "Actions by source",
            "Actions active during the period, by where the learning came from.",
            ("Source", "Actions"),
            largest_first(&tracker.totals.by_source),
            |s| action_title(repo, "source.type", s),
        ),
        overdue_by_team(&teams),
        counts_chart(
            "audit-grades",
            "Audit grades",
            "Audits completed in the period, by grade (the grade agreed at moderation where moderated).",
            ("Grade", "Audits"),
            summary.audits.grades.0.clone(),
            |g| summary.title("audits.grades", g).to_owned(),
        ),
    ];
    BoardPack {
        organisation: repo.config.organisation.clone(),
        header: summary.header.clone(),
        due_soon: due_soon.to_string(),
        team_names: repo
            .config
            .teams
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
        summary,
        totals: totals(&teams, &open_actions),
        teams,
        open_actions,
        charts,
    }
}

fn totals(teams: &[TeamDeadlines], open_actions: &[Row]) -> Totals {
    Totals {
        overdue: teams.iter().map(|t| t.overdue).sum(),
        due_soon: teams.iter().map(|t| t.due_soon).sum(),
        open_actions_overdue: open_actions
            .iter()
            .filter(|r| r.days_overdue.is_some())
            .count(),
    }
}

/// Overdue and due-soon items grouped by team, in the order `BoardPack::teams` documents.
fn by_team(repo: &Repository, deadlines: &[Deadline]) -> Vec<TeamDeadlines> {
    let mut groups: BTreeMap<Option<String>, Vec<Deadline>> = BTreeMap::new();
    for d in deadlines {
        if matches!(d.state, State::Overdue | State::DueSoon) {
            groups
                .entry(d.team.as_deref().map(str::to_owned))
                .or_default()
                .push(d.clone());
        }
    }
    let mut order: Vec<Option<String>> = repo
        .config
        .teams
        .iter()
        .map(|t| Some(t.id.clone()))
        .collect();
    // BTreeMap order puts `None` first; the items without a team go last.
    let others: Vec<Option<String>> = groups
        .keys()
        .filter(|k| k.is_some() && !order.contains(k))
        .cloned()
        .collect();
    order.extend(others);
    if groups.contains_key(&None) {
        order.push(None);
    }
    order
        .into_iter()
        .map(|team| {
            let mut items = groups.remove(&team).unwrap_or_default();
            // Overdue first; the engine already sorted by due date, id and deadline name.
            items.sort_by_key(|d| d.state != State::Overdue);
            let name = match &team {
                Some(id) => repo
                    .config
                    .team(id)
                    .map_or_else(|| id.clone(), |t| t.name.clone()),
                None => "No team".to_owned(),
            };
            TeamDeadlines {
                overdue: items.iter().filter(|d| d.state == State::Overdue).count(),
                due_soon: items.iter().filter(|d| d.state == State::DueSoon).count(),
                team,
                name,
                items,
            }
        })
        .collect()
}

/// The action schema's open statuses (`x-qaledger.status.open`).
fn open_statuses(repo: &Repository) -> Vec<String> {
    repo.schemas
        .by_name(tracker::KIND)
        .and_then(|k| repo.schemas.get(k).spec.status.as_ref())
        .map(|s| s.open.clone())
        .unwrap_or_default()
}

/// The action schema's allowed values of a field, in the schema's order.
fn action_values(repo: &Repository, field: &str) -> Vec<String> {
    repo.schemas
        .by_name(tracker::KIND)
        .and_then(|k| repo.schemas.get(k).allowed_values(field))
        .unwrap_or_default()
}

/// An action field's value as the action schema titles it, else as written.
fn action_title(repo: &Repository, field: &str, value: &str) -> String {
    repo.schemas
        .by_name(tracker::KIND)
        .map(|k| names::value_title(repo.schemas.get(k), field, value))
        .unwrap_or_else(|| value.to_owned())
}

/// Complaints (type complaint) received in each month of the period up to as-of, and of those
/// how many were responded to within timescale.
fn complaints_by_month(
    repo: &Repository,
    period: &Period,
    as_of: Date,
    deadlines: &[Deadline],
) -> BarChart {
    let months = months(period.start, period.end.min(as_of));
    let mut received = vec![0; months.len()];
    let mut on_time = vec![0; months.len()];
    // Each complaint's response, by the position of its record (never by id).
    let in_time: HashMap<usize, bool> = deadlines
        .iter()
        .filter(|d| d.kind == COMPLAINT_KIND && d.deadline == RESPONSE)
        .map(|d| (d.record, d.state == State::MetOnTime))
        .collect();
    if let Some(kind) = repo.schemas.by_name(COMPLAINT_KIND) {
        let complaints = repo
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == kind)
            .filter(|(_, r)| r.fields.text("type") == Some(COMPLAINT_TYPE));
        for (at, record) in complaints {
            let Some(day) = record.fields.date("received") else {
                continue;
            };
            if !period.contains(day) || day > as_of {
                continue;
            }
            let Some(i) = months.iter().position(|m| month_of(day) == *m) else {
                continue;
            };
            received[i] += 1;
            if in_time.get(&at) == Some(&true) {
                on_time[i] += 1;
            }
        }
    }
    BarChart {
        id: "complaints-by-month".to_owned(),
        title: "Complaints by month".to_owned(),
        description: "Complaints received in each month, and how many of them were responded to within timescale.".to_owned(),
        category: "Month".to_owned(),
        categories: months.iter().map(|m| month_label(*m)).collect(),
        labels: months.iter().map(|m| month_label(*m)).collect(),
        series: vec![
            Series {
                name: "Received".to_owned(),
                values: received,
            },
            Series {
                name: "Responded within timescale".to_owned(),
                values: on_time,
            },
        ],
    }
}

fn overdue_by_team(teams: &[TeamDeadlines]) -> BarChart {
    BarChart {
        id: "overdue-by-team".to_owned(),
        title: "Overdue by team".to_owned(),
        description: "Items overdue and due soon at as-of, by the team of their record.".to_owned(),
        category: "Team".to_owned(),
        categories: teams.iter().map(|t| t.name.clone()).collect(),
        labels: teams.iter().map(|t| t.name.clone()).collect(),
        series: vec![
            Series {
                name: "Overdue".to_owned(),
                values: teams.iter().map(|t| t.overdue).collect(),
            },
            Series {
                name: "Due soon".to_owned(),
                values: teams.iter().map(|t| t.due_soon).collect(),
            },
        ],
    }
}

/// A one-series chart of counts by name, each labelled by `label`; the series is named for
/// what is counted.
fn counts_chart(
    id: &str,
    title: &str,
    description: &str,
    (category, counted): (&str, &str),
    counts: Vec<(String, usize)>,
    label: impl Fn(&str) -> String,
) -> BarChart {
    let (categories, values): (Vec<String>, Vec<usize>) = counts.into_iter().unzip();
    BarChart {
        id: id.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        category: category.to_owned(),
        labels: categories.iter().map(|c| label(c)).collect(),
        categories,
        series: vec![Series {
            name: counted.to_owned(),
            values,
        }],
    }
}

/// The counted names, the largest count first (ties by name).
fn largest_first(counts: &BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The first day of each month from `start`'s to `end`'s; none when `end` is before `start`.
fn months(start: Date, end: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut month = start.first_of_month();
    while month <= end {
        out.push(month);
        match month.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => month = next,
            Err(_) => break,
        }
    }
    out
}

fn month_of(day: Date) -> Date {
    day.first_of_month()
}

/// "Apr 2024".
fn month_label(month: Date) -> String {
    month.strftime("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Every field this module reads by name is in its declared contract
    /// (`schema::contract::NEEDS`), so a schema lacking one is refused when it loads.
    #[test]
    fn every_field_read_is_declared() {
        let source = include_str!("report.rs");
        let undeclared =
            crate::schema::contract::undeclared(crate::schema::contract::REPORT, source, &[]);
        assert!(
            undeclared.is_empty(),
            "read but not declared: {undeclared:?}"
        );
    }

    #[test]
    fn months_run_from_the_start_month_to_the_end_month_inclusive() {
        let got: Vec<String> = months(date(2024, 11, 15), date(2025, 2, 1))
            .into_iter()
            .map(month_label)
            .collect();
        assert_eq!(got, ["Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025"]);
        assert!(months(date(2025, 7, 1), date(2025, 6, 30)).is_empty());
    }

    #[test]
    fn totals_add_up_every_team() {
        let team = |overdue, due_soon| TeamDeadlines {
            team: None,
            name: String::new(),
            overdue,
            due_soon,
            items: Vec::new(),
        };
        assert_eq!(
            totals(&[team(3, 1), team(0, 0), team(2, 5)], &[]),
            Totals {
                overdue: 5,
                due_soon: 6,
                open_actions_overdue: 0
            }
        );
    }

    #[test]
    fn largest_first_breaks_ties_by_name() {
        let counts: BTreeMap<String, usize> = [("b", 2), ("a", 2), ("c", 5)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let sorted = largest_first(&counts);
        let got: Vec<(&str, usize)> = sorted.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, [("c", 5), ("a", 2), ("b", 2)]);
    }

    #[test]
    fn in_order_keeps_the_vocabulary_with_zeros_then_the_rest() {
        let names = vec!["agreed".to_owned(), "completed".to_owned()];
        let counts: BTreeMap<String, usize> = [("completed", 3), ("odd", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let ordered = in_order(&names, counts);
        let got: Vec<(&str, usize)> = ordered.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(got, [("agreed", 0), ("completed", 3), ("odd", 1)]);
    }
}
