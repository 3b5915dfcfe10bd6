#!/usr/bin/env python3
"""Fits the pronoun antecedent ranker (src/article/quotes/pronouns/ranker.rs).

  scripts/quotes/train_ranker.py [--gold GOLD] [--out WEIGHTS] [--check WEIGHTS]

1. Runs the ignored test `export_pronoun_candidates`, which writes, for every quotation of
   GOLD the extractor attributes to he/she, the candidates it weighed with their features.
2. Labels each candidate with the scorer's own rule (score_quotes.py: the gold speaker's
   last word occurs in the candidate's name).
3. Fits a conditional logit (softmax over each quotation's candidates, L2, plain SGD, fixed
   seed) on the development part of GOLD only: articles whose sha256(id) mod 4 is not 0.
   Part 0 is never trained on; the top-1 accuracy there is the held-out figure.
Prints top-1 accuracy on both parts for the weights in --check (default: the committed
ones) and for the new fit, and writes the new weights to --out when given.
Python 3 standard library only.
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from learned import DATA, ROOT, feature_names, held_out, read_weights, scorer  # noqa: E402
from learned import export as run_export  # noqa: E402
WEIGHTS = os.path.join(ROOT, "src/article/quotes/pronouns/weights.tsv")





def label(rows, gold_path, sq):
    """(article id, source_kind, [(features, is_gold_speaker)]) per quotation with a gold speaker."""
    gold = {}
    for line in open(gold_path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            gold[r["id"]] = [(sq.norm(q["text"]), q) for q in r.get("quotes") or []]
    out = []
    for row in rows:
        text = sq.norm(row["text"])
        best = max(((sq.matches(g, text), q) for g, q in gold.get(row["id"], [])),
                   key=lambda x: x[0], default=(0, None))
        if not best[0] or not best[1].get("speaker"):
            continue
        speaker = best[1]["speaker"]
        cands = [(c["f"], sq.speaker_ok(speaker, c["name"])) for c in row["cands"]]
        out.append((row["id"], best[1].get("source_kind"), cands))
    return out


def dot(w, f):
    return sum(a * b for a, b in zip(w, f))


def accuracy(w, data, kind=None):
    n = ok = 0
    for _, k, cands in data:
        if kind and k != kind:
            continue
        n += 1
        if cands:
            best = max(cands, key=lambda c: dot(w, c[0]))
            ok += best[1]
    return ok / n if n else 0.0, n


def fit(data, dim, epochs=60, lr=0.05, l2=1e-3, seed=16):
    rows = [c for _, _, c in data if c and any(y for _, y in c) and not all(y for _, y in c)]
    w = [0.0] * dim
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(rows)
        step = lr / (1 + epoch * 0.1)
        for cands in rows:
            s = [dot(w, f) for f, _ in cands]
            m = max(s)
            e = [math.exp(x - m) for x in s]
            z = sum(e)
            zp = sum(x for x, (_, y) in zip(e, cands) if y)
            grad = [0.0] * dim
            for x, (f, y) in zip(e, cands):
                coef = (x / zp if y else 0.0) - x / z
                for i, v in enumerate(f):
                    grad[i] += coef * v
            w = [wi + step * (g - l2 * wi) for wi, g in zip(w, grad)]
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=os.path.join(DATA, "polnear-train.jsonl"))
    ap.add_argument("--check", default=WEIGHTS, help="weights to report beside the new fit")
    ap.add_argument("--out", help="where to write the new weights")
    ap.add_argument("--cands", help="reuse an exported candidates file")
    args = ap.parse_args()
    sq = scorer()
    names = feature_names("src/article/quotes/pronouns/ranker.rs")
    path = args.cands
    if not path:
        path = os.path.join(tempfile.mkdtemp(), "cands.jsonl")
        run_export("export_pronoun_candidates", "RANKER_OUT", os.path.abspath(args.gold), path)
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    data = label(rows, args.gold, sq)
    dev = [d for d in data if not held_out(d[0])]
    test = [d for d in data if held_out(d[0])]
    old = read_weights(args.check, names)
    new = fit(dev, len(names))
    rules = [1.0 if n == "rule" else 0.0 for n in names]
    # 5-fold cross-validation inside the development part.
    fold = lambda i: int(hashlib.sha256(i.encode()).hexdigest(), 16) // 4 % 5
    right = 0.0
    for k in range(5):
        w = fit([d for d in dev if fold(d[0]) != k], len(names))
        part = [d for d in dev if fold(d[0]) == k]
        right += accuracy(w, part)[0] * len(part)
    print("5-fold cross-validated top-1 on the dev part: %.3f" % (right / max(len(dev), 1)))
    for title, w in (("the fixed rules alone", rules), ("current weights", old),
                     ("new fit (dev part only)", new)):
        print(title)
        for part, d in (("dev", dev), ("held-out", test)):
            a, n = accuracy(w, d)
            ap_, npn = accuracy(w, d, "pronoun")
            print("  %-8s top-1 %.3f of %d quotations (gold pronoun source %.3f of %d)"
                  % (part, a, n, ap_, npn))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("# Weights of the pronoun antecedent ranker (see ranker.rs), written by\n"
                    "# scripts/quotes/train_ranker.py on PolNeAR train, sha256(id) mod 4 != 0.\n")
            for n, x in zip(names, new):
                f.write("%s\t%.4f\n" % (n, x))
        print("wrote", args.out)


if __name__ == "__main__":
    sys.exit(main())
