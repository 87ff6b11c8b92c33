//! The board pack page: one HTML file with its styles inline and its charts as inline SVG, no
//! script and nothing fetched (a Content-Security-Policy says so), readable on screen, printable
//! to A4, and accessible (headings, captioned tables with header cells, charts with a text
//! alternative).
//!
//! Presentation only: every number comes from `report::compute`. Every text from the records
//! is escaped. Figures from the summary carry `data-figure="<path in summary --format json>"`,
//! so a test (or a script) can read them back.

use jiff::civil::Date;

use crate::compute::deadline::{Deadline, State};
use crate::render::overdue::days_text;
use crate::view::report::{BarChart, BoardPack, TeamDeadlines};
use crate::view::summary::{DueRate, Ordered, QUALITY_STATEMENTS, Rate, Summary};
use crate::view::tracker::Row;

use super::chart;

const STYLE: &str = include_str!("report.css");

/// The whole page.
pub fn render(report: &BoardPack) -> String {
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, report);
    out.push_str("<body>\n");
    marking(&mut out, report, "top");
    header(&mut out, report);
    out.push_str("<main>\n");
    summary_section(&mut out, report);
    overdue_section(&mut out, report);
    actions_section(&mut out, report);
    charts_section(&mut out, report);
    out.push_str("</main>\n");
    footer(&mut out, report);
    marking(&mut out, report, "bottom");
    out.push_str("</body>\n</html>\n");
    out
}

/// Text for HTML content and attribute values: `& < > " '` as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// "1 April 2024".
fn long_date(day: Date) -> String {
    day.strftime("%-d %B %Y").to_string()
}

