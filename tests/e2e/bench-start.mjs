// How soon a person on a slow phone sees the first screen and can use the app: the built site served
// with gzip (as GitHub Pages serves it), loaded in headless Chromium under Lighthouse's mobile settings
// emulated for real (150 ms round trips, 1.6 Mbps down, a 4x slower CPU), caching off. Prints, per
// site, the medians of first paint, largest paint, the page wasm's request (start and end) and the
// moment the app has replaced the prerendered screen. Unlike Lighthouse's simulated figures these are
// observed, so two builds can be compared side by side (runs are interleaved):
//   node bench-start.mjs [DIST ...]        (default ../../dist; N=7 runs each)
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './static-server.mjs';
const here = dirname(fileURLToPath(import.meta.url));
const dirs = process.argv.length > 2 ? process.argv.slice(2) : [join(here, '../../dist')];
// Cache off (the browser's too, below): every load downloads everything.
const variants = Object.fromEntries(await Promise.all(dirs.map(async (d) => [d, await serveStatic([['/', d]], { gzip: true, headers: { 'cache-control': 'no-store' } })])));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
const out = Object.fromEntries(dirs.map((d) => [d, []]));
for (let i = 0; i < Number(process.env.N ?? 7); i++) for (const v of dirs) {
  const ctx = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // Lighthouse's mobile settings (its throughput figures, less 10% as Chrome's own presets do).
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8 * 0.9, uploadThroughput: 750e3 / 8 * 0.9 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
    new MutationObserver(() => { const r = document.getElementById('root'); if (r && !r.hasAttribute('inert') && r.querySelector('.app') && !window.__ready) window.__ready = performance.now(); })
      .observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(variants[v].base);
  await page.waitForFunction(() => window.__ready, null, { timeout: 60000 });
  const m = await page.evaluate(() => ({ fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime, lcp: window.__lcp, ready: window.__ready,
    wasm: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => [e.startTime, e.responseEnd])[0] }));
  out[v].push(m);
  await ctx.close();
}
await browser.close();
console.log('| site | first paint | largest paint | wasm requested | wasm received | app ready | app ready, each run |');
console.log('|---|---:|---:|---:|---:|---:|---|');
for (const v of dirs) {
  const med = (k) => { const xs = out[v].map(k).sort((x, y) => x - y); return `${Math.round(xs[xs.length >> 1])} ms`; };
  console.log(`| ${v} | ${med((m) => m.fcp)} | ${med((m) => m.lcp)} | ${med((m) => m.wasm[0])} | ${med((m) => m.wasm[1])} | ${med((m) => m.ready)} | ${out[v].map((m) => Math.round(m.ready)).join(', ')} |`);
}
process.exit(0);
