//! A view's output as a document: headings, paragraphs, lists, warnings, tables and figures,
//! with every piece of text marked as ours, the records' or a code span. Each view builds one
//! (`render::overdue::document`, …) and one writer per format writes any document:
//! `render::terminal`, `render::markdown::write`, `render::html` (CSV takes one `Table`).
//! Plain data: the writers escape and style, the views decide what is said.

/// Which wording a view uses. Today's terminal tables are terser than the prose formats
/// (lower-case column names, no title of their own); Markdown and HTML share the prose.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Register {
    Terminal,
    Prose,
}

/// A document: blocks in groups. At a terminal the groups are separated by a blank line and
/// the blocks of one group follow each other line by line; in Markdown every block is its own
/// paragraph; in HTML a heading opens a section.
#[derive(Debug, Default)]
pub struct Document {
    pub groups: Vec<Vec<Block>>,
    /// A blank line after the last group (kept where today's outputs end so).
    pub trailing_blank: bool,
    /// The protective marking (`[organisation] marking`): the first and last line, or the top
    /// and bottom of the page.
    pub marking: Option<String>,
}

impl Document {
    /// Adds a group of blocks; an empty one is skipped.
    pub fn group(&mut self, blocks: Vec<Block>) {
        if !blocks.is_empty() {
            self.groups.push(blocks);
        }
    }

    /// The title's words, for a page's `<title>`: the first title block's.
    pub fn title_text(&self) -> Option<String> {
        self.blocks().find_map(|b| match b {
            Block::Title(t) => Some(t.plain()),
            _ => None,
        })
    }

    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.groups.iter().flatten()
    }
}

#[derive(Debug)]
pub enum Block {
    /// The document's title (`#`, `<h1>`).
    Title(Text),
    /// A section's heading (`##`, `<h2>`), in a tone the terminal shows.
    Heading(Text, Tone),
    Paragraph(Text),
    /// Text from a record shown whole, its line breaks kept (`show`'s record text).
    Preformatted(String),
    /// Items: one a line at a terminal, `- ` in Markdown, `<ul>` in HTML.
    List(Vec<Text>),
    /// Items each with details under it (a nested list).
    Items(Vec<Item>),
    /// A remark on the whole document (`> Note:` in Markdown).
    Note(Text),
    /// A headline and its items: what was left out (SPEC §7).
    Warning {
        headline: Text,
        items: Vec<Text>,
        tone: Tone,
    },
    Table(Table),
    /// Label–value pairs (the board pack's tiles).
    Figures(Vec<(Text, Text)>),
}

#[derive(Debug)]
pub struct Item {
    pub text: Text,
    pub details: Vec<Text>,
}

impl Item {
    /// Each item as `item` writes it, then its details as `detail` writes each.
    pub fn write_all(
        items: &[Item],
        item: impl Fn(&Text) -> String,
        detail: impl Fn(&Text) -> String,
    ) -> String {
        items
            .iter()
            .flat_map(|i| std::iter::once(item(&i.text)).chain(i.details.iter().map(&detail)))
            .collect()
    }
}

/// How a terminal shows a heading or a warning's headline.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tone {
    Plain,
    Bold,
    /// Red: overdue.
    Alert,
    /// Yellow: due soon, records left out.
    Caution,
}

#[derive(Debug, Default)]
pub struct Table {
    /// What the table shows, for HTML's `<caption>`; the heading above it when none.
    pub caption: Option<String>,
    pub header: Vec<Text>,
    pub align: Vec<Align>,
    pub rows: Vec<Vec<Text>>,
    /// The first cell of each row names the row (`<th scope="row">`).
    pub row_headers: bool,
    /// How it meets a terminal's width.
    pub width: Width,
}

/// How a terminal table meets the terminal's width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Width {
    /// At a narrow terminal it leaves out these columns first, in that order, and wraps the
    /// rest to fit (none: it wraps every column).
    Flexible(Vec<usize>),
    /// A fixed total width, its columns wrapped within their bounds: the same output on every
    /// terminal and in a file.
    Fixed(Fit),
}

impl Default for Width {
    fn default() -> Self {
        Width::Flexible(Vec::new())
    }
}

