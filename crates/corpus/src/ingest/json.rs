//! JSON (one object or an array of objects) and JSON Lines. Field names follow common news exports.

use serde_json::{Map, Value};

use super::record::{self, Record, BODY_KEYS, DATE_KEYS, ID_KEYS, SOURCE_KEYS, TITLE_KEYS, URL_KEYS};
use super::Ingested;
use crate::diagnostic::Diagnostic;

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
        // An array of plain strings: each one is a body.
        Value::String(body) => {
            let r = Record { body_field: "(string)".into(), body, ..Record::default() };
            return record::add(r, origin, fallback_id, out);
        }
        other => {
            out.diagnostics.push(Diagnostic::error(
                origin,
                format!("expected an object with a text field, found {}; skipped", kind(&other)),
            ));
            return;
        }
    };
    let (body_field, body) = match first_string(&map, BODY_KEYS) {
        Some((key, body)) => (key, body),
        None => match BODY_KEYS.iter().find(|k| map.contains_key(**k)) {
            Some(key) => (*key, String::new()),
            None => {
                let message = format!("no text field (one of {}); skipped", BODY_KEYS.join(", "));
                out.diagnostics.push(Diagnostic::error(origin, message));
                return;
            }
        },
    };
    let id = ID_KEYS.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let text = |keys| first_string(&map, keys).map(|(_, v)| v);
    let r = Record {
        id,
        title: text(TITLE_KEYS),
        body_field: body_field.to_string(),
        body,
        date: text(DATE_KEYS),
        source: text(SOURCE_KEYS),
        url: text(URL_KEYS),
        title_only: false,
    };
    record::add(r, origin, fallback_id, out);
}

/// The first of `keys` with text, and that text.
fn first_string<'k>(map: &Map<String, Value>, keys: &[&'k str]) -> Option<(&'k str, String)> {
    keys.iter().find_map(|k| {
        let text = match map.get(*k)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
            Value::Array(a) => {
                let parts: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                (!parts.is_empty()).then(|| parts.join("\n\n"))
            }
            _ => None,
        };
        text.map(|t| (*k, t))
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
