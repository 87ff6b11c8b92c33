//! The rules applied to a sheet: each data row → the record's fields as a JSON object, typed by
//! the kind's schema (dates read, value maps applied, lists split, staff names resolved), with
//! the cell each field came from, and each problem at its cell (`Tracker!C14`). A row with a
//! problem is reported, never half-made; checking the record itself is the next stage's work.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use serde_json::{Map, Value as Json};

use super::date;
use super::roster::{self, Roster, StaffEntry};
use super::rules::{FieldSpec, IdFrom, Rules};
use super::sheet::{Cell, Sheet};
use crate::diagnostic::suggest;
use crate::schema::{Kind, field_schema, follow_ref, plain_text};

/// A data row made into a record's fields, or the problems that stop it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The sheet's 1-based row number.
    pub number: u32,
    /// The source key (the old tracker's reference), kept in the record.
    pub key: String,
    /// The id from the rules' id column; `None`: allocated.
    pub id: Option<String>,
    /// The record's fields (without `id`).
    pub fields: Map<String, Json>,
    /// Field path → the reference of the cell it came from.
    pub cells: Vec<(String, String)>,
    pub problems: Vec<Problem>,
}

/// A problem at a cell (or a row): `Tracker!C14: owner: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub at: String,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.at, self.message)
        } else {
            write!(f, "{}: {}: {}", self.at, self.field, self.message)
        }
    }
}

impl Row {
    /// The cell a field path (dotted, or `list[1].x` as diagnostics write it) came from: the
    /// cell of the longest mapped path that is the field or holds it, else the whole row.
    pub fn cell_of(&self, field: &str, sheet: &Sheet) -> String {
        let field = field.replace('[', ".").replace(']', "");
        self.cells
            .iter()
            .filter(|(path, _)| {
                field == *path
                    || field.starts_with(&format!("{path}."))
                    || path.starts_with(&format!("{field}."))
            })
            .max_by_key(|(path, _)| path.len())
            .map_or_else(
                || sheet.row_reference(self.number),
                |(_, cell)| cell.clone(),
            )
    }
}

/// Every data row of the sheet, and the rows left out (blank, `skip_rows`, `skip_when`).
#[derive(Debug, Clone)]
pub struct Mapped {
    pub rows: Vec<Row>,
    pub skipped: Vec<u32>,
}

/// What mapping reads.
pub struct Mapping<'a> {
    pub kind: &'a Kind,
    pub rules: &'a Rules,
    pub sheet: &'a Sheet,
    /// The roster's staff; for a roster kind the sheet's own rows are added to it.
    pub roster: Roster,
}

/// The rules' columns and fields checked against the sheet's header row and the kind's
/// schema: a title or field that is not there is an error for the whole file.
struct Plan<'a> {
    columns: BTreeMap<String, usize>,
    fields: Vec<(String, FieldSpec, &'a Json)>,
    skip_when: Vec<(usize, Regex)>,
}

impl<'a> Mapping<'a> {
    /// Maps every data row; `Err` when the rules do not fit the sheet or the kind.
    pub fn map(mut self) -> Result<Mapped, String> {
        let plan = self.plan()?;
        let data: Vec<u32> = self.data_rows(&plan);
        if self.kind.spec.roster {
            let staff: Vec<StaffEntry> = data
                .iter()
                .filter_map(|row| self.staff_entry(&plan, *row))
                .collect();
            self.roster.extend(staff);
        }
        let mut rows = Vec::with_capacity(data.len());
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for number in &data {
            let mut row = self.row(&plan, *number);
            if !row.key.is_empty() {
                if let Some(first) = seen.get(&row.key) {
                    row.problems.push(Problem {
                        at: self.key_cell(&plan, *number),
                        field: String::new(),
                        message: format!(
                            "the key `{}` is also on row {first}: each row needs its own",
                            row.key
                        ),
                    });
                } else {
                    seen.insert(row.key.clone(), *number);
                }
            }
            rows.push(row);
        }
        let all: Vec<u32> = (self.rules.header_row + 1..=self.last_row()).collect();
        let skipped = all.into_iter().filter(|r| !data.contains(r)).collect();
        Ok(Mapped { rows, skipped })
    }

