//! A records repository, loaded and checked: what every command starts from.
//!
//! Opening one reads the configuration and schemas (errors stop the tool), finds the record
//! files, reads and checks them on every core, indexes them and runs the cross-record checks.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::check::{self, Context};
use crate::config::{Config, DEFAULT_TIMESCALES};
use crate::diagnostic::{self, Diagnostic};
use crate::discover;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::record::Record;
use crate::schema::SchemaSet;

pub struct Repository {
    pub root: PathBuf,
    pub config: Config,
    pub schemas: SchemaSet,
    /// Every record that could be read, valid or not, sorted by path.
    pub records: Vec<Record>,
    pub index: Index,
    /// Every problem found, in display order.
    pub diagnostics: Vec<Diagnostic>,
    /// Record files found (including those that could not be read).
    pub files: usize,
}

impl Repository {
    pub fn open(root: &Path, as_of: Date) -> Result<Repository> {
        let config = Config::load(root)?;
        let schemas = SchemaSet::load(root, &config)?;
        check_timescale_keys(&config, &schemas)?;
        let (files, mut diagnostics) = discover::record_files(root, &schemas);
        let ctx = Context {
            config: &config,
            schemas: &schemas,
            as_of,
        };
        let outcomes: Vec<_> = files
            .par_iter()
            .map(|file| check::check_file(&ctx, file))
            .collect();
        let mut records = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            diagnostics.extend(outcome.diagnostics);
            records.extend(outcome.record);
        }
        let index = Index::new(&records);
        diagnostics.extend(check::check_across(&records, &index, &ctx));
        diagnostic::sort(&mut diagnostics);
        Ok(Repository {
            root: root.to_path_buf(),
            files: files.len(),
            config,
            schemas,
            records,
            index,
            diagnostics,
        })
    }
}

impl Repository {
    /// Record files the compiled views leave out: unreadable, unparsable or failing their schema.
    pub fn excluded(&self) -> usize {
        self.files - self.records.iter().filter(|r| r.valid).count()
    }
}

/// `[timescales]` may hold keys beyond the built-in ones only when a schema uses them.
fn check_timescale_keys(config: &Config, schemas: &SchemaSet) -> Result<()> {
    let used = schemas.config_names();
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
