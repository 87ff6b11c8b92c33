//! One record file → its YAML tree, or the diagnostic that says why it has none.
//!
//! Reads each file once, refuses more than 1 MiB, accepts a UTF-8 byte-order mark and CRLF,
//! and turns every way a file can be unusable into a diagnostic. Never panics on any bytes.
//! `read_capped` is the one way any file under the root is read (records, schemas, settings):
//! no link is followed, nothing but a regular file is read, nothing beyond 1 MiB.

pub mod discover;
pub mod flatten;
pub mod git;
pub mod stamp;
pub mod yaml;

use std::io::Read;
use std::path::Path;

use crate::diagnostic::code::Code;
use crate::diagnostic::{self, Diagnostic, SourceLine};
use crate::load::discover::RecordFile;
use crate::load::yaml::{Node, Pos, YamlError};

/// Files larger than this are rejected unread beyond it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A record file's bytes in one read, or the diagnostic that says why they cannot be had (a
/// link, not a regular file, over 1 MiB, unreadable).
pub fn read(file: &RecordFile) -> Result<Vec<u8>, Box<Diagnostic>> {
    read_capped(&file.path).map_err(|e| Box::new(unread(&e, &file.rel)))
}

/// Why a file under the root was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A symbolic link: never followed, so nothing outside the root is read.
    Link,
    /// A folder, FIFO, socket or device: reading one could hang or never end.
    NotRegular,
    /// Larger than `MAX_FILE_BYTES`.
    TooLarge,
    /// A path longer than the system allows.
    PathTooLong(std::io::Error),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Link => f.write_str("it is a symbolic link, and qaledger follows none"),
            ReadError::NotRegular => {
                f.write_str("it is not a regular file (a folder, pipe, socket or device)")
            }
            ReadError::TooLarge => f.write_str("it is larger than 1 MiB"),
            ReadError::PathTooLong(e) | ReadError::Io(e) => e.fmt(f),
        }
    }
}

/// The one way every file under the root is read — records, schemas and `qaledger.toml`: opened
/// without following a final symbolic link and without blocking on a FIFO, its type and size
/// checked on the opened handle (so nothing can be swapped in between), then read in one go up
/// to `MAX_FILE_BYTES`.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_capped_stat(path).map(|(bytes, _)| bytes)
}

/// A record file's bytes with its metadata as taken on the opened handle before the read
/// (the result cache's key: a change after it makes a newer key), or the diagnostic.
pub fn read_stat(file: &RecordFile) -> Result<(Vec<u8>, std::fs::Metadata), Box<Diagnostic>> {
    read_capped_stat(&file.path).map_err(|e| Box::new(unread(&e, &file.rel)))
}

/// `read_capped`, with the opened handle's metadata.
pub fn read_capped_stat(path: &Path) -> Result<(Vec<u8>, std::fs::Metadata), ReadError> {
    let handle = open_no_follow(path)?;
    let meta = handle.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let len = meta.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    // Exactly the length the file has: once it is read, `take` answers the end-of-file probe
    // itself, so there is no second read just to see the end (100,000 files).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    handle.take(len).read_to_end(&mut bytes).map_err(io_error)?;
    Ok((bytes, meta))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            // What O_NOFOLLOW answers for a link (ELOOP; EMLINK on FreeBSD and NetBSD).
            Some(libc::ELOOP | libc::EMLINK) => ReadError::Link,
            // A socket cannot be opened at all.
            Some(libc::ENXIO | libc::EOPNOTSUPP) => ReadError::NotRegular,
            _ => io_error(e),
        })
}

/// Elsewhere (Windows) the link is looked for first; the opened handle's type is still checked.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    open_checked_first(path)
}

/// Windows' way to open a record: no O_NOFOLLOW there, so a link (or a directory, a device) is
/// refused from its metadata before opening. Built everywhere so its unit test runs on the
/// machines at hand, none of which is Windows.
#[cfg_attr(unix, allow(dead_code))]
fn open_checked_first(path: &Path) -> Result<std::fs::File, ReadError> {
    let meta = std::fs::symlink_metadata(path).map_err(io_error)?;
    if meta.is_symlink() {
        return Err(ReadError::Link);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    std::fs::File::open(path).map_err(io_error)
}

/// An I/O error, with a path too long for the system told apart.
pub fn io_error(e: std::io::Error) -> ReadError {
    if is_path_too_long(&e) {
        ReadError::PathTooLong(e)
    } else {
        ReadError::Io(e)
    }
}

pub fn is_path_too_long(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ENAMETOOLONG)
    }
    #[cfg(windows)]
    {
        // ERROR_FILENAME_EXCED_RANGE
        e.raw_os_error() == Some(206)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = e;
        false
    }
}

