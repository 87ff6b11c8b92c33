//! `qaledger retention`'s model: the records kept past their retention period at as-of (UK
//! GDPR Art. 5(1)(e)), each with the date its period runs from, the period and the date it
//! ended, and the records whose period could not be worked out. Plain data; `render::retention`
//! writes it.

use jiff::civil::Date;
use serde::Serialize;

use crate::compute::retention::{self, Past};
use crate::repository::Repository;
use crate::view::header::{Header, Window};

/// The records past retention, at as-of.
#[derive(Debug, Clone, Serialize)]
pub struct Retention {
    /// As-of (the view has no period), what was left out, the marking.
    #[serde(flatten)]
    pub header: Header,
    /// By the date the period ended, then path.
    pub items: Vec<Past>,
}

pub fn compute(repo: &Repository, as_of: Date) -> Retention {
    let (items, mut left_out) = retention::past(repo, as_of);
    left_out.extend(repo.unusable.iter().cloned());
    left_out.sort();
    Retention {
        header: Header {
            as_of,
            period: Window::AtAsOf,
            left_out,
            marking: repo.config.marking.clone(),
        },
        items,
    }
}
