//! `qaledger report sar`: the Safeguarding Adults Board's annual report inputs (Care Act 2014
//! Sch. 2 para. 4) from the review and action records, as HTML, Markdown or JSON, to a file
//! (written atomically) or to stdout.

use std::path::PathBuf;

use clap::ValueEnum;

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
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Html)]
    format: Format,
    #[command(flatten)]
    case_refs: crate::cli::CaseRefsArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A standalone page in the board pack's look
    Html,
    Markdown,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let report = sar::compute(&repo, &period, session.as_of);
    let text = match args.format {
        Format::Html => render::html::write(&render::sar::document(&report)),
        Format::Markdown => render::markdown::write(&render::sar::document(&report)),
        Format::Json => render::sar::json(&report)?,
    };
    super::write_or_print(
        session,
        args.out.as_deref(),
        &text,
        "SAR report inputs",
        &period,
    )?;
    crate::cli::warn_excluded(session, &report.header.left_out)?;
    crate::cli::keep_until_exit(repo);
    Ok(Outcome::Success)
}
