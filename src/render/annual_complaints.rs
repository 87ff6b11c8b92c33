//! The annual complaints report as a document (regulation 18 first, then the figures by
//! procedure and stage, outcomes, the Ombudsman, learning and the Complaint Handling Code),
//! written by the shared HTML and Markdown writers; JSON is the serialised model, and the
//! quarterly return's CSV and JSON are here too.
//!
//! Presentation only: every number is the model's, and each carries its path in the JSON
//! (`data-figure`), so the page can be checked against `--format json`.

use crate::error::Result;
use crate::view::annual_complaints::{
    AnnualComplaints, Extended, Ids, ProcedureFigures, StageTimeliness, Timeliness,
};
use crate::view::complaint_facts::Clock;
use crate::view::complaints_return::ComplaintsReturn;
use crate::view::summary::Ordered;

use super::document::{Align, Block, Document, Table, Text, Tone};
use super::report::html::{long_date, short_date};

/// The JSON of `report annual-complaints --format json`: the serialised model, versioned.
pub fn json(report: &AnnualComplaints) -> Result<String> {
    super::json::versioned(report)
}

/// A count, a figure at `path.count`.
fn count(ids: &Ids, path: &str) -> Text {
    Text::figure(ids.count.to_string(), format!("{path}.count"))
}

fn percent(value: Option<f64>, path: &str) -> Text {
    match value {
        Some(p) => Text::figure(format!("{p:.1}%"), path),
        None => Text::figure("—", path),
    }
}

fn heading(text: &str) -> Block {
    Block::Heading(Text::ours(text), Tone::Bold)
}

/// A table whose first column names the rows and whose other columns are numbers.
fn figures_table(caption: String, header: &[&str], rows: Vec<Vec<Text>>) -> Block {
    let mut table = Table {
        caption: Some(caption),
        rows,
        row_headers: true,
        ..Table::new(header)
    };
    for align in table.align.iter_mut().skip(1) {
        *align = Align::Right;
    }
    Block::Table(table)
}

/// A list of records shown as a table (no row headers: each row is one record).
fn records_table(caption: &str, header: &[&str], rows: Vec<Vec<Text>>) -> Block {
    Block::Table(Table {
        caption: Some(caption.to_owned()),
        rows,
        ..Table::new(header)
    })
}

const TIMELINESS: [&str; 7] = [
    "",
    "complaints",
    "within timescale",
    "late",
    "not yet due",
    "no timescale",
    "% within",
];

/// A timeliness row: the set's size, then within, late, not yet due, no timescale (withdrawn,
/// or no due date known) — the four add up to the size — and the share within.
fn timeliness_row(label: Text, t: &Timeliness, path: &str) -> Vec<Text> {
    vec![
        label,
        Text::figure(t.of.to_string(), format!("{path}.of")),
        count(&t.within, &format!("{path}.within")),
        count(&t.late, &format!("{path}.late")),
        count(&t.pending, &format!("{path}.pending")),
        count(&t.no_clock, &format!("{path}.no_clock")),
        percent(t.percent_within, &format!("{path}.percent_within")),
    ]
}

/// A count row in a timeliness table: the count, the other cells empty.
fn count_row(label: Text, ids: &Ids, path: &str) -> Vec<Text> {
    let mut row = vec![label, count(ids, path)];
    row.extend((2..TIMELINESS.len()).map(|_| Text::default()));
    row
}

/// The report as a document: the same in Markdown and HTML.
pub fn document(r: &AnnualComplaints) -> Document {
    let h = &r.header;
    let mut doc = Document {
        marking: h.marking.clone(),
        trailing_blank: true,
        ..Document::default()
    };
    let (label, range) = h.period().map_or((String::new(), String::new()), |p| {
        (
            p.label.clone(),
            format!("{} to {}", long_date(p.start), long_date(p.end)),
        )
    });
    doc.group(vec![Block::Title(Text::ours(format!(
        "{} — annual complaints report, {label}: {range}",
        if r.organisation.is_empty() {
            "Adult Social Care"
        } else {
            &r.organisation
        }
    )))]);
    doc.group(vec![Block::Paragraph(Text::ours(format!(
        "Adult Social Care complaints received from {range}, as the records stood on {}. \
         Made by qaledger from the complaint records and the Learning From tracker; every figure \
         is listed by record id in the JSON form of this report (`qaledger report annual-complaints --format json`).",
        long_date(h.as_of)
    )))]);
    doc.group(super::left_out::warning(&h.left_out).into_iter().collect());
    for section in [
        regulation_18(r),
        subjects(r),
        outcomes(r),
        procedures(r),
        ombudsman(r),
        learning(r),
        handling_code(r),
        method(),
    ] {
        doc.group(section);
    }
    doc
}

