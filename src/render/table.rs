//! Plain-text tables for terminals, shared by the compiled views. Every cell is shown through
//! `visible::inline`, so record text cannot act on the terminal or break a row.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::visible;

/// A table with a header row; cells are already text.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| visible::inline(h)));
    for row in rows {
        table.add_row(row.iter().map(|cell| visible::inline(cell)));
    }
    table.to_string()
}
