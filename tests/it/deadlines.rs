//! The deadline engine against SPEC §5, §6 and §10, record by record.
//!
//! Each test opens a repository through the library (`Repository::open` + `deadline::compute`)
//! and asserts every deadline of the chosen records: name, due date and state. Every expected
//! date was worked out by hand from the record's YAML, quoted in the comment above it, with the
//! working days counted one by one. Bank holidays are those of
//! `tests/data/bank-holidays-england-and-wales.csv` (2024-12-25, 2024-12-26, 2025-01-01,
//! 2025-04-18 Good Friday, 2025-04-21 Easter Monday, 2025-05-05, 2025-05-26); examples/northshire
//! also closes on 2024-12-27 (`extra_closures`). "wd" below means working day.
//!
//! Records come from `examples/northshire`; the cases it lacks are in `tests/fixtures/deadlines/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use qaledger::compute::deadline::{self, DateBasis, Deadline, Facets, Pick, State};
use qaledger::repository::Repository;
use qaledger::time::calendar::Calendar;

use State::{DueSoon, Ended, MetLate, MetOnTime, NotYetDue, Overdue};

/// The as-of date of the example: a Monday.
const AS_OF: &str = "2025-06-30";

/// Every deadline of every record of `root` at `as_of`, with items due within `within` of as-of
/// counted as due soon (as `overdue --within` does).
fn compute(root: &str, as_of: &str, within: &str) -> Vec<Deadline> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let as_of: Date = as_of.parse().unwrap();
    let mut repo = Repository::open(&root, as_of).unwrap();
    // As every view reads them: as they stood at as-of (SPEC §10).
    repo.rewind(as_of);
    let calendar = Calendar::new(&repo.config);
    let clock = DateBasis {
        calendar: &calendar,
        as_of,
        due_soon: within.parse().unwrap(),
    };
    deadline::compute(&repo, &clock, Pick::All).deadlines
}

/// examples/northshire at 2025-06-30 with a 30-day window, computed once for all tests.
fn northshire() -> &'static [Deadline] {
    static ALL: OnceLock<Vec<Deadline>> = OnceLock::new();
    ALL.get_or_init(|| compute("examples/northshire", AS_OF, "30 days"))
}

/// tests/fixtures/deadlines at 2025-06-30 with a 30-day window.
fn fixture() -> &'static [Deadline] {
    static ALL: OnceLock<Vec<Deadline>> = OnceLock::new();
    ALL.get_or_init(|| compute("tests/fixtures/deadlines", AS_OF, "30 days"))
}

/// Asserts that `id` has exactly these deadlines, `(name, due, state)`, in the engine's order
/// (due date, then name).
#[track_caller]
fn expect(all: &[Deadline], id: &str, expected: &[(&str, &str, State)]) {
    let found: Vec<(&str, String, State)> = all
        .iter()
        .filter(|d| d.id == id)
        .map(|d| (d.deadline.as_str(), d.due.to_string(), d.state))
        .collect();
    let expected: Vec<(&str, String, State)> = expected
        .iter()
        .map(|(name, due, state)| (*name, (*due).to_owned(), *state))
        .collect();
    assert_eq!(found, expected, "deadlines of {id}");
}

/// The one deadline `name` of `id`.
#[track_caller]
fn one<'a>(all: &'a [Deadline], id: &str, name: &str) -> &'a Deadline {
    let found: Vec<&Deadline> = all
        .iter()
        .filter(|d| d.id == id && d.deadline == name)
        .collect();
    assert_eq!(found.len(), 1, "{id} {name}: {found:?}");
    found[0]
}

// ------------------------------------------------------------------------------------------
// Complaints
// ------------------------------------------------------------------------------------------

/// CMP-2025-0007: `type: complaint`, `received: 2025-05-10` (a Saturday),
/// `acknowledged: 2025-05-12`, `responded: 2025-06-09`, no `learning_form`.
#[test]
fn complaint_received_on_a_saturday() {
    expect(
        northshire(),
        "CMP-2025-0007",
        &[
            // Day 0 is Saturday 10 May; Sunday 11 does not count. Mon 12 = wd 1, Tue 13 = 2,
            // Wed 14 = 3 → due 2025-05-14; acknowledged on the 12th.
            ("acknowledgement", "2025-05-14", MetOnTime),
            // 20 wd: 12–16 May = 1–5, 19–23 = 6–10, Mon 26 is the spring bank holiday,
            // 27–30 = 11–14, 2–6 June = 15–19, Mon 9 June = 20 → 2025-06-09, responded that day.
            ("response", "2025-06-09", MetOnTime),
            // From Monday 9 June, 10 wd: 10–13 = 1–4, 16–20 = 5–9, Mon 23 = 10 → 2025-06-23;
            // no learning form: 7 days overdue at 2025-06-30.
            ("learning-form", "2025-06-23", Overdue),
        ],
    );
    assert_eq!(one(northshire(), "CMP-2025-0007", "learning-form").days, 7);
}

