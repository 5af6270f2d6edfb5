//! A sharded collection (`trawl pack --shard-docs`) served beside the page: the page names its
//! manifest in `<meta name="trawl-collection" content="collection/manifest.json">` (`cargo xtask
//! build --collection DIR` puts both there), and loads the shards one after the other. A meta naming
//! a `trawl.root` names a partitioned collection instead, which is never loaded whole: see
//! `partitioned`. Each shard
//! is appended to what has loaded (`engine::append`, as uploads are), so searching starts after the
//! first shard and covers more as the rest arrive. A shard that cannot be fetched or read is
//! reported and skipped; what has loaded stays.

use crate::engine::Engine;
use crate::numbers::count;
use corpus::pack::{Loaded, Manifest, ShardInfo};
use corpus::Diagnostic;
use std::rc::Rc;
use yew::Callback;

/// The collection's address (a manifest, or a partitioned collection's root), when the page names one.
pub fn configured() -> Option<String> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let meta = gloo::utils::document().query_selector("meta[name=\"trawl-collection\"]").ok()??;
    meta.get_attribute("content").filter(|c| !c.trim().is_empty())
}

/// Whether the collection at `url` is partitioned: the meta names its root file, not a manifest.
pub fn is_partitioned(url: &str) -> bool {
    url.rsplit('/').next() == Some(corpus::partition::ROOT_FILE)
}

/// The sharded collection's manifest, when the page names one.
pub fn sharded() -> Option<String> {
    configured().filter(|url| !is_partitioned(url))
}

/// How far loading has got.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    pub shards_done: usize,
    pub shards_total: usize,
    pub docs_loaded: usize,
    pub docs_total: usize,
    /// Every shard has been tried (or the manifest could not be read).
    pub finished: bool,
}

impl Status {
    pub fn label(&self) -> String {
        if self.shards_total == 0 {
            return "Opening the collection…".into();
        }
        format!(
            "Loading the collection: part {} of {} ({} of {} documents); searches cover what has loaded…",
            (self.shards_done + 1).min(self.shards_total),
            self.shards_total,
            count(self.docs_loaded as u64),
            count(self.docs_total as u64)
        )
    }
}

/// What the loader reports.
pub enum Step {
    Progress(Status),
    /// The collection so far; the last one comes with `Status::finished`.
    Loaded(Rc<Engine>, Status),
    Problem(Diagnostic),
}

/// Loads the collection whose manifest is at `url`, reporting every step.
pub fn load(url: String, on_step: Callback<Step>) {
    yew::platform::spawn_local(async move {
        let problem = |message: String| on_step.emit(Step::Problem(Diagnostic::error("collection", message)));
        let manifest = match fetch_bytes(&url, false).await {
            Ok(bytes) => parse_manifest(&String::from_utf8_lossy(&bytes)),
            Err(e) => Err(e),
        };
        let manifest = match manifest {
            Ok(m) => m,
            Err(e) => {
                problem(format!("{url}: {e}"));
                on_step.emit(Step::Loaded(
                    Rc::new(Engine::from(Loaded::default())),
                    Status { finished: true, ..Status::default() },
                ));
                return;
            }
        };
        let base = &url[..url.rfind('/').map_or(0, |i| i + 1)];
        let mut status =
            Status { shards_total: manifest.shards.len(), docs_total: manifest.documents, ..Status::default() };
        on_step.emit(Step::Progress(status.clone()));
        // What has loaded so far, which the views search while the next shard is appended to it.
        let mut acc = Rc::new(Engine::from(Loaded::default()));
        for (i, shard) in manifest.shards.iter().enumerate() {
            let gzip = manifest.compression.is_some();
            let part = fetch_bytes(&format!("{base}{}", shard.file), gzip)
                .await
                .and_then(|b| corpus::pack::read(&b).map_err(|e| crate::engine::message(&e)));
            match part {
                Ok(part) => {
                    for d in crate::engine::append(&mut acc, part) {
                        on_step.emit(Step::Problem(d));
                    }
                }
                Err(e) => {
                    problem(format!("part {} of {} ({}) was skipped: {e}", i + 1, manifest.shards.len(), shard.file))
                }
            }
            status.shards_done = i + 1;
            status.docs_loaded = acc.corpus.len();
            status.finished = i + 1 == manifest.shards.len();
            on_step.emit(Step::Loaded(Rc::clone(&acc), status.clone()));
            // Lets the page paint between shards.
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
        if manifest.shards.is_empty() {
            on_step.emit(Step::Loaded(acc, Status { finished: true, ..status }));
        }
    });
}

/// [`Manifest::parse`] with the browser's JSON parser, which costs the page's wasm nothing.
fn parse_manifest(json: &str) -> Result<Manifest, String> {
    let bad = |why: &str| format!("not a collection manifest ({why})");
    let value = js_sys::JSON::parse(json).map_err(|_| bad("not JSON"))?;
    let get = |v: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).unwrap_or_default();
    let count = |v: &wasm_bindgen::JsValue, key: &str| {
        get(v, key)
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0)
            .map(|n| n as usize)
            .ok_or_else(|| bad(&format!("{key} is not a count")))
    };
    let format = get(&value, "format").as_string().ok_or_else(|| bad("no format"))?;
    let list = get(&value, "shards");
    if !js_sys::Array::is_array(&list) {
        return Err(bad("no shards"));
    }
    let mut shards = Vec::new();
    for s in js_sys::Array::from(&list).iter() {
        let file = get(&s, "file").as_string().ok_or_else(|| bad("a shard has no file"))?;
        shards.push(ShardInfo { file, documents: count(&s, "documents")?, bytes: count(&s, "bytes")? });
    }
    let compression = match get(&value, "compression") {
        c if c.is_undefined() || c.is_null() => None,
        c => Some(c.as_string().ok_or_else(|| bad("compression is not a name"))?),
    };
    let manifest = Manifest { format, documents: count(&value, "documents")?, shards, compression };
    manifest.validate().map_err(|e| crate::engine::message(&e))?;
    Ok(manifest)
}

/// The body of a same-origin GET, inflated from gzip when `gzip`, or why not.
pub async fn fetch_bytes(url: &str, gzip: bool) -> Result<Vec<u8>, String> {
    crate::inflate::body_of(gloo::utils::window().fetch_with_str(url), gzip).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_says_which_part_is_loading() {
        let s = Status { shards_done: 2, shards_total: 4, docs_loaded: 2000, docs_total: 3005, finished: false };
        assert_eq!(
            s.label(),
            "Loading the collection: part 3 of 4 (2,000 of 3,005 documents); searches cover what has loaded…"
        );
        assert_eq!(Status::default().label(), "Opening the collection…");
    }

    #[test]
    fn a_root_file_names_a_partitioned_collection() {
        assert!(is_partitioned("collection/trawl.root"));
        assert!(is_partitioned("https://example.org/news/trawl.root"));
        assert!(!is_partitioned("collection/manifest.json"));
        assert!(!is_partitioned("collection/trawl.root/manifest.json"));
    }
}
