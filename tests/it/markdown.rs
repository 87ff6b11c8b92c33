//! Record text in every Markdown output is shown as written, never read as markup: one action
//! and one member of staff whose free text is full of Markdown's special characters, through
//! `overdue`, `tracker`, `summary` and `remind` in Markdown, at 2025-06-30.
//!
//! Worked out by hand from the files below: ACT-2025-0001 (due 2025-05-31, in progress) is 30
//! days overdue; j_smith_ started 2025-04-01 and has no supervision session, so supervision
//! (every 6 weeks by default) was due 2025-05-13 and is 48 days overdue. Every special character of the title,
//! `**Urgent** <b>fix</b> a|b [x](y) #1 \`rm\` \ok`, is backslash-escaped, and so are those of
//! the owner (`j_smith_`), the team (`east|*west*`) and the name (`Jo *Star* Smith`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;

use crate::common::{Run, qaledger_on};

const TITLE: &str = r"**Urgent** <b>fix</b> a|b [x](y) #1 `rm` \ok";
const TITLE_ESCAPED: &str = r"\*\*Urgent\*\* \<b\>fix\</b\> a\|b \[x\](y) \#1 \`rm\` \\ok";
const OWNER_ESCAPED: &str = r"j\_smith\_";
const TEAM_ESCAPED: &str = r"east\|\*west\*";
const NAME_ESCAPED: &str = r"Jo \*Star\* Smith";

/// A repository with the action and its owner; no `[[team]]` list, so any team id is shown.
fn repository(root: &Path) {
    fs::write(
        root.join("qaledger.toml"),
        "[organisation]\nname = \"Test\"\n",
    )
    .unwrap();
    let actions = root.join("records/actions/2025");
    let staff = root.join("records/staff");
    fs::create_dir_all(&actions).unwrap();
    fs::create_dir_all(&staff).unwrap();
    fs::write(
        actions.join("ACT-2025-0001.yaml"),
        format!(
            "id: ACT-2025-0001\n\
             title: '{TITLE}'\n\
             learning: Something was learned.\n\
             action: Something will be done.\n\
             source: {{type: observation}}\n\
             level: individual\n\
             owner: j_smith_\n\
             team: 'east|*west*'\n\
             agreed: {{forum: practice-governance-board, date: 2025-02-20}}\n\
             due: 2025-05-31\n\
             status: in-progress\n"
        ),
    )
    .unwrap();
    fs::write(
        staff.join("j_smith_.yaml"),
        "id: j_smith_\nname: 'Jo *Star* Smith'\nrole: social-worker\nteam: 'east|*west*'\nstarted: 2025-04-01\n",
    )
    .unwrap();
}

fn stdout(root: &Path, args: &[&str]) -> String {
    let run = Run::of(qaledger_on(root).args(args));
    assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
    run.stdout
}

/// The command's output on a fresh copy of the repository.
fn markdown_of(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    stdout(dir.path(), args)
}

/// `markdown` holds `line` whole, and not the raw title, which would be bold and a link.
fn assert_shown_as_written(markdown: &str, line: &str) {
    assert!(markdown.contains(line), "{line:?} missing from\n{markdown}");
    assert!(!markdown.contains(TITLE), "{markdown}");
    assert!(!markdown.contains(" **Urgent**"), "{markdown}");
    assert!(!markdown.contains("<b>"), "{markdown}");
}

#[test]
fn overdue_escapes_title_owner_and_team() {
    let out = markdown_of(&["overdue", "--format", "markdown"]);
    assert_shown_as_written(
        &out,
        &format!(
            "| 2025-05-31 | 30 days overdue | {NAME_ESCAPED} | {TEAM_ESCAPED} | `ACT-2025-0001` | completion | {TITLE_ESCAPED} |\n"
        ),
    );
}

#[test]
fn tracker_escapes_every_cell_of_record_text_and_the_filters() {
    let out = markdown_of(&["tracker", "--owner", "j_smith_", "--format", "markdown"]);
    assert_shown_as_written(&out, &format!("\nFilters: owner {OWNER_ESCAPED}\n"));
    assert_shown_as_written(
        &out,
        &format!(
            "| 2025-05-31 | `ACT-2025-0001` | {TITLE_ESCAPED} | Practice observation | Individual | {NAME_ESCAPED} | {TEAM_ESCAPED} | Practice governance board 2025-02-20 | In progress |  | 30 days |  |\n"
        ),
    );
}

#[test]
fn summary_escapes_the_staff_not_in_date() {
    let out = markdown_of(&["summary", "--period", "2025-Q2", "--format", "markdown"]);
    // Started 2025-04-01, every 6 weeks: due 2025-05-13, 18 days of May and 30 of June ago.
    assert_shown_as_written(
        &out,
        &format!("| {OWNER_ESCAPED} | {NAME_ESCAPED} | {TEAM_ESCAPED} | 2025-05-13 | 48 |\n"),
    );
    assert!(!out.contains("*Star*"), "{out}");
}

#[test]
fn remind_escapes_the_heading_and_the_items() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let out_dir = dir.path().join("reminders");
    stdout(
        dir.path(),
        &["-q", "remind", "--out-dir", out_dir.to_str().unwrap()],
    );
    let digest = fs::read_to_string(out_dir.join("j_smith_.md")).unwrap();
    assert!(
        digest.starts_with(&format!(
            "# Reminders for {NAME_ESCAPED} ({OWNER_ESCAPED})\n"
        )),
        "{digest}"
    );
    assert_shown_as_written(
        &digest,
        &format!(
            "- action **ACT-2025-0001**: completion due 2025-05-31 (30 days overdue) — {TITLE_ESCAPED}\n  - `records/actions/2025/ACT-2025-0001.yaml`\n"
        ),
    );
}