/// A settings file (`qaledger.toml`, a schema) as text, read as records are, or why not — for
/// the error that stops the tool.
pub fn read_text(path: &Path) -> Result<String, String> {
    // A device is not even opened (opening some has effects); the walk does the same for
    // records, and the opened handle is checked again either way.
    let special = std::fs::symlink_metadata(path)
        .is_ok_and(|meta| !meta.is_file() && !meta.is_symlink() && !meta.is_dir());
    let read = if special {
        Err(ReadError::NotRegular)
    } else {
        read_capped(path)
    };
    let bytes = read.map_err(|e| match e {
        ReadError::TooLarge => "is larger than 1 MiB, far too large for this file".to_owned(),
        e => format!("could not be read: {e}"),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "is not UTF-8 text: re-save it with the UTF-8 encoding".to_owned())?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The diagnostic for a record file (named `rel`) that was not read.
pub fn unread(error: &ReadError, rel: &str) -> Diagnostic {
    let at = |code, message: String| Diagnostic::new(code, rel, Pos::new(1, 1), message);
    match error {
        ReadError::Link => at(
            Code::SymlinkSkipped,
            format!("`{rel}` is a symbolic link; it was not followed, so it was not checked"),
        )
        .hint("replace the link with the file or folder itself, or remove it"),
        ReadError::NotRegular => at(
            Code::FileNotRegular,
            format!("`{rel}` is not a regular file (a pipe, socket or device); it was not read"),
        )
        .hint("replace it with a plain YAML file, or remove it"),
        ReadError::TooLarge => at(
            Code::FileTooLarge,
            format!("`{rel}` is larger than 1 MiB, far too large for one record"),
        )
        .hint("keep long documents outside records/ and refer to them in `notes`"),
        ReadError::PathTooLong(_) => path_too_long(rel),
        ReadError::Io(e) => at(
            Code::FileUnreadable,
            format!("`{rel}` could not be read: {e}"),
        ),
    }
}

/// A path longer than the system can open: nothing at or below it was read.
pub fn path_too_long(rel: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PathTooLong,
        rel,
        Pos::new(1, 1),
        format!(
            "`{rel}` is a longer path than this system can open, so nothing at or below it was read"
        ),
    )
    .hint("shorten the folder names under records/ (a kind folder and a year are enough)")
}

/// Decodes and parses a file's bytes. `rel` names the file in diagnostics.
pub fn parse_bytes(bytes: &[u8], rel: &str) -> Result<Node, Box<Diagnostic>> {
    parse_text(decode(bytes, rel)?, rel)
}

/// Parses decoded text into the full tree, or the diagnostic for its first problem.
pub fn parse_text(text: &str, rel: &str) -> Result<Node, Box<Diagnostic>> {
    yaml::parse(text).map_err(|e| Box::new(yaml_diagnostic(&e, rel)))
}

/// A record file's tree as far as it could be built, a diagnostic for every YAML problem in
/// it, and the dotted paths of the fields its YAML problems make unusable (degrade,
/// don't drop): a duplicate key's field (which of its two values is meant is not known); ""
/// (the whole record) for a value left out at a place no field names (nesting too deep, an
/// alias past the cap, a list used as a key). A second document leaves the first whole. The
/// tree lacks only the values its problems name, so the record is still checked; `None` when
/// there is nothing to check (a syntax error, an empty file).
pub fn parse_record(text: &str, rel: &str) -> (Option<Node>, Vec<Diagnostic>, Vec<String>) {
    let parsed = yaml::parse_document(text);
    let problems = parsed
        .problems
        .iter()
        .map(|e| yaml_diagnostic(e, rel))
        .collect();
    let mut broken: Vec<String> = parsed
        .problems
        .iter()
        .filter_map(|e| match e {
            YamlError::DuplicateKey { key, first, .. } => Some(
                parsed
                    .root
                    .as_ref()
                    .and_then(|root| entry_path(root, *first))
                    .unwrap_or_else(|| key.clone()),
            ),
            YamlError::MultipleDocuments { .. } | YamlError::Syntax { .. } | YamlError::Empty => {
                None
            }
            YamlError::TooDeep { .. }
            | YamlError::AliasExpansion { .. }
            | YamlError::ComplexKey { .. } => Some(String::new()),
        })
        .collect();
    broken.sort_unstable();
    broken.dedup();
    (parsed.root, problems, broken)
}

/// The dotted path (`impact.rating`, `approvals.1.type`) of the mapping entry whose key is at
/// `key_pos`.
fn entry_path(node: &Node, key_pos: Pos) -> Option<String> {
    match &node.value {
        yaml::Value::Map(entries) => entries.iter().find_map(|entry| {
            if entry.key_pos == key_pos {
                return Some(entry.key.clone());
            }
            entry_path(&entry.value, key_pos).map(|p| crate::record::join(&entry.key, &p))
        }),
        yaml::Value::Seq(items) => items.iter().enumerate().find_map(|(i, item)| {
            entry_path(item, key_pos).map(|p| crate::record::join(&i.to_string(), &p))
        }),
        _ => None,
    }
}

/// A file's bytes as text without its byte-order mark, or the diagnostic at the first byte
/// that is not UTF-8.
pub fn decode<'a>(bytes: &'a [u8], rel: &str) -> Result<&'a str, Box<Diagnostic>> {
    let text =
        match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
                return Err(Box::new(Diagnostic::new(
                Code::FileNotUtf8,
                rel,
                Pos::new(line, col),
                "this file is not UTF-8 text (it has a character saved in another encoding)",
            )
            .hint("re-save the file with the UTF-8 encoding")));
            }
        };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A file that is not UTF-8 as text, each bad sequence a replacement character, without its
