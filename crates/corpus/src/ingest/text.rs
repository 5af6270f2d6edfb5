//! Plain text and light Markdown: header heuristics (title, date, source, dateline, URL), page-junk
//! removal, and paragraph repair. Every other format ends here, with its own metadata taking precedence.

use crate::date::{self, Date, Named};
use crate::document::Document;

/// Metadata a format states explicitly (front matter, JSON fields, HTML meta tags).
/// Anything set here wins over what the text heuristics find.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// Longest line still taken for a title when a document has no heading.
const MAX_TITLE_LINE: usize = 150;
/// A paragraph this long that stops mid-sentence is continued by the next one; shorter ones may be headings.
const MIN_WORDS_TO_REJOIN: usize = 12;
/// How many paragraphs (a standfirst) may come before the dateline.
const MAX_PARAGRAPHS_BEFORE_DATELINE: usize = 3;
/// Length a title derived from the first sentence is cut to.
const DERIVED_TITLE_CHARS: usize = 120;

/// Lines that are page furniture, not content (compared case-insensitively, whole line).
const JUNK_LINES: &[&str] = &[
    "all news",
    "kaynak/source:",
    "source:",
    "share",
    "share this",
    "print",
    "advertisement",
    "read more",
    "related news",
    "back to top",
    "tweet",
];

pub(crate) fn parse_text(text: &str, markdown: bool, meta: Metadata, stem: &str) -> Document {
    let mut warnings = Vec::new();
    let text = normalize(text);
    let (mut meta, text) = match front_matter(&text) {
        Some((fm, rest)) => (merge(meta, fm), rest),
        None => (meta, text.as_str()),
    };
    let _ = markdown; // Markdown inline syntax is stripped from every text file: news pages mix it in.

    let mut found = Metadata::default();
    let mut dateline: Option<Dateline> = None;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut title_line: Option<String> = None;
    let mut in_header = true;

    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        if !current.is_empty() {
            paragraphs.push(std::mem::take(current));
        }
    };

    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || is_junk(line) {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        if let Some(url) = url_line(line) {
            if found.url.is_none() {
                found.url = Some(url.to_string());
            }
            flush(&mut current, &mut paragraphs);
            continue;
        }
        let heading = heading_text(line);
        let mut line = strip_inline_markdown(heading.unwrap_or(line));
        if in_header {
            if heading.is_some() || is_bold_line(raw.trim()) {
                if found.title.is_none() && title_line.is_none() {
                    found.title = Some(line);
                    continue;
                }
            } else if let Some(d) = Date::parse(&line) {
                found.date.get_or_insert(d);
                continue;
            } else if let Some((d, rest)) = date_prefix(&line) {
                found.date.get_or_insert(d);
                line = rest.trim().to_string();
                if line.is_empty() {
                    continue;
                }
            } else if let Some((source, d)) = source_line(&line) {
                found.source.get_or_insert(source);
                // The outlet's own date is the original publication; a page date is a repost's.
                if d.is_some() {
                    found.date = d;
                }
                continue;
            }
            if found.title.is_none()
                && title_line.is_none()
                && paragraphs.is_empty()
                && current.is_empty()
                && looks_like_title(&line)
                && parse_dateline(&line).is_none()
            {
                title_line = Some(line);
                continue;
            }
        }
        if heading.is_some() {
            // A heading inside the body is its own paragraph.
            flush(&mut current, &mut paragraphs);
            paragraphs.push(line);
            continue;
        }
        // A dateline opens the story, possibly after a standfirst paragraph or two.
        if paragraphs.len() < MAX_PARAGRAPHS_BEFORE_DATELINE && current.is_empty() && dateline.is_none() {
            dateline = parse_dateline(&line).map(|mut d| {
                d.paragraph = paragraphs.len();
                d
            });
        }
        in_header = false;
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line);
    }
    flush(&mut current, &mut paragraphs);

    // A lone short line is the body, not a title.
    if let Some(t) = title_line.take() {
        if paragraphs.is_empty() {
            paragraphs.push(t);
        } else {
            found.title = Some(t);
        }
    }

    let paragraphs = repair_paragraphs(paragraphs);
    let body = paragraphs.join("\n\n");

    if let Some(dl) = &dateline {
        if let Some(agency) = &dl.agency {
            found.source.get_or_insert(agency.clone());
        }
        if found.date.is_none() {
            match dl.date {
                Some(Named::Full(d)) | Some(Named::MonthYear(d)) => found.date = Some(d),
                Some(Named::MonthDay { month, day }) => match infer_year(&body, month, day) {
                    Some((d, how)) => {
                        warnings.push(format!("dateline gives {} {day} without a year; {how}", month_name(month)));
                        found.date = Some(d);
                    }
                    None => warnings.push(format!(
                        "dateline gives {} {day} without a year; no publication date set",
                        month_name(month)
                    )),
                },
                None => {}
            }
        }
    }

    let title = match meta.title.take().or(found.title) {
        Some(t) => t,
        None => {
            let derived = match &dateline {
                Some(d) => derive_title(paragraphs.get(d.paragraph).map_or("", |p| &p[d.prefix_len..])),
                None => derive_title(&body),
            };
            if derived.is_empty() {
                stem.to_string()
            } else {
                derived
            }
        }
    };
    Document {
        id: meta.id.take().unwrap_or_else(|| stem.to_string()),
        title,
        date: meta.date.or(found.date),
        source: meta.source.or(found.source),
        url: meta.url.or(found.url).filter(|u| is_http_url(u)),
        dateline: dateline.map(|d| d.place),
        body,
        warnings,
    }
}

