//! The query language's syntax tree and its lenient parser. No corpus knowledge: resolving words to
//! index terms is `search`'s job. Grammar and examples: docs/query-language.md.
//!
//! ```text
//! query  := or
//! or     := and ("OR" and)*
//! and    := near (["AND"] near)*          implicit AND between clauses
//! near   := unary ("NEAR" | "NEAR/n" unary)*
//! unary  := ("NOT" | "-") unary | primary
//! primary:= "(" query ")" | field ":" value | "phrase" | word | word* | word~n
//! ```
//! [`parse`] never fails and never panics: whatever it cannot read becomes a [`Diagnostic`] naming that
//! part, and the rest of the query still runs (a half-typed `title:"heroin` searches `title:"heroin"`).
//! A query none of whose parts can be read matches nothing ([`Query::Nothing`]); only the empty query
//! lists everything.

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::text;
use std::fmt;

mod clauses;
pub use clauses::{
    clause_value, field_clause, has_clause, quote, set_field_clause, split_clauses, toggle_clause, toggle_clauses,
};

/// Nesting deeper than this is read flat, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 32;
/// Default distance for `NEAR` without `/n`.
pub const DEFAULT_NEAR: u32 = 5;
/// Largest `NEAR/n` distance.
pub const MAX_NEAR: u32 = 1000;

#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Every document: the empty query.
    All,
    /// No document: a query none of whose parts could be read (each one reported).
    Nothing,
    Term(Term),
    Phrase(Phrase),
    /// Both sides occur within `distance` tokens of each other, in either order.
    Near {
        left: Box<Query>,
        right: Box<Query>,
        distance: u32,
    },
    And(Vec<Query>),
    Or(Vec<Query>),
    Not(Box<Query>),
    Filter(Filter),
}

/// Which text a word or phrase is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    Any,
    Title,
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub field: TextField,
    /// The normal form (see `text`).
    pub word: String,
    pub kind: TermKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Exact,
    /// `word*`: every term starting with `word`.
    Prefix,
    /// `word~n`: every term within `n` edits (1 or 2).
    Fuzzy(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub field: TextField,
    pub words: Vec<String>,
}

/// Document-level conditions that match or not, without a score.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `source:"Caspian News"`, compared by normal form.
    Source(String),
    /// `date:2019..2021`, `year:2019`: the document's date overlaps the range (inclusive).
    Date(DateRange),
    /// `when:2018..2019`: an extracted event happened in the range (not the publication date).
    EventDate(DateRange),
    /// An entity or quantity field (`person:`, `drug:`, `kg:>500`), resolved by `search` against the
    /// extracted entities.
    Field { field: EntityField, value: String, range: Option<NumRange> },
}

/// Fields that search extracted entities and events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityField {
    Person,
    Org,
    Place,
    Country,
    Drug,
    Kg,
    Event,
}

impl EntityField {
    pub const ALL: [EntityField; 7] = [
        EntityField::Person,
        EntityField::Org,
        EntityField::Place,
        EntityField::Country,
        EntityField::Drug,
        EntityField::Kg,
        EntityField::Event,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EntityField::Person => "person",
            EntityField::Org => "org",
            EntityField::Place => "place",
            EntityField::Country => "country",
            EntityField::Drug => "drug",
            EntityField::Kg => "kg",
            EntityField::Event => "event",
        }
    }
}

/// An inclusive date range; `None` ends are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl DateRange {
    /// Whether a (possibly partial) date overlaps the range.
    pub fn overlaps(&self, d: Date) -> bool {
        let (first, last) = (d.first_day(), d.last_day());
        self.from.is_none_or(|f| last >= f.first_day()) && self.to.is_none_or(|t| first <= t.last_day())
    }
}

/// An inclusive number range; `None` ends are open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl NumRange {
    pub fn contains(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }
}

