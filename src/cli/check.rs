//! `qaledger check [PATHS…]`: every problem in every record, in the format CI wants.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::diagnostic::code::Code;
use crate::diagnostic::{self, Diagnostic, Severity, Tally};
use crate::error::{Error, Result};
use crate::load::discover;
use crate::load::git::{self, Change, ChangeKind as Changed};
use crate::load::yaml::Pos;
use crate::record::display_path;
use crate::render;
use crate::repository::Repository;
use crate::repository::changed;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger check",
    after_help = "Examples:\n  qaledger check\n  qaledger check records/actions/2025/ACT-2025-0003.yaml\n  qaledger check --format github --strict\n  qaledger check --changed-since origin/main --format github"
)]
pub struct Args {
    /// Report only problems in these files or folders (references are still checked against
    /// the whole repository)
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// Report only the records added, modified or renamed since REF (from where HEAD left it,
    /// to the working tree), and references to records deleted since then (needs git)
    #[arg(long, value_name = "REF", allow_hyphen_values = true)]
    changed_since: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
    Gitlab,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let (repo, changes) = match &args.changed_since {
        // Before the first commit (the pre-commit hook's `--changed-since HEAD` on a new
        // repository) every record is new: check them all.
        Some(rev) if rev == "HEAD" && unborn_head(&root)? => {
            if !session.quiet {
                writeln!(
                    session.stderr,
                    "HEAD has no commit yet: checking every record"
                )
                .map_err(write_error)?;
            }
            (Repository::open_for_check(&root, session.as_of)?, None)
        }
        // Git's error first: a wrong revision stops the run before the records are read.
        Some(rev) => {
            let git = || git::changed_since(&root, rev).map_err(Error::from);
            let (repo, changes) = changed::open(&root, session.as_of, git)?;
            (repo, Some(changes))
        }
        None => (Repository::open_for_check(&root, session.as_of)?, None),
    };
    let selection = selection(&root, &args.paths)?;
    let in_paths = |file: &str| {
        selection.is_empty()
            || selection
                .iter()
                .any(|s| file == s || file.starts_with(&format!("{s}/")))
    };
    let changed = changes.as_ref().map(|c| Changes::of(c, &repo));
    if let (Some(changed), Some(rev)) = (&changed, &args.changed_since) {
        if changed.everything && !session.quiet {
            writeln!(
                session.stderr,
                "qaledger.toml or schemas/ changed since {}: checking every record",
                render::visible::inline(rev)
            )
            .map_err(write_error)?;
        }
    }
    let selected = |file: &str| in_paths(file) && changed.as_ref().is_none_or(|c| c.has(file));

