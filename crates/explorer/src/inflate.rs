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
    body(response_of(fetch).await?, gzip).await
}

/// The response a fetch already started (`fetch` is its promise) resolves to.
pub async fn response_of(fetch: js_sys::Promise) -> Result<web_sys::Response, String> {
    let response = JsFuture::from(fetch).await.map_err(js)?;
    response.dyn_into().map_err(|_| "no response".to_string())
}

/// A response's body, inflated from gzip by the browser when `gzip`; an error unless it is a success.
pub async fn body(response: web_sys::Response, gzip: bool) -> Result<Vec<u8>, String> {
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

/// A gzip member (RFC 1952) inflated here, in this module's memory, refusing more than `cap` bytes: no
/// stream and no decoder object on the JS side, which a worker fetching many small files would leave
/// behind for its collectors (the search worker's files). Checks the header, the CRC-32 and the length.
pub fn gunzip(bytes: &[u8], cap: usize) -> Result<Vec<u8>, String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let damaged = |what: &str| format!("not gzip, or damaged ({what})");
    if bytes.len() < 18 || bytes[..3] != [0x1f, 0x8b, 8] {
        return Err(damaged("no gzip header"));
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let n = bytes.get(at..at + 2).ok_or_else(|| damaged("cut short"))?;
        at += 2 + u16::from_le_bytes([n[0], n[1]]) as usize;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at +=
                1 + bytes.get(at..).and_then(|r| r.iter().position(|&b| b == 0)).ok_or_else(|| damaged("cut short"))?;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    let (body, trailer) = match bytes.len().checked_sub(8) {
        Some(end) if at <= end => (&bytes[at..end], &bytes[end..]),
        _ => return Err(damaged("cut short")),
    };
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, cap).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!("inflates to more than {} MB; skipped", cap >> 20),
        _ => damaged("its deflate stream"),
    })?;
    let word = |i: usize| u32::from_le_bytes([trailer[i], trailer[i + 1], trailer[i + 2], trailer[i + 3]]);
    if word(0) != crc32(&out) || word(4) != out.len() as u32 {
        return Err(damaged("its checksum"));
    }
    Ok(out)
}

/// CRC-32 (IEEE, as gzip's trailer holds it).
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::gunzip;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflates_what_gzip_writes_and_refuses_damage() {
        let text: Vec<u8> = (0..50_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        assert_eq!(gunzip(&gz(&text), 1 << 20).unwrap(), text);
        assert_eq!(gunzip(&gz(b""), 1 << 20).unwrap(), b"");
        // A name in the header (as `gzip FILE` writes).
        let mut named = flate2::GzBuilder::new().filename("c/12").write(Vec::new(), flate2::Compression::fast());
        named.write_all(b"postings").unwrap();
        assert_eq!(gunzip(&named.finish().unwrap(), 1 << 20).unwrap(), b"postings");
        // A byte changed in the body, in the checksum; cut short; not gzip; too large.
        let good = gz(&text);
        let mut bad = good.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0x55;
        assert!(gunzip(&bad, 1 << 20).is_err());
        let mut bad = good.clone();
        let n = bad.len();
        bad[n - 6] ^= 1;
        assert!(gunzip(&bad, 1 << 20).unwrap_err().contains("checksum"));
        assert!(gunzip(&good[..good.len() - 3], 1 << 20).is_err());
        assert!(gunzip(b"TRAWLPT\x03 not gzip at all", 1 << 20).is_err());
        assert!(gunzip(&good, 1000).unwrap_err().contains("more than"));
    }
}
