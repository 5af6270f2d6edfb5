//! The messages between the page and its workers: the indexing worker (`src/worker.rs`: [`ToWorker`],
//! [`FromWorker`]) and the search worker of a partitioned collection (`src/searcher.rs`:
//! [`ToSearcher`], [`FromSearcher`]). One serde type for each direction, encoded and decoded only
//! here ([`encode`], [`decode`]), so the two sides cannot disagree.
//!
//! A message is a plain object `{body, blobs}`: `body` is the serde part in postcard (a `Uint8Array`;
//! the page already reads postcard for packs, so this costs its wasm less than JSON would), `blobs`
//! the files and packs it refers to by their index in that list. Files and packs travel as `Blob`s
//! (a `File` is one), handles the browser passes without copying their bytes, so they stay beside
//! the serde part instead of inside it.

use corpus::kwic::KwicSort;
use corpus::partition::{Fragment, Results, Total};
use corpus::search::{Hit, Sort};
use corpus::snippet::Highlighter;
use corpus::Diagnostic;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Read, index and pack these files (the files of one upload).
    Job { files: Vec<FileIn> },
}

/// One file of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileIn {
    /// Its path as picked or dropped.
    pub original: String,
    /// The name to read it under if it is new (see `uploads::place`).
    pub name: String,
    /// Hashes of files added before with the same path and size.
    pub known: Vec<u64>,
    /// Its `File`: the index in the message's blobs.
    pub file: usize,
}

/// What the worker did with one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileOut {
    pub original: String,
    pub name: String,
    pub size: u64,
    pub hash: u64,
    pub documents: usize,
    /// Added before (same path, size and bytes): not read again.
    pub again: bool,
}

/// What an upload is at: the worker's steps, then the page's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// The page has started a worker.
    Starting,
    Reading,
    Indexing,
    Extracting,
    Packing,
    /// The page appends the pack to its corpus.
    Appending,
    /// The page opens the packs kept in IndexedDB.
    Opening,
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// Listening: messages sent before this were dropped.
    Ready,
    Progress {
        phase: Phase,
        done: u32,
        total: u32,
    },
    Done {
        /// The pack of the documents read, as the index of its blob (`None` when no file gave any).
        pack: Option<usize>,
        files: Vec<FileOut>,
        problems: Vec<Diagnostic>,
        /// Documents indexed: those of this job's files alone.
        documents: u32,
        /// The worker's wasm memory in bytes at the end, which is its peak (wasm memory never
        /// shrinks). Last, so that a benchmark can read it from the message's last bytes
        /// (`tests/e2e/bench-upload.mjs`).
        wasm_memory: u64,
    },
    Failed {
        message: String,
    },
}

/// Page → search worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToSearcher {
    /// Open the partitioned collection whose root is at this (absolute) address; from `root`, the
    /// root's bytes as a worker before this one read them, without fetching it (see `Spent`). With
    /// `keep` (the site works offline: a service worker serves the page), the files it reads are kept
    /// in the Cache API and read from there first.
    Open { url: String, root: Option<Vec<u8>>, keep: bool },
    /// Answer a query: a page of `limit` hits from `offset`. `asked` numbers it: a query asked
    /// later supersedes it, and its answer says which it answers.
    /// With `kwic`, its concordance instead, its lines in that order, over its top hits fetched whole
    /// (which are then the hits answered, from the first). With `exact`, every match is counted (the
    /// total may otherwise be an estimate, found before every posting was read).
    Search { asked: u32, query: String, offset: u32, limit: u32, sort: Sort, kwic: Option<KwicSort>, exact: bool },
    /// Fetch document `doc` whole (its fragment holds only the start of its text), for the reader.
    Read { doc: u32 },
}

