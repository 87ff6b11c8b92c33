//! The annual complaints report (`report annual-complaints`): regulation 18 of the 2009
//! Regulations and the Complaint Handling Code's annual report, as plain data. Every count
//! carries the ids behind it (`Ids`), so each figure can be traced to its records.
//!
//! Pure: adds up `complaint_facts` (the deadline engine's states, never a clock recomputed) and
//! the tracker's rows for the actions that came from complaints; `render::annual_complaints`
//! lays it out.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline;
use crate::repository::Repository;
use crate::time::duration::Duration;
use crate::time::period::Period;
use crate::view::complaint_facts::{self, Clock, Extensions, Facts, Stage};
use crate::view::header::Header;
use crate::view::summary::{Ordered, Rate};
use crate::view::tracker;

/// The key of the complaints that name no procedure (the `[timescales]` apply).
pub const NO_PROCEDURE: &str = "no-procedure";

/// The sources of actions that come from complaints (`source.type`).
const FROM_COMPLAINTS: [&str; 2] = ["complaint", "ombudsman"];

/// A count and the ids of the records it counts, sorted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ids {
    pub count: usize,
    pub ids: Vec<String>,
}

impl Ids {
    fn of<'f, 'a: 'f>(facts: impl IntoIterator<Item = &'f Facts<'a>>) -> Ids {
        Ids::from_ids(facts.into_iter().map(|f| f.id().to_owned()))
    }

    pub(crate) fn from_ids(ids: impl IntoIterator<Item = String>) -> Ids {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort();
        Ids {
            count: ids.len(),
            ids,
        }
    }
}

/// How one clock stood at as-of for a set of complaints: the four parts add up to the set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timeliness {
    /// How many complaints the clock was read for: the four parts below add up to it.
    pub of: usize,
    /// Met on or before the due date that applied.
    pub within: Ids,
    /// Met after it, or overdue at as-of.
    pub late: Ids,
    /// Not met and not yet due at as-of: in no rate yet.
    pub pending: Ids,
    /// No clock: withdrawn, or no due date known yet.
    pub no_clock: Ids,
    /// Within as a share of within and late (none when both are 0).
    pub percent_within: Option<f64>,
}

impl Timeliness {
    fn of<'f, 'a: 'f>(facts: &[&'f Facts<'a>], clock: impl Fn(&Facts<'a>) -> Clock) -> Self {
        let part = |want: Clock| Ids::of(facts.iter().copied().filter(|f| clock(f) == want));
        let (within, late) = (part(Clock::Within), part(Clock::Late));
        Timeliness {
            of: facts.len(),
            percent_within: Rate::new(within.count, within.count + late.count).percent,
            within,
            late,
            pending: part(Clock::Pending),
            no_clock: part(Clock::None),
        }
    }
}

/// The annual report's model, for one period (a year to 31 March, `FY2025-26`) at one as-of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualComplaints {
    #[serde(flatten)]
    pub header: Header,
    /// The council's name (`[organisation] name`).
    pub organisation: String,
    /// Regulation 18(1)(a): complaints (type `complaint`) received in the period.
    pub received: Ids,
    /// Regulation 18(1)(b): of those, decided well-founded — the last outcome (stage 2's once
    /// answered, else stage 1's) upheld or partly upheld.
    pub well_founded: Ids,
    /// Regulation 18(1)(c): complaints referred to the Ombudsman in the period
    /// (`ombudsman.referred`), whenever they were received.
    pub referred_to_ombudsman: Ids,
    /// Regulation 18(1)(d)(i), the subject matter: the themes of those received, most first
    /// (a complaint with several themes counts under each).
    pub subjects: Ordered<Ids>,
    pub no_theme: Ids,
    /// Of those received, by stage-1 outcome in the schema's order.
    pub outcomes: Ordered<Ids>,
    /// Of those received, those with no stage-1 outcome at as-of, withdrawn ones aside.
    pub no_outcome: Ids,
    /// Of those received, withdrawn with no outcome recorded.
    pub withdrawn: Ids,
    /// Of those received, by procedure: its figures against its own timescales.
    pub procedures: Ordered<ProcedureFigures>,
    /// The procedures reported under the Complaint Handling Code (`handling_code = true`).
    pub handling_code: Vec<String>,
    pub ombudsman: OmbudsmanFigures,
    /// Regulation 18(1)(d)(ii)–(iii): the learning and the action taken or to be taken.
    pub learning: Learning,
    /// The complaints counted that have YAML or schema problems (their unusable values were
    /// left out of the figures): each with its path and how many problems, by path.
    pub with_problems: Vec<WithProblems>,
    /// Enum values in words, as the schemas title them: by figure path, value → title.
    pub titles: BTreeMap<String, BTreeMap<String, String>>,
}

