//! Any bytes after the pack magic: reading is an error or a pack that searches without panicking,
//! alone and appended to itself (as collection shards are). The same bytes as a collection
//! manifest: a value or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = corpus::pack::Manifest::parse(&String::from_utf8_lossy(data));
    let mut bytes = corpus::pack::MAGIC.to_vec();
    bytes.extend_from_slice(data);
    if let Ok(loaded) = corpus::pack::read(&bytes) {
        let mut twice = loaded.clone();
        twice.append(loaded.clone());
        for l in [&loaded, &twice] {
            let opts = corpus::search::SearchOptions::default();
            for q in ["heroin", "\"joint operations\"", "meth*", "Astara~", "kg:>5", "person:x"] {
                corpus::search::search_text(&l.corpus, &l.index, q, &opts, Some(&l.extraction));
            }
            let all: Vec<u32> = (0..l.corpus.len() as u32).collect();
            l.extraction.network(&all, 30, 90);
        }
    }
});
