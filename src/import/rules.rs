//! The rules file (TOML, `docs/import.md`, `docs/import-rules.schema.json`): which kind, sheet,
//! header row and rows to skip; for each field, the column it comes from (with a value map, a
//! list separator, staff names) or a fixed value; where ids and the source key come from. Read
//! into a typed `Rules` once, unknown keys refused, so mapping never re-checks the file.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::date::SlashOrder;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The kind of record each row becomes.
    pub kind: String,
    /// The sheet to read (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// The 1-based row holding the column titles; data starts below it.
    #[serde(default = "first_row")]
    pub header_row: u32,
    /// 1-based rows to leave out (a totals row, a note under the table).
    #[serde(default)]
    pub skip_rows: Vec<u32>,
    /// Column title → regular expression: a row whose cell matches is left out (`"^Total"`).
    #[serde(default)]
    pub skip_when: BTreeMap<String, String>,
    /// The name records keep with their source key (default: the rules file's name).
    #[serde(default)]
    pub source: Option<String>,
    /// The column whose value names the row in the source (the old tracker's reference).
    pub key: String,
    /// How numeric dates with slashes are written; without it, one read two ways is an error.
    #[serde(default)]
    pub date_format: Option<SlashOrder>,
    /// What separates a list's items in one cell (default `;`).
    #[serde(default)]
    pub separator: Option<String>,
    #[serde(default)]
    pub id: IdRule,
    pub fields: BTreeMap<String, FieldRule>,
}

fn first_row() -> u32 {
    1
}

/// Where a record's id comes from: allocated as `new` allocates it (kinds numbered by year),
/// or a column, taken as it is or made into a staff id from an email address or a name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdRule {
    #[serde(default)]
    pub column: Option<String>,
    #[serde(default)]
    pub from: Option<IdFrom>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdFrom {
    /// The cell as it is.
    Value,
    /// The local part of an email address, lowercased (`j.smith@…` → `j.smith`).
    Email,
    /// First initial and surname, lowercased (`Jo Smith` → `jsmith`).
    Name,
}

/// A field's rule: a column title, or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FieldRule {
    Column(String),
    Spec(FieldSpec),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The column's title in the header row.
    #[serde(default)]
    pub column: Option<String>,
    /// A fixed value for every row.
    #[serde(default)]
    pub value: Option<toml::Value>,
    /// The value when the cell is empty.
    #[serde(default)]
    pub default: Option<toml::Value>,
    /// Cell text → value (`"Complete" = "completed"`, `"Y" = true`); matched ignoring case.
    #[serde(default)]
    pub map: BTreeMap<String, toml::Value>,
    /// What separates a list's items in this column (default: the file's `separator`).
    #[serde(default)]
    pub split: Option<String>,
    /// The cell names a member of staff (name, email or id), resolved to a staff id.
    #[serde(default)]
    pub staff: bool,
}

impl FieldRule {
    pub fn spec(&self) -> FieldSpec {
        match self {
            FieldRule::Column(column) => FieldSpec {
                column: Some(column.clone()),
                ..FieldSpec::default()
            },
            FieldRule::Spec(spec) => spec.clone(),
        }
    }
}

impl Rules {
    /// Parses a rules file's text; errors name the file and, where TOML knows it, the line.
    pub fn parse(text: &str, file: &str) -> Result<Rules, String> {
        let rules: Rules = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        for (field, rule) in &rules.fields {
            let spec = rule.spec();
            match (&spec.column, &spec.value) {
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "{file}: fields.{field}: give a column or a value, not both"
                    ));
                }
                (None, None) => {
                    return Err(format!(
                        "{file}: fields.{field}: give the column it comes from (column = \"…\") or a fixed value (value = …)"
                    ));
                }
                _ => {}
            }
        }
        if rules.header_row == 0 {
            return Err(format!("{file}: header_row counts from 1"));
        }
        if let Some(source) = &rules.source {
            if !is_source_name(source) {
                return Err(format!(
                    "{file}: source `{source}` must be a short name: lowercase letters, digits, . _ -"
                ));
            }
        }
        Ok(rules)
    }
}

/// A source name as records keep it: a lowercase slug.
pub fn is_source_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

/// The default source name for a rules file: its name without `.rules.toml` / `.toml`, as a slug.
pub fn source_name_of(rules_file: &str) -> String {
    let name = rules_file.rsplit(['/', '\\']).next().unwrap_or(rules_file);
    let stem = name
        .strip_suffix(".rules.toml")
        .or_else(|| name.strip_suffix(".toml"))
        .unwrap_or(name);
    let slug: String = stem
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if slug.is_empty() {
        "import".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_file_reads_into_rules() {
        let text = r#"
kind = "action"
header_row = 3
key = "Ref"
date_format = "dd/mm/yyyy"
skip_when = { Ref = "^Total" }
[fields]
title = "Title"
status = { column = "Status", map = { "Complete" = "completed" } }
"source.type" = { value = "audit" }
"#;
        let rules = Rules::parse(text, "t.rules.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rules.header_row, 3);
        assert_eq!(rules.date_format, Some(SlashOrder::DayFirst));
        assert_eq!(rules.fields.len(), 3);
        assert_eq!(
            rules.fields["title"].spec().column.as_deref(),
            Some("Title")
        );
    }

    #[test]
    fn a_field_needs_a_column_or_a_value_and_unknown_keys_are_refused() {
        let both = "kind='a'\nkey='K'\n[fields]\nx = { column = 'A', value = 'b' }\n";
        assert!(Rules::parse(both, "r").unwrap_err().contains("not both"));
        let none = "kind='a'\nkey='K'\n[fields]\nx = { split = ';' }\n";
        assert!(Rules::parse(none, "r").unwrap_err().contains("fixed value"));
        let unknown = "kind='a'\nkey='K'\nheader = 2\n[fields]\n";
        assert!(Rules::parse(unknown, "r").unwrap_err().contains("header"));
    }

    #[test]
    fn the_source_name_defaults_to_the_rules_file_name() {
        assert_eq!(
            source_name_of("examples/import/tracker.rules.toml"),
            "tracker"
        );
        assert_eq!(source_name_of("My Rules.toml"), "my-rules");
    }
}
