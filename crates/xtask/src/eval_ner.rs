//! `cargo xtask eval-ner`: people, organisations and places on general news, scored against the hand-made
//! gold of tests/fixtures/ner (dev and held-out halves, see its README) for Trawl and two anchor systems,
//! compromise (npm, tests/ner/compromise.mjs) and spaCy's small English model (a virtualenv under
//! target/eval-ner/, tests/ner/spacy_ner.py). Everything it needs is installed here on first use (`npm ci`,
//! pip); a system that cannot be installed or run is reported as unavailable with the reason, and the
//! others are still scored. Prints a table per half and writes them, with the dev half's errors per
//! report, to target/eval-ner/report.md. `--dev` scores Trawl alone on the dev half, for tuning: it
//! neither reads the held-out half nor installs or runs the anchors, and writes
//! target/eval-ner/report-dev.md.
//!
//! Scoring: per report and kind, a system's distinct names, normalised (case-folded, possessive 's and
//! punctuation removed, a leading "the" dropped, whitespace collapsed), against the gold entities: a name
//! is a true positive if it equals a variant of a gold entity not yet matched, each gold entity counts
//! once, other names are false positives. Trawl's prediction is an entity: its name or any of its mention
//! texts in the report may match. Micro-averaged precision, recall and F1 per kind and half.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The entity kinds scored, with the words the tables use.
pub const KINDS: [(&str, &str); 3] = [("person", "people"), ("org", "organisations"), ("place", "places")];

/// The halves of the set: the name printed and the fixture file.
const HALVES: [(&str, &str); 2] = [("dev", "dev.jsonl"), ("held-out", "heldout.jsonl")];

/// One report of a fixture file.
#[derive(Deserialize)]
pub struct Report {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    pub body: String,
}

/// Gold entities of one report: kind → entities → surface forms (the fullest first).
pub type Gold = BTreeMap<String, Vec<Vec<String>>>;

/// A system's names for one report: kind → predictions, each a list of forms (the shown one first) any
/// of which may match.
pub type Found = BTreeMap<String, Vec<Vec<String>>>;

/// Counts for one system, half and kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The errors of one system on one report and kind, as shown names.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Errors {
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
}

/// A name in the form names are compared in.
pub fn normalise(name: &str) -> String {
    let lower = name.to_lowercase().replace(['’', '‘', '`'], "'");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = String::with_capacity(lower.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_end = |j: usize| chars.get(j).is_none_or(|c| !c.is_alphanumeric());
        if c == '\'' && chars.get(i + 1) == Some(&'s') && word_end(i + 2) {
            i += 2; // possessive 's
            continue;
        }
        if c == '\'' || c == '.' {
            // U.S. → us, O'Connor → oconnor, Americans' → americans
        } else if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
        i += 1;
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => collapsed,
    }
}

/// Scores one report and kind: the counts and the errors.
pub fn score(found: &[Vec<String>], gold: &[Vec<String>]) -> (Counts, Errors) {
    let gold_forms: Vec<Vec<String>> = gold.iter().map(|forms| forms.iter().map(|f| normalise(f)).collect()).collect();
    // Distinct predictions: the first of two with the same normalised name is kept.
    let mut seen = Vec::new();
    let mut predictions: Vec<(&Vec<String>, Vec<String>)> = Vec::new();
    for forms in found {
        let norms: Vec<String> = forms.iter().map(|f| normalise(f)).filter(|n| !n.is_empty()).collect();
        let Some(key) = norms.first().cloned() else { continue };
        if !seen.contains(&key) {
            seen.push(key);
            predictions.push((forms, norms));
        }
    }
    let mut matched = vec![false; gold.len()];
    let mut counts = Counts::default();
    let mut errors = Errors::default();
    for (forms, norms) in predictions {
        let hit = (0..gold.len()).find(|&g| !matched[g] && gold_forms[g].iter().any(|v| norms.contains(v)));
        match hit {
            Some(g) => {
                matched[g] = true;
                counts.true_pos += 1;
            }
            None => {
                counts.false_pos += 1;
                errors.spurious.push(forms[0].clone());
            }
        }
    }
    for (g, forms) in gold.iter().enumerate() {
        if !matched[g] {
            counts.false_neg += 1;
            errors.missed.push(forms[0].clone());
        }
    }
    (counts, errors)
}

