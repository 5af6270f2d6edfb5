//! Events: seizures (drug, kg or count, place, date, agency, aggregate flag) and cooperation
//! (meeting, agreement, protocol: parties, place, date). Each carries its evidence sentence; repeated
//! mentions of one event in a document merge.

use super::analyse::Analysed;
use super::quantity::Quantity;
use super::when::DateMention;
use crate::date::Date;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Seizure,
    Meeting,
    Agreement,
    Protocol,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Seizure => "seizure",
            EventKind::Meeting => "meeting",
            EventKind::Agreement => "agreement",
            EventKind::Protocol => "protocol",
        }
    }

    pub fn is_cooperation(self) -> bool {
        self != EventKind::Seizure
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Event {
    pub kind: EventKind,
    /// Document number in the corpus, and its id.
    pub doc: u32,
    pub doc_id: String,
    pub drug: Option<String>,
    pub kg: Option<f64>,
    pub count: Option<u64>,
    /// As written: "more than", "about"…
    pub qualifier: Option<String>,
    pub place: Option<String>,
    pub country: Option<String>,
    /// When it happened, as far as the text says (not the publication date).
    pub date: Option<Date>,
    pub date_text: Option<String>,
    pub agency: Option<String>,
    /// People, organisations and countries taking part (cooperation events).
    pub parties: Vec<String>,
    /// A statistic or total (a year's seizures, a sum of other events), not one seizure.
    pub aggregate: bool,
    /// Byte range of the evidence sentence in the body ([`Event::evidence`]): a range, not a copy, so
    /// events cost the same however long their sentence.
    pub start: usize,
    pub end: usize,
    /// Other sentences that report the same event.
    pub also: Vec<(usize, usize)>,
    /// Parties that are people (for merging).
    #[serde(skip)]
    people: Vec<String>,
    /// Refers back to an earlier event ("During the meeting, …").
    #[serde(skip)]
    anaphoric: bool,
}

impl Event {
    /// The evidence sentence, from the body of the event's document (empty if `body` is another
    /// document's and the range does not fit it).
    pub fn evidence<'a>(&self, body: &'a str) -> &'a str {
        body.get(self.start..self.end).unwrap_or("")
    }
}

/// What the event extractor needs to know about one document, beyond its tokens.
pub(crate) struct DocFacts<'a> {
    pub doc: u32,
    pub doc_id: &'a str,
    pub quantities: &'a [Quantity],
    pub dates: &'a [DateMention],
    /// Mentions by token range: (start, end, kind, canonical name, country).
    pub mentions: &'a [MentionRef],
    pub dateline_country: Option<String>,
    /// The dateline's place, if the lexicon knows it.
    pub dateline_place: Option<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct MentionRef {
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    pub name: String,
    pub country: Option<String>,
    /// Place kind (city, province…), org kind (customs, police…), drug class.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MentionKind {
    Person,
    Org,
    Place,
    /// A country named by its adjective ("Iranian").
    Demonym,
    Drug,
}

/// Words that say something was seized. Alone they may be said of anything, so a seizure also needs a
/// drug or contraband in its sentence; a vague one ("drugs", "contraband") needs a strong cue.
const SEIZURE_CUES: &[&str] = &[
    "seize",
    "seized",
    "seizes",
    "seizing",
    "seizure",
    "seizures",
    "confiscate",
    "confiscated",
    "confiscating",
    "confiscation",
    "intercepted",
    "intercept",
    "thwarted",
    "thwart",
    "foiled",
    "foil",
    "smuggle",
    "smuggling",
    "smuggled",
    "bust",
    "busts",
    "busted",
    "haul",
    "impounded",
    "netted",
];
/// Words that report a find without saying it was illicit: enough with a named drug only.
const WEAK_SEIZURE_CUES: &[&str] =
    &["found", "discovered", "prevented", "detained", "captured", "recovered", "uncovered", "inspection"];
const AGGREGATE_CUES: &[&str] = &[
    "percent",
    "worldwide",
    "operations",
    "busts",
    "total",
    "totalling",
    "totaling",
    "annual",
    "annually",
    "statistics",
    "overall",
    "cumulative",
    "altogether",
    "largest",
    "types",
];
const MEETING_CUES: &[&str] = &["met", "meeting", "meet", "meets", "talks", "visit", "visited", "conference", "summit"];
/// What one meets that is not a party: "to meet growing demand".
const MET_OBJECTS: &[&str] = &[
    "demand",
    "demands",
    "growing",
    "rising",
    "needs",
    "target",
    "targets",
    "expectations",
    "requirements",
    "criteria",
    "deadline",
    "standards",
    "costs",
    "obligations",
    "payments",
    "forecasts",
    "estimates",
];
const AGREEMENT_CUES: &[&str] =
    &["agreed", "agreement", "agree", "agreements", "memorandum", "signed", "accord", "deal"];
