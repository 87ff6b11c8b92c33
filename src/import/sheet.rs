//! A spreadsheet read into cells: `.xlsx`, `.xlsm`, `.xls` and `.ods` through calamine, `.csv`
//! as UTF-8 (with or without a byte-order mark) or, when it is not UTF-8, as Windows-1252, which
//! Excel still writes. Rows and columns keep their places in the sheet, so every cell has the
//! reference a person finds it by (`Tracker!C14`). Nothing here knows about records.

use std::path::Path;

use calamine::{Data, Reader};
use jiff::civil::Date;

/// One cell as the sheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (or an ISO date-time in an `.ods`).
    Date(Date),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as the sheet shows it: whole numbers without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(date) => date.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// One sheet: its name and its rows, `rows[0]` being the sheet's row 1 and `row[0]` column A.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The cell at a 1-based row and 0-based column (empty beyond the data).
    pub fn cell(&self, row: u32, column: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        (row as usize)
            .checked_sub(1)
            .and_then(|r| self.rows.get(r))
            .and_then(|r| r.get(column))
            .unwrap_or(&EMPTY)
    }

    /// The reference a person finds a cell by: `Tracker!C14`, `'Staff list'!B2`.
    pub fn reference(&self, row: u32, column: usize) -> String {
        format!("{}!{}{row}", self.quoted_name(), column_letters(column))
    }

    /// A whole row: `Tracker!14:14`.
    pub fn row_reference(&self, row: u32) -> String {
        format!("{}!{row}:{row}", self.quoted_name())
    }

    fn quoted_name(&self) -> String {
        let plain = self
            .name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if plain {
            self.name.clone()
        } else {
            format!("'{}'", self.name.replace('\'', "''"))
        }
    }
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Why a file could not be read as a sheet.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("{file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file} has no sheet named `{sheet}`{hint}\n  its sheets: {sheets}")]
    NoSuchSheet {
        file: String,
        sheet: String,
        hint: String,
        sheets: String,
    },
    #[error("{0}: not a spreadsheet qaledger reads (.xlsx, .xlsm, .xls, .ods or .csv)")]
    UnknownFormat(String),
}

/// Files larger than this are not read: a sheet of 100,000 rows is a few megabytes.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the sheet called `sheet` (the first one when `None`; a CSV file is one sheet named
/// after the file).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, SheetError> {
    let file = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let size = std::fs::metadata(path).map_err(|e| SheetError::Unreadable {
        file: file.clone(),
        message: e.to_string(),
    })?;
    if size.len() > MAX_FILE_BYTES {
        return Err(SheetError::Unreadable {
            file,
            message: format!("larger than {} MiB: split it", MAX_FILE_BYTES / 1024 / 1024),
        });
    }
    match extension.as_str() {
        "csv" => {
            let bytes = std::fs::read(path).map_err(|e| SheetError::Unreadable {
                file: file.clone(),
                message: e.to_string(),
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            read_csv(&bytes, name).map_err(|message| SheetError::Unreadable { file, message })
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, &file, sheet),
        _ => Err(SheetError::UnknownFormat(file)),
    }
}

fn read_workbook(path: &Path, file: &str, sheet: Option<&str>) -> Result<Sheet, SheetError> {
    let unreadable = |message: String| SheetError::Unreadable {
        file: file.to_owned(),
        message,
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("the workbook has no sheets".to_owned()))?,
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| SheetError::NoSuchSheet {
                file: file.to_owned(),
                sheet: wanted.to_owned(),
                hint: crate::diagnostic::suggest::did_you_mean(
                    crate::diagnostic::suggest::closest(wanted, names.iter().map(String::as_str)),
                ),
                sheets: names.join(", "),
            })?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell_of));
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(Sheet { name, rows })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            let date = i16::try_from(y)
                .ok()
                .and_then(|y| Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok());
            date.map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(crate::record::parse_date)
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// A CSV file's bytes as one sheet: UTF-8 (a leading byte-order mark dropped), else
/// Windows-1252.
pub fn read_csv(bytes: &[u8], name: String) -> Result<Sheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let mut cells: Vec<Cell> = record
            .iter()
            .map(|field| {
                if field.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_owned())
                }
            })
            .collect();
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(Sheet { name, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn csv_is_read_as_utf8_with_or_without_a_bom_else_as_windows_1252() {
        let plain =
            read_csv("a,b\nCafé,£5\n".as_bytes(), "x.csv".into()).unwrap_or_else(|e| panic!("{e}"));
        let bom = read_csv(b"\xEF\xBB\xBFa,b\nCaf\xC3\xA9,\xC2\xA35\n", "x.csv".into())
            .unwrap_or_else(|e| panic!("{e}"));
        let cp1252 =
            read_csv(b"a,b\nCaf\xE9,\xA35\n", "x.csv".into()).unwrap_or_else(|e| panic!("{e}"));
        for sheet in [plain, bom, cp1252] {
            assert_eq!(sheet.cell(1, 0), &Cell::Text("a".into()));
            assert_eq!(sheet.cell(2, 0), &Cell::Text("Café".into()));
            assert_eq!(sheet.cell(2, 1), &Cell::Text("£5".into()));
        }
    }

    #[test]
    fn references_name_the_sheet_quoted_when_it_needs_it() {
        let sheet = Sheet {
            name: "Staff list".into(),
            rows: Vec::new(),
        };
        assert_eq!(sheet.reference(14, 2), "'Staff list'!C14");
        assert_eq!(sheet.row_reference(3), "'Staff list'!3:3");
        assert_eq!(sheet.cell(99, 99), &Cell::Empty);
    }

    proptest::proptest! {
        #[test]
        fn no_bytes_make_a_csv_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = read_csv(&bytes, "x.csv".into());
        }
    }
}
