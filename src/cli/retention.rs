//! `qaledger retention`: the records kept past their kind's retention period at as-of (UK
//! GDPR storage limitation), for the person who deletes them and purges the git history.

use clap::ValueEnum;

use crate::error::Result;
use crate::render;
use crate::repository::Repository;
use crate::view::retention;

use super::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger retention",
    after_help = "Examples:\n  qaledger retention\n  qaledger --as-of 2026-04-01 retention --format csv > past-retention.csv\n  qaledger retention --format json\n\nA kind's schema gives its retention period (x-qaledger.retention); qaledger.toml's [retention]\nsets the council's figures (complaint = \"6 years\"). A record is listed from the day after its\nperiod ended. Deleting the file leaves it in the git history: see docs/retention.md."
)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// CSV without the byte-order mark Excel wants
    #[arg(long)]
    no_bom: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let repo = Repository::open_for_views(&root, session.as_of)?;
    let view = retention::compute(&repo, session.as_of);
    let text = match args.format {
        Format::Table => {
            render::terminal::write_at(&render::retention::document(&view), session.width)
        }
        Format::Json => render::retention::json(&view)?,
        Format::Csv => render::retention::csv(&view, !args.no_bom)?,
    };
    session.print(text)?;
    super::warn_excluded(session, &view.header.left_out)?;
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}
