//! `remind`: one owner's digest as Markdown, plain text or JSON, and the `index.json` that a
//! mailing script reads (who, which address, which file).
//!
//! Lays out the `Digest` values `remind::group` made; decides nothing. Dates are ISO, so that a
//! digest reads the same in every locale.

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::deadline::Deadline;
use crate::repository::left_out::{self, LeftOut};
use crate::time::duration::Duration;
use crate::view::remind::Digest;

use super::document::{Block, Document, Item, Register, Text, Tone};

/// What every digest and the index say about the run.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub as_of: Date,
    /// The due-soon window.
    pub within: Duration,
    /// How many record files were left out in whole or part (each digest names its owner's).
    pub excluded: usize,
    /// The protective marking, on the first and last lines of each digest (a field in JSON).
    pub marking: Option<&'a str>,
}

/// What the index and every digest say of the run, in their JSON.
#[derive(Serialize)]
struct RunJson<'a> {
    as_of: String,
    within: String,
    excluded: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    marking: Option<&'a str>,
}

impl<'a> From<Run<'a>> for RunJson<'a> {
    fn from(run: Run<'a>) -> Self {
        RunJson {
            as_of: run.as_of.to_string(),
            within: run.within.to_string(),
            excluded: run.excluded,
            marking: run.marking,
        }
    }
}

#[derive(Serialize)]
struct Index<'a> {
    schema_version: u32,
    #[serde(flatten)]
    run: RunJson<'a>,
    owners: Vec<IndexEntry<'a>>,
}

#[derive(Serialize)]
struct IndexEntry<'a> {
    owner: Option<&'a str>,
    name: Option<&'a str>,
    email: Option<&'a str>,
    overdue: usize,
    due_soon: usize,
    left_out: usize,
    file: String,
}

/// `index.json`: one entry per digest, in the digests' order (owners sorted, unassigned last).
/// `extension` is the digests' (`md`, `txt`, `json`).
pub fn index<'a>(
    digests: &'a [Digest],
    run: Run<'a>,
    extension: &str,
) -> crate::error::Result<String> {
    let index = Index {
        schema_version: super::json::SCHEMA_VERSION,
        run: run.into(),
        owners: digests
            .iter()
            .map(|d| IndexEntry {
                owner: d.owner.as_deref(),
                name: d.name.as_deref(),
                email: d.email.as_deref(),
                overdue: d.overdue.len(),
                due_soon: d.due_soon.len(),
                left_out: d.left_out.len(),
                file: file_name(d, extension),
            })
            .collect(),
    };
    super::json::pretty(&index)
}

/// The digest's file name in the output folder.
pub fn file_name(digest: &Digest, extension: &str) -> String {
    format!("{}.{extension}", digest.stem)
}

#[derive(Serialize)]
struct DigestReport<'a> {
    schema_version: u32,
    #[serde(flatten)]
    run: RunJson<'a>,
    owner: Option<&'a str>,
    name: Option<&'a str>,
    email: Option<&'a str>,
    overdue: &'a [Deadline],
    due_soon: &'a [Deadline],
    /// This owner's records, or deadlines, left out: path, id, deadline, reason.
    excluded_records: &'a [LeftOut],
}

pub fn json(digest: &Digest, run: Run<'_>) -> crate::error::Result<String> {
    super::json::pretty(&DigestReport {
        schema_version: super::json::SCHEMA_VERSION,
        run: run.into(),
        owner: digest.owner.as_deref(),
        name: digest.name.as_deref(),
        email: digest.email.as_deref(),
        overdue: &digest.overdue,
        due_soon: &digest.due_soon,
        excluded_records: &digest.left_out,
    })
}

