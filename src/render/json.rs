//! The JSON report of `check`: a stable, versioned contract for scripts.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Tally};
use crate::error::{Error, Result};

/// Bumped only when a field changes meaning or disappears; additions keep the version.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct CheckJson<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    as_of: String,
    summary: &'a Tally,
    diagnostics: &'a [Diagnostic],
    /// The findings `# qaledger: allow` comments accepted, each with its `reason`.
    #[serde(skip_serializing_if = "<[Diagnostic]>::is_empty")]
    accepted: &'a [Diagnostic],
}

pub fn render(
    diagnostics: &[Diagnostic],
    accepted: &[Diagnostic],
    tally: &Tally,
    as_of: jiff::civil::Date,
) -> Result<String> {
    let report = CheckJson {
        schema_version: SCHEMA_VERSION,
        tool: "qaledger",
        version: env!("CARGO_PKG_VERSION"),
        as_of: as_of.to_string(),
        summary: tally,
        diagnostics,
        accepted,
    };
    pretty(&report)
}

/// `value` as indented JSON with a final newline: the form of every `--format json`. A value
/// the serialiser refuses is an error, never an empty output.
pub fn pretty(value: &impl Serialize) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Encode {
        format: "JSON",
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

/// A model's fields under `schema_version` (first), for the compiled views' JSON.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    body: &'a T,
}

/// `body` as `pretty` JSON, its fields after `schema_version`.
pub fn versioned(body: &impl Serialize) -> Result<String> {
    pretty(&Versioned {
        schema_version: SCHEMA_VERSION,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value its serialiser refuses (JSON has no such keys).
    #[test]
    fn a_value_json_cannot_hold_is_an_error_not_an_empty_output() {
        let keys_json_cannot_hold = std::collections::BTreeMap::from([((1, 2), "x")]);
        match pretty(&keys_json_cannot_hold) {
            Err(Error::Encode { format, .. }) => assert_eq!(format, "JSON"),
            Err(e) => panic!("another error: {e}"),
            Ok(text) => panic!("a refused value was written as {text:?}"),
        }
        assert_eq!(pretty(&[1]).ok().as_deref(), Some("[\n  1\n]\n"));
    }
}
