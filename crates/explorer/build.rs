//! Embeds every file directly under `seeds/` (the default corpus) into the explorer.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../seeds");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&root).expect("seeds/ exists").map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    let mut out = String::from(
        "/// The default corpus: (file name, bytes), in file name order.\npub const SEEDS: &[(&str, &[u8])] = &[\n",
    );
    for f in files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let abs = f.canonicalize().unwrap();
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(out, "    ({name:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("seeds.rs");
    std::fs::write(dest, out).unwrap();
}
