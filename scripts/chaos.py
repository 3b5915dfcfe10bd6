#!/usr/bin/env python3
"""The randomised attack on dateline's index (issue 14): the soak version of tests/it/chaos.rs.

Builds a folder of articles, then, with a seeded random generator:
  1. kills `dateline index` (SIGKILL) at random moments of incremental runs that change 10% of
     the folder, and at every named fault point (DATELINE_FAULT), re-runs, and compares with a
     clean build: stuck runs, lost and duplicated articles are counted;
  2. searches in a loop while incremental runs commit, counting failed searches;
  3. flips one random byte in every kind of index file, many times, and runs search, stats,
     show, index and check on it: panics (exit 101) and flips caught by `check` are counted;
  4. times the worst hostile inputs.
Prints one line of figures per attack. Exit status 1 when any attack found a fault.

    python3 scripts/chaos.py                      # about two minutes
    python3 scripts/chaos.py --kills 200 --runs 150 --flips 40 --files 20000   # the soak
"""

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAULTS = [
    "abort:.del", "abort:.del:2", "abort:meta.json", "abort:meta.json:2",
    "abort-after:meta.json", "abort:.store", "abort:.idx:2", "abort:.fast",
    "abort:.term:3", "abort:.pos", "abort:.fieldnorm", "abort:.managed.json",
    "full:.store", "full:.idx", "full:meta.json",
]
KINDS = [".fast", ".term", ".idx", ".pos", ".store", ".fieldnorm"]


def run(binary, args, cwd, env=None, timeout=600):
    e = dict(os.environ)
    e.pop("DATELINE_FAULT", None)
    if env:
        e.update(env)
    return subprocess.run([binary] + args, cwd=cwd, env=e, capture_output=True,
                          timeout=timeout)


def write_article(folder, i, revision):
    with open(os.path.join(folder, f"{i:06d}.txt"), "w") as f:
        f.write(f"Story {i}\n\nA common word and token tok{i}, revision {revision}.\n")


def ids(binary, cwd, index):
    out = run(binary, ["search", "common", "--limit", "10000000", "--json",
                       "--index", index], cwd)
    if out.returncode not in (0, 1):
        raise RuntimeError(out.stderr.decode(errors="replace"))
    hits = json.loads(out.stdout)["hits"]
    return [h["id"] for h in hits]


def verify(binary, cwd, index, want):
    """(stuck, lost, duplicated) after a re-run of `index` against the id set `want`."""
    out = run(binary, ["index", "in", "--index", index], cwd)
    if out.returncode != 0:
        return 1, 0, 0
    got = ids(binary, cwd, index)
    check = run(binary, ["check", "--index", index], cwd)
    stuck = int(check.returncode != 0)
    return stuck, len(want - set(got)), len(got) - len(set(got))


