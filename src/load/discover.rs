//! Finding things on disk: the repository root, and the record files under `records/`.
//!
//! Non-YAML files are ignored, and hidden ones too unless they look like records (those are
//! named); ignore files are not honoured (they must not
//! hide records from `check`); symbolic links are never followed (each one is an error, since
//! what it names went unread), and every folder that cannot be listed is named.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::FILE_NAME;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::error::{Error, Result};
use crate::load::stamp::FileKey;
use crate::load::yaml::Pos;
use crate::load::{self, ReadError};
use crate::schema::{KindId, SchemaSet};

pub const RECORDS_DIR: &str = "records";

/// `--root DIR` names the root itself; without it, walk up from `start`.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf> {
    if let Some(root) = explicit {
        return if marks_root(root) {
            Ok(root.to_path_buf())
        } else {
            Err(Error::NotARoot(root.to_path_buf()))
        };
    }
    start
        .ancestors()
        .find(|dir| marks_root(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::NoRoot(start.to_path_buf()))
}

/// Whether `dir` holds a `qaledger.toml`: a file, or anything else by that name (a link, a
/// pipe), which loading the configuration then refuses by name rather than looking past it.
fn marks_root(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(FILE_NAME)).is_ok_and(|meta| !meta.is_dir())
}

/// One candidate record file.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub path: PathBuf,
    /// Relative to the root, `/`-separated.
    pub rel: String,
    /// The kind its folder names; `None` when no kind claims the folder.
    pub kind: Option<KindId>,
    /// Its stat key, taken as the walk lists its folder (`walk_all`, for the result cache: a
    /// stat by name within the folder open, not by a path from the root); `None` from `walk`.
    pub stamp: Option<FileKey>,
}

/// What the walk of `records/` finds: a record file, or a problem with an entry.
pub enum Found {
    File(RecordFile),
    /// Boxed: problems are rare, and a walk's list of 100,000 files is a third the size.
    Problem(Box<Diagnostic>),
}

/// Every `.yaml`/`.yml` path under `records/` and a problem for everything that looks like a
/// record and cannot be read (a link, a pipe, a folder that cannot be listed, a path too long),
/// in no particular order, so that files can be checked while the walk goes on (sorting by path
/// is the caller's, once, on the relative path strings). No ignore file is honoured: a
/// committed `.gitignore` or `.ignore` must not hide records from `check`.
pub fn walk<'a>(root: &'a Path, schemas: &'a SchemaSet) -> impl Iterator<Item = Found> + 'a {
    start(root, schemas)
}

/// What `walk_all` finds: the record files in path order, and the problems apart (they are
/// rare: a run that checks 100,000 files need not sort them out of the list).
pub struct Walked {
    pub files: Vec<RecordFile>,
    pub problems: Vec<Diagnostic>,
}

/// The same files and problems as `walk`, each folder listed on whichever core is free (a
/// folder's files, then its subfolders side by side): for a run that has little to do per file
/// (the result cache's), the walk would otherwise be a long stretch on one core. The files in
/// path order (what `Repository::assemble` sorts by, so that sort has nothing to move). With
/// `stamp`, each record file's stat key is taken on the way (`RecordFile::stamp`).
pub fn walk_all(root: &Path, schemas: &SchemaSet, stamp: bool) -> Walked {
    let mut top = start(root, schemas);
    // One list per folder, joined once at its full size: a list grown as it goes copies the
    // 100,000 entries into fresh memory again at each doubling.
    let lists = list_side_by_side(root, schemas, top.folders, 0, stamp);
    let mut files = Vec::with_capacity(lists.iter().map(Vec::len).sum::<usize>());
    let mut problems = Vec::new();
    for found in top
        .first
        .take()
        .into_iter()
        .chain(lists.into_iter().flatten())
    {
        match found {
            Found::File(file) => files.push(file),
            Found::Problem(d) => problems.push(*d),
        }
    }
    files.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    Walked { files, problems }
}

impl Found {
    /// The path it is about, relative to the root.
    pub fn rel(&self) -> &str {
        match self {
            Found::File(file) => &file.rel,
            Found::Problem(d) => &d.file,
        }
    }
}

/// Folders this deep below `records/` are walked whole, one walk each: records sit two or three
/// deep, and a hostile chain of thousands of nested folders must not take a stack frame each.
const SIDE_BY_SIDE_DEPTH: usize = 8;

