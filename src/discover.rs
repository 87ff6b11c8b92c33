//! Finding things on disk: the repository root, and the record files under `records/`.
//!
//! Hidden entries and non-YAML files are ignored, `.gitignore` is honoured, and symbolic links
//! are never followed (each one is a warning), so a link loop cannot trap the walk.

use std::path::{Path, PathBuf};

use crate::code::Code;
use crate::config::FILE_NAME;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::schema::{KindId, SchemaSet};
use crate::yaml::Pos;

pub const RECORDS_DIR: &str = "records";

/// `--root DIR` names the root itself; without it, walk up from `start`.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(root) = explicit {
        return if root.join(FILE_NAME).is_file() {
            Ok(root.to_path_buf())
        } else {
            Err(Error::NotARoot(root.to_path_buf()))
        };
    }
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoRoot(start.to_path_buf()))
}

/// One candidate record file.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub path: PathBuf,
    /// Relative to the root, `/`-separated.
    pub rel: String,
    /// The kind its folder names; `None` when no kind claims the folder.
    pub kind: Option<KindId>,
}

/// What the walk of `records/` finds: a record file, or a problem with an entry.
pub enum Found {
    File(RecordFile),
    Problem(Diagnostic),
}

/// Every `.yaml`/`.yml` file under `records/` and a problem for each symbolic link, in no
/// particular order, so that files can be checked while the walk goes on (sorting by path is
/// the caller's, once, on the relative path strings).
pub fn walk<'a>(root: &'a Path, schemas: &'a SchemaSet) -> impl Iterator<Item = Found> + 'a {
    let records = root.join(RECORDS_DIR);
    let walker = records.is_dir().then(|| {
        ignore::WalkBuilder::new(&records)
            .hidden(true)
            .follow_links(false)
            .git_global(false)
            .require_git(false)
            .build()
    });
    walker
        .into_iter()
        .flatten()
        .filter_map(move |entry| classify(root, schemas, &entry.ok()?))
}

fn classify(root: &Path, schemas: &SchemaSet, entry: &ignore::DirEntry) -> Option<Found> {
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return None;
    }
    let rel = relative(root, entry.path());
    if file_type.is_symlink() {
        let message = format!("`{rel}` is a symbolic link; it was not followed");
        return Some(Found::Problem(Diagnostic::new(
            Code::SymlinkSkipped,
            &rel,
            Pos::new(1, 1),
            message,
        )));
    }
    if !file_type.is_file() || !is_yaml(entry.path()) {
        return None;
    }
    let under_records = rel.strip_prefix("records/").unwrap_or(&rel);
    let kind = match under_records.split_once('/') {
        Some((folder, _)) => schemas.by_folder(folder),
        None => None,
    };
    Some(Found::File(RecordFile {
        path: entry.path().to_path_buf(),
        rel,
        kind,
    }))
}

/// The problem with a file outside every kind's folder (it has no schema to check against).
pub fn unknown_kind_folder(file: &RecordFile, schemas: &SchemaSet) -> Diagnostic {
    let rel = &file.rel;
    Diagnostic::new(
        Code::UnknownKindFolder,
        rel,
        Pos::new(1, 1),
        format!("`{rel}` is not inside a folder for a kind of record"),
    )
    .hint(format!(
        "records go in records/<folder>/, where <folder> is one of: {}",
        schemas.folders().join(", ")
    ))
}

/// A record file's name without its extension (`records/actions/ACT-2025-0001.yaml` →
/// `ACT-2025-0001`): the id the file is named for.
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// `root/records/a b/x.yaml` → `records/a b/x.yaml`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if std::path::MAIN_SEPARATOR == '/' {
        if let Some(text) = rel.to_str() {
            return text.to_owned();
        }
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
