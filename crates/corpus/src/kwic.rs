//! Keyword in context: every match of a query in the bodies of the documents it matches, with left
//! and right context, sortable by document, left context or right context.

use crate::corpus::Corpus;
use crate::index::Field;
use crate::search::Matcher;
use crate::snippet::Highlighter;
use crate::text;
use serde::{Deserialize, Serialize};

/// How concordance lines are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// Corpus order, then position in the document.
    #[default]
    Document,
    /// By the words before the match, nearest first (reads like a reverse dictionary).
    Left,
    /// By the words after the match.
    Right,
}

impl KwicSort {
    pub const ALL: [KwicSort; 3] = [KwicSort::Document, KwicSort::Left, KwicSort::Right];

    pub fn as_str(self) -> &'static str {
        match self {
            KwicSort::Document => "doc",
            KwicSort::Left => "left",
            KwicSort::Right => "right",
        }
    }

    pub fn parse(s: &str) -> Option<KwicSort> {
        KwicSort::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct KwicOptions {
    /// Characters of context on each side.
    pub context_chars: usize,
    /// Lines returned.
    pub limit: usize,
    pub sort: KwicSort,
    /// Lines collected before sorting; past this the total is a lower bound.
    pub max_lines: usize,
}

impl Default for KwicOptions {
    fn default() -> KwicOptions {
        KwicOptions { context_chars: 60, limit: 500, sort: KwicSort::Document, max_lines: 20_000 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    pub doc_idx: u32,
    pub id: String,
    pub left: String,
    pub keyword: String,
    pub right: String,
    /// Byte range of the keyword in the document body.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Kwic {
    /// Matches found (a lower bound when `truncated`).
    pub total: usize,
    /// Documents with at least one match in the body.
    pub docs: usize,
    pub lines: Vec<KwicLine>,
    /// Whether collection stopped at `max_lines`.
    pub truncated: bool,
}

/// The concordance of `matcher`'s query over `corpus`.
pub fn kwic(corpus: &Corpus, matcher: &Matcher<'_>, opts: &KwicOptions) -> Kwic {
    collect(corpus, &matcher.matches().docs, &matcher.highlighter(Field::Body), opts)
}

/// The concordance of what `h` marks in the bodies of `docs` (a matcher's matching documents and
/// body highlighter, for a caller that has them already).
pub fn collect(corpus: &Corpus, docs: &[u32], h: &Highlighter, opts: &KwicOptions) -> Kwic {
    let mut out = Kwic::default();
    if h.is_empty() {
        return out;
    }
    for &d in docs {
        let doc = &corpus.docs()[d as usize];
        let marks = h.marks(&doc.body);
        if marks.is_empty() {
            continue;
        }
        out.docs += 1;
        for m in marks {
            if out.lines.len() >= opts.max_lines {
                out.truncated = true;
                break;
            }
            out.lines.push(KwicLine {
                doc_idx: d,
                id: doc.id.clone(),
                left: context_before(&doc.body, m.start, opts.context_chars),
                keyword: one_line(&doc.body[m.start..m.end]),
                right: context_after(&doc.body, m.end, opts.context_chars),
                start: m.start,
                end: m.end,
            });
        }
        if out.truncated {
            break;
        }
    }
    out.total = out.lines.len();
    sort_lines(&mut out.lines, opts.sort);
    out.lines.truncate(opts.limit);
    out
}

/// Sorts concordance lines in place.
pub fn sort_lines(lines: &mut [KwicLine], sort: KwicSort) {
    match sort {
        KwicSort::Document => crate::order::sort_by_key(lines, |l| (l.doc_idx, l.start)),
        KwicSort::Left => crate::order::sort_by_cached_key(lines, |l| {
            let mut words = text::normalize_words(&l.left);
            words.reverse();
            (words, text::normalize_words(&l.keyword), l.doc_idx, l.start)
        }),
        KwicSort::Right => crate::order::sort_by_cached_key(lines, |l| {
            (text::normalize_words(&l.keyword), text::normalize_words(&l.right), l.doc_idx, l.start)
        }),
    }
}

fn context_before(body: &str, at: usize, chars: usize) -> String {
    let before = &body[..at];
    let start = before.char_indices().rev().nth(chars.saturating_sub(1)).map_or(0, |(i, _)| i);
    one_line(&before[start..])
}

fn context_after(body: &str, at: usize, chars: usize) -> String {
    let after = &body[at..];
    let end = after.char_indices().nth(chars).map_or(after.len(), |(i, _)| i);
    one_line(&after[..end])
}

/// Whitespace runs (newlines included) become one space; an edge space is kept so words stay apart.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}
