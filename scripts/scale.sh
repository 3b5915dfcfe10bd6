#!/bin/sh
# Growth table: dateline on 10k, 100k and 1M synthetic articles (scripts/gen_synthetic.py),
# index build (time, peak RSS, size) and search p50/p95 per query kind.
#   scripts/scale.sh [10000 100000 1000000]      (writes /tmp/syn-N and /tmp/scale-N)
set -eu
cd "$(dirname "$0")/.."
sizes="${*:-10000 100000 1000000}"
for n in $sizes; do
    [ -d "/tmp/syn-$n" ] || python3 scripts/gen_synthetic.py "$n" "/tmp/syn-$n"
    python3 scripts/bench.py --no-peers --corpus "/tmp/syn-$n" --work "/tmp/scale-$n" \
        --builds 1 --runs 10 --warmup 2 > "/tmp/scale-$n.md"
    cat "/tmp/scale-$n.md"
done