/// A terminal table's width and its columns' bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub width: u16,
    /// Column index and its bound; unlisted columns share what is left.
    pub columns: Vec<(usize, Bound)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// As wide as its content, never wrapped.
    Content,
    AtMost(u16),
    Between(u16, u16),
}

impl Table {
    /// A table with `header` (our words), every column aligned left.
    pub fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| Text::ours(*h)).collect(),
            align: vec![Align::Left; header.len()],
            ..Self::default()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Align {
    Left,
    Right,
}

/// A run of text in pieces, each escaped by the writer as its kind says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub Vec<Span>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub kind: Kind,
    /// The figure's path in the view's JSON (`data-figure` in HTML), when it is one.
    pub figure: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Our own words; `backticks` around a command mark it as code.
    Ours,
    /// Text from records, configuration or file names: escaped everywhere.
    Record,
    /// An id or command, shown as code.
    Code,
    /// Emphasised (bold), escaped like the records' text.
    Strong,
}

impl Text {
    pub fn ours(text: impl Into<String>) -> Self {
        Self(vec![Span::new(text, Kind::Ours)])
    }

    pub fn record(text: impl Into<String>) -> Self {
        Self(vec![Span::new(text, Kind::Record)])
    }

    pub fn code(text: impl Into<String>) -> Self {
        Self(vec![Span::new(text, Kind::Code)])
    }

    pub fn strong(text: impl Into<String>) -> Self {
        Self(vec![Span::new(text, Kind::Strong)])
    }

    /// A number that is a figure at `path` in the view's JSON.
    pub fn figure(text: impl Into<String>, path: impl Into<String>) -> Self {
        Self(vec![Span {
            figure: Some(path.into()),
            ..Span::new(text, Kind::Ours)
        }])
    }

    /// `self` followed by `more`.
    #[must_use]
    pub fn then(mut self, more: Text) -> Self {
        self.0.extend(more.0);
        self
    }

    /// `self` followed by our words `more`.
    #[must_use]
    pub fn and(self, more: impl Into<String>) -> Self {
        self.then(Text::ours(more))
    }

    /// The words without markup.
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

impl Span {
    pub fn new(text: impl Into<String>, kind: Kind) -> Self {
        Self {
            text: text.into(),
            kind,
            figure: None,
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::ours(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::ours(text)
    }
}

/// "! " before an item of a record with problems (the footnotes say why).
pub fn marked(problems: u32, text: Text) -> Text {
    if problems > 0 {
        Text::ours(format!("{} ", super::left_out::MARKER)).then(text)
    } else {
        text
    }
}

/// The footnote of each record with problems among `items` (id, path, problems), once each:
/// "! ID: this record has N YAML or schema problems — run `qaledger check PATH`".
pub fn footnotes<'a>(items: impl Iterator<Item = (&'a str, &'a str, u32)>) -> Vec<Text> {
    super::left_out::with_problems(items)
        .into_iter()
        .map(|(id, path, problems)| {
            let note = crate::repository::left_out::problems_note_with(problems, "\u{0}");
            let (before, after) = note.split_once('\u{0}').unwrap_or((&note, ""));
            Text::ours(format!("{} ", super::left_out::MARKER))
                .then(Text::record(id))
                .and(format!(": {before}"))
                .then(Text::code(crate::repository::left_out::check_command(path)))
                .and(after)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footnote_per_record_with_problems_its_command_as_code() {
        let items = [
            ("A", "a.yaml", 1),
            ("B", "b.yaml", 0),
            ("A", "a.yaml", 1),
            ("C", "c.yaml", 2),
        ];
        let notes = footnotes(items.into_iter());
        let plain: Vec<String> = notes.iter().map(Text::plain).collect();
        assert_eq!(
            plain,
            [
                "! A: this record has 1 YAML or schema problem — run qaledger check a.yaml",
                "! C: this record has 2 YAML or schema problems — run qaledger check c.yaml",
            ]
        );
        assert_eq!(notes[0].0[1], Span::new("A", Kind::Record));
        assert_eq!(
            notes[0].0[3],
            Span::new("qaledger check a.yaml", Kind::Code)
        );
    }

    #[test]
    fn marked_puts_the_marker_first_only_when_there_are_problems() {
        assert_eq!(marked(0, Text::code("X")).plain(), "X");
        assert_eq!(marked(2, Text::code("X")).plain(), "! X");
    }
}
