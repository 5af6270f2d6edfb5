//! [`use_matching`]: the one place the view's query is parsed, resolved against the corpus and run.
//! Its diagnostics (the parser's and the matcher's) are merged here, and the body highlighter built
//! here; every view is handed what it needs from this (the page of hits, the matching documents, the
//! highlighter) rather than reading the query again.

use corpus::index::Field;
use corpus::query;
use corpus::search::{self, Matcher, SearchOptions, SearchResults};
use corpus::snippet::Highlighter;
use corpus::url_state::ViewState;
use std::rc::Rc;
use yew::prelude::*;

use crate::engine::Engine;

/// Hits per page.
pub const PAGE_SIZE: usize = 20;

/// The view's query run over the corpus.
pub struct Matching {
    /// The page of hits, facets, and every diagnostic about the query (the parser's first).
    pub results: SearchResults,
    /// Every matching document, in corpus order.
    pub docs: Rc<Vec<u32>>,
    /// What the query marks in bodies (the reader, the concordance).
    pub body_marks: Rc<Highlighter>,
    /// Whether the query has words or phrases at all (not only filters).
    pub has_words: bool,
}

/// One run of a query: the same `Rc` until the corpus, the query, the sort or the page changes.
impl PartialEq for Matching {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Runs the view's query over `engine`, memoised. Keyed on the corpus (`generation`) too: document
/// numbers from another corpus would point at the wrong documents, or past the end.
#[hook]
pub fn use_matching(engine: &Rc<Engine>, generation: u32, state: &ViewState) -> Rc<Matching> {
    let engine = Rc::clone(engine);
    use_memo((generation, state.query.clone(), state.sort, state.page), move |(_, q, sort, page)| {
        let opts = SearchOptions {
            limit: PAGE_SIZE,
            offset: *page as usize * PAGE_SIZE,
            sort: *sort,
            ..SearchOptions::default()
        };
        let (parsed, mut diags) = query::parse(q);
        let matcher = Matcher::new(&engine.index, &parsed, &opts, Some(&engine.extraction));
        let set = matcher.matches();
        let mut results = search::search_matched(&engine.corpus, &engine.index, &matcher, &set, &opts);
        diags.append(&mut results.diagnostics);
        results.diagnostics = diags;
        let body_marks = Rc::new(matcher.highlighter(Field::Body));
        let has_words = !parsed.positive_leaves().is_empty();
        Matching { results, docs: Rc::new(set.docs), body_marks, has_words }
    })
}
