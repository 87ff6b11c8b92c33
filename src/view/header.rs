//! What every view's model opens with, one type for all (SPEC §7 and §10): the as-of date, the
//! period with its resolved range where the view has one, the records left out and why, and
//! the protective marking. Its JSON is the same fields every view has always written:
//! `as_of`, `period`, `excluded` (how many files), `excluded_records`, `marking` (when set).

use jiff::civil::Date;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::repository::left_out::{self, LeftOut};
use crate::time::period::Period;

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub as_of: Date,
    pub period: Window,
    /// Each record, or deadline of one, left out, by path; sorted by path, then deadline.
    pub left_out: Vec<LeftOut>,
    /// The protective marking (`[organisation] marking`) the documents show.
    pub marking: Option<String>,
}

/// Which records a view counts in time.
#[derive(Debug, Clone, PartialEq)]
pub enum Window {
    /// The view has no period: it stands at as-of (`overdue`); no `period` in its JSON.
    AtAsOf,
    /// The view takes a period and none was given: every record (`tracker` without
    /// `--period`); `"period": null`.
    All,
    /// The resolved period.
    Period(Period),
}

impl Header {
    /// The header of a view of `period` at `as_of`: what the deadline engine left out, and
    /// the repository's marking.
    pub fn of_period(
        repo: &crate::repository::Repository,
        as_of: Date,
        period: &Period,
        left_out: &[LeftOut],
    ) -> Header {
        Header {
            as_of,
            period: Window::Period(period.clone()),
            left_out: left_out.to_vec(),
            marking: repo.config.marking.clone(),
        }
    }

    /// How many record files were left out in whole or part (a file counts once).
    pub fn excluded(&self) -> usize {
        left_out::files(&self.left_out)
    }

    /// The period, when the view has one and one was given.
    pub fn period(&self) -> Option<&Period> {
        match &self.period {
            Window::Period(p) => Some(p),
            Window::AtAsOf | Window::All => None,
        }
    }

    /// `as_of` and `period`: the fields a model writes before its own filters, if any.
    pub fn write_when<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("as_of", &self.as_of)?;
        match &self.period {
            Window::AtAsOf => Ok(()),
            Window::All => map.serialize_entry("period", &None::<Period>),
            Window::Period(p) => map.serialize_entry("period", p),
        }
    }

    /// `excluded`, `excluded_records` and `marking` (when set).
    pub fn write_left_out<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("excluded", &self.excluded())?;
        map.serialize_entry("excluded_records", &self.left_out)?;
        if let Some(marking) = &self.marking {
            map.serialize_entry("marking", marking)?;
        }
        Ok(())
    }
}

/// The header's fields in order, for a model that flattens it.
impl Serialize for Header {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.write_when(&mut map)?;
        self.write_left_out(&mut map)?;
        map.end()
    }
}
