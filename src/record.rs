//! A record after loading: its kind, id, path, and the field values the rules read.
//!
//! The YAML tree is dropped once a file is checked; a record keeps only the leaves its kind's
//! rules use (`KindSpec::used_fields`; `check` keeps fewer, `KindSpec::checked_fields`), each
//! with its position for later diagnostics. Keeping less is what lets 100,000 records fit in a
//! few tens of megabytes. A kept leaf's path is shared text (`field_path`): the same few names
//! in every record, each stored once; its value is a `Scalar`, short text held in place.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::sync::{Mutex, PoisonError};

use compact_str::CompactString;
use jiff::civil::Date;

use crate::load::yaml::{Node, Pos, Value};
use crate::schema::KindId;
use crate::schema::extension::{Condition, Matcher, Presence};

/// One scalar value of a record, at a concrete path (`approvals.1.type`).
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// Shared (`field_path`) once the leaf is kept; its own text while a file is checked.
    pub path: Cow<'static, str>,
    pub value: Scalar,
    pub pos: Pos,
}

/// A leaf's value: a YAML scalar as resolved (`yaml::resolve_plain`). Text of up to 24 bytes
/// (a date, an id, a code) is held in place, not on the heap: 100,000 records hold millions.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(CompactString),
}

impl Scalar {
    /// The scalar a YAML value is; `None` for a list or mapping.
    pub fn of(value: &Value) -> Option<Scalar> {
        Some(match value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Int(i) => Scalar::Int(*i),
            Value::Float(f) => Scalar::Float(*f),
            Value::Str(s) => Scalar::Str(s.as_str().into()),
            Value::Seq(_) | Value::Map(_) => return None,
        })
    }
}

impl Leaf {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as text, for booleans and numbers too (conditions compare with these).
    pub fn to_text(&self) -> Option<String> {
        match &self.value {
            Scalar::Str(s) => Some(s.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::Float(f) => Some(f.to_string()),
            Scalar::Null => None,
        }
    }

    pub fn as_date(&self) -> Option<Date> {
        self.as_str().and_then(parse_date)
    }
}

/// A record's scalar leaves, looked up by path pattern.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<Leaf>);

impl Fields {
    /// The leaves whose path matches `pattern` (`*` matches one list index; a pattern also
    /// matches a whole subtree below it).
    pub fn values<'a, 'p>(
        &'a self,
        pattern: &'p str,
    ) -> impl Iterator<Item = &'a Leaf> + use<'a, 'p> {
        self.0
            .iter()
            .filter(move |leaf| path_matches(&leaf.path, pattern))
    }

    pub fn first(&self, pattern: &str) -> Option<&Leaf> {
        self.values(pattern).next()
    }

    pub fn text(&self, pattern: &str) -> Option<&str> {
        self.first(pattern).and_then(Leaf::as_str)
    }

    pub fn date(&self, pattern: &str) -> Option<Date> {
        self.first(pattern).and_then(Leaf::as_date)
    }

    /// Whether some leaf holds a date after `date`. A date is written as ten characters
    /// (`parse_date`) that sort as the dates do, so only a value sorting after `date`'s text is
    /// parsed: most records, at most as-of dates, hold none, and are told by comparing bytes.
    pub fn any_date_after(&self, date: Date) -> bool {
        let after = |leaf: &Leaf| leaf.as_date().is_some_and(|d| d > date);
        match ten_characters(date) {
            Some(text) => self.0.iter().any(|leaf| {
                leaf.as_str()
                    .is_some_and(|t| t.len() == 10 && t.as_bytes() > &text[..])
                    && after(leaf)
            }),
            None => self.0.iter().any(after),
        }
    }

    /// Whether the field has a non-null value.
    pub fn is_set(&self, pattern: &str) -> bool {
        self.values(pattern).any(|l| l.value != Scalar::Null)
    }

    /// Whether every entry of a schema condition holds. (The deadline engine's conditions see
    /// the record as it stood at as-of: `Repository::rewind` has unset later facts.)
    pub fn satisfies(&self, condition: &Condition) -> bool {
        condition.iter().all(|(path, matcher)| match matcher {
            Matcher::Presence(Presence::Set) => self.is_set(path),
            Matcher::Presence(Presence::Unset) => !self.is_set(path),
            Matcher::OneOf(allowed) => self.is_one_of(path, allowed),
        })
    }

