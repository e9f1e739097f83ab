//! Parquet with the flat schema of [`super::COLUMNS`]: integers as INT64,
//! scores as DOUBLE, flags as BOOLEAN, text as UTF-8 strings, empty fields
//! as nulls; zstd-compressed row groups of [`ROW_GROUP`] rows.

use super::{Column, ExportError, Kind, Value, Written, COLUMNS};
use crate::EventGroup;
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::sync::Arc;

const ROW_GROUP: usize = 64 * 1024;

/// The Parquet message type of the flat schema.
pub fn schema_text() -> String {
    let mut s = String::from("message dragoman_event {\n");
    for c in COLUMNS {
        let repetition = if c.nullable { "optional" } else { "required" };
        let ty = match c.kind {
            Kind::Int => "int64",
            Kind::Float => "double",
            Kind::Bool => "boolean",
            Kind::Text => "binary",
        };
        let annotation = if c.kind == Kind::Text { " (STRING)" } else { "" };
        s.push_str(&format!("  {repetition} {ty} {}{annotation};\n", c.name));
    }
    s.push('}');
    s
}

/// Writes `groups` to a Parquet file.
pub fn write_parquet<W: std::io::Write + Send>(groups: &[EventGroup], out: W) -> Result<Written, ExportError> {
    let schema = Arc::new(parse_message_type(&schema_text())?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_created_by(format!("dragoman {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    for chunk in groups.chunks(ROW_GROUP) {
        let mut rg = writer.next_row_group()?;
        let mut i = 0;
        while let Some(mut col) = rg.next_column()? {
            write_column(&COLUMNS[i], chunk, &mut col)?;
            col.close()?;
            i += 1;
        }
        rg.close()?;
    }
    writer.close()?;
    Ok(Written { records: groups.len(), left_out: 0 })
}

fn write_column(c: &Column, rows: &[EventGroup], col: &mut parquet::file::writer::SerializedColumnWriter) -> Result<(), ExportError> {
    let values: Vec<Value> = rows.iter().map(|g| (c.get)(g)).collect();
    let defs: Vec<i16> = values
        .iter()
        .map(|v| match v {
            Value::Int(None) | Value::Float(None) | Value::Text(None) => 0,
            _ => 1,
        })
        .collect();
    let defs = c.nullable.then_some(defs.as_slice());
    match c.kind {
        Kind::Int => {
            let v: Vec<i64> = values.iter().filter_map(|v| if let Value::Int(x) = v { *x } else { None }).collect();
            col.typed::<Int64Type>().write_batch(&v, defs, None)?;
        }
        Kind::Float => {
            let v: Vec<f64> = values.iter().filter_map(|v| if let Value::Float(x) = v { *x } else { None }).collect();
            col.typed::<DoubleType>().write_batch(&v, defs, None)?;
        }
        Kind::Bool => {
            let v: Vec<bool> = values.iter().filter_map(|v| if let Value::Bool(x) = v { Some(*x) } else { None }).collect();
            col.typed::<BoolType>().write_batch(&v, defs, None)?;
        }
        Kind::Text => {
            let v: Vec<ByteArray> =
                values.iter().filter_map(|v| if let Value::Text(x) = v { x.as_deref().map(|s| ByteArray::from(s.as_bytes().to_vec())) } else { None }).collect();
            col.typed::<ByteArrayType>().write_batch(&v, defs, None)?;
        }
    }
    Ok(())
}
