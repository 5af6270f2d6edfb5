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
    // Its sources are held to no I/O, no clock and no thread by clippy (crates/corpus/clippy.toml,
    // denied in `cargo xtask test`), which reads paths as the compiler resolves them.
}

/// `cargo xtask test` denies the lints of crates/corpus/clippy.toml on the core, and the file bans
/// at least the file system, the network, processes, the environment, threads and clocks.
#[test]
fn clippy_holds_the_core_to_no_io() {
    let config = std::fs::read_to_string(root().join("crates/corpus/clippy.toml")).unwrap();
    for banned in [
        "\"std::fs::read\"",
        "\"std::fs::File\"",
        "\"std::net::TcpStream\"",
        "\"std::process::Command\"",
        "\"std::env::var\"",
        "\"std::thread::spawn\"",
        "\"std::time::Instant\"",
        "\"std::time::SystemTime::now\"",
    ] {
        assert!(config.contains(banned), "crates/corpus/clippy.toml no longer bans {banned}");
    }
    let args = crate::CORE_CLIPPY.join(" ");
    for lint in ["disallowed_methods", "disallowed_types", "disallowed_macros"] {
        assert!(
            args.contains(&format!("-D clippy::{lint}")),
            "cargo xtask test no longer denies clippy::{lint}: {args}"
        );
    }
    assert!(args.starts_with("clippy -p corpus"), "{args}");
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

/// Crates whose modules must import one another without a circle, so each crate reads top-down.
const ACYCLIC_CRATES: &[&str] = &["corpus", "cli", "xtask", "explorer"];

#[test]
fn no_import_circle_between_modules() {
    for name in ACYCLIC_CRATES {
        let src = root().join("crates").join(name).join("src");
        let mut paths = Vec::new();
        rust_files(&src, &mut paths);
        let files: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&src).unwrap().to_str().unwrap().replace('\\', "/");
                (rel, std::fs::read_to_string(p).unwrap())
            })
            .collect();
        assert!(files.len() > 1, "crates/{name}/src has no modules");
        if let Some(circle) = module_cycle(&files) {
            panic!("crates/{name}: the modules import one another in a circle: {circle}");
        }
    }
}

#[test]
fn an_import_circle_is_found() {
    let files = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect()
    };
    let circle = files(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\npub use crate::c::Thing;\n"),
        ("a.rs", "use crate::b::f;\n"),
        ("b/mod.rs", "mod inner;\n"),
        ("b/inner.rs", "fn g() { crate::Thing::new(); }\n"),
        ("c.rs", "use crate::{a::h, b};\n"),
    ]);
    assert_eq!(module_cycle(&circle).as_deref(), Some("a → b → c → a"));
    // Siblings inside a folder module, reached through `super::`.
    let inner = files(&[
        ("lib.rs", "mod x;\n"),
        ("x/mod.rs", "mod p;\nmod q;\npub struct Item;\n"),
        ("x/p.rs", "use super::q::Q;\nuse super::Item;\n"),
        ("x/q.rs", "fn f() { super::p::g() }\n"),
    ]);
    assert_eq!(module_cycle(&inner).as_deref(), Some("x::p → x::q → x::p"));
    // Tests, comments and a parent's own items are not imports between modules.
    let fine = files(&[
        ("lib.rs", "mod a;\nmod b;\n#[cfg(test)]\nmod tests;\n"),
        ("a.rs", "use crate::b::f;\n"),
        ("b.rs", "// see crate::a::g\npub fn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::a::g;\n}\n"),
        ("tests.rs", "use crate::a::g;\n"),
    ]);
    assert_eq!(module_cycle(&fine), None);
}

