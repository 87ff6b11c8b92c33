//! A new record of a kind, for `qaledger new`: its next free id, its file, and its YAML text —
//! the main date set, every required field present but empty (a placeholder `check` flags until
//! it is filled), each with a comment from the schema saying what goes there.
//!
//! Everything here is read from the kind's schema, never from its name. This module computes
//! text; the command picks the id atomically and writes the file.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde_json::Value as Json;

use crate::check::schema::with_article;
use crate::diagnostic::suggest;
use crate::error::{Error, Result};
use crate::load::discover::RECORDS_DIR;
use crate::load::yaml;
use crate::record;
use crate::schema::{self, Kind, follow_ref, plain_text};

/// Comments are wrapped to this many characters.
const WIDTH: usize = 96;

/// What a new record is given before anyone fills it in: the main date and the `--set` values.
pub struct Draft<'a> {
    kind: &'a Kind,
    /// Field path (`agreed.date`) → its value, already written as YAML.
    values: BTreeMap<String, Slot>,
}

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    /// A placeholder: the key with no value (null), which the schema refuses.
    Empty,
    Scalar(String),
    List(Vec<String>),
    Map(Vec<Line>),
}

#[derive(Debug, Clone, PartialEq)]
struct Line {
    key: String,
    comment: Vec<String>,
    slot: Slot,
}

impl<'a> Draft<'a> {
    /// A draft dated `date` (in the kind's main date field) with the `--set` assignments, each
    /// checked against the schema: an unknown field or a value the schema cannot take is a usage
    /// error naming it.
    pub fn new(kind: &'a Kind, date: Date, assignments: &[(String, String)]) -> Result<Draft<'a>> {
        let mut values = BTreeMap::new();
        if let Some(field) = main_date_field(kind) {
            values.insert(field.to_owned(), Slot::Scalar(date.to_string()));
        }
        for (field, value) in assignments {
            let slot = assignment(kind, field, value).map_err(Error::Usage)?;
            values.insert(field.clone(), slot);
        }
        Ok(Draft { kind, values })
    }

    /// The value `--set` gave a field, as the user wrote it (`id` for a staff record).
    pub fn given<'s>(assignments: &'s [(String, String)], field: &str) -> Option<&'s str> {
        assignments
            .iter()
            .rev()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The record's text with this id; `schema_link` is the modeline's path to the schema,
    /// relative to the record's folder.
    pub fn text(&self, id: &str, schema_link: &str) -> String {
        let root = &self.kind.schema;
        let mut values = self.values.clone();
        values.insert("id".to_owned(), Slot::Scalar(yaml_string(id, false)));
        let lines = fields(root, root, "", &values, &self.kind.spec.draft);
        let mut out = format!(
            "# yaml-language-server: $schema={schema_link}\n# A new {}: fill in each empty field; `qaledger check` lists those still empty.\n",
            self.kind.spec.kind
        );
        render(&lines, 0, &mut out);
        out
    }
}

/// The date field a new record gets as-of's date in: the first of the kind's main dates that is
/// not the mark of a deadline met (an audit's `completed` is not known yet; `scheduled` is).
pub fn main_date_field(kind: &Kind) -> Option<&str> {
    kind.spec
        .main_date
        .iter()
        .find(|field| {
            !kind
                .spec
                .deadlines
                .iter()
                .any(|d| d.done.as_deref() == Some(field.as_str()))
        })
        .map(String::as_str)
}

/// `records/<folder>/<year>/<id>.yaml` for numbered kinds; `records/<folder>/<id>.yaml` for
/// kinds without an id prefix (staff, whose id is their name slug).
pub fn record_path(kind: &Kind, id: &str, year: i16) -> String {
    let folder = &kind.spec.folder;
    match kind.spec.id_prefix {
        Some(_) => format!("{RECORDS_DIR}/{folder}/{year}/{id}.yaml"),
        None => format!("{RECORDS_DIR}/{folder}/{id}.yaml"),
    }
}

/// `PREFIX-YEAR-NNNN`, the number zero-padded to four digits (more when it needs them).
pub fn numbered_id(prefix: &str, year: i16, number: u64) -> String {
    format!("{prefix}-{year}-{number:04}")
}

