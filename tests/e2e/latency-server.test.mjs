// The benchmarks' slow-network server: ranges, HEAD, revalidation, its counters, the delay it adds, and no file outside
// its folders however the path is spelled. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serveLatency, parseRange } from './latency-server.mjs';

/** A request sent as is (fetch would normalise `..` and `//` before sending), with its raw body. */
function send(base, path, { method = 'GET', headers = {} } = {}) {
  const { port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A folder `site` with a 1,000-byte file and a secret beside it; removed by `done()`. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'trawl-latency-'));
  const site = join(root, 'site');
  mkdirSync(join(site, 'data'), { recursive: true });
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  writeFileSync(join(site, 'data', 'blob.bin'), bytes);
  writeFileSync(join(site, 'index.html'), 'the index '.repeat(100));
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  mkdirSync(join(root, 'site-other'));
  writeFileSync(join(root, 'site-other', 'secret.txt'), 'SECRET');
  return { root, site, bytes, done: () => rmSync(root, { recursive: true, force: true }) };
}

test('parses one byte range and refuses what cannot be served', () => {
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=95-200', 100), { start: 95, end: 99 });
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable');
  // Not one range: the whole file is sent, as RFC 9110 allows.
  assert.equal(parseRange('bytes=0-1,5-6', 100), null);
  assert.equal(parseRange('bytes=9-3', 100), null);
  assert.equal(parseRange('items=0-1', 100), null);
});

