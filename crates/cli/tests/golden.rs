//! Golden files from `seeds/`: the CLI's output on the default corpus, printed deterministically.
//! Run with `UPDATE_EXPECT=1` to accept a change, then review the diff.

use expect_test::expect_file;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn trawl(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).args(args).current_dir(root()).output().expect("run trawl");
    assert!(out.status.success(), "trawl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
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
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).args(["docs", "no/such/dir"]).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "trawl: error: no/such/dir: no such file or directory\n");
}

#[test]
fn search_json() {
    expect_file!["../../../tests/golden/search-heroin.json"].assert_eq(&trawl(&[
        "search",
        "seeds",
        "-q",
        "heroin OR methamphetamine",
        "--json",
    ]));
}

#[test]
fn search_text_marks_matches() {
    expect_file!["../../../tests/golden/search-joint.txt"].assert_eq(&trawl(&[
        "search",
        "seeds",
        "-q",
        "\"joint operations\" OR protocol",
    ]));
}

#[test]
fn kwic_sorted_left() {
    expect_file!["../../../tests/golden/kwic-heroin-left.txt"]
        .assert_eq(&trawl(&["kwic", "seeds", "-q", "heroin", "--sort", "left", "--width", "30"]));
}

#[test]
fn kwic_json() {
    expect_file!["../../../tests/golden/kwic-kilograms.json"].assert_eq(&trawl(&[
        "kwic",
        "seeds",
        "-q",
        "kilograms NEAR/3 heroin",
        "--json",
    ]));
}

#[test]
fn collocates_and_distinctive() {
    expect_file!["../../../tests/golden/collocates-drug.txt"].assert_eq(&trawl(&[
        "collocates",
        "seeds",
        "-q",
        "drug*",
        "--limit",
        "10",
    ]));
    expect_file!["../../../tests/golden/distinctive-azerbaijan.txt"].assert_eq(&trawl(&[
        "distinctive",
        "seeds",
        "-q",
        "Azerbaijan",
        "--limit",
        "10",
    ]));
}

