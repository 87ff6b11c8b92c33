//! `qaledger report board` (and `report` with no report named): the board pack — one self-contained HTML file with the period summary,
//! what is overdue by team, the open actions and charts, written atomically.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::render;
use crate::repository::Repository;
use crate::view::report;

use crate::cli::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger report board --period FY2024-25 --out board.html",
    after_help = "Examples:\n  qaledger report board --out board.html\n  qaledger --as-of 2025-06-30 report board --period FY2024-25 --out board-pack.html\n  qaledger report --period last-quarter --out q-report.html\n\nThe file needs nothing else to open: no network, no scripts; print it to A4 from the browser.\nOverdue and due-soon items are as at --as-of (due soon: config `due_soon`), whatever the period."
)]
pub struct Args {
    #[command(flatten)]
    period: crate::cli::PeriodArg,
    /// The HTML file to write (replaced atomically if it exists)
    // Required, yet an `Option`: `report` with a report named leaves the board pack's own
    // arguments (flattened beside the names) unset.
    #[arg(long, value_name = "FILE.html", required = true)]
    out: Option<PathBuf>,
    #[command(flatten)]
    case_refs: crate::cli::CaseRefsArg,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let Some(out) = &args.out else {
        return Err(Error::Usage(
            "the board pack needs --out FILE.html".to_owned(),
        ));
    };
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let report = report::compute(&repo, &period, session.as_of);
    let html = render::report::render(&report);
    let what = ("board pack", &period);
    super::deliver(
        session,
        Some(out),
        &html,
        what,
        &report.header.left_out,
        repo,
    )
}
