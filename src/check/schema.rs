//! JSON Schema validation errors → diagnostics at the offending key or value.
//!
//! The validator reports JSON pointers; the YAML tree turns them into line and column, and the
//! schema itself supplies the allowed fields and values for "did you mean" hints.

use std::collections::{BTreeMap, BTreeSet};

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::diagnostic::suggest::{closest, did_you_mean};
use crate::load::yaml::{Node, Pos};
use crate::record::{display_path, join};
use crate::schema::{Kind, PATTERN_DESCRIPTION, follow_ref, plain_text};
use crate::time::handwritten::{self, Reading};

/// Whether a record's value passes its kind's schema: most records do, and answering yes or no
/// is much cheaper than collecting errors (and needs no positions).
pub fn is_valid(kind: &Kind, json: &Json) -> bool {
    kind.validator.is_valid(json)
}

/// A rejected value's errors, collected once for `problem_paths` and `diagnostics`
/// (validating again for each would run the validator twice per rejected record).
pub fn errors<'a>(kind: &'a Kind, json: &'a Json) -> Vec<ValidationError<'a>> {
    kind.validator.iter_errors(json).collect()
}

/// The dotted paths (`learning_form.actions.0`) of the fields a rejected value's errors are
/// in: a missing field or an unknown one is named itself, anything else at its place ("" for
/// the record as a whole). The deadline engine leaves out only the deadlines reading these.
/// Unsorted: the caller sorts them with the YAML problems' paths.
pub fn problem_paths(errors: &[ValidationError<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for error in errors {
        let at: Vec<String> = error
            .instance_path()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let at = at.join(".");
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                out.extend(unexpected.iter().map(|name| join(&at, name)));
            }
            ValidationErrorKind::Required { property } => {
                out.push(join(&at, property.as_str().unwrap_or_default()));
            }
            _ => out.push(at),
        }
    }
    out
}

/// The problems with a value the schema rejects, each at its place in `tree`.
pub fn diagnostics(
    kind: &Kind,
    tree: &Node,
    errors: &[ValidationError<'_>],
    rel: &str,
    id: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let chosen = one_per_value(errors);
    for (index, error) in errors.iter().enumerate() {
        let segments: Vec<String> = error
            .instance_path()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let located = tree.locate(segments.iter().map(String::as_str));
        let field = display_path(&segments.join("."));
        let subject = if segments.is_empty() {
            with_article(&kind.spec.kind)
        } else {
            format!("`{field}`")
        };
        let value_pos = located.node.pos;
        let schema_at = schema_node(
            &kind.schema,
            error.schema_path().iter().map(|s| s.to_string()),
        );
        let d = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = schema_at.map(allowed_properties).unwrap_or_default();
                for name in unexpected {
                    let pos = located.node.entry(name).map_or(value_pos, |e| e.key_pos);
                    let mut message = format!("`{name}` is not a field of {subject}");
                    let names = allowed.iter().map(String::as_str);
                    message.push_str(&did_you_mean(closest(name, names)));
                    let path = join(&field, name);
                    out.push(
                        Diagnostic::new(Code::SchemaUnknownField, rel, pos, message)
                            .field(path)
                            .hint(format!("the fields here are: {}", allowed.join(", "))),
                    );
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let pos = located.key_pos.unwrap_or(value_pos);
                let mut d = Diagnostic::new(
                    Code::SchemaRequired,
                    rel,
                    pos,
                    format!("{subject} needs `{name}`, but it is missing"),
                )
                .field(join(&field, name));
                if let Some(text) = schema_at
                    .and_then(|s| s.get("properties")?.get(name)?.get("description")?.as_str())
                {
                    d = d.hint(format!("add `{name}:` ({})", text.trim_end_matches('.')));
                }
                d
            }
            _ if !chosen.contains(&index) => continue,
            _ => value_diagnostic(error, schema_at, &subject, rel, value_pos, located.key_pos),
        };
        out.push(if d.field.is_some() { d } else { d.field(field) });
    }
    out.into_iter().map(|d| d.record(id)).collect()
}

