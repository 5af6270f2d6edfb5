//! The loaded corpus with everything computed from it: index and extraction. Built once per
//! corpus (the sample, the person's files, or both); every view reads from it.

use corpus::extract::Extraction;
use corpus::index::Index;
use corpus::{Corpus, Diagnostic};
use std::rc::Rc;

pub struct Engine {
    pub corpus: Corpus,
    pub index: Index,
    pub extraction: Extraction,
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

impl Engine {
    /// The sample corpus, from the pack built with it (see build.rs).
    pub fn sample() -> Engine {
        // Built by this very core at compile time (or checked then, for TRAWL_PACK); the explorer's
        // tests read it back.
        Engine::from_pack(crate::seeds::BASE_PACK).expect("the embedded sample pack reads")
    }

    /// A corpus from a pack: the worker's output, one saved in the browser, or `trawl pack`'s.
    pub fn from_pack(bytes: &[u8]) -> Result<Engine, String> {
        let corpus::pack::Loaded { corpus, index, extraction } = corpus::pack::read(bytes)?;
        Ok(Engine { corpus, index, extraction })
    }
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
        assert!(Engine::from_pack(b"TRAWLPK\x01garbage").is_err());
    }
}
