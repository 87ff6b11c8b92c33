//! Due-date slippage and last change per record, from the git history (`tracker --history`):
//! each record file is followed across renames through one oldest-first log, and the `due`
//! of each committed version gives the first agreed date, how often it moved and by how many
//! days. Pure: it is handed the log and the versions' bytes, never runs git or prints.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::load::git::LoggedCommit;
use crate::schema::extension::MovesSpec;

/// The field whose moves are counted.
pub const DUE: &str = "due";

/// One committed version of a record file: the commit (an index into the log) and its blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub commit: usize,
    pub blob: String,
}

/// What the history says about one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowHistory {
    /// The due date of the first committed version that has one.
    pub first_due: Option<Date>,
    /// How many times the committed due date changed.
    pub due_changes: usize,
    /// The sum of the signed moves in days (later is positive).
    pub due_moved_days: i64,
    /// Current due date minus the first agreed one, in days.
    pub due_net_days: Option<i64>,
    /// Author date (ISO 8601) of the last commit that touched the file, renames included.
    pub last_changed: Option<String>,
    pub last_changed_by: Option<String>,
    /// How many commits touched the file.
    pub commits: usize,
    /// Why the due date last moved: the reason of the last move the latest committed version
    /// records (`x-qaledger.lifecycle.moves`, which `qaledger move` writes).
    pub last_move_reason: Option<String>,
}

/// What one committed version says: its due date and the reason of its last recorded move.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    pub due: Option<Date>,
    pub last_move_reason: Option<String>,
}

/// Every record file at HEAD with its committed versions, oldest first, followed across
/// renames. A file deleted and added again starts a new history.
pub fn tracks(commits: &[LoggedCommit]) -> HashMap<String, Vec<Version>> {
    let mut tracks: HashMap<String, Vec<Version>> = HashMap::new();
    for (index, commit) in commits.iter().enumerate() {
        // Take the sources first, so that chains and swaps of renames in one commit work.
        let mut moved: HashMap<&str, Vec<Version>> = HashMap::new();
        for touch in &commit.touches {
            if let Some(from) = &touch.renamed_from {
                moved.insert(from.as_str(), tracks.remove(from).unwrap_or_default());
            }
        }
        for touch in &commit.touches {
            let Some(blob) = &touch.blob else {
                tracks.remove(&touch.path);
                continue;
            };
            let mut versions = match &touch.renamed_from {
                Some(from) => moved.remove(from.as_str()).unwrap_or_default(),
                None => tracks.remove(&touch.path).unwrap_or_default(),
            };
            versions.push(Version {
                commit: index,
                blob: blob.clone(),
            });
            tracks.insert(touch.path.clone(), versions);
        }
    }
    tracks
}

/// The `due` date of one version's bytes and the reason of the last move it records in the
/// kind's list of moves (`moves`), when it is readable and has them.
pub fn committed(bytes: &[u8], path: &str, moves: Option<&MovesSpec>) -> Committed {
    let Some(leaves) = crate::history::leaves(bytes, path) else {
        return Committed::default();
    };
    let last_move_reason = moves.and_then(|moves| {
        let reason = format!("{}.*.{}", moves.list, moves.reason);
        // Leaves are keyed by path; the last item has the highest index.
        leaves
            .iter()
            .filter(|(path, _)| crate::record::path_matches(path, &reason))
            .max_by_key(|(path, _)| item_index(path, &moves.list))
            .map(|(_, text)| text.clone())
    });
    Committed {
        due: leaves.get(DUE).and_then(|d| d.parse().ok()),
        last_move_reason,
    }
}

