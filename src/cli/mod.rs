//! The command line: global options, one module per command, each with its own arguments and
//! a `run` of the same shape. Commands get an already-built `Session`; `main.rs` maps the
//! outcome to an exit status.

mod cache;
mod check;
mod complete;
mod completions;
mod diff;
mod explain;
mod export;
mod import;
mod init;
mod lifecycle;
mod log;
mod man;
mod new;
mod overdue;
mod remind;
mod report;
mod retention;
mod schema;
mod show;
mod summary;
mod tracker;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::load::discover;

#[derive(Parser)]
#[command(
    name = "qaledger",
    version,
    about = "Checks, compiles and chases Adult Social Care quality-assurance records kept as YAML in git",
    before_help = "Example: qaledger --as-of 2025-06-30 overdue --within '14 days'",
    after_help = "Examples:\n  qaledger check\n  qaledger --root examples/northshire check --format json\n  qaledger explain schema-unknown-field"
)]
pub struct Cli {
    /// The records repository's top folder (holding qaledger.toml); default: found by walking up
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Treat this date as today (YYYY-MM-DD)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print nothing but the results (no tally or progress)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Tables at their full width, every column, even at a narrow terminal
    #[arg(long, global = true)]
    pub wide: bool,
    /// Read every record file, neither using nor writing the result cache (.qaledger-cache/)
    #[arg(long, global = true, env = "QALEDGER_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// The result cache (.qaledger-cache/): its size and use, or remove it
    Cache(cache::Args),
    /// Check every record against its schema and the other records
    Check(check::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Field-level changes of every record between two revisions, with the governance reading
    Diff(diff::Args),
    /// Mark a record's deadline done: its done date (today or --on) and, where the schema says, its status
    Done(lifecycle::DoneArgs),
    /// Explain a diagnostic code, with an example
    Explain(explain::Args),
    /// Write every kind, the deadlines and derived tables as Parquet, CSV or JSON Lines files for Power BI or DuckDB
    Export(export::Args),
    /// Turn a spreadsheet's rows into records, with a rules file (a dry run until --write)
    Import(import::Args),
    /// Start a records repository: qaledger.toml, schemas, record folders, editor and CI settings
    Init(init::Args),
    /// A record's git history across renames, field by field
    Log(log::Args),
    /// Print the manual page (roff), or write one page per command with --out-dir
    Man(man::Args),
    /// Move a record's due date, keeping the reason in the record
    Move(lifecycle::MoveArgs),
    /// Write a new record with the next free id, its date and its required fields to fill in
    New(new::Args),
    /// Add a dated note to a record's updates
    Note(lifecycle::NoteArgs),
    /// List what is overdue (and, with --within, due soon)
    Overdue(overdue::Args),
    /// Give a record to another owner (a staff id)
    Reassign(lifecycle::ReassignArgs),
    /// Write one reminder digest per owner, plus index.json, for a script that mails them
    Remind(remind::Args),
    /// Write a report: the board pack (the default), the annual complaints report, the quarterly complaints return or the SAR report inputs
    Report(report::Args),
    /// List the records kept past their retention period (UK GDPR storage limitation)
    Retention(retention::Args),
    /// The record kinds: list them, show a kind's fields, export plain JSON Schema files
    Schema(schema::Args),
    /// Change fields of a record: FIELD=VALUE, as `new --set` takes them
    Set(lifecycle::SetArgs),
    /// Show one record: its text, deadlines and links both ways (or what a staff member owns)
    Show(show::Args),
    /// Counts and rates for a period: complaints, audits, supervision, actions, reviews, CQC evidence
    Summary(summary::Args),
    /// The Learning From tracker: every action, with totals (table, json, csv, markdown, xlsx)
    Tracker(tracker::Args),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// `--format` of the commands that print for a person or for a program, nothing else.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HumanOrJson {
    Human,
    Json,
}

/// How a command ended, when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the run found errors (or overdue items with `--fail-on-overdue`).
    Findings,
}

impl Outcome {
    /// `Findings` when the run found what it exits 1 for, else `Success`.
    pub fn findings_if(found: bool) -> Outcome {
        if found {
            Outcome::Findings
        } else {
            Outcome::Success
        }
    }
}

/// What every command receives: the global options resolved, and where to write.
pub struct Session {
    pub root_option: Option<PathBuf>,
    pub as_of: Date,
    pub quiet: bool,
    /// The width tables fit at a terminal; none when piped, written to a file or `--wide`.
    pub width: Option<u16>,
    pub stdout: Box<dyn Write>,
    pub stderr: Box<dyn Write>,
    /// The same stdout without the stripping of escape sequences when colour is off: what
    /// `print` writes output through that holds nothing to strip.
    pub plain_stdout: Box<dyn Write>,
}

