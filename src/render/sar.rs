//! The SAR report inputs as a document: the counts, a table of the reviews, a section per
//! review (findings, actions arising with owner, status and impact), then the findings not
//! implemented with their reasons. Markdown and HTML write this one document; JSON is the
//! serialised `SarReport`.
//!
//! Presentation only: every number and grouping comes from `view::sar::compute`.

use crate::view::sar::{NotImplemented, Sar, SarAction, SarReport, Standing};

use super::document::{Block, Document, Table, Text, Tone, footnotes, marked};

/// The JSON contract of `report sar --format json`: the serialised model with the version.
pub fn json(report: &SarReport) -> crate::error::Result<String> {
    super::json::versioned(report)
}

/// The report as a document (prose: Markdown and HTML).
pub fn document(report: &SarReport) -> Document {
    let h = &report.header;
    let title = match h.period() {
        Some(p) => format!(
            "Safeguarding Adults Reviews: annual report inputs for {} ({} to {}), as of {}",
            p.label, p.start, p.end, h.as_of
        ),
        None => format!(
            "Safeguarding Adults Reviews: annual report inputs, as of {}",
            h.as_of
        ),
    };
    let mut doc = Document {
        marking: h.marking.clone(),
        trailing_blank: true,
        ..Document::default()
    };
    doc.group(vec![Block::Title(Text::ours(title))]);
    doc.group(vec![Block::Paragraph(Text::record(&report.organisation))]);
    doc.group(super::left_out::warning(&h.left_out).into_iter().collect());
    doc.group(vec![
        Block::Figures(figures(report)),
        Block::Note(Text::ours(
            "The Care Act 2014, Schedule 2 paragraph 4(1)(d) to (g), asks the Safeguarding Adults Board's annual report for the findings of the reviews concluded in the year, the reviews ongoing at its end, what was done to implement their findings, and the reasons for any finding it decided not to implement. These are the council's records of them.",
        )),
    ]);
    doc.group(overview(report));
    for sar in &report.reviews {
        doc.group(review(sar));
    }
    doc.group(not_implemented(&report.not_implemented));
    let problems = report.reviews.iter().flat_map(|s| {
        std::iter::once((s.id.as_str(), s.path.as_str(), s.problems)).chain(
            s.actions
                .iter()
                .map(|a| (a.row.id.as_str(), a.row.path.as_str(), a.row.problems)),
        )
    });
    let notes = footnotes(problems);
    if !notes.is_empty() {
        doc.group(vec![Block::List(notes)]);
    }
    doc
}

fn figures(report: &SarReport) -> Vec<(Text, Text)> {
    let t = &report.totals;
    [
        ("Reviews concluded in the period", t.concluded, "concluded"),
        ("Reviews ongoing at its end", t.ongoing, "ongoing"),
        (
            "Earlier reviews still being implemented",
            t.concluded_earlier,
            "concluded_earlier",
        ),
        ("Actions arising", t.actions, "actions"),
        (
            "Actions completed by the as-of date",
            t.actions_completed,
            "actions_completed",
        ),
        (
            "Actions overdue at the as-of date",
            t.actions_overdue,
            "actions_overdue",
        ),
        (
            "Findings decided not to be implemented",
            t.not_implemented,
            "not_implemented",
        ),
    ]
    .into_iter()
    .map(|(label, n, path)| {
        (
            Text::ours(label),
            Text::figure(n.to_string(), format!("totals.{path}")),
        )
    })
    .collect()
}

/// What the standing means, in the report's words.
fn standing(s: Standing) -> &'static str {
    match s {
        Standing::Concluded => "Concluded in the period",
        Standing::Ongoing => "Ongoing at the end of the period",
        Standing::ConcludedEarlier => "Concluded earlier; findings still being implemented",
    }
}

fn date(d: Option<jiff::civil::Date>) -> Text {
    d.map_or_else(|| Text::ours("—"), |d| Text::ours(d.to_string()))
}

