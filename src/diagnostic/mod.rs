//! Diagnostics are data: a code, a severity, a message for a person, and where.
//!
//! Every finding about a user's records is a `Diagnostic`, never an `Err`. Renderers (human,
//! JSON, GitHub, JUnit, GitLab) all read the same values; nothing here prints.

pub mod code;
pub mod suggest;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::code::Code;
use crate::load::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the repository root, with `/` separators.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The column just past what the diagnostic is about, on the same line, when it is a part
    /// of a value (the personal data in a sentence); otherwise the whole key or value at
    /// `column` is meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// Dotted field path (`moderation.agreed_grade`, `actions[1]`) when the problem is in a field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Why the finding is kept on purpose, when a `# qaledger: allow … because: …` comment
    /// accepts it (`check::allow`): it is then listed and counted, never an error.
    #[serde(rename = "reason", skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
    /// The text of line `line` as written, taken while the file's text was at hand, for the
    /// human snippet. Not part of the JSON contract.
    #[serde(skip)]
    pub source_line: SourceLine,
}

/// A diagnostic's line as written (without its line ending), or why there is none.
#[derive(Debug, Clone, Default)]
pub enum SourceLine {
    /// Not taken yet: the diagnostic was made after its file's text was let go.
    #[default]
    NotTaken,
    /// The file was looked at and has no such line, or could not be read.
    Absent,
    /// The line; diagnostics on one line share one copy.
    Text(Arc<str>),
}

/// The line is how a diagnostic is shown, not what it finds: two diagnostics are the same
/// finding whichever line they carry (the views' open takes none), so dropping repeats and
/// comparing findings look past it.
impl PartialEq for SourceLine {
    fn eq(&self, _: &SourceLine) -> bool {
        true
    }
}

impl Eq for SourceLine {}

impl SourceLine {
    pub fn text(&self) -> Option<&str> {
        match self {
            SourceLine::Text(text) => Some(text),
            SourceLine::NotTaken | SourceLine::Absent => None,
        }
    }
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            file: file.to_owned(),
            line: pos.line.max(1),
            column: pos.col.max(1),
            end_column: None,
            record_id: None,
            field: None,
            hint: None,
            accepted: None,
            source_line: SourceLine::NotTaken,
        }
    }

    pub fn record(mut self, id: Option<&str>) -> Diagnostic {
        self.record_id = id.map(str::to_owned);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    /// Narrows the diagnostic to columns `column..end` of its line.
    pub fn until(mut self, end: u32) -> Diagnostic {
        self.end_column = (end > self.column).then_some(end);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// The order diagnostics are shown in: by file, then position, then code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.code.as_str(),
            &self.message,
        )
    }
}

/// Counts of a run's findings, for the tally line and exit status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub files: usize,
    pub records: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings accepted by a `# qaledger: allow` comment (not errors or warnings).
    #[serde(skip_serializing_if = "is_zero")]
    pub accepted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Tally {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            if d.accepted.is_some() {
                self.accepted += 1;
                continue;
            }
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }
}

/// Gives each diagnostic about `file` that has no source line yet the line of `text` it points
/// at. One pass over the text, and one copy of each line however many diagnostics share it:
/// only the lines with a diagnostic are kept, never the file.
pub fn attach_source_lines(diagnostics: &mut [Diagnostic], file: &str, text: &str) {
    let wanted = |d: &Diagnostic| d.file == file && matches!(d.source_line, SourceLine::NotTaken);
    let mut lines: BTreeMap<u32, SourceLine> = diagnostics
        .iter()
        .filter(|d| wanted(d))
        .map(|d| (d.line, SourceLine::Absent))
        .collect();
    let Some(&last) = lines.keys().next_back() else {
        return;
    };
    for (n, line) in (1..=last).zip(text.lines()) {
        if let Some(slot) = lines.get_mut(&n) {
            *slot = SourceLine::Text(Arc::from(line.trim_end_matches('\r')));
        }
    }
    for d in diagnostics.iter_mut().filter(|d| wanted(d)) {
        d.source_line = lines.get(&d.line).cloned().unwrap_or(SourceLine::Absent);
    }
}

/// Sorts diagnostics into their display order and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// `--strict`: every warning becomes an error.
pub fn make_strict(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = Severity::Error;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::code::Code;

    fn at(file: &str, line: u32) -> Diagnostic {
        Diagnostic::new(Code::YamlSyntax, file, Pos::new(line as usize, 1), "x")
    }

    #[test]
    fn each_diagnostic_gets_its_own_files_line_once_and_shared() {
        let mut found = vec![
            at("a.yaml", 2),
            at("a.yaml", 2),
            at("a.yaml", 9),
            at("b.yaml", 1),
        ];
        attach_source_lines(&mut found, "a.yaml", "id: x\r\ntitle: two\r\n");
        let texts: Vec<Option<&str>> = found.iter().map(|d| d.source_line.text()).collect();
        assert_eq!(texts, [Some("title: two"), Some("title: two"), None, None]);
        // Past the end: looked at and absent, so no second read looks again.
        assert!(matches!(found[2].source_line, SourceLine::Absent));
        // Another file's diagnostic is left for its own text.
        assert!(matches!(found[3].source_line, SourceLine::NotTaken));
        let (SourceLine::Text(first), SourceLine::Text(second)) =
            (&found[0].source_line, &found[1].source_line)
        else {
            panic!("no lines attached");
        };
        assert!(Arc::ptr_eq(first, second), "one copy of a shared line");
    }

    #[test]
    fn the_line_carried_makes_no_other_finding() {
        let mut with = at("a.yaml", 1);
        with.source_line = SourceLine::Text("id: x".into());
        assert_eq!(with, at("a.yaml", 1));
        let json = serde_json::to_string(&with).unwrap_or_default();
        assert!(!json.contains("id: x"), "{json}");
    }
}
