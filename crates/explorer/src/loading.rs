//! The corpus every view reads, and the hook that loads it ([`use_corpus`]): a base (the embedded
//! sample, or a collection loading shard by shard) with the person's uploads appended to it, and
//! what the views are told of the loading ([`CorpusView`]). Every part reaches the corpus the same
//! way, appended as a read pack (`engine::append`): collection shards, each upload's pack from its
//! worker, the packs kept in IndexedDB. Adding a file indexes that file alone.
//!
//! - `loader`: what is loaded (base, the person's documents, what the views are shown) and how the
//!   parts are put together;
//! - `queue`: uploads waiting for the worker, one at a time, each appended when its pack arrives;
//! - `kept`: the packs kept in IndexedDB (`store`), opened again on reload or when the base is hidden.

mod kept;
mod loader;
mod queue;

use crate::collection;
use crate::engine::Engine;
use crate::numbers;
use crate::pick::Picks;
pub use crate::protocol::Phase;
use crate::uploads::LoadReport;
use corpus::Diagnostic;
use loader::{Loader, Shared};
use std::rc::Rc;
use yew::prelude::*;

/// What the views and the header are given.
#[derive(Clone, PartialEq)]
pub struct CorpusView {
    pub engine: Rc<Engine>,
    /// A number bumped whenever `engine` is replaced (results are cached per corpus).
    pub generation: u32,
    /// A collection site (its base is the collection, not the sample).
    pub collection: bool,
    /// The collection is partitioned: searched file by file (`partitioned`), not loaded here, and
    /// the person's files are not added to it.
    pub partitioned: bool,
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
    /// How many files "Remove my files" just removed while Undo can put them back, and whether it
    /// can yet (not while their packs are being set aside).
    pub removed: Option<(usize, bool)>,
    pub undo: Callback<()>,
}

/// What the indexing worker (or the page, opening kept files) is doing.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    pub done: u32,
    pub total: u32,
}

impl Progress {
    pub fn label(&self) -> String {
        let (done, total) = (numbers::count(self.done), numbers::count(self.total));
        match self.phase {
            Phase::Reading => format!("Reading files: {done} of {total}…"),
            Phase::Indexing => format!("Indexing {}…", numbers::counted(self.total, "document")),
            Phase::Extracting => {
                format!("Finding people, places, quantities and events: {done} of {total} documents…")
            }
            Phase::Packing => "Almost done…".to_string(),
            Phase::Appending => "Adding them to the corpus…".to_string(),
            Phase::Opening => format!("Opening the files you added: {done} of {total} uploads…"),
            Phase::Starting => "Starting the indexer…".to_string(),
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

/// The corpus and its loading: the base, the person's uploads, the collection if the site has one.
#[hook]
pub fn use_corpus() -> CorpusView {
    let loader = use_mut_ref(Loader::new);
    let redraw = use_force_update();
    let shared = Shared { loader, redraw };
    {
        let shared = shared.clone();
        use_effect_with((), move |_| {
            // A partitioned collection is searched where it is (`partitioned`), never loaded here.
            if shared.loader.borrow().partitioned {
                return;
            }
            // Files kept from an earlier visit; uploads wait for them.
            shared.loader.borrow_mut().busy = true;
            let restoring = shared.clone();
            yew::platform::spawn_local(async move { restoring.restore().await });
            // The collection, shard after shard.
            if let Some(url) = collection::sharded() {
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
    let undo = {
        let shared = shared.clone();
        Callback::from(move |_| shared.undo())
    };
    let l = shared.loader.borrow();
    CorpusView {
        engine: Rc::clone(&l.shown),
        generation: l.generation,
        collection: l.collection,
        partitioned: l.partitioned,
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
        removed: l.removed.as_ref().map(|r| (r.uploads.iter().map(|u| u.files.len()).sum(), r.ready)),
        undo,
    }
}
