// compromise's people, organisations and places for each report of a tests/fixtures/ner JSONL file, for
// `cargo xtask eval-ner`. Prints {"<id>": {"person": [...], "org": [...], "place": [...]}}: the distinct
// texts of nlp(text).people() (honorific words such as Mr, Dr, President left out, as compromise tags them),
// .organizations() and .places(), where text is the title, a blank line and the body.
import { readFileSync } from 'node:fs';
import nlp from 'compromise';

const file = process.argv[2];
if (!file) {
  console.error('usage: node compromise.mjs FILE.jsonl');
  process.exit(2);
}
// The distinct texts of a match's parts (View.map returns a View, not an array, when it is empty).
const distinct = (view, text) => {
  const texts = [];
  view.forEach((m) => texts.push(text(m).trim()));
  return [...new Set(texts.filter((t) => t))];
};
const out = {};
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const report = JSON.parse(line);
  const text = report.title ? `${report.title}\n\n${report.body}` : report.body;
  const doc = nlp(text);
  out[report.id] = {
    person: distinct(doc.people(), (m) => m.not('#Honorific').text()),
    org: distinct(doc.organizations(), (m) => m.text()),
    place: distinct(doc.places(), (m) => m.text()),
  };
}
process.stdout.write(JSON.stringify(out));
