//! `qaledger report sar`: the Safeguarding Adults Board's annual report inputs (Care Act 2014
//! Sch. 2 para. 4) from the review and action records, as HTML, Markdown or JSON, to a file
//! (written atomically) or to stdout.

use std::path::PathBuf;

use super::DocumentFormat as Format;
use crate::error::Result;
use crate::render;
use crate::repository::Repository;
use crate::view::sar;

use crate::cli::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger report sar --period FY2025-26 --out sar-inputs.html",
    after_help = "Examples:\n  qaledger report sar --period FY2025-26 --out sar-inputs.html\n  qaledger report sar --period FY2025-26 --format markdown\n  qaledger --as-of 2026-03-31 report sar --period FY2025-26 --format json\n\nReviews of type `sar`: those concluded in the period, those ongoing at its end, and earlier\nones whose actions were still active in it; each with its findings and the actions arising\n(owner, status, impact), and the findings decided not to be implemented, with their reasons."
)]
pub struct Args {
    #[command(flatten)]
    period: crate::cli::PeriodArg,
    /// The file to write (replaced atomically if it exists); stdout without it
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Output format (default: from --out's extension, else html)
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    case_refs: crate::cli::CaseRefsArg,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let report = sar::compute(&repo, &period, session.as_of);
    let text = match super::chosen(args.format, args.out.as_deref(), Format::Html) {
        Format::Html => render::html::write(&render::sar::document(&report)),
        Format::Markdown => render::markdown::write(&render::sar::document(&report)),
        Format::Json => render::sar::json(&report)?,
    };
    let what = ("SAR report inputs", &period);
    let left_out = &report.header.left_out;
    super::deliver(session, args.out.as_deref(), &text, what, left_out, repo)
}
