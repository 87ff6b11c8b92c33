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
use crate::render::document::{Block, Text};
use crate::render::html::{self, escape, with_code};
use crate::render::overdue::days_text;
use crate::view::report::{BarChart, BoardPack, TeamDeadlines};
use crate::view::summary::Rate;
use crate::view::tracker::Row;

use super::chart;

/// The whole page.
pub fn render(report: &BoardPack) -> String {
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, report);
    out.push_str("<body>\n");
    html::marking(&mut out, report.header.marking.as_deref(), "top");
    header(&mut out, report);
    out.push_str("<main>\n");
    summary_section(&mut out, report);
    overdue_section(&mut out, report);
    actions_section(&mut out, report);
    charts_section(&mut out, report);
    out.push_str("</main>\n");
    footer(&mut out, report);
    html::marking(&mut out, report.header.marking.as_deref(), "bottom");
    out.push_str("</body>\n</html>\n");
    out
}

/// "1 April 2024".
pub(crate) fn long_date(day: Date) -> String {
    day.strftime("%-d %B %Y").to_string()
}

/// "1 Apr 2024", for table cells.
pub(crate) fn short_date(day: Date) -> String {
    day.strftime("%-d %b %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A kind's or deadline's name as words: dashes as spaces, the built-in acronyms as a board
/// writes them ("bia-approval" → "BIA approval"). Enum values are not shown through this: the
/// models carry the schemas' titles for them (`compute::names`).
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

/// The period as the pack names it: its dates ("1 April 2025 to 31 March 2026"), whatever
/// the period was written as (`this-financial-year` resolves to its dates here).
fn period_dates(report: &BoardPack) -> String {
    // The pack is always of a period (`report::compute` takes one).
    report.header.period().map_or_else(String::new, |p| {
        format!("{} to {}", long_date(p.start), long_date(p.end))
    })
}

fn head(out: &mut String, report: &BoardPack) {
    // "FY2024-25, 1 April 2024 to 31 March 2025", or only the dates for a relative period.
    let period = match report.header.period() {
        Some(p) if p.is_named() => format!("{}, {}", p.label, period_dates(report)),
        _ => period_dates(report),
    };
    let title = format!(
        "{} — quality assurance board pack, {period}",
        report.organisation,
    );
    html::head(out, &title, report.header.marking.as_deref());
}

fn header(out: &mut String, report: &BoardPack) {
    let as_of = report.header.as_of;
    // The period's own name beside its dates when it was given as one (`FY2024-25`, `2025-Q1`),
    // not when it is relative (`this-financial-year`) or a range of dates.
    let (data, name) = match report.header.period() {
        Some(p) => (
            format!(
                " data-period-start=\"{}\" data-period-end=\"{}\"",
                p.start, p.end
            ),
            if p.is_named() {
                format!("<span class=\"range\">{}</span> ", escape(&p.label))
            } else {
                String::new()
            },
        ),
        None => (String::new(), String::new()),
    };
    out.push_str(&format!(
        "<header class=\"masthead\">\n<p class=\"kicker\">Adult Social Care · Quality assurance</p>\n\
         <h1><span class=\"org\">{}</span> <span class=\"title\"{data}>Board pack: {}</span> \
         {name}<span class=\"asof\" data-as-of=\"{as_of}\">Figures as at {}</span></h1>\n",
        escape(&report.organisation),
        escape(&period_dates(report)),
        long_date(as_of),
    ));
    if let Some(sentence) = crate::render::left_out::sentence(&report.header.left_out) {
        out.push_str(&format!(
            "<div class=\"warning\" role=\"note\" data-excluded=\"{}\"><p><strong>Warning:</strong> {}</p><ul>\n",
            report.header.excluded(),
            with_code(&sentence)
        ));
        for l in &report.header.left_out {
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

fn footer(out: &mut String, report: &BoardPack) {
    out.push_str(&format!(
        "<footer>\n<p>Compiled by qaledger from the records as they stood on {}. \
         Rates over nothing show “—”. Deadlines that fall in the period but were not yet due on that date \
         are left out of the timeliness rates and counted as not yet due.</p>\n</footer>\n",
        long_date(report.header.as_of)
    ));
}

// ---------------------------------------------------------------------------------------------
// Summary

/// The summary's own document, its sections under the board pack's "Summary" heading, after
/// the headline figures.
fn summary_section(out: &mut String, report: &BoardPack) {
    out.push_str(
        "<section id=\"summary\" aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Summary</h2>\n",
    );
    at_a_glance(out, report);
    let sections = crate::render::summary::sections(&report.summary);
    let blocks: Vec<&Block> = sections.iter().flatten().collect();
    html::blocks(out, &blocks, 3, "summary", "Summary");
    out.push_str("</section>\n");
}

/// The headline figures, as a definition list of tiles.
fn at_a_glance(out: &mut String, report: &BoardPack) {
    let s = &report.summary;
    let mut tiles: Vec<(String, String)> = Vec::new();
    let figure = |path: &str, n: usize| html::text(&Text::figure(n.to_string(), path));
    let percent = |path: &str, rate: &Rate| {
        let text = match rate.percent {
            Some(p) => format!("{p:.1}%"),
            None => "—".to_owned(),
        };
        html::text(&Text::figure(text, format!("{path}.percent")))
    };
    // The first type is the complaint proper (the schema's order), whatever its name.
    if let Some((name, c)) = s.complaints.0.first() {
        let path = format!("complaints.{name}");
        tiles.push((
            "complaints received".to_owned(),
            figure(&format!("{path}.received"), c.received),
        ));
        tiles.push((
            "complaints responded to within timescale".to_owned(),
            percent(
                &format!("{path}.responded_within_timescale"),
                &c.responded_within_timescale.rate,
            ),
        ));
    }
    for (name, path, count, rate) in [
        (
            "audits completed",
            "audits.completed",
            Some(s.audits.completed),
            None,
        ),
        (
            "staff in date for supervision",
            "supervision.in_date",
            None,
            Some(&s.supervision.in_date),
        ),
        (
            "actions opened",
            "actions.opened",
            Some(s.actions.opened),
            None,
        ),
        (
            "actions completed on time",
            "actions.completed_on_time",
            None,
            Some(&s.actions.completed_on_time),
        ),
    ] {
        let value = match (count, rate) {
            (Some(n), _) => figure(path, n),
            (None, Some(rate)) => percent(path, rate),
            (None, None) => String::new(),
        };
        tiles.push((name.to_owned(), value));
    }
    let overdue = report.totals.overdue;
    tiles.push((
        format!("overdue on {}", short_date(report.header.as_of)),
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

/// The team's name from config, else its id as written.
fn team_name<'r>(report: &'r BoardPack, team: Option<&'r str>) -> &'r str {
    team.map(|t| report.team_names.get(t).map_or(t, String::as_str))
        .unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Overdue by team

fn overdue_section(out: &mut String, report: &BoardPack) {
    out.push_str(&format!(
        "<section id=\"overdue\" aria-labelledby=\"overdue-heading\">\n<h2 id=\"overdue-heading\">Overdue by team</h2>\n\
         <p class=\"lede\">What was overdue on {}, and what falls due within the following {}, by the team of the record. \
         These are as at that date, whatever the period.</p>\n",
        long_date(report.header.as_of),
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
        escape(d.owner_shown().unwrap_or("—")),
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
        long_date(report.header.as_of),
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
    let source = match (&row.titles.source_type, row.source_refs.is_empty()) {
        (Some(t), true) => t.clone(),
        (Some(t), false) => format!("{t} ({})", row.source_refs.join(", ")),
        (None, _) => String::new(),
    };
    let team = team_name(report, row.team.as_deref());
    let status = row.titles.status.clone().unwrap_or_default();
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
        escape(row.owner_shown().unwrap_or("")),
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

/// What people read for a category: its label from the model (`BarChart::labels`).
pub(super) fn chart_label(c: &BarChart, category: &str) -> String {
    c.categories
        .iter()
        .position(|k| k == category)
        .and_then(|i| c.labels.get(i))
        .map_or_else(|| category.to_owned(), Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

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
