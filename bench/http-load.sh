#!/usr/bin/env bash
# Loopback load on the demo instance with wrk: requests/second and latency percentiles of the home page and
# the daily papers API. Usage: bench/http-load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
duration=${1:-15}
connections=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
bench_build
dir=$(mktemp -d /tmp/dailypapers-load.XXXXXX); rmdir "$dir"
port=$(bench_free_port)
trap 'bench_stop; rm -rf "$dir" "$dir.log"' EXIT
START_NS=$(date +%s%N)
bench_start "$dir" "$port"
bench_wait "http://127.0.0.1:$port/api/daily_papers?limit=1" >/dev/null
base="http://127.0.0.1:$port"

for path in "/" "/api/daily_papers" "/api/daily_papers?date=2025-08-07&limit=100" "/papers/feed.xml"; do
  wrk -t2 -c"$connections" -d15s "$base$path" >/dev/null   # warm-up: tiered JIT settles after ~10-20 s of load
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base$path")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '/^ +50%/ { print $2 }' <<<"$out"); p99=$(awk '/^ +99%/ { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
  printf '%-45s %10s req/s   p50 %-8s p99 %-8s %s\n' "$path" "$rps" "$p50" "$p99" "$errors"
done
echo "($connections connections, 2 wrk threads, ${duration}s per URL, server and wrk on the same 2-core machine)"
