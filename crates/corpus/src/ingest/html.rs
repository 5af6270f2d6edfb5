//! HTML to text with a tolerant scanner: scripts, styles and page chrome dropped, blocks become
//! paragraphs, headings become Markdown headings, entities decoded, `<meta>` tags read for metadata.
//! Markup is never interpreted beyond that, and nothing of it survives into the document.

use super::text::{parse_text, Layout, Metadata, Origin};
use crate::date::Date;
use crate::document::Document;

/// Elements whose content is not article text.
const SKIP_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "aside", "footer", "form", "button",
    "select",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "tr",
    "section",
    "article",
    "header",
    "blockquote",
    "ul",
    "ol",
    "table",
    "pre",
    "hr",
    "main",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "address",
    "td",
    "th",
];

pub(super) fn parse_html(html: &str, origin: Origin) -> Document {
    parse_html_with(html, Layout::File, Metadata::default(), origin)
}

/// A page (a [`Layout::File`]) or a record's HTML body (a [`Layout::Record`], whose headings stay).
pub(super) fn parse_html_with(html: &str, layout: Layout, mut meta: Metadata, origin: Origin) -> Document {
    let mut text = String::with_capacity(html.len() / 2);
    let mut page = PageMeta::default();
    let mut saw_heading = false;
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<') else {
            push_text(&mut text, &html[i..]);
            break;
        };
        push_text(&mut text, &html[i..i + lt]);
        i += lt;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let Some(tag) = read_tag(html, i) else {
            // A `<` that opens no tag is text.
            push_text(&mut text, "<");
            i += 1;
            continue;
        };
        i = tag.end;
        let name = tag.name.as_str();
        if tag.closing {
            if is_heading(name) || BLOCKS.contains(&name) {
                text.push_str("\n\n");
            }
            continue;
        }
        if name == "title" || SKIP_CONTENT.contains(&name) {
            let end = find_close(html, i, name);
            if name == "title" {
                let mut t = String::new();
                push_text(&mut t, &html[i..end.0]);
                page.title = Some(t.trim().to_string()).filter(|t| !t.is_empty());
            }
            i = end.1;
            continue;
        }
        match name {
            "meta" => page.read_meta(&tag.attrs),
            "link" if attr(&tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                page.canonical = attr(&tag.attrs, "href").map(str::to_string);
            }
            "time" if page.time.is_none() => page.time = attr(&tag.attrs, "datetime").and_then(Date::parse),
            "br" => text.push('\n'),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                saw_heading = true;
                text.push_str("\n\n# ");
            }
            _ if BLOCKS.contains(&name) => text.push_str("\n\n"),
            _ => {}
        }
    }
    meta.title = meta.title.or(page.og_title.clone());
    if !saw_heading {
        meta.title = meta.title.or(page.title.clone());
    }
    meta.date = meta.date.or(page.published).or(page.time);
    meta.source = meta.source.or(page.site_name);
    meta.url = meta.url.or(page.og_url).or(page.canonical);
    parse_text(&text, layout, meta, origin)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[derive(Default)]
struct PageMeta {
    title: Option<String>,
    og_title: Option<String>,
    site_name: Option<String>,
    published: Option<Date>,
    og_url: Option<String>,
    canonical: Option<String>,
    time: Option<Date>,
}

impl PageMeta {
    fn read_meta(&mut self, attrs: &[(String, String)]) {
        let key = attr(attrs, "property").or_else(|| attr(attrs, "name")).unwrap_or("").to_ascii_lowercase();
        let Some(content) = attr(attrs, "content").map(str::trim).filter(|c| !c.is_empty()) else {
            return;
        };
        match key.as_str() {
            "og:title" | "twitter:title" => self.og_title = Some(content.to_string()),
            "og:site_name" | "publisher" => self.site_name = Some(content.to_string()),
            "article:published_time" | "date" | "pubdate" | "dc.date" | "publish-date" => {
                self.published = self.published.or(Date::parse(content));
            }
            "og:url" => self.og_url = Some(content.to_string()),
            _ => {}
        }
    }
}

struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    end: usize,
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Reads the tag starting at `html[start] == '<'`; `None` if it is not a tag.
fn read_tag(html: &str, start: usize) -> Option<Tag> {
    let b = html.as_bytes();
    let mut i = start + 1;
    if i < b.len() && (b[i] == b'!' || b[i] == b'?') {
        let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
        return Some(Tag { name: String::new(), closing: false, attrs: Vec::new(), end });
    }
    let closing = i < b.len() && b[i] == b'/';
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Some(Tag { name, closing, attrs, end: b.len() });
        }
        if b[i] == b'>' {
            return Some(Tag { name, closing, attrs, end: i + 1 });
        }
        let key_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let key = html[key_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = html[vs..].find(q as char).map_or(html.len(), |e| vs + e);
                value = decode_entities(&html[vs..ve]);
                i = (ve + 1).min(html.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&html[vs..i]);
            }
        }
        if key.is_empty() {
            i += 1;
        } else {
            attrs.push((key, value));
        }
    }
}

/// (start of `</name`, index after its `>`), or the end of input when the element is never closed.
fn find_close(html: &str, from: usize, name: &str) -> (usize, usize) {
    let lower = html[from..].to_ascii_lowercase();
    let needle = format!("</{name}");
    match lower.find(&needle) {
        Some(p) => {
            let start = from + p;
            let end = html[start..].find('>').map_or(html.len(), |e| start + e + 1);
            (start, end)
        }
        None => (html.len(), html.len()),
    }
}

/// Appends text with HTML whitespace collapsing and entities decoded.
fn push_text(out: &mut String, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{A0}' {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A byte search: `;` is ASCII, so where it is found is a char boundary.
        let semi = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';');
        let decoded = semi.and_then(|semi| entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{FFFD}'));
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "szlig" => 'ß',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        _ => return None,
    };
    Some(c)
}