/// Whether `s` is an absolute http(s) URL: the only links Trawl renders.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !s.chars().any(char::is_whitespace)
}

fn merge(outer: Metadata, inner: Metadata) -> Metadata {
    Metadata {
        id: outer.id.or(inner.id),
        title: outer.title.or(inner.title),
        date: outer.date.or(inner.date),
        source: outer.source.or(inner.source),
        url: outer.url.or(inner.url),
    }
}

/// Unix newlines; no control characters but newline and tab; no stray BOMs or NBSPs.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\u{FEFF}' | '\u{200B}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `---\nkey: value\n…\n---` at the very start of a file.
fn front_matter(text: &str) -> Option<(Metadata, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    let block = &rest[..end];
    let after = &rest[end + 4..];
    let after = after.strip_prefix('\n').unwrap_or(after);
    let mut meta = Metadata::default();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line.split_once(':')?;
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "id" => meta.id = Some(value.to_string()),
            "title" => meta.title = Some(value.to_string()),
            "date" | "published" => meta.date = Date::parse(value),
            "source" | "publisher" => meta.source = Some(value.to_string()),
            "url" | "link" => meta.url = Some(value.to_string()),
            _ => {}
        }
    }
    Some((meta, after))
}

fn is_junk(line: &str) -> bool {
    if line.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    let lower = line.to_lowercase();
    JUNK_LINES.contains(&lower.as_str())
}

/// `<https://…>` or a bare URL alone on a line.
fn url_line(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('<').and_then(|l| l.strip_suffix('>')).unwrap_or(line);
    is_http_url(inner).then_some(inner)
}

/// The text of a Markdown ATX heading (`## Title`), if `line` is one.
fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(line[hashes..].trim().trim_end_matches('#').trim())
    } else {
        None
    }
}

fn is_bold_line(line: &str) -> bool {
    line.len() > 4
        && ((line.starts_with("**") && line.ends_with("**")) || (line.starts_with("__") && line.ends_with("__")))
}

