//! Uploads waiting for the indexing worker: one at a time, each with a worker of its own that indexes
//! that upload's files alone (`indexer`, `protocol`), its pack appended to the person's documents
//! when it arrives (`Loader::append_upload`) and kept in IndexedDB in the background. A failed or
//! stopped worker leaves the corpus as it was.

use super::loader::{Pending, Shared};
use super::{Keeping, Phase, Progress};
use crate::engine::Engine;
use crate::indexer::{Indexer, Reply};
use crate::pick::Picks;
use crate::protocol::{self, FileIn, FileOut, FromWorker};
use crate::store::{self, UploadMeta};
use crate::uploads::{place, FileRecord, LoadReport};
use corpus::Diagnostic;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Blob;
use yew::prelude::*;

impl Shared {
    /// Queues an upload. It ends what Undo could put back of the files removed.
    pub(super) fn add(&self, picks: Picks, legacy: bool) {
        if picks.files.is_empty() && picks.notes.is_empty() {
            return;
        }
        self.with(|l| {
            l.removed = None;
            l.queue.push_back(Pending { picks, legacy })
        });
        self.pump();
    }

    /// Starts the next upload when nothing else is under way.
    pub(super) fn pump(&self) {
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
        l.progress = Some(Progress { phase: Phase::Starting, done: 0, total: blobs.len() as u32 });
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
                    l.progress = Some(Progress { phase: Phase::Appending, done: 0, total: 0 });
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
            let saving = self.with(|l| {
                if l.epoch != epoch {
                    return None;
                }
                l.report = Rc::new(LoadReport { added, again, problems });
                // An earlier version's files that give nothing now are not tried again.
                let w = store::Write {
                    uploads: &l.uploads,
                    show_base: l.show_base,
                    pack: None,
                    forget: &[],
                    drop_legacy: true,
                };
                legacy.then(|| store::save(w))
            });
            if let Some(saving) = saving {
                let _ = saving.await;
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
            problems.extend(l.append_upload(part.0));
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
            // In line now, with the list as it is now: a removal asked for later lands after it.
            let saving = store::save(store::Write {
                uploads: &l.uploads,
                show_base: l.show_base,
                pack: Some((id, &pack)),
                forget: &[],
                drop_legacy: legacy,
            });
            Some((id, saving))
        });
        let Some((id, saving)) = write else { return };
        // Kept in the background: the documents are searchable already, and the next upload may start.
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            let saved = saving.await;
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
}
