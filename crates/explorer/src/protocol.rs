//! The messages between the page and its indexing worker (`src/worker.rs`), each written and read
//! here, so the two sides cannot disagree. Messages are plain objects with a `kind`; files and packs
//! travel as `Blob`s (a `File` is one), handles the browser passes without copying their bytes.
//!
//! - page → worker: `{kind: "job", files: [{original, name, known: [hash…], file}]}`;
//! - worker → page: `{kind: "ready"}` once listening; `{kind: "progress", phase, done, total}`;
//!   `{kind: "done", pack, files: [{original, name, size, hash, documents, again}], problems:
//!   [[severity, origin, message]], documents, wasmMemory}`; `{kind: "error", message}`.
//!
//! Hashes are hexadecimal strings (a JS number holds 53 bits).

use corpus::{Diagnostic, Severity};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// One file of a job.
#[derive(Debug, Clone)]
pub struct FileIn {
    /// Its path as picked or dropped.
    pub original: String,
    /// The name to read it under if it is new (see `uploads::place`).
    pub name: String,
    /// Hashes of files added before with the same path and size.
    pub known: Vec<u64>,
    pub file: Blob,
}

/// What the worker did with one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOut {
    pub original: String,
    pub name: String,
    pub size: u64,
    pub hash: u64,
    pub documents: usize,
    /// Added before (same path, size and bytes): not read again.
    pub again: bool,
}

#[derive(Debug, Clone)]
pub enum Reply {
    Ready,
    Progress {
        phase: String,
        done: u32,
        total: u32,
    },
    Done {
        /// The pack of the documents read (`None` when no file gave any).
        pack: Option<Blob>,
        files: Vec<FileOut>,
        problems: Vec<Diagnostic>,
        /// Documents indexed: those of this job's files alone.
        documents: u32,
        /// The worker's wasm memory at the end, which is its peak (wasm memory never shrinks).
        wasm_memory: f64,
    },
    Failed(String),
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn number(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(0.0)
}

fn hash_text(h: u64) -> JsValue {
    format!("{h:016x}").into()
}

fn hash_of(v: &JsValue) -> u64 {
    v.as_string().and_then(|s| u64::from_str_radix(&s, 16).ok()).unwrap_or(0)
}

fn list(v: &JsValue) -> Vec<JsValue> {
    if Array::is_array(v) {
        Array::from(v).iter().collect()
    } else {
        Vec::new()
    }
}

/// The job message for `files`.
pub fn job(files: &[FileIn]) -> JsValue {
    let list: Array = files
        .iter()
        .map(|f| {
            let known: Array = f.known.iter().map(|&h| hash_text(h)).collect();
            object(&[
                ("original", f.original.as_str().into()),
                ("name", f.name.as_str().into()),
                ("known", known.into()),
                ("file", f.file.clone().into()),
            ])
        })
        .collect();
    object(&[("kind", "job".into()), ("files", list.into())])
}

/// The files of a job message, or why it is not one.
pub fn read_job(msg: &JsValue) -> Result<Vec<FileIn>, String> {
    if string(msg, "kind") != "job" {
        return Err("not a job".into());
    }
    list(&get(msg, "files"))
        .into_iter()
        .map(|f| {
            Ok(FileIn {
                original: string(&f, "original"),
                name: string(&f, "name"),
                known: list(&get(&f, "known")).iter().map(hash_of).collect(),
                file: get(&f, "file").dyn_into::<Blob>().map_err(|_| "a file of the job is not a file".to_string())?,
            })
        })
        .collect()
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

impl Reply {
    pub fn to_js(&self) -> JsValue {
        match self {
            Reply::Ready => object(&[("kind", "ready".into())]),
            Reply::Progress { phase, done, total } => object(&[
                ("kind", "progress".into()),
                ("phase", phase.as_str().into()),
                ("done", (*done).into()),
                ("total", (*total).into()),
            ]),
            Reply::Done { pack, files, problems, documents, wasm_memory } => {
                let files: Array = files
                    .iter()
                    .map(|f| {
                        object(&[
                            ("original", f.original.as_str().into()),
                            ("name", f.name.as_str().into()),
                            ("size", (f.size as f64).into()),
                            ("hash", hash_text(f.hash)),
                            ("documents", (f.documents as f64).into()),
                            ("again", f.again.into()),
                        ])
                    })
                    .collect();
                let problems: Array = problems
                    .iter()
                    .map(|d| -> JsValue {
                        [severity(d.severity).into(), JsValue::from(d.origin.as_str()), d.message.as_str().into()]
                            .iter()
                            .collect::<Array>()
                            .into()
                    })
                    .collect();
                object(&[
                    ("kind", "done".into()),
                    ("pack", pack.clone().map_or(JsValue::NULL, JsValue::from)),
                    ("files", files.into()),
                    ("problems", problems.into()),
                    ("documents", (*documents).into()),
                    ("wasmMemory", (*wasm_memory).into()),
                ])
            }
            Reply::Failed(message) => object(&[("kind", "error".into()), ("message", message.as_str().into())]),
        }
    }

    /// The reply a worker message holds (`None` for anything else).
    pub fn from_js(msg: &JsValue) -> Option<Reply> {
        let reply = match string(msg, "kind").as_str() {
            "ready" => Reply::Ready,
            "progress" => Reply::Progress {
                phase: string(msg, "phase"),
                done: number(msg, "done") as u32,
                total: number(msg, "total") as u32,
            },
            "done" => Reply::Done {
                pack: get(msg, "pack").dyn_into::<Blob>().ok(),
                files: list(&get(msg, "files"))
                    .iter()
                    .map(|f| FileOut {
                        original: string(f, "original"),
                        name: string(f, "name"),
                        size: number(f, "size") as u64,
                        hash: hash_of(&get(f, "hash")),
                        documents: number(f, "documents") as usize,
                        again: get(f, "again").as_bool().unwrap_or(false),
                    })
                    .collect(),
                problems: list(&get(msg, "problems"))
                    .iter()
                    .map(|row| {
                        let row = Array::from(row);
                        let (origin, message) =
                            (row.get(1).as_string().unwrap_or_default(), row.get(2).as_string().unwrap_or_default());
                        match row.get(0).as_string().as_deref() {
                            Some("error") => Diagnostic::error(origin, message),
                            _ => Diagnostic::warning(origin, message),
                        }
                    })
                    .collect(),
                documents: number(msg, "documents") as u32,
                wasm_memory: number(msg, "wasmMemory"),
            },
            "error" => Reply::Failed(string(msg, "message")),
            _ => return None,
        };
        Some(reply)
    }
}

/// A hash of a file's bytes, to tell a file added again from another of the same path and size
/// (not for anything an attacker chooses: a person adding their own files).
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x2545_F491_4F6C_DD1D;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let v = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h ^ v).wrapping_mul(K).rotate_left(31);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    // The finaliser of MurmurHash3: every input bit reaches every output bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_tell_contents_apart() {
        let a = content_hash(b"Police in Tabriz seized opium.");
        assert_eq!(a, content_hash(b"Police in Tabriz seized opium."));
        assert_ne!(a, content_hash(b"Police in Tabriz seized opium!"));
        // Trailing zero bytes and length matter.
        assert_ne!(content_hash(b"abc"), content_hash(b"abc\0"));
        assert_ne!(content_hash(b""), content_hash(b"\0\0\0\0\0\0\0\0"));
    }
}
