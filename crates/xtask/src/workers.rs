//! What each wasm module of the built site may carry, beyond the generated data (`codegen::check_dist`):
//! a partitioned collection's reader (`corpus::partition::Collection`, its query resolution over fetched
//! dictionary blocks, its bounds and fragments) lives in the search worker (`searcher_bg.wasm`), which
//! only a page naming such a collection starts, and not in the page's wasm, which stays lean. The reader
//! is told by the format's magic, which only `Collection::open` reads.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The search worker's module (Trunk names a worker's files after its binary, without a hash).
const SEARCHER: &str = "searcher_bg.wasm";

/// After a release build: the reader is in the search worker's wasm and in no other. Fails naming the
/// module that breaks this.
pub fn check_dist(dist: &Path) -> Result<()> {
    let marker = &corpus::partition::MAGIC[..7];
    let mut searcher = false;
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if !name.ends_with("_bg.wasm") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let has = bytes.windows(marker.len()).any(|w| w == marker);
        match (name == SEARCHER, has) {
            (true, false) => bail!("dist/{SEARCHER} does not carry the partitioned reader"),
            (true, true) => searcher = true,
            (false, true) => {
                bail!("dist/{name} carries the partitioned reader: only the search worker may link Collection")
            }
            (false, false) => {}
        }
    }
    if !searcher {
        bail!("dist/ has no {SEARCHER}: web/index.html builds it");
    }
    println!("xtask: the partitioned reader is in the search worker's wasm only");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(files: &[(&str, &[u8])]) -> Result<()> {
        let dir = std::env::temp_dir().join(format!("trawl-workers-{}-{}", std::process::id(), files.len()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let checked = check_dist(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        checked
    }

    #[test]
    fn the_reader_belongs_in_the_search_worker_alone() {
        let reader: &[u8] = b"\0\x01TRAWLPT\x01\0";
        let page = ("explorer-0123_bg.wasm", b"\0asm page".as_slice());
        let indexer = ("worker_bg.wasm", b"\0asm indexer".as_slice());
        check(&[page, indexer, ("searcher_bg.wasm", reader)]).unwrap();
        let e = check(&[("explorer-0123_bg.wasm", reader), indexer, ("searcher_bg.wasm", reader)]).unwrap_err();
        assert!(e.to_string().contains("explorer-0123_bg.wasm carries the partitioned reader"), "{e}");
        let e = check(&[page, ("searcher_bg.wasm", b"\0asm")]).unwrap_err();
        assert!(e.to_string().contains("does not carry"), "{e}");
        assert!(check(&[page]).unwrap_err().to_string().contains("no searcher_bg.wasm"));
    }
}