/// CMP-2024-0016: `type: complaint`, `received: 2024-12-23` (a Monday), `acknowledged:
/// 2024-12-31`, `responded: 2025-02-05`, `learning_form: {completed: 2025-02-12, …}`.
#[test]
fn complaint_received_before_christmas() {
    expect(
        northshire(),
        "CMP-2024-0016",
        &[
            // Tue 24 Dec = wd 1; 25 and 26 are bank holidays, Fri 27 the council's closure day,
            // 28–29 the weekend; Mon 30 = 2, Tue 31 = 3 → 2024-12-31, acknowledged that day.
            ("acknowledgement", "2024-12-31", MetOnTime),
            // 20 wd: 24 Dec = 1, 30 = 2, 31 = 3, 1 Jan a bank holiday, Thu 2 = 4, Fri 3 = 5,
            // 6–10 Jan = 6–10, 13–17 = 11–15, 20–24 = 16–20 → 2025-01-24; responded 5 Feb: late.
            ("response", "2025-01-24", MetLate),
            // From Wednesday 5 Feb, 10 wd: Thu 6 = 1, Fri 7 = 2, 10–14 = 3–7, 17 = 8, 18 = 9,
            // Wed 19 = 10 → 2025-02-19; the form was completed on the 12th.
            ("learning-form", "2025-02-19", MetOnTime),
        ],
    );
}

/// CMP-2025-0003: `type: complaint`, `status: open`, `received: "2025-02-13"` (a Thursday),
/// `acknowledged: "2025-02-14"`, no `responded`.
#[test]
fn complaint_response_overdue() {
    let all = northshire();
    expect(
        all,
        "CMP-2025-0003",
        &[
            // Fri 14 = wd 1, Mon 17 = 2, Tue 18 = 3 → 2025-02-18; acknowledged on the 14th.
            ("acknowledgement", "2025-02-18", MetOnTime),
            // 20 wd: Fri 14 Feb = 1, 17–21 = 2–6, 24–28 = 7–11, 3–7 Mar = 12–16, 10 = 17,
            // 11 = 18, 12 = 19, Thu 13 = 20 → 2025-03-13. No learning form yet: it needs
            // `responded`.
            ("response", "2025-03-13", Overdue),
        ],
    );
    // 13 Mar → 30 Jun: 18 days left in March + 30 + 31 + 30 = 109.
    assert_eq!(one(all, "CMP-2025-0003", "response").days, 109);
}

/// CMP-2024-0001: `type: service-enquiry`, `received: 2024-01-29` (a Monday),
/// `response_due: 2024-03-11` (an agreed extension), `responded: 2024-03-04`.
#[test]
fn service_enquiry_with_an_agreed_response_date() {
    // A service enquiry has no acknowledgement deadline and no learning form. The computed date
    // would have been 10 wd after Monday 29 Jan (30 Jan–2 Feb = 1–4, 5–9 = 5–9, Mon 12 Feb = 10:
    // 2024-02-12, so 4 March would be late); `response_due` replaces it and 4 March is on time.
    expect(
        northshire(),
        "CMP-2024-0001",
        &[("response", "2024-03-11", MetOnTime)],
    );
}

/// CMP-2025-0008: `type: service-enquiry`, `status: open`, `received: 2025-05-30` (a Friday),
/// `acknowledged: 2025-05-30`, no `responded`.
#[test]
fn service_enquiry_response_is_10_working_days() {
    let all = northshire();
    // 10 wd: 2–6 June = 1–5, 9–13 = 6–10 → Friday 2025-06-13; 17 days overdue at 30 June.
    expect(all, "CMP-2025-0008", &[("response", "2025-06-13", Overdue)]);
    assert_eq!(one(all, "CMP-2025-0008", "response").days, 17);
}

/// CMP-2024-0003 (`status: closed`, `received: 2024-05-03`, `acknowledged: 2024-05-07`,
/// `responded: 2024-06-19`, `learning_form: {completed: 2024-07-01}`, `ombudsman: {remedy_due:
/// 2025-07-09}`, no `remedy_completed`) and CMP-2023-0003 (`remedy_due: 2024-03-29`,
/// `remedy_completed: 2024-03-14`).
#[test]
fn ombudsman_remedy() {
    let all = northshire();
    expect(
        all,
        "CMP-2024-0003",
        &[
            // Received Friday 3 May 2024: Mon 6 May is a bank holiday; Tue 7 = 1, Wed 8 = 2,
            // Thu 9 = 3 → 2024-05-09; acknowledged on the 7th.
            ("acknowledgement", "2024-05-09", MetOnTime),
            // 20 wd: 7–10 May = 1–4, 13–17 = 5–9, 20–24 = 10–14, Mon 27 the spring bank
            // holiday, 28–31 = 15–18, Mon 3 June = 19, Tue 4 = 20 → 2024-06-04; responded the
            // 19th: late.
            ("response", "2024-06-04", MetLate),
            // From Wednesday 19 June, 10 wd: 20–21 = 1–2, 24–28 = 3–7, 1–3 July = 8–10 →
            // 2024-07-03; completed 1 July.
            ("learning-form", "2024-07-03", MetOnTime),
            // The remedy date lies after as-of but is a plan, so it applies now: due 9 July,
            // 9 days left, within the 30-day window.
            ("ombudsman-remedy", "2025-07-09", DueSoon),
        ],
    );
    assert_eq!(one(all, "CMP-2024-0003", "ombudsman-remedy").days, -9);
    // Completed on 14 March 2024, before 29 March.
    let remedy = one(all, "CMP-2023-0003", "ombudsman-remedy");
    assert_eq!(
        (remedy.due.to_string(), remedy.state),
        ("2024-03-29".to_owned(), MetOnTime)
    );
}

