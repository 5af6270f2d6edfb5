// A sharded collection (trawl pack --shard-docs) served beside the page: searching starts with the
// first shards and covers more as the others arrive; a shard that fails is reported and skipped.
// COLLECTION_URL is the same build serving the seeds and 3,000 generated reports in four shards of
// 1,000 documents (see `collection_site` in crates/xtask).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { openPage, SHOTS, nothingKept } from './harness.mjs';

const url = process.env.COLLECTION_URL;
const skip = url ? false : 'COLLECTION_URL is not set (cargo xtask e2e sets it)';

/** Holds back requests for one shard until `release()` is called. */
function holdShard(file) {
  let release;
  const released = new Promise((r) => { release = r; });
  const setup = async (page) => {
    await page.route(`**/collection/${file}`, async (route) => {
      await released;
      await route.continue();
    });
  };
  return { setup, release: () => release() };
}

const count = async (page) => (await page.locator('#count').textContent()).trim();

test('searches cover the shards loaded so far, then the whole collection', { skip }, async () => {
  const held = holdShard('shard-0002.trawl.gz');
  // A link to a document in the last shard, before it has loaded.
  const page = await openPage('#v=1&q=heroin&doc=d2990', { url, setup: held.setup });
  const status = page.locator('#collection-loading');
  await status.filter({ hasText: 'part 3 of 4' }).waitFor();
  // Two shards in: the seeds and 1,995 generated reports.
  await page.locator('#corpus-size').filter({ hasText: '2,000 documents' }).waitFor();
  assert.match(await count(page), /of [\d,]+ documents/);
  const total = async () => Number((await count(page)).match(/of ([\d,]+)/)[1].replace(/,/g, ''));
  const partial = await total();
  assert.ok(partial > 1900 && partial <= 2000, `${partial} hits in the first 2,000 documents`);
  // Not loaded yet is not "no such document".
  assert.equal(await page.locator('#notices').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'collection-loading.png') });

  held.release();
  await status.waitFor({ state: 'detached', timeout: 30000 });
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor();
  const whole = await total();
  assert.ok(whole > partial + 900, `${whole} hits once everything loaded`);
  // The linked document opened once its shard arrived.
  await page.locator('.reader').waitFor();
  assert.equal(await page.locator('#notices').count(), 0);

  // Entities, events and phrases work across shards: the seeds' people, the generated seizures.
  await page.goto(`${url}#v=1&q=${encodeURIComponent('person:Kakavand')}`);
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  assert.match(await count(page), /^1–[\d,]+ of [\d,]+ documents?$/);
  await page.goto(`${url}#v=1&tab=events&q=${encodeURIComponent('"heroin in Astara" kg:>899')}`);
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  await page.locator('#events-table tbody tr').first().waitFor();
  // Thousands of events: the table shows the first 200, the count and the totals cover them all.
  await page.goto(`${url}#v=1&tab=events&esort=kg`);
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  await page.locator('#events-more').waitFor();
  assert.equal(await page.locator('#events-table tbody tr').count(), 200);
  const events = (await page.locator('#events-count').textContent()).match(/^([\d,]+) events/)[1];
  assert.ok(Number(events.replace(/,/g, '')) > 2000, events);
  assert.match(await page.locator('#events-more').textContent(), new RegExp(`^The first 200 of ${events} events`));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  await page.close();
});

test('a shard that cannot be fetched is reported; the others load', { skip }, async () => {
  const page = await openPage('#v=1&q=heroin', {
    url,
    setup: (p) => p.route('**/collection/shard-0001.trawl.gz', (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  await page.locator('#collection-report').filter({ hasText: 'shard-0001.trawl.gz' }).waitFor({ timeout: 30000 });
  assert.match(await page.locator('#collection-report').textContent(), /part 2 of 4 \(shard-0001\.trawl\.gz\) was skipped: HTTP 404/);
  await page.locator('#collection-loading').waitFor({ state: 'detached', timeout: 30000 });
  await page.locator('#corpus-size').filter({ hasText: '2,005 documents' }).waitFor();
  // The 404 itself is the browser's console line, not a page error.
  assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
  await page.close();
});

test('a damaged shard is refused, never a panic', { skip }, async () => {
  // A real shard's magic, with this build's pack format version, before bytes that are no pack.
  const shard = await (await fetch(`${url}collection/shard-0000.trawl.gz`)).arrayBuffer();
  const magic = gunzipSync(Buffer.from(shard)).subarray(0, 8);
  const page = await openPage('#v=1&q=heroin', {
    url,
    setup: async (p) => {
      // Good gzip around a bad pack (of the version this build reads), and bytes that are not gzip at all.
      await p.route('**/collection/shard-0003.trawl.gz', (route) => route.fulfill({
        status: 200,
        contentType: 'application/octet-stream',
        body: gzipSync(Buffer.concat([magic, Buffer.from('not really a pack')])),
      }));
      await p.route('**/collection/shard-0002.trawl.gz', (route) => route.fulfill({
        status: 200, contentType: 'application/octet-stream', body: Buffer.from('not gzip'),
      }));
    },
  });
  const report = page.locator('#collection-report');
  await report.filter({ hasText: 'shard-0003.trawl.gz' }).waitFor({ timeout: 30000 });
  assert.match(await report.textContent(), /part 4 of 4 \(shard-0003\.trawl\.gz\) was skipped: pack is damaged/);
  assert.match(await report.textContent(), /part 3 of 4 \(shard-0002\.trawl\.gz\) was skipped: not gzip, or damaged/);
  await page.locator('#corpus-size').filter({ hasText: '2,000 documents' }).waitFor();
  assert.equal(await page.locator('#panic-banner').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: join(SHOTS, 'collection-problems.png') });
  await page.close();
});

test('files added to a collection are searched with it, and kept', { skip }, async () => {
  const page = await openPage('', { url });
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents' }).waitFor({ timeout: 30000 });
  await page.locator('#file-input').setInputFiles({
    name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from('Zanzibar customs seized 12 kg of heroin.'),
  });
  await page.locator('#corpus-size').filter({ hasText: '3,006 documents: the collection and 1 file of yours' }).waitFor({ timeout: 30000 });
  await page.locator('#keeping').filter({ hasText: 'kept in this browser' }).waitFor();
  await page.locator('#toggle-sample').filter({ hasText: 'Hide collection' }).click();
  await page.locator('#corpus-size').filter({ hasText: '1 document from 1 file of yours' }).waitFor({ timeout: 30000 });
  // Reload: the collection loads again, the kept file comes back with it.
  await page.locator('#toggle-sample').click();
  await page.locator('#corpus-size').filter({ hasText: '3,006 documents' }).waitFor({ timeout: 30000 });
  await page.reload();
  await page.locator('#corpus-size').filter({ hasText: '3,006 documents: the collection and 1 file of yours' }).waitFor({ timeout: 30000 });
  await page.locator('#clear-files').click();
  await page.locator('#corpus-size').filter({ hasText: '3,005 documents ·' }).waitFor({ timeout: 30000 });
  await nothingKept(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});
