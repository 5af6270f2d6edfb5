//! A collection laid out for HTTP: many small immutable files, of which a query fetches only the
//! few it needs (issue 17). `trawl pack --partitioned` writes one; a reader (the CLI, the benchmark,
//! later the explorer) fetches what [`Collection::search`] asks for and hands it back with
//! [`Collection::add`] until the answer is complete. This module does no I/O: it says which files
//! it needs and reads bytes it is given.
//!
//! Layout, relative to the collection's folder:
//! - `trawl.root`: the only file that changes when the collection is rebuilt. Statistics (documents,
//!   average field lengths), the first term of each dictionary block, the whole collection's facets,
//!   and `id`, the hash of everything else, which names the folder of all other files, so those are
//!   immutable and can be cached forever.
//! - `<id>/d/<n>`: dictionary blocks of about [`Layout::block_bytes`], terms in order, term ids as
//!   in the in-memory [`Index`]. Each term carries the ids of the terms sharing its stem (most are
//!   in the same block: a stem is usually a prefix) and, per field, its document frequency and its
//!   list's head: the whole list when short, else its [`Layout::lead`] best postings (by BM25's
//!   saturated term frequency, the part of a score a posting decides) and the directory of the
//!   rest. The rest is in tiers by the same order ([`tiers_of`]; two by default): the next
//!   [`Layout::chunk`] best postings in one file, then all the others, each tier in document
//!   order, a long one cut into chunks of [`Layout::fine`] postings; the directory holds each
//!   chunk's first document and the tier's best posting. A top 10 reads the first tiers of its
//!   words' lists, and of the last only the chunks of the documents that could still be in it.
//!   The head is in the block so that a query's first round after the root brings them.
//!   After the words, the dictionary holds lists for filters: each source's documents and, when
//!   written with an extraction, each entity or event value's (`person:putin`, `event:seizure`),
//!   named so that they sort last (they start with U+10FFFF); they score 0 and are read by bounds
//!   like any list. And the lists of common grams (two frequent words in a row, in the body as the
//!   in-memory index keeps them, and in titles), which answer a phrase of such words without
//!   reading the documents' texts.
//! - `<id>/v/<n>`: value tables, for filters on ranges: events' amounts (`kg:`) and days
//!   (`when:`), sorted, with each file's range in the root.
//! - `<id>/g/<n>`: for each word of dictionary block `n`, the years and sources of its one-word
//!   query's documents (the word's and its stem siblings'), fetched with the block, so that such
//!   a query shows its facets without reading its postings.
//! - `<id>/c/<n>`: a chunk of a list's postings ([`encode_docs`]).
//! - `<id>/t`: the documents' dates, as runs of one date; fetched for date filters and date order.
//!   `trawl pack` writes documents in date order ([`in_date_order`]), so the runs are few, a date
//!   filter is a few ranges of documents, and date order reads the lists from one end.
//! - `<id>/f/<k>/<n>`: one document's fragment (id, title, date, source, URL and the start of its
//!   text), for the results and their snippets; `k = n / 4096` keeps folders small.
//! - `<id>/x/<k>/<n>`: one document's whole title and text, when its fragment does not hold it
//!   whole (longer than 2 KB), for the reader; fetched to settle a phrase or NEAR in a document
//!   whose postings say it may match.
//!
//! Postings carry the field's length in the document, so a score is computed exactly as the
//! in-memory index computes it ([`search::contribution`]), and sums of contributions do not depend
//! on their order: the top 10 read here is the in-memory top 10, to the bit.
//!
//! The top `k` is found by bounds: after the dictionary blocks, every document seen has a
//! score range (known contributions, plus for each list the best posting of the chunks not fetched
//! that could hold it), and so does every stretch of unseen documents. Chunks are fetched only
//! where a range could still beat the k-th score, or what the documents sure to match are sure to
//! reach: of a list, the tiers whose best could still lift it past that. Counts are exact when
//! everything relevant was read, else an estimate (shown as "≈") until
//! [`SearchRequest::exact_count`] asks for the rest.

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::extract::{EntityKind, Extraction};
use crate::index::{Field, Index};
use crate::query::{EntityField, Filter, NumRange, Query, TermKind, TextField};
use crate::search::{self, FieldResolver, Hit, Lexicon, Plan, SearchOptions, Sort};
use crate::snippet;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The root file's first bytes; the last one is the format version.
pub const MAGIC: &[u8; 8] = b"TRAWLPT\x04";
/// Whether a file's bytes are gzip-compressed. `trawl pack` compresses the root too (a host that
/// does not compress it sends 40% of the bytes); readers inflate it before [`Collection::open`].
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The root file's name in a collection's folder.
pub const ROOT_FILE: &str = "trawl.root";
/// Documents per fragment folder.
const FRAGMENT_FOLDER: u32 = 4096;
/// Bytes of a document's text kept in its fragment (for snippets).
const FRAGMENT_TEXT: usize = 2048;

/// How a collection is cut into files.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Postings in a list's head, the best (a list of at most this many is stored whole).
    pub lead: usize,
    /// Postings in the first tier of the rest, read whole (one chunk).
    pub chunk: usize,
    /// Tiers of the rest, by impact: the first holds the next `chunk` best postings, each next one
    /// four times as many, the last all that are left (see [`tiers_of`]). On 1,000,000 generated
    /// reports, two read the least (docs/benchmarks.md).
    pub tiers: usize,
    /// Postings per chunk in the tiers after the first, which a query mostly reads a document's
    /// chunk of: the smaller, the less it reads besides.
    pub fine: usize,
    /// A dictionary block ends once it holds this many bytes.
    pub block_bytes: usize,
    /// The files under the id's folder are stored gzip-compressed, named with `.gz` (a host that
    /// does not compress them sends half the bytes; the reader inflates them before [`Collection::add`]).
    pub gzip: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout { lead: 128, chunk: 2048, tiers: 2, fine: 512, block_bytes: 12 * 1024, gzip: true }
    }
}

/// The root of a partitioned collection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Root {
    /// Names the folder of the collection's other files: a hash of their bytes.
    pub id: String,
    pub n_docs: u32,
    /// Terms in the dictionary: its words (ids below `n_words`), then the stored filter lists.
    pub n_terms: u32,
    pub n_words: u32,
    /// Whether the collection was written with its extraction: it answers entity and event
    /// filters (from stored lists, and from `kg` and `when`).
    pub extracted: bool,
    /// Events' amounts (kg), and the days events happened (first and last, [`day_number`]), sorted
    /// in files of [`VALUE_CHUNK`]: each file's least start, greatest end and number.
    pub kg: Vec<ValueFile>,
    pub when: Vec<ValueFile>,
    /// How many such files.
    pub values: u32,
    /// With the extraction: the whole collection's most mentioned people, organisations, places
    /// and drugs (kind, then names with their documents, most first), and events per kind.
    pub entities: Vec<(String, Vec<(String, u32)>)>,
    pub events: Vec<(String, u32)>,
    /// Average body and title length, as the in-memory index computes them.
    pub avg_len: [f32; 2],
    /// Body and title tokens in the whole collection.
    pub total_len: [u64; 2],
    /// First term and first term id of each dictionary block.
    pub blocks: Vec<(String, u32)>,
    pub chunks: u32,
    /// Whether the files under `id` are stored gzip-compressed (their names end in `.gz`).
    pub gzip: bool,
    /// The whole collection's sources and years, with their document counts.
    pub sources: Vec<(String, u32)>,
    pub years: Vec<(i32, u32)>,
}

/// A value table's file: its least start, its greatest end, its number.
pub type ValueFile = (f64, f64, u32);

/// One posting: a document, how often the term occurs in the field, and the field's length there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct P {
    doc: u32,
    tf: u32,
    len: u32,
}

/// A term's list in one field, as stored: its head's postings as [`encode_docs`] bytes (all of
/// them when there are no chunks) and the directory of the chunks holding the rest, tier by tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ListWire {
    df: u32,
    /// Occurrences in the whole collection (for distinctive terms).
    cf: u64,
    lead: Vec<u8>,
    tiers: Vec<TierWire>,
}

/// A tier of a list, as stored: its chunks are files `file`, `file + 1`, ..., the first holding
/// documents from `starts[0]`, each next one from `starts[i]` more, the last up to `last`; no
/// posting of the tier saturates more than `max_tfn`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TierWire {
    file: u32,
    max_tfn: f32,
    starts: Vec<u32>,
    last: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TermWire {
    text: String,
    lists: [Option<ListWire>; 2],
    /// Other terms sharing this one's stem.
    siblings: Vec<u32>,
    /// A frequent word: a pair of such words in a row has a gram list (if it occurs at all).
    gram: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct BlockWire {
    first_id: u32,
    terms: Vec<TermWire>,
}

/// A list as read: the head's postings in document order, and the chunks of the rest: tiers of
/// postings that score less and less, each tier's chunks in document order.
#[derive(Debug, Clone)]
struct ListMeta {
    df: u32,
    cf: u64,
    lead: Vec<P>,
    tiers: Vec<Vec<ChunkRef>>,
}

/// A tier's chunks as the reader uses them: each holds the tier's postings of documents `first`
/// to `last`.
fn tier_chunks(t: &TierWire, n_docs: u32, files: u32) -> Option<Vec<ChunkRef>> {
    let mut out: Vec<ChunkRef> = Vec::with_capacity(t.starts.len());
    let mut first = 0u32;
    for (i, &gap) in t.starts.iter().enumerate() {
        first = first.checked_add(gap).filter(|_| i == 0 || gap > 0)?;
        if let Some(prev) = out.last_mut() {
            prev.last = first - 1;
        }
        let file = t.file.checked_add(i as u32).filter(|&f| f < files)?;
        out.push(ChunkRef { first, last: first, max_tfn: t.max_tfn, file });
    }
    let end = out.last_mut()?;
    end.last = t.last;
    (end.first <= t.last && t.last < n_docs && t.max_tfn.is_finite()).then_some(out)
}

#[derive(Debug, Clone)]
struct TermMeta {
    text: String,
    lists: [Option<ListMeta>; 2],
    siblings: Vec<u32>,
    gram: bool,
}

#[derive(Debug, Clone)]
struct Block {
    first_id: u32,
    terms: Vec<TermMeta>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ChunkRef {
    first: u32,
    last: u32,
    /// The best saturated term frequency in the chunk.
    max_tfn: f32,
    file: u32,
}

/// What the results and the snippets show of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    pub id: String,
    pub title: String,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The start of the text (up to 2 KB, cut at a character boundary).
    pub text: String,
    /// Bytes of the whole text.
    pub text_len: u32,
    /// The entities the extraction found in `text`, for the reader.
    pub entities: Vec<Named>,
}

/// An entity a document names, and where: byte ranges of its body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub kind: EntityKind,
    pub name: String,
    pub at: Vec<(u32, u32)>,
}

/// Most chunks one round of a search asks for (unless it counts every match). A round trip costs
/// as long as about 125 KB at 20 Mbit/s, so a round asks for many: on 1,000,000 generated reports
/// (two-word queries, p50, chunks of 512), 16 a round took 8 rounds and 138 KB, 48 took 5 and 131 KB,
/// 128 took 4 and 129 KB, counting the root's.
const CHUNKS_PER_ROUND: usize = 128;

/// A damaged or foreign file of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartitionError {
    /// The root does not start with [`MAGIC`].
    NotARoot,
    /// A root of another format version.
    Version { found: u8, supported: u8 },
    /// A file did not decode, or points outside the collection.
    Damaged { file: String, what: &'static str },
    /// A file the collection does not have.
    UnknownFile(String),
    /// The root is still gzip-compressed ([`is_gzip`]).
    Compressed,
}

impl std::fmt::Display for PartitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartitionError::NotARoot => write!(f, "not a partitioned Trawl collection (no {ROOT_FILE} header)"),
            PartitionError::Version { found, supported } => write!(
                f,
                "this collection is in format version {found}; this Trawl reads version {supported}: build it again with `trawl pack --partitioned`"
            ),
            PartitionError::Damaged { file, what } => write!(f, "{file} is damaged: {what}"),
            PartitionError::UnknownFile(file) => write!(f, "{file} is not a file of this collection"),
            PartitionError::Compressed => write!(f, "{ROOT_FILE} is gzip-compressed: inflate it before opening"),
        }
    }
}

impl std::error::Error for PartitionError {}

fn saturation(p: &P, avg: f32) -> f32 {
    search::tf_norm(p.tf as f32, p.len as f32, avg)
}

