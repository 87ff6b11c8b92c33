//! The kinds' tables: one row per record, one column per schema field, typed by the schema
//! (a `date` format is a date, booleans, integers, enums as text, lists of values as lists,
//! groups flattened to `agreed_date`), and one table per list of groups (`action_updates`).
//!
//! The columns come from the schema alone, so a council's own kinds and fields export with no
//! change here. Case references (`x-qaledger.case_refs`) and free text are left out unless
//! asked: free text is a string the schema leaves open (no `enum`, no `pattern`, no `date`
//! format) that the `x-qaledger` block does not name as a team, themes, owner, procedure or
//! reference field — what people write in their own words, where personal data hides.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::{Column, Stamp, Table, Text, Values, derived_column, rows_of};
use crate::record::{self, Leaf, Record};
use crate::repository::Repository;
use crate::schema::{Kind, follow_ref};

/// How deep groups are flattened: far beyond any built-in schema, a bound on a schema that
/// refers to itself.
const MAX_DEPTH: usize = 8;

/// Each kind's table, then its lists of groups' tables, in the schemas' order, each handed to
/// `emit`; returns `kind.field` of every field left out as a case reference or free text.
pub(super) fn tables<E>(
    repo: &Repository,
    stamp: &Stamp<'_>,
    text: Text,
    emit: &mut dyn FnMut(Table) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    let mut withheld = Vec::new();
    for (id, kind) in repo.schemas.kinds().iter().enumerate() {
        let shape = Shape::of(kind, text);
        let records: Vec<&Record> = repo.records.iter().filter(|r| r.kind == id).collect();
        withheld.extend(
            shape
                .withheld
                .iter()
                .map(|f| format!("{}.{f}", kind.spec.kind)),
        );
        emit(shape.record_table(kind, &records, stamp))?;
        for group in &shape.groups {
            emit(group.table(kind, &records, stamp))?;
        }
    }
    Ok(withheld)
}

/// The fields of a kind that its tables write, as loading's patterns (`agreed.date`, `themes`,
/// `updates.*.date`): what `Repository::open_for_export` keeps besides the rules' fields, so
/// that free text left out is not held either.
pub fn kept_fields(kind: &Kind, text: Text) -> Vec<String> {
    let shape = Shape::of(kind, text);
    let groups = shape.groups.iter().flat_map(|g| {
        g.fields
            .iter()
            .map(move |f| format!("{}.*.{}", g.path, f.path))
    });
    shape
        .fields
        .iter()
        .map(|f| f.path.clone())
        .chain(groups)
        .collect()
}

/// A scalar type, from the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar {
    Text,
    Date,
    Bool,
    Int,
    Float,
}

/// One column a field gives: its dotted path (relative to a list's group for a child table),
/// and whether it holds a list of values.
#[derive(Debug, Clone)]
struct Field {
    path: String,
    scalar: Scalar,
    list: bool,
    description: String,
}

impl Field {
    /// `agreed.date` → `agreed_date`.
    fn column_name(&self) -> String {
        self.path.replace('.', "_")
    }
}

/// A list of groups (`updates`, `due_changes`): a table of its own, a row per item.
#[derive(Debug, Clone)]
struct Group {
    path: String,
    description: String,
    fields: Vec<Field>,
}

/// The columns a kind's schema gives.
struct Shape {
    fields: Vec<Field>,
    groups: Vec<Group>,
    withheld: Vec<String>,
}

impl Shape {
    fn of(kind: &Kind, text: Text) -> Shape {
        let mut walk = Walk {
            kind,
            text,
            fields: Vec::new(),
            groups: Vec::new(),
            withheld: Vec::new(),
            in_group: None,
        };
        let root = &kind.schema;
        walk.properties(follow_ref(root, root), "", 0);
        Shape {
            fields: walk.fields,
            groups: walk.groups,
            withheld: walk.withheld,
        }
    }

    fn record_table(&self, kind: &Kind, records: &[&Record], stamp: &Stamp<'_>) -> Table {
        let mut columns = stamp.columns(records.len());
        columns.push(derived_column(
            "path",
            "The record's file, relative to the repository's top folder.",
            Values::Text(records.iter().map(|r| Some(r.path.clone())).collect()),
        ));
        columns.push(derived_column(
            "errors",
            "The fields the record's schema rejects (their values are left empty here); empty when it passes.",
            Values::TextList(records.iter().map(|r| Some(r.broken.clone())).collect()),
        ));
        let rows = records
            .iter()
            .map(|r| r.fields.0.iter().map(|leaf| (&*leaf.path, leaf)));
        columns.extend(fill(kind, &self.fields, "", records.len(), rows));
        Table {
            name: kind.spec.kind.clone(),
            description: format!(
                "One row per {} record, as it stood at as-of: every field of its schema.",
                kind.spec.kind
            ),
            rows: rows_of(&columns),
            columns,
        }
    }
}

