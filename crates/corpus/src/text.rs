//! The one tokenizer: the index and the query both go through [`for_each_token`], so a word typed
//! matches a word indexed exactly when their normal forms are equal.
//!
//! - Words are runs of Unicode letters and digits. Hyphens split words (`Takht-e-Ravanchi` is three
//!   tokens), and [`for_each_term`], what the index and the query read, adds each hyphenated
//!   compound joined (`wi-fi` is also `wifi`, `e-mail` also `email`), so either spelling finds both.
//! - Case and Latin diacritics fold: `Zürich` = `Zurich`, `Ə` = `e`. Combining marks are dropped.
//! - Arabic-script letter variants fold (`ی` = `ي`, `ک` = `ك`, `ة` = `ه`, `أ` = `ا`); harakat, tatweel
//!   and a zero-width non-joiner inside a word are dropped (`می‌خواهم` = `میخواهم`).
//! - Apostrophes, straight or curly, stay inside words; a possessive `’s` is dropped (`Iran’s` = `Iran`).
//! - Numbers keep their separators out: `1,100` = `1100`; a decimal point stays (`11.7`).
//! - [`stem`] is a light English stemmer used only to widen a query, never to index.

use crate::fold_table::FOLD;

/// A token: byte range in the source text, position among the text's tokens, and normal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub position: u32,
    pub norm: &'a str,
    /// A hyphenated compound read as one word (only from [`for_each_term`]): it spans the compound and
    /// stands at its first part's position, which that part keeps, so the positions of the words
    /// around it are those of the parts.
    pub joined: bool,
}

/// Calls `f` for each token of `text`, in order. `norm` borrows a buffer reused between calls.
pub fn for_each_token(text: &str, mut f: impl FnMut(Token<'_>)) {
    let bytes = text.as_bytes();
    let mut norm = String::with_capacity(32);
    let mut i = 0;
    let mut position = 0u32;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let (c, len) = char_at(text, i);
        if !c.is_alphanumeric() {
            i += len;
            continue;
        }
        let start = i;
        let numeric = c.is_ascii_digit();
        i += len;
        loop {
            // ASCII letters and digits: the common case, one byte at a time without decoding.
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            let (c, len) = char_at(text, i);
            if c.is_alphanumeric() || is_combining(c) {
                i += len;
                continue;
            }
            // Separators that stay inside a token when a letter or digit follows.
            let next = text[i + len..].chars().next();
            let keep = match c {
                ',' | '.' => numeric && next.is_some_and(|n| n.is_ascii_digit()) && is_digit_before(bytes, i),
                '\'' | '’' | 'ʼ' => !numeric && next.is_some_and(char::is_alphabetic),
                // A zero-width non-joiner inside a word (Persian `می‌خواهم`), which folding drops.
                '\u{200C}' => !numeric && next.is_some_and(char::is_alphabetic),
                _ => false,
            };
            if keep {
                i += len;
            } else {
                break;
            }
        }
        normalize_into(&text[start..i], numeric, &mut norm);
        if !norm.is_empty() {
            f(Token { start, end: i, position, norm: &norm, joined: false });
            position += 1;
        }
    }
}

