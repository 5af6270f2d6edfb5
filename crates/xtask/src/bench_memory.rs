//! `cargo xtask bench-memory [MB,MB…]`: the CLI's peak memory per input byte on one large plain-text
//! file, as prose and as the same text without a single sentence break, for `trawl events` (ingest and
//! extract) and `trawl pack` (ingest, index, extract, pack). The inputs are the seeds' text repeated to
//! size (written into `target/bench-memory/`); each command's peak resident memory is the kernel's
//! (`wait4`). Prints the table for docs/benchmarks.md.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let sizes: Vec<usize> = match args.first() {
        Some(list) => {
            list.split(',').map(|s| s.trim().parse().context("sizes in MB, e.g. 4,50,200")).collect::<Result<_>>()?
        }
        None => vec![4, 50, 200],
    };
    crate::run_cmd(crate::cargo().args(["build", "--release", "-p", "trawl"]).current_dir(root))?;
    let trawl = root.join("target/release/trawl");
    let work = root.join("target/bench-memory");
    std::fs::create_dir_all(&work)?;
    let seeds = seed_text(root)?;
    println!("| input | shape | command | peak MB | peak per input byte | seconds |");
    println!("|---:|---|---|---:|---:|---:|");
    for &mb in &sizes {
        let prose = repeat_to(&seeds, mb * 1_000_000);
        let flat: String =
            prose.chars().map(|c| if matches!(c, '.' | '!' | '?' | '\n' | '\r') { ' ' } else { c }).collect();
        for (shape, text) in [("prose", &prose), ("no sentence breaks", &flat)] {
            let input = work.join(format!("{}-{mb}.txt", shape.replace(' ', "-")));
            std::fs::write(&input, text)?;
            let out = work.join("out.trawl");
            for (name, args) in [
                ("trawl events", vec!["events".into(), input.clone(), "--json".into()]),
                ("trawl pack", vec!["pack".into(), input.clone(), "-o".into(), out.clone()]),
            ] {
                let (peak, secs) = measure(&trawl, &args)?;
                println!(
                    "| {mb} MB | {shape} | `{name}` | {:.0} | {:.1} | {secs:.1} |",
                    peak as f64 / 1e6,
                    peak as f64 / text.len() as f64
                );
            }
            std::fs::remove_file(&input).ok();
        }
    }
    Ok(())
}

/// Runs `bin args`, output discarded, and returns its peak resident memory in bytes and its seconds.
fn measure(bin: &Path, args: &[PathBuf]) -> Result<(u64, f64)> {
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 writes into it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    if waited != pid {
        bail!("waiting for {} failed", bin.display());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!("{} {:?} failed (status {status})", bin.display(), args);
    }
    // ru_maxrss is in kilobytes on Linux.
    Ok((usage.ru_maxrss as u64 * 1024, secs))
}

/// The five seeds, each followed by a blank line.
fn seed_text(root: &Path) -> Result<String> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(root.join("seeds"))?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let mut text = String::new();
    for f in files {
        text.push_str(&std::fs::read_to_string(&f)?);
        text.push_str("\n\n");
    }
    Ok(text)
}

fn repeat_to(text: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + text.len());
    while out.len() < bytes {
        out.push_str(text);
    }
    out
}
