#!/usr/bin/env bash
# Digest benchmark: compose + send a daily digest to N subscribers (default 100000) through a loopback SMTP sink.
#   bench/digest/run.sh [N]            the lean sink: an SmtpServer process that counts messages without parsing them
#   bench/digest/run.sh --postfix [N]  a real MTA: Postfix on its own core, discarding what it accepts (postfix-sink.sh
#                                      sets it up and rewrites /etc/postfix: benchmark machines only); the sender
#                                      runs on the other cores and uses 8 connections
# SQLite by default; for PostgreSQL:
#   DAILYPAPERS_Database__Provider=postgres DAILYPAPERS_Database__ConnectionString=... bench/digest/run.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "--postfix" ]; then
  shift
  ./postfix-sink.sh
  dotnet build -c Release -v q -nologo >/dev/null
  export DIGEST_BENCH_SMTP_PORT=2525 DAILYPAPERS_Digests__SendConnections=${DAILYPAPERS_Digests__SendConnections:-8}
  exec taskset -c "1-$(($(nproc) - 1))" dotnet bin/Release/net10.0/DigestBench.dll "${1:-100000}"
fi
dotnet run -c Release -- "${1:-100000}"
