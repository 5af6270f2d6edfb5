//! Adds a Content-Security-Policy to the built `index.html`. Trunk's loader is an inline module
//! script, so the policy allows exactly that script by its SHA-256 hash; everything else must come
//! from the site itself, and WebAssembly may compile (`wasm-unsafe-eval`), nothing may `eval`.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;

const OPEN: &str = "<script type=\"module\">";
const CLOSE: &str = "</script>";

pub fn apply(index_html: &Path) -> Result<()> {
    let html = std::fs::read_to_string(index_html).with_context(|| format!("reading {}", index_html.display()))?;
    if html.contains("http-equiv=\"Content-Security-Policy\"") {
        return Ok(());
    }
    let Some(start) = html.find(OPEN).map(|i| i + OPEN.len()) else {
        bail!("no inline module script in {}", index_html.display())
    };
    let end = start + html[start..].find(CLOSE).context("unclosed inline script")?;
    let hash = base64(&Sha256::digest(&html.as_bytes()[start..end]));
    let policy = policy(&hash);
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />\n    ");
    let at = html
        .find("<meta charset=\"utf-8\" />")
        .map(|i| i + "<meta charset=\"utf-8\" />\n    ".len())
        .context("no charset meta")?;
    let out = format!("{}{meta}{}", &html[..at], &html[at..]);
    std::fs::write(index_html, out)?;
    println!("xtask: CSP added to {} (script sha256-{hash})", index_html.display());
    Ok(())
}

/// The policy for a loader script with this hash.
pub fn policy(script_sha256_b64: &str) -> String {
    [
        "default-src 'self'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{script_sha256_b64}'"),
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
}
