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
    if rel.split('/').any(|seg| seg == "..") {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad path");
    }
    let mut file = dir.join(if rel.is_empty() { "index.html" } else { rel });
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found"),
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
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
