//! `past-retention`: a warning on each record kept past its kind's retention period at as-of
//! (UK GDPR Art. 5(1)(e)). Run with the cross-record checks, once per run, so one calendar
//! serves every record; `RetentionSpec::due` says when each period ends.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::record::{Record, display_path};
use crate::schema::SchemaSet;
use crate::schema::extension::RetentionSpec;
use crate::time::calendar::Calendar;

/// A warning for every record past retention at `as_of`, at the date its period runs from.
pub fn check(
    records: &[Record],
    schemas: &SchemaSet,
    config: &Config,
    as_of: Date,
) -> Vec<Diagnostic> {
    if schemas.kinds().iter().all(|k| k.spec.retention.is_none()) {
        return Vec::new();
    }
    let calendar = Calendar::new(config);
    // On every core: at 100,000 records this was a twentieth of a warm `check`, on one.
    records
        .par_iter()
        .filter_map(|record| {
            let spec = schemas.get(record.kind).spec.retention.as_ref()?;
            let due = spec.due(&record.fields, config, &calendar)?;
            if !RetentionSpec::is_past(due.ends, as_of) {
                return None;
            }
            let leaf = record.fields.first(due.from_field)?;
            let field = display_path(&leaf.path);
            Some(Diagnostic::new(
                Code::PastRetention,
                &record.path,
                leaf.pos,
                format!(
                    "this record is kept past its retention period: {} from `{field}` ({}) ended on {}",
                    due.period, due.from, due.ends
                ),
            )
            .field(field)
            .record(Some(&record.id))
            .hint("delete it, and remove it from the git history too (docs/retention.md); `qaledger retention` lists every such record"))
        })
        .collect()
}