    /// Whether some value at `pattern` equals one of `allowed` (a condition's `one_of`).
    pub fn is_one_of(&self, pattern: &str, allowed: &[serde_json::Value]) -> bool {
        self.values(pattern).any(|leaf| {
            allowed.iter().any(|want| match (&leaf.value, want) {
                (Scalar::Str(s), serde_json::Value::String(w)) => s == w,
                (Scalar::Bool(b), serde_json::Value::Bool(w)) => b == w,
                (Scalar::Int(i), serde_json::Value::Number(w)) => w.as_i64() == Some(*i),
                (Scalar::Float(f), serde_json::Value::Number(w)) => w.as_f64() == Some(*f),
                _ => false,
            })
        })
    }
}

#[derive(Debug, Clone)]
pub struct Record {
    pub kind: KindId,
    /// The `id` field, or the file name when the record has none.
    pub id: String,
    pub id_pos: Pos,
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// Passed its schema.
    pub valid: bool,
    /// How many problems its schema finds (every open finds these; `check` may find more):
    /// the views mark what they show of a record with problems.
    pub problems: u32,
    /// The dotted paths its schema errors are in (`schema::problem_paths`): a compiled view
    /// leaves out only what reads one of these (degrade, don't drop: SPEC §7).
    pub broken: Vec<String>,
    /// Kept leaves, in document order.
    pub fields: Fields,
}

impl Record {
    /// The first of its problem paths that one of the fields `reads` (patterns) lies at, in or
    /// above: what makes a value read from those fields unusable (degrade, don't drop).
    pub fn broken_read(&self, reads: &[&str]) -> Option<&str> {
        self.broken
            .iter()
            .find(|broken| reads.iter().any(|read| touches(broken, read)))
            .map(String::as_str)
    }

    /// The field's text, unless a problem of the record concerns it.
    pub fn sound_text(&self, field: &str) -> Option<&str> {
        match self.broken_read(&[field]) {
            Some(_) => None,
            None => self.fields.text(field),
        }
    }
}

/// Whether a problem at the concrete path `broken` concerns the field pattern `read`: the
/// problem is at or inside the field, or the field is inside the problem's value ("" is the
/// whole record).
pub(crate) fn touches(broken: &str, read: &str) -> bool {
    if broken.is_empty() {
        return true;
    }
    let depth = broken.split('.').count();
    let outer: Vec<&str> = read.split('.').take(depth).collect();
    path_matches(broken, &outer.join("."))
}

/// A strict ISO calendar date (`YYYY-MM-DD`).
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if shape { text.parse().ok() } else { None }
}

/// `2026-12-07` for a date of a four-digit year (what `parse_date` reads); `None` for another
/// year.
fn ten_characters(date: Date) -> Option<[u8; 10]> {
    let year = u16::try_from(date.year())
        .ok()
        .filter(|year| *year <= 9999)?;
    let digit = |n: u16| b'0' + (n % 10) as u8;
    let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
    Some([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(u16::from(month) / 10),
        digit(u16::from(month)),
        b'-',
        digit(u16::from(day) / 10),
        digit(u16::from(day)),
    ])
}

/// `approvals.1.type` matches `approvals.*.type`, `approvals.*` and `approvals`.
///
/// Byte-wise and allocation-free: it runs for every leaf of every record, and most leaves are
/// not the field asked for and differ from it at the first byte, which is told without a call.
#[inline]
pub fn path_matches(path: &str, pattern: &str) -> bool {
    match (path.as_bytes().first(), pattern.as_bytes().first()) {
        (Some(p), Some(q)) if p != q && *q != b'*' => false,
        _ => path_matches_whole(path, pattern),
    }
}

