// The explorer with 100k added documents: time to index them in the worker, the first query, keeping
// them in IndexedDB, and reopening them after a reload. Needs the file inside dist/ and dist/ served:
//   node bench/gen-news.mjs 100000 && cp /tmp/big/big100000.jsonl ../../dist/
//   (cd ../.. && cargo xtask serve --port 8090) &   then: node bench-upload.mjs big100000.jsonl 100000
import { chromium } from 'playwright-core';
const [,, file, n] = process.argv;
import { mkdtempSync } from 'node:fs';
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/big-profile-'), { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--enable-precise-memory-info'] });
const b = ctx;
const p = await ctx.newPage();
p.on('pageerror', (e) => console.log('ERR', String(e).slice(0, 300)));
p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 200)); });
await p.goto('http://127.0.0.1:8090/#v=1');
await p.locator('#doc-list li').first().waitFor();
const t0 = Date.now();
await p.evaluate(async (name) => {
  const blob = await (await fetch(name)).blob();
  const dt = new DataTransfer();
  dt.items.add(new File([blob], name));
  const input = document.querySelector('#file-input');
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}, file);
let last = '';
for (;;) {
  const s = await p.evaluate(() => [document.querySelector('#loading')?.textContent ?? '', document.querySelector('#corpus-size')?.textContent ?? '']);
  if (s[0] !== last) { console.log(((Date.now() - t0) / 1000).toFixed(1) + 's', s[0]); last = s[0]; }
  if (s[1].startsWith(`${(Number(n) + 5).toLocaleString("en-US")} documents`)) break;
  if (Date.now() - t0 > 600000) { console.log('timeout', s); break; }
  await p.waitForTimeout(250);
}
console.log('indexed in', (Date.now() - t0) / 1000, 's');
console.log('storage', JSON.stringify(await p.evaluate(() => navigator.storage.estimate())));
const t1 = Date.now();
await p.locator('#q').fill('heroin Astara');
await p.waitForFunction(() => /of [\d,]+ document/.test(document.querySelector('#count')?.textContent ?? ''));
console.log('first query shown in', (Date.now() - t1), 'ms', await p.locator('#count').textContent());
const ts = Date.now();
for (let i = 0; i < 60; i++) {
  const k = await p.evaluate(() => [document.querySelector('#keeping')?.textContent ?? 'none', performance.memory.usedJSHeapSize]).catch((e) => ['eval failed ' + e, 0]);
  console.log(((Date.now() - ts) / 1000).toFixed(0) + 's keeping:', k[0], (k[1] / 1e6).toFixed(0) + ' MB JS heap');
  if (/kept in this|not kept/.test(k[0])) break;
  await p.waitForTimeout(5000);
}
console.log('saved in', (Date.now() - ts) / 1000, 's:', await p.locator('#keeping').textContent());
const t2 = Date.now();
await p.reload();
await p.waitForFunction((n) => document.querySelector("#corpus-size")?.textContent.startsWith(`${(n + 5).toLocaleString("en-US")} documents`), Number(n), { timeout: 600000 });
console.log('restored after reload in', (Date.now() - t2) / 1000, 's');
await b.close();
