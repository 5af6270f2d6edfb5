// The explorer with a large file added: the tab's memory while adding it (the renderer process, which
// runs the page and its indexing worker), the time to index it in the worker, the first query, keeping
// it in IndexedDB, and reopening it after a reload. Serves dist/ itself:
//   cargo xtask build && mkdir -p /tmp/big && node bench/gen-news.mjs 93000 /tmp/big/news93k.jsonl
//   node bench-upload.mjs /tmp/big/news93k.jsonl 93000
// Memory: the peak resident set (VmHWM, Linux) of every Chromium process, read from /proc, and the
// whole browser's resident memory sampled every 100 ms; the page's wasm memory (it only grows, so its
// size at the end is its peak) and the worker's (from its last message, where the worker says it).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const [,, file, n] = process.argv;
if (!file || !n) {
  console.error('usage: node bench-upload.mjs FILE DOCUMENTS');
  process.exit(2);
}
const bytes = statSync(file).size;
const expected = `${(Number(n) + 5).toLocaleString('en-US')} documents`;
// DIST names another build (an older one, to compare).
const dist = resolve(process.env.DIST ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../dist'));
const { server, base } = await serveStatic([['/', dist]]);
const profile = mkdtempSync(join(tmpdir(), 'trawl-bench-upload-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Chromium's processes (the browser's own and its descendants): pid → { type, rssKb, hwmKb }. */
function processes() {
  const all = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Chromium rewrites its command line into one string, so it is matched as a whole.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (k) => Number((status.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) ?? [])[1] ?? 0);
      all.set(pid, { cmd, ppid: String(field('PPid')), rssKb: field('VmRSS'), hwmKb: field('VmHWM') });
    } catch { /* gone */ }
  }
  const root = [...all].find(([, p]) => p.cmd.includes(profile) && !p.cmd.includes('--type='));
  const ours = new Map();
  const visit = (pid) => {
    const p = all.get(pid);
    ours.set(pid, { type: (p.cmd.match(/--type=(\S+)/) ?? [])[1] ?? 'browser', rssKb: p.rssKb, hwmKb: p.hwmKb });
    for (const [child, c] of all) if (c.ppid === pid && !ours.has(child)) visit(child);
  };
  if (root) visit(root[0]);
  return ours;
}
const mb = (kb) => `${(kb * 1024 / 1e6).toFixed(0)} MB`;
const sum = (ps) => [...ps.values()].reduce((s, p) => s + p.rssKb, 0);

const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('ERR', String(e).slice(0, 300)));
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 200)); });
await page.addInitScript(() => {
  // The page's wasm instance (Trunk's loader announces it) and what the worker says of its memory.
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  const Native = window.Worker;
  window.__workerWasm = 0;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        // A message is {body, blobs}, body in postcard (crates/explorer/src/protocol.rs): the reply
        // `Done` is variant 2 and ends with the worker's wasm memory, a varint read here from the
        // end. Older builds sent {kind, wasmMemory}.
        const m = e.data;
        let memory = m?.wasmMemory;
        const b = m?.body;
        if (b instanceof Uint8Array && b[0] === 2) {
          let i = b.length - 1;
          while (i > 0 && b[i - 1] & 0x80) i--;
          memory = 0;
          for (let k = b.length - 1; k >= i; k--) memory = memory * 128 + (b[k] & 0x7f);
        }
        if (typeof memory === 'number') window.__workerWasm = Math.max(window.__workerWasm, memory);
      });
    }
  };
  window.__jsHeapPeak = 0;
  setInterval(() => { window.__jsHeapPeak = Math.max(window.__jsHeapPeak, performance.memory.usedJSHeapSize); }, 100);
});
await page.goto(base);
await page.locator('#doc-list li').first().waitFor();
// One small file on the sample alone (5 documents), removed again: what adding it costs with
// next to nothing loaded, to compare with the same file on top of the large one below.
const one = { name: 'one-more.txt', mimeType: 'text/plain', buffer: Buffer.from('One more\n\nCustoms at Zorvakand stopped a lorry.') };
const addOne = async (documents, polling) => {
  const t = Date.now();
  await page.setInputFiles('#file-input', [one]);
  await page.waitForFunction((e) => document.querySelector('#corpus-size')?.textContent.startsWith(e), `${documents.toLocaleString('en-US')} documents`, { timeout: 900000, polling });
  return (Date.now() - t) / 1000;
};
console.log(`one file (1 document) added to the 5 of the sample in ${(await addOne(6, 20)).toFixed(2)} s`);
await page.waitForFunction(() => /kept in this browser|not kept/.test(document.querySelector('#keeping')?.textContent ?? ''), null, { timeout: 900000, polling: 100 });
await page.locator('#clear-files').click();
await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents'));
const renderers = () => [...processes().values()].filter((p) => p.type === 'renderer');
const before = renderers();
console.log(`${file}: ${(bytes / 1e6).toFixed(1)} MB, ${Number(n).toLocaleString('en-US')} documents`);
console.log('before: renderer RSS', before.map((p) => mb(p.rssKb)).join(', '), '· all of Chromium', mb(sum(processes())));
let chromiumPeakKb = 0;
// The renderer's resident memory at each step the page shows ("Indexing…", "Finding people…"), at its
// highest while the step lasted.
const steps = [];
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    const ps = processes();
    chromiumPeakKb = Math.max(chromiumPeakKb, sum(ps));
    const tab = Math.max(...[...ps.values()].filter((p) => p.type === 'renderer').map((p) => p.rssKb));
    const label = await page.evaluate(() => (document.querySelector('#loading span')?.textContent ?? document.querySelector('#keeping')?.textContent ?? '').replace(/[\d,]+ of [\d,]+/, 'n of N')).catch(() => '?');
    if (steps.at(-1)?.label !== label) steps.push({ label, kb: tab });
    else steps.at(-1).kb = Math.max(steps.at(-1).kb, tab);
    await new Promise((r) => setTimeout(r, 100));
  }
})();

