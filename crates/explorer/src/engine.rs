//! The loaded corpus with everything computed from it: index and extraction. Built once per
//! corpus (the sample, the person's files, or both); every view reads from it.

use corpus::extract::{self, Extraction, Lexicon};
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
    /// The sample corpus (when asked for) and the person's files, in that order.
    pub fn load(user: &UserFiles) -> Engine {
        let seeds = crate::seeds::SEEDS.iter().filter(|_| user.with_sample).map(|&(n, b)| (n, b));
        let mine = user.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
        Engine::from_files(seeds.chain(mine))
    }

    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Engine {
        // Each file's problems were reported when it was added (see `app`); the sample has none.
        let (corpus, _) = Corpus::from_files(files);
        let index = Index::build(&corpus);
        let extraction = extract::extract(&corpus, &Lexicon::builtin());
        Engine { corpus, index, extraction }
    }
}

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
