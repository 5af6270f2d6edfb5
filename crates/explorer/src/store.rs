//! The person's files, kept in IndexedDB so a reload loses nothing: the files as added, whether the
//! sample is shown, and the pack built from them (a reload opens it without indexing again).
//!
//! One database `trawl`, one object store `corpus`, one record under the key `current`:
//! `{ files: [[name, bytes], …], withSample, pack }` (`pack` left out when the browser refuses that much).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "trawl";
const STORE: &str = "corpus";

/// The record's key: one for the sample build, one per collection (with a collection, the saved
/// pack holds the person's files alone; the collection is loaded from the site).
fn key() -> wasm_bindgen::JsValue {
    match crate::collection::configured() {
        Some(url) => format!("collection {url}").into(),
        None => "current".into(),
    }
}

pub struct Saved {
    pub files: Vec<(String, Vec<u8>)>,
    pub with_sample: bool,
    pub pack: Vec<u8>,
}

/// Resolves when `request` succeeds (with its result) or fails.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(|_| request.error().ok().flatten().map_or("failed".into(), |e| e.message()))
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = gloo::utils::window()
        .indexed_db()
        .ok()
        .flatten()
        .ok_or("this browser keeps no local storage here (private window?)")?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB, 1).map_err(|e| format!("{e:?}"))?;
    let upgrade = Closure::once_into_js({
        let request = request.clone();
        move || {
            if let Ok(db) = request.result().map(|r| r.unchecked_into::<IdbDatabase>()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Ok(finished(&request).await?.unchecked_into())
}

pub async fn load() -> Result<Option<Saved>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(|e| format!("{e:?}"))?;
    let store = tx.object_store(STORE).map_err(|e| format!("{e:?}"))?;
    let value = finished(&store.get(&key()).map_err(|e| format!("{e:?}"))?).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let get = |k: &str| Reflect::get(&value, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let files = Array::from(&get("files"))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, Uint8Array::new(&pair.get(1)).to_vec()))
        })
        .collect();
    let pack = get("pack");
    let pack = if pack.is_instance_of::<Uint8Array>() { Uint8Array::new(&pack).to_vec() } else { Vec::new() };
    Ok(Some(Saved { files, with_sample: get("withSample").as_bool().unwrap_or(true), pack }))
}

/// Resolves when `tx` commits, or fails when it aborts (a full disk or quota aborts the commit, after
/// every request in it succeeded).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = {
            let tx = tx.clone();
            Closure::once_into_js(move || {
                let why = tx.error().map_or_else(|| "the write was aborted".to_string(), |e| e.message());
                let _ = reject.call1(&JsValue::NULL, &why.into());
            })
        };
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onabort(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(|e| e.as_string().unwrap_or_else(|| "the write failed".into()))
}

/// Keeps the files and their pack; if the browser refuses that much, keeps the files alone (a reload
/// then indexes them again).
pub async fn save(files: &[(String, Vec<u8>)], with_sample: bool, pack: &[u8]) -> Result<(), String> {
    match put(files, with_sample, Some(pack)).await {
        Ok(()) => Ok(()),
        Err(_) => put(files, with_sample, None).await,
    }
}

async fn put(files: &[(String, Vec<u8>)], with_sample: bool, pack: Option<&[u8]>) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| format!("{e:?}"))?;
    let store = tx.object_store(STORE).map_err(|e| format!("{e:?}"))?;
    let record = Object::new();
    let list: Array = files
        .iter()
        .map(|(n, b)| -> JsValue {
            [JsValue::from(n.as_str()), Uint8Array::from(b.as_slice()).into()].iter().collect::<Array>().into()
        })
        .collect();
    let set = |k: &str, v: &JsValue| Reflect::set(&record, &k.into(), v).map(|_| ()).map_err(|e| format!("{e:?}"));
    set("files", &list)?;
    set("withSample", &with_sample.into())?;
    if let Some(pack) = pack {
        set("pack", &Uint8Array::from(pack).into())?;
    }
    store.put_with_key(&record, &key()).map_err(|e| format!("{e:?}"))?;
    committed(&tx).await
}

pub async fn clear() -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| format!("{e:?}"))?;
    let store = tx.object_store(STORE).map_err(|e| format!("{e:?}"))?;
    finished(&store.delete(&key()).map_err(|e| format!("{e:?}"))?).await?;
    Ok(())
}
