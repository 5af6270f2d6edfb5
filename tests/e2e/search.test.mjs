// Search, facets, concordance, events and the reader's entities, each checked through the URL it
// writes: every view must come back from its link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openPage, fragment, grantClipboard, SHOTS } from './harness.mjs';

test('typing a query ranks documents, marks matches, and lives in the URL', async () => {
  const page = await openPage();
  await page.locator('#q').fill('heroin');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 3 documents'));
  assert.equal(await page.locator('#doc-list li').count(), 3);
  assert.equal(await page.locator('#doc-list li').first().getAttribute('data-id'), '004_eee921efe193f39e');
  assert.ok(await page.locator('.snippet mark').count() >= 3);
  assert.equal(fragment(page).q, 'heroin');
  await page.screenshot({ path: join(SHOTS, 'search-results.png'), fullPage: true });
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 3 documents'));
  assert.equal(await page.locator('#q').inputValue(), 'heroin');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('facets add and remove filters; back returns to the previous view', async () => {
  const page = await openPage('#v=1&q=heroin');
  await page.locator('#facet-source a', { hasText: 'Caspian News' }).click();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  assert.equal(fragment(page).q, 'heroin source:"Caspian News"');
  assert.equal(await page.locator('#facet-source a[aria-current="true"]').count(), 1);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 3 documents'));
  await page.locator('#facet-place a', { hasText: 'Astara' }).click();
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 2 documents'));
  assert.equal(fragment(page).q, 'heroin place:Astara');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the concordance lists every match and sorts by context', async () => {
  const page = await openPage('#v=1&q=heroin&tab=kwic');
  await page.locator('#kwic-table tr').first().waitFor();
  assert.equal(await page.locator('#kwic-table tr').count(), 8);
  assert.match(await page.locator('#kwic-count').textContent(), /8 occurrences in 3 documents/);
  await page.locator('#ksort-left').click();
  await page.waitForFunction(() => location.hash.includes('ksort=left'));
  assert.equal((await page.locator('#kwic-table td.left').first().textContent()).trim().endsWith('Upon inspection,'), true);
  await page.screenshot({ path: join(SHOTS, 'kwic.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the events tab totals seizures without double counting and exports the view', async () => {
  const page = await openPage('#v=1&tab=events');
  await page.locator('#events-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#events-table tbody tr').count(), 16);
  const heroin = page.locator('#totals-drug tr', { hasText: 'heroin' });
  assert.match(await heroin.textContent(), /2,497\.075\s*5/);
  // By the year of the seizure itself, as the text gives it; the rest is counted apart.
  assert.match(await page.locator('#totals-year tr', { hasText: '2018' }).textContent(), /260\s*1/);
  assert.match(await page.locator('#totals-year tr', { hasText: '2024' }).textContent(), /2,400\s*1/);
  assert.match(await page.locator('#totals-year tr', { hasText: 'year not given' }).textContent(), /2,248\.775\s*5/);
  // The exports are written when asked for, as downloads of every matching event.
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
    return [download.suggestedFilename(), readFileSync(await download.path(), 'utf8')];
  };
  const [csvName, csv] = await saved('#export-csv');
  assert.equal(csvName, 'trawl-events.csv');
  assert.ok(csv.startsWith('kind,doc,title,drug,kg,'), csv.slice(0, 60));
  assert.equal(csv.trim().split('\n').length, 17);
  const [jsonName, json] = await saved('#export-json');
  assert.equal(jsonName, 'trawl-events.json');
  assert.equal(JSON.parse(json).length, 16);
  await page.locator('#q').fill('drug:methamphetamine');
  await page.waitForFunction(() => document.querySelectorAll('#events-table tbody tr').length === 3);
  await page.screenshot({ path: join(SHOTS, 'events.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the reader highlights entities by kind, and clicking one filters by it', async () => {
  const page = await openPage('#v=1&q=Lankaran&doc=001_25a6d3e3065637bd');
  await page.locator('#reader-title').waitFor();
  const person = page.locator('.reader-body a.ent-person', { hasText: 'Mohammad Massoud Zahedian' });
  assert.equal(await person.count(), 1);
  assert.ok(await page.locator('.reader-body a.ent-place', { hasText: 'Astara' }).count() >= 1);
  assert.ok(await page.locator('.reader-body mark', { hasText: 'Lankaran' }).count() >= 1);
  // The colours' key, as the document has entities marked.
  assert.equal(await page.locator('#reader .legend .ent-person').count(), 1);
  await page.screenshot({ path: join(SHOTS, 'reader-entities.png'), fullPage: true });
  await person.click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('person:"Mohammad Massoud Zahedian"'));
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('query problems are shown, the rest still runs, and markup in a query stays text', async () => {
  const page = await openPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  await page.keyboard.type('title:"heroin');
  await page.locator('#query-diags').waitFor();
  assert.match(await page.locator('#query-diags').textContent(), /unclosed quote/);
  await page.locator('#q').fill('<img src=x onerror=alert(1)> heroin');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.length > 0);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('"Copy link" puts the link to exactly this view on the clipboard', async () => {
  await grantClipboard();
  const page = await openPage('#v=1&q=heroin&tab=kwic&ksort=left');
  await page.locator('#kwic-table tr').first().waitFor();
  await page.locator('#copy-link').click();
  await page.waitForFunction(() => document.querySelector('#copy-link')?.textContent === 'Link copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  await page.locator('#tab-events').click();
  await page.waitForFunction(() => document.querySelector('#copy-link')?.textContent === 'Copy link');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('event columns sort, and the order is in the link', async () => {
  const page = await openPage('#v=1&tab=events');
  await page.locator('#events-table tbody tr').first().waitFor();
  await page.locator('#esort-kg').click();
  await page.waitForFunction(() => location.hash.includes('esort=kg'));
  const amounts = await page.locator('#events-table tbody tr td:nth-child(3)').allTextContents();
  assert.match(amounts[0], /807,000 kg/);
  await page.locator('#esort-date').click();
  await page.waitForFunction(() => location.hash.includes('esort=date'));
  assert.match(await page.locator('#events-table tbody tr td:nth-child(5)').first().textContent(), /^2012-01-24/);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#esort-date')?.classList.contains('active'));
  assert.deepEqual(page.errors, []);
  await page.close();
});
