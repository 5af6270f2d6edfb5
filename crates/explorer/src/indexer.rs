//! The page's side of the indexing worker (`src/worker.rs`): starts one for an upload, sends it the
//! job once the worker says it is ready, and hands on its replies (`protocol::FromWorker`, with the
//! blobs they refer to). Files go as
//! `File` handles, so the page never holds their bytes. Dropping an [`Indexer`] stops the worker,
//! which frees its memory.

use crate::protocol::{self, FileIn, FromWorker, ToWorker};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader, next to index.html (Trunk's `data-loader-shim`).
const WORKER_URL: &str = "./worker_loader.js";

/// A reply of the worker and the blobs it refers to.
pub type Reply = (FromWorker, Vec<Blob>);

pub struct Indexer {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Indexer {
    /// Starts a worker on `files` (`blobs`: their `File`s); every reply but `Ready` goes to
    /// `on_reply`.
    pub fn start(files: Vec<FileIn>, blobs: &[Blob], on_reply: Callback<Reply>) -> Result<Indexer, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("the indexing worker could not start: {e:?}"))?;
        let pending = Rc::new(RefCell::new(Some(protocol::encode(&ToWorker::Job { files }, blobs))));
        let failed = |message: String| (FromWorker::Failed { message }, Vec::new());
        let on_message = {
            let (worker, on_reply) = (worker.clone(), on_reply.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| match protocol::decode(&e.data()) {
                Ok((FromWorker::Ready, _)) => {
                    if let Some(job) = pending.borrow_mut().take() {
                        if let Err(e) = worker.post_message(&job) {
                            on_reply.emit(failed(format!("could not send the files to the worker: {e:?}")));
                        }
                    }
                }
                Ok(reply) => on_reply.emit(reply),
                Err(e) => on_reply.emit(failed(e.to_string())),
            })
        };
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            let what = e.message();
            on_reply.emit(failed(if what.is_empty() { "the indexing worker stopped".into() } else { what }));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Indexer { worker, _on_message: on_message, _on_error: on_error })
    }
}
