//! Partitioned collections (`corpus::partition`): `trawl pack --partitioned` writes one into a
//! folder; `trawl search` on such a folder reads only the files the query needs, as the browser
//! will over HTTP, and says how many it read.

use crate::query_cmds::QueryArgs;
use anyhow::{anyhow, Context, Result};
use corpus::partition::{self, Collection, Layout, SearchRequest, Total, ROOT_FILE};
use corpus::search::{SearchOptions, Sort};
use corpus::stats::Keyness;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `path` is a partitioned collection's folder.
pub fn is_collection(path: &Path) -> bool {
    path.join(ROOT_FILE).is_file()
}

/// Writes `corpus` as a partitioned collection into `dir`: the files first, under a temporary
/// folder renamed to the collection's id once all are written, then the root.
/// Documents are written in date order (see [`partition::in_date_order`]), with their extraction
/// (with the lexicons in `lexicon_dirs`), so that entity and event filters work.
pub fn pack(corpus: corpus::Corpus, dir: &Path, lexicon_dirs: &[PathBuf]) -> Result<()> {
    let corpus = &partition::in_date_order(corpus);
    let extraction = crate::extract_cmds::run(corpus, lexicon_dirs)?;
    let index = corpus::index::Index::build(corpus);
    let staging = dir.join(format!(".writing-{}", std::process::id()));
    let mut made: HashSet<PathBuf> = HashSet::new();
    let (mut files, mut bytes, mut stored, mut failed) = (0usize, 0usize, 0usize, None);
    let mut root = Vec::new();
    let layout = Layout::default();
    let written = partition::write(corpus, &index, Some(&extraction), layout, &mut |path, data| {
        if failed.is_some() {
            return;
        }
        let target = match path.strip_prefix("_/") {
            Some(rest) if layout.gzip => staging.join(format!("{rest}.gz")),
            Some(rest) => staging.join(rest),
            None => {
                root = if layout.gzip { crate::gzip(data).unwrap_or_else(|_| data.to_vec()) } else { data.to_vec() };
                return;
            }
        };
        let result = (|| -> std::io::Result<()> {
            if let Some(parent) = target.parent() {
                if made.insert(parent.to_path_buf()) {
                    std::fs::create_dir_all(parent)?;
                }
            }
            if layout.gzip {
                let gz = crate::gzip(data).map_err(std::io::Error::other)?;
                stored += gz.len();
                std::fs::write(&target, gz)
            } else {
                stored += data.len();
                std::fs::write(&target, data)
            }
        })();
        match result {
            Ok(()) => {
                files += 1;
                bytes += data.len();
            }
            Err(e) => failed = Some(anyhow!(e).context(format!("writing {}", target.display()))),
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let folder = dir.join(written.folder());
    if folder.exists() {
        // The same id: the same files, written before.
        std::fs::remove_dir_all(&folder).with_context(|| format!("replacing {}", folder.display()))?;
    }
    std::fs::rename(&staging, &folder).with_context(|| format!("renaming {}", staging.display()))?;
    let root_path = dir.join(ROOT_FILE);
    std::fs::write(&root_path, &root).with_context(|| format!("writing {}", root_path.display()))?;
    let r = &written.root;
    eprintln!(
        "trawl: wrote {}: {} documents, {} terms in {} dictionary blocks, {} chunks; {} files, {} bytes, {} stored",
        dir.display(),
        r.n_docs,
        r.n_terms,
        r.blocks.len(),
        r.chunks,
        files + 1,
        bytes + root.len(),
        stored + root.len(),
    );
    Ok(())
}

/// Runs a query on the collection in `dir`, reading its files as a browser would fetch them; with
/// `exact_count`, every posting it needs, so that its total is exact.
pub fn search(
    dir: &Path,
    args: &QueryArgs,
    limit: usize,
    sort: &str,
    exact_count: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let sort = Sort::parse(sort).ok_or_else(|| anyhow!("--sort must be relevance, newest or oldest"))?;
    let (root, mut c) = open(dir)?;
    let opts = SearchOptions { stemming: !args.no_stem, limit, sort, ..SearchOptions::default() };
    let req = SearchRequest { query: args.q.clone(), opts, exact_count, fragments: true };
    let mut read = Reader { dir, rounds: 0, files: 0, bytes: root.len() };
    let results = c.run(|c| c.search(&req), |paths| read.fetch(paths)).with_context(|| dir.display().to_string())?;
    let Reader { rounds, files, bytes, .. } = read;
    for d in &results.diagnostics {
        eprintln!("trawl: {d}");
    }
    let total = match results.total {
        Total::Exact(n) => n.to_string(),
        Total::About(n) => format!("≈{n}"),
    };
    if args.json {
        let hits: Vec<serde_json::Value> = results
            .hits
            .iter()
            .map(|h| serde_json::json!({"id": h.id, "title": h.title, "score": h.score, "snippet": h.snippet.text}))
            .collect();
        let v = serde_json::json!({"total": total, "hits": hits, "rounds": rounds, "files": files, "bytes": bytes});
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(out, "{total} documents match")?;
        for (i, h) in results.hits.iter().enumerate() {
            writeln!(out, "{:>3}. {:.3}  {}  {}", i + 1, h.score, h.id, h.title)?;
        }
    }
    eprintln!("trawl: read {files} files and the root, {bytes} bytes, in {rounds} rounds");
    Ok(())
}

/// How many documents a concordance or collocates reads of a partitioned collection: the top hits.
pub const TOP_DOCUMENTS: usize = 200;

/// The top [`TOP_DOCUMENTS`] hits of the query on the collection in `dir`, whole, as a corpus:
/// what a concordance or collocates runs on (and says so).
pub fn top_documents(dir: &Path, args: &QueryArgs) -> Result<corpus::Corpus> {
    Ok(top(dir, args)?.2)
}

/// Terms distinctive of the query's top [`TOP_DOCUMENTS`] hits against the whole collection in
/// `dir` (each candidate's count read from its dictionary block), and how many hits.
pub fn distinctive(dir: &Path, args: &QueryArgs, min: u32, limit: usize) -> Result<(Vec<Keyness>, usize)> {
    let (mut c, mut read, top) = top(dir, args)?;
    let k = c
        .run(|c| c.distinctive(&top, min, limit), |paths| read.fetch(paths))
        .with_context(|| dir.display().to_string())?;
    eprintln!("trawl: read {} files and the root, {} bytes, in {} rounds", read.files, read.bytes, read.rounds);
    Ok((k, top.len()))
}

/// The collection, its reader, and the query's top hits whole (saying what they are on stderr).
fn top<'a>(dir: &'a Path, args: &QueryArgs) -> Result<(Collection, Reader<'a>, corpus::Corpus)> {
    let (root, mut c) = open(dir)?;
    let opts = SearchOptions { stemming: !args.no_stem, limit: TOP_DOCUMENTS, ..SearchOptions::default() };
    let req = SearchRequest { query: args.q.clone(), opts, exact_count: false, fragments: false };
    let mut read = Reader { dir, rounds: 0, files: 0, bytes: root.len() };
    let results = c.run(|c| c.search(&req), |paths| read.fetch(paths)).with_context(|| dir.display().to_string())?;
    let docs: Vec<u32> = results.hits.iter().map(|h| h.doc_idx).collect();
    let corpus = c.run(|c| c.documents(&docs), |paths| read.fetch(paths)).with_context(|| dir.display().to_string())?;
    let total = match results.total {
        Total::Exact(n) => n.to_string(),
        Total::About(n) => format!("about {n}"),
    };
    eprintln!("trawl: on the top {} of {total} matching documents (a partitioned collection is read a query's hits at a time)", docs.len());
    Ok((c, read, corpus))
}

/// The collection in `dir`, opened from its root (inflated if compressed), and the root's size.
fn open(dir: &Path) -> Result<(Vec<u8>, Collection)> {
    let root = std::fs::read(dir.join(ROOT_FILE)).with_context(|| format!("reading {}", dir.display()))?;
    let inflated = if partition::is_gzip(&root) { gunzip(&root).context("inflating the root")? } else { root.clone() };
    let c = Collection::open(&inflated).with_context(|| dir.display().to_string())?;
    Ok((root, c))
}

/// Reads a collection's files from its folder, as a browser would fetch them, counting.
struct Reader<'a> {
    dir: &'a Path,
    rounds: usize,
    files: usize,
    bytes: usize,
}

impl Reader<'_> {
    fn fetch(&mut self, paths: &[String]) -> Result<Vec<Vec<u8>>> {
        self.rounds += 1;
        paths
            .iter()
            .map(|p| {
                let data = std::fs::read(self.dir.join(p)).with_context(|| format!("reading {p}"))?;
                self.files += 1;
                self.bytes += data.len();
                if p.ends_with(".gz") {
                    gunzip(&data).with_context(|| format!("inflating {p}"))
                } else {
                    Ok(data)
                }
            })
            .collect()
    }
}

/// A collection's file inflated, refused once it passes 64 MB (no file of a collection is that
/// large, so it is damaged or not one of them).
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
    crate::load::read_capped(flate2::read::GzDecoder::new(bytes), 64 << 20)?
        .ok_or_else(|| anyhow!("inflates to more than 64 MB: not a file of a partitioned collection"))
}
