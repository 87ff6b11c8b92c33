//! Links between records, both ways: the ids a record's reference fields name, and the records
//! whose reference fields name it.
//!
//! Generic over the schemas' `x-qaledger.references` (an audit's `actions`, an action's
//! `source.refs`, a complaint's handler …): no code per kind. Pure computation; never prints.

use serde::Serialize;

use crate::compute::deadline;
use crate::record::{Record, pattern_of};
use crate::repository::Repository;
use crate::schema::extension::ReferenceSpec;

/// One link: the record at the other end, and the reference field that makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The other record's kind; `None` when no record has the id (a broken reference).
    pub kind: Option<String>,
    pub id: String,
    /// The reference field, without list indexes (`source.refs`, `learning_form.actions`):
    /// outgoing, the shown record's field; incoming, the other record's.
    pub field: String,
    /// The other record's short title; `None` when no record has the id.
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Links {
    /// Records this one names, in the order of its kind's references, then of the file.
    pub outgoing: Vec<Link>,
    /// Records naming this one, sorted by kind, id, then field.
    pub incoming: Vec<Link>,
}

/// The links of `record`, over every record that could be read (valid or not: a reference in
/// a file that fails its schema is still there for a reader to follow).
pub fn compute(repo: &Repository, record: &Record) -> Links {
    let mut outgoing = Vec::new();
    for (spec, target) in references(repo, record) {
        // Every record holding the id, by path: when two files hold it (a `duplicate-id`
        // error), which one is meant is not known, so each is a link with its own title.
        let holders = repo.index.get(target);
        let others = holders.iter().map(|&i| Some(&repo.records[i]));
        let others: Vec<Option<&Record>> = if holders.is_empty() {
            vec![None]
        } else {
            others.collect()
        };
        for other in others {
            let link = Link {
                kind: other.map(|o| repo.schemas.get(o.kind).spec.kind.clone()),
                id: target.to_owned(),
                field: field_name(spec),
                title: other.map(|o| deadline::title(repo.schemas.get(o.kind), o, repo.case_refs)),
            };
            if !outgoing.contains(&link) {
                outgoing.push(link);
            }
        }
    }

    let mut incoming: Vec<Link> = Vec::new();
    for other in &repo.records {
        for (spec, target) in references(repo, other) {
            if target != record.id {
                continue;
            }
            let kind = repo.schemas.get(other.kind);
            incoming.push(Link {
                kind: Some(kind.spec.kind.clone()),
                id: other.id.clone(),
                field: field_name(spec),
                title: Some(deadline::title(kind, other, repo.case_refs)),
            });
        }
    }
    incoming.sort_by(|a, b| (&a.kind, &a.id, &a.field).cmp(&(&b.kind, &b.id, &b.field)));
    incoming.dedup();
    Links { outgoing, incoming }
}

/// Every (reference rule, named id) of a record, in the order of its kind's rules.
fn references<'a>(
    repo: &'a Repository,
    record: &'a Record,
) -> impl Iterator<Item = (&'a ReferenceSpec, &'a str)> {
    repo.schemas
        .get(record.kind)
        .spec
        .references
        .iter()
        .flat_map(move |spec| {
            record
                .fields
                .values(&spec.field)
                .filter_map(move |leaf| Some((spec, leaf.as_str()?)))
        })
}

/// `source.refs.*` → `source.refs`: the field as a person names it.
fn field_name(spec: &ReferenceSpec) -> String {
    pattern_of(&spec.field)
        .split('.')
        .filter(|segment| *segment != "*")
        .collect::<Vec<_>>()
        .join(".")
}
