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
use crate::index::{Index, IndexError};
use serde::{Deserialize, Serialize};

/// The first bytes of every pack; the last one is the format version. Version 2: the index holds
/// hyphenated compounds joined as well (`wi-fi` as `wifi`), events keep their evidence as a range of
/// the body, not a copy, and documents carry their path; a saved version 1 pack is refused, so the
/// explorer indexes the person's files again. Version 3: terms fold Arabic and Persian letter
/// variants together and keep the dotless `ı` apart from `i`, so a version 2 pack's terms would not
/// meet the queries; it is refused and its files are to be added again.
pub const MAGIC: &[u8; 8] = b"TRAWLPK\x03";

/// The pack of a small fixed corpus (`golden_pack` in the tests) as this format version writes it:
/// the version, the length and the FNV-1a hash of its bytes. A change to the bytes is a change to
/// the format: bump [`MAGIC`]'s version with it (so saved packs are refused, not misread), then
/// record the new bytes here.
#[cfg(test)]
const GOLDEN_PACK: Golden = Golden { version: 3, len: 1661, fnv1a: 0x2fec_db84_cc8f_5933 };

#[cfg(test)]
#[derive(Debug, PartialEq)]
struct Golden {
    version: u8,
    len: usize,
    fnv1a: u64,
}

/// A corpus ready to search.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    pub corpus: Corpus,
    pub index: Index,
    pub extraction: Extraction,
}

impl Loaded {
    /// Adds another part of a collection after this one's documents: documents, index and
    /// extraction, as if the whole had been packed at once (see [`Index::appended`]). Ids that clash
    /// with loaded ones get a suffix, reported like any clash.
    pub fn append(&mut self, other: Loaded) -> Vec<crate::Diagnostic> {
        let index = self.index.appended(&other.index);
        let mine = Loaded {
            corpus: std::mem::take(&mut self.corpus),
            index,
            extraction: std::mem::take(&mut self.extraction),
        };
        let (all, notes) = mine.followed_by(other);
        *self = all;
        notes
    }

    /// [`Loaded::append`] leaving `self` as it is, for a corpus that is still being searched while
    /// the next part loads. The documents are shared, not copied (see [`Corpus`]); the index is
    /// built anew either way; the extraction is copied.
    pub fn appended(&self, other: Loaded) -> (Loaded, Vec<crate::Diagnostic>) {
        let index = self.index.appended(&other.index);
        Loaded { corpus: self.corpus.clone(), index, extraction: self.extraction.clone() }.followed_by(other)
    }

    /// `other`'s documents and extraction added after this one's, whose index already covers both.
    fn followed_by(mut self, other: Loaded) -> (Loaded, Vec<crate::Diagnostic>) {
        let offset = self.corpus.len() as u32;
        let mut notes = Vec::new();
        for doc in other.corpus.into_docs() {
            if let Some(d) = self.corpus.add_shared(doc) {
                notes.push(d);
            }
        }
        let first_event = self.extraction.events.len();
        self.extraction.append(other.extraction, offset);
        if !notes.is_empty() {
            for ev in &mut self.extraction.events[first_event..] {
                ev.doc_id = self.corpus.docs()[ev.doc as usize].id.clone();
            }
        }
        (self, notes)
    }
}

/// The list of a collection's shards, `manifest.json` beside them (see [`write_shards`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    pub documents: usize,
    pub shards: Vec<ShardInfo>,
    /// `"gzip"` when every shard file is gzip-compressed (as `trawl pack` writes them: about a
    /// third of the bytes to download); absent when they are plain packs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// File name, relative to the manifest.
    pub file: String,
    pub documents: usize,
    /// Bytes of the file as stored (compressed, with `compression`).
    pub bytes: usize,
}

pub const MANIFEST_FORMAT: &str = "trawl-collection/1";

impl Manifest {
    /// Reads a manifest, refusing one whose shard names could leave its folder.
    pub fn parse(json: &str) -> Result<Manifest, ManifestError> {
        let m: Manifest =
            serde_json::from_str(json).map_err(|e| ManifestError::NotAManifest { reason: e.to_string() })?;
        m.validate()?;
        Ok(m)
    }

    /// The checks of [`Manifest::parse`], for a manifest read otherwise (the explorer uses the
    /// browser's JSON parser).
    pub fn validate(&self) -> Result<(), ManifestError> {
        let m = self;
        if m.format != MANIFEST_FORMAT {
            return Err(ManifestError::Format { found: m.format.clone() });
        }
        if let Some(s) = m
            .shards
            .iter()
            .find(|s| s.file.is_empty() || s.file.contains(['/', '\\', '?', '#', ':']) || s.file.starts_with('.'))
        {
            return Err(ManifestError::ShardOutside { file: s.file.clone() });
        }
        if let Some(c) = m.compression.as_deref().filter(|&c| c != "gzip") {
            return Err(ManifestError::Compression { found: c.to_string() });
        }
        let in_shards = m.shards.iter().map(|s| s.documents).sum::<usize>();
        if in_shards != m.documents {
            return Err(ManifestError::DocumentsDoNotAddUp { listed: m.documents, in_shards });
        }
        Ok(())
    }
}

