#!/usr/bin/env python3
"""Regenerate the bundled sample corpus (corpus/wikinews and corpus/hhs).

Reads the two open-news JSON Lines files and writes one file per article,
laid out by source and year as a user's saved folder would be:

    corpus/wikinews/YYYY/<slug>.txt   plain text, "Key: value" header block
    corpus/hhs/YYYY/<slug>.json       pretty-printed JSON object

Usage (from any directory):

    python3 scripts/make_corpus.py [OPEN_NEWS_DIR]

OPEN_NEWS_DIR defaults to ../shared/data/open-news relative to the repo root.
Standard library only. Deterministic and idempotent: corpus/wikinews and
corpus/hhs are deleted and recreated on every run; nothing else in corpus/ is
touched. After writing, every file is read back and compared with its source
record; any mismatch is a non-zero exit.

See docs/CORPUS.md for the contents and licences.
"""

import argparse
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "open-news"
CORPUS = REPO_ROOT / "corpus"

WIKINEWS_FILE = "wikinews_gum.jsonl"
HHS_FILE = "hhs_press_releases.jsonl"
WIKINEWS_COUNT = 43
HHS_COUNT = 221

HHS_SOURCE = "U.S. Department of Health and Human Services"
HHS_KEYS = ["id", "headline", "byline", "date", "body", "source", "source_url", "license"]
WIKINEWS_HEADER = ["Title", "Author", "Date", "Source", "URL", "License", "Id"]
LICENSE_SEP = " \u2014 "  # " — " between the licence and the attribution