#[test]
fn a_query_may_start_with_a_dash() {
    let without = trawl(&["search", "seeds", "-q", "-heroin", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&without).unwrap();
    assert_eq!(json["total"], 2, "{without}");
    let ids: Vec<&str> = json["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(ids.iter().all(|id| id.starts_with("002") || id.starts_with("003")), "{ids:?}");
    assert_eq!(trawl(&["kwic", "seeds", "--q=-heroin Iran"]), trawl(&["kwic", "seeds", "-q", "-heroin Iran"]));
}

#[test]
fn a_query_with_nothing_to_search_finds_nothing_and_says_why() {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(["search", "seeds", "-q", "🚢", "--json"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"🚢\" has no letters or digits"), "{out:?}");
}

#[test]
fn bad_sort_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl"))
        .args(["search", "seeds", "-q", "x", "--sort", "sideways"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sort must be relevance, newest or oldest"));
}

#[test]
fn entities_and_events_json() {
    expect_file!["../../../tests/golden/entities.json"].assert_eq(&trawl(&["entities", "seeds", "--json"]));
    expect_file!["../../../tests/golden/events.json"].assert_eq(&trawl(&["events", "seeds", "--json"]));
    expect_file!["../../../tests/golden/events.txt"].assert_eq(&trawl(&["events", "seeds"]));
    expect_file!["../../../tests/golden/events.csv"].assert_eq(&trawl(&["events", "seeds", "--csv"]));
}

#[test]
fn entity_fields_filter_search() {
    expect_file!["../../../tests/golden/search-entity-fields.txt"].assert_eq(&trawl(&[
        "search",
        "seeds",
        "-q",
        "kg:>500 drug:heroin -place:Samur",
        "--limit",
        "5",
    ]));
}

#[test]
fn a_pack_reads_back_as_the_same_documents() {
    let dir = std::env::temp_dir().join(format!("trawl-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("seeds.trawl");
    trawl(&["pack", "seeds", "-o", pack.to_str().unwrap()]);
    let bytes = std::fs::read(&pack).unwrap();
    assert!(bytes.starts_with(b"TRAWLPK"));
    assert_eq!(trawl(&["docs", pack.to_str().unwrap(), "--json"]), trawl(&["docs", "seeds", "--json"]));
    let gz = dir.join("seeds.trawl.gz");
    trawl(&["pack", "seeds", "-o", gz.to_str().unwrap()]);
    let compressed = std::fs::read(&gz).unwrap();
    assert!(compressed.starts_with(&[0x1f, 0x8b]) && compressed.len() < bytes.len() / 2);
    assert_eq!(trawl(&["docs", gz.to_str().unwrap(), "--json"]), trawl(&["docs", "seeds", "--json"]));
    // A damaged pack is a clear per-file error.
    std::fs::write(&pack, &bytes[..bytes.len() / 2]).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).args(["docs", pack.to_str().unwrap()]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("pack is damaged or truncated"), "{out:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_pack_is_searched_with_the_index_and_extraction_it_stores() {
    let dir = std::env::temp_dir().join(format!("trawl-stored-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lexicon")).unwrap();
    let pack = dir.join("seeds.trawl");
    let pack = pack.to_str().unwrap();
    trawl(&["pack", "seeds", "-o", pack]);
    let one = "seeds/000_0cda221ba5931497.txt";
    // The same hits in the same order, scores, snippets and facets as the documents indexed again:
    // one pack, two packs (their ids clashing), and a pack with a file (which is indexed again).
    for q in ["heroin OR seiz* -Astara", "\"joint operations\"", "kg:>500 when:2018"] {
        for sort in ["relevance", "newest"] {
            let search = |paths: &[&str]| {
                let mut args = vec!["search"];
                args.extend(paths);
                args.extend(["-q", q, "--sort", sort, "--limit", "50", "--json"]);
                trawl(&args)
            };
            assert_eq!(search(&[pack]), search(&["seeds"]), "{q} {sort}");
            if sort == "relevance" {
                assert_eq!(search(&[pack, pack]), search(&["seeds", "seeds"]), "{q}, two packs");
                assert_eq!(search(&[pack, one]), search(&["seeds", one]), "{q}, a pack and a file");
            }
        }
    }
    // The extraction is the pack's own: one made with an extra lexicon finds what the lexicon
    // names without being given it again, and `--lexicon` extracts again with the files it names.
    let lexicon = dir.join("lexicon");
    std::fs::write(lexicon.join("drugs.tsv"), "name\tclass\tsynonyms\nzorbium\topiate\tconsignment|consignments\n")
        .unwrap();
    let lexicon = lexicon.to_str().unwrap();
    let with_lexicon = dir.join("with-lexicon.trawl");
    let with_lexicon = with_lexicon.to_str().unwrap();
    trawl(&["pack", "seeds", "--lexicon", lexicon, "-o", with_lexicon]);
    let zorbium = |args: &[&str]| {
        let mut all = vec!["search"];
        all.extend(args);
        all.extend(["-q", "drug:zorbium"]);
        trawl(&all).lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(zorbium(&["seeds"]), "0 matching documents");
    assert_eq!(zorbium(&[with_lexicon]), "1 matching document");
    assert_eq!(zorbium(&[pack]), "0 matching documents");
    assert_eq!(zorbium(&[pack, "--lexicon", lexicon]), "1 matching document");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sharded_collection_reads_back_as_the_same_documents() {
    let dir = std::env::temp_dir().join(format!("trawl-shards-{}", std::process::id()));
    trawl(&["pack", "seeds", "--shard-docs", "2", "-o", dir.to_str().unwrap()]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], 5);
    let files: Vec<&str> = manifest["shards"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["shard-0000.trawl.gz", "shard-0001.trawl.gz", "shard-0002.trawl.gz"]);
    assert_eq!(manifest["compression"], "gzip");
    let seeds = trawl(&["docs", "seeds", "--json"]);
    // The directory (its manifest is skipped, the shards read) and the manifest itself.
    assert_eq!(trawl(&["docs", dir.to_str().unwrap(), "--json"]), seeds);
    assert_eq!(trawl(&["docs", dir.join("manifest.json").to_str().unwrap(), "--json"]), seeds);
    assert_eq!(
        trawl(&["search", dir.to_str().unwrap(), "-q", "heroin Astara"]),
        trawl(&["search", "seeds", "-q", "heroin Astara"])
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn kwic_filters_by_entity_fields() {
    let run = |q: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_trawl"))
            .args(["kwic", "seeds", "-q", q, "--width", "20"])
            .current_dir(root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("not loaded"), "{stderr}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!run("heroin").is_empty());
    // No seizure in the seeds is over a million tonnes, so the filter leaves nothing.
    assert_eq!(run("heroin kg:>1000000000"), "0 matches in 0 documents\n");
    assert!(run("heroin kg:>600").lines().all(|l| !l.starts_with("003_")));
}

/// Runs trawl, returning its exit status, stdout and stderr, whatever the status.
fn trawl_status(args: &[&str]) -> (std::process::ExitStatus, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).args(args).current_dir(root()).output().expect("run trawl");
    (out.status, String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_folder_keeps_relative_paths_in_ids() {
    // Two files named 001.txt in two folders: both load, with their paths, and nothing clashes.
    let (status, stdout, stderr) = trawl_status(&["docs", "tests/fixtures/bbc", "--json"]);
    assert!(status.success(), "{stderr}");
    assert_eq!(stderr, "");
    expect_file!["../../../tests/golden/docs-bbc.json"].assert_eq(&stdout);
    // A file named directly gets its stem; search hits say where they came from.
    let (_, stdout, _) = trawl_status(&["docs", "tests/fixtures/bbc/politics/001.txt", "--json"]);
    assert!(stdout.contains("\"id\": \"001\",\n    \"path\": \"001.txt\""), "{stdout}");
    let (_, stdout, _) = trawl_status(&["search", "tests/fixtures/bbc", "-q", "Blair", "--json"]);
    assert!(stdout.contains("\"id\": \"politics/001\",\n      \"path\": \"politics/001.txt\""), "{stdout}");
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trawl-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_gzip_bomb_is_refused_at_the_limit_without_inflating_it_whole() {
    use std::io::Write;
    // 2 GB of zeros in 2 MB: 2,048 gzip members of 1 MB of zeros each (gzip -d inflates them all).
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let dir = scratch("bomb");
    let bomb = dir.join("bomb.txt.gz");
    std::fs::write(&bomb, member.repeat(2048)).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20);
    // Under a 1 GB address-space limit, inflating the whole 2 GB could not even be attempted.
    let out = Command::new("sh")
        .args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_trawl"), "docs"])
        .arg(&bomb)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "trawl: error: bomb.txt.gz: inflates to more than 256 MB, over the limit per file; skipped after \
             inflating that much\n"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn nothing_loaded_is_a_failure_with_one_line() {
    let dir = scratch("nothing");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x00\x01\x02ELF\x00").unwrap();
    std::fs::write(dir.join("bad.json"), "{\"title\": ").unwrap();
    for command in [&["docs"][..], &["search", "-q", "heroin"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_trawl")).args(command).arg(&dir).output().unwrap();
        assert!(!out.status.success(), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().last(), Some("trawl: error: no document loaded from 3 files"), "{stderr}");
    }
    // A folder with no file Trawl reads says that.
    let none = dir.join("none");
    std::fs::create_dir(&none).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).arg("docs").arg(&none).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "trawl: error: no document loaded: no file of a format Trawl reads\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn files_of_other_kinds_in_a_folder_are_reported() {
    let dir = scratch("skipped");
    for name in
        ["a.txt", "b.pdf", "c.PDF", "sub/d.pdf", "e", "f.tar.gz", ".DS_Store", ".git/config", "lexicon/places.tsv"]
    {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "Some text.").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_trawl")).arg("docs").arg(&dir).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).replace(dir.to_str().unwrap(), "DIR");
    assert_eq!(
        stderr,
        "trawl: warning: DIR/lexicon: lexicon files, not documents: passed over (--lexicon reads them)\n\
         trawl: error: DIR: skipped 1 file without an extension, not a format Trawl reads\n\
         trawl: error: DIR: skipped 3 .pdf files, not a format Trawl reads: convert them to text first, e.g. \
         `pdftotext file.pdf`, `pandoc -t plain file.docx -o file.txt`\n\
         trawl: error: DIR: skipped 1 .tar.gz file, not a format Trawl reads\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn record_formats() {
    // CSV (BOM, CRLF, quoted line breaks and quotes), TSV, and a CSV without a text column.
    let (status, stdout, stderr) = trawl_status(&["docs", "tests/fixtures/formats", "--json"]);
    assert!(status.success(), "{stderr}");
    expect_file!["../../../tests/golden/formats-docs.json"].assert_eq(&stdout);
    expect_file!["../../../tests/golden/formats-stderr.txt"].assert_eq(&stderr);
    expect_file!["../../../tests/golden/formats-kwic.txt"].assert_eq(&trawl(&[
        "kwic",
        "tests/fixtures/formats",
        "-q",
        "wheat OR barley OR maize OR grain",
        "--width",
        "40",
    ]));
}

/// `trawl pack --partitioned` writes a folder that `trawl search` reads a file at a time, with the
/// same hits as searching the documents; packing again gives the same id and files.
#[test]
fn partitioned_collection_searches_like_the_documents() {
    let dir = std::env::temp_dir().join(format!("trawl-partitioned-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_str().unwrap();
    trawl(&["pack", "seeds", "--partitioned", "-o", out]);
    let first: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    trawl(&["pack", "seeds", "--partitioned", "-o", out]);
    let mut again: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    again.sort();
    let mut first = first;
    first.sort();
    assert_eq!(first, again, "packing twice gives the same folder");
    assert_eq!(first.len(), 2, "the root and the id's folder: {first:?}");
    let ids = |args: &[&str]| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&trawl(args)).unwrap();
        v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
    };
    for q in [
        "heroin",
        "border customs",
        "drug OR heroin -police",
        "seiz*",
        "police source:\"caspian news\"",
        "\"anti-narcotics police\"",
        "heroin NEAR/10 border",
        "country:iran heroin",
    ] {
        let expected = ids(&["search", "seeds", "-q", q, "--json"]);
        assert!(!expected.is_empty(), "{q} finds something");
        assert_eq!(ids(&["search", out, "-q", q, "--json"]), expected, "{q}");
    }
    // Entity and event filters alone, from the extraction the collection is written with. Every
    // hit scores 0, and equal scores rank by document order, which is the date's in the collection.
    for q in ["person:kakavand", "kg:>100", "when:2019", "event:seizure"] {
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let expected = sorted(ids(&["search", "seeds", "-q", q, "--json"]));
        assert!(!expected.is_empty(), "{q} finds something");
        assert_eq!(sorted(ids(&["search", out, "-q", q, "--json"])), expected, "{q}");
    }
    // Date filters and date order (the documents are written in date order).
    for (q, sort) in [("police OR drug", "newest"), ("police OR drug", "oldest"), ("drug date:2015..2026", "relevance")]
    {
        let expected = ids(&["search", "seeds", "-q", q, "--sort", sort, "--json"]);
        assert!(expected.len() > 1, "{q} finds several");
        assert_eq!(ids(&["search", out, "-q", q, "--sort", sort, "--json"]), expected, "{q} by {sort}");
    }
    // A concordance reads the query's top hits whole: here every match, so every line.
    let lines = |args: &[&str]| {
        let mut v: Vec<String> = trawl(args).lines().map(String::from).collect();
        v.sort();
        v
    };
    for q in ["heroin", "\"anti-narcotics police\"", "police person:kakavand"] {
        let expected = lines(&["kwic", "seeds", "-q", q]);
        assert!(expected.len() > 1, "{q}: {expected:?}");
        assert_eq!(lines(&["kwic", out, "-q", q]), expected, "kwic {q}");
    }
    // Distinctive terms of the top hits against the rest: here the top hits are every match, so
    // the terms are the whole corpus's, with each word's count read from its dictionary block.
    for q in ["heroin", "police OR border"] {
        let table = |args: &[&str]| {
            let text = trawl(args);
            let lines: Vec<String> = text.lines().map(String::from).collect();
            lines[..lines.len() - 1].to_vec()
        };
        let expected = table(&["distinctive", "seeds", "-q", q]);
        assert!(expected.len() > 3, "{q}: {expected:?}");
        assert_eq!(table(&["distinctive", out, "-q", q]), expected, "distinctive {q}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `trawl search --exact` on a partitioned collection counts every match where a top 10 stops
/// early with an estimate: here the two words are in every document, near each other in a third.
#[test]
fn exact_counts_what_a_partitioned_search_estimates() {
    let dir = std::env::temp_dir().join(format!("trawl-exact-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let docs = dir.join("docs.jsonl");
    let lines: Vec<String> = (0..400)
        .map(|i| {
            let filler: Vec<String> = (0..12).map(|j| format!("w{}", (i * 7 + j) % 97)).collect();
            let filler = filler.join(" ");
            let text = if i % 3 == 0 { format!("customs opium {filler}") } else { format!("customs {filler} opium") };
            serde_json::json!({ "id": format!("d{i}"), "title": format!("report {i}"), "text": text }).to_string()
        })
        .collect();
    std::fs::write(&docs, lines.join("\n")).unwrap();
    let out = dir.join("collection");
    let (docs, out) = (docs.to_str().unwrap(), out.to_str().unwrap());
    trawl(&["pack", docs, "--partitioned", "-o", out]);
    let q = "customs NEAR/2 opium";
    let total = |args: &[&str]| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&trawl(args)).unwrap()["total"].clone()
    };
    let near = (0..400).filter(|i| i % 3 == 0).count();
    let in_memory = total(&["search", docs, "-q", q, "--json"]);
    assert_eq!(in_memory, near);
    let estimate = total(&["search", out, "-q", q, "--json"]);
    assert!(estimate.as_str().is_some_and(|t| t.starts_with('≈')), "an estimate: {estimate}");
    assert_eq!(total(&["search", out, "-q", q, "--json", "--exact"]), near.to_string());
    // Documents searched in memory are always counted exactly: --exact changes nothing.
    assert_eq!(total(&["search", docs, "-q", q, "--json", "--exact"]), in_memory);
    std::fs::remove_dir_all(&dir).unwrap();
}
