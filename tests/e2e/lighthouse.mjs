// Lighthouse on the seed build: dist/ served under /trawl/ (as GitHub Pages serves a project site),
// audited in headless Chromium for performance, accessibility and best practices, with the mobile
// (default, simulated slow 4G and a 4x slower CPU) and desktop settings. Prints the scores as a
// Markdown table and exits non-zero if accessibility (either setting) or desktop performance is under
// MIN_SCORE.
//
// Run: cargo xtask lighthouse   (builds dist/ first)
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '../../dist');
const MIN_SCORE = Number(process.env.MIN_SCORE ?? 95);
// Static hosting as GitHub Pages does it: under a sub-path, gzip when asked, cached for ten minutes.
const { server, base } = await serveStatic([['/trawl/', dist]], { gzip: true, headers: { 'cache-control': 'max-age=600' } });
const url = `${base}trawl/`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const rows = [];
let failed = false;
for (const formFactor of ['mobile', 'desktop']) {
  const config = formFactor === 'desktop'
    ? (await import('lighthouse/core/config/desktop-config.js')).default
    : undefined;
  const result = await lighthouse(url, {
    port: chrome.port, output: 'json', logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  }, config);
  const lhr = result.lhr;
  const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  const audit = (a) => lhr.audits[a]?.displayValue ?? '—';
  rows.push([formFactor, score('performance'), score('accessibility'), score('best-practices'),
    audit('first-contentful-paint'), audit('largest-contentful-paint'), audit('total-blocking-time'), audit('cumulative-layout-shift')]);
  // Mobile performance is reported, not enforced: under simulated slow 4G it is bound by the wasm's
  // download (docs/benchmarks.md).
  if (score('accessibility') < MIN_SCORE || (formFactor === 'desktop' && score('performance') < MIN_SCORE)) failed = true;
  writeFileSync(join(here, 'shots', `lighthouse-${formFactor}.json`), JSON.stringify(lhr));
}
await chrome.kill();
server.close();
console.log('| settings | performance | accessibility | best practices | FCP | LCP | TBT | CLS |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (failed) {
  console.error(`lighthouse: accessibility or desktop performance under ${MIN_SCORE}`);
  process.exit(1);
}
