#!/usr/bin/env bash
# CPU an idle node spends: starts one node with the demo, on a throwaway PostgreSQL (the cluster setup: LISTEN
# connections, catch-up polls, Quartz's clustered store) or on SQLite, waits until the demo is embedded and the node
# has been idle a minute, then reads the process's CPU time (/proc/PID/stat) over SECONDS (default 300) with no
# requests; on PostgreSQL also the transactions the database committed meanwhile (pg_stat_database), the node's round
# trips. CPU time is the process's own, so a busy machine slows the wait but not the figure.
# Usage: bench/idle-cpu.sh [SECONDS] [PG_PORT] [postgres|sqlite]
# Settings go to the node as environment variables, e.g. DAILYPAPERS_Search__CatchUpInterval=01:00:00 (to measure
# what one part costs by switching it off).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
source "$ROOT/scripts/pgtemp.sh"
seconds=${1:-300}
export PGT_BASE_PORT=${2:-59632}
provider=${3:-postgres}
bench_build
dir=$(mktemp -d /tmp/dailypapers-idle.XXXXXX)
port=$(bench_free_port)
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; pg_temp_stop; rm -rf "$dir"' EXIT
START_NS=$(date +%s%N)
if [ "$provider" = postgres ]; then
  pg_temp_start >/dev/null
  sql() { "$PGT_BIN/psql" -h 127.0.0.1 -p "$PGT_PORT" -U postgres -d postgres -Atc "$1"; }
  DAILYPAPERS_Database__Provider=postgres DAILYPAPERS_Database__ConnectionString="$PGT_CONN" \
    bench_start "$dir/data" "$port"
else
  sql() { sqlite3 "$dir/data/dailypapers.db" "$1"; }
  bench_start "$dir/data" "$port"
fi
bench_wait "http://127.0.0.1:$port/readyz" >/dev/null
# The demo's 133 papers are embedded in the background after start-up: wait until none is left.
for _ in $(seq 1 600); do
  [ "$(sql 'SELECT count(*) FROM paper_embeddings')" -ge "$(sql 'SELECT count(*) FROM papers')" ] && break
  sleep 2
done
sleep 60
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
commits() {
  if [ "$provider" = postgres ]; then sql "SELECT sum(xact_commit) FROM pg_stat_database"; else echo 0; fi
}
hz=$(getconf CLK_TCK)
before=$(ticks)
commits_before=$(commits)
sleep "$seconds"
after=$(ticks)
# The query itself is one more commit.
transactions=$(( $(commits) - commits_before - 1 ))
echo "idle node on $provider: $(( (after - before) * 1000 / hz )) ms of CPU in $seconds s" \
  "= $(echo "scale=3; ($after - $before) * 100 / $hz / $seconds" | bc) % of one core" \
  "$([ "$provider" = postgres ] && echo "; $transactions database transactions")" \
  "($(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1 /proc/loadavg))"
