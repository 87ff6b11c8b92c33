//! End-to-end tests of `qaledger overdue`: the binary, run on small repositories at 2025-06-30.
//!
//! - `tests/fixtures/overdue/`: seven items (four overdue, three due soon with `--within 14
//!   days`), two owners, two teams, one invalid record; filters, exit statuses, every format
//!   (snapshots in `tests/it/snapshots/`), and the iCalendar file parsed back.
//! - `tests/fixtures/new-kind-deadline/`: a kind and its deadline rule defined only in the
//!   repository's `schemas/`.
//! - `examples/northshire`: the JSON contract and time travel on real-looking data.
//!
//! Every expected date is worked out by hand in a comment ("wd" = working day; the bank
//! holidays are those of `tests/data/bank-holidays-england-and-wales.csv`). The deadline engine
//! itself is tested record by record in `tests/it/deadlines.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::common::{AS_OF, Run, qaledger_at};

/// `qaledger --root ROOT --as-of AS_OF --color never overdue ARGS…`, run from the crate folder.
fn overdue_at(root: &str, as_of: &str, args: &[&str]) -> Run {
    Run::of(
        qaledger_at(as_of)
            .args(["--root", root, "overdue"])
            .args(args),
    )
}

fn overdue(args: &[&str]) -> Run {
    overdue_at("tests/fixtures/overdue", AS_OF, args)
}

impl Run {
    /// Each item as `(id, deadline, due, state, days, owner, team)`.
    fn items(&self) -> Vec<Value> {
        self.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                json!([
                    i["id"],
                    i["deadline"],
                    i["due"],
                    i["state"],
                    i["days"],
                    i["owner"],
                    i["team"]
                ])
            })
            .collect()
    }

    /// `(id, deadline)` of each item, in order.
    fn keys(&self) -> Vec<(String, String)> {
        self.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_owned(),
                    i["deadline"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }
}

fn keys(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(id, name)| ((*id).to_owned(), (*name).to_owned()))
        .collect()
}

// ------------------------------------------------------------------------------------------
// The fixture's items, worked out by hand
// ------------------------------------------------------------------------------------------

/// The four overdue items of tests/fixtures/overdue at 2025-06-30.
fn overdue_items() -> Vec<Value> {
    vec![
        // CMP-2025-0001 `received: 2025-06-02` (Monday), not acknowledged: Tue 3 = wd 1,
        // Wed 4 = 2, Thu 5 = 3 → 2025-06-05, 25 days before 30 June. Handler jsmith.
        json!([
            "CMP-2025-0001",
            "acknowledgement",
            "2025-06-05",
            "overdue",
            25,
            "jsmith",
            "north"
        ]),
        // ACT-2025-0001 `due: 2025-06-16`, in progress: 14 days overdue.
        json!([
            "ACT-2025-0001",
            "completion",
            "2025-06-16",
            "overdue",
            14,
            "jsmith",
            "north"
        ]),
        // jsmith's last session SUP-2025-0001 `date: 2025-05-12`, social worker: + 6 weeks =
        // 23 June, 7 days overdue; the owner is jsmith's manager, pgrant.
        json!([
            "jsmith",
            "supervision",
            "2025-06-23",
            "overdue",
            7,
            "pgrant",
            "north"
        ]),
        // AUD-2025-0001 `scheduled: 2025-06-27`, in progress: 3 days overdue. Auditor pgrant.
        json!([
            "AUD-2025-0001",
            "completion",
            "2025-06-27",
            "overdue",
            3,
            "pgrant",
            "south"
        ]),
    ]
}

