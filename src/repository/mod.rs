//! A records repository, loaded and checked: what every command starts from.
//!
//! Opening one reads the configuration and schemas (errors stop the tool), finds the record
//! files, reads and checks them on every core, indexes them and runs the cross-record checks.
//! `changed::open` does the same for only the records a change touches.

pub mod as_of;
pub mod cache;
pub mod changed;
pub mod left_out;

use std::path::Path;

use jiff::civil::Date;
use rayon::iter::Either;
use rayon::prelude::*;

use crate::check::index::Index;
use crate::check::{self, Checks, Context, FileOutcome, Keep};
use crate::config::{Config, DEFAULT_TIMESCALES};
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::load::discover::{self, Found, RecordFile};
use crate::record::Record;
use crate::repository::left_out::LeftOut;
use crate::schema::{CaseRefs, KindId, SchemaSet};

pub struct Repository {
    pub config: Config,
    pub schemas: SchemaSet,
    /// Every record that could be read, valid or not, sorted by path (after `changed::open`,
    /// only those a change touches: not for the compiled views).
    pub records: Vec<Record>,
    pub index: Index,
    /// Every problem found, in display order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that hold no usable record, by path, with why: the views name them (SPEC §7).
    pub unusable: Vec<LeftOut>,
    /// Record files found (including those that could not be read, and each path the walk could
    /// not read); after `changed::open`, the files it loaded.
    pub files: usize,
    /// Whether the views built from this repository show case references: withheld unless a
    /// command asks (`with_case_refs`), so a view written later is safe by default.
    pub case_refs: CaseRefs,
}

impl Repository {
    /// Opens and runs every check.
    pub fn open(root: &Path, as_of: Date) -> Result<Repository> {
        Repository::open_with(root, as_of, Checks::All, Keep::Used)
    }

    /// Opens for `check`: every check runs, and each record keeps only the fields the checks
    /// across records and the date-dependent ones read (`Keep::Checked`), not those the views
    /// read as well.
    pub fn open_for_check(root: &Path, as_of: Date) -> Result<Repository> {
        Repository::open_with(root, as_of, Checks::All, Keep::Checked)
    }

    /// Opens for a compiled view: only the checks that decide what of each record is used run
    /// (the schema), so `diagnostics` holds only those problems, and a record's `problems`
    /// counts them; values its schema rejects are dropped from its fields. The records are
    /// then rewound to as-of (`rewind`), as every view reads them.
    pub fn open_for_views(root: &Path, as_of: Date) -> Result<Repository> {
        let mut repo = Repository::open_with(root, as_of, Checks::Schema, Keep::Used)?;
        repo.rewind(as_of);
        Ok(repo)
    }

    /// Opens for `export`: as `open_for_views`, but every record also keeps the fields `also`
    /// names for its kind (`SchemaSet::keeping`: those the export writes), not only the ones the
    /// rules and views read. The result cache holds only those, so this open neither reads nor
    /// writes it.
    pub fn open_for_export(
        root: &Path,
        as_of: Date,
        also: &dyn Fn(&crate::schema::Kind) -> Vec<String>,
    ) -> Result<Repository> {
        let (config, schemas) = settings(root)?;
        let schemas = schemas.keeping(also);
        let ctx = Context {
            config: &config,
            schemas: &schemas,
            as_of,
            checks: Checks::Schema,
            keep: Keep::Used,
        };
        let checked = check_files(&ctx, discover::walk(root, &schemas));
        let mut repo = Repository::assemble(config, schemas, as_of, Checks::Schema, checked);
        repo.rewind(as_of);
        Ok(repo)
    }

    /// The records as they stood at as-of (SPEC §10 time travel, `as_of::rewind`): what every
    /// view computes from. Records that did not exist yet leave `records` and `files` (they
    /// are not "left out", they were not there); their paths are returned.
    pub fn rewind(&mut self, as_of: Date) -> Vec<String> {
        let gone = as_of::rewind(&mut self.records, &self.schemas, as_of);
        if !gone.is_empty() {
            self.index = Index::new(&self.records);
            self.files -= gone.len();
        }
        gone
    }

    fn open_with(root: &Path, as_of: Date, checks: Checks, keep: Keep) -> Result<Repository> {
        let (config, schemas) = settings(root)?;
        let checked = {
            let ctx = Context {
                config: &config,
                schemas: &schemas,
                as_of,
                checks,
                keep,
            };
            if cache::enabled() {
                cache::check_files(&ctx, root, |stamp| {
                    discover::walk_all(root, &schemas, stamp)
                })
            } else {
                check_files(&ctx, discover::walk(root, &schemas))
            }
        };
        Ok(Repository::assemble(
            config, schemas, as_of, checks, checked,
        ))
    }