const PROTOCOL_CUES: &[&str] = &["protocol", "protocols"];
/// Words before a cue that deny it: "could not agree", "failed to reach an agreement".
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "failed", "fail", "fails", "refused", "without", "nor", "cannot", "couldnt", "didnt", "dont",
    "doesnt", "wont", "wouldnt", "unable",
];
/// Words that put a document on the drug beat besides the drugs themselves (the drug lexicon has
/// "drugs", "narcotics"): "trafficking" or "smuggling" alone may be of people or arms.
const DRUG_CONTEXT: &[&str] = &["antidrug", "counternarcotics", "narco", "narcoterrorism"];
/// Specificity of a place kind: the most specific place in a sentence is where it happened.
fn place_rank(kind: &str) -> u8 {
    match kind {
        "checkpoint" => 6,
        "city" | "district" => 5,
        "province" => 4,
        "mountains" | "sea" => 3,
        "region" => 2,
        "country" => 1,
        _ => 0,
    }
}

pub(crate) fn events(a: &Analysed<'_>, f: &DocFacts<'_>) -> Vec<Event> {
    let mut out = Vec::new();
    let drug_context = f.mentions.iter().any(|m| m.kind == MentionKind::Drug)
        || a.toks.iter().any(|t| DRUG_CONTEXT.contains(&t.norm.as_str()));
    for s in 0..a.sentences.len() as u32 {
        let range = a.sentence_toks(s);
        if range.is_empty() {
            continue;
        }
        let has = |cues: &[&str], r: &std::ops::Range<usize>| {
            a.toks[r.clone()].iter().any(|t| cues.contains(&t.norm.as_str()))
        };
        // A cue word that is not denied, and for "meet", met with someone rather than a target.
        let cue_at = |cues: &[&str], r: &std::ops::Range<usize>| {
            r.clone().any(|i| {
                let n = a.toks[i].norm.as_str();
                if !cues.contains(&n)
                    || (r.start..i).rev().take(3).any(|k| NEGATIONS.contains(&a.toks[k].norm.as_str()))
                {
                    return false;
                }
                let verb = matches!(n, "meet" | "met" | "meets" | "meeting");
                !(verb && a.toks[i + 1..r.end].iter().take(2).any(|t| MET_OBJECTS.contains(&t.norm.as_str())))
            })
        };
        let prev = if s > 0 { a.sentence_toks(s - 1) } else { 0..0 };
        let (sent_start, sent_end) = a.sentences[s as usize];
        let in_sentence = |start: usize| start >= range.start && start < range.end;
        let in_prev = |start: usize| start >= prev.start && start < prev.end;

        // Seizures: a weight or count of a drug or contraband in this sentence, with a seizure word in
        // this or the previous sentence. A named drug may be merely "found"; a vague one ("drugs",
        // "contraband") must be seized, confiscated, smuggled…
        let strong_here = has(SEIZURE_CUES, &range);
        let weak_here = has(WEAK_SEIZURE_CUES, &range);
        let cue_before = has(SEIZURE_CUES, &prev) || has(WEAK_SEIZURE_CUES, &prev);
        for q in f.quantities.iter().filter(|q| in_sentence(q.toks.0)) {
            let Some((drug, vague)) = drug_for(a, f, q, &range) else { continue };
            let drug = Some(drug);
            if !(strong_here || (!vague && (weak_here || cue_before))) {
                continue;
            }
            // Where: this sentence, the one before, else a province or finer named in the lede.
            let lede = |start: usize| a.toks[start].sent == 0;
            let place = best_place(a, f, &range, in_sentence)
                .or_else(|| best_place(a, f, &prev, in_prev))
                .or_else(|| best_place(a, f, &(0..0), lede).filter(|p| place_rank(&p.detail) >= 4));
            // A date in a sentence about a meeting is the meeting's ("In December 2024, … attended a
            // meeting … on the occasion of the seizure of …").
            // Nor is a date of the reporting ("…, the police chief said on Monday").
            let date = f
                .dates
                .iter()
                .find(|d| in_sentence(d.first_tok) && !reported_on(a, d.first_tok))
                .filter(|_| !has(MEETING_CUES, &range));
            let agency = f
                .mentions
                .iter()
                .filter(|m| {
                    m.kind == MentionKind::Org
                        && (in_sentence(m.start) || in_prev(m.start))
                        && m.detail != "media"
                        && m.detail != "un"
                })
                .min_by_key(|m| (!in_sentence(m.start), m.start.abs_diff(q.toks.0)));
            // A nationality in the sentence ("Turkish authorities", "Iranian police") names the country.
            let demonym = f.mentions.iter().find(|m| {
                m.kind == MentionKind::Demonym && in_sentence(m.start) && !preceded_by(a, m.start, &["from"])
            });
            let country = place
                .and_then(|p| p.country.clone())
                .or_else(|| demonym.and_then(|m| m.country.clone()))
                .or_else(|| agency.and_then(|a| a.country.clone()))
                .or_else(|| f.dateline_country.clone());
            // With no place named, the country of the nationality or agency in this sentence.
            let nationality = demonym.or(agency.filter(|m| in_sentence(m.start)));
            let place_name = place.map(|p| p.name.clone()).or_else(|| nationality.and_then(|m| m.country.clone()));
            let aggregate = has(AGGREGATE_CUES, &range)
                || (q.kg.unwrap_or(0.0) >= 10_000.0 && date.is_some_and(|d| d.date.is_some_and(|d| d.month == 0)));
            out.push(Event {
                kind: EventKind::Seizure,
                doc: f.doc,
                doc_id: f.doc_id.to_string(),
                drug,
                kg: q.kg,
                count: q.count,
                qualifier: q.qualifier.clone(),
                place: place_name,
                country,
                date: date.and_then(|d| d.date),
                date_text: date.map(|d| d.text.clone()),
                agency: agency.map(|m| m.name.clone()),
                parties: Vec::new(),
                aggregate,
                start: sent_start,
                end: sent_end,
                also: Vec::new(),
                people: Vec::new(),
                anaphoric: false,
            });
        }

        // Cooperation: a meeting, agreement or protocol word, at least two parties, and a document on
        // the drug beat (a merger of two companies is not anti-narcotics cooperation).
        let kind = if !drug_context {
            None
        } else if cue_at(PROTOCOL_CUES, &range) {
            Some(EventKind::Protocol)
        } else if cue_at(AGREEMENT_CUES, &range) {
            Some(EventKind::Agreement)
        } else if cue_at(MEETING_CUES, &range) {
            Some(EventKind::Meeting)
        } else {
            None
        };
        if let Some(kind) = kind {
            let mut parties: Vec<String> = Vec::new();
            let mut people: Vec<String> = Vec::new();
            for m in f.mentions.iter().filter(|m| in_sentence(m.start)) {
                if m.kind == MentionKind::Person && !people.contains(&m.name) {
                    people.push(m.name.clone());
                }
                let name = match m.kind {
                    MentionKind::Person => Some(m.name.clone()),
                    MentionKind::Org if !matches!(m.detail.as_str(), "media" | "company") => Some(m.name.clone()),
                    MentionKind::Demonym => m.country.clone(),
                    MentionKind::Place if m.detail == "country" => Some(m.name.clone()),
                    _ => None,
                };
                if let Some(n) = name {
                    if !parties.contains(&n) {
                        parties.push(n);
                    }
                }
            }
            let toks = &a.toks[range.clone()];
            let anaphoric = toks.windows(2).any(|w| w[0].norm == "the" && MEETING_CUES.contains(&w[1].norm.as_str()));
            if parties.len() >= 2 || (anaphoric && !parties.is_empty()) {
                // Where a meeting took place: a city "in" or "at" which it was held, else the dateline's.
                let place = f
                    .mentions
                    .iter()
                    .filter(|m| m.kind == MentionKind::Place && in_sentence(m.start) && place_rank(&m.detail) >= 5)
                    .find(|m| preceded_by(a, m.start, &["in", "at", "of"]))
                    .map(|m| (m.name.clone(), m.country.clone()))
                    .or_else(|| f.dateline_place.clone());
                let date = f.dates.iter().find(|d| in_sentence(d.first_tok));
                out.push(Event {
                    kind,
                    doc: f.doc,
                    doc_id: f.doc_id.to_string(),
                    drug: None,
                    kg: None,
                    count: None,
                    qualifier: None,
                    country: place.as_ref().and_then(|p| p.1.clone()),
                    place: place.map(|p| p.0),
                    date: date.and_then(|d| d.date),
                    date_text: date.map(|d| d.text.clone()),
                    agency: None,
                    parties,
                    aggregate: false,
                    start: sent_start,
                    end: sent_end,
                    also: Vec::new(),
                    people,
                    anaphoric: anaphoric && date.is_none(),
                });
            }
        }
    }
    merge(out)
}