/// `path_matches`, segment by segment.
fn path_matches_whole(path: &str, pattern: &str) -> bool {
    let (p, q) = (path.as_bytes(), pattern.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        if q[j..].starts_with(b"*") && (j + 1 == q.len() || q[j + 1] == b'.') {
            let start = i;
            while i < p.len() && p[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return false;
            }
            j += 1;
        } else {
            while j < q.len() && q[j] != b'.' {
                if i >= p.len() || p[i] != q[j] {
                    return false;
                }
                i += 1;
                j += 1;
            }
        }
        // Both at the end of a segment: the path's must end there too.
        if i < p.len() && p[i] != b'.' {
            return false;
        }
        if j == q.len() {
            return true; // the pattern matched the path or a prefix of it
        }
        if i == p.len() {
            return false; // the pattern goes deeper than the path
        }
        i += 1;
        j += 1;
    }
}

/// The pattern of a concrete path: list indexes become `*`.
pub fn pattern_of(path: &str) -> String {
    path.split('.')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// A concrete path for people: `learning_form.actions[0]`.
pub fn display_path(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('.') {
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(segment);
        }
    }
    out
}

/// Every scalar leaf of a tree, depth first, with concrete dotted paths.
pub fn leaves(root: &Node) -> Vec<Leaf> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Node)> = vec![(String::new(), root)];
    while let Some((path, node)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for e in entries.iter().rev() {
                    stack.push((join(&path, &e.key), &e.value));
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((join(&path, &i.to_string()), item));
                }
            }
            scalar => out.extend(Scalar::of(scalar).map(|value| Leaf {
                path: path.into(),
                value,
                pos: node.pos,
            })),
        }
    }
    out
}

/// Every kept leaf's path, stored once for the process: records repeat the same few names
/// (`status`, `approvals.0.type`), and a text each — three million at 100,000 records — was
/// most of what loading allocated. Only kept paths come here (the kind's used fields and their
/// list positions), so the set is bounded by the schemas and the longest list a record holds.
static FIELD_PATHS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

thread_local! {
    /// The paths this thread has asked for: looked up without the lock.
    static NEAR: RefCell<HashSet<&'static str, foldhash::fast::RandomState>> =
        RefCell::new(HashSet::default());
}

/// The one shared copy of a kept leaf's path.
pub fn field_path(path: &str) -> &'static str {
    NEAR.with_borrow_mut(|near| {
        if let Some(known) = near.get(path) {
            return *known;
        }
        let mut all = FIELD_PATHS.lock().unwrap_or_else(PoisonError::into_inner);
        let shared = match all.get(path) {
            Some(known) => *known,
            None => {
                let made: &'static str = Box::leak(path.into());
                all.insert(made);
                made
            }
        };
        near.insert(shared);
        shared
    })
}

