#!/usr/bin/env bash
# Digest benchmark: compose + send a daily digest to N subscribers (default 100000) through a loopback SMTP sink.
# SQLite by default; for PostgreSQL: DAILYPAPERS_Database__Provider=postgres DAILYPAPERS_Database__ConnectionString=... bench/digest/run.sh
set -euo pipefail
cd "$(dirname "$0")"
dotnet run -c Release -- "${1:-100000}"
