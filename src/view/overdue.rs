//! The overdue list (`qaledger overdue`): the deadlines overdue (and, with a window, due soon)
//! at as-of that pass the command's filters, under the one header every view has. Its JSON
//! (SPEC §8) is this model serialised: the header's fields, then `items`.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::compute::deadline::Deadline;
use crate::view::header::Header;

#[derive(Debug, Clone)]
pub struct OverdueList {
    /// As-of (no period: the list stands at as-of), what was left out, the marking.
    pub header: Header,
    /// Sorted by due date, id, then deadline name.
    pub items: Vec<Deadline>,
}

impl Serialize for OverdueList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.header.write_when(&mut map)?;
        self.header.write_left_out(&mut map)?;
        map.serialize_entry("items", &Items(&self.items))?;
        map.end()
    }
}

/// The items as the JSON lists them: a deadline's fields but when it was met (an item of the
/// list is not met).
struct Items<'a>(&'a [Deadline]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for d in self.0 {
            seq.serialize_element(&Item {
                kind: &d.kind,
                id: &d.id,
                deadline: &d.deadline,
                due: d.due,
                state: d.state,
                days: d.days,
                owner: d.owner.as_deref(),
                team: d.team.as_deref(),
                title: &d.title,
                path: &d.path,
                problems: d.problems,
            })?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct Item<'a> {
    kind: &'a str,
    id: &'a str,
    deadline: &'a str,
    due: jiff::civil::Date,
    state: crate::compute::deadline::State,
    days: i64,
    owner: Option<&'a str>,
    team: Option<&'a str>,
    title: &'a str,
    path: &'a str,
    /// Problems the record has (0: none): run `qaledger check PATH`.
    problems: u32,
}
