//! Longest-match lookup of lexicon names in a document's tokens, with case rules: a name written
//! with a capital must be capitalised in the text, an acronym must match letter for letter, and a
//! lower-case entry (`anti-narcotics police`, `heroin`) matches in any case.

use super::analyse::Analysed;
use super::lexicon::Lexicon;
use crate::fxhash::FxBuildHasher;
use crate::text;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Place(usize),
    Org(usize),
    Drug(usize),
    /// A demonym of the country at this place index ("Iranian").
    Demonym(usize),
    Title(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Any,
    Capitalised,
    /// Every letter as written (acronyms).
    Exact,
}

#[derive(Debug, Clone)]
struct Entry {
    target: Target,
    case: Case,
    raw: String,
    /// The form was the canonical name, an alias or an acronym.
    form: Form,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Name,
    Alias,
    Acronym,
    Demonym,
    /// A later mention by surname only.
    Surname,
}

pub(crate) struct Gazetteer {
    map: HashMap<String, Vec<Entry>, FxBuildHasher>,
    first_words: HashSet<String, FxBuildHasher>,
    max_len: usize,
}

/// One match: tokens `[start, end)`, and every entry of that exact text (several for an ambiguous
/// name like Astara).
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<(Target, Form)>,
}

impl Gazetteer {
    pub fn new(lex: &Lexicon) -> Gazetteer {
        let mut g = Gazetteer { map: HashMap::default(), first_words: HashSet::default(), max_len: 1 };
        for (i, p) in lex.places.iter().enumerate() {
            g.add(&p.name, Target::Place(i), Form::Name);
            for a in &p.aliases {
                g.add(a, Target::Place(i), Form::Alias);
            }
            for d in &p.demonyms {
                g.add(d, Target::Demonym(i), Form::Demonym);
            }
        }
        for (i, o) in lex.orgs.iter().enumerate() {
            g.add(&o.name, Target::Org(i), Form::Name);
            for a in &o.acronyms {
                g.add(a, Target::Org(i), Form::Acronym);
            }
            for a in &o.aliases {
                g.add(a, Target::Org(i), Form::Alias);
            }
        }
        for (i, d) in lex.drugs.iter().enumerate() {
            g.add(&d.name, Target::Drug(i), Form::Name);
            for s in &d.synonyms {
                g.add(s, Target::Drug(i), Form::Alias);
            }
        }
        for (i, t) in lex.titles.iter().enumerate() {
            g.add(&t.phrase, Target::Title(i), Form::Name);
        }
        g
    }

    fn add(&mut self, raw: &str, target: Target, form: Form) {
        // Turkish and Azerbaijani tell the dotless ı from i, so text keeps them apart; English
        // writes the ı as i (Kirikkale for Kırıkkale), and finds the name that way too.
        if raw.contains('ı') {
            self.add(&raw.replace('ı', "i"), target, form);
        }
        let words = text::normalize_words(raw);
        if words.is_empty() {
            return;
        }
        let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
        let case = if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            Case::Exact
        } else if raw.chars().next().is_some_and(char::is_uppercase) {
            Case::Capitalised
        } else {
            Case::Any
        };
        self.max_len = self.max_len.max(words.len());
        self.first_words.insert(words[0].clone());
        let entries = self.map.entry(words.join(" ")).or_default();
        if !entries.iter().any(|e| e.target == target) {
            entries.push(Entry { target, case, raw: raw.to_string(), form });
        }
    }

    /// The places named exactly `label` (a dateline's "MOSCOW"), most populous first.
    pub fn places_named(&self, label: &str, lex: &Lexicon) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .map
            .get(&text::normalize_label(label))
            .into_iter()
            .flatten()
            .filter_map(|e| match e.target {
                Target::Place(i) => Some(i),
                _ => None,
            })
            .collect();
        crate::order::sort_by_key(&mut out, |&i| std::cmp::Reverse(lex.places[i].population.unwrap_or(0)));
        out
    }

    /// Non-overlapping longest matches, left to right.
    pub fn scan(&self, a: &Analysed<'_>) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut key = String::new();
        while i < a.toks.len() {
            if !self.first_words.contains(&a.toks[i].norm) {
                i += 1;
                continue;
            }
            let mut found = None;
            // The longest run of adjacent tokens a name could span.
            let mut limit = 1;
            while limit < self.max_len && (a.adjacent(i + limit - 1) || initials(a, i + limit - 1)) {
                limit += 1;
            }
            for len in (1..=limit).rev() {
                key.clear();
                for (k, t) in a.toks[i..i + len].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(&t.norm);
                }
                if let Some(entries) = self.map.get(&key) {
                    let text = a.span(i, i + len);
                    let targets: Vec<(Target, Form)> =
                        entries.iter().filter(|e| case_ok(e, text)).map(|e| (e.target, e.form)).collect();
                    if !targets.is_empty() {
                        found = Some(Hit { start: i, end: i + len, targets });
                        break;
                    }
                }
            }
            match found {
                Some(h) => {
                    i = h.end;
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Whether token `i` is a capital letter followed by a full stop and the next letter of an
/// abbreviation ("U.S.", "U.K."): the dot joins them.
fn initials(a: &Analysed<'_>, i: usize) -> bool {
    i + 1 < a.toks.len()
        && a.toks[i].sent == a.toks[i + 1].sent
        && a.gap(i) == "."
        && a.raw(i).chars().count() == 1
        && a.raw(i + 1).chars().count() == 1
}

fn case_ok(e: &Entry, text: &str) -> bool {
    match e.case {
        Case::Any => true,
        Case::Capitalised => text.chars().next().is_some_and(char::is_uppercase),
        Case::Exact => {
            let a: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
            let b: String = e.raw.chars().filter(|c| c.is_alphanumeric()).collect();
            a == b
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_dotless_i_are_found_as_english_spells_them() {
        let mut lex = Lexicon::default();
        lex.add_file(
            "p.tsv",
            "name\tkind\tcountry\tlat\tlon\taliases\tdemonyms\nKırıkkale\tcity\tTurkey\t39.8\t33.5\t\t\n",
        );
        let g = Gazetteer::new(&lex);
        assert_eq!(g.places_named("Kırıkkale", &lex), vec![0]);
        assert_eq!(g.places_named("KIRIKKALE", &lex), vec![0]);
        assert_eq!(g.places_named("Kirikkale", &lex), vec![0]);
        assert!(g.places_named("Kirikale", &lex).is_empty());
    }
}
