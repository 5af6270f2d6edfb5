// The reader on long documents: a 30 MB document opens at its first match within 2 s, the page stays
// responsive, and the buttons walk its parts and matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

const FILLER = 'Nothing of note happened on the quiet coastal road today. ';
const WORD = 'zanzibarite';

/** A JSON line with a body of about `mb` MB of filler, the searched word at the given fractions. */
function longDoc(id, mb, at) {
  const sentences = Math.round((mb * 1024 * 1024) / FILLER.length);
  const marks = new Set(at.map((f) => Math.floor(f * sentences)));
  const parts = [];
  for (let i = 0; i < sentences; i++) {
    parts.push(marks.has(i) ? `Customs seized ${WORD} number ${i} at the port. ` : FILLER);
    if (i % 9 === 8) parts.push('\n\n');
  }
  const body = parts.join('');
  return JSON.stringify({ id, title: `A long report of ${mb} MB`, body }) + '\n';
}

/** Milliseconds a trivial script takes to run in the page: long when its main thread is busy. */
async function roundTrip(page) {
  const t0 = Date.now();
  await page.evaluate(() => 1);
  return Date.now() - t0;
}

test('a 30 MB document opens at its first match within 2 s and the page stays responsive', async (t) => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [
    { name: 'long.jsonl', mimeType: 'application/octet-stream', buffer: Buffer.from(longDoc('long-30', 30, [0.1, 0.5, 0.97]) + longDoc('long-5', 5, [0.4])) },
  ]);
  await page.waitForFunction(() => /^7 documents/.test(document.querySelector('#corpus-size')?.textContent ?? ''), null, { timeout: 120000 });
  await page.locator('#q').fill(WORD);
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 2 documents'), null, { timeout: 60000 });

  for (const [id, number] of [['long-30', 'number'], ['long-5', 'number']]) {
    const link = page.locator(`#doc-list a.doc-title[href*="${id}"]`);
    const t0 = Date.now();
    await link.click();
    // Within 2 s of the click: the text, with the match marked.
    await page.locator('.reader-body mark').first().waitFor({ timeout: 2000 });
    t.diagnostic(`${id}: match shown ${Date.now() - t0} ms after the click`);
    assert.equal((await page.locator('.reader-body mark').first().textContent()).toLowerCase(), WORD);
    assert.match(await page.locator('.reader-body').textContent(), new RegExp(`${WORD} ${number} \\d+`, 'i'));
    assert.ok((await roundTrip(page)) < 1000, 'the page answers at once');
    // Only a part is in the page, not the whole text.
    assert.ok((await page.locator('.reader-body').evaluate((e) => e.textContent.length)) < 100 * 1024);
  }

  // The 30 MB document again: its matches and parts, one after another.
  await page.locator('#doc-list a.doc-title[href*="long-30"]').click();
  await page.locator('#reader-title', { hasText: '30 MB' }).waitFor({ timeout: 2000 });
  const shown = async () => Number((await page.locator('.reader-body mark').first().evaluate((m) => m.parentElement.textContent)).match(/number (\d+)/)[1]);
  const first = await shown();
  const position = await page.locator('#reader-position').textContent();
  await page.locator('#reader-next-match').click();
  await page.waitForFunction((p) => document.querySelector('#reader-position')?.textContent !== p, position, { timeout: 5000 });
  const second = await shown();
  assert.ok(second > first, `${second} after ${first}`);
  await page.locator('#reader-next-match').click();
  await page.waitForFunction((n) => {
    const m = (document.querySelector('.reader-body mark')?.parentElement.textContent ?? '').match(/number (\d+)/);
    return m && Number(m[1]) > n;
  }, second, { timeout: 5000 });
  await page.locator('#reader-next-match').click();
  await page.locator('#reader-position', { hasText: 'no match after this part' }).waitFor({ timeout: 5000 });
  await page.locator('#reader-previous-match').click();
  await page.waitForFunction((n) => document.querySelector('.reader-body mark')?.parentElement.textContent.includes(`number ${n} `), second, { timeout: 5000 });
  // Parts: the next part goes on where this one stopped.
  const before = await page.locator('.reader-body').textContent();
  await page.locator('#reader-next').click();
  await page.waitForFunction((b) => document.querySelector('.reader-body')?.textContent !== b, before, { timeout: 2000 });
  await page.locator('#reader-previous').click();
  await page.waitForFunction((b) => document.querySelector('.reader-body')?.textContent.includes(b.slice(-2000, -1000)), before, { timeout: 2000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a short document opens whole, even when the match shown is near its end', async () => {
  const page = await openPage('#v=1&q=harms&doc=000_0cda221ba5931497');
  const reader = page.locator('.reader');
  await reader.locator('mark').first().waitFor();
  assert.equal(await reader.locator('.reader-cut').count(), 0);
  assert.equal(await reader.locator('.reader-pages').count(), 0);
  assert.match(await reader.textContent(), /Following an armed clash between the Intelligence/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
