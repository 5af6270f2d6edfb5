// Uploads never replace one another: files with one name, folders with their paths, a file added
// again, the worker indexing only what was just added, everything back after a reload, and a report
// of one line per upload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { openPage, SHOTS } from './harness.mjs';

const file = (name, text) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
const sizeIs = (page, start) =>
  page.waitForFunction((s) => document.querySelector('#corpus-size')?.textContent.startsWith(s), start, { timeout: 60000 });
const count = async (page, q) => {
  await page.locator('#q').fill(q);
  await page.waitForFunction(() => /document|No matching/.test(document.querySelector('#count')?.textContent ?? ''));
  return page.locator('#count').textContent();
};
const ids = (page) => page.locator('#doc-list li').evaluateAll((lis) => lis.map((li) => li.dataset.id));
const kept = (page) => page.waitForFunction(() => document.querySelector('#keeping')?.textContent.includes('kept in this browser'));

/**
 * In the page: the keys IndexedDB holds for Trawl (database `trawl`, store `corpus`); with `none`,
 * whether it holds none (for `waitForFunction`).
 */
function savedKeys(none) {
  return new Promise((done) => {
    const open = indexedDB.open('trawl');
    open.onerror = () => done(['(could not open)']);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('corpus')) {
        db.close();
        done(none ? true : []);
        return;
      }
      const keys = db.transaction('corpus').objectStore('corpus').getAllKeys();
      keys.onsuccess = () => { db.close(); done(none ? keys.result.length === 0 : keys.result.map(String)); };
      keys.onerror = () => { db.close(); done(['(could not read)']); };
    };
  });
}

/** Removes the person's files, and waits until the browser's storage holds none (the next test's page
 * would otherwise open them). */
async function removeMine(page) {
  await page.locator('#clear-files').click();
  await sizeIs(page, '5 documents (sample corpus)');
  await page.waitForFunction(savedKeys, true, { polling: 100 });
}

/**
 * Before the page's scripts: a slow disk on demand, and a count of what IndexedDB has under way.
 * `__idb.hold = n` holds the next n `indexedDB.open` calls back (a busy device) until
 * `__idb.letGo()`; `__idb.held` counts those held now; `__idb.closing = n` makes the next n
 * transactions refused as on a connection the browser is closing (the page must open the database
 * again); `__idb.busy` counts the opens not yet succeeded and the transactions not yet finished, so
 * a test can wait until every write asked for has landed.
 */
function slowDisk(page) {
  return page.addInitScript(() => {
    let go;
    const gate = new Promise((r) => { go = r; });
    const idb = (window.__idb = { hold: 0, held: 0, closing: 0, busy: 0, letGo: () => go() });
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      const request = open.apply(this, args);
      let held = idb.hold > 0;
      if (held) idb.hold -= 1;
      idb.busy += 1;
      request.addEventListener('error', () => { idb.busy -= 1; });
      request.addEventListener('success', (e) => {
        if (!held) { idb.busy -= 1; return; }
        held = false;
        e.stopImmediatePropagation();
        idb.held += 1;
        gate.then(() => { idb.held -= 1; request.dispatchEvent(new Event('success')); });
      });
      return request;
    };
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (...args) {
      if (idb.closing > 0) {
        idb.closing -= 1;
        throw new DOMException('The database connection is closing.', 'InvalidStateError');
      }
      const tx = transaction.apply(this, args);
      idb.busy += 1;
      let finished = false;
      const settle = () => { if (!finished) { finished = true; idb.busy -= 1; } };
      tx.addEventListener('complete', settle);
      tx.addEventListener('abort', settle);
      return tx;
    };
  });
}

