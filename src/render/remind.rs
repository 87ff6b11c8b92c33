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

use super::markdown;

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

#[derive(Serialize)]
struct Index<'a> {
    schema_version: u32,
    as_of: String,
    within: String,
    excluded: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    marking: Option<&'a str>,
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
        as_of: run.as_of.to_string(),
        within: run.within.to_string(),
        excluded: run.excluded,
        marking: run.marking,
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
    as_of: String,
    within: String,
    excluded: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    marking: Option<&'a str>,
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
        as_of: run.as_of.to_string(),
        within: run.within.to_string(),
        excluded: run.excluded,
        marking: run.marking,
        owner: digest.owner.as_deref(),
        name: digest.name.as_deref(),
        email: digest.email.as_deref(),
        overdue: &digest.overdue,
        due_soon: &digest.due_soon,
        excluded_records: &digest.left_out,
    })
}

/// The digest in Markdown, the marking on its first and last lines.
pub fn markdown(digest: &Digest, run: Run<'_>) -> String {
    let mut out = format!("# {}\n\n", markdown::text(&heading(digest)));
    out.push_str(&format!("{}\n", tally(digest, run)));
    if let Some(sentence) = run_note(run) {
        out.push_str(&format!("\n> Note: {sentence}\n"));
    }
    if !digest.left_out.is_empty() {
        out.push_str(&format!(
            "\n## Left out ({}): fix these records\n\n",
            digest.left_out.len()
        ));
        for l in &digest.left_out {
            out.push_str(&format!("- {}\n", markdown::text(&l.describe())));
        }
    }
    for (title, items) in sections(digest) {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title} ({})\n\n", items.len()));
        for d in items {
            out.push_str(&format!(
                "- {} **{}**: {} due {} ({}) — {}\n  - {}\n",
                markdown::text(&d.kind),
                markdown::text(&d.id),
                markdown::text(&d.deadline),
                d.due,
                super::overdue::days_text(d.days),
                markdown::text(&d.title),
                markdown::code(&d.path)
            ));
            if d.problems > 0 {
                let command = markdown::code(&left_out::check_command(&d.path));
                let note = left_out::problems_note_with(d.problems, &command);
                out.push_str(&format!("  - {note}\n"));
            }
        }
    }
    super::marking::markdown(run.marking, out)
}

/// The digest in plain text, the marking on its first and last lines; record text shown through
/// `visible::inline`, so a digest read at a terminal cannot act on it.
pub fn text(digest: &Digest, run: Run<'_>) -> String {
    use super::visible::inline;
    let mut out = format!("{}\n", inline(&heading(digest)));
    out.push_str(&format!("{}\n", tally(digest, run)));
    if let Some(sentence) = run_note(run) {
        out.push_str(&format!("Note: {sentence}\n"));
    }
    if !digest.left_out.is_empty() {
        out.push_str(&format!(
            "\nLEFT OUT ({}): FIX THESE RECORDS\n\n",
            digest.left_out.len()
        ));
        for l in &digest.left_out {
            out.push_str(&format!("* {}\n", inline(&l.describe())));
        }
    }
    for (title, items) in sections(digest) {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{} ({})\n", title.to_uppercase(), items.len()));
        for d in items {
            out.push_str(&format!(
                "\n* {} {}: {} due {}, {}\n  {}\n  {}\n",
                inline(&d.kind),
                inline(&d.id),
                inline(&d.deadline),
                d.due,
                super::overdue::days_text(d.days),
                inline(&d.title),
                inline(&d.path)
            ));
            if d.problems > 0 {
                out.push_str(&format!(
                    "  {}\n",
                    left_out::problems_note(d.problems, &d.path)
                ));
            }
        }
    }
    super::marking::text(run.marking, out)
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
