// The person's own files: a link to a document only the sender had says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';

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
