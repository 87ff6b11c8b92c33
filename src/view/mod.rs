//! Views: the compiled outputs' models — tracker, summary, report (the board pack), remind,
//! show (with links), the SAR report inputs and the calendar feed — built from the computed deadlines (and, for
//! slippage, the history), each opening with one `header::Header`. Plain data; `render` turns
//! each into bytes.

pub mod annual_complaints;
pub mod complaint_facts;
pub mod complaints_return;
pub mod export;
pub mod feed;
pub mod header;
pub mod links;
pub mod overdue;
pub mod remind;
pub mod report;
pub mod retention;
pub mod sar;
pub mod show;
pub mod summary;
pub mod tracker;