/** A folder `bbc/` as the BBC corpus has it: the same file names in two topics, and files to leave out. */
function bbcFolder() {
  const root = mkdtempSync(join(tmpdir(), 'trawl-bbc-'));
  const bbc = join(root, 'bbc');
  for (const topic of ['politics', 'business']) mkdirSync(join(bbc, topic), { recursive: true });
  writeFileSync(join(bbc, 'politics', '001.txt'), 'Blair calls election\n\nTony Blair said the election would be held in May, at Westminster.');
  writeFileSync(join(bbc, 'politics', '002.txt'), 'Howard attacks Blair\n\nMichael Howard attacked the election plans in Parliament.');
  writeFileSync(join(bbc, 'business', '001.txt'), 'Ad sales boost profits\n\nQuarterly profits at the media giant rose on advertising sales.');
  writeFileSync(join(bbc, 'business', 'chart.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  writeFileSync(join(bbc, 'politics', '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  return { root, bbc };
}

test('two files with one name both load, picked together, dropped, or added one after the other', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [
    file('001.txt', 'Ferries to Zanzibar\n\nPort officials in Zanzibar counted the ferries.'),
    file('001.txt', 'Tea prices\n\nAuction prices for tea in Mombasa fell again.'),
  ]);
  await sizeIs(page, '7 documents: the sample and 2 files of yours');
  assert.match(await count(page, 'Zanzibar'), /of 1 document/);
  assert.match(await count(page, 'Mombasa'), /of 1 document/);
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /001\.txt: 1 document added/);
  assert.match(report, /001-2\.txt: 1 document added/);

  // Dropped on the page: a third 001.txt is a third document.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Camels at Garissa\n\nTraders at Garissa sold camels.'], '001.txt'));
    const app = document.querySelector('.app');
    app.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    app.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await sizeIs(page, '8 documents: the sample and 3 files of yours');
  assert.match(await count(page, 'Garissa'), /of 1 document/);
  assert.match(await page.locator('#load-report').textContent(), /001-3\.txt: 1 document added/);

  // The same file again (same name, size and bytes) is not added twice, and the report says so.
  await page.setInputFiles('#file-input', [file('001.txt', 'Tea prices\n\nAuction prices for tea in Mombasa fell again.')]);
  await page.locator('#load-summary').filter({ hasText: '1 already added' }).waitFor({ timeout: 60000 });
  assert.equal(await page.locator('#load-summary').textContent(), 'No files added · 1 already added');
  assert.match(await page.locator('#corpus-size').textContent(), /^8 documents: the sample and 3 files of yours/);
  assert.match(await count(page, 'Mombasa'), /of 1 document/);
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a picked folder keeps the paths inside it; hidden files and unknown formats are left out', async () => {
  const { root, bbc } = bbcFolder();
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#folder-input', bbc);
  await sizeIs(page, '8 documents: the sample and 3 files of yours');
  await page.locator('#load-report summary').click();
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /bbc\/politics\/001\.txt: 1 document added/);
  assert.match(report, /bbc\/business\/001\.txt: 1 document added/);
  assert.match(report, /bbc\/politics\/002\.txt: 1 document added/);
  assert.match(report, /bbc: skipped 1 \.png file/);
  assert.doesNotMatch(report, /DS_Store/);
  assert.match(await count(page, 'Blair election'), /of 2 documents/);
  assert.match(await count(page, 'advertising'), /of 1 document/);
  // Two documents from two files named 001.txt, each opening its own text.
  const found = await (async () => { await count(page, 'Blair OR advertising'); return ids(page); })();
  assert.equal(new Set(found).size, 3, found.join());
  await page.screenshot({ path: join(SHOTS, 'upload-folder.png') });
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  rmSync(root, { recursive: true, force: true });
  await page.close();
});

test('dropped folders are walked to the bottom, each file keeping its path inside them', async () => {
  const { root, bbc } = bbcFolder();
  mkdirSync(join(bbc, 'politics', '2005'));
  writeFileSync(join(bbc, 'politics', '2005', '003.txt'), 'Kennedy on Iraq\n\nCharles Kennedy spoke on Iraq at the Liberal Democrat conference.');
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  // A real drop of two folders, as the browser makes it from a drag of files off the desktop.
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [join(bbc, 'politics'), join(bbc, 'business')], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 600, y: 500, data });
  await sizeIs(page, '9 documents: the sample and 4 files of yours');
  const report = await page.locator('#load-report').textContent();
  for (const path of ['politics/001.txt', 'politics/002.txt', 'politics/2005/003.txt', 'business/001.txt']) {
    assert.match(report, new RegExp(`(^|[^/])${path.replaceAll('.', '\\.')}: 1 document added`), path);
  }
  assert.match(report, /business: skipped 1 \.png file/);
  assert.doesNotMatch(report, /DS_Store/);
  assert.match(await count(page, 'Kennedy'), /of 1 document/);
  assert.match(await count(page, 'Blair election'), /of 2 documents/);
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  rmSync(root, { recursive: true, force: true });
  await page.close();
});