/// Whether the date at `tok` dates a statement: "said on Monday", "announced on 3 May".
fn reported_on(a: &Analysed<'_>, tok: usize) -> bool {
    const VERBS: &[&str] = &["said", "says", "announced", "reported", "told", "stated", "tweeted", "added", "wrote"];
    tok >= 2 && a.toks[tok - 1].norm == "on" && VERBS.contains(&a.toks[tok - 2].norm.as_str())
}

fn preceded_by(a: &Analysed<'_>, tok: usize, words: &[&str]) -> bool {
    // Allow "in the southern Azerbaijani city of Lankaran": look back a few tokens.
    (1..=2).any(|k| tok >= k && words.contains(&a.toks[tok - k].norm.as_str()))
}

/// The drug a quantity is of: "<q> of [adjectives] <drug>", "<drug> weighing <q>", else the nearest
/// drug in the sentence; and whether it is vague ("drugs", "narcotics", "contraband").
fn drug_for(
    a: &Analysed<'_>,
    f: &DocFacts<'_>,
    q: &Quantity,
    range: &std::ops::Range<usize>,
) -> Option<(String, bool)> {
    let drugs: Vec<&MentionRef> = f
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Drug && m.start >= range.start && m.start < range.end)
        .collect();
    let after = q.toks.1;
    let of = a
        .toks
        .get(after)
        .is_some_and(|t| t.norm == "of")
        .then(|| drugs.iter().find(|d| d.start > after && d.start <= after + 4))
        .flatten();
    let weighing = || drugs.iter().find(|d| d.end <= q.toks.0 && q.toks.0 - d.end <= 2);
    let nearest = || drugs.iter().min_by_key(|d| d.start.abs_diff(q.toks.0));
    of.or_else(weighing)
        .or_else(nearest)
        .map(|d| (d.name.clone(), matches!(d.detail.as_str(), "unspecified" | "contraband")))
}

