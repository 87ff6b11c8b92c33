//! End-to-end tests of `qaledger show ID` on `tests/fixtures/links/` at 2025-06-30: a record's
//! deadlines, its links both ways (audit, action, complaint), what a member of staff owns,
//! unknown ids, and snapshots of the human and JSON output. Expected values were worked out
//! from the fixture files by hand; each file's first comment gives its dates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{AS_OF, Run, copy_tree, manifest_dir, qaledger_on};

fn fixture() -> PathBuf {
    manifest_dir().join("tests/fixtures/links")
}

fn show_in(root: &Path, args: &[&str]) -> Run {
    Run::of(qaledger_on(root).arg("show").args(args))
}

fn show(args: &[&str]) -> Run {
    show_in(&fixture(), args)
}

fn show_json(id: &str) -> Value {
    show(&[id, "--format", "json"]).ok_json()
}

fn link(kind: &str, id: &str, field: &str, title: &str) -> Value {
    json!({"kind": kind, "id": id, "field": field, "title": title})
}

/// (deadline, due, state, days, done) of each deadline.
fn deadlines(value: &Value) -> Vec<(String, String, String, i64, Value)> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["deadline"].as_str().unwrap().to_owned(),
                d["due"].as_str().unwrap().to_owned(),
                d["state"].as_str().unwrap().to_owned(),
                d["days"].as_i64().unwrap(),
                d["done"].clone(),
            )
        })
        .collect()
}

fn row(
    deadline: &str,
    due: &str,
    state: &str,
    days: i64,
    done: Option<&str>,
) -> (String, String, String, i64, Value) {
    (
        deadline.to_owned(),
        due.to_owned(),
        state.to_owned(),
        days,
        done.map_or(Value::Null, |d| json!(d)),
    )
}

#[test]
fn an_audit_links_to_its_people_and_actions_and_is_linked_from_its_actions() {
    let v = show_json("AUD-2025-0001");
    assert_eq!(v["kind"], "audit");
    assert_eq!(v["title"], "Person's journey audit");
    assert_eq!(v["path"], "records/audits/2025/AUD-2025-0001.yaml");
    assert_eq!(v["valid"], true);
    // The audit's references in its schema's order: auditor, practitioner, (no moderator),
    // actions.
    assert_eq!(
        v["links"]["outgoing"],
        json!([
            link("staff", "cdavies", "auditor", "Carys Davies"),
            link("staff", "bkhan", "practitioner", "Bilal Khan"),
            link(
                "action",
                "ACT-2025-0001",
                "actions",
                "Record the person's views in every assessment"
            ),
        ])
    );
    // Both actions name it in source.refs; ACT-2025-0003 fails its schema but its reference
    // is still in the file.
    assert_eq!(
        v["links"]["incoming"],
        json!([
            link(
                "action",
                "ACT-2025-0001",
                "source.refs",
                "Record the person's views in every assessment"
            ),
            link(
                "action",
                "ACT-2025-0003",
                "source.refs",
                "Check the person's views at moderation"
            ),
        ])
    );
    // Completion: scheduled 2025-05-01, completed 2025-05-02 → met late, 60 days before
    // as-of (30 days to 31 May + 30 in June). Moderation: 20 working days after 2025-05-02
    // (skipping 5 and 26 May) = 2025-06-03, not done → 27 days overdue.
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![
            row(
                "completion",
                "2025-05-01",
                "met-late",
                60,
                Some("2025-05-02")
            ),
            row("moderation", "2025-06-03", "overdue", 27, None),
        ]
    );
    assert_eq!(v["owns"], Value::Null, "only staff own things");
}

#[test]
fn an_action_links_to_its_owner_and_source_and_is_linked_from_the_audit_and_review() {
    let v = show_json("ACT-2025-0001");
    assert_eq!(
        v["links"]["outgoing"],
        json!([
            link("staff", "bkhan", "owner", "Bilal Khan"),
            link(
                "audit",
                "AUD-2025-0001",
                "source.refs",
                "Person's journey audit"
            ),
        ])
    );
    assert_eq!(
        v["links"]["incoming"],
        json!([
            link(
                "audit",
                "AUD-2025-0001",
                "actions",
                "Person's journey audit"
            ),
            link(
                "review",
                "REV-2025-0001",
                "actions",
                "Safeguarding Adults Review (SAR) — P1234567"
            ),
        ])
    );
    // Due 2025-06-20, not completed: 10 days overdue.
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![row("completion", "2025-06-20", "overdue", 10, None)]
    );
}

