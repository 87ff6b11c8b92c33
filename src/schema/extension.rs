//! The `x-qaledger` block of a schema: everything the tool needs beyond validation.
//!
//! Folder, id prefix, which fields are owner/team/title/status, references, date orders,
//! status consistency and deadline rules are data here, so a council changes policy by editing
//! schema files. This module describes and sanity-checks the block, and reads it for one record
//! (an interval, a retention period's end); the engines that use those are later stages.
//! `docs/schema-extension.md` is its user-facing reference.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::Config;
use crate::record::Fields;
use crate::time::duration::Duration;

/// A field path: dotted keys, `*` for every item of a list (`learning_form.actions.*`).
pub type FieldPath = String;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    /// Kind name, singular (`complaint`).
    pub kind: String,
    /// Folder under `records/`.
    pub folder: String,
    /// Ids are `PREFIX-YYYY-NNNN`; absent: the id is a lowercase slug (staff).
    #[serde(default)]
    pub id_prefix: Option<String>,
    /// References to this kind are checked only once at least one record of it exists.
    #[serde(default)]
    pub roster: bool,
    /// The first of these fields that is set is the record's main date.
    #[serde(default)]
    pub main_date: Vec<FieldPath>,
    /// Fields joined with " — " make the record's short title.
    #[serde(default)]
    pub title: Vec<FieldPath>,
    #[serde(default)]
    pub owner: Option<FieldPath>,
    #[serde(default)]
    pub team: Option<FieldPath>,
    #[serde(default)]
    pub themes: Option<FieldPath>,
    /// The fields naming a complaint procedure of `qaledger.toml` and its complexity band
    /// (`unknown-procedure` when the configuration has no such procedure or band).
    #[serde(default)]
    pub procedure: Option<ProcedureSpec>,
    #[serde(default)]
    pub status: Option<StatusSpec>,
    #[serde(default)]
    pub references: Vec<ReferenceSpec>,
    /// Dates of things that happened: a value after as-of is a `future-date` warning.
    #[serde(default)]
    pub happened: Vec<FieldPath>,
    #[serde(default)]
    pub date_order: Vec<DateOrder>,
    #[serde(default)]
    pub consistency: Vec<ConsistencyRule>,
    /// Fields that must not hold the same value (a complaint's stage-1 handler and its stage-2
    /// investigator): `same-person` when two of them do.
    #[serde(default)]
    pub distinct: Vec<DistinctRule>,
    /// Top-level text fields not scanned for personal data (staff `email`).
    #[serde(default)]
    pub personal_data_exempt: Vec<FieldPath>,
    /// Fields holding case references (pseudonymous, still personal data): the views leave
    /// them out unless asked (`--include-case-refs`). Absent: `[case_ref]`, so a schema written
    /// before this key existed keeps its case references out too; `[]` says there are none.
    #[serde(default = "default_case_refs")]
    pub case_refs: Vec<FieldPath>,
    #[serde(default)]
    pub deadlines: Vec<DeadlineSpec>,
    /// Further fields the compiled views show (tracker columns, summary counts); loading keeps
    /// these besides the ones the rules read.
    #[serde(default)]
    pub keep: Vec<FieldPath>,
    /// How a record reads at an as-of before some of its facts (time travel, SPEC §10).
    #[serde(default)]
    pub as_of: AsOfSpec,
    /// Top-level fields `new` writes as placeholders besides the required ones (staff `email`).
    #[serde(default)]
    pub draft: Vec<FieldPath>,
    /// Where the lifecycle commands (`note`, `move`) write.
    #[serde(default)]
    pub lifecycle: LifecycleSpec,
    /// How long a record is kept (UK GDPR storage limitation): `qaledger retention` lists, and
    /// `check` warns on, records kept past it. Absent: the kind has no retention period.
    #[serde(default)]
    pub retention: Option<RetentionSpec>,
}

/// A retention period: while `when` holds, the record may be kept until the first set date
/// of `from` plus the first available interval of `after` (a council's `[retention]` in
/// qaledger.toml, else a default the schema gives); after that it is past retention.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSpec {
    #[serde(default)]
    pub when: Condition,
    /// The dates the period may run from, the first set one wins (a complaint: its stage-2
    /// response, else its response).
    pub from: Vec<FieldPath>,
    pub after: OneOrMany<IntervalSource>,
}