/// Writes `index` (of `corpus`) as a partitioned collection, handing each file to `out` with its
/// path relative to the collection's folder; the root comes last. Files under the id's folder are
/// named `_/…` until the id is known: the caller puts them under [`Root::id`] (see
/// [`Written::folder`]), and with [`Layout::gzip`] compresses each and adds `.gz` to its name.
///
/// With `extraction` (of `corpus`), the collection answers entity and event filters (`person:`,
/// `kg:`, `when:`…) as the in-memory search does with it.
pub fn write(
    corpus: &crate::Corpus,
    index: &Index,
    extraction: Option<&Extraction>,
    layout: Layout,
    out: &mut dyn FnMut(&str, &[u8]),
) -> Written {
    let mut hash = Fnv::default();
    let mut emit = |path: String, bytes: Vec<u8>| {
        hash.write(path.as_bytes());
        hash.write(&bytes);
        out(&path, &bytes);
    };
    let avg = [index.avg_len(Field::Body).max(1.0), index.avg_len(Field::Title).max(1.0)];
    let mut chunks = 0u32;
    let mut blocks: Vec<(String, u32)> = Vec::new();
    let mut block = BlockWire { first_id: 0, terms: Vec::new() };
    let mut block_size = 0usize;
    let (sources, years) = whole_facets(index);
    let source_at = source_positions(index, &sources);
    let mut facets: Vec<TermFacets> = Vec::new();
    let flush = |block: &mut BlockWire,
                 facets: &mut Vec<TermFacets>,
                 blocks: &mut Vec<(String, u32)>,
                 emit: &mut dyn FnMut(String, Vec<u8>)| {
        if block.terms.is_empty() {
            return;
        }
        blocks.push((block.terms[0].text.clone(), block.first_id));
        emit(format!("_/d/{}", blocks.len() - 1), postcard::to_allocvec(&*block).unwrap_or_default());
        emit(format!("_/g/{}", blocks.len() - 1), postcard::to_allocvec(&*facets).unwrap_or_default());
        block.terms.clear();
        facets.clear();
    };
    // The dictionary's terms, then the stored filter lists (after every word: see [`STORED`]).
    let stored = stored_lists(corpus, index, extraction);
    let words = index.n_terms() as u32;
    for id in 0..words + stored.len() as u32 {
        let (text, postings, siblings): (String, [Vec<P>; 2], Vec<u32>) = match id.checked_sub(words) {
            None => (
                index.term(id).to_string(),
                Field::ALL.map(|field| {
                    index
                        .postings(field, id)
                        .map(|p| P { doc: p.doc, tf: p.tf, len: index.doc_len(field, p.doc) })
                        .collect()
                }),
                index.stem_siblings(id).collect(),
            ),
            Some(s) => {
                let (text, postings) = &stored[s as usize];
                (text.clone(), postings.clone(), Vec::new())
            }
        };
        let mut lists: [Option<ListWire>; 2] = [None, None];
        for (field, ps) in Field::ALL.into_iter().zip(postings) {
            if ps.is_empty() {
                continue;
            }
            let df = ps.len() as u32;
            let cf = ps.iter().map(|p| p.tf as u64).sum();
            if ps.len() <= layout.lead {
                lists[field as usize] = Some(ListWire { df, cf, lead: encode_docs(&ps), tiers: Vec::new() });
                continue;
            }
            let a = avg[field as usize];
            let mut by_impact: Vec<usize> = (0..ps.len()).collect();
            by_impact.sort_by(|&x, &y| saturation(&ps[y], a).total_cmp(&saturation(&ps[x], a)).then(x.cmp(&y)));
            // The head, then each tier: the next best postings, in document order.
            let mut tiers = Vec::new();
            let mut lead = Vec::new();
            let impacts: Vec<f32> = by_impact.iter().map(|&i| saturation(&ps[i], a)).collect();
            for (t, range) in std::iter::once(0..layout.lead).chain(tiers_of(&layout, &impacts)).enumerate() {
                let mut ids = by_impact[range].to_vec();
                ids.sort_unstable();
                let part: Vec<P> = ids.into_iter().map(|i| ps[i]).collect();
                if t == 0 {
                    lead = part;
                    continue;
                }
                // A tier short enough is read whole, in one file; a longer one mostly a document's chunk.
                let size = if part.len() <= layout.chunk { layout.chunk } else { layout.fine };
                let max_tfn = part.iter().map(|p| saturation(p, a)).fold(0.0f32, f32::max);
                let mut tier = TierWire { file: chunks, max_tfn, starts: Vec::new(), last: 0 };
                let mut prev = 0;
                for part in part.chunks(size.max(1)) {
                    tier.starts.push(part[0].doc - prev);
                    (prev, tier.last) = (part[0].doc, part[part.len() - 1].doc);
                    emit(format!("_/c/{chunks}"), encode_docs(part));
                    chunks += 1;
                }
                tiers.push(tier);
            }
            lists[field as usize] = Some(ListWire { df, cf, lead: encode_docs(&lead), tiers });
        }
        if block.terms.is_empty() {
            block.first_id = id;
            block_size = 0;
        }
        facets.push(if id < words { word_facets(index, id, &source_at) } else { TermFacets::default() });
        let term = TermWire { text, lists, siblings, gram: id < words && index.gram_eligible(id, id) };
        block_size += postcard::experimental::serialized_size(&term).unwrap_or(0);
        block.terms.push(term);
        if block_size >= layout.block_bytes {
            flush(&mut block, &mut facets, &mut blocks, &mut emit);
        }
    }
    flush(&mut block, &mut facets, &mut blocks, &mut emit);
    let mut named = extraction.map_or_else(Vec::new, |x| named_per_doc(x, corpus.len()));
    for (n, doc) in corpus.docs().iter().enumerate() {
        let entities = named.get_mut(n).map(std::mem::take).unwrap_or_default();
        let mut cut = doc.body.len().min(FRAGMENT_TEXT);
        while !doc.body.is_char_boundary(cut) {
            cut -= 1;
        }
        let fragment = Fragment {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date,
            source: doc.source.clone(),
            url: doc.url.clone(),
            text: doc.body[..cut].to_string(),
            text_len: doc.body.len() as u32,
            entities: within(&entities, cut as u32),
        };
        emit(fragment_path("_", n as u32), postcard::to_allocvec(&fragment).unwrap_or_default());
        // A text the fragment holds whole is not stored twice.
        if cut < doc.body.len() {
            let text = DocText { title: doc.title.clone(), body: doc.body.clone(), entities };
            emit(text_path("_", n as u32), postcard::to_allocvec(&text).unwrap_or_default());
        }
    }
    emit("_/t".to_string(), postcard::to_allocvec(&date_runs(index)).unwrap_or_default());
    let mut values = 0u32;
    let (kg, when) = match extraction {
        Some(x) => {
            let kg = x.events.iter().filter_map(|e| e.kg.map(|kg| (kg, kg, e.doc)));
            let when = x
                .events
                .iter()
                .filter_map(|e| e.date.map(|d| (day_number(d.first_day()), day_number(d.last_day()), e.doc)));
            let mut table = |entries: Vec<(f64, f64, u32)>| value_table(entries, &mut values, &mut emit);
            (table(kg.collect()), table(when.collect()))
        }
        None => (Vec::new(), Vec::new()),
    };
    let root = Root {
        id: format!("{:016x}", hash.0),
        n_docs: index.n_docs(),
        n_terms: words + stored.len() as u32,
        n_words: words,
        extracted: extraction.is_some(),
        entities: extraction.map_or_else(Vec::new, |x| whole_entities(x, index.n_docs())),
        events: extraction.map_or_else(Vec::new, |x| {
            let mut counts: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
            x.events.iter().for_each(|e| *counts.entry(e.kind.as_str()).or_default() += 1);
            counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect()
        }),
        kg,
        when,
        values,
        avg_len: avg,
        total_len: Field::ALL.map(|f| index.total_len(f)),
        blocks,
        chunks,
        gzip: layout.gzip,
        sources,
        years,
    };
    let mut bytes = MAGIC.to_vec();
    bytes.extend(postcard::to_allocvec(&root).unwrap_or_default());
    out(ROOT_FILE, &bytes);
    Written { root }
}