/// Each folder's files, and its subfolders', one list per folder (per subtree below
/// `SIDE_BY_SIDE_DEPTH`).
fn list_side_by_side(
    root: &Path,
    schemas: &SchemaSet,
    folders: Vec<PathBuf>,
    depth: usize,
    stamp: bool,
) -> Vec<Vec<Found>> {
    folders
        .into_par_iter()
        .flat_map_iter(|folder| {
            let mut found = Vec::with_capacity(room_for(&folder));
            let mut walk = Walk {
                folders: vec![folder],
                one_folder: depth < SIDE_BY_SIDE_DEPTH,
                stamp,
                ..Walk::new(root, schemas)
            };
            found.extend(walk.by_ref());
            let below = list_side_by_side(root, schemas, walk.folders, depth + 1, stamp);
            std::iter::once(found).chain(below)
        })
        .collect()
}

/// Room for a folder's entries, from its size on disk: each entry takes at least a dozen
/// bytes there on the common file systems, so the list is made once and never regrown (a grown
/// list copies itself into fresh memory at each doubling, and fresh memory is what a warm run
/// spends most on). Room never written is never given pages, beyond the rest of one it
/// starts; the bound keeps a hostile folder's reported size from asking for much more.
fn room_for(folder: &Path) -> usize {
    const PER_ENTRY: u64 = 12;
    const MOST: u64 = 1 << 18;
    std::fs::symlink_metadata(folder).map_or(0, |meta| (meta.len() / PER_ENTRY).min(MOST)) as usize
}

fn start<'a>(root: &'a Path, schemas: &'a SchemaSet) -> Walk<'a> {
    let mut walk = Walk::new(root, schemas);
    let records = root.join(RECORDS_DIR);
    match std::fs::symlink_metadata(&records) {
        Ok(meta) if meta.is_dir() => walk.folders.push(records),
        Ok(meta) if meta.is_symlink() => {
            walk.first = Some(problem(load::unread(&ReadError::Link, RECORDS_DIR)));
        }
        Ok(_) => {
            walk.first = Some(problem(
                Diagnostic::new(
                    Code::RecordsNotAFolder,
                    RECORDS_DIR,
                    Pos::new(1, 1),
                    "`records` is not a folder, so no record was read",
                )
                .hint("`records` must be the folder that holds the records"),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            walk.first = Some(problem(
                Diagnostic::new(
                    Code::RecordsMissing,
                    RECORDS_DIR,
                    Pos::new(1, 1),
                    "there is no `records/` folder, so there was nothing to check",
                )
                .hint("records go in records/<folder>/; `qaledger new KIND` creates the folders"),
            ));
        }
        Err(e) => walk.first = Some(problem(folder_unreadable(RECORDS_DIR, &e))),
    }
    walk
}

/// A depth-first walk that lists each folder once and follows no link.
struct Walk<'a> {
    root: &'a Path,
    schemas: &'a SchemaSet,
    /// Folders still to list.
    folders: Vec<PathBuf>,
    /// The folder being listed, and its path relative to the root (each entry's is that and
    /// its name, rather than worked out from its full path again).
    current: Option<(String, std::fs::ReadDir)>,
    /// A problem with `records` itself.
    first: Option<Found>,
    /// List the first folder only, leaving the subfolders found in `folders`.
    one_folder: bool,
    listed: bool,
    /// Take each record file's stat key (`RecordFile::stamp`).
    stamp: bool,
}

impl<'a> Walk<'a> {
    fn new(root: &'a Path, schemas: &'a SchemaSet) -> Walk<'a> {
        Walk {
            root,
            schemas,
            folders: Vec::new(),
            current: None,
            first: None,
            one_folder: false,
            listed: false,
            stamp: false,
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        if let Some(found) = self.first.take() {
            return Some(found);
        }
        loop {
            let Some((dir_rel, entries)) = &mut self.current else {
                if self.one_folder && self.listed {
                    return None;
                }
                self.listed = true;
                let dir = self.folders.pop()?;
                match std::fs::read_dir(&dir) {
                    Ok(entries) => {
                        self.current = Some((relative(self.root, &dir), entries));
                    }
                    Err(e) => {
                        let rel = relative(self.root, &dir);
                        return Some(problem(folder_unreadable(&rel, &e)));
                    }
                }
                continue;
            };
            match entries.next() {
                None => self.current = None,
                Some(Err(e)) => {
                    let found = problem(folder_unreadable(dir_rel, &e));
                    self.current = None;
                    return Some(found);
                }
                Some(Ok(entry)) => {
                    let name = entry.file_name();
                    let rel = format!("{dir_rel}/{}", name.to_string_lossy());
                    if let Some(found) = self.classify(&entry, &name, rel) {
                        return Some(found);
                    }
                }
            }
        }
    }
}

impl Walk<'_> {
    /// What the entry `rel` is (the folder's path and its name, as `relative` gives it).
    fn classify(
        &mut self,
        entry: &std::fs::DirEntry,
        name: &std::ffi::OsStr,
        rel: String,
    ) -> Option<Found> {
        let path = entry.path();
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(e) => return Some(problem(load::unread(&load::io_error(e), &rel))),
        };
        // Hidden files and folders are not records (SPEC §2), but one that looks like a record,
        // or a hidden folder holding such files, is named: a leading dot must not be a way to
        // take a record out of every check and view unnoticed.
        if name.as_encoded_bytes().starts_with(b".") {
            return hidden(&path, &rel, file_type).map(problem);
        }
        if file_type.is_dir() {
            self.folders.push(path);
            return None;
        }
        if file_type.is_symlink() {
            // Whatever it names, a link is not followed: a linked folder may hold records.
            return Some(problem(load::unread(&ReadError::Link, &rel)));
        }
        if !is_yaml(&path) {
            return None;
        }
        if !file_type.is_file() {
            return Some(problem(load::unread(&ReadError::NotRegular, &rel)));
        }
        let under_records = rel.strip_prefix("records/").unwrap_or(&rel);
        let kind = match under_records.split_once('/') {
            Some((folder, _)) => self.schemas.by_folder(folder),
            None => None,
        };
        // A file that cannot be stat'ed now has no key: it is read, and its reading says why.
        let stamp = if self.stamp {
            entry.metadata().ok().as_ref().and_then(FileKey::of)
        } else {
            None
        };
        Some(Found::File(RecordFile {
            path,
            rel,
            kind,
            stamp,
        }))
    }
}

