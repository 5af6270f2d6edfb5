//! The lexicon of npm `compromise` (MIT), as the library builds it (`nlp.world().model.one.lexicon`):
//! run once with Node on the package's self-contained CommonJS build, every word with its tags.
//! The words are in lower case; [`title_case`] restores capitals as well as a word list allows.

use super::fetch::ensure_shape;
use super::words::Words;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

/// Prints the lexicon as JSON: `{word: [tag, …]}`.
const DUMP: &str = r#"
const nlp = require(process.argv[1]);
const lex = nlp.world().model.one.lexicon;
const out = {};
for (const [word, tags] of Object.entries(lex)) out[word] = Array.isArray(tags) ? tags : [tags];
process.stdout.write(JSON.stringify(out));
"#;

pub struct Lexicon {
    /// Lower-case word or phrase → its tags.
    pub words: BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    pub fn read(package: &Path) -> Result<Lexicon> {
        let build = package.join("package/builds/three/compromise-three.cjs");
        let out = Command::new("node")
            .arg("-e")
            .arg(DUMP)
            .arg(&build)
            .output()
            .context("running node to read compromise's lexicon (Node.js comes with npm)")?;
        if !out.status.success() {
            bail!("node could not read compromise's lexicon: {}", String::from_utf8_lossy(&out.stderr).trim());
        }
        let words: BTreeMap<String, Vec<String>> =
            serde_json::from_slice(&out.stdout).context("compromise's lexicon as JSON")?;
        ensure_shape(words.len() > 20_000, "compromise's lexicon has fewer than 20,000 words")?;
        Ok(Lexicon { words })
    }

    /// The words carrying `tag` and none of `unless`, in order.
    pub fn tagged<'a>(&'a self, tag: &'a str, unless: &'a [&str]) -> impl Iterator<Item = &'a str> + 'a {
        self.words
            .iter()
            .filter(move |(_, tags)| {
                tags.iter().any(|t| t == tag) && !tags.iter().any(|t| unless.contains(&t.as_str()))
            })
            .map(|(w, _)| w.as_str())
    }
}

/// Words that stay in lower case inside a name ("Bank of America", "Guns n Roses").
const SMALL_WORDS: [&str; 10] = ["of", "the", "and", "for", "on", "in", "n", "de", "la", "du"];

/// The casing of a lower-case name, word by word:
/// - a word that starts with a digit stays as it is (`20th`, `49ers`, `4chan`);
/// - a name of one word of three letters or fewer that is no English word is an initialism
///   (`aig`, `ubs`, `eu`);
/// - an English word, a first name or surname, or a proper noun SCOWL capitalises only at its
///   start is capitalised (`al` → Al, `sox` → Sox, `who` → Who);
/// - a word SCOWL spells with inner capitals takes that spelling (`nasa` → NASA, `youtube` →
///   YouTube), except an all-capital spelling of four letters or more inside a longer name
///   (`coca cola` is not Coca COLA);
/// - a word with no vowel (`bbc`, `hsbc`, `jk`) is an initialism, and so is a word joined by `&`
///   or `/` of parts of two letters or fewer (`at&t`, `ac/dc`);
/// - any other word is capitalised, small words inside a name excepted (`Bank of America`).
pub fn title_case(name: &str, known: &Known<'_>) -> String {
    let one_word = !name.contains(' ');
    let mut out = Vec::new();
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 && SMALL_WORDS.contains(&word) {
            out.push(word.to_string());
        } else if word.contains(['&', '/']) && word.split(['&', '/']).all(|p| p.chars().count() <= 2) {
            out.push(word.to_uppercase());
        } else {
            out.push(case_word(word, one_word, known));
        }
    }
    out.join(" ")
}

/// Name lists and SCOWL's proper nouns by lower case, for [`title_case`].
pub struct Known<'a> {
    /// Common English words (lower case).
    pub common: &'a std::collections::BTreeSet<String>,
    /// Lower case → SCOWL's spelling, for entries with a capital past the first letter.
    pub spelled: HashMap<String, &'a str>,
    /// Lower-case first names, surnames and common words.
    pub ordinary: std::collections::HashSet<String>,
}

impl<'a> Known<'a> {
    pub fn new(words: &'a Words, names: impl IntoIterator<Item = &'a String>) -> Known<'a> {
        let mut spelled = HashMap::new();
        for p in &words.proper {
            if p.chars().skip(1).any(char::is_uppercase) {
                // The first spelling in sort order wins: "NASA" over "NaSA" if both were there.
                spelled.entry(p.to_lowercase()).or_insert(p.as_str());
            }
        }
        let mut ordinary: std::collections::HashSet<String> = words.common.iter().cloned().collect();
        ordinary.extend(names.into_iter().map(|n| n.to_lowercase()));
        ordinary.extend(
            words.proper.iter().filter(|p| !p.chars().skip(1).any(char::is_uppercase)).map(|p| p.to_lowercase()),
        );
        Known { common: &words.common, spelled, ordinary }
    }
}

fn case_word(word: &str, one_word: bool, known: &Known<'_>) -> String {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return word.to_string();
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if one_word && letters.len() <= 3 && !known.common.contains(word) {
        return word.to_uppercase();
    }
    if known.ordinary.contains(word) {
        return capitalise(word);
    }
    if let Some(s) = known.spelled.get(word) {
        let shouting = s.chars().count() >= 4 && !s.chars().any(char::is_lowercase);
        if one_word || !shouting {
            return (*s).to_string();
        }
    }
    let vowels = letters.iter().filter(|c| "aeiouy".contains(**c)).count();
    if !letters.is_empty() && vowels == 0 {
        return word.to_uppercase();
    }
    capitalise(word)
}

/// "coca-cola" → "Coca-Cola"; "o'neill" → "O'Neill".
fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.push(c);
            start = matches!(c, '-' | '\'');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cased_as_news_writes_them() {
        let words = Words {
            common: ["who", "cross", "red", "pan", "am"].into_iter().map(String::from).collect(),
            proper: ["NASA", "YouTube", "COLA", "Al", "Eu"].into_iter().map(String::from).collect(),
        };
        let first = vec![String::from("Barack")];
        let known = Known::new(&words, &first);
        let cases = [
            ("nasa", "NASA"),
            ("youtube", "YouTube"),
            ("coca cola", "Coca Cola"),
            ("al qaeda", "Al Qaeda"),
            ("bbc", "BBC"),
            ("aig", "AIG"),
            ("eu", "EU"),
            ("at&t", "AT&T"),
            ("the who", "The Who"),
            ("red cross", "Red Cross"),
            ("pan am", "Pan Am"),
            ("bank of america", "Bank of America"),
            ("20th century fox", "20th Century Fox"),
            ("barack obama", "Barack Obama"),
            ("jk rowling", "JK Rowling"),
            ("coca-cola", "Coca-Cola"),
        ];
        for (lower, want) in cases {
            assert_eq!(title_case(lower, &known), want, "{lower}");
        }
    }
}
