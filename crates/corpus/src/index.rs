//! The positional inverted index: a sorted term dictionary, and per field (body, title) postings
//! encoded as deltas in LEB128 varints.
//!
//! Per term and field there are two streams:
//! - the doc stream: for each document containing the term, `doc delta, tf, bytes of positions`;
//! - the position stream: each document's positions as deltas, in the same order.
//!
//! Scoring reads only the doc stream; phrases and NEAR jump into the position stream by the byte
//! counts. Documents are numbered by their position in the corpus.

use crate::corpus::Corpus;
use crate::date::Date;
use crate::fxhash::FxBuildHasher;
use crate::text::{self, for_each_term, for_each_token};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The two text fields of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Body = 0,
    Title = 1,
}

impl Field {
    pub const ALL: [Field; 2] = [Field::Body, Field::Title];
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct TermEntry {
    /// Start of the term's doc stream; it ends where the next entry's starts.
    docs_off: u32,
    pos_off: u32,
    df: u32,
    /// Total occurrences in the field.
    cf: u32,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct FieldIndex {
    /// Term ids with postings in this field, sorted, when fewer than half the terms have any (the
    /// title field); `None` when `terms` is indexed by term id directly.
    sparse_ids: Option<Vec<u32>>,
    terms: Vec<TermEntry>,
    doc_stream: Vec<u8>,
    pos_stream: Vec<u8>,
    doc_len: Vec<u32>,
    avg_len: f32,
    total_len: u64,
    /// Skip entries of the long doc streams (see [`Skip`]), derived from the streams when the index is
    /// built, read or appended; not stored in packs. `skip_start[slot]..skip_start[slot + 1]` are a
    /// slot's entries; empty (no skips at all) until derived.
    #[serde(skip)]
    skips: Vec<Skip>,
    #[serde(skip)]
    skip_start: Vec<u32>,
}

/// A place to resume decoding a doc stream: the posting that starts at byte `at` of the term's
/// stream follows document `prev`, and its positions start at `pos` in the position stream. Terms
/// with at least [`SKIP_MIN`] documents get one every [`skip_every`] postings, so looking up a few
/// documents in a long list (a rare word ANDed with a frequent one, a snippet's highlights) decodes
/// the blocks that may hold them instead of the whole list.
#[derive(Debug, Default, Clone, Copy)]
struct Skip {
    prev: u32,
    at: u32,
    pos: u32,
}

const SKIP_MIN: u32 = 48;

/// Postings per skip entry: 16 in lists of a few thousand documents, coarser in longer ones, where the
/// documents looked up are many and close together anyway. At 100k documents this keeps skip entries
/// near 0.04 bytes per corpus byte.
fn skip_every(df: u32) -> u32 {
    match df {
        0..2048 => 16,
        2048..16384 => 32,
        _ => 64,
    }
}

impl FieldIndex {
    /// Derives the skip entries from the doc streams (the streams must be valid: built here or
    /// checked by [`Index::validate`]). A term whose stored `df` understates its stream just gets
    /// fewer skips: lookups stay correct, only slower.
    fn derive_skips(&mut self) {
        let (mut skips, mut starts) = (Vec::new(), Vec::with_capacity(self.terms.len() + 1));
        for slot in 0..self.terms.len() {
            starts.push(skips.len() as u32);
            let (e, end) = self.entry_at(slot);
            if e.df < SKIP_MIN {
                continue;
            }
            let docs = &self.doc_stream[e.docs_off as usize..end];
            let mut p = Postings { docs, at: 0, doc: 0, first: true, pos_cursor: e.pos_off };
            let (mut n, every) = (0u32, skip_every(e.df));
            while p.next().is_some() {
                n += 1;
                if n.is_multiple_of(every) && p.at < docs.len() {
                    skips.push(Skip { prev: p.doc, at: p.at as u32, pos: p.pos_cursor });
                }
            }
        }
        starts.push(skips.len() as u32);
        (self.skips, self.skip_start) = (skips, starts);
    }

    fn skips_of(&self, slot: usize) -> &[Skip] {
        match (self.skip_start.get(slot), self.skip_start.get(slot + 1)) {
            (Some(&a), Some(&b)) => self.skips.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Where `term` sits in `terms`, if it has postings here.
    fn slot(&self, term: u32) -> Option<usize> {
        let slot = match &self.sparse_ids {
            Some(ids) => ids.binary_search(&term).ok()?,
            None => term as usize,
        };
        (slot < self.terms.len()).then_some(slot)
    }

    /// The entry in `slot` and the end of its doc stream.
    fn entry_at(&self, slot: usize) -> (TermEntry, usize) {
        let e = self.terms[slot];
        (e, self.terms.get(slot + 1).map_or(self.doc_stream.len(), |n| n.docs_off as usize))
    }

    /// The term's entry and the end of its doc stream.
    fn entry(&self, term: u32) -> Option<(TermEntry, usize)> {
        self.slot(term).map(|slot| self.entry_at(slot))
    }
}

/// Per-document values for filters, facets and sorting.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct DocTable {
    pub date: Vec<Option<Date>>,
    /// Index into `sources`, or `u32::MAX`.
    pub source: Vec<u32>,
    pub sources: Vec<String>,
    /// Normal forms of `sources`, for `source:` filters.
    pub source_norms: Vec<String>,
    /// Earliest year of any dated document (years are counted from it in facets).
    pub first_year: i32,
    /// Years from `first_year` to the latest one.
    pub n_years: usize,
}

impl DocTable {
    /// The earliest year of any dated document and the number of years from it to the latest;
    /// `(0, 0)` when no document is dated.
    fn year_span(&self) -> (i32, usize) {
        let years = self.date.iter().flatten().map(|d| d.year);
        match (years.clone().min(), years.max()) {
            (Some(lo), Some(hi)) => (lo, (hi - lo + 1) as usize),
            _ => (0, 0),
        }
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Index {
    n_docs: u32,
    /// All terms, sorted, concatenated; `term_ends[i]` is the end of term `i`.
    term_text: String,
    term_ends: Vec<u32>,
    fields: [FieldIndex; 2],
    /// For each term, its stem group (`u32::MAX` if the stem is its alone).
    stem_group: Vec<u32>,
    stem_groups: Vec<Vec<u32>>,
    /// Common grams: adjacent body-word pairs of two very frequent words ("the of", "the drug"),
    /// keyed `first << 32 | second` (term ids), sorted; postings without positions. A phrase of such
    /// words reads its documents here instead of checking positions in nearly every document.
    gram_keys: Vec<u64>,
    grams: FieldIndex,
    /// Per term id: a gram word (chosen before indexing from a sample of the corpus, see
    /// [`gram_words`]). Every adjacent pair of two gram words in a body is a common gram.
    gram_word: Vec<bool>,
    pub docs: DocTable,
    /// Per term id, its first 8 bytes as a big-endian number (zero-padded): sorted like the terms, so
    /// a lookup compares numbers and reads text only to settle terms that share those 8 bytes.
    /// Derived in memory (see [`Index::derive`]), not stored in packs.
    #[serde(skip)]
    term_keys: Vec<u64>,
}

/// A term's first 8 bytes as a big-endian number, zero-padded (terms hold no zero bytes).
fn term_key(term: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    let n = term.len().min(8);
    k[..n].copy_from_slice(&term[..n]);
    u64::from_be_bytes(k)
}

/// One document's entry in a term's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: u32,
    pos_start: u32,
    pos_end: u32,
}

/// Walks a term's postings in document order.
pub struct Postings<'a> {
    docs: &'a [u8],
    at: usize,
    doc: u32,
    first: bool,
    pos_cursor: u32,
}

impl Iterator for Postings<'_> {
    type Item = Posting;

    #[inline]
    fn next(&mut self) -> Option<Posting> {
        if self.at >= self.docs.len() {
            return None;
        }
        let delta = read_varint(self.docs, &mut self.at);
        let tf = read_varint(self.docs, &mut self.at);
        let pos_bytes = read_varint(self.docs, &mut self.at);
        self.doc = if self.first { delta } else { self.doc + delta };
        self.first = false;
        let pos_start = self.pos_cursor;
        self.pos_cursor = self.pos_cursor.wrapping_add(pos_bytes);
        Some(Posting { doc: self.doc, tf, pos_start, pos_end: self.pos_cursor })
    }
}

impl Index {
    /// Indexes every document of `corpus`: body, title, date and source.
    pub fn build(corpus: &Corpus) -> Index {
        Index::build_with_gram_words(corpus, gram_words(corpus))
    }

    /// [`Index::build`] with the gram words chosen elsewhere: shards of one collection share those
    /// of the whole (see `pack::write_shards`).
    pub(crate) fn build_with_gram_words(corpus: &Corpus, gram_words: HashSet<String, FxBuildHasher>) -> Index {
        let mut b = Builder { gram_words, ..Builder::default() };
        for (i, doc) in corpus.docs().iter().enumerate() {
            b.add(i as u32, Field::Title, &doc.title);
            b.add(i as u32, Field::Body, &doc.body);
        }
        let mut index = b.finish(corpus.len() as u32);
        let mut source_ids: HashMap<&str, u32> = HashMap::new();
        for doc in corpus.docs() {
            index.docs.date.push(doc.date);
            let sid = match doc.source.as_deref() {
                Some(s) => *source_ids.entry(s).or_insert_with(|| {
                    index.docs.sources.push(s.to_string());
                    index.docs.source_norms.push(text::normalize_label(s));
                    (index.docs.sources.len() - 1) as u32
                }),
                None => u32::MAX,
            };
            index.docs.source.push(sid);
        }
        (index.docs.first_year, index.docs.n_years) = index.docs.year_span();
        index
    }

    pub fn n_docs(&self) -> u32 {
        self.n_docs
    }

    /// An index of this index's documents followed by `other`'s (numbered from `self.n_docs()` on),
    /// as [`Index::build`] would give for the two corpora concatenated: same terms, postings,
    /// statistics and scores. Shards of a collection (`pack::write_shards`) load this way.
    ///
    /// Common grams are kept for pairs of words that are gram words in every part they occur in
    /// (all of them when the parts were built with the same gram words, as shards are).
    /// Cost: one pass over both indexes' postings.
    pub fn appended(&self, other: &Index) -> Index {
        let (a, b) = (self, other);
        // The merged dictionary, with each part's term ids mapped to it (ids stay in order).
        let (mut a_map, mut b_map) = (Vec::with_capacity(a.n_terms()), Vec::with_capacity(b.n_terms()));
        let mut out = Index { n_docs: a.n_docs + b.n_docs, ..Index::default() };
        let (mut i, mut j) = (0u32, 0u32);
        let (na, nb) = (a.n_terms() as u32, b.n_terms() as u32);
        while i < na || j < nb {
            let order = match (i < na, j < nb) {
                (true, true) => a.term(i).cmp(b.term(j)),
                (true, false) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let new = out.term_ends.len() as u32;
            let t = if order.is_gt() { b.term(j) } else { a.term(i) };
            out.term_text.push_str(t);
            out.term_ends.push(out.term_text.len() as u32);
            // A gram word only if it is one in every part that has it.
            let gram = match order {
                std::cmp::Ordering::Less => a.gram_word[i as usize],
                std::cmp::Ordering::Greater => b.gram_word[j as usize],
                std::cmp::Ordering::Equal => a.gram_word[i as usize] && b.gram_word[j as usize],
            };
            out.gram_word.push(gram);
            if order.is_le() {
                a_map.push(new);
                i += 1;
            }
            if order.is_ge() {
                b_map.push(new);
                j += 1;
            }
        }
        let n_terms = out.term_ends.len();
        for f in Field::ALL {
            let (fa, fb) = (&a.fields[f as usize], &b.fields[f as usize]);
            let slots = |fi: &FieldIndex, map: &[u32]| -> Vec<(u32, usize)> {
                match &fi.sparse_ids {
                    Some(ids) => ids.iter().enumerate().map(|(slot, &t)| (map[t as usize], slot)).collect(),
                    None => (0..fi.terms.len()).map(|slot| (map[slot], slot)).collect(),
                }
            };
            let merged = merge_fields(fa, &slots(fa, &a_map), fb, &slots(fb, &b_map), a.n_docs, n_terms, true);
            out.fields[f as usize] = merged;
        }
        // Common grams whose two words are still gram words, keyed by the merged ids.
        let keys = |idx: &Index, map: &[u32]| -> Vec<(u64, usize)> {
            idx.gram_keys
                .iter()
                .enumerate()
                .filter_map(|(slot, &k)| {
                    let (first, second) = (map.get((k >> 32) as usize)?, map.get((k & 0xFFFF_FFFF) as usize)?);
                    Some(((*first as u64) << 32 | *second as u64, slot))
                })
                .filter(|&(k, _)| out.gram_word[(k >> 32) as usize] && out.gram_word[(k & 0xFFFF_FFFF) as usize])
                .collect()
        };
        let (ka, kb) = (keys(a, &a_map), keys(b, &b_map));
        // Sorted as (first, second) pairs, the order of the u64 keys, by the sort the page's wasm already
        // has for spans (one instantiation fewer than a u64 sort).
        let mut pairs: Vec<(u32, u32)> = ka.iter().chain(&kb).map(|&(k, _)| ((k >> 32) as u32, k as u32)).collect();
        crate::order::sort_pairs(&mut pairs);
        pairs.dedup();
        let all: Vec<u64> = pairs.into_iter().map(|(first, second)| (first as u64) << 32 | second as u64).collect();
        let slot_of = |k: u64| all.binary_search(&k).unwrap() as u32;
        let ga: Vec<(u32, usize)> = ka.iter().map(|&(k, s)| (slot_of(k), s)).collect();
        let gb: Vec<(u32, usize)> = kb.iter().map(|&(k, s)| (slot_of(k), s)).collect();
        out.grams = merge_fields(&a.grams, &ga, &b.grams, &gb, a.n_docs, all.len(), false);
        out.gram_keys = all;
        out.set_stem_groups();
        out.docs = a.docs.clone();
        out.docs.date.extend_from_slice(&b.docs.date);
        let mut source_ids: HashMap<String, u32> =
            out.docs.sources.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
        let b_sources: Vec<u32> = (0..b.docs.sources.len())
            .map(|s| {
                let name = &b.docs.sources[s];
                *source_ids.entry(name.clone()).or_insert_with(|| {
                    out.docs.sources.push(name.clone());
                    out.docs.source_norms.push(b.docs.source_norms[s].clone());
                    (out.docs.sources.len() - 1) as u32
                })
            })
            .collect();
        out.docs.source.extend(b.docs.source.iter().map(|&s| b_sources.get(s as usize).copied().unwrap_or(u32::MAX)));
        (out.docs.first_year, out.docs.n_years) = out.docs.year_span();
        out.derive();
        out
    }

    /// Derives what is kept in memory only (term keys for lookups, skip entries of long doc streams);
    /// called wherever an index comes into being: built, appended, or read from a pack (after it is
    /// validated).
    pub(crate) fn derive(&mut self) {
        self.term_keys = (0..self.n_terms() as u32).map(|t| term_key(self.term(t).as_bytes())).collect();
        for f in &mut self.fields {
            f.derive_skips();
        }
    }

    pub fn n_terms(&self) -> usize {
        self.term_ends.len()
    }

    /// The text of term `id`.
    pub fn term(&self, id: u32) -> &str {
        let end = self.term_ends[id as usize] as usize;
        let start = if id == 0 { 0 } else { self.term_ends[id as usize - 1] as usize };
        &self.term_text[start..end]
    }

    /// The id of a term in normal form.
    pub fn term_id(&self, norm: &str) -> Option<u32> {
        let norm = norm.as_bytes();
        let term_bytes = |i: usize| {
            let start = if i == 0 { 0 } else { self.term_ends[i - 1] as usize };
            self.term_text.as_bytes().get(start..self.term_ends[i] as usize).unwrap_or_default()
        };
        if self.term_keys.len() == self.term_ends.len() {
            let key = term_key(norm);
            let mut i = self.term_keys.partition_point(|&k| k < key);
            while self.term_keys.get(i) == Some(&key) {
                if term_bytes(i) == norm {
                    return Some(i as u32);
                }
                i += 1;
            }
            return None;
        }
        // Keys not derived (an index still being put together): bytes compare as the strings do (UTF-8
        // keeps code point order).
        let (mut lo, mut hi) = (0usize, self.term_ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match term_bytes(mid).cmp(norm) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Ids of all terms starting with `prefix`, in order.
    pub fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let lower = self.lower_bound(prefix);
        let mut upper = lower;
        while (upper as usize) < self.term_ends.len() && self.term(upper).starts_with(prefix) {
            upper += 1;
        }
        lower..upper
    }

    fn lower_bound(&self, s: &str) -> u32 {
        let (mut lo, mut hi) = (0usize, self.term_ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.term(mid as u32) < s {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo as u32
    }

    /// Terms within `max_edits` (Levenshtein) of `word`, nearest first, at most `limit`.
    pub fn fuzzy_terms(&self, word: &str, max_edits: u8, limit: usize) -> Vec<(u32, u8)> {
        let w: Vec<char> = word.chars().collect();
        let mut out = Vec::new();
        let mut row = Vec::new();
        for id in 0..self.term_ends.len() as u32 {
            let t = self.term(id);
            let tl = t.chars().count();
            if tl.abs_diff(w.len()) > max_edits as usize {
                continue;
            }
            if let Some(d) = bounded_levenshtein(&w, t, max_edits as usize, &mut row) {
                out.push((id, d as u8));
            }
        }
        crate::order::sort_by_key(&mut out, |&(id, d)| (d, std::cmp::Reverse(self.df(Field::Body, id))));
        out.truncate(limit);
        out
    }

    /// Other terms sharing `id`'s stem (not including `id`).
    pub fn stem_siblings(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let g = self.stem_group.get(id as usize).copied().unwrap_or(u32::MAX);
        let group: &[u32] = if g == u32::MAX { &[] } else { &self.stem_groups[g as usize] };
        group.iter().copied().filter(move |&t| t != id)
    }

    /// Terms whose stem is `stem(norm)`, whether or not `norm` itself is indexed.
    pub fn terms_with_stem(&self, norm: &str) -> Vec<u32> {
        match self.term_id(norm) {
            Some(id) => std::iter::once(id).chain(self.stem_siblings(id)).collect(),
            None => self.terms_with_stem_of_unindexed(norm),
        }
    }

    /// [`Index::terms_with_stem`] for a word known not to be indexed itself (no second lookup).
    pub fn terms_with_stem_of_unindexed(&self, norm: &str) -> Vec<u32> {
        let s = text::stem(norm);
        // The stem itself, or a word built on it, is where a group would start.
        self.prefix_range(&s).filter(|&id| text::stem(self.term(id)) == s).collect()
    }

    /// The postings of `term` for exactly the documents in `docs` (sorted) that have it, in order.
    /// Long lists are entered at their skip entries, so this decodes a block of postings per document
    /// looked up rather than the whole list.
    pub fn postings_in(&self, field: Field, term: u32, docs: &[u32]) -> Vec<Posting> {
        let f = &self.fields[field as usize];
        let mut out = Vec::new();
        let Some(slot) = f.slot(term) else { return out };
        let (e, end) = f.entry_at(slot);
        let stream = &f.doc_stream[e.docs_off as usize..end];
        let skips = f.skips_of(slot);
        let mut it = Postings { docs: stream, at: 0, doc: 0, first: true, pos_cursor: e.pos_off };
        let mut cur = it.next();
        let mut s = 0;
        for &d in docs {
            let Some(p) = cur else { break };
            // The last block that starts after a document before `d`, if it lies ahead.
            let mut jump = None;
            while s < skips.len() && skips[s].prev < d {
                jump = Some(skips[s]);
                s += 1;
            }
            if let Some(k) = jump.filter(|k| p.doc < d && k.at as usize >= it.at) {
                it = Postings { docs: stream, at: k.at as usize, doc: k.prev, first: false, pos_cursor: k.pos };
                cur = it.next();
            }
            while cur.is_some_and(|p| p.doc < d) {
                cur = it.next();
            }
            if let Some(p) = cur.filter(|p| p.doc == d) {
                out.push(p);
                cur = it.next();
            }
        }
        out
    }

    pub fn postings(&self, field: Field, term: u32) -> Postings<'_> {
        let f = &self.fields[field as usize];
        let (e, end) = f.entry(term).unwrap_or_default();
        let docs = &f.doc_stream[e.docs_off as usize..end];
        Postings { docs, at: 0, doc: 0, first: true, pos_cursor: e.pos_off }
    }

    /// Positions (token numbers) of a posting, in increasing order.
    pub fn positions(&self, field: Field, p: &Posting) -> impl Iterator<Item = u32> + '_ {
        let stream = &self.fields[field as usize].pos_stream[p.pos_start as usize..p.pos_end as usize];
        let mut at = 0;
        let mut last = 0u32;
        std::iter::from_fn(move || {
            if at >= stream.len() {
                return None;
            }
            last += read_varint(stream, &mut at);
            Some(last)
        })
    }

    /// Positions of a posting appended to `out` (cleared first): the tight loop phrases use.
    pub fn positions_into(&self, field: Field, p: &Posting, out: &mut Vec<u32>) {
        let stream = &self.fields[field as usize].pos_stream[p.pos_start as usize..p.pos_end as usize];
        out.clear();
        out.reserve(p.tf as usize);
        let (mut at, mut last) = (0, 0u32);
        while at < stream.len() {
            last += read_varint(stream, &mut at);
            out.push(last);
        }
    }

    /// Whether the pair `first second` is indexed as a common gram when it occurs: both are gram
    /// words. For such a pair a missing gram means the words are never adjacent in a body.
    pub fn gram_eligible(&self, first: u32, second: u32) -> bool {
        self.gram_word.get(first as usize).copied().unwrap_or(false)
            && self.gram_word.get(second as usize).copied().unwrap_or(false)
    }

    /// The common grams' keys (`first << 32 | second`), in order: gram `g` is `gram_keys()[g]`.
    pub(crate) fn gram_keys(&self) -> &[u64] {
        &self.gram_keys
    }

    /// The common gram of two adjacent body terms, if the pair occurs.
    pub fn gram(&self, first: u32, second: u32) -> Option<u32> {
        self.gram_keys.binary_search(&((first as u64) << 32 | second as u64)).ok().map(|g| g as u32)
    }

    /// Documents containing a common gram, with how often (positions are not kept).
    pub fn gram_postings(&self, gram: u32) -> Postings<'_> {
        let (e, end) = self.grams.entry(gram).unwrap_or_default();
        Postings { docs: &self.grams.doc_stream[e.docs_off as usize..end], at: 0, doc: 0, first: true, pos_cursor: 0 }
    }

    pub fn gram_df(&self, gram: u32) -> u32 {
        self.grams.entry(gram).map_or(0, |(e, _)| e.df)
    }

    pub fn df(&self, field: Field, term: u32) -> u32 {
        self.fields[field as usize].entry(term).map_or(0, |(e, _)| e.df)
    }

    /// Occurrences of a term in a field across the corpus.
    pub fn cf(&self, field: Field, term: u32) -> u32 {
        self.fields[field as usize].entry(term).map_or(0, |(e, _)| e.cf)
    }

    pub fn doc_len(&self, field: Field, doc: u32) -> u32 {
        self.fields[field as usize].doc_len.get(doc as usize).copied().unwrap_or(0)
    }

    pub fn avg_len(&self, field: Field) -> f32 {
        self.fields[field as usize].avg_len
    }

    /// Tokens in a field across the corpus.
    pub fn total_len(&self, field: Field) -> u64 {
        self.fields[field as usize].total_len
    }

    /// Bytes the index holds: postings, dictionary, per-term and per-document tables.
    pub fn size_bytes(&self) -> IndexSize {
        let mut s = IndexSize { dictionary: self.term_text.len() + self.term_ends.len() * 4, ..IndexSize::default() };
        for f in &self.fields {
            s.doc_postings += f.doc_stream.len();
            s.positions += f.pos_stream.len();
            s.tables += f.terms.len() * std::mem::size_of::<TermEntry>() + f.doc_len.len() * 4;
            s.tables += f.sparse_ids.as_ref().map_or(0, |ids| ids.len() * 4);
            s.derived += f.skips.len() * std::mem::size_of::<Skip>() + f.skip_start.len() * 4;
        }
        s.derived += self.term_keys.len() * 8;
        s.doc_postings += self.grams.doc_stream.len();
        s.tables +=
            self.grams.terms.len() * std::mem::size_of::<TermEntry>() + self.gram_keys.len() * 8 + self.gram_word.len();
        s.tables += self.stem_group.len() * 4 + self.stem_groups.iter().map(|g| g.len() * 4 + 24).sum::<usize>();
        s.tables += self.docs.date.len() * std::mem::size_of::<Option<Date>>() + self.docs.source.len() * 4;
        s
    }
}

impl Index {
    /// Stem groups: terms sharing a stem, when there are two or more.
    fn set_stem_groups(&mut self) {
        let n = self.n_terms();
        let mut by_stem: HashMap<String, Vec<u32>, FxBuildHasher> = HashMap::default();
        for id in 0..n as u32 {
            by_stem.entry(text::stem(self.term(id))).or_default().push(id);
        }
        self.stem_group = vec![u32::MAX; n];
        let mut groups: Vec<Vec<u32>> = by_stem.into_values().filter(|g| g.len() > 1).collect();
        crate::order::sort_by(&mut groups, |a, b| a.cmp(b));
        for (gi, g) in groups.iter().enumerate() {
            for &t in g {
                self.stem_group[t as usize] = gi as u32;
            }
        }
        self.stem_groups = groups;
    }
}

/// Postings of two parts of a field merged term by term: `slots_*` list, in merged term order,
/// `(merged slot, slot in the part)`. The second part's documents follow the first's `offset`
/// documents: only the first delta of each of its doc streams changes, the rest is copied.
fn merge_fields(
    a: &FieldIndex,
    slots_a: &[(u32, usize)],
    b: &FieldIndex,
    slots_b: &[(u32, usize)],
    offset: u32,
    n_slots: usize,
    positions: bool,
) -> FieldIndex {
    let mut out = FieldIndex {
        doc_stream: Vec::with_capacity(a.doc_stream.len() + b.doc_stream.len()),
        pos_stream: Vec::with_capacity(a.pos_stream.len() + b.pos_stream.len()),
        ..FieldIndex::default()
    };
    // A term's doc stream, and its positions as the doc stream counts them (the ranges
    // `Index::validate` checks).
    fn streams(f: &FieldIndex, slot: usize, positions: bool) -> (TermEntry, &[u8], &[u8]) {
        let (e, end) = f.entry_at(slot);
        let docs = &f.doc_stream[e.docs_off as usize..end];
        let pos = match positions {
            true => {
                let pos_end = Postings { docs, at: 0, doc: 0, first: true, pos_cursor: e.pos_off }
                    .last()
                    .map_or(e.pos_off, |p| p.pos_end);
                &f.pos_stream[e.pos_off as usize..pos_end as usize]
            }
            false => &[][..],
        };
        (e, docs, pos)
    }
    let (mut i, mut j) = (0, 0);
    let mut present: Vec<u32> = Vec::new();
    for slot in 0..n_slots as u32 {
        let from_a = slots_a.get(i).filter(|s| s.0 == slot).map(|s| s.1);
        let from_b = slots_b.get(j).filter(|s| s.0 == slot).map(|s| s.1);
        i += from_a.is_some() as usize;
        j += from_b.is_some() as usize;
        let mut entry =
            TermEntry { docs_off: out.doc_stream.len() as u32, pos_off: out.pos_stream.len() as u32, df: 0, cf: 0 };
        // Streams are what counts, not the stored counts: a pack's counts are not checked against them.
        let mut last_a = None;
        if let Some((e, docs, pos)) = from_a.map(|s| streams(a, s, positions)).filter(|(_, docs, _)| !docs.is_empty()) {
            out.doc_stream.extend_from_slice(docs);
            if positions {
                out.pos_stream.extend_from_slice(pos);
            }
            entry.df = entry.df.saturating_add(e.df);
            entry.cf = entry.cf.saturating_add(e.cf);
            last_a = Postings { docs, at: 0, doc: 0, first: true, pos_cursor: 0 }.last().map(|p| p.doc);
        }
        if let Some((e, docs, pos)) = from_b.map(|s| streams(b, s, positions)).filter(|(_, docs, _)| !docs.is_empty()) {
            let mut at = 0;
            let first = read_varint(docs, &mut at).saturating_add(offset);
            write_varint(&mut out.doc_stream, last_a.map_or(first, |l| first.saturating_sub(l)));
            out.doc_stream.extend_from_slice(&docs[at..]);
            if positions {
                out.pos_stream.extend_from_slice(pos);
            }
            entry.df = entry.df.saturating_add(e.df);
            entry.cf = entry.cf.saturating_add(e.cf);
        }
        if out.doc_stream.len() > entry.docs_off as usize {
            present.push(slot);
        }
        out.terms.push(entry);
    }
    // Sparse when fewer than half the terms have postings, as `Builder::finish` decides.
    if present.len() * 2 < n_slots && positions {
        out.terms = present.iter().map(|&s| out.terms[s as usize]).collect();
        out.sparse_ids = Some(present);
    }
    if positions {
        out.doc_len = a.doc_len.iter().chain(&b.doc_len).copied().collect();
        out.total_len = a.total_len + b.total_len;
        let n = out.doc_len.len();
        out.avg_len = if n == 0 { 0.0 } else { out.total_len as f32 / n as f32 };
    }
    out
}

/// Where an index's bytes go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexSize {
    pub dictionary: usize,
    pub doc_postings: usize,
    pub positions: usize,
    pub tables: usize,
    /// Kept in memory only, derived when the index is built or read: skip entries and term keys.
    pub derived: usize,
}

impl IndexSize {
    pub fn total(&self) -> usize {
        self.dictionary + self.doc_postings + self.positions + self.tables + self.derived
    }
}

#[derive(Default)]
struct TermBuilder {
    docs: Vec<u8>,
    pos: Vec<u8>,
    last_doc: Option<u32>,
    df: u32,
    cf: u32,
}

/// Documents sampled to choose gram words.
const GRAM_SAMPLE_DOCS: usize = 2_000;
/// A gram word occurs in at least this share of the sampled documents.
const GRAM_WORD_SHARE: f64 = 0.10;

/// Words frequent enough that a phrase of two of them would otherwise check positions in a large
/// share of the corpus: those in at least 10 % of up to 2,000 documents spread over the corpus.
/// Chosen before indexing, so every pair of them is indexed from the first document on.
pub(crate) fn gram_words(corpus: &Corpus) -> HashSet<String, FxBuildHasher> {
    let docs = corpus.docs();
    let step = docs.len().div_ceil(GRAM_SAMPLE_DOCS).max(1);
    let mut df: HashMap<String, u32, FxBuildHasher> = HashMap::default();
    let mut seen: HashSet<String, FxBuildHasher> = HashSet::default();
    let mut n = 0u32;
    for doc in docs.iter().step_by(step) {
        n += 1;
        seen.clear();
        for_each_token(&doc.body, |t| {
            if !seen.contains(t.norm) {
                seen.insert(t.norm.to_string());
            }
        });
        for w in seen.drain() {
            *df.entry(w).or_default() += 1;
        }
    }
    let min = ((n as f64 * GRAM_WORD_SHARE).ceil() as u32).max(2);
    df.into_iter().filter(|&(_, c)| c >= min).map(|(w, _)| w).collect()
}

/// Occurrences gathered before they are sorted by term and appended to the terms' streams.
const BLOCK_OCCURRENCES: usize = 1 << 20;

/// One occurrence: term, document, position.
type Occurrence = (u32, u32, u32);

#[derive(Default)]
struct Builder {
    ids: HashMap<Box<str>, u32, FxBuildHasher>,
    /// Normal forms of the gram words, and per term id whether it is one.
    gram_words: HashSet<String, FxBuildHasher>,
    gram_word: Vec<bool>,
    fields: [Vec<TermBuilder>; 2],
    doc_len: [Vec<u32>; 2],
    /// Occurrences not yet inverted, per field, in document and position order.
    block: [Vec<Occurrence>; 2],
    gram_ids: HashMap<u64, u32, FxBuildHasher>,
    grams: Vec<TermBuilder>,
    gram_block: Vec<Occurrence>,
    sorted: Vec<Occurrence>,
    counts: Vec<u32>,
}

impl Builder {
    /// Records one field of one document. Occurrences are inverted a block at a time (sort-based
    /// inversion): touching each term's streams once per block instead of once per token keeps the
    /// build in cache.
    fn add(&mut self, doc: u32, field: Field, text: &str) {
        let ids = &mut self.ids;
        let (gram_words, gram_word) = (&self.gram_words, &mut self.gram_word);
        let block = &mut self.block[field as usize];
        let (gram_ids, gram_block) = (&mut self.gram_ids, &mut self.gram_block);
        let body = field == Field::Body;
        // Terms at the previous position and at this one (a compound's first part and the compound
        // joined share a position): a gram pairs every term at one position with every term at the next.
        let (mut prev, mut here): ([Option<u32>; 2], [Option<u32>; 2]) = ([None; 2], [None; 2]);
        let mut here_pos = u32::MAX;
        let mut n = 0u32;
        for_each_term(text, |t| {
            let id = match ids.get(t.norm) {
                Some(&id) => id,
                None => {
                    let id = ids.len() as u32;
                    ids.insert(t.norm.into(), id);
                    gram_word.push(gram_words.contains(t.norm));
                    id
                }
            };
            block.push((id, doc, t.position));
            if t.position != here_pos {
                prev = if t.position == here_pos.wrapping_add(1) { here } else { [None; 2] };
                here = [None; 2];
                here_pos = t.position;
            }
            if body && gram_word[id as usize] {
                for p in prev.into_iter().flatten().filter(|&p| gram_word[p as usize]) {
                    let key = (p as u64) << 32 | id as u64;
                    let next = gram_ids.len() as u32;
                    let g = *gram_ids.entry(key).or_insert(next);
                    gram_block.push((g, doc, t.position - 1));
                }
            }
            here[usize::from(here[0].is_some())] = Some(id);
            if !t.joined {
                n += 1;
            }
        });
        let lens = &mut self.doc_len[field as usize];
        if lens.len() <= doc as usize {
            lens.resize(doc as usize + 1, 0);
        }
        lens[doc as usize] = n;
        if self.block[field as usize].len() >= BLOCK_OCCURRENCES {
            self.flush(field);
        }
        if self.gram_block.len() >= BLOCK_OCCURRENCES {
            self.flush_grams();
        }
    }

    fn flush(&mut self, field: Field) {
        let f = field as usize;
        let n = self.ids.len();
        invert(&mut self.block[f], &mut self.sorted, &mut self.counts, &mut self.fields[f], n, true);
    }

    fn flush_grams(&mut self) {
        let n = self.gram_ids.len();
        invert(&mut self.gram_block, &mut self.sorted, &mut self.counts, &mut self.grams, n, false);
    }

    fn finish(mut self, n_docs: u32) -> Index {
        self.flush(Field::Body);
        self.flush(Field::Title);
        self.flush_grams();
        let mut terms: Vec<(Box<str>, u32)> = self.ids.drain().collect();
        terms.sort_unstable();
        let mut new_of_old = vec![0u32; terms.len()];
        for (new, (_, old)) in terms.iter().enumerate() {
            new_of_old[*old as usize] = new as u32;
        }
        let mut index = Index { n_docs, ..Index::default() };
        index.term_text.reserve(terms.iter().map(|(t, _)| t.len()).sum());
        for (t, _) in &terms {
            index.term_text.push_str(t);
            index.term_ends.push(index.term_text.len() as u32);
        }
        for field in Field::ALL {
            let builders = &mut self.fields[field as usize];
            builders.resize_with(terms.len(), TermBuilder::default);
            let fi = &mut index.fields[field as usize];
            fi.doc_stream.reserve(builders.iter().map(|b| b.docs.len()).sum());
            fi.pos_stream.reserve(builders.iter().map(|b| b.pos.len()).sum());
            let present = builders.iter().filter(|b| b.df > 0).count();
            let sparse = present * 2 < terms.len();
            if sparse {
                fi.sparse_ids = Some(Vec::with_capacity(present));
            }
            for (new_id, (_, old_id)) in terms.iter().enumerate() {
                let tb = std::mem::take(&mut builders[*old_id as usize]);
                if let Some(ids) = fi.sparse_ids.as_mut() {
                    if tb.df == 0 {
                        continue;
                    }
                    ids.push(new_id as u32);
                }
                fi.terms.push(TermEntry {
                    docs_off: fi.doc_stream.len() as u32,
                    pos_off: fi.pos_stream.len() as u32,
                    df: tb.df,
                    cf: tb.cf,
                });
                fi.doc_stream.extend_from_slice(&tb.docs);
                fi.pos_stream.extend_from_slice(&tb.pos);
            }
            let mut lens = std::mem::take(&mut self.doc_len[field as usize]);
            lens.resize(n_docs as usize, 0);
            fi.total_len = lens.iter().map(|&l| l as u64).sum();
            fi.avg_len = if n_docs == 0 { 0.0 } else { fi.total_len as f32 / n_docs as f32 };
            fi.doc_len = lens;
        }
        // Common grams, renumbered in (first, second) order of the final term ids.
        let remap =
            |k: u64| (new_of_old[(k >> 32) as usize] as u64) << 32 | new_of_old[(k & 0xFFFF_FFFF) as usize] as u64;
        let n_all_grams = self.gram_ids.len();
        let mut grams: Vec<(u64, u32)> = self.gram_ids.drain().map(|(k, g)| (remap(k), g)).collect();
        index.gram_word = vec![false; terms.len()];
        for (old, &is) in self.gram_word.iter().enumerate() {
            index.gram_word[new_of_old[old] as usize] = is;
        }
        grams.sort_unstable();
        self.grams.resize_with(n_all_grams, TermBuilder::default);
        let gi = &mut index.grams;
        gi.doc_stream.reserve(self.grams.iter().map(|b| b.docs.len()).sum());
        for &(key, old) in &grams {
            let tb = std::mem::take(&mut self.grams[old as usize]);
            gi.terms.push(TermEntry { docs_off: gi.doc_stream.len() as u32, pos_off: 0, df: tb.df, cf: tb.cf });
            gi.doc_stream.extend_from_slice(&tb.docs);
            index.gram_keys.push(key);
        }
        index.set_stem_groups();
        index.derive();
        index
    }
}

/// Counting-sorts pending occurrences by term (stable, so documents and positions stay in order) and
/// appends each term's run to its streams; `positions: false` writes documents and counts only.
fn invert(
    block: &mut Vec<Occurrence>,
    sorted: &mut Vec<Occurrence>,
    counts: &mut Vec<u32>,
    terms: &mut Vec<TermBuilder>,
    n_terms: usize,
    positions: bool,
) {
    if block.is_empty() {
        return;
    }
    counts.clear();
    counts.resize(n_terms + 1, 0);
    for &(t, _, _) in block.iter() {
        counts[t as usize + 1] += 1;
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    sorted.clear();
    sorted.resize(block.len(), (0, 0, 0));
    for &o in block.iter() {
        let slot = &mut counts[o.0 as usize];
        sorted[*slot as usize] = o;
        *slot += 1;
    }
    if terms.len() < n_terms {
        terms.resize_with(n_terms, TermBuilder::default);
    }
    let mut i = 0;
    while i < sorted.len() {
        let (term, doc, _) = sorted[i];
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == term && sorted[j].1 == doc {
            j += 1;
        }
        let tb = &mut terms[term as usize];
        let pos_before = tb.pos.len();
        if positions {
            let mut last = 0;
            for &(_, _, p) in &sorted[i..j] {
                write_varint(&mut tb.pos, p - last);
                last = p;
            }
        }
        let delta = match tb.last_doc {
            Some(d) => doc - d,
            None => doc,
        };
        write_varint(&mut tb.docs, delta);
        write_varint(&mut tb.docs, (j - i) as u32);
        write_varint(&mut tb.docs, (tb.pos.len() - pos_before) as u32);
        tb.last_doc = Some(doc);
        tb.df += 1;
        tb.cf += (j - i) as u32;
        i = j;
    }
    block.clear();
}

#[inline]
fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[inline]
/// A varint read that reports running off the end instead of panicking (for checking packs).
fn read_varint_checked(buf: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = *buf.get(*at)?;
        *at += 1;
        if shift > 28 {
            return None;
        }
        v |= ((b & 0x7F) as u32) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

impl FieldIndex {
    /// Checks the postings of every term: entries in order and inside the streams, documents
    /// increasing and below `n_docs`, positions inside the position stream.
    fn validate(&self, n_terms: usize, n_docs: u32, with_positions: bool) -> Result<(), PostingsError> {
        match &self.sparse_ids {
            Some(ids) => {
                if ids.len() != self.terms.len() || ids.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(PostingsError::SparseOrder);
                }
                if ids.last().is_some_and(|&t| t as usize >= n_terms) {
                    return Err(PostingsError::SparseRange);
                }
            }
            None if self.terms.len() != n_terms => return Err(PostingsError::TermTableLength),
            None => {}
        }
        if self.doc_len.len() != n_docs as usize && with_positions {
            return Err(PostingsError::DocLengths);
        }
        for (slot, e) in self.terms.iter().enumerate() {
            let end = self.terms.get(slot + 1).map_or(self.doc_stream.len(), |n| n.docs_off as usize);
            let docs = self.doc_stream.get(e.docs_off as usize..end).ok_or(PostingsError::DocStreamOffsets)?;
            let (mut at, mut doc, mut pos) = (0usize, 0u32, e.pos_off as usize);
            let mut first = true;
            while at < docs.len() {
                let delta = read_varint_checked(docs, &mut at).ok_or(PostingsError::DocStreamVarint)?;
                read_varint_checked(docs, &mut at).ok_or(PostingsError::DocStreamVarint)?;
                let bytes = read_varint_checked(docs, &mut at).ok_or(PostingsError::DocStreamVarint)? as usize;
                if !first && delta == 0 {
                    return Err(PostingsError::DocsOutOfOrder);
                }
                doc = if first { delta } else { doc.checked_add(delta).ok_or(PostingsError::DocOverflow)? };
                first = false;
                if doc >= n_docs {
                    return Err(PostingsError::DocOutOfRange);
                }
                if with_positions {
                    let stream = self.pos_stream.get(pos..pos + bytes).ok_or(PostingsError::PosStreamOffsets)?;
                    let mut p = 0;
                    let mut last = 0u32;
                    while p < stream.len() {
                        last = last
                            .checked_add(read_varint_checked(stream, &mut p).ok_or(PostingsError::PosVarint)?)
                            .ok_or(PostingsError::PosOverflow)?;
                    }
                    pos += bytes;
                }
            }
        }
        Ok(())
    }
}

impl Index {
    /// Checks that an index read from outside (a pack) is one this crate could have built, so
    /// searching it cannot index out of bounds. Cost: one pass over the postings.
    pub fn validate(&self) -> Result<(), IndexError> {
        let n_terms = self.term_ends.len();
        if self.term_ends.windows(2).any(|w| w[0] > w[1])
            || self.term_ends.last().is_some_and(|&e| e as usize != self.term_text.len())
            || self.term_ends.iter().any(|&e| !self.term_text.is_char_boundary(e as usize))
        {
            return Err(IndexError::TermDictionary);
        }
        for f in &self.fields {
            f.validate(n_terms, self.n_docs, true).map_err(IndexError::Postings)?;
        }
        if self.gram_keys.len() != self.grams.terms.len()
            || self.gram_keys.windows(2).any(|w| w[0] >= w[1])
            || self.gram_keys.iter().any(|&k| (k >> 32) as usize >= n_terms || (k & 0xFFFF_FFFF) as usize >= n_terms)
        {
            return Err(IndexError::CommonGrams);
        }
        self.grams.validate(self.gram_keys.len(), self.n_docs, false).map_err(IndexError::GramPostings)?;
        if self.gram_word.len() != n_terms || self.stem_group.len() != n_terms {
            return Err(IndexError::TermTables);
        }
        if self.stem_group.iter().any(|&g| g != u32::MAX && g as usize >= self.stem_groups.len())
            || self.stem_groups.iter().flatten().any(|&t| t as usize >= n_terms)
        {
            return Err(IndexError::StemGroups);
        }
        let d = &self.docs;
        let n = self.n_docs as usize;
        if d.date.len() != n
            || d.source.len() != n
            || d.source_norms.len() != d.sources.len()
            || d.source.iter().any(|&s| s != u32::MAX && s as usize >= d.sources.len())
        {
            return Err(IndexError::DocumentTable);
        }
        let span = d.year_span();
        if (span.1 > 0 || d.n_years > 0) && (d.first_year, d.n_years) != span {
            return Err(IndexError::YearRange);
        }
        Ok(())
    }
}

/// Why an index read from outside fails [`Index::validate`]: the part that is inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexError {
    /// Term ends out of order or outside the term text.
    TermDictionary,
    /// The postings of a field.
    Postings(PostingsError),
    /// The common-gram keys.
    CommonGrams,
    /// The postings of the common grams.
    GramPostings(PostingsError),
    /// Per-term tables of the wrong length.
    TermTables,
    StemGroups,
    DocumentTable,
    YearRange,
}

/// What is wrong in a table of postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PostingsError {
    SparseOrder,
    SparseRange,
    TermTableLength,
    DocLengths,
    DocStreamOffsets,
    DocStreamVarint,
    DocsOutOfOrder,
    DocOverflow,
    DocOutOfRange,
    PosStreamOffsets,
    PosVarint,
    PosOverflow,
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::TermDictionary => f.write_str("term dictionary"),
            IndexError::Postings(e) => e.fmt(f),
            IndexError::CommonGrams => f.write_str("common grams"),
            IndexError::GramPostings(e) => {
                f.write_str("common grams: ")?;
                e.fmt(f)
            }
            IndexError::TermTables => f.write_str("term tables"),
            IndexError::StemGroups => f.write_str("stem groups"),
            IndexError::DocumentTable => f.write_str("document table"),
            IndexError::YearRange => f.write_str("year range"),
        }
    }
}

