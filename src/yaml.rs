//! YAML text → a tree that remembers the line and column of every key and value.
//!
//! Built on `saphyr-parser` events with an explicit stack, so hostile input cannot overflow
//! ours: nesting depth and alias expansion are capped, duplicate keys and extra documents are
//! errors. Plain scalars resolve by the YAML 1.2 core schema (`2025-01-03`, `no`, `on` stay text).
//! This module knows nothing of records or schemas.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// Deeper nesting than this is refused; a record needs four or five levels.
pub const MAX_DEPTH: usize = 64;
/// Total nodes a document may expand to through aliases before it is treated as an alias bomb.
pub const MAX_NODES: usize = 100_000;

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
    Syntax { pos: Pos, message: String },
    DuplicateKey { key: String, pos: Pos, first: Pos },
    MultipleDocuments { pos: Pos },
    TooDeep { pos: Pos },
    AliasExpansion { pos: Pos },
    ComplexKey { pos: Pos },
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

/// Parses one document. `text` must already be free of a byte-order mark.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut builder = Builder::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let pos = Pos::new(e.marker().line(), e.marker().col() + 1);
            // The parser has its own, deeper, limit for flow collections (`[[[[…`).
            if e.info().contains("recursion limit") {
                YamlError::TooDeep { pos }
            } else {
                YamlError::Syntax {
                    pos,
                    message: e.info().to_owned(),
                }
            }
        })?;
        if builder.event(event, &span)? == Flow::Stop {
            break;
        }
    }
    builder.root.ok_or(YamlError::Empty)
}

#[derive(PartialEq)]
enum Flow {
    Continue,
    Stop,
}

enum Frame {
    Seq {
        node: Node,
        anchor: usize,
    },
    Map {
        node: Node,
        anchor: usize,
        key: Option<(String, Pos)>,
        /// Built only for large mappings; small ones are searched directly.
        seen: Option<HashMap<String, Pos>>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    documents: usize,
    root: Option<Node>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<Flow, YamlError> {
        let pos = Pos::from_span(span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError::MultipleDocuments { pos });
                }
            }
            Event::StreamEnd => return Ok(Flow::Stop),
            Event::Scalar(text, style, anchor, tag) => {
                let forced_text = tag.is_some_and(|t| t.handle == "!!" && t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_text {
                    resolve_plain(text)
                } else {
                    Value::Str(text.into_owned())
                };
                self.complete(Node { pos, value }, anchor)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Frame::Seq {
                    node: Node {
                        pos,
                        value: Value::Seq(Vec::new()),
                    },
                    anchor,
                })?;
            }
            Event::MappingStart(anchor, _) => {
                self.open(Frame::Map {
                    node: Node {
                        pos,
                        value: Value::Map(Vec::new()),
                    },
                    anchor,
                    key: None,
                    seen: None,
                })?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = match frame {
                        Frame::Seq { node, anchor } | Frame::Map { node, anchor, .. } => {
                            (node, anchor)
                        }
                    };
                    self.complete(node, anchor)?;
                }
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(YamlError::Syntax {
                        pos,
                        message: "an alias names an anchor that was not defined".to_owned(),
                    });
                };
                self.nodes += target.count();
                if self.nodes > MAX_NODES {
                    return Err(YamlError::AliasExpansion { pos });
                }
                let mut copy = target.clone();
                copy.pos = pos;
                self.complete(copy, 0)?;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
        Ok(Flow::Continue)
    }

    fn open(&mut self, frame: Frame) -> Result<(), YamlError> {
        let pos = match &frame {
            Frame::Seq { node, .. } | Frame::Map { node, .. } => node.pos,
        };
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::TooDeep { pos });
        }
        self.nodes += 1;
        self.stack.push(frame);
        Ok(())
    }

    /// Attaches a finished node to its parent (or makes it the document).
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(YamlError::AliasExpansion { pos: node.pos });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { node: seq, .. }) => {
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Frame::Map {
                node: map,
                key,
                seen,
                ..
            }) => match key.take() {
                None => {
                    let Some(text) = key_text(node.value) else {
                        return Err(YamlError::ComplexKey { pos: node.pos });
                    };
                    let Value::Map(entries) = &map.value else {
                        return Ok(());
                    };
                    if let Some(first) = first_occurrence(entries, seen, &text) {
                        return Err(YamlError::DuplicateKey {
                            key: text,
                            pos: node.pos,
                            first,
                        });
                    }
                    *key = Some((text, node.pos));
                }
                Some((key, key_pos)) => {
                    if let Value::Map(entries) = &mut map.value {
                        entries.push(Entry {
                            key,
                            key_pos,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
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

    #[test]
    fn tabs_used_for_indentation_are_a_syntax_error() {
        assert!(matches!(
            parse("a:\n\tb: 1\n"),
            Err(YamlError::Syntax { .. })
        ));
    }
}
