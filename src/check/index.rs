//! The loaded records, indexed by id, for checks and views that follow references.

use std::collections::HashMap;

use compact_str::CompactString;
use foldhash::fast::RandomState;

use crate::record::Record;
use crate::schema::KindId;

pub struct Index {
    /// Ids held in place (an id is short), so indexing 100,000 records allocates none.
    by_id: HashMap<CompactString, Positions, RandomState>,
    /// Records of each kind, by `KindId`.
    per_kind: Vec<usize>,
}

/// Where an id is held: almost always one record (no list to allocate for each of 100,000).
enum Positions {
    One(usize),
    Many(Vec<usize>),
}

impl Positions {
    fn push(&mut self, at: usize) {
        match self {
            Positions::One(first) => *self = Positions::Many(vec![*first, at]),
            Positions::Many(all) => all.push(at),
        }
    }

    fn as_slice(&self) -> &[usize] {
        match self {
            Positions::One(at) => std::slice::from_ref(at),
            Positions::Many(all) => all,
        }
    }
}

impl Index {
    pub fn new(records: &[Record]) -> Index {
        let mut by_id: HashMap<CompactString, Positions, _> =
            HashMap::with_capacity_and_hasher(records.len(), RandomState::default());
        let mut per_kind: Vec<usize> = Vec::new();
        for (i, record) in records.iter().enumerate() {
            match by_id.get_mut(record.id.as_str()) {
                Some(held) => held.push(i),
                None => {
                    by_id.insert(record.id.as_str().into(), Positions::One(i));
                }
            }
            if per_kind.len() <= record.kind {
                per_kind.resize(record.kind + 1, 0);
            }
            per_kind[record.kind] += 1;
        }
        Index { by_id, per_kind }
    }

    /// Positions (in the record list) of the records with this id.
    pub fn get(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Positions::as_slice)
    }

    /// Ids held by more than one record.
    pub fn duplicates(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_id.iter().filter_map(|(id, at)| match at {
            Positions::One(_) => None,
            Positions::Many(all) => Some((id.as_str(), all.as_slice())),
        })
    }

    pub fn count_of_kind(&self, kind: KindId) -> usize {
        self.per_kind.get(kind).copied().unwrap_or(0)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(CompactString::as_str)
    }
}