fn best_place<'m>(
    a: &Analysed<'_>,
    f: &'m DocFacts<'_>,
    range: &std::ops::Range<usize>,
    within: impl Fn(usize) -> bool,
) -> Option<&'m MentionRef> {
    let _ = range;
    f.mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Place && within(m.start) && !preceded_by(a, m.start, &["from"]))
        .max_by_key(|m| {
            (place_rank(&m.detail), preceded_by(a, m.start, &["in", "at", "near"]), std::cmp::Reverse(m.start))
        })
}

/// One event per real-world event in a document: repeated seizures (same drug, kg within 1 %)
/// and cooperation events of one kind sharing two parties merge; a seizure whose kg is the sum of
/// two or more others of the same drug is marked aggregate.
fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let last_coop = out.iter().rposition(|o| o.kind.is_cooperation());
        let same = out.iter().enumerate().position(|(i, o)| {
            if e.kind == EventKind::Seizure || o.kind == EventKind::Seizure {
                return o.kind == e.kind
                    && o.drug == e.drug
                    && close(o.kg, e.kg)
                    && o.count == e.count
                    && o.aggregate == e.aggregate;
            }
            let dates_agree = o.date.is_none() || e.date.is_none() || o.date == e.date;
            let shared = e.parties.iter().filter(|p| o.parties.contains(p)).count();
            let shared_people = e.people.iter().filter(|p| o.people.contains(p)).count();
            ((shared_people >= 1 || shared >= 2) && dates_agree) || (e.anaphoric && Some(i) == last_coop)
        });
        match same {
            Some(i) => {
                let o = &mut out[i];
                o.kind = o.kind.max(e.kind);
                o.also.push((e.start, e.end));
                o.place = o.place.take().or(e.place);
                o.country = o.country.take().or(e.country);
                o.agency = o.agency.take().or(e.agency);
                if e.date.is_some()
                    && o.date.is_none_or(|d| e.date.is_some_and(|x| x.precision() as u8 > d.precision() as u8))
                {
                    o.date = e.date;
                    o.date_text = e.date_text;
                }
                for p in e.parties {
                    if !o.parties.contains(&p) {
                        o.parties.push(p);
                    }
                }
                for p in e.people {
                    if !o.people.contains(&p) {
                        o.people.push(p);
                    }
                }
            }
            None => out.push(e),
        }
    }
    // A reference back ("During the meeting, …") that found no event to join is not one.
    out.retain(|e| !e.kind.is_cooperation() || e.parties.len() >= 2);
    // Sums: 622 kg = 301.475 kg + 320.6 kg.
    let seizures: Vec<(usize, Option<String>, f64)> = out
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EventKind::Seizure && !e.aggregate)
        .filter_map(|(i, e)| e.kg.map(|kg| (i, e.drug.clone(), kg)))
        .collect();
    for &(i, ref drug, kg) in &seizures {
        let parts: f64 = seizures.iter().filter(|(j, d, k)| *j != i && d == drug && *k < kg).map(|(_, _, k)| k).sum();
        let n_parts = seizures.iter().filter(|(j, d, k)| *j != i && d == drug && *k < kg).count();
        if n_parts >= 2 && (parts - kg).abs() <= kg * 0.01 + 0.5 {
            out[i].aggregate = true;
        }
    }
    out
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= x.max(y) * 0.01,
        (None, None) => true,
        _ => false,
    }
}
