//! Search benchmark on a seeded synthetic news-like corpus (not a test: prints figures for
//! docs/benchmarks.md).
//!
//! `cargo run --release -p corpus --example bench -- [--docs 1000,10000,100000] [--queries 2000] [--news-mb 20]`
//!
//! The generator draws words from a Zipf distribution over a 60k-word vocabulary (real drug-news
//! words at the head, synthetic words in the tail), in sentences of 6–28 words, paragraphs of 2–5
//! sentences, documents of 1–4 paragraphs (≈1 KB on average), with dates, sources and numbers.

use corpus::index::Index;
use corpus::query::parse;
use corpus::search::{search, SearchOptions};
use corpus::{Corpus, Document};
use std::time::Instant;

const HEAD: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "drug",
    "police",
    "said",
    "on",
    "for",
    "border",
    "heroin",
    "was",
    "iran",
    "with",
    "seized",
    "by",
    "kilograms",
    "customs",
    "smuggling",
    "azerbaijan",
    "from",
    "at",
    "that",
    "as",
    "forces",
    "operation",
    "trafficking",
    "cooperation",
    "minister",
    "interior",
    "anti",
    "narcotics",
    "province",
    "gang",
    "opium",
    "methamphetamine",
    "truck",
    "arrested",
    "agreement",
    "signed",
    "meeting",
    "officials",
    "international",
    "unodc",
    "russia",
    "afghanistan",
    "tons",
    "checkpoint",
    "service",
    "security",
    "general",
    "brigadier",
    "chief",
];

