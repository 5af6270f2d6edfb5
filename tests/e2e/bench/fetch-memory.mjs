// What fetching many small files leaves in a tab (issue 17, the tab's memory): a bare page starts a worker that
// fetches N of a partitioned collection's chunk files, 100 at a time, reads each body (`ab`: whole, with
// `arrayBuffer`; `ds`: inflated by a `DecompressionStream`), then optionally runs the collectors (`--gc`, with
// V8's `--expose-gc`) or is stopped by the page (`--stop`); the tab's renderer PSS is read before and after, with
// no DevTools attached. No app code runs: the figure is the browser's own cost of a fetch.
//   node bench/fetch-memory.mjs --collection DIR [--mode ab|ds] [--files 1000] [--gc] [--stop]
// DIR is a collection written by `trawl pack --partitioned` (its id folder holds c/N.gz).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveLatency } from '../latency-server.mjs';
import { renderers, stopChromium } from './chromium-procs.mjs';

const opts = { mode: 'ds', files: 1000, gc: false, stop: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--collection') opts.collection = resolve(argv[++i]);
  else if (a === '--mode') opts.mode = argv[++i];
  else if (a === '--files') opts.files = Number(argv[++i]);
  else if (a === '--gc') opts.gc = true;
  else if (a === '--stop') opts.stop = true;
  else {
    console.error(`fetch-memory.mjs: unknown argument ${a}`);
    process.exit(2);
  }
}
if (!opts.collection || !['ab', 'ds'].includes(opts.mode) || !(opts.files > 0)) {
  console.error('usage: node bench/fetch-memory.mjs --collection DIR [--mode ab|ds] [--files N] [--gc] [--stop]');
  process.exit(2);
}
const id = readdirSync(opts.collection).find((n) => /^[0-9a-f]{16}$/.test(n));
const chunks = readdirSync(join(opts.collection, id, 'c')).length;

const dir = mkdtempSync(join(tmpdir(), 'fetch-memory-'));
writeFileSync(join(dir, 'index.html'), `<!doctype html><body><script>
const w = new Worker('w.js');
w.onmessage = async (e) => {
  if (${opts.stop}) { w.terminate(); await new Promise((r) => setTimeout(r, 1000)); }
  await fetch('mark-' + e.data, { cache: 'no-store' });
};
fetch('mark-start', { cache: 'no-store' }).then(() => setTimeout(() => w.postMessage('go'), 1000));
</script>`);
writeFileSync(join(dir, 'w.js'), `onmessage = async () => {
  let total = 0;
  for (let at = 0; at < ${opts.files}; at += 100) {
    const started = [];
    for (let i = at; i < Math.min(${opts.files}, at + 100); i++) started.push(fetch('/c/${id}/c/' + ((i * 37) % ${chunks}) + '.gz'));
    for (const p of started) {
      const r = await p;
      if ('${opts.mode}' === 'ds') {
        const reader = r.body.pipeThrough(new DecompressionStream('gzip')).getReader();
        for (;;) { const { done, value } = await reader.read(); if (done) break; total += value.length; }
      } else {
        total += (await r.arrayBuffer()).byteLength;
      }
    }
  }
  if (${opts.gc} && self.gc) { gc(); await new Promise((r) => setTimeout(r, 500)); gc(); }
  postMessage('done-' + total);
};`);

const server = await serveLatency([['/t/', dir], ['/c/', opts.collection]], { latency: 5, mbit: 0 });
const profile = join(dir, 'profile');
const chrome = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
  '--no-sandbox', '--headless=new', '--disable-quic', '--no-first-run', `--user-data-dir=${profile}`,
  ...(opts.gc ? ['--js-flags=--expose-gc'] : []), `${server.base}t/`,
], { stdio: 'ignore' });

/** The tab's renderer's PSS, in MB. */
const tabPss = () => (renderers(chrome.pid).find((r) => r.kind === 'tab')?.pss ?? 0) / 1048576;
const marked = async (prefix) => {
  for (;;) {
    const path = Object.keys(server.stats().paths).find((p) => p.startsWith(`/t/${prefix}`));
    if (path) return path;
    await new Promise((r) => setTimeout(r, 100));
  }
};
try {
  await marked('mark-start');
  await new Promise((r) => setTimeout(r, 500));
  const before = tabPss();
  const done = await marked('mark-done-');
  const after = tabPss();
  const bytes = Number(done.split('-').pop());
  console.log(`${opts.files} fetches (${opts.mode}${opts.gc ? ', then gc()' : ''}${opts.stop ? ', then the worker stopped' : ''}; ${(bytes / 1048576).toFixed(1)} MB read): the tab's renderer ${before.toFixed(1)} -> ${after.toFixed(1)} MB (+${(after - before).toFixed(1)} MB)`);
} finally {
  await stopChromium(chrome, server, dir);
}
