//! Mechanical checks of the invariants in ARCHITECTURE.md, run as tests.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    crate::project_root()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn corpus_knows_nothing_of_the_web() {
    let manifest = std::fs::read_to_string(root().join("crates/corpus/Cargo.toml")).unwrap();
    for web in ["web-sys", "js-sys", "wasm-bindgen", "gloo", "yew"] {
        assert!(!manifest.contains(web), "crates/corpus/Cargo.toml names {web}: the core must not depend on the web");
    }
    let mut files = Vec::new();
    rust_files(&root().join("crates/corpus/src"), &mut files);
    // Test-only modules (`tests.rs`) may read fixtures from disk; library code may not.
    for f in files.into_iter().filter(|f| !f.ends_with("tests.rs")) {
        let text = std::fs::read_to_string(&f).unwrap();
        for banned in ["std::time::Instant", "SystemTime::now", "std::fs::", "std::net::"] {
            assert!(!text.contains(banned), "{} uses {banned}: the core does no I/O and reads no clock", f.display());
        }
    }
}

#[test]
fn explorer_never_renders_text_as_html() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/explorer/src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for banned in ["inner_html", "from_html_unchecked", "set_inner_html", "eval(", "Function::new", "dangerously"] {
            assert!(
                !text.contains(banned),
                "{} uses {banned}: document text must only ever be a text node",
                f.display()
            );
        }
    }
}

#[test]
fn only_route_touches_the_url() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/explorer/src"), &mut files);
    for f in files.iter().filter(|f| !f.ends_with("route.rs")) {
        let text = std::fs::read_to_string(f).unwrap();
        for banned in [".location()", ".history()", "url_state::decode", "url_state::encode"] {
            assert!(!text.contains(banned), "{} uses {banned}: only route.rs reads or writes the URL", f.display());
        }
    }
}

/// The shared seeds as they were copied: `sha256sum` lines (hash, two spaces, file name), made once
/// from ../shared/seeds. A fresh clone may lack ../shared, so `seeds/` is checked against this record
/// always, and the record against ../shared/seeds when it is there.
const SHARED_SEEDS: &str = "tests/fixtures/shared-seeds.sha256";

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// File name → SHA-256 of the files directly in `dir` (its folders, such as seeds/lexicon, are the
/// project's own).
fn hashes_of(dir: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_str().unwrap().to_string(), sha256_hex(&std::fs::read(&p).unwrap())))
        .collect()
}

#[test]
fn seeds_are_the_shared_seeds_verbatim() {
    let record: std::collections::BTreeMap<String, String> = std::fs::read_to_string(root().join(SHARED_SEEDS))
        .unwrap()
        .lines()
        .map(|l| {
            let (hash, name) = l.split_once("  ").unwrap_or_else(|| panic!("{SHARED_SEEDS}: bad line {l:?}"));
            (name.to_string(), hash.to_string())
        })
        .collect();
    assert!(record.len() >= 5, "{SHARED_SEEDS} lists {} seeds", record.len());
    assert_eq!(
        hashes_of(&root().join("seeds")),
        record,
        "seeds/ differs from the shared seeds recorded in {SHARED_SEEDS}"
    );
    let shared = root().join("../shared/seeds");
    if shared.exists() {
        assert_eq!(hashes_of(&shared), record, "../shared/seeds changed: {SHARED_SEEDS} and seeds/ need updating");
    }
}

/// The Pages workflow deploys only what passed the tests: its deploy job needs a job that runs
/// `cargo xtask test`.
#[test]
fn pages_deploy_waits_for_the_tests() {
    let workflow = std::fs::read_to_string(root().join(".github/workflows/pages.yml")).unwrap();
    let jobs = workflow.split_once("\njobs:\n").expect("pages.yml has jobs").1;
    // Jobs are the lines indented by two spaces; each runs to the next one.
    let mut by_name: Vec<(&str, String)> = Vec::new();
    for line in jobs.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        match line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            Some(name) if !name.starts_with(' ') => by_name.push((name, String::new())),
            _ => by_name.last_mut().expect("a job").1.push_str(&format!("{line}\n")),
        }
    }
    let testing: Vec<&str> = by_name
        .iter()
        .filter(|(_, body)| body.lines().any(|l| l.trim() == "- run: cargo xtask test"))
        .map(|(name, _)| *name)
        .collect();
    assert!(!testing.is_empty(), "no job of pages.yml runs `cargo xtask test`");
    let deploy = &by_name.iter().find(|(name, _)| *name == "deploy").expect("a deploy job").1;
    let needs = deploy.lines().find_map(|l| l.trim().strip_prefix("needs:")).unwrap_or("");
    let needs: Vec<&str> = needs.trim_matches([' ', '[', ']']).split(',').map(str::trim).collect();
    assert!(
        testing.iter().any(|t| needs.contains(t)),
        "deploy needs {needs:?}, none of which runs the tests {testing:?}"
    );
}