fn regulation_18(r: &AnnualComplaints) -> Vec<Block> {
    // Complaints counted with problems in their files: each named, with the command to see why.
    let problems = super::document::footnotes(
        r.with_problems
            .iter()
            .map(|w| (w.id.as_str(), w.path.as_str(), w.problems)),
    );
    let mut blocks = vec![
        heading("Regulation 18 return"),
        figures_table(
            "The figures regulation 18 of the 2009 Regulations asks for".to_owned(),
            &["", "complaints"],
            vec![
                vec![
                    Text::ours("Complaints received"),
                    count(&r.received, "received"),
                ],
                vec![
                    Text::ours("Decided well-founded (upheld or partly upheld)"),
                    count(&r.well_founded, "well_founded"),
                ],
                vec![
                    Text::ours("Referred to the Local Government and Social Care Ombudsman"),
                    count(&r.referred_to_ombudsman, "referred_to_ombudsman"),
                ],
            ],
        ),
        Block::Paragraph(Text::ours(
            "The subject matter of the complaints, the matters of general importance they raised and the action taken or to be taken follow: \
             subject matter by theme, then the learning and actions recorded in the Learning From tracker.",
        )),
    ];
    if !problems.is_empty() {
        blocks.insert(2, Block::List(problems));
    }
    blocks
}

/// Rows of `counts` under `label` ("impact: Improved"), each value titled as the model titles
/// it at `path`.
fn ordered_rows(
    r: &AnnualComplaints,
    counts: &Ordered<Ids>,
    path: &str,
    label: &str,
) -> Vec<Vec<Text>> {
    counts
        .0
        .iter()
        .map(|(value, ids)| {
            vec![
                Text::ours(label).then(Text::record(r.title(path, value))),
                count(ids, &format!("{path}.{value}")),
            ]
        })
        .collect()
}

fn subjects(r: &AnnualComplaints) -> Vec<Block> {
    let mut rows = ordered_rows(r, &r.subjects, "subjects", "");
    rows.push(vec![
        Text::ours("no theme recorded"),
        count(&r.no_theme, "no_theme"),
    ]);
    vec![
        heading("Subject matter"),
        figures_table(
            "Complaints received, by theme (a complaint with several themes counts under each)"
                .to_owned(),
            &["theme", "complaints"],
            rows,
        ),
    ]
}

fn outcomes(r: &AnnualComplaints) -> Vec<Block> {
    let mut rows = ordered_rows(r, &r.outcomes, "outcomes", "");
    rows.push(vec![
        Text::ours("withdrawn before an outcome"),
        count(&r.withdrawn, "withdrawn"),
    ]);
    rows.push(vec![
        Text::ours("no outcome yet"),
        count(&r.no_outcome, "no_outcome"),
    ]);
    vec![
        heading("Outcomes"),
        figures_table(
            "Complaints received, by outcome at the first (or only) stage".to_owned(),
            &["outcome", "complaints"],
            rows,
        ),
    ]
}

fn procedures(r: &AnnualComplaints) -> Vec<Block> {
    let mut blocks = vec![
        heading("Timeliness by procedure and stage"),
        Block::Paragraph(Text::ours(
            "Each procedure's complaints against its own timescales: acknowledgement, the response (extended complaints apart, against their extended date) and, where the procedure has one, stage 2 counted the same way (complaints extended at stage 2 apart, against their extended stage-2 date).",
        )),
    ];
    if r.procedures.0.is_empty() {
        blocks.push(Block::Paragraph(Text::ours(
            "No complaints were received in the period.",
        )));
    }
    for (id, p) in &r.procedures.0 {
        blocks.extend(procedure(r, id, p));
    }
    blocks
}

