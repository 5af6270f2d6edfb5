//! The page's side of the indexing worker (`src/worker.rs`): starts it, sends one job once the
//! worker says it is ready, and turns its messages into [`Reply`]s. Dropping an [`Indexer`] stops the
//! worker, so a newer job simply replaces an older one.

use corpus::Diagnostic;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader, next to index.html (Trunk's `data-loader-shim`).
const WORKER_URL: &str = "./worker_loader.js";

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Progress { phase: String, done: u32, total: u32 },
    Done { pack: Vec<u8>, added: Vec<(String, usize)>, problems: Vec<Diagnostic> },
    Failed(String),
}

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
    /// Starts a worker on `files` (with the sample corpus first when `with_sample`).
    pub fn start(with_sample: bool, files: &[(String, Vec<u8>)], on_reply: Callback<Reply>) -> Result<Indexer, String> {
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("the indexing worker could not start: {e:?}"))?;
        let job = Array::new();
        job.push(&with_sample.into());
        if with_sample {
            job.push(&"sample".into());
            job.push(&Uint8Array::from(crate::seeds::BASE_PACK));
        }
        for (name, bytes) in files {
            job.push(&name.as_str().into());
            job.push(&Uint8Array::from(bytes.as_slice()));
        }
        let pending = Rc::new(RefCell::new(Some(job)));
        let on_message = {
            let (worker, on_reply) = (worker.clone(), on_reply.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let msg = Array::from(&e.data());
                match msg.get(0).as_string().as_deref() {
                    Some("ready") => {
                        if let Some(job) = pending.borrow_mut().take() {
                            if let Err(e) = worker.post_message(&job) {
                                on_reply.emit(Reply::Failed(format!("could not send the files to the worker: {e:?}")));
                            }
                        }
                    }
                    Some("progress") => on_reply.emit(Reply::Progress {
                        phase: msg.get(1).as_string().unwrap_or_default(),
                        done: msg.get(2).as_f64().unwrap_or(0.0) as u32,
                        total: msg.get(3).as_f64().unwrap_or(0.0) as u32,
                    }),
                    Some("done") => on_reply.emit(done(&msg)),
                    Some("error") => on_reply.emit(Reply::Failed(msg.get(1).as_string().unwrap_or_default())),
                    _ => {}
                }
            })
        };
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            let what = e.message();
            on_reply.emit(Reply::Failed(if what.is_empty() { "the indexing worker stopped".into() } else { what }));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Indexer { worker, _on_message: on_message, _on_error: on_error })
    }
}

fn done(msg: &Array) -> Reply {
    let pack = Uint8Array::new(&msg.get(1)).to_vec();
    let mut added = Vec::new();
    let mut problems = Vec::new();
    for row in Array::from(&msg.get(2)).iter() {
        let row = Array::from(&row);
        let (kind, origin) = (row.get(0).as_string().unwrap_or_default(), row.get(1).as_string().unwrap_or_default());
        match kind.as_str() {
            "added" => added.push((origin, row.get(2).as_f64().unwrap_or(0.0) as usize)),
            "error" => problems.push(Diagnostic::error(origin, row.get(2).as_string().unwrap_or_default())),
            _ => problems.push(Diagnostic::warning(origin, row.get(2).as_string().unwrap_or_default())),
        }
    }
    Reply::Done { pack, added, problems }
}
