#!/usr/bin/env python3
"""Checks `dateline eval`'s metrics against pytrec_eval (an independent trec_eval binding).

For each shared relevance collection: runs `dateline eval --run FILE --per-query --json`,
scores the same run file with pytrec_eval (ndcg_cut_10, map, P_10, recall_100), and compares
per query. Needs `pip install pytrec_eval-terrier` and an index per collection (built here
with the release binary unless present).

    python3 scripts/check_metrics.py [--bin target/release/dateline] [--data ../shared/data/relevance] [--expand]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import pytrec_eval

MEASURES = {"ndcg_cut_10": "ndcg_10", "map": "map", "P_10": "p_10", "recall_100": "r_100"}


def read_qrels(path):
    qrels = {}
    with open(path) as f:
        for line in f:
            cols = line.split()
            if len(cols) == 4:
                qrels.setdefault(cols[0], {})[cols[2]] = int(cols[3])
    return qrels


def read_run(path):
    run = {}
    with open(path) as f:
        for line in f:
            qid, _, doc, _rank, score, _tag = line.split()
            run.setdefault(qid, {})[doc] = float(score)
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/dateline")
    ap.add_argument("--data", default="../shared/data/relevance")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "dateline-eval"))
    ap.add_argument("--expand", action="store_true", help="check the --expand rankings")
    args = ap.parse_args()
    worst = 0.0
    for c in ["time", "cisi", "cran", "med"]:
        d = os.path.join(args.data, c)
        index = os.path.join(args.work, c)
        if not os.path.exists(os.path.join(index, "meta.json")):
            subprocess.run([args.bin, "index", os.path.join(d, "docs.jsonl"), "--index", index,
                            "--rebuild", "--json"], stdout=subprocess.DEVNULL)
        run_file = os.path.join(args.work, c + ".run")
        out = subprocess.run([args.bin, "eval", "--index", index,
                              "--queries", os.path.join(d, "queries.tsv"),
                              "--qrels", os.path.join(d, "qrels.tsv"),
                              "--run", run_file, "--per-query", "--json"]
                             + (["--expand"] if args.expand else []),
                             check=True, capture_output=True, text=True).stdout
        ours = {q["id"]: q for q in json.loads(out)["per_query"]}
        qrels = read_qrels(os.path.join(d, "qrels.tsv"))
        # Only queries with a relevant document, as dateline eval (and trec_eval) score them.
        qrels = {q: j for q, j in qrels.items() if any(g > 0 for g in j.values())}
        run = read_run(run_file)
        theirs = pytrec_eval.RelevanceEvaluator(qrels, set(MEASURES)).evaluate(run)
        diffs = {m: 0.0 for m in MEASURES}
        missing = [q for q in ours if q not in theirs]
        for qid, ms in theirs.items():
            if qid not in ours:
                missing.append(qid)
                continue
            for m, key in MEASURES.items():
                diffs[m] = max(diffs[m], abs(ms[m] - ours[qid][key]))
        mean = {m: sum(theirs[q][m] for q in theirs) / max(len(theirs), 1) for m in MEASURES}
        worst = max([worst] + list(diffs.values()))
        print(f"{c:5} queries ours {len(ours)} pytrec_eval {len(theirs)} missing {missing}  "
              + "  ".join(f"{m} {mean[m]:.4f} (max |diff| {diffs[m]:.1e})" for m in MEASURES))
    ok = worst < 1e-6
    print("OK: dateline eval agrees with pytrec_eval" if ok else f"MISMATCH: largest difference {worst}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
