// The co-occurrence network and the range facets: every click becomes a query clause, so the view is
// a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

test('the network joins entities named in one sentence; clicks filter by one or both', async () => {
  const page = await openPage('#v=1&tab=network');
  await page.locator('#network-svg').waitFor();
  const pairs = await page.locator('#network-pairs tbody tr td:first-child').allTextContents();
  assert.ok(pairs.includes('Iran — Azerbaijan'), pairs.join('\n'));
  // Each pair shows a sentence that names both, as evidence.
  const first = page.locator('#network-pairs tbody tr').first();
  const evidence = await first.locator('.evidence').textContent();
  assert.match(evidence, /Iran/);
  assert.match(evidence, /Azerbaijan/);
  await page.screenshot({ path: join(SHOTS, 'network.png'), fullPage: true });

  await page.locator('#network-svg g.node[data-entity="Iraj Kakavand"] circle').click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('person:"Iraj Kakavand"'));
  assert.equal(fragment(page).tab, 'network');
  await page.locator('#network-svg g.node.active[data-entity="Iraj Kakavand"]').waitFor();

  // A pair's row adds both clauses.
  await page.goto(page.url().split('#')[0] + '#v=1&tab=network');
  await page.getByRole('link', { name: 'Iran — Azerbaijan', exact: true }).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('place:Azerbaijan'));
  const q = fragment(page).q;
  assert.match(q, /place:Iran/);
  assert.match(q, /place:Azerbaijan/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a query naming nobody together shows a hint, not an empty drawing', async () => {
  const page = await openPage('#v=1&tab=network&q=zzzznothing');
  await page.locator('#network-hint').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('range facets: kg buckets with counts, and from/to forms that write one clause', async () => {
  const page = await openPage('#v=1');
  await page.locator('#kg-buckets').waitFor();
  const buckets = await page.locator('#kg-buckets .facet-value').allTextContents();
  assert.ok(buckets.length >= 2, buckets.join('|'));
  await page.locator('#kg-buckets .facet-value', { hasText: '1,000 or more' }).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('kg:1000..'));
  assert.equal(fragment(page).q, 'kg:1000..');
  // The form shows the clause's bounds, and Apply replaces it.
  assert.equal(await page.locator('#range-kg-from').inputValue(), '1000');
  await page.locator('#range-kg-from').fill('100');
  await page.locator('#range-kg-to').fill('2000');
  await page.locator('#range-kg button').click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('kg:100..2000'));
  assert.equal(fragment(page).q, 'kg:100..2000');

  await page.locator('#range-date-from').fill('2019');
  await page.locator('#range-date-to').fill('2025');
  await page.locator('#range-date button').click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('date:2019..2025'));
  assert.equal(fragment(page).q, 'kg:100..2000 date:2019..2025');
  const count = await page.locator('#count').textContent();
  assert.match(count, /of [\d,]+ document|No matching/);

  await page.locator('#range-when-from').fill('2018');
  await page.locator('#range-when button').click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('when:2018..'));
  // Emptying a form removes its clause.
  await page.locator('#range-kg-from').fill('');
  await page.locator('#range-kg-to').fill('');
  await page.locator('#range-kg button').click();
  await page.waitForFunction(() => !decodeURIComponent(location.hash).includes('kg:'));
  assert.equal(fragment(page).q, 'date:2019..2025 when:2018..');
  await page.screenshot({ path: join(SHOTS, 'ranges.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});
