// A 375 px phone (issue 16): no tab scrolls the page sideways; wide tables scroll in their own box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

test('a 375 px phone: no tab scrolls the page sideways', async () => {
  const page = await openPage();
  await page.setViewportSize({ width: 375, height: 740 });
  for (const tab of ['results', 'kwic', 'events', 'map', 'network']) {
    for (const q of ['', 'heroin']) {
      await page.evaluate(([tab, q]) => { location.hash = `#v=1${q ? `&q=${q}` : ''}&tab=${tab}`; }, [tab, q]);
      await page.locator(`#tab-${tab}[aria-selected=true]`).waitFor();
      const ready = { results: '#doc-list li', kwic: q ? '#kwic-table tr' : '#kwic-hint', events: '#events-table tbody tr', map: '.map svg', network: '#network-pairs tr' }[tab];
      await page.locator(ready).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${tab} ${q}: the page is ${width} px wide`);
    }
  }
  // The wide tables scroll inside themselves, and say so.
  await page.evaluate(() => { location.hash = '#v=1&tab=events'; });
  const table = page.locator('#events-table');
  await table.locator('tbody tr').first().waitFor();
  const scroller = await table.evaluate((t) => {
    for (let el = t; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth && /auto|scroll/.test(s.overflowX)) return { id: el.id, wide: el.scrollWidth, shown: el.clientWidth };
    }
    return null;
  });
  assert.ok(scroller && scroller.wide > scroller.shown, `the events table scrolls in its own box: ${JSON.stringify(scroller)}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