/// Why a collection manifest is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ManifestError {
    /// Not JSON of a manifest's shape.
    NotAManifest { reason: String },
    /// A `format` other than [`MANIFEST_FORMAT`].
    Format { found: String },
    /// A shard name that could leave the manifest's folder (a path, a URL, a dot file).
    ShardOutside { file: String },
    /// A `compression` other than `"gzip"`.
    Compression { found: String },
    /// The shards' documents do not sum to the manifest's.
    DocumentsDoNotAddUp { listed: usize, in_shards: usize },
}

// The messages are written piece by piece rather than with `write!`, which costs the page's wasm
// more for the same text.
impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Debug;
        match self {
            ManifestError::NotAManifest { reason } => {
                f.write_str("not a collection manifest (")?;
                f.write_str(reason)?;
                f.write_str(")")
            }
            ManifestError::Format { found } => {
                f.write_str("collection format ")?;
                Debug::fmt(found, f)?;
                f.write_str(" is not supported (this build reads ")?;
                Debug::fmt(MANIFEST_FORMAT, f)?;
                f.write_str(")")
            }
            ManifestError::ShardOutside { file } => {
                f.write_str("collection manifest names a shard outside its folder: ")?;
                Debug::fmt(file, f)
            }
            ManifestError::Compression { found } => {
                f.write_str("collection compression ")?;
                Debug::fmt(found, f)?;
                f.write_str(" is not supported (only \"gzip\")")
            }
            ManifestError::DocumentsDoNotAddUp { .. } => {
                f.write_str("collection manifest is inconsistent: shard documents do not add up")
            }
        }
    }
}

impl std::error::Error for ManifestError {}

/// The part of a pack an error was met in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Section {
    /// The magic and version.
    Header,
    Documents,
    Index,
    Entities,
    Events,
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Section::Header => "header",
            Section::Documents => "documents",
            Section::Index => "index",
            Section::Entities => "entities",
            Section::Events => "events",
        })
    }
}

/// Why a pack cannot be read. A pack is refused whole: nothing of it is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackError {
    /// The bytes do not start with `TRAWLPK`.
    NotAPack,
    /// A pack of another format version (older or newer than [`MAGIC`]'s).
    Version {
        found: u8,
        supported: u8,
    },
    /// The bytes end, `len` of them, before the pack does.
    Truncated {
        section: Section,
        len: usize,
    },
    /// An item starting at byte `at` does not decode.
    Undecodable {
        section: Section,
        at: usize,
    },
    /// The index counts `indexed` documents, the pack holds `documents`.
    IndexMismatch {
        documents: usize,
        indexed: u32,
    },
    /// The index fails [`Index::validate`].
    Index(IndexError),
    /// A mention of `entity` points outside its document.
    MentionOutside {
        entity: String,
    },
    /// Event number `event` points outside its document.
    EventOutside {
        event: usize,
    },
    EntitiesOutOfOrder,
    /// Two documents carry the id `id`.
    DuplicateId {
        id: String,
    },
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let damaged = "pack is damaged: ";
        match self {
            PackError::NotAPack => f.write_str("not a Trawl pack (it does not start with TRAWLPK)"),
            PackError::Version { found, supported } => {
                f.write_str(if found < supported { "pack is in an older" } else { "pack is in a newer" })?;
                f.write_str(" format (version ")?;
                std::fmt::Display::fmt(found, f)?;
                f.write_str("; this build reads version ")?;
                std::fmt::Display::fmt(supported, f)?;
                f.write_str("); make it again from its documents with this build's `trawl pack`")
            }
            PackError::Truncated { .. } => f.write_str("pack is damaged or truncated (it ends early)"),
            PackError::Undecodable { .. } => f.write_str("pack is damaged or truncated (it does not decode)"),
            PackError::IndexMismatch { .. } => f.write_str("pack is damaged: index and documents disagree"),
            PackError::Index(e) => {
                f.write_str(damaged)?;
                std::fmt::Display::fmt(e, f)
            }
            PackError::MentionOutside { entity } => {
                f.write_str("pack is damaged: a mention of ")?;
                std::fmt::Debug::fmt(entity, f)?;
                f.write_str(" points outside its document")
            }
            PackError::EventOutside { .. } => f.write_str("pack is damaged: an event points outside its document"),
            PackError::EntitiesOutOfOrder => f.write_str("pack is damaged: entities out of order"),
            PackError::DuplicateId { .. } => f.write_str("pack is damaged: two documents share an id"),
        }
    }
}

impl std::error::Error for PackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PackError::Index(e) => Some(e),
            _ => None,
        }
    }
}

impl From<IndexError> for PackError {
    fn from(e: IndexError) -> PackError {
        PackError::Index(e)
    }
}

