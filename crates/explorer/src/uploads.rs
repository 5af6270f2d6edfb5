//! The person's files, as the page keeps track of them: the path each is added under (its path inside a
//! dropped or picked folder, so `politics/001.txt` and `business/001.txt` are two files), what a name
//! already taken becomes, which files were added before (same path, size and bytes: not added twice),
//! and the one-line report of an upload. No DOM here: the browser parts are in `pick` and `loading`.

use crate::numbers::{count, counted};
use corpus::ingest::Unsupported;
use corpus::{Diagnostic, Severity};

/// A file of the person's that gave documents, as kept (in memory and in IndexedDB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRecord {
    /// The path it was picked or dropped with (`politics/001.txt`, or a bare file name).
    pub original: String,
    /// The name its documents were read under: `original`, or `original` made unique (`001-2.txt`).
    pub path: String,
    pub size: u64,
    /// [`crate::protocol::content_hash`] of its bytes (inflated, for a `.gz`).
    pub hash: u64,
    pub documents: usize,
}

/// Where a file sits relative to what the person named: the path inside a dropped or picked folder
/// (`webkitRelativePath`, or a dropped entry's `fullPath` such as `/politics/001.txt`), else its name.
/// Separators become `/`; empty, `.` and `..` parts are dropped.
pub fn relative_path(path: &str, name: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    if parts.is_empty() {
        name.to_string()
    } else {
        parts.join("/")
    }
}

/// Why a file found by walking a folder is left out, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Hidden (`.DS_Store`, `.git/…`): left out without a word, as a file manager shows nothing of it.
    Hidden,
    /// An extension Trawl does not read (`pdf`, `png`; `""` for none): counted in the report.
    Unknown(String),
}

/// Whether a file found in a folder is read. Files picked or dropped one by one are always tried
/// (their format is sniffed); inside a folder, only the formats Trawl reads are, so a folder of
/// articles with a few images does not give an error per image.
pub fn folder_skip(path: &str) -> Option<Skip> {
    if path.split('/').any(|p| p.starts_with('.')) {
        return Some(Skip::Hidden);
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let inner = name.strip_suffix(".gz").unwrap_or(name);
    let ext = match inner.rfind('.') {
        Some(i) if i > 0 => &inner[i + 1..],
        _ => "",
    };
    let known = ext.eq_ignore_ascii_case("trawl") || corpus::ingest::Format::from_extension(ext).is_some();
    (!known).then(|| Skip::Unknown(ext.to_ascii_lowercase()))
}

/// The report line for files left out of a folder: "skipped 3 .pdf files", by extension.
pub fn skipped_note(folder: &str, unknown: &[String]) -> Option<Diagnostic> {
    if unknown.is_empty() {
        return None;
    }
    let mut exts: Vec<&str> = unknown.iter().map(String::as_str).collect();
    corpus::order::sort_by(&mut exts, |a, b| a.cmp(b));
    let mut parts: Vec<String> = Vec::new();
    for run in exts.chunk_by(|a, b| a == b) {
        let n = run.len() as u64;
        parts.push(match run[0] {
            "" => format!(
                "{} {}",
                count(n),
                if n == 1 { "file without an extension" } else { "files without an extension" }
            ),
            ext => format!("{} .{ext} {}", count(n), if n == 1 { "file" } else { "files" }),
        });
    }
    // Documents people have (PDF, Word, spreadsheets, scans) are worth converting; say how.
    let mut message = format!("skipped {} (not a format Trawl reads)", parts.join(", "));
    if exts.iter().any(|e| Unsupported::by_extension(e).is_some()) {
        message = format!("{message}: {}", Unsupported::HOW_TO_CONVERT);
    }
    Some(Diagnostic::warning(folder, message))
}

/// `path` with `-n` before its extension (and before `.gz`): `001.txt` → `001-2.txt`.
fn numbered(path: &str, n: usize) -> String {
    let (inner, gz) = match path.strip_suffix(".gz") {
        Some(inner) => (inner, ".gz"),
        None => (path, ""),
    };
    let name_start = inner.rfind('/').map_or(0, |i| i + 1);
    match inner[name_start..].rfind('.') {
        Some(i) if i > 0 => {
            let dot = name_start + i;
            format!("{}-{n}{}{gz}", &inner[..dot], &inner[dot..])
        }
        _ => format!("{inner}-{n}{gz}"),
    }
}

/// How one file of an upload is to be read, decided before the worker sees its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The name to read it under when it is new: its path, or its path made unique (`001-2.txt`)
    /// when another file already has that name.
    pub name: String,
    /// Hashes of files added before with the same path and size: if its bytes hash to one of
    /// these, it was added before and is not added again.
    pub known: Vec<u64>,
}

/// Decides the names of an upload's files (`originals`, in order) against the files kept so far:
/// every name distinct from every kept one and from each other, the same for the same input.
pub fn place(kept: &[FileRecord], originals: &[(String, u64)]) -> Vec<Placement> {
    // The names taken, as a map of the type `Corpus` keeps its ids in, whose code the page has already.
    let mut taken: std::collections::HashMap<String, usize> = kept.iter().map(|r| (r.path.clone(), 0)).collect();
    originals
        .iter()
        .map(|(original, size)| {
            let known = kept.iter().filter(|r| r.original == *original && r.size == *size).map(|r| r.hash).collect();
            let mut name = original.clone();
            let mut n = 2;
            while taken.contains_key(&name) {
                name = numbered(original, n);
                n += 1;
            }
            taken.insert(name.clone(), 0);
            Placement { name, known }
        })
        .collect()
}

