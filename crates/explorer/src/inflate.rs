//! Reading a browser stream or `Blob` into memory: a fetch's body, gzip inflated by the browser's
//! `DecompressionStream` under a size cap, and a `Blob` read a piece at a time. Used by the page
//! (collection shards, packs), the indexing worker (the files it reads) and the search worker (a
//! partitioned collection's files).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's gzip decoder (not in web-sys's stable API yet).
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(js_name = ReadableStream)]
    type Stream;
    #[wasm_bindgen(method, js_name = pipeThrough)]
    fn pipe_through(this: &Stream, transform: &DecompressionStream) -> web_sys::ReadableStream;
}

pub fn js(e: wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "request failed".into())
}

/// A stream of gzip inflated by the browser, read to the end, refusing more than `cap` bytes (a
/// small file may inflate to gigabytes).
pub async fn inflate(stream: web_sys::ReadableStream, cap: usize) -> Result<Vec<u8>, String> {
    let stream: Stream = stream.unchecked_into();
    let inflated = stream.pipe_through(&DecompressionStream::new("gzip").map_err(js)?);
    let reader: web_sys::ReadableStreamDefaultReader = inflated.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| format!("not gzip, or damaged ({})", js(e)))?;
        let get = |key: &str| js_sys::Reflect::get(&chunk, &key.into()).unwrap_or_default();
        if get("done").as_bool() == Some(true) {
            return Ok(out);
        }
        let bytes = js_sys::Uint8Array::new(&get("value"));
        if out.len() + bytes.length() as usize > cap {
            let _ = reader.cancel();
            return Err(format!("inflates to more than {} MB; skipped", cap >> 20));
        }
        let at = out.len();
        out.resize(at + bytes.length() as usize, 0);
        bytes.copy_to(&mut out[at..]);
    }
}

/// The body of a fetch already started (`fetch` is its promise), inflated from gzip when `gzip`.
pub async fn body_of(fetch: js_sys::Promise, gzip: bool) -> Result<Vec<u8>, String> {
    let response = JsFuture::from(fetch).await.map_err(js)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()));
    }
    if let (true, Some(body)) = (gzip, response.body()) {
        return inflate(body, corpus::ingest::MAX_FILE_BYTES).await;
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(js)?).await.map_err(js)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Pieces a `Blob` is read in: the browser holds one at a time outside the wasm memory.
const PIECE: f64 = (8 << 20) as f64;

/// Hands the bytes of a `Blob` to `each` a piece at a time (the piece is copied into this module's
/// memory, one at a time): a pack is read this way without its whole being in memory.
pub async fn for_each_piece(
    blob: &web_sys::Blob,
    each: &mut dyn FnMut(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let size = blob.size();
    let mut buf = Vec::new();
    let mut at = 0.0;
    while at < size {
        let end = (at + PIECE).min(size);
        let piece = blob.slice_with_f64_and_f64(at, end).map_err(js)?;
        let buffer = JsFuture::from(piece.array_buffer()).await.map_err(js)?;
        let bytes = js_sys::Uint8Array::new(&buffer);
        buf.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut buf);
        each(&buf)?;
        at = end;
    }
    Ok(())
}

/// The bytes of a `Blob` (a file the worker reads), in one buffer of the blob's size, so that no
/// copy of the whole is made on the JS side.
pub async fn read_blob(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(blob.size() as usize);
    for_each_piece(blob, &mut |piece| {
        out.extend_from_slice(piece);
        Ok(())
    })
    .await?;
    Ok(out)
}
