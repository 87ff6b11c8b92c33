//! An imported row's record text: the modeline, the line naming where it came from (the
//! rules' source name and the row's key, which is how importing again finds the record), the
//! id, then the fields in the schema's order, as YAML every reader reads back the same. Pure:
//! the command checks the text and writes it.

use serde_json::{Map, Value as Json};

use crate::author::draft::yaml_string;
use crate::schema::{Kind, field_schema, follow_ref};

/// The comment naming a record's source: `# imported from SOURCE: KEY`.
const MARK: &str = "# imported from ";

/// The record's text.
pub fn text(
    kind: &Kind,
    id: &str,
    fields: &Map<String, Json>,
    schema_link: &str,
    source: &str,
    key: &str,
) -> String {
    let mut out = format!("# yaml-language-server: $schema={schema_link}\n{MARK}{source}: {key}\n");
    let mut all = Map::new();
    all.insert("id".to_owned(), Json::String(id.to_owned()));
    for (k, v) in fields {
        all.insert(k.clone(), v.clone());
    }
    mapping(kind, "", &all, 0, &mut out);
    out
}

/// The source and key a record's text names, if it was imported.
pub fn source_key(text: &str) -> Option<(&str, &str)> {
    text.lines()
        .take_while(|line| line.starts_with('#') || line.trim().is_empty())
        .find_map(|line| line.strip_prefix(MARK))
        .and_then(|rest| rest.split_once(": "))
        .map(|(source, key)| (source, key.trim_end_matches('\r')))
}

fn mapping(kind: &Kind, path: &str, map: &Map<String, Json>, indent: usize, out: &mut String) {
    let order = keys_at(kind, path);
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| {
        (
            order.iter().position(|o| o == *k).unwrap_or(usize::MAX),
            (*k).clone(),
        )
    });
    let pad = " ".repeat(indent);
    let mut first = true;
    for key in keys {
        let value = &map[key];
        let child = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        // The first key of a list item follows its `- `.
        let lead = if first && indent > 0 && path.ends_with(".*") {
            String::new()
        } else {
            pad.clone()
        };
        first = false;
        match value {
            Json::Null => {}
            Json::Object(inner) if inner.is_empty() => {}
            Json::Array(items) if items.is_empty() => {}
            Json::Object(inner) => {
                out.push_str(&format!("{lead}{key}:\n"));
                mapping(kind, &child, inner, indent + 2, out);
            }
            Json::Array(items) => {
                out.push_str(&format!("{lead}{key}:\n"));
                for item in items {
                    match item {
                        Json::Object(inner) => {
                            out.push_str(&format!("{pad}  - "));
                            mapping(kind, &format!("{child}.*"), inner, indent + 4, out);
                        }
                        other => out.push_str(&format!("{pad}  - {}\n", scalar(other, true))),
                    }
                }
            }
            other => out.push_str(&format!("{lead}{key}: {}\n", scalar(other, false))),
        }
    }
}

fn scalar(value: &Json, item: bool) -> String {
    match value {
        Json::String(s) => yaml_string(s, item),
        other => other.to_string(),
    }
}

/// The property names of the object at `path` (`*` for list items) in schema order, where
/// new keys go (here, and in the lifecycle commands' edits).
pub fn keys_at(kind: &Kind, path: &str) -> Vec<String> {
    let root = &kind.schema;
    let node = if path.is_empty() {
        Some(root)
    } else {
        field_schema(root, root, path)
    };
    node.map(|n| follow_ref(root, n))
        .and_then(|n| n.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}
