//! Reading paths from disk into a corpus: the only file I/O in Trawl besides xtask.

use anyhow::{Context, Result};
use corpus::ingest::Format;
use corpus::{Corpus, Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// Loads every file named, and every file with a known extension (packs too) under each directory
/// named, in sorted order; a collection's manifest.json stands for its shards. Diagnostics are
/// printed to stderr; a bad file never stops the others.
///
/// Each file is named to the core by its path relative to what was named: a file by its name, a
/// file inside a directory by its path below it (`politics/001.txt`), so ids keep that path.
pub fn load(paths: &[PathBuf], verbosity: Verbosity) -> Result<Corpus> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, path, &mut files).with_context(|| format!("reading directory {}", path.display()))?;
        } else if let Some(shards) = manifest_shards(path) {
            files.extend(shards.into_iter().map(|s| (file_name(&s), s)));
        } else if path.exists() {
            files.push((file_name(path), path.clone()));
        } else {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let mut corpus = Corpus::new();
    let mut diagnostics = Vec::new();
    for (name, file) in files {
        match read(&file) {
            // A gzip-compressed file is read as the file inside (`a.jsonl.gz` as JSON Lines).
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

/// A file's bytes, inflated when its name ends in `.gz`.
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes.as_slice()), &mut out)?;
        return Ok(out);
    }
    Ok(bytes)
}

/// The shards a collection's manifest lists (`trawl pack --shard-docs`), if `path` is one.
fn manifest_shards(path: &Path) -> Option<Vec<PathBuf>> {
    if path.file_name()? != "manifest.json" {
        return None;
    }
    let manifest = corpus::pack::Manifest::parse(&std::fs::read_to_string(path).ok()?).ok()?;
    let dir = path.parent()?;
    Some(manifest.shards.iter().map(|s| dir.join(&s.file)).collect())
}

/// A document format, a pack, or either gzip-compressed.
fn known(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    ext.is_some_and(|e| e == "trawl" || Format::from_extension(e).is_some())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// `path` relative to `root`, with `/` between its parts whatever the platform.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The files to load under `dir`, with their paths relative to `root` (the directory named).
fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if manifest_shards(&path).is_some() {
            // A collection's manifest: its shards are in this directory, and read as packs.
            continue;
        } else if known(&path) {
            out.push((relative(root, &path), path));
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
