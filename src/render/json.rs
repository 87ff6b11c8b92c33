//! The JSON report of `check`: a stable, versioned contract for scripts.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Tally};

/// Bumped only when a field changes meaning or disappears; additions keep the version.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    as_of: String,
    summary: &'a Tally,
    diagnostics: &'a [Diagnostic],
}

pub fn render(diagnostics: &[Diagnostic], tally: &Tally, as_of: jiff::civil::Date) -> String {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: "qaledger",
        version: env!("CARGO_PKG_VERSION"),
        as_of: as_of.to_string(),
        summary: tally,
        diagnostics,
    };
    pretty(&report)
}

/// `value` as indented JSON with a final newline: the form of every `--format json`.
pub fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A model's fields under `schema_version` (first), for the compiled views' JSON.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// `body` as `pretty` JSON, its fields after `schema_version`.
pub fn versioned(body: &impl Serialize) -> String {
    pretty(&Versioned {
        schema_version: SCHEMA_VERSION,
        body,
    })
}
