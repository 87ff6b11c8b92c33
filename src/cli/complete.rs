//! Completions that know the repository (clap_complete's dynamic engine: the shell runs
//! `COMPLETE=bash qaledger -- qaledger show AC` on Tab): record ids, kinds, staff ids, teams,
//! themes, deadline names and diagnostic codes. A Tab must answer at once and never shout: only settings,
//! schemas and file names are read (no record is parsed; a record's id is its file name), and a
//! missing or broken repository completes nothing rather than printing an error.

use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::config::Config;
use crate::diagnostic::code::Code;
use crate::load::discover::{self, Found};
use crate::schema::SchemaSet;

/// Record ids (file names under `records/`), each with its kind beside it.
pub fn record_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| records(|_| true))
}

/// Staff ids: the file names of the roster kind's records.
pub fn staff_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| records(|roster| roster))
}

/// The record kinds the repository's schemas define.
pub fn kinds() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        settings().map_or_else(Vec::new, |(_, _, schemas)| {
            schemas
                .kinds()
                .iter()
                .map(|k| candidate(&k.spec.kind, &k.spec.folder))
                .collect()
        })
    })
}

/// Every deadline name the schemas define, each with the kinds that have it (`done ID
/// DEADLINE`: the id being completed is not known to a completer, so all are offered).
pub fn deadline_names() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        settings().map_or_else(Vec::new, |(_, _, schemas)| {
            let mut names: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
            for kind in schemas.kinds() {
                for deadline in &kind.spec.deadlines {
                    names
                        .entry(&deadline.name)
                        .or_default()
                        .push(&kind.spec.kind);
                }
            }
            names
                .into_iter()
                .map(|(name, kinds)| candidate(name, &kinds.join(", ")))
                .collect()
        })
    })
}

/// The teams in qaledger.toml, each with its name.
pub fn teams() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        settings().map_or_else(Vec::new, |(_, config, _)| {
            config
                .teams
                .iter()
                .map(|t| candidate(&t.id, &t.name))
                .collect()
        })
    })
}

/// The theme vocabulary in qaledger.toml.
pub fn themes() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        settings().map_or_else(Vec::new, |(_, config, _)| {
            config.themes.iter().map(CompletionCandidate::new).collect()
        })
    })
}

/// Every diagnostic code, with its one-line summary (needs no repository).
pub fn codes() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        Code::ALL
            .iter()
            .map(|c| candidate(c.as_str(), c.summary()))
            .collect()
    })
}

fn candidate(value: &str, help: &str) -> CompletionCandidate {
    CompletionCandidate::new(value).help(Some(help.to_owned().into()))
}

/// The stems of the record files whose kind `wanted` accepts (told whether it is the roster),
/// sorted, each once.
fn records(wanted: impl Fn(bool) -> bool) -> Vec<CompletionCandidate> {
    let Some((root, _, schemas)) = settings() else {
        return Vec::new();
    };
    let mut found: Vec<(String, String)> = discover::walk(&root, &schemas)
        .filter_map(|f| match f {
            Found::File(file) => {
                let kind = schemas.get(file.kind?);
                wanted(kind.spec.roster)
                    .then(|| (discover::stem(&file.rel).to_owned(), kind.spec.kind.clone()))
            }
            Found::Problem(_) => None,
        })
        .collect();
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    found.iter().map(|(id, kind)| candidate(id, kind)).collect()
}

/// The repository the command line being completed names (`--root`, else found upwards from
/// the current folder), with its settings and schemas; `None` when there is none or it does
/// not load.
fn settings() -> Option<(PathBuf, Config, SchemaSet)> {
    let cwd = std::env::current_dir().ok()?;
    let explicit = root_arg(std::env::args_os());
    let root = discover::find_root(explicit.as_deref(), &cwd).ok()?;
    let (config, schemas) = crate::repository::settings(&root).ok()?;
    Some((root, config, schemas))
}

/// `--root DIR` or `--root=DIR` in the words being completed (the last one given wins, as
/// clap's own parsing does).
fn root_arg(words: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut root = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        if word == "--root" {
            root = words.next().map(PathBuf::from);
        } else if let Some(dir) = word.to_str().and_then(|w| w.strip_prefix("--root=")) {
            root = Some(PathBuf::from(dir));
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_read_from_the_words_being_completed() {
        let words = |w: &[&str]| root_arg(w.iter().map(OsString::from));
        assert_eq!(words(&["qaledger", "show"]), None);
        assert_eq!(
            words(&["qaledger", "--", "qaledger", "--root", "a", "show", "AC"]),
            Some(PathBuf::from("a"))
        );
        assert_eq!(
            words(&["qaledger", "--root=b", "show"]),
            Some(PathBuf::from("b"))
        );
    }
}
