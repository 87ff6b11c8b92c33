//! A kind's schema as plain JSON Schema (draft 2020-12) for other tools: editors
//! (yaml-language-server), check-jsonschema, ajv, boon.
//!
//! The `x-qaledger` block, the patterns' descriptions and the enum values' titles are dropped: they mean nothing to other
//! validators, and ajv's default strict mode refuses unknown keywords. Everything else (`$schema`, `$id`, `$defs`, local
//! `$ref`s) is kept as written, so the file is self-contained. This module computes; it never writes.

use serde_json::Value as Json;

use crate::schema::{EXTENSION_KEY, Kind, PATTERN_DESCRIPTION, VALUE_TITLES};

/// The file name `schema export` gives a kind: `<kind>.schema.json`.
pub fn file_name(kind: &Kind) -> String {
    format!("{}.schema.json", kind.spec.kind)
}

/// The kind's schema without the `x-qaledger` block, pattern descriptions and value titles,
/// ready to serialise.
pub fn to_json_schema(kind: &Kind) -> Json {
    let mut schema = kind.schema.clone();
    if let Json::Object(map) = &mut schema {
        map.shift_remove(EXTENSION_KEY);
    }
    drop_keywords(&mut schema);
    schema
}

/// Drops qaledger's keywords beside the standard ones, at any depth.
fn drop_keywords(node: &mut Json) {
    match node {
        Json::Object(map) => {
            map.shift_remove(PATTERN_DESCRIPTION);
            map.shift_remove(VALUE_TITLES);
            map.values_mut().for_each(drop_keywords);
        }
        Json::Array(items) => items.iter_mut().for_each(drop_keywords),
        _ => {}
    }
}

/// `to_json_schema` as pretty-printed JSON text ending in a newline.
pub fn to_json_text(kind: &Kind) -> crate::error::Result<String> {
    crate::render::json::pretty(&to_json_schema(kind))
}

/// `$ref`s that do not point into the same file (`#…`); an exported schema with any of these is
/// not self-contained, so `schema export` warns about them.
pub fn external_refs(schema: &Json) -> Vec<String> {
    let mut found = Vec::new();
    collect_external_refs(schema, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect_external_refs(node: &Json, found: &mut Vec<String>) {
    match node {
        Json::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref" | "$dynamicRef", Json::String(target)) if !target.starts_with('#') => {
                        found.push(target.clone());
                    }
                    _ => collect_external_refs(value, found),
                }
            }
        }
        Json::Array(items) => items
            .iter()
            .for_each(|item| collect_external_refs(item, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::built_in_for_tests as built_in;

    #[test]
    fn drops_the_extension_and_keeps_plain_json_schema() {
        let set = built_in();
        for kind in set.kinds() {
            let schema = to_json_schema(kind);
            assert!(schema.get(EXTENSION_KEY).is_none(), "{}", kind.spec.kind);
            assert_eq!(
                schema["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
            assert!(schema.get("$defs").is_some());
            assert!(external_refs(&schema).is_empty(), "{}", kind.spec.kind);
            // The original keeps its block: only the export drops it.
            assert!(kind.schema.get(EXTENSION_KEY).is_some());
        }
    }

    #[test]
    fn finds_references_to_other_files() {
        let schema = serde_json::json!({
            "properties": {
                "a": {"$ref": "#/$defs/date"},
                "b": {"items": {"$ref": "common.schema.json#/$defs/x"}}
            }
        });
        assert_eq!(external_refs(&schema), vec!["common.schema.json#/$defs/x"]);
    }
}
