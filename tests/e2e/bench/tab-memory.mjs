// The tab's memory while one page searches a partitioned collection (issue 17: "the tab's memory under 150 MB
// whatever the collection's size"): a site built with `cargo xtask build --collection DIR` is served by
// latency-server.mjs, one page runs `--queries N` two-word queries one after another (hash changes, as a person
// typing new queries), and after each the proportional set size (PSS, /proc/PID/smaps_rollup) of the browser's
// renderer processes is summed: the page, its workers and the search worker's fetched files all live there.
//   node bench/tab-memory.mjs --site DIR [--docs FILE] [--queries 40] [--no-service-worker] [--maps] [--dump]
//   node bench/tab-memory.mjs --site DIR [--docs FILE] [--queries 40] --no-devtools
// `--from FILE` runs the queries of FILE (one a line, the first `--queries` of them) instead. `--pressure` also
// samples after each query once Chromium has been told memory is short (DevTools' simulated critical pressure,
// which a phone's system sends when it runs low): the collectors run in the page and its workers, so the
// figure is what the tab holds, without the garbage the collectors had left for later. `--settle S` (with
// `--no-devtools`) samples again S seconds after each query, the page left alone.
// Prints, for an empty page first (the floor) and then after each query, the renderers' PSS summed and each's,
// the tab's renderer's PSS and private memory, the page's and the search worker's wasm memories and the page's
// JS heap; then the first, largest and last. `--maps` adds each renderer's largest mappings at the end, `--dump`
// the tab's memory by Chromium's own allocators (a memory-infra dump). The
// queries are remote.mjs's (two words of documents' titles).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveLatency } from '../latency-server.mjs';
import { BACKENDS, twoWordQueries } from './remote.mjs';
import { descendants, renderers, stopChromium } from './chromium-procs.mjs';

/** The wasm memories' sizes: the page's module and the search worker's (each grows, never shrinks), and the page's JS heap. */
async function wasmMemories(page) {
  const pageSide = await page.evaluate(async () => {
    // The page's module is initialised already: its init function returns its exports again.
    const src = document.querySelector('link[rel="modulepreload"][href*="explorer"], script[src*="explorer"]')?.href
      ?? [...document.scripts].map((s) => /'(\.\/explorer-[^']+\.js)'/.exec(s.textContent)?.[1]).find(Boolean);
    const wasm = src ? await (await import(new URL(src, location.href).href)).default() : null;
    return { pageWasm: wasm?.memory?.buffer.byteLength ?? null, heap: performance.memory?.usedJSHeapSize ?? null };
  });
  // The search worker's (`wasm_bindgen()` once initialised returns its exports).
  const searcher = page.workers().find((w) => w.url().includes('searcher'));
  const workerWasm = searcher ? await searcher.evaluate(async () => (await wasm_bindgen()).memory.buffer.byteLength) : null;
  return { ...pageSide, workerWasm };
}

/**
 * `--dump`: Chromium's own account of the tab's renderer `pid` (a memory-infra dump through DevTools' tracing):
 * each allocator's size (malloc, V8 and Blink's heaps, the main thread's and the workers', PartitionAlloc,
 * compositor tiles…), as lines.
 */
async function memoryDump(browser, pid) {
  const cdp = await browser.newBrowserCDPSession();
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } },
  });
  await cdp.send('Tracing.requestMemoryDump', { levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await complete;
  const sizes = new Map();
  for (const e of events.filter((e) => e.ph === 'v' && e.pid === pid)) {
    for (const [name, dump] of Object.entries(e.args?.dumps?.allocators ?? {})) {
      // Allocators and their first level (v8/main, v8/workers, blink_gc/workers…).
      if (name.split('/').length > 2 || name.includes('0x')) continue;
      sizes.set(name, Math.max(sizes.get(name) ?? 0, parseInt(dump.attrs?.size?.value ?? '0', 16)));
    }
  }
  const rows = [...sizes].filter(([, b]) => b >= 1 << 20).sort((a, b) => b[1] - a[1]);
  return [`the tab's renderer (${pid}) by Chromium's memory-infra dump, allocators of 1 MB or more:`,
    ...rows.map(([name, b]) => `  ${(b / 1048576).toFixed(1).padStart(7)} MB  ${name}`)].join('\n');
}

/** The `n` mappings of process `pid` with the largest PSS, as lines. */
function largestMappings(pid, n) {
  const maps = [];
  let current = null;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) {
      const [range, , , , , ...name] = line.split(/\s+/);
      const [a, b] = range.split('-').map((h) => parseInt(h, 16));
      current = { size: b - a, name: name.join(' ') || '[anonymous]', pss: 0 };
      maps.push(current);
    } else if (current && line.startsWith('Pss:')) {
      current.pss = Number(/(\d+)/.exec(line)[1]) * 1024;
    }
  }
  const mb = (b) => (b / 1048576).toFixed(1);
  const total = maps.reduce((a, m) => a + m.pss, 0);
  return [`  ${mb(total)} MB in ${maps.length} mappings`, ...maps
    .sort((a, b) => b.pss - a.pss)
    .slice(0, n)
    .map((m) => `  ${mb(m.pss).padStart(7)} MB of ${mb(m.size).padStart(8)} MB mapped  ${m.name}`)];
}

