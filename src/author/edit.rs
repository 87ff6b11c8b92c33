//! Editing a record's text in place, for the lifecycle commands (`done`, `set`, `note`,
//! `reassign`, `move`): a change becomes a plan of splices at the byte positions the YAML
//! parser gives — a scalar's span replaced, a missing key inserted at its mapping's indentation
//! in schema order, an item appended to a block list — and the plan is applied to the text.
//! Nothing is re-serialised: comments, key order, quoting and line endings stay as they were,
//! and bytes outside the changed value are untouched. Pure: no file is read or written here.

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::author::draft::{double_quoted, yaml_string};
use crate::load::yaml;

/// One change to a record, by field path (`impact.measured`; lists by their path, `updates`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The field holds this value, written as YAML (`2025-07-01`, `"a text"`, `[a, b]`).
    Set { path: String, yaml: String },
    /// This mapping, `(key, YAML value)` in order, is appended to the list (made if missing).
    Append {
        list: String,
        item: Vec<(String, String)>,
    },
}

/// Why a change cannot be made to this text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file is not readable YAML, so it cannot be edited safely")]
    Unreadable,
    #[error(
        "`{0}` is written in a style qaledger does not edit (a flow mapping, a block text or a non-empty flow list): change it in the file"
    )]
    Style(String),
    #[error("`{0}` is not a group of fields in this record, so `{1}` cannot be added to it")]
    NotAMapping(String, String),
    #[error("`{0}` is not a list in this record")]
    NotAList(String),
}

/// A byte range of the text and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Applies the changes one after another; each is planned on the text the previous one left.
/// `order` gives the keys of the mapping at a path in schema order (for placing new keys).
pub fn apply_all(
    text: &str,
    changes: &[Change],
    order: &dyn Fn(&str) -> Vec<String>,
) -> Result<String, EditError> {
    let mut text = text.to_owned();
    for change in changes {
        if let Some(splice) = plan(&text, change, order)? {
            text.replace_range(splice.start..splice.end, &splice.text);
        }
    }
    Ok(text)
}

/// The one splice that makes `change` on `text`, or `None` when the text already says it.
pub fn plan(
    text: &str,
    change: &Change,
    order: &dyn Fn(&str) -> Vec<String>,
) -> Result<Option<Splice>, EditError> {
    let layout = Layout::of(text)?;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    match change {
        Change::Set { path, yaml } => match layout.find(path) {
            Some(node) => replace(text, node, path, yaml),
            None => insert(text, &layout, path, &[], Some(yaml), order, eol).map(Some),
        },
        Change::Append { list, item } => match layout.find(list) {
            Some(node) => {
                let first = layout
                    .find(&join(list, "0"))
                    .map_or(node.start, |n| n.start);
                let item = quoted_as_last(&layout, node, list, item);
                append(text, node, first, list, &item, eol).map(Some)
            }
            None => insert(text, &layout, list, item, None, order, eol).map(Some),
        },
    }
}

/// Each field of a new item quoted as the list's last item quotes it (`date: "2025-04-15"`).
fn quoted_as_last(
    layout: &Layout,
    list_node: &Node,
    list: &str,
    item: &[(String, String)],
) -> Vec<(String, String)> {
    let last = match list_node.shape {
        Shape::Seq { items, .. } => items.checked_sub(1),
        _ => None,
    };
    item.iter()
        .map(|(key, yaml)| {
            let style = last
                .and_then(|n| layout.find(&join(&join(list, &n.to_string()), key)))
                .and_then(|node| match &node.shape {
                    Shape::Scalar { style, .. } => Some(*style),
                    _ => None,
                });
            let yaml = style.map_or_else(|| yaml.clone(), |s| in_style(s, yaml));
            (key.clone(), yaml)
        })
        .collect()
}

/// A node of the document: its path, where it lies and what shape it has.
#[derive(Debug, Clone)]
struct Node {
    path: String,
    shape: Shape,
    /// Byte offset of its first character (the `-` of a block list, a mapping's first key).
    start: usize,
    /// Byte offset just past its last character (past trailing comments on a quoted scalar's
    /// line, where the parser puts it).
    end: usize,
    /// Where its key starts and ends, for a mapping's value.
    key: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Scalar { style: ScalarStyle, value: String },
    Map { flow: bool, keys: Vec<String> },
    Seq { flow: bool, items: usize },
}

struct Layout {
    nodes: Vec<Node>,
}

/// An open collection while the events are read.
struct Open {
    node: Node,
    /// The key waiting for its value (mappings), and where it was.
    pending: Option<(String, usize, usize)>,
    expect_key: bool,
}

