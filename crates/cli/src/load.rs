//! Reading paths from disk into a corpus: the only file I/O in Trawl besides xtask.

use anyhow::{Context, Result};
use corpus::extract::Extraction;
use corpus::index::Index;
use corpus::ingest::{Format, Unsupported, MAX_FILE_BYTES};
use corpus::pack::{self, Loaded};
use corpus::{Corpus, Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Loads every file named, and every file with a known extension (packs too) under each directory
/// named, in sorted order; a collection's manifest.json stands for its shards. Diagnostics are
/// printed to stderr; a bad file never stops the others. Files of other kinds in a directory are
/// counted by extension and reported (hidden ones, like `.DS_Store`, are passed over), and so is a
/// `lexicon/` folder (lexicon files, as in `seeds/`: `--lexicon` reads them). Loading nothing at all
/// is an error.
///
/// Each file is named to the core by its path relative to what was named: a file by its name, a
/// file inside a directory by its path below it (`politics/001.txt`), so ids keep that path.
pub fn load(paths: &[PathBuf], verbosity: Verbosity) -> Result<Corpus> {
    Ok(load_files(paths, verbosity, false)?.corpus)
}

/// What [`load`] reads, with the index and extraction a search needs when they come with it:
/// when every file is a pack (or a collection's shard), the packs are appended in order with the
/// index and extraction they store, so nothing is indexed again (appended packs search as one
/// corpus indexed whole: see `pack::Loaded::append`). When other files come too, the packs'
/// documents join theirs and `index` is `None`: an index covering files not yet indexed would have
/// to be built anyway, and building it once for all is simpler than appending to a pack's.
pub fn load_searchable(paths: &[PathBuf], verbosity: Verbosity) -> Result<Searchable> {
    load_files(paths, verbosity, true)
}

/// A corpus, with its index and extraction when they were read from packs.
pub struct Searchable {
    pub corpus: Corpus,
    pub stored: Option<(Index, Extraction)>,
}

fn load_files(paths: &[PathBuf], verbosity: Verbosity, keep_packs: bool) -> Result<Searchable> {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut walk = Walk { root: path, files: &mut files, skipped: BTreeMap::new(), lexicons: Vec::new() };
            walk.dir(path).with_context(|| format!("reading directory {}", path.display()))?;
            for lexicon in walk.lexicons {
                diagnostics.push(Diagnostic::warning(
                    lexicon,
                    "lexicon files, not documents: passed over (--lexicon reads them)",
                ));
            }
            for (ext, n) in walk.skipped {
                let what = match ext.as_str() {
                    "" => format!("{n} file{} without an extension", plural(n)),
                    ext => format!("{n} .{ext} file{}", plural(n)),
                };
                // Documents people have (PDF, Word, spreadsheets, scans) are worth converting; say how.
                let mut message = format!("skipped {what}, not a format Trawl reads");
                if Unsupported::by_extension(&ext).is_some() {
                    message = format!("{message}: {}", Unsupported::HOW_TO_CONVERT);
                }
                diagnostics.push(Diagnostic::error(path.display().to_string(), message));
            }
        } else if let Some(shards) = manifest_shards(path) {
            files.extend(shards.into_iter().map(|s| (file_name(&s), s)));
        } else if path.exists() {
            files.push((file_name(path), path.clone()));
        } else {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let n_files = files.len();
    // The packs read so far, while every file has been one.
    let mut packs = keep_packs.then(Loaded::default);
    let mut corpus = Corpus::new();
    for (name, file) in files {
        let bytes = match read(&file) {
            Ok(bytes) => bytes,
            Err(message) => {
                diagnostics.push(Diagnostic::error(&name, message));
                continue;
            }
        };
        match &mut packs {
            Some(all) if pack::is_pack(&bytes) => match pack::read(&bytes) {
                Ok(part) => diagnostics.extend(all.append(part)),
                Err(e) => diagnostics.push(Diagnostic::error(&name, e.to_string())),
            },
            _ => {
                // Not a pack: whatever packs came first give their documents, to be indexed again
                // with this file's.
                if let Some(all) = packs.take() {
                    corpus = all.corpus;
                }
                // A gzip-compressed file is read as the file inside (`a.jsonl.gz` as JSON Lines).
                diagnostics.extend(corpus.add_file(&name, &bytes));
            }
        }
    }
    let (corpus, stored) = match packs {
        Some(all) => (all.corpus, Some((all.index, all.extraction))),
        None => (corpus, None),
    };
    report(&diagnostics, verbosity);
    if corpus.is_empty() {
        match n_files {
            0 => anyhow::bail!("no document loaded: no file of a format Trawl reads"),
            n => anyhow::bail!("no document loaded from {n} file{}", plural(n)),
        }
    }
    Ok(Searchable { corpus, stored })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// How much of what loading found to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Every diagnostic.
    All,
    /// Errors, and a count of warnings.
    Errors,
}

/// A file's bytes, inflated when its name ends in `.gz`, or why it is refused. Nothing over the
/// per-file limit is held: a plain file is refused by its size, a compressed one is inflated as a
/// stream and refused as soon as it passes the limit (a gzip bomb is never inflated whole).
fn read(path: &Path) -> Result<Vec<u8>, String> {
    let limit = MAX_FILE_BYTES;
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let inflater = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file));
        return match read_capped(inflater, limit) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(format!(
                "inflates to more than {} MB, over the limit per file; skipped after inflating that much",
                limit / (1024 * 1024)
            )),
            Err(e) => Err(format!("cannot inflate: {e}")),
        };
    }
    let len = usize::try_from(file.metadata().map_err(cannot)?.len()).unwrap_or(usize::MAX);
    if len > limit {
        return Err(corpus::ingest::over_limit(len));
    }
    let mut bytes = Vec::with_capacity(len);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit as u64), &mut bytes).map_err(cannot)?;
    Ok(bytes)
}

/// Everything `reader` gives, or `None` as soon as it gives more than `limit` bytes.
pub(crate) fn read_capped(mut reader: impl std::io::Read, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(Some(out)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if out.len() + n > limit {
            return Ok(None);
        }
        out.extend_from_slice(&buf[..n]);
    }
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

/// A walk through a directory named on the command line.
struct Walk<'a> {
    root: &'a Path,
    /// The files to load, with their paths relative to `root`.
    files: &'a mut Vec<(String, PathBuf)>,
    /// How many files of other kinds were passed over, by extension.
    skipped: BTreeMap<String, usize>,
    /// `lexicon/` folders passed over.
    lexicons: Vec<String>,
}

impl Walk<'_> {
    /// Hidden files and folders are passed over without a word.
    fn dir(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            let name = file_name(&path);
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() && name == "lexicon" {
                self.lexicons.push(path.display().to_string());
            } else if path.is_dir() {
                self.dir(&path)?;
            } else if manifest_shards(&path).is_some() {
                // A collection's manifest: its shards are in this directory, and read as packs.
                continue;
            } else if known(&path) {
                self.files.push((relative(self.root, &path), path));
            } else {
                let name = name.to_lowercase();
                let ext = match name.strip_suffix(".gz").unwrap_or(&name).rsplit_once('.') {
                    Some((_, ext)) if name.ends_with(".gz") => format!("{ext}.gz"),
                    Some((_, ext)) => ext.to_string(),
                    None if name.ends_with(".gz") => "gz".to_string(),
                    None => String::new(),
                };
                *self.skipped.entry(ext).or_default() += 1;
            }
        }
        Ok(())
    }
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