/// One system's results on one half: per report its names, or why it could not run.
type Run = std::result::Result<BTreeMap<String, Found>, String>;

struct System {
    name: &'static str,
    runs: Vec<Run>,
}

/// What to run: both halves and every system, or Trawl on the dev half only (`--dev`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    DevTrawl,
}

impl Scope {
    pub fn from_args(args: &[String]) -> Result<Scope> {
        match args {
            [] => Ok(Scope::All),
            [flag] if flag == "--dev" => Ok(Scope::DevTrawl),
            _ => bail!("usage: cargo xtask eval-ner [--dev]"),
        }
    }

    /// The halves read: the held-out half is not even opened with `--dev`.
    fn halves(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Scope::All => &HALVES,
            Scope::DevTrawl => &HALVES[..1],
        }
    }
}

pub fn run(root: &Path, scope: Scope) -> Result<()> {
    let fixtures = root.join("tests/fixtures/ner");
    let out_dir = root.join("target/eval-ner");
    std::fs::create_dir_all(&out_dir)?;
    let gold_text = std::fs::read_to_string(fixtures.join("gold.json")).context("reading the gold")?;
    let gold: BTreeMap<String, Gold> = serde_json::from_str(&gold_text).context("parsing gold.json")?;
    let mut halves = Vec::new();
    for &(name, file) in scope.halves() {
        let path = fixtures.join(file);
        let reports = read_reports(&path)?;
        for r in &reports {
            if !gold.contains_key(&r.id) {
                bail!("{} has no gold in gold.json", r.id);
            }
        }
        halves.push((name, path, reports));
    }

    let trawl = prepare_trawl(root);
    let mut systems = vec![System { name: "Trawl", runs: Vec::new() }];
    for (_, path, _) in &halves {
        systems[0].runs.push(trawl.clone().and_then(|bin| run_trawl(&bin, path)));
    }
    if scope == Scope::All {
        let node = prepare_compromise(root);
        let python = prepare_spacy(root, &out_dir);
        let mut compromise = System { name: "compromise", runs: Vec::new() };
        let mut spacy = System { name: "spaCy en_core_web_sm 2.2.5", runs: Vec::new() };
        for (_, path, _) in &halves {
            compromise.runs.push(node.clone().and_then(|_| {
                let script = root.join("tests/ner/compromise.mjs");
                run_names(Command::new("node").arg(script).arg(path))
            }));
            spacy.runs.push(
                python
                    .clone()
                    .and_then(|py| run_names(Command::new(py).arg(root.join("tests/ner/spacy_ner.py")).arg(path))),
            );
        }
        systems.push(compromise);
        systems.push(spacy);
    }

    let mut report = String::from("# Named entities on general news (cargo xtask eval-ner)\n\n");
    report.push_str("Gold: tests/fixtures/ner (see its README). Micro-averaged over the reports of each half.\n");
    for (h, (name, _, reports)) in halves.iter().enumerate() {
        let table = table(name, reports, &gold, &systems, h);
        println!("\n{table}");
        report.push('\n');
        report.push_str(&table);
    }
    report.push_str("\n## Errors on the dev half\n\nPer report and system: the gold entities missed (`-`) and the ");
    report.push_str("names found that are not in the gold (`+`).\n");
    let (_, _, dev) = &halves[0];
    for r in dev {
        let opening = r.title.as_deref().unwrap_or(&r.body);
        let opening: String = opening.chars().take(80).collect();
        let _ = write!(report, "\n### {}: {}…\n\n", r.id, opening.trim_end());
        for system in &systems {
            let Ok(found) = &system.runs[0] else { continue };
            let mut lines = Vec::new();
            for (kind, _) in KINDS {
                let (_, errors) = score(names_of(found, &r.id, kind), gold_of(&gold, &r.id, kind));
                if !errors.missed.is_empty() {
                    lines.push(format!("{kind} - {}", errors.missed.join("; ")));
                }
                if !errors.spurious.is_empty() {
                    lines.push(format!("{kind} + {}", errors.spurious.join("; ")));
                }
            }
            if lines.is_empty() {
                lines.push("no errors".into());
            }
            let _ = writeln!(report, "- {}: {}", system.name, lines.join(" · "));
        }
    }
    let path = out_dir.join(if scope == Scope::All { "report.md" } else { "report-dev.md" });
    std::fs::write(&path, report)?;
    println!("\nReport with the dev half's errors per report: {}", path.display());
    Ok(())
}

