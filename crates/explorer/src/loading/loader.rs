//! What is loaded and how it is put together: the base (the sample, or what has loaded of the
//! collection), the person's documents (every upload appended in order) and the corpus the views are
//! shown, the base first when it is shown. Every part is appended with `engine::append`, the one
//! way corpora are combined on the page. Also [`Shared`], the loader as the hook's callbacks hold it.

use super::{Keeping, Progress};
use crate::collection;
use crate::engine::{self, Engine};
use crate::indexer::Indexer;
use crate::pick::Picks;
use crate::store::{self, UploadMeta};
use crate::uploads::{FileRecord, LoadReport};
use corpus::pack::Loaded;
use corpus::Diagnostic;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use yew::prelude::*;

/// An upload waiting for the worker.
pub(super) struct Pending {
    pub(super) picks: Picks,
    /// Files an earlier version kept: their record goes once they are kept as an upload.
    pub(super) legacy: bool,
}

pub(super) struct Loader {
    /// The sample, or what has loaded of the collection.
    pub(super) base: Option<Rc<Engine>>,
    /// The person's documents alone, every upload appended in order; `None` when there are none, or
    /// when they are folded into `shown` (see [`Loader::compose`]).
    pub(super) user: Option<Rc<Engine>>,
    /// The person's documents are in `shown` only, behind the sample: hiding the sample reads their
    /// packs again instead of keeping a second copy of their index and extraction.
    pub(super) folded: bool,
    /// Packs of uploads not (yet) kept in IndexedDB, for reading them again.
    pub(super) held: Vec<(u32, web_sys::Blob)>,
    pub(super) show_base: bool,
    pub(super) shown: Rc<Engine>,
    pub(super) generation: u32,
    pub(super) collection: bool,
    /// The collection is partitioned (see `partitioned`): nothing is loaded here.
    pub(super) partitioned: bool,
    /// Uploads kept, in order, with their files.
    pub(super) uploads: Vec<UploadMeta>,
    pub(super) next_id: u32,
    pub(super) queue: VecDeque<Pending>,
    pub(super) indexer: Option<Indexer>,
    /// An upload's (or the kept files') result is being read and appended.
    pub(super) busy: bool,
    /// Bumped when the person removes their files: results of earlier work are dropped.
    pub(super) epoch: u32,
    pub(super) progress: Option<Progress>,
    pub(super) report: Rc<LoadReport>,
    pub(super) keeping: Keeping,
    pub(super) collection_status: Option<collection::Status>,
    pub(super) collection_problems: Rc<Vec<Diagnostic>>,
    /// The uploads "Remove my files" removed, until the next upload: gone from the page and
    /// IndexedDB, their packs set aside here so Undo can put them back (`Shared::undo`).
    pub(super) removed: Option<Removed>,
}

/// Uploads removed, whether the base was shown with them, and their packs once set aside (`ready`).
pub(super) struct Removed {
    pub(super) uploads: Vec<UploadMeta>,
    pub(super) show_base: bool,
    pub(super) packs: Vec<(u32, web_sys::Blob)>,
    pub(super) ready: bool,
}

