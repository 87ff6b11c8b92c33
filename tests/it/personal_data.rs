//! The personal-data check: `check` over a repository whose records spell personal data the
//! ways people do, and the detector against a hand-written corpus of real-world spellings
//! (tests/data/personal-data-corpus.tsv): planted items it must find, with the kind it must
//! call them, and harmless record text it must leave alone. The corpus test prints recall and
//! false-positive rate, and every miss and false alarm, so a change shows what it gained and lost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::fmt::Write as _;
use std::fs;

use qaledger::check::personal_data::{Kind, scan};
use tempfile::TempDir;

use crate::common::{Run, copy_tree, manifest_dir, qaledger_on};

#[test]
fn check_finds_each_spelling_and_says_where_in_the_value() {
    let dir = TempDir::new().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/personal-data"),
        dir.path(),
    );
    let complaints = dir.path().join("records/complaints");
    // A case reference in full-width digits, then one of each kind as the old detector missed
    // them: 0044, non-breaking spaces, lower case, an internationalised address, no capitals.
    fs::write(
        complaints.join("CMP-2025-0002.yaml"),
        "id: CMP-2025-0002\ntype: complaint\nstatus: open\nreceived: 2025-03-03\nhandler: jsmith\n\
         case_ref: \"\u{ff19}\u{ff19}\u{ff19} \u{ff17}\u{ff11}\u{ff16} \u{ff12}\u{ff18}\u{ff15}\u{ff14}\"\n\
         summary: \"Son's mobile 0044 7700 900 123; NHS no 999\\u00A0318\\u00A05612; NI ab 12 34 56 c; \
         email j\u{f6}rg@m\u{fc}nchen.example; lives at ls1 4ap.\"\n",
    )
    .unwrap();
    // Numbers that are not about a person.
    fs::write(
        complaints.join("CMP-2025-0003.yaml"),
        "id: CMP-2025-0003\ntype: complaint\nstatus: open\nreceived: 2025-03-03\nhandler: jsmith\n\
         summary: \"Invoice INV 20250114001 and PO 4500123456 paid for 2025-01-01 - 2025-03-31 \
         (01/04/2025\u{2013}31/03/2026); see ACT-2025-0001; 12.5% up; v2.3.1; QQ1 1QQ.\"\n",
    )
    .unwrap();
    let run = Run::of(qaledger_on(dir.path()).args(["check", "--format", "json"]));
    let json = run.json();
    let found: Vec<(String, u64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "personal-data")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(run.status, 1, "{}", run.stderr);
    // Characters counted by hand in the decoded value: "Son's mobile " is 13, "0044 7700 900
    // 123" 17, "; NHS no " 9, the NHS number 12, "; NI " 5, the NI number 13, "; email " 8, the
    // address 20, "; lives at " 11.
    let expected = [
        (
            "CMP-2025-0001.yaml",
            7,
            "a postcode (LS* ***, at character 20 of the value)",
        ),
        ("CMP-2025-0002.yaml", 6, "an NHS number"),
        (
            "CMP-2025-0002.yaml",
            7,
            "a phone number (00** **** *** ***, at character 14 ",
        ),
        (
            "CMP-2025-0002.yaml",
            7,
            "an NHS number (99*\u{a0}***\u{a0}****, at character 40 ",
        ),
        (
            "CMP-2025-0002.yaml",
            7,
            "a National Insurance number (ab ** ** ** *, at character 57 ",
        ),
        (
            "CMP-2025-0002.yaml",
            7,
            "an email address (j\u{f6}**@*******.*******, at character 78 ",
        ),
        (
            "CMP-2025-0002.yaml",
            7,
            "a postcode (ls* ***, at character 109 ",
        ),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (file, line, message) in expected {
        assert!(
            found
                .iter()
                .any(|f| f.0.ends_with(file) && f.1 == line && f.2.contains(message)),
            "no {file}:{line} {message:?} in {found:#?}"
        );
    }
    // The values themselves are never repeated.
    for leaked in ["7700 900 123", "318", "münchen", "4ap", "20250114001"] {
        assert!(!run.stdout.contains(leaked), "{leaked} in {}", run.stdout);
    }
}

/// What the detector achieves today on 245 planted items and 281 harmless strings (the detector
/// before issue 12: 68.6% and 5.7%); a change that lowers either figure fails here. The corpus
/// was written alongside the detector, so these are in-sample figures: on its last 35 planted
/// and 40 harmless items, written before the detector saw them, it first scored 29 of 34
/// (one item was mistyped and corrected) and 1 of 40; the misses were then fixed by class.
const MIN_RECALL: f64 = 1.0;
const MAX_FALSE_POSITIVE_RATE: f64 = 0.0;

struct Item {
    line: usize,
    positive: bool,
    kind: String,
    text: String,
}

