//! `qaledger report`: the reports written from the records, one file a report under this folder
//! (its arguments and its `run`); this module holds the list and the dispatch. With no report
//! named, `report --out F` is the board pack, as it was before reports had names.

mod board;
mod sar;

use clap::Subcommand;

use crate::error::Result;

use super::{Outcome, Session};

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
    /// The Safeguarding Adults Board's annual report inputs: SARs concluded and ongoing, their findings, actions and reasons for findings not implemented
    Sar(sar::Args),
}

/// Writes a report's `text` to `out` (atomically), then says so on stderr unless quiet:
/// "board pack for FY2024-25 (2024-04-01 to 2025-03-31), as of 2025-06-30: wrote F".
fn write_out(
    session: &mut Session,
    out: &std::path::Path,
    text: &str,
    what: &str,
    period: &crate::time::period::Period,
) -> Result<()> {
    use std::io::Write;
    crate::render::write::replace(out, text.as_bytes())?;
    if !session.quiet {
        writeln!(
            session.stderr,
            "{what} for {} ({} to {}), as of {}: wrote {}",
            period.label,
            period.start,
            period.end,
            session.as_of,
            out.display()
        )
        .map_err(super::write_error)?;
    }
    Ok(())
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    match &args.report {
        Some(Report::Board(board)) => board::run(session, board),
        Some(Report::Sar(sar)) => sar::run(session, sar),
        None => board::run(session, &args.board),
    }
}
