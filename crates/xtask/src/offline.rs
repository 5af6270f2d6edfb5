//! Writes the service worker's precache list into the built site (web/sw.js, copied to `dist/sw.js` by
//! Trunk). Trunk puts hashes in file names, so the list is taken from the files of this build: every
//! file beside `index.html` (the page as `./`, which is the address people open), but not the worker
//! itself, hidden files (`.nojekyll`) or folders (a collection's shards are cached as they arrive), nor
//! the files of a Web Worker the site never starts: the search worker where the page names no
//! partitioned collection, the indexing worker where it names one.
//! The version names the worker's cache: a hash of those files' names and bytes and of the worker's
//! code, so a build that changes any of them is a new worker, which replaces the old cache; an
//! identical build is not.
//!
//! Run after everything that changes `index.html` (prerender, CSP, a collection's `<meta>`).

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The worker, relative to `index.html`; registered by web/offline.js.
const WORKER: &str = "sw.js";

/// The indexing worker's files (`worker.js`, `worker_bg.wasm`, `worker_loader.js`): a site whose page
/// names a partitioned collection never indexes (it offers no "Add files"), so it does not precache
/// them; on a first visit their 1.3 MB would share the link with the query's files.
fn is_indexer(name: &str) -> bool {
    name.starts_with("worker")
}

/// The search worker's files (`searcher.js`, `searcher_bg.wasm`, `searcher_loader.js`): only a page
/// naming a partitioned collection starts it, so only such a site precaches them.
fn is_searcher(name: &str) -> bool {
    name.starts_with("searcher")
}

