//! What `show ID` shows: one record's text, its deadlines, its links both ways and, for a
//! member of staff, the items they own.
//!
//! Plain data assembled from the repository and the deadline list; the command reads the file
//! and the renderers lay it out. Nothing here prints, reads files or reads the clock.

use serde::Serialize;

use crate::compute::deadline::{self, Computed, Deadline, State};
use crate::repository::Repository;
use crate::repository::left_out::LeftOut;
use crate::view::links::{self, Links};

#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub kind: String,
    pub id: String,
    pub title: String,
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// Passed its schema; a record that did not still shows the deadlines its usable fields give.
    pub valid: bool,
    /// Problems its file has (`qaledger check PATH` lists them).
    pub problems: u32,
    /// The file's text as written (a byte-order mark dropped).
    pub text: String,
    /// This record's deadlines, met or not, sorted by due date then name.
    pub deadlines: Vec<Deadline>,
    /// This record's deadlines that cannot be computed, and why.
    pub left_out: Vec<LeftOut>,
    pub links: Links,
    /// For a kind that is a roster (staff): the unmet deadlines this member owns, overdue first,
    /// then due soon, then the rest, each by due date. `None` for other kinds.
    pub owns: Option<Vec<Deadline>>,
}

/// Assembles the view of the record at position `at` in `repo.records`, given every deadline
/// at as-of and the file's text. Its deadlines are those computed from that record: another
/// file holding the same id (a `duplicate-id` error) keeps its own.
pub fn compute(repo: &Repository, at: usize, computed: &Computed, text: String) -> Shown {
    let record = &repo.records[at];
    let kind = repo.schemas.get(record.kind);
    let all = &computed.deadlines;
    let deadlines = all.iter().filter(|d| d.record == at).cloned().collect();
    let left_out = computed
        .left_out
        .iter()
        .filter(|l| l.path == record.path)
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
        problems: record.problems,
        text: text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text),
        deadlines,
        left_out,
        links: links::compute(repo, record),
        owns,
    }
}
