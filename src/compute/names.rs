//! Names where people read ids, looked up once where the models are built: a staff id as the
//! member's name from the roster (a kind with `roster: true`), an enum value as the title its
//! schema gives it (`x-qaledger-titles`). Views and the deadline engine put these in their
//! models beside the ids, so no renderer looks anything up and machine formats keep the ids.

use crate::record::Record;
use crate::repository::Repository;
use crate::schema::Kind;

/// The roster record (staff) with this id, when there is one.
pub fn roster_member<'a>(repo: &'a Repository, id: &str) -> Option<&'a Record> {
    repo.index
        .get(id)
        .iter()
        .map(|&i| &repo.records[i])
        .find(|r| repo.schemas.get(r.kind).spec.roster)
}

/// The `name` of the roster record with this id; none when there is no such record or it has
/// no readable name (people then read the id).
pub fn staff_name<'a>(repo: &'a Repository, id: &str) -> Option<&'a str> {
    roster_member(repo, id).and_then(|r| r.sound_text("name"))
}

/// `staff_name` of an optional id.
pub fn staff_name_of<'a>(repo: &'a Repository, id: Option<&str>) -> Option<&'a str> {
    id.and_then(|id| staff_name(repo, id))
}

/// The title `kind`'s schema gives `value` of the field at `path` (a leaf's path), else the
/// value as written.
pub fn value_title(kind: &Kind, path: &str, value: &str) -> String {
    kind.value_title(path, value).unwrap_or(value).to_owned()
}