/// tests/fixtures/deadlines CMP-2025-0001: `status: closed`, `received: 2025-05-01` (a
/// Thursday), `acknowledged: 2025-05-02`, `responded: 2025-06-02`, no `learning_form`.
#[test]
fn a_closed_complaint_is_still_overdue_on_its_learning_form() {
    let all = fixture();
    expect(
        all,
        "CMP-2025-0001",
        &[
            // Fri 2 May = wd 1, Mon 5 May a bank holiday, Tue 6 = 2, Wed 7 = 3 → 2025-05-07.
            ("acknowledgement", "2025-05-07", MetOnTime),
            // 20 wd: 2 May = 1, 6–9 = 2–5, 12–16 = 6–10, 19–23 = 11–15, Mon 26 a bank
            // holiday, 27–30 = 16–19, Mon 2 June = 20 → 2025-06-02, responded that day.
            ("response", "2025-06-02", MetOnTime),
            // From Monday 2 June, 10 wd: 3–6 = 1–4, 9–13 = 5–9, Mon 16 = 10 → 2025-06-16.
            // `closed` does not end deadlines: only cancelled and withdrawn do.
            ("learning-form", "2025-06-16", Overdue),
        ],
    );
    assert_eq!(one(all, "CMP-2025-0001", "learning-form").days, 14);
}

/// CMP-2024-0004 (`status: withdrawn`, `received: '2024-05-07'`, no `responded`) and
/// CMP-2024-0013 (`type: compliment`). A withdrawn record's deadlines are `Ended`, which no
/// listing shows (only the calendar feed reads them, to withdraw its events): acknowledgement
/// 3 working days from Tuesday 7 May 2024 = 10 May; response 20 working days = 5 June (the
/// spring bank holiday, 27 May, skipped).
#[test]
fn withdrawn_complaints_and_compliments_have_no_deadlines() {
    let all = northshire();
    expect(
        all,
        "CMP-2024-0004",
        &[
            ("acknowledgement", "2024-05-10", Ended),
            ("response", "2024-06-05", Ended),
        ],
    );
    expect(all, "CMP-2024-0013", &[]);
}

// ------------------------------------------------------------------------------------------
// Audits
// ------------------------------------------------------------------------------------------

/// AUD-2025-0005: `scheduled: 2025-04-16`, `completed: 2025-04-17` (a Thursday, the day
/// before Good Friday), `moderation: {required: true}`, no `moderated`.
#[test]
fn audit_moderation_across_easter() {
    let all = northshire();
    expect(
        all,
        "AUD-2025-0005",
        &[
            // Completed a day after the scheduled date: met late.
            ("completion", "2025-04-16", MetLate),
            // 20 wd: Fri 18 Good Friday, weekend, Mon 21 Easter Monday; 22–25 Apr = 1–4,
            // 28 Apr–2 May = 5–9, Mon 5 May a bank holiday, 6–9 = 10–13, 12–16 = 14–18,
            // Mon 19 = 19, Tue 20 = 20 → 2025-05-20.
            ("moderation", "2025-05-20", Overdue),
        ],
    );
    // 20 May → 30 June: 11 + 30 = 41.
    assert_eq!(one(all, "AUD-2025-0005", "moderation").days, 41);
}

/// AUD-2024-0022: `scheduled: 2024-12-11`, `completed: 2024-12-06` (a Friday),
/// `moderation: {required: true}`, no `moderated`.
#[test]
fn audit_moderation_across_christmas() {
    let all = northshire();
    expect(
        all,
        "AUD-2024-0022",
        &[
            // Completed before the scheduled date: on time.
            ("completion", "2024-12-11", MetOnTime),
            // 20 wd: 9–13 Dec = 1–5, 16–20 = 6–10, 23 = 11, 24 = 12, 25–26 bank holidays,
            // 27 the council's closure, 30 = 13, 31 = 14, 1 Jan a bank holiday, 2 = 15,
            // 3 = 16, 6–9 = 17–20 → 2025-01-09.
            ("moderation", "2025-01-09", Overdue),
        ],
    );
    // 9 Jan → 30 June: 22 + 28 + 31 + 30 + 31 + 30 = 172.
    assert_eq!(one(all, "AUD-2024-0022", "moderation").days, 172);
}

