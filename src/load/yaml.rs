//! YAML text → a tree that remembers the line and column of every key and value.
//!
//! Built on `saphyr-parser` events with an explicit stack, so hostile input cannot overflow
//! ours: nesting depth and alias expansion are capped. A problem that leaves the rest of the
//! document readable (a duplicate key, a list used as a key, nesting too deep, aliases past the
//! cap, a second document) is recorded and the document is still built without the offending
//! value, so the file's other problems are found too; only a syntax error or an empty file
//! leaves no tree. Plain scalars resolve by the YAML 1.2 core schema (`2025-01-03`, `no`, `on`
//! stay text). This module knows nothing of records or schemas.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper nesting than this is refused; a record needs four or five levels.
pub const MAX_DEPTH: usize = 64;
/// Nodes a document may copy through aliases before it is treated as an alias bomb. Only copies
/// count: a large file without aliases is bounded by the file-size cap alone.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A position in a file: 1-based line and 1-based column, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    fn from_span(span: &Span) -> Pos {
        Pos::new(span.start.line(), span.start.col() + 1)
    }
}

/// One node of the tree: where it starts and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry; keys are always text (the key as written).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// Why a file is not a usable YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    /// `spaced`: the line as it should be written, when the fault is a key with no space after
    /// its colon (`status:agreed`), the commonest slip when typing YAML by hand.
    Syntax {
        pos: Pos,
        message: String,
        spaced: Option<String>,
    },
    DuplicateKey {
        key: String,
        pos: Pos,
        first: Pos,
    },
    MultipleDocuments {
        pos: Pos,
    },
    TooDeep {
        pos: Pos,
    },
    AliasExpansion {
        pos: Pos,
    },
    ComplexKey {
        pos: Pos,
    },
    Empty,
}

impl YamlError {
    pub fn pos(&self) -> Pos {
        match self {
            YamlError::Syntax { pos, .. }
            | YamlError::DuplicateKey { pos, .. }
            | YamlError::MultipleDocuments { pos }
            | YamlError::TooDeep { pos }
            | YamlError::AliasExpansion { pos }
            | YamlError::ComplexKey { pos } => *pos,
            YamlError::Empty => Pos::new(1, 1),
        }
    }
}

impl Node {
    /// The child at `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Follows a JSON pointer's segments (`["moderation", "agreed_grade"]`, list indexes as
    /// numbers) and returns the deepest node reached and, for the last step, the key's position.
    pub fn locate<'a>(&'a self, segments: impl IntoIterator<Item = &'a str>) -> Located<'a> {
        let mut node = self;
        let mut key_pos = None;
        for segment in segments {
            let next = match &node.value {
                Value::Map(entries) => entries.iter().find(|e| e.key == segment).map(|e| {
                    key_pos = Some(e.key_pos);
                    &e.value
                }),
                Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        Located { node, key_pos }
    }

    /// The tree as a JSON value for the schema validator.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
            scalar => scalar_json(scalar.clone()).unwrap_or(J::Null),
        }
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) => items.iter().map(Node::count).sum(),
            Value::Map(entries) => entries.iter().map(|e| 1 + e.value.count()).sum(),
            _ => 0,
        }
    }
}

pub struct Located<'a> {
    pub node: &'a Node,
    pub key_pos: Option<Pos>,
}

/// A document as far as it could be built, and every problem found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The document; `None` after a syntax error or for an empty file (`problems` says which).
    pub root: Option<Node>,
    /// In the order met. A problem beside a tree left out only the value it names (the
    /// second of two equal keys, a subtree nested too deep, an alias past the cap, a second
    /// document); the rest of the document is there.
    pub problems: Vec<YamlError>,
}

/// Parses one document, strictly: the tree, or the first problem it has. For files whose
/// every problem should be reported (records), `parse_document`.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let parsed = parse_document(text);
    match (parsed.root, parsed.problems.into_iter().next()) {
        (Some(root), None) => Ok(root),
        (_, Some(problem)) => Err(problem),
        (None, None) => Err(YamlError::Empty),
    }
}