/// Packs a corpus as shards of at most `docs_per_shard` documents, each an ordinary pack, plus
/// their manifest (which names them `shard-NNNN.trawl`, uncompressed: whoever compresses them
/// renames them and sets [`Manifest::compression`]). Every shard is indexed with the gram words of the whole corpus, so appending
/// them in order ([`Loaded::append`]) gives the index of the whole. `progress` gets the shards done.
pub fn write_shards(
    corpus: &Corpus,
    lexicon: &crate::extract::Lexicon,
    docs_per_shard: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> (Manifest, Vec<Vec<u8>>) {
    let gram_words = crate::index::gram_words(corpus);
    let chunks: Vec<&[std::sync::Arc<Document>]> = corpus.docs().chunks(docs_per_shard.max(1)).collect();
    let mut packs = Vec::with_capacity(chunks.len());
    let mut manifest =
        Manifest { format: MANIFEST_FORMAT.into(), documents: corpus.len(), shards: Vec::new(), compression: None };
    let extractor = crate::extract::Extractor::new(lexicon);
    for (i, chunk) in chunks.iter().enumerate() {
        progress(i, chunks.len());
        let mut part = Corpus::new();
        for doc in chunk.iter() {
            part.add_shared(doc.clone());
        }
        let index = Index::build_with_gram_words(&part, gram_words.clone());
        let extraction = extractor.extract(&part);
        let bytes = write(&part, &index, &extraction);
        manifest.shards.push(ShardInfo {
            file: format!("shard-{i:04}.trawl"),
            documents: part.len(),
            bytes: bytes.len(),
        });
        packs.push(bytes);
    }
    (manifest, packs)
}

#[derive(Serialize)]
struct PackRef<'a> {
    docs: &'a [std::sync::Arc<Document>],
    index: &'a Index,
    entities: &'a [Entity],
    events: &'a [Event],
}

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
    // Written once, into a buffer of the exact size: the pack is the size of the corpus and its index
    // together (184 MB for 100k news reports), and a growing buffer copied after the magic would hold
    // up to three times that at once. Serialising plain structs into a Vec cannot fail.
    let size = postcard::experimental::serialized_size(&pack).expect("pack encodes");
    let mut out = Vec::with_capacity(MAGIC.len() + size);
    out.extend_from_slice(MAGIC);
    postcard::to_extend(&pack, out).expect("pack encodes")
}

/// [`write`], handing the pack to `out` a piece at a time (of at most [`PIECE_BYTES`]) as it is
/// written, so that the whole pack is never in memory here: the explorer's worker passes the pieces
/// to the page as they come. The pieces concatenated are the bytes [`write`] returns.
pub fn write_with(corpus: &Corpus, index: &Index, extraction: &Extraction, out: &mut dyn FnMut(&[u8])) {
    write_in_pieces(corpus, index, extraction, PIECE_BYTES, out);
}

fn write_in_pieces(corpus: &Corpus, index: &Index, extraction: &Extraction, size: usize, out: &mut dyn FnMut(&[u8])) {
    let pack = PackRef { docs: corpus.docs(), index, entities: &extraction.entities, events: &extraction.events };
    let mut pieces = Pieces { buf: Vec::with_capacity(size), size, out };
    pieces.buf.extend_from_slice(MAGIC);
    // Serialising plain structs cannot fail.
    let pieces = postcard::to_extend(&pack, pieces).expect("pack encodes");
    if !pieces.buf.is_empty() {
        (pieces.out)(&pieces.buf);
    }
}

/// The size of the pieces [`write_with`] hands out.
pub const PIECE_BYTES: usize = 1 << 20;

/// Gathers bytes into pieces of `size` bytes and hands each one on.
struct Pieces<'a> {
    buf: Vec<u8>,
    size: usize,
    out: &'a mut dyn FnMut(&[u8]),
}

impl Extend<u8> for Pieces<'_> {
    fn extend<I: IntoIterator<Item = u8>>(&mut self, bytes: I) {
        for b in bytes {
            self.buf.push(b);
            if self.buf.len() == self.size {
                (self.out)(&self.buf);
                self.buf.clear();
            }
        }
    }
}

/// Reads a pack. Bytes after its end are ignored.
pub fn read(bytes: &[u8]) -> Result<Loaded, PackError> {
    let mut reader = Reader::default();
    reader.push(bytes)?;
    reader.finish()
}