fn read_reports(path: &Path) -> Result<Vec<Report>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1)))
        .collect()
}

fn names_of<'a>(found: &'a BTreeMap<String, Found>, id: &str, kind: &str) -> &'a [Vec<String>] {
    found.get(id).and_then(|f| f.get(kind)).map_or(&[], Vec::as_slice)
}

fn gold_of<'a>(gold: &'a BTreeMap<String, Gold>, id: &str, kind: &str) -> &'a [Vec<String>] {
    gold.get(id).and_then(|g| g.get(kind)).map_or(&[], Vec::as_slice)
}

/// The Markdown table of one half: a row per system, P, R and F1 per kind.
fn table(half: &str, reports: &[Report], gold: &BTreeMap<String, Gold>, systems: &[System], h: usize) -> String {
    let n_gold: Vec<usize> =
        KINDS.iter().map(|(k, _)| reports.iter().map(|r| gold_of(gold, &r.id, k).len()).sum()).collect();
    let mut t = format!(
        "## {half} half: {} reports, gold {} people, {} organisations, {} places\n\n",
        reports.len(),
        n_gold[0],
        n_gold[1],
        n_gold[2]
    );
    t.push_str("| system |");
    for (_, words) in KINDS {
        let _ = write!(t, " {words} P | R | F1 |");
    }
    t.push_str("\n|---|");
    t.push_str(&"---:|".repeat(3 * KINDS.len()));
    t.push('\n');
    for system in systems {
        match &system.runs[h] {
            Ok(found) => {
                let _ = write!(t, "| {} |", system.name);
                for (kind, _) in KINDS {
                    let mut c = Counts::default();
                    for r in reports {
                        let (one, _) = score(names_of(found, &r.id, kind), gold_of(gold, &r.id, kind));
                        c.true_pos += one.true_pos;
                        c.false_pos += one.false_pos;
                        c.false_neg += one.false_neg;
                    }
                    let _ = write!(t, " {:.2} | {:.2} | **{:.2}** |", c.precision(), c.recall(), c.f1());
                }
                t.push('\n');
            }
            Err(why) => {
                let _ = writeln!(t, "| {} | unavailable: {} |", system.name, why.replace('|', "/").replace('\n', " "));
            }
        }
    }
    t
}

/// The `trawl` binary, built in release.
fn prepare_trawl(root: &Path) -> std::result::Result<PathBuf, String> {
    crate::run_cmd(crate::cargo().current_dir(root).args(["build", "--release", "-p", "trawl"]))
        .map_err(|e| format!("{e:#}"))?;
    Ok(root.join("target/release/trawl"))
}

#[derive(Deserialize)]
struct TrawlEntity {
    kind: String,
    name: String,
    mentions: Vec<TrawlMention>,
}

#[derive(Deserialize)]
struct TrawlMention {
    doc: String,
    text: String,
    /// `demonym` for a nationality ("British"): Trawl keeps it with the country for events and the
    /// network, but never lists it as a place (docs/extraction.md), so it names no place here either.
    form: String,
}

/// `trawl entities FILE --json`: each entity, per report it is mentioned in, as its name and the texts
/// of its mentions there.
fn run_trawl(bin: &Path, path: &Path) -> Run {
    let out = capture(Command::new(bin).arg("entities").arg(path).arg("--json"))?;
    trawl_found(&out)
}

