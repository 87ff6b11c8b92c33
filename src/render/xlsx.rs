//! Excel workbooks (`--format xlsx`), written with rust_xlsxwriter: real dates, the rows an
//! Excel Table named `Actions` (Power BI and Excel see it by name) under a bold frozen header
//! row with filters, overdue rows filled light red, printed A4 landscape one page wide with the
//! header row on every page, and the totals on a second sheet.
//! Formatting only; the same `Tracker` value the other formats show. The workbook's creation
//! date is as-of, so the same input gives the same bytes. A protective marking is every printed
//! page's header and footer, and the first and last line of the totals sheet (the tracker
//! sheet's first row stays its headings, which filters and scripts rely on).

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Table, TableColumn,
    TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::view::tracker::{Row, Tracker};

/// Excel's own "bad" fill, the light red people recognise.
const OVERDUE_FILL: u32 = 0xFFC7CE;
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The name Excel and Power BI list the tracker's rows under (an Excel Table).
pub const TABLE_NAME: &str = "Actions";
/// Excel's paper size code for A4.
const A4: u8 = 9;

/// The tracker sheet's columns: heading and width (in characters).
const COLUMNS: [(&str, f64); 16] = [
    ("Id", 15.0),
    ("Title", 48.0),
    ("Source", 22.0),
    ("Source refs", 30.0),
    ("Level", 12.0),
    ("Owner", 14.0),
    ("Owner name", 22.0),
    ("Team", 22.0),
    ("Agreed by", 28.0),
    ("Agreed on", 12.0),
    ("Due", 12.0),
    ("Status", 12.0),
    ("Completed", 12.0),
    ("Days overdue", 13.0),
    ("Impact", 12.0),
    ("Themes", 30.0),
];

/// Schema problems of the row's record: `qaledger check PATH` shows them.
const PROBLEMS_COLUMN: (&str, f64) = ("Problems", 10.0);

/// The columns `--history` adds.
const HISTORY_COLUMNS: [(&str, f64); 7] = [
    ("First due", 12.0),
    ("Due moves", 11.0),
    ("Days moved", 11.0),
    ("Net days", 10.0),
    ("Last changed", 26.0),
    ("Changed by", 20.0),
    ("Why moved", 30.0),
];

/// One cell of a tracker row.
enum Cell {
    Text(String),
    Date(jiff::civil::Date),
    Number(i64),
    Empty,
}

fn cells(row: &Row) -> [Cell; 16] {
    let text = |v: &Option<String>| v.clone().map_or(Cell::Empty, Cell::Text);
    let date = |v: Option<jiff::civil::Date>| v.map_or(Cell::Empty, Cell::Date);
    let list = |v: &[String]| {
        if v.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(v.join("; "))
        }
    };
    [
        Cell::Text(row.id.clone()),
        Cell::Text(row.title.clone()),
        text(&row.source_type),
        list(&row.source_refs),
        text(&row.level),
        text(&row.owner),
        text(&row.owner_name),
        text(&row.team),
        text(&row.agreed_forum),
        date(row.agreed_date),
        date(row.due),
        text(&row.status),
        date(row.completed),
        row.days_overdue.map_or(Cell::Empty, Cell::Number),
        text(&row.impact_rating),
        list(&row.themes),
    ]
}

fn history_cells(row: &Row) -> Vec<Cell> {
    let Some(h) = &row.history else {
        return HISTORY_COLUMNS.iter().map(|_| Cell::Empty).collect();
    };
    let count = |n: usize| Cell::Number(i64::try_from(n).unwrap_or(i64::MAX));
    vec![
        h.first_due.map_or(Cell::Empty, Cell::Date),
        count(h.due_changes),
        Cell::Number(h.due_moved_days),
        h.due_net_days.map_or(Cell::Empty, Cell::Number),
        h.last_changed.clone().map_or(Cell::Empty, Cell::Text),
        h.last_changed_by.clone().map_or(Cell::Empty, Cell::Text),
        h.last_move_reason.clone().map_or(Cell::Empty, Cell::Text),
    ]
}

/// The cell formats of one kind of row (plain or overdue).
struct Formats {
    text: Format,
    date: Format,
    number: Format,
}

impl Formats {
    fn new(fill: Option<u32>) -> Formats {
        let base = match fill {
            Some(rgb) => Format::new().set_background_color(Color::RGB(rgb)),
            None => Format::new(),
        };
        Formats {
            text: base.clone(),
            date: base.clone().set_num_format(DATE_FORMAT),
            number: base,
        }
    }
}

fn excel_date(date: jiff::civil::Date) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    // Month and day are 1..=12 and 1..=31, so the conversions cannot fail.
    ExcelDateTime::from_ymd(year, date.month().unsigned_abs(), date.day().unsigned_abs())
}

/// The tracker as a workbook: sheet "Tracker" (one row per action) and sheet "Totals".
pub fn tracker(tracker: &Tracker) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = excel_date(tracker.header.as_of)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Learning From tracker")
            .set_creation_datetime(&created),
    );
    let marking = tracker.header.marking.as_deref();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tracker")?;
    write_rows(sheet, tracker)?;
    print_marking(sheet, marking);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Totals")?;
    write_totals(sheet, tracker)?;
    print_marking(sheet, marking);
    workbook.save_to_buffer()
}

/// The marking, bold and centred, in the header and footer of every printed page.
fn print_marking(sheet: &mut Worksheet, marking: Option<&str>) {
    if let Some(marking) = marking {
        let text = page_text(marking);
        sheet.set_header(&text).set_footer(&text);
    }
}