/// byte-order mark: the form its lines are shown in under a diagnostic.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(text) => {
            std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text))
        }
        std::borrow::Cow::Owned(text) => match text.strip_prefix('\u{feff}') {
            Some(rest) => std::borrow::Cow::Owned(rest.to_owned()),
            None => std::borrow::Cow::Owned(text),
        },
    }
}

/// The source lines of diagnostics made after their file's text was let go (the cross-record
/// checks, the walk's, `check --changed-since`'s deleted references): each such file is read
/// once more, for `check`'s human snippets only. A file that cannot be read (or no longer
/// holds the line) leaves the snippet empty, as it always did.
pub fn attach_missing_source_lines(root: &Path, diagnostics: &mut [Diagnostic]) {
    let mut files: Vec<&str> = diagnostics
        .iter()
        .filter(|d| matches!(d.source_line, SourceLine::NotTaken))
        .map(|d| d.file.as_str())
        .collect();
    files.sort_unstable();
    files.dedup();
    let files: Vec<String> = files.into_iter().map(str::to_owned).collect();
    for file in files {
        // Unreadable: the empty text has no lines, so each is marked absent.
        let bytes = read_capped(&root.join(&file)).unwrap_or_default();
        diagnostic::attach_source_lines(diagnostics, &file, &lossy(&bytes));
    }
}

/// The YAML parser's words for a fault, in a quality officer's words where they are one of the
/// slips people make typing YAML by hand (the parser's own otherwise), and what to do.
fn plain_words(message: &str) -> (&str, &'static str) {
    const CHECK: &str = "check the indentation, quotes and the space after each `:` on this line and the one before";
    const WORDS: &[(&str, &str, &str)] = &[
        (
            "tab",
            "this line is indented with a tab",
            "indent with spaces; YAML does not allow tabs there",
        ),
        (
            "quoted scalar",
            "a quote is opened and not closed",
            "close the quote on the same value, or take it out",
        ),
        (
            "expected ',' or ']'",
            "a list opened with `[` on this line or above is not closed with `]`",
            "close the list with `]` on the line where it ends",
        ),
        (
            "expected ',' or '}'",
            "a block opened with `{` on this line or above is not closed with `}`",
            "close the block with `}` on the line where it ends",
        ),
        (
            "did not find expected key",
            "this line is indented differently from the lines before it",
            CHECK,
        ),
        (
            "mapping values are not allowed",
            "a `:` where a value was expected (a line indented more than the one above, or a value holding `: ` that needs quotes)",
            "line the field up with the ones above, or put the value in quotes",
        ),
    ];
    WORDS
        .iter()
        .find(|(needle, _, _)| message.contains(needle))
        .map_or((message, CHECK), |(_, words, hint)| (*words, *hint))
}

