//! The corpus every view reads, and how it is loaded ([`use_corpus`]): a base (the embedded sample,
//! or a collection loading shard by shard) with the person's uploads appended to it. Each upload is
//! indexed by a worker of its own (only that upload's files), and its pack is appended here to what the
//! person added before, as collection shards are appended; the base is put in front when shown, so
//! hiding or showing it indexes nothing. Uploads wait their turn; a failed or stopped worker leaves
//! the corpus as it was. Each upload's pack is kept in IndexedDB (`store`) and appended again on reload.

use crate::collection;
use crate::engine::Engine;
use crate::indexer::{Indexer, Reply};
use crate::numbers;
use crate::pick::Picks;
use crate::protocol::{self, FileIn, FileOut, FromWorker};
use crate::store::{self, Saved, UploadMeta};
use crate::uploads::{place, FileRecord, LoadReport};
use corpus::pack::Loaded;
use corpus::Diagnostic;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use web_sys::Blob;
use yew::prelude::*;

/// What the views and the header are given.
#[derive(Clone, PartialEq)]
pub struct CorpusView {
    pub engine: Rc<Engine>,
    /// A number bumped whenever `engine` is replaced (results are cached per corpus).
    pub generation: u32,
    /// A collection site (its base is the collection, not the sample).
    pub collection: bool,
    /// The person's files that gave documents.
    pub files: usize,
    /// Whether the base (sample or collection) is shown with the person's files.
    pub show_base: bool,
    pub progress: Option<Progress>,
    /// The last upload's report.
    pub report: Rc<LoadReport>,
    pub keeping: Keeping,
    pub collection_status: Option<collection::Status>,
    pub collection_problems: Rc<Vec<Diagnostic>>,
    pub add: Callback<Picks>,
    pub toggle_base: Callback<()>,
    pub clear: Callback<()>,
}

/// What the indexing worker (or the page, opening kept files) is doing.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

impl Progress {
    pub fn label(&self) -> String {
        let (done, total) = (numbers::count(self.done), numbers::count(self.total));
        match self.phase.as_str() {
            "reading" => format!("Reading files: {done} of {total}…"),
            "indexing" => format!("Indexing {}…", numbers::counted(self.total, "document")),
            "extracting" => format!("Finding people, places, quantities and events: {done} of {total} documents…"),
            "packing" => "Almost done…".to_string(),
            "appending" => "Adding them to the corpus…".to_string(),
            "opening" => format!("Opening the files you added: {done} of {total} uploads…"),
            _ => "Starting the indexer…".to_string(),
        }
    }
}

/// Whether the person's files are kept in this browser (IndexedDB).
#[derive(Debug, Clone, PartialEq)]
pub enum Keeping {
    Nothing,
    Saving,
    Saved,
    Failed(String),
}

impl Keeping {
    pub fn label(&self) -> String {
        match self {
            Keeping::Nothing => String::new(),
            Keeping::Saving => " · keeping them in this browser…".into(),
            Keeping::Saved => " · kept in this browser".into(),
            Keeping::Failed(e) => format!(" · not kept in this browser ({e}): they stay until this page closes"),
        }
    }
}

/// An upload waiting for the worker.
struct Pending {
    picks: Picks,
    /// Files an earlier version kept: their record goes once they are kept as an upload.
    legacy: bool,
}