/// The highest `NNNN` of `PREFIX-YEAR-NNNN.yaml` file names anywhere under `dir` (0 if none).
/// Hidden entries are skipped and symbolic links are not followed.
pub fn highest_number(dir: &Path, prefix: &str, year: i16) -> u64 {
    let start = format!("{prefix}-{year}-");
    let mut highest = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                pending.push(entry.path());
                continue;
            }
            if !crate::load::discover::is_yaml(Path::new(name.as_ref())) {
                continue;
            }
            let stem = crate::load::discover::stem(name.as_ref());
            let number = stem
                .strip_prefix(&start)
                .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|digits| digits.parse::<u64>().ok());
            if let Some(number) = number {
                highest = highest.max(number);
            }
        }
    }
    highest
}

/// The path from the folder holding `from` to `to`, both relative to the root and
/// `/`-separated: `records/actions/2025/X.yaml` → `schemas/a.json` is `../../../schemas/a.json`.
pub fn relative_link(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// `FIELD=VALUE` as `new --set` reads it, written as one YAML value (a list in flow style,
/// `[a, b]`), for `qaledger set`: an unknown field or a value the schema cannot take is an
/// error naming it.
pub fn value_yaml(kind: &Kind, field: &str, value: &str) -> std::result::Result<String, String> {
    match assignment(kind, field, value)? {
        Slot::Scalar(text) => Ok(text),
        Slot::List(items) => Ok(format!("[{}]", items.join(", "))),
        Slot::Empty | Slot::Map(_) => Err(format!("`{field}` cannot be set from the command line")),
    }
}

/// Checks `--set FIELD=VALUE` against the schema and writes the value as YAML.
fn assignment(kind: &Kind, field: &str, value: &str) -> std::result::Result<Slot, String> {
    let root = &kind.schema;
    let segments: Vec<&str> = field.split('.').collect();
    let mut node = follow_ref(root, root);
    for (i, segment) in segments.iter().enumerate() {
        let walked = segments[..i].join(".");
        if i > 0 && is_array(node) {
            return Err(format!(
                "`{walked}` is a list; `new` cannot fill fields inside it: add its items in the file"
            ));
        }
        let properties = node.get("properties").and_then(Json::as_object);
        let Some(next) = properties.and_then(|p| p.get(*segment)) else {
            return Err(unknown_field(kind, field, &walked, segment, properties));
        };
        node = follow_ref(root, next);
    }
    if node.get("properties").is_some() || type_is(node, "object") {
        let children = node
            .get("properties")
            .and_then(Json::as_object)
            .map(|p| {
                p.keys()
                    .map(|k| format!("{field}.{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return Err(format!(
            "`{field}` is a group of fields: set them one by one ({children})"
        ));
    }
    if is_array(node) {
        let items = node
            .get("items")
            .map_or(&Json::Null, |i| follow_ref(root, i));
        if items.get("properties").is_some() || type_is(items, "object") {
            return Err(format!(
                "`{field}` is a list of groups of fields; `new` cannot fill it: add its items in the file"
            ));
        }
        let parts = value
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|part| scalar(items, field, part, true))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        return Ok(Slot::List(parts));
    }
    scalar(node, field, value, false).map(Slot::Scalar)
}

fn unknown_field(
    kind: &Kind,
    field: &str,
    walked: &str,
    missing: &str,
    properties: Option<&serde_json::Map<String, Json>>,
) -> String {
    let names: Vec<&str> = properties
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let place = if walked.is_empty() {
        format!("a field of {}", with_article(&kind.spec.kind))
    } else {
        format!("a field of `{walked}`")
    };
    let close = suggest::closest(missing, names.iter().copied()).map(|c| record::join(walked, c));
    let hint = suggest::did_you_mean(close.as_deref());
    if names.is_empty() {
        format!("`{field}` is not {place}{hint}")
    } else {
        format!(
            "`{field}` is not {place}{hint}\n  the fields here are: {}",
            names.join(", ")
        )
    }
}

/// One value for a field that takes a single value (or a list item), as YAML.
fn scalar(
    schema: &Json,
    field: &str,
    value: &str,
    item: bool,
) -> std::result::Result<String, String> {
    if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
        let texts: Vec<String> = allowed.iter().map(plain_text).collect();
        return match allowed.iter().zip(&texts).find(|(_, t)| *t == value) {
            Some((Json::String(s), _)) => Ok(yaml_string(s, item)),
            Some((_, text)) => Ok(text.clone()),
            None => {
                let close = suggest::closest(value, texts.iter().map(String::as_str));
                let hint = suggest::did_you_mean(close);
                Err(format!(
                    "`{value}` is not an allowed value of `{field}`{hint}\n  allowed values: {}",
                    texts.join(", ")
                ))
            }
        };
    }
    if type_is(schema, "boolean") {
        return match value.to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok("true".to_owned()),
            "false" | "no" => Ok("false".to_owned()),
            _ => Err(format!(
                "`{field}` is yes or no: write {field}=true or {field}=false"
            )),
        };
    }
    if type_is(schema, "integer") || type_is(schema, "number") {
        let number = value.parse::<i64>().is_ok()
            || (type_is(schema, "number") && value.parse::<f64>().is_ok_and(f64::is_finite));
        return if number {
            Ok(value.to_owned())
        } else {
            Err(format!("`{field}` is a number, not `{value}`"))
        };
    }
    Ok(yaml_string(value, item))
}

