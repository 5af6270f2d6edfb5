#!/usr/bin/env python3
"""Selects the news reports of the blind named-entity evaluation set (tests/fixtures/ner).

Run from the repository root:  python3 tests/ner/select_reports.py [--corpora /work/data/corpora]

Reads three real news collections (see /work/data/corpora/README.md), picks 80 reports with a fixed seed
(40 Lee ABC reports, 28 Reuters-21578 reports spread over topics, the 12 English article pages of
newspaper4k's test data), normalises whitespace only, splits them 40/40 stratified by source (and by topic
for Reuters) and writes tests/fixtures/ner/dev.jsonl and heldout.jsonl. Prints what it did. Deterministic:
the same corpora give the same files byte for byte.
"""

import argparse
import html
import json
import random
import re
import sys
from pathlib import Path

SEED = 14
MIN_CHARS = 600
MAX_CHARS = 3000
N_LEE = 40
# Reuters topics (the single topic Reuters gave the report, read from the R52 list) and how many of each.
REUTERS_QUOTA = [
    ("acq", 5),
    ("crude", 4),
    ("earn", 3),
    ("trade", 3),
    ("money-fx", 3),
    ("interest", 2),
    ("grain", 2),
    ("ship", 1),
    ("coffee", 1),
    ("sugar", 1),
    ("gold", 1),
    ("jobs", 1),
    ("money-supply", 1),
]
# The English article pages (front pages, non-English pages, cnn_summary (a summary, not a report) and
# video_article_01 (the same text as cleveland.com1) are left out).
WEB_PAGES = [
    "article_with_br",
    "article_with_divs",
    "cleveland.com1",
    "cnn_001",
    "cnn_002",
    "cnn_article",
    "cnn_test_nlp",
    "fox13now_001",
    "time_001",
    "video_article_02",
    "wired_001",
    "yna_co_kr",
]


def squash(text):
    """Whitespace normalised: runs of spaces and tabs inside a line become one space; lines trimmed."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def paragraphs_text(paragraphs):
    return "\n\n".join(p for p in (squash(p) for p in paragraphs) if p)


def read_lee(root):
    """Lee ABC reports: one report per line, lee_background.cor (ASCII) and lee.cor (ISO-8859-1)."""
    docs = []
    seen = set()
    for name, encoding in [("lee_background.cor", "ascii"), ("lee.cor", "latin-1")]:
        lines = (root / "lee-abc-news-gensim" / name).read_text(encoding=encoding).splitlines()
        for number, line in enumerate(lines, 1):
            body = squash(line)
            if not body or body in seen:
                continue
            seen.add(body)
            stem = "bg" if name == "lee_background.cor" else "lee"
            docs.append({"id": f"lee-{stem}-{number:03}", "source": "lee", "body": body})
    return docs


def norm_letters(text):
    """The R52 list's form of a report: letters only, lower case, single spaces."""
    return " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())


def read_r52_topics(root):
    folder = root / "reuters21578-r8-r52-orange3text"
    topics = {}
    for name in ["reuters-r52-train.tab", "reuters-r52-test.tab"]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        for line in lines[3:]:
            topic, _, text = line.partition("\t")
            if text:
                topics.setdefault(text.strip(), topic)
    return topics


def arff_strings(path):
    """The quoted Text values of an ARFF file, unescaped (\\n, \\', \\")."""
    for line in path.read_text(encoding="latin-1").splitlines():
        if not line.startswith("'"):
            continue
        quoted = line[1 : line.rindex("'")]
        yield re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), quoted)


def split_reuters(raw):
    """An ARFF text is "TITLE Body…": the title is the leading run of words without a lower-case letter.
    Paragraphs start with an indented line; the end-of-text mark (&#3;) and the "Reuter" sign-off go."""
    text = raw.replace("&#3;", "")
    text = re.sub(r"\s*\bReuter\s*$", "", text.rstrip(), flags=re.IGNORECASE)
    text = html.unescape(text)
    words = text.split(" ")
    n_title = 0
    while n_title < len(words) and not re.search(r"[a-z]", words[n_title]):
        n_title += 1
    if 0 < n_title < len(words) and re.match(r"\s*[a-z]", words[n_title]):
        n_title -= 1  # the body began with a word in capitals ("OPEC crude oil output…")
    title = squash(" ".join(words[:n_title]).replace("\n", " "))
    body = " ".join(words[n_title:])
    paragraphs = [p.replace("\n", " ") for p in re.split(r"\n(?=[ \t]+\S)", body)]
    return title, paragraphs_text(paragraphs)


