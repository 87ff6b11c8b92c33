//! What stops the tool (as opposed to findings about records, which are diagnostics).
//!
//! Every variant is something a user can cause and fix; the binary maps all of them to exit 2.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no qaledger.toml in {} or any folder above it: run qaledger inside a records repository, or pass --root DIR",
        .0.display()
    )]
    NoRoot(PathBuf),

    #[error(
        "{} has no qaledger.toml: --root must name the top folder of a records repository",
        .0.display()
    )]
    NotARoot(PathBuf),

    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },

    #[error("{path}: {message}")]
    Schema { path: String, message: String },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Usage(String),

    /// A serialiser failed: the output is not written at all rather than written empty.
    #[error("the {format} output could not be made: {message}")]
    Encode {
        format: &'static str,
        message: String,
    },

    #[error(transparent)]
    Git(#[from] crate::load::git::GitError),
}

/// A period the user wrote that does not parse (`--period`) is a usage error.
impl From<crate::time::period::PeriodError> for Error {
    fn from(error: crate::time::period::PeriodError) -> Error {
        Error::Usage(error.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
