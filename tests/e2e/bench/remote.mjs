// A collection searched over a slow network (issue 17): what a query costs in bytes, requests, sequential
// round trips and time, cold (a fresh browser context), warm (the same page, after another query), the first
// query again (same page; then a new page of the same context, with what the browser kept), with
// the files served by latency-server.mjs (default 50 ms a request, 20 Mbit/s shared). The same generated
// documents and the same two-word queries for every backend:
//   node bench/gen-news.mjs 100000                                         # /tmp/big/big100000.jsonl
//   node bench/remote.mjs --backend pagefind                                # indexes with npm pagefind, once
//   node bench/remote.mjs --backend shards --site /tmp/big/shards-site --queries 3
//   node bench/remote.mjs --backend trawl --site DIR                        # a site whose collection is partitioned
// Options: --docs FILE (default /tmp/big/big100000.jsonl), --work DIR (default /tmp/remote-bench; Pagefind's
// index is kept there and rebuilt with --rebuild), --queries N (default 24), --latency MS, --mbit N,
// --json FILE (every measurement, with the bytes per path and the server's log), --no-service-worker (the browser contexts block
// service workers: the page alone, without the explorer's offline copy), --h2 (HTTP/2 over TLS, as GitHub Pages
// serves: the browser sends a round's requests at once, not 6 at a time). Prints a Markdown table.
//
// Measuring is apart from the backends. A backend is an object with
//   prepare(opts) -> { mounts, indexDirs, isIndex(path), open(page, base, q), search(page, q), whole?(page) }
// `opts` being the command line's (`docs`, `work`, `site`, `rebuild`...);
// `mounts` are latency-server.mjs's (`[[prefix, dir, indexFile]]`); `indexDirs` are measured on disk (bytes,
// files); `isIndex(path)` tells the index's requests from the page's and the engine's; `open` loads a fresh
// page that runs `q` and `search` runs `q` on the loaded page, each resolving when its results are shown to
// `{ ms, hits }` (`ms` by the page's clock: since navigation for `open`); `whole`, if there, waits until the
// whole collection is loaded (today's shards) and resolves to `{ ms }`.
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveLatency, DEFAULT_LATENCY_MS, DEFAULT_MBIT } from '../latency-server.mjs';

// ---------------------------------------------------------------------------------------------------------
// Queries

/**
 * `n` distinct two-word queries, each two words of one document's title (so each has a hit), the documents
 * spread over the file at a fixed stride: the same queries for every backend and run.
 */
