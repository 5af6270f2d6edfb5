// History (issue 16): every settled view is one history entry, and Back and Forward walk them and
// restore the view; keystrokes while typing replace the entry until the query settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, fragment } from './harness.mjs';
const count = (page, text) =>
  page.waitForFunction((t) => document.querySelector('#count')?.textContent.includes(t), text);
/** Waits until the address says query `q` (undefined: no query) and the results show `n` documents. */
async function showing(page, q, n) {
  await page.waitForFunction((q) => (new URLSearchParams(location.hash.slice(1)).get('q') ?? undefined) === (q ?? undefined), q);
  await count(page, n === 0 ? 'No matching documents' : `of ${n} document`);
  assert.equal(await page.locator('#q').inputValue(), q ?? '');
}

test('each settled query is one history entry; Back and Forward walk them', async () => {
  const page = await openPage();
  await page.clock.install();
  const start = await page.evaluate(() => history.length);
  await page.locator('#q').click();
  // Typed a letter at a time: each keystroke replaces the entry the first one made. The page's clock
  // stands still while typing, so that no keystroke comes after a pause however busy the machine (on
  // a loaded one, a keystroke more than 700 ms after the last made an entry of its own): here each
  // comes 750 ms of real time after the last, and none is a pause.
  const typeAndEnter = async (text) => {
    await page.clock.pauseAt(Date.now() + 1000);
    await page.keyboard.type(text, { delay: 750 });
    await page.keyboard.press('Enter');
    await page.clock.resume();
  };
  await typeAndEnter('heroin');
  await showing(page, 'heroin', 3);
  assert.equal(await page.evaluate(() => history.length), start + 1);
  await page.keyboard.press('ControlOrMeta+a');
  await typeAndEnter('opium');
  await showing(page, 'opium', 1);
  assert.equal(await page.evaluate(() => history.length), start + 2);

  await page.goBack();
  await showing(page, 'heroin', 3);
  await page.goBack();
  await showing(page, undefined, 5);
  assert.notEqual(page.url(), 'about:blank');
  await page.goForward();
  await showing(page, 'heroin', 3);
  await page.goForward();
  await showing(page, 'opium', 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a query settles once typing pauses, without Enter', async () => {
  const page = await openPage();
  await page.clock.install();
  await page.locator('#q').click();
  await page.keyboard.type('heroin');
  await showing(page, 'heroin', 3);
  await page.clock.runFor(2000);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('opium');
  await showing(page, 'opium', 1);
  await page.goBack();
  await showing(page, 'heroin', 3);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a tab, a sort, an open document and the reader closed with Esc are entries of their own', async () => {
  const page = await openPage('#v=1&q=heroin');
  await count(page, 'of 3 documents');
  await page.locator('#sort').selectOption('newest');
  await page.waitForFunction(() => location.hash.includes('sort=newest'));
  const first = page.locator('#doc-list li a.doc-title').first();
  const id = await page.locator('#doc-list li').first().getAttribute('data-id');
  await first.click();
  await page.locator('#reader').waitFor();
  assert.equal(fragment(page).doc, id);
  await page.keyboard.press('Escape');
  await page.locator('#reader').waitFor({ state: 'detached' });
  assert.equal(fragment(page).doc, undefined);
  await page.locator('#tab-events').click();
  await page.waitForFunction(() => location.hash.includes('tab=events'));

  // Back: the events tab closes, then the reader comes back, then the sort goes.
  await page.goBack();
  await page.locator('#doc-list').waitFor();
  assert.equal(fragment(page).tab, undefined);
  assert.equal(await page.locator('#reader').count(), 0);
  await page.goBack();
  await page.locator('#reader').waitFor();
  assert.equal(fragment(page).doc, id);
  await page.goBack();
  await page.locator('#reader').waitFor({ state: 'detached' });
  assert.equal(fragment(page).sort, 'newest');
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('sort='));
  assert.equal(await page.locator('#sort').inputValue(), 'relevance');
  await showing(page, 'heroin', 3);
  await page.goForward();
  await page.waitForFunction(() => location.hash.includes('sort=newest'));
  assert.equal(await page.locator('#sort').inputValue(), 'newest');
  assert.deepEqual(page.errors, []);
  await page.close();
});
