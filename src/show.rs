//! What `show ID` shows: one record's text, its deadlines, its links both ways and, for a
//! member of staff, the items they own.
//!
//! Plain data assembled from the repository and the deadline list; the command reads the file
//! and the renderers lay it out. Nothing here prints, reads files or reads the clock.

use serde::Serialize;

use crate::deadline::{self, Deadline, State};
use crate::links::{self, Links};
use crate::record::Record;
use crate::repository::Repository;

#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub kind: String,
    pub id: String,
    pub title: String,
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// Passed its schema; a record that did not has no deadlines here (compiled views skip it).
    pub valid: bool,
    /// The file's text as written (a byte-order mark dropped).
    pub text: String,
    /// This record's deadlines, met or not, sorted by due date then name.
    pub deadlines: Vec<Deadline>,
    pub links: Links,
    /// For a kind that is a roster (staff): the unmet deadlines this member owns, overdue first,
    /// then due soon, then the rest, each by due date. `None` for other kinds.
    pub owns: Option<Vec<Deadline>>,
}

/// Assembles the view of `record`, given every deadline at as-of and the file's text.
pub fn compute(repo: &Repository, record: &Record, all: &[Deadline], text: String) -> Shown {
    let kind = repo.schemas.get(record.kind);
    let deadlines = all
        .iter()
        .filter(|d| d.path == record.path)
        .cloned()
        .collect();
    let owns = kind.spec.roster.then(|| {
        let mut owned: Vec<Deadline> = all
            .iter()
            .filter(|d| d.owner.as_deref() == Some(record.id.as_str()))
            .filter(|d| matches!(d.state, State::Overdue | State::DueSoon | State::NotYetDue))
            .cloned()
            .collect();
        owned.sort_by(|a, b| {
            (a.state, a.due, &a.id, &a.deadline).cmp(&(b.state, b.due, &b.id, &b.deadline))
        });
        owned
    });
    Shown {
        kind: kind.spec.kind.clone(),
        id: record.id.clone(),
        title: deadline::title(kind, record, repo.case_refs),
        path: record.path.clone(),
        valid: record.valid,
        text: text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text),
        deadlines,
        links: links::compute(repo, record),
        owns,
    }
}
