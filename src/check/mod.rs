//! Checking: every file on its own (in parallel, while its YAML tree is at hand), then the
//! checks that span records. Findings are diagnostics; nothing here prints or stops early.

mod cross;
pub mod personal_data;
mod rules;
pub mod schema;

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, RecordFile};
use crate::index::Index;
use crate::load;
use crate::record::{self, Fields, Leaf, Record};
use crate::schema::SchemaSet;

/// What every file's check needs.
pub struct Context<'a> {
    pub config: &'a Config,
    pub schemas: &'a SchemaSet,
    pub as_of: Date,
}

/// One file's result: the record (when the file held one) and its problems.
pub struct FileOutcome {
    pub record: Option<Record>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads, parses and checks one file, keeping only the fields later stages use.
pub fn check_file(ctx: &Context<'_>, file: &RecordFile) -> FileOutcome {
    let tree = load::read_and_parse(file);
    let Some(kind_id) = file.kind else {
        let mut diagnostics = vec![discover::unknown_kind_folder(file, ctx.schemas)];
        diagnostics.extend(tree.err().map(|d| *d));
        return FileOutcome {
            record: None,
            diagnostics,
        };
    };
    let tree = match tree {
        Ok(tree) => tree,
        Err(d) => {
            return FileOutcome {
                record: None,
                diagnostics: vec![*d],
            };
        }
    };
    let kind = ctx.schemas.get(kind_id);
    let stem = discover::stem(&file.rel);
    let fields = Fields(record::leaves(&tree));
    let id_leaf = fields.first("id").filter(|l| l.as_str().is_some()).cloned();
    let id = id_leaf.as_ref().and_then(|l| l.as_str());

    let mut diagnostics = schema::diagnostics(kind, &tree, &tree.to_json(), &file.rel, id);
    let valid = diagnostics.is_empty();
    let subject = rules::Subject {
        kind,
        fields: &fields,
        rel: &file.rel,
        stem,
        id,
        start: tree.pos,
    };
    diagnostics.extend(rules::check(&subject, ctx.config, ctx.as_of));

    let mut kept: Vec<Leaf> = fields
        .0
        .into_iter()
        .filter(|leaf| kind.uses(&leaf.path))
        .collect();
    // Filtering reuses the vector of every leaf; 100,000 records would keep that room.
    kept.shrink_to_fit();
    let record = Record {
        kind: kind_id,
        id: id.unwrap_or(stem).to_owned(),
        id_pos: id_leaf.as_ref().map_or(tree.pos, |l| l.pos),
        path: file.rel.clone(),
        valid,
        fields: Fields(kept),
    };
    FileOutcome {
        record: Some(record),
        diagnostics,
    }
}

/// The checks that need every record.
pub fn check_across(records: &[Record], index: &Index, ctx: &Context<'_>) -> Vec<Diagnostic> {
    cross::check(records, index, ctx.schemas, ctx.config)
}
