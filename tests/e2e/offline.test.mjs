// Offline and installable: once the app has been opened, its service worker (web/sw.js, with the
// precache list `cargo xtask build` writes) serves it without a network. A reload offline shows the
// app, and searching, reading and the map work; a sharded collection, each of its files fetched once
// on a first visit, opens offline too, whole. The page is installable (a web app manifest Chromium
// accepts), all under the same CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openPage, allowServiceWorkers, context, APP_URL } from './harness.mjs';
import { serveLatency } from './latency-server.mjs';

allowServiceWorkers();

const collectionSite = process.env.COLLECTION_SITE;
const partitionedUrl = process.env.PARTITIONED_URL;
const live = '#root:not([inert]) > .app';

/** Waits until the service worker has installed (precache done) and serves this page. */
async function served(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 30000 });
}

/** The collection's files (tests/e2e's sharded collection: see `collection_site` in crates/xtask). */
const FILES = ['manifest.json', 'shard-0000.trawl.gz', 'shard-0001.trawl.gz', 'shard-0002.trawl.gz', 'shard-0003.trawl.gz'];

/**
 * The collection's files (manifest first) that the service worker's cache lacks. With `wait`, once
 * none is missing (a file is stored while the page reads it, and may land just after), or after 20 s.
 */
async function notKept(page, wait = false) {
  return page.evaluate(async ([files, wait]) => {
    const deadline = Date.now() + 20000;
    for (;;) {
      const kept = await Promise.all(files.map((f) => caches.match(`collection/${f}`)));
      const missing = files.filter((_, i) => !kept[i]);
      if (!wait || missing.length === 0 || Date.now() > deadline) return missing;
      await new Promise((r) => setTimeout(r, 50));
    }
  }, [FILES, wait]);
}

/**
 * A page of the partitioned collection at `url` on the query `cargo xtask e2e` ran natively, once it
 * shows the native first hit.
 */
async function searchPartitioned(url) {
  const { query, native } = JSON.parse(readFileSync(process.env.PARTITIONED_EXPECTED, 'utf8'));
  const page = await openPage(`#v=1&q=${encodeURIComponent(query)}`, { url });
  await page.waitForFunction((id) => document.querySelector('#doc-list li.doc')?.dataset.id === id, native.hits[0].id, { timeout: 30000 });
  return page;
}

/** Runs `body` with the network off, and turns it back on whatever happens. */
async function offline(body) {
  await (await context()).setOffline(true);
  try {
    await body();
  } finally {
    await (await context()).setOffline(false);
  }
}