def attack_kills(binary, work, rng, files, kills):
    folder = os.path.join(work, "in")
    revision = 0
    run(binary, ["index", "in", "--index", "killed"], work)
    totals = [0, 0, 0]
    points = [("random", None)] * kills + [("named", f) for f in FAULTS]
    for kind, fault in points:
        revision += 1
        for i in rng.sample(range(files), max(1, files // 10)):
            write_article(folder, i, revision)
        clean = os.path.join(work, "clean")
        shutil.rmtree(clean, ignore_errors=True)
        run(binary, ["index", "in", "--index", "clean"], work)
        want = set(ids(binary, work, "clean"))
        args = [binary, "index", "in", "--index", "killed", "--batch-files",
                str(rng.choice([50, 500, 5000]))]
        env = dict(os.environ)
        if fault:
            env["DATELINE_FAULT"] = fault
        p = subprocess.Popen(args, cwd=work, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        if kind == "random":
            time.sleep(rng.uniform(0, 1.5))
            p.send_signal(signal.SIGKILL)
        p.wait()
        stuck, lost, dup = verify(binary, work, "killed", want)
        totals[0] += stuck
        totals[1] += lost
        totals[2] += dup
    print(f"kills: {kills} random + {len(FAULTS)} named points: "
          f"{totals[0]} stuck, {totals[1]} lost, {totals[2]} duplicated")
    return sum(totals) == 0


def attack_searches(binary, work, rng, files, runs):
    folder = os.path.join(work, "in")
    run(binary, ["index", "in"], work)
    stop = threading.Event()
    counts = {"searches": 0, "failed": 0, "first": ""}

    def search_loop():
        while not stop.is_set():
            out = run(binary, ["search", "common", "--limit", "5"], work)
            counts["searches"] += 1
            if out.returncode != 0:
                counts["failed"] += 1
                counts["first"] = counts["first"] or out.stderr.decode(errors="replace")

    threads = [threading.Thread(target=search_loop) for _ in range(2)]
    for t in threads:
        t.start()
    for r in range(runs):
        for i in rng.sample(range(files), max(1, files // 20)):
            write_article(folder, i, 1000 + r)
        run(binary, ["index", "in"], work)
    stop.set()
    for t in threads:
        t.join()
    print(f"searches during {runs} incremental runs: {counts['failed']} failed of "
          f"{counts['searches']} {counts['first'].strip()[:120]}")
    return counts["failed"] == 0


def attack_flips(binary, work, rng, flips):
    clean = os.path.join(work, "flipclean")
    shutil.rmtree(clean, ignore_errors=True)
    run(binary, ["index", "in", "--index", "flipclean"], work)
    panics = caught = tried = refused = 0
    for _ in range(flips):
        for kind in KINDS:
            index = os.path.join(work, "flipped")
            shutil.rmtree(index, ignore_errors=True)
            shutil.copytree(clean, index)
            names = sorted(n for n in os.listdir(index) if n.endswith(kind))
            if not names:
                continue
            path = os.path.join(index, rng.choice(names))
            data = bytearray(open(path, "rb").read())
            if not data:
                continue
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            open(path, "wb").write(data)
            tried += 1
            for args in (["search", "common"], ["search", '"common word"'], ["stats"],
                         ["show", "x"], ["check"]):
                out = run(binary, args + ["--index", "flipped"], work)
                panics += int(out.returncode == 101)
                if args == ["check"]:
                    caught += int(out.returncode == 2)
            out = run(binary, ["index", "in", "--index", "flipped"], work)
            panics += int(out.returncode == 101)
            refused += int(out.returncode == 2)
    print(f"byte flips: {tried} ({flips} per file kind): {panics} panics, "
          f"{caught} caught by check, {refused} refused by index")
    return panics == 0 and caught == tried


def attack_hostile(binary, work):
    folder = os.path.join(work, "hostile")
    os.makedirs(folder, exist_ok=True)
    cases = {
        "closers.html": ("<div></x>" * 100_000).encode(),
        "deep.html": ("<div>" * 200_000).encode(),
        "formatting.html": ("<b><i>" * 50_000).encode(),
        "bomb.txt.gz": gzip.compress(b"a" * (200 << 20)),
        "longline.jsonl": b'{"title": "' + b"x" * (60 << 20) + b'"}\n',
        "dates.jsonl": b"".join(
            json.dumps({"id": f"d{i}", "title": "Old", "body": "common", "date": d}).encode()
            + b"\n" for i, d in enumerate(["0001-01-01", "1000-01-01", "9999-12-31",
                                           "2021-02-30", "10000-01-01"])),
    }
    worst = (0.0, "")
    for name, data in cases.items():
        path = os.path.join(folder, name)
        open(path, "wb").write(data)
        start = time.time()
        out = run(binary, ["extract", path], work, timeout=600)
        took = time.time() - start
        if out.returncode == 101:
            print(f"hostile: {name} panicked")
            return False
        worst = max(worst, (took, name))
        os.remove(path)
    print(f"hostile inputs: {len(cases)}, worst {worst[1]} in {worst[0]:.2f} s")
    return worst[0] < 10


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/dateline"))
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--flips", type=int, default=5)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    rng = random.Random(args.seed)
    print(f"seed {args.seed}, {args.files} files, binary {args.binary}")
    ok = True
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "in")
        os.makedirs(folder)
        for i in range(args.files):
            write_article(folder, i, 0)
        ok &= attack_kills(args.binary, work, rng, args.files, args.kills)
        ok &= attack_searches(args.binary, work, rng, args.files, args.runs)
        ok &= attack_flips(args.binary, work, rng, args.flips)
        ok &= attack_hostile(args.binary, work)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
