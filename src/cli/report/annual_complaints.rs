//! `qaledger report annual-complaints`: the statutory annual complaints report (regulation 18
//! of the 2009 Regulations, and the Complaint Handling Code's) as HTML, Markdown or JSON.

use std::path::PathBuf;

use super::DocumentFormat as Format;
use crate::cli::{Outcome, Session};
use crate::error::Result;
use crate::render;
use crate::repository::Repository;
use crate::view::annual_complaints;

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger report annual-complaints --period FY2025-26 --out annual.html",
    after_help = "Examples:\n  qaledger report annual-complaints --period FY2025-26 --out annual-complaints.html\n  qaledger --as-of 2025-06-30 report annual-complaints --period FY2024-25 --format json\n  qaledger report annual-complaints --period last-financial-year --format markdown --out annual.md\n\nComplaints received in the period, as they stood at --as-of; --format json lists the ids behind every count.\nThe format follows --out's extension (.html, .md, .json) unless --format is given; without --out, the report is printed."
)]
pub struct Args {
    #[command(flatten)]
    period: crate::cli::PeriodArg,
    /// Output format (default: from --out's extension, else markdown)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write (replaced atomically if it exists); default: print it
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo = Repository::open_for_views(&root, session.as_of)?;
    let report = annual_complaints::compute(&repo, &period, session.as_of);
    let text = match super::chosen(args.format, args.out.as_deref(), Format::Markdown) {
        Format::Html => render::html::write(&render::annual_complaints::document(&report)),
        Format::Markdown => render::markdown::write(&render::annual_complaints::document(&report)),
        Format::Json => render::annual_complaints::json(&report)?,
    };
    let what = ("annual complaints report", &period);
    let left_out = &report.header.left_out;
    super::deliver(session, args.out.as_deref(), &text, what, left_out, repo)
}
