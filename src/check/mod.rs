//! Checking: every file on its own (in parallel, while its YAML tree is at hand), then the
//! checks that span records. Findings are diagnostics; nothing here prints or stops early.

pub mod allow;
pub mod cross;
mod date_order;
pub mod index;
pub mod personal_data;
mod retention;
mod rules;
pub mod schema;

pub(crate) use cross::allowed_kinds;

use std::borrow::Cow;

use jiff::civil::Date;

use crate::check::index::Index;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, SourceLine};
use crate::load;
use crate::load::discover::{self, RecordFile};
use crate::load::flatten::{self, Flat};
use crate::record::{self, Fields, Leaf, Record, touches};
use crate::schema::SchemaSet;

/// What every file's check needs.
pub struct Context<'a> {
    pub config: &'a Config,
    pub schemas: &'a SchemaSet,
    pub as_of: Date,
    pub checks: Checks,
    pub keep: Keep,
}

/// Which of a record's fields loading keeps for the later stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every field a rule or view reads (`Kind::used_fields`).
    Used,
    /// Only those `check` reads once every file is checked (`Kind::checked_fields`): at
    /// 100,000 records the rest is most of the memory a warm run fills. The result cache
    /// still keeps every used field, for the commands that read them.
    Checked,
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

/// What checking one file found that depends on that file alone, not on the other records or
/// on the as-of date: what the result cache (`repository::cache`) keeps between runs. `finish`
/// turns it into the run's `FileOutcome`, whether it was just computed or read from the cache.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The record with every leaf its kind uses (none dropped for schema problems yet).
    pub record: Option<Record>,
    /// Its YAML and schema problems first (`Record::problems` of them), then, when every check
    /// ran, the rules' date-free findings, before any allow comment is applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Where among the rules' findings (counted after the YAML and schema problems) the
    /// `future-date` warnings go.
    pub future_at: usize,
    /// The `id` field, when it is text (what the rules' diagnostics name).
    pub record_id: Option<String>,
    /// The file's `# qaledger:` comment lines (`allow::comments`).
    pub allow_comments: Vec<(u32, String)>,
    /// Every check ran (`Checks::All`), not only the schema's.
    pub full: bool,
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
    let (mut result, text) = examine(ctx, file, read);
    narrow(ctx, &mut result);
    let mut outcome = finish(ctx, result);
    if let Some(text) = text {
        // The findings `finish` adds (future dates, allow comments) take their lines too.
        diagnostic::attach_source_lines(&mut outcome.diagnostics, &file.rel, &text);
    }
    outcome
}

/// One file's date-free result (`FileResult`), for a file read (or that could not be), with
/// the lines its diagnostics point at taken from the text (when every check runs) — and that
/// text, for the lines of what `finish` adds.
pub fn examine(
    ctx: &Context<'_>,
    file: &RecordFile,
    read: Result<Vec<u8>, Box<Diagnostic>>,
) -> (FileResult, Option<String>) {
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(d) => return (unusable(ctx, file, [*d]), None),
    };
    let (mut result, text) = match load::decode(&bytes, &file.rel) {
        Ok(text) => (check_text(ctx, file, text), Cow::Borrowed(text)),
        Err(d) => (unusable(ctx, file, [*d]), load::lossy(&bytes)),
    };
    // The lines the diagnostics point at, while the text is at hand: `check`'s snippets need
    // no second read. The views (`Checks::Schema`) show no snippet, so keep none.
    if ctx.checks != Checks::All {
        return (result, None);
    }
    diagnostic::attach_source_lines(&mut result.diagnostics, &file.rel, &text);
    (result, Some(text.into_owned()))
}

/// Drops the fields this run does not keep (`Keep`) from a result just made, which has every
/// used one (the result cache's decoding leaves them out as it goes).
pub fn narrow(ctx: &Context<'_>, result: &mut FileResult) {
    if ctx.keep == Keep::Used {
        return;
    }
    if let Some(record) = &mut result.record {
        let kind = ctx.schemas.get(record.kind);
        record.fields.0.retain(|leaf| kind.checks(&leaf.path));
    }
}

