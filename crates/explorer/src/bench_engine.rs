//! The search engine alone, for the benchmark page (tests/e2e/bench): ingestion of every format, the
//! index, search and snippets, the same code the explorer and its worker run, without extraction, packs
//! or views (the other engines there have none either). `cargo xtask bench-web` builds it like the site's
//! modules (`opt-level = "z"`, LTO, wasm-opt -Oz); `cargo xtask test` builds it too and holds it to issue
//! 6's budget of 140 KB gzipped. It is not part of the site.

use corpus::index::Index;
use corpus::Corpus;
use wasm_bindgen::prelude::*;

fn main() {}

/// An index over JSON Lines, as the benchmark page drives it.
#[wasm_bindgen]
pub struct BenchIndex {
    corpus: Corpus,
    index: Index,
}

#[wasm_bindgen]
impl BenchIndex {
    /// Ingests JSON Lines (`{"id", "title", "body"}` per line) and indexes them.
    #[wasm_bindgen(constructor)]
    pub fn new(jsonl: &[u8]) -> BenchIndex {
        let mut corpus = Corpus::new();
        corpus.add_file("bench.jsonl", jsonl);
        let index = Index::build(&corpus);
        BenchIndex { corpus, index }
    }

    pub fn docs(&self) -> u32 {
        self.corpus.len() as u32
    }

    /// Runs a query for the top 10 (ranked, with snippets) and returns how many documents match.
    pub fn search(&self, query: &str) -> u32 {
        let opts = corpus::search::SearchOptions { limit: 10, ..Default::default() };
        corpus::search::search_text(&self.corpus, &self.index, query, &opts, None).total as u32
    }

    /// Ranks the matches of a query and returns how many documents match; the top 10 document
    /// numbers are computed but no snippets (what the other engines return: ids and scores).
    pub fn rank(&self, query: &str) -> u32 {
        let opts = corpus::search::SearchOptions { limit: 10, ..Default::default() };
        corpus::search::search_ids(&self.index, query, &opts, None).0 as u32
    }

    /// Bytes of the index (postings, positions, dictionary and tables), without the documents.
    pub fn index_bytes(&self) -> f64 {
        self.index.size_bytes().total() as f64
    }
}

/// Bytes of the module's linear memory.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    explorer::wasm_memory_bytes() as f64
}