/// Parses a query as typed. See the module docs.
pub fn parse(input: &str) -> (Query, Vec<Diagnostic>) {
    let (tokens, diags) = lex(input);
    let mut p = Parser { tokens, pos: 0, diags, depth: 0 };
    let mut clauses = Vec::new();
    while p.pos < p.tokens.len() {
        if let Some(q) = p.parse_or() {
            clauses.push(q);
        }
        if let Some(Tok::RParen) = p.peek() {
            p.diags.push(Diagnostic::warning("query", "unmatched ')' ignored"));
            p.pos += 1;
        }
    }
    let q = match clauses.len() {
        0 if p.tokens.is_empty() => Query::All,
        0 => Query::Nothing,
        1 => clauses.pop().unwrap(),
        _ => Query::And(clauses),
    };
    (q, p.diags)
}

impl Query {
    /// Words and phrases that count toward the score (not under a NOT): what snippets highlight.
    pub fn positive_leaves(&self) -> Vec<&Query> {
        let mut out = Vec::new();
        fn walk<'a>(q: &'a Query, out: &mut Vec<&'a Query>) {
            match q {
                Query::Term(_) | Query::Phrase(_) => out.push(q),
                Query::Near { left, right, .. } => {
                    walk(left, out);
                    walk(right, out);
                }
                Query::And(qs) | Query::Or(qs) => qs.iter().for_each(|q| walk(q, out)),
                Query::Not(_) | Query::Filter(_) | Query::All | Query::Nothing => {}
            }
        }
        walk(self, &mut out);
        out
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |tf: TextField| match tf {
            TextField::Any => "",
            TextField::Title => "title:",
            TextField::Body => "body:",
        };
        match self {
            Query::All => write!(f, "*ALL*"),
            Query::Nothing => write!(f, "*NOTHING*"),
            Query::Term(t) => {
                write!(f, "{}{}", field(t.field), t.word)?;
                match t.kind {
                    TermKind::Exact => Ok(()),
                    TermKind::Prefix => write!(f, "*"),
                    TermKind::Fuzzy(n) => write!(f, "~{n}"),
                }
            }
            Query::Phrase(p) => write!(f, "{}\"{}\"", field(p.field), p.words.join(" ")),
            Query::Near { left, right, distance } => write!(f, "NEAR/{distance}({left}, {right})"),
            Query::And(qs) => {
                write!(f, "(")?;
                for (i, q) in qs.iter().enumerate() {
                    write!(f, "{}+{q}", if i > 0 { " " } else { "" })?;
                }
                write!(f, ")")
            }
            Query::Or(qs) => {
                write!(f, "(")?;
                for (i, q) in qs.iter().enumerate() {
                    write!(f, "{}{q}", if i > 0 { " | " } else { "" })?;
                }
                write!(f, ")")
            }
            Query::Not(q) => write!(f, "-{q}"),
            Query::Filter(Filter::Source(s)) => write!(f, "source={s:?}"),
            Query::Filter(Filter::EventDate(r)) => write!(
                f,
                "when:[{}..{}]",
                r.from.map(|d| d.to_string()).unwrap_or_default(),
                r.to.map(|d| d.to_string()).unwrap_or_default()
            ),
            Query::Filter(Filter::Date(r)) => write!(
                f,
                "date:[{}..{}]",
                r.from.map(|d| d.to_string()).unwrap_or_default(),
                r.to.map(|d| d.to_string()).unwrap_or_default()
            ),
            Query::Filter(Filter::Field { field, value, range }) => match range {
                Some(r) => write!(
                    f,
                    "{}:[{}..{}]",
                    field.name(),
                    r.min.map(|x| crate::numbers::trimmed(x, 6)).unwrap_or_default(),
                    r.max.map(|x| crate::numbers::trimmed(x, 6)).unwrap_or_default()
                ),
                None => write!(f, "{}={value:?}", field.name()),
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Or,
    And,
    Not,
    Near(u32),
    /// A quoted phrase, with the field written before it (`title:"…"`) and a leading `-`.
    Quoted {
        field: Option<String>,
        text: String,
        negated: bool,
    },
    Word(String),
}

/// The distance of `NEAR/n`: a bad one is reported and read as the default, a large one capped.
fn near_distance(chunk: &str, n: &str, diags: &mut Vec<Diagnostic>) -> u32 {
    match n.parse::<u32>() {
        Ok(n) if n <= MAX_NEAR => n,
        Ok(_) => {
            diags.push(Diagnostic::warning(
                "query",
                format!("{chunk}: distance is more than {MAX_NEAR}; using {MAX_NEAR}"),
            ));
            MAX_NEAR
        }
        Err(_) => {
            diags.push(Diagnostic::warning(
                "query",
                format!("{chunk}: the distance is not a number (as in NEAR/3); using NEAR/{DEFAULT_NEAR}"),
            ));
            DEFAULT_NEAR
        }
    }
}

fn lex(input: &str) -> (Vec<Tok>, Vec<Diagnostic>) {
    let mut toks = Vec::new();
    let mut diags = Vec::new();
    let mut chars = input.char_indices().peekable();
    let mut unclosed = false;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                toks.push(Tok::LParen);
            }
            ')' => {
                chars.next();
                toks.push(Tok::RParen);
            }
            _ => {
                // A chunk runs to whitespace, a parenthesis, or a quote (which may open field:"…").
                let mut end = input.len();
                let mut quote_at = None;
                for (j, d) in input[i..].char_indices() {
                    if d.is_whitespace() || d == '(' || d == ')' {
                        end = i + j;
                        break;
                    }
                    if d == '"' || d == '“' || d == '”' {
                        end = i + j;
                        quote_at = Some((i + j, d.len_utf8()));
                        break;
                    }
                }
                let chunk = &input[i..end];
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                if let Some((q, qlen)) = quote_at {
                    // Read the phrase up to the closing quote.
                    let after = q + qlen;
                    let close = input[after..].find(['"', '“', '”']).map(|k| after + k);
                    let text_end = close.unwrap_or(input.len());
                    let (negated, prefix) = match chunk.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, chunk),
                    };
                    let field = prefix.strip_suffix(':').map(str::to_string);
                    if !prefix.is_empty() && field.is_none() {
                        toks.push(Tok::Word(prefix.to_string()));
                    }
                    toks.push(Tok::Quoted { field, text: input[after..text_end].to_string(), negated });
                    if close.is_none() {
                        unclosed = true;
                    }
                    let resume = close.map_or(input.len(), |c| c + input[c..].chars().next().map_or(1, char::len_utf8));
                    while chars.peek().is_some_and(|&(j, _)| j < resume) {
                        chars.next();
                    }
                    continue;
                }
                match chunk {
                    "OR" | "||" | "|" => toks.push(Tok::Or),
                    "AND" | "&&" => toks.push(Tok::And),
                    "NOT" => toks.push(Tok::Not),
                    "NEAR" => toks.push(Tok::Near(DEFAULT_NEAR)),
                    _ => match chunk.strip_prefix("NEAR/") {
                        Some(n) => toks.push(Tok::Near(near_distance(chunk, n, &mut diags))),
                        None => toks.push(Tok::Word(chunk.to_string())),
                    },
                }
            }
        }
    }
    if unclosed {
        diags.push(Diagnostic::warning("query", "unclosed quote; the phrase runs to the end"));
    }
    (toks, diags)
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    diags: Vec<Diagnostic>,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn warn(&mut self, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning("query", message));
    }

    fn parse_or(&mut self) -> Option<Query> {
        let mut alts = Vec::new();
        if let Some(Tok::Or) = self.peek() {
            self.warn("OR needs something on its left; ignored");
            self.pos += 1;
        }
        alts.extend(self.parse_and());
        while let Some(Tok::Or) = self.peek() {
            self.pos += 1;
            match self.parse_and() {
                Some(q) => alts.push(q),
                None => self.warn("OR needs something on its right; ignored"),
            }
        }
        match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => Some(Query::Or(alts)),
        }
    }

    fn parse_and(&mut self) -> Option<Query> {
        let mut clauses = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::RParen) => break,
                Some(Tok::And) => {
                    self.pos += 1;
                    if clauses.is_empty() {
                        self.warn("AND needs something on its left; ignored");
                    }
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            if let Some(q) = self.parse_near() {
                clauses.push(q);
            }
            if self.pos == before {
                self.pos += 1; // never loop without progress
            }
        }
        match clauses.len() {
            0 => None,
            1 => clauses.pop(),
            _ => Some(Query::And(clauses)),
        }
    }

    fn parse_near(&mut self) -> Option<Query> {
        let mut left = self.parse_unary();
        while let Some(&Tok::Near(distance)) = self.peek() {
            self.pos += 1;
            let right = self.parse_unary();
            left = match (left, right) {
                (Some(l), Some(r)) if is_positional(&l) && is_positional(&r) => {
                    Some(Query::Near { left: Box::new(l), right: Box::new(r), distance })
                }
                (Some(l), Some(r)) => {
                    self.warn("NEAR needs a word or phrase on each side; read as AND");
                    Some(Query::And(vec![l, r]))
                }
                (l, r) => {
                    self.warn("NEAR needs a word or phrase on each side; ignored");
                    l.or(r)
                }
            };
        }
        left
    }

    fn parse_unary(&mut self) -> Option<Query> {
        // Words and phrases are taken out of the token list (never read again) rather than cloned.
        let tok = match self.peek()? {
            Tok::Word(_) | Tok::Quoted { .. } => std::mem::replace(&mut self.tokens[self.pos], Tok::Not),
            t => t.clone(),
        };
        match tok {
            Tok::Not => {
                self.pos += 1;
                match self.parse_unary() {
                    Some(q) => Some(Query::Not(Box::new(q))),
                    None => {
                        self.warn("NOT needs something after it; ignored");
                        None
                    }
                }
            }
            Tok::LParen => {
                self.pos += 1;
                if self.depth >= MAX_DEPTH {
                    self.warn(format!("parentheses nested deeper than {MAX_DEPTH}; inner ones ignored"));
                    return None;
                }
                self.depth += 1;
                let reported = self.diags.len();
                let inner = self.parse_or();
                self.depth -= 1;
                if inner.is_none() && self.diags.len() == reported {
                    self.warn("'()' has nothing in it; ignored");
                }
                match self.peek() {
                    Some(Tok::RParen) => self.pos += 1,
                    _ => self.warn("'(' is never closed; closed at the end"),
                }
                inner
            }
            Tok::RParen | Tok::Or | Tok::And => None,
            Tok::Near(_) => {
                self.pos += 1;
                self.warn("NEAR needs a word or phrase on each side; ignored");
                None
            }
            Tok::Quoted { field, text, negated } => {
                self.pos += 1;
                let q = self.quoted(field.as_deref(), &text)?;
                Some(if negated { Query::Not(Box::new(q)) } else { q })
            }
            Tok::Word(w) => {
                self.pos += 1;
                self.word(&w)
            }
        }
    }

    fn quoted(&mut self, field: Option<&str>, text: &str) -> Option<Query> {
        let tf = match field {
            None => TextField::Any,
            Some(f) => match text_field(f) {
                Some(tf) => tf,
                None if is_filter_field(f) => return self.field(f, text),
                None => {
                    if !f.is_empty() {
                        self.warn(unknown_field(f));
                    }
                    TextField::Any
                }
            },
        };
        let q = phrase_or_term(tf, text, TermKind::Exact);
        if q.is_none() {
            let part = match field {
                Some(f) => format!("{f}:\"{text}\""),
                None => format!("\"{text}\""),
            };
            self.warn(format!("{part} has no letters or digits to search for; ignored"));
        }
        q
    }

    fn word(&mut self, w: &str) -> Option<Query> {
        if let Some(rest) = w.strip_prefix('-').filter(|r| !r.is_empty()) {
            return self.word(rest).map(|q| Query::Not(Box::new(q)));
        }
        if w == "-" || w == "+" {
            self.warn(format!("{w} needs a word right after it (as in {w}opium); ignored"));
            return None;
        }
        let w = w.strip_prefix('+').unwrap_or(w);
        if let Some((f, value)) = w.split_once(':') {
            if let Some(tf) = text_field(f) {
                if value.is_empty() {
                    self.warn(format!("{w} needs a word after it (as in {f}:heroin); ignored"));
                    return None;
                }
                return self.plain_word(tf, value);
            }
            if is_filter_field(f) {
                return self.field(f, value);
            }
            if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic()) && !value.starts_with("//") {
                self.warn(unknown_field(f));
            }
        }
        self.plain_word(TextField::Any, w)
    }

    fn plain_word(&mut self, field: TextField, part: &str) -> Option<Query> {
        let (w, kind) = if let Some(stem) = part.strip_suffix('*') {
            (stem, TermKind::Prefix)
        } else if let Some((stem, n)) = part.rsplit_once('~') {
            let n = match n.parse::<u8>() {
                _ if n.is_empty() => 1,
                Ok(n) => n,
                Err(_) => {
                    self.warn(format!("{part}: the fuzzy distance is not 1 or 2; using 1"));
                    1
                }
            };
            if n > 2 {
                self.warn(format!("fuzzy distance {n} is more than 2; using 2"));
            }
            (stem, TermKind::Fuzzy(n.clamp(1, 2)))
        } else {
            (part, TermKind::Exact)
        };
        let words = Words::of(w);
        if words.words.is_empty() {
            match kind {
                TermKind::Exact => self.warn(format!("{part:?} has no letters or digits to search for; ignored")),
                TermKind::Prefix => self.warn(format!("{part} needs a word before the * (as in meth*); ignored")),
                TermKind::Fuzzy(_) => self.warn(format!("{part} needs a word before the ~ (as in Zahedan~); ignored")),
            }
            return None;
        }
        if kind == TermKind::Prefix && words.single().is_some_and(|s| s.chars().count() < 2) {
            self.warn(format!("prefix {w:?}* is too short (2 letters at least); searched as a word"));
            return phrase_or_term(field, w, TermKind::Exact);
        }
        phrase_or_term(field, w, kind)
    }

    fn field(&mut self, f: &str, value: &str) -> Option<Query> {
        let f = f.to_ascii_lowercase();
        let value = value.trim();
        if value.is_empty() {
            self.warn(format!("{f}: needs a value; ignored"));
            return None;
        }
        let label = || text::normalize_label(value);
        if matches!(f.as_str(), "source" | "person" | "org" | "place" | "country" | "drug" | "event")
            && label().is_empty()
        {
            self.warn(format!("{f}:{value} has no letters or digits to search for; ignored"));
            return None;
        }
        match f.as_str() {
            "source" => Some(Query::Filter(Filter::Source(label()))),
            "when" | "eventdate" => match parse_date_range(value) {
                Some(r) => Some(Query::Filter(Filter::EventDate(self.forwards(&f, value, r)))),
                None => {
                    self.warn(format!("{f}:{value} is not a date or range (try when:2018, when:2018..2019); ignored"));
                    None
                }
            },
            "date" | "year" => match parse_date_range(value) {
                Some(r) => Some(Query::Filter(Filter::Date(self.forwards(&f, value, r)))),
                None => {
                    self.warn(format!(
                        "{f}:{value} is not a date or range (try {f}:2019, {f}:2019..2021, {f}:>2020-06); ignored"
                    ));
                    None
                }
            },
            "kg" => match parse_num_range(value) {
                Some(NumRange { min: Some(a), max: Some(b) }) if a > b => {
                    let forwards = format!("{}..{}", crate::numbers::trimmed(b, 6), crate::numbers::trimmed(a, 6));
                    self.warn(format!("kg:{value} runs backwards; read as kg:{forwards}"));
                    let range = Some(NumRange { min: Some(b), max: Some(a) });
                    Some(Query::Filter(Filter::Field { field: EntityField::Kg, value: forwards, range }))
                }
                Some(r) => Some(Query::Filter(Filter::Field {
                    field: EntityField::Kg,
                    value: value.to_string(),
                    range: Some(r),
                })),
                None => {
                    self.warn(format!("kg:{value} is not an amount or range (try kg:>500, kg:100..1000); ignored"));
                    None
                }
            },
            _ => {
                let field = EntityField::ALL.into_iter().find(|e| e.name() == f)?;
                Some(Query::Filter(Filter::Field { field, value: label(), range: None }))
            }
        }
    }

    /// A date range whose start is after its end, reported and read the right way round.
    fn forwards(&mut self, f: &str, value: &str, r: DateRange) -> DateRange {
        match (r.from, r.to) {
            (Some(from), Some(to)) if from.first_day() > to.last_day() => {
                self.warn(format!("{f}:{value} runs backwards; read as {f}:{to}..{from}"));
                DateRange { from: Some(to), to: Some(from) }
            }
            _ => r,
        }
    }
}

