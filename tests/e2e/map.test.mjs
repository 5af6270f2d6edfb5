// The map: places of the matching documents at their coordinates on Natural Earth's land and borders,
// fitted to the places; labels that never overlap; the base map fetched only when the map is shown,
// and a note (with the places still drawn) when it cannot be; clicking a place (on the map or in the
// list) filters by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

const BASE_MAP = 'world-110m.bin';

/** Every circle's extent and the drawing's viewBox, in drawing units. */
async function circlesAndViewBox(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('#map-svg');
    const [x, y, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    const circles = [...svg.querySelectorAll('g.spot')].map((g) => {
      const c = g.querySelector('circle');
      const [cx, cy, r] = ['cx', 'cy', 'r'].map((a) => Number(c.getAttribute(a)));
      return { place: g.dataset.place, cx, cy, r };
    });
    return { box: { x, y, w, h }, circles };
  });
}

/** Labels whose boxes (measured by the browser) overlap, as pairs of names; and how many labels. */
async function overlappingLabels(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('#map-svg .labels text')].map((t) => ({ name: t.textContent, b: t.getBBox() }));
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].b, boxes[j].b];
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
          pairs.push(`${boxes[i].name} / ${boxes[j].name}`);
        }
      }
    }
    return { labels: boxes.length, pairs };
  });
}

test('places on the map filter by a click, on the map or in the list', async () => {
  const page = await openPage('#v=1&tab=map');
  await page.locator('#map-svg path.land').waitFor();
  const places = await page.locator('#map-places tbody tr td:first-child').allTextContents();
  for (const p of ['Astara', 'Baku', 'Moscow', 'West Azarbaijan Province', 'Iran']) assert.ok(places.includes(p), p);
  assert.ok(!places.includes('Europe'), 'a place named only by a demonym is not on the map');
  await page.screenshot({ path: join(SHOTS, 'map.png'), fullPage: true });

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

test('the map fits places on several continents, and its labels never overlap', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [{
    name: 'world.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Zebrafish exports\n\nZebrafish farmers from the United States, the United Kingdom, Australia, India, Russia and Iran met in Tehran and Moscow.'),
  }]);
  await page.locator('#load-report').waitFor();
  await page.evaluate(() => { location.hash = '#v=1&q=zebrafish&tab=map'; });
  await page.locator('#map-svg path.land').waitFor();
  const { box, circles } = await circlesAndViewBox(page);
  const names = circles.map((c) => c.place);
  // The lexicons place these from 96°W to 133°E and from 27°S (Australia) to 62°N (Russia): more than
  // half the globe, so the whole world, though two are cities close together.
  for (const p of ['United States', 'United Kingdom', 'Australia', 'India', 'Russia', 'Iran', 'Tehran', 'Moscow']) assert.ok(names.includes(p), `${p} in ${names}`);
  for (const c of circles) {
    assert.ok(c.cx - c.r >= box.x && c.cx + c.r <= box.x + box.w && c.cy - c.r >= box.y && c.cy + c.r <= box.y + box.h,
      `${c.place} (${c.cx}, ${c.cy}, r ${c.r}) is inside the viewBox ${JSON.stringify(box)}`);
  }
  const us = circles.find((c) => c.place === 'United States');
  const russia = circles.find((c) => c.place === 'Russia');
  assert.ok(us.cx < box.w * 0.35 && russia.cx > box.w * 0.65, `west to east: ${us.cx}, ${russia.cx} of ${box.w}`);
  assert.match(await page.locator('#map-svg').getAttribute('aria-label'), /^\d+ places, from \d+°S to \d+°N and from 96°W to \d+°E$/);
  const { labels, pairs } = await overlappingLabels(page);
  assert.ok(labels >= 4, `${labels} labels`);
  assert.deepEqual(pairs, []);

  // The seeds, crowded round the Caspian, and one report naming the United States: every place in
  // the list is on the map; some labels are left out, none overlap.
  await page.evaluate(() => { location.hash = '#v=1&tab=map'; });
  await page.waitForFunction(() => document.querySelectorAll('#map-svg g.spot').length > 10);
  const rows = await page.locator('#map-places tbody tr').count();
  const seedsMap = await circlesAndViewBox(page);
  assert.equal(seedsMap.circles.length, rows);
  for (const c of seedsMap.circles) {
    assert.ok(c.cx - c.r >= 0 && c.cx + c.r <= seedsMap.box.w && c.cy - c.r >= 0 && c.cy + c.r <= seedsMap.box.h, c.place);
  }
  const seeds = await overlappingLabels(page);
  assert.ok(seeds.labels >= 4 && seeds.labels < await page.locator('#map-svg g.spot').count(), `${seeds.labels} labels`);
  assert.deepEqual(seeds.pairs, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the base map is fetched when the map is first shown, once', async () => {
  const fetched = [];
  const page = await openPage('', { setup: (p) => p.on('request', (r) => { if (r.url().endsWith(BASE_MAP)) fetched.push(r.url()); }) });
  await page.locator('#doc-list li').first().waitFor();
  await page.locator('#tab-network').click();
  await page.locator('.network svg').waitFor();
  assert.deepEqual(fetched, [], 'not fetched before the map is shown');
  await page.locator('#tab-map').click();
  await page.locator('#map-svg path.land').waitFor();
  assert.equal(fetched.length, 1);
  assert.ok(fetched[0].startsWith(new URL(page.url()).origin), 'from the site itself');
  assert.ok((await page.locator('#map-svg path.land').getAttribute('d')).length > 1000, 'land is drawn');
  assert.ok((await page.locator('#map-svg path.borders').getAttribute('d')).length > 1000, 'borders are drawn');
  // Back to the map later: drawn from what was fetched.
  await page.locator('#tab-results').click();
  await page.locator('#doc-list li').first().waitFor();
  await page.locator('#tab-map').click();
  await page.locator('#map-svg path.land').waitFor();
  assert.equal(fetched.length, 1);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('without the base map the places are still drawn, with a note', async () => {
  const page = await openPage('#v=1&tab=map', {
    setup: (p) => p.route(`**/${BASE_MAP}`, (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  await page.locator('#map-note').waitFor();
  assert.match(await page.locator('#map-note').textContent(), /^The coastlines could not be loaded \(HTTP 404.*\); the places are drawn on a plain grid\.$/);
  assert.ok(await page.locator('#map-svg g.spot').count() > 10);
  assert.equal(await page.locator('#map-svg path.land').count(), 0);
  assert.ok((await page.locator('#map-svg path.graticule').getAttribute('d')).length > 100);
  // The browser reports the failed request itself; nothing else goes wrong.
  assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
  await page.close();
});