/// Where `qaledger note` and `qaledger move` keep what they are told: each is a list of the
/// record whose items are mappings with the fields named here. Absent: the command refuses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleSpec {
    #[serde(default)]
    pub notes: Option<NotesSpec>,
    #[serde(default)]
    pub moves: Option<MovesSpec>,
    /// A later stage's own due date: when its `when` holds (the last one that does), `move`
    /// writes its `moves` instead (a complaint escalated to stage 2 moves the stage-2 response).
    #[serde(default)]
    pub stage_moves: Vec<StageMoves>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageMoves {
    pub when: Condition,
    pub moves: MovesSpec,
}

impl LifecycleSpec {
    /// Every move the kind keeps: `moves`, then each stage's.
    pub fn all_moves(&self) -> impl Iterator<Item = &MovesSpec> {
        self.moves
            .iter()
            .chain(self.stage_moves.iter().map(|s| &s.moves))
    }

    /// What `move` writes for a record: the last stage whose condition holds, else `moves`.
    pub fn moves_for(&self, fields: &Fields) -> Option<&MovesSpec> {
        self.stage_moves
            .iter()
            .rev()
            .find(|s| fields.satisfies(&s.when))
            .map(|s| &s.moves)
            .or(self.moves.as_ref())
    }
}

/// A dated note: `{<date>: …, <text>: …}` appended to `list`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotesSpec {
    pub list: FieldPath,
    pub date: FieldPath,
    pub text: FieldPath,
}

/// A due-date move: `field` gets the new date, and `{<date>, <from>, <to>, <reason>}` is
/// appended to `list`, so the history shows why it slipped.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovesSpec {
    pub field: FieldPath,
    pub list: FieldPath,
    pub date: FieldPath,
    pub from: FieldPath,
    pub to: FieldPath,
    pub reason: FieldPath,
    /// Where the date the other party was told of the move goes (`qaledger move --told`).
    #[serde(default)]
    pub told: Option<FieldPath>,
    /// The longest the date may be put back from its first value (the first move's `from`)
    /// without the item's `beyond_maximum` field saying why (`extension-beyond-maximum`).
    #[serde(default)]
    pub maximum: Option<IntervalSource>,
    #[serde(default)]
    pub beyond_maximum: Option<FieldPath>,
}

/// Time travel (SPEC §10): which fact brings a record into being and which dates are facts.
/// Every date of `happened`, `facts` and `exists_from` is a fact: after as-of it reads as unset.
/// Every other date (`due`, `scheduled`, `expires` …) is a plan and reads as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOfSpec {
    /// The fact that brings a record into being: while it lies after as-of, the record is in
    /// no view. Absent, or unset on a record: the record is always there.
    #[serde(default)]
    pub exists_from: Option<FieldPath>,
    /// Dates of things that happened beyond `happened`, which are not warned about when in the
    /// future (a `left` date may be notice given).
    #[serde(default)]
    pub facts: Vec<FieldPath>,
    /// Values recorded together with a fact (a `completed` status, an outcome): while that
    /// fact lies after as-of, they read as they were before it.
    #[serde(default)]
    pub recorded_with: Vec<RecordedWith>,
}

/// `field` (when it holds one of `values`; any value when none are listed) was recorded on the
/// date in `on`: before that date it reads as `was`, or as unset when `was` is absent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedWith {
    pub field: FieldPath,
    #[serde(default)]
    pub values: Vec<String>,
    pub on: FieldPath,
    #[serde(default)]
    pub was: Option<String>,
}

impl AsOfSpec {
    /// Whether a concrete leaf path is a fact of a kind whose `happened` list is given.
    pub fn is_fact(&self, happened: &[FieldPath], path: &str) -> bool {
        happened
            .iter()
            .chain(&self.facts)
            .chain(&self.exists_from)
            .any(|pattern| crate::record::path_matches(path, pattern))
    }
}

