//! `qaledger log ID`: a record's git history across renames, with the fields each commit
//! changed and what that means for governance.

use crate::error::Result;
use crate::history;
use crate::render;
use crate::repository::Repository;

use super::{HumanOrJson as Format, Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger log ACT-2025-0003",
    after_help = "Examples:\n  qaledger log ACT-2025-0003\n  qaledger log CMP-2025-0012 --format json"
)]
pub struct Args {
    /// The record's id
    #[arg(add = super::complete::record_ids())]
    id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let repo = Repository::open(&root, session.as_of)?;
    let log = history::log::of(&root, &repo, &args.id)?;
    let text = match args.format {
        Format::Human => render::history::log_human(&log),
        Format::Json => render::history::log_json(&log)?,
    };
    session.print(text)?;
    Ok(Outcome::Success)
}
