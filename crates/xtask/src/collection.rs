//! Puts a collection into a built site, in `collection/` beside `index.html`, and names it in a
//! `<meta name="trawl-collection">`, which the explorer opens instead of its embedded sample. The
//! meta names the collection's entry file, which says its kind: a sharded collection's manifest
//! (`trawl pack --shard-docs N -o DIR`: the manifest and shards are copied), or a partitioned
//! collection's root (`trawl pack --partitioned -o DIR`, a folder with `trawl.root`: the root and
//! its folder are copied, and the page hints the root and the search worker's files, which it would
//! otherwise ask for only once its own code has started).

use anyhow::{bail, Context, Result};
use corpus::partition::ROOT_FILE;
use std::path::Path;

/// The manifest's address, relative to `index.html`.
pub const MANIFEST_URL: &str = "collection/manifest.json";

pub fn install(site: &Path, collection: &Path) -> Result<()> {
    if collection.join(ROOT_FILE).is_file() {
        return install_partitioned(site, collection);
    }
    let manifest_path = collection.join("manifest.json");
    let json = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {} (write one with trawl pack --shard-docs)", manifest_path.display()))?;
    let manifest = corpus::pack::Manifest::parse(&json)?;
    let out = site.join("collection");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    std::fs::create_dir_all(&out)?;
    for shard in &manifest.shards {
        let from = collection.join(&shard.file);
        let copied =
            std::fs::copy(&from, out.join(&shard.file)).with_context(|| format!("copying {}", from.display()))?;
        if copied as usize != shard.bytes {
            bail!("{}: {copied} bytes, the manifest says {}", from.display(), shard.bytes);
        }
    }
    std::fs::write(out.join("manifest.json"), json)?;
    name_in_page(site, MANIFEST_URL)?;
    println!(
        "xtask: collection of {} documents in {} shards installed in {}",
        manifest.documents,
        manifest.shards.len(),
        out.display()
    );
    // The page changed: a new service worker version, which keeps the collection for offline use.
    crate::offline::apply(site)
}

/// A partitioned collection: its root and the folder the root names, nothing else of `collection`.
fn install_partitioned(site: &Path, collection: &Path) -> Result<()> {
    let root_path = collection.join(ROOT_FILE);
    let bytes = std::fs::read(&root_path).with_context(|| format!("reading {}", root_path.display()))?;
    let inflated = crate::bench_remote::inflated(ROOT_FILE, bytes.clone())?;
    let opened = corpus::partition::Collection::open(&inflated).with_context(|| root_path.display().to_string())?;
    let root = opened.root();
    let out = site.join("collection");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    std::fs::create_dir_all(&out)?;
    let (files, bytes_copied) = copy_tree(&collection.join(&root.id), &out.join(&root.id))?;
    std::fs::write(out.join(ROOT_FILE), &bytes)?;
    name_in_page(site, &format!("collection/{ROOT_FILE}"))?;
    println!(
        "xtask: partitioned collection of {} documents ({} files, {} bytes) installed in {}",
        root.n_docs,
        files + 1,
        bytes_copied + bytes.len() as u64,
        out.display()
    );
    crate::offline::apply(site)
}

/// Copies a folder's files and folders; the number of files and their bytes.
fn copy_tree(from: &Path, to: &Path) -> Result<(usize, u64)> {
    std::fs::create_dir_all(to)?;
    let (mut files, mut bytes) = (0, 0);
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            let (f, b) = copy_tree(&entry.path(), &dest)?;
            files += f;
            bytes += b;
        } else {
            bytes +=
                std::fs::copy(entry.path(), &dest).with_context(|| format!("copying {}", entry.path().display()))?;
            files += 1;
        }
    }
    Ok((files, bytes))
}

/// Names the collection's entry file (relative to `index.html`) in the page's `<meta>`. For a
/// partitioned collection's root, also hints the root and the search worker's files in the page's
/// `<head>`: the page asks for them only once its own code has loaded and started the worker, and
/// hinted, the browser fetches them alongside that code, into its HTTP cache, where the worker then
/// finds them. A sharded collection gets no hints (its page never starts the search worker);
/// installing again rewrites the meta and the hints.
fn name_in_page(site: &Path, url: &str) -> Result<()> {
    let index = site.join("index.html");
    let html = std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    // The hints of a collection installed before go (each is a line of its own).
    let mut kept: String = html.lines().filter(|line| !line.contains(HINT_MARK)).collect::<Vec<_>>().join("\n");
    if html.ends_with('\n') {
        kept.push('\n');
    }
    let mut named = format!("<meta name=\"trawl-collection\" content=\"{url}\" />");
    if url.ends_with(ROOT_FILE) {
        for hint in [
            format!("<link rel=\"preload\" href=\"{url}\" as=\"fetch\" crossorigin=\"anonymous\" {HINT_MARK} />"),
            format!("<link rel=\"preload\" href=\"searcher_loader.js\" as=\"script\" {HINT_MARK} />"),
            format!("<link rel=\"preload\" href=\"searcher.js\" as=\"script\" {HINT_MARK} />"),
            format!("<link rel=\"preload\" href=\"searcher_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\" {HINT_MARK} />"),
        ] {
            named.push_str(&format!("\n  {hint}"));
        }
    }
    let page = if let Some(start) = kept.find("<meta name=\"trawl-collection\"") {
        // Another collection installed before: named anew.
        let end = start + kept[start..].find("/>").context("an unclosed trawl-collection meta")? + 2;
        format!("{}{named}{}", &kept[..start], &kept[end..])
    } else {
        let at = kept.find("</head>").context("no </head> in index.html")?;
        format!("{}  {named}\n  {}", &kept[..at], &kept[at..])
    };
    std::fs::write(&index, page)?;
    Ok(())
}

/// Marks the page's hints for the search's files, so that installing again replaces them.
const HINT_MARK: &str = "data-trawl-hint";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_the_last_collection_installed_with_its_hints_once() {
        let site = std::env::temp_dir().join(format!("trawl-name-in-page-{}", std::process::id()));
        std::fs::create_dir_all(&site).unwrap();
        let index = site.join("index.html");
        std::fs::write(&index, "<html><head>\n  <title>t</title>\n</head><body></body></html>\n").unwrap();
        let root = format!("collection/{ROOT_FILE}");
        let page = || std::fs::read_to_string(&index).unwrap();
        name_in_page(&site, &root).unwrap();
        name_in_page(&site, &root).unwrap();
        let html = page();
        assert_eq!(html.matches("<meta name=\"trawl-collection\"").count(), 1, "{html}");
        assert_eq!(html.matches(HINT_MARK).count(), 4, "{html}");
        assert!(html.contains(&format!("<link rel=\"preload\" href=\"{root}\" as=\"fetch\"")), "{html}");
        assert!(html.find(HINT_MARK) < html.find("</head>"), "{html}");
        // A sharded collection instead: named, and no hint is left.
        name_in_page(&site, MANIFEST_URL).unwrap();
        let html = page();
        assert!(html.contains(&format!("content=\"{MANIFEST_URL}\"")), "{html}");
        assert_eq!(html.matches(HINT_MARK).count(), 0, "{html}");
        assert!(html.ends_with("</html>\n") && html.contains("<title>t</title>"), "{html}");
        std::fs::remove_dir_all(&site).unwrap();
    }
}
