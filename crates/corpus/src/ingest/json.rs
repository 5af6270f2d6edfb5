//! JSON (one object or an array of objects) and JSON Lines. Field names follow common news exports.

use serde_json::{Map, Value};

use super::text::{parse_text, Layout, Metadata};
use super::Ingested;
use crate::date::Date;
use crate::diagnostic::Diagnostic;

const TITLE_KEYS: &[&str] = &["title", "headline", "name", "subject"];
const BODY_KEYS: &[&str] = &["body", "text", "content", "article", "full_text", "fulltext", "description", "summary"];
const DATE_KEYS: &[&str] =
    &["date", "published", "published_at", "publishedAt", "pubDate", "pub_date", "datePublished", "created_at", "time"];
const SOURCE_KEYS: &[&str] = &["source", "publisher", "outlet", "site", "site_name", "agency", "author"];
const URL_KEYS: &[&str] = &["url", "link", "href", "permalink"];

pub(super) fn parse_json(text: &str, stem: &str, file: &str, out: &mut Ingested) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            out.diagnostics.push(Diagnostic::error(file, format!("invalid JSON: {e}; file skipped")));
            return;
        }
    };
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                out.diagnostics.push(Diagnostic::warning(file, "JSON array is empty"));
            }
            for (i, item) in items.into_iter().enumerate() {
                let origin = format!("{file} [{i}]");
                record(item, &format!("{stem}-{}", i + 1), &origin, out);
            }
        }
        Value::Object(ref map) if map.values().any(Value::is_array) && !has_any(map, BODY_KEYS) => {
            // {"documents": [...]} and similar wrappers.
            let Value::Object(map) = value else { unreachable!() };
            let (key, items) = map.into_iter().find(|(_, v)| v.is_array()).expect("checked above");
            let Value::Array(items) = items else { unreachable!() };
            for (i, item) in items.into_iter().enumerate() {
                let origin = format!("{file} {key}[{i}]");
                record(item, &format!("{stem}-{}", i + 1), &origin, out);
            }
        }
        other => record(other, stem, file, out),
    }
}

pub(super) fn parse_json_lines(text: &str, stem: &str, file: &str, out: &mut Ingested) {
    let mut n = 0;
    for (line_no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        let origin = format!("{file}:{}", line_no + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(v) => record(v, &format!("{stem}-{n}"), &origin, out),
            Err(e) => out.diagnostics.push(Diagnostic::error(origin, format!("invalid JSON: {e}; line skipped"))),
        }
    }
}

fn has_any(map: &Map<String, Value>, keys: &[&str]) -> bool {
    keys.iter().any(|k| map.contains_key(*k))
}

fn record(value: Value, fallback_id: &str, origin: &str, out: &mut Ingested) {
    let map = match value {
        Value::Object(map) => map,
        Value::String(s) => {
            // An array of plain strings: each one is a body.
            let doc = parse_text(
                &s,
                Layout::Record,
                Metadata { id: Some(fallback_id.to_string()), ..Metadata::default() },
                fallback_id,
            );
            out.documents.push(doc);
            return;
        }
        other => {
            out.diagnostics.push(Diagnostic::error(
                origin,
                format!("expected an object with a text field, found {}; skipped", kind(&other)),
            ));
            return;
        }
    };
    let Some(body) = first_string(&map, BODY_KEYS) else {
        out.diagnostics
            .push(Diagnostic::error(origin, format!("no text field (one of {}); skipped", BODY_KEYS.join(", "))));
        return;
    };
    let id = match map.get("id").or_else(|| map.get("_id")).or_else(|| map.get("doc_id")) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id.to_string(),
    };
    let mut warnings = Vec::new();
    let date = first_string(&map, DATE_KEYS).and_then(|s| {
        let d = Date::parse(&s);
        if d.is_none() {
            warnings.push(format!("date {s:?} not understood; ignored"));
        }
        d
    });
    let meta = Metadata {
        id: Some(id.clone()),
        title: first_string(&map, TITLE_KEYS),
        date,
        source: first_string(&map, SOURCE_KEYS),
        url: first_string(&map, URL_KEYS),
    };
    let mut doc = if looks_like_html(&body) {
        super::html::parse_html_with(&body, Layout::Record, meta, &id)
    } else {
        parse_text(&body, Layout::Record, meta, &id)
    };
    doc.warnings.splice(0..0, warnings);
    out.documents.push(doc);
}

fn looks_like_html(s: &str) -> bool {
    let lower = s.get(..s.len().min(2000)).unwrap_or(s).to_ascii_lowercase();
    ["<p>", "<p ", "<div", "<br", "<html", "<body"].iter().any(|t| lower.contains(t))
}

fn first_string(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        Value::Array(a) => {
            let parts: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        _ => None,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
