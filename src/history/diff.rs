//! `diff`'s computation: the field-level changes of every record between two revisions (read
//! through git), grouped by record, with the deadlines each change makes newly overdue or met.
//! Runs git and the deadline engine over both revisions; returns plain data, never prints.

use std::path::Path;

use jiff::civil::Date;

use crate::compute::deadline::{self, Deadline};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::history::{self, Diff, RecordDiff};
use crate::load::git::{self, ChangeKind as Changed};
use crate::repository::Repository;
use crate::schema::SchemaSet;
use crate::time::duration::Duration;

/// The changes from where `head` (default: the working tree) left `base` (default: origin/main
/// if it exists, else main) to `head`, as `git diff BASE...HEAD` compares, at `as_of`.
pub fn between(root: &Path, as_of: Date, base: Option<&str>, head: Option<&str>) -> Result<Diff> {
    // Not a repository, or no git: say so before reading any revision.
    git::toplevel(root)?;
    let base = match base {
        Some(base) => base.to_owned(),
        None if git::exists(root, "origin/main")? => "origin/main".to_owned(),
        None => "main".to_owned(),
    };
    let head = match head {
        Some(head) => Some(git::commit(root, head)?),
        None => None,
    };
    let from = git::merge_base(root, &base, head.as_deref().unwrap_or("HEAD"))?;
    let config = Config::load(root)?;
    let schemas = SchemaSet::load(root, &config)?;
    let mut records = Vec::new();
    let mut reader = git::Reader::new(root);
    for change in git::changes_between(root, &from, head.as_deref())? {
        if let Some(record) =
            record_diff(root, &mut reader, &schemas, &from, head.as_deref(), &change)?
        {
            records.push(record);
        }
    }
    if !records.is_empty() {
        annotate_deadlines(root, as_of, &from, head.as_deref(), &mut records)?;
    }
    Ok(Diff {
        as_of,
        base: from,
        head,
        records,
    })
}

/// The kind whose folder holds `path` (`records/<folder>/…`), if it is a record file.
fn kind_of<'a>(schemas: &'a SchemaSet, path: &str) -> Option<&'a crate::schema::Kind> {
    if !crate::load::discover::is_yaml(Path::new(path)) {
        return None;
    }
    let (folder, _) = path.strip_prefix("records/")?.split_once('/')?;
    schemas.by_folder(folder).map(|id| schemas.get(id))
}

fn record_diff(
    root: &Path,
    reader: &mut git::Reader,
    schemas: &SchemaSet,
    from: &str,
    head: Option<&str>,
    change: &git::Change,
) -> Result<Option<RecordDiff>> {
    let old_path = change.renamed_from().unwrap_or(&change.path);
    let Some(kind) = kind_of(schemas, &change.path).or_else(|| kind_of(schemas, old_path)) else {
        return Ok(None);
    };
    let before = match change.status {
        Changed::Added => None,
        _ => reader.show(from, old_path)?,
    };
    let after = match (&change.status, head) {
        (Changed::Deleted, _) => None,
        (_, Some(head)) => reader.show(head, &change.path)?,
        (_, None) => crate::load::read_capped(&root.join(&change.path)).ok(),
    };
    let before = before.map(|b| history::snapshot(&b, old_path));
    let after = after.map(|b| history::snapshot(&b, &change.path));
    let (readings, changes) = history::compare(
        kind,
        before.as_ref().map(Option::as_ref),
        after.as_ref().map(Option::as_ref),
    );
    let id_source = after.as_ref().or(before.as_ref()).and_then(Option::as_ref);
    Ok(Some(RecordDiff {
        id: history::record_id(id_source, &change.path),
        kind: Some(kind.spec.kind.clone()),
        path: change.path.clone(),
        renamed_from: change.renamed_from().map(str::to_owned),
        readings,
        deadlines: Vec::new(),
        changes,
    }))
}

/// Fills in each record's deadlines newly overdue or newly met at as-of, from the deadline
/// engine run over both revisions (a committed revision is read from one `git archive`).
fn annotate_deadlines(
    root: &Path,
    as_of: Date,
    base: &str,
    head: Option<&str>,
    records: &mut [RecordDiff],
) -> Result<()> {
    let scratch = tempfile::Builder::new()
        .prefix("qaledger-diff-")
        .tempdir()
        .map_err(|e| Error::Io {
            path: std::env::temp_dir(),
            source: e,
        })?;
    let before = revision_deadlines(root, as_of, base, &scratch.path().join("base"))?;
    let after = match head {
        Some(head) => revision_deadlines(root, as_of, head, &scratch.path().join("head"))?,
        None => deadlines_at(root, as_of)?,
    };
    for record in records.iter_mut() {
        let old_path = record.renamed_from.as_deref().unwrap_or(&record.path);
        let was: Vec<&Deadline> = before.iter().filter(|d| d.path == old_path).collect();
        let now: Vec<&Deadline> = after.iter().filter(|d| d.path == record.path).collect();
        record.deadlines = history::deadline_changes(&was, &now);
    }
    Ok(())
}

/// Every deadline at as-of of the records repository as committed in `rev`; none when that
/// revision has no `qaledger.toml` (the records were not there yet).
fn revision_deadlines(root: &Path, as_of: Date, rev: &str, dest: &Path) -> Result<Vec<Deadline>> {
    std::fs::create_dir_all(dest).map_err(|e| Error::Io {
        path: dest.to_path_buf(),
        source: e,
    })?;
    let copy = git::materialise(root, rev, dest)?;
    if !copy.join("qaledger.toml").is_file() {
        return Ok(Vec::new());
    }
    deadlines_at(&copy, as_of)
}

fn deadlines_at(root: &Path, as_of: Date) -> Result<Vec<Deadline>> {
    // Only deadline states are compared: the views' open (schema checks, rewound to as-of).
    let repo = Repository::open_for_views(root, as_of)?;
    Ok(deadline::at(&repo, as_of, Duration::ZERO).deadlines)
}
