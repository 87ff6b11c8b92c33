//! The board pack in a real browser: headless Chromium opens `report`'s HTML for
//! examples/northshire, takes a screenshot and prints it to PDF. Fails on any console message
//! (the page runs no script, so any message is a blocked load, a CSP violation or an error),
//! on a blank screenshot, or on an empty PDF.
//!
//! Without Chromium the test says so and passes, unless `QALEDGER_REQUIRE_BROWSER=1` (set by
//! `.ci/run`, which installs it), when it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `/usr/bin/chromium`, else `chromium` or `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    let fixed = PathBuf::from("/usr/bin/chromium");
    if fixed.is_file() {
        return Some(fixed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or `None` after saying the test is skipped; without it a test fails only when
/// `QALEDGER_REQUIRE_BROWSER=1`.
fn chromium_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var("QALEDGER_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "QALEDGER_REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium)"
        );
        eprintln!("skipped: no Chromium (/usr/bin/chromium or chromium on PATH)");
    }
    found
}

/// Runs headless Chromium on `page` with `action` (`--screenshot=…`, `--print-to-pdf=…`) and
/// returns its log (stderr). Killed after two minutes.
fn run_browser(browser: &Path, profile: &Path, page: &Path, action: &str) -> String {
    let log_path = profile.with_extension("log");
    let log = fs::File::create(&log_path).unwrap();
    let mut child = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--no-pdf-header-footer",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(action)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    fs::read_to_string(&log_path).unwrap_or_default()
}

/// The page's console messages in Chromium's log.
fn console_messages(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Decodes an RGB(A) PNG: (width, height, distinct colours, share of pixels that are not white).
fn picture(path: &Path) -> (u32, u32, usize, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(channels >= 3, "not an RGB picture: {:?}", info.color_type);
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| &p[..3])
        .collect();
    let colours: HashSet<&[u8]> = pixels.iter().copied().collect();
    let inked = pixels.iter().filter(|p| p.iter().any(|c| *c < 240)).count();
    (
        info.width,
        info.height,
        colours.len(),
        inked as f64 / pixels.len() as f64,
    )
}

#[test]
fn the_board_pack_renders_in_a_browser_without_console_errors() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("board pack.html");
    Command::cargo_bin("qaledger")
        .unwrap()
        .current_dir(manifest_dir())
        .args(["--root", "examples/northshire", "--as-of", "2025-06-30"])
        .args(["report", "--period", "FY2024-25", "--out"])
        .arg(&page)
        .assert()
        .success();

    // The detector sees a console message when there is one: a page whose image the CSP blocks.
    let control = dir.path().join("control.html");
    fs::write(
        &control,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>\
         <body><img src=\"data:image/png;base64,AAAA\" alt=\"\"></body></html>",
    )
    .unwrap();
    let control_shot = dir.path().join("control.png");
    let log = run_browser(
        &browser,
        &dir.path().join("profile-control"),
        &control,
        &format!("--screenshot={}", control_shot.display()),
    );
    assert!(
        !console_messages(&log).is_empty(),
        "the control page's CSP violation was not seen in the log:\n{log}"
    );

    let shot = dir.path().join("shot.png");
    let log = run_browser(
        &browser,
        &dir.path().join("profile-shot"),
        &page,
        &format!("--screenshot={}", shot.display()),
    );
    assert_eq!(console_messages(&log), Vec::<&str>::new(), "{log}");
    let (width, height, colours, inked) = picture(&shot);
    assert_eq!((width, height), (1280, 2000));
    // Text, tables and the accent colour: many colours and a fair share of ink, not a blank page.
    assert!(colours > 50, "only {colours} colours: a blank page?");
    assert!(
        inked > 0.02,
        "only {:.1}% of the page is not white",
        inked * 100.0
    );

    let pdf = dir.path().join("board pack.pdf");
    let log = run_browser(
        &browser,
        &dir.path().join("profile-pdf"),
        &page,
        &format!("--print-to-pdf={}", pdf.display()),
    );
    assert_eq!(console_messages(&log), Vec::<&str>::new(), "{log}");
    let bytes = fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() > 20_000, "a PDF of {} bytes", bytes.len());
    // A4 (595 × 842 points) from the page's @page rule, not Chromium's default US Letter.
    let text = String::from_utf8_lossy(&bytes);
    let boxes = media_boxes(&text);
    assert!(!boxes.is_empty(), "no page sizes in the PDF");
    for (w, h) in &boxes {
        assert!(
            (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0,
            "a page of {w} × {h} points is not A4"
        );
    }
    // Sections follow one another: 13 pages in Chromium 148, 16 when each section began a page.
    let pages = boxes.len();
    assert!((8..=14).contains(&pages), "{pages} pages");
    printed_pages_are_numbered_and_headed(&pdf, pages);
}