/// Search worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromSearcher {
    /// Listening: messages sent before this were dropped.
    Ready,
    /// The root has been read: what the page shows of the whole collection (its sources, years,
    /// most named entities per kind and events per kind).
    Opened {
        n_docs: u32,
        sources: Vec<(String, u32)>,
        years: Vec<(i32, u32)>,
        entities: Vec<(String, Vec<(String, u32)>)>,
        events: Vec<(String, u32)>,
    },
    /// The answer to the query numbered `asked`.
    Answer { asked: u32, answer: Answer },
    /// The root (`asked: None`) or the query numbered `asked` could not be read or answered.
    Failed { asked: Option<u32>, message: String },
    /// Document `doc` whole, as asked by `Read`: a fragment holding its whole title and text (the
    /// type the page reads already for the results).
    Document { doc: u32, whole: Fragment },
    /// Document `doc` could not be fetched: the reader keeps its fragment.
    Unread { doc: u32, message: String },
    /// Done with what it was asked, the worker has grown: it has fetched many files, whose garbage
    /// its collectors leave for later, and its wasm memory never shrinks. The page may replace it
    /// with a fresh one, opened from `root` (the root's bytes) without a fetch.
    Spent { root: Vec<u8> },
}

/// A query's answer as it travels: `corpus::partition::Results` with each hit's fragment, for the
/// reader, and the concordance of the top hits when asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub total: u64,
    /// The total is an estimate (`Total::About`).
    pub about: bool,
    pub hits: Vec<AnswerHit>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the query marks in bodies.
    pub marks: Highlighter,
    /// The matches' sources and years, where the collection knows them (a one-word query).
    pub facets: Option<SourcesYears>,
    /// A concordance's lines (asked with `kwic`), four strings each: document id, left context,
    /// keyword, right context (a shape the page decodes already, which keeps its wasm smaller);
    /// and `corpus::kwic::Kwic`'s figures: occurrences, documents with one, whether it stopped.
    pub lines: Vec<String>,
    pub occurrences: u32,
    pub with_occurrences: u32,
    pub truncated: bool,
}

/// How the concordance tab collects its lines: in the page, and in a partitioned collection's
/// search worker over its top hits.
pub fn kwic_options(sort: KwicSort) -> corpus::kwic::KwicOptions {
    corpus::kwic::KwicOptions { context_chars: 60, limit: 1000, sort, ..Default::default() }
}

/// Sources and years with their document counts.
pub type SourcesYears = (Vec<(String, u32)>, Vec<(i32, u32)>);

/// One hit of an [`Answer`], with the document's fragment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerHit {
    pub hit: Hit,
    pub fragment: Option<Fragment>,
}

impl Answer {
    /// The search worker's side: `results`, each hit with its fragment.
    pub fn new(results: Results, fragment: &dyn Fn(u32) -> Option<Fragment>) -> Answer {
        let (total, about) = match results.total {
            Total::Exact(n) => (n as u64, false),
            Total::About(n) => (n as u64, true),
        };
        let hits = results.hits.into_iter().map(|hit| AnswerHit { fragment: fragment(hit.doc_idx), hit }).collect();
        let counts = |f: Vec<corpus::search::FacetCount>| f.into_iter().map(|f| (f.value, f.count as u32));
        let facets = results.facets.map(|f| {
            let years = counts(f.years).filter_map(|(y, n)| Some((y.parse().ok()?, n))).collect();
            (counts(f.sources).collect(), years)
        });
        Answer {
            facets,
            lines: Vec::new(),
            occurrences: 0,
            with_occurrences: 0,
            truncated: false,
            total,
            about,
            hits,
            diagnostics: results.diagnostics,
            marks: results.body_marks,
        }
    }