/// The field the built-in kinds name `case_ref` (SPEC §2).
fn default_case_refs() -> Vec<FieldPath> {
    vec!["case_ref".to_owned()]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusSpec {
    pub field: FieldPath,
    #[serde(default)]
    pub open: Vec<String>,
    /// Statuses that end every deadline of the record (`cancelled`, `withdrawn`).
    #[serde(default)]
    pub ended: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    pub field: FieldPath,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub kinds_by: Option<KindsBy>,
}

/// Reference kinds chosen by another field's value (an action's `source.type`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindsBy {
    pub field: FieldPath,
    pub map: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub otherwise: Vec<String>,
}

/// `later` must not be before `earlier`. Either side may read a referenced record's field
/// with `->` (`supervisee->left`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateOrder {
    pub earlier: DateRef,
    pub later: DateRef,
}

impl DateOrder {
    /// Whether either side reads another record: then the order is checked across records.
    pub fn is_remote(&self) -> bool {
        self.earlier.remote.is_some() || self.later.remote.is_some()
    }
}

/// One side of a date order, parsed once when the schema loads: a field of the record
/// (`received`), or `local->remote`, the `remote` field of the record whose id `local` holds
/// (`supervisee->left`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct DateRef {
    /// As the schema spells it, for messages.
    pub text: FieldPath,
    /// The field of the record itself: the date, or the reference to follow.
    pub local: FieldPath,
    /// The field of the referenced record, when the side reads one.
    pub remote: Option<FieldPath>,
}

impl From<String> for DateRef {
    fn from(text: String) -> DateRef {
        let (local, remote) = match text.split_once("->") {
            Some((local, remote)) => (local.to_owned(), Some(remote.to_owned())),
            None => (text.clone(), None),
        };
        DateRef {
            text,
            local,
            remote,
        }
    }
}

impl std::fmt::Display for DateRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// When `when` holds, every `require` field must be set and every `forbid` field unset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyRule {
    pub when: Condition,
    #[serde(default)]
    pub require: Vec<FieldPath>,
    #[serde(default)]
    pub forbid: Vec<FieldPath>,
    #[serde(default)]
    pub message: Option<String>,
    /// The code a breach is reported under.
    #[serde(default)]
    pub code: ConsistencyCode,
}

/// The codes a consistency rule may report under: what the missing field is to a reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsistencyCode {
    /// The status and the fields disagree (a completed action with no completed date).
    #[default]
    StatusInconsistent,
    /// A decision that must give its reason gives none (an action not implemented).
    ReasonMissing,
}

/// Where a record names its procedure (`[procedures.ID]`) and its stage-1 complexity band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureSpec {
    pub field: FieldPath,
    #[serde(default)]
    pub complexity: Option<FieldPath>,
}

/// No two of `fields` may hold the same value; `message` says why to the reader.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistinctRule {
    pub fields: Vec<FieldPath>,
    #[serde(default)]
    pub message: Option<String>,
}

