//! `qaledger schema list | show KIND | export --out DIR`: the record kinds, a kind's fields for
//! people, and plain JSON Schema files for editors and other validators. Covers the built-in
//! kinds and a repository's own `schemas/`.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use crate::author::export;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render;
use crate::render::document::Register;
use crate::render::write;
use crate::schema::{Kind, SchemaSet, fields};

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger schema show action",
    after_help = "Examples:\n  qaledger schema list\n  qaledger schema show complaint\n  qaledger schema show action --format markdown\n  qaledger schema export --out .schemas"
)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// List the record kinds: folder, ids, where the schema comes from, number of fields
    #[command(
        before_help = "Example: qaledger schema list",
        after_help = "Examples:\n  qaledger schema list\n  qaledger --root examples/northshire schema list --format json"
    )]
    List {
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a kind's fields: name, required, type, allowed values, description
    #[command(
        before_help = "Example: qaledger schema show action",
        after_help = "Examples:\n  qaledger schema show action\n  qaledger schema show complaint --format markdown\n  qaledger schema show staff --format json\n\nNested fields are dotted (source.type); fields of each item of a list are written updates[].date."
    )]
    Show {
        /// The kind (`qaledger schema list` lists them), e.g. action
        #[arg(value_name = "KIND", add = super::complete::kinds())]
        kind: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
        format: ShowFormat,
    },
    /// Write DIR/<kind>.schema.json for every kind: plain JSON Schema (draft 2020-12) for
    /// editors and other validators
    #[command(
        before_help = "Example: qaledger schema export --out .schemas",
        after_help = "Examples:\n  qaledger schema export --out .schemas\n  check-jsonschema --schemafile .schemas/action.schema.json records/actions/2025/*.yaml\n\nThe x-qaledger block is left out: other validators do not need it, and ajv's strict mode\nrefuses unknown keywords. Existing files of the same names are replaced."
    )]
    Export {
        /// The folder to write to (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormat {
    Table,
    Json,
    Markdown,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let root = session.root()?;
    let config = Config::load(&root)?;
    let schemas = SchemaSet::load(&root, &config)?;
    let text =
        match &args.action {
            Action::List { format } => {
                for kind in schemas.kinds() {
                    warn_undescribed_patterns(session, kind)?;
                }
                let rows: Vec<_> = schemas.kinds().iter().map(fields::kind_row).collect();
                match format {
                    ListFormat::Table => render::terminal::write_at(
                        &render::schema::kinds_document(&rows),
                        session.width,
                    ),
                    ListFormat::Json => render::schema::kinds_json(&rows)?,
                }
            }
            Action::Show { kind, format } => {
                let kind = find(&schemas, kind)?;
                warn_undescribed_patterns(session, kind)?;
                let row = fields::kind_row(kind);
                let rows = fields::rows(kind, &config);
                match format {
                    ShowFormat::Table => render::terminal::write(&render::schema::fields_document(
                        &row,
                        &rows,
                        Register::Terminal,
                    )),
                    ShowFormat::Json => render::schema::fields_json(&row, &rows)?,
                    ShowFormat::Markdown => render::markdown::write(
                        &render::schema::fields_document(&row, &rows, Register::Prose),
                    ),
                }
            }
            Action::Export { out } => export_all(session, &schemas, out)?,
        };
    session.print(text)?;
    Ok(Outcome::Success)
}

/// A warning on stderr for each pattern of `kind` that has no words for people.
fn warn_undescribed_patterns(session: &mut Session, kind: &Kind) -> Result<()> {
    for at in crate::schema::undescribed_patterns(&kind.schema) {
        let line = format!(
            "warning: {}: the pattern at `{at}` has no `{}`; `check` can only say a value is not in the form needed",
            kind.source,
            crate::schema::PATTERN_DESCRIPTION
        );
        writeln!(session.stderr, "{}", crate::render::visible::inline(&line))
            .map_err(write_error)?;
    }
    Ok(())
}

/// A kind by name, or by its folder's name (`actions`); otherwise a usage error with a suggestion.
fn find<'a>(schemas: &'a SchemaSet, name: &str) -> Result<&'a Kind> {
    match schemas.by_folder(name) {
        Some(id) => Ok(schemas.get(id)),
        None => schemas.find(name),
    }
}

/// Writes every kind's schema and returns the paths written, one a line.
fn export_all(session: &mut Session, schemas: &SchemaSet, dir: &Path) -> Result<String> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut listing = String::new();
    for kind in schemas.kinds() {
        let path = dir.join(export::file_name(kind));
        write::replace(&path, export::to_json_text(kind)?.as_bytes())?;
        let external = export::external_refs(&kind.schema);
        if !external.is_empty() {
            let line = format!(
                "warning: {} refers to other files ({}); copy them beside {} for other tools",
                kind.source,
                external.join(", "),
                path.display()
            );
            writeln!(session.stderr, "{}", crate::render::visible::inline(&line))
                .map_err(write_error)?;
        }
        listing.push_str(&format!("{}\n", path.display()));
    }
    Ok(listing)
}
