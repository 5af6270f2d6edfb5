// The benchmark page (issue 6) still runs: every engine builds, answers the query set and reports its
// figures, and Trawl's engine finds exactly the documents MiniSearch finds (both match all words, and
// the corpus has no stems to tell them apart). A small corpus: this checks the page, not the speed.
// Needs the engine built into target/bench-engine/ (`cargo xtask test` builds it before these tests).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveBench, ENGINE_DIR } from './bench/serve.mjs';

const built = existsSync(join(ENGINE_DIR, 'bench_engine_bg.wasm'));
const { server, base } = await serveBench();
after(() => server.close());

test('every engine runs the benchmark, and Trawl matches what MiniSearch matches', { skip: !built && 'the engine is not built (cargo xtask bench-web)' }, async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  const results = {};
  try {
    for (const engine of ['trawl', 'trawl-snippets', 'minisearch', 'flexsearch', 'lunr']) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}bench.html?engine=${engine}&n=300`);
      const r = await page.waitForFunction(() => window.__result, null, { timeout: 120000 }).then((h) => h.jsonValue());
      assert.deepEqual(errors, [], engine);
      assert.equal(r.docs, 300, engine);
      assert.ok(r.p50 > 0 && r.p95 >= r.p50 && r.buildMs > 0, `${engine}: ${JSON.stringify(r)}`);
      results[engine] = r;
      await page.close();
    }
  } finally {
    await browser.close();
  }
  assert.ok(results.trawl.hits > 0);
  assert.equal(results.trawl.hits, results.minisearch.hits);
  assert.equal(results['trawl-snippets'].hits, results.trawl.hits);
  assert.ok(results.trawl.indexBytes > 0);
});
