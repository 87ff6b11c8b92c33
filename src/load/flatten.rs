//! A record file's YAML → what checking needs of it, in one pass over the parser's events: the
//! JSON value the schema validator takes, and the positioned scalar leaves the rules read.
//!
//! This is the fast path for the ordinary record (a mapping, without anchors, aliases or errors).
//! For anything else it answers `None`, and the caller builds the full tree with `yaml::parse`,
//! which reports every problem and turns JSON pointers into positions. Both paths give the same
//! value and leaves (a test holds them to it), so which one ran never shows.

use std::fmt::Write as _;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value as Json};

use crate::load::yaml::{self, MAX_DEPTH, Node, Pos, Value};
use crate::record::{self, Leaf, Scalar};

/// One record file, flattened.
#[derive(Debug)]
pub struct Flat {
    /// The document as the validator sees it (`Node::to_json` of the tree).
    pub json: Json,
    /// Every scalar leaf in document order (`record::leaves` of the tree).
    pub leaves: Vec<Leaf>,
    /// Where the document's mapping starts.
    pub start: Pos,
}

impl Flat {
    /// The same, from the full tree.
    pub fn of(tree: &Node) -> Flat {
        Flat {
            json: tree.to_json(),
            leaves: record::leaves(tree),
            start: tree.pos,
        }
    }
}

/// The flattened document, or `None` when it needs the full tree: it is not a mapping, uses
/// anchors or aliases, or has any problem `yaml::parse` would report.
pub fn parse(text: &str) -> Option<Flat> {
    let mut flattener = Flattener::default();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let pos = yaml::Pos::new(span.start.line(), span.start.col() + 1);
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                flattener.documents += 1;
                if flattener.documents > 1 {
                    return None;
                }
            }
            Event::StreamEnd => break,
            Event::Alias(_) => return None,
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return None;
                }
                let forced_text = tag.is_some_and(|t| t.handle == "!!" && t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_text {
                    yaml::resolve_plain(text)
                } else {
                    Value::Str(text.into_owned())
                };
                flattener.scalar(value, pos)?;
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) if anchor != 0 => {
                return None;
            }
            Event::MappingStart(..) => flattener.open(Container::Map(Map::new(), None), pos)?,
            Event::SequenceStart(..) => flattener.open(Container::Seq(Vec::new()), pos)?,
            Event::MappingEnd | Event::SequenceEnd => flattener.close()?,
        }
    }
    let (json, start) = (flattener.root?, flattener.start?);
    json.is_object().then_some(Flat {
        json,
        leaves: flattener.leaves,
        start,
    })
}

enum Container {
    /// The mapping so far, and the key waiting for its value.
    Map(Map<String, Json>, Option<String>),
    Seq(Vec<Json>),
}

struct Frame {
    container: Container,
    /// The length of `Flattener::path` before this container's own segment.
    parent_path: usize,
}

#[derive(Default)]
struct Flattener {
    stack: Vec<Frame>,
    /// The dotted path of the innermost open container.
    path: String,
    leaves: Vec<Leaf>,
    documents: usize,
    root: Option<Json>,
    start: Option<Pos>,
}

impl Flattener {
    fn scalar(&mut self, value: Value, pos: Pos) -> Option<()> {
        if let Some(Frame {
            container: Container::Map(_, key @ None),
            ..
        }) = self.stack.last_mut()
        {
            *key = Some(yaml::key_text(value)?);
            return Some(());
        }
        let path_len = self.path.len();
        self.push_segment();
        // The leaf is kept with the record, so it takes the exact-size copy; the parser's
        // string (with room to spare) goes to the value the validator reads and drops.
        self.leaves.push(Leaf {
            path: self.path.clone().into(),
            value: Scalar::of(&value)?,
            pos,
        });
        let json = yaml::scalar_json(value)?;
        self.path.truncate(path_len);
        self.start.get_or_insert(pos);
        self.attach(json)
    }

    fn open(&mut self, container: Container, pos: Pos) -> Option<()> {
        if self.stack.len() >= MAX_DEPTH || self.is_waiting_for_key() {
            return None; // too deep, or a list or mapping used as a key: the tree says which
        }
        let parent_path = self.path.len();
        self.push_segment();
        self.start.get_or_insert(pos);
        self.stack.push(Frame {
            container,
            parent_path,
        });
        Some(())
    }

