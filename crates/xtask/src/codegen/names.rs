//! `data/names/first.txt` and `data/names/surnames.txt`: the US Census 1990 name lists, title-cased
//! from the Census' capitals ("JAMES" → "James"), and the first names and surnames of compromise's
//! lexicon (many of them not English: Abdallah, Yasser, Viktor), less those that are common English
//! words (`grace`, `chase`, `moss`) or shorter than three letters.

use super::compromise;
use super::fetch::{self, ensure_shape};
use super::words::Words;
use super::{header, Output, Sources};
use anyhow::{Context, Result};
use std::collections::BTreeSet;

/// Surnames at least this frequent (percent of the population; the list's smallest step): the
/// 18,839 most common, 77% of people. The rest of the 88,799 are rare enough to be noise.
const MIN_SURNAME_PERCENT: f64 = 0.001;

pub struct Names {
    pub first: BTreeSet<String>,
    pub surnames: BTreeSet<String>,
}

impl Names {
    pub fn read(src: &Sources, words: &Words, lexicon: &compromise::Lexicon) -> Result<Names> {
        let mut first = BTreeSet::new();
        for file in ["dist.male.first", "dist.female.first"] {
            for (name, _) in rows(&fetch::read(&src.names, &format!("names-0.3.0/names/{file}"))?)? {
                first.insert(title_case(name));
            }
        }
        ensure_shape(first.len() > 5_000, "the Census first-name lists have fewer than 5,000 names")?;
        let last = fetch::read(&src.names, "names-0.3.0/names/dist.all.last")?;
        let surnames: BTreeSet<String> = rows(&last)?
            .into_iter()
            .filter(|&(_, percent)| percent >= MIN_SURNAME_PERCENT)
            .map(|(name, _)| title_case(name))
            .collect();
        ensure_shape(surnames.len() > 15_000, "the Census surname list has fewer than 15,000 names")?;
        let mut names = Names { first, surnames };
        names.add_compromise(words, lexicon);
        Ok(names)
    }

    /// compromise's `FirstName`, `MaleName` and `FemaleName`, and its `LastName`.
    fn add_compromise(&mut self, words: &Words, lexicon: &compromise::Lexicon) {
        let fit = |w: &&str| {
            w.chars().filter(char::is_ascii_alphabetic).count() >= 3
                && w.chars().all(|c| c.is_ascii_lowercase() || matches!(c, ' ' | '-' | '\''))
                && !words.common.contains(*w)
        };
        for tag in ["FirstName", "MaleName", "FemaleName"] {
            self.first.extend(lexicon.tagged(tag, &[]).filter(fit).map(title_case));
        }
        self.surnames.extend(lexicon.tagged("LastName", &[]).filter(fit).map(title_case));
    }

    pub fn outputs(&self) -> Vec<Output> {
        let list = |set: &BTreeSet<String>| set.iter().map(|w| format!("{w}\n")).collect::<String>();
        vec![
            Output {
                path: "data/names/first.txt",
                bytes: Vec::from(header(
                    "First names, one a line: the US Census 1990 male and female first-name lists and compromise's first names (not common English words), title-cased",
                    "PyPI names 0.3.0 (dist.male.first, dist.female.first) and npm compromise 14.17.0 by Spencer Kelly (FirstName, MaleName, FemaleName)",
                    "public domain (US Census); MIT (compromise)",
                ) + &list(&self.first)),
            },
            Output {
                path: "data/names/surnames.txt",
                bytes: Vec::from(header(
                    "Surnames, one a line: the US Census 1990 surnames of frequency 0.001% or more and compromise's surnames (not common English words), title-cased",
                    "PyPI names 0.3.0 (dist.all.last) and npm compromise 14.17.0 by Spencer Kelly (LastName)",
                    "public domain (US Census); MIT (compromise)",
                ) + &list(&self.surnames)),
            },
        ]
    }
}

/// `NAME  percent  cumulative  rank` lines.
fn rows(text: &str) -> Result<Vec<(&str, f64)>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split_whitespace();
            let name = cols.next().context("a Census name line has a name")?;
            let percent = cols.next().and_then(|p| p.parse().ok()).with_context(|| format!("no frequency in {l:?}"))?;
            Ok((name, percent))
        })
        .collect()
}

/// "JAMES" → "James", "de la cruz" → "De La Cruz".
fn title_case(upper: &str) -> String {
    let mut out = String::with_capacity(upper.len());
    let mut start = true;
    for c in upper.chars() {
        if start {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
        start = !c.is_ascii_alphabetic();
    }
    out
}