fn trawl_found(json: &str) -> Run {
    let entities: Vec<TrawlEntity> = serde_json::from_str(json).map_err(|e| format!("trawl's JSON: {e}"))?;
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for e in entities {
        let mut per_doc: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for m in e.mentions.iter().filter(|m| m.form != "demonym") {
            let forms = per_doc.entry(m.doc.as_str()).or_insert_with(|| vec![e.name.clone()]);
            if !forms.contains(&m.text) {
                forms.push(m.text.clone());
            }
        }
        for (doc, forms) in per_doc {
            found.entry(doc.to_string()).or_default().entry(e.kind.clone()).or_default().push(forms);
        }
    }
    Ok(found)
}

/// A script printing `{"<id>": {"person": [names], "org": [...], "place": [...]}}`.
fn run_names(cmd: &mut Command) -> Run {
    let out = capture(cmd)?;
    let names: BTreeMap<String, BTreeMap<String, Vec<String>>> =
        serde_json::from_str(&out).map_err(|e| format!("its JSON: {e}"))?;
    Ok(names
        .into_iter()
        .map(|(id, kinds)| {
            (id, kinds.into_iter().map(|(k, v)| (k, v.into_iter().map(|n| vec![n]).collect())).collect())
        })
        .collect())
}

/// Runs a command for its standard output; a failure is the end of its standard error.
fn capture(cmd: &mut Command) -> std::result::Result<String, String> {
    let shown = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd.stderr(Stdio::piped()).output().map_err(|e| format!("could not start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed ({}): {}", out.status, tail(&String::from_utf8_lossy(&out.stderr))));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{shown} printed non-UTF-8: {e}"))
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" / ")
}

/// compromise, pinned by tests/ner/package-lock.json: `npm ci` when it is not installed.
fn prepare_compromise(root: &Path) -> std::result::Result<(), String> {
    let dir = root.join("tests/ner");
    if !dir.join("node_modules/compromise/package.json").exists() {
        crate::run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))
            .map_err(|e| format!("{e:#}"))?;
    }
    Ok(())
}