/// With pdftotext (poppler-utils): every page of the PDF reads "Page N of M" and carries the
/// running header, the pack's title from its @page margin boxes. Without it, says so (and
/// fails under `QALEDGER_REQUIRE_TOOLS=1`, as `.ci/run` sets).
fn printed_pages_are_numbered_and_headed(pdf: &Path, pages: usize) {
    let Some(pdftotext) = crate::common::tool("pdftotext", "the printed pages' numbers") else {
        return;
    };
    let output = Process::new(pdftotext).arg(pdf).arg("-").output().unwrap();
    assert!(output.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&output.stdout);
    // pdftotext ends each page with a form feed.
    let printed: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(printed.len(), pages);
    for (n, page) in printed.iter().enumerate() {
        let number = format!("Page {} of {pages}", n + 1);
        assert!(
            page.contains(&number),
            "page {}: no {number:?} in\n{page}",
            n + 1
        );
        assert!(
            page.contains(
                "Northshire County Council — quality assurance board pack, FY2024-25, 1 April 2024 to 31 March 2025"
            ),
            "page {}: no running header in\n{page}",
            n + 1
        );
    }
}

#[test]
fn the_views_as_pages_render_in_a_browser_without_console_errors() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("overdue", &["overdue", "--within", "14 days"][..]),
        ("tracker", &["tracker", "--period", "FY2024-25"][..]),
        ("summary", &["summary", "--period", "FY2024-25"][..]),
        (
            "annual-complaints",
            &["report", "annual-complaints", "--period", "FY2024-25"][..],
        ),
        ("sar", &["report", "sar", "--period", "FY2024-25"][..]),
    ] {
        let output = Command::cargo_bin("qaledger")
            .unwrap()
            .current_dir(manifest_dir())
            .args(["--root", "examples/northshire", "--as-of", "2025-06-30"])
            .args(args)
            .args(["--format", "html"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{name}");
        let page = dir.path().join(format!("{name}.html"));
        fs::write(&page, &output.stdout).unwrap();
        let shot = dir.path().join(format!("{name}.png"));
        let log = run_browser(
            &browser,
            &dir.path().join(format!("profile-{name}")),
            &page,
            &format!("--screenshot={}", shot.display()),
        );
        assert_eq!(console_messages(&log), Vec::<&str>::new(), "{name}: {log}");
        let (width, height, colours, inked) = picture(&shot);
        assert_eq!((width, height), (1280, 2000), "{name}");
        // The masthead's accent, the tables' bands and text: not a blank or unstyled page.
        assert!(
            colours > 50,
            "{name}: only {colours} colours: a blank page?"
        );
        assert!(
            inked > 0.02,
            "{name}: only {:.1}% of the page is not white",
            inked * 100.0
        );
    }
}

/// The width and height of every `/MediaBox [0 0 W H]` in a PDF's text.
fn media_boxes(pdf: &str) -> Vec<(f64, f64)> {
    pdf.split("/MediaBox [")
        .skip(1)
        .filter_map(|rest| {
            let numbers: Vec<f64> = rest
                .split(']')
                .next()?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            match numbers[..] {
                [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
                _ => None,
            }
        })
        .collect()
}