impl Group {
    fn table(&self, kind: &Kind, records: &[&Record], stamp: &Stamp<'_>) -> Table {
        // Each item of the list in every record, with its leaves, in document order.
        let mut items: Vec<Item<'_>> = Vec::new();
        let prefix = format!("{}.", self.path);
        for record in records {
            for leaf in &record.fields.0 {
                let Some(rest) = leaf.path.strip_prefix(&prefix) else {
                    continue;
                };
                let Some((position, inner)) = rest.split_once('.') else {
                    continue;
                };
                let Ok(position) = position.parse::<usize>() else {
                    continue;
                };
                match items.last_mut() {
                    Some(item)
                        if std::ptr::eq(item.record, *record) && item.position == position =>
                    {
                        item.leaves.push((inner, leaf));
                    }
                    _ => items.push(Item {
                        record,
                        position,
                        leaves: vec![(inner, leaf)],
                    }),
                }
            }
        }
        let rows = items.len();
        let mut columns = stamp.columns(rows);
        columns.push(derived_column(
            "id",
            &format!("The {} record the item is in.", kind.spec.kind),
            Values::Text(items.iter().map(|i| Some(i.record.id.clone())).collect()),
        ));
        columns.push(derived_column(
            "item",
            "The item's place in its list, from 1.",
            Values::Int(
                items
                    .iter()
                    .map(|i| i64::try_from(i.position).ok().map(|p| p + 1))
                    .collect(),
            ),
        ));
        let leaves = items.iter().map(|i| i.leaves.iter().copied());
        columns.extend(fill(kind, &self.fields, &prefix, rows, leaves));
        Table {
            name: format!("{}_{}", kind.spec.kind, self.path.replace('.', "_")),
            description: format!(
                "One row per item of `{}` in the {} records: {}",
                self.path, kind.spec.kind, self.description
            ),
            rows: rows_of(&columns),
            columns,
        }
    }
}

/// One item of a list of groups: its record, its place in the list, its leaves (paths within
/// the item).
struct Item<'r> {
    record: &'r Record,
    position: usize,
    leaves: Vec<(&'r str, &'r Leaf)>,
}

/// The fields' columns over `count` rows, each row given as its leaves (paths relative to the
/// row: the record, or a list's item under `prefix`), a list's items in order.
fn fill<'l>(
    kind: &Kind,
    fields: &[Field],
    prefix: &str,
    count: usize,
    rows: impl Iterator<Item = impl Iterator<Item = (&'l str, &'l Leaf)>>,
) -> Vec<Column> {
    let by_path: HashMap<&str, usize> = fields
        .iter()
        .enumerate()
        .map(|(at, f)| (f.path.as_str(), at))
        .collect();
    let mut cells: Vec<Cells> = fields.iter().map(|f| Cells::new(f, count)).collect();
    for (row, leaves) in rows.enumerate() {
        for (path, leaf) in leaves {
            let (path, item) = split_item(path);
            if let Some(&at) = by_path.get(path) {
                cells[at].put(row, item.is_some(), leaf);
            }
        }
    }
    fields
        .iter()
        .zip(cells)
        .map(|(field, cells)| Column {
            name: field.column_name(),
            description: field.description.clone(),
            source: format!("{}.{prefix}{}", kind.spec.kind, field.path),
            values: cells.0,
        })
        .collect()
}

/// `themes.2` → (`themes`, Some(2)); `agreed.date` → (`agreed.date`, None).
fn split_item(path: &str) -> (&str, Option<usize>) {
    match path.rsplit_once('.') {
        Some((head, last)) => match last.parse::<usize>() {
            Ok(n) => (head, Some(n)),
            Err(_) => (path, None),
        },
        None => (path, None),
    }
}

/// A column being filled, row by row.
struct Cells(Values);

impl Cells {
    fn new(field: &Field, rows: usize) -> Cells {
        Cells(if field.list {
            Values::TextList(vec![None; rows])
        } else {
            match field.scalar {
                Scalar::Text => Values::Text(vec![None; rows]),
                Scalar::Date => Values::Date(vec![None; rows]),
                Scalar::Bool => Values::Bool(vec![None; rows]),
                Scalar::Int => Values::Int(vec![None; rows]),
                Scalar::Float => Values::Float(vec![None; rows]),
            }
        })
    }

