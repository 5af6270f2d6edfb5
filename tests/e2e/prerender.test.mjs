// The built page carries its first screen in #root, prerendered by the app's own components, so
// results show before the wasm arrives; the app then renders the same screen in its place. An address
// with a view in its fragment never shows the default screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

/** Records, when the HTML has been parsed (before the app can start), what the page shows. */
async function recordParsed(page) {
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const root = document.getElementById('root');
      window.__parsed = {
        inert: root.inert,
        children: root.children.length,
        titles: [...root.querySelectorAll('.doc-title')].map((a) => a.textContent),
        text: root.innerText,
      };
    });
  });
}

test('the first screen is in the HTML, inert, and the app replaces it with the same screen', async () => {
  // The wasm is held back a little, as on a slow network.
  const page = await openPage('', {
    setup: async (p) => {
      await recordParsed(p);
      await p.route('**/*.wasm', async (r) => { await new Promise((s) => setTimeout(s, 500)); await r.continue(); });
    },
  });
  const parsed = await page.evaluate(() => window.__parsed);
  assert.equal(parsed.inert, true);
  assert.equal(parsed.titles.length, 5);
  assert.equal(await page.locator('#root').evaluate((e) => e.inert), false);
  assert.equal(await page.locator('.app').count(), 1);
  assert.equal(await page.locator('#doc-list').count(), 1);
  assert.deepEqual(await page.locator('#doc-list .doc-title').allTextContents(), parsed.titles);
  assert.equal(await page.locator('#root').evaluate((e) => e.innerText), parsed.text);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an address with a view never shows the default screen', async () => {
  const page = await openPage('#v=1&q=heroin%20Astara', { setup: recordParsed });
  assert.equal((await page.evaluate(() => window.__parsed)).children, 0);
  assert.equal(await page.locator('#q').inputValue(), 'heroin Astara');
  assert.equal(await page.locator('.app').count(), 1);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
