//! Reading paths from disk into a corpus: the only file I/O in Trawl besides xtask.

use anyhow::{Context, Result};
use corpus::ingest::Format;
use corpus::{Corpus, Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// Loads every file named, and every file with a known extension under each directory named, in
/// sorted order. Diagnostics are printed to stderr; a bad file never stops the others.
pub fn load(paths: &[PathBuf], verbosity: Verbosity) -> Result<Corpus> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, &mut files).with_context(|| format!("reading directory {}", path.display()))?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let mut corpus = Corpus::new();
    let mut diagnostics = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match std::fs::read(&file) {
            Ok(bytes) => diagnostics.extend(corpus.add_file(&name, &bytes)),
            Err(e) => diagnostics.push(Diagnostic::error(&name, format!("cannot read: {e}"))),
        }
    }
    report(&diagnostics, verbosity);
    Ok(corpus)
}

/// How much of what loading found to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Every diagnostic.
    All,
    /// Errors, and a count of warnings.
    Errors,
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()).and_then(Format::from_extension).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

fn report(diagnostics: &[Diagnostic], verbosity: Verbosity) {
    let mut warnings = 0;
    for d in diagnostics {
        if verbosity == Verbosity::All || d.severity == Severity::Error {
            eprintln!("trawl: {d}");
        } else {
            warnings += 1;
        }
    }
    if warnings > 0 {
        eprintln!(
            "trawl: {warnings} warning{} while loading; `trawl docs` lists them",
            if warnings == 1 { "" } else { "s" }
        );
    }
}
