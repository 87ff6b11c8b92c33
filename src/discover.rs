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

/// Every `.yaml`/`.yml` file under `records/`, sorted by path, and a diagnostic for each
/// symbolic link and each file outside a known kind's folder.
pub fn record_files(root: &Path, schemas: &SchemaSet) -> (Vec<RecordFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let records = root.join(RECORDS_DIR);
    if !records.is_dir() {
        return (files, diagnostics);
    }
    let walker = ignore::WalkBuilder::new(&records)
        .hidden(true)
        .follow_links(false)
        .git_global(false)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        let rel = relative(root, entry.path());
        if file_type.is_symlink() {
            diagnostics.push(Diagnostic::new(
                Code::SymlinkSkipped,
                &rel,
                Pos::new(1, 1),
                format!("`{rel}` is a symbolic link; it was not followed"),
            ));
            continue;
        }
        if !file_type.is_file() || !is_yaml(entry.path()) {
            continue;
        }
        let under_records = rel.strip_prefix("records/").unwrap_or(&rel);
        let kind = match under_records.split_once('/') {
            Some((folder, _)) => schemas.by_folder(folder),
            None => None,
        };
        if kind.is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownKindFolder,
                    &rel,
                    Pos::new(1, 1),
                    format!("`{rel}` is not inside a folder for a kind of record"),
                )
                .hint(format!(
                    "records go in records/<folder>/, where <folder> is one of: {}",
                    schemas.folders().join(", ")
                )),
            );
        }
        files.push(RecordFile {
            path: entry.path().to_path_buf(),
            rel,
            kind,
        });
    }
    (files, diagnostics)
}

pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// `root/records/a b/x.yaml` → `records/a b/x.yaml`.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
