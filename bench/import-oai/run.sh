#!/usr/bin/env bash
# Times `import FILE --format oai` of a generated OAI-PMH response into a fresh SQLite file and a fresh PostgreSQL
# database (a throwaway cluster, as ./test starts), and prints records/second. Usage: bench/import-oai/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-bench.XXXXXX")
source scripts/pgtemp.sh
trap 'pg_temp_stop; rm -rf "$work"' EXIT

dotnet build src/DailyPapers -c Release -v q -nologo >/dev/null
cli=$PWD/src/DailyPapers/bin/Release/net10.0/DailyPapers.dll
# Run from the app's directory, as an installed instance does, so its appsettings.json (log levels) applies.
cd "$(dirname "$cli")"
"$OLDPWD/bench/import-oai/generate.sh" "$n" "$work/records.xml"
echo "$n records, $(du -m "$work/records.xml" | cut -f1) MB"

# The schema is created first, so the timing is the import alone (parse + upsert + commit), process start included.
time_import() { # $1 = engine label; database settings come from the environment
  DAILYPAPERS_Instance__DataDirectory="$work/$1" dotnet "$cli" migrate >/dev/null
  local start end
  start=$(date +%s.%N)
  DAILYPAPERS_Instance__DataDirectory="$work/$1" dotnet "$cli" import "$work/records.xml" --format oai
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" -v label="$1" \
    'BEGIN { printf "%s: %d records in %.1f s = %.0f records/s\n", label, n, e - s, n / (e - s) }'
}

time_import sqlite
pg_temp_start
DAILYPAPERS_Database__Provider=postgres DAILYPAPERS_Database__ConnectionString="$PGT_CONN" time_import postgres
