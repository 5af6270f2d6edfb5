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

/// Where a text came from: the id it gets unless its metadata names one, and its [`Document::path`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    pub id: &'a str,
    pub path: &'a str,
}

/// What a text is, which decides what the header heuristics may take out of its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A whole file (text, Markdown, HTML): the line that becomes the title leaves the body, and so does
    /// Markdown front matter.
    File,
    /// A record's explicit body (a JSON field, a CSV cell, an SGML element): every line stays.
    Record,
}

/// One paragraph of the body being built.
#[derive(Debug)]
struct Paragraph {
    text: String,
    role: Role,
    /// Bytes at the start that open the story rather than tell it: a `date …` prefix, a dateline.
    lead: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Role {
    #[default]
    Story,
    /// The story paragraph a dateline opens.
    Dateline,
    /// A line of page furniture (a date, a `Source (date)` line, a URL, page junk): kept in the body, but
    /// never the title nor the first sentence of a derived one.
    Furniture,
}

/// The paragraphs so far, and the one being built from consecutive lines.
#[derive(Default)]
struct Paragraphs {
    done: Vec<Paragraph>,
    /// How many of `done` are not furniture.
    stories: usize,
    current: String,
    /// The role and lead of `current`.
    opening: (Role, usize),
}

impl Paragraphs {
    fn flush(&mut self) {
        if !self.current.is_empty() {
            let (role, lead) = std::mem::take(&mut self.opening);
            let text = std::mem::take(&mut self.current);
            self.push(Paragraph { text, role, lead });
        }
    }

    /// Ends the current paragraph and adds one of its own.
    fn push(&mut self, p: Paragraph) {
        self.flush();
        self.stories += usize::from(p.role != Role::Furniture);
        self.done.push(p);
    }

    fn furniture(&mut self, text: String) {
        self.push(Paragraph { text, role: Role::Furniture, lead: 0 });
    }

