// The in-browser benchmark: Trawl's wasm engine against MiniSearch, FlexSearch and Lunr on the same
// generated corpus and queries, at 1k/10k/100k documents, in one headless Chromium. Each (engine,
// size) runs in a fresh page so heap figures do not mix. Prints a Markdown table (for
// docs/benchmarks.md) and the raw results as JSON.
//
// Run: cargo xtask bench-web   (builds dist/ and target/bench-engine/ first), or: node bench.mjs [sizes]
// after that build.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveBench } from './bench/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const ENGINES = (process.env.ENGINES ?? 'trawl,trawl-snippets,minisearch,flexsearch,lunr').split(',');
// An engine whose build took longer than this at one size is not run at the next (10x) size.
const BUILD_BUDGET_MS = 60000;

const { server, base } = await serveBench();

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

const wasmAndGlue = (prefix) => readdirSync(join(root, 'dist')).filter((f) => f.startsWith(prefix) && /\.(js|wasm)$/.test(f)).map((f) => `dist/${f}`);
const gz = (files) => files.reduce((s, f) => s + gzipSync(readFileSync(join(root, f)), { level: 9 }).length, 0);
const code = {
  'trawl (the engine alone: ingestion of every format, index, search, snippets)': gz(['target/bench-engine/bench_engine_bg.wasm', 'target/bench-engine/bench_engine.js']),
  minisearch: gz(['tests/e2e/node_modules/minisearch/dist/umd/index.js']),
  flexsearch: gz(['tests/e2e/node_modules/flexsearch/dist/flexsearch.bundle.min.js']),
  lunr: gz(['tests/e2e/node_modules/lunr/lunr.min.js']),
  // For comparison, what the site loads: the page (engine, views, the sample) and the indexing worker.
  'trawl, the explorer page (not an engine alone)': gz(wasmAndGlue('explorer-')),
  'trawl, the explorer\'s indexing worker (adds extraction and packs)': gz(['dist/worker_bg.wasm', 'dist/worker.js']),
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
