#!/usr/bin/env bash
# A 3-node OpenSearch cluster on 127.0.0.1 for development and CI (see README, "Going beyond
# one machine").
#
#   scripts/opensearch-cluster.sh start        build the launcher if needed, start, wait for
#                                              green, print the URL on stdout
#   scripts/opensearch-cluster.sh stop         stop it (and wait until it has exited)
#   scripts/opensearch-cluster.sh status       print the URL and the health, exit 1 if down
#   scripts/opensearch-cluster.sh stop-node N  close node-N (a machine leaving the cluster)
#   scripts/opensearch-cluster.sh start-node N bring node-N back on its data
#
# Environment: DATELINE_CLUSTER_DIR (state: data, pid, log; default /tmp/dateline-opensearch),
# DATELINE_CLUSTER_PORT (HTTP port of node-0, default 9200; node-i listens on PORT+i and on
# transport port PORT+100+i), DATELINE_CLUSTER_HEAP (JVM -Xmx for all three nodes, default
# 1536m), DATELINE_CLUSTER_TIMEOUT (seconds to wait for green, default 300).
#
# The nodes run in one JVM started from Maven Central jars (opensearch/launcher), not from the
# distribution's bin/opensearch: no security plugin, no TLS, loopback only. Never a production
# cluster. Running as root works because the distribution's root check lives in its Bootstrap,
# which this launcher does not use.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
launcher="$repo/opensearch/launcher"
dir="${DATELINE_CLUSTER_DIR:-${TMPDIR:-/tmp}/dateline-opensearch}"
port="${DATELINE_CLUSTER_PORT:-9200}"
heap="${DATELINE_CLUSTER_HEAP:-1536m}"
timeout="${DATELINE_CLUSTER_TIMEOUT:-300}"
url="http://127.0.0.1:$port"
pidfile="$dir/launcher.pid"

say() { echo "opensearch-cluster: $*" >&2; }

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

health() {
  curl -fsS --max-time 5 "$url/_cluster/health" 2>/dev/null || true
}

build() {
  # Rebuild only when a source is newer than the compiled launcher; -o after the first run so
  # a machine that already has the jars in ~/.m2 needs no network.
  local stamp="$launcher/target/lib/.built"
  if [[ -f "$stamp" ]] && [[ -z "$(find "$launcher/pom.xml" "$launcher/src" -newer "$stamp" -print -quit)" ]]; then
    return
  fi
  say "building the launcher (mvn package)"
  local offline=()
  [[ -d "$HOME/.m2/repository/org/opensearch/opensearch" ]] && offline=(-o)
  if ! mvn -B -q "${offline[@]}" -f "$launcher/pom.xml" package >"$dir/mvn.log" 2>&1; then
    if [[ ${#offline[@]} -gt 0 ]] && mvn -B -q -f "$launcher/pom.xml" package >"$dir/mvn.log" 2>&1; then
      :
    else
      say "mvn package failed; see $dir/mvn.log"
      tail -20 "$dir/mvn.log" >&2
      exit 2
    fi
  fi
  touch "$stamp"
}

start() {
  mkdir -p "$dir"
  if running; then
    say "already running (pid $(cat "$pidfile"))"
    echo "$url"
    return
  fi
  command -v java >/dev/null || { say "java not found (Java 17 is needed)"; exit 2; }
  command -v mvn >/dev/null || { say "mvn not found (Maven is needed)"; exit 2; }
  build
  # A fresh cluster each time: stale data from a killed run would only confuse tests.
  rm -rf "$dir/node-0" "$dir/node-1" "$dir/node-2" "$dir/control"
  say "starting 3 nodes on $url (heap $heap; this takes a minute)"
  nohup java "-Xms256m" "-Xmx$heap" -XX:+UseSerialGC \
    -cp "$launcher/target/classes:$launcher/target/lib/*" dateline.cluster.Launcher \
    "$dir" 3 "$port" "$((port + 100))" >"$dir/launcher.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local waited=0
  local h=""
  until [[ "$h" == *'"status":"green"'* && "$h" == *'"number_of_nodes":3,'* ]]; do
    if ! running; then
      say "the launcher exited; last lines of $dir/launcher.log:"
      tail -20 "$dir/launcher.log" >&2
      exit 2
    fi
    if ((waited >= timeout)); then
      say "no green cluster after ${timeout}s; see $dir/launcher.log"
      stop
      exit 2
    fi
    sleep 2
    waited=$((waited + 2))
    h="$(health)"
  done
  say "green after ${waited}s"
  echo "$url"
}

stop() {
  if ! running; then
    rm -f "$pidfile"
    say "not running"
    return
  fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop in 60s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped"
}

node_control() {
  local verb="$1" n="${2:-}"
  [[ "$n" =~ ^[0-2]$ ]] || { say "usage: $0 $verb-node 0|1|2"; exit 2; }
  running || { say "not running"; exit 2; }
  mkdir -p "$dir/control"
  touch "$dir/control/$verb-node-$n"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running; then echo "$url"; health; echo; else say "not running"; exit 1; fi
    ;;
  stop-node) node_control stop "${2:-}" ;;
  start-node) node_control start "${2:-}" ;;
  *)
    echo "usage: $0 start|stop|status|stop-node N|start-node N" >&2
    exit 2
    ;;
esac
