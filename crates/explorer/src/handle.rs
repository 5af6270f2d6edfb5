//! The page's handle on one of its Web Workers: the indexing worker (`indexer`) or the search
//! worker (`partitioned`). Messages sent before the worker is ready (its first message says so)
//! wait, then go in order; its later messages go to a callback, still encoded (`protocol`); an
//! error in it becomes an error message there. Dropping the handle stops the worker, which frees
//! its memory.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

pub struct WorkerHandle {
    worker: Worker,
    /// Messages sent before the worker was ready (`None` once it is).
    waiting: Rc<RefCell<Option<Vec<JsValue>>>>,
    /// Names the worker in messages ("the search worker").
    what: &'static str,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl WorkerHandle {
    /// Starts the worker whose loader is at `url` (`what` names it); every message after its first
    /// goes to `on_message`, and what goes wrong as `Err`.
    pub fn start(
        url: &str,
        what: &'static str,
        on_message: Callback<Result<JsValue, String>>,
    ) -> Result<WorkerHandle, String> {
        let worker = Worker::new(url).map_err(|e| format!("{what} could not start: {e:?}"))?;
        let waiting = Rc::new(RefCell::new(Some(Vec::<JsValue>::new())));
        let on_error = {
            let on_message = on_message.clone();
            Closure::<dyn Fn(ErrorEvent)>::new(move |e: ErrorEvent| {
                e.prevent_default();
                let why = e.message();
                on_message.emit(Err(if why.is_empty() { format!("{what} stopped") } else { why }));
            })
        };
        let on_message = {
            let (worker, waiting) = (worker.clone(), waiting.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let Some(queued) = waiting.borrow_mut().take() else { return on_message.emit(Ok(e.data())) };
                // Its first message: it is ready.
                for message in queued {
                    if let Err(e) = worker.post_message(&message) {
                        on_message.emit(Err(format!("{what} could not be asked: {e:?}")));
                    }
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle { worker, waiting, what, _on_message: on_message, _on_error: on_error })
    }

    /// Sends `message` now, or once the worker is ready.
    pub fn send(&self, message: JsValue) -> Result<(), String> {
        if let Some(waiting) = self.waiting.borrow_mut().as_mut() {
            waiting.push(message);
            return Ok(());
        }
        self.worker.post_message(&message).map_err(|e| format!("{} could not be asked: {e:?}", self.what))
    }
}
