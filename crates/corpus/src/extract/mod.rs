//! Entity and event extraction with provenance. Every entity mention and every event points back to
//! its document and the byte range of its evidence in the body.
//!
//! Pipeline per document: [`analyse`] (tokens, sentences) → [`gazetteer`] (lexicon names, longest
//! match; ambiguous places resolved by the countries around them) → [`people`] → [`quantity`] →
//! [`when`] → [`events`]. Lexicons are data: see [`lexicon`].

mod analyse;
mod events;
pub mod export;
mod gazetteer;
pub mod lexicon;
mod network;
mod people;
mod quantity;
mod when;

use crate::corpus::Corpus;
use crate::query::{EntityField, NumRange};
use crate::search::FieldResolver;
use crate::text;
use analyse::Analysed;
use events::{DocFacts, MentionKind, MentionRef};
use gazetteer::{Gazetteer, Target};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub use events::{Event, EventKind};
pub use gazetteer::Form;
pub use lexicon::Lexicon;
pub use network::{Edge, Network, Node};
pub use quantity::Quantity;
pub use when::DateMention;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Org,
    Place,
    Drug,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [EntityKind::Person, EntityKind::Org, EntityKind::Place, EntityKind::Drug];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Place => "place",
            EntityKind::Drug => "drug",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Document number in the corpus.
    pub doc: u32,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub form: Form,
    /// Byte range of the sentence the mention is in (for co-occurrence).
    pub sentence: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    pub name: String,
    /// For places: the country they are in; for organisations: where they are based.
    pub country: Option<String>,
    /// Place kind, organisation kind, drug class, or a person's title.
    pub detail: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: Vec<Mention>,
}

/// Everything extracted from a corpus.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Sorted by kind, then name.
    pub entities: Vec<Entity>,
    /// In document order.
    pub events: Vec<Event>,
    pub quantities: Vec<(u32, Quantity)>,
    pub dates: Vec<(u32, DateMention)>,
}

impl Extraction {
    /// Adds the extraction of documents that follow this one's `offset` documents (numbered from 0 in
    /// `other`). Extraction is per document, so appending the parts' extractions gives what one
    /// extraction of the whole would (quantities and dates, which packs do not keep, included).
    pub fn append(&mut self, other: Extraction, offset: u32) {
        let key = |e: &Entity| (e.kind, e.name.clone(), e.country.clone());
        let mut merged = Vec::with_capacity(self.entities.len() + other.entities.len());
        let mut mine = std::mem::take(&mut self.entities).into_iter().peekable();
        for mut e in other.entities {
            e.mentions.iter_mut().for_each(|m| m.doc += offset);
            while let Some(m) = mine.next_if(|m| key(m) < key(&e)) {
                merged.push(m);
            }
            match mine.next_if(|m| key(m) == key(&e)) {
                Some(mut m) => {
                    if m.detail.is_none() {
                        m.detail = e.detail;
                    }
                    m.mentions.append(&mut e.mentions);
                    merged.push(m);
                }
                None => merged.push(e),
            }
        }
        merged.extend(mine);
        self.entities = merged;
        self.events.extend(other.events.into_iter().map(|mut ev| {
            ev.doc += offset;
            ev
        }));
        self.quantities.extend(other.quantities.into_iter().map(|(d, q)| (d + offset, q)));
        self.dates.extend(other.dates.into_iter().map(|(d, x)| (d + offset, x)));
    }
}

/// Runs every extractor over every document.
pub fn extract(corpus: &Corpus, lexicon: &Lexicon) -> Extraction {
    extract_with_progress(corpus, lexicon, &mut |_| {})
}

