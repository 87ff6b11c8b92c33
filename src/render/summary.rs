//! The period summary as a document: a title, what was left out, then a section per kind of
//! record. Every format writes this one document (`render::terminal`, `markdown`, `html`); the
//! board pack composes its sections (`sections`). JSON is the serialised `Summary`.
//!
//! Presentation only: every number comes from `summary::compute`. A rate over nothing shows
//! "—" (JSON: `null`), never NaN. Each figure carries its path in the JSON (`data-figure`).

use crate::view::summary::{DueRate, Ordered, QUALITY_STATEMENTS, Rate, Summary};

use super::document::{Block, Document, Register, Table, Text, Tone};

/// The JSON contract of `summary --format json`: the serialised `Summary` with the version.
pub fn json(summary: &Summary) -> crate::error::Result<String> {
    super::json::versioned(summary)
}

/// "3 of 4 (75.0%)", or "—" when there is nothing to count.
pub fn rate_text(rate: &Rate) -> String {
    rate_figures(rate, "").plain()
}

/// The rate, its count, total and percentage each a figure under `path`.
fn rate_figures(rate: &Rate, path: &str) -> Text {
    match rate.percent {
        Some(percent) => Text::figure(rate.count.to_string(), format!("{path}.count"))
            .and(" of ")
            .then(Text::figure(rate.of.to_string(), format!("{path}.of")))
            .and(" (")
            .then(Text::figure(
                format!("{percent:.1}%"),
                format!("{path}.percent"),
            ))
            .and(")"),
        None => Text::figure("—", format!("{path}.percent")),
    }
}

/// A rate, with how many are not yet due when there are any.
fn due_rate_figures(due: &DueRate, path: &str) -> Text {
    let rate = rate_figures(&due.rate, path);
    match due.not_yet_due {
        0 => rate,
        n => rate
            .and("; ")
            .then(Text::figure(n.to_string(), format!("{path}.not_yet_due")))
            .and(" not yet due"),
    }
}

/// A count, a figure at `path`.
fn count(n: usize, path: &str) -> Text {
    Text::figure(n.to_string(), path)
}

/// The summary as a document in `register`: the title, what was left out, the sections.
pub fn document(summary: &Summary, register: Register) -> Document {
    let h = &summary.header;
    let title = Text::ours(match h.period() {
        Some(p) => format!(
            "Summary for {} ({} to {}), as of {}",
            p.label, p.start, p.end, h.as_of
        ),
        None => format!("Summary as of {}", h.as_of),
    });
    let mut head = vec![Block::Title(title)];
    head.extend(super::left_out::warning(&h.left_out));
    let mut doc = Document {
        marking: h.marking.clone(),
        ..Document::default()
    };
    match register {
        Register::Terminal => doc.group(head),
        Register::Prose => head.into_iter().for_each(|b| doc.group(vec![b])),
    }
    for section in sections(summary) {
        doc.group(section);
    }
    // Markdown has always ended on a blank line.
    doc.trailing_blank = register == Register::Prose;
    doc
}

fn count_rows(s: &Summary, counts: &Ordered<usize>, label: &str, path: &str) -> Vec<Vec<Text>> {
    counts
        .0
        .iter()
        .map(|(name, n)| {
            vec![
                Text::ours(label).then(Text::record(s.title(path, name))),
                count(*n, &format!("{path}.{name}")),
            ]
        })
        .collect()
}

fn labelled(label: &str, cells: Vec<Text>) -> Vec<Text> {
    let mut row = vec![Text::ours(label)];
    row.extend(cells);
    row
}

fn captioned(caption: &str, header: &[&str], rows: Vec<Vec<Text>>) -> Block {
    Block::Table(Table {
        caption: Some(caption.to_owned()),
        rows,
        row_headers: true,
        ..Table::new(header)
    })
}

fn heading(text: &str) -> Block {
    Block::Heading(Text::ours(text), Tone::Bold)
}

/// The sections, each a heading, its tables and notes: the same in every format.
pub fn sections(s: &Summary) -> Vec<Vec<Block>> {
    vec![
        complaints(s),
        audits(s),
        supervision(s),
        actions(s),
        reviews(s),
        evidence(s),
    ]
}

/// Complaints, service enquiries and compliments: a column per type.
fn complaints(s: &Summary) -> Vec<Block> {
    let types = &s.complaints.0;
    let mut header = vec![Text::ours("")];
    header.extend(
        types
            .iter()
            .map(|(t, _)| Text::record(s.title("complaints", t))),
    );
    type Cell<'a> = &'a dyn Fn(&str, &crate::view::summary::ContactFigures) -> Text;
    let column = |f: Cell<'_>| -> Vec<Text> {
        types
            .iter()
            .map(|(t, c)| f(&format!("complaints.{t}"), c))
            .collect()
    };
    let mut rows = vec![
        labelled(
            "received in the period",
            column(&|p, c| count(c.received, &format!("{p}.received"))),
        ),
        labelled(
            "acknowledged within timescale",
            column(&|p, c| {
                due_rate_figures(
                    &c.acknowledged_within_timescale,
                    &format!("{p}.acknowledged_within_timescale"),
                )
            }),
        ),
        labelled(
            "responded within timescale",
            column(&|p, c| {
                due_rate_figures(
                    &c.responded_within_timescale,
                    &format!("{p}.responded_within_timescale"),
                )
            }),
        ),
    ];
    if let Some((_, first)) = types.first() {
        for (i, (outcome, _)) in first.outcomes.0.iter().enumerate() {
            let mut row = vec![
                Text::ours("outcome: ").then(Text::record(s.title("complaints.outcomes", outcome))),
            ];
            row.extend(column(&|p, c| {
                c.outcomes
                    .0
                    .get(i)
                    .map(|(name, n)| count(*n, &format!("{p}.outcomes.{name}")))
                    .unwrap_or_default()
            }));
            rows.push(row);
        }
    }
    rows.push(labelled(
        "no outcome recorded",
        column(&|p, c| count(c.no_outcome, &format!("{p}.no_outcome"))),
    ));
    let title = "Complaints, service enquiries and compliments";
    let mut table = Table {
        caption: Some(format!("{title} received in the period")),
        rows,
        row_headers: true,
        ..Table::default()
    };
    table.align = vec![super::document::Align::Left; header.len()];
    table.header = header;
    vec![heading(title), Block::Table(table)]
}