/// Where each tier of a list starts and ends in its impact order (`impacts`, the best first),
/// after the head: the first tier holds `layout.chunk` postings, each next one four times as many,
/// the last the rest, and each takes every posting tied with its last (ties share one bound).
/// A top 10 reads the first tiers of its lists, whose postings score the most; a document's own
/// posting, when it is needed, is in one chunk of each tier at most.
fn tiers_of(layout: &Layout, impacts: &[f32]) -> Vec<std::ops::Range<usize>> {
    let (n, tiers) = (impacts.len(), layout.tiers.max(1));
    let mut start = layout.lead.min(n);
    let mut out = Vec::new();
    for t in 0..tiers {
        if start >= n {
            break;
        }
        let size = layout.chunk.max(1).saturating_mul(1 << (2 * t).min(40));
        let mut end = if t + 1 == tiers { n } else { start.saturating_add(size).min(n) };
        while end < n && impacts[end] == impacts[end - 1] {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// `corpus` with its documents in date order, newest first (by first day, then last day; undated
/// last; as given among equals): the order [`write()`] is best given, where a date filter or date
/// order reads a few runs of dates instead of a date per document, and where documents that score
/// alike (a filter alone) rank newest first.
pub fn in_date_order(corpus: crate::Corpus) -> crate::Corpus {
    let mut docs = corpus.into_docs();
    docs.sort_by_key(|d| (d.date.is_none(), std::cmp::Reverse(d.date.map(|x| (x.first_day(), x.last_day())))));
    let mut out = crate::Corpus::new();
    for d in docs {
        out.add_shared(d);
    }
    out
}

/// What [`write`] wrote.
pub struct Written {
    pub root: Root,
}

impl Written {
    /// The folder the files written as `_/…` belong in.
    pub fn folder(&self) -> &str {
        &self.root.id
    }
}

fn fragment_path(id: &str, doc: u32) -> String {
    format!("{id}/f/{}/{doc}", doc / FRAGMENT_FOLDER)
}

fn text_path(id: &str, doc: u32) -> String {
    format!("{id}/x/{}/{doc}", doc / FRAGMENT_FOLDER)
}

/// A document's whole text: what the reader shows, and what settles a phrase or NEAR in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocText {
    pub title: String,
    pub body: String,
    /// The entities the extraction found in `body`.
    pub entities: Vec<Named>,
}

/// A document's words in order, per field (body, title): (position, normal form), as the index
/// numbers positions (a compound and its first part share one).
type Words = [Vec<(u32, String)>; 2];

fn words_of(text: &DocText) -> Words {
    let words = |t: &str| {
        let mut out = Vec::new();
        crate::text::for_each_term(t, |t| out.push((t.position, t.norm.to_string())));
        out
    };
    [words(&text.body), words(&text.title)]
}

/// What a stored file's name ends with.
fn suffix(root: &Root) -> &'static str {
    if root.gzip {
        ".gz"
    } else {
        ""
    }
}

/// What the dictionary's stored filter lists start with: a character no word holds, and the
/// largest, so they sort after every word and their ids follow the words'.
const STORED: char = '\u{10FFFF}';

/// A source filter's list in the dictionary.
fn source_list(norm: &str) -> String {
    format!("{STORED}source:{norm}")
}

/// An entity or event filter's list in the dictionary (`value` in normal form).
fn entity_list(field: EntityField, value: &str) -> String {
    format!("{STORED}{}:{value}", field.name())
}

/// The filter lists stored in the dictionary, in order: each source's documents, and with an
/// extraction, the documents of each value an entity or event filter can match. A filter value
/// matches a name when its words are a run of the name's words, or it is a mention as written
/// (in normal form), as [`Extraction`]'s `FieldResolver` decides: every such run and mention is
/// a list.
///
/// And the common grams' lists (pairs of frequent words in a row, with how often): in the body, the
/// in-memory index's, which answer a two-word phrase of such words; in titles, counted here.
fn stored_lists(corpus: &crate::Corpus, index: &Index, extraction: Option<&Extraction>) -> Vec<(String, [Vec<P>; 2])> {
    let mut lists = filter_lists(index, extraction)
        .into_iter()
        .map(|(k, docs)| (k, [docs.into_iter().map(|doc| P { doc, tf: 1, len: 1 }).collect(), Vec::new()]))
        .collect::<std::collections::BTreeMap<String, [Vec<P>; 2]>>();
    for (g, &key) in index.gram_keys().iter().enumerate() {
        let (a, b) = ((key >> 32) as u32, (key & 0xFFFF_FFFF) as u32);
        let ps =
            index.gram_postings(g as u32).map(|p| P { doc: p.doc, tf: p.tf, len: index.doc_len(Field::Body, p.doc) });
        lists.entry(gram_list(index.term(a), index.term(b))).or_default()[Field::Body as usize] = ps.collect();
    }
    // Titles: every term at one position with every term at the next, as the body's grams pair them.
    let mut titles: HashMap<(u32, u32), Vec<P>> = HashMap::new();
    for (d, doc) in corpus.docs().iter().enumerate() {
        let mut at: Vec<(u32, u32)> = Vec::new();
        crate::text::for_each_term(&doc.title, |t| {
            if let Some(id) = index.term_id(t.norm) {
                at.push((t.position, id));
            }
        });
        let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
        for &(p, a) in &at {
            for &(_, b) in at.iter().filter(|x| x.0 == p + 1) {
                if index.gram_eligible(a, b) {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let len = index.doc_len(Field::Title, d as u32);
        for (pair, tf) in pairs {
            titles.entry(pair).or_default().push(P { doc: d as u32, tf, len });
        }
    }
    for ((a, b), mut ps) in titles {
        ps.sort_by_key(|p| p.doc);
        lists.entry(gram_list(index.term(a), index.term(b))).or_default()[Field::Title as usize] = ps;
    }
    lists.into_iter().collect()
}

/// A common gram's list in the dictionary.
fn gram_list(first: &str, second: &str) -> String {
    format!("{STORED}gram:{first} {second}")
}

fn filter_lists(index: &Index, extraction: Option<&Extraction>) -> Vec<(String, Vec<u32>)> {
    let t = &index.docs;
    let mut lists: std::collections::BTreeMap<String, Vec<u32>> = std::collections::BTreeMap::new();
    for d in 0..index.n_docs() {
        if let Some(&s) = t.source.get(d as usize).filter(|&&s| s != u32::MAX) {
            lists.entry(source_list(&t.source_norms[s as usize])).or_default().push(d);
        }
    }
    let Some(x) = extraction else { return lists.into_iter().collect() };
    let mut add = |field: EntityField, keys: &mut dyn Iterator<Item = String>, docs: &[u32]| {
        let mut keys: Vec<String> = keys.filter(|k| !k.is_empty()).collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            lists.entry(entity_list(field, &k)).or_default().extend_from_slice(docs);
        }
    };
    fn runs(name: &str) -> impl Iterator<Item = String> {
        let w = crate::text::normalize_words(name);
        (0..w.len()).flat_map(move |i| (i + 1..=w.len()).map(|j| w[i..j].join(" ")).collect::<Vec<_>>())
    }
    for e in &x.entities {
        let field = match e.kind {
            EntityKind::Person => EntityField::Person,
            EntityKind::Org => EntityField::Org,
            EntityKind::Place => EntityField::Place,
            EntityKind::Drug => EntityField::Drug,
        };
        let docs: Vec<u32> = e.mentions.iter().map(|m| m.doc).collect();
        let mentions = e.mentions.iter().map(|m| crate::text::normalize_label(&m.text));
        add(field, &mut runs(&e.name).chain(mentions), &docs);
        if let (EntityKind::Place, Some(country)) = (e.kind, &e.country) {
            add(EntityField::Country, &mut runs(country), &docs);
        }
    }
    for ev in &x.events {
        if let Some(drug) = &ev.drug {
            add(EntityField::Drug, &mut runs(drug), &[ev.doc]);
        }
        let cooperation = ev.kind.is_cooperation().then(|| "cooperation".to_string());
        add(EntityField::Event, &mut std::iter::once(ev.kind.as_str().to_string()).chain(cooperation), &[ev.doc]);
    }
    lists
        .into_iter()
        .map(|(k, mut docs)| {
            crate::order::sort_u32(&mut docs);
            docs.dedup();
            (k, docs)
        })
        .collect()
}

/// Entries of a value table (kg, or event days) per file.
const VALUE_CHUNK: usize = 4096;

/// A day as a number, in the order of days (for event dates in value tables).
fn day_number(d: Date) -> f64 {
    (d.year as i64 * 512 + d.month as i64 * 32 + d.day as i64) as f64
}

/// Writes a value table's entries (start, end, document) sorted by start, in files `v/<n>`
/// numbered from `files`; returns each file's least start, greatest end and number.
fn value_table(
    mut entries: Vec<(f64, f64, u32)>,
    files: &mut u32,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> Vec<(f64, f64, u32)> {
    entries.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
    let mut out = Vec::new();
    for part in entries.chunks(VALUE_CHUNK) {
        let hi = part.iter().map(|e| e.1).fold(f64::NEG_INFINITY, f64::max);
        out.push((part[0].0, hi, *files));
        emit(format!("_/v/{files}"), postcard::to_allocvec(part).unwrap_or_default());
        *files += 1;
    }
    out
}

/// The documents' dates as runs: how many documents in a row share a date. The writer keeps the
/// order it is given; `trawl pack` orders documents by date, so that date filters and date order
/// read few runs.
fn date_runs(index: &Index) -> Vec<(u32, Option<Date>)> {
    let mut runs: Vec<(u32, Option<Date>)> = Vec::new();
    for &date in &index.docs.date {
        match runs.last_mut() {
            Some((n, d)) if *d == date => *n += 1,
            _ => runs.push((1, date)),
        }
    }
    runs
}

/// Sources and years with their document counts.
type Facets = (Vec<(String, u32)>, Vec<(i32, u32)>);

/// What a one-word query's documents (the word's and its stem siblings', in any field) count per
/// year, and per source (by position in [`Root::sources`]), so that such a query shows its facets
/// without reading its postings. Stored per dictionary block, in `g/<n>`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct TermFacets {
    years: Vec<(i32, u32)>,
    sources: Vec<(u32, u32)>,
}

/// Entities shown for the whole collection, per kind.
const WHOLE_ENTITIES: usize = 20;

fn whole_entities(x: &Extraction, n_docs: u32) -> Vec<(String, Vec<(String, u32)>)> {
    let all: Vec<u32> = (0..n_docs).collect();
    x.facets(&all, WHOLE_ENTITIES)
        .into_iter()
        .map(|(kind, names)| (kind.as_str().to_string(), names.into_iter().map(|(n, c)| (n, c as u32)).collect()))
        .collect()
}

/// Each source id of `index`'s table's position in the root's `sources`.
fn source_positions(index: &Index, sources: &[(String, u32)]) -> Vec<u32> {
    let at: HashMap<&str, u32> = sources.iter().enumerate().map(|(i, s)| (s.0.as_str(), i as u32)).collect();
    index.docs.sources.iter().map(|s| at.get(s.as_str()).copied().unwrap_or(u32::MAX)).collect()
}

fn word_facets(index: &Index, id: u32, source_at: &[u32]) -> TermFacets {
    let mut docs: Vec<u32> = Vec::new();
    for t in std::iter::once(id).chain(index.stem_siblings(id)) {
        for field in Field::ALL {
            docs.extend(index.postings(field, t).map(|p| p.doc));
        }
    }
    crate::order::sort_u32(&mut docs);
    docs.dedup();
    let (mut years, mut sources): (HashMap<i32, u32>, HashMap<u32, u32>) = (HashMap::new(), HashMap::new());
    let t = &index.docs;
    for d in docs {
        if let Some(date) = t.date[d as usize] {
            *years.entry(date.year).or_default() += 1;
        }
        if let Some(&at) = source_at.get(t.source[d as usize] as usize) {
            *sources.entry(at).or_default() += 1;
        }
    }
    let mut f = TermFacets { years: years.into_iter().collect(), sources: sources.into_iter().collect() };
    crate::order::sort_by_key(&mut f.years, |y| y.0);
    crate::order::sort_by_key(&mut f.sources, |s| s.0);
    f
}

fn whole_facets(index: &Index) -> Facets {
    let t = &index.docs;
    let mut sources = vec![0u32; t.sources.len()];
    let mut years = vec![0u32; t.n_years];
    for d in 0..index.n_docs() as usize {
        if let Some(&s) = t.source.get(d).filter(|&&s| s != u32::MAX) {
            sources[s as usize] += 1;
        }
        if let Some(date) = t.date[d] {
            years[(date.year - t.first_year) as usize] += 1;
        }
    }
    let mut sources: Vec<(String, u32)> = t.sources.iter().cloned().zip(sources).filter(|(_, c)| *c > 0).collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let years =
        years.into_iter().enumerate().filter(|(_, c)| *c > 0).map(|(i, c)| (t.first_year + i as i32, c)).collect();
    (sources, years)
}

/// Postings in document order as varints: document delta, term frequency, field length.
/// Postings as bytes: their number, then each column apart (documents as gaps, term frequencies,
/// field lengths), which compresses a quarter better than posting after posting.
fn encode_docs(ps: &[P]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ps.len() * 4);
    put_varint(&mut out, ps.len() as u32);
    let mut prev = 0;
    for p in ps {
        put_varint(&mut out, p.doc - prev);
        prev = p.doc;
    }
    ps.iter().for_each(|p| put_varint(&mut out, p.tf));
    ps.iter().for_each(|p| put_varint(&mut out, p.len));
    out
}

fn decode_docs(bytes: &[u8], at: &mut usize, n_docs: u32) -> Option<Vec<P>> {
    let n = get_varint(bytes, at)? as usize;
    let mut out = Vec::with_capacity(n.min(bytes.len()));
    let mut prev = 0u32;
    for i in 0..n {
        let delta = get_varint(bytes, at)?;
        let doc = prev.checked_add(delta)?;
        if (i > 0 && delta == 0) || doc >= n_docs {
            return None;
        }
        out.push(P { doc, tf: 0, len: 0 });
        prev = doc;
    }
    for p in &mut out {
        p.tf = get_varint(bytes, at)?;
    }
    for p in &mut out {
        p.len = get_varint(bytes, at)?;
    }
    Some(out)
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= ((b & 0x7f) as u32).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

#[derive(Default)]
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = 0xcbf2_9ce4_8422_2325;
        }
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// A partitioned collection as far as it has been fetched: the root, and the dictionary blocks,
/// chunks and fragments read so far, kept for later queries until [`Collection::keep_at_most`]
/// lets the oldest go.
pub struct Collection {
    root: Root,
    blocks: HashMap<u32, Block>,
    chunks: HashMap<u32, Vec<P>>,
    fragments: HashMap<u32, Fragment>,
    /// Documents' whole texts, and their words in order (for phrases and NEAR).
    texts: HashMap<u32, (DocText, Words)>,
    /// Facets of one-word queries, per dictionary block.
    facets: HashMap<u32, Vec<TermFacets>>,
    /// Files of the value tables (kg, event days): (start, end, document).
    values: HashMap<u32, Vec<(f64, f64, u32)>>,
    /// The documents' dates: where each run of one date starts, and the date (fetched for date
    /// filters and date order).
    dates: Option<Vec<(u32, Option<Date>)>>,
    /// What was added, oldest first, with about how many bytes it holds in memory.
    added: std::collections::VecDeque<(Kind, u32, usize)>,
    held: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Block,
    Chunk,
    Fragment,
    Text,
    Facets,
    Values,
    Dates,
}

/// A query to run with [`Collection::search`].
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub opts: SearchOptions,
    /// Read every posting the query needs, so that the total is exact (else it may be an estimate).
    pub exact_count: bool,
    /// Fetch the hits' fragments and make their snippets.
    pub fragments: bool,
}

/// How many documents match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Total {
    Exact(usize),
    /// Not every posting was read: about this many (at least as many as were seen to match).
    About(usize),
}

/// The answer to a query.
#[derive(Debug, Clone)]
pub struct Results {
    pub total: Total,
    /// Hits in rank order; with `fragments`, with their titles, metadata and snippets, else with
    /// only `doc_idx` and `score`.
    pub hits: Vec<Hit>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the query marks in bodies (with `fragments`; for a reader of a hit's fragment).
    pub body_marks: snippet::Highlighter,
    /// The matches' sources and years, for a one-word query (precomputed: its postings are not
    /// all read); other queries have none.
    pub facets: Option<search::Facets>,
}

/// What [`Collection::search`] (or [`Collection::documents`]) needs next.
#[derive(Debug)]
pub enum Step<T = Results> {
    /// Fetch these files (paths relative to the collection's folder), all at once, hand each to
    /// [`Collection::add`], and ask again.
    Need(Vec<String>),
    Done(T),
}

impl Collection {
    /// Opens a collection from its root file's bytes.
    pub fn open(bytes: &[u8]) -> Result<Collection, PartitionError> {
        if is_gzip(bytes) {
            return Err(PartitionError::Compressed);
        }
        let Some(rest) = bytes.strip_prefix(&MAGIC[..7]) else { return Err(PartitionError::NotARoot) };
        match rest.first() {
            Some(&v) if v == MAGIC[7] => {}
            Some(&v) => return Err(PartitionError::Version { found: v, supported: MAGIC[7] }),
            None => return Err(PartitionError::NotARoot),
        }
        let damaged = |what| PartitionError::Damaged { file: ROOT_FILE.to_string(), what };
        let root: Root = postcard::from_bytes(&rest[1..]).map_err(|_| damaged("does not decode"))?;
        let ordered = root.blocks.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1);
        if !ordered || root.blocks.iter().any(|b| b.1 >= root.n_terms) || root.id.contains(['/', '.']) {
            return Err(damaged("its dictionary blocks are out of order"));
        }
        Ok(Collection {
            root,
            blocks: HashMap::new(),
            chunks: HashMap::new(),
            fragments: HashMap::new(),
            texts: HashMap::new(),
            facets: HashMap::new(),
            values: HashMap::new(),
            dates: None,
            added: std::collections::VecDeque::new(),
            held: 0,
        })
    }

    pub fn root(&self) -> &Root {
        &self.root
    }

