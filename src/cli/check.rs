//! `qaledger check [PATHS…]`: every problem in every record, in the format CI wants.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::diagnostic::{self, Diagnostic, Severity, Tally};
use crate::discover;
use crate::error::{Error, Result};
use crate::render;
use crate::repository::Repository;

use super::{Session, Status, write_error};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  qaledger check\n  qaledger check records/actions/2025/ACT-2025-0003.yaml\n  qaledger check --format github --strict"
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
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
    Gitlab,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Status> {
    let root = session.root()?;
    let repo = Repository::open(&root, session.as_of)?;
    let selection = selection(&root, &args.paths)?;
    let selected = |file: &str| {
        selection.is_empty()
            || selection
                .iter()
                .any(|s| file == s || file.starts_with(&format!("{s}/")))
    };

    let mut diagnostics: Vec<Diagnostic> = repo
        .diagnostics
        .iter()
        .filter(|d| selected(&d.file))
        .cloned()
        .collect();
    if args.strict {
        diagnostic::make_strict(&mut diagnostics);
    }
    let files: Vec<String> = discover_files(&repo)
        .into_iter()
        .filter(|f| selected(f))
        .collect();
    let mut tally = Tally {
        files: files.len(),
        records: repo.records.iter().filter(|r| selected(&r.path)).count(),
        ..Tally::default()
    };
    tally.count(&diagnostics);

    let report = match args.format {
        Format::Human => {
            let source = |file: &str, line: u32| source_line(&root, file, line);
            render::human::render(&diagnostics, &source)
        }
        Format::Json => render::json::render(&diagnostics, &tally, session.as_of),
        Format::Github => {
            let prefixed = with_git_prefix(&root, &diagnostics);
            write_step_summary(&render::github::summary(&prefixed, &tally))?;
            render::github::render(&prefixed)
        }
        Format::Junit => render::junit::render(&diagnostics, &files),
        Format::Gitlab => render::gitlab::render(&with_git_prefix(&root, &diagnostics)),
    };
    session
        .stdout
        .write_all(report.as_bytes())
        .map_err(write_error)?;
    if !session.quiet {
        writeln!(session.stderr, "{}", render::human::tally(&tally)).map_err(write_error)?;
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Ok(if failed {
        Status::Findings
    } else {
        Status::Success
    })
}

/// The checked files' paths: every record plus every file with a diagnostic.
fn discover_files(repo: &Repository) -> Vec<String> {
    let mut files: Vec<String> = repo.records.iter().map(|r| r.path.clone()).collect();
    files.extend(repo.diagnostics.iter().map(|d| d.file.clone()));
    files.sort();
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

/// One line of a file, for the snippet under a diagnostic.
fn source_line(root: &Path, file: &str, line: u32) -> Option<String> {
    let bytes = std::fs::read(root.join(file)).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(|l| l.trim_end_matches('\r').to_owned())
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