function parseArgs(argv) {
  const opts = { docs: '/tmp/big/big100000.jsonl', queries: 40 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') opts.site = resolve(value());
    else if (a === '--docs') opts.docs = resolve(value());
    else if (a === '--queries') opts.queries = Number(value());
    else if (a === '--no-service-worker') opts.noServiceWorker = true;
    else if (a === '--maps') opts.maps = true;
    else if (a === '--no-devtools') opts.noDevtools = true;
    else if (a === '--dump') opts.dump = true;
    else if (a === '--from') opts.from = resolve(value());
    else if (a === '--pressure') opts.pressure = true;
    else if (a === '--settle') opts.settle = Number(value());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.site) throw new Error('--site DIR is needed');
  if (!(opts.queries >= 2)) throw new Error('--queries needs a number of at least 2');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const lines = readFileSync(opts.docs, 'utf8').split('\n').filter((l) => l.trim() !== '');
const queries = opts.from
  ? readFileSync(opts.from, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(0, opts.queries)
  : twoWordQueries(lines, opts.queries);
const prepared = await BACKENDS.trawl.prepare({ site: opts.site });
if (opts.noDevtools) {
  await withoutDevtools();
  process.exit(0);
}
const server = await serveLatency(prepared.mounts, { gzip: true });
const browserServer = await chromium.launchServer({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless=new', '--disable-quic', '--disable-background-networking', '--enable-precise-memory-info'],
});
const root = browserServer.process().pid;
try {
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await (await browser.newContext({ serviceWorkers: opts.noServiceWorker ? 'block' : 'allow' })).newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${String(e).slice(0, 300)}`));
  const rows = [];
  const sample = async (app = true) => {
    const each = renderers(root);
    const tab = each.find((r) => r.kind === 'tab');
    const sum = (f) => each.reduce((a, r) => a + r[f], 0);
    const wasm = app ? await wasmMemories(page) : { pageWasm: null, workerWasm: null, heap: null };
    return { pss: sum('pss'), private: sum('private'), each, tabPss: tab?.pss ?? 0, tabPrivate: tab?.private ?? 0, ...wasm };
  };
  // The floor: an empty page in the same browser (Chromium's renderer without the app).
  await page.goto('data:text/html,<title>empty</title>');
  const empty = await sample(false);
  const cdp = opts.pressure ? await page.context().newCDPSession(page) : null;
  // After the pressure signal: sampled once the tab's memory has stopped falling (two samples 250 ms apart
  // within 0.5 MB), or after 5 s.
  const pressed = async () => {
    if (cdp === null) return {};
    await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
    let last = await sample();
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await sample();
      const settled = Math.abs(now.tabPss - last.tabPss) < 0.5 * 1048576;
      last = now;
      if (settled) break;
    }
    return { pressed: last };
  };
  const first = await prepared.open(page, server.base, queries[0]);
  rows.push({ q: queries[0], hits: first.hits, ...(await sample()), ...(await pressed()) });
  for (const q of queries.slice(1)) {
    const r = await prepared.search(page, q);
    rows.push({ q, hits: r.hits, ...(await sample()), ...(await pressed()) });
  }
  const mb = (b) => (b === null ? '?' : (b / 1048576).toFixed(1));
  const line = (r, what) => {
    const parts = r.each.map((e) => `${e.kind} ${mb(e.pss)}`).join(' + ');
    const wasm = r.workerWasm === null ? '' : `; wasm memory: page ${mb(r.pageWasm)}, search worker ${mb(r.workerWasm)} MB; page JS heap ${mb(r.heap)} MB`;
    console.log(`${mb(r.pss).padStart(7)} MB (${parts}); tab ${mb(r.tabPss)} MB, private ${mb(r.tabPrivate)} MB${wasm}  ${what}`);
  };
  console.log('renderers\' PSS summed (each renderer\'s); the tab\'s renderer: PSS, private');
  line(empty, 'an empty page');
  for (const r of rows) {
    line(r, `${String(r.hits).padStart(8)} hits  ${r.q}`);
    if (r.pressed) line(r.pressed, '  after the memory-pressure signal');
  }
  if (opts.maps) {
    // Where the largest renderer's memory is: its largest mappings by PSS.
    const pids = descendants(root).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer'));
    for (const pid of pids) console.log(`renderer ${pid}: largest mappings (PSS)\n${largestMappings(pid, Number(process.env.MAPS ?? 8)).join('\n')}`);
  }
  if (opts.dump) console.log(await memoryDump(browser, renderers(root).find((r) => r.kind === 'tab')?.pid));
  const pss = rows.map((r) => r.pss);
  console.log(`renderer PSS after each of ${rows.length} queries: first ${mb(pss[0])} MB, largest ${mb(Math.max(...pss))} MB, last ${mb(pss.at(-1))} MB`);
  const tab = rows.map((r) => r.tabPss);
  console.log(`the tab's renderer PSS: empty page ${mb(empty.tabPss)} MB; first ${mb(tab[0])} MB, largest ${mb(Math.max(...tab))} MB, last ${mb(tab.at(-1))} MB`);
  const priv = rows.map((r) => r.tabPrivate);
  console.log(`the tab's renderer private memory: empty page ${mb(empty.tabPrivate)} MB; first ${mb(priv[0])} MB, largest ${mb(Math.max(...priv))} MB, last ${mb(priv.at(-1))} MB`);
  if (opts.pressure) {
    const after = rows.map((r) => r.pressed.tabPss);
    console.log(`the tab's renderer PSS after the memory-pressure signal: first ${mb(after[0])} MB, largest ${mb(Math.max(...after))} MB, last ${mb(after.at(-1))} MB`);
  }
  const worker = rows.map((r) => r.workerWasm);
  console.log(`the search worker's wasm memory: first ${mb(worker[0])} MB, last ${mb(worker.at(-1))} MB`);
  await browser.close();
} finally {
  await browserServer.close();
  server.server.closeAllConnections();
  server.server.close();
}

/**
 * `--no-devtools`: the same queries with no DevTools attached (Playwright enables DevTools' network domain,
 * which keeps the bodies of the responses a page and its workers fetch in the renderer, a megabyte or two
 * a query here). Chromium opens a driver page that holds the app in a same-origin frame (one renderer),
 * runs the queries as hash changes, and after each result requests `/__drive/mark-I-HITS`; this script
 * sees it in the server's counts, samples the renderers, then writes `go-I` for the driver to go on. The
 * service worker is never registered (its script is not served).
 */
async function withoutDevtools() {
  const dir = mkdtempSync(join(tmpdir(), 'tab-memory-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>drive</title><body style="margin:0"><script src="drive.js"></script>');
  writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
  writeFileSync(join(dir, 'drive.js'), `(${drive.toString()})();`);
  const server = await serveLatency([['/sw.js', join(dir, 'none')], ['/__drive/', dir], ...prepared.mounts], { gzip: true });
  const chrome = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
    '--no-sandbox', '--headless=new', '--disable-quic', '--disable-background-networking', '--no-first-run',
    `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1280,900', `${server.base}__drive/`,
  ], { stdio: 'ignore' });
  const mb = (b) => (b / 1048576).toFixed(1);
  const marked = async (i) => {
    for (;;) {
      const stats = await (await fetch(`${server.base}__stats`)).json();
      const path = Object.keys(stats.paths).find((p) => p.startsWith(`/__drive/mark-${i}-`));
      if (path) return path.slice(`/__drive/mark-${i}-`.length);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    const rows = [];
    for (let i = -1; i < queries.length; i++) {
      const hits = await marked(i < 0 ? 'empty' : i);
      const each = renderers(chrome.pid);
      const tab = each.find((r) => r.kind === 'tab');
      rows.push({ q: i < 0 ? 'an empty page' : `${hits.padStart(8)} hits  ${queries[i]}`, tab, each });
      if (opts.settle > 0 && i >= 0) {
        // The same page left alone for a while, as a person reads the results.
        await new Promise((r) => setTimeout(r, opts.settle * 1000));
        const later = renderers(chrome.pid);
        rows.push({ q: `  ${opts.settle} s later`, tab: later.find((r) => r.kind === 'tab'), each: later, later: true });
      }
      writeFileSync(join(dir, i < 0 ? 'go-empty' : `go-${i}`), '');
    }
    console.log("no DevTools attached: renderers' PSS (each); the tab's renderer: PSS, private");
    for (const r of rows) {
      const parts = r.each.map((e) => `${e.kind} ${mb(e.pss)}`).join(' + ');
      console.log(`(${parts}); tab ${mb(r.tab.pss)} MB, private ${mb(r.tab.private)} MB  ${r.q}`);
    }
    if (opts.settle > 0) {
      const later = rows.filter((r) => r.later).map((r) => r.tab.pss);
      console.log(`the tab's renderer PSS ${opts.settle} s after each query: largest ${mb(Math.max(...later))} MB, last ${mb(later.at(-1))} MB`);
    }
    const tab = rows.slice(1).filter((r) => !r.later).map((r) => r.tab);
    console.log(`the tab's renderer PSS: empty page ${mb(rows[0].tab.pss)} MB; first ${mb(tab[0].pss)} MB, largest ${mb(Math.max(...tab.map((t) => t.pss)))} MB, last ${mb(tab.at(-1).pss)} MB`);
    console.log(`the tab's renderer private memory: empty page ${mb(rows[0].tab.private)} MB; first ${mb(tab[0].private)} MB, largest ${mb(Math.max(...tab.map((t) => t.private)))} MB, last ${mb(tab.at(-1).private)} MB`);
  } finally {
    await stopChromium(chrome, server, dir);
  }
}

/** The driver page's script (runs in Chromium; see `withoutDevtools`). */
function drive() {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (f) => {
    for (;;) {
      const v = f();
      if (v) return v;
      await wait(50);
    }
  };
  const mark = async (i, hits) => {
    await fetch(`/__drive/mark-${i}-${hits}`, { cache: 'no-store' });
    while (!(await fetch(`/__drive/go-${i}`, { cache: 'no-store' })).ok) await wait(100);
  };
  // What the results show (as remote.mjs's explorer backend reads them), in the frame.
  const shown = (doc, q) => {
    if (!doc || doc.getElementById('root')?.hasAttribute('inert')) return null;
    if (new URLSearchParams(doc.location.hash.slice(1)).get('q') !== q) return null;
    const size = doc.querySelector('#corpus-size')?.textContent ?? '';
    const docs = Number((/^\s*([\d,]+) document/.exec(size)?.[1] ?? '0').replace(/,/g, ''));
    if (docs === 0 || size.includes('sample')) return null;
    const count = doc.querySelector('#count')?.textContent ?? '';
    if (!/ of .*document|No matching/.test(count)) return null;
    const ids = [...doc.querySelectorAll('#doc-list [data-id]')].map((e) => e.dataset.id).join(' ');
    const hits = Number((/of\D*([\d,]+) doc/.exec(count)?.[1] ?? '0').replace(/,/g, ''));
    return { signature: `${count}|${ids}`, hits };
  };
  (async () => {
    const queries = await (await fetch('/__drive/queries.json')).json();
    await mark('empty', 0);
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:1280px;height:900px;border:0';
    frame.src = `/#v=1&q=${encodeURIComponent(queries[0])}`;
    document.body.append(frame);
    let old = null;
    for (let i = 0; i < queries.length; i++) {
      if (i > 0) frame.contentWindow.location.hash = `v=1&q=${encodeURIComponent(queries[i])}`;
      const s = await until(() => {
        const s = shown(frame.contentDocument, queries[i]);
        return s !== null && s.signature !== old && s;
      });
      old = s.signature;
      await mark(i, s.hits);
    }
  })();
}
