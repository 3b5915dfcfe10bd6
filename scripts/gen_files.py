#!/usr/bin/env python3
"""Makes a folder of N article files from Reuters-21578, deterministically.

    scripts/gen_files.py N OUT [--json-every K]

Articles are taken from Reuters in order and wrapped around when N exceeds 21,578; each
pass k > 0 gives the copy its own id (`<id>-k`) and moves its date k years forward
(mod 40, so dates stay within 1987-2026), so no two files are identical. Files go into
sub-folders of 1,000 (`OUT/0000/…`); every K-th file is JSON (`.json`, keys id, date,
headline, byline, body), the others are plain text with a `Title:/Date:/By:` header
block. Records with neither headline nor body are skipped. Never commit the output.
"""

import argparse
import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared/data/reuters21578/reuters21578.jsonl.gz"
if not REUTERS.exists():
    REUTERS = Path("/work/shared/data/reuters21578/reuters21578.jsonl.gz")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--json-every", type=int, default=5)
    a = ap.parse_args()
    with gzip.open(REUTERS, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if (r.get("headline") or "").strip() or (r.get("body") or "").strip()]
    for i in range(a.n):
        k, r = divmod(i, len(rows))
        r = rows[i % len(rows)]
        date = r.get("date") or ""
        if k and len(date) >= 10:
            year = 1987 + (int(date[:4]) - 1987 + k) % 40
            date = f"{year:04d}{date[4:10]}"
        else:
            date = date[:10]
        rid = r["id"] if k == 0 else f"{r['id']}-{k}"
        folder = a.out / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        headline = (r.get("headline") or "").strip()
        body = r.get("body") or ""
        if a.json_every and i % a.json_every == 0:
            doc = {"id": rid, "date": date, "headline": headline, "byline": r.get("byline"), "body": body}
            (folder / f"r{i:07d}.json").write_text(json.dumps(doc), encoding="utf-8")
        else:
            lines = [f"Title: {headline}"]
            if date:
                lines.append(f"Date: {date}")
            if r.get("byline"):
                lines.append(f"By: {r['byline'].strip()}")
            text = "\n".join(lines) + "\n\n" + body + "\n"
            (folder / f"r{i:07d}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