/// Reads a pack given a piece at a time, as it arrives from a file or a worker: what [`read`] gives
/// for the pieces concatenated, without ever holding them all. Documents, entities and events are
/// decoded as soon as each is complete; only the index (about a third of a pack) is decoded whole.
#[derive(Default)]
pub struct Reader {
    /// Bytes of an item not complete yet.
    buf: Vec<u8>,
    /// Where `buf` (or the piece decoded in place) starts in the pack.
    base: usize,
    /// No decoding is tried before this many bytes wait: after an attempt fails for want of bytes,
    /// the next waits for twice as many, so a large item is parsed a few times at most.
    retry_at: usize,
    stage: Stage,
    docs: Vec<Document>,
    index: Option<Index>,
    entities: Vec<Entity>,
    events: Vec<Event>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Stage {
    #[default]
    Magic,
    DocCount,
    Docs(u64),
    Index,
    EntityCount,
    Entities(u64),
    EventCount,
    Events(u64),
    Done,
}

impl Stage {
    fn section(self) -> Section {
        match self {
            Stage::Magic => Section::Header,
            Stage::DocCount | Stage::Docs(_) => Section::Documents,
            Stage::Index => Section::Index,
            Stage::EntityCount | Stage::Entities(_) => Section::Entities,
            Stage::EventCount | Stage::Events(_) | Stage::Done => Section::Events,
        }
    }
}

/// Items are reserved for at most this many at once, whatever a damaged count says.
const RESERVE_MAX: u64 = 1 << 16;

impl Reader {
    /// Adds the next piece, decoding whatever it completes. Only bytes of an item not complete yet
    /// are copied (all of `piece` is read in place when nothing is waiting).
    pub fn push(&mut self, piece: &[u8]) -> Result<(), PackError> {
        if self.buf.is_empty() {
            let mut at = 0;
            if piece.len() >= self.retry_at {
                at = self.decode(piece)?;
            }
            self.base += at;
            self.buf.extend_from_slice(&piece[at..]);
            return Ok(());
        }
        self.buf.extend_from_slice(piece);
        if self.buf.len() >= self.retry_at {
            let buf = std::mem::take(&mut self.buf);
            let at = self.decode(&buf);
            self.buf = buf;
            let at = at?;
            self.buf.drain(..at);
            self.base += at;
        }
        // A buffer grown for the index is given back once the index is decoded.
        if self.buf.capacity() > 4 * self.buf.len().max(PIECE_BYTES) {
            self.buf.shrink_to_fit();
        }
        Ok(())
    }

    /// The pack, once every piece has been pushed.
    pub fn finish(mut self) -> Result<Loaded, PackError> {
        self.retry_at = 0;
        let buf = std::mem::take(&mut self.buf);
        self.decode(&buf)?;
        let index = match (self.stage, self.index.take()) {
            (Stage::Done, Some(index)) => index,
            (Stage::Magic, _) => return Err(PackError::NotAPack),
            (stage, _) => return Err(PackError::Truncated { section: stage.section(), len: self.base + buf.len() }),
        };
        build(PackOwned { docs: self.docs, index, entities: self.entities, events: self.events })
    }

    /// The next item from `data[*at..]` (advancing `at`), or `None` when its bytes have not all
    /// arrived.
    fn take<T: serde::de::DeserializeOwned>(&mut self, data: &[u8], at: &mut usize) -> Result<Option<T>, PackError> {
        match postcard::take_from_bytes::<T>(&data[*at..]) {
            Ok((value, rest)) => {
                *at = data.len() - rest.len();
                self.retry_at = 0;
                Ok(Some(value))
            }
            Err(postcard::Error::DeserializeUnexpectedEnd) => {
                self.retry_at = 2 * (data.len() - *at) + 1;
                Ok(None)
            }
            Err(_) => Err(PackError::Undecodable { section: self.stage.section(), at: self.base + *at }),
        }
    }

