//! Any query string against the seed corpus: parsing is lenient and searching never panics;
//! snippets and highlights stay on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct Seeds {
    corpus: corpus::Corpus,
    index: corpus::index::Index,
    extraction: corpus::extract::Extraction,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../seeds");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        let (corpus, _) = corpus::Corpus::from_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        let index = corpus::index::Index::build(&corpus);
        let extraction = corpus::extract::extract(&corpus, &corpus::extract::Lexicon::builtin());
        Seeds { corpus, index, extraction }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(q) = std::str::from_utf8(data) else { return };
    let s = seeds();
    let opts = corpus::search::SearchOptions::default();
    let r = corpus::search::search_text(&s.corpus, &s.index, q, &opts, Some(&s.extraction));
    for h in &r.hits {
        for &(a, b) in &h.snippet.highlights {
            assert!(h.snippet.text.get(a..b).is_some());
        }
    }
    let (parsed, _) = corpus::query::parse(q);
    let matcher = corpus::search::Matcher::new(&s.index, &parsed, &opts, Some(&s.extraction));
    let _ = corpus::kwic::kwic(&s.corpus, &matcher, &corpus::kwic::KwicOptions::default());
});
