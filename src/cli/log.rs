//! `qaledger log ID`: a record's git history across renames, with the fields each commit
//! changed and what that means for governance.

use clap::ValueEnum;

use crate::error::Result;
use crate::history;
use crate::render;
use crate::repository::Repository;

use super::{Outcome, Session, write_error};

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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let repo = Repository::open(&root, session.as_of)?;
    let log = history::log::of(&root, &repo, &args.id)?;
    let text = match args.format {
        Format::Human => render::history::log_human(&log),
        Format::Json => render::history::log_json(&log)?,
    };
    session
        .stdout
        .write_all(text.as_bytes())
        .map_err(write_error)?;
    Ok(Outcome::Success)
}
