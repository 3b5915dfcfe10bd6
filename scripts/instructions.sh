#!/bin/bash
# Instructions of one search process, two binaries side by side (load-independent, unlike
# wall time): callgrind's Ir of `search Q --json` minus that binary's `--version`.
#
#   printf '%s\n' 'cocoa||' '"crude oil"|1987-04-01|1987-04-30' |
#       scripts/instructions.sh OLD_BIN OLD_INDEX NEW_BIN NEW_INDEX
#
# Each input line is `query|from|to` (benches/queries.txt's format without the kind).
set -eu
old=$1 old_idx=$2 new=$3 new_idx=$4
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'; }
base_old=$(ir "$old" --version)
base_new=$(ir "$new" --version)
while IFS='|' read -r q f t; do
  extra=()
  if [ -n "$f" ]; then extra=(--from "$f" --to "$t"); fi
  o=$(ir "$old" search "$q" "${extra[@]}" --json --index "$old_idx")
  n=$(ir "$new" search "$q" "${extra[@]}" --json --index "$new_idx")
  printf '%-45s old %6.2f M  new %6.2f M  new/old %.2f\n' "$q ${f:+[$f..$t]}" \
    "$(echo "($o - $base_old) / 1000000" | bc -l)" "$(echo "($n - $base_new) / 1000000" | bc -l)" \
    "$(echo "($n - $base_new) / ($o - $base_old)" | bc -l)"
done