fn type_is(schema: &Json, name: &str) -> bool {
    match schema.get("type") {
        Some(Json::String(t)) => t == name,
        Some(Json::Array(types)) => types.iter().any(|t| t == name),
        _ => false,
    }
}

fn is_array(schema: &Json) -> bool {
    type_is(schema, "array") || schema.get("items").is_some()
}

/// Text as a YAML scalar that every YAML reader (1.1 or 1.2) reads back as the same text:
/// plain when that is safe (`jsmith`, `in-progress`, `2025-06-30`), double-quoted otherwise.
pub fn yaml_string(value: &str, item: bool) -> String {
    if plain_is_safe(value, item) {
        value.to_owned()
    } else {
        double_quoted(value)
    }
}

fn plain_is_safe(value: &str, item: bool) -> bool {
    let unusual = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}');
    if value.is_empty() || value.trim() != value || value.chars().any(unusual) {
        return false;
    }
    if record::parse_date(value).is_some() && value.len() == 10 {
        return true;
    }
    // YAML 1.1 readers take these as booleans, nulls or numbers.
    let word = value.to_ascii_lowercase();
    let special = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    let mut chars = value.chars();
    let first = chars.next().unwrap_or(' ');
    let numeric_start = first.is_ascii_digit()
        || (matches!(first, '+' | '-' | '.') && chars.next().is_some_and(|c| c.is_ascii_digit()));
    if special.contains(&word.as_str()) || numeric_start {
        return false;
    }
    let document = if item {
        format!("k:\n  - {value}\n")
    } else {
        format!("k: {value}\n")
    };
    let Ok(tree) = yaml::parse(&document) else {
        return false;
    };
    let read = tree.get("k").and_then(|node| {
        if item {
            match &node.value {
                yaml::Value::Seq(items) if items.len() == 1 => items[0].as_str(),
                _ => None,
            }
        } else {
            node.as_str()
        }
    });
    read == Some(value)
}

/// Text as a double-quoted YAML scalar, escaped.
pub fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The fields of one object, in schema order: those given a value, those on the way to a given
/// value, and the required ones (as placeholders, with their own required fields).
/// `also` names top-level fields written as placeholders like the required ones (`x-qaledger`'s
/// `draft`).
fn fields(
    root: &Json,
    schema: &Json,
    prefix: &str,
    values: &BTreeMap<String, Slot>,
    also: &[String],
) -> Vec<Line> {
    let node = follow_ref(root, schema);
    let mut required = schema::required(node);
    if prefix.is_empty() {
        required.extend(also.iter().map(String::as_str));
    }
    let Some(properties) = node.get("properties").and_then(Json::as_object) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (name, property) in properties {
        let path = record::join(prefix, name);
        let inner = format!("{path}.");
        let slot = if let Some(given) = values.get(&path) {
            given.clone()
        } else if values.keys().any(|k| k.starts_with(&inner))
            || (required.contains(&name.as_str()) && is_object(root, property))
        {
            Slot::Map(fields(root, property, &path, values, also))
        } else if required.contains(&name.as_str()) {
            Slot::Empty
        } else {
            continue;
        };
        let comment = if path == "id" {
            Vec::new()
        } else {
            comment(root, property)
        };
        lines.push(Line {
            key: yaml_string(name, false),
            comment,
            slot,
        });
    }
    lines
}

fn is_object(root: &Json, schema: &Json) -> bool {
    let node = follow_ref(root, schema);
    node.get("properties").is_some() || type_is(node, "object")
}

