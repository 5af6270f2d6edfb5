//! Adds a Content-Security-Policy to the built `index.html`. Trunk's loader is an inline module
//! script, and the prerendered first screen comes with a one-line inline script (see `prerender`), so
//! the policy allows exactly those scripts by their SHA-256 hashes; everything else must come from the
//! site itself, and WebAssembly may compile (`wasm-unsafe-eval`), nothing may `eval`. The service worker
//! (`sw.js`), the Web Workers (`worker_loader.js`, `searcher_loader.js`) and the web app manifest come from
//! the site too: `worker-src` falls back to `script-src`, `manifest-src` to `default-src`, both `'self'`
//! (tests/e2e/offline.test.mjs and partitioned.test.mjs run them without a violation). A worker is not
//! under this policy (it comes from a file, not the page), so its fetches and its wasm need nothing here.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

pub fn apply(index_html: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index_html).with_context(|| format!("reading {}", index_html.display()))?;
    if html.contains("http-equiv=\"Content-Security-Policy\"") {
        return Ok(());
    }
    let hashes: Vec<String> = inline_scripts(&html)?.into_iter().map(|s| base64(&Sha256::digest(s))).collect();
    if hashes.is_empty() {
        bail!("no inline script in {}", index_html.display())
    }
    let policy = policy(&hashes);
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />\n    ");
    let at = html
        .find("<meta charset=\"utf-8\" />")
        .map(|i| i + "<meta charset=\"utf-8\" />\n    ".len())
        .context("no charset meta")?;
    let out = format!("{}{meta}{}", &html[..at], &html[at..]);
    std::fs::write(index_html, out)?;
    println!("xtask: CSP added to {} (scripts sha256-{})", index_html.display(), hashes.join(", sha256-"));
    Ok(())
}

/// The text of every `<script>` without a `src`, in order.
fn inline_scripts(html: &str) -> Result<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let tag_end = open + rest[open..].find('>').context("unclosed <script> tag")? + 1;
        let close = tag_end + rest[tag_end..].find("</script>").context("unclosed inline script")?;
        if !rest[open..tag_end].contains(" src=") {
            out.push(&rest[tag_end..close]);
        }
        rest = &rest[close + "</script>".len()..];
    }
    Ok(out)
}

/// The policy for inline scripts with these hashes.
pub fn policy(script_sha256_b64: &[String]) -> String {
    let scripts: String = script_sha256_b64.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    [
        "default-src 'self'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval'{scripts}"),
        "style-src 'self'".to_string(),
        "img-src 'self' data:".to_string(),
        "connect-src 'self'".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'none'".to_string(),
    ]
    .join("; ")
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn inline_scripts_are_found_and_scripts_with_src_skipped() {
        let html = "<script type=\"module\">a()</script><script src=\"x.js\"></script><p></p><script>b()</script>";
        assert_eq!(super::inline_scripts(html).unwrap(), ["a()", "b()"]);
        assert!(super::inline_scripts("<script>never closed").is_err());
    }
}
