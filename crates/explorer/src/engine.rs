//! The loaded corpus with everything computed from it: index and extraction, read from packs and
//! appended to one another (see `loading`); every view reads from it.

use corpus::pack::Loaded;
use corpus::Diagnostic;

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
    /// This corpus followed by `other`'s documents (a collection and the person's files, or the
    /// next shard), leaving this one as it is; documents are shared, not copied.
    pub fn appended(&self, other: Loaded) -> (Engine, Vec<Diagnostic>) {
        let (all, notes) = self.0.appended(other);
        (Engine(all), notes)
    }

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
        assert!(Engine::from_pack(b"TRAWLPK\x02garbage").is_err());
    }
}

/// The message of a core error (`PackError`, `ManifestError`), through one path that is not
/// generic: every type's own `to_string` would add its formatting code to the page's wasm.
#[inline(never)]
pub fn message(e: &dyn std::fmt::Display) -> String {
    e.to_string()
}