    /// The terms of the fetched dictionary blocks with their body document frequency, in order
    /// (for choosing benchmark queries from a collection's own words).
    pub fn fetched_terms(&self) -> Vec<(String, u32)> {
        let lex = Fetched::new(self);
        lex.fetched_in_order()
            .into_iter()
            .filter(|&(id, _)| id < self.root.n_words)
            .map(|(id, t)| (t.to_string(), lex.df(Field::Body, id)))
            .collect()
    }

    /// The dictionary block files (for choosing benchmark queries).
    pub fn block_files(&self) -> Vec<String> {
        (0..self.root.blocks.len() as u32).map(|b| self.path('d', b)).collect()
    }

    /// Bytes held by the fetched files, about (their postings and texts).
    pub fn held_bytes(&self) -> usize {
        self.held
    }

    /// Lets the files fetched longest ago go until what is held is at most `bytes` (call it between
    /// queries: a query in progress may need everything it fetched). Memory then stays bounded
    /// whatever the collection's size; a query that needs a file let go fetches it again.
    pub fn keep_at_most(&mut self, bytes: usize) {
        while self.held > bytes {
            let Some((kind, n, size)) = self.added.pop_front() else { break };
            let gone = match kind {
                Kind::Block => self.blocks.remove(&n).is_some(),
                Kind::Chunk => self.chunks.remove(&n).is_some(),
                Kind::Fragment => self.fragments.remove(&n).is_some(),
                Kind::Text => self.texts.remove(&n).is_some(),
                Kind::Facets => self.facets.remove(&n).is_some(),
                Kind::Values => self.values.remove(&n).is_some(),
                Kind::Dates => self.dates.take().is_some(),
            };
            if gone {
                self.held -= size;
            }
        }
    }

    fn note(&mut self, kind: Kind, n: u32, size: usize) {
        let had = match kind {
            Kind::Block => self.blocks.contains_key(&n),
            Kind::Chunk => self.chunks.contains_key(&n),
            Kind::Fragment => self.fragments.contains_key(&n),
            Kind::Text => self.texts.contains_key(&n),
            Kind::Facets => self.facets.contains_key(&n),
            Kind::Values => self.values.contains_key(&n),
            Kind::Dates => self.dates.is_some(),
        };
        if !had {
            self.added.push_back((kind, n, size));
            self.held += size;
        }
    }

    /// Document `doc`'s fragment, if fetched (a hit's, once its results are done): what a reader
    /// shows of it.
    pub fn fragment(&self, doc: u32) -> Option<&Fragment> {
        self.fragments.get(&doc)
    }

    /// Runs `step` (a [`Collection::search`], [`Collection::documents`]) to the end, for readers
    /// that fetch synchronously (the CLI, benchmarks, tests): `fetch` gets each round's files, all
    /// at once, and returns their bytes (inflated) in the same order. An asynchronous reader (the
    /// page) runs the same loop with its own awaits.
    pub fn run<T, E: From<PartitionError>>(
        &mut self,
        step: impl Fn(&Collection) -> Step<T>,
        mut fetch: impl FnMut(&[String]) -> Result<Vec<Vec<u8>>, E>,
    ) -> Result<T, E> {
        let mut last: Vec<String> = Vec::new();
        loop {
            let paths = match step(self) {
                Step::Done(t) => return Ok(t),
                Step::Need(paths) => paths,
            };
            if paths == last {
                // Added, yet asked for again: the files do not hold what the directory says.
                let file = paths.first().cloned().unwrap_or_default();
                return Err(PartitionError::Damaged { file, what: "it does not hold what the dictionary says" }.into());
            }
            let data = fetch(&paths)?;
            for (p, bytes) in paths.iter().zip(&data) {
                self.add(p, bytes)?;
            }
            last = paths;
        }
    }

    /// Document `doc`'s whole title and text, if fetched (see [`Collection::documents`]).
    pub fn text(&self, doc: u32) -> Option<&DocText> {
        self.texts.get(&doc).map(|t| &t.0)
    }

    /// Document `doc` whole (the reader's), as a fragment holding all its text and entities: the
    /// files to fetch first, or the document (`None` when the collection has no such document).
    pub fn whole(&self, doc: u32) -> Step<Option<Fragment>> {
        if let Some(need) = self.texts_missing(&[doc]) {
            return need;
        }
        Step::Done(self.fragments.get(&doc).zip(self.text(doc)).map(|(f, t)| {
            let (text, entities) = (t.body.clone(), t.entities.clone());
            Fragment { text_len: text.len() as u32, text, entities, ..f.clone() }
        }))
    }

    /// Documents `docs` whole, in the order given (the top hits for a concordance or collocates,
    /// which then run on those documents only): the files to fetch first, or the documents.
    pub fn documents(&self, docs: &[u32]) -> Step<crate::Corpus> {
        if let Some(need) = self.texts_missing(docs) {
            return need;
        }
        let mut corpus = crate::Corpus::new();
        for d in docs {
            let (Some(f), Some((t, _))) = (self.fragments.get(d), self.texts.get(d)) else { continue };
            corpus.add(crate::document::Document {
                id: f.id.clone(),
                path: f.id.clone(),
                title: t.title.clone(),
                date: f.date,
                source: f.source.clone(),
                url: f.url.clone(),
                dateline: None,
                body: t.body.clone(),
                warnings: Vec::new(),
            });
        }
        Step::Done(corpus)
    }

    /// Terms distinctive of `top` (documents of this collection fetched whole with
    /// [`Collection::documents`], such as a query's top hits) against the rest of the collection,
    /// as [`stats::distinctive_terms`] computes them in memory: their words counted, then each
    /// candidate's count in the whole collection read from its dictionary block.
    ///
    /// [`stats::distinctive_terms`]: crate::stats::distinctive_terms
    pub fn distinctive(&self, top: &crate::Corpus, min_count: u32, limit: usize) -> Step<Vec<crate::stats::Keyness>> {
        let index = Index::build(top);
        let all: Vec<u32> = (0..top.len() as u32).collect();
        let sample = crate::stats::sample(top, &index, &all);
        let mut blocks: Vec<u32> =
            sample.counts.iter().filter(|&(_, &n)| n >= min_count).map(|(t, _)| self.block_of(t)).collect();
        blocks.sort_unstable();
        blocks.dedup();
        let missing: Vec<String> =
            blocks.iter().filter(|b| !self.blocks.contains_key(b)).map(|&b| self.path('d', b)).collect();
        if !missing.is_empty() {
            return Step::Need(missing);
        }
        let cf = |term: &str| {
            let b = self.blocks.get(&self.block_of(term))?;
            let at = b.terms.binary_search_by(|t| t.text.as_str().cmp(term)).ok()?;
            // A word of the whole collection counts at least its occurrences in `top`.
            Some(b.terms[at].lists[Field::Body as usize].as_ref().map_or(0, |l| l.cf.min(u32::MAX as u64) as u32))
        };
        Step::Done(crate::stats::keyness(&sample, self.root.total_len[Field::Body as usize], cf, min_count, limit))
    }

    /// The files that bring `docs`' whole texts, when some are not fetched yet.
    fn texts_missing<T>(&self, docs: &[u32]) -> Option<Step<T>> {
        let missing: Vec<String> = docs
            .iter()
            .filter(|&&d| d < self.root.n_docs)
            .filter(|&&d| !self.fragments.contains_key(&d) || !self.texts.contains_key(&d))
            .map(|&d| self.text_file(d))
            .collect();
        (!missing.is_empty()).then(|| Step::Need(dedup(missing)))
    }

    /// Files fetched and kept so far.
    pub fn files_held(&self) -> usize {
        self.blocks.len() + self.chunks.len() + self.fragments.len() + self.texts.len()
    }

