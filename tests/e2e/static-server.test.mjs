// The static server of the benchmark and Lighthouse scripts serves its folders and nothing outside
// them, however the path is spelled. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { serveStatic } from './static-server.mjs';

/** `GET path` sent as is (fetch would normalise `..` and `//` before sending). */
function get(base, path) {
  const { port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('serves the mounted folder and nothing outside it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trawl-static-'));
  const site = join(root, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), 'the index');
  writeFileSync(join(site, 'assets', 'a b.txt'), 'spaced');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  mkdirSync(join(root, 'site-other'));
  writeFileSync(join(root, 'site-other', 'secret.txt'), 'SECRET');
  const { server, base } = await serveStatic([['/', site]]);
  try {
    const secret = join(root, 'secret.txt');
    for (const attack of [
      `/${secret}`,
      `/${encodeURIComponent(secret)}`,
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2Fsecret.txt',
      '/..%2Fsite-other%2Fsecret.txt',
      '/..%5Csecret.txt',
      '/..\\secret.txt',
      '/C:%5Csecret.txt',
      '/index.html%00.txt',
      '/%E0%A4%A',
    ]) {
      const { status, body } = await get(base, attack);
      assert.notEqual(status, 200, attack);
      assert.ok(!body.includes('SECRET'), attack);
    }
    assert.deepEqual(await get(base, '/'), { status: 200, body: 'the index' });
    assert.equal((await get(base, '/assets/a%20b.txt')).body, 'spaced');
  } finally {
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