/// [`extract`], calling `progress` with the number of documents done after each document.
pub fn extract_with_progress(corpus: &Corpus, lexicon: &Lexicon, progress: &mut dyn FnMut(usize)) -> Extraction {
    let gaz = Gazetteer::new(lexicon);
    let rank_titles: Vec<bool> = lexicon.titles.iter().map(|t| t.kind == "rank").collect();
    let mut registry: BTreeMap<(EntityKind, String, Option<String>), Entity> = BTreeMap::new();
    let mut out = Extraction::default();
    for (d, doc) in corpus.docs().iter().enumerate() {
        progress(d);
        let d = d as u32;
        // A document longer than a segment is analysed a segment at a time: what a document yields
        // grows with its length, what analysing it holds does not.
        for range in analyse::segments(&doc.body) {
            let a = Analysed::segment(&doc.body, range);
            let hits = gaz.scan(&a);
            let mut covered = vec![false; a.toks.len()];
            for h in &hits {
                if h.targets.iter().any(|(t, _)| !matches!(t, Target::Title(_))) {
                    covered[h.start..h.end].iter_mut().for_each(|c| *c = true);
                }
            }
            let country_counts = country_mentions(&a, &hits, lexicon);
            let mut refs: Vec<MentionRef> = Vec::new();
            for h in &hits {
                let Some((target, form)) = choose(&a, h, lexicon, &country_counts) else { continue };
                let text = a.span(h.start, h.end).to_string();
                let start = a.toks[h.start].start;
                let mention =
                    Mention { doc: d, start, end: a.toks[h.end - 1].end, text, form, sentence: a.sentence_at(start) };
                let (kind, name, country, detail, latlon, mk) = match target {
                    Target::Place(i) | Target::Demonym(i) => {
                        // A demonym ("Iranian") names the same place entity, as a different kind of mention.
                        let p = &lexicon.places[i];
                        let mk = if matches!(target, Target::Demonym(_)) {
                            MentionKind::Demonym
                        } else {
                            MentionKind::Place
                        };
                        (EntityKind::Place, p.name.clone(), p.country.clone(), Some(p.kind.clone()), (p.lat, p.lon), mk)
                    }
                    Target::Org(i) => {
                        let o = &lexicon.orgs[i];
                        (
                            EntityKind::Org,
                            o.name.clone(),
                            o.country.clone(),
                            Some(o.kind.clone()),
                            (None, None),
                            MentionKind::Org,
                        )
                    }
                    Target::Drug(i) => {
                        let g = &lexicon.drugs[i];
                        (EntityKind::Drug, g.name.clone(), None, Some(g.class.clone()), (None, None), MentionKind::Drug)
                    }
                    Target::Title(_) => continue,
                };
                refs.push(MentionRef {
                    start: h.start,
                    end: h.end,
                    kind: mk,
                    name: name.clone(),
                    country: country.clone(),
                    detail: detail.clone().unwrap_or_default(),
                });
                // Unspecified "drugs" and contraband serve events but are not listed as entities.
                if kind == EntityKind::Drug && matches!(detail.as_deref(), Some("unspecified" | "contraband")) {
                    continue;
                }
                let e = registry.entry((kind, name.clone(), country.clone())).or_insert_with(|| Entity {
                    kind,
                    name,
                    country,
                    detail,
                    lat: latlon.0,
                    lon: latlon.1,
                    mentions: Vec::new(),
                });
                e.mentions.push(mention);
            }
            for p in people::people(&a, &hits, &covered, &rank_titles) {
                let (start, end) = (a.toks[p.start].start, a.toks[p.end - 1].end);
                refs.push(MentionRef {
                    start: p.start,
                    end: p.end,
                    kind: MentionKind::Person,
                    name: p.name.clone(),
                    country: None,
                    detail: String::new(),
                });
                let form = if p.coreference { Form::Surname } else { Form::Name };
                let e = registry.entry((EntityKind::Person, p.name.clone(), None)).or_insert_with(|| Entity {
                    kind: EntityKind::Person,
                    name: p.name.clone(),
                    country: None,
                    detail: p.title.clone(),
                    lat: None,
                    lon: None,
                    mentions: Vec::new(),
                });
                if e.detail.is_none() {
                    e.detail = p.title.clone();
                }
                let text = doc.body[start..end].to_string();
                e.mentions.push(Mention { doc: d, start, end, text, form, sentence: a.sentence_at(start) });
            }
            crate::order::sort_by_key(&mut refs, |m| m.start);
            let quantities = quantity::quantities(&a);
            let dates = when::dates(&a, doc.date);
            let dateline = doc.dateline.as_deref().and_then(|place| {
                let norm = text::normalize_label(place);
                lexicon
                    .places
                    .iter()
                    .filter(|p| p.origin == lexicon::Origin::Lexicon)
                    .find(|p| text::normalize_label(&p.name) == norm)
            });
            let facts = DocFacts {
                doc: d,
                doc_id: &doc.id,
                quantities: &quantities,
                dates: &dates,
                mentions: &refs,
                dateline_country: dateline.and_then(|p| p.country.clone()),
                dateline_place: dateline.map(|p| (p.name.clone(), p.country.clone())),
            };
            out.events.extend(events::events(&a, &facts));
            out.quantities.extend(quantities.into_iter().map(|q| (d, q)));
            out.dates.extend(dates.into_iter().map(|x| (d, x)));
        }
    }
    out.entities = registry.into_values().collect();
    out
}

/// How often each country is named in the document (by name, alias or demonym), and per sentence.
struct CountryCounts {
    doc: HashMap<String, usize>,
    by_sentence: HashMap<(u32, String), usize>,
}

fn country_mentions(a: &Analysed<'_>, hits: &[gazetteer::Hit], lex: &Lexicon) -> CountryCounts {
    let mut c = CountryCounts { doc: HashMap::new(), by_sentence: HashMap::new() };
    for h in hits {
        for (t, _) in &h.targets {
            let i = match t {
                Target::Place(i) | Target::Demonym(i) => *i,
                _ => continue,
            };
            let p = &lex.places[i];
            if p.kind == "country" {
                *c.doc.entry(p.name.clone()).or_default() += 1;
                *c.by_sentence.entry((a.toks[h.start].sent, p.name.clone())).or_default() += 1;
            }
        }
    }
    c
}

