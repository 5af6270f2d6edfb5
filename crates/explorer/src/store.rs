//! The person's files, kept in IndexedDB so a reload loses nothing: one pack per upload (what the
//! worker made of that upload's files), appended in order on reload without indexing again, and a
//! list of the uploads with their files (names, sizes, hashes, for telling a file added again) and
//! whether the sample is shown. The files' own bytes are not kept.
//!
//! One database `trawl`, one object store `corpus`. Keys, with ` collection URL` after each on a
//! collection site (the collection itself is loaded from the site):
//! - `uploads`: `{ showBase, uploads: [{ id, files: [[original, path, size, hash, documents], …] }] }`;
//! - `upload ID`: that upload's pack, a `Blob`;
//! - `current` (or `collection URL`): an earlier version's record, `{ files: [[name, bytes], …],
//!   withSample, pack }`, whose files are indexed again once and then kept as above.
//!
//! Writes land in the order they were asked for ([`Turn`]): `save` and `clear` take their place in
//! line when called, in the same step as the page's state they write, and each makes its
//! transaction once the one before has made its own (IndexedDB commits a store's writes in the
//! order their transactions were made), so a removal is never overtaken by a save asked for before
//! it, nor waits for it to be written. One connection serves the page's life.

use crate::uploads::FileRecord;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "trawl";
const STORE: &str = "corpus";

/// What follows every key: nothing for the sample build, the collection's address on a collection
/// site (files added there are kept apart from those added to the sample).
fn scope() -> String {
    match crate::collection::configured() {
        Some(url) => format!(" collection {url}"),
        None => String::new(),
    }
}

fn list_key() -> JsValue {
    format!("uploads{}", scope()).into()
}

fn pack_key(id: u32) -> JsValue {
    format!("upload {id}{}", scope()).into()
}

/// The record an earlier version kept.
fn legacy_key() -> JsValue {
    match crate::collection::configured() {
        Some(url) => format!("collection {url}").into(),
        None => "current".into(),
    }
}

/// One upload as kept: its number (the key of its pack) and its files.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadMeta {
    pub id: u32,
    pub files: Vec<FileRecord>,
}

pub enum Saved {
    /// Uploads, in the order they were added.
    Uploads { show_base: bool, uploads: Vec<UploadMeta> },
    /// An earlier version's record: the files as they were added, to be indexed again.
    Legacy { show_base: bool, files: Vec<(String, Blob)> },
}

