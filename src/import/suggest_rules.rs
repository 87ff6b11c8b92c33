//! `import FILE --suggest-rules`: a starting rules file from a sheet's header row. The header
//! is the first of the top rows with the most titles; each title is matched to the field whose
//! name (or, failing that, description) is most like it, and the kind is the one whose fields
//! match most titles. What matches nothing is left as a comment for the team to decide.

use std::fmt::Write;

use super::sheet::{Cell, Sheet};
use crate::config::Config;
use crate::schema::fields::{self, FieldRow};
use crate::schema::{Kind, SchemaSet};

/// A column title and the field it matches, if any.
type Matched = (String, Option<String>);

/// How alike a title and a field name must be to be suggested.
const LIKE: f64 = 0.86;

/// The rules file's text.
pub fn suggest(sheet: &Sheet, schemas: &SchemaSet, config: &Config, kind: Option<&Kind>) -> String {
    let header = header_row(sheet);
    let titles: Vec<(usize, String)> = sheet
        .rows
        .get(header as usize - 1)
        .map(|cells| {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.text()))
                .filter(|(_, t)| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let candidates: Vec<(&Kind, Vec<Matched>)> = match kind {
        Some(kind) => vec![(kind, matches(&titles, &fields::rows(kind, config)))],
        None => schemas
            .kinds()
            .iter()
            .map(|k| (k, matches(&titles, &fields::rows(k, config))))
            .collect(),
    };
    let best = candidates
        .iter()
        .max_by_key(|(_, m)| m.iter().filter(|(_, f)| f.is_some()).count());
    let mut out = String::new();
    let Some((kind, matched)) = best else {
        return out;
    };
    let key = titles
        .iter()
        .map(|(_, t)| t)
        .find(|t| {
            let t = t.to_lowercase();
            ["ref", "reference", "id", "number", "no."]
                .iter()
                .any(|w| t.split_whitespace().any(|x| x == *w))
        })
        .or_else(|| titles.first().map(|(_, t)| t))
        .cloned()
        .unwrap_or_default();
    let slash_dates = sheet
        .rows
        .iter()
        .skip(header as usize)
        .flatten()
        .any(|c| matches!(c, Cell::Text(t) if t.split('/').count() == 3 && t.len() <= 10));
    let _ = writeln!(
        out,
        "# Rules for `qaledger import` (docs/import.md), suggested from the header row of {}.",
        sheet.name
    );
    let _ = writeln!(
        out,
        "# Check every line: the matches are guesses from the column titles."
    );
    let _ = writeln!(out, "kind = {}", quoted(&kind.spec.kind));
    let _ = writeln!(out, "sheet = {}", quoted(&sheet.name));
    let _ = writeln!(out, "header_row = {header}");
    let _ = writeln!(
        out,
        "# The column naming each row in the source: kept in the record, so importing again updates it."
    );
    let _ = writeln!(out, "key = {}", quoted(&key));
    if slash_dates {
        let _ = writeln!(
            out,
            "# Dates like 04/03/2025: day first (UK). Without this, a date read two ways is an error."
        );
        let _ = writeln!(out, "date_format = \"dd/mm/yyyy\"");
    }
    let _ = writeln!(
        out,
        "# Rows to leave out: skip_rows = [20], or skip_when = {{ {} = \"^Total\" }}",
        quoted(&key)
    );
    if kind.spec.id_prefix.is_none() {
        let _ = writeln!(
            out,
            "\n[id]\n# {} records are named by their id: the column giving it (from = \"email\" or \"name\" to make one).",
            kind.spec.kind
        );
        let email = matched.iter().find(|(_, f)| f.as_deref() == Some("email"));
        match email {
            Some((title, _)) => {
                let _ = writeln!(out, "column = {}\nfrom = \"email\"", quoted(title));
            }
            None => {
                let _ = writeln!(out, "column = {}", quoted(&key));
            }
        }
    }
    let rows = fields::rows(kind, config);
    let _ = writeln!(out, "\n[fields]");
    for (title, field) in matched {
        if *title == key && field.is_none() {
            continue;
        }
        match field {
            Some(field) if names_staff(&rows, field) => {
                let _ = writeln!(
                    out,
                    "{} = {{ column = {}, staff = true }}",
                    bare_or_quoted(field),
                    quoted(title)
                );
            }
            Some(field) => {
                let _ = writeln!(out, "{} = {}", bare_or_quoted(field), quoted(title));
            }
            None => {
                let _ = writeln!(
                    out,
                    "# {} matched no field: FIELD = {}",
                    quoted(title),
                    quoted(title)
                );
            }
        }
    }
    let required = rows
        .iter()
        .filter(|r| r.required && r.required_within.is_none() && r.field != "id")
        .filter(|r| r.type_words != "group of fields")
        .filter(|r| {
            !matched
                .iter()
                .any(|(_, f)| f.as_deref() == Some(r.field.as_str()))
        })
        .map(|r| r.field.as_str());
    for field in required {
        let _ = writeln!(
            out,
            "# {field} is required and no column matched it: {field} = {{ value = \"…\" }}"
        );
    }
    out
}

/// The first row among the top ten with the most text titles (a title row above a merged
/// group row above the real header loses to the header).
fn header_row(sheet: &Sheet) -> u32 {
    let count = |cells: &Vec<Cell>| {
        cells
            .iter()
            .filter(|c| matches!(c, Cell::Text(t) if !t.trim().is_empty()))
            .count()
    };
    let mut best = (0, 1);
    for (i, cells) in sheet.rows.iter().take(10).enumerate() {
        let n = count(cells);
        if n > best.0 {
            best = (n, u32::try_from(i + 1).unwrap_or(1));
        }
    }
    best.1
}

/// Each title with the field it is most like, if any is like enough.
fn matches(titles: &[(usize, String)], rows: &[FieldRow]) -> Vec<Matched> {
    let usable: Vec<(String, &FieldRow)> = rows
        .iter()
        .filter(|r| {
            r.field != "id"
                && r.type_words != "group of fields"
                && !r.type_words.starts_with("list of groups")
        })
        .map(|r| (r.field.replace("[]", ".0"), r))
        .collect();
    let mut taken: Vec<String> = Vec::new();
    titles
        .iter()
        .map(|(_, title)| {
            let t = words(title);
            let best = usable
                .iter()
                .filter(|(f, _)| !taken.contains(f))
                .map(|(f, r)| (likeness(&t, f, r), f.clone()))
                .filter(|(score, _)| *score >= LIKE)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let field = best.map(|(_, f)| f);
            if let Some(f) = &field {
                taken.push(f.clone());
            }
            (title.clone(), field)
        })
        .collect()
}

/// How like a field a title is: the same words (in any order) most, then the field's name
/// among the title's words (`due` in "Due date"; for a group, its first allowed-values field:
/// "Source" is `source.type`), words sharing a stem ("learned", `learning`), else spelling.
fn likeness(title: &str, field: &str, row: &FieldRow) -> f64 {
    let name = words(&field.replace(".0.", " ").replace('.', " "));
    let mut title_words: Vec<&str> = title.split_whitespace().collect();
    let mut name_words: Vec<&str> = name.split_whitespace().collect();
    title_words.sort_unstable();
    name_words.sort_unstable();
    if title_words == name_words {
        return 1.0;
    }
    let first = name_words.first().copied().unwrap_or_default();
    if field.contains('.') && title == field.split('.').next().unwrap_or_default() {
        return if row.allowed.is_empty() { 0.89 } else { 0.92 };
    }
    if !field.contains('.') && title_words.contains(&field) {
        return 0.9;
    }
    let stem = |w: &str| w.chars().take(5).collect::<String>();
    if name_words.len() == 1
        && first.len() >= 5
        && title_words
            .iter()
            .any(|w| w.len() >= 5 && stem(w) == stem(first))
    {
        return 0.88;
    }
    let by_description = if row.description.to_lowercase().contains(title) && title.len() > 3 {
        0.87
    } else {
        0.0
    };
    strsim::jaro_winkler(title, &name).max(by_description)
}

/// Whether a field holds a staff id (its description says so, as the built-in schemas' do).
fn names_staff(rows: &[FieldRow], field: &str) -> bool {
    rows.iter()
        .any(|r| r.field == field && r.description.starts_with("Staff id"))
}

fn words(text: &str) -> String {
    text.to_lowercase()
        .replace(['_', '-', '/', '(', ')', '?', ':'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn bare_or_quoted(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        quoted(key)
    }
}
