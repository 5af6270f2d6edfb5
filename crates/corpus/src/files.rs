//! Files of any kind into a corpus: a document format through `ingest`, or a pack's documents.
//!
//! Kept out of `corpus` so that the container sits below `pack`, which builds one.

use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::ingest::{ingest, Ingested};

impl Corpus {
    /// Builds a corpus from `(file name, bytes)` pairs, collecting every diagnostic.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> (Corpus, Vec<Diagnostic>) {
        let mut corpus = Corpus::new();
        let mut diagnostics = Vec::new();
        for (name, bytes) in files {
            diagnostics.extend(corpus.add_file(name, bytes));
        }
        (corpus, diagnostics)
    }

    /// Ingests one file and adds its documents; returns its diagnostics. A bad file adds nothing
    /// and loses nothing already loaded.
    ///
    /// A pack (`trawl pack`) adds its documents; their index and extraction are rebuilt with the
    /// rest of the corpus.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
        if crate::pack::is_pack(bytes) {
            return match crate::pack::read(bytes) {
                Ok(loaded) => loaded.corpus.into_docs().into_iter().filter_map(|doc| self.add_shared(doc)).collect(),
                Err(e) => vec![Diagnostic::error(name, e.to_string())],
            };
        }
        let Ingested { documents, mut diagnostics } = ingest(name, bytes);
        for doc in documents {
            if let Some(d) = self.add(doc) {
                diagnostics.push(d);
            }
        }
        diagnostics
    }
}