/// Field path → what it must be. All entries must hold.
pub type Condition = BTreeMap<FieldPath, Matcher>;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Matcher {
    /// The value is one of these (strings, booleans or numbers).
    OneOf(Vec<serde_json::Value>),
    /// `set` or `unset`.
    Presence(Presence),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Set,
    Unset,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSpec {
    pub name: String,
    #[serde(default)]
    pub when: Condition,
    /// Picks the latest related item; its fields are then `latest.FIELD` in `due`.
    #[serde(default)]
    pub latest: Option<LatestSpec>,
    /// Alternatives: the first that can be computed gives the due date.
    pub due: Vec<DueSpec>,
    /// The field whose being set means the deadline is met; absent for cadences.
    #[serde(default)]
    pub done: Option<FieldPath>,
    /// The status `qaledger done` writes beside the done date (an action's `completed`).
    #[serde(default)]
    pub done_status: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatestSpec {
    /// Other records of this kind whose `subject` field names this record …
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub subject: Option<FieldPath>,
    /// … or the items of this record's own list.
    #[serde(default)]
    pub list: Option<FieldPath>,
    /// The date that orders them; the latest wins.
    pub date: FieldPath,
    #[serde(default)]
    pub when: Condition,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueSpec {
    #[serde(default)]
    pub when: Condition,
    /// An explicit due-date field.
    #[serde(default)]
    pub field: Option<DueField>,
    /// A start-date field, with `after` …
    #[serde(default)]
    pub from: Option<DueField>,
    /// … an interval (one source, or several: the first available wins).
    #[serde(default)]
    pub after: Option<OneOrMany<IntervalSource>>,
}

/// A due alternative's date field, parsed once when the schema loads: the record's own
/// (`due`), or the latest related item's (`latest.date`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub struct DueField {
    /// As the schema spells it.
    pub text: FieldPath,
    /// Whether it is read from the latest related item (`latest.` and a field).
    pub on_latest: bool,
    /// The field read: `text` without `latest.` when `on_latest`.
    pub path: FieldPath,
}

impl From<String> for DueField {
    fn from(text: String) -> DueField {
        let (on_latest, path) = match text.strip_prefix("latest.") {
            Some(field) => (true, field.to_owned()),
            None => (false, text.clone()),
        };
        DueField {
            text,
            on_latest,
            path,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalSource {
    /// A configuration duration (`timescales.complaint_response`, `supervision.default`) or
    /// table (`supervision.roles`, looked up by this record's `key` field; `procedures.…`,
    /// by the fields listed: the procedure, then the complexity band).
    #[serde(default)]
    pub config: Option<String>,
    #[serde(default)]
    pub key: Option<OneOrMany<FieldPath>>,
    /// A duration stored in the record itself.
    #[serde(default)]
    pub field: Option<FieldPath>,
    /// A literal duration (`3 working days`).
    #[serde(default)]
    pub duration: Option<String>,
}

impl IntervalSource {
    /// The duration this source gives for a record, if it can: the literal, the record's own
    /// field, or the configuration's (looked up by the record's `key` fields).
    pub fn resolve(&self, fields: &Fields, config: &Config) -> Option<Duration> {
        if let Some(text) = &self.duration {
            return text.parse().ok();
        }
        if let Some(field) = &self.field {
            return fields.text(field)?.parse().ok();
        }
        let name = self.config.as_deref()?;
        let keys = self.key.as_ref().map_or(&[][..], OneOrMany::as_slice);
        let values: Option<Vec<&str>> = keys.iter().map(|key| fields.text(key)).collect();
        config.duration(name, &values?)
    }
}

/// Where a field path the block names is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Within {
    /// This kind's own records.
    Own,
    /// Records of another kind (`latest.kind`, the far side of `->`).
    Kind(String),
    /// The items of one of this kind's own lists (`latest.list`).
    ListItems(FieldPath),
}

/// One field path the block names, and the key that names it (for messages).
#[derive(Debug, Clone)]
pub struct Named {
    pub key: String,
    pub path: FieldPath,
    pub within: Within,
}

/// When one record's retention period ends (`RetentionSpec::due`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionDue<'a> {
    /// The field the period runs from (`responded`).
    pub from_field: &'a str,
    /// Its date.
    pub from: jiff::civil::Date,
    pub period: Duration,
    /// `from` + `period`: from the next day on, the record is past retention.
    pub ends: jiff::civil::Date,
}

impl RetentionSpec {
    /// The end of a record's retention period, when it has one: the condition holds, one of
    /// its dates is set and a period is available (as `IntervalSource::resolve`, a reading of
    /// the block, shared by `check` and `compute`). None otherwise.
    pub fn due(
        &self,
        fields: &Fields,
        config: &Config,
        calendar: &crate::time::calendar::Calendar,
    ) -> Option<RetentionDue<'_>> {
        if !fields.satisfies(&self.when) {
            return None;
        }
        let (from_field, from) = self
            .from
            .iter()
            .find_map(|f| fields.date(f).map(|d| (f.as_str(), d)))?;
        let period = self
            .after
            .as_slice()
            .iter()
            .find_map(|source| source.resolve(fields, config))?;
        let ends = calendar.add(from, period)?;
        Some(RetentionDue {
            from_field,
            from,
            period,
            ends,
        })
    }

    /// Whether a record whose period ends on `ends` is past retention at `as_of`: from the
    /// day after (the same rule as overdue).
    pub fn is_past(ends: jiff::civil::Date, as_of: jiff::civil::Date) -> bool {
        ends < as_of
    }

    /// Every field the period reads: its condition, its dates and its intervals' fields.
    pub fn reads(&self) -> impl Iterator<Item = &FieldPath> {
        self.when.keys().chain(&self.from).chain(
            self.after
                .as_slice()
                .iter()
                .flat_map(|s| s.key.iter().flat_map(OneOrMany::as_slice).chain(&s.field)),
        )
    }
}

impl KindSpec {
    /// Whether the leaf at `path` (concrete: `contacts.2.ref`) lies in one of the kind's
    /// case-reference fields.
    pub fn is_case_ref(&self, path: &str) -> bool {
        self.case_refs
            .iter()
            .any(|field| crate::record::path_matches(path, field))
    }

    /// The names the block gives to the file system must stay plain: `folder` is one folder
    /// under `records/` and the id prefix a few capitals, since `new` makes a path of both.
    /// The error names the key.
    pub fn check_names(&self) -> Result<(), String> {
        let plain_folder =
            self.folder.bytes().enumerate().all(|(i, b)| {
                b.is_ascii_alphanumeric() || (i > 0 && matches!(b, b'-' | b'_' | b'.'))
            });
        if self.folder.is_empty() || self.folder.len() > 64 || !plain_folder {
            return Err(format!(
                "folder `{}` must be one plain folder name under records/ (letters, digits, `-`, `_` or `.`, not first), not a path",
                self.folder
            ));
        }
        if let Some(prefix) = &self.id_prefix {
            let capitals = prefix.bytes().all(|b| b.is_ascii_uppercase());
            if !(2..=8).contains(&prefix.len()) || !capitals {
                return Err(format!(
                    "id_prefix `{prefix}` must be 2 to 8 capital letters (like ACT)"
                ));
            }
        }
        Ok(())
    }

    /// Every field path the block names, each with where it lives, so that loading can check
    /// that the schema has them: a misspelt field in the block would otherwise make a rule or
    /// a deadline silently never apply.
    pub fn named_fields(&self) -> Vec<Named> {
        let mut named = Vec::new();
        let mut add = |key: String, path: &str, within: &Within| {
            named.push(Named {
                key,
                path: path.to_owned(),
                within: within.clone(),
            });
        };
        for p in &self.main_date {
            add("main_date".into(), p, &Within::Own);
        }
        for p in &self.title {
            add("title".into(), p, &Within::Own);
        }
        for (key, p) in [
            ("owner", &self.owner),
            ("team", &self.team),
            ("themes", &self.themes),
            (
                "procedure.field",
                &self.procedure.as_ref().map(|p| p.field.clone()),
            ),
            (
                "procedure.complexity",
                &self.procedure.as_ref().and_then(|p| p.complexity.clone()),
            ),
        ] {
            if let Some(p) = p {
                add(key.into(), p, &Within::Own);
            }
        }
        if let Some(status) = &self.status {
            add("status.field".into(), &status.field, &Within::Own);
        }
        for r in &self.references {
            add("references.field".into(), &r.field, &Within::Own);
            if let Some(by) = &r.kinds_by {
                add("references.kinds_by.field".into(), &by.field, &Within::Own);
            }
        }
        for p in &self.happened {
            add("happened".into(), p, &Within::Own);
        }
        for order in &self.date_order {
            for side in [&order.earlier, &order.later] {
                add("date_order".into(), &side.local, &Within::Own);
                if let Some(remote) = &side.remote {
                    let kinds = self
                        .references
                        .iter()
                        .filter(|r| r.field == side.local)
                        .flat_map(|r| &r.kinds);
                    for kind in kinds {
                        add("date_order".into(), remote, &Within::Kind(kind.clone()));
                    }
                }
            }
        }
        for rule in &self.consistency {
            for p in rule.when.keys() {
                add("consistency.when".into(), p, &Within::Own);
            }
            for p in &rule.require {
                add("consistency.require".into(), p, &Within::Own);
            }
            for p in &rule.forbid {
                add("consistency.forbid".into(), p, &Within::Own);
            }
        }
        for p in self.distinct.iter().flat_map(|rule| &rule.fields) {
            add("distinct.fields".into(), p, &Within::Own);
        }
        for p in &self.personal_data_exempt {
            add("personal_data_exempt".into(), p, &Within::Own);
        }
        for p in &self.keep {
            add("keep".into(), p, &Within::Own);
        }
        // A misspelt case-reference field would let the real one into every document that
        // travels. `case_ref` is also the default for a schema without the key, which kinds with
        // no case reference (staff, actions) take, so it alone may be absent.
        for p in self.case_refs.iter().filter(|p| p.as_str() != "case_ref") {
            add("case_refs".into(), p, &Within::Own);
        }
        // A misspelt time-travel field would make records always exist, or facts never unset.
        if let Some(p) = &self.as_of.exists_from {
            add("as_of.exists_from".into(), p, &Within::Own);
        }
        for p in &self.as_of.facts {
            add("as_of.facts".into(), p, &Within::Own);
        }
        for rule in &self.as_of.recorded_with {
            add(
                "as_of.recorded_with.field".into(),
                &rule.field,
                &Within::Own,
            );
            add("as_of.recorded_with.on".into(), &rule.on, &Within::Own);
        }
        for p in &self.draft {
            add("draft".into(), p, &Within::Own);
        }
        if let Some(notes) = &self.lifecycle.notes {
            add("lifecycle.notes.list".into(), &notes.list, &Within::Own);
            let items = Within::ListItems(notes.list.clone());
            add("lifecycle.notes.date".into(), &notes.date, &items);
            add("lifecycle.notes.text".into(), &notes.text, &items);
        }
        for p in self
            .lifecycle
            .stage_moves
            .iter()
            .flat_map(|s| s.when.keys())
        {
            add("lifecycle.stage_moves.when".into(), p, &Within::Own);
        }
        for moves in self.lifecycle.all_moves() {
            add("lifecycle.moves.field".into(), &moves.field, &Within::Own);
            add("lifecycle.moves.list".into(), &moves.list, &Within::Own);
            let items = Within::ListItems(moves.list.clone());
            for (key, p) in [
                ("date", &moves.date),
                ("from", &moves.from),
                ("to", &moves.to),
                ("reason", &moves.reason),
            ] {
                add(format!("lifecycle.moves.{key}"), p, &items);
            }
            for (key, p) in [
                ("told", &moves.told),
                ("beyond_maximum", &moves.beyond_maximum),
            ] {
                if let Some(p) = p {
                    add(format!("lifecycle.moves.{key}"), p, &items);
                }
            }
            for p in moves
                .maximum
                .iter()
                .flat_map(|m| m.key.iter().flat_map(OneOrMany::as_slice).chain(&m.field))
            {
                add("lifecycle.moves.maximum".into(), p, &Within::Own);
            }
        }
        if let Some(retention) = &self.retention {
            for p in retention.when.keys() {
                add("retention.when".into(), p, &Within::Own);
            }
            for p in &retention.from {
                add("retention.from".into(), p, &Within::Own);
            }
            for source in retention.after.as_slice() {
                for p in source
                    .key
                    .iter()
                    .flat_map(OneOrMany::as_slice)
                    .chain(&source.field)
                {
                    add("retention.after".into(), p, &Within::Own);
                }
            }
        }
        for deadline in &self.deadlines {
            let key = |part: &str| format!("deadlines ({}).{part}", deadline.name);
            for p in deadline.when.keys() {
                add(key("when"), p, &Within::Own);
            }
            if let Some(done) = &deadline.done {
                add(key("done"), done, &Within::Own);
            }
            // Where `latest.FIELD` lives: a record of another kind, or an item of a list.
            let mut latest_within = None;
            if let Some(latest) = &deadline.latest {
                let within = match (&latest.kind, &latest.list) {
                    (Some(kind), _) => Within::Kind(kind.clone()),
                    (None, Some(list)) => {
                        add(key("latest.list"), list, &Within::Own);
                        Within::ListItems(list.clone())
                    }
                    (None, None) => Within::Own,
                };
                if let Some(subject) = &latest.subject {
                    add(key("latest.subject"), subject, &within);
                }
                add(key("latest.date"), &latest.date, &within);
                for p in latest.when.keys() {
                    add(key("latest.when"), p, &within);
                }
                latest_within = Some(within);
            }
            for due in &deadline.due {
                for p in due.when.keys() {
                    add(key("due.when"), p, &Within::Own);
                }
                for (part, p) in [("due.field", &due.field), ("due.from", &due.from)] {
                    let Some(p) = p else { continue };
                    match (p.on_latest, &latest_within) {
                        (true, Some(within)) => add(key(part), &p.path, within),
                        _ => add(key(part), &p.text, &Within::Own),
                    }
                }
                for source in due.after.iter().flat_map(OneOrMany::as_slice) {
                    for p in source.key.iter().flat_map(OneOrMany::as_slice) {
                        add(key("due.after.key"), p, &Within::Own);
                    }
                    if let Some(p) = &source.field {
                        add(key("due.after.field"), p, &Within::Own);
                    }
                }
            }
        }
        named
    }

    /// The record fields a deadline takes its duration from (`after: [{field: …}]`), sorted and
    /// once each.
    pub fn duration_fields(&self) -> Vec<FieldPath> {
        let mut fields: Vec<FieldPath> = self
            .deadlines
            .iter()
            .flat_map(|d| &d.due)
            .flat_map(|due| due.after.iter().flat_map(|a| a.as_slice()))
            .filter_map(|source| source.field.clone())
            .collect();
        fields.sort_unstable();
        fields.dedup();
        fields
    }

    /// The fields `check` reads once every file is checked (a subset of `used_fields`): the
    /// id, what the cross-record checks follow (references, date orders, themes), and what the
    /// date-dependent checks read (`happened` for future dates, retention). `check` keeps only
    /// these; a date order's fields of the record it names are added by the schema set.
    pub fn checked_fields(&self) -> Vec<FieldPath> {
        let mut checked: Vec<FieldPath> = vec!["id".to_owned()];
        checked.extend(self.happened.iter().cloned());
        for r in &self.references {
            checked.push(r.field.clone());
            checked.extend(r.kinds_by.iter().map(|by| by.field.clone()));
        }
        for order in &self.date_order {
            checked.push(order.earlier.local.clone());
            checked.push(order.later.local.clone());
        }
        checked.extend(self.themes.iter().cloned());
        checked.extend(
            self.retention
                .iter()
                .flat_map(RetentionSpec::reads)
                .cloned(),
        );
        checked.retain(|p| !p.is_empty());
        checked.sort_unstable();
        checked.dedup();
        checked
    }

    /// Every field path the rules read, so loading keeps exactly these values of each record.
    pub fn used_fields(&self) -> Vec<FieldPath> {
        let mut used: Vec<FieldPath> = Vec::new();
        let mut add = |path: &str| {
            if !path.is_empty() && !path.starts_with("latest.") {
                used.push(path.to_owned());
            }
        };
        // What `check` reads once every file is checked (the id, references, date orders,
        // themes, `happened`, retention), then what the views and rules read besides.
        self.checked_fields().iter().for_each(|p| add(p));
        self.main_date.iter().for_each(|p| add(p));
        self.keep.iter().for_each(|p| add(p));
        self.title.iter().for_each(|p| add(p));
        self.as_of.facts.iter().for_each(|p| add(p));
        self.as_of.exists_from.iter().for_each(|p| add(p));
        for rule in &self.as_of.recorded_with {
            add(&rule.field);
            add(&rule.on);
        }
        for p in [&self.owner, &self.team].into_iter().flatten() {
            add(p);
        }
        if let Some(status) = &self.status {
            add(&status.field);
        }
        for rule in &self.consistency {
            rule.when.keys().for_each(|p| add(p));
        }
        for moves in self.lifecycle.all_moves() {
            add(&moves.field);
        }
        for p in self
            .lifecycle
            .stage_moves
            .iter()
            .flat_map(|s| s.when.keys())
        {
            add(p);
        }
        for deadline in &self.deadlines {
            deadline.when.keys().for_each(|p| add(p));
            if let Some(done) = &deadline.done {
                add(done);
            }
            if let Some(latest) = &deadline.latest {
                if let Some(list) = &latest.list {
                    add(&format!("{list}.*"));
                }
            }
            for due in &deadline.due {
                due.when.keys().for_each(|p| add(p));
                for p in [&due.field, &due.from].into_iter().flatten() {
                    add(&p.text);
                }
                for source in due.after.iter().flat_map(OneOrMany::as_slice) {
                    source
                        .key
                        .iter()
                        .flat_map(OneOrMany::as_slice)
                        .chain(&source.field)
                        .for_each(|p| add(p));
                }
            }
        }
        used.sort();
        used.dedup();
        used
    }
}
