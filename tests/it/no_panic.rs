//! qaledger never panics on any input (SPEC §9): random bytes, mutations of a valid record and
//! hand-picked hostile files all come back from `load::parse_bytes` as a tree or a diagnostic,
//! and `check` on a repository full of them exits 1, not 101.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;

use assert_cmd::Command;
use proptest::prelude::*;
use proptest::sample::Index;
use qaledger::diagnostic::code::Code;
use qaledger::load::parse_bytes;
use qaledger::load::yaml::Pos;

/// A valid action using most YAML features records use: nested blocks, flow lists and maps,
/// quoting, a block scalar, a comment and an anchor with its alias.
const VALID: &str = "\
# A valid action.
id: ACT-2025-0001
title: \"Record the person's views\"
learning: 'Audits found the person''s own views missing.'
action: >
  Add a prompt for the person's views
  to the assessment template.
source: {type: audit, refs: [AUD-2025-0001, AUD-2025-0002]}
level: collective
owner: a.khan
themes: [communication, carers]
agreed:
  forum: practice-governance-board
  date: &agreed 2025-03-12
due: 2025-09-30
status: in-progress
updates:
  - date: *agreed
    note: Agreed at the board.
  - {date: 2025-04-01, note: \"Template drafted: see the intranet\"}
";

/// Fragments that stress a YAML reader when dropped anywhere into a file.
const SNIPPETS: &[&str] = &[
    "\t",
    ":",
    ": ",
    "\"",
    "'",
    "&a ",
    "*a",
    "&a",
    "*a ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "---\n",
    "...\n",
    "\n",
    "\r",
    "\r\n",
    "#",
    "? ",
    "!!str ",
    "!",
    "|",
    ">",
    "|-\n",
    "%YAML 1.2\n",
    "<<: *a\n",
    "\u{feff}",
    "\0",
    "\\",
    "\u{85}",
    "\u{2028}",
    "é",
    "\u{1F600}",
    "~",
    "@",
    "`",
    "%",
    "  ",
    "0x",
    "1e9999",
    ".inf",
    "&anchor [1, 2]\n",
    "*undefined",
    "key: &a [*a]\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR one byte with a non-zero mask.
    Flip(Index, u8),
    /// Keep only a prefix.
    Truncate(Index),
    /// Insert a snippet at a byte position.
    Insert(Index, usize),
    /// Repeat one line right after itself.
    DuplicateLine(Index),
    /// Remove one byte.
    Delete(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..=255u8).prop_map(|(i, m)| Mutation::Flip(i, m)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 0..SNIPPETS.len()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::Delete),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    match mutation {
        Mutation::Flip(i, mask) if len > 0 => {
            let i = i.index(len);
            bytes[i] ^= mask;
        }
        Mutation::Truncate(i) => {
            let keep = i.index(len + 1);
            bytes.truncate(keep);
        }
        Mutation::Insert(i, s) => {
            let at = i.index(len + 1);
            let snippet = SNIPPETS[*s].as_bytes();
            bytes.splice(at..at, snippet.iter().copied());
        }
        Mutation::DuplicateLine(i) => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|&(_, b)| *b == b'\n')
                        .map(|(n, _)| n + 1),
                )
                .filter(|&n| n < len)
                .collect();
            if starts.is_empty() {
                return;
            }
            let start = starts[i.index(starts.len())];
            let end = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(len, |n| start + n + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
        Mutation::Delete(i) if len > 0 => {
            bytes.remove(i.index(len));
        }
        Mutation::Flip(..) | Mutation::Delete(_) => {}
    }
}

/// Parses and, when the result is a diagnostic, checks it is well formed.
fn parse(bytes: &[u8]) {
    if let Err(d) = parse_bytes(bytes, "x.yaml") {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert_eq!(d.file, "x.yaml");
        assert!(!d.message.is_empty());
    }
}

fn code_of(bytes: &[u8]) -> Option<Code> {
    parse_bytes(bytes, "x.yaml").err().map(|d| d.code)
}

