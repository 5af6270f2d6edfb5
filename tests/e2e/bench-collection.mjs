// The explorer opening a sharded collection: time to the first searchable shard, to the whole
// collection, a query afterwards, and the page's memory. Figures go in docs/benchmarks.md.
//   node bench/gen-news.mjs 100000
//   cargo run --release -p trawl -- pack /tmp/big/big100000.jsonl --shard-docs 10000 -o /tmp/big/collection100k
//   cargo xtask serve --port 8090 --collection /tmp/big/collection100k &
//   node bench-collection.mjs http://127.0.0.1:8090/ 100000
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';

const [,, url = 'http://127.0.0.1:8090/', n = '100000'] = process.argv;
const total = Number(n).toLocaleString('en-US');
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/trawl-bench-'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--enable-precise-memory-info'],
});
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('pageerror', String(e).slice(0, 300)));
await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
const t0 = Date.now();
const since = () => ((Date.now() - t0) / 1000).toFixed(2) + ' s';
await page.goto(url + '#v=1&q=heroin');
let last = '';
let first = null;
for (;;) {
  const [status, size, count] = await page.evaluate(() => [
    document.querySelector('#collection-loading')?.textContent ?? '',
    document.querySelector('#corpus-size')?.textContent ?? '',
    document.querySelector('#count')?.textContent ?? '',
  ]);
  if (first === null && /of [\d,]+ document/.test(count)) {
    first = Date.now() - t0;
    console.log(`${since()} first results: ${count} (${size})`);
  }
  if (status !== last) {
    console.log(`${since()} ${status || '(loaded)'}`);
    last = status;
  }
  if (!status && size.startsWith(total)) break;
  if (Date.now() - t0 > 900000) throw new Error(`timeout: ${status} ${size}`);
  await page.waitForTimeout(100);
}
console.log(`whole collection in ${since()}: ${await page.locator('#count').textContent()}`);
const memory = await page.evaluate(() => ({
  wasm: window.__wasm?.memory?.buffer?.byteLength ?? 0,
  js: performance.memory?.usedJSHeapSize ?? 0,
}));
console.log(`memory: wasm ${(memory.wasm / 1e6).toFixed(0)} MB, JS heap ${(memory.js / 1e6).toFixed(0)} MB`);
for (const q of ['heroin Astara', '"police seized"', 'kg:>500 drug:heroin']) {
  const t = Date.now();
  await page.locator('#q').fill(q);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.slice(1)).get('q') === q
    && /of [\d,]+ document|No matching/.test(document.querySelector('#count')?.textContent ?? ''), q);
  console.log(`query ${q}: shown in ${Date.now() - t} ms (${await page.locator('#count').textContent()})`);
}
await ctx.close();