/// The run's outcome from a file's date-free result: the `future-date` warnings for as-of and
/// the allow comments applied (every check), or only the YAML and schema problems, without
/// snippets, and the values they concern dropped (the views). `result` must have been made
/// with every check when `ctx` asks for every check.
pub fn finish(ctx: &Context<'_>, result: FileResult) -> FileOutcome {
    let FileResult {
        record,
        mut diagnostics,
        future_at,
        record_id,
        allow_comments,
        full: _,
    } = result;
    let Some(mut record) = record else {
        if ctx.checks == Checks::Schema {
            diagnostics
                .iter_mut()
                .for_each(|d| d.source_line = SourceLine::NotTaken);
        }
        return FileOutcome {
            record: None,
            diagnostics,
        };
    };
    let kind = ctx.schemas.get(record.kind);
    let problems = usize::try_from(record.problems).unwrap_or(usize::MAX);
    match ctx.checks {
        Checks::All => {
            let id = record_id.as_deref();
            let future = rules::future_dates(kind, &record.fields, &record.path, id, ctx.as_of);
            let at = problems.saturating_add(future_at).min(diagnostics.len());
            diagnostics.splice(at..at, future);
            allow::apply(&allow_comments, &record.path, id, &mut diagnostics);
        }
        Checks::Schema => {
            // For the views, a value a schema problem concerns is no value: every figure
            // reading it sees it unset, and the deadline engine, which reads `broken`, leaves
            // out what needs it.
            diagnostics.truncate(problems);
            diagnostics
                .iter_mut()
                .for_each(|d| d.source_line = SourceLine::NotTaken);
            let broken = &record.broken;
            record
                .fields
                .0
                .retain(|leaf| !broken.iter().any(|b| touches(b, &leaf.path)));
            record.fields.0.shrink_to_fit();
        }
    }
    FileOutcome {
        record: Some(record),
        diagnostics,
    }
}

/// Parses and checks one file's decoded text.
fn check_text(ctx: &Context<'_>, file: &RecordFile, text: &str) -> FileResult {
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
    let full = ctx.checks == Checks::All;
    let (mut future_at, mut allow_comments) = (0, Vec::new());
    if full {
        let subject = rules::Subject {
            kind,
            fields: &fields,
            rel: &file.rel,
            stem,
            id,
            start: flat.start,
            text,
        };
        let (found, at) = rules::check(&subject, ctx.config);
        diagnostics.extend(found);
        future_at = at;
        allow_comments = allow::comments(text, &fields);
    }

    let mut kept: Vec<Leaf> = fields
        .0
        .into_iter()
        .filter(|leaf| kind.uses(&leaf.path))
        .map(|leaf| Leaf {
            path: Cow::Borrowed(record::field_path(&leaf.path)),
            ..leaf
        })
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
    FileResult {
        record: Some(record),
        diagnostics,
        future_at,
        record_id: id.map(str::to_owned),
        allow_comments,
        full,
    }
}

/// A file that holds no record: why, and (outside every kind's folder) where it should be.
fn unusable(
    ctx: &Context<'_>,
    file: &RecordFile,
    problems: impl IntoIterator<Item = Diagnostic>,
) -> FileResult {
    let outside = file
        .kind
        .is_none()
        .then(|| discover::unknown_kind_folder(file, ctx.schemas));
    FileResult {
        record: None,
        diagnostics: outside.into_iter().chain(problems).collect(),
        future_at: 0,
        record_id: None,
        allow_comments: Vec::new(),
        full: ctx.checks == Checks::All,
    }
}

/// The records indexed by id, and what the checks that need every record find. The index is
/// built beside the retention check (which needs none), not before it on one core alone.
pub fn check_across(records: &[Record], ctx: &Context<'_>) -> (Index, Vec<Diagnostic>) {
    match ctx.checks {
        Checks::All => {
            let (index, past) = rayon::join(
                || Index::new(records),
                || retention::check(records, ctx.schemas, ctx.config, ctx.as_of),
            );
            let mut out = cross::check(records, &index, ctx.schemas, ctx.config);
            out.extend(past);
            (index, out)
        }
        Checks::Schema => (Index::new(records), Vec::new()),
    }
}
