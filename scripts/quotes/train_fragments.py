#!/usr/bin/env python3
"""Fits the quoted-fragment model (src/article/quotes/fragments.rs).

  scripts/quotes/train_fragments.py [--gold GOLD] [--out WEIGHTS] [--spans FILE]
                                    [--also OTHER_GOLD]

1. Runs the ignored test `export_fragments`, which writes every quoted span of GOLD with
   the model's features and whether the rules keep it.
2. Labels each span with the scorer's matching rule (score_quotes.py): it is a quotation
   when its text matches one of the article's gold quotes.
3. Fits a logistic regression (L2, plain SGD, fixed seed) on the closed spans the rules
   leave out, in the development part of GOLD only: articles whose sha256(id) mod 4 is
   not 0 (the same split as train_ranker.py). Part 0 is never trained on.
Prints, for several thresholds, how many quotations the model adds (right / wrong) on both
parts and the quote F1 the part would reach, for the committed weights and the new fit;
--also scores another gold set (e.g. open-news) the same way without training on it.
Writes the new weights to --out when given. Python 3 standard library only.
"""
import argparse
import json
import math
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from learned import DATA, ROOT, feature_names, held_out, read_weights, scorer  # noqa: E402
from learned import export as run_export  # noqa: E402
WEIGHTS = os.path.join(ROOT, "src/article/quotes/fragment_weights.tsv")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)





def spans_of(gold, path):
    if not path:
        path = os.path.join(tempfile.mkdtemp(), "spans.jsonl")
        run_export("export_fragments", "FRAGMENTS_OUT", os.path.abspath(gold), path)
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def label(rows, gold_path, sq):
    """Marks each row `y` (matches a gold quote) and returns the gold quote count per id."""
    gold, count = {}, {}
    for line in open(gold_path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            gold[r["id"]] = [sq.norm(q["text"]) for q in r.get("quotes") or []]
            count[r["id"]] = len(gold[r["id"]])
    for row in rows:
        t = sq.norm(row["text"])
        row["y"] = any(sq.matches(g, t) for g in gold.get(row["id"], []))
    return count


def prob(w, f):
    z = sum(a * b for a, b in zip(w, f))
    return 1 / (1 + math.exp(-max(min(z, 30), -30)))


NAMES = []


def eligible(f):
    """fragments.rs `eligible`: the spans the model may speak for."""
    has = dict(zip(NAMES, (x != 0 for x in f)))
    return ((has["speech_verb_before"] or has["stance_verb_before"] or has["coordinated"])
            and not has["title_case"] and not has["strict_naming"]
            and not has["embedded_question"]
            and not (has["after_determiner"] and has["modifies_noun"]))


def candidates(rows):
    """The spans the model decides on: closed ones the rules leave out, if eligible."""
    return [r for r in rows if not r["rule"] and r["closed"] and eligible(r["f"])]


def fit(rows, dim, epochs=40, lr=0.05, l2=1e-3, seed=16):
    data = [(r["f"], 1.0 if r["y"] else 0.0) for r in candidates(rows)]
    w = [0.0] * dim
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(data)
        step = lr / (1 + epoch * 0.1)
        for f, y in data:
            g = y - prob(w, f)
            w = [wi + step * (g * x - l2 * wi) for wi, x in zip(w, f)]
    return w


def report(title, w, parts):
    print(title)
    for name, rows, n_gold in parts:
        tp0 = sum(1 for r in rows if r["rule"] and r["y"])
        fp0 = sum(1 for r in rows if r["rule"] and not r["y"])
        line = "  %-9s rules alone: F1 %.3f" % (name, f1(tp0, fp0, n_gold))
        for t in THRESHOLDS:
            add = [r for r in candidates(rows) if prob(w, r["f"]) >= t]
            right = sum(1 for r in add if r["y"])
            line += " | p>=%.1f +%d/-%d F1 %.3f" % (t, right, len(add) - right,
                                                   f1(tp0 + right, fp0 + len(add) - right,
                                                      n_gold))
        print(line)


def f1(tp, fp, n_gold):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=os.path.join(DATA, "polnear-train.jsonl"))
    ap.add_argument("--spans", help="reuse an exported spans file")
    ap.add_argument("--also", help="another gold set to report on (never trained on)")
    ap.add_argument("--also-spans", help="reuse its exported spans file")
    ap.add_argument("--out", help="where to write the new weights")
    args = ap.parse_args()
    sq = scorer()
    names = feature_names("src/article/quotes/fragments.rs")
    NAMES.extend(names)
    rows = spans_of(args.gold, args.spans)
    count = label(rows, args.gold, sq)
    dev = [r for r in rows if not held_out(r["id"])]
    test = [r for r in rows if held_out(r["id"])]
    n_dev = sum(n for i, n in count.items() if not held_out(i))
    n_test = sum(n for i, n in count.items() if held_out(i))
    parts = [("dev", dev, n_dev), ("held-out", test, n_test)]
    if args.also:
        other = spans_of(args.also, args.also_spans)
        n_other = sum(label(other, args.also, sq).values())
        parts.append(("other", other, n_other))
    new = fit(dev, len(names))
    report("committed weights", read_weights(WEIGHTS, names), parts)
    report("new fit (dev part only)", new, parts)
    for n, x in zip(names, new):
        print("  %-20s %+.3f" % (n, x))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("# Weights of the quoted-fragment model (see fragments.rs), written by\n"
                    "# scripts/quotes/train_fragments.py on PolNeAR train, sha256(id) mod 4 != 0.\n")
            for n, x in zip(names, new):
                f.write("%s\t%.4f\n" % (n, x))
        print("wrote", args.out)


if __name__ == "__main__":
    sys.exit(main())
