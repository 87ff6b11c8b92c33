//! End-to-end tests of `qaledger report`, the board pack, on `examples/northshire` at as-of
//! 2025-06-30 for FY2024-25.
//!
//! The HTML is parsed (scraper) and read back the way a person or a script would: its sections,
//! its accessibility (language, headings, captioned tables with header cells, charts with an
//! accessible name and a table of their figures), that it is self-contained, and that its figures
//! are the same as those of `summary`, `overdue` and `tracker` in JSON for the same as-of. Every
//! summary figure carries `data-figure="<its path in summary --format json>"`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::common::{Run, manifest_dir, qaledger_on};

const PERIOD: &str = "FY2024-25";

fn northshire() -> PathBuf {
    manifest_dir().join("examples/northshire")
}

/// `report --period P --out <tmp>/board.html` on `root`: the page and what was said on stderr.
fn report(root: &Path, period: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("board pack.html");
    let run = Run::of(
        qaledger_on(root)
            .args(["report", "--period", period, "--out"])
            .arg(&out),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    (fs::read_to_string(&out).unwrap(), run.stderr)
}

fn json(root: &Path, args: &[&str]) -> Value {
    Run::of(qaledger_on(root).args(args)).ok_json()
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    let joined: String = e.text().collect();
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn northshire_pack() -> Html {
    Html::parse_document(&report(&northshire(), PERIOD).0)
}

#[test]
fn the_pack_has_its_title_and_sections_in_british_english() {
    let (page, stderr) = report(&northshire(), PERIOD);
    assert!(
        stderr.contains(
            "board pack for FY2024-25 (2024-04-01 to 2025-03-31), as of 2025-06-30: wrote "
        ) && stderr.contains("board pack.html"),
        "{stderr}"
    );
    let doc = Html::parse_document(&page);
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en-GB"));
    let title = text(doc.select(&sel("head > title")).next().unwrap());
    assert!(title.contains("Northshire County Council"), "{title}");
    assert!(title.contains("FY2024-25"), "{title}");
    let h1: Vec<String> = doc.select(&sel("h1")).map(text).collect();
    assert_eq!(h1.len(), 1);
    for part in [
        "Northshire County Council",
        "Board pack: 1 April 2024 to 31 March 2025",
        "FY2024-25",
        "30 June 2025",
    ] {
        assert!(h1[0].contains(part), "{part} not in {}", h1[0]);
    }
    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(h2, ["Summary", "Overdue by team", "Open actions", "Charts"]);
}

/// A relative period is headed by the dates it resolved to, not the words it was given as
/// (as-of 30 June 2025: this financial year is April 2025 to March 2026).
#[test]
fn a_relative_period_is_headed_by_its_dates() {
    let (page, _) = report(&northshire(), "this-financial-year");
    let doc = Html::parse_document(&page);
    let h1 = text(doc.select(&sel("h1")).next().unwrap());
    assert_eq!(
        h1,
        "Northshire County Council Board pack: 1 April 2025 to 31 March 2026 Figures as at 30 June 2025"
    );
    let title = text(doc.select(&sel("head > title")).next().unwrap());
    assert_eq!(
        title,
        "Northshire County Council — quality assurance board pack, 1 April 2025 to 31 March 2026"
    );
    assert!(!page.contains("this-financial-year"));
}

/// On paper: A4, "Page N of M" at the bottom right, and the page's title at the top left of
/// every page (its commas and dash escaped in the CSS string); no section forced onto a new page.
#[test]
fn the_pack_prints_to_a4_with_page_numbers_and_a_running_header() {
    let (page, _) = report(&northshire(), PERIOD);
    assert!(page.contains("size: A4;"));
    assert!(
        page.contains(r#"@bottom-right { content: "Page " counter(page) " of " counter(pages);"#)
    );
    assert!(
        page.contains(
            r#"@top-left { content: "Northshire County Council \2014  quality assurance board pack, FY2024-25, 1 April 2024 to 31 March 2025";"#
        ),
        "{}",
        &page[page.find("@top-left").unwrap_or(0)..][..200]
    );
    assert!(!page.contains("break-before: page"));
}

#[test]
fn the_pack_is_self_contained_and_runs_no_script() {
    let (page, _) = report(&northshire(), PERIOD);
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"));
    assert!(!lower.contains("http://") && !lower.contains("https://"));
    assert!(!lower.contains("url("));
    assert!(!lower.contains("@import"));
    let doc = Html::parse_document(&page);
    assert_eq!(
        doc.select(&sel("script, link, iframe, object, embed, img"))
            .count(),
        0
    );
    for e in doc.select(&sel("[href], [src]")) {
        for attr in ["href", "src"] {
            if let Some(v) = e.value().attr(attr) {
                assert!(v.starts_with('#') || v.starts_with("data:"), "{attr}={v}");
            }
        }
    }
    // Any on* handler would be script too.
    for e in doc.select(&sel("*")) {
        assert!(e.value().attrs().all(|(name, _)| !name.starts_with("on")));
    }
    let csp = doc
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .unwrap();
    assert_eq!(
        csp.value().attr("content"),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    );
}

#[test]
fn tables_have_captions_and_header_cells_and_charts_have_names_and_tables() {
    let doc = northshire_pack();
    let tables: Vec<ElementRef<'_>> = doc.select(&sel("table")).collect();
    assert!(tables.len() > 10, "{}", tables.len());
    for table in &tables {
        assert!(table.select(&sel("caption")).next().is_some());
        assert!(table.select(&sel("thead th[scope='col']")).next().is_some());
    }
    let svgs: Vec<ElementRef<'_>> = doc.select(&sel("svg")).collect();
    assert_eq!(svgs.len(), 5);
    for svg in svgs {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let ids = svg.value().attr("aria-labelledby").unwrap();
        for id in ids.split(' ') {
            let named = doc.select(&sel(&format!("#{id}"))).next().unwrap();
            assert!(!text(named).is_empty(), "#{id} is empty");
        }
        assert!(svg.select(&sel("title")).next().is_some());
        // Every bar's value is written on the chart, not told by colour alone.
        assert!(svg.select(&sel("text")).count() > 5);
    }
    let charts: Vec<&str> = doc
        .select(&sel("table[data-chart]"))
        .map(|t| t.value().attr("data-chart").unwrap())
        .collect();
    assert_eq!(
        charts,
        [
            "complaints-by-month",
            "actions-by-status",
            "actions-by-source",
            "overdue-by-team",
            "audit-grades"
        ]
    );
}

/// The value at a dotted path of the summary JSON (keys never contain dots).
pub fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    path.split('.')
        .fold(value, |v, key| v.get(key).unwrap_or(&Value::Null))
}

#[test]
fn summary_figures_are_those_of_summary_json() {
    let doc = northshire_pack();
    let summary = json(
        &northshire(),
        &["summary", "--period", PERIOD, "--format", "json"],
    );
    let mut seen = Vec::new();
    for e in doc.select(&sel("#summary [data-figure]")) {
        let path = e.value().attr("data-figure").unwrap();
        let shown = text(e);
        match at(&summary, path) {
            Value::Number(n) => {
                let number: f64 = shown.trim_end_matches('%').parse().unwrap_or_else(|_| {
                    panic!("{path}: `{shown}` is not a number");
                });
                assert_eq!(number, n.as_f64().unwrap(), "{path}");
            }
            Value::Null => assert_eq!(shown, "—", "{path} is null in the JSON"),
            other => panic!("{path}: {other} is not a figure"),
        }
        seen.push(path.to_owned());
    }
    let mut wanted = vec![
        "complaints.complaint.received",
        "complaints.complaint.responded_within_timescale.percent",
        "complaints.complaint.responded_within_timescale.count",
        "complaints.complaint.responded_within_timescale.of",
        "complaints.complaint.acknowledged_within_timescale.percent",
        "complaints.service-enquiry.received",
        "complaints.compliment.received",
        "complaints.complaint.outcomes.upheld",
        "audits.completed",
        "audits.grades.good",
        "audits.grades.requires-improvement",
        "audits.by_type.dip-sample",
        "audits.moderation_done.percent",
        "supervision.current_staff",
        "supervision.in_date.percent",
        "actions.opened",
        "actions.completed",
        "actions.completed_on_time.percent",
        "actions.impact_measured.percent",
        "reviews.open_at_end",
        "reviews.completed",
        "reviews.by_type.sar.open_at_end",
        "evidence.records",
        "evidence.untagged",
    ];
    let statements: Vec<String> = (1..=9)
        .map(|n| format!("evidence.by_statement.QS{n}"))
        .collect();
    wanted.extend(statements.iter().map(String::as_str));
    for path in wanted {
        assert!(seen.iter().any(|s| s == path), "{path} is not shown");
    }
    // A few by hand from the example (README of examples/northshire): 18 complaints received
    // in FY2024-25 (15, and the three under the procedures, CMP-2025-0013 to 0015), 19 audits
    // completed, 28 actions agreed (ACT-2024-0024, agreed 2024-12-12, the SAR action not
    // implemented, is the 28th).
    assert_eq!(at(&summary, "complaints.complaint.received"), 18);
    assert_eq!(at(&summary, "audits.completed"), 19);
    assert_eq!(at(&summary, "actions.opened"), 28);
}

/// Team id ("" for none) → number of items, from `overdue --format json` items in `state`.
fn overdue_by_team(items: &Value, state: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for item in items["items"].as_array().unwrap() {
        if item["state"] == state {
            let team = item["team"].as_str().unwrap_or("").to_owned();
            *counts.entry(team).or_insert(0) += 1;
        }
    }
    counts
}

/// Team id → count in the pack's overdue table's `column`, teams with none left out.
fn pack_by_team(doc: &Html, column: &str) -> BTreeMap<String, u64> {
    doc.select(&sel("#overdue-totals tr[data-team]"))
        .map(|tr| {
            let cell = tr
                .select(&sel(&format!("td[data-count='{column}']")))
                .next()
                .unwrap();
            (
                tr.value().attr("data-team").unwrap().to_owned(),
                text(cell).parse::<u64>().unwrap(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[test]
fn overdue_by_team_counts_are_those_of_overdue_json() {
    let doc = northshire_pack();
    let overdue = json(&northshire(), &["overdue", "--format", "json"]);
    let expected = overdue_by_team(&overdue, "overdue");
    // 28, and the three of the complaints under procedures (Coastal Locality): CMP-2025-0011's
    // learning form and stage-2 response, CMP-2025-0012's extended response (deadlines.rs).
    assert_eq!(expected.values().sum::<u64>(), 31);
    assert_eq!(pack_by_team(&doc, "overdue"), expected);
    // Due soon: the config's window, 14 days in the example.
    let within = json(
        &northshire(),
        &["overdue", "--within", "14 days", "--format", "json"],
    );
    assert_eq!(
        pack_by_team(&doc, "due-soon"),
        overdue_by_team(&within, "due-soon")
    );
    // Each team's list holds its items.
    let listed = doc.select(&sel("#overdue table.items tbody tr")).count() as u64;
    let all = overdue_by_team(&within, "overdue").values().sum::<u64>()
        + overdue_by_team(&within, "due-soon").values().sum::<u64>();
    assert_eq!(listed, all);
}

#[test]
fn totals_are_those_of_overdue_json_and_the_tracker() {
    let doc = northshire_pack();
    let within = json(
        &northshire(),
        &["overdue", "--within", "14 days", "--format", "json"],
    );
    let overdue: u64 = overdue_by_team(&within, "overdue").values().sum();
    let due_soon: u64 = overdue_by_team(&within, "due-soon").values().sum();
    assert_eq!(overdue, 31);
    let foot: Vec<String> = doc
        .select(&sel("#overdue-totals tfoot td"))
        .map(text)
        .collect();
    assert_eq!(foot, [overdue.to_string(), due_soon.to_string()]);
    let tile = doc.select(&sel("[data-overdue-total]")).next().unwrap();
    assert_eq!(tile.value().attr("data-overdue-total"), Some("31"));
    // The open actions' lede: how many of them are overdue, as the tracker says.
    let tracker = json(
        &northshire(),
        &["tracker", "--period", PERIOD, "--format", "json"],
    );
    let open_overdue = tracker["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            ["proposed", "agreed", "in-progress"].contains(&r["status"].as_str().unwrap_or(""))
                && !r["days_overdue"].is_null()
        })
        .count();
    assert!(open_overdue > 0);
    let lede = text(doc.select(&sel("#open-actions p.lede")).next().unwrap());
    assert!(
        lede.ends_with(&format!("; {open_overdue} overdue.")),
        "{lede}"
    );
    assert_eq!(
        doc.select(&sel("#open-actions tr.overdue")).count(),
        open_overdue
    );
}

#[test]
fn open_actions_are_the_trackers_open_rows_for_the_period() {
    let doc = northshire_pack();
    let tracker = json(
        &northshire(),
        &["tracker", "--period", PERIOD, "--format", "json"],
    );
    let expected: Vec<&str> = tracker["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            ["proposed", "agreed", "in-progress"].contains(&r["status"].as_str().unwrap_or(""))
        })
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!expected.is_empty());
    let shown: Vec<&str> = doc
        .select(&sel("#open-actions tr[data-action]"))
        .map(|tr| tr.value().attr("data-action").unwrap())
        .collect();
    assert_eq!(shown, expected);
}

/// A chart's table as (category, values) rows.
fn chart_rows(doc: &Html, id: &str) -> Vec<(String, Vec<u64>)> {
    doc.select(&sel(&format!("table[data-chart='{id}'] tbody tr")))
        .map(|tr| {
            let name = text(tr.select(&sel("th")).next().unwrap());
            let values = tr
                .select(&sel("td"))
                .map(|td| text(td).parse().unwrap())
                .collect();
            (name, values)
        })
        .collect()
}

#[test]
fn chart_figures_agree_with_the_other_commands() {
    let doc = northshire_pack();
    let summary = json(
        &northshire(),
        &["summary", "--period", PERIOD, "--format", "json"],
    );
    let tracker = json(
        &northshire(),
        &["tracker", "--period", PERIOD, "--format", "json"],
    );

    // Twelve months, April to March; every complaint received in the period is in one.
    let months = chart_rows(&doc, "complaints-by-month");
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].0, "Apr 2024");
    assert_eq!(months[11].0, "Mar 2025");
    let received: u64 = months.iter().map(|(_, v)| v[0]).sum();
    assert_eq!(
        received,
        at(&summary, "complaints.complaint.received")
            .as_u64()
            .unwrap()
    );
    assert!(months.iter().all(|(_, v)| v[1] <= v[0]));

    let statuses = chart_rows(&doc, "actions-by-status");
    let names: Vec<&str> = statuses.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Proposed",
            "Agreed",
            "In progress",
            "Completed",
            "Not implemented",
            "Cancelled"
        ]
    );
    let by_status = &tracker["totals"]["by_status"];
    for ((_, v), key) in statuses.iter().zip([
        "proposed",
        "agreed",
        "in-progress",
        "completed",
        "not-implemented",
        "cancelled",
    ]) {
        assert_eq!(v[0], by_status[key].as_u64().unwrap_or(0), "{key}");
    }

    let sources = chart_rows(&doc, "actions-by-source");
    let total: u64 = sources.iter().map(|(_, v)| v[0]).sum();
    assert_eq!(total, tracker["totals"]["actions"].as_u64().unwrap());
    assert!(
        sources.windows(2).all(|w| w[0].1[0] >= w[1].1[0]),
        "largest first"
    );

    let grades = chart_rows(&doc, "audit-grades");
    for ((_, v), key) in
        grades
            .iter()
            .zip(["outstanding", "good", "requires-improvement", "inadequate"])
    {
        assert_eq!(
            v[0],
            at(&summary, &format!("audits.grades.{key}"))
                .as_u64()
                .unwrap()
        );
    }

    let teams = chart_rows(&doc, "overdue-by-team");
    let overdue: u64 = teams.iter().map(|(_, v)| v[0]).sum();
    assert_eq!(overdue, 31);
}

