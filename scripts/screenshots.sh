#!/usr/bin/env bash
# Regenerates the README's screenshots (desktop 1280x900 and phone 390x844) from a running demo instance, with
# Debian's Chromium, into docs/screenshots. Usage: scripts/screenshots.sh [BASE_URL]
# Without BASE_URL it builds the site, starts the demo on a free port in 58000-58999 and stops it afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
out="$ROOT/docs/screenshots"
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
base=${1:-}
if [ -z "$base" ]; then
  dotnet build "$ROOT/src/DailyPapers" -c Release -v q -nologo >/dev/null
  dir=$(mktemp -d /tmp/dailypapers-shots.XXXXXX)
  port=58000
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  dotnet "$ROOT/src/DailyPapers/bin/Release/net10.0/DailyPapers.dll" serve --data-dir "$dir/data" \
    --urls "http://127.0.0.1:$port" >"$dir/log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$dir"' EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$base/api/daily_papers?limit=1" && break; sleep 0.1; done
fi
paper=$(curl -fs "$base/api/daily_papers?limit=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
mkdir -p "$out"
shoot() { # NAME PATH WIDTH HEIGHT
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-background-networking \
    --host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" --window-size="$3,$4" \
    --screenshot="$out/$1.png" "$base$2" >/dev/null 2>&1
  echo "$out/$1.png"
}
for size in "desktop 1280 900" "phone 390 844"; do
  set -- $size
  shoot "home-$1" "/" "$2" "$3"
  shoot "day-$1" "/papers/date/2025-08-07" "$2" "$3"
  shoot "paper-$1" "/papers/$paper" "$2" "$3"
  shoot "search-$1" "/search?q=video+diffusion" "$2" "$3"
done
