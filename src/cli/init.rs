//! `qaledger init [DIR]`: a new records repository in one command. Refuses to overwrite
//! anything: when any file it would write exists, it writes nothing and lists them.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::author::scaffold::{self, ScaffoldFile};
use crate::config::{Config, FILE_NAME};
use crate::error::{Error, Result};
use crate::render::write;
use crate::schema::SchemaSet;

use super::{Outcome, Session, write_error};

#[derive(clap::Args)]
#[command(
    before_help = "Example: qaledger init council-records",
    after_help = "Examples:\n  qaledger init\n  qaledger init council-records && cd council-records && qaledger new action\n\nWrites qaledger.toml (every setting shown with its default), schemas/ (the built-in kinds, to\nedit: editors and qaledger both read them), records/<folder>/ for each kind,\n.gitignore, .gitattributes, .vscode/settings.json (the YAML extension checks records as you\ntype) and .github/workflows/qaledger.yml (checks on pull requests, weekday reminders).\nNothing is overwritten: if any of these files exists, init writes nothing and lists them."
)]
pub struct Args {
    /// Folder for the new records repository, created if missing (default: the current folder)
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(session: &mut Session, args: &Args) -> Result<Outcome> {
    let dir = match (&args.dir, &session.root_option) {
        (Some(_), Some(_)) => {
            return Err(Error::Usage(
                "init takes its folder as an argument (qaledger init DIR); leave out --root"
                    .to_owned(),
            ));
        }
        (Some(dir), None) | (None, Some(dir)) => dir.clone(),
        (None, None) => PathBuf::from("."),
    };
    let files = scaffold::files(built_in_kinds()?.kinds())?;
    let clashes = clashes(&dir, &files);
    if !clashes.is_empty() {
        return Err(Error::Usage(format!(
            "{} already has {} of the files init writes, so nothing was written:\n  {}\nMove {} away, or run init in an empty folder.",
            dir.display(),
            clashes.len(),
            clashes.join("\n  "),
            if clashes.len() == 1 { "it" } else { "them" },
        )));
    }
    for file in &files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write::create_new(&path, &file.bytes)?;
        writeln!(session.stdout, "{}", shown(&dir, &file.path)).map_err(write_error)?;
    }
    if !session.quiet {
        let enter = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        writeln!(
            session.stderr,
            "created {} in {}\nnext: set your teams in {FILE_NAME}, then write a first record: {enter}qaledger new action",
            count(files.len(), "file"),
            dir.display(),
        )
        .map_err(write_error)?;
    }
    Ok(Outcome::Success)
}

/// The built-in kinds alone: no `schemas/` can override them.
fn built_in_kinds() -> Result<SchemaSet> {
    let config = Config::parse(scaffold::CONFIG_TEMPLATE, PathBuf::from(FILE_NAME))?;
    SchemaSet::built_in(&config)
}

/// Each target that exists already (as anything, even a broken link), and each folder on the
/// way to one that is not a folder.
fn clashes(dir: &Path, files: &[ScaffoldFile]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let mut walked = String::new();
        for segment in file.path.split('/') {
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(segment);
            let is_target = walked == file.path;
            let clash = match std::fs::symlink_metadata(dir.join(&walked)) {
                Ok(meta) => is_target || !meta.is_dir(),
                Err(_) => false,
            };
            if clash {
                if !found.contains(&walked) {
                    found.push(walked);
                }
                break;
            }
        }
    }
    found
}

fn shown(dir: &Path, rel: &str) -> String {
    if dir == Path::new(".") {
        rel.to_owned()
    } else {
        dir.join(rel).display().to_string()
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
