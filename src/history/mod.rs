//! Record history: two versions of a record file (bytes from git or the working tree) become
//! field-level changes and a governance reading — new or removed record, status changed, due
//! date moved, owner changed, closed with its follow-up not done — read from the kind's
//! `x-qaledger` block, never from knowledge of particular kinds. It never runs git or prints.

pub mod diff;
pub mod log;
pub mod rows;
pub mod slippage;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::{Deadline, State};
use crate::load;
use crate::record::{self, Fields, Leaf};
use crate::schema::Kind;
use crate::schema::extension::{Matcher, Presence};

/// One scalar field that differs between two versions; `None` means absent (or null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What a change means for governance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reading", rename_all = "kebab-case")]
pub enum Reading {
    /// The record is new.
    Added,
    /// The record was removed.
    Removed,
    /// A version could not be read as YAML, so its fields are not compared.
    Unreadable { version: Version },
    /// The kind's status field changed.
    StatusChanged {
        field: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// A field that a deadline rule takes its due date from moved; `days` > 0 is later.
    /// `reason`: why, when the later version records the move (`x-qaledger.lifecycle.moves`).
    DueMoved {
        field: String,
        before: String,
        after: String,
        days: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The kind's owner field changed.
    OwnerChanged {
        field: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// A deadline's done field was newly set while the follow-up deadline that this opens
    /// (an action's impact review) is not done: closed without evidence of its follow-up.
    ClosedWithoutFollowUp {
        done: String,
        deadline: String,
        missing: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Version {
    Before,
    After,
}

/// A record version's scalar leaves as text by dotted path (`source.refs.0`), nulls left out:
/// what field changes compare and show.
pub type Leaves = BTreeMap<String, String>;

/// One readable version of a record file.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Its leaves typed as a record's are, so that a condition reads them with
    /// `Fields::satisfies`, as the rules and deadlines do.
    pub fields: Fields,
    /// The same leaves as text.
    pub text: Leaves,
}

/// Reads one version of a record file, or `None` when the bytes are not readable YAML.
pub fn snapshot(bytes: &[u8], path: &str) -> Option<Snapshot> {
    let fields = Fields(typed_leaves(bytes, path)?);
    let text = as_text(&fields.0);
    Some(Snapshot { fields, text })
}

/// Reads one version of a record file as text only.
pub fn leaves(bytes: &[u8], path: &str) -> Option<Leaves> {
    Some(as_text(&typed_leaves(bytes, path)?))
}

fn typed_leaves(bytes: &[u8], path: &str) -> Option<Vec<Leaf>> {
    let tree = load::parse_bytes(bytes, path).ok()?;
    Some(record::leaves(&tree))
}

fn as_text(leaves: &[Leaf]) -> Leaves {
    leaves
        .iter()
        .filter_map(|leaf| Some((leaf.path.to_string(), leaf.to_text()?)))
        .collect()
}

/// The scalar leaves added, removed or changed from `before` to `after`, sorted by field.
pub fn field_changes(before: &Leaves, after: &Leaves) -> Vec<FieldChange> {
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|f| before.get(*f) != after.get(*f))
        .map(|f| FieldChange {
            field: f.clone(),
            before: before.get(f).cloned(),
            after: after.get(f).cloned(),
        })
        .collect()
}

/// Field changes and governance reading between two versions of one record (`None`: the
/// file does not exist in that version; `Some(None)`: it exists but is not readable YAML).
pub fn compare(
    kind: &Kind,
    before: Option<Option<&Snapshot>>,
    after: Option<Option<&Snapshot>>,
) -> (Vec<Reading>, Vec<FieldChange>) {
    match (before, after) {
        (None, _) => (vec![Reading::Added], Vec::new()),
        (_, None) => (vec![Reading::Removed], Vec::new()),
        (Some(None), _) => (
            vec![Reading::Unreadable {
                version: Version::Before,
            }],
            Vec::new(),
        ),
        (_, Some(None)) => (
            vec![Reading::Unreadable {
                version: Version::After,
            }],
            Vec::new(),
        ),
        (Some(Some(before)), Some(Some(after))) => {
            let changes = field_changes(&before.text, &after.text);
            (reading(kind, before, after), changes)
        }
    }
}

/// The governance reading of a change between two readable versions of a record of `kind`.
pub fn reading(kind: &Kind, before: &Snapshot, after: &Snapshot) -> Vec<Reading> {
    let spec = &kind.spec;
    // The text of each version's leaves: what changed, as people read it.
    let (was, now) = (&before.text, &after.text);
    let mut out = Vec::new();
    let differs = |field: &str| was.get(field) != now.get(field);
    if let Some(status) = &spec.status {
        if differs(&status.field) {
            out.push(Reading::StatusChanged {
                field: status.field.clone(),
                before: was.get(&status.field).cloned(),
                after: now.get(&status.field).cloned(),
            });
        }
    }
    let mut due_fields: Vec<&String> = spec
        .deadlines
        .iter()
        .flat_map(|d| {
            d.due
                .iter()
                .filter_map(|due| due.field.as_ref().map(|f| &f.text))
        })
        .collect();
    due_fields.sort();
    due_fields.dedup();
    for field in due_fields {
        let (Some(b), Some(a)) = (was.get(field), now.get(field)) else {
            continue;
        };
        let (Ok(from), Ok(to)) = (b.parse::<Date>(), a.parse::<Date>()) else {
            continue;
        };
        if from == to {
            continue;
        }
        let Ok(span) = from.until(to) else { continue };
        out.push(Reading::DueMoved {
            field: field.clone(),
            before: b.clone(),
            after: a.clone(),
            days: i64::from(span.get_days()),
            reason: move_reason(spec, field, a, now),
        });
    }
    if let Some(owner) = &spec.owner {
        if differs(owner) {
            out.push(Reading::OwnerChanged {
                field: owner.clone(),
                before: was.get(owner).cloned(),
                after: now.get(owner).cloned(),
            });
        }
    }
    for closing in &spec.deadlines {
        let Some(done) = &closing.done else { continue };
        if before.fields.is_set(done) || !after.fields.is_set(done) {
            continue;
        }
        // A deadline that the done field being set opens: the follow-up owed after closing.
        for follow_up in &spec.deadlines {
            let opens = matches!(
                follow_up.when.get(done),
                Some(Matcher::Presence(Presence::Set))
            );
            let Some(missing) = &follow_up.done else {
                continue;
            };
            if opens && after.fields.satisfies(&follow_up.when) && !after.fields.is_set(missing) {
                out.push(Reading::ClosedWithoutFollowUp {
                    done: done.clone(),
                    deadline: follow_up.name.clone(),
                    missing: missing.clone(),
                });
            }
        }
    }
    out
}

/// The reason the kind's list of moves gives for `field`'s move to `to`: that of the last item
/// moving it there.
fn move_reason(
    spec: &crate::schema::extension::KindSpec,
    field: &str,
    to: &str,
    leaves: &Leaves,
) -> Option<String> {
    let moves = spec.lifecycle.moves.as_ref().filter(|m| m.field == field)?;
    let to_pattern = format!("{}.*.{}", moves.list, moves.to);
    let index = leaves
        .iter()
        .filter(|(path, value)| record::path_matches(path, &to_pattern) && value.as_str() == to)
        .filter_map(|(path, _)| {
            path.strip_prefix(&format!("{}.", moves.list))?
                .split('.')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .max()?;
    leaves
        .get(&format!("{}.{index}.{}", moves.list, moves.reason))
        .cloned()
}

/// One commit in a record's history, with what it changed in the record.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub commit: String,
    pub author: String,
    pub date: String,
    pub subject: String,
    /// The record's path in this commit, relative to the root.
    pub path: String,
    pub renamed_from: Option<String>,
    pub readings: Vec<Reading>,
    pub changes: Vec<FieldChange>,
}

/// A record's history, newest commit first.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    pub id: String,
    pub path: String,
    pub commits: Vec<LogEntry>,
}

/// One record that differs between two revisions.
#[derive(Debug, Clone, Serialize)]
pub struct RecordDiff {
    pub id: String,
    pub kind: Option<String>,
    /// Its path in the later version (or, when removed, in the earlier one).
    pub path: String,
    pub renamed_from: Option<String>,
    pub readings: Vec<Reading>,
    /// Deadlines newly overdue or newly met at as-of, HEAD against BASE.
    pub deadlines: Vec<DeadlineChange>,
    pub changes: Vec<FieldChange>,
}

/// How a deadline's standing at as-of changed from the earlier version to the later one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shift {
    /// Overdue in the later version, not in the earlier one.
    NewlyOverdue,
    /// Met (on time or late) in the later version, not in the earlier one.
    NewlyMet,
}

/// One deadline of a changed record whose standing at as-of changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineChange {
    pub deadline: String,
    pub change: Shift,
    pub due: Date,
    /// Newly overdue: days overdue at as-of. Newly met: days late when it was met (zero or
    /// negative: on time, that many days early).
    pub days: i64,
}

/// The deadlines of one record newly overdue or newly met at as-of: `before` and `after` are
/// that record's deadlines (`deadline::compute` over each revision) in the earlier and the
/// later version. Sorted by deadline name.
pub fn deadline_changes(before: &[&Deadline], after: &[&Deadline]) -> Vec<DeadlineChange> {
    let met = |s: State| matches!(s, State::MetOnTime | State::MetLate);
    let mut out: Vec<DeadlineChange> = after
        .iter()
        .filter_map(|now| {
            let was = before
                .iter()
                .find(|d| d.deadline == now.deadline)
                .map(|d| d.state);
            if now.state == State::Overdue && was != Some(State::Overdue) {
                Some(DeadlineChange {
                    deadline: now.deadline.to_string(),
                    change: Shift::NewlyOverdue,
                    due: now.due,
                    days: now.days,
                })
            } else if met(now.state) && !was.is_some_and(met) {
                let done = now.done?;
                Some(DeadlineChange {
                    deadline: now.deadline.to_string(),
                    change: Shift::NewlyMet,
                    due: now.due,
                    days: i64::from((done - now.due).get_days()),
                })
            } else {
                None
            }
        })
        .collect();
    out.sort_by(|a, b| a.deadline.cmp(&b.deadline));
    out
}

/// The records that differ between `base` and `head` (`None`: the working tree), by path.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The date deadlines are read at.
    pub as_of: Date,
    pub base: String,
    pub head: Option<String>,
    pub records: Vec<RecordDiff>,
}

