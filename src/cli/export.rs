//! `qaledger export`: the repository as typed tables for Power BI, DuckDB or a lakehouse — one
//! file per table in a folder, with a README.md describing every column. Each file is written
//! atomically; tables of other formats already in the folder are left alone.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::compute::deadline;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::history;
use crate::render::export::{self as files, Format as FileFormat};
use crate::render::write;
use crate::repository::Repository;
use crate::view::export::{self, Text};
use crate::view::tracker;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger export --out export/",
    after_help = "Examples:\n  qaledger export --out export/\n  qaledger --as-of 2025-06-30 export --out export/ --format csv\n  duckdb -c \"select state, count(*) from 'export/deadlines.parquet' group by 1\"\n\nOne file per kind (every schema field, typed), per list of groups (action_updates), and\nderived tables: deadlines, actions_sources, supervision_compliance, dictionary; README.md\ndescribes every column. Every row carries [organisation] code and the as-of date. Case\nreferences and free text are left out unless --include-text. See docs/export.md."
)]
pub struct Args {
    /// The folder to write the tables into (made if missing)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// File format of the tables
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    format: Format,
    /// Also export case references and free-text fields (notes, summaries, names): exports
    /// travel further than the repository, so these stay out unless asked for
    #[arg(long)]
    include_text: bool,
    /// Add action_due_history: each action's due-date moves from git (as `tracker --history`)
    #[arg(long)]
    history: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Apache Parquet (Power BI, DuckDB, pandas, a lakehouse)
    Parquet,
    /// CSV, UTF-8, lists joined with "; "
    Csv,
    /// JSON Lines: one object per row
    Jsonl,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let text = if args.include_text {
        Text::Included
    } else {
        Text::Withheld
    };
    // Asked before the records are read: at 100,000 they take seconds.
    let config = Config::load(&root)?;
    let Some(code) = config.organisation_code else {
        return Err(Error::Usage(format!(
            "{} has no [organisation] code: set one (e.g. code = \"E10000003\", the council's ONS code) so that every exported row says whose it is",
            config.path.display()
        )));
    };
    let repo = Repository::open_for_export(&root, session.as_of, &|kind| {
        export::kept_fields(kind, text)
    })?;
    let computed = deadline::at(&repo, session.as_of, repo.config.due_soon());
    let history = if args.history {
        let moves = repo
            .schemas
            .by_name(tracker::KIND)
            .and_then(|k| repo.schemas.get(k).spec.lifecycle.moves.as_ref());
        Some(history::rows::histories(
            &root,
            &export::history_rows(&repo),
            moves,
        )?)
    } else {
        None
    };
    let format = match args.format {
        Format::Parquet => FileFormat::Parquet,
        Format::Csv => FileFormat::Csv,
        Format::Jsonl => FileFormat::Jsonl,
    };
    std::fs::create_dir_all(&args.out).map_err(|source| Error::Io {
        path: args.out.clone(),
        source,
    })?;
    write::sweep(&args.out);
    let inputs = export::Inputs {
        organisation: &code,
        as_of: session.as_of,
        computed: &computed,
        text,
        history: history.as_deref(),
    };
    let export = export::compute(&repo, &inputs, &mut |table| {
        let (name, bytes) = files::table_file(table, format)?;
        write::replace_swept(&args.out.join(name), &bytes)
    })?;
    let readme = files::readme(&export, format);
    write::replace_swept(&args.out.join("README.md"), readme.as_bytes())?;
    if !session.quiet {
        writeln!(
            session.stderr,
            "exported {} tables ({}) of {} at {} to {}",
            export.tables.len(),
            format.extension(),
            code,
            session.as_of,
            args.out.display()
        )
        .map_err(write_error)?;
    }
    super::warn_excluded(session, &export.left_out)?;
    super::keep_until_exit(repo);
    Ok(Outcome::Success)
}