impl Layout {
    /// Reads the parser's events once, remembering where every node is. A file with any YAML
    /// problem (syntax, aliases, several documents) is not edited.
    fn of(text: &str) -> Result<Layout, EditError> {
        if !yaml::parse_document(text).problems.is_empty() {
            return Err(EditError::Unreadable);
        }
        let bytes = Offsets::new(text);
        let mut nodes = Vec::new();
        let mut stack: Vec<Open> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.map_err(|_| EditError::Unreadable)?;
            let start = bytes.at(span.start.index());
            let end = bytes.at(span.end.index()).max(start);
            match event {
                Event::Scalar(value, style, _, _) => {
                    if let Some(open) = stack.last_mut() {
                        if open.expect_key {
                            open.pending = Some((value.to_string(), start, end));
                            open.expect_key = false;
                            continue;
                        }
                    }
                    let end = scalar_end(text, style, start, end);
                    let (path, key) = child(&mut stack);
                    let node = Node {
                        path,
                        shape: Shape::Scalar {
                            style,
                            value: value.into_owned(),
                        },
                        start,
                        end,
                        key,
                    };
                    grow(&mut stack, end);
                    nodes.push(node);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let flow = matches!(text.as_bytes().get(start), Some(b'{' | b'['));
                    let (path, key) = child(&mut stack);
                    let shape = match event {
                        Event::MappingStart(..) => Shape::Map {
                            flow,
                            keys: Vec::new(),
                        },
                        _ => Shape::Seq { flow, items: 0 },
                    };
                    let is_map = matches!(shape, Shape::Map { .. });
                    stack.push(Open {
                        node: Node {
                            path,
                            shape,
                            start,
                            end: if flow { end } else { start },
                            key,
                        },
                        pending: None,
                        expect_key: is_map,
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(mut open) = stack.pop() else {
                        continue;
                    };
                    // A flow collection ends at its bracket; a block one at its last value.
                    if !span.is_empty() {
                        open.node.end = open.node.end.max(end);
                    }
                    grow(&mut stack, open.node.end);
                    nodes.push(open.node);
                }
                _ => {}
            }
        }
        Ok(Layout { nodes })
    }

    fn find(&self, path: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.path == path)
    }
}

/// The path of the node that starts now, and its key's span; counts it in its parent.
fn child(stack: &mut [Open]) -> (String, Option<(usize, usize)>) {
    let Some(open) = stack.last_mut() else {
        return (String::new(), None);
    };
    let parent = open.node.path.clone();
    let join = |segment: &str| {
        if parent.is_empty() {
            segment.to_owned()
        } else {
            format!("{parent}.{segment}")
        }
    };
    match &mut open.node.shape {
        Shape::Map { keys, .. } => {
            open.expect_key = true;
            match open.pending.take() {
                Some((key, start, end)) => {
                    keys.push(key.clone());
                    (join(&key), Some((start, end)))
                }
                None => (join("?"), None),
            }
        }
        Shape::Seq { items, .. } => {
            *items += 1;
            (join(&(*items - 1).to_string()), None)
        }
        Shape::Scalar { .. } => (join("?"), None),
    }
}

/// A value ended at `end`: every open collection reaches at least there.
fn grow(stack: &mut [Open], end: usize) {
    for open in stack {
        open.node.end = open.node.end.max(end);
    }
}

/// The parser's span of a quoted scalar may run past its closing quote (to a comment); the
/// scalar ends at the quote that closes it.
fn scalar_end(text: &str, style: ScalarStyle, start: usize, end: usize) -> usize {
    let quote = match style {
        ScalarStyle::SingleQuoted => b'\'',
        ScalarStyle::DoubleQuoted => b'"',
        _ => return end,
    };
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    end
}

/// Character index (what the parser counts) → byte offset.
struct Offsets {
    bytes: Vec<usize>,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        Offsets { bytes }
    }

    fn at(&self, index: usize) -> usize {
        self.bytes
            .get(index)
            .copied()
            .unwrap_or_else(|| self.bytes.last().copied().unwrap_or(0))
    }
}

/// The value a YAML scalar text reads as (`"a"` and `a` are the same text).
fn reads_as(yaml: &str) -> Option<yaml::Value> {
    yaml::parse(&format!("k: {yaml}\n"))
        .ok()?
        .get("k")
        .map(|n| n.value.clone())
}

