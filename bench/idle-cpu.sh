#!/usr/bin/env bash
# CPU an idle node spends: starts one node with the demo on a throwaway PostgreSQL (the cluster setup: LISTEN
# connections, catch-up polls, Quartz's clustered store), waits until the demo is embedded and the node has been
# idle a minute, then reads the process's CPU time (/proc/PID/stat) over SECONDS (default 300) with no requests.
# CPU time is the process's own, so a busy machine slows the wait but not the figure.
# Usage: bench/idle-cpu.sh [SECONDS] [PG_PORT]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
source "$ROOT/scripts/pgtemp.sh"
seconds=${1:-300}
export PGT_BASE_PORT=${2:-59632}
bench_build
pg_temp_start >/dev/null
dir=$(mktemp -d /tmp/dailypapers-idle.XXXXXX)
port=$(bench_free_port)
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; pg_temp_stop; rm -rf "$dir"' EXIT
START_NS=$(date +%s%N)
DAILYPAPERS_Database__Provider=postgres DAILYPAPERS_Database__ConnectionString="$PGT_CONN" \
  bench_start "$dir/data" "$port"
bench_wait "http://127.0.0.1:$port/readyz" >/dev/null
# The demo's 133 papers are embedded in the background after start-up: wait until none is left.
psql_count() { "$PGT_BIN/psql" -h 127.0.0.1 -p "$PGT_PORT" -U postgres -d postgres -Atc "$1"; }
for _ in $(seq 1 600); do
  [ "$(psql_count 'SELECT count(*) FROM paper_embeddings')" -ge "$(psql_count 'SELECT count(*) FROM papers')" ] && break
  sleep 2
done
sleep 60
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$seconds"
after=$(ticks)
echo "idle node on PostgreSQL: $(( (after - before) * 1000 / hz )) ms of CPU in $seconds s" \
  "= $(echo "scale=3; ($after - $before) * 100 / $hz / $seconds" | bc) % of one core" \
  "($(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1 /proc/loadavg))"
