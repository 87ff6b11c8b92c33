//! The floor for `scripts/bench`: the least work any checker must do on a records repository.
//!
//!     cargo run --release --example floor -- stat|read|parse DIR
//!
//! Lists the `.yaml`/`.yml` files under `DIR/records` (hidden entries skipped, symbolic links
//! not followed, as qaledger does), then on two threads either takes each file's metadata and
//! nothing else (`stat`: the least a result-cache run that trusts no unchanged-looking file
//! without its stat key can do), reads every byte (`read`) or reads and parses each file into
//! `saphyr-parser` events, the parser qaledger uses, counting them and nothing else (`parse`).
//! Prints the file, byte and event counts, so a run that read nothing shows it.

// A command-line program: printing is its output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use saphyr_parser::Parser;

// The allocator qaledger uses, so that the floor is not slower than it for glibc's sake.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Stat,
    Read,
    Parse,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, dir) = match args.as_slice() {
        [m, d] if m == "stat" => (Mode::Stat, d),
        [m, d] if m == "read" => (Mode::Read, d),
        [m, d] if m == "parse" => (Mode::Parse, d),
        _ => {
            eprintln!("usage: floor stat|read|parse DIR");
            return ExitCode::from(2);
        }
    };
    let mut files = Vec::new();
    if let Err(e) = list(&Path::new(dir).join("records"), &mut files) {
        eprintln!("floor: cannot list {dir}/records: {e}");
        return ExitCode::from(2);
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(2).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("floor: cannot start threads: {e}");
            return ExitCode::from(2);
        }
    };
    let (bytes, events, failed) = pool.install(|| {
        files
            .par_iter()
            .map(|path| one(path, mode))
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!(
        "{} files, {bytes} bytes, {events} events, {failed} unreadable or unparsable",
        files.len()
    );
    ExitCode::SUCCESS
}

/// Bytes read, events parsed, and 1 if the file could not be read or parsed.
fn one(path: &Path, mode: Mode) -> (usize, usize, usize) {
    if mode == Mode::Stat {
        return std::fs::symlink_metadata(path).map_or((0, 0, 1), |meta| {
            (usize::try_from(meta.len()).unwrap_or(usize::MAX), 0, 0)
        });
    }
    let Ok(bytes) = std::fs::read(path) else {
        return (0, 0, 1);
    };
    if mode == Mode::Read {
        return (bytes.len(), 0, 0);
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return (bytes.len(), 0, 1);
    };
    let mut events = 0;
    for event in Parser::new_from_str(text) {
        if event.is_err() {
            return (bytes.len(), events, 1);
        }
        events += 1;
    }
    (bytes.len(), events, 0)
}

fn list(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            list(&path, files)?;
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        {
            files.push(path);
        }
    }
    Ok(())
}