#[test]
fn a_complaint_links_to_its_learning_form_actions_and_back() {
    let v = show_json("CMP-2025-0001");
    assert_eq!(
        v["links"]["outgoing"],
        json!([
            link("staff", "jsmith", "handler", "Jane Smith"),
            link(
                "action",
                "ACT-2025-0002",
                "learning_form.actions",
                "Offer carers' assessments at first contact"
            ),
        ])
    );
    assert_eq!(
        v["links"]["incoming"],
        json!([link(
            "action",
            "ACT-2025-0002",
            "source.refs",
            "Offer carers' assessments at first contact"
        )])
    );
    // Received Monday 2025-06-02. Acknowledgement: 3 working days → 2025-06-05, done 06-04.
    // Response: 20 working days → 2025-06-30, done 06-20. Learning form: 10 working days
    // after 2025-06-20 → 2025-07-04, done 06-25. Days = as-of − due.
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![
            row(
                "acknowledgement",
                "2025-06-05",
                "met-on-time",
                25,
                Some("2025-06-04")
            ),
            row(
                "response",
                "2025-06-30",
                "met-on-time",
                0,
                Some("2025-06-20")
            ),
            row(
                "learning-form",
                "2025-07-04",
                "met-on-time",
                -4,
                Some("2025-06-25")
            ),
        ]
    );
}

#[test]
fn a_manager_owns_her_complaints_her_action_and_her_reports_supervision_overdue_first() {
    let v = show_json("jsmith");
    assert_eq!(v["kind"], "staff");
    assert_eq!(v["title"], "Jane Smith");
    // No `started` date, never supervised, no approvals: no deadlines of her own.
    assert_eq!(v["deadlines"], json!([]));
    assert_eq!(v["links"]["outgoing"], json!([]), "she has no manager");
    assert_eq!(
        v["links"]["incoming"],
        json!([
            link(
                "action",
                "ACT-2025-0002",
                "owner",
                "Offer carers' assessments at first contact"
            ),
            link(
                "complaint",
                "CMP-2025-0001",
                "handler",
                "Delay in arranging a carer's assessment."
            ),
            link(
                "complaint",
                "CMP-2025-0002",
                "handler",
                "Charges for day services were not explained."
            ),
            link("staff", "bkhan", "manager", "Bilal Khan"),
            link(
                "supervision",
                "SUP-2025-0001",
                "supervisor",
                "Line management — bkhan"
            ),
        ])
    );
    // CMP-2025-0002's response: 20 working days after 2025-05-01 = 2025-06-02, 28 days
    // overdue. Bilal's supervision: 6 weeks after 2025-05-20 = 2025-07-01, 1 day left.
    // ACT-2025-0002: due 2025-07-10, 10 days left. CMP-2025-0001's deadlines are all met, so
    // they are not listed.
    let owns: Vec<(String, String, String, i64)> = v["owns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_owned(),
                d["deadline"].as_str().unwrap().to_owned(),
                d["state"].as_str().unwrap().to_owned(),
                d["days"].as_i64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("CMP-2025-0002", "response", "overdue", 28),
        ("bkhan", "supervision", "due-soon", -1),
        ("ACT-2025-0002", "completion", "due-soon", -10),
    ];
    assert_eq!(
        owns,
        want.map(|(a, b, c, d)| (a.to_owned(), b.to_owned(), c.to_owned(), d))
    );
}

