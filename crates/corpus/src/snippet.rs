//! Marking matches in text, and choosing the best window of a body to show as a snippet.
//! Every range is a byte range on char boundaries of the text it was computed on.

use crate::text::{for_each_term, Token};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What to mark: single words (normal forms) and phrases (sequences of normal forms).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlighter {
    pub words: BTreeSet<String>,
    pub phrases: Vec<Vec<String>>,
}

/// A window of a body with the matches in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// Byte offset of `text` in the body.
    pub start: usize,
    /// Whether text was cut before / after the window (show an ellipsis).
    pub cut_before: bool,
    pub cut_after: bool,
}

/// A match: byte range, and which word or phrase it is (for counting distinct matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub key: usize,
}

impl Highlighter {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Every match in `text`, in order; phrase matches span the whole phrase.
    pub fn marks(&self, text: &str) -> Vec<Mark> {
        if self.is_empty() {
            return Vec::new();
        }
        // Every word the highlighter knows, single or in a phrase, gets a number; tokens are kept
        // as (start, end, number) so nothing is allocated per token.
        let mut vocab: Vec<&str> = self.words.iter().map(String::as_str).collect();
        vocab.extend(self.phrases.iter().flatten().map(String::as_str));
        crate::order::sort_by(&mut vocab, |a, b| a.cmp(b));
        vocab.dedup();
        let single: Vec<bool> = vocab.iter().map(|w| self.words.contains(*w)).collect();
        let phrases: Vec<Vec<u32>> = self
            .phrases
            .iter()
            .map(|p| p.iter().map(|w| vocab.binary_search(&w.as_str()).unwrap_or(0) as u32).collect())
            .collect();
        const NONE: u32 = u32::MAX;
        // (start, end, word number, position), in position order; a hyphenated compound joined shares
        // its first part's position (see `text::for_each_term`, as the index reads text).
        let mut tokens: Vec<(usize, usize, u32, u32)> = Vec::new();
        for_each_term(text, |t: Token<'_>| {
            let id = vocab.binary_search(&t.norm).map_or(NONE, |i| i as u32);
            tokens.push((t.start, t.end, id, t.position));
        });
        let n_words = self.words.len();
        let mut marks = Vec::new();
        for (i, &(s, e, id, pos)) in tokens.iter().enumerate() {
            if id == NONE {
                continue;
            }
            if single[id as usize] {
                marks.push(Mark { start: s, end: e, key: id as usize });
            }
            for (pi, phrase) in phrases.iter().enumerate() {
                if phrase.first() != Some(&id) {
                    continue;
                }
                // Each next word at the next position: among the (at most two) tokens there.
                let mut at = i;
                let mut end = e;
                let found = phrase.iter().enumerate().skip(1).all(|(k, &w)| {
                    let want = pos + k as u32;
                    while at < tokens.len() && tokens[at].3 < want {
                        at += 1;
                    }
                    let hit = tokens[at..].iter().take_while(|t| t.3 == want).find(|t| t.2 == w);
                    hit.map(|t| end = t.1).is_some()
                });
                if found {
                    marks.push(Mark { start: s, end, key: vocab.len() + n_words + pi });
                }
            }
        }
        crate::order::sort_by_key(&mut marks, |m| (m.start, std::cmp::Reverse(m.end)));
        // Drop marks inside an earlier, longer one (a word inside a matched phrase).
        let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
        for m in marks {
            if out.last().is_some_and(|l| m.start < l.end) {
                continue;
            }
            out.push(m);
        }
        out
    }

    /// Byte ranges of every match in `text`.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        self.marks(text).into_iter().map(|m| (m.start, m.end)).collect()
    }
}

/// How far back from a wanted offset a part of a long body may start, to start at a line or a word.
const PART_SLACK: usize = 2048;

/// The part of `body` to show from about `at`: at most `max_bytes` long, starting at the line or word
/// that holds `at` and ending at a word end, so no word is cut. A long document is read a part at a
/// time: only the part is marked and rendered (see [`Highlighter::next_match`] to move between parts).
pub fn part(body: &str, at: usize, max_bytes: usize) -> std::ops::Range<usize> {
    let start = part_start(body, at.min(body.len()));
    let end = if body.len() - start <= max_bytes { body.len() } else { part_start(body, start + max_bytes) };
    // A part must move forward even through text with no space at all.
    let end = if end <= start { ceil_boundary(body, start + max_bytes.max(1)) } else { end };
    start..end
}

