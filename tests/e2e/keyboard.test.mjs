// The keyboard (issue 16): a skip link first, focus into the reader and back, the tabs pattern,
// the focus ring of "Add files". Focus is asserted after each key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, fragment } from './harness.mjs';
const count = (page, text) =>
  page.waitForFunction((t) => document.querySelector('#count')?.textContent.includes(t), text);
const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el === document.body ? 'body' : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className.split(' ').join('.')}` : ''}`;
});

test('keyboard: skip link, reader focus in and back, Esc', async () => {
  const page = await openPage('#v=1&q=heroin');
  await count(page, 'of 3 documents');
  await page.keyboard.press('Tab');
  assert.equal(await active(page), 'a#skip-link.skip-link');
  assert.ok(await page.locator('#skip-link').isVisible());
  await page.keyboard.press('Enter');
  const id = await page.locator('#doc-list li').first().getAttribute('data-id');
  assert.equal(await active(page), 'a.doc-title');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li').dataset.id), id);
  assert.equal(fragment(page).q, 'heroin', 'the skip link leaves the address alone');

  await page.keyboard.press('Enter');
  await page.locator('#reader').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('#reader'));
  assert.equal(await active(page), 'a.close');
  await page.keyboard.press('Escape');
  await page.locator('#reader').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.equal(await active(page), 'a.doc-title');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li').dataset.id), id);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('keyboard: the tab bar is a tablist with arrow keys, Home and End', async () => {
  const page = await openPage('#v=1&q=heroin');
  await count(page, 'of 3 documents');
  const tabs = page.locator('[role=tablist] [role=tab]');
  assert.equal(await tabs.count(), 5);
  assert.deepEqual(await tabs.evaluateAll((ts) => ts.map((t) => t.tabIndex)), [0, -1, -1, -1, -1]);
  await page.locator('#tab-results').focus();
  const step = async (key, tab) => {
    await page.keyboard.press(key);
    assert.equal(await page.evaluate(() => document.activeElement.id), `tab-${tab}`, `focus after ${key}`);
    await page.waitForFunction((t) => document.querySelector(`#tab-${t}`).getAttribute('aria-selected') === 'true', tab);
    assert.equal(fragment(page).tab, tab === 'results' ? undefined : tab);
    assert.equal(await page.evaluate(() => document.activeElement.id), `tab-${tab}`, 'focus stays on the tab shown');
    assert.deepEqual(await tabs.evaluateAll((ts) => ts.filter((t) => t.tabIndex === 0).map((t) => t.id)), [`tab-${tab}`]);
  };
  await step('ArrowRight', 'kwic');
  await step('ArrowRight', 'events');
  await step('ArrowLeft', 'kwic');
  await step('End', 'network');
  await step('ArrowRight', 'results');
  await step('ArrowLeft', 'network');
  await step('Home', 'results');
  // Tab leaves the tab bar: the next stop is after it, not the next tab.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'copy-link');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('keyboard: "Add files" shows its focus ring', async () => {
  const page = await openPage();
  // From the brand link, Tab to the file input.
  await page.locator('a.brand').focus();
  for (let i = 0; i < 5 && await page.evaluate(() => document.activeElement.id) !== 'file-input'; i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'file-input');
  const outline = await page.locator('label[for=file-input]').evaluate((l) => getComputedStyle(l).outlineStyle);
  assert.equal(outline, 'solid');
  assert.deepEqual(page.errors, []);
  await page.close();
});
