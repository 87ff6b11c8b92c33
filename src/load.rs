//! One record file → its YAML tree, or the diagnostic that says why it has none.
//!
//! Reads each file once, refuses more than 1 MiB, accepts a UTF-8 byte-order mark and CRLF,
//! and turns every way a file can be unusable into a diagnostic. Never panics on any bytes.

use std::io::Read;

use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::discover::RecordFile;
use crate::yaml::{self, Node, Pos, YamlError};

/// Files larger than this are rejected unread beyond it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

pub fn read_and_parse(file: &RecordFile) -> Result<Node, Box<Diagnostic>> {
    let bytes = read(file)?;
    parse_bytes(&bytes, &file.rel)
}

/// A record file's bytes in one read, or the diagnostic that says why they cannot be had (over
/// 1 MiB, unreadable).
pub fn read(file: &RecordFile) -> Result<Vec<u8>, Box<Diagnostic>> {
    let unreadable = |e: std::io::Error| {
        Box::new(Diagnostic::new(
            Code::FileUnreadable,
            &file.rel,
            Pos::new(1, 1),
            format!("`{}` could not be read: {e}", file.rel),
        ))
    };
    let handle = std::fs::File::open(&file.path).map_err(unreadable)?;
    let len = handle.metadata().map_err(unreadable)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large(file));
    }
    // Exactly the length the file has: once it is read, `take` answers the end-of-file probe
    // itself, so there is no second read just to see the end (100,000 files).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    handle
        .take(len)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

fn too_large(file: &RecordFile) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            Code::FileTooLarge,
            &file.rel,
            Pos::new(1, 1),
            format!(
                "`{}` is larger than 1 MiB, far too large for one record",
                file.rel
            ),
        )
        .hint("keep long documents outside records/ and refer to them in `notes`"),
    )
}

/// Decodes and parses a file's bytes. `rel` names the file in diagnostics.
pub fn parse_bytes(bytes: &[u8], rel: &str) -> Result<Node, Box<Diagnostic>> {
    parse_text(decode(bytes, rel)?, rel)
}

/// Parses decoded text into the full tree, or the diagnostic for its first problem.
pub fn parse_text(text: &str, rel: &str) -> Result<Node, Box<Diagnostic>> {
    yaml::parse(text).map_err(|e| Box::new(yaml_diagnostic(&e, rel)))
}

/// A record file's tree as far as it could be built, and a diagnostic for every YAML problem
/// in it. A tree beside problems lacks only the values they name (see `yaml::Parsed`), so the
/// record is still checked; `None` when there is nothing to check (syntax error, empty file).
pub fn parse_document(text: &str, rel: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let parsed = yaml::parse_document(text);
    let problems = parsed
        .problems
        .iter()
        .map(|e| yaml_diagnostic(e, rel))
        .collect();
    (parsed.root, problems)
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

fn yaml_diagnostic(error: &YamlError, rel: &str) -> Diagnostic {
    let at = |code, message: String| Diagnostic::new(code, rel, error.pos(), message);
    match error {
        YamlError::Syntax { message, .. } => {
            let d = at(
                Code::YamlSyntax,
                format!("this is not valid YAML: {message}"),
            );
            if message.contains("tab") {
                d.hint("indent with spaces; YAML does not allow tabs there")
            } else {
                d.hint("check the indentation, quotes and the space after each `:` on this line and the one before")
            }
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
}
