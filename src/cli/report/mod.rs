//! `qaledger report`: the reports written from the records, one file a report under this folder
//! (its arguments and its `run`); this module holds the list and the dispatch. With no report
//! named, `report --out F` is the board pack, as it was before reports had names.

mod annual_complaints;
mod board;
mod complaints_return;
mod sar;

use std::io::Write;
use std::path::Path;

use clap::{Subcommand, ValueEnum};

use crate::error::Result;
use crate::render::write;
use crate::repository::Repository;
use crate::repository::left_out::LeftOut;
use crate::time::period::Period;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[group(skip)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    before_help = "Example: qaledger report board --period FY2024-25 --out board.html",
    after_help = "Examples:\n  qaledger report board --out board.html\n  qaledger report --period FY2024-25 --out board.html   (the board pack, as `report board`)\n\nWith no report named, `report` writes the board pack."
)]
pub struct Args {
    #[command(subcommand)]
    report: Option<Report>,
    /// The board pack's arguments, when no report is named.
    #[command(flatten)]
    board: board::Args,
}

#[derive(Subcommand)]
enum Report {
    /// The board pack: one self-contained HTML file with the summary, overdue by team, open actions and charts
    Board(board::Args),
    /// The statutory annual complaints report (regulation 18; the Complaint Handling Code's): HTML, Markdown or JSON
    AnnualComplaints(annual_complaints::Args),
    /// The quarterly complaints return: a row per quarter of the financial year, CSV or JSON
    ComplaintsReturn(complaints_return::Args),
    /// The Safeguarding Adults Board's annual report inputs: SARs concluded and ongoing, their findings, actions and reasons for findings not implemented
    Sar(sar::Args),
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    match &args.report {
        Some(Report::Board(board)) => board::run(session, board),
        Some(Report::AnnualComplaints(args)) => annual_complaints::run(session, args),
        Some(Report::ComplaintsReturn(args)) => complaints_return::run(session, args),
        Some(Report::Sar(args)) => sar::run(session, args),
        None => board::run(session, &args.board),
    }
}

/// The formats a report that is a document (not a table) is written in.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentFormat {
    /// A standalone page in the board pack's look
    #[value(alias = "htm")]
    Html,
    #[value(alias = "md")]
    Markdown,
    Json,
}

/// `--format` when given, else the format `--out`'s extension names (`.html`, `.md`, `.json`,
/// `.csv`: a format's name or alias), else the report's own default — so a `.json` file never
/// gets HTML.
fn chosen<F: ValueEnum>(given: Option<F>, out: Option<&Path>, default: F) -> F {
    given
        .or_else(|| F::from_str(out?.extension()?.to_str()?, true).ok())
        .unwrap_or(default)
}

/// Writes a report and ends the command: to `out` or stdout, then the warning for what the
/// views left out.
fn deliver(
    session: &mut Session,
    out: Option<&Path>,
    text: &str,
    (what, period): (&str, &Period),
    left_out: &[LeftOut],
    repo: Repository,
) -> Result<Outcome> {
    write_or_print(session, out, text, what, period)?;
    super::warn_excluded(session, left_out)?;
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}

/// Writes a report to `out` (atomically), saying so on stderr unless quiet, or prints it.
fn write_or_print(
    session: &mut Session,
    out: Option<&Path>,
    text: &str,
    what: &str,
    period: &Period,
) -> Result<()> {
    let Some(out) = out else {
        return session.print(text);
    };
    write::replace(out, text.as_bytes())?;
    if !session.quiet {
        writeln!(
            session.stderr,
            "{what} for {period}, as of {}: wrote {}",
            session.as_of,
            out.display()
        )
        .map_err(write_error)?;
    }
    Ok(())
}
