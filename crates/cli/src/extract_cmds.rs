//! `trawl entities` and `trawl events`.

use anyhow::{Context, Result};
use corpus::extract::{self, EntityKind, EventKind, Extraction, Lexicon};
use corpus::Corpus;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// The built-in lexicons plus every `.tsv` in `dirs`.
pub fn lexicon(dirs: &[PathBuf]) -> Result<Lexicon> {
    let mut lex = Lexicon::builtin();
    for dir in dirs {
        let mut files: Vec<PathBuf> = if dir.is_dir() {
            std::fs::read_dir(dir)
                .with_context(|| format!("reading {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
                .collect()
        } else {
            vec![dir.clone()]
        };
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
            for d in lex.add_file(&f.display().to_string(), &text) {
                eprintln!("trawl: {d}");
            }
        }
    }
    Ok(lex)
}

pub fn run(corpus: &Corpus, lexicon_dirs: &[PathBuf]) -> Result<Extraction> {
    Ok(extract::extract(corpus, &lexicon(lexicon_dirs)?))
}

#[derive(Serialize)]
struct MentionJson<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    form: extract::Form,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    kind: EntityKind,
    name: &'a str,
    country: Option<&'a str>,
    detail: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    mentions: Vec<MentionJson<'a>>,
}

pub fn entities(corpus: &Corpus, x: &Extraction, kind: Option<&str>, json: bool, out: &mut impl Write) -> Result<()> {
    let kind = kind
        .map(|k| {
            EntityKind::ALL
                .into_iter()
                .find(|e| e.as_str() == k)
                .ok_or_else(|| anyhow::anyhow!("--kind must be person, org, place or drug"))
        })
        .transpose()?;
    let chosen: Vec<&extract::Entity> = x.entities.iter().filter(|e| kind.is_none_or(|k| e.kind == k)).collect();
    if json {
        let rows: Vec<EntityJson> = chosen
            .iter()
            .map(|e| EntityJson {
                kind: e.kind,
                name: &e.name,
                country: e.country.as_deref(),
                detail: e.detail.as_deref(),
                lat: e.lat,
                lon: e.lon,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| MentionJson {
                        doc: &corpus.docs()[m.doc as usize].id,
                        start: m.start,
                        end: m.end,
                        text: &m.text,
                        form: m.form,
                    })
                    .collect(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:<7} {:<44} {:<14} {:>5} {:>4}  DETAIL", "KIND", "NAME", "COUNTRY", "MENTS", "DOCS")?;
    for e in chosen {
        let mut docs: Vec<u32> = e.mentions.iter().map(|m| m.doc).collect();
        docs.dedup();
        writeln!(
            out,
            "{:<7} {:<44} {:<14} {:>5} {:>4}  {}",
            e.kind.as_str(),
            e.name,
            e.country.as_deref().unwrap_or("-"),
            e.mentions.len(),
            docs.len(),
            e.detail.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct EventJson<'a> {
    kind: EventKind,
    doc: &'a str,
    drug: Option<&'a str>,
    kg: Option<f64>,
    count: Option<u64>,
    qualifier: Option<&'a str>,
    place: Option<&'a str>,
    country: Option<&'a str>,
    date: Option<String>,
    date_text: Option<&'a str>,
    agency: Option<&'a str>,
    parties: &'a [String],
    aggregate: bool,
    start: usize,
    end: usize,
    sentence: &'a str,
    also: &'a [(usize, usize)],
}

/// How `trawl events` prints.
pub enum Format {
    Table,
    Json,
    /// The explorer's CSV export (`corpus::extract::export`).
    Csv,
}

pub fn events(corpus: &Corpus, x: &Extraction, kind: Option<&str>, format: Format, out: &mut impl Write) -> Result<()> {
    let chosen: Vec<&extract::Event> = x
        .events
        .iter()
        .filter(|e| match kind {
            None => true,
            Some("cooperation") => e.kind.is_cooperation(),
            Some(k) => e.kind.as_str() == k,
        })
        .collect();
    if let Format::Csv = format {
        out.write_all(extract::export::events_csv(corpus, &chosen).as_bytes())?;
        return Ok(());
    }
    if let Format::Json = format {
        let rows: Vec<EventJson> = chosen
            .iter()
            .map(|e| EventJson {
                kind: e.kind,
                doc: &e.doc_id,
                drug: e.drug.as_deref(),
                kg: e.kg,
                count: e.count,
                qualifier: e.qualifier.as_deref(),
                place: e.place.as_deref(),
                country: e.country.as_deref(),
                date: e.date.map(|d| d.to_string()),
                date_text: e.date_text.as_deref(),
                agency: e.agency.as_deref(),
                parties: &e.parties,
                aggregate: e.aggregate,
                start: e.start,
                end: e.end,
                sentence: e.evidence(&corpus.docs()[e.doc as usize].body),
                also: &e.also,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{:<9} {:<22} {:<15} {:>12} {:<26} {:<10} DETAIL", "KIND", "DOC", "DRUG", "KG", "PLACE", "DATE")?;
    for e in chosen {
        let amount = match (e.kg, e.count) {
            (Some(kg), _) => format!("{}{kg}", if e.qualifier.is_some() { "~" } else { "" }),
            (_, Some(n)) => format!("{n} pcs"),
            _ => String::new(),
        };
        let detail = if e.kind.is_cooperation() {
            e.parties.join("; ")
        } else {
            format!("{}{}", e.agency.as_deref().unwrap_or(""), if e.aggregate { " [aggregate]" } else { "" })
        };
        writeln!(
            out,
            "{:<9} {:<22} {:<15} {:>12} {:<26} {:<10} {}",
            e.kind.as_str(),
            e.doc_id,
            e.drug.as_deref().unwrap_or("-"),
            amount,
            e.place.as_deref().unwrap_or("-"),
            e.date.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            detail
        )?;
    }
    Ok(())
}
