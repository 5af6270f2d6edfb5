// The person's own files: what cannot be read says how to convert it, a table is read row by row, a
// link to a document only the sender had says so, and removing the files can be undone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, nothingKept } from './harness.mjs';

const file = (name, text) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) });

test('a PDF and a Word file say how to convert them; a CSV gives a document per row', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [
    file('report.pdf', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBT (Heroin seized at Astara) Tj ET\n%%EOF\n'),
    { name: 'brief.docx', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from('PK\x03\x04\x14\x00'), Buffer.alloc(24), Buffer.from('word/document.xml'), Buffer.from([0x8d, 0, 0xff])]) },
    file('articles.csv', 'id,title,date,body\nc1,Opium at Bandar Abbas,2021-03-04,Police at Bandar Abbas seized opium.\nc2,Hashish at Zahedan,2021-03-05,"Guards near Zahedan seized hashish, 40 kg."\n'),
  ]);
  await page.locator('#load-report').filter({ hasText: 'articles.csv' }).waitFor();
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /articles\.csv: 2 documents added/);
  assert.match(report, /report\.pdf: PDF is not supported: convert it to text first, e\.g\. `pdftotext file\.pdf`/);
  assert.match(report, /brief\.docx: Word document \(\.docx\) is not supported: .*pandoc -t plain/);
  assert.match(await page.locator('#corpus-size').textContent(), /^7 documents: the sample and 1 file of yours/);
  await page.locator('#q').fill('Zahedan hashish');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  assert.equal(await page.locator('#doc-list a.doc-title').first().textContent(), 'Hashish at Zahedan');
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a link to a document the sender added says it stays in their browser; the view still runs', async () => {
  const page = await openPage('#v=1&q=heroin&doc=politics%2F001');
  const notice = page.locator('#notices');
  await notice.waitFor();
  assert.match(await notice.textContent(), /document "politics\/001" is not in this corpus: it is likely one of the files the sender added in their own browser/);
  // The rest of the view: the query's results.
  await page.waitForFunction(() => /of \d+ document/.test(document.querySelector('#count')?.textContent ?? ''));
  assert.ok((await page.locator('#doc-list li').count()) > 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('"Remove my files" can be undone, and what Undo puts back is kept', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [
    file('one.txt', 'Police in Tabriz seized opium.'),
    file('two.txt', 'Customs at Qorvash found heroin.'),
  ]);
  await page.waitForFunction(() => document.querySelector('#keeping')?.textContent.includes('kept in this browser'));
  assert.match(await page.locator('#corpus-size').textContent(), /^7 documents: the sample and 2 files of yours/);
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  assert.match(await page.locator('#removed').textContent(), /Removed 2 files\./);
  await page.locator('#undo-remove:not([disabled])').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('7 documents: the sample and 2 files of yours'));
  assert.equal(await page.locator('#removed').count(), 0);
  await page.waitForFunction(() => document.querySelector('#keeping')?.textContent.includes('kept in this browser'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('7 documents: the sample and 2 files of yours'));
  await page.locator('#q').fill('Qorvash');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  // Removed again, and a new upload: Undo is gone.
  await page.locator('#clear-files').click();
  await page.locator('#removed').waitFor();
  await page.setInputFiles('#file-input', [file('three.txt', 'Guards at Astara found hashish.')]);
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('6 documents'));
  assert.equal(await page.locator('#removed').count(), 0);
  await page.locator('#clear-files').click();
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});
