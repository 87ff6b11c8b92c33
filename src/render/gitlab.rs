//! GitLab Code Quality report: a JSON array of issues with stable fingerprints.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn render(diagnostics: &[Diagnostic]) -> crate::error::Result<String> {
    let issues: Vec<Issue<'_>> = diagnostics
        .iter()
        .map(|d| Issue {
            description: format!("{} [{}]", d.message, d.code),
            check_name: d.code.as_str(),
            fingerprint: fingerprint(d),
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            location: Location {
                path: &d.file,
                lines: Lines { begin: d.line },
            },
        })
        .collect();
    super::json::pretty(&issues)
}

/// FNV-1a over code, file, field and message: stable across runs and versions, and unchanged
/// when an unrelated edit moves the problem to another line.
fn fingerprint(d: &Diagnostic) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        d.code.as_str(),
        &d.file,
        d.field.as_deref().unwrap_or(""),
        &d.message,
    ];
    for byte in parts.join("\u{1f}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
