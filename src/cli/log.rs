//! `qaledger log ID`: a record's git history across renames, with the fields each commit
//! changed and what that means for governance.

use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::history::{self, Log, LogEntry};
use crate::load::git::{self, Status as Changed};
use crate::render;
use crate::repository::Repository;

use super::{Session, Status, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger log ACT-2025-0003",
    after_help = "Examples:\n  qaledger log ACT-2025-0003\n  qaledger log CMP-2025-0012 --format json"
)]
pub struct Args {
    /// The record's id
    id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Status> {
    let root = session.root()?;
    let repo = Repository::open(&root, session.as_of)?;
    let Some(&first) = repo.index.get(&args.id).first() else {
        return Err(Error::Usage(format!(
            "no record has the id `{}` in the working tree",
            args.id
        )));
    };
    let record = &repo.records[first];
    let kind = repo.schemas.get(record.kind);
    let commits = git::log_follow(&root, &record.path).map_err(|e| match e {
        git::GitError::NotARepository(_) => Error::Usage(format!(
            "{} has no history: {} is not in a git repository, and `log` reads the history git keeps (run `git init` and commit the records)",
            record.id,
            root.display()
        )),
        e => Error::from(e),
    })?;
    // Each version's fields, newest first; the next older one is what it changed.
    let mut reader = git::Reader::new(&root);
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
    let log = Log {
        id: record.id.clone(),
        path: record.path.clone(),
        commits: entries,
    };
    let text = match args.format {
        Format::Human => render::history::log_human(&log),
        Format::Json => render::history::log_json(&log)?,
    };
    session
        .stdout
        .write_all(text.as_bytes())
        .map_err(write_error)?;
    Ok(Status::Success)
}
