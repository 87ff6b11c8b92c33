//! Views: the compiled outputs' models — tracker, summary, report (the board pack), remind,
//! show (with links) and the calendar feed — built from the computed deadlines (and, for
//! slippage, the history), each opening with one `header::Header`. Plain data; `render` turns
//! each into bytes.

pub mod export;
pub mod feed;
pub mod header;
pub mod links;
pub mod overdue;
pub mod remind;
pub mod report;
pub mod show;
pub mod summary;
pub mod tracker;
