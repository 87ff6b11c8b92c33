//! Documents that travel (issue 12): the board pack, reminder digests, calendars, Markdown,
//! CSV, workbooks and JSON leave case references out unless `--include-case-refs` is given,
//! and carry the protective marking of `[organisation] marking` at their top and bottom.
//! `show`, which quotes the record for its editors, keeps them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{Run, qaledger_on};
use calamine::{Reader, Xlsx, open_workbook_from_rs};
use scraper::{Html, Selector};

/// The review's case reference, built-in field `case_ref`.
const CASE_REF: &str = "P4929509";
/// A council's own kind names its case-reference field `person` (`case_refs: [person]`).
const PERSON_REF: &str = "Q7777777";
const MARKING: &str = "OFFICIAL-SENSITIVE";

const VISIT_SCHEMA: &str = r#"# A council's own kind whose case reference is `person`, not `case_ref`.
$schema: "https://json-schema.org/draft/2020-12/schema"
type: object
additionalProperties: false
required: [id, purpose, visitor, status]
properties:
  id: {type: string}
  purpose: {type: string, minLength: 1}
  person: {type: string}
  visitor: {type: string}
  status: {enum: [planned, visited, cancelled]}
  report_due: {type: string, format: date}
  report_sent: {type: string, format: date}
x-qaledger:
  kind: visit
  folder: visits
  id_prefix: VIS
  title: [purpose, person]
  case_refs: [person]
  owner: visitor
  status: {field: status, open: [planned], ended: [cancelled]}
  references:
    - {field: visitor, kinds: [staff]}
  deadlines:
    - name: report
      when: {}
      due:
        - {field: report_due}
      done: report_sent
"#;

/// A repository at 2025-06-30 with, all overdue and owned by jsmith: a LeDeR review of
/// P4929509 (due 2025-05-01), an action from it (due 2025-06-01) and a visit to Q7777777
/// (report due 2025-06-20). `marking` goes in `[organisation]` when given.
fn repository(marking: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut config = "[organisation]\nname = \"Fixture County Council\"\n".to_owned();
    if let Some(marking) = marking {
        config.push_str(&format!("marking = \"{marking}\"\n"));
    }
    fs::write(root.join("qaledger.toml"), config).unwrap();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write("schemas/visit.schema.yaml", VISIT_SCHEMA);
    write(
        "records/staff/jsmith.yaml",
        "id: jsmith\nname: Jo Smith\nemail: jo.smith@example.gov.uk\nrole: social-worker\n",
    );
    write(
        "records/reviews/2025/REV-2025-0001.yaml",
        &format!(
            "id: REV-2025-0001\ntype: leder\nstatus: open\ncase_ref: {CASE_REF}\nlead: jsmith\n\
             commissioned: 2024-11-01\ndue: 2025-05-01\nactions: [ACT-2025-0001]\n"
        ),
    );
    write(
        "records/actions/2025/ACT-2025-0001.yaml",
        "id: ACT-2025-0001\ntitle: Share the learning on annual health checks\n\
         learning: Health checks were missed.\naction: Remind every team.\n\
         source: {type: leder, refs: [REV-2025-0001]}\nlevel: collective\nowner: jsmith\n\
         agreed: {forum: practice-governance-board, date: 2025-01-15}\ndue: 2025-06-01\n\
         status: in-progress\n",
    );
    write(
        "records/visits/2025/VIS-2025-0001.yaml",
        &format!(
            "id: VIS-2025-0001\npurpose: Follow-up visit\nperson: {PERSON_REF}\nvisitor: jsmith\n\
             status: visited\nreport_due: 2025-06-20\n"
        ),
    );
    dir
}

fn run(root: &Path, args: &[&str]) -> Run {
    let run = Run::of(qaledger_on(root).args(args));
    assert_eq!(run.status, 0, "{args:?}\nstderr:\n{}", run.stderr);
    run
}

