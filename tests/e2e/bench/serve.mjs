// The benchmark page's server: the page (bench/), the engine built by `cargo xtask bench-web` (or
// `cargo xtask test`) under /engine/, and the npm engines under /lib/. Used by bench.mjs and
// bench.test.mjs.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ENGINE_DIR = join(here, '../../../target/bench-engine');

export function serveBench() {
  return serveStatic([['/engine/', ENGINE_DIR], ['/lib/', join(here, '../node_modules')], ['/', here, 'bench.html']]);
}