    /// Reads a fetched file (`path` as [`Step::Need`] named it; inflated first if it ends in `.gz`).
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), PartitionError> {
        let unknown = || PartitionError::UnknownFile(path.to_string());
        let rest = path
            .strip_suffix(suffix(&self.root))
            .and_then(|p| p.strip_prefix(self.root.id.as_str()))
            .and_then(|r| r.strip_prefix('/'))
            .ok_or_else(unknown)?;
        let damaged = |what| PartitionError::Damaged { file: path.to_string(), what };
        if rest == "t" {
            let runs: Vec<(u32, Option<Date>)> = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
            let mut starts = Vec::with_capacity(runs.len());
            let mut at = 0u32;
            for (n, date) in runs {
                starts.push((at, date));
                at = at.checked_add(n).filter(|_| n > 0).ok_or_else(|| damaged("its runs do not add up"))?;
            }
            if at != self.root.n_docs {
                return Err(damaged("its runs do not cover the collection"));
            }
            self.note(Kind::Dates, 0, starts.len() * 16 + 32);
            self.dates = Some(starts);
            return Ok(());
        }
        let (kind, number) = rest.split_once('/').ok_or_else(unknown)?;
        let number = number.rsplit('/').next().and_then(|n| n.parse::<u32>().ok()).ok_or_else(unknown)?;
        let n_docs = self.root.n_docs;
        match kind {
            "d" if (number as usize) < self.root.blocks.len() => {
                let wire: BlockWire = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
                let (first, first_id) = &self.root.blocks[number as usize];
                let next = self.root.blocks.get(number as usize + 1).map_or(self.root.n_terms, |b| b.1);
                let sound = wire.first_id == *first_id
                    && wire.terms.first().is_some_and(|t| &t.text == first)
                    && wire.first_id as usize + wire.terms.len() == next as usize
                    && wire.terms.windows(2).all(|w| w[0].text < w[1].text)
                    && wire.terms.iter().all(|t| t.siblings.iter().all(|&s| s < self.root.n_terms));
                if !sound {
                    return Err(damaged("its terms do not match the root"));
                }
                let mut terms = Vec::with_capacity(wire.terms.len());
                for t in wire.terms {
                    let [body, title] = t.lists;
                    let read = |l: Option<ListWire>| -> Result<Option<ListMeta>, PartitionError> {
                        let Some(l) = l else { return Ok(None) };
                        let lead = decode_docs(&l.lead, &mut 0, n_docs).ok_or_else(|| damaged("bad postings"))?;
                        let tiers: Option<Vec<Vec<ChunkRef>>> =
                            l.tiers.iter().map(|t| tier_chunks(t, n_docs, self.root.chunks)).collect();
                        match tiers {
                            Some(tiers) if !tiers.is_empty() || lead.len() == l.df as usize => {
                                Ok(Some(ListMeta { df: l.df, cf: l.cf, lead, tiers }))
                            }
                            _ => Err(damaged("a list's chunks overlap or point outside the collection")),
                        }
                    };
                    terms.push(TermMeta {
                        text: t.text,
                        lists: [read(body)?, read(title)?],
                        siblings: t.siblings,
                        gram: t.gram,
                    });
                }
                let size: usize = terms
                    .iter()
                    .map(|t| {
                        let lists: usize = t
                            .lists
                            .iter()
                            .flatten()
                            .map(|l| l.lead.len() * 12 + l.tiers.concat().len() * 16 + 48)
                            .sum();
                        t.text.len() + 56 + t.siblings.len() * 4 + lists
                    })
                    .sum();
                self.note(Kind::Block, number, size);
                self.blocks.insert(number, Block { first_id: wire.first_id, terms });
            }
            "c" if number < self.root.chunks => {
                let ps = decode_docs(bytes, &mut 0, n_docs).ok_or_else(|| damaged("bad postings"))?;
                self.note(Kind::Chunk, number, ps.len() * 12 + 32);
                self.chunks.insert(number, ps);
            }
            "g" if (number as usize) < self.root.blocks.len() => {
                let f: Vec<TermFacets> = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
                let n_sources = self.root.sources.len() as u32;
                if f.iter().any(|t| t.sources.iter().any(|s| s.0 >= n_sources)) {
                    return Err(damaged("a source outside the root's"));
                }
                self.note(Kind::Facets, number, f.iter().map(|t| (t.years.len() + t.sources.len()) * 8 + 48).sum());
                self.facets.insert(number, f);
            }
            "v" if number < self.root.values => {
                let v: Vec<(f64, f64, u32)> = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
                if v.iter().any(|e| e.2 >= n_docs) {
                    return Err(damaged("an entry points outside the collection"));
                }
                self.note(Kind::Values, number, v.len() * 24 + 32);
                self.values.insert(number, v);
            }
            "x" if number < n_docs => {
                let text: DocText = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
                self.add_text(number, text);
            }
            "f" if number < n_docs => {
                let f: Fragment = postcard::from_bytes(bytes).map_err(|_| damaged("does not decode"))?;
                let size = f.text.len() + f.title.len() + f.id.len() + 128;
                if f.text.len() == f.text_len as usize {
                    // The whole text: the document has no text file of its own.
                    let entities = f.entities.clone();
                    self.add_text(number, DocText { title: f.title.clone(), body: f.text.clone(), entities });
                }
                self.note(Kind::Fragment, number, size);
                self.fragments.insert(number, f);
            }
            _ => return Err(unknown()),
        }
        Ok(())
    }

    fn add_text(&mut self, doc: u32, text: DocText) {
        let words = words_of(&text);
        let size = text.title.len() + text.body.len() + (words[0].len() + words[1].len()) * 40 + 64;
        self.note(Kind::Text, doc, size);
        self.texts.insert(doc, (text, words));
    }

    /// The file that brings document `doc`'s whole text: its fragment, which holds a short text
    /// whole; else, once the fragment says the text is longer, its text file.
    fn text_file(&self, doc: u32) -> String {
        match self.fragments.get(&doc) {
            Some(f) if f.text.len() < f.text_len as usize => text_path(&self.root.id, doc) + suffix(&self.root),
            _ => self.fragment_path(doc),
        }
    }

    fn path(&self, kind: char, n: u32) -> String {
        format!("{}/{kind}/{n}{}", self.root.id, suffix(&self.root))
    }

    /// The facets of the one-word query of term `id`, if its block's facets were fetched.
    fn word_facets(&self, id: u32) -> Option<search::Facets> {
        let b = self.block_of_id(id);
        let first = self.root.blocks.get(b as usize)?.1;
        let f = self.facets.get(&b)?.get((id - first) as usize)?;
        let count = |value: String, count: u32| search::FacetCount { value, count: count as usize };
        let mut sources: Vec<search::FacetCount> = f
            .sources
            .iter()
            .filter_map(|&(at, n)| Some(count(self.root.sources.get(at as usize)?.0.clone(), n)))
            .collect();
        crate::order::sort_by(&mut sources, |a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        let years = f.years.iter().map(|&(y, n)| count(y.to_string(), n)).collect();
        Some(search::Facets { sources, years })
    }

    /// The value table a kg or event-date filter reads, and the range of values it keeps.
    fn value_range(&self, f: &Filter) -> Option<(&[ValueFile], (f64, f64))> {
        let (inf, neg) = (f64::INFINITY, f64::NEG_INFINITY);
        match f {
            Filter::Field { field: EntityField::Kg, range, .. } => {
                let r = range.unwrap_or(NumRange { min: None, max: None });
                Some((&self.root.kg, (r.min.unwrap_or(neg), r.max.unwrap_or(inf))))
            }
            Filter::EventDate(r) => {
                let from = r.from.map_or(neg, |d| day_number(d.first_day()));
                let to = r.to.map_or(inf, |d| day_number(d.last_day()));
                Some((&self.root.when, (from, to)))
            }
            _ => None,
        }
    }

    fn dates_path(&self) -> String {
        format!("{}/t{}", self.root.id, suffix(&self.root))
    }

    /// How [`rank`] orders documents of equal score for `sort`: by a key, the larger first, and
    /// where the key changes (date order needs the dates, fetched first).
    fn order(&self, sort: Sort) -> Order {
        let Some(runs) = self.dates.as_ref().filter(|_| sort != Sort::Relevance) else {
            return Order { starts: Vec::new(), keys: Vec::new() };
        };
        let keys = runs
            .iter()
            .map(|&(_, date)| match date.map(|d| d.first_day()) {
                // Undated documents last in both directions, as in memory.
                None => i64::MIN,
                Some(d) => {
                    let day = d.year as i64 * 512 + d.month as i64 * 32 + d.day as i64;
                    if sort == Sort::DateAsc {
                        -day
                    } else {
                        day
                    }
                }
            })
            .collect();
        Order { starts: runs.iter().map(|r| r.0).collect(), keys }
    }

    fn fragment_path(&self, doc: u32) -> String {
        fragment_path(&self.root.id, doc) + suffix(&self.root)
    }

    /// The dictionary block where `term` would be.
    fn block_of(&self, term: &str) -> u32 {
        self.root.blocks.partition_point(|(first, _)| first.as_str() <= term).saturating_sub(1) as u32
    }

    /// The dictionary block holding term `id`.
    fn block_of_id(&self, id: u32) -> u32 {
        self.root.blocks.partition_point(|&(_, first)| first <= id).saturating_sub(1) as u32
    }

    /// Blocks that may hold terms starting with `prefix`.
    fn blocks_with_prefix(&self, prefix: &str) -> std::ops::RangeInclusive<u32> {
        let first = self.block_of(prefix);
        let mut last = first;
        while let Some((t, _)) = self.root.blocks.get(last as usize + 1) {
            if !t.starts_with(prefix) {
                break;
            }
            last += 1;
        }
        first..=last
    }

    /// Runs a query as far as the fetched files allow: the answer, or the files still needed.
    pub fn search(&self, req: &SearchRequest) -> Step {
        let (query, mut diagnostics) = crate::query::parse(&req.query);
        // 1. The dictionary blocks the words and filters need, the dates, the value tables.
        let mut needs = Needs { blocks: Vec::new(), dates: req.opts.sort != Sort::Relevance, values: Vec::new() };
        self.needs(&query, &mut needs);
        let mut missing: Vec<String> =
            needs.blocks.iter().filter(|b| !self.blocks.contains_key(b)).map(|&b| self.path('d', b)).collect();
        if needs.dates && self.dates.is_none() {
            missing.push(self.dates_path());
        }
        missing.extend(needs.values.iter().filter(|v| !self.values.contains_key(v)).map(|&v| self.path('v', v)));
        // A one-word query's facets come with its dictionary block.
        let word = one_word(&query, &req.opts);
        if let Some(b) = word.map(|w| self.block_of(w)).filter(|b| !self.facets.contains_key(b)) {
            missing.push(self.path('g', b));
        }
        missing.sort();
        missing.dedup();
        if !missing.is_empty() {
            return Step::Need(missing);
        }
        let lex = Fetched::new(self);
        let plan = search::resolve(&lex, &query, &req.opts, None, &mut diagnostics);
        // 2. The blocks of the terms the words expanded to (stem siblings outside the words' blocks).
        let mut ids = Vec::new();
        plan_terms(&plan, &mut ids);
        let mut missing: Vec<u32> =
            ids.iter().map(|&id| self.block_of_id(id)).filter(|b| !self.blocks.contains_key(b)).collect();
        if !missing.is_empty() {
            crate::order::sort_u32(&mut missing);
            missing.dedup();
            return Step::Need(missing.into_iter().map(|b| self.path('d', b)).collect());
        }
        let mut lists: Vec<List> = Vec::new();
        let node = lex.node(&plan, &mut lists);
        // 3. The best `k`, fetching chunks until no unread posting could change them.
        let k = req.opts.offset + req.opts.limit;
        let lists: Vec<ListState> = lists.iter().map(|l| ListState::new(self, l)).collect();
        let order = self.order(req.opts.sort);
        let ranked = match rank(&lists, &node, k, req.exact_count, self, &order) {
            Ranked::Need(files, best) => {
                let mut paths: Vec<String> = files
                    .into_iter()
                    .map(|f| match f {
                        Src::Chunk(c) => self.path('c', c),
                        Src::Text(d) => self.text_file(d),
                    })
                    .collect();
                // The fragments of the best documents so far come in the same round: usually they
                // stay the best, and the results need no round of their own.
                if req.fragments {
                    paths.extend(
                        best.into_iter()
                            .skip(req.opts.offset)
                            .filter(|d| !self.fragments.contains_key(d))
                            .map(|d| self.fragment_path(d)),
                    );
                }
                return Step::Need(dedup(paths));
            }
            Ranked::Done(r) => r,
        };
        let page: Vec<(u32, f32)> = ranked.top.iter().skip(req.opts.offset).copied().collect();
        let mut hits: Vec<Hit> = page
            .iter()
            .map(|&(doc, score)| Hit {
                doc_idx: doc,
                id: String::new(),
                title: String::new(),
                title_highlights: Vec::new(),
                date: None,
                source: None,
                score,
                snippet: snippet::Snippet::default(),
            })
            .collect();
        let mut body_marks = snippet::Highlighter::default();
        if req.fragments {
            let missing: Vec<String> = page
                .iter()
                .filter(|(d, _)| !self.fragments.contains_key(d))
                .map(|&(d, _)| self.fragment_path(d))
                .collect();
            if !missing.is_empty() {
                return Step::Need(missing);
            }
            body_marks = search::highlighter_for(&plan, &lex, Field::Body);
            let title_marks = search::highlighter_for(&plan, &lex, Field::Title);
            for h in &mut hits {
                let f = &self.fragments[&h.doc_idx];
                h.id = f.id.clone();
                h.title = f.title.clone();
                h.title_highlights = title_marks.ranges(&f.title);
                h.date = f.date;
                h.source = f.source.clone();
                h.snippet = snippet::best(&f.text, &body_marks, req.opts.snippet_chars);
            }
        }
        let total = if ranked.exact {
            Total::Exact(ranked.matched)
        } else {
            Total::About(estimate(&lists, &node, self.root.n_docs).max(ranked.matched))
        };
        let facets = word.and_then(|w| lex.term_id(w)).and_then(|id| self.word_facets(id));
        Step::Done(Results { total, hits, diagnostics, body_marks, facets })
    }

    /// What `q` needs before its words and filters resolve.
    fn needs(&self, q: &Query, needs: &mut Needs) {
        match q {
            Query::All | Query::Nothing => {}
            Query::Term(t) => match t.kind {
                TermKind::Exact => {
                    let block = self.block_of(&t.word);
                    needs.blocks.push(block);
                    // A word not in its block is looked up by its stem: every block of the words
                    // starting with the stem (a second round, for unindexed words only).
                    let indexed = self
                        .blocks
                        .get(&block)
                        .map(|b| b.terms.binary_search_by(|x| x.text.as_str().cmp(&t.word)).is_ok());
                    if indexed == Some(false) {
                        needs.blocks.extend(self.blocks_with_prefix(&crate::text::stem(&t.word)));
                    }
                }
                TermKind::Prefix => needs.blocks.extend(self.blocks_with_prefix(&t.word)),
                TermKind::Fuzzy(_) => needs.blocks.extend(0..self.root.blocks.len() as u32),
            },
            Query::Phrase(p) => {
                needs.blocks.extend(p.words.iter().map(|w| self.block_of(w)));
                needs.blocks.extend(p.words.windows(2).map(|w| self.block_of(&gram_list(&w[0], &w[1]))));
            }
            Query::Near { left, right, .. } => {
                self.needs(left, needs);
                self.needs(right, needs);
            }
            Query::Filter(Filter::Source(s)) => needs.blocks.push(self.block_of(&source_list(s))),
            Query::Filter(Filter::Date(_)) => needs.dates = true,
            Query::Filter(_) if !self.root.extracted => {}
            Query::Filter(f @ (Filter::EventDate(_) | Filter::Field { field: EntityField::Kg, .. })) => {
                if let Some((table, (lo, hi))) = self.value_range(f) {
                    needs.values.extend(table.iter().filter(|c| c.1 >= lo && c.0 <= hi).map(|c| c.2));
                }
            }
            Query::Filter(Filter::Field { field, value, .. }) => {
                needs.blocks.push(self.block_of(&entity_list(*field, value)))
            }
            Query::And(qs) | Query::Or(qs) => qs.iter().for_each(|q| self.needs(q, needs)),
            Query::Not(q) => self.needs(q, needs),
        }
    }
}

/// The word of a one-word query, whose facets are stored (any field, with its stem siblings).
fn one_word<'q>(query: &'q Query, opts: &SearchOptions) -> Option<&'q str> {
    match query {
        Query::Term(t) if t.kind == TermKind::Exact && t.field == TextField::Any && opts.stemming => Some(&t.word),
        _ => None,
    }
}

/// What a query needs fetched before it resolves: dictionary blocks, the dates, value tables' files.
struct Needs {
    blocks: Vec<u32>,
    dates: bool,
    values: Vec<u32>,
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    crate::order::sort_by(&mut v, |a, b| a.cmp(b));
    v.dedup();
    v
}

/// The term ids a resolved plan reads.
fn plan_terms(plan: &Plan, out: &mut Vec<u32>) {
    match plan {
        Plan::Terms { terms, .. } => out.extend(terms.iter().map(|t| t.0)),
        Plan::Phrase { words, .. } => out.extend(words.iter().flatten()),
        Plan::Near { left, right, .. } => {
            plan_terms(left, out);
            plan_terms(right, out);
        }
        Plan::And(ps) | Plan::Or(ps) => ps.iter().for_each(|p| plan_terms(p, out)),
        Plan::Not(p) => plan_terms(p, out),
        Plan::Stored(id) => out.push(*id),
        Plan::All | Plan::Docs(_) => {}
    }
}

/// The fetched dictionary blocks, answering what resolving a query asks.
struct Fetched<'a> {
    c: &'a Collection,
    terms: HashMap<u32, FetchedTerm<'a>>,
}

/// A fetched term: its text, its lists and its stem siblings.
type FetchedTerm<'a> = (&'a str, &'a [Option<ListMeta>; 2], &'a [u32], bool);

