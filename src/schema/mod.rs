//! The record kinds: built-in schemas, a repository's own `schemas/`, compiled validators.
//!
//! A kind is a JSON Schema (draft 2020-12, in YAML) plus its `x-qaledger` block. Built-ins are
//! embedded from the top-level `schemas/` folder; `<root>/schemas/<kind>.schema.yaml` replaces
//! one, any other schema file there adds a kind. A broken schema stops the tool (exit 2).

pub mod contract;
pub mod extension;
pub mod fields;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::yaml;
use crate::record::{Fields, Leaf};
use crate::time::duration::Duration;
pub use extension::KindSpec;
use extension::{Condition, IntervalSource, Matcher, Within};

/// The extension key in a schema file.
pub const EXTENSION_KEY: &str = "x-qaledger";

/// The keyword beside a `pattern` that says in words what it accepts ("a staff id such as
/// `jsmith`"): a message never shows a regular expression to the person who must fix the value.
pub const PATTERN_DESCRIPTION: &str = "x-qaledger-pattern-description";
/// Beside an `enum`: each value's title, the words people read in place of the value
/// (`leder: LeDeR review`); a value without one is shown as written.
pub const VALUE_TITLES: &str = "x-qaledger-titles";

/// The schemas shipped inside the binary, as (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "audit.schema.yaml",
        include_str!("../../schemas/audit.schema.yaml"),
    ),
    (
        "complaint.schema.yaml",
        include_str!("../../schemas/complaint.schema.yaml"),
    ),
    (
        "supervision.schema.yaml",
        include_str!("../../schemas/supervision.schema.yaml"),
    ),
    (
        "staff.schema.yaml",
        include_str!("../../schemas/staff.schema.yaml"),
    ),
    (
        "action.schema.yaml",
        include_str!("../../schemas/action.schema.yaml"),
    ),
    (
        "review.schema.yaml",
        include_str!("../../schemas/review.schema.yaml"),
    ),
];

/// One record kind, ready to validate records.
pub struct Kind {
    pub spec: KindSpec,
    /// Where it came from: `built-in` or the schema file's path relative to the root.
    pub source: String,
    /// The schema as JSON (for "did you mean" and `schema show`).
    pub schema: serde_json::Value,
    pub validator: jsonschema::Validator,
    /// Field paths that loading keeps for the later stages.
    pub used_fields: Vec<String>,
    /// The fields `check` keeps (`KindSpec::checked_fields`, with those of this kind that other
    /// kinds' date orders read through a reference).
    pub checked_fields: Vec<String>,
    /// For `used_fields[i]`: its one shared copy (`record::field_path`), and whether `check`
    /// keeps a leaf at that path (`checks` of it). Worked out once, as the cache's decoder
    /// asks for every leaf it reads.
    used_table: Vec<(&'static str, bool)>,
    /// Which working out of `used_table` this is, unique in the process (0 before the first):
    /// what an answer worked out from its checked fields is remembered under.
    generation: u64,
    /// The record fields its deadlines take a duration from (`after: [{field: …}]`), sorted
    /// and once each: every record's durations are range-checked there.
    pub duration_fields: Vec<String>,
}

impl Kind {
    /// A field's allowed values (its `enum`, in schema order), e.g. `source.type`.
    pub fn allowed_values(&self, path: &str) -> Option<Vec<String>> {
        let root = &self.schema;
        let mut node = follow_ref(root, root);
        for segment in path.split('.') {
            node = follow_ref(root, node.get("properties")?.get(segment)?);
        }
        let values = node.get("enum")?.as_array()?;
        Some(
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        )
    }

    /// The title the schema gives `value` of the field at `path` (a leaf's path, list
    /// positions as numbers: `learning_level.0`), from the `x-qaledger-titles` beside its enum.
    pub fn value_title(&self, path: &str, value: &str) -> Option<&str> {
        let pattern: Vec<&str> = path
            .split('.')
            .map(|s| {
                if s.bytes().all(|b| b.is_ascii_digit()) {
                    "*"
                } else {
                    s
                }
            })
            .collect();
        let root = &self.schema;
        let node = field_schema(root, root, &pattern.join("."))?;
        [node, follow_ref(root, node)]
            .into_iter()
            .find_map(|n| n.get(VALUE_TITLES)?.get(value)?.as_str())
    }

