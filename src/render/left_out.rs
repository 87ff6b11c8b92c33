//! The words every compiled view uses to name what it left out (SPEC §7): a headline, then one
//! line per record or deadline, by path. Each medium wraps them as it must (Markdown as a list,
//! HTML escaped, iCalendar escaped and folded, stderr after `warning:`); none words them again.

use crate::repository::left_out::{self, LeftOut};

/// "1 record was left out in whole or part — run `qaledger check PATH` to see why:"; nothing
/// when nothing was left out. It holds no `;` or `,`, which not every calendar client unescapes
/// in an `X-` property.
pub fn sentence(left_out: &[LeftOut]) -> Option<String> {
    match left_out::files(left_out) {
        0 => None,
        1 => Some(
            "1 record was left out in whole or part — run `qaledger check PATH` to see why:"
                .to_owned(),
        ),
        n => Some(format!(
            "{n} records were left out in whole or part — run `qaledger check PATH` to see why:"
        )),
    }
}

/// The headline and the entries, one per line ("  records/… (reason)"); empty when none. Paths
/// and reasons hold file names and record text: each entry is passed through
/// `visible::inline`, so none can act on a terminal, start a line or a workflow command.
pub fn block(left_out: &[LeftOut]) -> Vec<String> {
    let mut lines: Vec<String> = sentence(left_out).into_iter().collect();
    lines.extend(
        left_out
            .iter()
            .map(|l| format!("  {}", super::visible::inline(&l.describe()))),
    );
    lines
}

/// The marker a table puts beside an item of a record with problems, and its footnote.
pub const MARKER: &str = "!";

/// `! text` for an item of a record with problems (the footnotes say why), `text` otherwise.
pub fn marked(problems: u32, text: String) -> String {
    if problems > 0 {
        format!("{MARKER} {text}")
    } else {
        text
    }
}

/// "! ID: this record has 1 YAML or schema problem — run `qaledger check PATH`" footnote lines, one per record
/// with problems among `items` (id, path, problems), in order and once each.
pub fn footnotes<'a>(items: impl Iterator<Item = (&'a str, &'a str, u32)>) -> Vec<String> {
    with_problems(items)
        .into_iter()
        .map(|(id, path, problems)| {
            let line = format!("{MARKER} {id}: {}", left_out::problems_note(problems, path));
            super::visible::inline(&line).into_owned()
        })
        .collect()
}

/// The same as Markdown list items: record text escaped, the command a code span.
pub fn markdown_footnotes<'a>(items: impl Iterator<Item = (&'a str, &'a str, u32)>) -> String {
    with_problems(items)
        .into_iter()
        .map(|(id, path, problems)| {
            let command = super::markdown::code(&left_out::check_command(path));
            let note = left_out::problems_note_with(problems, &command);
            format!("- {MARKER} {}: {note}\n", super::markdown::text(id))
        })
        .collect()
}

/// The records with problems among `items`, in order and once each.
pub(super) fn with_problems<'a>(
    items: impl Iterator<Item = (&'a str, &'a str, u32)>,
) -> Vec<(&'a str, &'a str, u32)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (id, path, problems) in items {
        if problems > 0 && !seen.contains(&path) {
            seen.push(path);
            out.push((id, path, problems));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, deadline: Option<&str>) -> LeftOut {
        LeftOut {
            path: path.to_owned(),
            kind: None,
            id: None,
            deadline: deadline.map(str::to_owned),
            owner: None,
            team: None,
            reason: "`due` has a problem".to_owned(),
        }
    }

    #[test]
    fn records_are_counted_once_and_each_is_named() {
        assert_eq!(sentence(&[]), None);
        assert!(block(&[]).is_empty());
        let two = [
            entry("records/actions/A.yaml", Some("completion")),
            entry("records/actions/A.yaml", Some("impact-review")),
        ];
        assert_eq!(
            sentence(&two).as_deref(),
            Some("1 record was left out in whole or part — run `qaledger check PATH` to see why:")
        );
        let three = [two[0].clone(), entry("records/x.yaml", None)];
        assert_eq!(
            block(&three),
            [
                "2 records were left out in whole or part — run `qaledger check PATH` to see why:",
                "  records/actions/A.yaml (completion: `due` has a problem)",
                "  records/x.yaml (`due` has a problem)",
            ]
        );
    }

    #[test]
    fn the_headline_holds_nothing_an_ical_x_property_would_escape() {
        let s = sentence(&[entry("a", None), entry("b", None)]).unwrap_or_default();
        assert!(!s.contains([';', ',', '\\', '\n']), "{s}");
    }

    #[test]
    fn a_footnote_per_record_with_problems() {
        let items = [
            ("A", "a.yaml", 1),
            ("B", "b.yaml", 0),
            ("A", "a.yaml", 1),
            ("C", "c.yaml", 2),
        ];
        assert_eq!(
            footnotes(items.into_iter()),
            [
                "! A: this record has 1 YAML or schema problem — run `qaledger check a.yaml`",
                "! C: this record has 2 YAML or schema problems — run `qaledger check c.yaml`",
            ]
        );
    }
}
