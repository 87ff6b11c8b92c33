//! CSV for spreadsheets: RFC 4180, UTF-8, an optional byte-order mark for Excel, and text cells
//! that start with `= + - @` (or a tab or carriage return) guarded against formula injection.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// Writes `header` and `rows` as CSV; the writer's failure is an error, never an empty output.
pub fn render(header: &[&str], rows: &[Vec<String>], bom: bool) -> Result<String> {
    let bytes = encode(Vec::new(), header, rows)?;
    // Every cell was a `&str`, so the bytes are UTF-8; the check costs nothing to keep.
    let text = String::from_utf8(bytes).map_err(|e| encode_error(&e))?;
    Ok(if bom { format!("\u{feff}{text}") } else { text })
}

/// `header` and `rows` written as CSV records to `out`, handed back once flushed.
fn encode<W: std::io::Write>(out: W, header: &[&str], rows: &[Vec<String>]) -> Result<W> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    write_all(&mut writer, header, rows)
        .and_then(|()| writer.into_inner().map_err(|e| e.into_error().into()))
        .map_err(|e| encode_error(&e))
}

fn encode_error(e: &dyn std::fmt::Display) -> Error {
    Error::Encode {
        format: "CSV",
        message: e.to_string(),
    }
}

fn write_all<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    header: &[&str],
    rows: &[Vec<String>],
) -> csv::Result<()> {
    writer.write_record(header)?;
    for row in rows {
        for cell in row {
            writer.write_field(guard(cell).as_bytes())?;
        }
        // No more fields: ends the record the fields began.
        writer.write_record(None::<&[u8]>)?;
    }
    Ok(())
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
        let text = render(&["a", "b", "c"], &rows, false).unwrap_or_default();
        assert_eq!(text, "a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\"a, b\"\r\n");
    }

    /// A writer that refuses every byte.
    struct Refusing;

    impl std::io::Write for Refusing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::other("disk full"))
        }
    }

    #[test]
    fn a_writer_that_fails_is_an_error_not_an_empty_output() {
        let rows = vec![vec!["x".to_owned()]];
        match encode(Refusing, &["a"], &rows) {
            Err(Error::Encode { format, message }) => {
                assert_eq!(format, "CSV");
                assert!(message.contains("disk full"), "{message}");
            }
            Err(e) => panic!("another error: {e}"),
            Ok(_) => panic!("a failed write was taken for output"),
        }
    }

    #[test]
    fn a_bom_leads_when_asked() {
        let with = |bom| render(&["a"], &[], bom).unwrap_or_default();
        assert!(with(true).starts_with('\u{feff}'));
        assert!(!with(false).starts_with('\u{feff}'));
    }
}
