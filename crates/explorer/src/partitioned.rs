//! A partitioned collection (`trawl pack --partitioned`, `corpus::partition`) served beside the
//! page: `<meta name="trawl-collection" content="collection/trawl.root">` names its root. The page
//! never downloads it whole, and does not read it itself: [`use_partitioned`] starts the search
//! worker (`src/searcher.rs`, which only such a page loads), which fetches the root, then for each
//! query the files `Collection::search` asks for, and keeps them for later queries. The page sends
//! the view's query and shows what comes back: a one-word query's sources and years, else the whole
//! collection's with its most named entities and events (each a filter), a page of results with
//! "≈" counts (counted exactly when the person asks, kept while they page through the same query's
//! results), and in the reader a hit's fragment, then the whole document once the worker has
//! fetched it; the concordance, which the worker makes over the query's top hits fetched whole. The
//! views that need every document say so. A file that cannot be fetched or read is reported in the
//! page; what had loaded stays.

use corpus::kwic::{Kwic, KwicLine, KwicSort};
use corpus::partition::{Fragment, Named, Total};
use corpus::search::Hit;
use corpus::snippet::Highlighter;
use corpus::state::{apply, Action};
use corpus::url_state::{Sort, Tab, ViewState};
use corpus::{Diagnostic, Document};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::collection;
use crate::facets::{collection_facets, Counts};
use crate::handle::WorkerHandle;
use crate::matching::PAGE_SIZE;
use crate::numbers;
use crate::protocol::{self, Answer, FromSearcher, ToSearcher};
use crate::route;

/// The search worker's loader, next to index.html (Trunk's `data-loader-shim`).
const SEARCHER_URL: &str = "./searcher_loader.js";

/// What the page knows of the whole collection, from its root.
pub struct Remote {
    n_docs: u32,
    /// Its sources, years, most named entities and events, for the filter panel.
    counts: Counts,
}

/// A query's answer as the views show it.
pub struct Shown {
    pub total: Total,
    pub hits: Vec<Hit>,
    pub diagnostics: Vec<Diagnostic>,
    body_marks: Rc<Highlighter>,
    /// The hits' fragments, in the hits' order.
    fragments: Vec<Option<Fragment>>,
    /// The concordance, when asked for (over these hits, the query's top ones).
    kwic: Kwic,
    /// The matches' sources and years, where the collection knows them (a one-word query).
    facets: Option<Counts>,
}

impl From<Answer> for Shown {
    fn from(mut a: Answer) -> Shown {
        let facets = a.facets.take().map(|(sources, years)| Counts { sources, years, ..Counts::default() });
        let (total, docs, truncated) = (a.occurrences as usize, a.with_occurrences as usize, a.truncated);
        let mut kwic = Kwic { total, docs, lines: Vec::new(), truncated };
        // Four strings a line: id, left context, keyword, right context.
        let mut words = std::mem::take(&mut a.lines).into_iter();
        while let (Some(id), Some(left), Some(keyword), Some(right)) =
            (words.next(), words.next(), words.next(), words.next())
        {
            kwic.lines.push(KwicLine { doc_idx: 0, id, left, keyword, right, start: 0, end: 0 });
        }
        let (total, hits, fragments, marks, diagnostics) = a.into_parts();
        Shown { total, hits, diagnostics, body_marks: Rc::new(marks), fragments, facets, kwic }
    }
}

/// What the views are given of a partitioned collection.
#[derive(Clone)]
pub struct Partitioned {
    pub remote: Option<Rc<Remote>>,
    /// The last query's answer (kept while the next one is fetched, or when it failed).
    pub results: Option<Rc<Shown>>,
    /// A query is being answered.
    pub busy: bool,
    /// Every match of the query shown is being counted.
    pub counting: bool,
    /// Asks for every match of the query shown to be counted (its total is an estimate).
    pub count: Callback<MouseEvent>,
    /// Why the root or a query's files could not be read.
    pub problem: Option<String>,
    /// The document read last, whole (its number in the collection).
    text: Option<(u32, Arc<Document>, Rc<[Named]>)>,
    /// The reader's document is among the hits (and is being fetched whole if it is not yet).
    pub reading: bool,
}