    /// Decodes items from `data` until its bytes run out; returns how many bytes were used.
    fn decode(&mut self, data: &[u8]) -> Result<usize, PackError> {
        let mut at = 0;
        loop {
            let next = match self.stage {
                Stage::Magic => {
                    let bytes = &data[at..];
                    if bytes.len() < MAGIC.len() {
                        let prefix = &MAGIC[..bytes.len().min(MAGIC.len() - 1)];
                        if !bytes.starts_with(prefix) {
                            return Err(PackError::NotAPack);
                        }
                        return Ok(at);
                    }
                    if !is_pack(bytes) {
                        return Err(PackError::NotAPack);
                    }
                    let (version, supported) = (bytes[MAGIC.len() - 1], MAGIC[MAGIC.len() - 1]);
                    if version != supported {
                        return Err(PackError::Version { found: version, supported });
                    }
                    at += MAGIC.len();
                    Stage::DocCount
                }
                Stage::DocCount => match self.take::<u64>(data, &mut at)? {
                    Some(n) => {
                        self.docs.reserve(n.min(RESERVE_MAX) as usize);
                        Stage::Docs(n)
                    }
                    None => return Ok(at),
                },
                Stage::Docs(0) => Stage::Index,
                Stage::Docs(n) => match self.take::<Document>(data, &mut at)? {
                    Some(doc) => {
                        self.docs.push(doc);
                        Stage::Docs(n - 1)
                    }
                    None => return Ok(at),
                },
                Stage::Index => match self.take::<Index>(data, &mut at)? {
                    Some(index) => {
                        self.index = Some(index);
                        Stage::EntityCount
                    }
                    None => return Ok(at),
                },
                Stage::EntityCount => match self.take::<u64>(data, &mut at)? {
                    Some(n) => {
                        self.entities.reserve(n.min(RESERVE_MAX) as usize);
                        Stage::Entities(n)
                    }
                    None => return Ok(at),
                },
                Stage::Entities(0) => Stage::EventCount,
                Stage::Entities(n) => match self.take::<Entity>(data, &mut at)? {
                    Some(e) => {
                        self.entities.push(e);
                        Stage::Entities(n - 1)
                    }
                    None => return Ok(at),
                },
                Stage::EventCount => match self.take::<u64>(data, &mut at)? {
                    Some(n) => {
                        self.events.reserve(n.min(RESERVE_MAX) as usize);
                        Stage::Events(n)
                    }
                    None => return Ok(at),
                },
                Stage::Events(0) => Stage::Done,
                Stage::Events(n) => match self.take::<Event>(data, &mut at)? {
                    Some(e) => {
                        self.events.push(e);
                        Stage::Events(n - 1)
                    }
                    None => return Ok(at),
                },
                Stage::Done => return Ok(at),
            };
            self.stage = next;
        }
    }
}

/// A decoded pack checked for everything a search could trip on, as a corpus ready to search.
fn build(p: PackOwned) -> Result<Loaded, PackError> {
    if p.index.n_docs() as usize != p.docs.len() {
        return Err(PackError::IndexMismatch { documents: p.docs.len(), indexed: p.index.n_docs() });
    }
    p.index.validate()?;
    let n = p.docs.len() as u32;
    let body = |doc: u32| p.docs.get(doc as usize).map(|d| d.body.as_str());
    let inside = |doc: u32, start: usize, end: usize| {
        body(doc).is_some_and(|b| start <= end && b.is_char_boundary(start) && b.is_char_boundary(end))
    };
    for e in &p.entities {
        for m in &e.mentions {
            let (s0, s1) = (m.sentence.0 as usize, m.sentence.1 as usize);
            if m.doc >= n || !inside(m.doc, m.start, m.end) || !inside(m.doc, s0, s1) {
                return Err(PackError::MentionOutside { entity: e.name.clone() });
            }
        }
    }
    for (i, ev) in p.events.iter().enumerate() {
        if ev.doc >= n || !inside(ev.doc, ev.start, ev.end) || ev.also.iter().any(|&(a, b)| !inside(ev.doc, a, b)) {
            return Err(PackError::EventOutside { event: i });
        }
    }
    if p.entities.windows(2).any(|w| (w[0].kind, &w[0].name) > (w[1].kind, &w[1].name)) {
        return Err(PackError::EntitiesOutOfOrder);
    }
    let mut corpus = Corpus::new();
    for doc in p.docs {
        if corpus.position(&doc.id).is_some() {
            return Err(PackError::DuplicateId { id: doc.id });
        }
        corpus.add(doc);
    }
    let extraction = Extraction { entities: p.entities, events: p.events, ..Extraction::default() };
    let mut index = p.index;
    index.derive();
    Ok(Loaded { corpus, index, extraction })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract, Lexicon};
    use crate::search::{search_text, SearchOptions};

    fn seed_pack() -> (Loaded, Vec<u8>) {
        let corpus = crate::tests::seeds();
        let index = Index::build(&corpus);
        let extraction = crate::tests::extractor().extract(&corpus);
        let bytes = write(&corpus, &index, &extraction);
        (Loaded { corpus, index, extraction }, bytes)
    }

    fn hits(l: &Loaded, q: &str) -> Vec<String> {
        let opts = SearchOptions { limit: 50, ..SearchOptions::default() };
        search_text(&l.corpus, &l.index, q, &opts, Some(&l.extraction)).hits.into_iter().map(|h| h.id).collect()
    }

