# shellcheck shell=bash
# Shared by the bench scripts: build once, start a server on a fresh data directory, wait until it answers.

# BENCH_NO_BUILD=1 skips the build (several bench runs at once on one build).
bench_build() {
  [ -n "${BENCH_NO_BUILD:-}" ] || dotnet build "$ROOT/src/DailyPapers" -c Release -v q -nologo >/dev/null
  APP_DLL="$ROOT/src/DailyPapers/bin/Release/net10.0/DailyPapers.dll"
}

# The first free port from BENCH_PORT_BASE (default 5600).
bench_free_port() {
  local port=${BENCH_PORT_BASE:-5600}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
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
