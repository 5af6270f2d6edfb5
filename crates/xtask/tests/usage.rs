//! The command line itself: help prints the usage and succeeds; an unknown command fails with it.
//! Neither may start any work (setup, builds), so both run in milliseconds.

use std::process::Command;

fn xtask(arg: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg(arg).output().expect("running the xtask binary")
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    for arg in ["--help", "-h", "help"] {
        let out = xtask(arg);
        assert!(out.status.success(), "{arg}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.starts_with("usage: cargo xtask <setup|build"), "{arg}: {stdout}");
        assert!(out.stderr.is_empty(), "{arg}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn an_unknown_command_fails_with_the_usage() {
    let out = xtask("--no-such-command");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("usage: cargo xtask <setup|build"), "{stderr}");
    assert!(stderr.contains("unknown command \"--no-such-command\""), "{stderr}");
    assert!(out.stdout.is_empty());
}
