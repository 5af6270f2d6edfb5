//! Installs what the build and the tests need, when it is missing or the wrong version.
//! Pinned versions and why they are pinned: ../../../docs/toolchain.md.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate version pinned in crates/explorer/Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const CHROMIUM: &str = "/usr/bin/chromium";

pub struct Need {
    /// Chromium and the e2e test packages.
    pub browser: bool,
}

/// PATH with the project's npm tools (wasm-opt) and cargo-installed tools first.
pub fn tool_path(root: &Path) -> String {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_home = std::env::var("CARGO_HOME").unwrap_or_else(|_| format!("{home}/.cargo"));
    let old = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}/bin:{}", root.join("web/node_modules/.bin").display(), cargo_home, old)
}

pub fn all(root: &Path, need: Need) -> Result<()> {
    wasm_target()?;
    clippy()?;
    cargo_tool("trunk", TRUNK_VERSION, &["install", "--locked", "trunk", "--version", TRUNK_VERSION], root)?;
    // Not --locked: its lockfile names a crate version this registry mirror lacks (docs/toolchain.md).
    cargo_tool(
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        &["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION],
        root,
    )?;
    npm_ci(&root.join("web"))?;
    if need.browser {
        chromium()?;
        npm_ci(&root.join("tests/e2e"))?;
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let out = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Ok(_) => crate::run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        Err(_) => {
            println!("xtask: rustup not found; assuming the wasm32-unknown-unknown target is installed");
            Ok(())
        }
    }
}

/// Clippy, which `cargo xtask test` runs (it also holds the core to no I/O: crates/corpus/clippy.toml).
fn clippy() -> Result<()> {
    let out = Command::new("rustup").args(["component", "list", "--installed"]).output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim().starts_with("clippy")) => Ok(()),
        Ok(_) => crate::run_cmd(Command::new("rustup").args(["component", "add", "clippy"])),
        Err(_) => {
            println!("xtask: rustup not found; assuming clippy is installed");
            Ok(())
        }
    }
}

/// `name --version` must print `version`; otherwise `cargo install` it.
fn cargo_tool(name: &str, version: &str, install_args: &[&str], root: &Path) -> Result<()> {
    let found = Command::new(name).arg("--version").env("PATH", tool_path(root)).output();
    if let Ok(o) = &found {
        let v = String::from_utf8_lossy(&o.stdout);
        if v.split_whitespace().any(|w| w == version) {
            return Ok(());
        }
        println!("xtask: {name} is {:?}, need {version}; installing", v.trim());
    } else {
        println!("xtask: {name} not found; installing {version} (several minutes, once)");
    }
    crate::run_cmd(super::cargo().args(install_args))
}

fn npm_ci(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => s.modified()? >= l.modified()?,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    crate::run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir))
        .with_context(|| format!("installing npm packages in {}", dir.display()))
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let is_root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false);
    let sudo: &[&str] = if is_root { &[] } else { &["sudo"] };
    if !is_root && Command::new("sudo").arg("-n").arg("true").status().map(|s| !s.success()).unwrap_or(true) {
        bail!("Chromium is missing at {CHROMIUM}; install it with: sudo apt-get install -y chromium chromium-driver");
    }
    let apt = |args: &[&str]| {
        let mut cmd = Command::new(sudo.first().copied().unwrap_or("apt-get"));
        if !sudo.is_empty() {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        crate::run_cmd(&mut cmd)
    };
    apt(&["update"])?;
    apt(&["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
}
