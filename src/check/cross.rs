//! The checks that span records: duplicate ids, references (missing, wrong kind, unknown
//! staff), date orders through a reference (`supervisee->left`), and near-duplicate themes.
//!
//! Run over every record of the repository, valid or not, after all files are loaded.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::check::index::Index;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::diagnostic::suggest::{Names, did_you_mean};
use crate::record::{Record, display_path};
use crate::schema::extension::ReferenceSpec;
use crate::schema::{KindId, SchemaSet};

pub fn check(
    records: &[Record],
    index: &Index,
    schemas: &SchemaSet,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicate_ids(records, index, &mut out);
    // Built by the first missing reference, if any: most repositories never need it.
    let names = OnceLock::new();
    out.par_extend(records.par_iter().flat_map_iter(|record| {
        let mut found = Vec::new();
        references(record, records, index, &names, schemas, &mut found);
        remote_date_order(record, records, index, schemas, &mut found);
        found
    }));
    if config.themes.is_empty() {
        similar_themes(records, schemas, &mut out);
    }
    out
}

fn duplicate_ids(records: &[Record], index: &Index, out: &mut Vec<Diagnostic>) {
    for (id, at) in index.duplicates() {
        for &i in at {
            let others: Vec<&str> = at
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| records[j].path.as_str())
                .collect();
            let record = &records[i];
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &record.path,
                    record.id_pos,
                    format!("the id `{id}` is also used by {}", others.join(", ")),
                )
                .record(Some(id))
                .field("id")
                .hint("give one of them the next free id, and rename its file to match"),
            );
        }
    }
}

/// The kinds a reference may name, for this record.
pub(crate) fn allowed_kinds<'a>(spec: &'a ReferenceSpec, record: &Record) -> &'a [String] {
    match &spec.kinds_by {
        Some(by) => record
            .fields
            .text(&by.field)
            .and_then(|value| by.map.get(value))
            .unwrap_or(&by.otherwise),
        None => &spec.kinds,
    }
}