/// The most entries looked at inside one hidden folder for a record-like file: enough for any
/// folder a person hides by mistake, and a bound on a hostile one.
const HIDDEN_LOOK_AT: usize = 10_000;

/// The problem with a hidden entry, when it looks like a record (a `.yaml`/`.yml` file) or is a
/// folder holding one (looked for without following links, up to `HIDDEN_LOOK_AT` entries).
/// Links are left alone here (an editor's lock file, such as Emacs's `.#name.yaml`, is one).
fn hidden(path: &Path, rel: &str, file_type: std::fs::FileType) -> Option<Diagnostic> {
    let example = if file_type.is_dir() {
        first_yaml_below(path, HIDDEN_LOOK_AT)?
    } else if !file_type.is_symlink() && is_yaml(path) {
        rel.rsplit('/').next().unwrap_or(rel).to_owned()
    } else {
        return None;
    };
    let (message, hint) = if file_type.is_dir() {
        (
            format!(
                "the hidden folder `{rel}` holds record files (such as `{example}`), which were not read"
            ),
            "a folder whose name starts with a dot is skipped: rename it without the dot, or move its files out of records/",
        )
    } else {
        (
            format!("`{rel}` is hidden (its name starts with a dot), so this record was not read"),
            "rename it without the leading dot, or move it out of records/ if it is not a record",
        )
    };
    Some(Diagnostic::new(Code::HiddenSkipped, rel, Pos::new(1, 1), message).hint(hint))
}