/// A header or footer that shows `marking` as written: `&` starts a control code there, so
/// each is doubled. The configuration caps a marking at 80 characters, well under the 255 a
/// header holds.
fn page_text(marking: &str) -> String {
    format!("&C&\"-,Bold\"{}", marking.replace('&', "&&"))
}

fn write_rows(sheet: &mut Worksheet, tracker: &Tracker) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    let plain = Formats::new(None);
    let red = Formats::new(Some(OVERDUE_FILL));
    let extra: &[(&str, f64)] = if tracker.with_history {
        &HISTORY_COLUMNS
    } else {
        &[]
    };
    // Last, whatever else is shown: how many schema problems the record has (0: none).
    let columns: Vec<(&str, f64)> = COLUMNS
        .iter()
        .chain(extra)
        .chain([&PROBLEMS_COLUMN])
        .copied()
        .collect();
    for (col, (_, width)) in (0u16..).zip(columns.iter().copied()) {
        sheet.set_column_width(col, width)?;
    }
    for (row_number, row) in (1u32..).zip(&tracker.rows) {
        let formats = if row.days_overdue.is_some() {
            &red
        } else {
            &plain
        };
        let mut row_cells: Vec<Cell> = cells(row).into_iter().collect();
        if tracker.with_history {
            row_cells.extend(history_cells(row));
        }
        row_cells.push(Cell::Number(i64::from(row.problems)));
        for (col, cell) in (0u16..).zip(row_cells) {
            match cell {
                Cell::Text(t) => {
                    sheet.write_string_with_format(row_number, col, t, &formats.text)?
                }
                Cell::Date(d) => {
                    sheet.write_date_with_format(row_number, col, &excel_date(d)?, &formats.date)?
                }
                Cell::Number(n) => {
                    sheet.write_number_with_format(row_number, col, n as f64, &formats.number)?
                }
                Cell::Empty => sheet.write_blank(row_number, col, &formats.text)?,
            };
        }
    }
    // The rows are an Excel Table (its own filters, its headings the first row): an empty
    // tracker's table holds one blank row, as Excel's own do.
    let last_row = u32::try_from(tracker.rows.len().max(1)).unwrap_or(u32::MAX);
    let last_col = u16::try_from(columns.len() - 1).unwrap_or(0);
    let table_columns: Vec<TableColumn> = columns
        .iter()
        .map(|(heading, _)| {
            TableColumn::new()
                .set_header(*heading)
                .set_header_format(&header)
        })
        .collect();
    let table = Table::new()
        .set_name(TABLE_NAME)
        .set_style(TableStyle::None)
        .set_columns(&table_columns);
    sheet.add_table(0, 0, last_row, last_col, &table)?;
    sheet.set_freeze_panes(1, 0)?;
    // On paper: A4 landscape, every column on one page's width, the headings on every page.
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

fn write_totals(sheet: &mut Worksheet, tracker: &Tracker) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let date = Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(FormatAlign::Left);
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 14)?;
    // The marking, when set, is the sheet's first line; everything else moves down one.
    let top = match &tracker.header.marking {
        Some(marking) => {
            sheet.write_string_with_format(0, 0, marking, &bold)?;
            1
        }
        None => 0,
    };
    sheet.write_string_with_format(top, 0, "Learning From tracker", &bold)?;
    sheet.write_string(top + 1, 0, "As of")?;
    sheet.write_date_with_format(top + 1, 1, &excel_date(tracker.header.as_of)?, &date)?;
    sheet.write_string(top + 2, 0, "Period")?;
    let mut row = top + 3;
    match tracker.header.period() {
        Some(p) => {
            sheet.write_string(top + 2, 1, &p.label)?;
            sheet.write_string(top + 3, 0, "From")?;
            sheet.write_date_with_format(top + 3, 1, &excel_date(p.start)?, &date)?;
            sheet.write_string(top + 4, 0, "To")?;
            sheet.write_date_with_format(top + 4, 1, &excel_date(p.end)?, &date)?;
            row = top + 5;
        }
        None => {
            sheet.write_string(top + 2, 1, "all actions")?;
        }
    }
    let t = &tracker.totals;
    let figures = [
        ("Actions", t.actions as f64),
        ("Overdue", t.overdue as f64),
        (
            "Left out (see qaledger check)",
            tracker.header.excluded() as f64,
        ),
    ];
    for (label, value) in figures {
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, value)?;
        row += 1;
    }
    // Each record, or deadline of one, left out, by path (SPEC §7).
    for left_out in &tracker.header.left_out {
        sheet.write_string(row, 0, left_out.describe())?;
        row += 1;
    }
    for (name, counts) in super::tracker::groups(t) {
        let mut heading = name.to_owned();
        heading[..1].make_ascii_uppercase();
        row += 1;
        sheet.write_string_with_format(row, 0, &heading, &bold)?;
        sheet.write_string_with_format(row, 1, "Actions", &bold)?;
        row += 1;
        let mut entries: Vec<(&str, usize)> =
            counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        if name == "theme" && t.without_theme > 0 {
            entries.push(("(no theme)", t.without_theme));
        }
        for (key, n) in entries {
            sheet.write_string(row, 0, key)?;
            sheet.write_number(row, 1, n as f64)?;
            row += 1;
        }
    }
    if let Some(marking) = &tracker.header.marking {
        sheet.write_string_with_format(row + 1, 0, marking, &bold)?;
    }
    Ok(())
}