fn references<'a>(
    record: &Record,
    records: &[Record],
    index: &'a Index,
    names: &OnceLock<Names<'a>>,
    schemas: &SchemaSet,
    out: &mut Vec<Diagnostic>,
) {
    let kind = schemas.get(record.kind);
    for spec in &kind.spec.references {
        let allowed = allowed_kinds(spec, record);
        let allowed_ids: Vec<KindId> = allowed.iter().filter_map(|k| schemas.by_name(k)).collect();
        let roster =
            !allowed_ids.is_empty() && allowed_ids.iter().all(|&k| schemas.get(k).spec.roster);
        if roster && allowed_ids.iter().all(|&k| index.count_of_kind(k) == 0) {
            continue; // an empty roster is not checked (SPEC §7)
        }
        for leaf in record.fields.values(&spec.field) {
            let Some(target) = leaf.as_str() else {
                continue;
            };
            let field = display_path(&leaf.path);
            let found = index.get(target);
            let diagnostic = if found.is_empty() {
                let names = names.get_or_init(|| Names::new(index.ids()));
                let better = names.near(target, |id| {
                    index
                        .get(id)
                        .first()
                        .is_some_and(|&i| allowed_ids.contains(&records[i].kind))
                });
                let (code, mut message) = if roster {
                    (
                        Code::UnknownStaff,
                        format!("`{target}` is not in the staff roster"),
                    )
                } else {
                    (
                        Code::ReferenceMissing,
                        format!("`{field}` names `{target}`, but no record has that id"),
                    )
                };
                message.push_str(&did_you_mean(better));
                let hint = if roster {
                    "use a staff id from records/staff/, or add a record for this member of staff"
                        .to_owned()
                } else {
                    format!("correct the id, or add the {}", allowed.join(" or "))
                };
                Diagnostic::new(code, &record.path, leaf.pos, message).hint(hint)
            } else if let Some(&other) = found
                .iter()
                .find(|&&i| !allowed_ids.contains(&records[i].kind))
            {
                if found
                    .iter()
                    .any(|&i| allowed_ids.contains(&records[i].kind))
                {
                    continue;
                }
                let actual = &schemas.get(records[other].kind).spec.kind;
                Diagnostic::new(
                    Code::ReferenceWrongKind,
                    &record.path,
                    leaf.pos,
                    format!(
                        "`{target}` is {}, but `{field}` must name {}",
                        super::schema::with_article(actual),
                        allowed
                            .iter()
                            .map(|k| super::schema::with_article(k))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                )
                .hint("check the id, or the field that says what kind of record it should be")
            } else {
                continue;
            };
            out.push(diagnostic.record(Some(&record.id)).field(field));
        }
    }
}

/// The date orders that follow a reference (`check::date_order`), the named record found by id.
fn remote_date_order(
    record: &Record,
    records: &[Record],
    index: &Index,
    schemas: &SchemaSet,
    out: &mut Vec<Diagnostic>,
) {
    let subject = super::date_order::Subject {
        fields: &record.fields,
        file: &record.path,
        id: Some(&record.id),
        id_pos: record.id_pos,
    };
    let lookup = |id: &str| {
        let &i = index.get(id).first()?;
        Some(&records[i].fields)
    };
    let orders = &schemas.get(record.kind).spec.date_order;
    super::date_order::check(orders, &subject, Some(&lookup), out);
}

fn similar_themes(records: &[Record], schemas: &SchemaSet, out: &mut Vec<Diagnostic>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let theme_leaves = || {
        records.iter().flat_map(|r| {
            let field = schemas.get(r.kind).spec.themes.as_deref();
            field
                .into_iter()
                .flat_map(move |f| r.fields.values(f).map(move |l| (r, l)))
        })
    };
    for (_, leaf) in theme_leaves() {
        if let Some(theme) = leaf.as_str() {
            *counts.entry(theme).or_default() += 1;
        }
    }
    let normal = |t: &str| t.to_lowercase().replace([' ', '_'], "-");
    let mut preferred: BTreeMap<&str, &str> = BTreeMap::new();
    for (&theme, &count) in &counts {
        let better = counts
            .iter()
            .filter(|&(&other, &n)| other != theme && (n > count || (n == count && other < theme)))
            .filter(|&(&other, _)| {
                normal(other) == normal(theme)
                    || (theme.len() >= 5
                        && strsim::jaro_winkler(&normal(other), &normal(theme)) >= 0.93)
            })
            .max_by_key(|&(_, &n)| n);
        if let Some((&other, _)) = better {
            preferred.insert(theme, other);
        }
    }
    for (record, leaf) in theme_leaves() {
        let Some(theme) = leaf.as_str() else { continue };
        if let Some(other) = preferred.get(theme) {
            out.push(
                Diagnostic::new(
                    Code::SimilarTheme,
                    &record.path,
                    leaf.pos,
                    format!(
                        "the theme `{theme}` looks like `{other}`, used in {} other records",
                        counts.get(other).copied().unwrap_or(0)
                    ),
                )
                .record(Some(&record.id))
                .field(display_path(&leaf.path))
                .hint(format!("use `{other}` if they mean the same, or set [vocabulary] themes in qaledger.toml")),
            );
        }
    }
}

/// What `check --changed-since` must load beside the changed records so that a cross-record
/// check reports as a full load does. `repository::changed` answers each (an exhaustive match there), and
/// [`RELATED`] says which check needs which: the narrowing asks, it does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Related {
    /// Records holding a changed record's id, or its file's name (duplicate ids).
    SameId,
    /// Records whose ids a changed record's references name, and, for a target no record has,
    /// those one edit away from it (the "did you mean").
    ReferenceTargets,
    /// Records naming a deleted or renamed-away record's id, and any record still holding it.
    ReferrersOfGone,
    /// One record of each roster kind that has any: an empty roster is not checked.
    RosterWitness,
    /// Records whose ids a changed record's remote date order names (`supervisee->left`).
    DateOrderTargets,
    /// Every record: near-duplicate themes compare all records' themes (when the vocabulary
    /// is open, `[vocabulary] themes` empty).
    Every,
}

/// Per code this module emits, the related records its check reads. A test fails when a code
/// emitted above has no row here.
pub const RELATED: &[(Code, &[Related])] = &[
    (Code::DuplicateId, &[Related::SameId]),
    (
        Code::UnknownStaff,
        &[
            Related::ReferenceTargets,
            Related::ReferrersOfGone,
            Related::RosterWitness,
        ],
    ),
    (
        Code::ReferenceMissing,
        &[Related::ReferenceTargets, Related::ReferrersOfGone],
    ),
    (Code::ReferenceWrongKind, &[Related::ReferenceTargets]),
    (Code::DateOrder, &[Related::DateOrderTargets]),
    (Code::SimilarTheme, &[Related::Every]),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code this module's checks can emit (each `Code::` named above `RELATED`, or in the
    /// date-order mechanism they call) says
    /// which related records it needs, so `--changed-since` cannot silently under-report a
    /// new cross-record check.
    #[test]
    fn every_emitted_code_says_which_related_records_it_needs() {
        let source = include_str!("cross.rs");
        let checks = source.split("pub const RELATED").next().unwrap_or_default();
        // The remote date orders are checked here through the one date-order mechanism.
        let sources = [checks, include_str!("date_order.rs")];
        let mut emitted: Vec<&str> = sources
            .iter()
            .flat_map(|source| source.split("Code::").skip(1))
            .filter_map(|rest| {
                let end = rest.find(|c: char| !c.is_ascii_alphanumeric())?;
                Some(&rest[..end])
            })
            .collect();
        emitted.sort_unstable();
        emitted.dedup();
        let mut declared: Vec<String> = RELATED.iter().map(|(c, _)| format!("{c:?}")).collect();
        declared.sort_unstable();
        assert_eq!(emitted, declared);
        assert!(RELATED.iter().all(|(_, related)| !related.is_empty()));
    }
}