fn yaml_diagnostic(error: &YamlError, rel: &str) -> Diagnostic {
    let at = |code, message: String| Diagnostic::new(code, rel, error.pos(), message);
    match error {
        YamlError::Syntax {
            spaced: Some(spaced),
            ..
        } => at(
            Code::YamlSyntax,
            "this line is not valid YAML: put a space after the colon".to_owned(),
        )
        .hint(format!("write `{}`", spaced.trim_start())),
        YamlError::Syntax { message, .. } => {
            let (words, hint) = plain_words(message);
            at(
                Code::YamlSyntax,
                format!("this is not valid YAML: {words}"),
            )
            .hint(hint)
        }
        YamlError::DuplicateKey { key, first, .. } => at(
            Code::YamlDuplicateKey,
            format!(
                "`{key}` appears twice here (first on line {}); the record is checked with the first value",
                first.line
            ),
        )
        .field(key.clone())
        .hint("keep only one of the two"),
        YamlError::MultipleDocuments { .. } => at(
            Code::YamlMultipleDocuments,
            "a second YAML document starts here, but a file holds exactly one record (only the first is checked)".to_owned(),
        )
        .hint("move the second record into a file of its own"),
        YamlError::TooDeep { .. } => at(
            Code::YamlTooDeep,
            format!(
                "the YAML is nested more than {} levels deep here (this value is left out)",
                yaml::MAX_DEPTH
            ),
        ),
        YamlError::AliasExpansion { .. } => at(
            Code::YamlAliasExpansion,
            format!(
                "YAML aliases here copy more than {} values (this alias and any after it are left out)",
                yaml::MAX_ALIAS_NODES
            ),
        )
        .hint("write the values out instead of repeating aliases"),
        YamlError::ComplexKey { .. } => at(
            Code::YamlSyntax,
            "a field name must be plain text, not a list or a block (this entry is left out)"
                .to_owned(),
        ),
        YamlError::Empty => at(
            Code::FileEmpty,
            "this file is empty: it holds no record".to_owned(),
        )
        .hint("fill in the record, or delete the file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(bytes: &[u8]) -> Option<Code> {
        parse_bytes(bytes, "x.yaml").err().map(|d| d.code)
    }

    #[test]
    fn bom_is_accepted_and_does_not_shift_columns() {
        let node = parse_bytes(b"\xEF\xBB\xBFid: ACT-2025-0001\n", "x.yaml");
        let node = node.ok().unwrap_or_else(|| panic!("BOM refused"));
        assert_eq!(node.locate(["id"]).key_pos, Some(Pos { line: 1, col: 1 }));
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let err = parse_bytes(b"id: x\nsummary: caf\xE9\n", "x.yaml").err();
        let found = err.map(|d| (d.code, d.line, d.column));
        assert_eq!(found, Some((Code::FileNotUtf8, 2, 13)));
    }

    #[test]
    fn each_unusable_file_gets_its_code() {
        assert_eq!(code_of(b""), Some(Code::FileEmpty));
        assert_eq!(code_of(b"a: [1, 2\n"), Some(Code::YamlSyntax));
        assert_eq!(code_of(b"a: 1\na: 2\n"), Some(Code::YamlDuplicateKey));
        assert_eq!(
            code_of(b"a: 1\n---\nb: 1\n"),
            Some(Code::YamlMultipleDocuments)
        );
        assert_eq!(code_of(b"a:\n\tb: 1\n"), Some(Code::YamlSyntax));
    }

    /// Windows' branch of opening a record (`open_checked_first`), run here: a link is refused
    /// as a link, a folder as not a regular file, and a file opens.
    #[test]
    fn the_windows_open_refuses_links_and_folders() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, b"id: x\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(open_checked_first(&file).is_ok());
        assert!(matches!(
            open_checked_first(dir.path()),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            open_checked_first(&dir.path().join("missing.yaml")),
            Err(ReadError::Io(_))
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.yaml");
            std::os::unix::fs::symlink(&file, &link).unwrap_or_else(|e| panic!("{e}"));
            assert!(matches!(open_checked_first(&link), Err(ReadError::Link)));
        }
    }
}