impl Partitioned {
    /// The hit `id` among the last results (a page, or a concordance's top hits): those and where.
    fn hit(&self, id: &str) -> Option<(&Shown, usize)> {
        let shown = self.results.as_deref()?;
        Some((shown, shown.hits.iter().position(|h| h.id == id)?))
    }

    /// The collection's documents, once its root has loaded.
    pub fn n_docs(&self) -> Option<u32> {
        self.remote.as_ref().map(|r| r.n_docs)
    }

    /// The query's diagnostics, for the search box.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.results.as_ref().map(|r| r.diagnostics.clone()).unwrap_or_default()
    }
}

/// A query's run: the query, page and sort, and on the concordance tab, its sort.
type Asked = (String, u32, Sort, Option<KwicSort>);

/// What the search worker has said.
#[derive(Clone, Default)]
struct Heard {
    remote: Option<Rc<Remote>>,
    /// Why the collection could not be opened, or the worker stopped.
    broken: Option<String>,
    /// The query answered last (the results may be an earlier query's when this one failed).
    asked: Option<Asked>,
    /// The run whose every match is being counted.
    counting: Option<Asked>,
    /// A query whose every match was counted, and how many: its other pages and sorts, and its
    /// concordance, show that count instead of an estimate.
    counted: Option<(String, usize)>,
    results: Option<Rc<Shown>>,
    problem: Option<String>,
    text: Option<(u32, Arc<Document>, Rc<[Named]>)>,
}

/// What the search worker says, as far as the views are concerned.
enum Said {
    Opened(Rc<Remote>),
    Broken(String),
    Answered(Asked, Shown),
    Failed(Asked, String),
    Counting(Asked),
    Read(u32, Arc<Document>, Rc<[Named]>),
    Unread(String),
}

impl Reducible for Heard {
    type Action = Said;

    fn reduce(self: Rc<Self>, said: Said) -> Rc<Self> {
        let mut next = (*self).clone();
        match said {
            Said::Opened(remote) => next.remote = Some(remote),
            Said::Broken(why) => next.broken = Some(why),
            Said::Answered(asked, mut results) => {
                match (results.total, &next.counted) {
                    (Total::Exact(n), _) => next.counted = Some((asked.0.clone(), n)),
                    (Total::About(_), Some((query, n))) if *query == asked.0 => results.total = Total::Exact(*n),
                    _ => {}
                }
                (next.asked, next.counting) = (Some(asked), None);
                (next.results, next.problem) = (Some(Rc::new(results)), None);
            }
            Said::Counting(asked) => next.counting = Some(asked),
            Said::Failed(asked, why) => {
                (next.asked, next.counting) = (Some(asked), None);
                next.problem = Some(format!(
                    "This query could not be answered: {why}. What had loaded is kept: try again, or another query."
                ));
            }
            Said::Read(doc, text, named) => next.text = Some((doc, text, named)),
            Said::Unread(why) => {
                next.problem = Some(format!("This document could not be fetched whole: {why}. Its start is shown."));
            }
        }
        Rc::new(next)
    }
}

