//! Messages a quality officer can act on without knowing YAML or JSON Schema (issue 14): each
//! slip a person makes typing a record by hand, and the whole message `check` prints for it,
//! as a snapshot (`it__messages__*.snap`). One value, one error; a date written the UK way is
//! read back as the date it means; an empty field says what to write; a YAML fault is shown on
//! its own line; no message shows a regular expression.

use std::fs;

use crate::common::{Run, copy_tree, manifest_dir, qaledger_on};

/// A valid action with `line` in place of its `due: 2025-09-30` line (after `id` … `owner`),
/// checked in a throwaway copy of the `schema-format` fixture; the run's stdout.
fn check_action(record: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/schema-format"),
        dir.path(),
    );
    let file = dir.path().join("records/actions/ACT-2025-0001.yaml");
    fs::write(&file, record).unwrap();
    Run::of(qaledger_on(dir.path()).arg("check"))
}

/// The action record, with `due` and `status` lines as given and anything after them.
fn action(due: &str, status: &str, tail: &str) -> String {
    format!(
        "id: ACT-2025-0001\n\
         title: Record the person's views in every assessment\n\
         learning: Audits found the person's own views missing from assessments.\n\
         action: Add a prompt for the person's views to the assessment template.\n\
         source: {{type: other}}\n\
         level: collective\n\
         owner: jsmith\n\
         {due}\n\
         {status}\n\
         {tail}"
    )
}

fn snapshot(name: &str, run: &Run) {
    assert_eq!(run.status, 1, "stderr:\n{}", run.stderr);
    insta::assert_snapshot!(name, run.stdout);
}

#[test]
fn a_uk_date_is_one_error_saying_the_date_it_means() {
    let run = check_action(&action("due: 30/09/2025", "status: agreed", ""));
    snapshot("uk_date", &run);
    // One error, not a second one about the same value.
    assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
    assert!(!run.stdout.contains("real date"), "{}", run.stdout);
}

