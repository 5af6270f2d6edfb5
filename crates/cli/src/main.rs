//! `trawl`: the command line over the same core the explorer runs in the browser.

mod extract_cmds;
mod load;
mod partitioned;
mod query_cmds;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "trawl", version, about = "Explore document collections: list, search, extract.")]
struct Cli {
    /// Extra lexicon files (places.tsv, organisations.tsv, drugs.tsv, titles.tsv) or directories of them.
    #[arg(long, global = true)]
    lexicon: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List documents with their metadata (files or directories of txt, md, json, jsonl, html, csv, tsv, sgm).
    Docs {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// People, organisations, places and drugs, with every mention (doc, byte range, text).
    Entities {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// person, org, place or drug.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Seizures and cooperation (meetings, agreements, protocols), with their evidence sentences.
    Events {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// seizure, meeting, agreement, protocol or cooperation.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV, as the explorer exports it (text cells that would start a spreadsheet
        /// formula get a leading ').
        #[arg(long)]
        csv: bool,
    },
    /// Rank documents for a query (syntax: docs/query-language.md).
    Search {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        query: query_cmds::QueryArgs,
        /// How many hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// relevance, newest or oldest.
        #[arg(long, default_value = "relevance")]
        sort: String,
        /// On a partitioned collection, read every posting the query needs so that the count is
        /// exact (else it may be an estimate, printed with "≈"). Other inputs always count exactly.
        #[arg(long)]
        exact: bool,
    },
    /// Build a pack: documents, index and extraction in one file the explorer loads without
    /// re-indexing (add it like any file, or embed it with TRAWL_PACK). With --shard-docs, a
    /// collection instead: a directory of packs and their manifest.json, which the explorer loads
    /// one shard at a time (`cargo xtask build --collection DIR`).
    Pack {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the pack (gzip-compressed if it ends in .gz; a directory with --shard-docs).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Documents per shard: write a sharded collection.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "partitioned")]
        shard_docs: Option<u32>,
        /// Write a partitioned collection into the output folder: many small files, of which a
        /// search reads only those it needs (`trawl search FOLDER`).
        #[arg(long)]
        partitioned: bool,
    },
    /// Keyword in context: every match with the text around it.
    Kwic {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        query: query_cmds::QueryArgs,
        /// doc, left or right.
        #[arg(long, default_value = "doc")]
        sort: String,
        /// Characters of context on each side.
        #[arg(long, default_value_t = 50)]
        width: usize,
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Words that keep company with the query's matches (logDice).
    Collocates {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        query: query_cmds::QueryArgs,
        /// Tokens on each side of a match.
        #[arg(long, default_value_t = 5)]
        window: usize,
        #[arg(long, default_value_t = 2)]
        min: u32,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Terms distinctive of the matching documents against the rest (log-likelihood).
    Distinctive {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        query: query_cmds::QueryArgs,
        #[arg(long, default_value_t = 2)]
        min: u32,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        eprintln!("trawl: error: {e:#}");
        std::process::exit(1);
    }
}

/// `bytes` gzip-compressed (what `load` reads back from `.gz` files).
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

fn load(paths: &[PathBuf]) -> Result<corpus::Corpus> {
    load::load(paths, load::Verbosity::Errors)
}

/// The documents a concordance or collocates reads: all those in `paths`, or of a partitioned
/// collection, the query's top hits.
fn load_for(paths: &[PathBuf], query: &query_cmds::QueryArgs) -> Result<corpus::Corpus> {
    match paths {
        [dir] if partitioned::is_collection(dir) => partitioned::top_documents(dir, query),
        _ => load(paths),
    }
}

/// Extraction, when the query filters on entities or events (`person:`, `kg:`, `when:`…).
fn extraction_for(
    corpus: &corpus::Corpus,
    query: &query_cmds::QueryArgs,
    lexicon: &[PathBuf],
) -> Result<Option<corpus::extract::Extraction>> {
    query_cmds::needs_extraction(query).then(|| extract_cmds::run(corpus, lexicon)).transpose()
}

fn run(cli: Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Docs { paths, json } => docs(&load::load(&paths, load::Verbosity::All)?, json, &mut out)?,
        Command::Entities { paths, kind, json } => {
            let corpus = load(&paths)?;
            let x = extract_cmds::run(&corpus, &cli.lexicon)?;
            extract_cmds::entities(&corpus, &x, kind.as_deref(), json, &mut out)?
        }
        Command::Events { paths, kind, json, csv } => {
            let corpus = load(&paths)?;
            let x = extract_cmds::run(&corpus, &cli.lexicon)?;
            let format = match (json, csv) {
                (true, _) => extract_cmds::Format::Json,
                (_, true) => extract_cmds::Format::Csv,
                _ => extract_cmds::Format::Table,
            };
            extract_cmds::events(&corpus, &x, kind.as_deref(), format, &mut out)?
        }
        Command::Search { paths, query, limit, sort, exact }
            if paths.len() == 1 && partitioned::is_collection(&paths[0]) =>
        {
            partitioned::search(&paths[0], &query, limit, &sort, exact, &mut out)?
        }
        Command::Search { paths, query, limit, sort, .. } => {
            let loaded = load::load_searchable(&paths, load::Verbosity::Errors)?;
            let corpus = loaded.corpus;
            // Packs are searched with the index and extraction they store; `--lexicon` asks for the
            // extraction again, with those lexicon files.
            let (index, x) = match loaded.stored {
                Some((index, x)) if cli.lexicon.is_empty() => (Some(index), x),
                Some((index, _)) => (Some(index), extract_cmds::run(&corpus, &cli.lexicon)?),
                None => (None, extract_cmds::run(&corpus, &cli.lexicon)?),
            };
            query_cmds::search(&corpus, index.as_ref(), &x, &query, limit, &sort, &mut out)?
        }
        Command::Pack { paths, output, partitioned: true, .. } => {
            let corpus = load(&paths)?;
            let dir = output.unwrap_or_else(|| PathBuf::from("collection"));
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            partitioned::pack(corpus, &dir, &cli.lexicon)?
        }
        Command::Pack { paths, output, shard_docs: Some(n), .. } => {
            let corpus = load(&paths)?;
            let dir = output.unwrap_or_else(|| PathBuf::from("collection"));
            let lexicon = extract_cmds::lexicon(&cli.lexicon)?;
            let (manifest, packs) = corpus::pack::write_shards(&corpus, &lexicon, n as usize, &mut |i, all| {
                eprint!("\rtrawl: packing shard {} of {all}", i + 1);
            });
            eprintln!();
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            // Compressed, the shards download in about a third of the bytes; browsers inflate them
            // natively (DecompressionStream), so the explorer carries no decoder.
            let mut manifest = manifest;
            manifest.compression = Some("gzip".into());
            let mut packed = 0;
            for (info, bytes) in manifest.shards.iter_mut().zip(&packs) {
                info.file.push_str(".gz");
                let path = dir.join(&info.file);
                let gz = gzip(bytes)?;
                info.bytes = gz.len();
                packed += bytes.len();
                std::fs::write(&path, gz).with_context(|| format!("writing {}", path.display()))?;
            }
            let path = dir.join("manifest.json");
            let json = serde_json::to_string_pretty(&manifest)? + "\n";
            std::fs::write(&path, json).with_context(|| format!("writing {}", path.display()))?;
            let stored: usize = manifest.shards.iter().map(|s| s.bytes).sum();
            eprintln!(
                "trawl: wrote {}: {} documents in {} shards, {packed} bytes packed, {stored} compressed",
                dir.display(),
                corpus.len(),
                packs.len(),
            );
        }
        Command::Pack { paths, output, shard_docs: None, .. } => {
            let output = output.unwrap_or_else(|| PathBuf::from("corpus.trawl"));
            let corpus = load(&paths)?;
            let x = extract_cmds::run(&corpus, &cli.lexicon)?;
            let index = corpus::index::Index::build(&corpus);
            let mut bytes = corpus::pack::write(&corpus, &index, &x);
            // `-o corpus.trawl.gz`: gzip-compressed, about a third of the bytes; the explorer and every
            // command read it as the pack inside.
            if output.extension().is_some_and(|e| e == "gz") {
                bytes = gzip(&bytes)?;
            }
            std::fs::write(&output, &bytes).with_context(|| format!("writing {}", output.display()))?;
            let text: usize = corpus.docs().iter().map(|d| d.body.len()).sum();
            eprintln!(
                "trawl: wrote {}: {} documents, {} bytes of text, {} bytes packed",
                output.display(),
                corpus.len(),
                text,
                bytes.len()
            );
        }
        Command::Kwic { paths, query, sort, width, limit } => {
            let corpus = load_for(&paths, &query)?;
            let x = extraction_for(&corpus, &query, &cli.lexicon)?;
            query_cmds::kwic(&corpus, x.as_ref(), &query, &sort, width, limit, &mut out)?
        }
        Command::Collocates { paths, query, window, min, limit } => {
            let corpus = load_for(&paths, &query)?;
            let x = extraction_for(&corpus, &query, &cli.lexicon)?;
            query_cmds::collocates(&corpus, x.as_ref(), &query, window, min, limit, &mut out)?
        }
        Command::Distinctive { paths, query, min, limit } => {
            if let [dir] = &paths[..] {
                if partitioned::is_collection(dir) {
                    let (k, top) = partitioned::distinctive(dir, &query, min, limit)?;
                    let against = format!("the top {top} matching documents against the rest of the collection");
                    return query_cmds::keyness(&k, query.json, &against, &mut out);
                }
            }
            let corpus = load(&paths)?;
            let x = extraction_for(&corpus, &query, &cli.lexicon)?;
            query_cmds::distinctive(&corpus, x.as_ref(), &query, min, limit, &mut out)?
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct DocRow<'a> {
    id: &'a str,
    /// The file it came from (and the record in it), relative to the path named.
    path: &'a str,
    title: &'a str,
    date: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    n_chars: usize,
    warnings: &'a [String],
}

fn docs(corpus: &corpus::Corpus, json: bool, out: &mut impl Write) -> Result<()> {
    let rows: Vec<DocRow> = corpus
        .docs()
        .iter()
        .map(|d| DocRow {
            id: &d.id,
            path: &d.path,
            title: &d.title,
            date: d.date.map(|d| d.to_string()),
            source: d.source.as_deref(),
            url: d.url.as_deref(),
            n_chars: d.n_chars(),
            warnings: &d.warnings,
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    let id_w = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(2).max(2);
    let src_w = rows.iter().map(|r| r.source.map_or(1, |s| s.chars().count())).max().unwrap_or(6).clamp(6, 24);
    writeln!(out, "{:id_w$}  {:10}  {:src_w$}  {:>7}  TITLE", "ID", "DATE", "SOURCE", "CHARS")?;
    for r in &rows {
        let source: String = r.source.unwrap_or("-").chars().take(src_w).collect();
        let title: String = r.title.chars().take(80).collect();
        writeln!(
            out,
            "{:id_w$}  {:10}  {:src_w$}  {:>7}  {}",
            r.id,
            r.date.as_deref().unwrap_or("-"),
            source,
            r.n_chars,
            title
        )?;
    }
    Ok(())
}