thread_local! {
    /// Settles once the last write asked for has made its transaction (or given up).
    static LAST_WRITE: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// The database, once open.
    static CONNECTION: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// A write's place in line, taken when the write is asked for. A write waits for the database
/// (opened once, and again if it closes), so without a line a save asked for before "Remove my
/// files" could make its transaction after the removal's and land after it: the removed files
/// would come back on the next visit.
struct Turn {
    /// The write before this one.
    before: Option<Promise>,
    /// Lets the next write go: called when this turn ends (dropped, once the write has made its
    /// transaction), whatever the write did.
    done: Option<Function>,
}

impl Turn {
    fn take() -> Turn {
        let mut done = None;
        let mine = Promise::new(&mut |resolve, _| done = Some(resolve));
        let before = LAST_WRITE.with(|last| last.replace(Some(mine)));
        Turn { before, done }
    }

    /// Resolves when every write asked for before this one has made its transaction.
    async fn wait(&self) {
        if let Some(before) = &self.before {
            let _ = JsFuture::from(before.clone()).await;
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(done) = &self.done {
            let _ = done.call0(&JsValue::NULL);
        }
    }
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

/// A transaction on the store, on the page's connection (opened when there is none, or again when
/// the one kept was closed, as when the person clears the site's data).
async fn transaction(mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), String> {
    let kept = CONNECTION.with(|c| c.borrow().clone());
    if let Some(made) = kept.and_then(|db| begin(&db, mode).ok()) {
        return Ok(made);
    }
    let db = open().await?;
    CONNECTION.with(|c| *c.borrow_mut() = Some(db.clone()));
    begin(&db, mode)
}

fn begin(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), String> {
    let tx = db.transaction_with_str_and_mode(STORE, mode).map_err(|e| format!("{e:?}"))?;
    let store = tx.object_store(STORE).map_err(|e| format!("{e:?}"))?;
    Ok((tx, store))
}

async fn get(store: &IdbObjectStore, key: &JsValue) -> Result<Option<JsValue>, String> {
    let value = finished(&store.get(key).map_err(|e| format!("{e:?}"))?).await?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn field(value: &JsValue, k: &str) -> JsValue {
    Reflect::get(value, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn rows(value: &JsValue) -> Vec<Array> {
    if Array::is_array(value) {
        Array::from(value).iter().map(|r| Array::from(&r)).collect()
    } else {
        Vec::new()
    }
}

/// What is kept for this site, if anything.
pub async fn load() -> Result<Option<Saved>, String> {
    let (_tx, store) = transaction(IdbTransactionMode::Readonly).await?;
    if let Some(value) = get(&store, &list_key()).await? {
        let list = field(&value, "uploads");
        let list = if Array::is_array(&list) { Array::from(&list).iter().collect() } else { Vec::new() };
        let uploads = list
            .into_iter()
            .map(|u| {
                let files = rows(&field(&u, "files"))
                    .into_iter()
                    .map(|f| FileRecord {
                        original: f.get(0).as_string().unwrap_or_default(),
                        path: f.get(1).as_string().unwrap_or_default(),
                        size: f.get(2).as_f64().unwrap_or(0.0) as u64,
                        hash: f.get(3).as_string().and_then(|h| u64::from_str_radix(&h, 16).ok()).unwrap_or(0),
                        documents: f.get(4).as_f64().unwrap_or(0.0) as usize,
                    })
                    .collect();
                UploadMeta { id: field(&u, "id").as_f64().unwrap_or(0.0) as u32, files }
            })
            .collect();
        let show_base = field(&value, "showBase").as_bool().unwrap_or(true);
        return Ok(Some(Saved::Uploads { show_base, uploads }));
    }
    let Some(value) = get(&store, &legacy_key()).await? else { return Ok(None) };
    let files = rows(&field(&value, "files"))
        .into_iter()
        .filter_map(|pair| {
            let bytes: Uint8Array = pair.get(1).dyn_into().ok()?;
            let blob = Blob::new_with_u8_array_sequence(&Array::of1(&bytes)).ok()?;
            Some((pair.get(0).as_string()?, blob))
        })
        .collect();
    Ok(Some(Saved::Legacy { show_base: field(&value, "withSample").as_bool().unwrap_or(true), files }))
}

/// The pack of upload `id`.
pub async fn load_pack(id: u32) -> Result<Blob, String> {
    let (_tx, store) = transaction(IdbTransactionMode::Readonly).await?;
    let value = get(&store, &pack_key(id)).await?.ok_or("its pack is missing")?;
    value.dyn_into::<Blob>().map_err(|_| "its pack is not a pack".to_string())
}

/// The packs of uploads `ids`, in order: each from `held`, or else IndexedDB.
pub async fn packs(ids: &[u32], held: &[(u32, Blob)]) -> Result<Vec<(u32, Blob)>, String> {
    let mut packs = Vec::new();
    for &id in ids {
        let blob = match held.iter().find(|(h, _)| *h == id) {
            Some((_, blob)) => blob.clone(),
            None => load_pack(id).await?,
        };
        packs.push((id, blob));
    }
    Ok(packs)
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

fn list_record(uploads: &[UploadMeta], show_base: bool) -> Result<JsValue, String> {
    let record = Object::new();
    let list: Array = uploads
        .iter()
        .map(|u| -> JsValue {
            let files: Array = u
                .files
                .iter()
                .map(|f| -> JsValue {
                    [
                        JsValue::from(f.original.as_str()),
                        f.path.as_str().into(),
                        (f.size as f64).into(),
                        format!("{:016x}", f.hash).into(),
                        (f.documents as f64).into(),
                    ]
                    .iter()
                    .collect::<Array>()
                    .into()
                })
                .collect();
            let o = Object::new();
            let _ = Reflect::set(&o, &"id".into(), &u.id.into());
            let _ = Reflect::set(&o, &"files".into(), &files);
            o.into()
        })
        .collect();
    let set = |k: &str, v: &JsValue| Reflect::set(&record, &k.into(), v).map(|_| ()).map_err(|e| format!("{e:?}"));
    set("uploads", &list)?;
    set("showBase", &show_base.into())?;
    Ok(record.into())
}

/// What to write: the list of uploads and whether the base is shown, with the pack of a new upload,
/// the packs of uploads to forget, and whether an earlier version's record goes (once its files are
/// kept as uploads).
pub struct Write<'a> {
    pub uploads: &'a [UploadMeta],
    pub show_base: bool,
    pub pack: Option<(u32, &'a Blob)>,
    pub forget: &'a [u32],
    pub drop_legacy: bool,
}

/// Writes `w` in one transaction: all of it is kept, or none. Its turn is taken now (the future
/// may be awaited later).
pub fn save(w: Write<'_>) -> impl Future<Output = Result<(), String>> + 'static {
    let turn = Turn::take();
    let list = list_record(w.uploads, w.show_base);
    let pack = w.pack.map(|(id, blob)| (id, blob.clone()));
    let (forget, drop_legacy) = (w.forget.to_vec(), w.drop_legacy);
    async move {
        turn.wait().await;
        let list = list?;
        let (tx, store) = transaction(IdbTransactionMode::Readwrite).await?;
        if let Some((id, pack)) = &pack {
            store.put_with_key(pack, &pack_key(*id)).map_err(|e| format!("{e:?}"))?;
        }
        store.put_with_key(&list, &list_key()).map_err(|e| format!("{e:?}"))?;
        for &id in &forget {
            store.delete(&pack_key(id)).map_err(|e| format!("{e:?}"))?;
        }
        if drop_legacy {
            store.delete(&legacy_key()).map_err(|e| format!("{e:?}"))?;
        }
        // Made: the next write may make its own, which lands after this one.
        drop(turn);
        committed(&tx).await
    }
}

/// What `clear` did: the packs set aside for Undo, and whether they are gone from IndexedDB.
pub type Cleared = (Result<Vec<(u32, Blob)>, String>, Result<(), String>);

/// Forgets the uploads `ids` and the list (and any earlier version's record), once the writes asked
/// for before are done. Its turn is taken now. Resolves to their packs as they were (each from
/// `held`, or read before it goes), for Undo, and whether they are gone from IndexedDB.
pub fn clear(ids: Vec<u32>, held: Vec<(u32, Blob)>) -> impl Future<Output = Cleared> + 'static {
    let turn = Turn::take();
    async move {
        turn.wait().await;
        // The packs not held are read by a transaction made before the deletion's, so they are read
        // as they were (a pack read stays readable after its record is deleted).
        let reading = match transaction(IdbTransactionMode::Readonly).await {
            Ok((_tx, store)) => ids
                .iter()
                .filter(|id| !held.iter().any(|(h, _)| h == *id))
                .map(|&id| store.get(&pack_key(id)).map(|r| (id, r)).map_err(|e| format!("{e:?}")))
                .collect::<Result<Vec<_>, String>>(),
            Err(e) => Err(e),
        };
        let deleting = async {
            let (tx, store) = transaction(IdbTransactionMode::Readwrite).await?;
            for key in ids.iter().map(|&id| pack_key(id)).chain([list_key(), legacy_key()]) {
                store.delete(&key).map_err(|e| format!("{e:?}"))?;
            }
            Ok::<_, String>(tx)
        }
        .await;
        drop(turn);
        let mut read = Vec::new();
        if let Ok(requests) = &reading {
            for (id, request) in requests {
                read.push(finished(request).await.and_then(|v| {
                    v.dyn_into::<Blob>().map(|b| (*id, b)).map_err(|_| "a pack is missing or not a pack".to_string())
                }));
            }
        }
        let kept = reading.and_then(|_| {
            let read = read.into_iter().collect::<Result<Vec<_>, String>>()?;
            Ok(ids
                .iter()
                .filter_map(|id| held.iter().chain(&read).find(|(h, _)| h == id).map(|(_, b)| (*id, b.clone())))
                .collect())
        });
        let deleted = match deleting {
            Ok(tx) => committed(&tx).await,
            Err(e) => Err(e),
        };
        (kept, deleted)
    }
}