fn corpus() -> Vec<Item> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/personal-data-corpus.tsv"
    );
    let text = fs::read_to_string(path).unwrap();
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (Some(label), Some(kind), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
            panic!(
                "line {}: want label, type and text separated by tabs",
                n + 1
            );
        };
        assert!(
            label == "pos" || label == "neg",
            "line {}: label {label}",
            n + 1
        );
        items.push(Item {
            line: n + 1,
            positive: label == "pos",
            kind: kind.to_owned(),
            text: unescape(text),
        });
    }
    items
}

/// `\u{a0}` and `\t` in the file stand for the characters, so that odd spaces stay visible.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('t') {
            out.push('\t');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("u{") {
            let end = tail.find('}').unwrap();
            let code = u32::from_str_radix(&tail[..end], 16).unwrap();
            out.push(char::from_u32(code).unwrap());
            rest = &tail[end + 1..];
        } else {
            out.push('\\');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::NhsNumber => "nhs",
        Kind::NationalInsurance => "ni",
        Kind::Email => "email",
        Kind::Phone => "phone",
        Kind::Postcode => "postcode",
    }
}

#[test]
fn recall_and_false_positive_rate_on_the_corpus() {
    let items = corpus();
    let (mut positives, mut found, mut negatives, mut flagged) = (0, 0, 0, 0);
    let mut report = String::new();
    for kind in ["nhs", "ni", "email", "phone", "postcode"] {
        let of_kind: Vec<&Item> = items
            .iter()
            .filter(|i| i.positive && i.kind == kind)
            .collect();
        assert!(of_kind.len() >= 30, "only {} {kind} items", of_kind.len());
    }
    for item in &items {
        let kinds: Vec<&str> = scan(&item.text)
            .into_iter()
            .map(|f| kind_name(f.kind))
            .collect();
        if item.positive {
            positives += 1;
            if kinds.contains(&item.kind.as_str()) {
                found += 1;
            } else {
                let _ = writeln!(
                    report,
                    "  missed   line {:3} {:8} {:?} (found {kinds:?})",
                    item.line, item.kind, item.text
                );
            }
        } else {
            negatives += 1;
            if !kinds.is_empty() {
                flagged += 1;
                let _ = writeln!(
                    report,
                    "  flagged  line {:3} {:8} {:?} as {kinds:?}",
                    item.line, item.kind, item.text
                );
            }
        }
    }
    let recall = f64::from(found) / f64::from(positives);
    let fpr = f64::from(flagged) / f64::from(negatives);
    eprintln!(
        "personal data: found {found} of {positives} planted items (recall {:.1}%), \
         flagged {flagged} of {negatives} harmless strings (false-positive rate {:.1}%)\n{report}",
        recall * 100.0,
        fpr * 100.0
    );
    assert!(positives >= 150 && negatives >= 150);
    assert!(recall >= MIN_RECALL, "recall {recall:.3}\n{report}");
    assert!(
        fpr <= MAX_FALSE_POSITIVE_RATE,
        "false-positive rate {fpr:.3}\n{report}"
    );
}

#[test]
fn the_corpus_nhs_numbers_are_what_they_claim() {
    // Planted NHS numbers pass modulus 11 (worked out independently of the detector here) and
    // sit in the 999 range that is never issued; the harmless ten-digit ones fail it.
    fn check_digit_holds(digits: &[u32]) -> bool {
        let sum: u32 = (0..9).map(|i| digits[i] * (10 - i as u32)).sum();
        let check = (11 - sum % 11) % 11;
        check != 10 && check == digits[9]
    }
    for item in corpus() {
        let digits: Vec<u32> = item
            .text
            .chars()
            .filter_map(|c| {
                // Full-width digits count too.
                let c = if ('\u{ff10}'..='\u{ff19}').contains(&c) {
                    char::from_u32(c as u32 - 0xff10 + u32::from(b'0')).unwrap()
                } else {
                    c
                };
                c.to_digit(10)
            })
            .collect();
        if item.positive && item.kind == "nhs" {
            assert!(check_digit_holds(&digits), "line {}", item.line);
            let public_example = digits == [9, 4, 3, 4, 7, 6, 5, 9, 1, 9];
            assert!(
                digits[..3] == [9, 9, 9] || public_example,
                "line {}",
                item.line
            );
        }
        if !item.positive && item.kind == "mod11" {
            assert!(!check_digit_holds(&digits), "line {}", item.line);
        }
    }
}

proptest::proptest! {
    /// Any text at all: no panic, and every finding's span is a non-empty piece of the text.
    #[test]
    fn scan_never_panics_and_spans_lie_in_the_text(
        text in "[0-9 a-zA-Z@.()+/:%£-]{0,40}|\\PC{0,40}|[0-9\u{a0}\u{2009}\u{ff10}-\u{ff19}\u{0660}-\u{0669}\u{301}\u{200b} .-]{0,40}"
    ) {
        for finding in scan(&text) {
            let piece = text.get(finding.span.clone());
            proptest::prop_assert!(piece.is_some_and(|p| !p.is_empty()), "{finding:?} in {text:?}");
        }
    }
}