test('after one visit the app reloads, searches, reads and maps offline', async () => {
  const page = await openPage();
  await served(page);
  await offline(async () => {
    // The network is really off: an address the service worker does not serve cannot load.
    const probe = await (await context()).newPage();
    await assert.rejects(probe.goto(new URL('/offline-probe', APP_URL).href), /ERR_INTERNET_DISCONNECTED/);
    await probe.close();
    await page.reload();
    await page.locator(live).waitFor({ timeout: 20000 });
    assert.equal(await page.locator('#doc-list li').count(), 5);
    await page.locator('#q').fill('heroin');
    await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 3 documents'));
    await page.locator('#doc-list li a').first().click();
    await page.locator('#reader-title').waitFor();
    // The base map (world-110m.bin) is fetched the first time the map shows: here, offline.
    await page.locator('#tab-map').click();
    await page.locator('#map-svg path.land').first().waitFor();
    // A view opened by its link, offline, in a new tab.
    const other = await openPage('#v=1&q=opium');
    await other.waitForFunction(() => /of \d+ documents?/.test(document.querySelector('#count')?.textContent ?? ''));
    assert.deepEqual(other.errors, []);
    await other.close();
  });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the page is installable: Chromium reads its manifest and finds nothing missing', async () => {
  const page = await openPage();
  await served(page);
  const cdp = await (await context()).newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  assert.equal(new URL(manifest.url).pathname.endsWith('/manifest.webmanifest'), true);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  // The start address is the app's own folder, whatever sub-path the site is served under.
  const start = await page.evaluate(async (href) => new URL((await (await fetch(href)).json()).start_url, href).href, manifest.url);
  assert.equal(start, new URL('./', page.url()).href);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a sharded collection crosses the network once on a first visit, and then opens whole offline', { skip: collectionSite ? false : 'COLLECTION_SITE is not set (cargo xtask e2e sets it)' }, async (t) => {
  // The collection's site on a server of its own (a new origin: a first visit), which counts the
  // requests for each file and lets the browser keep no copy in its HTTP cache: a file asked for
  // twice crosses the network twice.
  const site = await serveLatency([['/trawl/', collectionSite]], { latency: 0, mbit: 0, cacheControl: 'no-store' });
  const url = `${site.base}trawl/`;
  t.after(() => site.server.close());
  const requests = () => FILES.map((f) => site.stats().paths[`/trawl/collection/${f}`]?.requests ?? 0);
  // The service worker is held back until the page has every shard: they all arrive before it
  // serves the page, the case where it used to fetch each of them once more to keep them.
  let release;
  const held = new Promise((r) => { release = r; });
  const hold = async (route) => { await held; await route.continue(); };
  const ctx = await context();
  await ctx.route('**/sw.js', hold);
  const page = await openPage('', { url });
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  // What an earlier build of the worker kept beside its app shell: its collection files outlive it.
  await page.evaluate(async () => {
    const old = await caches.open('trawl-0123456789abcdef');
    await old.put('collection/kept-by-an-earlier-build.txt', new Response('kept'));
    await old.put('explorer-0123456789abcdef_bg.wasm', new Response('an earlier shell'));
  });
  release();
  await served(page);
  await ctx.unroute('**/sw.js', hold);
  // Kept: the manifest and every shard are in the cache, each fetched from the server once.
  assert.deepEqual(await notKept(page, true), []);
  assert.deepEqual(requests(), FILES.map(() => 1));
  assert.deepEqual(await page.evaluate(async () => [
    (await caches.keys()).includes('trawl-0123456789abcdef'),
    await (await caches.match('collection/kept-by-an-earlier-build.txt'))?.text(),
    Boolean(await caches.match('explorer-0123456789abcdef_bg.wasm')),
  ]), [false, 'kept', false]);
  // Dropped from the cache, they are kept again as a page the worker serves fetches them.
  await page.evaluate(async () => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) if (request.url.includes('/collection/')) await cache.delete(request);
    }
  });
  assert.equal((await notKept(page)).length, FILES.length);
  const online = await openPage('', { url });
  await online.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  assert.deepEqual(await notKept(online, true), []);
  assert.deepEqual(requests(), FILES.map(() => 2));
  await online.close();
  await offline(async () => {
    const again = await openPage('#v=1&q=heroin', { url });
    await again.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
    await again.locator('#collection-loading').waitFor({ state: 'detached', timeout: 30000 });
    assert.equal(await again.locator('#collection-report').count(), 0);
    assert.match(await again.locator('#count').textContent(), /of [\d,]+ documents/);
    assert.deepEqual(await again.evaluate(() => window.__csp), []);
    assert.deepEqual(again.errors, []);
    await again.close();
  });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a partitioned collection the site has replaced leaves the cache once the new one is read', { skip: partitionedUrl ? false : 'PARTITIONED_URL is not set (cargo xtask e2e sets it)' }, async () => {
  // Files of a collection the site has since replaced (another id), kept on an earlier visit: put
  // in the cache before the service worker starts (it is held back until then), as a visit before
  // the site's new collection would have left them.
  let release;
  const held = new Promise((r) => { release = r; });
  const hold = async (route) => { await held; await route.continue(); };
  const ctx = await context();
  await ctx.route('**/sw.js', hold);
  const first = await openPage('', { url: partitionedUrl });
  const old = ['collection/0123456789abcdef/d/0.gz', 'collection/0123456789abcdef/f/0/1.gz'];
  await first.evaluate(async (files) => {
    const kept = await caches.open('trawl-collection');
    for (const f of files) await kept.put(f, new Response('old'));
  }, old);
  release();
  await served(first);
  await ctx.unroute('**/sw.js', hold);
  // A page the service worker serves from the start: its search worker's fetches go through it.
  const page = await searchPartitioned(partitionedUrl);
  const [left, current] = await page.evaluate(async (files) => {
    const kept = await caches.open('trawl-collection');
    const deadline = Date.now() + 20000;
    for (;;) {
      const found = await Promise.all(files.map((f) => kept.match(f)));
      const still = files.filter((_, i) => found[i]);
      const current = (await kept.keys()).filter((r) => /\/collection\/[0-9a-f]{16}\//.test(r.url) && !r.url.includes('0123456789abcdef'));
      if (still.length === 0 || Date.now() > deadline) return [still, current.length];
      await new Promise((r) => setTimeout(r, 50));
    }
  }, old);
  assert.deepEqual(left, []);
  // The current collection's files stay, for offline use.
  assert.ok(current > 0, 'the files the query read are kept');
  assert.deepEqual(page.errors, []);
  await first.close();
  await page.close();
});