/// Parses one document, keeping going past every problem that leaves the rest readable.
/// `text` must already be free of a byte-order mark.
pub fn parse_document(text: &str) -> Parsed {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            Err(e) => {
                let pos = Pos::new(e.marker().line(), e.marker().col() + 1);
                // The parser has its own, deeper, limit for flow collections (`[[[[…`).
                builder
                    .problems
                    .push(if e.info().contains("recursion limit") {
                        YamlError::TooDeep { pos }
                    } else {
                        syntax_error(text, pos, e.info())
                    });
                // The parser stops at a syntax error: what was built is not the document.
                return Parsed {
                    root: None,
                    problems: builder.problems,
                };
            }
        };
        if builder.event(event, &span) == Flow::Stop {
            break;
        }
    }
    if builder.root.is_none() && builder.problems.is_empty() {
        builder.problems.push(YamlError::Empty);
    }
    Parsed {
        root: builder.root,
        problems: builder.problems,
    }
}

/// A parser error placed on the line to fix. The parser notices some faults only at the next
/// token: a key without its `:` (`status:agreed` is read as one word) is reported where the
/// next line starts, and anything unfinished at the end of the file past its last line or on a
/// comment after it. A marker at the end, on a blank or comment line, or at the start of the
/// line after a key missing its colon moves back to the last line with content before it.
fn syntax_error(text: &str, marker: Pos, message: &str) -> YamlError {
    let lines: Vec<&str> = text.lines().collect();
    let index = marker.line.saturating_sub(1) as usize;
    let is_content = |line: &str| {
        let trimmed = line.trim_start();
        !trimmed.is_empty() && !trimmed.starts_with('#')
    };
    let indent = |line: &str| line.chars().take_while(|c| *c == ' ').count();
    let after_fault = match lines.get(index) {
        None => true,
        Some(line) if !is_content(line) => true,
        Some(line) => {
            message.starts_with("simple key expect")
                && marker.col.saturating_sub(1) as usize <= indent(line)
        }
    };
    let found = after_fault
        .then(|| {
            (0..index.min(lines.len()))
                .rev()
                .find(|&i| is_content(lines[i]))
        })
        .flatten();
    let (pos, line) = match found {
        Some(i) => (Pos::new(i + 1, indent(lines[i]) + 1), lines.get(i)),
        None => (marker, lines.get(index)),
    };
    YamlError::Syntax {
        pos,
        message: message.to_owned(),
        spaced: line.and_then(|line| with_space_after_colon(line)),
    }
}

/// `status:agreed` as `status: agreed`: a line whose first word is a key glued to its value.
fn with_space_after_colon(line: &str) -> Option<String> {
    let line = line.trim_end_matches('\r');
    let body = line.trim_start();
    let lead = &line[..line.len() - body.len()];
    let (dash, body) = match body.strip_prefix("- ") {
        Some(rest) => ("- ", rest),
        None => ("", body),
    };
    let (key, value) = body.split_once(':')?;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let glued = value
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != ':' && c != '/');
    (is_key && glued).then(|| format!("{lead}{dash}{key}: {value}"))
}

#[derive(PartialEq)]
enum Flow {
    Continue,
    Stop,
}

/// What a mapping expects next.
enum Expect {
    Key,
    /// The value of this key (as written, and where).
    Value(String, Pos),
    /// A value to leave out: its key was a duplicate or not plain text.
    Skipped,
}