/// A word, a phrase, or the readings of a phrase with compounds (see [`phrase_or_term`]).
fn is_positional(q: &Query) -> bool {
    match q {
        Query::Term(_) | Query::Phrase(_) => true,
        Query::Or(qs) => qs.iter().all(|q| matches!(q, Query::Phrase(_))),
        _ => false,
    }
}

fn unknown_field(f: &str) -> String {
    format!("unknown field {f:?}; searched as text (fields: title, body, source, date, year, when, person, org, place, country, drug, kg, event)")
}

fn text_field(f: &str) -> Option<TextField> {
    match f.to_ascii_lowercase().as_str() {
        "title" => Some(TextField::Title),
        "body" | "text" => Some(TextField::Body),
        _ => None,
    }
}

fn is_filter_field(f: &str) -> bool {
    let f = f.to_ascii_lowercase();
    matches!(f.as_str(), "source" | "date" | "year" | "when" | "eventdate")
        || EntityField::ALL.iter().any(|e| e.name() == f)
}

/// One word is a term, and so is one hyphenated compound (`anti-drug` is `antidrug`, which the index
/// holds for both spellings); several words are a phrase. A phrase with compounds in it is each way
/// of reading them, as parts or joined (`"free wi-fi access"` also finds `free wifi access`), for its
/// first [`MAX_JOINED`] compounds; later ones are read as parts.
fn phrase_or_term(field: TextField, text: &str, kind: TermKind) -> Option<Query> {
    let w = Words::of(text);
    if let Some(word) = w.single() {
        return Some(Query::Term(Term { field, word: word.to_string(), kind }));
    }
    if w.words.is_empty() {
        return None;
    }
    let compounds = &w.compounds[..w.compounds.len().min(MAX_JOINED)];
    let mut phrases: Vec<Query> = (0..1u32 << compounds.len())
        .map(|joined| {
            let mut words = Vec::new();
            let mut at = 0;
            for (c, (first, len, word)) in compounds.iter().enumerate() {
                words.extend_from_slice(&w.words[at..*first]);
                if joined & (1 << c) != 0 {
                    words.push(word.clone());
                } else {
                    words.extend_from_slice(&w.words[*first..first + len]);
                }
                at = first + len;
            }
            words.extend_from_slice(&w.words[at..]);
            Query::Phrase(Phrase { field, words })
        })
        .collect();
    Some(if phrases.len() == 1 { phrases.pop().unwrap() } else { Query::Or(phrases) })
}

