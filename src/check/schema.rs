//! JSON Schema validation errors → diagnostics at the offending key or value.
//!
//! The validator reports JSON pointers; the YAML tree turns them into line and column, and the
//! schema itself supplies the allowed fields and values for "did you mean" hints.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::diagnostic::suggest::{closest, did_you_mean};
use crate::load::yaml::Node;
use crate::record::{display_path, join};
use crate::schema::{Kind, follow_ref, plain_text};

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
    for error in errors {
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
            ValidationErrorKind::Type { kind: expected } => Diagnostic::new(
                Code::SchemaType,
                rel,
                value_pos,
                format!(
                    "{subject} should be {}, but it is {}",
                    type_words(expected),
                    json_type_words(error.instance())
                ),
            ),
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(plain_text).collect())
                    .unwrap_or_default();
                let got = plain_text(error.instance());
                let mut message = format!("`{got}` is not an allowed value of {subject}");
                let values = allowed.iter().map(String::as_str);
                message.push_str(&did_you_mean(closest(&got, values)));
                Diagnostic::new(Code::SchemaEnum, rel, value_pos, message)
                    .hint(format!("allowed values: {}", allowed.join(", ")))
            }
            ValidationErrorKind::Pattern { pattern } => {
                let got = plain_text(error.instance());
                Diagnostic::new(
                    Code::SchemaPattern,
                    rel,
                    value_pos,
                    format!("`{got}` is not in the form {subject} needs"),
                )
                .hint(pattern_hint(pattern))
            }
            ValidationErrorKind::Format { format } => {
                let got = plain_text(error.instance());
                let message = if format == "date" {
                    format!("`{got}` in {subject} is not a real date")
                } else {
                    format!("`{got}` in {subject} is not a valid {format}")
                };
                let d = Diagnostic::new(Code::SchemaFormat, rel, value_pos, message);
                if format == "date" {
                    d.hint("write a date that exists, as YYYY-MM-DD")
                } else {
                    d
                }
            }
            _ => Diagnostic::new(
                Code::SchemaConstraint,
                rel,
                value_pos,
                format!("{subject}: {error}"),
            ),
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

fn pattern_hint(pattern: &str) -> String {
    if pattern.contains("[a-z][a-z0-9._-]") {
        "staff ids are lowercase, like `jsmith` or `a.khan`".to_owned()
    } else if pattern.contains("[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        "write dates as YYYY-MM-DD, for example 2025-03-14".to_owned()
    } else if pattern.contains("[A-Z]+-[0-9]{4}") || pattern.contains("-[0-9]{4}-") {
        "record ids look like ACT-2025-0001: prefix, year, number".to_owned()
    } else if pattern.contains("working") {
        "write a duration such as `4 weeks` or `10 working days`".to_owned()
    } else {
        format!("the value must match the pattern {pattern}")
    }
}