test('a partitioned collection\'s files, named after their content, are read once: a query run again needs no network for them', { skip: partitionedUrl ? false : 'PARTITIONED_URL is not set (cargo xtask e2e sets it)' }, async (t) => {
  // The site on a server of its own (a new origin), which counts requests and lets the browser keep
  // no copy in its HTTP cache: a file asked for twice crosses the network twice.
  const site = await serveLatency([['/trawl/', join(dirname(process.env.PARTITIONED_DIR), 'site')]], { latency: 0, mbit: 0, cacheControl: 'no-store' });
  t.after(() => site.server.close());
  const url = `${site.base}trawl/`;
  const fileRequests = () => Object.entries(site.stats().paths)
    .filter(([path]) => /\/collection\/[0-9a-f]{16}\//.test(path))
    .reduce((n, [, s]) => n + s.requests, 0);
  const first = await openPage('', { url });
  await served(first);
  // Its first screen's files fetched (none is asked for later).
  await first.locator('section.results[aria-busy="false"] #doc-list li.doc').first().waitFor({ timeout: 30000 });
  const search = () => searchPartitioned(url);
  const once = await search();
  const fetched = fileRequests();
  assert.ok(fetched > 0, 'the query read files of the collection');
  // Every file the query read is kept (each is stored while the page reads it, and may land just after).
  await once.waitForFunction(async (n) => (await (await caches.open('trawl-collection')).keys())
    .filter((r) => /\/collection\/[0-9a-f]{16}\//.test(r.url)).length >= n, fetched, { polling: 100, timeout: 20000 });
  const again = await search();
  assert.equal(fileRequests(), fetched, 'no file was fetched again');
  assert.deepEqual([...first.errors, ...once.errors, ...again.errors], []);
  for (const p of [first, once, again]) await p.close();
});

test('a query asked while a spent search worker is replaced is answered by the fresh one', { skip: partitionedUrl ? false : 'PARTITIONED_URL is not set (cargo xtask e2e sets it)' }, async (t) => {
  // Where the site works offline, a fresh search worker opens its cache of the collection's files
  // before it can answer: a query that reaches it meanwhile waits for that, and is not refused.
  const { estimated, query: next, native } = JSON.parse(readFileSync(process.env.PARTITIONED_EXPECTED, 'utf8'));
  const [first] = estimated;
  // The site on a server of its own (a new origin, whose cache holds none of the collection's files).
  const site = await serveLatency([['/trawl/', join(dirname(process.env.PARTITIONED_DIR), 'site')]], { latency: 0, mbit: 0 });
  t.after(() => site.server.close());
  const url = `${site.base}trawl/`;
  const start = await openPage('', { url });
  await served(start);
  await start.close();
  const workers = [];
  const page = await openPage(`#v=1&q=${encodeURIComponent(first.query)}`, {
    url,
    setup: (p) => {
      p.on('worker', (w) => workers.push(w));
      // The next query is asked the moment the page starts a second search worker, before it is ready.
      return p.addInitScript(() => {
        const Native = window.Worker;
        let searchers = 0;
        window.Worker = class extends Native {
          constructor(...args) {
            super(...args);
            if (String(args[0]).includes('searcher') && ++searchers === 2) queueMicrotask(() => window.__secondSearcher?.());
          }
        };
      });
    },
  });
  await page.locator('button#count-exact').waitFor({ timeout: 30000 });
  await page.evaluate((next) => {
    window.__secondSearcher = () => { location.hash = `v=1&q=${encodeURIComponent(next)}`; };
  }, next);
  // Counting every match reads more files than a worker keeps fetching before it is spent.
  assert.ok(first.exact.files > 500, `counting reads ${first.exact.files} files`);
  await page.locator('button#count-exact').click();
  // The next query's results, once the page shows them or a problem.
  await page.waitForFunction((q) => new URLSearchParams(location.hash.slice(1)).get('q') === q
    && (document.querySelector('section.results[aria-busy="false"] #doc-list li.doc') || document.querySelector('#collection-problem')), next, { timeout: 30000 });
  assert.equal(workers.length, 2, 'the spent worker was replaced');
  assert.equal(await page.locator('#collection-problem').count(), 0, 'no problem shown');
  const ids = await page.evaluate(() => [...document.querySelectorAll('#doc-list li.doc')].map((e) => e.dataset.id));
  assert.deepEqual(ids.slice(0, 10), native.hits.map((h) => h.id));
  assert.deepEqual(page.errors, []);
  await page.close();
});
