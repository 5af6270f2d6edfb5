//! A corpus: the documents of every file loaded so far, with ids kept unique.
//!
//! The container knows no file format: reading files into it (`Corpus::add_file`, `from_files`)
//! lives in `files`, above both `ingest` and `pack`.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
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
