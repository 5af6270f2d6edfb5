//! A partitioned collection (`trawl pack --partitioned`, `corpus::partition`) served beside the
//! page: `<meta name="trawl-collection" content="collection/trawl.root">` names its root. The page
//! never downloads it whole: [`use_partitioned`] fetches the root, then for each query the files
//! `Collection::search` asks for, all of a round at once, until the answer is complete. What was
//! fetched is kept in the `Collection`, so later queries fetch less, up to [`KEEP_BYTES`]. It
//! offers search and reading (a hit's fragment); the views that need every document say so.
//!
//! Files are fetched whole (any static host); those stored gzip-compressed (named `.gz`, the
//! default) are inflated in the page. A file that cannot be fetched or read is reported in the
//! page; what had loaded stays.

use corpus::partition::{Collection, Fragment, Results, SearchRequest, Step, Total};
use corpus::search::SearchOptions;
use corpus::state::{apply, Action};
use corpus::url_state::{Sort, ViewState};
use corpus::{Diagnostic, Document};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

use crate::collection;
use crate::matching::PAGE_SIZE;
use crate::numbers;
use crate::route;

/// Most rounds of fetches one query may take (a sound collection needs a handful).
const MAX_ROUNDS: usize = 64;

/// About how many bytes of fetched files the page keeps between queries (the oldest go first), so
/// that the tab's memory does not grow with every query over a large collection.
const KEEP_BYTES: usize = 32 << 20;

/// The collection as far as it has been fetched, and where its files are.
pub struct Remote {
    /// The folder of the root, with its `/`: the paths the core names are relative to it.
    base: String,
    collection: RefCell<Collection>,
}

/// What the views are given of a partitioned collection.
#[derive(Clone)]
pub struct Partitioned {
    pub remote: Option<Rc<Remote>>,
    /// The last query's answer (kept while the next one is fetched, or when it failed).
    pub results: Option<Rc<Results>>,
    /// A query is being answered.
    pub busy: bool,
    /// Why the root or a query's files could not be read.
    pub problem: Option<String>,
}

impl Partitioned {
    /// The collection's documents, once its root has loaded.
    pub fn n_docs(&self) -> Option<u32> {
        self.remote.as_ref().map(|r| r.collection.borrow().root().n_docs)
    }

    /// The query's diagnostics, for the search box.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.results.as_ref().map(|r| r.diagnostics.clone()).unwrap_or_default()
    }
}

/// A query's run: the query, page and sort.
type Asked = (String, u32, Sort);

/// What a query's run left.
#[derive(Clone, Default)]
struct Answer {
    /// What was asked (the results may be an earlier query's when this one failed).
    asked: Option<Asked>,
    results: Option<Rc<Results>>,
    problem: Option<String>,
}

/// The partitioned collection the page names, if it names one, and the view's query answered from
/// it. Called on every page; does nothing where the page names no partitioned collection.
#[hook]
pub fn use_partitioned(state: &ViewState) -> Option<Partitioned> {
    let url = use_memo((), |_| collection::configured().filter(|u| collection::is_partitioned(u)));
    let remote = use_state(|| None::<Rc<Remote>>);
    let opening = use_state(|| None::<String>);
    let answer = use_state(Answer::default);
    // The query asked last: an older query's answer arriving later is dropped.
    let asked = use_mut_ref(|| 0u32);
    {
        let (url, remote, opening) = (url.clone(), remote.clone(), opening.clone());
        use_effect_with((), move |_| {
            if let Some(url) = (*url).clone() {
                yew::platform::spawn_local(async move {
                    match open(&url).await {
                        Ok(r) => remote.set(Some(Rc::new(r))),
                        Err(e) => opening.set(Some(format!("The collection could not be opened: {url}: {e}"))),
                    }
                });
            }
        });
    }
    let key: Asked = (state.query.clone(), state.page, state.sort);
    {
        let (remote, answer, asked) = ((*remote).clone(), answer.clone(), asked.clone());
        use_effect_with((remote.is_some(), key.clone()), move |(_, key)| {
            let Some(remote) = remote else { return };
            *asked.borrow_mut() += 1;
            let me = *asked.borrow();
            let key = key.clone();
            let (query, page, sort) = &key;
            let opts = SearchOptions {
                limit: PAGE_SIZE,
                offset: *page as usize * PAGE_SIZE,
                sort: *sort,
                ..SearchOptions::default()
            };
            let req = SearchRequest { query: query.clone(), opts, exact_count: false, fragments: true };
            let before = (*answer).clone();
            yew::platform::spawn_local(async move {
                let run = run(&remote, &req).await;
                if *asked.borrow() != me {
                    return;
                }
                answer.set(match run {
                    Ok(r) => Answer { asked: Some(key), results: Some(Rc::new(r)), problem: None },
                    Err(e) => Answer {
                        asked: Some(key),
                        results: before.results,
                        problem: Some(format!(
                            "This query could not be answered: {e}. What had loaded is kept: try again, or another query."
                        )),
                    },
                });
            });
        });
    }
    url.as_ref().as_ref()?;
    Some(Partitioned {
        remote: (*remote).clone(),
        results: answer.results.clone(),
        busy: answer.asked.as_ref() != Some(&key) && opening.is_none(),
        problem: (*opening).clone().or_else(|| answer.problem.clone()),
    })
}

