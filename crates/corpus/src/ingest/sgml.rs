//! Reuters-21578 SGML (`.sgm`): many `<REUTERS NEWID="…">` records per file, each with a `<DATE>`
//! (`26-FEB-1987 15:01:01.79`) and a `<TEXT>` holding `<TITLE>`, `<DATELINE>` and `<BODY>`; a
//! `TYPE="BRIEF"` text is a title only, a `TYPE="UNPROC"` one raw text. Entities (`&lt;`, `&#3;`) are
//! decoded and control characters dropped. The topic, place and organisation codes are not kept: the
//! document model has no place for them, and the text names the places and organisations anyway.

use super::html::decode_entities;
use super::record::{self, Record};
use super::Ingested;
use crate::diagnostic::Diagnostic;

pub(super) fn parse_sgml(text: &str, stem: &str, file: &str, out: &mut Ingested) {
    let mut n = 0;
    let mut pos = 0;
    // Lines counted up to `counted`, so that each record's line costs only the text since the last.
    let (mut line, mut counted) = (1, 0);
    while let Some(start) = find_tag(text, pos, "REUTERS") {
        line += text[counted..start].bytes().filter(|&b| b == b'\n').count();
        counted = start;
        n += 1;
        let origin = format!("{file}:{line}");
        // An unclosed record ends where the next one starts.
        let next = find_tag(text, start + 1, "REUTERS").unwrap_or(text.len());
        let e = element_at(&text[..next], start, "REUTERS");
        if !e.closed {
            out.diagnostics.push(Diagnostic::warning(&origin, "record never closed (no </REUTERS>); read to the next"));
        }
        record::add(reuters(e.attrs, e.content), &origin, &format!("{stem}-{n}"), out);
        pos = e.end;
    }
    if n == 0 {
        out.diagnostics.push(Diagnostic::error(file, "no <REUTERS> record (not Reuters-21578 SGML?); file skipped"));
    }
}

/// Whether `head` (a file's start, lower-cased) looks like Reuters-21578: the SGML, or its XML
/// conversions (`<?xml …?><LEWIS><REUTERS …>`), which read the same.
pub(super) fn sniff(head: &str) -> bool {
    head.starts_with("<!doctype lewis") || head.contains("<reuters ")
}

/// The fields of one `<REUTERS>` record.
fn reuters(attrs: &str, content: &str) -> Record {
    let date = element(content, "DATE").map(|(_, d)| {
        // `26-FEB-1987 15:01:01.79`: the day, read as `26 FEB 1987`.
        let day = d.split_whitespace().next().unwrap_or("");
        day.replace('-', " ")
    });
    let (text_attrs, text) = element(content, "TEXT").unwrap_or(("", ""));
    let kind = attribute(text_attrs, "TYPE").unwrap_or("NORM").to_ascii_uppercase();
    let title = element(text, "TITLE").map(|(_, t)| clean_line(t));
    let (body_field, body, title_only) = match kind.as_str() {
        // A brief is its title; the text under it is the placeholder "Blah blah blah."
        "BRIEF" => ("BODY", String::new(), true),
        "UNPROC" => ("TEXT", paragraphs(text), false),
        _ => {
            let dateline = element(text, "DATELINE").map(|(_, d)| clean_line(d)).unwrap_or_default();
            let body = element(text, "BODY").map(|(_, b)| paragraphs(b)).unwrap_or_default();
            // The dateline opens the story (`SALVADOR, Feb 26 - Showers continued…`), as in the wire copy.
            let body = match (dateline.is_empty(), body.trim().is_empty()) {
                (false, false) => format!("{dateline} {body}"),
                _ => body,
            };
            ("BODY", body, false)
        }
    };
    Record {
        id: attribute(attrs, "NEWID").map(str::to_string),
        title,
        body_field: body_field.to_string(),
        body,
        date,
        source: Some("Reuters".to_string()),
        url: None,
        title_only,
    }
}

/// Element text as one line: entities decoded, control characters and runs of space collapsed.
fn clean_line(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let words: Vec<&str> =
        decoded.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

/// Body text with entities decoded, where an indented line opens a paragraph (the wire's layout).
fn paragraphs(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for line in decoded.lines() {
        if line.starts_with([' ', '\t']) && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The first `<name …>` at or after `from`, compared without case, as a whole tag name.
fn find_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = text.get(at..)?.find('<') {
        let start = at + i;
        let after = start + 1 + name.len();
        if bytes.get(start + 1..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && bytes.get(after).is_none_or(|&b| b == b'>' || b.is_ascii_whitespace())
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The first `</name>` at or after `from`: its start and the end of its `>`.
fn find_close(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = text.get(at..)?.find("</") {
        let start = at + i;
        let after = start + 2 + name.len();
        if bytes.get(start + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes())) {
            let end = text[after..].find('>').map_or(text.len(), |e| after + e + 1);
            return Some((start, end));
        }
        at = start + 2;
    }
    None
}

struct Element<'a> {
    /// The text of the open tag after its name.
    attrs: &'a str,
    content: &'a str,
    /// Where the element ends (after its close tag).
    end: usize,
    /// Whether it has a close tag (else it runs to the end of the text).
    closed: bool,
}

/// The element whose open tag starts at `start`.
fn element_at<'a>(text: &'a str, start: usize, name: &str) -> Element<'a> {
    let open_end = text[start..].find('>').map_or(text.len(), |e| start + e + 1);
    let attrs = text.get(start + 1 + name.len()..open_end.saturating_sub(1)).unwrap_or("");
    match find_close(text, open_end, name) {
        Some((close, end)) => Element { attrs, content: &text[open_end..close], end, closed: true },
        None => Element { attrs, content: &text[open_end..], end: text.len(), closed: false },
    }
}

/// The first `<name>` element in `text`: its attribute text and content.
fn element<'a>(text: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let e = element_at(text, find_tag(text, 0, name)?, name);
    Some((e.attrs, e.content))
}

/// The value of `name="value"` in a tag's attribute text.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let bytes = attrs.as_bytes();
    let mut at = 0;
    while let Some(i) = attrs.get(at..)?.find('=') {
        let eq = at + i;
        let key = attrs[..eq].trim_end();
        let key_start = key.rfind(|c: char| c.is_ascii_whitespace()).map_or(0, |k| k + 1);
        let value_start = eq + 1 + (attrs[eq + 1..].len() - attrs[eq + 1..].trim_start().len());
        let (value, next) = match bytes.get(value_start) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let close = attrs[value_start + 1..].find(q as char).map_or(attrs.len(), |c| value_start + 1 + c);
                (&attrs[value_start + 1..close], (close + 1).min(attrs.len()))
            }
            _ => {
                let end = attrs[value_start..]
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or(attrs.len(), |e| value_start + e);
                (&attrs[value_start..end], end)
            }
        };
        if key[key_start..].eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if next <= at {
            return None;
        }
        at = next;
    }
    None
}
