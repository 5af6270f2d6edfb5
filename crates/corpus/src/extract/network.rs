//! Entity co-occurrence: which people, organisations, places and drugs are named in the same
//! sentence, how often, and where. A sentence is the unit because "Kakavand met Eyvazov in Baku" says
//! more about the pair than two names somewhere in one long report.

use super::{EntityKind, Extraction, Form};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Index into [`Extraction::entities`].
    pub entity: usize,
    pub kind: EntityKind,
    pub name: String,
    /// Matching documents that mention the entity.
    pub docs: usize,
    /// Sentences shared with any other entity in the network.
    pub strength: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Indices into [`Network::nodes`], `a < b`.
    pub a: usize,
    pub b: usize,
    /// Sentences naming both.
    pub sentences: usize,
    /// Documents with at least one such sentence.
    pub docs: usize,
    /// The first such sentence: document number and byte range in its body.
    pub example: (u32, usize, usize),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Network {
    /// Strongest first.
    pub nodes: Vec<Node>,
    /// Heaviest first.
    pub edges: Vec<Edge>,
}

impl Extraction {
    /// The co-occurrence network of the documents `docs` (sorted): at most `max_nodes` entities,
    /// those sharing the most sentences with others, and at most `max_edges` of the heaviest edges
    /// between them. Demonyms ("Iranian") count as mentions of their place only when the place is
    /// also named by name somewhere in the same documents, so adjectives alone do not make a hub.
    pub fn network(&self, docs: &[u32], max_nodes: usize, max_edges: usize) -> Network {
        // Entities per sentence, keyed (doc, sentence start, sentence end).
        let mut by_sentence: HashMap<(u32, u32, u32), Vec<usize>> = HashMap::new();
        let mut doc_counts: Vec<usize> = vec![0; self.entities.len()];
        for (i, e) in self.entities.iter().enumerate() {
            let named = e.mentions.iter().any(|m| m.form != Form::Demonym && docs.binary_search(&m.doc).is_ok());
            if !named {
                continue;
            }
            let mut last_doc = u32::MAX;
            for m in e.mentions.iter().filter(|m| docs.binary_search(&m.doc).is_ok()) {
                if m.doc != last_doc {
                    doc_counts[i] += 1;
                    last_doc = m.doc;
                }
                let ids = by_sentence.entry((m.doc, m.sentence.0, m.sentence.1)).or_default();
                if ids.last() != Some(&i) {
                    ids.push(i);
                }
            }
        }
        // Pair weights over sentences; sentences visited in document order for stable examples.
        let mut sentences: Vec<((u32, u32, u32), Vec<usize>)> =
            by_sentence.into_iter().filter(|(_, ids)| ids.len() > 1).collect();
        // The keys are distinct, so the shared stable sort orders them as an unstable one would (and
        // the wasm needs no sort instantiated for this element type).
        crate::order::sort_by_key(&mut sentences, |(k, _)| *k);
        struct Pair {
            sentences: usize,
            docs: usize,
            last_doc: u32,
            example: (u32, usize, usize),
        }
        let mut pairs: HashMap<(usize, usize), Pair> = HashMap::new();
        let mut strength: Vec<usize> = vec![0; self.entities.len()];
        for ((doc, start, end), ids) in &sentences {
            let (doc, start, end) = (*doc, *start, *end);
            // u32, not usize: the one u32 sort the document lists use too (corpus::order::sort_u32).
            let mut ids: Vec<u32> = ids.iter().map(|&i| i as u32).collect();
            crate::order::sort_u32(&mut ids);
            ids.dedup();
            for (x, &a) in ids.iter().enumerate() {
                let a = a as usize;
                strength[a] += 1;
                for &b in &ids[x + 1..] {
                    let b = b as usize;
                    let p = pairs.entry((a, b)).or_insert(Pair {
                        sentences: 0,
                        docs: 0,
                        last_doc: u32::MAX,
                        example: (doc, start as usize, end as usize),
                    });
                    p.sentences += 1;
                    if p.last_doc != doc {
                        p.docs += 1;
                        p.last_doc = doc;
                    }
                }
            }
        }
        let mut chosen: Vec<usize> = (0..self.entities.len()).filter(|&i| strength[i] > 0).collect();
        crate::order::sort_by(&mut chosen, |&a, &b| {
            strength[b]
                .cmp(&strength[a])
                .then(doc_counts[b].cmp(&doc_counts[a]))
                .then_with(|| self.entities[a].name.cmp(&self.entities[b].name))
        });
        chosen.truncate(max_nodes);
        let slot: HashMap<usize, usize> = chosen.iter().enumerate().map(|(n, &e)| (e, n)).collect();
        let nodes = chosen
            .iter()
            .map(|&i| {
                let e = &self.entities[i];
                Node { entity: i, kind: e.kind, name: e.name.clone(), docs: doc_counts[i], strength: strength[i] }
            })
            .collect();
        let mut edges: Vec<Edge> = pairs
            .into_iter()
            .filter_map(|((a, b), p)| {
                let (&na, &nb) = (slot.get(&a)?, slot.get(&b)?);
                let (a, b) = (na.min(nb), na.max(nb));
                Some(Edge { a, b, sentences: p.sentences, docs: p.docs, example: p.example })
            })
            .collect();
        crate::order::sort_by(&mut edges, |x, y| {
            y.sentences.cmp(&x.sentences).then(y.docs.cmp(&x.docs)).then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        edges.truncate(max_edges);
        Network { nodes, edges }
    }
}
