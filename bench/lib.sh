# shellcheck shell=bash
# Shared by the bench scripts: build once, start a server on a fresh data directory, wait until it answers.

# BENCH_NO_BUILD=1 skips the build (several bench runs at once on one build).
bench_build() {
  [ -n "${BENCH_NO_BUILD:-}" ] || dotnet build "$ROOT/src/DailyPapers" -c Release -v q -nologo >/dev/null
  APP_DLL="$ROOT/src/DailyPapers/bin/Release/net10.0/DailyPapers.dll"
}

# wrk and bc from Debian, installed when missing.
bench_tools() {
  command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  command -v bc >/dev/null || apt-get install -y -qq bc >/dev/null
}

# bench_free_port [FIRST]: the first free loopback port of FIRST..FIRST+999 (FIRST: BENCH_PORT_BASE, else 5600).
bench_free_port() {
  local first=${1:-${BENCH_PORT_BASE:-5600}} port
  port=$first
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  [ "$port" -le $((first + 999)) ] || { echo "no free port in $first-$((first + 999))" >&2; return 1; }
  echo "$port"
}

# bench_wrk LABEL URL CONNECTIONS SECONDS [wrk options...]: 15 s of warm-up (tiered JIT settles after ~10-20 s of
# load), then one measured run; prints requests/second, p50, p99 and any errors on one line.
bench_wrk() {
  local label=$1 url=$2 connections=$3 seconds=$4 out rps p50 p99 errors; shift 4
  wrk -t2 -c"$connections" -d15s "$@" "$url" >/dev/null
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '/^ +50%/ { print $2 }' <<<"$out"); p99=$(awk '/^ +99%/ { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
  printf '%-45s %10s req/s   p50 %-8s p99 %-8s %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}

# bench_start DATA_DIR PORT [serve options...]: starts the server in the background, sets SERVER_PID.
bench_start() {
  local dir=$1 port=$2; shift 2
  dotnet "$APP_DLL" serve --data-dir "$dir" --urls "http://127.0.0.1:$port" "$@" >"$dir.log" 2>&1 &
  SERVER_PID=$!
}

# bench_wait URL: polls until the URL answers 200; prints the seconds it took since $START_NS.
bench_wait() {
  local url=$1
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "$url"; then
      echo "scale=3; ($(date +%s%N) - $START_NS) / 1000000000" | bc
      return 0
    fi
    sleep 0.02
  done
  echo "server did not answer $url" >&2
  return 1
}

bench_stop() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}
