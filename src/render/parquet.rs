//! One export table as an Apache Parquet file, through the `parquet` crate's column writers (no
//! Arrow): text as UTF-8 strings, dates as DATE, booleans, 64-bit integers, doubles, lists of
//! text as the standard three-level LIST. Every column may be null. Snappy compression, which
//! DuckDB, pyarrow and Power BI read with no setting; the writer's name is fixed, so the same
//! table gives the same bytes.

use std::sync::Arc;

use jiff::civil::Date;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{Type, TypePtr};

use crate::error::{Error, Result};
use crate::view::export::{Column, Table, Values};

/// The table's bytes as a Parquet file (one row group).
pub fn write(table: &Table) -> Result<Vec<u8>> {
    encode(table).map_err(|e| Error::Encode {
        format: "Parquet",
        message: format!("table `{}`: {e}", table.name),
    })
}

fn encode(table: &Table) -> parquet::errors::Result<Vec<u8>> {
    let fields = table
        .columns
        .iter()
        .map(field_type)
        .collect::<parquet::errors::Result<Vec<TypePtr>>>()?;
    let schema = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("qaledger {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut writer = SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(properties))?;
    let mut group = writer.next_row_group()?;
    for column in &table.columns {
        let Some(mut out) = group.next_column()? else {
            return Err(general("fewer columns in the schema than in the table"));
        };
        write_column(out.untyped(), &column.values)?;
        out.close()?;
    }
    group.close()?;
    writer.into_inner()
}

fn general(message: &str) -> parquet::errors::ParquetError {
    parquet::errors::ParquetError::General(message.to_owned())
}

/// The column's Parquet type: optional, with the logical type readers map to theirs.
fn field_type(column: &Column) -> parquet::errors::Result<TypePtr> {
    let name = column.name.as_str();
    let primitive = |physical, logical| {
        Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
    };
    let field = match &column.values {
        Values::Text(_) => primitive(Physical::BYTE_ARRAY, Some(LogicalType::String))?,
        Values::Date(_) => primitive(Physical::INT32, Some(LogicalType::Date))?,
        Values::Bool(_) => primitive(Physical::BOOLEAN, None)?,
        Values::Int(_) => primitive(Physical::INT64, None)?,
        Values::Float(_) => primitive(Physical::DOUBLE, None)?,
        Values::TextList(_) => {
            let element = Type::primitive_type_builder("element", Physical::BYTE_ARRAY)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(Some(LogicalType::String))
                .build()?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(name)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(list)])
                .build()?
        }
    };
    Ok(Arc::new(field))
}

/// Definition levels of an optional value: 1 present, 0 null.
fn present<T>(values: &[Option<T>]) -> Vec<i16> {
    values.iter().map(|v| i16::from(v.is_some())).collect()
}

fn write_column(out: &mut ColumnWriter<'_>, values: &Values) -> parquet::errors::Result<()> {
    match (out, values) {
        (ColumnWriter::ByteArrayColumnWriter(w), Values::Text(v)) => {
            let data: Vec<ByteArray> = v
                .iter()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            w.write_batch(&data, Some(&present(v)), None)?;
        }
        (ColumnWriter::Int32ColumnWriter(w), Values::Date(v)) => {
            let data: Vec<i32> = v.iter().flatten().map(|d| days_since_epoch(*d)).collect();
            w.write_batch(&data, Some(&present(v)), None)?;
        }
        (ColumnWriter::BoolColumnWriter(w), Values::Bool(v)) => {
            let data: Vec<bool> = v.iter().flatten().copied().collect();
            w.write_batch(&data, Some(&present(v)), None)?;
        }
        (ColumnWriter::Int64ColumnWriter(w), Values::Int(v)) => {
            let data: Vec<i64> = v.iter().flatten().copied().collect();
            w.write_batch(&data, Some(&present(v)), None)?;
        }
        (ColumnWriter::DoubleColumnWriter(w), Values::Float(v)) => {
            let data: Vec<f64> = v.iter().flatten().copied().collect();
            w.write_batch(&data, Some(&present(v)), None)?;
        }
        (ColumnWriter::ByteArrayColumnWriter(w), Values::TextList(v)) => {
            let levels = ListLevels::of(v);
            let data: Vec<ByteArray> = v
                .iter()
                .flatten()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            w.write_batch(&data, Some(&levels.definition), Some(&levels.repetition))?;
        }
        _ => return Err(general("a column's values are not of its Parquet type")),
    }
    Ok(())
}

/// The levels of an optional list of required items: definition 0 for a null list, 1 for an
/// empty one, 2 for an item; repetition 0 at a row's first entry, 1 for its further items.
struct ListLevels {
    definition: Vec<i16>,
    repetition: Vec<i16>,
}

impl ListLevels {
    fn of(rows: &[Option<Vec<String>>]) -> ListLevels {
        let mut levels = ListLevels {
            definition: Vec::with_capacity(rows.len()),
            repetition: Vec::with_capacity(rows.len()),
        };
        for row in rows {
            match row.as_deref() {
                None => levels.push(0, 0),
                Some([]) => levels.push(1, 0),
                Some(items) => {
                    for at in 0..items.len() {
                        levels.push(2, i16::from(at > 0));
                    }
                }
            }
        }
        levels
    }

    fn push(&mut self, definition: i16, repetition: i16) {
        self.definition.push(definition);
        self.repetition.push(repetition);
    }
}

/// Parquet's DATE: days since 1970-01-01 (the civil-from-days algorithm, in integers).
fn days_since_epoch(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1970() {
        let days = |y, m, d| days_since_epoch(Date::new(y, m, d).unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(1969, 12, 31), -1);
        assert_eq!(days(2000, 3, 1), 11_017);
        assert_eq!(days(2025, 6, 30), 20_269);
    }

    #[test]
    fn list_levels_tell_null_empty_and_items_apart() {
        let rows = vec![
            None,
            Some(vec![]),
            Some(vec!["a".to_owned(), "b".to_owned()]),
            Some(vec!["c".to_owned()]),
        ];
        let levels = ListLevels::of(&rows);
        assert_eq!(levels.definition, [0, 1, 2, 2, 2]);
        assert_eq!(levels.repetition, [0, 0, 0, 1, 0]);
    }
}
