//! A partitioned collection answers as the in-memory index does.

use super::*;
use crate::document::Document;
use crate::extract::Extraction;
use crate::search::{search_ids, Matcher};
use crate::Corpus;
use std::collections::BTreeMap;

/// A small deterministic generator (xorshift), so the corpus and queries are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Zipf-like: small indexes far more often.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) - 1.0) as usize % n
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "police",
    "seized",
    "seize",
    "seizes",
    "seizure",
    "heroin",
    "border",
    "market",
    "markets",
    "prices",
    "price",
    "oil",
    "bank",
    "banks",
    "minister",
    "ministers",
    "election",
    "elected",
    "team",
    "match",
    "goal",
    "goals",
    "court",
    "trade",
    "trading",
    "traders",
    "shares",
    "rose",
    "fell",
    "talks",
    "agreement",
    "agreed",
    "smuggling",
    "smugglers",
    "customs",
    "opium",
    "cocaine",
    "tons",
    "growth",
    "inflation",
    "rates",
    "rate",
    "league",
    "coach",
    "players",
    "player",
    "vote",
    "voters",
    "parliament",
    "budget",
    "tax",
    "taxes",
    "company",
    "companies",
    "profit",
    "profits",
    "quarter",
    "analysts",
    "analyst",
    "said",
    "would",
    "could",
    "year",
    "years",
];

fn corpus(n: usize, seed: u64) -> Corpus {
    dated_corpus(n, seed, false)
}

/// Sources, some differing only in case (one filter list), and none for some documents.
const SOURCES: &[&str] = &["Reuters", "BBC", "bbc", "Tass", "Caspian News"];

/// [`corpus`], with dates and sources on the generated documents when `dated`: some of a day,
/// some of a month or a year only, some undated, in no order.
fn dated_corpus(n: usize, seed: u64, dated: bool) -> Corpus {
    let mut rng = Rng(seed);
    let mut corpus = crate::tests::seeds();
    for i in 0..n {
        let len = 3 + rng.zipf(200);
        let body: Vec<&str> = (0..len).map(|_| WORDS[rng.zipf(WORDS.len())]).collect();
        let title: Vec<&str> = (0..1 + rng.zipf(6)).map(|_| WORDS[rng.zipf(WORDS.len())]).collect();
        let (date, source) = if dated {
            let r = rng.next();
            let date = match r % 10 {
                0 => None,
                1 => Some(crate::date::Date { year: 2015 + (r / 10 % 6) as i32, month: 0, day: 0 }),
                2 => {
                    Some(crate::date::Date { year: 2015 + (r / 10 % 6) as i32, month: 1 + (r / 60 % 12) as u8, day: 0 })
                }
                _ => Some(crate::date::Date {
                    year: 2015 + (r / 10 % 6) as i32,
                    month: 1 + (r / 60 % 12) as u8,
                    day: 1 + (r / 720 % 28) as u8,
                }),
            };
            (date, SOURCES.get((r >> 20) as usize % (SOURCES.len() + 1)).map(|s| s.to_string()))
        } else {
            (None, None)
        };
        corpus.add(Document {
            id: format!("gen-{i}"),
            path: format!("gen-{i}.txt"),
            title: title.join(" "),
            date,
            source,
            url: None,
            dateline: None,
            body: body.join(" "),
            warnings: Vec::new(),
        });
    }
    corpus
}

/// The collection's files in memory, and how many times a query went back for more.
struct Site {
    files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn build(corpus: &Corpus, layout: Layout) -> (Site, Collection) {
        Site::build_with(corpus, None, layout)
    }

    fn build_with(corpus: &Corpus, extraction: Option<&Extraction>, layout: Layout) -> (Site, Collection) {
        let index = Index::build(corpus);
        let mut files = BTreeMap::new();
        let written = write(corpus, &index, extraction, layout, &mut |path, bytes| {
            files.insert(path.to_string(), bytes.to_vec());
        });
        let id = written.folder().to_string();
        // With `gzip` the files are named `.gz`; kept as they are here, as if a reader had inflated them.
        let gz = if layout.gzip { ".gz" } else { "" };
        let files: BTreeMap<String, Vec<u8>> = files
            .into_iter()
            .map(|(p, b)| (p.strip_prefix("_/").map_or(p.clone(), |r| format!("{id}/{r}{gz}")), b))
            .collect();
        let c = Collection::open(&files[ROOT_FILE]).unwrap();
        (Site { files }, c)
    }

