//! `qaledger diff [BASE [HEAD]]`: the field-level changes of every record between two
//! revisions, grouped by record, with the governance reading a reviewer needs.

use clap::ValueEnum;

use crate::error::Result;
use crate::history;
use crate::render;

use super::{Outcome, Session};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger diff origin/main",
    after_help = "Examples:\n  qaledger diff\n  qaledger diff main\n  qaledger diff v1.0 HEAD --format json\n  qaledger diff origin/main --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n\nBASE is compared from where HEAD (or the given HEAD) left it, as `git diff BASE...HEAD`\ndoes. Default BASE: origin/main if it exists, else main. Default HEAD: the working tree."
)]
pub struct Args {
    /// The earlier revision (default: origin/main, else main)
    #[arg(value_name = "BASE", allow_hyphen_values = true)]
    base: Option<String>,
    /// The later revision (default: the working tree, uncommitted changes included)
    #[arg(value_name = "HEAD", allow_hyphen_values = true)]
    head: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Markdown,
    Json,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let diff = history::diff::between(
        &root,
        session.as_of,
        args.base.as_deref(),
        args.head.as_deref(),
    )?;
    let text = match args.format {
        Format::Human => render::history::diff_human(&diff),
        Format::Markdown => render::history::diff_markdown(&diff),
        Format::Json => render::history::diff_json(&diff)?,
    };
    session.print(text)?;
    Ok(Outcome::Success)
}
