//! `data/names/first.txt` and `data/names/surnames.txt`: the US Census 1990 name lists, title-cased
//! from the Census' capitals ("JAMES" → "James").

use super::fetch::{self, ensure_shape};
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
    pub fn read(src: &Sources) -> Result<Names> {
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
        Ok(Names { first, surnames })
    }

    pub fn outputs(&self) -> Vec<Output> {
        let list = |set: &BTreeSet<String>| set.iter().map(|w| format!("{w}\n")).collect::<String>();
        vec![
            Output {
                path: "data/names/first.txt",
                text: header(
                    "First names, one a line: the US Census 1990 male and female first-name lists, title-cased",
                    "PyPI names 0.3.0 (dist.male.first, dist.female.first)",
                    "public domain (US Census)",
                ) + &list(&self.first),
            },
            Output {
                path: "data/names/surnames.txt",
                text: header(
                    "Surnames, one a line: the US Census 1990 surnames of frequency 0.001% or more, title-cased",
                    "PyPI names 0.3.0 (dist.all.last)",
                    "public domain (US Census)",
                ) + &list(&self.surnames),
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
