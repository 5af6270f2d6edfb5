// README screenshots: on the sample, the keyboard (the skip link, the focused tab) and the events tab on a
// 375 px phone (docs/screenshots/keyboard.png, phone-events.png); then the explorer on general news: the
// blind set's 80 reports (ABC, Reuters, CNN, TIME, Wired…; tests/fixtures/ner) added as files, the sample
// hidden (docs/screenshots/news-*.png).
// Run after `cargo xtask build`, from tests/e2e:  node readme-shots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'docs/screenshots');
const { server, base } = await serveStatic([['/trawl/', join(root, 'dist')]]);
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'trawl-shots-')), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] ?? await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(`${base}trawl/#v=1`);
await page.locator('#root:not([inert]) > .app').waitFor({ timeout: 20000 });

// The keyboard: the skip link, first in the tab order, and a tab moved to with the arrow keys.
await page.evaluate(() => { location.hash = '#v=1&q=heroin'; });
await page.waitForFunction(() => /of 3 documents/.test(document.querySelector('#count')?.textContent ?? ''));
await page.keyboard.press('Tab');
await page.waitForFunction(() => document.activeElement?.id === 'skip-link');
await page.screenshot({ path: join(shots, 'keyboard.png'), clip: { x: 0, y: 0, width: 1280, height: 430 } });
await page.locator('#tab-results').focus();
await page.keyboard.press('ArrowRight');
await page.keyboard.press('ArrowRight');
await page.waitForFunction(() => document.activeElement?.id === 'tab-events' && location.hash.includes('tab=events'));
await page.locator('#events-table tbody tr').first().waitFor();
await page.screenshot({ path: join(shots, 'keyboard-tabs.png'), clip: { x: 0, y: 0, width: 1280, height: 560 } });

// A 375 px phone on the events tab: the table scrolls in its own box, the page does not.
await page.setViewportSize({ width: 375, height: 812 });
await page.evaluate(() => { location.hash = '#v=1&tab=events'; });
await page.locator('#events-table tbody tr').first().waitFor();
// From the count and totals down to the table's first rows, its right edge shaded (more to scroll to).
await page.locator('#events-count').evaluate((el) => el.scrollIntoView());
await page.screenshot({ path: join(shots, 'phone-events.png') });
await page.setViewportSize({ width: 1280, height: 860 });
await page.evaluate(() => { location.hash = '#v=1'; });

const files = ['dev.jsonl', 'heldout.jsonl'].map((name) => ({
  name: `news/${name}`,
  mimeType: 'application/json',
  buffer: readFileSync(join(root, 'tests/fixtures/ner', name)),
}));
await page.setInputFiles('#file-input', files);
await page.locator('#toggle-sample').waitFor();
await page.waitForFunction(() => /80 documents/.test(document.querySelector('#corpus-size')?.textContent ?? ''), null, { timeout: 120000 })
  .catch(async () => {
    await page.locator('#toggle-sample').click();
    await page.waitForFunction(() => /^80 documents/.test(document.querySelector('#corpus-size')?.textContent ?? ''), null, { timeout: 60000 });
  });

// Results with the facets: people, organisations and places of the matching reports.
await page.evaluate(() => { location.hash = '#v=1&q=government'; });
await page.waitForFunction(() => /of [\d,]+ document/.test(document.querySelector('#count')?.textContent ?? ''));
await page.locator('#facet-person').waitFor();
// Tall enough for the people, organisations and places facets.
await page.setViewportSize({ width: 1280, height: 1240 });
await page.screenshot({ path: join(shots, 'news-facets.png'), fullPage: false });
await page.setViewportSize({ width: 1280, height: 860 });

// A report in the reader, its people, organisations and places highlighted.
const first = page.locator('#doc-list li a.doc-title').first();
await first.click();
await page.locator('.reader .ent').first().waitFor();
await page.screenshot({ path: join(shots, 'news-reader.png'), fullPage: false });

// The network of who is named with whom.
await page.evaluate(() => { location.hash = '#v=1&tab=network'; });
await page.locator('#network-svg, .network svg').first().waitFor();
await page.screenshot({ path: join(shots, 'news-network.png'), fullPage: false });

if (errors.length) console.log('page errors:', errors);
await ctx.close();
server.close();
console.log('wrote news-facets.png, news-reader.png, news-network.png in docs/screenshots');