    /// Runs `req` to the end: the results, the rounds of fetches and the bytes fetched.
    fn run(&self, c: &mut Collection, req: &SearchRequest) -> (Results, usize, usize) {
        let (mut rounds, mut bytes) = (0, 0);
        let r = c.run(|c| c.search(req), |paths| self.fetch(paths, &mut rounds, &mut bytes)).unwrap();
        (r, rounds, bytes)
    }

    fn fetch(&self, paths: &[String], rounds: &mut usize, bytes: &mut usize) -> Result<Vec<Vec<u8>>, PartitionError> {
        *rounds += 1;
        let files: Vec<Vec<u8>> = paths
            .iter()
            .map(|p| self.files.get(p).unwrap_or_else(|| panic!("asked for {p}, which was not written")).clone())
            .collect();
        *bytes += files.iter().map(Vec::len).sum::<usize>();
        Ok(files)
    }
}

fn request(query: &str, exact_count: bool) -> SearchRequest {
    SearchRequest { query: query.to_string(), opts: top10(), exact_count, fragments: false }
}

fn sorted(query: &str, sort: Sort, exact_count: bool) -> SearchRequest {
    SearchRequest { opts: SearchOptions { sort, ..top10() }, ..request(query, exact_count) }
}

fn top10() -> SearchOptions {
    SearchOptions { limit: 10, ..SearchOptions::default() }
}

fn queries(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut w = || WORDS[rng.zipf(WORDS.len())].to_string();
    let mut out = Vec::new();
    for i in 0..n {
        let (a, b, c) = (w(), w(), w());
        out.push(match i % 10 {
            0 => a,
            1 => format!("{a} {b}"),
            2 => format!("{a} OR {b}"),
            3 => format!("{a} -{b}"),
            4 => format!("title:{a} {b}"),
            5 => format!("{}*", &a[..a.len().min(3)]),
            6 => format!("{a}~1 {b}"),
            7 => format!("({a} OR {b}) {c}"),
            8 => format!("{a} {b} {c}"),
            _ => format!("body:{a} OR title:{b}"),
        });
    }
    out.extend(["", "nosuchword", "nosuchword OR heroin", "seizing", "Heroin AZERBAIJAN"].map(String::from));
    out
}

/// The in-memory top 10 with scores, and the number of matches.
fn in_memory(index: &Index, query: &str) -> (usize, Vec<(u32, u32)>) {
    in_memory_sorted(index, query, Sort::Relevance)
}

fn in_memory_sorted(index: &Index, query: &str, sort: Sort) -> (usize, Vec<(u32, u32)>) {
    in_memory_with(index, None, query, sort)
}

fn in_memory_with(
    index: &Index,
    fields: Option<&dyn crate::search::FieldResolver>,
    query: &str,
    sort: Sort,
) -> (usize, Vec<(u32, u32)>) {
    let opts = SearchOptions { sort, ..top10() };
    let (total, top) = search_ids(index, query, &opts, fields);
    let (parsed, _) = crate::query::parse(query);
    let set = Matcher::new(index, &parsed, &opts, fields).matches();
    let score = |d: u32| set.scores[set.docs.binary_search(&d).unwrap()].to_bits();
    (total, top.into_iter().map(|d| (d, score(d))).collect())
}

#[test]
fn the_top_10_is_the_in_memory_top_10_for_hundreds_of_queries() {
    // Tiny blocks, heads and chunks, so that every query goes through several rounds of bounds.
    let layout = Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false };
    let corpus = corpus(1500, 0x9e37_79b9_7f4a_7c15);
    let index = Index::build(&corpus);
    let (site, mut c) = Site::build(&corpus, layout);
    let qs = queries(400, 7);
    let (mut compared, mut fewer) = (0, 0);
    for q in &qs {
        let (total, expected) = in_memory(&index, q);
        // A fresh reader (cold) and the one that has fetched for every query before (warm).
        let mut cold = Collection::open(&site.files[ROOT_FILE]).unwrap();
        for c in [&mut cold, &mut c] {
            let (r, _, _) = site.run(c, &request(q, false));
            let got: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
            assert_eq!(got, expected, "top 10 of {q:?}");
            match r.total {
                Total::Exact(n) => assert_eq!(n, total, "count of {q:?}"),
                Total::About(_) => fewer += 1,
            }
        }
        let (r, _, _) = site.run(&mut Collection::open(&site.files[ROOT_FILE]).unwrap(), &request(q, true));
        assert_eq!(r.total, Total::Exact(total), "exact count of {q:?}");
        compared += 1;
    }
    assert_eq!(compared, 405);
    // Most queries stop before reading everything (their count is an estimate).
    assert!(fewer > 200, "only {fewer} of {} answers read less than everything", 2 * qs.len());
}