    /// Puts a leaf's value at `row`: a list's item is appended; a value of another type than
    /// the schema's (only in a record its schema rejects, where the views drop it) stays empty.
    fn put(&mut self, row: usize, is_item: bool, leaf: &Leaf) {
        let value = &leaf.value;
        match &mut self.0 {
            Values::TextList(v) => {
                if let Some(slot) = v.get_mut(row) {
                    let list = slot.get_or_insert_with(Vec::new);
                    if is_item {
                        list.extend(leaf.to_text());
                    }
                }
            }
            Values::Text(v) => set(v, row, leaf.to_text()),
            Values::Date(v) => set(v, row, leaf.as_date()),
            Values::Bool(v) => set(
                v,
                row,
                matches!(value, record::Scalar::Bool(_))
                    .then(|| value == &record::Scalar::Bool(true)),
            ),
            Values::Int(v) => set(
                v,
                row,
                match value {
                    record::Scalar::Int(i) => Some(*i),
                    _ => None,
                },
            ),
            Values::Float(v) => set(
                v,
                row,
                match value {
                    record::Scalar::Float(f) => Some(*f),
                    record::Scalar::Int(i) => Some(*i as f64),
                    _ => None,
                },
            ),
        }
    }
}

fn set<T>(column: &mut [Option<T>], row: usize, value: Option<T>) {
    if let Some(slot) = column.get_mut(row) {
        *slot = value;
    }
}

/// The walk over a kind's schema, collecting columns.
struct Walk<'a> {
    kind: &'a Kind,
    text: Text,
    fields: Vec<Field>,
    groups: Vec<Group>,
    withheld: Vec<String>,
    /// Inside a list of groups: its path (fields are then relative to an item).
    in_group: Option<String>,
}

impl Walk<'_> {
    fn properties(&mut self, node: &Json, prefix: &str, depth: usize) {
        let Some(properties) = node.get("properties").and_then(Json::as_object) else {
            return;
        };
        for (name, child) in properties {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            self.field(child, &path, depth);
        }
    }

    fn field(&mut self, written: &Json, path: &str, depth: usize) {
        let root = &self.kind.schema;
        let node = follow_ref(root, written);
        let description = description(written, node);
        if node.get("properties").is_some() {
            if depth < MAX_DEPTH {
                self.properties(node, path, depth + 1);
            }
            return;
        }
        // The field's path in a record (a list's first item standing for every item), and
        // as people read it (`updates.*.note`).
        let (concrete, shown) = match &self.in_group {
            Some(group) => (format!("{group}.0.{path}"), format!("{group}.*.{path}")),
            None => (path.to_owned(), path.to_owned()),
        };
        if is_type(node, "array") {
            let items = node
                .get("items")
                .map_or(&Json::Null, |i| follow_ref(root, i));
            if items.get("properties").is_some() {
                if self.in_group.is_none() && depth < MAX_DEPTH {
                    self.group(items, path, description);
                }
                return;
            }
            if self.withholds(&format!("{concrete}.0"), items) {
                self.withheld.push(shown);
                return;
            }
            self.fields.push(Field {
                path: path.to_owned(),
                scalar: scalar(items),
                list: true,
                description,
            });
            return;
        }
        if self.withholds(&concrete, node) {
            self.withheld.push(shown);
            return;
        }
        self.fields.push(Field {
            path: path.to_owned(),
            scalar: scalar(node),
            list: false,
            description,
        });
    }

    /// A list of groups becomes a table of its own (lists of groups within it are not
    /// exported: no built-in schema has one).
    fn group(&mut self, items: &Json, path: &str, description: String) {
        let outer = std::mem::take(&mut self.fields);
        self.in_group = Some(path.to_owned());
        self.properties(items, "", 0);
        self.in_group = None;
        let fields = std::mem::replace(&mut self.fields, outer);
        self.groups.push(Group {
            path: path.to_owned(),
            description,
            fields,
        });
    }

    /// Whether the leaf at `path` (concrete: `updates.0.note`) stays out of the export: a case
    /// reference, or free text, unless `--include-text`.
    fn withholds(&self, path: &str, node: &Json) -> bool {
        if self.text == Text::Included {
            return false;
        }
        let spec = &self.kind.spec;
        if spec.is_case_ref(path) {
            return true;
        }
        let named = spec
            .team
            .iter()
            .chain(&spec.themes)
            .chain(&spec.owner)
            .chain(
                spec.procedure
                    .iter()
                    .flat_map(|p| std::iter::once(&p.field).chain(&p.complexity)),
            )
            .chain(spec.references.iter().map(|r| &r.field))
            .any(|f| crate::record::path_matches(path, f));
        !named && is_open_text(node)
    }
}

/// A string the schema leaves open: no `enum`, no `const`, no `pattern`, no `date` format.
fn is_open_text(node: &Json) -> bool {
    is_type(node, "string")
        && node.get("enum").is_none()
        && node.get("const").is_none()
        && node.get("pattern").is_none()
        && node.get("format").and_then(Json::as_str) != Some("date")
}

