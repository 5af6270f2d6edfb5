//! Puts the page's first screen into the built `index.html`: the default view of the embedded corpus,
//! rendered by the explorer's own components natively (`cargo run -p explorer --bin prerender`). It
//! shows while the wasm downloads and compiles; the app then renders the same screen in its place. On a
//! slow phone that is the difference between results at the first paint and a blank page for two
//! seconds.
//!
//! `#root` is `inert` until the app has started (a preview: nothing in it can be typed into or picked),
//! and a one-line script empties it at once where it would show the wrong thing: an address with a view
//! in its fragment, or a site serving a collection instead of the sample.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The script that drops the preview; the CSP allows it by its hash (see `csp`).
/// It removes itself too: the running page holds no inline script (the hostile-input tests check that).
const DROP_SCRIPT: &str = "if (location.hash.length > 1 || document.querySelector('meta[name=\"trawl-collection\"]')) \
                           document.getElementById('root').replaceChildren(); document.currentScript.remove();";

pub fn apply(root: &Path, index_html: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index_html).with_context(|| format!("reading {}", index_html.display()))?;
    if html.contains("id=\"root\"") {
        return Ok(());
    }
    let out = crate::cargo()
        .args(["run", "-q", "-p", "explorer", "--bin", "prerender"])
        .current_dir(root)
        .output()
        .context("running the explorer's prerender")?;
    if !out.status.success() {
        bail!("prerender failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let screen = String::from_utf8(out.stdout).context("prerender printed invalid UTF-8")?;
    if !screen.contains("<div class=\"app\">") {
        bail!("prerender printed something else than the app: {:?}", &screen[..screen.len().min(80)]);
    }
    let block = format!("\n    <div id=\"root\" inert>{screen}</div>\n    <script>{DROP_SCRIPT}</script>");
    let at = html.find("<body>").context("no <body> in index.html")? + "<body>".len();
    std::fs::write(index_html, format!("{}{block}{}", &html[..at], &html[at..]))?;
    println!("xtask: first screen prerendered into {} ({} bytes)", index_html.display(), screen.len());
    Ok(())
}
