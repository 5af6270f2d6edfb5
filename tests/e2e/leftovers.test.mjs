// Leftovers of issue 16: what the page says must fit the corpus shown and the view just chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, nothingKept } from './harness.mjs';

const file = (name, text) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });

test('with the sample hidden, the date placeholders come from the corpus shown', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  // 1,200 reports of one source, published from 1999 to May 2001.
  const lines = [];
  for (let i = 0; i < 1200; i++) {
    const date = i < 600 ? `1999-0${1 + (i % 9)}-15` : `2001-0${1 + (i % 5)}-20`;
    lines.push(JSON.stringify({ id: `r-${i}`, title: `Report ${i}`, date, source: 'Wire Desk', body: `Customs officers in Baku filed report ${i}.` }));
  }
  await page.setInputFiles('#file-input', [file('wire.jsonl', lines.join('\n'))]);
  await page.locator('#toggle-sample').waitFor();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('1,205 documents'), null, { timeout: 60000 });
  await page.locator('#toggle-sample').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('1,200 documents'));
  assert.equal(await page.locator('#range-date-from').getAttribute('placeholder'), '1999');
  assert.equal(await page.locator('#range-date-to').getAttribute('placeholder'), '2001-05');
  // No events in these reports: the event-date form says so, not the sample's years.
  assert.equal(await page.locator('#range-when-from').getAttribute('placeholder'), 'from');
  assert.equal(await page.locator('#range-when-to').getAttribute('placeholder'), 'to');
  assert.equal((await page.locator('#facet-source a', { hasText: 'Wire Desk' }).locator('.n').textContent()).trim(), '1,200');
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a notice about a link goes once another view is chosen', async () => {
  const page = await openPage('#v=1&q=heroin&tab=bogus');
  await page.locator('#notices').waitFor();
  assert.match(await page.locator('#notices').textContent(), /bogus/);
  await page.locator('#facet-source a').first().click();
  await page.waitForFunction(() => location.hash.includes('source'));
  await page.locator('#notices').waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the events table names its default order', async () => {
  const page = await openPage('#v=1&tab=events');
  await page.locator('#events-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#events-table th a.active').count(), 1);
  assert.match(await page.locator('#events-table th a.active').textContent(), /document order/);
  await page.locator('#esort-kg').click();
  await page.waitForFunction(() => location.hash.includes('esort=kg'));
  assert.equal((await page.locator('#esort-doc').textContent()).trim(), 'Evidence');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the concordance says when the query has no hits, and asks for a word when it has none', async () => {
  const page = await openPage('#v=1&q=zzyzxqv&tab=kwic');
  await page.locator('#kwic-hint').waitFor();
  assert.match(await page.locator('#kwic-hint').textContent(), /^No occurrences/);
  await page.evaluate(() => { location.hash = '#v=1&q=year:2019&tab=kwic'; });
  await page.waitForFunction(() => document.querySelector('#kwic-hint')?.textContent.startsWith('Type a word'));
  assert.deepEqual(page.errors, []);
  await page.close();
});
