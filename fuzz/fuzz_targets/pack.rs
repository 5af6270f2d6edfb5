//! Any bytes after the pack magic: reading is an error or a pack that searches without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = corpus::pack::MAGIC.to_vec();
    bytes.extend_from_slice(data);
    if let Ok(loaded) = corpus::pack::read(&bytes) {
        let opts = corpus::search::SearchOptions::default();
        for q in ["heroin", "\"joint operations\"", "meth*", "Astara~", "kg:>5", "person:x"] {
            corpus::search::search_text(&loaded.corpus, &loaded.index, q, &opts, Some(&loaded.extraction));
        }
        let all: Vec<u32> = (0..loaded.corpus.len() as u32).collect();
        loaded.extraction.network(&all, 30, 90);
    }
});