    /// The checked files (in path order), indexed and checked across records.
    pub(crate) fn assemble(
        config: Config,
        schemas: SchemaSet,
        as_of: Date,
        checks: Checks,
        checked: Checked,
    ) -> Repository {
        let Checked {
            records,
            asides,
            mut diagnostics,
        } = checked;
        // What the walk could not read (a link, a pipe, a folder it could not list) is left out
        // of every view as surely as a file that fails its schema, and is counted with them.
        let mut unusable: Vec<LeftOut> = diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| LeftOut::file(d.file.clone(), None, d.message.clone()))
            .collect();
        let files = asides.len() + unusable.len();
        for aside in asides {
            if let Some(file) = aside.no_record {
                let (rel, kind) = *file;
                let reason = aside.diagnostics.first().map_or_else(
                    || "it holds no record".to_owned(),
                    |d| format!("line {}: {}", d.line, d.message),
                );
                let kind = kind.map(|k| schemas.get(k).spec.kind.clone());
                unusable.push(LeftOut::file(rel, kind, reason));
            }
            diagnostics.extend(aside.diagnostics);
        }
        // Collected into the list's own memory (`Option<Record>` is a record's size, and a
        // flattened list of them is collected in place): no fresh list of 100,000 records
        // made on one core.
        let records: Vec<Record> = records.into_iter().flatten().collect();
        let ctx = Context {
            config: &config,
            schemas: &schemas,
            as_of,
            checks,
            // What loading kept is done: the checks across records read the records as they are.
            keep: Keep::Used,
        };
        let (index, across) = check::check_across(&records, &ctx);
        diagnostics.extend(across);
        diagnostic::sort(&mut diagnostics);
        Repository {
            files,
            config,
            schemas,
            records,
            index,
            diagnostics,
            unusable,
            case_refs: CaseRefs::Withheld,
        }
    }

    /// The same repository, its views showing case references or not.
    pub fn with_case_refs(mut self, case_refs: CaseRefs) -> Repository {
        self.case_refs = case_refs;
        self
    }
}

