//! Retention (UK GDPR Art. 5(1)(e), storage limitation): when each record's retention period
//! ends, by its kind's `x-qaledger.retention` (a date to run from, a period from the council's
//! `[retention]` or the schema's default), and which records are kept past it at as-of.
//!
//! A mechanism over the schemas, naming no kind (`RetentionSpec::due` reads the block, and
//! `check` warns with it too); pure: it never prints and never reads the clock.

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::record::Record;
use crate::repository::Repository;
use crate::repository::left_out::LeftOut;
use crate::schema::Kind;
use crate::schema::extension::RetentionSpec;
use crate::time::calendar::Calendar;

/// A record kept past its retention period at as-of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Past {
    pub id: String,
    pub kind: String,
    /// The record's path relative to the root.
    pub path: String,
    /// The field the period runs from, and its date.
    pub runs_from_field: String,
    pub runs_from: Date,
    /// The retention period, as written ("6 years").
    pub period: String,
    /// The date the period ended: the record was due for deletion from the day after.
    pub ended: Date,
    /// Days from `ended` to as-of.
    pub days_past: i64,
    /// Problems the record has (0: none).
    pub problems: u32,
}

/// Every record past retention at `as_of`, by end date then path; and the records whose period
/// could not be worked out because a field it reads has a problem, named.
pub fn past(repo: &Repository, as_of: Date) -> (Vec<Past>, Vec<LeftOut>) {
    let calendar = Calendar::new(&repo.config);
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for record in &repo.records {
        let kind = repo.schemas.get(record.kind);
        let Some(spec) = &kind.spec.retention else {
            continue;
        };
        let reads: Vec<&str> = spec.reads().map(String::as_str).collect();
        if let Some(field) = record.broken_read(&reads) {
            left_out.push(LeftOut::of_record(
                &kind.spec,
                record,
                Some(RETENTION.to_owned()),
                format!("`{field}` has a problem"),
            ));
            continue;
        }
        if let Some(item) = past_one(kind, record, spec, &repo.config, &calendar, as_of) {
            out.push(item);
        }
    }
    out.sort_by(|a, b| (a.ended, &a.path).cmp(&(b.ended, &b.path)));
    left_out.sort();
    (out, left_out)
}

/// What a left-out retention period is named, where deadlines are named.
const RETENTION: &str = "retention";

fn past_one(
    kind: &Kind,
    record: &Record,
    spec: &RetentionSpec,
    config: &Config,
    calendar: &Calendar,
    as_of: Date,
) -> Option<Past> {
    let due = spec.due(&record.fields, config, calendar)?;
    if !RetentionSpec::is_past(due.ends, as_of) {
        return None;
    }
    Some(Past {
        id: record.id.clone(),
        kind: kind.spec.kind.clone(),
        path: record.path.clone(),
        runs_from_field: due.from_field.to_owned(),
        runs_from: due.from,
        period: due.period.to_string(),
        ended: due.ends,
        days_past: (as_of - due.ends).get_days().into(),
        problems: record.problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn past_from_the_day_after_the_period_ends() {
        let ends = date(2025, 5, 1);
        assert!(!RetentionSpec::is_past(ends, date(2025, 4, 30)));
        assert!(!RetentionSpec::is_past(ends, ends));
        assert!(RetentionSpec::is_past(ends, date(2025, 5, 2)));
    }
}
