//! The loaded corpus with everything computed from it: index and extraction. Built once per
//! corpus (the sample, the person's files, or both); every view reads from it.

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

/// Files the person added, kept so the engine can be rebuilt with or without the sample corpus.
#[derive(Debug, Clone, Default)]
pub struct UserFiles {
    pub files: Rc<Vec<(String, Vec<u8>)>>,
    /// Whether the sample corpus (seeds) is loaded too.
    pub with_sample: bool,
    /// Bumped on every change, so comparing two values never compares file contents.
    pub generation: u32,
}

impl PartialEq for UserFiles {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.with_sample == other.with_sample
    }
}

/// What adding files did: documents per file, and every problem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    pub added: Vec<(String, usize)>,
    pub problems: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.problems.is_empty()
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
        corpus::pack::read(bytes).map(Engine)
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
