#!/usr/bin/env bash
# Builds a self-contained release for Linux x64 into ./publish (copy it to /opt/dailypapers on each machine).
# Usage: deploy/publish.sh [RID]   (default linux-x64; linux-arm64 for ARM machines)
set -euo pipefail
cd "$(dirname "$0")/.."
rid=${1:-linux-x64}
rm -rf publish
dotnet publish src/DailyPapers -c Release -r "$rid" --self-contained true -o publish
echo "published to $(pwd)/publish: install with"
echo "  sudo rsync -a --delete publish/ /opt/dailypapers/ && sudo chown -R root:root /opt/dailypapers"
