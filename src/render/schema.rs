//! `schema list` and `schema show`: the kinds and a kind's fields as documents (any writer) or
//! JSON.
//!
//! Presentation only: the rows come from `schema::fields`.

use serde::Serialize;

use crate::schema::fields::{FieldRow, KindRow};

use super::document::{Block, Bound, Document, Fit, Register, Table, Text, Width};

#[derive(Serialize)]
struct KindsReport<'a> {
    schema_version: u32,
    kinds: &'a [KindRow],
}

#[derive(Serialize)]
struct FieldsReport<'a> {
    schema_version: u32,
    kind: &'a KindRow,
    fields: &'a [FieldRow],
}

/// The kinds as a document: a table, then how to see a kind's fields.
pub fn kinds_document(kinds: &[KindRow]) -> Document {
    let rows = kinds
        .iter()
        .map(|k| {
            vec![
                Text::record(&k.kind),
                Text::record(format!("records/{}/", k.folder)),
                Text::record(
                    k.id_prefix
                        .as_ref()
                        .map_or_else(|| "(staff id)".to_owned(), |p| format!("{p}-YYYY-NNNN")),
                ),
                Text::record(&k.source),
                Text::ours(k.fields.to_string()),
            ]
        })
        .collect();
    let mut doc = Document::default();
    doc.group(vec![
        Block::Table(Table {
            rows,
            ..Table::new(&["Kind", "Folder", "Ids", "Schema", "Fields"])
        }),
        Block::Paragraph(Text::ours(
            "`qaledger schema show KIND` lists a kind's fields.",
        )),
    ]);
    doc
}

pub fn kinds_json(kinds: &[KindRow]) -> crate::error::Result<String> {
    super::json::pretty(&KindsReport {
        schema_version: super::json::SCHEMA_VERSION,
        kinds,
    })
}

/// "yes", "no", "yes, when agreed is given" or "yes, in each item of updates".
fn required_text(row: &FieldRow) -> String {
    if !row.required {
        "no".to_owned()
    } else if let Some((list, _)) = row.field.rsplit_once("[]") {
        format!("yes, in each item of {list}")
    } else if let Some(parent) = &row.required_within {
        format!("yes, when {parent} is given")
    } else {
        "yes".to_owned()
    }
}

fn allowed_text(row: &FieldRow) -> String {
    let values = row.allowed.join(", ");
    match row.allowed_from {
        Some("qaledger.toml") => format!("{values} (from qaledger.toml)"),
        _ => values,
    }
}

fn heading(kind: &KindRow) -> String {
    format!(
        "{}: records/{}/, schema {}",
        kind.kind, kind.folder, kind.source
    )
}

/// A kind's fields as a document: its folder and schema, then a row per field. At a terminal
/// the columns wrap at a fixed width (130), so the output is the same on every terminal and in
/// a file.
pub fn fields_document(kind: &KindRow, fields: &[FieldRow], register: Register) -> Document {
    let heading = Text::record(heading(kind));
    let rows = fields
        .iter()
        .map(|row| {
            vec![
                match register {
                    Register::Terminal => Text::record(&row.field),
                    Register::Prose => Text::code(&row.field),
                },
                Text::record(required_text(row)),
                Text::record(&row.type_words),
                Text::record(allowed_text(row)),
                Text::record(&row.description),
            ]
        })
        .collect();
    // Wide enough for the longest built-in value (`performance-management-board`) unbroken.
    let fit = Fit {
        width: 130,
        columns: vec![
            (0, Bound::Content),
            (1, Bound::AtMost(14)),
            (2, Bound::AtMost(17)),
            (3, Bound::Between(32, 34)),
        ],
    };
    let table = Block::Table(Table {
        rows,
        width: Width::Fixed(fit),
        ..Table::new(&["Field", "Required", "Type", "Allowed values", "Description"])
    });
    let mut doc = Document::default();
    match register {
        Register::Terminal => doc.group(vec![Block::Paragraph(heading), table]),
        Register::Prose => {
            doc.group(vec![Block::Title(heading)]);
            doc.group(vec![table]);
        }
    }
    doc
}

pub fn fields_json(kind: &KindRow, fields: &[FieldRow]) -> crate::error::Result<String> {
    super::json::pretty(&FieldsReport {
        schema_version: super::json::SCHEMA_VERSION,
        kind,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_shows_schema_text_as_written() {
        let kind = KindRow {
            kind: "home_visit".to_owned(),
            folder: "home_visits".to_owned(),
            id_prefix: Some("HV".to_owned()),
            source: "schemas/home_visit.schema.yaml".to_owned(),
            fields: 1,
        };
        let field = FieldRow {
            field: "visit|kind".to_owned(),
            required: false,
            required_within: None,
            type_words: "text".to_owned(),
            allowed: vec!["*first*".to_owned(), "re_visit".to_owned()],
            allowed_from: Some("schema"),
            description: "The <b>kind</b>\nof visit.".to_owned(),
        };
        let out = super::super::markdown::write(&fields_document(&kind, &[field], Register::Prose));
        assert!(
            out.starts_with(
                "# home\\_visit: records/home\\_visits/, schema schemas/home\\_visit.schema.yaml\n"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "| `visit`\\|`kind` | no | text | \\*first\\*, re\\_visit | The \\<b\\>kind\\</b\\> of visit. |\n"
            ),
            "{out}"
        );
    }
}
