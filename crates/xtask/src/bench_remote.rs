//! `cargo xtask bench-remote URL|--dir DIR [--queries N] [--from FILE] [--sort newest|oldest] [--keep MB]`: queries
//! on a partitioned collection (`trawl pack --partitioned`) served over HTTP, fetched as `corpus::partition` asks:
//! each round's files in parallel, one connection each, as a browser would. Prints per query and
//! as medians the bytes, files, sequential rounds and time, cold (a fresh reader: the root, then the
//! query) and warm (a reader that has run the queries before it), and the warm reader's memory: the
//! most its query had allocated at once beyond what the reader held before it (counted by this
//! program's allocator; the search worker's wasm memory grows to the largest such peak and never
//! shrinks) and what it holds after. `--keep MB` bounds the warm reader between queries as the
//! search worker does (`Collection::keep_at_most`). Serve the folder with
//! `node tests/e2e/latency-server.mjs` to add latency and a bandwidth limit.

use anyhow::{bail, Context, Result};
use corpus::partition::{Collection, SearchRequest, ROOT_FILE};
use corpus::search::{SearchOptions, Sort};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// Counts this program's allocations, for the warm reader's peaks.
#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

pub fn run(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask bench-remote URL|--dir DIR [--queries N] [--seed N] [--from FILE] \
                 [--sort newest|oldest] [--keep MB]";
    // `--dir`: served here without latency (bytes, files and rounds do not depend on it).
    let local;
    let url = match crate::flag_value(args, "--dir") {
        Some(dir) => {
            let (port, _server) = crate::serve::spawn(std::path::Path::new(dir), "/")?;
            local = format!("http://127.0.0.1:{port}/");
            &local
        }
        None => args.first().filter(|a| !a.starts_with("--")).context(usage)?,
    };
    let n: usize = crate::flag_value(args, "--queries").map(str::parse).transpose()?.unwrap_or(40);
    let seed: u64 = crate::flag_value(args, "--seed").map(str::parse).transpose()?.unwrap_or(17);
    let sort = match crate::flag_value(args, "--sort") {
        Some(s) => Sort::parse(s).context("--sort must be relevance, newest or oldest")?,
        None => Sort::Relevance,
    };
    let keep: Option<usize> =
        crate::flag_value(args, "--keep").map(str::parse::<usize>).transpose()?.map(|mb| mb << 20);
    let base = Base::parse(url)?;
    // `--from FILE`: one query per line (the comparison systems' list), else drawn from the collection.
    let queries = match crate::flag_value(args, "--from") {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("reading {file}"))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        None => choose_queries(&base, n, seed)?,
    };
    let mut warm = Collection::open(&inflated(ROOT_FILE, base.get(ROOT_FILE)?)?)?;
    let (mut cold_rows, mut warm_rows) = (Vec::new(), Vec::new());
    println!("query | cold: bytes, files, rounds, ms | warm: bytes, files, rounds, ms, peak KB, held KB | total");
    let mut peaks = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let root = base.get(ROOT_FILE)?;
        let mut cold = Collection::open(&inflated(ROOT_FILE, root.clone())?)?;
        let mut c = run_query(&base, &mut cold, q, sort)?;
        c.bytes += root.len();
        *c.kinds.entry('r').or_default() += root.len();
        c.files += 1;
        c.rounds += 1;
        c.ms = t.elapsed().as_secs_f64() * 1000.0;
        drop(cold);
        if let Some(bytes) = keep {
            warm.keep_at_most(bytes);
        }
        // What the warm reader's query allocates beyond what is live before it (its files).
        let (w, peak) = counting_alloc::peak_of(|| run_query(&base, &mut warm, q, sort));
        let w = w?;
        peaks.push(peak as f64);
        println!(
            "{q} | {} {} {} {:.0} | {} {} {} {:.0} {} {} | {}",
            c.bytes,
            c.files,
            c.rounds,
            c.ms,
            w.bytes,
            w.files,
            w.rounds,
            w.ms,
            peak / 1024,
            warm.held_bytes() / 1024,
            c.total
        );
        cold_rows.push(c);
        warm_rows.push(w);
    }
    for (name, rows) in [("cold", &cold_rows), ("warm", &warm_rows)] {
        let med = |f: &dyn Fn(&Row) -> f64| percentile(rows.iter().map(f).collect(), 0.5);
        let p90 = |f: &dyn Fn(&Row) -> f64| percentile(rows.iter().map(f).collect(), 0.9);
        println!(
            "{name}: p50 {:.0} B, {:.0} files, {:.0} rounds, {:.0} ms; p90 {:.0} B, {:.0} rounds, {:.0} ms; max {:.0} B, {:.0} rounds",
            med(&|r| r.bytes as f64),
            med(&|r| r.files as f64),
            med(&|r| r.rounds as f64),
            med(&|r| r.ms),
            p90(&|r| r.bytes as f64),
            p90(&|r| r.rounds as f64),
            p90(&|r| r.ms),
            percentile(rows.iter().map(|r| r.bytes as f64).collect(), 1.0),
            percentile(rows.iter().map(|r| r.rounds as f64).collect(), 1.0),
        );
        let mut kinds: std::collections::BTreeMap<char, usize> = std::collections::BTreeMap::new();
        rows.iter().flat_map(|r| &r.kinds).for_each(|(&k, &n)| *kinds.entry(k).or_default() += n);
        let all: usize = kinds.values().sum();
        let shares: Vec<String> =
            kinds.iter().map(|(k, n)| format!("{k} {:.0}%", 100.0 * *n as f64 / all.max(1) as f64)).collect();
        println!("{name}: bytes by kind of file (r root, d dictionary, c chunks, f fragments, x texts, g facets, t dates, v values): {}", shares.join(", "));
    }
    println!(
        "warm reader after {} queries holds about {} KB; a query's peak allocation beyond it p50 {:.0} KB, max {:.0} KB",
        queries.len(),
        warm.held_bytes() / 1024,
        percentile(peaks.clone(), 0.5) / 1024.0,
        percentile(peaks, 1.0) / 1024.0
    );
    Ok(())
}

