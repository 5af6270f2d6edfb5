//! The indexing worker: reads the person's files (and the sample's pack, when kept), indexes them, runs
//! extraction and hands the page a pack (`corpus::pack`), reporting progress on the way. The page
//! stays responsive however large the files are, and a failure here leaves the page's corpus as it
//! was.
//!
//! Messages (arrays, so no JSON on either side):
//! - in: `[with_sample, name, bytes, name, bytes, …]`, the sample's pack first when `with_sample`;
//! - out: `["ready"]` once listening; `["progress", phase, done, total]`;
//!   `["done", pack bytes, report]` where each report row is `["added", file, documents]` or
//!   `[severity, origin, message]`; `["error", message]`.

use corpus::extract::{Extractor, Lexicon};
use corpus::index::Index;
use corpus::Corpus;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    // Only ever started as a worker; anywhere else there is nothing to listen to.
    let Some(scope) = js_sys::global().dyn_ref::<DedicatedWorkerGlobalScope>().cloned() else { return };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let reply = |msg: Array| {
            let _ = replies.post_message(&msg);
        };
        if let Err(message) = run(&Array::from(&e.data()), &reply) {
            reply(row(&["error".into(), message.into()]));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the module was ready were dropped: the page waits for this.
    let _ = scope.post_message(&row(&["ready".into()]));
}

fn severity(s: corpus::Severity) -> &'static str {
    match s {
        corpus::Severity::Warning => "warning",
        corpus::Severity::Error => "error",
    }
}

fn row(values: &[JsValue]) -> Array {
    values.iter().collect()
}

fn progress(reply: &dyn Fn(Array), phase: &str, done: usize, total: usize) {
    reply(row(&["progress".into(), phase.into(), (done as f64).into(), (total as f64).into()]));
}

fn run(job: &Array, reply: &dyn Fn(Array)) -> Result<(), String> {
    // With the sample, its pack comes first; its documents are not reported as added.
    let with_sample = job.get(0).as_bool().ok_or("malformed job")?;
    let n_files = (job.length().saturating_sub(1) / 2) as usize;
    let mut corpus = Corpus::new();
    let report = Array::new();
    for i in 0..n_files {
        if i == 0 && with_sample {
            corpus.add_file("sample", &Uint8Array::new(&job.get(2)).to_vec());
            continue;
        }
        let name = job.get(1 + 2 * i as u32).as_string().ok_or("malformed job")?;
        let bytes = Uint8Array::new(&job.get(2 + 2 * i as u32)).to_vec();
        progress(reply, "reading", i, n_files);
        let before = corpus.len();
        let diagnostics = corpus.add_file(&name, &bytes);
        report.push(&row(&["added".into(), name.as_str().into(), ((corpus.len() - before) as f64).into()]));
        for d in diagnostics {
            report.push(&row(&[severity(d.severity).into(), d.origin.as_str().into(), d.message.as_str().into()]));
        }
    }
    progress(reply, "indexing", 0, corpus.len());
    let index = Index::build(&corpus);
    let total = corpus.len();
    let step = (total / 100).max(1);
    let lexicon = Lexicon::builtin();
    let extraction = Extractor::new(&lexicon).extract_with_progress(&corpus, &mut |d| {
        if d % step == 0 {
            progress(reply, "extracting", d, total);
        }
    });
    progress(reply, "packing", total, total);
    let pack = corpus::pack::write(&corpus, &index, &extraction);
    let bytes = Uint8Array::from(pack.as_slice());
    reply(row(&["done".into(), bytes.into(), report.into()]));
    Ok(())
}