/// A record's id in a version: its `id` field, else its file name without extension.
pub fn record_id(version: Option<&Snapshot>, path: &str) -> String {
    version
        .and_then(|v| v.text.get("id").cloned())
        .unwrap_or_else(|| crate::load::discover::stem(path).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::extension::Condition;

    #[test]
    fn changes_cover_added_removed_and_changed_leaves() {
        let before = leaves(b"a: 1\nb: [x, y]\nc: ~\n", "t.yaml").unwrap_or_default();
        let after = leaves(b"a: 2\nb: [x]\nd: yes\n", "t.yaml").unwrap_or_default();
        // a 1 → 2; b.1 y → absent; d absent → "yes" (a string in YAML 1.2); c was null.
        assert_eq!(
            field_changes(&before, &after),
            vec![
                FieldChange {
                    field: "a".into(),
                    before: Some("1".into()),
                    after: Some("2".into())
                },
                FieldChange {
                    field: "b.1".into(),
                    before: Some("y".into()),
                    after: None
                },
                FieldChange {
                    field: "d".into(),
                    before: None,
                    after: Some("yes".into())
                },
            ]
        );
    }

    /// A condition reads a version in a record's history as it reads the record: the same
    /// content, flattened as `check` loads a record and read as `log`/`diff` read a version,
    /// gives the same answer, and the answer checked by hand (a quoted `'true'` is text, not
    /// a boolean; a list is set, and holds the values of its items).
    #[test]
    fn a_condition_reads_a_version_as_it_reads_the_record() {
        let conditions = [
            r#""set""#,
            r#""unset""#,
            r#"["complaint"]"#,
            "[true]",
            r#"["true"]"#,
            "[3]",
            r#"["3"]"#,
            "[2.5]",
        ];
        #[rustfmt::skip]
        let cases: [(&str, [u8; 8]); 9] = [
            //                     set unset complaint true "true" 3 "3" 2.5
            ("f: complaint\n",      [1, 0,    1,        0,   0,     0, 0,  0]),
            ("f: [x, complaint]\n", [1, 0,    1,        0,   0,     0, 0,  0]),
            ("f: true\n",           [1, 0,    0,        1,   0,     0, 0,  0]),
            ("f: 'true'\n",         [1, 0,    0,        0,   1,     0, 0,  0]),
            ("f: 3\n",              [1, 0,    0,        0,   0,     1, 0,  0]),
            ("f: '3'\n",            [1, 0,    0,        0,   0,     0, 1,  0]),
            ("f: 2.5\n",            [1, 0,    0,        0,   0,     0, 0,  1]),
            ("f: ~\n",              [0, 1,    0,        0,   0,     0, 0,  0]),
            ("g: 1\n",              [0, 1,    0,        0,   0,     0, 0,  0]),
        ];
        for (content, expected) in cases {
            let record = Fields(
                crate::load::flatten::parse(content)
                    .expect("a plain mapping")
                    .leaves,
            );
            let version = snapshot(content.as_bytes(), "t.yaml").map(|v| v.fields);
            for (matcher, want) in conditions.iter().zip(expected) {
                let condition: Condition =
                    serde_json::from_str(&format!(r#"{{"f": {matcher}}}"#)).unwrap();
                let as_record = record.satisfies(&condition);
                let as_version = version.as_ref().map(|v| v.satisfies(&condition));
                assert_eq!(as_record, want == 1, "record {content:?} {matcher}");
                assert_eq!(as_version, Some(as_record), "version {content:?} {matcher}");
            }
        }
    }
}