/// Tokens that random YAML-ish text is built from.
const TOKENS: &[&str] = &[
    "a",
    "id",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&x ",
    "*x",
    "\"",
    "'",
    "#",
    "\t",
    "? ",
    "|",
    ">",
    "---",
    "...",
    "!!",
    "1",
    "2025-01-03",
    "true",
    "~",
    "\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        parse(&bytes);
    }

    #[test]
    fn random_yaml_like_text_never_panics(
        tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..400)
    ) {
        parse(tokens.concat().as_bytes());
    }

    #[test]
    fn mutated_records_never_panic(mutations in prop::collection::vec(mutation(), 1..10)) {
        let mut bytes = VALID.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        parse(&bytes);
    }
}

/// A small repository whose records refer to each other, so that mutations reach the rules
/// and cross-record checks, not only the YAML reader.
const REPOSITORY: &[(&str, &str)] = &[
    (
        "records/actions/ACT-2025-0001.yaml",
        "id: ACT-2025-0001\ntitle: T\nlearning: L\naction: A\nsource: {type: audit, refs: [AUD-2025-0001]}\nlevel: collective\nowner: jsmith\nteam: north\nthemes: [a, b]\nagreed: {forum: other, date: 2025-03-01}\ndue: 2025-09-30\nstatus: completed\ncompleted: 2025-04-01\nimpact: {review_due: 2025-07-01, measured: 2025-08-01, rating: improved}\nupdates:\n  - {date: 2025-03-02, note: n}\n",
    ),
    (
        "records/audits/AUD-2025-0001.yaml",
        "id: AUD-2025-0001\ntype: thematic\ntopic: safeguarding\nstatus: completed\nauditor: jsmith\ncompleted: 2025-02-01\ngrade: good\nmoderation: {required: true, moderator: jsmith, moderated: 2025-03-01}\nactions: [ACT-2025-0001]\n",
    ),
    (
        "records/staff/jsmith.yaml",
        "id: jsmith\nrole: amhp\nstarted: 2020-01-01\nleft: 2025-05-01\nsupervision_interval: 4 weeks\napprovals:\n  - {type: amhp, approved: 2021-01-01}\n",
    ),
    (
        "records/supervision/SUP-2025-0001.yaml",
        "id: SUP-2025-0001\nsupervisee: jsmith\nsupervisor: jsmith\ndate: 2025-06-01\ntype: clinical\nstatus: held\n",
    ),
    (
        "records/complaints/CMP-2025-0001.yaml",
        "id: CMP-2025-0001\ntype: complaint\nstatus: closed\nreceived: 2025-01-01\nresponded: 2025-01-20\nhandler: jsmith\nsummary: Call 0113 496 0000\nlearning_form: {completed: 2025-02-01, actions: [ACT-2025-0001]}\nombudsman: {referred: 2025-03-01, decided: 2025-02-01}\n",
    ),
];

proptest! {
    // Each case writes a repository and runs every check: fewer cases, same idea.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_repositories_never_panic_the_checks(
        mutations in prop::collection::vec((0..REPOSITORY.len(), mutation()), 1..12)
    ) {
        let dir = tempfile::TempDir::new().expect("temporary folder");
        fs::write(dir.path().join("qaledger.toml"), "[[team]]\nid = \"north\"\n").expect("config");
        let mut contents: Vec<Vec<u8>> =
            REPOSITORY.iter().map(|(_, text)| text.as_bytes().to_vec()).collect();
        for (file, m) in &mutations {
            apply(&mut contents[*file], m);
        }
        for ((path, _), bytes) in REPOSITORY.iter().zip(&contents) {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            fs::write(path, bytes).expect("record");
        }
        let opened = qaledger::repository::Repository::open(dir.path(), jiff::civil::date(2025, 6, 30));
        prop_assert!(opened.is_ok(), "records never stop the tool: {:?}", opened.err());
    }
}

