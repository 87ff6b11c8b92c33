//! `qaledger import FILE --rules RULES.toml [--write [--commit]]`: a spreadsheet's rows become
//! records. Each row is mapped by the rules (`import/`), written as a record's text
//! (`author::imported`), and checked as `check` would check it — its own checks and the
//! cross-record ones, against the repository and the other rows — before anything is written.
//! Without `--write` it is a dry run: what would be written, and every problem at its cell.
//! A row already imported (its source key is in a record) updates that record; nothing else
//! that exists is ever overwritten, and each file is written atomically.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use rayon::prelude::*;

use crate::author::{draft, imported};
use crate::check::{self, Checks, Context, Keep};
use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use crate::history;
use crate::import::report::{self, Action, Report, RowReport};
use crate::import::roster::{Roster, StaffEntry};
use crate::import::rows::{Mapping, Problem, Row};
use crate::import::rules::{self, Rules};
use crate::import::sheet::{self, Sheet};
use crate::import::suggest_rules;
use crate::load::discover::RecordFile;
use crate::load::{self, git};
use crate::record::Record;
use crate::render;
use crate::repository::Repository;
use crate::schema::{Kind, KindId};

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger import tracker.xlsx --rules tracker.rules.toml",
    after_help = "Examples:\n  qaledger import tracker.xlsx --suggest-rules > tracker.rules.toml\n  qaledger import tracker.xlsx --rules tracker.rules.toml\n  qaledger import tracker.xlsx --rules tracker.rules.toml --write --commit\n\nWithout --write nothing is written: the run shows each record it would create or update and\nevery problem at its cell (Tracker!C14: owner: …). Rows with problems are never written; the\nothers are written with --write. Importing the same sheet again updates only what changed.\nSee docs/import.md for the rules file."
)]
pub struct Args {
    /// The spreadsheet: .xlsx, .xlsm, .xls, .ods or .csv (UTF-8 or Windows-1252)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The rules file (default: FILE's name with .rules.toml, beside it)
    #[arg(long, value_name = "RULES.toml")]
    rules: Option<PathBuf>,
    /// The sheet to read (default: the rules' sheet, else the first)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Write nothing: show what would be written and the check result (the default)
    #[arg(long, conflicts_with = "write")]
    dry_run: bool,
    /// Write the records that pass the checks
    #[arg(long)]
    write: bool,
    /// Commit the written records in one commit (with --write)
    #[arg(long, requires = "write")]
    commit: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print a starting rules file from the sheet's header row, to edit
    #[arg(long, conflicts_with_all = ["rules", "write", "dry_run"])]
    suggest_rules: bool,
    /// With --suggest-rules: the kind of record (default: the one whose fields match most titles)
    #[arg(long, requires = "suggest_rules", value_name = "KIND")]
    kind: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    if args.suggest_rules {
        let config = crate::config::Config::load(&root)?;
        let schemas = crate::schema::SchemaSet::load(&root, &config)?;
        let kind = args.kind.as_deref().map(|k| schemas.find(k)).transpose()?;
        let sheet = read_sheet(&args.file, args.sheet.as_deref())?;
        let text = suggest_rules::suggest(&sheet, &schemas, &config, kind);
        write!(session.stdout, "{}", render::visible::block(&text)).map_err(write_error)?;
        return Ok(Outcome::Success);
    }
    let rules_path = rules_path(args)?;
    let rules_name = rules_path.display().to_string();
    let text = std::fs::read_to_string(&rules_path).map_err(|source| Error::Io {
        path: rules_path.clone(),
        source,
    })?;
    let rules = Rules::parse(&text, &rules_name).map_err(Error::Usage)?;
    let source = rules
        .source
        .clone()
        .unwrap_or_else(|| rules::source_name_of(&rules_name));
    let repo = Repository::open(&root, session.as_of)?;
    let kind = repo.schemas.find(&rules.kind)?;
    let kind_id = repo.schemas.by_name(&rules.kind).unwrap_or_default();
    let sheet = read_sheet(&args.file, args.sheet.as_deref().or(rules.sheet.as_deref()))?;
    let mapped = Mapping {
        kind,
        rules: &rules,
        sheet: &sheet,
        roster: roster(&repo),
    }
    .map()
    .map_err(|e| Error::Usage(format!("{rules_name}: {e}")))?;

