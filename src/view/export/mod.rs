//! `export`'s model: the repository as plain typed tables for data platforms (Power BI, DuckDB,
//! a lakehouse): one table per kind with every schema field (`records`), the deadline engine's
//! output and two derived tables (`derived`), and a dictionary describing every column.
//!
//! Plain data, column by column; `render::parquet`, `render::csv` and `render::jsonl` write it
//! and never compute. Every row carries the organisation's code and the as-of date, so exports
//! of several councils or dates stack; rows are in a fixed order, so the same input gives the
//! same bytes.

mod derived;
mod records;

pub use records::kept_fields;

use jiff::civil::Date;

use crate::compute::deadline::Computed;
use crate::history::slippage::RowHistory;
use crate::repository::Repository;
use crate::repository::left_out::LeftOut;

/// Whether case references and free text go into the export (`--include-text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Withheld,
    Included,
}

/// Everything `export` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub organisation: String,
    pub as_of: Date,
    /// Each kind's table and its lists of groups' tables, the derived tables, the dictionary:
    /// their shapes (names, columns, types, row counts), for the README; the values went to
    /// `compute`'s writer one table at a time.
    pub tables: Vec<Table>,
    /// Files holding no usable record, and deadlines the engine could not compute: named in the
    /// export's README and on the standard error, as every view names them.
    pub left_out: Vec<LeftOut>,
    /// Fields left out as case references or free text (`kind.field`), for the README; empty
    /// with `--include-text`.
    pub withheld: Vec<String>,
}

/// One table: a name that is also its file's stem, and its columns, all of `rows` long (in
/// `Export.tables`, only their shape: no values).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub description: String,
    pub rows: usize,
    pub columns: Vec<Column>,
}

fn rows_of(columns: &[Column]) -> usize {
    columns.first().map_or(0, |c| c.values.len())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub description: String,
    /// Where its values come from: the schema field (`action.agreed.date`) or `derived`.
    pub source: String,
    pub values: Values,
}

/// A column's values, typed; `None` is a missing value (SQL NULL).
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Text(Vec<Option<String>>),
    Date(Vec<Option<Date>>),
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    /// A list of text values (an empty list is not a missing one).
    TextList(Vec<Option<Vec<String>>>),
}

impl Values {
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::Bool(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::TextList(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The same type with no values.
    fn emptied(self) -> Values {
        match self {
            Values::Text(_) => Values::Text(Vec::new()),
            Values::Date(_) => Values::Date(Vec::new()),
            Values::Bool(_) => Values::Bool(Vec::new()),
            Values::Int(_) => Values::Int(Vec::new()),
            Values::Float(_) => Values::Float(Vec::new()),
            Values::TextList(_) => Values::TextList(Vec::new()),
        }
    }

    /// The type's name in the dictionary: what DuckDB and Power BI call it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Values::Text(_) => "text",
            Values::Date(_) => "date",
            Values::Bool(_) => "boolean",
            Values::Int(_) => "integer",
            Values::Float(_) => "double",
            Values::TextList(_) => "list of text",
        }
    }
}

/// What `export` is given besides the repository.
pub struct Inputs<'a> {
    pub organisation: &'a str,
    pub as_of: Date,
    /// The deadline engine's results at as-of.
    pub computed: &'a Computed,
    pub text: Text,
    /// With `--history`: the git history of each of `history_rows`' records, in that order.
    pub history: Option<&'a [RowHistory]>,
}

/// The records whose due-date history `--history` reads from git (`history::rows`): the
/// actions, by path with their current due date, in record order.
pub fn history_rows(repo: &Repository) -> Vec<(&str, Option<Date>)> {
    derived::actions(repo)
        .map(|r| (r.path.as_str(), r.fields.date("due")))
        .collect()
}

