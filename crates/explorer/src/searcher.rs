//! The search worker of a partitioned collection (`corpus::partition`): only a page that names one
//! starts it (`partitioned`). It owns the `Collection`: opens its root, answers each query by
//! fetching the files `Collection::search` names, every file of a round at once (`.gz` ones inflated
//! in the worker's wasm, `inflate::gunzip`), keeping them for later queries up to [`KEEP_BYTES`], and hands the
//! page the results with each hit's fragment for the reader. The reader's code (the query's
//! resolution over fetched blocks, the chunks' bounds, the fragments) lives here, not in the page's
//! wasm. Messages are defined in `explorer::protocol`.

use corpus::kwic::{self, KwicSort};
use corpus::partition::{Collection, SearchRequest, Step};
use corpus::search::{SearchOptions, Sort};
use explorer::protocol::{self, Answer, FromSearcher, ToSearcher};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The top hits a concordance is made of, fetched whole.
const KWIC_DOCS: u32 = 200;

/// Most rounds of fetches one query may take (a sound collection needs a handful).
const MAX_ROUNDS: usize = 64;

/// About how many bytes of fetched files the worker keeps between queries (the oldest go first), so
/// that its memory does not grow with every query over a large collection. Its wasm memory never
/// shrinks: it grows to what is kept plus what the heaviest query fetches (decoded, up to 24 MB for
/// two words found in most of 1,000,000 documents). A file let go that a later query needs comes
/// back from the browser's HTTP cache (the files are immutable), without crossing the network.
const KEEP_BYTES: usize = 8 << 20;

/// Files fetched after which the worker, once idle, tells the page it is spent (`FromSearcher::Spent`).
/// Each fetch leaves 20–25 KB in the worker that its collectors free only when they see fit, and a
/// stopped worker frees at once (tests/e2e/bench/fetch-memory.mjs: 3,000 fetches of 2 KB files left
/// 74 MB in Chromium's renderer, each inflated by a `DecompressionStream`; 26 MB once the worker stopped).
const RENEW_FILES: usize = 500;

/// Wasm memory after which the worker, once idle, says it is spent: the memory never shrinks, and a
/// heavy query's decoded postings leave it at their peak.
const RENEW_MEMORY: u32 = 24 << 20;

/// The collection as far as it has been fetched, and where its files are.
struct Remote {
    /// The folder of the root, with its `/`: the paths the core names are relative to it.
    base: String,
    /// The root as read (inflated), for the worker that may replace this one.
    root: Vec<u8>,
    collection: RefCell<Collection>,
    /// Files fetched since the worker started.
    fetched: Cell<usize>,
    /// The browser's copy of the collection's files (the Cache API's `trawl-collection`, which web/sw.js
    /// names too), where the site works offline (the page says so: `ToSearcher::Open`'s `keep`): files are named after their content, so one
    /// kept never goes stale, and a query whose files were read before, even in another visit, needs no
    /// network. Kept here, not by the service worker, which runs in the tab's process too: what reading
    /// and storing them leaves behind goes when this worker is replaced.
    kept: Option<web_sys::Cache>,
}

/// The Cache API's cache of collection files.
const KEPT: &str = "trawl-collection";

/// What the worker holds between messages.
#[derive(Default)]
struct State {
    remote: RefCell<Option<Rc<Remote>>>,
    /// Settles once the collection being opened is open, or could not be: what the page asks
    /// meanwhile (its next query, sent to a worker replacing a spent one) waits for it.
    opening: RefCell<Option<js_sys::Promise>>,
    /// The query asked last: an older one still fetching stops at its next round.
    latest: Cell<u32>,
    /// Messages being answered.
    busy: Cell<u32>,
}

impl State {
    /// The collection, once the one being opened, if any, is.
    async fn opened(&self) -> Option<Rc<Remote>> {
        let opening = self.opening.borrow().clone();
        if let Some(opening) = opening {
            let _ = JsFuture::from(opening).await;
        }
        self.remote.borrow().clone()
    }