    if args.commit {
        // Known before anything is written: `--commit` outside git changes nothing.
        git::toplevel(&root)?;
    }
    let existing = imported_records(&root, &repo, kind_id, &source);
    let planner = Planner {
        root: &root,
        repo: &repo,
        kind,
        kind_id,
        sheet: &sheet,
        source: &source,
        as_of: session.as_of,
    };
    let mut planned = planner.plan(mapped.rows, &existing);
    planner.check(&mut planned);
    planner.renumber(&mut planned);
    let mut report = Report {
        file: file_name(&args.file),
        sheet: sheet.name.clone(),
        kind: kind.spec.kind.clone(),
        source: source.clone(),
        written: false,
        rows: planned.iter().map(|p| p.report.clone()).collect(),
        skipped: mapped.skipped,
        commit: None,
    };
    if args.write {
        let written = write_all(&root, &mut planned)?;
        report.rows = planned.iter().map(|p| p.report.clone()).collect();
        report.written = true;
        if args.commit && !written.is_empty() {
            let message = format!(
                "Import {} {} records from {} ({source})",
                written.len(),
                kind.spec.kind,
                file_name(&args.file)
            );
            report.commit = Some(git::commit_files(&root, &written, &message)?);
        }
    }
    match args.format {
        Format::Human => {
            let text = render::import::human(&report);
            write!(session.stdout, "{}", render::visible::block(&text)).map_err(write_error)?;
            if !session.quiet {
                writeln!(session.stderr, "{}", render::import::tally(&report))
                    .map_err(write_error)?;
                if let Some(hash) = &report.commit {
                    writeln!(session.stderr, "committed as {hash}").map_err(write_error)?;
                }
            }
        }
        Format::Json => {
            write!(session.stdout, "{}", render::import::json(&report)?).map_err(write_error)?;
        }
    }
    super::keep_until_exit(repo);
    if report.count(Action::Refused) > 0 {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Success)
    }
}

fn read_sheet(file: &Path, sheet: Option<&str>) -> Result<Sheet> {
    sheet::read(file, sheet).map_err(|e| Error::Usage(e.to_string()))
}

/// `--rules`, else `FILE`'s name with `.rules.toml` beside it.
fn rules_path(args: &Args) -> Result<PathBuf> {
    if let Some(rules) = &args.rules {
        return Ok(rules.clone());
    }
    let beside = args.file.with_extension("rules.toml");
    if beside.is_file() {
        return Ok(beside);
    }
    Err(Error::Usage(format!(
        "say which rules file maps {}'s columns: --rules RULES.toml (or write one with --suggest-rules)",
        args.file.display()
    )))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The roster's staff, by id, name and email.
fn roster(repo: &Repository) -> Roster {
    Roster::new(
        repo.records
            .iter()
            .filter(|r| repo.schemas.get(r.kind).spec.roster)
            .map(|r| StaffEntry {
                id: r.id.clone(),
                name: r.fields.text("name").map(str::to_owned),
                email: r.fields.text("email").map(str::to_owned),
            })
            .collect(),
    )
}

/// A record this source imported before: where it is and what it holds now.
struct Existing {
    position: usize,
    bytes: Vec<u8>,
}

/// The records of the kind whose text names this source, by key.
fn imported_records(
    root: &Path,
    repo: &Repository,
    kind: KindId,
    source: &str,
) -> HashMap<String, Existing> {
    repo.records
        .par_iter()
        .enumerate()
        .filter(|(_, r)| r.kind == kind)
        .filter_map(|(position, record)| {
            let bytes = load::read_capped(&root.join(&record.path)).ok()?;
            let text = std::str::from_utf8(&bytes).ok()?;
            let (from, key) = imported::source_key(text)?;
            (from == source).then(|| {
                (
                    key.to_owned(),
                    Existing {
                        position,
                        bytes: bytes.clone(),
                    },
                )
            })
        })
        .collect()
}

/// One row on its way: the report so far, and what would be written.
struct Planned {
    row: Row,
    report: RowReport,
    /// The record's text and, for an update, the bytes it replaces.
    text: Option<String>,
    replaces: Option<(usize, Vec<u8>)>,
    /// The year whose numbering gave the row its id (an allocated id), renumbered once the
    /// refused rows are known so that the records written have no gaps.
    allocated: Option<i16>,
}

impl Planned {
    fn refused(row: Row, report: RowReport) -> Planned {
        Planned {
            row,
            report,
            text: None,
            replaces: None,
            allocated: None,
        }
    }
}

struct Planner<'a> {
    root: &'a Path,
    repo: &'a Repository,
    kind: &'a Kind,
    kind_id: KindId,
    sheet: &'a Sheet,
    source: &'a str,
    as_of: jiff::civil::Date,
}