/// One posting list a query reads: a term in a field, with the weight its score is multiplied by.
struct List {
    field: Field,
    weight: f32,
    meta: ListMeta,
    /// The idf its scores use, when not its own (a gram's: its words' summed).
    idf: Option<f32>,
}

/// A query as the ranking evaluates it; the numbers are indexes into the lists.
enum Node {
    Terms(Vec<usize>),
    And {
        positive: Vec<Node>,
        negative: Vec<Node>,
    },
    Or(Vec<Node>),
    All,
    /// These ranges of documents (first and last), scoring 0.
    Docs(Vec<(u32, u32)>),
    /// Words in a row in one field: the lists of the words (`ids`), which say where they may be
    /// and bound the count; the documents' words tell it.
    Phrase {
        field: Field,
        lists: Vec<usize>,
        words: Vec<String>,
        boost: f32,
        idf_sum: f32,
        avg: f32,
    },
    /// Both sides, with some of their spans at most `distance` apart in one field.
    Near {
        sides: Box<[Node; 2]>,
        spans: [Spans; 2],
        distance: u32,
    },
}

/// Where a side of NEAR is in a document's words, as the in-memory index finds its spans.
enum Spans {
    /// Each occurrence of any of these terms.
    Terms(Vec<String>),
    /// Each occurrence of these terms in a row.
    Phrase(Vec<String>),
    Or(Vec<Spans>),
    None,
}

impl Spans {
    fn of(plan: &Plan, lex: &Fetched<'_>) -> Spans {
        match plan {
            Plan::Terms { terms, .. } => Spans::Terms(terms.iter().map(|t| lex.term(t.0).to_string()).collect()),
            Plan::Phrase { words, .. } => match words.iter().copied().collect::<Option<Vec<u32>>>() {
                Some(ids) => Spans::Phrase(ids.iter().map(|&t| lex.term(t).to_string()).collect()),
                None => Spans::None,
            },
            Plan::Or(plans) => Spans::Or(plans.iter().map(|p| Spans::of(p, lex)).collect()),
            _ => Spans::None,
        }
    }

    /// Token spans `[start, end)` in one field's words, in order.
    fn find(&self, words: &[(u32, String)]) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = match self {
            Spans::Terms(terms) => words.iter().filter(|w| terms.contains(&w.1)).map(|w| (w.0, w.0 + 1)).collect(),
            Spans::Phrase(terms) => {
                let starts = search::phrase_starts(&positions_of(words, terms));
                starts.into_iter().map(|s| (s, s + terms.len() as u32)).collect()
            }
            Spans::Or(all) => all.iter().flat_map(|s| s.find(words)).collect(),
            Spans::None => Vec::new(),
        };
        crate::order::sort_pairs(&mut v);
        v.dedup();
        v
    }
}

/// Each term's positions in one field's words.
fn positions_of(words: &[(u32, String)], terms: &[String]) -> Vec<Vec<u32>> {
    terms.iter().map(|t| words.iter().filter(|w| &w.1 == t).map(|w| w.0).collect()).collect()
}

impl<'a> Fetched<'a> {
    fn new(c: &'a Collection) -> Fetched<'a> {
        let mut terms = HashMap::new();
        for b in c.blocks.values() {
            for (i, t) in b.terms.iter().enumerate() {
                terms.insert(b.first_id + i as u32, (t.text.as_str(), &t.lists, t.siblings.as_slice(), t.gram));
            }
        }
        Fetched { c, terms }
    }

    /// Whether term `id` is a frequent word, whose pairs have gram lists.
    fn is_gram(&self, id: u32) -> bool {
        self.terms.get(&id).is_some_and(|e| e.3)
    }

    /// Term ids of the fetched blocks, in order, as (id, text).
    fn fetched_in_order(&self) -> Vec<(u32, &'a str)> {
        let mut blocks: Vec<(&u32, &Block)> = self.c.blocks.iter().collect();
        crate::order::sort_by_key(&mut blocks, |(n, _)| **n);
        blocks
            .into_iter()
            .flat_map(|(_, b)| b.terms.iter().enumerate().map(move |(i, t)| (b.first_id + i as u32, t.text.as_str())))
            .collect()
    }

    fn node(&self, plan: &Plan, lists: &mut Vec<List>) -> Node {
        match plan {
            Plan::All => Node::All,
            Plan::Docs(d) => {
                let mut ranges: Vec<(u32, u32)> = Vec::new();
                for &doc in d {
                    match ranges.last_mut() {
                        Some(r) if r.1 + 1 == doc => r.1 = doc,
                        _ => ranges.push((doc, doc)),
                    }
                }
                Node::Docs(ranges)
            }
            Plan::Stored(id) => {
                let mut ids = Vec::new();
                if let Some(meta) = self.terms.get(id).and_then(|e| e.1[Field::Body as usize].clone()) {
                    ids.push(lists.len());
                    lists.push(List { field: Field::Body, weight: 0.0, meta, idf: None });
                }
                Node::Terms(ids)
            }
            Plan::Terms { field, terms } => {
                let mut ids = Vec::new();
                for &(f, boost) in search::fields_of(*field) {
                    for &(t, w) in terms {
                        if let Some(meta) = self.terms.get(&t).and_then(|e| e.1[f as usize].clone()) {
                            ids.push(lists.len());
                            lists.push(List { field: f, weight: w * boost, meta, idf: None });
                        }
                    }
                }
                Node::Terms(ids)
            }
            Plan::And(ps) => {
                let (mut positive, mut negative) = (Vec::new(), Vec::new());
                for p in ps {
                    match p {
                        Plan::Not(inner) => negative.push(self.node(inner, lists)),
                        p => positive.push(self.node(p, lists)),
                    }
                }
                if positive.is_empty() {
                    positive.push(Node::All);
                }
                Node::And { positive, negative }
            }
            Plan::Or(ps) => Node::Or(ps.iter().map(|p| self.node(p, lists)).collect()),
            Plan::Not(p) => Node::And { positive: vec![Node::All], negative: vec![self.node(p, lists)] },
            Plan::Phrase { field, words } => {
                let Some(ids) = words.iter().copied().collect::<Option<Vec<u32>>>() else {
                    return Node::Terms(Vec::new());
                };
                let mut per_field = Vec::new();
                for &(f, boost) in search::fields_of(*field) {
                    let metas: Option<Vec<ListMeta>> =
                        ids.iter().map(|t| self.terms.get(t).and_then(|e| e.1[f as usize].clone())).collect();
                    // A word missing from the field: the phrase is not in it.
                    let Some(metas) = metas else { continue };
                    let n = self.c.root.n_docs;
                    let idf_sum = metas.iter().map(|m| search::idf(n, m.df)).sum();
                    // Pairs of frequent words have their grams' lists, which count them in a row: a
                    // two-word phrase is scored from its gram (as memory does in the body); a longer
                    // one is found only where every gram is; a missing gram means never in a row.
                    let mut grams: Vec<ListMeta> = Vec::new();
                    let mut never = false;
                    for w in ids.windows(2).filter(|w| self.is_gram(w[0]) && self.is_gram(w[1])) {
                        let gram = self.term_id(&gram_list(self.term(w[0]), self.term(w[1])));
                        match gram.and_then(|g| self.terms.get(&g)).and_then(|e| e.1[f as usize].clone()) {
                            Some(meta) => grams.push(meta),
                            None => never = true,
                        }
                    }
                    if never {
                        continue;
                    }
                    if ids.len() == 2 && grams.len() == 1 {
                        let meta = grams.into_iter().next().expect("one gram");
                        per_field.push(Node::Terms(vec![lists.len()]));
                        lists.push(List { field: f, weight: boost, meta, idf: Some(idf_sum) });
                        continue;
                    }
                    let mut at = Vec::new();
                    for meta in metas.into_iter().chain(grams) {
                        at.push(lists.len());
                        lists.push(List { field: f, weight: 1.0, meta, idf: None });
                    }
                    let avg = self.c.root.avg_len[f as usize];
                    let words = ids.iter().map(|&t| self.term(t).to_string()).collect();
                    per_field.push(Node::Phrase { field: f, lists: at, words, boost, idf_sum, avg });
                }
                Node::Or(per_field)
            }
            Plan::Near { left, right, distance } => Node::Near {
                sides: Box::new([self.node(left, lists), self.node(right, lists)]),
                spans: [Spans::of(left, self), Spans::of(right, self)],
                distance: *distance,
            },
        }
    }
}

impl Lexicon for Fetched<'_> {
    fn term_id(&self, norm: &str) -> Option<u32> {
        let b = self.c.blocks.get(&self.c.block_of(norm))?;
        b.terms.binary_search_by(|t| t.text.as_str().cmp(norm)).ok().map(|i| b.first_id + i as u32)
    }
    fn term(&self, id: u32) -> &str {
        self.terms.get(&id).map_or("", |e| e.0)
    }
    fn df(&self, field: Field, id: u32) -> u32 {
        self.terms.get(&id).and_then(|e| e.1[field as usize].as_ref()).map_or(0, |l| l.df)
    }
    fn stem_siblings(&self, id: u32) -> Vec<u32> {
        self.terms.get(&id).map_or(Vec::new(), |e| e.2.to_vec())
    }
    fn terms_with_stem_of_unindexed(&self, norm: &str) -> Vec<u32> {
        let s = crate::text::stem(norm);
        self.prefix_range(&s).filter(|&id| crate::text::stem(self.term(id)) == s).collect()
    }
    fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let all = self.fetched_in_order();
        let start = all.iter().position(|(_, t)| *t >= prefix);
        match start {
            Some(i) => {
                let n = all[i..].iter().take_while(|(_, t)| t.starts_with(prefix)).count();
                all[i].0..all[i].0 + n as u32
            }
            None => 0..0,
        }
    }
    fn fuzzy_terms(&self, word: &str, max_edits: u8, limit: usize) -> Vec<(u32, u8)> {
        let w: Vec<char> = word.chars().collect();
        let mut row = Vec::new();
        let mut out: Vec<(u32, u8)> = self
            .fetched_in_order()
            .into_iter()
            .filter(|&(id, _)| id < self.c.root.n_words)
            .filter(|(_, t)| t.chars().count().abs_diff(w.len()) <= max_edits as usize)
            .filter_map(|(id, t)| {
                crate::index::bounded_levenshtein(&w, t, max_edits as usize, &mut row).map(|d| (id, d as u8))
            })
            .collect();
        crate::order::sort_by_key(&mut out, |&(id, d)| (d, std::cmp::Reverse(self.df(Field::Body, id))));
        out.truncate(limit);
        out
    }
    fn filter(&self, f: &Filter, _: Option<&dyn FieldResolver>, diagnostics: &mut Vec<Diagnostic>) -> Plan {
        let stored = |key: String| match self.term_id(&key) {
            Some(id) => Plan::Stored(id),
            None => Plan::Docs(Vec::new()),
        };
        match f {
            Filter::Source(norm) => stored(source_list(norm)),
            Filter::Date(range) => {
                let runs = self.c.dates.as_deref().unwrap_or_default();
                let mut docs = Vec::new();
                for (i, &(start, date)) in runs.iter().enumerate() {
                    if date.is_some_and(|d| range.overlaps(d)) {
                        let end = runs.get(i + 1).map_or(self.c.root.n_docs, |r| r.0);
                        docs.extend(start..end);
                    }
                }
                Plan::Docs(docs)
            }
            _ if !self.c.root.extracted => search::extracted_filter(f, None, diagnostics),
            Filter::Field { field: EntityField::Kg, .. } | Filter::EventDate(_) => {
                let Some((table, (lo, hi))) = self.c.value_range(f) else { return Plan::All };
                let mut docs: Vec<u32> = table
                    .iter()
                    .filter(|c| c.1 >= lo && c.0 <= hi)
                    .flat_map(|c| self.c.values.get(&c.2).map(Vec::as_slice).unwrap_or_default())
                    .filter(|e| e.1 >= lo && e.0 <= hi)
                    .map(|e| e.2)
                    .collect();
                crate::order::sort_u32(&mut docs);
                docs.dedup();
                Plan::Docs(docs)
            }
            Filter::Field { field, value, .. } => stored(entity_list(*field, value)),
        }
    }
}

/// A list as far as it is known: its head and its fetched chunks, read where they are held (each
/// posting's contribution computed when asked, so that a query over lists of millions of postings
/// allocates nothing per posting), and the chunks not fetched.
struct ListState<'a> {
    /// The head's postings, in document order (they interleave with the chunks').
    lead: &'a [P],
    /// The rest, tier by tier (each scoring at most what the tier before it scores).
    tiers: Vec<TierState<'a>>,
    df: u32,
    weight: f32,
    idf: f32,
    avg: f32,
}

/// One tier of a list: its chunks, in document order, and those fetched and not.
struct TierState<'a> {
    chunks: &'a [ChunkRef],
    fetched: Vec<Option<&'a [P]>>,
    unread: Vec<Unread>,
}

/// A chunk not fetched: first and last document, the bound on a contribution, the best saturation,
/// the chunk's file.
type Unread = (u32, u32, f32, f32, u32);

