#!/bin/sh
# The memory soak of `dateline serve`: a mix of every endpoint (scripts/serve_soak.lua) for
# DURATION seconds, the server's resident memory sampled every STEP seconds.
#
#   scripts/serve_soak.sh http://127.0.0.1:7719 PID [DURATION=300] [STEP=10] [CONNECTIONS=8]
#
# PID is the `dateline serve` process. Prints "seconds rss_kb" lines, then wrk's summary.
set -eu
url=$1 pid=$2 duration=${3:-300} step=${4:-10} conns=${5:-8}
ids=$(mktemp)
trap 'rm -f "$ids"' EXIT
# Ids of real articles, from the index being served.
curl -sf "$url/api/search?q=said&limit=100" |
    python3 -c 'import json,sys; [print(h["id"]) for h in json.load(sys.stdin)["hits"]]' >"$ids"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "0 $(rss)"
DATELINE_IDS=$ids wrk -t2 -c"$conns" -d"${duration}s" --latency \
    -s "$(dirname "$0")/serve_soak.lua" "$url" >"$ids.wrk" &
wrk=$!
t=0
while kill -0 "$wrk" 2>/dev/null; do
    sleep "$step"
    t=$((t + step))
    kill -0 "$wrk" 2>/dev/null && echo "$t $(rss)"
done
wait "$wrk"
echo "end $(rss)"
cat "$ids.wrk"
rm -f "$ids.wrk"
