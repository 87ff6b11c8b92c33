//! `qaledger cache clean | stats`: the per-file result cache (`repository::cache`) — remove it,
//! or say how big it is and how much of the repository the next run would take from it.

use std::io::Write;

use crate::error::{Error, Result};
use crate::repository::cache;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger cache stats",
    after_help = "The cache is kept in .qaledger-cache/ at the repository's root (git-ignored).\nEvery command can run without it: --no-cache, or QALEDGER_NO_CACHE=1.\n\nExamples:\n  qaledger cache stats\n  qaledger cache clean"
)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Remove the cache (the next run reads every file and writes it anew)
    #[command(before_help = "Example: qaledger cache clean")]
    Clean,
    /// The cache's size and entries, and how many record files the next check would take from it
    #[command(before_help = "Example: qaledger cache stats")]
    Stats,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let text = match args.action {
        Action::Clean => {
            let removed = cache::clean(&root).map_err(|source| Error::Io {
                path: root.join(cache::DIR),
                source,
            })?;
            if removed {
                format!("removed {}\n", root.join(cache::DIR).display())
            } else {
                "no cache to remove\n".to_owned()
            }
        }
        Action::Stats => {
            let (config, schemas) = crate::repository::settings(&root)?;
            let found = crate::load::discover::walk(&root, &schemas);
            let stats = cache::stats(&root, &config, found);
            let state = if stats.stale {
                " (written by another qaledger or for other settings: the next run rebuilds it)"
            } else {
                ""
            };
            format!(
                "cache: {}{state}\nsize: {} bytes\nentries: {}\nrecord files: {}\nfrom the cache on the next check: {} of {}\n",
                stats.path.display(),
                stats.bytes,
                stats.entries,
                stats.files,
                stats.hits,
                stats.files,
            )
        }
    };
    session
        .stdout
        .write_all(text.as_bytes())
        .map_err(write_error)?;
    Ok(Outcome::Success)
}
