//! The lexicon of npm `compromise` (MIT), as the library builds it (`nlp.world().model.one.lexicon`):
//! run once with Node on the package's self-contained CommonJS build, every word with its tags.
//! The words are in lower case.

use super::fetch::ensure_shape;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Prints the lexicon as JSON: `{word: [tag, …]}`.
const DUMP: &str = r#"
const nlp = require(process.argv[1]);
const lex = nlp.world().model.one.lexicon;
const out = {};
for (const [word, tags] of Object.entries(lex)) out[word] = Array.isArray(tags) ? tags : [tags];
process.stdout.write(JSON.stringify(out));
"#;

pub struct Lexicon {
    /// Lower-case word or phrase → its tags.
    pub words: BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    pub fn read(package: &Path) -> Result<Lexicon> {
        let build = package.join("package/builds/three/compromise-three.cjs");
        let out = Command::new("node")
            .arg("-e")
            .arg(DUMP)
            .arg(&build)
            .output()
            .context("running node to read compromise's lexicon (Node.js comes with npm)")?;
        if !out.status.success() {
            bail!("node could not read compromise's lexicon: {}", String::from_utf8_lossy(&out.stderr).trim());
        }
        let words: BTreeMap<String, Vec<String>> =
            serde_json::from_slice(&out.stdout).context("compromise's lexicon as JSON")?;
        ensure_shape(words.len() > 20_000, "compromise's lexicon has fewer than 20,000 words")?;
        Ok(Lexicon { words })
    }

    /// The words carrying `tag` and none of `unless`, in order.
    pub fn tagged<'a>(&'a self, tag: &'a str, unless: &'a [&str]) -> impl Iterator<Item = &'a str> + 'a {
        self.words
            .iter()
            .filter(move |(_, tags)| {
                tags.iter().any(|t| t == tag) && !tags.iter().any(|t| unless.contains(&t.as_str()))
            })
            .map(|(w, _)| w.as_str())
    }
}
