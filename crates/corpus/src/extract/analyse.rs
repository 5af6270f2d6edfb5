//! Per-document analysis shared by every extractor: tokens with their raw text, and sentences.

use crate::text::for_each_token;

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub norm: String,
    /// Sentence number.
    pub sent: u32,
}

pub(crate) struct Analysed<'a> {
    pub body: &'a str,
    pub toks: Vec<Tok>,
    /// Byte ranges of sentences.
    pub sentences: Vec<(usize, usize)>,
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "gen", "col", "lt", "maj", "capt", "mr", "mrs", "ms", "dr", "st", "no", "vs", "sgt", "brig", "gov", "sen", "rep",
    "jan", "feb", "aug", "sept", "oct", "nov", "dec", "inc", "co", "corp",
];

impl<'a> Analysed<'a> {
    pub fn new(body: &'a str) -> Analysed<'a> {
        let sentences = sentences(body);
        let mut toks = Vec::new();
        let mut s = 0usize;
        for_each_token(body, |t| {
            while s + 1 < sentences.len() && t.start >= sentences[s].1 {
                s += 1;
            }
            toks.push(Tok { start: t.start, end: t.end, norm: t.norm.to_string(), sent: s as u32 });
        });
        Analysed { body, toks, sentences }
    }

    /// Byte range of the sentence containing byte `at` (the whole body if there are no sentences).
    pub fn sentence_at(&self, at: usize) -> (u32, u32) {
        let i = self.sentences.partition_point(|&(_, end)| end <= at);
        let (a, b) = self.sentences.get(i).copied().unwrap_or((0, self.body.len()));
        (a as u32, b as u32)
    }

    pub fn raw(&self, i: usize) -> &'a str {
        &self.body[self.toks[i].start..self.toks[i].end]
    }

    /// Raw text from the start of token `i` to the end of token `j - 1`.
    pub fn span(&self, i: usize, j: usize) -> &'a str {
        &self.body[self.toks[i].start..self.toks[j - 1].end]
    }

    pub fn is_cap(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// What stands between tokens `i` and `i + 1`.
    pub fn gap(&self, i: usize) -> &'a str {
        match self.toks.get(i + 1) {
            Some(next) => &self.body[self.toks[i].end..next.start],
            None => &self.body[self.toks[i].end..],
        }
    }

    /// Whether tokens `i` and `i + 1` are in one sentence with only spaces (or a hyphen) between.
    pub fn adjacent(&self, i: usize) -> bool {
        i + 1 < self.toks.len() && self.toks[i].sent == self.toks[i + 1].sent && {
            let g = self.gap(i);
            g.chars().all(|c| c == ' ' || c == '-' || c == '–') && g.chars().filter(|&c| c != ' ').count() <= 1
        }
    }

    #[cfg(test)]
    pub fn sentence_text(&self, s: u32) -> &'a str {
        let (a, b) = self.sentences[s as usize];
        &self.body[a..b]
    }

    /// Token index range of sentence `s`.
    pub fn sentence_toks(&self, s: u32) -> std::ops::Range<usize> {
        let a = self.toks.partition_point(|t| t.sent < s);
        let b = self.toks.partition_point(|t| t.sent <= s);
        a..b
    }
}

/// Sentence byte ranges: a break after `.`, `!` or `?` (and closing quotes) before a capital, digit or
/// opening quote, unless the word before is an abbreviation or a single letter; and at blank lines.
fn sentences(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with("\n\n") {
            push_sentence(body, start, i, &mut out);
            i += 2;
            start = i;
            continue;
        }
        let c = bytes[i];
        if c == b'.' || c == b'!' || c == b'?' {
            let mut j = i + 1;
            while j < body.len() && (body[j..].starts_with(['"', '\'', ')', ']']) || body[j..].starts_with(['”', '’']))
            {
                j += body[j..].chars().next().map_or(1, char::len_utf8);
            }
            let after = &body[j..];
            let ws = after.len() - after.trim_start_matches([' ', '\t', '\n']).len();
            let next = after[ws..].chars().next();
            let word_before = body[start..i].rsplit(|ch: char| !ch.is_alphanumeric()).next().unwrap_or("");
            let abbreviation = c == b'.'
                && (ABBREVIATIONS.contains(&word_before.to_ascii_lowercase().as_str())
                    || (word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase)));
            if ws > 0
                && !abbreviation
                && next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"“‘'(".contains(n))
            {
                push_sentence(body, start, j, &mut out);
                start = j + ws;
                i = start;
                continue;
            }
        }
        i += body[i..].chars().next().map_or(1, char::len_utf8);
    }
    push_sentence(body, start, body.len(), &mut out);
    if out.is_empty() {
        out.push((0, body.len()));
    }
    out
}

fn push_sentence(body: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_not_abbreviations() {
        let body =
            "Col. Gen. Safar Mehdiyev said it. The U.S. agreed, he added.\n\nNew paragraph 1.5 kg! “Quote.” Next";
        let a = Analysed::new(body);
        let s: Vec<&str> = (0..a.sentences.len() as u32).map(|i| a.sentence_text(i)).collect();
        assert_eq!(
            s,
            vec![
                "Col. Gen. Safar Mehdiyev said it.",
                "The U.S. agreed, he added.",
                "New paragraph 1.5 kg!",
                "“Quote.”",
                "Next"
            ]
        );
    }
}
