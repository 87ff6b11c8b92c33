//! The period summary: table, JSON and Markdown over the same `Summary` value.
//!
//! Presentation only: every number comes from `summary::compute`. A rate over nothing shows
//! "—" (JSON: `null`), never NaN; every format prints the resolved period and the number of
//! records left out as invalid.

use crate::view::summary::{DueRate, Ordered, QUALITY_STATEMENTS, Rate, Summary};

use super::markdown;

/// The JSON contract of `summary --format json`: the serialised `Summary` with the version.
pub fn json(summary: &Summary) -> crate::error::Result<String> {
    super::json::versioned(summary)
}

/// "3 of 4 (75.0%)", or "—" when there is nothing to count.
pub fn rate_text(rate: &Rate) -> String {
    match rate.percent {
        Some(percent) => format!("{} of {} ({percent:.1}%)", rate.count, rate.of),
        None => "—".to_owned(),
    }
}

/// A rate, with how many are not yet due when there are any.
fn due_rate_text(due: &DueRate) -> String {
    let rate = rate_text(&due.rate);
    match due.not_yet_due {
        0 => rate,
        n => format!("{rate}; {n} not yet due"),
    }
}

fn header_line(summary: &Summary) -> String {
    format!(
        "Summary for {} ({} to {}), as of {}",
        summary.period.label, summary.period.start, summary.period.end, summary.as_of
    )
}

/// One section of the summary, as rows of text: the same for the table and Markdown.
struct Section {
    title: String,
    tables: Vec<Grid>,
    /// Lines shown under the tables.
    notes: Vec<String>,
}

struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn section(title: &str, header: &[&str], rows: Vec<Vec<String>>) -> Section {
    Section {
        title: title.to_owned(),
        tables: vec![Grid {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows,
        }],
        notes: Vec::new(),
    }
}

/// What a format does to text from the records before it goes into a cell (Markdown escapes
/// it; the table shows it as it is).
type Free = fn(&str) -> String;

fn count_rows(counts: &Ordered<usize>, label: &str, free: Free) -> Vec<Vec<String>> {
    counts
        .0
        .iter()
        .map(|(name, n)| vec![format!("{label}{}", free(name)), n.to_string()])
        .collect()
}

fn sections(s: &Summary, free: Free) -> Vec<Section> {
    let mut out = Vec::new();

    // Complaints: one column per type.
    let mut header = vec![String::new()];
    header.extend(s.complaints.0.iter().map(|(t, _)| free(t)));
    let column = |f: &dyn Fn(&crate::view::summary::ContactFigures) -> String| -> Vec<String> {
        s.complaints.0.iter().map(|(_, c)| f(c)).collect()
    };
    let mut rows = vec![
        labelled(
            "received in the period",
            column(&|c| c.received.to_string()),
        ),
        labelled(
            "acknowledged within timescale",
            column(&|c| due_rate_text(&c.acknowledged_within_timescale)),
        ),
        labelled(
            "responded within timescale",
            column(&|c| due_rate_text(&c.responded_within_timescale)),
        ),
    ];
    if let Some((_, first)) = s.complaints.0.first() {
        for (i, (outcome, _)) in first.outcomes.0.iter().enumerate() {
            rows.push(labelled(
                &format!("outcome: {}", free(outcome)),
                column(&|c| {
                    c.outcomes
                        .0
                        .get(i)
                        .map(|(_, n)| n.to_string())
                        .unwrap_or_default()
                }),
            ));
        }
    }
    rows.push(labelled(
        "no outcome recorded",
        column(&|c| c.no_outcome.to_string()),
    ));
    out.push(Section {
        title: "Complaints, service enquiries and compliments".to_owned(),
        tables: vec![Grid { header, rows }],
        notes: Vec::new(),
    });

    // Audits.
    let a = &s.audits;
    let mut rows = vec![vec![
        "completed in the period".to_owned(),
        a.completed.to_string(),
    ]];
    rows.extend(count_rows(&a.by_type, "type: ", free));
    rows.extend(count_rows(&a.grades, "grade: ", free));
    if a.ungraded > 0 {
        rows.push(vec!["no grade".to_owned(), a.ungraded.to_string()]);
    }
    rows.push(vec![
        "moderation done".to_owned(),
        rate_text(&a.moderation_done),
    ]);
    let mut audits = section("Audits", &["", "audits"], rows);
    audits.notes.push(
        "Grades are those agreed at moderation where moderated, else the auditor's.".to_owned(),
    );
    out.push(audits);

    // Supervision: the rate, then who is not in date.
    let v = &s.supervision;
    let mut supervision = section(
        "Supervision",
        &["", "staff"],
        vec![
            vec!["current staff".to_owned(), v.current_staff.to_string()],
            vec!["in date".to_owned(), rate_text(&v.in_date)],
        ],
    );
    if !v.not_in_date.is_empty() {
        supervision.tables.push(Grid {
            header: ["not in date", "name", "team", "due", "days overdue"]
                .map(str::to_owned)
                .to_vec(),
            rows: v
                .not_in_date
                .iter()
                .map(|m| {
                    vec![
                        free(&m.id),
                        free(m.name.as_deref().unwrap_or_default()),
                        free(m.team.as_deref().unwrap_or_default()),
                        m.due.to_string(),
                        m.days_overdue.to_string(),
                    ]
                })
                .collect(),
        });
    }
    if !v.no_due_date.is_empty() {
        supervision.notes.push(format!(
            "No supervision due date (no held session and no start date), left out of the rate: {}.",
            free(&v.no_due_date.join(", "))
        ));
    }
    out.push(supervision);

    // Actions.
    let c = &s.actions;
    out.push(section(
        "Actions",
        &["", "actions"],
        vec![
            vec![
                "opened (agreed in the period)".to_owned(),
                c.opened.to_string(),
            ],
            vec![
                "completed in the period".to_owned(),
                c.completed.to_string(),
            ],
            vec![
                "completed on time".to_owned(),
                rate_text(&c.completed_on_time),
            ],
            vec![
                "impact measured (review due in the period)".to_owned(),
                due_rate_text(&c.impact_measured),
            ],
        ],
    ));

    // Reviews.
    let r = &s.reviews;
    let mut rows: Vec<Vec<String>> = r
        .by_type
        .0
        .iter()
        .map(|(t, n)| vec![free(t), n.open_at_end.to_string(), n.completed.to_string()])
        .collect();
    rows.push(vec![
        "total".to_owned(),
        r.open_at_end.to_string(),
        r.completed.to_string(),
    ]);
    out.push(section(
        "Reviews",
        &[
            "type",
            "open at the period's end",
            "completed in the period",
        ],
        rows,
    ));

    // Evidence.
    let e = &s.evidence;
    let rows = QUALITY_STATEMENTS
        .iter()
        .map(|(id, name)| {
            let n = e
                .by_statement
                .0
                .iter()
                .find(|(k, _)| k == id)
                .map_or(0, |(_, n)| *n);
            vec![(*id).to_owned(), (*name).to_owned(), n.to_string()]
        })
        .collect();
    let mut evidence = section(
        "Evidence by CQC quality statement",
        &["", "quality statement", "records"],
        rows,
    );
    evidence.notes.push(format!(
        "{} {} dated in the period, {} naming no quality statement.",
        e.records,
        if e.records == 1 { "record" } else { "records" },
        e.untagged
    ));
    out.push(evidence);
    out
}

