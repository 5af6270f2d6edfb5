// The in-browser benchmark: Trawl's wasm engine against MiniSearch, FlexSearch and Lunr on the same
// generated corpus and queries, at 1k/10k/100k documents, in one headless Chromium. Each (engine,
// size) runs in a fresh page so heap figures do not mix. Prints a Markdown table (for
// docs/benchmarks.md) and the raw results as JSON.
//
// Run: cargo xtask bench-web   (builds dist/ first), or: node bench.mjs [sizes] after a build.
import { createServer } from 'node:http';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const ENGINES = (process.env.ENGINES ?? 'trawl,trawl-snippets,minisearch,flexsearch,lunr').split(',');
// An engine whose build took longer than this at one size is not run at the next (10x) size.
const BUILD_BUDGET_MS = 60000;

const mounts = [['/dist/', join(root, 'dist')], ['/lib/', join(here, 'node_modules')], ['/', join(here, 'bench')]];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length) || 'bench.html'));
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
  }
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
const results = [];
const skip = new Set();
for (const n of SIZES) {
  for (const engine of ENGINES) {
    if (skip.has(engine)) { results.push({ engine, n, skipped: true }); continue; }
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`${engine} ${n}: ${e}`));
    let r;
    try {
      // The page's synchronous work can hold back `load` for minutes at 100k: wait for nothing.
      await page.goto(`${base}bench.html?engine=${engine}&n=${n}`, { waitUntil: 'commit', timeout: 0 });
      await page.waitForFunction(() => window.__result, null, { timeout: 0, polling: 500 });
      r = await page.evaluate(() => window.__result);
    } catch (e) {
      // Out of memory kills the tab: that is a result too.
      r = { engine, n, error: String(e).split('\n')[0] };
      skip.add(engine);
    }
    await page.close().catch(() => {});
    results.push(r);
    console.error(JSON.stringify({ ...r, perQuery: undefined }));
    if (r.buildMs > BUILD_BUDGET_MS) skip.add(engine);
  }
}
await browser.close();
server.close();

const gz = (files) => files.reduce((s, f) => s + gzipSync(readFileSync(join(root, f)), { level: 9 }).length, 0);
const code = {
  'trawl (the worker module: ingestion, index, search, extraction)': gz(['dist/worker_bg.wasm', 'dist/worker.js']),
  minisearch: gz(['tests/e2e/node_modules/minisearch/dist/umd/index.js']),
  flexsearch: gz(['tests/e2e/node_modules/flexsearch/dist/flexsearch.bundle.min.js']),
  lunr: gz(['tests/e2e/node_modules/lunr/lunr.min.js']),
};
const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const mb = (x) => (x === undefined || Number.isNaN(x) ? '—' : (x / 1048576).toFixed(1));
console.log('| docs | engine | build (ms) | query p50 (ms) | query p95 (ms) | heap (MB) | index (MB) | matches (sum over queries) |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  if (r.skipped) { console.log(`| ${r.n} | ${r.engine} | skipped: build over ${BUILD_BUDGET_MS / 1000} s at the size before | | | | | |`); continue; }
  if (r.error) { console.log(`| ${r.n} | ${r.engine} | error: ${r.error} | | | | | |`); continue; }
  console.log(`| ${r.n} | ${r.engine} | ${f(r.buildMs, 0)} | ${f(r.p50, 3)} | ${f(r.p95, 3)} | ${mb(r.heapBytes)} | ${mb(r.indexBytes)} | ${r.hits} |`);
}
if (process.env.PER_QUERY) {
  for (const r of results.filter((r) => r.perQuery)) {
    console.log(`\n${r.engine} at ${r.n}: median µs per query, matches`);
    for (const p of r.perQuery) console.log(`${(p.ms * 1000).toFixed(1).padStart(8)} ${String(p.hits).padStart(6)}  ${p.q}`);
  }
}
console.log('');
console.log('| engine | code, gzipped (KB) |');
console.log('|---|---:|');
for (const [k, v] of Object.entries(code)) console.log(`| ${k} | ${(v / 1024).toFixed(1)} |`);
console.log('');
console.log('```json');
console.log(JSON.stringify({ sizes: SIZES, results: results.map(({ perQuery, ...r }) => r), codeGzBytes: code }));
console.log('```');
