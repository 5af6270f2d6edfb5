// Bringing your own documents: good files load, bad ones are refused with a message, nothing
// already loaded is lost, and hostile markup in a document stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, SHOTS } from './harness.mjs';

const file = (name, text) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });

test('adding files: per-file results, the rest still loads, markup stays text', async () => {
  const page = await openPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [
    file('tabriz.txt', 'Police in Tabriz seized 1.2 tonnes of opium hidden in a lorry.\n\nThe provincial police chief said so.'),
    file('batch.jsonl', '{"id": "j1", "title": "Heroin at Samur", "body": "Customs officers found 12 kg of heroin at Samur."}\n{broken\n'),
    file('xss.html', '<html><body><h1>Evil &lt;b&gt;title</h1><p>Text <img src=x onerror=alert(1)> here <script>alert(2)</script></p><p>&lt;mark onmouseover=alert(3)&gt;x&lt;/mark&gt;</p></body></html>'),
    file('empty.txt', ''),
    { name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 0, 255]) },
  ]);
  await page.locator('#load-report').waitFor();
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /tabriz\.txt: 1 document added/);
  assert.match(report, /batch\.jsonl: 1 document added/);
  assert.match(report, /batch\.jsonl:2: invalid JSON/);
  assert.match(report, /empty\.txt: file is empty/);
  assert.match(report, /blob\.bin: binary file/);
  assert.match(await page.locator('#corpus-size').textContent(), /^8 documents: the sample and 3 files of yours/);

  await page.locator('#q').fill('Tabriz');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  await page.locator('#q').fill('title:evil');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  await page.locator('#doc-list a.doc-title').first().click();
  await page.locator('#reader-title').waitFor();
  assert.equal(await page.locator('#reader-title').textContent(), 'Evil <b>title');
  assert.match(await page.locator('.reader-body').textContent(), /<mark onmouseover=alert\(3\)>x<\/mark>/);
  assert.equal(await page.locator('.reader-body img, .reader-body script, .reader-body b').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'upload.png'), fullPage: true });

  await page.locator('#toggle-sample').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('3 documents from 3 files'));
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  assert.equal(dialogs, 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
