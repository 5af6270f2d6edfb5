//! People, found by the company their names keep: after a rank, title or role ("Brigadier General
//! …", "Interior Minister, …", "the chief of Azerbaijan's State Border Service, …"), before an
//! appositive role (", the UNODC Iran Country Representative") or a reporting verb ("… said").
//! Later mentions by surname alone are linked to the full name (within-document coreference).

use super::analyse::Analysed;
use super::gazetteer::{Hit, Target};
use std::collections::HashMap;

/// A person found in one document: token range of the name, the title that introduced it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PersonSpan {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub title: Option<String>,
    /// A surname-only mention of a name found elsewhere in the document.
    pub coreference: bool,
}

/// Capitalised words that start sentences or clauses but are not names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "or",
    "but",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "it",
    "after",
    "before",
    "during",
    "according",
    "upon",
    "among",
    "just",
    "earlier",
    "another",
    "one",
    "over",
    "more",
    "also",
    "for",
    "with",
    "from",
    "by",
    "to",
    "as",
    "while",
    "when",
    "although",
    "despite",
    "being",
    "following",
    "tehran",
    "republic",
    "islamic",
    "state",
    "police",
    "customs",
    "border",
    "service",
    "ministry",
    "committee",
    "office",
    "guard",
    "command",
    "headquarters",
    "forces",
    "force",
    "agency",
    "department",
    "council",
    "news",
    "province",
    "city",
    "district",
    "mountains",
    "sea",
    "government",
    "minister",
    "general",
    "chief",
    "director",
    "commander",
    "president",
    "secretary",
    "representative",
    "ambassador",
    "country",
    "international",
    "national",
    "united",
    "nations",
    "anti",
    "narcotics",
    "drug",
    "drugs",
    "european",
    "middle",
    "eastern",
    "western",
    "northern",
    "southern",
    "central",
    "twitter",
    "talks",
    "plan",
    "protocol",
    "agreement",
    "operation",
    "channel",
    "kaynak",
    "source",
    "all",
    "interior",
    "foreign",
];

const CONNECTORS: &[&str] = &["oglu", "ogly", "bin", "ibn", "al", "el", "de", "van", "von", "da", "e", "ul", "abu"];

const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stressed",
    "noted",
    "tweeted",
    "emphasized",
    "emphasised",
    "announced",
    "stated",
    "praised",
    "highlighted",
    "underlined",
    "thanked",
    "expressed",
    "explained",
    "warned",
    "wrote",
    "confirmed",
    "reported",
    "declared",
    "urged",
    "called",
    "has",
    "had",
];

