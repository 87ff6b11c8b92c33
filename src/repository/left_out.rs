//! What the compiled views could not use, each named by path (SPEC §7: degrade, don't drop).
//!
//! A file holding no usable record (unreadable, not YAML, not a mapping, outside every kind's
//! folder) is left out whole; a record with problems loses only the deadlines that read a field
//! in trouble, or whose due date cannot be computed. Plain data: renderers list it, none counts.

use serde::Serialize;

use crate::record::Record;
use crate::schema::extension::KindSpec;

/// One record, or one deadline of a record, that a view left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LeftOut {
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// The kind, by the file's folder, when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The record's id, when the file held a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The deadline left out; absent when the whole record is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The owner field's text, when it is readable (the digest the item goes to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The team field's text, when it is readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Why, for a person: "`due` has a problem", "the file is not valid YAML (line 3: …)".
    pub reason: String,
}

impl LeftOut {
    /// A file left out whole: it holds no record to take an id, owner or team from.
    pub fn file(path: String, kind: Option<String>, reason: String) -> LeftOut {
        LeftOut {
            path,
            kind,
            id: None,
            deadline: None,
            owner: None,
            team: None,
            reason,
        }
    }

    /// A record, or one deadline of it, left out: its owner and team when their fields are
    /// sound (the digest it goes to).
    pub fn of_record(
        spec: &KindSpec,
        record: &Record,
        deadline: Option<String>,
        reason: String,
    ) -> LeftOut {
        let text = |field: &Option<String>| {
            let field = field.as_deref()?;
            record.sound_text(field).map(str::to_owned)
        };
        LeftOut {
            path: record.path.clone(),
            kind: Some(spec.kind.clone()),
            id: Some(record.id.clone()),
            deadline,
            owner: text(&spec.owner),
            team: text(&spec.team),
            reason,
        }
    }

    /// Whether a view filtered to this owner, team and kind must still name it: only a value
    /// known to differ rules it out (an unreadable owner may be anyone's).
    pub fn may_match(&self, owner: Option<&str>, team: Option<&str>, kind: Option<&str>) -> bool {
        let may = |want: Option<&str>, have: &Option<String>| {
            want.is_none_or(|w| have.as_deref().is_none_or(|h| h == w))
        };
        may(owner, &self.owner) && may(team, &self.team) && may(kind, &self.kind)
    }

    /// "records/actions/ACT-2025-0001.yaml (completion: `due` has a problem)".
    pub fn describe(&self) -> String {
        match &self.deadline {
            Some(deadline) => format!("{} ({deadline}: {})", self.path, self.reason),
            None => format!("{} ({})", self.path, self.reason),
        }
    }
}

/// How many files the entries name (a record may lose several deadlines).
pub fn files(left_out: &[LeftOut]) -> usize {
    let mut paths: Vec<&str> = left_out.iter().map(|l| l.path.as_str()).collect();
    paths.dedup();
    paths.len()
}

/// A record's problems as a person reads them: "this record has 1 YAML or schema problem — run
/// `qaledger check PATH`". The count is of what its schema finds, all the views' open runs
/// (`Checks::Schema`), and its YAML problems; `check` may find more (dates, references), so
/// the words say which.
pub fn problems_note(problems: u32, path: &str) -> String {
    problems_note_with(problems, &format!("`{}`", check_command(path)))
}

/// The same, with the command already marked up for its medium (a Markdown code span).
pub fn problems_note_with(problems: u32, command: &str) -> String {
    let noun = if problems == 1 { "problem" } else { "problems" };
    format!("this record has {problems} YAML or schema {noun} — run {command}")
}

/// `qaledger check PATH`: what shows a record's problems.
pub fn check_command(path: &str) -> String {
    format!("qaledger check {path}")
}
