//! Time travel (SPEC §10): the records as they stood at as-of, the one lens every view reads
//! through. Run once on a loaded repository before any view computes (`Repository::rewind`):
//! a record whose coming-into-being fact lies after as-of is taken out, a fact dated after as-of
//! is unset, and a value recorded with such a fact reads as it was before it (a `completed`
//! status as the open one). Which dates are facts is schema data (`x-qaledger.as_of`); plans
//! (`due`, `scheduled` …) are left as they are. No kind is named here, and nothing is printed.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::record::Scalar;
use crate::record::{Record, path_matches};
use crate::schema::SchemaSet;
use crate::schema::extension::KindSpec;

/// Rewinds every record to as-of in place; returns the paths of the records taken out because
/// they did not exist yet, in path order.
pub fn rewind(records: &mut Vec<Record>, schemas: &SchemaSet, as_of: Date) -> Vec<String> {
    let in_being: Vec<bool> = records
        .par_iter_mut()
        .map(|record| rewind_record(&schemas.get(record.kind).spec, record, as_of))
        .collect();
    let mut gone = Vec::new();
    let mut flags = in_being.into_iter();
    records.retain(|record| {
        let keep = flags.next().unwrap_or(true);
        if !keep {
            gone.push(record.path.clone());
        }
        keep
    });
    gone
}

/// One record as it stood at as-of; false when it did not exist yet.
fn rewind_record(kind: &KindSpec, record: &mut Record, as_of: Date) -> bool {
    // Most records (every one, at today's as-of) hold no date after as-of: nothing to rewind.
    if !record.fields.any_date_after(as_of) {
        return true;
    }
    let after = |leaf: &crate::record::Leaf| leaf.as_date().is_some_and(|d| d > as_of);
    let spec = &kind.as_of;
    let later = |record: &Record, path: &str| record.fields.date(path).is_some_and(|d| d > as_of);
    if spec
        .exists_from
        .as_deref()
        .is_some_and(|first| later(record, first))
    {
        return false;
    }
    // Values recorded with a later fact first, while that fact's date can still be read.
    for rule in &spec.recorded_with {
        if !later(record, &rule.on) {
            continue;
        }
        record.fields.0.retain_mut(|leaf| {
            let recorded = path_matches(&leaf.path, &rule.field)
                && (rule.values.is_empty()
                    || leaf.to_text().is_some_and(|t| rule.values.contains(&t)));
            match (&rule.was, recorded) {
                (_, false) => true,
                (Some(was), true) => {
                    leaf.value = Scalar::Str(was.as_str().into());
                    true
                }
                (None, true) => false,
            }
        });
    }
    record
        .fields
        .0
        .retain(|leaf| !(after(leaf) && spec.is_fact(&kind.happened, &leaf.path)));
    true
}

