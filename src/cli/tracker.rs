//! `qaledger tracker`: the Learning From tracker — every action, or those active during a
//! period, filtered, as a table, JSON, CSV, Markdown or an Excel workbook.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use jiff::civil::Date;

use crate::compute::filter;
use crate::diagnostic::suggest::closest;
use crate::error::{Error, Result};
use crate::history;
use crate::render;
use crate::render::document::Register::{Prose, Terminal};
use crate::render::write;
use crate::repository::Repository;
use crate::time::period;
use crate::view::tracker::{self, Filters, Tracker};

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger tracker --period this-quarter",
    after_help = "Examples:\n  qaledger --as-of 2025-06-30 tracker\n  qaledger tracker --period FY2025-26-Q1 --status in-progress\n  qaledger tracker --owner jsmith --theme safeguarding --format markdown\n  qaledger tracker --period last-quarter --format xlsx --out tracker.xlsx\n  qaledger tracker --history --format csv --out slippage.csv\n\nWith --period, the actions active during it: agreed (or, with no agreed date, due) on or\nbefore its end, and not completed before its start."
)]
pub struct Args {
    /// Only the actions active during this period (2025, 2025-Q1, 2025-03, FY2025-26,
    /// FY2025-26-Q1, 2025-03-01..2025-06-30, this-quarter, last-month, …)
    #[arg(long, value_name = "P")]
    period: Option<String>,
    /// Only actions with this status (proposed, agreed, in-progress, completed, cancelled)
    #[arg(long, value_name = "S")]
    status: Option<String>,
    /// Only actions owned by this staff id
    #[arg(long, value_name = "ID", add = super::complete::staff_ids())]
    owner: Option<String>,
    /// Only actions with this theme
    #[arg(long, value_name = "T", add = super::complete::themes())]
    theme: Option<String>,
    /// Only actions from this kind of source (audit, complaint, sar, …)
    #[arg(long, value_name = "TYPE")]
    source: Option<String>,
    /// Output format (xlsx needs --out)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// CSV without the byte-order mark Excel wants
    #[arg(long)]
    no_bom: bool,
    /// Add each action's history from git: first agreed due date, how often and by how many
    /// days it moved, and who changed it last (needs the records in a git repository)
    #[arg(long)]
    history: bool,
    #[command(flatten)]
    case_refs: super::CaseRefsArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    /// A standalone page in the board pack's look
    Html,
    Xlsx,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    if args.format == Format::Xlsx && args.out.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook, not text: add --out FILE.xlsx".to_owned(),
        ));
    }
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let period = args
        .period
        .as_deref()
        .map(|p| period::parse(p, session.as_of))
        .transpose()?;
    let filters = Filters {
        status: args.status.clone(),
        owner: args.owner.clone(),
        theme: args.theme.clone(),
        source: args.source.clone(),
    };
    check_filters(&repo, &filters)?;
    filter::check(&repo, filters.owner.as_deref(), None)?;
    let mut tracker = tracker::compute(&repo, session.as_of, period, filters);
    if args.history {
        let moves = repo
            .schemas
            .by_name(tracker::KIND)
            .and_then(|k| repo.schemas.get(k).spec.lifecycle.moves.as_ref());
        add_history(&root, &mut tracker, moves)?;
    }
    let document = |register| render::tracker::document(&tracker, register);
    let bytes = match args.format {
        Format::Table if args.out.is_some() => {
            anstream::adapter::strip_str(&render::terminal::write(&document(Terminal)))
                .to_string()
                .into_bytes()
        }
        Format::Table => {
            render::terminal::write_at(&document(Terminal), session.width).into_bytes()
        }
        Format::Json => render::tracker::json(&tracker)?.into_bytes(),
        Format::Csv => render::tracker::csv(&tracker, !args.no_bom)?.into_bytes(),
        Format::Markdown => render::markdown::write(&document(Prose)).into_bytes(),
        Format::Html => render::html::write(&document(Prose)).into_bytes(),
        Format::Xlsx => render::xlsx::tracker(&tracker).map_err(|e| Error::Io {
            path: args.out.clone().unwrap_or_default(),
            source: std::io::Error::other(e),
        })?,
    };
    match &args.out {
        Some(path) => {
            write::replace(path, &bytes)?;
            if !session.quiet {
                writeln!(session.stderr, "wrote {}", path.display()).map_err(write_error)?;
            }
        }
        None => session.print(&bytes)?,
    }
    super::warn_excluded(session, &tracker.header.left_out)?;
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}

/// Fills each row's history (`history::rows`: one `git log` over the root and one
/// `git cat-file --batch` for the versions of the listed actions).
fn add_history(
    root: &Path,
    tracker: &mut Tracker,
    moves: Option<&crate::schema::extension::MovesSpec>,
) -> Result<()> {
    let rows: Vec<(&str, Option<Date>)> = tracker
        .rows
        .iter()
        .map(|row| (row.path.as_str(), row.due))
        .collect();
    let histories = history::rows::histories(root, &rows, moves)?;
    for (row, history) in tracker.rows.iter_mut().zip(histories) {
        row.history = Some(history);
    }
    tracker.with_history = true;
    Ok(())
}

/// `--status` and `--source` must be values the action schema allows, and `--theme` one from
/// the vocabulary when there is one: a typo would otherwise list nothing, silently.
fn check_filters(repo: &Repository, filters: &Filters) -> Result<()> {
    let Some(kind) = repo
        .schemas
        .by_name(tracker::KIND)
        .map(|k| repo.schemas.get(k))
    else {
        return Ok(());
    };
    let checks = [
        (&filters.status, "status", "status", "statuses"),
        (
            &filters.source,
            "source.type",
            "source type",
            "source types",
        ),
    ];
    for (given, field, one, many) in checks {
        let (Some(given), Some(allowed)) = (given, kind.allowed_values(field)) else {
            continue;
        };
        refuse_unless_listed(given, &allowed, &format!("an action {one}"), many)?;
    }
    if let Some(theme) = &filters.theme {
        if !repo.config.themes.is_empty() {
            refuse_unless_listed(
                theme,
                &repo.config.themes,
                "a theme in the vocabulary",
                "themes",
            )?;
        }
    }
    Ok(())
}

fn refuse_unless_listed(given: &str, allowed: &[String], what: &str, plural: &str) -> Result<()> {
    if allowed.iter().any(|a| a == given) {
        return Ok(());
    }
    let hint = closest(given, allowed.iter().map(String::as_str))
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    Err(Error::Usage(format!(
        "`{given}` is not {what}{hint}; the {plural} are: {}",
        allowed.join(", ")
    )))
}