/// An action, ACT-2025-0001, titled with markup a page must not run.
pub const HOSTILE_ACTION: &str = "id: ACT-2025-0001\n\
    title: \"<script>alert('x')</script> & <img src=x onerror=alert(1)>\"\n\
    learning: Something was learned.\n\
    action: Something will be done.\n\
    source: {type: observation}\n\
    level: individual\n\
    owner: jsmith\n\
    agreed: {forum: practice-governance-board, date: 2025-02-20}\n\
    due: 2025-05-31\n\
    status: in-progress\n";

/// A repository in `root` for `organisation` holding one action, ACT-2025-0001, as `yaml`.
pub fn one_action(root: &Path, organisation: &str, yaml: &str) {
    fs::write(
        root.join("qaledger.toml"),
        format!("[organisation]\nname = \"{organisation}\"\n"),
    )
    .unwrap();
    let actions = root.join("records/actions/2025");
    fs::create_dir_all(&actions).unwrap();
    fs::write(actions.join("ACT-2025-0001.yaml"), yaml).unwrap();
}

#[test]
fn record_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_action(root, "Council <b>& Co</b>", HOSTILE_ACTION);
    let (page, _) = report(root, "2025");
    assert!(!page.contains("<script>"));
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>&"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img"));
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&sel("script, img, b")).count(), 0);
    let row = doc
        .select(&sel("tr[data-action='ACT-2025-0001']"))
        .next()
        .unwrap();
    assert!(text(row).contains("<script>alert('x')</script> & <img src=x onerror=alert(1)>"));
    let h1 = text(doc.select(&sel("h1")).next().unwrap());
    assert!(h1.starts_with("Council <b>& Co</b>"), "{h1}");
}