def read_reuters(root, topics):
    folder = root / "reuters21578-weka-arff"
    docs = []
    seen = set()
    for split in ["train", "test"]:
        # The Grain and Corn files hold the same texts; Grain is read.
        for number, raw in enumerate(arff_strings(folder / f"ReutersGrain-{split}.arff"), 1):
            key = norm_letters(raw.replace("&#3;", ""))
            key = re.sub(r" reuter$", "", key)
            if key in seen:
                continue
            seen.add(key)
            topic = topics.get(key) or topics.get(key + " reuter")
            if topic is None:
                continue  # several topics, or none: not in R52
            title, body = split_reuters(raw)
            if title in seen:
                continue  # the same story again (a repeat or a correction)
            seen.add(title)
            docs.append(
                {"id": f"reuters-{split}-{number:04}", "source": "reuters", "title": title, "body": body,
                 "topic": topic}
            )
    return docs


def cut_at_paragraph(paragraphs, limit):
    """The leading paragraphs that fit in `limit` characters (at least the first)."""
    kept = []
    size = 0
    for p in paragraphs:
        extra = len(p) + (2 if kept else 0)
        if kept and size + extra > limit:
            break
        kept.append(p)
        size += extra
    return kept


def read_web(root):
    folder = root / "newspaper4k-test-pages"
    docs = []
    for name in WEB_PAGES:
        meta = json.loads((folder / "metadata" / f"{name}.json").read_text(encoding="utf-8"))
        assert meta.get("language") == "en", name
        text = (folder / "txt" / f"{name}.txt").read_text(encoding="utf-8")
        paragraphs = [squash(p) for p in re.split(r"\n\s*\n", text)]
        paragraphs = [p for p in paragraphs if p]
        kept = cut_at_paragraph(paragraphs, MAX_CHARS)
        doc = {"id": f"web-{name}", "source": "web", "title": squash(meta["title"]), "body": "\n\n".join(kept)}
        doc["cut"] = len(kept) < len(paragraphs)
        docs.append(doc)
    return docs


def halves(docs, rng):
    """Shuffled, then dealt alternately: dev gets the even places, held-out the odd ones."""
    docs = list(docs)
    rng.shuffle(docs)
    return docs[0::2], docs[1::2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="/work/data/corpora", type=Path)
    parser.add_argument("--out", default=Path(__file__).resolve().parents[1] / "fixtures" / "ner", type=Path)
    args = parser.parse_args()
    rng = random.Random(SEED)

    def fits(d):
        return MIN_CHARS <= len(d["body"]) <= MAX_CHARS

    lee_all = read_lee(args.corpora)
    lee_ok = [d for d in lee_all if fits(d)]
    lee = rng.sample(lee_ok, N_LEE)
    print(f"lee: {len(lee_all)} reports, {len(lee_ok)} of {MIN_CHARS}-{MAX_CHARS} chars, {len(lee)} drawn")

    topics = read_r52_topics(args.corpora)
    reuters_all = read_reuters(args.corpora, topics)
    reuters_ok = [d for d in reuters_all if fits(d)]
    print(f"reuters: {len(reuters_all)} single-topic reports, {len(reuters_ok)} of {MIN_CHARS}-{MAX_CHARS} chars")
    reuters = []
    for topic, n in REUTERS_QUOTA:
        pool = [d for d in reuters_ok if d["topic"] == topic]
        drawn = rng.sample(pool, n)
        print(f"  {topic}: {len(pool)} eligible, {n} drawn: {', '.join(d['id'] for d in drawn)}")
        reuters.extend(drawn)

    web = read_web(args.corpora)
    print(f"web: {len(web)} English article pages; cut at a paragraph to <= {MAX_CHARS} chars: "
          + ", ".join(d["id"] for d in web if d["cut"]))

    dev, heldout = [], []
    for group in [lee, web] + [[d for d in reuters if d["topic"] == t] for t, _ in REUTERS_QUOTA]:
        a, b = halves(group, rng)
        # Odd-sized groups (single-report topics) alternate which half gets the extra one.
        if len(a) > len(b) and len(dev) > len(heldout):
            a, b = b, a
        dev.extend(a)
        heldout.extend(b)

    args.out.mkdir(parents=True, exist_ok=True)
    for name, docs in [("dev", dev), ("heldout", heldout)]:
        docs = sorted(docs, key=lambda d: d["id"])
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for d in docs:
                row = {"id": d["id"], "source": d["source"]}
                if "title" in d:
                    row["title"] = d["title"]
                row["body"] = d["body"]
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts = {s: sum(d["source"] == s for d in docs) for s in ["lee", "reuters", "web"]}
        chars = sum(len(d["body"]) + len(d.get("title", "")) for d in docs)
        print(f"{name}: {len(docs)} reports {counts}, {chars} chars -> {args.out / (name + '.jsonl')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