/// "Typical" query words are drawn uniformly from this many most frequent words (function words excluded).
const TYPICAL_RANKS: usize = 5_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Generator {
    rng: Rng,
    vocab: Vec<String>,
    cumulative: Vec<f64>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        let mut rng = Rng(seed);
        let onsets =
            ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "kh", "ch", "br", "st"];
        let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ia"];
        let mut vocab: Vec<String> = HEAD.iter().map(|s| s.to_string()).collect();
        let mut seen: std::collections::HashSet<String> = vocab.iter().cloned().collect();
        while vocab.len() < 60_000 {
            let syllables = 1 + rng.below(4);
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(onsets[rng.below(onsets.len())]);
                w.push_str(vowels[rng.below(vowels.len())]);
            }
            if rng.below(3) == 0 {
                w.push_str(["n", "r", "s", "d", "v", "ov"][rng.below(6)]);
            }
            if seen.insert(w.clone()) {
                vocab.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..vocab.len())
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(1.07);
                total
            })
            .collect::<Vec<f64>>();
        let cumulative = cumulative.into_iter().map(|c| c / total).collect();
        Generator { rng, vocab, cumulative }
    }

    fn word(&mut self) -> usize {
        let u = self.rng.unit();
        self.cumulative.partition_point(|&c| c < u).min(self.vocab.len() - 1)
    }

    fn document(&mut self, i: usize) -> Document {
        let mut body = String::new();
        for p in 0..1 + self.rng.below(4) {
            if p > 0 {
                body.push_str("\n\n");
            }
            for s in 0..2 + self.rng.below(4) {
                if s > 0 {
                    body.push(' ');
                }
                let n = 6 + self.rng.below(23);
                for k in 0..n {
                    if k > 0 {
                        body.push(' ');
                    }
                    if self.rng.below(40) == 0 {
                        body.push_str(&format!("{},{:03}", 1 + self.rng.below(9), self.rng.below(1000)));
                        continue;
                    }
                    let w = self.word();
                    let word = &self.vocab[w];
                    if k == 0 || (w >= HEAD.len() && self.rng.below(8) == 0) {
                        let mut c = word.chars();
                        body.extend(c.next().map(|f| f.to_ascii_uppercase()));
                        body.push_str(c.as_str());
                    } else {
                        body.push_str(word);
                    }
                }
                body.push('.');
            }
        }
        let n_title = 4 + self.rng.below(6);
        let title_words: Vec<usize> = (0..n_title).map(|_| self.word()).collect();
        let title = title_words.iter().map(|&w| self.vocab[w].as_str()).collect::<Vec<_>>().join(" ");
        let year = 2005 + self.rng.below(20) as i32;
        Document {
            id: format!("doc-{i}"),
            path: format!("doc-{i}"),
            title,
            date: corpus::Date::ymd(year, 1 + self.rng.below(12) as u32, 1 + self.rng.below(28) as u32),
            source: Some(
                ["Tasnim", "Trend", "Itar-Tass", "Caspian News", "IRNA", "Reuters", "AzerNews"][self.rng.below(7)]
                    .to_string(),
            ),
            url: None,
            dateline: None,
            body,
            warnings: Vec::new(),
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let sizes: Vec<usize> = arg("--docs")
        .unwrap_or_else(|| "1000,10000,100000".into())
        .split(',')
        .map(|s| s.parse().expect("--docs"))
        .collect();
    let n_queries: usize = arg("--queries").map_or(2000, |s| s.parse().expect("--queries"));
    let news_mb: usize = arg("--news-mb").map_or(20, |s| s.parse().expect("--news-mb"));
    extraction_on_news(news_mb);

    println!(
        "| docs | corpus MB | build s | build MB/s | index B/corpus B | query | p50 ms | p95 ms | p99 ms | mean hits |"
    );
    println!("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
    for &n in &sizes {
        let mut g = Generator::new(42);
        let mut corpus = Corpus::new();
        for i in 0..n {
            corpus.add(g.document(i));
        }
        let bytes: usize = corpus.docs().iter().map(|d| d.body.len() + d.title.len()).sum();
        let t = Instant::now();
        let index = Index::build(&corpus);
        let build = t.elapsed().as_secs_f64();
        let size = index.size_bytes();
        let mb = bytes as f64 / 1e6;

        // Two query sets. "hard": words drawn by their frequency in the text (rank 20 and below, so
        // many match a third of the corpus), and phrases of two adjacent words from the text (often
        // function words). "typical": content words drawn uniformly from the 5,000 most frequent, and phrases of
        // two adjacent content words from the text.
        let mut qrng = Rng(7);
        let mut sets: Vec<(&str, Vec<String>)> = [
            "one word, hard",
            "two words, hard",
            "phrase, hard",
            "one word, typical",
            "two words, typical",
            "phrase, typical",
        ]
        .iter()
        .map(|n| (*n, Vec::new()))
        .collect();
        let content = |w: &str| !corpus::text::is_stopword(&w.to_lowercase()) && w.chars().all(char::is_alphabetic);
        while sets[5].1.len() < n_queries || sets[0].1.len() < n_queries {
            if sets[0].1.len() < n_queries {
                let hard = |g: &mut Generator| {
                    let w = g.word().max(20);
                    g.vocab[w].clone()
                };
                let (a, b, c) = (hard(&mut g), hard(&mut g), hard(&mut g));
                sets[0].1.push(a);
                sets[1].1.push(format!("{b} {c}"));
                let uniform =
                    |r: &mut Rng, g: &Generator| g.vocab[HEAD.len() + r.below(TYPICAL_RANKS - HEAD.len())].clone();
                let (d, e, f) = (uniform(&mut qrng, &g), uniform(&mut qrng, &g), uniform(&mut qrng, &g));
                sets[3].1.push(d);
                sets[4].1.push(format!("{e} {f}"));
            }
            let doc = &corpus.docs()[qrng.below(n)];
            let words: Vec<&str> =
                doc.body.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
            let at = qrng.below(words.len().saturating_sub(2).max(1));
            let pair = &words[at..(at + 2).min(words.len())];
            if sets[2].1.len() < n_queries {
                sets[2].1.push(format!("\"{}\"", pair.join(" ")));
            }
            if sets[5].1.len() < n_queries && pair.len() == 2 && pair.iter().all(|w| content(w)) {
                sets[5].1.push(format!("\"{}\"", pair.join(" ")));
            }
        }
        let opts = SearchOptions { limit: 10, ..SearchOptions::default() };
        let only = std::env::var("BENCH_ONLY").ok();
        for (name, queries) in sets.iter().map(|(n, q)| (*n, q)) {
            if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
                continue;
            }
            let mut times = Vec::with_capacity(queries.len());
            let mut hits = 0usize;
            for q in queries.iter() {
                let t = Instant::now();
                let (query, _) = parse(q);
                let r = search(&corpus, &index, &query, &opts, None);
                times.push(t.elapsed().as_secs_f64() * 1e3);
                hits += r.total;
            }
            if std::env::var("BENCH_SLOWEST").is_ok() {
                let mut worst: Vec<(f64, &String)> = Vec::new();
                for q in queries.iter() {
                    let t = Instant::now();
                    let r = search(&corpus, &index, &parse(q).0, &opts, None);
                    worst.push((t.elapsed().as_secs_f64() * 1e3, q));
                    std::hint::black_box(r);
                }
                worst.sort_by(|a, b| b.0.total_cmp(&a.0));
                for (ms, q) in worst.iter().take(5) {
                    let words = corpus::text::normalize_words(q);
                    let dfs: Vec<u32> = words
                        .iter()
                        .map(|w| index.term_id(w).map_or(0, |t| index.df(corpus::index::Field::Body, t)))
                        .collect();
                    let (parsed, _) = parse(q);
                    let t = Instant::now();
                    let m = corpus::search::Matcher::new(&index, &parsed, &opts, None);
                    let set = m.matches();
                    let t_match = t.elapsed().as_secs_f64() * 1e3;
                    eprintln!("slow {name}: {ms:.2} ms {q} dfs={dfs:?} hits={} match={t_match:.2} ms", set.len());
                }
            }
            times.sort_by(f64::total_cmp);
            if std::env::var("BENCH_STAGES").is_ok() {
                let (mut t_match, mut t_search) = (0.0, 0.0);
                for q in queries.iter() {
                    let (query, _) = parse(q);
                    let t = Instant::now();
                    let m = corpus::search::Matcher::new(&index, &query, &opts, None);
                    let set = m.matches();
                    t_match += t.elapsed().as_secs_f64() * 1e3;
                    let t = Instant::now();
                    let _ = search(&corpus, &index, &query, &SearchOptions { snippet_chars: 0, ..opts.clone() }, None);
                    t_search += t.elapsed().as_secs_f64() * 1e3;
                    std::hint::black_box(set);
                }
                eprintln!(
                    "{name}: match {:.3} ms, search without snippets {:.3} ms (mean)",
                    t_match / queries.len() as f64,
                    t_search / queries.len() as f64
                );
            }
            println!(
                "| {n} | {mb:.1} | {build:.2} | {:.1} | {:.3} | {name} | {:.3} | {:.3} | {:.3} | {:.0} |",
                mb / build,
                // The index as stored (what a pack holds); what is derived in memory is printed below.
                (size.total() - size.derived) as f64 / bytes as f64,
                percentile(&times, 0.5),
                percentile(&times, 0.95),
                percentile(&times, 0.99),
                hits as f64 / queries.len() as f64
            );
        }
        // The built-in lexicon (world gazetteer, name and word lists) is loaded once per run, so
        // its load time is reported apart from the extraction's throughput.
        let t = Instant::now();
        let lexicon = corpus::extract::Lexicon::builtin();
        let extractor = corpus::extract::Extractor::new(&lexicon);
        let load_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let x = extractor.extract(&corpus);
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{n} docs: lexicon and its tables ready in {load_ms:.1} ms ({} places); extraction {secs:.2} s ({:.1} MB/s), {} entities, {} events",
            lexicon.places.len(),
            mb / secs,
            x.entities.len(),
            x.events.len()
        );
        eprintln!(
            "{n} docs: terms {}, dictionary {} B, doc postings {} B, positions {} B, tables {} B, derived in memory {} B",
            index.n_terms(),
            size.dictionary,
            size.doc_postings,
            size.positions,
            size.tables,
            size.derived
        );
    }
}

