//! Date orders (`x-qaledger.date_order`: `later` is not before `earlier`), one mechanism for
//! both forms. A side is read from the record itself (`received`) or, through a reference, from
//! the record it names (`supervisee->left`). The per-file rules check the orders that read the
//! record alone; the cross-record stage, which finds every record by id, those that follow a
//! reference. Each form keeps its own wording.

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::code::Code;
use crate::load::yaml::Pos;
use crate::record::Fields;
use crate::schema::extension::{DateOrder, DateRef};

/// The record whose date orders are checked.
pub struct Subject<'a> {
    pub fields: &'a Fields,
    /// Its file, relative to the root.
    pub file: &'a str,
    pub id: Option<&'a str>,
    /// Where a reference that holds no text leaves a diagnostic: the record's id.
    pub id_pos: Pos,
}

/// Finds a record's fields by its id (the first record holding it).
pub type Lookup<'r> = dyn Fn(&str) -> Option<&'r Fields> + 'r;

/// A side's date, where the record says it, and the id it was read through.
struct Read {
    date: Date,
    pos: Pos,
    through: Option<String>,
}

/// Checks the orders that read `subject` alone (without `lookup`), or those that follow a
/// reference (with it), adding a `date-order` diagnostic for each that does not hold.
pub fn check<'r>(
    orders: &[DateOrder],
    subject: &Subject<'_>,
    lookup: Option<&Lookup<'r>>,
    out: &mut Vec<Diagnostic>,
) {
    for order in orders.iter().filter(|o| o.is_remote() == lookup.is_some()) {
        let (Some(earlier), Some(later)) = (
            read(&order.earlier, subject, lookup),
            read(&order.later, subject, lookup),
        ) else {
            continue;
        };
        if later.date >= earlier.date {
            continue;
        }
        let (e, l) = (earlier.date, later.date);
        out.push(if lookup.is_none() {
            Diagnostic::new(
                Code::DateOrder,
                subject.file,
                later.pos,
                format!(
                    "`{}` ({l}) is before `{}` ({e}), which cannot be",
                    order.later, order.earlier
                ),
            )
            .field(order.later.text.clone())
            .hint("one of the two dates is wrong: check both against the case record")
        } else {
            let describe = |side: &DateRef, read: &Read| match (&side.remote, &read.through) {
                (Some(remote), Some(id)) => format!("{id}'s `{remote}`"),
                _ => format!("`{side}`"),
            };
            let pos = if earlier.through.is_none() {
                earlier.pos
            } else {
                later.pos
            };
            Diagnostic::new(
                Code::DateOrder,
                subject.file,
                pos,
                format!(
                    "{} ({e}) is after {} ({l}), which cannot be",
                    describe(&order.earlier, &earlier),
                    describe(&order.later, &later)
                ),
            )
            .record(subject.id)
            .field(order.earlier.local.clone())
            .hint("one of the two dates is wrong: check both")
        });
    }
}

/// A side's date: the record's own field, or the referenced record's (when `lookup` is given).
fn read<'r>(side: &DateRef, subject: &Subject<'_>, lookup: Option<&Lookup<'r>>) -> Option<Read> {
    let fields = subject.fields;
    match (&side.remote, lookup) {
        (None, _) => fields.first(&side.local).and_then(|leaf| {
            leaf.as_date().map(|date| Read {
                date,
                pos: leaf.pos,
                through: None,
            })
        }),
        (Some(remote), Some(lookup)) => {
            let target = fields.text(&side.local)?;
            let date = lookup(target)?.date(remote)?;
            let pos = fields
                .first(&side.local)
                .map_or(subject.id_pos, |leaf| leaf.pos);
            Some(Read {
                date,
                pos,
                through: Some(target.to_owned()),
            })
        }
        (Some(_), None) => None,
    }
}
