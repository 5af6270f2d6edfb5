//! The page's side of the indexing worker (`src/worker.rs`): starts one for an upload, sends it the
//! job (`handle` holds it until the worker is ready), and hands on its replies
//! (`protocol::FromWorker`, with the blobs they refer to). Files go as `File` handles, so the page
//! never holds their bytes. Dropping an [`Indexer`] stops the worker, which frees its memory.

use crate::handle::WorkerHandle;
use crate::protocol::{self, FileIn, FromWorker, ToWorker};
use wasm_bindgen::JsValue;
use web_sys::Blob;
use yew::Callback;

/// The worker's loader, next to index.html (Trunk's `data-loader-shim`).
const WORKER_URL: &str = "./worker_loader.js";

/// A reply of the worker and the blobs it refers to.
pub type Reply = (FromWorker, Vec<Blob>);

pub struct Indexer {
    _worker: WorkerHandle,
}

impl Indexer {
    /// Starts a worker on `files` (`blobs`: their `File`s); its replies go to `on_reply`.
    pub fn start(files: Vec<FileIn>, blobs: &[Blob], on_reply: Callback<Reply>) -> Result<Indexer, String> {
        let failed = |message: String| (FromWorker::Failed { message }, Vec::new());
        let on_message = Callback::from(move |data: Result<JsValue, String>| {
            on_reply.emit(match data.and_then(|d| protocol::decode(&d).map_err(|e| e.to_string())) {
                Ok(reply) => reply,
                Err(message) => failed(message),
            })
        });
        let worker = WorkerHandle::start(WORKER_URL, "the indexing worker", on_message)?;
        worker.send(protocol::encode(&ToWorker::Job { files }, blobs))?;
        Ok(Indexer { _worker: worker })
    }
}