export function twoWordQueries(lines, n) {
  const out = [];
  const seen = new Set();
  for (let k = 0; out.length < n && k < n * 10; k++) {
    const doc = JSON.parse(lines[(k * 7919 + 13) % lines.length]);
    const words = doc.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    const a = words[k % words.length];
    const b = words.slice(k % words.length + 1).concat(words).find((w) => w !== a);
    if (a === undefined || b === undefined) continue;
    const q = `${a} ${b}`;
    if (!seen.has(q)) {
      seen.add(q);
      out.push(q);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Measuring (knows nothing of the backends)

/**
 * Sequential round trips in a request log: requests that overlap in time count as one (the intervals are
 * merged), and `chain`, the longest run of requests each starting after the previous one ended (which
 * counts a request that overlapped another's tail as a further round trip).
 */
export function roundTrips(log, now) {
  const spans = log.map((e) => [e.start, e.end ?? now]).sort((x, y) => x[0] - y[0]);
  let merged = 0;
  let reach = -Infinity;
  for (const [s, e] of spans) {
    if (s > reach) merged += 1;
    reach = Math.max(reach, e);
  }
  const depth = [];
  let chain = 0;
  for (const [i, [s]] of spans.entries()) {
    let d = 1;
    for (let j = 0; j < i; j++) if (spans[j][1] <= s) d = Math.max(d, depth[j] + 1);
    depth.push(d);
    chain = Math.max(chain, d);
  }
  return { merged, chain };
}

/** What the server sent since its last reset, split into the index's requests and the rest. */
function tally(stats, isIndex) {
  const index = stats.log.filter((e) => isIndex(e.path));
  const sum = (xs) => xs.reduce((a, e) => a + e.bytes, 0);
  return {
    bytes: sum(stats.log),
    indexBytes: sum(index),
    requests: stats.log.length,
    indexRequests: index.length,
    trips: roundTrips(stats.log, stats.now).merged,
    indexTrips: roundTrips(index, stats.now).merged,
    chain: roundTrips(stats.log, stats.now).chain,
    files: [...new Set(index.map((e) => e.path))].length,
    paths: stats.paths,
    log: stats.log,
  };
}

/**
 * For each query: a fresh context opens the page on it (cold), then the same page runs the next query
 * (warm), then the first one again (again), then a new page of the context opens on it (revisit). The
 * server's counters are reset before each, and read when its results are shown.
 */
async function measure(backend, prepared, server, queries, opts) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-quic', '--disable-background-networking', '--enable-precise-memory-info']
      // Over HTTP/2 the server's certificate is self-signed: trusted by its key, so that the page is a secure
      // context as on a real host (a service worker, the Cache API).
      .concat(server.spki === null ? [] : [`--ignore-certificate-errors-spki-list=${server.spki}`]),
  });
  const runs = [];
  try {
    for (const [i, q] of queries.entries()) {
      const next = queries[(i + 1) % queries.length];
      const ctx = await browser.newContext({ serviceWorkers: opts.serviceWorkers ? 'allow' : 'block' });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`  pageerror: ${String(e).slice(0, 300)}`));
      server.reset();
      const cold = await prepared.open(page, server.base, q);
      const coldStats = tally(server.stats(), prepared.isIndex);
      const run = { q, cold: { ...cold, ...coldStats } };
      if (prepared.whole) {
        const whole = await prepared.whole(page);
        run.whole = { ...whole, ...tally(server.stats(), prepared.isIndex) };
      }
      server.reset();
      const warm = await prepared.search(page, next);
      run.warm = { q: next, ...warm, ...tally(server.stats(), prepared.isIndex) };
      // The first query again: in the same page, after the other one, and in a new page of the same
      // context (what the browser kept: its HTTP cache, the explorer's service worker).
      server.reset();
      const again = await prepared.search(page, q);
      run.again = { q, ...again, ...tally(server.stats(), prepared.isIndex) };
      const revisit = await ctx.newPage();
      server.reset();
      const reopened = await prepared.open(revisit, server.base, q);
      run.revisit = { q, ...reopened, ...tally(server.stats(), prepared.isIndex) };
      await ctx.close();
      runs.push(run);
      const w = run.whole ? `; whole ${kb(run.whole.indexBytes)} in ${secs(run.whole.ms)}` : '';
      console.error(`${backend} ${i + 1}/${queries.length} "${q}": cold ${cold.hits} hits, ${kb(coldStats.indexBytes)} index + ${kb(coldStats.bytes - coldStats.indexBytes)} page, ${coldStats.requests} req, ${coldStats.trips} trips, ${Math.round(cold.ms)} ms${w}; warm "${next}" ${kb(run.warm.indexBytes)}, ${run.warm.requests} req, ${Math.round(warm.ms)} ms; again ${kb(run.again.indexBytes)}, ${Math.round(again.ms)} ms; new page ${kb(run.revisit.indexBytes)}, ${Math.round(reopened.ms)} ms`);
    }
  } finally {
    await browser.close();
  }
  return runs;
}

const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The files under `dirs`: total bytes and count, and the same by kind (the name's last extension). */
function onDisk(dirs) {
  const kinds = {};
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const size = statSync(p).size;
        const kind = e.name.includes('.') ? e.name.slice(e.name.lastIndexOf('.') + 1) : e.name;
        kinds[kind] ??= { bytes: 0, files: 0 };
        kinds[kind].bytes += size;
        kinds[kind].files += 1;
        bytes += size;
        files += 1;
      }
    }
  };
  for (const d of dirs) walk(d);
  return { bytes, files, kinds };
}