/// A stage's timeliness rows, the same at each stage: acknowledged, responded never extended,
/// responded extended (against the latest extended date). `stage` leads each label ("stage 2 ",
/// or nothing for stage 1); `path` is where the stage's figures are in the JSON.
fn stage_rows(stage: &str, t: &StageTimeliness, path: &str) -> Vec<Vec<Text>> {
    vec![
        timeliness_row(
            Text::ours(format!("{stage}acknowledged")),
            &t.acknowledged,
            &format!("{path}.acknowledged"),
        ),
        timeliness_row(
            Text::ours(format!("{stage}responded, not extended")),
            &t.responded,
            &format!("{path}.responded"),
        ),
        timeliness_row(
            Text::ours(format!(
                "{stage}responded, extended (against the extended date)"
            )),
            &t.extended.responded,
            &format!("{path}.extended.responded"),
        ),
    ]
}

/// What a stage's extensions were, under the table: none when no complaint was extended at
/// that stage. `lead` opens it ("Stage 2: "); `path` is the stage's place in the JSON.
fn extensions_note(lead: &str, e: &Extended, path: &str) -> Option<Block> {
    if e.complaints.count == 0 {
        return None;
    }
    Some(Block::Paragraph(
        Text::ours(lead)
            .then(count(&e.complaints, &format!("{path}.extended.complaints")))
            .and(" extended (extensions in all: ")
            .then(Text::figure(
                e.extensions.to_string(),
                format!("{path}.extended.extensions"),
            ))
            .and("); the complainant was told of every extension for ")
            .then(count(
                &e.complainant_told,
                &format!("{path}.extended.complainant_told"),
            ))
            .and(", not recorded for ")
            .then(count(
                &e.complainant_not_told,
                &format!("{path}.extended.complainant_not_told"),
            ))
            .and("; ")
            .then(count(
                &e.beyond_maximum,
                &format!("{path}.extended.beyond_maximum"),
            ))
            .and(" went beyond the procedure's longest extension, with a reason recorded."),
    ))
}

fn procedure(r: &AnnualComplaints, id: &str, p: &ProcedureFigures) -> Vec<Block> {
    let path = format!("procedures.{id}");
    let stage_2_path = format!("{path}.stage_2");
    let s = &p.stage_2;
    let mut rows = vec![count_row(
        Text::ours("received"),
        &p.received,
        &format!("{path}.received"),
    )];
    rows.extend(stage_rows("", &p.stage_1, &path));
    rows.push(count_row(
        Text::ours("well-founded"),
        &p.well_founded,
        &format!("{path}.well_founded"),
    ));
    if s.requested.count > 0 {
        rows.push(count_row(
            Text::ours("escalated to stage 2"),
            &s.requested,
            &format!("{stage_2_path}.requested"),
        ));
        rows.extend(stage_rows("stage 2 ", &s.timeliness, &stage_2_path));
        for (outcome, ids) in &s.outcomes.0 {
            rows.push(count_row(
                Text::ours("stage 2 outcome: ")
                    .then(Text::record(r.title("stage_2.outcomes", outcome))),
                ids,
                &format!("{stage_2_path}.outcomes.{outcome}"),
            ));
        }
    }
    let mut intro = Text::strong(&p.name);
    if !p.timescales.is_empty() {
        intro = intro
            .and(". Timescales: ")
            .then(Text::record(p.timescales.join("; ")))
            .and(".");
    }
    let mut blocks = vec![
        Block::Paragraph(intro),
        figures_table(
            format!("{}: complaints received in the period", p.name),
            &TIMELINESS,
            rows,
        ),
    ];
    blocks.extend(extensions_note("", &p.stage_1.extended, &path));
    blocks.extend(extensions_note(
        "Stage 2: ",
        &s.timeliness.extended,
        &stage_2_path,
    ));
    blocks
}

fn clock_words(clock: Clock) -> &'static str {
    match clock {
        Clock::Within => "carried out by its date",
        Clock::Late => "late",
        Clock::Pending => "not yet due",
        Clock::None => "",
    }
}

