//! `overdue`, `tracker` and `summary --format html`: each view's document through the one HTML
//! writer, on `examples/northshire` at as-of 2025-06-30. The page is parsed (scraper) and read
//! back: standalone (no script, nothing fetched), accessible (language, one `h1`, headings in
//! order, tables captioned with column header cells), holding the same rows or figures as the
//! view's JSON, and every text from the records escaped.

use std::fs;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::common::{Run, manifest_dir, qaledger_on};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    let joined: String = e.text().collect();
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `args` on `root` at as-of 2025-06-30: stdout, which must be a success.
fn page(root: &Path, args: &[&str]) -> String {
    let run = Run::of(qaledger_on(root).args(args));
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout
}

fn json(root: &Path, args: &[&str]) -> Value {
    Run::of(qaledger_on(root).args(args)).ok_json()
}

fn northshire() -> std::path::PathBuf {
    manifest_dir().join("examples/northshire")
}

/// What every page is: standalone, in British English, one title, headings that never skip a
/// level, every table captioned with column header cells. Returns the parsed page.
pub fn well_formed(page: &str) -> Html {
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
        "{page:.80}"
    );
    assert!(page.ends_with("</body>\n</html>\n"));
    let doc = Html::parse_document(page);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert_eq!(
        doc.select(&sel("script, link, iframe, object, embed, img"))
            .count(),
        0
    );
    assert!(
        doc.select(&sel("meta[http-equiv='Content-Security-Policy']"))
            .next()
            .is_some()
    );
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    assert!(!text(doc.select(&sel("head > title")).next().unwrap()).is_empty());
    let mut level = 1;
    for h in doc.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let this: u32 = h.value().name()[1..].parse().unwrap();
        assert!(this <= level + 1, "h{this} after h{level}: {}", text(h));
        level = this;
    }
    for table in doc.select(&sel("table")) {
        let caption = table.select(&sel("caption")).next().unwrap();
        assert!(!text(caption).is_empty());
        assert!(table.select(&sel("thead th[scope='col']")).next().is_some());
    }
    doc
}

/// Checks every `data-figure` of the page against the number at its path in `json` (a rate over
/// nothing shows "—" where the JSON has null); returns how many it checked.
pub fn figures_are_the_jsons(doc: &Html, json: &Value) -> usize {
    let mut figures = 0;
    for e in doc.select(&sel("[data-figure]")) {
        let path = e.value().attr("data-figure").unwrap();
        let shown = text(e);
        match crate::report::at(json, path) {
            Value::Number(n) => {
                let number: f64 = shown.trim_end_matches('%').parse().unwrap();
                assert_eq!(number, n.as_f64().unwrap(), "{path}");
            }
            Value::Null => assert_eq!(shown, "—", "{path}"),
            other => panic!("{path}: {other} is not a figure"),
        }
        figures += 1;
    }
    figures
}

/// The text of every table cell (header cells included) on the page.
fn cells(doc: &Html) -> Vec<String> {
    doc.select(&sel("tbody th, tbody td")).map(text).collect()
}

#[test]
fn overdue_as_a_page_lists_every_item_of_the_json() {
    let root = northshire();
    let doc = well_formed(&page(
        &root,
        &["overdue", "--within", "14 days", "--format", "html"],
    ));
    let items = json(
        &root,
        &["overdue", "--within", "14 days", "--format", "json"],
    );
    let items = items["items"].as_array().unwrap();
    assert!(items.len() > 10, "{}", items.len());
    // A row per item, under "Overdue (N)" and "Due soon (M)".
    assert_eq!(doc.select(&sel("tbody tr")).count(), items.len());
    let overdue = items.iter().filter(|i| i["state"] == "overdue").count();
    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(
        h2,
        [
            format!("Overdue ({overdue})"),
            format!("Due soon ({})", items.len() - overdue)
        ]
    );
    let h1 = text(doc.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, "Overdue and due soon at 2025-06-30");
    let shown = cells(&doc);
    for item in items {
        let id = item["id"].as_str().unwrap();
        let title = item["title"].as_str().unwrap();
        assert!(shown.iter().any(|c| c.ends_with(id)), "{id}");
        assert!(shown.iter().any(|c| c == title), "{title}");
    }
    // Ids are code.
    assert_eq!(doc.select(&sel("tbody code")).count(), items.len());
}

