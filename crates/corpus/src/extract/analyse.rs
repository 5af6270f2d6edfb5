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

/// Longest stretch of a document analysed at once. A longer document (a book, a dump of many reports
/// in one file) is analysed a segment of whole sentences at a time, so what extraction holds besides
/// its results is bounded by this, not by the document. News reports are far shorter.
pub(crate) const SEGMENT_BYTES: usize = 256 * 1024;

/// Byte ranges of `body` to analyse one at a time: runs of whole sentences of at most
/// [`SEGMENT_BYTES`] (a single sentence never exceeds [`MAX_SENTENCE_BYTES`]). One range for any
/// document up to that size.
pub(crate) fn segments(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if body.len() <= SEGMENT_BYTES {
        out.push(0..body.len());
        return out;
    }
    let mut start = 0;
    let mut end = 0;
    for (_, e) in sentences(body) {
        if e - start > SEGMENT_BYTES && end > start {
            out.push(start..end);
            start = end;
        }
        end = e;
    }
    out.push(start..body.len());
    out
}

impl<'a> Analysed<'a> {
    /// The whole of `body`.
    #[cfg(test)]
    pub fn new(body: &'a str) -> Analysed<'a> {
        Analysed::segment(body, 0..body.len())
    }

    /// The part `range` of `body` (one of [`segments`]): tokens and sentences of that part, with byte
    /// offsets into the whole body.
    pub fn segment(body: &'a str, range: std::ops::Range<usize>) -> Analysed<'a> {
        let offset = range.start;
        let sentences: Vec<(usize, usize)> =
            sentences(&body[range.clone()]).into_iter().map(|(a, b)| (a + offset, b + offset)).collect();
        let mut toks = Vec::new();
        let mut s = 0usize;
        for_each_token(&body[range], |t| {
            let (start, end) = (t.start + offset, t.end + offset);
            while s + 1 < sentences.len() && start >= sentences[s].1 {
                s += 1;
            }
            toks.push(Tok { start, end, norm: t.norm.to_string(), sent: s as u32 });
        });
        Analysed { body, toks, sentences }
    }

    /// Byte range of the sentence containing byte `at` (the last one if `at` is past them).
    pub fn sentence_at(&self, at: usize) -> (u32, u32) {
        let i = self.sentences.partition_point(|&(_, end)| end <= at).min(self.sentences.len().saturating_sub(1));
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

/// Longest sentence, in bytes. Text without sentence breaks (a table, a transcript, a dump without
/// punctuation) is cut at a space before this length, so what extraction does per sentence stays
/// bounded however the text is shaped. News sentences are far shorter (the seeds' longest is 429 bytes).
pub(crate) const MAX_SENTENCE_BYTES: usize = 2_000;

fn push_sentence(body: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start().len();
    let mut rest = s.trim();
    let mut at = start + lead;
    while rest.len() > MAX_SENTENCE_BYTES {
        let mut cut = MAX_SENTENCE_BYTES;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // At the last space before the limit; a single word longer than that is cut inside.
        if let Some(space) = rest[..cut].rfind(char::is_whitespace).filter(|&i| i > 0) {
            cut = space;
        }
        let piece = rest[..cut].trim_end();
        out.push((at, at + piece.len()));
        let next = rest[cut..].trim_start();
        at += rest.len() - next.len();
        rest = next;
    }
    if !rest.is_empty() {
        out.push((at, at + rest.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_breaks_is_cut_into_bounded_sentences_at_spaces() {
        let body = "word ".repeat(5_000) + "end";
        let a = Analysed::new(&body);
        assert!(a.sentences.len() >= body.len() / MAX_SENTENCE_BYTES);
        let mut last_end = 0;
        for &(start, end) in &a.sentences {
            assert!(end - start <= MAX_SENTENCE_BYTES, "a sentence of {} bytes", end - start);
            assert!(start >= last_end && body[last_end..start].trim().is_empty(), "nothing is left out");
            assert!(!body[start..end].starts_with(' ') && !body[start..end].ends_with(' '));
            last_end = end;
        }
        assert_eq!(last_end, body.len());
        // One word longer than the limit is cut inside, on a character boundary.
        let word = "é".repeat(3 * MAX_SENTENCE_BYTES);
        let a = Analysed::new(&word);
        assert!(a.sentences.iter().all(|&(s, e)| e - s <= MAX_SENTENCE_BYTES && word.is_char_boundary(s)));
        assert_eq!(a.sentences.last().unwrap().1, word.len());
    }

    #[test]
    fn long_documents_are_analysed_in_segments_of_whole_sentences() {
        let body = "Police seized 5 kg of heroin in Baku. ".repeat(20_000);
        let parts = segments(&body);
        assert!(parts.len() >= body.len() / SEGMENT_BYTES);
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, body.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in &parts {
            assert!(r.len() <= SEGMENT_BYTES + MAX_SENTENCE_BYTES);
            let a = Analysed::segment(&body, r.clone());
            assert!(a.raw(0) == "Police" && a.toks.iter().all(|t| r.contains(&t.start)));
            assert!(a.sentence_text(0).starts_with("Police") && a.sentence_text(0).ends_with("Baku."));
        }
        let short = segments("short");
        assert_eq!((short.len(), short[0].clone()), (1, 0..5));
    }

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
