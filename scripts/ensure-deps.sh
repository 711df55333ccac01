#!/usr/bin/env bash
# Installs node_modules from the committed lock when missing or stale (fresh clone, CI). Stale is
# judged by the lock's content (a hash stamped after the install), not by file times: a checkout
# or a git worktree gives the lock a new mtime without changing what it pins. The stamp also holds
# the Node ABI (process.versions.modules): some optional addons (ssh2's and cpu-features' under
# testcontainers) are compiled for one ABI, so a new Node major reinstalls.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node-lts.sh
source scripts/node-lts.sh
stamp=node_modules/.civic-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1) node-abi-$(node -p process.versions.modules)"
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[deps] npm ci (node $(node -v))"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