/// Whether the node's `type` is (or includes) `name`.
fn is_type(node: &Json, name: &str) -> bool {
    match node.get("type") {
        Some(Json::String(t)) => t == name,
        Some(Json::Array(types)) => types.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

fn scalar(node: &Json) -> Scalar {
    if node.get("enum").is_some() {
        return Scalar::Text;
    }
    if node.get("format").and_then(Json::as_str) == Some("date") {
        Scalar::Date
    } else if is_type(node, "boolean") {
        Scalar::Bool
    } else if is_type(node, "integer") {
        Scalar::Int
    } else if is_type(node, "number") {
        Scalar::Float
    } else {
        Scalar::Text
    }
}

/// The field's own description, else the one of the type it refers to.
fn description(written: &Json, node: &Json) -> String {
    [written, node]
        .into_iter()
        .find_map(|n| n.get("description").and_then(Json::as_str))
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::built_in_for_tests;

    fn columns(kind: &str, text: Text) -> (Vec<String>, Vec<String>, Vec<String>) {
        let schemas = built_in_for_tests();
        let id = schemas.by_name(kind).unwrap_or_else(|| panic!("{kind}"));
        let shape = Shape::of(schemas.get(id), text);
        (
            shape
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{:?}{}",
                        f.column_name(),
                        f.scalar,
                        if f.list { "[]" } else { "" }
                    )
                })
                .collect(),
            shape
                .groups
                .iter()
                .map(|g| {
                    format!(
                        "{}({})",
                        g.path,
                        g.fields
                            .iter()
                            .map(|f| f.column_name())
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect(),
            shape.withheld,
        )
    }

    #[test]
    fn an_action_is_typed_flattened_and_its_free_text_withheld() {
        let (fields, groups, withheld) = columns("action", Text::Withheld);
        assert_eq!(
            fields,
            [
                "id:Text",
                "source_type:Text",
                "source_refs:Text[]",
                "level:Text",
                "owner:Text",
                "team:Text",
                "themes:Text[]",
                "quality_statements:Text[]",
                "agreed_forum:Text",
                "agreed_date:Date",
                "due:Date",
                "status:Text",
                "completed:Date",
                "not_implemented_decided:Date",
                "impact_review_due:Date",
                "impact_measured:Date",
                "impact_rating:Text",
            ]
        );
        assert_eq!(groups, ["updates(date)", "due_changes(date,from,to)"]);
        assert_eq!(
            withheld,
            [
                "title",
                "learning",
                "action",
                "not_implemented.reason",
                "impact.evidence",
                "updates.*.note",
                "notes",
                "due_changes.*.reason"
            ]
        );
    }

    #[test]
    fn include_text_keeps_case_references_and_free_text() {
        let (fields, _, withheld) = columns("audit", Text::Included);
        assert!(fields.contains(&"case_ref:Text".to_owned()), "{fields:?}");
        assert!(
            fields.contains(&"strengths:Text[]".to_owned()),
            "{fields:?}"
        );
        assert!(
            fields.contains(&"moderation_required:Bool".to_owned()),
            "{fields:?}"
        );
        assert!(withheld.is_empty());
        let (fields, _, withheld) = columns("audit", Text::Withheld);
        assert!(
            !fields.iter().any(|f| f.starts_with("case_ref")),
            "{fields:?}"
        );
        assert!(withheld.contains(&"case_ref".to_owned()), "{withheld:?}");
        assert!(withheld.contains(&"strengths".to_owned()), "{withheld:?}");
    }

    #[test]
    fn staff_names_and_emails_are_withheld_ids_and_vocabularies_kept() {
        let (fields, groups, withheld) = columns("staff", Text::Withheld);
        assert_eq!(withheld, ["name", "email", "notes"]);
        assert!(
            fields.contains(&"supervision_interval:Text".to_owned()),
            "{fields:?}"
        );
        assert_eq!(groups, ["approvals(type,approved,expires)"]);
        let (fields, _, _) = columns("complaint", Text::Withheld);
        for kept in [
            "procedure:Text",
            "complexity:Text",
            "team:Text",
            "themes:Text[]",
            "handler:Text",
        ] {
            assert!(fields.contains(&kept.to_owned()), "{kept}: {fields:?}");
        }
    }

    #[test]
    fn a_list_item_path_splits_from_its_position() {
        assert_eq!(split_item("themes.2"), ("themes", Some(2)));
        assert_eq!(split_item("agreed.date"), ("agreed.date", None));
        assert_eq!(split_item("id"), ("id", None));
    }
}
