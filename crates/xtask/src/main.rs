//! Project automation, reached as `cargo xtask <command>` (see `.cargo/config.toml`).
//!
//! - `setup`: install what is missing (wasm target, trunk, wasm-bindgen-cli, npm tools, Chromium).
//! - `build`: release build of the explorer into `dist/`.
//! - `serve [--port N]`: setup, build, and serve `dist/` on 127.0.0.1.
//! - `test`: setup, then every check CI runs: fmt, clippy, native tests, wasm build of `corpus`,
//!   release build, and the browser tests in headless Chromium.
//! - `e2e`: only the browser tests, against the `dist/` already built.
//! - `bench`: the benchmarks whose figures go in docs/benchmarks.md.
//! - `fuzz [SECONDS]`: cargo-fuzz on the ingestion, query, link and pack parsers (nightly; installs
//!   cargo-fuzz if missing), each target for SECONDS (default 60).
//! - `lighthouse`: setup, build, and Lighthouse on the seed build (tests/e2e/lighthouse.mjs).
//! - `bench-web [SIZES]`: setup, build, and the in-browser comparison with MiniSearch, FlexSearch
//!   and Lunr (tests/e2e/bench.mjs); prints the table for docs/benchmarks.md.

mod csp;
mod serve;
mod setup;
#[cfg(test)]
mod tidy;

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
            build(&root)
        }
        Some("serve") => {
            let port = flag_value(&args, "--port").map(|p| p.parse()).transpose().context("--port")?.unwrap_or(8080);
            setup::all(&root, setup::Need { browser: false })?;
            build(&root)?;
            println!("Serving Trawl at http://127.0.0.1:{port}/  (Ctrl-C to stop)");
            serve::serve(&root.join("dist"), port, "/")
        }
        Some("test") => test(&root),
        Some("e2e") => {
            setup::all(&root, setup::Need { browser: true })?;
            e2e(&root)
        }
        Some("bench") => bench(&root, &args[1..]),
        Some("fuzz") => fuzz(&root, args.get(1).map(String::as_str).unwrap_or("60")),
        Some("lighthouse") => browser_script(&root, "lighthouse.mjs", &[]),
        Some("bench-web") => browser_script(&root, "bench.mjs", &args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <setup|build|serve [--port N]|test|e2e|bench [--docs N,N]|bench-web [N,N]|fuzz [SECONDS]|lighthouse>");
            bail!("unknown command {:?}", args.first().map(String::as_str).unwrap_or(""));
        }
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
    csp::apply(&root.join("dist/index.html"))
}

fn test(root: &Path) -> Result<()> {
    setup::all(root, setup::Need { browser: true })?;
    run_cmd(cargo().args(["fmt", "--all", "--check"]))?;
    run_cmd(cargo().args(["clippy", "--workspace", "--exclude", "explorer", "--all-targets", "--", "-D", "warnings"]))?;
    run_cmd(cargo().args(["clippy", "-p", "explorer", "--target", "wasm32-unknown-unknown", "--", "-D", "warnings"]))?;
    run_cmd(cargo().args(["test", "--workspace", "--exclude", "explorer"]))?;
    // The explorer's pure helpers (no DOM) are unit-tested natively too.
    run_cmd(cargo().args(["test", "-p", "explorer", "--lib"]))?;
    // The core must build for the browser target, where clocks and threads do not exist.
    run_cmd(cargo().args(["build", "-p", "corpus", "--target", "wasm32-unknown-unknown"]))?;
    build(root)?;
    e2e(root)
}

/// Serves `dist/` under a sub-path, as GitHub Pages serves a project site, and runs the browser tests.
fn e2e(root: &Path) -> Result<()> {
    let dist = root.join("dist");
    let (port, _server) = serve::spawn(&dist, "/trawl/")?;
    let url = format!("http://127.0.0.1:{port}/trawl/");
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-concurrency=1"])
        .arg(root.join("tests/e2e"))
        .env("APP_URL", &url)
        .env("CHROMIUM", setup::CHROMIUM)
        .current_dir(root.join("tests/e2e"));
    run_cmd(&mut cmd)
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
