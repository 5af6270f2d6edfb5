//! The commands that run a query: search, kwic, collocates, distinctive.

use anyhow::{anyhow, Result};
use corpus::extract::Extraction;
use corpus::index::Index;
use corpus::kwic::{KwicOptions, KwicSort};
use corpus::query::{parse, Query};
use corpus::search::Sort;
use corpus::search::{self, Matcher, SearchOptions};
use corpus::{stats, Corpus, Diagnostic};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

#[derive(clap::Args)]
pub struct QueryArgs {
    /// The query. It may start with a dash (`-q -phone`: documents without "phone").
    #[arg(short, long, allow_hyphen_values = true)]
    pub q: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Match words exactly, without their inflections.
    #[arg(long)]
    pub no_stem: bool,
}

struct Prepared<'x> {
    index: std::borrow::Cow<'x, Index>,
    query: Query,
    opts: SearchOptions,
    fields: Option<&'x dyn corpus::search::FieldResolver>,
}

/// The query parsed and the corpus's index: `index` when given (a pack's), else built.
fn prepare<'x>(
    corpus: &Corpus,
    index: Option<&'x Index>,
    args: &QueryArgs,
    extraction: Option<&'x Extraction>,
) -> Prepared<'x> {
    let (query, diags) = parse(&args.q);
    report(&diags);
    let opts = SearchOptions { stemming: !args.no_stem, ..SearchOptions::default() };
    let fields = extraction.map(|x| x as &dyn corpus::search::FieldResolver);
    let index = index.map_or_else(|| std::borrow::Cow::Owned(Index::build(corpus)), std::borrow::Cow::Borrowed);
    Prepared { index, query, opts, fields }
}

/// Whether the query filters on extracted entities or events, so extraction must run first.
pub fn needs_extraction(args: &QueryArgs) -> bool {
    let q = args.q.to_lowercase();
    ["person:", "org:", "place:", "country:", "drug:", "kg:", "event:", "when:", "eventdate:"]
        .iter()
        .any(|f| q.contains(f))
}

fn report(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("trawl: {d}");
    }
}

/// Marks highlighted ranges: bold on a terminal, [brackets] otherwise.
fn marked(text: &str, ranges: &[(usize, usize)], tty: bool) -> String {
    let (open, close) = if tty { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in ranges {
        out.push_str(&text[at..a]);
        out.push_str(open);
        out.push_str(&text[a..b]);
        out.push_str(close);
        at = b;
    }
    out.push_str(&text[at..]);
    out.replace("\n\n", " ").replace('\n', " ")
}

#[derive(Serialize)]
struct SearchJson<'a> {
    total: usize,
    hits: Vec<HitJson<'a>>,
    facets: &'a search::Facets,
    /// Entities in the matching documents, per kind: (name, documents).
    entities: BTreeMap<&'static str, Vec<(String, usize)>>,
}

#[derive(Serialize)]
struct HitJson<'a> {
    id: &'a str,
    /// Where the document came from ([`corpus::Document::path`]).
    path: &'a str,
    title: &'a str,
    date: Option<String>,
    source: Option<&'a str>,
    score: f32,
    snippet: &'a str,
}

pub fn search(
    corpus: &Corpus,
    index: Option<&Index>,
    x: &Extraction,
    args: &QueryArgs,
    limit: usize,
    sort: &str,
    out: &mut impl Write,
) -> Result<()> {
    let sort = Sort::parse(sort).ok_or_else(|| anyhow!("--sort must be relevance, newest or oldest"))?;
    let p = prepare(corpus, index, args, Some(x));
    let opts = SearchOptions { limit, sort, ..p.opts };
    let matcher = Matcher::new(&p.index, &p.query, &opts, Some(x));
    let set = matcher.matches();
    let r = search::search_matched(corpus, &p.index, &matcher, &set, &opts);
    report(&r.diagnostics);
    if args.json {
        let hits = r
            .hits
            .iter()
            .map(|h| HitJson {
                id: &h.id,
                path: &corpus.docs()[h.doc_idx as usize].path,
                title: &h.title,
                date: h.date.map(|d| d.to_string()),
                source: h.source.as_deref(),
                score: (h.score * 1000.0).round() / 1000.0,
                snippet: &h.snippet.text,
            })
            .collect();
        let entities = x.facets(&set.docs, 10).into_iter().map(|(k, v)| (k.as_str(), v)).collect();
        serde_json::to_writer_pretty(&mut *out, &SearchJson { total: r.total, hits, facets: &r.facets, entities })?;
        writeln!(out)?;
        return Ok(());
    }
    let tty = std::io::stdout().is_terminal();
    writeln!(out, "{} matching document{}", r.total, if r.total == 1 { "" } else { "s" })?;
    for (i, h) in r.hits.iter().enumerate() {
        let date = h.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "\n{:>3}. {}  {:.3}  {}  {}",
            i + 1,
            h.id,
            h.score,
            date,
            marked(&h.title, &h.title_highlights, tty)
        )?;
        let dots = |cut: bool| if cut { "…" } else { "" };
        writeln!(
            out,
            "     {}{}{}",
            dots(h.snippet.cut_before),
            marked(&h.snippet.text, &h.snippet.highlights, tty),
            dots(h.snippet.cut_after)
        )?;
    }
    Ok(())
}

