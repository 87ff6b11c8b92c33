//! `qaledger report complaints-return`: the quarterly complaints return, a row per quarter of
//! the financial year, as CSV or JSON (issue 17 section 4).

use std::path::PathBuf;

use clap::ValueEnum;

use crate::cli::{Outcome, Session};
use crate::error::Result;
use crate::render;
use crate::repository::Repository;
use crate::view::complaints_return;

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger report complaints-return --period FY2025-26 --format csv",
    after_help = "Examples:\n  qaledger report complaints-return --period FY2025-26 --format csv --out return.csv\n  qaledger report complaints-return --period FY2025-26-Q2 --format json\n\nA row per quarter of the financial year the period touches (a quarter gives one row), then the\nperiod's total. Received counts by received date; outcomes and timeliness by the date the\nresponse was sent; Ombudsman referrals and decisions by theirs. JSON lists the ids behind each count."
)]
pub struct Args {
    #[command(flatten)]
    period: crate::cli::PeriodArg,
    /// Output format (default: from --out's extension, else csv)
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write (replaced atomically if it exists); default: print it
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo = Repository::open_for_views(&root, session.as_of)?;
    let report = complaints_return::compute(&repo, &period, session.as_of);
    let text = match super::chosen(args.format, args.out.as_deref(), Format::Csv) {
        Format::Csv => render::annual_complaints::return_csv(&report)?,
        Format::Json => render::annual_complaints::return_json(&report)?,
    };
    let what = ("complaints return", &period);
    let left_out = &report.header.left_out;
    super::deliver(session, args.out.as_deref(), &text, what, left_out, repo)
}
