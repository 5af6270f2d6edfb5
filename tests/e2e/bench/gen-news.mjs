// Writes N synthetic news-like documents as JSON Lines to OUT, by default /tmp/big/bigN.jsonl (for
// bench-upload.mjs): a Zipf vocabulary with news words mixed in, a date, and one seizure sentence
// per document. Run: mkdir -p /tmp/big && node bench/gen-news.mjs 100000 [OUT]
import { openSync, writeSync, closeSync } from 'node:fs';
let seed = 42;
const rand = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const SYL = ['ka', 'ro', 'mi', 'tan', 'le', 'vo', 'shi', 'ar', 'zen', 'do', 'pu', 'ri', 'nas', 'el', 'gor', 'ti', 'ba', 'qu', 'sel', 'han'];
const vocab = []; const seen = new Set();
while (vocab.length < 30000) { let w = ''; const n = 1 + Math.floor(rand() * 3) + (vocab.length > 2000 ? 1 : 0); for (let i = 0; i < n; i++) w += SYL[Math.floor(rand() * SYL.length)]; if (!seen.has(w)) { seen.add(w); vocab.push(w); } }
// Real news words mixed in, so extraction finds places, drugs and quantities.
const news = ['police', 'seized', 'kg', 'of', 'heroin', 'in', 'Astara', 'Baku', 'Iran', 'Azerbaijan', 'customs', 'opium', 'Moscow', 'the', 'border'];
const cdf = []; let acc = 0; for (let r = 1; r <= vocab.length; r++) { acc += 1 / r; cdf.push(acc); }
const word = () => { if (rand() < 0.1) return news[Math.floor(rand() * news.length)]; const x = rand() * acc; let lo = 0, hi = cdf.length - 1; while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; } return vocab[lo]; };
const sentence = (n) => Array.from({ length: n }, word).join(' ');
const N = Number(process.argv[2] ?? 100000);
// Written 10,000 lines at a time: a million documents are more text than one string may hold.
const out = openSync(process.argv[3] ?? `/tmp/big/big${N}.jsonl`, 'w');
let lines = [];
for (let i = 0; i < N; i++) {
  lines.push(JSON.stringify({ id: `d${i}`, title: sentence(6), date: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, body: Array.from({ length: 8 }, () => sentence(15) + '.').join(' ') + ` Police seized ${1 + (i % 900)} kg of heroin in Astara.` }));
  if (lines.length === 10000 || i === N - 1) {
    writeSync(out, (i >= 10000 ? '\n' : '') + lines.join('\n'));
    lines = [];
  }
}
closeSync(out);
