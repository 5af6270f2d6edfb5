// The built page carries a strict Content-Security-Policy and runs without a single violation,
// through every view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

test('strict CSP is present and nothing violates it', async () => {
  const page = await openPage('#v=1&q=heroin&doc=004_eee921efe193f39e');
  await page.locator('#reader-title').waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  for (const tab of ['kwic', 'events', 'map', 'network', 'results']) {
    await page.locator(`#tab-${tab}`).click();
    await page.waitForFunction((t) => location.hash.includes(t === 'results' ? 'v=1' : `tab=${t}`), tab);
  }
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
