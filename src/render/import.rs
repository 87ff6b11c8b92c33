//! `import`'s report as text (a line per row created, updated or refused, each problem at its
//! cell, then the tally) or JSON (the report itself). Never computes.

use crate::import::report::{Action, Report};

pub fn human(report: &Report) -> String {
    let mut out = String::new();
    for row in &report.rows {
        let verb = if report.written {
            "created"
        } else {
            "would create"
        };
        match row.action {
            Action::Create => out.push_str(&format!(
                "{} ({}): {verb} {} {}\n",
                row.at,
                row.key,
                row.id.as_deref().unwrap_or_default(),
                row.path.as_deref().unwrap_or_default()
            )),
            Action::Update => {
                let verb = if report.written {
                    "updated"
                } else {
                    "would update"
                };
                let changes: Vec<String> = row
                    .changes
                    .iter()
                    .map(|c| {
                        let shown =
                            |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_owned());
                        format!("{} {} → {}", c.field, shown(&c.before), shown(&c.after))
                    })
                    .collect();
                out.push_str(&format!(
                    "{} ({}): {verb} {}: {}\n",
                    row.at,
                    row.key,
                    row.id.as_deref().unwrap_or_default(),
                    changes.join("; ")
                ));
            }
            Action::Unchanged => {}
            Action::Refused => {
                for problem in &row.problems {
                    out.push_str(&format!("{problem}\n"));
                }
            }
        }
        for warning in &row.warnings {
            out.push_str(&format!("warning: {warning}\n"));
        }
    }
    out
}

/// The closing tally, for stderr.
pub fn tally(report: &Report) -> String {
    let rows = report.rows.len();
    let mut line = format!(
        "{}: {rows} row{} → {} to create, {} to update, {} unchanged, {} refused",
        report.file,
        if rows == 1 { "" } else { "s" },
        report.count(Action::Create),
        report.count(Action::Update),
        report.count(Action::Unchanged),
        report.count(Action::Refused),
    );
    if !report.skipped.is_empty() {
        let skipped: Vec<String> = report.skipped.iter().map(u32::to_string).collect();
        line.push_str(&format!("; rows left out: {}", skipped.join(", ")));
    }
    if report.written {
        line = line
            .replace(" to create", " created")
            .replace(" to update", " updated");
    } else {
        line.push_str(
            "\ndry run: nothing was written; run again with --write to write the records",
        );
    }
    line
}

pub fn json(report: &Report) -> crate::error::Result<String> {
    serde_json::to_string_pretty(report)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| crate::error::Error::Encode {
            format: "json",
            message: e.to_string(),
        })
}