#[test]
fn records_left_out_are_said_in_the_header_and_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // No title, learning, action, due, …: it fails its schema, and its completion deadline
    // (read from `due`) cannot be computed; it is named by path.
    one_action(root, "Test", "id: ACT-2025-0001\n");
    let (page, stderr) = report(root, "2025");
    let sentence = "1 record was left out in whole or part — run `qaledger check PATH` to see why:";
    let entry = "records/actions/2025/ACT-2025-0001.yaml (completion: `due` has a problem)";
    assert!(
        stderr.ends_with(&format!("warning: {sentence}\n  {entry}\n")),
        "{stderr}"
    );
    let doc = Html::parse_document(&page);
    let warning = doc
        .select(&sel(".warning[data-excluded='1']"))
        .next()
        .unwrap();
    assert_eq!(
        text(warning),
        format!(
            "Warning: {} {}",
            sentence.replace('`', ""),
            entry.replace('`', "")
        )
    );
    assert_eq!(
        warning.select(&sel("code")).map(text).collect::<Vec<_>>(),
        ["qaledger check PATH", "due"]
    );
    // None left out: no warning.
    let pack = northshire_pack();
    assert_eq!(pack.select(&sel(".warning")).count(), 0);
}

#[test]
fn the_same_records_give_the_same_bytes() {
    let (first, _) = report(&northshire(), PERIOD);
    let (second, _) = report(&northshire(), PERIOD);
    assert!(first == second, "two runs differ");
}