/// AUD-2025-0007: no `scheduled`, `completed: 2025-04-25` (a Friday), `moderation: {required:
/// true, moderated: 2025-05-27}`.
#[test]
fn audit_moderated_on_its_due_date() {
    // No scheduled date: no completion deadline. 20 wd: 28 Apr–2 May = 1–5, Mon 5 May a bank
    // holiday, 6–9 = 6–9, 12–16 = 10–14, 19–23 = 15–19, Mon 26 a bank holiday, Tue 27 = 20 →
    // 2025-05-27, moderated that day.
    expect(
        northshire(),
        "AUD-2025-0007",
        &[("moderation", "2025-05-27", MetOnTime)],
    );
}

/// AUD-2025-0008 (`status: in-progress`, `scheduled: "2025-05-06"`), AUD-2023-0007
/// (`scheduled: 2023-07-06`, `completed: 2023-07-03`, `moderation: {required: false}`) and
/// AUD-2023-0001 (`status: cancelled`, `scheduled: 2023-05-25`).
#[test]
fn audit_completion() {
    let all = northshire();
    // 6 May → 30 June: 25 + 30 = 55 days overdue.
    expect(
        all,
        "AUD-2025-0008",
        &[("completion", "2025-05-06", Overdue)],
    );
    assert_eq!(one(all, "AUD-2025-0008", "completion").days, 55);
    // Moderation not required: only the completion deadline, met three days early.
    expect(
        all,
        "AUD-2023-0007",
        &[("completion", "2023-07-06", MetOnTime)],
    );
    // Cancelled: ended, in no listing.
    expect(all, "AUD-2023-0001", &[("completion", "2023-05-25", Ended)]);
}

// ------------------------------------------------------------------------------------------
// Actions
// ------------------------------------------------------------------------------------------

/// ACT-2025-0003: `due: 2025-05-21`, `status: in-progress`, no `completed`.
#[test]
fn action_completion_overdue() {
    let all = northshire();
    // Not completed, so no impact review yet. 21 May → 30 June: 10 + 30 = 40.
    expect(
        all,
        "ACT-2025-0003",
        &[("completion", "2025-05-21", Overdue)],
    );
    assert_eq!(one(all, "ACT-2025-0003", "completion").days, 40);
}

/// ACT-2024-0013 (`due: 2025-06-05`, `completed: 2025-06-20`, no `impact`) and ACT-2024-0023
/// (`due: 2025-03-30`, `completed: 2025-04-30`, no `impact`).
#[test]
fn action_met_late_then_impact_review() {
    let all = northshire();
    expect(
        all,
        "ACT-2024-0013",
        &[
            // Completed 15 days late: met late, never listed as overdue.
            ("completion", "2025-06-05", MetLate),
            // 20 June + 3 months = 2025-09-20, beyond the 30-day window.
            ("impact-review", "2025-09-20", NotYetDue),
        ],
    );
    expect(
        all,
        "ACT-2024-0023",
        &[
            ("completion", "2025-03-30", MetLate),
            // 30 April + 3 months = 2025-07-30: exactly 30 days after as-of, and the window is
            // inclusive (SPEC §10).
            ("impact-review", "2025-07-30", DueSoon),
        ],
    );
    assert_eq!(one(all, "ACT-2024-0023", "impact-review").days, -30);
}

/// ACT-2024-0014: `due: 2024-12-11`, `completed: 2024-12-06`, `impact: {review_due:
/// 2025-03-06}`, no `measured`.
#[test]
fn action_impact_review_date_written_in_the_record() {
    let all = northshire();
    expect(
        all,
        "ACT-2024-0014",
        &[
            ("completion", "2024-12-11", MetOnTime),
            // `impact.review_due` wins over 6 Dec + 3 months (2025-03-06 too, by chance).
            ("impact-review", "2025-03-06", Overdue),
        ],
    );
    // 6 Mar → 30 June: 25 + 30 + 31 + 30 = 116.
    assert_eq!(one(all, "ACT-2024-0014", "impact-review").days, 116);
}

/// tests/fixtures/deadlines ACT-2024-0001: `due: 2024-11-30`, `status: completed`,
/// `completed: 2024-11-30`, no `impact`.
#[test]
fn impact_review_clamps_to_the_end_of_february() {
    let all = fixture();
    expect(
        all,
        "ACT-2024-0001",
        &[
            ("completion", "2024-11-30", MetOnTime),
            // 30 Nov + 3 months = "30 Feb 2025", clamped to the month's last day, 28 Feb.
            ("impact-review", "2025-02-28", Overdue),
        ],
    );
    // 28 Feb → 30 June: 31 + 30 + 31 + 30 = 122.
    assert_eq!(one(all, "ACT-2024-0001", "impact-review").days, 122);
}

/// tests/fixtures/deadlines ACT-2025-0001: `status: proposed`, `due: 2025-06-20`, no `agreed`.
#[test]
fn a_proposed_action_has_a_completion_deadline() {
    let all = fixture();
    expect(
        all,
        "ACT-2025-0001",
        &[("completion", "2025-06-20", Overdue)],
    );
    assert_eq!(one(all, "ACT-2025-0001", "completion").days, 10);
}

