//! Puts a sharded collection (`trawl pack --shard-docs N -o DIR`) into a built site: its manifest
//! and shards go to `collection/` beside `index.html`, and the page names the manifest in a
//! `<meta name="trawl-collection">`, which the explorer loads instead of its embedded sample.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The manifest's address, relative to `index.html`.
pub const MANIFEST_URL: &str = "collection/manifest.json";

pub fn install(site: &Path, collection: &Path) -> Result<()> {
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
    let index = site.join("index.html");
    let html = std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    let meta = format!("<meta name=\"trawl-collection\" content=\"{MANIFEST_URL}\" />");
    if !html.contains(&meta) {
        let at = html.find("</head>").context("no </head> in index.html")?;
        std::fs::write(&index, format!("{}  {meta}\n  {}", &html[..at], &html[at..]))?;
    }
    println!(
        "xtask: collection of {} documents in {} shards installed in {}",
        manifest.documents,
        manifest.shards.len(),
        out.display()
    );
    // The page changed: a new service worker version, which keeps the collection for offline use.
    crate::offline::apply(site)
}