fn audits(s: &Summary) -> Vec<Block> {
    let a = &s.audits;
    let mut rows = vec![labelled(
        "completed in the period",
        vec![count(a.completed, "audits.completed")],
    )];
    rows.extend(count_rows(s, &a.by_type, "type: ", "audits.by_type"));
    rows.extend(count_rows(s, &a.grades, "grade: ", "audits.grades"));
    if a.ungraded > 0 {
        rows.push(labelled(
            "no grade",
            vec![count(a.ungraded, "audits.ungraded")],
        ));
    }
    rows.push(labelled(
        "moderation done",
        vec![rate_figures(&a.moderation_done, "audits.moderation_done")],
    ));
    vec![
        heading("Audits"),
        captioned(
            "Practice audits completed in the period",
            &["", "audits"],
            rows,
        ),
        Block::Paragraph(Text::ours(
            "Grades are those agreed at moderation where moderated, else the auditor's.",
        )),
    ]
}

/// The rate, then who is not in date.
fn supervision(s: &Summary) -> Vec<Block> {
    let v = &s.supervision;
    let mut blocks = vec![
        heading("Supervision"),
        captioned(
            "Supervision of current staff",
            &["", "staff"],
            vec![
                labelled(
                    "current staff",
                    vec![count(v.current_staff, "supervision.current_staff")],
                ),
                labelled(
                    "in date",
                    vec![rate_figures(&v.in_date, "supervision.in_date")],
                ),
            ],
        ),
    ];
    if !v.not_in_date.is_empty() {
        blocks.push(captioned(
            "Staff not in date for supervision",
            &["not in date", "name", "team", "due", "days overdue"],
            v.not_in_date
                .iter()
                .map(|m| {
                    vec![
                        Text::record(&m.id),
                        Text::record(m.name.as_deref().unwrap_or_default()),
                        Text::record(m.team.as_deref().unwrap_or_default()),
                        Text::ours(m.due.to_string()),
                        Text::ours(m.days_overdue.to_string()),
                    ]
                })
                .collect(),
        ));
    }
    if !v.no_due_date.is_empty() {
        blocks.push(Block::Paragraph(
            Text::ours(
                "No supervision due date (no held session and no start date), left out of the rate: ",
            )
            .then(Text::record(v.no_due_date.join(", ")))
            .and("."),
        ));
    }
    blocks
}

fn actions(s: &Summary) -> Vec<Block> {
    let c = &s.actions;
    vec![
        heading("Actions"),
        captioned(
            "Learning From actions in the period",
            &["", "actions"],
            vec![
                labelled(
                    "opened (agreed in the period)",
                    vec![count(c.opened, "actions.opened")],
                ),
                labelled(
                    "completed in the period",
                    vec![count(c.completed, "actions.completed")],
                ),
                labelled(
                    "completed on time",
                    vec![rate_figures(
                        &c.completed_on_time,
                        "actions.completed_on_time",
                    )],
                ),
                labelled(
                    "impact measured (review due in the period)",
                    vec![due_rate_figures(
                        &c.impact_measured,
                        "actions.impact_measured",
                    )],
                ),
            ],
        ),
    ]
}

fn reviews(s: &Summary) -> Vec<Block> {
    let r = &s.reviews;
    let mut rows: Vec<Vec<Text>> = r
        .by_type
        .0
        .iter()
        .map(|(t, n)| {
            let path = format!("reviews.by_type.{t}");
            vec![
                Text::record(s.title("reviews.by_type", t)),
                count(n.open_at_end, &format!("{path}.open_at_end")),
                count(n.completed, &format!("{path}.completed")),
            ]
        })
        .collect();
    rows.push(vec![
        Text::ours("total"),
        count(r.open_at_end, "reviews.open_at_end"),
        count(r.completed, "reviews.completed"),
    ]);
    vec![
        heading("Reviews"),
        captioned(
            "Specialist practice reviews",
            &[
                "type",
                "open at the period's end",
                "completed in the period",
            ],
            rows,
        ),
    ]
}

/// QS1 to QS9 in order, zeros included, each with its name.
fn evidence(s: &Summary) -> Vec<Block> {
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
            vec![
                Text::ours(*id),
                Text::ours(*name),
                count(n, &format!("evidence.by_statement.{id}")),
            ]
        })
        .collect();
    vec![
        heading("Evidence by CQC quality statement"),
        captioned(
            "Records dated in the period, by the CQC quality statement they evidence",
            &["", "quality statement", "records"],
            rows,
        ),
        Block::Paragraph(
            count(e.records, "evidence.records")
                .and(format!(
                    " {} dated in the period, ",
                    if e.records == 1 { "record" } else { "records" }
                ))
                .then(count(e.untagged, "evidence.untagged"))
                .and(" naming no quality statement."),
        ),
    ]
}