    /// Whether any story text came before.
    fn has_story(&self) -> bool {
        self.stories > 0 || !self.current.is_empty()
    }
}

/// A line that may become the title, while it is being decided.
struct Candidate {
    line: String,
    /// Where it stands among the paragraphs.
    at: usize,
    /// Set while the next line is read: whether it may continue the candidate's paragraph.
    next: bool,
}

/// Builds a document from text. Heuristics only add metadata: every word of `text` ends up in the
/// body, except, in a [`Layout::File`], the line taken for the title (which is indexed as the title) and
/// Markdown front matter. Lines with no letter or digit (`---`) are dropped as separators.
pub(crate) fn parse_text(text: &str, layout: Layout, meta: Metadata, origin: Origin) -> Document {
    let fallback_id = origin.id;
    let mut warnings = Vec::new();
    let text = normalize(text);
    let (mut meta, text) = match front_matter(&text).filter(|_| layout == Layout::File) {
        Some((fm, rest)) => (merge(meta, fm), rest),
        None => (meta, text.as_str()),
    };
    // Only a file's own title line leaves its body, and only when it becomes the title.
    let title_leaves = layout == Layout::File && meta.title.is_none();

    let mut found = Metadata::default();
    let mut paras = Paragraphs::default();
    let mut dateline: Option<Dateline> = None;
    let mut candidate: Option<Candidate> = None;
    let mut in_header = true;

    for raw in text.lines() {
        let line = raw.trim();
        // Only the line right after the candidate may continue its paragraph.
        let after_candidate = candidate.as_mut().is_some_and(|c| std::mem::take(&mut c.next));
        if line.is_empty() || !line.chars().any(char::is_alphanumeric) {
            paras.flush();
            continue;
        }
        let furniture = if is_junk(line) {
            Some(line.to_string())
        } else if let Some(url) = url_line(line) {
            found.url.get_or_insert_with(|| url.to_string());
            Some(url.to_string())
        } else {
            None
        };
        if let Some(text) = furniture {
            paras.furniture(text);
            continue;
        }
        let heading = heading_text(line);
        let line = strip_inline_markdown(heading.unwrap_or(line));
        // Where the story starts on this line (after a `date …` prefix).
        let mut story = 0;
        if in_header {
            let mut metadata_line = false;
            if heading.is_some() || is_bold_line(raw.trim()) {
                if found.title.is_none() && candidate.is_none() {
                    found.title = Some(line.clone());
                    if title_leaves {
                        continue;
                    }
                }
            } else if let Some(d) = Date::parse(&line) {
                found.date.get_or_insert(d);
                metadata_line = true;
            } else if let Some((d, rest)) = date_prefix(&line) {
                found.date.get_or_insert(d);
                story = line.len() - rest.trim_start().len();
                metadata_line = story == line.len();
            } else if let Some((source, d)) = source_line(&line) {
                found.source.get_or_insert(source);
                // The outlet's own date is the original publication; a page date is a repost's.
                if d.is_some() {
                    found.date = d;
                }
                metadata_line = true;
            } else if found.title.is_none()
                && candidate.is_none()
                && !paras.has_story()
                && looks_like_title(&line)
                && parse_dateline(&line).is_none()
            {
                candidate = Some(Candidate { line: line.clone(), at: paras.done.len(), next: true });
                if !title_leaves {
                    paras.current.push_str(&line);
                }
                continue;
            }
            if metadata_line {
                paras.furniture(line);
                continue;
            }
        }
        // A line continuing the candidate's sentence ("…throughout the week in" / "the zone.") shows the
        // candidate was the start of a paragraph, not a title.
        if let Some(c) = candidate.take_if(|_| after_candidate && starts_lower(&line)) {
            if title_leaves {
                paras.current = c.line;
            }
        }
        if heading.is_some() {
            // A heading inside the body is its own paragraph.
            paras.push(Paragraph { text: line, role: Role::Story, lead: 0 });
            continue;
        }
        // A dateline opens the story, possibly after a standfirst paragraph or two.
        let mut role = Role::Story;
        if paras.stories < MAX_PARAGRAPHS_BEFORE_DATELINE && paras.current.is_empty() && dateline.is_none() {
            dateline = parse_dateline(&line[story..]);
            if let Some(d) = &dateline {
                story += d.prefix_len;
                role = Role::Dateline;
            }
        }
        in_header = false;
        if paras.current.is_empty() {
            paras.opening = (role, story);
        } else {
            paras.current.push(' ');
        }
        paras.current.push_str(&line);
    }
    paras.flush();

    let mut paragraphs = paras.done;
    if let Some(c) = candidate {
        if paras.stories > usize::from(!title_leaves) {
            found.title = Some(c.line);
        } else if title_leaves {
            // A lone short line is the body, not a title.
            paragraphs.insert(c.at, Paragraph { text: c.line, role: Role::Story, lead: 0 });
        }
    }

    let paragraphs = repair_paragraphs(paragraphs);
    let body = paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n");

    if let Some(dl) = &dateline {
        if let Some(agency) = &dl.agency {
            found.source.get_or_insert(agency.clone());
        }
        // A date stated otherwise (front matter, a record's field, a date line) needs none from the dateline.
        if meta.date.is_none() && found.date.is_none() {
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
            // The story's first sentence: the dateline's paragraph if there is one, else the first that
            // is not furniture.
            let opening = paragraphs
                .iter()
                .find(|p| p.role == Role::Dateline)
                .or_else(|| paragraphs.iter().find(|p| p.role != Role::Furniture));
            let derived = opening.map(|p| derive_title(&p.text[p.lead..])).unwrap_or_default();
            if derived.is_empty() {
                fallback_id.to_string()
            } else {
                derived
            }
        }
    };
    Document {
        id: meta.id.take().unwrap_or_else(|| fallback_id.to_string()),
        path: origin.path.to_string(),
        title,
        date: meta.date.or(found.date),
        source: meta.source.or(found.source),
        url: meta.url.or(found.url).filter(|u| is_http_url(u)),
        dateline: dateline.map(|d| d.place),
        body,
        warnings,
    }
}

fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
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

/// `---\nkey: value\n…\n---` at the very start of a file, naming at least one field Trawl reads (else the
/// block is text, and stays in the body).
fn front_matter(text: &str) -> Option<(Metadata, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    let block = &rest[..end];
    let after = &rest[end + 4..];
    let after = after.strip_prefix('\n').unwrap_or(after);
    let mut meta = Metadata::default();
    let mut known = false;
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
        known |= FRONT_MATTER_KEYS.contains(&key.as_str());
        match key.as_str() {
            "id" => meta.id = Some(value.to_string()),
            "title" => meta.title = Some(value.to_string()),
            "date" | "published" => meta.date = Date::parse(value),
            "source" | "publisher" => meta.source = Some(value.to_string()),
            "url" | "link" => meta.url = Some(value.to_string()),
            _ => {}
        }
    }
    known.then_some((meta, after))
}

const FRONT_MATTER_KEYS: &[&str] = &["id", "title", "date", "published", "source", "publisher", "url", "link"];

fn is_junk(line: &str) -> bool {
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
/// Furniture is never joined to anything.
fn repair_paragraphs(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let Some(prev) = out.last_mut().filter(|prev| prev.role != Role::Furniture && p.role == Role::Story) {
            let prev_open = !prev.text.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')', ']', '»']);
            let starts_low = p.text.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            if prev_open && starts_low && prev.text.split_whitespace().count() >= MIN_WORDS_TO_REJOIN {
                prev.text.push(' ');
                prev.text.push_str(&p.text);
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
    /// The byte length of the dateline up to the story text.
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
    Some(Dateline { place: title_case(place), date, agency, prefix_len })
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
