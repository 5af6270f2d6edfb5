//! Memory stays proportional to the input, whatever its shape: ingestion, index, extraction and pack
//! of one large document, as prose and as the same text without a single sentence break, each peak
//! measured exactly by a counting allocator (this test binary's own) and held to a multiple of the
//! input's bytes. Without sentence breaks a "sentence" used to be the whole document, and every
//! candidate event copied it: 4 MB of such text peaked at 24 GB.

use counting_alloc::peak_of;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// The seeds' text repeated to `bytes`: real prose with quantities, drugs, places and people.
fn prose(bytes: usize) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the seeds are missing");
    let seed_text: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap() + "\n\n").collect();
    let mut out = String::with_capacity(bytes + seed_text.len());
    while out.len() < bytes {
        out.push_str(&seed_text);
    }
    out
}

/// The same text with no sentence break anywhere: no full stop, question or exclamation mark, no
/// line break.
fn without_breaks(text: &str) -> String {
    text.chars().map(|c| if matches!(c, '.' | '!' | '?' | '\n' | '\r') { ' ' } else { c }).collect()
}

struct Peaks {
    ingest: usize,
    index: usize,
    extract: usize,
    pack: usize,
}

fn pipeline(name: &str, text: &str) -> Peaks {
    let (corpus, ingest) = peak_of(|| corpus::Corpus::from_files([(name, text.as_bytes())]).0);
    assert_eq!(corpus.len(), 1);
    let (index, index_peak) = peak_of(|| corpus::index::Index::build(&corpus));
    // The lexicon and its lookup tables are the same size whatever the input: made before measuring.
    let lexicon = corpus::extract::Lexicon::builtin();
    let extractor = corpus::extract::Extractor::new(&lexicon);
    let (extraction, extract) = peak_of(|| extractor.extract(&corpus));
    assert!(!extraction.events.is_empty(), "the text has seizures to find");
    let (_, pack) = peak_of(|| corpus::pack::write(&corpus, &index, &extraction).len());
    Peaks { ingest, index: index_peak, extract, pack }
}

#[test]
fn peak_memory_is_a_small_multiple_of_the_input() {
    // Large enough that anything quadratic in a sentence's length shows.
    const BYTES: usize = 1 << 20;
    let prose = prose(BYTES);
    let flat = without_breaks(&prose);
    let mut over = Vec::new();
    for (shape, text) in [("prose", &prose), ("no sentence breaks", &flat)] {
        let p = pipeline("big.txt", text);
        let n = text.len() as f64;
        let ratio = |x: usize| x as f64 / n;
        eprintln!(
            "{shape}: {:.1} MB in; peak bytes per input byte: ingest {:.1}, index {:.1}, extract {:.1}, pack {:.1}",
            n / 1e6,
            ratio(p.ingest),
            ratio(p.index),
            ratio(p.extract),
            ratio(p.pack)
        );
        for (stage, peak, limit) in
            [("ingest", p.ingest, 6.0), ("index", p.index, 8.0), ("extract", p.extract, 10.0), ("pack", p.pack, 3.0)]
        {
            if ratio(peak) > limit {
                over.push(format!("{shape}: {stage} peaked at {:.1}× the input (limit {limit}×)", ratio(peak)));
            }
        }
    }
    assert!(over.is_empty(), "{}", over.join("\n"));
}