/// ACT-2023-0007: `due: 2023-12-31`, `status: cancelled`: ended, in no listing.
#[test]
fn a_cancelled_action_has_no_deadlines() {
    expect(
        northshire(),
        "ACT-2023-0007",
        &[("completion", "2023-12-31", Ended)],
    );
}

// ------------------------------------------------------------------------------------------
// Reviews
// ------------------------------------------------------------------------------------------

/// REV-2024-0004 (`status: open`, `commissioned: 2024-09-03`, `due: 2025-03-03`), REV-2025-0001
/// (`status: open`, `commissioned: 2025-01-31`, no `due`), REV-2025-0002 (`commissioned:
/// 2025-02-24`, `completed: 2025-05-13`, no `due`) and REV-2024-0001 (`status: cancelled`).
#[test]
fn review_completion() {
    let all = northshire();
    // The written `due` wins over commissioned + 6 months. 3 Mar → 30 June: 28 + 30 + 31 + 30.
    expect(
        all,
        "REV-2024-0004",
        &[("completion", "2025-03-03", Overdue)],
    );
    assert_eq!(one(all, "REV-2024-0004", "completion").days, 119);
    // 31 Jan + 6 months = 31 July: one day beyond the 30-day window (it ends on 30 July).
    expect(
        all,
        "REV-2025-0001",
        &[("completion", "2025-07-31", NotYetDue)],
    );
    // 24 Feb + 6 months = 24 August; completed 13 May.
    expect(
        all,
        "REV-2025-0002",
        &[("completion", "2025-08-24", MetOnTime)],
    );
    // Cancelled (due 2024-07-15): ended, in no listing.
    expect(all, "REV-2024-0001", &[("completion", "2024-07-15", Ended)]);
}

// ------------------------------------------------------------------------------------------
// Staff: supervision and approvals
// ------------------------------------------------------------------------------------------

/// i.lloyd (`role: asye`, no `supervision_interval`), last held session SUP-2025-0024
/// (`date: "2025-06-23"`, no `next_due`); amiah (`role: social-worker`), last held session
/// SUP-2025-0005 (`date: 2025-04-22`, no `next_due`).
#[test]
fn supervision_by_role_interval() {
    let all = northshire();
    // asye: 2 weeks (config and built-in). 23 June + 14 days = 2025-07-07. No approvals.
    expect(all, "i.lloyd", &[("supervision", "2025-07-07", DueSoon)]);
    // Any other role: the default 6 weeks. 22 April + 42 days = 3 June; 27 days overdue.
    expect(all, "amiah", &[("supervision", "2025-06-03", Overdue)]);
    let amiah = one(all, "amiah", "supervision");
    assert_eq!(amiah.days, 27);
    // The owner of a staff deadline is the member's manager.
    assert_eq!(amiah.owner.as_deref(), Some("a.hughes"));
}

/// f.akhtar: `role: social-care-worker`, `supervision_interval: "4 weeks"`; last held session
/// SUP-2025-0023 (`date: 2025-06-23`, `type: group`).
#[test]
fn supervision_interval_of_the_member() {
    // Any held session counts, whatever its type. 23 June + 28 days = 2025-07-21 (the role's
    // 6 weeks would give 4 August).
    expect(
        northshire(),
        "f.akhtar",
        &[("supervision", "2025-07-21", DueSoon)],
    );
}

/// l.farouk (`role: amhp`, `approvals: [{type: amhp, approved: 2020-07-10, expires:
/// 2025-07-10}]`); held sessions 2023-04-17, 2023-11-17, 2024-01-08, 2024-06-10 (`next_due:
/// 2024-07-22`) and SUP-2025-0004 (`date: '2025-04-11'`, `next_due: '2025-07-01'`).
#[test]
fn supervision_next_due_written_in_the_session() {
    let all = northshire();
    expect(
        all,
        "l.farouk",
        &[
            // The latest session's `next_due` wins over 11 April + 6 weeks (23 May).
            ("supervision", "2025-07-01", DueSoon),
            // `expires` is the due date.
            ("amhp-approval", "2025-07-10", DueSoon),
        ],
    );
    // On 10 April 2025 the session of the 11th had not happened: the latest is 10 June 2024,
    // whose `next_due` is 22 July 2024. 22 Jul 2024 → 10 Apr 2025: 9 + 31 + 30 + 31 + 30 + 31
    // + 31 + 28 + 31 + 10 = 262 days overdue.
    let earlier = compute("examples/northshire", "2025-04-10", "30 days");
    expect(
        &earlier,
        "l.farouk",
        &[
            ("supervision", "2024-07-22", Overdue),
            ("amhp-approval", "2025-07-10", NotYetDue),
        ],
    );
    assert_eq!(one(&earlier, "l.farouk", "supervision").days, 262);
}