impl<'a> ListState<'a> {
    fn new(c: &'a Collection, l: &'a List) -> ListState<'a> {
        let avg = c.root.avg_len[l.field as usize];
        let idf = l.idf.unwrap_or_else(|| search::idf(c.root.n_docs, l.meta.df));
        let tiers = l
            .meta
            .tiers
            .iter()
            .map(|chunks| {
                let mut unread = Vec::new();
                let mut fetched = Vec::with_capacity(chunks.len());
                for ch in chunks {
                    let ps = c.chunks.get(&ch.file).map(Vec::as_slice);
                    if ps.is_none() {
                        let bound = search::saturated_contribution(l.weight, idf, ch.max_tfn);
                        unread.push((ch.first, ch.last, bound, ch.max_tfn, ch.file));
                    }
                    fetched.push(ps);
                }
                TierState { chunks, fetched, unread }
            })
            .collect();
        ListState { lead: &l.meta.lead, tiers, df: l.meta.df, weight: l.weight, idf, avg }
    }

    fn known(&self, p: &P) -> Known {
        Known {
            score: search::contribution(self.weight, self.idf, p.tf, p.len, self.avg),
            tfn: search::tf_norm(p.tf as f32, p.len as f32, self.avg),
            len: p.len,
        }
    }

    /// What this list adds to `doc`: known, absent, or at most a bound (and the chunk to fetch
    /// first to know more: the one that could add the most).
    fn at(&self, doc: u32) -> Part {
        if let Ok(i) = self.lead.binary_search_by_key(&doc, |p| p.doc) {
            return Part::Known(self.known(&self.lead[i]));
        }
        for tier in &self.tiers {
            let i = tier.chunks.partition_point(|ch| ch.last < doc);
            if let Some(Some(ps)) = tier.fetched.get(i) {
                if let Ok(j) = ps.binary_search_by_key(&doc, |p| p.doc) {
                    return Part::Known(self.known(&ps[j]));
                }
            }
        }
        self.unseen(doc, doc)
    }

    /// What this list adds to every document of `a..=b`, none of which is in a fetched posting,
    /// where each unread chunk holds all of them or none.
    fn unseen(&self, a: u32, b: u32) -> Part {
        let best = self.covering(a, b).max_by(|x, y| x.3.total_cmp(&y.3).then(y.4.cmp(&x.4)));
        best.map_or(Part::Absent, |u| Part::Unknown(u.2, u.3, Src::Chunk(u.4)))
    }

    /// The unread chunks, one a tier at most, whose documents hold all of `a..=b`.
    fn covering(&self, a: u32, b: u32) -> impl Iterator<Item = &Unread> + '_ {
        self.tiers.iter().filter_map(move |tier| {
            let i = tier.unread.partition_point(|u| u.1 < a);
            tier.unread.get(i).filter(|u| u.0 <= a && b <= u.1)
        })
    }

    /// The unread chunks, each tier's in document order.
    fn unread(&self) -> impl Iterator<Item = &Unread> + '_ {
        self.tiers.iter().flat_map(|t| &t.unread)
    }

    /// The documents of the known postings: the head's, then each tier's, each in order.
    fn known_docs(&self) -> Vec<Box<dyn Iterator<Item = u32> + '_>> {
        let tiers = self.tiers.iter().map(|t| -> Box<dyn Iterator<Item = u32> + '_> {
            Box::new(t.fetched.iter().flatten().flat_map(|ps| ps.iter().map(|p| p.doc)))
        });
        std::iter::once(Box::new(self.lead.iter().map(|p| p.doc)) as Box<dyn Iterator<Item = u32>>)
            .chain(tiers)
            .collect()
    }
}

/// The documents seen in any list's known postings, in order, each once: the lists' merged.
fn seen_docs<'s>(lists: &'s [ListState<'_>]) -> impl Iterator<Item = u32> + 's {
    use std::cmp::Reverse;
    let mut each: Vec<_> = lists.iter().flat_map(|l| l.known_docs()).collect();
    let mut heads: std::collections::BinaryHeap<Reverse<(u32, usize)>> =
        each.iter_mut().enumerate().filter_map(|(i, it)| it.next().map(|d| Reverse((d, i)))).collect();
    let mut last = None;
    std::iter::from_fn(move || loop {
        let Reverse((d, i)) = heads.pop()?;
        if let Some(next) = each[i].next() {
            heads.push(Reverse((next, i)));
        }
        if last != Some(d) {
            last = Some(d);
            return Some(d);
        }
    })
}

/// The best `k` of what is pushed (by a total order: no two alike), in memory of about `k`.
struct Best<F: Fn(&(u32, f32), &(u32, f32)) -> std::cmp::Ordering> {
    k: usize,
    kept: Vec<(u32, f32)>,
    cmp: F,
    /// The `k`-th best as of the last settling, once `k` were pushed (the final one is no worse).
    kth: Option<(u32, f32)>,
}

impl<F: Fn(&(u32, f32), &(u32, f32)) -> std::cmp::Ordering> Best<F> {
    fn push(&mut self, x: (u32, f32)) {
        self.kept.push(x);
        if self.kept.len() >= 2 * self.k + 64 {
            self.settle();
        }
    }

    /// The kept in order, the best `k` only.
    fn settle(&mut self) -> &[(u32, f32)] {
        crate::order::sort_by(&mut self.kept, &self.cmp);
        self.kept.truncate(self.k);
        self.kth = self.kept.get(self.k.wrapping_sub(1)).copied();
        &self.kept
    }
}

/// How much of what could settle documents a round reads.
#[derive(Clone, Copy)]
enum Settle {
    /// Each list's chunk that could add the most.
    First,
    /// The chunks, of the list that could add the most.
    Most,
    /// The chunks, of every list that could add anything.
    Sure,
    /// The chunks, of every list.
    All,
}

/// A posting read: what it adds to the score, its saturation and the field's length.
#[derive(Clone, Copy)]
struct Known {
    score: f32,
    tfn: f32,
    len: u32,
}

/// A file that would settle what is not known yet.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Src {
    Chunk(u32),
    /// A document's whole text (for phrases and NEAR).
    Text(u32),
}

#[derive(Clone, Copy)]
enum Part {
    Known(Known),
    Absent,
    /// At most this much (and at most this saturation), in this file.
    Unknown(f32, f32, Src),
}

/// A document's score as far as the fetched postings tell.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Eval {
    No,
    Yes(f32),
    /// May match, scoring at most this.
    Maybe(f32),
}

/// How `node` scores the documents `span` (first and last), as far as `part` tells of each list
/// there. A span longer than one document lies wholly inside or outside each range of a
/// [`Node::Docs`] (see [`doc_cuts`]).
fn eval(node: &Node, part: &dyn Fn(usize) -> Part, span: (u32, u32), words: Option<&Words>) -> Eval {
    match node {
        Node::Phrase { field, lists, words: terms, boost, idf_sum, avg } => {
            // The count is at most each word's, so the saturation is at most the least of theirs.
            let (mut tfn, mut len, mut sure) = (f32::INFINITY, 0, true);
            for &i in lists {
                match part(i) {
                    Part::Absent => return Eval::No,
                    Part::Known(k) => (tfn, len) = (tfn.min(k.tfn), k.len),
                    Part::Unknown(_, t, _) => (tfn, sure) = (tfn.min(t), false),
                }
            }
            if lists.is_empty() {
                return Eval::No;
            }
            let bound = search::saturated_contribution(*boost, *idf_sum, tfn);
            match words.filter(|_| sure && span.0 == span.1) {
                None => Eval::Maybe(bound),
                Some(w) => {
                    let n = search::phrase_count(&positions_of(&w[*field as usize], terms), &mut Vec::new());
                    if n == 0 {
                        Eval::No
                    } else {
                        Eval::Yes(search::contribution(*boost, *idf_sum, n as u32, len, *avg))
                    }
                }
            }
        }
        Node::Near { sides, spans, distance } => {
            let (l, r) = (eval(&sides[0], part, span, words), eval(&sides[1], part, span, words));
            match (l, r) {
                (Eval::No, _) | (_, Eval::No) => Eval::No,
                (Eval::Yes(a), Eval::Yes(b)) if span.0 == span.1 => match words {
                    Some(w) => {
                        let near =
                            w.iter().any(|f| search::spans_within(&spans[0].find(f), &spans[1].find(f), *distance));
                        if near {
                            Eval::Yes(a + b)
                        } else {
                            Eval::No
                        }
                    }
                    None => Eval::Maybe(a + b),
                },
                (Eval::Yes(a) | Eval::Maybe(a), Eval::Yes(b) | Eval::Maybe(b)) => Eval::Maybe(a + b),
            }
        }
        Node::All => Eval::Yes(0.0),
        Node::Docs(ranges) => {
            let i = ranges.partition_point(|r| r.1 < span.0);
            match ranges.get(i) {
                Some(r) if r.0 <= span.0 && span.1 <= r.1 => Eval::Yes(0.0),
                Some(r) if r.0 <= span.1 => Eval::Maybe(0.0),
                _ => Eval::No,
            }
        }
        Node::Terms(ids) => {
            let (mut sum, mut extra, mut yes, mut unknown) = (0.0f32, 0.0f32, false, false);
            for &i in ids {
                match part(i) {
                    Part::Known(k) => {
                        sum += k.score;
                        yes = true;
                    }
                    Part::Absent => {}
                    Part::Unknown(b, _, _) => {
                        extra += b;
                        unknown = true;
                    }
                }
            }
            match (yes, unknown) {
                // What is not known adds nothing: the score is known.
                (true, true) if extra == 0.0 => Eval::Yes(sum),
                (_, true) => Eval::Maybe(sum + extra),
                (true, false) => Eval::Yes(sum),
                (false, false) => Eval::No,
            }
        }
        Node::And { positive, negative } => {
            let (mut sum, mut sure) = (0.0f32, true);
            for p in positive {
                match eval(p, part, span, words) {
                    Eval::No => return Eval::No,
                    Eval::Yes(s) => sum += s,
                    Eval::Maybe(s) => {
                        sum += s;
                        sure = false;
                    }
                }
            }
            for n in negative {
                match eval(n, part, span, words) {
                    Eval::Yes(_) => return Eval::No,
                    Eval::Maybe(_) => sure = false,
                    Eval::No => {}
                }
            }
            if sure {
                Eval::Yes(sum)
            } else {
                Eval::Maybe(sum)
            }
        }
        Node::Or(nodes) => {
            let (mut sum, mut any, mut sure) = (0.0f32, false, true);
            for n in nodes {
                match eval(n, part, span, words) {
                    Eval::No => {}
                    Eval::Yes(s) => {
                        sum += s;
                        any = true;
                    }
                    Eval::Maybe(s) => {
                        sum += s;
                        any = true;
                        sure = false;
                    }
                }
            }
            match (any, sure) {
                (false, _) => Eval::No,
                (true, true) => Eval::Yes(sum),
                (true, false) => Eval::Maybe(sum),
            }
        }
    }
}

/// The least `node` scores document `d` if it surely matches as far as `part` tells, else `None`.
fn floor(node: &Node, part: &dyn Fn(usize) -> Part, d: u32) -> Option<f32> {
    match node {
        Node::Terms(ids) => ids.iter().fold(None, |sum, &i| match part(i) {
            Part::Known(k) => Some(sum.unwrap_or(0.0) + k.score),
            _ => sum,
        }),
        Node::And { positive, negative } => {
            let mut sum = 0.0;
            for p in positive {
                sum += floor(p, part, d)?;
            }
            negative.iter().all(|n| eval(n, part, (d, d), None) == Eval::No).then_some(sum)
        }
        Node::Or(nodes) => {
            nodes.iter().filter_map(|n| floor(n, part, d)).fold(None, |sum, s| Some(sum.unwrap_or(0.0) + s))
        }
        Node::All | Node::Docs(_) => match eval(node, part, (d, d), None) {
            Eval::Yes(s) => Some(s),
            _ => None,
        },
        Node::Phrase { .. } | Node::Near { .. } => None,
    }
}

/// Where `node`'s document ranges start and end (one past), into `out`.
fn doc_cuts(node: &Node, out: &mut Vec<u32>) {
    match node {
        Node::Docs(ranges) => out.extend(ranges.iter().flat_map(|r| [r.0, r.1.saturating_add(1)])),
        Node::And { positive, negative } => positive.iter().chain(negative).for_each(|n| doc_cuts(n, out)),
        Node::Or(nodes) => nodes.iter().for_each(|n| doc_cuts(n, out)),
        Node::Near { sides, .. } => sides.iter().for_each(|n| doc_cuts(n, out)),
        Node::Terms(_) | Node::All | Node::Phrase { .. } => {}
    }
}

/// The order of results: by score, unless a key says otherwise first (dates, for date order).
struct Order {
    /// Where each run of one key starts (empty: every document has key 0).
    starts: Vec<u32>,
    /// Each run's key, the larger first.
    keys: Vec<i64>,
}