fn ombudsman(r: &AnnualComplaints) -> Vec<Block> {
    let o = &r.ombudsman;
    let mut rows = vec![
        vec![
            Text::ours("referred in the period"),
            count(&o.referred, "ombudsman.referred"),
        ],
        vec![
            Text::ours("decided in the period"),
            count(&o.decided, "ombudsman.decided"),
        ],
    ];
    for (decision, ids) in &o.decisions.0 {
        rows.push(vec![
            Text::ours("decision: ").then(Text::record(r.title("ombudsman.decisions", decision))),
            count(ids, &format!("ombudsman.decisions.{decision}")),
        ]);
    }
    let mut blocks = vec![
        heading("Local Government and Social Care Ombudsman"),
        figures_table(
            "Ombudsman referrals and decisions in the period".to_owned(),
            &["", "complaints"],
            rows,
        ),
    ];
    let t = &o.remedies;
    blocks.push(figures_table(
        "Remedies the Ombudsman asked for (cases referred or decided in the period)".to_owned(),
        &[
            "",
            "remedies",
            "by the date agreed",
            "late",
            "not yet due",
            "no date",
            "% by the date",
        ],
        vec![timeliness_row(
            Text::ours("remedies with a due date"),
            t,
            "ombudsman.remedies",
        )],
    ));
    if !o.cases.is_empty() {
        let date = |d: Option<jiff::civil::Date>| Text::ours(d.map(short_date).unwrap_or_default());
        let rows = o
            .cases
            .iter()
            .map(|c| {
                vec![
                    Text::code(&c.id),
                    Text::record(c.reference.as_deref().unwrap_or_default()),
                    date(c.referred),
                    Text::record(
                        c.decision
                            .as_deref()
                            .map(|d| r.title("ombudsman.decisions", d))
                            .unwrap_or("awaited"),
                    ),
                    date(c.decided),
                    Text::record(c.remedy.as_deref().unwrap_or_default()),
                    date(c.remedy_due),
                    date(c.remedy_completed),
                    Text::ours(clock_words(c.remedy_clock)),
                ]
            })
            .collect();
        blocks.push(records_table(
            "Each complaint referred to or decided by the Ombudsman in the period",
            &[
                "complaint",
                "Ombudsman reference",
                "referred",
                "decision",
                "decided",
                "remedy",
                "remedy due",
                "remedy completed",
                "remedy carried out",
            ],
            rows,
        ));
    }
    blocks
}