SLUG_MAX = 80
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def slugify(text, max_len=SLUG_MAX):
    """Lowercase ASCII words joined by '-', cut at a word boundary <= max_len."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"['`]", "", text)  # "daughter's" -> "daughters" (’ folded away above)
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", "", text)  # "u.s." -> "us."
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = word if not slug else slug + "-" + word
        if len(candidate) > max_len:
            break
        slug = candidate
    if not slug and words:  # a single word longer than max_len
        slug = words[0][:max_len]
    return slug or "article"


def load_jsonl(path, expected):
    records = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{lineno}: invalid JSON: {e}")
    if len(records) != expected:
        sys.exit(f"{path}: expected {expected} articles, found {len(records)}")
    for r in records:
        if not DATE_RE.match(r.get("date") or ""):
            sys.exit(f"{path}: article {r.get('id')!r} has no YYYY-MM-DD date")
    return records


def assign_paths(records, subdir, ext, slug_of, taken):
    """Return [(record, Path)], slugs unique across the whole corpus."""
    out = []
    # Sort so collision suffixes never depend on the input order.
    for r in sorted(records, key=lambda r: (r["date"], r["id"])):
        base = slug_of(r)
        slug, n = base, 2
        while slug in taken:
            suffix = f"-{n}"
            slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
            n += 1
        taken.add(slug)
        out.append((r, CORPUS / subdir / r["date"][:4] / f"{slug}{ext}"))
    return out


def write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --- Wikinews: plain text with a header block -------------------------------

def wikinews_text(r):
    header = {
        "Title": r["headline"],
        "Author": r["byline"],
        "Date": r["date"],
        "Source": "Wikinews",
        "URL": r["source_url"],
        "License": r["license"] + LICENSE_SEP + r["attribution"],
        "Id": r["id"],
    }
    for key, value in header.items():
        if "\n" in value or value != value.strip():
            sys.exit(f"wikinews {r['id']}: {key} cannot go on one header line: {value!r}")
    lines = [f"{k}: {header[k]}" for k in WIKINEWS_HEADER]
    return "\n".join(lines) + "\n\n" + r["body"] + "\n"


def parse_wikinews_text(text):
    head, sep, body = text.partition("\n\n")
    if not sep or not body.endswith("\n"):
        raise ValueError("no blank line after the header, or no trailing newline")
    fields = {}
    for line in head.split("\n"):
        key, colon, value = line.partition(": ")
        if not colon:
            raise ValueError(f"bad header line {line!r}")
        fields[key] = value
    if list(fields) != WIKINEWS_HEADER:
        raise ValueError(f"header keys {list(fields)}")
    license_, _, attribution = fields["License"].partition(LICENSE_SEP)
    return {
        "id": fields["Id"],
        "headline": fields["Title"],
        "byline": fields["Author"],
        "date": fields["Date"],
        "source_url": fields["URL"],
        "license": license_,
        "attribution": attribution,
        "body": body[:-1],
    }


# --- HHS: pretty-printed JSON -------------------------------------------------

def hhs_object(r):
    obj = {
        "id": r["id"],
        "headline": r["headline"],
        "byline": r["byline"],
        "date": r["date"],
        "body": r["body"],
        "source": HHS_SOURCE,
        "source_url": r["source_url"],
        "license": r["license"],
    }
    assert list(obj) == HHS_KEYS
    return obj


def hhs_text(r):
    return json.dumps(hhs_object(r), ensure_ascii=False, indent=2) + "\n"


def hhs_slug(r):
    # The ids are already "hhs-YYYY-MM-DD-words"; drop the redundant prefix.
    return slugify(re.sub(r"^hhs-", "", r["id"]))


# --- main ---------------------------------------------------------------------

def verify(wikinews, hhs):
    problems = []
    ids = set()
    for r, path in wikinews + hhs:
        if r["id"] in ids:
            problems.append(f"duplicate id {r['id']}")
        ids.add(r["id"])
        raw = path.read_bytes()
        if b"\r" in raw or not raw.endswith(b"\n") or raw.startswith(b"\xef\xbb\xbf"):
            problems.append(f"{path}: not LF-terminated UTF-8 without BOM")
        text = raw.decode("utf-8")
        try:
            if path.suffix == ".txt":
                got = parse_wikinews_text(text)
                want = {k: r[k] for k in got}
            else:
                got = json.loads(text)
                want = hhs_object(r)
                if list(got) != HHS_KEYS:
                    problems.append(f"{path}: keys {list(got)}")
        except ValueError as e:
            problems.append(f"{path}: does not parse back: {e}")
            continue
        if got != want:
            diff = [k for k in want if got.get(k) != want[k]]
            problems.append(f"{path}: fields differ after round trip: {diff}")
    files = sorted(p for p in CORPUS.glob("wikinews/**/*") if p.is_file())
    files += sorted(p for p in CORPUS.glob("hhs/**/*") if p.is_file())
    expected = len(wikinews) + len(hhs)
    if len(files) != expected:
        problems.append(f"{len(files)} files on disk, expected {expected}")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("open_news", nargs="?", default=str(DEFAULT_SOURCE),
                    help="folder holding %s and %s (default: %s)"
                    % (WIKINEWS_FILE, HHS_FILE, DEFAULT_SOURCE))
    args = ap.parse_args(argv)
    src = Path(args.open_news).resolve()

    wik_records = load_jsonl(src / WIKINEWS_FILE, WIKINEWS_COUNT)
    hhs_records = load_jsonl(src / HHS_FILE, HHS_COUNT)

    taken = set()
    wikinews = assign_paths(wik_records, "wikinews", ".txt",
                            lambda r: slugify(r["headline"]), taken)
    hhs = assign_paths(hhs_records, "hhs", ".json", hhs_slug, taken)

    for sub in ("wikinews", "hhs"):
        shutil.rmtree(CORPUS / sub, ignore_errors=True)
    for r, path in wikinews:
        write_text(path, wikinews_text(r))
    for r, path in hhs:
        write_text(path, hhs_text(r))

    problems = verify(wikinews, hhs)
    for p in problems:
        print("error:", p, file=sys.stderr)
    if problems:
        return 1

    counts = {}
    for r, path in wikinews + hhs:
        key = (path.relative_to(CORPUS).parts[0], r["date"][:4])
        counts[key] = counts.get(key, 0) + 1
    size = sum(path.stat().st_size for _, path in wikinews + hhs)
    print(f"wrote {len(wikinews) + len(hhs)} articles ({size} bytes) to {CORPUS}")
    for (source, year), n in sorted(counts.items()):
        print(f"  {source}/{year}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
