//! Any bytes, as any supported format: ingestion returns documents and diagnostics, never panics,
//! and every document's title and body are valid text the rest of the core can index.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn lexicon() -> &'static corpus::extract::Lexicon {
    static LEXICON: OnceLock<corpus::extract::Lexicon> = OnceLock::new();
    LEXICON.get_or_init(corpus::extract::Lexicon::builtin)
}

const NAMES: [&str; 9] = ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.csv", "a.tsv", "a.sgm", "a"];

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let name = NAMES[which as usize % NAMES.len()];
    let (corpus, _) = corpus::Corpus::from_files([(name, bytes)]);
    let index = corpus::index::Index::build(&corpus);
    let extraction = corpus::extract::extract(&corpus, lexicon());
    for e in &extraction.entities {
        for m in &e.mentions {
            assert!(corpus.docs()[m.doc as usize].body.get(m.start..m.end).is_some());
        }
    }
    let _ = index.n_docs();
});