fn overview(report: &SarReport) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(Text::ours("Reviews"), Tone::Bold)];
    if report.reviews.is_empty() {
        blocks.push(Block::Paragraph(Text::ours(
            "No Safeguarding Adults Review concluded in the period, was ongoing at its end, or had findings being implemented during it.",
        )));
        return blocks;
    }
    let mut table = Table::new(&[
        "Review",
        "Where it stands",
        "Commissioned",
        "Completed",
        "Lead",
    ]);
    table.row_headers = true;
    table.rows = report
        .reviews
        .iter()
        .map(|s| {
            vec![
                marked(s.problems, Text::code(&s.id)),
                Text::ours(standing(s.standing)),
                date(s.commissioned),
                date(s.completed),
                lead(s),
            ]
        })
        .collect();
    blocks.push(Block::Table(table));
    blocks
}

fn lead(s: &Sar) -> Text {
    s.lead_name
        .as_deref()
        .or(s.lead.as_deref())
        .map_or_else(|| Text::ours("—"), Text::record)
}

fn review(s: &Sar) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(
            marked(s.problems, Text::code(&s.id))
                .and(" — ")
                .then(Text::record(&s.title)),
            Tone::Bold,
        ),
        Block::Paragraph(
            Text::ours(format!("{}. Commissioned ", standing(s.standing)))
                .then(date(s.commissioned))
                .and("; completed ")
                .then(date(s.completed))
                .and("; lead ")
                .then(lead(s))
                .and("."),
        ),
    ];
    if s.findings.is_empty() {
        blocks.push(Block::Paragraph(Text::ours("No findings recorded yet.")));
    } else {
        blocks.push(Block::Paragraph(Text::strong("Findings")));
        blocks.push(Block::List(
            s.findings
                .iter()
                .map(|f| Text::record(f.as_str()))
                .collect(),
        ));
    }
    if s.actions.is_empty() {
        blocks.push(Block::Paragraph(Text::ours("No actions recorded yet.")));
    } else {
        let mut table = Table::new(&[
            "Action",
            "Title",
            "Owner",
            "Status",
            "Due",
            "Completed",
            "Impact",
        ]);
        table.caption = Some(format!("Actions arising from {}", s.id));
        table.row_headers = true;
        table.rows = s.actions.iter().map(action_row).collect();
        blocks.push(Block::Table(table));
    }
    blocks
}

fn action_row(a: &SarAction) -> Vec<Text> {
    let r = &a.row;
    let shown = |title: &Option<String>, value: &Option<String>| {
        title
            .as_deref()
            .or(value.as_deref())
            .map_or_else(|| Text::ours("—"), Text::record)
    };
    let status = match (r.days_overdue, &a.not_implemented_reason) {
        (Some(days), _) => {
            shown(&r.titles.status, &r.status).and(format!(" (overdue by {days} days)"))
        }
        (None, Some(reason)) => shown(&r.titles.status, &r.status)
            .and(": ")
            .then(Text::record(reason)),
        (None, None) => shown(&r.titles.status, &r.status),
    };
    vec![
        marked(r.problems, Text::code(&r.id)),
        Text::record(&r.title),
        r.owner_shown()
            .map_or_else(|| Text::ours("—"), Text::record),
        status,
        date(r.due),
        date(r.completed),
        shown(&r.titles.impact_rating, &r.impact_rating),
    ]
}

fn not_implemented(items: &[NotImplemented]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(
        Text::ours("Findings not implemented, and why"),
        Tone::Bold,
    )];
    if items.is_empty() {
        blocks.push(Block::Paragraph(Text::ours(
            "No finding of these reviews was decided not to be implemented during the period.",
        )));
        return blocks;
    }
    let mut table = Table::new(&["Action", "Review", "Title", "Decided", "Reason"]);
    table.row_headers = true;
    table.rows = items
        .iter()
        .map(|n| {
            vec![
                Text::code(&n.action),
                Text::code(&n.review),
                Text::record(&n.title),
                date(n.decided),
                n.reason
                    .as_deref()
                    .map_or_else(|| Text::ours("no reason recorded"), Text::record),
            ]
        })
        .collect();
    blocks.push(Block::Table(table));
    blocks
}