/// The latest date of a fact the record holds (after `rewind`: on or before as-of).
pub fn last_fact(kind: &KindSpec, record: &Record) -> Option<Date> {
    record
        .fields
        .0
        .iter()
        .filter(|leaf| kind.as_of.is_fact(&kind.happened, &leaf.path))
        .filter_map(|leaf| leaf.as_date())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::Pos;
    use crate::record::{Fields, Leaf};
    use crate::schema::extension::{AsOfSpec, RecordedWith};
    use jiff::civil::date;

    fn leaf(path: &str, value: &str) -> Leaf {
        Leaf {
            path: path.to_owned().into(),
            value: Scalar::Str(value.into()),
            pos: Pos::default(),
        }
    }

    fn spec() -> KindSpec {
        let block = serde_json::json!({
            "kind": "action",
            "folder": "actions",
            "happened": ["agreed.date", "completed", "updates.*.date"],
        });
        let mut spec: KindSpec = serde_json::from_value(block).unwrap_or_else(|e| panic!("{e}"));
        spec.as_of = AsOfSpec {
            exists_from: Some("agreed.date".to_owned()),
            facts: vec!["left".to_owned()],
            recorded_with: vec![
                RecordedWith {
                    field: "status".to_owned(),
                    values: vec!["completed".to_owned()],
                    on: "completed".to_owned(),
                    was: Some("in-progress".to_owned()),
                },
                RecordedWith {
                    field: "rating".to_owned(),
                    values: vec![],
                    on: "completed".to_owned(),
                    was: None,
                },
            ],
        };
        spec
    }

    fn record(leaves: Vec<Leaf>) -> Record {
        Record {
            kind: 0,
            id: "ACT-2025-0001".to_owned(),
            id_pos: Pos::default(),
            path: "records/actions/ACT-2025-0001.yaml".to_owned(),
            valid: true,
            problems: 0,
            broken: Vec::new(),
            fields: Fields(leaves),
        }
    }

    fn paths(record: &Record) -> Vec<(String, String)> {
        record
            .fields
            .0
            .iter()
            .map(|l| (l.path.to_string(), l.to_text().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn later_facts_are_unset_and_plans_stay() {
        let mut r = record(vec![
            leaf("agreed.date", "2025-03-01"),
            leaf("due", "2025-04-30"),
            leaf("completed", "2025-03-25"),
            leaf("status", "completed"),
            leaf("rating", "improved"),
            leaf("updates.0.date", "2025-03-10"),
            leaf("updates.1.date", "2025-03-16"),
            leaf("updates.1.note", "chased"),
            leaf("left", "2025-03-16"),
        ]);
        assert!(rewind_record(&spec(), &mut r, date(2025, 3, 15)));
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        assert_eq!(
            paths(&r),
            pairs(&[
                ("agreed.date", "2025-03-01"),
                ("due", "2025-04-30"),
                ("status", "in-progress"),
                ("updates.0.date", "2025-03-10"),
                ("updates.1.note", "chased"),
            ])
        );
    }

    /// The built-in complaint schema: before the stage-2 response date, the stage-2 response
    /// and its outcome read as unset (issue 17: the outcome is recorded with the response).
    #[test]
    fn a_stage_2_outcome_is_hidden_before_its_response() {
        let set = crate::schema::built_in_for_tests();
        let complaint = set.find("complaint").unwrap_or_else(|e| panic!("{e}"));
        let before = |as_of| {
            let mut r = record(vec![
                leaf("received", "2026-06-01"),
                leaf("responded", "2026-06-18"),
                leaf("outcome", "not-upheld"),
                leaf("stage_2.requested", "2026-06-22"),
                leaf("stage_2.responded", "2026-07-20"),
                leaf("stage_2.outcome", "upheld"),
            ]);
            assert!(rewind_record(&complaint.spec, &mut r, as_of));
            (
                r.fields.text("stage_2.outcome").map(str::to_owned),
                r.fields.date("stage_2.responded"),
                r.fields.text("outcome").map(str::to_owned),
            )
        };
        assert_eq!(
            before(date(2026, 7, 19)),
            (None, None, Some("not-upheld".to_owned()))
        );
        assert_eq!(
            before(date(2026, 7, 20)),
            (
                Some("upheld".to_owned()),
                Some(date(2026, 7, 20)),
                Some("not-upheld".to_owned())
            )
        );
    }

    #[test]
    fn facts_on_as_of_count_and_a_record_not_yet_agreed_is_out() {
        let mut on_the_day = record(vec![
            leaf("agreed.date", "2025-03-01"),
            leaf("completed", "2025-03-15"),
            leaf("status", "completed"),
        ]);
        assert!(rewind_record(&spec(), &mut on_the_day, date(2025, 3, 15)));
        assert_eq!(on_the_day.fields.text("status"), Some("completed"));
        assert_eq!(on_the_day.fields.date("completed"), Some(date(2025, 3, 15)));

        let mut later = record(vec![leaf("agreed.date", "2025-03-16")]);
        assert!(!rewind_record(&spec(), &mut later, date(2025, 3, 15)));
        // Without the fact that brings it into being, a record is always there.
        let mut undated = record(vec![leaf("due", "2025-03-16")]);
        assert!(rewind_record(&spec(), &mut undated, date(2025, 3, 15)));
    }
}
