//! `qaledger new KIND [--set FIELD=VALUE …]`: writes a new record with the next free id of the
//! year and prints its path. The id is taken atomically: the file is created only if no file of
//! that name exists, and on a clash the next number is tried, so two people never share an id.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::author::draft::{self, Draft};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::discover::RECORDS_DIR;
use crate::render::write;
use crate::schema::{Kind, SchemaSet};

use super::{Outcome, Session, write_error};

/// Numbers tried after the highest one found before giving up (others creating records at the
/// same moment take some of them).
const ATTEMPTS: u64 = 100;

/// Where the modeline looks for a built-in kind's schema when the repository has no file of
/// its own: `schema export --out schemas/json` writes it there.
const EXPORT_DIR: &str = "schemas/json";

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger new action --set owner=jsmith",
    after_help = "Examples:\n  qaledger new action\n  qaledger new complaint --set type=complaint --set handler=jsmith\n  qaledger new action --set source.type=audit --set source.refs=AUD-2025-0001 --set \"title=Consent: record it\"\n  qaledger new staff --set id=jsmith --set role=social-worker\n  qaledger --as-of 2025-03-31 new audit\n\nThe record gets the next free id of the year (AUD-2025-0008; a staff record is named by its\nid), the date in its main date field (today or --as-of), and every required field, empty, with\na comment saying what goes there; `qaledger check` lists the empty ones until they are filled.\nLists take comma-separated values (--set themes=carers,housing). Existing files are never\noverwritten."
)]
pub struct Args {
    /// The kind of record: action, audit, complaint, review, staff, supervision, or one your
    /// schemas add
    #[arg(value_name = "KIND", add = super::complete::kinds())]
    kind: String,
    /// Fill in a field: FIELD=VALUE, with dots for fields inside others (source.type=audit)
    #[arg(long = "set", value_name = "FIELD=VALUE", value_parser = parse_assignment)]
    set: Vec<(String, String)>,
}

