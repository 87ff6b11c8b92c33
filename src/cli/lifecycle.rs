//! The lifecycle commands — `done`, `set`, `note`, `reassign`, `move` — change one record
//! without opening it. What each writes comes from the kind's `x-qaledger` block (a deadline's
//! `done` and `done_status`, `owner`, `lifecycle.notes` and `lifecycle.moves`), never from the
//! kind's name; the text is edited in place (`author::edit`), checked as `check` would check
//! it (the file's own checks and the cross-record ones that concern it), and only then written,
//! atomically, if the file did not change meanwhile. `--commit` commits that one file.

use std::io::Write;
use std::path::Path;

use jiff::civil::Date;

use crate::author::draft::{self, yaml_string};
use crate::author::edit::{self, Change};
use crate::author::imported::keys_at;
use crate::check::{self, Checks, Context, Keep};
use crate::compute::deadline;
use crate::diagnostic::{Diagnostic, Severity, suggest};
use crate::error::{Error, Result};
use crate::history;
use crate::load::discover::RecordFile;
use crate::load::{self, git};
use crate::record::Record;
use crate::render::{human, write};
use crate::repository::Repository;
use crate::schema::Kind;
use crate::time::duration::Duration;

use super::{Outcome, Session, write_error};

/// What every lifecycle command takes: the record to edit, and `--commit`.
#[derive(clap::Args)]
pub struct Target {
    /// The record's id (ACT-2025-0012)
    #[arg(value_name = "ID", add = super::complete::record_ids())]
    id: String,
    /// Commit the changed file (that file only) with a message saying what changed
    #[arg(long)]
    commit: bool,
}

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger done ACT-2025-0012",
    after_help = "Examples:\n  qaledger done ACT-2025-0012\n  qaledger done CMP-2025-0004 response --on 2025-07-01 --commit\n\nWrites the deadline's done date (today, or --on) and, where the schema says so, its status.\nWith no DEADLINE, the record's one open deadline is meant; with several, name one."
)]
pub struct DoneArgs {
    #[command(flatten)]
    target: Target,
    /// Which deadline was met (completion, response, impact-review …)
    #[arg(add = super::complete::deadline_names())]
    deadline: Option<String>,
    /// The date it was met (default: today, or --as-of)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    on: Option<Date>,
}

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger set ACT-2025-0003 status=in-progress",
    after_help = "Examples:\n  qaledger set ACT-2025-0003 status=in-progress\n  qaledger set CMP-2025-0004 outcome=upheld themes=carers,housing --commit"
)]
pub struct SetArgs {
    #[command(flatten)]
    target: Target,
    /// FIELD=VALUE, as `new --set` takes them (dots for fields inside others)
    #[arg(required = true, value_name = "FIELD=VALUE", value_parser = super::new::parse_assignment)]
    assignments: Vec<(String, String)>,
}

#[derive(clap::Args)]
#[command(before_help = "Example: qaledger note ACT-2025-0009 \"Dates agreed with L&D\"")]
pub struct NoteArgs {
    #[command(flatten)]
    target: Target,
    /// The note (no personal data); dated today, or --as-of
    text: String,
}

#[derive(clap::Args)]
#[command(before_help = "Example: qaledger reassign ACT-2025-0009 jsmith")]
pub struct ReassignArgs {
    #[command(flatten)]
    target: Target,
    /// The staff id of the new owner
    #[arg(add = super::complete::staff_ids())]
    staff: String,
}

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger move ACT-2025-0009 --due 2025-10-31 --reason \"waiting for training dates\"",
    after_help = "Example:\n  qaledger move ACT-2025-0009 --due 2025-10-31 --reason \"waiting for training dates\"\n\nThe record keeps each move with its reason, so `diff` and `tracker --history` show why it slipped."
)]
pub struct MoveArgs {
    #[command(flatten)]
    target: Target,
    /// The new due date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    due: Date,
    /// Why it moved (kept in the record; no personal data)
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// The date the other party (a complainant) was told of the new date and why
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    told: Option<Date>,
    /// Why the date goes beyond the procedure's longest extension (a complaint's extension_max)
    #[arg(long, value_name = "TEXT")]
    beyond_maximum: Option<String>,
}

