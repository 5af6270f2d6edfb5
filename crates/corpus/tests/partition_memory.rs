//! A query on a partitioned collection allocates little beyond the files it holds, however long its
//! lists: the ranking reads the held postings where they are. It used to copy every held posting
//! of the query's lists (with its score) and list every document seen, several times the postings'
//! own size: in the search worker, whose wasm memory never shrinks, 12 queries pairing words found
//! in most of 1,000,000 documents raised it to 143 MB. Measured exactly by a counting allocator (this
//! test binary's own).

use corpus::partition::{self, Collection, Layout, SearchRequest, ROOT_FILE};
use corpus::search::SearchOptions;
use counting_alloc::peak_of;
use std::collections::BTreeMap;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// `n` reports, every one with `police` and most with `heroin`, of a few lengths (so that scores
/// differ): two lists of about `n` postings.
fn reports(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let heroin = if i % 7 == 3 { "" } else { " heroin" };
        let filler = ["market", "border", "customs seized", "talks agreed here"][i % 4];
        out.push_str(&format!(
            "{{\"id\":\"r{i}\",\"title\":\"Report {i}\",\"body\":\"police {filler}{heroin} {}\"}}\n",
            ["", "police", "heroin heroin", "rose"][i * 7 % 4]
        ));
    }
    out
}

#[test]
fn a_query_over_long_held_lists_allocates_little() {
    let text = reports(40_000);
    let (corpus, _) = corpus::Corpus::from_files([("reports.jsonl", text.as_bytes())]);
    let index = corpus::index::Index::build(&corpus);
    let layout = Layout { lead: 32, chunk: 256, tiers: 4, fine: 64, block_bytes: 4096, gzip: false };
    let mut files = BTreeMap::new();
    let written = partition::write(&corpus, &index, None, layout, &mut |path, bytes| {
        files.insert(path.to_string(), bytes.to_vec());
    });
    let id = written.folder().to_string();
    let files: BTreeMap<String, Vec<u8>> =
        files.into_iter().map(|(p, b)| (p.strip_prefix("_/").map_or(p.clone(), |r| format!("{id}/{r}")), b)).collect();
    let mut c = Collection::open(&files[ROOT_FILE]).unwrap();
    let fetch = |paths: &[String]| -> Result<Vec<Vec<u8>>, partition::PartitionError> {
        Ok(paths.iter().map(|p| files[p].clone()).collect())
    };
    let opts = SearchOptions { limit: 10, ..SearchOptions::default() };
    // Every posting of both lists fetched and held (an exact count reads them all).
    let exact =
        SearchRequest { query: "police heroin".into(), opts: opts.clone(), exact_count: true, fragments: false };
    let first = c.run(|c| c.search(&exact), fetch).unwrap();
    let held = c.held_bytes();
    assert!(held > 500_000, "the lists hold {held} bytes: too short to tell");
    // The same query again, and with an estimate: nothing to fetch, only the ranking allocates.
    let again = SearchRequest { exact_count: false, ..exact.clone() };
    for req in [&exact, &again] {
        let (r, peak) = peak_of(|| c.run(|c| c.search(req), fetch).unwrap());
        let top = |r: &partition::Results| r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect::<Vec<_>>();
        assert_eq!(top(&r), top(&first), "the same top 10");
        eprintln!("exact count {}: peak {peak} bytes beyond the {held} held", req.exact_count);
        assert!(peak * 20 < held, "a query over held lists allocated {peak} bytes, with {held} held");
    }
}
