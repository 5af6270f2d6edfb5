//! Packs: a corpus with its index and extraction, ready to search, in one file (`trawl pack`
//! writes them, the explorer loads them without re-indexing, and its worker hands one to the page).
//!
//! Layout: the 8-byte magic `TRAWLPK` + format version, then a postcard encoding of the documents,
//! the index, and the extracted entities and events. The quantities and dates that events were
//! built from are not kept (nothing downstream of extraction reads them).
//!
//! Reading checks everything a search could trip on: the magic and version, that the bytes decode,
//! and that the index and the mentions point inside the documents. A bad pack is an error, never a
//! panic later.

use crate::corpus::Corpus;
use crate::document::Document;
use crate::extract::{Entity, Event, Extraction};
use crate::index::Index;
use serde::{Deserialize, Serialize};

/// The first bytes of every pack; the last one is the format version.
pub const MAGIC: &[u8; 8] = b"TRAWLPK\x01";

/// A corpus ready to search.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub index: Index,
    pub extraction: Extraction,
}

#[derive(Serialize)]
struct PackRef<'a> {
    docs: &'a [Document],
    index: &'a Index,
    entities: &'a [Entity],
    events: &'a [Event],
}

#[derive(Deserialize)]
struct PackOwned {
    docs: Vec<Document>,
    index: Index,
    entities: Vec<Entity>,
    events: Vec<Event>,
}

/// Whether `bytes` start like a pack (of any version).
pub fn is_pack(bytes: &[u8]) -> bool {
    bytes.len() >= MAGIC.len() && bytes[..MAGIC.len() - 1] == MAGIC[..MAGIC.len() - 1]
}

pub fn write(corpus: &Corpus, index: &Index, extraction: &Extraction) -> Vec<u8> {
    let pack = PackRef { docs: corpus.docs(), index, entities: &extraction.entities, events: &extraction.events };
    let mut out = MAGIC.to_vec();
    // Serialising plain structs into a Vec cannot fail.
    out.extend(postcard::to_allocvec(&pack).expect("pack encodes"));
    out
}

pub fn read(bytes: &[u8]) -> Result<Loaded, String> {
    if !is_pack(bytes) {
        return Err("not a Trawl pack (it does not start with TRAWLPK)".into());
    }
    if bytes[MAGIC.len() - 1] != MAGIC[MAGIC.len() - 1] {
        return Err(format!(
            "pack format version {} is not supported (this build reads version {})",
            bytes[MAGIC.len() - 1],
            MAGIC[MAGIC.len() - 1]
        ));
    }
    let p: PackOwned =
        postcard::from_bytes(&bytes[MAGIC.len()..]).map_err(|e| format!("pack is damaged or truncated ({e})"))?;
    if p.index.n_docs() as usize != p.docs.len() {
        return Err("pack is damaged: index and documents disagree".into());
    }
    p.index.validate().map_err(|e| format!("pack is damaged: {e}"))?;
    let n = p.docs.len() as u32;
    let body = |doc: u32| p.docs.get(doc as usize).map(|d| d.body.as_str());
    let inside = |doc: u32, start: usize, end: usize| {
        body(doc).is_some_and(|b| start <= end && b.is_char_boundary(start) && b.is_char_boundary(end))
    };
    for e in &p.entities {
        for m in &e.mentions {
            let (s0, s1) = (m.sentence.0 as usize, m.sentence.1 as usize);
            if m.doc >= n || !inside(m.doc, m.start, m.end) || !inside(m.doc, s0, s1) {
                return Err(format!("pack is damaged: a mention of {:?} points outside its document", e.name));
            }
        }
    }
    for ev in &p.events {
        if ev.doc >= n || !inside(ev.doc, ev.start, ev.end) || ev.also.iter().any(|&(a, b)| !inside(ev.doc, a, b)) {
            return Err("pack is damaged: an event points outside its document".into());
        }
    }
    if p.entities.windows(2).any(|w| (w[0].kind, &w[0].name) > (w[1].kind, &w[1].name)) {
        return Err("pack is damaged: entities out of order".into());
    }
    let mut corpus = Corpus::new();
    for doc in p.docs {
        if corpus.add(doc).is_some() {
            return Err("pack is damaged: two documents share an id".into());
        }
    }
    let extraction = Extraction { entities: p.entities, events: p.events, ..Extraction::default() };
    Ok(Loaded { corpus, index: p.index, extraction })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract, Lexicon};
    use crate::search::{search_text, SearchOptions};

    fn seed_pack() -> (Loaded, Vec<u8>) {
        let corpus = crate::tests::seeds();
        let index = Index::build(&corpus);
        let extraction = extract(&corpus, &Lexicon::builtin());
        let bytes = write(&corpus, &index, &extraction);
        (Loaded { corpus, index, extraction }, bytes)
    }

    fn hits(l: &Loaded, q: &str) -> Vec<String> {
        let opts = SearchOptions { limit: 50, ..SearchOptions::default() };
        search_text(&l.corpus, &l.index, q, &opts, Some(&l.extraction)).hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn round_trip_searches_the_same() {
        let (built, bytes) = seed_pack();
        let read = read(&bytes).expect("pack reads");
        assert_eq!(read.corpus.docs(), built.corpus.docs());
        assert_eq!(read.extraction.entities, built.extraction.entities);
        assert_eq!(read.extraction.events.len(), built.extraction.events.len());
        for q in [
            "heroin",
            "\"joint operations\"",
            "heroin OR opium -Astara",
            "meth*",
            "kg:>500",
            "person:Kakavand",
            "when:2018",
        ] {
            assert_eq!(hits(&read, q), hits(&built, q), "{q}");
        }
        let all: Vec<u32> = (0..read.corpus.len() as u32).collect();
        assert_eq!(read.extraction.network(&all, 30, 90), built.extraction.network(&all, 30, 90));
    }

    #[test]
    fn bad_packs_are_errors() {
        let (_, bytes) = seed_pack();
        assert!(read(b"").unwrap_err().contains("not a Trawl pack"));
        assert!(read(b"{\"id\": 1}").unwrap_err().contains("not a Trawl pack"));
        let mut v2 = bytes.clone();
        v2[7] = 2;
        assert!(read(&v2).unwrap_err().contains("version 2"));
        // Every truncation is an error, never a panic.
        let step = (bytes.len() / 400).max(1);
        for len in (0..bytes.len()).step_by(step) {
            assert!(read(&bytes[..len]).is_err(), "truncated at {len}");
        }
    }

    #[test]
    fn corrupted_packs_never_panic() {
        let (_, bytes) = seed_pack();
        // Deterministic byte flips; whatever still reads must also search without panicking.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut survived = 0;
        for _ in 0..600 {
            let mut b = bytes.clone();
            for _ in 0..1 + next() % 3 {
                let at = MAGIC.len() + (next() as usize) % (b.len() - MAGIC.len());
                b[at] ^= 1 << (next() % 8);
            }
            if let Ok(l) = read(&b) {
                survived += 1;
                for q in ["heroin", "\"joint operations\"", "Astara~", "meth*", "kg:>500", "drug:heroin"] {
                    hits(&l, q);
                }
                let all: Vec<u32> = (0..l.corpus.len() as u32).collect();
                l.extraction.network(&all, 30, 90);
                l.extraction.facets(&all, 8);
            }
        }
        // Flips inside document text still read (the text is just different); that is fine.
        assert!(survived > 0);
    }
}
