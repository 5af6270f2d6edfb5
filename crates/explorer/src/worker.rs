//! The indexing worker: reads the files of one upload, indexes them, runs extraction and hands the
//! page a pack of those documents alone (`corpus::pack`), which the page appends to what it has, so
//! adding a file costs the same however much is loaded. It reports progress on the way. The page
//! stays responsive however large the files are, and a failure here leaves the page's corpus as it
//! was. Messages are defined in `explorer::protocol`.

use corpus::extract::{Extractor, Lexicon};
use corpus::index::Index;
use corpus::{Corpus, Diagnostic};
use explorer::protocol::{self, FileIn, FileOut, FromWorker, Phase, ToWorker};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    // Only ever started as a worker; anywhere else there is nothing to listen to.
    let Some(scope) = js_sys::global().dyn_ref::<DedicatedWorkerGlobalScope>().cloned() else { return };
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let replies = replies.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let reply = |r: FromWorker, blobs: &[Blob]| {
                let _ = replies.post_message(&protocol::encode(&r, blobs));
            };
            let outcome = match protocol::decode::<ToWorker>(&e.data()) {
                Ok((ToWorker::Job { files }, blobs)) => run(files, &blobs, &reply).await,
                Err(e) => Err(e.to_string()),
            };
            if let Err(message) = outcome {
                reply(FromWorker::Failed { message }, &[]);
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the module was ready were dropped: the page waits for this.
    let _ = scope.post_message(&protocol::encode(&FromWorker::Ready, &[]));
}

/// Sends a reply with the blobs it refers to.
type Reply<'a> = &'a dyn Fn(FromWorker, &[Blob]);

fn progress(reply: Reply, phase: Phase, done: usize, total: usize) {
    reply(FromWorker::Progress { phase, done: done as u32, total: total as u32 }, &[]);
}

/// A file's bytes: inflated when its name ends in `.gz` (under the size cap), else as they are.
async fn bytes_of(file: &FileIn, blob: &Blob) -> Result<Vec<u8>, String> {
    let cap = corpus::ingest::MAX_FILE_BYTES;
    if file.original.ends_with(".gz") {
        return explorer::inflate::inflate(blob.stream(), cap).await;
    }
    if blob.size() > cap as f64 {
        return Err(format!("file is over the {} MB limit; skipped", cap >> 20));
    }
    explorer::inflate::read_blob(blob).await
}

async fn run(files: Vec<FileIn>, blobs: &[Blob], reply: Reply<'_>) -> Result<(), String> {
    let n_files = files.len();
    let mut corpus = Corpus::new();
    let mut out: Vec<FileOut> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        progress(reply, Phase::Reading, i, n_files);
        let blob = protocol::blob(blobs, file.file).map_err(|e| e.to_string())?;
        let size = blob.size() as u64;
        let bytes = match bytes_of(file, blob).await {
            Ok(b) => b,
            Err(e) => {
                problems.push(Diagnostic::error(&file.original, format!("could not be read: {e}")));
                continue;
            }
        };
        let hash = protocol::content_hash(&bytes);
        // Added before, in an earlier upload or earlier in this one.
        let again = file.known.contains(&hash)
            || out.iter().any(|o| !o.again && o.original == file.original && o.size == size && o.hash == hash);
        let mut documents = 0;
        if !again {
            // A gzip-compressed file (`.jsonl.gz`, `.trawl.gz`) is read as the file inside.
            let name = file.name.strip_suffix(".gz").unwrap_or(&file.name);
            let before = corpus.len();
            problems.extend(corpus.add_file(name, &bytes));
            documents = corpus.len() - before;
        }
        drop(bytes);
        out.push(FileOut { original: file.original.clone(), name: file.name.clone(), size, hash, documents, again });
    }
    drop(files);
    let total = corpus.len();
    let pack = if total == 0 {
        None
    } else {
        progress(reply, Phase::Indexing, 0, total);
        let index = Index::build(&corpus);
        let step = (total / 100).max(1);
        let lexicon = Lexicon::builtin();
        let mut extraction = Extractor::new(&lexicon).extract_with_progress(&corpus, &mut |d| {
            if d % step == 0 {
                progress(reply, Phase::Extracting, d, total);
            }
        });
        // Packs keep neither; their memory goes to the pack's pieces.
        extraction.quantities = Vec::new();
        extraction.dates = Vec::new();
        progress(reply, Phase::Packing, total, total);
        Some(pack_blob(&corpus, &index, &extraction)?)
    };
    let wasm_memory = explorer::wasm_memory_bytes() as u64;
    let done =
        FromWorker::Done { pack: pack.as_ref().map(|_| 0), files: out, problems, documents: total as u32, wasm_memory };
    reply(done, pack.as_slice());
    Ok(())
}

/// The pack as a `Blob`, written a piece at a time: each piece is copied from this module's memory
/// straight into a blob of its own (no JS array in between, nothing for the garbage collector), and
/// the blob of the pack is made of those. The whole pack is never in the worker's memory.
fn pack_blob(corpus: &Corpus, index: &Index, extraction: &corpus::extract::Extraction) -> Result<Blob, String> {
    let parts = Array::new();
    let mut failed = None;
    corpus::pack::write_with(corpus, index, extraction, &mut |piece| {
        // SAFETY: the view is read by the Blob constructor at once, before anything else runs here
        // (no allocation can move this module's memory in between).
        let view = unsafe { Uint8Array::view(piece) };
        match Blob::new_with_u8_array_sequence(&Array::of1(&view)) {
            Ok(blob) => {
                parts.push(&blob);
            }
            Err(e) => failed = Some(e),
        }
    });
    if let Some(e) = failed {
        return Err(explorer::inflate::js(e));
    }
    Blob::new_with_blob_sequence(&parts).map_err(explorer::inflate::js)
}