/// tests/fixtures/deadlines b.lee: `role: asye`; SUP-2025-0001 and SUP-2025-0002 both held on
/// 2025-06-16, only the second with `next_due: 2025-07-21`; SUP-2025-0003 cancelled on
/// 2025-06-25.
#[test]
fn supervision_same_date_later_id_wins() {
    // The later id's `next_due` (21 July), not 16 June + 2 weeks (30 June, from SUP-2025-0001),
    // and not 25 June + 2 weeks (from the cancelled session).
    expect(
        fixture(),
        "b.lee",
        &[("supervision", "2025-07-21", DueSoon)],
    );
}

/// tests/fixtures/deadlines jsmith (`role: social-worker`, `started: 2025-05-01`, never
/// supervised) and qa.lead (no `started`, never supervised).
#[test]
fn supervision_of_a_member_never_supervised() {
    let all = fixture();
    // 1 May + 6 weeks = 12 June; 18 days overdue.
    expect(all, "jsmith", &[("supervision", "2025-06-12", Overdue)]);
    assert_eq!(one(all, "jsmith", "supervision").days, 18);
    // No started date: nothing to count from, so no deadline.
    expect(all, "qa.lead", &[]);
}

/// zmalik (`left: 2024-09-18`, never supervised), ndasgupta (`left: "2024-01-08"`, last session
/// 2023-08-07) and c.nowak (no `started`, never supervised, no approvals).
#[test]
fn leavers_and_members_without_a_start_have_no_deadlines() {
    let all = northshire();
    expect(all, "zmalik", &[]);
    expect(all, "ndasgupta", &[]);
    expect(all, "c.nowak", &[]);
}

/// oiqbal (`role: bia`, `approvals: [{type: bia, approved: 2024-06-10}]`, last session
/// SUP-2025-0027 `date: 2025-06-30`), rcastellano (`approvals: [{type: bia, approved:
/// 2024-03-22}, {type: bia, approved: 2025-03-21}]`, last session 2025-06-12) and udasgupta
/// (`role: service-manager`, `approvals: [{type: amhp, approved: 2021-06-30}]`, last session
/// 2025-05-28).
#[test]
fn approvals_computed_from_the_approved_date() {
    let all = northshire();
    expect(
        all,
        "oiqbal",
        &[
            // 10 June 2024 + 1 year = 10 June 2025: 20 days overdue.
            ("bia-approval", "2025-06-10", Overdue),
            // A session on as-of itself counts: 30 June + 6 weeks (no interval for the bia
            // role) = 11 August.
            ("supervision", "2025-08-11", NotYetDue),
        ],
    );
    assert_eq!(one(all, "oiqbal", "bia-approval").days, 20);
    expect(
        all,
        "rcastellano",
        &[
            // 12 June + 6 weeks = 24 July: 24 days left.
            ("supervision", "2025-07-24", DueSoon),
            // The later approval moves it: 21 March 2025 + 1 year.
            ("bia-approval", "2026-03-21", NotYetDue),
        ],
    );
    expect(
        all,
        "udasgupta",
        &[
            // 28 May + 6 weeks = 9 July.
            ("supervision", "2025-07-09", DueSoon),
            // Approvals apply whatever the role: 30 June 2021 + 5 years.
            ("amhp-approval", "2026-06-30", NotYetDue),
        ],
    );
}

/// tests/fixtures/deadlines a.khan: `approvals: [{type: amhp, approved: 2020-07-10, expires:
/// 2025-06-01}]`, no `started`, never supervised.
#[test]
fn approval_expiry_written_in_the_record() {
    let all = fixture();
    // `expires` (1 June) wins over approved + 5 years (10 July); 29 days overdue.
    expect(all, "a.khan", &[("amhp-approval", "2025-06-01", Overdue)]);
    assert_eq!(one(all, "a.khan", "amhp-approval").days, 29);
}

// ------------------------------------------------------------------------------------------
// Time travel (SPEC §10)
// ------------------------------------------------------------------------------------------

/// ACT-2025-0005: `completed: 2025-03-04`, `impact: {review_due: 2025-06-04, measured:
/// 2025-06-30}`.
#[test]
fn a_done_date_after_as_of_is_not_done() {
    // At 30 June the review was measured that day, 26 days after it was due: met late.
    expect(
        northshire(),
        "ACT-2025-0005",
        &[
            ("impact-review", "2025-06-04", MetLate),
            ("completion", "2025-06-19", MetOnTime),
        ],
    );
    // On 29 June it had not been measured yet: 25 days overdue.
    let earlier = compute("examples/northshire", "2025-06-29", "30 days");
    let review = one(&earlier, "ACT-2025-0005", "impact-review");
    assert_eq!(
        (review.state, review.done, review.days),
        (Overdue, None, 25)
    );
}

