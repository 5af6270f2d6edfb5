// Chromium's processes, for the memory benchmarks (tab-memory.mjs, fetch-memory.mjs): its renderers'
// memory from /proc, and stopping a Chromium started by hand with the server and folder it used.
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/** Process ids below `root` (its descendants), from /proc. */
export function descendants(root) {
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

/**
 * The renderer processes under the browser `root`, each with its PSS and private memory (USS: what only it holds;
 * PSS also counts a share of the pages it shares with other processes, such as Chromium's code, which depends on
 * how many other Chromium processes run on the machine) in bytes, and what it is: `ui` is Chromium's own
 * (`--top-chrome-webui`, which headless Chromium runs too, no part of any tab), `tab` the largest of the others
 * (the page and its workers), `other` the rest (a spare renderer Chromium keeps ready).
 */
export function renderers(root) {
  const each = [];
  for (const pid of descendants(root)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      const kind = cmdline.includes('--top-chrome-webui') ? 'ui' : 'other';
      each.push({ pid, kind, pss: kb('Pss'), private: kb('Private_Clean') + kb('Private_Dirty') });
    } catch {
      // Gone since the listing.
    }
  }
  const tab = each.filter((r) => r.kind !== 'ui').sort((x, y) => y.pss - x.pss)[0];
  if (tab) tab.kind = 'tab';
  return each;
}

/** Stops `chrome` (a spawned Chromium), then `server` (latency-server.mjs's), then removes `dir`. */
export async function stopChromium(chrome, server, dir) {
  chrome.kill();
  await new Promise((r) => chrome.once('exit', r));
  server.server.closeAllConnections();
  server.server.close();
  rmSync(dir, { recursive: true, force: true });
}