/// A Python with spaCy 2.2.4 and en_core_web_sm in target/eval-ner/venv, installed when missing by
/// tests/ner/install_spacy.py (spaCy 2.2's sources predate Python 3.11, so it rebuilds them; about ten
/// minutes on two cores), its output in target/eval-ner/spacy-install.log.
fn prepare_spacy(root: &Path, out_dir: &Path) -> std::result::Result<PathBuf, String> {
    let venv = out_dir.join("venv");
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import spacy, en_core_web_sm"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ready {
        return Ok(python);
    }
    let log = out_dir.join("spacy-install.log");
    println!("Installing spaCy 2.2.4 and en_core_web_sm into {} (log: {})", venv.display(), log.display());
    let out = Command::new("python3")
        .arg(root.join("tests/ner/install_spacy.py"))
        .arg(&venv)
        .arg(out_dir.join("spacy-build"))
        .output()
        .map_err(|e| format!("could not start python3: {e}"))?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    std::fs::write(&log, &text).map_err(|e| format!("writing {}: {e}", log.display()))?;
    if !out.status.success() {
        let why = text.lines().rev().find(|l| l.starts_with("error: ")).map_or_else(|| tail(&text), String::from);
        return Err(format!("installing spaCy failed ({why}; see {})", log.display()));
    }
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(names: &[&str]) -> Vec<Vec<String>> {
        names.iter().map(|n| n.split(" = ").map(String::from).collect()).collect()
    }

    #[test]
    fn names_are_compared_without_case_punctuation_possessives_or_a_leading_the() {
        assert_eq!(normalise("U.S."), "us");
        assert_eq!(normalise("US"), "us");
        assert_eq!(normalise("Tony Blair's"), "tony blair");
        assert_eq!(normalise("Trump’s"), "trump");
        assert_eq!(normalise("The  Grayzone,"), "grayzone");
        assert_eq!(normalise("Sandra Day O’Connor"), "sandra day oconnor");
        assert_eq!(normalise("al-Zawahiri"), "al zawahiri");
        assert_eq!(normalise("Lee “Faker” Sang-hyeok"), "lee faker sang hyeok");
        assert_eq!(normalise("Theo Walcott"), "theo walcott");
        assert_eq!(normalise("Americans'"), "americans");
    }

    #[test]
    fn each_gold_entity_counts_once_and_other_names_are_false_positives() {
        let gold = forms(&["United States = U.S. = US", "Japan", "Spain"]);
        let found = forms(&["US", "U.S.", "United States", "Japan's", "Germany"]);
        let (counts, errors) = score(&found, &gold);
        assert_eq!(counts, Counts { true_pos: 2, false_pos: 2, false_neg: 1 });
        assert_eq!(errors.missed, ["Spain"]);
        assert_eq!(errors.spurious, ["United States", "Germany"]);
    }

    #[test]
    fn an_entity_found_matches_by_any_of_its_forms() {
        let gold = forms(&["Tony Blair", "Mr Smith"]);
        let found = forms(&["Anthony Blair = Tony Blair = Blair"]);
        let (counts, _) = score(&found, &gold);
        assert_eq!(counts, Counts { true_pos: 1, false_pos: 0, false_neg: 1 });
    }

    #[test]
    fn names_that_normalise_alike_are_one_name() {
        let gold = forms(&["Donald Trump"]);
        let found = forms(&["Trump", "Trump's", "TRUMP"]);
        let (counts, errors) = score(&found, &gold);
        assert_eq!(counts, Counts { true_pos: 0, false_pos: 1, false_neg: 1 });
        assert_eq!(errors.spurious, ["Trump"]);
    }

    #[test]
    fn precision_recall_and_f1_are_zero_when_undefined() {
        let c = Counts::default();
        assert_eq!((c.precision(), c.recall(), c.f1()), (0.0, 0.0, 0.0));
        let c = Counts { true_pos: 3, false_pos: 1, false_neg: 2 };
        assert_eq!((c.precision(), c.recall()), (0.75, 0.6));
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
    }

    #[test]
    fn the_fixtures_and_gold_agree() {
        let root = crate::project_root();
        let text = std::fs::read_to_string(root.join("tests/fixtures/ner/gold.json")).unwrap();
        let gold: BTreeMap<String, Gold> = serde_json::from_str(&text).unwrap();
        let mut ids = Vec::new();
        for (_, file) in HALVES {
            let reports = read_reports(&root.join("tests/fixtures/ner").join(file)).unwrap();
            assert_eq!(reports.len(), 40, "{file}");
            for r in reports {
                let g = &gold[&r.id];
                let text = format!("{}\n{}", r.title.as_deref().unwrap_or(""), r.body);
                for (kind, _) in KINDS {
                    for form in g[kind].iter().flatten() {
                        assert!(text.contains(form.as_str()), "{}: {kind} {form:?} is not in the text", r.id);
                    }
                }
                ids.push(r.id);
            }
        }
        ids.sort();
        assert_eq!(ids, gold.keys().cloned().collect::<Vec<_>>(), "one gold entry per report");
    }

    #[test]
    fn dev_scope_reads_only_the_dev_half() {
        assert_eq!(Scope::from_args(&[]).unwrap(), Scope::All);
        let dev = Scope::from_args(&["--dev".to_string()]).unwrap();
        assert_eq!(dev, Scope::DevTrawl);
        assert_eq!(dev.halves(), [("dev", "dev.jsonl")]);
        assert_eq!(Scope::All.halves().len(), 2);
        assert!(Scope::from_args(&["--held".to_string()]).is_err());
    }

    #[test]
    fn a_nationality_names_no_place() {
        let json = r#"[{"kind": "place", "name": "United Kingdom", "mentions": [
            {"doc": "a", "text": "British", "form": "demonym"},
            {"doc": "b", "text": "British", "form": "demonym"}, {"doc": "b", "text": "Britain", "form": "alias"}]}]"#;
        let found = trawl_found(json).unwrap();
        assert!(!found.contains_key("a"));
        assert_eq!(found["b"]["place"], vec![vec!["United Kingdom".to_string(), "Britain".to_string()]]);
    }
}