/// Names in `a`: `hits` are the gazetteer matches (titles among them), `covered[i]` marks tokens in
/// any place, organisation or drug match.
/// `rank_titles[i]` says whether lexicon title `i` is a rank (which may precede a surname alone).
pub(crate) fn people(a: &Analysed<'_>, hits: &[Hit], covered: &[bool], rank_titles: &[bool]) -> Vec<PersonSpan> {
    let is_rank = |h: &Hit| h.targets.iter().any(|(t, _)| matches!(t, Target::Title(i) if rank_titles[*i]));
    let t = &a.toks;
    let title_at: HashMap<usize, &Hit> = hits
        .iter()
        .filter(|h| h.targets.iter().any(|(t, _)| matches!(t, Target::Title(_))))
        .map(|h| (h.start, h))
        .collect();
    let is_name_tok = |i: usize| -> bool {
        i < t.len()
            && !covered[i]
            && !title_at.contains_key(&i)
            && a.is_cap(i)
            && !NOT_NAMES.contains(&t[i].norm.as_str())
            && crate::date::month_from_name(&t[i].norm).is_none()
            && crate::date::weekday_from_name(&t[i].norm).is_none()
            && !t[i].norm.bytes().all(|b| b.is_ascii_digit())
            && !(a.raw(i).chars().filter(|c| c.is_alphabetic()).count() >= 2
                && a.raw(i).chars().all(|c| !c.is_lowercase()))
    };
    // The name run starting at `i`: capitalised words, joined by connectors or hyphens.
    let name_run = |i: usize| -> Option<usize> {
        if !is_name_tok(i) {
            return None;
        }
        let mut j = i + 1;
        while j < t.len() && j - i < 6 && t[j].sent == t[i].sent {
            let joined = a.gap(j - 1) == "-";
            if is_name_tok(j) && (a.adjacent(j - 1) || joined) {
                j += 1;
            } else if (CONNECTORS.contains(&t[j].norm.as_str()) && !a.is_cap(j))
                && is_name_tok(j + 1)
                && a.adjacent(j - 1)
            {
                j += 2;
            } else {
                break;
            }
        }
        Some(j)
    };

    let mut found: Vec<PersonSpan> = Vec::new();
    let push = |found: &mut Vec<PersonSpan>, s: usize, e: usize, title: Option<String>| {
        if found.iter().any(|p| s < p.end && p.start < e) {
            return;
        }
        found.push(PersonSpan { start: s, end: e, name: a.span(s, e).to_string(), title, coreference: false });
    };

    // A: title chain, optional complement ("of the Iranian Border Guard Command"), optional comma, name.
    let mut i = 0;
    while i < t.len() {
        let Some(h) = title_at.get(&i) else {
            i += 1;
            continue;
        };
        let chain_start = h.start;
        let mut k = h.end;
        let mut rank = is_rank(h);
        while let Some(h2) = title_at.get(&k).filter(|_| k < t.len() && a.adjacent(k - 1)) {
            rank |= is_rank(h2);
            k = h2.end;
        }
        let title = a.span(chain_start, k).to_string();
        let mut j = k;
        let mut after_comma = false;
        let mut steps = 0;
        while j < t.len() && t[j].sent == t[chain_start].sent && steps < 12 {
            steps += 1;
            if a.gap(j - 1).contains(',') {
                if after_comma {
                    break;
                }
                after_comma = true;
            }
            if let Some(e) = name_run(j) {
                let len = e - j;
                if len >= 2 || (rank && !after_comma) || (len == 1 && after_comma) {
                    push(&mut found, j, e, Some(title.clone()));
                }
                break;
            }
            if after_comma {
                break;
            }
            // Complement: function words, lower-case words, names of places and organisations.
            let n = t[j].norm.as_str();
            let ok = covered[j] || matches!(n, "of" | "to" | "at" | "for" | "the" | "in") || !a.is_cap(j);
            if !ok || a.gap(j - 1).contains(['.', ';', ':', '(', '"', '“']) {
                break;
            }
            j += 1;
        }
        i = k.max(i + 1);
    }

    // B and C: a name of two words or more, then ", the … <role>" or a reporting verb.
    let mut i = 0;
    while i < t.len() {
        let Some(e) = name_run(i) else {
            i += 1;
            continue;
        };
        let starts_sentence = i == 0 || t[i - 1].sent != t[i].sent;
        if e - i >= 2 && !(starts_sentence && e - i == 2 && i + 2 < t.len() && !a.adjacent(i + 1)) {
            let appositive = a.gap(e - 1).trim() == ","
                && t.get(e).is_some_and(|x| x.norm == "the")
                && (e + 1..(e + 8).min(t.len())).any(|k| title_at.contains_key(&k) && t[k].sent == t[i].sent);
            let reporting = t.get(e).is_some_and(|x| REPORTING_VERBS.contains(&x.norm.as_str()) && x.sent == t[i].sent)
                && a.adjacent(e - 1);
            if appositive || reporting {
                push(&mut found, i, e, None);
            }
        }
        i = e;
    }

    // A single-word name after a rank ("General Goudarzi") is the surname of a full name, if any.
    let full_names: Vec<(String, String)> =
        found.iter().filter(|p| p.end - p.start >= 2).map(|p| (t[p.end - 1].norm.clone(), p.name.clone())).collect();
    for p in found.iter_mut().filter(|p| p.end - p.start == 1) {
        if let Some((_, full)) = full_names.iter().find(|(s, _)| *s == t[p.start].norm) {
            p.name = full.clone();
            p.coreference = true;
        }
    }
    // Coreference: a later capitalised word equal to a found person's surname.
    let surnames: Vec<(String, usize)> = found
        .iter()
        .enumerate()
        .filter(|(_, p)| p.end - p.start >= 2 || p.title.is_some())
        .map(|(k, p)| (t[p.end - 1].norm.clone(), k))
        .collect();
    let mut corefs = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        if !a.is_cap(i) || found.iter().any(|p| i >= p.start && i < p.end) {
            continue;
        }
        if let Some((_, k)) = surnames.iter().find(|(s, _)| *s == tok.norm) {
            let full = &found[*k];
            corefs.push(PersonSpan {
                start: i,
                end: i + 1,
                name: full.name.clone(),
                title: full.title.clone(),
                coreference: true,
            });
        }
    }
    found.extend(corefs);
    crate::order::sort_by_key(&mut found, |p| p.start);
    found
}