/// A start at or before `at` (by at most [`PART_SLACK`]): after a line break if one is that close,
/// else after a space, else the char boundary at `at`.
fn part_start(body: &str, at: usize) -> usize {
    let at = floor_boundary(body, at);
    if at == 0 || at >= body.len() {
        return at;
    }
    let from = floor_boundary(body, at.saturating_sub(PART_SLACK));
    let before = &body[from..at];
    match before.rfind('\n').or_else(|| before.rfind(char::is_whitespace)) {
        Some(i) => skip_space(body, from + i).min(at),
        None => at,
    }
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Bytes of a long body marked at a time when looking for the next or previous match.
const SCAN_BYTES: usize = 256 * 1024;

impl Highlighter {
    /// Byte ranges (in `body`) of the matches in `body[range]`, marking only that part: the cost is the
    /// part's, not the body's. `range` should start and end at word boundaries (see [`part`]); a phrase
    /// running across its ends is not marked.
    pub fn ranges_in(&self, body: &str, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
        let start = range.start;
        self.marks(&body[range]).into_iter().map(|m| (m.start + start, m.end + start)).collect()
    }

    /// The first match starting at or after `from`, looking a slice at a time so a near match costs
    /// little however long the body.
    pub fn next_match(&self, body: &str, from: usize) -> Option<(usize, usize)> {
        if self.is_empty() {
            return None;
        }
        let mut at = part_start(body, from.min(body.len()));
        while at < body.len() {
            let range = part(body, at, SCAN_BYTES);
            let next = range.end;
            if let Some(m) = self.ranges_in(body, range).into_iter().find(|m| m.0 >= from) {
                return Some(m);
            }
            at = next;
        }
        None
    }

    /// The last match ending at or before `before`, looking back a slice at a time.
    pub fn previous_match(&self, body: &str, before: usize) -> Option<(usize, usize)> {
        if self.is_empty() {
            return None;
        }
        let mut end = floor_boundary(body, before);
        while end > 0 {
            let start = part_start(body, end.saturating_sub(SCAN_BYTES));
            // Text with no break to start at: step back by the whole slice.
            let start = if start >= end { floor_boundary(body, end.saturating_sub(SCAN_BYTES)) } else { start };
            if let Some(m) = self.ranges_in(body, start..end).into_iter().rev().find(|m| m.1 <= before) {
                return Some(m);
            }
            end = start;
        }
        None
    }
}

/// Most marks considered as snippet anchors, so huge documents stay fast.
const MAX_ANCHORS: usize = 256;

/// The window of at most `max_chars` characters of `body` holding the most distinct matches.
pub fn best(body: &str, h: &Highlighter, max_chars: usize) -> Snippet {
    let marks = h.marks(body);
    let lead = max_chars / 5;
    let mut best: Option<(usize, usize, usize, usize)> = None; // (score, start, end, -)
    for anchor in marks.iter().take(MAX_ANCHORS) {
        let start = window_start(body, anchor.start, lead);
        let end = window_end(body, start, max_chars);
        let inside: Vec<&Mark> = marks.iter().filter(|m| m.start >= start && m.end <= end).collect();
        // u32, not usize: the one u32 sort (order::sort_u32) the document lists use too.
        let mut keys: Vec<u32> = inside.iter().map(|m| m.key as u32).collect();
        crate::order::sort_u32(&mut keys);
        keys.dedup();
        let score = keys.len() * 1000 + inside.len();
        if best.is_none_or(|b| score > b.0) {
            best = Some((score, start, end, 0));
        }
    }
    let (start, end) = match best {
        Some((_, s, e, _)) => (s, e),
        None => (0, window_end(body, 0, max_chars)),
    };
    let highlights =
        marks.iter().filter(|m| m.start >= start && m.end <= end).map(|m| (m.start - start, m.end - start)).collect();
    Snippet {
        text: body[start..end].to_string(),
        highlights,
        start,
        cut_before: start > 0,
        cut_after: end < body.len(),
    }
}

/// A start up to `lead` bytes before `at`: at a sentence or paragraph start if one is that close,
/// else at a word start.
fn window_start(body: &str, at: usize, lead: usize) -> usize {
    let from = floor_boundary(body, at.saturating_sub(lead));
    let before = &body[from..at];
    if let Some(i) = before.rfind(['\n']).or_else(|| before.rfind(". ").map(|i| i + 1)) {
        return skip_space(body, from + i + 1);
    }
    if from == 0 {
        return 0;
    }
    match before.find(char::is_whitespace) {
        Some(i) => skip_space(body, from + i),
        None => from,
    }
}

/// An end at most `max_chars` characters after `start`, at a word end.
fn window_end(body: &str, start: usize, max_chars: usize) -> usize {
    let rest = &body[start..];
    let Some((limit, _)) = rest.char_indices().nth(max_chars) else {
        return body.len();
    };
    let cut = &rest[..limit];
    match cut.rfind(char::is_whitespace) {
        Some(i) if i > limit / 2 => start + cut[..i].trim_end().len(),
        _ => start + limit,
    }
}

fn skip_space(body: &str, mut i: usize) -> usize {
    while i < body.len() && body[i..].starts_with(char::is_whitespace) {
        i += body[i..].chars().next().map_or(1, char::len_utf8);
    }
    i
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(words: &[&str], phrases: &[&[&str]]) -> Highlighter {
        Highlighter {
            words: words.iter().map(|w| w.to_string()).collect(),
            phrases: phrases.iter().map(|p| p.iter().map(|w| w.to_string()).collect()).collect(),
        }
    }

    fn show(s: &Snippet) -> String {
        let mut out = String::new();
        let mut at = 0;
        if s.cut_before {
            out.push('…');
        }
        for &(a, b) in &s.highlights {
            out.push_str(&s.text[at..a]);
            out.push('[');
            out.push_str(&s.text[a..b]);
            out.push(']');
            at = b;
        }
        out.push_str(&s.text[at..]);
        if s.cut_after {
            out.push('…');
        }
        out
    }

    #[test]
    fn picks_window_with_most_distinct_matches() {
        let body = "Heroin was found. Nothing here at all for a long while, padding padding padding. Then customs at Astara seized heroin in a truck. More text follows here.";
        let s = best(body, &hl(&["heroin", "astara"], &[]), 60);
        assert_eq!(show(&s), "…customs at [Astara] seized [heroin] in a truck. More text…");
    }

    #[test]
    fn phrases_and_unicode_boundaries() {
        let body = "Iran’s “joint operations” with Russia — Москва, Zürich.";
        let h = hl(&["zurich", "iran"], &[&["joint", "operations"]]);
        assert_eq!(
            h.ranges(body).iter().map(|&(a, b)| &body[a..b]).collect::<Vec<_>>(),
            vec!["Iran’s", "joint operations", "Zürich"]
        );
        let s = best(body, &h, 20);
        assert!(s.text.is_char_boundary(0));
        assert_eq!(show(&s), "[Iran’s] “joint…");
        let none = best(body, &Highlighter::default(), 10);
        assert_eq!(show(&none), "Iran’s…");
    }

    /// A long body: `n` filler sentences with `word` at the given sentence numbers.
    fn long_body(n: usize, word: &str, at: &[usize]) -> String {
        let mut body = String::new();
        for i in 0..n {
            if at.contains(&i) {
                body.push_str(&format!("Police seized {word} near the border. "));
            } else {
                body.push_str("Nothing of note happened on the quiet road today. ");
            }
            if i % 7 == 6 {
                body.push_str("\n\n");
            }
        }
        body
    }

    #[test]
    fn parts_of_a_long_body_start_and_end_at_word_boundaries() {
        let body = long_body(2000, "opium", &[]);
        let mut at = 0;
        let mut parts = 0;
        while at < body.len() {
            let r = part(&body, at, 4096);
            assert!(r.end - r.start <= 4096 && r.end > r.start, "{r:?}");
            assert!(r.start == 0 || body[..r.start].ends_with(char::is_whitespace), "{r:?}");
            assert!(r.end == body.len() || body[r.end..].starts_with(|c: char| !c.is_whitespace()), "{r:?}");
            at = r.end;
            parts += 1;
        }
        assert_eq!(at, body.len());
        assert!(parts >= body.len() / 4096, "{parts}");
        // A short body is one part; text with no space still moves forward, on char boundaries.
        assert_eq!(part("short text", 0, 4096), 0..10);
        let dense = "ж".repeat(5000);
        let r = part(&dense, 0, 1001);
        assert!(r.end > 0 && dense.is_char_boundary(r.end));
    }

    #[test]
    fn next_and_previous_match_walk_a_long_body() {
        let body = long_body(20_000, "heroin", &[3, 9000, 19_990]);
        assert!(body.len() > 3 * SCAN_BYTES);
        let h = hl(&["heroin"], &[]);
        let first = h.next_match(&body, 0).unwrap();
        assert_eq!(&body[first.0..first.1], "heroin");
        let second = h.next_match(&body, first.1).unwrap();
        let third = h.next_match(&body, second.1).unwrap();
        assert!(first.0 < second.0 && second.0 < third.0 && third.0 > body.len() - 1000);
        assert_eq!(h.next_match(&body, third.1), None);
        assert_eq!(h.previous_match(&body, third.0), Some(second));
        assert_eq!(h.previous_match(&body, second.0), Some(first));
        assert_eq!(h.previous_match(&body, first.0), None);
        // Marking a part finds what marking the whole body finds there.
        let r = part(&body, second.0, 4096);
        assert_eq!(h.ranges_in(&body, r.clone()), vec![second]);
        assert_eq!(Highlighter::default().next_match(&body, 0), None);
    }

    #[test]
    fn compounds_are_marked_whichever_spelling_was_searched() {
        let body = "Free wi-fi access; wifi for all; free wifi access.";
        let marked = |h: &Highlighter| h.ranges(body).iter().map(|&(a, b)| &body[a..b]).collect::<Vec<_>>();
        assert_eq!(marked(&hl(&["wifi"], &[])), vec!["wi-fi", "wifi", "wifi"]);
        assert_eq!(marked(&hl(&["fi"], &[])), vec!["fi"]);
        // A phrase through the compound's parts, and through the compound joined.
        assert_eq!(marked(&hl(&[], &[&["free", "wi", "fi", "access"]])), vec!["Free wi-fi access"]);
        assert_eq!(marked(&hl(&[], &[&["free", "wifi", "access"]])), vec!["free wifi access"]);
        assert_eq!(marked(&hl(&[], &[&["free", "wifi"]])), vec!["Free wi-fi", "free wifi"]);
    }
}
