//! The quarterly complaints return (`report complaints-return`): a row per quarter of the
//! financial year, shaped as councils submit benchmarking returns, each count with its ids.
//! Each column counts what happened in the quarter: received by the received date, outcomes
//! and timeliness by the date the response was sent, Ombudsman referrals and decisions by
//! theirs. Pure: adds up `complaint_facts`, as the annual report does.

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline;
use crate::repository::Repository;
use crate::time::duration::Duration;
use crate::time::period::{self, Period};
use crate::view::annual_complaints::Ids;
use crate::view::complaint_facts::{self, Clock, Facts};
use crate::view::header::Header;

/// Ombudsman decisions that found fault (with or without injustice).
const FAULT_FOUND: [&str; 2] = ["fault-injustice", "fault-no-injustice"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintsReturn {
    #[serde(flatten)]
    pub header: Header,
    pub organisation: String,
    /// A row per financial quarter the period touches, then, when there are several, the
    /// whole period's.
    pub rows: Vec<QuarterRow>,
}

/// One quarter's counts (complaints of type `complaint` only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterRow {
    /// `FY2025-26-Q2`, or the period's label for the total row.
    pub quarter: String,
    pub start: Date,
    pub end: Date,
    pub received: Ids,
    /// Responses sent in the quarter, by stage-1 outcome.
    pub upheld: Ids,
    pub partly_upheld: Ids,
    pub not_upheld: Ids,
    /// Responses sent in the quarter on or before the date that applied (the timescale, or
    /// the extended date), and after it.
    pub responded_within_timescale: Ids,
    pub responded_late: Ids,
    pub ombudsman_referred: Ids,
    pub ombudsman_decided: Ids,
    /// Of the decisions, those finding fault (with or without injustice).
    pub ombudsman_fault_found: Ids,
}

/// The return for `period` (its financial quarters) as it stands at `as_of`.
pub fn compute(repo: &Repository, period: &Period, as_of: Date) -> ComplaintsReturn {
    let computed = deadline::at(repo, as_of, Duration::ZERO);
    let facts = complaint_facts::all(repo, &computed.deadlines);
    let quarters = period::financial_quarters(period);
    let mut rows: Vec<QuarterRow> = quarters.iter().map(|q| row(&facts, q)).collect();
    if rows.len() > 1 {
        rows.push(row(&facts, period));
    }
    ComplaintsReturn {
        header: Header::of_period(repo, as_of, period, &computed.left_out),
        organisation: repo.config.organisation.clone(),
        rows,
    }
}

fn row(facts: &[Facts<'_>], quarter: &Period) -> QuarterRow {
    let within = |day: Option<Date>| day.is_some_and(|d| quarter.contains(d));
    let count = |keep: &dyn Fn(&Facts<'_>) -> bool| {
        Ids::from_ids(facts.iter().filter(|f| keep(f)).map(|f| f.id().to_owned()))
    };
    let answered = |f: &Facts<'_>| within(f.responded);
    let outcome = |want: &'static str| move |f: &Facts<'_>| answered(f) && f.outcome == Some(want);
    let referred = |f: &Facts<'_>| within(f.ombudsman.as_ref().and_then(|o| o.referred));
    let decided = |f: &Facts<'_>| within(f.ombudsman.as_ref().and_then(|o| o.decided));
    QuarterRow {
        quarter: quarter.label.clone(),
        start: quarter.start,
        end: quarter.end,
        received: count(&|f| within(Some(f.received))),
        upheld: count(&outcome("upheld")),
        partly_upheld: count(&outcome("partly-upheld")),
        not_upheld: count(&outcome("not-upheld")),
        responded_within_timescale: count(&|f| answered(f) && f.stage_1.response == Clock::Within),
        responded_late: count(&|f| answered(f) && f.stage_1.response == Clock::Late),
        ombudsman_referred: count(&referred),
        ombudsman_decided: count(&decided),
        ombudsman_fault_found: count(&|f| {
            decided(f)
                && f.ombudsman
                    .as_ref()
                    .and_then(|o| o.decision)
                    .is_some_and(|d| FAULT_FOUND.contains(&d))
        }),
    }
}
