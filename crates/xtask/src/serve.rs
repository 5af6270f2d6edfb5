//! A small static file server for `dist/`: enough for `cargo xtask serve` and the browser tests,
//! including serving under a sub-path the way GitHub Pages serves a project site.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves forever on 127.0.0.1:`port`.
pub fn serve(dir: &Path, port: u16, prefix: &str) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", port)).with_context(|| format!("binding 127.0.0.1:{port}"))?;
    accept_loop(listener, dir.to_path_buf(), prefix.to_string());
    Ok(())
}

/// Serves on a free port in a background thread; returns the port.
pub fn spawn(dir: &Path, prefix: &str) -> Result<(u16, std::thread::JoinHandle<()>)> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let port = listener.local_addr()?.port();
    let (dir, prefix) = (dir.to_path_buf(), prefix.to_string());
    Ok((port, std::thread::spawn(move || accept_loop(listener, dir, prefix))))
}

fn accept_loop(listener: TcpListener, dir: PathBuf, prefix: String) {
    for stream in listener.incoming().flatten() {
        let (dir, prefix) = (dir.clone(), prefix.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &dir, &prefix);
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let Some(rel) = path.strip_prefix(prefix).or_else(|| (path.len() + 1 == prefix.len()).then_some("")) else {
        return respond(&mut stream, "404 Not Found", "text/plain", b"not found");
    };
    let Some(mut file) = file_for(dir, rel) else {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad path");
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found"),
    }
}

/// The file under `dir` that `rel` (the request path after the prefix) names, or `None` for a path
/// that could name one elsewhere: a `..` segment, an absolute path (`//etc/passwd`: joined to `dir`,
/// an absolute path replaces it), a backslash, a drive or stream colon, a NUL, or any of these
/// percent-encoded (`%2e%2e`, `%2f`, `%5c`). Segments are percent-decoded and pushed one by one, so
/// the result never leaves `dir`.
fn file_for(dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut file = dir.to_path_buf();
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let segment = percent_decode(segment)?;
        match segment.as_str() {
            // A trailing slash names the folder's index; an empty segment elsewhere is a path's root.
            "" if i + 1 == segments.len() => {}
            "" | "." | ".." => return None,
            s if s.contains(['/', '\\', ':', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file == dir {
        file.push("index.html");
    }
    Some(file)
}

/// `%XX` escapes decoded; `None` if one is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}

#[cfg(test)]
mod tests {
    use super::spawn;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// The status line and body the server answers to `GET path`, sent as is.
    fn get(port: u16, path: &str) -> (String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (head.lines().next().unwrap_or("").to_string(), body.to_string())
    }

    #[test]
    fn serves_the_site_and_nothing_outside_it() {
        let root = std::env::temp_dir().join(format!("trawl-serve-{}", std::process::id()));
        let site = root.join("site");
        std::fs::create_dir_all(site.join("assets")).unwrap();
        std::fs::write(site.join("index.html"), "the index").unwrap();
        std::fs::write(site.join("assets/a b.txt"), "spaced").unwrap();
        // Outside the site: beside it, and in a sibling whose name starts like the site's.
        std::fs::write(root.join("secret.txt"), "SECRET").unwrap();
        std::fs::create_dir_all(root.join("site-other")).unwrap();
        std::fs::write(root.join("site-other/secret.txt"), "SECRET").unwrap();
        let secret = root.join("secret.txt").to_str().unwrap().to_string();
        for prefix in ["/", "/trawl/"] {
            let (port, _server) = spawn(&site, prefix).unwrap();
            let p = prefix;
            assert_eq!(get(port, p), ("HTTP/1.1 200 OK".into(), "the index".into()));
            for attack in [
                format!("{p}/{secret}"),
                format!("{p}{}", secret.trim_start_matches('/')).replacen('/', "//", 1),
                format!("{p}%2F{}", secret.trim_start_matches('/').replace('/', "%2F")),
                format!("{p}../secret.txt"),
                format!("{p}assets/../../secret.txt"),
                format!("{p}%2e%2e/secret.txt"),
                format!("{p}%2E%2E%2Fsecret.txt"),
                format!("{p}..%5Csecret.txt"),
                format!("{p}..\\secret.txt"),
                format!("{p}../site-other/secret.txt"),
                format!("{p}C:%5Csecret.txt"),
                format!("{p}index.html%00.txt"),
                format!("{p}%zz"),
            ] {
                let (status, body) = get(port, &attack);
                assert!(!status.contains("200") && !body.contains("SECRET"), "{attack}: {status} {body}");
            }
            // Escapes that stay inside are decoded.
            assert_eq!(get(port, &format!("{p}assets/a%20b.txt")).1, "spaced");
        }
        std::fs::remove_dir_all(&root).ok();
    }
}