/// `N` of `list.N.field`.
fn item_index(path: &str, list: &str) -> usize {
    path.strip_prefix(list)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.split('.').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn days(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// Summarises one file's versions, given each blob's due date and the current due date.
pub fn summarise(
    versions: &[Version],
    commits: &[LoggedCommit],
    of: &HashMap<String, Committed>,
    current_due: Option<Date>,
) -> RowHistory {
    let dues: Vec<Date> = versions
        .iter()
        .filter_map(|v| of.get(&v.blob).and_then(|c| c.due))
        .collect();
    let first_due = dues.first().copied();
    let mut due_changes = 0;
    let mut due_moved_days = 0;
    for pair in dues.windows(2) {
        if pair[0] != pair[1] {
            due_changes += 1;
            due_moved_days += days(pair[0], pair[1]);
        }
    }
    let last = versions.last().and_then(|v| commits.get(v.commit));
    RowHistory {
        first_due,
        due_changes,
        due_moved_days,
        due_net_days: first_due.zip(current_due).map(|(f, c)| days(f, c)),
        last_changed: last.map(|c| c.date.clone()),
        last_changed_by: last.map(|c| c.author.clone()),
        commits: versions.len(),
        last_move_reason: versions
            .last()
            .and_then(|v| of.get(&v.blob))
            .and_then(|c| c.last_move_reason.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::git::Touch;
    use jiff::civil::date;

    fn commit(touches: Vec<Touch>) -> LoggedCommit {
        LoggedCommit {
            hash: String::new(),
            author: "a".into(),
            date: "d".into(),
            touches,
        }
    }

    fn touch(path: &str, from: Option<&str>, blob: Option<&str>) -> Touch {
        Touch {
            path: path.into(),
            renamed_from: from.map(Into::into),
            blob: blob.map(Into::into),
        }
    }

    #[test]
    fn renames_carry_the_history_and_deletions_end_it() {
        let log = vec![
            commit(vec![
                touch("a", None, Some("1")),
                touch("b", None, Some("2")),
            ]),
            // A swap in one commit: a → b and b → a.
            commit(vec![
                touch("b", Some("a"), Some("3")),
                touch("a", Some("b"), Some("4")),
            ]),
            commit(vec![touch("a", None, None)]),
        ];
        let tracks = tracks(&log);
        // b holds a's history (1 then 3); a was b's (2 then 4), then deleted.
        let blobs: Vec<&str> = tracks["b"].iter().map(|v| v.blob.as_str()).collect();
        assert_eq!(blobs, ["1", "3"]);
        assert!(!tracks.contains_key("a"));
    }

    #[test]
    fn moves_are_summed_with_their_sign() {
        let log = vec![commit(vec![]), commit(vec![]), commit(vec![])];
        let versions: Vec<Version> = ["1", "2", "3"]
            .iter()
            .enumerate()
            .map(|(commit, blob)| Version {
                commit,
                blob: (*blob).into(),
            })
            .collect();
        let due = |d| Committed {
            due: Some(d),
            last_move_reason: None,
        };
        let due_of = HashMap::from([
            ("1".to_owned(), due(date(2025, 3, 31))),
            ("2".to_owned(), due(date(2025, 5, 1))),
            ("3".to_owned(), due(date(2025, 4, 21))),
        ]);
        let h = summarise(&versions, &log, &due_of, Some(date(2025, 4, 21)));
        // 03-31 → 05-01 is +31, 05-01 → 04-21 is −10; net 03-31 → 04-21 is +21.
        assert_eq!(h.first_due, Some(date(2025, 3, 31)));
        assert_eq!((h.due_changes, h.due_moved_days), (2, 21));
        assert_eq!(h.due_net_days, Some(21));
        assert_eq!(h.commits, 3);
    }

    #[test]
    fn the_reason_is_that_of_the_last_move_recorded() {
        let moves = MovesSpec {
            field: "due".into(),
            list: "due_changes".into(),
            date: "date".into(),
            from: "from".into(),
            to: "to".into(),
            reason: "reason".into(),
            told: None,
            maximum: None,
            beyond_maximum: None,
        };
        let text = "id: A\ndue: 2025-10-31\ndue_changes:\n  - {date: 2025-05-01, from: 2025-06-30, to: 2025-07-31, reason: first}\n  - {date: 2025-06-01, from: 2025-07-31, to: 2025-08-31, reason: second}\n  - {date: 2025-06-02, from: 2025-08-31, to: 2025-09-30, reason: third}\n  - {date: 2025-06-03, from: 2025-09-30, to: 2025-10-31, reason: fourth}\n  - {date: 2025-06-04, from: 2025-10-31, to: 2025-10-31, reason: fifth}\n  - {date: 2025-06-05, from: 2025-10-31, to: 2025-10-31, reason: sixth}\n  - {date: 2025-06-06, from: 2025-10-31, to: 2025-10-31, reason: seventh}\n  - {date: 2025-06-07, from: 2025-10-31, to: 2025-10-31, reason: eighth}\n  - {date: 2025-06-08, from: 2025-10-31, to: 2025-10-31, reason: ninth}\n  - {date: 2025-06-09, from: 2025-10-31, to: 2025-10-31, reason: tenth}\n  - {date: 2025-06-10, from: 2025-10-31, to: 2025-10-31, reason: eleventh}\n";
        let c = committed(text.as_bytes(), "a.yaml", Some(&moves));
        // Item 10 sorts before item 2 as text; the last is the highest index.
        assert_eq!(c.last_move_reason.as_deref(), Some("eleventh"));
        assert_eq!(c.due, Some(date(2025, 10, 31)));
        assert_eq!(
            committed(text.as_bytes(), "a.yaml", None).last_move_reason,
            None
        );
    }
}