    /// Whether loading keeps this leaf (`approvals.0.type` is kept when `approvals.*` is used).
    pub fn uses(&self, path: &str) -> bool {
        self.used_fields
            .iter()
            .any(|used| crate::record::path_matches(path, used))
    }

    /// Whether `check` keeps the leaf at `path` (concrete: `sources.0`).
    pub fn checks(&self, path: &str) -> bool {
        self.checked_fields
            .iter()
            .any(|checked| crate::record::path_matches(path, checked))
    }

    /// The shared path `used_fields[i]` and `checks` of it, without looking either up again.
    pub fn used_field(&self, i: usize) -> Option<(&'static str, bool)> {
        self.used_table.get(i).copied()
    }

    /// Which working out of what `check` keeps of it this is (`used_table`): unique in the
    /// process, so an answer remembered for one is never taken for another's.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Works out `used_table` again, after `used_fields` or `checked_fields` changed.
    fn mark_checked(&mut self) {
        static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        self.used_table = self
            .used_fields
            .iter()
            .map(|u| (crate::record::field_path(u), self.checks(u)))
            .collect();
    }

    /// Whether a view may show the leaf at `path` (concrete: `person.case_ref`): it is not in
    /// one of the kind's case-reference fields (`x-qaledger.case_refs`), or they are included.
    pub fn shows(&self, path: &str, case_refs: CaseRefs) -> bool {
        case_refs == CaseRefs::Included || !self.spec.is_case_ref(path)
    }

    /// The leaves matching `pattern` that a view may show (`shows`): what every view reads a
    /// record's text through, so no renderer has to decide.
    pub fn shown<'a>(
        &'a self,
        fields: &'a Fields,
        pattern: &'a str,
        case_refs: CaseRefs,
    ) -> impl Iterator<Item = &'a Leaf> + 'a {
        fields
            .values(pattern)
            .filter(move |leaf| self.shows(&leaf.path, case_refs))
    }
}

/// Whether an output shows case references. A `case_ref` is pseudonymous, and pseudonymous
/// data is still personal data (SPEC §2): what the views write is mailed, attached and printed,
/// so they leave case references out unless asked. `show` and `check`, which quote a record
/// to the people who edit it, include them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseRefs {
    /// Left out: every view's default.
    #[default]
    Withheld,
    /// Shown (`--include-case-refs`, `show`).
    Included,
}

pub struct SchemaSet {
    kinds: Vec<Kind>,
}

/// Whether the repository has a `schemas/` folder; a link named `schemas` is refused, not
/// followed, and anything else by that name is not a folder of schemas.
fn has_schema_folder(dir: &Path) -> Result<bool> {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return Ok(false);
    };
    if meta.is_symlink() {
        return Err(Error::Schema {
            path: "schemas".to_owned(),
            message: "is a symbolic link, and qaledger follows none: make it a folder".to_owned(),
        });
    }
    Ok(meta.is_dir())
}

/// The index of a kind in a `SchemaSet`.
pub type KindId = usize;

impl SchemaSet {
    /// The built-in kinds, overridden and extended by `<root>/schemas/`.
    pub fn load(root: &Path, config: &Config) -> Result<SchemaSet> {
        Self::from_sources(Some(&root.join("schemas")), config)
    }

    /// The built-in kinds alone (what `init` writes out).
    pub fn built_in(config: &Config) -> Result<SchemaSet> {
        Self::from_sources(None, config)
    }