fn labelled(label: &str, cells: Vec<String>) -> Vec<String> {
    let mut row = vec![label.to_owned()];
    row.extend(cells);
    row
}

/// For a person at a terminal: a heading per section, each a table.
pub fn table(summary: &Summary) -> String {
    let bold = anstyle::Style::new().bold();
    let header = header_line(summary);
    let mut out = format!("{bold}{}{bold:#}\n", super::visible::inline(&header));
    let left_out = super::left_out::block(&summary.excluded_records);
    if let Some((line, entries)) = left_out.split_first() {
        let warn = anstyle::AnsiColor::Yellow.on_default().bold();
        out.push_str(&format!("{warn}{line}{warn:#}\n"));
        // `block` shows each entry through `visible` already.
        for entry in entries {
            out.push_str(&format!("{entry}\n"));
        }
    }
    for section in sections(summary, |text| super::visible::inline(text).into_owned()) {
        out.push_str(&format!("\n{bold}{}{bold:#}\n", section.title));
        for grid in &section.tables {
            let header: Vec<&str> = grid.header.iter().map(String::as_str).collect();
            out.push_str(&super::table::render(&header, &grid.rows));
            out.push('\n');
        }
        for note in &section.notes {
            out.push_str(note);
            out.push('\n');
        }
    }
    out
}

/// For a board paper, a pull-request comment or a step summary; the marking on its first and
/// last lines.
pub fn markdown(summary: &Summary) -> String {
    super::marking::markdown(summary.marking.as_deref(), markdown_body(summary))
}

fn markdown_body(summary: &Summary) -> String {
    let mut out = format!("# {}\n\n", header_line(summary));
    if let Some(line) = super::left_out::sentence(&summary.excluded_records) {
        out.push_str(&format!("> **Warning:** {line}\n"));
        for l in &summary.excluded_records {
            out.push_str(&format!("> - {}\n", markdown::text(&l.describe())));
        }
        out.push('\n');
    }
    for section in sections(summary, markdown::text) {
        out.push_str(&format!("## {}\n\n", section.title));
        for grid in &section.tables {
            out.push_str(&format!("| {} |\n", grid.header.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(grid.header.len())));
            for row in &grid.rows {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
            out.push('\n');
        }
        for note in &section.notes {
            out.push_str(&format!("{note}\n\n"));
        }
    }
    out
}
