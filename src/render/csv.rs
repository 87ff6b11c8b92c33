//! CSV for spreadsheets: RFC 4180, UTF-8, an optional byte-order mark for Excel, and text cells
//! that start with `= + - @` (or a tab or carriage return) guarded against formula injection.

use std::borrow::Cow;

/// Writes `header` and `rows` as CSV.
pub fn render(header: &[&str], rows: &[Vec<String>], bom: bool) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut ok = writer.write_record(header).is_ok();
    for row in rows {
        for cell in row {
            ok &= writer.write_field(guard(cell).as_bytes()).is_ok();
        }
        // No more fields: ends the record the fields began.
        ok &= writer.write_record(None::<&[u8]>).is_ok();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let text = if ok {
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        String::new()
    };
    if bom { format!("\u{feff}{text}") } else { text }
}

/// `=SUM(A1)` → `'=SUM(A1)`: a spreadsheet shows the text instead of running it. Negative
/// numbers stay numbers.
fn guard(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
        || (cell.starts_with('-') && cell[1..].parse::<f64>().is_err());
    if risky {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_quotes_escaped() {
        let rows = vec![vec![
            "=HYPERLINK(\"x\")".to_owned(),
            "-3".to_owned(),
            "a, b".to_owned(),
        ]];
        let text = render(&["a", "b", "c"], &rows, false);
        assert_eq!(text, "a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\"a, b\"\r\n");
    }

    #[test]
    fn a_bom_leads_when_asked() {
        assert!(render(&["a"], &[], true).starts_with('\u{feff}'));
        assert!(!render(&["a"], &[], false).starts_with('\u{feff}'));
    }
}