impl AnnualComplaints {
    /// The title of `value` counted at `path`, else the value as written.
    pub fn title<'s>(&'s self, path: &str, value: &'s str) -> &'s str {
        self.titles
            .get(path)
            .and_then(|titles| titles.get(value))
            .map_or(value, String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithProblems {
    pub id: String,
    pub path: String,
    pub problems: u32,
}

/// One procedure's complaints received in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureFigures {
    /// Its name in `qaledger.toml` (or the words for no procedure).
    pub name: String,
    /// Its timescales as configured, stage by stage ("stage-1 acknowledgement: 3 working days").
    pub timescales: Vec<String>,
    pub received: Ids,
    /// Stage 1 (the only stage of a one-stage procedure): `acknowledged`, `responded`,
    /// `extended` at this level.
    #[serde(flatten)]
    pub stage_1: StageTimeliness,
    pub well_founded: Ids,
    pub stage_2: Stage2Figures,
}

/// One stage's clocks, counted the same way at each stage: the acknowledgement, and the
/// response with the complaints extended at that stage apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTimeliness {
    pub acknowledged: Timeliness,
    /// Those never extended at this stage, against the timescale that applied.
    pub responded: Timeliness,
    /// Those whose response date was moved at this stage, against the latest extended date.
    pub extended: Extended,
}

impl StageTimeliness {
    /// The complaints of `facts` that reached `stage`, read at that stage.
    fn of<'f, 'a: 'f>(facts: &[&'f Facts<'a>], stage: Stage) -> Self {
        let reached: Vec<&Facts<'a>> = facts
            .iter()
            .copied()
            .filter(|f| f.stage(stage).is_some())
            .collect();
        let extensions = |f: &Facts<'a>| f.stage(stage).map(|c| c.extensions);
        let (extended, plain): (Vec<&Facts<'a>>, Vec<&Facts<'a>>) = reached
            .iter()
            .copied()
            .partition(|f| extensions(f).is_some_and(|e| e.any()));
        let extended_where = |keep: &dyn Fn(&Extensions) -> bool| {
            Ids::of(
                extended
                    .iter()
                    .copied()
                    .filter(|f| extensions(f).is_some_and(|e| keep(&e))),
            )
        };
        let acknowledgement =
            |f: &Facts<'a>| f.stage(stage).map_or(Clock::None, |c| c.acknowledgement);
        let response = |f: &Facts<'a>| f.stage(stage).map_or(Clock::None, |c| c.response);
        StageTimeliness {
            acknowledged: Timeliness::of(&reached, acknowledgement),
            responded: Timeliness::of(&plain, response),
            extended: Extended {
                complaints: Ids::of(extended.iter().copied()),
                extensions: extended
                    .iter()
                    .filter_map(|f| extensions(f))
                    .map(|e| e.count)
                    .sum(),
                responded: Timeliness::of(&extended, response),
                complainant_told: extended_where(&|e| e.all_told()),
                complainant_not_told: extended_where(&|e| !e.all_told()),
                beyond_maximum: extended_where(&|e| e.beyond_maximum > 0),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extended {
    pub complaints: Ids,
    /// How many extensions they had in all.
    pub extensions: usize,
    /// Against the extended date: within it, after it, not yet due.
    pub responded: Timeliness,
    /// Extended complaints whose every extension records the day the complainant was told.
    pub complainant_told: Ids,
    pub complainant_not_told: Ids,
    /// Extended beyond the procedure's longest extension (each with its reason: a check).
    pub beyond_maximum: Ids,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage2Figures {
    /// Of those received in the period, escalated to stage 2 by as-of.
    pub requested: Ids,
    /// `acknowledged`, `responded` (never extended at stage 2) and `extended` (against the
    /// latest stage-2 date), as at stage 1.
    #[serde(flatten)]
    pub timeliness: StageTimeliness,
    pub outcomes: Ordered<Ids>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OmbudsmanFigures {
    /// Referred in the period (regulation 18(1)(c)).
    pub referred: Ids,
    /// Decided in the period, and by decision.
    pub decided: Ids,
    pub decisions: Ordered<Ids>,
    /// Of the cases below with a remedy due date: the remedy carried out by it, after it,
    /// not yet due.
    pub remedies: Timeliness,
    /// Each complaint referred or decided in the period, by id.
    pub cases: Vec<OmbudsmanCase>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OmbudsmanCase {
    pub id: String,
    pub reference: Option<String>,
    pub received: Date,
    pub referred: Option<Date>,
    pub decision: Option<String>,
    pub decided: Option<Date>,
    pub remedy: Option<String>,
    pub remedy_due: Option<Date>,
    pub remedy_completed: Option<Date>,
    pub remedy_clock: Clock,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learning {
    /// The Learning From tracker's actions that came from complaints (their source is a
    /// complaint or the Ombudsman, they name a complaint, or a complaint names them) and were
    /// active during the period, as the tracker lists them.
    pub actions: Vec<LearningAction>,
    pub by_status: Ordered<Ids>,
    /// Of those completed, by impact rating; `not_measured` when none is recorded yet.
    pub impact: Ordered<Ids>,
    pub impact_not_measured: Ids,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearningAction {
    pub id: String,
    pub title: String,
    /// The complaints it came from (its `source.refs`, and the complaints naming it).
    pub complaints: Vec<String>,
    pub status: Option<String>,
    pub due: Option<Date>,
    pub completed: Option<Date>,
    pub impact_rating: Option<String>,
}

/// The report for `period` as it stands at `as_of`.
pub fn compute(repo: &Repository, period: &Period, as_of: Date) -> AnnualComplaints {
    let computed = deadline::at(repo, as_of, Duration::ZERO);
    let facts = complaint_facts::all(repo, &computed.deadlines);
    let received = complaint_facts::received_in(&facts, period);
    let outcome_names = allowed(repo, "complaint", "stage_2.outcome");
    let procedures = procedures(repo, &received, &outcome_names);
    AnnualComplaints {
        header: Header::of_period(repo, as_of, period, &computed.left_out),
        organisation: repo.config.organisation.clone(),
        well_founded: Ids::of(received.iter().copied().filter(|f| f.well_founded())),
        referred_to_ombudsman: Ids::of(
            facts
                .iter()
                .filter(|f| in_period(period, f.ombudsman.as_ref().and_then(|o| o.referred))),
        ),
        subjects: subjects(&received),
        no_theme: Ids::of(received.iter().copied().filter(|f| f.themes.is_empty())),
        outcomes: by_value(&allowed(repo, "complaint", "outcome"), &received, |f| {
            f.outcome
        }),
        no_outcome: Ids::of(
            received
                .iter()
                .copied()
                .filter(|f| f.outcome.is_none() && !f.withdrawn),
        ),
        withdrawn: Ids::of(
            received
                .iter()
                .copied()
                .filter(|f| f.outcome.is_none() && f.withdrawn),
        ),
        received: Ids::of(received.iter().copied()),
        handling_code: repo
            .config
            .procedures
            .iter()
            .filter(|(id, p)| p.handling_code && procedures.0.iter().any(|(k, _)| k == *id))
            .map(|(id, _)| id.clone())
            .collect(),
        procedures,
        ombudsman: ombudsman(repo, &facts, period),
        learning: learning(repo, &facts, &computed, period, as_of),
        with_problems: received
            .iter()
            .filter(|f| f.record.problems > 0)
            .map(|f| WithProblems {
                id: f.id().to_owned(),
                path: f.record.path.clone(),
                problems: f.record.problems,
            })
            .collect(),
        titles: titles(repo),
    }
}

fn in_period(period: &Period, day: Option<Date>) -> bool {
    day.is_some_and(|d| period.contains(d))
}

/// The schema's values of a kind's enum field, in its order.
fn allowed(repo: &Repository, kind: &str, field: &str) -> Vec<String> {
    repo.schemas
        .by_name(kind)
        .and_then(|id| repo.schemas.get(id).allowed_values(field))
        .unwrap_or_default()
}

/// The complaints counted by a value: every name of `names` (zeros included), then any other
/// value found, sorted; complaints without one are not counted.
fn by_value<'a>(
    names: &[String],
    facts: &[&Facts<'a>],
    value: impl Fn(&Facts<'a>) -> Option<&'a str>,
) -> Ordered<Ids> {
    let mut found: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in facts {
        if let Some(v) = value(f) {
            found.entry(v).or_default().push(f.id().to_owned());
        }
    }
    let mut out: Vec<(String, Ids)> = names
        .iter()
        .map(|n| {
            let ids = found.remove(n.as_str()).unwrap_or_default();
            (n.clone(), Ids::from_ids(ids))
        })
        .collect();
    out.extend(
        found
            .into_iter()
            .map(|(k, ids)| (k.to_owned(), Ids::from_ids(ids))),
    );
    Ordered(out)
}

/// Themes, the most frequent first, then by name.
fn subjects(received: &[&Facts<'_>]) -> Ordered<Ids> {
    let mut by_theme: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in received {
        let themes: BTreeSet<&str> = f.themes.iter().copied().collect();
        for theme in themes {
            by_theme.entry(theme).or_default().push(f.id().to_owned());
        }
    }
    let mut out: Vec<(String, Ids)> = by_theme
        .into_iter()
        .map(|(theme, ids)| (theme.to_owned(), Ids::from_ids(ids)))
        .collect();
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
    Ordered(out)
}

/// A figure block per procedure named by a complaint received in the period (in the
/// configuration's order, then any it lacks), then the complaints naming none.
fn procedures(
    repo: &Repository,
    received: &[&Facts<'_>],
    stage_2_outcomes: &[String],
) -> Ordered<ProcedureFigures> {
    let named: BTreeSet<&str> = received.iter().filter_map(|f| f.procedure).collect();
    let mut out = Vec::new();
    for id in &named {
        let configured = repo.config.procedures.get(*id);
        let these: Vec<&Facts<'_>> = received
            .iter()
            .copied()
            .filter(|f| f.procedure == Some(*id))
            .collect();
        let name = configured.map_or_else(|| (*id).to_owned(), |p| p.name.clone());
        let timescales = configured.map(timescales).unwrap_or_default();
        out.push((
            (*id).to_owned(),
            figures(name, timescales, &these, stage_2_outcomes),
        ));
    }
    let unnamed: Vec<&Facts<'_>> = received
        .iter()
        .copied()
        .filter(|f| f.procedure.is_none())
        .collect();
    if !unnamed.is_empty() {
        let t = &repo.config.timescales;
        let timescales = [
            ("acknowledgement", "complaint_acknowledgement"),
            ("response", "complaint_response"),
        ]
        .iter()
        .filter_map(|(words, key)| Some(format!("{words}: {}", t.get(*key)?)))
        .collect();
        out.push((
            NO_PROCEDURE.to_owned(),
            figures(
                "No procedure named (the council's default timescales)".to_owned(),
                timescales,
                &unnamed,
                stage_2_outcomes,
            ),
        ));
    }
    Ordered(out)
}

/// A procedure's timescales in words, stage by stage.
fn timescales(procedure: &crate::config::Procedure) -> Vec<String> {
    let mut out = Vec::new();
    for (stage, s) in &procedure.stages {
        let stage = stage.replace('-', " ");
        for (name, duration) in &s.timescales {
            let name = match name.as_str() {
                "response" => "response from receipt",
                "response_after_acknowledgement" => "response after acknowledgement",
                "extension_max" => "longest extension",
                other => other,
            };
            out.push(format!("{stage} {name}: {duration}"));
        }
        for (band, duration) in &s.complexity {
            out.push(format!("{stage} response, {band}: {duration}"));
        }
    }
    out
}

fn figures(
    name: String,
    timescales: Vec<String>,
    these: &[&Facts<'_>],
    stage_2_outcomes: &[String],
) -> ProcedureFigures {
    let escalated: Vec<&Facts<'_>> = these
        .iter()
        .copied()
        .filter(|f| f.stage_2.is_some())
        .collect();
    ProcedureFigures {
        name,
        timescales,
        received: Ids::of(these.iter().copied()),
        stage_1: StageTimeliness::of(these, Stage::One),
        well_founded: Ids::of(these.iter().copied().filter(|f| f.well_founded())),
        stage_2: Stage2Figures {
            requested: Ids::of(escalated.iter().copied()),
            timeliness: StageTimeliness::of(&escalated, Stage::Two),
            outcomes: by_value(stage_2_outcomes, &escalated, |f| {
                f.stage_2.as_ref().and_then(|s| s.outcome)
            }),
        },
    }
}

fn ombudsman(repo: &Repository, facts: &[Facts<'_>], period: &Period) -> OmbudsmanFigures {
    let referred =
        |f: &&Facts<'_>| in_period(period, f.ombudsman.as_ref().and_then(|o| o.referred));
    let decided = |f: &&Facts<'_>| in_period(period, f.ombudsman.as_ref().and_then(|o| o.decided));
    let cases: Vec<&Facts<'_>> = facts.iter().filter(|f| referred(f) || decided(f)).collect();
    let decided_in: Vec<&Facts<'_>> = cases.iter().copied().filter(|f| decided(f)).collect();
    let with_remedy: Vec<&Facts<'_>> = cases
        .iter()
        .copied()
        .filter(|f| f.ombudsman.as_ref().is_some_and(|o| o.remedy_due.is_some()))
        .collect();
    let mut rows: Vec<OmbudsmanCase> = cases
        .iter()
        .filter_map(|f| {
            let o = f.ombudsman.as_ref()?;
            Some(OmbudsmanCase {
                id: f.id().to_owned(),
                reference: o.reference.map(str::to_owned),
                received: f.received,
                referred: o.referred,
                decision: o.decision.map(str::to_owned),
                decided: o.decided,
                remedy: o.remedy.map(str::to_owned),
                remedy_due: o.remedy_due,
                remedy_completed: o.remedy_completed,
                remedy_clock: o.remedy_clock,
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.referred, &a.id).cmp(&(b.referred, &b.id)));
    OmbudsmanFigures {
        referred: Ids::of(cases.iter().copied().filter(|f| referred(f))),
        decided: Ids::of(decided_in.iter().copied()),
        decisions: by_value(
            &allowed(repo, "complaint", "ombudsman.decision"),
            &decided_in,
            |f| f.ombudsman.as_ref().and_then(|o| o.decision),
        ),
        remedies: Timeliness::of(&with_remedy, |f| {
            f.ombudsman.as_ref().map_or(Clock::None, |o| o.remedy_clock)
        }),
        cases: rows,
    }
}

/// The tracker's rows for the period that came from complaints.
fn learning(
    repo: &Repository,
    facts: &[Facts<'_>],
    computed: &deadline::Computed,
    period: &Period,
    as_of: Date,
) -> Learning {
    let complaint_ids: BTreeSet<&str> = facts.iter().map(Facts::id).collect();
    // Action id → the complaints naming it (learning form or other actions).
    let mut named_by: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in facts {
        let fields = &f.record.fields;
        for leaf in fields
            .values("learning_form.actions.*")
            .chain(fields.values("actions.*"))
        {
            if let Some(action) = leaf.as_str() {
                named_by.entry(action).or_default().insert(f.id());
            }
        }
    }
    let tracker = tracker::of_deadlines(
        repo,
        as_of,
        Some(period.clone()),
        tracker::Filters::default(),
        computed,
    );
    let mut actions = Vec::new();
    for row in tracker.rows {
        let mut complaints: BTreeSet<&str> = row
            .source_refs
            .iter()
            .map(String::as_str)
            .filter(|r| complaint_ids.contains(r))
            .collect();
        complaints.extend(named_by.get(row.id.as_str()).into_iter().flatten());
        let from_complaints = row
            .source_type
            .as_deref()
            .is_some_and(|s| FROM_COMPLAINTS.contains(&s));
        if complaints.is_empty() && !from_complaints {
            continue;
        }
        actions.push(LearningAction {
            complaints: complaints.into_iter().map(str::to_owned).collect(),
            id: row.id,
            title: row.title,
            status: row.status,
            due: row.due,
            completed: row.completed,
            impact_rating: row.impact_rating,
        });
    }
    let ids = |keep: &dyn Fn(&LearningAction) -> bool| {
        Ids::from_ids(actions.iter().filter(|a| keep(a)).map(|a| a.id.clone()))
    };
    let tally = |names: Vec<String>, value: &dyn Fn(&LearningAction) -> Option<&str>| {
        let mut found: BTreeSet<&str> = actions.iter().filter_map(value).collect();
        let mut out: Vec<(String, Ids)> = Vec::new();
        for name in names {
            found.remove(name.as_str());
            let counted = ids(&|a| value(a) == Some(name.as_str()));
            out.push((name, counted));
        }
        for other in found {
            out.push((other.to_owned(), ids(&|a| value(a) == Some(other))));
        }
        Ordered(out)
    };
    let completed = |a: &LearningAction| a.completed.is_some();
    Learning {
        by_status: tally(allowed(repo, "action", "status"), &|a| a.status.as_deref()),
        impact: tally(allowed(repo, "action", "impact.rating"), &|a| {
            a.impact_rating.as_deref().filter(|_| completed(a))
        }),
        impact_not_measured: ids(&|a| completed(a) && a.impact_rating.is_none()),
        actions,
    }
}

/// The figures counted by an enum value and the kind and field whose values they are.
const TITLED: [(&str, &str, &str); 5] = [
    ("outcomes", "complaint", "outcome"),
    ("stage_2.outcomes", "complaint", "stage_2.outcome"),
    ("ombudsman.decisions", "complaint", "ombudsman.decision"),
    ("learning.by_status", "action", "status"),
    ("learning.impact", "action", "impact.rating"),
];

fn titles(repo: &Repository) -> BTreeMap<String, BTreeMap<String, String>> {
    crate::view::summary::titled(repo, &TITLED)
}
