// The remote benchmark's arithmetic (bench/remote.mjs): round trips from a server log, and queries that
// are the same on every run. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundTrips, twoWordQueries } from './bench/remote.mjs';

const span = (start, end) => ({ start, end });

test('counts overlapping requests as one round trip, and the longest chain apart', () => {
  assert.deepEqual(roundTrips([], 0), { merged: 0, chain: 0 });
  // Page, then two at once, then one after both: three round trips either way.
  assert.deepEqual(roundTrips([span(0, 50), span(60, 110), span(61, 120), span(130, 180)], 200), { merged: 3, chain: 3 });
  // A long download overlapped by two requests made one after the other: merged they are one, but the
  // second had to wait for the first.
  assert.deepEqual(roundTrips([span(0, 1000), span(100, 150), span(200, 250)], 1000), { merged: 1, chain: 2 });
  // A request still in flight ends now.
  assert.deepEqual(roundTrips([span(0, null), span(10, 20)], 30), { merged: 1, chain: 1 });
});

test('draws the same distinct two-word queries from titles', () => {
  const lines = ['The police seized heroin', 'Customs in Baku found opium', 'Border, the kg of heroin', 'Astara port news']
    .map((title, i) => JSON.stringify({ id: `d${i}`, title, body: '' }));
  const queries = twoWordQueries(lines, 4);
  assert.deepEqual(queries, twoWordQueries(lines, 4));
  assert.equal(new Set(queries).size, 4);
  for (const q of queries) {
    const [a, b] = q.split(' ');
    assert.notEqual(a, b);
    const inOneTitle = (l) => {
      const words = JSON.parse(l).title.toLowerCase().split(/\W+/);
      return words.includes(a) && words.includes(b);
    };
    assert.ok(lines.some(inOneTitle), q);
  }
});
