//! Records: formats with many documents per file (JSON, JSON Lines, CSV/TSV, Reuters SGML) hand each
//! record's fields here, so that field names, ids, empty bodies and dates are dealt with once.

use super::text::{parse_text, Layout, Metadata, Origin};
use super::Ingested;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

/// Field names read as each part of a document, in order of preference (compared case-sensitively in
/// JSON, case-insensitively in a CSV header).
pub(super) const TITLE_KEYS: &[&str] = &["title", "headline", "name", "subject"];
pub(super) const BODY_KEYS: &[&str] =
    &["body", "text", "content", "article", "full_text", "fulltext", "description", "summary"];
pub(super) const DATE_KEYS: &[&str] =
    &["date", "published", "published_at", "publishedAt", "pubDate", "pub_date", "datePublished", "created_at", "time"];
pub(super) const SOURCE_KEYS: &[&str] = &["source", "publisher", "outlet", "site", "site_name", "agency", "author"];
pub(super) const URL_KEYS: &[&str] = &["url", "link", "href", "permalink"];
pub(super) const ID_KEYS: &[&str] = &["id", "_id", "doc_id"];

/// One record's fields, as text (`None` or empty when absent).
#[derive(Debug, Default)]
pub(super) struct Record {
    pub id: Option<String>,
    pub title: Option<String>,
    /// The name of the field the body is read from, for messages.
    pub body_field: String,
    pub body: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// A title without text is what this record is meant to be (a Reuters brief): no warning.
    pub title_only: bool,
}

/// Adds the document of one record, or says why there is none. `origin` locates the record in its
/// file (it is the document's path); `fallback_id` is its id when it has none of its own.
pub(super) fn add(record: Record, origin: &str, fallback_id: &str, out: &mut Ingested) {
    let Record { id, title, body_field, body, date, source, url, title_only } = record;
    let id = id.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| fallback_id.to_string());
    let title = title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let mut warnings = Vec::new();
    let date = date.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).and_then(|s| {
        let d = Date::parse(&s);
        if d.is_none() {
            warnings.push(format!("date {s:?} not understood; ignored"));
        }
        d
    });
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let empty = body.trim().is_empty();
    if empty && title.is_none() {
        out.diagnostics
            .push(Diagnostic::error(origin, format!("empty text field {body_field:?} and no title; skipped")));
        return;
    }
    let meta = Metadata { id: Some(id.clone()), title, date, source: nonempty(source), url: nonempty(url) };
    let at = Origin { id: &id, path: origin };
    let mut doc = if looks_like_html(&body) {
        super::html::parse_html_with(&body, Layout::Record, meta, at)
    } else {
        parse_text(&body, Layout::Record, meta, at)
    };
    if empty {
        if !title_only {
            warnings.push(format!("empty text field {body_field:?}; only the title is indexed"));
        }
    } else {
        super::note_no_text(&mut doc);
    }
    doc.warnings.splice(0..0, warnings);
    out.documents.push(doc);
}

fn looks_like_html(s: &str) -> bool {
    let lower = s.get(..s.len().min(2000)).unwrap_or(s).to_ascii_lowercase();
    ["<p>", "<p ", "<div", "<br", "<html", "<body"].iter().any(|t| lower.contains(t))
}
