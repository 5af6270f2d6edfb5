//! Golden files from `seeds/`: the CLI's output on the default corpus, printed deterministically.
//! Run with `UPDATE_EXPECT=1` to accept a change, then review the diff.

use expect_test::expect_file;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn trawl(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run trawl");
    assert!(
        out.status.success(),
        "trawl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn docs_json() {
    expect_file!["../../../tests/golden/docs.json"].assert_eq(&trawl(&["docs", "seeds", "--json"]));
}

#[test]
fn docs_table() {
    expect_file!["../../../tests/golden/docs.txt"].assert_eq(&trawl(&["docs", "seeds"]));
}

#[test]
fn missing_path_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(["docs", "no/such/dir"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "trawl: error: no/such/dir: no such file or directory\n"
    );
}
