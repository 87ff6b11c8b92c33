//! Plain-text tables for terminals, shared by the compiled views. Every cell is shown through
//! `visible::inline`, so record text cannot act on the terminal or break a row.

use comfy_table::{
    ColumnConstraint, ContentArrangement, Table, Width, presets::UTF8_FULL_CONDENSED,
};

use super::document::{Bound, Fit};
use super::visible;

/// A table with a header row; cells are already text.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    fitted(header, rows, None)
}

/// The same, at a fixed width with bounded columns when `fit` says so.
pub fn fitted(header: &[&str], rows: &[Vec<String>], fit: Option<&Fit>) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| visible::inline(h)));
    if let Some(fit) = fit {
        table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(fit.width);
        for (index, bound) in &fit.columns {
            let constraint = match *bound {
                Bound::Content => ColumnConstraint::ContentWidth,
                Bound::AtMost(n) => ColumnConstraint::UpperBoundary(Width::Fixed(n)),
                Bound::Between(lower, upper) => ColumnConstraint::Boundaries {
                    lower: Width::Fixed(lower),
                    upper: Width::Fixed(upper),
                },
            };
            if let Some(column) = table.column_mut(*index) {
                column.set_constraint(constraint);
            }
        }
    }
    for row in rows {
        table.add_row(row.iter().map(|cell| visible::inline(cell)));
    }
    table.to_string()
}
