#!/usr/bin/env bash
# Installs node_modules from the committed lock when missing or stale (fresh clone, CI).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm ci"
  npm ci --no-audit --no-fund
fi