pub fn kwic(
    corpus: &Corpus,
    extraction: Option<&Extraction>,
    args: &QueryArgs,
    sort: &str,
    width: usize,
    limit: usize,
    out: &mut impl Write,
) -> Result<()> {
    let sort = KwicSort::parse(sort).ok_or_else(|| anyhow!("--sort must be doc, left or right"))?;
    let p = prepare(corpus, None, args, extraction);
    let matcher = Matcher::new(&p.index, &p.query, &p.opts, p.fields);
    report(&matcher.diagnostics);
    let k = corpus::kwic::kwic(
        corpus,
        &matcher,
        &KwicOptions { context_chars: width, limit, sort, ..KwicOptions::default() },
    );
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &k)?;
        writeln!(out)?;
        return Ok(());
    }
    let tty = std::io::stdout().is_terminal();
    let id_w = k.lines.iter().map(|l| l.id.chars().count()).max().unwrap_or(0);
    for l in &k.lines {
        let kw = marked(&l.keyword, &[(0, l.keyword.len())], tty);
        writeln!(out, "{:id_w$}  {:>width$}{}{}", l.id, l.left, kw, l.right)?;
    }
    writeln!(out, "{}{} matches in {} documents", if k.truncated { "at least " } else { "" }, k.total, k.docs)?;
    Ok(())
}

pub fn collocates(
    corpus: &Corpus,
    extraction: Option<&Extraction>,
    args: &QueryArgs,
    window: usize,
    min: u32,
    limit: usize,
    out: &mut impl Write,
) -> Result<()> {
    let p = prepare(corpus, None, args, extraction);
    let matcher = Matcher::new(&p.index, &p.query, &p.opts, p.fields);
    report(&matcher.diagnostics);
    let c = stats::collocates(corpus, &p.index, &matcher, window, min, limit);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &c)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:<20} {:>7} {:>7} {:>8}", "COLLOCATE", "WITH", "FREQ", "LOGDICE")?;
    for c in &c.collocates {
        writeln!(out, "{:<20} {:>7} {:>7} {:>8.2}", c.term, c.cooc, c.freq, c.log_dice)?;
    }
    writeln!(out, "{} matches of the query{}", c.node_freq, if c.sampled { " (first documents sampled)" } else { "" })?;
    Ok(())
}

pub fn distinctive(
    corpus: &Corpus,
    extraction: Option<&Extraction>,
    args: &QueryArgs,
    min: u32,
    limit: usize,
    out: &mut impl Write,
) -> Result<()> {
    let p = prepare(corpus, None, args, extraction);
    let matcher = Matcher::new(&p.index, &p.query, &p.opts, p.fields);
    report(&matcher.diagnostics);
    let docs = matcher.matches().docs;
    let k = stats::distinctive_terms(corpus, &p.index, &docs, min, limit);
    let against = format!("{} matching documents against {} others", docs.len(), corpus.len() - docs.len());
    keyness(&k, args.json, &against, out)
}

/// Prints distinctive terms, then what they compare (`against`).
pub fn keyness(k: &[stats::Keyness], json: bool, against: &str, out: &mut impl Write) -> Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, k)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:<20} {:>6} {:>6} {:>9} {:>8}", "TERM", "IN", "OUT", "LOGRATIO", "G2")?;
    for k in k {
        writeln!(out, "{:<20} {:>6} {:>6} {:>9.2} {:>8.2}", k.term, k.in_count, k.out_count, k.log_ratio, k.g2)?;
    }
    writeln!(out, "{against}")?;
    Ok(())
}
