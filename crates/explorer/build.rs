//! Embeds the default corpus (every file directly under `seeds/`) into the explorer twice: as a
//! pack built here with the same core (the page loads it without indexing anything), and as the
//! files themselves (the indexing worker adds them to a person's files when the sample is kept).

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../seeds");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&root).expect("seeds/ exists").map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    let mut out = String::from(
        "/// The default corpus: (file name, bytes), in file name order.\npub const SEEDS: &[(&str, &[u8])] = &[\n",
    );
    let mut loaded = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let abs = f.canonicalize().unwrap();
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(out, "    ({name:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
        loaded.push((name, std::fs::read(&abs).unwrap()));
    }
    out.push_str("];\n");
    let (corpus, _) = corpus::Corpus::from_files(loaded.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let index = corpus::index::Index::build(&corpus);
    let extraction = corpus::extract::extract(&corpus, &corpus::extract::Lexicon::builtin());
    let pack = out_dir.join("seeds.trawl");
    std::fs::write(&pack, corpus::pack::write(&corpus, &index, &extraction)).unwrap();
    writeln!(
        out,
        "/// The default corpus as a pack (see `corpus::pack`).\npub const SEED_PACK: &[u8] = include_bytes!({:?});",
        pack.display().to_string()
    )
    .unwrap();
    std::fs::write(out_dir.join("seeds.rs"), out).unwrap();
}
