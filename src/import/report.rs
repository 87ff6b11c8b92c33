//! What an import did (or, in a dry run, would do) with each row: plain data the command fills
//! after checking each record, and the renderers print as text or JSON.

use serde::Serialize;

use super::rows::Problem;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub sheet: String,
    pub kind: String,
    /// The name records keep with their key.
    pub source: String,
    /// Whether the files were written (`--write`); otherwise a dry run.
    pub written: bool,
    pub rows: Vec<RowReport>,
    /// Rows left out: blank, `skip_rows`, `skip_when`.
    pub skipped: Vec<u32>,
    /// The commit made with `--commit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Refused,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    /// The sheet's row number.
    pub row: u32,
    /// Where the row starts (`Tracker!A4`).
    pub at: String,
    pub key: String,
    pub action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For an update: each field that changes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Why the row was refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    /// What `check` warns about the record (it is written all the same).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Report {
    pub fn count(&self, action: Action) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}
