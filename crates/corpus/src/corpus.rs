//! A corpus: the documents of every file loaded so far, with ids kept unique.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::ingest::{ingest, Ingested};
use std::collections::HashMap;
use std::sync::Arc;

/// Documents are shared, not copied, between corpora built from one another (a collection
/// growing shard by shard, or with the person's files appended): cloning a corpus copies only
/// pointers and ids.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    docs: Vec<Arc<Document>>,
    by_id: HashMap<String, usize>,
}

impl Corpus {
    pub fn new() -> Corpus {
        Corpus::default()
    }

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
                Ok(loaded) => loaded.corpus.docs.into_iter().filter_map(|doc| self.add_shared(doc)).collect(),
                Err(e) => vec![Diagnostic::error(name, e)],
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

    /// Adds a document; a clashing id gets a `-2`, `-3`… suffix and a warning.
    pub fn add(&mut self, doc: Document) -> Option<Diagnostic> {
        self.add_shared(Arc::new(doc))
    }

    /// [`Corpus::add`] for a document another corpus may hold too (copied only if renamed).
    pub fn add_shared(&mut self, mut doc: Arc<Document>) -> Option<Diagnostic> {
        let mut note = None;
        if self.by_id.contains_key(&doc.id) {
            let doc = Arc::make_mut(&mut doc);
            let base = doc.id.clone();
            let mut n = 2;
            while self.by_id.contains_key(&format!("{base}-{n}")) {
                n += 1;
            }
            doc.id = format!("{base}-{n}");
            let message = format!("id {base:?} already loaded; this one is {:?}", doc.id);
            doc.warnings.push(message.clone());
            note = Some(Diagnostic::warning(&doc.id, message));
        }
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
        note
    }

    /// The documents, in order, taking them out of the corpus.
    pub fn into_docs(self) -> Vec<Arc<Document>> {
        self.docs
    }

    pub fn docs(&self) -> &[Arc<Document>] {
        &self.docs
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).map(|&i| &*self.docs[i])
    }

    /// The position of a document in [`Corpus::docs`], which is also its index doc number.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}