/// Every text a workbook holds, cell by cell, over every sheet.
fn workbook_text(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

/// Each document the views write, named for the failure message, with `extra` arguments.
fn documents(root: &Path, out: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut docs = Vec::new();
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .chain(extra)
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
    };
    for format in ["table", "json", "csv", "markdown", "ics"] {
        let args = with(&["overdue", "--format", format]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        docs.push((format!("overdue {format}"), run(root, &args).stdout));
    }
    for format in ["table", "json", "csv", "markdown"] {
        let args = with(&["tracker", "--format", format]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        docs.push((format!("tracker {format}"), run(root, &args).stdout));
    }
    let xlsx = out.join("tracker.xlsx");
    let args = with(&[
        "tracker",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    run(root, &args.iter().map(String::as_str).collect::<Vec<_>>());
    docs.push(("tracker xlsx".to_owned(), workbook_text(&xlsx)));
    let html = out.join("board.html");
    let args = with(&[
        "report",
        "--period",
        "2025",
        "--out",
        html.to_str().unwrap(),
    ]);
    run(root, &args.iter().map(String::as_str).collect::<Vec<_>>());
    docs.push(("report".to_owned(), fs::read_to_string(&html).unwrap()));
    for format in ["markdown", "text", "json"] {
        let dir = out.join(format!("remind-{format}"));
        let args = with(&[
            "remind",
            "--format",
            format,
            "--out-dir",
            dir.to_str().unwrap(),
        ]);
        run(root, &args.iter().map(String::as_str).collect::<Vec<_>>());
        for file in files(&dir) {
            let name = format!("remind {format} {}", file.display());
            docs.push((name, fs::read_to_string(&file).unwrap()));
        }
    }
    docs
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "a digest and the index in {}",
        dir.display()
    );
    files
}

#[test]
fn no_output_meant_to_leave_the_repository_shows_a_case_reference() {
    let repo = repository(None);
    let out = tempfile::tempdir().unwrap();
    let docs = documents(repo.path(), out.path(), &[]);
    for (name, text) in &docs {
        assert!(!text.contains(CASE_REF), "{name} shows {CASE_REF}:\n{text}");
        assert!(
            !text.contains(PERSON_REF),
            "{name} shows {PERSON_REF}:\n{text}"
        );
    }
    // The items are there, titled by what is left: the review's type, the visit's purpose.
    let overdue = run(repo.path(), &["overdue", "--format", "json"]).ok_json();
    let titles: Vec<&str> = overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "LeDeR review",
            "Share the learning on annual health checks",
            "Follow-up visit"
        ]
    );
    // Summary has no titles at all, and says nothing of either.
    for format in ["table", "json", "markdown"] {
        let text = run(repo.path(), &["summary", "--format", format]).stdout;
        assert!(
            !text.contains(CASE_REF) && !text.contains(PERSON_REF),
            "{text}"
        );
    }
}

#[test]
fn include_case_refs_shows_them_where_titles_are_shown() {
    let repo = repository(None);
    let out = tempfile::tempdir().unwrap();
    let docs = documents(repo.path(), out.path(), &["--include-case-refs"]);
    let shown: Vec<&str> = docs
        .iter()
        .filter(|(_, text)| text.contains(CASE_REF) && text.contains(PERSON_REF))
        .map(|(name, _)| name.as_str())
        .collect();
    // Every overdue format, the board pack, and jsmith's digest in each format; the tracker
    // lists actions, whose columns hold no case reference, and the index lists only owners.
    let expected: Vec<String> = ["table", "json", "csv", "markdown", "ics"]
        .iter()
        .map(|f| format!("overdue {f}"))
        .chain(["report".to_owned()])
        .chain(
            [("markdown", "md"), ("text", "txt"), ("json", "json")]
                .iter()
                .map(|(f, ext)| {
                    let file = out.path().join(format!("remind-{f}/jsmith.{ext}"));
                    format!("remind {f} {}", file.display())
                }),
        )
        .collect();
    assert_eq!(shown, expected);
    let overdue = run(
        repo.path(),
        &["overdue", "--format", "json", "--include-case-refs"],
    )
    .ok_json();
    assert_eq!(
        overdue["items"][0]["title"],
        format!("LeDeR review — {CASE_REF}")
    );
    assert_eq!(
        overdue["items"][2]["title"],
        format!("Follow-up visit — {PERSON_REF}")
    );
}

#[test]
fn show_quotes_the_record_with_its_case_reference() {
    let repo = repository(None);
    let shown = run(repo.path(), &["show", "REV-2025-0001"]).stdout;
    assert!(
        shown.contains(&format!("LeDeR review — {CASE_REF}")),
        "the title:\n{shown}"
    );
    assert!(
        shown.contains(&format!("case_ref: {CASE_REF}")),
        "the text:\n{shown}"
    );
    // The action links back to the review by its full title too.
    let action = run(repo.path(), &["show", "ACT-2025-0001", "--format", "json"]).ok_json();
    assert!(action.to_string().contains(CASE_REF), "{action}");
}

#[test]
fn the_marking_heads_and_ends_the_board_pack_and_every_printed_page() {
    let repo = repository(Some(MARKING));
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("board.html");
    run(
        repo.path(),
        &[
            "report",
            "--period",
            "2025",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    let page = fs::read_to_string(&html).unwrap();
    let doc = Html::parse_document(&page);
    let body: Vec<_> = doc.select(&Selector::parse("body > *").unwrap()).collect();
    let (first, last) = (body.first().unwrap(), body.last().unwrap());
    assert_eq!(first.value().attr("data-marking"), Some("top"));
    assert_eq!(first.text().collect::<String>(), MARKING);
    assert_eq!(last.value().attr("data-marking"), Some("bottom"));
    assert_eq!(last.text().collect::<String>(), MARKING);
    // Printed, in the margin of every page: CSS paged-media margin boxes.
    for place in ["@top-center", "@bottom-center"] {
        let rule = format!("{place} {{ content: \"{MARKING}\";");
        assert!(page.contains(&rule), "{rule} missing");
    }
    // Without a marking, neither.
    let plain = repository(None);
    run(
        plain.path(),
        &[
            "report",
            "--period",
            "2025",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    let page = fs::read_to_string(&html).unwrap();
    assert!(!page.contains("data-marking") && !page.contains("@top-center"));
}

#[test]
fn a_marking_cannot_end_the_style_element_or_the_css_string() {
    let repo = repository(Some(r#"OFFICIAL \"</style><b>x\\"#));
    let out = tempfile::tempdir().unwrap();
    let html = out.path().join("board.html");
    run(
        repo.path(),
        &[
            "report",
            "--period",
            "2025",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    let page = fs::read_to_string(&html).unwrap();
    assert_eq!(page.matches("</style>").count(), 1);
    assert!(!page.contains("<b>"));
    // In CSS each special character is a hex escape; on the page, an entity.
    assert!(page.contains(r#"content: "OFFICIAL \22 \3c /style\3e \3c b\3e x\5c ";"#));
    assert!(page.contains("OFFICIAL &quot;&lt;/style&gt;&lt;b&gt;x\\</p>"));
}

#[test]
fn each_digest_and_the_index_carry_the_marking() {
    let repo = repository(Some(MARKING));
    let out = tempfile::tempdir().unwrap();
    for format in ["markdown", "text"] {
        let dir = out.path().join(format);
        run(
            repo.path(),
            &[
                "remind",
                "--format",
                format,
                "--out-dir",
                dir.to_str().unwrap(),
            ],
        );
        let line = if format == "markdown" {
            format!("**{MARKING}**")
        } else {
            MARKING.to_owned()
        };
        for file in files(&dir) {
            let text = fs::read_to_string(&file).unwrap();
            if file.ends_with("index.json") {
                let index: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(index["marking"], MARKING);
                continue;
            }
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.first(), Some(&line.as_str()), "{}", file.display());
            assert_eq!(lines.last(), Some(&line.as_str()), "{}", file.display());
            assert!(text.contains("Reminders for Jo Smith (jsmith)"));
        }
    }
    let dir = out.path().join("json");
    run(
        repo.path(),
        &[
            "remind",
            "--format",
            "json",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
    );
    for file in files(&dir) {
        let value: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(value["marking"], MARKING, "{}", file.display());
    }
}

#[test]
fn markdown_and_json_views_carry_the_marking_and_csv_does_not() {
    let repo = repository(Some(MARKING));
    let top_and_bottom = |text: &str| {
        let line = format!("**{MARKING}**");
        let lines: Vec<&str> = text.lines().collect();
        lines.first() == Some(&line.as_str()) && lines.last() == Some(&line.as_str())
    };
    for command in ["overdue", "tracker", "summary"] {
        let markdown = run(repo.path(), &[command, "--format", "markdown"]).stdout;
        assert!(top_and_bottom(&markdown), "{command}:\n{markdown}");
        let json = run(repo.path(), &[command, "--format", "json"]).ok_json();
        assert_eq!(json["marking"], MARKING, "{command}");
    }
    // A CSV has no header or footer to hold it: its first row stays the column headings.
    for command in ["overdue", "tracker"] {
        let csv = run(repo.path(), &[command, "--format", "csv", "--no-bom"]).stdout;
        assert!(!csv.contains(MARKING), "{command}:\n{csv}");
        assert!(csv.starts_with(if command == "overdue" { "due," } else { "id," }));
    }
    // Without a marking, the JSON has no such field.
    let plain = repository(None);
    let json = run(plain.path(), &["overdue", "--format", "json"]).ok_json();
    assert!(json.get("marking").is_none());
}

#[test]
fn the_calendar_and_each_event_carry_the_marking() {
    let repo = repository(Some(MARKING));
    let ics = run(repo.path(), &["overdue", "--format", "ics"])
        .stdout
        .replace("\r\n ", "");
    assert!(
        ics.contains(&format!("\r\nX-WR-CALDESC:{MARKING}\r\n")),
        "{ics}"
    );
    let descriptions: Vec<&str> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("DESCRIPTION:"))
        .collect();
    assert_eq!(descriptions.len(), 3);
    for d in descriptions {
        assert!(d.starts_with(&format!("{MARKING}\\n")), "{d}");
        assert!(d.trim_end().ends_with(&format!("\\n{MARKING}")), "{d}");
    }
}

#[test]
fn the_workbook_prints_the_marking_in_every_header_and_footer() {
    let repo = repository(Some(MARKING));
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("tracker.xlsx");
    run(
        repo.path(),
        &[
            "tracker",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = crate::common::workbook_part(&fs::read(&xlsx).unwrap(), sheet);
        let expected = format!(
            "<headerFooter><oddHeader>&amp;C&amp;\"-,Bold\"{MARKING}</oddHeader>\
             <oddFooter>&amp;C&amp;\"-,Bold\"{MARKING}</oddFooter></headerFooter>"
        );
        assert!(xml.contains(&expected), "{sheet}:\n{xml}");
    }
    // On screen: the first and last lines of the totals sheet; the tracker sheet's first row
    // stays its headings.
    let bytes = fs::read(&xlsx).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let tracker = book.worksheet_range("Tracker").unwrap();
    assert_eq!(
        tracker.get((0, 0)).map(ToString::to_string),
        Some("Id".to_owned())
    );
    let totals = book.worksheet_range("Totals").unwrap();
    let column: Vec<String> = totals
        .rows()
        .map(|r| r.first().map(ToString::to_string).unwrap_or_default())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(column.first().map(String::as_str), Some(MARKING));
    assert_eq!(
        column.get(1).map(String::as_str),
        Some("Learning From tracker")
    );
    assert_eq!(column.last().map(String::as_str), Some(MARKING));
}

#[test]
fn an_ampersand_in_the_marking_is_printed_not_taken_as_a_code() {
    let repo = repository(Some("OFFICIAL & RESTRICTED"));
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("tracker.xlsx");
    run(
        repo.path(),
        &[
            "tracker",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let xml = crate::common::workbook_part(&fs::read(&xlsx).unwrap(), "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<oddHeader>&amp;C&amp;\"-,Bold\"OFFICIAL &amp;&amp; RESTRICTED</oddHeader>"),
        "{xml}"
    );
}

#[test]
fn a_bad_marking_stops_the_tool_naming_the_key() {
    let long = "X".repeat(81);
    for (marking, why) in [
        (long.as_str(), "81 characters"),
        ("OFFICIAL\\u001b[2J", "U+001B"),
        ("OFFICIAL\\nSECRET", "U+000A"),
    ] {
        let repo = repository(Some(marking));
        let run = Run::of(qaledger_on(repo.path()).args(["overdue"]));
        assert_eq!(run.status, 2, "{marking}: {}", run.stderr);
        assert!(run.stderr.contains("qaledger.toml"), "{}", run.stderr);
        assert!(
            run.stderr.contains("[organisation] marking"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(why), "{}", run.stderr);
    }
}
