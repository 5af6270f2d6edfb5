//! Embeds the corpus the explorer opens with, as a pack (see `corpus::pack`): by default the
//! files directly under `seeds/`, packed here by the same core; or, when `TRAWL_PACK` names a file
//! written by `trawl pack`, that pack (a site serving its own collection).

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("base.trawl");
    println!("cargo:rerun-if-env-changed=TRAWL_PACK");
    let pack = match std::env::var_os("TRAWL_PACK") {
        Some(path) => {
            let path = PathBuf::from(path);
            println!("cargo:rerun-if-changed={}", path.display());
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("TRAWL_PACK={}: {e}", path.display()));
            if let Err(e) = corpus::pack::read(&bytes) {
                panic!("TRAWL_PACK={}: {e}", path.display());
            }
            bytes
        }
        None => seed_pack(),
    };
    std::fs::write(&out, pack).unwrap();
    let code = format!(
        "/// The corpus the explorer opens with, as a pack.\npub const BASE_PACK: &[u8] = include_bytes!({:?});\n",
        out.display().to_string()
    );
    std::fs::write(PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("seeds.rs"), code).unwrap();
}

fn seed_pack() -> Vec<u8> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../seeds");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&root)
        .expect("seeds/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    let (corpus, _) = corpus::Corpus::from_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    let index = corpus::index::Index::build(&corpus);
    let extraction = corpus::extract::extract(&corpus, &corpus::extract::Lexicon::builtin());
    corpus::pack::write(&corpus, &index, &extraction)
}
