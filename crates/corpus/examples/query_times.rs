//! Times each query of a list on a JSON Lines corpus, natively: the same ingestion, index and ranking
//! the browser benchmark runs (`search_ids`, top 10), to find where a query's time goes (run it under
//! `valgrind --tool=callgrind` for a profile).
//!
//! ```sh
//! cargo run --release -p corpus --example query_times -- corpus.jsonl queries.txt [repetitions]
//! ```

use corpus::index::Index;
use corpus::Corpus;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus_path), Some(queries_path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: query_times CORPUS.jsonl QUERIES.txt [REPETITIONS]");
        std::process::exit(2);
    };
    let reps: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let data = std::fs::read(corpus_path).expect("reading the corpus");
    let queries = std::fs::read_to_string(queries_path).expect("reading the queries");
    let mut corpus = Corpus::new();
    corpus.add_file("bench.jsonl", &data);
    let index = Index::build(&corpus);
    let opts = corpus::search::SearchOptions { limit: 10, ..Default::default() };
    let mut times = Vec::new();
    for q in queries.lines().filter(|l| !l.trim().is_empty()) {
        let start = Instant::now();
        let mut matches = 0;
        for _ in 0..reps {
            matches = corpus::search::search_ids(&index, q, &opts, None).0;
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / reps as f64;
        times.push(us);
        println!("{us:8.2} µs  {matches:6}  {q}");
    }
    times.sort_by(f64::total_cmp);
    if let Some(mid) = times.get(times.len() / 2) {
        println!("median {mid:.2} µs over {} queries", times.len());
    }
}