/// The first circle in the module graph of a crate's files (`(path under src/, text)`), as
/// `a → b → a`. An edge runs from a module to a sibling module whose path its code names
/// (`crate::…`, `super::…`, `self::…`, in `use` lines or inline, or an item the crate root
/// re-exports). Test code is left out: `tests.rs` files and `#[cfg(test)] mod … {}` blocks.
fn module_cycle(files: &[(String, String)]) -> Option<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let module_of = |rel: &str| -> Vec<String> {
        let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
        if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") || parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts
    };
    let code: Vec<(Vec<String>, String)> = files
        .iter()
        .filter(|(rel, _)| !rel.ends_with("tests.rs"))
        .map(|(rel, text)| (module_of(rel), non_test_code(text)))
        .collect();
    let modules: BTreeSet<Vec<String>> = code.iter().map(|(m, _)| m.clone()).collect();
    // Items the crate root re-exports (`pub use crate::corpus::Corpus`), by name.
    let mut reexports: BTreeMap<String, String> = BTreeMap::new();
    for (module, text) in code.iter().filter(|(m, _)| m.is_empty()) {
        for line in text.lines().filter(|l| l.trim_start().starts_with("pub use ")) {
            for path in paths_named(module, line).into_iter().filter(|p| p.len() >= 2) {
                reexports.insert(path.last().unwrap().clone(), path[0].clone());
            }
        }
    }
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &code {
        for mut path in paths_named(module, text) {
            if let Some(owner) = path.first().and_then(|first| reexports.get(first)) {
                path.insert(0, owner.clone());
            }
            let k = module.iter().zip(&path).take_while(|(a, b)| a == b).count();
            if k < module.len() && k < path.len() && modules.contains(&path[..=k]) {
                edges.entry(module[..=k].to_vec()).or_default().insert(path[..=k].to_vec());
            }
        }
    }
    // Depth-first search; a module met again while still on the stack closes a circle.
    fn visit(
        at: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(i) = stack.iter().position(|m| m == at) {
            let mut circle = stack[i..].to_vec();
            circle.push(at.clone());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.clone());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(c) = visit(next, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(at.clone());
        None
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        if let Some(circle) = visit(start, &edges, &mut Vec::new(), &mut done) {
            return Some(circle.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" → "));
        }
    }
    None
}

/// A file's code without comments and without its `#[cfg(test)]` modules (written, as rustfmt
/// leaves them, from a column-0 `mod … {` to the column-0 `}`).
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|l| l.starts_with("mod ") && l.ends_with('{')) {
            for l in lines.by_ref() {
                if l == "}" {
                    break;
                }
            }
            continue;
        }
        out.push_str(line.split_once("//").map_or(line, |(code, _)| code));
        out.push('\n');
    }
    out
}

/// The paths `crate::`, `super::` and `self::` lead to in `code`, from `module`, made absolute
/// (from the crate root). A group (`crate::{a::x, b}`) gives one path per member.
fn paths_named(module: &[String], code: &str) -> Vec<Vec<String>> {
    let tokens: Vec<&str> = {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in code.char_indices() {
            let word = c.is_alphanumeric() || c == '_';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(&code[s..i]);
                    start = None;
                }
                _ => {}
            }
            if !word && !c.is_whitespace() {
                out.push(&code[i..i + c.len_utf8()]);
            }
        }
        if let Some(s) = start {
            out.push(&code[s..]);
        }
        out
    };
    let is_ident = |t: &str| t.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
    let sep = |i: usize| tokens.get(i) == Some(&":") && tokens.get(i + 1) == Some(&":");
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut base: Vec<String> = match tokens[i] {
            "crate" if sep(i + 1) && (i == 0 || tokens[i - 1] != ":") => Vec::new(),
            "self" if sep(i + 1) && (i == 0 || tokens[i - 1] != ":") => module.to_vec(),
            "super" if sep(i + 1) && (i == 0 || tokens[i - 1] != ":") => {
                module[..module.len().saturating_sub(1)].to_vec()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        i += 1;
        // Further `super::`, then the named segments.
        while sep(i) && tokens.get(i + 2) == Some(&"super") {
            base.pop();
            i += 3;
        }
        while sep(i) && tokens.get(i + 2).is_some_and(|t| is_ident(t)) {
            base.push(tokens[i + 2].to_string());
            i += 3;
        }
        if sep(i) && tokens.get(i + 2) == Some(&"{") {
            // A group: the first segment of every member at its top level.
            let mut depth = 0;
            let mut expect = true;
            i += 2;
            while i < tokens.len() {
                match tokens[i] {
                    "{" => {
                        depth += 1;
                        expect = depth == 1;
                    }
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    "," if depth == 1 => expect = true,
                    t if expect && depth == 1 && is_ident(t) => {
                        let mut member = base.clone();
                        if t != "self" {
                            member.push(t.to_string());
                        }
                        out.push(member);
                        expect = false;
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            out.push(base);
        }
    }
    out
}
