#!/usr/bin/env bash
# Incremental indexing benchmark (issue 5): a folder of N article files generated from
# Reuters-21578, then: a full --rebuild, unchanged re-runs, and a run after changing 1%
# of the files. Prints wall time and peak RSS of each (median of the unchanged runs).
#
#   scripts/bench_incremental.sh [N=100000] [WORKDIR=/tmp/dateline-inc]
set -euo pipefail
N=${1:-100000}
WORK=${2:-/tmp/dateline-inc}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/$("$ROOT/scripts/build_release.sh")"
mkdir -p "$WORK"
FOLDER="$WORK/files$N"
[ -d "$FOLDER" ] || python3 "$ROOT/scripts/gen_files.py" "$N" "$FOLDER"
IX="$WORK/index$N"
run() { # label, args...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" index "$FOLDER" --index "$IX" "$@" > "$WORK/summary.txt"
  read -r wall rss < "$WORK/time.txt"
  printf "%-22s wall %7.2f s  peak RSS %6.0f MB  %s\n" "$label" "$wall" "$((rss / 1024))" "$(cat "$WORK/summary.txt")"
  echo "$wall" >> "$WORK/$label.walls"
}
rm -f "$WORK"/*.walls
run rebuild --rebuild
for _ in 1 2 3 4 5; do run unchanged; done
echo "unchanged median: $(sort -n "$WORK/unchanged.walls" | sed -n 3p) s"
# Change 1% of the files (append a line, so size, mtime and hash all change).
find "$FOLDER" -type f | sort | awk -v n="$N" 'NR % 100 == 0' | while read -r f; do
  if [[ $f == *.json ]]; then sed -i 's/"body": "/"body": "Updated. /' "$f"; else echo "Updated paragraph." >> "$f"; fi
done
run one-percent-changed