pub fn done(session: &mut Session, args: &DoneArgs) -> Result<Outcome> {
    let on = args.on.unwrap_or(session.as_of);
    edit_record(session, &args.target, |_, kind, record| {
        let deadline = pick_deadline(kind, record, args.deadline.as_deref())?;
        let mut changes = Vec::new();
        if let (Some(status), Some(spec)) = (&deadline.done_status, &kind.spec.status) {
            changes.push(set(&spec.field, yaml_string(status, false)));
        }
        let field = deadline.done.as_deref().unwrap_or_default();
        changes.push(set(field, on.to_string()));
        Ok(changes)
    })
}

pub fn set_fields(session: &mut Session, args: &SetArgs) -> Result<Outcome> {
    edit_record(session, &args.target, |_, kind, _| {
        args.assignments
            .iter()
            .map(|(field, value)| {
                draft::value_yaml(kind, field, value)
                    .map(|yaml| set(field, yaml))
                    .map_err(Error::Usage)
            })
            .collect()
    })
}

pub fn note(session: &mut Session, args: &NoteArgs) -> Result<Outcome> {
    let today = session.as_of;
    edit_record(session, &args.target, |_, kind, _| {
        let Some(notes) = &kind.spec.lifecycle.notes else {
            return Err(Error::Usage(format!(
                "{} records keep no notes (their schema's x-qaledger.lifecycle has no `notes`)",
                kind.spec.kind
            )));
        };
        Ok(vec![Change::Append {
            list: notes.list.clone(),
            item: vec![
                (notes.date.clone(), today.to_string()),
                (notes.text.clone(), yaml_string(&args.text, false)),
            ],
        }])
    })
}

pub fn reassign(session: &mut Session, args: &ReassignArgs) -> Result<Outcome> {
    edit_record(session, &args.target, |_, kind, _| {
        let Some(owner) = &kind.spec.owner else {
            return Err(Error::Usage(format!(
                "{} records have no owner to reassign (their schema's x-qaledger has no `owner`)",
                kind.spec.kind
            )));
        };
        Ok(vec![set(owner, yaml_string(&args.staff, false))])
    })
}

pub fn move_due(session: &mut Session, args: &MoveArgs) -> Result<Outcome> {
    let today = session.as_of;
    edit_record(session, &args.target, |repo, kind, record| {
        let Some(moves) = kind.spec.lifecycle.moves_for(&record.fields) else {
            return Err(Error::Usage(format!(
                "{} records have no due date to move (their schema's x-qaledger.lifecycle has no `moves`)",
                kind.spec.kind
            )));
        };
        // Unset, the date moved is the one its deadline computes (a complaint's response due
        // by its procedure's timescale).
        let from = record
            .fields
            .date(&moves.field)
            .or_else(|| computed_due(repo, record, &moves.field, today));
        let Some(from) = from else {
            return Err(Error::Usage(format!(
                "{} has no `{}` to move, and no deadline gives one yet: give it one with `qaledger set {} {}=YYYY-MM-DD`",
                record.id, moves.field, record.id, moves.field
            )));
        };
        let mut item = vec![
            (moves.date.clone(), today.to_string()),
            (moves.from.clone(), from.to_string()),
            (moves.to.clone(), args.due.to_string()),
            (moves.reason.clone(), yaml_string(&args.reason, false)),
        ];
        let optional = [
            ("--told", &moves.told, args.told.map(|d| d.to_string())),
            (
                "--beyond-maximum",
                &moves.beyond_maximum,
                args.beyond_maximum
                    .as_deref()
                    .map(|t| yaml_string(t, false)),
            ),
        ];
        for (flag, field, value) in optional {
            let Some(value) = value else { continue };
            let Some(field) = field else {
                return Err(Error::Usage(format!(
                    "{} records do not keep `{flag}` (their schema's x-qaledger.lifecycle.moves names no field for it)",
                    kind.spec.kind
                )));
            };
            item.push((field.clone(), value));
        }
        Ok(vec![
            set(&moves.field, args.due.to_string()),
            Change::Append {
                list: moves.list.clone(),
                item,
            },
        ])
    })
}