/// The files checked, for `assemble`: one entry per file in path order (its record, when it
/// holds one, and what else checking it gave, kept apart so that the records need not be
/// moved into a list of their own), and the walk's problems.
pub(crate) struct Checked {
    pub records: Vec<Option<Record>>,
    pub asides: Vec<Aside>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What checking one file gave besides its record.
pub(crate) struct Aside {
    pub diagnostics: Vec<Diagnostic>,
    /// The file's path and the kind its folder names, when it holds no record (rare).
    pub no_record: Option<Box<(String, Option<KindId>)>>,
}

impl Aside {
    /// A file's outcome, its record taken out.
    pub fn split(file: RecordFile, outcome: FileOutcome) -> (Option<Record>, Aside) {
        let no_record = outcome
            .record
            .is_none()
            .then(|| Box::new((file.rel, file.kind)));
        let aside = Aside {
            diagnostics: outcome.diagnostics,
            no_record,
        };
        (outcome.record, aside)
    }
}

impl Checked {
    /// Files checked in any order, and the walk's problems.
    pub fn of(mut found: Vec<(RecordFile, FileOutcome)>, problems: Vec<Diagnostic>) -> Checked {
        found.sort_unstable_by(|(a, _), (b, _)| a.rel.cmp(&b.rel));
        let (records, asides) = found
            .into_iter()
            .map(|(file, outcome)| Aside::split(file, outcome))
            .unzip();
        Checked {
            records,
            asides,
            diagnostics: problems,
        }
    }
}

/// The configuration and the schemas: what stops the tool when it is wrong.
pub(crate) fn settings(root: &Path) -> Result<(Config, SchemaSet)> {
    let config = Config::load(root)?;
    let schemas = SchemaSet::load(root, &config)?;
    check_timescale_keys(&config, &schemas)?;
    Ok((config, schemas))
}

/// Reads and checks files on every core while they are still being found (the walk would
/// otherwise leave a core idle); then puts them in path order, beside the walk's problems.
pub(crate) fn check_files(ctx: &Context<'_>, found: impl Iterator<Item = Found> + Send) -> Checked {
    let (found, problems) = found.par_bridge().partition_map(|found| match found {
        Found::File(file) => {
            let outcome = check::check_file(ctx, &file);
            Either::Left((file, outcome))
        }
        Found::Problem(d) => Either::Right(*d),
    });
    Checked::of(found, problems)
}

/// `[timescales]` may hold keys beyond the built-in ones only when a schema uses them, and
/// `[retention]` only the periods a schema reads: a misspelt one would silently keep nothing.
fn check_timescale_keys(config: &Config, schemas: &SchemaSet) -> Result<()> {
    let used = schemas.config_names();
    for key in config.retention.keys() {
        if !used.contains(&format!("retention.{key}")) {
            let named: Vec<&str> = used
                .iter()
                .filter_map(|n| n.strip_prefix("retention."))
                .collect();
            return Err(Error::Config {
                path: config.path.clone(),
                message: format!(
                    "[retention] has an unknown key `{key}`: no schema's retention reads it (they read {})",
                    if named.is_empty() {
                        "none".to_owned()
                    } else {
                        named.join(", ")
                    }
                ),
            });
        }
    }
    for key in config.timescales.keys() {
        let built_in = DEFAULT_TIMESCALES.iter().any(|(k, _)| k == key);
        if !built_in && !used.contains(&format!("timescales.{key}")) {
            return Err(Error::Config {
                path: config.path.clone(),
                message: format!(
                    "[timescales] has an unknown key `{key}`: no deadline rule uses it (the built-in keys are {})",
                    DEFAULT_TIMESCALES
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A diagnostic carries the line it points at from the text checked: `check`'s snippet
    /// needs no second read (this file is not on disk at all).
    #[test]
    fn a_files_diagnostics_carry_their_lines_from_the_text_read() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
        let Ok((config, schemas)) = settings(&root) else {
            panic!("examples/broken did not open");
        };
        let ctx = Context {
            config: &config,
            schemas: &schemas,
            as_of: Date::constant(2025, 6, 30),
            checks: Checks::All,
            keep: Keep::Used,
        };
        let file = RecordFile {
            path: root.join("records/nowhere/gone.yaml"),
            rel: "records/nowhere/gone.yaml".to_owned(),
            kind: None,
            stamp: None,
        };
        let outcome = check::check_read(&ctx, &file, Ok(b"id: x\r\nlist: [1, 2\n".to_vec()));
        let lines: Vec<(u32, Option<&str>)> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.line, d.source_line.text()))
            .collect();
        assert_eq!(
            lines,
            // The unclosed list is reported on its own line, not past the end of the file.
            [(1, Some("id: x")), (2, Some("list: [1, 2"))],
            "{:?}",
            outcome.diagnostics
        );
    }

    /// `check` keeps only the fields its checks read (`Keep::Checked`): on every example and
    /// fixture, at dates before, within and long after their records, it must find exactly
    /// what keeping every used field finds. A check reading a field `checked_fields` leaves
    /// out fails this where a fixture exercises it.
    #[test]
    fn check_keeping_only_its_fields_finds_what_keeping_all_finds() {
        let top = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut roots: Vec<PathBuf> = ["examples", "examples/benchmarking", "tests/fixtures"]
            .iter()
            .filter_map(|dir| std::fs::read_dir(top.join(dir)).ok())
            .flat_map(|list| list.filter_map(|e| e.ok().map(|e| e.path())))
            .filter(|root| root.join("records").is_dir())
            .collect();
        roots.sort();
        assert!(roots.len() > 40, "{roots:?}");
        let (mut used_leaves, mut checked_leaves) = (0, 0);
        for root in &roots {
            for as_of in [
                Date::constant(2024, 1, 1),
                Date::constant(2025, 6, 30),
                Date::constant(2034, 1, 1),
            ] {
                let open = |keep: Keep| {
                    let (config, schemas) = settings(root).ok()?;
                    let ctx = Context {
                        config: &config,
                        schemas: &schemas,
                        as_of,
                        checks: Checks::All,
                        keep,
                    };
                    let checked = check_files(&ctx, discover::walk(root, &schemas));
                    Some(Repository::assemble(
                        config,
                        schemas,
                        as_of,
                        Checks::All,
                        checked,
                    ))
                };
                let (Some(used), Some(checked)) = (open(Keep::Used), open(Keep::Checked)) else {
                    continue;
                };
                assert_eq!(
                    checked.diagnostics,
                    used.diagnostics,
                    "{} at {as_of}",
                    root.display()
                );
                used_leaves += used.records.iter().map(|r| r.fields.0.len()).sum::<usize>();
                checked_leaves += checked
                    .records
                    .iter()
                    .map(|r| r.fields.0.len())
                    .sum::<usize>();
            }
        }
        // It must keep fewer, or it is no saving (60% of them when this was written).
        assert!(
            checked_leaves * 10 < used_leaves * 7,
            "{checked_leaves} of {used_leaves}"
        );
    }

    /// The views' lighter open must use exactly the records `check` would, and report only the
    /// problems that leave a record out.
    #[test]
    fn views_use_the_same_records_as_check() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
        let as_of = Date::constant(2025, 6, 30);
        let (Ok(mut full), Ok(views)) = (
            Repository::open(&root, as_of),
            Repository::open_for_views(&root, as_of),
        ) else {
            panic!("examples/broken did not open");
        };
        // The views read the records as they stood at as-of: a complaint received later
        // (examples/broken's future-date example) was not there yet.
        assert_eq!(
            full.rewind(as_of),
            vec!["records/complaints/2025/CMP-2025-0007.yaml".to_owned()]
        );
        let used = |repo: &Repository| -> Vec<(String, bool, Vec<String>)> {
            repo.records
                .iter()
                .map(|r| (r.path.clone(), r.valid, r.broken.clone()))
                .collect()
        };
        assert_eq!(used(&full), used(&views));
        assert_eq!(full.unusable, views.unusable);
        assert!(
            !views.unusable.is_empty(),
            "examples/broken should have unusable files"
        );
        assert!(views.diagnostics.len() < full.diagnostics.len());
        for d in &views.diagnostics {
            let code = d.code.as_str();
            let leaves_out = [
                "schema-",
                "yaml-",
                "file-",
                "unknown-kind-folder",
                "symlink-",
            ];
            assert!(
                leaves_out.iter().any(|p| code.starts_with(p)),
                "{code} is not a reason to leave a record out"
            );
            assert!(
                full.diagnostics.contains(d),
                "{d:?} only in the views' open"
            );
        }
    }
}