/// The partitioned collection the page names, if it names one, and the view's query answered from
/// it. Called on every page; does nothing (starts no worker) where the page names no partitioned
/// collection.
#[hook]
pub fn use_partitioned(state: &ViewState) -> Option<Partitioned> {
    let url = use_memo((), |_| collection::configured().filter(|u| collection::is_partitioned(u)));
    let heard = use_reducer(Heard::default);
    let asked = use_mut_ref(Sent::default);
    let searcher = use_mut_ref(|| None::<Searcher>);
    {
        let (url, heard, asked, searcher) = (url.clone(), heard.dispatcher(), asked.clone(), searcher.clone());
        use_effect_with((), move |_| {
            let Some(url) = (*url).clone() else { return };
            let url = absolute(&url);
            // The callback itself, for the worker that replaces a spent one.
            let me: Rc<std::cell::RefCell<Option<Callback<FromSearcher>>>> = Rc::default();
            let on_reply = Callback::from({
                let (me, searcher, url) = (me.clone(), searcher.clone(), url.clone());
                move |reply: FromSearcher| match reply {
                    FromSearcher::Ready => {}
                    FromSearcher::Opened { n_docs, sources, years, entities, events } => {
                        let counts = Counts { whole: true, sources, years, entities, events };
                        heard.dispatch(Said::Opened(Rc::new(Remote { n_docs, counts })))
                    }
                    FromSearcher::Failed { asked: None, message } => {
                        heard.dispatch(Said::Broken(format!("The collection could not be opened: {message}")))
                    }
                    FromSearcher::Answer { asked: n, answer } => {
                        if let Some(key) = asked.borrow_mut().answered(n) {
                            heard.dispatch(Said::Answered(key, Shown::from(answer)));
                        }
                    }
                    FromSearcher::Failed { asked: Some(n), message } => {
                        if let Some(key) = asked.borrow_mut().answered(n) {
                            heard.dispatch(Said::Failed(key, message));
                        }
                    }
                    FromSearcher::Document { doc, mut whole } => {
                        asked.borrow_mut().read(doc);
                        let named = std::mem::take(&mut whole.entities).into();
                        heard.dispatch(Said::Read(doc, Arc::new(document(whole)), named))
                    }
                    FromSearcher::Unread { doc, message } => {
                        asked.borrow_mut().read(doc);
                        heard.dispatch(Said::Unread(message))
                    }
                    FromSearcher::Spent { root } => {
                        // Replaced once this message is handled (the old worker's handler must not be
                        // dropped while it runs), and only if the page still waits for nothing from it.
                        let (asked, searcher, url, me) = (asked.clone(), searcher.clone(), url.clone(), me.clone());
                        wasm_bindgen_futures::spawn_local(async move {
                            let Some(on_reply) = me.borrow().clone().filter(|_| asked.borrow().idle()) else { return };
                            // If the new one cannot start, the old one goes on.
                            if let Ok(fresh) = Searcher::open(&url, Some(root), on_reply) {
                                *searcher.borrow_mut() = Some(fresh);
                            }
                        });
                    }
                }
            });
            *me.borrow_mut() = Some(on_reply.clone());
            match Searcher::open(&url, None, on_reply.clone()) {
                Ok(s) => *searcher.borrow_mut() = Some(s),
                Err(why) => on_reply.emit(FromSearcher::Failed { asked: None, message: why }),
            }
        });
    }
    let kwic = (state.tab == Tab::Kwic).then_some(state.kwic_sort);
    let key: Asked = (state.query.clone(), state.page, state.sort, kwic);
    let counting = heard.counting.as_ref() == Some(&key);
    let mut p = Partitioned {
        remote: heard.remote.clone(),
        results: heard.results.clone(),
        busy: heard.asked.as_ref() != Some(&key) && heard.broken.is_none(),
        counting,
        // The view's run again, every match counted (sent below): its answer replaces the estimate's.
        count: heard.dispatcher().to_callback().reform({
            let key = key.clone();
            move |_| Said::Counting(key.clone())
        }),
        problem: heard.broken.clone().or_else(|| heard.problem.clone()),
        text: heard.text.clone(),
        reading: false,
    };
    // The document the reader shows, fetched whole once it is among the results.
    let wanted = state.doc.as_deref().and_then(|id| p.hit(id)).map(|(s, at)| s.hits[at].doc_idx);
    p.reading = wanted.is_some();
    let wanted = wanted.filter(|&d| p.text.as_ref().map(|t| t.0) != Some(d));
    {
        let (searcher, asked, open) = (searcher.clone(), asked.clone(), heard.remote.is_some());
        let heard = heard.dispatcher();
        // One effect for both, the view's query and the reader's document: each sent when it changes
        // (the query again when its every match is to be counted).
        use_effect_with((open, key, wanted, counting), move |(open, key, wanted, exact)| {
            if !open {
                return;
            }
            let send = |message: &ToSearcher| searcher.borrow().as_ref().map(|s| s.send(message));
            let new = {
                let sent = asked.borrow();
                sent.key.as_ref() != Some(key) || *exact && !sent.exact
            };
            if new {
                let n = asked.borrow_mut().search(key.clone(), *exact);
                let (query, page, sort, kwic) = key.clone();
                let (offset, limit, exact) = (page * PAGE_SIZE as u32, PAGE_SIZE as u32, *exact);
                if let Some(Err(why)) = send(&ToSearcher::Search { asked: n, query, offset, limit, sort, kwic, exact })
                {
                    heard.dispatch(Said::Failed(key.clone(), why));
                }
            }
            if let Some(doc) = *wanted {
                asked.borrow_mut().reading = Some(doc);
                if let Some(Err(why)) = send(&ToSearcher::Read { doc }) {
                    asked.borrow_mut().read(doc);
                    heard.dispatch(Said::Unread(why));
                }
            }
        });
    }
    url.as_ref().as_ref()?;
    Some(p)
}

