//! The fields the compiled views read, as data: one table of (kind, field, who needs it).
//!
//! The tracker, summary and board pack name fields in Rust; this table is their contract
//! with the schemas. Loading checks each needed field of a kind that exists is in that kind's
//! properties (a council's schema that drops one is a configuration error, not blank columns)
//! and keeps it on every record, so a schema's `keep:` list need not repeat it.

/// One field a view reads from the records of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// The kind whose records are read (`action`).
    pub kind: &'static str,
    /// The field path, dotted, `*` for a list's items (`source.refs.*`).
    pub field: &'static str,
    /// Who reads it, as a message says it (`the tracker`).
    pub who: &'static str,
}

const fn need(who: &'static str, kind: &'static str, field: &'static str) -> Need {
    Need { kind, field, who }
}

pub const TRACKER: &str = "the tracker";
pub const SUMMARY: &str = "the summary";
pub const REPORT: &str = "the board pack";
pub const COMPLAINT_REPORTS: &str = "the complaint reports";
pub const SAR: &str = "the SAR report";

/// Every field a view reads. A kind that no schema defines needs nothing: its view is empty.
/// Fields a schema may rename (`x-qaledger.owner`, `team`, `themes`, `status`) are checked
/// where the block names them, and their defaults are optional, so they are not listed here.
pub const NEEDS: &[Need] = &[
    // The tracker's columns (src/tracker.rs).
    need(TRACKER, "action", "title"),
    need(TRACKER, "action", "source.type"),
    need(TRACKER, "action", "source.refs.*"),
    need(TRACKER, "action", "level"),
    need(TRACKER, "action", "agreed.forum"),
    need(TRACKER, "action", "agreed.date"),
    need(TRACKER, "action", "due"),
    need(TRACKER, "action", "completed"),
    need(TRACKER, "action", "impact.rating"),
    // The summary's counts (src/summary.rs).
    need(SUMMARY, "complaint", "type"),
    need(SUMMARY, "complaint", "received"),
    need(SUMMARY, "complaint", "outcome"),
    need(SUMMARY, "audit", "type"),
    need(SUMMARY, "audit", "grade"),
    need(SUMMARY, "audit", "completed"),
    need(SUMMARY, "audit", "moderation.required"),
    need(SUMMARY, "audit", "moderation.moderated"),
    need(SUMMARY, "audit", "moderation.agreed_grade"),
    need(SUMMARY, "staff", "name"),
    need(SUMMARY, "staff", "team"),
    need(SUMMARY, "staff", "started"),
    need(SUMMARY, "staff", "left"),
    need(SUMMARY, "action", "agreed.date"),
    need(SUMMARY, "action", "due"),
    need(SUMMARY, "action", "completed"),
    need(SUMMARY, "review", "type"),
    need(SUMMARY, "review", "commissioned"),
    need(SUMMARY, "review", "completed"),
    // The board pack's own reads (src/report.rs).
    need(REPORT, "complaint", "type"),
    need(REPORT, "complaint", "received"),
    // The annual complaints report and the quarterly return (src/view/complaint_facts.rs,
    // annual_complaints.rs). Fields added by issue 17 (procedure, stage_2, due_changes,
    // a complaint's own actions) are kept by the built-in schema's `keep:` instead, so a
    // council's older complaint schema still loads and reports them as absent.
    need(COMPLAINT_REPORTS, "complaint", "type"),
    need(COMPLAINT_REPORTS, "complaint", "received"),
    need(COMPLAINT_REPORTS, "complaint", "responded"),
    need(COMPLAINT_REPORTS, "complaint", "outcome"),
    need(COMPLAINT_REPORTS, "complaint", "themes.*"),
    need(COMPLAINT_REPORTS, "complaint", "learning_form.actions.*"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.reference"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.referred"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.decision"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.decided"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.remedy"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.remedy_due"),
    need(COMPLAINT_REPORTS, "complaint", "ombudsman.remedy_completed"),
    // The Safeguarding Adults Board's report inputs (src/view/sar.rs); its actions are the
    // tracker's rows.
    need(SAR, "review", "type"),
    need(SAR, "review", "commissioned"),
    need(SAR, "review", "completed"),
    need(SAR, "review", "findings"),
    need(SAR, "review", "actions.*"),
];

/// The complaint fields the complaint reports read that only issue 17's schema has: kept by
/// the built-in schema's `keep:`, not required of a council's own schema.
#[cfg(test)]
pub(crate) const COMPLAINT_REPORTS_OPTIONAL: &[&str] = &[
    "procedure",
    "stage_2.requested",
    "stage_2.responded",
    "stage_2.outcome",
    "due_changes.*.to",
    "due_changes.*.complainant_told",
    "due_changes.*.beyond_maximum_reason",
    "stage_2.due_changes.*.to",
    "stage_2.due_changes.*.complainant_told",
    "stage_2.due_changes.*.beyond_maximum_reason",
    "actions.*",
];

/// The action fields the SAR report reads that only issue 17's schema has (a finding decided
/// not to be implemented, and why): kept by the built-in schema's `keep:`, not required of a
/// council's own action schema, which then simply has no such decisions.
#[cfg(test)]
pub(crate) const SAR_OPTIONAL: &[&str] = &["not_implemented.reason", "not_implemented.decided"];

/// The fields `who` reads from `kind`, in table order.
pub fn needed(who: &str, kind: &str) -> impl Iterator<Item = &'static str> {
    let (who, kind) = (who.to_owned(), kind.to_owned());
    NEEDS
        .iter()
        .filter(move |n| n.who == who && n.kind == kind)
        .map(|n| n.field)
}

/// The fields a view's source (`include_str!` of its own file) reads by name that `who` has not
/// declared here, `optional` aside: what its test expects to be empty.
#[cfg(test)]
pub(crate) fn undeclared<'s>(who: &str, source: &'s str, optional: &[&str]) -> Vec<&'s str> {
    read_in_source(source)
        .into_iter()
        .filter(|field| !optional.contains(field))
        .filter(|field| !NEEDS.iter().any(|n| n.who == who && n.field == *field))
        .collect()
}

/// The field names a module's source reads as literals (`.text("type")`, `.date(…)`,
/// `.first(…)`, `.values(…)`), above its tests.
#[cfg(test)]
pub(crate) fn read_in_source(source: &str) -> Vec<&str> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut read: Vec<&str> = [".text(\"", ".date(\"", ".first(\"", ".values(\""]
        .iter()
        .flat_map(|call| code.split(call).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    read.sort_unstable();
    read.dedup();
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_literal_reads_of_a_source_are_found() {
        let source = "r.fields.text(\"type\");\n  .first(\"a.b\")\n.date(\"type\")\n#[cfg(test)]\n.text(\"no\")";
        assert_eq!(read_in_source(source), ["a.b", "type"]);
    }

    #[test]
    fn every_built_in_kind_has_the_fields_the_views_read() {
        // Loading the built-ins checks the contract: it would fail with the field's name.
        let set = crate::schema::built_in_for_tests();
        for need in NEEDS {
            let kind = set.find(need.kind).unwrap_or_else(|e| panic!("{e}"));
            assert!(kind.uses(need.field), "{need:?}");
        }
    }
}
