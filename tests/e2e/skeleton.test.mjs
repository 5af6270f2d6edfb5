// The walking skeleton: the seed corpus lists, a document opens in the reader, and the open document
// lives in the URL so reload, back/forward and shared links restore it, also under a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

const RUSSIA = '003_42a597815b082672';

test('lists the five seed documents with title, date and source', async () => {
  const page = await openPage();
  const items = page.locator('#doc-list li');
  await items.first().waitFor();
  assert.equal(await items.count(), 5);
  const russia = page.locator(`#doc-list li[data-id="${RUSSIA}"]`);
  assert.equal(await russia.locator('.doc-title').textContent(), 'Russian, Iranian anti-drug services agree on joint actions');
  assert.equal(await russia.locator('.date').textContent(), '2012-01-24');
  assert.equal(await russia.locator('.source').textContent(), 'Itar-Tass');
  await page.screenshot({ path: join(SHOTS, 'skeleton-list.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('opening a document puts it in the URL; reload and back restore the view', async () => {
  const page = await openPage();
  await page.locator(`#doc-list li[data-id="${RUSSIA}"] a`).click();
  await page.locator('#reader-title').waitFor();
  assert.equal(await page.locator('#reader-title').textContent(), 'Russian, Iranian anti-drug services agree on joint actions');
  assert.equal(fragment(page).doc, RUSSIA);
  assert.match(await page.locator('.reader-body').textContent(), /MOSCOW, January 24 \(Itar-Tass\)/);
  await page.screenshot({ path: join(SHOTS, 'skeleton-reader.png'), fullPage: true });

  await page.reload();
  await page.locator('#reader-title').waitFor();
  assert.equal(fragment(page).doc, RUSSIA);

  await page.goBack();
  await page.locator('#reader').waitFor({ state: 'detached' });
  assert.equal(fragment(page).doc, undefined);
  await page.goForward();
  await page.locator('#reader-title').waitFor();

  await page.keyboard.press('Escape');
  await page.locator('#reader').waitFor({ state: 'detached' });
  assert.equal(fragment(page).doc, undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a shared link opens straight into the reader', async () => {
  const page = await openPage(`#v=1&doc=${RUSSIA}`);
  await page.locator('#reader-title').waitFor();
  assert.equal(await page.locator('[aria-current="true"]').textContent(), 'Russian, Iranian anti-drug services agree on joint actions');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a malformed link falls back to the default view with a notice', async () => {
  const page = await openPage('#v=1&doc=no-such-doc&tab=%ZZ&q=%');
  await page.locator('#notices').waitFor();
  const text = await page.locator('#notices').textContent();
  assert.match(text, /document "no-such-doc" is not in this corpus/);
  assert.match(text, /bad percent escape/);
  assert.equal(await page.locator('#doc-list li').count(), 5);
  assert.equal(await page.locator('#reader').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
