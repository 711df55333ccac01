#!/usr/bin/env bash
# Stops what infra/up.sh started: the local broker (SIGTERM, so it shuts down cleanly) or the
# compose services. Attached infrastructure is never touched. Broker data stays in the cache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${CIVIC_STATE_DIR:-$HOME/.cache/civic-platform}
mode=$( (grep -o 'INFRA_MODE=.*' "$root/.infra.env" 2>/dev/null || echo INFRA_MODE=none) | cut -d= -f2)
case "$mode" in
  docker) bash "$root/infra/compose.sh" down; echo "[infra] compose services stopped" ;; # compose v1 or v2
  local)
    for pidfile in "$state"/kafka-*/broker-*.pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"; for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        echo "[infra] stopped Kafka broker (pid $pid)"
      fi
      rm -f "$pidfile"
    done ;;
  *) echo "[infra] nothing of ours is running (mode: $mode)" ;;
esac
rm -f "$root/.infra.env"