test('serves ranges and HEAD, counting requests and body bytes per path', async () => {
  const f = fixture();
  const { server, base } = await serveLatency([['/s/', f.site]], { latency: 0, mbit: 0, gzip: true });
  try {
    const whole = await send(base, '/s/data/blob.bin');
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.deepEqual(whole.body, f.bytes);

    const part = await send(base, '/s/data/blob.bin', { headers: { range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], 'bytes 10-19/1000');
    assert.deepEqual(part.body, f.bytes.subarray(10, 20));

    const tail = await send(base, '/s/data/blob.bin', { headers: { range: 'bytes=-5' } });
    assert.equal(tail.headers['content-range'], 'bytes 995-999/1000');
    assert.deepEqual(tail.body, f.bytes.subarray(995));

    const beyond = await send(base, '/s/data/blob.bin', { headers: { range: 'bytes=1000-1010' } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */1000');

    const head = await send(base, '/s/data/blob.bin', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '1000');
    assert.equal(head.body.length, 0);

    // The page is compressed when asked; the count is of the bytes sent, compressed.
    const page = await send(base, '/s/', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(page.body).toString(), 'the index '.repeat(100));
    // Not a file of a known text type: sent as stored.
    const blob = await send(base, '/s/data/blob.bin', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(blob.headers['content-encoding'], undefined);

    assert.equal((await send(base, '/s/missing')).status, 404);

    const stats = JSON.parse((await send(base, '/__stats')).body);
    assert.equal(stats.requests, 8);
    assert.deepEqual(stats.paths['/s/data/blob.bin'], { requests: 6, bytes: 1000 + 10 + 5 + 1000 });
    assert.deepEqual(stats.paths['/s/'], { requests: 1, bytes: page.body.length });
    assert.equal(stats.bytes, 2015 + page.body.length);
    assert.deepEqual(
      stats.log.map((e) => [e.method, e.path, e.status, e.bytes]),
      [
        ['GET', '/s/data/blob.bin', 200, 1000],
        ['GET', '/s/data/blob.bin', 206, 10],
        ['GET', '/s/data/blob.bin', 206, 5],
        ['GET', '/s/data/blob.bin', 416, 0],
        ['HEAD', '/s/data/blob.bin', 200, 0],
        ['GET', '/s/', 200, page.body.length],
        ['GET', '/s/data/blob.bin', 200, 1000],
        ['GET', '/s/missing', 404, 0],
      ],
    );
    for (const e of stats.log) assert.ok(e.end >= e.start, JSON.stringify(e));

    assert.equal((await send(base, '/__reset', { method: 'POST' })).status, 204);
    const zero = JSON.parse((await send(base, '/__stats')).body);
    assert.deepEqual([zero.requests, zero.bytes, zero.log.length], [0, 0, 0]);
  } finally {
    server.close();
    f.done();
  }
});

test('answers a revalidation with 304 and no body', async () => {
  const f = fixture();
  const { server, base } = await serveLatency([['/', f.site]], { latency: 0, mbit: 0 });
  try {
    const first = await send(base, '/data/blob.bin');
    assert.match(first.headers.etag, /^"[^"]+"$/);
    const again = await send(base, '/data/blob.bin', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const since = await send(base, '/data/blob.bin', { headers: { 'if-modified-since': first.headers['last-modified'] } });
    assert.equal(since.status, 304);
    const other = await send(base, '/data/blob.bin', { headers: { 'if-none-match': '"another"' } });
    assert.deepEqual([other.status, other.body.length], [200, 1000]);
    const stats = JSON.parse((await send(base, '/__stats')).body);
    assert.deepEqual(stats.paths['/data/blob.bin'], { requests: 4, bytes: 2000 });
  } finally {
    server.close();
    f.done();
  }
});

test('delays every response and limits the bandwidth', async () => {
  const f = fixture();
  // 40 ms a request; 1,000 bytes at 0.1 Mbit/s take 80 ms.
  const { server, base } = await serveLatency([['/', f.site]], { latency: 40, mbit: 0.1 });
  try {
    let t = performance.now();
    assert.equal((await send(base, '/missing')).status, 404);
    assert.ok(performance.now() - t >= 39, `404 after ${performance.now() - t} ms`);
    t = performance.now();
    assert.equal((await send(base, '/data/blob.bin')).body.length, 1000);
    assert.ok(performance.now() - t >= 40 + 79, `1,000 bytes after ${performance.now() - t} ms`);
    // The statistics are not counted.
    assert.equal(JSON.parse((await send(base, '/__stats')).body).requests, 2);
  } finally {
    server.close();
    f.done();
  }
});

test('serves its folders and nothing outside them', async () => {
  const f = fixture();
  const { server, base } = await serveLatency([['/', f.site]], { latency: 0, mbit: 0 });
  try {
    const secret = join(f.root, 'secret.txt');
    for (const attack of [
      `/${secret}`,
      `/${encodeURIComponent(secret)}`,
      '/../secret.txt',
      '/data/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2Fsecret.txt',
      '/..%2Fsite-other%2Fsecret.txt',
      '/..%5Csecret.txt',
      '/..\\secret.txt',
      '/C:%5Csecret.txt',
      '/index.html%00.txt',
      '/%E0%A4%A',
    ]) {
      for (const headers of [{}, { range: 'bytes=0-3' }]) {
        const { status, body } = await send(base, attack, { headers });
        assert.notEqual(status, 200, attack);
        assert.notEqual(status, 206, attack);
        assert.ok(!body.toString().includes('SECRET'), attack);
      }
    }
    assert.equal((await send(base, '/')).status, 200);
  } finally {
    server.close();
    f.done();
  }
});

test('speaks HTTP/2 over TLS with `h2`: requests share one connection, and the key hash names its certificate', async () => {
  const { connect } = await import('node:http2');
  const { createHash } = await import('node:crypto');
  const f = fixture();
  const { server, base, stats, spki } = await serveLatency([['/s/', f.site]], { latency: 0, mbit: 0, h2: true });
  const session = connect(base, { rejectUnauthorized: false });
  try {
    assert.match(base, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    const get = (path) =>
      new Promise((done, fail) => {
        const req = session.request({ ':path': path });
        const chunks = [];
        let status = 0;
        req.on('response', (h) => (status = h[':status']));
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => done({ status, body: Buffer.concat(chunks) }));
        req.on('error', fail);
        req.end();
      });
    const [blob, index, missing] = await Promise.all([get('/s/data/blob.bin'), get('/s/'), get('/s/nothing')]);
    assert.equal(blob.status, 200);
    assert.deepEqual(blob.body, f.bytes);
    assert.equal(index.status, 200);
    assert.equal(index.body.toString(), 'the index '.repeat(100));
    assert.equal(missing.status, 404);
    assert.equal(stats().requests, 3);
    assert.equal(stats().bytes, 2000);
    const der = session.socket.getPeerX509Certificate().publicKey.export({ type: 'spki', format: 'der' });
    assert.equal(spki, createHash('sha256').update(der).digest('base64'));
  } finally {
    session.close();
    server.closeAllConnections();
    server.close();
    f.done();
  }
});
