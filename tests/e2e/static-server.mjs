// A static file server for the scripts here: each mount maps a URL prefix to a folder (a bare prefix
// serves its folder's index file). With `gzip`, responses are compressed when the browser asks, as
// GitHub Pages serves them. Used by the benchmark page, the start benchmark and the Lighthouse runner.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `mounts` (`[[prefix, folder, indexFile]]`, first match wins) on 127.0.0.1 at a free port.
 * `opts.gzip` compresses when asked; `opts.headers` are added to every response.
 * Resolves to `{ server, base }`, `base` being `http://127.0.0.1:PORT/`.
 */
export async function serveStatic(mounts, opts = {}) {
  const server = createServer((req, res) => {
    // The raw request path, not `new URL(req.url)`'s: that reads `//etc/passwd` as a host.
    const path = req.url.split(/[?#]/)[0];
    for (const [prefix, dir, index = 'index.html'] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const file = fileFor(dir, path.slice(prefix.length), index);
      if (file === null) {
        res.writeHead(400).end();
        return;
      }
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...opts.headers };
      let body = readFileSync(file);
      if (opts.gzip && (req.headers['accept-encoding'] ?? '').includes('gzip')) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * The file under `dir` that `rel` (the request path after its mount's prefix) names, or null for a
 * path that could name one elsewhere: `..`, an absolute path (`//etc/passwd`), a backslash, a drive
 * colon, a NUL, or any of these percent-encoded (`%2e%2e`, `%2f`, `%5c`), or a malformed escape.
 * Segments are decoded one by one, so a decoded `/` cannot make a new one; the result is checked to be
 * inside `dir` itself, not merely to start with its name (`/site-other` starts with `/site`).
 */
export function fileFor(dir, rel, index = 'index.html') {
  const root = resolve(dir);
  const names = [];
  const segments = rel.split('/');
  for (const [i, raw] of segments.entries()) {
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' && i === segments.length - 1) continue;
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return null;
    names.push(segment);
  }
  if (names.length === 0 || segments.at(-1) === '') names.push(index);
  const file = resolve(root, ...names);
  return file.startsWith(root + sep) ? file : null;
}
