//! Ingestion: bytes of one file in, documents and diagnostics out. Never panics, never fails whole.
//!
//! The format is chosen by the file's extension (`txt`, `md`, `json`, `jsonl`, `html`, `csv`, `tsv`,
//! `sgm`), else sniffed.
//! Every format ends in [`text::parse_text`], so header heuristics and cleanup are defined once.

mod csv;
mod decode;
mod html;
mod json;
mod record;
mod sgml;
mod text;
mod unsupported;

use crate::diagnostic::Diagnostic;
use crate::document::Document;

pub use text::{is_http_url, Metadata};
pub use unsupported::Unsupported;

/// Files larger than this are refused with a message (the browser would struggle anyway).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Why a file of `len` bytes is refused (over [`MAX_FILE_BYTES`]).
pub fn over_limit(len: usize) -> String {
    format!(
        "file is {} MB, over the {} MB limit per file; split it into smaller files",
        len / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// What [`ingest`] produced from one file.
#[derive(Debug, Default, Clone)]
pub struct Ingested {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The formats Trawl reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    Html,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// Reuters-21578 SGML: many `<REUTERS>` records per file.
    Sgml,
}

impl Format {
    /// The format named by a file extension, if Trawl knows it.
    pub fn from_extension(ext: &str) -> Option<Format> {
        let f = match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "html" | "htm" | "xhtml" => Format::Html,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "sgm" | "sgml" => Format::Sgml,
            _ => return None,
        };
        Some(f)
    }

    fn sniff(text: &str) -> Format {
        let t = text.trim_start();
        if t.starts_with('[') {
            return Format::Json;
        }
        if t.starts_with('{') {
            // Several lines each starting with `{` is JSON Lines.
            let mut lines = t.lines().filter(|l| !l.trim().is_empty());
            let first_closes = lines.next().is_some_and(|l| l.trim_end().ends_with('}'));
            return if first_closes && lines.next().is_some_and(|l| l.trim_start().starts_with('{')) {
                Format::JsonLines
            } else {
                Format::Json
            };
        }
        let head: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
        if sgml::sniff(&head) {
            return Format::Sgml;
        }
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
            return Format::Html;
        }
        Format::Text
    }
}

/// A file's path as documents and messages name it: `/` between folders, no leading `./` or `/`.
pub fn clean_path(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut rest = path.as_str();
    loop {
        let next = rest.trim_start_matches('/');
        let next = next.strip_prefix("./").unwrap_or(next);
        if next.len() == rest.len() {
            break;
        }
        rest = next;
    }
    rest.to_string()
}

/// The base of a file's document ids: its path without the extension (nor a `.gz` after it).
pub fn path_stem(path: &str) -> &str {
    let (dir_len, base) = match path.rfind('/') {
        Some(i) => (i + 1, &path[i + 1..]),
        None => (0, path),
    };
    let base = base.strip_suffix(".gz").filter(|b| !b.is_empty()).unwrap_or(base);
    match base.rfind('.') {
        Some(i) if i > 0 => &path[..dir_len + i],
        _ => &path[..dir_len + base.len()],
    }
}

/// A file's extension, read through a final `.gz` (`a.jsonl.gz` is JSON Lines).
fn extension(path: &str) -> &str {
    let stem = path_stem(path);
    let base = &path[stem.len()..];
    let base = base.strip_suffix(".gz").unwrap_or(base);
    base.strip_prefix('.').unwrap_or("")
}

/// Reads one file. `name` is its path relative to what the person named: the file's name when they
/// named the file, its path inside a folder they named (`politics/001.txt`). Document ids keep that
/// path without its extension (`politics/001`), so files of one name in two folders never clash. A
/// name ending in `.gz` is read as the (already inflated) file inside.
pub fn ingest(name: &str, bytes: &[u8]) -> Ingested {
    let name = &clean_path(name);
    let mut out = Ingested::default();
    if bytes.len() > MAX_FILE_BYTES {
        out.diagnostics.push(Diagnostic::error(name, over_limit(bytes.len())));
        return out;
    }
    if bytes.is_empty() {
        out.diagnostics.push(Diagnostic::error(name, "file is empty"));
        return out;
    }
    if let Some(kind) = Unsupported::detect(name, bytes) {
        out.diagnostics.push(Diagnostic::error(name, kind.to_string()));
        return out;
    }
    let decoded = match decode::decode(bytes) {
        Ok(d) => d,
        Err(message) => {
            out.diagnostics.push(Diagnostic::error(name, message));
            return out;
        }
    };
    let mut file_warnings = Vec::new();
    if let Some(w) = decoded.warning {
        out.diagnostics.push(Diagnostic::warning(name, w.clone()));
        file_warnings.push(w);
    }
    let text = decoded.text;
    let ext = extension(name);
    let format = Format::from_extension(ext).unwrap_or_else(|| Format::sniff(&text));
    let stem = path_stem(name);
    let origin = text::Origin { id: stem, path: name };
    match format {
        Format::Text | Format::Markdown => {
            let mut doc = text::parse_text(&text, text::Layout::File, Metadata::default(), origin);
            note_no_text(&mut doc);
            if let Some(w) = csv::looks_like_table(&text) {
                doc.warnings.push(w);
            }
            out.documents.push(doc);
        }
        Format::Html => {
            let mut doc = html::parse_html(&text, origin);
            note_no_text(&mut doc);
            out.documents.push(doc);
        }
        Format::Json => json::parse_json(&text, stem, name, &mut out),
        Format::JsonLines => json::parse_json_lines(&text, stem, name, &mut out),
        Format::Csv => csv::parse_csv(&text, b',', stem, name, &mut out),
        Format::Tsv => csv::parse_csv(&text, b'\t', stem, name, &mut out),
        Format::Sgml => sgml::parse_sgml(&text, stem, name, &mut out),
    }
    for doc in &mut out.documents {
        doc.warnings.splice(0..0, file_warnings.iter().cloned());
    }
    for doc in &out.documents {
        for w in doc.warnings.iter().filter(|w| !file_warnings.contains(w)) {
            out.diagnostics.push(Diagnostic::warning(&doc.path, w.clone()));
        }
    }
    out
}

/// A warning on a document whose text came out empty (a page of markup only, a file of `---`).
fn note_no_text(doc: &mut Document) {
    if doc.body.trim().is_empty() {
        doc.warnings.push("document has no text".to_string());
    }
}

#[cfg(test)]
mod tests;
