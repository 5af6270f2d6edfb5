// Accessibility: axe-core in each main view, light and dark, with no serious or critical violations;
// and the layout at a 375 px phone width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openPage, SHOTS } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  return page.evaluate(async (src) => {
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, axeSource);
}

for (const scheme of ['light', 'dark']) {
  test(`no serious accessibility violations (${scheme})`, async () => {
    const page = await openPage();
    await page.emulateMedia({ colorScheme: scheme });
    const views = ['#v=1', '#v=1&q=heroin', '#v=1&q=heroin&doc=001_25a6d3e3065637bd', '#v=1&q=heroin&tab=kwic', '#v=1&tab=events', '#v=1&tab=map', '#v=1&tab=network'];
    for (const hash of views) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator('#doc-list, #kwic-table, #events-table, #map-svg, #network-svg').first().waitFor();
      assert.deepEqual(await axe(page), [], `${scheme} ${hash}`);
    }
    await page.close();
  });
}

test('the layout works at 375 px', async () => {
  const page = await openPage('#v=1&q=heroin');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.locator('#doc-list li').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: join(SHOTS, 'phone-results.png') });
  await page.locator('#doc-list a.doc-title').first().click();
  await page.locator('#reader-title').waitFor();
  assert.ok(await page.locator('#reader').isVisible());
  await page.screenshot({ path: join(SHOTS, 'phone-reader.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});