/// The digest as a document: who it is for and the tally, a note when the run left records
/// out, this owner's records left out, then the overdue and due-soon items. In prose (Markdown)
/// each item is a list item with its path under it; in the plain-text register (an e-mail
/// body) each is a paragraph and the headings are capitals.
pub fn document(digest: &Digest, run: Run<'_>, register: Register) -> Document {
    let prose = register == Register::Prose;
    let mut doc = Document {
        marking: run.marking.map(str::to_owned),
        ..Document::default()
    };
    let heading = Text::record(heading(digest));
    let tally = Block::Paragraph(Text::ours(tally(digest, run)));
    let note = run_note(run).map(|s| Block::Note(Text::ours(s)));
    let left_out = digest.left_out.len();
    let entries = digest.left_out.iter().map(|l| Text::record(l.describe()));
    if prose {
        doc.group(vec![Block::Title(heading)]);
        doc.group(vec![tally]);
        doc.group(note.into_iter().collect());
        if left_out > 0 {
            doc.group(vec![Block::Heading(
                Text::ours(format!("Left out ({left_out}): fix these records")),
                Tone::Bold,
            )]);
            doc.group(vec![Block::List(entries.collect())]);
        }
    } else {
        let mut head = vec![Block::Paragraph(heading), tally];
        head.extend(note);
        doc.group(head);
        if left_out > 0 {
            doc.group(vec![Block::Paragraph(Text::ours(format!(
                "LEFT OUT ({left_out}): FIX THESE RECORDS"
            )))]);
            doc.group(
                entries
                    .map(|e| Block::Paragraph(Text::ours("* ").then(e)))
                    .collect(),
            );
        }
    }
    for (title, items) in sections(digest) {
        if items.is_empty() {
            continue;
        }
        let days = |d: &Deadline| super::overdue::days_text(d.days);
        if prose {
            doc.group(vec![Block::Heading(
                Text::ours(format!("{title} ({})", items.len())),
                Tone::Bold,
            )]);
            let items = items
                .iter()
                .map(|d| {
                    let mut details = vec![Text::code(&d.path)];
                    if d.problems > 0 {
                        let note = left_out::problems_note_with(d.problems, "\u{0}");
                        let (before, after) = note.split_once('\u{0}').unwrap_or((&note, ""));
                        details.push(
                            Text::ours(before)
                                .then(Text::code(left_out::check_command(&d.path)))
                                .and(after),
                        );
                    }
                    Item {
                        text: Text::record(d.kind.as_str())
                            .and(" ")
                            .then(Text::strong(d.id.as_str()))
                            .and(": ")
                            .then(Text::record(d.deadline.as_str()))
                            .and(format!(" due {} ({}) — ", d.due, days(d)))
                            .then(Text::record(&d.title)),
                        details,
                    }
                })
                .collect();
            doc.group(vec![Block::Items(items)]);
        } else {
            doc.group(vec![Block::Paragraph(Text::ours(format!(
                "{} ({})",
                title.to_uppercase(),
                items.len()
            )))]);
            for d in items {
                let mut lines = vec![
                    Text::ours("* ")
                        .then(Text::record(d.kind.as_str()))
                        .and(" ")
                        .then(Text::record(d.id.as_str()))
                        .and(": ")
                        .then(Text::record(d.deadline.as_str()))
                        .and(format!(" due {}, {}", d.due, days(d))),
                    Text::ours("  ").then(Text::record(&d.title)),
                    Text::ours("  ").then(Text::record(&d.path)),
                ];
                if d.problems > 0 {
                    lines.push(Text::ours(format!(
                        "  {}",
                        left_out::problems_note(d.problems, &d.path)
                    )));
                }
                doc.group(lines.into_iter().map(Block::Paragraph).collect());
            }
        }
    }
    doc
}

/// The digest in Markdown, the marking on its first and last lines.
pub fn markdown(digest: &Digest, run: Run<'_>) -> String {
    super::markdown::write(&document(digest, run, Register::Prose))
}

/// The digest in plain text, the marking on its first and last lines; record text shown through
/// `visible::inline`, so a digest read at a terminal cannot act on it.
pub fn text(digest: &Digest, run: Run<'_>) -> String {
    let doc = document(digest, run, Register::Terminal);
    super::marking::text(run.marking, super::terminal::write(&doc))
}

/// Every digest says that the run left records out (each names only its owner's).
fn run_note(run: Run) -> Option<String> {
    match run.excluded {
        0 => None,
        1 => Some("1 record was left out in whole or part — `qaledger check` says why.".to_owned()),
        n => Some(format!(
            "{n} records were left out in whole or part — `qaledger check` says why."
        )),
    }
}

fn heading(digest: &Digest) -> String {
    match (&digest.owner, &digest.name) {
        (Some(owner), Some(name)) => format!("Reminders for {name} ({owner})"),
        (Some(owner), None) => format!("Reminders for {owner}"),
        (None, _) => "Reminders for deadlines with no owner".to_owned(),
    }
}

/// "At 2025-06-30: 1 overdue, 2 due within 14 days."
fn tally(digest: &Digest, run: Run<'_>) -> String {
    let mut line = format!(
        "At {}: {} overdue, {} due within {}.",
        run.as_of,
        digest.overdue.len(),
        digest.due_soon.len(),
        run.within
    );
    let items = digest.overdue.len() + digest.due_soon.len();
    if digest.owner.is_none() && items > 0 {
        line.push_str(" Each needs an owner in its record (such as a review's lead or a member of staff's manager).");
    }
    line
}

fn sections(digest: &Digest) -> [(&'static str, &[Deadline]); 2] {
    [
        ("Overdue", digest.overdue.as_slice()),
        ("Due soon", digest.due_soon.as_slice()),
    ]
}
