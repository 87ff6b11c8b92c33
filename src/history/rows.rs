//! `tracker --history`'s reading of git: one `git log` over the root and one
//! `git cat-file --batch` for the versions of the listed records, then each row's slippage
//! (`slippage`, which is pure). Returns plain data; the tracker's rows take it as it is.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::error::Result;
use crate::history::slippage::{self, RowHistory};
use crate::load::git;
use crate::schema::extension::MovesSpec;

/// The history of each `(path, due date)` row, in the order given.
/// `moves` is the kind's list of due-date moves, whose last reason each history reports.
pub fn histories(
    root: &Path,
    rows: &[(&str, Option<Date>)],
    moves: Option<&MovesSpec>,
) -> Result<Vec<RowHistory>> {
    let commits = git::log_touches(root)?;
    let tracks = slippage::tracks(&commits);
    let mut shas: Vec<String> = rows
        .iter()
        .filter_map(|(path, _)| tracks.get(*path))
        .flat_map(|versions| versions.iter().map(|v| v.blob.clone()))
        .collect();
    shas.sort();
    shas.dedup();
    let mut blobs: Vec<(String, Vec<u8>)> = Vec::with_capacity(shas.len());
    git::read_blobs(root, &shas, |sha, bytes| {
        blobs.push((sha.to_owned(), bytes.to_vec()));
    })?;
    let due_of: HashMap<String, slippage::Committed> = blobs
        .par_iter()
        .map(|(sha, bytes)| (sha.clone(), slippage::committed(bytes, sha, moves)))
        .collect();
    Ok(rows
        .iter()
        .map(|(path, due)| {
            let versions = tracks.get(*path).map_or(&[][..], Vec::as_slice);
            slippage::summarise(versions, &commits, &due_of, *due)
        })
        .collect())
}
