//! Trawl's search engine alone as a wasm module (`crates/explorer/src/bench_engine.rs`), for the
//! benchmark page: built as Trunk builds the site's modules (profile `wasm-release`, wasm-bindgen for
//! `no-modules`, wasm-opt -Oz) into `target/bench-engine/`. Issue 6 budgets it at 140 KB gzipped, the
//! code a page pays for the engine next to MiniSearch's 18 KB; `cargo xtask test` holds it to that.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Issue 6's aim for the engine's wasm, gzipped (-9), JS glue included.
pub const BUDGET: usize = 140 * 1024;

/// The built module's folder (`bench_engine.js`, `bench_engine_bg.wasm`) and its size, gzipped.
pub fn build(root: &Path) -> Result<(PathBuf, usize)> {
    crate::run_cmd(crate::cargo().current_dir(root).args([
        "build",
        "--profile",
        "wasm-release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "explorer",
        "--bin",
        "bench-engine",
    ]))?;
    let out = root.join("target/bench-engine");
    let linked = root.join("target/wasm32-unknown-unknown/wasm-release/bench-engine.wasm");
    crate::run_cmd(
        Command::new("wasm-bindgen")
            .args(["--target", "no-modules", "--no-typescript", "--out-name", "bench_engine", "--out-dir"])
            .arg(&out)
            .arg(&linked),
    )?;
    let wasm = out.join("bench_engine_bg.wasm");
    // The flags web/index.html gives Trunk for the site's modules.
    crate::run_cmd(
        Command::new("wasm-opt")
            .args(["-Oz", "--converge", "--strip-producers", "--strip-target-features"])
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )?;
    let size = gzipped(&wasm)? + gzipped(&out.join("bench_engine.js"))?;
    Ok((out, size))
}

/// Builds the module and fails if it is over [`BUDGET`].
pub fn check_budget(root: &Path) -> Result<()> {
    let (_, size) = build(root)?;
    let kb = |b: usize| format!("{:.1} KB", b as f64 / 1024.0);
    if size > BUDGET {
        bail!("the engine's wasm is {} gzipped, over its budget of {} (docs/benchmarks.md)", kb(size), kb(BUDGET));
    }
    println!("xtask: the engine's wasm is {} gzipped (budget {})", kb(size), kb(BUDGET));
    Ok(())
}

fn gzipped(file: &Path) -> Result<usize> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    Ok(gz.finish()?.len())
}