    /// A small corpus covering what a pack holds: documents with every metadata field, an index
    /// with common grams, stems and hyphenated compounds, and an entity and an event written out
    /// (not extracted, so that the lexicon and the extractor can change without changing it).
    fn golden_pack() -> Vec<u8> {
        let jsonl = concat!(
            r#"{"id": "a-1", "title": "Customs seize heroin", "date": "2018-03-14", "source": "Trend", "url": "https://example.org/a", "body": "Customs officers of the Astara post seized 120 kg of heroin in a truck. The wi-fi at the border was down."}"#,
            "\n",
            r#"{"id": "b-2", "title": "Ministers meet", "date": "2019", "source": "IRNA", "body": "The ministers of the two countries met in Bakı and signed a protocol on the fight against drug trafficking."}"#,
            "\n",
            r#"{"id": "c-3", "title": "Opium", "body": "Police seized opium. Seizures of opium rose in the year of the report."}"#,
            "\n",
        );
        let mut corpus = Corpus::new();
        assert!(corpus.add_file("golden.jsonl", jsonl.as_bytes()).is_empty());
        let index = Index::build(&corpus);
        let body = &corpus.docs()[0].body;
        let at = body.find("Astara").unwrap();
        let sentence = (0, body.find(". ").unwrap() as u32 + 1);
        let entity = Entity {
            kind: crate::extract::EntityKind::Place,
            name: "Astara".into(),
            country: Some("Azerbaijan".into()),
            detail: Some("city".into()),
            lat: Some(38.456),
            lon: Some(48.875),
            mentions: vec![crate::extract::Mention {
                doc: 0,
                start: at,
                end: at + "Astara".len(),
                text: "Astara".into(),
                form: crate::extract::Form::Name,
                sentence,
            }],
        };
        let event: Event = serde_json::from_value(serde_json::json!({
            "kind": "seizure", "doc": 0, "doc_id": "a-1", "drug": "heroin", "kg": 120.0, "count": null,
            "qualifier": null, "place": "Astara", "country": "Azerbaijan", "date": "2018-03-14",
            "date_text": "14 March 2018", "agency": "customs", "parties": [], "aggregate": false,
            "start": 0, "end": sentence.1, "also": [[0, 10]],
        }))
        .unwrap();
        let extraction = Extraction { entities: vec![entity], events: vec![event], ..Extraction::default() };
        let bytes = write(&corpus, &index, &extraction);
        read(&bytes).expect("the golden pack reads");
        bytes
    }

    #[test]
    fn pack_bytes_change_only_with_the_format_version() {
        let bytes = golden_pack();
        let fnv1a = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
        let now = Golden { version: MAGIC[7], len: bytes.len(), fnv1a };
        if GOLDEN_PACK.version == now.version {
            assert_eq!(
                GOLDEN_PACK, now,
                "the bytes of a pack changed but the format version did not: packs saved by earlier builds \
                 would be misread. Bump the version in pack::MAGIC, then record the new bytes in GOLDEN_PACK \
                 (len {}, fnv1a {:#x})",
                now.len, now.fnv1a
            );
        } else {
            assert_eq!(
                GOLDEN_PACK, now,
                "the format version changed: record this version's pack in pack::GOLDEN_PACK (len {}, fnv1a {:#x})",
                now.len, now.fnv1a
            );
        }
    }

    #[test]
    fn a_pack_written_in_pieces_is_the_same_pack() {
        let (built, bytes) = seed_pack();
        let mut pieces = Vec::new();
        write_in_pieces(&built.corpus, &built.index, &built.extraction, 1000, &mut |p| pieces.push(p.to_vec()));
        assert_eq!(pieces.len(), bytes.len().div_ceil(1000));
        assert!(pieces.iter().all(|p| p.len() <= 1000));
        assert_eq!(pieces.concat(), bytes);
    }

    /// [`Reader`] given `bytes` in pieces of `size`.
    fn read_in_pieces(bytes: &[u8], size: usize) -> Result<Loaded, PackError> {
        let mut reader = Reader::default();
        for piece in bytes.chunks(size) {
            reader.push(piece)?;
        }
        reader.finish()
    }