/// Compounds of one phrase read both ways; 3 make 8 phrases.
const MAX_JOINED: usize = 3;

/// A text's words as the index reads them (`text::for_each_term`): the words in order, and each
/// hyphenated compound as (its first word, how many words, the compound joined).
struct Words {
    words: Vec<String>,
    compounds: Vec<(usize, usize, String)>,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut w = Words { words: Vec::new(), compounds: Vec::new() };
        let mut compound_end = 0;
        text::for_each_term(text, |t| {
            if t.joined {
                w.compounds.push((w.words.len(), 0, t.norm.to_string()));
                compound_end = t.end;
                return;
            }
            if let Some(c) = w.compounds.last_mut().filter(|_| t.start < compound_end) {
                c.1 += 1;
            }
            w.words.push(t.norm.to_string());
        });
        w
    }

    /// The word, when the text is one word or one compound.
    fn single(&self) -> Option<&str> {
        match (self.words.as_slice(), self.compounds.as_slice()) {
            ([word], _) => Some(word),
            (words, [(0, len, joined)]) if *len == words.len() => Some(joined),
            _ => None,
        }
    }
}

/// `2019`, `2019-09`, `2019-09-05`, `12.09.2019`, `2019..2021`, `..2021`, `2019..`, `>2019`, `>=2019`, `<2020-06`.
pub fn parse_date_range(value: &str) -> Option<DateRange> {
    let value = value.trim();
    if let Some((a, b)) = value.split_once("..") {
        let from = if a.trim().is_empty() { None } else { Some(Date::parse(a)?) };
        let to = if b.trim().is_empty() { None } else { Some(Date::parse(b)?) };
        if from.is_none() && to.is_none() {
            return None;
        }
        return Some(DateRange { from, to });
    }
    if let Some(v) = value.strip_prefix(">=") {
        return Some(DateRange { from: Some(Date::parse(v)?), to: None });
    }
    if let Some(v) = value.strip_prefix("<=") {
        return Some(DateRange { from: None, to: Some(Date::parse(v)?) });
    }
    if let Some(v) = value.strip_prefix('>') {
        // After the whole period named: >2019 starts in 2020.
        let d = Date::parse(v)?.last_day();
        let next = Date::from_days(d.days_since_epoch() + 1);
        return Some(DateRange { from: Some(next), to: None });
    }
    if let Some(v) = value.strip_prefix('<') {
        let d = Date::parse(v)?.first_day();
        let prev = Date::from_days(d.days_since_epoch() - 1);
        return Some(DateRange { from: None, to: Some(prev) });
    }
    let d = Date::parse(value)?;
    Some(DateRange { from: Some(d), to: Some(d) })
}

/// `500`, `>500`, `>=500`, `<10`, `100..1000`, `1,000..`.
pub fn parse_num_range(value: &str) -> Option<NumRange> {
    let num = |s: &str| -> Option<f64> {
        let s = s.trim().replace(',', "");
        crate::numbers::parse(&s)
    };
    let v = value.trim();
    if let Some((a, b)) = v.split_once("..") {
        let min = if a.trim().is_empty() { None } else { Some(num(a)?) };
        let max = if b.trim().is_empty() { None } else { Some(num(b)?) };
        return (min.is_some() || max.is_some()).then_some(NumRange { min, max });
    }
    // Strict and non-strict bounds read the same: amounts are rarely exactly on the bound.
    if let Some(x) = v.strip_prefix(">=").or_else(|| v.strip_prefix('>')) {
        return Some(NumRange { min: Some(num(x)?), max: None });
    }
    if let Some(x) = v.strip_prefix("<=").or_else(|| v.strip_prefix('<')) {
        return Some(NumRange { min: None, max: Some(num(x)?) });
    }
    let x = num(v)?;
    Some(NumRange { min: Some(x), max: Some(x) })
}

#[cfg(test)]
mod tests;
