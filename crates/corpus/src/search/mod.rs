//! Running a query: resolve words to index terms (with stem, prefix and fuzzy expansions), evaluate
//! the tree over sorted document sets, score with BM25 (title boosted), then collect what the views
//! need: ranked hits with snippets, facet counts, the total.

use crate::corpus::Corpus;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::index::{Field, Index, Posting};
use crate::query::{DateRange, EntityField, Filter, NumRange, Query, TermKind, TextField};
use crate::snippet::{self, Highlighter, Snippet};
use serde::{Deserialize, Serialize};

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A title match counts this many times a body match.
pub const TITLE_BOOST: f32 = 2.0;
/// Weight of a term that only shares the query word's stem (`seized` for `seize`).
const STEM_WEIGHT: f32 = 0.6;
/// Weight of a term completing a prefix query, other than the prefix itself.
const PREFIX_WEIGHT: f32 = 0.8;
/// Weight of a fuzzy match per edit.
const FUZZY_WEIGHT: [f32; 3] = [1.0, 0.5, 0.3];

/// Answers `field:value` filters on extracted entities (implemented by `extract::Extraction`).
pub trait FieldResolver {
    /// Documents (sorted) matching the filter.
    fn docs_for(&self, field: EntityField, value: &str, range: Option<NumRange>) -> Vec<u32>;
    /// Documents (sorted) reporting an event dated within `range`.
    fn docs_with_event_in(&self, range: &DateRange) -> Vec<u32>;
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    DateDesc,
    DateAsc,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::DateDesc, Sort::DateAsc];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::DateDesc => "newest",
            Sort::DateAsc => "oldest",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Widen each word to the words sharing its stem (scored lower than the word itself).
    pub stemming: bool,
    /// Most terms one prefix or fuzzy word expands to.
    pub max_expansions: usize,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 20,
            offset: 0,
            sort: Sort::Relevance,
            stemming: true,
            max_expansions: 100,
            snippet_chars: 240,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Documents matched.
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub doc_idx: u32,
    pub id: String,
    pub title: String,
    /// Byte ranges of matches in `title`.
    pub title_highlights: Vec<(usize, usize)>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub score: f32,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    /// Most frequent first.
    pub sources: Vec<FacetCount>,
    /// Oldest first.
    pub years: Vec<FacetCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// Matched documents in increasing order with their scores.
#[derive(Debug, Clone, Default)]
pub struct DocSet {
    pub docs: Vec<u32>,
    pub scores: Vec<f32>,
}

