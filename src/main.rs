//! The `qaledger` binary: parse arguments, run, map the outcome to an exit status
//! (0 success, 1 findings, 2 usage or setup error; a panic exits 101).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use qaledger::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    // `COMPLETE=bash qaledger`: the shell asks for completions (clap_complete's dynamic
    // engine); it prints them and exits here, before anything else runs.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let cli = Cli::parse();
    let today = jiff::Zoned::now().date();
    match cli::run(cli, today) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            // The message may quote the repository (paths, values, git's own words): shown
            // through `visible`, so it cannot act on the terminal or a CI log.
            let message = error.to_string();
            anstream::eprintln!("error: {}", qaledger::render::visible::block(&message));
            ExitCode::from(2)
        }
    }
}

// glibc's allocator spent a sixth of `check`'s time on 100,000 small files; mimalloc halves that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