    /// Once nothing is being answered, whether the page had better replace this worker: the root to
    /// open the next one with.
    fn spent(&self) -> Option<Vec<u8>> {
        let remote = self.remote.borrow().clone()?;
        let grown = remote.fetched.get() >= RENEW_FILES || explorer::wasm_memory_bytes() >= RENEW_MEMORY;
        (self.busy.get() == 0 && grown).then(|| remote.root.clone())
    }
}

fn main() {
    // Only ever started as a worker; anywhere else there is nothing to listen to.
    let Some(scope) = js_sys::global().dyn_ref::<DedicatedWorkerGlobalScope>().cloned() else { return };
    let worker = Rc::new(State::default());
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let (replies, worker) = (replies.clone(), Rc::clone(&worker));
        wasm_bindgen_futures::spawn_local(async move {
            let reply = |r: FromSearcher| {
                let _ = replies.post_message(&protocol::encode(&r, &[]));
            };
            worker.busy.set(worker.busy.get() + 1);
            answer(&replies, &worker, e.data(), &reply).await;
            worker.busy.set(worker.busy.get() - 1);
            if let Some(root) = worker.spent() {
                reply(FromSearcher::Spent { root });
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the module was ready were dropped: the page waits for this.
    let _ = scope.post_message(&protocol::encode(&FromSearcher::Ready, &[]));
}

/// Answers one message of the page.
async fn answer(replies: &DedicatedWorkerGlobalScope, worker: &State, data: JsValue, reply: &dyn Fn(FromSearcher)) {
    match protocol::decode::<ToSearcher>(&data) {
        Ok((ToSearcher::Open { url, root, keep }, _)) => {
            let mut settle = None;
            worker.opening.replace(Some(js_sys::Promise::new(&mut |resolve, _| settle = Some(resolve))));
            let opened = match open(replies, &url, root, keep).await {
                Ok(remote) => {
                    let root = remote.collection.borrow().root().clone();
                    *worker.remote.borrow_mut() = Some(Rc::new(remote));
                    FromSearcher::Opened {
                        n_docs: root.n_docs,
                        sources: root.sources,
                        years: root.years,
                        entities: root.entities,
                        events: root.events,
                    }
                }
                Err(message) => FromSearcher::Failed { asked: None, message: format!("{url}: {message}") },
            };
            worker.opening.replace(None);
            if let Some(settle) = settle {
                let _ = settle.call0(&JsValue::NULL);
            }
            reply(opened)
        }
        Ok((ToSearcher::Search { asked, query, offset, limit, sort, kwic, exact }, _)) => {
            worker.latest.set(asked);
            let Some(remote) = worker.opened().await else {
                let message = "the collection is not open".to_string();
                return reply(FromSearcher::Failed { asked: Some(asked), message });
            };
            let superseded = || worker.latest.get() != asked;
            let answer = match kwic {
                Some(sort_lines) => {
                    let req = request(query, 0, KWIC_DOCS, sort, exact);
                    concordance(replies, &remote, req, sort_lines, &superseded).await
                }
                None => {
                    let req = request(query, offset, limit, sort, exact);
                    let results = run(replies, &remote, |c| c.search(&req), &superseded).await;
                    let c = remote.collection.borrow();
                    results.map(|r| r.map(|r| Answer::new(r, &|doc| c.fragment(doc).cloned())))
                }
            };
            match answer {
                Ok(None) => {}
                Ok(Some(answer)) => reply(FromSearcher::Answer { asked, answer }),
                Err(message) => reply(FromSearcher::Failed { asked: Some(asked), message }),
            }
        }
        Ok((ToSearcher::Read { doc }, _)) => {
            let Some(remote) = worker.opened().await else {
                return reply(FromSearcher::Unread { doc, message: "the collection is not open".into() });
            };
            // Its fragment and whole text, with its entities.
            let whole = run(replies, &remote, |c| c.whole(doc), &|| false).await.map(Option::flatten);
            reply(match whole {
                Ok(Some(whole)) => FromSearcher::Document { doc, whole },
                Ok(None) => FromSearcher::Unread { doc, message: format!("the collection has no document {doc}") },
                Err(message) => FromSearcher::Unread { doc, message },
            });
        }
        Err(e) => reply(FromSearcher::Failed { asked: None, message: e.to_string() }),
    }
}

/// The one place a query of the page becomes the core's request (`exact_count` when the page asks
/// for every match to be counted).
fn request(query: String, offset: u32, limit: u32, sort: Sort, exact_count: bool) -> SearchRequest {
    let opts = SearchOptions { limit: limit as usize, offset: offset as usize, sort, ..SearchOptions::default() };
    SearchRequest { query, opts, exact_count, fragments: true }
}

/// The concordance of `req`'s query over its top hits, fetched whole: the hits (without fragments,
/// which the page does not need for them) with the concordance's lines; `None` when superseded.
async fn concordance(
    scope: &DedicatedWorkerGlobalScope,
    remote: &Remote,
    req: SearchRequest,
    sort: KwicSort,
    superseded: &dyn Fn() -> bool,
) -> Result<Option<Answer>, String> {
    let Some(top) = run(scope, remote, |c| c.search(&req), superseded).await? else { return Ok(None) };
    let docs: Vec<u32> = top.hits.iter().map(|h| h.doc_idx).collect();
    let Some(corpus) = run(scope, remote, |c| c.documents(&docs), superseded).await? else { return Ok(None) };
    let all: Vec<u32> = (0..corpus.docs().len() as u32).collect();
    let k = kwic::collect(&corpus, &all, &top.body_marks, &protocol::kwic_options(sort));
    let mut answer = Answer::new(top, &|_| None);
    answer.lines = k.lines.into_iter().flat_map(|l| [l.id, l.left, l.keyword, l.right]).collect();
    (answer.occurrences, answer.with_occurrences, answer.truncated) = (k.total as u32, k.docs as u32, k.truncated);
    Ok(Some(answer))
}

/// Fetches and opens the root at `url`.
async fn open(
    scope: &DedicatedWorkerGlobalScope,
    url: &str,
    root: Option<Vec<u8>>,
    keep: bool,
) -> Result<Remote, String> {
    // A worker replacing a spent one has pruned nothing: its predecessor did.
    let prune = root.is_none();
    let mut bytes = match root {
        Some(bytes) => bytes,
        None => explorer::inflate::body_of(scope.fetch_with_str(url), false).await?,
    };
    if corpus::partition::is_gzip(&bytes) {
        // `trawl pack` compresses the root: inflated here, as the other files are.
        bytes = explorer::inflate::gunzip(&bytes, corpus::ingest::MAX_FILE_BYTES)?;
    }
    let collection = Collection::open(&bytes).map_err(|e| e.to_string())?;
    let base = url[..url.rfind('/').map_or(0, |i| i + 1)].to_string();
    let kept = if keep { kept_cache(scope).await } else { None };
    if let (true, Some(kept)) = (prune, &kept) {
        prune_replaced(kept, &base, &collection.root().id).await;
    }
    Ok(Remote { base, root: bytes, collection: RefCell::new(collection), fetched: Cell::new(0), kept })
}

/// The cache of collection files, if the browser offers one here.
async fn kept_cache(scope: &DedicatedWorkerGlobalScope) -> Option<web_sys::Cache> {
    let caches = scope.caches().ok()?;
    JsFuture::from(caches.open(KEPT)).await.ok()?.dyn_into().ok()
}

/// Deletes from `kept` the files of a collection the site has replaced: under the same folder
/// (`base`), in an id folder other than `id`.
async fn prune_replaced(kept: &web_sys::Cache, base: &str, id: &str) {
    let Ok(keys) = JsFuture::from(kept.keys()).await else { return };
    for request in js_sys::Array::from(&keys).iter() {
        let Ok(request) = request.dyn_into::<web_sys::Request>() else { continue };
        let url = request.url();
        let Some(folder) = url.strip_prefix(base).and_then(|rest| rest.split('/').next()) else { continue };
        let other = folder.len() == 16 && folder.bytes().all(|b| b.is_ascii_hexdigit()) && folder != id;
        if other {
            let _ = JsFuture::from(kept.delete_with_request(&request)).await;
        }
    }
}

/// Runs `step` (a search, or documents fetched whole) to its end, fetching what the collection asks
/// for, a round of files at once; `None` when a later query superseded it before it was done.
async fn run<T>(
    scope: &DedicatedWorkerGlobalScope,
    remote: &Remote,
    step: impl Fn(&Collection) -> Step<T>,
    superseded: &dyn Fn() -> bool,
) -> Result<Option<T>, String> {
    // Between queries: the last answer's fragments, fetched last, stay (the page has them anyway).
    remote.collection.borrow_mut().keep_at_most(KEEP_BYTES);
    for _ in 0..MAX_ROUNDS {
        if superseded() {
            return Ok(None);
        }
        let next = step(&remote.collection.borrow());
        let paths = match next {
            Step::Done(r) => return Ok(Some(r)),
            Step::Need(paths) => paths,
        };
        read_round(scope, remote, &paths).await?;
    }
    Err("the collection kept asking for more files".into())
}

/// Where a file of a round comes from.
enum Source {
    /// The copy kept in the Cache API.
    Kept(web_sys::Response),
    /// The network: the fetch, started.
    Asked(js_sys::Promise),
}

/// Reads a round's files into the collection: those kept before, all looked up at once, then the
/// others from the network, every fetch started before any is awaited (and kept once found sound).
/// Each file is added as it comes, so a failure keeps the others; the first failure is the error.
async fn read_round(scope: &DedicatedWorkerGlobalScope, remote: &Remote, paths: &[String]) -> Result<(), String> {
    remote.fetched.set(remote.fetched.get() + paths.len());
    let urls: Vec<String> = paths.iter().map(|p| format!("{}{p}", remote.base)).collect();
    let looked: Vec<Option<js_sys::Promise>> =
        urls.iter().map(|u| remote.kept.as_ref().map(|k| k.match_with_str(u))).collect();
    let mut kept = Vec::with_capacity(urls.len());
    for look in looked {
        let hit = match look {
            Some(look) => JsFuture::from(look).await.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()),
            None => None,
        };
        kept.push(hit);
    }
    let sources: Vec<Source> = urls
        .iter()
        .zip(kept)
        .map(|(u, hit)| hit.map_or_else(|| Source::Asked(scope.fetch_with_str(u)), Source::Kept))
        .collect();
    let mut failed = None;
    let mut storing = Vec::new();
    for ((path, url), source) in paths.iter().zip(&urls).zip(sources) {
        let (response, fetched) = match source {
            Source::Kept(r) => (Ok(r), false),
            Source::Asked(fetch) => (explorer::inflate::response_of(fetch).await, true),
        };
        // A copy of the response, stored by the browser once the file is found sound.
        let copy = match (&response, &remote.kept) {
            (Ok(r), Some(_)) if fetched && r.status() == 200 => r.clone().ok(),
            _ => None,
        };
        let read = match response {
            Ok(response) => explorer::inflate::body(response, false).await,
            Err(e) => Err(e),
        };
        // Inflated in this module's memory, not by a `DecompressionStream`: see `gunzip`.
        let read = read.and_then(|b| match path.ends_with(".gz") {
            true => explorer::inflate::gunzip(&b, corpus::ingest::MAX_FILE_BYTES),
            false => Ok(b),
        });
        let added = read.and_then(|b| remote.collection.borrow_mut().add(path, &b).map_err(|e| e.to_string()));
        match (added, copy, &remote.kept) {
            (Err(e), _, _) => {
                failed.get_or_insert(format!("{path}: {e}"));
            }
            (Ok(()), Some(copy), Some(kept)) => storing.push(kept.put_with_str(url, &copy)),
            _ => {}
        }
    }
    // A copy that could not be stored (the disk full, say) is only a later fetch.
    for store in storing {
        let _ = JsFuture::from(store).await;
    }
    failed.map_or(Ok(()), Err)
}