/// The due date the record's deadline that `field` sets (`due: [{field: …}, …]`) has now.
fn computed_due(repo: &Repository, record: &Record, field: &str, as_of: Date) -> Option<Date> {
    let kind = repo.schemas.get(record.kind);
    let spec = kind.spec.deadlines.iter().find(|d| {
        d.due
            .iter()
            .any(|due| due.field.as_ref().is_some_and(|f| f.text == field))
    })?;
    let position = find(repo, &record.id).ok()?;
    deadline::at(repo, as_of, Duration::ZERO)
        .deadlines
        .into_iter()
        .find(|d| d.record == position && d.deadline == spec.name)
        .map(|d| d.due)
}

fn set(path: &str, yaml: String) -> Change {
    Change::Set {
        path: path.to_owned(),
        yaml,
    }
}

/// The deadline `done` marks: the one named, or the record's one open deadline (its condition
/// holds and its done field is unset).
fn pick_deadline<'k>(
    kind: &'k Kind,
    record: &Record,
    name: Option<&str>,
) -> Result<&'k crate::schema::extension::DeadlineSpec> {
    if let Some(status) = &kind.spec.status {
        if let Some(value) = record.fields.text(&status.field) {
            if status.ended.iter().any(|e| e == value) {
                return Err(Error::Usage(format!(
                    "{} is {value}: it has no deadlines to mark done (set its {} first to reopen it)",
                    record.id, status.field
                )));
            }
        }
    }
    let markable: Vec<_> = kind
        .spec
        .deadlines
        .iter()
        .filter(|d| d.done.is_some())
        .collect();
    if let Some(name) = name {
        return markable.iter().copied().find(|d| d.name == name).ok_or_else(|| {
            let names = markable.iter().map(|d| d.name.as_str());
            let hint = suggest::did_you_mean(suggest::closest(name, names.clone()));
            let list: Vec<&str> = names.collect();
            Error::Usage(format!(
                "`{name}` is not a deadline {} records can mark done{hint}\n  their deadlines: {}",
                kind.spec.kind,
                if list.is_empty() { "(none)".to_owned() } else { list.join(", ") }
            ))
        });
    }
    let open: Vec<_> = markable
        .into_iter()
        .filter(|d| record.fields.satisfies(&d.when))
        .filter(|d| d.done.as_deref().is_some_and(|f| !record.fields.is_set(f)))
        .collect();
    match open.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::Usage(format!(
            "{} has no open deadline to mark done",
            record.id
        ))),
        several => Err(Error::Usage(format!(
            "{} has {} open deadlines: say which is done ({})",
            record.id,
            several.len(),
            several
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Finds the record, makes the changes `plan` returns on its text, checks the result and
/// writes it; prints what changed.
fn edit_record(
    session: &mut Session,
    target: &Target,
    plan: impl FnOnce(&Repository, &Kind, &Record) -> Result<Vec<Change>>,
) -> Result<Outcome> {
    let (id, commit) = (target.id.as_str(), target.commit);
    let root = session.root()?;
    let repo = Repository::open(&root, session.as_of)?;
    let position = find(&repo, id)?;
    let record = &repo.records[position];
    let kind = repo.schemas.get(record.kind);
    let rel = record.path.clone();
    // Errors already there do not stop an edit (a record `new` wrote has empty fields for
    // `set` to fill in); an edit that would add one is refused.
    let before: Vec<Diagnostic> = errors_of(&repo.diagnostics, &rel);
    let changes = plan(&repo, kind, record)?;
    let path = inside(&root, &rel)?;
    let bytes = load::read_capped(&path)
        .map_err(|e| Error::Usage(format!("{rel}: {}", load::unread(&e, &rel).message)))?;
    let text = load::decode(&bytes, &rel).map_err(|d| Error::Usage(d.message))?;
    let order = |at: &str| keys_at(kind, at);
    let new_text =
        edit::apply_all(text, &changes, &order).map_err(|e| Error::Usage(format!("{rel}: {e}")))?;
    let summary = summary(id, &bytes, new_text.as_bytes(), &rel, &changes);
    let Some(summary) = summary else {
        writeln!(session.stderr, "{id}: nothing to change").map_err(write_error)?;
        return Ok(Outcome::Success);
    };
    let problems = check_new(&repo, session.as_of, position, &path, &rel, &new_text);
    let (kept, added): (Vec<Diagnostic>, Vec<Diagnostic>) = problems
        .into_iter()
        .partition(|p| before.iter().any(|b| same_problem(b, p)));
    if !added.is_empty() {
        return refuse(
            session,
            &added,
            format!("{id} was not changed: the change would give {rel} the errors above"),
        );
    }
    if commit {
        // Known before anything is written: `--commit` outside git changes nothing.
        git::toplevel(&root)?;
    }
    replace_unchanged(&path, &rel, &bytes, new_text.as_bytes())?;
    writeln!(session.stdout, "{summary}").map_err(write_error)?;
    if !kept.is_empty() {
        write!(session.stderr, "{}", human::render(&kept)).map_err(write_error)?;
        writeln!(
            session.stderr,
            "note: {rel} still has the {} above (it had before this change)",
            if kept.len() == 1 { "error" } else { "errors" }
        )
        .map_err(write_error)?;
    }
    if commit {
        let hash = git::commit_file(&root, &rel, &summary)?;
        if !session.quiet {
            writeln!(session.stderr, "committed {rel} as {hash}").map_err(write_error)?;
        }
    }
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}

/// Writes `new` over the file atomically, unless it no longer holds `read` (someone changed it
/// since it was read): then nothing is written.
fn replace_unchanged(path: &Path, rel: &str, read: &[u8], new: &[u8]) -> Result<()> {
    let now = load::read_capped(path).ok();
    if now.as_deref() != Some(read) {
        return Err(Error::Usage(format!(
            "{rel} changed while qaledger was editing it: nothing was written; run the command again"
        )));
    }
    write::replace(path, new)
}

/// The record with this id, or a usage error with the closest id.
fn find(repo: &Repository, id: &str) -> Result<usize> {
    match repo.index.get(id) {
        [one] => Ok(*one),
        [] => {
            let hint = suggest::did_you_mean(suggest::closest(id, repo.index.ids()));
            Err(Error::Usage(format!("no record has the id `{id}`{hint}")))
        }
        several => {
            let paths: Vec<&str> = several
                .iter()
                .map(|i| repo.records[*i].path.as_str())
                .collect();
            Err(Error::Usage(format!(
                "{} files hold the id `{id}` ({}): fix that first",
                several.len(),
                paths.join(", ")
            )))
        }
    }
}

/// The record's file, when it lies inside the repository's root (not through a link).
fn inside(root: &Path, rel: &str) -> Result<std::path::PathBuf> {
    let path = root.join(rel);
    let outside = || {
        Error::Usage(format!(
            "{rel} is outside the repository: qaledger will not write it"
        ))
    };
    let real = path.canonicalize().map_err(|_| outside())?;
    let real_root = root.canonicalize().map_err(|_| outside())?;
    if !real.starts_with(&real_root) || real != real_root.join(rel) {
        return Err(outside());
    }
    Ok(path)
}

/// The same finding before and after an edit, wherever the edit moved it.
fn same_problem(before: &Diagnostic, after: &Diagnostic) -> bool {
    (before.code, &before.field, &before.message) == (after.code, &after.field, &after.message)
}

fn errors_of(diagnostics: &[Diagnostic], rel: &str) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == rel)
        .cloned()
        .collect()
}

/// The errors the new text would have: its own checks, and the cross-record ones that name it.
fn check_new(
    repo: &Repository,
    as_of: Date,
    position: usize,
    path: &Path,
    rel: &str,
    text: &str,
) -> Vec<Diagnostic> {
    let ctx = Context {
        config: &repo.config,
        schemas: &repo.schemas,
        as_of,
        checks: Checks::All,
        keep: Keep::Used,
    };
    let file = RecordFile {
        path: path.to_path_buf(),
        rel: rel.to_owned(),
        kind: Some(repo.records[position].kind),
        stamp: None,
    };
    let outcome = check::check_read(&ctx, &file, Ok(text.as_bytes().to_vec()));
    let mut diagnostics = outcome.diagnostics;
    if let Some(record) = outcome.record {
        let mut records = repo.records.clone();
        records[position] = record;
        let mut across = errors_of(&check::check_across(&records, &ctx).1, rel);
        // Shown with the new text's lines, which the file on disk does not hold yet.
        crate::diagnostic::attach_source_lines(&mut across, rel, text);
        diagnostics.extend(across);
    }
    errors_of(&diagnostics, rel)
}

/// Refuses with the diagnostics shown on stderr.
fn refuse(session: &mut Session, diagnostics: &[Diagnostic], message: String) -> Result<Outcome> {
    write!(session.stderr, "{}", human::render(diagnostics)).map_err(write_error)?;
    Err(Error::Usage(message))
}

/// `ID: field before → after; …` over the scalar fields that changed, in the order of the
/// changes asked for (`status` before `completed`), or `None` when none did.
fn summary(id: &str, before: &[u8], after: &[u8], rel: &str, asked: &[Change]) -> Option<String> {
    let before = history::leaves(before, rel).unwrap_or_default();
    let after = history::leaves(after, rel).unwrap_or_default();
    let mut changes = history::field_changes(&before, &after);
    // A change's place among those asked, then an item field's place in its item.
    let rank = |field: &str| {
        asked
            .iter()
            .enumerate()
            .find_map(|(i, change)| match change {
                Change::Set { path, .. } => {
                    (field == path || field.starts_with(&format!("{path}."))).then_some((i, 0))
                }
                Change::Append { list, item } => {
                    let inner = field.strip_prefix(&format!("{list}."))?;
                    let key = inner.split_once('.').map_or(inner, |(_, key)| key);
                    Some((i, item.iter().position(|(k, _)| k == key).unwrap_or(0)))
                }
            })
            .unwrap_or((usize::MAX, 0))
    };
    changes.sort_by_key(|c| rank(&c.field));
    if changes.is_empty() {
        return None;
    }
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
    // A new list item reads as one part: `updates + {date: 2025-07-01, note: …}`.
    let mut parts: Vec<String> = Vec::new();
    let mut items: Vec<(String, Vec<String>)> = Vec::new();
    for c in &changes {
        let item = c.field.rsplit_once('.').filter(|(list, _)| {
            c.before.is_none()
                && list
                    .rsplit_once('.')
                    .is_some_and(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
        });
        match item {
            Some((list, key)) => {
                let entry = format!("{key}: {}", shown(&c.after));
                match items.iter_mut().find(|(l, _)| l == list) {
                    Some((_, entries)) => entries.push(entry),
                    None => items.push((list.to_owned(), vec![entry])),
                }
            }
            None => parts.push(format!(
                "{} {} → {}",
                c.field,
                shown(&c.before),
                shown(&c.after)
            )),
        }
    }
    for (list, entries) in items {
        let list = list.rsplit_once('.').map_or(list.as_str(), |(l, _)| l);
        parts.push(format!("{list} + {{{}}}", entries.join(", ")));
    }
    Some(format!("{id}: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "status: open\n").unwrap_or_else(|e| panic!("{e}"));
        let refused = replace_unchanged(&path, "a.yaml", b"status: draft\n", b"status: closed\n");
        assert!(matches!(refused, Err(Error::Usage(m)) if m.starts_with("a.yaml changed while")));
        assert_eq!(std::fs::read(&path).ok(), Some(b"status: open\n".to_vec()));
        let written = replace_unchanged(&path, "a.yaml", b"status: open\n", b"status: closed\n");
        assert!(written.is_ok());
        assert_eq!(
            std::fs::read(&path).ok(),
            Some(b"status: closed\n".to_vec())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_record_path_leading_outside_the_root_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir(root.join("records")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(outside.path().join("x.yaml"), "id: x\n").unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(outside.path(), root.join("records/linked"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(root.join("records/a.yaml"), "id: a\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(inside(root, "records/a.yaml").is_ok());
        for rel in [
            "records/linked/x.yaml",
            "records/../../x.yaml",
            "records/missing.yaml",
        ] {
            assert!(
                matches!(inside(root, rel), Err(Error::Usage(m)) if m.contains("outside the repository")),
                "{rel}"
            );
        }
    }
}