    fn last_row(&self) -> u32 {
        u32::try_from(self.sheet.rows.len()).unwrap_or(u32::MAX)
    }

    fn plan(&self) -> Result<Plan<'a>, String> {
        let kind: &'a Kind = self.kind;
        let header = self.rules.header_row;
        let mut columns = BTreeMap::new();
        let titles: Vec<String> = self
            .sheet
            .rows
            .get(header as usize - 1)
            .map(|cells| cells.iter().map(Cell::text).collect())
            .unwrap_or_default();
        for (i, title) in titles.iter().enumerate() {
            if !title.is_empty() {
                columns.entry(normal(title)).or_insert(i);
            }
        }
        let find = |title: &str| -> Result<usize, String> {
            columns.get(&normal(title)).copied().ok_or_else(|| {
                let close = suggest::closest(title, titles.iter().map(String::as_str));
                format!(
                    "no column is titled `{title}` in row {header} of {}{}\n  its titles: {}",
                    self.sheet.name,
                    suggest::did_you_mean(close),
                    titles
                        .iter()
                        .filter(|t| !t.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        };
        find(&self.rules.key)?;
        if let Some(column) = &self.rules.id.column {
            find(column)?;
        } else if self.kind.spec.id_prefix.is_none() {
            return Err(format!(
                "{} records are named by their id: say which column gives it ([id] column = \"…\", from = \"email\" or \"name\")",
                self.kind.spec.kind
            ));
        }
        let root = &kind.schema;
        let mut fields = Vec::new();
        for (path, rule) in &self.rules.fields {
            if path == "id" {
                return Err(
                    "fields.id: say where ids come from in [id], not in [fields]".to_owned(),
                );
            }
            let pattern = schema_path(path);
            let Some(node) = field_schema(root, root, &pattern) else {
                let names: Vec<&str> = root
                    .get("properties")
                    .and_then(Json::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let close = suggest::closest(path, names.iter().copied());
                return Err(format!(
                    "fields.{path}: not a field of {} records{}",
                    self.kind.spec.kind,
                    suggest::did_you_mean(close)
                ));
            };
            let spec = rule.spec();
            if let Some(column) = &spec.column {
                find(column)?;
            }
            fields.push((path.clone(), spec, follow_ref(root, node)));
        }
        let mut skip_when = Vec::new();
        for (title, pattern) in &self.rules.skip_when {
            let re = Regex::new(pattern).map_err(|e| format!("skip_when.{title}: {e}"))?;
            skip_when.push((find(title)?, re));
        }
        Ok(Plan {
            columns,
            fields,
            skip_when,
        })
    }

    fn data_rows(&self, plan: &Plan<'_>) -> Vec<u32> {
        (self.rules.header_row + 1..=self.last_row())
            .filter(|row| {
                let cells = &self.sheet.rows[*row as usize - 1];
                !cells.iter().all(Cell::is_empty)
                    && !self.rules.skip_rows.contains(row)
                    && !plan
                        .skip_when
                        .iter()
                        .any(|(column, re)| re.is_match(&self.sheet.cell(*row, *column).text()))
            })
            .collect()
    }

    fn column(&self, plan: &Plan<'_>, title: &str) -> usize {
        plan.columns
            .get(&normal(title))
            .copied()
            .unwrap_or(usize::MAX)
    }

    fn key_cell(&self, plan: &Plan<'_>, row: u32) -> String {
        self.sheet
            .reference(row, self.column(plan, &self.rules.key))
    }

    /// The id the rules give a row, from its id column.
    fn id_of(&self, plan: &Plan<'_>, row: u32) -> Option<Result<String, Problem>> {
        let column = self.column(plan, self.rules.id.column.as_deref()?);
        let text = self.sheet.cell(row, column).text();
        let at = self.sheet.reference(row, column);
        if text.is_empty() {
            return Some(Err(Problem {
                at,
                field: "id".into(),
                message: "no id in this cell".into(),
            }));
        }
        let id = match self.rules.id.from.unwrap_or(IdFrom::Value) {
            IdFrom::Value => text.clone(),
            IdFrom::Email => roster::id_from_email(&text),
            IdFrom::Name => roster::id_from_name(&text),
        };
        if let Some(prefix) = &self.kind.spec.id_prefix {
            let pattern = format!("^{}-[0-9]{{4}}-[0-9]{{4,}}$", regex::escape(prefix));
            if !Regex::new(&pattern).is_ok_and(|re| re.is_match(&id)) {
                return Some(Err(Problem {
                    at,
                    field: "id".into(),
                    message: format!(
                        "`{id}` is not an id of {} records ({prefix}-YYYY-NNNN); leave [id] out to have ids allocated",
                        self.kind.spec.kind
                    ),
                }));
            }
        }
        Some(Ok(id))
    }

    /// A roster row's id, name and email, for resolving the sheet's own staff (a manager).
    fn staff_entry(&self, plan: &Plan<'_>, row: u32) -> Option<StaffEntry> {
        let id = self.id_of(plan, row)?.ok()?;
        let text = |field: &str| {
            plan.fields
                .iter()
                .find(|(path, _, _)| path == field)
                .and_then(|(_, spec, _)| spec.column.as_deref())
                .map(|c| self.sheet.cell(row, self.column(plan, c)).text())
                .filter(|t| !t.is_empty())
        };
        Some(StaffEntry {
            id,
            name: text("name"),
            email: text("email"),
        })
    }

    fn row(&self, plan: &Plan<'_>, number: u32) -> Row {
        let key_column = self.column(plan, &self.rules.key);
        let key = self.sheet.cell(number, key_column).text();
        let mut problems = Vec::new();
        if key.is_empty() || key.contains(['\n', '\r']) {
            problems.push(Problem {
                at: self.sheet.reference(number, key_column),
                field: String::new(),
                message: "no source key in this cell: every row needs one, so that importing again finds its record".into(),
            });
        }
        let id = match self.id_of(plan, number) {
            Some(Ok(id)) => Some(id),
            Some(Err(problem)) => {
                problems.push(problem);
                None
            }
            None => None,
        };
        let mut fields = Map::new();
        let mut cells = Vec::new();
        let mut fixed_only: BTreeSet<String> = BTreeSet::new();
        let mut from_cells: BTreeSet<String> = BTreeSet::new();
        for (path, spec, node) in &plan.fields {
            let (cell, at) = match (&spec.value, &spec.column) {
                (Some(value), _) => (cell_of_toml(value), None),
                (None, Some(column)) => {
                    let column = self.column(plan, column);
                    let at = self.sheet.reference(number, column);
                    // A problem with the field points at its cell, filled or not.
                    cells.push((path.clone(), at.clone()));
                    (self.sheet.cell(number, column).clone(), Some(at))
                }
                (None, None) => continue,
            };
            let (cell, from_cell) = match (&cell, &spec.default) {
                (c, Some(default)) if c.is_empty() => (cell_of_toml(default), false),
                _ => (cell, at.is_some()),
            };
            if cell.is_empty() {
                continue;
            }
            let list_item = list_item_of(path);
            match self.value(spec, path, node, &cell) {
                Ok(value) => {
                    insert(&mut fields, path, value);
                    if let Some(item) = list_item {
                        if from_cell {
                            from_cells.insert(item);
                        } else {
                            fixed_only.insert(item);
                        }
                    }
                }
                Err(message) => problems.push(Problem {
                    at: at.unwrap_or_else(|| format!("rules fields.{path}")),
                    field: path.clone(),
                    message,
                }),
            }
        }
        // An item of a list whose every value is fixed (an approval's type with no date in
        // the row) is not in the row: drop it, last first so indexes hold.
        let mut empty: Vec<&String> = fixed_only.difference(&from_cells).collect();
        empty.sort_by_key(|item| std::cmp::Reverse(item_index(item)));
        for item in empty {
            remove_item(&mut fields, item);
        }
        Row {
            number,
            key,
            id,
            fields,
            cells,
            problems,
        }
    }

    /// A cell's value for a field, typed by the field's schema.
    fn value(
        &self,
        spec: &FieldSpec,
        path: &str,
        node: &Json,
        cell: &Cell,
    ) -> Result<Json, String> {
        let root = &self.kind.schema;
        if let Some(items) = node.get("items") {
            let items = follow_ref(root, items);
            if items.get("properties").is_some() {
                return Err(format!(
                    "`{path}` is a list of groups of fields: map each item's fields ({path}.0.…)"
                ));
            }
            let separator = spec
                .split
                .as_deref()
                .or(self.rules.separator.as_deref())
                .unwrap_or(";");
            let text = cell.text();
            let parts = text
                .split(separator)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|part| self.scalar(spec, items, &Cell::Text(part.to_owned())))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Json::Array(parts));
        }
        self.scalar(spec, node, cell)
    }

    fn scalar(&self, spec: &FieldSpec, node: &Json, cell: &Cell) -> Result<Json, String> {
        let text = cell.text();
        let allowed: Vec<String> = node
            .get("enum")
            .and_then(Json::as_array)
            .map(|values| values.iter().map(plain_text).collect())
            .unwrap_or_default();
        let mut cell = cell.clone();
        if !spec.map.is_empty() {
            let wanted = normal(&text);
            match spec.map.iter().find(|(from, _)| normal(from) == wanted) {
                Some((_, to)) => cell = cell_of_toml(to),
                None if !allowed.is_empty()
                    && !allowed.iter().any(|a| a.eq_ignore_ascii_case(&text)) =>
                {
                    let known: Vec<&str> = spec
                        .map
                        .keys()
                        .map(String::as_str)
                        .chain(allowed.iter().map(String::as_str))
                        .collect();
                    let close = suggest::closest(&text, known.iter().copied());
                    return Err(format!(
                        "`{text}` matches nothing in the rules' map{}\n  the map reads: {}",
                        suggest::did_you_mean(close),
                        spec.map.keys().cloned().collect::<Vec<_>>().join(", ")
                    ));
                }
                None => {}
            }
        }
        let text = cell.text();
        if spec.staff {
            return self.roster.resolve(&text).map(Json::String);
        }
        if is_date(&self.kind.schema, node) {
            return date::read(&cell, self.rules.date_format).map(|d| Json::String(d.to_string()));
        }
        if !allowed.is_empty() {
            if let Some(value) = allowed
                .iter()
                .find(|a| **a == text || a.eq_ignore_ascii_case(&text))
            {
                let enum_values = node.get("enum").and_then(Json::as_array);
                let original = enum_values.and_then(|v| v.iter().find(|e| plain_text(e) == *value));
                return Ok(original
                    .cloned()
                    .unwrap_or_else(|| Json::String(value.clone())));
            }
            let close = suggest::closest(&text, allowed.iter().map(String::as_str));
            return Err(format!(
                "`{text}` is not an allowed value{}\n  allowed values: {}",
                suggest::did_you_mean(close),
                allowed.join(", ")
            ));
        }
        if type_is(node, "boolean") {
            return match (&cell, text.to_ascii_lowercase().as_str()) {
                (Cell::Bool(b), _) => Ok(Json::Bool(*b)),
                (_, "true" | "yes" | "y") => Ok(Json::Bool(true)),
                (_, "false" | "no" | "n") => Ok(Json::Bool(false)),
                _ => Err(format!(
                    "`{text}` is not yes or no: add it to the rules' map"
                )),
            };
        }
        if type_is(node, "integer") || type_is(node, "number") {
            let number = match &cell {
                Cell::Number(n) => Some(*n),
                _ => text.parse::<f64>().ok(),
            };
            return match number {
                #[allow(clippy::cast_possible_truncation)]
                Some(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Json::from(n as i64)),
                Some(n) if type_is(node, "number") => serde_json::Number::from_f64(n)
                    .map(Json::Number)
                    .ok_or_else(|| format!("`{text}` is not a number")),
                _ => Err(format!("`{text}` is not a whole number")),
            };
        }
        Ok(Json::String(text))
    }
}

/// A title as compared: lowercase, single spaces.
fn normal(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `approvals.0.approved` → `approvals.*.approved`, as schemas are searched.
fn schema_path(path: &str) -> String {
    path.split('.')
        .map(|s| if is_index(s) { "*" } else { s })
        .collect::<Vec<_>>()
        .join(".")
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The list item a path lies in (`approvals.0` for `approvals.0.approved`).
fn list_item_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('.').collect();
    let at = segments.iter().position(|s| is_index(s))?;
    Some(segments[..=at].join("."))
}

fn item_index(item: &str) -> usize {
    item.rsplit('.')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn type_is(node: &Json, name: &str) -> bool {
    match node.get("type") {
        Some(Json::String(t)) => t == name,
        Some(Json::Array(types)) => types.iter().any(|t| t == name),
        _ => false,
    }
}

fn is_date(root: &Json, node: &Json) -> bool {
    follow_ref(root, node).get("format").and_then(Json::as_str) == Some("date")
}

fn cell_of_toml(value: &toml::Value) -> Cell {
    match value {
        toml::Value::String(s) => Cell::Text(s.clone()),
        #[allow(clippy::cast_precision_loss)]
        toml::Value::Integer(i) => Cell::Number(*i as f64),
        toml::Value::Float(f) => Cell::Number(*f),
        toml::Value::Boolean(b) => Cell::Bool(*b),
        other => Cell::Text(other.to_string()),
    }
}

/// Sets the value at a dotted path, making objects and list items on the way.
fn insert(fields: &mut Map<String, Json>, path: &str, value: Json) {
    let segments: Vec<&str> = path.split('.').collect();
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let slot = fields.entry((*first).to_owned()).or_insert(Json::Null);
    insert_at(slot, rest, value);
}

fn insert_at(slot: &mut Json, rest: &[&str], value: Json) {
    let Some((segment, rest)) = rest.split_first() else {
        *slot = value;
        return;
    };
    if is_index(segment) {
        let index: usize = segment.parse().unwrap_or(0);
        if !slot.is_array() {
            *slot = Json::Array(Vec::new());
        }
        if let Json::Array(items) = slot {
            while items.len() <= index {
                items.push(Json::Null);
            }
            insert_at(&mut items[index], rest, value);
        }
    } else {
        if !slot.is_object() {
            *slot = Json::Object(Map::new());
        }
        if let Json::Object(map) = slot {
            let next = map.entry((*segment).to_owned()).or_insert(Json::Null);
            insert_at(next, rest, value);
        }
    }
}

/// Removes the list item at `list.N` (a path `list_item_of` gave); an emptied list goes too.
fn remove_item(fields: &mut Map<String, Json>, item: &str) {
    let Some((list, index)) = item.rsplit_once('.') else {
        return;
    };
    let index: usize = index.parse().unwrap_or(usize::MAX);
    let segments: Vec<&str> = list.split('.').collect();
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let mut node = fields.get_mut(*first);
    for segment in rest {
        node = node.and_then(|n| n.get_mut(*segment));
    }
    if let Some(Json::Array(items)) = node {
        if index < items.len() {
            items.remove(index);
        }
        items.retain(|i| !i.is_null());
        if items.is_empty() && rest.is_empty() {
            fields.remove(*first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_and_list_items_are_built_from_paths() {
        let mut fields = Map::new();
        insert(&mut fields, "source.type", Json::from("audit"));
        insert(&mut fields, "approvals.0.type", Json::from("amhp"));
        insert(&mut fields, "approvals.1.type", Json::from("bia"));
        insert(
            &mut fields,
            "approvals.1.approved",
            Json::from("2025-01-02"),
        );
        assert_eq!(
            Json::Object(fields.clone()),
            serde_json::json!({"source": {"type": "audit"}, "approvals": [{"type": "amhp"}, {"type": "bia", "approved": "2025-01-02"}]})
        );
        remove_item(&mut fields, "approvals.0");
        assert_eq!(
            fields.get("approvals"),
            Some(&serde_json::json!([{"type": "bia", "approved": "2025-01-02"}]))
        );
        remove_item(&mut fields, "approvals.0");
        assert_eq!(fields.get("approvals"), None);
        assert_eq!(schema_path("approvals.0.approved"), "approvals.*.approved");
        assert_eq!(
            list_item_of("approvals.10.approved").as_deref(),
            Some("approvals.10")
        );
    }
}