/// Source and date filters, and date order: in a collection in no particular order, and in one in
/// date order (as `trawl pack` writes it), where date filters and date order read few runs.
#[test]
fn filters_and_date_order_answer_as_in_memory() {
    let layout = Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false };
    let mut rng = Rng(99);
    let mut w = || WORDS[rng.zipf(WORDS.len())].to_string();
    let mut qs: Vec<String> = Vec::new();
    for i in 0..60 {
        let (a, b) = (w(), w());
        qs.push(match i % 12 {
            0 => format!("{a} source:reuters"),
            1 => format!("{a} source:bbc"),
            2 => format!("{a} {b} date:2017"),
            3 => format!("{a} date:2016-03..2018-06-15"),
            4 => format!("source:tass OR {a}"),
            5 => format!("{a} -source:bbc"),
            6 => format!("{a} date:>2019-06"),
            7 => format!("({a} OR {b}) -date:2016..2019"),
            8 => format!("{a} {b}"),
            9 => a,
            10 => format!("{a} source:\"Caspian News\" date:..2017"),
            _ => format!("title:{a} OR {b}"),
        });
    }
    qs.extend(
        ["", "source:tass", "date:2018", "date:2018-02", "source:bbc date:2016", "source:nosuch", "-source:bbc"]
            .map(String::from),
    );
    let mut checked = 0;
    for in_order in [false, true] {
        let mut corpus = dated_corpus(1200, 5, true);
        if in_order {
            corpus = crate::partition::in_date_order(corpus);
        }
        let index = Index::build(&corpus);
        let (site, mut warm) = Site::build(&corpus, layout);
        let runs = postcard::from_bytes::<Vec<(u32, Option<Date>)>>(&site.files[&format!("{}/t", warm.root().id)]);
        let runs = runs.unwrap().len();
        if in_order {
            assert!(runs < 1000, "{runs} runs of one date in date order");
        }
        for q in &qs {
            for sort in Sort::ALL {
                let (total, expected) = in_memory_sorted(&index, q, sort);
                let mut cold = Collection::open(&site.files[ROOT_FILE]).unwrap();
                for c in [&mut cold, &mut warm] {
                    let (r, _, _) = site.run(c, &sorted(q, sort, false));
                    assert!(r.diagnostics.is_empty(), "{q:?}: {:?}", r.diagnostics);
                    let got: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
                    assert_eq!(got, expected, "top 10 of {q:?} by {sort:?} (in date order: {in_order})");
                    if let Total::Exact(n) = r.total {
                        assert_eq!(n, total, "count of {q:?}");
                    }
                }
                let (r, _, _) =
                    site.run(&mut Collection::open(&site.files[ROOT_FILE]).unwrap(), &sorted(q, sort, true));
                assert_eq!(r.total, Total::Exact(total), "exact count of {q:?} by {sort:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * 3 * 67);
}

/// A one-word query's sources and years come with its dictionary block, as memory counts them.
#[test]
fn one_word_queries_have_their_facets() {
    let layout = Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false };
    let corpus = crate::partition::in_date_order(dated_corpus(800, 8, true));
    let index = Index::build(&corpus);
    let (site, mut c) = Site::build(&corpus, layout);
    let mut words: Vec<&str> = WORDS.to_vec();
    words.extend(["heroin", "azerbaijan", "seizing", "nosuchword"]);
    for w in words {
        let expected = crate::search::search_text(&corpus, &index, w, &top10(), None).facets;
        let (r, _, _) = site.run(&mut Collection::open(&site.files[ROOT_FILE]).unwrap(), &request(w, false));
        if index.term_id(w).is_none() {
            // An unindexed word matches its stem's words: not stored, so not shown.
            assert_eq!(r.facets, None, "{w}");
            continue;
        }
        assert_eq!(r.facets.as_ref(), Some(&expected), "facets of {w}");
        assert!(!expected.years.is_empty() && !expected.sources.is_empty(), "{w} has facets to compare");
        let (r, _, _) = site.run(&mut c, &request(w, false));
        assert_eq!(r.facets.as_ref(), Some(&expected), "facets of {w}, warm");
    }
    // Other queries have none (their facets would need every posting).
    let (r, _, _) = site.run(&mut c, &request("police market", false));
    assert_eq!(r.facets, None);
}

/// Reports naming people, organisations, places, drugs, amounts and dates, for entity and event
/// filters.
fn news_corpus(n: usize, seed: u64) -> Corpus {
    const PEOPLE: &[&str] = &["Vladimir Putin", "Angela Merkel", "Iraj Kakavand", "Ghada Waly", "Emmanuel Macron"];
    const ORGS: &[&str] = &["UNODC", "Interpol", "the World Bank", "Gazprom", "the European Union"];
    const PLACES: &[&str] = &["Moscow", "Baku", "Tehran", "Paris", "Berlin", "Kabul", "Istanbul"];
    const DRUGS: &[&str] = &["heroin", "cocaine", "opium", "methamphetamine", "hashish"];
    const MONTHS: &[&str] = &["January", "March", "June", "September", "November"];
    let mut rng = Rng(seed);
    let mut corpus = crate::tests::seeds();
    for i in 0..n {
        let mut pick = |list: &[&'static str]| list[(rng.next() % list.len() as u64) as usize];
        let (person, org, place, drug, month) = (pick(PEOPLE), pick(ORGS), pick(PLACES), pick(DRUGS), pick(MONTHS));
        let (other, org2, place2) = (pick(PEOPLE), pick(ORGS), pick(PLACES));
        let (kg, day, year) = (1 + rng.next() % 900, 1 + rng.next() % 28, 2016 + rng.next() % 5);
        let body = format!(
            "{person} of {org} said on {month} {day}, {year} that police in {place} seized {kg} kg of {drug}. \
             {other}, speaking for {org2} in {place2}, said talks on smuggling would continue."
        );
        corpus.add(Document {
            id: format!("news-{i}"),
            path: format!("news-{i}.txt"),
            title: format!("{org} reports {drug} seizure in {place}"),
            date: Some(crate::date::Date { year: year as i32, month: 1 + (i % 12) as u8, day: 1 + (i % 28) as u8 }),
            source: None,
            url: None,
            dateline: None,
            body,
            warnings: Vec::new(),
        });
    }
    corpus
}

/// Entity and event filters, from the extraction the collection was written with.
#[test]
fn entity_and_event_filters_answer_as_in_memory() {
    let layout = Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false };
    let corpus = crate::partition::in_date_order(news_corpus(400, 23));
    let x = crate::tests::extractor().extract(&corpus);
    let index = Index::build(&corpus);
    let (site, mut warm) = Site::build_with(&corpus, Some(&x), layout);
    // The whole collection's entities and event totals are in the root, for the first screen.
    let all: Vec<u32> = (0..corpus.len() as u32).collect();
    let expected: Vec<(String, Vec<(String, u32)>)> = x
        .facets(&all, 20)
        .into_iter()
        .map(|(k, v)| (k.as_str().to_string(), v.into_iter().map(|(n, c)| (n, c as u32)).collect()))
        .collect();
    assert!(expected.iter().any(|(k, v)| k == "person" && v.len() >= 5), "{expected:?}");
    assert_eq!(warm.root().entities, expected);
    assert_eq!(warm.root().events.iter().map(|e| e.1 as usize).sum::<usize>(), x.events.len());
    let qs = [
        "person:putin",
        "person:\"vladimir putin\" heroin",
        "org:interpol",
        "org:unodc police",
        "place:baku",
        "place:moscow OR place:paris",
        "country:russia",
        "country:iran -place:tehran",
        "drug:heroin",
        "drug:opium seized",
        "kg:>500",
        "kg:100..200 heroin",
        "kg:<50",
        "when:2018",
        "when:2016..2018 seized",
        "event:seizure",
        "event:cooperation",
        "person:nosuch",
        "police -person:putin",
        "person:putin date:2018",
        "\"police in\" place:kabul",
        "smuggling kg:>100 when:..2019",
    ];
    let mut matched = 0;
    for q in qs {
        for sort in Sort::ALL {
            let (total, expected) = in_memory_with(&index, Some(&x), q, sort);
            matched += usize::from(total > 0);
            let mut cold = Collection::open(&site.files[ROOT_FILE]).unwrap();
            for c in [&mut cold, &mut warm] {
                let (r, _, _) = site.run(c, &sorted(q, sort, false));
                assert!(r.diagnostics.is_empty(), "{q:?}: {:?}", r.diagnostics);
                let got: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
                assert_eq!(got, expected, "top 10 of {q:?} by {sort:?}");
            }
            let (r, _, _) = site.run(&mut Collection::open(&site.files[ROOT_FILE]).unwrap(), &sorted(q, sort, true));
            assert_eq!(r.total, Total::Exact(total), "exact count of {q:?} by {sort:?}");
        }
    }
    assert!(matched >= 3 * (qs.len() - 1), "only {matched} of {} queries match", 3 * qs.len());
    // Without an extraction, the collection says so, as the in-memory search does without one.
    let (site, mut c) = Site::build(&corpus, layout);
    let (r, _, _) = site.run(&mut c, &request("person:putin", false));
    assert!(r.diagnostics.iter().any(|d| d.message.contains("not loaded")), "{:?}", r.diagnostics);
}

/// Phrases and NEAR, which read the documents' words once their postings are known.
#[test]
fn phrases_and_near_answer_as_in_memory() {
    let layout = Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false };
    let mut corpus = corpus(1500, 0x51ed);
    // Long documents, whose phrases lie past their fragments' text (in their own text files).
    for i in 0..3 {
        let body = format!("{} zebra crossing {}", "police seized heroin at the border. ".repeat(60 + i), "the end");
        corpus.add(Document {
            id: format!("long-{i}"),
            path: format!("long-{i}.txt"),
            title: "long".into(),
            date: None,
            source: None,
            url: None,
            dateline: None,
            body,
            warnings: Vec::new(),
        });
    }
    let index = Index::build(&corpus);
    let (site, mut warm) = Site::build(&corpus, layout);
    let texts = site.files.keys().filter(|p| p.contains("/x/")).count();
    assert!(texts >= 3 && texts < corpus.len() / 2, "{texts} text files: only long documents have one");
    let mut rng = Rng(17);
    let mut w = || WORDS[rng.zipf(WORDS.len())].to_string();
    let mut qs: Vec<String> = Vec::new();
    for i in 0..90 {
        let (a, b, c) = (w(), w(), w());
        qs.push(match i % 9 {
            0 => format!("\"{a} {b}\""),
            1 => format!("\"{a} {b} {c}\""),
            2 => format!("{a} NEAR/3 {b}"),
            3 => format!("\"{a} {b}\" NEAR/5 {c}"),
            4 => format!("title:\"{a} {b}\""),
            5 => format!("\"{a} {b}\" -{c}"),
            6 => format!("\"{a} {b}\" OR {c}"),
            7 => format!("{a} \"{b} {c}\""),
            _ => format!("body:\"{a} {b}\""),
        });
    }
    qs.extend(
        [
            "\"the police\"",
            "\"anti-narcotics police\"",
            "\"police chief\" NEAR/10 azerbaijan",
            "\"nosuch words\"",
            "\"zebra crossing\"",
            "zebra NEAR/2 end",
        ]
        .map(String::from),
    );
    let mut found = 0;
    for q in &qs {
        let (total, expected) = in_memory(&index, q);
        found += usize::from(total > 0);
        let mut cold = Collection::open(&site.files[ROOT_FILE]).unwrap();
        for c in [&mut cold, &mut warm] {
            let (r, _, _) = site.run(c, &request(q, false));
            assert!(r.diagnostics.is_empty(), "{q:?}: {:?}", r.diagnostics);
            let got: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
            assert_eq!(got, expected, "top 10 of {q:?}");
            if let Total::Exact(n) = r.total {
                assert_eq!(n, total, "count of {q:?}");
            }
        }
        let (r, _, _) = site.run(&mut Collection::open(&site.files[ROOT_FILE]).unwrap(), &request(q, true));
        assert_eq!(r.total, Total::Exact(total), "exact count of {q:?}");
    }
    assert!(found > 60, "only {found} of {} queries match anything", qs.len());
}

#[test]
fn a_common_word_reads_a_fraction_of_its_postings() {
    let layout = Layout { lead: 16, chunk: 32, tiers: 4, fine: 8, block_bytes: 1024, gzip: false };
    let corpus = corpus(3000, 42);
    let (site, mut c) = Site::build(&corpus, layout);
    let all_chunks: usize = site.files.iter().filter(|(p, _)| p.contains("/c/")).map(|(_, b)| b.len()).sum();
    let (r, rounds, bytes) = site.run(&mut c, &request("police market", false));
    assert_eq!(r.hits.len(), 10);
    eprintln!("police market: {bytes} bytes in {rounds} rounds; all chunks {all_chunks}");
    assert!(bytes * 10 < all_chunks, "read {bytes} bytes in {rounds} rounds; all chunks are {all_chunks}");
    // A phrase of two frequent words reads its gram's list, not each candidate document's text.
    let mut c = Collection::open(&site.files[ROOT_FILE]).unwrap();
    let mut texts = 0;
    let r = c
        .run(
            |c| c.search(&request("\"police the\"", false)),
            |paths| {
                texts += paths.iter().filter(|p| p.contains("/f/") || p.contains("/x/")).count();
                site.fetch(paths, &mut 0, &mut 0)
            },
        )
        .unwrap();
    assert_eq!((r.hits.len(), texts), (10, 0), "texts read for a phrase of frequent words");
}

#[test]
fn words_in_most_documents_read_their_best_tiers_first() {
    // Pairs of words found in most documents: their best postings are in the first tier of their
    // lists, so a top 10 reads less than with chunks in document order alone (one tier).
    let corpus = corpus(3000, 42);
    let index = Index::build(&corpus);
    let common = |w: &str| index.term_id(w).map_or(0, |id| index.postings(Field::Body, id).count());
    for w in ["the", "of", "police"] {
        assert!(common(w) * 2 > corpus.len(), "{w} is in {} of {} documents", common(w), corpus.len());
    }
    let read = |tiers: usize| -> usize {
        let layout = Layout { lead: 16, chunk: 64, tiers, fine: 16, block_bytes: 1024, gzip: false };
        let (site, _) = Site::build(&corpus, layout);
        let mut all = 0;
        for q in ["body:the body:of", "body:the body:police", "body:of body:police"] {
            let mut c = Collection::open(&site.files[ROOT_FILE]).unwrap();
            let (r, _, bytes) = site.run(&mut c, &request(q, false));
            let top: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
            assert_eq!(top, in_memory(&index, q).1, "{q} with {tiers} tiers");
            all += bytes;
        }
        all
    };
    let (one, two) = (read(1), read(2));
    eprintln!("three queries of words in most documents: {one} bytes with one tier, {two} with two");
    assert!(two * 10 < one * 9, "{two} bytes with two tiers, {one} with one");
}

#[test]
fn hits_carry_their_fragments_and_snippets() {
    let corpus = crate::tests::seeds();
    let (site, mut c) = Site::build(&corpus, Layout::default());
    assert!(site.files.keys().all(|p| p == ROOT_FILE || p.ends_with(".gz")));
    let req = SearchRequest { fragments: true, ..request("heroin", false) };
    let (r, rounds, _) = site.run(&mut c, &req);
    assert_eq!(rounds, 2, "the dictionary, then the fragments (the lists are in the dictionary)");
    let index = Index::build(&corpus);
    let expected = crate::search::search_text(&corpus, &index, "heroin", &top10(), None);
    assert_eq!(r.hits.len(), expected.hits.len());
    for (a, b) in r.hits.iter().zip(&expected.hits) {
        assert_eq!((&a.id, &a.title, a.score), (&b.id, &b.title, b.score));
        assert!(a.snippet.text.to_lowercase().contains("heroin"), "{:?}", a.snippet.text);
    }
    assert_eq!(r.total, Total::Exact(3));
    // The reader's text: the hit's fragment, kept.
    let first = &r.hits[0];
    let f = c.fragment(first.doc_idx).expect("a hit's fragment is kept");
    let doc = &corpus.docs()[first.doc_idx as usize];
    assert_eq!((&f.id, &f.title, f.text_len as usize), (&doc.id, &doc.title, doc.body.len()));
    assert!(doc.body.starts_with(&f.text) && !f.text.is_empty());
    // The query's words, to mark in that text.
    assert!(r.body_marks.words.contains("heroin"), "{:?}", r.body_marks);
    assert_eq!(c.fragment(u32::MAX), None);
    // The hits whole, for the reader and for analyses of the top hits: titles, texts and metadata.
    let docs: Vec<u32> = r.hits.iter().map(|h| h.doc_idx).collect();
    let (mut rounds, mut bytes) = (0, 0);
    let top = c.run(|c| c.documents(&docs), |paths| site.fetch(paths, &mut rounds, &mut bytes)).unwrap();
    assert_eq!((rounds, top.len()), (1, docs.len()), "one round for the texts");
    for (got, &d) in top.docs().iter().zip(&docs) {
        let want = &corpus.docs()[d as usize];
        assert_eq!(
            (&got.id, &got.title, &got.body, got.date, &got.source),
            (&want.id, &want.title, &want.body, want.date, &want.source)
        );
    }
    assert_eq!(c.text(docs[0]).map(|t| t.body.as_str()), Some(corpus.docs()[docs[0] as usize].body.as_str()));
}

#[test]
fn unsupported_parts_are_said_not_run() {
    let corpus = crate::tests::seeds();
    let (site, mut c) = Site::build(&corpus, Layout { gzip: false, ..Layout::default() });
    for q in ["person:putin", "heroin when:2019"] {
        let (r, _, _) = site.run(&mut c, &request(q, false));
        assert!(!r.diagnostics.is_empty(), "{q}: {:?}", r.diagnostics);
    }
}

#[test]
fn damaged_files_are_errors() {
    let corpus = crate::tests::seeds();
    let (site, mut c) =
        Site::build(&corpus, Layout { lead: 1, chunk: 2, tiers: 4, fine: 2, block_bytes: 200, gzip: false });
    assert_eq!(
        Collection::open(b"TRAWLPT\x09rest").err(),
        Some(PartitionError::Version { found: 9, supported: MAGIC[7] })
    );
    // Format 3 (chunks in document order only) is refused, not misread.
    assert_eq!(Collection::open(b"TRAWLPT\x03rest").err(), Some(PartitionError::Version { found: 3, supported: 4 }));
    assert_eq!(Collection::open(b"PK\x03\x04").err(), Some(PartitionError::NotARoot));
    assert_eq!(Collection::open(b"\x1f\x8b\x08\x00").err(), Some(PartitionError::Compressed));
    assert!(matches!(
        Collection::open(&[&MAGIC[..], b"\xff\xff"].concat()).err(),
        Some(PartitionError::Damaged { .. })
    ));
    for (path, bytes) in site.files.iter().filter(|(p, _)| p.as_str() != ROOT_FILE) {
        // Every truncation is refused or read whole; none panics.
        for cut in [0, bytes.len() / 2, bytes.len().saturating_sub(1)] {
            let _ = c.add(path, &bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        if let Some(b) = flipped.first_mut() {
            *b ^= 0x5a;
        }
        let _ = c.add(path, &flipped);
    }
    assert!(matches!(c.add("elsewhere/d/0", b""), Err(PartitionError::UnknownFile(_))));
}

#[test]
fn memory_stays_bounded_and_answers_stay_right() {
    let layout = Layout { lead: 8, chunk: 16, tiers: 4, fine: 4, block_bytes: 600, gzip: false };
    let corpus = corpus(1500, 3);
    let index = Index::build(&corpus);
    let (site, mut c) = Site::build(&corpus, layout);
    let budget = 20_000;
    let mut most = 0;
    for q in queries(120, 11) {
        let (_, expected) = in_memory(&index, &q);
        let (r, _, _) = site.run(&mut c, &request(&q, false));
        let got: Vec<(u32, u32)> = r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect();
        assert_eq!(got, expected, "top 10 of {q:?}");
        most = most.max(c.held_bytes());
        c.keep_at_most(budget);
        assert!(c.held_bytes() <= budget, "{} held after trimming", c.held_bytes());
    }
    assert!(most > budget, "the queries held {most} bytes at most: the budget was never tested");
}

/// An indexed word needs its own dictionary block only: not every block of the words starting with
/// its stem (`the` would bring `them`, `there`, `these`…), which an unindexed word needs.
#[test]
fn an_indexed_word_fetches_its_own_block_only() {
    let corpus = crate::tests::seeds();
    let (site, c) =
        Site::build(&corpus, Layout { lead: 128, chunk: 512, tiers: 4, fine: 128, block_bytes: 120, gzip: false });
    assert!(c.root().blocks.iter().any(|(t, _)| t.starts_with("the") && t.as_str() > "the"), "the* spans blocks");
    for word in ["the", "police", "seized"] {
        match c.search(&request(word, false)) {
            // The block, and the one-word query's facets of the same block.
            Step::Need(paths) => assert_eq!(paths.iter().filter(|p| p.contains("/d/")).count(), 1, "{word}: {paths:?}"),
            Step::Done(_) => panic!("{word} needs its block"),
        }
    }
    // An unindexed word still finds the words sharing its stem.
    let mut c = Collection::open(&site.files[ROOT_FILE]).unwrap();
    let index = Index::build(&corpus);
    let (r, _, _) = site.run(&mut c, &request("seizes", false));
    let (total, expected) = in_memory(&index, "seizes");
    assert!(total > 0);
    assert_eq!(r.hits.iter().map(|h| (h.doc_idx, h.score.to_bits())).collect::<Vec<_>>(), expected);
}

#[test]
fn distinctive_terms_of_the_top_hits_are_the_in_memory_ones() {
    let corpus = news_corpus(800, 0x51ed_2701);
    let index = Index::build(&corpus);
    let (site, mut c) =
        Site::build(&corpus, Layout { lead: 4, chunk: 8, tiers: 4, fine: 4, block_bytes: 300, gzip: false });
    let mut found = 0;
    for q in ["heroin", "police seized", "market OR prices", "border -heroin", "minister"] {
        let req = SearchRequest { opts: SearchOptions { limit: 40, ..top10() }, ..request(q, false) };
        let (r, _, _) = site.run(&mut c, &req);
        let docs: Vec<u32> = r.hits.iter().map(|h| h.doc_idx).collect();
        let mut sorted = docs.clone();
        sorted.sort_unstable();
        let expected = crate::stats::distinctive_terms(&corpus, &index, &sorted, 2, 25);
        let (mut rounds, mut bytes) = (0, 0);
        let mut fetch = |paths: &[String]| site.fetch(paths, &mut rounds, &mut bytes);
        let top = c.run(|c| c.documents(&docs), &mut fetch).unwrap();
        // A cold reader fetches every candidate's dictionary block; the warm one has some already.
        let key = |k: &crate::stats::Keyness| {
            (k.term.clone(), k.in_count, k.out_count, k.log_ratio.to_bits(), k.g2.to_bits())
        };
        let want: Vec<_> = expected.iter().map(key).collect();
        let mut cold = Collection::open(&site.files[ROOT_FILE]).unwrap();
        let got = cold.run(|c| c.distinctive(&top, 2, 25), &mut fetch).unwrap();
        assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want, "{q:?}");
        let got = c.run(|c| c.distinctive(&top, 2, 25), &mut fetch).unwrap();
        assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want, "{q:?}, warm");
        found += expected.len();
    }
    assert!(found > 20, "the queries have distinctive terms to compare ({found})");
}

#[test]
fn documents_carry_the_entities_they_name() {
    // A long seed (past its fragment) among generated reports, with their extraction.
    let corpus = crate::partition::in_date_order(news_corpus(60, 5));
    let x = crate::tests::extractor().extract(&corpus);
    let (site, mut c) = Site::build_with(&corpus, Some(&x), Layout::default());
    let (mut rounds, mut bytes) = (0, 0);
    let mut fetch = |paths: &[String]| site.fetch(paths, &mut rounds, &mut bytes);
    let all: Vec<u32> = (0..corpus.len() as u32).collect();
    c.run(|c| c.documents(&all), &mut fetch).unwrap();
    let (mut named, mut long) = (0, 0);
    for d in all {
        // The extraction's mentions in this document, as (kind, name, start, end).
        let mut want: Vec<(EntityKind, String, u32, u32)> = x
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions.iter().filter(|m| m.doc == d).map(|m| (e.kind, e.name.clone(), m.start as u32, m.end as u32))
            })
            .collect();
        want.sort();
        let flat = |v: &[Named]| {
            let mut out: Vec<(EntityKind, String, u32, u32)> =
                v.iter().flat_map(|n| n.at.iter().map(|&(s, e)| (n.kind, n.name.clone(), s, e))).collect();
            out.sort();
            out
        };
        let Step::Done(Some(whole)) = c.whole(d) else { panic!("document {d} not fetched whole") };
        assert_eq!(flat(&whole.entities), want, "document {d}");
        assert_eq!(whole.text, corpus.docs()[d as usize].body);
        // The fragment has those in the start of the text it holds.
        let f = c.fragment(d).unwrap();
        let start: Vec<_> = want.iter().filter(|w| w.3 as usize <= f.text.len()).cloned().collect();
        assert_eq!(flat(&f.entities), start, "fragment {d}");
        for (_, name, s, e) in &want {
            assert!(!corpus.docs()[d as usize].body[*s as usize..*e as usize].is_empty(), "{name}");
        }
        named += want.len();
        long += usize::from(f.text.len() < whole.text.len());
    }
    assert!(named > 100 && long > 0, "{named} mentions, {long} long documents");
}