    #[test]
    fn a_pack_read_in_pieces_is_the_same_corpus() {
        let (built, bytes) = seed_pack();
        for size in [1, 7, 100, 4096, bytes.len()] {
            let l = read_in_pieces(&bytes, size).expect("pack reads in pieces");
            assert_eq!(l.corpus.docs(), built.corpus.docs(), "pieces of {size}");
            assert_eq!(l.extraction.entities, built.extraction.entities);
            assert_eq!(l.extraction.events.len(), built.extraction.events.len());
            assert_eq!(hits(&l, "\"joint operations\""), hits(&built, "\"joint operations\""));
        }
        // Pieces of a damaged or cut pack give the error the whole gives.
        for len in [0, 5, 8, 9, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(read_in_pieces(&bytes[..len], 3).err(), read(&bytes[..len]).err(), "cut at {len}");
            assert!(read(&bytes[..len]).is_err());
        }
        let other = read_in_pieces(b"TRAWLPK\x63rest", 2).unwrap_err();
        assert_eq!(other, PackError::Version { found: 99, supported: MAGIC[7] });
        assert_eq!(read(b"TRAWLPK\x63rest").err(), Some(other));
        assert_eq!(read_in_pieces(b"PK", 1).err(), Some(PackError::NotAPack));
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

    /// The seeds and 60 generated reports (several sources and years, frequent words for common
    /// grams, clashing-free ids).
    fn mixed_corpus() -> Corpus {
        let mut c = crate::tests::seeds();
        let words = [
            "the", "of", "police", "seized", "heroin", "opium", "border", "in", "a", "kg", "Astara", "Iran", "customs",
            "officers", "the", "of", "to", "and", "tons", "hashish", "Baku", "Moscow", "UNODC",
        ];
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for i in 0..60 {
            let body: Vec<&str> = (0..20 + next() % 60).map(|_| words[next() % words.len()]).collect();
            let json = format!(
                r#"{{"id": "gen-{i}", "title": "{} {}", "body": "{}. Police seized {} kg of heroin in Astara.", "date": "20{:02}-0{}-1{}", "source": "{}"}}"#,
                words[next() % words.len()],
                words[next() % words.len()],
                body.join(" "),
                10 + next() % 900,
                10 + next() % 12,
                1 + next() % 9,
                next() % 9,
                ["Trend", "IRNA", "TASS", "Mehr"][next() % 4]
            );
            c.add_file(&format!("gen-{i}.json"), json.as_bytes());
        }
        c
    }

    const QUERIES: &[&str] = &[
        "heroin",
        "the",
        "\"of the\"",
        "\"the of the\"",
        "\"police seized\"",
        "heroin OR opium -Astara",
        "seiz*",
        "Astra~",
        "heroin NEAR/3 Astara",
        "title:police",
        "source:Trend",
        "year:2015",
        "kg:>500",
        "person:Kakavand",
        "drug:heroin place:Astara",
        "when:2018",
    ];

    fn scored(l: &Loaded, q: &str) -> Vec<(String, String)> {
        let opts = SearchOptions { limit: 100, ..SearchOptions::default() };
        let r = search_text(&l.corpus, &l.index, q, &opts, Some(&l.extraction));
        r.hits.into_iter().map(|h| (h.id, format!("{:.5}", h.score))).collect()
    }

    #[test]
    fn shards_append_to_the_whole() {
        let corpus = mixed_corpus();
        let lexicon = Lexicon::builtin();
        let whole = Loaded { index: Index::build(&corpus), extraction: extract(&corpus, &lexicon), corpus };
        // Through a pack, as the shards are (packs keep what events carry downstream only).
        let whole = read(&write(&whole.corpus, &whole.index, &whole.extraction)).unwrap();
        let (manifest, packs) = write_shards(&whole.corpus, &lexicon, 7, &mut |_, _| {});
        assert_eq!(manifest.documents, whole.corpus.len());
        assert_eq!(manifest.shards.len(), whole.corpus.len().div_ceil(7));
        assert_eq!(Manifest::parse(&serde_json::to_string(&manifest).unwrap()).unwrap(), manifest);
        let mut loaded = Loaded::default();
        for (info, bytes) in manifest.shards.iter().zip(&packs) {
            assert_eq!(info.bytes, bytes.len());
            let part = read(bytes).expect("a shard is a pack");
            assert_eq!(part.corpus.len(), info.documents);
            assert!(loaded.append(part).is_empty());
        }
        // Byte for byte the index a build of the whole gives.
        assert_eq!(postcard::to_allocvec(&loaded.index).unwrap(), postcard::to_allocvec(&whole.index).unwrap());
        loaded.index.validate().unwrap();
        assert_eq!(loaded.corpus.docs(), whole.corpus.docs());
        assert_eq!(loaded.extraction.entities, whole.extraction.entities);
        assert_eq!(loaded.extraction.events, whole.extraction.events);
        for q in QUERIES {
            assert_eq!(scored(&loaded, q), scored(&whole, q), "{q}");
        }
    }

    #[test]
    fn packs_built_apart_append_and_search_as_one() {
        // Parts indexed on their own choose their own gram words; phrases must still match.
        let corpus = mixed_corpus();
        let lexicon = Lexicon::builtin();
        let whole = Loaded { index: Index::build(&corpus), extraction: extract(&corpus, &lexicon), corpus };
        let mut loaded = Loaded::default();
        for chunk in whole.corpus.docs().chunks(23) {
            let mut part = Corpus::new();
            chunk.iter().for_each(|d| assert!(part.add_shared(d.clone()).is_none()));
            let p = Loaded { index: Index::build(&part), extraction: extract(&part, &lexicon), corpus: part };
            loaded.append(read(&write(&p.corpus, &p.index, &p.extraction)).unwrap());
        }
        loaded.index.validate().unwrap();
        assert_eq!(loaded.extraction.entities, whole.extraction.entities);
        for q in QUERIES {
            assert_eq!(scored(&loaded, q), scored(&whole, q), "{q}");
        }
    }

    #[test]
    fn appending_renames_clashing_ids_and_their_events() {
        let (built, bytes) = seed_pack();
        let mut l = read(&bytes).unwrap();
        let notes = l.append(read(&bytes).unwrap());
        assert_eq!(notes.len(), built.corpus.len());
        assert_eq!(l.corpus.len(), 2 * built.corpus.len());
        let n = built.corpus.len();
        for ev in &l.extraction.events {
            assert_eq!(ev.doc_id, l.corpus.docs()[ev.doc as usize].id);
        }
        assert!(l.extraction.events.iter().any(|e| e.doc as usize >= n && e.doc_id.ends_with("-2")));
        // Every hit is found twice, once per copy.
        assert_eq!(hits(&l, "heroin").len(), 2 * hits(&built, "heroin").len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Any corpus, cut into shards of any size: appended, they give the whole's index, byte for byte.
        #[test]
        fn any_shards_append_to_the_whole(
            bodies in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!["the", "of", "heroin", "Astara", "seized", "kg", "x", "é"]), 0..12),
                1..30,
            ),
            per_shard in 1usize..8,
        ) {
            let mut corpus = Corpus::new();
            for (i, words) in bodies.iter().enumerate() {
                corpus.add_file(&format!("d{i}.txt"), words.join(" ").as_bytes());
            }
            let whole = Index::build(&corpus);
            let (_, packs) = write_shards(&corpus, &Lexicon::builtin(), per_shard, &mut |_, _| {});
            let mut loaded = Loaded::default();
            for bytes in &packs {
                loaded.append(read(bytes).unwrap());
            }
            proptest::prop_assert_eq!(postcard::to_allocvec(&loaded.index).unwrap(), postcard::to_allocvec(&whole).unwrap());
        }
    }

    #[test]
    fn bad_manifests_are_errors() {
        let ok = r#"{"format": "trawl-collection/1", "documents": 3, "shards": [{"file": "a.trawl", "documents": 3, "bytes": 10}]}"#;
        assert!(Manifest::parse(ok).is_ok());
        for bad in ["", "[]"] {
            assert!(matches!(Manifest::parse(bad), Err(ManifestError::NotAManifest { .. })), "{bad:?}");
        }
        let outside = |file: &str| ManifestError::ShardOutside { file: file.into() };
        for (bad, expected) in [
            (ok.replace("/1", "/9"), ManifestError::Format { found: "trawl-collection/9".into() }),
            (ok.replace("a.trawl", "../a.trawl"), outside("../a.trawl")),
            (ok.replace("a.trawl", "https://evil.example/a"), outside("https://evil.example/a")),
            (
                ok.replacen("\"documents\": 3,", "\"documents\": 4,", 1),
                ManifestError::DocumentsDoNotAddUp { listed: 4, in_shards: 3 },
            ),
            (
                ok.replace("{\"format", "{\"compression\": \"zstd\", \"format"),
                ManifestError::Compression { found: "zstd".into() },
            ),
        ] {
            assert_eq!(Manifest::parse(&bad), Err(expected), "{bad}");
        }
        // What a person reads.
        let e = Manifest::parse(&ok.replace("a.trawl", "../a.trawl")).unwrap_err();
        assert_eq!(e.to_string(), "collection manifest names a shard outside its folder: \"../a.trawl\"");
    }

    #[test]
    fn bad_packs_are_errors() {
        let (_, bytes) = seed_pack();
        assert_eq!(read(b"").err(), Some(PackError::NotAPack));
        assert_eq!(read(b"{\"id\": 1}").err(), Some(PackError::NotAPack));
        let mut older = bytes.clone();
        older[7] = MAGIC[7] - 1;
        assert_eq!(read(&older).err(), Some(PackError::Version { found: MAGIC[7] - 1, supported: MAGIC[7] }));
        assert!(read(&older).unwrap_err().to_string().starts_with("pack is in an older format"));
        let mut newer = bytes.clone();
        newer[7] = MAGIC[7] + 1;
        assert_eq!(read(&newer).err(), Some(PackError::Version { found: MAGIC[7] + 1, supported: MAGIC[7] }));
        assert!(read(&newer).unwrap_err().to_string().starts_with("pack is in a newer format"));
        // Every truncation is an error, never a panic; past the header, a truncation says where.
        let step = (bytes.len() / 400).max(1);
        for len in (MAGIC.len()..bytes.len()).step_by(step) {
            match read(&bytes[..len]) {
                Err(PackError::Truncated { len: at, .. }) => assert_eq!(at, len),
                other => panic!("truncated at {len}: {:?}", other.err()),
            }
        }
        assert_eq!(
            read(&bytes[..MAGIC.len()]).err(),
            Some(PackError::Truncated { section: Section::Documents, len: 8 })
        );
        // Two documents with one id.
        let corpus = crate::tests::seeds();
        let twice: Vec<_> = corpus.docs().iter().chain(corpus.docs()).cloned().collect();
        let mut renamed = Corpus::new();
        twice.iter().for_each(|d| drop(renamed.add_shared(d.clone())));
        let index = Index::build(&renamed);
        let with = |index: &Index| {
            let mut bytes = MAGIC.to_vec();
            bytes.extend(postcard::to_allocvec(&PackRef { docs: &twice, index, entities: &[], events: &[] }).unwrap());
            read(&bytes).err()
        };
        assert_eq!(with(&index), Some(PackError::DuplicateId { id: corpus.docs()[0].id.clone() }));
        let n = twice.len();
        assert_eq!(with(&Index::default()), Some(PackError::IndexMismatch { documents: n, indexed: 0 }));
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
                // Appended to a good pack, and a good pack appended to it: still no panic.
                let mut before = read(&bytes).unwrap();
                before.append(l.clone());
                hits(&before, "heroin");
                let mut after = l.clone();
                after.append(read(&bytes).unwrap());
                hits(&after, "\"joint operations\"");
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