    /// The page's side: the total, the hits as the results view shows them, each hit's fragment,
    /// what the query marks in bodies (for the reader) and the query's diagnostics.
    pub fn into_parts(self) -> (Total, Vec<Hit>, Vec<Option<Fragment>>, Highlighter, Vec<Diagnostic>) {
        let total = if self.about { Total::About(self.total as usize) } else { Total::Exact(self.total as usize) };
        let (hits, fragments) = self.hits.into_iter().map(|h| (h.hit, h.fragment)).unzip();
        (total, hits, fragments, self.marks, self.diagnostics)
    }
}

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolError {
    /// Not `{body, blobs}` with bytes and a list of blobs.
    NotAMessage,
    /// The serde part does not decode to the expected type (why is not said: postcard's messages
    /// would cost the page's wasm more than they tell the person).
    Body,
    /// It names a blob the message does not carry.
    NoBlob(usize),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::NotAMessage => f.write_str("not a message of a worker"),
            ProtocolError::Body => f.write_str("a message of a worker does not read"),
            ProtocolError::NoBlob(i) => write!(f, "a message of a worker lacks its file {i}"),
        }
    }
}

/// The serde part of a message.
pub fn to_bytes<T: Serialize>(body: &T) -> Vec<u8> {
    // Only strings, numbers and lists of them: nothing fails to serialise.
    postcard::to_allocvec(body).unwrap_or_default()
}

/// A message's serde part read back (all of it: bytes left over are an error).
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ProtocolError> {
    match postcard::take_from_bytes(bytes) {
        Ok((body, [])) => Ok(body),
        _ => Err(ProtocolError::Body),
    }
}

/// The message for `body` and the blobs it refers to.
pub fn encode<T: Serialize>(body: &T, blobs: &[Blob]) -> JsValue {
    let o = js_sys::Object::new();
    let list: js_sys::Array = blobs.iter().collect();
    let bytes = js_sys::Uint8Array::from(to_bytes(body).as_slice());
    let _ = js_sys::Reflect::set(&o, &"body".into(), &bytes);
    let _ = js_sys::Reflect::set(&o, &"blobs".into(), &list);
    o.into()
}

