#!/usr/bin/env bash
# Scores `dateline extract --json` against a quotation gold set (see ../shared/data/quotes).
# Usage: scripts/quotes/eval.sh GOLD.jsonl [score_quotes.py flags...]   (BIN=... to pick a binary)
# PRED_OUT=FILE keeps the predictions. Writes each gold article's body to <id>.txt in a temp dir, extracts, and scores.
# PART=dev or PART=held-out scores only that part of the gold: articles whose sha256(id) mod 4
# is not 0 / is 0 (the split train_fragments.py and train_ranker.py train / hold out).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-target/debug/dateline}
GOLD=$1
shift
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$GOLD" "$DIR" "${PART:-}" <<'PY'
import hashlib, json, sys, os
gold, out, part = sys.argv[1], sys.argv[2], sys.argv[3]
kept = open(os.path.join(out, "gold.jsonl"), "w", encoding="utf-8")
for line in open(gold, encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        held = int(hashlib.sha256(r["id"].encode()).hexdigest(), 16) % 4 == 0
        if (part == "dev" and held) or (part == "held-out" and not held):
            continue
        kept.write(line if line.endswith("\n") else line + "\n")
        with open(os.path.join(out, r["id"] + ".txt"), "w", encoding="utf-8") as f:
            # PolNeAR bodies open with their headline line; open-news ones do not.
            head = r.get("headline") or ""
            body = r["body"]
            f.write(body if not head or body.startswith(head) else head + "\n\n" + body)
PY
find "$DIR" -name '*.txt' -print0 | xargs -0 "$BIN" extract --json >"$DIR/pred.jsonl" || true
if [ -n "${PRED_OUT:-}" ]; then cp "$DIR/pred.jsonl" "$PRED_OUT"; fi
python3 ../shared/data/quotes/score_quotes.py "$DIR/gold.jsonl" "$DIR/pred.jsonl" "$@"
