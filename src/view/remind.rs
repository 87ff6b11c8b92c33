//! Reminder digests: the overdue and due-soon deadlines grouped by owner, each owner addressed
//! with the name and email of their roster record, and a file name for each digest.
//!
//! Pure computation over the deadline list; the command writes the files and the renderers
//! lay them out. Nothing here prints, writes or reads the clock.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::compute::deadline::{Computed, Deadline, State};
use crate::repository::Repository;
use crate::repository::left_out::LeftOut;

/// The digest of deadlines that have no owner (a review without a lead, a member of staff
/// without a manager). A staff id cannot start with `_`, so it never meets a real owner's.
pub const UNASSIGNED: &str = "_unassigned";

/// One owner's reminder.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// The staff id; `None` for the deadlines that have no owner.
    pub owner: Option<String>,
    /// From the owner's roster record, when there is one.
    pub name: Option<String>,
    pub email: Option<String>,
    /// Sorted by due date, then id, then deadline name.
    pub overdue: Vec<Deadline>,
    pub due_soon: Vec<Deadline>,
    /// Their records, or deadlines, left out (SPEC §7): the owner's when it is readable, else
    /// in the unassigned digest.
    pub left_out: Vec<LeftOut>,
    /// The digest's file name without extension: the owner id made safe as a file name, or
    /// `_unassigned`.
    pub stem: String,
}

/// Groups the overdue and due-soon deadlines, and what was left out, by owner: owners in byte
/// order, then the unassigned digest. Owners with none of these get no digest.
pub fn group(repo: &Repository, computed: &Computed) -> Vec<Digest> {
    type Lists = (Vec<Deadline>, Vec<Deadline>, Vec<LeftOut>);
    let mut by_owner: BTreeMap<Option<&str>, Lists> = BTreeMap::new();
    for d in &computed.deadlines {
        let entry = by_owner.entry(d.owner.as_deref()).or_default();
        match d.state {
            State::Overdue => entry.0.push(d.clone()),
            State::DueSoon => entry.1.push(d.clone()),
            State::NotYetDue | State::MetOnTime | State::MetLate | State::Ended => {}
        }
    }
    for l in &computed.left_out {
        by_owner
            .entry(l.owner.as_deref())
            .or_default()
            .2
            .push(l.clone());
    }
    let mut digests: Vec<Digest> = by_owner
        .into_iter()
        .filter(|(_, (overdue, soon, left_out))| {
            !overdue.is_empty() || !soon.is_empty() || !left_out.is_empty()
        })
        .map(|(owner, (mut overdue, mut due_soon, left_out))| {
            let order = |a: &Deadline, b: &Deadline| {
                (a.due, &a.id, &a.deadline).cmp(&(b.due, &b.id, &b.deadline))
            };
            overdue.sort_by(order);
            due_soon.sort_by(order);
            let (name, email) = owner.map_or((None, None), |id| contact(repo, id));
            Digest {
                owner: owner.map(str::to_owned),
                name,
                email,
                overdue,
                due_soon,
                left_out,
                stem: String::new(),
            }
        })
        .collect();
    // `None` sorts first in the map; the unassigned digest goes last.
    digests.sort_by_key(|d| d.owner.is_none());
    let mut taken: BTreeSet<String> = BTreeSet::from(["index".to_owned()]);
    for digest in &mut digests {
        let base = match &digest.owner {
            Some(owner) => file_stem(owner),
            None => UNASSIGNED.to_owned(),
        };
        let mut stem = base.clone();
        let mut n = 2;
        while !taken.insert(stem.to_lowercase()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        digest.stem = stem;
    }
    digests
}

/// The `name` and `email` of the roster record (a kind with `roster: true`, i.e. staff) with
/// this id.
fn contact(repo: &Repository, id: &str) -> (Option<String>, Option<String>) {
    let member = crate::compute::names::roster_member(repo, id);
    let text = |field: &str| member.and_then(|r| r.sound_text(field)).map(str::to_owned);
    (text("name"), text("email"))
}

/// An owner id as a file name on every system: letters, digits, `.`, `_` and `-` only, not
/// starting with a dot, and not a name Windows reserves (`con`, `nul`, `com1` …).
fn file_stem(owner: &str) -> String {
    let mut stem: String = owner
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert(0, '_');
    }
    let device = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let reserved = matches!(device.as_str(), "con" | "prn" | "aux" | "nul")
        || ((device.starts_with("com") || device.starts_with("lpt"))
            && device.len() == 4
            && device.as_bytes()[3].is_ascii_digit());
    if reserved {
        // Windows reserves the device name whatever follows its first dot.
        stem.insert(device.len(), '_');
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_ids_become_safe_file_names() {
        assert_eq!(file_stem("jsmith"), "jsmith");
        assert_eq!(file_stem("a.khan"), "a.khan");
        assert_eq!(file_stem("../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_stem(".hidden"), "_.hidden");
        assert_eq!(file_stem("con"), "con_");
        assert_eq!(file_stem("com1.x"), "com1_.x");
        assert_eq!(file_stem("lpt9"), "lpt9_");
        assert_eq!(file_stem("conor"), "conor");
        assert_eq!(file_stem("Zoë Jones"), "Zo__Jones");
        assert_eq!(file_stem(""), "_");
    }
}
