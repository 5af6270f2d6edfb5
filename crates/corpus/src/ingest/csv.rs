//! CSV and TSV with a header row (`.csv`, `.tsv`): one document per row, its columns named like JSON
//! fields (`title`, `body`, `date`…). Quoting as RFC 4180 has it: a field in double quotes may hold the
//! delimiter, line breaks and doubled quotes (`""`); lines end in LF or CRLF.

use std::borrow::Cow;

use super::record::{self, Record, BODY_KEYS, DATE_KEYS, ID_KEYS, SOURCE_KEYS, TITLE_KEYS, URL_KEYS};
use super::Ingested;
use crate::diagnostic::Diagnostic;

pub(super) fn parse_csv(text: &str, delimiter: u8, stem: &str, file: &str, out: &mut Ingested) {
    let mut rows = Rows { text, delimiter, pos: 0, line: 1 };
    let header = loop {
        match rows.next() {
            None => {
                out.diagnostics.push(Diagnostic::error(file, "no header row; file skipped"));
                return;
            }
            Some(Err(e)) => {
                out.diagnostics
                    .push(Diagnostic::error(format!("{file}:{}", e.line), format!("{}; file skipped", e.message)));
                return;
            }
            Some(Ok(row)) if row.is_blank() => continue,
            Some(Ok(row)) => break row,
        }
    };
    let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_string()).collect();
    let column = |keys: &[&str]| keys.iter().find_map(|k| names.iter().position(|n| n.eq_ignore_ascii_case(k)));
    let Some(body) = column(BODY_KEYS) else {
        let found: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        out.diagnostics.push(Diagnostic::error(
            file,
            format!(
                "no text column (one of {}) in the header, which has {}; file skipped",
                BODY_KEYS.join(", "),
                found.join(", ")
            ),
        ));
        return;
    };
    let (title, date, source, url, id) =
        (column(TITLE_KEYS), column(DATE_KEYS), column(SOURCE_KEYS), column(URL_KEYS), column(ID_KEYS));
    let mut n = 0;
    for row in rows {
        let row = match row {
            Ok(row) if row.is_blank() => continue,
            Ok(row) => row,
            Err(e) => {
                let message = format!("{}; the rest of the file is skipped", e.message);
                out.diagnostics.push(Diagnostic::error(format!("{file}:{}", e.line), message));
                break;
            }
        };
        n += 1;
        let origin = format!("{file}:{}", row.line);
        if row.fields.len() > names.len() {
            out.diagnostics.push(Diagnostic::warning(
                &origin,
                format!(
                    "row has {} fields, the header {}; the extra ones are not read (a delimiter outside quotes?)",
                    row.fields.len(),
                    names.len()
                ),
            ));
        }
        let get = |i: Option<usize>| i.and_then(|i| row.fields.get(i)).map(|f| f.to_string());
        let r = Record {
            id: get(id),
            title: get(title),
            body_field: names[body].clone(),
            body: get(Some(body)).unwrap_or_default(),
            date: get(date),
            source: get(source),
            url: get(url),
            title_only: false,
        };
        record::add(r, &origin, &format!("{stem}-{n}"), out);
    }
    if n == 0 {
        out.diagnostics.push(Diagnostic::warning(file, "no rows after the header"));
    }
}

/// One row: the line it starts on (1-based), and its fields.
struct Row<'a> {
    line: usize,
    fields: Vec<Cow<'a, str>>,
}

impl Row<'_> {
    fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

struct RowError {
    line: usize,
    message: String,
}

/// The rows of a CSV text, borrowing every field that needs no unescaping.
struct Rows<'a> {
    text: &'a str,
    delimiter: u8,
    pos: usize,
    line: usize,
}

impl<'a> Iterator for Rows<'a> {
    type Item = Result<Row<'a>, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            let field = if bytes.get(self.pos) == Some(&b'"') {
                match self.quoted() {
                    Some(f) => f,
                    None => {
                        self.pos = bytes.len();
                        let message = "a quoted field is never closed".to_string();
                        return Some(Err(RowError { line: start_line, message }));
                    }
                }
            } else {
                let end = bytes[self.pos..]
                    .iter()
                    .position(|&b| b == self.delimiter || b == b'\n')
                    .map_or(bytes.len(), |i| self.pos + i);
                let f = &text[self.pos..end];
                self.pos = end;
                Cow::Borrowed(f.strip_suffix('\r').unwrap_or(f))
            };
            fields.push(field);
            match bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    break;
                }
                _ => break,
            }
        }
        Some(Ok(Row { line: start_line, fields }))
    }
}

impl<'a> Rows<'a> {
    /// The quoted field at `pos` (on its opening quote), leaving `pos` after it; `None` if it never
    /// closes. Text between the closing quote and the next delimiter is kept, as a lenient reader would.
    fn quoted(&mut self) -> Option<Cow<'a, str>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.pos + 1;
        let mut owned: Option<String> = None;
        let mut from = i;
        loop {
            let q = i + bytes[i..].iter().position(|&b| b == b'"')?;
            self.line += bytes[i..q].iter().filter(|&&b| b == b'\n').count();
            if bytes.get(q + 1) == Some(&b'"') {
                owned.get_or_insert_with(String::new).push_str(&text[from..=q]);
                i = q + 2;
                from = i;
                continue;
            }
            let mut field = match owned {
                Some(mut s) => {
                    s.push_str(&text[from..q]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&text[from..q]),
            };
            let rest_end = bytes[q + 1..]
                .iter()
                .position(|&b| b == self.delimiter || b == b'\n')
                .map_or(bytes.len(), |j| q + 1 + j);
            let rest = &text[q + 1..rest_end];
            let rest = rest.strip_suffix('\r').unwrap_or(rest);
            if !rest.is_empty() {
                field.to_mut().push_str(rest);
            }
            self.pos = rest_end;
            return Some(field);
        }
    }
}

/// A warning for a text file whose first line is a table's header (`id,title,date,body`): read as one
/// document, not one per row, because its name does not end in `.csv` or `.tsv`.
pub(super) fn looks_like_table(text: &str) -> Option<String> {
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim();
    let (delimiter, ext) = if first.contains('\t') { ('\t', "tsv") } else { (',', "csv") };
    let names: Vec<&str> = first.split(delimiter).map(|n| n.trim().trim_matches('"')).collect();
    let known = |n: &&str| {
        [BODY_KEYS, TITLE_KEYS, DATE_KEYS, ID_KEYS, SOURCE_KEYS, URL_KEYS]
            .iter()
            .any(|keys| keys.iter().any(|k| n.eq_ignore_ascii_case(k)))
    };
    let short = names.iter().all(|n| !n.is_empty() && n.len() <= 40 && !n.contains(' '));
    if names.len() < 2 || !short || !names.iter().any(known) {
        return None;
    }
    let shown: String = first.chars().take(60).collect();
    let more = if shown.len() < first.len() { "…" } else { "" };
    Some(format!(
        "read as one document, though its first line ({shown}{more}) looks like a table's header: \
         to read one document per row, name the file .{ext}"
    ))
}
