//! The stable diagnostic codes and their explanations (`qaledger explain CODE`).
//!
//! A code never changes its meaning once released; new problems get new codes. Each explanation
//! is one paragraph for a quality officer, with a fixed example of the problem and its fix.

use serde::{Serialize, Serializer};

use crate::diagnostic::Severity;

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $summary:literal, $explanation:literal; )*) => {
        /// A stable, kebab-case diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line: what the code is about.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// The paragraph and example `qaledger explain` prints.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => $explanation, )* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    FileUnreadable = "file-unreadable", Error, "a record file could not be read",
"The file exists but could not be read (for example it is locked by another program or its
permissions do not allow reading). Nothing in it was checked. Close the program that holds it or
fix its permissions, then run `qaledger check` again.";

    FileTooLarge = "file-too-large", Error, "a record file is larger than 1 MiB",
"A record is a short YAML file; anything over 1 MiB is almost certainly not a record (an export,
a pasted document or a mistake) and is rejected without being read in full. Move large documents
out of `records/` and link to them from the record's `notes` instead. Example: a 3 MB
`records/reviews/2025/REV-2025-0002.yaml` that holds a pasted report → keep the findings as a short
list and store the report in the case system.";

    FileNotUtf8 = "file-not-utf8", Error, "a record file is not UTF-8 text",
"Records must be saved as UTF-8 text. This file contains bytes that are not UTF-8, usually because
it was saved from a program that used another encoding (Windows-1252, for example) and contains a
character such as a curly quote or a pound sign. Re-save it as UTF-8 (in VS Code: the encoding
button in the status bar, then `Save with Encoding` → `UTF-8`).";

    FileEmpty = "file-empty", Error, "a record file is empty",
"The file holds no record: it is empty or contains only comments. Either fill it in or delete it.
Example: `records/actions/2025/ACT-2025-0009.yaml` with no content; fix by adding at least `id:`
and the required fields (`qaledger schema show action` lists them).";

    YamlSyntax = "yaml-syntax", Error, "the file is not valid YAML",
"The file could not be read as YAML. Common causes: indenting with a tab instead of spaces, a
missing space after a colon (`status:open`), a quote that is opened and never closed, or a line
indented differently from its neighbours. Example: `summary: \"Late response` → fix:
`summary: \"Late response\"`. The position shown is the line to fix: where the reader gave up,
or, when it noticed only at the next line or at the end of the file, the last line with content
before that. A key glued to its value says so: `status:agreed` → `status: agreed`.";

    YamlDuplicateKey = "yaml-duplicate-key", Error, "the same field appears twice in one place",
"A field name appears twice in the same block, so it is unclear which value is meant (some tools
silently keep the last one). The diagnostic points at the second occurrence. The record is
still checked, with the first value, so its other problems are reported too; it is left out of
the compiled views until the duplicate is removed. Example: `status: open` … `status: closed`
in the same record → keep only the one that is true.";

    YamlMultipleDocuments = "yaml-multiple-documents", Error, "a file holds more than one YAML document",
"Each file holds exactly one record, but this one has a `---` separator followed by a second
document. Split it into one file per record, each named after its `id`. A single `---` at the
very top of a file is fine. Example: `id: ACT-2025-0001` … `---` … `id: ACT-2025-0002` in one file
→ two files, `ACT-2025-0001.yaml` and `ACT-2025-0002.yaml`. The first document is still checked
(and left out of the compiled views until the file is split).";

    YamlTooDeep = "yaml-too-deep", Error, "the YAML is nested far deeper than any record",
"Records are at most a few levels deep (a record, an object such as `moderation`, a list inside
it). This file nests more than 64 levels, which is refused so that a damaged or hostile file
cannot exhaust the tool; the part nested too deep is left out and the rest of the file still
checked. Usually the file is not a record at all; remove it from `records/`.
Example: a file of 20,000 nested `- - - …` lines → delete it.";

    YamlAliasExpansion = "yaml-alias-expansion", Error, "YAML aliases expand to too much data",
