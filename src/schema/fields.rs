//! A kind's fields as plain rows for `schema show`: what a quality officer needs to fill in a
//! record (name, required, type in words, allowed values, description), read from the schema.
//!
//! Computation only: `render::schema` turns the rows into a table, JSON or Markdown.

use serde::Serialize;
use serde_json::Value as Json;

use super::{Kind, follow_ref, plain_text, required};
use crate::config::Config;

/// One field of a kind; nested fields are dotted (`source.type`), list items `[]` (`updates[].date`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldRow {
    pub field: String,
    /// Whether the field must be present (in its parent, for a nested field).
    pub required: bool,
    /// For a required nested field whose parent is optional: the parent (`agreed`), since the
    /// field is required only when that is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_within: Option<String>,
    /// The type in words: text, date, yes/no, number, group of fields, list of …
    #[serde(rename = "type")]
    pub type_words: String,
    /// The allowed values: the schema's `enum`, or the vocabulary in qaledger.toml.
    pub allowed: Vec<String>,
    /// Where `allowed` comes from: `schema`, `qaledger.toml`, or absent when anything goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_from: Option<&'static str>,
    pub description: String,
}

/// A kind in one line, for `schema list`.
#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    pub kind: String,
    pub folder: String,
    /// `ACT` for `ACT-2025-0001`; absent when ids are staff-style slugs.
    pub id_prefix: Option<String>,
    /// `built-in`, or the repository's schema file (`schemas/action.schema.yaml`).
    pub source: String,
    /// Top-level fields.
    pub fields: usize,
}

pub fn kind_row(kind: &Kind) -> KindRow {
    let fields = kind
        .schema
        .get("properties")
        .and_then(Json::as_object)
        .map_or(0, serde_json::Map::len);
    KindRow {
        kind: kind.spec.kind.clone(),
        folder: kind.spec.folder.clone(),
        id_prefix: kind.spec.id_prefix.clone(),
        source: kind.source.clone(),
        fields,
    }
}

/// Every field of the kind, in schema order, each group followed by its own fields.
pub fn rows(kind: &Kind, config: &Config) -> Vec<FieldRow> {
    let mut out = Vec::new();
    let root = &kind.schema;
    let mut walk = Walk {
        root,
        out: &mut out,
        vocabulary: &Vocabulary::new(kind, config),
        open: Vec::new(),
    };
    walk.group(follow_ref(root, root), "", None);
    out
}

/// How deep `schema show` goes into groups and lists of lists: far beyond any record (the
/// YAML of one is capped at 64 levels), and a bound where a schema refers to itself.
const MAX_DEPTH: usize = 32;

/// How many lists of lists a type in words spells out before it says just "list".
const MAX_LIST_DEPTH: usize = 4;

/// The configuration vocabularies that apply to fields the `x-qaledger` block names.
struct Vocabulary {
    team_field: Option<String>,
    teams: Vec<String>,
    themes_field: Option<String>,
    themes: Vec<String>,
}

impl Vocabulary {
    fn new(kind: &Kind, config: &Config) -> Vocabulary {
        Vocabulary {
            team_field: kind.spec.team.clone(),
            teams: config.teams.iter().map(|t| t.id.clone()).collect(),
            themes_field: kind.spec.themes.clone(),
            themes: config.themes.clone(),
        }
    }

    /// The values qaledger.toml allows for a field, when it sets any. `path` is the dotted path
    /// with `*` for list items, as in the `x-qaledger` block.
    fn for_field(&self, path: &str) -> Option<Vec<String>> {
        let themes_item = self.themes_field.as_ref().map(|f| format!("{f}.*"));
        let values = if self.team_field.as_deref() == Some(path) {
            &self.teams
        } else if self.themes_field.as_deref() == Some(path) || themes_item.as_deref() == Some(path)
        {
            &self.themes
        } else {
            return None;
        };
        (!values.is_empty()).then(|| values.clone())
    }
}

/// The walk over a schema's groups; `open` holds the groups being walked, so that a group that
/// contains itself through a `$ref` (`title: {$ref: "#"}`) gets its row but is not walked again.
struct Walk<'a, 'o> {
    root: &'a Json,
    out: &'o mut Vec<FieldRow>,
    vocabulary: &'o Vocabulary,
    open: Vec<&'a Json>,
}

impl<'a> Walk<'a, '_> {
    /// Adds a row for each property of `node` (an object schema) under `prefix`, then recurses
    /// into groups and lists of groups. `optional_parent` is the nearest optional ancestor.
    fn group(&mut self, node: &'a Json, prefix: &str, optional_parent: Option<&str>) {
        let Some(properties) = node.get("properties").and_then(Json::as_object) else {
            return;
        };
        if self.open.len() >= MAX_DEPTH || self.open.iter().any(|n| std::ptr::eq(*n, node)) {
            return;
        }
        self.open.push(node);
        let root = self.root;
        let required = required(node);
        for (name, written) in properties {
            let field = crate::record::join(prefix, name);
            let is_required = required.contains(&name.as_str());
            let target = follow_ref(root, written);
            let description = [written, target]
                .iter()
                .find_map(|n| n.get("description").and_then(Json::as_str))
                .unwrap_or_default()
                .trim()
                .to_owned();
            let item = target.get("items").map(|i| follow_ref(root, i));
            let config_path = field.replace("[]", ".*");
            let (allowed, allowed_from) = match self.vocabulary.for_field(&config_path) {
                Some(values) => (values, Some("qaledger.toml")),
                None => match enum_values(target).or_else(|| item.and_then(enum_values)) {
                    Some(values) => (values, Some("schema")),
                    None => (Vec::new(), None),
                },
            };
            self.out.push(FieldRow {
                field: field.clone(),
                required: is_required,
                required_within: optional_parent.filter(|_| is_required).map(str::to_owned),
                type_words: type_words(root, target, 0),
                allowed,
                allowed_from,
                description,
            });
            let child_parent = if is_required {
                optional_parent
            } else {
                Some(field.as_str())
            };
            if target.get("properties").is_some() {
                self.group(target, &field, child_parent);
            } else if let Some(item) = item.filter(|i| i.get("properties").is_some()) {
                // Each item of a list of groups must have its required fields, whether or not
                // the list itself is required.
                self.group(item, &format!("{field}[]"), child_parent);
            }
        }
        self.open.pop();
    }
}

