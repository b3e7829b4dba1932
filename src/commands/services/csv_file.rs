//! The service-directory CSV format: a header row naming the columns (in
//! any order), then one service per record. Fields follow RFC 4180, so
//! notes may hold commas, quotes and line breaks.

use crate::domain::service::{FIELDS, ServiceRecord};
use crate::store::service_import::{ImportBatch, ImportLine, LineProblem};
use std::io::Write;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

use crate::domain::safe_text::{FORMULA_STARTS, spreadsheet_cell as neutralised};

/// A cell as imported: the apostrophe an export put before a formula-like
/// value comes off again, so export and import round-trip.
fn restored(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

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
    if let Some(problem) = quote_problem(bytes) {
        return Err(problem);
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
    for record in records.by_ref() {
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
            Err(mut reason) => {
                // A record over several lines with the wrong number of
                // fields is most likely a stray quote that closed further
                // down, swallowing the lines between: say which.
                let last = last_line(&record);
                if record.len() != order.len() && last > line {
                    reason.push_str(&format!(
                        "; lines {line} to {last} were read as one record: check for a quote that is not closed"
                    ));
                }
                batch.problems.push(LineProblem { line, reason });
            }
        }
    }
    Ok(batch)
}

/// A quote that leaves the file unreadable as the writer meant it: one
/// that is never closed (the csv reader would take the field to run to the
/// end of the file, silently swallowing every later line), or a quoted field
/// followed by more text (usually a stray quote that closed further down,
/// swallowing the lines between into one field). Both are checked before
/// reading, and name the line where the quote opened. The states follow the
/// reader's own: a quote opens a field only at its start; inside, a doubled
/// quote is a literal quote.
fn quote_problem(bytes: &[u8]) -> Option<FileProblem> {
    #[derive(Clone, Copy)]
    enum At {
        FieldStart,
        Unquoted,
        /// Inside a quoted field opened on this line.
        Quoted(u64),
        /// Just after a quote inside a quoted field: a second quote makes
        /// a literal quote, a comma or line break ends the field.
        QuoteInQuoted(u64),
    }
    const ESCAPE_HINT: &str =
        "a quote inside a quoted field is written twice (\"\"); nothing imported";
    let mut at = At::FieldStart;
    let mut line = 1u64;
    for &b in bytes {
        at = match (at, b) {
            (At::FieldStart, b'"') => At::Quoted(line),
            (At::Quoted(opened), b'"') => At::QuoteInQuoted(opened),
            (At::Quoted(opened), _) => At::Quoted(opened),
            (At::QuoteInQuoted(opened), b'"') => At::Quoted(opened),
            (At::QuoteInQuoted(_), b',' | b'\n' | b'\r') => At::FieldStart,
            (At::QuoteInQuoted(opened), _) => {
                let message = if opened == line {
                    format!("text follows the closing quote of a quoted field; {ESCAPE_HINT}")
                } else {
                    format!(
                        "a quote opened on this line closes on line {line} and text follows it, so lines {opened} to {line} would be read as one field; close the quote where the field ends ({ESCAPE_HINT})"
                    )
                };
                return Some(FileProblem {
                    line: Some(opened),
                    message,
                });
            }
            (_, b',' | b'\n' | b'\r') => At::FieldStart,
            (_, _) => At::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match at {
        At::Quoted(opened) => Some(FileProblem {
            line: Some(opened),
            message: format!(
                "a quote opened on this line is never closed, so every line after it would be read as one field; close the quote ({ESCAPE_HINT})"
            ),
        }),
        _ => None,
    }
}

/// The line on which a record ends: where it starts, plus the line breaks
/// inside its quoted fields.
fn last_line(record: &csv::ByteRecord) -> u64 {
    let start = record.position().map_or(0, |p| p.line());
    let breaks = record
        .iter()
        .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
        .sum::<u64>();
    start + breaks
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
        let text = std::str::from_utf8(bytes).map_err(|_| {
            format!(
                "{}: not UTF-8 text (bad encoding); save the file as UTF-8",
                field.name
            )
        })?;
        // Opening hours and notes may run over several lines.
        let multiline = matches!(field.name, "notes" | "opening_hours");
        if let Some(c) = crate::domain::safe_text::refused_char(text, multiline) {
            return Err(format!(
                "{}: holds a control character (U+{:04X}); remove it",
                field.name,
                u32::from(c)
            ));
        }
        *value = restored(text);
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
        let fields = record.to_fields();
        writer
            .write_record(fields.iter().map(|f| neutralised(f).into_owned()))
            .map_err(fail)?;
    }
    writer
        .flush()
        .map_err(|e| format!("cannot write the CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "organisation,service_type,name,location,phone,email,opening_hours,languages,notes\n";

    #[test]
    fn formula_cells_are_neutralised_on_export_and_restored_on_import() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+254 722 000 111",
            "-1",
            "@SUM(A1)",
            "\tx",
            "plain",
        ] {
            let out = neutralised(cell);
            assert!(!out.starts_with(FORMULA_STARTS), "{out}");
            assert_eq!(restored(&out), cell);
        }
        // A value that merely starts with an apostrophe keeps it.
        assert_eq!(restored("'tis"), "'tis");
    }

    #[test]
    fn quotes_as_spreadsheets_write_them_pass() {
        for body in [
            "Org,medical,Clinic,Kisumu,,,,en,\"a, b\"\n",
            "Org,medical,Clinic,Kisumu,,,\"Mon\nTue\",en,\"say \"\"hi\"\"\"\r\n",
            "Org,medical,Clinic,Kisumu,,,,en,5\" screen\n",
            "Org,medical,Clinic,Kisumu,,,,en,\"\"\n",
        ] {
            assert_eq!(
                quote_problem(format!("{HEADER}{body}").as_bytes()),
                None,
                "{body}"
            );
        }
    }

    #[test]
    fn stray_quotes_name_the_line_where_they_open() {
        let cases = [
            (
                "Org,medical,Clinic,Kisumu,,,,en,\"open\nNext,police,x,y,,,,en,\n",
                2,
                "never closed",
            ),
            (
                "Org,medical,Clinic,Kisumu,,,,en,\"ab\"cd\n",
                2,
                "text follows the closing quote",
            ),
            (
                "A,medical,B,C,,,,en,\nOrg,medical,\"Cl\ninic\nx\"y,K,,,,en,\n",
                3,
                "closes on line 5",
            ),
        ];
        for (body, line, message) in cases {
            let problem = quote_problem(format!("{HEADER}{body}").as_bytes()).expect(body);
            assert_eq!(problem.line, Some(line), "{body}");
            assert!(problem.message.contains(message), "{}", problem.message);
        }
    }

    #[test]
    fn a_record_over_several_lines_with_the_wrong_width_says_so() {
        let text = format!("{HEADER}Org,medical,\"Clinic\nx,y\",Kisumu,,,,en,,extra\n");
        let batch = read_batch(text.as_bytes()).unwrap();
        assert_eq!(batch.problems.len(), 1);
        assert_eq!(batch.problems[0].line, 2);
        assert!(
            batch.problems[0]
                .reason
                .contains("lines 2 to 3 were read as one record"),
            "{}",
            batch.problems[0].reason
        );
    }
}
