#!/usr/bin/env bash
# How long `copy-db --to-postgres` takes to move an SQLite instance of PAPERS generated papers (three authors and a
# featured day each, plus the change events the import writes) into a throwaway PostgreSQL (fsync off, as in tests).
# Usage: bench/copy-db.sh [PAPERS]   (PostgreSQL on a free port from 59600)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
source "$ROOT/scripts/pgtemp.sh"
papers=${1:-20000}
bench_build
dir=$(mktemp -d /tmp/dailypapers-copydb.XXXXXX)
trap 'pg_temp_stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

# hf-daily items, 1,000 a featured day, ids 2501.00000 onwards.
awk -v n="$papers" 'BEGIN {
  printf "["
  for (i = 0; i < n; i++) {
    day = int(i / 1000) % 28 + 1; month = int(i / 28000) % 12 + 1
    printf "%s{\"paper\": {\"id\": \"25%02d.%05d\", \"title\": \"Generated paper %d on topic %d\", ", \
      (i ? ",\n" : ""), month, i % 100000, i, i % 97
    printf "\"summary\": \"A generated abstract for paper %d, long enough to look like one: ", i
    printf "it studies topic %d ", i % 97
    printf "with a method, a dataset and an evaluation, and reports what it found.\", "
    printf "\"authors\": [{\"name\": \"Author %d\"}, {\"name\": \"Author %d\"}, {\"name\": \"Author %d\"}], ", \
      i % 5000, (i * 7) % 5000, (i * 13) % 5000
    printf "\"upvotes\": %d}, \"publishedAt\": \"2025-%02d-%02dT08:00:00Z\", \"numComments\": %d}", \
      i % 50, month, day, i % 5
  }
  printf "]\n"
}' >"$dir/papers.json"
start=$(date +%s%N)
dotnet "$APP_DLL" import "$dir/papers.json" --format hf-daily --data-dir "$dir/instance" >/dev/null
echo "imported $papers papers into SQLite in $(( ($(date +%s%N) - start) / 1000000 )) ms"

PGT_BASE_PORT=${PGT_BASE_PORT:-59600} pg_temp_start
target="${PGT_CONN/Database=postgres/Database=moved}"
"$PGT_BIN/createdb" -h 127.0.0.1 -p "$PGT_PORT" -U postgres moved
start=$(date +%s%N)
out=$(dotnet "$APP_DLL" copy-db --to-postgres "$target" --data-dir "$dir/instance")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "$out"
rows=$(grep -o 'Copied [0-9]* rows' <<<"$out" | grep -o '[0-9]*')
echo "copy-db: $rows rows in $ms ms ($(( rows * 1000 / (ms > 0 ? ms : 1) )) rows/s, start-up included)"