pub(crate) fn parse_assignment(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((field, value)) if !field.trim().is_empty() => {
            Ok((field.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!(
            "`{text}` is not FIELD=VALUE (e.g. --set owner=jsmith)"
        )),
    }
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let config = Config::load(&root)?;
    let schemas = SchemaSet::load(&root, &config)?;
    let kind = schemas.find(&args.kind)?;
    let draft = Draft::new(kind, session.as_of, &args.set)?;
    let year = session.as_of.year();
    let (schema_rel, schema_exists) = editor_schema(&root, kind);

    let (id, rel) = match &kind.spec.id_prefix {
        Some(prefix) => {
            if Draft::given(&args.set, "id").is_some() {
                return Err(Error::Usage(format!(
                    "qaledger numbers new {} records itself: leave out --set id",
                    kind.spec.kind
                )));
            }
            let folder = root.join(RECORDS_DIR).join(&kind.spec.folder);
            let first = draft::highest_number(&folder, prefix, year) + 1;
            take_next(&root, kind, &draft, &schema_rel, prefix, year, first)?
        }
        None => {
            let Some(id) = Draft::given(&args.set, "id") else {
                return Err(Error::Usage(format!(
                    "a {} record is named by its id: give one with --set id=… (e.g. --set id=jsmith)",
                    kind.spec.kind
                )));
            };
            check_id(kind, id)?;
            let rel = draft::record_path(kind, id, year);
            let text = draft.text(id, &draft::relative_link(&rel, &schema_rel));
            if !create(&root, &rel, &text)? {
                return Err(Error::Usage(format!(
                    "{rel} already exists: there is a {} record with the id `{id}`",
                    kind.spec.kind
                )));
            }
            (id.to_owned(), rel)
        }
    };

    writeln!(session.stdout, "{}", shown(&root, &rel)).map_err(write_error)?;
    if !session.quiet {
        writeln!(
            session.stderr,
            "created {id}: fill in its empty fields, then run `qaledger check`"
        )
        .map_err(write_error)?;
        if !schema_exists {
            writeln!(
                session.stderr,
                "note: editors look for its schema at {schema_rel}, which does not exist: run `qaledger schema export --out {EXPORT_DIR}` to write it"
            )
            .map_err(write_error)?;
        }
    }
    Ok(Outcome::Success)
}

/// Writes the first free id from `first` on; returns the id and the file, relative to the root.
fn take_next(
    root: &Path,
    kind: &Kind,
    draft: &Draft,
    schema_rel: &str,
    prefix: &str,
    year: i16,
    first: u64,
) -> Result<(String, String)> {
    for number in first..first + ATTEMPTS {
        let id = draft::numbered_id(prefix, year, number);
        let rel = draft::record_path(kind, &id, year);
        let text = draft.text(&id, &draft::relative_link(&rel, schema_rel));
        if create(root, &rel, &text)? {
            return Ok((id, rel));
        }
    }
    Err(Error::Usage(format!(
        "{ATTEMPTS} ids from {} on were all taken while qaledger tried them; try again",
        draft::numbered_id(prefix, year, first)
    )))
}

/// Creates the file unless one of that name exists: `Ok(false)` when one does.
fn create(root: &Path, rel: &str, text: &str) -> Result<bool> {
    let path = inside_records(root, rel)?;
    match write::create_new(&path, text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// `root/rel`, with its folders made, when `rel` is a plain path under `records/` and no folder
/// on the way is a symbolic link: schemas are checked at load, and this makes sure again that
/// `new` never writes outside `records/`.
pub(crate) fn inside_records(root: &Path, rel: &str) -> Result<std::path::PathBuf> {
    let refuse = || {
        Error::Usage(format!(
            "qaledger new will not write `{rel}`: records are created only inside records/"
        ))
    };
    let mut segments = rel.split('/');
    let plain = |s: &str| !s.is_empty() && !s.starts_with('.') && !s.contains(['\\', ':']);
    if segments.next() != Some(RECORDS_DIR) || !rel.split('/').all(plain) {
        return Err(refuse());
    }
    let mut path = root.join(RECORDS_DIR);
    let folders: Vec<&str> = segments.collect();
    let Some((file, folders)) = folders.split_last() else {
        return Err(refuse());
    };
    for folder in std::iter::once(&"").chain(folders) {
        if !folder.is_empty() {
            path.push(folder);
        }
        // Create first and look after: another `new` running at the same moment may make the
        // folder between a look and a create, and that is no error. What is there must be a
        // real folder, never a link out of the repository.
        match std::fs::create_dir(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
                    return Err(refuse());
                }
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    path.push(file);
    Ok(path)
}

/// A name-slug id must match the schema's `id` pattern before it becomes a file name.
fn check_id(kind: &Kind, id: &str) -> Result<()> {
    let root = &kind.schema;
    let pattern = root
        .pointer("/properties/id")
        .map(|id| crate::schema::follow_ref(root, id))
        .and_then(|id| id.get("pattern"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("^[a-z][a-z0-9._-]*$");
    let matches = regex::Regex::new(pattern).is_ok_and(|re| re.is_match(id));
    let safe = !id.is_empty() && !id.contains(['/', '\\']) && !id.starts_with('.');
    if matches && safe {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "`{id}` is not a {} id: it must match {pattern} (e.g. jsmith, a.khan)",
            kind.spec.kind
        )))
    }
}

/// The schema file the modeline names, relative to the root, and whether it exists: the
/// repository's own schema file (`init` writes one per kind), else the plain JSON copy that
/// `schema export --out schemas/json` writes.
pub(crate) fn editor_schema(root: &Path, kind: &Kind) -> (String, bool) {
    if kind.source != "built-in" && root.join(&kind.source).is_file() {
        return (kind.source.clone(), true);
    }
    let json = format!("{EXPORT_DIR}/{}.schema.json", kind.spec.kind);
    let exists = root.join(&json).is_file();
    (json, exists)
}

/// The new file's path as the user can open it: relative to the current folder when the root is
/// inside it, else the root joined with the relative path.
fn shown(root: &Path, rel: &str) -> String {
    let path: PathBuf = root.join(rel);
    let cwd = std::env::current_dir().ok();
    let relative = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(&path);
    relative.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_under_records_are_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let made = inside_records(root, "records/actions/2025/ACT-2025-0001.yaml");
        assert_eq!(
            made.ok(),
            Some(root.join("records/actions/2025/ACT-2025-0001.yaml"))
        );
        assert!(root.join("records/actions/2025").is_dir());
        for rel in [
            "records/../../outside/x.yaml",
            "records/actions/../../x.yaml",
            "outside/x.yaml",
            "records/.hidden/x.yaml",
            "records/a\\b/x.yaml",
            "records//x.yaml",
            "records",
        ] {
            assert!(inside_records(root, rel).is_err(), "{rel} was accepted");
        }
        assert!(!root.join("outside").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_on_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir(root.join("records")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(outside.path(), root.join("records/actions"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(inside_records(root, "records/actions/2025/ACT-2025-0001.yaml").is_err());
        assert!(!outside.path().join("2025").exists());
    }
}
