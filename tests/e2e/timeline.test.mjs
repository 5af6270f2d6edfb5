// The timeline: a year per slot from the earliest to the latest date; a click filters to a year,
// a drag to a range, and both are ordinary links in history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

test('click a year, drag a range, clear', async () => {
  const page = await openPage();
  await page.locator('#timeline svg').waitFor();
  // A slot per year from the first to the last, though only years with a bar or a label have elements.
  const label = await page.locator('#timeline svg').getAttribute('aria-label');
  const [, first, last] = label.match(/(\d{4}) to (\d{4})$/).map(Number);
  assert.deepEqual([first, last], [2012, 2025]);
  const drawn = await page.locator('#timeline g.year').evaluateAll((gs) => gs.map((g) => g.dataset.year));
  assert.deepEqual(drawn.filter((y) => ['2012', '2019', '2025'].includes(y)), ['2012', '2019', '2025']);
  assert.ok(drawn.length < last - first + 1, `empty years unlabelled are not drawn: ${drawn}`);
  const box = await page.locator('#timeline svg').boundingBox();
  const x = (year) => box.x + (year - first + 0.5) * (box.width / (last - first + 1));
  const y = box.y + box.height / 2;
  await page.screenshot({ path: join(SHOTS, 'timeline.png') });

  await page.mouse.click(x(2019), y);
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  assert.equal(fragment(page).q, 'year:2019');

  await page.mouse.move(x(2012), y);
  await page.mouse.down();
  await page.mouse.move(x(2016), y, { steps: 4 });
  await page.mouse.move(x(2019), y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 2 documents'));
  assert.equal(fragment(page).q, 'date:2012..2019');

  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  await page.locator('#timeline-clear').click();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 5 documents'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a click on an event bar filters by event date (when:), not publication date', async () => {
  const page = await openPage();
  await page.locator('#timeline svg').waitFor();
  const bar = page.locator('#timeline rect.bar-events').first();
  const year = await bar.evaluate((r) => r.closest('g.year').dataset.year);
  await bar.click();
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('q'));
  assert.equal(fragment(page).q, `when:${year}`);
  await page.locator('#doc-list li').first().waitFor();
  assert.doesNotMatch(await page.locator('#count').textContent(), /No matching/);
  assert.ok(await page.locator('#timeline rect.bar-events').count() > 0, 'the timeline still shows the events');
  // A document bar keeps filtering by publication date.
  const docBar = page.locator('#timeline rect.bar-docs').first();
  const docYear = await docBar.evaluate((r) => r.closest('g.year').dataset.year);
  await docBar.click();
  await page.waitForFunction((y) => new URLSearchParams(location.hash.slice(1)).get('q')?.includes(`year:${y}`), docYear);
  assert.deepEqual(page.errors, []);
  await page.close();
});