/// CMP-2025-0009: `received: "2025-06-20"` (a Friday), not acknowledged.
#[test]
fn a_record_after_as_of_did_not_exist_yet() {
    // On 19 June it had not been received: no deadlines at all.
    expect(
        &compute("examples/northshire", "2025-06-19", "30 days"),
        "CMP-2025-0009",
        &[],
    );
    // On 26 June: acknowledgement due Mon 23 = 1, Tue 24 = 2, Wed 25 = 3 → 1 day overdue;
    // response 20 wd: 23–27 June = 1–5, 30 June–4 July = 6–10, 7–11 = 11–15, 14–18 = 16–20 →
    // 2025-07-18, 22 days after 26 June.
    let later = compute("examples/northshire", "2025-06-26", "30 days");
    expect(
        &later,
        "CMP-2025-0009",
        &[
            ("acknowledgement", "2025-06-25", Overdue),
            ("response", "2025-07-18", DueSoon),
        ],
    );
    assert_eq!(one(&later, "CMP-2025-0009", "acknowledgement").days, 1);
}

/// AUD-2025-0011: `scheduled: 2025-06-12`, `completed: 2025-06-06`.
#[test]
fn a_planned_date_after_as_of_still_counts() {
    // On 10 June the audit was done (6 June) ahead of its scheduled date (12 June), which had
    // not come yet: the completion deadline exists and was met on time.
    expect(
        &compute("examples/northshire", "2025-06-10", "30 days"),
        "AUD-2025-0011",
        &[("completion", "2025-06-12", MetOnTime)],
    );
}

