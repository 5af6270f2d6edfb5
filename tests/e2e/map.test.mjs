// The map: places of the matching documents at their coordinates, offline; clicking a place (on the
// map or in the list) filters by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

test('places on the map filter by a click, on the map or in the list', async () => {
  const page = await openPage('#v=1&tab=map');
  await page.locator('#map-svg').waitFor();
  const places = await page.locator('#map-places tbody tr td:first-child').allTextContents();
  for (const p of ['Astara', 'Baku', 'Moscow', 'West Azarbaijan Province', 'Iran']) assert.ok(places.includes(p), p);
  assert.ok(!places.includes('Europe'), 'a place named only by a demonym is not on the map');
  await page.screenshot({ path: join(SHOTS, 'map.png'), fullPage: true });

  // Crowded places overlap at this zoom (the list beside the map is the way to each); Moscow stands alone.
  await page.locator('#map-svg g[data-place="Moscow"] circle').click();
  await page.waitForFunction(() => location.hash.includes('place%3AMoscow') || location.hash.includes('place:Moscow'));
  assert.equal(fragment(page).q, 'place:Moscow');
  await page.waitForFunction(() => !document.querySelector('#map-places')?.textContent.includes('Astara'));
  assert.ok(await page.locator('#map-svg g.spot.active[data-place="Moscow"]').count() === 1);

  await page.locator('#map-places a', { hasText: 'Moscow' }).click();
  await page.waitForFunction(() => !location.hash.includes('Moscow'));
  assert.equal(fragment(page).q, undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});
