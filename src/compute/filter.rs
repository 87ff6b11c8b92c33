//! The views' `--owner` and `--team` filters, checked against the ids the repository knows
//! before anything is listed: a misspelt id would otherwise match nothing and the view would
//! answer "nothing overdue" (SPEC §7). One check serves every command that filters.
//!
//! A staff id is known when a roster record (a kind with `roster: true`) has it or a record
//! names it as its owner; a team when `[[team]]` lists it or a record names it as its team.
//! So an id the views could show is always accepted, and a repository without a roster or
//! teams still checks against what its records say.

use std::collections::BTreeSet;

use crate::diagnostic::suggest::{closest, did_you_mean};
use crate::error::{Error, Result};
use crate::repository::Repository;

/// Refuses an `--owner` or `--team` value that names no staff member or team the repository
/// knows, with the closest known one when there is a likely typo.
pub fn check(repo: &Repository, owner: Option<&str>, team: Option<&str>) -> Result<()> {
    if let Some(owner) = owner {
        let known = staff_ids(repo);
        if !known.contains(owner) {
            let hint = did_you_mean(closest(owner, known.iter().copied()));
            return Err(Error::Usage(format!(
                "`{owner}` is not a staff id in the roster or the owner of any record{hint}"
            )));
        }
    }
    if let Some(team) = team {
        let known = team_ids(repo);
        if !known.contains(team) {
            let hint = did_you_mean(closest(team, known.iter().copied()));
            let listed = if known.is_empty() {
                "qaledger.toml lists no [[team]] and no record names a team".to_owned()
            } else {
                format!(
                    "the teams are: {}",
                    known.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            return Err(Error::Usage(format!(
                "`{team}` is not a team in qaledger.toml or the team of any record{hint}\n  {listed}"
            )));
        }
    }
    Ok(())
}

/// The ids of every roster record and every record's owner.
fn staff_ids(repo: &Repository) -> BTreeSet<&str> {
    let mut ids = BTreeSet::new();
    for record in &repo.records {
        let spec = &repo.schemas.get(record.kind).spec;
        if spec.roster {
            ids.insert(record.id.as_str());
        }
        if let Some(owner) = spec.owner.as_deref().and_then(|f| record.fields.text(f)) {
            ids.insert(owner);
        }
    }
    ids
}

/// The teams `[[team]]` lists and every record's team.
fn team_ids(repo: &Repository) -> BTreeSet<&str> {
    let mut ids: BTreeSet<&str> = repo.config.teams.iter().map(|t| t.id.as_str()).collect();
    for record in &repo.records {
        let spec = &repo.schemas.get(record.kind).spec;
        if let Some(team) = spec.team.as_deref().and_then(|f| record.fields.text(f)) {
            ids.insert(team);
        }
    }
    ids
}