impl Planner<'_> {
    /// Gives each row its id, file and text, and says whether it creates, updates or leaves a
    /// record as it is.
    fn plan(&self, rows: Vec<Row>, existing: &HashMap<String, Existing>) -> Vec<Planned> {
        let (schema_rel, _) = super::new::editor_schema(self.root, self.kind);
        let mut ids = self.ids();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut report = RowReport {
                row: row.number,
                at: self.sheet.row_reference(row.number),
                key: row.key.clone(),
                action: Action::Refused,
                id: None,
                path: None,
                changes: Vec::new(),
                problems: row.problems.clone(),
                warnings: Vec::new(),
            };
            if !report.problems.is_empty() {
                out.push(Planned::refused(row, report));
                continue;
            }
            let before = existing.get(&row.key);
            let target = match (before, &row.id) {
                (Some(e), id) => {
                    let record = &self.repo.records[e.position];
                    match id {
                        Some(id) if *id != record.id => Err(format!(
                            "this row was imported as {} ({}), but its id is now `{id}`: ids do not change",
                            record.id, record.path
                        )),
                        _ => Ok((record.id.clone(), record.path.clone())),
                    }
                }
                (None, Some(id)) => match self.repo.index.get(id) {
                    [] => Ok((
                        id.clone(),
                        draft::record_path(self.kind, id, year_of(id).unwrap_or(self.as_of.year())),
                    )),
                    [at, ..] => Err(format!(
                        "{id} is already {}, which this sheet's row `{}` did not make: qaledger will not overwrite it",
                        self.repo.records[*at].path, row.key
                    )),
                },
                (None, None) => {
                    let year = self.year(&row);
                    let id = ids.take(year);
                    Ok((id.clone(), draft::record_path(self.kind, &id, year)))
                }
            };
            let allocated = (before.is_none() && row.id.is_none()).then(|| self.year(&row));
            let (id, rel) = match target {
                Ok(target) => target,
                Err(message) => {
                    report.problems.push(Problem {
                        at: report.at.clone(),
                        field: "id".to_owned(),
                        message,
                    });
                    out.push(Planned::refused(row, report));
                    continue;
                }
            };
            let link = draft::relative_link(&rel, &schema_rel);
            let text = imported::text(self.kind, &id, &row.fields, &link, self.source, &row.key);
            report.id = Some(id);
            report.path = Some(rel.clone());
            let mut replaces = None;
            report.action = match before {
                None => Action::Create,
                Some(e) => {
                    let old = history::leaves(&e.bytes, &rel).unwrap_or_default();
                    let new = history::leaves(text.as_bytes(), &rel).unwrap_or_default();
                    report.changes = history::field_changes(&old, &new)
                        .into_iter()
                        .map(|c| report::Change {
                            field: c.field,
                            before: c.before,
                            after: c.after,
                        })
                        .collect();
                    replaces = Some((e.position, e.bytes.clone()));
                    if report.changes.is_empty() {
                        Action::Unchanged
                    } else {
                        Action::Update
                    }
                }
            };
            out.push(Planned {
                row,
                report,
                text: Some(text),
                replaces,
                allocated,
            });
        }
        out
    }

    fn ids(&self) -> Ids<'_> {
        Ids {
            folder: self
                .root
                .join(load::discover::RECORDS_DIR)
                .join(&self.kind.spec.folder),
            prefix: self.kind.spec.id_prefix.clone().unwrap_or_default(),
            repo: self.repo,
            next: BTreeMap::new(),
        }
    }

    /// Gives the created records the numbers from the first free one on, in row order, now
    /// that the refused rows (which take none) are known.
    fn renumber(&self, planned: &mut [Planned]) {
        let (schema_rel, _) = super::new::editor_schema(self.root, self.kind);
        let mut ids = self.ids();
        for p in planned.iter_mut() {
            let Some(year) = p.allocated else {
                continue;
            };
            if p.report.action == Action::Refused {
                p.report.id = None;
                p.report.path = None;
                continue;
            }
            let id = ids.take(year);
            if p.report.id.as_deref() == Some(id.as_str()) {
                continue;
            }
            let rel = draft::record_path(self.kind, &id, year);
            let link = draft::relative_link(&rel, &schema_rel);
            p.text = Some(imported::text(
                self.kind,
                &id,
                &p.row.fields,
                &link,
                self.source,
                &p.row.key,
            ));
            p.report.id = Some(id);
            p.report.path = Some(rel);
        }
    }

    /// The year a new record is numbered in: its main date's, else as-of's.
    fn year(&self, row: &Row) -> i16 {
        draft::main_date_field(self.kind)
            .and_then(|field| {
                let pointer = format!("/{}", field.replace('.', "/"));
                serde_json::Value::Object(row.fields.clone())
                    .pointer(&pointer)
                    .and_then(serde_json::Value::as_str)
                    .and_then(crate::record::parse_date)
            })
            .map_or(self.as_of.year(), |d| d.year())
    }

    /// Checks every record to be written as `check` would, with the repository and the other
    /// rows; an error refuses its row, at the cell its field came from.
    fn check(&self, planned: &mut [Planned]) {
        let ctx = Context {
            config: &self.repo.config,
            schemas: &self.repo.schemas,
            as_of: self.as_of,
            checks: Checks::All,
            keep: Keep::Used,
        };
        let to_check: Vec<usize> = (0..planned.len())
            .filter(|i| matches!(planned[*i].report.action, Action::Create | Action::Update))
            .collect();
        let outcomes: Vec<(usize, check::FileOutcome)> = to_check
            .par_iter()
            .map(|i| {
                let p = &planned[*i];
                let rel = p.report.path.clone().unwrap_or_default();
                let file = RecordFile {
                    path: self.root.join(&rel),
                    rel,
                    kind: Some(self.kind_id),
                    stamp: None,
                };
                let bytes = p.text.clone().unwrap_or_default().into_bytes();
                (*i, check::check_read(&ctx, &file, Ok(bytes)))
            })
            .collect();
        let mut records: Vec<Record> = self.repo.records.clone();
        let mut by_file: HashMap<String, usize> = HashMap::new();
        let mut diagnostics = Vec::new();
        for (i, outcome) in outcomes {
            let p = &planned[i];
            by_file.insert(p.report.path.clone().unwrap_or_default(), i);
            diagnostics.extend(outcome.diagnostics);
            if let Some(record) = outcome.record {
                match &p.replaces {
                    Some((position, _)) => records[*position] = record,
                    None => records.push(record),
                }
            }
        }
        diagnostics.extend(check::check_across(&records, &ctx).1);
        for d in diagnostics {
            let Some(i) = by_file.get(&d.file) else {
                continue;
            };
            let p = &mut planned[*i];
            let at = p
                .row
                .cell_of(d.field.as_deref().unwrap_or_default(), self.sheet);
            let mut message = d.message.clone();
            if let Some(hint) = &d.hint {
                message.push_str(&format!(" ({hint})"));
            }
            let problem = Problem {
                at,
                field: d.field.clone().unwrap_or_default(),
                message,
            };
            match d.severity {
                Severity::Error => {
                    p.report.problems.push(problem);
                    p.report.action = Action::Refused;
                }
                Severity::Warning => p.report.warnings.push(problem),
            }
        }
        for p in planned.iter_mut() {
            p.report
                .problems
                .sort_by(|a, b| a.at.cmp(&b.at).then(a.field.cmp(&b.field)));
            p.report.problems.dedup();
            if p.report.action == Action::Refused {
                p.text = None;
            }
        }
    }
}