fn learning(r: &AnnualComplaints) -> Vec<Block> {
    let l = &r.learning;
    let mut blocks = vec![
        heading("Learning and action taken"),
        Block::Paragraph(Text::ours(
            "Matters of general importance and the action taken or to be taken: the actions in the Learning From tracker that came from complaints \
             and were open, agreed or completed in the period, with their status and, once completed, the impact found.",
        )),
    ];
    let mut rows = ordered_rows(r, &l.by_status, "learning.by_status", "status: ");
    rows.extend(ordered_rows(r, &l.impact, "learning.impact", "impact: "));
    rows.push(vec![
        Text::ours("completed, impact not yet measured"),
        count(&l.impact_not_measured, "learning.impact_not_measured"),
    ]);
    blocks.push(figures_table(
        "Actions from complaints, by status and by impact found".to_owned(),
        &["", "actions"],
        rows,
    ));
    if !l.actions.is_empty() {
        let rows = l
            .actions
            .iter()
            .map(|a| {
                vec![
                    Text::code(&a.id),
                    Text::record(&a.title),
                    Text::record(a.complaints.join(", ")),
                    Text::record(
                        a.status
                            .as_deref()
                            .map(|s| r.title("learning.by_status", s))
                            .unwrap_or_default(),
                    ),
                    Text::ours(a.due.map(short_date).unwrap_or_default()),
                    Text::ours(a.completed.map(short_date).unwrap_or_default()),
                    Text::record(
                        a.impact_rating
                            .as_deref()
                            .map(|i| r.title("learning.impact", i))
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect();
        blocks.push(records_table(
            "Actions from complaints",
            &[
                "action",
                "title",
                "from complaints",
                "status",
                "due",
                "completed",
                "impact",
            ],
            rows,
        ));
    }
    blocks
}

fn handling_code(r: &AnnualComplaints) -> Vec<Block> {
    if r.handling_code.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for id in &r.handling_code {
        let Some((_, p)) = r.procedures.0.iter().find(|(k, _)| k == id) else {
            continue;
        };
        let path = format!("procedures.{id}");
        let name = |what: String| Text::record(&p.name).and(format!(": {what}"));
        for (stage, t, path) in [
            ("stage 1", &p.stage_1, path.clone()),
            ("stage 2", &p.stage_2.timeliness, format!("{path}.stage_2")),
        ] {
            rows.push(timeliness_row(
                name(format!("{stage} response, not extended")),
                &t.responded,
                &format!("{path}.responded"),
            ));
            rows.push(timeliness_row(
                name(format!("{stage} response, extended")),
                &t.extended.responded,
                &format!("{path}.extended.responded"),
            ));
            rows.push(count_row(
                name(format!(
                    "{stage} extensions the complainant was not told of"
                )),
                &t.extended.complainant_not_told,
                &format!("{path}.extended.complainant_not_told"),
            ));
        }
    }
    vec![
        heading("Complaint Handling Code"),
        Block::Paragraph(Text::ours(
            "Complaints under a corporate procedure the Ombudsman's Complaint Handling Code governs: the Code's timescales, \
             extensions given with a reason and told to the complainant (\"comply or explain\"), and escalation to stage 2.",
        )),
        figures_table(
            "Complaint Handling Code performance".to_owned(),
            &TIMELINESS,
            rows,
        ),
        Block::Note(Text::ours(
            "The Code's annual complaints performance and service improvement report also needs what the records do not hold: \
             the annual self-assessment against the Code, the complaints refused and why, any findings of non-compliance, \
             the Ombudsman's annual letter, and the governing body's response. Add them to this report before it goes to members.",
        )),
    ]
}

fn method() -> Vec<Block> {
    vec![
        heading("How these figures are counted"),
        Block::List(vec![
            Text::ours(
                "Complaints are records of type complaint; service enquiries and compliments are not counted.",
            ),
            Text::ours(
                "Received, outcomes, subject matter, timeliness and stage 2 count the complaints received in the period, as they stood at the as-of date.",
            ),
            Text::ours(
                "Well-founded means the council's last decision was upheld or partly upheld: the stage-2 outcome once stage 2 is answered, else the first outcome.",
            ),
            Text::ours(
                "Timeliness is against the timescale of the complaint's procedure (its complexity band where it has one), or the date agreed with the complainant; at each stage, a complaint whose response date was extended at that stage is counted apart, against its latest extended date.",
            ),
            Text::ours(
                "Not yet due: not met and not due by the as-of date, so in no rate yet; withdrawn complaints, and Code complaints not yet acknowledged, have no response clock.",
            ),
            Text::ours(
                "Ombudsman referrals and decisions count those dated in the period, whenever the complaint was received.",
            ),
        ]),
    ]
}

/// The quarterly return's columns, in the CSV's order, with the row field each reads.
const RETURN_COLUMNS: [&str; 12] = [
    "quarter",
    "start",
    "end",
    "received",
    "upheld",
    "partly_upheld",
    "not_upheld",
    "responded_within_timescale",
    "responded_late",
    "ombudsman_referred",
    "ombudsman_decided",
    "ombudsman_fault_found",
];

/// The return as CSV: a row per quarter (then the period's total), counts only; the ids are
/// in the JSON.
pub fn return_csv(r: &ComplaintsReturn) -> Result<String> {
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|q| {
            let mut row = vec![q.quarter.clone(), q.start.to_string(), q.end.to_string()];
            row.extend(
                [
                    &q.received,
                    &q.upheld,
                    &q.partly_upheld,
                    &q.not_upheld,
                    &q.responded_within_timescale,
                    &q.responded_late,
                    &q.ombudsman_referred,
                    &q.ombudsman_decided,
                    &q.ombudsman_fault_found,
                ]
                .iter()
                .map(|ids| ids.count.to_string()),
            );
            row
        })
        .collect();
    super::csv::render(&RETURN_COLUMNS, &rows, false)
}

pub fn return_json(r: &ComplaintsReturn) -> Result<String> {
    super::json::versioned(r)
}
