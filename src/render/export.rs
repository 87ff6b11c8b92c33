//! `export`'s files: each table in the chosen format (Parquet by `render::parquet`, CSV, JSON
//! Lines), and the folder's README.md describing every table and column. Bytes only: the model
//! (`view::export`) decided every value.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::render::left_out;
use crate::view::export::{Export, Table, Values};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Csv,
    Jsonl,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The table's file name and bytes.
pub fn table_file(table: &Table, format: Format) -> Result<(String, Vec<u8>)> {
    let bytes = match format {
        Format::Parquet => crate::render::parquet::write(table)?,
        Format::Csv => csv(table)?.into_bytes(),
        Format::Jsonl => jsonl(table)?.into_bytes(),
    };
    Ok((format!("{}.{}", table.name, format.extension()), bytes))
}

/// A cell as CSV text: dates ISO, booleans `true`/`false`, lists joined with `; `, empty for
/// a missing value.
fn cell_text(values: &Values, row: usize) -> String {
    fn text<T: ToString>(v: &[Option<T>], row: usize) -> String {
        v.get(row)
            .and_then(Option::as_ref)
            .map(ToString::to_string)
            .unwrap_or_default()
    }
    match values {
        Values::Text(v) => text(v, row),
        Values::Date(v) => text(v, row),
        Values::Bool(v) => text(v, row),
        Values::Int(v) => text(v, row),
        Values::Float(v) => text(v, row),
        Values::TextList(v) => v
            .get(row)
            .and_then(Option::as_ref)
            .map(|items| items.join("; "))
            .unwrap_or_default(),
    }
}

/// A cell as a JSON value: lists as arrays, a missing value as null.
fn cell_json(values: &Values, row: usize) -> serde_json::Value {
    use serde_json::Value as J;
    fn json<T>(v: &[Option<T>], row: usize, f: impl Fn(&T) -> J) -> J {
        v.get(row).and_then(Option::as_ref).map_or(J::Null, f)
    }
    match values {
        Values::Text(v) => json(v, row, |s| J::String(s.clone())),
        Values::Date(v) => json(v, row, |d| J::String(d.to_string())),
        Values::Bool(v) => json(v, row, |b| J::Bool(*b)),
        Values::Int(v) => json(v, row, |i| J::from(*i)),
        Values::Float(v) => json(v, row, |f| {
            serde_json::Number::from_f64(*f).map_or(J::Null, J::Number)
        }),
        Values::TextList(v) => json(v, row, |items| {
            J::Array(items.iter().cloned().map(J::String).collect())
        }),
    }
}

fn csv(table: &Table) -> Result<String> {
    let header: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let rows: Vec<Vec<String>> = (0..table.rows)
        .map(|row| {
            table
                .columns
                .iter()
                .map(|c| cell_text(&c.values, row))
                .collect()
        })
        .collect();
    crate::render::csv::render(&header, &rows, false)
}

fn jsonl(table: &Table) -> Result<String> {
    let mut out = String::new();
    for row in 0..table.rows {
        let object: serde_json::Map<String, serde_json::Value> = table
            .columns
            .iter()
            .map(|c| (c.name.clone(), cell_json(&c.values, row)))
            .collect();
        let line = serde_json::to_string(&object).map_err(|e| Error::Encode {
            format: "JSON Lines",
            message: e.to_string(),
        })?;
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// The folder's README.md: what was exported, every table with its columns, what was left out.
pub fn readme(export: &Export, format: Format) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# qaledger export — {} at {}\n\nOne file per table ({}). Every row carries `organisation` and `as_of`, so exports of several councils or dates can be stacked. The `dictionary` table holds what follows as data.\n",
        export.organisation,
        export.as_of,
        format.extension()
    );
    out.push_str("| table | rows | what it holds |\n|---|---:|---|\n");
    for table in &export.tables {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            table.name,
            table.rows,
            one_line(&table.description)
        );
    }
    for table in &export.tables {
        let _ = writeln!(
            out,
            "\n## `{}`\n\n{}\n",
            table.name,
            one_line(&table.description)
        );
        out.push_str("| column | type | source | description |\n|---|---|---|---|\n");
        for column in &table.columns {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                column.name,
                column.values.type_name(),
                column.source,
                one_line(&column.description)
            );
        }
    }
    if !export.withheld.is_empty() {
        let _ = writeln!(
            out,
            "\n## Left out: case references and free text\n\nThese fields were not exported (`qaledger export --include-text` adds them): {}.",
            export
                .withheld
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let block = left_out::block(&export.left_out);
    if let Some((headline, entries)) = block.split_first() {
        let _ = writeln!(out, "\n## Left out: records and deadlines\n\n{headline}\n");
        for entry in entries {
            let _ = writeln!(out, "- {}", entry.trim_start());
        }
    }
    out
}

/// A description on one table row: no line breaks, no column separators.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