/// `report board` is the board pack by name, and `report` with no report named still writes it
/// (the form README, scripts and completions have used).
#[test]
fn report_board_and_bare_report_write_the_same_pack() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("named.html");
    let run = Run::of(
        qaledger_on(&northshire())
            .args(["report", "board", "--period", PERIOD, "--out"])
            .arg(&named),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let (bare, _) = report(&northshire(), PERIOD);
    assert!(
        fs::read_to_string(&named).unwrap() == bare,
        "the two differ"
    );
    // Both forms still need --out.
    for args in [
        &["report", "board"][..],
        &["report", "--period", PERIOD][..],
    ] {
        let run = Run::of(qaledger_on(&northshire()).args(args));
        assert_eq!(run.status, 2, "{args:?}");
        assert!(run.stderr.contains("--out <FILE.html>"), "{}", run.stderr);
    }
}

#[test]
fn an_existing_file_is_replaced_and_a_missing_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("board.html");
    fs::write(&out, "old").unwrap();
    qaledger_on(&northshire())
        .args(["report", "--period", PERIOD, "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // No temporary file is left beside it.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

    let missing = dir.path().join("no such folder/board.html");
    let run = Run::of(
        qaledger_on(&northshire())
            .args(["report", "--out"])
            .arg(&missing),
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("no such folder"));
}

#[test]
fn usage_errors_exit_2() {
    let bad_period = Run::of(
        qaledger_on(&northshire()).args(["report", "--period", "FY2024", "--out", "x.html"]),
    );
    assert_eq!(bad_period.status, 2);
    assert!(bad_period.stderr.contains("`FY2024` is not a period"));
    let no_out = Run::of(qaledger_on(&northshire()).args(["report"]));
    assert_eq!(no_out.status, 2);
}

#[test]
fn help_opens_with_an_example() {
    let help = Run::of(qaledger_on(&northshire()).args(["report", "--help"])).stdout;
    assert!(help.starts_with("Example: qaledger report"), "{help}");
}

/// The pack's outline — headings and table captions in order — reviewed by hand.
#[test]
fn outline() {
    let doc = northshire_pack();
    let outline: Vec<String> = doc
        .select(&sel("h1, h2, h3, caption"))
        .map(|e| format!("{}: {}", e.value().name(), text(e)))
        .collect();
    insta::assert_yaml_snapshot!("outline", outline);
}

/// People read names: an item's owner is the member's name from the roster (mmurphy is
/// Małgorzata Murphy in records/staff), and an audit's title is its type as the schema titles
/// it, not the id and slug the records hold.
#[test]
fn owners_are_named_and_audits_titled_in_words() {
    let doc = northshire_pack();
    let row = doc
        .select(&sel("#overdue tr"))
        .find(|tr| text(*tr).contains("AUD-2023-0003"))
        .expect("AUD-2023-0003 is overdue at 30 June 2025");
    let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
    assert_eq!(cells[0], "completion");
    assert_eq!(cells[3], "Małgorzata Murphy");
    assert_eq!(cells[4], "Experiences and outcomes audit");
    let page = doc.html();
    assert!(!page.contains(">mmurphy<"), "an owner shown by id");
    // (The slug stays in `data-figure`, the figure's path in `summary --format json`.)
    assert!(
        !page.contains(">experiences-and-outcomes<")
            && !page.contains(": experiences-and-outcomes<"),
        "an audit shown by its slug"
    );
    // The open actions too: ACT-2024-0002's owner, and its source as the schema titles it.
    let action = doc
        .select(&sel("tr[data-action=\"ACT-2024-0002\"] td"))
        .map(text)
        .collect::<Vec<_>>();
    assert_eq!(
        action[1],
        "Safeguarding Adults Review (SAR) (REV-2023-0004)"
    );
    assert_eq!(action[2], "Małgorzata Murphy");
}