test('each upload is reported in one line, its details folded', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  const files = Array.from({ length: 40 }, (_, i) => file(`${String(i + 1).padStart(3, '0')}.txt`, `Report ${i}\n\nCustoms officers at post ${i} counted lorries.`));
  files.push(file('empty.txt', ''), { name: 'blob.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 0]) });
  await page.setInputFiles('#file-input', files);
  await sizeIs(page, '45 documents');
  const summary = page.locator('#load-summary');
  assert.equal(await summary.textContent(), '40 files added: 40 documents · 2 errors');
  assert.equal(await summary.getAttribute('class'), 'error');
  // Folded: the lines are there (for whoever opens it) but not shown, and the search box stays in view.
  assert.equal(await page.locator('#load-report').getAttribute('open'), null);
  assert.equal(await page.locator('#load-report li').count(), 42);
  assert.equal(await page.locator('#load-report li').first().isVisible(), false);
  const box = await page.locator('#q').boundingBox();
  assert.ok(box.y + box.height < 400, `search box at ${box.y}`);
  await page.screenshot({ path: join(SHOTS, 'upload-report.png') });
  await page.locator('#load-report summary').click();
  assert.equal(await page.locator('#load-report li.error').count(), 2);
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('adding a file after thousands of documents indexes only that file', async () => {
  // Every message of the indexing workers, as the page receives it.
  const page = await openPage('', {
    setup: (p) => p.addInitScript(() => {
      window.__workerMessages = [];
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', (e) => window.__workerMessages.push(e.data));
        }
      };
    }),
  });
  await page.locator('#doc-list li').first().waitFor();
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `n${i}`, title: `Note ${i}`, body: `Border post ${i} logged ${i % 50} lorries near Astara.` }));
  await page.setInputFiles('#file-input', [file('notes.jsonl', lines.join('\n'))]);
  await sizeIs(page, '3,005 documents');
  await kept(page);
  await page.evaluate(() => { window.__workerMessages = []; });
  await page.setInputFiles('#file-input', [file('one.txt', 'Lorries at Zorvakand\n\nA lorry was stopped at Zorvakand.')]);
  await sizeIs(page, '3,006 documents');
  // The worker's own counts: documents indexed for this upload. A reply is {body, blobs}, body in
  // postcard (crates/explorer/src/protocol.rs): `Progress` is variant 1, then its phase (`Indexing`
  // is 2), done and total, all varints. Earlier builds sent arrays or {kind, phase, total}.
  const indexed = await page.evaluate(() => window.__workerMessages
    .map((m) => {
      if (Array.isArray(m)) return { kind: m[0], phase: m[1], total: m[3] };
      if (!(m?.body instanceof Uint8Array)) return m;
      const b = m.body;
      let i = 0;
      const varint = () => { let v = 0, scale = 1, x; do { x = b[i++]; v += (x & 0x7f) * scale; scale *= 128; } while (x & 0x80); return v; };
      if (varint() !== 1) return {};
      const phase = ['starting', 'reading', 'indexing'][varint()];
      varint();
      return { kind: 'progress', phase, total: varint() };
    })
    .filter((m) => m.kind === 'progress' && m.phase === 'indexing')
    .map((m) => m.total));
  assert.deepEqual(indexed, [1]);
  assert.match(await count(page, 'Zorvakand'), /of 1 document/);
  assert.match(await count(page, 'Astara'), /of 3,00\d documents/);
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a reload brings back every upload, in order, without indexing; hiding the sample reads them again', async () => {
  const { root, bbc } = bbcFolder();
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#folder-input', bbc);
  await sizeIs(page, '8 documents');
  await kept(page);
  await page.setInputFiles('#file-input', [file('001.txt', 'Ferries to Zanzibar\n\nPort officials in Zanzibar counted the ferries.')]);
  await sizeIs(page, '9 documents: the sample and 4 files of yours');
  await kept(page);
  const before = await (async () => { await count(page, 'Blair OR Zanzibar OR advertising'); return ids(page); })();
  let workers = 0;
  page.on('worker', () => { workers += 1; });
  await page.reload();
  await sizeIs(page, '9 documents: the sample and 4 files of yours');
  assert.deepEqual(await (async () => { await count(page, 'Blair OR Zanzibar OR advertising'); return ids(page); })(), before);
  // Hidden and shown again, with no worker started: the packs kept are read, nothing is indexed.
  await page.locator('#toggle-sample').click();
  await sizeIs(page, '4 documents from 4 files of yours');
  assert.match(await count(page, 'Zanzibar'), /of 1 document/);
  await page.locator('#toggle-sample').click();
  await sizeIs(page, '9 documents: the sample and 4 files of yours');
  assert.equal(workers, 0);
  // The same folder again after the reload: nothing is added twice.
  await page.setInputFiles('#folder-input', bbc);
  await page.locator('#load-summary').filter({ hasText: '3 already added' }).waitFor({ timeout: 60000 });
  assert.match(await page.locator('#corpus-size').textContent(), /^9 documents/);
  // Removed: nothing is left in the browser's storage.
  await removeMine(page);
  await page.reload();
  await sizeIs(page, '5 documents (sample corpus)');
  assert.equal(await page.evaluate(savedKeys, true), true);
  assert.deepEqual(page.errors, []);
  rmSync(root, { recursive: true, force: true });
  await page.close();
});