    fn close(&mut self) -> Option<()> {
        let frame = self.stack.pop()?;
        self.path.truncate(frame.parent_path);
        let json = match frame.container {
            Container::Map(map, None) => Json::Object(map),
            Container::Map(_, Some(_)) => return None,
            Container::Seq(items) => Json::Array(items),
        };
        self.attach(json)
    }

    /// Gives a finished value to the open container, or makes it the document.
    fn attach(&mut self, json: Json) -> Option<()> {
        match self.stack.last_mut() {
            None => self.root = Some(json),
            Some(frame) => match &mut frame.container {
                Container::Seq(items) => items.push(json),
                Container::Map(map, key) => {
                    let key = key.take()?;
                    if map.contains_key(&key) {
                        return None; // a duplicate key: the tree reports it
                    }
                    map.insert(key, json);
                }
            },
        }
        Some(())
    }

    fn is_waiting_for_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map(_, None),
                ..
            })
        )
    }

    /// Appends the segment of the value about to be attached (its key or list index).
    fn push_segment(&mut self) {
        let Some(frame) = self.stack.last() else {
            return;
        };
        if !self.path.is_empty() {
            self.path.push('.');
        }
        match &frame.container {
            Container::Map(_, Some(key)) => self.path.push_str(key),
            Container::Map(_, None) => {}
            Container::Seq(items) => {
                // Writing to a String cannot fail.
                let _ = write!(self.path, "{}", items.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must agree with the tree wherever it answers.
    fn agrees(text: &str) -> bool {
        let Some(flat) = parse(text) else {
            return false;
        };
        let tree = yaml::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        let slow = Flat::of(&tree);
        assert_eq!(flat.json, slow.json, "{text:?}");
        assert_eq!(flat.leaves, slow.leaves, "{text:?}");
        assert_eq!(flat.start, slow.start, "{text:?}");
        true
    }

    #[test]
    fn ordinary_records_agree_with_the_tree() {
        for text in [
            "id: ACT-2025-0001\ntitle: A title\n",
            "a:\n  b:\n    - x\n    - {c: 1, d: [2, 3.5, true, ~]}\n  e: []\n  f: {}\n",
            "\u{20}\u{20}a: 1\n",
            "'quoted key': \"v\"\n12: twelve\ntrue: yes\n~: null\n",
            "a: !!str 2025-01-01\nb: !!str 12\nc: 0x1F\nd: 1e3\ne: .inf\n",
            "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
            "list:\n- a: 1\n  b: 2\n- a: 3\n",
            "---\na: 1\n...\n",
            "a:\r\n  - 1\r\n  - x\r\n",
        ] {
            assert!(agrees(text), "{text:?} took the slow path");
        }
    }

    #[test]
    fn a_large_plain_file_takes_the_fast_path() {
        // Only aliases count towards the tree's cap, and the fast path takes no alias.
        let text: String = (0..60_000).map(|i| format!("k{i}: [{i}, x]\n")).collect();
        assert!(agrees(&text));
    }

    #[test]
    fn every_example_and_fixture_file_agrees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fast = 0;
        for dir in ["examples", "tests/fixtures"] {
            for entry in ignore::WalkBuilder::new(root.join(dir)).build().flatten() {
                let path = entry.path();
                if !crate::load::discover::is_yaml(path) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                if agrees(text) {
                    fast += 1;
                }
            }
        }
        assert!(fast > 300, "only {fast} files took the fast path");
    }

    #[test]
    fn unusual_documents_take_the_tree_path() {
        for text in [
            "",
            "# only a comment\n",
            "just text\n",
            "- a\n- b\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "a: &x 1\nb: *x\n",
            "a: [1, 2\n",
            "[a]: 1\n",
            "a:\n\tb: 1\n",
        ] {
            assert!(parse(text).is_none(), "{text:?} took the fast path");
        }
        let deep = "a:\n".to_owned() + &"- ".repeat(100) + "x\n";
        assert!(parse(&deep).is_none());
    }
}