impl Session {
    /// The repository root: `--root`, else the first folder upwards holding qaledger.toml.
    pub fn root(&self) -> Result<PathBuf> {
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            path: PathBuf::from("."),
            source,
        })?;
        discover::find_root(self.root_option.as_deref(), &cwd)
    }

    /// Writes a command's output to stdout; a failed write is an error naming stdout. Output
    /// with nothing a stripper of escape sequences would take out (`nothing_to_strip`: JSON,
    /// CSV, a table without colour) goes round it, the same bytes: stripping 9 MB of
    /// `overdue --format json` took a twelfth of a warm run's instructions.
    pub fn print(&mut self, output: impl AsRef<[u8]>) -> Result<()> {
        let output = output.as_ref();
        let out = if nothing_to_strip(output) {
            &mut self.plain_stdout
        } else {
            &mut self.stdout
        };
        out.write_all(output).map_err(write_error)
    }
}

/// Whether `output` is text a stripper of terminal escape sequences (anstream's, when colour
/// is off) gives back unchanged: UTF-8 (whose characters beyond ASCII it keeps whole) with no
/// control character but the four ASCII blanks (tab, line feed, form feed, carriage return)
/// and no DEL, so no escape sequence can start in it.
fn nothing_to_strip(output: &[u8]) -> bool {
    let plain_byte = |b: &u8| {
        (0x20..0x7f).contains(b) || *b >= 0x80 || matches!(b, b'\t' | b'\n' | 0x0c | b'\r')
    };
    output.iter().all(plain_byte) && std::str::from_utf8(output).is_ok()
}

/// Runs the parsed command line. `today` is the local date, used when `--as-of` is absent.
pub fn run(cli: Cli, today: Date) -> Result<Outcome> {
    let choice = match cli.color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    let mut session = Session {
        root_option: cli.root,
        as_of: cli.as_of.unwrap_or(today),
        quiet: cli.quiet,
        width: table_width(cli.wide),
        stdout: Box::new(anstream::AutoStream::new(std::io::stdout(), choice)),
        stderr: Box::new(anstream::AutoStream::new(std::io::stderr(), choice)),
        plain_stdout: Box::new(std::io::stdout()),
    };
    crate::repository::cache::set_enabled(!cli.no_cache && !fresh_ci_run());
    let status = match &cli.command {
        Command::Cache(args) => cache::run(&mut session, args),
        Command::Check(args) => check::run(&mut session, args),
        Command::Completions(args) => completions::run(&mut session, args),
        Command::Diff(args) => diff::run(&mut session, args),
        Command::Done(args) => lifecycle::done(&mut session, args),
        Command::Explain(args) => explain::run(&mut session, args),
        Command::Export(args) => export::run(&mut session, args),
        Command::Import(args) => import::run(&mut session, args),
        Command::Init(args) => init::run(&mut session, args),
        Command::Log(args) => log::run(&mut session, args),
        Command::Man(args) => man::run(&mut session, args),
        Command::Move(args) => lifecycle::move_due(&mut session, args),
        Command::New(args) => new::run(&mut session, args),
        Command::Note(args) => lifecycle::note(&mut session, args),
        Command::Overdue(args) => overdue::run(&mut session, args),
        Command::Reassign(args) => lifecycle::reassign(&mut session, args),
        Command::Remind(args) => remind::run(&mut session, args),
        Command::Report(args) => report::run(&mut session, args),
        Command::Retention(args) => retention::run(&mut session, args),
        Command::Schema(args) => schema::run(&mut session, args),
        Command::Set(args) => lifecycle::set_fields(&mut session, args),
        Command::Show(args) => show::run(&mut session, args),
        Command::Summary(args) => summary::run(&mut session, args),
        Command::Tracker(args) => tracker::run(&mut session, args),
    };
    let status = match status {
        Err(error) if is_broken_pipe(&error) => return Ok(Outcome::Success),
        status => status?,
    };
    let flushed = session.stdout.flush().map_err(write_error);
    match beside_findings(&mut session, status, flushed) {
        Err(error) if is_broken_pipe(&error) => Ok(status),
        outcome => outcome,
    }
}

/// The width human tables fit: `QALEDGER_COLUMNS` when set (tests, or a fixed width in a
/// pipe), else the terminal's when stdout is one; none with `--wide` or when piped.
fn table_width(wide: bool) -> Option<u16> {
    use std::io::IsTerminal;
    if wide {
        return None;
    }
    if let Some(columns) = std::env::var("QALEDGER_COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
    {
        return Some(columns.max(20));
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(width, _)| width.0.max(20))
}

/// Whether stdout was closed by its reader (`qaledger overdue | head`): the reader has what it
/// wanted, so the run ends quietly, as ripgrep's does, rather than with an error.
fn is_broken_pipe(error: &Error) -> bool {
    matches!(error, Error::Io { path, source }
        if source.kind() == std::io::ErrorKind::BrokenPipe && path.as_os_str() == "<stdout>")
}

/// The exit status when writing output may have failed (SPEC §7): an I/O error beside
/// findings leaves the status at findings (exit 1), the error said on stderr, so that CI still
/// fails for the findings and shows them wherever they could be written; an I/O error on a
/// run without findings is the error (exit 2).
pub(crate) fn beside_findings(
    session: &mut Session,
    status: Outcome,
    written: Result<()>,
) -> Result<Outcome> {
    match written {
        Ok(()) => Ok(status),
        Err(error) if status == Outcome::Findings => {
            // Nowhere left to say it if stderr fails too; the exit status still tells.
            let _ = writeln!(session.stderr, "error: {error}");
            Ok(Outcome::Findings)
        }
        Err(error) => Err(error),
    }
}

/// Ends a command's use of the loaded repository (or of what it computed from it) without
/// freeing it: the process exits next, and freeing 100,000 records one allocation at a time
/// took a tenth of a second, on one core, after the output was written.
pub(crate) fn keep_until_exit<T>(loaded: T) {
    std::mem::forget(loaded);
}

/// A CI run (`CI` set, as GitHub Actions, GitLab CI and most others set it) starts from a fresh
/// checkout and runs once: writing the result cache there is cost with no later run to repay it
/// (a cold run that writes it takes about a fifth longer and a third more memory at 100,000
/// records). So CI leaves the cache off unless `QALEDGER_NO_CACHE` says otherwise (`0`: use it,
/// for a CI that keeps `.qaledger-cache/` between runs).
fn fresh_ci_run() -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    ci && !set("QALEDGER_NO_CACHE")
}

