// A static file server for benchmarks over a slow network: every request waits `latency` ms before its
// response starts (one round trip), and response bodies share one link of `mbit` Mbit/s, written in 16 KB
// pieces as the link frees up (so parallel downloads divide the bandwidth, as on a real connection). It
// answers single `Range: bytes=a-b` requests (206, or 416 when unsatisfiable), HEAD and conditional
// requests (ETag, Last-Modified, 304), sends `cache-control: max-age=600` as GitHub Pages does, and
// compresses with gzip when asked (`gzip`: the text, code and wasm types static-server.mjs names; other
// files are sent as stored, and ranges never compressed). It counts requests and body bytes sent, per
// path and in total, with a log of each request's start and end: `GET /__stats` (JSON) and
// `POST /__reset`, neither delayed nor counted.
//
// As a module: `serveLatency([[prefix, dir, indexFile]], { latency, mbit, gzip, port })`.
// From the shell (defaults: 50 ms, 20 Mbit/s, a free port; `--mbit 0` is no limit):
//   node latency-server.mjs [--latency 50] [--mbit 20] [--port N] [--gzip] [--h2] PREFIX=DIR ...
// Folder paths are resolved as static-server.mjs resolves them (no `..`, no encoded separators).
//
// With `--h2` (`h2: true`) it speaks HTTP/2 over TLS, as GitHub Pages and most CDNs do: a browser then sends
// every request of a round at once on one connection, where over HTTP/1.1 it opens at most 6 to a host and
// queues the rest. The certificate is a self-signed one made with `openssl` for 127.0.0.1; the server's
// `spki` (its public key's SHA-256, base64) lets Chromium trust it with `--ignore-certificate-errors-spki-list`.
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { open, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { fileFor, TYPES } from './static-server.mjs';

/** The default round trip added to every request, in ms. */
export const DEFAULT_LATENCY_MS = 50;
/** The default bandwidth of the link all responses share, in Mbit/s (a good 4G or a modest DSL line). */
export const DEFAULT_MBIT = 20;
/** The piece of body written at a time under a bandwidth limit. */
const PIECE = 16 * 1024;
/** Requests kept in the log of /__stats (the counters go on counting past it). */
const LOG_MAX = 100_000;

const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/**
 * A self-signed certificate for 127.0.0.1, made with `openssl`: `{ key, cert, spki }`, `spki` being the
 * base64 SHA-256 of its public key, as Chromium's `--ignore-certificate-errors-spki-list` takes it.
 */
export function selfSigned() {
  const dir = mkdtempSync(join(tmpdir(), 'latency-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const der = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    return { key, cert, spki: createHash('sha256').update(der).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves `mounts` (`[[prefix, folder, indexFile]]`, first match wins) on 127.0.0.1. Options: `latency`
 * (ms before each response starts), `mbit` (the shared link's bandwidth; 0 for none), `gzip`, `headers`
 * (added to every response), `cacheControl` (default `max-age=600`), `port` (default a free one), `h2`
 * (HTTP/2 over TLS, HTTP/1.1 over TLS still answered). Resolves to `{ server, base, stats(), reset(), spki }`,
 * `base` being `http://127.0.0.1:PORT/` (`https://` with `h2`), `spki` the certificate's key hash (`h2` only).
 */
export async function serveLatency(mounts, opts = {}) {
  const latency = opts.latency ?? DEFAULT_LATENCY_MS;
  const mbit = opts.mbit ?? DEFAULT_MBIT;
  const cacheControl = opts.cacheControl ?? 'max-age=600';
  const t0 = performance.now();
  let linkFree = 0;
  let stats;
  const reset = () => {
    stats = { requests: 0, bytes: 0, paths: {}, log: [] };
  };
  reset();
  const gzipped = new Map();

  /** Waits until the link can carry `n` more bytes, reserving it for them. */
  async function link(n) {
    if (!(mbit > 0)) return;
    const now = performance.now();
    linkFree = Math.max(now, linkFree) + (n * 8) / (mbit * 1000);
    await sleep(linkFree - now);
  }

  async function handle(req, res) {
    // The raw request path, not `new URL(req.url)`'s: that reads `//etc/passwd` as a host.
    const path = req.url.split(/[?#]/)[0];
    if (path === '/__stats' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ...stats, now: performance.now() - t0 }));
      return;
    }
    if (path === '/__reset' && req.method === 'POST') {
      reset();
      res.writeHead(204).end();
      return;
    }
    const entry = { method: req.method, path, range: req.headers.range ?? null, status: 0, bytes: 0, start: performance.now() - t0, end: null };
    stats.requests += 1;
    if (stats.log.length < LOG_MAX) stats.log.push(entry);
    const perPath = (stats.paths[path] ??= { requests: 0, bytes: 0 });
    perPath.requests += 1;
    const count = (n) => {
      entry.bytes += n;
      perPath.bytes += n;
      stats.bytes += n;
    };
    res.on('close', () => {
      entry.end = performance.now() - t0;
    });
    await sleep(latency);
    const found = await find(mounts, path);
    if (found === null || found.status !== 200) {
      entry.status = found?.status ?? 404;
      res.writeHead(entry.status).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      entry.status = 405;
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const { file, size } = found;
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'cache-control': cacheControl,
      ...opts.headers,
    };
    // Validators as GitHub Pages sends them, so that a revalidation (`cache: 'no-cache'`, an expired
    // copy) costs a round trip and no body.
    const zipped = opts.gzip && extname(file) in TYPES && (req.headers['accept-encoding'] ?? '').includes('gzip');
    headers.etag = `"${size.toString(16)}-${Math.floor(found.mtime).toString(16)}${zipped ? '-gz' : ''}"`;
    headers['last-modified'] = new Date(found.mtime).toUTCString();
    if (notModified(req.headers, headers.etag, found.mtime)) {
      entry.status = 304;
      res.writeHead(304, { etag: headers.etag, 'cache-control': cacheControl, ...opts.headers }).end();
      return;
    }
    const range = req.headers.range === undefined ? null : parseRange(req.headers.range, size);
    let body;
    if (range === 'unsatisfiable') {
      entry.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${size}`, ...opts.headers }).end();
      return;
    } else if (range !== null) {
      entry.status = 206;
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
      body = req.method === 'HEAD' ? null : await readRange(file, range.start, range.end + 1 - range.start);
      headers['content-length'] = range.end + 1 - range.start;
    } else if (zipped) {
      entry.status = 200;
      const key = `${file}\0${found.mtime}\0${size}`;
      if (!gzipped.has(key)) gzipped.set(key, gzipSync(await readRange(file, 0, size), { level: 9 }));
      body = gzipped.get(key);
      headers['content-encoding'] = 'gzip';
      headers['content-length'] = body.length;
      if (req.method === 'HEAD') body = null;
    } else {
      entry.status = 200;
      headers['content-length'] = size;
      body = req.method === 'HEAD' ? null : await readRange(file, 0, size);
    }
    res.writeHead(entry.status, headers);
    if (body === null) {
      res.end();
      return;
    }
    await write(res, body, count);
  }

  /** Writes `body` as the link allows, counting what was written; stops if the client goes away. */
  async function write(res, body, count) {
    const piece = mbit > 0 ? PIECE : body.length;
    for (let at = 0; at < body.length; at += piece) {
      const chunk = body.subarray(at, at + piece);
      if (gone(res)) return;
      await link(chunk.length);
      if (gone(res)) return;
      count(chunk.length);
      if (!res.write(chunk)) {
        await new Promise((done) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            done();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      }
    }
    res.end();
  }

  const respond = (req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  };
  const tls = opts.h2 ? selfSigned() : null;
  const server = tls === null ? createServer(respond) : createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, respond);
  // An HTTP/2 server keeps its sessions open; `closeAllConnections` is HTTP/1.1's way to end them.
  const sessions = new Set();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.closeAllConnections ??= () => {
    for (const s of sessions) s.destroy();
  };
  await new Promise((done) => server.listen(opts.port ?? 0, '127.0.0.1', done));
  const base = `${tls === null ? 'http' : 'https'}://127.0.0.1:${server.address().port}/`;
  return { server, base, stats: () => structuredClone({ ...stats, now: performance.now() - t0 }), reset, spki: tls?.spki ?? null };
}

/** Whether the client went away from a response (HTTP/1.1's, or HTTP/2's compatibility one). */
function gone(res) {
  return res.destroyed || res.stream?.destroyed === true;
}

/**
 * The file a request path names under `mounts`: `{ status: 200, file, size, mtime }`, `{ status: 400 }`
 * for a path that could name one outside its folder, or null when no mount has it.
 */
async function find(mounts, path) {
  for (const [prefix, dir, index = 'index.html'] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const file = fileFor(dir, path.slice(prefix.length), index);
    if (file === null) return { status: 400 };
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) continue;
    return { status: 200, file, size: info.size, mtime: info.mtimeMs };
  }
  return null;
}

/** Whether a conditional request's copy is current: its `If-None-Match` names `etag`, or (without one)
 * its `If-Modified-Since` is no earlier than the file's last change, to the second. */
function notModified(headers, etag, mtime) {
  const match = headers['if-none-match'];
  if (match !== undefined) return match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Math.floor(mtime / 1000) * 1000 <= since;
}

/**
 * A `Range` header against a file of `size` bytes: `{ start, end }` (inclusive), `'unsatisfiable'`, or
 * null to send the whole file (a header that is not one `bytes=` range, as RFC 9110 allows ignoring).
 */
export function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

async function readRange(file, start, length) {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await handle.close();
  }
}

/** The command line: `--latency MS --mbit N --port N --gzip PREFIX=DIR ...`. */
async function main(args) {
  const opts = {};
  const mounts = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--latency') opts.latency = Number(args[++i]);
    else if (a === '--mbit') opts.mbit = Number(args[++i]);
    else if (a === '--port') opts.port = Number(args[++i]);
    else if (a === '--gzip') opts.gzip = true;
    else if (a === '--h2') opts.h2 = true;
    else if (/^\/[^=]*=./.test(a)) mounts.push([a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]);
    else {
      console.error(`latency-server: unknown argument ${a}\nusage: node latency-server.mjs [--latency MS] [--mbit N] [--port N] [--gzip] [--h2] /PREFIX/=DIR ...`);
      process.exit(2);
    }
  }
  for (const [k, v] of Object.entries(opts)) {
    if (Number.isNaN(v)) {
      console.error(`latency-server: --${k} needs a number`);
      process.exit(2);
    }
  }
  if (mounts.length === 0) mounts.push(['/', '.']);
  // Longer prefixes first, so that `/=site` does not hide `/data/=elsewhere`.
  mounts.sort((a, b) => b[0].length - a[0].length);
  const { base, spki } = await serveLatency(mounts, opts);
  console.log(`latency-server: ${base} (${opts.latency ?? DEFAULT_LATENCY_MS} ms, ${opts.mbit ?? DEFAULT_MBIT} Mbit/s${opts.gzip ? ', gzip' : ''}); ${base}__stats`);
  if (spki !== null) console.log(`  HTTP/2; Chromium trusts it with --ignore-certificate-errors-spki-list=${spki}`);
  for (const [prefix, dir] of mounts) console.log(`  ${prefix} -> ${dir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
