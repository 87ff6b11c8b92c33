//! The loaded records, indexed by id, for checks and views that follow references.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use crate::record::Record;
use crate::schema::KindId;

pub struct Index {
    by_id: HashMap<String, Vec<usize>, RandomState>,
    per_kind: HashMap<KindId, usize>,
}

impl Index {
    pub fn new(records: &[Record]) -> Index {
        let mut by_id: HashMap<String, Vec<usize>, _> =
            HashMap::with_capacity_and_hasher(records.len(), RandomState::default());
        let mut per_kind: HashMap<KindId, usize> = HashMap::new();
        for (i, record) in records.iter().enumerate() {
            by_id.entry(record.id.clone()).or_default().push(i);
            *per_kind.entry(record.kind).or_default() += 1;
        }
        Index { by_id, per_kind }
    }

    /// Positions (in the record list) of the records with this id.
    pub fn get(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// Ids held by more than one record.
    pub fn duplicates(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_id
            .iter()
            .filter(|(_, at)| at.len() > 1)
            .map(|(id, at)| (id.as_str(), at.as_slice()))
    }

    pub fn count_of_kind(&self, kind: KindId) -> usize {
        self.per_kind.get(&kind).copied().unwrap_or(0)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}