"YAML anchors (`&name`) and aliases (`*name`) let a file repeat a block, but repeated aliases of
aliases can grow a small file into billions of values (an \"alias bomb\"). What aliases copy is
capped at 100,000 values (values written out count only towards the 1 MiB file-size cap); this
file passed it. The alias that passed it and every later one are left out, and the rest of the
file still checked. Write the values out instead of using aliases. Example: `a: &a [x, x]`,
`b: &b [*a, *a]`, … nine levels deep → write the lists out.";

    SymlinkSkipped = "symlink-skipped", Error, "a symbolic link under records/ was not followed",
"qaledger follows no symbolic link in a repository (not under `records/`, not `records` itself,
not in `schemas/`), so that a link cannot make a record be counted twice or pull in files from
outside the repository. The link was skipped, so whatever it points at was not checked: that is
an error, since `check` must not pass over records it never read. Replace the link with the real
file or folder, or remove it. Example: `records/staff/lead.yaml` linking to
`records/staff/jsmith.yaml` → delete the link; refer to `jsmith` by id instead.";

    HiddenSkipped = "hidden-skipped", Error, "a hidden file or folder under records/ holds a record",
"Files and folders whose names start with a dot are hidden, and qaledger does not read them as
records. One that ends `.yaml` or `.yml`, or a hidden folder holding such files, looks like a
record that went unread, so it is named: a leading dot must not take a record out of `check` and
out of every overdue list unnoticed. Rename it without the dot, or move it out of `records/` if
it is not a record. Example: `records/actions/.old/ACT-2024-0007.yaml` → move it to
`records/actions/2024/ACT-2024-0007.yaml` (and mark the action `cancelled` if it no longer
applies).";

    FileNotRegular = "file-not-regular", Error, "a record file is a pipe, socket or device",
"A name under `records/` looks like a record (it ends `.yaml` or `.yml`) but is not a regular
file: a named pipe (FIFO), a socket or a device. Reading one could wait for ever or never end, so
it was not read, and the record it stands for was not checked. Replace it with a plain file, or
remove it. Example: a FIFO made with `mkfifo records/actions/ACT-2025-0001.yaml` → `rm` it and
restore the record from git.";

    FolderUnreadable = "folder-unreadable", Error, "a folder under records/ could not be read",
"A folder under `records/` could not be listed (usually its permissions do not allow it), so none
of the records inside it were checked. Fix its permissions (for example `chmod u+rx` on the
folder) and run `qaledger check` again. Example: `records/actions/2025/` with mode `000` → `chmod
755 records/actions/2025`.";

    PathTooLong = "path-too-long", Error, "a path under records/ is longer than the system allows",
"A folder or file under `records/` has a longer path than this operating system can open (about
4,096 bytes on Linux, 260 characters on some Windows set-ups), so nothing at or below it was
read. Records need no deep folders: a kind folder and, by convention, a year. Example:
`records/actions/a/very/deeply/nested/…/ACT-2025-0001.yaml` → move the file to
`records/actions/2025/ACT-2025-0001.yaml`.";

    RecordsNotAFolder = "records-not-a-folder", Error, "`records` is not a folder",
"`records` at the top of the repository must be a folder holding the records. Here it is a file
(or a pipe or device), so no record was read at all. Example: a file named `records` committed
by mistake → remove it and restore the `records/` folder.";

    RecordsMissing = "records-missing", Warning, "the repository has no records/ folder",
"The repository has no `records/` folder, so there was nothing to check. That is expected in a
new repository (`qaledger new` creates the folders as records are added), and a warning
otherwise so that a check of the wrong folder does not look like a clean one. Example: `--root`
pointing at the folder above the repository → point it at the folder that holds `qaledger.toml`
and `records/`.";

    UnknownKindFolder = "unknown-kind-folder", Error, "a record is outside every known kind folder",
"Every record lives under `records/<folder>/`, where the folder names its kind (`audits`,
`complaints`, `supervision`, `staff`, `actions`, `reviews`, or one added by a schema in
`schemas/`). This file is directly under `records/` or in a folder no schema claims, so nothing
knows what kind of record it is. Example: `records/action/ACT-2025-0001.yaml` → move it to
`records/actions/2025/ACT-2025-0001.yaml`.";

    SchemaUnknownField = "schema-unknown-field", Error, "a field that this kind of record does not have",