/// The export of `repo` (opened with `Repository::open_for_export`): each table is handed to
/// `write` as soon as it is made and let go after, so 100,000 records' tables are never all
/// held at once; the first error `write` returns stops the export.
pub fn compute<E>(
    repo: &Repository,
    inputs: &Inputs<'_>,
    write: &mut dyn FnMut(&Table) -> Result<(), E>,
) -> Result<Export, E> {
    let Inputs {
        organisation,
        as_of,
        computed,
        text,
        history,
    } = *inputs;
    let stamp = Stamp {
        organisation,
        as_of,
    };
    let mut made = Vec::new();
    let mut emit = |table: Table| -> Result<(), E> {
        write(&table)?;
        made.push(table.shape());
        Ok(())
    };
    let withheld = records::tables(repo, &stamp, text, &mut emit)?;
    emit(derived::deadlines(&stamp, computed, text))?;
    emit(derived::actions_sources(repo, &stamp))?;
    emit(derived::supervision_compliance(repo, &stamp, computed))?;
    if let Some(history) = history {
        emit(derived::due_history(repo, &stamp, history, text))?;
    }
    let dictionary = dictionary(&stamp, &made);
    write(&dictionary)?;
    made.push(dictionary.shape());
    let mut left_out = repo.unusable.clone();
    left_out.extend(computed.left_out.iter().cloned());
    left_out.sort();
    left_out.dedup();
    Ok(Export {
        organisation: organisation.to_owned(),
        as_of,
        tables: made,
        left_out,
        withheld,
    })
}

impl Table {
    /// The table without its values: what the dictionary and the README read.
    fn shape(self) -> Table {
        Table {
            columns: self
                .columns
                .into_iter()
                .map(|c| Column {
                    values: c.values.emptied(),
                    ..c
                })
                .collect(),
            ..self
        }
    }
}

/// What every row carries: whose export it is, and at which date.
struct Stamp<'a> {
    organisation: &'a str,
    as_of: Date,
}

impl Stamp<'_> {
    /// The first two columns of every table, for `rows` rows.
    fn columns(&self, rows: usize) -> Vec<Column> {
        vec![
            derived_column(
                "organisation",
                "The organisation's code (`[organisation] code` in qaledger.toml).",
                Values::Text(vec![Some(self.organisation.to_owned()); rows]),
            ),
            derived_column(
                "as_of",
                "The date the export describes: records as they stood then, deadlines' states then.",
                Values::Date(vec![Some(self.as_of); rows]),
            ),
        ]
    }
}

fn derived_column(name: &str, description: &str, values: Values) -> Column {
    Column {
        name: name.to_owned(),
        description: description.to_owned(),
        source: "derived".to_owned(),
        values,
    }
}

/// One row per column of every table: what a dashboard builder reads first.
fn dictionary(stamp: &Stamp<'_>, tables: &[Table]) -> Table {
    let columns = tables
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t, c)));
    let (mut table, mut column, mut kind, mut source, mut description) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (t, c) in columns {
        table.push(Some(t.name.clone()));
        column.push(Some(c.name.clone()));
        kind.push(Some(c.values.type_name().to_owned()));
        source.push(Some(c.source.clone()));
        description.push(Some(c.description.clone()));
    }
    let text = |name: &str, description: &str, values| {
        derived_column(name, description, Values::Text(values))
    };
    let mut columns = stamp.columns(table.len());
    columns.extend([
        text(
            "table",
            "The table (and file stem) the column is in.",
            table,
        ),
        text("column", "The column's name.", column),
        text(
            "type",
            "text, date, boolean, integer, double or list of text.",
            kind,
        ),
        text(
            "source",
            "The schema field it comes from (`kind.field`), or `derived`.",
            source,
        ),
        text(
            "description",
            "What it means, from the schema's description.",
            description,
        ),
    ]);
    Table {
        name: "dictionary".to_owned(),
        description: "Every column of every table: its type, where it comes from, what it means."
            .to_owned(),
        rows: rows_of(&columns),
        columns,
    }
}
