// The tab's memory while one page searches a partitioned collection (issue 17: "the tab's memory under 150 MB
// whatever the collection's size"): a site built with `cargo xtask build --collection DIR` is served by
// latency-server.mjs, one page runs `--queries N` two-word queries one after another (hash changes, as a person
// typing new queries), and after each the proportional set size (PSS, /proc/PID/smaps_rollup) of the browser's
// renderer processes is summed: the page, its workers and the search worker's fetched files all live there.
//   node bench/tab-memory.mjs --site DIR [--docs FILE] [--queries 40] [--no-service-worker]
// Prints each query's PSS and the largest; the queries are remote.mjs's (two words of documents' titles).
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveLatency } from '../latency-server.mjs';
import { BACKENDS, twoWordQueries } from './remote.mjs';

/** Process ids below `root` (its descendants), from /proc. */
function descendants(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
    } catch {
      // Gone since the listing.
    }
  }
  const out = [];
  for (const [pid] of parent) {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

/** PSS in bytes of each renderer process under the browser `root`. */
function rendererPss(root) {
  const each = [];
  for (const pid of descendants(root)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      each.push(Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024);
    } catch {
      // Gone since the listing.
    }
  }
  return each;
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
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.site) throw new Error('--site DIR is needed');
  if (!(opts.queries >= 2)) throw new Error('--queries needs a number of at least 2');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const lines = readFileSync(opts.docs, 'utf8').split('\n').filter((l) => l.trim() !== '');
const queries = twoWordQueries(lines, opts.queries);
const prepared = await BACKENDS.trawl.prepare({ site: opts.site });
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
  const first = await prepared.open(page, server.base, queries[0]);
  const sample = async () => {
    const each = rendererPss(root);
    return { pss: each.reduce((a, b) => a + b, 0), each, heap: await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null) };
  };
  rows.push({ q: queries[0], hits: first.hits, ...(await sample()) });
  for (const q of queries.slice(1)) {
    const r = await prepared.search(page, q);
    rows.push({ q, hits: r.hits, ...(await sample()) });
  }
  const mb = (b) => (b / 1048576).toFixed(1);
  for (const r of rows) {
    const parts = r.each.map(mb).join(' + ');
    console.log(`${mb(r.pss).padStart(7)} MB (${parts}; page JS heap ${r.heap === null ? '?' : mb(r.heap)} MB)  ${String(r.hits).padStart(8)} hits  ${r.q}`);
  }
  const pss = rows.map((r) => r.pss);
  console.log(`renderer PSS after each of ${rows.length} queries: first ${mb(pss[0])} MB, largest ${mb(Math.max(...pss))} MB, last ${mb(pss.at(-1))} MB`);
  await browser.close();
} finally {
  await browserServer.close();
  server.server.closeAllConnections();
  server.server.close();
}