#[test]
fn a_member_of_staff_shows_their_own_deadlines_and_what_they_own() {
    let v = show_json("bkhan");
    // His supervision is his deadline (owned by his manager): due 2025-07-01, 1 day left.
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![row("supervision", "2025-07-01", "due-soon", -1, None)]
    );
    assert_eq!(v["deadlines"][0]["owner"], "jsmith");
    // He owns ACT-2025-0003 (due 06-01, 29 days overdue; it fails its schema for want of
    // `level`, which its deadline does not read, so it is shown, with 1 problem) and
    // ACT-2025-0001 (10 days overdue).
    let owns = v["owns"].as_array().unwrap();
    assert_eq!(owns.len(), 2);
    assert_eq!(
        (&owns[0]["id"], &owns[0]["days"], &owns[0]["problems"]),
        (&json!("ACT-2025-0003"), &json!(29), &json!(1))
    );
    assert_eq!(
        (&owns[1]["id"], &owns[1]["days"], &owns[1]["problems"]),
        (&json!("ACT-2025-0001"), &json!(10), &json!(0))
    );
    assert_eq!(
        v["links"]["outgoing"],
        json!([link("staff", "jsmith", "manager", "Jane Smith")])
    );
    // Nothing was left out, so nothing to warn about.
    let run = show(&["bkhan"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn the_record_text_is_the_file_as_written() {
    let v = show_json("REV-2025-0001");
    let file =
        fs::read_to_string(fixture().join("records/reviews/2025/REV-2025-0001.yaml")).unwrap();
    assert_eq!(v["text"], file.as_str());
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(v["due_soon"], "14 days");
    // Due 2025-07-07: 7 days left, inside the 14-day window; no lead, so no owner.
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![row("completion", "2025-07-07", "due-soon", -7, None)]
    );
    assert_eq!(v["deadlines"][0]["owner"], Value::Null);
}

#[test]
fn a_record_that_fails_its_schema_is_shown_with_its_usable_deadlines_and_broken_links() {
    // No `level`: 1 schema problem, in a field its completion deadline does not read (due
    // 2025-06-01: 29 days overdue at 2025-06-30).
    let run = show(&["ACT-2025-0003", "--format", "json"]);
    assert_eq!(run.status, 0);
    let v = run.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["problems"], 1);
    assert_eq!(
        deadlines(&v["deadlines"]),
        vec![row("completion", "2025-06-01", "overdue", 29, None)]
    );
    assert_eq!(v["left_out"], json!([]));
    assert_eq!(
        v["links"]["outgoing"],
        json!([
            link("staff", "bkhan", "owner", "Bilal Khan"),
            link("audit", "AUD-2025-0001", "source.refs", "Person's journey audit"),
            {"kind": null, "id": "AUD-2025-0099", "field": "source.refs", "title": null},
        ])
    );
    assert_eq!(
        run.stderr,
        "warning: records/actions/2025/ACT-2025-0003.yaml has YAML or schema problems; its deadlines that read a field in trouble are not shown; run `qaledger check records/actions/2025/ACT-2025-0003.yaml` to see why\n"
    );
}

#[test]
fn an_unknown_id_exits_2_with_a_suggestion() {
    let run = show(&["act-2025-0001"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no record has the id `act-2025-0001` — did you mean `ACT-2025-0001`?\n"
    );

    let run = show(&["XYZ"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: no record has the id `XYZ`; record ids look like ACT-2025-0003, staff ids like jsmith\n"
    );
}

#[test]
fn an_id_whose_file_cannot_be_read_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let broken = dir.path().join("records/actions/2025/ACT-2025-0009.yaml");
    fs::write(&broken, "id: ACT-2025-0009\ntitle: [unclosed\n").unwrap();
    let run = show_in(dir.path(), &["ACT-2025-0009"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: records/actions/2025/ACT-2025-0009.yaml could not be read as a record; run `qaledger check records/actions/2025/ACT-2025-0009.yaml` to see why\n"
    );
}

#[test]
fn snapshot_human_audit() {
    let run = show(&["AUD-2025-0001"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("human_audit", run.stdout);
}

#[test]
fn snapshot_human_staff() {
    let run = show(&["jsmith"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("human_staff", run.stdout);
}

#[test]
fn snapshot_json_action() {
    let run = show(&["ACT-2025-0001", "--format", "json"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("json_action", run.stdout);
}

/// Two files holding one id (`duplicate-id`, which only `check` reports): `show` of a record
/// that names the id links to both, each with its own title, since which is meant is not known.
#[test]
fn a_reference_to_a_duplicated_id_links_to_every_file_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let original = dir.path().join("records/actions/2025/ACT-2025-0001.yaml");
    let text = fs::read_to_string(&original).unwrap();
    let title = "title: Record the person's views in every assessment\n";
    assert!(text.contains(title));
    fs::create_dir_all(dir.path().join("records/actions/2024")).unwrap();
    fs::write(
        dir.path().join("records/actions/2024/ACT-2025-0001.yaml"),
        text.replace(title, "title: A copy under the same id\n"),
    )
    .unwrap();
    let v = show_in(dir.path(), &["AUD-2025-0001", "--format", "json"]).ok_json();
    // By path: records/actions/2024/ before records/actions/2025/.
    assert_eq!(
        v["links"]["outgoing"].as_array().unwrap()[2..],
        [
            link(
                "action",
                "ACT-2025-0001",
                "actions",
                "A copy under the same id"
            ),
            link(
                "action",
                "ACT-2025-0001",
                "actions",
                "Record the person's views in every assessment"
            ),
        ]
    );
}