/// A message's body and its blobs.
pub fn decode<T: DeserializeOwned>(msg: &JsValue) -> Result<(T, Vec<Blob>), ProtocolError> {
    let get = |k: &str| js_sys::Reflect::get(msg, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let body = get("body").dyn_into::<js_sys::Uint8Array>().map_err(|_| ProtocolError::NotAMessage)?.to_vec();
    let list = get("blobs");
    if !js_sys::Array::is_array(&list) {
        return Err(ProtocolError::NotAMessage);
    }
    let blobs = js_sys::Array::from(&list)
        .iter()
        .map(|b| b.dyn_into::<Blob>().map_err(|_| ProtocolError::NotAMessage))
        .collect::<Result<_, _>>()?;
    Ok((from_bytes(&body)?, blobs))
}

/// The blob a message refers to as `i`.
pub fn blob(blobs: &[Blob], i: usize) -> Result<&Blob, ProtocolError> {
    blobs.get(i).ok_or(ProtocolError::NoBlob(i))
}

/// A hash of a file's bytes, to tell a file added again from another of the same path and size
/// (not for anything an attacker chooses: a person adding their own files).
pub fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x2545_F491_4F6C_DD1D;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let v = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h ^ v).wrapping_mul(K).rotate_left(31);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    // The finaliser of MurmurHash3: every input bit reaches every output bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus::extract::EntityKind;
    use corpus::partition::Named;
    use corpus::snippet::Snippet;

    #[test]
    fn hashes_tell_contents_apart() {
        let a = content_hash(b"Police in Tabriz seized opium.");
        assert_eq!(a, content_hash(b"Police in Tabriz seized opium."));
        assert_ne!(a, content_hash(b"Police in Tabriz seized opium!"));
        // Trailing zero bytes and length matter.
        assert_ne!(content_hash(b"abc"), content_hash(b"abc\0"));
        assert_ne!(content_hash(b""), content_hash(b"\0\0\0\0\0\0\0\0"));
    }

    #[test]
    fn a_job_reads_back_as_sent() {
        let job = ToWorker::Job {
            files: vec![
                FileIn { original: "a/001.txt".into(), name: "a/001-2.txt".into(), known: vec![u64::MAX, 7], file: 0 },
                FileIn { original: "news.jsonl.gz".into(), name: "news.jsonl.gz".into(), known: vec![], file: 1 },
            ],
        };
        assert_eq!(from_bytes::<ToWorker>(&to_bytes(&job)), Ok(job));
    }

    #[test]
    fn the_worker_memory_is_the_last_varint_of_done() {
        // What tests/e2e/bench-upload.mjs reads: Done is variant 2, wasm_memory its last field.
        let done = FromWorker::Done { pack: None, files: vec![], problems: vec![], documents: 5, wasm_memory: 300 };
        assert_eq!(to_bytes(&done), [2, 0, 0, 0, 5, 0xAC, 0x02]);
    }

    #[test]
    fn progress_is_variant_1_its_phase_a_number() {
        // What tests/e2e/upload-paths.test.mjs reads: Indexing is phase 2, then done and total.
        let progress = FromWorker::Progress { phase: Phase::Indexing, done: 0, total: 1 };
        assert_eq!(to_bytes(&progress), [1, 2, 0, 1]);
    }

    #[test]
    fn every_reply_reads_back_as_sent() {
        let replies = [
            FromWorker::Ready,
            FromWorker::Progress { phase: Phase::Extracting, done: 3, total: 24_000 },
            FromWorker::Done {
                pack: Some(0),
                files: vec![FileOut {
                    original: "a/001.txt".into(),
                    name: "a/001-2.txt".into(),
                    size: 5_000_000_000,
                    // Hashes use all 64 bits, more than a JS number holds.
                    hash: 0xFEDC_BA98_7654_3211,
                    documents: 2,
                    again: false,
                }],
                problems: vec![Diagnostic::error("x.bin", "binary"), Diagnostic::warning("b.txt", "odd \"quotes\"")],
                documents: 2,
                wasm_memory: 115 << 20,
            },
            FromWorker::Done { pack: None, files: vec![], problems: vec![], documents: 0, wasm_memory: 0 },
            FromWorker::Failed { message: "out of memory".into() },
        ];
        for reply in replies {
            assert_eq!(from_bytes::<FromWorker>(&to_bytes(&reply)), Ok(reply));
        }
    }

    #[test]
    fn the_search_worker_s_messages_read_back_as_sent() {
        let fragment = Fragment {
            id: "d842".into(),
            title: "Customs seize opium".into(),
            date: corpus::Date::parse("2019-03-04"),
            source: Some("Reuters".into()),
            url: None,
            text: "Customs officers seized 40 kg of opium.".into(),
            text_len: 5_000,
            entities: vec![Named { kind: EntityKind::Drug, name: "opium".into(), at: vec![(33, 38)] }],
        };
        let hit = AnswerHit {
            hit: Hit {
                doc_idx: 842,
                id: "d842".into(),
                title: "Customs seize opium".into(),
                title_highlights: vec![(0, 7), (14, 19)],
                date: fragment.date,
                source: Some("Reuters".into()),
                score: 14.730_469,
                snippet: Snippet {
                    text: "seized 40 kg of opium".into(),
                    highlights: vec![(16, 21)],
                    start: 17,
                    cut_before: true,
                    cut_after: false,
                },
            },
            fragment: Some(fragment.clone()),
        };
        let answer = Answer {
            total: 1_234,
            about: true,
            hits: vec![hit.clone(), AnswerHit { fragment: None, ..hit }],
            diagnostics: vec![Diagnostic::warning("sort", "by relevance only")],
            marks: Highlighter {
                words: ["opium", "custom"].map(String::from).into(),
                phrases: vec![vec!["customs".into(), "officers".into()]],
            },
            facets: Some((vec![("Reuters".into(), 2)], vec![(2019, 1), (2020, 1)])),
            lines: ["d842", "Customs officers seized 40 kg of ", "opium", "."].map(String::from).to_vec(),
            occurrences: 1_000,
            with_occurrences: 200,
            truncated: true,
        };
        let replies = [
            FromSearcher::Ready,
            FromSearcher::Opened {
                n_docs: 3_005,
                sources: vec![("Reuters".into(), 9)],
                years: vec![(-44, 1)],
                entities: vec![("person".into(), vec![("Iraj Kakavand".into(), 2)])],
                events: vec![("seizure".into(), 40)],
            },
            FromSearcher::Answer { asked: 7, answer: answer.clone() },
            FromSearcher::Failed { asked: None, message: "HTTP 404".into() },
            FromSearcher::Failed { asked: Some(3), message: "d/12.gz: damaged".into() },
            FromSearcher::Document {
                doc: 842,
                whole: Fragment { text: "Customs officers seized 40 kg of opium. ".repeat(100), ..fragment.clone() },
            },
            FromSearcher::Unread { doc: 7, message: "x/0/7.gz: HTTP 404".into() },
            FromSearcher::Spent { root: b"TRAWLPT\x03 and the rest".to_vec() },
        ];
        for reply in replies {
            assert_eq!(from_bytes::<FromSearcher>(&to_bytes(&reply)), Ok(reply));
        }
        let asks = [
            ToSearcher::Open { url: "http://127.0.0.1/trawl/collection/trawl.root".into(), root: None, keep: false },
            ToSearcher::Open {
                url: "http://127.0.0.1/trawl/collection/trawl.root".into(),
                root: Some(vec![0, 1, 255]),
                keep: true,
            },
            ToSearcher::Search {
                asked: u32::MAX,
                query: "title:\"heroin".into(),
                offset: 20,
                limit: 20,
                sort: Sort::DateDesc,
                kwic: None,
                exact: true,
            },
            ToSearcher::Read { doc: 3_004 },
            ToSearcher::Search {
                asked: 2,
                query: "opium".into(),
                offset: 0,
                limit: 20,
                sort: Sort::Relevance,
                kwic: Some(KwicSort::Left),
                exact: false,
            },
        ];
        for ask in asks {
            assert_eq!(from_bytes::<ToSearcher>(&to_bytes(&ask)), Ok(ask));
        }

        // What the views get: the hits, each one's fragment, the marks.
        let (total, hits, fragments, marks, diagnostics) = answer.into_parts();
        assert_eq!(total, Total::About(1_234));
        assert_eq!(hits.len(), 2);
        let (h, s) = (&hits[0], &hits[0].snippet);
        assert_eq!(
            (h.doc_idx, h.id.as_str(), &h.title_highlights, h.score),
            (842, "d842", &vec![(0, 7), (14, 19)], 14.730_469)
        );
        assert_eq!(
            (s.text.as_str(), &s.highlights, s.start, s.cut_before, s.cut_after),
            ("seized 40 kg of opium", &vec![(16, 21)], 17, true, false)
        );
        assert_eq!(fragments, [Some(fragment), None]);
        assert_eq!(marks.words.into_iter().collect::<Vec<_>>(), ["custom", "opium"]);
        assert_eq!(marks.phrases, [["customs", "officers"]]);
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn other_messages_are_refused() {
        // A variant neither side has, a message cut short, one with bytes after it.
        assert!(matches!(from_bytes::<FromWorker>(&[9]), Err(ProtocolError::Body)));
        let progress = to_bytes(&FromWorker::Progress { phase: Phase::Reading, done: 300, total: 2 });
        assert!(matches!(from_bytes::<FromWorker>(&progress[..progress.len() - 1]), Err(ProtocolError::Body)));
        assert!(matches!(from_bytes::<FromWorker>(&[progress.as_slice(), &[0]].concat()), Err(ProtocolError::Body)));
        assert!(matches!(from_bytes::<ToWorker>(&[]), Err(ProtocolError::Body)));
        assert!(matches!(blob(&[], 0), Err(ProtocolError::NoBlob(0))));
    }
}
