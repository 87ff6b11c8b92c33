//! `qaledger summary`: counts and rates for a period across kinds (complaints, audits,
//! supervision, actions, reviews, CQC evidence), for a governance board or a script.

use clap::ValueEnum;

use crate::error::Result;
use crate::render;
use crate::render::document::Register::{Prose, Terminal};
use crate::repository::Repository;
use crate::view::summary;

use super::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger summary --period FY2024-25",
    after_help = "Examples:\n  qaledger summary\n  qaledger --as-of 2025-06-30 summary --period FY2024-25\n  qaledger summary --period 2025-Q1 --format markdown\n  qaledger summary --period 2025-01-01..2025-03-31 --format json\n\nPeriods: 2025, 2025-Q1, 2025-03, 2025-03-01..2025-06-30, FY2025-26, FY2025-26-Q1, this-month,\nlast-month, this-quarter, last-quarter, this-financial-year, last-financial-year (relative to --as-of).\nRates over nothing show \"—\" (JSON: null). Deadlines due in the period but not yet due at as-of\nare left out of the timeliness rates and counted as \"not yet due\"."
)]
pub struct Args {
    #[command(flatten)]
    period: super::PeriodArg,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    /// A standalone page in the board pack's look
    Html,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let period = args.period.resolve(session.as_of)?;
    let root = session.root()?;
    let repo = Repository::open_for_views(&root, session.as_of)?;
    let summary = summary::compute(&repo, &period, session.as_of);
    let text = match args.format {
        Format::Table => render::terminal::write_at(
            &render::summary::document(&summary, Terminal),
            session.width,
        ),
        Format::Json => render::summary::json(&summary)?,
        Format::Markdown => render::markdown::write(&render::summary::document(&summary, Prose)),
        Format::Html => render::html::write(&render::summary::document(&summary, Prose)),
    };
    session.print(text)?;
    super::warn_excluded(session, &summary.header.left_out)?;
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}