/// Ids allocated as `new` allocates them: per year, from the highest number in the kind's
/// folder on, skipping any id a record holds.
struct Ids<'a> {
    folder: PathBuf,
    prefix: String,
    repo: &'a Repository,
    next: BTreeMap<i16, u64>,
}

impl Ids<'_> {
    fn take(&mut self, year: i16) -> String {
        let (folder, prefix) = (&self.folder, &self.prefix);
        let number = self
            .next
            .entry(year)
            .or_insert_with(|| draft::highest_number(folder, prefix, year) + 1);
        let mut id = draft::numbered_id(prefix, year, *number);
        while !self.repo.index.get(&id).is_empty() {
            *number += 1;
            id = draft::numbered_id(prefix, year, *number);
        }
        *number += 1;
        id
    }
}

fn year_of(id: &str) -> Option<i16> {
    id.split('-').nth(1).and_then(|y| y.parse().ok())
}

/// How many files are written at once.
const WRITERS: usize = 16;

/// Writes each created or updated record, atomically and in parallel (each folder swept of
/// leftovers once); returns the files written, in row order. A file changed since it was read,
/// or a new id taken meanwhile, refuses that row and nothing is written over it.
fn write_all(root: &Path, planned: &mut [Planned]) -> Result<Vec<String>> {
    let mut targets: Vec<(usize, PathBuf)> = Vec::new();
    for (i, p) in planned.iter().enumerate() {
        if p.text.is_some() && matches!(p.report.action, Action::Create | Action::Update) {
            let rel = p.report.path.clone().unwrap_or_default();
            targets.push((i, super::new::inside_records(root, &rel)?));
        }
    }
    let mut folders: Vec<&Path> = targets
        .iter()
        .filter_map(|(_, path)| path.parent())
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        render::write::sweep(folder);
    }
    let write = || -> Vec<(usize, Result<Option<String>>)> {
        targets
            .par_iter()
            .map(|(i, path)| (*i, write_one(&planned[*i], path)))
            .collect()
    };
    // Each write waits on the disk (fsync) far more than it computes: more writers than cores
    // halved 10,000 writes on two cores.
    let results = match rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build() {
        Ok(pool) => pool.install(write),
        Err(_) => write(),
    };
    let mut written = Vec::new();
    for (i, result) in results {
        let p = &mut planned[i];
        match result? {
            None => written.push(p.report.path.clone().unwrap_or_default()),
            Some(message) => {
                p.report.action = Action::Refused;
                p.report.problems.push(Problem {
                    at: p.report.at.clone(),
                    field: String::new(),
                    message,
                });
            }
        }
    }
    Ok(written)
}

/// Writes one record: `Ok(Some(why))` when it was not written because the file is not as read.
fn write_one(p: &Planned, path: &Path) -> Result<Option<String>> {
    let rel = p.report.path.as_deref().unwrap_or_default();
    let text = p.text.as_deref().unwrap_or_default();
    match &p.replaces {
        None => match render::write::create_new_swept(path, text.as_bytes()) {
            Ok(()) => Ok(None),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(Some(format!(
                    "{rel} was created by someone else meanwhile: nothing was written over it; run the import again"
                )))
            }
            Err(e) => Err(e),
        },
        Some((_, before)) => {
            let now = load::read_capped(path).ok();
            if now.as_deref() == Some(before.as_slice()) {
                render::write::replace_swept(path, text.as_bytes())?;
                Ok(None)
            } else {
                Ok(Some(format!(
                    "{rel} changed while qaledger was importing: nothing was written over it; run the import again"
                )))
            }
        }
    }
}