/// What goes in a field (its description) and, for a vocabulary, the allowed values.
fn comment(root: &Json, property: &Json) -> Vec<String> {
    let node = follow_ref(root, property);
    let description = property
        .get("description")
        .or_else(|| node.get("description"))
        .and_then(Json::as_str);
    let mut text = description.unwrap_or_default().to_owned();
    if node.get("format").and_then(Json::as_str) == Some("date") && !text.contains("YYYY-MM-DD") {
        text = match text.strip_suffix('.') {
            Some(sentence) => format!("{sentence} (YYYY-MM-DD)."),
            None => format!("{text} (YYYY-MM-DD)").trim_start().to_owned(),
        };
    }
    let items = node.get("items").map(|i| follow_ref(root, i));
    let (values, each) = match (node.get("enum"), items.and_then(|i| i.get("enum"))) {
        (Some(values), _) => (values.as_array(), false),
        (None, Some(values)) => (values.as_array(), true),
        (None, None) => (None, false),
    };
    let mut lines = wrap(&text, WIDTH);
    if let Some(values) = values {
        let list: Vec<String> = values.iter().map(plain_text).collect();
        text = format!(
            "{}: {}",
            if each { "Each one of" } else { "One of" },
            list.join(", ")
        );
        lines.extend(wrap(&text, WIDTH));
    }
    lines
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn render(lines: &[Line], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for line in lines {
        for comment in &line.comment {
            out.push_str(&format!("{pad}# {comment}\n"));
        }
        match &line.slot {
            Slot::Empty => out.push_str(&format!("{pad}{}:\n", line.key)),
            Slot::Scalar(value) => out.push_str(&format!("{pad}{}: {value}\n", line.key)),
            Slot::List(items) => {
                out.push_str(&format!("{pad}{}:\n", line.key));
                for item in items {
                    out.push_str(&format!("{pad}  - {item}\n"));
                }
            }
            Slot::Map(children) => {
                out.push_str(&format!("{pad}{}:\n", line.key));
                render(children, indent + 2, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaSet;
    use crate::schema::built_in_for_tests as built_in;
    use proptest::prelude::*;

    fn kind<'a>(set: &'a SchemaSet, name: &str) -> &'a Kind {
        set.get(set.by_name(name).unwrap())
    }

    fn reads_back(value: &str, item: bool) -> Option<String> {
        let text = yaml_string(value, item);
        let document = if item {
            format!("k:\n  - {text}\n")
        } else {
            format!("k: {text}\n")
        };
        let tree = yaml::parse(&document).ok()?;
        let node = tree.get("k")?;
        match (&node.value, item) {
            (yaml::Value::Seq(items), true) => items.first()?.as_str().map(str::to_owned),
            (_, false) => node.as_str().map(str::to_owned),
            _ => None,
        }
    }

    #[test]
    fn main_dates_skip_what_marks_a_deadline_met() {
        let set = built_in();
        let main = |name| main_date_field(kind(&set, name));
        assert_eq!(main("audit"), Some("scheduled"));
        assert_eq!(main("action"), Some("agreed.date"));
        assert_eq!(main("complaint"), Some("received"));
        assert_eq!(main("supervision"), Some("date"));
        assert_eq!(main("review"), Some("commissioned"));
        assert_eq!(main("staff"), None);
    }

    #[test]
    fn plain_only_when_safe() {
        assert_eq!(yaml_string("jsmith", false), "jsmith");
        assert_eq!(yaml_string("in-progress", false), "in-progress");
        assert_eq!(yaml_string("2025-06-30", false), "2025-06-30");
        assert_eq!(yaml_string("AUD-2025-0001", true), "AUD-2025-0001");
        assert_eq!(yaml_string("yes", false), "\"yes\"");
        assert_eq!(yaml_string("0123", false), "\"0123\"");
        assert_eq!(yaml_string("a: b # c", false), "\"a: b # c\"");
        assert_eq!(yaml_string("say \"hi\"", false), "say \"hi\"");
        assert_eq!(yaml_string("\"hi\" there", false), "\"\\\"hi\\\" there\"");
    }

    #[test]
    fn awkward_text_reads_back_unchanged() {
        for value in [
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "#c",
            "- x",
            "[x]",
            "{x}",
            "*x",
            "&x",
            "!x",
            "%x",
            "@x",
            "`x",
            "|",
            ">",
            "?",
            ":",
            "---",
            "...",
            "null",
            "~",
            "True",
            "1e3",
            ".5",
            "-1",
            "0x1F",
            "1:20",
            "a\nb",
            "tab\there",
            "quote\"s",
            "back\\slash",
            "ünï",
            "x,y",
            "\u{7f}",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "'",
        ] {
            for item in [false, true] {
                assert_eq!(reads_back(value, item).as_deref(), Some(value), "{value:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_back_unchanged(value in "\\PC*|[ -~]*|.*") {
            for item in [false, true] {
                prop_assert_eq!(reads_back(&value, item), Some(value.clone()));
            }
        }
    }

    #[test]
    fn every_kind_drafts_valid_yaml_with_its_required_fields() {
        let set = built_in();
        let date = Date::constant(2025, 6, 30);
        for kind in set.kinds() {
            let draft = Draft::new(kind, date, &[]).unwrap();
            let text = draft.text("X-2025-0001", "../x.json");
            let tree = yaml::parse(&text).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
            for field in kind.schema["required"].as_array().unwrap() {
                assert!(tree.get(field.as_str().unwrap()).is_some(), "{text}");
            }
            assert!(text.starts_with("# yaml-language-server: $schema=../x.json\n"));
        }
    }

    #[test]
    fn the_main_date_and_set_values_fill_nested_fields() {
        let set = built_in();
        let action = kind(&set, "action");
        let sets = [
            ("source.type".to_owned(), "audit".to_owned()),
            (
                "source.refs".to_owned(),
                "AUD-2025-0001, AUD-2025-0002".to_owned(),
            ),
            ("title".to_owned(), "Consent: recorded # always".to_owned()),
        ];
        let text = Draft::new(action, Date::constant(2025, 6, 30), &sets)
            .unwrap()
            .text("ACT-2025-0001", "s.json");
        let tree = yaml::parse(&text).unwrap().to_json();
        assert_eq!(tree["agreed"]["date"], "2025-06-30");
        assert_eq!(tree["agreed"]["forum"], Json::Null);
        assert_eq!(tree["source"]["type"], "audit");
        assert_eq!(
            tree["source"]["refs"],
            serde_json::json!(["AUD-2025-0001", "AUD-2025-0002"])
        );
        assert_eq!(tree["title"], "Consent: recorded # always");
        assert_eq!(tree["due"], Json::Null);
        assert!(tree.get("completed").is_none());
    }

    #[test]
    fn set_errors_name_the_field_and_the_fix() {
        let set = built_in();
        let action = kind(&set, "action");
        let date = Date::constant(2025, 6, 30);
        let error = |field: &str, value: &str| {
            Draft::new(action, date, &[(field.to_owned(), value.to_owned())])
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(error("titel", "x").contains("did you mean `title`"));
        assert!(error("source.tpye", "audit").contains("did you mean `source.type`"));
        assert!(error("level", "sytemic").contains("did you mean `systemic`"));
        assert!(error("source", "audit").contains("source.type"));
        assert!(error("updates.note", "x").contains("is a list"));
    }

    #[test]
    fn numbers_come_from_file_names_anywhere_below() {
        let dir = tempfile::tempdir().unwrap();
        let touch = |rel: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        };
        touch("2025/ACT-2025-0007.yaml");
        touch("old/ACT-2025-0012.YML");
        touch("2025/ACT-2025-0099.txt");
        touch("2025/ACT-2024-0500.yaml");
        touch("2025/.ACT-2025-0400.yaml");
        assert_eq!(highest_number(dir.path(), "ACT", 2025), 12);
        assert_eq!(highest_number(dir.path(), "AUD", 2025), 0);
        assert_eq!(numbered_id("ACT", 2025, 13), "ACT-2025-0013");
        assert_eq!(numbered_id("ACT", 2025, 12345), "ACT-2025-12345");
    }

    #[test]
    fn links_climb_out_of_the_record_folder() {
        assert_eq!(
            relative_link(
                "records/actions/2025/ACT-2025-0001.yaml",
                "schemas/json/a.json"
            ),
            "../../../schemas/json/a.json"
        );
        assert_eq!(
            relative_link("records/staff/jsmith.yaml", "schemas/json/s.json"),
            "../../schemas/json/s.json"
        );
    }
}