/// `--period`, on every command that reports over a period.
#[derive(clap::Args, Clone)]
pub struct PeriodArg {
    /// The reporting period (2025, 2025-Q1, 2025-03, FY2025-26, FY2025-26-Q1,
    /// 2025-03-01..2025-06-30, this-quarter, last-financial-year, …); relative ones are taken at --as-of
    #[arg(long, value_name = "PERIOD", default_value = "this-financial-year")]
    period: String,
}

impl PeriodArg {
    /// The period's dates, relative ones taken at `as_of`.
    pub fn resolve(&self, as_of: Date) -> Result<crate::time::period::Period> {
        Ok(crate::time::period::parse(&self.period, as_of)?)
    }
}

/// `--include-case-refs`, on every command whose output may leave the repository: case
/// references are personal data (SPEC §2), so they are left out unless asked.
#[derive(clap::Args, Clone, Copy)]
pub struct CaseRefsArg {
    /// Show case references (case_ref) in titles and columns; left out by default, because
    /// this output may be mailed, attached or printed
    #[arg(long)]
    include_case_refs: bool,
}

impl CaseRefsArg {
    pub fn choice(self) -> crate::schema::CaseRefs {
        if self.include_case_refs {
            crate::schema::CaseRefs::Included
        } else {
            crate::schema::CaseRefs::Withheld
        }
    }
}

/// Compiled views name what they left out on stderr too, each by path (SPEC §7).
pub(crate) fn warn_excluded(
    session: &mut Session,
    left_out: &[crate::repository::left_out::LeftOut],
) -> Result<()> {
    let block = crate::render::left_out::block(left_out);
    if let Some((headline, entries)) = block.split_first() {
        writeln!(session.stderr, "warning: {headline}").map_err(write_error)?;
        for entry in entries {
            writeln!(session.stderr, "{entry}").map_err(write_error)?;
        }
    }
    Ok(())
}

/// `--within "14 days"` and the like, for clap: in the range every duration has.
pub(crate) fn parse_duration(
    text: &str,
) -> std::result::Result<crate::time::duration::Duration, String> {
    let duration: crate::time::duration::Duration = text
        .parse()
        .map_err(|e: crate::time::duration::DurationError| e.to_string())?;
    duration.within_range().map_err(|e| e.to_string())
}

pub(crate) fn parse_date(text: &str) -> std::result::Result<Date, String> {
    crate::record::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

pub(crate) fn write_error(source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from("<stdout>"),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::nothing_to_strip;

    /// What `print` sends round the stripper is exactly what the stripper would give back: over
    /// every character up to U+00FF (C0 and C1 controls among them), characters beyond, and
    /// each of them inside text, the stripper changes nothing `nothing_to_strip` lets through,
    /// and it lets through text with no control character but a blank.
    #[test]
    fn nothing_to_strip_is_what_the_stripper_leaves_alone() {
        let mut texts: Vec<String> = (0u32..=0xff)
            .chain([0x2028, 0x202e, 0xfeff, 0x1f600])
            .filter_map(char::from_u32)
            .flat_map(|c| [c.to_string(), format!("a{c}b"), format!("{c}[31m")])
            .collect();
        texts.push("{\"title\": \"Carers\\u001b[31m\", \"n\": 1}\r\n\tx\x0c".to_owned());
        for text in &texts {
            let bytes = text.as_bytes();
            let stripped = anstream::adapter::strip_bytes(bytes).into_vec();
            if nothing_to_strip(bytes) {
                assert_eq!(stripped, bytes, "{text:?}");
            }
        }
        let allowed = |c: char| !c.is_ascii_control() || "\t\n\x0c\r".contains(c);
        for text in &texts {
            assert_eq!(
                nothing_to_strip(text.as_bytes()),
                text.chars().all(allowed),
                "{text:?}"
            );
        }
        // Not UTF-8: sent through the stripper.
        assert!(!nothing_to_strip(&[b'a', 0x9b, b'b']));
    }
}