/// The engine's order (SPEC §10): due date, then id, then deadline name.
#[test]
fn deadlines_are_sorted_by_due_date_id_and_name() {
    let all = northshire();
    let keys: Vec<(Date, &str, &str)> = all
        .iter()
        .map(|d| (d.due, d.id.as_str(), d.deadline.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// tests/fixtures/procedures at 2026-06-30 (a Tuesday) with a 30-day window: complaints under
/// the built-in procedures of `qaledger.toml` (docs/statutory.md). June and July 2026 hold no
/// bank holiday; 2026-06-01 is a Monday.
fn procedures() -> &'static [Deadline] {
    static ALL: OnceLock<Vec<Deadline>> = OnceLock::new();
    ALL.get_or_init(|| compute("tests/fixtures/procedures", "2026-06-30", "30 days"))
}

#[test]
fn statutory_complaint_takes_its_complexity_bands_response() {
    // received 2026-06-01, acknowledged 06-03, statutory-asc, complexity complex.
    // Acknowledgement: 3 wd (the procedure's) → Thu 06-04; met on 06-03.
    // Response: no response_due, no response_after_acknowledgement in statutory-asc, so the
    // band's 60 wd from receipt: 21 wd left in June (2–30) + 23 in July = 44, then August
    // 3–7 (49), 10–14 (54), 17–21 (59), Mon 24 (60) → 2026-08-24, beyond the window.
    expect(
        procedures(),
        "CMP-2026-0001",
        &[
            ("acknowledgement", "2026-06-04", MetOnTime),
            ("response", "2026-08-24", NotYetDue),
        ],
    );
}

#[test]
fn statutory_complaint_without_a_band_has_six_months() {
    // received 2026-06-01, never acknowledged: 3 wd → 06-04, overdue at 06-30.
    // Response: 6 months (the benchmark when no period is agreed) → 2026-12-01.
    expect(
        procedures(),
        "CMP-2026-0002",
        &[
            ("acknowledgement", "2026-06-04", Overdue),
            ("response", "2026-12-01", NotYetDue),
        ],
    );
}

#[test]
fn corporate_complaint_escalated_to_stage_2_starts_its_clocks() {
    // corporate-lgsco. received 06-01 (Mon); acknowledgement 5 wd → Mon 06-08, met 06-05.
    // Response: 10 wd from the acknowledgement (Fri 06-05) → Fri 06-19, met 06-18.
    // Learning form: 10 wd from responded (Thu 06-18) → Thu 07-02, due soon.
    // Stage 2 requested Mon 06-22: acknowledgement 5 wd → Mon 06-29, met 06-24; response
    // 20 wd from the acknowledgement (Wed 06-24): June 25, 26, 29, 30 (4), July 1–3 (7),
    // 6–10 (12), 13–17 (17), 20, 21, 22 (20) → Wed 07-22, within the 30-day window.
    expect(
        procedures(),
        "CMP-2026-0003",
        &[
            ("acknowledgement", "2026-06-08", MetOnTime),
            ("response", "2026-06-19", MetOnTime),
            ("stage-2-acknowledgement", "2026-06-29", MetOnTime),
            ("learning-form", "2026-07-02", DueSoon),
            ("stage-2-response", "2026-07-22", DueSoon),
        ],
    );
}

#[test]
fn an_extended_response_follows_the_latest_extension() {
    // corporate-lgsco, acknowledged Tue 06-02 (met: 5 wd → 06-08): 10 wd → Tue 06-16, put
    // back by `qaledger move` to 06-30 (response_due, with its due_changes entry). Due on
    // as-of itself: due soon, not overdue.
    expect(
        procedures(),
        "CMP-2026-0004",
        &[
            ("acknowledgement", "2026-06-08", MetOnTime),
            ("response", "2026-06-30", DueSoon),
        ],
    );
}

#[test]
fn a_complaint_with_no_procedure_keeps_the_timescales() {
    // No procedure: [timescales] 3 wd → 06-04 and 20 wd from receipt: June 2–5 (4), 8–12 (9),
    // 15–19 (14), 22–26 (19), Mon 29 (20) → 06-29; both overdue at 06-30.
    expect(
        procedures(),
        "CMP-2026-0005",
        &[
            ("acknowledgement", "2026-06-04", Overdue),
            ("response", "2026-06-29", Overdue),
        ],
    );
}

#[test]
fn northshire_complaints_under_the_procedures() {
    // 2025 bank holidays in reach: Mon 05-05 and Mon 05-26.
    // CMP-2025-0010, statutory-asc complex, received Wed 05-21, acknowledged Fri 05-23.
    // Acknowledgement 3 wd: 05-22, 05-23, (26 closed) 05-27. Response, the band's 60 wd: May
    // 22, 23, 27–30 (6), June 2–6 (11), 9–13 (16), 16–20 (21), 23–27 (26), 30 (27), July 1–4
    // (31), 7–11 (36), 14–18 (41), 21–25 (46), 28–31 (50), Aug 1 (51), 4–8 (56), 11–14 (60).
    expect(
        northshire(),
        "CMP-2025-0010",
        &[
            ("acknowledgement", "2025-05-27", MetOnTime),
            ("response", "2025-08-14", NotYetDue),
        ],
    );
    // CMP-2025-0011, corporate-lgsco, received Thu 05-01, acknowledged Wed 05-07: 5 wd → 05-02,
    // (05 closed) 06, 07, 08, 09. Response 10 wd from 05-07 → 05-21, met 05-20. Learning form
    // 10 wd from 05-20: 21, 22, 23, (26 closed) 27–30, June 2, 3, 4 → 06-04, never done.
    // Stage 2 requested Wed 05-28: acknowledgement 5 wd → 29, 30, June 2, 3, 4 → 06-04, met
    // 05-30; response 20 wd from Fri 05-30 → June 2–6, 9–13, 16–20, 23–27 → 06-27, overdue.
    expect(
        northshire(),
        "CMP-2025-0011",
        &[
            ("acknowledgement", "2025-05-09", MetOnTime),
            ("response", "2025-05-21", MetOnTime),
            ("learning-form", "2025-06-04", Overdue),
            ("stage-2-acknowledgement", "2025-06-04", MetOnTime),
            ("stage-2-response", "2025-06-27", Overdue),
        ],
    );
    // CMP-2025-0012, corporate-lgsco, received Fri 05-09, acknowledged Tue 05-13: 5 wd →
    // 05-16. Response: the extension's response_due 06-18 (first due 05-28: 10 wd from the
    // acknowledgement), not answered at 06-30.
    expect(
        northshire(),
        "CMP-2025-0012",
        &[
            ("acknowledgement", "2025-05-16", MetOnTime),
            ("response", "2025-06-18", Overdue),
        ],
    );
}

/// A view's pick builds exactly the deadlines it accepts, each as the whole computation gives
/// it (title and owner's name included), in the same order; and what is left out is named all
/// the same. Checked on the example and the fixture, with picks by state, owner, team and kind.
#[test]
fn a_pick_builds_exactly_the_deadlines_it_accepts() {
    type Test = fn(&Facets<'_>) -> bool;
    let picks: [(&str, Test); 4] = [
        ("overdue", |f| f.state == Overdue),
        ("due soon or met late", |f| {
            matches!(f.state, DueSoon | MetLate)
        }),
        ("actions, and a team's", |f| {
            f.kind == "action" || f.team.is_some_and(|t| t.starts_with('m'))
        }),
        ("owners' up to k", |f| f.owner.is_some_and(|o| o < "k")),
    ];
    for root in ["examples/northshire", "tests/fixtures/deadlines"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        let as_of: Date = AS_OF.parse().unwrap();
        let mut repo = Repository::open(&root, as_of).unwrap();
        repo.rewind(as_of);
        let within = "30 days".parse().unwrap();
        let all = deadline::at(&repo, as_of, within);
        for (name, test) in picks {
            let picked = deadline::picked_at(&repo, as_of, within, Pick::Where(&test));
            let expected: Vec<&Deadline> = all
                .deadlines
                .iter()
                .filter(|d| {
                    test(&Facets {
                        kind: &d.kind,
                        state: d.state,
                        owner: d.owner.as_deref(),
                        team: d.team.as_deref(),
                    })
                })
                .collect();
            assert!(!expected.is_empty(), "{name} picks something in {root:?}");
            assert!(
                expected.len() < all.deadlines.len(),
                "{name} leaves something out"
            );
            let picked_refs: Vec<&Deadline> = picked.deadlines.iter().collect();
            assert_eq!(picked_refs, expected, "{name} in {root:?}");
            assert_eq!(picked.left_out, all.left_out, "{name} in {root:?}");
        }
    }
}