#[test]
fn tracker_as_a_page_has_a_row_per_action_and_its_totals() {
    let root = northshire();
    let args = ["tracker", "--period", "FY2024-25"];
    let doc = well_formed(&page(&root, &[&args[..], &["--format", "html"]].concat()));
    let tracker = json(&root, &[&args[..], &["--format", "json"]].concat());
    let rows = tracker["rows"].as_array().unwrap();
    assert!(rows.len() > 10, "{}", rows.len());
    let tables: Vec<ElementRef<'_>> = doc.select(&sel("table")).collect();
    // The actions, then the totals by status, source, level and theme.
    assert_eq!(tables.len(), 5);
    let ids: Vec<String> = tables[0].select(&sel("tbody tr code")).map(text).collect();
    let wanted: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, wanted);
    let by_status: u64 = tables[1]
        .select(&sel("tbody td"))
        .map(|td| text(td).parse::<u64>().unwrap())
        .sum();
    assert_eq!(by_status, tracker["totals"]["actions"].as_u64().unwrap());
    // Counts are right-aligned.
    assert_eq!(
        tables[1].select(&sel("td.num")).count(),
        tables[1].select(&sel("td")).count()
    );
    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(h2, ["Totals"]);
}

#[test]
fn summary_as_a_page_shows_the_figures_of_the_json() {
    let root = northshire();
    let args = ["summary", "--period", "FY2024-25"];
    let doc = well_formed(&page(&root, &[&args[..], &["--format", "html"]].concat()));
    let summary = json(&root, &[&args[..], &["--format", "json"]].concat());
    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(
        h2,
        [
            "Complaints, service enquiries and compliments",
            "Audits",
            "Supervision",
            "Actions",
            "Reviews",
            "Evidence by CQC quality statement"
        ]
    );
    let figures = figures_are_the_jsons(&doc, &summary);
    assert!(figures > 40, "{figures}");
    // By hand from the example's README: 18 complaints received in FY2024-25 (15, and the three
    // under the procedures, CMP-2025-0013 to 0015).
    let received = doc
        .select(&sel("[data-figure='complaints.complaint.received']"))
        .next()
        .unwrap();
    assert_eq!(text(received), "18");
}

/// One action titled with markup, under a marking.
fn hostile(root: &Path) {
    crate::report::one_action(root, "Test", crate::report::HOSTILE_ACTION);
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\nmarking = \"OFFICIAL-SENSITIVE\"\n",
    )
    .unwrap();
}

#[test]
fn record_text_is_escaped_and_the_marking_framed_in_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hostile(root);
    let title = "<script>alert('x')</script> & <img src=x onerror=alert(1)>";
    for args in [
        &["overdue", "--format", "html"][..],
        &["tracker", "--format", "html"][..],
        &["summary", "--period", "2025", "--format", "html"][..],
    ] {
        let page = page(root, args);
        assert!(!page.contains("<script>"), "{args:?}");
        assert!(!page.contains("<img"), "{args:?}");
        let doc = well_formed(&page);
        let markings: Vec<String> = doc.select(&sel("p.marking")).map(text).collect();
        assert_eq!(
            markings,
            ["OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"],
            "{args:?}"
        );
        if args[0] != "summary" {
            assert!(cells(&doc).iter().any(|c| c == title), "{args:?}");
            assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img"));
        }
    }
}

#[test]
fn records_left_out_are_a_warning_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hostile(root);
    // No due date: its completion deadline cannot be computed, and it is named by path.
    fs::write(
        root.join("records/actions/2025/ACT-2025-0002.yaml"),
        "id: ACT-2025-0002\n",
    )
    .unwrap();
    let doc = well_formed(&page(
        root,
        &["summary", "--period", "2025", "--format", "html"],
    ));
    let warning = doc.select(&sel(".warning[role='note']")).next().unwrap();
    assert!(
        text(warning).contains("records/actions/2025/ACT-2025-0002.yaml"),
        "{}",
        text(warning)
    );
    assert_eq!(
        warning.select(&sel("code")).map(text).next().as_deref(),
        Some("qaledger check PATH")
    );
}

/// `report sar`'s page: well formed, its headings the reviews' sections, and every figure the
/// same number as in its JSON.
#[test]
fn the_sar_report_as_a_page_shows_the_figures_of_the_json() {
    let root = northshire();
    let args = ["report", "sar", "--period", "FY2024-25"];
    let doc = well_formed(&page(&root, &[&args[..], &["--format", "html"]].concat()));
    let report = json(&root, &[&args[..], &["--format", "json"]].concat());
    let h2: Vec<String> = doc.select(&sel("h2")).map(text).collect();
    assert_eq!(h2.first().map(String::as_str), Some("Reviews"));
    assert_eq!(
        h2.last().map(String::as_str),
        Some("Findings not implemented, and why")
    );
    // A section per review, between the two.
    assert_eq!(h2.len(), report["reviews"].as_array().unwrap().len() + 2);
    let mut figures = 0;
    for e in doc.select(&sel("[data-figure]")) {
        let path = e.value().attr("data-figure").unwrap();
        let number: f64 = text(e).parse().unwrap();
        let Value::Number(n) = crate::report::at(&report, path) else {
            panic!("{path} is not a figure in the JSON");
        };
        assert_eq!(number, n.as_f64().unwrap(), "{path}");
        figures += 1;
    }
    assert_eq!(figures, 7);
}
