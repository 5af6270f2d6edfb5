// Bringing your own documents: good files load, bad ones are refused with a message, nothing
// already loaded is lost, and hostile markup in a document stays text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { openPage, SHOTS, nothingKept } from './harness.mjs';

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
  await nothingKept(page);
  assert.equal(dialogs, 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** In the page: whether IndexedDB holds no saved files (database `trawl`, store `corpus`: no record at all). */
function savedRecordIsGone() {
  return new Promise((done) => {
    const open = indexedDB.open('trawl');
    open.onerror = () => done(false);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('corpus')) {
        db.close();
        done(true);
        return;
      }
      const keys = db.transaction('corpus').objectStore('corpus').getAllKeys();
      keys.onsuccess = () => { db.close(); done(keys.result.length === 0); };
      keys.onerror = () => { db.close(); done(false); };
    };
  });
}

test('added files survive a reload (kept in this browser), until removed', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [file('kept.md', '# Kept across reloads\n\nBorder guards in Nakhchivan seized 40 kg of hashish.')]);
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('6 documents'));
  // Saving is asynchronous: the header says when the files are kept.
  await page.waitForFunction(() => document.querySelector('#keeping')?.textContent.includes('kept in this browser'));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('6 documents: the sample and 1 file of yours'));
  await page.locator('#q').fill('Nakhchivan');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  // Removing them from the browser's storage is asynchronous: wait until no record is left, so the
  // reload shows what was kept and nothing else.
  await page.waitForFunction(savedRecordIsGone, null, { polling: 100 });
  await page.reload();
  await page.locator('#corpus-size').waitFor();
  assert.match(await page.locator('#corpus-size').textContent(), /^5 documents \(sample corpus\)/);
  assert.equal(await page.evaluate(savedRecordIsGone), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('large uploads are indexed in a worker with a progress bar; the page keeps answering', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  const words = ['heroin', 'customs', 'border', 'police', 'seized', 'kg', 'Astara', 'Baku', 'opium', 'route', 'officers', 'the', 'of', 'and'];
  let state = 7;
  const rand = () => { state = (state * 1103515245 + 12345) % 2147483648; return state; };
  const lines = [];
  for (let i = 0; i < 4000; i++) {
    const body = Array.from({ length: 150 }, () => words[rand() % words.length]).join(' ') + '.';
    lines.push(JSON.stringify({ id: `big-${i}`, title: `Report ${i}`, date: '2020-01-02', body }));
  }
  await page.setInputFiles('#file-input', [file('big.jsonl', lines.join('\n'))]);
  await page.locator('#loading progress').waitFor();
  // While the worker indexes, the page still searches the corpus it has.
  await page.locator('#q').fill('Astara');
  await page.waitForFunction(() => /of \d+ document/.test(document.querySelector('#count')?.textContent ?? ''));
  await page.screenshot({ path: join(SHOTS, 'indexing.png') });
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('4,005 documents'), null, { timeout: 60000 });
  assert.equal(await page.locator('#loading').count(), 0);
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('gzip-compressed files are read as the file inside; one that inflates past the cap is refused', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  const jsonl = '{"id": "gz1", "title": "Opium near Zahedan", "body": "Police near Zahedan seized 40 kg of opium."}';
  await page.setInputFiles('#file-input', [
    { name: 'zahedan.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(jsonl)) },
    // 300 MB of zeros in 300 KB: past the 256 MB cap once inflated.
    { name: 'bomb.txt.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.alloc(300 << 20), { level: 9 }) },
    { name: 'fake.txt.gz', mimeType: 'application/gzip', buffer: Buffer.from('not gzip at all') },
  ]);
  await page.locator('#load-report').filter({ hasText: 'zahedan.jsonl: 1 document added' }).waitFor({ timeout: 60000 });
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /bomb\.txt\.gz: could not be read: inflates to more than 256 MB; skipped/);
  assert.match(report, /fake\.txt\.gz: could not be read: not gzip, or damaged/);
  await page.locator('#q').fill('Zahedan');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  assert.equal(await page.locator('#panic-banner').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  await nothingKept(page);
  await page.close();
});

test('a pack written by `trawl pack` adds its documents like any file', async () => {
  // The CLI is built by the native tests that run before these.
  const trawl = join(dirname(fileURLToPath(import.meta.url)), '../../target/debug/trawl');
  const dir = mkdtempSync(join(tmpdir(), 'trawl-pack-'));
  writeFileSync(join(dir, 'kars.md'), '# Seizure near Kars\n\nGendarmes near Kars seized 75 kg of heroin from a bus.');
  execFileSync(trawl, ['pack', dir, '-o', join(dir, 'mine.trawl')], { stdio: 'pipe' });
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [join(dir, 'mine.trawl')]);
  await page.locator('#load-report').waitFor();
  assert.match(await page.locator('#load-report').textContent(), /mine\.trawl: 1 document added/);
  await page.locator('#q').fill('Kars');
  await page.waitForFunction(() => document.querySelector('#count')?.textContent.includes('of 1 document'));
  // A damaged pack is refused with a message; the corpus stays.
  writeFileSync(join(dir, 'bad.trawl'), readFileSync(join(dir, 'mine.trawl')).subarray(0, 40));
  await page.setInputFiles('#file-input', [join(dir, 'bad.trawl')]);
  await page.waitForFunction(() => document.querySelector('#load-report')?.textContent.includes('bad.trawl: pack is damaged'));
  await page.locator('#clear-files').click();
  await page.waitForFunction(() => document.querySelector('#corpus-size')?.textContent.startsWith('5 documents (sample corpus)'));
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  rmSync(dir, { recursive: true, force: true });
  await page.close();
});
