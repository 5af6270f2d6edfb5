// A static file server for the scripts here: each mount maps a URL prefix to a folder (a bare prefix
// serves its folder's index file). With `gzip`, responses are compressed when the browser asks, as
// GitHub Pages serves them. Used by the benchmark page, the start benchmark and the Lighthouse runner.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json',
};

/**
 * Serves `mounts` (`[[prefix, folder, indexFile]]`, first match wins) on 127.0.0.1 at a free port.
 * `opts.gzip` compresses when asked; `opts.headers` are added to every response.
 * Resolves to `{ server, base }`, `base` being `http://127.0.0.1:PORT/`.
 */
export async function serveStatic(mounts, opts = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    for (const [prefix, dir, index = 'index.html'] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length) || index));
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) continue;
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