/// The three more items `--within "14 days"` adds (due 30 June to 14 July inclusive).
fn due_soon_items() -> Vec<Value> {
    vec![
        // CMP-2025-0001 response, 20 wd from Monday 2 June: 3–6 = 1–4, 9–13 = 5–9,
        // 16–20 = 10–14, 23–27 = 15–19, Mon 30 = 20 → due today, 0 days.
        json!([
            "CMP-2025-0001",
            "response",
            "2025-06-30",
            "due-soon",
            0,
            "jsmith",
            "north"
        ]),
        // ACT-2025-0002 `due: 2025-07-04`: 4 days left.
        json!([
            "ACT-2025-0002",
            "completion",
            "2025-07-04",
            "due-soon",
            -4,
            "pgrant",
            "south"
        ]),
        // pgrant's last session SUP-2025-0002 `date: 2025-06-02` + 6 weeks = 14 July, the
        // window's last day; pgrant has no manager, so no owner.
        json!([
            "pgrant",
            "supervision",
            "2025-07-14",
            "due-soon",
            -14,
            null,
            "south"
        ]),
    ]
}

#[test]
fn without_within_only_overdue_items_are_listed() {
    let run = overdue(&["--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.items(), overdue_items());
    let json = run.json();
    assert_eq!(json["as_of"], AS_OF);
    assert_eq!(json["schema_version"], 1);
}

#[test]
fn within_adds_the_items_due_soon_in_due_date_order() {
    let run = overdue(&["--within", "14 days", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut expected = overdue_items();
    expected.extend(due_soon_items());
    assert_eq!(run.items(), expected);
}

#[test]
fn within_accepts_working_days() {
    // 10 wd from Monday 30 June: 1–4 July = 1–4, 7–11 = 5–9, Mon 14 = 10 → the same window as
    // 14 days, so the same seven items.
    let run = overdue(&["--within", "10 working days", "--format", "json"]);
    assert_eq!(run.items().len(), 7);
    let run = overdue(&["--within", "a fortnight"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}

#[test]
fn a_deadline_reading_a_broken_field_is_left_out_and_named() {
    // REV-2025-0001 misspells `commissioned`, the field its completion deadline starts from
    // (valid, commissioned 2025-01-06 + 6 months = 6 July, it would be due soon): that deadline
    // cannot be computed, so it is named by path in JSON `excluded_records` (the count stays in
    // `excluded`) and on stderr.
    let run = overdue(&["--within", "14 days", "--format", "json"]);
    assert_eq!(run.json()["excluded"], 1);
    assert_eq!(
        run.json()["excluded_records"],
        json!([{
            "path": "records/reviews/2025/REV-2025-0001.yaml",
            "kind": "review",
            "id": "REV-2025-0001",
            "deadline": "completion",
            "owner": "pgrant",
            "reason": "`commissioned` has a problem"
        }])
    );
    assert!(!run.keys().iter().any(|(id, _)| id == "REV-2025-0001"));
    assert_eq!(
        run.stderr,
        "warning: 1 record was left out in whole or part — run `qaledger check PATH` to see why:\n  \
         records/reviews/2025/REV-2025-0001.yaml (completion: `commissioned` has a problem)\n"
    );
    // The other formats name it too, on stderr and in their output.
    for format in ["table", "csv", "markdown", "ics"] {
        let run = overdue(&["--format", format]);
        assert!(
            run.stderr.contains("REV-2025-0001.yaml (completion"),
            "{format}"
        );
        assert!(run.stdout.contains("REV-2025-0001.yaml"), "{format}");
    }
}

#[test]
fn owner_team_and_kind_filters() {
    let only = |args: &[&str]| {
        let mut all = vec!["--within", "14 days", "--format", "json"];
        all.extend_from_slice(args);
        overdue(&all).keys()
    };
    // jsmith handles the complaint and owns ACT-2025-0001.
    assert_eq!(
        only(&["--owner", "jsmith"]),
        keys(&[
            ("CMP-2025-0001", "acknowledgement"),
            ("ACT-2025-0001", "completion"),
            ("CMP-2025-0001", "response"),
        ])
    );
    // pgrant manages jsmith, audits AUD-2025-0001 and owns ACT-2025-0002; their own
    // supervision has no owner.
    assert_eq!(
        only(&["--owner", "pgrant"]),
        keys(&[
            ("jsmith", "supervision"),
            ("AUD-2025-0001", "completion"),
            ("ACT-2025-0002", "completion"),
        ])
    );
    assert_eq!(
        only(&["--team", "south"]),
        keys(&[
            ("AUD-2025-0001", "completion"),
            ("ACT-2025-0002", "completion"),
            ("pgrant", "supervision"),
        ])
    );
    assert_eq!(
        only(&["--kind", "staff"]),
        keys(&[("jsmith", "supervision"), ("pgrant", "supervision")])
    );
    // Filters combine.
    assert_eq!(
        only(&["--kind", "action", "--team", "north"]),
        keys(&[("ACT-2025-0001", "completion")])
    );
}

/// Issue 12: an `--owner` or `--team` that names no one listed nothing and said "Nothing
/// overdue". Now it is a usage error (exit 2) with the closest id, as `--kind` is.
#[test]
fn an_unknown_owner_or_team_is_a_usage_error_with_the_closest_id() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["--owner", "jsmth"],
            "error: `jsmth` is not a staff id in the roster or the owner of any record — did you mean `jsmith`?\n",
        ),
        (
            &["--owner", "JSmith"],
            "error: `JSmith` is not a staff id in the roster or the owner of any record — did you mean `jsmith`?\n",
        ),
        (
            &["--owner", "nobody"],
            "error: `nobody` is not a staff id in the roster or the owner of any record\n",
        ),
        (
            &["--team", "sotuh"],
            "error: `sotuh` is not a team in qaledger.toml or the team of any record — did you mean `south`?\n  the teams are: north, south\n",
        ),
        (
            &["--within", "14 days", "--team", "nowhere"],
            "error: `nowhere` is not a team in qaledger.toml or the team of any record\n  the teams are: north, south\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = overdue(args);
        assert_eq!(run.status, 2, "{args:?}");
        assert_eq!(run.stderr, stderr, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

/// Without a roster or `[[team]]`, the ids the records name are the known ones: an owner no
/// roster lists but a record names is accepted, and a near miss is refused with it.
#[test]
fn without_a_roster_or_teams_the_records_owners_and_teams_are_known() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("qaledger.toml"), "").unwrap();
    std::fs::create_dir_all(root.join("records/actions")).unwrap();
    std::fs::write(
        root.join("records/actions/ACT-2025-0001.yaml"),
        "id: ACT-2025-0001\ntitle: Brief the teams\nlearning: Audits found gaps.\n\
         action: Brief the teams.\nlevel: collective\nsource:\n  type: other\n\
         owner: ghost\ndue: 2025-06-01\nstatus: agreed\n",
    )
    .unwrap();
    let root = root.to_str().unwrap();
    // Due 1 June, 29 days overdue at 30 June.
    let run = overdue_at(root, AS_OF, &["--owner", "ghost", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.keys(),
        vec![("ACT-2025-0001".to_owned(), "completion".to_owned())]
    );
    let run = overdue_at(root, AS_OF, &["--owner", "ghots"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: `ghots` is not a staff id in the roster or the owner of any record — did you mean `ghost`?\n"
    );
    let run = overdue_at(root, AS_OF, &["--team", "north"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: `north` is not a team in qaledger.toml or the team of any record\n  qaledger.toml lists no [[team]] and no record names a team\n"
    );
    // A member of staff who owns nothing: known from the roster, so the empty list is true.
    std::fs::create_dir_all(dir.path().join("records/staff")).unwrap();
    std::fs::write(
        dir.path().join("records/staff/quiet.yaml"),
        "id: quiet\nrole: social-worker\n",
    )
    .unwrap();
    let run = overdue_at(root, AS_OF, &["--owner", "quiet", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.keys(), vec![]);
}

#[test]
fn an_unknown_kind_is_a_usage_error() {
    let run = overdue(&["--kind", "complaints"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("`complaints` is not a kind of record"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn fail_on_overdue_exits_1_only_when_something_is_overdue() {
    // Four items overdue at 30 June.
    assert_eq!(overdue(&["--fail-on-overdue"]).status, 1);
    // Only due-soon items listed (ACT-2025-0002): success.
    let run = overdue(&[
        "--fail-on-overdue",
        "--within",
        "14 days",
        "--owner",
        "pgrant",
        "--kind",
        "action",
    ]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    // The filters apply first: nothing of kind review is overdue, but REV-2025-0001's deadline
    // cannot be computed, and that is no all-clear.
    assert_eq!(
        overdue(&["--fail-on-overdue", "--kind", "review"]).status,
        1
    );
    // On 1 June nothing was overdue: the complaint (received 2 June) and the audit (main date
    // `scheduled`, 27 June) did not exist yet, ACT-2025-0001 was due on the 16th, jsmith's
    // supervision on the 23rd, and pgrant had no session and no `started` date. Among actions
    // (REV-2025-0001 is a review) that is success; over every kind, REV-2025-0001 fails it.
    let run = overdue_at(
        "tests/fixtures/overdue",
        "2025-06-01",
        &["--fail-on-overdue", "--kind", "action", "--format", "json"],
    );
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.items(), Vec::<Value>::new());
    let run = overdue_at(
        "tests/fixtures/overdue",
        "2025-06-01",
        &["--fail-on-overdue", "--format", "json"],
    );
    assert_eq!(run.status, 1, "{}", run.stdout);
    assert_eq!(run.items(), Vec::<Value>::new());
}

#[test]
fn nothing_overdue_says_so() {
    // The fixture holds one record whose deadline cannot be computed; the header names it
    // (SPEC §7).
    let run = overdue_at("tests/fixtures/overdue", "2025-06-01", &[]);
    assert_eq!(
        run.stdout,
        "1 record was left out in whole or part — run `qaledger check PATH` to see why:\n  \
         records/reviews/2025/REV-2025-0001.yaml (completion: `commissioned` has a problem)\n\n\
         Nothing overdue at 2025-06-01.\n"
    );
}

// ------------------------------------------------------------------------------------------
// Rules from the schemas
// ------------------------------------------------------------------------------------------

/// The `visit` kind exists only in tests/fixtures/new-kind-deadline/schemas/, with a `report`
/// deadline of `timescales.visit_report` ("5 working days" in its qaledger.toml) after `visited`,
/// unless `report_due` is written; done when `report_sent` is set.
#[test]
fn a_kind_added_by_the_repository_schemas_has_its_deadlines_listed() {
    let run = overdue_at(
        "tests/fixtures/new-kind-deadline",
        AS_OF,
        &["--within", "14 days", "--format", "json"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.items(),
        vec![
            // VIS-2025-0001 `visited: 2025-06-20` (Friday): 23–27 June = wd 1–5 → 27 June,
            // 3 days overdue.
            json!([
                "VIS-2025-0001",
                "report",
                "2025-06-27",
                "overdue",
                3,
                "jsmith",
                null
            ]),
            // VIS-2025-0004 `report_due: 2025-07-08` replaces 25 June + 5 wd (2 July).
            json!([
                "VIS-2025-0004",
                "report",
                "2025-07-08",
                "due-soon",
                -8,
                "jsmith",
                null
            ]),
            // Not listed: VIS-2025-0002 (report sent) and VIS-2025-0003 (cancelled).
        ]
    );
    let first = &run.json()["items"][0];
    assert_eq!(first["kind"], "visit");
    assert_eq!(first["title"], "Follow-up visit to a home care provider");
    assert_eq!(first["path"], "records/visits/2025/VIS-2025-0001.yaml");
    // `--kind` knows the new kind.
    let run = overdue_at(
        "tests/fixtures/new-kind-deadline",
        AS_OF,
        &["--kind", "visit", "--fail-on-overdue"],
    );
    assert_eq!(run.status, 1);
}

// ------------------------------------------------------------------------------------------
// examples/northshire
// ------------------------------------------------------------------------------------------

#[test]
fn northshire_json_contract() {
    let run = overdue_at(
        "examples/northshire",
        AS_OF,
        &["--within", "30 days", "--format", "json"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.json()["excluded"], 0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let items = run.json()["items"].as_array().unwrap().clone();
    let find = |id: &str, deadline: &str| -> Value {
        let found: Vec<&Value> = items
            .iter()
            .filter(|i| i["id"] == id && i["deadline"] == deadline)
            .collect();
        assert_eq!(found.len(), 1, "{id} {deadline}");
        found[0].clone()
    };
    // CMP-2025-0007 (received Saturday 2025-05-10, responded Monday 2025-06-09): learning form
    // 10 wd after the response, 10–13 June = 1–4, 16–20 = 5–9, Mon 23 = 10.
    assert_eq!(
        find("CMP-2025-0007", "learning-form"),
        json!({
            "kind": "complaint",
            "id": "CMP-2025-0007",
            "deadline": "learning-form",
            "due": "2025-06-23",
            "state": "overdue",
            "days": 7,
            "owner": "a.hughes",
            "team": "hospital-discharge",
            "title": "No interpreter was arranged for the assessment visit.",
            "path": "records/complaints/2025/CMP-2025-0007.yaml",
            "problems": 0
        })
    );
    // l.farouk (`manager: udasgupta`, `team: mental-health`): the latest session's `next_due:
    // '2025-07-01'`.
    assert_eq!(
        find("l.farouk", "supervision"),
        json!({
            "kind": "staff",
            "id": "l.farouk",
            "deadline": "supervision",
            "due": "2025-07-01",
            "state": "due-soon",
            "days": -1,
            "owner": "udasgupta",
            "team": "mental-health",
            "title": "Lachlan Farouk",
            "path": "records/staff/l.farouk.yaml",
            "problems": 0
        })
    );
    // REV-2024-0004 has no `team`: null. Title: type and case_ref, but the case reference is
    // left out without `--include-case-refs` (tests/it/case_refs.rs).
    let review = find("REV-2024-0004", "completion");
    assert_eq!(review["team"], Value::Null);
    assert_eq!(review["title"], "Safeguarding Adults Review (SAR)");
    // Met, cancelled, withdrawn, left and not-yet-due records are not listed: CMP-2024-0016
    // (all met), ACT-2023-0007 (cancelled), CMP-2024-0004 (withdrawn), zmalik (left),
    // REV-2025-0001 (due 31 July, one day past the window).
    for id in [
        "CMP-2024-0016",
        "ACT-2023-0007",
        "CMP-2024-0004",
        "zmalik",
        "REV-2025-0001",
    ] {
        assert!(!items.iter().any(|i| i["id"] == id), "{id} is listed");
    }
    // Only the two states, and sorted by due date, then id, then deadline.
    let sort_keys: Vec<(String, String, String)> = items
        .iter()
        .map(|i| {
            assert!(i["state"] == "overdue" || i["state"] == "due-soon", "{i}");
            (
                i["due"].as_str().unwrap().to_owned(),
                i["id"].as_str().unwrap().to_owned(),
                i["deadline"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = sort_keys.clone();
    sorted.sort();
    assert_eq!(sort_keys, sorted);
}

#[test]
fn as_of_reproduces_the_list_as_it_stood() {
    let listed = |as_of: &str, id: &str| {
        overdue_at("examples/northshire", as_of, &["--format", "json"]).json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["id"] == id)
            .map(|i| {
                (
                    i["deadline"].as_str().unwrap().to_owned(),
                    i["days"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    // CMP-2025-0009 `received: "2025-06-20"`: not there on the 19th; on the 26th its
    // acknowledgement (Mon 23 = wd 1, Tue 24 = 2, Wed 25 = 3) is 1 day overdue.
    assert_eq!(listed("2025-06-19", "CMP-2025-0009"), vec![]);
    assert_eq!(
        listed("2025-06-26", "CMP-2025-0009"),
        vec![("acknowledgement".to_owned(), json!(1))]
    );
    // ACT-2025-0005 `impact: {review_due: 2025-06-04, measured: 2025-06-30}`: overdue by 25
    // days on the 29th, when it had not been measured yet; met late (not listed) on the 30th.
    assert_eq!(
        listed("2025-06-29", "ACT-2025-0005"),
        vec![("impact-review".to_owned(), json!(25))]
    );
    assert_eq!(listed("2025-06-30", "ACT-2025-0005"), vec![]);
}

// ------------------------------------------------------------------------------------------
// Formats
// ------------------------------------------------------------------------------------------

/// Snapshots of every format over the fixture with `--within "14 days"`, reviewed by hand
/// against `overdue_items` and `due_soon_items`. CRLF is shown as LF (the iCalendar test below
/// checks the line endings; CSV's are the csv crate's).
#[test]
fn snapshots_of_every_format() {
    for (name, format) in [
        ("table", "table"),
        ("json", "json"),
        ("csv", "csv"),
        ("markdown", "markdown"),
        ("ics", "ics"),
    ] {
        let run = overdue(&["--within", "14 days", "--format", format]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(name, run.stdout.replace("\r\n", "\n"));
    }
}

/// A content line of an iCalendar file: name, parameters, value (TEXT escapes undone).
#[derive(Debug)]
struct Property {
    name: String,
    params: String,
    value: String,
}

/// Unfolds (a CRLF followed by a space or tab continues the line), then splits each line at
/// its first `:` (none of our parameter values holds one) and undoes TEXT escapes.
fn parse_ics(text: &str) -> Vec<Property> {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    unfolded
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (head, raw) = line.split_once(':').expect("a colon");
            let (name, params) = head.split_once(';').unwrap_or((head, ""));
            let mut value = String::new();
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('n' | 'N') => value.push('\n'),
                        Some(other) => value.push(other),
                        None => panic!("dangling backslash in {line}"),
                    }
                } else {
                    value.push(c);
                }
            }
            Property {
                name: name.to_owned(),
                params: params.to_owned(),
                value,
            }
        })
        .collect()
}

#[test]
fn ics_events_parse_back() {
    let run = overdue(&["--within", "14 days", "--format", "ics"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Valid UTF-8 as a whole (Run::of decodes strictly): no fold fell inside a character.
    let text = run.stdout;
    // CRLF everywhere, and no physical line over 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let props = parse_ics(&text);
    let value = |name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.clone())
            .unwrap()
    };
    assert_eq!(value("VERSION"), "2.0");
    assert_eq!(value("CALSCALE"), "GREGORIAN");
    assert_eq!(value("METHOD"), "PUBLISH");
    // REV-2025-0001's deadline cannot be computed: the calendar names it too.
    assert_eq!(
        value("X-WR-CALDESC"),
        "1 record was left out in whole or part — run `qaledger check PATH` to see why:\n  \
         records/reviews/2025/REV-2025-0001.yaml (completion: `commissioned` has a problem)"
    );
    assert!(value("PRODID").contains("qaledger"));
    assert_eq!(props.first().map(|p| p.value.as_str()), Some("VCALENDAR"));
    assert_eq!(props.last().map(|p| p.value.as_str()), Some("VCALENDAR"));

    // The events, in order: (UID, DTSTART, DTEND, SUMMARY). Overdue ones sit on as-of, where
    // a person looks (their due dates, 5, 16, 23 and 27 June, are in the description).
    // The summary's first 80 characters (SPEC §10).
    let title = "Letters were never in język polski (Polish), as agreed; the family asked twice…";
    let expected = [
        (
            "complaint-CMP-2025-0001-acknowledgement@qaledger",
            "20250630",
            "20250701",
            format!("Overdue: CMP-2025-0001 acknowledgement — {title}"),
        ),
        (
            "action-ACT-2025-0001-completion@qaledger",
            "20250630",
            "20250701",
            "Overdue: ACT-2025-0001 completion — Offer letters in the person's language".to_owned(),
        ),
        (
            "staff-jsmith-supervision@qaledger",
            "20250630",
            "20250701",
            "Overdue: jsmith supervision — Jo Smith".to_owned(),
        ),
        (
            "audit-AUD-2025-0001-completion@qaledger",
            "20250630",
            "20250701",
            "Overdue: AUD-2025-0001 completion — Dip sample — Safeguarding".to_owned(),
        ),
        (
            "complaint-CMP-2025-0001-response@qaledger",
            "20250630",
            "20250701",
            format!("Due soon: CMP-2025-0001 response — {title}"),
        ),
        (
            "action-ACT-2025-0002-completion@qaledger",
            "20250704",
            "20250705",
            "Due soon: ACT-2025-0002 completion — Review the interpreter booking guide".to_owned(),
        ),
        (
            "staff-pgrant-supervision@qaledger",
            "20250714",
            "20250715",
            "Due soon: pgrant supervision — Pat Grant".to_owned(),
        ),
    ];
    let events: Vec<&[Property]> = props
        .split(|p| p.name == "BEGIN" && p.value == "VEVENT")
        .skip(1)
        .collect();
    assert_eq!(events.len(), expected.len());
    for (event, (uid, start, end, summary)) in events.iter().zip(&expected) {
        let get = |name: &str| event.iter().find(|p| p.name == name).unwrap();
        assert_eq!(get("UID").value, *uid);
        assert_eq!(get("DTSTAMP").value, "20250630T000000Z");
        assert_eq!(
            (
                get("DTSTART").params.as_str(),
                get("DTSTART").value.as_str()
            ),
            ("VALUE=DATE", *start)
        );
        assert_eq!(
            (get("DTEND").params.as_str(), get("DTEND").value.as_str()),
            ("VALUE=DATE", *end)
        );
        assert_eq!(get("SUMMARY").value, *summary);
        assert_eq!(event.last().map(|p| p.name.as_str()), Some("END"));
    }
    // The description carries owner, team, path and days; pgrant has no owner.
    let description = |i: usize| {
        events[i]
            .iter()
            .find(|p| p.name == "DESCRIPTION")
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(
        description(0),
        "complaint CMP-2025-0001 acknowledgement: 25 days overdue (due 2025-06-05)\n\
         Owner: Jo Smith (jsmith)\nTeam: north\nRecord: records/complaints/2025/CMP-2025-0001.yaml"
    );
    assert!(description(6).contains("14 days left"));
    assert!(description(6).contains("Owner: none\nTeam: south"));
}

/// The complaint's title holds "ę", a comma and a semicolon, and its SUMMARY line is longer
/// than 75 octets: it is escaped, then folded between characters, never inside one.
#[test]
fn ics_folds_a_long_non_ascii_summary() {
    let text = overdue(&["--format", "ics"]).stdout;
    let start = text.find("SUMMARY:Overdue: CMP-2025-0001").unwrap();
    let end = start + text[start..].find("\r\nDESCRIPTION").unwrap();
    let folded = &text[start..end];
    // "SUMMARY:Overdue: CMP-2025-0001 acknowledgement — " is 51 octets ("—" is 3). The title
    // follows: "Letters were never in j" is 23 more (74), then "ę" takes octets 75 and 76, so
    // the first line stops at 74 octets and "ę" starts the continuation. The title is cut to
    // 79 characters, its trailing space dropped (78) and "…" added (3 octets): with 1 extra
    // octet for "ę" and 2 backslashes, 84 octets, 135 in all, so the continuation holds a space
    // and the other 135 - 74 = 61.
    let lines: Vec<&str> = folded.split("\r\n").collect();
    assert_eq!(lines.len(), 2, "{folded:?}");
    assert_eq!(lines[0].len(), 74, "{:?}", lines[0]);
    assert!(lines[0].ends_with("never in j"), "{:?}", lines[0]);
    assert!(lines[1].starts_with(" ęzyk polski"), "{:?}", lines[1]);
    assert_eq!(lines[1].len(), 1 + 61);
    assert_eq!(
        folded.replace("\r\n ", ""),
        "SUMMARY:Overdue: CMP-2025-0001 acknowledgement — Letters were never in język polski \
         (Polish)\\, as agreed\\; the family asked twice…"
    );
}

/// Issue 12: a duration no deadline can have, or a calendar with no working days, made
/// deadlines vanish (and the second took seconds and gigabytes first). Both stop the run at
/// load, naming the key and the allowed range; so does a schema's own duration.
#[test]
fn durations_and_closures_beyond_their_range_are_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("council");
    crate::common::copy_tree(
        &crate::common::manifest_dir().join("tests/fixtures/new-kind-deadline"),
        &root,
    );
    let toml = root.join("qaledger.toml");
    let refused = |config: &str, args: &[&str]| -> String {
        std::fs::write(&toml, config).unwrap();
        let run = overdue_at(root.to_str().unwrap(), AS_OF, args);
        assert_eq!(run.status, 2, "{config}: {}", run.stdout);
        assert_eq!(run.stdout, "");
        run.stderr
    };
    let path = toml.display();
    assert_eq!(
        refused(
            "[timescales]\nvisit_report = \"5 working days\"\ncomplaint_acknowledgement = \"999999999 years\"\n",
            &[]
        ),
        format!(
            "error: {path}: [timescales] complaint_acknowledgement: `999999999 years` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days\n"
        )
    );
    assert_eq!(
        refused(
            "[timescales]\nvisit_report = \"5 working days\"\n[supervision.roles]\namhp = \"2601 working days\"\n",
            &[]
        ),
        format!(
            "error: {path}: [supervision.roles] amhp: `2601 working days` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days\n"
        )
    );
    // Every day of 2025 closed: 365 dates.
    let mut every_day = Vec::new();
    let mut day: jiff::civil::Date = "2025-01-01".parse().unwrap();
    while day.year() == 2025 {
        every_day.push(format!("\"{day}\""));
        day = day.tomorrow().unwrap();
    }
    let started = std::time::Instant::now();
    assert_eq!(
        refused(
            &format!(
                "[timescales]\nvisit_report = \"5 working days\"\n[calendar]\nextra_closures = [{}]\n",
                every_day.join(", ")
            ),
            &[]
        ),
        format!(
            "error: {path}: [calendar] extra_closures: 365 closure days in 2025, more than the 60 a year allowed (a calendar must keep its working days, or no working-day deadline falls due)\n"
        )
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // A schema's own duration, in the same range.
    std::fs::write(&toml, "[timescales]\nvisit_report = \"5 working days\"\n").unwrap();
    let schema = std::fs::read_dir(root.join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("visit_report"))
        .unwrap();
    let text = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(
        &schema,
        text.replace(
            "after: {config: timescales.visit_report}",
            "after: {duration: \"40 years\"}",
        ),
    )
    .unwrap();
    let run = overdue_at(root.to_str().unwrap(), AS_OF, &[]);
    assert_eq!(run.status, 2, "{}", run.stdout);
    assert!(
        run.stderr.ends_with(
            ": `40 years` is longer than a deadline can be: durations are at most 10 years (120 months, 521 weeks or 3653 days), or 2600 working days\n"
        ),
        "{}",
        run.stderr
    );
    // `--within` too.
    std::fs::write(&schema, text).unwrap();
    let run = overdue_at(root.to_str().unwrap(), AS_OF, &["--within", "11 years"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains(
            "invalid value '11 years' for '--within <DURATION>': `11 years` is longer than a deadline can be"
        ),
        "{}",
        run.stderr
    );
}

/// A reader that stops early (`qaledger overdue | head -1`) closes the pipe: the run ends
/// quietly with exit 0, as ripgrep's does, not with "Broken pipe" on stderr and exit 2.
#[test]
fn a_reader_closing_the_pipe_early_is_not_an_error() {
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("qaledger");
    let mut child = Command::new(bin)
        .current_dir(crate::common::manifest_dir())
        .args(["--as-of", AS_OF, "--color", "never"])
        .args([
            "--root",
            "examples/northshire",
            "overdue",
            "--within",
            "14 days",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qaledger runs");
    // Close the reading end before qaledger writes a byte: every write fails with EPIPE.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("qaledger ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