    fn from_sources(dir: Option<&Path>, config: &Config) -> Result<SchemaSet> {
        let dir = match dir {
            Some(dir) if has_schema_folder(dir)? => Some(dir),
            _ => None,
        };
        let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (file, text) in BUILT_IN {
            let name = file.trim_end_matches(".schema.yaml");
            sources.insert(name.to_owned(), ("built-in".to_owned(), (*text).to_owned()));
        }
        if let Some(dir) = dir {
            let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for path in files {
                let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
                    continue;
                };
                let Some(name) = [".schema.yaml", ".schema.yml", ".schema.json"]
                    .iter()
                    .find_map(|ext| file.strip_suffix(ext))
                else {
                    continue;
                };
                let text = crate::load::read_text(&path).map_err(|message| Error::Schema {
                    path: format!("schemas/{file}"),
                    message,
                })?;
                sources.insert(name.to_owned(), (format!("schemas/{file}"), text));
            }
        }
        let mut kinds = Vec::new();
        for (name, (source, text)) in sources {
            kinds.push(compile(&name, source, &text)?);
        }
        let set = SchemaSet { kinds };
        set.check_consistency(config)?;
        set.check_contracts()?;
        Ok(set
            .with_remote_fields()
            .with_needed_fields()
            .with_checked_fields())
    }

    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    pub fn get(&self, id: KindId) -> &Kind {
        &self.kinds[id]
    }

    pub fn by_folder(&self, folder: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.spec.folder == folder)
    }

    pub fn by_name(&self, name: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.spec.kind == name)
    }

    /// The kind called `name`, or a usage error that suggests one (a folder name suggests its
    /// kind: `audits` → `audit`) and lists them all.
    pub fn find(&self, name: &str) -> Result<&Kind> {
        if let Some(id) = self.by_name(name) {
            return Ok(self.get(id));
        }
        let names: Vec<&str> = self.kinds.iter().map(|k| k.spec.kind.as_str()).collect();
        let close = self
            .by_folder(name)
            .map(|id| self.get(id).spec.kind.as_str())
            .or_else(|| crate::diagnostic::suggest::closest(name, names.iter().copied()));
        let hint = crate::diagnostic::suggest::did_you_mean(close);
        Err(Error::Usage(format!(
            "`{name}` is not a kind of record{hint}\n  the kinds are: {}",
            names.join(", ")
        )))
    }

    /// Every configuration name the deadline rules and retention periods read
    /// (`timescales.complaint_response`, `retention.complaint`).
    pub fn config_names(&self) -> BTreeSet<String> {
        let deadlines = self
            .kinds
            .iter()
            .flat_map(|k| &k.spec.deadlines)
            .flat_map(|d| &d.due)
            .flat_map(|due| due.after.iter().flat_map(|a| a.as_slice()));
        let retention = self
            .kinds
            .iter()
            .filter_map(|k| k.spec.retention.as_ref())
            .flat_map(|r| r.after.as_slice());
        deadlines
            .chain(retention)
            .filter_map(|source| source.config.clone())
            .collect()
    }

    /// Folder names, for messages.
    pub fn folders(&self) -> Vec<&str> {
        self.kinds.iter().map(|k| k.spec.folder.as_str()).collect()
    }

    /// Cross-kind sanity: unique folders, known kinds and configuration names everywhere.
    fn check_consistency(&self, config: &Config) -> Result<()> {
        let names: BTreeSet<&str> = self.kinds.iter().map(|k| k.spec.kind.as_str()).collect();
        let mut folders = BTreeSet::new();
        for kind in &self.kinds {
            let fail = |message: String| Error::Schema {
                path: kind.source.clone(),
                message,
            };
            if !folders.insert(kind.spec.folder.as_str()) {
                return Err(fail(format!(
                    "{EXTENSION_KEY}.folder `{}` is already used by another kind",
                    kind.spec.folder
                )));
            }
            let known_kind = |k: &str, what: &str| {
                if names.contains(k) {
                    Ok(())
                } else {
                    Err(fail(format!(
                        "{what} names kind `{k}`, which no schema defines"
                    )))
                }
            };
            for r in &kind.spec.references {
                let by = r
                    .kinds_by
                    .iter()
                    .flat_map(|b| b.map.values().flatten().chain(&b.otherwise));
                for k in r.kinds.iter().chain(by) {
                    known_kind(k, &format!("reference `{}`", r.field))?;
                }
                if r.kinds.is_empty() && r.kinds_by.is_none() {
                    return Err(fail(format!(
                        "reference `{}` needs `kinds` or `kinds_by`",
                        r.field
                    )));
                }
            }
            for deadline in &kind.spec.deadlines {
                let what = format!("deadline `{}`", deadline.name);
                check_condition(&deadline.when).map_err(|m| fail(format!("{what}: {m}")))?;
                if let Some(latest) = &deadline.latest {
                    if let Some(k) = &latest.kind {
                        known_kind(k, &what)?;
                    }
                    let shape = (latest.kind.is_some() && latest.subject.is_some())
                        != latest.list.is_some();
                    if !shape {
                        return Err(fail(format!(
                            "{what}: `latest` needs either `kind` and `subject`, or `list`"
                        )));
                    }
                }
                if deadline.due.is_empty() {
                    return Err(fail(format!("{what} has no `due` alternatives")));
                }
                for due in &deadline.due {
                    check_condition(&due.when).map_err(|m| fail(format!("{what}: {m}")))?;
                    if due.field.is_none() && (due.from.is_none() || due.after.is_none()) {
                        return Err(fail(format!(
                            "{what}: each `due` alternative needs `field`, or `from` and `after`"
                        )));
                    }
                    for source in due.after.iter().flat_map(|a| a.as_slice()) {
                        check_interval(source, config, &what).map_err(fail)?;
                    }
                }
            }
            for source in kind
                .spec
                .lifecycle
                .all_moves()
                .filter_map(|m| m.maximum.as_ref())
            {
                check_interval(source, config, "lifecycle.moves.maximum").map_err(fail)?;
            }
            for stage in &kind.spec.lifecycle.stage_moves {
                check_condition(&stage.when)
                    .map_err(|m| fail(format!("lifecycle.stage_moves: {m}")))?;
            }
            for rule in &kind.spec.consistency {
                check_condition(&rule.when).map_err(|m| fail(format!("consistency: {m}")))?;
            }
            if let Some(retention) = &kind.spec.retention {
                check_condition(&retention.when).map_err(|m| fail(format!("retention: {m}")))?;
                if retention.from.is_empty() {
                    return Err(fail("retention: `from` names no date field".to_owned()));
                }
                for source in retention.after.as_slice() {
                    check_interval(source, config, "retention").map_err(fail)?;
                }
            }
            for deadline in &kind.spec.deadlines {
                let Some(status) = &deadline.done_status else {
                    continue;
                };
                let what = format!("deadlines ({}).done_status", deadline.name);
                let field = kind.spec.status.as_ref().map(|s| s.field.as_str());
                let allowed = field
                    .and_then(|f| field_schema(&kind.schema, &kind.schema, f))
                    .and_then(|f| follow_ref(&kind.schema, f).get("enum"))
                    .and_then(serde_json::Value::as_array);
                let known = allowed.is_none_or(|values| values.iter().any(|v| v == status));
                if field.is_none() || deadline.done.is_none() || !known {
                    return Err(fail(format!(
                        "{what}: `{status}` must be a value of the kind's status field, on a deadline with a `done` field"
                    )));
                }
            }
            self.check_named_fields(kind).map_err(fail)?;
        }
        Ok(())
    }

    /// Every field the `x-qaledger` block names is a property of the schema it lives in (this
    /// kind's, another kind's, or a list's items), nested paths included.
    fn check_named_fields(&self, kind: &Kind) -> std::result::Result<(), String> {
        for named in kind.spec.named_fields() {
            let (root, start, whose) = match &named.within {
                Within::Own => (&kind.schema, Some(&kind.schema), String::new()),
                Within::Kind(other) => {
                    // An unknown kind is reported by the checks above.
                    let Some(id) = self.by_name(other) else {
                        continue;
                    };
                    let schema = &self.get(id).schema;
                    (schema, Some(schema), format!(" of kind `{other}`"))
                }
                Within::ListItems(list) => (
                    &kind.schema,
                    field_schema(&kind.schema, &kind.schema, &format!("{list}.*")),
                    format!(" of the items of `{list}`"),
                ),
            };
            if start
                .and_then(|start| field_schema(root, start, &named.path))
                .is_none()
            {
                return Err(format!(
                    "{EXTENSION_KEY}.{} names `{}`, which is not a field{whose} in the schema's properties",
                    named.key, named.path
                ));
            }
        }
        Ok(())
    }

    /// Every field a view reads (`contract::NEEDS`) of a kind that exists is a property of that
    /// kind's schema: a council's schema that drops one would give blank columns, no warning.
    fn check_contracts(&self) -> Result<()> {
        for kind in &self.kinds {
            let needs = contract::NEEDS.iter().filter(|n| n.kind == kind.spec.kind);
            for need in needs {
                if field_schema(&kind.schema, &kind.schema, need.field).is_none() {
                    return Err(Error::Schema {
                        path: kind.source.clone(),
                        message: format!(
                            "{} needs the field `{}`, which is not in the schema's properties",
                            need.who, need.field
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Loading keeps, besides the fields the rules and views read, those `also` names for each
    /// kind (patterns as in `used_fields`: `agreed.date`, `themes`, `updates.*.date`): `export`
    /// keeps the fields it writes. Only `Repository::open_for_export` asks for this.
    pub fn keeping(mut self, also: &dyn Fn(&Kind) -> Vec<String>) -> SchemaSet {
        for kind in &mut self.kinds {
            let mut more = also(kind);
            kind.used_fields.append(&mut more);
            kind.used_fields.sort();
            kind.used_fields.dedup();
            kind.mark_checked();
        }
        self
    }

    /// Loading keeps every field a view reads, whether or not the schema's `keep:` lists it.
    fn with_needed_fields(mut self) -> SchemaSet {
        for kind in &mut self.kinds {
            let needs = contract::NEEDS.iter().filter(|n| n.kind == kind.spec.kind);
            let mut added = false;
            for need in needs {
                if !kind.used_fields.iter().any(|f| f == need.field) {
                    kind.used_fields.push(need.field.to_owned());
                    added = true;
                }
            }
            if added {
                kind.used_fields.sort();
            }
        }
        self
    }

    /// Some rules read fields of other kinds: a date order such as `supervisee->left` reads
    /// `left` from staff records, and a cadence reads the latest supervision's `date` and
    /// `next_due`. Make sure those kinds keep the fields.
    fn with_remote_fields(mut self) -> SchemaSet {
        let mut additions = self.remote_date_order_fields();
        for kind in &self.kinds {
            for deadline in &kind.spec.deadlines {
                let Some(latest) = &deadline.latest else {
                    continue;
                };
                let Some(target) = latest.kind.as_deref().and_then(|k| self.by_name(k)) else {
                    continue;
                };
                let due_fields = deadline
                    .due
                    .iter()
                    .flat_map(|d| [&d.field, &d.from])
                    .flatten();
                let read = due_fields
                    .filter(|p| p.on_latest)
                    .map(|p| p.path.as_str())
                    .chain(latest.subject.as_deref())
                    .chain([latest.date.as_str()])
                    .chain(latest.when.keys().map(String::as_str));
                additions.extend(read.map(|field| (target, field.to_owned())));
            }
        }
        for (id, field) in additions {
            let used = &mut self.kinds[id].used_fields;
            if !used.contains(&field) {
                used.push(field);
                used.sort();
            }
        }
        self
    }

    /// What `check` keeps of each kind: its own `checked_fields`, and the fields other kinds'
    /// date orders read from its records.
    fn with_checked_fields(mut self) -> SchemaSet {
        for (id, field) in self.remote_date_order_fields() {
            self.kinds[id].checked_fields.push(field);
        }
        for kind in &mut self.kinds {
            kind.checked_fields.sort();
            kind.checked_fields.dedup();
            kind.mark_checked();
        }
        self
    }

    /// The fields a date order reads from the record a reference names (`supervisee->left`
    /// reads `left` of staff records), by the kind they are read from.
    fn remote_date_order_fields(&self) -> Vec<(KindId, String)> {
        let mut fields = Vec::new();
        for kind in &self.kinds {
            for order in &kind.spec.date_order {
                for side in [&order.earlier, &order.later] {
                    let Some(remote) = &side.remote else {
                        continue;
                    };
                    for r in kind
                        .spec
                        .references
                        .iter()
                        .filter(|r| r.field == side.local)
                    {
                        for target in r.kinds.iter().filter_map(|t| self.by_name(t)) {
                            fields.push((target, remote.to_owned()));
                        }
                    }
                }
            }
        }
        fields
    }
}

/// Follows a schema node's local `$ref` (`#/$defs/date`) to what it names, a few hops at most.
pub fn follow_ref<'a>(
    root: &'a serde_json::Value,
    mut node: &'a serde_json::Value,
) -> &'a serde_json::Value {
    for _ in 0..16 {
        let target = node
            .get("$ref")
            .and_then(serde_json::Value::as_str)
            .and_then(|r| r.strip_prefix('#'));
        match target.and_then(|pointer| root.pointer(pointer)) {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// The schema of the field at `path` (dotted keys, `*` for a list's items) below `node`:
/// found in `properties` or `items`, through local `$ref`s and the `allOf` / `anyOf` /
/// `oneOf` / `then` / `else` branches, a bounded number of levels deep.
pub fn field_schema<'a>(
    root: &'a serde_json::Value,
    node: &'a serde_json::Value,
    path: &str,
) -> Option<&'a serde_json::Value> {
    fn child<'a>(
        root: &'a serde_json::Value,
        node: &'a serde_json::Value,
        segment: &str,
        depth: usize,
    ) -> Option<&'a serde_json::Value> {
        let node = follow_ref(root, node);
        let direct = if segment == "*" {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(segment))
        };
        if direct.is_some() || depth >= 8 {
            return direct;
        }
        let branches = ["allOf", "anyOf", "oneOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(serde_json::Value::as_array))
            .flatten()
            .chain(["then", "else"].iter().filter_map(|k| node.get(*k)));
        branches
            .into_iter()
            .find_map(|branch| child(root, branch, segment, depth + 1))
    }
    if path.is_empty() {
        return None;
    }
    path.split('.')
        .try_fold(node, |node, segment| child(root, node, segment, 0))
}

/// The names an object schema's `required` lists.
pub fn required(node: &serde_json::Value) -> Vec<&str> {
    node.get("required")
        .and_then(serde_json::Value::as_array)
        .map(|r| r.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default()
}

/// Where a schema has a `pattern` without its `x-qaledger-pattern-description` (dotted, from
/// the schema's top: `$defs.staff_id`): `check` can then say only that a value is not in the
/// form needed, so `schema list` and `schema show` warn about each.
pub fn undescribed_patterns(schema: &serde_json::Value) -> Vec<String> {
    fn walk(node: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match node {
            serde_json::Value::Object(map) => {
                let has_pattern = map.get("pattern").is_some_and(serde_json::Value::is_string);
                if has_pattern && !map.contains_key(PATTERN_DESCRIPTION) {
                    out.push(if at.is_empty() {
                        "(top)".to_owned()
                    } else {
                        at.to_owned()
                    });
                }
                for (key, value) in map {
                    walk(value, &crate::record::join(at, key), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &crate::record::join(at, &i.to_string()), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(schema, "", &mut out);
    out
}

/// Every `x-qaledger-titles` is a map of text to text beside an `enum` holding each of its
/// keys; else where it is wrong (dotted from the schema's top) and why.
fn check_value_titles(schema: &serde_json::Value) -> std::result::Result<(), String> {
    fn walk(node: &serde_json::Value, at: &str) -> std::result::Result<(), String> {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(titles) = map.get(VALUE_TITLES) {
                    let here = crate::record::join(at, VALUE_TITLES);
                    let titles = titles
                        .as_object()
                        .ok_or_else(|| format!("`{here}` must map each value to its title"))?;
                    let values: Vec<String> = map
                        .get("enum")
                        .and_then(serde_json::Value::as_array)
                        .ok_or_else(|| format!("`{here}` stands beside no `enum`"))?
                        .iter()
                        .map(plain_text)
                        .collect();
                    for (value, title) in titles {
                        if !values.contains(value) {
                            return Err(format!(
                                "`{here}` gives a title to `{value}`, which is not one of its `enum` values"
                            ));
                        }
                        if title.as_str().is_none_or(|t| t.trim().is_empty()) {
                            return Err(format!("`{here}.{value}` must be a title (text)"));
                        }
                    }
                }
                for (key, value) in map {
                    if key != VALUE_TITLES {
                        walk(value, &crate::record::join(at, key))?;
                    }
                }
                Ok(())
            }
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| walk(item, &crate::record::join(at, &i.to_string()))),
            _ => Ok(()),
        }
    }
    walk(schema, "")
}

/// A schema value (an `enum` entry, a `const`) as a person writes it: text without quotes.
pub fn plain_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An interval source names exactly one of `config`, `field` or `duration`; a configuration
/// duration qaledger.toml has, with as many `key` fields as its table takes; a literal in range.
fn check_interval(
    source: &IntervalSource,
    config: &Config,
    what: &str,
) -> std::result::Result<(), String> {
    let given = [
        source.config.is_some(),
        source.field.is_some(),
        source.duration.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(format!(
            "{what}: each `after` source needs exactly one of `config`, `field` or `duration`"
        ));
    }
    if let Some(name) = &source.config {
        let keys = source.key.as_ref().map_or(0, |k| k.as_slice().len());
        if !config.names_duration(name, keys) {
            return Err(format!(
                "{what}: `{name}` is not a duration in qaledger.toml (use timescales.KEY, retention.KEY, supervision.default, supervision.roles with `key`, or procedures.STAGE.TIMESCALE with `key: [procedure]` or, for `response`, `[procedure, complexity]`)"
            ));
        }
    }
    if let Some(text) = &source.duration {
        text.parse::<Duration>()
            .map_err(|e| format!("{what}: {e}"))?
            .within_range()
            .map_err(|e| format!("{what}: {e}"))?;
    }
    Ok(())
}

fn check_condition(condition: &Condition) -> std::result::Result<(), String> {
    for (field, matcher) in condition {
        if let Matcher::OneOf(values) = matcher {
            if values.iter().any(|v| v.is_object() || v.is_array()) {
                return Err(format!(
                    "condition on `{field}` must list plain values, or say `set` / `unset`"
                ));
            }
        }
    }
    Ok(())
}

/// Parses and compiles one schema file.
fn compile(name: &str, source: String, text: &str) -> Result<Kind> {
    let fail = |message: String| Error::Schema {
        path: source.clone(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let schema = if source.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| fail(e.to_string()))?
    } else {
        yaml::parse(text)
            .map_err(|e| {
                let pos = e.pos();
                fail(format!(
                    "line {}, column {}: not valid YAML ({e:?})",
                    pos.line, pos.col
                ))
            })?
            .to_json()
    };
    let block = schema
        .get(EXTENSION_KEY)
        .ok_or_else(|| fail(format!("has no `{EXTENSION_KEY}` block")))?;
    let spec: KindSpec =
        serde_json::from_value(block.clone()).map_err(|e| fail(format!("{EXTENSION_KEY}: {e}")))?;
    if spec.kind != name {
        return Err(fail(format!(
            "{EXTENSION_KEY}.kind is `{}` but the file is named for `{name}`",
            spec.kind
        )));
    }
    spec.check_names()
        .map_err(|m| fail(format!("{EXTENSION_KEY}.{m}")))?;
    check_value_titles(&schema).map_err(fail)?;
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| fail(format!("is not a valid JSON Schema: {e}")))?;
    let used_fields = spec.used_fields();
    let checked_fields = spec.checked_fields();
    let duration_fields = spec.duration_fields();
    Ok(Kind {
        spec,
        source,
        schema,
        validator,
        used_fields,
        checked_fields,
        used_table: Vec::new(),
        generation: 0,
        duration_fields,
    })
}

/// The built-in schemas under the default configuration, for unit tests across the crate.
#[cfg(test)]
pub(crate) fn built_in_for_tests() -> SchemaSet {
    let config = Config::parse("", "qaledger.toml".into()).unwrap_or_else(|e| panic!("{e}"));
    SchemaSet::built_in(&config).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
impl SchemaSet {
    /// The same schemas with `check` keeping `field` (a pattern) of the kind `id` too.
    pub(crate) fn checking_for_tests(mut self, id: KindId, field: &str) -> SchemaSet {
        if let Some(kind) = self.kinds.get_mut(id) {
            kind.checked_fields.push(field.to_owned());
            kind.mark_checked();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::built_in_for_tests as built_in;
    use super::*;

    #[test]
    fn enum_values_have_the_titles_the_schema_gives_them() {
        let set = built_in();
        let audit = set.find("audit").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            audit.value_title("type", "experiences-and-outcomes"),
            Some("Experiences and outcomes audit")
        );
        assert_eq!(
            audit.value_title("grade", "requires-improvement"),
            Some("Requires improvement")
        );
        assert_eq!(
            audit.value_title("learning_level.1", "systemic"),
            Some("Systemic")
        );
        assert_eq!(audit.value_title("type", "no-such-type"), None);
        assert_eq!(audit.value_title("notes", "anything"), None);
        let review = set.find("review").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(review.value_title("type", "leder"), Some("LeDeR review"));
    }

    #[test]
    fn value_titles_are_checked_at_load() {
        let titles = |node: serde_json::Value| {
            check_value_titles(&serde_json::json!({"properties": {"type": node}}))
        };
        assert_eq!(
            titles(
                serde_json::json!({"enum": ["a", "b"], "x-qaledger-titles": {"a": "A", "b": "Bee"}})
            ),
            Ok(())
        );
        assert_eq!(
            titles(serde_json::json!({"enum": ["a"], "x-qaledger-titles": {"c": "Sea"}})),
            Err("`properties.type.x-qaledger-titles` gives a title to `c`, which is not one of its `enum` values".to_owned())
        );
        assert_eq!(
            titles(serde_json::json!({"type": "string", "x-qaledger-titles": {"a": "A"}})),
            Err("`properties.type.x-qaledger-titles` stands beside no `enum`".to_owned())
        );
        assert_eq!(
            titles(serde_json::json!({"enum": ["a"], "x-qaledger-titles": ["A"]})),
            Err("`properties.type.x-qaledger-titles` must map each value to its title".to_owned())
        );
        assert_eq!(
            titles(serde_json::json!({"enum": ["a"], "x-qaledger-titles": {"a": 1}})),
            Err("`properties.type.x-qaledger-titles.a` must be a title (text)".to_owned())
        );
    }

    #[test]
    fn case_reference_fields_are_shown_only_when_included() {
        let set = built_in();
        let review = set.find("review").unwrap_or_else(|e| panic!("{e}"));
        assert!(!review.shows("case_ref", CaseRefs::Withheld));
        assert!(review.shows("case_ref", CaseRefs::Included));
        assert!(review.shows("type", CaseRefs::Withheld));
        // A field that only starts with the same letters is another field.
        assert!(review.shows("case_reference", CaseRefs::Withheld));
    }

    fn spec(extra: serde_json::Value) -> KindSpec {
        let mut value = serde_json::json!({"kind": "visit", "folder": "visits"});
        if let (Some(map), Some(more)) = (value.as_object_mut(), extra.as_object()) {
            map.extend(more.clone());
        }
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn case_refs_default_to_case_ref_and_may_name_other_fields_or_none() {
        assert_eq!(spec(serde_json::json!({})).case_refs, ["case_ref"]);
        assert!(
            spec(serde_json::json!({"case_refs": []}))
                .case_refs
                .is_empty()
        );
        assert_eq!(
            spec(serde_json::json!({"case_refs": ["person"]})).case_refs,
            ["person"]
        );
    }

    #[test]
    fn a_case_reference_field_hides_its_sub_fields() {
        let visit = spec(serde_json::json!({"case_refs": ["person", "contacts.*.ref"]}));
        assert!(visit.is_case_ref("person"));
        assert!(visit.is_case_ref("person.ref"));
        assert!(visit.is_case_ref("person.0.ref"));
        assert!(visit.is_case_ref("contacts.2.ref"));
        assert!(!visit.is_case_ref("contacts.2.name"));
        assert!(!visit.is_case_ref("case_ref"));
        assert!(!visit.is_case_ref("personal"));
    }
}
