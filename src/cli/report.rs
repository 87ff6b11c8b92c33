//! `qaledger report`: the board pack — one self-contained HTML file with the period summary,
//! what is overdue by team, the open actions and charts, written atomically.

use std::io::Write;
use std::path::PathBuf;

use crate::error::Result;
use crate::render;
use crate::render::write;
use crate::repository::Repository;
use crate::view::report;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger report --period FY2024-25 --out board.html",
    after_help = "Examples:\n  qaledger report --out board.html\n  qaledger --as-of 2025-06-30 report --period FY2024-25 --out board-pack.html\n  qaledger report --period last-quarter --out q-report.html\n\nThe file needs nothing else to open: no network, no scripts; print it to A4 from the browser.\nOverdue and due-soon items are as at --as-of (due soon: config `due_soon`), whatever the period."
)]
pub struct Args {
    #[command(flatten)]
    period: super::PeriodArg,
    /// The HTML file to write (replaced atomically if it exists)
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    #[command(flatten)]
    case_refs: super::CaseRefsArg,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let report = report::compute(&repo, &period, session.as_of);
    let html = render::report::render(&report);
    write::replace(&args.out, html.as_bytes())?;
    if !session.quiet {
        writeln!(
            session.stderr,
            "board pack for {} ({} to {}), as of {}: wrote {}",
            period.label,
            period.start,
            period.end,
            session.as_of,
            args.out.display()
        )
        .map_err(write_error)?;
    }
    super::warn_excluded(session, &report.header.left_out)?;
    Ok(Outcome::Success)
}