/// `url` (relative to the page) as an absolute address, for the worker, whose own address is
/// another: resolved against the document's base, as the page's own fetches are.
fn absolute(url: &str) -> String {
    let base = gloo::utils::document().base_uri().ok().flatten().unwrap_or_default();
    web_sys::Url::new_with_base(url, &base).map(|u| u.href()).unwrap_or_else(|_| url.to_string())
}

/// What the page has asked the search worker: the query asked last, by number, and whether every
/// match was to be counted (an older query's answer arriving later is dropped), whether its answer
/// has come, and the document being read whole.
#[derive(Default)]
struct Sent {
    last: u32,
    key: Option<Asked>,
    exact: bool,
    answered: bool,
    reading: Option<u32>,
}

impl Sent {
    /// A query sent: its number.
    fn search(&mut self, key: Asked, exact: bool) -> u32 {
        self.last += 1;
        (self.key, self.exact, self.answered) = (Some(key), exact, false);
        self.last
    }

    /// The answer to query `n` came: the run it answers, unless a later one was asked since.
    fn answered(&mut self, n: u32) -> Option<Asked> {
        if n != self.last {
            return None;
        }
        self.answered = true;
        self.key.clone()
    }

    /// Document `doc` came whole, or could not.
    fn read(&mut self, doc: u32) {
        if self.reading == Some(doc) {
            self.reading = None;
        }
    }

    /// Nothing asked is still to be answered.
    fn idle(&self) -> bool {
        (self.answered || self.key.is_none()) && self.reading.is_none()
    }
}

/// The page's handle on the search worker: what it is asked is encoded here, its replies decoded.
struct Searcher(WorkerHandle);

impl Searcher {
    /// A search worker opening the collection whose root is at `url` (absolute), from `root`'s bytes
    /// when a spent worker handed them on.
    fn open(url: &str, root: Option<Vec<u8>>, on_reply: Callback<FromSearcher>) -> Result<Searcher, String> {
        let searcher = Searcher::start(on_reply)?;
        // The collection's files are kept for offline use where the site works offline.
        let keep = gloo::utils::window().navigator().service_worker().controller().is_some();
        searcher.send(&ToSearcher::Open { url: url.to_string(), root, keep })?;
        Ok(searcher)
    }

    fn start(on_reply: Callback<FromSearcher>) -> Result<Searcher, String> {
        let on_message = Callback::from(move |data: Result<JsValue, String>| {
            on_reply.emit(match data.and_then(|d| protocol::decode(&d).map_err(|e| e.to_string())) {
                Ok((reply, _)) => reply,
                Err(message) => FromSearcher::Failed { asked: None, message },
            })
        });
        WorkerHandle::start(SEARCHER_URL, "the search worker", on_message).map(Searcher)
    }