struct Loader {
    /// The sample, or what has loaded of the collection.
    base: Option<Rc<Engine>>,
    /// The person's documents alone, every upload appended in order; `None` when there are none, or
    /// when they are folded into `shown` (see [`Loader::compose`]).
    user: Option<Rc<Engine>>,
    /// The person's documents are in `shown` only, behind the sample: hiding the sample reads their
    /// packs again instead of keeping a second copy of their index and extraction.
    folded: bool,
    /// Packs of uploads not (yet) kept in IndexedDB, for reading them again.
    held: Vec<(u32, web_sys::Blob)>,
    show_base: bool,
    shown: Rc<Engine>,
    generation: u32,
    collection: bool,
    /// Uploads kept, in order, with their files.
    uploads: Vec<UploadMeta>,
    next_id: u32,
    queue: VecDeque<Pending>,
    indexer: Option<Indexer>,
    /// An upload's (or the kept files') result is being read and appended.
    busy: bool,
    /// Bumped when the person removes their files: results of earlier work are dropped.
    epoch: u32,
    progress: Option<Progress>,
    report: Rc<LoadReport>,
    keeping: Keeping,
    collection_status: Option<collection::Status>,
    collection_problems: Rc<Vec<Diagnostic>>,
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
    fn new() -> Loader {
        let collection = collection::configured().is_some();
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
        }
    }

    fn records(&self) -> Vec<FileRecord> {
        self.uploads.iter().flat_map(|u| u.files.iter().cloned()).collect()
    }

    /// Puts together what the views read from the base and the person's documents; returns the ids
    /// of theirs that clash with the base's (renamed with a suffix, as any clash). Behind the sample,
    /// the person's documents are appended in place to a copy of the sample (a few documents) and kept
    /// only there ("folded"); behind a collection, which grows shard by shard, they are kept apart too.
    fn compose(&mut self) -> Vec<Diagnostic> {
        let mut notes = Vec::new();
        let shown = match (&self.base, self.user.take()) {
            (Some(b), Some(u)) if self.show_base => match Rc::try_unwrap(u) {
                Ok(u) if !self.collection => {
                    let mut all = b.0.clone();
                    notes = all.append(u.0);
                    self.folded = true;
                    Rc::new(Engine::from(all))
                }
                Ok(u) => self.keep(b.appended(u.0.clone()), Rc::new(u), &mut notes),
                Err(u) => self.keep(b.appended(u.0.clone()), u, &mut notes),
            },
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

    fn keep(
        &mut self,
        (all, clashes): (Engine, Vec<Diagnostic>),
        user: Rc<Engine>,
        notes: &mut Vec<Diagnostic>,
    ) -> Rc<Engine> {
        self.user = Some(user);
        notes.extend(clashes);
        Rc::new(all)
    }
}

/// The loader and a way to render the component that holds it.
#[derive(Clone)]
struct Shared {
    loader: Rc<RefCell<Loader>>,
    redraw: UseForceUpdateHandle,
}

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut Loader) -> T) -> T {
        let out = f(&mut self.loader.borrow_mut());
        self.redraw.force_update();
        out
    }

    fn add(&self, picks: Picks, legacy: bool) {
        if picks.files.is_empty() && picks.notes.is_empty() {
            return;
        }
        self.with(|l| l.queue.push_back(Pending { picks, legacy }));
        self.pump();
    }

    /// Starts the next upload when nothing else is under way.
    fn pump(&self) {
        let mut l = self.loader.borrow_mut();
        if l.indexer.is_some() || l.busy {
            return;
        }
        let Some(Pending { picks, legacy }) = l.queue.pop_front() else {
            l.progress = None;
            drop(l);
            self.redraw.force_update();
            return;
        };
        // Files are named against those kept, when their turn comes (so an upload waiting behind
        // another is compared with it too).
        let cap = corpus::ingest::MAX_FILE_BYTES;
        let mut notes = picks.notes;
        let (fit, over): (Vec<_>, Vec<_>) =
            picks.files.into_iter().partition(|p| p.path.ends_with(".gz") || p.file.size() <= cap as f64);
        for p in over {
            notes.push(Diagnostic::error(&p.path, format!("file is over the {} MB limit; skipped", cap >> 20)));
        }
        let originals: Vec<(String, u64)> = fit.iter().map(|p| (p.path.clone(), p.file.size() as u64)).collect();
        let blobs: Vec<Blob> = fit.iter().map(|p| p.file.clone()).collect();
        let files: Vec<FileIn> = place(&l.records(), &originals)
            .into_iter()
            .zip(fit)
            .enumerate()
            .map(|(i, (placed, p))| FileIn { original: p.path, name: placed.name, known: placed.known, file: i })
            .collect();
        if files.is_empty() {
            l.report = Rc::new(LoadReport { problems: notes, ..LoadReport::default() });
            drop(l);
            return self.pump();
        }
        let epoch = l.epoch;
        let on_reply = {
            let shared = self.clone();
            let notes = RefCell::new(Some(notes));
            Callback::from(move |reply: Reply| shared.on_reply(epoch, reply, &notes, legacy))
        };
        l.progress = Some(Progress { phase: "starting".into(), done: 0, total: blobs.len() as u32 });
        match Indexer::start(files, &blobs, on_reply) {
            Ok(i) => l.indexer = Some(i),
            Err(e) => {
                l.progress = None;
                l.report =
                    Rc::new(LoadReport { problems: vec![Diagnostic::error("indexing", e)], ..LoadReport::default() });
            }
        }
        drop(l);
        self.redraw.force_update();
    }

    /// A reply from the worker of the upload started in `epoch`. `notes`: what the page found before
    /// (files left out, over the cap), reported with the worker's results.
    fn on_reply(&self, epoch: u32, reply: Reply, notes: &RefCell<Option<Vec<Diagnostic>>>, legacy: bool) {
        if self.loader.borrow().epoch != epoch {
            return;
        }
        let (reply, blobs) = reply;
        match reply {
            FromWorker::Ready => {}
            FromWorker::Progress { phase, done, total } => {
                self.with(|l| l.progress = Some(Progress { phase, done, total }))
            }
            FromWorker::Failed { message } => {
                self.with(|l| {
                    // Stops the worker (after this message is handled).
                    l.indexer = None;
                    let mut problems = notes.borrow_mut().take().unwrap_or_default();
                    problems.push(Diagnostic::error(
                        "indexing",
                        format!("{message}. The documents already loaded are unchanged."),
                    ));
                    l.report = Rc::new(LoadReport { problems, ..LoadReport::default() });
                });
                self.pump();
            }
            FromWorker::Done { pack, files, problems, .. } => {
                let pack = match pack.map(|i| protocol::blob(&blobs, i)) {
                    Some(Ok(blob)) => Some(blob.clone()),
                    Some(Err(e)) => {
                        let failed = FromWorker::Failed { message: e.to_string() };
                        return self.on_reply(epoch, (failed, blobs), notes, legacy);
                    }
                    None => None,
                };
                self.with(|l| {
                    l.indexer = None;
                    l.busy = true;
                    l.progress = Some(Progress { phase: "appending".into(), done: 0, total: 0 });
                });
                let shared = self.clone();
                let notes = notes.borrow_mut().take().unwrap_or_default();
                yew::platform::spawn_local(async move {
                    let mut all = notes;
                    all.extend(problems);
                    shared.append(epoch, pack, files, all, legacy).await;
                    shared.with(|l| l.busy = false);
                    shared.pump();
                });
            }
        }
    }

    /// Appends an upload's pack to the person's documents and keeps it.
    async fn append(
        &self,
        epoch: u32,
        pack: Option<Blob>,
        files: Vec<FileOut>,
        mut problems: Vec<Diagnostic>,
        legacy: bool,
    ) {
        // Under the name read: a `.gz` is read as the file inside.
        let read_as = |name: &str| name.strip_suffix(".gz").unwrap_or(name).to_string();
        let added: Vec<(String, usize)> =
            files.iter().filter(|f| f.documents > 0).map(|f| (read_as(&f.name), f.documents)).collect();
        let again: Vec<String> = files.iter().filter(|f| f.again).map(|f| f.original.clone()).collect();
        let Some(pack) = pack else {
            let uploads = self.with(|l| {
                l.report = Rc::new(LoadReport { added, again, problems });
                l.uploads.clone()
            });
            if legacy {
                // An earlier version's files that give nothing now are not tried again.
                let show_base = self.loader.borrow().show_base;
                let w = store::Write { uploads: &uploads, show_base, pack: None, forget: &[], drop_legacy: true };
                let _ = store::save(w).await;
            }
            return;
        };
        // Read a piece at a time: the whole pack is never in this page.
        let part = match Engine::from_blob(&pack).await {
            Ok(part) => part,
            Err(e) => {
                problems
                    .push(Diagnostic::error("indexing", format!("{e}. The documents already loaded are unchanged.")));
                self.with(|l| l.report = Rc::new(LoadReport { again, problems, ..LoadReport::default() }));
                return;
            }
        };
        let write = self.with(|l| {
            if l.epoch != epoch {
                return None;
            }
            if l.folded {
                // Behind the sample already: appended there (a copy while the views hold the corpus).
                let shown = std::mem::replace(&mut l.shown, Rc::new(Engine::from(Loaded::default())));
                let all = match Rc::try_unwrap(shown) {
                    Ok(mut all) => {
                        problems.extend(all.0.append(part.0));
                        all
                    }
                    Err(shown) => {
                        let (all, notes) = shown.appended(part.0);
                        problems.extend(notes);
                        all
                    }
                };
                l.shown = Rc::new(all);
                l.generation = next_gen();
            } else {
                let user = match l.user.take().map(Rc::try_unwrap) {
                    // Appended in place when nothing else holds the person's documents.
                    Some(Ok(mut user)) => {
                        problems.extend(user.0.append(part.0));
                        user
                    }
                    Some(Err(user)) => {
                        let (all, notes) = user.appended(part.0);
                        problems.extend(notes);
                        all
                    }
                    None => part,
                };
                l.user = Some(Rc::new(user));
                problems.extend(l.compose());
            }
            let id = l.next_id;
            l.next_id += 1;
            let records = files
                .iter()
                .filter(|f| f.documents > 0)
                .map(|f| FileRecord {
                    original: f.original.clone(),
                    path: f.name.clone(),
                    size: f.size,
                    hash: f.hash,
                    documents: f.documents,
                })
                .collect();
            l.uploads.push(UploadMeta { id, files: records });
            l.held.push((id, pack.clone()));
            l.report = Rc::new(LoadReport { added, again, problems });
            l.keeping = Keeping::Saving;
            Some((id, l.uploads.clone(), l.show_base))
        });
        let Some((id, uploads, show_base)) = write else { return };
        // Kept in the background: the documents are searchable already, and the next upload may start
        // (IndexedDB commits writes to one store in the order they were made).
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            let saved = store::save(store::Write {
                uploads: &uploads,
                show_base,
                pack: Some((id, &pack)),
                forget: &[],
                drop_legacy: legacy,
            })
            .await;
            shared.with(|l| {
                if l.epoch == epoch {
                    l.keeping = match saved {
                        Ok(()) => {
                            // Kept there: read from there when needed again.
                            l.held.retain(|(held, _)| *held != id);
                            Keeping::Saved
                        }
                        Err(e) => Keeping::Failed(e),
                    }
                }
            });
        });
    }

    /// Shows or hides the base. Hiding the sample the person's documents are folded behind reads
    /// their packs again (from this page's memory, or IndexedDB): nothing is indexed.
    fn toggle_base(&self) {
        let unfold = self.with(|l| {
            if l.busy || l.indexer.is_some() || (l.user.is_none() && !l.folded) {
                return None;
            }
            if l.folded {
                l.busy = true;
                l.progress = Some(Progress { phase: "opening".into(), done: 0, total: l.uploads.len() as u32 });
                return Some((l.epoch, l.uploads.iter().map(|u| u.id).collect::<Vec<_>>(), l.held.clone()));
            }
            l.show_base = !l.show_base;
            l.compose();
            None
        });
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            if let Some((epoch, ids, held)) = unfold {
                let user = shared.read_packs(&ids, &held).await;
                shared.with(|l| {
                    l.busy = false;
                    l.progress = None;
                    if l.epoch != epoch {
                        return;
                    }
                    match user {
                        Ok(user) => {
                            l.user = Some(Rc::new(Engine::from(user)));
                            l.folded = false;
                            l.show_base = false;
                            l.compose();
                        }
                        Err(e) => {
                            let problem = Diagnostic::error("your files", format!("could not be read again: {e}"));
                            l.report = Rc::new(LoadReport { problems: vec![problem], ..LoadReport::default() });
                        }
                    }
                });
                shared.pump();
            }
            let (uploads, show_base) = shared.with(|l| (l.uploads.clone(), l.show_base));
            let w = store::Write { uploads: &uploads, show_base, pack: None, forget: &[], drop_legacy: false };
            let _ = store::save(w).await;
        });
    }

    /// The packs of uploads `ids`, appended in order (each from `held`, or else IndexedDB).
    async fn read_packs(&self, ids: &[u32], held: &[(u32, web_sys::Blob)]) -> Result<Loaded, String> {
        let mut all: Option<Loaded> = None;
        for (i, &id) in ids.iter().enumerate() {
            let blob = match held.iter().find(|(h, _)| *h == id) {
                Some((_, blob)) => blob.clone(),
                None => store::load_pack(id).await?,
            };
            let part = Engine::from_blob(&blob).await?.0;
            match &mut all {
                Some(all) => {
                    all.append(part);
                }
                None => all = Some(part),
            }
            let total = ids.len() as u32;
            self.with(|l| l.progress = Some(Progress { phase: "opening".into(), done: i as u32 + 1, total }));
        }
        Ok(all.unwrap_or_default())
    }

    fn clear(&self) {
        let ids = self.with(|l| {
            l.epoch += 1;
            l.indexer = None;
            l.queue.clear();
            l.busy = false;
            l.progress = None;
            l.user = None;
            l.folded = false;
            l.held.clear();
            l.show_base = true;
            l.compose();
            l.report = Rc::default();
            l.keeping = Keeping::Nothing;
            std::mem::take(&mut l.uploads).into_iter().map(|u| u.id).collect::<Vec<_>>()
        });
        yew::platform::spawn_local(async move {
            let _ = store::clear(&ids).await;
        });
    }

    /// Opens what an earlier visit kept: each upload's pack, appended in order. An upload whose pack
    /// cannot be read (kept by a version with another pack format) is reported, to be added again;
    /// an earlier version's record of raw files is indexed again, once. Uploads wait until this is
    /// done (`busy` is set from the start).
    async fn restore(&self) {
        let (show_base, uploads) = match store::load().await {
            Ok(Some(Saved::Uploads { show_base, uploads })) if !uploads.is_empty() => (show_base, uploads),
            Ok(Some(Saved::Legacy { show_base, files })) => {
                self.with(|l| {
                    l.busy = false;
                    l.show_base = show_base;
                });
                let files = files.into_iter().map(|(path, file)| crate::pick::Picked { path, file }).collect();
                self.add(Picks { files, notes: Vec::new() }, true);
                return;
            }
            _ => {
                self.with(|l| l.busy = false);
                self.pump();
                return;
            }
        };
        let total = uploads.len() as u32;
        self.with(|l| l.progress = Some(Progress { phase: "opening".into(), done: 0, total }));
        let mut user: Option<Loaded> = None;
        let (mut kept, mut lost) = (Vec::new(), Vec::new());
        let mut problems = Vec::new();
        for (i, upload) in uploads.into_iter().enumerate() {
            let part = match store::load_pack(upload.id).await {
                Ok(blob) => Engine::from_blob(&blob).await.map(|e| e.0),
                Err(e) => Err(e),
            };
            match part {
                Ok(part) => {
                    match &mut user {
                        Some(u) => problems.extend(u.append(part)),
                        None => user = Some(part),
                    }
                    kept.push(upload);
                }
                Err(e) => lost.push((upload, e)),
            }
            self.with(|l| l.progress = Some(Progress { phase: "opening".into(), done: i as u32 + 1, total }));
        }
        for (upload, e) in &lost {
            let names: Vec<&str> = upload.files.iter().map(|f| f.original.as_str()).collect();
            let listed = if names.len() > 5 { format!("{}, …", names[..5].join(", ")) } else { names.join(", ") };
            problems.push(Diagnostic::error(
                format!("{} kept from an earlier visit", numbers::counted(names.len() as u64, "file")),
                format!("could not be opened ({e}); add them again: {listed}"),
            ));
        }
        let forget: Vec<u32> = lost.iter().map(|(u, _)| u.id).collect();
        let write = self.with(|l| {
            l.busy = false;
            l.progress = None;
            l.next_id = kept.iter().chain(lost.iter().map(|(u, _)| u)).map(|u| u.id + 1).max().unwrap_or(1);
            l.show_base = show_base;
            if let Some(user) = user {
                l.user = Some(Rc::new(Engine::from(user)));
                problems.extend(l.compose());
                l.keeping = Keeping::Saved;
            }
            l.uploads = kept;
            if !problems.is_empty() {
                l.report = Rc::new(LoadReport { problems, ..LoadReport::default() });
            }
            (!forget.is_empty()).then(|| (l.uploads.clone(), l.show_base))
        });
        if let Some((uploads, show_base)) = write {
            let w = store::Write { uploads: &uploads, show_base, pack: None, forget: &forget, drop_legacy: false };
            let _ = store::save(w).await;
        }
        self.pump();
    }

    fn collection_step(&self, step: collection::Step) {
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

/// The corpus and its loading: the base, the person's uploads, the collection if the site has one.
#[hook]
pub fn use_corpus() -> CorpusView {
    let loader = use_mut_ref(Loader::new);
    let redraw = use_force_update();
    let shared = Shared { loader, redraw };
    {
        let shared = shared.clone();
        use_effect_with((), move |_| {
            // Files kept from an earlier visit; uploads wait for them.
            shared.loader.borrow_mut().busy = true;
            let restoring = shared.clone();
            yew::platform::spawn_local(async move { restoring.restore().await });
            // The collection, shard after shard.
            if let Some(url) = collection::configured() {
                shared.with(|l| l.collection_status = Some(collection::Status::default()));
                let stepping = shared.clone();
                collection::load(url, Callback::from(move |step| stepping.collection_step(step)));
            }
        });
    }
    let add = {
        let shared = shared.clone();
        Callback::from(move |picks: Picks| shared.add(picks, false))
    };
    let toggle_base = {
        let shared = shared.clone();
        Callback::from(move |_| shared.toggle_base())
    };
    let clear = {
        let shared = shared.clone();
        Callback::from(move |_| shared.clear())
    };
    let l = shared.loader.borrow();
    CorpusView {
        engine: Rc::clone(&l.shown),
        generation: l.generation,
        collection: l.collection,
        files: l.uploads.iter().map(|u| u.files.len()).sum(),
        show_base: l.show_base,
        progress: l.progress.clone(),
        report: Rc::clone(&l.report),
        keeping: l.keeping.clone(),
        collection_status: l.collection_status.clone(),
        collection_problems: Rc::clone(&l.collection_problems),
        add,
        toggle_base,
        clear,
    }
}