impl Order {
    fn key(&self, doc: u32) -> i64 {
        let i = self.starts.partition_point(|&s| s <= doc);
        if i == 0 {
            0
        } else {
            self.keys[i - 1]
        }
    }
}

struct Top {
    /// The best `k` (document, score), in rank order.
    top: Vec<(u32, f32)>,
    /// Documents known to match.
    matched: usize,
    /// Whether every document that may match is known (the count is exact).
    exact: bool,
}

enum Ranked {
    /// Files to fetch, and the documents ranked best so far (whose fragments are likely needed).
    Need(Vec<Src>, Vec<u32>),
    Done(Top),
}

/// The best `k` documents, or the chunks to fetch before they are certain. Ranks as the in-memory
/// search does: by `order`'s key, then score descending, then document number. Goes through the
/// documents in order, keeping the best `k` and what could still beat the `k`-th, so that its
/// memory does not grow with the lists' length.
fn rank(lists: &[ListState], node: &Node, k: usize, exact_count: bool, c: &Collection, order: &Order) -> Ranked {
    let n_docs = c.root.n_docs;
    let judge = |d: u32| eval(node, &|i| lists[i].at(d), (d, d), c.texts.get(&d).map(|t| &t.1));
    // Stretches of documents not seen: cut the document range where any unread chunk, range of
    // documents or run of one key starts or ends. In each, every unseen document scores alike.
    let mut cuts: Vec<u32> = lists.iter().flat_map(|l| l.unread().flat_map(|u| [u.0, u.1.saturating_add(1)])).collect();
    doc_cuts(node, &mut cuts);
    cuts.extend(order.starts.iter().copied());
    cuts.extend([0, n_docs]);
    cuts.retain(|&c| c <= n_docs);
    crate::order::sort_u32(&mut cuts);
    cuts.dedup();
    let stretch = |(a, b): (u32, u32)| -> (Eval, Vec<Part>) {
        let parts: Vec<Part> = lists.iter().map(|l| l.unseen(a, b)).collect();
        (eval(node, &|i| parts[i], (a, b), None), parts)
    };
    let cmp = |a: &(u32, f32), b: &(u32, f32)| {
        order.key(b.0).cmp(&order.key(a.0)).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0))
    };
    let mut yes = Best { k, kept: Vec::new(), cmp, kth: None };
    // The documents that surely match but are not settled, each with the least it scores.
    let mut sure = Best { k, kept: Vec::new(), cmp, kth: None };
    let (mut matched, mut undecided) = (0usize, false);
    let better = |x: (i64, f32, u32), y: (i64, f32, u32)| {
        x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(y.2.cmp(&x.2)) == std::cmp::Ordering::Greater
    };
    let beats = |kth: Option<(u32, f32)>, key: i64, score: f32, doc: u32| match kth {
        None => true,
        Some((kd, ks)) => better((key, score, doc), (order.key(kd), ks, kd)),
    };
    // The seen documents that may match, with their bounds: only those that could beat the k-th
    // known so far (which only gets better), in document order.
    let mut maybe: Vec<(u32, f32)> = Vec::new();
    // The seen documents that match, and in each stretch where every unseen document matches, all
    // alike, the first `k` of them (the best).
    let mut seen = seen_docs(lists).peekable();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1] - 1);
        let (e, _) = stretch((a, b));
        let (mut seen_here, mut next_unseen, mut taken) = (0usize, a, 0usize);
        while let Some(d) = seen.next_if(|&d| d <= b) {
            seen_here += 1;
            match judge(d) {
                Eval::Yes(s) => {
                    yes.push((d, s));
                    matched += 1;
                }
                Eval::Maybe(hi) => {
                    undecided = true;
                    if exact_count || beats(yes.kth, order.key(d), hi, d) {
                        maybe.push((d, hi));
                    }
                    if let Some(lo) = floor(node, &|i| lists[i].at(d), d) {
                        sure.push((d, lo));
                    }
                }
                Eval::No => {}
            }
            if let Eval::Yes(score) = e {
                while taken < k && next_unseen < d {
                    yes.push((next_unseen, score));
                    (next_unseen, taken) = (next_unseen + 1, taken + 1);
                }
                next_unseen = next_unseen.max(d + 1);
            }
        }
        match e {
            Eval::No => {}
            Eval::Yes(score) => {
                matched += (b - a + 1) as usize - seen_here;
                while taken < k && next_unseen <= b {
                    yes.push((next_unseen, score));
                    (next_unseen, taken) = (next_unseen + 1, taken + 1);
                }
            }
            Eval::Maybe(_) => undecided = true,
        }
    }
    let top = yes.settle().to_vec();
    if !undecided {
        return Ranked::Done(Top { top, matched, exact: true });
    }
    // The k-th, or at least what it will reach: the k-th of the settled and of the least the
    // documents sure to match score (each ranks at least where its least would). What does not
    // beat it cannot be in the best `k`, but the k-th itself, when not settled, may be.
    let kth = {
        let mut all: Vec<(u32, f32)> = sure.settle().iter().chain(&top).copied().collect();
        crate::order::sort_by(&mut all, cmp);
        all.get(k.wrapping_sub(1)).filter(|_| !exact_count).copied()
    };
    let beats = |key: i64, score: f32, doc: u32| kth.is_some_and(|t| t.0 == doc) || beats(kth, key, score, doc);
    // What could still beat the k-th, the most promising first, a round's worth of the files that
    // would settle them: what they settle raises the k-th score, which may rule the others out
    // without reading them. The seen documents come before the stretches of the same key and bound
    // (each in document order), and a document's files are found when it is its turn.
    maybe.retain(|&(d, hi)| beats(order.key(d), hi, d));
    maybe.sort_unstable_by(|a, b| order.key(b.0).cmp(&order.key(a.0)).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    // The chunks that could settle documents `span`: of each list they are not known in, each
    // unread chunk holding them (one a tier) that, were their postings there, could lift them past
    // the k-th (a tier whose best could not need not be read for them), as far as `settle` asks.
    let settling = |parts: &[Part], span: (u32, u32), settle: Settle, files: &mut Vec<Src>| {
        let most = parts.iter().map(|p| if let Part::Unknown(b, _, _) = p { *b } else { 0.0 }).fold(0.0, f32::max);
        for (i, p) in parts.iter().enumerate() {
            let Part::Unknown(bound, _, first) = p else { continue };
            match settle {
                Settle::First => {
                    files.push(*first);
                    continue;
                }
                Settle::Most if *bound < most => continue,
                // A document sure to match needs no list that adds nothing.
                Settle::Sure if *bound == 0.0 => continue,
                _ => {}
            }
            for u in lists[i].covering(span.0, span.1) {
                let with = |j: usize| if j == i { Part::Unknown(u.2, u.3, Src::Chunk(u.4)) } else { parts[j] };
                if let Eval::Maybe(hi) | Eval::Yes(hi) = eval(node, &with, span, None) {
                    if beats(order.key(span.0), hi, span.0) {
                        files.push(Src::Chunk(u.4));
                    }
                }
            }
        }
    };
    // With no k-th yet, the best `k` documents seen are settled whole, so that the next round has
    // one; other documents and the stretches not seen read each list's chunk that could add the
    // most. With a k-th: documents sure to beat it are settled whole, the others read the list
    // that could add the most, which may rule them out.
    let (whole, unsure) = match (exact_count, kth) {
        (true, _) => (usize::MAX, Settle::All),
        (false, None) => (k, Settle::First),
        (false, Some(_)) => (0, Settle::Most),
    };
    // Stretches that could still beat the k-th: key, bound, documents, what each list adds there.
    type Open = (i64, f32, (u32, u32), Vec<Part>);
    let mut open: Vec<Open> = Vec::new();
    for w in cuts.windows(2) {
        let span = (w[0], w[1] - 1);
        let (Eval::Maybe(hi), parts) = stretch(span) else { continue };
        if beats(order.key(span.0), hi, span.0) {
            open.push((order.key(span.0), hi, span, parts));
        }
    }
    crate::order::sort_by(&mut open, |a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    // A round's files, the most promising documents' first. `generous`: what is not sure to beat
    // the k-th reads every list that could add something, not only the one that could add the most.
    let round = |generous: bool| {
        let mut whole = whole;
        let unsure = if generous && kth.is_some() { Settle::All } else { unsure };
        let (mut docs, mut stretches) = (maybe.iter().peekable(), open.iter().peekable());
        let mut need: Vec<Src> = Vec::new();
        let mut files: Vec<Src> = Vec::new();
        loop {
            if need.len() >= CHUNKS_PER_ROUND && !exact_count {
                break;
            }
            let stretch_first = match (docs.peek(), stretches.peek()) {
                (None, None) => break,
                (Some(&&(d, hi)), Some(s)) => s.0.cmp(&order.key(d)).then(s.1.total_cmp(&hi)).is_gt(),
                (None, Some(_)) => true,
                (Some(_), None) => false,
            };
            files.clear();
            if stretch_first {
                if let Some((_, _, span, parts)) = stretches.next() {
                    settling(parts, *span, unsure, &mut files);
                }
            } else if let Some(&(d, _)) = docs.next() {
                let parts: Vec<Part> = lists.iter().map(|l| l.at(d)).collect();
                let settle = if whole > 0 {
                    whole -= 1;
                    Settle::All
                } else if kth.is_some() && floor(node, &|i| parts[i], d).is_some_and(|lo| beats(order.key(d), lo, d)) {
                    Settle::Sure
                } else {
                    unsure
                };
                settling(&parts, (d, d), settle, &mut files);
                let unknown = parts.iter().any(|p| matches!(p, Part::Unknown(..)));
                if files.is_empty() && unknown {
                    // What adds nothing may still decide whether it matches.
                    settling(&parts, (d, d), Settle::All, &mut files);
                } else if files.is_empty() {
                    // Every posting known, yet undecided: a phrase or NEAR needs the document's words.
                    files.push(Src::Text(d));
                }
            }
            if files.iter().any(|f| need.binary_search(f).is_err()) {
                need.append(&mut files);
                need.sort_unstable();
                need.dedup();
            }
        }
        need
    };
    // A round costs a round trip whatever it reads: one with few files reads more of what is
    // likely needed next.
    let mut need = round(false);
    if !need.is_empty() && need.len() < CHUNKS_PER_ROUND / 8 {
        need = round(true);
    }
    if !need.is_empty() {
        let best = top.iter().map(|&(d, _)| d).collect();
        return Ranked::Need(need, best);
    }
    Ranked::Done(Top { top, matched, exact: false })
}

/// About how many documents match, from the lists' document frequencies (words independent).
fn estimate(lists: &[ListState], node: &Node, n_docs: u32) -> usize {
    fn share(lists: &[ListState], node: &Node, n: f64) -> f64 {
        match node {
            Node::All => 1.0,
            Node::Docs(ranges) => ranges.iter().map(|r| (r.1 - r.0 + 1) as f64).sum::<f64>() / n,
            // At most the rarest word's share.
            Node::Phrase { lists: ids, .. } => ids.iter().map(|&i| lists[i].df as f64 / n).fold(1.0, f64::min),
            Node::Near { sides, .. } => sides.iter().map(|p| share(lists, p, n)).product(),
            Node::Terms(ids) => 1.0 - ids.iter().map(|&i| 1.0 - lists[i].df as f64 / n).product::<f64>(),
            Node::And { positive, negative } => {
                positive.iter().map(|p| share(lists, p, n)).product::<f64>()
                    * negative.iter().map(|p| 1.0 - share(lists, p, n)).product::<f64>()
            }
            Node::Or(nodes) => 1.0 - nodes.iter().map(|p| 1.0 - share(lists, p, n)).product::<f64>(),
        }
    }
    let n = n_docs.max(1) as f64;
    (share(lists, node, n) * n).round() as usize
}

#[cfg(test)]
mod tests;

/// The entities each of `n` documents names, with their mentions' byte ranges, by kind and name.
fn named_per_doc(x: &Extraction, n: usize) -> Vec<Vec<Named>> {
    let mut out: Vec<Vec<Named>> = vec![Vec::new(); n];
    for e in &x.entities {
        for m in &e.mentions {
            let Some(doc) = out.get_mut(m.doc as usize) else { continue };
            let at = (m.start as u32, m.end as u32);
            match doc.last_mut() {
                Some(last) if last.kind == e.kind && last.name == e.name => last.at.push(at),
                _ => doc.push(Named { kind: e.kind, name: e.name.clone(), at: vec![at] }),
            }
        }
    }
    for doc in &mut out {
        for named in doc.iter_mut() {
            named.at.sort_unstable();
        }
    }
    out
}

/// `named` cut to the ranges that end by byte `end` (a fragment's text).
fn within(named: &[Named], end: u32) -> Vec<Named> {
    named
        .iter()
        .filter_map(|n| {
            let at: Vec<(u32, u32)> = n.at.iter().copied().filter(|&(_, e)| e <= end).collect();
            (!at.is_empty()).then(|| Named { at, ..n.clone() })
        })
        .collect()
}
