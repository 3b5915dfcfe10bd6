#!/usr/bin/env python3
"""Generates a deterministic synthetic JSONL corpus of N articles for scale tests.

    scripts/gen_synthetic.py N OUT [--seed 1] [--shard 10000]

Text comes from Reuters-21578, the open-news set (Wikinews, HHS) and the relevance
collections (TIME, CISI, CRAN, MED). Each article takes its headline and body from one
source document and appends part of another (so vocabulary and lengths vary, mean about
1.7 KB), gets the id `syn-<n>`, a date spread uniformly over 1987-01-01..2026-12-31 and,
for one in four, a byline from a fixed list. 1,000,000 articles make about 1.7 GB.
OUT is a folder of JSON Lines shards (`part-00000.jsonl`, --shard articles each, so
`dateline index OUT` parses shards in parallel with bounded memory); with `--shard 0`
OUT is one `.jsonl` file. Same N and seed, same bytes. Never commit the output.
"""

import argparse
import datetime
import gzip
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared/data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
BYLINES = ["By Jane Roe, Reuters", "By John Kirby", "By Maria Lopez", "By Chen Wei",
           "By Ahmed Hassan", "By Sarah O'Neill", "Wikinews", "By Staff Reporter"]


def sources():
    docs = []
    with gzip.open(DATA / "reuters21578/reuters21578.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append((r.get("headline") or "", r.get("body") or ""))
    for name in ("wikinews_gum.jsonl", "hhs_press_releases.jsonl"):
        with open(DATA / "open-news" / name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                docs.append((r.get("headline") or "", r.get("body") or ""))
    for coll in ("time", "cisi", "cran", "med"):
        with open(DATA / "relevance" / coll / "docs.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                docs.append((r.get("title") or "", r.get("body") or ""))
    return [(h.strip(), b) for h, b in docs if b.strip() or h.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shard", type=int, default=10000)
    a = ap.parse_args()
    docs = sources()
    rng = random.Random(a.seed)
    start = datetime.date(1987, 1, 1).toordinal()
    span = datetime.date(2026, 12, 31).toordinal() - start + 1
    if a.shard:
        a.out.mkdir(parents=True, exist_ok=True)
    out = None
    try:
        for i in range(a.n):
            if out is None or (a.shard and i % a.shard == 0):
                if out:
                    out.close()
                name = a.out / f"part-{i // a.shard:05d}.jsonl" if a.shard else a.out
                out = open(name, "w", encoding="utf-8")
            head, body = docs[rng.randrange(len(docs))]
            _, extra = docs[rng.randrange(len(docs))]
            cut = rng.randrange(len(extra) // 2, len(extra) + 1) if extra else 0
            if cut:
                body = body + "\n\n" + extra[:cut]
            if not head:
                head = body[:60].split("\n")[0]
            day = datetime.date.fromordinal(start + rng.randrange(span)).isoformat()
            rec = {"id": f"syn-{i}", "date": day, "headline": head,
                   "byline": BYLINES[rng.randrange(len(BYLINES))] if rng.random() < 0.25 else None,
                   "body": body}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()


if __name__ == "__main__":
    main()
