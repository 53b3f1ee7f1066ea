#!/usr/bin/env bash
# Vendors axe-core's browser bundle into the test project from the npm registry, so the accessibility tests load
# it from disk (no CDN at run time). Run it to update the version; commit the result.
# Usage: scripts/vendor-axe.sh [VERSION]
set -euo pipefail
version=${1:-4.14.1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
dest="$ROOT/tests/DailyPapers.Tests/Browser"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "axe-core@$version" --silent >/dev/null && tar -xzf "axe-core-$version.tgz")
mkdir -p "$dest"
cp "$tmp/package/axe.min.js" "$dest/axe.min.js"
cp "$tmp/package/LICENSE" "$dest/axe-core.LICENSE"
echo "axe-core $version -> $dest/axe.min.js"
