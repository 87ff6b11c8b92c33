//! `qaledger show ID`: one record with its computed deadlines and its links both ways; for a
//! member of staff, also what they own.

use crate::compute::deadline;
use crate::error::{Error, Result};
use crate::render;
use crate::repository::Repository;
use crate::schema::CaseRefs;
use crate::view::show;

use super::{HumanOrJson as Format, Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger show ACT-2025-0003",
    after_help = "Examples:\n  qaledger show ACT-2025-0003\n  qaledger show jsmith\n  qaledger --as-of 2025-06-30 show CMP-2025-0007 --format json"
)]
pub struct Args {
    /// The record's id (ACT-2025-0003), or a staff id (jsmith)
    #[arg(add = super::complete::record_ids())]
    id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    // The record is quoted whole, for the people who edit it: its case references too.
    let mut repo = Repository::open(&root, session.as_of)?.with_case_refs(CaseRefs::Included);
    // The record, its deadlines and its links as they stood at as-of (SPEC §10).
    let not_yet = repo.rewind(session.as_of);
    let positions = repo.index.get(&args.id);
    let Some(&first) = positions.first() else {
        if let Some(path) = not_yet
            .iter()
            .find(|p| crate::load::discover::stem(p) == args.id)
        {
            return Err(Error::Usage(format!(
                "`{}` did not exist yet at {}: {path} records that it came into being later",
                args.id, session.as_of
            )));
        }
        return Err(unknown_id(&repo, &args.id));
    };
    let record = &repo.records[first];
    let file = root.join(&record.path);
    let bytes = crate::load::read_capped(&file)
        .map_err(|e| Error::Usage(format!("{} could not be read: {e}", record.path)))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();

    let due_soon = repo.config.due_soon();
    let deadlines = deadline::at(&repo, session.as_of, due_soon);
    let shown = show::compute(&repo, first, &deadlines, text);
    let output = match args.format {
        Format::Human => render::terminal::write_at(
            &render::show::document(&shown, session.as_of, due_soon),
            session.width,
        ),
        Format::Json => render::show::json(&shown, session.as_of, due_soon)?,
    };
    session.print(output)?;

    if positions.len() > 1 {
        let others: Vec<&str> = positions[1..]
            .iter()
            .map(|&i| repo.records[i].path.as_str())
            .collect();
        let line = format!(
            "warning: {} records have the id `{}`; this is {}, the others are {} (run `qaledger check`)",
            positions.len(),
            args.id,
            record.path,
            others.join(", ")
        );
        writeln!(session.stderr, "{}", render::visible::inline(&line)).map_err(write_error)?;
    }
    if !record.valid {
        let path = render::visible::inline(&record.path);
        writeln!(
            session.stderr,
            "warning: {path} has YAML or schema problems; its deadlines that read a field in trouble are not shown; run `qaledger check {path}` to see why"
        )
        .map_err(write_error)?;
    }
    if shown.owns.is_some() {
        super::warn_excluded(session, &deadlines.left_out)?;
    }
    Ok(Outcome::Success)
}

/// No record has this id: suggest the closest one, or name the file that could not be read.
fn unknown_id(repo: &Repository, id: &str) -> Error {
    let unread = repo.diagnostics.iter().find(|d| {
        crate::load::discover::stem(&d.file) == id && !repo.records.iter().any(|r| r.path == d.file)
    });
    if let Some(d) = unread {
        return Error::Usage(format!(
            "{} could not be read as a record; run `qaledger check {}` to see why",
            d.file, d.file
        ));
    }
    let ids = repo.records.iter().map(|r| r.id.as_str());
    match crate::diagnostic::suggest::closest(id, ids) {
        Some(near) => Error::Usage(format!(
            "no record has the id `{id}` — did you mean `{near}`?"
        )),
        None => Error::Usage(format!(
            "no record has the id `{id}`; record ids look like ACT-2025-0003, staff ids like jsmith"
        )),
    }
}