enum Frame {
    Seq {
        node: Node,
        anchor: usize,
    },
    Map {
        node: Node,
        anchor: usize,
        expect: Expect,
        /// Built only for large mappings; small ones are searched directly.
        seen: Option<HashMap<String, Pos>>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    /// Nodes copied through aliases so far (the alias-bomb measure).
    copied: usize,
    /// Set once `copied` would pass its cap: later aliases are left out without a word more.
    copies_refused: bool,
    /// While > 0, the events of a subtree nested too deep are being skipped (its depth).
    skipping: usize,
    documents: usize,
    root: Option<Node>,
    problems: Vec<YamlError>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Flow {
        let pos = Pos::from_span(span);
        if self.skipping > 0 {
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => self.skipping += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    self.skipping -= 1;
                    if self.skipping == 0 {
                        self.leave_out();
                    }
                }
                _ => {}
            }
            return Flow::Continue;
        }
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    // One record per file: the first document is checked, the rest is not.
                    self.problems.push(YamlError::MultipleDocuments { pos });
                    return Flow::Stop;
                }
            }
            Event::StreamEnd => return Flow::Stop,
            Event::Scalar(text, style, anchor, tag) => {
                let forced_text = tag.is_some_and(|t| t.handle == "!!" && t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_text {
                    resolve_plain(text)
                } else {
                    Value::Str(text.into_owned())
                };
                self.complete(Node { pos, value }, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Frame::Seq {
                    node: Node {
                        pos,
                        value: Value::Seq(Vec::new()),
                    },
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(Frame::Map {
                    node: Node {
                        pos,
                        value: Value::Map(Vec::new()),
                    },
                    anchor,
                    expect: Expect::Key,
                    seen: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = match frame {
                        Frame::Seq { node, anchor } | Frame::Map { node, anchor, .. } => {
                            (node, anchor)
                        }
                    };
                    self.complete(node, anchor);
                }
            }
            Event::Alias(id) => self.alias(id, pos),
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        Flow::Continue
    }

    /// A copy of the anchored node, unless the copies so far would pass the cap (then the
    /// alias is left out, and the first such alias reported).
    fn alias(&mut self, id: usize, pos: Pos) {
        if self.copies_refused {
            return self.leave_out();
        }
        let Some(target) = self.anchors.get(&id) else {
            // The parser knows the anchor, but its value is not complete yet (`&a [*a]`) or
            // was left out.
            self.problems.push(YamlError::Syntax {
                pos,
                message: "an alias names an anchor whose value is not complete before it"
                    .to_owned(),
                spaced: None,
            });
            return self.leave_out();
        };
        let size = target.count();
        if self.copied + size > MAX_ALIAS_NODES {
            self.copies_refused = true;
            self.problems.push(YamlError::AliasExpansion { pos });
            return self.leave_out();
        }
        self.copied += size;
        let mut copy = target.clone();
        copy.pos = pos;
        self.complete(copy, 0);
    }

    fn open(&mut self, frame: Frame) {
        if self.stack.len() >= MAX_DEPTH {
            let pos = match &frame {
                Frame::Seq { node, .. } | Frame::Map { node, .. } => node.pos,
            };
            self.problems.push(YamlError::TooDeep { pos });
            self.skipping = 1;
            return;
        }
        self.stack.push(frame);
    }

    /// A value (or key) that is not kept: its mapping entry goes with it.
    fn leave_out(&mut self) {
        if let Some(Frame::Map { expect, .. }) = self.stack.last_mut() {
            *expect = match expect {
                Expect::Key => Expect::Skipped,
                Expect::Value(..) | Expect::Skipped => Expect::Key,
            };
        }
    }

    /// Attaches a finished node to its parent (or makes it the document).
    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match frame {
            Frame::Seq { node: seq, .. } => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Frame::Map {
                node: map,
                expect,
                seen,
                ..
            } => {
                let Value::Map(entries) = &mut map.value else {
                    return;
                };
                *expect = match std::mem::replace(expect, Expect::Key) {
                    Expect::Key => {
                        let pos = node.pos;
                        match key_text(node.value) {
                            None => {
                                self.problems.push(YamlError::ComplexKey { pos });
                                Expect::Skipped
                            }
                            Some(text) => match first_occurrence(entries, seen, &text) {
                                // The first value is kept and the second left out: the
                                // diagnostic points at the second, the one to delete.
                                Some(first) => {
                                    self.problems.push(YamlError::DuplicateKey {
                                        key: text,
                                        pos,
                                        first,
                                    });
                                    Expect::Skipped
                                }
                                None => Expect::Value(text, pos),
                            },
                        }
                    }
                    Expect::Value(key, key_pos) => {
                        entries.push(Entry {
                            key,
                            key_pos,
                            value: node,
                        });
                        Expect::Key
                    }
                    Expect::Skipped => Expect::Key,
                };
            }
        }
    }
}

/// Where `key` already occurs in a mapping. Linear for the few keys a record has; a hash set
/// takes over for large mappings so that a hostile file cannot make this quadratic.
fn first_occurrence(
    entries: &[Entry],
    seen: &mut Option<HashMap<String, Pos>>,
    key: &str,
) -> Option<Pos> {
    const LINEAR_LIMIT: usize = 32;
    if entries.len() < LINEAR_LIMIT {
        return entries.iter().find(|e| e.key == key).map(|e| e.key_pos);
    }
    let set =
        seen.get_or_insert_with(|| entries.iter().map(|e| (e.key.clone(), e.key_pos)).collect());
    if set.len() < entries.len() {
        let last = &entries[entries.len() - 1];
        set.insert(last.key.clone(), last.key_pos);
    }
    set.get(key).copied()
}

/// A scalar as the validator sees it (a float JSON cannot hold is null); `None` for a list or
/// mapping.
pub(crate) fn scalar_json(value: Value) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    Some(match value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(b),
        Value::Int(i) => J::from(i),
        Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        Value::Str(s) => J::String(s),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// A mapping key as the tree keeps it: the text of any scalar as written (`12`, `true`, `""`
/// for null); `None` for a list or mapping used as a key.
pub(crate) fn key_text(value: Value) -> Option<String> {
    Some(match value {
        Value::Str(s) => s,
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// YAML 1.2 core schema resolution of a plain (unquoted) scalar.
pub(crate) fn resolve_plain(text: Cow<'_, str>) -> Value {
    // Null, booleans and numbers all start with one of these; most text does not, and is kept
    // as it is (the parser's own string, not a copy).
    let special = |b: u8| b"~nNtTfF.+-".contains(&b) || b.is_ascii_digit();
    if text.as_bytes().first().is_some_and(|b| !special(*b)) {
        return Value::Str(text.into_owned());
    }
    let text = text.as_ref();
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Value::Str(text.to_owned()),
        _ => {}
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    } else if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Int(i);
        }
    } else if is_decimal_int(text) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
    }
    if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text.to_owned())
}

