"""spaCy's small English model on each report of a tests/fixtures/ner JSONL file, for `cargo xtask eval-ner`.

Prints {"<id>": {"person": [...], "org": [...], "place": [...]}}: the distinct texts of the entities
en_core_web_sm finds in the title, a blank line and the body. PERSON -> person, ORG -> org, GPE and LOC
-> place, FAC -> place only when the span names an airport, port or border crossing (its text says so);
other FAC spans and other labels are left out.
"""

import json
import re
import sys

import en_core_web_sm

KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
FAC_PLACE = re.compile(r"\b(airport|airfield|port|harbou?r|crossing|checkpoint)\b", re.IGNORECASE)


def kind_of(ent):
    if ent.label_ == "FAC":
        return "place" if FAC_PLACE.search(ent.text) else None
    return KINDS.get(ent.label_)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python spacy_ner.py FILE.jsonl")
    nlp = en_core_web_sm.load()
    out = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            report = json.loads(line)
            text = report["title"] + "\n\n" + report["body"] if report.get("title") else report["body"]
            found = {"person": [], "org": [], "place": []}
            for ent in nlp(text).ents:
                kind = kind_of(ent)
                name = ent.text.strip()
                if kind and name and name not in found[kind]:
                    found[kind].append(name)
            out[report["id"]] = found
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
