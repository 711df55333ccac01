#!/usr/bin/env bash
# `npm run stop`: stops the services `npm start` started (SIGTERM, so each finishes in-flight
# work and leaves its consumer group cleanly; SIGKILL after STOP_GRACE_SECONDS), then the
# infrastructure through infra/down.sh. --keep-infra stops the services only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
grace=${STOP_GRACE_SECONDS:-20}
say() { echo "[stop] $*"; }

for pidfile in tmp/pids/*.pid; do
  [ -f "$pidfile" ] || continue
  app=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 $((grace * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; say "$app (pid $pid) ignored SIGTERM for ${grace}s: killed"
    else say "stopped $app (pid $pid)"; fi
  fi
  rm -f "$pidfile"
done

if [ "${1:-}" = --keep-infra ]; then say "infrastructure left running"; else bash infra/down.sh; fi