/// A number for each corpus the views are given, never the same twice.
fn next_gen() -> u32 {
    thread_local!(static GEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    GEN.with(|g| {
        g.set(g.get() + 1);
        g.get()
    })
}

impl Loader {
    pub(super) fn new() -> Loader {
        let configured = collection::configured();
        let collection = configured.is_some();
        let partitioned = configured.as_deref().is_some_and(collection::is_partitioned);
        let base = (!collection).then(|| Rc::new(Engine::sample()));
        let shown = base.clone().unwrap_or_else(|| Rc::new(Engine::from(Loaded::default())));
        Loader {
            base,
            user: None,
            folded: false,
            held: Vec::new(),
            show_base: true,
            shown,
            generation: next_gen(),
            collection,
            partitioned,
            uploads: Vec::new(),
            next_id: 1,
            queue: VecDeque::new(),
            indexer: None,
            busy: false,
            epoch: 0,
            progress: None,
            report: Rc::default(),
            keeping: Keeping::Nothing,
            collection_status: None,
            collection_problems: Rc::default(),
            removed: None,
        }
    }

    pub(super) fn records(&self) -> Vec<FileRecord> {
        self.uploads.iter().flat_map(|u| u.files.iter().cloned()).collect()
    }

    /// Puts together what the views read from the base and the person's documents; returns the ids
    /// of theirs that clash with the base's (renamed with a suffix, as any clash). Behind the sample,
    /// the person's documents are appended to a copy of the sample (a few documents) and kept only
    /// there ("folded"); behind a collection, which grows shard by shard, they are kept apart too.
    pub(super) fn compose(&mut self) -> Vec<Diagnostic> {
        let mut notes = Vec::new();
        let shown = match (&self.base, self.user.take()) {
            (Some(b), Some(u)) if self.show_base => {
                let mut all = Rc::clone(b);
                let part = match Rc::try_unwrap(u) {
                    Ok(u) if !self.collection => {
                        self.folded = true;
                        u.0
                    }
                    Ok(u) => {
                        let part = u.0.clone();
                        self.user = Some(Rc::new(u));
                        part
                    }
                    Err(u) => {
                        let part = u.0.clone();
                        self.user = Some(u);
                        part
                    }
                };
                notes = engine::append(&mut all, part);
                all
            }
            (_, Some(u)) => {
                self.user = Some(Rc::clone(&u));
                u
            }
            // Already in `shown`.
            (_, None) if self.folded => return notes,
            (Some(b), None) => Rc::clone(b),
            (None, None) => Rc::new(Engine::from(Loaded::default())),
        };
        self.shown = shown;
        self.generation = next_gen();
        notes
    }

    /// Appends an upload's pack after the person's documents, where they are (folded behind the
    /// sample, or apart), and shows the result.
    pub(super) fn append_upload(&mut self, part: Loaded) -> Vec<Diagnostic> {
        if self.folded {
            let notes = engine::append(&mut self.shown, part);
            self.generation = next_gen();
            return notes;
        }
        let mut notes = engine::append_to(&mut self.user, part);
        notes.extend(self.compose());
        notes
    }
}

/// The loader and a way to render the component that holds it.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) loader: Rc<RefCell<Loader>>,
    pub(super) redraw: UseForceUpdateHandle,
}

impl Shared {
    pub(super) fn with<T>(&self, f: impl FnOnce(&mut Loader) -> T) -> T {
        let out = f(&mut self.loader.borrow_mut());
        self.redraw.force_update();
        out
    }

    /// Removes the person's files: what is under way is dropped, the kept packs are deleted once set
    /// aside for Undo (a pack read from IndexedDB stays readable after its record is deleted).
    pub(super) fn clear(&self) {
        let (epoch, ids, held) = self.with(|l| {
            l.epoch += 1;
            l.indexer = None;
            l.queue.clear();
            l.busy = false;
            l.progress = None;
            l.user = None;
            l.folded = false;
            let held = std::mem::take(&mut l.held);
            let show_base = std::mem::replace(&mut l.show_base, true);
            l.compose();
            l.report = Rc::default();
            l.keeping = Keeping::Nothing;
            let uploads = std::mem::take(&mut l.uploads);
            let ids: Vec<u32> = uploads.iter().map(|u| u.id).collect();
            l.removed = (!uploads.is_empty()).then(|| Removed { uploads, show_base, packs: Vec::new(), ready: false });
            (l.epoch, ids, held)
        });
        // In line now: a save asked for before lands first, and is deleted.
        let clearing = store::clear(ids, held);
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            let (packs, deleted) = clearing.await;
            shared.with(|l| {
                if l.epoch != epoch {
                    return;
                }
                if let Err(e) = deleted {
                    let problem = Diagnostic::error(
                        "your files",
                        format!("were removed from this page, not from this browser's storage ({e}): they may come back on the next visit"),
                    );
                    l.report = Rc::new(LoadReport { problems: vec![problem], ..LoadReport::default() });
                }
                match (l.removed.as_mut(), packs) {
                    (Some(r), Ok(packs)) => {
                        r.packs = packs;
                        r.ready = true;
                    }
                    // A pack that cannot be read: Undo could not put everything back.
                    _ => l.removed = None,
                }
            });
        });
    }

    pub(super) fn collection_step(&self, step: collection::Step) {
        self.with(|l| match step {
            collection::Step::Progress(s) => l.collection_status = Some(s),
            collection::Step::Loaded(e, s) => {
                l.base = Some(e);
                let clashes = l.compose();
                l.collection_status = (!s.finished).then_some(s);
                if !clashes.is_empty() && l.collection_status.is_none() {
                    Rc::make_mut(&mut l.collection_problems).extend(clashes);
                }
            }
            collection::Step::Problem(d) => Rc::make_mut(&mut l.collection_problems).push(d),
        });
    }
}
