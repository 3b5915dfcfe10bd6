#!/usr/bin/env bash
# Builds an index of each shared relevance collection and evaluates it (release binary).
# Usage: scripts/eval_all.sh [extra eval flags...]   (DATELINE_RANKING=... for experiments)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/dateline}
DATA=${DATA:-../shared/data/relevance}
TMP=${TMP_INDEX:-/tmp/dateline-eval}
start=$(date +%s.%N)
for c in time cisi cran med; do
  if [ ! -f "$TMP/$c/meta.json" ] || [ -n "${REBUILD:-}" ]; then
    "$BIN" index "$DATA/$c/docs.jsonl" --index "$TMP/$c" --rebuild --json >/dev/null || true
  fi
  printf '%-5s ' "$c"
  "$BIN" eval --index "$TMP/$c" --queries "$DATA/$c/queries.tsv" --qrels "$DATA/$c/qrels.tsv" --json "$@" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); m=r["mean"]; print("%.4f %.4f %.4f %.4f  (%d q, %d skipped, %d ms)" % (m["ndcg_10"], m["map"], m["p_10"], m["r_100"], r["queries"], r["skipped"], r["took_ms"]))'
done
end=$(date +%s.%N)
echo "total $(echo "$end - $start" | bc) s"