/// "an audit", "a complaint".
pub fn with_article(kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// The schema object a keyword sits in: the schema path minus its last segment, following
/// local `$ref`s on the way.
fn schema_node(schema: &Json, path: impl Iterator<Item = String>) -> Option<&Json> {
    let mut segments: Vec<String> = path.collect();
    segments.pop();
    let mut node = schema;
    for segment in segments {
        node = follow_ref(schema, node);
        node = match node {
            Json::Object(map) => map.get(&segment)?,
            Json::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(follow_ref(schema, node))
}

fn allowed_properties(schema: &Json) -> Vec<String> {
    schema
        .get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn type_words(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => json_type_name(&t.to_string()).to_owned(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| json_type_name(&t.to_string()).to_owned())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn json_type_name(name: &str) -> &'static str {
    match name {
        "string" => "text",
        "array" => "a list",
        "object" => "a block of fields",
        "boolean" => "true or false",
        "integer" => "a whole number",
        "number" => "a number",
        "null" => "empty",
        _ => "another type",
    }
}

fn json_type_words(value: &Json) -> &'static str {
    match value {
        Json::Null => "empty",
        Json::Bool(_) => "true or false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "a block of fields",
    }
}

/// The one error reported for each value: a value the schema rejects for several reasons
/// (`30/09/2025` is neither a real date nor in the pattern) gets one message, the one that
/// says most to a person — its type first, then the allowed values, the date, the pattern.
/// Missing and unknown fields are about the keys of a block, not its value, and always kept.
fn one_per_value(errors: &[ValidationError<'_>]) -> BTreeSet<usize> {
    let mut best: BTreeMap<String, (u8, usize)> = BTreeMap::new();
    for (index, error) in errors.iter().enumerate() {
        let rank = match error.kind() {
            ValidationErrorKind::AdditionalProperties { .. }
            | ValidationErrorKind::Required { .. } => continue,
            ValidationErrorKind::Type { .. } => 0,
            ValidationErrorKind::Enum { .. } => 1,
            ValidationErrorKind::Format { .. } => 2,
            ValidationErrorKind::Pattern { .. } => 3,
            _ => 4,
        };
        let slot = best
            .entry(error.instance_path().as_str().to_owned())
            .or_insert((rank, index));
        if rank < slot.0 {
            *slot = (rank, index);
        }
    }
    best.into_values().map(|(_, index)| index).collect()
}

/// The diagnostic for a value the schema rejects, worded from what the field's schema (`node`,
/// where the failed keyword sits) says it takes: an empty value says what to write, a date
/// written by hand says which date it could be, a pattern says what it means in words (its
/// `x-qaledger-pattern-description`), never the regular expression.
fn value_diagnostic(
    error: &ValidationError<'_>,
    node: Option<&Json>,
    subject: &str,
    rel: &str,
    value_pos: Pos,
    key_pos: Option<Pos>,
) -> Diagnostic {
    let code = match error.kind() {
        ValidationErrorKind::Type { .. } => Code::SchemaType,
        ValidationErrorKind::Enum { .. } => Code::SchemaEnum,
        ValidationErrorKind::Format { .. } => Code::SchemaFormat,
        ValidationErrorKind::Pattern { .. } => Code::SchemaPattern,
        _ => Code::SchemaConstraint,
    };
    let instance = error.instance();
    let expected = node.and_then(expected_words);
    if instance.is_null() {
        // Nothing after the key: point at the key, the value has no place of its own.
        let what = expected.as_deref().unwrap_or("a value");
        let pos = key_pos.unwrap_or(value_pos);
        return Diagnostic::new(code, rel, pos, format!("{subject} is empty: write {what}"));
    }
    let got = plain_text(instance);
    let is_date = node.and_then(|n| n.get("format")).and_then(Json::as_str) == Some("date");
    if let (true, Json::String(text)) = (is_date, instance.as_ref()) {
        if let Some(d) = handwritten_date(text, subject, rel, value_pos) {
            return d;
        }
    }
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let wanted = expected.unwrap_or_else(|| type_words(kind));
            let is = json_type_words(instance);
            Diagnostic::new(
                code,
                rel,
                value_pos,
                format!("{subject} should be {wanted}, but it is {is}"),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let values: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(plain_text).collect())
                .unwrap_or_default();
            let mut message = format!("`{got}` is not an allowed value of {subject}");
            message.push_str(&did_you_mean(closest(
                &got,
                values.iter().map(String::as_str),
            )));
            Diagnostic::new(code, rel, value_pos, message)
                .hint(format!("allowed values: {}", values.join(", ")))
        }
        ValidationErrorKind::Pattern { .. } => {
            let message = format!("`{got}` is not in the form {subject} needs");
            let d = Diagnostic::new(code, rel, value_pos, message);
            match node.and_then(pattern_description) {
                Some(words) => d.hint(format!("write {words}")),
                None => d.hint("`qaledger schema show` lists what each field takes"),
            }
        }
        ValidationErrorKind::Format { format } if format == "date" => Diagnostic::new(
            code,
            rel,
            value_pos,
            format!("`{got}` in {subject} is not a real date"),
        )
        .hint("write a date that exists, as YYYY-MM-DD"),
        ValidationErrorKind::Format { format } => Diagnostic::new(
            code,
            rel,
            value_pos,
            format!("`{got}` in {subject} is not a valid {format}"),
        ),
        _ => Diagnostic::new(code, rel, value_pos, format!("{subject}: {error}")),
    }
}

/// A date field's value not written `YYYY-MM-DD`: one message saying so, with the date it most
/// likely means, or both when day and month could be either way round. `None` when it is
/// written `YYYY-MM-DD` (then the day does not exist, or some other rule failed).
fn handwritten_date(text: &str, subject: &str, rel: &str, pos: Pos) -> Option<Diagnostic> {
    let what = format!("`{text}` in {subject} is not a date in the form YYYY-MM-DD");
    let d = match handwritten::read(text) {
        Reading::Iso => return None,
        Reading::One(date) => Diagnostic::new(
            Code::SchemaFormat,
            rel,
            pos,
            format!("{what} — did you mean `{date}`?"),
        )
        .hint(format!("write `{date}` ({})", date.strftime("%-d %B %Y"))),
        Reading::Either {
            day_first,
            month_first,
        } => Diagnostic::new(
            Code::SchemaFormat,
            rel,
            pos,
            format!(
                "{what}: it could be {} (`{day_first}`) or {} (`{month_first}`)",
                day_first.strftime("%-d %B %Y"),
                month_first.strftime("%-d %B %Y"),
            ),
        )
        .hint("write the one you mean as YYYY-MM-DD"),
        Reading::Unknown => Diagnostic::new(Code::SchemaFormat, rel, pos, what)
            .hint("write dates as YYYY-MM-DD, for example 2025-09-30"),
    };
    Some(d)
}

fn pattern_description(node: &Json) -> Option<&str> {
    node.get(PATTERN_DESCRIPTION)?.as_str()
}

fn allowed_values(node: &Json) -> Option<Vec<String>> {
    Some(
        node.get("enum")?
            .as_array()?
            .iter()
            .map(plain_text)
            .collect(),
    )
}

/// What a field takes, in words, from its schema: the allowed values, a date, the pattern's
/// description, or its type.
fn expected_words(node: &Json) -> Option<String> {
    if let Some(values) = allowed_values(node) {
        return Some(format!("one of {}", values.join(", ")));
    }
    match node.get("format").and_then(Json::as_str) {
        Some("date") => return Some("a date such as 2025-09-30".to_owned()),
        Some("email") => return Some("an email address".to_owned()),
        _ => {}
    }
    if let Some(words) = pattern_description(node) {
        return Some(words.to_owned());
    }
    let name = node.get("type")?.as_str()?;
    Some(match name {
        "string" => "some text".to_owned(),
        other => json_type_name(other).to_owned(),
    })
}
