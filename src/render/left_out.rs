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

/// What was left out as a document's warning (the headline, then each record or deadline),
/// in the caution tone; nothing when nothing was left out.
pub fn warning(left_out: &[LeftOut]) -> Option<super::document::Block> {
    use super::document::{Block, Text, Tone};
    Some(Block::Warning {
        headline: Text::ours(sentence(left_out)?),
        items: left_out
            .iter()
            .map(|l| Text::record(l.describe()))
            .collect(),
        tone: Tone::Caution,
    })
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

/// The marker a table puts beside an item of a record with problems, and its footnote
/// (`document::marked`, `document::footnotes`).
pub const MARKER: &str = "!";

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
}