/// Whether the site's page names a partitioned collection (`<meta name="trawl-collection">` on a
/// `trawl.root`; see crates/explorer/src/collection.rs).
fn names_partitioned(page: &str) -> bool {
    page.split("<meta name=\"trawl-collection\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .is_some_and(|content| content.ends_with(corpus::partition::ROOT_FILE))
}

pub fn apply(site: &Path) -> Result<()> {
    let worker_path = site.join(WORKER);
    let worker = std::fs::read_to_string(&worker_path)
        .with_context(|| format!("reading {} (web/index.html copies it from web/)", worker_path.display()))?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(site).with_context(|| format!("reading {}", site.display()))? {
        let entry = entry?;
        let name = entry.file_name().into_string().map_err(|n| anyhow::anyhow!("file name {n:?} is not UTF-8"))?;
        if entry.file_type()?.is_file() && name != WORKER && !name.starts_with('.') {
            files.push(name);
        }
    }
    files.sort();
    if !files.iter().any(|f| f == "index.html") {
        bail!("no index.html in {}", site.display());
    }
    let page = std::fs::read_to_string(site.join("index.html")).context("reading index.html")?;
    let partitioned = names_partitioned(&page);
    files.retain(|f| if partitioned { !is_indexer(f) } else { !is_searcher(f) });
    // The worker's own code counts too (without the lines written here, so that writing them again
    // gives the same version).
    let mut hash = Sha256::new();
    hash.update(fill(&worker, "", &[])?.as_bytes());
    for name in &files {
        let bytes = std::fs::read(site.join(name)).with_context(|| format!("reading {name}"))?;
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let version: String = hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
    let shell: Vec<&str> = files.iter().map(|f| if f == "index.html" { "./" } else { f.as_str() }).collect();
    let out = fill(&worker, &version, &shell)?;
    std::fs::write(&worker_path, out)?;
    println!("xtask: {} precaches {} files (cache trawl-{version})", worker_path.display(), shell.len());
    Ok(())
}

/// The worker's text with its `VERSION` and `SHELL` lines written; again on a worker written before.
fn fill(worker: &str, version: &str, shell: &[&str]) -> Result<String> {
    let list = serde_json::to_string(shell)?;
    let mut found = (false, false);
    let lines: Vec<String> = worker
        .lines()
        .map(|line| {
            if line.starts_with("const VERSION = ") {
                found.0 = true;
                format!("const VERSION = '{version}';")
            } else if line.starts_with("const SHELL = ") {
                found.1 = true;
                format!("const SHELL = {list};")
            } else {
                line.to_string()
            }
        })
        .collect();
    if found != (true, true) {
        bail!("{WORKER} has no `const VERSION = ` or `const SHELL = ` line to fill in");
    }
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("trawl-offline-{}-{}", std::process::id(), files.len()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("collection")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    fn filled(dir: &Path) -> (String, String) {
        let text = std::fs::read_to_string(dir.join(WORKER)).unwrap();
        let line = |p: &str| text.lines().find(|l| l.starts_with(p)).unwrap().to_string();
        (line("const VERSION = "), line("const SHELL = "))
    }

    #[test]
    fn a_site_precaches_the_worker_it_starts_the_search_worker_only_with_a_partitioned_collection() {
        let worker = "const VERSION = 'unbuilt';\nconst SHELL = [];\n";
        let files = [
            ("sw.js", worker),
            ("app_bg.wasm", "wasm"),
            ("worker.js", "js"),
            ("worker_bg.wasm", "wasm"),
            ("worker_loader.js", "js"),
            ("searcher.js", "js"),
            ("searcher_bg.wasm", "wasm"),
            ("searcher_loader.js", "js"),
        ];
        let page = |content: &str| format!("<html><meta name=\"trawl-collection\" content=\"{content}\">");
        let shell = |index: &str| {
            let dir = site(&[files.as_slice(), &[("index.html", index)]].concat());
            apply(&dir).unwrap();
            let shell = filled(&dir).1;
            std::fs::remove_dir_all(&dir).unwrap();
            shell
        };
        let partitioned =
            r#"const SHELL = ["app_bg.wasm","./","searcher.js","searcher_bg.wasm","searcher_loader.js"];"#;
        assert_eq!(shell(&page("collection/trawl.root")), partitioned);
        let indexing = r#"const SHELL = ["app_bg.wasm","./","worker.js","worker_bg.wasm","worker_loader.js"];"#;
        assert_eq!(shell(&page("collection/manifest.json")), indexing);
        assert_eq!(shell("<html>"), indexing);
    }

    #[test]
    fn the_list_is_the_built_files_and_the_version_follows_their_bytes() {
        let worker = "// sw\nconst VERSION = 'unbuilt';\nconst SHELL = [];\nself.x = 1;\n";
        let dir =
            site(&[("sw.js", worker), ("index.html", "<html>"), ("app-0123abcd_bg.wasm", "wasm"), (".nojekyll", "")]);
        std::fs::write(dir.join("collection/shard-0000.trawl.gz"), "shard").unwrap();
        apply(&dir).unwrap();
        let (version, shell) = filled(&dir);
        assert_eq!(shell, r#"const SHELL = ["app-0123abcd_bg.wasm","./"];"#);
        assert!(std::fs::read_to_string(dir.join(WORKER)).unwrap().ends_with("self.x = 1;\n"));

        // Again on the filled worker: the same build, the same version.
        apply(&dir).unwrap();
        assert_eq!(filled(&dir).0, version);
        // A changed page (a collection's <meta>, say) is a new version, and so is a changed worker.
        std::fs::write(dir.join("index.html"), "<html><meta>").unwrap();
        apply(&dir).unwrap();
        let (page_changed, _) = filled(&dir);
        assert_ne!(page_changed, version);
        let text = std::fs::read_to_string(dir.join(WORKER)).unwrap();
        std::fs::write(dir.join(WORKER), text.replace("self.x = 1;", "self.x = 2;")).unwrap();
        apply(&dir).unwrap();
        assert_ne!(filled(&dir).0, page_changed);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_worker_without_the_lines_or_a_site_without_a_page_is_an_error() {
        assert!(fill("const SHELL = [];\n", "v", &[]).is_err());
        let dir = site(&[("sw.js", "const VERSION = '';\nconst SHELL = [];\n"), ("a.js", "")]);
        assert!(apply(&dir).unwrap_err().to_string().contains("no index.html"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