/// Replaces a scalar (or an empty value) with `yaml`, keeping its quoting style.
fn replace(text: &str, node: &Node, path: &str, yaml: &str) -> Result<Option<Splice>, EditError> {
    let Shape::Scalar { style, value } = &node.shape else {
        // A list given whole replaces a flow list; a block one is left for the file.
        if let Shape::Seq { flow: true, .. } = node.shape {
            let current = reads_as(&text[node.start..node.end]);
            if current.is_some() && current == reads_as(yaml) {
                return Ok(None);
            }
            return Ok(Some(Splice {
                start: node.start,
                end: node.end,
                text: yaml.to_owned(),
            }));
        }
        let current = reads_as(&text[node.start..node.end]);
        if current.is_some() && current == reads_as(yaml) {
            return Ok(None);
        }
        return Err(EditError::Style(path.to_owned()));
    };
    let new = reads_as(yaml);
    let empty = node.start == node.end;
    if !empty {
        let current = match style {
            ScalarStyle::Plain => reads_as(&text[node.start..node.end]),
            _ => Some(yaml::Value::Str(value.clone())),
        };
        if current.is_some() && current == new {
            return Ok(None);
        }
    }
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        return Err(EditError::Style(path.to_owned()));
    }
    if empty {
        // `due:` with nothing after: the parser puts the empty value at the end of the key.
        let colon = text[node.start..]
            .find(':')
            .map_or(node.start, |i| node.start + i + 1);
        return Ok(Some(Splice {
            start: colon,
            end: colon,
            text: format!(" {yaml}"),
        }));
    }
    let written = in_style(*style, yaml);
    Ok(Some(Splice {
        start: node.start,
        end: node.end,
        text: written,
    }))
}

/// `yaml` quoted as a scalar of `style` is (a text in a file that quotes it stays quoted).
fn in_style(style: ScalarStyle, yaml: &str) -> String {
    match (style, reads_as(yaml)) {
        (ScalarStyle::SingleQuoted, Some(yaml::Value::Str(s))) if !s.contains(['\n', '\r']) => {
            format!("'{}'", s.replace('\'', "''"))
        }
        (ScalarStyle::DoubleQuoted, Some(yaml::Value::Str(s))) => double_quoted(&s),
        _ => yaml.to_owned(),
    }
}

/// Where the line holding byte `at` ends, past its line break (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    if at > 0 && text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The indentation (as spaces) of a node starting at `at`: its column on its line.
fn indent_of(text: &str, at: usize) -> String {
    " ".repeat(text[line_start(text, at)..at].chars().count())
}

/// Appends an item to an existing list: after its last item in block style (at the items'
/// indentation), or in place of an empty flow list (`updates: []`).
fn append(
    text: &str,
    node: &Node,
    first_item: usize,
    path: &str,
    item: &[(String, String)],
    eol: &str,
) -> Result<Splice, EditError> {
    match &node.shape {
        Shape::Seq { flow: false, .. } => {
            // The items' `-` is the last one before the first item on its line.
            let line = line_start(text, first_item);
            let dash = text[line..first_item]
                .rfind('-')
                .map_or(first_item, |i| line + i);
            let indent = indent_of(text, dash);
            let at = line_end(text, node.end);
            let lead = if at == text.len() && !text.ends_with('\n') {
                eol
            } else {
                ""
            };
            Ok(Splice {
                start: at,
                end: at,
                text: format!("{lead}{}", block_item(&indent, item, eol)),
            })
        }
        Shape::Seq {
            flow: true,
            items: 0,
        } => {
            let (key_start, _) = node.key.unwrap_or((node.start, node.start));
            let indent = format!("{}  ", indent_of(text, key_start));
            // `updates: []` → `updates:` and the item on the lines below.
            let start = text[..node.start].trim_end_matches([' ', '\t']).len();
            let items = block_item(&indent, item, eol);
            let end = text[node.start..]
                .find(']')
                .map_or(node.end, |i| node.start + i + 1);
            Ok(Splice {
                start,
                end,
                text: format!("{eol}{}", items.trim_end_matches(['\r', '\n'])),
            })
        }
        Shape::Seq { flow: true, .. } => Err(EditError::Style(path.to_owned())),
        _ => Err(EditError::NotAList(path.to_owned())),
    }
}

/// `- k1: v1` / `  k2: v2` lines at `indent`.
fn block_item(indent: &str, item: &[(String, String)], eol: &str) -> String {
    let mut out = String::new();
    for (i, (key, value)) in item.iter().enumerate() {
        let dash = if i == 0 { "- " } else { "  " };
        out.push_str(&format!(
            "{indent}{dash}{}: {value}{eol}",
            yaml_string(key, false)
        ));
    }
    out
}