/// A dotted field path: `source` + `type` → `source.type`; under no parent, the child alone.
pub fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        return child.to_owned();
    }
    let mut path = String::with_capacity(parent.len() + 1 + child.len());
    path.push_str(parent);
    path.push('.');
    path.push_str(child);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Degrade, don't drop: a problem concerns the fields at, inside and around it, never a
    /// sibling or a field whose name merely starts the same.
    #[test]
    fn a_problem_touches_its_field_its_subtree_and_what_holds_it() {
        assert!(touches("due", "due"));
        assert!(!touches("due", "due_date"));
        assert!(!touches("notse", "notes"));
        assert!(touches("impact", "impact.review_due")); // `impact` is not a block of fields
        assert!(touches("impact.review_due", "impact")); // a value inside the one read
        assert!(!touches("impact.rating", "impact.review_due"));
        assert!(touches("approvals.1.expires", "approvals.*.expires"));
        assert!(touches("approvals.1", "approvals.*.expires"));
        assert!(!touches("approvals.1.type", "approvals.*.expires"));
        assert!(touches("", "anything")); // a problem with the record as a whole
    }

    #[test]
    fn a_record_reads_soundly_only_where_no_problem_is() {
        let record = Record {
            kind: 0,
            id: "ACT-2025-0001".to_owned(),
            id_pos: Pos::default(),
            path: "records/actions/ACT-2025-0001.yaml".to_owned(),
            valid: false,
            problems: 2,
            broken: vec!["notse".to_owned(), "owner".to_owned()],
            fields: Fields(vec![
                Leaf {
                    path: "owner".into(),
                    value: Scalar::Str("J Smith".into()),
                    pos: Pos::default(),
                },
                Leaf {
                    path: "team".into(),
                    value: Scalar::Str("north".into()),
                    pos: Pos::default(),
                },
            ]),
        };
        assert_eq!(record.broken_read(&["due", "status"]), None);
        assert_eq!(record.broken_read(&["due", "owner"]), Some("owner"));
        assert_eq!(record.sound_text("owner"), None);
        assert_eq!(record.sound_text("team"), Some("north"));
    }

    #[test]
    fn a_dates_ten_characters_are_its_iso_text() {
        for (y, m, d) in [
            (2026, 12, 7),
            (1, 1, 1),
            (999, 9, 30),
            (1000, 1, 1),
            (9999, 12, 31),
        ] {
            let date = Date::constant(y, m, d);
            assert_eq!(
                ten_characters(date).map(|t| String::from_utf8_lossy(&t).into_owned()),
                Some(date.to_string()),
            );
        }
        assert_eq!(ten_characters(Date::constant(-1, 1, 1)), None);
    }

    /// Comparing bytes first tells what parsing every value tells: a date after, on or before
    /// the day, a value of ten characters that is no date, and a day of a year with other than
    /// four digits (where every value is parsed).
    #[test]
    fn a_date_after_is_found_as_parsing_every_value_finds_it() {
        let leaf = |text: &str| Leaf {
            path: Cow::Borrowed("d"),
            value: Scalar::Str(text.into()),
            pos: Pos::new(1, 1),
        };
        let values = [
            "2025-03-14",
            "2025-03-15",
            "2025-03-16",
            "2025-99-99",
            "zzzzzzzzzz",
            "0999-01-01",
        ];
        let days = [
            Date::constant(2025, 3, 15),
            Date::constant(2025, 3, 16),
            Date::constant(998, 1, 1),
            Date::constant(-5, 1, 1),
        ];
        for value in values {
            let fields = Fields(vec![leaf("text"), leaf(value)]);
            for day in days {
                let parsed = fields
                    .0
                    .iter()
                    .any(|l| l.as_date().is_some_and(|d| d > day));
                assert_eq!(fields.any_date_after(day), parsed, "{value} after {day}");
            }
        }
        assert!(Fields(vec![leaf("2025-03-16")]).any_date_after(Date::constant(2025, 3, 15)));
        assert!(!Fields(vec![leaf("2025-03-15")]).any_date_after(Date::constant(2025, 3, 15)));
    }

    /// The first-byte shortcut answers as the segment-by-segment match does.
    #[test]
    fn the_first_byte_shortcut_agrees_with_the_whole_match() {
        let texts = [
            "", "*", "0", "1.a", "a", "a.1", "a.*", "b", "*.a", ".a", "status", "team",
        ];
        for path in texts {
            for pattern in texts {
                assert_eq!(
                    path_matches(path, pattern),
                    path_matches_whole(path, pattern),
                    "{path:?} against {pattern:?}"
                );
            }
        }
        assert!(path_matches("0.a", "*.a"));
        assert!(!path_matches("status", "team"));
    }

    #[test]
    fn patterns_match_indexes_and_subtrees() {
        assert!(path_matches("approvals.1.type", "approvals.*.type"));
        assert!(path_matches("approvals.1.type", "approvals.*"));
        assert!(path_matches("approvals.1.type", "approvals"));
        assert!(!path_matches("approvals.1.type", "approvals.*.expires"));
        assert!(!path_matches("approvals.x.type", "approvals.*.type"));
        assert!(!path_matches("status", "status.extra"));
        assert!(!path_matches("statuses", "status"));
        assert!(!path_matches("status", "statuses"));
        assert!(path_matches("status", "status"));
        assert!(path_matches("a.10.b", "a.*.b"));
        assert!(!path_matches("a.10", "a.*.b"));
        assert!(!path_matches("a", "*"));
        assert_eq!(
            pattern_of("learning_form.actions.3"),
            "learning_form.actions.*"
        );
        assert_eq!(
            display_path("learning_form.actions.3"),
            "learning_form.actions[3]"
        );
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2025-02-28").is_some());
        assert!(parse_date("2025-02-30").is_none());
        assert!(parse_date("2025-2-3").is_none());
        assert!(parse_date(" 2025-02-03").is_none());
    }
}
