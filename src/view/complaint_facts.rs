//! One complaint's facts as the complaint reports count them (`report annual-complaints`,
//! `report complaints-return`): its procedure, how each clock stood at as-of (from the deadline
//! engine's states, never a date compared here), its extensions, its outcomes and its
//! Ombudsman referral. Both reports add these up, so a figure means the same in each.
//! Pure: records as `Repository::rewind` left them, so a fact after as-of is not there.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{self, Deadline, State};
use crate::record::Record;
use crate::repository::Repository;
use crate::time::period::Period;

// Deadline names of the built-in complaint schema that the reports read.
const OMBUDSMAN_REMEDY: &str = "ombudsman-remedy";

/// Where one stage's clocks and extensions are in the built-in complaint schema: its deadline
/// names, and the fields of the list `qaledger move` keeps the stage's extensions in
/// (`lifecycle.moves` for stage 1, `lifecycle.stage_moves` for stage 2). Both stages are read
/// through this one table, so the reports count them alike.
struct StageFields {
    acknowledgement: &'static str,
    response: &'static str,
    /// Each extension's new date: one per extension.
    extended_to: &'static str,
    /// The day the complainant was told of an extension.
    told: &'static str,
    /// Why an extension goes beyond the procedure's longest.
    beyond_maximum: &'static str,
}

const STAGE_1: StageFields = StageFields {
    acknowledgement: "acknowledgement",
    response: "response",
    extended_to: "due_changes.*.to",
    told: "due_changes.*.complainant_told",
    beyond_maximum: "due_changes.*.beyond_maximum_reason",
};

const STAGE_2: StageFields = StageFields {
    acknowledgement: "stage-2-acknowledgement",
    response: "stage-2-response",
    extended_to: "stage_2.due_changes.*.to",
    told: "stage_2.due_changes.*.complainant_told",
    beyond_maximum: "stage_2.due_changes.*.beyond_maximum_reason",
};

/// The record type the reports count: complaints, not service enquiries or compliments.
const COMPLAINT: &str = "complaint";

/// How one clock of a complaint stood at as-of, as the deadline engine found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    /// Met on or before its due date.
    Within,
    /// Met after its due date, or overdue at as-of.
    Late,
    /// Not met and not yet due at as-of: not decided yet.
    Pending,
    /// No clock: the complaint was withdrawn, or its due date is not known yet (a Code
    /// complaint answered from its acknowledgement that is not acknowledged).
    None,
}

impl Clock {
    fn of(deadline: Option<&Deadline>) -> Clock {
        match deadline.map(|d| d.state) {
            Some(State::MetOnTime) => Clock::Within,
            Some(State::MetLate | State::Overdue) => Clock::Late,
            Some(State::DueSoon | State::NotYetDue) => Clock::Pending,
            Some(State::Ended) | None => Clock::None,
        }
    }
}

/// A complaint as the reports count it.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub record: &'a Record,
    /// Withdrawn (the schema's ended status): its clocks stop, and it may have no outcome.
    pub withdrawn: bool,
    pub received: Date,
    /// The procedure it names; none keeps the `[timescales]`.
    pub procedure: Option<&'a str>,
    pub themes: Vec<&'a str>,
    /// Stage 1 (the only stage of a one-stage procedure): its clocks and extensions.
    pub stage_1: Clocks,
    /// The date the (stage-1) response was sent.
    pub responded: Option<Date>,
    /// The stage-1 outcome, once responded (the rewind unsets it before).
    pub outcome: Option<&'a str>,
    pub stage_2: Option<Stage2<'a>>,
    pub ombudsman: Option<Ombudsman<'a>>,
}

#[derive(Debug, Clone)]
pub struct Stage2<'a> {
    pub requested: Date,
    /// Its own clocks and extensions (`stage_2.due_changes`), read as stage 1's are.
    pub clocks: Clocks,
    /// The stage-2 outcome, once the stage-2 response is sent.
    pub outcome: Option<&'a str>,
}

/// A stage of the procedure, for the figures counted the same way at each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    One,
    Two,
}

/// One stage's clocks and the extensions of its response date.
#[derive(Debug, Clone)]
pub struct Clocks {
    pub acknowledgement: Clock,
    /// Against the timescale that applied, or the latest extended date when extended.
    pub response: Clock,
    pub extensions: Extensions,
}

/// The moves of a stage's response date, as `qaledger move` records them.
#[derive(Debug, Clone, Copy)]
pub struct Extensions {
    /// How many times the response date was moved.
    pub count: usize,
    /// Extensions the complainant was told of (`complainant_told`).
    pub told: usize,
    /// Extensions beyond the procedure's longest, with their reason (`beyond_maximum_reason`).
    pub beyond_maximum: usize,
}

impl Extensions {
    pub fn any(&self) -> bool {
        self.count > 0
    }

    /// The complainant was told of every one.
    pub fn all_told(&self) -> bool {
        self.told >= self.count
    }
}

#[derive(Debug, Clone)]
pub struct Ombudsman<'a> {
    pub reference: Option<&'a str>,
    pub referred: Option<Date>,
    pub decision: Option<&'a str>,
    pub decided: Option<Date>,
    pub remedy: Option<&'a str>,
    pub remedy_due: Option<Date>,
    pub remedy_completed: Option<Date>,
    /// The remedy's deadline: none without a `remedy_due`.
    pub remedy_clock: Clock,
}

