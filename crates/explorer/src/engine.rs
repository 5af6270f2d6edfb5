//! The loaded corpus with everything computed from it: index and extraction, read from packs and
//! appended to one another (see `loading`); every view reads from it.

use corpus::pack::Loaded;
use corpus::Diagnostic;
use std::rc::Rc;

/// A loaded corpus (`corpus::pack::Loaded`: `.corpus`, `.index`, `.extraction`), compared by
/// identity.
pub struct Engine(pub Loaded);

impl std::ops::Deref for Engine {
    type Target = Loaded;

    fn deref(&self) -> &Loaded {
        &self.0
    }
}

impl From<Loaded> for Engine {
    fn from(l: Loaded) -> Engine {
        Engine(l)
    }
}

impl Engine {
    /// The sample corpus, from the pack built with it (see build.rs); taken from
    /// [`Engine::read_ahead_sample`] if that ran.
    pub fn sample() -> Engine {
        SAMPLE.with(|s| s.borrow_mut().take()).unwrap_or_else(Engine::read_sample)
    }

    /// Reads the sample now and keeps it for the next [`Engine::sample`]: the start splits the pack's
    /// reading and the first render into two tasks (see `start`).
    pub fn read_ahead_sample() {
        let engine = Engine::read_sample();
        SAMPLE.with(|s| *s.borrow_mut() = Some(engine));
    }

    fn read_sample() -> Engine {
        // Built by this very core at compile time (or checked then, for TRAWL_PACK); the explorer's
        // tests read it back.
        Engine::from_pack(crate::seeds::BASE_PACK).expect("the embedded sample pack reads")
    }

    /// A corpus from a pack: the worker's output, one saved in the browser, or `trawl pack`'s.
    pub fn from_pack(bytes: &[u8]) -> Result<Engine, String> {
        corpus::pack::read(bytes).map(Engine).map_err(|e| message(&e))
    }

    /// A corpus from a pack in a `Blob` (the worker's, or one kept in IndexedDB), read a piece at a
    /// time: the page never holds the whole pack, only what is decoded from it.
    pub async fn from_blob(blob: &web_sys::Blob) -> Result<Engine, String> {
        let mut reader = corpus::pack::Reader::default();
        crate::inflate::for_each_piece(blob, &mut |piece| reader.push(piece).map_err(|e| message(&e))).await?;
        reader.finish().map(Engine).map_err(|e| message(&e))
    }
}

/// The one way the page puts corpora together: `part`'s documents, index and extraction appended
/// after `to`'s (`corpus::pack::Loaded::append`), as collection shards, uploads, packs kept in
/// IndexedDB and the person's files behind the base all are. In place when nothing else holds `to`
/// (`part` itself when `to` is empty); else into a new engine, leaving the one the views still hold
/// as it is (the documents are shared, not copied). Ids that clash with loaded ones get a suffix,
/// reported.
pub fn append(to: &mut Rc<Engine>, part: Loaded) -> Vec<Diagnostic> {
    if to.corpus.is_empty() {
        *to = Rc::new(Engine(part));
        return Vec::new();
    }
    match Rc::get_mut(to) {
        Some(engine) => engine.0.append(part),
        None => {
            let (all, notes) = to.0.appended(part);
            *to = Rc::new(Engine(all));
            notes
        }
    }
}

/// [`append`] onto `to` if there is one, else `part` alone.
pub fn append_to(to: &mut Option<Rc<Engine>>, part: Loaded) -> Vec<Diagnostic> {
    match to {
        Some(to) => append(to, part),
        None => {
            *to = Some(Rc::new(Engine(part)));
            Vec::new()
        }
    }
}

thread_local! {
    static SAMPLE: std::cell::RefCell<Option<Engine>> = const { std::cell::RefCell::new(None) };
}

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sample_pack_reads() {
        let e = Engine::sample();
        // The seeds, unless the build embeds another pack (TRAWL_PACK).
        if std::env::var_os("TRAWL_PACK").is_none() {
            assert_eq!(e.corpus.len(), 5);
            assert!(!e.extraction.events.is_empty());
        }
        assert!(Engine::from_pack(b"TRAWLPK\x03garbage").is_err());
    }

    #[test]
    fn appending_leaves_a_held_corpus_as_it_is() {
        let part = || Engine::sample().0;
        let n = part().corpus.len();
        // Onto nothing: the part itself.
        let mut all = Rc::new(Engine::from(Loaded::default()));
        assert!(append(&mut all, part()).is_empty());
        assert_eq!(all.corpus.len(), n);
        // Held by a view: appended into a copy, the view's corpus unchanged; ids that clash renamed.
        let view = Rc::clone(&all);
        let clashes = append(&mut all, part());
        assert_eq!((all.corpus.len(), view.corpus.len(), clashes.len()), (2 * n, n, n));
        assert!(!Rc::ptr_eq(&all, &view));
        // Held by nothing else: in place.
        drop(view);
        let before = Rc::as_ptr(&all);
        append(&mut all, part());
        assert_eq!((all.corpus.len(), Rc::as_ptr(&all)), (3 * n, before));
        assert_eq!(all.index.n_docs() as usize, 3 * n);
        let mut none = None;
        append_to(&mut none, part());
        assert_eq!(none.map(|e| e.corpus.len()), Some(n));
    }
}

/// The message of a core error (`PackError`, `ManifestError`), through one path that is not
/// generic: every type's own `to_string` would add its formatting code to the page's wasm.
#[inline(never)]
pub fn message(e: &dyn std::fmt::Display) -> String {
    e.to_string()
}