#[test]
fn the_unmutated_record_is_valid_yaml() {
    let node = parse_bytes(VALID.as_bytes(), "x.yaml");
    let node = node.unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(node.to_json()["updates"][0]["date"], "2025-03-12");
}

#[test]
fn twenty_thousand_nested_block_lists() {
    let text = "- ".repeat(20_000) + "x\n";
    assert_eq!(code_of(text.as_bytes()), Some(Code::YamlTooDeep));
}

#[test]
fn a_thousand_nested_block_mappings() {
    let text: String = (0..1_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    assert_eq!(code_of(text.as_bytes()), Some(Code::YamlTooDeep));
}

#[test]
fn a_million_open_brackets() {
    // The parser's own flow-depth limit (256) can trip before qaledger's (64) sees the 65th
    // level, because the scanner reads ahead; that is reported as `yaml-syntax` ("recursion
    // limit exceeded") rather than `yaml-too-deep`. Either way it must be an error, not a panic.
    let deep = |code| matches!(code, Some(Code::YamlTooDeep | Code::YamlSyntax));
    let text = "[".repeat(1_000_000);
    assert!(
        deep(code_of(text.as_bytes())),
        "{:?}",
        code_of(text.as_bytes())
    );
    let text = "{a: ".repeat(100_000);
    assert!(
        deep(code_of(text.as_bytes())),
        "{:?}",
        code_of(text.as_bytes())
    );
    // Shallow enough for the parser's read-ahead, deep enough for qaledger's limit.
    assert_eq!(code_of("[".repeat(100).as_bytes()), Some(Code::YamlTooDeep));
}

fn alias_bomb() -> String {
    let mut text = String::from("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let previous = format!("*lol{}", i - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("lol{i}: &lol{i} [{items}]\n"));
    }
    text
}

#[test]
fn a_billion_laughs() {
    assert_eq!(
        code_of(alias_bomb().as_bytes()),
        Some(Code::YamlAliasExpansion)
    );
    // The same in block style, with mapping values.
    let mut text = String::from(
        "l0: &l0\n  a: x\n  b: x\n  c: x\n  d: x\n  e: x\n  f: x\n  g: x\n  h: x\n  i: x\n  j: x\n",
    );
    for i in 1..10 {
        text.push_str(&format!("l{i}: &l{i}\n"));
        for key in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            text.push_str(&format!("  {key}: *l{}\n", i - 1));
        }
    }
    assert_eq!(code_of(text.as_bytes()), Some(Code::YamlAliasExpansion));
}

#[test]
fn an_alias_to_itself_or_to_nothing() {
    assert!(code_of(b"a: &a [*a]\n").is_some());
    assert!(code_of(b"a: *nowhere\n").is_some());
}

#[test]
fn a_byte_order_mark_alone_is_an_empty_file() {
    assert_eq!(code_of(b"\xEF\xBB\xBF"), Some(Code::FileEmpty));
    assert_eq!(
        code_of(b"\xEF\xBB\xBF# only a comment\r\n"),
        Some(Code::FileEmpty)
    );
    // A second mark is text, not a mark: whatever it is, it must not panic.
    parse(b"\xEF\xBB\xBF\xEF\xBB\xBF");
}

#[test]
fn nul_bytes() {
    parse(&[0; 4096]);
    assert!(code_of(&[0; 4096]).is_some(), "NUL bytes are not a record");
    parse(b"id: ACT-2025-0001\0\nstatus: agreed\n");
}

#[test]
fn broken_utf8_sequences() {
    for bytes in [
        &b"\xFF"[..],
        b"id: \xC3",
        b"id: \xE2\x82",
        b"id: \xF0\x9F\x98",
        b"id: \xC0\xAF",
        b"id: \xED\xA0\x80",
        b"\xEF\xBB",
    ] {
        assert_eq!(code_of(bytes), Some(Code::FileNotUtf8), "{bytes:?}");
    }
}