/// Calls `f` for each token of `text` and, just before the parts of a hyphenated compound, for the
/// compound joined ([`Token::joined`]): `co-operation` gives `cooperation`, `co`, `operation`.
///
/// A compound is two or more tokens each separated from the next by one hyphen (`-`, a soft hyphen,
/// U+2010 or U+2011) and nothing else; it is joined unless its first part is a number (`2012-2014`,
/// `2019-09-05` stay apart), and its joined form is its parts' normal forms run together.
pub fn for_each_term(text: &str, mut f: impl FnMut(Token<'_>)) {
    // The compound being read: its parts' byte ranges and positions, and their normal forms run
    // together in `joined` (part i ends at `ends[i]`). Tokens outside compounds pass straight through.
    let mut parts: Vec<(usize, usize, u32, usize)> = Vec::new();
    let mut joined = String::new();
    // Where a token would start to continue the previous token's compound.
    let mut continues_at: Option<usize> = None;
    for_each_token(text, |t| {
        let next = after_hyphen(text, t.end);
        if continues_at == Some(t.start) && !parts.is_empty() {
            joined.push_str(t.norm);
            parts.push((t.start, t.end, t.position, joined.len()));
            if next.is_none() {
                flush_compound(&mut parts, &joined, &mut f);
            }
        } else if continues_at == Some(t.start) {
            // A later part of a compound led by a number.
            f(t);
        } else {
            // A compound whose next part had no normal form ends here.
            flush_compound(&mut parts, &joined, &mut f);
            if next.is_some() && !t.norm.as_bytes()[0].is_ascii_digit() {
                joined.clear();
                joined.push_str(t.norm);
                parts.push((t.start, t.end, t.position, joined.len()));
            } else {
                f(t);
            }
        }
        continues_at = next;
    });
    flush_compound(&mut parts, &joined, &mut f);
}

/// Hands on a compound read by [`for_each_term`]: the joined word first, then its parts.
fn flush_compound(parts: &mut Vec<(usize, usize, u32, usize)>, joined: &str, f: &mut impl FnMut(Token<'_>)) {
    let (Some(&(start, _, position, _)), Some(&(_, end, _, _))) = (parts.first(), parts.last()) else { return };
    if parts.len() > 1 {
        f(Token { start, end, position, norm: joined, joined: true });
    }
    let mut from = 0;
    for &(start, end, position, to) in parts.iter() {
        f(Token { start, end, position, norm: &joined[from..to], joined: false });
        from = to;
    }
    parts.clear();
}

/// Where the next part of a compound starts, if the token ending at `end` is followed by one hyphen
/// and a letter or digit.
#[inline]
fn after_hyphen(text: &str, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let len = match bytes.get(end)? {
        b'-' => 1,
        0xC2 if bytes.get(end + 1) == Some(&0xAD) => 2,
        0xE2 if bytes.get(end + 1) == Some(&0x80) && matches!(bytes.get(end + 2), Some(0x90 | 0x91)) => 3,
        _ => return None,
    };
    let next = end + len;
    let starts_word = match bytes.get(next)? {
        b if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text[next..].chars().next().is_some_and(char::is_alphanumeric),
    };
    starts_word.then_some(next)
}

/// All tokens of `text` with owned normal forms.
pub fn tokens(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push((t.start, t.end, t.norm.to_string())));
    out
}

/// The normal forms of `text`'s tokens.
pub fn normalize_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.norm.to_string()));
    out
}

/// The normal form of a short label (a source name, a facet value): its tokens joined by spaces.
pub fn normalize_label(text: &str) -> String {
    normalize_words(text).join(" ")
}

fn is_digit_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes[i - 1].is_ascii_digit()
}

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().expect("i is on a char boundary");
    (c, c.len_utf8())
}

fn normalize_into(word: &str, numeric: bool, out: &mut String) {
    out.clear();
    if numeric {
        // Thousands separators go; a decimal point stays. "1,100.5" -> "1100.5".
        for c in word.chars() {
            if c != ',' {
                fold_char(c, out);
            }
        }
        return;
    }
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix("ʼs"))
        .or_else(|| word.strip_suffix("'S"))
        .unwrap_or(word);
    if word.is_ascii() {
        // The common case: no folding table, no char decoding.
        for b in word.bytes() {
            if b != b'\'' {
                out.push(b.to_ascii_lowercase() as char);
            }
        }
        return;
    }
    for c in word.chars() {
        if !matches!(c, '\'' | '’' | 'ʼ') {
            fold_char(c, out);
        }
    }
}

/// Combining marks: Latin diacritics written apart (decomposed `e\u{301}`) and the Arabic block's
/// marks (harakat, Quranic annotation signs; `cargo xtask test` checks the list against Unicode).
/// Part of a word, dropped by folding.
#[inline]
pub fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
    )
}

/// Lower-cases and strips diacritics from one character.
#[inline]
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining(c) {
        return;
    }
    match FOLD.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => out.push_str(FOLD[i].1),
        Err(_) => out.extend(c.to_lowercase()),
    }
}

/// Words too common to count as collocates or distinctive terms.
pub const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "more", "most", "new", "no", "not", "of", "on", "one", "or", "other", "our", "over", "said",
    "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "two", "up", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you",
];

pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.binary_search(&norm).is_ok()
}

/// Words the stemmer leaves alone although they look inflected.
const STEM_EXCEPTIONS: &[&str] = &[
    "always", "as", "bus", "during", "gas", "has", "his", "is", "its", "less", "news", "perhaps", "series", "species",
    "this", "thus", "unless", "us", "was", "yes",
];

