//! The person's packs kept in IndexedDB (`store`), opened again: all of them on reload, appended in
//! order; and again when the sample they are folded behind is hidden (from this page's memory for
//! those not kept yet). Nothing is indexed again, except once the raw files an earlier version kept.

use super::loader::Shared;
use super::Keeping;
use super::{Phase, Progress};
use crate::engine::{self, Engine};
use crate::numbers;
use crate::pick::Picks;
use crate::store::{self, Saved};
use crate::uploads::LoadReport;
use corpus::Diagnostic;
use std::rc::Rc;
use web_sys::Blob;

impl Shared {
    /// Shows or hides the base. Hiding the sample the person's documents are folded behind reads
    /// their packs again (from this page's memory, or IndexedDB): nothing is indexed.
    pub(super) fn toggle_base(&self) {
        let unfold = self.with(|l| {
            if l.busy || l.indexer.is_some() || (l.user.is_none() && !l.folded) {
                return None;
            }
            if l.folded {
                l.busy = true;
                l.progress = Some(Progress { phase: Phase::Opening, done: 0, total: l.uploads.len() as u32 });
                return Some((l.epoch, l.uploads.iter().map(|u| u.id).collect::<Vec<_>>(), l.held.clone()));
            }
            l.show_base = !l.show_base;
            l.compose();
            None
        });
        let epoch = self.loader.borrow().epoch;
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            if let Some((epoch, ids, held)) = unfold {
                shared.reopen(epoch, &ids, &held, false).await;
                shared.pump();
            }
            // Unless the files were removed meanwhile (their removal is in line already).
            let saving = shared.with(|l| {
                let w = store::Write {
                    uploads: &l.uploads,
                    show_base: l.show_base,
                    pack: None,
                    forget: &[],
                    drop_legacy: false,
                };
                (l.epoch == epoch).then(|| store::save(w))
            });
            if let Some(saving) = saving {
                let _ = saving.await;
            }
        });
    }

    /// Puts back the uploads "Remove my files" removed: their packs set aside are read again, as when
    /// the sample is hidden, and kept in IndexedDB again. Uploads wait until they are kept.
    pub(super) fn undo(&self) {
        let removed = self.with(|l| {
            if !l.removed.as_ref().is_some_and(|r| r.ready) || l.busy || l.indexer.is_some() || !l.uploads.is_empty() {
                return None;
            }
            let r = l.removed.take()?;
            l.busy = true;
            l.progress = Some(Progress { phase: Phase::Opening, done: 0, total: r.uploads.len() as u32 });
            Some((l.epoch, r))
        });
        let Some((epoch, r)) = removed else { return };
        let shared = self.clone();
        yew::platform::spawn_local(async move {
            let ids: Vec<u32> = r.uploads.iter().map(|u| u.id).collect();
            if shared.reopen(epoch, &ids, &r.packs, r.show_base).await {
                shared.with(|l| {
                    l.uploads = r.uploads.clone();
                    l.held = r.packs.clone();
                    l.busy = true;
                    l.keeping = Keeping::Saving;
                });
                // Kept pack by pack, each listed with those before it: a reload midway loses none it lists.
                let mut kept = Ok(());
                for (i, (id, pack)) in r.packs.iter().enumerate() {
                    if kept.is_err() || shared.loader.borrow().epoch != epoch {
                        break;
                    }
                    let uploads = &r.uploads[..=i];
                    let w = store::Write {
                        uploads,
                        show_base: r.show_base,
                        pack: Some((*id, pack)),
                        forget: &[],
                        drop_legacy: false,
                    };
                    kept = store::save(w).await;
                }
                shared.with(|l| {
                    if l.epoch == epoch {
                        l.busy = false;
                        // Kept there: read from there when needed again (no upload started meanwhile).
                        l.keeping = match kept {
                            Ok(()) => {
                                l.held.clear();
                                Keeping::Saved
                            }
                            Err(e) => Keeping::Failed(e),
                        };
                    }
                });
            }
            shared.pump();
        });
    }

    /// Reads the person's packs `ids` again and shows them, with the base if `show_base`; whether
    /// they are shown (not when their files were removed meanwhile, or a pack could not be read).
    async fn reopen(&self, epoch: u32, ids: &[u32], held: &[(u32, Blob)], show_base: bool) -> bool {
        let user = self.read_packs(ids, held).await;
        self.with(|l| {
            l.busy = false;
            l.progress = None;
            if l.epoch != epoch {
                return false;
            }
            match user {
                Ok(user) => {
                    l.user = user;
                    l.folded = false;
                    l.show_base = show_base;
                    l.compose();
                    true
                }
                Err(e) => {
                    let problem = Diagnostic::error("your files", format!("could not be read again: {e}"));
                    l.report = Rc::new(LoadReport { problems: vec![problem], ..LoadReport::default() });
                    false
                }
            }
        })
    }

    /// The packs of uploads `ids`, appended in order.
    async fn read_packs(&self, ids: &[u32], held: &[(u32, Blob)]) -> Result<Option<Rc<Engine>>, String> {
        let mut all = None;
        let packs = store::packs(ids, held).await?;
        for (i, (_, blob)) in packs.iter().enumerate() {
            engine::append_to(&mut all, Engine::from_blob(blob).await?.0);
            let total = ids.len() as u32;
            self.with(|l| l.progress = Some(Progress { phase: Phase::Opening, done: i as u32 + 1, total }));
        }
        Ok(all)
    }

    /// Opens what an earlier visit kept: each upload's pack, appended in order. An upload whose pack
    /// cannot be read (kept by a version with another pack format) is reported, to be added again;
    /// an earlier version's record of raw files is indexed again, once. Uploads wait until this is
    /// done (`busy` is set from the start).
    pub(super) async fn restore(&self) {
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
        self.with(|l| l.progress = Some(Progress { phase: Phase::Opening, done: 0, total }));
        let mut user = None;
        let (mut kept, mut lost) = (Vec::new(), Vec::new());
        let mut problems = Vec::new();
        for (i, upload) in uploads.into_iter().enumerate() {
            let part = match store::load_pack(upload.id).await {
                Ok(blob) => Engine::from_blob(&blob).await.map(|e| e.0),
                Err(e) => Err(e),
            };
            match part {
                Ok(part) => {
                    problems.extend(engine::append_to(&mut user, part));
                    kept.push(upload);
                }
                Err(e) => lost.push((upload, e)),
            }
            self.with(|l| l.progress = Some(Progress { phase: Phase::Opening, done: i as u32 + 1, total }));
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
            if user.is_some() {
                l.user = user;
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
}