const t0 = Date.now();
await page.setInputFiles('#file-input', file);
await page.waitForFunction((e) => document.querySelector('#corpus-size')?.textContent.startsWith(e), expected, { timeout: 900000, polling: 500 });
const indexed = (Date.now() - t0) / 1000;
await page.waitForFunction(() => /kept in this browser|not kept/.test(document.querySelector('#keeping')?.textContent ?? ''), null, { timeout: 900000, polling: 500 });
const kept = (Date.now() - t0) / 1000;
sampling = false;
await sampler;
const after = renderers();
const tabPeakKb = Math.max(...after.map((p) => p.hwmKb));
const wasm = await page.evaluate(() => ({ page: window.__wasm?.memory?.buffer.byteLength ?? 0, worker: window.__workerWasm, jsHeapPeak: window.__jsHeapPeak, jsHeap: performance.memory.usedJSHeapSize }));
console.log(`indexed and shown in ${indexed.toFixed(1)} s; kept in IndexedDB at ${kept.toFixed(1)} s:`, await page.locator('#keeping').textContent());
console.log(`tab (renderer) peak RSS ${mb(tabPeakKb)} = ${(tabPeakKb * 1024 / bytes).toFixed(1)}× the bytes added` +
  ` (before adding: ${mb(Math.max(...before.map((p) => p.rssKb)))}); now ${mb(Math.max(...after.map((p) => p.rssKb)))}`);
console.log(`all of Chromium, sampled peak ${mb(chromiumPeakKb)}`);
console.log('renderer RSS by step (sampled every 100 ms):');
for (const st of steps) console.log(`  ${mb(st.kb).padStart(8)}  ${st.label.trim() || '(nothing shown)'}`);
console.log(`wasm memory: page ${(wasm.page / 1e6).toFixed(0)} MB, worker ${wasm.worker ? (wasm.worker / 1e6).toFixed(0) + ' MB' : 'not reported'};` +
  ` JS heap peak ${(wasm.jsHeapPeak / 1e6).toFixed(0)} MB, now ${(wasm.jsHeap / 1e6).toFixed(0)} MB`);
console.log('storage', JSON.stringify(await page.evaluate(() => navigator.storage.estimate())));

// One more small file on top: the worker indexes it alone, the page appends it.
const more = `${(Number(n) + 6).toLocaleString('en-US')} documents`;
console.log(`one more file (1 document) added on top in ${(await addOne(Number(n) + 6, 20)).toFixed(2)} s`);
await page.waitForFunction(() => /kept in this browser|not kept/.test(document.querySelector('#keeping')?.textContent ?? ''), null, { timeout: 900000, polling: 100 });
const t1 = Date.now();
await page.locator('#q').fill('heroin Astara');
await page.waitForFunction(() => /of [\d,]+ document/.test(document.querySelector('#count')?.textContent ?? ''));
console.log('first query shown in', Date.now() - t1, 'ms:', await page.locator('#count').textContent());
const t2 = Date.now();
await page.reload();
await page.waitForFunction((e) => document.querySelector('#corpus-size')?.textContent.startsWith(e), more, { timeout: 900000, polling: 250 });
console.log(`restored after reload in ${((Date.now() - t2) / 1000).toFixed(1)} s; renderer RSS now`, renderers().map((p) => mb(p.rssKb)).join(', '));
await ctx.close();
server.close();
rmSync(profile, { recursive: true, force: true });