/// One target for a match. Ambiguous places (Astara in Azerbaijan or in Iran) go to the candidate
/// whose country is named in the same sentence, else most often in the document.
fn choose(a: &Analysed<'_>, h: &gazetteer::Hit, lex: &Lexicon, counts: &CountryCounts) -> Option<(Target, Form)> {
    let candidates: Vec<(Target, Form)> =
        h.targets.iter().copied().filter(|(t, _)| !matches!(t, Target::Title(_))).collect();
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    let sent = a.toks[h.start].sent;
    candidates.into_iter().max_by_key(|(t, _)| {
        let country = match t {
            Target::Place(i) | Target::Demonym(i) => lex.places[*i].country.clone(),
            Target::Org(i) => lex.orgs[*i].country.clone(),
            _ => None,
        };
        let Some(country) = country else { return 0 };
        let in_sentence = counts.by_sentence.get(&(sent, country.clone())).copied().unwrap_or(0);
        let in_doc = counts.doc.get(&country).copied().unwrap_or(0);
        in_sentence * 1000 + in_doc
    })
}

impl Extraction {
    /// Entities of one kind.
    pub fn of_kind(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// Counts of entities mentioned in `docs` (sorted doc numbers), per kind, most documents first.
    pub fn facets(&self, docs: &[u32], limit: usize) -> Vec<(EntityKind, Vec<(String, usize)>)> {
        EntityKind::ALL
            .iter()
            .map(|&kind| {
                let mut counts: Vec<(String, usize)> = self
                    .of_kind(kind)
                    .filter(|e| !(kind == EntityKind::Place && e.mentions.iter().all(|m| m.form == Form::Demonym)))
                    .map(|e| {
                        let mut ds: Vec<u32> =
                            e.mentions.iter().map(|m| m.doc).filter(|d| docs.binary_search(d).is_ok()).collect();
                        ds.dedup();
                        (e.name.clone(), ds.len())
                    })
                    .filter(|(_, n)| *n > 0)
                    .collect();
                crate::order::sort_by(&mut counts, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                counts.truncate(limit);
                (kind, counts)
            })
            .collect()
    }
}

/// Whether `value` (normalised words) is a run of the words of `name`.
fn name_matches(name: &str, value: &str) -> bool {
    let n = text::normalize_words(name);
    let v: Vec<&str> = value.split(' ').filter(|w| !w.is_empty()).collect();
    !v.is_empty() && n.windows(v.len()).any(|w| w.iter().zip(&v).all(|(a, b)| a == b))
}

impl FieldResolver for Extraction {
    fn docs_with_event_in(&self, range: &crate::query::DateRange) -> Vec<u32> {
        let mut docs: Vec<u32> =
            self.events.iter().filter(|e| e.date.is_some_and(|d| range.overlaps(d))).map(|e| e.doc).collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    fn docs_for(&self, field: EntityField, value: &str, range: Option<NumRange>) -> Vec<u32> {
        let mut docs: Vec<u32> = match field {
            EntityField::Person | EntityField::Org | EntityField::Place | EntityField::Drug => {
                let kind = match field {
                    EntityField::Person => EntityKind::Person,
                    EntityField::Org => EntityKind::Org,
                    EntityField::Place => EntityKind::Place,
                    _ => EntityKind::Drug,
                };
                self.of_kind(kind)
                    .filter(|e| {
                        name_matches(&e.name, value)
                            || e.mentions.iter().any(|m| text::normalize_label(&m.text) == value)
                    })
                    .flat_map(|e| e.mentions.iter().map(|m| m.doc))
                    .chain(
                        self.events
                            .iter()
                            .filter(|ev| {
                                field == EntityField::Drug && ev.drug.as_deref().is_some_and(|d| name_matches(d, value))
                            })
                            .map(|ev| ev.doc),
                    )
                    .collect()
            }
            EntityField::Country => self
                .of_kind(EntityKind::Place)
                .filter(|e| e.country.as_deref().is_some_and(|c| name_matches(c, value)))
                .flat_map(|e| e.mentions.iter().map(|m| m.doc))
                .collect(),
            EntityField::Kg => {
                let r = range.unwrap_or(NumRange { min: None, max: None });
                self.events.iter().filter(|e| e.kg.is_some_and(|kg| r.contains(kg))).map(|e| e.doc).collect()
            }
            EntityField::Event => self
                .events
                .iter()
                .filter(|e| e.kind.as_str() == value || (value == "cooperation" && e.kind.is_cooperation()))
                .map(|e| e.doc)
                .collect(),
        };
        docs.sort_unstable();
        docs.dedup();
        docs
    }
}

#[cfg(test)]
mod tests;