    fn send(&self, message: &ToSearcher) -> Result<(), String> {
        self.0.send(protocol::encode(message, &[]))
    }
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

/// The results tab: the page of hits and the count, "≈" while it is an estimate, with a button
/// that counts every match (the results stay while it does).
pub fn results(p: &Partitioned, state: &ViewState) -> Html {
    match &p.results {
        // A concordance's top hits are more than a page: until the page's own arrive, its first.
        Some(r) => {
            let beside = match r.total {
                Total::About(_) if p.busy => html! {},
                Total::About(_) if p.counting => {
                    html! { <span role="status" id="count-exact-busy">{ "Counting every match…" }</span> }
                }
                Total::About(_) => html! {
                    <button type="button" id="count-exact" onclick={p.count.clone()}>{ "Count exactly" }</button>
                },
                Total::Exact(_) => html! {},
            };
            crate::results::hits_view(&r.hits[..r.hits.len().min(PAGE_SIZE)], r.total, p.busy, state, beside)
        }
        // The collection could not be opened: nothing is being searched (`status` says why).
        None if p.remote.is_none() && p.problem.is_some() => html! {},
        None => crate::results::hits_view(&[], Total::Exact(0), true, state, html! {}),
    }
}

/// What a view that needs the whole collection shows instead.
pub fn whole_only() -> Html {
    html! {
        <p class="empty" id="partitioned-note">
            { "A partitioned collection offers search, reading and a concordance of the top hits for now: this view needs the whole collection." }
        </p>
    }
}

/// The concordance tab: the query's concordance over its top hits, saying so.
pub fn concordance(p: &Partitioned, state: &ViewState) -> Html {
    let (Some(r), false) = (&p.results, p.busy) else {
        return html! { <p class="loading" role="status" id="kwic-busy"><span>{ "Searching…" }</span></p> };
    };
    let (top, total) = (r.hits.len() as u64, r.total);
    let about = if matches!(total, Total::About(_)) { "≈ " } else { "" };
    let (Total::About(n) | Total::Exact(n)) = total;
    let note =
        format!("On the top {} of {about}{}", numbers::count(top), numbers::counted(n as u64, "matching document"));
    let note = html! { <p class="hint" id="kwic-top">{ note }</p> };
    crate::views::concordance(&r.kwic, !r.body_marks.is_empty(), true, state, note)
}

/// The reader for the document `id`, if it is among the results shown: the whole document once the
/// search worker has fetched it, its fragment until then.
pub fn reader(p: &Partitioned, id: &str, state: &ViewState) -> Option<Html> {
    let (results, at) = p.hit(id)?;
    let hit = &results.hits[at];
    let title_marks = hit.title_highlights.clone();
    let close_href = route::href(&apply(state, Action::CloseDoc));
    let whole = p.text.as_ref().filter(|t| t.0 == hit.doc_idx);
    let (doc, named, start_of, focus) = match whole {
        // A long text starts at the match the results showed.
        Some((_, doc, named)) => (Arc::clone(doc), &named[..], None, Some(hit.snippet.start).filter(|&s| s > 0)),
        None => {
            let f: &Fragment = results.fragments.get(at)?.as_ref()?;
            (Arc::new(document(f.clone())), &f.entities[..], Some(f.text_len as usize), None)
        }
    };
    let named = named.iter().flat_map(|n| n.at.iter().map(|&(s, e)| (n.kind, n.name.as_str(), s as usize, e as usize)));
    let spans = Rc::new(crate::reader::entity_spans(named, state));
    Some(html! {
        <crate::reader::Reader {doc} marks={Rc::clone(&results.body_marks)}
            {spans} {title_marks} {focus} {close_href} {start_of} />
    })
}

/// What the reader shows of a fragment (the start of a text, or a whole one).
fn document(f: Fragment) -> Document {
    Document {
        id: f.id,
        path: String::new(),
        title: f.title,
        date: f.date,
        source: f.source,
        url: f.url,
        dateline: None,
        body: f.text,
        warnings: Vec::new(),
    }
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

/// The filter panel: the query's sources and years where the collection knows them (a one-word
/// query's), else the whole collection's, with its most named entities and its events.
pub fn facets(p: &Partitioned, state: &ViewState) -> Html {
    let query = p.results.as_ref().and_then(|r| r.facets.as_ref());
    // Before the root has loaded, or when it failed to, the panel's empty place keeps the layout.
    let nothing = Counts::default();
    collection_facets(state, query.or(p.remote.as_ref().map(|r| &r.counts)).unwrap_or(&nothing))
}
