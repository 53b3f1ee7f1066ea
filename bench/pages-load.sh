#!/usr/bin/env bash
# The page-speed figures of issue 14 on the demo instance (Release build, loopback, wrk):
# requests/second of anonymous `/`, the daily papers API, the RSS feed and a signed-in `/`; the compressed size
# of the home page; the server's resident memory after the load.
# Usage: bench/pages-load.sh [SECONDS] [CONNECTIONS]   (ports 58000-58999; BENCH_PORT_BASE=56000 for 56000-56999)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib.sh"
duration=${1:-15}
connections=${2:-32}
bench_tools
bench_build
dir=$(mktemp -d /tmp/dailypapers-pages.XXXXXX); rmdir "$dir"
port=$(bench_free_port "${BENCH_PORT_BASE:-58000}")
jar="$dir.cookies"
trap 'bench_stop; rm -rf "$dir" "$dir.log" "$jar"' EXIT
base="http://127.0.0.1:$port"

# An account to sign in with, made by the CLI on the same data directory before the server starts.
password="bench-Password-1234"
dotnet "$APP_DLL" user create bench bench@example.org --data-dir "$dir" <<<"$password" >/dev/null
START_NS=$(date +%s%N)
bench_start "$dir" "$port"
# A busy machine can take longer than one bench_wait to start the server.
for attempt in 1 2 3 4 5; do
  bench_wait "$base/api/daily_papers?limit=1" >/dev/null 2>&1 && break
  [ "$attempt" -lt 5 ]
done
date=2025-08-07   # the demo corpus's featured day

form=$(curl -fs -c "$jar" "$base/account/sign-in")
token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$form" \
  | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Login=bench" --data-urlencode "Password=$password" \
  --data-urlencode "__RequestVerificationToken=$token" "$base/account/sign-in"
cookie=$(awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 } /^#HttpOnly_/ { printf "%s=%s; ", $6, $7 }' "$jar")
home=$(curl -fs -H "Cookie: $cookie" "$base/")
grep -q 'id="current-user"' <<<"$home" || { echo "sign-in failed" >&2; exit 1; }

plain=$(curl -fs "$base/" | wc -c)
br=$(curl -fs -H 'Accept-Encoding: br' "$base/" | wc -c)
gz=$(curl -fs -H 'Accept-Encoding: gzip' "$base/" | wc -c)
echo "home page: $plain bytes plain, $br bytes with br, $gz bytes with gzip (anonymous)"

run() {
  local label=$1 path=$2; shift 2
  bench_wrk "$label" "$base$path" "$connections" "$duration" "$@"
}
gzip_header=(-H 'Accept-Encoding: gzip, deflate, br')
run "anonymous /" "/" "${gzip_header[@]}"
run "anonymous /api/daily_papers?date=$date" "/api/daily_papers?date=$date" "${gzip_header[@]}"
run "anonymous /papers/feed.xml" "/papers/feed.xml" "${gzip_header[@]}"
run "signed-in /" "/" "${gzip_header[@]}" -H "Cookie: $cookie"
rss=$(awk '/^VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$SERVER_PID/status")
echo "server resident memory after the load: $rss"
echo "($connections connections, 2 wrk threads, ${duration}s per URL after 15 s warm-up," \
  "Accept-Encoding: gzip, deflate, br;"
echo " server and wrk on the same 2-core machine)"
