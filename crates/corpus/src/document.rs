//! The document model every format is ingested into.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// One document of a corpus. `body` is the cleaned text that every char range
/// (snippets, entity mentions, event evidence) points into, as UTF-8 byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the file's path without its extension (`politics/001`), a record's own id field, or
    /// `path-N` for the N-th record of a file.
    pub id: String,
    /// Where it came from: the file's path relative to what was loaded (the file's name when a file was
    /// named, its path inside a folder that was), and for a record its place in the file, as messages
    /// name it (`news.jsonl:12`, `export.json [3]`).
    pub path: String,
    pub title: String,
    /// Publication date, if the document states one.
    pub date: Option<Date>,
    /// The outlet or agency that published it ("Caspian News", "Itar-Tass").
    pub source: Option<String>,
    pub url: Option<String>,
    /// A dateline place such as "MOSCOW", if the story opens with one.
    pub dateline: Option<String>,
    pub body: String,
    /// Per-document notes from ingestion: guesses, repairs, dropped parts.
    pub warnings: Vec<String>,
}

impl Document {
    pub fn n_chars(&self) -> usize {
        self.body.chars().count()
    }
}