/// Entity and event extraction on real reports: the blind set's 80 general-news reports
/// (tests/fixtures/ner) and the five seeds, repeated to `mb` megabytes, natively. The synthetic corpus
/// below has names in few of its words, so it says little about the name finder's speed.
fn extraction_on_news(mb: usize) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for name in ["tests/fixtures/ner/dev.jsonl", "tests/fixtures/ner/heldout.jsonl"] {
        files.push((name.to_string(), std::fs::read(format!("{root}/{name}")).expect("the blind set's reports")));
    }
    let mut seeds: Vec<_> = std::fs::read_dir(format!("{root}/seeds"))
        .expect("seeds/")
        .map(|e| e.expect("a seed").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    for p in seeds {
        files.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).expect("a seed")));
    }
    let mut corpus = Corpus::new();
    let mut round = 0;
    while corpus.docs().iter().map(|d| d.body.len()).sum::<usize>() < mb * 1_000_000 {
        round += 1;
        for (name, bytes) in &files {
            corpus.add_file(&format!("r{round}/{name}"), bytes);
        }
    }
    let bytes: usize = corpus.docs().iter().map(|d| d.body.len()).sum();
    let t = Instant::now();
    let lexicon = corpus::extract::Lexicon::builtin();
    let extractor = corpus::extract::Extractor::new(&lexicon);
    let ready = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let x = extractor.extract(&corpus);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "extraction on news: {} documents, {:.1} MB of text, {secs:.2} s, {:.1} MB/s ({} entities, {} events; lexicon and tables ready in {:.0} ms)",
        corpus.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        x.entities.len(),
        x.events.len(),
        ready * 1000.0
    );
}
