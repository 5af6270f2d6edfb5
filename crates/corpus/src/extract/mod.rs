//! Entity and event extraction with provenance. Every entity mention and every event points back to
//! its document and the byte range of its evidence in the body.
//!
//! Pipeline per document: [`analyse`] (tokens, sentences) → [`gazetteer`] (lexicon names, longest
//! match; ambiguous places resolved by the countries around them) → [`names`] (people, organisations and
//! places, with or without a lexicon entry) → [`quantity`] →
//! [`when`] → [`events`]. Lexicons are data: see [`lexicon`].

mod analyse;
mod cues;
mod events;
pub mod export;
mod gazetteer;
pub mod lexicon;
mod names;
mod network;
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

/// Runs every extractor over every document ([`Extractor`] made for this one corpus).
pub fn extract(corpus: &Corpus, lexicon: &Lexicon) -> Extraction {
    Extractor::new(lexicon).extract(corpus)
}

/// The extractors with their lexicon made ready (the gazetteer's lookup tables for some 35,000
/// places), for any number of corpora: the shards of a collection, the files of each upload.
pub struct Extractor<'a> {
    lexicon: &'a Lexicon,
    gaz: Gazetteer,
}

impl<'a> Extractor<'a> {
    pub fn new(lexicon: &'a Lexicon) -> Extractor<'a> {
        Extractor { lexicon, gaz: Gazetteer::new(lexicon) }
    }

    pub fn extract(&self, corpus: &Corpus) -> Extraction {
        self.extract_with_progress(corpus, &mut |_| {})
    }

    /// [`Extractor::extract`], calling `progress` with the number of documents done after each one.
    pub fn extract_with_progress(&self, corpus: &Corpus, progress: &mut dyn FnMut(usize)) -> Extraction {
        extract_corpus(corpus, self.lexicon, &self.gaz, progress)
    }
}

fn extract_corpus(corpus: &Corpus, lexicon: &Lexicon, gaz: &Gazetteer, progress: &mut dyn FnMut(usize)) -> Extraction {
    let mut registry: BTreeMap<(EntityKind, String, Option<String>), Entity> = BTreeMap::new();
    let mut unresolved: Vec<Unresolved> = Vec::new();
    let mut out = Extraction::default();
    for (d, doc) in corpus.docs().iter().enumerate() {
        progress(d);
        let d = d as u32;
        // A document longer than a segment is analysed a segment at a time: what a document yields
        // grows with its length, what analysing it holds does not.
        for range in analyse::segments(&doc.body) {
            let a = Analysed::segment(&doc.body, range);
            let hits = gaz.scan(&a);
            let country_counts = country_mentions(&a, &hits, lexicon);
            let pick = |h: &gazetteer::Hit| choose(&a, h, lexicon, &country_counts);
            let mut refs: Vec<MentionRef> = Vec::new();
            let names = names::find(&a, &hits, lexicon, &pick);
            for &(s, e) in &names.unresolved {
                let (start, end) = (a.toks[s].start, a.toks[e - 1].end);
                unresolved.push(Unresolved {
                    doc: d,
                    start,
                    end,
                    norm: a.toks[s].norm.clone(),
                    sentence: a.sentence_at(start),
                });
            }
            for f in names.found {
                let (start, end) = (a.toks[f.start].start, a.toks[f.end - 1].end);
                let text = doc.body[start..end].to_string();
                let sentence = a.sentence_at(start);
                let (kind, name, country, detail, latlon, mk, form) = match f.what {
                    names::What::Hit(target, form) => match target {
                        Target::Place(i) | Target::Demonym(i) => {
                            // A demonym ("Iranian") names the same place entity, as another kind of mention.
                            let p = &lexicon.places[i];
                            let mk = if matches!(target, Target::Demonym(_)) {
                                MentionKind::Demonym
                            } else {
                                MentionKind::Place
                            };
                            let latlon = (p.lat, p.lon);
                            (
                                EntityKind::Place,
                                lexicon::plain_name(&p.name),
                                p.country.clone(),
                                Some(p.kind.clone()),
                                latlon,
                                mk,
                                form,
                            )
                        }
                        Target::Org(i) => {
                            let o = &lexicon.orgs[i];
                            let (country, detail) = (o.country.clone(), Some(o.kind.clone()));
                            (EntityKind::Org, o.name.clone(), country, detail, (None, None), MentionKind::Org, form)
                        }
                        Target::Drug(i) => {
                            let g = &lexicon.drugs[i];
                            let detail = Some(g.class.clone());
                            (EntityKind::Drug, g.name.clone(), None, detail, (None, None), MentionKind::Drug, form)
                        }
                        Target::Title(_) => continue,
                    },
                    names::What::Person { title } => {
                        let form = if f.coreference { Form::Surname } else { Form::Name };
                        (EntityKind::Person, f.name, None, title, (None, None), MentionKind::Person, form)
                    }
                    names::What::Org { kind } => {
                        let form = if f.coreference { Form::Alias } else { Form::Name };
                        (EntityKind::Org, f.name, None, Some(kind.to_string()), (None, None), MentionKind::Org, form)
                    }
                    names::What::Place { within } => {
                        // Named by the text; the country and coordinates of the place it is in or by.
                        let inside = within.map(|i| &lexicon.places[i]);
                        let country = inside.and_then(|p| p.country.clone());
                        let latlon = inside.map_or((None, None), |p| (p.lat, p.lon));
                        let detail = Some("place".to_string());
                        (EntityKind::Place, f.name, country, detail, latlon, MentionKind::Place, Form::Name)
                    }
                };
                refs.push(MentionRef {
                    start: f.start,
                    end: f.end,
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
                    detail: None,
                    lat: latlon.0,
                    lon: latlon.1,
                    mentions: Vec::new(),
                });
                if e.detail.is_none() {
                    e.detail = detail;
                }
                e.mentions.push(Mention { doc: d, start, end, text, form, sentence });
            }
            crate::order::sort_by_key(&mut refs, |m| m.start);
            let quantities = quantity::quantities(&a);
            let dates = when::dates(&a, doc.date);
            // The dateline's place: a seed row first, else the most populous of that name.
            let dateline = doc.dateline.as_deref().and_then(|place| {
                let named = gaz.places_named(place, lexicon);
                let seed = named.iter().copied().find(|&i| lexicon.places[i].origin == lexicon::Origin::Lexicon);
                seed.or(named.first().copied()).map(|i| &lexicon.places[i])
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
    link_across_documents(&mut registry, unresolved, corpus);
    out.entities = registry.into_values().collect();
    out
}

/// A single capitalised word no rule could place, kept until every document has been read.
struct Unresolved {
    doc: u32,
    start: usize,
    end: usize,
    norm: String,
    sentence: (u32, u32),
}

/// Names given in full in some documents and shortened in others. A person named by surname alone
/// ("Blair", "Mr Blair") is the one person of the corpus with that surname in full ("Tony Blair"), so
/// `person:"Tony Blair"` finds the documents that only say "Mr Blair"; a word no rule could place
/// ("Icahn", "Qantas") is the one person with that surname, or the one organisation whose name starts
/// with it ("Qantas Airways"), if there is exactly one.
fn link_across_documents(
    registry: &mut BTreeMap<(EntityKind, String, Option<String>), Entity>,
    unresolved: Vec<Unresolved>,
    corpus: &Corpus,
) {
    type Key = (EntityKind, String, Option<String>);
    let mut by_surname: HashMap<String, Vec<Key>> = HashMap::new();
    let mut by_first_word: HashMap<String, Vec<Key>> = HashMap::new();
    for key in registry.keys() {
        let words = text::normalize_words(&key.1);
        match key.0 {
            EntityKind::Person if words.len() >= 2 => {
                by_surname.entry(words[words.len() - 1].clone()).or_default().push(key.clone())
            }
            // A company's name and its legal or trade word ("Qantas Airways", "Telstra Corp"): its first
            // word alone elsewhere is the company. Not "Islamic Society" for every "Islamic".
            EntityKind::Org
                if words.len() == 2 && registry.get(key).and_then(|e| e.detail.as_deref()) == Some("company") =>
            {
                by_first_word.entry(words[0].clone()).or_default().push(key.clone())
            }
            _ => {}
        }
    }
    let only = |m: &HashMap<String, Vec<Key>>, w: &str| match m.get(w).map(Vec::as_slice) {
        Some([one]) => Some(one.clone()),
        _ => None,
    };
    // People by surname alone.
    let singles: Vec<Key> = registry
        .keys()
        .filter(|(kind, name, _)| *kind == EntityKind::Person && text::normalize_words(name).len() == 1)
        .cloned()
        .collect();
    for key in singles {
        let Some(full) = only(&by_surname, &text::normalize_label(&key.1)) else { continue };
        let Some(single) = registry.remove(&key) else { continue };
        let target = registry.get_mut(&full).expect("a full name of the registry");
        target.mentions.extend(single.mentions.into_iter().map(|mut m| {
            m.form = Form::Surname;
            m
        }));
        crate::order::sort_by_key(&mut target.mentions, |m| (m.doc, m.start));
    }
    // Words no rule could place.
    let mut touched: Vec<Key> = Vec::new();
    for u in unresolved {
        let (key, form) = match (only(&by_surname, &u.norm), only(&by_first_word, &u.norm)) {
            (Some(person), None) => (person, Form::Surname),
            (None, Some(org)) => (org, Form::Alias),
            _ => continue,
        };
        let Some(e) = registry.get_mut(&key) else { continue };
        let text = corpus.docs()[u.doc as usize].body[u.start..u.end].to_string();
        e.mentions.push(Mention { doc: u.doc, start: u.start, end: u.end, text, form, sentence: u.sentence });
        touched.push(key);
    }
    touched.sort_unstable();
    touched.dedup();
    for key in touched {
        if let Some(e) = registry.get_mut(&key) {
            crate::order::sort_by_key(&mut e.mentions, |m| (m.doc, m.start));
        }
    }
}

/// How often each country is named in the document (by name, alias or demonym), and per sentence.
struct CountryCounts {
    doc: HashMap<String, usize, crate::fxhash::FxBuildHasher>,
    by_sentence: HashMap<(u32, String), usize, crate::fxhash::FxBuildHasher>,
    /// States and regions named in each sentence ("Portland, Oregon").
    regions: std::collections::HashSet<(u32, String), crate::fxhash::FxBuildHasher>,
}

fn country_mentions(a: &Analysed<'_>, hits: &[gazetteer::Hit], lex: &Lexicon) -> CountryCounts {
    let mut c = CountryCounts { doc: HashMap::default(), by_sentence: HashMap::default(), regions: Default::default() };
    for h in hits {
        for (t, _) in &h.targets {
            if let Target::Place(i) = t {
                let p = &lex.places[*i];
                if matches!(p.kind.as_str(), "state" | "region" | "province") {
                    c.regions.insert((a.toks[h.start].sent, p.name.clone()));
                }
            }
        }
        // A country named, or the country of a place that can only be in one ("Atlanta" says the
        // United States; "Astara" says nothing).
        let mut countries = h.targets.iter().filter_map(|(t, _)| match t {
            Target::Place(i) | Target::Demonym(i) => lex.places[*i].country.as_deref(),
            _ => None,
        });
        let Some(first) = countries.next() else { continue };
        if countries.any(|c| c != first) {
            continue;
        }
        *c.doc.entry(first.to_string()).or_default() += 1;
        *c.by_sentence.entry((a.toks[h.start].sent, first.to_string())).or_default() += 1;
    }
    c
}

/// One target for a match. Ambiguous places (Astara in Azerbaijan or in Iran, Georgia the country or
/// the US state, Perth in Australia or Scotland) are weighed by size (the logarithm of population),
/// what the text names around them (their country or US state in the sentence, their country in the
/// document), their kind (a country, a capital), an exact name (New York the state for "New York"),
/// and a lexicon file's row (the seeds' or the user's) over the world gazetteer's.
fn choose(a: &Analysed<'_>, h: &gazetteer::Hit, lex: &Lexicon, counts: &CountryCounts) -> Option<(Target, Form)> {
    let candidates: Vec<(Target, Form)> =
        h.targets.iter().copied().filter(|(t, _)| !matches!(t, Target::Title(_))).collect();
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    let sent = a.toks[h.start].sent;
    let raw = a.span(h.start, h.end);
    let surface = text::normalize_label(raw);
    // "UN" in capitals is the organisation's acronym, not the town of Un.
    let shouted = raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !raw.chars().any(char::is_lowercase);
    let sentence_has = |place: &str| {
        counts.by_sentence.contains_key(&(sent, place.to_string()))
            || counts.regions.contains(&(sent, place.to_string()))
    };
    let score = |t: Target, form: Form| -> f64 {
        match t {
            Target::Place(i) | Target::Demonym(i) => {
                let p = &lex.places[i];
                // A small town is not what capitals stand for ("UN" is not Un; "MOSCOW" is Moscow).
                if shouted
                    && p.kind != "country"
                    && p.name.chars().any(char::is_lowercase)
                    && p.population.unwrap_or(0) < 1_000_000
                {
                    return f64::MIN;
                }
                // Size first (Paris in France, not Texas), then what the text names around it: its
                // country or its US state in the sentence, its country in the document ("Perth, Scotland",
                // "Georgia … Atlanta"). The seeds' and users' rows are the exact boost.
                let mut score = (p.population.unwrap_or(1_000) as f64 + 1.0).log10();
                if let Some(country) = p.country.as_deref() {
                    if counts.by_sentence.contains_key(&(sent, country.to_string())) {
                        score += 4.0;
                    } else if counts.doc.contains_key(country) {
                        score += 1.0;
                    }
                }
                if p.region.as_deref().is_some_and(sentence_has) {
                    score += 2.0;
                }
                score += match p.kind.as_str() {
                    "country" => 2.0,
                    // Washington the capital over Washington the state.
                    _ if p.capital => 2.5,
                    "state" | "province" | "region" | "continent" => 0.5,
                    _ => 0.0,
                };
                if form == Form::Name && text::normalize_label(&p.name) == surface {
                    score += 0.5;
                }
                // A lexicon file's row over the gazetteer's, all else equal (the seeds' Georgia is the
                // country; the gazetteer's is also the US state, which a sentence about the US picks).
                if p.origin == lexicon::Origin::Lexicon {
                    score += 1.0;
                }
                score
            }
            // Organisations come from lexicon files only: the exact boost.
            Target::Org(_) => 100.0,
            _ => f64::MIN,
        }
    };
    candidates.into_iter().max_by(|&(a, fa), &(b, fb)| score(a, fa).total_cmp(&score(b, fb)))
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
        crate::order::sort_u32(&mut docs);
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
        crate::order::sort_u32(&mut docs);
        docs.dedup();
        docs
    }
}

#[cfg(test)]
mod tests;