"The record has a field its kind does not define, usually a typo. Unknown fields are refused so
that a misspelt field is not silently ignored (a `reponded` date would leave a complaint showing
as overdue). Example: `reponded: 2025-03-01` in a complaint → `responded: 2025-03-01`. `qaledger
schema show KIND` lists the fields.";

    SchemaRequired = "schema-required", Error, "a required field is missing",
"A field that every record of this kind must have is missing. The diagnostic points at the block
that lacks it. Example: an action without `owner:` → add `owner: jsmith` (a staff id).";

    SchemaType = "schema-type", Error, "a field holds the wrong type of value",
"The field holds a different type of value from the one expected: text where a list is expected,
a number where text is expected, and so on; a field left empty (`due:`) is reported as empty,
with what to write there. Example: `themes: safeguarding` → `themes: [safeguarding]`;
`moderation: yes` → a block with `required: true`; `due:` → `due: 2025-09-30`.";

    SchemaEnum = "schema-enum", Error, "a value is not one of the allowed values",
"The field only accepts values from a fixed list (the vocabulary the board reports on) and this
value is not in it, or the field is empty. Example: `status: done` in an action → `status:
completed`. The message lists the allowed values.";

    SchemaPattern = "schema-pattern", Error, "a value is not in the expected form",
"The value does not have the form the field needs. Ids look like `ACT-2025-0001`; staff ids are
lowercase like `jsmith` or `a.khan`; dates are `YYYY-MM-DD`. The help line says in words what the
field takes (the schema's `x-qaledger-pattern-description`). Example: `owner: J Smith` → `owner:
jsmith`.";

    SchemaFormat = "schema-format", Error, "a date (or other formatted value) is not valid",
"The value is not a real value of its format: for dates, a date not written `YYYY-MM-DD` (the
message gives the date it most likely means, or both readings when day and month could be either
way round) or a day that does not exist. Example: `due: 30/09/2025` → `due: 2025-09-30`;
`due: 2025-02-30` → `due: 2025-02-28`; `received: 2025-13-01` → a real month.";

    SchemaConstraint = "schema-constraint", Error, "a value breaks another rule of the schema",
"The value breaks a rule of the record's schema other than type, allowed values or form: for
example an empty list where at least one item is needed, or the same item listed twice. The
message says which rule. Example: `themes: [carers, carers]` (the same theme twice) →
`themes: [carers]`; `summary: ''` (empty text where some is needed) → write the summary.";

    DuplicateId = "duplicate-id", Error, "two records have the same id",
"Every record needs its own id, since actions, reports and history refer to records by id. Two
files carry this id. Example: `records/actions/2025/ACT-2025-0003.yaml` and a copy in
`records/actions/2024/` → give the copy the next free id (and rename its file to match).";

    IdFileNameMismatch = "id-file-name-mismatch", Error, "the record's id differs from its file name",
"A record's `id` must equal its file name without `.yaml`, so that a person can find a record
from its id and git history follows it. Example: `records/audits/2025/AUD-2025-0004.yaml` with
`id: AUD-2025-0040` → rename the file or correct the id.";

    IdWrongPrefix = "id-wrong-prefix", Error, "the id's prefix does not match the record's kind",
"Ids start with the prefix of their kind (`AUD`, `CMP`, `SUP`, `ACT`, `REV`), so that an id alone
tells what it refers to. Example: an action with `id: AUD-2025-0001` in `records/actions/` → use
an `ACT-` id, or move the file to the folder of the kind it really is.";

    ReferenceMissing = "reference-missing", Error, "a reference names a record that does not exist",
"A field that points at another record (an action's `source.refs`, an audit's `actions`, a
complaint's `learning_form.actions`) names an id no record has: usually a typo, or a record that
was never added or was deleted. Example: `actions: [ACT-2025-0100]` when there is no such action
→ correct the id or add the action.";

    ReferenceWrongKind = "reference-wrong-kind", Error, "a reference names a record of the wrong kind",
"The referenced record exists but is of a different kind from the one the field needs. Example:
an action with `source: {type: audit, refs: [CMP-2025-0004]}` → either the source type is
`complaint`, or the ref should be an audit id.";

    UnknownStaff = "unknown-staff", Error, "a staff id is not in the roster",
"People are referred to by staff id, and every staff id must have a record in `records/staff/`
(checked once the roster has at least one member). Example: `owner: jsmth` → `owner: jsmith`, or
add `records/staff/jsmth.yaml` if this is a new member of staff.";

    UnknownTeam = "unknown-team", Error, "a team is not one of the configured teams",
"When `qaledger.toml` lists teams (`[[team]]`), every record's `team` must be one of their ids so
that reports group correctly. Example: `team: north` when the configured id is `north-locality` →
`team: north-locality`, or add the team to `qaledger.toml`.";

    UnknownTheme = "unknown-theme", Error, "a theme is not in the configured vocabulary",
"`qaledger.toml` sets `[vocabulary] themes`, so every theme must come from that list; otherwise
the board's theme totals split one theme into several. Example: `themes: [safeguard]` →
`themes: [safeguarding]`, or add the new theme to the vocabulary.";

    UnknownProcedure = "unknown-procedure", Error, "a complaint procedure or complexity band is not in the configuration",
"A complaint's `procedure` must be one of `qaledger.toml`'s `[procedures]` (built in:
`statutory-asc`, `corporate-lgsco`), and its `complexity` one of that procedure's stage-1 bands;
otherwise no timescale applies and its deadlines cannot be worked out. Example:
`procedure: statutory` → `procedure: statutory-asc`; `complexity: hard` with bands standard and
complex → `complexity: complex`, or add the band under
`[procedures.statutory-asc.stages.stage-1.complexity]`.";

    SimilarTheme = "similar-theme", Warning, "a theme is spelt almost like another one in use",
"No theme vocabulary is configured, and this theme differs only slightly from one used in other
records, so the two are probably meant to be the same. Example: `mental-capacity` in most records
and `mental capacity` in one → use one spelling everywhere (or configure `[vocabulary] themes`).";

    DateOrder = "date-order", Error, "two dates are in an impossible order",
"Two dates of a record contradict each other: something happened before the thing it follows.
Checked: acknowledged or responded before received, an action completed before it was agreed,
moderated before the audit was completed, a review completed before it was commissioned, an
ombudsman decision before the referral, leaving before starting, and supervision dated after the
supervisee left. Example: `received: 2025-03-10` and `acknowledged: 2025-03-07` → correct the
wrong date.";

    DurationOutOfRange = "duration-out-of-range", Error, "a duration in a record is longer than a deadline can be",
"A duration a record gives one of its deadlines (a member of staff's `supervision_interval`) is
longer than any deadline may be: at most 10 years (120 months, 521 weeks or 3653 days) or 2600
working days, the same range as the durations in `qaledger.toml`. No due date can be computed
from it, so the deadline cannot be shown as due. It is almost always a typo. Example:
`supervision_interval: 40 years` → `supervision_interval: 4 weeks`.";

    StatusInconsistent = "status-inconsistent", Error, "the status contradicts the record's fields",
"The status says one thing and the fields another, so reports would count the record wrongly.
Example: `status: completed` with no `completed:` date → add the date; `status: in-progress` with
a `completed:` date → set the status to `completed`; a complaint `status: open` with `responded:`
set → set it to `responded`.";

    ReasonMissing = "reason-missing", Error, "a decision that must give its reason gives none",
"Some decisions are reported with their reasons, and the schema says which (`code:
reason-missing` on a consistency rule). For actions: one decided not to be implemented (`status:
not-implemented`) is closed, never overdue, and the Safeguarding Adults Board's annual report
must give the reason for each finding of a review not implemented (Care Act 2014, Schedule 2
paragraph 4(1)(g)), so the action must say why. Example: `status: not-implemented` alone → add
`not_implemented: {reason: \"The service was decommissioned in March 2025.\", decided: 2025-04-10}`,
or set the status the action really has.";

    SamePerson = "same-person", Error, "one person holds two roles that must be held by different people",
"Some roles must be held by different people, and the schema lists their fields under
`x-qaledger.distinct`. For complaints: whoever considered a complaint at stage 1 (`handler`) must
not investigate it at stage 2 (`stage_2.investigator`), as the Ombudsman's Complaint Handling Code
asks. Example: `handler: jsmith` and `stage_2: {investigator: jsmith}` → give stage 2 to another
manager, `investigator: b.lee`.";

    ExtensionBeyondMaximum = "extension-beyond-maximum", Error, "a due date was put back beyond the procedure's longest extension without a reason",
"A complaint procedure sets the longest a response may be put back (`extension_max` in
`qaledger.toml`'s `[procedures]`; the Complaint Handling Code: 10 working days at stage 1).
Counted from the first date (the first `due_changes` entry's `from`), this move's `to` goes beyond
it, and the entry does not say why in `beyond_maximum_reason`. Example: a corporate complaint due
2026-06-16 moved `to: 2026-07-31` → add `beyond_maximum_reason: Awaiting the police report.` to
that entry (and tell the complainant, `complainant_told`), or agree an earlier date.";

    PersonalData = "personal-data", Error, "a text field seems to contain personal data",
"Records refer to the people who draw on care only by a pseudonymous `case_ref`, and to staff only
by staff id. This text contains what looks like an NHS number (10 digits with a valid modulus-11
check digit), a National Insurance number (valid prefix letters, suffix A-D), an email address
(internationalised ones too), a UK phone number (+44, 0044 or 0, by the UK numbering plan) or a UK
postcode (every format, GIR 0AA, BFPO). Any case and spacing is found: non-breaking and thin
spaces, dashes, dots, full-width digits (text is read after Unicode NFKC). Dates, times, money,
versions, record ids and numbers labelled as invoices, orders or accounts are not flagged. Every
text field is scanned, `case_ref` too; the message masks the value and says at which character of
it the finding starts. Remove it (the case system holds it). Staff records may hold a member of
staff's work `email`. Example: `summary: Mr X of LS1 4AP complained…` → `summary: A person
complained…` with `case_ref` set.";

    PastRetention = "past-retention", Warning, "a record is kept past its retention period",
"UK GDPR Art. 5(1)(e) (storage limitation): personal data is kept no longer than needed. A kind's
schema may give a retention period (`x-qaledger.retention`): the council's figure in
`qaledger.toml`'s `[retention]`, else the schema's default (complaints: 6 years from the
response). This record's period ended before today (or `--as-of`). Delete the file, and remove it
from the git history as docs/retention.md describes, since a deleted file is still in every
earlier commit; `qaledger retention` lists every such record. Example: a complaint closed with
`responded: 2018-05-01` is past retention from 2024-05-02 → delete
`records/complaints/2018/CMP-2018-0007.yaml` and commit, then purge it from the history.";

    FutureDate = "future-date", Warning, "a date of something that happened is in the future",
"The date of something that has already happened (received, acknowledged, responded, completed,
moderated, approved, commissioned, agreed, a supervision session) is after today (or `--as-of`).
It is probably a typo in the year or month. Example: `received: 2052-03-01` → `received:
2025-03-01`. Future due dates are fine.";

    InvalidAllow = "invalid-allow", Error, "a `# qaledger: allow` comment cannot be used as written",
"A comment `# qaledger: allow CODE because: REASON` accepts a finding on purpose: on its own line
when it trails a value, on the line below when it stands alone. This one cannot be used: it has no
`because:` and reason (the reason is what a reviewer reads), names a code that does not exist, or
names one that cannot be accepted (only `personal-data` and `future-date` can: schema, YAML and
identity problems stop the record being used, so they are fixed instead). Example:
`phone: 0800 123 4567 # qaledger: allow personal-data` → add `because: the council's public
helpline number`.";

    UnusedAllow = "unused-allow", Warning, "a `# qaledger: allow` comment accepts nothing",
"The comment accepts a code on a line where nothing has that code any more (the value was
changed, or the comment moved away from its line), so it would silently accept a future finding
that no one has looked at. Remove the comment, or the code from it. Example: `notes: call the
helpline # qaledger: allow personal-data because: public number` after the number was removed →
delete the comment.";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case_and_round_trip() {
        for code in Code::ALL {
            let name = code.as_str();
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            assert!(
                code.explanation().contains("xample"),
                "{name} has no example"
            );
        }
    }
}
