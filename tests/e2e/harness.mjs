// Shared setup for the browser tests: one headless Chromium per test file, fresh profile, and a
// page that records uncaught errors and console errors so every test can assert there were none.
import { after } from 'node:test';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/trawl/';
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'shots');
mkdirSync(SHOTS, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), 'trawl-e2e-'));
let ctx;
// The site's service worker is blocked (its registration only logs a warning): `page.route`, which
// several tests use to hold back or break a request, never sees what a service worker answers.
let serviceWorkers = 'block';

/** Lets the site's service worker run in this file's browser (offline.test.mjs); call before openPage. */
export function allowServiceWorkers() {
  serviceWorkers = 'allow';
}

/** This file's browser context, started by the first call (after `allowServiceWorkers`, if any). */
export async function context() {
  ctx ??= chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    serviceWorkers,
  });
  return ctx;
}

after(async () => {
  await (await ctx)?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Lets pages of the app read and write the clipboard. */
export async function grantClipboard() {
  await (await context()).grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(APP_URL).origin });
}

/**
 * A new page with error recording; `page.errors` lists page errors and console errors.
 * `opts.url` opens another site than APP_URL; `opts.setup(page)` runs before it loads (routes).
 */
export async function openPage(hash = '', opts = {}) {
  const page = await (await context()).newPage();
  await opts.setup?.(page);
  // Every Content-Security-Policy violation is recorded on the page.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('favicon')) page.errors.push(`console: ${m.text()}`);
  });
  await page.goto((opts.url ?? APP_URL) + hash);
  // The live app: `#root` loses `inert` once the app has taken over the prerendered first screen.
  await page.locator('#root:not([inert]) > .app').waitFor({ timeout: 20000 });
  return page;
}

/** The decoded fragment of the page's URL, as a map. */
export function fragment(page) {
  const hash = new URL(page.url()).hash.replace(/^#/, '');
  return Object.fromEntries(hash.split('&').filter(Boolean).map((p) => {
    const [k, v = ''] = p.split('=');
    return [k, decodeURIComponent(v)];
  }));
}

/**
 * Waits until this browser keeps none of the person's files (IndexedDB `trawl`, store `corpus`, holds
 * no key): removing them is asynchronous, and the next test's page, in the same profile, would open
 * what is left.
 */
export async function nothingKept(page) {
  await page.waitForFunction(() => new Promise((done) => {
    const open = indexedDB.open('trawl');
    open.onerror = () => done(false);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('corpus')) { db.close(); done(true); return; }
      const keys = db.transaction('corpus').objectStore('corpus').getAllKeys();
      keys.onsuccess = () => { db.close(); done(keys.result.length === 0); };
      keys.onerror = () => { db.close(); done(false); };
    };
  }), null, { polling: 100, timeout: 30000 });
}