/// Inserts a missing field (with the mappings on its way that are missing too) into the
/// nearest mapping that exists, after the last key that comes before it in schema order.
fn insert(
    text: &str,
    layout: &Layout,
    path: &str,
    item: &[(String, String)],
    scalar: Option<&String>,
    order: &dyn Fn(&str) -> Vec<String>,
    eol: &str,
) -> Result<Splice, EditError> {
    // The deepest existing ancestor.
    let segments: Vec<&str> = path.split('.').collect();
    let mut depth = segments.len() - 1;
    let parent = loop {
        let prefix = segments[..depth].join(".");
        if let Some(node) = layout.find(&prefix) {
            break node;
        }
        if depth == 0 {
            return Err(EditError::Unreadable);
        }
        depth -= 1;
    };
    let Shape::Map { flow, keys } = &parent.shape else {
        return Err(EditError::NotAMapping(parent.path.clone(), path.to_owned()));
    };
    if *flow {
        return Err(EditError::Style(parent.path.clone()));
    }
    let new_key = segments[depth];
    // Keys of the parent in schema order: the new one goes after the last that precedes it.
    let schema_keys = order(&parent.path);
    let rank = |k: &str| schema_keys.iter().position(|s| s == k);
    let before = keys
        .iter()
        .filter(|k| match (rank(k), rank(new_key)) {
            (Some(a), Some(b)) => a < b,
            _ => false,
        })
        .filter_map(|k| layout.find(&join(&parent.path, k)))
        .map(|n| n.end)
        .max();
    let first_key = parent_first_key(layout, parent);
    let indent = indent_of(text, first_key);
    let at = match before {
        Some(end) => line_end(text, end),
        // Before every key: at the start of the first key's line (a list item's mapping
        // starts after its `- `, so after the last key instead).
        None if line_start(text, first_key) == first_key - indent.len()
            && text[line_start(text, first_key)..first_key]
                .trim()
                .is_empty() =>
        {
            line_start(text, first_key)
        }
        None => line_end(text, parent.end),
    };
    // Lines for the missing mappings on the way, then the field itself.
    let mut lines = String::new();
    let mut pad = indent.clone();
    for segment in &segments[depth..segments.len() - 1] {
        lines.push_str(&format!("{pad}{}:{eol}", yaml_string(segment, false)));
        pad.push_str("  ");
    }
    let last = yaml_string(segments[segments.len() - 1], false);
    match scalar {
        Some(value) => lines.push_str(&format!("{pad}{last}: {value}{eol}")),
        None => {
            lines.push_str(&format!("{pad}{last}:{eol}"));
            lines.push_str(&block_item(&format!("{pad}  "), item, eol));
        }
    }
    let lead = if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        eol
    } else {
        ""
    };
    Ok(Splice {
        start: at,
        end: at,
        text: format!("{lead}{lines}"),
    })
}

