//! `log`'s computation: a record's git history across renames, each commit's field changes and
//! governance reading. Runs git; returns plain data, never prints.

use std::path::Path;

use crate::error::{Error, Result};
use crate::history::{self, Log, LogEntry};
use crate::load::git::{self, ChangeKind as Changed};
use crate::repository::Repository;

/// The history of the record `id` of `repo` (opened at `root`), newest commit first.
pub fn of(root: &Path, repo: &Repository, id: &str) -> Result<Log> {
    let Some(&first) = repo.index.get(id).first() else {
        return Err(Error::Usage(format!(
            "no record has the id `{}` in the working tree",
            id
        )));
    };
    let record = &repo.records[first];
    let kind = repo.schemas.get(record.kind);
    let commits = git::log_follow(root, &record.path).map_err(|e| match e {
        git::GitError::NotARepository(_) => Error::Usage(format!(
            "{} has no history: {} is not in a git repository, and `log` reads the history git keeps (run `git init` and commit the records)",
            record.id,
            root.display()
        )),
        e => Error::from(e),
    })?;
    // Each version's fields, newest first; the next older one is what it changed.
    let mut reader = git::Reader::new(root);
    let mut versions = Vec::with_capacity(commits.len());
    for commit in &commits {
        let bytes = if commit.change.status == Changed::Deleted {
            None
        } else {
            reader.show(&commit.hash, &commit.change.path)?
        };
        versions.push(bytes.map(|b| history::snapshot(&b, &commit.change.path)));
    }
    let mut entries = Vec::with_capacity(commits.len());
    for (i, commit) in commits.iter().enumerate() {
        let before = versions.get(i + 1).and_then(|v| v.as_ref());
        let after = versions[i].as_ref();
        let (readings, changes) =
            history::compare(kind, before.map(Option::as_ref), after.map(Option::as_ref));
        entries.push(LogEntry {
            commit: commit.hash.clone(),
            author: commit.author.clone(),
            date: commit.date.clone(),
            subject: commit.subject.clone(),
            path: commit.change.path.clone(),
            renamed_from: commit.change.renamed_from().map(str::to_owned),
            readings,
            changes,
        });
    }
    Ok(Log {
        id: record.id.clone(),
        path: record.path.clone(),
        commits: entries,
    })
}