/// "1 Apr 2024", for table cells.
fn short_date(day: Date) -> String {
    day.strftime("%-d %b %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A vocabulary value as words: dashes as spaces, the built-in acronyms as a board writes
/// them ("bia-approval" → "BIA approval"). Ids and free text are shown as written.
fn words(name: &str) -> String {
    let word = |w: &str| match w {
        "sar" => "SAR".to_owned(),
        "imr" => "IMR".to_owned(),
        "leder" => "LeDeR".to_owned(),
        "malr" => "MALR".to_owned(),
        "cqc" => "CQC".to_owned(),
        "amhp" => "AMHP".to_owned(),
        "bia" => "BIA".to_owned(),
        "asye" => "ASYE".to_owned(),
        other => other.to_owned(),
    };
    name.split('-').map(word).collect::<Vec<_>>().join(" ")
}

/// `words`, with a capital first letter: "requires-improvement" → "Requires improvement".
fn label(name: &str) -> String {
    let spaced = words(name);
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn head(out: &mut String, report: &BoardPack) {
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"qaledger\">\n\
         <title>{} — quality assurance board pack, {}</title>\n<style>\n{STYLE}{}</style>\n</head>\n",
        escape(&report.organisation),
        escape(&report.period.label),
        report.marking.as_deref().map(page_marking).unwrap_or_default(),
    ));
}

/// The protective marking at the top or bottom of the page (`place`): the first and last thing
/// on screen, and on paper at the top of the first page and the bottom of the last.
fn marking(out: &mut String, report: &BoardPack, place: &str) {
    if let Some(marking) = &report.marking {
        out.push_str(&format!(
            "<p class=\"marking marking-{place}\" data-marking=\"{place}\">{}</p>\n",
            escape(marking)
        ));
    }
}

/// Print rules that put the marking at the top and bottom of every printed page, in the page
/// margins (CSS paged media; a browser without margin boxes still prints the two in the page).
fn page_marking(marking: &str) -> String {
    let content = css_string(marking);
    format!(
        "@page {{\n  @top-center {{ content: {content}; font: 700 9pt system-ui, sans-serif; color: #1b1b1b; }}\n  \
         @bottom-center {{ content: {content}; font: 700 9pt system-ui, sans-serif; color: #1b1b1b; }}\n}}\n"
    )
}

/// `text` as a quoted CSS string: every character but letters, digits, space and the marks a
/// marking uses (`-`, `:`, `/`, `.`, `(`, `)`) as a hex escape, so no quote, backslash or `<`
/// can end the string or the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '-' | ':' | '/' | '.' | '(' | ')') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

fn header(out: &mut String, report: &BoardPack) {
    let p = &report.period;
    out.push_str(&format!(
        "<header class=\"masthead\">\n<p class=\"kicker\">Adult Social Care · Quality assurance</p>\n\
         <h1><span class=\"org\">{}</span> <span class=\"title\">Board pack: {}</span> \
         <span class=\"range\" data-period-start=\"{}\" data-period-end=\"{}\">{} – {}</span> \
         <span class=\"asof\" data-as-of=\"{}\">Figures as at {}</span></h1>\n",
        escape(&report.organisation),
        escape(&p.label),
        p.start,
        p.end,
        long_date(p.start),
        long_date(p.end),
        report.as_of,
        long_date(report.as_of),
    ));
    if let Some(sentence) = crate::render::left_out::sentence(&report.excluded_records) {
        out.push_str(&format!(
            "<div class=\"warning\" role=\"note\" data-excluded=\"{}\"><p><strong>Warning:</strong> {}</p><ul>\n",
            report.excluded,
            with_code(&sentence)
        ));
        for l in &report.excluded_records {
            out.push_str(&format!("<li>{}</li>\n", with_code(&l.describe())));
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str(
        "<nav aria-label=\"Contents\"><ol>\
         <li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#overdue\">Overdue by team</a></li>\
         <li><a href=\"#open-actions\">Open actions</a></li>\
         <li><a href=\"#charts\">Charts</a></li>\
         </ol></nav>\n</header>\n",
    );
}

/// Text we wrote with `backticks` around commands, escaped, each command in `<code>`.
fn with_code(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

fn footer(out: &mut String, report: &BoardPack) {
    out.push_str(&format!(
        "<footer>\n<p>Compiled by qaledger from the records as they stood on {}. \
         Rates over nothing show “—”. Deadlines that fall in the period but were not yet due on that date \
         are left out of the timeliness rates and counted as not yet due.</p>\n</footer>\n",
        long_date(report.as_of)
    ));
}

// ---------------------------------------------------------------------------------------------
// Summary

fn summary_section(out: &mut String, report: &BoardPack) {
    let s = &report.summary;
    out.push_str(
        "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n",
    );
    at_a_glance(out, report);
    complaints_table(out, s);
    out.push_str("<div class=\"columns\">\n");
    audits_table(out, s);
    actions_table(out, s);
    out.push_str("</div>\n");
    supervision_table(out, report);
    out.push_str("<div class=\"columns\">\n");
    reviews_table(out, s);
    evidence_table(out, s);
    out.push_str("</div>\n</section>\n");
}

/// The headline figures, as a definition list of tiles.
fn at_a_glance(out: &mut String, report: &BoardPack) {
    let s = &report.summary;
    let mut tiles: Vec<(String, String)> = Vec::new();
    // The first type is the complaint proper (the schema's order), whatever its name.
    if let Some((name, c)) = s.complaints.0.first() {
        let path = format!("complaints.{name}");
        tiles.push((
            "complaints received".to_owned(),
            figure(&format!("{path}.received"), c.received),
        ));
        tiles.push((
            "complaints responded to within timescale".to_owned(),
            percent_only(
                &format!("{path}.responded_within_timescale"),
                &c.responded_within_timescale.rate,
            ),
        ));
    }
    tiles.push((
        "audits completed".to_owned(),
        figure("audits.completed", s.audits.completed),
    ));
    tiles.push((
        "staff in date for supervision".to_owned(),
        percent_only("supervision.in_date", &s.supervision.in_date),
    ));
    tiles.push((
        "actions opened".to_owned(),
        figure("actions.opened", s.actions.opened),
    ));
    tiles.push((
        "actions completed on time".to_owned(),
        percent_only("actions.completed_on_time", &s.actions.completed_on_time),
    ));
    let overdue = report.totals.overdue;
    tiles.push((
        format!("overdue on {}", short_date(report.as_of)),
        format!("<span data-overdue-total=\"{overdue}\">{overdue}</span>"),
    ));
    out.push_str("<h3 class=\"visually-hidden\">At a glance</h3>\n<dl class=\"tiles\">\n");
    for (name, value) in tiles {
        out.push_str(&format!(
            "<div class=\"tile\"><dt>{}</dt><dd>{value}</dd></div>\n",
            escape(&name)
        ));
    }
    out.push_str("</dl>\n");
}

/// A count, marked with its summary JSON path.
fn figure(path: &str, n: usize) -> String {
    format!("<span data-figure=\"{}\">{n}</span>", escape(path))
}

/// "69.2%" (or "—"), marked with its path's `.percent`.
fn percent_only(path: &str, rate: &Rate) -> String {
    let text = match rate.percent {
        Some(p) => format!("{p:.1}%"),
        None => "—".to_owned(),
    };
    format!(
        "<span data-figure=\"{}.percent\">{text}</span>",
        escape(path)
    )
}

/// "69.2% (9 of 13)", each number marked; "—" over nothing.
fn rate(path: &str, rate: &Rate) -> String {
    match rate.percent {
        None => format!(
            "<span data-figure=\"{0}.percent\">—</span> <span class=\"of\">(none to count)</span>",
            escape(path)
        ),
        Some(_) => format!(
            "{} <span class=\"of\">({} of {})</span>",
            percent_only(path, rate),
            figure(&format!("{path}.count"), rate.count),
            figure(&format!("{path}.of"), rate.of),
        ),
    }
}

/// A rate, with how many are not yet due when there are any.
fn due_rate(path: &str, due: &DueRate) -> String {
    let text = rate(path, &due.rate);
    match due.not_yet_due {
        0 => text,
        n => format!(
            "{text}<br><span class=\"of\">{} not yet due</span>",
            figure(&format!("{path}.not_yet_due"), n)
        ),
    }
}

/// A table of label rows and figure cells.
struct Table<'a> {
    id: &'a str,
    caption: &'a str,
    header: Vec<String>,
    /// Row label (escaped here), then cells (already HTML).
    rows: Vec<(String, Vec<String>)>,
    note: Option<String>,
}

fn table(out: &mut String, t: &Table<'_>) {
    out.push_str(&format!(
        "<div class=\"table-block\" id=\"{}\">\n<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(t.id),
        escape(t.caption)
    ));
    for (i, h) in t.header.iter().enumerate() {
        let class = if i == 0 { "" } else { " class=\"num\"" };
        out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (name, cells) in &t.rows {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(name)));
        for cell in cells {
            out.push_str(&format!("<td class=\"num\">{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(note) = &t.note {
        out.push_str(&format!("<p class=\"note\">{note}</p>\n"));
    }
    out.push_str("</div>\n");
}

fn count_rows(counts: &Ordered<usize>, path: &str) -> Vec<(String, Vec<String>)> {
    counts
        .0
        .iter()
        .map(|(name, n)| (words(name), vec![figure(&format!("{path}.{name}"), *n)]))
        .collect()
}

fn complaints_table(out: &mut String, s: &Summary) {
    let types = &s.complaints.0;
    let mut header = vec!["Measure".to_owned()];
    header.extend(types.iter().map(|(t, _)| label(t)));
    let column =
        |f: &dyn Fn(&str, &crate::view::summary::ContactFigures) -> String| -> Vec<String> {
            types
                .iter()
                .map(|(t, c)| f(&format!("complaints.{t}"), c))
                .collect()
        };
    let mut rows = vec![
        (
            "Received in the period".to_owned(),
            column(&|p, c| figure(&format!("{p}.received"), c.received)),
        ),
        (
            "Acknowledged within timescale".to_owned(),
            column(&|p, c| {
                due_rate(
                    &format!("{p}.acknowledged_within_timescale"),
                    &c.acknowledged_within_timescale,
                )
            }),
        ),
        (
            "Responded to within timescale".to_owned(),
            column(&|p, c| {
                due_rate(
                    &format!("{p}.responded_within_timescale"),
                    &c.responded_within_timescale,
                )
            }),
        ),
    ];
    if let Some((_, first)) = types.first() {
        for (i, (outcome, _)) in first.outcomes.0.iter().enumerate() {
            rows.push((
                format!("Outcome: {}", words(outcome)),
                column(&|p, c| {
                    c.outcomes
                        .0
                        .get(i)
                        .map(|(name, n)| figure(&format!("{p}.outcomes.{name}"), *n))
                        .unwrap_or_default()
                }),
            ));
        }
    }
    rows.push((
        "No outcome recorded".to_owned(),
        column(&|p, c| figure(&format!("{p}.no_outcome"), c.no_outcome)),
    ));
    out.push_str("<h3>Complaints, service enquiries and compliments</h3>\n");
    table(
        out,
        &Table {
            id: "summary-complaints",
            caption: "Complaints, service enquiries and compliments received in the period",
            header,
            rows,
            note: Some("Timeliness is over the deadlines that fall in the period.".to_owned()),
        },
    );
}

fn audits_table(out: &mut String, s: &Summary) {
    let a = &s.audits;
    let mut rows = vec![(
        "Completed in the period".to_owned(),
        vec![figure("audits.completed", a.completed)],
    )];
    rows.extend(
        count_rows(&a.by_type, "audits.by_type")
            .into_iter()
            .map(|(n, c)| (format!("Type: {n}"), c)),
    );
    rows.extend(
        count_rows(&a.grades, "audits.grades")
            .into_iter()
            .map(|(n, c)| (format!("Grade: {n}"), c)),
    );
    if a.ungraded > 0 {
        rows.push((
            "No grade".to_owned(),
            vec![figure("audits.ungraded", a.ungraded)],
        ));
    }
    rows.push((
        "Moderation done".to_owned(),
        vec![rate("audits.moderation_done", &a.moderation_done)],
    ));
    out.push_str("<div>\n<h3>Audits</h3>\n");
    table(
        out,
        &Table {
            id: "summary-audits",
            caption: "Practice audits completed in the period",
            header: vec!["Measure".to_owned(), "Audits".to_owned()],
            rows,
            note: Some(
                "Grades are those agreed at moderation where moderated, else the auditor’s."
                    .to_owned(),
            ),
        },
    );
    out.push_str("</div>\n");
}

fn actions_table(out: &mut String, s: &Summary) {
    let c = &s.actions;
    out.push_str("<div>\n<h3>Actions</h3>\n");
    table(
        out,
        &Table {
            id: "summary-actions",
            caption: "Learning From actions in the period",
            header: vec!["Measure".to_owned(), "Actions".to_owned()],
            rows: vec![
                (
                    "Opened (agreed in the period)".to_owned(),
                    vec![figure("actions.opened", c.opened)],
                ),
                (
                    "Completed in the period".to_owned(),
                    vec![figure("actions.completed", c.completed)],
                ),
                (
                    "Completed on time".to_owned(),
                    vec![rate("actions.completed_on_time", &c.completed_on_time)],
                ),
                (
                    "Impact measured (review due in the period)".to_owned(),
                    vec![due_rate("actions.impact_measured", &c.impact_measured)],
                ),
            ],
            note: None,
        },
    );
    out.push_str("</div>\n");
}

/// The team's name from config, else its id as written.
fn team_name<'r>(report: &'r BoardPack, team: Option<&'r str>) -> &'r str {
    team.map(|t| report.team_names.get(t).map_or(t, String::as_str))
        .unwrap_or("")
}

fn supervision_table(out: &mut String, report: &BoardPack) {
    let s = &report.summary;
    let v = &s.supervision;
    let note = (!v.no_due_date.is_empty()).then(|| {
        format!(
            "No supervision due date (no session held and no start date), so left out of the rate: {}.",
            escape(&v.no_due_date.join(", "))
        )
    });
    out.push_str("<h3>Supervision</h3>\n<div class=\"columns\">\n<div>\n");
    table(
        out,
        &Table {
            id: "summary-supervision",
            caption: "Supervision of current staff",
            header: vec!["Measure".to_owned(), "Staff".to_owned()],
            rows: vec![
                (
                    "Current staff".to_owned(),
                    vec![figure("supervision.current_staff", v.current_staff)],
                ),
                (
                    "In date".to_owned(),
                    vec![rate("supervision.in_date", &v.in_date)],
                ),
            ],
            note,
        },
    );
    out.push_str("</div>\n<div>\n");
    if v.not_in_date.is_empty() {
        out.push_str("<p>Every member of staff with a due date is in date for supervision.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-block\" id=\"summary-supervision-overdue\">\n<table>\n\
             <caption>Staff not in date for supervision</caption>\n<thead><tr>\
             <th scope=\"col\">Staff member</th><th scope=\"col\">Team</th>\
             <th scope=\"col\">Due</th><th scope=\"col\" class=\"num\">Days overdue</th></tr></thead>\n<tbody>\n",
        );
        for m in &v.not_in_date {
            out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"date\">{}</td><td class=\"num\">{}</td></tr>\n",
                escape(m.name.as_deref().unwrap_or(&m.id)),
                escape(team_name(report, m.team.as_deref())),
                short_date(m.due),
                m.days_overdue
            ));
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    out.push_str("</div>\n</div>\n");
}

fn reviews_table(out: &mut String, s: &Summary) {
    let r = &s.reviews;
    let mut rows: Vec<(String, Vec<String>)> = r
        .by_type
        .0
        .iter()
        .map(|(t, n)| {
            let path = format!("reviews.by_type.{t}");
            (
                label(t),
                vec![
                    figure(&format!("{path}.open_at_end"), n.open_at_end),
                    figure(&format!("{path}.completed"), n.completed),
                ],
            )
        })
        .collect();
    rows.push((
        "Total".to_owned(),
        vec![
            figure("reviews.open_at_end", r.open_at_end),
            figure("reviews.completed", r.completed),
        ],
    ));
    out.push_str("<div>\n<h3>Reviews</h3>\n");
    table(
        out,
        &Table {
            id: "summary-reviews",
            caption: "Specialist practice reviews",
            header: vec![
                "Type".to_owned(),
                "Open at the period’s end".to_owned(),
                "Completed in the period".to_owned(),
            ],
            rows,
            note: None,
        },
    );
    out.push_str("</div>\n");
}

fn evidence_table(out: &mut String, s: &Summary) {
    let e = &s.evidence;
    // QS1 to QS9 in order, zeros included (`summary` lists them all), each with its name.
    let rows = e
        .by_statement
        .0
        .iter()
        .map(|(id, n)| {
            let name = QUALITY_STATEMENTS
                .iter()
                .find(|(qs, _)| qs == id)
                .map_or("", |(_, name)| *name);
            let gap = if *n == 0 {
                " <span class=\"gap\">gap</span>"
            } else {
                ""
            };
            let cell = figure(&format!("evidence.by_statement.{id}"), *n);
            (format!("{id} {name}"), vec![format!("{cell}{gap}")])
        })
        .collect();
    out.push_str("<div>\n<h3>Evidence by CQC quality statement</h3>\n");
    table(
        out,
        &Table {
            id: "summary-evidence",
            caption: "Records dated in the period, by the CQC quality statement they evidence",
            header: vec!["Quality statement".to_owned(), "Records".to_owned()],
            rows,
            note: Some(format!(
                "{} dated in the period; {} no quality statement.",
                figure_text("evidence.records", e.records, "record", "records"),
                figure_text("evidence.untagged", e.untagged, "names", "name"),
            )),
        },
    );
    out.push_str("</div>\n");
}

/// "80 records", the number marked.
fn figure_text(path: &str, n: usize, one: &str, many: &str) -> String {
    format!("{} {}", figure(path, n), if n == 1 { one } else { many })
}

// ---------------------------------------------------------------------------------------------
// Overdue by team

fn overdue_section(out: &mut String, report: &BoardPack) {
    out.push_str(&format!(
        "<section id=\"overdue\" aria-labelledby=\"overdue-heading\">\n<h2 id=\"overdue-heading\">Overdue by team</h2>\n\
         <p class=\"lede\">What was overdue on {}, and what falls due within the following {}, by the team of the record. \
         These are as at that date, whatever the period.</p>\n",
        long_date(report.as_of),
        escape(&report.due_soon),
    ));
    out.push_str(
        "<div class=\"table-block narrow\" id=\"overdue-totals\">\n<table>\n\
         <caption>Overdue and due-soon items by team</caption>\n<thead><tr>\
         <th scope=\"col\">Team</th><th scope=\"col\" class=\"num\">Overdue</th>\
         <th scope=\"col\" class=\"num\">Due soon</th></tr></thead>\n<tbody>\n",
    );
    for t in &report.teams {
        out.push_str(&format!(
            "<tr data-team=\"{}\"><th scope=\"row\">{}</th><td class=\"num\" data-count=\"overdue\">{}</td><td class=\"num\" data-count=\"due-soon\">{}</td></tr>\n",
            escape(t.team.as_deref().unwrap_or("")),
            escape(&t.name),
            t.overdue,
            t.due_soon
        ));
    }
    out.push_str(&format!(
        "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tfoot>\n</table>\n</div>\n",
        report.totals.overdue, report.totals.due_soon
    ));
    for t in report.teams.iter().filter(|t| !t.items.is_empty()) {
        team_items(out, t);
    }
    out.push_str("</section>\n");
}

fn team_items(out: &mut String, t: &TeamDeadlines) {
    let slug = t.team.as_deref().unwrap_or("no-team");
    out.push_str(&format!(
        "<div class=\"team\">\n<h3 id=\"team-{0}\">{1}</h3>\n<div class=\"table-block\">\n<table class=\"items\">\n\
         <caption>{1}: {2} overdue, {3} due soon</caption>\n<thead><tr>\
         <th scope=\"col\">Record</th><th scope=\"col\">Deadline</th><th scope=\"col\">Due</th>\
         <th scope=\"col\">When</th><th scope=\"col\">Owner</th><th scope=\"col\">Title</th></tr></thead>\n<tbody>\n",
        escape(slug),
        escape(&t.name),
        t.overdue,
        t.due_soon
    ));
    for d in &t.items {
        deadline_row(out, d);
    }
    out.push_str("</tbody>\n</table>\n</div>\n</div>\n");
}

fn deadline_row(out: &mut String, d: &Deadline) {
    let (class, tag) = match d.state {
        State::Overdue => ("overdue", "Overdue"),
        _ => ("due-soon", "Due soon"),
    };
    out.push_str(&format!(
        "<tr class=\"{class}\"><th scope=\"row\"><span class=\"kind\">{}</span> {}{}</th><td>{}</td><td class=\"date\">{}</td>\
         <td><span class=\"tag {class}\">{tag}</span> {}</td><td>{}</td><td>{}</td></tr>\n",
        escape(&label(&d.kind)),
        escape(&d.id),
        problems_note(d.problems, &d.path),
        escape(&words(&d.deadline)),
        short_date(d.due),
        escape(&days_text(d.days)),
        escape(d.owner.as_deref().unwrap_or("—")),
        escape(&d.title),
    ));
}

// ---------------------------------------------------------------------------------------------
// Open actions

fn actions_section(out: &mut String, report: &BoardPack) {
    let rows = &report.open_actions;
    out.push_str(&format!(
        "<section id=\"open-actions\" aria-labelledby=\"open-actions-heading\">\n<h2 id=\"open-actions-heading\">Open actions</h2>\n\
         <p class=\"lede\">{} of the Learning From tracker, active during the period and still open on {}; {} overdue.</p>\n",
        plural(rows.len(), "action", "actions"),
        long_date(report.as_of),
        report.totals.open_actions_overdue,
    ));
    if rows.is_empty() {
        out.push_str("</section>\n");
        return;
    }
    out.push_str(
        "<div class=\"table-block\">\n<table class=\"items\" id=\"open-actions-table\">\n\
         <caption>Open actions, by due date</caption>\n<thead><tr>\
         <th scope=\"col\">Action</th><th scope=\"col\">Title</th><th scope=\"col\">Source</th>\
         <th scope=\"col\">Owner</th><th scope=\"col\">Team</th><th scope=\"col\">Due</th>\
         <th scope=\"col\">Status</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        action_row(out, row, report);
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}

fn action_row(out: &mut String, row: &Row, report: &BoardPack) {
    let source = match (&row.source_type, row.source_refs.is_empty()) {
        (Some(t), true) => label(t),
        (Some(t), false) => format!("{} ({})", label(t), row.source_refs.join(", ")),
        (None, _) => String::new(),
    };
    let team = team_name(report, row.team.as_deref());
    let status = label(row.status.as_deref().unwrap_or(""));
    let when = match row.days_overdue {
        Some(days) => format!(
            "<br><span class=\"tag overdue\">Overdue</span> {}",
            escape(&days_text(days))
        ),
        None => String::new(),
    };
    out.push_str(&format!(
        "<tr data-action=\"{0}\"{1}><th scope=\"row\">{0}{8}</th><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td><td class=\"date\">{6}</td><td>{7}{when}</td></tr>\n",
        escape(&row.id),
        if row.days_overdue.is_some() { " class=\"overdue\"" } else { "" },
        escape(&row.title),
        escape(&source),
        escape(row.owner.as_deref().unwrap_or("")),
        escape(team),
        row.due.map(short_date).unwrap_or_default(),
        escape(&status),
        problems_note(row.problems, &row.path),
    ));
}

/// Under the id of an item from a record with problems: how many, and how to see them.
fn problems_note(problems: u32, path: &str) -> String {
    if problems == 0 {
        return String::new();
    }
    format!(
        "<br><span class=\"problems\">{}</span>",
        with_code(&crate::repository::left_out::problems_note(problems, path))
    )
}

// ---------------------------------------------------------------------------------------------
// Charts

fn charts_section(out: &mut String, report: &BoardPack) {
    out.push_str(
        "<section id=\"charts\" aria-labelledby=\"charts-heading\">\n<h2 id=\"charts-heading\">Charts</h2>\n\
         <p class=\"lede\">Each chart’s figures are also given in the table beside it.</p>\n",
    );
    for c in &report.charts {
        chart_figure(out, c);
    }
    out.push_str("</section>\n");
}

fn chart_figure(out: &mut String, c: &BarChart) {
    let id = escape(&c.id);
    out.push_str(&format!(
        "<figure id=\"chart-{id}\" aria-labelledby=\"chart-{id}-caption\">\n\
         <figcaption id=\"chart-{id}-caption\"><h3>{}</h3> {}</figcaption>\n<div class=\"chart-body\">\n<div class=\"chart-image\">\n",
        escape(&c.title),
        escape(&c.description),
    ));
    if c.series.len() > 1 {
        out.push_str("<ul class=\"legend\" aria-hidden=\"true\">");
        for (s, colour) in c.series.iter().zip(chart::colours(c)) {
            out.push_str(&format!(
                "<li><span class=\"swatch\" style=\"background:{colour}\"></span>{}</li>",
                escape(&s.name)
            ));
        }
        out.push_str("</ul>\n");
    }
    if c.categories.is_empty() {
        out.push_str("<p class=\"note\">Nothing to chart for this period.</p>\n");
    } else {
        match chart::svg(c) {
            Ok(svg) => out.push_str(&svg),
            Err(e) => out.push_str(&format!(
                "<p class=\"note\">The chart could not be drawn ({}); its figures are in the table.</p>\n",
                escape(&e)
            )),
        }
    }
    out.push_str("</div>\n");
    chart_table(out, c);
    out.push_str("</div>\n</figure>\n");
}

/// The chart's figures as a table: its text alternative, and what prints when colour does not.
fn chart_table(out: &mut String, c: &BarChart) {
    out.push_str(&format!(
        "<div class=\"table-block chart-data\">\n<table data-chart=\"{}\">\n<caption>Figures: {}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
        escape(&c.id),
        escape(&c.title),
        escape(&c.category)
    ));
    for s in &c.series {
        out.push_str(&format!(
            "<th scope=\"col\" class=\"num\">{}</th>",
            escape(&s.name)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, category) in c.categories.iter().enumerate() {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>",
            escape(&chart_label(c, category))
        ));
        for s in &c.series {
            out.push_str(&format!(
                "<td class=\"num\">{}</td>",
                s.values.get(i).copied().unwrap_or(0)
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// Vocabulary values read better as words; months and team names are shown as they are.
pub(super) fn chart_label(c: &BarChart, category: &str) -> String {
    match c.id.as_str() {
        "complaints-by-month" | "overdue-by-team" => category.to_owned(),
        _ => label(category),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn escape_turns_markup_into_text() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn commands_in_backticks_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            with_code("a <b> — run `qaledger check` & `x`."),
            "a &lt;b&gt; — run <code>qaledger check</code> &amp; <code>x</code>."
        );
        assert_eq!(with_code("no code"), "no code");
    }

    #[test]
    fn dates_read_as_a_board_writes_them() {
        assert_eq!(long_date(date(2024, 4, 1)), "1 April 2024");
        assert_eq!(short_date(date(2025, 3, 31)), "31 Mar 2025");
    }

    #[test]
    fn vocabulary_values_become_words() {
        assert_eq!(label("requires-improvement"), "Requires improvement");
        assert_eq!(label(""), "");
        assert_eq!(label("leder"), "LeDeR");
        assert_eq!(words("bia-approval"), "BIA approval");
    }
}
