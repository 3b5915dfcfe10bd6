#!/bin/bash
# Alternates `dateline serve` builds under the same wrk load, so that builds are compared in
# the same minutes of a shared machine: ROUNDS rounds, each variant served over INDEX, warmed
# for 2 s, then loaded for DURATION s with CONNECTIONS connections (scripts/serve_load.lua:
# single-word searches). One line per run: requests/s, p50, p99, the server's CPU time per
# request (user + system, from /proc) and the load average.
#
#   scripts/serve_ab.sh INDEX ROUNDS DURATION CONNECTIONS NAME:BINARY[:ENV=V,ENV=V] ...
#   scripts/serve_ab.sh /tmp/reuters/index 3 20 16 before:/tmp/dateline-before after:target/release/dateline
set -euo pipefail
index=$1 rounds=$2 duration=$3 conns=$4
shift 4
load_script="$(cd "$(dirname "$0")" && pwd)/serve_load.lua"
port=7720
url="http://127.0.0.1:$port"
for round in $(seq "$rounds"); do
    for variant in "$@"; do
        IFS=: read -r name bin envs <<<"$variant"
        # shellcheck disable=SC2086 # ENV=V words, split on purpose
        env ${envs//,/ } "$bin" serve --index "$index" --listen "127.0.0.1:$port" 2>/dev/null &
        pid=$!
        sleep 1
        wrk -t2 -c"$conns" -d2s -s "$load_script" "$url" >/dev/null
        cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$load_script" "$url")
        cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        ticks=$(getconf CLK_TCK)
        echo "$out" | awk -v r="$round" -v n="$name" -v c=$((cpu1 - cpu0)) -v t="$ticks" \
            -v load="$(cut -d' ' -f1 /proc/loadavg)" '
            /requests in/ { reqs = $1 }
            /Requests\/sec/ { rps = $2 }
            $1 == "50%" { p50 = $2 }
            $1 == "99%" { p99 = $2 }
            /Non-2xx|Socket errors/ { errors = errors " " $0 }
            END { printf "round %s %s rps=%s p50=%s p99=%s cpu_us_per_req=%.1f load=%s%s\n",
                  r, n, rps, p50, p99, c / t / reqs * 1e6, load, errors }'
    done
done
