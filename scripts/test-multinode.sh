#!/usr/bin/env bash
# The multi-node suite (tests tagged Category=MultiNode): a throwaway PostgreSQL, Debian's redis-server and nginx
# balancing three node processes of the built app, all on loopback ports 61000-61999 (MULTINODE_PORT_BASE=62000
# moves them to 62000-62999). Run by ./test after a build; alone: scripts/test-multinode.sh (after
# `dotnet build DailyPapers.slnx -c Release`); one test:
# MULTINODE_FILTER="FullyQualifiedName~Limits" scripts/test-multinode.sh
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/pgtemp.sh
source scripts/multinode.sh

cleanup() { nginx_temp_stop; redis_temp_stop; pg_temp_stop; }
trap cleanup EXIT
trap 'exit 130' INT TERM   # EXIT alone does not run on SIGTERM

# Above Linux's ephemeral range (32768-60999): a port in it can be held for a moment by any outgoing connection,
# and a node started on it then fails to bind.
base=${MULTINODE_PORT_BASE:-61000}
NODE_PORTS=($((base + 101)) $((base + 102)) $((base + 103)))
PGT_BASE_PORT=$((base + 432)) pg_temp_start || { echo "PostgreSQL could not be started"; exit 1; }
RDT_BASE_PORT=$((base + 379)) redis_temp_start || { echo "redis-server could not be started"; exit 1; }
NGT_BASE_PORT=$((base + 80)) nginx_temp_start "${NODE_PORTS[@]}" || { echo "nginx could not be started"; exit 1; }

DAILYPAPERS_TEST_PROVIDER=postgres DAILYPAPERS_TEST_PG=$PGT_CONN DAILYPAPERS_TEST_REDIS=$RDT_CONN \
DAILYPAPERS_TEST_BALANCER=$NGT_URL DAILYPAPERS_TEST_NODE_PORTS=$(IFS=,; echo "${NODE_PORTS[*]}") \
DAILYPAPERS_TEST_SPARE_PORT_BASE=$((base + 201)) \
  dotnet test tests/DailyPapers.Tests --no-build -c Release \
    --filter "Category=MultiNode${MULTINODE_FILTER:+&$MULTINODE_FILTER}" "$@"