function report(backend, runs, disk, opts) {
  const lines = [];
  const row = (label, xs, f) => `| ${label} | ${f(pct(xs, 50))} | ${f(pct(xs, 90))} | ${f(Math.max(...xs))} |`;
  const n = (x) => String(Math.round(x));
  const ms = (x) => `${Math.round(x)} ms`;
  lines.push(`${backend}: ${runs.length} queries, ${opts.latency} ms a request, ${opts.mbit} Mbit/s, ${opts.h2 ? 'HTTP/2 over TLS' : 'HTTP/1.1'}${opts.serviceWorkers ? '' : ', service workers blocked'}; index on disk ${mb(disk.bytes)} in ${disk.files.toLocaleString('en-US')} files`);
  lines.push(`(${Object.entries(disk.kinds).sort((a, b) => b[1].bytes - a[1].bytes).map(([k, v]) => `${k}: ${v.files.toLocaleString('en-US')} files, ${mb(v.bytes)}`).join('; ')})`);
  lines.push('');
  lines.push('| per query | p50 | p90 | max |');
  lines.push('|---|---:|---:|---:|');
  for (const [phase, label] of [['cold', 'cold (fresh context)'], ['whole', 'whole collection loaded'], ['warm', 'warm (after another query)'],
    ['again', 'the first query again, same page'], ['revisit', 'the first query in a new page of the same context']]) {
    if (!runs[0][phase]) continue;
    const get = (k) => runs.map((r) => r[phase][k]);
    lines.push(row(`${label}: index bytes`, get('indexBytes'), kb));
    lines.push(row(`${label}: page and engine bytes`, get('bytes').map((b, i) => b - get('indexBytes')[i]), kb));
    lines.push(row(`${label}: requests`, get('requests'), n));
    lines.push(row(`${label}: index requests`, get('indexRequests'), n));
    lines.push(row(`${label}: round trips (overlapping ones merged)`, get('trips'), n));
    lines.push(row(`${label}: index round trips`, get('indexTrips'), n));
    lines.push(row(`${label}: longest chain of requests`, get('chain'), n));
    lines.push(row(`${label}: ${phase === 'whole' ? 'time since navigation' : 'time to results'}`, get('ms'), ms));
  }
  const total = (phase, k) => runs.reduce((a, r) => a + (r[phase]?.[k] ?? 0), 0);
  lines.push('');
  lines.push(`totals over ${runs.length} queries: cold ${mb(total('cold', 'bytes'))} (index ${mb(total('cold', 'indexBytes'))}), ${total('cold', 'requests')} requests; warm ${mb(total('warm', 'bytes'))} (index ${mb(total('warm', 'indexBytes'))}), ${total('warm', 'requests')} requests`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Backends

/** Waits for `predicate(arg)` in the page to return a number (the page's clock), polling every 10 ms. */
async function pageTime(page, predicate, arg) {
  const handle = await page.waitForFunction(predicate, arg, { polling: 10, timeout: 600_000 });
  return handle.jsonValue();
}

export const BACKENDS = {};

/**
 * npm `pagefind` (the version tests/e2e/package.json pins): every document a custom record (title and body
 * as its content, title and date as its metadata), searched by a minimal page with Pagefind's own JS that
 * shows the top 10 results with their titles and excerpts (one fragment each), as Pagefind's UI does.
 */
BACKENDS.pagefind = {
  async prepare({ docs, work, rebuild }) {
    const site = join(work, 'pagefind-site');
    const bundle = join(site, 'pagefind');
    const stamp = join(site, 'built-from.json');
    const source = { docs, size: statSync(docs).size, mtime: statSync(docs).mtimeMs };
    const built = existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(source);
    if (rebuild || !built) {
      rmSync(site, { recursive: true, force: true });
      mkdirSync(site, { recursive: true });
      await buildPagefind(docs, bundle);
      writeFileSync(stamp, JSON.stringify(source));
    }
    writeFileSync(join(site, 'index.html'), PAGEFIND_PAGE);
    return {
      mounts: [['/', site]],
      indexDirs: [bundle],
      // The engine (pagefind.js, its wasm) is not the index; its entry file, metadata, chunks and fragments are.
      isIndex: (path) => path.startsWith('/pagefind/') && !/\.js$|\/wasm\.[^/]*$/.test(path),
      open: async (page, base, q) => {
        await page.goto(`${base}#q=${encodeURIComponent(q)}`);
        const done = await pageTime(page, (q) => (window.__done?.q === q ? window.__done : false), q);
        return { ms: done.at, hits: done.hits };
      },
      search: async (page, q) => {
        const t0 = await page.evaluate((q) => {
          location.hash = `q=${encodeURIComponent(q)}`;
          return performance.now();
        }, q);
        const done = await pageTime(page, (q) => (window.__done?.q === q ? window.__done : false), q);
        return { ms: done.at - t0, hits: done.hits };
      },
    };
  },
};

const PAGEFIND_PAGE = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Pagefind</title>
<ol id="results"></ol>
<script type="module">
let pagefind;
async function run() {
  const q = new URLSearchParams(location.hash.slice(1)).get('q');
  if (!q) return;
  pagefind ??= await import('./pagefind/pagefind.js');
  const search = await pagefind.search(q);
  const top = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  document.getElementById('results').replaceChildren(...top.map((d) => {
    const li = document.createElement('li');
    li.innerHTML = '<b></b> ' + d.excerpt;
    li.firstChild.textContent = d.meta.title;
    return li;
  }));
  window.__done = { q, hits: search.results.length, at: performance.now() };
}
addEventListener('hashchange', run);
run();
</script>
</html>
`;

async function buildPagefind(docs, bundle) {
  const pagefind = await import('pagefind');
  const lines = readFileSync(docs, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const t0 = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (let i = 0; i < lines.length; i += 1000) {
    const added = await Promise.all(lines.slice(i, i + 1000).map((line) => {
      const d = JSON.parse(line);
      return index.addCustomRecord({ url: `/d/${d.id}`, content: `${d.title}. ${d.body}`, language: 'en', meta: { title: d.title, date: d.date } });
    }));
    const failed = added.find((r) => r.errors.length > 0);
    if (failed) throw new Error(`pagefind: ${failed.errors.join('; ')}`);
    if (i % 20000 === 0) console.error(`pagefind: ${i.toLocaleString('en-US')} records added`);
  }
  const t1 = performance.now();
  const written = await index.writeFiles({ outputPath: bundle });
  if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  const t2 = performance.now();
  console.error(`pagefind: ${lines.length.toLocaleString('en-US')} records indexed in ${secs(t1 - t0)}, written in ${secs(t2 - t1)}`);
}

/**
 * The explorer opening a collection: a built site (`dist/` with a collection, as `cargo xtask build
 * --collection DIR` writes it) that runs the query of its URL (`#v=1&q=...`). Its requests under
 * `collection/` are the index; the rest (page, wasm, worker, service worker's precache) are the page.
 * Results are shown when `#count` says `... of N documents` (or "No matching documents") for a new
 * list of hits, with the collection's documents counted in `#corpus-size` (not the sample's).
 */
function explorer({ whole }) {
  return {
    async prepare({ site }) {
      if (!site || !existsSync(join(site, 'index.html'))) {
        throw new Error('--site DIR: a built site with a collection (cargo xtask build --collection DIR, then copy dist/)');
      }
      // What the results show, read by the predicates below (installed by an init script: the explorer's
      // CSP forbids building functions from strings in the page).
      const shown = () => {
        window.__benchShown = () => {
          // The app, not the prerendered first screen, and documents of the collection, not the sample.
          if (document.getElementById('root')?.hasAttribute('inert')) return null;
          const size = document.querySelector('#corpus-size')?.textContent ?? '';
          const docs = Number((/^\s*([\d,]+) document/.exec(size)?.[1] ?? '0').replace(/,/g, ''));
          if (docs === 0 || size.includes('sample')) return null;
          const count = document.querySelector('#count')?.textContent ?? '';
          if (!/ of .*document|No matching/.test(count)) return null;
          const ids = [...document.querySelectorAll('#doc-list [data-id]')].map((e) => e.dataset.id).join(' ');
          const hits = Number((/of\D*([\d,]+) doc/.exec(count)?.[1] ?? '0').replace(/,/g, ''));
          return { signature: `${count}|${ids}`, hits };
        };
      };
      const prepared = {
        mounts: [['/', site]],
        indexDirs: [join(site, 'collection')],
        isIndex: (path) => path.startsWith('/collection/'),
        open: async (page, base, q) => {
          await page.addInitScript(shown);
          await page.goto(`${base}#v=1&q=${encodeURIComponent(q)}`);
          return pageTime(page, (q) => {
            if (new URLSearchParams(location.hash.slice(1)).get('q') !== q) return false;
            const s = window.__benchShown();
            return s !== null && { ms: performance.now(), hits: s.hits };
          }, q);
        },
        search: async (page, q) => {
          const before = await page.evaluate((q) => {
            const signature = window.__benchShown()?.signature;
            location.hash = `v=1&q=${encodeURIComponent(q)}`;
            return { t0: performance.now(), signature };
          }, q);
          const done = await pageTime(page, (old) => {
            const s = window.__benchShown();
            return s !== null && s.signature !== old && { at: performance.now(), hits: s.hits };
          }, before.signature);
          return { ms: done.at - before.t0, hits: done.hits };
        },
      };
      if (whole) {
        const documents = JSON.parse(readFileSync(join(site, 'collection', 'manifest.json'), 'utf8')).documents;
        prepared.whole = async (page) => ({
          ms: await pageTime(page, (total) => {
            const loading = document.querySelector('#collection-loading')?.textContent ?? '';
            const size = (document.querySelector('#corpus-size')?.textContent ?? '').replace(/,/g, '');
            return !loading && size.startsWith(String(total)) && performance.now();
          }, documents),
        });
      }
      return prepared;
    },
  };
}

/** Today's collection, `trawl pack --shard-docs N`: first results after the first shard, then the whole. */
BACKENDS.shards = explorer({ whole: true });
/** A partitioned collection (issue 17): first results from the blocks the query needs. */
BACKENDS.trawl = explorer({ whole: false });

// ---------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { docs: '/tmp/big/big100000.jsonl', work: '/tmp/remote-bench', queries: 24, latency: DEFAULT_LATENCY_MS, mbit: DEFAULT_MBIT, serviceWorkers: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--backend') opts.backend = value();
    else if (a === '--docs') opts.docs = resolve(value());
    else if (a === '--work') opts.work = resolve(value());
    else if (a === '--site') opts.site = resolve(value());
    else if (a === '--json') opts.json = resolve(value());
    else if (a === '--queries') opts.queries = Number(value());
    else if (a === '--latency') opts.latency = Number(value());
    else if (a === '--mbit') opts.mbit = Number(value());
    else if (a === '--rebuild') opts.rebuild = true;
    else if (a === '--no-service-worker') opts.serviceWorkers = false;
    else if (a === '--h2') opts.h2 = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!BACKENDS[opts.backend]) throw new Error(`--backend ${Object.keys(BACKENDS).join('|')} is needed`);
  for (const k of ['queries', 'latency', 'mbit']) if (!(opts[k] >= 0)) throw new Error(`--${k} needs a number`);
  // The warm query is the next one, and must differ from the cold one for its results to be told apart.
  if (opts.queries < 2) throw new Error('--queries needs at least 2');
  if (!existsSync(opts.docs)) throw new Error(`${opts.docs} not found: node bench/gen-news.mjs 100000 writes it`);
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`remote.mjs: ${e.message}`);
    process.exit(2);
  }
  mkdirSync(opts.work, { recursive: true });
  const lines = readFileSync(opts.docs, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const queries = twoWordQueries(lines, opts.queries);
  let prepared;
  try {
    prepared = await BACKENDS[opts.backend].prepare(opts);
  } catch (e) {
    console.error(`remote.mjs: ${e.message}`);
    process.exit(1);
  }
  const disk = onDisk(prepared.indexDirs);
  const server = await serveLatency(prepared.mounts, { latency: opts.latency, mbit: opts.mbit, gzip: true, h2: opts.h2 });
  try {
    const runs = await measure(opts.backend, prepared, server, queries, opts);
    if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, disk, runs }, null, 1));
    console.log(`queries: ${queries.map((q) => `\`${q}\``).join(', ')}\n`);
    console.log(report(opts.backend, runs, disk, opts));
  } finally {
    server.server.closeAllConnections();
    server.server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