impl DocSet {
    fn all(n: u32) -> DocSet {
        DocSet { docs: (0..n).collect(), scores: vec![0.0; n as usize] }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// A query resolved against one index: what [`search`], KWIC and collocates all start from.
pub struct Matcher<'a> {
    index: &'a Index,
    plan: Plan,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub(crate) enum Plan {
    All,
    /// Any of these terms (term id, weight), in the fields named.
    Terms {
        field: TextField,
        terms: Vec<(u32, f32)>,
    },
    /// These exact terms in a row; `None` where a word is not in the index (nothing matches).
    Phrase {
        field: TextField,
        words: Vec<Option<u32>>,
    },
    Near {
        left: Box<Plan>,
        right: Box<Plan>,
        distance: u32,
    },
    And(Vec<Plan>),
    Or(Vec<Plan>),
    Not(Box<Plan>),
    Docs(Vec<u32>),
    /// A filter's documents stored as a list (a partitioned collection's documents from one
    /// source), scoring 0. An in-memory index answers filters with [`Plan::Docs`].
    Stored(u32),
}

impl<'a> Matcher<'a> {
    pub fn new(
        index: &'a Index,
        query: &Query,
        opts: &SearchOptions,
        fields: Option<&dyn FieldResolver>,
    ) -> Matcher<'a> {
        let mut diagnostics = Vec::new();
        let plan = resolve(index, query, opts, fields, &mut diagnostics);
        Matcher { index, plan, diagnostics }
    }

    /// Every matching document with its score.
    pub fn matches(&self) -> DocSet {
        self.eval(&self.plan)
    }

    fn eval(&self, plan: &Plan) -> DocSet {
        let idx = self.index;
        match plan {
            Plan::All => DocSet::all(idx.n_docs()),
            Plan::Docs(d) => DocSet { docs: d.clone(), scores: vec![0.0; d.len()] },
            // The in-memory index resolves filters to documents; it never stores them as lists.
            Plan::Stored(_) => DocSet::default(),
            Plan::Terms { field, terms } => {
                let lists: Vec<DocSet> = fields_of(*field)
                    .iter()
                    .flat_map(|&(f, boost)| terms.iter().map(move |&(t, w)| self.term_docs(f, t, w * boost)))
                    .collect();
                union_all(lists)
            }
            Plan::Phrase { field, words } => {
                let lists: Vec<DocSet> =
                    fields_of(*field).iter().map(|&(f, boost)| self.phrase_docs(f, words, boost)).collect();
                union_all(lists)
            }
            Plan::Near { left, right, distance } => {
                let both = intersect(self.eval(left), self.eval(right));
                let keep: Vec<bool> = both
                    .docs
                    .iter()
                    .map(|&d| {
                        [Field::Body, Field::Title].iter().any(|&f| {
                            let a = self.spans(left, f, d);
                            let b = self.spans(right, f, d);
                            spans_within(&a, &b, *distance)
                        })
                    })
                    .collect();
                filter_set(both, &keep)
            }
            Plan::And(plans) => {
                // The cheapest clause first; word clauses after it are scored only on the documents
                // still in the running, instead of on their whole postings.
                let mut positive: Vec<&Plan> = plans.iter().filter(|p| !matches!(p, Plan::Not(_))).collect();
                crate::order::sort_by_cached_key(&mut positive, |p| self.estimate(p));
                let mut acc = match positive.first() {
                    Some(p) => self.eval(p),
                    None => DocSet::all(idx.n_docs()),
                };
                for p in positive.iter().skip(1) {
                    acc = match p {
                        Plan::Terms { field, terms } => {
                            let within = self.terms_within(*field, terms, &acc.docs);
                            intersect(acc, within)
                        }
                        _ => intersect(acc, self.eval(p)),
                    };
                }
                let negative: Vec<DocSet> = plans
                    .iter()
                    .filter_map(|p| if let Plan::Not(inner) = p { Some(self.eval(inner)) } else { None })
                    .collect();
                for n in negative {
                    acc = difference(acc, &n);
                }
                acc
            }
            Plan::Or(plans) => union_all(plans.iter().map(|p| self.eval(p)).collect()),
            Plan::Not(inner) => difference(DocSet::all(idx.n_docs()), &self.eval(inner)),
        }
    }

    /// About how many postings evaluating `plan` reads: the order in which AND evaluates clauses.
    fn estimate(&self, plan: &Plan) -> u64 {
        let idx = self.index;
        match plan {
            Plan::Terms { field, terms } => {
                fields_of(*field).iter().flat_map(|&(f, _)| terms.iter().map(move |&(t, _)| idx.df(f, t) as u64)).sum()
            }
            Plan::Phrase { words, .. } => {
                words.iter().map(|w| w.map_or(0, |t| idx.df(Field::Body, t) as u64)).min().unwrap_or(0)
            }
            Plan::Docs(d) => d.len() as u64,
            _ => u64::MAX / 2,
        }
    }

    /// A word clause scored only on `docs` (sorted).
    fn terms_within(&self, field: TextField, terms: &[(u32, f32)], docs: &[u32]) -> DocSet {
        let idx = self.index;
        let mut lists = Vec::new();
        for &(f, boost) in fields_of(field) {
            let (n, avg) = (idx.n_docs(), idx.avg_len(f).max(1.0));
            for &(t, w) in terms {
                let idf = idf(n, idx.df(f, t));
                let ps = idx.postings_in(f, t, docs);
                lists.push(DocSet {
                    docs: ps.iter().map(|p| p.doc).collect(),
                    scores: ps.iter().map(|p| contribution(w * boost, idf, p.tf, idx.doc_len(f, p.doc), avg)).collect(),
                });
            }
        }
        union_all(lists)
    }

    fn term_docs(&self, field: Field, term: u32, weight: f32) -> DocSet {
        let idx = self.index;
        let idf = idf(idx.n_docs(), idx.df(field, term));
        let avg = idx.avg_len(field).max(1.0);
        let mut out = DocSet::default();
        for p in idx.postings(field, term) {
            out.docs.push(p.doc);
            out.scores.push(contribution(weight, idf, p.tf, idx.doc_len(field, p.doc), avg));
        }
        out
    }

    fn phrase_docs(&self, field: Field, words: &[Option<u32>], boost: f32) -> DocSet {
        let idx = self.index;
        let Some(ids) = words.iter().copied().collect::<Option<Vec<u32>>>() else { return DocSet::default() };
        let idf_sum: f32 = ids.iter().map(|&t| idf(idx.n_docs(), idx.df(field, t))).sum();
        let avg = idx.avg_len(field).max(1.0);
        // Pairs of function words are common grams in the body: a two-word phrase is answered from
        // the gram's postings; a longer one starts from the documents all its grams share.
        let mut gram_docs: Option<Vec<u32>> = None;
        if field == Field::Body {
            for w in ids.windows(2).filter(|w| idx.gram_eligible(w[0], w[1])) {
                let Some(g) = idx.gram(w[0], w[1]) else { return DocSet::default() };
                if ids.len() == 2 {
                    let mut out = DocSet::default();
                    for p in idx.gram_postings(g) {
                        out.docs.push(p.doc);
                        out.scores.push(contribution(boost, idf_sum, p.tf, idx.doc_len(field, p.doc), avg));
                    }
                    return out;
                }
                let docs: Vec<u32> = idx.gram_postings(g).map(|p| p.doc).collect();
                gram_docs = Some(match gram_docs {
                    None => docs,
                    Some(prev) => prev.into_iter().filter(|d| docs.binary_search(d).is_ok()).collect(),
                });
            }
        }
        // Decode each word's postings once, rarest first, keeping only documents that have all words.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        crate::order::sort_by_key(&mut order, |&i| idx.df(field, ids[i]));
        let mut per_word: Vec<Vec<Posting>> = vec![Vec::new(); ids.len()];
        let mut candidates: Vec<u32> = gram_docs.clone().unwrap_or_default();
        for (k, &i) in order.iter().enumerate() {
            per_word[i] = if k == 0 && gram_docs.is_none() {
                idx.postings(field, ids[i]).collect()
            } else {
                idx.postings_in(field, ids[i], &candidates)
            };
            candidates = per_word[i].iter().map(|p| p.doc).collect();
            if candidates.is_empty() {
                return DocSet::default();
            }
        }
        // Earlier words' lists may hold documents later words dropped: align them on `candidates`.
        for ps in per_word.iter_mut() {
            if ps.len() != candidates.len() {
                ps.retain(|p| candidates.binary_search(&p.doc).is_ok());
            }
        }
        let mut out = DocSet::default();
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
        let mut cursors = Vec::new();
        for (k, &doc) in candidates.iter().enumerate() {
            for (w, ps) in per_word.iter().enumerate() {
                idx.positions_into(field, &ps[k], &mut positions[w]);
            }
            let n = phrase_count(&positions, &mut cursors);
            if n > 0 {
                out.docs.push(doc);
                out.scores.push(contribution(boost, idf_sum, n as u32, idx.doc_len(field, doc), avg));
            }
        }
        out
    }

    /// Token spans `[start, end)` of a term or phrase plan in one document.
    fn spans(&self, plan: &Plan, field: Field, doc: u32) -> Vec<(u32, u32)> {
        let idx = self.index;
        match plan {
            Plan::Terms { terms, .. } => {
                let mut v: Vec<(u32, u32)> = Vec::new();
                for &(t, _) in terms {
                    for p in idx.postings_in(field, t, &[doc]) {
                        v.extend(idx.positions(field, &p).map(|x| (x, x + 1)));
                    }
                }
                crate::order::sort_pairs(&mut v);
                v
            }
            Plan::Phrase { words, .. } => {
                let Some(ids) = words.iter().copied().collect::<Option<Vec<u32>>>() else {
                    return Vec::new();
                };
                let mut positions = Vec::new();
                for &t in &ids {
                    let ps = idx.postings_in(field, t, &[doc]);
                    let Some(p) = ps.first() else {
                        return Vec::new();
                    };
                    positions.push(idx.positions(field, p).collect::<Vec<u32>>());
                }
                phrase_starts(&positions).into_iter().map(|s| (s, s + ids.len() as u32)).collect()
            }
            // The readings of a phrase with compounds in it.
            Plan::Or(plans) => {
                let mut v: Vec<(u32, u32)> = plans.iter().flat_map(|p| self.spans(p, field, doc)).collect();
                crate::order::sort_pairs(&mut v);
                v
            }
            _ => Vec::new(),
        }
    }

    /// What snippets, KWIC and the reader mark in `field`: the query's words (with expansions) and
    /// phrases that apply to that field.
    pub fn highlighter(&self, field: Field) -> Highlighter {
        highlighter_for(&self.plan, self.index, field)
    }
}

/// What a resolved plan marks in `field` (see [`Matcher::highlighter`]).
pub(crate) fn highlighter_for(plan: &Plan, idx: &dyn Lexicon, field: Field) -> Highlighter {
    let mut h = Highlighter::default();
    let applies = |tf: TextField| match tf {
        TextField::Any => true,
        TextField::Body => field == Field::Body,
        TextField::Title => field == Field::Title,
    };
    fn walk(plan: &Plan, idx: &dyn Lexicon, h: &mut Highlighter, applies: &dyn Fn(TextField) -> bool) {
        match plan {
            Plan::Terms { terms, field } if applies(*field) => {
                h.words.extend(terms.iter().map(|&(t, _)| idx.term(t).to_string()))
            }
            Plan::Phrase { words, field } if applies(*field) => {
                if let Some(ids) = words.iter().copied().collect::<Option<Vec<u32>>>() {
                    h.phrases.push(ids.iter().map(|&t| idx.term(t).to_string()).collect());
                }
            }
            Plan::Near { left, right, .. } => {
                walk(left, idx, h, applies);
                walk(right, idx, h, applies);
            }
            Plan::And(ps) | Plan::Or(ps) => ps.iter().for_each(|p| walk(p, idx, h, applies)),
            _ => {}
        }
    }
    walk(plan, idx, &mut h, &applies);
    h
}

/// Resolves a query's words against a dictionary: what a [`Matcher`] evaluates, and what a
/// partitioned collection evaluates against the dictionary blocks it fetched.
pub(crate) fn resolve(
    idx: &dyn Lexicon,
    q: &Query,
    opts: &SearchOptions,
    fields: Option<&dyn FieldResolver>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Plan {
    match q {
        Query::All => Plan::All,
        Query::Nothing => Plan::Docs(Vec::new()),
        Query::Term(t) => {
            let mut terms: Vec<(u32, f32)> = Vec::new();
            match t.kind {
                TermKind::Exact => match idx.term_id(&t.word) {
                    Some(id) => {
                        terms.push((id, 1.0));
                        if opts.stemming {
                            terms.extend(idx.stem_siblings(id).into_iter().map(|s| (s, STEM_WEIGHT)));
                        }
                    }
                    None if opts.stemming => {
                        terms.extend(idx.terms_with_stem_of_unindexed(&t.word).into_iter().map(|id| (id, STEM_WEIGHT)))
                    }
                    None => {}
                },
                TermKind::Prefix => {
                    let range = idx.prefix_range(&t.word);
                    if range.len() > opts.max_expansions {
                        diagnostics.push(Diagnostic::warning(
                            "query",
                            format!(
                                "{}* matches {} words; using the {} most frequent",
                                t.word,
                                range.len(),
                                opts.max_expansions
                            ),
                        ));
                    }
                    let mut ids: Vec<u32> = range.collect();
                    crate::order::sort_by_key(&mut ids, |&id| {
                        std::cmp::Reverse(idx.df(Field::Body, id) + idx.df(Field::Title, id))
                    });
                    ids.truncate(opts.max_expansions);
                    terms.extend(
                        ids.into_iter().map(|id| (id, if idx.term(id) == t.word { 1.0 } else { PREFIX_WEIGHT })),
                    );
                }
                TermKind::Fuzzy(n) => {
                    terms.extend(
                        idx.fuzzy_terms(&t.word, n, opts.max_expansions)
                            .into_iter()
                            .map(|(id, d)| (id, FUZZY_WEIGHT[d as usize])),
                    );
                }
            }
            Plan::Terms { field: t.field, terms }
        }
        Query::Phrase(p) => Plan::Phrase { field: p.field, words: p.words.iter().map(|w| idx.term_id(w)).collect() },
        Query::Near { left, right, distance } => Plan::Near {
            left: Box::new(resolve(idx, left, opts, fields, diagnostics)),
            right: Box::new(resolve(idx, right, opts, fields, diagnostics)),
            distance: *distance,
        },
        Query::And(qs) => Plan::And(qs.iter().map(|q| resolve(idx, q, opts, fields, diagnostics)).collect()),
        Query::Or(qs) => Plan::Or(qs.iter().map(|q| resolve(idx, q, opts, fields, diagnostics)).collect()),
        Query::Not(q) => Plan::Not(Box::new(resolve(idx, q, opts, fields, diagnostics))),
        Query::Filter(f) => idx.filter(f, fields, diagnostics),
    }
}

/// The documents an entity or event filter keeps, from the extraction (`fields`); without one,
/// the filter is ignored and a warning says why.
pub(crate) fn extracted_filter(
    f: &Filter,
    fields: Option<&dyn FieldResolver>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Plan {
    match f {
        Filter::EventDate(r) => match fields {
            Some(f) => Plan::Docs(f.docs_with_event_in(r)),
            None => {
                diagnostics
                    .push(Diagnostic::warning("query", "when: needs event extraction, which is not loaded; ignored"));
                Plan::All
            }
        },
        Filter::Field { field, value, range } => match fields {
            Some(f) => Plan::Docs(f.docs_for(*field, value, *range)),
            None => {
                diagnostics.push(Diagnostic::warning(
                    "query",
                    format!("{}: needs entity extraction, which is not loaded; ignored", field.name()),
                ));
                Plan::All
            }
        },
        // Not extracted: the document table answers these.
        Filter::Source(_) | Filter::Date(_) => Plan::All,
    }
}

/// What resolving a query's words needs of a dictionary: the whole in-memory [`Index`], or the
/// blocks of a partitioned collection's dictionary that a query fetched (term ids are the same).
pub(crate) trait Lexicon {
    fn term_id(&self, norm: &str) -> Option<u32>;
    fn term(&self, id: u32) -> &str;
    fn df(&self, field: Field, id: u32) -> u32;
    /// Other terms sharing `id`'s stem.
    fn stem_siblings(&self, id: u32) -> Vec<u32>;
    fn terms_with_stem_of_unindexed(&self, norm: &str) -> Vec<u32>;
    fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32>;
    fn fuzzy_terms(&self, word: &str, max_edits: u8, limit: usize) -> Vec<(u32, u8)>;
    /// The documents a filter keeps: sources and dates from the documents' table, entities and
    /// events from the extraction (`fields`, see [`extracted_filter`]).
    fn filter(&self, f: &Filter, fields: Option<&dyn FieldResolver>, diagnostics: &mut Vec<Diagnostic>) -> Plan;
}

impl Lexicon for Index {
    fn term_id(&self, norm: &str) -> Option<u32> {
        Index::term_id(self, norm)
    }
    fn term(&self, id: u32) -> &str {
        Index::term(self, id)
    }
    fn df(&self, field: Field, id: u32) -> u32 {
        Index::df(self, field, id)
    }
    fn stem_siblings(&self, id: u32) -> Vec<u32> {
        Index::stem_siblings(self, id).collect()
    }
    fn terms_with_stem_of_unindexed(&self, norm: &str) -> Vec<u32> {
        Index::terms_with_stem_of_unindexed(self, norm)
    }
    fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        Index::prefix_range(self, prefix)
    }
    fn fuzzy_terms(&self, word: &str, max_edits: u8, limit: usize) -> Vec<(u32, u8)> {
        Index::fuzzy_terms(self, word, max_edits, limit)
    }
    fn filter(&self, f: &Filter, fields: Option<&dyn FieldResolver>, diagnostics: &mut Vec<Diagnostic>) -> Plan {
        match f {
            Filter::Source(norm) => Plan::Docs(
                (0..self.n_docs())
                    .filter(|&d| {
                        let sid = self.docs.source[d as usize];
                        sid != u32::MAX && &self.docs.source_norms[sid as usize] == norm
                    })
                    .collect(),
            ),
            Filter::Date(range) => Plan::Docs(
                (0..self.n_docs())
                    .filter(|&d| self.docs.date[d as usize].is_some_and(|date| range.overlaps(date)))
                    .collect(),
            ),
            _ => extracted_filter(f, fields, diagnostics),
        }
    }
}

/// Parses nothing: runs an already parsed query. See [`search_text`] for the one-call form.
pub fn search(
    corpus: &Corpus,
    index: &Index,
    query: &Query,
    opts: &SearchOptions,
    fields: Option<&dyn FieldResolver>,
) -> SearchResults {
    let matcher = Matcher::new(index, query, opts, fields);
    let set = matcher.matches();
    search_matched(corpus, index, &matcher, &set, opts)
}

/// The collecting half of [`search`], for callers that already evaluated the query and need the
/// match set too (facets over every match): ranks, facets and snippets from `set`, without evaluating
/// the query again. Diagnostics are the matcher's.
pub fn search_matched(
    corpus: &Corpus,
    index: &Index,
    matcher: &Matcher<'_>,
    set: &DocSet,
    opts: &SearchOptions,
) -> SearchResults {
    let facets = facets(index, &set.docs);
    let order = rank(index, set, opts.sort, opts.offset + opts.limit);
    let body_marks = matcher.highlighter(Field::Body);
    let title_marks = matcher.highlighter(Field::Title);
    let hits = order
        .into_iter()
        .skip(opts.offset)
        .take(opts.limit)
        .map(|i| {
            let doc_idx = set.docs[i];
            let doc = &corpus.docs()[doc_idx as usize];
            Hit {
                doc_idx,
                id: doc.id.clone(),
                title: doc.title.clone(),
                title_highlights: title_marks.ranges(&doc.title),
                date: doc.date,
                source: doc.source.clone(),
                score: set.scores[i],
                snippet: snippet::best(&doc.body, &body_marks, opts.snippet_chars),
            }
        })
        .collect();
    SearchResults { total: set.len(), hits, facets, diagnostics: matcher.diagnostics.clone() }
}

/// Parses and runs `query`, and ranks the matches: how many match, and the document numbers of
/// the best `opts.limit` after `opts.offset`. No snippets, highlights or facets: for callers that
/// only need the order (and for comparing engines on ranking alone).
pub fn search_ids(
    index: &Index,
    query: &str,
    opts: &SearchOptions,
    fields: Option<&dyn FieldResolver>,
) -> (usize, Vec<u32>) {
    let (parsed, _) = crate::query::parse(query);
    let matcher = Matcher::new(index, &parsed, opts, fields);
    let set = matcher.matches();
    let order = rank(index, &set, opts.sort, opts.offset + opts.limit);
    let top = order.into_iter().skip(opts.offset).take(opts.limit).map(|i| set.docs[i]).collect();
    (set.len(), top)
}

/// Parses `query` leniently and runs it; parse diagnostics come first in the results.
pub fn search_text(
    corpus: &Corpus,
    index: &Index,
    query: &str,
    opts: &SearchOptions,
    fields: Option<&dyn FieldResolver>,
) -> SearchResults {
    let (q, mut diags) = crate::query::parse(query);
    let mut results = search(corpus, index, &q, opts, fields);
    diags.append(&mut results.diagnostics);
    results.diagnostics = diags;
    results
}

/// Positions in `set` of the first `k` results in the requested order.
fn rank(index: &Index, set: &DocSet, sort: Sort, k: usize) -> Vec<usize> {
    let date_key = |i: usize| index.docs.date[set.docs[i] as usize].map(|d| d.first_day());
    let cmp = |&a: &usize, &b: &usize| -> std::cmp::Ordering {
        match sort {
            Sort::Relevance => set.scores[b].total_cmp(&set.scores[a]).then(a.cmp(&b)),
            // Undated documents last in both directions.
            Sort::DateDesc => {
                date_key(b).cmp(&date_key(a)).then(set.scores[b].total_cmp(&set.scores[a])).then(a.cmp(&b))
            }
            Sort::DateAsc => match (date_key(a), date_key(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then(set.scores[b].total_cmp(&set.scores[a]))
            .then(a.cmp(&b)),
        }
    };
    if k <= TOP_K_SCAN && k < set.len() {
        // One pass keeping the best `k` in order: a comparison with the worst kept for most
        // documents, instead of an index array the size of the matches to select from.
        let mut top: Vec<usize> = Vec::with_capacity(k + 1);
        for i in 0..set.len() {
            if top.len() == k && top.last().is_none_or(|w| cmp(&i, w).is_ge()) {
                continue;
            }
            let at = top.partition_point(|t| cmp(t, &i).is_lt());
            top.insert(at, i);
            top.truncate(k);
        }
        return top;
    }
    let mut order: Vec<usize> = (0..set.len()).collect();
    if k < order.len() {
        order.select_nth_unstable_by(k, cmp);
        order.truncate(k);
    }
    order.sort_unstable_by(cmp);
    order
}

/// Up to this many ranked documents (a page or a few), [`rank`] keeps them in one pass.
const TOP_K_SCAN: usize = 64;

fn facets(index: &Index, docs: &[u32]) -> Facets {
    let table = &index.docs;
    let mut sources = vec![0usize; table.sources.len()];
    let mut years = vec![0usize; table.n_years];
    for &d in docs {
        let sid = table.source[d as usize];
        if sid != u32::MAX {
            sources[sid as usize] += 1;
        }
        if let Some(date) = table.date[d as usize] {
            years[(date.year - table.first_year) as usize] += 1;
        }
    }
    let mut sources: Vec<FacetCount> = sources
        .into_iter()
        .enumerate()
        .filter(|&(_, c)| c > 0)
        .map(|(i, count)| FacetCount { value: table.sources[i].clone(), count })
        .collect();
    crate::order::sort_by(&mut sources, |a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let years = years
        .into_iter()
        .enumerate()
        .filter(|&(_, c)| c > 0)
        .map(|(i, count)| FacetCount { value: (table.first_year + i as i32).to_string(), count })
        .collect();
    Facets { sources, years }
}

/// The fields a text field searches, each with its boost.
pub(crate) fn fields_of(field: TextField) -> &'static [(Field, f32)] {
    match field {
        TextField::Any => &[(Field::Body, 1.0), (Field::Title, TITLE_BOOST)],
        TextField::Body => &[(Field::Body, 1.0)],
        TextField::Title => &[(Field::Title, 1.0)],
    }
}

/// Inverse document frequency of a term in `df` of `n` documents (BM25's, never negative).
pub fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// BM25's saturated term frequency for `tf` occurrences in a field of `len` tokens, `avg` on average.
/// Grows with `tf` and shrinks with `len`: what a partitioned collection orders postings by.
pub fn tf_norm(tf: f32, len: f32, avg: f32) -> f32 {
    tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg))
}

/// Steps of a score: every contribution is a multiple of 1/SCORE_STEPS.
const SCORE_STEPS: f32 = 256.0;

/// What one term (or phrase) adds to a document's score: BM25 times `weight` (the field's boost and
/// the expansion's weight), rounded to a multiple of 1/256. Sums of such multiples below 2^16 are
/// exact in `f32`, so a document's score is the same bits whatever order its contributions are added
/// in: the in-memory index and a partitioned collection rank alike. Monotone in `weight`, `idf` and
/// [`tf_norm`], so an upper bound on those bounds the contribution.
pub fn contribution(weight: f32, idf: f32, tf: u32, len: u32, avg: f32) -> f32 {
    saturated_contribution(weight, idf, tf_norm(tf as f32, len as f32, avg))
}

/// [`contribution`] from a saturation [`tf_norm`] already gave: with a list's best saturation, the
/// most any of its postings adds.
pub fn saturated_contribution(weight: f32, idf: f32, saturation: f32) -> f32 {
    let x = weight * idf * saturation;
    (x * SCORE_STEPS + 0.5).floor() / SCORE_STEPS
}

/// Start positions where word i sits at start + i for every i.
pub(crate) fn phrase_starts(positions: &[Vec<u32>]) -> Vec<u32> {
    let Some(first) = positions.first() else {
        return Vec::new();
    };
    first
        .iter()
        .copied()
        .filter(|&s| positions.iter().enumerate().skip(1).all(|(i, ps)| ps.binary_search(&(s + i as u32)).is_ok()))
        .collect()
}

/// How many times the words occur in a row: like `phrase_starts(..).len()`, without allocating,
/// walking each word's positions once.
pub(crate) fn phrase_count(positions: &[Vec<u32>], cursors: &mut Vec<usize>) -> usize {
    let Some(first) = positions.first() else { return 0 };
    cursors.clear();
    cursors.resize(positions.len(), 0);
    let mut n = 0;
    'starts: for &s in first {
        for (i, ps) in positions.iter().enumerate().skip(1) {
            let want = s + i as u32;
            let c = &mut cursors[i];
            while *c < ps.len() && ps[*c] < want {
                *c += 1;
            }
            if *c >= ps.len() {
                break 'starts;
            }
            if ps[*c] != want {
                continue 'starts;
            }
        }
        n += 1;
    }
    n
}

/// Whether some span of `a` and some span of `b` are at most `distance` tokens apart.
pub(crate) fn spans_within(a: &[(u32, u32)], b: &[(u32, u32)], distance: u32) -> bool {
    a.iter().any(|&(s1, e1)| {
        b.iter().any(|&(s2, e2)| {
            let gap = if e1 <= s2 {
                s2 - e1 + 1
            } else if e2 <= s1 {
                s1 - e2 + 1
            } else {
                0
            };
            gap <= distance
        })
    })
}

fn intersect(a: DocSet, b: DocSet) -> DocSet {
    let (mut i, mut j, mut out) = (0, 0, DocSet::default());
    while i < a.docs.len() && j < b.docs.len() {
        match a.docs[i].cmp(&b.docs[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.docs.push(a.docs[i]);
                out.scores.push(a.scores[i] + b.scores[j]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn difference(a: DocSet, b: &DocSet) -> DocSet {
    let keep: Vec<bool> = a.docs.iter().map(|d| b.docs.binary_search(d).is_err()).collect();
    filter_set(a, &keep)
}

fn filter_set(a: DocSet, keep: &[bool]) -> DocSet {
    let mut out = DocSet::default();
    for (k, (&d, &s)) in a.docs.iter().zip(&a.scores).enumerate() {
        if keep[k] {
            out.docs.push(d);
            out.scores.push(s);
        }
    }
    out
}

/// Union with scores summed.
fn union_all(mut lists: Vec<DocSet>) -> DocSet {
    lists.retain(|l| !l.is_empty());
    match lists.len() {
        0 => DocSet::default(),
        1 => lists.pop().unwrap(),
        2 => {
            let b = lists.pop().unwrap();
            let a = lists.pop().unwrap();
            merge(&a, &b)
        }
        _ => {
            // Pairwise merges, smallest lists first: sequential memory, no sort.
            while lists.len() > 1 {
                crate::order::sort_by_key(&mut lists, |l| std::cmp::Reverse(l.len()));
                let b = lists.pop().unwrap();
                let a = lists.pop().unwrap();
                lists.push(merge(&a, &b));
            }
            lists.pop().unwrap()
        }
    }
}

fn merge(a: &DocSet, b: &DocSet) -> DocSet {
    let (mut i, mut j) = (0, 0);
    let mut out = DocSet { docs: Vec::with_capacity(a.len() + b.len()), scores: Vec::with_capacity(a.len() + b.len()) };
    while i < a.len() || j < b.len() {
        let take_a = j >= b.len() || (i < a.len() && a.docs[i] <= b.docs[j]);
        let take_b = i >= a.len() || (j < b.len() && b.docs[j] <= a.docs[i]);
        let mut s = 0.0;
        let d = if take_a { a.docs[i] } else { b.docs[j] };
        if take_a {
            s += a.scores[i];
            i += 1;
        }
        if take_b {
            s += b.scores[j];
            j += 1;
        }
        out.docs.push(d);
        out.scores.push(s);
    }
    out
}

#[cfg(test)]
mod tests;
