//! Corpus statistics over a query's matches: collocates of the query's words (logDice), the terms
//! distinctive of the matched documents against the rest of the corpus (log-likelihood G²), the
//! matched documents per seized quantity ([`kg_buckets`]) and the events table's order
//! ([`matching_events`], [`sort_events`]), which the explorer shows and the CLI can print.

use crate::corpus::Corpus;
use crate::extract::Event;
use crate::index::{Field, Index};
use crate::search::Matcher;
use crate::text::{self, for_each_token};
use crate::url_state::EventSort;
use serde::Serialize;
use std::collections::HashMap;

/// Most documents read for statistics; past this the figures describe a sample (the first ones).
pub const MAX_DOCS: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collocate {
    pub term: String,
    /// Times it occurs within the window of a match.
    pub cooc: u32,
    /// Times it occurs in the corpus.
    pub freq: u32,
    /// 14 + log2(2·cooc / (matches + freq)); 14 is the maximum.
    pub log_dice: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Collocates {
    /// Occurrences of the query's words or phrases (the node).
    pub node_freq: u32,
    pub collocates: Vec<Collocate>,
    pub sampled: bool,
}

/// Words within `window` tokens of a match of the query, by logDice. Stopwords, numbers and the
/// query's own words are left out; a collocate must co-occur at least `min_cooc` times.
pub fn collocates(
    corpus: &Corpus,
    index: &Index,
    matcher: &Matcher<'_>,
    window: usize,
    min_cooc: u32,
    limit: usize,
) -> Collocates {
    let set = matcher.matches();
    let h = matcher.highlighter(Field::Body);
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut node_freq = 0u32;
    let sampled = set.docs.len() > MAX_DOCS;
    for &d in set.docs.iter().take(MAX_DOCS) {
        let body = &corpus.docs()[d as usize].body;
        let marks = h.marks(body);
        if marks.is_empty() {
            continue;
        }
        let mut toks: Vec<(usize, usize, String)> = Vec::new();
        for_each_token(body, |t| toks.push((t.start, t.end, t.norm.to_string())));
        for m in &marks {
            node_freq += 1;
            let first = toks.partition_point(|t| t.0 < m.start);
            let last = toks.partition_point(|t| t.1 <= m.end);
            let lo = first.saturating_sub(window);
            let hi = (last + window).min(toks.len());
            for (i, t) in toks.iter().enumerate().take(hi).skip(lo) {
                if i >= first && i < last {
                    continue;
                }
                if is_content_word(&t.2) && !h.words.contains(&t.2) {
                    *counts.entry(t.2.clone()).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<Collocate> = counts
        .into_iter()
        .filter(|&(_, c)| c >= min_cooc)
        .map(|(term, cooc)| {
            let freq = index.term_id(&term).map_or(cooc, |id| index.cf(Field::Body, id)).max(cooc);
            let log_dice = 14.0 + (2.0 * cooc as f32 / (node_freq as f32 + freq as f32)).log2();
            Collocate { term, cooc, freq, log_dice }
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| {
        b.log_dice.total_cmp(&a.log_dice).then(b.cooc.cmp(&a.cooc)).then_with(|| a.term.cmp(&b.term))
    });
    out.truncate(limit);
    Collocates { node_freq, collocates: out, sampled }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keyness {
    pub term: String,
    /// Occurrences in the matched documents.
    pub in_count: u32,
    /// Occurrences in the other documents.
    pub out_count: u32,
    /// log2 of the ratio of relative frequencies (inside over outside, outside smoothed by 0.5).
    pub log_ratio: f32,
    /// Log-likelihood G²; above 10.83 is significant at p < 0.001.
    pub g2: f32,
}

/// Terms over-represented in `docs` (sorted doc numbers) compared with the rest of the corpus.
pub fn distinctive_terms(corpus: &Corpus, index: &Index, docs: &[u32], min_count: u32, limit: usize) -> Vec<Keyness> {
    let s = sample(corpus, index, docs);
    let cf = |term: &str| index.term_id(term).map(|id| index.cf(Field::Body, id));
    keyness(&s, index.total_len(Field::Body), cf, min_count, limit)
}

/// The content words of some documents (at most [`MAX_DOCS`]) with their counts, and the
/// documents' length in tokens: one side of [`keyness`].
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub counts: HashMap<String, u32>,
    pub tokens: u64,
}

/// The sample of `docs` (indices into `corpus`, which `index` indexes).
pub fn sample(corpus: &Corpus, index: &Index, docs: &[u32]) -> Sample {
    let mut s = Sample::default();
    for &d in docs.iter().take(MAX_DOCS) {
        s.tokens += index.doc_len(Field::Body, d) as u64;
        for_each_token(&corpus.docs()[d as usize].body, |t| {
            if is_content_word(t.norm) {
                *s.counts.entry(t.norm.to_string()).or_default() += 1;
            }
        });
    }
    s
}

/// The terms of `sample` (seen at least `min_count` times) more frequent there than in the rest
/// of a collection of `total` body tokens, where `cf` tells a term's count in the whole collection
/// (the sample's own count when unknown), by log-likelihood G², the `limit` first.
pub fn keyness(
    sample: &Sample,
    total: u64,
    cf: impl Fn(&str) -> Option<u32>,
    min_count: u32,
    limit: usize,
) -> Vec<Keyness> {
    let (total, n_in) = (total as f64, sample.tokens as f64);
    let n_out = total - n_in;
    if n_in == 0.0 || n_out <= 0.0 {
        return Vec::new();
    }
    let mut out: Vec<Keyness> = sample
        .counts
        .iter()
        .filter(|&(_, &a)| a >= min_count)
        .filter_map(|(term, &a)| {
            let cf = cf(term).unwrap_or(a).max(a);
            let (a, b) = (a as f64, (cf - a.min(cf)) as f64);
            if a / n_in <= b / n_out {
                return None;
            }
            let e1 = n_in * (a + b) / total;
            let e2 = n_out * (a + b) / total;
            let g2 = 2.0 * (a * (a / e1).ln() + if b > 0.0 { b * (b / e2).ln() } else { 0.0 });
            let log_ratio = ((a / n_in) / ((b + 0.5) / n_out)).log2();
            Some(Keyness {
                term: term.clone(),
                in_count: a as u32,
                out_count: b as u32,
                log_ratio: log_ratio as f32,
                g2: g2 as f32,
            })
        })
        .collect();
    crate::order::sort_by(&mut out, |a, b| b.g2.total_cmp(&a.g2).then_with(|| a.term.cmp(&b.term)));
    out.truncate(limit);
    out
}

/// One seized-quantity bucket: kg from `lo` (inclusive) to `hi` (exclusive), either open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KgBucket {
    pub lo: Option<u32>,
    pub hi: Option<u32>,
    /// Matched documents with a seizure in the bucket.
    pub docs: usize,
}

impl KgBucket {
    /// The query clause that filters by the bucket: `kg:10..100`, `kg:..10`, `kg:1000..`.
    pub fn clause(&self) -> String {
        let bound = |b: Option<u32>| b.map(|x| x.to_string()).unwrap_or_default();
        format!("kg:{}..{}", bound(self.lo), bound(self.hi))
    }
}

/// Bucket bounds in kg: `..10`, `10..100`, `100..1000`, `1000..`.
pub const KG_BUCKETS: [(Option<u32>, Option<u32>); 4] =
    [(None, Some(10)), (Some(10), Some(100)), (Some(100), Some(1000)), (Some(1000), None)];

/// Matched documents (`matched`, sorted) per [`KG_BUCKETS`] bucket: a document counts once per
/// bucket that one of its seizures falls in; statistics and totals (aggregate events) do not count.
/// `events` are in document order, as extraction gives them.
pub fn kg_buckets(events: &[Event], matched: &[u32]) -> [KgBucket; KG_BUCKETS.len()] {
    let mut out = KG_BUCKETS.map(|(lo, hi)| KgBucket { lo, hi, docs: 0 });
    let mut last_doc = [u32::MAX; KG_BUCKETS.len()];
    for e in events.iter().filter(|e| !e.aggregate) {
        let Some(kg) = e.kg else { continue };
        if matched.binary_search(&e.doc).is_err() {
            continue;
        }
        for (i, b) in out.iter_mut().enumerate() {
            let inside = b.lo.is_none_or(|lo| kg >= lo as f64) && b.hi.is_none_or(|hi| kg < hi as f64);
            if inside && last_doc[i] != e.doc {
                b.docs += 1;
                last_doc[i] = e.doc;
            }
        }
    }
    out
}

/// The events of the matched documents (`matched`, sorted), in the table's order `sort`.
pub fn matching_events<'a>(events: &'a [Event], matched: &[u32], sort: EventSort) -> Vec<&'a Event> {
    let mut events: Vec<&Event> = events.iter().filter(|e| matched.binary_search(&e.doc).is_ok()).collect();
    sort_events(&mut events, sort);
    events
}

/// Orders events for the table, stably; missing values go last in every order.
pub fn sort_events(events: &mut [&Event], sort: EventSort) {
    fn last<T: Ord>(v: Option<T>) -> (bool, Option<T>) {
        (v.is_none(), v)
    }
    match sort {
        EventSort::Document => crate::order::sort_by_key(events, |e| (e.doc, e.start)),
        EventSort::Kind => crate::order::sort_by_key(events, |e| (e.kind, e.doc, e.start)),
        EventSort::Drug => crate::order::sort_by(events, |a, b| {
            last(a.drug.as_deref()).cmp(&last(b.drug.as_deref())).then(a.doc.cmp(&b.doc))
        }),
        EventSort::Place => crate::order::sort_by(events, |a, b| {
            last(a.place.as_deref()).cmp(&last(b.place.as_deref())).then(a.doc.cmp(&b.doc))
        }),
        EventSort::Date => {
            crate::order::sort_by(events, |a, b| last(a.date).cmp(&last(b.date)).then(a.doc.cmp(&b.doc)))
        }
        EventSort::Kg => crate::order::sort_by(events, |a, b| match (a.kg, b.kg) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.doc.cmp(&b.doc),
        }),
    }
}

fn is_content_word(norm: &str) -> bool {
    norm.chars().count() > 1 && !norm.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !text::is_stopword(norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;
    use crate::search::SearchOptions;

    fn corpus() -> Corpus {
        let mut c = Corpus::new();
        c.add_file("a.txt", b"Customs seized heroin at Astara. Customs seized heroin in a truck. Heroin traffickers.");
        c.add_file("b.txt", b"Police seized opium near the border. Opium poppy.");
        c.add_file("c.txt", b"The ministers met in Baku and signed a protocol on cooperation.");
        c
    }

    #[test]
    fn collocates_by_log_dice() {
        let c = corpus();
        let idx = Index::build(&c);
        let m = Matcher::new(
            &idx,
            &parse("heroin").0,
            &SearchOptions { stemming: false, ..SearchOptions::default() },
            None,
        );
        let col = collocates(&c, &idx, &m, 2, 2, 5);
        assert_eq!(col.node_freq, 3);
        let got: Vec<(String, u32)> = col.collocates.iter().map(|c| (c.term.clone(), c.cooc)).collect();
        assert_eq!(got, vec![("customs".to_string(), 2), ("seized".to_string(), 2)]);
        assert!((col.collocates[0].log_dice - (14.0 + (4.0f32 / 5.0).log2())).abs() < 1e-4);
    }

    #[test]
    fn distinctive_terms_of_a_subset() {
        let c = corpus();
        let idx = Index::build(&c);
        let k = distinctive_terms(&c, &idx, &[0], 2, 3);
        assert_eq!(k.iter().map(|k| k.term.as_str()).collect::<Vec<_>>(), vec!["heroin", "customs", "seized"]);
        assert!(distinctive_terms(&c, &idx, &[0, 1, 2], 1, 3).is_empty());
    }

    /// An event of document `doc` at byte `start`, from its serialised form.
    fn event(kind: &str, doc: u32, start: usize, kg: Option<f64>, drug: Option<&str>, place: Option<&str>) -> Event {
        serde_json::from_value(serde_json::json!({
            "kind": kind, "doc": doc, "doc_id": format!("d{doc}"), "kg": kg, "drug": drug, "place": place,
            "parties": [], "aggregate": false, "start": start, "end": start + 1, "also": [],
        }))
        .unwrap()
    }

    fn table(events: &[Event], matched: &[u32], sort: EventSort) -> Vec<String> {
        matching_events(events, matched, sort).iter().map(|e| format!("{}@{}", e.doc, e.start)).collect()
    }

    #[test]
    fn events_sort_by_each_column_with_missing_values_last() {
        let mut events = vec![
            event("seizure", 0, 5, Some(20.0), Some("opium"), None),
            event("meeting", 0, 1, None, None, Some("Baku")),
            event("seizure", 1, 0, Some(700.0), Some("heroin"), Some("Astara")),
            event("seizure", 2, 0, None, Some("hashish"), Some("Zahedan")),
            event("agreement", 3, 0, Some(1.5), None, Some("Astara")),
        ];
        events[0].date = crate::date::Date::ymd(2021, 3, 1);
        events[2].date = crate::date::Date::ymd(2019, 1, 1);
        let all = [0, 1, 2, 3];
        assert_eq!(table(&events, &all, EventSort::Document), ["0@1", "0@5", "1@0", "2@0", "3@0"]);
        assert_eq!(table(&events, &all, EventSort::Kind), ["0@5", "1@0", "2@0", "0@1", "3@0"]);
        assert_eq!(table(&events, &all, EventSort::Drug), ["2@0", "1@0", "0@5", "0@1", "3@0"]);
        assert_eq!(table(&events, &all, EventSort::Kg), ["1@0", "0@5", "3@0", "0@1", "2@0"]);
        assert_eq!(table(&events, &all, EventSort::Place), ["1@0", "3@0", "0@1", "2@0", "0@5"]);
        assert_eq!(table(&events, &all, EventSort::Date), ["1@0", "0@5", "0@1", "2@0", "3@0"]);
        // Only the matched documents' events.
        assert_eq!(table(&events, &[1, 3], EventSort::Kg), ["1@0", "3@0"]);
    }

    #[test]
    fn kg_buckets_count_matched_documents_once_per_bucket() {
        let mut events = vec![
            event("seizure", 0, 0, Some(5.0), None, None),
            event("seizure", 0, 1, Some(9.9), None, None),
            event("seizure", 0, 2, Some(10.0), None, None),
            event("seizure", 1, 0, Some(1000.0), None, None),
            event("seizure", 2, 0, Some(50.0), None, None),
            event("seizure", 3, 0, Some(5000.0), None, None),
            event("seizure", 4, 0, None, None, None),
        ];
        // A total is not a seizure.
        events[5].aggregate = true;
        let counts = |matched: &[u32]| kg_buckets(&events, matched).map(|b| b.docs);
        assert_eq!(counts(&[0, 1, 2, 3, 4]), [1, 2, 0, 1]);
        assert_eq!(counts(&[1]), [0, 0, 0, 1]);
        let clauses = kg_buckets(&events, &[]).map(|b| b.clause());
        assert_eq!(clauses, ["kg:..10", "kg:10..100", "kg:100..1000", "kg:1000.."]);
    }
}