    let mut diagnostics: Vec<Diagnostic> = repo
        .diagnostics
        .iter()
        .filter_map(|d| {
            if selected(&d.file) {
                return Some(d.clone());
            }
            let deleted = changed.as_ref()?.deleted_target(d)?;
            in_paths(&d.file).then(|| deleted_reference(d, deleted))
        })
        .collect();
    if let Some(changed) = &changed {
        let unreported = changed.unreported(&repo.diagnostics);
        diagnostics.extend(unreported.into_iter().filter(|d| in_paths(&d.file)));
        diagnostic::sort(&mut diagnostics);
    }
    // Findings a `# qaledger: allow` comment accepts are listed (JSON) and counted, never
    // reported: no format shows them as problems, and they do not fail the run.
    let (accepted, mut diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diagnostics.into_iter().partition(|d| d.accepted.is_some());
    if args.strict {
        diagnostic::make_strict(&mut diagnostics);
    }
    let reported: BTreeSet<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    let counted = |file: &str| selected(file) || reported.contains(file);
    // The files checked are every record's (each a YAML file: the walk reads no other) and
    // those a problem names that hold no record; each is counted when it is selected or
    // reported. Counted, not listed and sorted: only JUnit names them (`checked_files`).
    // A folder named by a problem (`records` missing, a hidden or unreadable folder) is
    // reported, but it is not a file.
    let counted_file =
        |file: &str| counted(file) && crate::load::discover::is_yaml(Path::new(file));
    let records = repo.records.iter().filter(|r| counted(&r.path)).count();
    let without_record = files_without_record(&repo);
    let mut tally = Tally {
        files: records + without_record.iter().filter(|f| counted_file(f)).count(),
        records,
        ..Tally::default()
    };
    tally.count(&diagnostics);
    tally.count(&accepted);

    let mut step_summary = None;
    let report = match args.format {
        Format::Human => {
            crate::load::attach_missing_source_lines(&root, &mut diagnostics);
            Ok(render::human::render(&diagnostics))
        }
        Format::Json => render::json::render(&diagnostics, &accepted, &tally, session.as_of),
        Format::Github => {
            let prefixed = with_git_prefix(&root, &diagnostics);
            step_summary = Some(render::github::summary(&prefixed, &tally));
            Ok(render::github::render(&prefixed))
        }
        Format::Junit => {
            let files = checked_files(&repo, &without_record, counted_file);
            render::junit::render(&diagnostics, &files)
        }
        Format::Gitlab => render::gitlab::render(&with_git_prefix(&root, &diagnostics)),
    };
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let status = Outcome::findings_if(failed);
    // Every output is attempted, the findings first (one that could not be encoded is an error
    // like one that could not be written): a step summary that cannot be written
    // must not cost the annotations (SPEC §7: findings and an I/O error exit 1).
    let printed = report.and_then(|report| session.print(report));
    let summarised = step_summary.map_or(Ok(()), |markdown| write_step_summary(&markdown));
    let tallied = if session.quiet {
        Ok(())
    } else {
        writeln!(session.stderr, "{}", render::human::tally(&tally)).map_err(write_error)
    };
    super::keep_until_exit(repo);
    super::beside_findings(session, status, printed.and(summarised).and(tallied))
}

/// Whether the root is in a git repository whose HEAD has no commit yet (outside git: git's
/// error).
fn unborn_head(root: &Path) -> Result<bool> {
    git::toplevel(root)?;
    Ok(!git::exists(root, "HEAD")?)
}

/// What `--changed-since` selects: the changed files, and the references left dangling by
/// records deleted (or renamed to another id) since the base.
struct Changes {
    files: BTreeSet<String>,
    /// The configuration or a schema changed: every record is checked.
    everything: bool,
    /// (referencing file, line, column) → the reference, and what became of its record.
    dangling: BTreeMap<(String, u32, u32), Dangling>,
}

impl Changes {
    fn of(changes: &[Change], repo: &Repository) -> Changes {
        let files: BTreeSet<String> = changes
            .iter()
            .filter(|c| c.status != Changed::Deleted)
            .map(|c| c.path.clone())
            .collect();
        let everything = changed::touches_settings(changes);
        let gone: BTreeMap<String, String> = changes
            .iter()
            .filter_map(|c| {
                let id = changed::gone_id(c).filter(|id| repo.index.get(id).is_empty())?;
                let what = match c.renamed_from() {
                    Some(from) => format!(
                        "renamed on this branch, from {from} to {}, and no longer has that id",
                        c.path
                    ),
                    None => format!("deleted on this branch ({})", c.path),
                };
                Some((id.to_owned(), what))
            })
            .collect();
        let mut dangling = BTreeMap::new();
        for record in &repo.records {
            for spec in &repo.schemas.get(record.kind).spec.references {
                for leaf in record.fields.values(&spec.field) {
                    let Some(id) = leaf.as_str() else { continue };
                    if let Some(what) = gone.get(id) {
                        let at = (
                            record.path.clone(),
                            leaf.pos.line.max(1),
                            leaf.pos.col.max(1),
                        );
                        let kinds = crate::check::allowed_kinds(spec, record);
                        let roster = !kinds.is_empty()
                            && kinds.iter().all(|k| {
                                repo.schemas
                                    .by_name(k)
                                    .is_some_and(|k| repo.schemas.get(k).spec.roster)
                            });
                        dangling.insert(
                            at,
                            Dangling {
                                target: (id.to_owned(), what.clone()),
                                code: if roster {
                                    Code::UnknownStaff
                                } else {
                                    Code::ReferenceMissing
                                },
                                field: display_path(&leaf.path),
                                record: record.id.clone(),
                            },
                        );
                    }
                }
            }
        }
        Changes {
            files,
            everything,
            dangling,
        }
    }

    fn has(&self, file: &str) -> bool {
        self.everything || self.files.contains(file)
    }

    /// The id and fate of the deleted record this diagnostic's reference names, if it does.
    fn deleted_target(&self, d: &Diagnostic) -> Option<&(String, String)> {
        if !matches!(d.code, Code::ReferenceMissing | Code::UnknownStaff) {
            return None;
        }
        self.dangling
            .get(&(d.file.clone(), d.line, d.column))
            .map(|dangling| &dangling.target)
    }