impl std::fmt::Display for PostingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PostingsError::SparseOrder => "sparse term table out of order",
            PostingsError::SparseRange => "sparse term id out of range",
            PostingsError::TermTableLength => "term table length",
            PostingsError::DocLengths => "document lengths",
            PostingsError::DocStreamOffsets => "doc stream offsets",
            PostingsError::DocStreamVarint => "doc stream varint",
            PostingsError::DocsOutOfOrder => "documents out of order",
            PostingsError::DocOverflow => "document number overflow",
            PostingsError::DocOutOfRange => "document number out of range",
            PostingsError::PosStreamOffsets => "position stream offsets",
            PostingsError::PosVarint => "position varint",
            PostingsError::PosOverflow => "position overflow",
        })
    }
}

impl std::error::Error for IndexError {}
impl std::error::Error for PostingsError {}

fn read_varint(buf: &[u8], at: &mut usize) -> u32 {
    let b = buf[*at];
    if b < 0x80 {
        // Most deltas, counts and lengths fit in one byte.
        *at += 1;
        return b as u32;
    }
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = buf[*at];
        *at += 1;
        v |= ((b & 0x7F) as u32) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Levenshtein distance between `a` and `b` if it is at most `max`.
pub(crate) fn bounded_levenshtein(a: &[char], b: &str, max: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=a.len());
    for (i, cb) in b.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for j in 1..=a.len() {
            let cur = row[j];
            let cost = usize::from(a[j - 1] != cb);
            row[j] = (prev + cost).min(row[j - 1] + 1).min(cur + 1);
            prev = cur;
            best = best.min(row[j]);
        }
        if best > max {
            return None;
        }
    }
    (row[a.len()] <= max).then_some(row[a.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(bodies: &[&str]) -> Corpus {
        let mut c = Corpus::new();
        for (i, b) in bodies.iter().enumerate() {
            c.add_file(&format!("d{i}.txt"), b.as_bytes());
        }
        c
    }

    #[test]
    fn postings_and_positions_roundtrip() {
        let c = corpus(&["heroin seized at Astara. Heroin again.", "opium", "Astara heroin"]);
        let idx = Index::build(&c);
        let heroin = idx.term_id("heroin").unwrap();
        let ps: Vec<Posting> = idx.postings(Field::Body, heroin).collect();
        assert_eq!(ps.iter().map(|p| (p.doc, p.tf)).collect::<Vec<_>>(), vec![(0, 2), (2, 1)]);
        assert_eq!(idx.positions(Field::Body, &ps[0]).collect::<Vec<_>>(), vec![0, 4]);
        assert_eq!(idx.positions(Field::Body, &ps[1]).collect::<Vec<_>>(), vec![1]);
        assert_eq!(idx.df(Field::Body, heroin), 2);
        assert_eq!(idx.cf(Field::Body, heroin), 3);
        assert!(idx.term_id("nothing").is_none());
        let r = idx.prefix_range("as");
        assert_eq!(r.map(|t| idx.term(t).to_string()).collect::<Vec<_>>(), vec!["astara"]);
        assert_eq!(
            idx.fuzzy_terms("herion", 2, 5).iter().map(|&(t, d)| (idx.term(t), d)).collect::<Vec<_>>(),
            vec![("heroin", 2)]
        );
    }

    #[test]
    fn common_grams_index_pairs_of_frequent_words() {
        let c = corpus(&["the heroin of the border", "heroin of the border", "the of the", "of the", "opium"]);
        let idx = Index::build(&c);
        let id = |w: &str| idx.term_id(w).unwrap();
        let docs = |g: u32| idx.gram_postings(g).map(|p| (p.doc, p.tf)).collect::<Vec<_>>();
        assert_eq!(docs(idx.gram(id("of"), id("the")).unwrap()), vec![(0, 1), (1, 1), (2, 1), (3, 1)]);
        assert_eq!(docs(idx.gram(id("the"), id("of")).unwrap()), vec![(2, 1)]);
        assert_eq!(docs(idx.gram(id("heroin"), id("of")).unwrap()), vec![(0, 1), (1, 1)]);
        assert!(idx.gram_eligible(id("the"), id("border")));
        assert!(!idx.gram_eligible(id("the"), id("opium")), "opium is in one document: positions are checked");
        assert_eq!(idx.gram(id("border"), id("the")), None, "never adjacent");
    }

    #[test]
    fn appending_keeps_phrases_of_words_that_are_gram_words_in_one_part_only() {
        // In `a`, "heroin" and "of" are gram words; in `b`, "heroin" is rare (one document in 20).
        let a = corpus(&["heroin of the border", "heroin of", "the of heroin"]);
        let mut b_docs = vec!["of the"; 19];
        b_docs.push("tons of heroin of opium");
        let b = corpus(&b_docs);
        let (ia, ib) = (Index::build(&a), Index::build(&b));
        let (heroin, of) = (ia.term_id("heroin").unwrap(), ia.term_id("of").unwrap());
        assert!(ia.gram_eligible(heroin, of));
        assert!(!ib.gram_eligible(ib.term_id("heroin").unwrap(), ib.term_id("of").unwrap()));
        let merged = ia.appended(&ib);
        merged.validate().unwrap();
        let opts = crate::search::SearchOptions { limit: 50, ..Default::default() };
        let (n, mut docs) = crate::search::search_ids(&merged, "\"heroin of\"", &opts, None);
        docs.sort();
        assert_eq!((n, docs), (3, vec![0, 1, 22]));
        let (n, _) = crate::search::search_ids(&merged, "\"of the\"", &opts, None);
        assert_eq!(n, 20);
        assert_eq!(merged.n_docs(), 23);
        assert_eq!(merged.df(Field::Body, merged.term_id("of").unwrap()), 23);
    }

    proptest::proptest! {
        /// Looking documents up through the skip entries finds exactly what walking the whole list finds,
        /// in an index as built, appended from two parts, and read back from a pack.
        #[test]
        fn postings_in_equals_a_walk_of_the_whole_list(
            bodies in proptest::collection::vec(proptest::collection::vec(0usize..6, 1..12), 60..260),
            wanted in proptest::collection::vec(proptest::bool::weighted(0.15), 260),
            cut in 1usize..59,
        ) {
            const WORDS: [&str; 6] = ["heroin", "border", "seized", "opium", "police", "kg"];
            let texts: Vec<String> =
                bodies.iter().map(|ws| format!("heroin {}", ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" "))).collect();
            let c = corpus(&texts.iter().map(String::as_str).collect::<Vec<_>>());
            let built = Index::build(&c);
            let parts = (corpus(&texts[..cut].iter().map(String::as_str).collect::<Vec<_>>()),
                corpus(&texts[cut..].iter().map(String::as_str).collect::<Vec<_>>()));
            let appended = Index::build(&parts.0).appended(&Index::build(&parts.1));
            let read = crate::pack::read(&crate::pack::write(&c, &built, &Default::default())).unwrap().index;
            let docs: Vec<u32> = (0..texts.len() as u32).filter(|&d| wanted[d as usize]).collect();
            for idx in [&built, &appended, &read] {
                proptest::prop_assert!(!idx.fields[Field::Body as usize].skips.is_empty());
                for t in WORDS.iter().filter_map(|w| idx.term_id(w)) {
                    let want: Vec<Posting> = idx.postings(Field::Body, t).filter(|p| docs.contains(&p.doc)).collect();
                    proptest::prop_assert_eq!(idx.postings_in(Field::Body, t, &docs), want);
                    let all: Vec<u32> = (0..texts.len() as u32).collect();
                    proptest::prop_assert_eq!(idx.postings_in(Field::Body, t, &all), idx.postings(Field::Body, t).collect::<Vec<_>>());
                }
            }
        }
    }

    proptest::proptest! {
        /// Lookups by 8-byte keys find every term (also among terms sharing their first 8 bytes), and
        /// nothing else, like the plain binary search.
        #[test]
        fn term_lookup_finds_every_term_and_nothing_else(
            words in proptest::collection::vec("(internat|a|b)[a-zé]{0,6}", 1..40),
            probes in proptest::collection::vec("(internat|a|b)[a-zé]{0,6}", 1..20),
        ) {
            let c = corpus(&[words.join(" ").as_str()]);
            let idx = Index::build(&c);
            let mut plain = idx.clone();
            plain.term_keys.clear();
            for t in 0..idx.n_terms() as u32 {
                proptest::prop_assert_eq!(idx.term_id(idx.term(t)), Some(t));
            }
            for p in probes.iter().chain(&words) {
                let norm = crate::text::normalize_words(p).concat();
                proptest::prop_assert_eq!(idx.term_id(&norm), plain.term_id(&norm));
            }
        }
    }

    #[test]
    fn varints_roundtrip() {
        let mut buf = Vec::new();
        let values = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX];
        for v in values {
            write_varint(&mut buf, v);
        }
        let mut at = 0;
        for v in values {
            assert_eq!(read_varint(&buf, &mut at), v);
        }
    }

    #[test]
    fn stem_groups() {
        let c = corpus(&["seized seizing seize drugs drug"]);
        let idx = Index::build(&c);
        let id = idx.term_id("seized").unwrap();
        let mut sib: Vec<&str> = idx.stem_siblings(id).map(|t| idx.term(t)).collect();
        sib.sort();
        assert_eq!(sib, vec!["seize", "seizing"]);
        let mut w: Vec<&str> = idx.terms_with_stem("seizes").into_iter().map(|t| idx.term(t)).collect();
        w.sort();
        assert_eq!(w, vec!["seize", "seized", "seizing"]);
    }
}