impl<'a> Facts<'a> {
    /// The council's last decision on it: the stage-2 outcome once stage 2 is answered, else
    /// the stage-1 outcome.
    pub fn final_outcome(&self) -> Option<&'a str> {
        self.stage_2
            .as_ref()
            .and_then(|s| s.outcome)
            .or(self.outcome)
    }

    /// Decided well-founded (regulation 18(1)(b)): its last outcome upheld or partly upheld.
    pub fn well_founded(&self) -> bool {
        matches!(self.final_outcome(), Some("upheld" | "partly-upheld"))
    }

    pub fn id(&self) -> &'a str {
        &self.record.id
    }

    /// The stage's clocks: stage 1's always, stage 2's once escalated.
    pub fn stage(&self, stage: Stage) -> Option<&Clocks> {
        match stage {
            Stage::One => Some(&self.stage_1),
            Stage::Two => self.stage_2.as_ref().map(|s| &s.clocks),
        }
    }
}

/// Every complaint (type `complaint`) of the repository with its facts, by path.
pub fn all<'a>(repo: &'a Repository, deadlines: &'a [Deadline]) -> Vec<Facts<'a>> {
    let Some(kind) = repo.schemas.by_name("complaint") else {
        return Vec::new();
    };
    let schema = repo.schemas.get(kind);
    let mut by_record: HashMap<(usize, &str), &Deadline> = HashMap::new();
    for d in deadlines {
        by_record.insert((d.record, d.deadline.as_str()), d);
    }
    let clock = |at: usize, name: &str| Clock::of(by_record.get(&(at, name)).copied());
    let clocks = |at: usize, record: &Record, stage: &StageFields| Clocks {
        acknowledgement: clock(at, stage.acknowledgement),
        response: clock(at, stage.response),
        extensions: Extensions {
            count: record.fields.values(stage.extended_to).count(),
            told: record.fields.values(stage.told).count(),
            beyond_maximum: record.fields.values(stage.beyond_maximum).count(),
        },
    };
    repo.records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind && r.fields.text("type") == Some(COMPLAINT))
        .filter_map(|(at, record)| {
            let f = &record.fields;
            let received = f.date("received")?;
            let stage_2 = f.date("stage_2.requested").map(|requested| Stage2 {
                requested,
                clocks: clocks(at, record, &STAGE_2),
                outcome: f.date("stage_2.responded").and(f.text("stage_2.outcome")),
            });
            let ombudsman = f.is_set("ombudsman").then(|| Ombudsman {
                reference: f.text("ombudsman.reference"),
                referred: f.date("ombudsman.referred"),
                decision: f.text("ombudsman.decision"),
                decided: f.date("ombudsman.decided"),
                remedy: f.text("ombudsman.remedy"),
                remedy_due: f.date("ombudsman.remedy_due"),
                remedy_completed: f.date("ombudsman.remedy_completed"),
                remedy_clock: clock(at, OMBUDSMAN_REMEDY),
            });
            Some(Facts {
                record,
                withdrawn: deadline::ended(schema, record),
                received,
                procedure: f.text("procedure"),
                themes: f.values("themes.*").filter_map(|l| l.as_str()).collect(),
                stage_1: clocks(at, record, &STAGE_1),
                responded: f.date("responded"),
                outcome: f.text("outcome"),
                stage_2,
                ombudsman,
            })
        })
        .collect()
}

/// Those received in `period`.
pub fn received_in<'f, 'a>(facts: &'f [Facts<'a>], period: &Period) -> Vec<&'f Facts<'a>> {
    facts
        .iter()
        .filter(|f| period.contains(f.received))
        .collect()
}

#[cfg(test)]
mod tests {
    /// Every field the complaint reports read by name (here and in `annual_complaints`) is in
    /// their contract (`schema::contract::NEEDS`), so loading keeps it and a schema lacking
    /// one is refused, or is one issue 17's schema alone has, kept by its `keep:`.
    #[test]
    fn every_field_read_is_declared() {
        for source in [
            include_str!("complaint_facts.rs"),
            include_str!("annual_complaints.rs"),
        ] {
            let undeclared = crate::schema::contract::undeclared(
                crate::schema::contract::COMPLAINT_REPORTS,
                source,
                crate::schema::contract::COMPLAINT_REPORTS_OPTIONAL,
            );
            assert!(
                undeclared.is_empty(),
                "read but not declared: {undeclared:?}"
            );
        }
    }

    /// The same for the fields each stage's extensions are read from (named in `STAGE_1` and
    /// `STAGE_2`, not in a literal read the test above finds), and the built-in schema keeps
    /// them: loading drops what no rule, view or `keep:` names.
    #[test]
    fn every_stage_field_read_is_declared_and_kept() {
        use crate::schema::contract::COMPLAINT_REPORTS_OPTIONAL;
        let schemas = crate::schema::built_in_for_tests();
        let complaint = schemas.find("complaint").unwrap_or_else(|e| panic!("{e}"));
        for stage in [&super::STAGE_1, &super::STAGE_2] {
            for field in [stage.extended_to, stage.told, stage.beyond_maximum] {
                assert!(
                    COMPLAINT_REPORTS_OPTIONAL.contains(&field),
                    "{field} is not declared"
                );
                assert!(complaint.uses(field), "{field} is not kept");
            }
        }
    }
}
