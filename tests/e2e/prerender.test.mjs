// The built page carries its first screen in #root, prerendered by the app's own components, so
// results show before the wasm arrives; the app then renders the same screen in its place. An address
// with a view in its fragment never shows the default screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

/**
 * Records, when the HTML has been parsed, what the page shows; the app's wasm is held back until
 * then (as on a slow network), else a cached app can start before the parser is done.
 */
async function recordParsed(page) {
  await page.route('**/*.wasm', async (r) => {
    await page.waitForFunction(() => window.__parsed !== undefined);
    await r.continue();
  });
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
  const page = await openPage('', { setup: recordParsed });
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

test('an address changed while the app starts is followed', async () => {
  // The app starts after the page's load event: a back or forward, or a script, can change the address
  // between its first render and its listening for changes. Here the address changes right then.
  const page = await openPage('', {
    setup: (p) => p.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver((records, observer) => {
          const root = document.getElementById('root');
          const rendered = records.some((r) => [...r.addedNodes].some((n) => n.classList?.contains('app')));
          if (root.inert && rendered) {
            observer.disconnect();
            location.hash = '#v=1&doc=003_42a597815b082672';
          }
        }).observe(document.getElementById('root'), { childList: true });
      });
    }),
  });
  await page.locator('#reader-title').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#reader-title').textContent(), 'Russian, Iranian anti-drug services agree on joint actions');
  assert.deepEqual(page.errors, []);
  await page.close();
});