    /// The dangling references no diagnostic reports: those to a roster this change left
    /// empty (an empty roster is not checked, SPEC §7). Removing every member of staff that
    /// records still name must fail the change all the same.
    fn unreported(&self, reported: &[Diagnostic]) -> Vec<Diagnostic> {
        let seen: BTreeSet<(&str, u32, u32)> = reported
            .iter()
            .filter(|d| matches!(d.code, Code::ReferenceMissing | Code::UnknownStaff))
            .map(|d| (d.file.as_str(), d.line, d.column))
            .collect();
        self.dangling
            .iter()
            .filter(|((file, line, column), _)| !seen.contains(&(file.as_str(), *line, *column)))
            .map(|((file, line, column), dangling)| {
                let at = Pos {
                    line: *line,
                    col: *column,
                };
                let found = Diagnostic::new(dangling.code, file, at, "")
                    .field(dangling.field.clone())
                    .record(Some(&dangling.record));
                deleted_reference(&found, &dangling.target)
            })
            .collect()
    }
}

/// A reference to a record deleted (or renamed to another id) since the base.
struct Dangling {
    /// The id it names, and what became of that record.
    target: (String, String),
    /// How a full check reports it: `unknown-staff` for a roster, else `reference-missing`.
    code: Code,
    field: String,
    /// The referencing record's id.
    record: String,
}

/// A missing reference whose target this branch deleted, said so (it is an error even when
/// the referencing file did not change).
fn deleted_reference(d: &Diagnostic, (id, what): &(String, String)) -> Diagnostic {
    let mut d = d.clone();
    let field = d.field.as_deref().unwrap_or("a reference");
    d.severity = Severity::Error;
    d.message = format!("`{field}` names `{id}`, but that record was {what}");
    d.hint = Some("restore the record, or remove or correct the reference".to_owned());
    d
}

/// The files a problem names that hold no record (unreadable, outside every kind's folder).
fn files_without_record(repo: &Repository) -> BTreeSet<&str> {
    // The records are in path order (`Repository::assemble`).
    repo.diagnostics
        .iter()
        .map(|d| d.file.as_str())
        .filter(|f| {
            repo.records
                .binary_search_by(|r| r.path.as_str().cmp(f))
                .is_err()
        })
        .collect()
}

/// The checked files' paths that `counted` takes, in path order: every record's, and those of
/// `without_record`.
fn checked_files<'a>(
    repo: &'a Repository,
    without_record: &BTreeSet<&'a str>,
    counted: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let mut files: Vec<&str> = repo.records.iter().map(|r| r.path.as_str()).collect();
    files.extend(without_record.iter().copied());
    files.retain(|f| counted(f));
    files.sort_unstable();
    files.dedup();
    files
}

/// The given paths as root-relative strings; a path that does not exist is a usage error.
fn selection(root: &Path, paths: &[PathBuf]) -> Result<Vec<String>> {
    let root = root.canonicalize().map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    paths
        .iter()
        .map(|p| {
            let full = p
                .canonicalize()
                .map_err(|_| Error::Usage(format!("{} does not exist", p.display())))?;
            if !full.starts_with(&root) {
                return Err(Error::Usage(format!(
                    "{} is not inside the records repository {}",
                    p.display(),
                    root.display()
                )));
            }
            Ok(discover::relative(&root, &full))
        })
        .collect()
}

/// GitHub and GitLab annotate files by their path from the git repository's top, which may sit
/// above the records root: prefix the paths with the root's place in the enclosing work tree
/// (found by its `.git`).
fn with_git_prefix(root: &Path, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let prefix = root
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(|top| discover::relative(top, &root))
        .filter(|p| !p.is_empty());
    diagnostics
        .iter()
        .cloned()
        .map(|mut d| {
            if let Some(prefix) = &prefix {
                d.file = format!("{prefix}/{}", d.file);
            }
            d
        })
        .collect()
}

/// Appends the Markdown summary to `$GITHUB_STEP_SUMMARY` when it is set.
fn write_step_summary(markdown: &str) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    use std::io::Write as _;
    let path = PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    file.write_all(markdown.as_bytes())
        .map_err(|source| Error::Io { path, source })
}
