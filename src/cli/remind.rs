//! `qaledger remind --out-dir DIR`: one digest file per owner of overdue or due-soon items,
//! plus `index.json`, for a scheduled script that mails each person theirs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::compute::deadline;
use crate::error::{Error, Result};
use crate::render;
use crate::render::remind::Run;
use crate::render::write;
use crate::repository::Repository;
use crate::time::duration::Duration;
use crate::view::remind;

use super::{Outcome, Session, write_error};

/// The index a mailing script reads, beside the digests.
const INDEX: &str = "index.json";

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger remind --out-dir reminders",
    after_help = "Examples:\n  qaledger remind --out-dir reminders\n  qaledger remind --out-dir reminders --within '5 working days' --format text\n  qaledger -q remind --out-dir /var/spool/qaledger --format json\n\n\
Writes DIR/<owner>.md (or .txt, .json) for each owner with something overdue or due soon,\n\
DIR/_unassigned.md for items with no owner, and DIR/index.json listing each owner's name,\n\
email, counts and file. Digests listed in the previous index.json but not in the new one\n\
are removed, so a script never mails yesterday's reminder."
)]
pub struct Args {
    /// The folder to write the digests to (created if missing)
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Items due within this window are "due soon" (default: timescales.due_soon, 14 days)
    #[arg(long, value_name = "DURATION", value_parser = super::parse_duration)]
    within: Option<Duration>,
    /// Format of each digest
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    #[command(flatten)]
    case_refs: super::CaseRefsArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Text,
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Json => "json",
        }
    }
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let repo =
        Repository::open_for_views(&root, session.as_of)?.with_case_refs(args.case_refs.choice());
    let within = args.within.unwrap_or_else(|| repo.config.due_soon());
    let computed = deadline::at(&repo, session.as_of, within);
    let digests = remind::group(&repo, &computed);
    let run = Run {
        as_of: session.as_of,
        within,
        excluded: crate::repository::left_out::files(&computed.left_out),
        marking: repo.config.marking.as_deref(),
    };

    let dir = &args.out_dir;
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let previous = previous_files(&dir.join(INDEX));
    let extension = args.format.extension();
    let mut written = BTreeSet::new();
    for digest in &digests {
        let text = match args.format {
            Format::Markdown => render::remind::markdown(digest, run),
            Format::Text => render::remind::text(digest, run),
            Format::Json => render::remind::json(digest, run)?,
        };
        let name = render::remind::file_name(digest, extension);
        write::replace(&dir.join(&name), text.as_bytes())?;
        written.insert(name);
    }
    write::replace(
        &dir.join(INDEX),
        render::remind::index(&digests, run, extension)?.as_bytes(),
    )?;
    for stale in previous.difference(&written) {
        let path = dir.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => writeln!(
                session.stderr,
                "warning: could not remove yesterday's digest {}: {e}",
                crate::render::visible::inline(&path.display().to_string())
            )
            .map_err(write_error)?,
        }
    }

    if !session.quiet {
        let noun = if digests.len() == 1 {
            "digest"
        } else {
            "digests"
        };
        writeln!(
            session.stderr,
            "wrote {} {noun} to {}",
            digests.len(),
            dir.display()
        )
        .map_err(write_error)?;
    }
    super::warn_excluded(session, &computed.left_out)?;
    Ok(Outcome::Success)
}

/// The digest files a previous run listed in its index, when they are plain names of digest
/// files: only files this command wrote are ever removed.
fn previous_files(index: &Path) -> BTreeSet<String> {
    let Ok(text) = crate::load::read_text(index) else {
        return BTreeSet::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return BTreeSet::new();
    };
    value["owners"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|owner| owner["file"].as_str())
        .filter(|name| {
            name.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && !stem.starts_with('.')
                    && matches!(ext, "md" | "txt" | "json")
                    && stem
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            }) && *name != INDEX
        })
        .map(str::to_owned)
        .collect()
}
