#!/usr/bin/env python3
"""Side-by-side benchmark: dateline against tantivy-cli, SQLite FTS5, Xapian and ripgrep.

Runs every tool on the same Reuters-21578 articles and the committed query set
(benches/queries.txt) and prints medians plus the ratio dateline/peer for each row:

  * index build: wall time and peak RSS (/usr/bin/time -v), median of --builds runs;
  * one search as a process (start, open, top-10, print), timed by hyperfine -N after a
    warm-up, every tool on the same query in one hyperfine call (so a row's tools run
    seconds apart); p50 per query kind over all runs of all queries of that kind.

Peers missing from PATH are installed from their registries (cargo install
tantivy-cli@0.24.0 without --locked; apt-get for sqlite3, ripgrep, xapian-tools,
hyperfine). Everything generated lives under --work (default /tmp/dateline-bench).

    scripts/bench.py [--runs 20] [--warmup 3] [--builds 3] [--only dateline,sqlite]
    scripts/bench.py --corpus /tmp/files100k --no-peers      # dateline alone on a folder
"""

import argparse
import gzip
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared/data/reuters21578/reuters21578.jsonl.gz"
if not REUTERS.exists():
    REUTERS = Path("/work/shared/data/reuters21578/reuters21578.jsonl.gz")
KINDS = ["single", "and", "phrase", "phrase_date", "rare", "frequent"]
TOOLS = ["dateline", "tantivy", "sqlite", "xapian", "ripgrep"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# ---------------------------------------------------------------- peers
def ensure_peers(tools):
    apt = []
    need = {
        "hyperfine": "hyperfine",
        "sqlite3": "sqlite3",
        "rg": "ripgrep",
        "quest": "xapian-tools",
        "scriptindex": "xapian-omega",
        # scripts/build_release.sh orders the shipped binary's functions from a callgrind
        # profile (without it the binary is built, unordered, ~0.1 ms slower a search).
        "valgrind": "valgrind",
    }
    wanted = {"hyperfine"}
    if "dateline" in tools:
        wanted.add("valgrind")
    if "sqlite" in tools:
        wanted.add("sqlite3")
    if "ripgrep" in tools:
        wanted.add("rg")
    if "xapian" in tools:
        wanted |= {"quest", "scriptindex"}
    for exe in sorted(wanted):
        if shutil.which(exe) is None:
            apt.append(need[exe])
    if apt:
        log(f"installing {' '.join(apt)} with apt-get")
        run(["apt-get", "install", "-y", *apt], stdout=subprocess.DEVNULL)
    if "tantivy" in tools and tantivy_bin() is None:
        log("installing tantivy-cli 0.24.0 (cargo install, without --locked)")
        run(["cargo", "install", "tantivy-cli@0.24.0"])


def tantivy_bin():
    found = shutil.which("tantivy")
    if found:
        return found
    cand = Path.home() / ".cargo/bin/tantivy"
    return str(cand) if cand.exists() else None


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


# ---------------------------------------------------------------- inputs
def prepare(work):
    """Decompressed Reuters JSONL for dateline, plus each peer's input format."""
    work.mkdir(parents=True, exist_ok=True)
    src = work / "reuters.jsonl"
    if src.exists():
        return src
    log(f"preparing inputs in {work}")
    with gzip.open(REUTERS, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with open(src, "w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps(r) + "\n")
    # tantivy-cli: only schema fields, no nulls.
    with open(work / "tantivy.jsonl", "w", encoding="utf-8") as out:
        for r in rows:
            d = {k: r[k] for k in ("id", "date", "headline", "byline", "body") if r.get(k)}
            out.write(json.dumps(d) + "\n")
    # SQLite: one JSON array the sqlite3 shell reads with readfile() + json_each().
    with open(work / "sqlite.json", "w", encoding="utf-8") as out:
        json.dump(rows, out)
    # Xapian scriptindex: field=value records; continuation lines start with '='.
    with open(work / "xapian.txt", "w", encoding="utf-8") as out:
        for r in rows:
            month = (r.get("date") or "")[:7].replace("-", "")
            for key in ("id", "headline", "byline", "body"):
                val = r.get(key) or ""
                lines = val.split("\n")
                out.write(f"{key}={lines[0]}\n")
                for extra in lines[1:]:
                    out.write(f"={extra}\n")
            out.write(f"month={month}\n\n")
    (work / "xapian.script").write_text(
        "id : field boolean=Q unique=Q\n"
        "headline : field index=S\n"
        "byline : field index=A\n"
        "body : field index\n"
        "month : boolean=XM\n"
    )
    return src


TANTIVY_META = {
    "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
    "segments": [],
    "schema": [
        {"name": "id", "type": "text", "options": {
            "indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"},
            "stored": True, "fast": False}},
        {"name": "date", "type": "date", "options": {
            "indexed": True, "fieldnorms": False, "fast": True, "stored": True,
            "precision": "seconds"}},
        {"name": "headline", "type": "text", "options": {
            "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
            "stored": True, "fast": False}},
        {"name": "byline", "type": "text", "options": {
            "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
            "stored": True, "fast": False}},
        {"name": "body", "type": "text", "options": {
            "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
            "stored": True, "fast": False}},
    ],
    "opstamp": 0,
}

SQLITE_BUILD = """
CREATE VIRTUAL TABLE t USING fts5(headline, byline, body, id UNINDEXED, date UNINDEXED,
  tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO t(headline, byline, body, id, date)
  SELECT json_extract(value,'$.headline'), json_extract(value,'$.byline'),
         json_extract(value,'$.body'), json_extract(value,'$.id'),
         substr(json_extract(value,'$.date'),1,10)
  FROM json_each(readfile('{src}'));
"""


def build_commands(tool, work, dl_bin, corpus):
    """(setup, command, stdin path) that builds a fresh index for `tool`."""
    d = work / f"idx-{tool}"

    def fresh():
        if d.is_dir():
            shutil.rmtree(d)
        elif d.exists():
            d.unlink()

    if tool == "dateline":
        return fresh, [dl_bin, "index", str(corpus), "--rebuild", "--json", "--index", str(d)], None
    if tool == "tantivy":
        def setup():
            fresh()
            d.mkdir()
            (d / "meta.json").write_text(json.dumps(TANTIVY_META))
        return setup, [tantivy_bin(), "index", "-i", str(d), "-f", str(work / "tantivy.jsonl")], None
    if tool == "sqlite":
        sql = SQLITE_BUILD.format(src=work / "sqlite.json")
        return fresh, ["sqlite3", str(d), sql], None
    if tool == "xapian":
        return fresh, ["scriptindex", str(d), str(work / "xapian.script"), str(work / "xapian.txt")], None
    raise ValueError(tool)


def time_build(tool, work, dl_bin, corpus, builds):
    setup, cmd, _ = build_commands(tool, work, dl_bin, corpus)
    walls, rss = [], []
    for _ in range(builds):
        setup()
        subprocess.run(["sync"])
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        if p.returncode not in (0, 2):
            log(f"{tool} build failed ({p.returncode}): {p.stderr[-800:]}")
            return None
        for line in p.stderr.splitlines():
            if "Maximum resident set size" in line:
                rss.append(int(line.split(":")[1]) / 1024)
    return statistics.median(walls), statistics.median(rss) if rss else float("nan")


def dir_size(p):
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


# ---------------------------------------------------------------- queries
def load_queries(path):
    out = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, q, frm, to = line.split("|")
        out.append((kind, q, frm, to))
    return out


def months(frm, to):
    y, m = int(frm[:4]), int(frm[5:7])
    ey, em = int(to[:4]), int(to[5:7])
    out = []
    while (y, m) <= (ey, em):
        out.append(f"{y:04d}{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def next_day(day):
    import datetime
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def search_command(tool, work, dl_bin, kind, q, frm, to, index=None):
    words = q.strip('"').split()
    phrase = q.startswith('"')
    if tool == "dateline":
        idx = index or work / "idx-dateline"
        cmd = [dl_bin, "search", "--json", "--index", str(idx)]
        if frm:
            cmd += ["--from", frm, "--to", to]
        return cmd + ["--", q]
    if tool == "tantivy":
        tq = q if phrase else " AND ".join(words)
        if frm:
            tq = f"{tq} AND date:[{frm}T00:00:00Z TO {next_day(to)}T00:00:00Z}}"
        return [tantivy_bin(), "search", "-i", str(work / "idx-tantivy"), "-q", tq]
    if tool == "sqlite":
        where = f"t MATCH '{q}'"
        if frm:
            where += f" AND date >= '{frm}' AND date <= '{to}'"
        sql = (
            "SELECT id, headline, date, snippet(t, 2, '<b>', '</b>', '…', 24) FROM t "
            f"WHERE {where} ORDER BY rank LIMIT 10;"
        )
        return ["sqlite3", str(work / "idx-sqlite"), sql]
    if tool == "xapian":
        xq = q
        if frm:
            xq += " " + " ".join(f"month:{m}" for m in months(frm, to))
        return ["quest", "-d", str(work / "idx-xapian"), "-m", "10", "-s", "english",
                "--default-op=and", "-b", "month:XM", xq]
    if tool == "ripgrep":
        sep = r"(?:\s|\\n)+"
        if phrase:
            pat = sep.join(words)
        elif len(words) == 1:
            pat = rf"\b{words[0]}"
        else:  # one article per line: every word somewhere on the line
            pat = "^" + "".join(rf"(?=.*\b{w})" for w in words)
        if frm:
            alt = "|".join(f"{m[:4]}-{m[4:]}" for m in months(frm, to))
            pat = rf'"date": "(?:{alt}).*' + pat
        return ["rg", "-z", "-i", "-P", pat, str(REUTERS)]
    raise ValueError(tool)


def hyperfine(cmds, runs, warmup, out_json):
    args = ["hyperfine", "-N", "-i", "--style", "none", "--warmup", str(warmup),
            "--runs", str(runs), "--export-json", str(out_json)]
    args += [shlex.join(c) for c in cmds]
    run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = json.loads(Path(out_json).read_text())
    return [r["times"] for r in data["results"]]


def time_searches(tools, work, dl_bin, queries, runs, warmup):
    """Per tool: ({kind: (p50, p95)}, [(query, median)]). Each query is timed for every
    tool in one hyperfine call, so the tools compared in a row run seconds apart: on a
    shared VM whose speed drifts by 2x within minutes, timing one tool after another gave
    ratios that moved more than the code did."""
    per_kind_times = {t: {} for t in tools}
    per_query = {t: [] for t in tools}
    for i, q in enumerate(queries):
        cmds = [search_command(t, work, dl_bin, *q) for t in tools]
        times = hyperfine(cmds, runs, warmup, work / f"hf-query-{i}.json")
        for t, ts in zip(tools, times):
            per_kind_times[t].setdefault(q[0], []).extend(ts)
            per_query[t].append((q, statistics.median(ts)))
    out = {}
    for t in tools:
        per_kind = {}
        for kind in KINDS:
            flat = sorted(per_kind_times[t].get(kind, []))
            if flat:
                per_kind[kind] = (statistics.median(flat), flat[int(0.95 * (len(flat) - 1))])
        out[t] = (per_kind, per_query[t])
    return out


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/dateline-bench", type=Path)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--builds", type=int, default=3)
    ap.add_argument("--only", default=",".join(TOOLS), help="comma-separated tools")
    ap.add_argument("--corpus", type=Path, help="index this path with dateline instead of Reuters")
    ap.add_argument("--no-peers", action="store_true", help="dateline only")
    ap.add_argument("--no-build", action="store_true", help="skip index builds (reuse indexes)")
    ap.add_argument("--queries", type=Path, default=ROOT / "benches/queries.txt")
    ap.add_argument("--dynamic", action="store_true",
                    help="time `cargo build --release` (dynamic) instead of the shipped static binary")
    a = ap.parse_args()
    tools = ["dateline"] if a.no_peers else [t for t in a.only.split(",") if t in TOOLS]

    ensure_peers(tools)
    if a.dynamic:
        log("building dateline (cargo build --release: dynamically linked)")
        run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
        dl_bin = str(ROOT / "target/release/dateline")
    else:
        log("building dateline (scripts/build_release.sh: the shipped, static binary)")
        out = subprocess.run([str(ROOT / "scripts/build_release.sh")], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
        # Timed as installed (`cp`, as `cargo install` does), not where the linker wrote it:
        # the linker's file sits in the page cache in small pieces, and a search process
        # starting from it measured up to 0.3 ms slower (same bytes, same page faults after
        # the cache is dropped).
        a.work.mkdir(parents=True, exist_ok=True)
        installed = a.work / "dateline"
        shutil.copyfile(ROOT / out, installed)
        installed.chmod(0o755)
        dl_bin = str(installed)
    corpus = a.corpus or prepare(a.work)
    if "tantivy" in tools or "sqlite" in tools or "xapian" in tools:
        prepare(a.work)
    queries = load_queries(a.queries)

    builds = {}
    if not a.no_build:
        for tool in tools:
            if tool == "ripgrep":
                continue
            log(f"build: {tool}")
            r = time_build(tool, a.work, dl_bin, corpus, a.builds)
            if r:
                builds[tool] = (*r, dir_size(a.work / f"idx-{tool}"))
    log(f"search: {', '.join(tools)}, query by query")
    searches = time_searches(tools, a.work, dl_bin, queries, a.runs, a.warmup)

    report(a, tools, builds, searches, corpus)


def ratio(a, b):
    return f"{a / b:.2f}" if b else "—"


def report(a, tools, builds, searches, corpus):
    print(f"# dateline benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {os.uname().nodename}, {os.cpu_count()} cores, {os.uname().release}")
    print(f"corpus: {corpus}; searches: median of {a.runs} runs per query after {a.warmup} warm-up")
    print("versions: " + "; ".join([
        version([tantivy_bin() or "tantivy", "--version"]) if "tantivy" in tools else "",
        "sqlite " + version(["sqlite3", "--version"]).split()[0] if "sqlite" in tools else "",
        version(["quest", "--version"]) if "xapian" in tools else "",
        version(["rg", "--version"]) if "ripgrep" in tools else "",
    ]).strip("; "))
    print()
    peers = [t for t in tools if t != "dateline"]
    head = "| what | dateline | " + " | ".join(f"{p} | ratio" for p in peers) + " |"
    print(head)
    print("|" + "---|" * (2 + 2 * len(peers)))
    if builds:
        def row(label, idx, fmt):
            d = builds.get("dateline")
            cells = [fmt(d[idx]) if d else "—"]
            for p in peers:
                v = builds.get(p)
                cells += [fmt(v[idx]) if v else "—", ratio(d[idx], v[idx]) if d and v else "—"]
            print(f"| {label} | " + " | ".join(cells) + " |")
        row("index build, s (median)", 0, lambda x: f"{x:.2f}")
        row("peak RSS, MB", 1, lambda x: f"{x:.0f}")
        row("index size, MB", 2, lambda x: f"{x / 1e6:.1f}")
    for kind in KINDS:
        d = searches.get("dateline", ({}, []))[0].get(kind)
        cells = [f"{d[0] * 1000:.2f}" if d else "—"]
        for p in peers:
            v = searches.get(p, ({}, []))[0].get(kind)
            cells += [f"{v[0] * 1000:.2f}" if v else "—", ratio(d[0], v[0]) if d and v else "—"]
        print(f"| search p50 ms: {kind} | " + " | ".join(cells) + " |")
    if "dateline" in searches:
        print()
        print("dateline p95 ms per kind: " + ", ".join(
            f"{k} {v[1] * 1000:.2f}" for k, v in searches["dateline"][0].items()))
        print()
        print("| kind | query | " + " | ".join(tools) + " |")
        print("|" + "---|" * (2 + len(tools)))
        rows = {t: dict(((q[0], q[1], q[2]), ms) for q, ms in searches[t][1]) for t in tools if t in searches}
        for q, _ in searches["dateline"][1]:
            key = (q[0], q[1], q[2])
            cells = [f"{rows[t][key] * 1000:.2f}" if t in rows else "—" for t in tools]
            label = q[1] + (f" [{q[2]}..{q[3]}]" if q[2] else "")
            print(f"| {q[0]} | {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