fn enum_values(node: &Json) -> Option<Vec<String>> {
    match (node.get("enum"), node.get("const")) {
        (Some(Json::Array(items)), _) => Some(items.iter().map(plain_text).collect()),
        (_, Some(value)) => Some(vec![plain_text(value)]),
        _ => None,
    }
}

/// The type in words a non-programmer reads: text, date, yes/no, number, group of fields,
/// list of …; several types are joined with "or". `depth` bounds lists of lists (a list whose
/// items refer back to it).
fn type_words(root: &Json, node: &Json, depth: usize) -> String {
    let types: Vec<&str> = match node.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    if types.is_empty() {
        let listed = node.get("enum").and_then(Json::as_array);
        let all_text = listed.is_some_and(|values| values.iter().all(Json::is_string));
        return if all_text || node.get("const").is_some_and(Json::is_string) {
            "text".to_owned()
        } else if node.get("properties").is_some() {
            "group of fields".to_owned()
        } else {
            "any".to_owned()
        };
    }
    types
        .iter()
        .map(|t| match *t {
            "string" if node.get("format").and_then(Json::as_str) == Some("date") => {
                "date".to_owned()
            }
            "string" => "text".to_owned(),
            "boolean" => "yes/no".to_owned(),
            "integer" => "whole number".to_owned(),
            "number" => "number".to_owned(),
            "object" => "group of fields".to_owned(),
            "null" => "nothing".to_owned(),
            "array" => match node
                .get("items")
                .map(|i| follow_ref(root, i))
                .filter(|_| depth < MAX_LIST_DEPTH)
            {
                Some(item) => {
                    let of = type_words(root, item, depth + 1);
                    match of.as_str() {
                        "group of fields" => "list of groups".to_owned(),
                        "date" => "list of dates".to_owned(),
                        "any" => "list".to_owned(),
                        _ => format!("list of {of}"),
                    }
                }
                None => "list".to_owned(),
            },
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SchemaSet;

    fn set_and_config(toml: &str) -> (SchemaSet, Config) {
        let config = Config::parse(toml, "qaledger.toml".into()).unwrap();
        let set = SchemaSet::built_in(&config).unwrap();
        (set, config)
    }

    fn row<'a>(rows: &'a [FieldRow], field: &str) -> &'a FieldRow {
        rows.iter().find(|r| r.field == field).unwrap()
    }

    #[test]
    fn action_fields_read_like_the_spec() {
        let (set, config) = set_and_config("");
        let kind = set.get(set.by_name("action").unwrap());
        let rows = rows(kind, &config);
        let source_type = row(&rows, "source.type");
        assert!(source_type.required);
        assert_eq!(source_type.required_within, None); // source itself is required
        assert_eq!(source_type.type_words, "text");
        assert_eq!(
            source_type.allowed.first().map(String::as_str),
            Some("audit")
        );
        assert_eq!(source_type.allowed.len(), 17);
        let forum = row(&rows, "agreed.forum");
        assert!(forum.required);
        assert_eq!(forum.required_within.as_deref(), Some("agreed"));
        assert_eq!(row(&rows, "due").type_words, "date");
        assert_eq!(row(&rows, "source.refs").type_words, "list of text");
        assert_eq!(row(&rows, "updates").type_words, "list of groups");
        let update_date = row(&rows, "updates[].date");
        assert_eq!(update_date.type_words, "date");
        assert_eq!(update_date.required_within.as_deref(), Some("updates"));
        assert_eq!(row(&rows, "quality_statements").allowed.len(), 9);
        assert_eq!(row(&rows, "agreed").type_words, "group of fields");
        assert!(!row(&rows, "notes").required);
        // Groups come right before their own fields.
        let names: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
        let at = names.iter().position(|n| *n == "source").unwrap();
        assert_eq!(&names[at..at + 3], ["source", "source.type", "source.refs"]);
    }

    #[test]
    fn yes_no_fields_and_config_vocabularies() {
        let toml = "[[team]]\nid = \"north\"\nname = \"North\"\n\n[vocabulary]\nthemes = [\"carers\", \"mca\"]\n";
        let (set, config) = set_and_config(toml);
        let audit = set.get(set.by_name("audit").unwrap());
        let rows = rows(audit, &config);
        assert_eq!(row(&rows, "moderation.required").type_words, "yes/no");
        let team = row(&rows, "team");
        assert_eq!(team.allowed, ["north"]);
        assert_eq!(team.allowed_from, Some("qaledger.toml"));
        assert_eq!(row(&rows, "themes").allowed, ["carers", "mca"]);
        // Without a vocabulary, anything goes.
        let (set, config) = set_and_config("");
        let rows = super::rows(set.get(set.by_name("audit").unwrap()), &config);
        assert!(row(&rows, "themes").allowed.is_empty());
        assert_eq!(row(&rows, "themes").allowed_from, None);
    }
}