#[test]
fn crlf_line_endings_parse_with_the_right_positions() {
    let text = VALID.replace('\n', "\r\n");
    let node = parse_bytes(text.as_bytes(), "x.yaml").unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(node.to_json()["status"], "in-progress");
    assert_eq!(
        node.to_json()["action"],
        "Add a prompt for the person's views to the assessment template.\n"
    );
    let status = node.locate(["status"]);
    assert_eq!(status.key_pos, Some(Pos { line: 16, col: 1 }));
    assert_eq!(status.node.pos, Pos { line: 16, col: 9 });
    // Old Mac line endings and a mix.
    parse(VALID.replace('\n', "\r").as_bytes());
    parse(VALID.replacen('\n', "\r\n", 5).as_bytes());
}

#[test]
fn long_lines_and_many_keys() {
    let long = format!("notes: {}\n", "a".repeat(1_000_000));
    assert!(parse_bytes(long.as_bytes(), "x.yaml").is_ok());
    let many: String = (0..50_000).map(|i| format!("k{i}: v\n")).collect();
    parse(many.as_bytes());
}

// ------------------------------------------------------------------------------------------
// End to end
// ------------------------------------------------------------------------------------------

const VALID_RECORD: &str = "\
id: ACT-2025-0001
title: Record the person's views in every assessment
learning: Audits found the person's own views missing from assessments.
action: Add a prompt for the person's views to the assessment template.
source: {type: other}
level: collective
owner: jsmith
due: 2025-09-30
status: agreed
";

#[test]
fn check_survives_a_repository_of_hostile_files() {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let root = dir.path();
    fs::write(root.join("qaledger.toml"), "").expect("write config");
    let actions = root.join("records/actions");
    fs::create_dir_all(&actions).expect("create records/actions");
    let mut random = Vec::with_capacity(4096);
    let mut state: u32 = 0x1234_5678;
    for _ in 0..4096 {
        // xorshift: fixed "random" bytes, the same on every run.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        random.push(state.to_le_bytes()[0]);
    }
    let hostile: Vec<(&str, Vec<u8>)> = vec![
        ("deep.yaml", ("- ".repeat(20_000) + "x\n").into_bytes()),
        ("brackets.yaml", "[".repeat(1_000_000).into_bytes()),
        ("bomb.yaml", alias_bomb().into_bytes()),
        ("bom-only.yaml", b"\xEF\xBB\xBF".to_vec()),
        ("nul.yaml", vec![0; 4096]),
        ("random.yaml", random),
        (
            "tab.yaml",
            b"id: ACT-2025-0002\nsource:\n\ttype: other\n".to_vec(),
        ),
    ];
    for (name, bytes) in &hostile {
        fs::write(actions.join(name), bytes).expect("write hostile file");
    }
    fs::write(
        actions.join("ACT-2025-0001.yaml"),
        VALID_RECORD.replace('\n', "\r\n"),
    )
    .expect("write valid record");

    let output = Command::cargo_bin("qaledger")
        .expect("the qaledger binary is built")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["--as-of", "2025-06-30", "--root"])
        .arg(root)
        .args(["check", "--format", "json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("qaledger runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the report is JSON");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
    for (name, _) in &hostile {
        let file = format!("records/actions/{name}");
        assert!(
            diagnostics
                .iter()
                .any(|d| d["file"] == file.as_str() && d["severity"] == "error"),
            "no error for {file} in {diagnostics:#?}"
        );
    }
    // The valid record (with CRLF endings) is still checked, and is fine.
    assert!(
        !diagnostics
            .iter()
            .any(|d| d["file"] == "records/actions/ACT-2025-0001.yaml"),
        "{diagnostics:#?}"
    );
    // The deep list and the alias bomb are still checked past their YAML problem (each is
    // then a record failing its schema); the others hold no record.
    assert_eq!(json["summary"]["records"], 3);
    assert_eq!(json["summary"]["files"], hostile.len() + 1);
    // Every diagnostic points into its file.
    assert!(diagnostics.iter().all(|d| d["line"].as_u64() >= Some(1)));
}