/// A light English stemmer: plurals, `-ed`, `-ing`, a final `-e` or `-y`. Conservative by design:
/// it groups `seize`, `seized`, `seizing` and `drug`, `drugs`, and leaves names and short words be.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if w.len() <= 3 || !w.bytes().all(|b| b.is_ascii_lowercase()) || STEM_EXCEPTIONS.contains(&word) {
        return w;
    }
    // Plurals.
    if let Some(s) = w.strip_suffix("ies") {
        w = format!("{s}i");
    } else if ["sses", "ches", "shes", "xes", "zes"].iter().any(|s| w.ends_with(s)) {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // -ed, -ing, when a vowel stays in a stem of three letters or more.
    let has_vowel = |s: &str| s.bytes().any(|b| b"aeiouy".contains(&b));
    for suffix in ["ing", "ed"] {
        if w.ends_with("eed") {
            break;
        }
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 && has_vowel(s) {
                w.truncate(s.len());
                let b = w.as_bytes();
                let n = b.len();
                if n >= 2 && b[n - 1] == b[n - 2] && b"bdfgmnprt".contains(&b[n - 1]) {
                    w.pop();
                }
                break;
            }
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    if w.len() > 3 && w.ends_with('y') && !b"aeiou".contains(&w.as_bytes()[w.len() - 2]) {
        w.pop();
        w.push('i');
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let got: Vec<String> = tokens(text).into_iter().map(|(s, e, n)| format!("{n}@{s}..{e}")).collect();
        assert_eq!(got.join(" "), expected, "{text:?}");
    }

    #[test]
    fn words_numbers_apostrophes() {
        check("Iran’s police", "iran@0..8 police@9..15");
        check("Zürich = ZURICH", "zurich@0..7 zurich@10..16");
        check("1,100 kilograms; 11.7 kg.", "1100@0..5 kilograms@6..15 11.7@17..21 kg@22..24");
        check("Takht-e-Ravanchi", "takht@0..5 e@6..7 ravanchi@8..16");
        check("2012-2014, 44-day", "2012@0..4 2014@5..9 44@11..13 day@14..17");
        check("O'Brien's Ə", "obrien@0..9 e@10..12");
        check("e\u{301}cole", "ecole@0..7");
        check("Москва", "москва@0..12");
        // Arabic-script variants fold to one letter; a zero-width non-joiner inside a word is part
        // of it and dropped, as are tatweel and harakat. The dotless ı stays apart from i (Turkish and
        // Azerbaijani tell them apart); İ is an i with a dot, and folds to i.
        check("هروئین هروئين", "هروئين@0..12 هروئين@13..25");
        check("می\u{200C}خواهم \u{200C}كتاب\u{200C}", "ميخواهم@0..17 كتاب@21..29");
        check("مـــدرسَة", "مدرسه@0..18");
        check("Kılıç", "kılıc@0..8");
        check("Kılıç İzmir", "kılıc@0..8 izmir@9..15");
    }

    fn check_terms(text: &str, expected: &str) {
        let mut got = Vec::new();
        for_each_term(text, |t| {
            got.push(format!("{}{}@{}:{}..{}", if t.joined { "+" } else { "" }, t.norm, t.position, t.start, t.end))
        });
        assert_eq!(got.join(" "), expected, "{text:?}");
    }

    #[test]
    fn compounds_are_also_read_joined() {
        check_terms("free wi-fi access", "free@0:0..4 +wifi@1:5..10 wi@1:5..7 fi@2:8..10 access@3:11..17");
        check_terms("Takht-e-Ravanchi's", "+takhteravanchi@0:0..18 takht@0:0..5 e@1:6..7 ravanchi@2:8..18");
        check_terms(
            "co\u{AD}operation, e‐mail",
            "+cooperation@0:0..13 co@0:0..2 operation@1:4..13 +email@2:15..23 e@2:15..16 mail@3:19..23",
        );
        check_terms("COVID-19 F-16", "+covid19@0:0..8 covid@0:0..5 19@1:6..8 +f16@2:9..13 f@2:9..10 16@3:11..13");
        // Numbers first, dashes, doubled or dangling hyphens: no compound.
        check_terms("2012-2014 44-day", "2012@0:0..4 2014@1:5..9 44@2:10..12 day@3:13..16");
        check_terms(
            "Sistan–Baluchestan wi--fi wi- fi -x y-",
            "sistan@0:0..6 baluchestan@1:9..20 wi@2:21..23 fi@3:25..27 wi@4:28..30 fi@5:32..34 x@6:36..37 y@7:38..39",
        );
        check_terms("a-b-", "+ab@0:0..3 a@0:0..1 b@1:2..3");
    }

    #[test]
    fn stems_group_inflections() {
        for (w, s) in [
            ("seize", "seiz"),
            ("seized", "seiz"),
            ("seizing", "seiz"),
            ("seizures", "seizur"),
            ("drugs", "drug"),
            ("agencies", "agenci"),
            ("agency", "agenci"),
            ("smuggling", "smuggl"),
            ("smuggled", "smuggl"),
            ("stopped", "stop"),
            ("news", "news"),
            ("iran", "iran"),
            ("boxes", "box"),
            ("status", "status"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn stopwords_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }
}