fn is_decimal_int(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Node {
        match parse(text) {
            Ok(node) => node,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    #[test]
    fn keys_and_values_keep_their_positions() {
        let doc = parse_ok("id: ACT-2025-0001\nagreed:\n  forum: other\n  date: 2025-01-03\n");
        let located = doc.locate(["agreed", "date"]);
        assert_eq!(located.key_pos, Some(Pos { line: 4, col: 3 }));
        assert_eq!(located.node.pos, Pos { line: 4, col: 9 });
        assert_eq!(located.node.as_str(), Some("2025-01-03"));
    }

    #[test]
    fn yaml_1_2_scalars() {
        let doc = parse_ok("a: no\nb: on\nc: 2025-01-03\nd: 12\ne: true\nf: ~\ng: '12'\nh: 1.5\n");
        let json = doc.to_json();
        assert_eq!(json["a"], "no");
        assert_eq!(json["b"], "on");
        assert_eq!(json["c"], "2025-01-03");
        assert_eq!(json["d"], 12);
        assert_eq!(json["e"], true);
        assert!(json["f"].is_null());
        assert_eq!(json["g"], "12");
        assert_eq!(json["h"], 1.5);
    }

    #[test]
    fn duplicate_key_is_reported_at_its_second_occurrence() {
        let err = parse("a: 1\nb: 2\na: 3\n");
        assert_eq!(
            err,
            Err(YamlError::DuplicateKey {
                key: "a".into(),
                pos: Pos { line: 3, col: 1 },
                first: Pos { line: 1, col: 1 }
            })
        );
    }

    #[test]
    fn a_duplicate_key_keeps_the_first_value_and_the_rest_of_the_document() {
        let parsed = parse_document("a: 1\nb: {x: 2}\na: [3, {y: 4}]\nb: 5\nc: 6\n");
        let root = parsed.root.unwrap_or_else(|| panic!("no tree"));
        assert_eq!(
            root.to_json(),
            serde_json::json!({"a": 1, "b": {"x": 2}, "c": 6})
        );
        assert_eq!(
            parsed.problems,
            vec![
                YamlError::DuplicateKey {
                    key: "a".into(),
                    pos: Pos { line: 3, col: 1 },
                    first: Pos { line: 1, col: 1 }
                },
                YamlError::DuplicateKey {
                    key: "b".into(),
                    pos: Pos { line: 4, col: 1 },
                    first: Pos { line: 2, col: 1 }
                },
            ]
        );
    }

    #[test]
    fn problems_that_leave_the_rest_readable_keep_the_rest() {
        // A list as a key: the entry is left out, the next one kept.
        let parsed = parse_document("? [k]\n: v\nnext: 1\n");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert!(matches!(parsed.problems[0], YamlError::ComplexKey { .. }));
        assert_eq!(
            parsed.root.map(|r| r.to_json()),
            Some(serde_json::json!({"next": 1}))
        );
        // Nesting too deep: the subtree past the limit is left out, the keys after it kept.
        let deep = "a: ".to_owned() + &"[".repeat(70) + &"]".repeat(70) + "\nb: 2\n";
        let parsed = parse_document(&deep);
        assert!(matches!(
            parsed.problems[..],
            [YamlError::TooDeep {
                pos: Pos { line: 1, col: 67 }
            }]
        ));
        let json = parsed.root.map(|r| r.to_json()).unwrap_or_default();
        assert_eq!(json["b"], 2);
        let mut innermost = &json["a"];
        let mut depth = 2; // the document's mapping and `a`'s list
        while let Some(first) = innermost.get(0) {
            innermost = first;
            depth += 1;
        }
        assert_eq!((depth, innermost), (MAX_DEPTH, &serde_json::json!([])));
        // A second document: the first is kept.
        let parsed = parse_document("a: 1\n---\nb: 2\n");
        assert!(matches!(
            parsed.problems[..],
            [YamlError::MultipleDocuments {
                pos: Pos { line: 2, col: 1 }
            }]
        ));
        assert_eq!(
            parsed.root.map(|r| r.to_json()),
            Some(serde_json::json!({"a": 1}))
        );
    }

    #[test]
    fn a_syntax_error_leaves_no_tree() {
        let parsed = parse_document("a: 1\na: 2\nb: [1, 2\n");
        assert!(parsed.root.is_none());
        // The duplicate found before the syntax error is reported with it.
        assert!(matches!(
            parsed.problems[..],
            [YamlError::DuplicateKey { .. }, YamlError::Syntax { .. }]
        ));
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let doc = parse_ok("a: 1\r\nb: x\r\n");
        assert_eq!(doc.locate(["b"]).node.pos, Pos { line: 2, col: 4 });
        assert_eq!(doc.to_json()["b"], "x");
    }

    #[test]
    fn a_second_document_is_refused() {
        assert!(matches!(
            parse("a: 1\n---\nb: 2\n"),
            Err(YamlError::MultipleDocuments { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        let text = "- ".repeat(20_000) + "x\n";
        assert!(matches!(parse(&text), Err(YamlError::TooDeep { .. })));
        let flow = "[".repeat(1_000_000);
        assert!(parse(&flow).is_err());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(matches!(
            parse(&text),
            Err(YamlError::AliasExpansion { .. })
        ));
        // Reported once, at the alias that passes the cap; the document is still built.
        let parsed = parse_document(&text);
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.root.is_some());
    }

    #[test]
    fn many_plain_values_are_not_an_alias_bomb() {
        let text: String = (0..200_000).map(|i| format!("k{i}: {i}\n")).collect();
        let parsed = parse_document(&text);
        assert_eq!(parsed.problems, Vec::new());
        let list = "a: [".to_owned() + &"1, ".repeat(300_000) + "1]\n";
        assert_eq!(parse_document(&list).problems, Vec::new());
    }

    #[test]
    fn a_few_aliases_of_a_large_anchor_within_the_cap_are_fine() {
        let big = "[".to_owned() + &"x, ".repeat(20_000) + "x]";
        let text = format!("a: &a {big}\nb: *a\nc: *a\nd: *a\n");
        let parsed = parse_document(&text);
        assert_eq!(parsed.problems, Vec::new());
        let json = parsed.root.map(|r| r.to_json()).unwrap_or_default();
        assert_eq!(json["d"].as_array().map(Vec::len), Some(20_001));
        // The fifth copy passes 100,000 copied values.
        let text = format!("a: &a {big}\nb: [*a, *a, *a, *a, *a, *a]\n");
        let parsed = parse_document(&text);
        assert!(matches!(
            parsed.problems[..],
            [YamlError::AliasExpansion {
                pos: Pos { line: 2, col: 21 }
            }]
        ));
    }

    #[test]
    fn small_aliases_are_allowed() {
        let doc = parse_ok("base: &b {x: 1}\ncopy: *b\n");
        assert_eq!(doc.to_json()["copy"]["x"], 1);
    }

    #[test]
    fn empty_and_comment_only_files_are_empty() {
        assert_eq!(parse(""), Err(YamlError::Empty));
        assert_eq!(parse("# nothing here\n"), Err(YamlError::Empty));
    }

    fn syntax_at(text: &str) -> (Pos, Option<String>) {
        match parse(text) {
            Err(YamlError::Syntax { pos, spaced, .. }) => (pos, spaced),
            other => panic!("not a syntax error: {other:?}"),
        }
    }

    #[test]
    fn a_key_without_its_space_is_found_on_its_own_line() {
        let fixed = Some("b: two".to_owned());
        // Last line, at the end of the file, and before trailing comments and blank lines.
        assert_eq!(syntax_at("a: 1\nb:two\n"), (Pos::new(2, 1), fixed.clone()));
        assert_eq!(syntax_at("a: 1\nb:two"), (Pos::new(2, 1), fixed.clone()));
        assert_eq!(
            syntax_at("a: 1\nb:two\n\n# note\n  # more\n"),
            (Pos::new(2, 1), fixed.clone())
        );
        // In the middle: the parser notices at the next key.
        assert_eq!(syntax_at("a: 1\nb:two\nc: 3\n"), (Pos::new(2, 1), fixed));
        // Indented, in a list.
        assert_eq!(
            syntax_at("a:\n  - x: 1\n    y:2\nc: 3\n"),
            (Pos::new(3, 5), Some("    y: 2".to_owned()))
        );
    }

    #[test]
    fn an_error_at_its_place_stays_there() {
        // An unclosed flow list is reported where the parser is, not moved.
        let (pos, spaced) = syntax_at("a: [1, 2\nb: 3\n");
        assert!(pos.line >= 1 && pos.line <= 2, "{pos:?}");
        assert_eq!(spaced, None);
        assert_eq!(syntax_at("a:\n\tb: 1\n").0.line, 2);
    }

    #[test]
    fn tabs_used_for_indentation_are_a_syntax_error() {
        assert!(matches!(
            parse("a:\n\tb: 1\n"),
            Err(YamlError::Syntax { .. })
        ));
    }
}