/// Fetches and opens the root at `url`.
async fn open(url: &str) -> Result<Remote, String> {
    let bytes = collection::fetch_bytes(url, false).await?;
    let collection = Collection::open(&bytes).map_err(|e| e.to_string())?;
    let base = url[..url.rfind('/').map_or(0, |i| i + 1)].to_string();
    Ok(Remote { base, collection: RefCell::new(collection) })
}

/// Answers `req`, fetching what the collection asks for, a round of files at once.
async fn run(remote: &Remote, req: &SearchRequest) -> Result<Results, String> {
    // Between queries: the last answer's fragments, fetched last, stay for its reader.
    remote.collection.borrow_mut().keep_at_most(KEEP_BYTES);
    for _ in 0..MAX_ROUNDS {
        let step = remote.collection.borrow().search(req);
        let paths = match step {
            Step::Done(r) => return Ok(r),
            Step::Need(paths) => paths,
        };
        // Every fetch starts before any is awaited.
        let window = gloo::utils::window();
        let started: Vec<js_sys::Promise> =
            paths.iter().map(|p| window.fetch_with_str(&format!("{}{p}", remote.base))).collect();
        let mut failed = None;
        for (path, fetch) in paths.iter().zip(started) {
            // Each file is kept as it comes, so a failure keeps the others. A `.gz` file is
            // inflated by the browser's `DecompressionStream`, as shards are.
            let read = collection::body_of(fetch, path.ends_with(".gz")).await;
            let added = read.and_then(|b| remote.collection.borrow_mut().add(path, &b).map_err(|e| e.to_string()));
            if let Err(e) = added {
                failed.get_or_insert(format!("{path}: {e}"));
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
    }
    Err("the collection kept asking for more files".into())
}

/// The page's line about the collection: opening it, or what went wrong.
pub fn status(p: &Partitioned) -> Html {
    html! {
        <>
            if p.remote.is_none() && p.problem.is_none() {
                <div class="loading" role="status" id="collection-loading"><span>{ "Opening the collection…" }</span></div>
            }
            if let Some(problem) = &p.problem {
                <p class="error" role="alert" id="collection-problem">{ problem }</p>
            }
        </>
    }
}

/// The results tab: the page of hits and the count, "≈" while it is an estimate.
pub fn results(p: &Partitioned, state: &ViewState) -> Html {
    match &p.results {
        Some(r) => crate::results::hits_view(&r.hits, r.total, p.busy, state),
        None => crate::results::hits_view(&[], Total::Exact(0), true, state),
    }
}

/// What a view that needs the whole collection shows instead.
pub fn whole_only() -> Html {
    html! {
        <p class="empty" id="partitioned-note">
            { "A partitioned collection offers search and reading for now: this view needs the whole collection." }
        </p>
    }
}

/// The reader for the document `id`, if it is among the results shown: its fragment.
pub fn reader(p: &Partitioned, id: &str, state: &ViewState) -> Option<Html> {
    let results = p.results.as_ref()?;
    let hit = results.hits.iter().find(|h| h.id == id)?;
    let c = p.remote.as_ref()?.collection.borrow();
    let f: &Fragment = c.fragment(hit.doc_idx)?;
    let doc = Document {
        id: f.id.clone(),
        path: String::new(),
        title: f.title.clone(),
        date: f.date,
        source: f.source.clone(),
        url: f.url.clone(),
        dateline: None,
        body: f.text.clone(),
        warnings: Vec::new(),
    };
    let (whole, title_marks) = (f.text_len, hit.title_highlights.clone());
    let close_href = route::href(&apply(state, Action::CloseDoc));
    Some(html! {
        <crate::reader::Reader doc={std::sync::Arc::new(doc)} marks={Rc::new(results.body_marks.clone())}
            spans={Rc::new(Vec::new())} {title_marks} focus={None::<usize>} {close_href} start_of={Some(whole as usize)} />
    })
}

/// The notice for a linked document that is not among the results shown.
pub fn not_shown(id: &str) -> Diagnostic {
    Diagnostic::warning(
        "link",
        format!(
            "document {id:?} is not among these results: in a partitioned collection a document opens from the \
             results that list it"
        ),
    )
}

/// The header's line: the collection's size.
pub fn summary(p: &Partitioned) -> String {
    match p.n_docs() {
        Some(n) => format!("{} · search, read, share by link", numbers::counted(n as u64, "document")),
        None => "A collection · search, read, share by link".into(),
    }
}

impl Remote {
    /// The whole collection's sources and years, from the root.
    pub fn facets(&self) -> Html {
        let c = self.collection.borrow();
        crate::facets::collection_facets(&c.root().sources, &c.root().years)
    }
}