/// Where a mapping's first key starts.
fn parent_first_key(layout: &Layout, parent: &Node) -> usize {
    let Shape::Map { keys, .. } = &parent.shape else {
        return parent.start;
    };
    keys.first()
        .and_then(|k| layout.find(&join(&parent.path, k)))
        .and_then(|n| n.key)
        .map_or(parent.start, |(start, _)| start)
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(path: &str) -> Vec<String> {
        let keys: &[&str] = match path {
            "" => &[
                "id",
                "title",
                "due",
                "status",
                "completed",
                "impact",
                "updates",
            ],
            "impact" => &["review_due", "measured", "rating"],
            _ => &[],
        };
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    fn set(path: &str, yaml: &str) -> Change {
        Change::Set {
            path: path.into(),
            yaml: yaml.into(),
        }
    }

    fn run(text: &str, changes: &[Change]) -> String {
        apply_all(text, changes, &order).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_scalar_is_replaced_and_its_comment_and_quotes_kept() {
        let text = "id: A\nstatus: 'in-progress'  # chased 3 times\ndue: 2025-07-01\n";
        assert_eq!(
            run(text, &[set("status", "completed")]),
            "id: A\nstatus: 'completed'  # chased 3 times\ndue: 2025-07-01\n"
        );
        let text = "id: A\ntitle: \"Old\" # why\n";
        assert_eq!(
            run(text, &[set("title", "New")]),
            "id: A\ntitle: \"New\" # why\n"
        );
    }

    #[test]
    fn the_same_value_changes_no_byte() {
        let text = "id: A\ntitle: 'It''s'\ndue: \"2025-07-01\"\nstatus: in-progress\n";
        for change in [
            set("title", "\"It's\""),
            set("due", "2025-07-01"),
            set("status", "in-progress"),
        ] {
            assert_eq!(run(text, &[change]), text);
        }
    }

    #[test]
    fn a_missing_key_goes_after_its_schema_predecessor_with_the_files_line_endings() {
        let text = "id: A\r\ndue: 2025-07-01\r\nstatus: in-progress\r\nupdates:\r\n  - {date: 2025-01-01, note: x}\r\n";
        assert_eq!(
            run(
                text,
                &[set("status", "completed"), set("completed", "2025-07-02")]
            ),
            "id: A\r\ndue: 2025-07-01\r\nstatus: completed\r\ncompleted: 2025-07-02\r\nupdates:\r\n  - {date: 2025-01-01, note: x}\r\n"
        );
    }

    #[test]
    fn missing_mappings_on_the_way_are_made() {
        let text = "id: A\ncompleted: 2025-07-01\nupdates: []\n";
        assert_eq!(
            run(text, &[set("impact.measured", "2025-09-01")]),
            "id: A\ncompleted: 2025-07-01\nimpact:\n  measured: 2025-09-01\nupdates: []\n"
        );
        let text = "id: A\nimpact:\n  rating: improved\n";
        assert_eq!(
            run(text, &[set("impact.measured", "2025-09-01")]),
            "id: A\nimpact:\n  measured: 2025-09-01\n  rating: improved\n"
        );
    }

    #[test]
    fn an_empty_value_is_filled_after_its_colon() {
        let text = "id: A\ncompleted:\nstatus: completed\n";
        assert_eq!(
            run(text, &[set("completed", "2025-07-01")]),
            "id: A\ncompleted: 2025-07-01\nstatus: completed\n"
        );
    }

    #[test]
    fn items_are_appended_in_block_style() {
        let item = vec![
            ("date".to_owned(), "2025-07-01".to_owned()),
            ("note".to_owned(), "\"Dates agreed\"".to_owned()),
        ];
        let append = Change::Append {
            list: "updates".into(),
            item: item.clone(),
        };
        let text = "id: A\nupdates:\n- date: 2025-01-01\n  note: x # kept\nnotes: y\n";
        assert_eq!(
            run(text, std::slice::from_ref(&append)),
            "id: A\nupdates:\n- date: 2025-01-01\n  note: x # kept\n- date: 2025-07-01\n  note: \"Dates agreed\"\nnotes: y\n"
        );
        let text = "id: A\nupdates: []  # none yet\n";
        assert_eq!(
            run(text, std::slice::from_ref(&append)),
            "id: A\nupdates:\n  - date: 2025-07-01\n    note: \"Dates agreed\"  # none yet\n"
        );
        let text = "id: A\nstatus: open";
        assert_eq!(
            run(text, &[append]),
            "id: A\nstatus: open\nupdates:\n  - date: 2025-07-01\n    note: \"Dates agreed\"\n"
        );
    }

    #[test]
    fn an_appended_item_quotes_its_fields_as_the_last_item_does() {
        let text = "updates:\n  - date: \"2025-04-15\"\n    note: 'Said \"yes\"'\n";
        let append = Change::Append {
            list: "updates".into(),
            item: vec![
                ("date".to_owned(), "2025-06-30".to_owned()),
                ("note".to_owned(), "It's done".to_owned()),
            ],
        };
        assert_eq!(
            run(text, &[append]),
            "updates:\n  - date: \"2025-04-15\"\n    note: 'Said \"yes\"'\n  - date: \"2025-06-30\"\n    note: 'It''s done'\n"
        );
        // A double-quoted value keeps its quotes and is escaped inside them.
        assert_eq!(
            run("title: \"a\"\n", &[set("title", "say \"hi\"")]),
            "title: \"say \\\"hi\\\"\"\n"
        );
    }

    #[test]
    fn styles_it_does_not_edit_are_refused() {
        let text = "id: A\nimpact: {rating: improved}\ntitle: |\n  long\n";
        assert!(matches!(
            apply_all(text, &[set("impact.measured", "2025-01-01")], &order),
            Err(EditError::Style(_))
        ));
        assert!(matches!(
            apply_all(text, &[set("title", "x")], &order),
            Err(EditError::Style(_))
        ));
        assert!(matches!(
            apply_all("a: [b\n", &[set("a", "x")], &order),
            Err(EditError::Unreadable)
        ));
    }
}