test('files kept by an earlier version are indexed again once, then kept as uploads', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  // The record an earlier version kept: the files' bytes, and a pack this version cannot read.
  await page.evaluate(() => new Promise((done, fail) => {
    const open = indexedDB.open('trawl', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('corpus');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('corpus', 'readwrite');
      const bytes = new TextEncoder().encode('Old times in Tabriz\n\nPolice in Tabriz kept old records.');
      tx.objectStore('corpus').put({ files: [['old.txt', bytes]], withSample: true, pack: new Uint8Array([84, 82, 65, 87, 76, 80, 75, 0]) }, 'current');
      tx.oncomplete = () => { db.close(); done(); };
      tx.onabort = () => fail(tx.error);
    };
  }));
  await page.reload();
  await sizeIs(page, '6 documents: the sample and 1 file of yours');
  await kept(page);
  assert.match(await count(page, 'Tabriz'), /of 1 document/);
  const keys = await page.evaluate(savedKeys);
  assert.ok(!keys.includes('current'), keys.join());
  assert.ok(keys.includes('uploads'), keys.join());
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an upload kept in a format this version cannot read is named, to be added again; the rest opens', async () => {
  const page = await openPage();
  await page.locator('#doc-list li').first().waitFor();
  await page.setInputFiles('#file-input', [file('kept.txt', 'Kept well\n\nCustoms at Zorvakand kept their records.')]);
  await sizeIs(page, '6 documents: the sample and 1 file of yours');
  await kept(page);
  // A second upload, as a version with another pack format would have kept it.
  await page.evaluate(() => new Promise((done, fail) => {
    const open = indexedDB.open('trawl');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('corpus', 'readwrite');
      const store = tx.objectStore('corpus');
      const list = store.get('uploads');
      list.onsuccess = () => {
        const record = list.result;
        record.uploads.push({ id: 99, files: [['old/a.txt', 'old/a.txt', 10, '0000000000000001', 1], ['old/b.txt', 'old/b.txt', 10, '0000000000000002', 1]] });
        store.put(record, 'uploads');
        store.put(new Blob([new Uint8Array([84, 82, 65, 87, 76, 80, 75, 0, 1, 2, 3])]), 'upload 99');
      };
      tx.oncomplete = () => { db.close(); done(); };
      tx.onabort = () => fail(tx.error);
    };
  }));
  await page.reload();
  await sizeIs(page, '6 documents: the sample and 1 file of yours');
  await page.locator('#load-report').waitFor();
  const report = await page.locator('#load-report').textContent();
  assert.match(report, /2 files kept from an earlier visit: could not be opened \(.*version 0.*\); add them again: old\/a\.txt, old\/b\.txt/);
  assert.match(await count(page, 'Zorvakand'), /of 1 document/);
  // Forgotten, so the next reload does not report it again.
  const keys = await page.evaluate(savedKeys);
  assert.ok(!keys.includes('upload 99'), keys.join());
  await removeMine(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('files removed while they are still being kept do not come back after a reload', async () => {
  const page = await openPage('', { setup: slowDisk });
  await page.locator('#doc-list li').first().waitFor();
  // The upload's pack is to be kept when the browser has just closed the page's connection to the
  // database: it opens it again, on a slow disk (the open is held back).
  await page.evaluate(() => { window.__idb.hold = 1; window.__idb.closing = 1; });
  await page.setInputFiles('#file-input', [file('late.txt', 'Ferries at Zanzibar\n\nPort officials in Zanzibar counted the ferries.')]);
  await sizeIs(page, '6 documents: the sample and 1 file of yours');
  await page.waitForFunction(() => window.__idb.held === 1);
  // Removed before it is kept; then the disk catches up, and every write asked for lands.
  await page.locator('#clear-files').click();
  await sizeIs(page, '5 documents (sample corpus)');
  await page.evaluate(() => window.__idb.letGo());
  await page.waitForFunction(() => window.__idb.held === 0 && window.__idb.busy === 0, null, { polling: 50 });
  assert.deepEqual(await page.evaluate(savedKeys), []);
  await page.reload();
  await sizeIs(page, '5 documents (sample corpus)');
  assert.match(await count(page, 'Zanzibar'), /No matching/);
  assert.deepEqual(await page.evaluate(savedKeys), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
