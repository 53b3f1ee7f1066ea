#!/usr/bin/env bash
# Cold start of `serve` on an empty data directory: process start → first 200 from /api/daily_papers with the
# 133 demo papers loaded (migrations + demo import included). Prints each run, then min and median.
# Usage: bench/cold-start.sh [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
runs=${1:-5}
command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
bench_build
trap bench_stop EXIT
times=()
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d /tmp/dailypapers-cold.XXXXXX); rmdir "$dir"
  port=$(bench_free_port)
  START_NS=$(date +%s%N)
  bench_start "$dir" "$port"
  t=$(bench_wait "http://127.0.0.1:$port/api/daily_papers?date=2025-08-07&limit=1")
  count=$(curl -fs "http://127.0.0.1:$port/api/daily_papers?date=2025-08-07&limit=100&p=1" | grep -o '"paper":' | wc -l)
  bench_stop
  rm -rf "$dir" "$dir.log"
  echo "run $i: ${t}s to the first answer (demo loaded: $((100 + count)) papers)"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 }
  END { printf "cold start: min %.3fs, median %.3fs over %d runs\n", a[1], a[int((NR + 1) / 2)], NR }'
