#!/usr/bin/env bash
# Loopback load on the demo instance with wrk: requests/second and latency percentiles of the home page and
# the daily papers API. Usage: bench/http-load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
duration=${1:-15}
connections=${2:-32}
bench_tools
bench_build
dir=$(mktemp -d /tmp/dailypapers-load.XXXXXX); rmdir "$dir"
port=$(bench_free_port)
trap 'bench_stop; rm -rf "$dir" "$dir.log"' EXIT
START_NS=$(date +%s%N)
bench_start "$dir" "$port"
bench_wait "http://127.0.0.1:$port/api/daily_papers?limit=1" >/dev/null
base="http://127.0.0.1:$port"

for path in "/" "/api/daily_papers" "/api/daily_papers?date=2025-08-07&limit=100" "/papers/feed.xml"; do
  bench_wrk "$path" "$base$path" "$connections" "$duration"
done
echo "($connections connections, 2 wrk threads, ${duration}s per URL, server and wrk on the same 2-core machine)"