struct Row {
    bytes: usize,
    /// Bytes by the kind of file (the letter after the collection's id: `d`ictionary, `c`hunks,
    /// `f`ragments, ...).
    kinds: std::collections::BTreeMap<char, usize>,
    files: usize,
    rounds: usize,
    ms: f64,
    total: String,
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(((v.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}

/// Runs one query to the end, fetching each round's files in parallel.
fn run_query(base: &Base, c: &mut Collection, q: &str, sort: Sort) -> Result<Row> {
    let t = Instant::now();
    let opts = SearchOptions { limit: 10, sort, ..SearchOptions::default() };
    let req = SearchRequest { query: q.to_string(), opts, exact_count: false, fragments: true };
    let (mut bytes, mut files, mut rounds) = (0, 0, 0);
    let mut kinds = std::collections::BTreeMap::new();
    let fetch = |paths: &[String]| -> Result<Vec<Vec<u8>>> {
        rounds += 1;
        let fetched: Vec<Result<Vec<u8>>> = std::thread::scope(|s| {
            let handles: Vec<_> = paths.iter().map(|p| s.spawn(|| base.get(p))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| bail!("a fetch panicked"))).collect()
        });
        paths
            .iter()
            .zip(fetched)
            .map(|(p, data)| {
                let data = data?;
                bytes += data.len();
                let kind = p.split('/').nth(1).and_then(|k| k.chars().next()).unwrap_or('?');
                *kinds.entry(kind).or_default() += data.len();
                files += 1;
                inflated(p, data)
            })
            .collect()
    };
    let r = c.run(|c| c.search(&req), fetch)?;
    let total = match r.total {
        corpus::partition::Total::Exact(n) => n.to_string(),
        corpus::partition::Total::About(n) => format!("≈{n}"),
    };
    Ok(Row { bytes, kinds, files, rounds, ms: t.elapsed().as_secs_f64() * 1000.0, total })
}

/// Two-word queries from the collection's own words: two words of a random document's text, each
/// in between 0.1% and 10% of the documents (the whole dictionary is read first, not counted).
fn choose_queries(base: &Base, n: usize, seed: u64) -> Result<Vec<String>> {
    let mut c = Collection::open(&inflated(ROOT_FILE, base.get(ROOT_FILE)?)?)?;
    let n_docs = c.root().n_docs;
    for p in c.block_files() {
        let bytes = base.get(&p)?;
        c.add(&p, &inflated(&p, bytes)?)?;
    }
    let df: std::collections::HashMap<String, u32> = c.fetched_terms().into_iter().collect();
    let middling = |w: &str| df.get(w).is_some_and(|&d| d >= n_docs / 1000 && d <= n_docs / 10);
    let mut rng = seed | 1;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut out = Vec::new();
    while out.len() < n {
        let doc = (next() % n_docs as u64) as u32;
        let gz = if c.root().gzip { ".gz" } else { "" };
        let path = format!("{}/f/{}/{doc}{gz}", c.root().id, doc / 4096);
        let text = String::from_utf8_lossy(&inflated(&path, base.get(&path)?)?).to_lowercase();
        let words: Vec<&str> =
            text.split(|ch: char| !ch.is_alphabetic()).filter(|w| w.len() > 2 && middling(w)).collect();
        if words.len() >= 2 {
            let a = words[(next() % words.len() as u64) as usize];
            let b = words[(next() % words.len() as u64) as usize];
            if a != b {
                out.push(format!("{a} {b}"));
            }
        }
    }
    Ok(out)
}

/// A fetched file, inflated when its name ends in `.gz`.
/// A fetched file inflated: a `.gz` one, or the root when compressed.
pub fn inflated(path: &str, bytes: Vec<u8>) -> Result<Vec<u8>> {
    let compressed = path.ends_with(".gz") || (path == ROOT_FILE && corpus::partition::is_gzip(&bytes));
    if !compressed {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).with_context(|| format!("inflating {path}"))?;
    Ok(out)
}

/// An `http://host:port/path/` to fetch files under, one connection per request.
struct Base {
    host: String,
    path: String,
}

impl Base {
    fn parse(url: &str) -> Result<Base> {
        let rest = url.strip_prefix("http://").context("an http:// URL")?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = format!("/{}", path.trim_end_matches('/'));
        Ok(Base { host: host.to_string(), path: if path == "/" { String::new() } else { path } })
    }

    fn get(&self, file: &str) -> Result<Vec<u8>> {
        let mut s = TcpStream::connect(&self.host).with_context(|| format!("connecting to {}", self.host))?;
        s.set_nodelay(true)?;
        write!(
            s,
            "GET {}/{file} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n",
            self.path, self.host
        )?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").context("an HTTP response")?;
        let head = String::from_utf8_lossy(&raw[..end]);
        if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
            bail!("{file}: {}", head.lines().next().unwrap_or(""));
        }
        Ok(raw[end + 4..].to_vec())
    }
}
