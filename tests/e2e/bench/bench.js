// One engine, one corpus size: build the index from JSON Lines, run the query set, and report build
// time, query p50/p95, heap growth and index bytes on window.__result. The corpus and queries are
// generated from a fixed seed, so every engine sees exactly the same documents and queries.
const params = new URLSearchParams(location.search);
const ENGINE_PARAM = params.get('engine') ?? 'trawl';
// `trawl-snippets`: Trawl's search as the explorer runs it, with a snippet and highlights per hit.
const SNIPPETS = ENGINE_PARAM === 'trawl-snippets';
const ENGINE = SNIPPETS ? 'trawl' : ENGINE_PARAM;
const N = Number(params.get('n') ?? 1000);
const ROUNDS = 5;

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A vocabulary of pronounceable words with Zipf-distributed frequencies (s = 1), like news text.
const rand = mulberry32(42);
const SYL = ['ka', 'ro', 'mi', 'tan', 'le', 'vo', 'shi', 'ar', 'zen', 'do', 'pu', 'ri', 'nas', 'el', 'gor', 'ti', 'ba', 'qu', 'sel', 'han'];
const vocab = [];
const seen = new Set();
while (vocab.length < 30000) {
  let w = '';
  const n = 1 + Math.floor(rand() * 3) + (vocab.length > 2000 ? 1 : 0);
  for (let i = 0; i < n; i++) w += SYL[Math.floor(rand() * SYL.length)];
  if (!seen.has(w)) { seen.add(w); vocab.push(w); }
}
const cdf = [];
let acc = 0;
for (let r = 1; r <= vocab.length; r++) { acc += 1 / r; cdf.push(acc); }
const word = () => {
  const x = rand() * acc;
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
  return vocab[lo];
};
const sentence = (n) => Array.from({ length: n }, word).join(' ');

const lines = [];
for (let i = 0; i < N; i++) {
  const title = sentence(6);
  const body = Array.from({ length: 8 }, () => sentence(15) + '.').join(' ');
  lines.push(JSON.stringify({ id: `d${i}`, title, body }));
}
const jsonl = lines.join('\n');

// Queries: common words, mid-frequency words, and two-word AND queries of each.
const qrand = mulberry32(7);
const pick = (lo, hi) => vocab[lo + Math.floor(qrand() * (hi - lo))];
const queries = [];
for (let i = 0; i < 10; i++) queries.push(pick(10, 60));
for (let i = 0; i < 10; i++) queries.push(pick(300, 2000));
for (let i = 0; i < 10; i++) queries.push(`${pick(300, 2000)} ${pick(300, 2000)}`);
for (let i = 0; i < 10; i++) queries.push(`${pick(10, 60)} ${pick(300, 2000)}`);

const heap = () => { window.gc?.(); return performance.memory?.usedJSHeapSize ?? 0; };

const engines = {
  async trawl() {
    await wasm_bindgen('engine/bench_engine_bg.wasm');
    const bytes = new TextEncoder().encode(jsonl);
    const mem0 = wasm_bindgen.wasm_memory_bytes();
    const h0 = heap();
    const t0 = performance.now();
    const index = new wasm_bindgen.BenchIndex(bytes);
    const build = performance.now() - t0;
    const memory = wasm_bindgen.wasm_memory_bytes() - mem0 + Math.max(0, heap() - h0);
    const search = SNIPPETS ? (q) => index.search(q) : (q) => index.rank(q);
    return { build, memory, indexBytes: index.index_bytes(), search, docs: index.docs() };
  },
  async minisearch() {
    const h0 = heap();
    const t0 = performance.now();
    const docs = jsonl.split('\n').map((l) => JSON.parse(l));
    const ms = new MiniSearch({ fields: ['title', 'body'], searchOptions: { combineWith: 'AND' } });
    ms.addAll(docs);
    const build = performance.now() - t0;
    const memory = heap() - h0;
    return { build, memory, indexBytes: JSON.stringify(ms).length, search: (q) => ms.search(q).length, docs: ms.documentCount };
  },
  async flexsearch() {
    const h0 = heap();
    const t0 = performance.now();
    const docs = jsonl.split('\n').map((l) => JSON.parse(l));
    const index = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'body'] } });
    for (const d of docs) index.add(d);
    const build = performance.now() - t0;
    const memory = heap() - h0;
    let indexBytes = 0;
    try {
      await index.export((key, data) => { indexBytes += (data ?? '').length; });
    } catch { indexBytes = NaN; }
    const search = (q) => {
      const ids = new Set();
      for (const field of index.search(q, { limit: 10 })) for (const id of field.result) ids.add(id);
      return ids.size;
    };
    return { build, memory, indexBytes, search, docs: docs.length };
  },
  async lunr() {
    const h0 = heap();
    const t0 = performance.now();
    const docs = jsonl.split('\n').map((l) => JSON.parse(l));
    const idx = lunr(function () {
      this.ref('id');
      this.field('title');
      this.field('body');
      for (const d of docs) this.add(d);
    });
    const build = performance.now() - t0;
    const memory = heap() - h0;
    const search = (q) => idx.search(q.split(' ').map((w) => `+${w}`).join(' ')).length;
    return { build, memory, indexBytes: JSON.stringify(idx).length, search, docs: docs.length };
  },
};

async function run() {
  const built = await engines[ENGINE]();
  window.__search = built.search; // for profiling a query from outside (DevTools, CDP)
  const times = [];
  const byQuery = queries.map(() => []);
  const hits = queries.map((q) => built.search(q)); // warm-up round, and the hit counts
  // Browsers coarsen performance.now() (0.1 ms here), so each query runs until 2 ms have passed
  // and its time is the mean of those runs; ROUNDS such times per query make the distribution.
  for (let r = 0; r < ROUNDS; r++) {
    for (const [qi, q] of queries.entries()) {
      let runs = 0;
      const t0 = performance.now();
      let t1 = t0;
      while (t1 - t0 < 2) {
        built.search(q);
        runs += 1;
        t1 = performance.now();
      }
      times.push((t1 - t0) / runs);
      byQuery[qi].push((t1 - t0) / runs);
    }
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return {
    engine: ENGINE_PARAM, n: N, docs: built.docs, corpusBytes: jsonl.length,
    buildMs: built.build, p50: pct(0.5), p95: pct(0.95), heapBytes: built.memory, indexBytes: built.indexBytes,
    hits: hits.reduce((a, b) => a + b, 0),
    // Each query's median time and its matches, for looking at where the time goes (PER_QUERY=1).
    perQuery: queries.map((q, i) => ({ q, hits: hits[i], ms: byQuery[i].sort((a, b) => a - b)[ROUNDS >> 1] })),
  };
}

run().then(
  (r) => { window.__result = r; document.getElementById('out').textContent = JSON.stringify(r, null, 2); },
  (e) => { window.__result = { engine: ENGINE_PARAM, n: N, error: String(e) }; document.getElementById('out').textContent = String(e); },
);