/// Drops `**`, `__`, and link/image syntax, keeping the visible text.
fn strip_inline_markdown(line: &str) -> String {
    let line = line.replace("**", "").replace("__", "");
    if !line.contains("](") {
        return line.trim().to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(open) = rest.find('[') {
        let Some(close_rel) = rest[open..].find("](") else {
            break;
        };
        let close = open + close_rel;
        let Some(paren_rel) = rest[close + 2..].find(')') else {
            break;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        out.push_str(&rest[open + 1..close]);
        rest = &rest[close + 2 + paren_rel + 1..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// `date 2025-11-26 rest of line`.
fn date_prefix(line: &str) -> Option<(Date, &str)> {
    let lower = line.get(..5)?.to_ascii_lowercase();
    if lower != "date " && lower != "date:" {
        return None;
    }
    let rest = line[5..].trim_start();
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let d = Date::parse(&rest[..token_end])?;
    Some((d, &rest[token_end..]))
}

/// `Caspian News (11 September 2019)`: a short name and a date in parentheses.
fn source_line(line: &str) -> Option<(String, Option<Date>)> {
    let inner = line.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let name = inner[..open].trim();
    let d = Date::parse(&inner[open + 1..])?;
    let words = name.split_whitespace().count();
    if !(1..=6).contains(&words) || name.ends_with(['.', ',', ':', ';']) {
        return None;
    }
    Some((name.to_string(), Some(d)))
}

fn looks_like_title(line: &str) -> bool {
    let n = line.chars().count();
    n <= MAX_TITLE_LINE
        && line.split_whitespace().count() >= 2
        && !line.ends_with(['.', '!', '?', ':', ';', ',', '"', '”', '’'])
        && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Rejoins a paragraph split in two by a stray blank line ("just over" / "630 tons of opium").
fn repair_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let Some(prev) = out.last_mut() {
            let prev_open = !prev.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')', ']', '»']);
            let starts_low = p.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            if prev_open && starts_low && prev.split_whitespace().count() >= MIN_WORDS_TO_REJOIN {
                prev.push(' ');
                prev.push_str(&p);
                continue;
            }
        }
        out.push(p);
    }
    out
}

#[derive(Debug)]
struct Dateline {
    place: String,
    date: Option<Named>,
    agency: Option<String>,
    /// Which paragraph it opens, and the byte length of the dateline up to the story text.
    paragraph: usize,
    prefix_len: usize,
}

/// `MOSCOW, January 24 (Itar-Tass) — …` or `TEHRAN – …`: an upper-case place opening the story.
fn parse_dateline(line: &str) -> Option<Dateline> {
    let caps_end = line
        .char_indices()
        .find(|&(_, c)| !(c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\''))
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let place = line[..caps_end].trim().trim_end_matches(['-', ' ']);
    if place.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mut rest = line[place.len()..].trim_start();
    let mut date = None;
    let mut agency = None;
    if let Some(r) = rest.strip_prefix(',') {
        rest = r.trim_start();
        if let Some((d, r)) = date::parse_named_prefix(rest) {
            date = Some(d);
            rest = r.trim_start();
        }
        if let Some(r) = rest.strip_prefix('(') {
            let close = r.find(')')?;
            agency = Some(r[..close].trim().to_string());
            rest = r[close + 1..].trim_start();
        }
        if date.is_none() && agency.is_none() {
            return None;
        }
    }
    let after_dash = rest.strip_prefix(['—', '–', '-']).or_else(|| rest.strip_prefix("--"))?;
    if !after_dash.starts_with(' ') {
        return None;
    }
    let prefix_len = line.len() - after_dash.trim_start().len();
    Some(Dateline { place: title_case(place), date, agency, paragraph: 0, prefix_len })
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if at_start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        at_start = !c.is_alphabetic();
    }
    out
}

fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month as usize).saturating_sub(1).min(11)]
}

/// A year for a month and day stated without one: among the years the text mentions, the only one on
/// which that day falls on the weekday the text names ("on Tuesday").
fn infer_year(body: &str, month: u32, day: u32) -> Option<(Date, String)> {
    let mut years: Vec<i32> = Vec::new();
    let mut weekdays: Vec<u8> = Vec::new();
    for word in body.split(|c: char| !c.is_alphanumeric()) {
        if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = word.parse().ok()?;
            if (1900..=2100).contains(&y) && !years.contains(&y) {
                years.push(y);
            }
        } else if let Some(w) = date::weekday_from_name(word) {
            if !weekdays.contains(&w) {
                weekdays.push(w);
            }
        }
    }
    let candidates: Vec<Date> =
        years.iter().filter_map(|&y| Date::ymd(y, month, day)).filter(|d| weekdays.contains(&d.weekday())).collect();
    match candidates.as_slice() {
        [d] => Some((
            *d,
            format!("year {} inferred: the only year mentioned on which that day is a weekday the text names", d.year),
        )),
        _ => None,
    }
}

/// The first sentence of the body, cut at a word boundary.
fn derive_title(body: &str) -> String {
    let first_para = body.split("\n\n").next().unwrap_or("");
    let mut end = first_para.len();
    let bytes = first_para.as_bytes();
    for (i, _) in first_para.match_indices(". ") {
        // Not after a single capital ("U.S. ", "J. Smith").
        let prev_word_len = first_para[..i].rsplit(' ').next().map_or(0, str::len);
        if prev_word_len > 1 && i > 0 && !bytes[i - 1].is_ascii_uppercase() {
            end = i;
            break;
        }
    }
    let sentence = first_para[..end].trim_end_matches('.');
    if sentence.chars().count() <= DERIVED_TITLE_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(DERIVED_TITLE_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > DERIVED_TITLE_CHARS / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}