/// The name of a `.yaml`/`.yml` file somewhere below `dir` (links not followed), looking at no
/// more than `budget` entries; when the budget runs out first, the folder is named as holding
/// something unread all the same, since what it holds is unknown.
fn first_yaml_below(dir: &Path, budget: usize) -> Option<String> {
    let mut folders = vec![dir.to_path_buf()];
    let mut seen = 0;
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > budget {
                return Some(format!("more than {budget} entries"));
            }
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                folders.push(path);
            } else if !file_type.is_symlink() && is_yaml(&path) {
                return Some(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    None
}

fn problem(diagnostic: Diagnostic) -> Found {
    Found::Problem(Box::new(diagnostic))
}

/// A folder that could not be listed: none of the records in it were read.
fn folder_unreadable(rel: &str, e: &std::io::Error) -> Diagnostic {
    if load::is_path_too_long(e) {
        return load::path_too_long(rel);
    }
    Diagnostic::new(
        Code::FolderUnreadable,
        rel,
        Pos::new(1, 1),
        format!("the folder `{rel}` could not be read ({e}), so no record in it was checked"),
    )
    .hint("fix the folder's permissions so that it can be listed and read")
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

/// `root/records/a b/x.yaml` → `records/a b/x.yaml`; on Windows too (`records\\a b\\x.yaml`
/// is shown and matched with `/`, as git and the diagnostics' readers expect).
pub fn relative(root: &Path, path: &Path) -> String {
    relative_with(root, path, std::path::MAIN_SEPARATOR)
}

/// `relative` for a platform whose separator is `separator`: the text as it is where that is
/// `/`, else the components joined with `/` (the Windows branch, tested here on Linux).
fn relative_with(root: &Path, path: &Path, separator: char) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if separator == '/' {
        if let Some(text) = rel.to_str() {
            return text.to_owned();
        }
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths inside the repository are shown with `/` whatever the platform's separator: the
    /// Windows branch (components joined) gives what the Unix one does.
    #[test]
    fn relative_paths_use_slashes_on_every_platform() {
        let root = Path::new("/council/qa");
        let path = root.join("records").join("a b").join("ACT-2025-0001.yaml");
        for separator in ['/', '\\'] {
            assert_eq!(
                relative_with(root, &path, separator),
                "records/a b/ACT-2025-0001.yaml"
            );
        }
        assert_eq!(relative(root, &path), "records/a b/ACT-2025-0001.yaml");
    }

    /// The walk on every core finds what the one-core walk finds, in path order: files at
    /// every depth, the problems (a hidden record, a link), nothing else.
    #[cfg(unix)]
    #[test]
    fn walk_all_finds_what_walk_finds_in_path_order() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let files = [
            "records/actions/2025/ACT-2025-0002.yaml",
            "records/actions/2025/ACT-2025-0001.yaml",
            "records/actions/2024/deep/er/ACT-2024-0001.yml",
            "records/actions/ACT-2023-0001.yaml",
            "records/audits/AUD-2025-0001.yaml",
            "records/audits/notes.txt",
            "records/audits/.hidden.yaml",
            "records/loose.yaml",
        ];
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap_or(root))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, "id: X\n").unwrap_or_else(|e| panic!("{e}"));
        }
        std::os::unix::fs::symlink(
            root.join("records/actions"),
            root.join("records/audits/linked.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let schemas = crate::schema::built_in_for_tests();
        let rels = |found: Vec<Found>| -> Vec<(bool, String)> {
            found
                .iter()
                .map(|f| (matches!(f, Found::File(_)), f.rel().to_owned()))
                .collect()
        };
        let mut one_core = rels(walk(root, &schemas).collect());
        one_core.sort_by(|a, b| a.1.cmp(&b.1));
        // The files and the problems, each in path order, then merged as `walk` would give them.
        let rels_all = |walked: &Walked| -> Vec<(bool, String)> {
            let files = walked.files.iter().map(|f| (true, f.rel.clone()));
            let problems = walked.problems.iter().map(|d| (false, d.file.clone()));
            let in_order = |list: &[(bool, String)]| list.is_sorted_by(|a, b| a.1 <= b.1);
            let (files, problems): (Vec<_>, Vec<_>) = (files.collect(), problems.collect());
            assert!(in_order(&files) && in_order(&problems));
            let mut all = [files, problems].concat();
            all.sort_by(|a, b| a.1.cmp(&b.1));
            all
        };
        let stamped = walk_all(root, &schemas, true);
        // Each file's stat key is the one its path gives; without `stamp`, none is taken.
        for file in &stamped.files {
            let meta = std::fs::symlink_metadata(&file.path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(file.stamp, FileKey::of(&meta), "{}", file.rel);
            assert!(file.stamp.is_some(), "{}", file.rel);
        }
        let unstamped = walk_all(root, &schemas, false);
        assert!(unstamped.files.iter().all(|f| f.stamp.is_none()));
        let (all, unstamped) = (rels_all(&stamped), rels_all(&unstamped));
        assert_eq!(all, one_core);
        assert_eq!(unstamped, one_core);
        let file = |rel: &str| (true, rel.to_owned());
        let problem = |rel: &str| (false, rel.to_owned());
        assert_eq!(
            all,
            [
                file("records/actions/2024/deep/er/ACT-2024-0001.yml"),
                file("records/actions/2025/ACT-2025-0001.yaml"),
                file("records/actions/2025/ACT-2025-0002.yaml"),
                file("records/actions/ACT-2023-0001.yaml"),
                problem("records/audits/.hidden.yaml"),
                file("records/audits/AUD-2025-0001.yaml"),
                problem("records/audits/linked.yaml"),
                file("records/loose.yaml"),
            ]
        );
    }
}
