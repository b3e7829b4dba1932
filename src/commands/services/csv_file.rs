//! The service-directory CSV format: a header row naming the columns (in
//! any order), then one service per record. Fields follow RFC 4180, so
//! notes may hold commas, quotes and line breaks.

use crate::domain::service::{FIELDS, ServiceRecord};
use crate::store::service_import::{ImportBatch, ImportLine, LineProblem};
use std::io::Write;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The documented columns, comma-separated, for messages.
pub fn column_list() -> String {
    FIELDS.map(|f| f.name).join(", ")
}

/// A problem with the file as a whole, at a line when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub line: Option<u64>,
    pub message: String,
}

fn at_header(message: String) -> FileProblem {
    FileProblem {
        line: Some(1),
        message,
    }
}

/// Reads a whole file and checks every line. A problem with the file as a
/// whole (no header, a column missing from the header) is an error; a
/// problem with a line goes into the batch, so every bad line is reported.
pub fn read_batch(bytes: &[u8]) -> Result<ImportBatch, FileProblem> {
    // Spreadsheets often save UTF-8 with a byte-order mark.
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(line) = unclosed_quote_line(bytes) {
        return Err(FileProblem {
            line: Some(line),
            message: "a quote opened on this line is never closed, so every line after it \
                      would be read as one field; close the quote (a quote inside a quoted \
                      field is written twice: \"\"); nothing imported"
                .into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(at_header(csv_reason(&e))),
        None => {
            return Err(FileProblem {
                line: None,
                message: format!(
                    "the file is empty; its first line must name the columns: {}",
                    column_list()
                ),
            });
        }
    };
    let order = column_order(&header)?;
    let mut batch = ImportBatch::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                batch.problems.push(LineProblem {
                    line,
                    reason: csv_reason(&e),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        match read_line(&record, &order) {
            Ok(Some(record)) => batch.lines.push(ImportLine { line, record }),
            Ok(None) => {}
            Err(reason) => batch.problems.push(LineProblem { line, reason }),
        }
    }
    Ok(batch)
}

/// The line on which a quoted field opens and never closes, if any. The
/// csv reader takes such a field to run to the end of the file, silently
/// swallowing every later line, so the file is checked first. The states
/// follow the reader's own (RFC 4180 with its leniencies): a quote opens a
/// field only at its start; inside, a doubled quote is a literal quote.
fn unclosed_quote_line(bytes: &[u8]) -> Option<u64> {
    #[derive(Clone, Copy)]
    enum At {
        FieldStart,
        Unquoted,
        /// Inside a quoted field opened on this line.
        Quoted(u64),
        /// Just after a quote inside a quoted field: a second quote makes
        /// a literal quote, anything else ends the quoted part.
        QuoteInQuoted(u64),
    }
    let mut at = At::FieldStart;
    let mut line = 1u64;
    for &b in bytes {
        at = match (at, b) {
            (At::FieldStart, b'"') => At::Quoted(line),
            (At::Quoted(opened), b'"') => At::QuoteInQuoted(opened),
            (At::Quoted(opened), _) => At::Quoted(opened),
            (At::QuoteInQuoted(opened), b'"') => At::Quoted(opened),
            (_, b',' | b'\n' | b'\r') => At::FieldStart,
            (_, _) => At::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match at {
        At::Quoted(opened) => Some(opened),
        _ => None,
    }
}

/// For each documented field, its index in the file's records.
fn column_order(header: &csv::ByteRecord) -> Result<[usize; 9], FileProblem> {
    let mut names = Vec::with_capacity(header.len());
    for field in header {
        let name = std::str::from_utf8(field).map_err(|_| {
            at_header("the header is not UTF-8 text; save the file as UTF-8".into())
        })?;
        names.push(name.trim().to_lowercase().replace([' ', '-'], "_"));
    }
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !FIELDS.iter().any(|f| f.name == *n))
        .collect();
    if !unknown.is_empty() {
        return Err(at_header(format!(
            "unknown column(s) {}; the columns are: {}",
            unknown.join(", "),
            column_list()
        )));
    }
    let mut order = [0; 9];
    let mut missing = Vec::new();
    for (slot, field) in order.iter_mut().zip(FIELDS) {
        let at: Vec<usize> = (0..names.len())
            .filter(|&i| names[i] == field.name)
            .collect();
        match at.as_slice() {
            [i] => *slot = *i,
            [] => missing.push(field.name),
            _ => {
                return Err(at_header(format!(
                    "the column {} appears twice",
                    field.name
                )));
            }
        }
    }
    if !missing.is_empty() {
        return Err(at_header(format!(
            "missing column(s) {}; the header must name: {}",
            missing.join(", "),
            column_list()
        )));
    }
    Ok(order)
}

/// One record as a service; `Ok(None)` for a record with nothing in it
/// (spreadsheets add such rows at the end).
fn read_line(
    record: &csv::ByteRecord,
    order: &[usize; 9],
) -> Result<Option<ServiceRecord>, String> {
    let width = order.len();
    if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return Ok(None);
    }
    if record.len() < width {
        let missing: Vec<&str> = FIELDS
            .iter()
            .zip(order)
            .filter(|(_, i)| **i >= record.len())
            .map(|(f, _)| f.name)
            .collect();
        return Err(format!(
            "missing column(s) {} ({} of {width} fields)",
            missing.join(", "),
            record.len()
        ));
    }
    if record.len() > width {
        return Err(format!(
            "{} fields, but the header names {width} (a comma outside quotes?)",
            record.len()
        ));
    }
    let mut values = [""; 9];
    for (value, (field, &i)) in values.iter_mut().zip(FIELDS.iter().zip(order)) {
        let bytes = record.get(i).unwrap_or_default();
        *value = std::str::from_utf8(bytes).map_err(|_| {
            format!(
                "{}: not UTF-8 text (bad encoding); save the file as UTF-8",
                field.name
            )
        })?;
    }
    ServiceRecord::from_fields(values)
        .map(Some)
        .map_err(|problems| problems.join("; "))
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(e) => format!("cannot read: {e}"),
        _ => "not readable as CSV".into(),
    }
}

/// Writes the header and one record per service, in the documented column
/// order, so the file imports again unchanged.
pub fn write_services(records: &[ServiceRecord], out: impl Write) -> Result<(), String> {
    let fail = |e: csv::Error| format!("cannot write the CSV: {e}");
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    writer.write_record(FIELDS.map(|f| f.name)).map_err(fail)?;
    for record in records {
        writer.write_record(record.to_fields()).map_err(fail)?;
    }
    writer
        .flush()
        .map_err(|e| format!("cannot write the CSV: {e}"))
}