/// What one upload did, for the report: files read, documents per file, problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadReport {
    /// Files that gave documents, with how many.
    pub added: Vec<(String, usize)>,
    /// Files that were added before (same path, size and bytes), so not added again.
    pub again: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.again.is_empty() && self.problems.is_empty()
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// The line shown for the upload, the details being folded under it:
    /// "927 files added: 927 documents · 2 errors · 1 warning".
    pub fn summary(&self) -> String {
        let files = self.added.len() as u64;
        let docs: u64 = self.added.iter().map(|(_, n)| *n as u64).sum();
        let mut out = match files {
            0 => "No files added".to_string(),
            _ => format!("{} added: {}", counted(files, "file"), counted(docs, "document")),
        };
        let warnings = self.problems.len() - self.errors();
        for (n, what) in [
            (self.again.len(), "already added"),
            (self.errors(), if self.errors() == 1 { "error" } else { "errors" }),
            (warnings, if warnings == 1 { "warning" } else { "warnings" }),
        ] {
            if n > 0 {
                out.push_str(&format!(" · {} {what}", count(n as u64)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(original: &str, path: &str, size: u64, hash: u64) -> FileRecord {
        FileRecord { original: original.into(), path: path.into(), size, hash, documents: 1 }
    }

    #[test]
    fn paths_inside_folders_are_kept() {
        // A dropped folder's entries (`fullPath`), a picked folder's files (`webkitRelativePath`),
        // a file picked alone (no path).
        assert_eq!(relative_path("/politics/001.txt", "001.txt"), "politics/001.txt");
        assert_eq!(relative_path("bbc/business/001.txt", "001.txt"), "bbc/business/001.txt");
        assert_eq!(relative_path("", "001.txt"), "001.txt");
        assert_eq!(relative_path("/../a/./b\\c.txt", "c.txt"), "a/b/c.txt");
    }

    #[test]
    fn two_files_with_one_name_get_two_names() {
        let placed = place(&[], &[("001.txt".into(), 10), ("001.txt".into(), 12), ("politics/001.txt".into(), 10)]);
        let names: Vec<&str> = placed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["001.txt", "001-2.txt", "politics/001.txt"]);
        // Against files kept before: the next free number, and the hashes of the same path and size.
        let kept = [record("001.txt", "001.txt", 10, 7), record("001.txt", "001-2.txt", 12, 8)];
        let placed = place(&kept, &[("001.txt".into(), 12), ("001-2.txt".into(), 3)]);
        assert_eq!(placed[0], Placement { name: "001-3.txt".into(), known: vec![8] });
        assert_eq!(placed[1], Placement { name: "001-2-2.txt".into(), known: vec![] });
        // The same input gives the same names.
        assert_eq!(place(&kept, &[("001.txt".into(), 12)]), place(&kept, &[("001.txt".into(), 12)]));
    }

    #[test]
    fn numbered_names_keep_their_extensions() {
        assert_eq!(numbered("a/001.txt", 2), "a/001-2.txt");
        assert_eq!(numbered("news.jsonl.gz", 3), "news-3.jsonl.gz");
        assert_eq!(numbered("v1.2/README", 2), "v1.2/README-2");
        assert_eq!(numbered(".hidden", 2), ".hidden-2");
    }

    #[test]
    fn folders_read_only_known_formats() {
        assert_eq!(folder_skip("politics/001.txt"), None);
        assert_eq!(folder_skip("a/news.JSONL.gz"), None);
        assert_eq!(folder_skip("a/mine.trawl"), None);
        assert_eq!(folder_skip("a/.DS_Store"), Some(Skip::Hidden));
        assert_eq!(folder_skip("a/.git/config.txt"), Some(Skip::Hidden));
        assert_eq!(folder_skip("a/scan.PDF"), Some(Skip::Unknown("pdf".into())));
        assert_eq!(folder_skip("a/LICENSE"), Some(Skip::Unknown("".into())));
        let note = skipped_note("a", &["pdf".into(), "png".into(), "pdf".into(), "".into()]).unwrap();
        assert_eq!(
            note.to_string(),
            "warning: a: skipped 1 file without an extension, 2 .pdf files, 1 .png file (not a format Trawl \
             reads): convert them to text first, e.g. `pdftotext file.pdf`, `pandoc -t plain file.docx -o \
             file.txt`"
        );
        let note = skipped_note("a", &["xyz".into()]).unwrap();
        assert_eq!(note.to_string(), "warning: a: skipped 1 .xyz file (not a format Trawl reads)");
        assert_eq!(skipped_note("a", &[]), None);
    }

    #[test]
    fn an_upload_is_reported_in_one_line() {
        let mut r = LoadReport {
            added: (1..=927).map(|i| (format!("{i:03}.txt"), 1)).collect(),
            again: vec![],
            problems: vec![Diagnostic::error("x.bin", "binary"), Diagnostic::error("e.txt", "file is empty")],
        };
        assert_eq!(r.summary(), "927 files added: 927 documents · 2 errors");
        r.again.push("a.txt".into());
        r.problems.push(Diagnostic::warning("b.txt", "odd"));
        assert_eq!(r.summary(), "927 files added: 927 documents · 1 already added · 2 errors · 1 warning");
        let none = LoadReport { again: vec!["a.txt".into()], ..LoadReport::default() };
        assert_eq!(none.summary(), "No files added · 1 already added");
    }
}