#[test]
fn every_common_uk_shape_means_the_same_date() {
    for shape in ["30/9/2025", "30-09-2025", "30.09.2025", "30 Sep 2025"] {
        let run = check_action(&action(&format!("due: {shape}"), "status: agreed", ""));
        assert_eq!(run.stdout.matches("error[").count(), 1, "{}", run.stdout);
        assert!(
            run.stdout.contains(&format!(
                "`{shape}` in `due` is not a date in the form YYYY-MM-DD — did you mean `2025-09-30`?"
            )),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_date_that_reads_both_ways_gives_both_readings() {
    snapshot(
        "ambiguous_date",
        &check_action(&action("due: 01/02/2025", "status: agreed", "")),
    );
}

#[test]
fn a_date_in_the_right_form_that_does_not_exist_says_so() {
    let run = check_action(&action("due: 2025-02-30", "status: agreed", ""));
    assert!(
        run.stdout
            .contains("`2025-02-30` in `due` is not a real date"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_empty_date_says_what_to_write() {
    snapshot(
        "empty_date",
        &check_action(&action("due:", "status: agreed", "")),
    );
}

#[test]
fn an_empty_choice_lists_the_allowed_values() {
    let run = check_action(&action("due: 2025-09-30", "status:", ""));
    snapshot("empty_enum", &run);
    assert!(!run.stdout.contains("null"), "{}", run.stdout);
}

#[test]
fn a_key_glued_to_its_value_is_shown_on_its_line() {
    // The last line, then before a trailing comment: never past the end, never the comment.
    let at_end = check_action(&action("due: 2025-09-30", "status:agreed", ""));
    snapshot("no_space_after_colon", &at_end);
    let before_comment = check_action(&action(
        "due: 2025-09-30",
        "status:agreed",
        "\n# reviewed at the June forum\n",
    ));
    assert_eq!(before_comment.stdout, at_end.stdout);
    // In the middle of the record: the parser notices at the next key, the line is this one.
    let middle = check_action(&action("due:2025-09-30", "status: agreed", ""));
    assert!(
        middle.stdout.contains("ACT-2025-0001.yaml:8:1\n")
            && middle.stdout.contains("write `due: 2025-09-30`"),
        "{}",
        middle.stdout
    );
}

#[test]
fn a_pattern_is_described_in_words_never_as_a_regular_expression() {
    let run = check_action(
        &action("due: 2025-09-30", "status: agreed", "").replace("owner: jsmith", "owner: J.Smith"),
    );
    snapshot("pattern", &run);
    assert!(!run.stdout.contains("[a-z]"), "{}", run.stdout);
}

#[test]
fn personal_data_is_underlined_where_it_is_and_a_value_whole() {
    // The match in a sentence: `07700 900123` only.
    let run = check_action(&action(
        "due: 2025-09-30",
        "status: agreed",
        "notes: Ring the carer on 07700 900123 before the visit\n",
    ));
    snapshot("personal_data_underline", &run);
    // A value that is wrong as a whole is underlined whole, quoted or not.
    let quoted = check_action(&action("due: '30 Sep 2025' # agreed", "status: agreed", ""));
    assert!(
        quoted
            .stdout
            .contains("8 | due: '30 Sep 2025' # agreed\n  |      ^^^^^^^^^^^^^\n"),
        "{}",
        quoted.stdout
    );
}

#[test]
fn every_pattern_in_the_built_in_schemas_is_described_in_words() {
    for entry in fs::read_dir(manifest_dir().join("schemas")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("pattern:") {
                let next = lines.get(i + 1).map_or("", |l| l.trim_start());
                assert!(
                    next.starts_with("x-qaledger-pattern-description: "),
                    "{}:{} has a pattern without a description",
                    path.display(),
                    i + 1
                );
            }
        }
    }
}

#[test]
fn a_repository_pattern_without_words_falls_back_without_the_expression() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &manifest_dir().join("tests/fixtures/schema-format"),
        dir.path(),
    );
    // The built-in action schema with the staff id's description taken out.
    let schema = fs::read_to_string(manifest_dir().join("schemas/action.schema.yaml")).unwrap();
    let bare: String = schema
        .lines()
        .filter(|l| !l.contains("x-qaledger-pattern-description: \"a staff id"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::create_dir_all(dir.path().join("schemas")).unwrap();
    fs::write(dir.path().join("schemas/action.schema.yaml"), bare).unwrap();
    fs::write(
        dir.path().join("records/actions/ACT-2025-0001.yaml"),
        action("due: 2025-09-30", "status: agreed", "").replace("owner: jsmith", "owner: J.Smith"),
    )
    .unwrap();
    let run = Run::of(qaledger_on(dir.path()).arg("check"));
    assert!(
        run.stdout
            .contains("`J.Smith` is not in the form `owner` needs")
            && run
                .stdout
                .contains("= help: `qaledger schema show` lists what each field takes"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[a-z]"), "{}", run.stdout);
    // `schema list` says which pattern lacks its words; the built-in schemas lack none.
    let list = Run::of(qaledger_on(dir.path()).args(["schema", "list"]));
    assert_eq!(
        list.stderr,
        "warning: schemas/action.schema.yaml: the pattern at `$defs.staff_id` has no \
         `x-qaledger-pattern-description`; `check` can only say a value is not in the form needed\n"
    );
}

#[test]
fn common_yaml_slips_are_named_in_plain_words() {
    let cases = [
        (
            "due: \"2025-09-30",
            "8:6",
            "this is not valid YAML: a quote is opened and not closed",
        ),
        (
            "due: 2025-09-30\n  themes: [carers]",
            "9:9",
            "this is not valid YAML: a `:` where a value was expected (a line indented more than the one above, or a value holding `: ` that needs quotes)",
        ),
        (
            "agreed: {forum: QA board, date: 2025-06-01\ndue: 2025-09-30",
            "9:4",
            "this is not valid YAML: a block opened with `{` on this line or above is not closed with `}`",
        ),
    ];
    for (due, at, message) in cases {
        let run = check_action(&action(due, "status: agreed", ""));
        let expected = format!(
            "error[yaml-syntax]: {message}\n --> records/actions/ACT-2025-0001.yaml:{at}\n"
        );
        assert!(
            run.stdout.starts_with(&expected),
            "{due:?}:\n{}",
            run.stdout
        );
    }
}
