//! Checking: every file on its own (in parallel, while its YAML tree is at hand), then the
//! checks that span records. Findings are diagnostics; nothing here prints or stops early.

pub mod allow;
pub mod cross;
mod date_order;
pub mod index;
pub mod personal_data;
mod rules;
pub mod schema;

pub(crate) use cross::allowed_kinds;

use std::borrow::Cow;

use jiff::civil::Date;

use crate::check::index::Index;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::load;
use crate::load::discover::{self, RecordFile};
use crate::load::flatten::{self, Flat};
use crate::record::{Fields, Leaf, Record, touches};
use crate::schema::SchemaSet;

/// What every file's check needs.
pub struct Context<'a> {
    pub config: &'a Config,
    pub schemas: &'a SchemaSet,
    pub as_of: Date,
    pub checks: Checks,
}

/// How much checking a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// Every check (`check`, and the commands that show a record's problems).
    All,
    /// Only what decides what of a record is used: readable, parsable, and which fields its
    /// schema rejects (those values are dropped, and the deadlines reading them left out). The
    /// compiled views (overdue, tracker, summary, report, remind) need no more.
    Schema,
}

/// One file's result: the record (when the file held one) and its problems.
pub struct FileOutcome {
    pub record: Option<Record>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads, parses and checks one file, keeping only the fields later stages use.
pub fn check_file(ctx: &Context<'_>, file: &RecordFile) -> FileOutcome {
    check_read(ctx, file, load::read(file))
}

/// The same, for a file already read (or that could not be).
pub fn check_read(
    ctx: &Context<'_>,
    file: &RecordFile,
    read: Result<Vec<u8>, Box<Diagnostic>>,
) -> FileOutcome {
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(d) => return unusable(ctx, file, [*d]),
    };
    let (mut outcome, text) = match load::decode(&bytes, &file.rel) {
        Ok(text) => (check_text(ctx, file, text), Cow::Borrowed(text)),
        Err(d) => (unusable(ctx, file, [*d]), load::lossy(&bytes)),
    };
    // The lines the diagnostics point at, while the text is at hand: `check`'s snippets need
    // no second read. The views (`Checks::Schema`) show no snippet, so keep none.
    if ctx.checks == Checks::All {
        diagnostic::attach_source_lines(&mut outcome.diagnostics, &file.rel, &text);
    }
    outcome
}

/// Parses and checks one file's decoded text.
fn check_text(ctx: &Context<'_>, file: &RecordFile, text: &str) -> FileOutcome {
    // The one-pass flattening serves almost every file; the tree serves the rest, and any
    // record whose schema errors need positions. A YAML problem that leaves a tree (a
    // duplicate key, …) is reported and the rest of the record checked as usual.
    let (flat, mut tree, yaml_problems, yaml_broken) = match flatten::parse(text) {
        Some(flat) => (flat, None, Vec::new(), Vec::new()),
        None => match load::parse_record(text, &file.rel) {
            (Some(tree), problems, broken) => (Flat::of(&tree), Some(tree), problems, broken),
            (None, problems, _) => return unusable(ctx, file, problems),
        },
    };
    let Some(kind_id) = file.kind else {
        return unusable(ctx, file, yaml_problems);
    };
    let kind = ctx.schemas.get(kind_id);
    let stem = discover::stem(&file.rel);
    let fields = Fields(flat.leaves);
    let id_leaf = fields.first("id").filter(|l| l.as_str().is_some()).cloned();
    let id = id_leaf.as_ref().and_then(|l| l.as_str());

    let passes_schema = schema::is_valid(kind, &flat.json);
    // A record whose YAML had a problem is not valid, as one failing its schema is not; the
    // views still use its sound fields (degrade, don't drop): which of a duplicate key's two
    // values is meant is not known, so that field is broken, like one its schema rejects.
    let valid = passes_schema && yaml_problems.is_empty();
    let mut diagnostics = yaml_problems;
    let mut broken = yaml_broken;
    if !passes_schema {
        let errors = schema::errors(kind, &flat.json);
        broken.extend(schema::problem_paths(&errors));
        broken.sort_unstable();
        broken.dedup();
        if tree.is_none() {
            // Only a file without problems takes the fast path, so the tree has none.
            tree = load::yaml::parse_document(text).root;
        }
        if let Some(tree) = &tree {
            diagnostics.extend(schema::diagnostics(kind, tree, &errors, &file.rel, id));
        }
    }
    // What the views mark a record with: its YAML and schema problems, which every open finds.
    let problems = u32::try_from(diagnostics.len()).unwrap_or(u32::MAX);
    if ctx.checks == Checks::All {
        let subject = rules::Subject {
            kind,
            fields: &fields,
            rel: &file.rel,
            stem,
            id,
            start: flat.start,
            text,
        };
        diagnostics.extend(rules::check(&subject, ctx.config, ctx.as_of));
        allow::apply(text, &fields, &file.rel, id, &mut diagnostics);
    }

    // For the views, a value a schema problem concerns is no value: every figure reading it
    // sees it unset, and the deadline engine, which reads `broken`, leaves out what needs it.
    let strip = ctx.checks == Checks::Schema;
    let mut kept: Vec<Leaf> = fields
        .0
        .into_iter()
        .filter(|leaf| kind.uses(&leaf.path))
        .filter(|leaf| !strip || !broken.iter().any(|b| touches(b, &leaf.path)))
        .collect();
    // Filtering reuses the vector of every leaf; 100,000 records would keep that room.
    kept.shrink_to_fit();
    let record = Record {
        kind: kind_id,
        id: id.unwrap_or(stem).to_owned(),
        id_pos: id_leaf.as_ref().map_or(flat.start, |l| l.pos),
        path: file.rel.clone(),
        valid,
        problems,
        broken,
        fields: Fields(kept),
    };
    FileOutcome {
        record: Some(record),
        diagnostics,
    }
}

/// A file that holds no record: why, and (outside every kind's folder) where it should be.
fn unusable(
    ctx: &Context<'_>,
    file: &RecordFile,
    problems: impl IntoIterator<Item = Diagnostic>,
) -> FileOutcome {
    let outside = file
        .kind
        .is_none()
        .then(|| discover::unknown_kind_folder(file, ctx.schemas));
    FileOutcome {
        record: None,
        diagnostics: outside.into_iter().chain(problems).collect(),
    }
}

/// The checks that need every record.
pub fn check_across(records: &[Record], index: &Index, ctx: &Context<'_>) -> Vec<Diagnostic> {
    match ctx.checks {
        Checks::All => cross::check(records, index, ctx.schemas, ctx.config),
        Checks::Schema => Vec::new(),
    }
}
