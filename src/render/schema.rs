//! `schema list` and `schema show`: the kinds and a kind's fields as a table, JSON or Markdown.
//!
//! Presentation only: the rows come from `schema::fields`.

use serde::Serialize;

use crate::schema::fields::{FieldRow, KindRow};

use super::markdown;

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

pub fn kinds_table(kinds: &[KindRow]) -> String {
    let rows: Vec<Vec<String>> = kinds
        .iter()
        .map(|k| {
            vec![
                k.kind.clone(),
                format!("records/{}/", k.folder),
                k.id_prefix
                    .as_ref()
                    .map_or_else(|| "(staff id)".to_owned(), |p| format!("{p}-YYYY-NNNN")),
                k.source.clone(),
                k.fields.to_string(),
            ]
        })
        .collect();
    let mut out = super::table::render(&["Kind", "Folder", "Ids", "Schema", "Fields"], &rows);
    out.push_str("\n`qaledger schema show KIND` lists a kind's fields.\n");
    out
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

/// Columns wrap at a fixed width (130) so the output is the same on every terminal and in a file.
pub fn fields_table(kind: &KindRow, fields: &[FieldRow]) -> String {
    use comfy_table::{
        ColumnConstraint, ContentArrangement, Table, Width, presets::UTF8_FULL_CONDENSED,
    };
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(130)
        .set_header(["Field", "Required", "Type", "Allowed values", "Description"]);
    // Wide enough for the longest built-in value (`performance-management-board`) unbroken.
    let constraints = [
        (0, ColumnConstraint::ContentWidth),
        (1, ColumnConstraint::UpperBoundary(Width::Fixed(14))),
        (2, ColumnConstraint::UpperBoundary(Width::Fixed(17))),
        (
            3,
            ColumnConstraint::Boundaries {
                lower: Width::Fixed(32),
                upper: Width::Fixed(34),
            },
        ),
    ];
    for (index, constraint) in constraints {
        if let Some(column) = table.column_mut(index) {
            column.set_constraint(constraint);
        }
    }
    // Schema text (from the repository's own schemas) is shown through `visible`.
    for row in fields {
        table.add_row(
            [
                row.field.clone(),
                required_text(row),
                row.type_words.clone(),
                allowed_text(row),
                row.description.clone(),
            ]
            .map(|cell| super::visible::inline(&cell).into_owned()),
        );
    }
    format!("{}\n{table}\n", super::visible::inline(&heading(kind)))
}

pub fn fields_json(kind: &KindRow, fields: &[FieldRow]) -> crate::error::Result<String> {
    super::json::pretty(&FieldsReport {
        schema_version: super::json::SCHEMA_VERSION,
        kind,
        fields,
    })
}

pub fn fields_markdown(kind: &KindRow, fields: &[FieldRow]) -> String {
    let mut out = format!(
        "# {}\n\n| Field | Required | Type | Allowed values | Description |\n|---|---|---|---|---|\n",
        markdown::text(&heading(kind))
    );
    for row in fields {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            markdown::code(&row.field),
            markdown::text(&required_text(row)),
            markdown::text(&row.type_words),
            markdown::text(&allowed_text(row)),
            markdown::text(&row.description)
        ));
    }
    out
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
        let out = fields_markdown(&kind, &[field]);
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
